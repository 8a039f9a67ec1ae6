package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
)

// rv22autoEnrolled returns a harness and an active enrollment into an
// automation of two steps.
func rv22autoEnrolled(t *testing.T) (*harness, automation.Enrollment) {
	t.Helper()
	h := newHarness(t)
	au := h.automation(t, automation.Automation{Name: "Onboarding", Steps: steps(2), Active: true})
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	e, err := h.svc.Enroll(t.Context(), owner, au.ID, c.ID, "")
	require.NoError(t, err, "Enroll")
	return h, e
}

// An outcome that is neither completed nor skipped is invalid input, as
// PassStepAt documents, whatever the state of the enrollment and whatever
// step is named: it is not taken for a conflict of an ended or stopped
// enrollment, nor of a step that is not the next.
func TestRv22autoInvalidOutcomeIsInvalidInputInEveryState(t *testing.T) {
	ctx := t.Context()
	h, active := rv22autoEnrolled(t)
	au, err := h.svc.GetAutomation(ctx, owner, active.Automation)
	require.NoError(t, err)
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob")})
	ended, err := h.svc.Enroll(ctx, owner, au.ID, bob.ID, "")
	require.NoError(t, err)
	_, err = h.svc.PassStep(ctx, owner, ended.ID, automation.OutcomeCompleted)
	require.NoError(t, err)
	_, err = h.svc.EndEnrollment(ctx, owner, ended.ID)
	require.NoError(t, err)
	cat := h.create(t, owner, contact.Patch{FirstName: new("Cat")})
	stopped, err := h.svc.Enroll(ctx, owner, au.ID, cat.ID, "")
	require.NoError(t, err)
	_, err = h.svc.StopEnrollments(ctx, owner, cat.ID, "paused")
	require.NoError(t, err)
	h.takeEvents()

	for name, id := range map[string]automation.EnrollmentID{"active": active.ID, "ended": ended.ID, "stopped": stopped.ID} {
		for _, o := range []automation.Outcome{"", "maybe", "Completed"} {
			_, err := h.svc.PassStep(ctx, owner, id, o)
			assert.ErrorIs(t, err, contactkit.ErrInvalidInput, "PassStep of the %s enrollment with %q", name, o)
			assert.ErrorIs(t, err, automation.ErrInvalidOutcome, "PassStep of the %s enrollment with %q", name, o)
			assert.NotErrorIs(t, err, contactkit.ErrConflict, "PassStep of the %s enrollment with %q", name, o)
			for _, step := range []int{0, 1} {
				_, err := h.svc.PassStepAt(ctx, owner, id, step, o)
				assert.ErrorIs(t, err, contactkit.ErrInvalidInput, "PassStepAt %d of the %s enrollment with %q", step, name, o)
				assert.ErrorIs(t, err, automation.ErrInvalidOutcome, "PassStepAt %d of the %s enrollment with %q", step, name, o)
				assert.NotErrorIs(t, err, contactkit.ErrConflict, "PassStepAt %d of the %s enrollment with %q", step, name, o)
			}
		}
	}
	_, err = h.svc.PassStep(ctx, contactkit.Actor{}, active.ID, "maybe")
	assert.ErrorIs(t, err, contactkit.ErrInvalidActor, "the actor is checked before the outcome")
	assert.Empty(t, h.takeEvents(), "nothing passed")
	for _, id := range []automation.EnrollmentID{active.ID, ended.ID, stopped.ID} {
		got, err := h.svc.GetEnrollment(ctx, owner, id)
		require.NoError(t, err)
		assert.LessOrEqual(t, len(got.Path), 1, "nothing passed")
	}
}
