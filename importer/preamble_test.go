package importer_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
)

// linkedInNote is the note LinkedIn's connections export begins with, in
// the form it has (a label, a quoted paragraph, a blank line).
const linkedInNote = "Notes:\n" +
	`"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address."` + "\n" +
	"\n"

// The lines some exports put before their header (a note, a title, then a
// blank line) are skipped, and given by Preamble; the rows keep the lines
// of the file. A file without one, or whose later lines only look like a
// header, reads as before.
func TestCSVPreamble(t *testing.T) {
	for _, tt := range []struct {
		name, data string
		header     []string
		preamble   []string
		firstLine  int
		first      []string
	}{
		{
			name:      "LinkedIn",
			data:      linkedInNote + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAnn,Lee,https://www.linkedin.com/in/annlee,,Acme,Engineer,02 Dec 2026\n",
			header:    []string{"First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"},
			preamble:  []string{"Notes:", "When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address."},
			firstLine: 5,
			first:     []string{"Ann", "Lee", "https://www.linkedin.com/in/annlee", "", "Acme", "Engineer", "02 Dec 2026"},
		},
		{
			name:      "a sheet's title, semicolons",
			data:      "Liste des contacts;;;\r\n;;;\r\nPrénom;Nom;E-mail;Mobile\r\nAnn;Lee;ann@example.com;0612345678\r\n",
			header:    []string{"Prénom", "Nom", "E-mail", "Mobile"},
			preamble:  []string{"Liste des contacts"},
			firstLine: 4,
			first:     []string{"Ann", "Lee", "ann@example.com", "0612345678"},
		},
		{
			name:      "title and date, tabs",
			data:      "Contacts\nExported 2026-12-01\n\n\nName\tEmail\nAnn\tann@example.com\n",
			header:    []string{"Name", "Email"},
			preamble:  []string{"Contacts", "Exported 2026-12-01"},
			firstLine: 6,
			first:     []string{"Ann", "ann@example.com"},
		},
		{
			name:      "after a sep line",
			data:      "sep=;\nExport\n\nName;Email\nAnn;ann@example.com\n",
			header:    []string{"Name", "Email"},
			preamble:  []string{"Export"},
			firstLine: 5,
			first:     []string{"Ann", "ann@example.com"},
		},
		{
			name:      "lines ending in CR",
			data:      "Export\r\rName,Email\rAnn,ann@example.com\r",
			header:    []string{"Name", "Email"},
			preamble:  []string{"Export"},
			firstLine: 4,
			first:     []string{"Ann", "ann@example.com"},
		},
		{
			name:      "no preamble",
			data:      "Name,Email\nAnn,ann@example.com\n",
			header:    []string{"Name", "Email"},
			firstLine: 2,
			first:     []string{"Ann", "ann@example.com"},
		},
		{
			name:      "leading blank lines only",
			data:      "\n\nName,Email\nAnn,ann@example.com\n",
			header:    []string{"Name", "Email"},
			firstLine: 4,
			first:     []string{"Ann", "ann@example.com"},
		},
		{
			name:      "one column, then a row with a comma",
			data:      "Name\nAnn\nSmith, John\nBob\n",
			header:    []string{"Name"},
			firstLine: 2,
			first:     []string{"Ann"},
		},
		{
			name:      "one column, no blank line before two values",
			data:      "Name\nSmith, John\nDoe, Jane\n",
			header:    []string{"Name"},
			firstLine: 2,
			first:     []string{"Smith", " John"},
		},
		{
			name:      "one column of emails, then data of two",
			data:      "ann@example.com\n\nbob@example.com,Bob\n",
			header:    []string{"ann@example.com"},
			firstLine: 3,
			first:     []string{"bob@example.com", "Bob"},
		},
		{
			name:      "one column of names, then a phone row",
			data:      "Ann\n\nBob,+33612345678\n",
			header:    []string{"Ann"},
			firstLine: 3,
			first:     []string{"Bob", "+33612345678"},
		},
		{
			name:      "a note with a semicolon, then a table of commas",
			data:      "Contacts\n\nExported by Acme; December\n\nName,Email\nAnn,ann@example.com\n",
			header:    []string{"Contacts"},
			firstLine: 3,
			first:     []string{"Exported by Acme; December"},
		},
		{
			name:      "a header without rows",
			data:      "Contacts\n\nName,Email\n",
			header:    []string{"Name", "Email"},
			preamble:  []string{"Contacts"},
			firstLine: 0,
		},
		{
			name:      "rows of one value under the header",
			data:      "Contacts\n\nName,Email\n\nAnn,\n,bob@example.com\n",
			header:    []string{"Name", "Email"},
			preamble:  []string{"Contacts"},
			firstLine: 5,
			first:     []string{"Ann", ""},
		},
		{
			name:      "a file without a header, an email first",
			data:      "ann@example.com,,\n,,\n,Bob,Lee\ncyd@example.com,Cyd,Ho\n",
			header:    []string{"ann@example.com", "", ""},
			firstLine: 3,
			first:     []string{"", "Bob", "Lee"},
		},
		{
			name:      "a file without a header, a phone first",
			data:      "+33 6 12 34 56 78\n\nBob,Lee\n",
			header:    []string{"+33 6 12 34 56 78"},
			firstLine: 3,
			first:     []string{"Bob", "Lee"},
		},
		{
			name:      "too long to be a preamble",
			data:      strings.Repeat("note\n", 11) + "\nName,Email\nAnn,ann@example.com\n",
			header:    []string{"note"},
			firstLine: 2,
			first:     []string{"note"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := openCSV(t, []byte(tt.data), nil)
			assert.Equal(t, tt.header, r.Header())
			assert.Equal(t, tt.preamble, r.Preamble())
			row, err := r.Next()
			if len(tt.first) == len(tt.header) {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.firstLine, row.Line)
			assert.Equal(t, tt.first, row.Cells)
		})
	}
}

// A LinkedIn export maps as a file with its header first does.
func TestSuggestAfterPreamble(t *testing.T) {
	data := linkedInNote + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" +
		"Ann,Lee,https://www.linkedin.com/in/annlee,ann@example.com,Acme,Engineer,02 Dec 2026\n"
	r, sample, m := suggestFile(t, []byte(data))
	require.False(t, m.Headerless)
	require.Len(t, sample, 1)
	plain, _, want := suggestFile(t, []byte(strings.TrimPrefix(data, linkedInNote)))
	assert.Equal(t, plain.Header(), r.Header())
	require.Len(t, m.Columns, len(want.Columns))
	for i := range want.Columns {
		assert.Equal(t, want.Columns[i].Target, m.Columns[i].Target, m.Columns[i].Header)
	}
	assert.Equal(t, importer.KindEmail, m.Columns[3].Target.Kind)
}

// sheetOf returns a worksheet of rows, each a row number and its cells
// from column A on.
func sheetOf(rows map[int][]string) string {
	var b strings.Builder
	b.WriteString(sheetHead)
	for n := 1; n <= 20; n++ {
		cells, ok := rows[n]
		if !ok {
			continue
		}
		fmt.Fprintf(&b, `<row r="%d">`, n)
		for i, c := range cells {
			fmt.Fprintf(&b, `<c r="%c%d" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, 'A'+i, n, c)
		}
		b.WriteString("</row>\n")
	}
	b.WriteString("</sheetData></worksheet>")
	return b.String()
}

// A workbook's title rows, then an empty row, before its header are
// skipped as a CSV file's preamble is; the rows read ahead of a sheet
// without one come back from Next, checked against the header.
func TestXLSXPreamble(t *testing.T) {
	for _, tt := range []struct {
		name     string
		rows     map[int][]string
		header   []string
		preamble []string
		lines    []int
		failed   []bool // rows that fail with ErrCellCount
	}{
		{
			name:     "title, empty row, header",
			rows:     map[int][]string{1: {"Contacts"}, 2: {"", " "}, 3: {"Name", "Email"}, 4: {"Ann", "ann@example.com"}},
			header:   []string{"Name", "Email"},
			preamble: []string{"Contacts"},
			lines:    []int{4},
			failed:   []bool{false},
		},
		{
			name:     "two title rows",
			rows:     map[int][]string{1: {"Contacts"}, 2: {"", "December"}, 4: {"Name", "Email"}, 5: {"Ann", "ann@example.com"}},
			header:   []string{"Name", "Email"},
			preamble: []string{"Contacts", "December"},
			lines:    []int{5},
			failed:   []bool{false},
		},
		{
			name:   "one column, then two values without an empty row",
			rows:   map[int][]string{1: {"Name"}, 2: {"Ann"}, 3: {"Bob", "extra"}, 4: {"Cyd"}},
			header: []string{"Name"},
			lines:  []int{2, 3, 4},
			failed: []bool{false, true, false},
		},
		{
			name:   "one column of emails, then data",
			rows:   map[int][]string{1: {"ann@example.com"}, 3: {"bob@example.com", "Bob"}, 4: {"cyd@example.com"}},
			header: []string{"ann@example.com"},
			lines:  []int{3, 4},
			failed: []bool{true, false},
		},
		{
			name:   "one column, then two values after an empty row, then one",
			rows:   map[int][]string{1: {"Name"}, 2: {"Ann"}, 4: {"Bob", "Lee"}, 5: {"Cyd"}, 6: {"Dee"}},
			header: []string{"Name"},
			lines:  []int{2, 4, 5, 6},
			failed: []bool{false, true, false, false},
		},
		{
			name:     "a header without rows",
			rows:     map[int][]string{1: {"Contacts"}, 3: {"Name", "Email"}},
			header:   []string{"Name", "Email"},
			preamble: []string{"Contacts"},
		},
		{
			name:   "without a header, an email first",
			rows:   map[int][]string{1: {"ann@example.com"}, 3: {"", "Bob", "Lee"}, 4: {"cyd@example.com", "Cyd", "Ho"}},
			header: []string{"ann@example.com"},
			lines:  []int{3, 4},
			failed: []bool{true, true},
		},
		{
			name:   "no preamble",
			rows:   map[int][]string{1: {"Name", "Email"}, 2: {"Ann", "ann@example.com"}},
			header: []string{"Name", "Email"},
			lines:  []int{2},
			failed: []bool{false},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := importer.Open(bytes.NewReader(buildXLSX(t, sheetOf(tt.rows), nil)), nil)
			require.NoError(t, err)
			x, ok := r.(*importer.XLSXReader)
			require.True(t, ok)
			defer x.Close()
			assert.Equal(t, tt.header, x.Header())
			assert.Equal(t, tt.preamble, x.Preamble())
			rows, errs := readAll(t, x)
			require.Len(t, rows, len(tt.lines))
			for i, row := range rows {
				assert.Equal(t, tt.lines[i], row.Line)
				if tt.failed[i] {
					assert.ErrorIs(t, errs[i], importer.ErrCellCount, "line %d", row.Line)
				} else {
					assert.NoError(t, errs[i], "line %d", row.Line)
					assert.Len(t, row.Cells, len(tt.header), "line %d", row.Line)
				}
			}
		})
	}
}

// The CSV and the xlsx readers read a preamble by one rule: on random
// openings of files (titles, notes, emails, phones, blank lines, rows of
// one to three values), the same lines as a CSV file and as a sheet give
// the same header and the same preamble.
func TestPreambleCSVAgreesWithXLSX(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 17))
	words := []string{"Contacts", "Notes:", "Name", "Email", "Phone", "Exported 2026-12-01", "ann@example.com", "+33 6 12 34 56 78", "Acme", "Lee"}
	found := 0
	for range 500 {
		var lines []string
		rows := map[int][]string{}
		for n := 1; n <= 2+r.IntN(12); n++ {
			k := r.IntN(4)
			if n <= 3 && r.IntN(2) == 0 {
				k = r.IntN(2) // a title, or a blank line, more often at the top
			}
			if n == 1 && k == 0 {
				k = 1
			}
			var cells []string
			for range k {
				cells = append(cells, words[r.IntN(len(words))])
			}
			lines = append(lines, strings.Join(cells, ","))
			if k > 0 {
				rows[n] = cells
			}
		}
		data := strings.Join(lines, "\n") + "\n"
		c := openCSV(t, []byte(data), nil)
		x, err := importer.Open(bytes.NewReader(buildXLSX(t, sheetOf(rows), nil)), nil)
		require.NoError(t, err, "%q", data)
		assert.Equal(t, c.Header(), x.Header(), "%q", data)
		assert.Equal(t, c.Preamble(), x.(*importer.XLSXReader).Preamble(), "%q", data)
		if c.Preamble() != nil {
			found++
		}
	}
	// Some openings have a preamble, most do not.
	assert.Greater(t, found, 20)
	assert.Less(t, found, 400)
}
