package contactkit_test

// Kept (pass): the rules of DESIGN.md §2 in scope of this pass, each
// through the public API as its text says it.

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
)

// A3: progress is the share of steps passed, completed or skipped alike;
// ending marks it 100 % and the contact leaves the automation. A4:
// deleting or blocking stops every active enrollment, several in one
// automation included.
func TestAcc11EnrollmentProgressAndStops(t *testing.T) {
	e := acc11New(t, nil)
	ctx := t.Context()
	au := e.automation(t, 3)
	au.Reentry = automation.ReentryAllow
	au, err := e.svc.UpdateAutomation(ctx, acc11Owner, au)
	require.NoError(t, err)
	other := e.automation(t, 1)
	ann := e.create(t, contact.Patch{FirstName: new("Ann")})
	en, err := e.svc.Enroll(ctx, acc11Owner, au.ID, ann.ID, "")
	require.NoError(t, err)
	require.Equal(t, automation.StateActive, en.State, "enrolling starts at once")
	require.Equal(t, 1, en.Entry)
	en, err = e.svc.PassStep(ctx, acc11Owner, en.ID, automation.OutcomeCompleted)
	require.NoError(t, err)
	en, err = e.svc.PassStep(ctx, acc11Owner, en.ID, automation.OutcomeSkipped)
	require.NoError(t, err)
	require.InDelta(t, 2.0/3, en.Progress(), 1e-9)
	require.Equal(t, []automation.Outcome{automation.OutcomeCompleted, automation.OutcomeSkipped}, []automation.Outcome{en.Path[0].Outcome, en.Path[1].Outcome})
	require.False(t, en.Path[1].At.IsZero())
	en, err = e.svc.EndEnrollment(ctx, acc11Owner, en.ID)
	require.NoError(t, err)
	require.Equal(t, 1.0, en.Progress())
	in := func(id automation.ID) int {
		n := 0
		for _, err := range e.svc.Enrollments(ctx, acc11Owner, contactkit.EnrollmentQuery{Automation: id, ActiveOnly: true}) {
			require.NoError(t, err)
			n++
		}
		return n
	}
	require.Zero(t, in(au.ID), "the contact left the automation")

	for _, how := range []string{"delete", "block"} {
		c := e.create(t, contact.Patch{FirstName: new(how)})
		for range 2 {
			_, err := e.svc.Enroll(ctx, acc11Owner, au.ID, c.ID, "")
			require.NoError(t, err)
		}
		second, err := e.svc.Enroll(ctx, acc11Owner, au.ID, c.ID, "")
		require.NoError(t, err)
		require.Equal(t, 3, second.Entry, "entries are counted")
		_, err = e.svc.Enroll(ctx, acc11Owner, other.ID, c.ID, "")
		require.NoError(t, err)
		if how == "delete" {
			_, err = e.svc.DeleteContact(ctx, acc11Owner, c.ID)
		} else {
			_, err = e.svc.BlockContact(ctx, acc11Owner, c.ID, "spam")
		}
		require.NoError(t, err)
		for en, err := range e.svc.Enrollments(ctx, acc11Owner, contactkit.EnrollmentQuery{Contact: c.ID}) {
			require.NoError(t, err)
			require.Equal(t, automation.StateStopped, en.State, "%s stops every active enrollment", how)
		}
	}
}

// D2: restore within the window (60 days by default); past it, refused.
// Automations are not restarted.
func TestAcc11RestoreWindowBoundary(t *testing.T) {
	e := acc11New(t, nil)
	ctx := t.Context()
	au := e.automation(t, 1)
	ann := e.create(t, contact.Patch{FirstName: new("Ann")})
	bob := e.create(t, contact.Patch{FirstName: new("Bob")})
	_, err := e.svc.Enroll(ctx, acc11Owner, au.ID, ann.ID, "")
	require.NoError(t, err)
	_, err = e.svc.DeleteContact(ctx, acc11Owner, ann.ID)
	require.NoError(t, err)
	_, err = e.svc.DeleteContact(ctx, acc11Owner, bob.ID)
	require.NoError(t, err)
	e.jump(contactkit.DefaultRestoreWindow - time.Minute)
	_, err = e.svc.RestoreContact(ctx, acc11Owner, ann.ID)
	require.NoError(t, err, "a minute within the window")
	for en, err := range e.svc.Enrollments(ctx, acc11Owner, contactkit.EnrollmentQuery{Contact: ann.ID}) {
		require.NoError(t, err)
		require.Equal(t, automation.StateStopped, en.State, "not restarted")
	}
	e.jump(2 * time.Minute)
	_, err = e.svc.RestoreContact(ctx, acc11Owner, bob.ID)
	require.ErrorIs(t, err, contactkit.ErrRestoreWindow)
}

// H1: the timeline lists newest first with pinned ones on top, filters by
// type and author together, and searches task titles and descriptions and
// note bodies, case and accents aside.
func TestAcc11TimelineFiltersTogether(t *testing.T) {
	e := acc11New(t, nil)
	ctx := t.Context()
	ann := e.create(t, contact.Patch{FirstName: new("Ann")})
	add := func(a contactkit.Actor, note string, task string, pinned bool) activity.ID {
		if note != "" {
			n, err := e.svc.AddNote(ctx, a, ann.ID, contactkit.NoteInput{Body: note, Pinned: pinned})
			require.NoError(t, err)
			return n.ID
		}
		n, err := e.svc.AddTask(ctx, a, ann.ID, contactkit.TaskInput{Title: task, Description: "Appeler à propos du Café", Pinned: pinned})
		require.NoError(t, err)
		return n.ID
	}
	n1 := add(acc11Owner, "first note", "", false)
	t1 := add(acc11Agent, "", "Call Ann", false)
	n2 := add(acc11Agent, "Pinned note about the CAFÉ", "", true)
	t2 := add(acc11Owner, "", "Send quote", true)
	n3 := add(acc11Agent, "last note", "", false)
	list := func(q contactkit.TimelineQuery) []activity.ID {
		var out []activity.ID
		for act, err := range e.svc.Timeline(ctx, acc11Owner, ann.ID, q) {
			require.NoError(t, err)
			out = append(out, act.ID)
		}
		return out
	}
	require.Equal(t, []activity.ID{t2, n2, n3, t1, n1}, list(contactkit.TimelineQuery{}))
	require.Equal(t, []activity.ID{n2, n3}, list(contactkit.TimelineQuery{Kinds: []activity.Kind{activity.KindNote}, Author: acc11Agent.User}))
	require.Equal(t, []activity.ID{t2, n2, t1}, list(contactkit.TimelineQuery{Text: "cafe"}))
	require.Equal(t, []activity.ID{t1}, list(contactkit.TimelineQuery{Text: "call ann"}))
}
