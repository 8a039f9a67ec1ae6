package contact_test

import (
	"errors"
	"testing"

	"github.com/contactkit/contactkit/contact"
)

// FuzzParsePhone checks ParsePhone against the library loop (same E.164, same
// accept/reject), that it never panics, that its errors are typed, that
// parsing its output gives it back, and that the text form round-trips. The
// seeds (every vector) run in every go test.
func FuzzParsePhone(f *testing.F) {
	for _, v := range readPhoneVectors(f) {
		f.Add(v.input, v.region)
	}
	f.Add("+1 (650) 253-0000 ext. 123", "")
	f.Add("0033 (0)6.12.34.56.78", "fr")
	f.Add("88108888888", "BY")
	f.Add("98765 43210", "ın")
	f.Fuzz(func(t *testing.T, input, region string) {
		if len(region) > 3 {
			region = region[:3]
		}
		p, err := contact.ParsePhone(input, region)
		if want, reason := wantPhone(input, region); p.String() != want || (err == nil) != (want != "") || (reason != nil && !errors.Is(err, reason)) {
			t.Fatalf("ParsePhone(%q, %q) = %q, %v; library gives %q, %v", input, region, p, err, want, reason)
		}
		if err != nil {
			if !errors.Is(err, contact.ErrInvalidPhone) {
				t.Fatalf("ParsePhone(%q, %q) error %v does not wrap ErrInvalidPhone", input, region, err)
			}
			return
		}
		for _, r := range []string{"", region, "US"} {
			again, err := contact.ParsePhone(p.String(), r)
			if err != nil || again != p {
				t.Fatalf("ParsePhone(%q, %q) = %q, %v; want it unchanged", p, r, again, err)
			}
		}
		text, _ := p.MarshalText()
		var q contact.Phone
		if err := q.UnmarshalText(text); err != nil || q != p {
			t.Fatalf("UnmarshalText(%q) = %q, %v; want %q", text, q, err, p)
		}
		d, err := contact.ParsePhoneDetail(input, region)
		if err != nil || d.Phone != p || d.Region != p.Region() || d.Type == contact.PhoneTypeUnknown {
			t.Fatalf("ParsePhoneDetail(%q, %q) = %+v, %v; ParsePhone gives %q (region %q)", input, region, d, err, p, p.Region())
		}
	})
}
