package tag

import (
	"strings"
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

// FuzzPlainName checks ParseName's shortcut for names typed in their
// normal form against the whole parse.
func FuzzPlainName(f *testing.F) {
	for _, s := range []string{"", "VIP", "Hot lead", "Hot  lead", " VIP", "VIP ", "a,b", "a\tb", "café", "x~y", "\x7f", strings.Repeat("x", MaxNameLength), strings.Repeat("x", MaxNameLength+1)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := plainName(s)
		want, err := parseName(s)
		switch {
		case !ok:
		case err != nil:
			t.Fatalf("plainName(%q) = %q, parseName refuses it: %v", s, got, err)
		case got != want || got.Key() != want.Key():
			t.Fatalf("plainName(%q) = %q key %q, parseName gives %q key %q", s, got, got.Key(), want, want.Key())
		}
		if n, perr := ParseName(s); n != want || n.Key() != want.Key() || (perr == nil) != (err == nil) {
			t.Fatalf("ParseName(%q) = %q, %v; parseName gives %q, %v", s, n, perr, want, err)
		}
	})
}
