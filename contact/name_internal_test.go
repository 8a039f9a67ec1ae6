package contact

import "testing"

// FuzzNormalizeNameShortcut checks that NormalizeName's shortcut for a name
// already spaced gives what the full normalisation gives.
func FuzzNormalizeNameShortcut(f *testing.F) {
	for _, s := range []string{
		"", " ", "Ann", "Ann Lee", " Ann", "Ann ", "Ann  Lee", "Ann\tLee", "Ann\u00a0Lee", "Ann \u00a0Lee",
		"Rene\u0301e", "Zoë Ødegård", "An\x00n", "Ann\x7f", "L\u0080ee", "Ann\u0085Lee", "Ann\xffLee", "Ann\uFFFDLee",
		"An\u200bn", "👩\u200d💻", "می\u200cخواهم", "\u212a", "\u1100\u1161", "Ann\u3000Lee", "Ann \u2028Lee",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := NormalizeName(s), normalizeName(s); got != want {
			t.Fatalf("NormalizeName(%q) = %q, the full normalisation gives %q", s, got, want)
		}
	})
}
