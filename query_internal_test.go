package contactkit

import (
	"strings"
	"testing"

	"github.com/contactkit/contactkit/contact"
)

// TestDropLabels: a label before a colon is left out of a query, written
// with or without a space (or a no-break space) before the colon; an
// extension word is no label.
func TestDropLabels(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"colon after the label", "Tel: 06 12 34 56 78", "06 12 34 56 78"},
		{"space before the colon", "Tél : 06 12 34 56 78", "06 12 34 56 78"},
		{"no-break space before the colon", "Tél.\u00a0: 06 12 34 56 78", "06 12 34 56 78"},
		{"narrow no-break space before the colon", "Portable\u202f: 06 12 34 56 78", "06 12 34 56 78"},
		{"full-width colon after a space", "電話 ： 03 1234 5678", "03 1234 5678"},
		{"French label before an address", "Courriel : ada@example.com", "ada@example.com"},
		{"labels alone are kept", "Tél :", "Tél :"},
		{"a colon alone is kept", ": ada", ": ada"},
		{"a number before a colon is no label", "12 : ada", "12 : ada"},
		{"extension label kept", "01 23 45 67 89 ext: 12", "01 23 45 67 89 ext: 12"},
		{"extension label with a space kept", "01 23 45 67 89 ext : 12", "01 23 45 67 89 ext : 12"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := dropLabels(tt.in); got != tt.want {
				t.Errorf("dropLabels(%+q) = %+q, want %+q", tt.in, got, tt.want)
			}
		})
	}
}

// TestPhoneAmongExtension: a phone typed among words keeps its extension,
// in each form the phone parser reads, out of the words left.
func TestPhoneAmongExtension(t *testing.T) {
	for _, tt := range []struct{ name, in, rest string }{
		{"ext", "ada 01 23 45 67 89 ext 12", "ada"},
		{"x and digits", "ada 01 23 45 67 89 x12", "ada"},
		{"ext.", "01 23 45 67 89 ext. 12 ada", "ada"},
		{"Russian", "ada 01 23 45 67 89 доб. 12", "ada"},
		{"Spanish", "ada 01 23 45 67 89 anexo 12", "ada"},
		{"extensión", "ada 01 23 45 67 89 extensión 12", "ada"},
		{"int", "ada 01 23 45 67 89 int 12", "ada"},
		{"no extension", "ada 01 23 45 67 89", "ada"},
		{"a second extension word is a word", "ada 01 23 45 67 89 x12 x", "ada x"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			key, rest, _ := phoneAmong(tt.in, "FR")
			if key == "" || rest != tt.rest {
				t.Errorf("phoneAmong(%q) = %q, %q; want a key and %q", tt.in, key, rest, tt.rest)
			}
		})
	}
	if key, rest, _ := phoneAmong("ext 12 ada", "FR"); key != "" || rest != "ext 12 ada" {
		t.Errorf(`phoneAmong("ext 12 ada") = %q, %q: an extension starts no phone`, key, rest)
	}
}

// TestUnglue: a word glued to the first digit of a query is set apart from
// it; letters after the first digit, and a query without letters before
// it, are left as they are.
func TestUnglue(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"valjean,06 12 34 56 78", "valjean, 06 12 34 56 78"},
		{"zzz06 12 34 56 78", "zzz 06 12 34 56 78"},
		{"tel:+33-6-12-34-56-78", "tel: +33-6-12-34-56-78"},
		{"ann/(06) 12 34 56 78", "ann/ (06) 12 34 56 78"},
		{"ann 06 12 34 56 78", "ann 06 12 34 56 78"},
		{"06 12 34 56 78 ann,x", "06 12 34 56 78 ann,x"},
		{"0800 DOCTORx12", "0800 DOCTORx12"},
		{"+33612345678", "+33612345678"},
		{"(06) 12", "(06) 12"},
		{"ann", "ann"},
		{"", ""},
		{"été٣", "été ٣"},
	} {
		if got := unglue(tt.in); got != tt.want {
			t.Errorf("unglue(%+q) = %+q, want %+q", tt.in, got, tt.want)
		}
	}
}

// TestPhoneAmongBoundsItsParses: a query of many numbers that are no phone
// ("+1 +1 +1 …", up to contact.MaxQueryLen) parses at most maxPhoneParses runs of
// its words, where each word started up to maxPhoneDigits runs; a phone
// after a few such numbers is still found.
func TestPhoneAmongBoundsItsParses(t *testing.T) {
	for _, w := range []string{"+1", "+١", "12", "(0)"} {
		q := strings.TrimSpace(strings.Repeat(w+" ", contact.MaxQueryLen/(len(w)+1)))
		key, rest, parses := phoneAmong(q, "FR")
		if key != "" || rest != q {
			t.Errorf("phoneAmong(%q × %d) = %q: no phone", w, len(strings.Fields(q)), key)
		}
		if parses > maxPhoneParses {
			t.Errorf("phoneAmong(%q × %d) parsed %d runs, want at most %d", w, len(strings.Fields(q)), parses, maxPhoneParses)
		}
	}
	key, rest, parses := phoneAmong("ada 2024 +1 7 06 12 34 56 78 lee", "FR")
	if key == "" || rest != "ada 2024 +1 7 lee" {
		t.Errorf("phoneAmong found %q, rest %q: want the phone, and the other words (%d parses)", key, rest, parses)
	}
}
