package importer_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
)

// TestAuditCSVCells checks crafted CSV inputs cell by cell.
func TestAuditCSVCells(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		header   []string
		rows     [][]string
	}{
		{"crlf inside quotes", "a,b\r\n\"x\r\ny\",z\r\n", []string{"a", "b"}, [][]string{{"x\r\ny", "z"}}},
		{"trailing empty", "a,b,c\n1,,\n", []string{"a", "b", "c"}, [][]string{{"1", "", ""}}},
		{"semicolon with quoted commas", "\"a,b,c\";d\n1;2\n", []string{"a,b,c", "d"}, [][]string{{"1", "2"}}},
		{"tab", "a\tb\n\"1\t2\"\t3\n", []string{"a", "b"}, [][]string{{"1\t2", "3"}}},
		{"doubled quotes", "a\n\"say \"\"hi\"\"\"\n", []string{"a"}, [][]string{{"say \"hi\""}}},
		// A row of quoted empty cells alone is blank, and skipped
		// (TestCSVBlankRows).
		{"quoted empty", "a,b,c\n\"\",\"\",x\n", []string{"a", "b", "c"}, [][]string{{"", "", "x"}}},
		{"bom", "\xEF\xBB\xBFa;b\n1;2", []string{"a", "b"}, [][]string{{"1", "2"}}},
		{"cp1252", "Pr\xe9nom;Soci\xe9t\xe9\nRen\xe9e;\x80uro\n", []string{"Prénom", "Société"}, [][]string{{"Renée", "€uro"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := importer.NewCSV(strings.NewReader(tc.in), nil)
			require.NoError(t, err)
			assert.Equal(t, tc.header, r.Header())
			rows, errs := readAll(t, r)
			for _, err := range errs {
				assert.NoError(t, err)
			}
			var got [][]string
			for _, row := range rows {
				got = append(got, row.Cells)
			}
			assert.Equal(t, tc.rows, got)
		})
	}
}

func utf16BE(s string) []byte {
	out := []byte{0xFE, 0xFF}
	for _, r := range s {
		if r > 0xFFFF {
			r -= 0x10000
			hi, lo := 0xD800+(r>>10), 0xDC00+(r&0x3FF)
			out = append(out, byte(hi>>8), byte(hi), byte(lo>>8), byte(lo))
			continue
		}
		out = append(out, byte(r>>8), byte(r))
	}
	return out
}

func TestAuditCSVUTF16BE(t *testing.T) {
	r, err := importer.NewCSV(bytes.NewReader(utf16BE("Prénom;Tél\r\n\"Zoé\n😀\";+33 6\r\n")), nil)
	require.NoError(t, err)
	assert.Equal(t, importer.EncodingUTF16BE, r.Encoding())
	assert.Equal(t, []string{"Prénom", "Tél"}, r.Header())
	rows, errs := readAll(t, r)
	require.Len(t, rows, 1)
	assert.NoError(t, errs[0])
	assert.Equal(t, []string{"Zoé\n😀", "+33 6"}, rows[0].Cells)
}

// TestAuditXLSXIndentedXML: a writer that indents its XML puts white space
// between the elements of a rich or inline string; a spreadsheet shows only
// the text of the <t> elements.
func TestAuditXLSXIndentedXML(t *testing.T) {
	shared := `<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
  <si>
    <t>Name</t>
  </si>
  <si>
    <r>
      <t>Zo</t>
    </r>
    <r>
      <t>é</t>
    </r>
  </si>
</sst>`
	sheet := sheetHead + `
  <row r="1">
    <c r="A1" t="s">
      <v>0</v>
    </c>
    <c r="B1" t="inlineStr">
      <is>
        <t>Notes</t>
      </is>
    </c>
  </row>
  <row r="2">
    <c r="A2" t="s"><v>1</v></c>
    <c r="B2" t="inlineStr">
      <is>
        <t xml:space="preserve"> two
lines </t>
      </is>
    </c>
  </row>
</sheetData></worksheet>`
	data := buildXLSX(t, sheet, map[string]string{"xl/sharedStrings.xml": shared})
	r, err := importer.OpenXLSX(bytes.NewReader(data), int64(len(data)), nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"Name", "Notes"}, r.Header())
	rows, errs := readAll(t, r)
	require.Len(t, rows, 1)
	assert.NoError(t, errs[0])
	assert.Equal(t, []string{"Zoé", " two\nlines "}, rows[0].Cells)
}

// TestAuditVCardLabelsBounded: a card with a great many X-ABLabel lines of
// groups that no property uses must not hold them all in memory.
func TestAuditVCardLabelsBounded(t *testing.T) {
	const n = 200_000
	src := &vcardLabelSource{n: n}
	r, err := importer.NewVCard(src, nil)
	require.NoError(t, err)
	before := heapAlloc()
	var peak uint64
	src.probe = func() {
		if h := heapAlloc(); h > peak {
			peak = h
		}
	}
	row, err := r.Next()
	require.NoError(t, err)
	assert.Equal(t, "+33612345678", row.Cells[slicesIndex(r.Header(), "Phone 1")])
	assert.Equal(t, "mobile", row.Cells[slicesIndex(r.Header(), "Phone 1 Label")])
	// 200,000 labels of 40 bytes are 8 MB in a map; bounded memory stays
	// well under that.
	assert.Less(t, peak, before+2<<20, "heap grew from %d to %d B while reading one card", before, peak)
}

// vcardLabelSource writes one card with n X-ABLabel lines, then a phone.
type vcardLabelSource struct {
	n, i  int
	buf   []byte
	probe func()
}

func (s *vcardLabelSource) Read(p []byte) (int, error) {
	for len(s.buf) < len(p) && s.i <= s.n+1 {
		switch {
		case s.i == 0:
			s.buf = append(s.buf, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\n"...)
		case s.i <= s.n:
			s.buf = fmt.Appendf(s.buf, "item%d.X-ABLabel:custom label number %08d\r\n", s.i, s.i)
			if s.i%50_000 == 0 && s.probe != nil {
				s.probe()
			}
		default:
			s.buf = append(s.buf, "TEL;TYPE=CELL:+33612345678\r\nEND:VCARD\r\n"...)
		}
		s.i++
	}
	if len(s.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, s.buf)
	s.buf = s.buf[:copy(s.buf, s.buf[n:])]
	return n, nil
}

// TestAuditVCardUnterminated: a card cut before END:VCARD comes with the
// cells that could be read, within the caps.
func TestAuditVCardUnterminated(t *testing.T) {
	data := "BEGIN:VCARD\nFN:Ann\nNOTE:first\nNOTE:second\nCATEGORIES:a,b\nNICKNAME:" + strings.Repeat("x", 100) + "\n"
	cards, _, errs := vcardRows(t, data, &importer.Options{MaxCellBytes: 50})
	require.Len(t, cards, 1)
	require.ErrorIs(t, errs[0], importer.ErrMalformed)
	assert.Equal(t, "first\nsecond", cards[0]["Notes"])
	assert.Equal(t, "a, b", cards[0]["Categories"])
	assert.Len(t, cards[0]["Nickname"], 50)
}

// TestAuditVCardTypeBeforeABLabel: the doc says the label comes from the
// TYPE values first, else from the X-ABLabel of the group.
func TestAuditVCardTypeBeforeABLabel(t *testing.T) {
	data := "BEGIN:VCARD\nitem1.TEL;TYPE=CELL:+33612345678\nitem1.X-ABLabel:Assistant\nitem2.TEL:+33712345678\nitem2.X-ABLabel:Assistant\nEND:VCARD\n"
	cards, _, errs := vcardRows(t, data, nil)
	require.Len(t, cards, 1)
	assert.NoError(t, errs[0])
	assert.Equal(t, "mobile", cards[0]["Phone 1 Label"])
	assert.Equal(t, "Assistant", cards[0]["Phone 2 Label"])
}

func slicesIndex(h []string, s string) int {
	for i, x := range h {
		if x == s {
			return i
		}
	}
	panic(s)
}

var _ = errors.New
