package importer_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
)

// A vCard 4.0 lists the languages of its contact with their preference
// (RFC 6350 6.4.4: LANG;PREF=1 is the most preferred), in any order: the
// contact's language is the preferred one, as its email, phone and
// address are, not the first written.
func TestReview18VCardPreferredLanguage(t *testing.T) {
	for _, tc := range []struct{ name, langs, want string }{
		{"preferred second", "LANG;PREF=2:en\r\nLANG;PREF=1:fr\r\n", "fr"},
		{"preferred first", "LANG;PREF=1:de\r\nLANG;PREF=2:en\r\n", "de"},
		{"none marked", "LANG:it\r\nLANG:en\r\n", "it"},
		{"marked after unmarked", "LANG:it\r\nLANG;PREF=3:es\r\n", "es"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			card := "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\n" + tc.langs + "END:VCARD\r\n"
			r, err := importer.NewVCard(strings.NewReader(card), nil)
			require.NoError(t, err)
			row, err := r.Next()
			require.NoError(t, err)
			col := slices.Index(r.Header(), "Language")
			require.GreaterOrEqual(t, col, 0)
			assert.Equal(t, tc.want, row.Cells[col])
		})
	}
}
