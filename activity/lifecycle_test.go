package activity_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
)

// randomActivity returns a valid activity of a random kind with random
// properties.
func randomActivity(r *rand.Rand) activity.Activity {
	var a activity.Activity
	switch r.IntN(5) {
	case 0:
		a = note(byte(r.IntN(200)), fmt.Sprint("note ", r.IntN(100)))
	case 1:
		a = task(byte(r.IntN(200)), fmt.Sprint("task ", r.IntN(100)), "")
		if r.IntN(2) == 0 {
			a.Task.Completed, a.Task.CompletedAt = true, t0.Add(time.Duration(r.IntN(1000))*time.Second)
		}
		if r.IntN(2) == 0 {
			a.Enroll, a.EnrollOn = automation.MustParseID("0190a000-0000-7000-8000-000000000009"), activity.EnrollOnSave
		}
	case 2:
		a = call(byte(r.IntN(200)))
	case 3:
		a = email(byte(r.IntN(200)))
	default:
		a = meeting(byte(r.IntN(200)))
	}
	a.Pinned = r.IntN(2) == 0
	a.UpdatedAt = t0.Add(time.Duration(r.IntN(1000)) * time.Minute)
	a.Version = int64(1 + r.IntN(9))
	return a
}

func TestRestoreOfTrashGivesBackTheActivity(t *testing.T) {
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 11))
		a := randomActivity(r)
		require.NoError(t, a.Validate())
		orig := a.Clone()

		at := t0.Add(time.Duration(r.IntN(10000)) * time.Hour)
		require.NoError(t, a.Trash("eve", at))
		require.NoError(t, a.Validate(), "a trashed activity is valid")
		assert.True(t, a.Trashed())
		assert.Equal(t, []activity.Change{{Activity: a.ID, Field: activity.FieldDeletedAt, New: at.UTC().Format(time.RFC3339Nano)}},
			activity.Diff(&orig, &a), "seed %d: the trash changes nothing but deleted_at", seed)
		f := activity.Filter{}
		assert.False(t, f.Matches(&a), "a trashed activity leaves the timeline")

		require.NoError(t, a.Restore())
		assert.Equal(t, orig, a, "seed %d: Restore(Trash(a)) == a", seed)
		assert.Empty(t, activity.Diff(&orig, &a))
	}
}

func TestTrashAndRestoreRefuse(t *testing.T) {
	a := note(1, "x")
	err := a.Restore()
	require.ErrorIs(t, err, activity.ErrNotTrashed)
	require.NoError(t, a.Trash("eve", t0))
	err = a.Trash("eve", t0.Add(time.Hour))
	require.ErrorIs(t, err, activity.ErrTrashed)
	op, ok := errors.AsType[*activity.OpError](err)
	require.True(t, ok)
	assert.Equal(t, "trash", op.Op)
	assert.Equal(t, t0, a.DeletedAt, "the first time stays")
}

func TestMoveTo(t *testing.T) {
	other := contact.MustParseID("0190a000-0000-7000-8000-0000000000bb")
	a := task(1, "Call", "")
	changed, err := a.MoveTo(contactID)
	require.NoError(t, err)
	assert.False(t, changed, "to its own contact")
	before := a.Clone()
	changed, err = a.MoveTo(other)
	require.NoError(t, err)
	assert.True(t, changed)
	assert.Equal(t, []activity.Change{{Activity: a.ID, Field: activity.FieldContact, Old: contactID.String(), New: other.String()}}, activity.Diff(&before, &a))

	n := note(2, "x")
	_, err = n.MoveTo(other)
	assert.ErrorIs(t, err, activity.ErrNotATask)
	require.NoError(t, a.Trash("eve", t0))
	_, err = a.MoveTo(contactID)
	assert.ErrorIs(t, err, activity.ErrTrashed)
}

func TestDiff(t *testing.T) {
	due := time.Date(2025, 3, 2, 10, 0, 0, 0, time.FixedZone("CET", 3600))
	tests := []struct {
		name string
		a    activity.Activity
		edit func(a *activity.Activity)
		want [][3]string // field, old, new
	}{
		{"nothing", task(1, "x", ""), func(*activity.Activity) {}, nil},
		{"bookkeeping is not a change", task(1, "x", ""), func(a *activity.Activity) { a.Version, a.UpdatedAt = 9, t0.Add(time.Hour) }, nil},
		{"title and pin", task(1, "x", ""), func(a *activity.Activity) { a.Title, a.Pinned = "y", true },
			[][3]string{{activity.FieldTitle, "x", "y"}, {activity.FieldPinned, "false", "true"}}},
		{"due time in UTC", task(1, "x", ""), func(a *activity.Activity) { a.Task.Due = due },
			[][3]string{{activity.FieldTaskDue, "2025-03-01T10:00:00Z", "2025-03-02T09:00:00Z"}}},
		{"completion", task(1, "x", ""), func(a *activity.Activity) { _, _ = a.Complete(t0) },
			[][3]string{{activity.FieldTaskDone, "", "2025-03-01T09:00:00Z"}}},
		{"call", call(1), func(a *activity.Activity) {
			a.Interaction.Outcome, a.Interaction.Duration, a.Interaction.Direction = activity.OutcomeVoicemail, 0, activity.DirectionOutbound
		}, [][3]string{{activity.FieldDirection, "inbound", "outbound"}, {activity.FieldDuration, "5m0s", ""}, {activity.FieldOutcome, "connected", "left_voicemail"}}},
		{"attendees", meeting(1), func(a *activity.Activity) { a.Interaction.Attendees = a.Interaction.Attendees[:1] },
			[][3]string{{activity.FieldAttendees, "user:eve, contact:" + contactID.String(), "user:eve"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := tt.a.Clone()
			after := tt.a.Clone()
			tt.edit(&after)
			var got [][3]string
			for _, c := range activity.Diff(&before, &after) {
				assert.Equal(t, tt.a.ID, c.Activity)
				got = append(got, [3]string{c.Field, c.Old, c.New})
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestCloneSharesNoAttendees(t *testing.T) {
	a := meeting(1)
	c := a.Clone()
	c.Interaction.Attendees[0].User = "mallory"
	assert.Equal(t, contact.UserID("eve"), a.Interaction.Attendees[0].User)
}

func TestEnrollsOn(t *testing.T) {
	au := automation.MustParseID("0190a000-0000-7000-8000-000000000009")
	n, tk := note(1, "x"), task(2, "x", "")
	assert.Equal(t, activity.EnrollOn(""), n.EnrollsOn(), "no automation")
	n.Enroll, tk.Enroll = au, au
	assert.Equal(t, activity.EnrollOnSave, n.EnrollsOn())
	assert.Equal(t, activity.EnrollOnCompletion, tk.EnrollsOn(), "a task's default")
	tk.EnrollOn = activity.EnrollOnSave
	assert.Equal(t, activity.EnrollOnSave, tk.EnrollsOn())
}
