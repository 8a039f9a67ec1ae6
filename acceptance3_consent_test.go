package contactkit_test

// Third acceptance pass: consent by address (DESIGN.md C3, C9, L2..L5).
// Tests marked FINDING fail on the code they were written against; the
// others pass and are kept as regression tests.

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
)

// FINDING (C3 "emails are compared case-insensitively", L3, C9): Greek
// final sigma. "σας@example.com" and "ΣΑΣ@example.com" are the same
// address but for case (strings.EqualFold says so: ς, σ and Σ are one case
// class), yet the canonical form lower-cases each letter on its own, so
// the first stays "σας@…" and the second becomes "σασ@…": two ledger
// entries and two owners. An unsubscribe of one does not cover the other,
// and a second contact may take it.
func TestAcc3ConsentEmailFinalSigmaIsOneAddress(t *testing.T) {
	ctx := context.Background()
	svc, _ := acc3Service(t, nil)
	require.True(t, strings.EqualFold("σας@example.com", "ΣΑΣ@example.com"), "the premise: equal but for case")

	_, err := svc.UnsubscribeAddress(ctx, acc3Owner, list.ChannelEmail, "σας@example.com", "unsubscribe link")
	require.NoError(t, err)
	assert.Equal(t, list.ConsentUnsubscribed, acc3Consent(t, svc, list.ChannelEmail, "ΣΑΣ@example.com"),
		"the same address in upper case is unsubscribed (C3, L3)")

	first := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: ptr("Sas"), Email: ptr("ΣΑΣ@example.com")}})
	cs, err := svc.Consent(ctx, acc3Owner, first.ID)
	require.NoError(t, err)
	require.NotEmpty(t, cs)
	assert.Equal(t, list.ConsentUnsubscribed, cs[0].Status, "a contact created with the unsubscribed address in upper case is unsubscribed (L3)")

	_, err = svc.CreateContact(ctx, acc3Owner, contactkit.ContactInput{Patch: contact.Patch{Email: ptr("σας@example.com")}})
	assert.ErrorIs(t, err, contactkit.ErrAlreadyExists, "one address, one live owner (C9)")
}

// FINDING (C3, L3): full-width forms of an ASCII domain. What a Japanese,
// Chinese or Korean keyboard types in full width ("ｅｘａｍｐｌｅ．ｃｏｍ") is
// mapped to "example.com" by IDNA (UTS #46, which browsers and mail
// clients apply); IDNA2008 alone disallows those characters. contactkit
// maps the full-width full stop to a dot (and "。" too) but encodes the
// full-width letters as Punycode: "ann@ｅxample.com" becomes the new,
// subscribed and undeliverable address "ann@xn--xample-hy68a.com", beside
// an unsubscribed "ann@example.com", instead of being that address (or
// refused as invalid).
func TestAcc3ConsentFullWidthDomainIsNotANewAddress(t *testing.T) {
	ctx := context.Background()
	svc, _ := acc3Service(t, nil)
	_, err := svc.UnsubscribeAddress(ctx, acc3Owner, list.ChannelEmail, "ann@example.com", "unsubscribe link")
	require.NoError(t, err)
	for _, in := range []string{"ann@ｅxample.com", "ann@EXAMPLE.ＣＯＭ", "ann@ｅｘａｍｐｌｅ．ｃｏｍ"} {
		c, err := svc.CaptureContact(ctx, acc3Owner, contactkit.ContactInput{Patch: contact.Patch{Email: ptr(in)}})
		if err != nil {
			continue // refused as invalid: acceptable
		}
		assert.Equal(t, "ann@example.com", c.Contact.Email.String(), "%q is ann@example.com under IDNA mapping", in)
		assert.Equal(t, list.ConsentUnsubscribed, acc3Consent(t, svc, list.ChannelEmail, in), "%q stays unsubscribed", in)
	}
}

// Kept (passes): an unsubscribed address in another form — upper case,
// 0033 international prefix, national form — imported with consent columns
// that say "subscribed" / "no opt-out", on create then on update, stays
// unsubscribed on every channel (L3, L4, I4).
func TestAcc3ImportNeverResubscribesAnotherFormOfTheAddress(t *testing.T) {
	ctx := context.Background()
	svc, _ := acc3Service(t, nil)
	for _, u := range []struct {
		chn list.Channel
		raw string
	}{{list.ChannelSMS, "+33 6 12 34 56 78"}, {list.ChannelWhatsApp, "06.12.34.56.78"}, {list.ChannelEmail, "ADA@example.com"}} {
		_, err := svc.UnsubscribeAddress(ctx, acc3Owner, u.chn, u.raw, "STOP")
		require.NoError(t, err)
	}
	csv := "First Name,E-mail Address,Mobile Phone,Email Consent,SMS Opt Out,WhatsApp Opt Out\n" +
		"Ada,ada@EXAMPLE.com,0033 6 12 34 56 78,subscribed,no,no\n"
	for range 2 { // created, then updated
		run := accImport(t, svc, []byte(csv), "FR", &contactkit.ImportOptions{}, nil)
		require.NoError(t, run.err)
		require.Equal(t, 1, run.res.Created+run.res.Updated, run.outcomes())
		assert.Equal(t, list.ConsentUnsubscribed, acc3Consent(t, svc, list.ChannelSMS, "0612345678"))
		assert.Equal(t, list.ConsentUnsubscribed, acc3Consent(t, svc, list.ChannelWhatsApp, "612345678"))
		assert.Equal(t, list.ConsentUnsubscribed, acc3Consent(t, svc, list.ChannelEmail, "ada@example.com"))
	}
}
