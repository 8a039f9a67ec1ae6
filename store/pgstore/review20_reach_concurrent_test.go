package pgstore_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestRv20ReachConcurrentCaptures: a form submitted many times at once by
// one new person, each submission typing their email and phone in another
// form, with a tag of its own, a list and a note, while an SMS STOP from
// their number arrives (C8, C9, L3, L4 on PostgreSQL): every call
// succeeds, one contact holds both addresses with every tag, one
// membership, every note, and the number stays unsubscribed.
func TestRv20ReachConcurrentCaptures(t *testing.T) {
	ctx := t.Context()
	svc := contactkit.New(pgstore.New(pgstore.NewTestPool(t), nil), &contactkit.Options{DefaultRegion: "FR"})
	a := contactkit.Actor{Workspace: "w", User: "owner", Role: contactkit.RoleOwner}
	l, err := svc.CreateList(ctx, a, list.List{Name: "news"})
	if err != nil {
		t.Fatal(err)
	}
	emails := []string{"ann@example.com", "ANN@example.com", "Ann <ann@example.com>", "mailto:ann@EXAMPLE.com"}
	phones := []string{"06 12 34 56 78", "+33612345678", "0033 6 12 34 56 78", "06-12-34-56-78", "612345678"}
	const n = 8
	var wg sync.WaitGroup
	created := make([]bool, n)
	errs := make([]error, n+1)
	for i := range n {
		wg.Go(func() {
			e, p := emails[i%len(emails)], phones[i%len(phones)]
			in := contactkit.ContactInput{Patch: contact.Patch{Email: &e, Phone: &p}, Tags: []string{fmt.Sprint("t", i)}, Lists: []list.ID{l.ID},
				Note: fmt.Sprint("submission ", i), Consent: map[list.Channel]list.ConsentStatus{list.ChannelSMS: list.ConsentSubscribed}}
			if i%2 == 1 {
				in.Email = nil // the phone alone
			}
			res, err := svc.CaptureContact(ctx, a, in)
			created[i], errs[i] = res.Created, err
		})
	}
	wg.Go(func() { _, errs[n] = svc.UnsubscribeAddress(ctx, a, list.ChannelSMS, "06 12 34 56 78", "STOP") })
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var all []contact.Contact
	for c, err := range svc.Contacts(ctx, a, contactkit.ContactQuery{}) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, c)
	}
	if len(all) != 1 {
		t.Fatalf("one person, %d contacts", len(all))
	}
	c := all[0]
	if c.Email.String() != "ann@example.com" || c.Phone.String() != "+33612345678" || len(c.Tags) != n {
		t.Errorf("contact %s %s with tags %v, want both addresses and %d tags", c.Email, c.Phone, c.Tags, n)
	}
	nCreated := 0
	for _, cr := range created {
		if cr {
			nCreated++
		}
	}
	if nCreated != 1 {
		t.Errorf("%d captures created the contact", nCreated)
	}
	notes := 0
	for _, err := range svc.Timeline(ctx, a, c.ID, contactkit.TimelineQuery{}) {
		if err != nil {
			t.Fatal(err)
		}
		notes++
	}
	if notes != n {
		t.Errorf("%d notes, want %d", notes, n)
	}
	members := 0
	for _, err := range svc.Memberships(ctx, a, contactkit.MembershipQuery{List: l.ID}) {
		if err != nil {
			t.Fatal(err)
		}
		members++
	}
	if members != 1 {
		t.Errorf("%d memberships, want 1", members)
	}
	e, err := svc.AddressConsent(ctx, a, list.ChannelSMS, "+33612345678")
	if err != nil {
		t.Fatal(err)
	}
	if e.Subscribed() {
		t.Errorf("the STOP was lifted by a capture's opt-in: %+v", e)
	}
	r, err := svc.Reachable(ctx, a, c.ID, contact.ChannelSMS, l.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Has(contactkit.ReasonUnsubscribed) {
		t.Errorf("reachable on sms: %v", r.Reasons)
	}
}

// TestRv20ReachConcurrentRetries: one form submission retried at once by
// several workers (same NoteKey), each typing the address in another
// form: every call succeeds and returns the same contact and note; the
// note is added once.
func TestRv20ReachConcurrentRetries(t *testing.T) {
	ctx := t.Context()
	svc := contactkit.New(pgstore.New(pgstore.NewTestPool(t), nil), &contactkit.Options{DefaultRegion: "FR"})
	a := contactkit.Actor{Workspace: "w", User: "owner", Role: contactkit.RoleOwner}
	emails := []string{"bo@example.com", "BO@example.com", "Bo <bo@example.com>", "mailto:bo@example.com"}
	const n = 6
	var wg sync.WaitGroup
	res := make([]contactkit.CaptureResult, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			e := emails[i%len(emails)]
			res[i], errs[i] = svc.CaptureContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: &e},
				Note: "I'd like a call back", NoteKey: "submission-42", Form: "callback"})
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if res[i].Contact.ID != res[0].Contact.ID || res[i].Note.ID != res[0].Note.ID {
			t.Errorf("call %d: contact %s note %s, call 0: %s %s", i, res[i].Contact.ID, res[i].Note.ID, res[0].Contact.ID, res[0].Note.ID)
		}
	}
	notes := 0
	for _, err := range svc.Timeline(ctx, a, res[0].Contact.ID, contactkit.TimelineQuery{}) {
		if err != nil {
			t.Fatal(err)
		}
		notes++
	}
	if notes != 1 {
		t.Errorf("%d notes, want 1", notes)
	}
}
