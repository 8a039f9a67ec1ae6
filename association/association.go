package association

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/contactkit/contactkit/contact"
)

// Limits of the values of this package.
const (
	// MaxTypeName is the greatest length in bytes of a Type's name.
	MaxTypeName = 64
	// MaxRecordID is the greatest length in bytes of a host record's ID.
	MaxRecordID = 255
	// MaxLabel is the greatest number of characters (Unicode code points)
	// of a label.
	MaxLabel = 64
)

// ErrInvalid is the category of every invalid value of this package: a
// bad type name, record ID or label. The details come as an *Error; the
// error of a value over its length limit wraps contact.ErrTooLong too.
var ErrInvalid = errors.New("invalid association")

// ErrUnknownType is returned for a type name that is not registered.
var ErrUnknownType = errors.New("unknown association type")

// ErrLabelNotAllowed is returned for a label that the association's Type
// does not allow.
var ErrLabelNotAllowed = errors.New("label not allowed")

// Error reports one invalid value: which part, the input (at most a short
// prefix of it) and why. It wraps ErrInvalid, ErrUnknownType or
// ErrLabelNotAllowed.
type Error struct {
	Part  string // "type", "record" or "label"
	Input string
	Err   error
}

func (e *Error) Error() string {
	return fmt.Sprintf("association %s %q: %v", e.Part, e.Input, e.Err)
}

// Unwrap returns the reason.
func (e *Error) Unwrap() error { return e.Err }

func fail(part, input string, err error) error {
	if len(input) > 32 {
		input = strings.ToValidUTF8(input[:32], "") + "…"
	}
	return &Error{Part: part, Input: input, Err: err}
}

// Type is a kind of host record that contacts may be associated with,
// registered by the host: its name and the labels its associations may
// carry.
type Type struct {
	// Name identifies the type: 1 to MaxTypeName bytes of lower-case ASCII
	// letters, digits, '_' and '-' ("company", "deal", "support_ticket").
	Name string
	// Labels are the labels an association of the type may carry, besides
	// none. Empty with FreeLabels false: only unlabelled associations.
	Labels []string
	// FreeLabels lets an association carry any label of at most MaxLabel
	// characters; Labels are then suggestions.
	FreeLabels bool
}

// Validate checks t's name and labels, and reports every problem at once,
// joined.
func (t *Type) Validate() error {
	errs := []error{validName(t.Name)}
	for _, l := range t.Labels {
		if n, err := normalLabel(l); err != nil {
			errs = append(errs, err)
		} else if n != l || n == "" {
			errs = append(errs, fail("label", l, fmt.Errorf("%w: not in normal form (as a label is cleaned, and not empty)", ErrInvalid)))
		}
	}
	return errors.Join(errs...)
}

func validName(name string) error {
	switch {
	case name == "":
		return fail("type", name, fmt.Errorf("%w: no type name", ErrInvalid))
	case len(name) > MaxTypeName:
		return fail("type", name, fmt.Errorf("%w: %w: %d bytes, at most %d", ErrInvalid, contact.ErrTooLong, len(name), MaxTypeName))
	}
	for _, r := range name {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '_' || r == '-') {
			return fail("type", name, fmt.Errorf("%w: a type name holds lower-case ASCII letters, digits, '_' and '-'", ErrInvalid))
		}
	}
	return nil
}

// Label returns the label to store for the input l on an association of
// type t: cleaned as contact names are (invisible and control characters
// removed, white space trimmed and collapsed, NFC); for a type without FreeLabels, the
// registered spelling of the label that equals it case-insensitively. An
// empty (or blank) l means no label and is always allowed. A label the
// type does not allow gives an *Error wrapping ErrLabelNotAllowed; a label
// too long or with control characters one wrapping ErrInvalid.
func (t *Type) Label(l string) (string, error) {
	n, err := normalLabel(l)
	if err != nil || n == "" {
		return n, err
	}
	for _, allowed := range t.Labels {
		if strings.EqualFold(allowed, n) {
			return allowed, nil
		}
	}
	if t.FreeLabels {
		return n, nil
	}
	return "", fail("label", l, fmt.Errorf("%w for type %s", ErrLabelNotAllowed, t.Name))
}

// normalLabel cleans a label as names are cleaned (contact.NormalizeName:
// invisible and control characters removed, white space trimmed and
// collapsed, NFC) and checks its length.
func normalLabel(l string) (string, error) {
	if !utf8.ValidString(l) {
		return "", fail("label", l, fmt.Errorf("%w: invalid UTF-8", ErrInvalid))
	}
	n := contact.NormalizeName(l)
	if c := utf8.RuneCountInString(n); c > MaxLabel {
		return "", fail("label", l, fmt.Errorf("%w: %w: %d characters, at most %d", ErrInvalid, contact.ErrTooLong, c, MaxLabel))
	}
	return n, nil
}

// Target is one record of the host: its type's name and its ID. Make it
// with ParseTarget.
type Target struct {
	Type string
	ID   string
}

// ParseTarget returns the target of type typ and ID id, or an *Error
// wrapping ErrInvalid: typ must be a valid type name (see Type.Name), id 1
// to MaxRecordID bytes of valid UTF-8 without control characters. The ID is
// the host's and kept byte for byte: it is not trimmed.
func ParseTarget(typ, id string) (Target, error) {
	if err := validName(typ); err != nil {
		return Target{}, err
	}
	switch {
	case id == "":
		return Target{}, fail("record", id, fmt.Errorf("%w: no record ID", ErrInvalid))
	case len(id) > MaxRecordID:
		return Target{}, fail("record", id, fmt.Errorf("%w: %w: %d bytes, at most %d", ErrInvalid, contact.ErrTooLong, len(id), MaxRecordID))
	case !utf8.ValidString(id):
		return Target{}, fail("record", id, fmt.Errorf("%w: invalid UTF-8", ErrInvalid))
	case strings.IndexFunc(id, unicode.IsControl) >= 0:
		return Target{}, fail("record", id, fmt.Errorf("%w: control character", ErrInvalid))
	}
	return Target{Type: typ, ID: id}, nil
}

// String returns t as "type:id". Type names hold no ':', so the string
// identifies the target.
func (t Target) String() string { return t.Type + ":" + t.ID }

// IsZero reports whether t is the zero Target.
func (t Target) IsZero() bool { return t == Target{} }

// Association links a contact to a host record, with a label.
type Association struct {
	Contact contact.ID
	Target  Target
	// Label is the label, as Type.Label returned it; "" for none.
	Label     string
	CreatedAt time.Time
	CreatedBy contact.UserID
	// UpdatedAt is when the label last changed; CreatedAt at first.
	UpdatedAt time.Time
	// Version is the optimistic-concurrency version, set by the store.
	Version int64
}

// Follow says that a user follows a contact.
type Follow struct {
	Contact contact.ID
	User    contact.UserID
	At      time.Time // when the user started following
	// Version is the optimistic-concurrency version, set by the store.
	Version int64
}
