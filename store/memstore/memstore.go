package memstore

import (
	"context"
	"errors"
	"sync"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

// Errors of package memstore, beyond the sentinels of package store.
var (
	// ErrTxDone is returned by every method of a Tx used after the function
	// it was handed to has returned. Such a call reads and writes nothing.
	ErrTxDone = errors.New("memstore: transaction has ended")

	// ErrInvalid is returned, wrapped with the details, for an argument that
	// breaks a method's preconditions: a nil value, a zero ID, an empty
	// workspace, a zero tag name, field key or consent address, a membership
	// without list or contact, an enrollment without automation or contact,
	// an activity without contact or moved to another contact, an empty
	// idempotency key given to Enrollments.ByKey, or a non-zero Version
	// given to Create. Nothing is written.
	ErrInvalid = errors.New("memstore: invalid argument")
)

// Store is an in-memory store.Store. The zero Store is not usable: make one
// with New. A Store is safe for concurrent use by multiple goroutines.
type Store struct {
	// mu serialises transactions: Update holds it exclusively, View shared.
	mu sync.RWMutex

	// contacts holds every contact of every workspace by ID, so that an ID
	// is unique across workspaces (store.Contacts.Create).
	contacts map[contact.ID]*record
	// lists, automations, enrollments and activities hold those aggregates
	// of every workspace by ID, for the same reason.
	lists       table[list.ID, list.List]
	automations table[automation.ID, automation.Automation]
	enrollments table[automation.EnrollmentID, automation.Enrollment]
	activities  table[activity.ID, activity.Activity]
	// workspaces holds the indexes and the other aggregates per workspace.
	workspaces map[contact.WorkspaceID]*workspace
}

var _ store.Store = (*Store)(nil)

// New returns an empty Store.
func New() *Store {
	return &Store{
		contacts:    make(map[contact.ID]*record),
		lists:       newTable(&listSpec),
		automations: newTable(&automationSpec),
		enrollments: newTable(&enrollmentSpec),
		activities:  newTable(&activitySpec),
		workspaces:  make(map[contact.WorkspaceID]*workspace),
	}
}

// Update runs fn in a read-write transaction, as store.Store.Update says.
// Transactions run one at a time: Update waits for every other Update and
// View to end. fn sees its own writes. If fn returns an error or panics,
// every write fn made (records and indexes) is undone before Update returns
// fn's error unchanged or re-panics; then the functions fn registered with
// the Tx's optional OnRollback method run (see "Rollback hooks" in the
// package documentation). If ctx is done before fn would be called, Update
// returns ctx.Err().
//
// fn must not call Update or View of the same Store: that deadlocks.
func (s *Store) Update(ctx context.Context, fn func(tx store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// The wait for the lock may have been long.
	if err := ctx.Err(); err != nil {
		return err
	}
	t := &tx{s: s, writable: true}
	committed := false
	// This runs before the unlock (deferred calls run last in, first out),
	// on a return, a panic or a runtime.Goexit alike: the functions given to
	// OnRollback run while no other transaction can start.
	defer func() { runReverse(t.end(committed)) }()
	if err := fn(t); err != nil {
		return err
	}
	committed = true
	return nil
}

// end ends t: it undoes every write of t unless committed, and makes every
// later call of t return ErrTxDone. It returns the functions given to
// OnRollback that are to run: none if committed.
func (t *tx) end(committed bool) []func() {
	t.mu.Lock()
	defer t.mu.Unlock()
	hooks := t.onRollback
	if committed {
		hooks = nil
	} else {
		t.rollback()
	}
	t.undo, t.onRollback = nil, nil
	t.done = true
	return hooks
}

// runReverse calls each of fs, last first. If one panics, the others still
// run, then runReverse panics with the value of the first panic.
func runReverse(fs []func()) {
	var (
		panicked bool
		first    any
	)
	for i := len(fs) - 1; i >= 0; i-- {
		func() {
			defer func() {
				if r := recover(); r != nil && !panicked {
					panicked, first = true, r
				}
			}()
			fs[i]()
		}()
	}
	if panicked {
		panic(first)
	}
}

// OnRollback registers f to be called if the transaction of the Update that
// handed out t rolls back, because its function returned an error or
// panicked; never if it commits. It is the in-memory counterpart of what a
// SQL adapter gives a host by sharing its *sql.Tx: see "Rollback hooks" in
// the package documentation. The functions registered run after the Store
// has undone its own writes, before Update returns (or re-panics), last
// registered first, while the Store is still locked: they must not use the
// Store. A nil f, or a call on the Tx of a View (which has nothing to roll
// back) or on a Tx whose transaction has ended, does nothing.
func (t *tx) OnRollback(f func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if f == nil || !t.writable || t.done {
		return
	}
	t.onRollback = append(t.onRollback, f)
}

// View runs fn in a read-only transaction, as store.Store.View says. Views
// run concurrently with each other, never with an Update, so fn sees one
// consistent state. Every write method of the Tx returns store.ErrReadOnly.
//
// fn must not call Update or View of the same Store: that may deadlock.
func (s *Store) View(ctx context.Context, fn func(tx store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	t := &tx{s: s}
	defer func() {
		t.mu.Lock()
		t.done = true
		t.mu.Unlock()
	}()
	return fn(t)
}

// tx is a transaction. Its mutex makes every method call atomic with respect
// to the end of the transaction, so a Tx kept after its function returned
// can only get ErrTxDone, even from another goroutine.
type tx struct {
	s        *Store
	mu       sync.Mutex
	writable bool
	done     bool
	undo     []undoEntry
	// onRollback holds the functions given to OnRollback, in order.
	onRollback []func()
}

var _ store.Tx = (*tx)(nil)

func (t *tx) Contacts() store.Contacts { return (*contactsTx)(t) }
func (t *tx) Fields() store.Fields     { return (*fieldsTx)(t) }
func (t *tx) Tags() store.Tags         { return (*tagsTx)(t) }
func (t *tx) History() store.History   { return (*historyTx)(t) }

func (t *tx) Lists() store.Lists             { return (*listsTx)(t) }
func (t *tx) Memberships() store.Memberships { return (*membershipsTx)(t) }
func (t *tx) Consent() store.Consent         { return (*consentTx)(t) }
func (t *tx) Automations() store.Automations { return (*automationsTx)(t) }
func (t *tx) Enrollments() store.Enrollments { return (*enrollmentsTx)(t) }
func (t *tx) Activities() store.Activities   { return (*activitiesTx)(t) }

// begin starts a method call: it checks ctx, then that t is still open and,
// for a write, writable. On success the caller holds t.mu and must call
// t.mu.Unlock when done.
func (t *tx) begin(ctx context.Context, write bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	t.mu.Lock()
	switch {
	case t.done:
		t.mu.Unlock()
		return ErrTxDone
	case write && !t.writable:
		t.mu.Unlock()
		return store.ErrReadOnly
	}
	return nil
}

// undoEntry reverts one write. A contact write (the hot path) is recorded
// without a closure: fn is nil, and ws, id and prev say which contact to
// restore (prev nil: the contact was created). Any other write records fn.
type undoEntry struct {
	ws   *workspace
	prev *record
	id   contact.ID
	fn   func()
}

// rollback reverts every write of t, newest first.
func (t *tx) rollback() {
	for i := len(t.undo) - 1; i >= 0; i-- {
		u := &t.undo[i]
		if u.fn != nil {
			u.fn()
			continue
		}
		t.s.restoreContact(u.ws, u.id, u.prev)
	}
}

// onUndo records fn to be run if t rolls back.
func (t *tx) onUndo(fn func()) { t.undo = append(t.undo, undoEntry{fn: fn}) }

// workspace returns the data of ws, or nil if ws has none yet.
func (s *Store) workspace(ws contact.WorkspaceID) *workspace { return s.workspaces[ws] }

// writeWorkspace returns the data of ws, creating it (undoably) if needed.
func (t *tx) writeWorkspace(ws contact.WorkspaceID) *workspace {
	if w := t.s.workspaces[ws]; w != nil {
		return w
	}
	w := newWorkspace(ws)
	t.s.workspaces[ws] = w
	t.onUndo(func() { delete(t.s.workspaces, ws) })
	return w
}
