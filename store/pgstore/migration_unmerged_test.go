package pgstore_test

import (
	"errors"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestMigrationLinksUndoneMerges: migration 0011 writes, for each merge
// undone before it, the links (merge.Unmerged) of the merge to the
// contacts it had taken away, which the unmerge now writes itself; an
// erasure of such a contact then finds the merge's record, which holds a
// snapshot of it, and removes it.
func TestMigrationLinksUndoneMerges(t *testing.T) {
	ctx := t.Context()
	pool := migratedTo(t, 10)
	svc := contactkit.New(pgstore.New(pool, nil), &contactkit.Options{DefaultRegion: "FR"})
	a := contactkit.Actor{Workspace: "w", User: "owner", Role: contactkit.RoleOwner}
	create := func(name, email string) contact.ID {
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: &name, Email: &email}})
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	ada, bob, cy := create("Ada", "ada@example.com"), create("Bob", "bob@example.com"), create("Cy", "cy@example.com")
	p, err := svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: ada, Others: []contact.ID{bob, cy}})
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
	// As version 10 left it: no link.
	if _, err := pool.Exec(ctx, `DELETE FROM records WHERE kind = 'unmerged'`); err != nil {
		t.Fatal(err)
	}
	if err := pgstore.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	var links []merge.Unmerged
	err = pgstore.New(pool, nil).View(ctx, func(tx store.Tx) error {
		for u, err := range store.Unmerges(tx.Records()).All(ctx, a.Workspace, store.Query{Parent: rec.ID.String()}) {
			if err != nil {
				return err
			}
			links = append(links, u)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[contact.ID]bool{}
	for _, u := range links {
		got[u.Contact] = true
		if u.Merge != rec.ID || u.At.IsZero() || u.Version != 1 {
			t.Errorf("link %+v: want merge %s, the time it was undone, version 1", u, rec.ID)
		}
	}
	if len(links) != 2 || !got[bob] || !got[cy] {
		t.Fatalf("links after the migration: %+v, want one to %s and one to %s", links, bob, cy)
	}
	if err := svc.EraseContact(ctx, a, bob); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.GetMerge(ctx, a, rec.ID); !errors.Is(err, contactkit.ErrNotFound) {
		t.Errorf("the undone merge holding a snapshot of the erased contact: %v, want not found", err)
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM records WHERE kind = 'unmerged'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d links left (%v), want none: they go with their merge", n, err)
	}
}
