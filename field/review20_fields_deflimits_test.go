package field_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/field"
)

// X1: every limit of a definition, at exactly the limit and one over,
// counted in characters (code points) as given: the error of one over is a
// *DefinitionError naming the property, wrapping ErrInvalidDefinition and
// ErrTooLong, as every other text over its limit does (a value's, a
// name's, a list's); the definition's wrapped ErrInvalidDefinition alone.
// An option value over its limit read by ParseValue wraps ErrTooLong too.
func TestRv20FldDefinitionLimits(t *testing.T) {
	long := func(n int) string {
		// Two-, three- and four-byte characters: the limit is in characters.
		return strings.Repeat("é日😀a", n/4) + strings.Repeat("b", n%4)
	}
	base := func() field.Definition {
		return field.Definition{Key: field.MustParseKey("size"), Label: "Size", Type: field.TypeSelect,
			Options: []field.Option{{Value: "S"}, {Value: "M", Label: "Medium"}}}
	}
	for _, tc := range []struct {
		prop  string
		limit int
		set   func(d *field.Definition, s string)
	}{
		{"label", 255, func(d *field.Definition, s string) { d.Label = s }},
		{"group", 255, func(d *field.Definition, s string) { d.Group = s }},
		{"placeholder", 255, func(d *field.Definition, s string) { d.Placeholder = s }},
		{"description", 2000, func(d *field.Definition, s string) { d.Description = s }},
		{"options[1].value", 255, func(d *field.Definition, s string) { d.Options[1].Value = s }},
		{"options[1].label", 255, func(d *field.Definition, s string) { d.Options[1].Label = s }},
	} {
		d := base()
		tc.set(&d, long(tc.limit))
		require.NoError(t, d.Validate(), "%s of %d characters", tc.prop, tc.limit)
		d = base()
		tc.set(&d, long(tc.limit+1))
		err := d.Validate()
		require.ErrorIs(t, err, field.ErrInvalidDefinition, tc.prop)
		require.ErrorIs(t, err, field.ErrTooLong, "%s of %d characters", tc.prop, tc.limit+1)
		de, ok := errors.AsType[*field.DefinitionError](err)
		require.True(t, ok)
		require.Equal(t, tc.prop, de.Property)
		require.ErrorIs(t, base().CheckUpdate(d), field.ErrTooLong, "CheckUpdate: %s", tc.prop)
	}
	// Not too long, not ErrTooLong.
	d := base()
	d.Label = "a\x00"
	require.NotErrorIs(t, d.Validate(), field.ErrTooLong)

	_, err := field.ParseValue(field.TypeSelect, long(255))
	require.NoError(t, err)
	_, err = field.ParseValue(field.TypeSelect, long(256))
	require.ErrorIs(t, err, field.ErrInvalidValue)
	require.ErrorIs(t, err, field.ErrTooLong, "an option value of 256 characters")
}
