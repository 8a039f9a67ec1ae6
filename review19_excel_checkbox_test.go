package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/field"
)

// A checkbox exported as "true" or "false" is a boolean to Excel, which
// saves it in its locale's words: TRUE and FALSE in English, VRAI and FAUX
// in French, WAHR and FALSCH in German. Each reads back.
func TestReview19ExcelCheckboxWords(t *testing.T) {
	defs := []field.Definition{{Key: field.MustParseKey("cb"), Label: "CB", Type: field.TypeCheckbox}}
	file := "\ufeffFirst Name;Email 1 - Value;cb\r\n" +
		"Ann;ann@example.de;WAHR\r\n" +
		"Ben;ben@example.de;FALSCH\r\n" +
		"Cat;cat@example.fr;VRAI\r\n" +
		"Dan;dan@example.fr;FAUX\r\n" +
		"Eve;eve@example.com;TRUE\r\n" +
		"Fay;fay@example.com;FALSE\r\n"
	svc := accService("DE")
	acc2CreateFields(t, svc, defs)
	run := accImport(t, svc, []byte(file), "DE", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 6, run.res.Created, run.outcomes())
	for email, want := range map[string]bool{
		"ann@example.de": true, "ben@example.de": false, "cat@example.fr": true,
		"dan@example.fr": false, "eve@example.com": true, "fay@example.com": false,
	} {
		got, ok := accByEmail(t, svc, email).Fields[field.MustParseKey("cb")].Bool()
		assert.True(t, ok, email)
		assert.Equal(t, want, got, email)
	}
}
