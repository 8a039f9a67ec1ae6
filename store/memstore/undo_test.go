package memstore_test

import (
	"errors"
	"fmt"
	"slices"
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

// TestGreatestIDComesAndGoes: a workspace tells the contacts it holds from
// those it does not when the greatest ID it ever held comes and goes: a
// creation rolled back, a deletion rolled back, a deletion, the same ID
// created again, a smaller one created after.
func TestGreatestIDComesAndGoes(t *testing.T) {
	ctx := t.Context()
	s := memstore.New()
	const ws = contact.WorkspaceID("ws")
	errUndo := errors.New("undo")
	id := func(b byte) contact.ID { return contact.ID{b} }
	run := func(undo bool, fn func(tx store.Tx) error) {
		t.Helper()
		err := s.Update(ctx, func(tx store.Tx) error {
			if err := fn(tx); err != nil {
				return err
			}
			if undo {
				return errUndo
			}
			return nil
		})
		if err != nil && !(undo && errors.Is(err, errUndo)) {
			t.Fatal(err)
		}
	}
	create := func(b byte, undo bool) {
		t.Helper()
		run(undo, func(tx store.Tx) error {
			return tx.Contacts().Create(ctx, &contact.Contact{ID: id(b), Workspace: ws, FirstName: fmt.Sprint(b)})
		})
	}
	remove := func(b byte, undo bool) {
		t.Helper()
		run(undo, func(tx store.Tx) error {
			c, err := tx.Contacts().Get(ctx, ws, id(b))
			if err != nil {
				return err
			}
			return tx.Contacts().Delete(ctx, ws, c.ID, c.Version)
		})
	}
	holds := func(want ...byte) {
		t.Helper()
		for b := range byte(8) {
			err := s.View(ctx, func(tx store.Tx) error {
				_, err := tx.Contacts().Get(ctx, ws, id(b))
				return err
			})
			if held := err == nil; held != slices.Contains(want, b) {
				t.Fatalf("contact %d held: %v (%v), want %v", b, held, err, !held)
			}
		}
	}
	create(2, false)
	create(5, true) // the greatest ID, rolled back
	holds(2)
	create(5, false)
	remove(5, true)
	holds(2, 5)
	remove(5, false)
	holds(2)
	create(5, false) // again
	create(3, false)
	holds(2, 3, 5)
	create(7, true)
	create(6, false)
	holds(2, 3, 5, 6)
}
