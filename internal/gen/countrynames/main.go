// Command countrynames writes importer/countrynames.go: the English and
// French names of every current country, as golang.org/x/text's display
// tables give them, its names in the languages of otherLanguages (but those
// that name two countries), and the other names of otherNames, as importer's
// countryname.Words writes them (joined), each with its ISO 3166-1 alpha-2 code. The table
// is generated so that the importer does not link x/text's display tables
// (megabytes) for a few kilobytes of names. It refuses a name that would
// name two countries.
//
//	go run ./internal/gen/countrynames
//
// or go generate in importer, which passes -o countrynames.go.
package main

import (
	"fmt"
	"maps"
	"slices"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/countryname"
	"github.com/contactkit/contactkit/internal/gen/gentable"
)

func main() { gentable.Main("importer/countrynames.go", generate) }

// generate returns the source of importer/countrynames.go.
func generate() ([]byte, error) {
	names := map[string]string{}
	var keys []string
	add := func(name, code string, other bool) error {
		key := countryname.Key(name)
		if key == "" {
			return nil
		}
		if _, ok := names[key]; ok && other {
			return fmt.Errorf("%q (%s) is read without it", name, code)
		}
		if prev, ok := names[key]; ok && prev != code {
			return fmt.Errorf("%q names %s and %s", name, prev, code)
		}
		if _, ok := names[key]; !ok {
			keys = append(keys, key)
		}
		names[key] = code
		return nil
	}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			c, err := contact.ParseCountry(code)
			if err != nil || c.String() != code {
				continue
			}
			r := language.MustParseRegion(code)
			for _, n := range []display.Namer{display.English.Regions(), display.French.Regions()} {
				if err := add(n.Name(r), code, false); err != nil {
					return nil, err
				}
			}
		}
	}
	for _, code := range slices.Sorted(maps.Keys(otherNames)) {
		if c, err := contact.ParseCountry(code); err != nil || c.String() != code {
			return nil, fmt.Errorf("otherNames: %s is not the code of a country", code)
		}
		for _, name := range otherNames[code] {
			if err := add(name, code, true); err != nil {
				return nil, fmt.Errorf("otherNames: %w", err)
			}
		}
	}
	// The names in the other languages of otherLanguages: one that names
	// two countries, or another country in English or French or among
	// otherNames, is left out.
	more := map[string]string{}
	ambiguous := map[string]bool{}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			if c, err := contact.ParseCountry(code); err != nil || c.String() != code {
				continue
			}
			r := language.MustParseRegion(code)
			for _, tag := range otherLanguages {
				key := countryname.Key(display.Regions(tag).Name(r))
				if key == "" || isCode(key) || shortLatin(key) {
					continue
				}
				if prev, ok := names[key]; ok {
					if prev != code {
						ambiguous[key] = true
					}
					continue
				}
				if prev, ok := more[key]; ok && prev != code {
					ambiguous[key] = true
				}
				more[key] = code
			}
		}
	}
	for key, code := range more {
		if !ambiguous[key] {
			names[key] = code
			keys = append(keys, key)
		}
	}
	slices.Sort(keys)
	return gentable.Source("internal/gen/countrynames", "countryNames", []string{
		"countryNames maps the English and French name of each current country,",
		"the other names that files write for some (internal/gen/countrynames'",
		"otherNames), and its names in the languages of otherLanguages but those",
		"that name two countries, as countryname.Words writes them (joined), to",
		"its ISO 3166-1 alpha-2 code.",
		"",
		"It is built on its first use: a program that never reads a country's",
		"name does not hold its thousands of entries.",
	}, keys, names)
}

// isCode reports whether key reads as a country's code, alpha-2 or
// alpha-3 ("bi", Vietnamese for Belgium, is Burundi's code): such a name is
// left out.
func isCode(key string) bool {
	if _, err := contact.ParseCountry(key); err == nil {
		return true
	}
	_, err := language.ParseRegion(key)
	return len(key) == 3 && err == nil
}

// shortLatin reports whether key is a word of Latin letters shorter than
// five: once folded, such a name of another language is a common word or
// name more often than a country ("Man", "Oma", "Ira", Turkish "Fas"), and
// a country cell that holds one is more likely a shifted column.
func shortLatin(key string) bool {
	if len(key) >= 5 {
		return false
	}
	for _, r := range key {
		if r > unicode.MaxASCII {
			return false
		}
	}
	return true
}

// otherLanguages are the languages, besides English and French, whose names
// of countries the table holds: those of the files of European users
// (Outlook and Excel write a contact's country in the user's language,
// "Deutschland", "España", "Italia"), and of the most spoken others; not
// Vietnamese, whose names, folded, are short words of other meanings
// ("Đức", Germany, is "duc").
var otherLanguages = []language.Tag{
	language.German, language.Spanish, language.Italian, language.Portuguese, language.Dutch,
	language.Polish, language.Swedish, language.Danish, language.Norwegian, language.Finnish,
	language.Czech, language.Romanian, language.Hungarian, language.Greek, language.Turkish,
	language.Russian, language.Ukrainian, language.Arabic, language.Hebrew, language.Hindi,
	language.Indonesian, language.Japanese, language.Korean,
	language.SimplifiedChinese, language.TraditionalChinese,
}

// otherNames holds, by ISO 3166-1 alpha-2 code, the names of countries that
// files write and that x/text's English and French names are not, once
// importer's rules are applied: ISO 3166's short names ("Cabo Verde"), long
// and official names ("Russian Federation"), former and other common names
// ("Burma", "Holland"), and abbreviations ("UAE"). Forms that the rules of
// importer.ParseCountry read have no entry: the inverted forms ("Korea,
// Republic of" is "Republic of Korea"), a name after a designation
// ("Islamic Republic of Iran" is "Iran"), and the forms countryname.Key makes
// alike ("The Gambia" and "Gambia", "Saint Lucia" and "St. Lucia", "Viet
// Nam" and "Vietnam"), which generate refuses.
//
// "Korea" and "Congo" alone are not here: two countries share each.
// "Republic of China" is: it is Taiwan's name, which the designation rule
// would read as China.
var otherNames = map[string][]string{
	"AE": {"UAE"},
	"BQ": {"Bonaire, Sint Eustatius and Saba"},
	"CD": {"Democratic Republic of the Congo", "DR Congo", "DRC"},
	"CG": {"Republic of the Congo"},
	"CI": {"Ivory Coast"},
	"CV": {"Cabo Verde"},
	"CZ": {"Czech Republic"},
	"FK": {"Falkland Islands (Malvinas)"},
	"GB": {"United Kingdom of Great Britain and Northern Ireland", "Great Britain", "UK",
		"England", "Scotland", "Wales", "Northern Ireland"},
	"HK": {"Hong Kong", "Hong Kong SAR"},
	"HM": {"Heard Island and McDonald Islands"},
	"KP": {"Democratic People's Republic of Korea"},
	"KR": {"Republic of Korea"},
	"LA": {"Lao People's Democratic Republic", "Lao PDR"},
	"MF": {"Saint Martin (French part)"},
	"MK": {"North Macedonia"},
	"MM": {"Myanmar", "Burma"},
	"MO": {"Macao", "Macau", "Macao SAR", "Macau SAR"},
	"NL": {"Holland"},
	"PN": {"Pitcairn"},
	"PS": {"Palestine"},
	"RU": {"Russian Federation"},
	"SH": {"Saint Helena, Ascension and Tristan da Cunha"},
	"SX": {"Sint Maarten (Dutch part)"},
	"SY": {"Syrian Arab Republic"},
	"SZ": {"Eswatini"},
	"TL": {"East Timor"},
	"TR": {"Türkiye"},
	"TW": {"Taiwan, Province of China", "Republic of China"},
	"UM": {"United States Minor Outlying Islands"},
	"US": {"United States of America", "USA", "US"},
	"VA": {"Holy See", "Holy See (Vatican City State)", "Vatican"},
}
