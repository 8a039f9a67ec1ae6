package field

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/contactkit/contactkit/internal/inputtext"
)

// Error is the error about one field's value: returned by Definition.Coerce,
// Definition.CheckValue and ParseValue, and joined by Validate.
//
// Err wraps ErrInvalidValue (with the reason: "not a number", "not an
// option …"), ErrUnknownField or ErrRequired (or ErrInvalidType when the
// definition's type itself is not valid), so that
//
//	errors.Is(err, field.ErrRequired)
//
// tells the category and the message tells the reason.
type Error struct {
	Key   Key    // the field; zero for ParseValue
	Type  Type   // the definition's type; empty for an unknown field
	Input string // the raw input, or the String of the checked value
	Err   error
}

// Error returns "field <key> (<type>) <input>: <reason>", with the input
// quoted; an input longer than 40 bytes is cut there and followed by "…"
// and its length, so that the message stays short whatever the input.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("field")
	if !e.Key.IsZero() {
		b.WriteString(" ")
		b.WriteString(strconv.Quote(e.Key.String()))
	}
	if e.Type != "" {
		b.WriteString(" (")
		b.WriteString(string(e.Type))
		b.WriteString(")")
	}
	if e.Input != "" {
		b.WriteString(" ")
		b.WriteString(inputtext.Quote(e.Input))
	}
	b.WriteString(": ")
	if e.Err == nil {
		b.WriteString("<nil>")
	} else {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }

// DefinitionError is a problem with a definition or with an update of one:
// returned (joined) by Definition.Validate and Definition.CheckUpdate.
//
// Err wraps ErrInvalidDefinition for a rule of Validate (and ErrInvalidKey
// or ErrInvalidType when those are the problem), or ErrKeyChange,
// ErrTypeChange or ErrOptionRemoved for a refused update.
type DefinitionError struct {
	Key      Key    // the definition's key; zero when it has none
	Property string // what is wrong: "key", "label", "type", "options", "options[2].value", …
	Err      error
}

// Error returns "field definition <key>: <property>: <reason>".
func (e *DefinitionError) Error() string {
	var b strings.Builder
	b.WriteString("field definition")
	if !e.Key.IsZero() {
		b.WriteString(" ")
		b.WriteString(strconv.Quote(e.Key.String()))
	}
	if e.Property != "" {
		b.WriteString(": ")
		b.WriteString(e.Property)
	}
	b.WriteString(": ")
	if e.Err == nil {
		b.WriteString("<nil>")
	} else {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns e.Err.
func (e *DefinitionError) Unwrap() error { return e.Err }

// invalid returns a reason error wrapping ErrInvalidValue.
func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidValue}, args...)...)
}

// invalidDef returns a reason error wrapping ErrInvalidDefinition.
func invalidDef(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidDefinition}, args...)...)
}

// clip shortens s for an error message: at most 40 bytes, then "…".
func clip(s string) string { return inputtext.Clip(s) }

// runeLen is the number of characters of s.
func runeLen(s string) int { return utf8.RuneCountInString(s) }
