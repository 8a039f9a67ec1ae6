package contactkit_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/memstore"
)

// rv20ReachCase is one combination of what Reachable combines.
type rv20ReachCase struct {
	kind      contact.ChannelKind
	addresses bool // the contact has an email and a phone
	connected bool // the channel of kind was connected
	blocked   bool
	trashed   bool
	optIn     bool         // the workspace requires opt-in
	ledger    string       // "", "stop", "stop+resub", "optin"
	listChn   list.Channel // the list's channel, when member is not "no-list"
	member    string       // "no-list", "none", "subscribed", "unconfirmed", "unsubscribed"
}

// TestRv20ReachTable: Reachable for every combination of trash, block,
// addresses, channel state, ledger (nothing, a STOP, a STOP lifted by an
// explicit resubscribe, a form's opt-in) under either consent policy, and
// list (its channel; no membership, subscribed, unconfirmed,
// unsubscribed), on every kind of channel (L5, C7, B1): it lists exactly
// the reasons the documentation gives, in the order of the constants, and
// OK only when there is none.
func TestRv20ReachTable(t *testing.T) {
	var cases []rv20ReachCase
	for _, k := range contact.ChannelKinds() {
		for _, addresses := range []bool{true, false} {
			for _, connected := range []bool{false, true} {
				for _, blocked := range []bool{false, true} {
					for _, trashed := range []bool{false, true} {
						for _, optIn := range []bool{false, true} {
							for _, ledger := range []string{"", "stop", "stop+resub", "optin"} {
								if !addresses && ledger != "" {
									continue
								}
								cases = append(cases, rv20ReachCase{k, addresses, connected, blocked, trashed, optIn, ledger, "", "no-list"})
								for _, lc := range []list.Channel{"", list.ChannelEmail, list.ChannelSMS} {
									for _, m := range []string{"none", "subscribed", "unconfirmed", "unsubscribed"} {
										cases = append(cases, rv20ReachCase{k, addresses, connected, blocked, trashed, optIn, ledger, lc, m})
									}
								}
							}
						}
					}
				}
			}
		}
	}
	if testing.Short() {
		cases = cases[:len(cases)/7]
	}
	for i, tc := range cases {
		rv20ReachOne(t, i, tc)
	}
}

func rv20ReachOne(t *testing.T, i int, tc rv20ReachCase) {
	t.Helper()
	ctx := t.Context()
	name := fmt.Sprintf("case %d %+v", i, tc)
	opts := &contactkit.Options{DefaultRegion: "FR"}
	if tc.optIn {
		opts.Consent = list.Policy{DefaultConsent: list.ConsentUnsubscribed}
	}
	svc := contactkit.New(memstore.New(), opts)
	in := contactkit.ContactInput{Patch: contact.Patch{FirstName: rv20ReachPtr("Zoé")}}
	if tc.addresses {
		in.Email, in.Phone = rv20ReachPtr("zoe@example.com"), rv20ReachPtr("06 12 34 56 78")
	}
	c, err := svc.CreateContact(ctx, owner, in)
	require.NoError(t, err, name)
	var l list.List
	if tc.member != "no-list" {
		l, err = svc.CreateList(ctx, owner, list.List{Name: "news", Channel: tc.listChn, DoubleOptIn: tc.member == "unconfirmed"})
		require.NoError(t, err, name)
		if tc.member != "none" {
			_, err = svc.AddToList(ctx, owner, l.ID, c.ID)
			require.NoError(t, err, name)
		}
		if tc.member == "unsubscribed" {
			_, err = svc.UnsubscribeFromList(ctx, owner, l.ID, c.ID, "left")
			require.NoError(t, err, name)
		}
	}
	chn := list.Channel(tc.kind)
	if chn.Valid() {
		raw := "+33612345678"
		if chn == list.ChannelEmail {
			raw = "ZOE@example.com"
		}
		switch tc.ledger {
		case "stop", "stop+resub":
			_, err = svc.UnsubscribeAddress(ctx, owner, chn, raw, "STOP")
			require.NoError(t, err, name)
			if tc.ledger == "stop+resub" {
				_, err = svc.ResubscribeAddress(ctx, owner, chn, raw, "asked again")
				require.NoError(t, err, name)
			}
		case "optin":
			_, err = svc.CaptureContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Email: rv20ReachPtr("zoe@example.com")},
				Consent: map[list.Channel]list.ConsentStatus{chn: list.ConsentSubscribed}})
			require.NoError(t, err, name)
		}
	}
	if tc.connected {
		_, err = svc.ConnectChannel(ctx, owner, c.ID, tc.kind)
		require.NoError(t, err, name)
	}
	if tc.blocked {
		_, err = svc.BlockContact(ctx, owner, c.ID, "spam")
		require.NoError(t, err, name)
	}
	if tc.trashed {
		_, err = svc.DeleteContact(ctx, owner, c.ID)
		require.NoError(t, err, name)
	}
	r, err := svc.Reachable(ctx, owner, c.ID, tc.kind, l.ID)
	require.NoError(t, err, name)

	var want []contactkit.Reason
	if tc.trashed {
		want = append(want, contactkit.ReasonTrashed)
	}
	if tc.blocked {
		want = append(want, contactkit.ReasonBlocked)
	}
	hasAddr := chn.Valid() && tc.addresses
	if chn.Valid() && !tc.addresses {
		want = append(want, contactkit.ReasonNoAddress)
	}
	if !tc.connected && !hasAddr {
		want = append(want, contactkit.ReasonChannelUnavailable)
	}
	if hasAddr {
		switch {
		case tc.ledger == "stop":
			want = append(want, contactkit.ReasonUnsubscribed)
		case tc.optIn && tc.ledger == "":
			want = append(want, contactkit.ReasonNoConsent)
		}
	}
	if tc.member != "no-list" {
		if tc.listChn != "" && tc.listChn != chn {
			want = append(want, contactkit.ReasonListChannel)
		}
		switch tc.member {
		case "none":
			want = append(want, contactkit.ReasonNotMember)
		case "unconfirmed":
			want = append(want, contactkit.ReasonListUnconfirmed)
		case "unsubscribed":
			want = append(want, contactkit.ReasonListUnsubscribed)
		}
	}
	require.Equal(t, want, r.Reasons, name)
	require.Equal(t, len(want) == 0, r.OK, name)
	if hasAddr {
		require.Equal(t, chn, r.Address.Channel, name)
		require.Equal(t, r.Address, r.Consent.Address, name)
	} else {
		require.True(t, r.Address.IsZero(), name)
	}
	if tc.connected {
		require.Equal(t, contact.ChannelActive, r.Channel.State, name)
	}
}

// TestRv20ReachUnknownList: Reachable about a list the workspace does not
// have (another workspace's) says that the list is not found, not just
// "not found", which a host reads as the contact's absence; an unknown
// contact is not reported as a list.
func TestRv20ReachUnknownList(t *testing.T) {
	ctx := t.Context()
	svc := contactkit.New(memstore.New(), nil)
	c, err := svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Email: rv20ReachPtr("zoe@example.com")}})
	require.NoError(t, err)
	other := contactkit.Actor{Workspace: "ws-other", User: "u", Role: contactkit.RoleOwner}
	l, err := svc.CreateList(ctx, other, list.List{Name: "theirs"})
	require.NoError(t, err)
	_, err = svc.Reachable(ctx, owner, c.ID, contact.ChannelEmail, l.ID)
	require.ErrorIs(t, err, contactkit.ErrNotFound)
	require.Contains(t, err.Error(), "list "+l.ID.String()+": not found")
	_, err = svc.Reachable(ctx, other, c.ID, contact.ChannelEmail, l.ID)
	require.ErrorIs(t, err, contactkit.ErrNotFound)
	require.NotContains(t, err.Error(), "list")
}
