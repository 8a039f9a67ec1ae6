package field_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/contactkit/contactkit/field"
)

// def returns a valid definition of type t for tests; choice types get
// options.
func def(t field.Type) field.Definition {
	d := field.Definition{Key: field.MustParseKey("f_" + string(t)), Label: "F " + string(t), Type: t}
	switch t {
	case field.TypeSelect:
		d.Options = []field.Option{
			{Value: "red", Label: "Rouge"},
			{Value: "Green", Label: "Vert"},
			{Value: "Paris, France", Label: "Capital"},
			{Value: "old", Label: "Legacy", Hidden: true},
		}
	case field.TypeMultiselect:
		d.Options = []field.Option{
			{Value: "sms", Label: "Text message"},
			{Value: "email", Label: "E-mail"},
			{Value: "call"},
			{Value: "fax", Hidden: true},
		}
	}
	return d
}

// allTypes lists the twelve field types.
var allTypes = []field.Type{
	field.TypeText, field.TypeTextarea, field.TypeNumber, field.TypeMonetary,
	field.TypeDate, field.TypeDatetime, field.TypeCheckbox, field.TypeSelect,
	field.TypeMultiselect, field.TypePhone, field.TypeEmail, field.TypeURL,
}

type accepted struct {
	in, want string // want: the String of the coerced Value
}

var acceptedInputs = map[field.Type][]accepted{
	field.TypeText: {
		{"hello", "hello"},
		{"  padded \t", "padded"},
		{"two\nlines\r\nhere\rnow", "two lines here now"},
		{"tab\there", "tab here"},
		{"Cafe\u0301", "Café"}, // NFD to NFC
		{"inner   spaces", "inner   spaces"},
		{strings.Repeat("é", field.MaxTextLen), strings.Repeat("é", field.MaxTextLen)},
	},
	field.TypeTextarea: {
		{"line 1\r\nline 2\rline 3\n\n", "line 1\nline 2\nline 3"},
		{"\n  indented\n\tcode", "indented\n\tcode"},
		{"Cafe\u0301", "Café"},
		{strings.Repeat("x", field.MaxTextareaLen), strings.Repeat("x", field.MaxTextareaLen)},
	},
	field.TypeNumber: {
		{"1234.56", "1234.56"},
		{"-3", "-3"},
		{"+3", "3"},
		{"−3", "-3"},
		{"1,234.56", "1234.56"},
		{"1234,56", "1234.56"},
		{"1.234,56", "1234.56"},
		{"1 234,50", "1234.5"},
		{"1\u00a0234\u00a0567", "1234567"},
		{"1\u202f234,5", "1234.5"},
		{"1'234.5", "1234.5"},
		{"1,234,567", "1234567"},
		{"1.234.567", "1234567"},
		{"1.234", "1.234"},
		{"1,5", "1.5"},
		{"0,123", "0.123"},
		{"1234,567", "1234.567"},
		{"007", "7"},
		{"1.500", "1.5"},
		{".5", "0.5"},
		{"5.", "5"},
		{"-0", "0"},
		{"-0.000", "0"},
		{"0", "0"},
		{"12345678901234567890.123456789012345678", "12345678901234567890.123456789012345678"},
	},
	field.TypeMonetary: {
		{"1234.5", "1234.50"},
		{"1 234,50", "1234.50"},
		{"$1,234.56", "1234.56"},
		{"-$12", "-12.00"},
		{"$-12", "-12.00"},
		{"12,50 €", "12.50"},
		{"€ 3", "3.00"},
		{"0.10", "0.10"},
		{"-0", "0.00"},
		{"1.230", "1.23"},
	},
	field.TypeDate: {
		{"2024-02-29", "2024-02-29"},
		{" 1999-12-31 ", "1999-12-31"},
		{"0001-01-01", "0001-01-01"},
		{"9999-12-31", "9999-12-31"},
	},
	field.TypeDatetime: {
		{"2024-05-01T10:30:00+02:00", "2024-05-01T08:30:00Z"},
		{"2024-05-01T10:30:00Z", "2024-05-01T10:30:00Z"},
		{"2024-05-01 10:30:00-01:00", "2024-05-01T11:30:00Z"},
		{"2024-05-01T10:30:00.120+00:00", "2024-05-01T10:30:00.12Z"},
		{"2024-12-31T23:30:00-01:00", "2025-01-01T00:30:00Z"},
	},
	field.TypeCheckbox: {
		{"true", "true"}, {"TRUE", "true"}, {"Yes", "true"}, {"y", "true"}, {"1", "true"},
		{"on", "true"}, {"Checked", "true"}, {"oui", "true"}, {"OUI", "true"}, {"vrai", "true"}, {"t", "true"},
		{"false", "false"}, {"No", "false"}, {"n", "false"}, {"0", "false"}, {"off", "false"},
		{"unchecked", "false"}, {"non", "false"}, {"faux", "false"}, {"F", "false"},
	},
	field.TypeSelect: {
		{"red", "red"},
		{"RED", "red"},
		{" green ", "Green"},
		{"rouge", "red"},                   // label
		{"Paris, France", "Paris, France"}, // commas are fine in a select
		{"capital", "Paris, France"},
	},
	field.TypeMultiselect: {
		{"sms", "sms"},
		{"sms, email", "email, sms"},
		{"email;sms\ncall", "call, email, sms"},
		{"SMS, sms, Text message", "sms"},
		{"e-mail,,", "email"},
		{"call\r\nsms", "call, sms"},
	},
	field.TypePhone: {
		{"+33 6 12 34 56 78", "+33612345678"},
		{"06 12 34 56 78", "+33612345678"},
		{"+1 (202) 555-0142", "+12025550142"},
	},
	field.TypeEmail: {
		{" Bob@Example.COM ", "bob@example.com"},
	},
	field.TypeURL: {
		{"https://example.com", "https://example.com/"},
		{"HTTPS://Example.COM/Path?q=1#frag", "https://example.com/Path?q=1#frag"},
		{"http://example.com:80/a", "http://example.com/a"},
		{"https://example.com:443", "https://example.com/"},
		{"https://example.com:8443/", "https://example.com:8443/"},
		{"example.com/page", "https://example.com/page"},
		{"www.example.co.uk", "https://www.example.co.uk/"},
		{"http://192.0.2.1/x", "http://192.0.2.1/x"},
		{"http://[2001:DB8::1]:8080/", "http://[2001:db8::1]:8080/"},
		{"https://xn--caf-dma.fr/", "https://xn--caf-dma.fr/"},
		{"https://café.fr/", "https://xn--caf-dma.fr/"},
		{"https://example.com./", "https://example.com/"},
	},
}

var rejectedInputs = map[field.Type][]string{
	field.TypeText: {
		"bell\a",
		"nul\x00",
		"c1\u0085x",
		strings.Repeat("é", field.MaxTextLen+1),
		"bad \xff utf8",
	},
	field.TypeTextarea: {
		"esc\x1b[0m",
		strings.Repeat("x", field.MaxTextareaLen+1),
	},
	field.TypeNumber: {
		"abc", "12abc", "1e3", "0x10", "1,234", "12,345", "1,2,3", "1.2.3,4", "1,2.3,4",
		"12 34", "1 234 56", "1 234.567,8", "1,234 567", "1.23.4", "--1", "- 1", "$12",
		"12%", "(12)", ".", ",", "-", "1,234.5.6", "1.234,5,6", "١٢٣",
		strings.Repeat("9", 39),
		"1" + strings.Repeat("0", 200),
	},
	field.TypeMonetary: {
		"12.345", "EUR 12", "12 USD", "$", "€€12", "0.001", "1,234",
	},
	field.TypeDate: {
		"2023-02-29", "2024-13-01", "2024-00-10", "2024-01-32", "0000-01-01",
		"01/02/2024", "31/12/2024", "2024/01/02", "2024-1-2", "20240102",
		"2024-01-02T10:00:00Z", "yesterday", "+2024-01-01", "2024-01-0x",
	},
	field.TypeDatetime: {
		"2024-05-01T10:30:00", "2024-05-01", "2024-05-01T25:00:00Z",
		"1 May 2024", "2024-05-01T10:30Z", "0000-01-01T00:30:00+01:00",
	},
	field.TypeCheckbox: {"maybe", "2", "yes please", "si"},
	field.TypeSelect: {
		"blue",   // no such option
		"old",    // hidden
		"legacy", // label of a hidden option
		"red, Green",
	},
	field.TypeMultiselect: {
		"sms, pager",
		"fax",
		"sms; fax",
	},
	field.TypePhone: {"hello", "12"},
	field.TypeEmail: {"not-an-email", "@example.com"},
	field.TypeURL: {
		"ftp://example.com/",
		"mailto:bob@example.com",
		"javascript:alert(1)",
		"https://user:pw@example.com/",
		"https://example.com/a b",
		"https:///path",
		"https://localhost/",
		"https://exa_mple.com/",
		"https://-example.com/",
		"https://1.2.3.999/",
		"https://example.com:99999/",
		"https://example.com:0/",
		"https://[fe80::1%25en0]/",
		"http://" + strings.Repeat("a", 2048) + ".com/",
		"//example.com",
	},
}

func TestCoerceAccepted(t *testing.T) {
	for _, typ := range allTypes {
		if len(acceptedInputs[typ]) == 0 {
			t.Errorf("no accepted inputs for %s", typ)
		}
		for _, c := range acceptedInputs[typ] {
			t.Run(string(typ)+"/"+c.in, func(t *testing.T) {
				d := def(typ)
				v, err := d.Coerce(c.in, "FR")
				if err != nil {
					t.Fatalf("Coerce(%q) error: %v", c.in, err)
				}
				if got := v.String(); got != c.want {
					t.Errorf("Coerce(%q).String() = %q, want %q", c.in, got, c.want)
				}
				if v.Type() != typ {
					t.Errorf("Coerce(%q).Type() = %q, want %q", c.in, v.Type(), typ)
				}
				checkCanonical(t, d, v)
			})
		}
	}
}

// checkCanonical checks that v, returned by d.Coerce, reads back to itself
// through Coerce and ParseValue and is a valid stored value of d.
func checkCanonical(t *testing.T, d field.Definition, v field.Value) {
	t.Helper()
	again, err := d.Coerce(v.String(), "FR")
	if err != nil {
		t.Fatalf("Coerce(%q) of a canonical form: %v", v.String(), err)
	}
	if again != v {
		t.Errorf("Coerce(%q) = %#v, want %#v (round trip)", v.String(), again, v)
	}
	if err := d.CheckValue(v); err != nil {
		t.Errorf("CheckValue(Coerce result %q) = %v, want nil", v.String(), err)
	}
	parsed, err := field.ParseValue(d.Type, v.String())
	if err != nil {
		t.Fatalf("ParseValue(%s, %q): %v", d.Type, v.String(), err)
	}
	if parsed != v {
		t.Errorf("ParseValue(%s, %q) = %#v, want %#v", d.Type, v.String(), parsed, v)
	}
}

func TestCoerceRejected(t *testing.T) {
	for _, typ := range allTypes {
		if len(rejectedInputs[typ]) == 0 {
			t.Errorf("no rejected inputs for %s", typ)
		}
		for _, in := range rejectedInputs[typ] {
			name := in
			if len(name) > 40 {
				name = name[:40]
			}
			t.Run(string(typ)+"/"+name, func(t *testing.T) {
				d := def(typ)
				v, err := d.Coerce(in, "FR")
				if err == nil {
					t.Fatalf("Coerce(%q) = %q, want an error", in, v.String())
				}
				if !v.IsZero() {
					t.Errorf("failed Coerce(%q) returned %#v, want the zero Value", in, v)
				}
				if !errors.Is(err, field.ErrInvalidValue) {
					t.Errorf("Coerce(%q) error %v does not wrap ErrInvalidValue", in, err)
				}
				fe, ok := errors.AsType[*field.Error](err)
				if !ok {
					t.Fatalf("Coerce(%q) error is %T, want *field.Error", in, err)
				}
				if fe.Key != d.Key || fe.Type != typ || fe.Input != in {
					t.Errorf("Error{Key: %q, Type: %q, Input: %q}, want {%q, %q, %q}", fe.Key, fe.Type, fe.Input, d.Key, typ, in)
				}
			})
		}
	}
}

func TestCoerceBlank(t *testing.T) {
	for _, typ := range allTypes {
		for _, in := range []string{"", " ", "\t\n", "\u00a0"} {
			v, err := def(typ).Coerce(in, "")
			if err != nil || v != (field.Value{}) {
				t.Errorf("%s: Coerce(%q) = %#v, %v; want the zero Value, nil", typ, in, v, err)
			}
		}
	}
	if v, err := def(field.TypeMultiselect).Coerce(" , ;\n", ""); err != nil || !v.IsZero() {
		t.Errorf("multiselect: Coerce(only separators) = %#v, %v; want the zero Value, nil", v, err)
	}
}

func TestCoerceInvalidType(t *testing.T) {
	d := field.Definition{Key: field.MustParseKey("x"), Label: "X", Type: "colour"}
	if _, err := d.Coerce("red", ""); !errors.Is(err, field.ErrInvalidType) {
		t.Errorf("Coerce with type %q: error %v, want ErrInvalidType", d.Type, err)
	}
}

func TestCoercePhoneWithoutRegion(t *testing.T) {
	_, err := def(field.TypePhone).Coerce("06 12 34 56 78", "")
	if !errors.Is(err, field.ErrInvalidValue) {
		t.Errorf("national number without a default region: error %v, want ErrInvalidValue", err)
	}
}

func TestCoerceErrorMessages(t *testing.T) {
	tests := []struct {
		typ  field.Type
		in   string
		want string
	}{
		{field.TypeNumber, "abc", `field "f_number" (number) "abc": invalid field value: not a number`},
		{field.TypeNumber, "1,234", "ambiguous"},
		{field.TypeMonetary, "1.234", "more than 2 decimals"},
		{field.TypeSelect, "blue", `"blue" is not an option: want one of "red", "Green", "Paris, France"`},
		{field.TypeSelect, "old", `option "old" is hidden`},
		{field.TypeMultiselect, "sms, pager", `"pager" is not an option`},
		{field.TypeText, strings.Repeat("a", 300), "too long: 300 characters, at most 255"},
		{field.TypeDate, "2023-02-29", "no such date"},
		{field.TypeDate, "01/02/2024", "want YYYY-MM-DD"},
		{field.TypeDatetime, "2024-05-01T10:30:00", "no time zone offset"},
		{field.TypeURL, "ftp://x.org", "want http or https"},
	}
	for _, tt := range tests {
		_, err := def(tt.typ).Coerce(tt.in, "FR")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Coerce(%q) error = %v, want it to contain %q", tt.typ, tt.in, err, tt.want)
		}
	}
}

func TestErrorMessageClipsLongInput(t *testing.T) {
	in := strings.Repeat("a", 1000)
	_, err := def(field.TypeText).Coerce(in, "")
	if err == nil {
		t.Fatal("Coerce of 1000 characters: no error")
	}
	if n := len(err.Error()); n > 200 {
		t.Errorf("error message is %d bytes, want the input shortened", n)
	}
	if fe, ok := errors.AsType[*field.Error](err); !ok || fe.Input != in {
		t.Errorf("Error.Input should keep the whole input")
	}
}

func TestParseValue(t *testing.T) {
	tests := []struct {
		typ  field.Type
		in   string
		want field.Value
	}{
		{field.TypeMultiselect, "b, a, b", field.Multiselect("a", "b")},
		{field.TypeSelect, "anything, really", field.Select("anything, really")}, // not checked without a definition
		{field.TypePhone, "+33612345678", field.Phone("+33612345678")},
		{field.TypeNumber, "", field.Value{}},
		{field.TypeNumber, "1 234,5", field.Number("1234.5")},
	}
	for _, tt := range tests {
		got, err := field.ParseValue(tt.typ, tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseValue(%s, %q) = %#v, %v; want %#v, nil", tt.typ, tt.in, got, err, tt.want)
		}
	}

	if _, err := field.ParseValue(field.TypePhone, "0612345678"); !errors.Is(err, field.ErrInvalidValue) {
		t.Errorf("ParseValue(phone, national number) error = %v, want ErrInvalidValue (no region)", err)
	}
	_, err := field.ParseValue("colour", "red")
	if !errors.Is(err, field.ErrInvalidType) {
		t.Errorf("ParseValue(colour) error = %v, want ErrInvalidType", err)
	}
	const want = `field (colour) "red": invalid field type "colour"`
	if err == nil || err.Error() != want {
		t.Errorf("ParseValue(colour) error = %v, want %s", err, want)
	}
}

// TestCoerceDatetimeInALocation checks a date and time without an offset:
// refused without a Location, read as a time of it with one.
func TestCoerceDatetimeInALocation(t *testing.T) {
	d := field.Definition{Key: field.MustParseKey("at"), Label: "At", Type: field.TypeDatetime}
	plus2 := time.FixedZone("", 2*3600)
	for _, tc := range []struct {
		in   string
		loc  *time.Location
		want string // "" for refused
	}{
		{"2024-05-01T10:30:00", nil, ""},
		{"2024-05-01T10:30:00", time.UTC, "2024-05-01T10:30:00Z"},
		{"2024-05-01 10:30:00.5", plus2, "2024-05-01T08:30:00.5Z"},
		{"2024-05-01 10:30", plus2, "2024-05-01T08:30:00Z"},
		{"2024-05-01T10:30:00+01:00", plus2, "2024-05-01T09:30:00Z"}, // its own offset wins
		{"2024-05-01T25:30", time.UTC, ""},
		{"2024-05-01", time.UTC, ""},
	} {
		v, err := d.CoerceWith(tc.in, field.CoerceOptions{Location: tc.loc})
		switch {
		case tc.want == "" && !errors.Is(err, field.ErrInvalidValue):
			t.Errorf("%q in %v: %v, %v; want ErrInvalidValue", tc.in, tc.loc, v, err)
		case tc.want != "" && (err != nil || v.String() != tc.want):
			t.Errorf("%q in %v: %v, %v; want %s", tc.in, tc.loc, v, err, tc.want)
		}
	}
}
