package importer_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
)

// readAll reads every row of r, keeping row errors beside their rows.
func readAll(t *testing.T, r importer.Reader) ([]importer.Row, []error) {
	t.Helper()
	var rows []importer.Row
	var errs []error
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			return rows, errs
		}
		if err != nil {
			if _, ok := errors.AsType[*importer.RowError](err); !ok {
				t.Fatalf("Next: final error %v", err)
			}
		}
		rows = append(rows, row)
		errs = append(errs, err)
	}
}

func openCSV(t *testing.T, data []byte, opts *importer.Options) *importer.CSVReader {
	t.Helper()
	r, err := importer.NewCSV(bytes.NewReader(data), opts)
	require.NoError(t, err)
	return r
}

func TestCSVUTF8BOMAndQuotedMultiline(t *testing.T) {
	data := "\xEF\xBB\xBFFirst Name,Notes,Email\r\n" +
		"Zoé,\"line one\r\nline \"\"two\"\"\",zoe@example.com\r\n" +
		"\r\n" +
		"Ann,plain,ann@example.com\n"
	r := openCSV(t, []byte(data), nil)
	assert.Equal(t, []string{"First Name", "Notes", "Email"}, r.Header())
	assert.Equal(t, importer.EncodingUTF8, r.Encoding())
	assert.Equal(t, byte(','), r.Delimiter())
	rows, errs := readAll(t, r)
	require.Len(t, rows, 2)
	assert.Equal(t, importer.Row{Line: 2, Cells: []string{"Zoé", "line one\r\nline \"two\"", "zoe@example.com"}}, rows[0])
	assert.Equal(t, importer.Row{Line: 5, Cells: []string{"Ann", "plain", "ann@example.com"}}, rows[1], "line counts the quoted line break and the blank line")
	assert.Equal(t, []error{nil, nil}, errs)
}

func TestCSVDelimiterDetection(t *testing.T) {
	tests := []struct {
		name, data string
		want       byte
	}{
		{"semicolon", "Prénom;Nom;\"Ville, pays\"\nAnn;Lee;\"Paris, FR\"\n", ';'},
		{"comma with quoted semicolons", "\"a;b\";\"c;d\",e\n1,2\n", ','},
		{"tab", "a\tb\tc\n1\t2\t3\n", '\t'},
		{"single column", "Email\nann@example.com\n", ','},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := openCSV(t, []byte(tt.data), nil)
			assert.Equal(t, string(tt.want), string(r.Delimiter()))
			_, errs := readAll(t, r)
			for _, err := range errs {
				assert.NoError(t, err)
			}
		})
	}
	r := openCSV(t, []byte("Prénom;Nom;\"Ville, pays\"\nAnn;Lee;\"Paris, FR\"\n"), nil)
	rows, _ := readAll(t, r)
	assert.Equal(t, []string{"Ann", "Lee", "Paris, FR"}, rows[0].Cells)
}

func TestCSVWindows1252(t *testing.T) {
	// "Prénom;Société\nRené;Café Œuvre €\n" in Windows-1252.
	data := []byte("Pr\xe9nom;Soci\xe9t\xe9\nRen\xe9;Caf\xe9 \x8cuvre \x80\n")
	r := openCSV(t, data, nil)
	assert.Equal(t, importer.EncodingWindows1252, r.Encoding())
	assert.Equal(t, []string{"Prénom", "Société"}, r.Header())
	rows, _ := readAll(t, r)
	assert.Equal(t, []string{"René", "Café Œuvre €"}, rows[0].Cells)
}

func utf16Bytes(s string, bigEndian bool) []byte {
	var b []byte
	for _, u := range append([]uint16{0xFEFF}, utf16.Encode([]rune(s))...) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

func TestCSVUTF16(t *testing.T) {
	text := "Prénom\tTéléphone portable\nJosé\t+33 6 12 34 56 78\nЁлка 🎄\t0612345678\n"
	for _, be := range []bool{false, true} {
		r := openCSV(t, utf16Bytes(text, be), nil)
		want := importer.EncodingUTF16LE
		if be {
			want = importer.EncodingUTF16BE
		}
		assert.Equal(t, want, r.Encoding())
		assert.Equal(t, []string{"Prénom", "Téléphone portable"}, r.Header())
		rows, _ := readAll(t, r)
		require.Len(t, rows, 2)
		assert.Equal(t, []string{"José", "+33 6 12 34 56 78"}, rows[0].Cells)
		assert.Equal(t, []string{"Ёлка 🎄", "0612345678"}, rows[1].Cells)
	}
}

// utf16NoBOM writes s in UTF-16 without a byte order mark, as some exports
// write their CSV files.
func utf16NoBOM(s string, bigEndian bool) []byte {
	return utf16Bytes(s, bigEndian)[2:]
}

// A UTF-16 file without a byte order mark is told by its zero bytes, at odd
// offsets (little endian) or even ones (big endian), and read as UTF-16,
// by NewCSV and by Open; not as Windows-1252 with a NUL in every header.
func TestCSVUTF16NoBOM(t *testing.T) {
	text := "Prénom;Nom;Téléphone\r\nJosé;Müller;+33 6 12 34 56 78\r\nÉlodie;Nguyễn 阮;0612345678\r\n"
	header := []string{"Prénom", "Nom", "Téléphone"}
	rows := [][]string{{"José", "Müller", "+33 6 12 34 56 78"}, {"Élodie", "Nguyễn 阮", "0612345678"}}
	for _, tt := range []struct {
		name string
		be   bool
		want importer.Encoding
	}{
		{"little endian", false, importer.EncodingUTF16LE},
		{"big endian", true, importer.EncodingUTF16BE},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := utf16NoBOM(text, tt.be)
			r := openCSV(t, data, nil)
			assert.Equal(t, tt.want, r.Encoding())
			assert.Equal(t, header, r.Header())
			got, errs := readAll(t, r)
			require.Len(t, got, 2)
			for i, row := range got {
				assert.NoError(t, errs[i])
				assert.Equal(t, rows[i], row.Cells)
			}
			o, err := importer.Open(bytes.NewReader(data), nil)
			require.NoError(t, err)
			assert.Equal(t, header, o.Header())
		})
	}
}

// A file longer than what is sniffed, with characters whose low byte is
// zero (U+4E00, U+0100) here and there, is still told and read to its end.
func TestCSVUTF16NoBOMLong(t *testing.T) {
	var b strings.Builder
	b.WriteString("Prénom,Ville\n")
	for i := range 5000 {
		if i%10 == 9 {
			b.WriteString("一Ā")
		}
		b.WriteString("Zoé,Paris ")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString("\n")
	}
	for _, be := range []bool{false, true} {
		r := openCSV(t, utf16NoBOM(b.String(), be), nil)
		got, _ := readAll(t, r)
		require.Len(t, got, 5000)
		assert.Equal(t, []string{"一ĀZoé", "Paris x"}, got[4999].Cells)
	}
}

// Many zero bytes at even and odd offsets alike (UTF-32, a binary file)
// are refused with an *EncodingError, by NewCSV and Open.
func TestCSVUnknownEncoding(t *testing.T) {
	var utf32 []byte
	for _, r := range "Prénom,Nom\nJosé,Martin\n" {
		utf32 = append(utf32, byte(r), byte(r>>8), 0, 0)
	}
	binary := bytes.Repeat([]byte{0, 0, 1, 0, 0, 2, 0x41, 0x42}, 100)
	for name, data := range map[string][]byte{"utf-32": utf32, "binary": binary} {
		_, err := importer.NewCSV(bytes.NewReader(data), nil)
		assert.ErrorIs(t, err, importer.ErrEncoding, name)
		e, ok := errors.AsType[*importer.EncodingError](err)
		if assert.True(t, ok, name) {
			assert.Equal(t, len(data)/2, e.Pairs, name)
			assert.Positive(t, e.ZeroSecond, name)
			assert.Positive(t, e.ZeroBoth, name)
		}
		_, err = importer.Open(bytes.NewReader(data), nil)
		assert.ErrorIs(t, err, importer.ErrEncoding, name)
	}
}

// The files read before are read as before: UTF-8, Windows-1252 and UTF-16
// with a byte order mark, and a text file with a few zero bytes or padded
// with them.
func TestCSVEncodingsUnaffected(t *testing.T) {
	text := "Prénom;Société\r\nRené;Café Œuvre €\r\nZoé;Ça\r\n"
	rows := [][]string{{"René", "Café Œuvre €"}, {"Zoé", "Ça"}}
	for _, tt := range []struct {
		name string
		data []byte
		want importer.Encoding
	}{
		{"utf-8", []byte(text), importer.EncodingUTF8},
		{"utf-8 with bom", append([]byte{0xEF, 0xBB, 0xBF}, text...), importer.EncodingUTF8},
		{"windows-1252", []byte("Pr\xe9nom;Soci\xe9t\xe9\r\nRen\xe9;Caf\xe9 \x8cuvre \x80\r\nZo\xe9;\xc7a\r\n"), importer.EncodingWindows1252},
		{"utf-16le with bom", utf16Bytes(text, false), importer.EncodingUTF16LE},
		{"utf-16be with bom", utf16Bytes(text, true), importer.EncodingUTF16BE},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := openCSV(t, tt.data, nil)
			assert.Equal(t, tt.want, r.Encoding())
			assert.Equal(t, []string{"Prénom", "Société"}, r.Header())
			got, _ := readAll(t, r)
			require.Len(t, got, 2)
			assert.Equal(t, rows[0], got[0].Cells)
			assert.Equal(t, rows[1], got[1].Cells)
		})
	}
	r := openCSV(t, []byte("a,b\n1,2\x00\n3,4\n"), nil)
	assert.Equal(t, importer.EncodingUTF8, r.Encoding())
	got, _ := readAll(t, r)
	require.Len(t, got, 2)
	assert.Equal(t, []string{"1", "2\x00"}, got[0].Cells)
	r = openCSV(t, append([]byte("a,b\n1,2\n"), make([]byte, 4096)...), nil)
	assert.Equal(t, importer.EncodingUTF8, r.Encoding())
	assert.Equal(t, []string{"a", "b"}, r.Header())
}

func TestCSVCellCountAndLimits(t *testing.T) {
	data := "a,b,c\n1,2\n1,2,3,4\n" + strings.Repeat("x", 100) + ",2,3\n\"unterminated,4,5\n6,7,8\n"
	r := openCSV(t, []byte(data), &importer.Options{MaxCellBytes: 10})
	rows, errs := readAll(t, r)
	require.Len(t, rows, 5)
	assert.Equal(t, []string{"1", "2"}, rows[0].Cells)
	assert.ErrorIs(t, errs[0], importer.ErrCellCount)
	assert.ErrorIs(t, errs[1], importer.ErrCellCount)
	assert.ErrorIs(t, errs[2], importer.ErrLimit)
	le, ok := errors.AsType[*importer.LimitError](errs[2])
	require.True(t, ok)
	assert.Equal(t, int64(10), le.Limit)
	assert.Equal(t, "xxxxxxxxxx", rows[2].Cells[0], "an over-long cell is cut at the cap")
	assert.ErrorIs(t, errs[3], importer.ErrUnterminatedQuote)
	re, ok := errors.AsType[*importer.RowError](errs[3])
	require.True(t, ok)
	assert.Equal(t, 5, re.Line)
	// The quote that never closes is read as written, and the line after
	// it is a row again.
	assert.Equal(t, []string{`"untermina`, "4", "5"}, rows[3].Cells)
	assert.ErrorIs(t, errs[3], importer.ErrLimit)
	assert.Equal(t, importer.Row{Line: 6, Cells: []string{"6", "7", "8"}}, rows[4])
	assert.NoError(t, errs[4])
}

// A quote that opens a cell and never closes is a stray one: its row fails
// with ErrUnterminatedQuote, read as written, and the lines after it are
// rows, read again, with their own quoted cells over several lines; past
// MaxRowBytes they are one failed row, as before.
func TestCSVStrayQuoteRowsReadAgain(t *testing.T) {
	data := "Name,Email,Notes\nAnn,a@x.com,\"two\nlines\"\n\"Bob,b@x.com,x\n" +
		"Cy,c@x.com,y\nDi,d@x.com,\"again\nEd,e@x.com,x\n"
	rows, errs := readAll(t, openCSV(t, []byte(data), nil))
	require.Len(t, rows, 5, "%q", rows)
	assert.Equal(t, importer.Row{Line: 2, Cells: []string{"Ann", "a@x.com", "two\nlines"}}, rows[0])
	assert.NoError(t, errs[0])
	assert.Equal(t, importer.Row{Line: 4, Cells: []string{`"Bob`, "b@x.com", "x"}}, rows[1])
	assert.ErrorIs(t, errs[1], importer.ErrUnterminatedQuote)
	assert.Equal(t, importer.Row{Line: 5, Cells: []string{"Cy", "c@x.com", "y"}}, rows[2])
	assert.NoError(t, errs[2])
	assert.Equal(t, importer.Row{Line: 6, Cells: []string{"Di", "d@x.com", `"again`}}, rows[3])
	assert.ErrorIs(t, errs[3], importer.ErrUnterminatedQuote)
	assert.Equal(t, importer.Row{Line: 7, Cells: []string{"Ed", "e@x.com", "x"}}, rows[4])
	assert.NoError(t, errs[4])

	long := "Name,Notes\n\"Bob,x\n" + strings.Repeat("Cy,y\n", 100)
	rows, errs = readAll(t, openCSV(t, []byte(long), &importer.Options{MaxRowBytes: 64}))
	require.Len(t, rows, 1, "past the cap the lines are one row, as before")
	assert.ErrorIs(t, errs[0], importer.ErrUnterminatedQuote)
}

func TestCSVRowCaps(t *testing.T) {
	data := "a,b\n" + strings.Repeat("y", 5000) + "\n1,2\n" + strings.Repeat(",", 50) + "\n"
	r := openCSV(t, []byte(data), &importer.Options{MaxRowBytes: 1000, MaxCells: 10})
	rows, errs := readAll(t, r)
	require.Len(t, rows, 3)
	assert.ErrorIs(t, errs[0], importer.ErrLimit)
	assert.NoError(t, errs[1])
	assert.Equal(t, importer.Row{Line: 3, Cells: []string{"1", "2"}}, rows[1])
	assert.ErrorIs(t, errs[2], importer.ErrLimit)
	assert.Len(t, rows[2].Cells, 10)
}

func TestCSVEmpty(t *testing.T) {
	for _, data := range []string{"", "\n\r\n", "\xEF\xBB\xBF"} {
		_, err := importer.NewCSV(strings.NewReader(data), nil)
		assert.ErrorIs(t, err, importer.ErrNoHeader, "%q", data)
	}
}

// A file read as UTF-8 (its first 64 KiB hold UTF-8 that is not ASCII)
// with bytes that are not UTF-8 further on reads U+FFFD for them, and the
// row is reported with an *InvalidTextError naming the cell.
func TestCSVInvalidUTF8AfterPrefix(t *testing.T) {
	data := "a,b\n" + strings.Repeat("é,x\n", 30000) + "ok,bad\xff\n"
	r := openCSV(t, []byte(data), nil)
	assert.Equal(t, importer.EncodingUTF8, r.Encoding())
	rows, errs := readAll(t, r)
	last := len(rows) - 1
	assert.Equal(t, []string{"ok", "bad\uFFFD"}, rows[last].Cells)
	assert.ErrorIs(t, errs[last], importer.ErrInvalidText)
	e, ok := errors.AsType[*importer.InvalidTextError](errs[last])
	require.True(t, ok)
	assert.Equal(t, 1, e.Column)
	assert.NoError(t, errs[last-1])
}

// asciiPrefix returns the header line and rows of ASCII that make a file
// longer than the 64 KiB an encoding is told from.
func asciiPrefix() string {
	var b strings.Builder
	b.WriteString("First Name,Last Name\r\n")
	for i := 0; b.Len() < 70<<10; i++ {
		b.WriteString("Adam,Smith" + strings.Repeat("x", i%7) + "\r\n")
	}
	return b.String()
}

// The encoding of a file whose first 64 KiB are ASCII is told from the 64
// KiB from its first byte that is not, as the first 64 KiB of another file
// are: Windows-1252 read so from there, UTF-8 kept, and bytes that are
// not UTF-8 after that reported.
func TestCSVEncodingToldAfterASCIIPrefix(t *testing.T) {
	prefix := asciiPrefix()
	for _, tc := range []struct {
		name string
		rest string
		want importer.Encoding
		last []string // the last row's cells
		bad  bool     // the last row is reported for bytes that are not UTF-8
	}{
		{"windows-1252", "H\xe9l\xe8ne,M\xfcller \x80\r\n", importer.EncodingWindows1252, []string{"Hélène", "Müller €"}, false},
		{"windows-1252 that begins as UTF-8 would", "\xc3\xa9t\xe9,Zo\xeb\r\n", importer.EncodingWindows1252, []string{"Ã©té", "Zoë"}, false},
		{"utf-8", "Hélène,Müller\r\n", importer.EncodingUTF8, []string{"Hélène", "Müller"}, false},
		{"utf-8, then bytes that are not", "Zoé,Lee\r\n" + strings.Repeat("a,b\r\n", 20000) + "Zo\xeb,Lee\r\n", importer.EncodingUTF8, []string{"Zo\uFFFD", "Lee"}, true},
		{"all ascii", "Ann,Lee\r\n", importer.EncodingUTF8, []string{"Ann", "Lee"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := openCSV(t, []byte(prefix+tc.rest), nil)
			assert.Equal(t, importer.EncodingUTF8, r.Encoding(), "before the first byte that is not ASCII")
			rows, errs := readAll(t, r)
			assert.Equal(t, tc.want, r.Encoding())
			last := len(rows) - 1
			assert.Equal(t, tc.last, rows[last].Cells)
			if tc.bad {
				assert.ErrorIs(t, errs[last], importer.ErrInvalidText)
			} else {
				assert.NoError(t, errs[last])
			}
			for i, row := range rows[:last] {
				require.NoError(t, errs[i], "line %d", row.Line)
			}
		})
	}
	// The same rule for a vCard file.
	var card strings.Builder
	for card.Len() < 70<<10 {
		card.WriteString("BEGIN:VCARD\r\nVERSION:2.1\r\nN:Smith;Adam\r\nEND:VCARD\r\n")
	}
	card.WriteString("BEGIN:VCARD\r\nVERSION:2.1\r\nN:M\xfcller;H\xe9l\xe8ne\r\nEND:VCARD\r\n")
	v, err := importer.NewVCard(strings.NewReader(card.String()), nil)
	require.NoError(t, err)
	rows, errs := readAll(t, v)
	assert.Equal(t, importer.EncodingWindows1252, v.Encoding())
	last := len(rows) - 1
	assert.NoError(t, errs[last])
	assert.Equal(t, []string{"Hélène", "Müller"}, []string{rows[last].Cells[1], rows[last].Cells[3]})
}

// A vCard file read as UTF-8 with bytes that are not UTF-8 further on
// reports the card, as a CSV file reports the row, and its cells are UTF-8.
func TestVCardInvalidUTF8AfterPrefix(t *testing.T) {
	data := strings.Repeat("BEGIN:VCARD\nNOTE:"+strings.Repeat("é", 30000)+"\nEND:VCARD\n", 2) + "BEGIN:VCARD\nN:M\xfcller;Ann\nEND:VCARD\n"
	v, err := importer.NewVCard(strings.NewReader(data), nil)
	require.NoError(t, err)
	rows, errs := readAll(t, v)
	require.Len(t, rows, 3)
	assert.Equal(t, importer.EncodingUTF8, v.Encoding())
	assert.NoError(t, errs[1])
	assert.ErrorIs(t, errs[2], importer.ErrInvalidText)
	assert.Equal(t, "M\uFFFDller", rows[2].Cells[3])
}

func errorsAs[E error](err error) (E, bool) { return errors.AsType[E](err) }

// TestCSVSepLine: a first line "sep=X", as Excel writes it, gives the
// delimiter (over what the header would suggest) and is no row; the lines
// are still numbered as in the file. A "sep=" line of another shape is
// the header.
func TestCSVSepLine(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		delim      byte
		header     []string
		first      importer.Row
	}{
		{"semicolon", "sep=;\r\nFirst Name;Notes\r\nAnn;a, b\r\n", ';', []string{"First Name", "Notes"},
			importer.Row{Line: 3, Cells: []string{"Ann", "a, b"}}},
		{"comma over a header of semicolons", "SEP=,\nName;Job,Email\nAnn;CEO,ann@example.com\n", ',', []string{"Name;Job", "Email"},
			importer.Row{Line: 3, Cells: []string{"Ann;CEO", "ann@example.com"}}},
		{"tab, UTF-8 BOM", "\xEF\xBB\xBFsep=\t\nName\tEmail\nAnn\tann@example.com\n", '\t', []string{"Name", "Email"},
			importer.Row{Line: 3, Cells: []string{"Ann", "ann@example.com"}}},
		{"not a sep line", "sep=;;\nName;Email\n", ';', []string{"sep=", "", ""},
			importer.Row{Line: 2, Cells: []string{"Name", "Email", ""}}}, // padded: the header's last cell is blank
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := openCSV(t, []byte(tc.data), nil)
			assert.Equal(t, tc.delim, r.Delimiter())
			assert.Equal(t, tc.header, r.Header())
			rows, _ := readAll(t, r)
			require.NotEmpty(t, rows)
			assert.Equal(t, tc.first, rows[0])
		})
	}
}

// TestCSVCarriageReturnLines: a file whose lines end with "\r" alone (the
// CSV of the Macs of old) is read row by row, a quoted cell's line break
// included.
func TestCSVCarriageReturnLines(t *testing.T) {
	data := "First Name,Notes,Email\r\"Zoé\",\"line one\rline two\",zoe@example.com\r\rAnn,plain,ann@example.com\r"
	r := openCSV(t, []byte(data), nil)
	assert.Equal(t, []string{"First Name", "Notes", "Email"}, r.Header())
	rows, errs := readAll(t, r)
	assert.Equal(t, []importer.Row{
		{Line: 2, Cells: []string{"Zoé", "line one\nline two", "zoe@example.com"}},
		{Line: 5, Cells: []string{"Ann", "plain", "ann@example.com"}},
	}, rows)
	assert.Equal(t, []error{nil, nil}, errs)
}

// TestCSVBlanksAroundQuotedCells: blanks before an opening quote and after
// a closing one are no part of a quoted cell (a file written with a space
// after each comma); what RFC 4180 reads otherwise is read as before.
func TestCSVBlanksAroundQuotedCells(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		want       [][]string
	}{
		{"a space after each comma", "\"h1\", \"h2\", \"h3\"\n\"Ann\", \"Lee\", \"ann@example.com\"\n",
			[][]string{{"Ann", "Lee", "ann@example.com"}}},
		{"a delimiter inside a quoted cell after a space", "a, b\n\"Bob\", \"Lee, Smith & Co\"\n",
			[][]string{{"Bob", "Lee, Smith & Co"}}},
		{"blanks after the closing quote", "a,b,c\n\"Ann\"  ,\"Lee\"\t, \"x\" \r\n",
			[][]string{{"Ann", "Lee", "x"}}},
		{"semicolons and tabs as blanks", "a;b\n\t\"x;y\" ;\t \"z\"\n",
			[][]string{{"x;y", "z"}}},
		{"tab delimiter: a tab is no blank", "a\tb\n \"x\"\t\"\"\n",
			[][]string{{"x", ""}}},
		{"a quote after a space that does not close on its line", "a,b,c\nBob, \"Bobby Smith,b@x.com\nAnn,Lee,a@x.com\n",
			[][]string{{"Bob", " \"Bobby Smith", "b@x.com"}, {"Ann", "Lee", "a@x.com"}}},
		{"doubled quotes after a space", "a,b\nx, \"say \"\"hi\"\"\"\n",
			[][]string{{"x", "say \"hi\""}}},
		{"a quote that opens no quoted cell", "a,b,c\nBob, \"Bobby\" Smith, x\n",
			[][]string{{"Bob", " \"Bobby\" Smith", " x"}}},
		{"unquoted cells keep their blanks", "a,b\nx , y\n",
			[][]string{{"x ", " y"}}},
		{"a stray quote inside a quoted cell", "a,b\n\"5\" 11\", x\n",
			[][]string{{"5\" 11", " x"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := openCSV(t, []byte(tc.data), nil)
			rows, errs := readAll(t, r)
			var got [][]string
			for i, row := range rows {
				assert.NoError(t, errs[i])
				got = append(got, row.Cells)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// A line past MaxRowBytes keeps the cells of what the cap keeps of it, and
// the next line is a row.
func TestCSVOverlongLineKeepsItsFirstCells(t *testing.T) {
	data := "Email,Notes,Tag\nann@example.com,\"" + strings.Repeat("x", 300) + "\",vip\nbob@example.com,ok,\n"
	rows, errs := readAll(t, openCSV(t, []byte(data), &importer.Options{MaxRowBytes: 128, MaxCellBytes: 64}))
	require.Len(t, rows, 2)
	assert.Equal(t, 2, rows[0].Line)
	require.Len(t, rows[0].Cells, 2)
	assert.Equal(t, "ann@example.com", rows[0].Cells[0])
	assert.Equal(t, `"`+strings.Repeat("x", 63), rows[0].Cells[1])
	assert.ErrorIs(t, errs[0], importer.ErrLimit)
	assert.Equal(t, importer.Row{Line: 3, Cells: []string{"bob@example.com", "ok", ""}}, rows[1])
	assert.NoError(t, errs[1])
}

// Excel for Mac saves CSV in Mac OS Roman: told from Windows-1252 by the
// bytes each misreads, on a tie by the line ends (Mac OS Roman for "\r"
// alone), also after an ASCII prefix.
func TestCSVMacRoman(t *testing.T) {
	win := charmap.Windows1252.NewEncoder()
	mac := charmap.Macintosh.NewEncoder()
	enc := func(e *encoding.Encoder, s string) string {
		b, err := e.String(s)
		require.NoError(t, err)
		return b
	}
	for _, tt := range []struct {
		name, text string
		e          *encoding.Encoder
		want       importer.Encoding
	}{
		{"mac: French", "Prénom,Nom\rHélène,Lefèvre\rFrançois,Dupré\r", mac, importer.EncodingMacRoman},
		{"mac: German", "Name,Stadt\nMüller,Köln\nSchäfer,Düsseldorf\n", mac, importer.EncodingMacRoman},
		{"mac: Spanish", "Nombre,Ciudad\nMaría,Logroño\nJosé,Cádiz\n", mac, importer.EncodingMacRoman},
		{"mac: one word", "Nom\nCaféine\n", mac, importer.EncodingMacRoman},
		{"windows: French", "Prénom,Nom\r\nHélène,Lefèvre\r\nFrançois,Dupré\r\n", win, importer.EncodingWindows1252},
		{"windows: German", "Name,Stadt\nMüller,Köln\nSchäfer,Düsseldorf\n", win, importer.EncodingWindows1252},
		{"windows: apostrophes alone", "Name,Note\nO’Brien,don’t “call”\nAnn,10 – 12\n", win, importer.EncodingWindows1252},
		{"windows: capitals", "NOM,VILLE\nDUPRÉ,ÉVRY\nÇA,ÀÎ\n", win, importer.EncodingWindows1252},
		{"windows: symbols", "Name,Price\nAnn,€ 12\nBob,© ™ ½\n", win, importer.EncodingWindows1252},
		// Bytes that read as letters or punctuation in both: a tie.
		{"mac: a tie, lines ending in CR", "Nom,Ville\rZoë,Noël\rÇa,Ëve\r", mac, importer.EncodingMacRoman},
		{"windows: a tie, lines ending in CRLF", "Nom,Note\r\nZo‘e,a‚b\r\n", win, importer.EncodingWindows1252},
		{"windows: a tie, lines ending in LF", "Nom,Note\nZo‘e,a‚b\n", win, importer.EncodingWindows1252},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, prefix := range []string{"", strings.Repeat("x,y\n", 20000)} {
				data := enc(tt.e, tt.text)
				if prefix != "" {
					// The encoding told after 64 KiB of ASCII rows, with
					// the file's line ends.
					end := "\n"
					if !strings.Contains(tt.text, end) {
						end = "\r"
						prefix = strings.ReplaceAll(prefix, "\n", end)
					}
					h, rest, _ := strings.Cut(data, end)
					data = h + end + prefix + rest
				}
				r := openCSV(t, []byte(data), nil)
				rows, _ := readAll(t, r)
				assert.Equal(t, tt.want, r.Encoding())
				var got []string
				for _, row := range rows {
					if row.Cells[0] != "x" {
						got = append(got, strings.Join(row.Cells, ","))
					}
				}
				lines := strings.FieldsFunc(tt.text, func(r rune) bool { return r == '\n' || r == '\r' })
				assert.Equal(t, lines[1:], got)
			}
		})
	}
}

// Stray quotes one after another are each read again once, not the rest of
// the file again for each (X1: a parser is linear in its input): a file of
// lines that each open a quote, within MaxRowBytes, reads in time.
func TestCSVStrayQuotesLinear(t *testing.T) {
	const n = 100_000
	data := "Name\n" + strings.Repeat("\"x\n", n)
	r := openCSV(t, []byte(data), nil)
	type result struct {
		rows, stray int
		err         error
	}
	done := make(chan result, 1)
	go func() {
		var res result
		for {
			row, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if _, ok := errors.AsType[*importer.RowError](err); err != nil && !ok {
				res.err = err
				break
			}
			if errors.Is(err, importer.ErrUnterminatedQuote) && len(row.Cells) == 1 && row.Cells[0] == `"x` {
				res.stray++
			}
			res.rows++
		}
		done <- res
	}()
	select {
	case res := <-done:
		require.NoError(t, res.err)
		assert.Equal(t, n, res.rows, "each line a row")
		assert.Equal(t, n, res.stray, "each line's quote read as written, with ErrUnterminatedQuote")
	case <-time.After(20 * time.Second):
		t.Fatalf("Next: %d lines of stray quotes not read in 20s: quadratic", n)
	}
}
