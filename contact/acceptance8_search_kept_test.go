package contact_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/contactkit/contactkit/contact"
)

var pool8 = []rune("aAzZ09 -.'@+_ＡＺａｚ０９＠．＇－　\u3000\u0301\u0308éÉßẞİıIiﬁﬀǅǄŁøÆœ한글漢字カタｶﾀ\u00a0\u0085ΣσςАя\u200b\u0345ʼŉ\uff5e\uff01\uff60\uffe5\u00ad\u2060\u0130")

func rnd8(r *rand.Rand) string {
	n := r.IntN(8)
	var s []rune
	for range n {
		s = append(s, pool8[r.IntN(len(pool8))])
	}
	return string(s)
}

// TestAcc8SearchWordsPerText: AppendSearchWords "must give exactly what
// folding and splitting each text alone gave" (its texts folded into one
// buffer); Fold "is idempotent"; QueryWords splits and folds "as
// SearchText's are", so each word of a query typed as a name is a search
// word of that name; FoldQuery is the canonical form of a query, with the
// same words. Random texts of full-width and half-width forms, U+3000,
// combining marks, ligatures, Turkish i, ß, Greek sigma, invisible
// characters.
func TestAcc8SearchWordsPerText(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		c := contact.Contact{FirstName: rnd8(r), LastName: rnd8(r), Company: rnd8(r), City: rnd8(r), JobTitle: rnd8(r), Alias: rnd8(r)}
		got := contact.SearchWords(&c)
		var want []string
		for _, f := range []contact.Contact{{FirstName: c.FirstName}, {LastName: c.LastName}, {Alias: c.Alias}, {Company: c.Company}, {JobTitle: c.JobTitle}, {City: c.City}} {
			for _, w := range contact.SearchWords(&f) {
				if !slices.Contains(want, w) {
					want = append(want, w)
				}
			}
		}
		// And, after them, the words of the two names joined, which a name
		// in a script written without spaces adds ("王明" for 王 明).
		joined := append(contact.SearchWords(&contact.Contact{FirstName: c.LastName + c.FirstName}),
			contact.SearchWords(&contact.Contact{FirstName: c.FirstName + c.LastName})...)
		if len(got) < len(want) || !slices.Equal(got[:len(want)], want) ||
			slices.ContainsFunc(got[len(want):], func(w string) bool { return !slices.Contains(joined, w) }) {
			t.Fatalf("%q: got %q want %q, then words of %q", []string{c.FirstName, c.LastName, c.Alias, c.Company, c.JobTitle, c.City}, got, want, joined)
		}
		s := rnd8(r) + rnd8(r)
		f := contact.Fold(s)
		if contact.Fold(f) != f {
			t.Fatalf("Fold not idempotent %q -> %q -> %q", s, f, contact.Fold(f))
		}
		// Query words vs search words of a contact named s
		one := contact.Contact{FirstName: s}
		st := contact.SearchText(&one)
		for _, w := range contact.QueryWords(s) {
			if !slices.Contains(contact.SearchWords(&one), w) {
				t.Fatalf("query word %q of %q not a search word %q", w, s, st)
			}
		}
		if fq := contact.FoldQuery(s); !slices.Equal(contact.QueryWords(fq), contact.QueryWords(s)) {
			t.Fatalf("QueryWords(FoldQuery(%q))=%q, QueryWords=%q", s, contact.QueryWords(fq), contact.QueryWords(s))
		}
	}
}
