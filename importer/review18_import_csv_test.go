package importer_test

import (
	"bytes"
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
