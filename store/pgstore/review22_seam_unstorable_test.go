package pgstore_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestRv22seamUnstorableNamesAreNotFound: a workspace, whatever its name,
// that holds nothing has no record (store.Tx), and a record ID nothing can
// hold is not found: Contacts.Get, Update and Delete in a workspace whose name
// PostgreSQL cannot hold (a NUL, bytes that are not UTF-8), Records.Delete
// of such an ID, answer store.ErrNotFound, History.Delete has nothing to
// delete, and the transaction stays usable, as on memstore and as
// Records.Get already did. Before, each sent its statement, which failed
// with SQLSTATE 22021 and aborted the transaction.
func TestRv22seamUnstorableNamesAreNotFound(t *testing.T) {
	ctx := t.Context()
	for _, st := range []store.Store{memstore.New(), pgstore.New(pgstore.NewTestPool(t), nil)} {
		name := fmt.Sprintf("%T", st)
		c := contact.Contact{ID: contact.ID{7}, Workspace: "rv22seam-unstorable", FirstName: "Ann", Status: contact.StatusActive, Source: contact.SourceManual}
		err := st.Update(ctx, func(tx store.Tx) error {
			for _, ws := range []contact.WorkspaceID{"a\x00b", "\xff"} {
				if _, err := tx.Contacts().Get(ctx, ws, c.ID); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("%s: Contacts.Get in workspace %q: got err %v, want store.ErrNotFound", name, ws, err)
				}
				u := c
				u.Workspace, u.Version = ws, 1
				if err := tx.Contacts().Update(ctx, &u); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("%s: Contacts.Update in workspace %q: got err %v, want store.ErrNotFound", name, ws, err)
				}
				if err := tx.Contacts().Delete(ctx, ws, c.ID, 1); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("%s: Contacts.Delete in workspace %q: got err %v, want store.ErrNotFound", name, ws, err)
				}
				if err := tx.Records().Delete(ctx, ws, store.KindTag, "vip", 1); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("%s: Records.Delete in workspace %q: got err %v, want store.ErrNotFound", name, ws, err)
				}
				if err := tx.History().Delete(ctx, ws, c.ID); err != nil {
					t.Errorf("%s: History.Delete in workspace %q: got err %v, want nil (nothing to delete)", name, ws, err)
				}
			}
			if err := tx.Records().Delete(ctx, c.Workspace, store.KindTag, "a\x00b", 1); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s: Records.Delete of an ID with a NUL: got err %v, want store.ErrNotFound", name, err)
			}
			w := c
			return tx.Contacts().Create(ctx, &w)
		})
		if err != nil {
			t.Errorf("%s: Update that created a contact after those calls: got err %v, want nil (the transaction stays usable)", name, err)
		}
	}
}
