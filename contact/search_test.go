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

// FuzzASCIIWords checks appendASCIIWords against the general split on the
// folded form of any ASCII text, joined or not.
func FuzzASCIIWords(f *testing.F) {
	f.Add("Ada.Lovelace@Example.com", true)
	f.Add(" o'brien\tjean-pierre\r\nx--y  ", true)
	f.Add("a\vb\fc\x00d\x7fe 12-34", false)
	f.Add("a.b\vc.d\fe.f\rg.h\ni.j k.l", true)
	f.Add("", true)
	f.Fuzz(func(t *testing.T, s string, joined bool) {
		s = Fold(s)
		if !ascii(s) {
			return
		}
		got, want := appendASCIIWords(nil, s, joined), appendFoldedWords(nil, s, joined)
		if !slices.Equal(got, want) {
			t.Fatalf("appendASCIIWords(%q, %v) = %q, want %q", s, joined, got, want)
		}
	})
}
