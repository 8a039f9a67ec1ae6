package pgstore_test

// Minimal reproductions of the differences TestDifferential found, kept as
// regression tests: both failed before the fixes of memstore's address
// index and of UnmergeContacts.

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"
)

// Found by seed 6, step 1499 (self-check): a live contact with secondary
// emails and no primary one is not found by them in memstore (its index
// held a contact's secondary addresses only behind a primary: the
// functions that listed a record's addresses returned early when the
// primary was zero), while
// store.ContactQuery.Key is documented as "the contacts of which
// contact.Contact.Keys holds it", and Keys lists secondary addresses
// with or without a primary. PostgreSQL finds it.
//
// Such a contact is reached through the Service by undoing the first of
// two merges into one survivor (see TestReproUnmergeLeavesSecondaryWithoutPrimary).
func TestReproMemstoreKeyOfSecondaryWithoutPrimary(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		st   func() store.Store
	}{
		{"memstore", func() store.Store { return memstore.New() }},
		{"pgstore", func() store.Store { return pgstore.New(pgstore.NewTestPool(t), nil) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.st()
			e, err := contact.ParseEmail("c@example.com")
			if err != nil {
				t.Fatal(err)
			}
			c := contact.Contact{ID: contact.ID(uuid.MustParse("01900000-0000-7000-8000-000000000001")), Workspace: "w", FirstName: "Ann", Status: contact.StatusActive,
				OtherEmails: []contact.LabeledEmail{{Email: e}}}
			if err := s.Update(ctx, func(tx store.Tx) error { return tx.Contacts().Create(ctx, &c) }); err != nil {
				t.Fatal(err)
			}
			var n int
			err = s.View(ctx, func(tx store.Tx) error {
				page, err := tx.Contacts().List(ctx, "w", store.ContactQuery{Key: contact.EmailKey(e)}, store.PageRequest{})
				n = len(page.Items)
				return err
			})
			if err != nil || n != 1 {
				t.Errorf("List(Key: %s) of a contact whose Keys() = %v: %d contacts, %v; want 1", contact.EmailKey(e), c.Keys(), n, err)
			}
		})
	}
}

// Found with the one above: UnmergeContacts of the first of two merges
// into one survivor left the survivor with a secondary email and no
// primary one, which contact.Validate refuses (ErrNoPrimary). The email
// kept since the merge now becomes the primary one. On both stores.
func TestReproUnmergeLeavesSecondaryWithoutPrimary(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		st   func() store.Store
	}{
		{"memstore", func() store.Store { return memstore.New() }},
		{"pgstore", func() store.Store { return pgstore.New(pgstore.NewTestPool(t), nil) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc := contactkit.New(tc.st(), nil)
			a := contactkit.Actor{Workspace: "w", User: "owner", Role: contactkit.RoleOwner}
			mk := func(in contact.Patch) contact.ID {
				c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: in})
				if err != nil {
					t.Fatal(err)
				}
				return c.ID
			}
			x := mk(contact.Patch{FirstName: new("Ann")})
			y := mk(contact.Patch{FirstName: new("Bob"), Email: new("b@example.com")})
			z := mk(contact.Patch{FirstName: new("Cid"), Email: new("c@example.com")})
			merge := func(other contact.ID) contactkit.MergePreview {
				p, err := svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: x, Others: []contact.ID{other}})
				if err != nil {
					t.Fatal(err)
				}
				return p
			}
			first, err := svc.MergeContacts(ctx, a, merge(y)) // x takes b@ as its primary email
			if err != nil {
				t.Fatal(err)
			}
			if _, err := svc.MergeContacts(ctx, a, merge(z)); err != nil { // and c@ as a secondary one
				t.Fatal(err)
			}
			res, err := svc.UnmergeContacts(ctx, a, first.ID)
			if err != nil {
				t.Fatal(err)
			}
			// The email kept since the merge becomes the primary one.
			got := res.Primary
			if err := got.Validate(nil); err != nil || got.Email.String() != "c@example.com" || len(got.OtherEmails) > 0 {
				t.Errorf("after the unmerge, the survivor has Email %q and OtherEmails %v: Validate says %v", got.Email, got.OtherEmails, err)
			}
			byEmail, err := svc.ContactByEmail(ctx, a, "c@example.com")
			if err != nil || byEmail.ID != x {
				t.Errorf("ContactByEmail(c@example.com) = %s, %v; want %s", byEmail.ID, err, x)
			}
			_, err = svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Dan"), Email: new("c@example.com")}})
			if !errors.Is(err, contactkit.ErrAlreadyExists) {
				t.Errorf("CreateContact with the survivor's email: %v, want it refused as taken", err)
			}
		})
	}
}
