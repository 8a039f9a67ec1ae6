package field_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/field"
)

// FINDING (X1): Validate compared every option with every option before
// it, and Coerce read each part of a multiselect input with a pass over the
// options, folding case and putting each label in NFC: with the most
// options a definition may have (a thousand) of long non-ASCII values, one
// Validate took about ten seconds and one Coerce of a few hundred parts
// half a minute, work that grew with the square of the input. Both take one
// pass now. Counted, not timed: reading parts by label, the pass put every
// label in NFC again for each part, an allocation each.
func TestRv22x1ManyLongOptionsAreLinear(t *testing.T) {
	opts := make([]field.Option, 1000)
	for i := range opts {
		v := strings.Repeat("é", 250) + fmt.Sprintf("%04d", i)
		opts[i] = field.Option{Value: v, Label: "Le\u0301" + strings.Repeat("e\u0301", 40) + fmt.Sprintf("%04d", i)}
	}
	d := field.Definition{Key: field.MustParseKey("k"), Label: "K", Type: field.TypeMultiselect, Options: opts}
	require.NoError(t, d.Validate())
	require.NoError(t, d.CheckUpdate(d))
	byValue := make([]string, 120)
	byLabel := make([]string, 120)
	for i := range byValue {
		byValue[i] = strings.ToUpper(opts[len(opts)-1-i].Value) // by value, ignoring case
		byLabel[i] = strings.ToUpper(opts[len(opts)-1-i].Label) // by label
	}
	for _, parts := range [][]string{byValue, byLabel} {
		in := strings.Join(parts, ", ")
		v, err := d.Coerce(in, "")
		require.NoError(t, err)
		require.Len(t, v.Options(), len(parts))
		require.Equal(t, opts[len(opts)-1].Value, v.Options()[len(parts)-1], "sorted, the last option named comes last")
		allocs := testing.AllocsPerRun(1, func() { _, _ = d.Coerce(in, "") })
		require.Less(t, allocs, float64(10*len(opts)+16*len(parts)), "allocations of a multiselect input of %d parts among %d options", len(parts), len(opts))
	}
}

// Validate still reports an option equal to an earlier one but for case,
// whichever script (and one equal, but for case, to an earlier invalid
// one).
func TestRv22x1DuplicateOptionsIgnoringCase(t *testing.T) {
	for _, pair := range [][2]string{{"Gold", "GOLD"}, {"straße", "STRAẞE"}, {"σίσυφος", "ΣΊΣΥΦΟΣ"}, {"\u212a", "k"}} {
		d := field.Definition{Key: field.MustParseKey("k"), Label: "K", Type: field.TypeSelect, Options: []field.Option{{Value: pair[0]}, {Value: "other"}, {Value: pair[1]}}}
		err := d.Validate()
		require.ErrorIs(t, err, field.ErrInvalidDefinition, "options %+q", pair)
		var props []string
		for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
			if de, ok := errors.AsType[*field.DefinitionError](e); ok {
				props = append(props, de.Property)
			}
		}
		require.Contains(t, props, "options[2].value", "options %+q: the third repeats the first", pair)
	}
}
