package importer_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
)

// suggestFile opens file, samples it and suggests its mapping in FR.
func suggestFile(t *testing.T, file []byte) (importer.Reader, []importer.Row, importer.Mapping) {
	t.Helper()
	r, err := importer.Open(bytes.NewReader(file), nil)
	require.NoError(t, err)
	sample, r, err := importer.Sample(r, 50)
	require.NoError(t, err)
	return r, sample, importer.Suggest(r.Header(), sample, nil, &importer.MapOptions{Region: "FR"})
}

func TestSuggestHeaderless(t *testing.T) {
	tests := []struct {
		name, file string
		want       bool
		targets    []importer.Kind
	}{
		{"emails alone", "ann@example.com\nbob@example.com\n", true, []importer.Kind{importer.KindEmail}},
		{"one row", "ann@example.com\n", true, []importer.Kind{importer.KindEmail}},
		{"phones and names", "Ann;06 12 34 56 78\nBob;+44 7911 123456\n", true, []importer.Kind{importer.KindIgnore, importer.KindPhone}},
		{"names then emails", "Ann Lee,ann@example.com\nBob Roe,bob@example.com\n", true, []importer.Kind{importer.KindIgnore, importer.KindEmail}},
		{"a known header", "Email\nann@example.com\n", false, []importer.Kind{importer.KindEmail}},
		{"a known header beside an address", "ann@example.com,Mobile\nbob@example.com,0612345678\n", false, nil},
		{"an unknown header", "Contact\nann@example.com\n", false, []importer.Kind{importer.KindEmail}},
		{"a year is no phone", "2024,Contact\n1,ann@example.com\n", false, nil},
		{"a vCard", "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEMAIL:ann@example.com\nEND:VCARD\n", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, m := suggestFile(t, []byte(tt.file))
			assert.Equal(t, tt.want, m.Headerless, m.HeaderlessReason)
			assert.Equal(t, tt.want, m.HeaderlessReason != "", m.HeaderlessReason)
			if tt.targets != nil {
				var got []importer.Kind
				for _, c := range m.Columns {
					got = append(got, c.Target.Kind)
				}
				assert.Equal(t, tt.targets, got)
			}
		})
	}
}

// HeaderRow gives the first row of a file without a header with the line
// it is on, through Sample's reader; Preview samples it.
func TestHeaderRow(t *testing.T) {
	r, sample, m := suggestFile(t, []byte("\n\nann@example.com,06 12 34 56 78\nbob@example.com,+33 6 12 34 56 79\n"))
	require.True(t, m.Headerless)
	assert.Equal(t, importer.Row{Line: 3, Cells: []string{"ann@example.com", "06 12 34 56 78"}}, importer.HeaderRow(r))
	p := importer.Preview(m, sample, nil, &importer.MapOptions{Region: "FR"})
	assert.Equal(t, []string{"ann@example.com", "bob@example.com"}, p[0].Samples)
	assert.Equal(t, 2, p[0].Parsed)
	assert.Equal(t, []string{"06 12 34 56 78", "+33 6 12 34 56 79"}, p[1].Samples)
	assert.Equal(t, 2, p[1].Parsed)

	sheet := sheetHead + `<row r="4"><c r="A4" t="inlineStr"><is><t>ann@example.com</t></is></c></row>
<row r="5"><c r="A5" t="inlineStr"><is><t>bob@example.com</t></is></c></row></sheetData></worksheet>`
	x, _, m := suggestFile(t, buildXLSX(t, sheet, nil))
	require.True(t, m.Headerless)
	assert.Equal(t, importer.Row{Line: 4, Cells: []string{"ann@example.com"}}, importer.HeaderRow(x))
}

func TestWriterNoHeader(t *testing.T) {
	var b bytes.Buffer
	w := importer.NewWriter(&b, &importer.WriterOptions{NoHeader: true, Delimiter: ';', BOM: true})
	require.Error(t, w.WriteHeader([]string{"Email"}))
	require.NoError(t, w.Write([]string{"ann@example.com", "=1+1"}))
	require.NoError(t, w.Write([]string{"bob@example.com"}))
	require.ErrorIs(t, w.Write(nil), importer.ErrCellCount)
	require.NoError(t, w.Flush())
	assert.Equal(t, "\uFEFFann@example.com;'=1+1\nbob@example.com\n", b.String())
	rows := strings.Split(strings.TrimSpace(b.String()), "\n")
	assert.Len(t, rows, 2)

	bad := importer.NewWriter(&b, &importer.WriterOptions{NoHeader: true, Delimiter: '|'})
	assert.Error(t, bad.Write([]string{"x"}))
}

// The new custom fields ExtraCustom makes for a file without a header are
// named after their column, not after the first row's values (a contact's
// name, made a field of the workspace).
func TestSuggestHeaderlessExtraCustom(t *testing.T) {
	file := []byte("Ann Lee,ann@example.com,Acme\nBob Roe,bob@example.com,Initech\n")
	r, err := importer.Open(bytes.NewReader(file), nil)
	require.NoError(t, err)
	sample, r, err := importer.Sample(r, 50)
	require.NoError(t, err)
	m := importer.Suggest(r.Header(), sample, nil, &importer.MapOptions{Region: "FR", Extra: importer.ExtraCustom})
	require.True(t, m.Headerless, m.HeaderlessReason)
	keys := m.NewFields(nil)
	require.NotEmpty(t, keys)
	for _, k := range keys {
		assert.True(t, strings.HasPrefix(k.String(), "col_"), "a field named after a contact's value: %s", k)
	}
}

// A mapping of a file without a header fits the next file of the same
// columns: its Headers are the first file's first row, values, which
// CheckHeader does not hold against the next file's (an SMS tool's daily
// list of numbers, imported with the mapping kept from the first).
func TestCheckHeaderHeaderless(t *testing.T) {
	_, _, m := suggestFile(t, []byte("ann@example.com,06 12 34 56 78\nbob@example.com,06 12 34 56 79\n"))
	require.True(t, m.Headerless, m.HeaderlessReason)
	next, _, _ := suggestFile(t, []byte("cy@example.com,06 12 34 56 80\ndi@example.com,06 12 34 56 81\n"))
	assert.NoError(t, m.CheckHeader(next.Header()))
	assert.ErrorIs(t, m.CheckHeader([]string{"cy@example.com"}), importer.ErrColumn, "a column the file lacks")
}
