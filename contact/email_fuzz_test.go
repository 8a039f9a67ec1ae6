package contact_test

import (
	"errors"
	"net/mail"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/emailaddr"
)

// FuzzParseEmail checks both policies: ParseEmail never panics, agrees with
// emailaddr, normalises twice as once, reads its canonical form and its
// Unicode form back as the same Email, ParseEmailInput of the canonical form
// is the identity, every error message is short, and every address the
// ASCII policy accepts is accepted by net/mail too (contactkit is
// stricter). The vectors of testdata/emails.tsv are the seeds.
func FuzzParseEmail(f *testing.F) {
	for _, v := range readEmailVectors(f) {
		f.Add(v.addr)
	}
	for _, s := range []string{
		" Ann@Example.COM ", "a@b.c", "é@example.com", "a@xn--bcher-kva.example", "a@b.c@d.e",
		"Ann <ann@bücher.de>", "mailto:ann@example.com?x", "ann@example.com.", "İ@ß.de",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input string) {
		for _, p := range []contact.EmailPolicy{contact.EmailInternational, contact.EmailASCII} {
			e, err := p.ParseEmail(input)
			in, _, inErr := p.ParseEmailInput(input)
			if err == nil && (inErr != nil || in != e) {
				t.Fatalf("%v: ParseEmail(%q) = %q but ParseEmailInput = %q, %v", p, input, e, in, inErr)
			}
			for _, err := range []error{err, inErr} {
				if err != nil && (!errors.Is(err, contact.ErrInvalidEmail) || len(err.Error()) > 400) {
					t.Fatalf("%v: error %v for %q", p, err, input)
				}
			}
			if err != nil {
				if !e.IsZero() {
					t.Fatalf("%v: ParseEmail(%q) returned %q with error %v", p, input, e, err)
				}
				continue
			}
			n, nerr := emailaddr.Normalize(input)
			if nerr != nil || n != e.String() {
				t.Fatalf("%v: ParseEmail(%q) = %q; emailaddr.Normalize = %q, %v", p, input, e, n, nerr)
			}
			for _, s := range []string{e.String(), e.Unicode()} {
				if again, err := contact.ParseEmail(s); err != nil || again != e {
					t.Fatalf("ParseEmail(%q) = %q, %v; want %q", s, again, err, e)
				}
			}
			if again, d, err := p.ParseEmailInput(e.String()); err != nil || again != e || d != "" {
				t.Fatalf("%v: ParseEmailInput(%q) = %q, %q, %v; want it unchanged", p, e, again, d, err)
			}
			if e.IsZero() || len(e.String()) > emailaddr.MaxLength {
				t.Fatalf("ParseEmail(%q) = %q", input, e)
			}
			if p == contact.EmailASCII {
				if e.String() != strings.ToLower(e.String()) {
					t.Fatalf("ParseEmail(%q) = %q, not in lower case", input, e)
				}
				a, err := mail.ParseAddress(e.String())
				if err != nil {
					t.Fatalf("ParseEmail accepts %q, net/mail refuses it: %v", e, err)
				}
				if a.Address != e.String() {
					t.Fatalf("net/mail reads %q as %q", e, a.Address)
				}
			}
		}
	})
}
