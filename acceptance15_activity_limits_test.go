package contactkit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store/memstore"
)

// X1, H1: Options.Limits.Note bounds the note bodies and task descriptions
// a call writes. A workspace that lowers it keeps the notes written before
// under the old limit: they must still be pinned, deleted and restored
// (and a task completed), which change no text; only a body the call
// writes is held to the new limit.
func TestAcc15LoweredNoteLimitDoesNotLockOlderNotes(t *testing.T) {
	ctx := context.Background()
	st := memstore.New()
	clk := &acc3Clock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	before := contactkit.New(st, &contactkit.Options{Now: clk.Now, DefaultRegion: "FR"})
	after := contactkit.New(st, &contactkit.Options{Now: clk.Now, DefaultRegion: "FR", Limits: contact.Limits{Note: 20}})

	c := acc3Create(t, before, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann")}})
	long := strings.Repeat("a long note ", 10)
	note, err := before.AddNote(ctx, acc3Owner, c.ID, contactkit.NoteInput{Body: long})
	require.NoError(t, err)
	task, err := before.AddTask(ctx, acc3Owner, c.ID, contactkit.TaskInput{Title: "Call back", Description: long})
	require.NoError(t, err)

	_, err = after.UpdateActivity(ctx, acc3Owner, note.ID, contactkit.ActivityPatch{Pinned: new(true)})
	require.NoError(t, err, "pinning a note written under the former limit")
	_, err = after.CompleteTask(ctx, acc3Owner, task.ID)
	require.NoError(t, err, "completing a task described under the former limit")
	_, err = after.DeleteActivity(ctx, acc3Owner, note.ID)
	require.NoError(t, err, "deleting a note written under the former limit")
	_, err = after.RestoreActivity(ctx, acc3Owner, note.ID)
	require.NoError(t, err, "restoring a note written under the former limit")

	_, err = after.UpdateActivity(ctx, acc3Owner, note.ID, contactkit.ActivityPatch{Body: new(long + "!")})
	require.ErrorIs(t, err, contact.ErrTooLong, "a body the call writes is held to the new limit")
	_, err = after.AddNote(ctx, acc3Owner, c.ID, contactkit.NoteInput{Body: long})
	require.ErrorIs(t, err, contact.ErrTooLong)
}
