package activity

import (
	"errors"
	"strings"

	"github.com/contactkit/contactkit/internal/inputtext"
)

// Sentinel errors of the activity package: the categories. The typed errors
// below carry the details and wrap one of them; test them with errors.Is.
var (
	// ErrInvalidID: the text is not the canonical form of an ID.
	ErrInvalidID = errors.New("invalid id")
	// ErrInvalidActivity: an activity breaks a rule of Validate.
	ErrInvalidActivity = errors.New("invalid activity")
	// ErrNotATask: a task operation (Complete, Reopen, MoveTo) on another
	// kind of activity.
	ErrNotATask = errors.New("not a task")
	// ErrTrashed: an operation on an activity in its trash, which only
	// Restore accepts.
	ErrTrashed = errors.New("activity is in the trash")
	// ErrNotTrashed: Restore of an activity that is not in its trash.
	ErrNotTrashed = errors.New("activity is not in the trash")
)

// ParseError records a failure to parse an ID, as strconv.NumError does for
// numbers.
type ParseError struct {
	Field string // "id"
	Input string // the input as given
	Err   error  // ErrInvalidID
}

// Error returns the message, like `activity: parse id "x": invalid id`.
func (e *ParseError) Error() string {
	return "activity: parse " + e.Field + " " + inputtext.Quote(e.Input) + ": " + errString(e.Err)
}

// Unwrap returns e.Err.
func (e *ParseError) Unwrap() error { return e.Err }

// ValidationError is one broken rule of Activity.Validate, which joins them
// all with errors.Join. Err wraps ErrInvalidActivity.
type ValidationError struct {
	Activity ID // the activity's ID; zero before it is created
	// Property is what is wrong: "kind", "contact", "author", "title",
	// "body", "task", "task.type", "task.duration", "task.reminder",
	// "task.completed_at", "interaction", "direction", "occurred_at",
	// "duration", "outcome", "attendees", "enroll", "enroll_on",
	// "deleted_at"; or "key", the idempotency key of the call that adds
	// the activity, which the Service checks.
	Property string
	Err      error
}

// Error returns the message, like
// `activity 0190…: body: invalid activity: a note needs a body`.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("activity")
	if !e.Activity.IsZero() {
		b.WriteString(" ")
		b.WriteString(e.Activity.String())
	}
	b.WriteString(": ")
	b.WriteString(e.Property)
	b.WriteString(": ")
	b.WriteString(errString(e.Err))
	return b.String()
}

// Unwrap returns e.Err.
func (e *ValidationError) Unwrap() error { return e.Err }

// OpError is the error of an operation on one activity (Complete, Reopen,
// MoveTo, Trash, Restore). Err wraps the category: ErrNotATask, ErrTrashed
// or ErrNotTrashed.
type OpError struct {
	Op       string // "complete", "reopen", "move", "trash" or "restore"
	Activity ID
	Err      error
}

// Error returns the message, like
// `activity 0190…: complete: not a task: kind "note"`.
func (e *OpError) Error() string {
	return "activity " + e.Activity.String() + ": " + e.Op + ": " + errString(e.Err)
}

// Unwrap returns e.Err.
func (e *OpError) Unwrap() error { return e.Err }

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
