package importer_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
)

// buildXLSX writes a workbook whose first sheet (by the workbook's order,
// not by file name) is sheet; extra parts may be added or replaced.
func buildXLSX(t testing.TB, sheet string, parts map[string]string) []byte {
	t.Helper()
	return buildXLSXMethod(t, zip.Deflate, sheet, parts)
}

// buildXLSXMethod is buildXLSX with the given compression method (Store is
// cheaper for fuzzing).
func buildXLSXMethod(t testing.TB, method uint16, sheet string, parts map[string]string) []byte {
	t.Helper()
	all := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<workbookPr/><sheets><sheet name="Contacts" sheetId="2" r:id="rId7"/><sheet name="Other" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>
<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/xl/styles.xml"/>
</Relationships>`,
		"xl/sharedStrings.xml": `<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">
<si><t>First Name</t></si><si><t>Phone</t></si><si><t>Birthday</t></si>
<si><r><rPr><b/></rPr><t>Zo</t></r><r><t xml:space="preserve">é </t></r><rPh sb="0" eb="1"><t>ゾエ</t></rPh></si>
<si><t>Notes</t></si></sst>`,
		"xl/styles.xml": `<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/><numFmt numFmtId="165" formatCode="&quot;Tel &quot;0"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>
</styleSheet>`,
		"xl/worksheets/sheet1.xml": `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>wrong sheet</t></is></c></row></sheetData></worksheet>`,
		"xl/worksheets/sheet2.xml": sheet,
	}
	for k, v := range parts {
		all[k] = v
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range all {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		require.NoError(t, err)
		_, err = w.Write([]byte(body))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:E4"/><sheetData>`

func TestXLSX(t *testing.T) {
	sheet := sheetHead + `
<row r="1" spans="1:5"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>4</v></c><c r="E1" t="inlineStr"><is><t>VIP</t></is></c></row>
<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" s="3"><v>33612345678</v></c><c r="C2" s="1"><v>31149</v></c><c r="D2" t="inlineStr"><is><r><t>multi</t></r><r><t xml:space="preserve">
line &amp; rich</t></r></is></c><c r="E2" t="b"><v>1</v></c></row>
<row r="3" spans="1:5"/>
<row r="5"><c r="A5" t="str"><f>CONCAT("A","nn")</f><v>Ann</v></c><c r="C5" s="2"><v>45000.5</v></c><c r="E5" t="b"><v>0</v></c></row>
<row r="6"><c r="B6"><v>1.5</v></c><c r="C6" s="1"><v>60</v></c><c r="D6" t="e"><v>#N/A</v></c></row>
</sheetData></worksheet>`
	data := buildXLSX(t, sheet, nil)
	r, err := importer.Open(bytes.NewReader(data), nil)
	require.NoError(t, err)
	x, ok := r.(*importer.XLSXReader)
	require.True(t, ok, "sniffed as xlsx")
	defer x.Close()
	assert.Equal(t, []string{"First Name", "Phone", "Birthday", "Notes", "VIP"}, r.Header())
	rows, errs := readAll(t, r)
	for _, err := range errs {
		assert.NoError(t, err)
	}
	assert.Equal(t, []importer.Row{
		{Line: 2, Cells: []string{"Zoé ", "33612345678", "1985-04-12", "multi\nline & rich", "true"}},
		{Line: 5, Cells: []string{"Ann", "", "2023-03-15T12:00:00", "", "false"}},
		{Line: 6, Cells: []string{"", "1.5", "60", "", ""}},
	}, rows)
}

func TestXLSXDate1904AndSerials(t *testing.T) {
	sheet := sheetHead + `<row r="1"><c r="A1" t="inlineStr"><is><t>d</t></is></c></row>
<row r="2"><c r="A2" s="1"><v>0</v></c></row></sheetData></worksheet>`
	wb := `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="S" sheetId="1" r:id="rId7"/></sheets></workbook>`
	data := buildXLSX(t, sheet, map[string]string{"xl/workbook.xml": wb})
	r, err := importer.OpenXLSX(bytes.NewReader(data), int64(len(data)), nil)
	require.NoError(t, err)
	rows, _ := readAll(t, r)
	assert.Equal(t, "1904-01-01", rows[0].Cells[0])

	for serial, want := range map[string]string{"1": "1900-01-01", "59": "1900-02-28", "61": "1900-03-01", "43831": "2020-01-01",
		// A date computed by a formula, with the binary noise of its
		// sum: Excel shows it rounded to the second, as a date when
		// that is midnight.
		"31149.999999999996": "1985-04-13", "31149.000000000004": "1985-04-12", "45000.49999999999": "2023-03-15T12:00:00"} {
		sheet := sheetHead + `<row r="1"><c r="A1" t="inlineStr"><is><t>d</t></is></c></row>
<row r="2"><c r="A2" s="1"><v>` + serial + `</v></c></row></sheetData></worksheet>`
		data := buildXLSX(t, sheet, nil)
		r, err := importer.OpenXLSX(bytes.NewReader(data), int64(len(data)), nil)
		require.NoError(t, err)
		rows, _ := readAll(t, r)
		assert.Equal(t, want, rows[0].Cells[0], "serial %s", serial)
	}
}

func TestXLSXZipBomb(t *testing.T) {
	// 5 MB of zeros in a cell compress to a few kilobytes.
	sheet := sheetHead + `<row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>` +
		strings.Repeat("0", 5<<20) + `</t></is></c></row></sheetData></worksheet>`
	data := buildXLSX(t, sheet, nil)
	require.Less(t, len(data), 64<<10)
	r, err := importer.OpenXLSX(bytes.NewReader(data), int64(len(data)), &importer.Options{MaxDecompressedBytes: 1 << 20})
	require.NoError(t, err)
	_, err = r.Next()
	require.ErrorIs(t, err, importer.ErrLimit)
	le, ok := errorsAs[*importer.LimitError](err)
	require.True(t, ok)
	assert.Equal(t, "decompressed size", le.What)
	_, err2 := r.Next()
	assert.Equal(t, err, err2, "a final error is returned again")
}

func TestXLSXLimits(t *testing.T) {
	var si strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&si, "<si><t>string number %d</t></si>", i)
	}
	shared := `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + si.String() + `</sst>`
	sheet := sheetHead + `<row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`
	data := buildXLSX(t, sheet, map[string]string{"xl/sharedStrings.xml": shared})
	_, err := importer.OpenXLSX(bytes.NewReader(data), int64(len(data)), &importer.Options{MaxSharedStringsBytes: 4096})
	assert.ErrorIs(t, err, importer.ErrLimit)

	sheet = sheetHead + `<row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c></row>
<row r="2"><c r="XFD2"><v>1</v></c><c r="A2" t="inlineStr"><is><t>` + strings.Repeat("x", 50) + `</t></is></c></row></sheetData></worksheet>`
	data = buildXLSX(t, sheet, nil)
	r, err := importer.OpenXLSX(bytes.NewReader(data), int64(len(data)), &importer.Options{MaxCellBytes: 10})
	require.NoError(t, err)
	rows, errs := readAll(t, r)
	require.Len(t, rows, 1)
	assert.ErrorIs(t, errs[0], importer.ErrLimit)
	assert.Equal(t, []string{"xxxxxxxxxx"}, rows[0].Cells)
}

func TestXLSXNotSeekableAndMalformed(t *testing.T) {
	// A workbook of one sheet, and no row (see TestXLSXEmptyFirstSheet).
	data := buildXLSX(t, sheetHead+`</sheetData></worksheet>`, map[string]string{"xl/workbook.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Contacts" sheetId="2" r:id="rId7"/></sheets></workbook>`})
	_, err := importer.Open(struct{ *bytes.Buffer }{bytes.NewBuffer(data)}, nil)
	assert.ErrorIs(t, err, importer.ErrNeedReaderAt)
	_, err = importer.Open(bytes.NewReader(data), nil)
	assert.ErrorIs(t, err, importer.ErrNoHeader)
	_, err = importer.Open(bytes.NewReader([]byte("PK\x03\x04garbage")), nil)
	assert.ErrorIs(t, err, importer.ErrMalformed)
	bad := buildXLSX(t, sheetHead+`<row><c><v>1</c></row>`, nil)
	_, err = importer.Open(bytes.NewReader(bad), nil)
	assert.ErrorIs(t, err, importer.ErrMalformed)
}

// zipOf writes a zip archive of files, for archives that are not
// workbooks.
func zipOf(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		require.NoError(t, err)
		_, err = w.Write([]byte(body))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// TestXLSXZipThatIsNotAWorkbook: a zip archive without a workbook (an
// .ods, a zipped CSV, a .docx, a workbook that lost its sheet) is refused
// with ErrMalformed, by Open and OpenXLSX, so that a host can tell the user
// to save the file as .xlsx or .csv.
func TestXLSXZipThatIsNotAWorkbook(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
	}{
		{"ods", map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
			"content.xml": `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`}},
		{"zipped csv", map[string]string{"contacts.csv": "First Name,Email\nAnn,ann@example.com\n"}},
		{"empty archive", map[string]string{}},
		{"docx", map[string]string{
			"_rels/.rels":       `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
			"word/document.xml": `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>`}},
		{"workbook without its sheet", map[string]string{
			"xl/workbook.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="A" sheetId="1"/></sheets></workbook>`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := zipOf(t, tc.files)
			_, err := importer.Open(bytes.NewReader(data), nil)
			assert.ErrorIs(t, err, importer.ErrMalformed, "Open")
			_, err = importer.OpenXLSX(bytes.NewReader(data), int64(len(data)), nil)
			assert.ErrorIs(t, err, importer.ErrMalformed, "OpenXLSX")
		})
	}
}

// TestXLSXCharacterEscapes: Excel's escapes "_xHHHH_" (ECMA-376
// ST_Xstring) are decoded in shared strings, inline strings and formula
// strings alike, once, left to right; what is no escape is kept.
func TestXLSXCharacterEscapes(t *testing.T) {
	for _, tc := range []struct {
		name, raw, want string
	}{
		{"carriage return of a multi-line cell", "Called twice_x000D_\nWants a quote", "Called twice\r\nWants a quote"},
		{"tab", "a_x0009_b", "a\tb"},
		{"escaped underscore before an escape", "R_x005F_x0026_D Lab", "R_x0026_D Lab"},
		{"escaped underscore alone", "_x005F_", "_"},
		{"lower case digits", "Ren_x00e9_e", "Renée"},
		{"surrogate pair", "_xD83D__xDE00_", "😀"},
		{"surrogate without its pair", "a_xD83D_b", "a\uFFFDb"},
		{"low surrogate alone", "_xDE00__x0041_", "\uFFFDA"},
		{"too few digits", "_x41_", "_x41_"},
		{"not hexadecimal", "_xZZZZ_ _x+041_", "_xZZZZ_ _x+041_"},
		{"capital X", "_X000D_", "_X000D_"},
		{"no closing underscore", "_x000D", "_x000D"},
		{"plain text", "Ann_Lee x_1", "Ann_Lee x_1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			esc := strings.NewReplacer("&", "&amp;", "<", "&lt;").Replace(tc.raw)
			shared := `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>` + esc + `</t></si></sst>`
			sheet := sheetHead + `<row r="1"><c r="A1" t="inlineStr"><is><t>shared</t></is></c><c r="B1" t="inlineStr"><is><t>inline</t></is></c><c r="C1" t="inlineStr"><is><t>formula</t></is></c></row>` +
				`<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="inlineStr"><is><r><t>` + esc + `</t></r></is></c><c r="C2" t="str"><f>A2</f><v>` + esc + `</v></c></row></sheetData></worksheet>`
			data := buildXLSX(t, sheet, map[string]string{"xl/sharedStrings.xml": shared})
			r, err := importer.OpenXLSX(bytes.NewReader(data), int64(len(data)), nil)
			require.NoError(t, err)
			rows, errs := readAll(t, r)
			require.Len(t, rows, 1)
			require.NoError(t, errs[0])
			assert.Equal(t, []string{tc.want, tc.want, tc.want}, rows[0].Cells)
		})
	}
	// An escape is of one text element: two runs do not make one.
	sheet := sheetHead + `<row r="1"><c t="inlineStr"><is><r><t>a_x00</t></r><r><t>41_</t></r></is></c></row></sheetData></worksheet>`
	data := buildXLSX(t, sheet, nil)
	r, err := importer.OpenXLSX(bytes.NewReader(data), int64(len(data)), nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"a_x0041_"}, r.Header())
}

// TestXLSXChartSheetFirst: a chart sheet (Excel's F11 puts one before the
// sheet of its data) or a dialog or macro sheet holds no cells; the first
// worksheet is read.
func TestXLSXChartSheetFirst(t *testing.T) {
	for _, kind := range []string{"chartsheet", "dialogsheet", "xlMacrosheet", "xlIntlMacrosheet"} {
		t.Run(kind, func(t *testing.T) {
			rels := `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/` + kind + `" Target="other/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>
</Relationships>`
			wb := `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Chart1" sheetId="2" r:id="rId1"/><sheet name="Contacts" sheetId="1" r:id="rId2"/></sheets></workbook>`
			sheet := sheetHead + `<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Ann</t></is></c></row></sheetData></worksheet>`
			data := buildXLSX(t, sheet, map[string]string{"xl/workbook.xml": wb, "xl/_rels/workbook.xml.rels": rels,
				"xl/other/sheet1.xml": `<chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetPr/><drawing r:id="rId1"/></chartsheet>`})
			assertNameAnn(t, data)
		})
	}
	// A sheet whose relationship a writer typed otherwise is read.
	rels := `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://example.com/relationships/sheet" Target="worksheets/sheet2.xml"/></Relationships>`
	data := buildXLSX(t, sheetHead+`<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row></sheetData></worksheet>`, map[string]string{"xl/_rels/workbook.xml.rels": rels})
	r, err := importer.OpenXLSX(bytes.NewReader(data), int64(len(data)), nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"Name"}, r.Header())
}

// TestXLSXPartNamesIgnoreCase: the names of a package's parts are
// compared without regard to ASCII case (ECMA-376 Part 2, 6.2.2.3), and
// some writers store "xl/SharedStrings.xml" where the relationships name
// "sharedStrings.xml"; Excel and LibreOffice read them.
func TestXLSXPartNamesIgnoreCase(t *testing.T) {
	data := zipOf(t, map[string]string{
		"_rels/.rels":     `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/Workbook.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/Workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>`,
		"xl/SharedStrings.xml":     `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Name</t></si><si><t>Ann</t></si></sst>`,
		"xl/Worksheets/Sheet1.xml": sheetHead + `<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData></worksheet>`,
	})
	assertNameAnn(t, data)
}

// TestXLSXZeroPaddedNumbers: a number format of zeros alone ("00000",
// Excel's ZIP Code format, or "0000000000" for a phone number) shows an
// integer padded with zeros, as a ZIP code of Massachusetts is written;
// the reader reads it so.
func TestXLSXZeroPaddedNumbers(t *testing.T) {
	styles := `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3"><numFmt numFmtId="164" formatCode="00000"/><numFmt numFmtId="165" formatCode="0000000000"/><numFmt numFmtId="166" formatCode="00.00"/></numFmts>
<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/><xf numFmtId="166" applyNumberFormat="1"/><xf numFmtId="1" applyNumberFormat="1"/></cellXfs></styleSheet>`
	sheet := sheetHead + `<row r="1"><c r="A1" t="inlineStr"><is><t>Zip</t></is></c><c r="B1" t="inlineStr"><is><t>Phone</t></is></c><c r="C1" t="inlineStr"><is><t>Other</t></is></c></row>
<row r="2"><c r="A2" s="1"><v>2134</v></c><c r="B2" s="2"><v>612345678</v></c><c r="C2" s="3"><v>5</v></c></row>
<row r="3"><c r="A3" s="1"><v>123456</v></c><c r="B3" s="2"><v>6.12345678E8</v></c><c r="C3" s="4"><v>5</v></c></row>
<row r="4"><c r="A4" s="1"><v>21.5</v></c><c r="B4" s="2"><v>-7</v></c><c r="C4" s="1" t="inlineStr"><is><t>12</t></is></c></row>
<row r="5"><c r="A5" s="1"/><c r="B5" s="2"><v></v></c><c r="C5" t="inlineStr"><is><t>x</t></is></c></row>
</sheetData></worksheet>`
	data := buildXLSX(t, sheet, map[string]string{"xl/styles.xml": styles})
	r, err := importer.OpenXLSX(bytes.NewReader(data), int64(len(data)), nil)
	require.NoError(t, err)
	rows, _ := readAll(t, r)
	require.Len(t, rows, 4)
	assert.Equal(t, []string{"02134", "0612345678", "5"}, rows[0].Cells, "padded; a format with a decimal point is not")
	assert.Equal(t, []string{"123456", "0612345678", "5"}, rows[1].Cells, "longer than the format; an exponent")
	assert.Equal(t, []string{"21.5", "-7", "12"}, rows[2].Cells, "only integers of a number cell are padded")
	assert.Equal(t, []string{"", "", "x"}, rows[3].Cells, "an empty cell is no number")
}

// TestXLSXISODates: Excel's Strict Open XML format and openpyxl write
// dates as ISO 8601 text (cell type "d"); they read as a date serial of
// the same day does, the time of day left out at midnight and any offset
// (a spreadsheet's times are local) ignored.
func TestXLSXISODates(t *testing.T) {
	for in, want := range map[string]string{
		"2013-04-12T00:00:00":       "2013-04-12",
		"2013-04-12":                "2013-04-12",
		"2013-04-12T00:00:00Z":      "2013-04-12",
		"2013-04-12T00:00:00.000Z":  "2013-04-12",
		"2013-04-12T13:45:30":       "2013-04-12T13:45:30",
		"2013-04-12T13:45:30+02:00": "2013-04-12T13:45:30",
		"2013-04-12T13:45:29.6":     "2013-04-12T13:45:30",
		"13:45:30":                  "13:45:30",
		"not a date":                "not a date",
	} {
		sheet := sheetHead + `<row r="1"><c r="A1" t="inlineStr"><is><t>d</t></is></c></row><row r="2"><c r="A2" s="1" t="d"><v>` + in + `</v></c></row></sheetData></worksheet>`
		data := buildXLSX(t, sheet, nil)
		r, err := importer.OpenXLSX(bytes.NewReader(data), int64(len(data)), nil)
		require.NoError(t, err)
		rows, _ := readAll(t, r)
		require.Len(t, rows, 1)
		assert.Equal(t, want, rows[0].Cells[0], "%q", in)
	}
}

// TestXLSXNumbersExportSummary: Apple Numbers, exporting to Excel, may put
// a sheet "Export Summary" first, a note and the list of the tables it
// exported; the table after it is read.
func TestXLSXNumbersExportSummary(t *testing.T) {
	wb := `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Export Summary" sheetId="1" r:id="rId1"/><sheet name="Contacts - Table 1" sheetId="2" r:id="rId7"/></sheets></workbook>`
	summary := sheetHead + `<row r="1"><c r="A1" t="inlineStr"><is><t>This document was exported from Numbers. Each table was converted to an Excel worksheet. All other objects on each Numbers sheet were placed on separate worksheets. Please be aware that formula calculations may differ in Excel.</t></is></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>Numbers Sheet Name</t></is></c><c r="B3" t="inlineStr"><is><t>Numbers Table Name</t></is></c><c r="C3" t="inlineStr"><is><t>Excel Worksheet Name</t></is></c></row>
<row r="4"><c r="A4" t="inlineStr"><is><t>Contacts</t></is></c><c r="B4" t="inlineStr"><is><t>Table 1</t></is></c><c r="C4" t="inlineStr"><is><t>Contacts - Table 1</t></is></c></row></sheetData></worksheet>`
	sheet := sheetHead + `<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Ann</t></is></c></row></sheetData></worksheet>`
	data := buildXLSX(t, sheet, map[string]string{"xl/workbook.xml": wb, "xl/worksheets/sheet1.xml": summary})
	r, err := importer.OpenXLSX(bytes.NewReader(data), int64(len(data)), nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"Name"}, r.Header())

	// A workbook of the summary alone reads it.
	wb = `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Export Summary" sheetId="1" r:id="rId1"/></sheets></workbook>`
	data = buildXLSX(t, sheet, map[string]string{"xl/workbook.xml": wb, "xl/worksheets/sheet1.xml": summary})
	r, err = importer.OpenXLSX(bytes.NewReader(data), int64(len(data)), nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"Numbers Sheet Name", "Numbers Table Name", "Excel Worksheet Name"}, r.Header())
}

// TestXLSXEmptyFirstSheet: a workbook whose first sheet holds no value
// (the "Sheet1" a user left empty, styled cells at most) and whose
// contacts are on the next one reads the next one; hidden sheets are no
// fallback for visible ones.
func TestXLSXEmptyFirstSheet(t *testing.T) {
	wb := func(state string) string {
		return `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/><sheet name="Contacts" sheetId="2" r:id="rId7"` + state + `/></sheets></workbook>`
	}
	empty := sheetHead + `<row r="1" s="1" customFormat="1"><c r="A1" s="1"/><c r="B1" t="inlineStr"><is><t> </t></is></c></row></sheetData></worksheet>`
	sheet := sheetHead + `<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Ann</t></is></c></row></sheetData></worksheet>`
	data := buildXLSX(t, sheet, map[string]string{"xl/workbook.xml": wb(""), "xl/worksheets/sheet1.xml": empty})
	r, err := importer.OpenXLSX(bytes.NewReader(data), int64(len(data)), nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"Name"}, r.Header())
	rows, errs := readAll(t, r)
	require.Len(t, rows, 1)
	assert.NoError(t, errs[0])
	assert.Equal(t, importer.Row{Line: 2, Cells: []string{"Ann"}}, rows[0])
	require.NoError(t, r.Close())

	data = buildXLSX(t, sheet, map[string]string{"xl/workbook.xml": wb(` state="hidden"`), "xl/worksheets/sheet1.xml": empty})
	_, err = importer.OpenXLSX(bytes.NewReader(data), int64(len(data)), nil)
	assert.ErrorIs(t, err, importer.ErrNoHeader)
}

// TestXLSXPartPaths: relationship targets relative with "..", absolute
// ones, and zip entries named with backslashes (as some Windows tools
// write them) name the same parts.
func TestXLSXPartPaths(t *testing.T) {
	data := zipOf(t, map[string]string{
		`_rels\.rels`:     `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/workbook.xml"/></Relationships>`,
		`xl\workbook.xml`: `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		`xl\_rels\workbook.xml.rels`: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="../xl/worksheets/../worksheets/data.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/strings.xml"/>
</Relationships>`,
		`xl\strings.xml`:         `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Name</t></si><si><t>Ann</t></si></sst>`,
		`xl\worksheets\data.xml`: sheetHead + `<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData></worksheet>`,
	})
	assertNameAnn(t, data)
}

// TestXLSXTrailingStyledRows: Excel keeps the rows a user formatted below
// the table, thousands of them, with styled empty cells as far as column
// XFD; they are no rows, no errors, and no cells past the cap.
func TestXLSXTrailingStyledRows(t *testing.T) {
	var b strings.Builder
	b.WriteString(sheetHead + `<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Ann</t></is></c></row>`)
	for i := 3; i <= 5000; i++ {
		fmt.Fprintf(&b, `<row r="%d" spans="1:16384" s="1" customFormat="1"><c r="A%d" s="1"/><c r="B%d" s="1" t="s"/><c r="XFD%d" s="1"><v></v></c></row>`, i, i, i, i)
	}
	b.WriteString(`<row r="1048576" s="1" customFormat="1"/></sheetData></worksheet>`)
	data := buildXLSX(t, b.String(), nil)
	r, err := importer.OpenXLSX(bytes.NewReader(data), int64(len(data)), nil)
	require.NoError(t, err)
	rows, errs := readAll(t, r)
	assert.Equal(t, []importer.Row{{Line: 2, Cells: []string{"Ann"}}}, rows)
	assert.Equal(t, []error{nil}, errs)
}

// TestXLSXLongSharedString: a shared string longer than MaxCellBytes is
// cut as an inline one is, and its cell's row says so; the cap is of a
// cell, so that every cell that names the string says it.
func TestXLSXLongSharedString(t *testing.T) {
	shared := `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>h</t></si><si><r><t>` + strings.Repeat("x", 30) + `</t></r><r><t>` + strings.Repeat("y", 20) + `</t></r></si><si><t>ok</t></si></sst>`
	sheet := sheetHead + `<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row><row r="3"><c r="A3" t="s"><v>2</v></c></row><row r="4"><c r="A4" t="s"><v>1</v></c></row></sheetData></worksheet>`
	data := buildXLSX(t, sheet, map[string]string{"xl/sharedStrings.xml": shared})
	r, err := importer.OpenXLSX(bytes.NewReader(data), int64(len(data)), &importer.Options{MaxCellBytes: 10})
	require.NoError(t, err)
	rows, errs := readAll(t, r)
	require.Len(t, rows, 3)
	for i, want := range []string{"xxxxxxxxxx", "ok", "xxxxxxxxxx"} {
		assert.Equal(t, []string{want}, rows[i].Cells)
	}
	assert.ErrorIs(t, errs[0], importer.ErrLimit)
	assert.NoError(t, errs[1])
	assert.ErrorIs(t, errs[2], importer.ErrLimit)
}

// assertNameAnn checks that the workbook data reads as the header "Name"
// and one row, "Ann", without an error.
func assertNameAnn(t *testing.T, data []byte) {
	t.Helper()
	r, err := importer.OpenXLSX(bytes.NewReader(data), int64(len(data)), nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"Name"}, r.Header())
	rows, errs := readAll(t, r)
	require.Len(t, rows, 1)
	assert.NoError(t, errs[0])
	assert.Equal(t, []string{"Ann"}, rows[0].Cells)
}
