// Package countryname splits a country's name into the words by which
// importer.ParseCountry looks it up, for the importer and for the generator
// of its table of names (internal/gen/countrynames), which must agree.
package countryname

import (
	"strings"
	"unicode"

	"github.com/contactkit/contactkit/contact"
)

// Words returns the words of s, folded (contact.Fold): its runs of letters
// and digits, an apostrophe inside one dropped ("People's" is "peoples"),
// without the words "the" and "and", with "saint" written "st".
func Words(s string) []string {
	words := strings.FieldsFunc(strings.Map(func(r rune) rune {
		if isApostrophe(r) {
			return -1
		}
		return r
	}, contact.Fold(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	out := words[:0]
	for _, w := range words {
		switch w {
		case "the", "and":
			continue
		case "saint":
			w = "st"
		}
		out = append(out, w)
	}
	return out
}

// Key returns the key of a name in the table: its Words joined.
func Key(s string) string { return strings.Join(Words(s), "") }

func isApostrophe(r rune) bool {
	return r == '\'' || r == '\u2019' || r == '\u2018' || r == '\u02BC' || r == '`'
}
