package memstore_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// deadline bounds every wait of these tests, so that a deadlock fails the
// test instead of hanging the run.
const deadline = 30 * time.Second

// seed stores one contact in each of wss, all with the ID id.
func seed(t *testing.T, s *memstore.Store, id contact.ID, wss ...contact.WorkspaceID) {
	t.Helper()
	ctx := t.Context()
	err := s.Update(ctx, func(tx store.Tx) error {
		for _, ws := range wss {
			c := contact.Contact{ID: id, Workspace: ws, FirstName: "Counter", Status: contact.StatusActive}
			if err := tx.Contacts().Create(ctx, &c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("setup: Contacts.Create: %v", err)
	}
}

// bump reads contact id of ws in tx and writes it back: its version goes
// up by one.
func bump(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, id contact.ID) error {
	c, err := tx.Contacts().Get(ctx, ws, id)
	if err != nil {
		return err
	}
	return tx.Contacts().Update(ctx, &c)
}

func version(t *testing.T, s *memstore.Store, ws contact.WorkspaceID, id contact.ID) int64 {
	t.Helper()
	var v int64
	err := s.View(t.Context(), func(tx store.Tx) error {
		c, err := tx.Contacts().Get(t.Context(), ws, id)
		v = c.Version
		return err
	})
	if err != nil {
		t.Fatalf("Contacts.Get: %v", err)
	}
	return v
}

// wait returns an error if ch does not deliver within deadline.
func wait[T any](ch <-chan T) (T, error) {
	timer := time.NewTimer(deadline)
	defer timer.Stop()
	select {
	case v := <-ch:
		return v, nil
	case <-timer.C:
		var zero T
		return zero, fmt.Errorf("no answer within %v: deadlock?", deadline)
	}
}

// TestWorkspacesDoNotWait: an Update holding workspace a open does not
// delay an Update or a View of workspace b.
func TestWorkspacesDoNotWait(t *testing.T) {
	ctx := t.Context()
	s := memstore.New()
	id := contact.ID{1}
	seed(t, s, id, "a", "b")
	in, hold := make(chan struct{}), make(chan struct{})
	doneA := make(chan error, 1)
	go func() {
		doneA <- s.Update(ctx, func(tx store.Tx) error {
			if err := bump(ctx, tx, "a", id); err != nil {
				return err
			}
			close(in)
			<-hold
			return nil
		})
	}()
	if _, err := wait(in); err != nil {
		t.Fatalf("the Update of workspace a: %v", err)
	}
	doneB := make(chan error, 2)
	go func() {
		doneB <- s.Update(ctx, func(tx store.Tx) error { return bump(ctx, tx, "b", id) })
		doneB <- s.View(ctx, func(tx store.Tx) error {
			_, err := tx.Contacts().Get(ctx, "b", id)
			return err
		})
	}()
	for range 2 {
		if err, werr := wait(doneB); werr != nil || err != nil {
			t.Errorf("a transaction of workspace b while an Update of workspace a is open: got err %v, %v, want nil without waiting", err, werr)
		}
	}
	close(hold)
	if err, werr := wait(doneA); werr != nil || err != nil {
		t.Fatalf("the Update of workspace a: %v, %v", err, werr)
	}
}

// TestRelockAndRetry drives the retry path: a transaction that touched b
// reaches for a, which another transaction holds. It cannot wait for a
// while it holds b (a transaction that holds a may be waiting for b), so
// the Store rolls it back and runs it again with a and b locked in order,
// once a is free. Its function runs twice; its writes happen once.
func TestRelockAndRetry(t *testing.T) {
	ctx := t.Context()
	s := memstore.New()
	id := contact.ID{2}
	seed(t, s, id, "a", "b")

	in, hold := make(chan struct{}), make(chan struct{})
	holder := make(chan error, 1)
	go func() {
		holder <- s.Update(ctx, func(tx store.Tx) error {
			if err := bump(ctx, tx, "a", id); err != nil {
				return err
			}
			close(in)
			<-hold
			return nil
		})
	}()
	if _, err := wait(in); err != nil {
		t.Fatalf("the Update holding workspace a: %v", err)
	}

	var calls, host atomic.Int32
	var firstErr atomic.Value
	reached := make(chan struct{}, 4)
	mover := make(chan error, 1)
	go func() {
		mover <- s.Update(ctx, func(tx store.Tx) error {
			n := calls.Add(1)
			if err := bump(ctx, tx, "b", id); err != nil {
				return err
			}
			// A host's write in the same transaction, undone on rollback.
			var mtx *memstore.Tx
			if !store.As(tx, &mtx) {
				return errors.New("no *memstore.Tx")
			}
			host.Add(1)
			mtx.OnRollback(func() { host.Add(-1) })
			err := bump(ctx, tx, "a", id)
			if n == 1 && err != nil {
				firstErr.Store(err)
			}
			reached <- struct{}{}
			return err
		})
	}()
	// The first attempt fails to lock a at once, without waiting.
	if _, err := wait(reached); err != nil {
		t.Fatalf("the first attempt of the Update touching b then a: %v; a transaction must not wait for a workspace that sorts before one it holds", err)
	}
	close(hold)
	if err, werr := wait(holder); werr != nil || err != nil {
		t.Fatalf("the Update holding workspace a: %v, %v", err, werr)
	}
	if err, werr := wait(mover); werr != nil || err != nil {
		t.Fatalf("the Update touching b then a: got %v, %v, want nil once a is free", err, werr)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("the Update touching b then a while a was held ran its function %d times, want 2 (rolled back, then run again with a and b locked in order)", n)
	}
	if err, _ := firstErr.Load().(error); err == nil || errors.Is(err, store.ErrConflict) {
		t.Errorf("the first attempt's Contacts.Get of the held workspace: got err %v, want the Store's own error that makes it run again", err)
	}
	if got := version(t, s, "a", id); got != 3 {
		t.Errorf("contact of workspace a: version %d, want 3 (once by each transaction)", got)
	}
	if got := version(t, s, "b", id); got != 2 {
		t.Errorf("contact of workspace b: version %d, want 2 (the rolled-back attempt wrote nothing)", got)
	}
	if got := host.Load(); got != 1 {
		t.Errorf("a host's write made through OnRollback in each attempt: %d left, want 1 (the hooks of the attempt rolled back to run again must run)", got)
	}
}

// TestTwoWorkspacesBothOrders runs transactions that touch workspaces a and
// b, half of them a first and half b first, concurrently: none deadlocks,
// and none loses an update.
func TestTwoWorkspacesBothOrders(t *testing.T) {
	ctx := t.Context()
	s := memstore.New()
	id := contact.ID{3}
	seed(t, s, id, "a", "b")
	const writers, rounds = 8, 50
	var calls atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		first, second := contact.WorkspaceID("a"), contact.WorkspaceID("b")
		if w%2 == 1 {
			first, second = second, first
		}
		wg.Go(func() {
			for range rounds {
				err := s.Update(ctx, func(tx store.Tx) error {
					calls.Add(1)
					if err := bump(ctx, tx, first, id); err != nil {
						return err
					}
					return bump(ctx, tx, second, id)
				})
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	if _, err := wait(done); err != nil {
		t.Fatalf("%d writers touching two workspaces in both orders: %v", writers, err)
	}
	close(errs)
	for err := range errs {
		t.Errorf("Update touching two workspaces: got err %v, want nil", err)
	}
	for _, ws := range []contact.WorkspaceID{"a", "b"} {
		if got, want := version(t, s, ws, id), int64(1+writers*rounds); got != want {
			t.Errorf("contact of workspace %s after %d transactions: version %d, want %d (no update lost)", ws, writers*rounds, got, want)
		}
	}
	t.Logf("%d transactions ran their function %d times", writers*rounds, calls.Load())
}

// TestViewsOfTwoWorkspaces: views touching two workspaces in both orders,
// with writers, neither deadlock nor see half a transaction.
func TestViewsOfTwoWorkspaces(t *testing.T) {
	ctx := t.Context()
	s := memstore.New()
	id := contact.ID{4}
	seed(t, s, id, "a", "b")
	var wg sync.WaitGroup
	torn := make(chan string, 100)
	for w := range 4 {
		wg.Go(func() {
			for range 50 {
				if w%2 == 0 {
					_ = s.Update(ctx, func(tx store.Tx) error {
						if err := bump(ctx, tx, "a", id); err != nil {
							return err
						}
						return bump(ctx, tx, "b", id)
					})
					continue
				}
				order := []contact.WorkspaceID{"b", "a"}
				if w%4 == 1 {
					order = []contact.WorkspaceID{"a", "b"}
				}
				_ = s.View(ctx, func(tx store.Tx) error {
					var vs [2]int64
					for i, ws := range order {
						c, err := tx.Contacts().Get(ctx, ws, id)
						if err != nil {
							return err
						}
						vs[i] = c.Version
					}
					if vs[0] != vs[1] {
						select {
						case torn <- fmt.Sprintf("versions %v of %v", vs, order):
						default:
						}
					}
					return nil
				})
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	if _, err := wait(done); err != nil {
		t.Fatalf("views and updates of two workspaces: %v", err)
	}
	close(torn)
	for x := range torn {
		t.Errorf("a View of two workspaces saw half a transaction: %s; a View sees one consistent state", x)
	}
}
