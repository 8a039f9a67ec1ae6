package contactkit_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// TestRv21dupUnmergeBeforeAMergeIntoAContactMergedInSince: b is merged into
// s (m1); later c into s2 (m2), then s2 into s (m3), so c's tombstone
// points at s (chains collapse, M2). Merges into one survivor can be
// undone in any order (M4): undoing m1 brings b back, and nothing was
// erased, so no conflict may say that a record was. Each merge is then
// undone in turn, and the suggestions follow (M1).
func TestRv21dupUnmergeBeforeAMergeIntoAContactMergedInSince(t *testing.T) {
	ctx := t.Context()
	m := newMerger(t, storetest.Retrying(memstore.New()))
	s := m.create(t, owner, contact.Patch{Email: new("ann@gmail.com"), FirstName: new("Ann")})
	b := m.create(t, owner, contact.Patch{Email: new("a.nn@gmail.com"), LastName: new("Bee")})
	s2 := m.create(t, owner, contact.Patch{Email: new("ann+1@gmail.com"), City: new("Lyon")})
	c := m.create(t, owner, contact.Patch{Email: new("ann+2@gmail.com"), Company: new("Looms")})
	m.now = m.now.Add(time.Hour)
	m1 := m.merge(t, owner, s.ID, b.ID)
	m.now = m.now.Add(time.Hour)
	m2 := m.merge(t, owner, s2.ID, c.ID)
	m.now = m.now.Add(time.Hour)
	m3 := m.merge(t, owner, s.ID, s2.ID)
	rv20MergeLive(t, m, "after the merges")

	emails := func(id contact.ID) []string {
		got, err := m.svc.GetContact(ctx, owner, id)
		require.NoError(t, err)
		var out []string
		for _, e := range got.Emails() {
			out = append(out, e.String())
		}
		return out
	}
	m.now = m.now.Add(time.Hour)
	res, err := m.svc.UnmergeContacts(ctx, owner, m1.ID)
	require.NoError(t, err, "undo the first merge while a later one stands (M4)")
	require.Len(t, res.Others, 1)
	assert.Equal(t, []string{"a.nn@gmail.com"}, emails(b.ID))
	assert.ElementsMatch(t, []string{"ann@gmail.com", "ann+1@gmail.com", "ann+2@gmail.com"}, emails(s.ID))
	for _, id := range []contact.ID{s2.ID, c.ID} {
		to, err := m.svc.ResolveContact(ctx, owner, id)
		require.NoError(t, err)
		assert.Equal(t, s.ID, to)
	}
	rv20MergeLive(t, m, "after undoing m1")

	m.now = m.now.Add(time.Hour)
	_, err = m.svc.UnmergeContacts(ctx, owner, m3.ID)
	require.NoError(t, err)
	assert.Equal(t, []string{"ann@gmail.com"}, emails(s.ID))
	assert.ElementsMatch(t, []string{"ann+1@gmail.com", "ann+2@gmail.com"}, emails(s2.ID))
	to, err := m.svc.ResolveContact(ctx, owner, c.ID)
	require.NoError(t, err)
	assert.Equal(t, s2.ID, to, "c resolves to s2 again")
	rv20MergeLive(t, m, "after undoing m3")

	m.now = m.now.Add(time.Hour)
	_, err = m.svc.UnmergeContacts(ctx, owner, m2.ID)
	require.NoError(t, err)
	assert.Equal(t, []string{"ann+2@gmail.com"}, emails(c.ID))
	got, err := m.svc.FindDuplicates(ctx, owner, nil)
	require.NoError(t, err)
	require.Len(t, got.Groups, 1)
	assert.ElementsMatch(t, []contact.ID{s.ID, b.ID, s2.ID, c.ID}, got.Groups[0].Contacts, "the four are suggested again")
	rv20MergeLive(t, m, "after undoing every merge")
}
