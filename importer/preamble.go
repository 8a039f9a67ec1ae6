package importer

import (
	"bytes"
	"strings"
	"unicode"
)

// maxPreamble is the most lines a preamble may have (see headerAt).
const maxPreamble = 10

// opening is a line of the start of a file (a row of a sheet), as
// headerAt reads it.
type opening struct {
	// values are its cells that are not blank.
	values []string
	// cells is its number of cells, blank ones included.
	cells int
	// apart says that a blank line (an empty row) comes right before it.
	apart bool
}

// headerAt finds the lines that some exports put before their header: a
// note or a title, then a blank line. LinkedIn's connections export begins
// with "Notes:" and a quoted paragraph; a sheet made by hand often has a
// title in its first cell ("Contacts,,,,") and an empty row. Read as the
// header, such a line made a file of one column.
//
// lines are the first lines of the file that hold a value, up to the first
// of two values or more and the one after it, if any. headerAt returns the
// index in lines of the header, after the preamble before it, or 0 (the
// first line is the header). Line i is the header when:
//
//   - it has two values or more, and none of them reads as an email or a
//     phone (see headerLike);
//   - the i lines before it, 1 to maxPreamble, have one value each, which
//     reads as no email or phone (a row of data of a file without a
//     header, its email or phone first, is no title);
//   - a blank line comes right before it: the blank line that sets a
//     title apart from its table;
//   - a table starts there: the line after it, if any, has two cells or
//     more (a note that happens to hold a comma, with no table after it,
//     does not).
//
// The CSV reader (see preamble) and the xlsx reader (see
// XLSXReader.findHeader) both read their preambles so.
func headerAt(lines []opening) int {
	for i, l := range lines {
		switch {
		case len(l.values) >= 2:
			if i == 0 || !l.apart || !headerLike(l.values) || i+1 < len(lines) && lines[i+1].cells < 2 {
				return 0
			}
			return i
		case i == maxPreamble || !headerLike(l.values):
			return 0
		}
	}
	return 0
}

// preamble reads the preamble of a CSV text (see headerAt) from head, its
// start, cut from a longer text or not: the header must come within its
// first maxPreamble+1 lines, blank ones included. delim is the file's
// delimiter when a "sep=" line gave it, else 0: every delimiter the
// reader detects is tried, and the header's tells it. preamble returns
// the length of the preamble in bytes, 0 when there is none, and the
// values of its lines.
func preamble(head []byte, cut bool, delim byte) (n int, lines []string) {
	var read []opening
	var starts []int // where each line of read starts in head
	pos, apart, d := 0, false, delim
	for range maxPreamble + 1 {
		end, ok := lineEnd(head, cut, pos)
		if !ok {
			return 0, nil
		}
		line := head[pos:end]
		v := values(line, d)
		switch {
		case v == 0:
			apart = true
		case v == 1:
			read = append(read, opening{values: []string{preambleText(line)}, cells: 1, apart: apart})
		default:
			if d == 0 {
				d = sniffDelimiter(line)
			}
			read = append(read, opening{values: nonBlankCells(line, d), apart: apart})
		}
		if v > 0 {
			starts, apart = append(starts, pos), false
		}
		pos = end
		if v >= 2 {
			break
		}
	}
	if len(read) == 0 || len(read[len(read)-1].values) < 2 {
		return 0, nil
	}
	// The line after the header that holds a value, if head holds one.
	for pos < len(head) {
		end, ok := lineEnd(head, cut, pos)
		if !ok {
			break
		}
		if line := head[pos:end]; values(line, 0) > 0 {
			read = append(read, opening{cells: cellCount(line, d)})
			break
		}
		pos = end
	}
	at := headerAt(read)
	if at == 0 {
		return 0, nil
	}
	for _, l := range read[:at] {
		lines = append(lines, l.values[0])
	}
	return starts[at], lines
}

// cellCount returns the number of cells of line, split by delim outside
// quotes.
func cellCount(line []byte, delim byte) int {
	n, quoted := 1, false
	for _, b := range line {
		switch {
		case b == '"':
			quoted = !quoted
		case b == delim && !quoted:
			n++
		}
	}
	return n
}

// lineEnd returns where the line of head at pos ends, after its "\n": a
// line break inside quotes is part of a cell. ok is false when head, cut
// from a longer text, ends before the line does; the end of a whole text
// ends its last line.
func lineEnd(head []byte, cut bool, pos int) (end int, ok bool) {
	quoted := false
	for i := pos; i < len(head); i++ {
		switch head[i] {
		case '"':
			quoted = !quoted
		case '\n':
			if !quoted {
				return i + 1, true
			}
		}
	}
	return len(head), !cut && pos < len(head)
}

// delimiters are the delimiters the CSV reader detects (see
// sniffDelimiter).
var delimiters = [...]byte{',', ';', '\t'}

// values returns the number of cells of line that are not blank, split by
// delim, or the most for any delimiter when delim is 0.
func values(line []byte, delim byte) int {
	if delim != 0 {
		return len(nonBlankCells(line, delim))
	}
	most := 0
	for _, d := range delimiters {
		most = max(most, len(nonBlankCells(line, d)))
	}
	return most
}

// headerLike reports whether cells, the values of a row, read as a header
// or a title rather than as data: none holds an "@" (an email), or six
// digits or more and no letter (a phone; "Exported 2026-12-01" is a
// title).
func headerLike(cells []string) bool {
	for _, c := range cells {
		digits, letters := 0, false
		for _, r := range c {
			switch {
			case '0' <= r && r <= '9':
				digits++
			case unicode.IsLetter(r):
				letters = true
			}
		}
		if digits >= 6 && !letters || strings.IndexByte(c, '@') >= 0 {
			return false
		}
	}
	return true
}

// nonBlankCells returns the cells of line, split by delim outside quotes,
// that hold something else than blanks, quotes and delimiters (";;;" is a
// blank line whatever the delimiter).
func nonBlankCells(line []byte, delim byte) []string {
	var cells []string
	quoted, start := false, 0
	for i := 0; i <= len(line); i++ {
		if i < len(line) {
			switch b := line[i]; {
			case b == '"':
				quoted = !quoted
				continue
			case b != delim || quoted:
				continue
			}
		}
		if c := line[start:i]; len(bytes.Trim(c, " \t\r\n\",;")) > 0 {
			cells = append(cells, string(c))
		}
		start = i + 1
	}
	return cells
}

// preambleText returns the value of a line of the preamble: without the
// delimiters and blanks around it ("Contacts,,,," gives "Contacts"), and
// without its quotes when it is quoted whole.
func preambleText(line []byte) string {
	s := strings.Trim(string(line), " \t\r\n,;")
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
	}
	return s
}
