package contactkit_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/servicecheck"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// The Service's use cases run from several goroutines at once on the
// memory store, each with its invariant checked after (the scenarios are
// those of package servicecheck, which store/pgstore runs on PostgreSQL).
// Each round uses a workspace of its own: the first writes of a new
// workspace race to make it, and the memory store runs the losers'
// functions again.

// memCheck returns the options that run a servicecheck scenario on a new
// memory store for the given number of rounds.
func memCheck(rounds int) servicecheck.Options {
	return servicecheck.Options{
		New: func(_ testing.TB, subs ...contactkit.Subscriber) *contactkit.Service {
			return contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR", Subscribers: subs})
		},
		Rounds: rounds,
	}
}

func roundActor(name string, r int) contactkit.Actor {
	return contactkit.Actor{Workspace: contact.WorkspaceID(fmt.Sprintf("%s-%d", name, r)), User: "u-owner", Role: contactkit.RoleOwner}
}

// TestAuditConcurrent runs every scenario of servicecheck on the memory
// store, with more rounds than PostgreSQL can afford.
func TestAuditConcurrent(t *testing.T) {
	for _, sc := range []struct {
		name   string
		run    func(testing.TB, servicecheck.Options)
		rounds int
	}{
		{"CaptureSameEmail", servicecheck.CaptureSameEmail, 30},
		{"CreateSamePhone", servicecheck.CreateSamePhone, 30},
		{"TagUntag", servicecheck.TagUntag, 5},
		{"AddToListAndUnsubscribe", servicecheck.AddToListAndUnsubscribe, 20},
		{"OverlappingMerges", servicecheck.OverlappingMerges, 20},
		{"ImportAndCreate", servicecheck.ImportAndCreate, 10},
		{"EraseAndUpdate", servicecheck.EraseAndUpdate, 20},
		{"SameKey", servicecheck.SameKey, 20},
		{"EnrolRacesDeleteAndBlock", servicecheck.EnrolRacesDeleteAndBlock, 10},
	} {
		t.Run(sc.name, func(t *testing.T) { sc.run(t, memCheck(sc.rounds)) })
	}
}

// failingCommits is a store whose transactions run their function and
// then fail, as a commit that fails (a store that gave up retrying after
// serialization failures, a lost connection) does: nothing is written.
type failingCommits struct{ store.Store }

func (f failingCommits) Update(ctx context.Context, fn func(store.Tx) error) error {
	return f.Store.Update(ctx, func(tx store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errInjected
	})
}

// A purge whose transaction fails counts none of the contacts or
// activities that transaction would have purged: they are still there.
func TestAuditPurgeCountsOnlyCommitted(t *testing.T) {
	s := memstore.New()
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	opts := func() *contactkit.Options {
		return &contactkit.Options{DefaultRegion: "FR", Now: func() time.Time { return now }}
	}
	svc := contactkit.New(s, opts())
	failing := contactkit.New(failingCommits{s}, opts())
	ctx := t.Context()
	a := roundActor("purge", 0)
	keep, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Keep")}})
	if err != nil {
		t.Fatal(err)
	}
	note, err := svc.AddNote(ctx, a, keep.ID, contactkit.NoteInput{Body: "old"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.DeleteActivity(ctx, a, note.ID); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(fmt.Sprint("Gone", i))}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.DeleteContact(ctx, a, c.ID); err != nil {
			t.Fatal(err)
		}
	}
	now = now.AddDate(1, 0, 0) // past both restore windows
	if n, err := failing.PurgeTrash(ctx, a); !errors.Is(err, errInjected) || n != 0 {
		t.Errorf("PurgeTrash whose transaction failed: %d, %v; want 0 and the failure", n, err)
	}
	if n, err := failing.PurgeActivityTrash(ctx, a); !errors.Is(err, errInjected) || n != 0 {
		t.Errorf("PurgeActivityTrash whose transaction failed: %d, %v; want 0 and the failure", n, err)
	}
	if n, err := svc.PurgeTrash(ctx, a); err != nil || n != 3 {
		t.Errorf("PurgeTrash after: %d, %v; want the 3 contacts, still there", n, err)
	}
	if n, err := svc.PurgeActivityTrash(ctx, a); err != nil || n != 1 {
		t.Errorf("PurgeActivityTrash after: %d, %v; want the note, still there", n, err)
	}
}

// A call whose transaction fails returns the zero value with its error,
// never a value built by the attempt its store rolled back (a contact with
// an ID that does not exist, a merge that did not happen).
func TestFailedCallsReturnNoValue(t *testing.T) {
	s := memstore.New()
	svc := contactkit.New(s, &contactkit.Options{DefaultRegion: "FR"})
	failing := contactkit.New(failingCommits{s}, &contactkit.Options{DefaultRegion: "FR"})
	ctx := t.Context()
	a := roundActor("zero", 0)
	ada, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")}})
	if err != nil {
		t.Fatal(err)
	}
	twin, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("a.da@gmail.com")}})
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, v any, err error) {
		t.Helper()
		if !errors.Is(err, errInjected) {
			t.Errorf("%s: error %v, want the failed commit", what, err)
		}
		if !reflect.ValueOf(v).IsZero() {
			t.Errorf("%s failed but returned %+v", what, v)
		}
	}
	c, err := failing.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Grace")}})
	check("CreateContact", c, err)
	// An unknown list fails the call after the contact was built.
	c, err = svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Alan")},
		Lists: []list.ID{list.MustParseID("0190a0b0-0000-7000-8000-000000000000")}})
	if !errors.Is(err, contactkit.ErrUnknownList) || !c.ID.IsZero() {
		t.Errorf("CreateContact into an unknown list: %+v, %v; want no contact and ErrUnknownList", c, err)
	}
	c, err = failing.UpdateContact(ctx, a, ada.ID, contact.Patch{LastName: new("Lovelace")})
	check("UpdateContact", c, err)
	c, err = failing.TagContact(ctx, a, ada.ID, "vip")
	check("TagContact", c, err)
	p, err := svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: ada.ID, Others: []contact.ID{twin.ID}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := failing.MergeContacts(ctx, a, p)
	check("MergeContacts", r, err)
	got, err := svc.GetContact(ctx, a, ada.ID)
	if err != nil || got.LastName != "" || len(got.Tags) != 0 {
		t.Errorf("the failed calls wrote: %+v, %v", got, err)
	}
}
