package contact

import (
	"errors"
	"fmt"
	"slices"

	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/internal/inputtext"
)

// ErrRequired is wrapped by the error of a required field without a value,
// standard (a *RequiredError) or custom (a *field.Error): it is the same
// error as field.ErrRequired, so that one errors.Is finds both.
var ErrRequired = field.ErrRequired

// RequiredError reports a standard field that a workspace requires and that
// a contact has no value for (see ApplyOptions.Required). It wraps
// ErrRequired.
type RequiredError struct {
	Field string // the field, as the Field constants name it: FieldPhone, …
}

// Error returns "contact: <field>: required field is missing".
func (e *RequiredError) Error() string { return "contact: " + e.Field + ": " + ErrRequired.Error() }

// Unwrap returns ErrRequired.
func (e *RequiredError) Unwrap() error { return ErrRequired }

// Requirable lists the standard fields a workspace may require, by the
// names of the Field constants, in declaration order. The others are set by
// the library or by a channel (source, avatar, status, …) or qualify
// another field (the labels).
func Requirable() []string {
	return []string{
		FieldFirstName, FieldLastName, FieldAlias, FieldEmail, FieldPhone,
		FieldCountry, FieldLanguage, FieldBirthDate, FieldCity, FieldState,
		FieldCompany, FieldJobTitle, FieldAssignee,
	}
}

// has reports whether c has a value of the requirable standard field name,
// and whether name is one.
func (c *Contact) has(name string) (has, known bool) {
	switch name {
	case FieldFirstName:
		return c.FirstName != "", true
	case FieldLastName:
		return c.LastName != "", true
	case FieldAlias:
		return c.Alias != "", true
	case FieldEmail:
		return !c.Email.IsZero(), true
	case FieldPhone:
		return !c.Phone.IsZero(), true
	case FieldCountry:
		return !c.Country.IsZero(), true
	case FieldLanguage:
		return !c.Language.IsZero(), true
	case FieldBirthDate:
		return !c.BirthDate.IsZero(), true
	case FieldCity:
		return c.City != "", true
	case FieldState:
		return c.State != "", true
	case FieldCompany:
		return c.Company != "", true
	case FieldJobTitle:
		return c.JobTitle != "", true
	case FieldAssignee:
		return c.Assignee != "", true
	}
	return false, false
}

// CheckRequired reports every field of required that c has no value for,
// as a *RequiredError each, joined; nil when c has them all. A name that is
// not one of Requirable is an error wrapping ErrInvalid: a policy cannot
// require what a user cannot set. A primary email or phone is what counts:
// a contact with any address of a kind has a primary one.
func (c Contact) CheckRequired(required []string) error {
	return errors.Join(c.missing(required, nil)...)
}

// missing returns the problems of CheckRequired, leaving out the fields of
// skip (those whose input failed to parse, already reported).
func (c *Contact) missing(required []string, skip map[string]bool) []error {
	var errs []error
	for i, name := range required {
		has, known := c.has(name)
		switch {
		case slices.Contains(required[:i], name):
			// reported once
		case !known:
			errs = append(errs, fmt.Errorf("%w: %s is not a standard field that can be required", ErrInvalid, inputtext.Quote(name)))
		case !has && !skip[name]:
			errs = append(errs, &RequiredError{Field: name})
		}
	}
	return errs
}
