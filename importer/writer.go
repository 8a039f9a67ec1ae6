package importer

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Writer writes a CSV export that CSVReader reads back cell for cell, byte
// for byte once unescaped: UTF-8, comma-separated (or as
// WriterOptions.Delimiter says), "\n" row ends, every
// cell protected with Escape. A cell is quoted (RFC 4180, '"' doubled) when
// it holds a comma, a quote, a line break, a semicolon or a tab, starts or
// ends with a space, or starts with U+FEFF (which would be taken for a byte
// order mark): quoting semicolons and tabs keeps the delimiter
// detection of CSVReader on the comma whatever the header says. Line
// breaks inside cells are written as they are. It streams through a
// buffer that is flushed as it fills.
//
// A row without any value (every cell empty or blank) is written as it
// is, but the readers skip it: it is no row to them (see Reader).
type Writer struct {
	w      *bufio.Writer
	bom    bool
	delim  byte
	ragged bool
	header int
	// headerless is set by WriterOptions.NoHeader.
	headerless bool
	rows       int
	err        error
}

// FailedColumn is the header of the column of reasons that a failed-rows
// file adds to the columns of the file it was read from (the file of
// contactkit's ImportOptions.Failed): the rows that did not import, each
// with why, for the user to fix and import again. In a file without a
// header, each reason begins with FailedPrefix instead. Suggest maps such
// a column to nothing (ReasonFailed), even with ExtraCustom: it is no
// column of the user's.
const FailedColumn = "Import error"

// IsFailedColumn reports whether header h is FailedColumn, spaces around
// it aside.
func IsFailedColumn(h string) bool { return strings.TrimSpace(h) == FailedColumn }

// FailedPrefix begins each reason of a failed-rows file without a header
// row (see FailedColumn): with no header to name the column, its cells
// name themselves.
const FailedPrefix = FailedColumn + ": "

// WriterOptions tune a Writer. A nil *WriterOptions means defaults.
type WriterOptions struct {
	// BOM writes a UTF-8 byte order mark first, which some spreadsheets
	// need to read UTF-8; the readers of this package skip it. Default
	// false.
	BOM bool
	// Delimiter separates the cells: ',' (the default, for 0), ';' (what
	// Excel writes where the decimal mark is a comma, in France or
	// Germany) or '\t'. Any other gives WriteHeader an error.
	Delimiter byte
	// Ragged lets a row have another number of cells than the header, as
	// a row of a file was read (a line cut short, a comma not quoted): a
	// reader refuses it again. Default false: Write refuses such a row.
	Ragged bool
	// NoHeader writes a file without a header row, as a file was read
	// that had none (importer.Mapping.Headerless): Write is called
	// without WriteHeader, and rows of any number of cells but none are
	// written. Default false: WriteHeader comes first.
	NoHeader bool
}

// NewWriter returns a Writer to w.
func NewWriter(w io.Writer, opts *WriterOptions) *Writer {
	var o WriterOptions
	if opts != nil {
		o = *opts
	}
	if o.Delimiter == 0 {
		o.Delimiter = ','
	}
	return &Writer{w: bufio.NewWriter(w), bom: o.BOM, delim: o.Delimiter, ragged: o.Ragged, headerless: o.NoHeader}
}

// WriteHeader writes the header row. It must be called once, before Write.
func (w *Writer) WriteHeader(header []string) error {
	if w.headerless {
		return fmt.Errorf("write csv header: the writer writes no header (WriterOptions.NoHeader)")
	}
	if w.header > 0 || w.rows > 0 {
		return fmt.Errorf("write csv header: header already written")
	}
	if len(header) == 0 {
		return fmt.Errorf("write csv header: %w", ErrNoHeader)
	}
	if err := w.begin(); err != nil {
		return err
	}
	w.header = len(header)
	return w.write(header)
}

// begin checks the delimiter and writes the byte order mark, before the
// first row.
func (w *Writer) begin() error {
	if w.delim != ',' && w.delim != ';' && w.delim != '\t' {
		w.err = fmt.Errorf("write csv: delimiter %q: want ',', ';' or tab", w.delim)
		return w.err
	}
	if w.bom {
		_, _ = w.w.Write(bomUTF8)
	}
	return nil
}

// Write writes one row, which must have as many cells as the header
// unless the Writer is ragged.
// Invalid UTF-8 is replaced by U+FFFD.
func (w *Writer) Write(row []string) error {
	switch {
	case w.headerless && len(row) == 0:
		return fmt.Errorf("write csv row %d: %w: no cell", w.rows+1, ErrCellCount)
	case w.headerless && w.rows == 0:
		if err := w.begin(); err != nil {
			return err
		}
	case w.headerless:
	case w.header == 0:
		return fmt.Errorf("write csv row: %w", ErrNoHeader)
	case len(row) != w.header && (!w.ragged || len(row) == 0):
		return fmt.Errorf("write csv row %d: %w: %d cells, header has %d", w.rows+1, ErrCellCount, len(row), w.header)
	}
	w.rows++
	return w.write(row)
}

func (w *Writer) write(row []string) error {
	if w.err != nil {
		return w.err
	}
	for i, c := range row {
		if i > 0 {
			_ = w.w.WriteByte(w.delim)
		}
		if !utf8.ValidString(c) {
			c = strings.ToValidUTF8(c, "\uFFFD")
		}
		c = Escape(c)
		if c == "" || (!strings.ContainsAny(c, ",\"\r\n;\t") && c[0] != ' ' && c[len(c)-1] != ' ' && !strings.HasPrefix(c, "\uFEFF")) {
			_, _ = w.w.WriteString(c)
			continue
		}
		_ = w.w.WriteByte('"')
		_, _ = w.w.WriteString(strings.ReplaceAll(c, `"`, `""`))
		_ = w.w.WriteByte('"')
	}
	if err := w.w.WriteByte('\n'); err != nil {
		w.err = fmt.Errorf("write csv: %w", err)
	}
	return w.err
}

// Flush writes any buffered data and returns the first error met.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	if err := w.w.Flush(); err != nil {
		w.err = fmt.Errorf("write csv: %w", err)
	}
	return w.err
}
