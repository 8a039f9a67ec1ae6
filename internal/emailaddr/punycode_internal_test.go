package emailaddr

import "testing"

func TestPunyVectors(t *testing.T) {
	for _, v := range []struct{ u, a string }{
		{"bücher", "bcher-kva"}, {"münchen", "mnchen-3ya"}, {"ü", "tda"}, {"例え", "r8jz45g"},
		{"他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"}, {"ليهمابتكلموشعربي؟", "egbpdaj6bu4bxfgehfvwxn"},
		{"3年B組金八先生", "3B-ww4c5e180e575a65lsy2b"}, {"abc", "abc-"},
	} {
		a, err := punyEncode(v.u)
		if err != nil || a != v.a {
			t.Errorf("encode(%q) = %q, %v; want %q", v.u, a, err, v.a)
		}
		u, err := punyDecode(v.a)
		if err != nil || u != v.u {
			t.Errorf("decode(%q) = %q, %v; want %q", v.a, u, err, v.u)
		}
	}
}
