package contactkit_test

// Helpers of the fault-injection acceptance tests
// (acceptance11_faults_test.go): a store that fails the k-th call of its
// transactions, or runs each transaction twice; a deterministic clock and ID
// generator; and a dump of everything a workspace holds.

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/association"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// errAcc11Injected is the error the faulty store returns.
var errAcc11Injected = errors.New("acc11: injected store fault")

// errAcc11FirstAttempt rolls back the first attempt of a transaction run
// twice.
var errAcc11FirstAttempt = errors.New("acc11: first attempt rolled back")

// acc11Gen is a deterministic clock and ID generator. During the first,
// doomed attempt of a transaction run twice it hands out marked IDs and a
// later time, so that anything kept from that attempt shows in the state.
type acc11Gen struct {
	// hit, if set, counts a call of NewID as a store call, and makes it
	// fail as one.
	hit    func(method string) error
	mu     sync.Mutex
	n      uint64
	now    time.Time
	doomed bool
	// apart, if set, gives the events written to an outbox IDs of their
	// own, and counts neither their NewID nor Outbox.Append as store
	// calls: a store without an outbox hands out the same IDs to
	// everything else, and fails the same calls (acc14Apart).
	apart bool
	ev    uint64
}

func (g *acc11Gen) NewID() (uuid.UUID, error) {
	apart := g.apart && acc14Apart()
	if g.hit != nil && !apart {
		if err := g.hit("NewID"); err != nil {
			return uuid.UUID{}, err
		}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	n := &g.n
	if apart {
		n = &g.ev
	}
	*n++
	var u uuid.UUID
	// A UUIDv7 whose time is the counter: IDs sort in the order made.
	binary.BigEndian.PutUint64(u[:8], (1_700_000_000_000+*n)<<16)
	u[6] = 0x70
	u[8] = 0x80
	if apart {
		u[9] = 0xee
	}
	if g.doomed {
		u[10] = 0xdd
	}
	return u, nil
}

func (g *acc11Gen) Now() time.Time {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.doomed {
		return g.now.Add(97 * time.Minute)
	}
	return g.now
}

func (g *acc11Gen) set(now time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.now = now
}

func (g *acc11Gen) mark() uint64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.n
}

func (g *acc11Gen) reset(n uint64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n = n
}

func (g *acc11Gen) setDoomed(d bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.doomed = d
}

// acc11Store is a store.Store (and store.Relay) over a memstore.Store that
// counts the calls of the methods of its transactions and of its Relay
// while armed, fails the failAt-th of them with errAcc11Injected (writing
// nothing), and, with twice, runs every Update and View function twice,
// the first attempt rolled back.
type acc11Store struct {
	inner *memstore.Store
	gen   *acc11Gen

	mu     sync.Mutex
	armed  bool
	calls  int
	failAt int
	failed string // the method failed, for messages
	twice  bool
	kinds  map[string]store.Kind
	// quiet, while positive, stops counting: the tests read the state.
	quiet int
	// lostAck, if positive, is the Update (counted from 1 while armed)
	// whose commit succeeds but reports errAcc11Injected, as a connection
	// lost after COMMIT does; updates counts them.
	lostAck, updates int
	// interfere, if set, runs once, in twice mode, between the first
	// attempt of an Update and the second: another writer commits there,
	// as happens when a transaction fails to serialize.
	interfere func()
	// cancel, if set, is called instead of failing the failAt-th call:
	// the call goes on with its context cancelled.
	cancel func()
	// inject, if set, is the error of the failed call instead of
	// errAcc11Injected; it must match it.
	inject error
	// prefetches counts the calls of Prefetch, armed or not.
	prefetches int
}

var (
	_ store.Store = (*acc11Store)(nil)
	_ store.Relay = (*acc11Store)(nil)
)

// hit counts a call of method and reports the error it is to return.
func (s *acc11Store) hit(method string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.armed || s.quiet > 0 {
		return nil
	}
	s.calls++
	if s.calls == s.failAt && s.cancel != nil {
		s.failed = method + " (cancelled)"
		s.cancel()
		return nil
	}
	if s.calls == s.failAt {
		s.failed = method
		if s.inject != nil {
			return fmt.Errorf("%s: %w", method, s.inject)
		}
		return fmt.Errorf("%s: %w", method, errAcc11Injected)
	}
	return nil
}

func (s *acc11Store) seeKind(k store.Kind) {
	if k == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.kinds[k.Name()] = k
}

// arm starts counting, failing the failAt-th call (0: none).
func (s *acc11Store) arm(failAt int, twice bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.armed, s.calls, s.failAt, s.failed, s.twice = true, 0, failAt, "", twice
	s.lostAck, s.updates = 0, 0
}

// disarm stops counting and returns the number of calls counted.
func (s *acc11Store) disarm() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.armed, s.failAt, s.twice, s.lostAck = false, 0, false, 0
	return s.calls
}

// ackLost counts a committed Update and reports whether its
// acknowledgement is to be lost.
func (s *acc11Store) ackLost() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.armed || s.quiet > 0 {
		return false
	}
	s.updates++
	return s.updates == s.lostAck
}

func (s *acc11Store) isTwice() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.twice
}

func (s *acc11Store) Update(ctx context.Context, fn func(tx store.Tx) error) error {
	if !s.isTwice() {
		err := s.inner.Update(ctx, func(tx store.Tx) error { return fn(&acc11Tx{tx, s}) })
		if err == nil && s.ackLost() {
			return fmt.Errorf("commit: %w", errAcc11Injected)
		}
		return err
	}
	start := s.gen.mark()
	s.gen.setDoomed(true)
	err := s.inner.Update(ctx, func(tx store.Tx) error {
		if err := fn(&acc11Tx{tx, s}); err != nil {
			return err
		}
		return errAcc11FirstAttempt
	})
	s.gen.setDoomed(false)
	if !errors.Is(err, errAcc11FirstAttempt) {
		return err
	}
	s.mu.Lock()
	interfere := s.interfere
	s.interfere = nil
	s.mu.Unlock()
	if interfere != nil {
		interfere() // it takes IDs: the second attempt takes others
	} else {
		s.gen.reset(start)
	}
	return s.inner.Update(ctx, func(tx store.Tx) error { return fn(&acc11Tx{tx, s}) })
}

// View runs fn, twice in twice mode (a View may run its function again,
// too).
func (s *acc11Store) View(ctx context.Context, fn func(tx store.Tx) error) error {
	if s.isTwice() {
		err := s.inner.View(ctx, func(tx store.Tx) error {
			if err := fn(&acc11Tx{tx, s}); err != nil {
				return err
			}
			return errAcc11FirstAttempt
		})
		if !errors.Is(err, errAcc11FirstAttempt) {
			return err
		}
	}
	return s.inner.View(ctx, func(tx store.Tx) error { return fn(&acc11Tx{tx, s}) })
}

func (s *acc11Store) ReadOutbox(ctx context.Context, q store.OutboxQuery) (store.OutboxBatch, error) {
	if err := s.hit("Relay.ReadOutbox"); err != nil {
		return store.OutboxBatch{}, err
	}
	return s.inner.ReadOutbox(ctx, q)
}

func (s *acc11Store) RegisterConsumer(ctx context.Context, c store.Consumer) (store.Consumer, error) {
	if err := s.hit("Relay.RegisterConsumer"); err != nil {
		return store.Consumer{}, err
	}
	return s.inner.RegisterConsumer(ctx, c)
}

func (s *acc11Store) Consumer(ctx context.Context, name string) (store.Consumer, error) {
	if err := s.hit("Relay.Consumer"); err != nil {
		return store.Consumer{}, err
	}
	return s.inner.Consumer(ctx, name)
}

func (s *acc11Store) Consumers(ctx context.Context) ([]store.Consumer, error) {
	if err := s.hit("Relay.Consumers"); err != nil {
		return nil, err
	}
	return s.inner.Consumers(ctx)
}

func (s *acc11Store) AckConsumer(ctx context.Context, name string, position int64) error {
	if err := s.hit("Relay.AckConsumer"); err != nil {
		return err
	}
	return s.inner.AckConsumer(ctx, name, position)
}

func (s *acc11Store) DeleteConsumer(ctx context.Context, name string) error {
	if err := s.hit("Relay.DeleteConsumer"); err != nil {
		return err
	}
	return s.inner.DeleteConsumer(ctx, name)
}

func (s *acc11Store) PruneOutbox(ctx context.Context, olderThan time.Time) (int, error) {
	if err := s.hit("Relay.PruneOutbox"); err != nil {
		return 0, err
	}
	return s.inner.PruneOutbox(ctx, olderThan)
}

// acc11Tx wraps the memstore's Tx; Unwrap lets store.As find the memstore's
// own.
type acc11Tx struct {
	tx store.Tx
	s  *acc11Store
}

var (
	_ store.Unwrapper  = (*acc11Tx)(nil)
	_ store.Outboxer   = (*acc11Tx)(nil)
	_ store.Prefetcher = (*acc11Tx)(nil)
)

// Prefetch implements store.Prefetcher as a Store may that reads nothing
// ahead (prefetching changes no answer), so that the Service's prefetching
// path runs, and its call may fail.
func (t *acc11Tx) Prefetch(ctx context.Context, ws contact.WorkspaceID, p store.Prefetch) error {
	t.s.mu.Lock()
	t.s.prefetches++
	t.s.mu.Unlock()
	if err := t.s.hit("Prefetch"); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if ws == "" {
		return store.ErrInvalid
	}
	return nil
}

func (t *acc11Tx) Unwrap() store.Tx         { return t.tx }
func (t *acc11Tx) Contacts() store.Contacts { return acc11Contacts{t.tx.Contacts(), t.s} }
func (t *acc11Tx) Records() store.Records   { return acc11Records{t.tx.Records(), t.s} }
func (t *acc11Tx) History() store.History   { return acc11History{t.tx.History(), t.s} }
func (t *acc11Tx) Outbox() store.Outbox {
	ob := store.OutboxOf(t.tx)
	if ob == nil {
		return nil
	}
	return acc11Outbox{ob, t.s}
}

type acc11Contacts struct {
	c store.Contacts
	s *acc11Store
}

var _ store.ContactCounter = acc11Contacts{}

func (c acc11Contacts) Get(ctx context.Context, ws contact.WorkspaceID, id contact.ID) (contact.Contact, error) {
	if err := c.s.hit("Contacts.Get"); err != nil {
		return contact.Contact{}, err
	}
	return c.c.Get(ctx, ws, id)
}

func (c acc11Contacts) Create(ctx context.Context, x *contact.Contact) error {
	if err := c.s.hit("Contacts.Create"); err != nil {
		return err
	}
	return c.c.Create(ctx, x)
}

func (c acc11Contacts) Update(ctx context.Context, x *contact.Contact) error {
	if err := c.s.hit("Contacts.Update"); err != nil {
		return err
	}
	return c.c.Update(ctx, x)
}

func (c acc11Contacts) Delete(ctx context.Context, ws contact.WorkspaceID, id contact.ID, version int64) error {
	if err := c.s.hit("Contacts.Delete"); err != nil {
		return err
	}
	return c.c.Delete(ctx, ws, id, version)
}

func (c acc11Contacts) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	if err := c.s.hit("Contacts.List"); err != nil {
		return store.Page[contact.Contact]{}, err
	}
	return c.c.List(ctx, ws, q, p)
}

func (c acc11Contacts) Count(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery) (int, error) {
	if err := c.s.hit("Contacts.Count"); err != nil {
		return 0, err
	}
	return c.c.(store.ContactCounter).Count(ctx, ws, q)
}

type acc11Records struct {
	r store.Records
	s *acc11Store
}

func (r acc11Records) Get(ctx context.Context, ws contact.WorkspaceID, k store.Kind, id string) (store.Record, error) {
	r.s.seeKind(k)
	if err := r.s.hit("Records.Get " + acc11KindName(k)); err != nil {
		return store.Record{}, err
	}
	return r.r.Get(ctx, ws, k, id)
}

func (r acc11Records) Put(ctx context.Context, ws contact.WorkspaceID, k store.Kind, rec *store.Record) error {
	r.s.seeKind(k)
	if err := r.s.hit("Records.Put " + acc11KindName(k)); err != nil {
		return err
	}
	return r.r.Put(ctx, ws, k, rec)
}

func (r acc11Records) Delete(ctx context.Context, ws contact.WorkspaceID, k store.Kind, id string, version int64) error {
	r.s.seeKind(k)
	if err := r.s.hit("Records.Delete " + acc11KindName(k)); err != nil {
		return err
	}
	return r.r.Delete(ctx, ws, k, id, version)
}

func (r acc11Records) List(ctx context.Context, ws contact.WorkspaceID, k store.Kind, q store.Query, p store.PageRequest) (store.Page[store.Record], error) {
	r.s.seeKind(k)
	if err := r.s.hit("Records.List " + acc11KindName(k)); err != nil {
		return store.Page[store.Record]{}, err
	}
	return r.r.List(ctx, ws, k, q, p)
}

func acc11KindName(k store.Kind) string {
	if k == nil {
		return "<nil>"
	}
	return k.Name()
}

type acc11History struct {
	h store.History
	s *acc11Store
}

func (h acc11History) Append(ctx context.Context, ws contact.WorkspaceID, changes ...contact.Change) error {
	if err := h.s.hit("History.Append"); err != nil {
		return err
	}
	return h.h.Append(ctx, ws, changes...)
}

func (h acc11History) List(ctx context.Context, ws contact.WorkspaceID, id contact.ID, fieldName string, p store.PageRequest) (store.Page[contact.Change], error) {
	if err := h.s.hit("History.List"); err != nil {
		return store.Page[contact.Change]{}, err
	}
	return h.h.List(ctx, ws, id, fieldName, p)
}

func (h acc11History) Delete(ctx context.Context, ws contact.WorkspaceID, id contact.ID) error {
	if err := h.s.hit("History.Delete"); err != nil {
		return err
	}
	return h.h.Delete(ctx, ws, id)
}

type acc11Outbox struct {
	o store.Outbox
	s *acc11Store
}

func (o acc11Outbox) Append(ctx context.Context, events ...store.OutboxEvent) error {
	if o.s.gen.apart {
		return o.o.Append(ctx, events...)
	}
	if err := o.s.hit("Outbox.Append"); err != nil {
		return err
	}
	return o.o.Append(ctx, events...)
}

// acc11FaultEnv is one workspace of the tests on a fresh store, with its Service,
// Relay and the events its subscriber received.
type acc11FaultEnv struct {
	gen   *acc11Gen
	st    *acc11Store
	svc   *contactkit.Service
	relay *contactkit.Relay
	// other is another writer on the same store, without subscribers.
	other *contactkit.Service

	mu     sync.Mutex
	events []contactkit.Event
	// onBatch, if set, is called after each committed batch of a bulk
	// call or an import.
	onBatch func()
	// host holds the host's own records of each contact (a conversation's
	// state), written by its Cascade in contactkit's transactions.
	host map[contact.ID]string
	// dumped is the length of the longest dump so far (see dumpOf), under
	// mu.
	dumped int
}

// setHost writes the host's record of c in tx, undone if tx rolls back.
func (e *acc11FaultEnv) setHost(tx store.Tx, c contact.ID, state string) error {
	var mtx *memstore.Tx
	if !store.As(tx, &mtx) && !store.As(acc14Native(tx), &mtx) {
		return errors.New("host: the store's transaction is not memstore's")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	old, had := e.host[c]
	e.host[c] = state
	mtx.OnRollback(func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		if had {
			e.host[c] = old
		} else {
			delete(e.host, c)
		}
	})
	return nil
}

// cascade is the host's Cascade: each handler's call may fail as a store
// call does.
func (e *acc11FaultEnv) cascade() contactkit.Cascade {
	set := func(op string, state func(ev contactkit.CascadeEvent) string) func(context.Context, store.Tx, contactkit.CascadeEvent) error {
		return func(_ context.Context, tx store.Tx, ev contactkit.CascadeEvent) error {
			if err := e.st.hit("Cascade." + op); err != nil {
				return err
			}
			if op == "merge" {
				if err := e.setHost(tx, ev.Into, "open, with "+ev.Contact.String()+"'s"); err != nil {
					return err
				}
			}
			return e.setHost(tx, ev.Contact, state(ev))
		}
	}
	return contactkit.Cascade{
		Kind: "conversation",
		Delete: set("delete", func(ev contactkit.CascadeEvent) string {
			return "trashed at " + ev.At.Format(time.RFC3339) + " by " + string(ev.Actor)
		}),
		Restore: set("restore", func(contactkit.CascadeEvent) string { return "open" }),
		Purge:   set("purge", func(contactkit.CascadeEvent) string { return "erased" }),
		Merge: set("merge", func(ev contactkit.CascadeEvent) string {
			return "moved to " + ev.Into.String() + " by merge " + ev.Merge.String()
		}),
		Unmerge: set("unmerge", func(contactkit.CascadeEvent) string { return "open" }),
	}
}

// batch is the Progress of the bulk calls and imports of the cases.
func (e *acc11FaultEnv) batch() {
	if e.onBatch != nil {
		e.onBatch()
	}
}

var acc11FaultOwner = contactkit.Actor{Workspace: "acme", User: "u-owner", Role: contactkit.RoleOwner}

var acc11Start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// newAcc11EnvOn returns the env with its Service and Relay on the faulty
// store, or on wrap(the faulty store) when wrap is not nil: a store that
// hides capabilities (acc14PlainStore). A wrapped store that is no
// store.Relay gives the env no Relay.
func newAcc11EnvOn(t *testing.T, wrap func(store.Store) store.Store) *acc11FaultEnv {
	t.Helper()
	gen := &acc11Gen{now: acc11Start}
	mem := memstore.NewWith(&memstore.Options{Outbox: true})
	e := &acc11FaultEnv{gen: gen, host: map[contact.ID]string{}}
	e.st = &acc11Store{inner: mem, gen: gen, kinds: map[string]store.Kind{}}
	gen.hit = e.st.hit
	for _, k := range []store.Kind{
		store.KindField, store.KindTag, store.KindList, store.KindMembership, store.KindConsent,
		store.KindAutomation, store.KindEnrollment, store.KindActivity, store.KindActivityChange, store.KindActivityTrash,
		store.KindMerge, store.KindTombstone, store.KindDismissal, store.KindHolding, store.KindHoldingBucket,
		store.KindStamp, store.KindAssociation, store.KindFollow,
	} {
		e.st.kinds[k.Name()] = k
	}
	var s store.Store = e.st
	if wrap != nil {
		s = wrap(e.st)
	}
	e.svc = contactkit.New(s, e.options(true))
	e.other = contactkit.New(mem, &contactkit.Options{Now: gen.Now, NewID: gen.NewID, DefaultRegion: "FR"})
	r, err := contactkit.NewRelay(s)
	if err != nil && (wrap == nil || !errors.Is(err, store.ErrNoOutbox)) {
		t.Fatalf("NewRelay: %v", err)
	}
	e.relay = r
	return e
}

// options are the Options of e's Service: its clock, IDs, the host's
// cascade, and, with subscribe, the subscriber that keeps the events.
func (e *acc11FaultEnv) options(subscribe bool) *contactkit.Options {
	o := &contactkit.Options{
		Now:           e.gen.Now,
		NewID:         e.gen.NewID,
		DefaultRegion: "FR",
		Cascades:      []contactkit.Cascade{e.cascade()},
		AssociationTypes: []association.Type{
			{Name: "deal", FreeLabels: true},
		},
	}
	if subscribe {
		o.Subscribers = []contactkit.Subscriber{func(_ context.Context, ev contactkit.Event) {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.events = append(e.events, ev)
		}}
	}
	return o
}

// dump returns everything the workspace holds, as text: the raw state of
// the store (contacts live and trashed, their history, every record of
// every kind, the outbox and its consumers), what the Service shows of each
// contact (feed, timeline, activity trash, memberships, consent,
// enrollments, merge history), and the events delivered so far.
func (e *acc11FaultEnv) dump(t *testing.T) string {
	t.Helper()
	return e.dumpOf(t, acc11FaultOwner, true)
}

// dumpOf is dump of the workspace of actor a, as a reads it; without
// reads, only the raw state of the store.
func (e *acc11FaultEnv) dumpOf(t *testing.T, a contactkit.Actor, reads bool) string {
	t.Helper()
	e.st.mu.Lock()
	e.st.quiet++
	e.st.mu.Unlock()
	defer func() {
		e.st.mu.Lock()
		e.st.quiet--
		e.st.mu.Unlock()
	}()
	ctx := context.Background()
	ws := a.Workspace
	// Sized as the longest dump so far: a dump of a big workspace runs to
	// megabytes, and growing it by appending copied it again at each
	// growth, every byte of which the race detector checks.
	var b strings.Builder
	e.mu.Lock()
	b.Grow(e.dumped)
	e.mu.Unlock()
	defer func() {
		e.mu.Lock()
		e.dumped = max(e.dumped, b.Len())
		e.mu.Unlock()
	}()
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	js := func(v any) string {
		out, err := json.Marshal(v)
		if err != nil {
			return fmt.Sprintf("%+v", v)
		}
		return string(out)
	}
	var ids []contact.ID
	err := e.st.inner.View(ctx, func(tx store.Tx) error {
		for _, trashed := range []bool{false, true} {
			for c, err := range store.All(ctx, store.MaxLimit, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Contact], error) {
				return tx.Contacts().List(ctx, ws, store.ContactQuery{Trashed: trashed}, p)
			}) {
				if err != nil {
					return err
				}
				ids = append(ids, c.ID)
				line("contact trashed=%t %s", trashed, js(c))
			}
		}
		for _, id := range ids {
			for c, err := range store.All(ctx, store.MaxLimit, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Change], error) {
				return tx.History().List(ctx, ws, id, "", p)
			}) {
				if err != nil {
					return err
				}
				line("history %s %s", id, js(c))
			}
		}
		e.st.mu.Lock()
		kinds := make([]store.Kind, 0, len(e.st.kinds))
		for _, k := range e.st.kinds {
			kinds = append(kinds, k)
		}
		e.st.mu.Unlock()
		slices.SortFunc(kinds, func(a, b store.Kind) int { return strings.Compare(a.Name(), b.Name()) })
		for _, k := range kinds {
			for r, err := range store.All(ctx, store.MaxLimit, func(ctx context.Context, p store.PageRequest) (store.Page[store.Record], error) {
				return tx.Records().List(ctx, ws, k, store.Query{}, p)
			}) {
				if err != nil {
					return err
				}
				v, err := k.Marshal(r.Value)
				if err != nil {
					return err
				}
				line("record %s %s v%d keys=%+v %s", k.Name(), r.ID, r.Version, r.Keys, v)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("dump: %v", err)
	}
	after := int64(0)
	for {
		ob, err := e.st.inner.ReadOutbox(ctx, store.OutboxQuery{After: after, Limit: store.MaxLimit})
		if err != nil {
			t.Fatalf("dump: read outbox: %v", err)
		}
		for _, ev := range ob.Events {
			line("outbox %d %s %s %s %s", ev.Position, ev.ID, ev.Type, ev.At.Format(time.RFC3339Nano), ev.Data)
		}
		if len(ob.Events) == 0 {
			break
		}
		after = ob.Next
	}
	cs, err := e.st.inner.Consumers(ctx)
	if err != nil {
		t.Fatalf("dump: consumers: %v", err)
	}
	for _, c := range cs {
		line("consumer %+v", c)
	}
	if !reads {
		return b.String()
	}
	for _, id := range ids {
		c, err := e.svc.GetContact(ctx, a, id)
		line("get %s %s %v", id, js(c), err)
		for it, err := range e.svc.Feed(ctx, a, id, contactkit.FeedQuery{}) {
			line("feed %s %s %v", id, js(it), err)
		}
		for it, err := range e.svc.Timeline(ctx, a, id, contactkit.TimelineQuery{}) {
			line("timeline %s %s %v", id, js(it), err)
		}
		for it, err := range e.svc.ActivityTrash(ctx, a, id) {
			line("activity-trash %s %s %v", id, js(it), err)
		}
		for it, err := range e.svc.Memberships(ctx, a, contactkit.MembershipQuery{Contact: id}) {
			line("membership %s %s %v", id, js(it), err)
		}
		cons, err := e.svc.Consent(ctx, a, id)
		line("consent %s %s %v", id, js(cons), err)
		for it, err := range e.svc.Enrollments(ctx, a, contactkit.EnrollmentQuery{Contact: id}) {
			line("enrollment %s %s %v", id, js(it), err)
		}
		for it, err := range e.svc.MergeHistory(ctx, a, id) {
			line("merge %s %s %v", id, js(it), err)
		}
		r, err := e.svc.ResolveContact(ctx, a, id)
		line("resolve %s %s %v", id, r, err)
	}
	e.mu.Lock()
	hosted := make([]string, 0, len(e.host))
	for c, state := range e.host {
		hosted = append(hosted, "host "+c.String()+" "+state)
	}
	slices.Sort(hosted)
	for _, h := range hosted {
		line("%s", h)
	}
	for _, ev := range e.events {
		typ, data, err := contactkit.EncodeEvent(ev)
		line("event %s %s %v", typ, data, err)
	}
	e.mu.Unlock()
	return b.String()
}

var (
	acc11UUID = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	// acc11Order is an order key of a record that holds an ID.
	acc11Order = regexp.MustCompile(`Order:[0-9a-f]{40,}`)
)

// acc11Canon renames the UUIDs of a dump in order of first appearance, and
// hides the order keys made of them: two runs that made the same things
// with other IDs give the same text.
func acc11Canon(s string) string {
	names := map[string]string{}
	s = acc11Order.ReplaceAllString(s, "Order:<key>")
	return acc11UUID.ReplaceAllStringFunc(s, func(u string) string {
		n, ok := names[u]
		if !ok {
			n = fmt.Sprintf("<id%d>", len(names)+1)
			names[u] = n
		}
		return n
	})
}

// acc11Diff returns the first lines where got and want differ.
func acc11Diff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	var b strings.Builder
	n := 0
	for i := 0; i < max(len(g), len(w)) && n < 8; i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			fmt.Fprintf(&b, "\n  line %d\n    got:  %.600s\n    want: %.600s", i+1, gl, wl)
			n++
		}
	}
	return b.String()
}
