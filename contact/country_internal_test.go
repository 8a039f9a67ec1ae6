package contact

import (
	"strings"
	"testing"
)

// TestCountryCodesTable checks ParseCountry's table against the language
// package for every code of two letters, in each case.
func TestCountryCodesTable(t *testing.T) {
	for a := byte('a'); a <= 'z'; a++ {
		for b := byte('a'); b <= 'z'; b++ {
			code := string([]byte{a, b})
			want := lookUpCountry(strings.ToUpper(code))
			for _, in := range []string{code, strings.ToUpper(code), string([]byte{a - 32, b})} {
				got, err := ParseCountry(in)
				switch {
				case want.refused == "" && (err != nil || got.String() != want.canon):
					t.Errorf("ParseCountry(%q) = %q, %v; want %q", in, got, err, want.canon)
				case want.refused != "" && (err == nil || !strings.Contains(err.Error(), want.refused)):
					t.Errorf("ParseCountry(%q) = %q, %v; want an error: %s", in, got, err, want.refused)
				}
			}
		}
	}
}
