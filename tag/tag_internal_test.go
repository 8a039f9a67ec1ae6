package tag

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// FuzzFoldKey checks foldKey's shortcut for ASCII names against case
// folding.
func FuzzFoldKey(f *testing.F) {
	ascii := make([]byte, 0, 128)
	for c := range byte(utf8.RuneSelf) {
		ascii = append(ascii, c)
	}
	for _, s := range []string{"", "VIP", "vip", "Vip Client", string(ascii), "Élodie", "STRASSE", "Straße", "\u212a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := foldKey(s), norm.NFC.String(cases.Fold().String(s)); got != want {
			t.Fatalf("foldKey(%q) = %q, case folding gives %q", s, got, want)
		}
	})
}
