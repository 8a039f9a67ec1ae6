package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/memstore"
)

// Under an opt-in policy, confirming a double opt-in is the address's
// consent: the ledger records it (as a form's opt-in box does) and the
// member becomes reachable on the list. An address unsubscribed by choice
// stays unsubscribed (only an explicit resubscribe lifts it, L4).
func TestConfirmSubscriptionIsConsent(t *testing.T) {
	ctx := t.Context()
	svc := contactkit.New(memstore.New(), &contactkit.Options{Consent: list.Policy{DefaultConsent: list.ConsentUnsubscribed}})
	l, err := svc.CreateList(ctx, owner, list.List{Name: "News", Channel: list.ChannelEmail, DoubleOptIn: true})
	require.NoError(t, err)
	ada, err := svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com")}})
	require.NoError(t, err)
	bob, err := svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("bob@example.com")}})
	require.NoError(t, err)
	for _, c := range []contact.Contact{ada, bob} {
		m, err := svc.AddToList(ctx, owner, l.ID, c.ID)
		require.NoError(t, err)
		require.Equal(t, list.StatusUnconfirmed, m.Status)
	}
	_, err = svc.Unsubscribe(ctx, owner, bob.ID, list.ChannelEmail, "asked") // before confirming
	require.NoError(t, err)
	for _, c := range []contact.Contact{ada, bob} {
		m, err := svc.ConfirmSubscription(ctx, owner, l.ID, c.ID)
		require.NoError(t, err)
		assert.Equal(t, list.StatusSubscribed, m.Status)
	}
	r, err := svc.Reachable(ctx, owner, ada.ID, contact.ChannelEmail, l.ID)
	require.NoError(t, err)
	assert.Equal(t, list.ConsentSubscribed, r.Consent.Status, "the confirmation is recorded in the ledger")
	assert.False(t, r.Consent.Default)
	assert.NotContains(t, r.Reasons, contactkit.ReasonNoConsent)
	r, err = svc.Reachable(ctx, owner, bob.ID, contact.ChannelEmail, l.ID)
	require.NoError(t, err)
	assert.Equal(t, list.ConsentUnsubscribed, r.Consent.Status, "a confirmation does not lift an unsubscribe")
	assert.False(t, r.OK)
}
