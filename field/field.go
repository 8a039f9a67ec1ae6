package field

import (
	"errors"
	"fmt"

	"github.com/contactkit/contactkit/internal/must"
)

// Sentinel errors: the categories callers test with errors.Is. The typed
// errors *Error and *DefinitionError carry the details and wrap one of them.
var (
	// ErrInvalidKey: a key is not a slug (see ParseKey).
	ErrInvalidKey = errors.New("invalid field key")
	// ErrInvalidType: a type is not one of the Type constants.
	ErrInvalidType = errors.New("invalid field type")
	// ErrInvalidDefinition: a definition breaks a rule of Definition.Validate.
	ErrInvalidDefinition = errors.New("invalid field definition")
	// ErrKeyChange: an update changes a definition's key, which is immutable.
	ErrKeyChange = errors.New("field key cannot change")
	// ErrTypeChange: an update changes a definition's type; that needs the
	// dry run and conversion of a type change (ChangeFieldType), not a plain update.
	ErrTypeChange = errors.New("field type change needs a conversion")
	// ErrOptionRemoved: an update drops an option; options are hidden,
	// never deleted, so that stored values stay valid.
	ErrOptionRemoved = errors.New("option removed: hide it instead")
	// ErrArchived: a value is written to an archived definition. Values it
	// holds stay valid; new ones, and clearing, are refused until it is
	// restored.
	ErrArchived = errors.New("field is archived")
	// ErrUnknownField: a value names no definition.
	ErrUnknownField = errors.New("unknown field")
	// ErrRequired: a required field has no value.
	ErrRequired = errors.New("required field is missing")
	// ErrInvalidValue: a raw string cannot be coerced to the field's type,
	// or a stored value does not fit its definition.
	ErrInvalidValue = errors.New("invalid field value")
)

// Key is the immutable slug that identifies a definition in its workspace:
// a lower-case ASCII letter followed by up to 63 lower-case letters, digits
// or underscores ("shoe_size"). It is comparable; the zero Key is "no key".
type Key struct{ s string }

// ParseKey returns the key spelled s. It does not trim or fold case: "Size"
// and " size" are errors wrapping ErrInvalidKey.
func ParseKey(s string) (Key, error) {
	if !validKey(s) {
		return Key{}, fmt.Errorf("parse field key %q: %w: want a lower-case letter, then up to 63 lower-case letters, digits or underscores", clip(s), ErrInvalidKey)
	}
	return Key{s}, nil
}

// validKey reports whether s is a lower-case ASCII letter followed by up to
// 63 lower-case letters, digits or underscores: every create and update
// parses the keys of its custom values, so this is a loop, not a regexp.
func validKey(s string) bool {
	if len(s) == 0 || len(s) > 64 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// MustParseKey is ParseKey that panics on error, for constants in tests and
// examples.
func MustParseKey(s string) Key {
	return must.Get(ParseKey(s))
}

// String returns the slug, or "" for the zero Key.
func (k Key) String() string { return k.s }

// IsZero reports whether k is the zero Key.
func (k Key) IsZero() bool { return k.s == "" }

// MarshalText implements encoding.TextMarshaler; the zero Key is empty.
func (k Key) MarshalText() ([]byte, error) { return []byte(k.s), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseKey; empty
// text gives the zero Key.
func (k *Key) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*k = Key{}
		return nil
	}
	p, err := ParseKey(string(text))
	if err != nil {
		return err
	}
	*k = p
	return nil
}

// Type is the type of a custom field. Its values are the constants
// below; Valid reports whether a Type is one of them.
type Type string

// The field types.
const (
	TypeText        Type = "text"        // one line, at most MaxTextLen characters
	TypeTextarea    Type = "textarea"    // several lines, at most MaxTextareaLen characters
	TypeNumber      Type = "number"      // an exact decimal
	TypeMonetary    Type = "monetary"    // an exact decimal amount with two decimals, no currency
	TypeDate        Type = "date"        // a civil date
	TypeDatetime    Type = "datetime"    // an instant, kept in UTC
	TypeCheckbox    Type = "checkbox"    // true or false
	TypeSelect      Type = "select"      // one option
	TypeMultiselect Type = "multiselect" // a set of options
	TypePhone       Type = "phone"       // an E.164 number
	TypeEmail       Type = "email"       // a normalised email address
	TypeURL         Type = "url"         // an absolute http or https URL
)

// ParseType returns the Type spelled s, exactly as the constants spell it
// ("text", "multiselect"); anything else is an error wrapping
// ErrInvalidType.
func ParseType(s string) (Type, error) {
	if t := Type(s); t.Valid() {
		return t, nil
	}
	return "", fmt.Errorf("parse field type %q: %w", clip(s), ErrInvalidType)
}

// Valid reports whether t is one of the Type constants.
func (t Type) Valid() bool {
	switch t {
	case TypeText, TypeTextarea, TypeNumber, TypeMonetary, TypeDate, TypeDatetime,
		TypeCheckbox, TypeSelect, TypeMultiselect, TypePhone, TypeEmail, TypeURL:
		return true
	}
	return false
}

// HasOptions reports whether fields of type t choose among options: select
// and multiselect.
func (t Type) HasOptions() bool { return t == TypeSelect || t == TypeMultiselect }

// MarshalText implements encoding.TextMarshaler.
func (t Type) MarshalText() ([]byte, error) { return []byte(t), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseType.
func (t *Type) UnmarshalText(text []byte) error {
	p, err := ParseType(string(text))
	if err != nil {
		return err
	}
	*t = p
	return nil
}
