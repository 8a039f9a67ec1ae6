package importer

import (
	"github.com/contactkit/contactkit/internal/countryname"
	"testing"
)

// Every name of countryNames reads as its country, and so do the forms the
// rules of ParseCountry make of it ("The X", "X, Republic of", "Republic of
// X", "X (the)"), unless that form is itself a name of countryNames: a
// name never reads as two countries, and no rule and no code (two or three
// letters, such as "UAE" or "US") takes a name from its country.
func TestCountryNamesOneCountry(t *testing.T) {
	for name, code := range countryNames() {
		// Each form, and what the rules read it as.
		forms := [][2]string{
			{name, name},
			{"The " + name, name},
			{"Republic of " + name, "Republic of " + name},
			{"Kingdom of the " + name, "Kingdom of " + name},
			{name + ", Republic of", "Republic of " + name},
			{name + ", Federated States of", "Federated States of " + name},
			{name + " (the)", name},
		}
		for _, f := range forms {
			form, want := f[0], code
			if other, ok := countryNames()[countryname.Key(f[1])]; ok {
				want = other
			}
			c, err := ParseCountry(form)
			if err != nil {
				t.Errorf("ParseCountry(%q) = %v, want %s (the country of %q)", form, err, want, name)
				continue
			}
			if c.String() != want {
				t.Errorf("ParseCountry(%q) = %s, want %s (the country of %q)", form, c, want, name)
			}
		}
	}
}

// A name joined from its words is a key of countryNames: the generator and
// countryname.Key agree on what a key is.
func TestCountryNamesKeys(t *testing.T) {
	for name := range countryNames() {
		if got := countryname.Key(name); got != name {
			t.Errorf("countryname.Key(%q) = %q, want the key itself", name, got)
		}
		if len(name) > maxCountryName {
			t.Errorf("%q is longer than maxCountryName", name)
		}
	}
}
