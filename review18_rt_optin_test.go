package contactkit_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/memstore"
)

// An address nobody chose for holds the workspace's default
// (list.Consent.Default): subscribed, or unsubscribed under an opt-in
// policy (list.Policy DefaultConsent). The CSV export wrote that default
// as if it were a choice ("Email Consent: subscribed" or "unsubscribed",
// "SMS Opt Out: yes"), and the import read it as one: the export imported
// back into its own workspace, or into another, turned
//   - under an opt-in policy, every "no choice yet" into an unsubscribe
//     that only an explicit resubscribe lifts (L4): a later form opt-in
//     of that person is refused (CaptureResult.StillUnsubscribed);
//   - under a subscribed policy, every "no choice yet" into an opt-in:
//     a later switch of the workspace to an opt-in policy keeps them all
//     subscribed, which Options.Consent promises it never does silently;
//     and into an opt-in workspace, the whole file opted in.
//
// I6: export then import gives back the same contacts, consent included.
func TestReview18RTConsentDefaultsSurviveExport(t *testing.T) {
	ctx := context.Background()
	type addr struct {
		chn  list.Channel
		addr string
	}
	addrs := []addr{{list.ChannelEmail, "ann@example.com"}, {list.ChannelEmail, "ann2@example.com"},
		{list.ChannelSMS, "+33612345678"}, {list.ChannelWhatsApp, "+33612345678"}, {list.ChannelSMS, "+33612345679"}}
	for _, policy := range []list.ConsentStatus{list.ConsentSubscribed, list.ConsentUnsubscribed} {
		opts := &contactkit.Options{DefaultRegion: "FR", Consent: list.Policy{DefaultConsent: policy}}
		optIn := &contactkit.Options{DefaultRegion: "FR", Consent: list.Policy{DefaultConsent: list.ConsentUnsubscribed}}
		st := memstore.New()
		src := contactkit.New(st, opts)
		_, err := src.CreateContact(ctx, accOwner, contactkit.ContactInput{Patch: contact.Patch{
			FirstName: new("Ann"), Email: new("ann@example.com"), Phone: new("+33 6 12 34 56 78"),
			OtherEmails: &[]contact.LabeledInput{{Value: "ann2@example.com"}}, OtherPhones: &[]contact.LabeledInput{{Value: "+33 6 12 34 56 79"}}}})
		require.NoError(t, err)
		want := map[addr]list.Consent{}
		for _, a := range addrs {
			c, err := src.AddressConsent(ctx, accOwner, a.chn, a.addr)
			require.NoError(t, err)
			require.True(t, c.Default, "nobody chose: %+v", c)
			want[a] = c
		}
		var out bytes.Buffer
		_, err = src.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, nil)
		require.NoError(t, err)

		for name, svc := range map[string]*contactkit.Service{"own workspace": src, "another workspace": contactkit.New(memstore.New(), opts),
			"an opt-in workspace": contactkit.New(memstore.New(), optIn)} {
			t.Run(fmt.Sprintf("%s/%s", policy, name), func(t *testing.T) {
				run := accImport(t, svc, out.Bytes(), "FR", nil, nil)
				require.NoError(t, run.err)
				require.Equal(t, 1, run.res.Created+run.res.Updated, run.outcomes())
				for _, a := range addrs {
					got, err := svc.AddressConsent(ctx, accOwner, a.chn, a.addr)
					require.NoError(t, err)
					assert.True(t, got.Default, "%s %s: still nobody's choice, got %+v\n%s", a.chn, a.addr, got, out.String())
					if name != "an opt-in workspace" {
						assert.Equal(t, want[a].Status, got.Status, "%s %s", a.chn, a.addr)
					}
				}
				if policy == list.ConsentUnsubscribed || name == "an opt-in workspace" {
					// The person now opts in with a form.
					res, err := svc.CaptureContact(ctx, accOwner, contactkit.ContactInput{Patch: contact.Patch{Email: new("ann@example.com")},
						Consent: map[list.Channel]list.ConsentStatus{list.ChannelEmail: list.ConsentSubscribed}})
					require.NoError(t, err)
					assert.Empty(t, res.StillUnsubscribed, "a form's opt-in subscribes an address nobody chose for")
				}
				if name == "own workspace" && policy == list.ConsentSubscribed {
					// The workspace switches to an opt-in policy: nobody
					// chose, nobody is subscribed.
					after := contactkit.New(st, optIn)
					for _, a := range addrs {
						got, err := after.AddressConsent(ctx, accOwner, a.chn, a.addr)
						require.NoError(t, err)
						assert.Equal(t, list.ConsentUnsubscribed, got.Status, "%s %s subscribed by the import", a.chn, a.addr)
					}
				}
			})
		}
	}
}

// An explicit choice is exported and imported as one: an address opted in
// (a form's consent) under an opt-in policy, and one unsubscribed, come
// back so, not as the workspace's default.
func TestReview18RTConsentChoicesSurviveExport(t *testing.T) {
	ctx := context.Background()
	optIn := &contactkit.Options{DefaultRegion: "FR", Consent: list.Policy{DefaultConsent: list.ConsentUnsubscribed}}
	src := contactkit.New(memstore.New(), optIn)
	_, err := src.CaptureContact(ctx, accOwner, contactkit.ContactInput{Patch: contact.Patch{Email: new("ann@example.com"), Phone: new("0612345678")},
		Consent: map[list.Channel]list.ConsentStatus{list.ChannelEmail: list.ConsentSubscribed, list.ChannelSMS: list.ConsentSubscribed}})
	require.NoError(t, err)
	_, err = src.CaptureContact(ctx, accOwner, contactkit.ContactInput{Patch: contact.Patch{Email: new("bob@example.com")},
		Consent: map[list.Channel]list.ConsentStatus{list.ChannelEmail: list.ConsentUnsubscribed}})
	require.NoError(t, err)
	var out bytes.Buffer
	_, err = src.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, nil)
	require.NoError(t, err)
	dst := contactkit.New(memstore.New(), optIn)
	run := accImport(t, dst, out.Bytes(), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 2, run.res.Created, run.outcomes())
	for _, a := range []struct {
		chn  list.Channel
		addr string
		want list.ConsentStatus
	}{{list.ChannelEmail, "ann@example.com", list.ConsentSubscribed}, {list.ChannelEmail, "bob@example.com", list.ConsentUnsubscribed}} {
		got, err := dst.AddressConsent(ctx, accOwner, a.chn, a.addr)
		require.NoError(t, err)
		assert.Equal(t, a.want, got.Status, "%s %s\n%s", a.chn, a.addr, out.String())
		assert.False(t, got.Default, "%s %s: a choice", a.chn, a.addr)
	}
}
