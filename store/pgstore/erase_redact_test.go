package pgstore_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
)

// An erasure redacts the survivor of an undone merge (D3 over H2) on
// PostgreSQL as on memstore: the survivor's history is written again, in
// its order, with the erased contact's values replaced, and the reasons of
// its memberships of that time too.
func TestEraseRedactsTheSurvivorOfAnUndoneMerge(t *testing.T) {
	ctx := context.Background()
	var got [][]string
	for _, s := range acc5Sides(t, nil) {
		a := acc5Actor
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
		}
		ada, err := s.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")}})
		must(err)
		bob, err := s.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{LastName: new("Privé"), Email: new("bob.private@example.com"), Phone: new("0612345678")}})
		must(err)
		_, err = s.svc.UnsubscribeAddress(ctx, a, list.ChannelEmail, "bob.private@example.com", "asked")
		must(err)
		p, err := s.svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: ada.ID, Others: []contact.ID{bob.ID}})
		must(err)
		rec, err := s.svc.MergeContacts(ctx, a, p)
		must(err)
		news, err := s.svc.CreateList(ctx, a, list.List{Name: "News"})
		must(err)
		_, err = s.svc.AddToList(ctx, a, news.ID, ada.ID)
		must(err)
		_, err = s.svc.UnmergeContacts(ctx, a, rec.ID)
		must(err)
		must(s.svc.EraseContact(ctx, a, bob.ID))

		var entries []string
		for h, err := range s.svc.History(ctx, a, ada.ID, "") {
			must(err)
			e := h.Field + " " + h.Old + " -> " + h.New + " " + h.Reason
			for _, secret := range []string{"bob.private@example.com", "+33612345678", "Privé"} {
				if strings.Contains(e, secret) {
					t.Errorf("%s: Ada's history keeps %q: %s", s.name, secret, e)
				}
			}
			// The lists' and merges' IDs are the same on both sides.
			entries = append(entries, e)
		}
		for m, err := range s.svc.Memberships(ctx, a, contactkit.MembershipQuery{Contact: ada.ID}) {
			must(err)
			if !strings.Contains(m.Changed.Reason, contact.Erased) {
				t.Errorf("%s: Ada's membership's reason: %q, want the address erased", s.name, m.Changed.Reason)
			}
		}
		got = append(got, entries)
	}
	if !reflect.DeepEqual(got[0], got[1]) {
		t.Errorf("memstore and pgstore differ:\n%q\n%q", got[0], got[1])
	}
}
