package importer

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
)

// FormatError reports that an input is a file of a format this package
// does not read: a workbook of Excel 97–2003 or of another application,
// a document, an image, an archive. It wraps ErrUnsupportedFormat, and
// ErrMalformed too for a zip archive (an .ods, a .docx), as every archive
// that OpenXLSX finds no workbook in. Read as text, such a file gave a
// header of garbage, or a misleading error about its encoding or its
// quotes.
type FormatError struct {
	// Format names the format the input was told to be, as a user knows
	// it: "an Excel 97–2003 workbook (.xls)", "a PDF document", …
	Format string
	// archive is set for a zip archive.
	archive bool
}

// Error returns the message: the format, ErrUnsupportedFormat, and what
// the user can do.
func (e *FormatError) Error() string {
	return fmt.Sprintf("%s: %v: save it as CSV, xlsx or vCard", e.Format, ErrUnsupportedFormat)
}

// Unwrap returns ErrUnsupportedFormat, and ErrMalformed for a zip
// archive.
func (e *FormatError) Unwrap() []error {
	if e.archive {
		return []error{ErrUnsupportedFormat, ErrMalformed}
	}
	return []error{ErrUnsupportedFormat}
}

// signatures are the first bytes of the files of other formats that
// users bring in place of a CSV, xlsx or vCard file: binary ones, and
// PDF and RTF, which no table begins with.
var signatures = []struct {
	prefix, format string
}{
	// Excel keeps a workbook encrypted with a password, an .xlsx too, in
	// the compound file format of Office 97–2003.
	{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "an Excel 97–2003 workbook (.xls), a workbook protected by a password, or another Office 97–2003 file"},
	{"%PDF-", "a PDF document"},
	{"{\\rtf", "an RTF document"},
	{"\x89PNG\r\n\x1A\n", "a PNG image"},
	{"\xFF\xD8\xFF", "a JPEG image"},
	{"GIF87a", "a GIF image"},
	{"GIF89a", "a GIF image"},
	{"\x1F\x8B", "a gzip archive"},
	{"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"},
	{"Rar!\x1A\x07", "a RAR archive"},
	{"SQLite format 3\x00", "an SQLite database"},
}

// markups are the openings of the text files of other formats: an HTML
// table saved with an .xls name, as some applications export, an XML
// document such as an Excel 2003 XML spreadsheet, a JSON array or object.
var markups = []struct {
	prefix, format string
}{
	{"<!doctype html", "an HTML page"},
	{"<html", "an HTML page"},
	{"<table", "an HTML table"},
	{"<?xml", "an XML document (an Excel 2003 XML spreadsheet?)"},
	{"[{", "a JSON document"},
	{"{\"", "a JSON document"},
}

// sniffOther returns a *FormatError when head, the first bytes of an
// input, begins a file of another format (see signatures), or, with
// markup, a document of markup (see markup), nil otherwise. Markup is told
// after a UTF-8 byte order mark and blanks, case-insensitively, blanks
// between the brackets of JSON too. It is a text that a CSV file might
// begin with (a first cell "[{x}"), so it is told only when the format is
// sniffed: a caller that says the file is CSV or vCard is believed.
func sniffOther(head []byte, markup bool) error {
	for _, s := range signatures {
		if bytes.HasPrefix(head, []byte(s.prefix)) {
			return &FormatError{Format: s.format}
		}
	}
	if !markup {
		return nil
	}
	text := bytes.TrimLeft(bytes.TrimPrefix(head, bomUTF8), " \t\r\n")
	if len(text) > 0 && (text[0] == '[' || text[0] == '{') {
		// "[ {" and "{ \"" as a JSON writer that indents puts them.
		rest := bytes.TrimLeft(text[1:], " \t\r\n")
		text = append([]byte{text[0]}, rest[:min(len(rest), 1)]...)
	}
	for _, m := range markups {
		if len(text) >= len(m.prefix) && bytes.EqualFold(text[:len(m.prefix)], []byte(m.prefix)) {
			return &FormatError{Format: m.format}
		}
	}
	return nil
}

// zipFormats are the zip archives of other formats than xlsx, each told
// by a part that an xlsx workbook does not have.
var zipFormats = []struct {
	part, format string
}{
	{"word/document.xml", "a Word document (.docx)"},
	{"ppt/presentation.xml", "a PowerPoint presentation (.pptx)"},
	{"xl/workbook.bin", "an Excel binary workbook (.xlsb)"},
	{"Index/Document.iwa", "an Apple Numbers document"},
}

// sniffZip returns a *FormatError when zr is the archive of another
// format than xlsx, nil otherwise: an OpenDocument file (told by its
// "mimetype" part, which names it), or one of zipFormats.
func sniffZip(zr *zip.Reader) error {
	for _, f := range zr.File {
		if f.Name == "mimetype" && f.UncompressedSize64 < 128 {
			if t, ok := readSmall(f); ok && bytes.HasPrefix(t, []byte("application/vnd.oasis.opendocument.")) {
				format := "an OpenDocument file"
				if bytes.HasSuffix(t, []byte(".spreadsheet")) {
					format = "an OpenDocument spreadsheet (.ods)"
				}
				return &FormatError{Format: format, archive: true}
			}
		}
		for _, z := range zipFormats {
			if f.Name == z.part {
				return &FormatError{Format: z.format, archive: true}
			}
		}
	}
	return nil
}

// readSmall reads the whole of f, a part of at most 128 bytes; ok is
// false when it cannot.
func readSmall(f *zip.File) ([]byte, bool) {
	rc, err := f.Open()
	if err != nil {
		return nil, false
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, 128))
	return b, err == nil
}
