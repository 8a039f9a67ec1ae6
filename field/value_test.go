package field_test

import (
	"slices"
	"testing"
	"time"

	"github.com/contactkit/contactkit/field"
)

func TestValueConstructors(t *testing.T) {
	paris := time.FixedZone("CEST", 2*3600)
	tests := []struct {
		name string
		v    field.Value
		typ  field.Type
		str  string
	}{
		{"text", field.Text("hello"), field.TypeText, "hello"},
		{"textarea", field.Textarea("a\nb"), field.TypeTextarea, "a\nb"},
		{"number", field.Number("-1234.5"), field.TypeNumber, "-1234.5"},
		{"monetary", field.Monetary("12.30"), field.TypeMonetary, "12.30"},
		{"true", field.Bool(true), field.TypeCheckbox, "true"},
		{"false", field.Bool(false), field.TypeCheckbox, "false"},
		{"date", field.DateValue(field.Date{Year: 2024, Month: 2, Day: 29}), field.TypeDate, "2024-02-29"},
		{"datetime", field.Datetime(time.Date(2024, 5, 1, 10, 30, 0, 500, paris)), field.TypeDatetime, "2024-05-01T08:30:00.0000005Z"},
		{"select", field.Select("red"), field.TypeSelect, "red"},
		{"multiselect", field.Multiselect("sms", "email", "", "sms"), field.TypeMultiselect, "email, sms"},
		{"phone", field.Phone("+33612345678"), field.TypePhone, "+33612345678"},
		{"email", field.Email("bob@example.com"), field.TypeEmail, "bob@example.com"},
		{"url", field.URL("https://example.com/"), field.TypeURL, "https://example.com/"},
	}
	for _, tt := range tests {
		if tt.v.Type() != tt.typ || tt.v.String() != tt.str || tt.v.IsZero() {
			t.Errorf("%s: Type %q, String %q, IsZero %v; want %q, %q, false", tt.name, tt.v.Type(), tt.v.String(), tt.v.IsZero(), tt.typ, tt.str)
		}
	}
}

func TestValueZero(t *testing.T) {
	empty := []field.Value{
		field.Text(""), field.Textarea(""), field.Number(""), field.Monetary(""),
		field.DateValue(field.Date{}), field.Datetime(time.Time{}), field.Select(""),
		field.Multiselect(), field.Multiselect("", ""), field.Phone(""), field.Email(""), field.URL(""),
	}
	for i, v := range empty {
		if v != (field.Value{}) || !v.IsZero() || v.String() != "" || v.Type() != "" {
			t.Errorf("empty value %d = %#v, want the zero Value", i, v)
		}
	}
}

func TestValueComparable(t *testing.T) {
	if field.Multiselect("b", "a") != field.Multiselect("a", "b", "a") {
		t.Error("Multiselect is a set: order and duplicates do not matter")
	}
	if field.Text("1") == field.Number("1") {
		t.Error("values of different types must differ")
	}
	if field.Multiselect("a, b") == field.Multiselect("a", "b") {
		t.Error(`Multiselect("a, b") holds one (invalid) option, not two`)
	}
	t1 := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	if field.Datetime(t1) != field.Datetime(t1.In(time.FixedZone("x", 3600))) {
		t.Error("Datetime of one instant in two zones must be equal")
	}
	m := map[field.Value]int{field.Select("a"): 1}
	if m[field.Select("a")] != 1 {
		t.Error("Value must work as a map key")
	}
}

func TestValueAccessors(t *testing.T) {
	if b, ok := field.Bool(true).Bool(); !b || !ok {
		t.Errorf("Bool(true).Bool() = %v, %v", b, ok)
	}
	if b, ok := field.Bool(false).Bool(); b || !ok {
		t.Errorf("Bool(false).Bool() = %v, %v", b, ok)
	}
	if _, ok := field.Text("true").Bool(); ok {
		t.Error("Text(true).Bool() ok = true")
	}
	if _, ok := (field.Value{}).Bool(); ok {
		t.Error("zero Value .Bool() ok = true")
	}

	if d, ok := field.Monetary("1234.50").Decimal(); d != "1234.50" || !ok {
		t.Errorf("Monetary.Decimal() = %q, %v", d, ok)
	}
	if f, ok := field.Number("-0.25").Float(); f != -0.25 || !ok {
		t.Errorf("Number.Float() = %v, %v", f, ok)
	}
	if _, ok := field.Text("1").Decimal(); ok {
		t.Error("Text.Decimal() ok = true")
	}
	if _, ok := field.Number("abc").Float(); ok {
		t.Error("Number(abc).Float() ok = true")
	}

	want := field.Date{Year: 1990, Month: time.July, Day: 14}
	if d, ok := field.DateValue(want).Date(); d != want || !ok {
		t.Errorf("DateValue.Date() = %v, %v", d, ok)
	}
	if _, ok := field.Text("1990-07-14").Date(); ok {
		t.Error("Text.Date() ok = true")
	}

	at := time.Date(2024, 5, 1, 10, 30, 0, 0, time.FixedZone("CEST", 2*3600))
	if got, ok := field.Datetime(at).Time(); !ok || !got.Equal(at) || got.Location() != time.UTC {
		t.Errorf("Datetime.Time() = %v, %v; want %v in UTC", got, ok, at)
	}
	if _, ok := field.DateValue(want).Time(); ok {
		t.Error("DateValue.Time() ok = true")
	}

	if got := field.Select("red").Options(); !slices.Equal(got, []string{"red"}) {
		t.Errorf("Select.Options() = %q", got)
	}
	if got := field.Multiselect("sms", "email").Options(); !slices.Equal(got, []string{"email", "sms"}) {
		t.Errorf("Multiselect.Options() = %q", got)
	}
	if got := field.Text("a").Options(); got != nil {
		t.Errorf("Text.Options() = %q, want nil", got)
	}
	opts := field.Multiselect("a", "b").Options()
	opts[0] = "changed"
	if field.Multiselect("a", "b").Options()[0] != "a" {
		t.Error("Options must return a new slice")
	}
}
