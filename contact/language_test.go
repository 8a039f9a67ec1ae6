package contact_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/contactkit/contactkit/contact"
)

func TestParseLanguage(t *testing.T) {
	tests := []struct {
		name, input, want string
	}{
		{"base", "en", "en"},
		{"upper", "EN", "en"},
		{"region", "fr-ca", "fr-CA"},
		{"underscore", " en_US ", "en-US"},
		{"script", "zh-hant-tw", "zh-Hant-TW"},
		{"deprecated", "iw", "he"},
		{"legacy", "i-klingon", "tlh"},
		{"extension", "en-US-u-co-phonebk", "en-US-u-co-phonebk"},
		{"private use language", "qaa", "qaa"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := contact.ParseLanguage(tt.input)
			if err != nil {
				t.Fatalf("ParseLanguage(%q) error: %v", tt.input, err)
			}
			if l.String() != tt.want || l.IsZero() {
				t.Errorf("ParseLanguage(%q) = %q, want %q", tt.input, l, tt.want)
			}
			if l.Tag().String() != tt.want {
				t.Errorf("ParseLanguage(%q).Tag() = %v, want %s", tt.input, l.Tag(), tt.want)
			}
			if l != contact.MustParseLanguage(tt.want) {
				t.Errorf("ParseLanguage(%q) != MustParseLanguage(%q)", tt.input, tt.want)
			}
		})
	}
}

func TestParseLanguageErrors(t *testing.T) {
	for _, input := range []string{"", " ", "und", "und-FR", "x-foo", "zz", "english", "en-", "-en", "en--US", "en US", "fr-ZZZZ-12", "123",
		"aa-u-00-00-u-7a-00", "en-u-co-phonebk-u-ca-gregory"} {
		t.Run(input, func(t *testing.T) {
			l, err := contact.ParseLanguage(input)
			if err == nil {
				t.Fatalf("ParseLanguage(%q) = %q, want an error", input, l)
			}
			if !l.IsZero() {
				t.Errorf("ParseLanguage(%q) returned %q with its error", input, l)
			}
			if !errors.Is(err, contact.ErrInvalidLanguage) {
				t.Errorf("ParseLanguage(%q) error %v does not wrap ErrInvalidLanguage", input, err)
			}
			pe, ok := errors.AsType[*contact.ParseError](err)
			if !ok || pe.Field != "language" || pe.Input != input {
				t.Errorf("ParseLanguage(%q) error %#v, want *ParseError{Field: \"language\", Input: the input}", input, err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "contact: parse language ") || strings.HasSuffix(msg, ".") {
				t.Errorf("error message %q", msg)
			}
		})
	}
}

func TestLanguageZeroAndText(t *testing.T) {
	var z contact.Language
	if !z.IsZero() || z.String() != "" || z.Tag() != language.Und {
		t.Errorf("zero Language: IsZero %v, String %q, Tag %v", z.IsZero(), z, z.Tag())
	}
	type row struct{ Language, Other contact.Language }
	js, err := json.Marshal(row{Language: contact.MustParseLanguage("pt_br")})
	if err != nil || string(js) != `{"Language":"pt-BR","Other":""}` {
		t.Fatalf("json.Marshal = %s, %v", js, err)
	}
	var r row
	if err := json.Unmarshal(js, &r); err != nil || r.Language.String() != "pt-BR" || !r.Other.IsZero() {
		t.Errorf("json.Unmarshal(%s) = %+v, %v", js, r, err)
	}
	l := contact.MustParseLanguage("de")
	if err := l.UnmarshalText([]byte("und")); !errors.Is(err, contact.ErrInvalidLanguage) || l.String() != "de" {
		t.Errorf("UnmarshalText(\"und\") = %v, left %q; want ErrInvalidLanguage and no change", err, l)
	}
}

func FuzzParseLanguage(f *testing.F) {
	for _, s := range []string{"en", "fr-CA", "en_us", "iw", "sgn-BE-FR", "zh-hant-tw", "und", "x-foo", "en-u-co-phonebk-x-a", "de-1996", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input string) {
		l, err := contact.ParseLanguage(input)
		if err != nil {
			if !l.IsZero() || !errors.Is(err, contact.ErrInvalidLanguage) {
				t.Fatalf("ParseLanguage(%q) = %q, %v", input, l, err)
			}
			return
		}
		again, err := contact.ParseLanguage(l.String())
		if err != nil || again != l {
			t.Fatalf("ParseLanguage(%q) = %q, but ParseLanguage(%q) = %q, %v", input, l, l, again, err)
		}
		if l.Tag().String() != l.String() {
			t.Fatalf("ParseLanguage(%q) = %q, Tag() = %v", input, l, l.Tag())
		}
	})
}

// TestParseLanguageLong checks that a long input is refused before it is
// parsed: golang.org/x/text/language.Parse takes seconds on a megabyte of
// "-", so a regression makes this test time out rather than pass slowly.
func TestParseLanguageLong(t *testing.T) {
	for _, in := range []string{
		strings.Repeat("-", 1<<20),
		strings.Repeat("en-", 1<<18),
		strings.Repeat(" ", 1<<20) + "en",
		strings.Repeat("a", contact.MaxLanguageLen+1),
	} {
		_, err := contact.ParseLanguage(in)
		if !errors.Is(err, contact.ErrInvalidLanguage) || !errors.Is(err, contact.ErrTooLong) {
			t.Errorf("ParseLanguage(%d bytes) error %v, want ErrInvalidLanguage and ErrTooLong", len(in), err)
		}
		if err != nil && len(err.Error()) > 300 {
			t.Errorf("ParseLanguage(%d bytes) error message of %d bytes", len(in), len(err.Error()))
		}
	}
	if _, err := contact.ParseLanguage("en-US-u-ca-gregory-nu-latn-x-private"); err != nil {
		t.Errorf("a long real tag is refused: %v", err)
	}
}
