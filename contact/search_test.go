package contact

import "testing"

// TestFoldLatinMatchesTransformers checks the table of foldLatin against the
// transformers of foldSlow on every rune below latinEnd, every pair of them,
// and strings that mix them with runes past it.
func TestFoldLatinMatchesTransformers(t *testing.T) {
	check := func(s string) {
		t.Helper()
		if got, want := Fold(s), foldSlow(s); got != want {
			t.Fatalf("Fold(%+q) = %+q, the transformers give %+q", s, got, want)
		}
	}
	for a := range rune(latinEnd) {
		check(string(a))
		for b := rune(0x80); b < latinEnd; b++ {
			check(string([]rune{a, b}))
			check(string([]rune{b, a}))
		}
	}
	for _, s := range []string{
		"Hélène", "HÉLÈNE", "Straße", "İstanbul", "Ærøskøbing", "Łódź", "Dvořák", "ǅemal",
		"e\u0301", "É\u0301", "Zoë\u0308", "ŉ", "Ǆ", "ǰ", "Ⅻ", "ﬁne", "\xff\xfe", "a\xc3",
		"Mañana – Ñandú", "Œuvre d’art", "ǇUBLJANA",
	} {
		check(s)
	}
}
