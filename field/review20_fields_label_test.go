package field_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/field"
)

// An option's label need not be in NFC (Validate takes it as typed: a
// label pasted from a macOS file name is decomposed), while Coerce puts
// the input in NFC before it matches it: a decomposed label was matched by
// no input, neither typed composed nor pasted decomposed as it was defined.
func TestRv20FldDecomposedLabelNamesItsOption(t *testing.T) {
	for _, typ := range []field.Type{field.TypeSelect, field.TypeMultiselect} {
		d := field.Definition{Key: field.MustParseKey("drink"), Label: "Drink", Type: typ, Options: []field.Option{
			{Value: "tea", Label: "The\u0301 vert"}, {Value: "coffee", Label: " Cafe\u0301 "}}}
		require.NoError(t, d.Validate())
		for in, want := range map[string]string{
			"Café": "coffee", "cafe\u0301": "coffee", "CAFÉ": "coffee", "Thé vert": "tea", "the\u0301 VERT": "tea",
		} {
			v, err := d.Coerce(in, "")
			require.NoError(t, err, "%s %q", typ, in)
			require.Equal(t, []string{want}, v.Options(), "%s %q", typ, in)
		}
	}
}
