package contactkit

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
)

// Errors returned by the Service, for errors.Is. Store errors come through
// unchanged in category (store.ErrNotFound, store.ErrConflict,
// store.ErrAlreadyExists with a *store.TakenError); the ones most callers
// test are repeated here.
//
// The categories are ErrInvalidActor, ErrPermission, ErrInvalidInput,
// ErrNotFound, ErrConflict, ErrAlreadyExists and store.ErrInvalidCursor.
// Every error a call returns matches exactly one of them, but a failure of
// the store's machinery (a lost connection, a host's cascade that fails)
// and the context's error, so that a caller maps categories to answers
// (400, 403, 404, 409) with no list of sentinels. The actor is checked
// first: an invalid actor is ErrInvalidActor, and one the policy refuses
// ErrPermission, whatever the input. An error of one category that holds
// an error of another keeps it within reach of errors.Is and
// errors.AsType for its own sentinel or type, but not its category: a
// restore refused because another contact took the email is ErrConflict
// with the *TakenError that names it, not ErrAlreadyExists; a meeting's
// attendee that is not found is ErrInvalidInput, not ErrNotFound, whose
// record is the call's own.
var (
	// ErrInvalidActor: the Actor of a call has no workspace, no user or an
	// unknown role.
	ErrInvalidActor = errors.New("invalid actor")
	// ErrPermission: the actor's role may not perform the action
	// (Options.Authorize said no).
	ErrPermission = errors.New("permission denied")
	// ErrInvalidInput: the input of a call does not parse or validate. The
	// error is a *ValidationError listing every problem.
	ErrInvalidInput = errors.New("invalid input")

	// ErrNotFound is store.ErrNotFound: no such record in the workspace.
	ErrNotFound = store.ErrNotFound
	// ErrConflict is store.ErrConflict: the call conflicts with the
	// current state of a record. Either a concurrent write won (a version
	// check, a preview that no longer holds: read again and retry), or
	// the state refuses the call, and the error matches the sentinel that
	// says how (ErrTrashed, ErrMerged, ErrNotTrashed, ErrNotMember,
	// ErrRestoreWindow, ErrValueLoss, ErrCountMismatch, ErrContactBlocked,
	// ErrKeyReused, activity.ErrTrashed, merge.ErrTrashed,
	// automation.ErrAlreadyEnrolled, automation.ErrInactive,
	// automation.ErrNotActive, an
	// *UnmergeError): the same call gets the same answer until that state
	// changes.
	ErrConflict = store.ErrConflict
	// ErrAlreadyExists is store.ErrAlreadyExists; an email or phone held
	// by another live contact of the workspace comes as a
	// *store.TakenError that names it.
	ErrAlreadyExists = store.ErrAlreadyExists
)

// TakenError reports that an email or phone is held by another live
// contact of the workspace, and names it. errors.Is(err,
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

// serviceError returns err, the failure of the Service call op, as the
// call reports it: "op: " and what went wrong in the Service's words, over
// err itself, so that errors.Is and errors.As see everything err holds.
//
// What a store says is the adapter's business ("memstore: get contact …"):
// the caller reads the category. An error that falls in a category of the
// store (not found, conflict, already exists, …) is described by its
// category alone, unless the Service described it (a *kindError); a
// *store.TakenError becomes a *TakenError. Any other error, the Service's
// own or a failure of the store's machinery (a lost connection), keeps its
// message.
func serviceError(op string, err error) error {
	msg, errs := describe(err)
	return &wrapped{msg: op + ": " + msg, errs: errs}
}

// storeCause is serviceError without the call's name, for an error that the
// Service reports inside another (the failure of one row of an import).
func storeCause(err error) error {
	msg, errs := describe(err)
	return &wrapped{msg: msg, errs: errs}
}

// describe returns the message and the wrapped errors of serviceError.
func describe(err error) (string, []error) {
	if st, ok := errors.AsType[*store.TakenError](err); ok {
		f, v := contact.KeyField(st.Key)
		taken := &TakenError{Field: f, Value: v, Owner: st.Owner}
		if !errors.Is(err, ErrAlreadyExists) {
			// Held by an error of another category: a restore or an
			// unmerge refused (ErrConflict) because the email is taken.
			return taken.Error(), []error{held{taken}, err}
		}
		return taken.Error(), []error{taken, err}
	}
	if _, described := errors.AsType[describedError](err); !described {
		for _, k := range storeKinds {
			if errors.Is(err, k.err) {
				return k.msg, []error{err}
			}
		}
	}
	if refusedByState(err) {
		return err.Error(), []error{err, ErrConflict}
	}
	return err.Error(), []error{err}
}

// stateRefusals are the errors by which the state of a record refuses a
// call: a contact in the trash or merged away, or not in the trash; not a
// member of the list; a restore window passed; values a type change would
// lose; a confirmed count that no longer holds; an activity in the trash
// or not in it; a contact in the trash named in a merge; an enrollment
// ended or stopped.
var stateRefusals = []error{
	ErrTrashed, ErrMerged, ErrNotTrashed, ErrNotMember, ErrRestoreWindow, ErrValueLoss, ErrCountMismatch,
	activity.ErrTrashed, activity.ErrNotTrashed, merge.ErrTrashed, automation.ErrNotActive,
}

// refusedByState reports whether err is a refusal of the state of a record
// (see stateRefusals) in no category of the Service's: it then matches
// ErrConflict too, as a blocked contact's enrolment does. A conflict is
// what HTTP's 409 says: the call conflicts with the current state. A
// retry of the same call gets the same answer until that state changes.
func refusedByState(err error) bool {
	for _, c := range [...]error{ErrInvalidActor, ErrPermission, ErrInvalidInput, ErrNotFound, ErrConflict, ErrAlreadyExists} {
		if errors.Is(err, c) {
			return false
		}
	}
	return isStateRefusal(err)
}

// isStateRefusal reports whether err matches one of stateRefusals.
func isStateRefusal(err error) bool {
	for _, r := range stateRefusals {
		if errors.Is(err, r) {
			return true
		}
	}
	return false
}

// categories are the categories of the Service's errors. Every error a
// call returns, but a failure of the store's machinery (a lost
// connection) or the context's error, matches exactly one of them.
var categories = [...]error{
	ErrInvalidActor, ErrPermission, ErrInvalidInput, ErrNotFound, ErrConflict, ErrAlreadyExists, store.ErrInvalidCursor,
}

// isCategory reports whether target is one of categories, or an error
// that matches one (store.ErrRetry, store.ErrInvalid).
func isCategory(target error) bool {
	for _, c := range categories {
		if target == c || errors.Is(target, c) || errors.Is(c, target) {
			return true
		}
	}
	return false
}

// held is an error held by an error of a category (a *ValidationError, a
// *kindError): errors.Is and errors.AsType find every error it wraps, as
// they would in err itself, except the categories, which the error that
// holds it says. A contact that an input names and that is not found
// makes the input invalid (ErrInvalidInput), not the call's record not
// found; a restore refused because another contact has taken the email
// is a conflict (ErrConflict), whose *TakenError names that contact but
// does not make the error ErrAlreadyExists too.
type held struct{ err error }

func (h held) Error() string { return h.err.Error() }

// Is reports whether the error held is target, or says it is (its own Is
// method), unless target is a category.
func (h held) Is(target error) bool {
	if isCategory(target) {
		return false
	}
	if x, ok := h.err.(interface{ Is(error) bool }); ok && x.Is(target) {
		return true
	}
	return reflect.TypeOf(target).Comparable() && h.err == target
}

// As sets target, a pointer, to the error held if it can hold it, or asks
// the error held (its own As method).
func (h held) As(target any) bool {
	v := reflect.ValueOf(target)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return false
	}
	if t := v.Elem().Type(); reflect.TypeOf(h.err).AssignableTo(t) {
		v.Elem().Set(reflect.ValueOf(h.err))
		return true
	}
	if x, ok := h.err.(interface{ As(any) bool }); ok {
		return x.As(target)
	}
	return false
}

// Unwrap returns what the error held wraps, held in turn.
func (h held) Unwrap() []error {
	switch u := h.err.(type) {
	case interface{ Unwrap() error }:
		if err := u.Unwrap(); err != nil {
			return []error{held{err}}
		}
	case interface{ Unwrap() []error }:
		return holdAll(u.Unwrap())
	}
	return nil
}

// holdAll returns errs, each held.
func holdAll(errs []error) []error {
	out := make([]error, 0, len(errs))
	for _, err := range errs {
		if err != nil {
			out = append(out, held{err})
		}
	}
	return out
}

// describedError is implemented by the error types of this package: an error
// that holds one was described by the Service, in its own words, and keeps
// its message even when it falls in a category of the store's.
type describedError interface {
	error
	describedByService()
}

func (*kindError) describedByService()          {}
func (*ValidationError) describedByService()    {}
func (*PermissionError) describedByService()    {}
func (*TakenError) describedByService()         {}
func (*UnmergeError) describedByService()       {}
func (*CascadeError) describedByService()       {}
func (*RestoreWindowError) describedByService() {}
func (*FieldLossError) describedByService()     {}
func (*ImportRowError) describedByService()     {}
func (*ImportStoppedError) describedByService() {}

// storeKinds are the categories of the store's errors and how the Service
// describes them, the narrower before the wider.
var storeKinds = []struct {
	err error
	msg string
}{
	{store.ErrRetry, "conflict: the transaction kept failing to serialize with concurrent ones; try again"},
	{store.ErrNotFound, "not found"},
	{store.ErrConflict, "conflict: changed concurrently; read it again and retry"},
	{store.ErrAlreadyExists, "already exists"},
	{store.ErrInvalidCursor, "invalid cursor"},
	{store.ErrReadOnly, "write in a read-only transaction"},
}

// kindError is an error of a category of the store's (kind: ErrConflict,
// ErrNotFound, …) that the Service found itself and describes in msg.
type kindError struct {
	kind error
	msg  string
	errs []error // what it wraps besides kind, if anything
}

func (e *kindError) Error() string { return e.msg }

// Unwrap returns the category and what the error wraps, held (see held):
// the error is of its category alone.
func (e *kindError) Unwrap() []error { return append([]error{e.kind}, holdAll(e.errs)...) }

// conflictf returns an error matching ErrConflict that says
// "conflict: " and then what format says.
func conflictf(format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &kindError{kind: ErrConflict, msg: "conflict: " + err.Error(), errs: wrappedBy(err)}
}

// notFoundf returns an error matching ErrNotFound that says what format
// says and then ": not found".
func notFoundf(format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &kindError{kind: ErrNotFound, msg: err.Error() + ": not found", errs: wrappedBy(err)}
}

// wrappedBy returns the errors that err, made by fmt.Errorf, wraps.
func wrappedBy(err error) []error {
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return []error{u.Unwrap()}
	case interface{ Unwrap() []error }:
		return u.Unwrap()
	}
	return nil
}

// wrapped is an error with a message of its own over the errors it wraps.
type wrapped struct {
	msg  string
	errs []error
}

func (e *wrapped) Error() string   { return e.msg }
func (e *wrapped) Unwrap() []error { return e.errs }

// ValidationError lists every problem found in the input of one call, all at
// once: *contact.ParseError for standard fields, *field.Error for custom
// fields, and the errors of the domain's Validate methods. errors.Is and
// errors.AsType see each of them, and errors.Is(err, ErrInvalidInput) holds;
// no other category does, even for a problem that wraps one (a contact the
// input names that is not found).
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

// Unwrap returns the problems, so that errors.Is and errors.AsType find
// each, held (see held): a problem that wraps an error of another category
// (a contact named by the input that is not found) leaves the error in
// ErrInvalidInput alone.
func (e *ValidationError) Unwrap() []error { return holdAll(e.Errors) }

// Is makes errors.Is(err, ErrInvalidInput) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalidInput }

// invalid wraps err, which may join several problems, in a
// *ValidationError listing each of them once; nil stays nil. Problems that
// are all refusals of the state of a record (see stateRefusals: an
// activity in its trash, or not in it) are no invalid input: err is
// returned as it is, and matches ErrConflict once the call reports it
// (see refusedByState).
func invalid(err error) error {
	if err == nil {
		return nil
	}
	problems := flatten(err, nil)
	if !slices.ContainsFunc(problems, func(p error) bool { return !isStateRefusal(p) }) {
		return err
	}
	return &ValidationError{Errors: problems}
}

// flatten appends the problems err holds to into. An error made by
// errors.Join is split into its parts, recursively; any other error is one
// problem, even when it wraps several errors to say one thing ("invalid
// phone number: too short").
func flatten(err error, into []error) []error {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok || reflect.TypeOf(err) != joinType {
		return append(into, err)
	}
	for _, e := range j.Unwrap() {
		into = flatten(e, into)
	}
	return into
}

// joinType is the type of the errors errors.Join makes, which the errors
// package does not export.
var joinType = reflect.TypeOf(errors.Join(errors.New("a"), errors.New("b")))

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
