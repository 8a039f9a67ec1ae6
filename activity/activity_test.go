package activity_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
)

var (
	contactID = contact.MustParseID("0190a000-0000-7000-8000-0000000000aa")
	t0        = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
)

func id(n byte) activity.ID {
	var u activity.ID
	u[0], u[6], u[8], u[15] = 0x01, 0x70, 0x80, n
	return u
}

func note(n byte, body string) activity.Activity {
	return activity.Activity{ID: id(n), Contact: contactID, Kind: activity.KindNote, Author: "bob", Body: body, CreatedAt: t0}
}

func task(n byte, title, description string) activity.Activity {
	return activity.Activity{ID: id(n), Contact: contactID, Kind: activity.KindTask, Author: "bob",
		Title: title, Body: description, CreatedAt: t0,
		Task: activity.Task{Type: activity.TaskCall, Due: t0.Add(time.Hour), Reminder: t0.Add(30 * time.Minute), Duration: 15 * time.Minute, Assignee: "eve"}}
}

func call(n byte) activity.Activity {
	return activity.Activity{ID: id(n), Contact: contactID, Kind: activity.KindCall, Author: "bob", Body: "Asked for a quote", CreatedAt: t0,
		Interaction: activity.Interaction{Direction: activity.DirectionInbound, OccurredAt: t0, Duration: 5 * time.Minute, Outcome: activity.OutcomeConnected}}
}

func email(n byte) activity.Activity {
	return activity.Activity{ID: id(n), Contact: contactID, Kind: activity.KindEmail, Author: "bob", Title: "Quote", Body: "Here it is", CreatedAt: t0,
		Interaction: activity.Interaction{Direction: activity.DirectionOutbound, OccurredAt: t0}}
}

func meeting(n byte) activity.Activity {
	return activity.Activity{ID: id(n), Contact: contactID, Kind: activity.KindMeeting, Author: "bob", Title: "Demo", CreatedAt: t0,
		Interaction: activity.Interaction{OccurredAt: t0, Duration: time.Hour, Outcome: activity.OutcomeScheduled,
			Attendees: []activity.Attendee{{User: "eve"}, {Contact: contactID}}}}
}

func TestID(t *testing.T) {
	const s = "0190a000-0000-7000-8000-000000000001"
	i, err := activity.ParseID(s)
	require.NoError(t, err)
	assert.Equal(t, s, i.String())
	assert.False(t, i.IsZero())
	assert.True(t, activity.ID{}.IsZero())
	assert.Equal(t, 1, i.Compare(activity.ID{}))

	b, err := json.Marshal(i)
	require.NoError(t, err)
	var back activity.ID
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, i, back)

	_, err = activity.ParseID("nope")
	require.ErrorIs(t, err, activity.ErrInvalidID)
	pe, ok := errors.AsType[*activity.ParseError](err)
	require.True(t, ok)
	assert.Equal(t, "nope", pe.Input)
	assert.EqualError(t, err, `activity: parse id "nope": invalid id`)
	assert.Panics(t, func() { activity.MustParseID("nope") })
}

func TestKindAndTaskTypeValid(t *testing.T) {
	assert.True(t, activity.KindNote.Valid())
	assert.True(t, activity.KindTask.Valid())
	assert.False(t, activity.Kind("").Valid())
	assert.False(t, activity.Kind("sms").Valid())
	for _, k := range activity.Kinds() {
		assert.True(t, k.Valid(), "%q", k)
	}
	for _, tt := range []activity.TaskType{"", activity.TaskTodo, activity.TaskCall, activity.TaskEmail, activity.TaskMeeting} {
		assert.True(t, tt.Valid(), "%q", tt)
	}
	assert.False(t, activity.TaskType("sms").Valid())
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name       string
		a          activity.Activity
		edit       func(a *activity.Activity)
		properties []string
	}{
		{"note", note(1, "hello"), nil, nil},
		{"pinned note with automation", note(1, "hello"), func(a *activity.Activity) {
			a.Pinned = true
			a.Enroll = automation.MustParseID("0190a000-0000-7000-8000-000000000009")
		}, nil},
		{"note longest body", note(1, strings.Repeat("é", activity.MaxBodyBytes/2)), nil, nil},
		{"task", task(1, "Call back", ""), nil, nil},
		{"task zero type is todo", task(1, "Call back", ""), func(a *activity.Activity) { a.Task = activity.Task{} }, nil},
		{"task longest title", task(1, strings.Repeat("é", activity.MaxTitleLength), ""), nil, nil},
		{"task reminder at due time", task(1, "x", ""), func(a *activity.Activity) { a.Task.Reminder = a.Task.Due }, nil},
		{"task reminder without due", task(1, "x", ""), func(a *activity.Activity) { a.Task.Due = time.Time{} }, nil},
		{"task completed", task(1, "x", ""), func(a *activity.Activity) { a.Task.Completed, a.Task.CompletedAt = true, t0 }, nil},
		{"task enrols on save", task(1, "x", ""), func(a *activity.Activity) {
			a.Enroll, a.EnrollOn = automation.MustParseID("0190a000-0000-7000-8000-000000000009"), activity.EnrollOnSave
		}, nil},
		{"task in the trash", task(1, "x", ""), func(a *activity.Activity) { a.DeletedAt, a.DeletedBy = t0, "bob" }, nil},
		{"call", call(1), nil, nil},
		{"call with title, no outcome nor duration", call(1), func(a *activity.Activity) {
			a.Title, a.Interaction.Outcome, a.Interaction.Duration = "Intro", "", 0
		}, nil},
		{"email", email(1), nil, nil},
		{"email subject only", email(1), func(a *activity.Activity) { a.Body = "" }, nil},
		{"email body only", email(1), func(a *activity.Activity) { a.Title = "" }, nil},
		{"meeting", meeting(1), nil, nil},
		{"meeting without attendees", meeting(1), func(a *activity.Activity) { a.Interaction.Attendees = nil }, nil},
		{"meeting most attendees", meeting(1), func(a *activity.Activity) {
			a.Interaction.Attendees = nil
			for i := range activity.MaxAttendees {
				a.Interaction.Attendees = append(a.Interaction.Attendees, activity.Attendee{User: contact.UserID(fmt.Sprint("u", i))})
			}
		}, nil},

		{"unknown kind", note(1, "x"), func(a *activity.Activity) { a.Kind = "fax" }, []string{"kind"}},
		{"no contact", note(1, "x"), func(a *activity.Activity) { a.Contact = contact.ID{} }, []string{"contact"}},
		{"no author", note(1, "x"), func(a *activity.Activity) { a.Author = "" }, []string{"author"}},
		{"note empty body", note(1, ""), nil, []string{"body"}},
		{"note blank body", note(1, " \n\t"), nil, []string{"body"}},
		{"note body too long", note(1, strings.Repeat("x", activity.MaxBodyBytes+1)), nil, []string{"body"}},
		{"note body invalid UTF-8", note(1, "a\xffb"), nil, []string{"body"}},
		{"note with title", note(1, "x"), func(a *activity.Activity) { a.Title = "t" }, []string{"title"}},
		{"note with task", note(1, "x"), func(a *activity.Activity) { a.Task.Type = activity.TaskTodo }, []string{"task"}},
		{"note completed", note(1, "x"), func(a *activity.Activity) { a.Task.Completed = true }, []string{"task"}},
		{"task no title", task(1, "", "desc"), nil, []string{"title"}},
		{"task blank title", task(1, "  ", "desc"), nil, []string{"title"}},
		{"task title too long", task(1, strings.Repeat("é", activity.MaxTitleLength+1), ""), nil, []string{"title"}},
		{"task title invalid UTF-8", task(1, "\xff", ""), nil, []string{"title"}},
		{"task description too long", task(1, "x", strings.Repeat("x", activity.MaxBodyBytes+1)), nil, []string{"body"}},
		{"task unknown type", task(1, "x", ""), func(a *activity.Activity) { a.Task.Type = "sms" }, []string{"task.type"}},
		{"task negative duration", task(1, "x", ""), func(a *activity.Activity) { a.Task.Duration = -time.Second }, []string{"task.duration"}},
		{"task reminder after due", task(1, "x", ""), func(a *activity.Activity) { a.Task.Reminder = a.Task.Due.Add(time.Second) }, []string{"task.reminder"}},
		{"task completed without time", task(1, "x", ""), func(a *activity.Activity) { a.Task.Completed = true }, []string{"task.completed_at"}},
		{"task completion time but open", task(1, "x", ""), func(a *activity.Activity) { a.Task.CompletedAt = t0 }, []string{"task.completed_at"}},
		{"task with an interaction", task(1, "x", ""), func(a *activity.Activity) { a.Interaction.Direction = activity.DirectionInbound }, []string{"interaction"}},
		{"note completes an automation", note(1, "x"), func(a *activity.Activity) {
			a.Enroll, a.EnrollOn = automation.MustParseID("0190a000-0000-7000-8000-000000000009"), activity.EnrollOnCompletion
		}, []string{"enroll_on"}},
		{"moment without automation", task(1, "x", ""), func(a *activity.Activity) { a.EnrollOn = activity.EnrollOnSave }, []string{"enroll_on"}},
		{"unknown moment", task(1, "x", ""), func(a *activity.Activity) {
			a.Enroll, a.EnrollOn = automation.MustParseID("0190a000-0000-7000-8000-000000000009"), "never"
		}, []string{"enroll_on"}},
		{"deleted by nobody", note(1, "x"), func(a *activity.Activity) { a.DeletedAt = t0 }, []string{"deleted_at"}},
		{"call enrols", call(1), func(a *activity.Activity) { a.Enroll = automation.MustParseID("0190a000-0000-7000-8000-000000000009") }, []string{"enroll"}},
		{"call with task", call(1), func(a *activity.Activity) { a.Task.Assignee = "eve" }, []string{"task"}},
		{"call no direction", call(1), func(a *activity.Activity) { a.Interaction.Direction = "" }, []string{"direction"}},
		{"call unknown direction", call(1), func(a *activity.Activity) { a.Interaction.Direction = "sideways" }, []string{"direction"}},
		{"call no time", call(1), func(a *activity.Activity) { a.Interaction.OccurredAt = time.Time{} }, []string{"occurred_at"}},
		{"call negative duration", call(1), func(a *activity.Activity) { a.Interaction.Duration = -time.Second }, []string{"duration"}},
		{"call meeting outcome", call(1), func(a *activity.Activity) { a.Interaction.Outcome = activity.OutcomeNoShow }, []string{"outcome"}},
		{"call attendees", call(1), func(a *activity.Activity) { a.Interaction.Attendees = []activity.Attendee{{User: "eve"}} }, []string{"attendees"}},
		{"call title too long", call(1), func(a *activity.Activity) { a.Title = strings.Repeat("x", activity.MaxTitleLength+1) }, []string{"title"}},
		{"email blank", email(1), func(a *activity.Activity) { a.Title, a.Body = " ", "\n" }, []string{"body"}},
		{"email duration", email(1), func(a *activity.Activity) { a.Interaction.Duration = time.Minute }, []string{"duration"}},
		{"email outcome", email(1), func(a *activity.Activity) { a.Interaction.Outcome = activity.OutcomeConnected }, []string{"outcome"}},
		{"meeting no title", meeting(1), func(a *activity.Activity) { a.Title = "" }, []string{"title"}},
		{"meeting direction", meeting(1), func(a *activity.Activity) { a.Interaction.Direction = activity.DirectionInbound }, []string{"direction"}},
		{"meeting call outcome", meeting(1), func(a *activity.Activity) { a.Interaction.Outcome = activity.OutcomeBusy }, []string{"outcome"}},
		{"meeting attendee twice", meeting(1), func(a *activity.Activity) {
			a.Interaction.Attendees = append(a.Interaction.Attendees, activity.Attendee{User: "eve"})
		}, []string{"attendees"}},
		{"meeting attendee both", meeting(1), func(a *activity.Activity) {
			a.Interaction.Attendees = []activity.Attendee{{User: "eve", Contact: contactID}}
		}, []string{"attendees"}},
		{"meeting attendee neither", meeting(1), func(a *activity.Activity) { a.Interaction.Attendees = []activity.Attendee{{}} }, []string{"attendees"}},
		{"meeting too many attendees", meeting(1), func(a *activity.Activity) {
			a.Interaction.Attendees = nil
			for i := range activity.MaxAttendees + 1 {
				a.Interaction.Attendees = append(a.Interaction.Attendees, activity.Attendee{User: contact.UserID(fmt.Sprint("u", i))})
			}
		}, []string{"attendees"}},
		{"meeting with a task", meeting(1), func(a *activity.Activity) { a.Task.Due = t0 }, []string{"task"}},
		{"everything at once", task(1, "", ""), func(a *activity.Activity) {
			a.Author = ""
			a.Contact = contact.ID{}
			a.Task.Type = "x"
			a.Task.Duration = -1
			a.Task.Reminder = a.Task.Due.Add(time.Hour)
			a.Task.Completed = true
		}, []string{"contact", "author", "title", "task.type", "task.duration", "task.reminder", "task.completed_at"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.a
			if tt.edit != nil {
				tt.edit(&a)
			}
			err := a.Validate()
			if tt.properties == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, activity.ErrInvalidActivity)
			var got []string
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				ve, ok := errors.AsType[*activity.ValidationError](e)
				require.True(t, ok, "joined error %v is not a *ValidationError", e)
				assert.Equal(t, a.ID, ve.Activity)
				got = append(got, ve.Property)
			}
			assert.Equal(t, tt.properties, got)
		})
	}
}

func TestValidationErrorMessage(t *testing.T) {
	a := note(1, "")
	assert.EqualError(t, a.Validate(), "activity "+id(1).String()+": body: invalid activity: a note needs a body")
	a.ID = activity.ID{}
	assert.EqualError(t, a.Validate(), "activity: body: invalid activity: a note needs a body")
}

func TestCompleteReopen(t *testing.T) {
	a := task(1, "Call back", "")

	changed, err := a.Complete(t0.Add(time.Hour))
	require.NoError(t, err)
	assert.True(t, changed)
	assert.True(t, a.Task.Completed)
	assert.Equal(t, t0.Add(time.Hour), a.Task.CompletedAt)
	require.NoError(t, a.Validate())

	changed, err = a.Complete(t0.Add(2 * time.Hour))
	require.NoError(t, err)
	assert.False(t, changed, "completing a completed task")
	assert.Equal(t, t0.Add(time.Hour), a.Task.CompletedAt, "the first completion time stays")

	changed, err = a.Reopen()
	require.NoError(t, err)
	assert.True(t, changed)
	assert.False(t, a.Task.Completed)
	assert.True(t, a.Task.CompletedAt.IsZero())
	require.NoError(t, a.Validate())

	changed, err = a.Reopen()
	require.NoError(t, err)
	assert.False(t, changed, "reopening an open task")
}

func TestCompleteReopenNote(t *testing.T) {
	for name, op := range map[string]func(a *activity.Activity) (bool, error){
		"complete": func(a *activity.Activity) (bool, error) { return a.Complete(t0) },
		"reopen":   func(a *activity.Activity) (bool, error) { return a.Reopen() },
	} {
		t.Run(name, func(t *testing.T) {
			a := note(1, "hello")
			before := a.Clone()
			changed, err := op(&a)
			require.ErrorIs(t, err, activity.ErrNotATask)
			oe, ok := errors.AsType[*activity.OpError](err)
			require.True(t, ok)
			assert.Equal(t, name, oe.Op)
			assert.Equal(t, a.ID, oe.Activity)
			assert.False(t, changed)
			assert.Equal(t, before, a, "a note is left unchanged")
			assert.EqualError(t, err, "activity "+a.ID.String()+": "+name+`: not a task: kind "note"`)
		})
	}
}

func TestClone(t *testing.T) {
	a := task(1, "x", "y")
	c := a.Clone()
	assert.Equal(t, a, c)
	c.Task.Completed = true
	c.Title = "z"
	assert.False(t, a.Task.Completed)
	assert.Equal(t, "x", a.Title)
}
