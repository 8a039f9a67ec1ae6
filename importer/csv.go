package importer

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// CSVReader reads delimiter-separated values (RFC 4180 and the variants
// spreadsheets write). It implements Reader.
//
// The text is UTF-8 or UTF-16, with or without a byte order mark, or
// Windows-1252 (or Mac OS Roman, as Excel for Mac saves CSV), told from the first 64 KiB, or from the 64 KiB after an
// ASCII prefix longer than that (see Encoding): UTF-16 without
// a byte order mark, as some exports write it, by the zero high byte of
// its ASCII characters. A file with many zero bytes that are not UTF-16's
// is refused with an *EncodingError.
//
// The delimiter is detected from the header line: the most frequent of
// comma, semicolon and tab outside quotes, comma on a tie or when there is
// none. Cells may be quoted with '"', a doubled '"' standing for one; a
// quoted cell may span lines, and its line breaks are kept as they are
// ("\r\n" or "\n"); a stray quote inside a quoted cell is kept as it is.
// A quote that opens a cell and never closes before the end of the input
// (`"Bob` typed for a nickname) is a stray one: its row comes with a
// *RowError wrapping ErrUnterminatedQuote, read with the quote as
// written, and the lines after it are read again as rows, when they fit
// in Options.MaxRowBytes (the reader keeps them that long); past it they
// are that one failed row.
// Blanks (spaces, and tabs unless the tab is the delimiter) before the
// opening quote and after the closing one are no part of a quoted cell,
// as files written with a space after each delimiter have them
// (`"Ann", "Lee"`); a cell whose quote after blanks opens no cell that
// ends so (` "Bobby" Smith`) is read as written, quotes and all.
// Rows end with "\n" or "\r\n", or with "\r" alone in a file whose first
// 64 KiB hold no "\n" outside quoted cells (the CSV of the Macs of old,
// and Excel for Mac's, whose cells keep a line break typed in them as a
// "\n"). Blank lines, and
// lines of delimiters and blanks (",,,", as Excel writes them for rows
// once formatted), are no rows: they are skipped (see Reader). A first
// line "sep=;" (any one character after "sep="), as Excel writes it,
// gives the delimiter and is not a row.
//
// A row with another number of cells than the header comes with a
// *RowError wrapping ErrCellCount, once the blank cells past the header's
// are dropped ("Ann,Lee,,," under a header of two: see Row.Cell for
// blank), as spreadsheets write them for columns once formatted, and a row
// that stops before the header's own trailing blank cells ("Ann,Lee" under
// "First Name,Last Name,,,") is padded with blank cells. A cell
// longer than Options.MaxCellBytes, a row longer than Options.MaxRowBytes
// or with more than Options.MaxCells cells comes with a *RowError
// wrapping a *LimitError: the over-long cell is cut at the cap, the extra
// cells are dropped. A physical line longer than MaxRowBytes comes with
// the cells of the part of it that the cap keeps (read as a line of its
// own: a quote that does not close there is read as written), and the
// rest of it is skipped, which loses track of a quoted cell that spans
// it: the following lines are read as new rows.
//
// Up to ten lines before the header may be a preamble, which the reader
// skips (see Preamble).
type CSVReader struct {
	r      *bufio.Reader
	enc    *Encoding
	delim  byte
	lim    limits
	header []string
	// headerAt is the line of the header row.
	headerAt int
	line     int
	buf      []byte
	rec      []byte
	ends     []int
	err      error
	// A quoted cell that spans lines keeps them (its opening line first)
	// in spill, up to the row cap, until it closes: when it runs to the
	// end of the input instead, its quote was a stray one, and the lines
	// are read again from replay, the first with a stray quote read as
	// written (literal).
	spill, replay []byte
	literal       bool
	// preamble holds the lines before the header, when there is one
	// (see preamble).
	preamble []string
}

// NewCSV returns a CSVReader of r, which it reads up to the end of the
// header row. The encoding is told from the first bytes (see Encoding); an
// input whose encoding cannot be told gives an *EncodingError
// (ErrEncoding), an input without any row ErrNoHeader.
func NewCSV(r io.Reader, opts *Options) (*CSVReader, error) {
	text, enc, err := decode(bufio.NewReaderSize(r, sniffSize), false)
	if err != nil {
		return nil, err
	}
	return newCSV(text, enc, opts)
}

func newCSV(text *bufio.Reader, enc *Encoding, opts *Options) (*CSVReader, error) {
	head, _ := text.Peek(sniffSize)
	if crLines(head) {
		text = bufio.NewReaderSize(crToLF{text}, sniffSize)
		head, _ = text.Peek(sniffSize)
	}
	c := &CSVReader{r: text, enc: enc, lim: opts.limits()}
	// Excel's "sep=;" line gives the delimiter, then the header; a
	// preamble (see preamble) may come before the header too.
	d, skip := sepLine(head)
	if skip > 0 {
		c.line++
	}
	n, lines := preamble(head[skip:], len(head) == sniffSize, d)
	c.line += bytes.Count(head[skip:skip+n], []byte("\n"))
	c.preamble = lines
	skip += n
	if d == 0 {
		d = sniffDelimiter(head[skip:])
	}
	c.delim = d
	if _, err := text.Discard(skip); err != nil {
		return nil, fmt.Errorf("read csv header: %w", err)
	}
	row, err := c.Next()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read csv header: %w", ErrNoHeader)
	}
	if err != nil {
		return nil, fmt.Errorf("read csv header: %w", err)
	}
	c.header, c.headerAt = row.Cells, row.Line
	return c, nil
}

// sepLine reads the line "sep=" and one character that a file may begin
// with, as Excel writes and reads it, to say its delimiter: it returns the
// delimiter and the length of the line, its line break included; n is 0
// when head does not begin so.
func sepLine(head []byte) (delim byte, n int) {
	const prefix = "sep="
	if len(head) < len(prefix)+1 || !strings.EqualFold(string(head[:len(prefix)]), prefix) {
		return 0, 0
	}
	d := head[len(prefix)]
	if d == '"' || d == '\r' || d == '\n' || d >= utf8.RuneSelf || d != '\t' && d < ' ' {
		return 0, 0
	}
	rest := head[len(prefix)+1:]
	switch {
	case bytes.HasPrefix(rest, []byte("\r\n")):
		return d, len(prefix) + 3
	case bytes.HasPrefix(rest, []byte("\n")):
		return d, len(prefix) + 2
	}
	return 0, 0
}

// crLines reports whether head ends its lines with "\r" alone, as the
// CSV files of the Macs of old do: it holds a "\r", no "\r\n" and no "\n"
// outside quotes. A "\n" inside a quoted cell is a line break typed in the
// cell, which Excel for Mac's "CSV (Macintosh)" writes as it is, rows
// ending with "\r". (A stray quote, which would make the "\n" after it
// look quoted, is of no harm: a file of "\n" lines and a "\r" that is no
// "\r\n" has that "\r" in a cell, which reads as a "\n" then.)
func crLines(head []byte) bool {
	if bytes.IndexByte(head, '\r') < 0 || bytes.Contains(head, []byte("\r\n")) {
		return false
	}
	quoted := false
	for _, b := range head {
		switch b {
		case '"':
			quoted = !quoted
		case '\n':
			if !quoted {
				return false
			}
		}
	}
	return true
}

// crToLF reads r with each "\r" made a "\n": the lines of a file that
// crLines tells.
type crToLF struct{ r io.Reader }

func (c crToLF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// sniffDelimiter counts commas, semicolons and tabs outside quotes on the
// first non-blank line of head.
func sniffDelimiter(head []byte) byte {
	head = bytes.TrimLeft(head, "\r\n")
	var n [3]int
	quoted := false
scan:
	for _, b := range head {
		switch b {
		case '"':
			quoted = !quoted
		case '\n':
			if !quoted {
				break scan
			}
		case ',':
			if !quoted {
				n[0]++
			}
		case ';':
			if !quoted {
				n[1]++
			}
		case '\t':
			if !quoted {
				n[2]++
			}
		}
	}
	switch {
	case n[1] > n[0] && n[1] >= n[2]:
		return ';'
	case n[2] > n[0] && n[2] > n[1]:
		return '\t'
	}
	return ','
}

// Header returns the cells of the header row as they are in the file.
func (c *CSVReader) Header() []string { return c.header }

// Preamble returns the lines that came before the header row, trimmed,
// without blank ones: the note or title that some exports begin with
// (LinkedIn's "Notes:", a sheet's title), which the reader skips. It is
// nil when the header is the file's first line. A preamble is up to ten
// lines of at most one value each, the last of them blank, before a line
// of two values or more that holds no email or phone.
func (c *CSVReader) Preamble() []string { return c.preamble }

func (c *CSVReader) headerLine() int { return c.headerAt }

// Delimiter returns the detected delimiter: ',', ';' or '\t'.
func (c *CSVReader) Delimiter() byte { return c.delim }

// Encoding returns the encoding the file is read in.
//
// A file whose first 64 KiB are ASCII is told the encoding of the first
// byte that is not, when the reader comes to it (see Encoding): until then
// it is UTF-8.
func (c *CSVReader) Encoding() Encoding { return *c.enc }

// Next returns the next row; see Reader.
func (c *CSVReader) Next() (Row, error) {
	if c.err != nil {
		return Row{}, c.err
	}
	row, err := c.next()
	for skipRow(row, err) {
		row, err = c.next()
	}
	if err != nil {
		if _, ok := errors.AsType[*RowError](err); !ok {
			if !errors.Is(err, io.EOF) {
				err = fmt.Errorf("read csv: %w", err)
			}
			c.err = err
		}
	}
	return row, err
}

// readLine reads one physical line without its "\n" into c.buf; a "\r"
// before it is kept, for quoted cells. Past the row cap it keeps the line's
// first cap bytes, skips the rest and reports too. Lines to read again
// (replay) come first.
func (c *CSVReader) readLine() (line []byte, too bool, err error) {
	if len(c.replay) > 0 {
		line, c.replay, _ = bytes.Cut(c.replay, []byte{'\n'})
		c.line++
		return line, false, nil
	}
	c.buf = c.buf[:0]
	for {
		chunk, err := c.r.ReadSlice('\n')
		if !too && len(c.buf)+len(chunk) > c.lim.row {
			// Kept up to the cap, without the line's end.
			c.buf = append(c.buf, chunk[:c.lim.row-len(c.buf)]...)
			too = true
		} else if !too {
			c.buf = append(c.buf, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil && (err != io.EOF || (len(c.buf) == 0 && !too)) {
			return nil, false, err
		}
		c.line++
		line = c.buf
		if n := len(line); n > 0 && line[n-1] == '\n' {
			line = line[:n-1]
		}
		return line, too, nil
	}
}

func (c *CSVReader) next() (Row, error) {
	// again is what is left to read again, this row's line first, when
	// the row is read from it.
	again := c.replay
	line, too, err := c.readLine()
	if err != nil {
		return Row{}, err
	}
	// A byte order mark that begins a row is a second file's, joined to
	// the first (cat a.csv b.csv): no character of the row, whose first
	// cell may be quoted after it.
	line = bytes.TrimPrefix(line, bomUTF8)
	start := c.line
	if too {
		// The line is cut at the cap: its cells up to there, read again
		// as a line of their own, so that the row keeps what it can.
		limit := &LimitError{What: "row bytes", Limit: int64(c.lim.row)}
		if c.literal || len(line) == 0 {
			c.literal = false
			return Row{Line: start}, &RowError{Line: start, Err: limit}
		}
		c.replay = append([]byte(nil), line...)
		c.line, c.literal = start-1, true
		row, err := c.next()
		if re, ok := errors.AsType[*RowError](err); ok && !errors.Is(re.Err, ErrCellCount) {
			// (A cut line lacks cells: that is the cap, and the row,
			// blank or not, is no row to skip.)
			re.Err = errors.Join(limit, re.Err)
			return row, re
		}
		return row, &RowError{Line: start, Err: limit}
	}
	c.rec, c.ends = c.rec[:0], c.ends[:0]
	var rowErr error
	cellStart := 0
	add := func(b []byte) {
		if len(c.rec)-cellStart+len(b) > c.lim.cell {
			if rowErr == nil {
				rowErr = &LimitError{What: "cell bytes", Limit: int64(c.lim.cell)}
			}
			b = b[:max(0, min(len(b), c.lim.cell-(len(c.rec)-cellStart)))]
		}
		if len(c.rec)+len(b) > c.lim.row {
			if rowErr == nil {
				rowErr = &LimitError{What: "row bytes", Limit: int64(c.lim.row)}
			}
			b = b[:max(0, c.lim.row-len(c.rec))]
		}
		c.rec = append(c.rec, b...)
	}
	// end is where the record may end on the current line: before its "\r".
	end := func() int {
		if n := len(line); n > 0 && line[n-1] == '\r' {
			return n - 1
		}
		return len(line)
	}
	literal := c.literal
	c.literal = false
	// spilling is set once the row's lines are kept in spill, spilled
	// while all of them are.
	spilling, spilled := false, false
	pos, done := 0, false
	for !done {
		cellStart = len(c.rec)
		if q := c.blanks(line, pos, end()); q > pos && c.quotedAt(line, q, end()) {
			pos = q // a quoted cell after blanks: read without them
		}
		if pos < len(line) && line[pos] == '"' && (!literal || c.quotedAt(line, pos, end())) {
			pos++
		quoted:
			for {
				i := bytes.IndexByte(line[pos:], '"')
				if i >= 0 {
					add(line[pos : pos+i])
					pos += i + 1
					// Blanks between the closing quote and the
					// delimiter are no part of the cell.
					after := c.blanks(line, pos, end())
					switch {
					case pos < len(line) && line[pos] == '"':
						add(line[pos : pos+1])
						pos++
					case after >= end():
						done = true
						break quoted
					case line[after] == c.delim:
						pos = after + 1
						break quoted
					default:
						add([]byte{'"'})
					}
					continue
				}
				if len(again) > 0 {
					// A line read again after a stray quote: the
					// lines after it all are too, up to the end of
					// the input, and none closes a quote that this
					// one opens (it would have closed the stray one
					// there): the quote is a stray one as well, read
					// as written at once, not after the lines after
					// it again, which would make the reader
					// quadratic in them.
					return c.stray(again, start)
				}
				add(line[pos:])
				add([]byte{'\n'})
				if !spilling {
					spilling, spilled = true, true
					c.spill = append(c.spill[:0], line...)
				}
				var err error
				line, too, err = c.readLine()
				if spilled && err == nil && !too {
					spilled = len(c.spill)+1+len(line) <= c.lim.row // else too long to read again
					if spilled {
						c.spill = append(append(c.spill, '\n'), line...)
					}
				}
				switch {
				case errors.Is(err, io.EOF) && spilled:
					// The quote never closes: the lines after it are
					// rows, read again.
					replay := c.spill
					c.spill = nil
					return c.stray(replay, start)
				case errors.Is(err, io.EOF):
					rowErr = ErrUnterminatedQuote
					c.rec = c.rec[:len(c.rec)-min(1, len(c.rec)-cellStart)]
					done = true
					break quoted
				case err != nil:
					return Row{}, err
				case too:
					rowErr = &LimitError{What: "row bytes", Limit: int64(c.lim.row)}
					done = true
					break quoted
				}
				pos = 0
			}
		} else {
			i := bytes.IndexByte(line[pos:end()], c.delim)
			if i < 0 {
				add(line[pos:end()])
				done = true
			} else {
				add(line[pos : pos+i])
				pos += i + 1
			}
		}
		if len(c.ends) >= c.lim.cells {
			if rowErr == nil {
				rowErr = &LimitError{What: "cells", Limit: int64(c.lim.cells)}
			}
			c.rec = c.rec[:cellStart]
			continue
		}
		c.ends = append(c.ends, len(c.rec))
	}
	row := Row{Line: start, Cells: splitCells(c.rec, c.ends)}
	if err := validCells(row.Cells); err != nil && rowErr == nil {
		rowErr = err
	}
	if rowErr == nil && c.header != nil {
		row.dropBlankExtra(len(c.header))
		padBlankHeader(&row, c.header)
	}
	if rowErr == nil && c.header != nil && len(row.Cells) != len(c.header) {
		rowErr = fmt.Errorf("%w: %d cells, header has %d", ErrCellCount, len(row.Cells), len(c.header))
	}
	if rowErr != nil {
		return row, &RowError{Line: start, Err: rowErr}
	}
	return row, nil
}

// padBlankHeader pads row, when it is shorter than header, with the blank
// cells of the header's columns it stops before, if each of those columns
// is blank in the header too: the header's trailing delimiters ("Email,,,")
// name no column, and a row that stops before them lacks none.
func padBlankHeader(row *Row, header []string) {
	n := len(row.Cells)
	if n >= len(header) {
		return
	}
	for _, h := range header[n:] {
		if strings.TrimSpace(h) != "" {
			return
		}
	}
	for len(row.Cells) < len(header) {
		row.Cells = append(row.Cells, "")
	}
}

// stray reads the row of line start again from lines, the row's line
// first, its quotes that do not close on it read as written, and the
// lines after it left to read again: the row of a stray quote, with a
// *RowError wrapping ErrUnterminatedQuote.
func (c *CSVReader) stray(lines []byte, start int) (Row, error) {
	c.replay = lines
	c.line, c.literal = start-1, true
	row, err := c.next()
	if re, ok := errors.AsType[*RowError](err); ok {
		re.Err = errors.Join(ErrUnterminatedQuote, re.Err)
		return row, re
	}
	return row, &RowError{Line: start, Err: ErrUnterminatedQuote}
}

// blanks returns the position of the first byte of line from pos, before
// end, that is not a blank: a space, or a tab when the tab is not the
// delimiter.
func (c *CSVReader) blanks(line []byte, pos, end int) int {
	for pos < end && (line[pos] == ' ' || line[pos] == '\t' && c.delim != '\t') {
		pos++
	}
	return pos
}

// quotedAt reports whether the cell that blanks precede and whose first
// other byte is at q, before end, is a quoted one: it is a quote, and the
// quoted cell it opens ends on this line as one does (its closing quote
// followed by blanks, then the delimiter or the line's end). A cell such as
// ` "Bobby" Smith`, or ` "Bobby Smith` whose quote never closes on its
// line, is not, and is read as it is written, as before blanks were
// allowed: a stray quote after a blank must not swallow the lines after
// it.
func (c *CSVReader) quotedAt(line []byte, q, end int) bool {
	if q >= end || line[q] != '"' {
		return false
	}
	for pos := q + 1; ; {
		i := bytes.IndexByte(line[pos:end], '"')
		if i < 0 {
			return false
		}
		pos += i + 1
		if pos < len(line) && line[pos] == '"' {
			pos++
			continue
		}
		after := c.blanks(line, pos, end)
		return after >= end || line[after] == c.delim
	}
}

// splitCells makes the cells of a record from its bytes and the end offset
// of each cell, with one string allocation for the row.
func splitCells(rec []byte, ends []int) []string {
	s := string(rec)
	cells := make([]string, len(ends))
	prev := 0
	for i, end := range ends {
		cells[i] = s[prev:end]
		prev = end
	}
	return cells
}
