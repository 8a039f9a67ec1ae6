package contact_test

import (
	"errors"

	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
)

// A blank assignee (white space, a zero-width space) is no user: it leaves
// the assignee alone under KeepOnBlank, as every other blank value does, and
// clears it otherwise, as "" does. It was stored as given, replacing the
// contact's assignee with " " even in a capture.
func TestRv21contactBlankAssignee(t *testing.T) {
	for _, raw := range []string{" ", "\u200b", "\t", " \u00a0 "} {
		for _, keep := range []bool{true, false} {
			c := contact.Contact{Workspace: "w", Status: contact.StatusActive, FirstName: "Ann", Assignee: "u-bob"}
			in := contact.UserID(raw)
			err := (&contact.Patch{Assignee: &in}).Apply(&c, contact.ApplyOptions{KeepOnBlank: keep})
			require.NoError(t, err, "assignee %q, KeepOnBlank %v", raw, keep)
			want := contact.UserID("")
			if keep {
				want = "u-bob"
			}
			assert.Equal(t, want, c.Assignee, "assignee %q, KeepOnBlank %v", raw, keep)
		}
	}
	// A user ID is still kept as given, and one with a control character
	// still refused.
	c := contact.Contact{Workspace: "w", Status: contact.StatusActive, FirstName: "Ann"}
	in := contact.UserID(" u-bob ")
	require.NoError(t, (&contact.Patch{Assignee: &in}).Apply(&c, contact.ApplyOptions{}))
	assert.Equal(t, in, c.Assignee)
	bad := contact.UserID("u-\nbob")
	assert.Error(t, (&contact.Patch{Assignee: &bad}).Apply(&c, contact.ApplyOptions{KeepOnBlank: true}))
}

// A secondary email or phone left blank (a form's "second email" field
// left empty) is no address: it is left out, as a blank primary is none,
// rather than failing the whole save with "empty". Under KeepOnBlank a list
// of blank entries only leaves the secondary addresses as they are;
// otherwise it clears them, as an empty list does.
func TestRv21contactBlankSecondaryAddresses(t *testing.T) {
	held := func() contact.Contact {
		return contact.Contact{
			Workspace: "w", Status: contact.StatusActive,
			Email:       contact.MustParseEmail("ann@example.com"),
			OtherEmails: []contact.LabeledEmail{{Email: contact.MustParseEmail("ann@work.example"), Label: contact.LabelWork}},
			Phone:       contact.MustParsePhone("+33612345678", ""),
			OtherPhones: []contact.LabeledPhone{{Phone: contact.MustParsePhone("+33698765432", ""), Label: contact.LabelWhatsApp}},
		}
	}
	t.Run("mixed", func(t *testing.T) {
		for _, keep := range []bool{true, false} {
			c := held()
			p := contact.Patch{
				OtherEmails: &[]contact.LabeledInput{{Value: " ", Label: "home"}, {Value: "Bob <bob@example.com>", Label: "Work"}, {Value: "\u200b"}},
				OtherPhones: &[]contact.LabeledInput{{Value: ""}, {Value: "06 11 22 33 44", Label: "mobile"}},
			}
			require.NoError(t, p.Apply(&c, contact.ApplyOptions{KeepOnBlank: keep, DefaultRegion: "FR"}), "KeepOnBlank %v", keep)
			assert.Equal(t, []contact.LabeledEmail{{Email: contact.MustParseEmail("bob@example.com"), Label: contact.LabelWork}}, c.OtherEmails)
			assert.Equal(t, []contact.LabeledPhone{{Phone: contact.MustParsePhone("+33611223344", ""), Label: contact.LabelMobile}}, c.OtherPhones)
		}
	})
	t.Run("only blank", func(t *testing.T) {
		for _, keep := range []bool{true, false} {
			c := held()
			p := contact.Patch{
				OtherEmails: &[]contact.LabeledInput{{Value: "", Label: "home"}},
				OtherPhones: &[]contact.LabeledInput{{Value: " \t"}},
			}
			require.NoError(t, p.Apply(&c, contact.ApplyOptions{KeepOnBlank: keep, DefaultRegion: "FR"}), "KeepOnBlank %v", keep)
			if keep {
				assert.Equal(t, held().OtherEmails, c.OtherEmails, "KeepOnBlank leaves them")
				assert.Equal(t, held().OtherPhones, c.OtherPhones, "KeepOnBlank leaves them")
			} else {
				assert.Nil(t, c.OtherEmails, "blank entries only clear, as an empty list does")
				assert.Nil(t, c.OtherPhones, "blank entries only clear, as an empty list does")
			}
		}
	})
	t.Run("a bad entry is still reported", func(t *testing.T) {
		c := held()
		p := contact.Patch{OtherEmails: &[]contact.LabeledInput{{Value: ""}, {Value: "ann@"}}}
		err := p.Apply(&c, contact.ApplyOptions{KeepOnBlank: true})
		pe, ok := errors.AsType[*contact.ParseError](err)
		require.True(t, ok, "got %v", err)
		assert.Equal(t, contact.FieldOtherEmails, pe.Field)
		assert.Equal(t, "ann@", pe.Input)
		assert.Equal(t, held(), c, "nothing applied")
	})
}

// Clearing the primary email or phone clears its label: the label stayed,
// a label of no address, and the next address set (another person's, a
// capture's) silently took it. A label given with no address is dropped.
func TestRv21contactClearedAddressDropsItsLabel(t *testing.T) {
	c := contact.Contact{
		Workspace: "w", Status: contact.StatusActive, FirstName: "Ann",
		Email: contact.MustParseEmail("ann@work.example"), EmailLabel: contact.LabelWork,
		Phone: contact.MustParsePhone("+33612345678", ""), PhoneLabel: contact.LabelWhatsApp,
	}
	require.NoError(t, (&contact.Patch{Email: new(""), Phone: new("")}).Apply(&c, contact.ApplyOptions{}))
	assert.Equal(t, contact.Label(""), c.EmailLabel, "the label of a cleared email")
	assert.Equal(t, contact.Label(""), c.PhoneLabel, "the label of a cleared phone")

	require.NoError(t, (&contact.Patch{Email: new("ann@home.example")}).Apply(&c, contact.ApplyOptions{}))
	assert.Equal(t, contact.Label(""), c.EmailLabel, "a new email is not labelled by the one cleared before it")

	require.NoError(t, (&contact.Patch{PhoneLabel: new("Mobile")}).Apply(&c, contact.ApplyOptions{}))
	assert.Equal(t, contact.Label(""), c.PhoneLabel, "a label with no phone")

	// A label given with its address, and a secondary promoted when the
	// primary is cleared, keep theirs.
	require.NoError(t, (&contact.Patch{Phone: new("+33612345678"), PhoneLabel: new("Mobile"), OtherPhones: &[]contact.LabeledInput{{Value: "+33698765432", Label: "whatsapp"}}}).Apply(&c, contact.ApplyOptions{}))
	assert.Equal(t, contact.LabelMobile, c.PhoneLabel)
	require.NoError(t, (&contact.Patch{Phone: new("")}).Apply(&c, contact.ApplyOptions{}))
	assert.Equal(t, contact.MustParsePhone("+33698765432", ""), c.Phone)
	assert.Equal(t, contact.LabelWhatsApp, c.PhoneLabel, "the promoted phone's label")
}
