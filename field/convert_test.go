package field_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/contactkit/contactkit/field"
)

// to returns def(t) for a conversion target.
func to(t field.Type) field.Definition { return def(t) }

func TestConvert(t *testing.T) {
	opts := field.CoerceOptions{DefaultRegion: "FR"}
	long := strings.Repeat("a", field.MaxTextLen+1)
	tests := []struct {
		name string
		from field.Value
		to   field.Definition
		want field.Value
		is   error // the sentinel of a value that does not convert; nil when it converts
	}{
		{"zero", field.Value{}, to(field.TypeNumber), field.Value{}, nil},
		{"text to number", field.Text("1 234,5"), to(field.TypeNumber), field.Number("1234.5"), nil},
		{"text to number, not a number", field.Text("about ten"), to(field.TypeNumber), field.Value{}, field.ErrInvalidValue},
		{"number to text", field.Number("-3.25"), to(field.TypeText), field.Text("-3.25"), nil},
		{"number to monetary", field.Number("12.5"), to(field.TypeMonetary), field.Monetary("12.50"), nil},
		{"number to monetary, three decimals", field.Number("12.345"), to(field.TypeMonetary), field.Value{}, field.ErrInvalidValue},
		{"monetary to number", field.Monetary("12.50"), to(field.TypeNumber), field.Number("12.5"), nil},
		{"text to date", field.Text("2024-05-01"), to(field.TypeDate), field.DateValue(field.Date{Year: 2024, Month: 5, Day: 1}), nil},
		{"text to date, slashed", field.Text("01/05/2024"), to(field.TypeDate), field.Value{}, field.ErrInvalidValue},
		{"date to datetime", field.DateValue(field.Date{Year: 2024, Month: 5, Day: 1}), to(field.TypeDatetime),
			field.Datetime(time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)), nil},
		{"datetime to date", field.Datetime(time.Date(2024, 5, 1, 23, 30, 0, 0, time.UTC)), to(field.TypeDate),
			field.DateValue(field.Date{Year: 2024, Month: 5, Day: 1}), nil},
		{"date to text", field.DateValue(field.Date{Year: 2024, Month: 5, Day: 1}), to(field.TypeText), field.Text("2024-05-01"), nil},
		{"number to checkbox", field.Number("1"), to(field.TypeCheckbox), field.Bool(true), nil},
		{"number to checkbox, 2", field.Number("2"), to(field.TypeCheckbox), field.Value{}, field.ErrInvalidValue},
		{"checkbox to text", field.Bool(false), to(field.TypeText), field.Text("false"), nil},
		{"select to multiselect", field.Select("sms"), to(field.TypeMultiselect), field.Multiselect("sms"), nil},
		{"select to multiselect, hidden option kept", field.Select("fax"), to(field.TypeMultiselect), field.Multiselect("fax"), nil},
		{"select to multiselect, no such option", field.Select("pigeon"), to(field.TypeMultiselect), field.Value{}, field.ErrInvalidValue},
		{"multiselect of one to select", field.Multiselect("red"), to(field.TypeSelect), field.Select("red"), nil},
		{"multiselect of two to select", field.Multiselect("red", "Green"), to(field.TypeSelect), field.Value{}, field.ErrInvalidValue},
		{"multiselect to text", field.Multiselect("call", "sms"), to(field.TypeText), field.Text("call, sms"), nil},
		{"text to select by value", field.Text("RED"), to(field.TypeSelect), field.Select("red"), nil},
		{"text to select by label", field.Text("vert"), to(field.TypeSelect), field.Select("Green"), nil},
		{"text to select, hidden option by value", field.Text("old"), to(field.TypeSelect), field.Select("old"), nil},
		{"text to select, not an option", field.Text("blue"), to(field.TypeSelect), field.Value{}, field.ErrInvalidValue},
		{"text to multiselect", field.Text("sms; E-mail"), to(field.TypeMultiselect), field.Multiselect("email", "sms"), nil},
		{"text to phone, national", field.Text("06 12 34 56 78"), to(field.TypePhone), field.Phone("+33612345678"), nil},
		{"phone to text", field.Phone("+33612345678"), to(field.TypeText), field.Text("+33612345678"), nil},
		{"text to email", field.Text("Ann <ANN@example.com>"), to(field.TypeEmail), field.Email("ann@example.com"), nil},
		{"text to url", field.Text("example.com/a"), to(field.TypeURL), field.URL("https://example.com/a"), nil},
		{"text to url, javascript", field.Text("javascript:alert(1)"), to(field.TypeURL), field.Value{}, field.ErrURLScheme},
		{"textarea to text", field.Textarea("two\nlines"), to(field.TypeText), field.Text("two lines"), nil},
		{"textarea to text, too long", field.Textarea(long), to(field.TypeText), field.Value{}, field.ErrTooLong},
		{"same type", field.Text("x"), to(field.TypeText), field.Text("x"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.to.Convert(tt.from, opts)
			if tt.is == nil {
				if err != nil || got != tt.want {
					t.Fatalf("Convert(%s %q) to %s = %#v, %v; want %#v, nil", tt.from.Type(), tt.from, tt.to.Type, got, err, tt.want)
				}
				if err := tt.to.CheckValue(got); err != nil {
					t.Errorf("CheckValue(Convert(…)) = %v: a converted value must be a valid stored value", err)
				}
				return
			}
			if !errors.Is(err, tt.is) || !got.IsZero() {
				t.Fatalf("Convert(%s %q) to %s = %#v, %v; want the zero Value and an error wrapping %v", tt.from.Type(), tt.from, tt.to.Type, got, err, tt.is)
			}
			fe, ok := errors.AsType[*field.Error](err)
			if !ok || fe.Key != tt.to.Key || fe.Type != tt.to.Type || fe.Input != tt.from.String() {
				t.Errorf("Convert error = %#v, want a *field.Error with the target's key and type and the value's text", err)
			}
		})
	}
}

// TestConvertRoundTrip: converting a value to another type and back gives
// it again where the first conversion loses nothing.
func TestConvertRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	opts := field.CoerceOptions{}
	pairs := []struct {
		from field.Type
		via  field.Type
		gen  func() field.Value
	}{
		{field.TypeNumber, field.TypeText, func() field.Value {
			v, err := def(field.TypeNumber).Coerce(fmt.Sprintf("%d.%02d", r.IntN(2_000_000)-1_000_000, r.IntN(100)), "")
			if err != nil {
				t.Fatal(err)
			}
			return v
		}},
		{field.TypeMonetary, field.TypeNumber, func() field.Value {
			return field.Monetary(fmt.Sprintf("%d.%02d", r.IntN(1_000_000)+1, r.IntN(100)))
		}},
		{field.TypeDate, field.TypeDatetime, func() field.Value {
			return field.DateValue(field.DateOf(time.Unix(r.Int64N(200_000_000_000)-50_000_000_000, 0).UTC()))
		}},
		{field.TypeDate, field.TypeText, func() field.Value {
			return field.DateValue(field.DateOf(time.Unix(r.Int64N(200_000_000_000), 0).UTC()))
		}},
		{field.TypeSelect, field.TypeMultiselect, func() field.Value {
			opts := def(field.TypeMultiselect).Options
			return field.Select(opts[r.IntN(len(opts))].Value)
		}},
		{field.TypeMultiselect, field.TypeTextarea, func() field.Value {
			var set []string
			for _, o := range def(field.TypeMultiselect).Options {
				if r.IntN(2) == 0 {
					set = append(set, o.Value)
				}
			}
			return field.Multiselect(set...)
		}},
	}
	for _, p := range pairs {
		from, via := def(p.from), def(p.via)
		if p.from == field.TypeSelect {
			from.Options = def(field.TypeMultiselect).Options
		}
		if p.via == field.TypeMultiselect {
			via.Options = from.Options
		}
		t.Run(string(p.from)+" via "+string(p.via), func(t *testing.T) {
			for range 200 {
				v := p.gen()
				mid, err := via.Convert(v, opts)
				if err != nil {
					t.Fatalf("Convert(%q) to %s: %v", v, p.via, err)
				}
				back, err := from.Convert(mid, opts)
				if err != nil || back != v {
					t.Fatalf("%q to %s is %q, back to %s is %q, %v; want %q", v, p.via, mid, p.from, back, err, v)
				}
			}
		})
	}
}

func TestArchivedDefinition(t *testing.T) {
	d := def(field.TypeText)
	d.Required = true
	d.ArchivedAt = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if !d.Archived() || d.Requires() {
		t.Fatalf("Archived() = %v, Requires() = %v; want true, false", d.Archived(), d.Requires())
	}
	for _, raw := range []string{"new", ""} {
		_, err := d.Coerce(raw, "")
		if !errors.Is(err, field.ErrArchived) {
			t.Errorf("Coerce(%q) of an archived field = %v, want an error wrapping ErrArchived", raw, err)
		}
		if fe, ok := errors.AsType[*field.Error](err); !ok || fe.Key != d.Key {
			t.Errorf("Coerce(%q) error = %#v, want a *field.Error naming the key", raw, err)
		}
	}
	if err := d.CheckValue(field.Text("kept")); err != nil {
		t.Errorf("CheckValue(stored value of an archived field) = %v, want nil: values stay valid", err)
	}
	if err := field.Validate([]field.Definition{d}, nil); err != nil {
		t.Errorf("Validate without a value of an archived required field = %v, want nil", err)
	}
	d.ArchivedAt = time.Time{}
	if err := field.Validate([]field.Definition{d}, nil); !errors.Is(err, field.ErrRequired) {
		t.Errorf("Validate without a value of a restored required field = %v, want ErrRequired", err)
	}
}

func TestCheckTypeChange(t *testing.T) {
	old := field.Definition{
		Key: field.MustParseKey("color"), Label: "Color", Type: field.TypeSelect,
		Options: []field.Option{{Value: "red"}, {Value: "blue"}},
	}
	tests := []struct {
		name string
		next func(d field.Definition) field.Definition
		want []string
		is   error
	}{
		{"to multiselect", func(d field.Definition) field.Definition { d.Type = field.TypeMultiselect; return d }, nil, nil},
		{"to text", func(d field.Definition) field.Definition { d.Type, d.Options = field.TypeText, nil; return d }, nil, nil},
		{"unchanged", func(d field.Definition) field.Definition { return d }, []string{"type"}, field.ErrInvalidDefinition},
		{"key", func(d field.Definition) field.Definition {
			d.Type, d.Key = field.TypeMultiselect, field.MustParseKey("colour")
			return d
		}, []string{"key"}, field.ErrKeyChange},
		{"option removed", func(d field.Definition) field.Definition {
			d.Type, d.Options = field.TypeMultiselect, d.Options[:1]
			return d
		}, []string{"options[1]"}, field.ErrOptionRemoved},
		{"text with options", func(d field.Definition) field.Definition { d.Type = field.TypeText; return d }, []string{"options"}, field.ErrInvalidDefinition},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := old.CheckTypeChange(tt.next(old))
			if got := problems(t, err); strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("CheckTypeChange problems = %q, want %q\nerror: %v", got, tt.want, err)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("CheckTypeChange error %v does not wrap %v", err, tt.is)
			}
		})
	}
}

// FuzzConvert: converting any valid value to any type never panics, and
// what it returns is a valid stored value of the target that converts to
// itself again.
func FuzzConvert(f *testing.F) {
	for i, raw := range []string{"42", "1 234,5", "2024-05-01", "red", "sms, call", "06 12 34 56 78", "ann@example.com", "example.com", "yes", "2024-05-01T10:00:00+02:00"} {
		f.Add(uint8(i), uint8(i+3), raw)
	}
	opts := field.CoerceOptions{DefaultRegion: "FR"}
	f.Fuzz(func(t *testing.T, from, into uint8, raw string) {
		src, dst := def(allTypes[int(from)%len(allTypes)]), def(allTypes[int(into)%len(allTypes)])
		v, err := src.Coerce(raw, "FR")
		if err != nil {
			return
		}
		got, err := dst.Convert(v, opts)
		if err != nil {
			if !errors.Is(err, field.ErrInvalidValue) {
				t.Fatalf("Convert(%s %q) to %s: error %v does not wrap ErrInvalidValue", src.Type, v, dst.Type, err)
			}
			return
		}
		if err := dst.CheckValue(got); err != nil {
			t.Fatalf("Convert(%s %q) to %s = %q, which CheckValue refuses: %v", src.Type, v, dst.Type, got, err)
		}
		if again, err := dst.Convert(got, opts); err != nil || again != got {
			t.Fatalf("Convert(%q) to its own type %s = %q, %v; want it unchanged", got, dst.Type, again, err)
		}
	})
}
