package contact_test

import (
	"testing"

	"github.com/contactkit/contactkit/contact"
)

// C4: "the display name falls back from first+last to alias, email,
// phone". A display name is for people: an email with an international
// domain is shown as it was typed, with its domain in Unicode
// (Email.Unicode: "Unicode gives the address with its domain in Unicode,
// for display"), not in the Punycode mail servers read.
func TestAcc11DisplayNameShowsAnInternationalDomainInUnicode(t *testing.T) {
	for _, in := range []string{"ann@bücher.de", "ann@xn--bcher-kva.de", "Ann <ANN@Bücher.DE>"} {
		e, _, err := contact.ParseEmailInput(in)
		if err != nil {
			t.Fatalf("ParseEmailInput(%q): %v", in, err)
		}
		c := contact.Contact{Email: e}
		if got, want := c.DisplayName(), "ann@bücher.de"; got != want {
			t.Errorf("DisplayName of a contact with only the email %q = %q, want %q", in, got, want)
		}
	}
}
