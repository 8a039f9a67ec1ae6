package pgstore_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestRv22seamGoexitRollsBack: a transaction function that ends its
// goroutine (runtime.Goexit, as t.FailNow does in a host's test) leaves
// nothing behind. Before, only a panic rolled the transaction back: its
// connection stayed checked out of the pool, and the row it had written
// stayed locked, so that the next writer of that contact waited forever
// (memstore releases its locks then too).
func TestRv22seamGoexitRollsBack(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	s := pgstore.New(pool, nil)
	ctx := t.Context()
	const ws = contact.WorkspaceID("rv22seam-goexit")
	c := contact.Contact{ID: contact.ID{1}, Workspace: ws, FirstName: "Ada", Status: contact.StatusActive, Source: contact.SourceManual}
	if err := s.Update(ctx, func(tx store.Tx) error { w := c; return tx.Contacts().Create(ctx, &w) }); err != nil {
		t.Fatalf("Create: %v", err)
	}
	c.Version = 1

	var native pgx.Tx
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.Update(ctx, func(tx store.Tx) error {
			store.As(tx, &native)
			w := c.Clone()
			w.FirstName = "Left by a goroutine that exited"
			if err := tx.Contacts().Update(ctx, &w); err != nil {
				return err
			}
			runtime.Goexit()
			return nil
		})
	}()
	<-done
	// If the transaction was left open, end it, so that the pool can
	// close when the test ends.
	defer func() {
		if native != nil {
			_ = native.Rollback(context.Background())
		}
	}()

	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	err := s.Update(wctx, func(tx store.Tx) error {
		w := c.Clone()
		w.FirstName = "Next writer"
		return tx.Contacts().Update(wctx, &w)
	})
	if err != nil {
		t.Errorf("Update of the contact after a transaction whose function called runtime.Goexit: got err %v, want nil (the transaction rolled back, its lock released)", err)
	}
	if n := pool.Stat().AcquiredConns(); n != 0 {
		t.Errorf("after a transaction whose function called runtime.Goexit, and the next one: %d connections still acquired, want 0", n)
	}
	if err := s.View(ctx, func(tx store.Tx) error {
		got, err := tx.Contacts().Get(ctx, ws, c.ID)
		if err == nil && got.FirstName == "Left by a goroutine that exited" {
			t.Errorf("Get: the write of the transaction whose function called runtime.Goexit is visible")
		}
		return err
	}); err != nil {
		t.Errorf("View: %v", err)
	}
}
