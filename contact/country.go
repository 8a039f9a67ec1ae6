package contact

import (
	"fmt"
	"strings"
	"sync"

	"golang.org/x/text/language"

	"github.com/contactkit/contactkit/internal/must"
)

// Country is a country or territory as an ISO 3166-1 alpha-2 code in upper
// case ("FR", "GB"). The zero Country is no country. Countries are comparable
// with ==.
type Country struct{ s string }

// refusedCountries are codes that golang.org/x/text/language counts as
// countries but contactkit does not: codes of dissolved countries with no
// single successor (ISO 3166-3), and reserved codes that name no territory.
var refusedCountries = [...]string{"AN", "CQ", "CS", "EZ", "NT", "SU", "UN", "YU"}

// ParseCountry parses a two-letter country code, in any case, with
// surrounding white space trimmed.
//
// It accepts the officially assigned ISO 3166-1 alpha-2 codes, and the
// territory codes that CLDR and telephone numbering use besides: XK (Kosovo)
// and AC, CP, DG, EA, IC, TA. A former or reserved code with one successor
// is replaced by it: "UK" gives GB, and BU, DD, FX, TP, ZR, … give MM, DE, FR,
// TL, CD, … (golang.org/x/text/language's canonicalisation).
//
// It refuses three-letter (alpha-3) and numeric (UN M.49) codes, so the
// input is always the two-letter form; regions that are not countries ("EU",
// "001", "QO"); user-assigned codes other than XK ("AA", "ZZ", "XA", …); the
// codes of dissolved countries (AN, CS, NT, SU, YU); and EZ, UN and CQ.
// Only ASCII letters make a code: "ın" is refused, not folded to "IN".
// Errors are *ParseError with Field "country", wrapping ErrInvalidCountry;
// a long input is quoted by a short prefix, as ParsePhone's errors are.
func ParseCountry(s string) (Country, error) {
	fail := func(reason string) (Country, error) {
		return Country{}, parseError("country", s, fmt.Errorf("%w: %s", ErrInvalidCountry, reason))
	}
	code := strings.TrimSpace(s)
	if code == "" {
		return fail("empty")
	}
	if len(code) != 2 || !isASCIILetter(code[0]) || !isASCIILetter(code[1]) {
		return fail("not a two-letter code (ISO 3166-1 alpha-2)")
	}
	first, second := int(code[0]|0x20-'a'), int(code[1]|0x20-'a') // 0 for a or A
	a := countryCodes()[first*26+second]
	if a.refused != "" {
		return fail(a.refused)
	}
	return Country{a.canon}, nil
}

// countryAnswer is what ParseCountry answers for a code of two letters:
// the canonical code, or why it refuses it.
type countryAnswer struct{ canon, refused string }

// countryCodes holds the answer for each code of two letters (aa, ab, …,
// zz, in any case): there are only 676, and language.ParseRegion and
// Canonicalize cost more than a lookup on every contact saved.
var countryCodes = sync.OnceValue(func() *[26 * 26]countryAnswer {
	var t [26 * 26]countryAnswer
	for i := range t {
		t[i] = lookUpCountry(string([]byte{'A' + byte(i/26), 'A' + byte(i%26)}))
	}
	return &t
})

// lookUpCountry answers for code, two ASCII letters, from the language
// package.
func lookUpCountry(code string) countryAnswer {
	r, err := language.ParseRegion(code)
	if err != nil {
		return countryAnswer{refused: "unknown code"}
	}
	r = r.Canonicalize()
	if !r.IsCountry() {
		return countryAnswer{refused: "not a country"}
	}
	canon := r.String()
	for _, c := range refusedCountries {
		if canon == c {
			return countryAnswer{refused: "not a current country"}
		}
	}
	return countryAnswer{canon: canon}
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// MustParseCountry is ParseCountry that panics on error; for constants in
// tests and examples.
func MustParseCountry(s string) Country {
	return must.Get(ParseCountry(s))
}

// String returns the upper-case two-letter code, or "" for the zero Country.
func (c Country) String() string { return c.s }

// IsZero reports whether c is the zero Country.
func (c Country) IsZero() bool { return c.s == "" }

// MarshalText implements encoding.TextMarshaler: the two-letter code, or
// empty text for the zero Country.
func (c Country) MarshalText() ([]byte, error) { return []byte(c.s), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseCountry. Empty
// text gives the zero Country; on error, *c is left unchanged.
func (c *Country) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*c = Country{}
		return nil
	}
	v, err := ParseCountry(string(text))
	if err != nil {
		return err
	}
	*c = v
	return nil
}
