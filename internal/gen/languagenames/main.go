// Command languagenames writes importer/languagenames.go: the names of
// the languages of two-letter ISO 639-1 codes in English, in French and in
// themselves, as golang.org/x/text's display tables give them, as
// importer's countryname.Key writes them, each with its code. A name of
// two languages is left out. The table is generated so that the importer
// does not link x/text's display tables (megabytes) for a few kilobytes of
// names.
//
//	go run ./internal/gen/languagenames
//
// or go generate in importer, which passes -o languagenames.go.
package main

import (
	"slices"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/countryname"
	"github.com/contactkit/contactkit/internal/gen/gentable"
)

func main() { gentable.Main("importer/languagenames.go", generate) }

// generate returns the source of importer/languagenames.go.
func generate() ([]byte, error) {
	names := map[string]string{}
	ambiguous := map[string]bool{}
	for a := 'a'; a <= 'z'; a++ {
		for b := 'a'; b <= 'z'; b++ {
			code := string([]rune{a, b})
			l, err := contact.ParseLanguage(code)
			if err != nil || l.String() != code {
				continue
			}
			tag := language.Make(code)
			for _, n := range []string{display.English.Languages().Name(tag), display.French.Languages().Name(tag), display.Self.Name(tag)} {
				key := countryname.Key(n)
				if key == "" || key == code {
					continue
				}
				if prev, ok := names[key]; ok && prev != code {
					ambiguous[key] = true
				}
				names[key] = code
			}
		}
	}
	var keys []string
	for k := range names {
		if !ambiguous[k] {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return gentable.Source("internal/gen/languagenames", "languageNames", []string{
		"languageNames maps the name of each language of a two-letter code in",
		"English, in French and in itself, as countryname.Key writes it, to its",
		"code, but the names of two languages.",
		"",
		"It is built on its first use: a program that never reads a language's",
		"name does not hold its entries.",
	}, keys, names)
}
