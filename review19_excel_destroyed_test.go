package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
)

// What a spreadsheet destroys when it saves an export again, a number of
// twelve digits or more it shows in scientific notation ("1,23457E+11"),
// a phone whose cell lost its protection and became such a number, a date
// it shortened to two digits of year, fails its row, naming the cell: no
// value is read by a guess. The other rows of the file import.
func TestReview19ExcelDestroyedValuesFailTheirRow(t *testing.T) {
	defs := []field.Definition{
		{Key: field.MustParseKey("n"), Label: "N", Type: field.TypeNumber},
		{Key: field.MustParseKey("d"), Label: "D", Type: field.TypeDate},
	}
	file := "\ufeffFirst Name;Email 1 - Value;Phone 1 - Value;n;d\r\n" +
		"Ann;ann@example.fr;;1,23457E+11;\r\n" +
		"Ben;ben@example.fr;3,36612E+10;;\r\n" +
		"Cat;cat@example.fr;;;12/04/85\r\n" +
		"Dan;dan@example.fr;+33612345678;1234,5;12/04/1985\r\n"
	for _, adjust := range []func(*importer.Mapping){nil, func(m *importer.Mapping) {
		m.Dates, m.Decimal = field.DayFirst, field.DecimalComma
	}} {
		svc := accService("FR")
		acc2CreateFields(t, svc, defs)
		run := accImport(t, svc, []byte(file), "FR", nil, adjust)
		require.NoError(t, run.err)
		assert.Equal(t, 1, run.res.Created, run.outcomes())
		for line, header := range map[int]string{2: "n", 3: "Phone 1 - Value", 4: "d"} {
			x := run.row(t, line)
			require.Equal(t, contactkit.ImportFailed, x.Outcome, "line %d", line)
			require.Len(t, x.Err.Problems, 1, "line %d", line)
			assert.Equal(t, header, x.Err.Problems[0].Header, "line %d", line)
		}
	}
}
