package contactkit_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

// TestSecondaryAddressesAreKeys checks that secondary emails and phones count
// as the primary ones do: a contact with a home email and a WhatsApp phone
// besides its primary ones is found by either, unique by either, and each
// address has its own consent entry.
func TestSecondaryAddressesAreKeys(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	ada := h.create(t, owner, contact.Patch{
		FirstName:   new("Ada"),
		Email:       new("ada@work.example"),
		EmailLabel:  new("work"),
		Phone:       new("06 12 34 56 78"),
		OtherEmails: &[]contact.LabeledInput{{Value: "ada@home.example", Label: "home"}},
		OtherPhones: &[]contact.LabeledInput{{Value: "+44 7911 123456", Label: "WhatsApp"}},
	})
	require.Equal(t, contact.LabelWhatsApp, ada.OtherPhones[0].Label)

	// Found by either, in any form that parses to it.
	for _, raw := range []string{"ADA@home.example", "mailto:ada@home.example"} {
		got, err := h.svc.ContactByEmail(ctx, owner, raw)
		require.NoError(t, err, "by the home email %q", raw)
		assert.Equal(t, ada.ID, got.ID)
	}
	for _, raw := range []string{"+447911123456", "0044 7911 123456"} {
		got, err := h.svc.ContactByPhone(ctx, owner, raw)
		require.NoError(t, err, "by the WhatsApp phone %q", raw)
		assert.Equal(t, ada.ID, got.ID)
	}
	page, err := h.svc.ListContacts(ctx, owner, contactkit.ContactQuery{Text: "+44 7911 123456"}, store.PageRequest{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1, "search by a secondary phone")
	res, err := h.svc.CaptureContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@home.example"), City: new("London")}})
	require.NoError(t, err)
	assert.False(t, res.Created, "capture by a secondary email updates the contact")
	assert.Equal(t, ada.ID, res.Contact.ID)
	assert.Equal(t, "ada@work.example", res.Contact.Email.String(), "capture by a secondary email leaves the primary as it is")

	// Unique by either: no other live contact may take them.
	for _, p := range []contact.Patch{
		{FirstName: new("Eve"), Email: new("ada@home.example")},
		{FirstName: new("Eve"), Phone: new("+447911123456")},
		{FirstName: new("Eve"), Email: new("eve@example.com"), OtherEmails: &[]contact.LabeledInput{{Value: "ada@work.example"}}},
	} {
		_, err := h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: p})
		taken, ok := errors.AsType[*contactkit.TakenError](err)
		require.True(t, ok, "a secondary or primary address of another contact is taken: %v", err)
		assert.Equal(t, ada.ID, taken.Owner)
	}

	// Each address with its own consent.
	_, err = h.svc.UnsubscribeAddress(ctx, owner, list.ChannelWhatsApp, "+447911123456", "STOP")
	require.NoError(t, err)
	entries, err := h.svc.Consent(ctx, owner, ada.ID)
	require.NoError(t, err)
	status := map[string]list.ConsentStatus{}
	for _, e := range entries {
		status[e.Address.String()] = e.Status
	}
	assert.Equal(t, map[string]list.ConsentStatus{
		"email:ada@work.example": list.ConsentSubscribed,
		"email:ada@home.example": list.ConsentSubscribed,
		"sms:+33612345678":       list.ConsentSubscribed,
		"whatsapp:+33612345678":  list.ConsentSubscribed,
		"sms:+447911123456":      list.ConsentSubscribed,
		"whatsapp:+447911123456": list.ConsentUnsubscribed,
	}, status, "one entry per address and channel")

	// Trash frees every address; restore takes them back.
	_, err = h.svc.DeleteContact(ctx, owner, ada.ID)
	require.NoError(t, err)
	eve := h.create(t, owner, contact.Patch{FirstName: new("Eve"), Phone: new("+447911123456")})
	_, err = h.svc.RestoreContact(ctx, owner, ada.ID)
	require.ErrorIs(t, err, contactkit.ErrConflict, "restore refuses while another live contact holds a secondary phone")
	taken, ok := errors.AsType[*contactkit.TakenError](err)
	require.True(t, ok)
	assert.Equal(t, eve.ID, taken.Owner)
	assert.Equal(t, contact.FieldPhone, taken.Field)
}

// TestCaptureKeepsEverySecondaryAddress checks that a capture adds the
// secondary addresses it brings to the contact's instead of putting them in
// their place, whichever address found the contact.
func TestCaptureKeepsEverySecondaryAddress(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	ada := h.create(t, owner, contact.Patch{
		FirstName:   new("Ada"),
		Email:       new("a@example.com"),
		OtherEmails: &[]contact.LabeledInput{{Value: "b@example.com", Label: "home"}},
	})
	emails := func(c contact.Contact) []string {
		var out []string
		for _, e := range c.Emails() {
			out = append(out, e.String())
		}
		return out
	}
	tests := []struct {
		name string
		in   contact.Patch
		want []string
	}{
		{"found by the primary, with a secondary", contact.Patch{Email: new("a@example.com"), OtherEmails: &[]contact.LabeledInput{{Value: "c@example.com"}}},
			[]string{"a@example.com", "b@example.com", "c@example.com"}},
		{"found by a secondary, with a new primary", contact.Patch{Email: new("b@example.com"), OtherEmails: &[]contact.LabeledInput{{Value: "D@example.com"}, {Value: "a@example.com"}}},
			[]string{"a@example.com", "b@example.com", "c@example.com", "d@example.com"}},
	}
	for _, tt := range tests {
		res, err := h.svc.CaptureContact(ctx, owner, contactkit.ContactInput{Patch: tt.in})
		require.NoError(t, err, tt.name)
		assert.Equal(t, ada.ID, res.Contact.ID, tt.name)
		assert.Equal(t, tt.want, emails(res.Contact), "%s: every address kept, the new ones added", tt.name)
	}
}
