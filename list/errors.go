package list

import (
	"errors"
	"fmt"
	"strconv"
)

// The categories of error of this package. Every error it returns wraps one
// of them; detailed errors are *Error or *TransitionError.
var (
	// ErrInvalidID: the text is not a list ID.
	ErrInvalidID = errors.New("invalid id")
	// ErrInvalidList: a List breaks a rule of List.Validate.
	ErrInvalidList = errors.New("invalid list")
	// ErrInvalidMembership: a Membership breaks a rule of Membership.Validate.
	ErrInvalidMembership = errors.New("invalid membership")
	// ErrInvalidStatus: an unknown membership Status or ConsentStatus.
	ErrInvalidStatus = errors.New("invalid status")
	// ErrInvalidChannel: an unknown consent Channel.
	ErrInvalidChannel = errors.New("invalid channel")
	// ErrInvalidAddress: an Address whose value is not the canonical
	// address of its channel.
	ErrInvalidAddress = errors.New("invalid address")
	// ErrReasonRequired: a resubscribe without a reason.
	ErrReasonRequired = errors.New("reason required")
	// ErrActorRequired: a resubscribe without the user who made it.
	ErrActorRequired = errors.New("actor required")
	// ErrNotExplicit: a resubscribe made by an import, a merge, an
	// automation or an unknown source; only a user, through the UI or the
	// API, may resubscribe.
	ErrNotExplicit = errors.New("not an explicit user action")
)

// The reasons a value is refused. The Err of each *Error returned by
// List.Validate wraps ErrInvalidList and one of these; Membership.Validate
// uses ErrEmpty, Address.Validate ErrNotNormalized.
var (
	// ErrEmpty: a required value (a list's name, once normalised; a
	// membership's list or contact) is empty, or, for a name, shows
	// nothing.
	ErrEmpty = errors.New("empty")
	// ErrTooLong: a list's name has more than MaxNameLen characters, or its
	// description more than MaxDescriptionLen. The message of the *Error
	// says which limit.
	ErrTooLong = errors.New("too long")
	// ErrNotNormalized: a value is not in its canonical form: a list's name
	// or description as List.Normalize gives it, an address as ParseAddress
	// gives it.
	ErrNotNormalized = errors.New("not normalized")
)

// Error is a problem with one field of a value of this package: returned by
// ParseID, ParseAddress and the Validate methods (joined when there are
// several). Err wraps a category (ErrInvalidID, ErrInvalidList,
// ErrInvalidStatus, …) and, where there is one, the reason.
type Error struct {
	Field string // "id", "name", "description", "status", "channel", "address", …
	Input string // the value as given
	Err   error
}

// Error returns the message, like `list: name "": invalid list: empty`.
func (e *Error) Error() string {
	msg := "<nil>"
	if e.Err != nil {
		msg = e.Err.Error()
	}
	return "list: " + e.Field + " " + strconv.Quote(clip(e.Input)) + ": " + msg
}

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }

// TransitionError is a refused change of status of a Membership or of a
// Consent. Err wraps ErrInvalidStatus (an unknown target status),
// ErrReasonRequired, ErrActorRequired or ErrNotExplicit. A change refused for
// several reasons is reported as one TransitionError per reason, joined.
type TransitionError struct {
	Subject string // "membership" or "consent"
	From    string // the status before
	To      string // the status asked for
	Err     error
}

// Error returns the message, like
// `list: consent unsubscribed to subscribed: reason required`.
func (e *TransitionError) Error() string {
	msg := "<nil>"
	if e.Err != nil {
		msg = e.Err.Error()
	}
	return "list: " + e.Subject + " " + quoteStatus(e.From) + " to " + quoteStatus(e.To) + ": " + msg
}

// Unwrap returns e.Err.
func (e *TransitionError) Unwrap() error { return e.Err }

func quoteStatus(s string) string {
	if s == "" {
		return `""`
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && r != '_' {
			return strconv.Quote(clip(s))
		}
	}
	return s
}

const clipLen = 64

// clip shortens s for an error message: at most clipLen runes, then "…".
func clip(s string) string {
	n := 0
	for i := range s {
		if n == clipLen {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// tooLong returns the reason of a value of more than max characters: an
// error wrapping ErrTooLong whose message says the limit.
func tooLong(max int) error {
	return fmt.Errorf("%w: more than %d characters", ErrTooLong, max)
}

// wrap returns an error wrapping the category and the reason, with the
// message "category: reason".
func wrap(category, reason error) error {
	return fmt.Errorf("%w: %w", category, reason)
}
