package importer_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/contactkit/contactkit/importer"
)

// fuzzOpts are small caps, so that the fuzzer reaches them.
var fuzzOpts = &importer.Options{MaxCellBytes: 64, MaxRowBytes: 256, MaxCells: 16,
	MaxDecompressedBytes: 1 << 20, MaxSharedStringsBytes: 4096, VCardSlots: 2}

// drain reads r to its end or its final error and checks the caps on every
// row; it fails if the reader does not end within limit calls.
func drain(t *testing.T, r importer.Reader, limit int) {
	t.Helper()
	if len(r.Header()) > fuzzOpts.MaxCells && len(r.Header()) != len(importer.VCardHeader(fuzzOpts.VCardSlots)) {
		t.Fatalf("header has %d cells, cap %d", len(r.Header()), fuzzOpts.MaxCells)
	}
	for range limit {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			if _, ok := errors.AsType[*importer.RowError](err); !ok {
				if _, err2 := r.Next(); err2 == nil {
					t.Fatalf("Next after final error %v gave a row", err)
				}
				return
			}
		}
		if len(row.Cells) > max(fuzzOpts.MaxCells, len(r.Header())) {
			t.Fatalf("row has %d cells", len(row.Cells))
		}
		for _, c := range row.Cells {
			if !utf8.ValidString(c) {
				t.Fatalf("cell %q is not valid UTF-8", c)
			}
			// A Windows-1252 byte or an invalid byte may become three
			// bytes of UTF-8 after the cap was applied to the text.
			if len(c) > 3*fuzzOpts.MaxCellBytes {
				t.Fatalf("cell of %d bytes", len(c))
			}
		}
	}
	t.Fatalf("reader did not end after %d calls", limit)
}

func FuzzCSV(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n", "a;b\r\n\"x\"\"y\";\"multi\nline\"\r\n", "\xEF\xBB\xBFa\tb\n1\t2", "\xFF\xFEa\x00,\x00b\x00",
		"a\n\"unterminated", "a,b\n" + strings.Repeat("x", 300) + "\n1,2", "Pr\xe9nom\nRen\xe9\n", "\"a\"b\",c\n",
		"sep=;\r\na;b\r\n1;2\r\n", "sep=\t\n", "a,b\r1,\"x\ry\"\r",
		"\"a\", \"b\"\n\"x, y\" , \t\"z\n\"\"w\" \r\n", "a,b\n \"q\" r, \"\n",
		" , \na,b\n,,,\n\"\", \" \"\r\n1,2\n",
		"Notes:\n\"x, \"\"y\"\"\"\n\na,b\n1,2\n", "t;;\r\n;;\r\na;b\r\n1;2;;\r\n", "t\n\na,b@c\n",
		strings.Repeat("a,b\n", 17000) + "\xe9,\xc3\xa9\n", "a,b\n" + strings.Repeat("\xc3\xa9,b\n", 17000) + "\xe9,\xff\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := importer.NewCSV(bytes.NewReader(data), fuzzOpts)
		if err != nil {
			return
		}
		drain(t, r, len(data)+2)
	})
}

func FuzzCSVRoundTrip(f *testing.F) {
	f.Add("h;1", "+33612345678", "'=x", "a\r\nb")
	f.Add(" x", "\"", "\r", "")
	f.Add("\uFEFFh", "\uFEFF", ";", "\t")
	f.Fuzz(func(t *testing.T, h, a, b, c string) {
		for _, s := range []string{h, a, b, c} {
			// U+0000 in the text makes a file look like UTF-16 without a
			// byte order mark (see importer.Encoding); no exporter writes it.
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				return
			}
		}
		var buf bytes.Buffer
		w := importer.NewWriter(&buf, nil)
		if err := w.WriteHeader([]string{h, "x", "y"}); err != nil {
			t.Fatal(err)
		}
		if err := w.Write([]string{a, b, c}); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		r, err := importer.NewCSV(&buf, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := importer.Unescape(r.Header()[0]); got != h {
			t.Fatalf("header %q read back as %q", h, got)
		}
		row, err := r.Next()
		if strings.TrimSpace(a+b+c) == "" {
			// A row without any value is no row (see importer.Reader).
			if !errors.Is(err, io.EOF) {
				t.Fatalf("blank row %q read as %q, %v", []string{a, b, c}, row.Cells, err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range []string{a, b, c} {
			if got := importer.Unescape(row.Cells[i]); got != want {
				t.Fatalf("cell %q read back as %q", want, got)
			}
		}
	})
}

func FuzzXLSXSheet(f *testing.F) {
	f.Add(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>x</t></is></c></row><row><c s="1"><v>45000.25</v></c></row>`)
	f.Add(`<row r="2"><c r="ZZZZZZZZ2"><v>1</v></c><c t="b"><v>1</v></c><c t="s"><v>99</v></c></row>`)
	f.Add(`<row><c t="inlineStr"><is><t>R_x005F_x0026_D_x000D_</t><t>_xD83D_</t></is></c><c t="str"><v>_xD83D__xDE00_ _x</v></c></row>`)
	f.Add(`<row r="1"><c t="inlineStr"><is><t>Title</t></is></c></row><row r="3"><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row><row r="4"><c><v>1</v></c></row>`)
	f.Add(`<row r="1"><c t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c t="inlineStr"><is><t>b</t></is></c><c t="inlineStr"><is><t>c</t></is></c></row>`)
	f.Fuzz(func(t *testing.T, rows string) {
		data := buildXLSXMethod(t, zip.Store, sheetHead+rows+`</sheetData></worksheet>`, nil)
		r, err := importer.OpenXLSX(bytes.NewReader(data), int64(len(data)), fuzzOpts)
		if err != nil {
			return
		}
		drain(t, r, len(rows)+2)
	})
}

func FuzzXLSXArchive(f *testing.F) {
	f.Add(buildXLSX(f, sheetHead+`<row r="1"><c t="inlineStr"><is><t>h</t></is></c></row></sheetData></worksheet>`, nil))
	// A chart sheet, an empty sheet and Numbers' summary before the
	// sheet read, whose part is named in another case.
	f.Add(buildXLSX(f, sheetHead+`<row r="1"><c t="inlineStr"><is><t>h</t></is></c></row></sheetData></worksheet>`, map[string]string{
		"xl/workbook.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="C" sheetId="3" r:id="rId3"/><sheet name="Export Summary" sheetId="1" r:id="rId1"/><sheet name="Empty" sheetId="4" r:id="rId4"/><sheet name="S" sheetId="2" r:id="rId7"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet4.xml"/>
<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/SHEET2.xml"/>
</Relationships>`,
		"xl/worksheets/sheet4.xml": sheetHead + `<row r="1"><c r="A1" s="1"/></row></sheetData></worksheet>`,
	}))
	f.Add([]byte("PK\x03\x04"))
	f.Add(zipOf(f, map[string]string{"contacts.csv": "First Name,Email\nAnn,ann@example.com\n"}))
	f.Add(zipOf(f, nil))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := importer.Open(bytes.NewReader(data), fuzzOpts)
		if err != nil {
			return
		}
		drain(t, r, len(data)+2)
	})
}

func FuzzVCard(f *testing.F) {
	for _, s := range []string{
		"BEGIN:VCARD\nVERSION:2.1\nN;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:M=FCller;=\n J\nTEL;CELL:1\nTEL;HOME:2\nTEL:3\nEND:VCARD\n",
		"BEGIN:VCARD\r\nitem1.TEL:+1\r\nitem1.X-ABLabel:WhatsApp\r\nNOTE:a\\nb\r\n  c\r\nEND:VCARD\r\n",
		"begin:vcard\nBEGIN:VCARD\nEND:VCARD\nADR;PREF=1:;;s;c;r;p;x\nCATEGORIES:a\\,b,c\nEND:VCARD\n",
		"BEGIN:VCARD\nNOTE;ENCODING=QUOTED-PRINTABLE:=",
		"BEGIN:VCARD\nTEL:1\nTEL:2\nitem1.TEL;type=pref:3\nEMAIL;PREF=2:a\nEMAIL;PREF=1:b\nitem1.X-ABLabel:x\nEND:VCARD\n",
		"BEGIN:VCARD\nTEL;WORK;FAX:1\nitem1.TEL;type=pref:2\nitem1.X-ABLabel:_$!<HomeFAX>!$_\nTEL;TYPE=VOICE,FAX:3\nEND:VCARD\n",
		"BEGIN:VCARD\nBDAY;X-APPLE-OMIT-YEAR=1604:16040412\nEND:VCARD\nBEGIN:VCARD\nBDAY;X-APPLE-OMIT-YEAR=:--0412\nEND:VCARD\n",
		"BEGIN:VCARD\rKIND:group\rFN:g\rEND:VCARD\rBEGIN:VCARD\rNICKNAME:a\\,b,c\rBDAY;VALUE=text:x\rEND:VCARD\r",
		"BEGIN:VCARD\nX-ANDROID-CUSTOM;ENCODING=QUOTED-PRINTABLE:vnd.android.cursor.item/nickname;=C3=A9;1\nNOTE;ENCODING=QUOTED-PRINTABLE:a=\nEND:VCARD\n",
		"BEGIN:VCARD\nN;CHARSET=Windows-1252:\xe9\nitem1.ADR:;;s;c;r;p;\xe9\nitem1.X-ABADR:th\nX-MS-CARDPICTURE:\n  QUJD\n  QUJD\nEND:VCARD\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := importer.NewVCard(bytes.NewReader(data), fuzzOpts)
		if err != nil {
			return
		}
		drain(t, r, len(data)+2)
	})
}
