package contactkit_test

// Review 20, bulk: the reason a bulk call gives for a contact it refuses.

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/tag"
)

// BulkFailure.Err of a contact the domain refuses is a *ValidationError
// listing every problem, as the single call's error is: two required
// fields the contact lacks, the limit of tags per contact.
func TestRv20BulkRefusalListsEveryProblem(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	many := make([]string, 100)
	for i := range many {
		many[i] = "t" + string(rune('a'+i/26)) + string(rune('a'+i%26))
	}
	c := h.create(t, owner, contact.Patch{FirstName: new("Ann")}, many...)
	for _, k := range []string{"one", "two"} {
		d, err := h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey(k), Label: k, Type: field.TypeText})
		require.NoError(t, err)
		d.Required = true
		_, err = h.svc.UpdateField(ctx, owner, d)
		require.NoError(t, err)
	}
	_, singleErr := h.svc.UpdateContact(ctx, owner, c.ID, contact.Patch{Assignee: new(contact.UserID("u-bob"))})
	require.ErrorIs(t, singleErr, contactkit.ErrInvalidInput)
	one := contactkit.Bulk{IDs: []contact.ID{c.ID}, Expected: 1}
	res, err := h.svc.AssignContacts(ctx, owner, one, "u-bob")
	require.NoError(t, err)
	require.Len(t, res.Failed, 1)
	ve, ok := errors.AsType[*contactkit.ValidationError](res.Failed[0].Err)
	require.True(t, ok, "a *ValidationError: %v", res.Failed[0].Err)
	single, _ := errors.AsType[*contactkit.ValidationError](singleErr)
	require.NotNil(t, single)
	assert.Len(t, ve.Errors, len(single.Errors), "every problem, as the single call lists them")
	assert.Len(t, ve.Errors, 2)
	for _, e := range ve.Errors {
		assert.ErrorIs(t, e, field.ErrRequired)
	}

	res, err = h.svc.TagContacts(ctx, owner, one, "wave")
	require.NoError(t, err)
	require.Len(t, res.Failed, 1)
	_, ok = errors.AsType[*contactkit.ValidationError](res.Failed[0].Err)
	assert.True(t, ok, "a *ValidationError: %v", res.Failed[0].Err)
	_, ok = errors.AsType[*tag.LimitError](res.Failed[0].Err)
	assert.True(t, ok, "the limit named: %v", res.Failed[0].Err)
}
