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

// PassStepAt checks the actor before its input, as every call does: an
// invalid actor with a negative step is refused as an invalid actor.
func TestRv22autoPassStepAtChecksTheActorFirst(t *testing.T) {
	h, e := rv22autoEnrolled(t)
	for _, step := range []int{-1, -7, 0, 5} {
		_, err := h.svc.PassStepAt(t.Context(), contactkit.Actor{}, e.ID, step, automation.OutcomeCompleted)
		assert.ErrorIs(t, err, contactkit.ErrInvalidActor, "step %d", step)
		assert.NotErrorIs(t, err, contactkit.ErrInvalidInput, "step %d: the actor is refused, not the input", step)
	}
	_, err := h.svc.PassStepAt(t.Context(), owner, e.ID, -1, automation.OutcomeCompleted)
	assert.ErrorIs(t, err, contactkit.ErrInvalidInput, "a valid actor's negative step")
	got, err := h.svc.GetEnrollment(t.Context(), owner, e.ID)
	require.NoError(t, err)
	assert.Empty(t, got.Path, "nothing passed")
}
