package storetest_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// rv21confVariants are more broken stores (see brokenVariants), each
// breaking one clause of the seam as an adapter might. The first three
// passed the suite until it checked their clause.
var rv21confVariants = []brokenVariant{
	{
		name:  "rv21-createtouches",
		what:  "sets the UpdatedAt of the contact given to Contacts.Create to the time it stored it (a column default read back into the caller's contact)",
		store: wrapAccessors(func(cs store.Contacts) store.Contacts { return rv21confCreateTouches{cs} }, nil),
		only:  "^Contacts$/^RoundTrip$",
		want: []string{
			"--- FAIL: TestBrokenStore/Contacts/RoundTrip",
			"Contacts.Create changed the contact it was given beyond its Version: .UpdatedAt: got",
			"nothing else of c changes, so a caller may run its transaction again from the same c",
		},
	},
	{
		name:  "rv21-outboxalias",
		what:  "keeps the Data slices of the events given to Outbox.Append",
		store: rv21confAliasOutboxStore,
		opts:  &storetest.Options{Outbox: true},
		only:  "^Outbox$/^AppendRead$",
		want: []string{
			"--- FAIL: TestBrokenStore/Outbox/AppendRead",
			"Relay.ReadOutbox after the caller changed the Data of an event it passed to Outbox.Append: got Data \"X",
			"Append copies what it keeps",
		},
	},
	{
		name:  "rv21-prunemin",
		what:  "prunes only the events every consumer has passed, whatever the workspace each reads",
		store: func() store.Store { return rv21confPruneMin{rv21confOutbox()} },
		opts:  &storetest.Options{Outbox: true},
		only:  "^Outbox$/^Retention$",
		want: []string{
			"--- FAIL: TestBrokenStore/Outbox/Retention",
			"while a consumer of another workspace is behind them: got 0, err <nil>; want at least 2 deleted",
			"PruneOutbox deletes the events every consumer that reads their workspace has passed",
		},
	},
	{
		name:  "rv21-viewwrites",
		what:  "runs View as Update, letting writes through",
		store: func() store.Store { return rv21confViewWrites{memstore.New()} },
		only:  "^Tx$/^ViewIsReadOnly$",
		want: []string{
			"--- FAIL: TestBrokenStore/Tx/ViewIsReadOnly",
			"Contacts.Create in a View transaction: got err <nil>, want store.ErrReadOnly",
		},
	},
	{
		name: "rv21-deleteversionblind",
		what: "deletes whatever the version given to Contacts.Delete and Records.Delete",
		store: wrapAccessors(func(cs store.Contacts) store.Contacts { return rv21confDeleteBlindContacts{cs} },
			func(rs store.Records) store.Records { return rv21confDeleteBlindRecords{rs} }),
		only: "^(Contacts|Records)$/^(DeletePrecedence|tag)$",
		want: []string{
			"--- FAIL: TestBrokenStore/Contacts/DeletePrecedence",
			"--- FAIL: TestBrokenStore/Records/tag/",
			"Contacts.Delete with a stale version (1, stored 2): got err <nil>, want store.ErrConflict",
		},
	},
	{
		name:  "rv21-takenself",
		what:  "names the caller's own contact as the Owner of a *store.TakenError",
		store: wrapAccessors(func(cs store.Contacts) store.Contacts { return rv21confTakenSelf{cs} }, nil),
		only:  "^Contacts$/^CreatePrecedence$",
		want: []string{
			"--- FAIL: TestBrokenStore/Contacts/CreatePrecedence",
			"Contacts.Create with the email of a live contact and the phone of another: got TakenError",
		},
	},
	{
		name:  "rv21-deletedbeforeinclusive",
		what:  "keeps a contact whose DeletedAt equals ContactQuery.DeletedBefore (<= for <)",
		store: wrapAccessors(func(cs store.Contacts) store.Contacts { return rv21confInclusiveBefore{cs} }, nil),
		only:  "^Contacts$/^ListFilters$",
		want: []string{
			"--- FAIL: TestBrokenStore/Contacts/ListFilters",
			"Contacts.List with DeletedBefore the first deletion",
		},
	},
	{
		name:  "rv21-trashupdatetaken",
		what:  "refuses with a *store.TakenError the update of a contact in the trash whose key a live contact holds",
		store: wrapAccessors(func(cs store.Contacts) store.Contacts { return rv21confTrashUpdateTaken{cs} }, nil),
		only:  "^Trash$",
		want: []string{
			"--- FAIL: TestBrokenStore/Trash/TrashedDoNotCollide",
			"Contacts.Update of a contact in the trash whose email and phone a live contact holds: got err",
		},
	},
	{
		name:  "rv21-kindblinddelete",
		what:  "deletes the records of every kind with the ID given to Records.Delete",
		store: wrapAccessors(nil, func(rs store.Records) store.Records { return rv21confKindBlindDelete{rs} }),
		only:  "^Records$/^KindsApart$",
		want: []string{
			"--- FAIL: TestBrokenStore/Records/KindsApart",
			"a record is identified by (workspace, kind, ID)",
		},
	},
	{
		name:  "rv21-registerzero",
		what:  "registers a consumer given a negative cursor at position 0, not at the greatest position committed",
		store: func() store.Store { return rv21confRegisterZero{rv21confOutbox()} },
		opts:  &storetest.Options{Outbox: true},
		only:  "^Outbox$/^PrunedNext$",
		want: []string{
			"--- FAIL: TestBrokenStore/Outbox/PrunedNext",
			"Relay.RegisterConsumer at the last position after PruneOutbox: got Cursor 0",
		},
	},
	{
		name:  "rv21-ackpast",
		what:  "accepts an acknowledgement past every position taken",
		store: func() store.Store { return rv21confAckPast{rv21confOutbox()} },
		opts:  &storetest.Options{Outbox: true},
		only:  "^Outbox$/^Consumers$",
		want: []string{
			"--- FAIL: TestBrokenStore/Outbox/Consumers",
			"Relay.AckConsumer past every position ever taken: got err <nil>, want store.ErrInvalidCursor",
		},
	},
	{
		name:  "rv21-historybyat",
		what:  "lists History by the time of each change (ORDER BY at), not in the order appended",
		store: rv21confWrapHistory(func(h store.History) store.History { return rv21confByAtHistory{h} }),
		only:  "^History$/^AppendOrder$",
		want: []string{
			"--- FAIL: TestBrokenStore/History/AppendOrder",
			"the changes come back as appended, in the order they were appended",
		},
	},
	{
		name:  "rv21-countwords",
		what:  "counts as if ContactQuery.Words were empty",
		store: wrapAccessors(func(cs store.Contacts) store.Contacts { return rv21confWordsCounter{cs} }, nil),
		opts:  &storetest.Options{Count: true},
		only:  "^Capabilities$/^Count$",
		want: []string{
			"--- FAIL: TestBrokenStore/Capabilities/Count",
			"the number of contacts Contacts.List pages through",
		},
	},
}

// rv21confCursorVariant binds a cursor to its workspace and query, and
// reads one of another as the start of the listing.
var rv21confCursorVariant = brokenVariant{
	name:  "rv21-cursorrestart",
	what:  "binds a cursor of Contacts.List to its workspace and query, and lists from the start when given one of another",
	store: wrapAccessors(func(cs store.Contacts) store.Contacts { return rv21confRestartContacts{cs} }, nil),
	only:  "^Contacts$/^ListCursorElsewhere$",
	want: []string{
		"--- FAIL: TestBrokenStore/Contacts/ListCursorElsewhere",
		"Contacts.List of the live contacts of another workspace, with the cursor of a listing of live contacts after",
		"which comes before that place; want store.ErrInvalidCursor, or the contacts after the place the cursor names",
	},
}

func init() {
	brokenVariants = append(brokenVariants, rv21confVariants...)
	brokenVariants = append(brokenVariants, rv21confCursorVariant)
}

// rv21confWrapHistory returns the maker of a memstore whose History is
// wrapped by h.
func rv21confWrapHistory(h func(store.History) store.History) func() store.Store {
	return func() store.Store {
		return wrap(func(tx store.Tx) store.Tx { return historyTx{tx, h(tx.History())} })
	}
}

// rv21confViewWrites runs a View in a read-write transaction.
type rv21confViewWrites struct{ *memstore.Store }

func (s rv21confViewWrites) View(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Update(ctx, fn)
}

// rv21confDeleteBlindContacts and rv21confDeleteBlindRecords delete at the
// stored version, whatever the version given.
type rv21confDeleteBlindContacts struct{ store.Contacts }

func (c rv21confDeleteBlindContacts) Delete(ctx context.Context, ws contact.WorkspaceID, id contact.ID, version int64) error {
	if cur, err := c.Contacts.Get(ctx, ws, id); err == nil {
		version = cur.Version
	}
	return c.Contacts.Delete(ctx, ws, id, version)
}

type rv21confDeleteBlindRecords struct{ store.Records }

func (rs rv21confDeleteBlindRecords) Delete(ctx context.Context, ws contact.WorkspaceID, k store.Kind, id string, version int64) error {
	if cur, err := rs.Records.Get(ctx, ws, k, id); err == nil {
		version = cur.Version
	}
	return rs.Records.Delete(ctx, ws, k, id, version)
}

// rv21confTakenSelf names the contact being written as the Owner of the
// key it was refused.
type rv21confTakenSelf struct{ store.Contacts }

func (c rv21confTakenSelf) fix(ct *contact.Contact, err error) error {
	if te, ok := errors.AsType[*store.TakenError](err); ok && ct != nil {
		return &store.TakenError{Key: te.Key, Owner: ct.ID}
	}
	return err
}

func (c rv21confTakenSelf) Create(ctx context.Context, ct *contact.Contact) error {
	return c.fix(ct, c.Contacts.Create(ctx, ct))
}

func (c rv21confTakenSelf) Update(ctx context.Context, ct *contact.Contact) error {
	return c.fix(ct, c.Contacts.Update(ctx, ct))
}

// rv21confInclusiveBefore keeps the contacts deleted at DeletedBefore too.
type rv21confInclusiveBefore struct{ store.Contacts }

func (c rv21confInclusiveBefore) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	if !q.DeletedBefore.IsZero() {
		q.DeletedBefore = q.DeletedBefore.Add(time.Nanosecond)
	}
	return c.Contacts.List(ctx, ws, q, p)
}

// rv21confTrashUpdateTaken checks the keys of a contact in the trash on
// Update, as if it were live.
type rv21confTrashUpdateTaken struct{ store.Contacts }

func (c rv21confTrashUpdateTaken) Update(ctx context.Context, ct *contact.Contact) error {
	if ct != nil && ct.Workspace != "" && ct.Trashed() && ctx.Err() == nil {
		if cur, err := c.Get(ctx, ct.Workspace, ct.ID); err == nil && cur.Version == ct.Version {
			for _, k := range ct.Keys() {
				page, err := c.List(ctx, ct.Workspace, store.ContactQuery{Key: k}, store.PageRequest{})
				if err == nil && len(page.Items) > 0 && page.Items[0].ID != ct.ID {
					return &store.TakenError{Key: k, Owner: page.Items[0].ID}
				}
			}
		}
	}
	return c.Contacts.Update(ctx, ct)
}

// rv21confKindBlindDelete deletes the records of every kind that have the
// ID deleted.
type rv21confKindBlindDelete struct{ store.Records }

func (rs rv21confKindBlindDelete) Delete(ctx context.Context, ws contact.WorkspaceID, k store.Kind, id string, version int64) error {
	if err := rs.Records.Delete(ctx, ws, k, id, version); err != nil {
		return err
	}
	for _, other := range store.Kinds() {
		if other.Name() == k.Name() {
			continue
		}
		if r, err := rs.Get(ctx, ws, other, id); err == nil {
			if err := rs.Records.Delete(ctx, ws, other, id, r.Version); err != nil {
				return err
			}
		}
	}
	return nil
}

// rv21confOutbox is a memstore that keeps an outbox.
func rv21confOutbox() outboxWrapped {
	return outboxWrapped{memstore.NewWith(&memstore.Options{Outbox: true}), nil}
}

// rv21confRegisterZero registers a consumer at 0 for a negative cursor.
type rv21confRegisterZero struct{ outboxWrapped }

func (s rv21confRegisterZero) RegisterConsumer(ctx context.Context, c store.Consumer) (store.Consumer, error) {
	if c.Cursor < 0 {
		c.Cursor = 0
	}
	return s.outboxWrapped.RegisterConsumer(ctx, c)
}

// rv21confAliasOutbox appends with the transaction's Outbox and keeps
// the Data slice of each event it was given, which rv21confAliasRelay
// hands out.
type rv21confAliasOutbox struct {
	tx   store.Tx
	kept *rv21confKept
}

type rv21confKept struct {
	mu   sync.Mutex
	data map[string][]byte
}

func (o rv21confAliasOutbox) Append(ctx context.Context, events ...store.OutboxEvent) error {
	if err := store.OutboxOf(o.tx).Append(ctx, events...); err != nil {
		return err
	}
	o.kept.mu.Lock()
	defer o.kept.mu.Unlock()
	for _, e := range events {
		o.kept.data[e.ID.String()] = e.Data
	}
	return nil
}

type rv21confAliasRelay struct {
	outboxWrapped
	kept *rv21confKept
}

func (s rv21confAliasRelay) ReadOutbox(ctx context.Context, q store.OutboxQuery) (store.OutboxBatch, error) {
	b, err := s.outboxWrapped.ReadOutbox(ctx, q)
	s.kept.mu.Lock()
	defer s.kept.mu.Unlock()
	for i, e := range b.Events {
		if d, ok := s.kept.data[e.ID.String()]; ok {
			b.Events[i].Data = d
		}
	}
	return b, err
}

func rv21confAliasOutboxStore() store.Store {
	kept := &rv21confKept{data: map[string][]byte{}}
	m := memstore.NewWith(&memstore.Options{Outbox: true})
	return rv21confAliasRelay{outboxWrapped{m, func(tx store.Tx) store.Outbox { return rv21confAliasOutbox{tx, kept} }}, kept}
}

// rv21confPruneMin prunes as if every consumer read every workspace.
type rv21confPruneMin struct{ outboxWrapped }

func (s rv21confPruneMin) PruneOutbox(ctx context.Context, olderThan time.Time) (int, error) {
	cs, err := s.Consumers(ctx)
	if err != nil {
		return 0, err
	}
	var saved []store.Consumer
	for _, c := range cs {
		if c.Workspace != "" {
			saved = append(saved, c)
			if err := s.DeleteConsumer(ctx, c.Name); err != nil {
				return 0, err
			}
			c.Workspace = ""
			if _, err := s.RegisterConsumer(ctx, c); err != nil {
				return 0, err
			}
		}
	}
	n, err := s.outboxWrapped.PruneOutbox(ctx, olderThan)
	for _, c := range saved {
		_ = s.DeleteConsumer(ctx, c.Name)
		_, _ = s.RegisterConsumer(ctx, c)
	}
	return n, err
}

// rv21confAckPast accepts any acknowledgement of a known consumer.
type rv21confAckPast struct{ outboxWrapped }

func (s rv21confAckPast) AckConsumer(ctx context.Context, name string, position int64) error {
	err := s.outboxWrapped.AckConsumer(ctx, name, position)
	if errors.Is(err, store.ErrInvalidCursor) {
		return nil
	}
	return err
}

// rv21confByAtHistory sorts each page of History.List by Change.At.
type rv21confByAtHistory struct{ store.History }

func (h rv21confByAtHistory) List(ctx context.Context, ws contact.WorkspaceID, id contact.ID, fieldName string, p store.PageRequest) (store.Page[contact.Change], error) {
	page, err := h.History.List(ctx, ws, id, fieldName, p)
	slices.SortStableFunc(page.Items, func(a, b contact.Change) int { return a.At.Compare(b.At) })
	return page, err
}

// rv21confWordsCounter counts without ContactQuery.Words.
type rv21confWordsCounter struct{ store.Contacts }

func (c rv21confWordsCounter) Count(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery) (int, error) {
	q.Words = nil
	return c.Contacts.(store.ContactCounter).Count(ctx, ws, q)
}

// rv21confCreateTouches sets the UpdatedAt of a contact it created.
type rv21confCreateTouches struct{ store.Contacts }

func (c rv21confCreateTouches) Create(ctx context.Context, ct *contact.Contact) error {
	err := c.Contacts.Create(ctx, ct)
	if err == nil {
		ct.UpdatedAt = time.Now()
	}
	return err
}

// rv21confOutboxVariants break clauses of the outbox; the first two passed
// the suite until it checked their clause.
var rv21confOutboxVariants = []brokenVariant{
	{
		name:  "rv21-outboxunbounded",
		what:  "reads every event asked for in one batch (LIMIT ALL for a Limit of 0, no bound above store.MaxLimit)",
		store: func() store.Store { return rv21confOutboxUnbounded{rv21confOutbox()} },
		opts:  &storetest.Options{Outbox: true},
		only:  "^Outbox$/^ReadBounds$",
		want: []string{
			"--- FAIL: TestBrokenStore/Outbox/ReadBounds",
			"Relay.ReadOutbox of 1001 events with Limit 0: got 1001 events, want at most OutboxQuery.Size() = 100",
			"Relay.ReadOutbox of 1001 events with Limit 1001: got 1001 events, want at most OutboxQuery.Size() = 1000",
		},
	},
	{
		name:  "rv21-nulname",
		what:  "registers a consumer whose name holds a NUL, with the NUL replaced",
		store: func() store.Store { return rv21confNulName{rv21confOutbox()} },
		opts:  &storetest.Options{Outbox: true},
		only:  "^Outbox$/^Precedence$",
		want: []string{
			"--- FAIL: TestBrokenStore/Outbox/Precedence",
			"Relay.RegisterConsumer with a name that holds a NUL: got err <nil>, want store.ErrInvalid",
			"a c.Name or c.Workspace that is not valid UTF-8 or holds a NUL",
		},
	},
	{
		name:  "rv21-unknownnil",
		what:  "answers nil to AckConsumer and DeleteConsumer of an unknown consumer",
		store: func() store.Store { return rv21confUnknownNil{rv21confOutbox()} },
		opts:  &storetest.Options{Outbox: true},
		only:  "^Outbox$/^Consumers$",
		want: []string{
			"--- FAIL: TestBrokenStore/Outbox/Consumers",
			"Relay.AckConsumer of an unknown consumer: got err <nil>, want store.ErrNotFound",
		},
	},
	{
		name:  "rv21-wrapfnerr",
		what:  "wraps the error of fn that Update and View return",
		store: func() store.Store { return rv21confWrapErr{memstore.New()} },
		only:  "^Tx$/^RollbackOnError$",
		want: []string{
			"--- FAIL: TestBrokenStore/Tx/RollbackOnError",
			"Store.Update whose fn fails: got err wrapfnerr:",
			"want fn's error unchanged",
		},
	},
	{
		name:  "rv21-swallowpanic",
		what:  "turns a panic of fn into an error",
		store: func() store.Store { return rv21confSwallow{memstore.New()} },
		only:  "^Tx$/^RollbackOnPanic$",
		want: []string{
			"--- FAIL: TestBrokenStore/Tx/RollbackOnPanic",
			"want fn's panic value re-panicked",
		},
	},
	{
		name:  "rv21-tagdisplay",
		what:  "compares ContactQuery.Tag by the tag's spelling, not its Key",
		store: wrapAccessors(func(cs store.Contacts) store.Contacts { return rv21confTagDisplay{cs} }, nil),
		only:  "^Contacts$/^ListFilters$",
		want: []string{
			"--- FAIL: TestBrokenStore/Contacts/ListFilters",
			`Contacts.List with Tag "vip" (other spellings of one Key)`,
		},
	},
}

func init() { brokenVariants = append(brokenVariants, rv21confOutboxVariants...) }

// rv21confTagDisplay keeps the contacts with a tag spelt as ContactQuery.Tag.
type rv21confTagDisplay struct{ store.Contacts }

func (c rv21confTagDisplay) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	want := q.Tag
	page, err := c.Contacts.List(ctx, ws, q, p)
	if want.IsZero() {
		return page, err
	}
	page.Items = slices.DeleteFunc(page.Items, func(ct contact.Contact) bool {
		for _, n := range ct.Tags {
			if n.String() == want.String() {
				return false
			}
		}
		return true
	})
	return page, err
}

// rv21confSwallow recovers a panic of fn and returns an error instead.
type rv21confSwallow struct{ *memstore.Store }

func (s rv21confSwallow) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = errors.New("swallowed panic")
			}
		}()
		return fn(tx)
	})
}

// rv21confWrapErr wraps the error Update and View return.
type rv21confWrapErr struct{ *memstore.Store }

func (s rv21confWrapErr) Update(ctx context.Context, fn func(store.Tx) error) error {
	if err := s.Store.Update(ctx, fn); err != nil {
		return fmt.Errorf("wrapfnerr: %w", err)
	}
	return nil
}

func (s rv21confWrapErr) View(ctx context.Context, fn func(store.Tx) error) error {
	if err := s.Store.View(ctx, fn); err != nil {
		return fmt.Errorf("wrapfnerr: %w", err)
	}
	return nil
}

// rv21confOutboxUnbounded reads as many events as asked, every one for a
// Limit of zero or less.
type rv21confOutboxUnbounded struct{ outboxWrapped }

func (s rv21confOutboxUnbounded) ReadOutbox(ctx context.Context, q store.OutboxQuery) (store.OutboxBatch, error) {
	if q.Limit > 0 && q.Limit <= store.MaxLimit {
		return s.outboxWrapped.ReadOutbox(ctx, q)
	}
	want := q.Limit
	q.Limit = store.MaxLimit
	var out store.OutboxBatch
	for {
		b, err := s.outboxWrapped.ReadOutbox(ctx, q)
		if err != nil {
			return b, err
		}
		out.Events, out.Next = append(out.Events, b.Events...), b.Next
		if len(b.Events) < store.MaxLimit || (want > 0 && len(out.Events) >= want) {
			return out, nil
		}
		q.After = b.Next
	}
}

// rv21confUnknownNil takes an unknown consumer for one with nothing to do.
type rv21confUnknownNil struct{ outboxWrapped }

func (s rv21confUnknownNil) AckConsumer(ctx context.Context, name string, position int64) error {
	if err := s.outboxWrapped.AckConsumer(ctx, name, position); !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return nil
}

func (s rv21confUnknownNil) DeleteConsumer(ctx context.Context, name string) error {
	if err := s.outboxWrapped.DeleteConsumer(ctx, name); !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return nil
}

// rv21confNulName replaces the NULs of a consumer's name before it
// registers it.
type rv21confNulName struct{ outboxWrapped }

func (s rv21confNulName) RegisterConsumer(ctx context.Context, c store.Consumer) (store.Consumer, error) {
	c.Name = strings.ReplaceAll(c.Name, "\x00", "0")
	return s.outboxWrapped.RegisterConsumer(ctx, c)
}

// rv21confRestartContacts prefixes the cursors of Contacts.List with their
// workspace and query, and lists from the start for a cursor of another.
type rv21confRestartContacts struct{ store.Contacts }

func (c rv21confRestartContacts) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	listing := fmt.Sprintf("%s/%+v|", ws, q)
	if p.Cursor != "" {
		from, inner, ok := strings.Cut(p.Cursor, "|")
		switch {
		case !ok:
			return store.Page[contact.Contact]{}, fmt.Errorf("restart: cursor %q: %w", p.Cursor, store.ErrInvalidCursor)
		case from+"|" == listing:
			p.Cursor = inner
		default:
			p.Cursor = ""
		}
	}
	page, err := c.Contacts.List(ctx, ws, q, p)
	if page.Next != "" {
		page.Next = listing + page.Next
	}
	return page, err
}
