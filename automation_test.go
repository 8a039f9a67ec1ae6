package contactkit_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

func steps(n int) []automation.Step {
	out := make([]automation.Step, n)
	for i := range out {
		out[i] = automation.Step{Name: fmt.Sprintf("step %d", i+1)}
	}
	return out
}

func (h *harness) automation(t *testing.T, au automation.Automation) automation.Automation {
	t.Helper()
	au, err := h.svc.CreateAutomation(t.Context(), owner, au)
	require.NoError(t, err, "CreateAutomation")
	return au
}

// enrollments returns the enrollments of contact c.
func (h *harness) enrollments(t *testing.T, q contactkit.EnrollmentQuery) []automation.Enrollment {
	t.Helper()
	return collect(t, h.svc.Enrollments(t.Context(), owner, q))
}

func TestEnrollWithIdempotencyKey(t *testing.T) {
	h := newHarness(t)
	au := h.automation(t, automation.Automation{Name: "Onboarding", Steps: steps(3), Active: true, Reentry: automation.ReentryAllow})
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	h.takeEvents()

	first, err := h.svc.Enroll(t.Context(), owner, au.ID, c.ID, "order-42")
	require.NoError(t, err)
	again, err := h.svc.Enroll(t.Context(), owner, au.ID, c.ID, "order-42")
	require.NoError(t, err)
	assert.Equal(t, first, again, "a retried enrol is a no-op")
	assert.Len(t, h.enrollments(t, contactkit.EnrollmentQuery{Contact: c.ID}), 1, "one entry: a retried enrol with the same key adds none")
	assert.Len(t, h.takeEvents(), 1, "one Enrolled event")

	other := h.create(t, owner, contact.Patch{FirstName: new("Bob")})
	_, err = h.svc.Enroll(t.Context(), owner, au.ID, other.ID, "order-42")
	assert.ErrorIs(t, err, contactkit.ErrKeyReused)

	// Re-entry is allowed by this automation: a second entry is counted.
	second, err := h.svc.Enroll(t.Context(), owner, au.ID, c.ID, "")
	require.NoError(t, err)
	assert.Equal(t, 2, second.Entry)
}

func TestReentryRefusedWhileActive(t *testing.T) {
	h := newHarness(t)
	au := h.automation(t, automation.Automation{Name: "Nurture", Steps: steps(2), Active: true}) // zero Reentry: refuse while active
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")})

	e, err := h.svc.Enroll(t.Context(), owner, au.ID, c.ID, "")
	require.NoError(t, err)
	_, err = h.svc.Enroll(t.Context(), owner, au.ID, c.ID, "")
	require.ErrorIs(t, err, automation.ErrAlreadyEnrolled)

	_, err = h.svc.EndEnrollment(t.Context(), owner, e.ID)
	require.NoError(t, err)
	again, err := h.svc.Enroll(t.Context(), owner, au.ID, c.ID, "")
	require.NoError(t, err, "re-entry after the first enrollment ended")
	assert.Equal(t, 2, again.Entry)
}

// TestEnrollRefusalsHaveACategory: every refusal of Enroll matches one of
// the Service's categories (ErrInvalidInput, ErrNotFound, ErrConflict), as
// well as the sentinel that says which refusal it is; the state of the
// contact, the automation or an enrollment that refuses it is a conflict.
// An unsubscribed contact is not refused: consent governs messages, not
// automations (the host's steps check Reachable).
func TestEnrollRefusalsHaveACategory(t *testing.T) {
	ctx := t.Context()
	type call struct {
		au  automation.ID
		c   contact.ID
		key string
	}
	must := func(_ any, err error) { require.NoError(t, err) }
	for _, tc := range []struct {
		name string
		// arrange readies the refusal, with an active automation au and a
		// contact c of h, and returns the Enroll to make.
		arrange  func(h *harness, au automation.Automation, c contact.Contact) call
		sentinel error
		category error
	}{
		{"blocked contact", func(h *harness, au automation.Automation, c contact.Contact) call {
			must(h.svc.BlockContact(ctx, owner, c.ID, "spam"))
			return call{au.ID, c.ID, ""}
		}, contactkit.ErrContactBlocked, contactkit.ErrConflict},
		{"already enrolled", func(h *harness, au automation.Automation, c contact.Contact) call {
			must(h.svc.Enroll(ctx, owner, au.ID, c.ID, ""))
			return call{au.ID, c.ID, ""}
		}, automation.ErrAlreadyEnrolled, contactkit.ErrConflict},
		{"inactive automation", func(h *harness, _ automation.Automation, c contact.Contact) call {
			return call{h.automation(t, automation.Automation{Name: "Off", Steps: steps(1)}).ID, c.ID, ""}
		}, automation.ErrInactive, contactkit.ErrConflict},
		{"key used for another contact", func(h *harness, au automation.Automation, c contact.Contact) call {
			must(h.svc.Enroll(ctx, owner, au.ID, c.ID, "k1"))
			return call{au.ID, h.create(t, owner, contact.Patch{FirstName: new("Bob")}).ID, "k1"}
		}, contactkit.ErrKeyReused, contactkit.ErrConflict},
		{"invalid key", func(_ *harness, au automation.Automation, c contact.Contact) call {
			return call{au.ID, c.ID, "k\x00"}
		}, automation.ErrInvalidKey, contactkit.ErrInvalidInput},
		{"unknown automation", func(_ *harness, _ automation.Automation, c contact.Contact) call {
			return call{automation.ID{1}, c.ID, ""}
		}, contactkit.ErrNotFound, contactkit.ErrNotFound},
		{"unknown contact", func(_ *harness, au automation.Automation, _ contact.Contact) call {
			return call{au.ID, contact.ID{1}, ""}
		}, contactkit.ErrNotFound, contactkit.ErrNotFound},
		{"unsubscribed contact (not refused)", func(h *harness, au automation.Automation, c contact.Contact) call {
			must(h.svc.Unsubscribe(ctx, owner, c.ID, list.ChannelEmail, "stop"))
			return call{au.ID, c.ID, ""}
		}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			au := h.automation(t, automation.Automation{Name: "On", Steps: steps(1), Active: true})
			c := h.create(t, owner, contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")})
			x := tc.arrange(h, au, c)
			_, err := h.svc.Enroll(ctx, owner, x.au, x.c, x.key)
			if tc.sentinel == nil {
				assert.NoError(t, err, "consent is for messages: an unsubscribed contact may enter an automation")
				return
			}
			require.ErrorIs(t, err, tc.sentinel)
			assert.ErrorIs(t, err, tc.category, "Enroll of a %s: %v", tc.name, err)
		})
	}
}

func TestPathProgressAndEnd(t *testing.T) {
	h := newHarness(t)
	au := h.automation(t, automation.Automation{Name: "Welcome", Steps: steps(4), Active: true})
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	e, err := h.svc.Enroll(t.Context(), owner, au.ID, c.ID, "")
	require.NoError(t, err)
	h.takeEvents()

	h.now = h.now.Add(time.Hour)
	e, err = h.svc.PassStep(t.Context(), owner, e.ID, automation.OutcomeCompleted)
	require.NoError(t, err)
	h.now = h.now.Add(time.Hour)
	e, err = h.svc.PassStep(t.Context(), owner, e.ID, automation.OutcomeSkipped)
	require.NoError(t, err)
	assert.Equal(t, []automation.StepResult{
		{Step: 0, Outcome: automation.OutcomeCompleted, At: h.now.Add(-time.Hour)},
		{Step: 1, Outcome: automation.OutcomeSkipped, At: h.now},
	}, e.Path)
	assert.InDelta(t, 0.5, e.Progress(), 1e-9)
	assert.Len(t, h.enrollments(t, contactkit.EnrollmentQuery{Automation: au.ID, ActiveOnly: true}), 1, "in the automation")

	e, err = h.svc.EndEnrollment(t.Context(), owner, e.ID)
	require.NoError(t, err)
	assert.Equal(t, 1.0, e.Progress(), "ended: 100 %")
	assert.Equal(t, automation.StateEnded, e.State)
	assert.Empty(t, h.enrollments(t, contactkit.EnrollmentQuery{Automation: au.ID, ActiveOnly: true}), "no longer in the automation")
	assert.Equal(t, []string{"contactkit.StepPassed", "contactkit.StepPassed", "contactkit.EnrollmentEnded"}, eventTypes(h.takeEvents()))

	_, err = h.svc.PassStep(t.Context(), owner, e.ID, automation.OutcomeCompleted)
	assert.ErrorIs(t, err, automation.ErrNotActive)
}

func TestStopEnrollments(t *testing.T) {
	h := newHarness(t)
	a1 := h.automation(t, automation.Automation{Name: "A", Steps: steps(1), Active: true})
	a2 := h.automation(t, automation.Automation{Name: "B", Steps: steps(1), Active: true})
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	for _, au := range []automation.Automation{a1, a2} {
		_, err := h.svc.Enroll(t.Context(), owner, au.ID, c.ID, "")
		require.NoError(t, err)
	}
	n, err := h.svc.StopEnrollments(t.Context(), owner, c.ID, "host request")
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	for _, e := range h.enrollments(t, contactkit.EnrollmentQuery{Contact: c.ID}) {
		assert.Equal(t, automation.StateStopped, e.State)
		assert.Equal(t, "host request", e.StopReason)
	}
	n, err = h.svc.StopEnrollments(t.Context(), owner, c.ID, "again")
	require.NoError(t, err)
	assert.Zero(t, n)
}

func TestTriggers(t *testing.T) {
	h := newHarness(t)
	news, err := h.svc.CreateList(t.Context(), owner, list.List{Name: "News"})
	require.NoError(t, err)
	autos := map[string]automation.Automation{
		"created": h.automation(t, automation.Automation{Name: "created", Steps: steps(1), Active: true, Triggers: []automation.Trigger{automation.On(automation.TriggerContactCreated)}}),
		"vip":     h.automation(t, automation.Automation{Name: "vip", Steps: steps(1), Active: true, Triggers: []automation.Trigger{automation.OnTagAdded(tag.MustParseName("VIP"))}}),
		"note":    h.automation(t, automation.Automation{Name: "note", Steps: steps(1), Active: true, Triggers: []automation.Trigger{automation.On(automation.TriggerNoteAdded)}}),
		"task":    h.automation(t, automation.Automation{Name: "task done", Steps: steps(1), Active: true, Triggers: []automation.Trigger{automation.On(automation.TriggerTaskCompleted)}}),
		"list":    h.automation(t, automation.Automation{Name: "list", Steps: steps(1), Active: true, Triggers: []automation.Trigger{automation.OnListSubscribed(news.ID.String())}}),
		"form":    h.automation(t, automation.Automation{Name: "form", Steps: steps(1), Active: true, Triggers: []automation.Trigger{automation.OnFormSubmitted("demo-request")}}),
		"off":     h.automation(t, automation.Automation{Name: "off", Steps: steps(1), Active: false, Triggers: []automation.Trigger{automation.On(automation.TriggerContactCreated)}}),
	}
	in := func(c contact.ID) []string {
		var names []string
		for _, e := range h.enrollments(t, contactkit.EnrollmentQuery{Contact: c, ActiveOnly: true}) {
			for name, au := range autos {
				if au.ID == e.Automation {
					names = append(names, name)
				}
			}
		}
		return names
	}

	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")}, "lead")
	assert.ElementsMatch(t, []string{"created"}, in(c.ID), "created; the inactive automation enrols nobody")

	_, err = h.svc.TagContact(t.Context(), owner, c.ID, "vip")
	require.NoError(t, err)
	_, err = h.svc.AddNote(t.Context(), owner, c.ID, contactkit.NoteInput{Body: "Called, interested"})
	require.NoError(t, err)
	task, err := h.svc.AddTask(t.Context(), owner, c.ID, contactkit.TaskInput{Title: "Send quote"})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"created", "vip", "note"}, in(c.ID))
	_, err = h.svc.CompleteTask(t.Context(), owner, task.ID)
	require.NoError(t, err)
	_, err = h.svc.AddToList(t.Context(), owner, news.ID, c.ID)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"created", "vip", "note", "task", "list"}, in(c.ID))

	res, err := h.svc.CaptureContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("new@example.com")}, Form: "demo-request"})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"created", "form"}, in(res.Contact.ID))

	// Tagging a blocked contact enrols nobody.
	b := h.create(t, owner, contact.Patch{FirstName: new("Blocked")})
	_, err = h.svc.BlockContact(t.Context(), owner, b.ID, "spam")
	require.NoError(t, err)
	_, err = h.svc.TagContact(t.Context(), owner, b.ID, "VIP")
	require.NoError(t, err)
	assert.Empty(t, in(b.ID))
}

func TestNoteAndTaskEnrolByName(t *testing.T) {
	h := newHarness(t)
	au := h.automation(t, automation.Automation{Name: "Follow-up", Steps: steps(2), Active: true})
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")})

	task, err := h.svc.AddTask(t.Context(), owner, c.ID, contactkit.TaskInput{Title: "Demo", Enroll: au.ID})
	require.NoError(t, err)
	assert.Empty(t, h.enrollments(t, contactkit.EnrollmentQuery{Contact: c.ID}), "a task enrols when completed")
	_, err = h.svc.CompleteTask(t.Context(), owner, task.ID)
	require.NoError(t, err)
	assert.Len(t, h.enrollments(t, contactkit.EnrollmentQuery{Contact: c.ID}), 1)

	_, err = h.svc.AddNote(t.Context(), owner, c.ID, contactkit.NoteInput{Body: "Again", Enroll: au.ID})
	require.NoError(t, err, "already active: left as it is")
	assert.Len(t, h.enrollments(t, contactkit.EnrollmentQuery{Contact: c.ID}), 1)
}

func TestFailedTransactionEnrollsNobody(t *testing.T) {
	mem := newHarness(t)
	au := mem.automation(t, automation.Automation{Name: "vip", Steps: steps(1), Active: true, Triggers: []automation.Trigger{automation.OnTagAdded(tag.MustParseName("vip"))}})
	c := mem.create(t, owner, contact.Patch{FirstName: new("Ada")})

	bad := newHarnessOn(t, failingStore{mem.store})
	_, err := bad.svc.TagContact(t.Context(), owner, c.ID, "vip")
	require.ErrorIs(t, err, errInjected)
	_, err = bad.svc.Enroll(t.Context(), owner, au.ID, c.ID, "key-1")
	require.ErrorIs(t, err, errInjected)
	assert.Empty(t, bad.takeEvents())
	assert.Empty(t, mem.enrollments(t, contactkit.EnrollmentQuery{}), "nobody enrolled")

	// The key of the failed enrol is free.
	_, err = mem.svc.Enroll(t.Context(), owner, au.ID, c.ID, "key-1")
	require.NoError(t, err)
}

func TestTimeline(t *testing.T) {
	h := newHarness(t)
	ada := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob")})
	add := func(c contact.ID, in any, by contactkit.Actor) activity.Activity {
		t.Helper()
		h.now = h.now.Add(time.Minute)
		var (
			a   activity.Activity
			err error
		)
		switch in := in.(type) {
		case contactkit.NoteInput:
			a, err = h.svc.AddNote(t.Context(), by, c, in)
		case contactkit.TaskInput:
			a, err = h.svc.AddTask(t.Context(), by, c, in)
		}
		require.NoError(t, err)
		return a
	}
	n1 := add(ada.ID, contactkit.NoteInput{Body: "First call"}, owner)
	pinned := add(ada.ID, contactkit.NoteInput{Body: "Prefers email", Pinned: true}, owner)
	t1 := add(ada.ID, contactkit.TaskInput{Title: "Send proposal", Description: "Include the pricing appendix", Task: activity.Task{Type: activity.TaskEmail}}, agent)
	n2 := add(ada.ID, contactkit.NoteInput{Body: "Second call"}, agent)
	add(bob.ID, contactkit.NoteInput{Body: "Pricing questions from Bob"}, owner)

	ids := func(q contactkit.TimelineQuery) []activity.ID {
		var out []activity.ID
		for a, err := range h.svc.Timeline(t.Context(), owner, ada.ID, q) {
			require.NoError(t, err)
			out = append(out, a.ID)
		}
		return out
	}
	assert.Equal(t, []activity.ID{pinned.ID, n2.ID, t1.ID, n1.ID}, ids(contactkit.TimelineQuery{}), "pinned on top, then newest first")
	assert.Equal(t, []activity.ID{t1.ID}, ids(contactkit.TimelineQuery{Kinds: []activity.Kind{activity.KindTask}}))
	assert.Equal(t, []activity.ID{n2.ID, t1.ID}, ids(contactkit.TimelineQuery{Author: "u-agent"}))
	assert.Equal(t, []activity.ID{t1.ID}, ids(contactkit.TimelineQuery{Text: "PRICING"}), "found in the task's description, not in Bob's note")
	assert.Equal(t, []activity.ID{n2.ID, n1.ID}, ids(contactkit.TimelineQuery{Text: "call"}))

	// Pages of one visit everything once, in order.
	var paged []activity.ID
	for p := (store.PageRequest{Limit: 1}); ; {
		page, err := h.svc.ListTimeline(t.Context(), owner, ada.ID, contactkit.TimelineQuery{}, p)
		require.NoError(t, err)
		for _, a := range page.Items {
			paged = append(paged, a.ID)
		}
		if page.Next == "" {
			break
		}
		p.Cursor = page.Next
	}
	assert.Equal(t, ids(contactkit.TimelineQuery{}), paged)

	// Unpinning moves a note back to its place.
	_, err := h.svc.UpdateActivity(t.Context(), owner, pinned.ID, contactkit.ActivityPatch{Pinned: new(false)})
	require.NoError(t, err)
	assert.Equal(t, []activity.ID{n2.ID, t1.ID, pinned.ID, n1.ID}, ids(contactkit.TimelineQuery{}))

	_, err = h.svc.ListTimeline(t.Context(), other, ada.ID, contactkit.TimelineQuery{}, store.PageRequest{})
	assert.ErrorIs(t, err, contactkit.ErrNotFound)
	_, err = h.svc.AddNote(t.Context(), owner, ada.ID, contactkit.NoteInput{Body: "   "})
	assert.ErrorIs(t, err, contactkit.ErrInvalidInput)
}

func TestTasks(t *testing.T) {
	h := newHarness(t)
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	due := h.now.Add(24 * time.Hour)
	task, err := h.svc.AddTask(t.Context(), owner, c.ID, contactkit.TaskInput{
		Title: "Call back",
		Task:  activity.Task{Type: activity.TaskCall, Due: due, Duration: 15 * time.Minute, Assignee: "u-agent", Reminder: due.Add(-time.Hour)},
	})
	require.NoError(t, err)
	assert.False(t, task.Task.Completed)
	h.takeEvents()

	done, err := h.svc.CompleteTask(t.Context(), owner, task.ID)
	require.NoError(t, err)
	assert.True(t, done.Task.Completed)
	assert.Equal(t, h.now, done.Task.CompletedAt)
	events := h.takeEvents()
	require.Len(t, events, 1)
	upd, ok := events[0].(contactkit.ActivityUpdated)
	require.True(t, ok)
	assert.True(t, upd.Completed)

	again, err := h.svc.CompleteTask(t.Context(), owner, task.ID)
	require.NoError(t, err)
	assert.Equal(t, done.Version, again.Version, "completing a completed task changes nothing")

	reopened, err := h.svc.ReopenTask(t.Context(), owner, task.ID)
	require.NoError(t, err)
	assert.False(t, reopened.Task.Completed)
	_, err = h.svc.UpdateActivity(t.Context(), owner, task.ID, contactkit.ActivityPatch{Title: new("Call back now"), IfVersion: task.Version})
	assert.ErrorIs(t, err, contactkit.ErrConflict, "edited against the version before completion")
	renamed, err := h.svc.UpdateActivity(t.Context(), owner, task.ID, contactkit.ActivityPatch{Title: new("Call back now"), IfVersion: reopened.Version})
	require.NoError(t, err)
	assert.Equal(t, "Call back now", renamed.Title)
	same, err := h.svc.UpdateActivity(t.Context(), owner, task.ID, contactkit.ActivityPatch{Title: new("Call back now")})
	require.NoError(t, err)
	assert.Equal(t, renamed.Version, same.Version, "an update that changes nothing writes nothing")

	note, err := h.svc.AddNote(t.Context(), owner, c.ID, contactkit.NoteInput{Body: "x"})
	require.NoError(t, err)
	_, err = h.svc.CompleteTask(t.Context(), owner, note.ID)
	assert.ErrorIs(t, err, activity.ErrNotATask)

	_, err = h.svc.AddTask(t.Context(), owner, c.ID, contactkit.TaskInput{Title: "Bad", Task: activity.Task{Due: due, Reminder: due.Add(time.Hour)}})
	assert.ErrorIs(t, err, activity.ErrInvalidActivity, "a reminder after the due time")
}

func TestOneCallEnrolsOnce(t *testing.T) {
	h := newHarness(t)
	au := h.automation(t, automation.Automation{Name: "Any", Steps: steps(1), Active: true, Reentry: automation.ReentryAllow,
		Triggers: []automation.Trigger{automation.On(automation.TriggerContactCreated), automation.On(automation.TriggerTagAdded), automation.OnFormSubmitted("f")}})
	res, err := h.svc.CaptureContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("a@example.com")}, Tags: []string{"a, b"}, Form: "f"})
	require.NoError(t, err)
	assert.Len(t, h.enrollments(t, contactkit.EnrollmentQuery{Contact: res.Contact.ID, Automation: au.ID}), 1,
		"created, two tags and a form in one call: one enrolment")
}

func TestNoteAndTaskEnrolmentsAreLenient(t *testing.T) {
	h := newHarness(t)
	au := h.automation(t, automation.Automation{Name: "Follow-up", Steps: steps(1), Active: true})
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	task, err := h.svc.AddTask(t.Context(), owner, c.ID, contactkit.TaskInput{Title: "Call", Enroll: au.ID})
	require.NoError(t, err)

	au.Active = false
	_, err = h.svc.UpdateAutomation(t.Context(), owner, au)
	require.NoError(t, err)
	_, err = h.svc.CompleteTask(t.Context(), owner, task.ID)
	require.NoError(t, err, "a task naming an automation made inactive since can still be completed")
	assert.Empty(t, h.enrollments(t, contactkit.EnrollmentQuery{Contact: c.ID}))

	_, err = h.svc.AddNote(t.Context(), owner, c.ID, contactkit.NoteInput{Body: "x", Enroll: automation.MustParseID("01900000-0000-7000-8000-000000000abc")})
	require.ErrorIs(t, err, contactkit.ErrUnknownAutomation)
	require.ErrorIs(t, err, contactkit.ErrInvalidInput)
}

func TestEnrollmentErrorsAreTyped(t *testing.T) {
	h := newHarness(t)
	au := h.automation(t, automation.Automation{Name: "A", Steps: steps(1), Active: true})
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	other := h.create(t, owner, contact.Patch{FirstName: new("Bob")})
	e, err := h.svc.Enroll(t.Context(), owner, au.ID, c.ID, "k")
	require.NoError(t, err)

	_, err = h.svc.PassStep(t.Context(), owner, e.ID, "bogus")
	assert.ErrorIs(t, err, contactkit.ErrInvalidInput)
	assert.ErrorIs(t, err, automation.ErrInvalidOutcome)
	_, err = h.svc.Enroll(t.Context(), owner, au.ID, other.ID, "k")
	assert.ErrorIs(t, err, contactkit.ErrConflict)
	assert.ErrorIs(t, err, contactkit.ErrKeyReused)
	_, err = h.svc.StopEnrollments(t.Context(), owner, other.ID, "  ")
	assert.ErrorIs(t, err, automation.ErrReasonRequired, "even with nothing to stop")
	_, err = h.svc.EndEnrollment(t.Context(), owner, e.ID)
	require.NoError(t, err)
	_, err = h.svc.PassStep(t.Context(), owner, e.ID, automation.OutcomeCompleted)
	assert.ErrorIs(t, err, contactkit.ErrConflict, "the enrollment's state refuses it")
	assert.ErrorIs(t, err, automation.ErrNotActive)
}

func TestCatalogs(t *testing.T) {
	h := newHarness(t)
	au := h.automation(t, automation.Automation{Name: "A", Steps: steps(1), Active: true})
	got, err := h.svc.GetAutomation(t.Context(), agent, au.ID)
	require.NoError(t, err)
	assert.Equal(t, au, got)
	_, err = h.svc.GetAutomation(t.Context(), other, au.ID)
	assert.ErrorIs(t, err, contactkit.ErrNotFound)
	var names []string
	for a, err := range h.svc.Automations(t.Context(), owner) {
		require.NoError(t, err)
		names = append(names, a.Name)
	}
	assert.Equal(t, []string{"A"}, names)

	l, err := h.svc.CreateList(t.Context(), owner, list.List{Name: "News", Version: 7})
	require.NoError(t, err)
	assert.Equal(t, int64(1), l.Version, "the call sets the version")
	l.Name = "  Weekly   news "
	l, err = h.svc.UpdateList(t.Context(), owner, l)
	require.NoError(t, err)
	assert.Equal(t, "Weekly news", l.Name)
	_, err = h.svc.UpdateList(t.Context(), agent, l)
	assert.ErrorIs(t, err, contactkit.ErrPermission)
	stale := l
	stale.Version = 1
	_, err = h.svc.UpdateList(t.Context(), owner, stale)
	assert.ErrorIs(t, err, contactkit.ErrConflict)
	got2, err := h.svc.GetList(t.Context(), agent, l.ID)
	require.NoError(t, err)
	assert.Equal(t, l, got2)
	var lists []string
	for l, err := range h.svc.Lists(t.Context(), owner) {
		require.NoError(t, err)
		lists = append(lists, l.Name)
	}
	assert.Equal(t, []string{"Weekly news"}, lists)
	for _, err := range h.svc.Lists(t.Context(), contactkit.Actor{}) {
		assert.ErrorIs(t, err, contactkit.ErrInvalidActor)
	}

	h.takeEvents()
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	for _, e := range h.takeEvents() {
		m := e.Meta()
		assert.Equal(t, contact.WorkspaceID("ws-1"), m.Workspace)
		assert.Equal(t, c.ID, m.Contact)
		assert.Equal(t, contact.UserID("u-owner"), m.Actor)
		assert.Equal(t, h.now, m.At)
	}
}
