package field_test

import (
	"errors"
	"testing"

	"github.com/contactkit/contactkit/field"
)

// A hidden option stays valid for the contact that holds it (F1): named
// again, with CoerceOptions.Held, it is taken; any other hidden option is
// refused.
func TestCoerceHeldHiddenOptions(t *testing.T) {
	sel := field.Definition{Key: field.MustParseKey("plan"), Type: field.TypeSelect,
		Options: []field.Option{{Value: "free"}, {Value: "pro", Hidden: true}, {Value: "old", Label: "Legacy", Hidden: true}}}
	multi := field.Definition{Key: field.MustParseKey("tiers"), Type: field.TypeMultiselect,
		Options: []field.Option{{Value: "a", Hidden: true}, {Value: "b", Hidden: true}, {Value: "c"}}}
	mustCoerce := func(d field.Definition, raw string) field.Value {
		v, err := d.CoerceWith(raw, field.CoerceOptions{HiddenOptions: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		d         field.Definition
		held, raw string // held "" holds nothing
		want      string // "" for refused
	}{
		{sel, "", "pro", ""},
		{sel, "pro", "pro", "pro"},
		{sel, "pro", "PRO", "pro"},
		{sel, "pro", "free", "free"},
		{sel, "pro", "old", ""},
		{sel, "old", "Legacy", "old"}, // held, as if visible: by its label too
		{multi, "a", "a, c", "a, c"},
		{multi, "a", "a, b", ""},
		{multi, "a, b", "b", "b"},
		{multi, "c", "a", ""},
	} {
		var held field.Value
		if tc.held != "" {
			held = mustCoerce(tc.d, tc.held)
		}
		got, err := tc.d.CoerceWith(tc.raw, field.CoerceOptions{Held: held})
		switch {
		case tc.want == "" && !errors.Is(err, field.ErrInvalidValue):
			t.Errorf("%s holding %q: Coerce(%q) = %v, %v; want ErrInvalidValue", tc.d.Key, tc.held, tc.raw, got, err)
		case tc.want != "" && (err != nil || got.String() != tc.want):
			t.Errorf("%s holding %q: Coerce(%q) = %v, %v; want %s", tc.d.Key, tc.held, tc.raw, got, err, tc.want)
		}
	}
	// The definition's own options are left as they are.
	if !sel.Options[1].Hidden || !multi.Options[0].Hidden {
		t.Error("Coerce changed the definition's options")
	}
}
