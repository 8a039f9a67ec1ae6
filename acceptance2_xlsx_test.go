package contactkit_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
)

const (
	acc2NS      = `http://schemas.openxmlformats.org/spreadsheetml/2006/main`
	acc2RelNS   = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
	acc2PkgRels = `http://schemas.openxmlformats.org/package/2006/relationships`
)

// acc2Book describes a workbook: its sheets in workbook order, each with a
// part name, and the other parts.
type acc2Book struct {
	sheets   []acc2Sheet
	shared   []string // raw <si> bodies; nil for no shared strings part
	styles   string   // the styles part; "" for a default one
	wbPr     string   // the <workbookPr .../> element
	wbPath   string   // default xl/workbook.xml
	ssPath   string   // default sharedStrings.xml (relative to the workbook)
	absolute bool     // targets written as absolute paths ("/xl/…")
	extra    map[string]string
}

type acc2Sheet struct {
	name, part, state string
	rows              string // the inside of <sheetData>
	merges            string
}

func acc2Build(t *testing.T, b acc2Book) []byte {
	t.Helper()
	if b.wbPath == "" {
		b.wbPath = "xl/workbook.xml"
	}
	if b.ssPath == "" {
		b.ssPath = "sharedStrings.xml"
	}
	dir := b.wbPath[:strings.LastIndexByte(b.wbPath, '/')]
	base := b.wbPath[len(dir)+1:]
	target := func(p string) string {
		if b.absolute {
			return "/" + dir + "/" + p
		}
		return p
	}
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
		"_rels/.rels":         `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="` + acc2PkgRels + `"><Relationship Id="rId1" Type="` + acc2RelNS + `/officeDocument" Target="` + b.wbPath + `"/></Relationships>`,
	}
	var sheets, rels strings.Builder
	for i, s := range b.sheets {
		state := ""
		if s.state != "" {
			state = ` state="` + s.state + `"`
		}
		fmt.Fprintf(&sheets, `<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>`, s.name, len(b.sheets)-i, state, 10+i)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s/worksheet" Target="%s"/>`, 10+i, acc2RelNS, target(s.part))
		merges := ""
		if s.merges != "" {
			merges = `<mergeCells>` + s.merges + `</mergeCells>`
		}
		parts[dir+"/"+s.part] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<worksheet xmlns="` + acc2NS + `" xmlns:r="` + acc2RelNS + `"><sheetPr/><dimension ref="A1:Z99"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>` + s.rows + `</sheetData>` + merges + `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`
	}
	if b.shared != nil {
		fmt.Fprintf(&rels, `<Relationship Id="rId2" Type="%s/sharedStrings" Target="%s"/>`, acc2RelNS, target(b.ssPath))
		var ss strings.Builder
		fmt.Fprintf(&ss, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+`<sst xmlns="%s" count="%d" uniqueCount="%d">`, acc2NS, len(b.shared), len(b.shared))
		for _, si := range b.shared {
			ss.WriteString("<si>" + si + "</si>")
		}
		ss.WriteString("</sst>")
		parts[dir+"/"+b.ssPath] = ss.String()
	}
	if b.styles == "" {
		b.styles = `<styleSheet xmlns="` + acc2NS + `"><numFmts count="1"><numFmt numFmtId="164" formatCode="YYYY\-MM\-DD"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`
	}
	fmt.Fprintf(&rels, `<Relationship Id="rId3" Type="%s/styles" Target="%s"/>`, acc2RelNS, target("styles.xml"))
	parts[dir+"/styles.xml"] = b.styles
	parts[dir+"/_rels/"+base+".rels"] = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="` + acc2PkgRels + `">` + rels.String() + `</Relationships>`
	parts[b.wbPath] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<workbook xmlns="` + acc2NS + `" xmlns:r="` + acc2RelNS + `">` + b.wbPr + `<bookViews><workbookView activeTab="0"/></bookViews><sheets>` + sheets.String() + `</sheets><calcPr calcId="0"/></workbook>`
	for k, v := range b.extra {
		parts[k] = v
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	// [Content_Types].xml first, as every tool writes it.
	names := []string{"[Content_Types].xml"}
	for k := range parts {
		if k != names[0] {
			names = append(names, k)
		}
	}
	for _, n := range names {
		w, err := zw.Create(n)
		require.NoError(t, err)
		_, err = io.WriteString(w, parts[n])
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// acc2ReadAll opens data with importer.Open and returns the header and the
// cells of every row, each as Row.Cell gives it.
func acc2ReadAll(t *testing.T, data []byte) ([]string, [][]string, error) {
	t.Helper()
	r, err := importer.Open(bytes.NewReader(data), nil)
	if err != nil {
		return nil, nil, err
	}
	var rows [][]string
	for {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return r.Header(), rows, err
		}
		var cells []string
		for i := range row.Cells {
			cells = append(cells, row.Cell(i))
		}
		rows = append(rows, cells)
	}
	return r.Header(), rows, nil
}

func is(ref, s string) string {
	return fmt.Sprintf(`<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, s)
}

func TestAcc2XLSXVariants(t *testing.T) {
	hdrRow := `<row r="1">` + is("A1", "First Name") + is("B1", "Email") + is("C1", "Phone") + `</row>`
	cases := []struct {
		name       string
		book       acc2Book
		wantHeader []string
		wantRows   [][]string
	}{
		{
			name: "LibreOffice inline strings, str formula, booleans, numbers",
			book: acc2Book{sheets: []acc2Sheet{{name: "Feuille1", part: "worksheets/sheet1.xml", rows: `<row r="1" spans="1:5">` + is("A1", "Name") + is("B1", "Flag") + is("C1", "Num") + is("D1", "Formula") + is("E1", "Err") + `</row>` +
				`<row r="2" spans="1:5"><c r="A2" t="inlineStr"><is><t xml:space="preserve"> Hélène </t></is></c><c r="B2" t="b"><v>1</v></c><c r="C2" s="0" t="n"><v>0.30000000000000004</v></c><c r="D2" t="str"><f>A2&amp;"x"</f><v>Hélènex</v></c><c r="E2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>` +
				`<row r="3"><c r="A3" t="inlineStr"><is><r><rPr><b val="true"/></rPr><t>Zo</t></r><r><t>ë</t></r></is></c><c r="B3" t="b"><v>0</v></c><c r="C3"><v>1234567.89012345</v></c><c r="D3"><f>1+1</f><v>2</v></c></row>`}}},
			wantHeader: []string{"Name", "Flag", "Num", "Formula", "Err"},
			wantRows:   [][]string{{"Hélène", "true", "0.3", "Hélènex", ""}, {"Zoë", "false", "1234567.89012345", "2", ""}},
		},
		{
			name: "1904 date system",
			book: acc2Book{wbPr: `<workbookPr date1904="1"/>`, sheets: []acc2Sheet{{name: "S", part: "worksheets/sheet1.xml", rows: `<row r="1">` + is("A1", "Name") + is("B1", "Birthday") + `</row>` +
				`<row r="2">` + is("A2", "Ann") + `<c r="B2" s="1"><v>0</v></c></row>` +
				`<row r="3">` + is("A3", "Bob") + `<c r="B3" s="2"><v>29322</v></c></row>` +
				`<row r="4">` + is("A4", "Cy") + `<c r="B4" s="1"><v>29322.5</v></c></row>`}}},
			wantHeader: []string{"Name", "Birthday"},
			wantRows:   [][]string{{"Ann", "1904-01-01"}, {"Bob", "1984-04-12"}, {"Cy", "1984-04-12T12:00:00"}},
		},
		{
			name: "1904 date system written as true",
			book: acc2Book{wbPr: `<workbookPr date1904="true"/>`, sheets: []acc2Sheet{{name: "S", part: "worksheets/sheet1.xml", rows: `<row r="1">` + is("A1", "Name") + is("B1", "Birthday") + `</row>` +
				`<row r="2">` + is("A2", "Bob") + `<c r="B2" s="2"><v>29322</v></c></row>`}}},
			wantHeader: []string{"Name", "Birthday"},
			wantRows:   [][]string{{"Bob", "1984-04-12"}},
		},
		{
			name: "1900 date system",
			book: acc2Book{sheets: []acc2Sheet{{name: "S", part: "worksheets/sheet1.xml", rows: `<row r="1">` + is("A1", "Name") + is("B1", "Birthday") + `</row>` +
				`<row r="2">` + is("A2", "Bob") + `<c r="B2" s="2"><v>30784</v></c></row>`}}},
			wantHeader: []string{"Name", "Birthday"},
			wantRows:   [][]string{{"Bob", "1984-04-12"}},
		},
		{
			name: "Google Sheets: shared strings, sheet named Sheet1 in a differently named part",
			book: acc2Book{shared: []string{`<t>First Name</t>`, `<t>Email</t>`, `<t>Phone</t>`, `<t>Ann</t>`, `<t>ann@example.com</t>`},
				sheets: []acc2Sheet{{name: "Sheet1", part: "worksheets/contacts_data.xml", rows: `<row r="1"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row><row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c><c r="C2"><v>33612345678</v></c></row>`}}},
			wantHeader: []string{"First Name", "Email", "Phone"},
			wantRows:   [][]string{{"Ann", "ann@example.com", "33612345678"}},
		},
		{
			name: "absolute relationship targets and a workbook elsewhere",
			book: acc2Book{absolute: true, wbPath: "book/main.xml", ssPath: "strings.xml", shared: []string{`<t>First Name</t>`, `<t>Ann</t>`},
				sheets: []acc2Sheet{{name: "Data", part: "sheets/data.xml", rows: `<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>`}}},
			wantHeader: []string{"First Name"},
			wantRows:   [][]string{{"Ann"}},
		},
		{
			name: "several sheets: the first of the workbook is read, not sheet1.xml",
			book: acc2Book{sheets: []acc2Sheet{
				{name: "Contacts", part: "worksheets/sheet3.xml", rows: hdrRow + `<row r="2">` + is("A2", "Ann") + `</row>`},
				{name: "Sheet1", part: "worksheets/sheet1.xml", rows: `<row r="1">` + is("A1", "WRONG") + `</row>`},
			}},
			wantHeader: []string{"First Name", "Email", "Phone"},
			wantRows:   [][]string{{"Ann", "", ""}},
		},
		{
			name: "first row blank (styled empty cells), header on row 3",
			book: acc2Book{sheets: []acc2Sheet{{name: "S", part: "worksheets/sheet1.xml", rows: `<row r="1"><c r="A1" s="1"/><c r="B1" s="1"/></row><row r="2" ht="20" customHeight="1"/>` +
				`<row r="3">` + is("B3", "First Name") + is("C3", "Email") + `</row><row r="5">` + is("B5", "Ann") + is("C5", "ann@example.com") + `</row>`}}},
			wantHeader: []string{"", "First Name", "Email"},
			wantRows:   [][]string{{"", "Ann", "ann@example.com"}},
		},
		{
			name: "merged cells",
			book: acc2Book{sheets: []acc2Sheet{{name: "S", part: "worksheets/sheet1.xml", merges: `<mergeCell ref="B2:C2"/>`, rows: `<row r="1">` + is("A1", "First Name") + is("B1", "Company") + is("C1", "City") + `</row>` +
				`<row r="2">` + is("A2", "Ann") + is("B2", "Acme") + `<c r="C2" s="0"/></row>`}}},
			wantHeader: []string{"First Name", "Company", "City"},
			wantRows:   [][]string{{"Ann", "Acme", ""}},
		},
		{
			name: "rich text runs and phonetic runs in shared strings",
			book: acc2Book{shared: []string{`<r><rPr><b/><sz val="11"/></rPr><t>First</t></r><r><t xml:space="preserve"> Name</t></r>`, `<r><t>Hé</t></r><r><rPr><i/></rPr><t>lène</t></r><rPh sb="0" eb="2"><t>ヘレン</t></rPh><phoneticPr fontId="1"/>`},
				sheets: []acc2Sheet{{name: "S", part: "worksheets/sheet1.xml", rows: `<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>`}}},
			wantHeader: []string{"First Name"},
			wantRows:   [][]string{{"Hélène"}},
		},
		{
			name:       "cells and rows without r attributes",
			book:       acc2Book{sheets: []acc2Sheet{{name: "S", part: "worksheets/sheet1.xml", rows: `<row><c t="inlineStr"><is><t>First Name</t></is></c><c t="inlineStr"><is><t>Email</t></is></c></row><row><c t="inlineStr"><is><t>Ann</t></is></c><c t="inlineStr"><is><t>ann@example.com</t></is></c></row>`}}},
			wantHeader: []string{"First Name", "Email"},
			wantRows:   [][]string{{"Ann", "ann@example.com"}},
		},
		{
			name:       "sparse row with a gap and a cell past the header",
			book:       acc2Book{sheets: []acc2Sheet{{name: "S", part: "worksheets/sheet1.xml", rows: `<row r="1">` + is("A1", "First Name") + is("B1", "Email") + is("C1", "City") + `</row><row r="2">` + is("A2", "Ann") + is("C2", "Lyon") + `</row>`}}},
			wantHeader: []string{"First Name", "Email", "City"},
			wantRows:   [][]string{{"Ann", "", "Lyon"}},
		},
		{
			// The first sheet that is not hidden: the one users see
			// (acceptance12).
			name: "hidden first sheet",
			book: acc2Book{sheets: []acc2Sheet{
				{name: "Lookup", part: "worksheets/sheet1.xml", state: "hidden", rows: `<row r="1">` + is("A1", "Codes") + `</row>`},
				{name: "Contacts", part: "worksheets/sheet2.xml", rows: hdrRow + `<row r="2">` + is("A2", "Ann") + `</row>`},
			}},
			wantHeader: []string{"First Name", "Email", "Phone"},
			wantRows:   [][]string{{"Ann", "", ""}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := acc2Build(t, tc.book)
			h, rows, err := acc2ReadAll(t, data)
			require.NoError(t, err)
			assert.Equal(t, tc.wantHeader, h)
			assert.Equal(t, tc.wantRows, rows)
		})
	}
}

// Strict Open XML (Excel's "Strict Open XML Spreadsheet" format) and
// prefixed elements (.NET Open XML SDK) are other namespaces or spellings.
func TestAcc2XLSXNamespaces(t *testing.T) {
	t.Run("prefixed elements", func(t *testing.T) {
		b := acc2Book{sheets: []acc2Sheet{{name: "S", part: "worksheets/sheet1.xml"}}}
		data := acc2Build(t, acc2Book{sheets: b.sheets, extra: map[string]string{
			"xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="utf-8"?><x:worksheet xmlns:x="` + acc2NS + `"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>First Name</x:t></x:is></x:c></x:row><x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>Ann</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`,
		}})
		h, rows, err := acc2ReadAll(t, data)
		require.NoError(t, err)
		assert.Equal(t, []string{"First Name"}, h)
		assert.Equal(t, [][]string{{"Ann"}}, rows)
	})
	t.Run("strict", func(t *testing.T) {
		strictNS := `http://purl.oclc.org/ooxml/spreadsheetml/main`
		strictRel := `http://purl.oclc.org/ooxml/officeDocument/relationships`
		data := acc2Build(t, acc2Book{sheets: []acc2Sheet{{name: "S", part: "worksheets/sheet1.xml"}}, extra: map[string]string{
			"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="` + acc2PkgRels + `"><Relationship Id="rId1" Type="` + strictRel + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
			"xl/workbook.xml":            `<workbook xmlns="` + strictNS + `" xmlns:r="` + strictRel + `" conformance="strict"><sheets><sheet name="S" sheetId="1" r:id="rId10"/></sheets></workbook>`,
			"xl/_rels/workbook.xml.rels": `<Relationships xmlns="` + acc2PkgRels + `"><Relationship Id="rId10" Type="` + strictRel + `/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
			"xl/worksheets/sheet1.xml":   `<worksheet xmlns="` + strictNS + `"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>First Name</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Ann</t></is></c></row></sheetData></worksheet>`,
		}})
		h, rows, err := acc2ReadAll(t, data)
		require.NoError(t, err)
		assert.Equal(t, []string{"First Name"}, h)
		assert.Equal(t, [][]string{{"Ann"}}, rows)
	})
}

// A very large shared strings table: 300,000 strings, the header and the
// values at its end.
func TestAcc2XLSXLargeSharedStrings(t *testing.T) {
	const n = 300_000
	shared := make([]string, n)
	for i := range shared {
		shared[i] = fmt.Sprintf("<t>s%d é</t>", i)
	}
	shared[n-3], shared[n-2], shared[n-1] = "<t>First Name</t>", "<t>Email</t>", "<t>ann@example.com</t>"
	var rows strings.Builder
	rows.WriteString(fmt.Sprintf(`<row r="1"><c r="A1" t="s"><v>%d</v></c><c r="B1" t="s"><v>%d</v></c></row>`, n-3, n-2))
	for i := range 2000 {
		fmt.Fprintf(&rows, `<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d" t="s"><v>%d</v></c></row>`, i+2, i+2, i*137%n, i+2, n-1)
	}
	data := acc2Build(t, acc2Book{shared: shared, sheets: []acc2Sheet{{name: "S", part: "worksheets/sheet1.xml", rows: rows.String()}}})
	h, got, err := acc2ReadAll(t, data)
	require.NoError(t, err)
	assert.Equal(t, []string{"First Name", "Email"}, h)
	require.Len(t, got, 2000)
	assert.Equal(t, []string{fmt.Sprintf("s%d é", 1999*137%n), "ann@example.com"}, got[1999])

	// A cap below its size is a LimitError, not a crash.
	_, err = importer.Open(bytes.NewReader(data), &importer.Options{MaxSharedStringsBytes: 1 << 20})
	require.Error(t, err)
	assert.True(t, errors.Is(err, importer.ErrLimit), "%v", err)
}

// An xlsx import end to end, with numbers as spreadsheets store them: a
// phone typed as a number, a birthday as a date serial, a number custom
// field with many decimals or in the exponent form Excel writes for small
// and large numbers (Excel stores 0.002 as "2E-3" and may store 0.07 as
// "7.0000000000000007E-2"), money stored as a binary float, a date-time
// cell into a datetime field. A number is read as Excel shows it: at most
// 15 significant digits, so Ann's 16 digits come back as 15.
func TestAcc2XLSXImportNumbers(t *testing.T) {
	svc := accService("FR")
	acc2CreateFields(t, svc, []field.Definition{
		{Key: field.MustParseKey("score"), Label: "Score", Type: field.TypeNumber},
		{Key: field.MustParseKey("balance"), Label: "Balance", Type: field.TypeMonetary},
		{Key: field.MustParseKey("vip"), Label: "VIP", Type: field.TypeCheckbox},
		{Key: field.MustParseKey("seen_at"), Label: "Seen at", Type: field.TypeDatetime},
	})
	row := func(r int, name, phone, score, bal, seen string) string {
		return fmt.Sprintf(`<row r="%d">`, r) + is(fmt.Sprintf("A%d", r), name) +
			fmt.Sprintf(`<c r="B%d"><v>%s</v></c><c r="C%d" s="1"><v>30784</v></c><c r="D%d"><v>%s</v></c><c r="E%d"><v>%s</v></c><c r="F%d" t="b"><v>1</v></c><c r="G%d" s="3"><v>%s</v></c></row>`, r, phone, r, r, score, r, bal, r, r, seen)
	}
	styles := `<styleSheet xmlns="` + acc2NS + `"><numFmts count="1"><numFmt numFmtId="164" formatCode="YYYY\-MM\-DD"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>`
	rows := `<row r="1">` + is("A1", "First Name") + is("B1", "Mobile Phone") + is("C1", "Birthday") + is("D1", "Score") + is("E1", "Balance") + is("F1", "VIP") + is("G1", "Seen at") + `</row>` +
		row(2, "Ann", "612345678", "0.1234567890123456", "19.99", "") +
		row(3, "Bob", "33612345679", "2", "12.5", "") +
		row(4, "Cy", "0612345670", "2E-3", "1", "") +
		row(5, "Di", "0612345671", "1.5E+20", "1", "") +
		row(6, "Ed", "0612345672", "3", "0.14999999999999999", "") +
		row(7, "Flo", "0612345673", "3", "7.0000000000000007E-2", "") +
		row(8, "Gus", "0612345674", "3", "1", "45413.4375")
	data := acc2Build(t, acc2Book{styles: styles, sheets: []acc2Sheet{{name: "S", part: "worksheets/sheet1.xml", rows: rows}}})
	m, res, out := acc2Import(t, svc, data, "FR", nil)
	t.Logf("mapping:\n%s", acc2Mapping(m))
	for _, x := range out {
		if x.Err != nil {
			t.Errorf("line %d: %s %v", x.Line, x.Outcome, x.Err)
		}
	}
	assert.Equal(t, 7, res.Created, "%+v", res)
	want := map[string]string{"Ann": "0.123456789012346 19.99", "Bob": "2 12.50", "Cy": "0.002 1.00", "Di": "150000000000000000000 1.00", "Ed": "3 0.15", "Flo": "3 0.07", "Gus": "3 1.00"}
	for _, c := range accAll(t, svc, contactkit.ContactQuery{}) {
		assert.Equal(t, "1984-04-12", c.BirthDate.String(), c.FirstName)
		assert.Equal(t, want[c.FirstName], c.Fields[field.MustParseKey("score")].String()+" "+c.Fields[field.MustParseKey("balance")].String(), c.FirstName)
		if c.FirstName == "Gus" {
			assert.Equal(t, "2024-05-01T10:30:00Z", c.Fields[field.MustParseKey("seen_at")].String())
		}
	}
}
