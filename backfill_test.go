package contactkit_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// A store that kept its data from a version before the activity trash's
// places and the undone merges' links (a host's own adapter: pgstore's
// migrations write them) has none of them: BackfillIndexes writes them,
// once, and then a purge of the activity trash purges an activity deleted
// before the upgrade, and an erasure removes the undone merge that holds a
// snapshot of the erased contact.
func TestBackfillIndexes(t *testing.T) {
	ctx := context.Background()
	st := memstore.New()
	clk := &acc3Clock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	svc := contactkit.New(st, &contactkit.Options{DefaultRegion: "FR", Now: clk.Now})
	mk := func(name, email string) contact.ID {
		return acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: &name, Email: &email}}).ID
	}
	ada, bob := mk("Ada", "ada@example.com"), mk("Bob", "bob@example.com")
	note, err := svc.AddNote(ctx, acc3Owner, ada, contactkit.NoteInput{Body: "Called"})
	require.NoError(t, err)
	_, err = svc.DeleteActivity(ctx, acc3Owner, note.ID)
	require.NoError(t, err)
	rec := acc3Merge(t, svc, ada, bob)
	_, err = svc.UnmergeContacts(ctx, acc3Owner, rec.ID)
	require.NoError(t, err)

	// As an earlier version left the store: no place, no link.
	ws := acc3Owner.Workspace
	require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
		rs := tx.Records()
		in, err := store.ActivityTrash(rs).Get(ctx, ws, note.ID)
		if err != nil {
			return err
		}
		if err := store.ActivityTrash(rs).Delete(ctx, ws, &in); err != nil {
			return err
		}
		for u, err := range store.Unmerges(rs).All(ctx, ws, store.Query{}) {
			if err != nil {
				return err
			}
			if err := store.Unmerges(rs).Delete(ctx, ws, &u); err != nil {
				return err
			}
		}
		return nil
	}))

	n, err := svc.BackfillIndexes(ctx, acc3Owner)
	require.NoError(t, err)
	assert.Equal(t, 2, n, "the note's place and the link to Bob")
	n, err = svc.BackfillIndexes(ctx, acc3Owner)
	require.NoError(t, err)
	assert.Zero(t, n, "a second run writes nothing")

	_, err = svc.BackfillIndexes(ctx, contactkit.Actor{Workspace: ws, User: "agent", Role: contactkit.RoleAgent})
	assert.ErrorIs(t, err, contactkit.ErrPermission)

	clk.now = clk.now.Add(400 * 24 * time.Hour)
	purged, err := svc.PurgeActivityTrash(ctx, acc3Owner)
	require.NoError(t, err)
	assert.Equal(t, 1, purged, "the note deleted before the upgrade")
	require.NoError(t, svc.EraseContact(ctx, acc3Owner, bob))
	_, err = svc.GetMerge(ctx, acc3Owner, rec.ID)
	assert.ErrorIs(t, err, contactkit.ErrNotFound, "the undone merge holding a snapshot of the erased contact")
}
