package contactkit_test

// Acceptance tests, third round: free-text search (DESIGN.md S1, C2, C3).
// Each test states the expected behaviour and the rule it follows from;
// every one fails on the code it was written against.

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
)

func acc3Seed(t *testing.T, region string, people []acc2Person) (func(q string) []string, map[string]contact.Contact) {
	t.Helper()
	svc := accService(region)
	cs := acc2Seed(t, svc, people)
	byID := map[contact.ID]string{}
	for k, c := range cs {
		byID[c.ID] = k
	}
	return func(q string) []string { return acc2Search(t, svc, q, byID) }, cs
}

// S1: "a phone typed in any form the region parses finds its contact"; C2:
// phones are parsed with the workspace's region. contact.ParsePhone (like
// libphonenumber) reads Arabic-Indic, Persian and full-width digits, which
// is how phones are typed on Arabic, Persian and Japanese keyboards, and a
// contact can be created with them. A search typed the same way must find
// the contact, alone or among words.
func TestAcc3SearchPhoneNonASCIIDigits(t *testing.T) {
	for _, tc := range []struct {
		region, stored, typed string
	}{
		{"EG", "0100 123 4567", "٠١٠٠ ١٢٣ ٤٥٦٧"},    // Arabic-Indic, national
		{"EG", "0100 123 4567", "+٢٠ ١٠٠ ١٢٣ ٤٥٦٧"}, // Arabic-Indic, international
		{"IR", "0912 345 6789", "۰۹۱۲ ۳۴۵ ۶۷۸۹"},    // Persian (extended Arabic-Indic)
		{"FR", "06 12 34 56 78", "０６ １２ ３４ ５６ ７８"},  // full-width (Japanese IME)
		{"FR", "06 12 34 56 78", "＋３３６１２３４５６７８"},
	} {
		// The typed form is one the region parses, to the stored phone.
		p, err := contact.ParsePhone(tc.typed, tc.region)
		require.NoError(t, err, tc.typed)
		require.Equal(t, contact.MustParsePhone(tc.stored, tc.region), p, tc.typed)

		search, _ := acc3Seed(t, tc.region, []acc2Person{{key: "ann", first: "Ann", phone: tc.stored}, {key: "bob", first: "Bob"}})
		assert.Equal(t, []string{"ann"}, search(tc.typed), "%s: phone typed %q", tc.region, tc.typed)
		assert.Equal(t, []string{"ann"}, search("ann "+tc.typed), "%s: name and phone typed %q", tc.region, tc.typed)
	}
}

// S1: every word of the query must match. ContactQuery.Text: "A word
// ending in a colon labels what follows and is left out", and "A Text
// without words (only punctuation) matches nothing". A query that is only
// a label ("Tel:", "Email:") or a name typed with a trailing colon
// ("ada:") has a word, "tel"/"ada", that most contacts do not match; it
// must not list the whole workspace.
func TestAcc3SearchLabelOnlyListsEverything(t *testing.T) {
	search, _ := acc3Seed(t, "FR", []acc2Person{
		{key: "ada", first: "Ada", last: "Lovelace"},
		{key: "bob", first: "Bob", phone: "06 12 34 56 78"},
		{key: "tel", first: "Telma", email: "telma@example.com"},
	})
	for _, q := range []string{"Tel:", "Email:", "Phone:"} {
		got := search(q)
		assert.NotEqual(t, []string{"ada", "bob", "tel"}, got, "query %q lists every contact", q)
	}
	assert.Equal(t, []string{"ada"}, search("ada:"), `"ada:" must find Ada only (S1)`)
	assert.Equal(t, []string{"tel"}, search("tel:"), `"tel:" must find Telma only (S1)`)
}

// C3: what people paste ("mailto:ann@example.com") is reduced to the bare
// address; ContactQuery.Text: a Text that parses as an email address finds
// the contact that has it. contactkit's own ParseEmailInput reduces the
// pasted "mailto:" link (a link copied from a web page or a signature), so
// the search must find its contact, as it does for the other pasted form
// "Ann <ann@example.com>". Today it finds nothing: "mailto" is taken as a
// word that no contact has.
func TestAcc3SearchMailtoLink(t *testing.T) {
	e, _, err := contact.ParseEmailInput("mailto:helene@example.com")
	require.NoError(t, err)
	require.Equal(t, "helene@example.com", e.String())

	search, _ := acc3Seed(t, "FR", []acc2Person{{key: "h", first: "Hélène", email: "helene@example.com"}, {key: "b", first: "Bob"}})
	require.Equal(t, []string{"h"}, search("Hélène <helene@example.com>"))
	for _, q := range []string{"mailto:helene@example.com", "MAILTO:helene@example.com", "mailto:helene@example.com?subject=Hi"} {
		assert.Equal(t, []string{"h"}, search(q), "query %q", q)
	}
}

// S1: every word of the query must match somewhere in the emails (as the
// start of a word). While an address is typed, each prefix of it finds the
// contact ("john.doe+news@exam" does), except the prefixes that happen to
// be valid addresses themselves ("…@example.co", "…@example.c"): those are
// looked up as whole addresses only, and the contact vanishes from the
// results until the last letter is typed. The same holds for an address
// typed without its first part ("news@example.com": every word, "news",
// "example", "com", starts a word of the contact's email).
func TestAcc3SearchEmailPrefixIsAValidAddress(t *testing.T) {
	search, _ := acc3Seed(t, "FR", []acc2Person{{key: "j", first: "John", email: "john.doe+news@example.com"}, {key: "b", first: "Bob", email: "bob@other.org"}})
	require.Equal(t, []string{"j"}, search("john.doe+news@exam"))
	require.Equal(t, []string{"j"}, search("john.doe+news@example.com"))
	require.Equal(t, []string{"j"}, search("news example com"))
	for _, q := range []string{"john.doe+news@example.c", "john.doe+news@example.co", "news@example.com", "doe+news@example.com"} {
		assert.Equal(t, []string{"j"}, search(q), "query %q: each of its words starts a word of the contact's email", q)
	}
}

// S1 (accent-insensitive) as contact.Fold documents it: "the Latin letters
// that carry a stroke or are ligatures, which Unicode does not decompose,
// written with their base letters ('Łódź' → 'lodz', 'Søren' → 'soren',
// 'Æsir' → 'aesir')". Fold does so for ø ł đ ħ ŧ ƀ ɨ ƶ ǥ æ œ ĳ, but not for
// the other letters with a stroke of the same Latin blocks (ȼ ɇ ɉ ɍ ɏ ⱥ ⱦ)
// nor for the digraph ligatures ǆ ǉ ǌ ǳ (Serbo-Croatian dž lj nj dz, whose
// Dutch sibling ĳ is folded to "ij"): "ljubica" does not find "Ǉubica".
func TestAcc3SearchFoldStrokesAndDigraphs(t *testing.T) {
	for in, want := range map[string]string{
		"ȼ": "c", "ɇ": "e", "ɉ": "j", "ɍ": "r", "ɏ": "y", "ⱥ": "a", "ⱦ": "t",
		"Ǆ": "dz", "ǅ": "dz", "ǆ": "dz", "Ǉ": "lj", "ǈ": "lj", "ǉ": "lj", "Ǌ": "nj", "ǋ": "nj", "ǌ": "nj", "ǳ": "dz",
	} {
		assert.Equal(t, want, contact.Fold(in), "Fold(%q)", in)
	}
	search, _ := acc3Seed(t, "FR", []acc2Person{{key: "lj", first: "Ǉubica", last: "ǅokić"}, {key: "nj", first: "Ǌegoš"}, {key: "b", first: "Bob"}})
	assert.Equal(t, []string{"lj"}, search("ljubica"))
	assert.Equal(t, []string{"lj"}, search("dzokic"))
	assert.Equal(t, []string{"lj"}, search("džokić"))
	assert.Equal(t, []string{"nj"}, search("njegos"))
}
