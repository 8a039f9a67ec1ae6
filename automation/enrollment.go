package automation

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/inputtext"
)

// State is the state of an enrollment.
type State string

// The states of an enrollment. An enrollment starts active and moves once,
// to ended or stopped, where it stays.
const (
	// StateActive: the contact is in the automation.
	StateActive State = "active"
	// StateEnded: the enrollment finished; its progress is 100 % and the
	// contact left the automation.
	StateEnded State = "ended"
	// StateStopped: the enrollment was stopped early, for the reason it
	// records (the contact was deleted or blocked); its progress stays
	// where it was.
	StateStopped State = "stopped"
)

// Valid reports whether s is one of the declared states.
func (s State) Valid() bool {
	switch s {
	case StateActive, StateEnded, StateStopped:
		return true
	}
	return false
}

// Outcome is how an enrollment passed a step.
type Outcome string

// The outcomes of a step.
const (
	OutcomeCompleted Outcome = "completed"
	OutcomeSkipped   Outcome = "skipped"
)

// Valid reports whether o is one of the declared outcomes.
func (o Outcome) Valid() bool {
	switch o {
	case OutcomeCompleted, OutcomeSkipped:
		return true
	}
	return false
}

// StepResult is one entry of an enrollment's path: the step, by its
// index in the automation's Steps from 0, how it was passed and when.
type StepResult struct {
	Step    int
	Outcome Outcome
	At      time.Time
}

// The reasons Stop records when the Service stops a contact's active
// enrollments because the contact was deleted or blocked. Hosts may pass their
// own reasons.
const (
	ReasonContactDeleted = "contact deleted"
	ReasonContactBlocked = "contact blocked"
)

// Enrollment is one entry of one contact into one automation. It
// is never removed: ending or stopping it keeps it, with its path, as
// history.
//
// An Enrollment is a value: the store hands out copies, and Clone makes a
// copy that shares nothing with the original.
type Enrollment struct {
	ID         EnrollmentID
	Automation ID
	Contact    contact.ID
	// Entry counts the contact's entries into the automation: 1 for the
	// first, 2 for the second, …
	Entry int
	// Steps is the number of steps of the automation when the contact
	// entered it. Later edits of the automation do not change it.
	Steps int
	State State
	// Path holds the steps passed, in step order: Path[i].Step == i.
	Path      []StepResult
	StartedAt time.Time
	// EndedAt is when the enrollment ended or was stopped; zero while it is
	// active.
	EndedAt time.Time
	// StopReason says why a stopped enrollment was stopped; "" otherwise.
	StopReason string
	// Trigger is how the contact entered: the occurrence that fired the
	// automation's trigger, or that the record named by Cause stands for
	// (TriggerTaskCompleted for a task that enrols on completion); Kind
	// TriggerManual for a direct enrolment. The Service sets it; zero for
	// an enrollment stored before it was recorded.
	Trigger Occurrence
	// Cause is the record that made the contact enter, if one did: the note
	// or task that named the automation, or the one whose addition fired
	// its trigger. Zero for a direct enrolment and for the occurrences that
	// no record stands for (a tag added, a list subscribed).
	Cause Cause
	// IdempotencyKey is the key of the call that created the enrollment, or
	// "". The Service looks it up before enrolling, so that a retried call
	// returns the enrollment it created instead of a second one.
	IdempotencyKey string
	// Version is the optimistic-concurrency version, set by the store.
	Version int64
}

// Enroll makes the enrollment of contact c into a, with the ID id,
// started at at and carrying the idempotency key key. previous are that
// contact's earlier enrollments into a, in any state.
//
// The rules, each refused with an *EnrollmentError:
//
//   - a must be valid (the error wraps ErrInvalidAutomation and the joined
//     validation errors) and active (ErrInactive): an inactive automation
//     accepts no contact, by trigger or by hand;
//   - c and id must not be zero, and every previous enrollment must be of c
//     into a (ErrInvalidEnrollment);
//   - key must pass CheckKey (ErrInvalidKey);
//   - unless a.Reentry is ReentryAllow, none of previous may be active
//     (ErrAlreadyEnrolled; the error's Active names it).
//
// The new enrollment is active, with Entry len(previous)+1, Steps
// len(a.Steps) and an empty path. Enroll does not look key up: idempotency
// is the Service's, through the store.
func Enroll(a *Automation, c contact.ID, id EnrollmentID, previous []Enrollment, key string, at time.Time) (Enrollment, error) {
	fail := func(err error, active EnrollmentID) (Enrollment, error) {
		e := &EnrollmentError{Op: "enroll", Enrollment: id, Contact: c, Active: active, Err: err}
		if a != nil {
			e.Automation = a.ID
		}
		return Enrollment{}, e
	}
	if a == nil {
		return fail(fmt.Errorf("%w: no automation", ErrInvalidAutomation), EnrollmentID{})
	}
	if err := a.Validate(); err != nil {
		return fail(err, EnrollmentID{})
	}
	if !a.Active {
		return fail(ErrInactive, EnrollmentID{})
	}
	if c.IsZero() {
		return fail(fmt.Errorf("%w: zero contact ID", ErrInvalidEnrollment), EnrollmentID{})
	}
	if id.IsZero() {
		return fail(fmt.Errorf("%w: zero enrollment ID", ErrInvalidEnrollment), EnrollmentID{})
	}
	if err := checkKey(key); err != nil {
		return fail(err, EnrollmentID{})
	}
	for i := range previous {
		p := &previous[i]
		if p.Contact != c || p.Automation != a.ID {
			return fail(fmt.Errorf("%w: previous enrollment %s is of contact %s into %s", ErrInvalidEnrollment, p.ID, p.Contact, p.Automation), EnrollmentID{})
		}
	}
	if a.Reentry != ReentryAllow {
		for i := range previous {
			if previous[i].Active() {
				return fail(ErrAlreadyEnrolled, previous[i].ID)
			}
		}
	}
	return Enrollment{
		ID:             id,
		Automation:     a.ID,
		Contact:        c,
		Entry:          len(previous) + 1,
		Steps:          len(a.Steps),
		State:          StateActive,
		StartedAt:      at,
		IdempotencyKey: key,
	}, nil
}

// MaxKeyLength is the greatest length in bytes of an idempotency key.
const MaxKeyLength = 255

// CheckKey reports whether key may be the idempotency key of an enrolment:
// "" (none), or at most MaxKeyLength bytes of valid UTF-8 without control
// characters. It returns nil, or an *EnrollmentError with Op "enroll"
// wrapping ErrInvalidKey, whose message quotes a short prefix of key at
// most; the caller fills in the contact and the automation.
func CheckKey(key string) error {
	if err := checkKey(key); err != nil {
		return &EnrollmentError{Op: "enroll", Err: err}
	}
	return nil
}

// checkKey returns why key is not an idempotency key, wrapping
// ErrInvalidKey, or nil.
func checkKey(key string) error {
	switch {
	case len(key) > MaxKeyLength:
		return fmt.Errorf("%w: %d bytes, at most %d", ErrInvalidKey, len(key), MaxKeyLength)
	case !utf8.ValidString(key):
		return fmt.Errorf("%w: %s is not valid UTF-8", ErrInvalidKey, inputtext.Quote(key))
	case strings.ContainsFunc(key, unicode.IsControl):
		return fmt.Errorf("%w: %s holds a control character", ErrInvalidKey, inputtext.Quote(key))
	}
	return nil
}

// Clone returns a deep copy of e: its path shares nothing with e's.
func (e *Enrollment) Clone() Enrollment {
	d := *e
	d.Path = slices.Clone(e.Path)
	return d
}

// Active reports whether the contact is still in the automation.
func (e *Enrollment) Active() bool { return e.State == StateActive }

// Progress is the share of the steps passed, in [0, 1]: completed and
// skipped steps count alike. An ended enrollment is at 1 whatever its path;
// a stopped one keeps the share it had reached.
func (e *Enrollment) Progress() float64 {
	if e.State == StateEnded {
		return 1
	}
	if e.Steps <= 0 {
		return 0
	}
	return min(float64(len(e.Path))/float64(e.Steps), 1)
}

// Next returns the index of the next step to pass, and false when there is
// none: the enrollment is not active, or every step is passed (End it then).
func (e *Enrollment) Next() (step int, ok bool) {
	if !e.Active() || len(e.Path) >= e.Steps {
		return 0, false
	}
	return len(e.Path), true
}

// Pass passes the next step, with outcome o at time at, and appends it to
// the path. Steps are passed in order, none twice. Passing the last step
// does not end the enrollment: the host calls End when it is done with the
// contact.
//
// It returns an *EnrollmentError wrapping ErrNotActive, ErrInvalidOutcome or
// ErrNoStepLeft, and then leaves e unchanged.
func (e *Enrollment) Pass(o Outcome, at time.Time) error {
	if err := e.mustBeActive("pass"); err != nil {
		return err
	}
	if !o.Valid() {
		return e.fail("pass", fmt.Errorf("%w %s", ErrInvalidOutcome, inputtext.Quote(string(o))))
	}
	step, ok := e.Next()
	if !ok {
		return e.fail("pass", fmt.Errorf("%w: %d of %d passed", ErrNoStepLeft, len(e.Path), e.Steps))
	}
	// A new array, so that a copy of e made before the call keeps its path.
	e.Path = append(slices.Clip(e.Path), StepResult{Step: step, Outcome: o, At: at})
	return nil
}

// End ends the enrollment at time at: the contact leaves the automation and
// Progress is 1. The steps not passed are not added to the path. It
// returns an *EnrollmentError wrapping ErrNotActive if e is not active.
func (e *Enrollment) End(at time.Time) error {
	if err := e.mustBeActive("end"); err != nil {
		return err
	}
	e.State = StateEnded
	e.EndedAt = at
	return nil
}

// Stop stops the enrollment early at time at, for reason (trimmed; see
// ReasonContactDeleted and ReasonContactBlocked). Progress keeps the share
// reached. It returns an *EnrollmentError wrapping ErrNotActive if e is not
// active, or ErrReasonRequired if reason is blank.
func (e *Enrollment) Stop(reason string, at time.Time) error {
	if err := e.mustBeActive("stop"); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return e.fail("stop", ErrReasonRequired)
	}
	e.State = StateStopped
	e.EndedAt = at
	e.StopReason = reason
	return nil
}

func (e *Enrollment) mustBeActive(op string) error {
	if e.Active() {
		return nil
	}
	return e.fail(op, fmt.Errorf("%w: it is %s", ErrNotActive, e.stateName()))
}

func (e *Enrollment) stateName() string {
	if e.State == "" {
		return "in no state"
	}
	return string(e.State)
}

func (e *Enrollment) fail(op string, err error) error {
	return &EnrollmentError{Op: op, Enrollment: e.ID, Automation: e.Automation, Contact: e.Contact, Err: err}
}
