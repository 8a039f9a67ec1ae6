package contactkit_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
)

// M5 refuses a self-merge; a request that names no other contact, names
// one twice or gives an unknown policy is refused too. Each is bad input:
// the refusal must match contactkit.ErrInvalidInput (a *ValidationError),
// as every other refused input of the Service does, and still match the
// merge package's own sentinel. DismissDuplicate of a contact with itself
// likewise.
func TestAcc11MergeRequestErrorsAreInvalidInput(t *testing.T) {
	e := acc11New(t, nil)
	ctx := t.Context()
	a := e.create(t, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com")})
	b := e.create(t, contact.Patch{FirstName: new("Ann"), Email: new("ann+b@example.com")})
	cases := []struct {
		name string
		req  contactkit.MergeRequest
		want error
	}{
		{"self", contactkit.MergeRequest{Primary: a.ID, Others: []contact.ID{a.ID}}, merge.ErrSelf},
		{"self among others", contactkit.MergeRequest{Primary: a.ID, Others: []contact.ID{b.ID, a.ID}}, merge.ErrSelf},
		{"no others", contactkit.MergeRequest{Primary: a.ID}, merge.ErrNoOthers},
		{"twice", contactkit.MergeRequest{Primary: a.ID, Others: []contact.ID{b.ID, b.ID}}, merge.ErrTwice},
		{"unknown policy", contactkit.MergeRequest{Primary: a.ID, Others: []contact.ID{b.ID}, Policy: "loudest"}, contact.ErrInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.svc.PreviewMerge(ctx, acc11Owner, tc.req)
			require.ErrorIs(t, err, tc.want)
			require.ErrorIs(t, err, contactkit.ErrInvalidInput, "PreviewMerge: %v", err)
			_, ok := errors.AsType[*contactkit.ValidationError](err)
			require.True(t, ok, "PreviewMerge gives a *ValidationError: %v", err)

			// MergeContacts with a preview forged from the request.
			_, err = e.svc.MergeContacts(ctx, acc11Owner, contactkit.MergePreview{Request: tc.req})
			require.ErrorIs(t, err, tc.want)
			require.ErrorIs(t, err, contactkit.ErrInvalidInput, "MergeContacts: %v", err)
		})
	}
	t.Run("dismiss self", func(t *testing.T) {
		_, err := e.svc.DismissDuplicate(ctx, acc11Owner, a.ID, a.ID)
		require.ErrorIs(t, err, merge.ErrSelf)
		require.ErrorIs(t, err, contactkit.ErrInvalidInput, "DismissDuplicate: %v", err)
	})
	require.Equal(t, contact.StatusActive, e.get(t, b.ID).Status)
}

// M2: survivorship is a policy. Under merge.PolicyMostRecent "the
// non-empty value changed last, by the property history, wins". A value
// set when its contact was created is in the history (the creation's
// record), so it counts from its creation, not from whenever any other
// field of its contact last changed: here Bob's company, set after Ann's,
// must win, though Ann's phone was edited last of all.
func TestAcc11MostRecentPolicyReadsCreationValues(t *testing.T) {
	e := acc11New(t, nil)
	ctx := t.Context()
	ann := e.create(t, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com"), Company: new("Ann Co")})
	e.jump(time.Hour)
	bob := e.create(t, contact.Patch{FirstName: new("Ann"), Email: new("ann+b@example.com"), Company: new("Bob Co")})
	e.jump(time.Hour)
	_, err := e.svc.UpdateContact(ctx, acc11Owner, ann.ID, contact.Patch{Phone: new("06 12 34 56 78")})
	require.NoError(t, err)

	p, err := e.svc.PreviewMerge(ctx, acc11Owner, contactkit.MergeRequest{Primary: ann.ID, Others: []contact.ID{bob.ID}, Policy: merge.PolicyMostRecent})
	require.NoError(t, err)
	require.Equal(t, "Bob Co", p.Plan.Survivor.Company, "the company set last (at Bob's creation) wins: %+v", p.Plan.Decisions)
	// And a field edited after the creation counts from its edit.
	_, err = e.svc.UpdateContact(ctx, acc11Owner, ann.ID, contact.Patch{Company: new("Ann Co 2")})
	require.NoError(t, err)
	p, err = e.svc.PreviewMerge(ctx, acc11Owner, contactkit.MergeRequest{Primary: ann.ID, Others: []contact.ID{bob.ID}, Policy: merge.PolicyMostRecent})
	require.NoError(t, err)
	require.Equal(t, "Ann Co 2", p.Plan.Survivor.Company)
}
