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

// A form with optional "second email" and "second phone" fields that the
// person left empty captures the person: the blank entries are no address.
// It failed whole with "empty", creating nothing.
func TestRv21contactCaptureBlankSecondary(t *testing.T) {
	h := newHarness(t)
	in := contactkit.ContactInput{Patch: contact.Patch{
		Email:       new("ann@example.com"),
		OtherEmails: &[]contact.LabeledInput{{Value: "", Label: "work"}},
		OtherPhones: &[]contact.LabeledInput{{Value: " ", Label: "mobile"}},
	}}
	res, err := h.svc.CaptureContact(t.Context(), owner, in)
	require.NoError(t, err)
	assert.True(t, res.Created)
	assert.Empty(t, res.Contact.OtherEmails)

	// Again, into the contact it created, which now has a secondary email:
	// the blank one neither fails nor removes it.
	_, err = h.svc.UpdateContact(t.Context(), owner, res.Contact.ID, contact.Patch{OtherEmails: &[]contact.LabeledInput{{Value: "ann@work.example", Label: "work"}}})
	require.NoError(t, err)
	res, err = h.svc.CaptureContact(t.Context(), owner, in)
	require.NoError(t, err)
	assert.False(t, res.Created)
	assert.Equal(t, []contact.LabeledEmail{{Email: contact.MustParseEmail("ann@work.example"), Label: contact.LabelWork}}, res.Contact.OtherEmails)
}
