package importer

import (
	"fmt"

	"github.com/contactkit/contactkit/field"
)

// fileDecimal reads the decimal mark of the file of sample (see
// Mapping.Decimal): from the sampled values of the columns m maps to
// custom fields of defs of type number or monetary, a value only one mark
// reads telling it (field.DecimalOf: "1000,25" and "1 234,5" a comma,
// "1,234.5" a point), but for a cell the file protected against formula
// injection; when none tells, from delim: a file separated by
// semicolons is written by a spreadsheet whose decimal mark is the comma,
// which it keeps for the numbers (Excel in French, German, Spanish, …). When
// the values disagree, the mark stays unknown, so that no number is read
// by a guess against the file's own evidence. why says it as text.
func fileDecimal(m Mapping, sample []Row, defs []field.Definition, n int, delim byte) (mark field.DecimalMark, why string) {
	seen := map[field.DecimalMark]string{} // an example of each mark told
	for _, i := range m.numberColumns(defs) {
		for _, v := range sampleValues(i, unprotected(i, sample), n) {
			if told := field.DecimalOf(v); told != field.DecimalUnknown && seen[told] == "" {
				seen[told] = v
			}
		}
	}
	comma, byComma := seen[field.DecimalComma]
	point, byPoint := seen[field.DecimalPoint]
	switch {
	case byComma && byPoint:
		return field.DecimalUnknown, fmt.Sprintf("decimal mark left unknown: %q has a decimal comma, %q a decimal point", comma, point)
	case byComma:
		return field.DecimalComma, fmt.Sprintf("decimal comma: %q has one", comma)
	case byPoint:
		return field.DecimalPoint, fmt.Sprintf("decimal point: %q has one", point)
	case delim == ';':
		return field.DecimalComma, "decimal comma: the file is separated by semicolons, as a spreadsheet whose decimal mark is the comma writes it, and no sampled number tells"
	}
	return field.DecimalUnknown, ""
}

// unprotected returns the rows of sample whose cell i the file did not
// protect against formula injection: a protected cell is as an export
// wrote it (Cell.Escaped), which tells nothing of the mark of the
// spreadsheet that saved the file.
func unprotected(i int, sample []Row) []Row {
	var out []Row
	for _, r := range sample {
		if !r.escaped(i) {
			out = append(out, r)
		}
	}
	return out
}

// numberColumns returns the indexes of the columns of m mapped to custom
// fields of defs of type number or monetary.
func (m Mapping) numberColumns(defs []field.Definition) []int {
	var out []int
	for _, c := range m.Columns {
		if c.Target.Kind != KindCustom {
			continue
		}
		for _, d := range defs {
			if d.Key == c.Target.Field && (d.Type == field.TypeNumber || d.Type == field.TypeMonetary) {
				out = append(out, c.Index)
				break
			}
		}
	}
	return out
}

// DelimiterOf returns the delimiter of the CSV file r reads
// (CSVReader.Delimiter), through the Readers that wrap it with an Unwrap
// method (Sample's), or 0 for another format: for MapOptions.Delimiter.
func DelimiterOf(r Reader) byte {
	for r != nil {
		if d, ok := r.(interface{ Delimiter() byte }); ok {
			return d.Delimiter()
		}
		u, ok := r.(interface{ Unwrap() Reader })
		if !ok {
			break
		}
		r = u.Unwrap()
	}
	return 0
}
