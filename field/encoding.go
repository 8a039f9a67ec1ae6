package field

import (
	"bytes"
	"fmt"
)

// MarshalText implements encoding.TextMarshaler: the type, a colon and the
// stored content ("text:hello", "checkbox:false"), or empty text for the
// zero Value. The options of a multiselect are kept as stored (joined by
// U+001F), so that UnmarshalText gives back a Value == to v. It is the form
// in which stores keep custom field values, as JSON map values.
func (v Value) MarshalText() ([]byte, error) {
	if v.IsZero() {
		return []byte{}, nil
	}
	b := make([]byte, 0, len(v.typ)+1+len(v.s))
	b = append(b, v.typ...)
	b = append(b, ':')
	return append(b, v.s...), nil
}

// UnmarshalText implements encoding.TextUnmarshaler: it reads what
// MarshalText wrote. Empty text gives the zero Value. The content is taken
// as stored, without coercion (a select value needs its definition to be
// checked: see Definition.CheckValue); the type must be one of the Type
// constants and the content not empty, else the error wraps ErrInvalidType
// or ErrInvalidValue and *v is left unchanged.
func (v *Value) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*v = Value{}
		return nil
	}
	typ, s, ok := bytes.Cut(text, []byte{':'})
	if !ok {
		return fmt.Errorf("unmarshal field value %q: no type: %w", clip(string(text)), ErrInvalidValue)
	}
	t, err := ParseType(string(typ))
	if err != nil {
		return fmt.Errorf("unmarshal field value: %w", err)
	}
	if len(s) == 0 {
		return fmt.Errorf("unmarshal field value %q: empty %s value: %w", clip(string(text)), t, ErrInvalidValue)
	}
	*v = Value{typ: t, s: string(s)}
	return nil
}
