package field_test

import (
	"errors"
	"testing"

	"github.com/contactkit/contactkit/field"
)

// workspaceDefs are the definitions of a test workspace.
func workspaceDefs() []field.Definition {
	return []field.Definition{
		{Key: field.MustParseKey("vip"), Label: "VIP", Type: field.TypeCheckbox, Required: true},
		{Key: field.MustParseKey("size"), Label: "Size", Type: field.TypeSelect, Options: []field.Option{
			{Value: "S"}, {Value: "M"}, {Value: "XL", Hidden: true},
		}},
		{Key: field.MustParseKey("channels"), Label: "Channels", Type: field.TypeMultiselect, Options: []field.Option{
			{Value: "sms"}, {Value: "email"}, {Value: "fax", Hidden: true},
		}},
		{Key: field.MustParseKey("budget"), Label: "Budget", Type: field.TypeMonetary},
		{Key: field.MustParseKey("nickname"), Label: "Nickname", Type: field.TypeText},
		{Key: field.MustParseKey("contract_id"), Label: "Contract", Type: field.TypeText, Required: true},
	}
}

// fieldErrors returns "key:sentinel" for each *field.Error joined in err.
func fieldErrors(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("error %v (%T) is not an errors.Join", err, err)
	}
	var got []string
	for _, e := range joined.Unwrap() {
		fe, ok := errors.AsType[*field.Error](e)
		if !ok {
			t.Fatalf("joined error %v is %T, want *field.Error", e, e)
		}
		cat := "?"
		for _, s := range []error{field.ErrInvalidValue, field.ErrUnknownField, field.ErrRequired} {
			if errors.Is(fe, s) {
				cat = s.Error()
			}
		}
		got = append(got, fe.Key.String()+": "+cat)
	}
	return got
}

func TestValidate(t *testing.T) {
	k := field.MustParseKey
	valid := map[field.Key]field.Value{
		k("vip"):         field.Bool(false), // a false checkbox satisfies required
		k("contract_id"): field.Text("C-1"),
	}
	tests := []struct {
		name   string
		values map[field.Key]field.Value
		want   []string
	}{
		{"minimal", valid, nil},
		{"full", map[field.Key]field.Value{
			k("vip"): field.Bool(true), k("contract_id"): field.Text("C-1"),
			k("size"):     field.Select("XL"), // hidden, still valid when stored
			k("channels"): field.Multiselect("sms", "fax"),
			k("budget"):   field.Monetary("1200.00"),
			k("nickname"): {}, // zero: no value
		}, nil},
		{"nil map", nil, []string{"contract_id: required field is missing", "vip: required field is missing"}},
		{"zero counts as missing", map[field.Key]field.Value{k("vip"): {}, k("contract_id"): field.Text("")},
			[]string{"contract_id: required field is missing", "vip: required field is missing"}},
		{"every problem, by key", map[field.Key]field.Value{
			k("zeta"):     field.Text("?"),   // unknown
			k("alpha"):    field.Text("?"),   // unknown
			k("size"):     field.Select("L"), // not an option
			k("channels"): field.Multiselect("sms", "pager"),
			k("budget"):   field.Number("12"),     // wrong type
			k("nickname"): field.Text(" padded "), // not canonical
			k("vip"):      field.Text("yes"),      // wrong type
		}, []string{
			"alpha: unknown field",
			"budget: invalid field value",
			"channels: invalid field value",
			"contract_id: required field is missing",
			"nickname: invalid field value",
			"size: invalid field value",
			"vip: invalid field value",
			"zeta: unknown field",
		}},
		{"non-canonical values", map[field.Key]field.Value{
			k("vip"): field.Bool(true), k("contract_id"): field.Text("C-1"),
			k("size"):   field.Select("s"),        // case differs from the option
			k("budget"): field.Monetary("1200.5"), // two decimals wanted
		}, []string{"budget: invalid field value", "size: invalid field value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := field.Validate(workspaceDefs(), tt.values)
			got := fieldErrors(t, err)
			if len(got) != len(tt.want) {
				t.Fatalf("Validate() = %q, want %q\nerror: %v", got, tt.want, err)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("problem %d = %q, want %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestValidateMessages(t *testing.T) {
	k := field.MustParseKey
	err := field.Validate(workspaceDefs(), map[field.Key]field.Value{
		k("vip"): field.Bool(true), k("contract_id"): field.Text("C-1"),
		k("size"):   field.Select("s"),
		k("budget"): field.Number("12"),
		k("color"):  field.Text("red"),
	})
	const want = `field "budget" (monetary) "12": invalid field value: a number value, want monetary
field "color" "red": unknown field
field "size" (select) "s": invalid field value: not in canonical form "S"`
	if err == nil || err.Error() != want {
		t.Errorf("Validate() =\n%v\nwant\n%s", err, want)
	}
}

func TestValidateDuplicateDefinitions(t *testing.T) {
	defs := append(workspaceDefs(), field.Definition{Key: field.MustParseKey("size"), Label: "Size 2", Type: field.TypeText})
	err := field.Validate(defs, map[field.Key]field.Value{
		field.MustParseKey("vip"): field.Bool(true), field.MustParseKey("contract_id"): field.Text("C-1"),
	})
	de, ok := errors.AsType[*field.DefinitionError](err)
	if !ok || de.Key != field.MustParseKey("size") || !errors.Is(err, field.ErrInvalidDefinition) {
		t.Errorf("Validate with two definitions of one key = %v, want a *DefinitionError for size", err)
	}
}

func TestCheckValue(t *testing.T) {
	d := workspaceDefs()[1] // size: select S, M, hidden XL
	for _, v := range []field.Value{{}, field.Select("S"), field.Select("XL")} {
		if err := d.CheckValue(v); err != nil {
			t.Errorf("CheckValue(%q) = %v, want nil", v, err)
		}
	}
	for _, v := range []field.Value{field.Select("L"), field.Select("m"), field.Text("S"), field.Select(" S")} {
		err := d.CheckValue(v)
		if !errors.Is(err, field.ErrInvalidValue) {
			t.Errorf("CheckValue(%q) = %v, want ErrInvalidValue", v, err)
		}
	}
	req := workspaceDefs()[0]
	if err := req.CheckValue(field.Value{}); !errors.Is(err, field.ErrRequired) {
		t.Errorf("required CheckValue(zero) = %v, want ErrRequired", err)
	}
}
