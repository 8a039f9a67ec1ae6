package importer_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
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
