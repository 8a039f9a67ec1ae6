package contactkit_test

// Fifteenth acceptance pass: regression tests on lists and consent that
// pass on the code they were written against (DESIGN.md L5, P1, X1).

import (
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

// L5: STOPs of one unknown number that arrive at once are all recorded
// without an error, as one entry; joins of one contact to one list at
// once make one membership.
func TestAcc15ConcurrentStopsAndJoins(t *testing.T) {
	ctx := t.Context()
	svc, ev := acc15Service(t, nil)
	errs := make([]error, 8)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() { _, errs[i] = svc.UnsubscribeAddress(ctx, acc3Owner, list.ChannelSMS, "06 12 34 56 78", "STOP") })
	}
	wg.Wait()
	for _, err := range errs {
		assert.NoError(t, err)
	}
	assert.Len(t, ev.take(), 1, "one ConsentChanged")
	page, err := svc.ListConsent(ctx, acc3Owner, "", store.PageRequest{})
	require.NoError(t, err)
	assert.Len(t, page.Items, 1)

	a := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{Email: ptr("ada@example.com")}})
	l := acc15List(t, svc, list.List{Name: "News"})
	ev.take()
	for i := range errs {
		wg.Go(func() { _, errs[i] = svc.AddToList(ctx, acc3Owner, l.ID, a.ID) })
	}
	wg.Wait()
	for _, err := range errs {
		assert.NoError(t, err)
	}
	assert.Len(t, ev.take(), 1, "one ListStatusChanged")
	assert.Len(t, acc15Members(t, svc, contactkit.MembershipQuery{List: l.ID}), 1)
}

// P1: a list ID the host chose is a list of one workspace: another
// workspace may create a list of the same ID, and neither sees the
// other's, nor its contacts and consent.
func TestAcc15ListIDsArePerWorkspace(t *testing.T) {
	ctx := t.Context()
	svc, _ := acc15Service(t, nil)
	other := acc3Owner
	other.Workspace = "globex"
	id := list.MustParseID("0190f0e0-0000-7000-8000-000000000abc")
	l, err := svc.CreateList(ctx, acc3Owner, list.List{ID: id, Name: "Acme news"})
	require.NoError(t, err)
	g, err := svc.CreateList(ctx, other, list.List{ID: id, Name: "Globex news"})
	require.NoError(t, err, "P1: identity is (workspace, ID), creation included")
	assert.Equal(t, id, g.ID)
	got, err := svc.GetList(ctx, acc3Owner, id)
	require.NoError(t, err)
	assert.Equal(t, l, got)

	a := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{Email: ptr("ada@example.com")}})
	_, err = svc.AddToList(ctx, other, id, a.ID)
	require.ErrorIs(t, err, store.ErrNotFound, "acme's contact in globex")
	_, err = svc.Reachable(ctx, other, a.ID, contact.ChannelEmail, list.ID{})
	require.ErrorIs(t, err, store.ErrNotFound)
	_, err = svc.Unsubscribe(ctx, other, a.ID, list.ChannelEmail, "x")
	require.ErrorIs(t, err, store.ErrNotFound)
	_, err = svc.UnsubscribeAddress(ctx, other, list.ChannelEmail, "ada@example.com", "x")
	require.NoError(t, err)
	assert.Equal(t, list.ConsentSubscribed, acc3Consent(t, svc, list.ChannelEmail, "ada@example.com"), "globex's unsubscribe is globex's")
}

// X1: an address, a channel or a kind of a megabyte is refused with an
// error that quotes a short prefix of it.
func TestAcc15HugeConsentInputIsQuotedShort(t *testing.T) {
	ctx := t.Context()
	svc, _ := acc15Service(t, nil)
	big := strings.Repeat("9", 1<<20)
	for _, chn := range list.Channels() {
		_, err := svc.UnsubscribeAddress(ctx, acc3Owner, chn, "a"+big+"@example.com", "x")
		require.ErrorIs(t, err, contactkit.ErrInvalidInput, chn)
		assert.Less(t, len(err.Error()), 400, chn)
		_, err = svc.AddressConsent(ctx, acc3Owner, chn, "+33"+big)
		require.ErrorIs(t, err, contactkit.ErrInvalidInput, chn)
		assert.Less(t, len(err.Error()), 400, chn)
	}
	_, err := svc.UnsubscribeAddress(ctx, acc3Owner, list.Channel(big), "a@example.com", "x")
	require.ErrorIs(t, err, contactkit.ErrInvalidInput)
	assert.Less(t, len(err.Error()), 400)
	_, err = svc.ListConsent(ctx, acc3Owner, list.Channel(big), store.PageRequest{})
	require.ErrorIs(t, err, contactkit.ErrInvalidInput)
	assert.Less(t, len(err.Error()), 400)
	a := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{Email: ptr("ada@example.com")}})
	_, err = svc.Reachable(ctx, acc3Owner, a.ID, contact.ChannelKind(big), list.ID{})
	require.ErrorIs(t, err, contactkit.ErrInvalidInput)
	assert.Less(t, len(err.Error()), 400)
}
