package tag_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/contactkit/contactkit/tag"
)

func TestParseName(t *testing.T) {
	tests := []struct {
		name, input, want, key string
	}{
		{"plain", "vip", "vip", "vip"},
		{"spelling kept", "VIP", "VIP", "vip"},
		{"trimmed", " \t Lead \n", "Lead", "lead"},
		{"inner runs collapsed", "Hot   \u00a0 lead", "Hot lead", "hot lead"},
		{"NFC", "Cafe\u0301", "Café", "café"},
		{"sharp s folds", "Straße", "Straße", "strasse"},
		{"upper sharp s", "STRASSE", "STRASSE", "strasse"},
		{"greek final sigma", "ΟΔΟΣ", "ΟΔΟΣ", "οδοσ"},
		{"turkish dotted I", "İstanbul", "İstanbul", "i\u0307stanbul"},
		{"emoji", "🔥 hot", "🔥 hot", "🔥 hot"},
		{"max length", strings.Repeat("é", tag.MaxNameLength), strings.Repeat("é", tag.MaxNameLength), strings.Repeat("é", tag.MaxNameLength)},
		{"zero-width space removed", "v\u200bip", "vip", "vip"},
		{"bidi override removed", "\u202evip\u202c", "vip", "vip"},
		{"BOM and soft hyphen removed", "\ufeffhot\u00ad lead", "hot lead", "hot lead"},
		{"invisible between spaces", "hot \u2060 lead", "hot lead", "hot lead"},
		{"joiner in a Latin word removed", "v\u200dip", "vip", "vip"},
		{"joiner in an emoji kept", "👩\u200d💻", "👩\u200d💻", "👩\u200d💻"},
		{"decomposed max length", strings.Repeat("e\u0301", tag.MaxNameLength), strings.Repeat("é", tag.MaxNameLength), strings.Repeat("é", tag.MaxNameLength)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := tag.ParseName(tt.input)
			if err != nil {
				t.Fatalf("ParseName(%q) error: %v", tt.input, err)
			}
			if n.String() != tt.want || n.Key() != tt.key || n.IsZero() {
				t.Errorf("ParseName(%q) = %q (key %q), want %q (key %q)", tt.input, n, n.Key(), tt.want, tt.key)
			}
			if again, err := tag.ParseName(n.String()); err != nil || again != n {
				t.Errorf("ParseName(%q) = %q, %v; want %q", n.String(), again, err, n)
			}
		})
	}
}

func TestParseNameErrors(t *testing.T) {
	tests := []struct {
		name, input string
		reason      error
	}{
		{"empty", "", tag.ErrEmpty},
		{"blank", " \u00a0\u3000 ", tag.ErrEmpty},
		{"too long", strings.Repeat("a", tag.MaxNameLength+1), tag.ErrTooLong},
		{"too long runes", strings.Repeat("é", tag.MaxNameLength+1), tag.ErrTooLong},
		{"comma", "a,b", tag.ErrCharacter},
		{"inner tab", "a\tb", tag.ErrCharacter},
		{"inner newline", "a\nb", tag.ErrCharacter},
		{"NUL", "a\x00", tag.ErrCharacter},
		{"escape", "\x1b[31mred", tag.ErrCharacter},
		{"C1 control", "a\u0085b", tag.ErrCharacter},
		{"invalid UTF-8", "a\xffb", tag.ErrCharacter},
	}
	reasons := []error{tag.ErrEmpty, tag.ErrTooLong, tag.ErrCharacter}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := tag.ParseName(tt.input)
			if err == nil {
				t.Fatalf("ParseName(%q) = %q, want an error", tt.input, n)
			}
			if !n.IsZero() {
				t.Errorf("ParseName(%q) returned %q with its error", tt.input, n)
			}
			pe, ok := errors.AsType[*tag.ParseError](err)
			if !ok || pe.Input != tt.input {
				t.Fatalf("ParseName(%q) error %#v, want *tag.ParseError with the input", tt.input, err)
			}
			if !errors.Is(err, tag.ErrInvalidName) {
				t.Errorf("ParseName(%q) error %v does not wrap ErrInvalidName", tt.input, err)
			}
			for _, r := range reasons {
				if got, want := errors.Is(err, r), r == tt.reason; got != want {
					t.Errorf("ParseName(%q) error %v: errors.Is(err, %q) = %v, want %v", tt.input, err, r, got, want)
				}
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "tag: parse name ") || strings.HasSuffix(msg, ".") {
				t.Errorf("error message %q", msg)
			}
		})
	}
}

func TestNameZeroAndText(t *testing.T) {
	var z tag.Name
	if !z.IsZero() || z.String() != "" || z.Key() != "" {
		t.Errorf("zero Name: IsZero %v, String %q, Key %q", z.IsZero(), z, z.Key())
	}
	type row struct {
		Name  tag.Name
		Names []tag.Name
	}
	in := row{Name: tag.MustParseName("VIP"), Names: []tag.Name{tag.MustParseName("a b"), tag.MustParseName("Café")}}
	js, err := json.Marshal(in)
	if err != nil || string(js) != `{"Name":"VIP","Names":["a b","Café"]}` {
		t.Fatalf("json.Marshal = %s, %v", js, err)
	}
	var out row
	if err := json.Unmarshal(js, &out); err != nil || out.Name != in.Name || !slices.Equal(out.Names, in.Names) {
		t.Errorf("json.Unmarshal(%s) = %+v, %v; want %+v", js, out, err, in)
	}
	n := tag.MustParseName("x")
	if err := n.UnmarshalText([]byte("a,b")); !errors.Is(err, tag.ErrInvalidName) || n.String() != "x" {
		t.Errorf("UnmarshalText(\"a,b\") = %v, left %q; want ErrInvalidName and no change", err, n)
	}
	if err := n.UnmarshalText(nil); err != nil || !n.IsZero() {
		t.Errorf("UnmarshalText(empty) = %v, %q; want the zero Name", err, n)
	}
}

func TestMustParseNamePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustParseName(\"\") did not panic")
		}
	}()
	tag.MustParseName("")
}

func spellings(names []tag.Name) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n.String()
	}
	return out
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, input string
		want        []string
	}{
		{"empty", "", nil},
		{"separators only", " ,\t,\n, \r\n ,,", nil},
		{"one", "vip", []string{"vip"}},
		{"comma", "vip, lead ,customer", []string{"vip", "lead", "customer"}},
		{"tab and newlines", "vip\tlead\ncustomer\r\npartner\rfriend", []string{"vip", "lead", "customer", "partner", "friend"}},
		{"inner spaces", "  hot    lead ,  cold\u00a0lead", []string{"hot lead", "cold lead"}},
		{"duplicates keep first spelling", "VIP, vip, Vip,lead,LEAD", []string{"VIP", "lead"}},
		{"duplicates after normalisation", "Cafe\u0301, CAFÉ, café", []string{"Café"}},
		{"folding", "Straße,STRASSE,strasse", []string{"Straße"}},
		{"order kept", "c,b,a,b,c", []string{"c", "b", "a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tag.Parse(tt.input)
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.input, err)
			}
			if !slices.Equal(spellings(got), tt.want) {
				t.Errorf("Parse(%q) = %q, want %q", tt.input, spellings(got), tt.want)
			}
		})
	}
}

func TestParseInvalidParts(t *testing.T) {
	long := strings.Repeat("x", tag.MaxNameLength+1)
	input := "vip, " + long + ", a\x00b, lead, VIP"
	got, err := tag.Parse(input)
	if want := []string{"vip", "lead"}; !slices.Equal(spellings(got), want) {
		t.Errorf("Parse(...) = %q, want the valid names %q", spellings(got), want)
	}
	if !errors.Is(err, tag.ErrInvalidName) || !errors.Is(err, tag.ErrTooLong) || !errors.Is(err, tag.ErrCharacter) {
		t.Fatalf("Parse(...) error %v, want ErrInvalidName, ErrTooLong and ErrCharacter", err)
	}
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok || len(joined.Unwrap()) != 2 {
		t.Fatalf("Parse(...) error %#v, want two joined errors", err)
	}
	var inputs []string
	for _, e := range joined.Unwrap() {
		pe, ok := errors.AsType[*tag.ParseError](e)
		if !ok {
			t.Fatalf("joined error %T, want *tag.ParseError", e)
		}
		inputs = append(inputs, pe.Input)
	}
	if want := []string{" " + long, " a\x00b"}; !slices.Equal(inputs, want) {
		t.Errorf("error inputs %q, want %q", inputs, want)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "vip", "VIP, vip, lead", "a\tb\nc\r\nd", "  hot    lead ,  cold\u00a0lead",
		"Cafe\u0301, CAFÉ", "Straße,STRASSE", "ΟΔΟΣ,οδος,οδοσ", "a\x00b,c", "\xff,ok",
		strings.Repeat("é", tag.MaxNameLength+1) + ",x", "İ,i\u0307,ı,I", "ǰ,J\u030c", "ﬀ,FF,ff", "\u200bvip,vip\u202e", "👩\u200d💻, \u212a\u200d💻",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input string) {
		names, err := tag.Parse(input)
		if err != nil && !errors.Is(err, tag.ErrInvalidName) {
			t.Fatalf("Parse(%q) error %v does not wrap ErrInvalidName", input, err)
		}
		seen := map[string]bool{}
		for _, n := range names {
			if n.IsZero() || !utf8.ValidString(n.String()) || utf8.RuneCountInString(n.String()) > tag.MaxNameLength {
				t.Fatalf("Parse(%q) gave the name %q", input, n)
			}
			if seen[n.Key()] {
				t.Fatalf("Parse(%q) gave the key %q twice", input, n.Key())
			}
			seen[n.Key()] = true
			again, err := tag.ParseName(n.String())
			if err != nil || again != n || again.Key() != n.Key() {
				t.Fatalf("ParseName(%q) = %q (key %q), %v; want %q (key %q)", n, again, again.Key(), err, n, n.Key())
			}
		}
		joined := strings.Join(spellings(names), ",")
		again, err := tag.Parse(joined)
		if err != nil || !slices.Equal(again, names) {
			t.Fatalf("Parse(%q) = %q, but Parse(%q) = %q, %v", input, spellings(names), joined, spellings(again), err)
		}
		if set := tag.NewSet(names...); !slices.Equal(set, names) {
			t.Fatalf("NewSet(Parse(%q)) = %q, want %q", input, spellings(set), spellings(names))
		}
	})
}
