package contactkit_test

import (
	"errors"
	"iter"
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

// collect returns what seq yields, failing t on an error.
func collect[T any](t *testing.T, seq iter.Seq2[T, error]) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

func activityIDs(as []activity.Activity) []activity.ID {
	out := make([]activity.ID, len(as))
	for i := range as {
		out[i] = as[i].ID
	}
	return out
}

// timeline returns the IDs of contact c's timeline that q selects.
func (h *harness) timeline(t *testing.T, c contact.ID, q contactkit.TimelineQuery) []activity.ID {
	t.Helper()
	return activityIDs(collect(t, h.svc.Timeline(t.Context(), owner, c, q)))
}

// activityHistory returns the history of activity id.
func (h *harness) activityHistory(t *testing.T, id activity.ID) []activity.Change {
	t.Helper()
	return collect(t, h.svc.ActivityHistory(t.Context(), owner, id))
}

func fields(changes []activity.Change) []string {
	out := make([]string, len(changes))
	for i, c := range changes {
		out[i] = c.Field + ": " + c.Old + " -> " + c.New
	}
	return out
}

func TestCallEmailMeeting(t *testing.T) {
	h := newHarness(t)
	ada := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob")})
	elsewhere := h.create(t, other, contact.Patch{FirstName: new("Eve")})
	at := h.now.Add(-time.Hour)

	h.now = h.now.Add(time.Minute)
	cl, err := h.svc.AddCall(t.Context(), agent, ada.ID, contactkit.CallInput{
		Direction: activity.DirectionInbound, OccurredAt: at, Duration: 4 * time.Minute, Outcome: activity.OutcomeConnected, Notes: "Asked about pricing"})
	require.NoError(t, err)
	assert.Equal(t, activity.KindCall, cl.Kind)
	assert.Equal(t, contact.UserID("u-agent"), cl.Author)
	assert.Equal(t, activity.Interaction{Direction: activity.DirectionInbound, OccurredAt: at, Duration: 4 * time.Minute, Outcome: activity.OutcomeConnected}, cl.Interaction)
	h.now = h.now.Add(time.Minute)
	em, err := h.svc.AddEmail(t.Context(), owner, ada.ID, contactkit.EmailInput{Direction: activity.DirectionOutbound, OccurredAt: at, Subject: "Pricing", Body: "Attached"})
	require.NoError(t, err)
	h.now = h.now.Add(time.Minute)
	mt, err := h.svc.AddMeeting(t.Context(), owner, ada.ID, contactkit.MeetingInput{Title: "Demo", OccurredAt: at.Add(48 * time.Hour), Duration: time.Hour,
		Attendees: []activity.Attendee{{User: "u-owner"}, {Contact: bob.ID}}})
	require.NoError(t, err)
	assert.Equal(t, []activity.Attendee{{User: "u-owner"}, {Contact: bob.ID}}, mt.Interaction.Attendees)
	h.now = h.now.Add(time.Minute)
	n, err := h.svc.AddNote(t.Context(), owner, ada.ID, contactkit.NoteInput{Body: "Warm lead"})
	require.NoError(t, err)

	// Newest first by when each happened: the meeting to come, the note,
	// then the call and the email of an hour ago, logged since (of the
	// same instant, the higher ID first).
	assert.Equal(t, []activity.ID{mt.ID, n.ID, em.ID, cl.ID}, h.timeline(t, ada.ID, contactkit.TimelineQuery{}), "every kind, newest first")
	assert.Equal(t, []activity.ID{cl.ID}, h.timeline(t, ada.ID, contactkit.TimelineQuery{Kinds: []activity.Kind{activity.KindCall}}))
	assert.Equal(t, []activity.ID{mt.ID, em.ID}, h.timeline(t, ada.ID, contactkit.TimelineQuery{Kinds: []activity.Kind{activity.KindEmail, activity.KindMeeting}}))
	assert.Equal(t, []activity.ID{em.ID, cl.ID}, h.timeline(t, ada.ID, contactkit.TimelineQuery{Text: "pricing"}), "a call's notes and an email's subject are searched")

	tests := []struct {
		name       string
		add        func() error
		properties []string
	}{
		{"call without direction nor time", func() error {
			_, err := h.svc.AddCall(t.Context(), owner, ada.ID, contactkit.CallInput{})
			return err
		}, []string{"occurred_at", "direction"}},
		{"call with a meeting outcome", func() error {
			_, err := h.svc.AddCall(t.Context(), owner, ada.ID, contactkit.CallInput{Direction: activity.DirectionOutbound, OccurredAt: at, Outcome: activity.OutcomeNoShow})
			return err
		}, []string{"outcome"}},
		{"call of negative duration", func() error {
			_, err := h.svc.AddCall(t.Context(), owner, ada.ID, contactkit.CallInput{Direction: activity.DirectionOutbound, OccurredAt: at, Duration: -time.Minute})
			return err
		}, []string{"duration"}},
		{"email without subject nor body", func() error {
			_, err := h.svc.AddEmail(t.Context(), owner, ada.ID, contactkit.EmailInput{Direction: activity.DirectionInbound, OccurredAt: at, Subject: "  "})
			return err
		}, []string{"body"}},
		{"email of unknown direction", func() error {
			_, err := h.svc.AddEmail(t.Context(), owner, ada.ID, contactkit.EmailInput{Direction: "up", OccurredAt: at, Subject: "x"})
			return err
		}, []string{"direction"}},
		{"meeting without title, attendee twice", func() error {
			_, err := h.svc.AddMeeting(t.Context(), owner, ada.ID, contactkit.MeetingInput{OccurredAt: at,
				Attendees: []activity.Attendee{{User: "u-1"}, {User: "u-1"}}})
			return err
		}, []string{"attendees", "title"}},
		{"meeting with another workspace's contact", func() error {
			_, err := h.svc.AddMeeting(t.Context(), owner, ada.ID, contactkit.MeetingInput{Title: "x", OccurredAt: at,
				Attendees: []activity.Attendee{{Contact: elsewhere.ID}}})
			// Another workspace's contact is unknown here (P1), as one that
			// exists nowhere: the input is invalid, in that category alone.
			require.NotErrorIs(t, err, contactkit.ErrNotFound, "the meeting's contact is found")
			return err
		}, []string{"attendees"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.add()
			require.ErrorIs(t, err, contactkit.ErrInvalidInput)
			require.ErrorIs(t, err, activity.ErrInvalidActivity)
			ve, ok := errors.AsType[*contactkit.ValidationError](err)
			require.True(t, ok)
			var got []string
			for _, e := range ve.Errors {
				ae, ok := errors.AsType[*activity.ValidationError](e)
				require.True(t, ok, "%v is an *activity.ValidationError", e)
				got = append(got, ae.Property)
			}
			assert.Equal(t, tt.properties, got)
		})
	}
	assert.Len(t, h.timeline(t, ada.ID, contactkit.TimelineQuery{}), 4, "nothing was added")

	// An edit of a call is recorded in its history.
	in := cl.Interaction
	in.Outcome = activity.OutcomeVoicemail
	_, err = h.svc.UpdateActivity(t.Context(), owner, cl.ID, contactkit.ActivityPatch{Interaction: &in})
	require.NoError(t, err)
	assert.Equal(t, []string{"created:  -> call", "outcome: connected -> left_voicemail"}, fields(h.activityHistory(t, cl.ID)))
}

func TestDeleteAndRestoreActivity(t *testing.T) {
	h := newHarness(t)
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	due := h.now.Add(24 * time.Hour)
	task, err := h.svc.AddTask(t.Context(), owner, c.ID, contactkit.TaskInput{Title: "Call back", Pinned: true,
		Task: activity.Task{Type: activity.TaskCall, Due: due, Assignee: "u-agent"}})
	require.NoError(t, err)
	h.now = h.now.Add(time.Hour)
	task, err = h.svc.UpdateActivity(t.Context(), owner, task.ID, contactkit.ActivityPatch{Body: new("About the quote")})
	require.NoError(t, err)
	note, err := h.svc.AddNote(t.Context(), agent, c.ID, contactkit.NoteInput{Body: "Agent's note"})
	require.NoError(t, err)
	h.takeEvents()

	// Who may delete: the author, or an owner or manager.
	_, err = h.svc.DeleteActivity(t.Context(), agent, task.ID)
	require.ErrorIs(t, err, contactkit.ErrPermission, "an agent deletes only their own")
	_, err = h.svc.DeleteActivity(t.Context(), other, task.ID)
	require.ErrorIs(t, err, contactkit.ErrNotFound, "another workspace")
	_, err = h.svc.DeleteActivity(t.Context(), agent, note.ID)
	require.NoError(t, err, "the author deletes their own")

	h.now = h.now.Add(time.Hour)
	deleted, err := h.svc.DeleteActivity(t.Context(), owner, task.ID)
	require.NoError(t, err)
	assert.True(t, deleted.Trashed())
	assert.Equal(t, h.now, deleted.DeletedAt)
	assert.Equal(t, contact.UserID("u-owner"), deleted.DeletedBy)
	assert.Empty(t, h.timeline(t, c.ID, contactkit.TimelineQuery{}), "trashed activities leave the timeline")
	assert.Empty(t, h.timeline(t, c.ID, contactkit.TimelineQuery{Kinds: []activity.Kind{activity.KindTask}}))
	assert.Equal(t, []activity.ID{task.ID, note.ID}, activityIDs(collect(t, h.svc.ActivityTrash(t.Context(), owner, c.ID))))
	got, err := h.svc.GetActivity(t.Context(), owner, task.ID)
	require.NoError(t, err)
	assert.Equal(t, deleted, got)
	events := h.takeEvents()
	require.Len(t, events, 2)
	assert.IsType(t, contactkit.ActivityDeleted{}, events[1])

	_, err = h.svc.CompleteTask(t.Context(), owner, task.ID)
	require.ErrorIs(t, err, activity.ErrTrashed, "a trashed task is not changed")
	_, err = h.svc.DeleteActivity(t.Context(), owner, task.ID)
	require.ErrorIs(t, err, activity.ErrTrashed)

	h.now = h.now.Add(contactkit.DefaultActivityRestoreWindow - time.Second)
	restored, err := h.svc.RestoreActivity(t.Context(), owner, task.ID)
	require.NoError(t, err, "within the 90 days")
	assert.Greater(t, restored.Version, task.Version)
	restored.Version = task.Version
	assert.Equal(t, task, restored, "restore(delete(a)) == a, version aside")
	assert.Equal(t, []activity.ID{task.ID}, h.timeline(t, c.ID, contactkit.TimelineQuery{}))
	assert.IsType(t, contactkit.ActivityRestored{}, h.takeEvents()[0])
	_, err = h.svc.RestoreActivity(t.Context(), owner, task.ID)
	require.ErrorIs(t, err, activity.ErrNotTrashed)

	hist := h.activityHistory(t, task.ID)
	assert.Equal(t, []string{
		"created:  -> task",
		"body:  -> About the quote",
		"deleted_at:  -> 2026-11-21T11:00:00Z",
		"deleted_at: 2026-11-21T11:00:00Z -> ",
	}, fields(hist))
	for _, ch := range hist[2:] {
		assert.Equal(t, contact.UserID("u-owner"), ch.Actor)
		assert.Equal(t, task.ID, ch.Activity)
	}
	assert.Equal(t, h.now, hist[3].At)

	// Past the window: refused, with the time and the window.
	h.now = h.now.Add(contactkit.DefaultActivityRestoreWindow)
	_, err = h.svc.RestoreActivity(t.Context(), agent, note.ID)
	require.ErrorIs(t, err, contactkit.ErrRestoreWindow)
	we, ok := errors.AsType[*contactkit.RestoreWindowError](err)
	require.True(t, ok)
	assert.Equal(t, contactkit.DefaultActivityRestoreWindow, we.Window)
	assert.Equal(t, note.CreatedAt, we.DeletedAt)
}

func TestPurgeActivityTrash(t *testing.T) {
	h := newHarness(t)
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	old, err := h.svc.AddNote(t.Context(), owner, c.ID, contactkit.NoteInput{Body: "old"})
	require.NoError(t, err)
	recent, err := h.svc.AddNote(t.Context(), owner, c.ID, contactkit.NoteInput{Body: "recent"})
	require.NoError(t, err)
	kept, err := h.svc.AddNote(t.Context(), owner, c.ID, contactkit.NoteInput{Body: "kept"})
	require.NoError(t, err)
	_, err = h.svc.DeleteActivity(t.Context(), owner, old.ID)
	require.NoError(t, err)
	h.now = h.now.Add(contactkit.DefaultActivityRestoreWindow)
	_, err = h.svc.DeleteActivity(t.Context(), owner, recent.ID)
	require.NoError(t, err)

	_, err = h.svc.PurgeActivityTrash(t.Context(), agent)
	require.ErrorIs(t, err, contactkit.ErrPermission)
	h.takeEvents()
	n, err := h.svc.PurgeActivityTrash(t.Context(), owner)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "only the one past its window")
	assert.Equal(t, []contactkit.Event{contactkit.ActivityPurged{
		EventMeta: contactkit.EventMeta{Workspace: owner.Workspace, Contact: c.ID, Actor: owner.User, At: h.now}, Activity: old.ID}}, h.takeEvents())
	_, err = h.svc.GetActivity(t.Context(), owner, old.ID)
	require.ErrorIs(t, err, contactkit.ErrNotFound)
	_, err = h.svc.ListActivityHistory(t.Context(), owner, old.ID, store.PageRequest{})
	require.ErrorIs(t, err, contactkit.ErrNotFound)
	_, err = h.svc.RestoreActivity(t.Context(), owner, recent.ID)
	require.NoError(t, err)
	assert.Equal(t, []activity.ID{kept.ID, recent.ID}, h.timeline(t, c.ID, contactkit.TimelineQuery{}))
}

func TestContactTrashKeepsTheActivityTrash(t *testing.T) {
	h := newHarness(t)
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	live, err := h.svc.AddTask(t.Context(), owner, c.ID, contactkit.TaskInput{Title: "Live"})
	require.NoError(t, err)
	gone, err := h.svc.AddCall(t.Context(), owner, c.ID, contactkit.CallInput{Direction: activity.DirectionOutbound, OccurredAt: h.now})
	require.NoError(t, err)
	gone, err = h.svc.DeleteActivity(t.Context(), owner, gone.ID)
	require.NoError(t, err)

	h.now = h.now.Add(time.Hour)
	_, err = h.svc.DeleteContact(t.Context(), owner, c.ID)
	require.NoError(t, err)
	_, err = h.svc.RestoreActivity(t.Context(), owner, gone.ID)
	require.ErrorIs(t, err, contactkit.ErrTrashed, "restore the contact first")
	h.now = h.now.Add(time.Hour)
	_, err = h.svc.RestoreContact(t.Context(), owner, c.ID)
	require.NoError(t, err)

	assert.Equal(t, []activity.ID{live.ID}, h.timeline(t, c.ID, contactkit.TimelineQuery{}), "the live activity comes back")
	got, err := h.svc.GetActivity(t.Context(), owner, gone.ID)
	require.NoError(t, err)
	assert.Equal(t, gone, got, "the trashed one stays in its trash, with its own time")

	// Erasing the contact erases its activities, trashed or not, with
	// their history.
	require.NoError(t, h.svc.EraseContact(t.Context(), owner, c.ID))
	for _, id := range []activity.ID{live.ID, gone.ID} {
		var n int
		require.NoError(t, h.store.View(t.Context(), func(tx store.Tx) error {
			page, err := store.ActivityChanges(tx.Records()).List(t.Context(), owner.Workspace, store.Query{Parent: id.String()}, store.PageRequest{})
			n = len(page.Items)
			return err
		}))
		assert.Zero(t, n, "the history of %s is erased", id)
	}
}

func TestMoveTask(t *testing.T) {
	h := newHarness(t)
	ada := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob")})
	elsewhere := h.create(t, other, contact.Patch{FirstName: new("Eve")})
	task, err := h.svc.AddTask(t.Context(), owner, ada.ID, contactkit.TaskInput{Title: "Send quote"})
	require.NoError(t, err)
	note, err := h.svc.AddNote(t.Context(), owner, ada.ID, contactkit.NoteInput{Body: "x"})
	require.NoError(t, err)
	h.takeEvents()

	_, err = h.svc.MoveTask(t.Context(), owner, task.ID, elsewhere.ID)
	require.ErrorIs(t, err, contactkit.ErrNotFound, "a contact of another workspace is not found")
	_, err = h.svc.MoveTask(t.Context(), other, task.ID, elsewhere.ID)
	require.ErrorIs(t, err, contactkit.ErrNotFound, "a task of another workspace is not found")
	_, err = h.svc.MoveTask(t.Context(), owner, note.ID, bob.ID)
	require.ErrorIs(t, err, activity.ErrNotATask)
	same, err := h.svc.MoveTask(t.Context(), owner, task.ID, ada.ID)
	require.NoError(t, err)
	assert.Equal(t, task, same, "to its own contact: nothing changes")

	h.now = h.now.Add(time.Minute)
	moved, err := h.svc.MoveTask(t.Context(), agent, task.ID, bob.ID)
	require.NoError(t, err)
	assert.Equal(t, bob.ID, moved.Contact)
	assert.Equal(t, h.now, moved.UpdatedAt)
	assert.Equal(t, []activity.ID{note.ID}, h.timeline(t, ada.ID, contactkit.TimelineQuery{}))
	assert.Equal(t, []activity.ID{task.ID}, h.timeline(t, bob.ID, contactkit.TimelineQuery{}))
	hist := h.activityHistory(t, task.ID)
	require.Len(t, hist, 2)
	assert.Equal(t, activity.Change{Activity: task.ID, Revision: moved.Version, Field: activity.FieldContact,
		Old: ada.ID.String(), New: bob.ID.String(), At: h.now, Actor: "u-agent", Version: 1}, hist[1])
	assert.Equal(t, []contactkit.Event{contactkit.ActivityMoved{
		EventMeta: contactkit.EventMeta{Workspace: owner.Workspace, Contact: bob.ID, Actor: agent.User, At: h.now}, Activity: moved, From: ada.ID}}, h.takeEvents())

	_, err = h.svc.DeleteContact(t.Context(), owner, ada.ID)
	require.NoError(t, err)
	_, err = h.svc.MoveTask(t.Context(), owner, task.ID, ada.ID)
	require.ErrorIs(t, err, contactkit.ErrTrashed, "not to a contact in the trash")
}

func TestTaskEnrolsWhenItSays(t *testing.T) {
	h := newHarness(t)
	onSave := h.automation(t, automation.Automation{Name: "On save", Steps: steps(1), Active: true})
	onDone := h.automation(t, automation.Automation{Name: "On completion", Steps: steps(1), Active: true})
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")})

	saved, err := h.svc.AddTask(t.Context(), owner, c.ID, contactkit.TaskInput{Title: "Intro", Enroll: onSave.ID, EnrollOn: activity.EnrollOnSave})
	require.NoError(t, err)
	done, err := h.svc.AddTask(t.Context(), owner, c.ID, contactkit.TaskInput{Title: "Demo", Enroll: onDone.ID, EnrollOn: activity.EnrollOnCompletion})
	require.NoError(t, err)
	es := h.enrollments(t, contactkit.EnrollmentQuery{Contact: c.ID})
	require.Len(t, es, 1, "the task that enrols on save did; the other waits")
	assert.Equal(t, onSave.ID, es[0].Automation)
	assert.Equal(t, automation.Occurrence{Kind: automation.TriggerTaskCreated}, es[0].Trigger)
	assert.Equal(t, automation.Cause{Kind: automation.CauseActivity, ID: saved.ID.String()}, es[0].Cause)

	h.takeEvents()
	_, err = h.svc.CompleteTask(t.Context(), owner, done.ID)
	require.NoError(t, err)
	es = h.enrollments(t, contactkit.EnrollmentQuery{Contact: c.ID, Automation: onDone.ID})
	require.Len(t, es, 1, "enrolled on completion")
	assert.Equal(t, automation.Occurrence{Kind: automation.TriggerTaskCompleted}, es[0].Trigger)
	assert.Equal(t, automation.Cause{Kind: automation.CauseActivity, ID: done.ID.String()}, es[0].Cause, "the cause is the task")
	var enrolled []contactkit.Enrolled
	for _, e := range h.takeEvents() {
		if e, ok := e.(contactkit.Enrolled); ok {
			enrolled = append(enrolled, e)
		}
	}
	require.Len(t, enrolled, 1)
	assert.Equal(t, es[0], enrolled[0].Enrollment)
	assert.Equal(t, automation.TriggerTaskCompleted, enrolled[0].Trigger.Kind)

	// A trigger fired by a note records the note as its cause; a direct
	// enrolment has none.
	byTrigger := h.automation(t, automation.Automation{Name: "Note", Steps: steps(1), Active: true, Triggers: []automation.Trigger{automation.On(automation.TriggerNoteAdded)}})
	n, err := h.svc.AddNote(t.Context(), owner, c.ID, contactkit.NoteInput{Body: "x"})
	require.NoError(t, err)
	es = h.enrollments(t, contactkit.EnrollmentQuery{Contact: c.ID, Automation: byTrigger.ID})
	require.Len(t, es, 1)
	assert.Equal(t, automation.Cause{Kind: automation.CauseActivity, ID: n.ID.String()}, es[0].Cause)
	direct := h.automation(t, automation.Automation{Name: "Direct", Steps: steps(1), Active: true})
	e, err := h.svc.Enroll(t.Context(), owner, direct.ID, c.ID, "")
	require.NoError(t, err)
	assert.Equal(t, automation.Occurrence{Kind: automation.TriggerManual}, e.Trigger)
	assert.True(t, e.Cause.IsZero())
}

// TestTimelineOrdersByWhenItHappened: a call logged after the fact sits in
// the timeline, and in the feed, where it happened, page after page, and
// moves when its time is corrected.
func TestTimelineOrdersByWhenItHappened(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	ada := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	start := h.now
	n1, err := h.svc.AddNote(ctx, owner, ada.ID, contactkit.NoteInput{Body: "first"})
	require.NoError(t, err)
	h.now = start.Add(2 * time.Hour)
	n2, err := h.svc.AddNote(ctx, owner, ada.ID, contactkit.NoteInput{Body: "second"})
	require.NoError(t, err)
	h.now = start.Add(3 * time.Hour)
	call, err := h.svc.AddCall(ctx, owner, ada.ID, contactkit.CallInput{Direction: activity.DirectionOutbound, OccurredAt: start.Add(time.Hour), Notes: "logged late"})
	require.NoError(t, err)
	assert.Equal(t, start.Add(time.Hour), call.When())

	want := []activity.ID{n2.ID, call.ID, n1.ID}
	assert.Equal(t, want, h.timeline(t, ada.ID, contactkit.TimelineQuery{}))
	var paged []activity.ID
	req := store.PageRequest{Limit: 1}
	for {
		page, err := h.svc.ListTimeline(ctx, owner, ada.ID, contactkit.TimelineQuery{}, req)
		require.NoError(t, err)
		paged = append(paged, activityIDs(page.Items)...)
		if page.Next == "" {
			break
		}
		req.Cursor = page.Next
	}
	assert.Equal(t, want, paged, "page by page")
	var fed []activity.ID
	for item, err := range h.svc.Feed(ctx, owner, ada.ID, contactkit.FeedQuery{Kinds: []contactkit.FeedKind{contactkit.FeedActivity}}) {
		require.NoError(t, err)
		fed = append(fed, item.Activity.ID)
		assert.Equal(t, item.Activity.When(), item.At)
	}
	assert.Equal(t, want, fed, "the feed places it so too")

	// Its time corrected to before the first note, it moves below it.
	in := call.Interaction
	in.OccurredAt = start.Add(-time.Hour)
	_, err = h.svc.UpdateActivity(ctx, owner, call.ID, contactkit.ActivityPatch{Interaction: &in})
	require.NoError(t, err)
	assert.Equal(t, []activity.ID{n2.ID, n1.ID, call.ID}, h.timeline(t, ada.ID, contactkit.TimelineQuery{}))
}
