package contact_test

import (
	"errors"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/contactkit/contactkit/contact"
)

func TestNormalizeName(t *testing.T) {
	tests := []struct {
		name, input, want string
	}{
		{"empty", "", ""},
		{"blank", " \t\r\n\u00a0\u3000", ""},
		{"plain", "Ann", "Ann"},
		{"trimmed", "  Ann Lee \n", "Ann Lee"},
		{"inner runs", "Ann \t\n  Lee", "Ann Lee"},
		{"no-break and ideographic spaces", "Ann\u00a0\u00a0Lee\u3000Jr", "Ann Lee Jr"},
		{"decomposed e acute", "Rene\u0301e", "Renée"},
		{"decomposed capital", "E\u0301lodie", "Élodie"},
		{"hangul jamo", "\u1100\u1161", "\uac00"},
		{"control characters", "An\x00n\x07 L\u0080ee\x7f", "Ann Lee"},
		{"control between base and accent", "Rene\x00\u0301e", "Renée"},
		{"control inside white space", "Ann \x00 Lee", "Ann Lee"},
		{"invalid UTF-8", "Ann\xffLee", "Ann\uFFFDLee"},
		{"emoji with joiner kept", "Ann 👩\u200d💻", "Ann 👩\u200d💻"},
		{"already NFC", "Zoë Ødegård", "Zoë Ødegård"},
		{"zero-width space", "An\u200bn", "Ann"},
		{"bidi override", "\u202eAnn\u202c Lee", "Ann Lee"},
		{"isolates and marks", "\u2066Ann\u2069 \u200eLee\u200f", "Ann Lee"},
		{"word joiner, BOM, soft hyphen", "\ufeffAn\u2060n Le\u00adе", "Ann Leе"},
		{"invisible between spaces", "Ann \u200b Lee", "Ann Lee"},
		{"joiner inside a Latin name removed", "An\u200dn", "Ann"},
		{"non-joiner in a Persian name kept", "می\u200cخواهم", "می\u200cخواهم"},
		{"only invisible", "\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2060\u2064\u2066\u2069\ufeff\u00ad", ""},
		{"kelvin sign next to a joiner", "\u212a\u200d💻", "K💻"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := contact.NormalizeName(tt.input)
			if got != tt.want {
				t.Errorf("NormalizeName(%q) = %q, want %q", tt.input, got, tt.want)
			}
			if again := contact.NormalizeName(got); again != got {
				t.Errorf("NormalizeName(%q) = %q, not idempotent", got, again)
			}
		})
	}
}

func TestDisplayName(t *testing.T) {
	email := contact.MustParseEmail("Ann@Example.com")
	phone, err := contact.ParsePhone("+33 6 12 34 56 78", "FR")
	if err != nil {
		t.Fatalf("ParsePhone: %v", err)
	}
	var noEmail contact.Email
	var noPhone contact.Phone
	tests := []struct {
		name               string
		first, last, alias string
		email              contact.Email
		phone              contact.Phone
		want               string
	}{
		{"first and last", "Ann", "Lee", "Annie", email, phone, "Ann Lee"},
		{"first only", "Ann", "", "Annie", email, phone, "Ann"},
		{"last only", "", "Lee", "Annie", email, phone, "Lee"},
		{"names normalised", " Rene\u0301e ", "  Le  Gall ", "", noEmail, noPhone, "Renée Le Gall"},
		{"alias", "", "", "Annie", email, phone, "Annie"},
		{"blank names fall back to alias", " \t", "\n", " Annie ", email, phone, "Annie"},
		{"email", "", "", "", email, phone, "ann@example.com"},
		{"blank alias falls back to email", "", "", "   ", email, phone, "ann@example.com"},
		{"phone", "", "", "", noEmail, phone, phone.String()},
		{"nothing", "", "", "", noEmail, noPhone, ""},
		{"control characters only", "\x00", "\x07", "\x1b", noEmail, noPhone, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := contact.DisplayName(tt.first, tt.last, tt.alias, tt.email, tt.phone)
			if got != tt.want {
				t.Errorf("DisplayName(%q, %q, %q, %q, %q) = %q, want %q", tt.first, tt.last, tt.alias, tt.email, tt.phone, got, tt.want)
			}
		})
	}
}

func FuzzNormalizeName(f *testing.F) {
	for _, s := range []string{"", "  Ann  Lee ", "Rene\u0301e", "\x00\u0301a", "a\xff\u0301", " \u0301", "\u1100 \u1161", "Ann\u00a0\u2028Lee", "\u212a\u200d💻", "👩\u200d💻", "a\u200b \u202e b", "é\u200d\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input string) {
		got := contact.NormalizeName(input)
		if again := contact.NormalizeName(got); again != got {
			t.Fatalf("NormalizeName(%q) = %q, NormalizeName of that = %q", input, got, again)
		}
		if !utf8.ValidString(got) || !norm.NFC.IsNormalString(got) {
			t.Fatalf("NormalizeName(%q) = %q: not valid NFC UTF-8", input, got)
		}
	})
}

// TestInvisibleNameIsNoIdentity checks that a name made only of invisible
// characters counts as empty: it is no display name and no identity.
func TestInvisibleNameIsNoIdentity(t *testing.T) {
	c := contact.Contact{Workspace: "w", Status: contact.StatusActive, FirstName: "\u200b", LastName: "\u202e\u202c", Alias: "\ufeff"}
	if got := c.DisplayName(); got != "" {
		t.Errorf("DisplayName() = %q, want \"\"", got)
	}
	if err := c.Validate(nil); !errors.Is(err, contact.ErrNoIdentity) {
		t.Errorf("Validate() = %v, want ErrNoIdentity", err)
	}
	p := contact.Patch{FirstName: new("\u200b\u200d"), Alias: new("\u2066\u2069")}
	d := contact.Contact{Workspace: "w", Status: contact.StatusActive}
	if err := p.Apply(&d, contact.ApplyOptions{}); !errors.Is(err, contact.ErrNoIdentity) {
		t.Errorf("Apply(invisible names) = %v, want ErrNoIdentity", err)
	}
}
