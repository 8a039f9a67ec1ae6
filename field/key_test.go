package field_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/field"
)

func TestParseKey(t *testing.T) {
	valid := []string{"a", "shoe_size", "x1", "a_", "z" + strings.Repeat("9", 63)}
	for _, s := range valid {
		k, err := field.ParseKey(s)
		if err != nil {
			t.Errorf("ParseKey(%q) error: %v", s, err)
			continue
		}
		if k.String() != s || k.IsZero() {
			t.Errorf("ParseKey(%q) = %q (zero %v), want %q", s, k, k.IsZero(), s)
		}
	}
	invalid := []string{"", "A", "Size", "1a", "_a", " a", "a ", "a-b", "a.b", "é", "a" + strings.Repeat("b", 64)}
	for _, s := range invalid {
		k, err := field.ParseKey(s)
		if !errors.Is(err, field.ErrInvalidKey) {
			t.Errorf("ParseKey(%q) = %q, %v; want ErrInvalidKey", s, k, err)
		}
		if !k.IsZero() {
			t.Errorf("ParseKey(%q) returned non-zero key %q with its error", s, k)
		}
	}
}

func TestMustParseKeyPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustParseKey(\"Bad\") did not panic")
		}
	}()
	field.MustParseKey("Bad")
}

func TestKeyText(t *testing.T) {
	type doc struct {
		K field.Key            `json:"k"`
		M map[field.Key]string `json:"m"`
	}
	in := doc{K: field.MustParseKey("size"), M: map[field.Key]string{field.MustParseKey("color"): "red"}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"k":"size","m":{"color":"red"}}`; got != want {
		t.Errorf("json.Marshal = %s, want %s", got, want)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out.K != in.K || out.M[field.MustParseKey("color")] != "red" {
		t.Errorf("json round trip = %+v, want %+v", out, in)
	}
	if err := json.Unmarshal([]byte(`{"k":"Bad Key"}`), &out); !errors.Is(err, field.ErrInvalidKey) {
		t.Errorf("json.Unmarshal of a bad key: error %v, want ErrInvalidKey", err)
	}
	var k field.Key
	if err := k.UnmarshalText(nil); err != nil || !k.IsZero() {
		t.Errorf("UnmarshalText(empty) = %q, %v; want the zero Key", k, err)
	}
}

func TestParseType(t *testing.T) {
	for _, typ := range allTypes {
		got, err := field.ParseType(string(typ))
		if err != nil || got != typ || !typ.Valid() {
			t.Errorf("ParseType(%q) = %q, %v (valid %v)", typ, got, err, typ.Valid())
		}
		want := typ == field.TypeSelect || typ == field.TypeMultiselect
		if typ.HasOptions() != want {
			t.Errorf("%s.HasOptions() = %v, want %v", typ, !want, want)
		}
	}
	for _, s := range []string{"", "Text", " text", "string", "int"} {
		if _, err := field.ParseType(s); !errors.Is(err, field.ErrInvalidType) {
			t.Errorf("ParseType(%q) error %v, want ErrInvalidType", s, err)
		}
		if field.Type(s).Valid() {
			t.Errorf("Type(%q).Valid() = true", s)
		}
	}
	var typ field.Type
	if err := json.Unmarshal([]byte(`"multiselect"`), &typ); err != nil || typ != field.TypeMultiselect {
		t.Errorf("json.Unmarshal(multiselect) = %q, %v", typ, err)
	}
	if err := json.Unmarshal([]byte(`"colour"`), &typ); !errors.Is(err, field.ErrInvalidType) {
		t.Errorf("json.Unmarshal(colour) error %v, want ErrInvalidType", err)
	}
}
