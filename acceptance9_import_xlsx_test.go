package contactkit_test

import (
	"archive/zip"
	"bytes"

	"context"
	"github.com/contactkit/contactkit/importer"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/field"
)

// Excel writes a character that XML cannot hold, or that it must
// keep exactly, as the escape _xHHHH_ of ECMA-376 (ST_Xstring): the carriage
// return of a multi-line cell typed on Windows or pasted from another tool
// is "_x000D_", a tab "_x0009_", and a literal "_x" is "_x005F_x". The
// xlsx reader keeps the escapes as text, so a note imported from an Excel
// workbook reads "Called twice_x000D_\nWants a quote", and a name with a
// literal "_x0041_" would be read wrong the other way. Expected: the
// escapes are decoded.
func TestAcc9XLSXDecodesExcelCharacterEscapes(t *testing.T) {
	svc := accService("FR")
	data := acc2Build(t, acc2Book{
		shared: []string{`<t>First Name</t>`, `<t>Email</t>`, `<t>Notes</t>`, `<t>Company</t>`,
			`<t>Ann</t>`, `<t>ann@example.com</t>`, "<t>Called twice_x000D_\nWants a quote</t>", `<t>R_x005F_x0026_D Lab</t>`},
		sheets: []acc2Sheet{{name: "Sheet1", part: "worksheets/sheet1.xml", rows: `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>` +
			`<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" t="s"><v>5</v></c><c r="C2" t="s"><v>6</v></c><c r="D2" t="s"><v>7</v></c></row>`}},
	})
	h, rows, err := acc2ReadAll(t, data)
	require.NoError(t, err)
	require.Equal(t, []string{"First Name", "Email", "Notes", "Company"}, h)
	require.Len(t, rows, 1)
	assert.Equal(t, "Called twice\r\nWants a quote", rows[0][2], "the carriage return Excel wrote as _x000D_")
	assert.Equal(t, "R_x0026_D Lab", rows[0][3], "a literal _x escaped as _x005F_x")

	run := accImport(t, svc, data, "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 1, run.res.Created, run.outcomes())
	c := accByEmail(t, svc, "ann@example.com")
	assert.NotContains(t, c.Company, "_x005F_")
}

// A LibreOffice workbook in the 1904 date system (as a workbook first
// saved on a Mac keeps), with inline strings, an empty row, a row with a
// gap in its cell references, a custom date field and the birthday as date
// serials under a custom format, and a number custom field stored as a
// float: imported end to end.
func TestAcc9XLSXLibreOffice1904EndToEnd(t *testing.T) {
	ctx := context.Background()
	svc := accService("FR")
	_, err := svc.CreateField(ctx, accOwner, field.Definition{Key: mustKey(t, "since"), Label: "Client depuis", Type: field.TypeDate})
	require.NoError(t, err)
	_, err = svc.CreateField(ctx, accOwner, field.Definition{Key: mustKey(t, "score"), Label: "Score", Type: field.TypeNumber})
	require.NoError(t, err)
	styles := `<styleSheet xmlns="` + acc2NS + `"><numFmts count="1"><numFmt numFmtId="166" formatCode="DD/MM/YYYY"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="166" applyNumberFormat="true"/></cellXfs></styleSheet>`
	rows := `<row r="1">` + is("A1", "Prénom") + is("B1", "Nom") + is("C1", "Courriel") + is("D1", "Portable") + is("E1", "Date de naissance") + is("F1", "Client depuis") + is("G1", "Score") + `</row>` +
		`<row r="2">` + is("A2", "Élodie") + is("B2", "Martin") + is("C2", "elodie@example.fr") + `<c r="D2" t="n"><v>612345678</v></c><c r="E2" s="1"><v>29322</v></c><c r="F2" s="1"><v>43465</v></c><c r="G2"><v>0.30000000000000004</v></c></row>` +
		`<row r="3"/>` +
		`<row r="5">` + is("A5", "Luc") + is("C5", "luc@example.fr") + `<c r="G5"><v>12</v></c></row>`
	data := acc2Build(t, acc2Book{wbPr: `<workbookPr date1904="true"/>`, styles: styles, sheets: []acc2Sheet{{name: "Feuille1", part: "worksheets/sheet1.xml", rows: rows}}})
	run := accImport(t, svc, data, "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 2, run.res.Created, "%s\n%s", run.outcomes(), run.mappingText())
	assert.Equal(t, 2, run.res.Rows, "the empty row is no row")
	e := accByEmail(t, svc, "elodie@example.fr")
	assert.Equal(t, "Élodie", e.FirstName)
	assert.Equal(t, "+33612345678", e.Phone.String())
	assert.Equal(t, "1984-04-12", e.BirthDate.String())
	assert.Equal(t, "2023-01-01", e.Fields[mustKey(t, "since")].String())
	assert.Equal(t, "0.3", e.Fields[mustKey(t, "score")].String())
	l := accByEmail(t, svc, "luc@example.fr")
	assert.Equal(t, "Luc", l.FirstName)
	assert.Empty(t, l.LastName)
	assert.Equal(t, "12", l.Fields[mustKey(t, "score")].String())
	assert.Equal(t, 5, run.row(t, 5).Line, "the row's line is its row number in the sheet")
	_ = strings.TrimSpace
}

// A zip archive that is not a workbook: a LibreOffice .ods (the
// native format of the LibreOffice users the issue names) or a CSV the
// user zipped. OpenXLSX promises "one that is not a workbook gives an
// error wrapping ErrMalformed", and the host needs a sentinel to tell the
// user "save it as .xlsx or .csv"; the error is "open xlsx:
// xl/workbook.xml: part missing", which wraps no exported error (a
// truncated zip or a .docx does wrap ErrMalformed).
func TestAcc9ZipThatIsNotAWorkbookIsMalformed(t *testing.T) {
	for name, files := range map[string]map[string]string{
		"ods": {"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`,
			"META-INF/manifest.xml": `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>`},
		"zipped csv": {"contacts.csv": "First Name,Email\nAnn,ann@example.com\n"},
	} {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			zw := zip.NewWriter(&b)
			for k, v := range files {
				w, err := zw.Create(k)
				require.NoError(t, err)
				_, err = w.Write([]byte(v))
				require.NoError(t, err)
			}
			require.NoError(t, zw.Close())
			_, err := importer.Open(bytes.NewReader(b.Bytes()), nil)
			require.Error(t, err)
			assert.ErrorIs(t, err, importer.ErrMalformed, "%v", err)
		})
	}
}
