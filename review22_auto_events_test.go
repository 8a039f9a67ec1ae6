package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
)

// rv22autoEventEnrollment returns the enrollment of the one enrollment
// event among events, of the type E.
func rv22autoEventEnrollment[E contactkit.Event](t *testing.T, events []contactkit.Event, of func(E) automation.Enrollment) automation.Enrollment {
	t.Helper()
	got := eventsOfType[E](events)
	require.Len(t, got, 1, "one %T", *new(E))
	return of(got[0])
}

// Every enrollment event holds the enrollment as the call stored it, its
// version included, as the call returns it and GetEnrollment reads it
// back: a host that keeps enrollments by their events holds what the store
// holds.
func TestRv22autoEnrollmentEventsHoldTheStoredEnrollment(t *testing.T) {
	ctx := t.Context()
	h := newHarness(t)
	au := h.automation(t, automation.Automation{Name: "Onboarding", Steps: steps(3), Active: true})
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	h.takeEvents()
	stored := func(id automation.EnrollmentID) automation.Enrollment {
		t.Helper()
		e, err := h.svc.GetEnrollment(ctx, owner, id)
		require.NoError(t, err)
		return e
	}

	e, err := h.svc.Enroll(ctx, owner, au.ID, c.ID, "")
	require.NoError(t, err)
	got := rv22autoEventEnrollment(t, h.takeEvents(), func(ev contactkit.Enrolled) automation.Enrollment { return ev.Enrollment })
	assert.Equal(t, e, got, "Enrolled holds what Enroll returns")
	assert.Equal(t, stored(e.ID), got, "Enrolled holds the stored enrollment")

	e, err = h.svc.PassStep(ctx, owner, e.ID, automation.OutcomeCompleted)
	require.NoError(t, err)
	got = rv22autoEventEnrollment(t, h.takeEvents(), func(ev contactkit.StepPassed) automation.Enrollment { return ev.Enrollment })
	assert.Equal(t, e, got, "StepPassed of PassStep holds what PassStep returns")
	assert.Equal(t, stored(e.ID), got, "StepPassed of PassStep holds the stored enrollment")

	e, err = h.svc.PassStepAt(ctx, owner, e.ID, 1, automation.OutcomeSkipped)
	require.NoError(t, err)
	events := h.takeEvents()
	got = rv22autoEventEnrollment(t, events, func(ev contactkit.StepPassed) automation.Enrollment { return ev.Enrollment })
	assert.Equal(t, e, got, "StepPassed of PassStepAt holds what PassStepAt returns")
	assert.Equal(t, stored(e.ID), got, "StepPassed of PassStepAt holds the stored enrollment")
	assert.Equal(t, automation.StepResult{Step: 1, Outcome: automation.OutcomeSkipped, At: h.now}, eventsOfType[contactkit.StepPassed](events)[0].Step)

	e, err = h.svc.EndEnrollment(ctx, owner, e.ID)
	require.NoError(t, err)
	got = rv22autoEventEnrollment(t, h.takeEvents(), func(ev contactkit.EnrollmentEnded) automation.Enrollment { return ev.Enrollment })
	assert.Equal(t, e, got, "EnrollmentEnded holds what EndEnrollment returns")
	assert.Equal(t, stored(e.ID), got, "EnrollmentEnded holds the stored enrollment")

	again, err := h.svc.Enroll(ctx, owner, au.ID, c.ID, "")
	require.NoError(t, err)
	h.takeEvents()
	_, err = h.svc.StopEnrollments(ctx, owner, c.ID, "paused")
	require.NoError(t, err)
	got = rv22autoEventEnrollment(t, h.takeEvents(), func(ev contactkit.EnrollmentStopped) automation.Enrollment { return ev.Enrollment })
	assert.Equal(t, stored(again.ID), got, "EnrollmentStopped holds the stored enrollment")
}
