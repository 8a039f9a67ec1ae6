package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
)

// The sixteenth review: a purge removes, on PostgreSQL as on memstore, the
// undone merge that held the purged contact's snapshot, keeps the
// standing one, which still brings the contact back, and redacts the same
// entries of the survivor's history.
func TestRev16PurgeRemovesUndoneMergesKeepsStanding(t *testing.T) {
	ctx := context.Background()
	window := time.Millisecond
	var got [][]string
	for _, s := range acc5Sides(t, func(o *contactkit.Options) { o.RestoreWindow = &window }) {
		a := acc5Actor
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
		}
		ada, err := s.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")}})
		must(err)
		bob, err := s.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{LastName: new("Privé"), Email: new("bob.private@example.com")}})
		must(err)
		merge := func() contactkit.MergePreview {
			p, err := s.svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: ada.ID, Others: []contact.ID{bob.ID}})
			must(err)
			return p
		}
		undone, err := s.svc.MergeContacts(ctx, a, merge())
		must(err)
		_, err = s.svc.UnmergeContacts(ctx, a, undone.ID)
		must(err)
		standing, err := s.svc.MergeContacts(ctx, a, merge())
		must(err)
		for range 20 { // the clock moves on each read: past the window
			_, _ = s.svc.GetContact(ctx, a, ada.ID)
		}
		n, err := s.svc.PurgeTrash(ctx, a)
		must(err)
		if n != 1 {
			t.Errorf("%s: purged %d, want Bob", s.name, n)
		}
		if _, err := s.svc.GetMerge(ctx, a, undone.ID); !errors.Is(err, contactkit.ErrNotFound) {
			t.Errorf("%s: the undone merge: %v, want ErrNotFound", s.name, err)
		}
		_, err = s.svc.GetMerge(ctx, a, standing.ID)
		must(err)
		var entries []string
		for h, err := range s.svc.History(ctx, a, ada.ID, "") {
			must(err)
			entries = append(entries, h.Field+" "+h.Old+" -> "+h.New)
		}
		res, err := s.svc.UnmergeContacts(ctx, a, standing.ID)
		must(err)
		if len(res.Others) != 1 || res.Others[0].LastName != "Privé" || res.Others[0].Email.String() != "bob.private@example.com" {
			t.Errorf("%s: the unmerge brought back %+v", s.name, res.Others)
		}
		got = append(got, entries)
	}
	if !reflect.DeepEqual(got[0], got[1]) {
		t.Errorf("memstore and pgstore differ:\n%q\n%q", got[0], got[1])
	}
}

// A file whose rows fail in every way, each with an unsubscribe, and a
// tag: on PostgreSQL as on memstore, the same outcomes, failed rows and
// ledger (the failed rows' unsubscribes), in batches of 1 and 3.
func TestRev16FailedRowsUnsubscribesParity(t *testing.T) {
	file := []byte("Email,Other Email,Phone,Birthday,Email Consent,SMS Opt Out,Tags\n" +
		"a@example.com,,,2/31/1990,unsubscribed,,t1\n" +
		"a@example.com,b@example.com,,,unsubscribed,,t2\n" +
		"c@example.com,,06 22 22 22 22,,,,t3\n" +
		"d@example.com,,06 22 22 22 22,,unsubscribed,yes,t4\n" +
		"e@example.com,,,,maybe,yes,t5\n" +
		"f@example.com,,06 11 11 11 11,,unsubscribed,yes,t6\n" +
		"g@example.com,,,not a date,subscribed,,t7\n")
	extra := []string{"email:a@example.com", "email:b@example.com", "email:d@example.com", "email:e@example.com",
		"email:f@example.com", "email:g@example.com", "sms:+33622222222", "whatsapp:+33622222222", "sms:+33611111111"}
	for _, size := range []int{1, 3} {
		sides := acc10Sides(t)
		for _, s := range sides {
			for _, in := range []contact.Patch{
				{FirstName: new("Ann"), Email: new("a@example.com"), Phone: new("06 11 11 11 11")},
				{FirstName: new("Bob"), Email: new("b@example.com")},
			} {
				if _, err := s.svc.CreateContact(context.Background(), acc10Actor, contactkit.ContactInput{Patch: in}); err != nil {
					t.Fatalf("%s: %v", s.name, err)
				}
			}
		}
		runs := acc10Compare(t, sides, fmt.Sprintf("batch %d", size), file, contactkit.ImportOptions{BatchSize: size}, extra)
		if runs[0].res.Failed != 6 {
			t.Errorf("batch %d: %d failed, want 6:\n%s", size, runs[0].res.Failed, runs[0])
		}
	}
}
