package contactkit_test

import (
	"errors"
	"testing"

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
