package importer

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/language"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/countryname"
	"github.com/contactkit/contactkit/internal/phonenum"
)

//go:generate go run ../internal/gen/countrynames -o countrynames.go

// ParseCountry reads a country cell as vendor exports write it: an ISO
// 3166-1 alpha-2 code ("FR"), an alpha-3 code ("FRA", "USA"), or a name of
// the country, as Outlook's and HubSpot's "Country/Region" columns hold it.
// A name is read in any case, with or without accents, spaces and
// punctuation ("Côte d'Ivoire", "Cote d'Ivoire", "Royaume-Uni"); it is:
//
//   - the country's name in English or French ("France", "United States",
//     "États-Unis"), in the other languages users' files are written in
//     (German, Spanish, Italian, Portuguese, Dutch, Polish, the Nordic
//     languages, Czech, Romanian, Hungarian, Greek, Turkish, Russian,
//     Ukrainian, Arabic, Hebrew, Hindi, Indonesian, Japanese, Korean,
//     Chinese: "Deutschland", "España", "Россия", "日本"; a name that is a
//     country's code, another country's name, or a Latin word of fewer
//     than five letters, common words once folded, is left out), or
//     another name that files write: ISO 3166's
//     ("Cabo Verde"), a long or official one ("United States of America",
//     "Russian Federation", "Czech Republic"), a former or common one
//     ("Swaziland", "Burma", "Holland", "Great Britain"), an abbreviation
//     ("UAE", "U.S.A.", "UK");
//   - one of these after a state's designation: "Islamic Republic of
//     Iran", "Kingdom of the Netherlands", "Plurinational State of
//     Bolivia" are Iran, the Netherlands and Bolivia (but "Republic of
//     China" is Taiwan, a name of its own);
//   - one of these in ISO 3166's inverted form, with a comma or in
//     parentheses: "Korea, Republic of", "Iran (Islamic Republic of)",
//     "Virgin Islands, British", "Gambia, The" are read as "Republic of
//     Korea", "Islamic Republic of Iran", "British Virgin Islands" and "The
//     Gambia".
//
// The words "the" and "and" are ignored ("The Netherlands"; "Bosnia and
// Herzegovina" as "Bosnia & Herzegovina"), and "Saint" is "St." ("Saint
// Lucia" as "St. Lucia"). "Korea" and "Congo" alone name no country: two
// countries share each. Any other value gives contact.ParseCountry's error
// for it.
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
		if code, ok := countryName(v); ok {
			return contact.ParseCountry(code)
		}
	}
	return contact.Country{}, err
}

// ParseCallingCode reads a cell of a column of country calling codes, as
// the files of SMS and WhatsApp tools hold them beside a national number:
// one to three digits, after "+" or "00" or neither ("33", "+44", "001"),
// with spaces around. It returns the code's main region, whose numbering
// plan reads the national numbers of every region that shares the code as
// theirs: "FR" for 33, "US" for 1 (the 25 regions of the North American
// plan), "RU" for 7, "GB" for 44. Any other value, a code that is not
// assigned, or one of no region (800, 882), gives a *contact.ParseError
// with Field "calling code" that wraps contact.ErrPhoneUnknownCountryCode.
func ParseCallingCode(s string) (contact.Country, error) {
	fail := func(reason string) (contact.Country, error) {
		return contact.Country{}, &contact.ParseError{Field: "calling code", Input: s,
			Err: fmt.Errorf("%w: %s", contact.ErrPhoneUnknownCountryCode, reason)}
	}
	v := strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(v, "+"); ok {
		v = rest
	} else if rest, ok := strings.CutPrefix(v, "00"); ok && rest != "" {
		v = rest
	}
	if v == "" || len(v) > 3 || strings.Trim(v, "0123456789") != "" || v[0] == '0' {
		return fail("not one to three digits")
	}
	cc, _ := strconv.Atoi(v)
	region, ok := phonenum.MainRegion(cc)
	if !ok {
		return fail("no region has it")
	}
	return contact.ParseCountry(region)
}

// maxCountryName bounds the cells looked up as a country's name, in bytes:
// longer than any name that ParseCountry reads, in scripts of two or three
// bytes a letter too.
const maxCountryName = 200

// countryName returns the code of the country that s names, by the rules
// of ParseCountry: s itself, then its inverted form.
func countryName(s string) (string, bool) {
	if code, ok := namedBy(countryname.Words(s)); ok {
		return code, true
	}
	x, y, ok := invertedName(s)
	if !ok {
		return "", false
	}
	return namedBy(append(countryname.Words(y), countryname.Words(x)...))
}

// invertedName splits ISO 3166's inverted forms "X, Y" and "X (Y)", which
// stand for "Y X"; ok is false when s is neither.
func invertedName(s string) (x, y string, ok bool) {
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndexByte(s, '('); i > 0 {
			return s[:i], s[i+1 : len(s)-1], true
		}
		return "", "", false
	}
	x, y, ok = strings.Cut(s, ",")
	return x, y, ok && !strings.Contains(y, ",")
}

// namedBy returns the code of the country named by words (countryname.Words):
// a name of countryNames, or one after a designation ("republic of",
// "islamic republic of", …) that stateDesignation holds the words of.
func namedBy(words []string) (string, bool) {
	if code, ok := countryNames()[strings.Join(words, "")]; ok {
		return code, true
	}
	for i, w := range words {
		if w == "of" && i > 0 && i < len(words)-1 {
			code, ok := countryNames()[strings.Join(words[i+1:], "")]
			return code, ok
		}
		if !stateDesignation[w] {
			break
		}
	}
	return "", false
}

// stateDesignation holds the words, as countryname.Words writes them, that
// designate a state before "of" and its name in an official name
// ("Republic of", "Democratic People's Republic of", "Federated States
// of", "Former Yugoslav Republic of", "Grand Duchy of", …).
var stateDesignation = map[string]bool{
	"arab": true, "bolivarian": true, "commonwealth": true, "cooperative": true,
	"democratic": true, "duchy": true, "federal": true, "federated": true,
	"federative": true, "former": true, "grand": true, "hashemite": true,
	"independent": true, "islamic": true, "kingdom": true, "oriental": true,
	"peoples": true, "plurinational": true, "popular": true, "principality": true,
	"republic": true, "socialist": true, "state": true, "states": true,
	"sultanate": true, "union": true, "united": true, "yugoslav": true,
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}
