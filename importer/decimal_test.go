package importer_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
)

// Suggest reads the file's decimal mark from the sampled values of its
// number and amount columns, else from its delimiter; values that
// disagree leave it unknown, and a column not of numbers tells nothing.
func TestSuggestDecimal(t *testing.T) {
	defs := []field.Definition{
		{Key: field.MustParseKey("score"), Label: "Score", Type: field.TypeNumber},
		{Key: field.MustParseKey("balance"), Label: "Balance", Type: field.TypeMonetary},
		{Key: field.MustParseKey("remark"), Label: "Remark", Type: field.TypeText},
	}
	header := []string{"Email", "score", "balance", "remark"}
	for _, tc := range []struct {
		name  string
		delim byte
		rows  [][3]string // score, balance, remark
		want  field.DecimalMark
		why   string // a part of DecimalReason
	}{
		{"a decimal comma", ',', [][3]string{{"1,234", "", ""}, {"1000,25", "", ""}}, field.DecimalComma, `"1000,25" has one`},
		{"grouped by spaces", ',', [][3]string{{"1 234,5", "", ""}}, field.DecimalComma, `"1 234,5"`},
		{"an amount tells", ',', [][3]string{{"1,234", "12,50 €", ""}}, field.DecimalComma, `"12,50 €"`},
		{"a decimal point", ';', [][3]string{{"1,234.5", "", ""}, {"1,234", "", ""}}, field.DecimalPoint, `"1,234.5" has one`},
		{"they disagree", ';', [][3]string{{"1000,25", "", ""}, {"1,234.5", "", ""}}, field.DecimalUnknown, "left unknown"},
		{"the delimiter", ';', [][3]string{{"1,234", "", ""}, {"12", "", ""}}, field.DecimalComma, "semicolons"},
		{"the delimiter, no number column", ';', [][3]string{{"", "", "1.5"}}, field.DecimalComma, "semicolons"},
		{"nothing tells", ',', [][3]string{{"1,234", "", ""}, {"1.234", "", ""}}, field.DecimalUnknown, ""},
		{"a tab", '\t', [][3]string{{"1,234", "", ""}}, field.DecimalUnknown, ""},
		{"text is no number", ',', [][3]string{{"1,234", "", "1000,25"}}, field.DecimalUnknown, ""},
		{"a protected cell tells nothing", ',', [][3]string{{"1000,25", "'-1234.50", ""}}, field.DecimalComma, `"1000,25"`},
		{"no delimiter (xlsx)", 0, [][3]string{{"1.234", "", ""}}, field.DecimalUnknown, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sample []importer.Row
			for i, r := range tc.rows {
				sample = append(sample, importer.Row{Line: i + 2, Cells: []string{"a@example.com", r[0], r[1], r[2]}})
			}
			m := importer.Suggest(header, sample, defs, &importer.MapOptions{Region: "FR", Delimiter: tc.delim})
			if m.Decimal != tc.want || !strings.Contains(m.DecimalReason, tc.why) || (m.DecimalReason == "") != (tc.why == "") {
				t.Errorf("Decimal = %s (%q); want %s (%q)", m.Decimal, m.DecimalReason, tc.want, tc.why)
			}
		})
	}
}

// Preview counts the numbers the file's mark reads, as the import does.
func TestPreviewDecimal(t *testing.T) {
	score := field.Definition{Key: field.MustParseKey("score"), Label: "Score", Type: field.TypeNumber}
	sample := []importer.Row{{Line: 2, Cells: []string{"1,234"}}, {Line: 3, Cells: []string{"1.5"}}, {Line: 4, Cells: []string{"7"}},
		{Line: 5, Cells: []string{"'-1,234"}}, {Line: 6, Cells: []string{"1,2,3"}}}
	for mark, want := range map[field.DecimalMark]int{field.DecimalUnknown: 2, field.DecimalPoint: 4, field.DecimalComma: 4} {
		m := importer.Mapping{Decimal: mark, Columns: []importer.Column{{Index: 0, Header: "score", Target: importer.Target{Kind: importer.KindCustom, Field: score.Key}}}}
		if p := importer.Preview(m, sample, []field.Definition{score}, nil); p[0].Parsed != want {
			t.Errorf("Preview with the decimal %s parsed %d of 5, want %d", mark, p[0].Parsed, want)
		}
	}
}

// FieldValue gives a number or an amount in canonical form, read with the
// file's mark; a cell the file protected against formula injection is as
// its export wrote it, read by its own mark first; what does not read is
// left to the field.
func TestFieldValueDecimal(t *testing.T) {
	score := field.Definition{Key: field.MustParseKey("score"), Label: "Score", Type: field.TypeNumber}
	balance := field.Definition{Key: field.MustParseKey("balance"), Label: "Balance", Type: field.TypeMonetary}
	note := field.Definition{Key: field.MustParseKey("note"), Label: "Note", Type: field.TypeText}
	for _, tc := range []struct {
		def  field.Definition
		mark field.DecimalMark
		cell importer.Cell
		want string
	}{
		{score, field.DecimalComma, importer.Cell{Value: "1,234"}, "1.234"},
		{score, field.DecimalPoint, importer.Cell{Value: "1,234"}, "1234"},
		{score, field.DecimalUnknown, importer.Cell{Value: "1,234"}, "1,234"}, // the field's to refuse
		{score, field.DecimalComma, importer.Cell{Value: "1.234"}, "1234"},
		{score, field.DecimalComma, importer.Cell{Value: "-1.234", Escaped: true}, "-1.234"}, // as contactkit's export wrote it
		{score, field.DecimalComma, importer.Cell{Value: "-1,234", Escaped: true}, "-1.234"}, // ambiguous alone: the file's mark
		{score, field.DecimalPoint, importer.Cell{Value: "-1,234", Escaped: true}, "-1234"},
		{score, field.DecimalComma, importer.Cell{Value: "1,2,3"}, "1,2,3"},
		{balance, field.DecimalComma, importer.Cell{Value: "1 234,5 €"}, "1234.50"},
		{balance, field.DecimalComma, importer.Cell{Value: "1,234"}, "1,234"}, // three decimals: the field's to refuse
		{note, field.DecimalComma, importer.Cell{Value: "1,234"}, "1,234"},
	} {
		m := importer.Mapping{Decimal: tc.mark}
		if got, err := m.FieldValue(tc.def, tc.cell, "FR"); err != nil || got != tc.want {
			t.Errorf("FieldValue(%s %+v) with the decimal %s = %q, %v; want %q", tc.def.Type, tc.cell, tc.mark, got, err, tc.want)
		}
	}
	// A row reads which of its cells the file protected.
	m := importer.Mapping{Columns: []importer.Column{{Index: 0, Target: importer.Target{Kind: importer.KindCustom, Field: score.Key}},
		{Index: 1, Target: importer.Target{Kind: importer.KindCustom, Field: balance.Key}}}}
	rec := m.Record(importer.Row{Line: 2, Cells: []string{"'-1.234 ", " '-3"}})
	if c := rec.Fields[score.Key]; !c.Escaped || c.Value != "-1.234" {
		t.Errorf("the protected cell reads %+v", c)
	}
	if c := rec.Fields[balance.Key]; c.Escaped {
		t.Errorf("the cell reads %+v, protected", c)
	}
	if c := m.Record(importer.Row{Line: 2, Cells: []string{"'-1.234", ""}, Verbatim: true}).Fields[score.Key]; c.Escaped {
		t.Errorf("a cell of a verbatim row reads %+v, protected", c)
	}
}

// A mapping whose Decimal is none of the marks is refused by Validate.
func TestValidateDecimal(t *testing.T) {
	m := importer.Mapping{Decimal: field.DecimalComma}
	if err := m.Validate(nil); err != nil {
		t.Errorf("Validate of a decimal comma: %v", err)
	}
	m.Decimal = 9
	if err := m.Validate(nil); !errors.Is(err, importer.ErrDecimalMark) {
		t.Errorf("Validate of the decimal mark 9: %v, want ErrDecimalMark", err)
	}
}

// A mapping whose Dates is none of the orders is refused by Validate, as
// is one that Import is handed (an invalid input).
func TestValidateDates(t *testing.T) {
	for _, o := range []field.DateOrder{field.ISODate, field.DayFirst, field.MonthFirst} {
		if err := (importer.Mapping{Dates: o}).Validate(nil); err != nil {
			t.Errorf("Validate of the date order %s: %v", o, err)
		}
	}
	for _, o := range []field.DateOrder{-1, 3, 9} {
		if err := (importer.Mapping{Dates: o}).Validate(nil); !errors.Is(err, importer.ErrDateOrder) {
			t.Errorf("Validate of the date order %d: %v, want ErrDateOrder", int(o), err)
		}
	}
}

// DelimiterOf finds a CSV file's delimiter through Sample's Reader; a
// vCard has none.
func TestDelimiterOf(t *testing.T) {
	for in, want := range map[string]byte{
		"Email;Phone\na@example.com;0612345678\n":               ';',
		"Email,Phone\na@example.com,0612345678\n":               ',',
		"Email\tPhone\na@example.com\t0612345678\n":             '\t',
		"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nEND:VCARD\r\n": 0,
	} {
		r, err := importer.Open(strings.NewReader(in), nil)
		if err != nil {
			t.Fatal(err)
		}
		_, sampled, err := importer.Sample(r, 10)
		if err != nil {
			t.Fatal(err)
		}
		if got := importer.DelimiterOf(sampled); got != want || importer.DelimiterOf(r) != want {
			t.Errorf("DelimiterOf(%q) = %q, want %q", in, got, want)
		}
	}
}
