package importer_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
)

// A file of another format than CSV, xlsx or vCard is refused with a
// *FormatError that names it, by Open and by the reader of each format,
// rather than read as text into a header of garbage; a document of markup
// (HTML, XML, JSON), text that a CSV file might begin with, only when the
// format is sniffed: a caller that says the file is CSV is believed.
func TestOpenOtherFormats(t *testing.T) {
	ole := append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), bytes.Repeat([]byte{0, 1, 2, 0xFF}, 1000)...)
	for _, tt := range []struct {
		name, data, format string
	}{
		{"xls", string(ole), "Excel 97–2003 workbook (.xls)"},
		{"xlsx with a password", string(ole), "a workbook protected by a password"},
		{"pdf", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n", "PDF document"},
		{"rtf", "{\\rtf1\\ansi Name, Email\\par}", "RTF document"},
		{"png", "\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR", "PNG image"},
		{"jpeg", "\xFF\xD8\xFF\xE0\x00\x10JFIF", "JPEG image"},
		{"gif", "GIF89a\x01\x00", "GIF image"},
		{"gzip", "\x1F\x8B\x08\x00\x00\x00\x00\x00", "gzip archive"},
		{"7z", "7z\xBC\xAF\x27\x1C\x00\x04", "7-Zip archive"},
		{"rar", "Rar!\x1A\x07\x01\x00", "RAR archive"},
		{"sqlite", "SQLite format 3\x00\x10\x00", "SQLite database"},
		{"html saved as xls", "\xEF\xBB\xBF  <!DOCTYPE HTML>\n<html><table><tr><td>Name</td></tr></table>", "HTML page"},
		{"html table", "<table border=1><tr><th>Name</th><th>Email</th></tr>", "HTML table"},
		{"xml spreadsheet", "<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n<Workbook>", "XML document"},
		{"json array", "[\n  {\"name\": \"Ann\", \"email\": \"ann@example.com\"}\n]", "JSON document"},
		{"json object", "{\"contacts\": []}", "JSON document"},
		{"ods", string(zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"})), "OpenDocument spreadsheet (.ods)"},
		{"odt", string(zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text"})), "OpenDocument file"},
		{"numbers", string(zipOf(t, map[string]string{"Index/Document.iwa": "x"})), "Apple Numbers document"},
		{"docx", string(zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<x/>"})), "Word document (.docx)"},
		{"pptx", string(zipOf(t, map[string]string{"ppt/presentation.xml": "<x/>"})), "PowerPoint presentation (.pptx)"},
		{"xlsb", string(zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "_rels/.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>`, "xl/workbook.bin": "\x83\x01\x00"})), "Excel binary workbook (.xlsb)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := importer.Open(bytes.NewReader([]byte(tt.data)), nil)
			require.ErrorIs(t, err, importer.ErrUnsupportedFormat)
			fe, ok := errors.AsType[*importer.FormatError](err)
			require.True(t, ok)
			assert.Contains(t, fe.Format, tt.format)
			assert.Contains(t, err.Error(), "save it as CSV, xlsx or vCard")
			assert.Equal(t, strings.HasPrefix(tt.data, "PK"), errors.Is(err, importer.ErrMalformed))
			if strings.HasPrefix(tt.data, "PK") {
				_, err = importer.OpenXLSX(bytes.NewReader([]byte(tt.data)), int64(len(tt.data)), nil)
				assert.ErrorIs(t, err, importer.ErrUnsupportedFormat)
				return
			}
			markup := strings.Contains(tt.format, "HTML") || strings.Contains(tt.format, "XML") || strings.Contains(tt.format, "JSON")
			_, err = importer.NewCSV(strings.NewReader(tt.data), nil)
			assert.Equal(t, !markup, errors.Is(err, importer.ErrUnsupportedFormat), "NewCSV: %v", err)
			_, err = importer.Open(strings.NewReader(tt.data), &importer.Options{Format: importer.FormatCSV})
			assert.Equal(t, !markup, errors.Is(err, importer.ErrUnsupportedFormat), "Open as CSV: %v", err)
			_, err = importer.NewVCard(strings.NewReader(tt.data), nil)
			assert.Equal(t, !markup, errors.Is(err, importer.ErrUnsupportedFormat), "NewVCard: %v", err)
		})
	}
}

// Text files whose first bytes only resemble another format's read as
// before; one that begins as markup does, when the caller says it is CSV.
func TestOpenTextLikeOtherFormats(t *testing.T) {
	for _, data := range []string{
		"GIF,Email\nyes,ann@example.com\n",
		"[Name],Email\nAnn,ann@example.com\n",
		"{Name},Email\nAnn,ann@example.com\n",
		"<Name>,Email\nAnn,ann@example.com\n",
		"PDF,Email\nAnn,ann@example.com\n",
		"Rar,Email\nAnn,ann@example.com\n",
		"a,b\n1,2\x00\n3,4\n",
	} {
		r, err := importer.Open(strings.NewReader(data), nil)
		require.NoError(t, err, "%q", data)
		assert.Len(t, r.Header(), 2, "%q", data)
	}
}

func TestOpenForcedCSVThatLooksLikeMarkup(t *testing.T) {
	data := "[{x}],Name\nAnn,Lee\n"
	_, err := importer.Open(strings.NewReader(data), nil)
	require.ErrorIs(t, err, importer.ErrUnsupportedFormat)
	r, err := importer.Open(strings.NewReader(data), &importer.Options{Format: importer.FormatCSV})
	require.NoError(t, err)
	assert.Equal(t, []string{"[{x}]", "Name"}, r.Header())
}
