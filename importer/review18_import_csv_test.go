package importer_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
)

// Excel for Mac's "CSV (Macintosh)" ends its rows with "\r" alone, but a
// line break typed in a cell (Alt+Enter) is a "\n", which it writes as it
// is, inside the quoted cell. The file's rows end with "\r": the "\n"
// inside quotes says nothing of its line ends.
func TestReview18CSVCarriageReturnRowsWithNewlineInCell(t *testing.T) {
	data := "First Name,Last Name,Email,Notes\r" +
		"Ann,Lee,ann@example.com,\"line one\nline two\"\r" +
		"Bob,Roe,bob@example.com,plain\r"
	r, err := importer.NewCSV(bytes.NewReader([]byte(data)), nil)
	require.NoError(t, err, "a CR-only file whose note holds a line feed")
	assert.Equal(t, []string{"First Name", "Last Name", "Email", "Notes"}, r.Header())
	rows, errs := readAll(t, r)
	require.Len(t, rows, 2)
	assert.Equal(t, []string{"Ann", "Lee", "ann@example.com", "line one\nline two"}, rows[0].Cells)
	assert.Equal(t, []string{"Bob", "Roe", "bob@example.com", "plain"}, rows[1].Cells)
	assert.Equal(t, []error{nil, nil}, errs)
}

// A header that ends with delimiters ("Email,,," as a sheet with
// formatted columns past its table writes it, or a header typed with a
// trailing delimiter) has blank cells that name no column. A row that
// stops before them lacks no cell of any column: it is read padded, as a
// row with blank cells past the header is read without them. A row short
// of a named column still has the wrong count.
func TestReview18CSVShortRowUnderBlankHeaderCells(t *testing.T) {
	data := "First Name,Last Name,Email,,,\n" +
		"Ann,Lee,ann@example.com\n" +
		"Bob,Roe,bob@example.com,,,\n" +
		"Cyd,Poe\n"
	r, err := importer.NewCSV(bytes.NewReader([]byte(data)), nil)
	require.NoError(t, err)
	rows, errs := readAll(t, r)
	require.Len(t, rows, 3)
	assert.Equal(t, []string{"Ann", "Lee", "ann@example.com", "", "", ""}, rows[0].Cells)
	assert.NoError(t, errs[0], "the cells it lacks are under blank headers")
	assert.NoError(t, errs[1])
	assert.ErrorIs(t, errs[2], importer.ErrCellCount, "it lacks the Email column")
}

// A UTF-8 file with one stray byte of Windows-1252 near its start (a row
// pasted from an older export, two exports joined) is still a UTF-8 file:
// its hundreds of accented names are UTF-8, and the stray byte is the one
// row to report, as it is further on. Read as Windows-1252 or Mac OS
// Roman instead, every name of the file came out garbled ("Zo√©" for
// "Zoé"), and no row said so.
func TestReview18CSVUTF8WithOneStrayLatin1Byte(t *testing.T) {
	var b strings.Builder
	b.WriteString("First Name,Last Name,Email\n")
	names := [][2]string{{"Zoé", "Lefèvre"}, {"Jörg", "Müller"}, {"Renée", "Côté"}, {"François", "Gaël"}}
	for i := range 200 {
		if i == 100 {
			b.WriteString("Andr\xe9,Martin,andre@example.com\n") // Latin-1 "é"
		}
		n := names[i%len(names)]
		fmt.Fprintf(&b, "%s,%s,p%d@example.com\n", n[0], n[1], i)
	}
	r, err := importer.NewCSV(strings.NewReader(b.String()), nil)
	require.NoError(t, err)
	assert.Equal(t, importer.EncodingUTF8, r.Encoding())
	rows, errs := readAll(t, r)
	require.Len(t, rows, 201)
	assert.Equal(t, []string{"Zoé", "Lefèvre", "p0@example.com"}, rows[0].Cells)
	assert.Equal(t, []string{"François", "Gaël", "p199@example.com"}, rows[200].Cells)
	assert.Equal(t, "Andr\uFFFD", rows[100].Cells[0])
	assert.ErrorIs(t, errs[100], importer.ErrInvalidText, "the stray byte's row is reported")
	for i, err := range errs {
		if i != 100 {
			assert.NoError(t, err, "row %d", i)
		}
	}
}

// A Windows-1252 file is still told so: its accented letters are no UTF-8.
func TestReview18CSVWindows1252StillTold(t *testing.T) {
	data := "Pr\xe9nom;Nom;Soci\xe9t\xe9\nFran\xe7oise;L\xe9v\xeaque;Boulangerie\nJ\xf6rg;M\xfcller;\xc9ts \xc9lise\n"
	r, err := importer.NewCSV(strings.NewReader(data), nil)
	require.NoError(t, err)
	assert.Equal(t, importer.EncodingWindows1252, r.Encoding())
	assert.Equal(t, []string{"Prénom", "Nom", "Société"}, r.Header())
}

// A CR-only file whose header holds a stray quote (inches) is read by its
// CR rows as before.
func TestReview18CSVCarriageReturnRowsWithStrayQuoteInHeader(t *testing.T) {
	data := "Name,Screen (17\"),Email\rAnn,yes,ann@example.com\rBob,no,bob@example.com\r"
	r, err := importer.NewCSV(strings.NewReader(data), nil)
	require.NoError(t, err)
	rows, errs := readAll(t, r)
	require.Len(t, rows, 2)
	assert.Equal(t, []string{"Bob", "no", "bob@example.com"}, rows[1].Cells)
	assert.Equal(t, []error{nil, nil}, errs)
}

// Two exports joined with cat: the second begins with its byte order
// mark, now at the start of a line in the middle of the file. The mark is
// no character of the row: the quoted header after it reads as the
// header, so that an import skips it as a repeat of the header, and a
// quoted first cell of a data row reads without its quotes.
func TestReview18CSVByteOrderMarkOfAJoinedFile(t *testing.T) {
	part := "\xEF\xBB\xBF\"First Name\",\"Email\"\r\n\"%s\",\"%s\"\r\n"
	data := fmt.Sprintf(part, "Ann", "ann@example.com") + fmt.Sprintf(part, "Bob", "bob@example.com")
	r, err := importer.NewCSV(strings.NewReader(data), nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"First Name", "Email"}, r.Header())
	rows, errs := readAll(t, r)
	require.Len(t, rows, 3)
	assert.Equal(t, []string{"Ann", "ann@example.com"}, rows[0].Cells)
	assert.Equal(t, []string{"First Name", "Email"}, rows[1].Cells, "the second file's header, without its mark")
	assert.Equal(t, []string{"Bob", "bob@example.com"}, rows[2].Cells)
	assert.Equal(t, []error{nil, nil, nil}, errs)
}
