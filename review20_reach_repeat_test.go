package contactkit_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/memstore"
)

// TestRv20ReachRepeatedCapture: a capture sent again (a form resubmitted
// by a retrying webhook, without a note or a form name), with its email
// and phone typed in another form, finds the same contact and changes
// nothing: no write, no history, no event, whatever its consent, lists
// and tags, under either consent policy, for a new or an existing
// contact, after a STOP or not.
func TestRv20ReachRepeatedCapture(t *testing.T) {
	for seed := range uint64(60) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			ctx := t.Context()
			r := rand.New(rand.NewPCG(seed, 77))
			ev := &rv20ReachEvents{}
			opts := &contactkit.Options{DefaultRegion: "FR", Subscribers: []contactkit.Subscriber{ev.add}}
			if r.IntN(2) == 0 {
				opts.Consent = list.Policy{DefaultConsent: list.ConsentUnsubscribed}
			}
			svc := contactkit.New(memstore.New(), opts)
			var lists []list.ID
			for i, chn := range []list.Channel{"", list.ChannelEmail, list.ChannelSMS} {
				l, err := svc.CreateList(ctx, owner, list.List{Name: fmt.Sprint("l", i), Channel: chn, DoubleOptIn: r.IntN(2) == 0})
				require.NoError(t, err)
				lists = append(lists, l.ID)
			}
			p := rv20ReachPerson{local: "rep", digits: "612345678"}
			if r.IntN(2) == 0 {
				_, err := svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: rv20ReachPtr("Rey"), Email: rv20ReachPtr(p.email())}})
				require.NoError(t, err)
			}
			if r.IntN(2) == 0 {
				chn, raw := pickFrom(r, list.Channels()), "+33612345678"
				if chn == list.ChannelEmail {
					raw = p.email()
				}
				_, err := svc.UnsubscribeAddress(ctx, owner, chn, raw, "STOP")
				require.NoError(t, err)
			}
			input := func() contactkit.ContactInput {
				in := contactkit.ContactInput{Patch: contact.Patch{Email: rv20ReachPtr(p.emailForm(r)), Phone: rv20ReachPtr(p.phoneForm(r)), City: rv20ReachPtr("Lyon")},
					Tags: []string{"lead, web"}, Lists: []list.ID{lists[0], lists[1], lists[2]}, Consent: map[list.Channel]list.ConsentStatus{}}
				return in
			}
			first := input()
			for _, chn := range list.Channels() {
				if r.IntN(2) == 0 {
					first.Consent[chn] = pickFrom(r, []list.ConsentStatus{list.ConsentSubscribed, list.ConsentUnsubscribed})
				}
			}
			res1, err := svc.CaptureContact(ctx, owner, first)
			require.NoError(t, err)
			before, evBefore := rv20ReachSnapshot(t, svc, lists), ev.count()
			again := input()
			again.Consent = first.Consent
			res2, err := svc.CaptureContact(ctx, owner, again)
			require.NoError(t, err)
			require.False(t, res2.Created)
			require.Equal(t, res1.Contact.ID, res2.Contact.ID)
			require.Equal(t, res1.Contact.Version, res2.Contact.Version, "nothing to write")
			require.Equal(t, res1.StillUnsubscribed, res2.StillUnsubscribed)
			require.Equal(t, res1.Memberships, res2.Memberships)
			require.Equal(t, before, rv20ReachSnapshot(t, svc, lists))
			require.Equal(t, evBefore, ev.count(), "a capture that changes nothing emits nothing")
		})
	}
}
