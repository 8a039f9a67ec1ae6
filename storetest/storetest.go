package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// Options declares what a Store offers beyond the contract every Store must
// meet. The zero Options (and a nil *Options) declares nothing optional:
// every mandatory case runs, the optional ones are skipped.
type Options struct {
	// ParallelViews declares that read-only transactions run at the same
	// time as one another, at least while no read-write transaction waits
	// (store.Store.Update lets a Store run transactions one at a time, so
	// this is optional). When declared, the case Concurrency/ParallelViews
	// checks that two View calls can be inside their functions at once;
	// undeclared, it is skipped.
	ParallelViews bool

	// WorkspaceParallelWrites declares that a read-write transaction in one
	// workspace never waits for one in another workspace (a Store may run
	// every transaction one at a time, so this is optional). When declared,
	// the case Concurrency/WorkspaceParallelWrites checks that an Update in
	// a workspace completes while an Update in another one is held open;
	// undeclared, it is skipped.
	WorkspaceParallelWrites bool

	// Count declares that the Contacts of the Store's transactions
	// implement store.ContactCounter. When declared, the Capabilities/Count
	// cases check that Count agrees with what Contacts.List pages through;
	// undeclared, they are skipped; declared but missing, they fail.
	Count bool

	// As, if not nil, declares that the Store's transactions implement
	// store.Aser: it returns a new pointer to a variable of the type of the
	// adapter's native transaction, for store.As to set (new(*memstore.Tx),
	// new(pgx.Tx)). The Capabilities/As cases then check that store.As
	// finds a non-zero native transaction in Update and View, directly and
	// through the Retrying wrapper; nil skips them.
	As func() any

	// Prefetch declares that the Store's transactions implement
	// store.Prefetcher. When declared, the Capabilities/Prefetch case
	// checks that reads after a Prefetch give what they would without it,
	// through the transaction's own writes, and that the writes it lets
	// wait are committed or rolled back with the transaction; undeclared,
	// it is skipped; declared but missing, it fails.
	Prefetch bool

	// TimePrecision is the finest unit of time the Store keeps, for a
	// backend whose timestamps are coarser than a nanosecond (PostgreSQL
	// keeps microseconds: time.Microsecond). The suite truncates every time
	// it stores to it, then requires the same instant back. Zero means the
	// Store keeps nanoseconds.
	TimePrecision time.Duration

	// Outbox declares that the Store keeps an outbox: its transactions have
	// a store.Outbox (store.OutboxOf finds it) and the Store itself (the
	// value the factory returns) implements store.Relay. When declared, the
	// Outbox cases certify order, the absence of gaps under concurrent
	// writers, rollback, isolation per workspace, consumers and retention;
	// undeclared, they are skipped; declared but missing, they fail.
	Outbox bool

	// Writers is the number of goroutines the Concurrency cases start.
	// Zero means 8.
	Writers int

	// Parallel runs the cases of each group in parallel (t.Parallel). Every
	// case works in workspaces of its own, so this is safe for a factory
	// that hands out stores sharing one database; it is off by default for
	// factories that are not safe to call concurrently.
	Parallel bool
}

// Run certifies a Store: it runs every case of the suite as a subtest of t,
// named "Group/Case" (Contacts/GetMissing, Tx/RollbackOnError, …), calling
// newStore once per case with that case's t; then it runs every case again
// on Retrying(newStore(t)), named "Retried/Group/Case". It is RunWith with
// nil Options.
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	t.Helper()
	RunWith(t, newStore, nil)
}

// RunWith is Run for a Store that declares optional capabilities in opts
// (nil declares none). A case that needs a capability opts does not declare
// is skipped with the reason; a declared capability that the Store lacks
// fails its case.
func RunWith(t *testing.T, newStore func(t *testing.T) store.Store, opts *Options) {
	t.Helper()
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Writers <= 0 {
		o.Writers = 8
	}
	if o.TimePrecision < 0 {
		t.Fatalf("storetest: Options.TimePrecision is %v, want zero or positive", o.TimePrecision)
	}
	list := cases()
	runCases(t, list, newStore, o, false)
	// Every case again, each transaction run twice: a Store may run fn
	// again after a serialization failure, and every case (as every
	// Service call) must work when it does.
	t.Run("Retried", func(t *testing.T) {
		runCases(t, list, newStore, o, true)
	})
}

func runCases(t *testing.T, list []testCase, newStore func(t *testing.T) store.Store, o Options, retried bool) {
	t.Helper()
	for start := 0; start < len(list); {
		group, _, _ := strings.Cut(list[start].name, "/")
		end := start
		for end < len(list) && strings.HasPrefix(list[end].name, group+"/") {
			end++
		}
		members := list[start:end]
		t.Run(group, func(t *testing.T) {
			for _, c := range members {
				_, name, _ := strings.Cut(c.name, "/")
				t.Run(name, func(t *testing.T) {
					if o.Parallel {
						t.Parallel()
					}
					if retried && c.once {
						t.Skipf("storetest: %s checks the Store itself, not its retry-safety: it runs once", c.name)
					}
					if c.needs != nil {
						if reason := c.needs(&o); reason != "" {
							t.Skipf("storetest: %s", reason)
						}
					}
					s := newStore(t)
					if s == nil {
						t.Fatalf("storetest: the factory returned a nil store.Store")
					}
					raw := s
					if retried {
						s = Retrying(s)
					}
					c.run(t, &env{s: s, raw: raw, opts: o, retried: retried})
				})
			}
		})
		start = end
	}
}

// testCase is one row of the suite: a stable name usable with -run, the
// optional capability it needs (nil: none; else a function that says why it
// is skipped, "" when declared), whether it runs only once (not again
// through Retrying) and the check.
type testCase struct {
	name  string
	needs func(*Options) string
	once  bool
	run   func(t *testing.T, e *env)
}

// cases is the table of the suite, grouped by the part of the contract they
// certify. Names are stable: adapters' CI may target them with -run.
func cases() []testCase {
	var out []testCase
	add := func(cs ...testCase) { out = append(out, cs...) }
	add(contactCases()...)
	add(trashCases()...)
	add(isolationCases()...)
	add(recordCases()...)
	add(historyCases()...)
	add(txCases()...)
	add(concurrencyCases()...)
	add(capabilityCases()...)
	add(outboxCases()...)
	return out
}

// env is what every case gets: the store under test, made by the factory for
// this case alone (wrapped by Retrying in the Retried run), and the declared
// options.
type env struct {
	s       store.Store
	raw     store.Store // the Store the factory made, never wrapped
	opts    Options
	retried bool
}

// Transaction helpers. They fail the case (Fatalf) only for setup that the
// case cannot go on without; they never call t.Fatalf inside a transaction.

// update runs fn in a read-write transaction that must succeed.
func (e *env) update(t *testing.T, what string, fn func(tx store.Tx) error) {
	t.Helper()
	if err := e.s.Update(t.Context(), fn); err != nil {
		t.Fatalf("%s: Store.Update: got err %v, want nil", what, err)
	}
}

// view runs fn in a read-only transaction that must succeed.
func (e *env) view(t *testing.T, what string, fn func(tx store.Tx) error) {
	t.Helper()
	if err := e.s.View(t.Context(), fn); err != nil {
		t.Fatalf("%s: Store.View: got err %v, want nil", what, err)
	}
}

// create stores c (setting its Version), or stops the case. c is written
// only once the transaction committed, so that a transaction run twice
// creates it with version 0 each time.
func (e *env) create(t *testing.T, c *contact.Contact) {
	t.Helper()
	if err := e.tryCreate(t, c); err != nil {
		t.Fatalf("setup: Contacts.Create of a new contact: got err %v, want nil", err)
	}
}

// tryCreate stores c in a transaction of its own and returns the error. On
// success c.Version is the stored version.
func (e *env) tryCreate(t *testing.T, c *contact.Contact) error {
	ctx := t.Context()
	var version int64
	err := e.s.Update(ctx, func(tx store.Tx) error {
		w := c.Clone()
		err := tx.Contacts().Create(ctx, &w)
		version = w.Version
		return err
	})
	if err == nil {
		c.Version = version
	}
	return err
}

// tryUpdate updates c in a transaction of its own and returns the error. On
// success c.Version is the stored version.
func (e *env) tryUpdate(t *testing.T, c *contact.Contact) error {
	ctx := t.Context()
	var version int64
	err := e.s.Update(ctx, func(tx store.Tx) error {
		w := c.Clone()
		err := tx.Contacts().Update(ctx, &w)
		version = w.Version
		return err
	})
	if err == nil {
		c.Version = version
	}
	return err
}

// tryDelete deletes contact id of ws at version in a transaction of its own.
func (e *env) tryDelete(t *testing.T, ws contact.WorkspaceID, id contact.ID, version int64) error {
	ctx := t.Context()
	return e.s.Update(ctx, func(tx store.Tx) error { return tx.Contacts().Delete(ctx, ws, id, version) })
}

// save updates c, which must succeed, or stops the case.
func (e *env) save(t *testing.T, c *contact.Contact) {
	t.Helper()
	if err := e.tryUpdate(t, c); err != nil {
		t.Fatalf("setup: Contacts.Update at the current version: got err %v, want nil", err)
	}
}

// get reads a contact in a View of its own.
func (e *env) get(t *testing.T, ws contact.WorkspaceID, id contact.ID) (contact.Contact, error) {
	ctx := t.Context()
	var c contact.Contact
	err := e.s.View(ctx, func(tx store.Tx) error {
		var err error
		c, err = tx.Contacts().Get(ctx, ws, id)
		return err
	})
	return c, err
}

// mustGet reads a contact that must exist, or stops the case.
func (e *env) mustGet(t *testing.T, ws contact.WorkspaceID, id contact.ID) contact.Contact {
	t.Helper()
	c, err := e.get(t, ws, id)
	if err != nil {
		t.Fatalf("Contacts.Get of a stored contact: got err %v, want nil", err)
	}
	return c
}

// byKey lists the contacts of ws that hold key (ContactQuery.Key), in one
// View.
func (e *env) byKey(t *testing.T, ws contact.WorkspaceID, key string) ([]contact.Contact, error) {
	ctx := t.Context()
	var found []contact.Contact
	err := e.s.View(ctx, func(tx store.Tx) error {
		var err error
		found, err = readAll(store.PageRequest{}, func(p store.PageRequest) (store.Page[contact.Contact], error) {
			return tx.Contacts().List(ctx, ws, store.ContactQuery{Key: key}, p)
		})
		return err
	})
	return found, err
}

// checkKeyOwner reports, after what, whether ContactQuery.Key of key does
// not list exactly want (the zero ID: nobody).
func (e *env) checkKeyOwner(t *testing.T, ws contact.WorkspaceID, key string, want contact.ID, after, rule string) {
	t.Helper()
	found, err := e.byKey(t, ws, key)
	ids := idsOf(found)
	switch {
	case err != nil:
		t.Errorf("%s, Contacts.List with ContactQuery{Key: %q}: got err %v, want nil", after, key, err)
	case want.IsZero() && len(ids) != 0:
		t.Errorf("%s, Contacts.List with ContactQuery{Key: %q}: got contacts %v, want none; %s", after, key, ids, rule)
	case !want.IsZero() && (len(ids) != 1 || ids[0] != want):
		t.Errorf("%s, Contacts.List with ContactQuery{Key: %q}: got contacts %v, want exactly [%s]; %s", after, key, ids, want, rule)
	}
}

// within runs fn on a goroutine of its own and reports whether it returned
// within d. fn must not touch t.
func within(d time.Duration, fn func()) bool {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-done:
		return true
	case <-timer.C:
		return false
	}
}

// cancelled returns a context that is already done.
func cancelled(t *testing.T) context.Context {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	return ctx
}
