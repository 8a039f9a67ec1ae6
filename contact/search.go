package contact

import (
	"strings"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// SearchText returns the text that a free-text contact search looks in: the
// names, alias, company, job title, city, email and phone of c, each folded
// (case-insensitive, NFC) and separated by a newline, which a folded query
// never holds. A store matches a query q when strings.Contains(SearchText(c),
// FoldQuery(q)); it may keep SearchText in an index column, since it depends
// on c alone.
//
// An email with an internationalised domain is there in both forms, ASCII
// ("ann@xn--bcher-kva.de") and Unicode ("ann@bücher.de"), so that either
// finds it.
func SearchText(c *Contact) string {
	var b strings.Builder
	for i, s := range [...]string{
		c.FirstName, c.LastName, c.Alias, c.Company, c.JobTitle, c.City,
		c.Email.String(), c.Phone.String(),
	} {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(s)
	}
	if u := c.Email.Unicode(); u != c.Email.String() {
		b.WriteByte('\n')
		b.WriteString(u)
	}
	return fold(b.String())
}

// FoldQuery returns the canonical form of a free-text query: trimmed, inner
// white space collapsed to one space, folded and NFC-normalised. An empty
// result matches every contact.
func FoldQuery(q string) string {
	return fold(strings.Join(strings.Fields(q), " "))
}

func fold(s string) string {
	return norm.NFC.String(cases.Fold().String(s))
}
