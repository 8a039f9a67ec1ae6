package contactkit_test

// Fifteenth acceptance pass: lists, memberships and the consent ledger
// (DESIGN.md L1..L5, C7), through the public API. Each test names the rule
// it checks; a FINDING failed on the code it was written against.

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/memstore"
)

// acc15OptIn is the Options of a workspace that requires opt-in (L2's
// policy): a new address is unsubscribed until it consents.
var acc15OptIn = contactkit.Options{Consent: list.Policy{DefaultConsent: list.ConsentUnsubscribed}}

// acc15Link is the actor of a confirmation link the contact clicks: the
// host's service account, through the API.
var acc15Link = contactkit.Actor{Workspace: acc3Owner.Workspace, User: "confirm-link", Role: contactkit.RoleAgent, Source: contact.ChangeAPI}

// FINDING (L4, L5; ConfirmSubscription's contract "on a list with a
// Channel, the confirmation is the consent of the contact's address on
// it"): under an opt-in policy, a contact who is a subscribed member of a
// list that sends on email — a list without double opt-in, or a member who
// confirmed before changing their email — clicks the confirmation link.
// The call succeeded and recorded nothing: the address stayed at the
// workspace default and Reachable kept saying no_consent. The only other
// way, ResubscribeToList, also lifts a real unsubscribe (a STOP), which a
// link the contact clicks must not do. The confirmation opts the address
// in whatever the membership's status was; an unsubscribe by choice still
// stays.
func TestAcc15ConfirmSubscriptionOfASubscribedMemberIsItsConsent(t *testing.T) {
	ctx := t.Context()
	t.Run("single opt-in list", func(t *testing.T) {
		svc, ev := acc15Service(t, &acc15OptIn)
		l := acc15List(t, svc, list.List{Name: "News", Channel: list.ChannelEmail})
		a := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{Email: ptr("ada@example.com")}, Lists: []list.ID{l.ID}})
		r, err := svc.Reachable(ctx, acc3Owner, a.ID, contact.ChannelEmail, l.ID)
		require.NoError(t, err)
		require.Equal(t, []contactkit.Reason{contactkit.ReasonNoConsent}, r.Reasons, "a member who has not consented yet")
		ev.take()

		m, err := svc.ConfirmSubscription(ctx, acc15Link, l.ID, a.ID)
		require.NoError(t, err)
		assert.Equal(t, list.StatusSubscribed, m.Status)
		r, err = svc.Reachable(ctx, acc3Owner, a.ID, contact.ChannelEmail, l.ID)
		require.NoError(t, err)
		assert.True(t, r.OK, "the confirmation is the consent of the list's address: %v", r.Reasons)
		assert.False(t, r.Consent.Default)
		events := ev.take()
		require.Len(t, events, 1, "one ConsentChanged, no ListStatusChanged: the membership did not change")
		changed, ok := events[0].(contactkit.ConsentChanged)
		require.True(t, ok, "%T", events[0])
		assert.Equal(t, list.ConsentSubscribed, changed.To)

		// Again: nothing to do.
		_, err = svc.ConfirmSubscription(ctx, acc15Link, l.ID, a.ID)
		require.NoError(t, err)
		assert.Empty(t, ev.take())
	})
	t.Run("confirmed, then a new address", func(t *testing.T) {
		svc, _ := acc15Service(t, &acc15OptIn)
		l := acc15List(t, svc, list.List{Name: "Digest", Channel: list.ChannelEmail, DoubleOptIn: true})
		a := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{Email: ptr("ada@example.com")}, Lists: []list.ID{l.ID}})
		_, err := svc.ConfirmSubscription(ctx, acc15Link, l.ID, a.ID)
		require.NoError(t, err)
		_, err = svc.UpdateContact(ctx, acc3Owner, a.ID, contact.Patch{Email: ptr("ada@new.example")})
		require.NoError(t, err)
		r, err := svc.Reachable(ctx, acc3Owner, a.ID, contact.ChannelEmail, l.ID)
		require.NoError(t, err)
		require.Equal(t, []contactkit.Reason{contactkit.ReasonNoConsent}, r.Reasons, "the new address has not consented")

		_, err = svc.ConfirmSubscription(ctx, acc15Link, l.ID, a.ID)
		require.NoError(t, err)
		r, err = svc.Reachable(ctx, acc3Owner, a.ID, contact.ChannelEmail, l.ID)
		require.NoError(t, err)
		assert.True(t, r.OK, "confirmed from the new address: %v", r.Reasons)
		assert.Equal(t, list.ConsentSubscribed, acc3Consent(t, svc, list.ChannelEmail, "ada@example.com"), "the old address keeps its consent")
	})
	t.Run("an unsubscribe by choice stays", func(t *testing.T) {
		svc, _ := acc15Service(t, nil)
		l := acc15List(t, svc, list.List{Name: "News", Channel: list.ChannelSMS})
		a := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{Phone: ptr("06 12 34 56 78")}, Lists: []list.ID{l.ID}})
		_, err := svc.UnsubscribeAddress(ctx, acc3Owner, list.ChannelSMS, "06 12 34 56 78", "STOP")
		require.NoError(t, err)
		m, err := svc.ConfirmSubscription(ctx, acc15Link, l.ID, a.ID)
		require.NoError(t, err)
		assert.Equal(t, list.StatusSubscribed, m.Status)
		assert.Equal(t, list.ConsentUnsubscribed, acc3Consent(t, svc, list.ChannelSMS, "+33612345678"), "L4: only an explicit resubscribe lifts an unsubscribe")
		r, err := svc.Reachable(ctx, acc3Owner, a.ID, contact.ChannelSMS, l.ID)
		require.NoError(t, err)
		assert.Equal(t, []contactkit.Reason{contactkit.ReasonUnsubscribed}, r.Reasons)
	})
}

// FINDING (L1, I6; store.Page: "a page may be shorter than asked and
// still have a Next; only Next == "" ends a listing"): Export read one page
// of a contact's memberships and took it for all of them, so on a store
// that pages shorter than asked (or for a contact in more than
// store.MaxLimit lists) the "Lists" cell lost memberships. It reads them
// all.
func TestAcc15ExportListsEveryMembershipWhateverThePages(t *testing.T) {
	ctx := t.Context()
	svc := contactkit.New(acc15Short{memstore.New()}, &contactkit.Options{DefaultRegion: "FR"})
	var ids []list.ID
	for _, name := range []string{"Alpha", "Beta", "Gamma"} {
		l, err := svc.CreateList(ctx, acc3Owner, list.List{Name: name})
		require.NoError(t, err)
		ids = append(ids, l.ID)
	}
	a, err := svc.CreateContact(ctx, acc3Owner, contactkit.ContactInput{Patch: contact.Patch{Email: ptr("ada@example.com")}, Lists: ids})
	require.NoError(t, err)
	_, err = svc.UnsubscribeFromList(ctx, acc3Owner, ids[1], a.ID, "left")
	require.NoError(t, err)

	var out bytes.Buffer
	_, err = svc.Export(ctx, acc3Owner, contactkit.ContactQuery{}, &out, nil)
	require.NoError(t, err)
	rows, err := csv.NewReader(&out).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 2)
	col := slices.Index(rows[0], "Lists")
	require.GreaterOrEqual(t, col, 0, "a Lists column: %v", rows[0])
	names := strings.Split(rows[1][col], ", ")
	assert.ElementsMatch(t, []string{"Alpha", "Beta (unsubscribed)", "Gamma"}, names)
}
