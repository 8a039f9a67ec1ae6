package contact_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/contact"
)

func TestParseCountry(t *testing.T) {
	tests := []struct {
		name, input, want string
	}{
		{"upper", "FR", "FR"},
		{"lower", "fr", "FR"},
		{"mixed and trimmed", "  gB\t", "GB"},
		{"UK alias", "uk", "GB"},
		{"Zaire", "ZR", "CD"},
		{"East Timor", "TP", "TL"},
		{"Metropolitan France", "FX", "FR"},
		{"Kosovo", "XK", "XK"},
		{"Ascension", "AC", "AC"},
		{"Tristan da Cunha", "TA", "TA"},
		{"Antarctica", "AQ", "AQ"},
		{"Åland", "ax", "AX"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := contact.ParseCountry(tt.input)
			if err != nil {
				t.Fatalf("ParseCountry(%q) error: %v", tt.input, err)
			}
			if c.String() != tt.want || c.IsZero() {
				t.Errorf("ParseCountry(%q) = %q, want %q", tt.input, c, tt.want)
			}
			if c != contact.MustParseCountry(tt.want) {
				t.Errorf("ParseCountry(%q) != MustParseCountry(%q)", tt.input, tt.want)
			}
		})
	}
}

func TestParseCountryErrors(t *testing.T) {
	for _, input := range []string{
		"", "  ", "F", "FRA", "USA", "250", "001", "F1", "É1", "éé", "F R",
		"EU", "QO", "UN", "EZ", "ZZ", "AA", "XA", "QM", "YU", "SU", "CS", "AN", "NT", "CQ",
		// Non-ASCII letters that strings.ToUpper folds to ASCII: the
		// dotless ı (to I), the long s ſ (to S), the Kelvin sign (to K).
		"ın", "ıN", "eſ", "\u212aE", "ｆｒ",
		strings.Repeat("F", 1<<20),
	} {
		name := input
		if len(name) > 8 {
			name = "long"
		}
		t.Run(name, func(t *testing.T) {
			c, err := contact.ParseCountry(input)
			if msg := err.Error(); len(msg) > 160 {
				t.Errorf("ParseCountry error quotes %d bytes, want a short prefix", len(msg))
			}
			if err == nil {
				t.Fatalf("ParseCountry(%q) = %q, want an error", input, c)
			}
			if !c.IsZero() {
				t.Errorf("ParseCountry(%q) returned %q with its error", input, c)
			}
			if !errors.Is(err, contact.ErrInvalidCountry) {
				t.Errorf("ParseCountry(%q) error %v does not wrap ErrInvalidCountry", input, err)
			}
			pe, ok := errors.AsType[*contact.ParseError](err)
			wantInput := input
			if len(input) > 64 {
				wantInput = input[:40] + "…" // rule X1: a short prefix
			}
			if !ok || pe.Field != "country" || pe.Input != wantInput {
				t.Errorf("ParseCountry(%q) error %#v, want *ParseError{Field: \"country\", Input: %q}", name, err, wantInput)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "contact: parse country ") || strings.HasSuffix(msg, ".") {
				t.Errorf("error message %q", msg)
			}
		})
	}
}

func TestCountryText(t *testing.T) {
	type row struct{ Country, Other contact.Country }
	js, err := json.Marshal(row{Country: contact.MustParseCountry("de")})
	if err != nil || string(js) != `{"Country":"DE","Other":""}` {
		t.Fatalf("json.Marshal = %s, %v", js, err)
	}
	var r row
	if err := json.Unmarshal(js, &r); err != nil || r.Country.String() != "DE" || !r.Other.IsZero() {
		t.Errorf("json.Unmarshal(%s) = %+v, %v", js, r, err)
	}
	c := contact.MustParseCountry("DE")
	if err := c.UnmarshalText([]byte("EU")); !errors.Is(err, contact.ErrInvalidCountry) || c.String() != "DE" {
		t.Errorf("UnmarshalText(\"EU\") = %v, left %q; want ErrInvalidCountry and no change", err, c)
	}
	var z contact.Country
	if !z.IsZero() || z.String() != "" {
		t.Errorf("zero Country: IsZero %v, String %q", z.IsZero(), z)
	}
}

// TestParseCountryAllPairs checks every two-letter input: an accepted code
// is canonical, upper case, and parses to itself in either case.
func TestParseCountryAllPairs(t *testing.T) {
	accepted := 0
	for a := byte('A'); a <= 'Z'; a++ {
		for b := byte('A'); b <= 'Z'; b++ {
			in := string([]byte{a, b})
			c, err := contact.ParseCountry(in)
			if err != nil {
				continue
			}
			accepted++
			if again, err := contact.ParseCountry(c.String()); err != nil || again != c {
				t.Errorf("ParseCountry(%q) = %q, but ParseCountry(%q) = %q, %v", in, c, c, again, err)
			}
			if lower, err := contact.ParseCountry(strings.ToLower(in)); err != nil || lower != c {
				t.Errorf("ParseCountry(%q) = %q, %v; want %q", strings.ToLower(in), lower, err, c)
			}
		}
	}
	// 249 ISO 3166-1 codes, XK, AC, CP, DG, EA, IC, TA, and the aliases of
	// former codes.
	if accepted < 256 || accepted > 280 {
		t.Errorf("%d two-letter inputs accepted, want about 275", accepted)
	}
}

func FuzzParseCountry(f *testing.F) {
	for _, s := range []string{"FR", "fr", " uk ", "EU", "001", "FRA", "XK", "zz", "", "\u00e9\u00e9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input string) {
		c, err := contact.ParseCountry(input)
		if err != nil {
			if !c.IsZero() || !errors.Is(err, contact.ErrInvalidCountry) {
				t.Fatalf("ParseCountry(%q) = %q, %v", input, c, err)
			}
			return
		}
		if again, err := contact.ParseCountry(c.String()); err != nil || again != c {
			t.Fatalf("ParseCountry(%q) = %q, but ParseCountry(%q) = %q, %v", input, c, c, again, err)
		}
		if s := c.String(); len(s) != 2 || s != strings.ToUpper(s) {
			t.Fatalf("ParseCountry(%q) = %q, not two upper-case letters", input, c)
		}
	})
}
