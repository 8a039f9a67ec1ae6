package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
)

// A form that sends the assignee as a blank value does not unassign the
// contact it captures into (blank values never clear), and an edit that
// sends white space unassigns it rather than naming a user " ".
func TestRv21contactCaptureBlankAssignee(t *testing.T) {
	h := newHarness(t)
	bob := contact.UserID("u-bob")
	c := h.create(t, owner, contact.Patch{Email: new("ann@example.com"), Assignee: &bob})

	blank := contact.UserID(" ")
	res, err := h.svc.CaptureContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("ann@example.com"), Assignee: &blank}})
	require.NoError(t, err)
	require.False(t, res.Created)
	assert.Equal(t, bob, res.Contact.Assignee, "a capture's blank assignee")

	got, err := h.svc.UpdateContact(t.Context(), owner, c.ID, contact.Patch{Assignee: &blank})
	require.NoError(t, err)
	assert.Equal(t, contact.UserID(""), got.Assignee, "an edit's blank assignee")
}
