package pgstore_test

import (
	"slices"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/association"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestRv20ActsAssociationOrder: a contact's associations with host records
// whose IDs differ by case, accents, digits and punctuation list in byte
// order of type then record ID, in pages of any size, the same on memstore
// and on PostgreSQL; associated again with the same label they change
// nothing, and dissociated twice the second says there was none.
func TestRv20ActsAssociationOrder(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	records := []string{"b", "B", "a", "A", "é", "e", "z", "_x", "10", "9", " lead", "a b", "ab", "Ä", "日本", "~", "a-b"}
	for name, st := range map[string]store.Store{"memstore": memstore.New(), "pgstore": pgstore.New(pool, nil)} {
		ctx := t.Context()
		svc := contactkit.New(st, &contactkit.Options{Now: func() time.Time { return time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC) },
			AssociationTypes: []association.Type{{Name: "deal"}, {Name: "company", Labels: []string{"Employer"}}, {Name: "d"}}})
		a := contactkit.Actor{Workspace: "rv20-acts-assoc", User: "u", Role: contactkit.RoleOwner}
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada")}})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, typ := range []string{"deal", "company", "d"} {
			for _, r := range records {
				label := ""
				if typ == "company" {
					label = "employer"
				}
				for range 2 {
					as, err := svc.Associate(ctx, a, c.ID, contactkit.AssociationInput{Type: typ, Record: r, Label: label})
					if err != nil {
						t.Fatalf("%s: %s %q: %v", name, typ, r, err)
					}
					if as.Version != 1 {
						t.Fatalf("%s: %s %q associated again: version %d", name, typ, r, as.Version)
					}
				}
				want = append(want, typ+":"+r)
			}
		}
		slices.Sort(want)
		for _, size := range []int{1, 4, 100} {
			var got []string
			cur := ""
			for {
				p, err := svc.ListAssociations(ctx, a, c.ID, contactkit.AssociationQuery{}, store.PageRequest{Limit: size, Cursor: cur})
				if err != nil {
					t.Fatal(err)
				}
				for _, x := range p.Items {
					got = append(got, x.Target.String())
				}
				if cur = p.Next; cur == "" {
					break
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s, pages of %d:\n got %q\nwant %q", name, size, got, want)
			}
		}
		for i := range 2 {
			removed, err := svc.Dissociate(ctx, a, c.ID, "deal", "é")
			if err != nil || removed != (i == 0) {
				t.Errorf("%s: dissociate %d: %v %v", name, i, removed, err)
			}
		}
		var n int
		for x, err := range svc.Associations(ctx, a, c.ID, contactkit.AssociationQuery{Type: "d"}) {
			if err != nil {
				t.Fatal(err)
			}
			if x.Target.Type != "d" {
				t.Errorf("%s: type d lists %s", name, x.Target)
			}
			n++
		}
		if n != len(records) {
			t.Errorf("%s: %d associations of type d, want %d", name, n, len(records))
		}
	}
}
