package contactkit_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
)

// Two notes deleted within one microsecond, the later one first by ID: at
// the exact end of the earlier one's window, RestoreActivity refuses it,
// so PurgeActivityTrash removes it; the later one, still within its
// window, stays and can be restored.
func TestRv20LifeActivityPurgeAtTheEdgeWithinAMicrosecond(t *testing.T) {
	w := rv20LifeNew(t)
	ctx := t.Context()
	c, err := w.svc.CreateContact(ctx, rv20LifeOwner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann")}})
	require.NoError(t, err)
	var notes []activity.Activity
	for _, body := range []string{"first", "second"} {
		n, err := w.svc.AddNote(ctx, rv20LifeOwner, c.ID, contactkit.NoteInput{Body: body})
		require.NoError(t, err)
		notes = append(notes, n)
	}
	require.Negative(t, notes[0].ID.Compare(notes[1].ID))
	// The second note goes first, the first one a nanosecond later.
	at := w.now.Add(time.Hour)
	w.now = at
	_, err = w.svc.DeleteActivity(ctx, rv20LifeOwner, notes[1].ID)
	require.NoError(t, err)
	w.now = at.Add(time.Nanosecond)
	_, err = w.svc.DeleteActivity(ctx, rv20LifeOwner, notes[0].ID)
	require.NoError(t, err)

	w.now = at.Add(rv20LifeActivityWindow)
	_, err = w.svc.RestoreActivity(ctx, rv20LifeOwner, notes[1].ID)
	require.ErrorIs(t, err, contactkit.ErrRestoreWindow, "the second note's window has passed")
	n, err := w.svc.PurgeActivityTrash(ctx, rv20LifeOwner)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "the note past its window is purged")
	_, err = w.svc.GetActivity(ctx, rv20LifeOwner, notes[1].ID)
	assert.ErrorIs(t, err, contactkit.ErrNotFound, "the note past its window is gone")
	_, err = w.svc.RestoreActivity(ctx, rv20LifeOwner, notes[0].ID)
	assert.NoError(t, err, "the note within its window comes back")
}

// Notes deleted at random instants, some within one microsecond, purged at
// random times: PurgeActivityTrash removes exactly those RestoreActivity
// refuses, those deleted the window or longer ago.
func TestRv20LifeActivityPurgeIsTheRestoreWindow(t *testing.T) {
	for seed := range uint64(20) {
		w := rv20LifeNew(t)
		ctx := t.Context()
		r := rand.New(rand.NewPCG(seed, 9))
		c, err := w.svc.CreateContact(ctx, rv20LifeOwner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann")}})
		require.NoError(t, err)
		var notes []activity.Activity
		for i := range 20 + r.IntN(30) {
			n, err := w.svc.AddNote(ctx, rv20LifeOwner, c.ID, contactkit.NoteInput{Body: fmt.Sprint("note ", i)})
			require.NoError(t, err)
			notes = append(notes, n)
		}
		base := w.now.Add(time.Hour)
		deleted := map[activity.ID]time.Time{}
		for _, i := range r.Perm(len(notes)) {
			w.now = base.Add(time.Duration(r.IntN(3000)))
			_, err := w.svc.DeleteActivity(ctx, rv20LifeOwner, notes[i].ID)
			require.NoError(t, err)
			deleted[notes[i].ID] = w.now
		}
		for range 4 {
			w.now = base.Add(rv20LifeActivityWindow + time.Duration(r.IntN(3000)))
			want := 0
			for _, at := range deleted {
				if !w.now.Before(at.Add(rv20LifeActivityWindow)) {
					want++
				}
			}
			n, err := w.svc.PurgeActivityTrash(ctx, rv20LifeOwner)
			require.NoError(t, err)
			require.Equal(t, want, n, "seed %d: purged at %s", seed, w.now.Format(time.RFC3339Nano))
			for id, at := range deleted {
				_, err := w.svc.GetActivity(ctx, rv20LifeOwner, id)
				if !w.now.Before(at.Add(rv20LifeActivityWindow)) {
					require.ErrorIs(t, err, contactkit.ErrNotFound)
					delete(deleted, id)
				} else {
					require.NoError(t, err)
				}
			}
		}
	}
}
