package memstore

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// Errors of package memstore, beyond the sentinels of package store.
var (
	// ErrTxDone is returned by every method of a Tx used after the function
	// it was handed to has returned. Such a call reads and writes nothing.
	ErrTxDone = errors.New("memstore: transaction has ended")

	// ErrInvalid is store.ErrInvalid, which every Store returns, wrapped
	// with the details, for an argument that breaks a method's
	// preconditions: a nil value, a zero ID, an empty workspace, a nil Kind
	// or a record value of another type than its kind's, a negative
	// version, or a non-zero Version given to Contacts.Create. Nothing is
	// written.
	//
	// Deprecated: test for store.ErrInvalid, which this is.
	ErrInvalid = store.ErrInvalid
)

// Store is an in-memory store.Store. The zero Store is not usable: make one
// with New. A Store is safe for concurrent use by multiple goroutines.
type Store struct {
	// mu guards the map of workspaces, not what they hold: each workspace
	// has a lock of its own.
	mu         sync.Mutex
	workspaces map[contact.WorkspaceID]*workspace
	// outbox is nil unless the Store was made with Options.Outbox.
	outbox *outbox
	// empty holds an empty table of each kind (by name), which a read of a
	// kind a workspace has no record of uses. Nothing ever writes to one.
	empty sync.Map
	// spareUndo is an empty undo log that a transaction left, for the next
	// one that outgrows its room (see Tx.logUndo).
	spareUndo atomic.Pointer[[]undoEntry]
}

var _ store.Store = (*Store)(nil)

// New returns an empty Store.
func New() *Store {
	return &Store{workspaces: make(map[contact.WorkspaceID]*workspace)}
}

// workspace returns the data of ws, made empty on first use. A workspace
// once made stays: an empty one holds no record, whatever rolled back. Only
// a call that may add (a creation, a put, an append) makes one (see Tx.ws):
// reading a workspace that does not exist, or finding nothing to update or
// delete in it, leaves nothing behind.
func (s *Store) workspace(ws contact.WorkspaceID) *workspace {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.workspaces[ws]
	if w == nil {
		w = newWorkspace(ws)
		s.workspaces[ws] = w
	}
	return w
}

// Update runs fn in a read-write transaction, as store.Store.Update says.
// A transaction locks each workspace it touches, exclusively, when it first
// touches it, until it ends: transactions in different workspaces run in
// parallel, those in one workspace one at a time. A workspace that does not
// exist is read as empty without a lock, and made by the transaction's
// first call that may add to it (a creation, a put, an append); if another
// transaction makes it while fn runs, fn runs again (its reads of it are
// stale) when it next makes or locks a workspace. fn sees its own writes.
// If fn returns an error or panics, or returns nil when ctx is done, every
// write fn made (records and indexes) is undone before Update returns fn's
// error unchanged (ctx.Err() in the last case) or re-panics; then the
// functions registered with Tx.OnRollback run.
//
// A transaction that touches several workspaces takes their locks in
// ascending order of workspace ID. When fn reaches for a workspace that
// sorts before one it holds and that another transaction holds, the Store
// rolls fn back and runs it again with every workspace it had touched
// locked in order first, as store.Store allows: no two transactions ever
// wait on each other in a cycle.
//
// fn must not call Update or View of the same Store: that may deadlock.
func (s *Store) Update(ctx context.Context, fn func(tx store.Tx) error) error {
	return s.run(ctx, true, fn)
}

// View runs fn in a read-only transaction, as store.Store.View says. It
// holds the workspaces it touches under a shared lock: views run
// concurrently with each other, never with an Update of the same
// workspace, so fn sees one consistent state. Every write method of the Tx
// returns store.ErrReadOnly.
//
// fn must not call Update or View of the same Store: that may deadlock.
func (s *Store) View(ctx context.Context, fn func(tx store.Tx) error) error {
	return s.run(ctx, false, fn)
}

func (s *Store) run(ctx context.Context, writable bool, fn func(tx store.Tx) error) error {
	var first []contact.WorkspaceID // the workspaces to lock before fn runs
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		t := s.begin(writable)
		for _, ws := range first {
			t.lock(s.workspace(ws), true)
		}
		err, again := t.attempt(ctx, fn)
		if !again {
			return err
		}
		first = t.relock
	}
}

// begin returns a new transaction, with the state of one that ended,
// emptied (see txStates).
func (s *Store) begin(writable bool) *Tx {
	st := txStates.Get().(*txState)
	st.writable = writable
	st.undo = st.undoRoom[:0]
	return &Tx{s: s, txState: st}
}

// attempt runs fn once in t and ends t: it commits when fn returns nil and
// ctx is not done (else it returns ctx.Err(), as store.Store.Update says).
// again is true when fn must run again, in a new transaction, with the
// workspaces t touched (t.relock) locked first: then err, which came from
// an attempt that could not lock what it needed, is not the answer.
func (t *Tx) attempt(ctx context.Context, fn func(tx store.Tx) error) (err error, again bool) {
	committed := false
	defer func() {
		if again = t.end(committed); again {
			// The attempt rolled back (its hooks ran), and its result is
			// not the answer.
			err = nil
		}
	}()
	if err = fn(t); err == nil {
		err = ctx.Err()
	}
	committed = err == nil
	return err, false
}

// errRelock is what the methods of a Tx return when it could not lock a
// workspace in order: the transaction then runs again.
var errRelock = errors.New("memstore: workspace busy: transaction to run again")

// end ends t: it undoes every write of t unless committed (and not to run
// again), makes every later call of t return ErrTxDone, runs the functions
// given to OnRollback if it did not commit, and then releases its locks.
// It reports whether t is to run again (then t.relock holds the
// workspaces it is to lock first). If a function given to OnRollback
// panics, end releases the locks all the same, then panics with its value
// (see runReverse).
func (t *Tx) end(committed bool) (again bool) {
	t.mu.Lock()
	again = t.retry
	committed = committed && !again
	hooks := t.onRollback
	if committed {
		hooks = nil
		t.publish()
	} else {
		t.rollback()
	}
	if again {
		t.relock = t.touched()
	}
	t.spare()
	st := t.txState
	t.txState = nil
	// The hooks run without t.mu (a call of t in one gets ErrTxDone
	// rather than a deadlock), while t's workspaces are still locked: no
	// other transaction sees the host's records half restored.
	t.mu.Unlock()
	defer func() {
		for _, w := range st.held {
			if st.writable {
				w.lock.Unlock()
			} else {
				w.lock.RUnlock()
			}
		}
		st.reset()
		txStates.Put(st)
	}()
	runReverse(hooks)
	return again
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

// Tx is the transaction that Update and View hand to their function, as a
// store.Tx. Besides the accessors of store.Tx it offers OnRollback, which a
// host reaches with store.As (see "Rollback hooks" in the package
// documentation). Its mutex makes every method call atomic with respect to
// the end of the transaction, so a Tx kept after its function returned can
// only get ErrTxDone, even from another goroutine.
type Tx struct {
	s  *Store
	mu sync.Mutex
	// txState is the state of the open transaction, nil once it ended: a
	// later transaction takes it over (see txStates), never through t.
	*txState
	// relock holds, when the transaction is to run again, the workspaces
	// it locked or wanted to, in ascending order.
	relock []contact.WorkspaceID
}

// txState is what a transaction holds while it is open.
type txState struct {
	writable bool
	// held holds the workspaces t has locked, in the order it locked them.
	held []*workspace
	// absent holds, for each workspace that did not exist when t first
	// read it, the empty workspace t reads instead: t sees it empty to the
	// end, and a call of t that may add makes the real one only if it
	// still does not exist (else t runs again, as it does when it locks
	// another workspace after one of these was made).
	absent []*workspace
	// retry is set when t could not lock a workspace in order: its
	// function must run again.
	retry  bool
	wanted contact.WorkspaceID // the workspace t could not lock
	undo   []undoEntry
	// undoRoom backs undo at first: a creation through the Service writes
	// its contact, a record of the duplicate index and its history, and
	// its undo log needs no allocation of its own.
	undoRoom [4]undoEntry
	// onRollback holds the functions given to OnRollback, in order.
	onRollback []func()
	// pending holds the events appended to the outbox, numbered and
	// published when t commits.
	pending []store.OutboxEvent
}

// txStates holds the states of the transactions that ended, for the next
// ones: a state and its room take a few hundred bytes, which every call of
// Update and View would allocate (and which, at a million contacts, where
// the collector seldom frees memory, come from new memory each time).
var txStates = sync.Pool{New: func() any { return new(txState) }}

// reset empties st for the next transaction, keeping the room of held and
// absent but nothing they pointed to.
func (st *txState) reset() {
	held, absent := st.held, st.absent
	clear(held)
	clear(absent)
	*st = txState{held: held[:0], absent: absent[:0]}
}

var (
	_ store.Tx   = (*Tx)(nil)
	_ store.Aser = (*Tx)(nil)
)

// Contacts implements store.Tx.
func (t *Tx) Contacts() store.Contacts { return (*contactsTx)(t) }

// Records implements store.Tx.
func (t *Tx) Records() store.Records { return (*recordsTx)(t) }

// History implements store.Tx.
func (t *Tx) History() store.History { return (*historyTx)(t) }

// As implements store.Aser: a target of type **Tx is set to t.
func (t *Tx) As(target any) bool {
	p, ok := target.(**Tx)
	if ok {
		*p = t
	}
	return ok
}

// OnRollback registers f to be called if the transaction of the Update that
// handed out t rolls back, because its function returned an error or
// panicked; never if it commits. It is the in-memory counterpart of what a
// SQL adapter gives a host by sharing its native transaction: see "Rollback
// hooks" in the package documentation. The functions registered run after
// the Store has undone its own writes, before Update returns (or
// re-panics), last registered first, while the Store's workspaces are still
// locked: they must not use the Store. A nil f, or a call on the Tx of a
// View (which has nothing to roll back) or on a Tx whose transaction has
// ended, does nothing.
func (t *Tx) OnRollback(f func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if f == nil || t.txState == nil || !t.writable {
		return
	}
	t.onRollback = append(t.onRollback, f)
}

// begin starts a method call: it checks ctx, then that t is still open and,
// for a write, writable. On success the caller holds t.mu and must call
// t.mu.Unlock when done.
func (t *Tx) begin(ctx context.Context, write bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	t.mu.Lock()
	switch {
	case t.txState == nil:
		t.mu.Unlock()
		return ErrTxDone
	case write && !t.writable:
		t.mu.Unlock()
		return store.ErrReadOnly
	}
	return nil
}

// ws returns the data of workspace id, locked for t, for a call that reads
// it or changes what it holds, or, with create, for one that may add to it.
// The caller holds t.mu. It returns errRelock when the workspace is taken
// and t cannot wait for it, or when t read it as absent and another
// transaction made it since.
//
// A workspace that does not exist is read (and searched for something to
// change) as an empty one of t's own (t.absent), which the Store does not
// keep: asking about made-up workspaces costs no memory once t ends. Only
// a call that may add makes it.
func (t *Tx) ws(id contact.WorkspaceID, create bool) (*workspace, error) {
	if t.retry {
		return nil, errRelock
	}
	for _, w := range t.held {
		if w.id == id {
			return w, nil
		}
	}
	for i, w := range t.absent {
		if w.id != id {
			continue
		}
		if !create {
			return w, nil
		}
		t.absent = slices.Delete(t.absent, i, i+1)
		return t.make(id)
	}
	t.s.mu.Lock()
	w := t.s.workspaces[id]
	t.s.mu.Unlock()
	switch {
	case w == nil && !create:
		w = newWorkspace(id)
		t.absent = append(t.absent, w)
		return w, nil
	case w == nil:
		w = t.s.workspace(id)
	}
	if !t.lock(w, false) {
		t.retry, t.wanted = true, id
		return nil, errRelock
	}
	if err := t.stillAbsent(); err != nil {
		return nil, err
	}
	return w, nil
}

// stillAbsent checks, after t locked another workspace, that the
// workspaces t read as absent still do not exist: one made since may have
// been written together with the one just locked, whose state t would then
// see beside a stale "absent". If one exists, t runs again with it locked.
// (A transaction that makes one later cannot write what t holds until t
// ends.)
func (t *Tx) stillAbsent() error {
	if len(t.absent) == 0 {
		return nil
	}
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	return t.madeSince()
}

// madeSince returns errRelock, and sets t to run again with it, if a
// workspace t read as absent exists now. The caller holds t.s.mu.
func (t *Tx) madeSince() error {
	for _, w := range t.absent {
		if t.s.workspaces[w.id] != nil {
			t.retry, t.wanted = true, w.id
			return errRelock
		}
	}
	return nil
}

// make makes workspace id for a write of t, which read it as absent, and
// locks it. If another transaction made it since, t's reads of it may be
// stale: t runs again, with it locked first.
func (t *Tx) make(id contact.WorkspaceID) (*workspace, error) {
	s := t.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.workspaces[id] != nil {
		t.retry, t.wanted = true, id
		return nil, errRelock
	}
	// Locked before anyone else can see it: taking it never waits.
	w := newWorkspace(id)
	w.lock.Lock()
	s.workspaces[id] = w
	t.held = append(t.held, w)
	if err := t.madeSince(); err != nil {
		return nil, err
	}
	return w, nil
}

// lock locks w for t, in t's mode, and reports whether it did. It waits
// only when every workspace t holds sorts before w, or when wait is set (the
// workspaces locked before a function runs, in order); otherwise it tries,
// and fails when w is taken.
func (t *Tx) lock(w *workspace, wait bool) bool {
	inOrder := wait
	if !inOrder {
		inOrder = true
		for _, h := range t.held {
			if h.id >= w.id {
				inOrder = false
				break
			}
		}
	}
	switch {
	case inOrder && t.writable:
		w.lock.Lock()
	case inOrder:
		w.lock.RLock()
	case t.writable:
		if !w.lock.TryLock() {
			return false
		}
	default:
		if !w.lock.TryRLock() {
			return false
		}
	}
	t.held = append(t.held, w)
	return true
}

// touched returns the IDs of the workspaces t locked or wanted to, in
// ascending order.
func (t *Tx) touched() []contact.WorkspaceID {
	ids := make([]contact.WorkspaceID, len(t.held), len(t.held)+1)
	for i, w := range t.held {
		ids[i] = w.id
	}
	if t.wanted != "" {
		ids = append(ids, t.wanted)
	}
	slices.SortFunc(ids, func(a, b contact.WorkspaceID) int { return strings.Compare(string(a), string(b)) })
	return ids
}

// undoEntry reverts one write. A contact write and an append to a
// contact's history, the writes of every creation, are recorded without a
// closure: a contact write has fn nil, and ws, id and prev say which
// contact to restore (prev nil: the contact was created); an append to a
// contact's history has cut, one more than the length of id's history
// before it. Any other write records fn.
type undoEntry struct {
	ws   *workspace
	prev *record
	id   contact.ID
	fn   func()
	cut  int
}

// rollback reverts every write of t, newest first.
func (t *Tx) rollback() {
	for i := len(t.undo) - 1; i >= 0; i-- {
		u := &t.undo[i]
		switch {
		case u.fn != nil:
			u.fn()
		case u.cut > 0:
			// Later writes were undone first, so the history has cut
			// changes again. It is found by ID, not at the contact's
			// ordinal of now: where the undo of a later deletion puts the
			// contact back is for put to choose.
			u.ws.setHistory(u.id, u.ws.history(u.id)[:u.cut-1])
		default:
			u.ws.restoreContact(u.id, u.prev)
		}
	}
}

// onUndo records fn to be run if t rolls back.
func (t *Tx) onUndo(fn func()) { t.logUndo(undoEntry{fn: fn}) }

// logUndo appends u to the undo log of t. A log that outgrows its first
// room (undoRoom) takes the log a bulk transaction left (Store.spareUndo):
// a batch of writes then grows none.
func (t *Tx) logUndo(u undoEntry) {
	if len(t.undo) == cap(t.undo) && cap(t.undo) == len(t.undoRoom) {
		if spare := t.s.spareUndo.Swap(nil); spare != nil {
			t.undo = append((*spare)[:0], t.undo...)
		}
	}
	t.undo = append(t.undo, u)
}

// maxSpareUndo is the largest undo log, in entries, that a Store keeps for
// the next transaction (3 MB).
const maxSpareUndo = 1 << 16

// spare leaves the undo log of t, which t no longer needs, to the next
// transaction that outgrows its first room, emptied, unless it is that
// room (undoRoom) or too large to keep.
func (t *Tx) spare() {
	if c := cap(t.undo); c == len(t.undoRoom) || c > maxSpareUndo {
		return
	}
	clear(t.undo) // keeps no record and no function alive
	u := t.undo[:0]
	t.s.spareUndo.Store(&u)
}
