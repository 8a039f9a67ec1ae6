package field_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/contactkit/contactkit/field"
)

var (
	canonicalNumber   = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$`)
	canonicalMonetary = regexp.MustCompile(`^-?(0|[1-9][0-9]*)\.[0-9]{2}$`)
)

// FuzzCoerce checks, for every type, that Coerce never panics, that its
// errors are *field.Error wrapping ErrInvalidValue, and that a value it
// returns is canonical: coercing its String again (and ParseValue) gives an
// equal Value, and CheckValue accepts it.
func FuzzCoerce(f *testing.F) {
	for i, typ := range allTypes {
		for _, c := range acceptedInputs[typ] {
			f.Add(uint8(i), c.in)
		}
		for _, in := range rejectedInputs[typ] {
			f.Add(uint8(i), in)
		}
	}
	f.Fuzz(func(t *testing.T, ti uint8, raw string) {
		typ := allTypes[int(ti)%len(allTypes)]
		d := def(typ)
		v, err := d.Coerce(raw, "FR")
		if err != nil {
			if !v.IsZero() {
				t.Errorf("failed Coerce(%q) returned %#v", raw, v)
			}
			fe, ok := errors.AsType[*field.Error](err)
			if !ok || !errors.Is(err, field.ErrInvalidValue) || fe.Input != raw || fe.Type != typ {
				t.Errorf("Coerce(%q) error %v (%T) is not a *field.Error wrapping ErrInvalidValue", raw, err, err)
			}
			if n := len(err.Error()); n > 400 {
				t.Errorf("Coerce(%d bytes) error message of %d bytes", len(raw), n)
			}
			return
		}
		if v.IsZero() {
			if strings.TrimSpace(raw) != "" && typ != field.TypeMultiselect {
				t.Errorf("Coerce(%q) gave the zero Value for non-blank input", raw)
			}
			return
		}
		if v.Type() != typ {
			t.Fatalf("Coerce(%q).Type() = %q, want %q", raw, v.Type(), typ)
		}
		s := v.String()
		if !utf8.ValidString(s) || strings.TrimSpace(s) != s {
			t.Errorf("Coerce(%q).String() = %q is not trimmed valid UTF-8", raw, s)
		}
		checkCanonical(t, d, v)
		if a, err := d.CoerceWith(raw, field.CoerceOptions{DefaultRegion: "FR", ASCIIEmail: true}); err == nil && a != v {
			t.Errorf("CoerceWith(%q, ASCII email) = %#v, Coerce = %#v", raw, a, v)
		}
		switch typ {
		case field.TypeNumber:
			if !canonicalNumber.MatchString(s) || s == "-0" {
				t.Errorf("number %q is not canonical", s)
			}
		case field.TypeMonetary:
			if !canonicalMonetary.MatchString(s) || s == "-0.00" {
				t.Errorf("amount %q is not canonical", s)
			}
		case field.TypeDate:
			if _, ok := v.Date(); !ok {
				t.Errorf("date %q: Date() not ok", s)
			}
		case field.TypeDatetime:
			if _, ok := v.Time(); !ok || !strings.HasSuffix(s, "Z") {
				t.Errorf("datetime %q: not UTC RFC 3339", s)
			}
		case field.TypeCheckbox:
			if _, ok := v.Bool(); !ok {
				t.Errorf("checkbox %q: Bool() not ok", s)
			}
		case field.TypeText, field.TypeTextarea:
			if strings.ContainsFunc(s, func(r rune) bool { return r < ' ' && (typ == field.TypeText || r != '\n' && r != '\t') }) {
				t.Errorf("%s %q holds a control character", typ, s)
			}
		case field.TypeSelect, field.TypeMultiselect:
			for _, o := range v.Options() {
				if !hasVisibleOption(d, o) {
					t.Errorf("%s %q: %q is not a visible option", typ, s, o)
				}
			}
		case field.TypePhone:
			if !strings.HasPrefix(s, "+") {
				t.Errorf("phone %q is not E.164", s)
			}
		case field.TypeEmail:
			if strings.ToLower(s) != s {
				t.Errorf("email %q is not lower case", s)
			}
		case field.TypeURL:
			if !strings.HasPrefix(s, "http://") && !strings.HasPrefix(s, "https://") {
				t.Errorf("url %q is not http(s)", s)
			}
		}
	})
}

func hasVisibleOption(d field.Definition, value string) bool {
	for _, o := range d.Options {
		if o.Value == value && !o.Hidden {
			return true
		}
	}
	return false
}

// keySpec is the grammar of a field.Key, as the documentation states it.
var keySpec = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

// FuzzParseKey checks ParseKey against keySpec: it accepts exactly the
// strings the grammar matches, gives them back unchanged, and wraps
// ErrInvalidKey otherwise.
func FuzzParseKey(f *testing.F) {
	for _, s := range []string{"", "a", "shoe_size", "Size", " size", "size ", "size\n", "9lives", "_x", "a-b", "é",
		"a" + strings.Repeat("b", 63), "a" + strings.Repeat("b", 64), "plan\x00", "z9_"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := field.ParseKey(s)
		if want := keySpec.MatchString(s); want != (err == nil) {
			t.Fatalf("ParseKey(%q): error %v, the grammar says valid=%v", s, err, want)
		}
		if err != nil {
			if !errors.Is(err, field.ErrInvalidKey) || !k.IsZero() {
				t.Fatalf("ParseKey(%q) = %v, %v: want the zero Key and ErrInvalidKey", s, k, err)
			}
			return
		}
		if k.String() != s {
			t.Fatalf("ParseKey(%q).String() = %q", s, k.String())
		}
	})
}

// FuzzParseDateIn: any input in any order parses to a date that
// ParseDate reads back from its String, or fails with ErrInvalidValue;
// OrderOf agrees with what each order reads.
func FuzzParseDateIn(f *testing.F) {
	for _, s := range []string{"1990-04-12", "--04-12", "4/12/1990", "22.5.1990", "1990/4/12", "4/12/90", "4/12-1990", "", "0/0/00", "22 May 1975", "May 22nd, 1975", "1er mai", "12.04.", "5/22", "2024-05-12T10:22:33.5+02:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ok := map[field.DateOrder]bool{}
		for _, o := range []field.DateOrder{field.ISODate, field.DayFirst, field.MonthFirst} {
			d, err := field.ParseDateIn(s, o)
			if err != nil {
				if !errors.Is(err, field.ErrInvalidValue) {
					t.Fatalf("ParseDateIn(%q, %s): %v, not ErrInvalidValue", s, o, err)
				}
				continue
			}
			ok[o] = true
			if back, err := field.ParseDate(d.String()); err != nil || back != d {
				t.Fatalf("ParseDateIn(%q, %s) = %v, which ParseDate reads back as %v, %v", s, o, d, back, err)
			}
		}
		o, written := field.OrderOf(s)
		if written != (!ok[field.ISODate] && (ok[field.DayFirst] || ok[field.MonthFirst])) {
			t.Fatalf("OrderOf(%q) written = %v; the orders read it: %v", s, written, ok)
		}
		if o != field.ISODate && (!ok[o] || ok[field.ISODate]) {
			t.Fatalf("OrderOf(%q) = %s, which does not read it alone: %v", s, o, ok)
		}
	})
}
