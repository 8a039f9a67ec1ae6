package contact

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/contactkit/contactkit/internal/inputtext"
)

// Label says what an email or a phone of a contact is for: one of the
// labels below, or one of the host's own ("school", "assistant"). The zero
// Label is no label.
type Label string

// The standard labels.
const (
	LabelHome     Label = "home"
	LabelWork     Label = "work"
	LabelMobile   Label = "mobile"
	LabelWhatsApp Label = "whatsapp"
	LabelOther    Label = "other"
)

// MaxLabelLen bounds a label, in characters.
const MaxLabelLen = 32

// MaxOtherAddresses bounds the secondary emails, and the secondary phones,
// of one contact.
const MaxOtherAddresses = 20

// ErrInvalidLabel is wrapped by the error of a bad label.
var ErrInvalidLabel = errors.New("invalid label")

// ParseLabel returns the label of s: without invisible characters, trimmed,
// inner white space collapsed to one space, in lower case and in Unicode
// NFC, so that "Work" and " work " are LabelWork and "Bu\u0308ro" is
// "büro". It refuses control characters and more than
// MaxLabelLen characters with a *ParseError wrapping ErrInvalidLabel. A
// blank s is the zero Label.
func ParseLabel(s string) (Label, error) {
	l, err := parseLabel(s)
	// A string of its own: l is often s, which may be a part of a larger
	// string that a stored label would keep whole.
	return Label(strings.Clone(string(l))), err
}

// parseLabel is ParseLabel, whose result may share s's memory: for a check
// that keeps nothing.
func parseLabel(s string) (Label, error) {
	if len(s) > 4*MaxLabelLen+64 {
		return "", &ParseError{Field: FieldLabel, Input: s, Err: fmt.Errorf("%w: %w", ErrInvalidLabel, tooLong(len(s), true, MaxLabelLen))}
	}
	l := inputtext.NFC(strings.ToLower(strings.Join(strings.Fields(inputtext.StripInvisible(s)), " ")))
	switch {
	case !utf8.ValidString(l) || strings.IndexFunc(l, unicode.IsControl) >= 0:
		return "", &ParseError{Field: FieldLabel, Input: s, Err: fmt.Errorf("%w: control characters", ErrInvalidLabel)}
	case utf8.RuneCountInString(l) > MaxLabelLen:
		return "", &ParseError{Field: FieldLabel, Input: s, Err: fmt.Errorf("%w: %w", ErrInvalidLabel, tooLong(utf8.RuneCountInString(l), false, MaxLabelLen))}
	}
	return Label(l), nil
}

// LabeledEmail is a secondary email of a contact with its label.
type LabeledEmail struct {
	Email Email
	Label Label
}

// LabeledPhone is a secondary phone of a contact with its label.
type LabeledPhone struct {
	Phone Phone
	Label Label
}

// LabeledInput is a raw email or phone with its raw label, as a Patch takes
// them.
type LabeledInput struct {
	Value string
	Label string
}

// Emails returns every email of c, the primary first, then the secondary
// ones in order. The slice is new on every call.
func (c Contact) Emails() []Email {
	out := make([]Email, 0, 1+len(c.OtherEmails))
	if !c.Email.IsZero() {
		out = append(out, c.Email)
	}
	for _, e := range c.OtherEmails {
		out = append(out, e.Email)
	}
	return out
}

// Phones returns every phone of c, the primary first, then the secondary
// ones in order. The slice is new on every call.
func (c Contact) Phones() []Phone {
	out := make([]Phone, 0, 1+len(c.OtherPhones))
	if !c.Phone.IsZero() {
		out = append(out, c.Phone)
	}
	for _, p := range c.OtherPhones {
		out = append(out, p.Phone)
	}
	return out
}

// Errors of the emails and phones of a contact.
var (
	// ErrDuplicateAddress: an email or a phone is given twice to one
	// contact (as primary and secondary, or twice as secondary).
	ErrDuplicateAddress = errors.New("the same address twice")
	// ErrNoPrimary: a contact has secondary emails (or phones) but no
	// primary one.
	ErrNoPrimary = errors.New("secondary addresses without a primary one")
)

// identityProblems reports the rules of the emails and phones of c: no
// address twice, no secondary without a primary, at most MaxOtherAddresses
// secondary ones of each kind, no zero secondary address, labels that
// ParseLabel would give.
func (c Contact) identityProblems() []error {
	var errs []error
	check := func(name string, primary bool, others int, addrs []string, zero bool) {
		if others > 0 && !primary {
			errs = append(errs, fmt.Errorf("%w: %s: %w", ErrInvalid, name, ErrNoPrimary))
		}
		if others > MaxOtherAddresses {
			errs = append(errs, fmt.Errorf("%w: %s: %d secondary addresses, at most %d", ErrInvalid, name, others, MaxOtherAddresses))
		}
		if zero {
			errs = append(errs, fmt.Errorf("%w: %s: an empty secondary address", ErrInvalid, name))
		}
		if len(addrs) < 2 {
			return // most contacts: no two addresses of a kind to compare
		}
		seen := make(map[string]bool, len(addrs))
		for _, a := range addrs {
			if seen[a] {
				errs = append(errs, fmt.Errorf("%w: %s: %w: %s", ErrInvalid, name, ErrDuplicateAddress, inputtext.Quote(a)))
			}
			seen[a] = true
		}
	}
	// The canonical forms, which their keys (Keys) only prefix: listed
	// only when there are secondary addresses, the only way to have two.
	var emails, phones []string
	zeroEmail, zeroPhone := false, false
	if len(c.OtherEmails) > 0 {
		for _, e := range c.Emails() {
			emails = append(emails, e.String())
		}
	}
	if len(c.OtherPhones) > 0 {
		for _, p := range c.Phones() {
			phones = append(phones, p.String())
		}
	}
	for _, e := range c.OtherEmails {
		zeroEmail = zeroEmail || e.Email.IsZero()
	}
	for _, p := range c.OtherPhones {
		zeroPhone = zeroPhone || p.Phone.IsZero()
	}
	check(FieldOtherEmails, !c.Email.IsZero(), len(c.OtherEmails), emails, zeroEmail)
	check(FieldOtherPhones, !c.Phone.IsZero(), len(c.OtherPhones), phones, zeroPhone)
	checkLabel := func(l Label) {
		if got, err := parseLabel(string(l)); err != nil || got != l {
			errs = append(errs, fmt.Errorf("%w: label %s is not in the form ParseLabel gives", ErrInvalid, inputtext.Quote(string(l))))
		}
	}
	checkLabel(c.EmailLabel)
	checkLabel(c.PhoneLabel)
	for _, e := range c.OtherEmails {
		checkLabel(e.Label)
	}
	for _, p := range c.OtherPhones {
		checkLabel(p.Label)
	}
	return errs
}

// applyIdentities applies the labels and secondary addresses of p to next,
// after its primary email and phone. A new primary that was a secondary
// address leaves the secondary list, with its label unless p gives the
// primary's; a contact left with secondary addresses and no primary one
// takes the first as primary; a contact left with no primary has no label
// for it.
func (p *Patch) applyIdentities(next *Contact, opts ApplyOptions, errs []error) []error {
	// A secondary address made primary brings its label, found among the
	// secondary addresses next had before p replaces them; a label p gives
	// wins below.
	next.EmailLabel = heldLabel(next.OtherEmails, func(e LabeledEmail) (Email, Label) { return e.Email, e.Label }, next.Email, next.EmailLabel)
	next.PhoneLabel = heldLabel(next.OtherPhones, func(p LabeledPhone) (Phone, Label) { return p.Phone, p.Label }, next.Phone, next.PhoneLabel)
	label := func(dst *Label, v *string) {
		if v == nil || (opts.KeepOnBlank && blank(*v)) {
			return
		}
		l, err := ParseLabel(*v)
		if err != nil {
			errs = append(errs, err)
			return
		}
		*dst = l
	}
	label(&next.EmailLabel, p.EmailLabel)
	label(&next.PhoneLabel, p.PhoneLabel)
	if in, given := addressInputs(p.OtherEmails); given && !(opts.KeepOnBlank && len(in) == 0) {
		next.OtherEmails = nil
		gate := othersGate{name: FieldOtherEmails, given: len(in)}
		for _, li := range in {
			e, _, err := opts.EmailPolicy.ParseEmailInput(li.Value)
			if !gate.pass(&errs, err == nil && e == next.Email) {
				next.OtherEmails = nil
				break
			}
			l, lerr := ParseLabel(li.Label)
			if err != nil || lerr != nil {
				errs = appendErrs(errs, asField(err, FieldOtherEmails), lerr)
				continue
			}
			next.OtherEmails = append(next.OtherEmails, LabeledEmail{Email: e, Label: l})
		}
	}
	if in, given := addressInputs(p.OtherPhones); given && !(opts.KeepOnBlank && len(in) == 0) {
		next.OtherPhones = nil
		gate := othersGate{name: FieldOtherPhones, given: len(in)}
		for _, li := range in {
			v := strings.TrimSpace(inputtext.StripInvisible(li.Value))
			var ph Phone
			e164, _, err := opts.parsePhone(v)
			if err != nil {
				err = parseError("phone", v, err)
			} else {
				ph = Phone{e164}
			}
			if !gate.pass(&errs, err == nil && ph == next.Phone) {
				next.OtherPhones = nil
				break
			}
			l, lerr := ParseLabel(li.Label)
			if err != nil || lerr != nil {
				errs = appendErrs(errs, asField(err, FieldOtherPhones), lerr)
				continue
			}
			next.OtherPhones = append(next.OtherPhones, LabeledPhone{Phone: ph, Label: l})
		}
	}
	// A primary is never also secondary; a secondary is promoted when there
	// is no primary.
	next.OtherEmails = dropAddress(next.OtherEmails, func(e LabeledEmail) bool { return e.Email == next.Email })
	next.OtherPhones = dropAddress(next.OtherPhones, func(p LabeledPhone) bool { return p.Phone == next.Phone })
	if next.Email.IsZero() && len(next.OtherEmails) > 0 {
		next.Email, next.EmailLabel = next.OtherEmails[0].Email, next.OtherEmails[0].Label
		next.OtherEmails = next.OtherEmails[1:]
	}
	if next.Phone.IsZero() && len(next.OtherPhones) > 0 {
		next.Phone, next.PhoneLabel = next.OtherPhones[0].Phone, next.OtherPhones[0].Label
		next.OtherPhones = next.OtherPhones[1:]
	}
	// A label is its address's: no primary, no label (an email cleared
	// does not hand its label to the next one, which may be another's).
	if next.Email.IsZero() {
		next.EmailLabel = ""
	}
	if next.Phone.IsZero() {
		next.PhoneLabel = ""
	}
	if len(next.OtherEmails) == 0 {
		next.OtherEmails = nil
	}
	if len(next.OtherPhones) == 0 {
		next.OtherPhones = nil
	}
	return errs
}

// maxOthersParsed is the most secondary addresses of one kind, other than
// copies of the primary, that a patch has parsed and reported on: past
// them the input is refused by its number alone, so that a hundred
// thousand bad addresses cost no more, nor give a longer error, than a
// hundred. Every input it refuses so was refused before it: more than
// MaxOtherAddresses that are not the primary.
const maxOthersParsed = 5 * MaxOtherAddresses

// othersGate counts the secondary addresses of one kind a patch gives as
// they are parsed (see maxOthersParsed).
type othersGate struct {
	name         string // the field
	given, other int    // the entries of the patch; those passed that are not the primary
}

// pass reports whether the entry just parsed, a copy of the primary if
// primary is true, is within maxOthersParsed; at the first past it, errs
// gets the problem of the input's number (the only one of it: the caller
// keeps none of the addresses, which identityProblems would count again).
func (g *othersGate) pass(errs *[]error, primary bool) bool {
	if primary {
		return true
	}
	if g.other++; g.other <= maxOthersParsed {
		return true
	}
	*errs = append(*errs, fmt.Errorf("%w: %s: more than %d secondary addresses of the %d given, at most %d", ErrInvalid, g.name, maxOthersParsed, g.given, MaxOtherAddresses))
	return false
}

// addressInputs returns the entries of in whose value is not blank, and
// whether in is given (not nil). A blank entry is no address, as a blank
// email or phone is none: a form's second email left empty.
func addressInputs(in *[]LabeledInput) ([]LabeledInput, bool) {
	if in == nil {
		return nil, false
	}
	isBlank := func(li LabeledInput) bool { return blank(li.Value) }
	if !slices.ContainsFunc(*in, isBlank) {
		return *in, true
	}
	return slices.DeleteFunc(slices.Clone(*in), isBlank), true
}

// heldLabel returns the label of the address of others that is primary
// (a secondary address made primary keeps its label), or label when none
// is.
func heldLabel[A comparable, T any](others []T, parts func(T) (A, Label), primary A, label Label) Label {
	for _, o := range others {
		if a, l := parts(o); a == primary {
			return l
		}
	}
	return label
}

// dropAddress returns s without the entries drop selects, in a new slice.
func dropAddress[T any](s []T, drop func(T) bool) []T {
	var out []T
	for _, v := range s {
		if !drop(v) {
			out = append(out, v)
		}
	}
	return out
}

// appendErrs appends the errors of more that are not nil to errs.
func appendErrs(errs []error, more ...error) []error {
	for _, err := range more {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// asField returns err with the Field of its *ParseError set to name, so
// that a bad secondary address is told from a bad primary one; nil for nil.
func asField(err error, name string) error {
	if pe, ok := errors.AsType[*ParseError](err); ok {
		c := *pe
		c.Field = name
		return &c
	}
	return err
}
