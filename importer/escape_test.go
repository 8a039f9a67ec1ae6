package importer_test

import (
	"bytes"
	"cmp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, escaped string }{
		{"+33612345678", "'+33612345678"},
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"-5", "'-5"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"'=literal", "''=literal"},
		{"'quoted", "''quoted"},
		{"'", "''"},
		{"plain", "plain"},
		{"", ""},
		{" =1", " =1"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.escaped, importer.Escape(tt.in), "Escape(%q)", tt.in)
		assert.Equal(t, tt.in, importer.Unescape(tt.escaped), "Unescape(%q)", tt.escaped)
	}
	assert.Equal(t, "'hello", importer.Unescape("'hello"), "an apostrophe before another character stays")
}

// checkEscape is the property both the test and the fuzz target check.
func checkEscape(t *testing.T, s string) {
	e := importer.Escape(s)
	if got := importer.Unescape(e); got != s {
		t.Fatalf("Unescape(Escape(%q)) = %q", s, got)
	}
	if e != "" && strings.ContainsRune("=+-@\t\r", rune(e[0])) {
		t.Fatalf("Escape(%q) = %q starts with a formula character", s, e)
	}
}

func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "'", "''", "'=", "=1+2", "+33", "-", "@", "\t", "\r\n", "abc", "''=x"} {
		f.Add(s)
	}
	f.Fuzz(checkEscape)
}

func TestEscapeProperty(t *testing.T) {
	alphabet := []string{"'", "=", "+", "-", "@", "\t", "\r", "a", " ", "é"}
	// Every string of up to four symbols of the alphabet.
	var gen func(prefix string, n int)
	gen = func(prefix string, n int) {
		checkEscape(t, prefix)
		if n == 0 {
			return
		}
		for _, a := range alphabet {
			gen(prefix+a, n-1)
		}
	}
	gen("", 4)
}

func TestWriterRoundTrip(t *testing.T) {
	header := []string{"First Name", "Phone", "Notes"}
	rows := [][]string{
		{"Ann", "+33612345678", "'=not a formula"},
		{"=cmd|' /C calc'!A0", "-1", "two\nlines, \"quoted\""},
		{"", "@x", "\ttab"},
		{"\r\n=1", "\r", "a\r\nb\nc\r"},
	}
	for _, o := range []importer.WriterOptions{{}, {BOM: true}, {Delimiter: ';'}, {Delimiter: '\t', BOM: true}} {
		bom := o.BOM
		var buf bytes.Buffer
		w := importer.NewWriter(&buf, &o)
		require.NoError(t, w.WriteHeader(header))
		for _, r := range rows {
			require.NoError(t, w.Write(r))
		}
		assert.ErrorIs(t, w.Write([]string{"short"}), importer.ErrCellCount)
		require.NoError(t, w.Flush())
		assert.Equal(t, bom, bytes.HasPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF")))
		r := openCSV(t, buf.Bytes(), nil)
		assert.Equal(t, header, r.Header())
		assert.Equal(t, cmp.Or(o.Delimiter, ','), r.Delimiter(), "the reader tells the delimiter written")
		got, errs := readAll(t, r)
		require.Len(t, got, len(rows))
		for i, row := range got {
			require.NoError(t, errs[i])
			for j, c := range row.Cells {
				if c != "" {
					assert.NotContains(t, "=+-@\t\r", c[:1], "exported cell %q starts with a formula character", c)
				}
				assert.Equal(t, rows[i][j], importer.Unescape(c), "row %d cell %d", i, j)
			}
		}
	}
}

// A Writer refuses a delimiter its reader would not tell.
func TestWriterDelimiter(t *testing.T) {
	var buf bytes.Buffer
	w := importer.NewWriter(&buf, &importer.WriterOptions{Delimiter: '|'})
	require.Error(t, w.WriteHeader([]string{"a"}))
	assert.Error(t, w.Write([]string{"b"}))
	assert.Empty(t, buf.String())
}

// A ragged Writer writes a row of another number of cells than the header
// as it is, and the reader refuses it again, as it refused the row it was
// read from.
func TestWriterRagged(t *testing.T) {
	var buf bytes.Buffer
	w := importer.NewWriter(&buf, &importer.WriterOptions{Ragged: true})
	require.NoError(t, w.WriteHeader([]string{"First Name", "Phone", "Notes"}))
	require.NoError(t, w.Write([]string{"Ann", "+33612345678", "ok"}))
	require.NoError(t, w.Write([]string{"Bob"}))
	require.NoError(t, w.Write([]string{"Cyd", "Acme", " Inc.", "more"}))
	assert.ErrorIs(t, w.Write(nil), importer.ErrCellCount, "a row of no cell")
	require.NoError(t, w.Flush())
	got, errs := readAll(t, openCSV(t, buf.Bytes(), nil))
	require.Len(t, got, 3)
	assert.NoError(t, errs[0])
	assert.ErrorIs(t, errs[1], importer.ErrCellCount, "the short row")
	assert.ErrorIs(t, errs[2], importer.ErrCellCount, "the long row")
}
