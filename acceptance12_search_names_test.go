package contactkit_test

// Acceptance (twelfth round, issue 9 and DESIGN.md S1): names written with
// apostrophes and hyphens, searched as people type them.

import (
	"slices"
	"testing"
)

// TestAcc12SearchApostropheNameInsideHyphenatedName: ContactQuery.Text
// promises that "obrien" finds O'Brien: the parts of a word joined by an
// apostrophe are searched for joined too. A double-barrelled name holds
// such a word after a hyphen ("McDonald-O'Neil", "Smith-D’Arcy"), and
// only the whole run was joined ("mcdonaldoneil"), so "oneil" and "darcy",
// typed as people type O'Neil and D'Arcy, found nothing, though "o'neil"
// and "o neil" did. The same for an address whose local part holds one
// ("o'neil.ann@example.ie").
func TestAcc12SearchApostropheNameInsideHyphenatedName(t *testing.T) {
	search := acc9Seed(t, "FR", []acc9Person{
		{key: "mc", first: "Mary", last: "McDonald-O'Neil"},
		{key: "sd", first: "Tom", last: "Smith-D’Arcy"},
		{key: "mail", first: "Ann", email: "o'neil.ann@example.ie"},
		{key: "ob", first: "Seán", last: "O'Brien"},
	})
	for q, want := range map[string][]string{
		"oneil": {"mail", "mc"}, "mary oneil": {"mc"}, "o'neil": {"mail", "mc"}, "darcy": {"sd"}, "tom darcy": {"sd"},
		"d'arcy": {"sd"}, "mcdonaldoneil": {"mc"}, "obrien": {"ob"}, "ann oneil": {"mail"},
	} {
		if got := search(q); !slices.Equal(got, want) {
			t.Errorf("%q finds %v, want %v", q, got, want)
		}
	}
}
