package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// TestMergeUnitesOneListOfThreeInputs: a list that three inputs belong to
// with three statuses is united twice into one membership of the survivor;
// the merge commits with the most restrictive status, and unmerge gives
// every membership back (M2, M4).
func TestMergeUnitesOneListOfThreeInputs(t *testing.T) {
	ctx := t.Context()
	m := newMerger(t, storetest.Retrying(memstore.New()))
	l, err := m.svc.CreateList(ctx, owner, list.List{Name: "News", DoubleOptIn: true})
	require.NoError(t, err)
	a := m.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@gmail.com")})
	b := m.create(t, owner, contact.Patch{FirstName: new("Anne"), Email: new("a.nn@gmail.com")})
	c := m.create(t, owner, contact.Patch{FirstName: new("Annie"), Email: new("an.n@gmail.com")})
	_, err = m.svc.AddToList(ctx, owner, l.ID, a.ID)
	require.NoError(t, err)
	_, err = m.svc.ConfirmSubscription(ctx, owner, l.ID, a.ID) // subscribed, a second version
	require.NoError(t, err)
	_, err = m.svc.AddToList(ctx, owner, l.ID, b.ID) // unconfirmed
	require.NoError(t, err)
	_, err = m.svc.AddToList(ctx, owner, l.ID, c.ID)
	require.NoError(t, err)
	_, err = m.svc.UnsubscribeFromList(ctx, owner, l.ID, c.ID, "no more") // unsubscribed
	require.NoError(t, err)
	before := m.state(t, a.ID, b.ID, c.ID)

	rec := m.merge(t, owner, a.ID, b.ID, c.ID)
	after := m.state(t, a.ID, b.ID, c.ID)
	require.Len(t, after.Memberships[0], 1)
	assert.Equal(t, list.StatusUnsubscribed, after.Memberships[0][0].Status, "the most restrictive status")

	_, err = m.svc.UnmergeContacts(ctx, owner, rec.ID)
	require.NoError(t, err)
	assert.Equal(t, before, m.state(t, a.ID, b.ID, c.ID), "unmerge gives every membership back")
}
