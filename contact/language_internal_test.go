package contact

import (
	"strings"
	"testing"
)

// TestParsedLanguages checks that ParseLanguage gives, from the inputs it
// remembers, what it parses, and that it remembers at most
// maxParsedLanguages of them.
func TestParsedLanguages(t *testing.T) {
	parsedLanguages.Store(nil)
	defer parsedLanguages.Store(nil)
	inputs := []string{"en", "EN", " fr-ca ", "fr-CA", "en_us", "iw", "sh", "zh-hant-tw", "de-1996", "und", "x-foo", "en-u-co-phonebk"}
	// Then more than the map holds: each case of a few letters is an input.
	for _, base := range []string{"en", "fra", "deu", "spa", "ita", "por", "nld", "pol", "tur", "rus", "jpn", "kor", "swe"} {
		for mask := range 1 << len(base) {
			b := []byte(base)
			for i := range b {
				if mask>>i&1 == 1 {
					b[i] -= 'a' - 'A'
				}
			}
			inputs = append(inputs, string(b), string(b)+"-BE", string(b)+"_ch")
		}
	}
	for round := range 2 {
		for _, in := range inputs {
			got, err := ParseLanguage(in)
			want, refused := parseTag(strings.TrimSpace(in))
			if got != want || (err != nil) != (refused != "") {
				t.Fatalf("round %d: ParseLanguage(%q) = %q, %v; want %q (refused: %q)", round, in, got, err, want, refused)
			}
		}
	}
	if n := len(*parsedLanguages.Load()); n != maxParsedLanguages {
		t.Fatalf("ParseLanguage remembers %d inputs, want %d", n, maxParsedLanguages)
	}
}
