package contactkit_test

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/fixture"
	"github.com/contactkit/contactkit/store"
)

// searchPieces are the pieces random names are made of: Latin with
// diacritics (precomposed and with combining marks), Turkish dotted and
// dotless i, German ß, Greek with its final sigma, ligatures, full-width
// letters, emoji, Arabic and Hebrew (right to left, with their marks).
var searchPieces = []string{
	"a", "b", "e", "l", "n", "o", "s", "t", "r", "i",
	"é", "è", "ê", "ë", "à", "ç", "ñ", "ö", "ü", "å", "ø", "ł", "œ", "æ",
	"e\u0301", "a\u0308", "o\u0302", "n\u0303",
	"İ", "ı", "I", "ş", "ğ",
	"ß", "ẞ",
	"Σ", "σ", "ς", "ί", "φ", "ο",
	"ﬁ", "ﬂ", "ǅ",
	"Ａ", "ｂ", "ｃ",
	"😀", "👍🏽",
	"م", "ح", "د", "\u064E", "ש", "ל", "ו", "\u05B8",
}

func randomSearchWord(r *rand.Rand) string {
	var b strings.Builder
	for range 1 + r.IntN(6) {
		b.WriteString(searchPieces[r.IntN(len(searchPieces))])
	}
	return b.String()
}

func randomSearchName(r *rand.Rand) string {
	words := make([]string, 1+r.IntN(2))
	for i := range words {
		words[i] = randomSearchWord(r)
	}
	sep := []string{" ", "-", "'", " "}[r.IntN(4)]
	return strings.Join(words, sep)
}

// stripMarks removes the combining marks of s, as a user who types without
// accents does.
func stripMarks(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ruleMatches applies S1 as contact.SearchText documents it.
func ruleMatches(c *contact.Contact, q string) bool {
	words := contact.QueryWords(q)
	if len(words) == 0 {
		return false
	}
	text := contact.SearchText(c)
	for _, w := range words {
		if !strings.Contains(text, " "+w) {
			return false
		}
	}
	return true
}

func listIDs(t *testing.T, h *harness, q string) []contact.ID {
	t.Helper()
	var ids []contact.ID
	for c, err := range h.svc.Contacts(t.Context(), owner, contactkit.ContactQuery{Text: q}) {
		require.NoError(t, err)
		ids = append(ids, c.ID)
	}
	return ids
}

// TestSearchPropertyUnicode creates contacts with random unicode names and
// checks that ListContacts with a query finds exactly the contacts that the
// rule (contact.SearchText, QueryWords) selects, through the memory store's
// word index, and that a word of a contact typed in another case, without
// its accents or decomposed finds it.
func TestSearchPropertyUnicode(t *testing.T) {
	h := newHarness(t)
	r := rand.New(rand.NewPCG(1, 2))
	var all []contact.Contact
	for range 80 {
		first, last, company := randomSearchName(r), randomSearchName(r), randomSearchName(r)
		var tags []string
		if r.IntN(2) == 0 {
			tags = []string{randomSearchWord(r)}
		}
		c, err := h.svc.CreateContact(t.Context(), owner, contactkit.ContactInput{
			Patch: contact.Patch{FirstName: &first, LastName: &last, Company: &company}, Tags: tags})
		if err != nil {
			continue // a name made only of emoji has no display name
		}
		all = append(all, c)
	}
	require.Greater(t, len(all), 50)
	want := func(q string) []contact.ID {
		var ids []contact.ID
		for i := range all {
			if ruleMatches(&all[i], q) {
				ids = append(ids, all[i].ID)
			}
		}
		return ids
	}
	// 400 queries; 150 under the race detector, which makes each about
	// ten times slower.
	queries := 400
	if fixture.Race {
		queries = 150
	}
	for range queries {
		c := all[r.IntN(len(all))]
		source := []string{c.FirstName, c.LastName, c.Company}[r.IntN(3)]
		words := strings.FieldsFunc(source, func(r rune) bool { return r == ' ' || r == '-' || r == '\'' })
		word := words[r.IntN(len(words))]
		variants := map[string]string{
			"as stored":  word,
			"upper":      strings.ToUpper(word),
			"lower":      strings.ToLower(word),
			"decomposed": norm.NFD.String(word),
			"no accents": stripMarks(word),
		}
		if rs := []rune(word); len(rs) > 1 {
			variants["prefix"] = string(rs[:1+r.IntN(len(rs)-1)])
		}
		variants["random"] = randomSearchWord(r)
		variants["two words"] = word + " " + randomSearchWord(r)
		for kind, q := range variants {
			if strings.TrimSpace(q) == "" {
				continue // an empty Text is no filter
			}
			got := listIDs(t, h, q)
			if w := want(q); !slices.Equal(w, got) {
				t.Errorf("query %q (%s of %q, words %q): the service finds %d contacts, the rule %d", q, kind, word, contact.QueryWords(q), len(got), len(w))
			}
			if kind == "random" || kind == "two words" || len(contact.QueryWords(q)) == 0 {
				continue
			}
			if kind == "upper" && strings.ContainsRune(word, 'ı') {
				continue // dotless ı upper-cases to I, which is the capital of i
			}
			assert.Contains(t, got, c.ID, "query %q (%s of %q) does not find its contact", q, kind, word)
		}
	}
}

// TestSearchFoldExamples checks the examples of S1 and of the doc of
// ContactQuery through ListContacts.
func TestSearchFoldExamples(t *testing.T) {
	h := newHarness(t)
	names := []struct{ first, last, company string }{
		{"Hélène", "Dupré", "Straße AG"},
		{"Ayşe", "Yılmaz", "İstanbul Ltd"},
		{"Σωκράτης", "Οδυσσέας", "ﬁnance"},
		{"Jose\u0301", "O'Brien", "Café"},
		{"ＭＩＫＩ", "Ｔａｎａｋａ", "Ｓｈｏｐ２４"},
	}
	ids := map[string]contact.ID{}
	for _, n := range names {
		c := h.create(t, owner, contact.Patch{FirstName: &n.first, LastName: &n.last, Company: &n.company})
		ids[n.first] = c.ID
	}
	for q, who := range map[string]string{
		"helene": "Hélène", "HELENE dupre": "Hélène", "strasse": "Hélène", "STRASSE": "Hélène", "straße": "Hélène",
		"istanbul": "Ayşe", "İSTANBUL": "Ayşe", "ayse": "Ayşe",
		"σωκρατης": "Σωκράτης", "ΟΔΥΣΣΕΑΣ": "Σωκράτης", "οδυσσεας": "Σωκράτης", "οδυσσεασ": "Σωκράτης", "finance": "Σωκράτης",
		"josé": "Jose\u0301", "jose\u0301": "Jose\u0301", "obrien": "Jose\u0301", "cafe": "Jose\u0301", "CAFÉ": "Jose\u0301",
		"miki tanaka": "ＭＩＫＩ", "ｍｉｋｉ": "ＭＩＫＩ", "shop24": "ＭＩＫＩ", "ｓｈｏｐ２": "ＭＩＫＩ",
	} {
		assert.Equal(t, []contact.ID{ids[who]}, listIDs(t, h, q), "query %q", q)
	}
	assert.Empty(t, listIDs(t, h, "😀"), "a query without words finds nothing")
}

// TestSearchPhoneForms: a phone typed in any form the default region parses
// finds its contact, primary or secondary.
func TestSearchPhoneForms(t *testing.T) {
	h := newHarness(t)
	first, phone := "Ada", "+33612345678"
	others := []contact.LabeledInput{{Value: "+44 7911 123456", Label: "work"}}
	ada := h.create(t, owner, contact.Patch{FirstName: &first, Phone: &phone, OtherPhones: &others})
	second, phone2 := "Bob", "0745678901"
	h.create(t, owner, contact.Patch{FirstName: &second, Phone: &phone2})
	for _, q := range []string{"+33612345678", "+33 6 12 34 56 78", "0612345678", "06 12 34 56 78", "06.12.34.56.78",
		"06-12-34-56-78", "(06) 12 34 56 78", "612345678", "0033612345678", "00 33 6 12 34 56 78", "+44 7911 123456", "0044 7911 123456",
		"06 12 34 56 78 ext. 12", "06 12 34 56 78 x12"} {
		assert.Equal(t, []contact.ID{ada.ID}, listIDs(t, h, q), "query %q", q)
	}
}

// TestSearchPhoneAmongWords: a phone typed among the words of a query, in
// any form the region parses, must be one of the contact's phones (primary
// or secondary) and the other words must match as words; a run of digits
// that is no valid phone stays a word.
func TestSearchPhoneAmongWords(t *testing.T) {
	h := newHarness(t)
	ada, lovelace, phone := "Ada", "Lovelace", "+33612345678"
	others := []contact.LabeledInput{{Value: "+44 7911 123456", Label: "work"}}
	lov := h.create(t, owner, contact.Patch{FirstName: &ada, LastName: &lovelace, Phone: &phone, OtherPhones: &others})
	byron, phone2, company := "Byron", "0745678901", "Studio 2024"
	byr := h.create(t, owner, contact.Patch{FirstName: &ada, LastName: &byron, Phone: &phone2, Company: &company})
	for q, want := range map[string][]contact.ID{
		"ada 0612345678":             {lov.ID},
		"ada 06 12 34 56 78":         {lov.ID},
		"06.12.34.56.78 lovelace":    {lov.ID},
		"Ada +33 6 12 34 56 78 love": {lov.ID},
		"ada +44 7911 123456":        {lov.ID},
		"ada 0044 7911 123456":       {lov.ID},
		"byron 06 12 34 56 78":       nil,
		"ada 07 45 67 89 01":         {byr.ID},
		"ada 2024":                   {byr.ID},
		"studio 2024 07 45 67 89 01": {byr.ID},
		"ada 07 45 67 89 01 2024":    {byr.ID},
		"2024 0745678901":            {byr.ID},
		"ada 2025":                   nil,
		"Tel: 06 12 34 56 78":        {lov.ID},
		"Tél.: +33612345678":         {lov.ID},
		"Email: ada lovelace":        {lov.ID},
		"ada":                        {lov.ID, byr.ID},
	} {
		got := listIDs(t, h, q)
		slices.SortFunc(got, func(a, b contact.ID) int { return bytes.Compare(a[:], b[:]) })
		slices.SortFunc(want, func(a, b contact.ID) int { return bytes.Compare(a[:], b[:]) })
		assert.Equal(t, want, got, "query %q", q)
	}
}

// TestSearchBaseLetters: letters Unicode does not decompose are found by
// the base letters people type for them, and the other way round.
func TestSearchBaseLetters(t *testing.T) {
	h := newHarness(t)
	for _, n := range []string{"Łódź", "Søren", "Æsir", "Işık", "Þórr"} {
		h.create(t, owner, contact.Patch{FirstName: &n})
	}
	for _, q := range []string{"lodz", "ŁÓDŹ", "soren", "SØREN", "aesir", "æsir", "isik", "IŞIK", "thorr"} {
		assert.Len(t, listIDs(t, h, q), 1, "query %q", q)
	}
}

// A search text past contact.MaxQueryLen bytes is invalid input, for
// contacts and for a timeline, quoted by a prefix; one at the limit runs.
func TestSearchTextIsBounded(t *testing.T) {
	h := newHarness(t)
	ada := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	long := strings.Repeat("a", contact.MaxQueryLen+1)
	_, err := h.svc.ListContacts(t.Context(), owner, contactkit.ContactQuery{Text: long}, store.PageRequest{})
	assert.ErrorIs(t, err, contactkit.ErrInvalidInput)
	assert.ErrorIs(t, err, contact.ErrTooLong)
	assert.Less(t, len(err.Error()), 300)
	_, err = h.svc.ListTimeline(t.Context(), owner, ada.ID, contactkit.TimelineQuery{Text: long}, store.PageRequest{})
	assert.ErrorIs(t, err, contactkit.ErrInvalidInput)
	assert.ErrorIs(t, err, contact.ErrTooLong)
	_, err = h.svc.ListContacts(t.Context(), owner, contactkit.ContactQuery{Text: long[1:]}, store.PageRequest{})
	assert.NoError(t, err)
	digits := strings.Repeat("1 ", contact.MaxQueryLen/2)
	_, err = h.svc.ListContacts(t.Context(), owner, contactkit.ContactQuery{Text: digits}, store.PageRequest{})
	assert.NoError(t, err, "a query of 500 one-digit words")
}

// Every page of an address search answers the query its first page chose,
// kept in its cursor: the holder of the address, or its words when nobody
// held it, whoever takes or leaves the address between pages; a cursor of
// another listing is refused.
func TestSearchAddressCursorKeepsItsQuery(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	var words []contact.ID
	for _, e := range []string{"bo.ek@example.com.au", "bo.ek@example.community", "bo.ek@example.company"} {
		words = append(words, h.create(t, owner, contact.Patch{FirstName: new("Bo"), Email: new(e)}).ID)
	}
	q := contactkit.ContactQuery{Text: "bo.ek@example.com"}
	page, err := h.svc.ListContacts(ctx, owner, q, store.PageRequest{Limit: 1})
	require.NoError(t, err)
	got := []contact.ID{page.Items[0].ID}
	holder := h.create(t, owner, contact.Patch{FirstName: new("Holder"), Email: new("bo.ek@example.com")})
	for page.Next != "" {
		page, err = h.svc.ListContacts(ctx, owner, q, store.PageRequest{Limit: 1, Cursor: page.Next})
		require.NoError(t, err)
		for _, c := range page.Items {
			got = append(got, c.ID)
		}
	}
	assert.Equal(t, append(words, holder.ID), got, "the address's words, the holder among them as it has them")

	// Now held: the holder alone, whoever leaves it between pages.
	page, err = h.svc.ListContacts(ctx, owner, q, store.PageRequest{Limit: 1})
	require.NoError(t, err)
	require.Equal(t, []contact.ID{holder.ID}, []contact.ID{page.Items[0].ID})
	assert.Empty(t, page.Next)

	// A cursor of a listing of all contacts is no cursor of this search.
	all, err := h.svc.ListContacts(ctx, owner, contactkit.ContactQuery{}, store.PageRequest{Limit: 1})
	require.NoError(t, err)
	_, err = h.svc.ListContacts(ctx, owner, q, store.PageRequest{Limit: 1, Cursor: all.Next})
	assert.ErrorIs(t, err, store.ErrInvalidCursor)
}
