package contactkit_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
)

// Workbooks as their producers write them, imported end to end: the
// contacts of each are created with their phones, found by their values,
// their birthdays and a custom text field.
func TestReview19XLSXProducersImport(t *testing.T) {
	styles := `<styleSheet xmlns="` + acc2NS + `"><numFmts count="2"><numFmt numFmtId="164" formatCode="00000"/><numFmt numFmtId="165" formatCode="[$-409]mmmm d, yyyy;@"/></numFmts>` +
		`<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/></cellXfs></styleSheet>`
	header := `<row r="1">` + is("A1", "First Name") + is("B1", "Contact") + is("C1", "Birthday") + is("D1", "Zip") + `</row>`
	// row writes a contact whose phone is stored as a number and whose
	// birthday is cell, its ZIP code a number under the format "00000".
	row := func(r int, name, phone, birthday string) string {
		return fmt.Sprintf(`<row r="%d">`, r) + is(fmt.Sprintf("A%d", r), name) +
			fmt.Sprintf(`<c r="B%d"><v>%s</v></c>%s<c r="D%d" s="1"><v>%d</v></c></row>`, r, phone, fmt.Sprintf(birthday, r), r, 2130+r)
	}
	serial := func(v string) string { return `<c r="C%d" s="2"><v>` + v + `</v></c>` }
	iso := func(v string) string { return `<c r="C%d" s="2" t="d"><v>` + v + `</v></c>` }
	rows := func(b1, b2, b3 string) string {
		return header + row(2, "Ann", "12125550101", b1) + row(3, "Bob", "1.2125550102E10", b2) + row(4, "Cyd", "12125550103", b3)
	}
	worksheetRel := `<Relationship Id="rId10" Type="` + acc2RelNS + `/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId3" Type="` + acc2RelNS + `/styles" Target="styles.xml"/>`
	for _, tc := range []struct {
		name string
		book acc2Book
	}{
		{"Excel, a chart sheet first, a birthday computed a hair before midnight", acc2Book{styles: styles,
			sheets: []acc2Sheet{{name: "Contacts", part: "worksheets/sheet1.xml", rows: rows(serial("31149"), serial("31149.999999999996"), serial("31151.000000000004"))}},
			extra: map[string]string{
				"xl/workbook.xml":            `<workbook xmlns="` + acc2NS + `" xmlns:r="` + acc2RelNS + `"><sheets><sheet name="Chart1" sheetId="2" r:id="rId20"/><sheet name="Contacts" sheetId="1" r:id="rId10"/></sheets></workbook>`,
				"xl/_rels/workbook.xml.rels": `<Relationships xmlns="` + acc2PkgRels + `"><Relationship Id="rId20" Type="` + acc2RelNS + `/chartsheet" Target="chartsheets/sheet1.xml"/>` + worksheetRel + `</Relationships>`,
				"xl/chartsheets/sheet1.xml":  `<chartsheet xmlns="` + acc2NS + `" xmlns:r="` + acc2RelNS + `"><sheetViews><sheetView workbookViewId="0"/></sheetViews><drawing r:id="rId1"/></chartsheet>`,
			}}},
		{"Excel's Strict format: ISO 8601 dates", acc2Book{styles: styles,
			sheets: []acc2Sheet{{name: "Contacts", part: "worksheets/sheet1.xml", rows: rows(iso("1985-04-12T00:00:00"), iso("1985-04-13T00:00:00"), iso("1985-04-14T00:00:00Z"))}}}},
		{"Apple Numbers, its export summary first", acc2Book{styles: styles,
			sheets: []acc2Sheet{
				{name: "Export Summary", part: "worksheets/sheet2.xml", rows: `<row r="1">` + is("A1", "This document was exported from Numbers. Each table was converted to an Excel worksheet.") + `</row>` +
					`<row r="3">` + is("A3", "Numbers Sheet Name") + is("B3", "Numbers Table Name") + is("C3", "Excel Worksheet Name") + `</row><row r="4">` + is("A4", "Contacts") + is("B4", "Table 1") + is("C4", "Contacts") + `</row>`},
				{name: "Contacts", part: "worksheets/sheet1.xml", rows: rows(serial("31149"), serial("31150"), serial("31151"))},
			}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc := accService("US")
			acc2CreateFields(t, svc, []field.Definition{{Key: field.MustParseKey("zip"), Label: "Zip", Type: field.TypeText}})
			run := accImport(t, svc, acc2Build(t, tc.book), "US", nil, nil)
			require.NoError(t, run.err)
			assert.Equal(t, importer.KindPhone, run.target("Contact").Kind, run.mappingText())
			require.Equal(t, 3, run.res.Created, run.outcomes()+run.mappingText())
			for i, name := range []string{"Ann", "Bob", "Cyd"} {
				c := accByName(t, svc, name)
				assert.Equal(t, fmt.Sprintf("+1212555010%d", i+1), c.Phone.String(), name)
				assert.Equal(t, fmt.Sprintf("1985-04-%d", 12+i), c.BirthDate.String(), name)
				assert.Equal(t, fmt.Sprintf("0213%d", 2+i), c.Fields[field.MustParseKey("zip")].String(), name)
			}
		})
	}
}
