package importer_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
)

func TestOpenSniffs(t *testing.T) {
	r, err := importer.Open(strings.NewReader("a;b\n1;2\n"), nil)
	require.NoError(t, err)
	assert.IsType(t, &importer.CSVReader{}, r)

	r, err = importer.Open(bytes.NewReader(utf16Bytes("\r\n  BEGIN:VCARD\r\nFN:Zoé\r\nEND:VCARD\r\n", false)), nil)
	require.NoError(t, err)
	v, ok := r.(*importer.VCardReader)
	require.True(t, ok)
	assert.Equal(t, importer.EncodingUTF16LE, v.Encoding())
	rows, _ := readAll(t, r)
	assert.Equal(t, "Zoé", rows[0].Cells[0])

	// And without a byte order mark.
	r, err = importer.Open(bytes.NewReader(utf16NoBOM("BEGIN:VCARD\r\nFN:Zoé\r\nEND:VCARD\r\n", true)), nil)
	require.NoError(t, err)
	v, ok = r.(*importer.VCardReader)
	require.True(t, ok)
	assert.Equal(t, importer.EncodingUTF16BE, v.Encoding())
	rows, _ = readAll(t, r)
	assert.Equal(t, "Zoé", rows[0].Cells[0])

	// A vCard file forced to CSV is read as CSV.
	r, err = importer.Open(strings.NewReader("BEGIN:VCARD\nEND:VCARD\n"), &importer.Options{Format: importer.FormatCSV})
	require.NoError(t, err)
	assert.Equal(t, []string{"BEGIN:VCARD"}, r.Header())

	// An xlsx from an *os.File.
	path := filepath.Join(t.TempDir(), "c.xlsx")
	require.NoError(t, os.WriteFile(path, buildXLSX(t, sheetHead+`<row r="1"><c t="inlineStr"><is><t>Email</t></is></c></row></sheetData></worksheet>`, nil), 0o600))
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	r, err = importer.Open(f, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"Email"}, r.Header())
}

func TestSampleReplays(t *testing.T) {
	r, err := importer.Open(strings.NewReader("a,b\n1,2\n3\n5,6\n7,8\n"), nil)
	require.NoError(t, err)
	sample, r, err := importer.Sample(r, 3)
	require.NoError(t, err)
	require.Len(t, sample, 3)
	sample[0].Cells[0] = "changed"
	var got []string
	var rowErrs int
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			rowErrs++
			assert.ErrorIs(t, err, importer.ErrCellCount)
		}
		got = append(got, strings.Join(row.Cells, "|"))
	}
	assert.Equal(t, []string{"1|2", "3", "5|6", "7|8"}, got, "the sample is replayed, then the rest")
	assert.Equal(t, 1, rowErrs, "the row error met while sampling is replayed")

	r, _ = importer.Open(strings.NewReader("a\n1\n"), nil)
	sample, r, err = importer.Sample(r, 10)
	require.NoError(t, err)
	assert.Len(t, sample, 1)
	_, err = r.Next()
	require.NoError(t, err)
	_, err = r.Next()
	assert.ErrorIs(t, err, io.EOF)
}

// TestBlankRows: a row without any value (every cell blank once trimmed)
// is no row, by one rule in every reader: a blank line, a CSV line of
// delimiters and blanks as Excel writes them, an xlsx row of empty or
// blank cells, a vCard without a value. A row that lost cells to a cap, or
// to a shared string the workbook does not hold, is kept with its error.
func TestBlankRows(t *testing.T) {
	xlsx := func(rows string) []byte {
		return buildXLSX(t, sheetHead+`<row r="1"><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row>`+rows+`</sheetData></worksheet>`, nil)
	}
	for _, tc := range []struct {
		name  string
		data  []byte
		opts  *importer.Options
		lines []int  // the lines of the rows read
		err   []bool // whether each comes with a *RowError
	}{
		{"csv: delimiters at the end of a sheet", []byte("a,b,c\n1,2,3\n,,\n,,\n"), nil, []int{2}, []bool{false}},
		{"csv: delimiters and blanks", []byte("a;b;c\n ; ;\t\n1;2;3\n"), nil, []int{3}, []bool{false}},
		{"csv: quoted empty cells", []byte("a,b\n\"\", \" \"\r\n1,2\r\n"), nil, []int{3}, []bool{false}},
		{"csv: blank lines", []byte("\n\na,b\n\r\n1,2\n\n"), nil, []int{5}, []bool{false}},
		{"csv: more delimiters than the header", []byte("a,b\n1,2\n,,,,,\n"), nil, []int{2}, []bool{false}},
		{"csv: a blank header line", []byte(" , \na,b\n1,2\n"), nil, []int{3}, []bool{false}},
		{"csv: a value is a row", []byte("a,b\n,x\n"), nil, []int{2}, []bool{false}},
		{"csv: cells past the cap", []byte("a,b\n,,,,,,,,,x\n"), &importer.Options{MaxCells: 4}, []int{2}, []bool{true}},
		{"csv: a line past the cap", []byte("a,b\n" + strings.Repeat(" ", 100) + "\n1,2\n"), &importer.Options{MaxRowBytes: 50}, []int{2, 3}, []bool{true, false}},
		{"xlsx: empty and blank rows", xlsx(`<row r="2"/><row r="3"><c t="inlineStr"><is><t> </t></is></c><c t="s"><v></v></c></row><row r="4"><c t="inlineStr"><is><t>x</t></is></c></row>`),
			nil, []int{4}, []bool{false}},
		{"xlsx: a shared string the workbook lacks is a value lost", xlsx(`<row r="2"><c t="inlineStr"><is><t> </t></is></c><c t="s"><v>99</v></c></row>`),
			nil, []int{2}, []bool{true}},
		{"xlsx: blanks past the header", xlsx(`<row r="2"><c r="E2" t="inlineStr"><is><t>  </t></is></c></row>`), nil, nil, nil},
		{"vcard: a card without a value", []byte("BEGIN:VCARD\nVERSION:3.0\nPHOTO:x\nEND:VCARD\nBEGIN:VCARD\nFN:Ann\nEND:VCARD\n"), nil, []int{5}, []bool{false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := importer.Open(bytes.NewReader(tc.data), tc.opts)
			require.NoError(t, err)
			rows, errs := readAll(t, r)
			var lines []int
			var rowErrs []bool
			for i, row := range rows {
				lines = append(lines, row.Line)
				rowErrs = append(rowErrs, errs[i] != nil)
			}
			assert.Equal(t, tc.lines, lines)
			assert.Equal(t, tc.err, rowErrs)
		})
	}
}

// A vCard file may start with lines that are no part of a card: the note
// a phone's backup tool writes before its cards, the headers of a mail
// part saved as it came. They are read as a vCard file, and the lines
// before its first card are passed over, as they are when the format is
// forced. A one-column CSV file whose cells hold a card is still CSV, and
// so is a file whose lines before the card hold commas, semicolons or
// tabs, as a CSV header does.
func TestOpenSniffsVCardAfterOtherLines(t *testing.T) {
	card := "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Ann;;;\r\nEMAIL:ann@example.com\r\nEND:VCARD\r\n"
	for name, head := range map[string]string{
		"a tool's note":      "Exported by Contacts Backup 2.4\r\n\r\n",
		"a mail part's head": "Content-Type: text/x-vcard\r\nContent-Disposition: attachment\r\n\r\n",
		"blank lines":        strings.Repeat("\r\n", 20),
		"a title":            "My contacts\n",
	} {
		t.Run(name, func(t *testing.T) {
			r, err := importer.Open(strings.NewReader(head+card), nil)
			require.NoError(t, err)
			require.IsType(t, &importer.VCardReader{}, r)
			rows, errs := readAll(t, r)
			require.Len(t, rows, 1)
			assert.NoError(t, errs[0])
			assert.Equal(t, "Ann", rows[0].Cells[slices.Index(r.Header(), "First Name")])
		})
	}
	for name, file := range map[string]string{
		"a CSV header before":    "Name,Card\r\nAnn,\"" + strings.ReplaceAll(card, "\"", "") + "\"\r\n",
		"a tab-separated header": "Name\tNotes\nAnn\tx\n" + card,
		"a semicolon header":     "Nom;Notes\n" + card,
	} {
		t.Run(name, func(t *testing.T) {
			r, err := importer.Open(strings.NewReader(file), nil)
			require.NoError(t, err)
			assert.IsType(t, &importer.CSVReader{}, r)
		})
	}
}
