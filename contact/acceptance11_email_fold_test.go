package contact_test

import (
	"strings"
	"testing"

	"github.com/contactkit/contactkit/contact"
)

// C3: "Emails are trimmed and compared case-insensitively". Two local parts
// that differ only in case, as strings.EqualFold says (Unicode simple case
// folding), are one address. The final sigma was made one with σ; the
// other letters whose case folds with another's are not yet: the long s
// ("ſ", whose upper case is "S"), the micro sign ("µ", typed with AltGr+M
// on German keyboards, whose upper case is the Greek "Μ"), the Greek symbol
// forms ("ϐ", "ϑ", "ϕ", "ϖ", "ϰ", "ϱ", "ϵ"), the long s with dot ("ẛ").
func TestAcc11EmailsThatDifferOnlyInCaseAreOne(t *testing.T) {
	for _, pair := range [][2]string{
		{"ſam@example.com", "SAM@example.com"},
		{"ſam@example.com", "sam@example.com"},
		{"µ@example.de", "Μ@example.de"},
		{"µ@example.de", "μ@example.de"},
		{"ϐ@example.gr", "Β@example.gr"},
		{"ϑ@example.gr", "Θ@example.gr"},
		{"ϕ@example.gr", "φ@example.gr"},
		{"ϖ@example.gr", "Π@example.gr"},
		{"ϰ@example.gr", "κ@example.gr"},
		{"ϱ@example.gr", "Ρ@example.gr"},
		{"ϵ@example.gr", "Ε@example.gr"},
		{"ẛ@example.com", "Ṡ@example.com"},
		{"σας@example.gr", "ΣΑΣ@example.gr"},
		{"Ärger@example.de", "äRGER@example.de"},
	} {
		if !strings.EqualFold(pair[0], pair[1]) {
			t.Fatalf("the premise: %q and %q differ only in case", pair[0], pair[1])
		}
		a, err := contact.ParseEmail(pair[0])
		if err != nil {
			t.Fatalf("ParseEmail(%q): %v", pair[0], err)
		}
		b, err := contact.ParseEmail(pair[1])
		if err != nil {
			t.Fatalf("ParseEmail(%q): %v", pair[1], err)
		}
		if a != b {
			t.Errorf("ParseEmail(%q) = %q and ParseEmail(%q) = %q: one address but for case (C3)", pair[0], a, pair[1], b)
		}
		if again, err := contact.ParseEmail(a.String()); err != nil || again != a {
			t.Errorf("ParseEmail(%q) = %q, %v: the canonical form reads back as itself", a, again, err)
		}
	}
	// Letters that only look alike, or are other letters, stay apart.
	for _, pair := range [][2]string{
		{"ı@example.com", "i@example.com"}, // Turkish dotless i
		{"straße@example.de", "strasse@example.de"},
	} {
		a, _ := contact.ParseEmail(pair[0])
		b, _ := contact.ParseEmail(pair[1])
		if a == b || a.IsZero() {
			t.Errorf("ParseEmail(%q) = %q and ParseEmail(%q) = %q: two addresses", pair[0], a, pair[1], b)
		}
	}
}
