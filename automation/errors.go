package automation

import (
	"errors"
	"strings"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/inputtext"
)

// Sentinel errors of the automation package: the categories. The typed
// errors below carry the details and wrap one of them; test them with
// errors.Is.
var (
	// ErrInvalidID: the text is not the canonical form of an ID.
	ErrInvalidID = errors.New("invalid id")
	// ErrInvalidAutomation: an automation breaks a rule of Validate.
	ErrInvalidAutomation = errors.New("invalid automation")
	// ErrInvalidEnrollment: Enroll was handed a zero contact or enrollment
	// ID, or previous enrollments of another contact or automation.
	ErrInvalidEnrollment = errors.New("invalid enrollment")
	// ErrInactive: the automation is not active, so no contact can enter it.
	ErrInactive = errors.New("automation is inactive")
	// ErrAlreadyEnrolled: the contact has an active enrollment in an
	// automation whose Reentry refuses a second one while it runs.
	ErrAlreadyEnrolled = errors.New("already enrolled")
	// ErrNotActive: the enrollment has ended or was stopped; it cannot
	// change any more.
	ErrNotActive = errors.New("enrollment is not active")
	// ErrNoStepLeft: every step of the enrollment is passed already; end it.
	ErrNoStepLeft = errors.New("no step left")
	// ErrInvalidOutcome: an outcome other than OutcomeCompleted and
	// OutcomeSkipped.
	ErrInvalidOutcome = errors.New("invalid outcome")
	// ErrReasonRequired: Stop was called without a reason.
	ErrReasonRequired = errors.New("a reason is required")
	// ErrInvalidKey: an idempotency key longer than MaxKeyLength bytes, or
	// that holds invalid UTF-8 or a control character (see CheckKey).
	ErrInvalidKey = errors.New("invalid idempotency key")
)

// ParseError records a failure to parse an ID, as strconv.NumError does for
// numbers.
type ParseError struct {
	Field string // "id" or "enrollment id"
	Input string // the input as given, whole
	Err   error  // ErrInvalidID
}

// Error returns the message, like `automation: parse id "x": invalid id`.
// A long input is quoted by its first 40 bytes, followed by "…" and its
// length.
func (e *ParseError) Error() string {
	return "automation: parse " + e.Field + " " + inputtext.Quote(e.Input) + ": " + errString(e.Err)
}

// Unwrap returns e.Err.
func (e *ParseError) Unwrap() error { return e.Err }

// ValidationError is one broken rule of Automation.Validate, which joins
// them all with errors.Join. Err wraps ErrInvalidAutomation.
type ValidationError struct {
	Automation ID     // the automation's ID; zero before it is created
	Property   string // what is wrong: "name", "steps", "steps[2].name", "triggers[0]", "reentry"
	Err        error
}

// Error returns the message, like
// `automation 0190…: steps[1].name: invalid automation: empty`.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("automation")
	if !e.Automation.IsZero() {
		b.WriteString(" ")
		b.WriteString(e.Automation.String())
	}
	b.WriteString(": ")
	b.WriteString(e.Property)
	b.WriteString(": ")
	b.WriteString(errString(e.Err))
	return b.String()
}

// Unwrap returns e.Err.
func (e *ValidationError) Unwrap() error { return e.Err }

// EnrollmentError is the error of Enroll and of the methods that advance an
// enrollment (Pass, End, Stop). Err wraps the category: ErrInvalidAutomation,
// ErrInvalidEnrollment, ErrInvalidKey, ErrInactive, ErrAlreadyEnrolled,
// ErrNotActive, ErrNoStepLeft, ErrInvalidOutcome or ErrReasonRequired.
type EnrollmentError struct {
	Op         string       // "enroll", "pass", "end" or "stop"
	Enrollment EnrollmentID // the enrollment acted on, or the one Enroll was to create
	Automation ID
	Contact    contact.ID
	// Active is, for ErrAlreadyEnrolled, the contact's active enrollment
	// that refused the new one; zero otherwise.
	Active EnrollmentID
	Err    error
}

// Error returns the message, like `automation: enroll contact 0190… in
// 0190…: already enrolled: active enrollment 0190…`.
func (e *EnrollmentError) Error() string {
	var b strings.Builder
	b.WriteString("automation: ")
	b.WriteString(e.Op)
	if e.Op == "enroll" {
		b.WriteString(" contact ")
		b.WriteString(e.Contact.String())
		b.WriteString(" in ")
		b.WriteString(e.Automation.String())
	} else {
		b.WriteString(" enrollment ")
		b.WriteString(e.Enrollment.String())
	}
	b.WriteString(": ")
	b.WriteString(errString(e.Err))
	if !e.Active.IsZero() {
		b.WriteString(": active enrollment ")
		b.WriteString(e.Active.String())
	}
	return b.String()
}

// Unwrap returns e.Err.
func (e *EnrollmentError) Unwrap() error { return e.Err }

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
