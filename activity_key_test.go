package contactkit_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
)

// keyedInput is what a keyed call of keyedCalls gives: its key, the text
// that makes its content (a body, a title, a subject), and the automation
// a note or a task enrols into.
type keyedInput struct {
	Key, Text string
	Enroll    automation.ID
}

// keyedCalls are the calls that add an activity with an idempotency key.
var keyedCalls = []struct {
	kind activity.Kind
	add  func(h *harness, t *testing.T, c contact.ID, in keyedInput) (activity.Activity, error)
}{
	{activity.KindNote, func(h *harness, t *testing.T, c contact.ID, in keyedInput) (activity.Activity, error) {
		return h.svc.AddNote(t.Context(), owner, c, contactkit.NoteInput{Body: in.Text, Enroll: in.Enroll, Key: in.Key})
	}},
	{activity.KindTask, func(h *harness, t *testing.T, c contact.ID, in keyedInput) (activity.Activity, error) {
		return h.svc.AddTask(t.Context(), owner, c, contactkit.TaskInput{Title: in.Text, Task: activity.Task{Completed: true},
			Enroll: in.Enroll, EnrollOn: activity.EnrollOnSave, Key: in.Key})
	}},
	{activity.KindCall, func(h *harness, t *testing.T, c contact.ID, in keyedInput) (activity.Activity, error) {
		return h.svc.AddCall(t.Context(), owner, c, contactkit.CallInput{Direction: activity.DirectionInbound,
			OccurredAt: time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC), Notes: in.Text, Key: in.Key})
	}},
	{activity.KindEmail, func(h *harness, t *testing.T, c contact.ID, in keyedInput) (activity.Activity, error) {
		return h.svc.AddEmail(t.Context(), owner, c, contactkit.EmailInput{Direction: activity.DirectionOutbound,
			OccurredAt: time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC), Subject: in.Text, Key: in.Key})
	}},
	{activity.KindMeeting, func(h *harness, t *testing.T, c contact.ID, in keyedInput) (activity.Activity, error) {
		return h.svc.AddMeeting(t.Context(), owner, c, contactkit.MeetingInput{Title: in.Text,
			OccurredAt: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC), Attendees: []activity.Attendee{{User: "u-owner"}}, Key: in.Key})
	}},
}

// A call that adds an activity with a key is safe to retry: the retry
// returns the activity the first call added and writes, emits, triggers
// and enrols nothing. Other content under the key is a conflict; the same
// key on another contact is another call.
func TestAddActivityWithKeyIsSafeToRetry(t *testing.T) {
	for _, tc := range keyedCalls {
		t.Run(string(tc.kind), func(t *testing.T) {
			h := newHarness(t)
			ada := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
			bob := h.create(t, owner, contact.Patch{FirstName: new("Bob")})
			every := automation.Automation{Steps: steps(1), Active: true, Reentry: automation.ReentryAllow}
			trig, named := every, every
			trig.Name, trig.Triggers = "On notes and tasks", []automation.Trigger{
				automation.On(automation.TriggerNoteAdded), automation.On(automation.TriggerTaskCreated), automation.On(automation.TriggerTaskCompleted)}
			named.Name = "Named"
			h.automation(t, trig)
			named = h.automation(t, named)
			in := keyedInput{Key: "req-1", Text: "Pricing"}
			if tc.kind == activity.KindNote || tc.kind == activity.KindTask {
				in.Enroll = named.ID
			}
			h.takeEvents()

			first, err := tc.add(h, t, ada.ID, in)
			require.NoError(t, err)
			assert.Equal(t, tc.kind, first.Kind)
			assert.Contains(t, eventTypes(h.takeEvents()), "contactkit.ActivityAdded")
			enrolled := h.enrollments(t, contactkit.EnrollmentQuery{Contact: ada.ID})
			if in.Enroll.IsZero() {
				assert.Empty(t, enrolled)
			} else {
				assert.NotEmpty(t, enrolled, "the trigger and the named automation enrolled the contact")
			}

			h.now = h.now.Add(time.Minute)
			again, err := tc.add(h, t, ada.ID, in)
			require.NoError(t, err)
			assert.Equal(t, first, again, "the retry returns the activity the first call added")
			assert.Empty(t, h.takeEvents(), "no ActivityAdded, no Enrolled")
			assert.Equal(t, enrolled, h.enrollments(t, contactkit.EnrollmentQuery{Contact: ada.ID}), "no trigger ran, no enrolment again")
			assert.Equal(t, []activity.ID{first.ID}, h.timeline(t, ada.ID, contactkit.TimelineQuery{}))
			assert.Len(t, h.activityHistory(t, first.ID), 1, "its creation only")

			other := in
			other.Text = "Something else"
			_, err = tc.add(h, t, ada.ID, other)
			require.ErrorIs(t, err, contactkit.ErrKeyReused)
			require.ErrorIs(t, err, contactkit.ErrConflict)
			assert.Contains(t, err.Error(), "idempotency key already used for another call")
			assert.Equal(t, []activity.ID{first.ID}, h.timeline(t, ada.ID, contactkit.TimelineQuery{}))
			assert.Empty(t, h.takeEvents())

			onBob, err := tc.add(h, t, bob.ID, in)
			require.NoError(t, err)
			assert.NotEqual(t, first.ID, onBob.ID, "the key of another contact is another call")
			assert.Equal(t, []activity.ID{onBob.ID}, h.timeline(t, bob.ID, contactkit.TimelineQuery{}))
			assert.Contains(t, eventTypes(h.takeEvents()), "contactkit.ActivityAdded")

			in.Key = ""
			unkeyed, err := tc.add(h, t, ada.ID, in)
			require.NoError(t, err)
			assert.NotEqual(t, first.ID, unkeyed.ID, "without a key, each call adds")
			assert.Len(t, h.timeline(t, ada.ID, contactkit.TimelineQuery{}), 2)
		})
	}
}

// A key that added one kind of activity is refused for another kind.
func TestActivityKeyOfAnotherKindIsReused(t *testing.T) {
	h := newHarness(t)
	ada := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	for i, tc := range keyedCalls {
		in := keyedInput{Key: "req-1", Text: "Pricing"}
		_, err := tc.add(h, t, ada.ID, in)
		if i == 0 {
			require.NoError(t, err, tc.kind)
			continue
		}
		require.ErrorIs(t, err, contactkit.ErrKeyReused, tc.kind)
		require.ErrorIs(t, err, contactkit.ErrConflict, tc.kind)
	}
	assert.Len(t, h.timeline(t, ada.ID, contactkit.TimelineQuery{}), 1)
}

// A retry compares what it gives with what the first call created, not
// with the activity as edited since, and returns the activity as it is
// now: edited, completed, moved or in its trash. An activity erased since
// is forgotten, and the key adds it again.
func TestActivityKeyAfterChanges(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	ada := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob")})
	draft := contactkit.NoteInput{Body: "draft", Key: "note-1"}
	n, err := h.svc.AddNote(ctx, owner, ada.ID, draft)
	require.NoError(t, err)
	task := contactkit.TaskInput{Title: "Call back", Key: "task-1"}
	tk, err := h.svc.AddTask(ctx, owner, ada.ID, task)
	require.NoError(t, err)
	_, err = h.svc.CompleteTask(ctx, owner, tk.ID)
	require.NoError(t, err)
	retryNote := func() (activity.Activity, error) { return h.svc.AddNote(ctx, owner, ada.ID, draft) }

	for _, step := range []struct {
		name   string
		change func() (activity.Activity, error)
		retry  func() (activity.Activity, error)
	}{
		{"note edited and pinned", func() (activity.Activity, error) {
			return h.svc.UpdateActivity(ctx, owner, n.ID, contactkit.ActivityPatch{Body: new("final"), Pinned: new(true)})
		}, retryNote},
		{"task completed and moved to Bob", func() (activity.Activity, error) {
			return h.svc.MoveTask(ctx, owner, tk.ID, bob.ID)
		}, func() (activity.Activity, error) { return h.svc.AddTask(ctx, owner, ada.ID, task) }},
		{"note in its trash", func() (activity.Activity, error) {
			return h.svc.DeleteActivity(ctx, owner, n.ID)
		}, retryNote},
	} {
		h.now = h.now.Add(time.Minute)
		now, err := step.change()
		require.NoError(t, err, step.name)
		h.takeEvents()
		got, err := step.retry()
		require.NoError(t, err, step.name)
		assert.Equal(t, now, got, "%s: the retry returns the activity as it is now", step.name)
		assert.Empty(t, h.takeEvents(), step.name)
	}
	assert.Empty(t, h.timeline(t, ada.ID, contactkit.TimelineQuery{}), "the note stays in its trash, the task with Bob")
	_, err = h.svc.AddNote(ctx, owner, ada.ID, contactkit.NoteInput{Body: "final", Key: "note-1"})
	require.ErrorIs(t, err, contactkit.ErrKeyReused, "the call that added the note gave the draft")

	h.now = h.now.Add(contactkit.DefaultActivityRestoreWindow + time.Hour)
	purged, err := h.svc.PurgeActivityTrash(ctx, owner)
	require.NoError(t, err)
	require.Equal(t, 1, purged)
	h.takeEvents()
	again, err := retryNote()
	require.NoError(t, err)
	assert.Equal(t, n.ID, again.ID, "the ID the key derives")
	assert.Equal(t, "draft", again.Body)
	assert.False(t, again.Trashed())
	assert.Equal(t, []activity.ID{n.ID}, h.timeline(t, ada.ID, contactkit.TimelineQuery{}))
	assert.Equal(t, []string{"created:  -> note"}, fields(h.activityHistory(t, n.ID)), "a new history")
	assert.Equal(t, []string{"contactkit.ActivityAdded"}, eventTypes(h.takeEvents()))
}

// A retried capture with a note key adds its note once and returns it; it
// is all-or-nothing with the rest of the capture.
func TestCaptureWithNoteKeyAddsOneNote(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	in := contactkit.ContactInput{
		Patch: contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")},
		Tags:  []string{"lead"}, Note: "met at the fair", NoteKey: "form-7",
	}
	first, err := h.svc.CaptureContact(ctx, owner, in)
	require.NoError(t, err)
	require.True(t, first.Created)
	require.Equal(t, "met at the fair", first.Note.Body)
	h.takeEvents()

	h.now = h.now.Add(time.Minute)
	again, err := h.svc.CaptureContact(ctx, owner, in)
	require.NoError(t, err)
	assert.False(t, again.Created)
	assert.Equal(t, first.Note, again.Note)
	assert.Equal(t, first.Contact, again.Contact, "nothing else changed either")
	assert.Empty(t, h.takeEvents())
	assert.Equal(t, []activity.ID{first.Note.ID}, h.timeline(t, first.Contact.ID, contactkit.TimelineQuery{}))

	other := in
	other.Note, other.Tags = "another note", []string{"vip"}
	_, err = h.svc.CaptureContact(ctx, owner, other)
	require.ErrorIs(t, err, contactkit.ErrKeyReused)
	require.ErrorIs(t, err, contactkit.ErrConflict)
	got, err := h.svc.GetContact(ctx, owner, first.Contact.ID)
	require.NoError(t, err)
	assert.Equal(t, []string{"lead"}, tagStrings(got.Tags), "the capture did nothing")
	assert.Empty(t, h.takeEvents())

	other.NoteKey, other.Tags = "", nil
	res, err := h.svc.CaptureContact(ctx, owner, other)
	require.NoError(t, err)
	assert.NotEqual(t, first.Note.ID, res.Note.ID, "without a key, each capture adds its note")

	bob, err := h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Bob")}, Note: "met at the fair", NoteKey: "form-7"})
	require.NoError(t, err)
	assert.Len(t, h.timeline(t, bob.ID, contactkit.TimelineQuery{}), 1, "the key of another contact is another call")
}

// A key longer than automation.MaxKeyLength bytes, not UTF-8 or holding a
// control character is refused with the other problems of the input, and
// nothing is written.
func TestActivityKeyRefusesABadKey(t *testing.T) {
	assertKeyRefused := func(t *testing.T, err error) {
		t.Helper()
		require.ErrorIs(t, err, contactkit.ErrInvalidInput)
		require.ErrorIs(t, err, automation.ErrInvalidKey)
		require.ErrorIs(t, err, activity.ErrInvalidActivity)
		ve, ok := errors.AsType[*activity.ValidationError](err)
		require.True(t, ok, "want an *activity.ValidationError in %v", err)
		assert.Equal(t, "key", ve.Property)
		assert.Less(t, len(err.Error()), 600, "the message quotes a short prefix of the key at most")
	}
	for _, key := range []struct{ name, key string }{
		{"too long", strings.Repeat("k", automation.MaxKeyLength+1)},
		{"a megabyte", strings.Repeat("k", 1<<20)},
		{"invalid UTF-8", "key-\xff"},
		{"control character", "key\x00"},
		{"newline", "key\n1"},
	} {
		t.Run(key.name, func(t *testing.T) {
			h := newHarness(t)
			ctx := t.Context()
			ada := h.create(t, owner, contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")})
			h.takeEvents()
			for _, tc := range keyedCalls {
				_, err := tc.add(h, t, ada.ID, keyedInput{Key: key.key, Text: "Pricing"})
				assertKeyRefused(t, err)
			}
			for _, in := range []contactkit.ContactInput{
				{Patch: contact.Patch{Email: new("ada@example.com")}, Note: "met at the fair", NoteKey: key.key},
				{Patch: contact.Patch{Email: new("bob@example.com")}, Note: "met at the fair", NoteKey: key.key},
				{Patch: contact.Patch{Email: new("bob@example.com")}, NoteKey: key.key},
			} {
				_, err := h.svc.CaptureContact(ctx, owner, in)
				assertKeyRefused(t, err)
				_, err = h.svc.CreateContact(ctx, owner, in)
				assertKeyRefused(t, err)
			}
			assert.Empty(t, h.timeline(t, ada.ID, contactkit.TimelineQuery{}))
			assert.Equal(t, 1, h.count(t, owner))
			assert.Empty(t, h.takeEvents())

			// Reported with the other problems.
			_, err := h.svc.AddNote(ctx, owner, ada.ID, contactkit.NoteInput{Key: key.key})
			ve, ok := errors.AsType[*contactkit.ValidationError](err)
			require.True(t, ok, "%v", err)
			assert.Len(t, ve.Errors, 2, "the key and the empty body: %v", err)
			for _, capture := range []bool{false, true} {
				in := contactkit.ContactInput{Patch: contact.Patch{Email: new("bob@example.com"), BirthDate: new("someday")},
					Tags: []string{strings.Repeat("t", 200)}, NoteKey: key.key}
				if capture {
					_, err = h.svc.CaptureContact(ctx, owner, in)
				} else {
					_, err = h.svc.CreateContact(ctx, owner, in)
				}
				ve, ok = errors.AsType[*contactkit.ValidationError](err)
				require.True(t, ok, "%v", err)
				assert.Len(t, ve.Errors, 3, "the birth date, the tag and the key: %v", err)
			}
		})
	}

	h := newHarness(t)
	ada := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	for _, key := range []string{strings.Repeat("k", automation.MaxKeyLength), "commande-é-42"} {
		_, err := h.svc.AddNote(t.Context(), owner, ada.ID, contactkit.NoteInput{Body: "Pricing", Key: key})
		require.NoError(t, err, "a good key")
	}
}

// A retried CaptureContact, found so by its NoteKey, does not submit its
// form again: an automation on the form that takes a contact again does
// not enrol it a second time. Without a key, each capture is a submission.
func TestCaptureWithNoteKeySubmitsItsFormOnce(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	au := h.automation(t, automation.Automation{Name: "Reply", Steps: steps(1), Active: true,
		Reentry: automation.ReentryAllow, Triggers: []automation.Trigger{automation.OnFormSubmitted("contact-us")}})
	in := contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com")}, Form: "contact-us",
		Note: "Call me back", NoteKey: "submission-1"}
	enrolled := func(c contact.ID) int {
		return len(h.enrollments(t, contactkit.EnrollmentQuery{Contact: c, Automation: au.ID}))
	}
	first, err := h.svc.CaptureContact(ctx, owner, in)
	require.NoError(t, err)
	require.Equal(t, 1, enrolled(first.Contact.ID), "the submission enrols the contact")
	for _, e := range h.enrollments(t, contactkit.EnrollmentQuery{Contact: first.Contact.ID}) {
		_, err := h.svc.EndEnrollment(ctx, owner, e.ID) // done: it may enter again
		require.NoError(t, err)
	}

	_, err = h.svc.CaptureContact(ctx, owner, in)
	require.NoError(t, err)
	assert.Equal(t, 1, enrolled(first.Contact.ID), "a retry is no second submission")

	in.NoteKey = "submission-2"
	_, err = h.svc.CaptureContact(ctx, owner, in)
	require.NoError(t, err)
	assert.Equal(t, 2, enrolled(first.Contact.ID), "another submission enrols it again")
}

// CreateContact submits the form its input names, as CaptureContact
// does: an automation on the form enrols the new contact, as one on the
// note the input adds does, and an input without a form enrols none.
func TestCreateContactSubmitsItsForm(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	onForm := h.automation(t, automation.Automation{Name: "Reply", Steps: steps(1), Active: true,
		Triggers: []automation.Trigger{automation.OnFormSubmitted("contact-us")}})
	onNote := h.automation(t, automation.Automation{Name: "Read", Steps: steps(1), Active: true,
		Triggers: []automation.Trigger{automation.On(automation.TriggerNoteAdded)}})
	c, err := h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com")},
		Form: " contact-us ", Note: "Call me back"})
	require.NoError(t, err)
	got := h.enrollments(t, contactkit.EnrollmentQuery{Contact: c.ID})
	require.Len(t, got, 2, "one enrollment by the form, one by the note")
	byAutomation := map[automation.ID]automation.Enrollment{}
	for _, e := range got {
		byAutomation[e.Automation] = e
	}
	require.Contains(t, byAutomation, onForm.ID)
	require.Contains(t, byAutomation, onNote.ID)
	assert.Equal(t, automation.FormSubmitted("contact-us"), byAutomation[onForm.ID].Trigger, "trimmed")

	other, err := h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("bob@example.com")}})
	require.NoError(t, err)
	assert.Empty(t, h.enrollments(t, contactkit.EnrollmentQuery{Contact: other.ID, Automation: onForm.ID}), "no form, no submission")
}

// A NoteKey without a Note would make no capture safe to retry: it is
// refused as invalid input, and nothing is written.
func TestNoteKeyWithoutANoteIsRefused(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	in := contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com")}, Form: "contact-us", NoteKey: "submission-1"}
	_, err := h.svc.CaptureContact(ctx, owner, in)
	require.ErrorIs(t, err, contactkit.ErrInvalidInput)
	require.ErrorIs(t, err, activity.ErrInvalidActivity)
	ve, ok := errors.AsType[*activity.ValidationError](err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, "key", ve.Property)
	_, err = h.svc.CreateContact(ctx, owner, in)
	require.ErrorIs(t, err, contactkit.ErrInvalidInput)
	assert.Zero(t, h.count(t, owner))
	assert.Empty(t, h.takeEvents())
}
