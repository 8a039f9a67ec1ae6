package contactkit_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
)

// TestRv20MergeUnmergeAfterThePurgeRecordsTheContact: Bob, merged into Ann
// and purged from the trash with his property history, comes back from the
// merge record's snapshot with an unmerge. Every field he comes back with
// is recorded in his history (H2), as a creation is: his history was empty,
// so nothing said where his values came from.
func TestRv20MergeUnmergeAfterThePurgeRecordsTheContact(t *testing.T) {
	ctx := t.Context()
	m := newMerger(t, newHarness(t).store)
	ann := m.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@gmail.com")})
	bob := m.create(t, owner, contact.Patch{FirstName: new("Bob"), City: new("Lyon"), Email: new("a.nn@gmail.com")}, "vip")
	rec := m.merge(t, owner, ann.ID, bob.ID)
	m.now = m.now.Add(contactkit.DefaultRestoreWindow + time.Hour)
	n, err := m.svc.PurgeTrash(ctx, owner)
	require.NoError(t, err)
	require.Equal(t, 1, n)

	_, err = m.svc.UnmergeContacts(ctx, owner, rec.ID)
	require.NoError(t, err)
	got := map[string]string{}
	for c, err := range m.svc.History(ctx, owner, bob.ID, "") {
		require.NoError(t, err)
		got[c.Field] = c.New
		assert.Equal(t, contact.ChangeMerge, c.Source, "%s", c.Field)
		assert.Equal(t, "unmerge "+rec.ID.String(), c.Reason, "%s", c.Field)
	}
	assert.Equal(t, "Bob", got[contact.FieldFirstName])
	assert.Equal(t, "Lyon", got[contact.FieldCity])
	assert.Equal(t, "a.nn@gmail.com", got[contact.FieldEmail])
	assert.Equal(t, "vip", got[contact.FieldTags])
}
