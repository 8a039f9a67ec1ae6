package contact

import (
	"errors"
	"strconv"

	"github.com/contactkit/contactkit/internal/emailaddr"
)

// Sentinel errors of the contact package. Detailed errors wrap one of them.
var (
	ErrInvalidPhone    = errInvalidPhone      // shared with package field
	ErrInvalidEmail    = emailaddr.ErrInvalid // shared with package field
	ErrInvalidCountry  = errors.New("invalid country")
	ErrInvalidLanguage = errors.New("invalid language")
	ErrInvalidID       = errors.New("invalid id")
	ErrInvalid         = errors.New("invalid contact")
)

// ParseError records a failure to parse the input of one field, as
// strconv.NumError does for numbers. Err wraps the package's sentinel for the
// value's kind (ErrInvalidPhone, ErrInvalidEmail, …) and, where there is one,
// the precise reason.
type ParseError struct {
	Field string // the field being parsed: "phone", "email", "country", …
	Input string // the input as given
	Err   error  // the reason; wraps a sentinel of this package
}

func (e *ParseError) Error() string {
	return "contact: parse " + e.Field + " " + strconv.Quote(e.Input) + ": " + e.Err.Error()
}

func (e *ParseError) Unwrap() error { return e.Err }
