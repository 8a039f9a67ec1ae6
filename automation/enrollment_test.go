package automation_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
)

var (
	contactID = contact.MustParseID("0190a000-0000-7000-8000-0000000000aa")
	otherID   = contact.MustParseID("0190a000-0000-7000-8000-0000000000bb")
	t0        = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
)

func enrollmentID(n int) automation.EnrollmentID {
	return automation.MustParseEnrollmentID(fmt.Sprintf("0190a000-0000-7000-8000-%012x", 0xe00+n))
}

// enrolled returns a fresh active enrollment of contactID into validAutomation.
func enrolled(t *testing.T) automation.Enrollment {
	t.Helper()
	a := validAutomation()
	e, err := automation.Enroll(&a, contactID, enrollmentID(1), nil, "key-1", t0)
	require.NoError(t, err)
	return e
}

func withState(e automation.Enrollment, s automation.State) automation.Enrollment {
	e.State = s
	return e
}

func TestEnroll(t *testing.T) {
	a := validAutomation()
	e, err := automation.Enroll(&a, contactID, enrollmentID(1), nil, "key-1", t0)
	require.NoError(t, err)
	assert.Equal(t, automation.Enrollment{
		ID:             enrollmentID(1),
		Automation:     a.ID,
		Contact:        contactID,
		Entry:          1,
		Steps:          3,
		State:          automation.StateActive,
		StartedAt:      t0,
		IdempotencyKey: "key-1",
	}, e)
	assert.True(t, e.Active())
	assert.Zero(t, e.Progress())
	next, ok := e.Next()
	assert.True(t, ok)
	assert.Equal(t, 0, next)
}

func TestEnrollRules(t *testing.T) {
	active := enrolled(t)
	ended := withState(enrolled(t), automation.StateEnded)
	stopped := withState(enrolled(t), automation.StateStopped)
	foreign := enrolled(t)
	foreign.Contact = otherID
	otherAutomation := enrolled(t)
	otherAutomation.Automation = automation.MustParseID(listID)

	tests := []struct {
		name      string
		edit      func(a *automation.Automation)
		nilA      bool
		zeroC     bool // enrol the zero contact ID
		zeroID    bool // with the zero enrollment ID
		previous  []automation.Enrollment
		wantErr   error
		wantEntry int
	}{
		{name: "first entry", wantEntry: 1},
		{name: "after an ended one", previous: []automation.Enrollment{ended}, wantEntry: 2},
		{name: "after ended and stopped", previous: []automation.Enrollment{ended, stopped}, wantEntry: 3},
		{name: "refused while active (zero reentry)", previous: []automation.Enrollment{ended, active}, wantErr: automation.ErrAlreadyEnrolled},
		{name: "refused while active (explicit)", edit: func(a *automation.Automation) { a.Reentry = automation.ReentryRefuseWhileActive },
			previous: []automation.Enrollment{active}, wantErr: automation.ErrAlreadyEnrolled},
		{name: "reentry allowed while active", edit: func(a *automation.Automation) { a.Reentry = automation.ReentryAllow },
			previous: []automation.Enrollment{active, active}, wantEntry: 3},
		{name: "inactive automation", edit: func(a *automation.Automation) { a.Active = false }, wantErr: automation.ErrInactive},
		{name: "inactive automation, manual trigger", edit: func(a *automation.Automation) {
			a.Active = false
			a.Triggers = []automation.Trigger{automation.On(automation.TriggerManual)}
		}, wantErr: automation.ErrInactive},
		{name: "invalid automation", edit: func(a *automation.Automation) { a.Steps = nil }, wantErr: automation.ErrInvalidAutomation},
		{name: "nil automation", nilA: true, wantErr: automation.ErrInvalidAutomation},
		{name: "zero contact", zeroC: true, wantErr: automation.ErrInvalidEnrollment},
		{name: "zero enrollment ID", zeroID: true, wantErr: automation.ErrInvalidEnrollment},
		{name: "previous of another contact", previous: []automation.Enrollment{foreign}, wantErr: automation.ErrInvalidEnrollment},
		{name: "previous of another automation", previous: []automation.Enrollment{otherAutomation}, wantErr: automation.ErrInvalidEnrollment},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := validAutomation()
			if tt.edit != nil {
				tt.edit(&a)
			}
			ap := &a
			if tt.nilA {
				ap = nil
			}
			c, id := contactID, enrollmentID(9)
			if tt.zeroC {
				c = contact.ID{}
			}
			if tt.zeroID {
				id = automation.EnrollmentID{}
			}
			e, err := automation.Enroll(ap, c, id, tt.previous, "", t0)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				ee, ok := errors.AsType[*automation.EnrollmentError](err)
				require.True(t, ok, "error %v is not an *EnrollmentError", err)
				assert.Equal(t, "enroll", ee.Op)
				assert.Equal(t, c, ee.Contact)
				assert.Equal(t, automation.Enrollment{}, e, "a refused Enroll returns the zero Enrollment")
				if tt.wantErr == automation.ErrAlreadyEnrolled {
					assert.Equal(t, active.ID, ee.Active, "the error names the active enrollment")
				} else {
					assert.True(t, ee.Active.IsZero())
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantEntry, e.Entry)
			assert.Equal(t, automation.StateActive, e.State)
			assert.Equal(t, len(a.Steps), e.Steps)
			assert.Empty(t, e.Path)
		})
	}
}

func TestEnrollErrorMessage(t *testing.T) {
	a := validAutomation()
	first := enrolled(t)
	_, err := automation.Enroll(&a, contactID, enrollmentID(2), []automation.Enrollment{first}, "", t0)
	assert.EqualError(t, err, "automation: enroll contact "+contactID.String()+" in "+automationID+
		": already enrolled: active enrollment "+first.ID.String())
}

func TestEnrollKeepsStepsAtEnrolment(t *testing.T) {
	a := validAutomation()
	e, err := automation.Enroll(&a, contactID, enrollmentID(1), nil, "", t0)
	require.NoError(t, err)
	a.Steps = append(a.Steps, automation.Step{Name: "Later"})
	assert.Equal(t, 3, e.Steps, "editing the automation does not change a running enrollment")
}

func TestPass(t *testing.T) {
	e := enrolled(t)
	require.NoError(t, e.Pass(automation.OutcomeCompleted, t0.Add(time.Minute)))
	require.NoError(t, e.Pass(automation.OutcomeSkipped, t0.Add(2*time.Minute)))
	assert.InDelta(t, 2.0/3, e.Progress(), 1e-12)
	next, ok := e.Next()
	assert.True(t, ok)
	assert.Equal(t, 2, next)
	require.NoError(t, e.Pass(automation.OutcomeCompleted, t0.Add(3*time.Minute)))
	assert.Equal(t, []automation.StepResult{
		{Step: 0, Outcome: automation.OutcomeCompleted, At: t0.Add(time.Minute)},
		{Step: 1, Outcome: automation.OutcomeSkipped, At: t0.Add(2 * time.Minute)},
		{Step: 2, Outcome: automation.OutcomeCompleted, At: t0.Add(3 * time.Minute)},
	}, e.Path)
	assert.Equal(t, 1.0, e.Progress())
	assert.True(t, e.Active(), "passing the last step does not end the enrollment")
	_, ok = e.Next()
	assert.False(t, ok)
}

func TestPassErrors(t *testing.T) {
	full := enrolled(t)
	for range full.Steps {
		require.NoError(t, full.Pass(automation.OutcomeCompleted, t0))
	}
	tests := []struct {
		name    string
		e       automation.Enrollment
		outcome automation.Outcome
		wantErr error
	}{
		{"ended", withState(enrolled(t), automation.StateEnded), automation.OutcomeCompleted, automation.ErrNotActive},
		{"stopped", withState(enrolled(t), automation.StateStopped), automation.OutcomeSkipped, automation.ErrNotActive},
		{"zero state", withState(enrolled(t), ""), automation.OutcomeSkipped, automation.ErrNotActive},
		{"unknown outcome", enrolled(t), "failed", automation.ErrInvalidOutcome},
		{"zero outcome", enrolled(t), "", automation.ErrInvalidOutcome},
		{"no step left", full, automation.OutcomeCompleted, automation.ErrNoStepLeft},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := tt.e.Clone()
			err := tt.e.Pass(tt.outcome, t0.Add(time.Hour))
			require.ErrorIs(t, err, tt.wantErr)
			ee, ok := errors.AsType[*automation.EnrollmentError](err)
			require.True(t, ok, "error %v is not an *EnrollmentError", err)
			assert.Equal(t, "pass", ee.Op)
			assert.Equal(t, tt.e.ID, ee.Enrollment)
			assert.Equal(t, before, tt.e, "a failed Pass changes nothing")
		})
	}
}

func TestEnd(t *testing.T) {
	e := enrolled(t)
	require.NoError(t, e.Pass(automation.OutcomeCompleted, t0))
	require.NoError(t, e.End(t0.Add(time.Hour)))
	assert.Equal(t, automation.StateEnded, e.State)
	assert.Equal(t, t0.Add(time.Hour), e.EndedAt)
	assert.Len(t, e.Path, 1, "End does not add the remaining steps to the path")
	assert.Equal(t, 1.0, e.Progress())
	assert.False(t, e.Active())
	_, ok := e.Next()
	assert.False(t, ok)

	err := e.End(t0.Add(2 * time.Hour))
	assert.ErrorIs(t, err, automation.ErrNotActive)
	assert.Equal(t, t0.Add(time.Hour), e.EndedAt)
	assert.EqualError(t, err, "automation: end enrollment "+e.ID.String()+": enrollment is not active: it is ended")
}

func TestStop(t *testing.T) {
	e := enrolled(t)
	require.NoError(t, e.Pass(automation.OutcomeSkipped, t0))

	err := e.Stop("  ", t0.Add(time.Hour))
	require.ErrorIs(t, err, automation.ErrReasonRequired)
	assert.True(t, e.Active(), "a refused Stop changes nothing")

	require.NoError(t, e.Stop(" "+automation.ReasonContactDeleted+"\n", t0.Add(time.Hour)))
	assert.Equal(t, automation.StateStopped, e.State)
	assert.Equal(t, automation.ReasonContactDeleted, e.StopReason)
	assert.Equal(t, t0.Add(time.Hour), e.EndedAt)
	assert.InDelta(t, 1.0/3, e.Progress(), 1e-12, "a stopped enrollment keeps its progress")

	for name, op := range map[string]func() error{
		"stop": func() error { return e.Stop("again", t0) },
		"end":  func() error { return e.End(t0) },
		"pass": func() error { return e.Pass(automation.OutcomeCompleted, t0) },
	} {
		err := op()
		assert.ErrorIs(t, err, automation.ErrNotActive, name)
		ee, ok := errors.AsType[*automation.EnrollmentError](err)
		require.True(t, ok, name)
		assert.Equal(t, name, ee.Op)
	}
	assert.Equal(t, automation.ReasonContactDeleted, e.StopReason)
}

func TestProgressEdges(t *testing.T) {
	assert.Zero(t, (&automation.Enrollment{State: automation.StateActive}).Progress(), "no steps")
	assert.Equal(t, 1.0, (&automation.Enrollment{State: automation.StateEnded}).Progress(), "ended without steps")
	over := automation.Enrollment{State: automation.StateStopped, Steps: 1, Path: make([]automation.StepResult, 3)}
	assert.Equal(t, 1.0, over.Progress(), "clamped to 1")
}

func TestStateOutcomeValid(t *testing.T) {
	for _, s := range []automation.State{automation.StateActive, automation.StateEnded, automation.StateStopped} {
		assert.True(t, s.Valid(), s)
	}
	assert.False(t, automation.State("").Valid())
	assert.False(t, automation.State("paused").Valid())
	assert.True(t, automation.OutcomeCompleted.Valid())
	assert.True(t, automation.OutcomeSkipped.Valid())
	assert.False(t, automation.Outcome("").Valid())
}

func TestEnrollmentClone(t *testing.T) {
	e := enrolled(t)
	require.NoError(t, e.Pass(automation.OutcomeCompleted, t0))
	c := e.Clone()
	assert.Equal(t, e, c)
	c.Path[0].Outcome = automation.OutcomeSkipped
	require.NoError(t, c.Pass(automation.OutcomeCompleted, t0))
	assert.Equal(t, automation.OutcomeCompleted, e.Path[0].Outcome, "Clone shares the path")
	assert.Len(t, e.Path, 1)
}

// TestEnrollmentInvariants runs random sequences of Pass, End and Stop and
// checks after every call: the path is in step order, progress never goes
// down and stays in [0, 1], an ended enrollment is at 1, and an ended or
// stopped enrollment never changes again.
func TestEnrollmentInvariants(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	outcomes := []automation.Outcome{automation.OutcomeCompleted, automation.OutcomeSkipped, "bogus"}
	for run := range 500 {
		steps := 1 + rng.IntN(6)
		a := validAutomation()
		a.Steps = make([]automation.Step, steps)
		for i := range a.Steps {
			a.Steps[i].Name = fmt.Sprint("step ", i)
		}
		e, err := automation.Enroll(&a, contactID, enrollmentID(run), nil, "", t0)
		require.NoError(t, err)

		at := t0
		progress := e.Progress()
		var final *automation.Enrollment
		for call := range 3 + rng.IntN(12) {
			at = at.Add(time.Minute)
			before := e.Clone()
			var err error
			var op string
			switch r := rng.IntN(10); {
			case r < 7:
				op = "pass"
				err = e.Pass(outcomes[rng.IntN(len(outcomes))], at)
			case r < 8:
				op = "end"
				err = e.End(at)
			case r < 9:
				op = "stop"
				err = e.Stop("reason", at)
			default:
				op = "stop without reason"
				err = e.Stop("", at)
			}
			where := func() string { return fmt.Sprintf("run %d, call %d (%s)", run, call, op) }

			if err != nil && !reflect.DeepEqual(before, e) {
				t.Fatalf("%s: a failed call changed the enrollment:\ngot  %+v\nwant %+v", where(), e, before)
			}
			if final != nil {
				if !errors.Is(err, automation.ErrNotActive) {
					t.Fatalf("%s: after end or stop: got error %v, want ErrNotActive", where(), err)
				}
				if !reflect.DeepEqual(*final, e) {
					t.Fatalf("%s: changed after end or stop:\ngot  %+v\nwant %+v", where(), e, *final)
				}
			}
			for i, r := range e.Path {
				if r.Step != i {
					t.Fatalf("%s: path not in step order: Path[%d].Step = %d", where(), i, r.Step)
				}
			}
			if len(e.Path) > e.Steps {
				t.Fatalf("%s: %d steps in the path of %d", where(), len(e.Path), e.Steps)
			}
			p := e.Progress()
			if p < progress || p < 0 || p > 1 {
				t.Fatalf("%s: progress went from %v to %v", where(), progress, p)
			}
			progress = p
			switch e.State {
			case automation.StateEnded:
				if p != 1 {
					t.Fatalf("%s: ended but progress %v", where(), p)
				}
			case automation.StateActive:
				if !e.EndedAt.IsZero() {
					t.Fatalf("%s: active with EndedAt %v", where(), e.EndedAt)
				}
			case automation.StateStopped:
				if e.StopReason == "" {
					t.Fatalf("%s: stopped without a reason", where())
				}
			default:
				t.Fatalf("%s: unknown state %q", where(), e.State)
			}
			if !e.Active() && final == nil {
				c := e.Clone()
				final = &c
			}
		}
	}
}
