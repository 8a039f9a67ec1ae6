package field_test

import (
	"testing"

	"github.com/contactkit/contactkit/field"
)

// F2, F3: a url value is a web address as people type it. An address whose
// host is an internationalised domain name ("bücher.de", "例え.jp") is a
// web address like any other: browsers take it, and contactkit takes it in
// an email address already; the value keeps it in its ASCII form (IDNA
// A-labels, "xn--…"), the form a URL carries on the wire, which reads back
// as itself.
func TestAcc11URLWithAnInternationalHost(t *testing.T) {
	d := field.Definition{Key: field.MustParseKey("site"), Label: "Site", Type: field.TypeURL}
	for _, tc := range []struct{ in, want string }{
		{"https://bücher.de/katalog?q=1", "https://xn--bcher-kva.de/katalog?q=1"},
		{"bücher.de", "https://xn--bcher-kva.de/"},
		{"HTTPS://BÜCHER.DE", "https://xn--bcher-kva.de/"},
		{"https://例え.jp/", "https://xn--r8jz45g.jp/"},
		{"http://xn--bcher-kva.de:8080/x", "http://xn--bcher-kva.de:8080/x"},
	} {
		v, err := d.Coerce(tc.in, "")
		if err != nil {
			t.Errorf("Coerce(%q): %v", tc.in, err)
			continue
		}
		if v.String() != tc.want {
			t.Errorf("Coerce(%q) = %q, want %q", tc.in, v.String(), tc.want)
		}
		if again, err := d.Coerce(v.String(), ""); err != nil || again != v {
			t.Errorf("Coerce(%q) = %q, %v: want it back", v.String(), again.String(), err)
		}
		if err := d.CheckValue(v); err != nil {
			t.Errorf("CheckValue(%q): %v", v.String(), err)
		}
	}
	for _, in := range []string{"https://bü cher.de/", "https://bücher/", "https://-bücher.de/", "https://bücher..de/"} {
		if v, err := d.Coerce(in, ""); err == nil {
			t.Errorf("Coerce(%q) = %q, want an error", in, v.String())
		}
	}
}
