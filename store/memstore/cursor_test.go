package memstore_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// TestContactCursorIsCanonical checks that a contact cursor is accepted only
// as the store handed it out: the same bytes in upper-case hex are refused.
func TestContactCursorIsCanonical(t *testing.T) {
	s := memstore.New()
	ctx := context.Background()
	a, b := person("ws", 1), person("ws", 2)
	a.ID = contact.MustParseID("0190abcd-ef00-7000-8000-00000000000a") // hex letters to upper-case
	b.ID = contact.MustParseID("0190abcd-ef00-7000-8000-00000000000b")
	mustCreate(t, s, a, b)
	var next string
	err := s.View(ctx, func(tx store.Tx) error {
		page, err := tx.Contacts().List(ctx, "ws", store.ContactQuery{}, store.PageRequest{Limit: 1})
		next = page.Next
		return err
	})
	if err != nil || next == "" {
		t.Fatalf("setup: next %q, err %v", next, err)
	}
	upper := next[:2] + strings.ToUpper(next[2:])
	if upper == next {
		t.Fatalf("cursor %q has no hex letters: the test cannot tell", next)
	}
	err = s.View(ctx, func(tx store.Tx) error {
		_, err := tx.Contacts().List(ctx, "ws", store.ContactQuery{}, store.PageRequest{Cursor: upper, Limit: 1})
		return err
	})
	if !errors.Is(err, store.ErrInvalidCursor) {
		t.Errorf("Contacts.List with a cursor the store did not hand out (%q): got err %v, want store.ErrInvalidCursor", upper, err)
	}
}
