package field_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/field"
)

// rv20FldTypes are the field types, in the order of their constants.
var rv20FldTypes = []field.Type{field.TypeText, field.TypeTextarea, field.TypeNumber, field.TypeMonetary,
	field.TypeDate, field.TypeDatetime, field.TypeCheckbox, field.TypeSelect, field.TypeMultiselect,
	field.TypePhone, field.TypeEmail, field.TypeURL}

// rv20FldOptions are the options of the select and multiselect fields of
// the conversions: values that other types read too, a hidden one, labels.
var rv20FldOptions = []field.Option{{Value: "Red"}, {Value: "42"}, {Value: "true", Hidden: true},
	{Value: "2024-02-29", Label: "leap"}, {Value: "Blue", Label: "Navy", Hidden: true}, {Value: "x y"}}

// rv20FldInputs are values of each type at the edges of what it holds: the
// first and last dates and instants, 29 February, a date without a year,
// 38 digits, negative amounts, hidden options.
var rv20FldInputs = map[field.Type][]string{
	field.TypeText:        {"42", "Red", "red, 42", "2024-02-29", "0001-01-01", "true", "+33612345678", "a@b.co", "example.com", "-0.5", "Navy", "x y", "€12", "1.234", "1,5", "--02-29", "0001-01-01T00:00:00Z"},
	field.TypeTextarea:    {"42\n43", "Red\n42", "a\tb", "2024-02-29", "0001-01-01T00:00:00Z"},
	field.TypeNumber:      {"42", "-0.5", "1.234", "12345678901234567890123456789012345678", "0.001", "1", "0", "-99999999999999999999999999999999999999"},
	field.TypeMonetary:    {"12.50", "-3", "42", "0.01", "0"},
	field.TypeDate:        {"2024-02-29", "--02-29", "0001-01-01", "9999-12-31"},
	field.TypeDatetime:    {"2024-02-29T23:30:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z"},
	field.TypeCheckbox:    {"true", "false"},
	field.TypeSelect:      {"Red", "42", "leap", "x y", "true", "Blue"},
	field.TypeMultiselect: {"Red, 42", "Red", "42", "x y", "true, Blue"},
	field.TypePhone:       {"+33612345678"},
	field.TypeEmail:       {"ann@example.com", "ann@bücher.de"},
	field.TypeURL:         {"example.com/a,b", "https://example.com/"},
}

func rv20FldDefinition(t field.Type) field.Definition {
	d := field.Definition{Key: field.MustParseKey("k"), Label: "K", Type: t}
	if t.HasOptions() {
		d.Options = rv20FldOptions
	}
	return d
}

// F4: what a type change makes of each stored value is either a value of
// the new type, valid as stored (CheckValue) and converted again to
// itself, or an error that says why; never the zero Value, which the
// change would write as a clear that no dry run listed as a loss. The
// date 0001-01-01 converted to a datetime (its midnight is Go's zero
// time) was the zero Value, with no error.
func TestRv20FldConvertEveryPairGivesAValueOrAnError(t *testing.T) {
	for _, from := range rv20FldTypes {
		fd := rv20FldDefinition(from)
		for _, raw := range rv20FldInputs[from] {
			v, err := fd.CoerceWith(raw, field.CoerceOptions{HiddenOptions: true})
			require.NoError(t, err, "%s %q", from, raw)
			for _, to := range rv20FldTypes {
				td := rv20FldDefinition(to)
				w, err := td.Convert(v, field.CoerceOptions{})
				if err != nil {
					e, ok := errors.AsType[*field.Error](err)
					require.True(t, ok, "%s %q to %s: %v is not a *field.Error", from, v, to, err)
					require.ErrorIs(t, e, field.ErrInvalidValue, "%s %q to %s", from, v, to)
					continue
				}
				require.False(t, w.IsZero(), "%s %q to %s: a value is not lost without an error", from, v, to)
				require.Equal(t, to, w.Type(), "%s %q to %s", from, v, to)
				require.NoError(t, td.CheckValue(w), "%s %q to %s: the converted value is a valid stored value", from, v, to)
				again, err := td.Convert(w, field.CoerceOptions{})
				require.NoError(t, err, "%s %q to %s %q, converted again", from, v, to, w)
				require.Equal(t, w, again, "%s %q to %s: converting to the same type changes nothing", from, v, to)
			}
		}
	}
}

func TestRv20FldFirstDayConvertsToItsMidnight(t *testing.T) {
	v := field.DateValue(field.Date{Year: 1, Month: 1, Day: 1})
	got, err := rv20FldDefinition(field.TypeDatetime).Convert(v, field.CoerceOptions{})
	require.NoError(t, err)
	require.Equal(t, "0001-01-01T00:00:00Z", got.String())
	back, err := rv20FldDefinition(field.TypeDate).Convert(got, field.CoerceOptions{})
	require.NoError(t, err)
	require.Equal(t, v, back, "and back to the date")
}
