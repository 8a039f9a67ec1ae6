package contactkit_test

import (
	"slices"
	"testing"
)

// Review (eighteenth round): what S1 leaves open, each a design question
// rather than a small fix; skipped with the reason.

// TestReview18SearchApostropheTypedAgainstNameWithout: "obrien" finds
// O'Brien (its text joins the parts), but "O'Brien" does not find a
// contact stored as "Obrien" or "OBrien" (as systems that strip
// apostrophes export it): the query is split into "o" and "brien", and
// "brien" starts no word of "obrien". Searching the query's joined word
// alone would stop "o'brien" finding "O Brien"; either way is a choice.
func TestReview18SearchApostropheTypedAgainstNameWithout(t *testing.T) {
	t.Skip("review18: a query word joined by an apostrophe is searched as its parts only: which of O Brien and OBrien it should find is a design question")
	search := acc9Seed(t, "FR", []acc9Person{
		{key: "obrien", first: "Sean", last: "OBrien"},
		{key: "dangelo", first: "Mia", last: "Dangelo"},
	})
	for q, want := range map[string][]string{"O'Brien": {"obrien"}, "sean o’brien": {"obrien"}, "D'Angelo": {"dangelo"}} {
		if got := search(q); !slices.Equal(got, want) {
			t.Errorf("%q finds %v, want %v", q, got, want)
		}
	}
}

// TestReview18SearchLabelWithoutColon: "Tel: 06 12 34 56 78" finds the
// phone's holder, its label left out, but "Tel. 06 12 34 56 78", "Mobile
// 06 12 34 56 78" and "06 12 34 56 78 (mobile)", as signatures and
// pasted lines write them, find nobody: the label is a word the contact
// must have. ContactQuery.Text documents labels as words ending in a
// colon only.
func TestReview18SearchLabelWithoutColon(t *testing.T) {
	t.Skip("review18: only a word ending in a colon is a label (ContactQuery.Text): which other words label a phone is a design question")
	search := acc9Seed(t, "FR", []acc9Person{{key: "ada", first: "Ada", last: "Lovelace", phone: "06 12 34 56 78"}})
	for _, q := range []string{"Tel. 06 12 34 56 78", "Tél. 06 12 34 56 78", "Mobile 06 12 34 56 78", "06 12 34 56 78 (mobile)"} {
		if got := search(q); !slices.Equal(got, []string{"ada"}) {
			t.Errorf("%q finds %v, want [ada]", q, got)
		}
	}
}

// TestReview18SearchCircledLetters: the circled letters of chat apps'
// display names ("ⓐⓓⓐ") are symbols, not letters: a name written in them
// has no words, and no query finds it. Folding them as letters changes
// where words split, which pgstore's migrations cannot rewrite in SQL
// (RefreshSearchText would).
func TestReview18SearchCircledLetters(t *testing.T) {
	t.Skip("review18: circled letters are symbols, not folded to letters; folding them changes word splits, which needs RefreshSearchText on upgrade")
	search := acc9Seed(t, "FR", []acc9Person{{key: "circled", first: "ⓐⓓⓐ", last: "Ⓑⓨⓡⓞⓝ"}})
	if got := search("ada byron"); !slices.Equal(got, []string{"circled"}) {
		t.Errorf(`"ada byron" finds %v, want [circled]`, got)
	}
}
