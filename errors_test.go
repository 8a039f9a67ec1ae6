package contactkit_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// TestErrorsSpeakForTheService checks that the errors of Service calls say
// what went wrong in the Service's words, with the call's name, never in the
// adapter's ("memstore: …", "store: …"), while errors.Is and errors.As still
// see the store's categories and details.
func TestErrorsSpeakForTheService(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com")})
	missing := contact.ID(uuid.New())

	_, errGet := h.svc.GetContact(ctx, owner, missing)
	_, errTaken := h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("ANN@example.com")}})
	_, errStale := h.svc.UpdateContact(ctx, owner, ann.ID, contact.Patch{City: new("Lyon"), IfVersion: ann.Version + 5})
	_, errCursor := h.svc.ListContacts(ctx, owner, contactkit.ContactQuery{}, store.PageRequest{Cursor: "not a cursor"})

	for _, c := range []struct {
		name string
		err  error
		is   error
		want string
	}{
		{"not found", errGet, contactkit.ErrNotFound, "get contact " + missing.String() + ": not found"},
		{"taken", errTaken, contactkit.ErrAlreadyExists, "create contact: email ann@example.com is taken by contact " + ann.ID.String()},
		{"stale version", errStale, contactkit.ErrConflict, "conflict: changed at version"},
		{"bad cursor", errCursor, store.ErrInvalidCursor, "invalid cursor"},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.Error(t, c.err)
			assert.ErrorIs(t, c.err, c.is)
			msg := c.err.Error()
			assert.Contains(t, msg, c.want)
			for _, prefix := range []string{"memstore", "store:", "pgstore"} {
				assert.NotContains(t, msg, prefix, "the adapter speaks through the Service's error")
			}
		})
	}
	taken, ok := errors.AsType[*contactkit.TakenError](errTaken)
	require.True(t, ok, "a taken address is a *contactkit.TakenError")
	assert.Equal(t, ann.ID, taken.Owner)
	_, ok = errors.AsType[*store.TakenError](errTaken)
	assert.True(t, ok, "the store's *TakenError stays reachable")
	assert.False(t, strings.HasPrefix(errGet.Error(), ":"))
}

// A meeting with an attendee the workspace does not hold is refused with
// the validation error's own words, not a bare "not found" that reads as
// if the meeting's contact were missing.
func TestMeetingWithUnknownAttendeeSaysWhich(t *testing.T) {
	h := newHarness(t)
	ann := h.create(t, owner, contact.Patch{Email: new("ann@example.com")})
	foreign := h.create(t, other, contact.Patch{Email: new("x@example.com")})
	_, err := h.svc.AddMeeting(t.Context(), owner, ann.ID, contactkit.MeetingInput{Title: "Demo", OccurredAt: h.now,
		Attendees: []activity.Attendee{{Contact: foreign.ID}}})
	require.Error(t, err)
	assert.ErrorIs(t, err, contactkit.ErrInvalidInput)
	// One category: the input is invalid; the meeting's contact is found.
	assert.NotErrorIs(t, err, contactkit.ErrNotFound)
	assert.Contains(t, err.Error(), "attendees")
	assert.Contains(t, err.Error(), foreign.ID.String()+": not found")
	assert.NotContains(t, err.Error(), "store:")
}

// An unmerge refused for conflicts says which, in the *UnmergeError's own
// words: not the store's "changed concurrently; read it again and retry",
// which retrying would never cure.
func TestUnmergeConflictSaysWhich(t *testing.T) {
	m := newMerger(t, storetest.Retrying(memstore.New()))
	ctx := t.Context()
	a := m.create(t, owner, contact.Patch{FirstName: new("Ada"), Email: new("ada@gmail.com")})
	b := m.create(t, owner, contact.Patch{Company: new("Engines"), Email: new("ada+b@gmail.com")})
	rec := m.merge(t, owner, a.ID, b.ID)
	_, err := m.svc.UpdateContact(ctx, owner, a.ID, contact.Patch{Company: new("Looms")})
	require.NoError(t, err)
	_, err = m.svc.UnmergeContacts(ctx, owner, rec.ID)
	require.ErrorIs(t, err, contactkit.ErrConflict)
	_, ok := errors.AsType[*contactkit.UnmergeError](err)
	require.True(t, ok)
	assert.Contains(t, err.Error(), "cannot be undone")
	assert.Contains(t, err.Error(), contact.FieldCompany)
	assert.NotContains(t, err.Error(), "changed concurrently")
}

// TestCascadeErrorKeepsItsMessage checks that the failure of a host's
// cascade handler keeps what the handler said, even when it falls in a
// category of the store's.
func TestCascadeErrorKeepsItsMessage(t *testing.T) {
	refuse := contactkit.Cascade{Kind: "invoice", Delete: func(context.Context, store.Tx, contactkit.CascadeEvent) error {
		return fmt.Errorf("invoice 42 is locked: %w", contactkit.ErrConflict)
	}}
	s := storetest.Retrying(memstore.New())
	svc := contactkit.New(s, &contactkit.Options{DefaultRegion: "FR", Cascades: []contactkit.Cascade{refuse}})
	c, err := svc.CreateContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann")}})
	require.NoError(t, err)
	_, err = svc.DeleteContact(t.Context(), owner, c.ID)
	require.ErrorIs(t, err, contactkit.ErrConflict)
	_, ok := errors.AsType[*contactkit.CascadeError](err)
	assert.True(t, ok)
	assert.Contains(t, err.Error(), "invoice 42 is locked")
}
