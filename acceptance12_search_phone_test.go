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
// must match". A Text that parses whole as a phone is looked up by the
// phone's key alone, and the phone parser skips what comes before the
// number's first digit; the check that no word of Text is other than a
// phone's looks at the words between spaces, and a word glued to the
// phone by punctuation ("valjean,06 12 34 56 78", "nobody,0612345678")
// holds a digit, so it passes: the name is dropped and the contact with
// the phone is found though its name is Picard. The same words with a
// space ("valjean, 06 12 34 56 78") find nothing, as they should.
//
// Left: "tel:+33-6-12-34-56-78" (a tel: link) and "tel.06 12 34 56 78"
// are found by the same skip, and which glued words are labels to drop
// and which are words to match is a design question for the query's
// grammar (dropLabels), not a one-line change.
func TestAcc12SearchWordGluedToAPhoneIsIgnored(t *testing.T) {
	t.Skip("finding: a word glued to a phone by punctuation is dropped from the query (\"valjean,06 12 34 56 78\" finds Picard)")
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
