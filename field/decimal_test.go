package field_test

import (
	"errors"
	"testing"

	"github.com/contactkit/contactkit/field"
)

// A number or amount read with the decimal mark of its file: the mark
// decides the values that both marks read ("1,234", "1.234"), and a value
// only one mark reads tells its own; unknown, each value says its own,
// and "1,234" is refused as ambiguous, as before.
func TestCoerceDecimalMark(t *testing.T) {
	number := field.Definition{Key: field.MustParseKey("score"), Label: "Score", Type: field.TypeNumber}
	amount := field.Definition{Key: field.MustParseKey("balance"), Label: "Balance", Type: field.TypeMonetary}
	marks := []field.DecimalMark{field.DecimalUnknown, field.DecimalPoint, field.DecimalComma}
	for _, tc := range []struct {
		def field.Definition
		in  string
		// want is the value read with each mark, "" for a refusal.
		want [3]string
	}{
		{number, "1,234", [3]string{"", "1234", "1.234"}},
		{number, "1.234", [3]string{"1.234", "1.234", "1234"}},
		{number, "1000,25", [3]string{"1000.25", "1000.25", "1000.25"}},
		{number, "1000.25", [3]string{"1000.25", "1000.25", "1000.25"}},
		{number, "1 234,5", [3]string{"1234.5", "1234.5", "1234.5"}},
		{number, "1\u00a0234,5", [3]string{"1234.5", "1234.5", "1234.5"}},
		{number, "1\u202f234,5", [3]string{"1234.5", "1234.5", "1234.5"}},
		{number, "1 234.5", [3]string{"1234.5", "1234.5", "1234.5"}},
		{number, "1.234.567,5", [3]string{"1234567.5", "1234567.5", "1234567.5"}},
		{number, "1,234,567.5", [3]string{"1234567.5", "1234567.5", "1234567.5"}},
		{number, "1,234,567", [3]string{"1234567", "1234567", "1234567"}},
		{number, "1.234.567", [3]string{"1234567", "1234567", "1234567"}},
		{number, "1.5", [3]string{"1.5", "1.5", "1.5"}},
		{number, "1,5", [3]string{"1.5", "1.5", "1.5"}},
		{number, "-0,001", [3]string{"-0.001", "-0.001", "-0.001"}},
		{number, "0.001", [3]string{"0.001", "0.001", "0.001"}},
		{number, ",5", [3]string{"0.5", "0.5", "0.5"}},
		{number, "1234", [3]string{"1234", "1234", "1234"}},
		{number, "1'234,5", [3]string{"1234.5", "1234.5", "1234.5"}},
		{number, "1'234.5", [3]string{"1234.5", "1234.5", "1234.5"}},
		{number, "1.234 567,5", [3]string{"", "", ""}}, // two kinds of grouping
		{number, "1,2,3", [3]string{"", "", ""}},
		{number, "abc", [3]string{"", "", ""}},
		{amount, "1,234", [3]string{"", "1234.00", ""}}, // an amount of three decimals
		{number, "0,001.5", [3]string{"1.5", "", ""}},   // no thousand starts with 0 but as before
		{amount, "1,50", [3]string{"1.50", "1.50", "1.50"}},
		{amount, "1.234,50 €", [3]string{"1234.50", "1234.50", "1234.50"}},
		{amount, "$1,234.50", [3]string{"1234.50", "1234.50", "1234.50"}},
		{amount, "1,500", [3]string{"", "1500.00", "1.50"}},
	} {
		for i, mark := range marks {
			v, err := tc.def.CoerceWith(tc.in, field.CoerceOptions{Decimal: mark})
			if tc.want[i] == "" {
				if err == nil || !errors.Is(err, field.ErrInvalidValue) {
					t.Errorf("%s %q with mark %s = %v, %v; want an error matching ErrInvalidValue", tc.def.Type, tc.in, mark, v, err)
				}
				continue
			}
			if err != nil || v.String() != tc.want[i] {
				t.Errorf("%s %q with mark %s = %v, %v; want %s", tc.def.Type, tc.in, mark, v, err, tc.want[i])
			}
		}
	}
	// Coerce, as every call but an import, knows no mark: as before.
	if _, err := number.Coerce("1,234", ""); !errors.Is(err, field.ErrInvalidValue) {
		t.Errorf(`Coerce("1,234") = %v; want it refused as ambiguous`, err)
	}
}

func TestDecimalOf(t *testing.T) {
	for in, want := range map[string]field.DecimalMark{
		"1000,25": field.DecimalComma, "1 234,5": field.DecimalComma, "1.234,5": field.DecimalComma, "0,5": field.DecimalComma,
		"12,50 €": field.DecimalComma, " 1,5 ": field.DecimalComma,
		"1000.25": field.DecimalPoint, "1,234.5": field.DecimalPoint, "0.5": field.DecimalPoint, "$1,234.50": field.DecimalPoint,
		"1,234": field.DecimalUnknown, "1.234": field.DecimalUnknown, "1234": field.DecimalUnknown, "1 234": field.DecimalUnknown,
		"n/a": field.DecimalUnknown, "": field.DecimalUnknown,
		// Two commas are no decimal comma, two points no decimal point.
		"1.234.567": field.DecimalComma, "1,234,567": field.DecimalPoint,
	} {
		if got := field.DecimalOf(in); got != want {
			t.Errorf("DecimalOf(%q) = %s, want %s", in, got, want)
		}
	}
	for m, want := range map[field.DecimalMark]string{field.DecimalUnknown: "unknown", field.DecimalPoint: "point", field.DecimalComma: "comma", 7: "DecimalMark(7)"} {
		if m.String() != want || m.Valid() != (m != 7) {
			t.Errorf("DecimalMark %d: %q, valid %v", int(m), m.String(), m.Valid())
		}
	}
}

// FuzzCoerceDecimalMark: with any mark, a number either reads to a value
// that reads back as itself with no mark and with DecimalPoint, or is
// refused with ErrInvalidValue; a known mark reads a value that tells its
// mark alone (DecimalOf) as the value alone reads it, and so does the
// other mark.
func FuzzCoerceDecimalMark(f *testing.F) {
	for _, s := range []string{"1,234", "1.234", "1000,25", "1 234,5", "1,234.5", "-,5", "1'234", "12,50 €", "1.2.3", "0", "0,001"} {
		f.Add(s)
	}
	number := field.Definition{Key: field.MustParseKey("n"), Label: "N", Type: field.TypeNumber}
	amount := field.Definition{Key: field.MustParseKey("a"), Label: "A", Type: field.TypeMonetary}
	marks := []field.DecimalMark{field.DecimalUnknown, field.DecimalPoint, field.DecimalComma}
	f.Fuzz(func(t *testing.T, s string) {
		told := field.DecimalOf(s)
		free, freeErr := number.CoerceWith(s, field.CoerceOptions{})
		for _, m := range marks {
			v, err := number.CoerceWith(s, field.CoerceOptions{Decimal: m})
			if err != nil {
				if !errors.Is(err, field.ErrInvalidValue) {
					t.Fatalf("CoerceWith(%q, %s): %v, not ErrInvalidValue", s, m, err)
				}
				continue
			}
			for _, back := range []field.DecimalMark{field.DecimalUnknown, field.DecimalPoint} {
				if again, err := number.CoerceWith(v.String(), field.CoerceOptions{Decimal: back}); err != nil || again != v {
					t.Fatalf("CoerceWith(%q, %s) = %v, read back with %s as %v, %v", s, m, v, back, again, err)
				}
			}
			if m != field.DecimalUnknown && told != field.DecimalUnknown && (freeErr != nil || free != v) {
				t.Fatalf("CoerceWith(%q, %s) = %v, but the value alone, of the mark %s, reads %v, %v", s, m, v, told, free, freeErr)
			}
		}
		if told != field.DecimalUnknown {
			// A value that tells its mark reads alike whatever the file's.
			a, errA := amount.CoerceWith(s, field.CoerceOptions{Decimal: field.DecimalPoint})
			b, errB := amount.CoerceWith(s, field.CoerceOptions{Decimal: field.DecimalComma})
			if a != b || (errA == nil) != (errB == nil) {
				t.Fatalf("DecimalOf(%q) = %s, but the marks read %v, %v and %v, %v", s, told, a, errA, b, errB)
			}
		}
	})
}
