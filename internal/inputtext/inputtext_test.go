package inputtext_test

import (
	"strings"
	"testing"

	"github.com/contactkit/contactkit/internal/inputtext"
)

func TestQuote(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", `""`},
		{"short", "ann", `"ann"`},
		{"exactly the limit", strings.Repeat("a", 40), `"` + strings.Repeat("a", 40) + `"`},
		{"long", strings.Repeat("a", 41), `"` + strings.Repeat("a", 40) + `"… (41 bytes)`},
		{"cut at a rune boundary", strings.Repeat("a", 39) + "éé", `"` + strings.Repeat("a", 39) + `"… (43 bytes)`},
		{"control characters escaped", "\x00\u202e", `"\x00\u202e"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := inputtext.Quote(tt.in); got != tt.want {
				t.Errorf("Quote(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestQuoteBounded(t *testing.T) {
	for _, in := range []string{strings.Repeat("x", 1<<20), strings.Repeat("\x00", 1<<20), strings.Repeat("€", 1<<20)} {
		if got := inputtext.Quote(in); len(got) > 4*inputtext.QuoteMax+30 {
			t.Errorf("Quote of %d bytes gives %d bytes", len(in), len(got))
		}
		if got := inputtext.Clip(in); len(got) > inputtext.QuoteMax+len("…") {
			t.Errorf("Clip of %d bytes gives %d bytes", len(in), len(got))
		}
	}
}

func TestStripInvisible(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"none", "Ann Lee", "Ann Lee"},
		{"zero-width space", "An\u200bn", "Ann"},
		{"bidi override", "\u202eAnn\u202c", "Ann"},
		{"isolates", "\u2066Ann\u2069", "Ann"},
		{"word joiner and invisible times", "A\u2060n\u2062n", "Ann"},
		{"BOM and soft hyphen", "\ufeffAn\u00adn", "Ann"},
		{"marks", "\u200e\u200fAnn", "Ann"},
		{"only invisible", "\u200b\u200c\u200d\ufeff", ""},
		{"control characters kept", "a\tb", "a\tb"},
		{"joiner in emoji kept", "👩\u200d💻", "👩\u200d💻"},
		{"non-joiner in Persian kept", "می\u200cخواهم", "می\u200cخواهم"},
		{"joiner in a Latin word removed", "ad\u200dmin", "admin"},
		{"joiner at the ends removed", "\u200d👩\u200d", "👩"},
		{"two joiners removed", "👩\u200d\u200d💻", "👩💻"},
		{"joiner next to a space removed", "👩 \u200d💻", "👩 💻"},
		{"joiner next to another invisible removed", "👩\u200b\u200d💻", "👩💻"},
		{"joiner after the first invisible", "\u200b👩\u200d💻", "👩\u200d💻"},
		{"joiner before a control removed", "é\u200d\u0080é", "é\u0080é"},
		{"accents kept", "Zoë", "Zoë"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := inputtext.StripInvisible(tt.in)
			if got != tt.want {
				t.Errorf("StripInvisible(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := inputtext.StripInvisible(got); again != got {
				t.Errorf("StripInvisible(%q) = %q, not idempotent", got, again)
			}
		})
	}
}

func FuzzStripInvisible(f *testing.F) {
	for _, s := range []string{"", "Ann", "👩\u200d💻", "a\u200d\u200db", "\ufeff\u202eAnn", "é\u200c\xffé"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := inputtext.StripInvisible(s)
		if again := inputtext.StripInvisible(got); again != got {
			t.Errorf("StripInvisible(%q) = %q, then %q: not idempotent", s, got, again)
		}
		for i, r := range got {
			if inputtext.Invisible(r) && r != inputtext.ZWJ && r != inputtext.ZWNJ {
				t.Errorf("StripInvisible(%q) = %q keeps %U at %d", s, got, r, i)
			}
		}
	})
}

func TestIndexInvisible(t *testing.T) {
	for in, want := range map[string]int{"": -1, "abc": -1, "Zoë": -1, "a\u200bb": 1, "é\ufeff": 2, "\u00ad": 0, "a\xff\u200e": 2} {
		if got := inputtext.IndexInvisible(in); got != want {
			t.Errorf("IndexInvisible(%q) = %d, want %d", in, got, want)
		}
	}
}
