package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
)

// A retried EndEnrollment (a timeout, the call had succeeded) returns the
// enrollment as the first call left it, as a retried CompleteTask or
// BlockContact does; PassStepAt names the step it passes, so that a retry
// of it is a no-op, and refuses any other step than the next.
func TestEnrollmentCallsAreSafeToRetry(t *testing.T) {
	e := acc11New(t, nil)
	ctx := t.Context()
	au := e.automation(t, 3)
	c := e.create(t, contact.Patch{FirstName: new("Ann")})
	en, err := e.svc.Enroll(ctx, acc11Owner, au.ID, c.ID, "")
	require.NoError(t, err)
	e.take()

	first, err := e.svc.PassStepAt(ctx, acc11Owner, en.ID, 0, automation.OutcomeCompleted)
	require.NoError(t, err)
	require.Len(t, first.Path, 1)
	assert.Len(t, e.take(), 1, "one StepPassed")
	again, err := e.svc.PassStepAt(ctx, acc11Owner, en.ID, 0, automation.OutcomeCompleted)
	require.NoError(t, err, "a retried PassStepAt is a no-op")
	assert.Equal(t, first, again)
	assert.Empty(t, e.take(), "a retry emits nothing")

	for _, tc := range []struct {
		step int
		o    automation.Outcome
		want error
	}{
		{0, automation.OutcomeSkipped, contactkit.ErrConflict},   // passed with another outcome
		{2, automation.OutcomeCompleted, contactkit.ErrConflict}, // not the next
		{3, automation.OutcomeCompleted, contactkit.ErrInvalidInput},
		{-1, automation.OutcomeCompleted, contactkit.ErrInvalidInput},
		{1, automation.Outcome("maybe"), contactkit.ErrInvalidInput},
	} {
		_, err := e.svc.PassStepAt(ctx, acc11Owner, en.ID, tc.step, tc.o)
		assert.ErrorIs(t, err, tc.want, "step %d, %q", tc.step, tc.o)
	}
	cur, err := e.svc.PassStepAt(ctx, acc11Owner, en.ID, 1, automation.OutcomeSkipped)
	require.NoError(t, err)
	assert.Len(t, cur.Path, 2)
	e.take()

	ended, err := e.svc.EndEnrollment(ctx, acc11Owner, en.ID)
	require.NoError(t, err)
	assert.Equal(t, automation.StateEnded, ended.State)
	assert.Len(t, e.take(), 1, "one EnrollmentEnded")
	again, err = e.svc.EndEnrollment(ctx, acc11Owner, en.ID)
	require.NoError(t, err, "a retried EndEnrollment is a no-op")
	assert.Equal(t, ended, again)
	assert.Empty(t, e.take(), "a retry emits nothing")

	// A step passed before the end is still a retry; none is left to pass.
	_, err = e.svc.PassStepAt(ctx, acc11Owner, en.ID, 1, automation.OutcomeSkipped)
	assert.NoError(t, err)
	_, err = e.svc.PassStepAt(ctx, acc11Owner, en.ID, 2, automation.OutcomeSkipped)
	assert.ErrorIs(t, err, automation.ErrNotActive)

	// A stopped enrollment is not ended by a retry of EndEnrollment.
	c2 := e.create(t, contact.Patch{FirstName: new("Bob")})
	en2, err := e.svc.Enroll(ctx, acc11Owner, au.ID, c2.ID, "")
	require.NoError(t, err)
	_, err = e.svc.StopEnrollments(ctx, acc11Owner, c2.ID, "paused")
	require.NoError(t, err)
	_, err = e.svc.EndEnrollment(ctx, acc11Owner, en2.ID)
	assert.ErrorIs(t, err, automation.ErrNotActive)
}
