package importer

import (
	"bytes"
	"strings"
	"unicode"
)

// maxPreamble is the most lines a preamble may have (see preamble).
const maxPreamble = 10

// preamble finds the lines that some exports put before their header: a
// note or a title, then a blank line. LinkedIn's connections export begins
// with "Notes:" and a quoted paragraph; a sheet saved by Excel often has a
// title in its first cell ("Contacts,,,,") and an empty row. Read as the
// header, such a line made a file of one column.
//
// head is the start of the text (its lines ending with "\n"), cut from a
// longer text or not. The preamble is the lines before the
// first line of two values or more (see values), when:
//
//   - at most maxPreamble lines come before it, each of at most one value
//     (a cell that is not blank) that reads as no email or phone (see
//     headerLike: a row of data of a file without a header, its email or
//     phone first, is no title), and at least one has a value;
//   - the line right before it is blank (no value): the blank line that
//     sets a title apart from its table;
//   - it reads as a header, not as data: none of its cells reads as an
//     email or a phone (see headerLike);
//   - a table starts there: the next line with a value (if head holds one)
//     has the header's delimiter too, as a note that happens to hold a
//     comma or a semicolon, with no table after it, does not.
//
// A file whose first line has two values, or a file of one column, has no
// preamble. delim is the file's delimiter when a "sep=" line gave it, else
// 0: every delimiter the reader detects is tried. preamble returns the
// length of the preamble in bytes, 0 when there is none, and its lines.
func preamble(head []byte, cut bool, delim byte) (n int, lines []string) {
	pos, text, blank := 0, false, false
	for range maxPreamble + 1 {
		end, ok := lineEnd(head, cut, pos)
		if !ok {
			return 0, nil
		}
		line := head[pos:end]
		switch v := values(line, delim); {
		case v >= 2:
			d := delim
			if d == 0 {
				d = sniffDelimiter(line)
			}
			if !text || !blank || !headerLike(nonBlankCells(line, d)) || !tableAfter(head, cut, end, d) {
				return 0, nil
			}
			return pos, lines
		case v == 1:
			t := preambleText(line)
			if !headerLike([]string{t}) {
				return 0, nil // a row of data: an email, a phone
			}
			text, blank = true, false
			lines = append(lines, t)
		default:
			blank = true
		}
		pos = end
	}
	return 0, nil
}

// tableAfter reports whether the first line of head from pos on that has
// a value holds delim outside quotes too; true when head holds none.
func tableAfter(head []byte, cut bool, pos int, delim byte) bool {
	for pos < len(head) {
		end, ok := lineEnd(head, cut, pos)
		if !ok {
			return true
		}
		if line := head[pos:end]; values(line, 0) > 0 {
			return splits(line, delim)
		}
		pos = end
	}
	return true
}

// splits reports whether line holds delim outside quotes.
func splits(line []byte, delim byte) bool {
	quoted := false
	for _, b := range line {
		switch {
		case b == '"':
			quoted = !quoted
		case b == delim && !quoted:
			return true
		}
	}
	return false
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
