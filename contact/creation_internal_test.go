package contact

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzNeedsQuote checks needsQuote's single pass against its definition.
func FuzzNeedsQuote(f *testing.F) {
	for _, s := range []string{
		"", "Ann", `"Ann"`, `A"nn`, "Ann\tLee", "Ann\nLee", `Ann\Lee`, "Zoë", "Zoë\t", "Zoë\\", "\xff", "Ann\xff", "é\xff", "\u00e9\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		want := strings.HasPrefix(v, `"`) || strings.ContainsAny(v, "\t\n\\") || !utf8.ValidString(v)
		if got := needsQuote(v); got != want {
			t.Fatalf("needsQuote(%q) = %v, want %v", v, got, want)
		}
	})
}
