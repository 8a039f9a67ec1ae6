package contact

import (
	"fmt"
	"maps"
	"strings"
	"sync/atomic"

	"golang.org/x/text/language"

	"github.com/contactkit/contactkit/internal/must"
)

// Language is a BCP 47 language tag in the canonical form of
// golang.org/x/text/language: "en", "fr-CA", "zh-Hant-TW". The zero Language
// is no language. Languages are comparable with ==.
type Language struct{ s string }

// MaxLanguageLen is the longest input ParseLanguage reads, in bytes,
// surrounding white space included. Real tags are far shorter (RFC 5646
// section 4.4.1 advises 35 characters for a buffer); a longer input is
// refused before it is parsed, so that parsing costs a bounded time.
const MaxLanguageLen = 128

// ParseLanguage parses a BCP 47 language tag, in any case, with surrounding
// white space trimmed; "_" is accepted as a separator ("en_US"). An input of
// more than MaxLanguageLen bytes is refused at once, with an error that also
// wraps ErrTooLong.
//
// The result is canonical as golang.org/x/text/language.Parse makes it:
// subtags in their conventional case, deprecated and legacy tags replaced
// ("iw" gives "he", "i-klingon" gives "tlh", "sh" gives "sr-Latn"). Tags
// with an unknown subtag, tags without a primary language ("und",
// "und-FR", private use only as "x-foo"), and tags that give an extension
// twice ("en-u-co-phonebk-u-ca-gregory"), are refused.
// Errors are *ParseError with Field "language", wrapping ErrInvalidLanguage.
func ParseLanguage(s string) (Language, error) {
	fail := func(reason string) (Language, error) {
		return Language{}, &ParseError{Field: "language", Input: s, Err: fmt.Errorf("%w: %s", ErrInvalidLanguage, reason)}
	}
	if len(s) > MaxLanguageLen {
		// golang.org/x/text/language.Parse is quadratic on some inputs
		// (a long run of "-"): never hand it a long one.
		return Language{}, &ParseError{Field: "language", Input: s, Err: fmt.Errorf("%w: %w: more than %d bytes", ErrInvalidLanguage, ErrTooLong, MaxLanguageLen)}
	}
	in := strings.TrimSpace(s)
	if in == "" {
		return fail("empty")
	}
	if m := parsedLanguages.Load(); m != nil {
		if l, ok := (*m)[in]; ok {
			return l, nil
		}
	}
	l, refused := parseTag(in)
	if refused != "" {
		return fail(refused)
	}
	rememberLanguage(in, l)
	return l, nil
}

// parseTag is ParseLanguage of a trimmed, short input, without
// parsedLanguages: the tag, or why it is refused.
func parseTag(in string) (l Language, refused string) {
	t, err := language.Parse(in)
	if err != nil {
		return Language{}, "not a valid BCP 47 tag"
	}
	if _, conf := t.Base(); conf != language.Exact {
		return Language{}, "no primary language"
	}
	// language.Parse takes a tag with an extension twice
	// ("en-u-co-phonebk-u-ca-gregory"), which RFC 5646 refuses (section
	// 2.2.6: a singleton appears once), and writes some such tags in a
	// form it reads otherwise ("aa-u-00-00-u-7a-00"). Those are refused,
	// and so is any tag that is not its own canonical form, so that a
	// stored language reads back as itself.
	c := t.String()
	if repeatedSingleton(c) {
		return Language{}, "an extension given twice"
	}
	if again, err := language.Parse(c); err != nil || again.String() != c {
		return Language{}, "not a valid BCP 47 tag"
	}
	return Language{c}, ""
}

// repeatedSingleton reports whether the tag s names an extension, a
// singleton subtag before its private use ("x-…"), twice.
func repeatedSingleton(s string) bool {
	var seen [36]bool
	for sub := range strings.SplitSeq(s, "-") {
		if len(sub) != 1 {
			continue
		}
		c := sub[0] | 0x20 // lower case
		if c == 'x' {
			return false
		}
		i := int(c - 'a')
		if '0' <= sub[0] && sub[0] <= '9' {
			i = 26 + int(sub[0]-'0')
		}
		if i < 0 || i >= len(seen) {
			continue
		}
		if seen[i] {
			return true
		}
		seen[i] = true
	}
	return false
}

// parsedLanguages holds what ParseLanguage gave for the inputs it parsed
// first ("fr", "en-GB"), at most maxParsedLanguages of them: a contact's
// language is one of a few in most workspaces, and language.Parse
// allocates as it goes (a tenth of a creation's parsing of its input). The
// map is never changed once stored: an input it lacks is added to a copy,
// so that a lookup takes no lock.
var parsedLanguages atomic.Pointer[map[string]Language]

const maxParsedLanguages = 256

// rememberLanguage adds in, whose tag is l, to parsedLanguages, unless it
// is full.
func rememberLanguage(in string, l Language) {
	for {
		old := parsedLanguages.Load()
		var held map[string]Language
		if old != nil {
			held = *old
		}
		if len(held) >= maxParsedLanguages {
			return
		}
		m := make(map[string]Language, len(held)+1)
		maps.Copy(m, held)
		// A copy of in: it may be a part of a longer input.
		m[strings.Clone(in)] = l
		if parsedLanguages.CompareAndSwap(old, &m) {
			return
		}
	}
}

// MustParseLanguage is ParseLanguage that panics on error; for constants in
// tests and examples.
func MustParseLanguage(s string) Language {
	return must.Get(ParseLanguage(s))
}

// String returns the canonical tag, or "" for the zero Language.
func (l Language) String() string { return l.s }

// IsZero reports whether l is the zero Language.
func (l Language) IsZero() bool { return l.s == "" }

// Tag returns l as a language.Tag, or language.Und for the zero Language.
func (l Language) Tag() language.Tag {
	if l.s == "" {
		return language.Und
	}
	return language.Make(l.s)
}

// MarshalText implements encoding.TextMarshaler: the canonical tag, or empty
// text for the zero Language.
func (l Language) MarshalText() ([]byte, error) { return []byte(l.s), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseLanguage.
// Empty text gives the zero Language; on error, *l is left unchanged.
func (l *Language) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*l = Language{}
		return nil
	}
	v, err := ParseLanguage(string(text))
	if err != nil {
		return err
	}
	*l = v
	return nil
}
