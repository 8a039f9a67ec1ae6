package importer

import (
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/countryname"
)

//go:generate go run ../internal/gen/languagenames -o languagenames.go

// maxLanguageName bounds the cells looked up as a language's name, in
// bytes: longer than any name of the table, in scripts of several bytes a
// letter too.
const maxLanguageName = 100

// ParseLanguage reads a cell of a language column: a BCP 47 tag ("fr",
// "pt-BR"), as contact.ParseLanguage reads it, or the name of a language
// of a two-letter code in English, in French or in itself, case, accents
// and punctuation folded ("English", "Français", "deutsch", "日本語"), as
// Outlook's and the legacy Google CSV's "Language" hold what their users
// typed; the name gives the language alone, without a region. Any other
// value gives contact.ParseLanguage's error (ErrInvalidLanguage).
func ParseLanguage(s string) (contact.Language, error) {
	l, err := contact.ParseLanguage(s)
	if err == nil || len(s) > maxLanguageName {
		return l, err
	}
	if code, ok := languageNames()[countryname.Key(s)]; ok {
		return contact.ParseLanguage(code)
	}
	return l, err
}
