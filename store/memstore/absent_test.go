package memstore

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

func (s *Store) workspaceCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.workspaces)
}

// TestReadingAbsentWorkspacesKeepsNothing: reads of workspaces that do not
// exist — in a View, in an Update that only reads, in one that fails — find
// them empty, and writes refused there (nothing to update or delete, a
// change of no contact) refuse; all leave the Store as it was. A write
// makes the workspace.
func TestReadingAbsentWorkspacesKeepsNothing(t *testing.T) {
	ctx := t.Context()
	s := New()
	id := contact.ID{1}
	read := func(tx store.Tx, ws contact.WorkspaceID) error {
		if _, err := tx.Contacts().Get(ctx, ws, id); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("Get: got %v, want ErrNotFound", err)
		}
		page, err := tx.Contacts().List(ctx, ws, store.ContactQuery{Words: []string{"ada"}}, store.PageRequest{})
		if err != nil || len(page.Items) != 0 {
			return fmt.Errorf("List: got %d items, %v; want none", len(page.Items), err)
		}
		if _, err := tx.Records().Get(ctx, ws, store.KindTag, "vip"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("Records.Get: got %v, want ErrNotFound", err)
		}
		h, err := tx.History().List(ctx, ws, id, "", store.PageRequest{})
		if err != nil || len(h.Items) != 0 {
			return fmt.Errorf("History.List: got %d, %v; want none", len(h.Items), err)
		}
		return nil
	}
	// Writes refused for want of what they change, or of a valid change.
	refused := func(tx store.Tx, ws contact.WorkspaceID) error {
		c := contact.Contact{ID: id, Workspace: ws, FirstName: "Ada", Version: 1, Status: contact.StatusActive}
		if err := tx.Contacts().Update(ctx, &c); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("Update: got %v, want ErrNotFound", err)
		}
		if err := tx.Contacts().Delete(ctx, ws, id, 1); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("Delete: got %v, want ErrNotFound", err)
		}
		if err := tx.Records().Delete(ctx, ws, store.KindTag, "vip", 1); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("Records.Delete: got %v, want ErrNotFound", err)
		}
		r := store.Record{ID: tag.MustParseName("vip").Key(), Version: 3, Value: tag.Tag{Name: tag.MustParseName("vip")}}
		if err := tx.Records().Put(ctx, ws, store.KindTag, &r); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("Records.Put at a version: got %v, want ErrNotFound", err)
		}
		if err := tx.History().Append(ctx, ws); err != nil {
			return fmt.Errorf("History.Append of nothing: %v", err)
		}
		if err := tx.History().Append(ctx, ws, contact.Change{Field: "first_name"}); !errors.Is(err, store.ErrInvalid) {
			return fmt.Errorf("History.Append of no contact: got %v, want ErrInvalid", err)
		}
		return nil
	}
	errStop := errors.New("stop")
	for i := range 200 {
		ws := contact.WorkspaceID(fmt.Sprint("made-up-", i))
		if err := s.View(ctx, func(tx store.Tx) error { return read(tx, ws) }); err != nil {
			t.Fatalf("View of %s: %v", ws, err)
		}
		if err := s.Update(ctx, func(tx store.Tx) error { return read(tx, ws) }); err != nil {
			t.Fatalf("Update reading %s: %v", ws, err)
		}
		if err := s.Update(ctx, func(tx store.Tx) error { return refused(tx, ws) }); err != nil {
			t.Fatalf("Update of %s: %v", ws, err)
		}
		if err := s.Update(ctx, func(tx store.Tx) error {
			if err := read(tx, ws); err != nil {
				return err
			}
			return errStop
		}); !errors.Is(err, errStop) {
			t.Fatalf("failed Update reading %s: %v", ws, err)
		}
	}
	if n := s.workspaceCount(); n != 0 {
		t.Fatalf("after reading 200 absent workspaces the Store keeps %d", n)
	}
	// A write makes the workspace, and a read after it in the same
	// transaction sees the write.
	var tagID string
	err := s.Update(ctx, func(tx store.Tx) error {
		if err := read(tx, "real"); err != nil {
			return err
		}
		r := store.Record{ID: tag.MustParseName("vip").Key(), Value: tag.Tag{Name: tag.MustParseName("vip")}}
		if err := tx.Records().Put(ctx, "real", store.KindTag, &r); err != nil {
			return err
		}
		tagID = r.ID
		_, err := tx.Records().Get(ctx, "real", store.KindTag, tagID)
		return err
	})
	if err != nil {
		t.Fatalf("Update writing: %v", err)
	}
	if n := s.workspaceCount(); n != 1 {
		t.Fatalf("after one write the Store keeps %d workspaces, want 1", n)
	}
}

// TestWriteAfterReadingAnAbsentWorkspace: a transaction that read a
// workspace as absent, and then writes to it after another transaction
// made it, runs again, and then sees what the other wrote: creating a
// contact "only if the workspace has none" never makes two.
func TestWriteAfterReadingAnAbsentWorkspace(t *testing.T) {
	ctx := t.Context()
	s := New()
	const ws = contact.WorkspaceID("late")
	readDone, otherDone := make(chan struct{}), make(chan error)
	createIfNone := func(tx store.Tx, id contact.ID) (bool, error) {
		n, err := store.CountContacts(ctx, tx, ws, store.ContactQuery{})
		if err != nil || n > 0 {
			return false, err
		}
		return true, nil
	}
	create := func(tx store.Tx, id contact.ID) error {
		c := contact.Contact{ID: id, Workspace: ws, FirstName: "Only", Status: contact.StatusActive}
		return tx.Contacts().Create(ctx, &c)
	}
	attempts := 0
	go func() {
		<-readDone
		otherDone <- s.Update(ctx, func(tx store.Tx) error {
			if ok, err := createIfNone(tx, contact.ID{2}); !ok || err != nil {
				return fmt.Errorf("the other transaction found the workspace not empty: %v", err)
			}
			return create(tx, contact.ID{2})
		})
	}()
	err := s.Update(ctx, func(tx store.Tx) error {
		attempts++
		ok, err := createIfNone(tx, contact.ID{1})
		if err != nil {
			return err
		}
		if attempts == 1 {
			close(readDone)
			select {
			case err := <-otherDone:
				if err != nil {
					return err
				}
			case <-time.After(deadline):
				return errors.New("the other transaction did not commit: it waited on this one?")
			}
		}
		if !ok {
			return nil
		}
		return create(tx, contact.ID{1})
	})
	if err != nil {
		t.Fatal(err)
	}
	if attempts != 2 {
		t.Fatalf("the transaction ran %d times, want 2 (again after its read went stale)", attempts)
	}
	var n int
	if err := s.View(ctx, func(tx store.Tx) (err error) {
		n, err = store.CountContacts(ctx, tx, ws, store.ContactQuery{})
		return err
	}); err != nil || n != 1 {
		t.Fatalf("the workspace holds %d contacts (%v), want 1", n, err)
	}
}

const deadline = 30 * time.Second

// TestViewOfAnAbsentWorkspaceStaysConsistent: a View that read workspace a
// as absent, then reads workspace b after another transaction wrote both,
// runs again, and sees both writes or neither.
func TestViewOfAnAbsentWorkspaceStaysConsistent(t *testing.T) {
	ctx := t.Context()
	s := New()
	count := func(tx store.Tx, ws contact.WorkspaceID) (int, error) {
		return store.CountContacts(ctx, tx, ws, store.ContactQuery{})
	}
	create := func(tx store.Tx, ws contact.WorkspaceID) error {
		c := contact.Contact{ID: contact.ID{9}, Workspace: ws, FirstName: "Both", Status: contact.StatusActive}
		return tx.Contacts().Create(ctx, &c)
	}
	attempts := 0
	var a, b int
	err := s.View(ctx, func(tx store.Tx) (err error) {
		attempts++
		if a, err = count(tx, "a"); err != nil {
			return err
		}
		if attempts == 1 {
			if err := s.Update(ctx, func(tx store.Tx) error {
				if err := create(tx, "a"); err != nil {
					return err
				}
				return create(tx, "b")
			}); err != nil {
				return err
			}
		}
		b, err = count(tx, "b")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Fatalf("the view saw a=%d and b=%d: one write of a transaction without the other", a, b)
	}
	if attempts != 2 {
		t.Fatalf("the view ran %d times, want 2", attempts)
	}
}
