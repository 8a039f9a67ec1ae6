package memstore_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// TestUndoLogOfLastTransaction: a transaction whose undo log is the one an
// earlier transaction left (a bulk write's) undoes its own writes, every
// one, and none of the earlier one's; transactions of other workspaces,
// run at once, each undo theirs alone.
func TestUndoLogOfLastTransaction(t *testing.T) {
	ctx := t.Context()
	s := memstore.New()
	errUndo := errors.New("undo")
	id := func(g, i int) contact.ID { return contact.ID{byte(g + 1), byte(i >> 8), byte(i)} }
	// bulk writes n contacts of workspace ws (g): it creates those it
	// lacks and renames the others name, and deletes the first deleted,
	// then commits, or rolls back when undo.
	bulk := func(g, n, deleted int, name string, undo bool) error {
		ws := contact.WorkspaceID(fmt.Sprint("ws", g))
		return s.Update(ctx, func(tx store.Tx) error {
			for i := range n {
				c, err := tx.Contacts().Get(ctx, ws, id(g, i))
				switch {
				case errors.Is(err, store.ErrNotFound):
					c = contact.Contact{ID: id(g, i), Workspace: ws, FirstName: name}
					err = tx.Contacts().Create(ctx, &c)
				case err == nil:
					c.FirstName = name
					err = tx.Contacts().Update(ctx, &c)
				}
				if err != nil {
					return err
				}
			}
			for i := range deleted {
				c, err := tx.Contacts().Get(ctx, ws, id(g, i))
				if err == nil {
					err = tx.Contacts().Delete(ctx, ws, c.ID, c.Version)
				}
				if err != nil {
					return err
				}
			}
			if undo {
				return errUndo
			}
			return nil
		})
	}
	// check reports whether workspace g holds contacts 0 to n-1, named name.
	check := func(g, n int, name string) error {
		ws := contact.WorkspaceID(fmt.Sprint("ws", g))
		return s.View(ctx, func(tx store.Tx) error {
			for i := range n + 50 {
				c, err := tx.Contacts().Get(ctx, ws, id(g, i))
				switch {
				case i >= n && !errors.Is(err, store.ErrNotFound):
					return fmt.Errorf("workspace %d: contact %d: got %v, want not found", g, i, err)
				case i < n && err != nil:
					return fmt.Errorf("workspace %d: contact %d: %w", g, i, err)
				case i < n && c.FirstName != name:
					return fmt.Errorf("workspace %d: contact %d named %q, want %q", g, i, c.FirstName, name)
				}
			}
			return nil
		})
	}
	// One after the other: the second takes the log the first left.
	if err := bulk(0, 200, 0, "Ada", false); err != nil {
		t.Fatal(err)
	}
	if err := bulk(0, 250, 20, "Bob", true); !errors.Is(err, errUndo) {
		t.Fatalf("bulk rolled back: got %v, want %v", err, errUndo)
	}
	if err := check(0, 200, "Ada"); err != nil {
		t.Fatal(err)
	}
	// At once, in workspaces of their own.
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for g := range 8 {
		wg.Go(func() {
			for round := range 30 {
				n := 10 + 5*round
				name := fmt.Sprint("round", round)
				if err := bulk(g+1, n, 0, name, false); err != nil {
					errs[g] = err
					return
				}
				if err := bulk(g+1, n+20, n/2, "undone", true); !errors.Is(err, errUndo) {
					errs[g] = fmt.Errorf("round %d: rolled back: %v", round, err)
					return
				}
				if err := check(g+1, n, name); err != nil {
					errs[g] = fmt.Errorf("round %d: %w", round, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
}
