package contactkit_test

// Acceptance (twelfth round, issue 9 and DESIGN.md S1: "a phone typed in
// any form the region parses finds its contact"): phones typed among
// other words, with the punctuation people type or paste around them.

import (
	"slices"
	"testing"
)

// TestAcc12SearchPhoneAmongWordsWithPunctuation: ContactQuery.Text says a
// phone typed among the words ("ada 06 12 34 56 78") must be one of the
// contact's phones. The phone alone is found with the punctuation a
// sentence or a pasted line puts next to it ("06 12 34 56 78,",
// "\"06 12 34 56 78\""), and so is "picard, 06 12 34 56 78"; but with a
// name beside it, a comma, semicolon, quote, guillemet or "#" touching the
// phone's digits made the run of phone words end there, the phone was
// searched for as words, and nothing was found.
func TestAcc12SearchPhoneAmongWordsWithPunctuation(t *testing.T) {
	search := acc9Seed(t, "FR", []acc9Person{
		{key: "jl", first: "Jean-Luc", last: "Picard", phone: "+33 6 12 34 56 78"},
		{key: "other", first: "Jean", last: "Valjean", phone: "+33 6 98 76 54 32"},
	})
	us := acc9Seed(t, "US", []acc9Person{{key: "gus", first: "Gus", phone: "+1 650 253 0000"}})
	for _, q := range []string{
		"06 12 34 56 78, picard", "06 12 34 56 78; picard", "jean 06 12 34 56 78;", "jean 06 12 34 56 78!",
		`jean "06 12 34 56 78"`, "jean «06 12 34 56 78»", "jean '06 12 34 56 78'", "jean ¿06 12 34 56 78?",
	} {
		if got := search(q); !slices.Equal(got, []string{"jl"}) {
			t.Errorf("%q finds %v, want [jl], as the phone alone does", q, got)
		}
	}
	for _, q := range []string{"gus 650.253.0000#5", "gus 650 253 0000 #5"} {
		if got := us(q); !slices.Equal(got, []string{"gus"}) {
			t.Errorf("US %q finds %v, want [gus]", q, got)
		}
	}
}

// TestAcc12SearchWordGluedToAPhoneIsIgnored: S1 "every word of the query
// must match". The phone parser skips what comes before the number's
// first digit, and a word glued to the phone by punctuation
// ("valjean,06 12 34 56 78", "nobody,0612345678") was taken for part of
// the phone: the name was dropped and the contact with the phone found
// though its name is Picard. The query is now read for a phone with that
// word set apart (unglue), as "valjean, 06 12 34 56 78" is; a label glued
// so ("tel:+33-6-12-34-56-78") is still left out.
func TestAcc12SearchWordGluedToAPhoneIsIgnored(t *testing.T) {
	search := acc9Seed(t, "FR", []acc9Person{
		{key: "jl", first: "Jean-Luc", last: "Picard", phone: "+33 6 12 34 56 78"},
		{key: "val", first: "Jean", last: "Valjean", phone: "+33 6 98 76 54 32"},
	})
	for _, q := range []string{"valjean,06 12 34 56 78", "nobody,0612345678", "valjean/06 12 34 56 78", "zzz06 12 34 56 78"} {
		if got := search(q); len(got) != 0 {
			t.Errorf("%q finds %v, want nothing: no contact has both", q, got)
		}
	}
	if got := search("picard,06 12 34 56 78"); !slices.Equal(got, []string{"jl"}) {
		t.Errorf(`"picard,06 12 34 56 78" finds %v, want [jl]`, got)
	}
}

// Words of letters and digits stay words when no phone follows them.
func TestSearchAlphanumericWordsWithoutAPhone(t *testing.T) {
	search := acc9Seed(t, "FR", []acc9Person{
		{key: "a1", first: "Ann", company: "A1 Bakery"},
		{key: "r2", first: "Bob", company: "R2D2 Repairs", tags: []string{"route66"}},
	})
	for q, want := range map[string][]string{"A1 Bakery": {"a1"}, "a1": {"a1"}, "r2d2": {"r2"}, "bob route66": {"r2"}, "ann,a1": {"a1"}} {
		if got := search(q); !slices.Equal(got, want) {
			t.Errorf("%q finds %v, want %v", q, got, want)
		}
	}
}
