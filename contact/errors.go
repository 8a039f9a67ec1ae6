package contact

import (
	"errors"

	"github.com/contactkit/contactkit/internal/emailaddr"
	"github.com/contactkit/contactkit/internal/inputtext"
)

// Sentinel errors of the contact package. Detailed errors wrap one of them.
var (
	ErrInvalidPhone    = errInvalidPhone      // shared with package field
	ErrInvalidEmail    = emailaddr.ErrInvalid // shared with package field
	ErrInvalidCountry  = errors.New("invalid country")
	ErrInvalidLanguage = errors.New("invalid language")
	ErrInvalidID       = errors.New("invalid id")
	ErrInvalid         = errors.New("invalid contact")
	ErrInvalidURL      = errors.New("invalid URL")
)

// The reasons of an email error that a caller may act on; each is wrapped
// next to ErrInvalidEmail.
var (
	// ErrEmailSeveral: the input holds more than one address.
	ErrEmailSeveral = emailaddr.ErrSeveral
	// ErrEmailBrackets: the input has unbalanced angle brackets or quotes,
	// or text after the address in brackets.
	ErrEmailBrackets = emailaddr.ErrBrackets
	// ErrEmailNotASCII: EmailASCII refuses an international address.
	ErrEmailNotASCII = emailaddr.ErrNotASCII
)

// ErrTooLong is wrapped by the error of an input over its length limit:
// a name or text field over Limits, an email address, a
// language tag, a custom value (it is the same error as field.ErrTooLong).
var ErrTooLong = emailaddr.ErrTooLong

// ParseError records a failure to parse the input of one field, as
// strconv.NumError does for numbers. Err wraps the package's sentinel for the
// value's kind (ErrInvalidPhone, ErrInvalidEmail, …) and, where there is one,
// the precise reason.
type ParseError struct {
	Field string // the field being parsed: "phone", "email", "country", …
	Input string // the input as given, whole
	Err   error  // the reason; wraps a sentinel of this package
}

// Error returns the message, like `contact: parse email "ann@": invalid
// email address: empty domain`. The input is quoted in full only when it is
// short: a longer one is cut to its first 40 bytes, followed by "…" and its
// length, so that the message stays short whatever the input.
func (e *ParseError) Error() string {
	return "contact: parse " + e.Field + " " + inputtext.Quote(e.Input) + ": " + e.Err.Error()
}

// Unwrap returns e.Err.
func (e *ParseError) Unwrap() error { return e.Err }
