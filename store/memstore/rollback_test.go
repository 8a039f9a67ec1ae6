package memstore_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// native finds the *memstore.Tx behind tx, as a host's cascade handler
// does, or stops the test.
func native(t *testing.T, tx store.Tx) *memstore.Tx {
	t.Helper()
	var mtx *memstore.Tx
	if !store.As(tx, &mtx) || mtx == nil {
		t.Fatalf("store.As(tx, &mtx) with tx a %T: got false or nil, want the *memstore.Tx", tx)
	}
	return mtx
}

// recoverValue calls f and returns what it panicked with.
func recoverValue(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

func TestOnRollback(t *testing.T) {
	errBoom := errors.New("boom")
	for _, tt := range []struct {
		name    string
		end     func() error // what fn does after registering
		wantRun bool
	}{
		{"error", func() error { return errBoom }, true},
		{"panic", func() error { panic(errBoom) }, true},
		{"commit", func() error { return nil }, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := t.Context()
			s := memstore.New()
			var ran []int
			var err error
			v := recoverValue(func() {
				err = s.Update(ctx, func(tx store.Tx) error {
					c := contact.Contact{ID: contact.ID{1}, Workspace: "ws", FirstName: "Ada"}
					if err := tx.Contacts().Create(ctx, &c); err != nil {
						return err
					}
					mtx := native(t, tx)
					for i := range 3 {
						mtx.OnRollback(func() { ran = append(ran, i) })
					}
					mtx.OnRollback(nil) // does nothing
					return tt.end()
				})
			})
			switch tt.name {
			case "panic":
				if v != errBoom {
					t.Errorf("Update whose fn panicked: recovered %v, want fn's panic value", v)
				}
			case "error":
				if err != errBoom {
					t.Errorf("Update whose fn failed: got err %v, want fn's error", err)
				}
			default:
				if err != nil {
					t.Errorf("Update: got err %v, want nil", err)
				}
			}
			if tt.wantRun && !slices.Equal(ran, []int{2, 1, 0}) {
				t.Errorf("the functions given to OnRollback ran as %v, want [2 1 0]: last registered first", ran)
			}
			if !tt.wantRun && len(ran) != 0 {
				t.Errorf("a committed transaction ran its rollback functions: %v", ran)
			}
		})
	}

	t.Run("after the Store undid its writes", func(t *testing.T) {
		ctx := t.Context()
		s := memstore.New()
		ran := false
		err := s.Update(ctx, func(tx store.Tx) error {
			c := contact.Contact{ID: contact.ID{1}, Workspace: "ws", FirstName: "Ada"}
			if err := tx.Contacts().Create(ctx, &c); err != nil {
				return err
			}
			native(t, tx).OnRollback(func() { ran = true })
			return errBoom
		})
		if err != errBoom || !ran {
			t.Fatalf("Update whose fn failed: got err %v, hook ran %v, want %v, true", err, ran, errBoom)
		}
		err = viewContact(ctx, s, contact.ID{1})
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("after a rolled-back Create: Contacts.Get got err %v, want store.ErrNotFound", err)
		}
	})

	t.Run("through storetest.Retrying", func(t *testing.T) {
		// The first attempt rolls back: what it registered runs; the
		// second commits: what it registered does not.
		ctx := t.Context()
		s := storetest.Retrying(memstore.New())
		var ran []int
		attempt := 0
		err := s.Update(ctx, func(tx store.Tx) error {
			attempt++
			n := attempt
			native(t, tx).OnRollback(func() { ran = append(ran, n) })
			return nil
		})
		if err != nil || !slices.Equal(ran, []int{1}) {
			t.Errorf("Retrying(memstore).Update: got err %v, hooks of attempts %v run, want nil and [1]", err, ran)
		}
	})

	t.Run("view and ended transactions", func(t *testing.T) {
		ctx := t.Context()
		s := memstore.New()
		ran := false
		var kept *memstore.Tx
		err := s.View(ctx, func(tx store.Tx) error {
			native(t, tx).OnRollback(func() { ran = true })
			return errBoom
		})
		if err != errBoom || ran {
			t.Errorf("View whose fn failed: got err %v, hook ran %v, want %v, false (a View has nothing to roll back)", err, ran, errBoom)
		}
		if err := s.Update(ctx, func(tx store.Tx) error { kept = native(t, tx); return nil }); err != nil {
			t.Fatal(err)
		}
		kept.OnRollback(func() { ran = true })
		_ = s.Update(ctx, func(store.Tx) error { return errBoom })
		if ran {
			t.Errorf("a function registered after the end of its transaction ran")
		}
		if _, err := kept.Contacts().Get(ctx, "ws", contact.ID{1}); !errors.Is(err, memstore.ErrTxDone) {
			t.Errorf("Contacts.Get on a Tx whose transaction ended: got err %v, want memstore.ErrTxDone", err)
		}
	})

	t.Run("while the workspaces are locked", func(t *testing.T) {
		// A transaction of the same workspace, started by the hook, waits
		// for the rolled-back one to release it: it cannot see the host's
		// records before the hooks restored them. A call of the ended Tx
		// in a hook gets ErrTxDone, not a deadlock.
		ctx := t.Context()
		s := memstore.New()
		done := make(chan struct{})
		var finishedInHook bool
		var inHook error
		err := s.Update(ctx, func(tx store.Tx) error {
			c := contact.Contact{ID: contact.ID{4}, Workspace: "ws", FirstName: "Ada"}
			if err := tx.Contacts().Create(ctx, &c); err != nil {
				return err
			}
			mtx := native(t, tx)
			mtx.OnRollback(func() {
				go func() {
					defer close(done)
					_ = viewContact(ctx, s, contact.ID{4})
				}()
				select {
				case <-done:
					finishedInHook = true
				case <-time.After(100 * time.Millisecond):
				}
				_, inHook = mtx.Contacts().Get(ctx, "ws", contact.ID{4})
			})
			return errBoom
		})
		<-done
		if err != errBoom || finishedInHook {
			t.Errorf("got err %v, another transaction of the workspace ran during the hook: %v; want %v, false", err, finishedInHook, errBoom)
		}
		if !errors.Is(inHook, memstore.ErrTxDone) {
			t.Errorf("a call of the ended Tx in its hook: got err %v, want memstore.ErrTxDone", inHook)
		}
	})

	t.Run("a kept transaction reaches no later one", func(t *testing.T) {
		// A transaction's state serves the next transactions once it
		// ends: a Tx kept past its end must reach none of them.
		ctx := t.Context()
		s := memstore.New()
		var kept *memstore.Tx
		if err := s.Update(ctx, func(tx store.Tx) error { kept = native(t, tx); return nil }); err != nil {
			t.Fatal(err)
		}
		ran := false
		err := s.Update(ctx, func(tx store.Tx) error {
			kept.OnRollback(func() { ran = true })
			c := contact.Contact{ID: contact.ID{3}, Workspace: "ws", FirstName: "Ada"}
			if err := kept.Contacts().Create(ctx, &c); !errors.Is(err, memstore.ErrTxDone) {
				t.Errorf("Contacts.Create on a kept Tx within a later transaction: got err %v, want memstore.ErrTxDone", err)
			}
			return errBoom
		})
		if err != errBoom || ran {
			t.Errorf("the later transaction: got err %v, the kept Tx's hook ran %v, want %v, false", err, ran, errBoom)
		}
		err = viewContact(ctx, s, contact.ID{3})
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Get of the contact the kept Tx tried to create: got err %v, want store.ErrNotFound", err)
		}
	})

	t.Run("a panicking hook", func(t *testing.T) {
		ctx := t.Context()
		s := memstore.New()
		var ran []int
		v := recoverValue(func() {
			_ = s.Update(ctx, func(tx store.Tx) error {
				mtx := native(t, tx)
				mtx.OnRollback(func() { ran = append(ran, 0) })
				mtx.OnRollback(func() { panic("hook") })
				mtx.OnRollback(func() { ran = append(ran, 2) })
				return errBoom
			})
		})
		if v != "hook" || !slices.Equal(ran, []int{2, 0}) {
			t.Errorf("Update with a panicking rollback function: recovered %v, others ran %v, want \"hook\" and [2 0]", v, ran)
		}
		// The Store is usable: its locks were released.
		err := s.Update(ctx, func(tx store.Tx) error {
			c := contact.Contact{ID: contact.ID{2}, Workspace: "ws", FirstName: "Grace"}
			return tx.Contacts().Create(ctx, &c)
		})
		if err != nil {
			t.Errorf("Update after a panicking rollback function: got err %v, want nil", err)
		}
	})
}

func TestAs(t *testing.T) {
	ctx := t.Context()
	s := memstore.New()
	err := s.Update(ctx, func(tx store.Tx) error {
		var other *int
		if store.As(tx, &other) {
			t.Errorf("store.As(tx, **int): got true, want false")
		}
		if mtx := native(t, tx); mtx != tx {
			t.Errorf("store.As(tx, &mtx): got %p, want the Tx itself %p", mtx, tx)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// viewContact reads contact id of workspace "ws" of s in a View, and
// returns the error of the read.
func viewContact(ctx context.Context, s *memstore.Store, id contact.ID) error {
	return s.View(ctx, func(tx store.Tx) error {
		_, err := tx.Contacts().Get(ctx, "ws", id)
		return err
	})
}
