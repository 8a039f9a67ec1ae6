package contactkit

import (
	"errors"
	"fmt"
	"strings"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// Errors returned by the Service, for errors.Is. Store errors come through
// unchanged in category (store.ErrNotFound, store.ErrConflict,
// store.ErrAlreadyExists with a *store.TakenError); the ones most callers
// test are repeated here.
var (
	// ErrInvalidActor: the Actor of a call has no workspace, no user or an
	// unknown role.
	ErrInvalidActor = errors.New("invalid actor")
	// ErrPermission: the actor's role may not perform the action (P2).
	ErrPermission = errors.New("permission denied")
	// ErrInvalidInput: the input of a call does not parse or validate. The
	// error is a *ValidationError listing every problem.
	ErrInvalidInput = errors.New("invalid input")

	// ErrNotFound is store.ErrNotFound: no such record in the workspace.
	ErrNotFound = store.ErrNotFound
	// ErrConflict is store.ErrConflict: a concurrent write won.
	ErrConflict = store.ErrConflict
	// ErrAlreadyExists is store.ErrAlreadyExists; an email or phone held by
	// another contact (C9) comes as a *store.TakenError that names it.
	ErrAlreadyExists = store.ErrAlreadyExists
)

// TakenError reports that an email or phone is held by another live
// contact of the workspace (C9), and names it. errors.Is(err,
// ErrAlreadyExists) holds for it.
type TakenError struct {
	Field string     // contact.FieldEmail or contact.FieldPhone
	Value string     // the canonical address: the email, or the E.164 phone
	Owner contact.ID // the live contact that holds it
}

func (e *TakenError) Error() string {
	return fmt.Sprintf("%s %s is taken by contact %s", e.Field, e.Value, e.Owner)
}

// Is makes errors.Is(err, ErrAlreadyExists) true for a *TakenError.
func (e *TakenError) Is(target error) bool { return target == ErrAlreadyExists }

// serviceError turns the errors of the store that a caller reads as the
// Service's own into them: a *store.TakenError becomes a *TakenError.
func serviceError(err error) error {
	st, ok := errors.AsType[*store.TakenError](err)
	if !ok {
		return err
	}
	f, v := contact.KeyField(st.Key)
	taken := &TakenError{Field: f, Value: v, Owner: st.Owner}
	if err == error(st) {
		return taken
	}
	// Keep what the error said around the store's: a conflict of a restore.
	return &wrapped{msg: strings.Replace(err.Error(), st.Error(), taken.Error(), 1), errs: []error{taken, err}}
}

// wrapped is an error with a message of its own over the errors it wraps.
type wrapped struct {
	msg  string
	errs []error
}

func (e *wrapped) Error() string   { return e.msg }
func (e *wrapped) Unwrap() []error { return e.errs }

// ValidationError lists every problem found in the input of one call (C5):
// *contact.ParseError for standard fields, *field.Error for custom fields,
// and the errors of the domain's Validate methods. errors.Is and
// errors.AsType see each of them, and errors.Is(err, ErrInvalidInput) holds.
type ValidationError struct {
	Errors []error
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("invalid input: ")
	for i, err := range e.Errors {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(err.Error())
	}
	return b.String()
}

// Unwrap returns the problems, so that errors.Is and errors.AsType find each.
func (e *ValidationError) Unwrap() []error { return e.Errors }

// Is makes errors.Is(err, ErrInvalidInput) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalidInput }

// invalid wraps err, which may join several problems, in a
// *ValidationError listing each of them once; nil stays nil.
func invalid(err error) error {
	if err == nil {
		return nil
	}
	return &ValidationError{Errors: flatten(err, nil)}
}

// flatten appends the problems err holds to into. An error made by
// errors.Join (one whose message is exactly its parts' messages, one a line)
// is split into its parts, recursively; any other error is one problem, even
// when it wraps several errors to say one thing ("invalid phone number: too
// short").
func flatten(err error, into []error) []error {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return append(into, err)
	}
	parts := j.Unwrap()
	msgs := make([]string, 0, len(parts))
	for _, e := range parts {
		msgs = append(msgs, e.Error())
	}
	if err.Error() != strings.Join(msgs, "\n") {
		return append(into, err)
	}
	for _, e := range parts {
		into = flatten(e, into)
	}
	return into
}

// PermissionError reports an action the actor's role may not perform.
type PermissionError struct {
	Role   Role
	Action Action
}

func (e *PermissionError) Error() string {
	return fmt.Sprintf("permission denied: role %s may not %s", e.Role, e.Action)
}

// Is makes errors.Is(err, ErrPermission) true.
func (e *PermissionError) Is(target error) bool { return target == ErrPermission }
