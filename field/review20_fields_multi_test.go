package field_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/field"
)

// rv20FldLongOptions returns a multiselect of n options whose values are
// 255 characters (the limit of an option value) and whose labels are
// short ("o17"), and the input that names every option by its label.
func rv20FldLongOptions(n int) (field.Definition, string) {
	d := field.Definition{Key: field.MustParseKey("topics"), Label: "Topics", Type: field.TypeMultiselect}
	var labels []string
	for i := range n {
		v := fmt.Sprintf("%03d ", i) + strings.Repeat("é", 251)
		d.Options = append(d.Options, field.Option{Value: v, Label: fmt.Sprint("o", i)})
		labels = append(labels, fmt.Sprint("o", i))
	}
	return d, strings.Join(labels, ", ")
}

// X1 and the contract of Coerce: "for every Value v that Coerce returns,
// d.Coerce(v.String(), region) returns v again", and a value Coerce
// returns is valid as stored (CheckValue). A multiselect chosen by short
// labels of long option values was accepted with a canonical text longer
// than the bound of a multiselect's input (64 KiB): its text did not read
// back, CheckValue refused it (so the contact holding it could not be
// saved), and neither did an export read back. A multiselect value is now
// at most MaxValueLen characters, as every other text, refused over it
// with ErrTooLong whatever names the options; one at the bound reads back.
func TestRv20FldMultiselectOfLongOptionsReadsBack(t *testing.T) {
	d, input := rv20FldLongOptions(300)
	require.NoError(t, d.Validate())
	v, err := d.Coerce(input, "")
	if err == nil {
		again, err := d.Coerce(v.String(), "")
		require.NoError(t, err, "its text reads back")
		require.Equal(t, v, again)
		require.NoError(t, d.CheckValue(v), "a value Coerce returns is valid as stored")
	} else {
		require.ErrorIs(t, err, field.ErrTooLong)
		require.ErrorIs(t, err, field.ErrInvalidValue)
	}

	// The longest value: as many options as MaxValueLen characters hold.
	per := 255 + len(", ")
	n := (field.MaxValueLen + 2) / per
	d, input = rv20FldLongOptions(n)
	v, err = d.Coerce(input, "")
	require.NoError(t, err, "%d options of 255 characters", n)
	require.LessOrEqual(t, len([]rune(v.String())), field.MaxValueLen)
	again, err := d.Coerce(v.String(), "")
	require.NoError(t, err, "the longest value reads back")
	require.Equal(t, v, again)
	require.NoError(t, d.CheckValue(v))
	p, err := field.ParseValue(field.TypeMultiselect, v.String())
	require.NoError(t, err)
	require.Equal(t, v, p)

	d, input = rv20FldLongOptions(n + 1)
	_, err = d.Coerce(input, "")
	require.ErrorIs(t, err, field.ErrTooLong, "%d options of 255 characters", n+1)
	text := field.Definition{Key: field.MustParseKey("t"), Label: "T", Type: field.TypeText}
	long, err := text.CoerceWith(input, field.CoerceOptions{Limits: field.Limits{Text: field.MaxValueLen}})
	require.NoError(t, err)
	_, err = d.Convert(long, field.CoerceOptions{})
	require.ErrorIs(t, err, field.ErrTooLong, "a text converted to such a multiselect is a loss, not a value")

	// Names are bounded by the options a definition may have, duplicates
	// included: each costs a pass over the options.
	d, _ = rv20FldLongOptions(3)
	_, err = d.Coerce(strings.Repeat("o1, ", 1000), "")
	require.NoError(t, err, "1000 names")
	_, err = d.Coerce(strings.Repeat("o1, ", 1001), "")
	require.ErrorIs(t, err, field.ErrTooLong, "1001 names")
}
