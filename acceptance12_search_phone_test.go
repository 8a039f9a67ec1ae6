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
