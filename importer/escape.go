package importer

// Formula injection: a spreadsheet that opens a CSV file runs a cell that
// starts with "=", "+", "-" or "@" as a formula (and some also after a tab
// or a carriage return). Escape makes such a cell inert and Unescape is its
// exact inverse:
//
//   - Escape prefixes one apostrophe to a cell whose first byte is '=',
//     '+', '-', '@', '\t', '\r' or the apostrophe itself; any other cell is
//     left as it is;
//   - Unescape removes the first byte of a cell that starts with an
//     apostrophe followed by one of those seven bytes; any other cell is
//     left as it is.
//
// Escaping the apostrophe too is what makes the pair unambiguous: a note
// that really starts with "'=" is written "''=" and read back as "'=",
// and "+33612345678" is written "'+33612345678" and read back as
// "+33612345678". So Unescape(Escape(s)) == s for every s, and no escaped
// cell starts with a formula character. A cell that was not escaped by
// Escape but starts with "'+" or "'=" (someone typed the apostrophe to stop
// a spreadsheet) loses that apostrophe on import, which is what the person
// meant.

func needsEscape(b byte) bool {
	switch b {
	case '=', '+', '-', '@', '\t', '\r', '\'':
		return true
	}
	return false
}

// Escape protects one cell against formula injection: it prefixes an
// apostrophe to a cell that starts with '=', '+', '-', '@', a tab, a
// carriage return or an apostrophe. See the package documentation, "Export
// and formula injection".
func Escape(s string) string {
	if s != "" && needsEscape(s[0]) {
		return "'" + s
	}
	return s
}

// Unescape reverses Escape exactly: it removes the first byte of a cell
// that starts with an apostrophe followed by '=', '+', '-', '@', a tab, a
// carriage return or an apostrophe, and leaves any other cell as it is.
func Unescape(s string) string {
	if len(s) >= 2 && s[0] == '\'' && needsEscape(s[1]) {
		return s[1:]
	}
	return s
}
