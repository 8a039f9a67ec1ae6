package field_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/contactkit/contactkit/field"
)

func TestValueTextRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		v    field.Value
	}{
		{"zero", field.Value{}},
		{"text", field.Text("hello: world")},
		{"textarea", field.Textarea("a\nb")},
		{"number", field.Number("-1234.5")},
		{"monetary", field.Monetary("3.00")},
		{"checkbox false", field.Bool(false)},
		{"checkbox true", field.Bool(true)},
		{"date", field.DateValue(field.Date{Year: 2024, Month: time.February, Day: 29})},
		{"datetime", field.Datetime(time.Date(2024, 1, 2, 3, 4, 5, 123456789, time.UTC))},
		{"select", field.Select("gold")},
		{"multiselect", field.Multiselect("b", "a, c", "d")},
		{"phone", field.Phone("+33612345678")},
		{"email", field.Email("a@example.com")},
		{"url", field.URL("https://example.com/a?b=c")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, err := tt.v.MarshalText()
			if err != nil {
				t.Fatalf("MarshalText() error = %v", err)
			}
			var got field.Value
			if err := got.UnmarshalText(text); err != nil {
				t.Fatalf("UnmarshalText(%q) error = %v", text, err)
			}
			if got != tt.v {
				t.Errorf("UnmarshalText(MarshalText(%#v)) = %#v, want it unchanged", tt.v, got)
			}
			// As a JSON map value, the way a store keeps a contact's fields.
			m := map[field.Key]field.Value{field.MustParseKey("plan"): tt.v}
			b, err := json.Marshal(m)
			if err != nil {
				t.Fatalf("json.Marshal() error = %v", err)
			}
			var back map[field.Key]field.Value
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatalf("json.Unmarshal(%s) error = %v", b, err)
			}
			if back[field.MustParseKey("plan")] != tt.v {
				t.Errorf("JSON round trip of %s = %#v, want %#v", b, back, tt.v)
			}
		})
	}
}

func TestValueUnmarshalTextRejects(t *testing.T) {
	for _, in := range []string{"hello", "color:red", "text:", ":x"} {
		v := field.Text("kept")
		err := v.UnmarshalText([]byte(in))
		if !errors.Is(err, field.ErrInvalidValue) && !errors.Is(err, field.ErrInvalidType) {
			t.Errorf("UnmarshalText(%q) error = %v, want ErrInvalidValue or ErrInvalidType", in, err)
		}
		if v != field.Text("kept") {
			t.Errorf("UnmarshalText(%q) changed the value to %#v", in, v)
		}
	}
}
