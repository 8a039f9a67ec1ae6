package field_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/field"
)

// X1: "an error quotes at most a short prefix of a bad value". The error
// of an input that names no option lists the options, and the error of a
// hidden one names it: with option values of 255 characters (their
// limit), they were quoted whole, a message of kilobytes. They are cut as
// an input is: the messages stay short whatever the options.
func TestRv20FldOptionErrorsStayShort(t *testing.T) {
	for _, typ := range []field.Type{field.TypeSelect, field.TypeMultiselect} {
		d := field.Definition{Key: field.MustParseKey("pick"), Label: "Pick", Type: typ}
		for i := range 20 {
			d.Options = append(d.Options, field.Option{Value: fmt.Sprintf("%02d ", i) + strings.Repeat("ü", 252), Hidden: i == 0})
		}
		require.NoError(t, d.Validate())
		for _, in := range []string{"nope", d.Options[0].Value} {
			_, err := d.Coerce(in, "")
			require.ErrorIs(t, err, field.ErrInvalidValue)
			require.LessOrEqual(t, len(err.Error()), 1000, "%s: %s", typ, err)
		}
	}
}
