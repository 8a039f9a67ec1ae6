package contact_test

import (
	"net/mail"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/emailaddr"
)

// FuzzParseEmail checks that ParseEmail never panics, that normalising twice
// is normalising once, that parsing the canonical form gives the same Email,
// and that every accepted address is also accepted by net/mail (contactkit is
// stricter). The vectors of testdata/emails.tsv are the seeds.
func FuzzParseEmail(f *testing.F) {
	for _, v := range readEmailVectors(f) {
		f.Add(v.addr)
	}
	for _, s := range []string{" Ann@Example.COM ", "a@b.c", "é@example.com", "a@xn--bcher-kva.example", "a@b.c@d.e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input string) {
		e, err := contact.ParseEmail(input)
		n, nerr := emailaddr.Normalize(input)
		if (err == nil) != (nerr == nil) || e.String() != n {
			t.Fatalf("ParseEmail(%q) = %q, %v; Normalize = %q, %v", input, e, err, n, nerr)
		}
		if err != nil {
			if !e.IsZero() {
				t.Fatalf("ParseEmail(%q) returned %q with error %v", input, e, err)
			}
			return
		}
		if n2, err := emailaddr.Normalize(n); err != nil || n2 != n {
			t.Fatalf("Normalize(Normalize(%q)) = %q, %v; want %q", input, n2, err, n)
		}
		if e2, err := contact.ParseEmail(e.String()); err != nil || e2 != e {
			t.Fatalf("ParseEmail(%q) = %q, %v; want %q", e.String(), e2, err, e)
		}
		if e.String() != strings.ToLower(e.String()) || e.IsZero() {
			t.Fatalf("ParseEmail(%q) = %q, not in canonical form", input, e)
		}
		a, err := mail.ParseAddress(e.String())
		if err != nil {
			t.Fatalf("ParseEmail accepts %q, net/mail refuses it: %v", e, err)
		}
		if a.Address != e.String() {
			t.Fatalf("net/mail reads %q as %q", e, a.Address)
		}
	})
}
