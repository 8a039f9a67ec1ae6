package pgstore_test

import (
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestRv22seamPrefetchedTxAfterEnd: a Tx kept after its function returned
// reads and writes nothing, though it had prefetched: before, a Get of a
// prefetched contact or record answered from the cache, and a creation
// or an update whose outcome the cache told was queued and reported as
// done, to be lost.
func TestRv22seamPrefetchedTxAfterEnd(t *testing.T) {
	s := pgstore.NewTestStore(t, nil)
	ctx := t.Context()
	const ws = contact.WorkspaceID("rv22seam-afterend")
	c := contact.Contact{ID: contact.ID{1}, Workspace: ws, FirstName: "Ada", Status: contact.StatusActive, Source: contact.SourceManual}
	if err := s.Update(ctx, func(tx store.Tx) error { w := c; return tx.Contacts().Create(ctx, &w) }); err != nil {
		t.Fatalf("Create: %v", err)
	}
	c.Version = 1
	fresh := contact.Contact{ID: contact.ID{2}, Workspace: ws, FirstName: "Grace", Status: contact.StatusActive, Source: contact.SourceManual}
	tags := store.Tags(nil)
	ref := store.RecordRef{Kind: tags.Kind(), ID: "vip"}
	var kept store.Tx
	for _, run := range []func(fn func(store.Tx) error) error{
		func(fn func(store.Tx) error) error { return s.Update(ctx, fn) },
		func(fn func(store.Tx) error) error { return s.View(ctx, fn) },
	} {
		if err := run(func(tx store.Tx) error {
			kept = tx
			return store.PrefetcherOf(tx).Prefetch(ctx, ws, store.Prefetch{Contacts: []contact.ID{c.ID, fresh.ID}, Records: []store.RecordRef{ref}})
		}); err != nil {
			t.Fatalf("Prefetch: %v", err)
		}
		if _, err := kept.Contacts().Get(ctx, ws, c.ID); err == nil {
			t.Errorf("Contacts.Get of a prefetched contact on a Tx whose function returned: got err nil, want an error")
		}
		if _, err := kept.Records().Get(ctx, ws, ref.Kind, ref.ID); err == nil {
			t.Errorf("Records.Get of a prefetched record on a Tx whose function returned: got err nil, want an error")
		}
	}
	// kept is the View's: the Update's writes are checked below.
	if err := s.Update(ctx, func(tx store.Tx) error {
		kept = tx
		return store.PrefetcherOf(tx).Prefetch(ctx, ws, store.Prefetch{Contacts: []contact.ID{c.ID, fresh.ID}})
	}); err != nil {
		t.Fatalf("Prefetch: %v", err)
	}
	w := fresh
	if err := kept.Contacts().Create(ctx, &w); err == nil {
		t.Errorf("Contacts.Create of a contact known absent on a Tx whose function returned: got err nil, want an error (the creation is lost)")
	}
	u := c
	u.FirstName = "Lost"
	if err := kept.Contacts().Update(ctx, &u); err == nil {
		t.Errorf("Contacts.Update at the prefetched version on a Tx whose function returned: got err nil, want an error (the update is lost)")
	}
}
