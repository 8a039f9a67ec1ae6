package pgstore_test

import (
	"fmt"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestRv21pgBackfillIndexes: BackfillIndexes, run on data this version
// wrote (trashed activities, an undone merge), writes nothing on
// PostgreSQL as on memstore: each deletion and unmerge wrote its record
// itself, and migrations 0011 and 0012 wrote those of earlier data. Run
// after the records are lost (as an earlier version left them), it writes
// them back, the same number on both stores, and a second run none.
func TestRv21pgBackfillIndexes(t *testing.T) {
	ctx := t.Context()
	a := contactkit.Actor{Workspace: "rv21pg-backfill", User: "owner", Role: contactkit.RoleOwner}
	pool := pgstore.NewTestPool(t)
	for _, s := range []store.Store{memstore.New(), pgstore.New(pool, nil)} {
		svc := contactkit.New(s, &contactkit.Options{DefaultRegion: "FR"})
		var ids []contact.ID
		for i := range 3 {
			name, email := fmt.Sprint("Ann ", i), fmt.Sprintf("ann%d@example.com", i)
			c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: &name, Email: &email}})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
			for j := range 2 {
				n, err := svc.AddNote(ctx, a, c.ID, contactkit.NoteInput{Body: fmt.Sprint("note ", j)})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := svc.DeleteActivity(ctx, a, n.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		p, err := svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: ids[0], Others: ids[1:]})
		if err != nil {
			t.Fatal(err)
		}
		rec, err := svc.MergeContacts(ctx, a, p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.UnmergeContacts(ctx, a, rec.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := svc.BackfillIndexes(ctx, a); n != 0 || err != nil {
			t.Errorf("%T: BackfillIndexes on data of this version = %d, %v; want 0", s, n, err)
		}
		// Lose the records, as a store kept by an earlier version lacks them.
		err = s.Update(ctx, func(tx store.Tx) error {
			for _, k := range []store.Kind{store.KindActivityTrash, store.KindUnmerged} {
				page, err := tx.Records().List(ctx, a.Workspace, k, store.Query{}, store.PageRequest{Limit: store.MaxLimit})
				if err != nil {
					return err
				}
				for _, r := range page.Items {
					if err := tx.Records().Delete(ctx, a.Workspace, k, r.ID, r.Version); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n, err := svc.BackfillIndexes(ctx, a); n != 6+2 || err != nil {
			t.Errorf("%T: BackfillIndexes after the records were lost = %d, %v; want 8 (6 trashed notes, 2 contacts taken away)", s, n, err)
		}
		if n, err := svc.BackfillIndexes(ctx, a); n != 0 || err != nil {
			t.Errorf("%T: BackfillIndexes again = %d, %v; want 0", s, n, err)
		}
	}
}
