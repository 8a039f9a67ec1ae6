package contactkit_test

// Models of what spreadsheet apps do to an exported CSV file when they
// open it and save it again: pure functions of the file's cells.

import (
	"bytes"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"

	"github.com/contactkit/contactkit/importer"
)

// rv19App is one app and locale that opens the export and saves it.
type rv19App struct {
	name string
	// locale is how the app reads and writes numbers, dates and
	// booleans: "US", "FR" or "DE"; "" keeps every cell as text.
	locale string
	sep    byte
	bom    bool
	crlf   bool
	// win1252 saves as Windows-1252 (Excel's plain "CSV" on Windows).
	win1252 bool
	// utf16 saves as UTF-16LE after a byte order mark (Excel's "Unicode
	// Text", tab-separated).
	utf16 bool
	// quoteAll quotes every text cell (LibreOffice's option).
	quoteAll bool
	// keepApostrophe shows and saves the apostrophe that protects a
	// cell; Excel and Google Sheets take it as a text marker and drop it.
	keepApostrophe bool
	// scientific writes numbers of 12 digits or more as Excel's General
	// format does ("1.23457E+11").
	scientific bool
	// dropTrailing leaves out the empty cells at the end of some rows.
	dropTrailing bool
}

var rv19Apps = []rv19App{
	{name: "Excel US CSV UTF-8", locale: "US", sep: ',', bom: true, crlf: true, scientific: true},
	{name: "Excel US CSV (Windows)", locale: "US", sep: ',', crlf: true, win1252: true, scientific: true, dropTrailing: true},
	{name: "Excel FR CSV UTF-8", locale: "FR", sep: ';', bom: true, crlf: true, scientific: true},
	{name: "Excel FR CSV (Windows)", locale: "FR", sep: ';', crlf: true, win1252: true, scientific: true},
	{name: "Excel DE CSV UTF-8", locale: "DE", sep: ';', bom: true, crlf: true, scientific: true},
	{name: "Excel DE CSV (Windows)", locale: "DE", sep: ';', crlf: true, win1252: true, scientific: true, dropTrailing: true},
	{name: "Excel FR Unicode Text", locale: "FR", sep: '\t', utf16: true, crlf: true, scientific: true},
	{name: "LibreOffice FR quoted", locale: "FR", sep: ';', quoteAll: true, keepApostrophe: true},
	{name: "LibreOffice US CRLF", locale: "US", sep: ',', crlf: true, keepApostrophe: true},
	{name: "Google Sheets US", locale: "US", sep: ','},
	{name: "Google Sheets FR", locale: "FR", sep: ','},
	{name: "Numbers", sep: ',', bom: true, crlf: true, keepApostrophe: true},
}

// rv19Parse splits a CSV file (comma-separated, as Export writes it) into
// its rows of cells, keeping every byte of a quoted cell (encoding/csv
// would turn its "\r\n" into "\n").
func rv19Parse(data []byte) [][]string {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	var rows [][]string
	var row []string
	var cell strings.Builder
	quoted, inQuotes := false, false
	endCell := func() {
		row = append(row, cell.String())
		cell.Reset()
		quoted = false
	}
	for i := 0; i < len(data); i++ {
		b := data[i]
		switch {
		case inQuotes && b == '"' && i+1 < len(data) && data[i+1] == '"':
			cell.WriteByte('"')
			i++
		case inQuotes && b == '"':
			inQuotes = false
		case inQuotes:
			cell.WriteByte(b)
		case b == '"' && cell.Len() == 0 && !quoted:
			inQuotes, quoted = true, true
		case b == ',':
			endCell()
		case b == '\r' && i+1 < len(data) && data[i+1] == '\n':
		case b == '\n':
			endCell()
			rows = append(rows, row)
			row = nil
		default:
			cell.WriteByte(b)
		}
	}
	if cell.Len() > 0 || len(row) > 0 {
		endCell()
		rows = append(rows, row)
	}
	return rows
}

// rv19Cell is what app writes for cell when it saves the file, and
// whether that loses what the cell said (a value no rule reads back).
func (app rv19App) cell(s string) (out string, lost bool) {
	if len(s) >= 2 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r'", rune(s[1])) {
		if app.keepApostrophe {
			return s, false
		}
		// A text cell, saved as it shows: a value that starts with the
		// escape of another ("'+", "''") reads as that escape.
		return s[1:], importer.Unescape(s[1:]) != s[1:]
	}
	if app.locale == "" {
		return s, false
	}
	switch strings.ToLower(s) {
	case "true", "false":
		words := map[string][2]string{"US": {"TRUE", "FALSE"}, "FR": {"VRAI", "FAUX"}, "DE": {"WAHR", "FALSCH"}}[app.locale]
		if strings.ToLower(s) == "true" {
			return words[0], false
		}
		return words[1], false
	}
	if m := rv19ISODate.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		if y < 1900 {
			return s, false // no date for Excel: text
		}
		switch app.locale {
		case "US":
			return fmt.Sprintf("%d/%d/%d", mo, d, y), false
		case "FR":
			return fmt.Sprintf("%02d/%02d/%d", d, mo, y), false
		default:
			return fmt.Sprintf("%02d.%02d.%d", d, mo, y), false
		}
	}
	if rv19Number.MatchString(s) {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return s, true
		}
		g := app.general(f)
		if !rv19SameNumber(s, g) || (len(s) > 1 && s[0] == '0' && s[1] != '.') {
			return s, true
		}
		if app.locale != "US" {
			g = strings.Replace(g, ".", ",", 1)
		}
		return g, false
	}
	if rv19Converted.MatchString(s) {
		return s, true // a fraction, time, currency or percentage
	}
	return s, false
}

var (
	rv19ISODate   = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)
	rv19Number    = regexp.MustCompile(`^\d+(\.\d+)?([eE][+-]?\d+)?$|^\.\d+$`)
	rv19Converted = regexp.MustCompile(`^[\s(]*[$€]?\s*\d[\d\s/:.,%()-]*$`)
)

// general formats f as Excel's General format shows it: up to 11
// characters, in scientific notation past them (with scientific).
func (app rv19App) general(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if len(s) <= 11 {
		return s
	}
	if math.Abs(f) >= 1e11 || math.Abs(f) < 1e-9 {
		if !app.scientific {
			return strconv.FormatFloat(f, 'f', -1, 64)
		}
		m := strconv.FormatFloat(f, 'E', 5, 64)
		mant, exp, _ := strings.Cut(m, "E")
		if strings.Contains(mant, ".") {
			mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
		}
		e, _ := strconv.Atoi(exp)
		sign := "+"
		if e < 0 {
			sign, e = "-", -e
		}
		return fmt.Sprintf("%sE%s%02d", mant, sign, e)
	}
	intLen := len(strconv.FormatFloat(math.Trunc(f), 'f', 0, 64))
	return strconv.FormatFloat(f, 'f', max(0, 10-intLen), 64)
}

// rv19SameNumber reports whether decimals a and b are the same number.
func rv19SameNumber(a, b string) bool {
	x, ok1 := new(big.Rat).SetString(a)
	y, ok2 := new(big.Rat).SetString(b)
	return ok1 && ok2 && x.Cmp(y) == 0
}

// save writes the rows as app saves them. A cell whose value the app
// would destroy is saved as it was, as if the user had formatted its
// column as text, and kept says so (by row index, the header being 0);
// lost says which rows hold a character that Windows-1252 has not.
func (app rv19App) save(rows [][]string, dropRow func(i int) bool) (data []byte, kept, lost map[int]string) {
	kept, lost = map[int]string{}, map[int]string{}
	var b strings.Builder
	eol := "\n"
	if app.crlf {
		eol = "\r\n"
	}
	enc := charmap.Windows1252.NewEncoder()
	for i, row := range rows {
		cells := make([]string, len(row))
		for k, s := range row {
			out, l := s, false
			if i > 0 {
				out, l = app.cell(s)
			}
			if l {
				kept[i] = fmt.Sprintf("column %d: %q", k, s)
				out = s
			}
			if app.win1252 {
				if _, err := enc.String(out); err != nil {
					lost[i] = fmt.Sprintf("column %d: not Windows-1252: %q", k, s)
					var r strings.Builder
					for _, c := range out {
						if _, err := enc.String(string(c)); err != nil {
							c = '?'
						}
						r.WriteRune(c)
					}
					out = r.String()
				}
			}
			cells[k] = out
		}
		if app.dropTrailing && i > 0 && dropRow(i) {
			for len(cells) > 0 && cells[len(cells)-1] == "" {
				cells = cells[:len(cells)-1]
			}
		}
		for k, s := range cells {
			if k > 0 {
				b.WriteByte(app.sep)
			}
			if app.quoteAll && s != "" || strings.ContainsAny(s, "\"\r\n"+string(app.sep)) {
				s = `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
			}
			b.WriteString(s)
		}
		b.WriteString(eol)
	}
	text := b.String()
	if app.win1252 {
		out, err := enc.String(text)
		if err != nil {
			panic(err)
		}
		return []byte(out), kept, lost
	}
	if app.bom || app.utf16 {
		text = "\ufeff" + text
	}
	if app.utf16 {
		var b []byte
		for _, u := range utf16.Encode([]rune(text)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b, kept, lost
	}
	return []byte(text), kept, lost
}
