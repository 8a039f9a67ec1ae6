package contactkit_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/tag"
)

// C1b: "A contact has several emails and phones, each with a label". The
// label belongs to its address: a secondary address made primary (a "make
// primary" button, or a swap of primary and secondary) keeps the label it
// had, unless the change gives the primary one; it does not take the label
// of the address it replaces.
func TestAcc11SecondaryMadePrimaryKeepsItsLabel(t *testing.T) {
	ctx := t.Context()
	in := contact.Patch{
		Email: acc11Ptr("ann@work.example"), EmailLabel: acc11Ptr("work"),
		OtherEmails: &[]contact.LabeledInput{{Value: "ann@home.example", Label: "home"}},
		Phone:       acc11Ptr("+33 1 23 45 67 89"), PhoneLabel: acc11Ptr("work"),
		OtherPhones: &[]contact.LabeledInput{{Value: "+33 6 12 34 56 78", Label: "WhatsApp"}},
	}
	for _, tc := range []struct {
		name       string
		patch      contact.Patch
		email      string
		emailLabel contact.Label
		others     []contact.LabeledEmail
		phone      string
		phoneLabel contact.Label
	}{
		{
			name:  "make primary",
			patch: contact.Patch{Email: acc11Ptr("ANN@home.example"), Phone: acc11Ptr("06 12 34 56 78")},
			email: "ann@home.example", emailLabel: contact.LabelHome,
			phone: "+33612345678", phoneLabel: contact.LabelWhatsApp,
		},
		{
			name: "swap",
			patch: contact.Patch{
				Email: acc11Ptr("ann@home.example"), OtherEmails: &[]contact.LabeledInput{{Value: "ann@work.example", Label: "work"}},
				Phone: acc11Ptr("06 12 34 56 78"), OtherPhones: &[]contact.LabeledInput{{Value: "01 23 45 67 89", Label: "work"}},
			},
			email: "ann@home.example", emailLabel: contact.LabelHome,
			others: []contact.LabeledEmail{{Email: contact.MustParseEmail("ann@work.example"), Label: contact.LabelWork}},
			phone:  "+33612345678", phoneLabel: contact.LabelWhatsApp,
		},
		{
			name:  "a label given wins",
			patch: contact.Patch{Email: acc11Ptr("ann@home.example"), EmailLabel: acc11Ptr("Other"), Phone: acc11Ptr("06 12 34 56 78"), PhoneLabel: acc11Ptr("")},
			email: "ann@home.example", emailLabel: contact.LabelOther,
			phone: "+33612345678", phoneLabel: "",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc := acc11Service("FR")
			c, err := svc.CreateContact(ctx, acc11Owner, contactkit.ContactInput{Patch: in})
			require.NoError(t, err)
			got, err := svc.UpdateContact(ctx, acc11Owner, c.ID, tc.patch)
			require.NoError(t, err)
			require.Equal(t, tc.email, got.Email.String())
			require.Equal(t, tc.emailLabel, got.EmailLabel, "C1b: the email keeps its own label")
			require.Equal(t, tc.others, got.OtherEmails)
			require.Equal(t, tc.phone, got.Phone.String())
			require.Equal(t, tc.phoneLabel, got.PhoneLabel, "C1b: the phone keeps its own label")
		})
	}
}

// C3 and C9, L3: an email that differs from another only in case (as
// strings.EqualFold says: "µ", the micro sign of German keyboards, is the
// Greek "Μ" in upper case) is the same address: taken by the contact
// that holds it, found by a lookup, and under its consent.
func TestAcc11AnEmailInAnotherCaseIsTheSameAddress(t *testing.T) {
	ctx := t.Context()
	svc := acc11Service("")
	held, err := svc.CreateContact(ctx, acc11Owner, contactkit.ContactInput{Patch: contact.Patch{Email: acc11Ptr("µller@example.de")}})
	require.NoError(t, err)
	_, err = svc.UnsubscribeAddress(ctx, acc11Owner, list.ChannelEmail, "µller@example.de", "unsubscribe link")
	require.NoError(t, err)

	_, err = svc.CreateContact(ctx, acc11Owner, contactkit.ContactInput{Patch: contact.Patch{Email: acc11Ptr("ΜLLER@example.de")}})
	taken, ok := errors.AsType[*contactkit.TakenError](err)
	require.True(t, ok, "C9: the address is taken; got %v", err)
	require.Equal(t, held.ID, taken.Owner)

	found, err := svc.ContactByEmail(ctx, acc11Owner, "μller@example.de")
	require.NoError(t, err)
	require.Equal(t, held.ID, found.ID)

	entry, err := svc.AddressConsent(ctx, acc11Owner, list.ChannelEmail, "Μller@EXAMPLE.de")
	require.NoError(t, err)
	require.Equal(t, list.ConsentUnsubscribed, entry.Status, "L3: the unsubscribe belongs to the address, whatever its case")
}

// X1: "Every text input has a documented length limit". The Form of a
// capture names the form for the automations its submission triggers, and
// is recorded on the enrollments it makes: it is bounded as the form a
// trigger names is (automation.MaxSubjectLength characters, no control
// characters), and, as other inputs, trimmed, so that " signup " is the
// form "signup" its trigger names. A bad Form is reported with the
// other problems of the input, and nothing is written.
func TestAcc11CaptureFormIsBoundedAndTrimmed(t *testing.T) {
	ctx := t.Context()
	svc := acc11Service("")
	anyForm, err := svc.CreateAutomation(ctx, acc11Owner, automation.Automation{Name: "any form", Active: true,
		Steps: []automation.Step{{Name: "one"}}, Triggers: []automation.Trigger{automation.On(automation.TriggerFormSubmitted)}})
	require.NoError(t, err)
	signup, err := svc.CreateAutomation(ctx, acc11Owner, automation.Automation{Name: "signup", Active: true,
		Steps: []automation.Step{{Name: "one"}}, Triggers: []automation.Trigger{automation.OnFormSubmitted("signup")}})
	require.NoError(t, err)

	for _, form := range []string{strings.Repeat("f", 100_000), strings.Repeat("é", automation.MaxSubjectLength+1), "sign\x00up", "sign\nup"} {
		_, err := svc.CaptureContact(ctx, acc11Owner, contactkit.ContactInput{Patch: contact.Patch{Email: acc11Ptr("ann@example.com"), Phone: acc11Ptr("nope")}, Form: form})
		require.ErrorIs(t, err, contactkit.ErrInvalidInput, "X1: a form name of %d bytes", len(form))
		require.ErrorIs(t, err, contact.ErrInvalidPhone, "C5: reported with the other problems")
		require.Less(t, len(err.Error()), 1000, "X1: an error quotes a short prefix of a bad value")
		_, err = svc.CaptureContact(ctx, acc11Owner, contactkit.ContactInput{Patch: contact.Patch{Email: acc11Ptr("ann@example.com")}, Form: form})
		require.ErrorIs(t, err, contactkit.ErrInvalidInput, "X1: a form name of %d bytes", len(form))
		_, err = svc.ContactByEmail(ctx, acc11Owner, "ann@example.com")
		require.ErrorIs(t, err, contactkit.ErrNotFound, "nothing is written")
	}

	res, err := svc.CaptureContact(ctx, acc11Owner, contactkit.ContactInput{Patch: contact.Patch{Email: acc11Ptr("ann@example.com")}, Form: "  signup\u00a0"})
	require.NoError(t, err)
	for _, au := range []automation.ID{anyForm.ID, signup.ID} {
		var got []automation.Enrollment
		for e, err := range svc.Enrollments(ctx, acc11Owner, contactkit.EnrollmentQuery{Automation: au}) {
			require.NoError(t, err)
			got = append(got, e)
		}
		require.Len(t, got, 1, "the form of the capture is the form its trigger names")
		require.Equal(t, res.Contact.ID, got[0].Contact)
		require.Equal(t, automation.FormSubmitted("signup"), got[0].Trigger)
	}
}

// C5: "A save is all-or-nothing: every invalid or missing required field
// is reported at once (one error joining typed field errors) and nothing
// is written." A capture is a save (C8): a form whose email does not
// parse has its other problems reported with it, as CreateContact reports
// them, whether the capture would create a contact or update the one its
// phone finds; and one with neither email nor phone says so with the rest.
func TestAcc11CaptureReportsEveryProblemAtOnce(t *testing.T) {
	ctx := t.Context()
	svc := acc11Service("FR")
	bob, err := svc.CreateContact(ctx, acc11Owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: acc11Ptr("Bob"), Phone: acc11Ptr("06 12 34 56 78")}})
	require.NoError(t, err)

	for _, tc := range []struct {
		name  string
		patch contact.Patch
		want  []error
	}{
		{"a bad email, no phone", contact.Patch{Email: acc11Ptr("bad@"), BirthDate: acc11Ptr("1990-13-45"), Fields: map[string]string{"nope": "x"}},
			[]error{contact.ErrInvalidEmail, field.ErrInvalidValue, field.ErrUnknownField, tag.ErrInvalidName}},
		{"a bad phone, no email", contact.Patch{Phone: acc11Ptr("12"), BirthDate: acc11Ptr("1990-13-45"), Fields: map[string]string{"nope": "x"}},
			[]error{contact.ErrInvalidPhone, field.ErrInvalidValue, field.ErrUnknownField, tag.ErrInvalidName}},
		{"a bad email, the phone of a contact", contact.Patch{Email: acc11Ptr("bad@"), Phone: acc11Ptr("+33 6 12 34 56 78"), BirthDate: acc11Ptr("1990-13-45"), Fields: map[string]string{"nope": "x"}},
			[]error{contact.ErrInvalidEmail, field.ErrInvalidValue, field.ErrUnknownField, tag.ErrInvalidName}},
		{"neither email nor phone", contact.Patch{FirstName: acc11Ptr("Ann"), BirthDate: acc11Ptr("1990-13-45"), Fields: map[string]string{"nope": "x"}},
			[]error{contactkit.ErrNoMatchKey, field.ErrInvalidValue, field.ErrUnknownField, tag.ErrInvalidName}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := svc.CaptureContact(ctx, acc11Owner, contactkit.ContactInput{Patch: tc.patch, Tags: []string{"ok, bad\x00tag"}})
			require.ErrorIs(t, err, contactkit.ErrInvalidInput)
			for _, want := range tc.want {
				require.ErrorIs(t, err, want, "C5: every problem at once")
			}
		})
	}
	got, err := svc.GetContact(ctx, acc11Owner, bob.ID)
	require.NoError(t, err)
	require.Equal(t, bob, got, "nothing is written")
	n := 0
	for _, err := range svc.Contacts(ctx, acc11Owner, contactkit.ContactQuery{}) {
		require.NoError(t, err)
		n++
	}
	require.Equal(t, 1, n, "nothing is written")
}

// C5: every problem of the input at once. A list the workspace does not
// have is a problem of the input like a bad email: CreateContact and
// CaptureContact report both.
func TestAcc11AnUnknownListIsReportedWithTheOtherProblems(t *testing.T) {
	ctx := t.Context()
	svc := acc11Service("FR")
	_, err := svc.CreateContact(ctx, acc11Owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: acc11Ptr("Held"), Email: acc11Ptr("held@example.com")}})
	require.NoError(t, err)
	unknown := list.ID{1}
	for _, tc := range []struct {
		name string
		call func(contactkit.ContactInput) error
	}{
		{"create", func(in contactkit.ContactInput) error { _, err := svc.CreateContact(ctx, acc11Owner, in); return err }},
		{"capture", func(in contactkit.ContactInput) error { _, err := svc.CaptureContact(ctx, acc11Owner, in); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call(contactkit.ContactInput{Patch: contact.Patch{Email: acc11Ptr("ann@example.com"), BirthDate: acc11Ptr("1990-13-45")}, Lists: []list.ID{unknown}})
			require.ErrorIs(t, err, contactkit.ErrUnknownList)
			require.ErrorIs(t, err, field.ErrInvalidValue, "C5: with the bad birth date")
			err = tc.call(contactkit.ContactInput{Patch: contact.Patch{Email: acc11Ptr("held@example.com"), BirthDate: acc11Ptr("1990-13-45")}, Lists: []list.ID{unknown}})
			require.ErrorIs(t, err, contactkit.ErrUnknownList)
			require.ErrorIs(t, err, field.ErrInvalidValue, "C5: with the bad birth date")
		})
	}
}
