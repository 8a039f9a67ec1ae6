package contactkit_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// The typed errors of the lifecycle calls on records in every state, and
// of another workspace (P1), as their docs give them.
func TestRv20LifeTypedErrors(t *testing.T) {
	w := rv20LifeNew(t)
	ctx := t.Context()
	au, err := w.svc.CreateAutomation(ctx, rv20LifeOwner, automation.Automation{Name: "A", Steps: []automation.Step{{Name: "s"}}, Active: true})
	require.NoError(t, err)
	c, err := w.svc.CreateContact(ctx, rv20LifeOwner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com")}})
	require.NoError(t, err)
	ended, err := w.svc.Enroll(ctx, rv20LifeOwner, au.ID, c.ID, "k1")
	require.NoError(t, err)
	_, err = w.svc.PassStepAt(ctx, rv20LifeOwner, ended.ID, 0, automation.OutcomeCompleted)
	require.NoError(t, err)
	_, err = w.svc.EndEnrollment(ctx, rv20LifeOwner, ended.ID)
	require.NoError(t, err)
	stopped, err := w.svc.Enroll(ctx, rv20LifeOwner, au.ID, c.ID, "k2")
	require.NoError(t, err)
	n, err := w.svc.StopEnrollments(ctx, rv20LifeAgent, c.ID, "host stopped it")
	require.NoError(t, err)
	require.Equal(t, 1, n)
	note, err := w.svc.AddNote(ctx, rv20LifeAgent, c.ID, contactkit.NoteInput{Body: "by the agent"})
	require.NoError(t, err)
	otherNote, err := w.svc.AddNote(ctx, rv20LifeOwner, c.ID, contactkit.NoteInput{Body: "by the owner"})
	require.NoError(t, err)

	t.Run("enrollments", func(t *testing.T) {
		_, err := w.svc.EndEnrollment(ctx, rv20LifeOwner, stopped.ID)
		assert.ErrorIs(t, err, automation.ErrNotActive)
		assert.ErrorIs(t, err, contactkit.ErrConflict)
		_, err = w.svc.PassStep(ctx, rv20LifeOwner, stopped.ID, automation.OutcomeCompleted)
		assert.ErrorIs(t, err, automation.ErrNotActive)
		assert.ErrorIs(t, err, contactkit.ErrConflict)
		_, err = w.svc.PassStepAt(ctx, rv20LifeOwner, ended.ID, 0, automation.OutcomeSkipped)
		assert.ErrorIs(t, err, contactkit.ErrConflict, "passed already with another outcome")
		got, err := w.svc.PassStepAt(ctx, rv20LifeOwner, ended.ID, 0, automation.OutcomeCompleted)
		assert.NoError(t, err, "a retry of a step passed")
		assert.Equal(t, automation.StateEnded, got.State)
		_, err = w.svc.PassStepAt(ctx, rv20LifeOwner, stopped.ID, 1, automation.OutcomeCompleted)
		assert.ErrorIs(t, err, contactkit.ErrInvalidInput, "a step past the automation's")
		_, err = w.svc.StopEnrollments(ctx, rv20LifeOwner, c.ID, " \t")
		assert.ErrorIs(t, err, contactkit.ErrInvalidInput)
		again, err := w.svc.Enroll(ctx, rv20LifeOwner, au.ID, c.ID, "k2")
		assert.NoError(t, err, "a retried enrol")
		assert.Equal(t, stopped.ID, again.ID)
		assert.Equal(t, automation.StateStopped, again.State)
	})
	t.Run("other workspace", func(t *testing.T) {
		_, err := w.svc.GetEnrollment(ctx, rv20LifeOther, ended.ID)
		assert.ErrorIs(t, err, contactkit.ErrNotFound)
		_, err = w.svc.EndEnrollment(ctx, rv20LifeOther, ended.ID)
		assert.ErrorIs(t, err, contactkit.ErrNotFound)
		_, err = w.svc.Enroll(ctx, rv20LifeOther, au.ID, c.ID, "")
		assert.ErrorIs(t, err, contactkit.ErrNotFound)
		_, err = w.svc.StopEnrollments(ctx, rv20LifeOther, c.ID, "x")
		assert.ErrorIs(t, err, contactkit.ErrNotFound)
		agentThere := rv20LifeOther
		agentThere.User, agentThere.Role = rv20LifeAgent.User, contactkit.RoleAgent
		_, err = w.svc.DeleteActivity(ctx, agentThere, note.ID)
		assert.ErrorIs(t, err, contactkit.ErrNotFound, "the author, in another workspace")
		_, err = w.svc.RestoreContact(ctx, rv20LifeOther, c.ID)
		assert.ErrorIs(t, err, contactkit.ErrNotFound)
		_, err = w.svc.DeleteContact(ctx, rv20LifeOther, c.ID)
		assert.ErrorIs(t, err, contactkit.ErrNotFound)
		assert.ErrorIs(t, w.svc.EraseContact(ctx, rv20LifeOther, c.ID), contactkit.ErrNotFound)
		_, err = w.svc.BlockContact(ctx, rv20LifeOther, c.ID, "")
		assert.ErrorIs(t, err, contactkit.ErrNotFound)
		_, err = w.svc.ListHistory(ctx, rv20LifeOther, c.ID, "", store.PageRequest{})
		assert.ErrorIs(t, err, contactkit.ErrNotFound)
		_, err = w.svc.ListFeed(ctx, rv20LifeOther, c.ID, contactkit.FeedQuery{}, store.PageRequest{})
		assert.ErrorIs(t, err, contactkit.ErrNotFound)
		_, err = w.svc.GetActivity(ctx, rv20LifeOther, note.ID)
		assert.ErrorIs(t, err, contactkit.ErrNotFound)
	})
	t.Run("activities", func(t *testing.T) {
		_, err := w.svc.DeleteActivity(ctx, rv20LifeAgent, otherNote.ID)
		assert.ErrorIs(t, err, contactkit.ErrPermission, "another user's note")
		_, err = w.svc.DeleteActivity(ctx, rv20LifeAgent, note.ID)
		assert.NoError(t, err, "the author's own")
		_, err = w.svc.DeleteActivity(ctx, rv20LifeAgent, note.ID)
		assert.ErrorIs(t, err, activity.ErrTrashed)
		assert.ErrorIs(t, err, contactkit.ErrConflict)
		_, err = w.svc.RestoreActivity(ctx, rv20LifeAgent, otherNote.ID)
		assert.ErrorIs(t, err, contactkit.ErrPermission)
		_, err = w.svc.RestoreActivity(ctx, rv20LifeManager, otherNote.ID)
		assert.ErrorIs(t, err, activity.ErrNotTrashed)
		assert.ErrorIs(t, err, contactkit.ErrConflict)
		_, err = w.svc.UpdateActivity(ctx, rv20LifeOwner, note.ID, contactkit.ActivityPatch{Body: new("x")})
		assert.ErrorIs(t, err, activity.ErrTrashed)
		_, err = w.svc.DeleteContact(ctx, rv20LifeOwner, c.ID)
		require.NoError(t, err)
		_, err = w.svc.RestoreActivity(ctx, rv20LifeAgent, note.ID)
		assert.ErrorIs(t, err, contactkit.ErrTrashed, "its contact is in the trash")
		_, err = w.svc.ListActivityTrash(ctx, rv20LifeAgent, c.ID, store.PageRequest{})
		assert.ErrorIs(t, err, contactkit.ErrTrashed)
		w.now = w.now.Add(rv20LifeWindow - time.Nanosecond)
		_, err = w.svc.RestoreContact(ctx, rv20LifeOwner, c.ID)
		require.NoError(t, err, "a nanosecond before the end of its window")
		got, err := w.svc.GetActivity(ctx, rv20LifeAgent, note.ID)
		require.NoError(t, err)
		assert.True(t, got.Trashed(), "the note in its own trash stays there")
		w.now = w.now.Add(time.Nanosecond)
		_, err = w.svc.RestoreActivity(ctx, rv20LifeAgent, note.ID)
		assert.ErrorIs(t, err, contactkit.ErrRestoreWindow, "the note's own window, shorter than its contact's, has passed")
	})
}
