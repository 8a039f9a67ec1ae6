package field_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/field"
)

// problems returns the Property of each *DefinitionError joined in err, in
// order, and fails if err holds anything else.
func problems(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("error %v (%T) is not an errors.Join", err, err)
	}
	var props []string
	for _, e := range joined.Unwrap() {
		de, ok := errors.AsType[*field.DefinitionError](e)
		if !ok {
			t.Fatalf("joined error %v is %T, want *field.DefinitionError", e, e)
		}
		props = append(props, de.Property)
	}
	return props
}

func TestDefinitionValidateOK(t *testing.T) {
	for _, typ := range allTypes {
		d := def(typ)
		d.Group = "Profile"
		d.Placeholder = "e.g. 42"
		d.Description = "Line one\nline two\twith a tab"
		d.Position = 3
		if err := d.Validate(); err != nil {
			t.Errorf("%s: Validate() = %v, want nil", typ, err)
		}
	}
}

func TestDefinitionValidate(t *testing.T) {
	key := field.MustParseKey("k")
	opts := func(values ...string) []field.Option {
		var o []field.Option
		for _, v := range values {
			o = append(o, field.Option{Value: v})
		}
		return o
	}
	tests := []struct {
		name string
		d    field.Definition
		want []string // the Property of each problem, in order
		is   []error  // sentinels the joined error wraps
	}{
		{"empty", field.Definition{}, []string{"key", "label", "type"}, []error{field.ErrInvalidDefinition, field.ErrInvalidKey, field.ErrInvalidType}},
		{"blank label", field.Definition{Key: key, Label: " \t", Type: field.TypeText}, []string{"label"}, []error{field.ErrInvalidDefinition}},
		{"long label", field.Definition{Key: key, Label: strings.Repeat("x", 256), Type: field.TypeText}, []string{"label"}, nil},
		{"control in label", field.Definition{Key: key, Label: "a\nb", Type: field.TypeText}, []string{"label"}, nil},
		{"bad utf8 group", field.Definition{Key: key, Label: "L", Type: field.TypeText, Group: "\xff"}, []string{"group"}, nil},
		{"long placeholder", field.Definition{Key: key, Label: "L", Type: field.TypeText, Placeholder: strings.Repeat("x", 256)}, []string{"placeholder"}, nil},
		{"long description", field.Definition{Key: key, Label: "L", Type: field.TypeText, Description: strings.Repeat("x", 2001)}, []string{"description"}, nil},
		{"bad type", field.Definition{Key: key, Label: "L", Type: "colour", Options: opts("a")}, []string{"type"}, []error{field.ErrInvalidType}},
		{"negative position", field.Definition{Key: key, Label: "L", Type: field.TypeText, Position: -1}, []string{"position"}, nil},
		{"options on text", field.Definition{Key: key, Label: "L", Type: field.TypeText, Options: opts("a")}, []string{"options"}, nil},
		{"select without options", field.Definition{Key: key, Label: "L", Type: field.TypeSelect}, []string{"options"}, nil},
		{"too many options", field.Definition{Key: key, Label: "L", Type: field.TypeSelect, Options: make([]field.Option, 1001)}, []string{"options"}, nil},
		{
			"bad option values",
			field.Definition{Key: key, Label: "L", Type: field.TypeSelect, Options: opts("ok", "", " pad", "Ok", "e\u0301", "tab\tx", strings.Repeat("x", 256), "a, b")},
			[]string{"options[1].value", "options[2].value", "options[3].value", "options[4].value", "options[5].value", "options[6].value"},
			nil,
		},
		{
			"multiselect separators",
			field.Definition{Key: key, Label: "L", Type: field.TypeMultiselect, Options: opts("a, b", "c;d", "e")},
			[]string{"options[0].value", "options[1].value"},
			nil,
		},
		{
			"option label",
			field.Definition{Key: key, Label: "L", Type: field.TypeSelect, Options: []field.Option{{Value: "a", Label: "x\x00"}}},
			[]string{"options[0].label"},
			nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.d.Validate()
			got := problems(t, err)
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("Validate() problems = %q, want %q\nerror: %v", got, tt.want, err)
			}
			for _, target := range append(tt.is, field.ErrInvalidDefinition) {
				if !errors.Is(err, target) {
					t.Errorf("Validate() error does not wrap %v", target)
				}
			}
		})
	}
}

func TestDefinitionErrorMessage(t *testing.T) {
	d := field.Definition{Key: field.MustParseKey("size"), Label: "", Type: field.TypeText}
	const want = `field definition "size": label: invalid field definition: blank`
	if err := d.Validate(); err == nil || err.Error() != want {
		t.Errorf("Validate() = %v, want %s", err, want)
	}
}

func TestCheckUpdate(t *testing.T) {
	old := field.Definition{
		Key: field.MustParseKey("color"), Label: "Color", Type: field.TypeSelect,
		Options: []field.Option{{Value: "red"}, {Value: "green"}, {Value: "blue"}},
	}
	withOptions := func(d field.Definition, opts ...field.Option) field.Definition {
		d.Options = opts
		return d
	}

	t.Run("allowed", func(t *testing.T) {
		next := withOptions(old,
			field.Option{Value: "blue", Label: "Bleu"},
			field.Option{Value: "red", Hidden: true},
			field.Option{Value: "green"},
			field.Option{Value: "yellow"},
		)
		next.Label, next.Group, next.Required, next.Position, next.Version = "Colour", "Looks", true, 7, 2
		if err := old.CheckUpdate(next); err != nil {
			t.Errorf("CheckUpdate(relabel, reorder, hide, add) = %v, want nil", err)
		}
		if err := old.CheckUpdate(old); err != nil {
			t.Errorf("CheckUpdate(same) = %v, want nil", err)
		}
	})

	tests := []struct {
		name string
		next func() field.Definition
		want []string
		is   []error
	}{
		{"key", func() field.Definition { d := old; d.Key = field.MustParseKey("colour"); return d }, []string{"key"}, []error{field.ErrKeyChange}},
		{"type", func() field.Definition { d := old; d.Type = field.TypeMultiselect; return d }, []string{"type"}, []error{field.ErrTypeChange}},
		{"type to text", func() field.Definition { d := old; d.Type = field.TypeText; d.Options = nil; return d }, []string{"type"}, []error{field.ErrTypeChange}},
		{"removed option", func() field.Definition {
			return withOptions(old, field.Option{Value: "red"}, field.Option{Value: "blue"})
		}, []string{"options[1]"}, []error{field.ErrOptionRemoved}},
		{"renamed option value", func() field.Definition {
			return withOptions(old, field.Option{Value: "Red"}, field.Option{Value: "green"}, field.Option{Value: "blue"})
		}, []string{"options[0]"}, []error{field.ErrOptionRemoved}},
		{"everything", func() field.Definition {
			d := withOptions(old, field.Option{Value: "red"})
			d.Key, d.Type, d.Label = field.MustParseKey("c2"), field.TypeMultiselect, ""
			return d
		}, []string{"key", "type", "options[1]", "options[2]", "label"}, []error{field.ErrKeyChange, field.ErrTypeChange, field.ErrOptionRemoved, field.ErrInvalidDefinition}},
		{"invalid next", func() field.Definition { d := old; d.Label = " "; return d }, []string{"label"}, []error{field.ErrInvalidDefinition}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := old.CheckUpdate(tt.next())
			got := problems(t, err)
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("CheckUpdate problems = %q, want %q\nerror: %v", got, tt.want, err)
			}
			for _, target := range tt.is {
				if !errors.Is(err, target) {
					t.Errorf("CheckUpdate error does not wrap %v", target)
				}
			}
		})
	}

	err := old.CheckUpdate(withOptions(old, field.Option{Value: "red"}, field.Option{Value: "green"}))
	const want = `field definition "color": options[2]: option removed: hide it instead: "blue"`
	if err == nil || err.Error() != want {
		t.Errorf("CheckUpdate(remove blue) = %v, want %s", err, want)
	}
}
