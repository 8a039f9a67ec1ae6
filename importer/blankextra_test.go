package importer_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
)

// Cells past the header's that hold no value, as spreadsheets write them
// for columns once formatted, are dropped; a value past the header, or a
// row short of cells, still fails with ErrCellCount.
func TestCSVBlankCellsPastHeader(t *testing.T) {
	for _, tt := range []struct {
		name, line string
		want       []string // nil: the row fails with ErrCellCount
	}{
		{"commas", "Ann,ann@example.com,,,", []string{"Ann", "ann@example.com"}},
		{"blanks", "Ann,ann@example.com, ,\t", []string{"Ann", "ann@example.com"}},
		{"quoted empty", `Ann,ann@example.com,""`, []string{"Ann", "ann@example.com"}},
		{"quoted blank", `Ann,ann@example.com," "`, []string{"Ann", "ann@example.com"}},
		{"blank in the header's cells kept", "Ann,,,", []string{"Ann", ""}},
		{"exact", "Ann,ann@example.com", []string{"Ann", "ann@example.com"}},
		{"a value past the header", "Ann,ann@example.com,,x", nil},
		{"a value then blanks", "Ann,ann@example.com,x,,", nil},
		{"short", "Ann", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := openCSV(t, []byte("First Name,Email\n"+tt.line+"\nBob,bob@example.com\n"), nil)
			rows, errs := readAll(t, r)
			require.Len(t, rows, 2)
			assert.NoError(t, errs[1])
			if tt.want == nil {
				assert.ErrorIs(t, errs[0], importer.ErrCellCount)
				return
			}
			require.NoError(t, errs[0])
			assert.Equal(t, tt.want, rows[0].Cells)
		})
	}
}

// A row whose cells past the header's are blank reads as a row of the
// header's cells in every delimiter and encoding the reader detects.
func TestCSVBlankCellsPastHeaderDelimiters(t *testing.T) {
	for _, data := range [][]byte{
		[]byte("Prénom;E-mail\r\nAnn;ann@example.com;;\r\n"),
		[]byte("Prénom\tE-mail\nAnn\tann@example.com\t\t \n"),
		append([]byte("\xEF\xBB\xBF"), "Prénom,E-mail\nAnn,ann@example.com,,\n"...),
		[]byte("Pr\xe9nom,E-mail\nAnn,ann@example.com,,\n"), // Windows-1252
	} {
		rows, errs := readAll(t, openCSV(t, data, nil))
		require.Len(t, rows, 1, "%q", data)
		require.NoError(t, errs[0], "%q", data)
		assert.Equal(t, []string{"Ann", "ann@example.com"}, rows[0].Cells, "%q", data)
	}
}

// In a workbook, a styled cell past the header that holds only blanks is
// dropped; one with a value still fails the row.
func TestXLSXBlankCellsPastHeader(t *testing.T) {
	sheet := sheetHead + `
<row r="1"><c r="A1" t="inlineStr"><is><t>First Name</t></is></c><c r="B1" t="inlineStr"><is><t>Email</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>Ann</t></is></c><c r="B2" t="inlineStr"><is><t>ann@example.com</t></is></c><c r="C2" s="1" t="inlineStr"><is><t xml:space="preserve">  </t></is></c><c r="D2" s="1"/></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>Bob</t></is></c><c r="D3" t="inlineStr"><is><t>extra</t></is></c></row>
</sheetData></worksheet>`
	r, err := importer.Open(bytes.NewReader(buildXLSX(t, sheet, nil)), nil)
	require.NoError(t, err)
	rows, errs := readAll(t, r)
	require.Len(t, rows, 2)
	require.NoError(t, errs[0])
	assert.Equal(t, []string{"Ann", "ann@example.com"}, rows[0].Cells)
	assert.ErrorIs(t, errs[1], importer.ErrCellCount)
}
