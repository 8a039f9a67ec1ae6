package contact

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/contactkit/contactkit/tag"
)

// matchesQuery reports whether every word of the query q starts a word of
// c's search text, the rule of a free-text search (see SearchText).
func matchesQuery(c *Contact, q string) bool {
	text := SearchText(c)
	words := QueryWords(q)
	for _, w := range words {
		if !strings.Contains(text, " "+w) {
			return false
		}
	}
	return len(words) > 0
}

// TestReview17TransliteratedSearch: a contact whose texts hold ä, ö, ü, ø
// or å is found by the letter folded and by its transliteration, typed in
// any case and as a prefix; a contact spelled without the letter is not
// found by the transliteration, since queries are folded, not
// transliterated; ß and æ are found as ss and ae, as before.
func TestReview17TransliteratedSearch(t *testing.T) {
	withTags := func(c Contact, names ...string) *Contact {
		for _, n := range names {
			c.Tags, _ = c.Tags.Add(tag.MustParseName(n))
		}
		return &c
	}
	for _, tc := range []struct {
		c     *Contact
		found []string
		not   []string
	}{
		{&Contact{LastName: "Müller"},
			[]string{"muller", "mueller", "Müller", "MÜLLER", "muel", "MUELLER", "mü", "Mueller"}, []string{"mueler", "muler"}},
		{&Contact{LastName: "Muller"},
			[]string{"muller", "müller", "MÜLLER", "mull"}, []string{"mueller", "muel"}},
		{&Contact{FirstName: "Søren"}, []string{"soren", "soeren", "Søren", "SØREN", "soe"}, nil},
		{&Contact{FirstName: "Soren"}, []string{"soren", "søren"}, []string{"soeren"}},
		{&Contact{FirstName: "Åse"}, []string{"ase", "aase", "Åse", "ÅSE", "aa"}, nil},
		{&Contact{FirstName: "Ase"}, []string{"ase", "åse"}, []string{"aase"}},
		{&Contact{LastName: "Göthe"}, []string{"goethe", "gothe", "göthe"}, nil},
		{&Contact{LastName: "Gothe"}, []string{"gothe", "göthe"}, []string{"goethe"}},
		{&Contact{LastName: "Bäcker"}, []string{"baecker", "backer", "BÄCKER"}, nil},
		// Decomposed: "u" and U+0308, "A" and U+030A, the ångström sign.
		{&Contact{LastName: "Mu\u0308ller"}, []string{"mueller", "muller", "müller"}, nil},
		{&Contact{FirstName: "A\u030ase"}, []string{"aase", "ase", "åse"}, nil},
		{&Contact{FirstName: "\u212bse"}, []string{"aase", "ase"}, nil},
		// Æ and ß: Fold writes them ae and ss already.
		{&Contact{FirstName: "Ægir", LastName: "Straße"}, []string{"aegir", "strasse", "ægir straße", "STRASSE"}, []string{"agir", "strase"}},
		{&Contact{LastName: "Ærø"}, []string{"aero", "aeroe"}, nil},
		// In a run of parts, every field and a tag.
		{&Contact{LastName: "Müller-Lüdenscheidt"},
			[]string{"mueller luedenscheidt", "muellerluedenscheidt", "mullerludenscheidt", "luedenscheidt"}, []string{"muellerludenscheidt"}},
		{&Contact{Company: "Bäcker & Söhne", City: "Zürich", JobTitle: "Bürokauffrau", Alias: "Ö'Neil-Smith"},
			[]string{"baecker soehne", "zuerich", "buerokauffrau", "oeneil", "oeneilsmith"}, nil},
		{withTags(Contact{FirstName: "Ann"}, "Größe", "Kunde Köln"), []string{"groesse", "koeln", "grosse", "koln"}, []string{"groese"}},
		// Emails: the local part, stored in Unicode, is transliterated; the
		// Unicode form of a domain, stored as xn--, is folded only.
		{&Contact{Email: MustParseEmail("jürgen.müller@example.de")},
			[]string{"juergen", "mueller", "jurgen", "juergenmuellerexamplede", "example"}, nil},
		{&Contact{OtherEmails: []LabeledEmail{{Email: MustParseEmail("søren@bücher.de")}}},
			[]string{"soeren", "soren", "bucher", "soerenxnbcherkvade"}, []string{"buecher"}},
		// Other letters are not transliterated: ë, é, ő.
		{&Contact{FirstName: "Zoë", LastName: "Erdős"}, []string{"zoe", "erdos"}, []string{"zoee", "erdoes"}},
	} {
		for _, q := range tc.found {
			if !matchesQuery(tc.c, q) {
				t.Errorf("%q does not find %+v (search text %q)", q, *tc.c, SearchText(tc.c))
			}
		}
		for _, q := range tc.not {
			if matchesQuery(tc.c, q) {
				t.Errorf("%q finds %+v (search text %q), want not", q, *tc.c, SearchText(tc.c))
			}
		}
	}
}

// TestReview17TransliteratedWords: the words a contact's texts give, the
// transliterated ones right after those of their text; a contact without
// any of the letters gets exactly the words it got before.
func TestReview17TransliteratedWords(t *testing.T) {
	for _, tc := range []struct {
		c    Contact
		want []string
	}{
		{Contact{FirstName: "Ada", LastName: "Lovelace", Email: MustParseEmail("ada.l@example.com")},
			[]string{"ada", "lovelace", "l", "example", "com", "adalexamplecom"}},
		{Contact{FirstName: "Hélène", LastName: "Dupré-Lévêque", City: "Straße"},
			[]string{"helene", "dupre", "leveque", "dupreleveque", "strasse"}},
		{Contact{LastName: "Müller"}, []string{"muller", "mueller"}},
		{Contact{FirstName: "Jürgen", LastName: "Müller", City: "Berlin"}, []string{"jurgen", "juergen", "muller", "mueller", "berlin"}},
		{Contact{FirstName: "Søren Åse"}, []string{"soren", "ase", "soeren", "aase"}},
		{Contact{FirstName: "Anna Müller"}, []string{"anna", "muller", "mueller"}},
		{Contact{FirstName: "ÖZİL"}, []string{"ozil", "oezil"}},
	} {
		if got := SearchWords(&tc.c); !slices.Equal(got, tc.want) {
			t.Errorf("SearchWords(%+v) = %q, want %q", tc.c, got, tc.want)
		}
	}
}

// TestReview17TransliterateAllocations: the words of an ASCII contact, and
// of a Latin contact without the letters, cost no more than before (the
// buffer of appendTexts), those of a contact with one the transliterated
// text besides; transliterate costs nothing on a text without the letters.
func TestReview17TransliterateAllocations(t *testing.T) {
	ascii := Contact{FirstName: "Jean-Pierre", LastName: "O'Brien", Company: "ACME Corp", JobTitle: "Head of Sales", City: "Lyon",
		Email: MustParseEmail("JP.OBrien@Example.com"), OtherEmails: []LabeledEmail{{Email: MustParseEmail("jp@home.example")}}}
	ascii.Tags = tag.NewSet(tag.MustParseName("VIP"), tag.MustParseName("Salon 2026"))
	latin := ascii
	latin.LastName, latin.City = "Lévêque-Ñúñez", "Kraków"
	umlaut := ascii
	umlaut.LastName = "Müller"
	dst := make([]string, 0, 64)
	for _, tc := range []struct {
		c    *Contact
		want float64
	}{{&ascii, 1}, {&latin, 1}, {&umlaut, 2}} { // and the transliteration
		if n := testing.AllocsPerRun(100, func() { dst = AppendSearchWords(dst[:0], tc.c) }); n > tc.want {
			t.Errorf("AppendSearchWords of %s %s: %v allocations, want %v", tc.c.FirstName, tc.c.LastName, n, tc.want)
		}
	}
	for _, s := range []string{"Ada Lovelace", "Hélène Lévêque", "Zoë"} {
		if n := testing.AllocsPerRun(100, func() { transliterate(s) }); n != 0 {
			t.Errorf("transliterate(%q): %v allocations, want none", s, n)
		}
		if _, ok := transliterate(s); ok {
			t.Errorf("transliterate(%q) gives a transliteration", s)
		}
	}
}

// FuzzReview17Transliterate checks, on any text, that a contact named so
// keeps every word the text gives alone (nothing is lost to the
// transliteration), gets no other word when the text has none of the
// letters, and is found by its name typed transliterated as by its name.
func FuzzReview17Transliterate(f *testing.F) {
	for _, s := range []string{
		"", "Ada", "Müller", "MÜLLER-Lüdenscheidt", "Søren Ødegård", "Åse", "Mu\u0308ller", "A\u030ase", "\u212bse",
		"Straße Ægir", "Ö'Neil-Smith", "jürgen.müller@example.de", "Zoë", "王Müller", "å\u0308", "ü\u0308",
		"Hélène", "Ærø", "\xffü", "ǖ", "ÄÖÜØÅ äöüøå",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 1000 || !utf8.ValidString(s) {
			return
		}
		c := Contact{FirstName: s}
		words := SearchWords(&c)
		alone := appendWords(nil, s, true)
		for _, w := range alone {
			if !slices.Contains(words, w) {
				t.Fatalf("SearchWords(%q) = %q, without its word %q", s, words, w)
			}
		}
		if !strings.ContainsFunc(s, transliterable) {
			var want []string
			for _, w := range alone {
				if !slices.Contains(want, w) {
					want = append(want, w)
				}
			}
			if !slices.Equal(words, want) {
				t.Fatalf("SearchWords(%q) = %q, want the words of the text alone, %q", s, words, want)
			}
			return
		}
		text := SearchText(&c)
		tr, ok := transliterate(s)
		if !ok {
			return
		}
		for _, w := range QueryWords(tr) {
			if !strings.Contains(text, " "+w) {
				t.Fatalf("query word %q of %q, the transliteration of %q, starts no word of %q", w, tr, s, text)
			}
		}
	})
}
