package importer

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/contactkit/contactkit/internal/inputtext"
)

// XLSXReader reads the first worksheet of an Office Open XML workbook
// (.xlsx) with archive/zip and encoding/xml, streaming the sheet. It
// implements Reader.
//
// The first worksheet is the first <sheet> of the workbook part (found
// through _rels/.rels, default xl/workbook.xml), resolved through the
// workbook's relationships, that is not hidden (its state "hidden" or
// "veryHidden", as a template hides a lookup table) and holds a value: a
// "Sheet1" left empty is passed over. Hidden sheets are read only when
// every sheet is hidden. A chart sheet (which Excel puts before the sheet
// of its data), a dialog sheet or a macro sheet is no worksheet and is
// passed over, and so is the "Export Summary" that Apple Numbers puts
// before the tables it exports, unless no other worksheet is visible (the
// summary is known by its English name only). Its first row with a value
// is the header, or the first after a title and an empty row (see
// Preamble).
//
// # Cells
//
//   - shared strings ("s") are looked up in the shared strings part, which
//     is loaded into memory before the sheet and capped by
//     Options.MaxSharedStringsBytes (a cell that names one the part does
//     not hold reads "", its row with a *RowError wrapping ErrMalformed);
//     a shared or inline string is the text of its <t> elements, phonetic
//     runs left out (white space that indents the XML is no part of it);
//   - inline strings ("inlineStr") and formula strings ("str") are read as
//     written, and ISO 8601 dates ("d", as Excel's Strict format and
//     openpyxl write them) as a date serial is (see below), their offset
//     left out: "2013-04-12T00:00:00Z" is "2013-04-12";
//   - errors ("e": "#N/A", "#REF!", a formula that failed) read "": they
//     are no value of the contact, so that a name column of a broken
//     lookup imports no contact named "#REF!" (a text typed as "#N/A" is
//     a string, read as written);
//   - in shared, inline and formula strings, Excel's escapes "_xHHHH_"
//     (ECMA-376 ST_Xstring) are decoded: "_x000D_" is a carriage return,
//     "_x005F_" an underscore, so that "_x005F_x000D_" is "_x000D_";
//   - booleans ("b") read "true" or "false";
//   - numbers are read as a spreadsheet shows them: as written when they
//     are integers or decimals of at most 15 significant digits ("42",
//     "0.5", "33612345678"), else rounded to 15 significant digits and
//     written without an exponent ("2E-3" is "0.002",
//     "0.14999999999999999" is "0.15"), except when
//     the cell's style has a date or time number format (built-in formats
//     14–22, 27–36, 45–47, 50–58, or a custom format with d, m, y, h or s
//     outside quotes and brackets): the serial is then converted to an ISO
//     8601 date "2006-01-02", or "2006-01-02T15:04:05" when it has a time of
//     day once rounded to the second, counting from 1899-12-30 (1900 date
//     system, with serials below 60 from 1899-12-31 because serial 60 is
//     the 1900-02-29 that Lotus 1-2-3 invented; serial 60 itself is left
//     as a number) or from 1904-01-01 when the workbook uses the 1904 date
//     system;
//   - a whole number whose style's number format is zeros alone ("00000",
//     Excel's ZIP Code format, or "0000000000") is padded with zeros to
//     the format's length, as it is shown: 2134 is "02134" (other formats
//     that write digits or text around a number are not applied);
//   - a missing cell (sparse rows: the "r" attribute skips a column) is "";
//     a row is padded to the header's length, and its blank cells past
//     the header's are dropped (styled cells holding a space); rows
//     without any value (every cell blank once trimmed) are skipped, as a
//     CSV file's are (see Reader).
//
// # Limits
//
// Every part is inflated through one budget, Options.MaxDecompressedBytes:
// past it, reading fails with a *LimitError (a zip bomb). A cell past
// Options.MaxCells columns or longer than Options.MaxCellBytes comes with a
// *RowError wrapping a *LimitError (the cell dropped or cut).
type XLSXReader struct {
	zr       *zip.Reader
	lim      limits
	left     int64
	shared   []string
	cut      map[int]bool // the shared strings cut at Options.MaxCellBytes
	formats  []numFormat  // by cell style
	date1904 bool
	sheet    io.ReadCloser
	dec      *xml.Decoder
	header   []string
	headerAt int // the row number of the header row
	// line is the number of the last row read: its "r", or the one after
	// the row before it for a row without one.
	line int
	err  error
	// preamble holds the values of the rows before the header (see
	// findHeader); ahead, the rows read ahead of the header's choice.
	preamble []string
	ahead    []aheadRow
}

// OpenXLSX opens the workbook in r, whose size is size, loads its shared
// strings and styles, and reads the header row of its first worksheet
// (see XLSXReader). A workbook without any row gives ErrNoHeader; one
// that is not a workbook gives an error wrapping ErrMalformed. Close
// releases the sheet stream.
func OpenXLSX(r io.ReaderAt, size int64, opts *Options) (*XLSXReader, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("open xlsx: %w: %v", ErrMalformed, err)
	}
	if err := sniffZip(zr); err != nil {
		return nil, err
	}
	x := &XLSXReader{zr: zr, lim: opts.limits()}
	x.left = x.lim.inflate
	sheets, err := x.init()
	if err != nil {
		return nil, fmt.Errorf("open xlsx: %w", err)
	}
	var row Row
	for i, sheet := range sheets {
		if err := x.openSheet(sheet); err != nil {
			return nil, fmt.Errorf("open xlsx: %w", err)
		}
		row, err = x.Next()
		if !errors.Is(err, io.EOF) || i == len(sheets)-1 {
			break
		}
		_ = x.Close() // a sheet without a value: the next one
	}
	if errors.Is(err, io.EOF) {
		_ = x.Close()
		return nil, fmt.Errorf("open xlsx: %w", ErrNoHeader)
	}
	if err != nil {
		_ = x.Close()
		return nil, fmt.Errorf("open xlsx header: %w", err)
	}
	row = x.findHeader(row)
	x.header, x.headerAt = row.Cells, row.Line
	return x, nil
}

// findHeader returns the header row of the sheet whose first row with a
// value is first: first, or the row after a preamble, the title that a
// sheet made by hand often has in its first cell, with an empty row
// before its table (see headerAt, the rule of a CSV file's too). It reads
// ahead the rows headerAt needs: up to maxPreamble rows after first, to
// the first of two values or more, and the row after that. The
// preamble's values are kept for Preamble, and the rows read ahead after
// the header for Next, which checks them against the header then.
func (x *XLSXReader) findHeader(first Row) Row {
	values := cellValues(first.Cells)
	if len(values) != 1 || !headerLike(values) {
		return first
	}
	ahead := []aheadRow{{row: first}}
	read := []opening{{values: values, cells: 1}}
	for len(read) <= maxPreamble+1 {
		row, err := x.Next()
		if err != nil {
			if _, ok := errors.AsType[*RowError](err); ok {
				ahead = append(ahead, aheadRow{row, err})
			}
			if !errors.Is(err, io.EOF) {
				read = append(read, opening{}) // a row that cannot be read starts no table
			}
			break
		}
		ahead = append(ahead, aheadRow{row, nil})
		valued := row
		valued.dropBlankExtra(0)
		l := opening{cells: len(valued.Cells), apart: row.Line > ahead[len(ahead)-2].row.Line+1}
		if len(read[len(read)-1].values) >= 2 {
			read = append(read, l) // the row after the header
			break
		}
		l.values = cellValues(row.Cells)
		read = append(read, l)
		if len(l.values) < 2 && (len(read) > maxPreamble || !headerLike(l.values)) {
			break
		}
	}
	at := headerAt(read)
	for _, l := range read[:at] {
		x.preamble = append(x.preamble, l.values[0])
	}
	x.ahead = ahead[at+1:]
	return ahead[at].row
}

// aheadRow is a row read ahead of the header's choice, with its error.
type aheadRow struct {
	row Row
	err error
}

// cellValues returns the cells that are not blank, trimmed.
func cellValues(cells []string) []string {
	var values []string
	for _, c := range cells {
		if c = strings.TrimSpace(c); c != "" {
			values = append(values, c)
		}
	}
	return values
}

// Header returns the cells of the header row as they are in the sheet.
func (x *XLSXReader) Header() []string { return x.header }

// Preamble returns the values of the rows before the header row, trimmed:
// a sheet's title, which the reader skips (see CSVReader.Preamble). It is
// nil when the header is the sheet's first row with a value.
func (x *XLSXReader) Preamble() []string { return x.preamble }

func (x *XLSXReader) headerLine() int { return x.headerAt }

// Close closes the sheet stream. It does not close the io.ReaderAt.
func (x *XLSXReader) Close() error {
	if x.sheet == nil {
		return nil
	}
	err := x.sheet.Close()
	x.sheet = nil
	return err
}

// budgetReader fails once the reader's inflate budget is spent.
type budgetReader struct {
	r io.ReadCloser
	x *XLSXReader
}

func (b *budgetReader) Read(p []byte) (int, error) {
	if b.x.left <= 0 {
		return 0, &LimitError{What: "decompressed size", Limit: b.x.lim.inflate}
	}
	if int64(len(p)) > b.x.left {
		p = p[:b.x.left+1]
	}
	n, err := b.r.Read(p)
	b.x.left -= int64(n)
	if b.x.left < 0 {
		return n, &LimitError{What: "decompressed size", Limit: b.x.lim.inflate}
	}
	return n, err
}

func (b *budgetReader) Close() error { return b.r.Close() }

// open opens the part name. Part names are equal without regard to
// ASCII case (ECMA-376 Part 2, 6.2.2.3): a writer may store
// "xl/SharedStrings.xml" where the relationships name "sharedStrings.xml",
// which is looked for when the name as written is not in the archive.
func (x *XLSXReader) open(name string) (io.ReadCloser, error) {
	var rc io.ReadCloser
	f, err := x.zr.Open(name)
	if err == nil {
		rc = f
	} else if errors.Is(err, fs.ErrNotExist) {
		for _, zf := range x.zr.File {
			if strings.EqualFold(strings.TrimPrefix(strings.ReplaceAll(zf.Name, `\`, "/"), "/"), name) {
				rc, err = zf.Open()
				break
			}
		}
	}
	if err != nil {
		return nil, err
	}
	return &budgetReader{r: rc, x: x}, nil
}

// relation is the target of a relationship, and its type: the last
// segment of the type's URI ("worksheet", "chartsheet", "sharedStrings").
type relation struct{ target, typ string }

// rels reads a relationships part: ID → relation, and type → target.
func (x *XLSXReader) rels(name, dir string) (byID map[string]relation, byType map[string]string, err error) {
	byID, byType = map[string]relation{}, map[string]string{}
	err = x.walk(name, func(d *xml.Decoder, se xml.StartElement) error {
		if se.Name.Local != "Relationship" {
			return nil
		}
		target := attr(se, "Target")
		if strings.HasPrefix(target, "/") {
			target = strings.TrimPrefix(target, "/")
		} else {
			target = path.Join(dir, target)
		}
		typ := attr(se, "Type")
		typ = typ[strings.LastIndexByte(typ, '/')+1:]
		byID[attr(se, "Id")] = relation{target, typ}
		byType[typ] = target
		return nil
	})
	if errors.Is(err, errMissing) {
		err = nil
	}
	return byID, byType, err
}

// numbersSummary is the name of the sheet that Apple Numbers puts first
// in a workbook it exports, when asked to: a note, and the list of the
// worksheets its tables became.
const numbersSummary = "Export Summary"

// errMissing is a part the archive does not hold. It wraps ErrMalformed,
// so that a zip archive that is not a workbook (an .ods, a zipped CSV)
// gives the error OpenXLSX promises: the callers of walk that can do
// without a part (relationships, shared strings, styles) test for it.
var errMissing = fmt.Errorf("%w: part missing", ErrMalformed)

// walk calls fn for every start element of the part name.
func (x *XLSXReader) walk(name string, fn func(*xml.Decoder, xml.StartElement) error) error {
	rc, err := x.open(name)
	if err != nil {
		return fmt.Errorf("%s: %w", name, errMissing)
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return partErr(name, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if err := fn(d, se); err != nil {
				return partErr(name, err)
			}
		}
	}
}

func partErr(name string, err error) error {
	if errors.Is(err, ErrLimit) || errors.Is(err, ErrMalformed) {
		return err
	}
	return fmt.Errorf("%s: %w: %v", name, ErrMalformed, err)
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// init reads the workbook's relationships, its shared strings and its
// styles, and returns the worksheets that may be read, the first first
// (see XLSXReader).
func (x *XLSXReader) init() ([]string, error) {
	_, root, err := x.rels("_rels/.rels", "")
	if err != nil {
		return nil, err
	}
	wb := root["officeDocument"]
	if wb == "" {
		wb = "xl/workbook.xml"
	}
	dir := path.Dir(wb)
	ids, types, err := x.rels(path.Join(dir, "_rels", path.Base(wb)+".rels"), dir)
	if err != nil {
		return nil, err
	}
	// The worksheets not hidden but Numbers' summary, else the summary,
	// else the hidden ones, in the workbook's order; else, without any,
	// the part a workbook's first sheet usually is.
	var visible, summary, hidden []string
	err = x.walk(wb, func(_ *xml.Decoder, se xml.StartElement) error {
		switch se.Name.Local {
		case "workbookPr":
			v := attr(se, "date1904")
			x.date1904 = v == "1" || v == "true"
		case "sheet":
			var id string
			for _, a := range se.Attr {
				if a.Name.Local == "id" && strings.Contains(a.Name.Space, "relationships") {
					id = a.Value
				}
			}
			rel := ids[id]
			switch rel.typ {
			case "chartsheet", "dialogsheet", "xlMacrosheet", "xlIntlMacrosheet":
				return nil // no cells
			}
			if rel.target == "" {
				return nil
			}
			switch state := attr(se, "state"); {
			case state == "hidden" || state == "veryHidden":
				hidden = append(hidden, rel.target)
			case len(visible) == 0 && attr(se, "name") == numbersSummary:
				summary = append(summary, rel.target)
			default:
				visible = append(visible, rel.target)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sheets := visible
	for _, s := range [][]string{summary, hidden, {path.Join(dir, "worksheets/sheet1.xml")}} {
		if len(sheets) == 0 {
			sheets = s
		}
	}
	if err := x.loadShared(types["sharedStrings"], path.Join(dir, "sharedStrings.xml")); err != nil {
		return nil, err
	}
	if err := x.loadStyles(types["styles"], path.Join(dir, "styles.xml")); err != nil {
		return nil, err
	}
	return sheets, nil
}

// openSheet opens the worksheet part name for Next, the first row after
// its start.
func (x *XLSXReader) openSheet(name string) error {
	rc, err := x.open(name)
	if err != nil {
		return fmt.Errorf("worksheet %s: %w: %v", name, ErrMalformed, err)
	}
	x.sheet, x.dec, x.line, x.err = rc, xml.NewDecoder(rc), 0, nil
	return nil
}

// text reads the character data of the element just started, up to its
// end: all of it for a value (<v>), and for a string (<si>, <is>) only that
// of its text elements (<t>), each with its escapes decoded (see
// unescapeXstring), leaving out phonetic runs (rPh) and the white space
// that indents the elements; at most max bytes are kept, and too says
// whether there were more.
func text(d *xml.Decoder, max int, value bool) (s string, too bool, err error) {
	var b strings.Builder
	// run is the text of the current <t>, decoded when it ends: an escape
	// is of one text element, never of two runs put together.
	var run []byte
	depth, skip, inT := 1, 0, 0
	for depth > 0 {
		tok, err := d.Token()
		if err != nil {
			return "", false, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if t.Name.Local == "rPh" || skip > 0 {
				skip++
			}
			if t.Name.Local == "t" {
				inT++
			}
		case xml.EndElement:
			depth--
			if skip > 0 {
				skip--
			}
			if t.Name.Local == "t" && inT > 0 {
				inT--
				b.WriteString(unescapeXstring(string(run)))
				run = run[:0]
			}
		case xml.CharData:
			if skip > 0 || (!value && inT == 0) {
				continue
			}
			if room := max - b.Len() - len(run); len(t) > room {
				too = true
				t = t[:room]
			}
			if value {
				b.Write(t)
			} else {
				run = append(run, t...)
			}
		}
	}
	return b.String(), too, nil
}

// unescapeXstring decodes the escapes "_xHHHH_" (four hexadecimal digits,
// a UTF-16 code unit) of ECMA-376's ST_Xstring, the type of the text of
// shared and inline strings and of cell values: Excel writes so a
// character that XML cannot hold or would not keep (a carriage return is
// "_x000D_", a tab "_x0009_"), and the underscore of a literal "_x" that
// would read as an escape ("_x005F_" is "_": "R_x005F_x0026_D" is
// "R_x0026_D"). The text is read once, left to right, so that what an
// escape gives is never read again as part of one. Two escapes of a
// surrogate pair are one character; a surrogate without its pair is
// U+FFFD. Anything else, "_x" included, is kept as it is.
func unescapeXstring(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		u, ok := xEscape(s[i:])
		if !ok {
			b.WriteByte(s[i])
			i++
			continue
		}
		i += len("_xHHHH_")
		r := rune(u)
		if utf16.IsSurrogate(r) {
			lo, ok := xEscape(s[i:])
			if r = utf16.DecodeRune(r, rune(lo)); ok && r != utf8.RuneError {
				i += len("_xHHHH_")
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// xEscape reads the escape "_xHHHH_" that s may begin with.
func xEscape(s string) (uint16, bool) {
	if len(s) < len("_xHHHH_") || s[0] != '_' || s[1] != 'x' || s[6] != '_' {
		return 0, false
	}
	u, err := strconv.ParseUint(s[2:6], 16, 16)
	return uint16(u), err == nil
}

func (x *XLSXReader) loadShared(name, fallback string) error {
	if name == "" {
		name = fallback
	}
	var total int64
	err := x.walk(name, func(d *xml.Decoder, se xml.StartElement) error {
		if se.Name.Local != "si" {
			return nil
		}
		s, too, err := text(d, x.lim.cell, false)
		if err != nil {
			return err
		}
		total += int64(len(s)) + 16
		if total > x.lim.shared {
			return &LimitError{What: "shared strings", Limit: x.lim.shared}
		}
		if too {
			if x.cut == nil {
				x.cut = map[int]bool{}
			}
			x.cut[len(x.shared)] = true
		}
		x.shared = append(x.shared, s)
		return nil
	})
	if errors.Is(err, errMissing) {
		return nil
	}
	return err
}

func (x *XLSXReader) loadStyles(name, fallback string) error {
	if name == "" {
		name = fallback
	}
	custom := map[int]numFormat{}
	inXfs := false
	err := x.walk(name, func(d *xml.Decoder, se xml.StartElement) error {
		switch se.Name.Local {
		case "numFmt":
			id, _ := strconv.Atoi(attr(se, "numFmtId"))
			code := attr(se, "formatCode")
			custom[id] = numFormat{date: isDateFormat(code), zeros: zerosFormat(code)}
		case "cellXfs":
			inXfs = true
		case "cellStyleXfs", "dxfs", "cellStyles":
			inXfs = false
		case "xf":
			if !inXfs {
				return nil
			}
			if len(x.formats) >= 1<<16 {
				return &LimitError{What: "cell styles", Limit: 1 << 16}
			}
			id, _ := strconv.Atoi(attr(se, "numFmtId"))
			f, ok := custom[id]
			if !ok {
				f.date = builtinDate(id)
			}
			x.formats = append(x.formats, f)
		}
		return nil
	})
	if errors.Is(err, errMissing) {
		return nil
	}
	return err
}

func builtinDate(id int) bool {
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58)
}

// numFormat is what the reader takes of a cell style's number format.
type numFormat struct {
	date  bool // a date or time format (see isDateFormat)
	zeros int  // the digits of a format of zeros alone (see zerosFormat)
}

// zerosFormat returns the length of a number format made of zeros alone,
// "00000" (Excel's ZIP Code format) or "0000000000": the digits it pads
// an integer to. It is 0 for any other format.
func zerosFormat(code string) int {
	if len(code) < 2 || strings.Trim(code, "0") != "" {
		return 0
	}
	return len(code)
}

// isDateFormat reports whether a custom number format shows a date or a
// time: it has d, m, y, h or s outside quoted text, brackets and escapes.
func isDateFormat(code string) bool {
	quoted, bracket := false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case quoted:
			quoted = c != '"'
		case bracket:
			bracket = c != ']'
		case c == '"':
			quoted = true
		case c == '[':
			bracket = true
		case c == '\\' || c == '_' || c == '*':
			i++
		default:
			switch c | 0x20 {
			case 'd', 'm', 'y', 'h', 's':
				return true
			}
		}
	}
	return false
}

// Next returns the next row with a value; see Reader.
func (x *XLSXReader) Next() (Row, error) {
	if len(x.ahead) > 0 {
		r := x.ahead[0]
		x.ahead = x.ahead[1:]
		var rowErr error
		if re, ok := errors.AsType[*RowError](r.err); ok {
			rowErr = re.Err
		}
		return r.row, x.fit(&r.row, rowErr)
	}
	if x.err != nil {
		return Row{}, x.err
	}
	row, err := x.next()
	if err != nil {
		if _, ok := errors.AsType[*RowError](err); !ok {
			if !errors.Is(err, io.EOF) {
				err = fmt.Errorf("read xlsx: %w", partErr("sheet", err))
			}
			x.err = err
		}
	}
	return row, err
}

func (x *XLSXReader) next() (Row, error) {
	for {
		tok, err := x.dec.Token()
		if err != nil {
			return Row{}, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != "row" {
				continue
			}
			if n, err := strconv.Atoi(attr(t, "r")); err == nil && n > 0 {
				x.line = n
			} else {
				x.line++
			}
			row, err := x.row(x.line)
			if skipRow(row, err) {
				continue
			}
			return row, err
		case xml.EndElement:
			if t.Name.Local == "sheetData" {
				return Row{}, io.EOF
			}
		}
	}
}

// row reads the cells of the row element just started.
func (x *XLSXReader) row(line int) (row Row, err error) {
	row.Line = line
	var rowErr error
	col, size := -1, 0
	for {
		tok, err := x.dec.Token()
		if err != nil {
			return Row{}, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if t.Name.Local != "row" {
				continue
			}
			return row, x.fit(&row, rowErr)
		case xml.StartElement:
			if t.Name.Local != "c" {
				continue
			}
			if c, ok := column(attr(t, "r")); ok {
				col = c
			} else {
				col++
			}
			v, problem, err := x.cell(t)
			if err != nil {
				return Row{}, err
			}
			if problem != nil && rowErr == nil {
				rowErr = problem
			}
			if v == "" {
				continue
			}
			if col >= x.lim.cells {
				if rowErr == nil {
					rowErr = &LimitError{What: "cells", Limit: int64(x.lim.cells)}
				}
				continue
			}
			if size+len(v) > x.lim.row {
				if rowErr == nil {
					rowErr = &LimitError{What: "row bytes", Limit: int64(x.lim.row)}
				}
				continue
			}
			size += len(v)
			for len(row.Cells) <= col {
				row.Cells = append(row.Cells, "")
			}
			row.Cells[col] = v
		}
	}
}

// fit fits row to the header, once there is one: its blank cells past
// the header's dropped, a row with more cells failing with ErrCellCount,
// and a shorter one padded. It returns the row's *RowError for rowErr, a
// problem met reading it, or for its cell count, nil when it has none.
func (x *XLSXReader) fit(row *Row, rowErr error) error {
	if x.header != nil {
		if rowErr == nil {
			row.dropBlankExtra(len(x.header))
		}
		if len(row.Cells) > len(x.header) && rowErr == nil {
			rowErr = fmt.Errorf("%w: %d cells, header has %d", ErrCellCount, len(row.Cells), len(x.header))
		}
		for len(row.Cells) < len(x.header) {
			row.Cells = append(row.Cells, "")
		}
	}
	if rowErr != nil {
		return &RowError{Line: row.Line, Err: rowErr}
	}
	return nil
}

// cell reads the value of the c element just started. A problem of the
// cell alone, for the row's *RowError, is returned as problem: a
// *LimitError for a value cut at the cap, ErrMalformed for a shared
// string that the workbook does not hold (the cell is then ""); err is
// final.
func (x *XLSXReader) cell(c xml.StartElement) (v string, problem error, err error) {
	typ := attr(c, "t")
	style, _ := strconv.Atoi(attr(c, "s"))
	for {
		tok, err := x.dec.Token()
		if err != nil {
			return "", nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != "v" && t.Name.Local != "is" {
				if err := x.dec.Skip(); err != nil {
					return "", nil, err
				}
				continue
			}
			s, too, err := text(x.dec, x.lim.cell, t.Name.Local == "v")
			if err != nil {
				return "", nil, err
			}
			v = s
			if too {
				problem = &LimitError{What: "cell bytes", Limit: int64(x.lim.cell)}
			}
		case xml.EndElement:
			switch typ {
			case "s":
				ref := strings.TrimSpace(v)
				if ref == "" {
					return "", problem, nil
				}
				i, err := strconv.Atoi(ref)
				if err != nil || i < 0 || i >= len(x.shared) {
					return "", fmt.Errorf("%w: cell %s names shared string %s of %d", ErrMalformed, inputtext.Quote(attr(c, "r")), inputtext.Quote(ref), len(x.shared)), nil
				}
				if x.cut[i] && problem == nil {
					problem = &LimitError{What: "cell bytes", Limit: int64(x.lim.cell)}
				}
				return x.shared[i], problem, nil
			case "b":
				switch strings.TrimSpace(v) {
				case "1":
					return "true", problem, nil
				case "0":
					return "false", problem, nil
				}
			case "str":
				return unescapeXstring(v), problem, nil
			case "d":
				return isoDate(v), problem, nil
			case "e":
				return "", problem, nil
			case "", "n":
				var f numFormat
				if style >= 0 && style < len(x.formats) {
					f = x.formats[style]
				}
				if f.date {
					if d, ok := serialDate(v, x.date1904); ok {
						return d, problem, nil
					}
				}
				return padZeros(displayNumber(v), f.zeros), problem, nil
			}
			return v, problem, nil
		}
	}
}

// column returns the 0-based column of a cell reference such as "AB12".
func column(ref string) (int, bool) {
	col, n := 0, 0
	for n < len(ref) && ref[n] >= 'A' && ref[n] <= 'Z' {
		col = col*26 + int(ref[n]-'A'+1)
		n++
		if col > 1<<20 {
			return 0, false
		}
	}
	if n == 0 {
		return 0, false
	}
	return col - 1, true
}

// displayNumber returns the number v as a spreadsheet shows it: v itself
// when it is an integer or a decimal of at most 15 significant digits
// without an exponent ("42", "0.5", "33612345678", and the digits of an
// identifier a tool wrote exactly), else the double it stands for rounded
// to 15 significant digits and written without an exponent: "2E-3" is
// "0.002", "1.5E+20" is "150000000000000000000", and the binary noise of a
// computed value ("0.14999999999999999", "7.0000000000000007E-2") is gone
// ("0.15", "0.07"). Text that is no number is left as it is.
func displayNumber(v string) string {
	t := strings.TrimSpace(v)
	if plainDecimal(t) {
		return v
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return v
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// padZeros pads n, a number as displayNumber writes it, with zeros to
// digits when it is a whole number of fewer digits: "2134" is "02134" to
// 5. Anything else ("", "-7", "21.5") is left as it is.
func padZeros(n string, digits int) string {
	if n == "" || len(n) >= digits || strings.Trim(n, "0123456789") != "" {
		return n
	}
	return strings.Repeat("0", digits-len(n)) + n
}

// plainDecimal reports whether s is an integer, or a decimal without an
// exponent and with at most 15 significant digits, which a double holds as
// written.
func plainDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	digits, sig, dot := 0, 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.' && !dot:
			dot = true
		case c >= '0' && c <= '9':
			digits++
			if c != '0' || sig > 0 {
				sig++
			}
		default:
			return false
		}
	}
	return digits > 0 && (!dot || sig <= 15)
}

// isoDate returns v, the ISO 8601 date or date and time of a cell of type
// "d", as serialDate writes a date: "2006-01-02" at midnight, else
// "2006-01-02T15:04:05" rounded to the second, its offset left out (a
// spreadsheet's times are local). Anything else, a time alone ("13:45:30")
// among them, is left as it is.
func isoDate(v string) string {
	for _, layout := range []string{"2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04:05.999999999", time.DateOnly} {
		t, err := time.Parse(layout, strings.TrimSpace(v))
		if err != nil {
			continue
		}
		if t = t.Round(time.Second); t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
			return t.Format(time.DateOnly)
		}
		return t.Format("2006-01-02T15:04:05")
	}
	return v
}

// serialDate converts a spreadsheet date serial to ISO 8601; see XLSXReader.
func serialDate(v string, date1904 bool) (string, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || math.IsNaN(f) || f < 0 || f >= 2958466 {
		return "", false
	}
	// Rounded to the second first, as a spreadsheet shows it: a date
	// computed by a formula may fall a hair before midnight.
	total := math.Round(f * 86400)
	days := math.Floor(total / 86400)
	secs := int64(total - days*86400)
	if days >= 2958466 {
		return "", false // past 9999-12-31
	}
	var base time.Time
	switch {
	case date1904:
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case days == 60 || days == 0:
		return "", false
	case days < 60:
		base = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	default:
		base = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	}
	t := base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
	if secs == 0 {
		return t.Format(time.DateOnly), true
	}
	return t.Format("2006-01-02T15:04:05"), true
}
