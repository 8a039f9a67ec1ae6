package contact

import (
	"slices"
	"testing"
)

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

// TestFoldBaseLetters: the Latin letters that Unicode does not decompose
// fold to the base letters people type for them, in either case, alone
// and within words. pgstore's migration 0003 rewrites stored text with
// the same letters.
func TestFoldBaseLetters(t *testing.T) {
	for in, want := range map[string]string{
		"Łódź": "lodz", "Søren Kierkegaard": "soren kierkegaard", "ÆRØSKØBING": "aeroskobing",
		"Œuvre": "oeuvre", "Þórr": "thorr", "Đorđe": "dorde", "Işık": "isik", "IŞIK": "isik",
		"Guðrún": "gudrun", "Ħamrun": "hamrun", "Ĳssel": "ijssel", "ǿ": "o",
		"øłđðħŧŀıƀɨƶǥĸæœþĳ": "olddhtlibizgkaeoethij",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
		if got := foldSlow(in); got != want {
			t.Errorf("foldSlow(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzASCIIWords checks appendASCIIWords against appendFoldedWords on ASCII
// text, joined or not.
func FuzzASCIIWords(f *testing.F) {
	for _, s := range []string{
		"", " ", "ann", "ann lee", "  ann \t lee\n", "o'brien", "jean-pierre dupont", "ada.lovelace12@example.com",
		"a--b", "-a-", "x\vy\fz\rw", "1-800-flowers", "A.B C", "\x00a\x7f", "...", "a.b.c d.e",
	} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, joined bool) {
		if !ascii(s) {
			return
		}
		got, want := appendASCIIWords(nil, s, joined), appendFoldedWords(nil, s, joined)
		if !slices.Equal(got, want) {
			t.Fatalf("appendASCIIWords(%q, %v) = %q, appendFoldedWords gives %q", s, joined, got, want)
		}
	})
}
