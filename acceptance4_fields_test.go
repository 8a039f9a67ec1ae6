package contactkit_test

// Fourth acceptance pass: custom fields, lists and consent, bulk actions and
// capture, through the public API as a host would use it. Each test states
// the documented behaviour it expects and fails on the current code.

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/store/memstore"
)

var acc4FOwner = contactkit.Actor{Workspace: "acme", User: "u-owner", Role: contactkit.RoleOwner, Source: contact.ChangeUI}

func acc4FService() *contactkit.Service {
	return contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR"})
}

// DESIGN.md C2: "Input is parsed with the region of the contact's country
// when one is given, else the workspace's default region". A Belgian
// contact's national mobile number, in a workspace whose default region is
// FR, is a Belgian number: +32 470 12 34 56, not the French landline
// +33 4 70 12 34 56 (a contact then stored with country BE and a French
// phone).
func TestAcc4PhoneIsReadInTheContactsCountry(t *testing.T) {
	ctx := t.Context()
	svc := acc4FService()

	c, err := svc.CreateContact(ctx, acc4FOwner, contactkit.ContactInput{Patch: contact.Patch{
		FirstName: new("Lotte"), Country: new("BE"), Phone: new("0470 12 34 56"),
	}})
	require.NoError(t, err)
	assert.Equal(t, "BE", c.Country.String())
	assert.Equal(t, "+32470123456", c.Phone.String(), "C2: a national number is read in the contact's country (BE), not the default region (FR)")

	// The same on an update of a contact whose country is known.
	d, err := svc.CreateContact(ctx, acc4FOwner, contactkit.ContactInput{Patch: contact.Patch{
		FirstName: new("Jan"), Country: new("BE"),
	}})
	require.NoError(t, err)
	d, err = svc.UpdateContact(ctx, acc4FOwner, d.ID, contact.Patch{Phone: new("0470 65 43 21")})
	require.NoError(t, err)
	assert.Equal(t, "+32470654321", d.Phone.String(), "C2: a national number is read in the contact's country (BE), not the default region (FR)")
}

// CaptureContact: "Blank values never clear what the contact has", and
// contact.Patch/ApplyOptions.KeepOnBlank define a blank value as one
// holding "nothing but white space and invisible characters" (a zero-width
// space or a byte-order mark pasted by a form). CreateContact takes such
// an email as blank; a capture found by its phone must too, instead of
// refusing the whole submission with "parse email: empty" (C8).
func TestAcc4CaptureTakesAnInvisibleEmailAsBlank(t *testing.T) {
	ctx := t.Context()
	svc := acc4FService()

	// CreateContact reads it as blank: no email, no error.
	z, err := svc.CreateContact(ctx, acc4FOwner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Zoe"), Email: new("\u200b")}})
	require.NoError(t, err)
	assert.True(t, z.Email.IsZero())

	bob, err := svc.CreateContact(ctx, acc4FOwner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Bob"), Phone: new("06 98 76 54 32")}})
	require.NoError(t, err)

	for _, blank := range []string{"\u200b", "\ufeff", "\u2060"} {
		res, err := svc.CaptureContact(ctx, acc4FOwner, contactkit.ContactInput{Patch: contact.Patch{
			Email: new(blank), Phone: new("0698765432"), JobTitle: new("Baker"),
		}})
		if assert.NoError(t, err, "email %q is blank: the capture matches by the phone", blank) {
			assert.False(t, res.Created)
			assert.Equal(t, bob.ID, res.Contact.ID)
			assert.Equal(t, "Baker", res.Contact.JobTitle)
		}
	}
	// And a blank phone beside a matching email.
	ann, err := svc.CreateContact(ctx, acc4FOwner, contactkit.ContactInput{Patch: contact.Patch{Email: new("ann@example.com")}})
	require.NoError(t, err)
	res, err := svc.CaptureContact(ctx, acc4FOwner, contactkit.ContactInput{Patch: contact.Patch{
		Email: new("ann@example.com"), Phone: new("\u200b"),
	}})
	if assert.NoError(t, err, "phone %q is blank: the capture matches by the email", "\u200b") {
		assert.Equal(t, ann.ID, res.Contact.ID)
	}
}

// DESIGN.md F3: "Unknown keys are errors". A capture that names a custom
// field the workspace does not have (or a key that is not a slug) is
// refused when it creates the contact, but accepted silently when it
// finds one, as soon as the value is blank: whether a form's bad field key
// is reported must not depend on whether the person is new. Expected: a
// *ValidationError holding a *field.Error (ErrUnknownField, ErrInvalidKey)
// in both cases, and nothing written.
func TestAcc4CaptureRefusesUnknownFieldKeysIntoAnExistingContact(t *testing.T) {
	ctx := t.Context()
	svc := acc4FService()

	// A new contact: refused, as documented.
	_, err := svc.CaptureContact(ctx, acc4FOwner, contactkit.ContactInput{Patch: contact.Patch{
		Email: new("new@example.com"), Fields: map[string]string{"shoe_sise": ""},
	}})
	require.ErrorIs(t, err, field.ErrUnknownField)

	ann, err := svc.CreateContact(ctx, acc4FOwner, contactkit.ContactInput{Patch: contact.Patch{Email: new("ann@example.com")}})
	require.NoError(t, err)
	for key, want := range map[string]error{"shoe_sise": field.ErrUnknownField, "Shoe Size": field.ErrInvalidKey} {
		_, err := svc.CaptureContact(ctx, acc4FOwner, contactkit.ContactInput{Patch: contact.Patch{
			Email: new("ann@example.com"), FirstName: new("Ann"), Fields: map[string]string{key: ""},
		}})
		if !assert.Error(t, err, "F3: key %q is not a field of the workspace", key) {
			continue
		}
		assert.ErrorIs(t, err, contactkit.ErrInvalidInput)
		assert.ErrorIs(t, err, want)
		fe, ok := errors.AsType[*field.Error](err)
		assert.True(t, ok, "a *field.Error says which key")
		if ok {
			assert.True(t, fe.Key.String() == key || fe.Input == key, "the error names the key %q", key)
		}
	}
	got, err := svc.GetContact(ctx, acc4FOwner, ann.ID)
	require.NoError(t, err)
	assert.Empty(t, got.FirstName, "nothing written")
}
