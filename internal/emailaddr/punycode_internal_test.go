package emailaddr

import (
	"testing"
	"unicode/utf8"
)

// The Punycode encoder and decoder are unexported: these tests are
// white-box, against the sample strings of RFC 3492 section 7.1 and IANA's
// IDN test domains.
func TestPunycodeVectors(t *testing.T) {
	for _, v := range []struct{ u, a string }{
		{"bücher", "bcher-kva"},
		{"münchen", "mnchen-3ya"},
		{"ü", "tda"},
		{"例え", "r8jz45g"},
		{"テスト", "zckzah"},
		{"пример", "e1afmkfd"},
		{"他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"},
		{"ليهمابتكلموشعربي؟", "egbpdaj6bu4bxfgehfvwxn"},
		{"3年B組金八先生", "3B-ww4c5e180e575a65lsy2b"},
		{"安室奈美恵-with-SUPER-MONKEYS", "-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n"},
		{"abc", "abc-"},
	} {
		a, err := punyEncode(v.u)
		if err != nil || a != v.a {
			t.Errorf("punyEncode(%q) = %q, %v; want %q", v.u, a, err, v.a)
		}
		u, err := punyDecode(v.a)
		if err != nil || u != v.u {
			t.Errorf("punyDecode(%q) = %q, %v; want %q", v.a, u, err, v.u)
		}
	}
	for _, bad := range []string{"bcher-k!a", "99999999999999", "é-abc", "zzzzzzzzzzzzzzzzzzzz"} {
		if u, err := punyDecode(bad); err == nil && !utf8.ValidString(u) {
			t.Errorf("punyDecode(%q) = %q: invalid UTF-8", bad, u)
		}
	}
}

func FuzzPunycode(f *testing.F) {
	for _, s := range []string{"bücher", "例え", "abc", "", "\U0010ffff", "a-b-ü"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || utf8.RuneCountInString(s) > MaxLabelLength {
			return
		}
		a, err := punyEncode(s)
		if err != nil {
			return
		}
		u, err := punyDecode(a)
		if err != nil || u != s {
			t.Fatalf("punyDecode(punyEncode(%q) = %q) = %q, %v", s, a, u, err)
		}
		// Decoding anything never panics.
		_, _ = punyDecode(s)
	})
}
