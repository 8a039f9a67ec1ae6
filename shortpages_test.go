package contactkit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// emptyFirst is a store.Store whose every listing (contacts, history,
// records) answers its first page with no item and a Next, as the
// contract of store.Page allows (a store over size-bounded pages, or one
// that filters what it scanned): the next page is the store's first.
type emptyFirst struct{ store.Store }

const emptyFirstNext = "empty-first:"

func (s emptyFirst) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error { return fn(emptyFirstTx{tx}) })
}

func (s emptyFirst) View(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.View(ctx, func(tx store.Tx) error { return fn(emptyFirstTx{tx}) })
}

type emptyFirstTx struct{ store.Tx }

func (t emptyFirstTx) Unwrap() store.Tx         { return t.Tx }
func (t emptyFirstTx) Contacts() store.Contacts { return emptyFirstContacts{t.Tx.Contacts()} }
func (t emptyFirstTx) History() store.History   { return emptyFirstHistory{t.Tx.History()} }
func (t emptyFirstTx) Records() store.Records   { return emptyFirstRecords{t.Tx.Records()} }

// emptyFirstPage answers a first page with no item and a Next, and the
// page after it with the store's first page.
func emptyFirstPage[T any](p store.PageRequest, list func(store.PageRequest) (store.Page[T], error)) (store.Page[T], error) {
	switch {
	case p.Cursor == "":
		return store.Page[T]{Next: emptyFirstNext}, nil
	case p.Cursor == emptyFirstNext:
		p.Cursor = ""
	}
	return list(p)
}

type emptyFirstContacts struct{ store.Contacts }

func (c emptyFirstContacts) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	return emptyFirstPage(p, func(p store.PageRequest) (store.Page[contact.Contact], error) { return c.Contacts.List(ctx, ws, q, p) })
}

type emptyFirstHistory struct{ store.History }

func (h emptyFirstHistory) List(ctx context.Context, ws contact.WorkspaceID, id contact.ID, name string, p store.PageRequest) (store.Page[contact.Change], error) {
	return emptyFirstPage(p, func(p store.PageRequest) (store.Page[contact.Change], error) {
		return h.History.List(ctx, ws, id, name, p)
	})
}

type emptyFirstRecords struct{ store.Records }

func (r emptyFirstRecords) List(ctx context.Context, ws contact.WorkspaceID, k store.Kind, q store.Query, p store.PageRequest) (store.Page[store.Record], error) {
	return emptyFirstPage(p, func(p store.PageRequest) (store.Page[store.Record], error) { return r.Records.List(ctx, ws, k, q, p) })
}

// The Service's lookups of one item read past an empty page with a Next:
// capture finds the contact of an email, a retried enrolment its key, a
// search for an address the contact that holds it, a field's history the
// creation's value of it.
func TestServiceReadsPastAnEmptyPage(t *testing.T) {
	ctx := context.Background()
	svc := contactkit.New(emptyFirst{memstore.New()}, &contactkit.Options{DefaultRegion: "FR"})
	a := acc3Owner
	ada, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")}})
	require.NoError(t, err)

	got, err := svc.CaptureContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new("ADA@example.com"), City: new("Lyon")}})
	require.NoError(t, err)
	require.Equal(t, ada.ID, got.Contact.ID, "capture by the email of a contact")

	page, err := svc.ListContacts(ctx, a, contactkit.ContactQuery{Text: "ada@example.com"}, store.PageRequest{})
	require.NoError(t, err)
	var found []contact.ID
	for c, err := range svc.Contacts(ctx, a, contactkit.ContactQuery{Text: "ada@example.com"}) {
		require.NoError(t, err)
		found = append(found, c.ID)
	}
	require.Equal(t, []contact.ID{ada.ID}, found, "a search for the address (first page: %d items, Next %q)", len(page.Items), page.Next)

	au, err := svc.CreateAutomation(ctx, a, automation.Automation{Name: "Welcome", Active: true, Steps: []automation.Step{{Name: "Mail"}}})
	require.NoError(t, err)
	e1, err := svc.Enroll(ctx, a, au.ID, ada.ID, "form-1")
	require.NoError(t, err)
	e2, err := svc.Enroll(ctx, a, au.ID, ada.ID, "form-1")
	require.NoError(t, err, "a retried enrolment with its key")
	require.Equal(t, e1.ID, e2.ID)

	var firsts []string
	for h, err := range svc.History(ctx, a, ada.ID, contact.FieldFirstName) {
		require.NoError(t, err)
		firsts = append(firsts, h.Old+">"+h.New)
	}
	require.Equal(t, ">Ada", strings.Join(firsts, ","), "the first name's history holds the creation's value")
}

// The purge of the activity trash reads past an empty page too: it ends,
// and purges what is past its window.
func TestPurgeActivityTrashReadsPastAnEmptyPage(t *testing.T) {
	ctx := context.Background()
	clk := &acc3Clock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	svc := contactkit.New(emptyFirst{memstore.New()}, &contactkit.Options{DefaultRegion: "FR", Now: clk.Now})
	a := acc3Owner
	ada, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada")}})
	require.NoError(t, err)
	for range 3 {
		note, err := svc.AddNote(ctx, a, ada.ID, contactkit.NoteInput{Body: "gone"})
		require.NoError(t, err)
		_, err = svc.DeleteActivity(ctx, a, note.ID)
		require.NoError(t, err)
	}
	clk.now = clk.now.Add(365 * 24 * time.Hour)
	done := make(chan struct{})
	var n int
	go func() {
		defer close(done)
		n, err = svc.PurgeActivityTrash(ctx, a)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("PurgeActivityTrash does not end")
	}
	require.NoError(t, err)
	require.Equal(t, 3, n)
}
