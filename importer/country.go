package importer

import (
	"strings"
	"unicode"

	"golang.org/x/text/language"

	"github.com/contactkit/contactkit/contact"
)

//go:generate go run ../internal/gen/countrynames -o countrynames.go

// ParseCountry reads a country cell as vendor exports write it: an ISO
// 3166-1 alpha-2 code ("FR"), an alpha-3 code ("FRA", "USA"), or the
// country's name in English or French, in any case, with or without
// accents and punctuation ("France", "United States", "Côte d'Ivoire",
// "Royaume-Uni"), as Outlook's and HubSpot's "Country/Region" columns hold
// it. Any other value gives contact.ParseCountry's error for it.
func ParseCountry(s string) (contact.Country, error) {
	c, err := contact.ParseCountry(s)
	if err == nil {
		return c, nil
	}
	v := strings.TrimSpace(s)
	if len(v) == 3 && isLetters(v) {
		if r, err3 := language.ParseRegion(v); err3 == nil {
			if cc, err3 := contact.ParseCountry(r.String()); err3 == nil {
				return cc, nil
			}
		}
	}
	if len(v) <= maxCountryName {
		if code, ok := countryNames[countryKey(v)]; ok {
			return contact.ParseCountry(code)
		}
	}
	return contact.Country{}, err
}

// maxCountryName bounds the cells looked up as a country's name: longer
// than any name of countryNames.
const maxCountryName = 100

// countryKey returns the letters and digits of s, folded: the key of
// countryNames (internal/gen/countrynames writes it the same way).
func countryKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, contact.Fold(s))
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}
