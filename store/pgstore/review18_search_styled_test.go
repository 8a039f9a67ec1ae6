package pgstore_test

// Review (eighteenth round): the styled letters of chat apps' display
// names ("𝐀𝐝𝐚", "𝓗𝓮𝓵𝓮𝓷𝓮", "ℋ"), which contact.Fold now writes as the plain
// ones: memstore and pgstore find them alike, and migration 0015, which
// copies Fold's mapping by hand, rewrites the search text stored before
// it to what contact.SearchText gives.

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/google/uuid"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store/pgstore"
	"github.com/contactkit/contactkit/tag"
)

// TestReview18MigrationStyledLettersAgreeWithFold: the letters migration
// 0015 translates are those that Fold left as they were and now writes
// otherwise, each as Fold now writes it.
func TestReview18MigrationStyledLettersAgreeWithFold(t *testing.T) {
	var sql string
	for _, m := range pgstore.Migrations() {
		if m.Version == 15 {
			sql = m.SQL
		}
	}
	parts := regexp.MustCompile(`replace\(translate\(search_text,\s*'([^']*)',\s*'([^']*)'\),\s*'([^']*)', '([^']*)'\)`).FindStringSubmatch(sql)
	if parts == nil {
		t.Fatalf("migration 0015 holds no replace(translate(search_text, from, to), x, y): %q", sql)
	}
	from, to := []rune(parts[1]), []rune(parts[2])
	if len(from) != len(to) {
		t.Fatalf("migration 0015 translates %d letters to %d", len(from), len(to))
	}
	mapped := map[rune]string{}
	for i, r := range from {
		mapped[r] = string(to[i])
	}
	if x := []rune(parts[3]); len(x) == 1 {
		mapped[x[0]] = parts[4]
	}
	where := regexp.MustCompile(`WHERE search_text ~ '([^']*)'`).FindStringSubmatch(sql)
	if where == nil {
		t.Fatalf("migration 0015 selects no rows by a pattern: %q", sql)
	}
	// PostgreSQL's \uXXXX and \UXXXXXXXX are Go's \x{…}.
	selects := regexp.MustCompile(regexp.MustCompile(`\\(?:u|U000)([0-9A-Fa-f]{4,5})`).ReplaceAllString(where[1], `\x{$1}`))
	var rs []rune
	for _, rg := range [][2]rune{{0x2B0, 0x2FF}, {0x1D00, 0x1DBF}, {0x2071, 0x209C}, {0x2100, 0x214F}, {0x1D400, 0x1D7FF}, {0x250, 0x2AF}, {0xA720, 0xA7FF}} {
		for r := rg[0]; r <= rg[1]; r++ {
			rs = append(rs, r)
		}
	}
	for _, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		s := string(r)
		if s != cases.Fold().String(s) || s != norm.NFC.String(s) {
			continue // Fold wrote it otherwise before: not in a stored text
		}
		got, ok := mapped[r]
		switch want := contact.Fold(s); {
		case want == s && ok:
			t.Errorf("%U %s: migration 0015 writes it %q, Fold leaves it", r, s, got)
		case want == s, !ok && !strings.ContainsFunc(want, unicode.IsLetter):
			// Left as it is, or no letter (ʼ is an apostrophe since
			// migration 0008).
		case !ok && (0x250 <= r && r <= 0x2AF || 0xA720 <= r && r <= 0xA7FF) && !strings.ContainsRune("ʙɢʜɪʟɴʀʏꜰꜱꞯ", r):
			// Another migration's letter (0003, 0005, 0014).
		case got != want:
			t.Errorf("%U %s: Fold writes %q, migration 0015 %q (translated: %v)", r, s, want, got, ok)
		case !selects.MatchString(s):
			t.Errorf("%U %s: migration 0015 translates it, but does not select a row that holds it", r, s)
		}
	}
}

// TestReview18MigrationFoldsStyledLetters: migration 0015 rewrites the
// search text that version 14 stored for names in styled letters to the
// words contact.SearchText now gives, and leaves the others.
func TestReview18MigrationFoldsStyledLetters(t *testing.T) {
	ada := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "𝐀𝐝𝐚", LastName: "𝐋𝐨𝐯𝐞𝐥𝐚𝐜𝐞-𝐁𝐲𝐫𝐨𝐧",
		Company: "𝔸𝕔𝕞𝕖 𝟚𝟘𝟚𝟞"}
	ada.Tags = tag.NewSet(tag.MustParseName("𝖁𝕴𝕻"))
	helene := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "𝓗𝓮𝓵𝓮𝓷𝓮", LastName: "ℋ𝑜𝓅𝓅ℯ𝓇", City: "𝚺𝛐𝛗𝛊𝛂"}
	small := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "ᴍɪʟᴇᴠᴀ", LastName: "ᴹᵃʳⁱᶜ", Company: "ᴭᵍᵉⁿᵗ"}
	plain := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Ada", LastName: "Byron"}
	pool := migrateSearchText(t, 14, []storedText{ // as version 14 stored them: folding left the styled letters
		{ada, " 𝐀𝐝𝐚 𝐋𝐨𝐯𝐞𝐥𝐚𝐜𝐞 𝐁𝐲𝐫𝐨𝐧 𝐋𝐨𝐯𝐞𝐥𝐚𝐜𝐞𝐁𝐲𝐫𝐨𝐧 𝔸𝕔𝕞𝕖 𝟚𝟘𝟚𝟞 𝖁𝕴𝕻 "},
		{helene, " 𝓗𝓮𝓵𝓮𝓷𝓮 ℋ𝑜𝓅𝓅ℯ𝓇 𝚺𝛐𝛗𝛊𝛂 "},
		{small, " ᴍɪʟᴇᴠᴀ ᴹᵃʳⁱᶜ ᴭᵍᵉⁿᵗ "},
		{plain, " ada byron "},
	})
	for q, want := range map[string][]contact.ID{
		"ada lovelace acme 2026 vip": {ada.ID}, "lovelacebyron": {ada.ID}, "helene hopper σοφια": {helene.ID},
		"mileva maric aegent": {small.ID},
	} {
		if got := foundByWords(t, pool, q); !slices.Equal(got, want) {
			t.Errorf("after migration 0015, %q found %v, want %v", q, got, want)
		}
	}
	if got := foundByWords(t, pool, "byron"); len(got) != 2 {
		t.Errorf(`after migration 0015, "byron" found %v, want both Adas`, got)
	}
}

// TestReview18SearchParityStyledLetters: memstore and pgstore find the
// same contacts in styled letters by their plain spellings.
func TestReview18SearchParityStyledLetters(t *testing.T) {
	ctx := context.Background()
	sides := acc3Sides(t, 1815)
	p := acc8P
	inputs := []contactkit.ContactInput{
		{Patch: contact.Patch{FirstName: p("𝐀𝐝𝐚"), LastName: p("𝐋𝐨𝐯𝐞𝐥𝐚𝐜𝐞")}},
		{Patch: contact.Patch{FirstName: p("𝓗𝓮𝓵𝓮𝓷𝓮"), LastName: p("ℋ𝑜𝓅𝓅ℯ𝓇")}, Tags: []string{"𝖁𝕴𝕻"}},
		{Patch: contact.Patch{FirstName: p("Ada"), LastName: p("Byron")}},
		{Patch: contact.Patch{FirstName: p("ᴍɪʟᴇᴠᴀ"), LastName: p("ᴹᵃʳⁱᶜ")}},
	}
	for _, side := range sides {
		for _, in := range inputs {
			if _, err := side.svc.CreateContact(ctx, acc3Actor, in); err != nil {
				t.Fatalf("%s: %v", side.name, err)
			}
		}
	}
	for q, n := range map[string]int{"ada": 2, "𝐚𝐝𝐚": 2, "ADA LOVELACE": 1, "helene hopper vip": 1, "𝘩𝘰𝘱𝘱𝘦𝘳": 1, "mileva maric": 1, "ᴍᴀʀ": 1} {
		var answers [][]contact.ID
		for _, side := range sides {
			got, errc := acc3List(side.svc, contactkit.ContactQuery{Text: q}, 1)
			if errc != "ok" || len(got) != n {
				t.Errorf("%s: %q finds %v (%s), want %d contacts", side.name, q, got, errc, n)
			}
			answers = append(answers, got)
		}
		if !slices.Equal(answers[0], answers[1]) {
			t.Errorf("%q: memstore %v, pgstore %v", q, answers[0], answers[1])
		}
	}
}
