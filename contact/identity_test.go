package contact_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
)

func TestParseLabel(t *testing.T) {
	tests := []struct {
		in   string
		want contact.Label
		err  bool
	}{
		{"", "", false},
		{"  Work ", contact.LabelWork, false},
		{"WhatsApp", contact.LabelWhatsApp, false},
		{"Mobile\u200b", contact.LabelMobile, false},
		{"  École   du  soir ", "école du soir", false},
		{"a\tb", "a b", false},
		{"bad\x00label", "", true},
		{strings.Repeat("x", contact.MaxLabelLen+1), "", true},
		{strings.Repeat("x", 1<<20), "", true},
	}
	for _, tt := range tests {
		got, err := contact.ParseLabel(tt.in)
		if tt.err {
			require.ErrorIs(t, err, contact.ErrInvalidLabel, "ParseLabel(%.20q)", tt.in)
			assert.Less(t, len(err.Error()), 200, "a short message")
			continue
		}
		require.NoError(t, err, "ParseLabel(%q)", tt.in)
		assert.Equal(t, tt.want, got, "ParseLabel(%q)", tt.in)
		again, err := contact.ParseLabel(string(got))
		require.NoError(t, err)
		assert.Equal(t, got, again, "ParseLabel is idempotent")
	}
}

func TestPatchSecondaryAddresses(t *testing.T) {
	opts := contact.ApplyOptions{DefaultRegion: "FR"}
	t.Run("labels and secondary addresses", func(t *testing.T) {
		c := newContact()
		p := contact.Patch{
			EmailLabel:  new("Work"),
			PhoneLabel:  new("mobile"),
			Phone:       new("06 12 34 56 78"),
			OtherEmails: &[]contact.LabeledInput{{Value: "Ada <ADA@home.example>", Label: "Home"}},
			OtherPhones: &[]contact.LabeledInput{{Value: "+44 20 7946 0018", Label: "WhatsApp"}},
		}
		require.NoError(t, p.Apply(&c, opts))
		assert.Equal(t, contact.LabelWork, c.EmailLabel)
		assert.Equal(t, []contact.LabeledEmail{{Email: contact.MustParseEmail("ada@home.example"), Label: contact.LabelHome}}, c.OtherEmails)
		assert.Equal(t, "+442079460018", c.OtherPhones[0].Phone.String())
		assert.Equal(t, []string{"email:ada@example.com", "email:ada@home.example", "phone:+33612345678", "phone:+442079460018"}, c.Keys(),
			"every address is a key, primary first")
	})
	t.Run("a new primary leaves the secondary list", func(t *testing.T) {
		c := newContact()
		require.NoError(t, (&contact.Patch{OtherEmails: &[]contact.LabeledInput{{Value: "b@example.com"}}}).Apply(&c, opts))
		require.NoError(t, (&contact.Patch{Email: new("b@example.com")}).Apply(&c, opts))
		assert.Equal(t, "b@example.com", c.Email.String())
		assert.Empty(t, c.OtherEmails, "the primary is not also secondary")
	})
	t.Run("a secondary is promoted when there is no primary", func(t *testing.T) {
		c := contact.Contact{Workspace: "ws", Status: contact.StatusActive, FirstName: "Ann"}
		require.NoError(t, (&contact.Patch{OtherPhones: &[]contact.LabeledInput{{Value: "06 11 22 33 44", Label: "home"}, {Value: "07 81 22 33 44"}}}).Apply(&c, opts))
		assert.Equal(t, "+33611223344", c.Phone.String())
		assert.Equal(t, contact.LabelHome, c.PhoneLabel)
		require.Len(t, c.OtherPhones, 1)
		assert.Equal(t, "+33781223344", c.OtherPhones[0].Phone.String())
	})
	t.Run("an address twice is refused with nothing changed", func(t *testing.T) {
		c := newContact()
		before := c.Clone()
		err := (&contact.Patch{OtherEmails: &[]contact.LabeledInput{{Value: "x@example.com"}, {Value: "X@Example.com"}}}).Apply(&c, opts)
		require.ErrorIs(t, err, contact.ErrDuplicateAddress)
		assert.Equal(t, before, c)
	})
	t.Run("every bad secondary address and label is reported", func(t *testing.T) {
		c := newContact()
		err := (&contact.Patch{
			OtherEmails: &[]contact.LabeledInput{{Value: "nope"}, {Value: "ok@example.com", Label: "bad\x01"}},
			OtherPhones: &[]contact.LabeledInput{{Value: "01 23"}},
		}).Apply(&c, opts)
		require.Error(t, err)
		var fields []string
		for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
			if pe, ok := errors.AsType[*contact.ParseError](e); ok {
				fields = append(fields, pe.Field)
			}
		}
		assert.ElementsMatch(t, []string{contact.FieldOtherEmails, contact.FieldLabel, contact.FieldOtherPhones}, fields)
	})
	t.Run("too many secondary addresses", func(t *testing.T) {
		c := newContact()
		var many []contact.LabeledInput
		for i := range contact.MaxOtherAddresses + 1 {
			many = append(many, contact.LabeledInput{Value: "a" + strings.Repeat("b", i) + "@example.com"})
		}
		require.ErrorIs(t, (&contact.Patch{OtherEmails: &many}).Apply(&c, opts), contact.ErrInvalid)
	})
	t.Run("copies of the primary among the most secondary addresses", func(t *testing.T) {
		c := newContact()
		c.Phone = contact.MustParsePhone("+33611223344", "")
		emails := []contact.LabeledInput{{Value: "ADA@Example.com"}, {Value: "Ada <ada@example.com>"}}
		phones := []contact.LabeledInput{{Value: "06 11 22 33 44"}, {Value: "+33 6 11 22 33 44"}, {Value: "0611223344"}}
		for i := range contact.MaxOtherAddresses {
			emails = append(emails, contact.LabeledInput{Value: "a" + strings.Repeat("b", i) + "@example.com"})
			phones = append(phones, contact.LabeledInput{Value: fmt.Sprintf("06 12 34 56 %02d", i)})
		}
		require.NoError(t, (&contact.Patch{OtherEmails: &emails, OtherPhones: &phones}).Apply(&c, opts), "a secondary equal to the primary is dropped, however many")
		assert.Len(t, c.OtherEmails, contact.MaxOtherAddresses)
		assert.Len(t, c.OtherPhones, contact.MaxOtherAddresses)
	})
	t.Run("bad addresses beside the most secondary addresses are each reported", func(t *testing.T) {
		// A capture's patch: the secondary addresses the contact holds,
		// then those the capture brings.
		c := newContact()
		var emails []contact.LabeledInput
		for i := range contact.MaxOtherAddresses {
			emails = append(emails, contact.LabeledInput{Value: "a" + strings.Repeat("b", i) + "@example.com"})
		}
		emails = append(emails, contact.LabeledInput{Value: "bad one"}, contact.LabeledInput{Value: "bad two"})
		err := (&contact.Patch{OtherEmails: &emails}).Apply(&c, opts)
		require.ErrorIs(t, err, contact.ErrInvalidEmail)
		assert.Contains(t, err.Error(), `"bad one"`)
		assert.Contains(t, err.Error(), `"bad two"`)
		assert.NotContains(t, err.Error(), "secondary addresses, at most", "the bad ones are the problem")
	})
	t.Run("far too many secondary addresses: an error that stops growing", func(t *testing.T) {
		errorOf := func(n int) error {
			c := newContact()
			before := c.Clone()
			emails := make([]contact.LabeledInput, n)
			phones := make([]contact.LabeledInput, n)
			for i := range n {
				emails[i] = contact.LabeledInput{Value: fmt.Sprintf("not an email %d", i)}
				phones[i] = contact.LabeledInput{Value: "01 23"}
			}
			err := (&contact.Patch{OtherEmails: &emails, OtherPhones: &phones}).Apply(&c, opts)
			require.ErrorIs(t, err, contact.ErrInvalid)
			assert.Equal(t, before, c, "nothing changed")
			for _, field := range []string{contact.FieldOtherEmails, contact.FieldOtherPhones} {
				assert.Contains(t, err.Error(), fmt.Sprintf("%s: more than 100 secondary addresses of the %d given, at most %d", field, n, contact.MaxOtherAddresses))
			}
			return err
		}
		few, many := errorOf(1_000), errorOf(100_000)
		assert.NotContains(t, many.Error(), "not an email 999", "the addresses past the first hundred are not parsed")
		assert.Equal(t, len(few.Error())+2*2, len(many.Error()), "the same error but the counts' two more digits")
		assert.Less(t, len(many.Error()), 32<<10, "100,000 bad addresses gave an error of 7.6 MB")
	})
	t.Run("far too many good secondary addresses: one problem of their number", func(t *testing.T) {
		c := newContact()
		var emails []contact.LabeledInput
		for i := range 150 {
			emails = append(emails, contact.LabeledInput{Value: fmt.Sprintf("a%d@example.com", i)})
		}
		err := (&contact.Patch{OtherEmails: &emails}).Apply(&c, opts)
		require.ErrorIs(t, err, contact.ErrInvalid)
		assert.Equal(t, 1, strings.Count(err.Error(), "secondary addresses"), "one count, not two: %v", err)
		assert.Contains(t, err.Error(), "more than 100 secondary addresses of the 150 given, at most 20")
	})
	t.Run("KeepOnBlank keeps the secondary addresses", func(t *testing.T) {
		c := newContact()
		require.NoError(t, (&contact.Patch{OtherEmails: &[]contact.LabeledInput{{Value: "b@example.com"}}}).Apply(&c, opts))
		keep := opts
		keep.KeepOnBlank = true
		require.NoError(t, (&contact.Patch{OtherEmails: &[]contact.LabeledInput{}}).Apply(&c, keep))
		assert.Len(t, c.OtherEmails, 1)
	})
}

func TestCloneCopiesSecondaryAddresses(t *testing.T) {
	c := newContact()
	c.OtherEmails = []contact.LabeledEmail{{Email: contact.MustParseEmail("b@example.com")}}
	d := c.Clone()
	d.OtherEmails[0].Label = contact.LabelWork
	assert.Empty(t, c.OtherEmails[0].Label, "Clone shares nothing")
}
