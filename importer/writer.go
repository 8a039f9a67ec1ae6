package importer

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Writer writes a CSV export that CSVReader reads back cell for cell, byte
// for byte once unescaped: UTF-8, comma-separated, "\n" row ends, quoted
// where needed (RFC 4180), every cell protected with Escape (line breaks
// inside cells are written as they are, which "\r\n" row ends would not
// allow with encoding/csv). It streams: each row goes to a buffer that is
// flushed as it fills.
//
// A row whose only cell is empty is written as a blank line, which readers
// skip: give an export at least two columns.
//
// Call WriteHeader once, then Write for each row, then Flush, and check the
// error of each.
type Writer struct {
	w      *csv.Writer
	out    io.Writer
	bom    bool
	cells  []string
	header int
	rows   int
}

// WriterOptions tune a Writer. A nil *WriterOptions means defaults.
type WriterOptions struct {
	// BOM writes a UTF-8 byte order mark first, which some spreadsheets
	// need to read UTF-8; the readers of this package skip it. Default
	// false.
	BOM bool
}

// NewWriter returns a Writer to w.
func NewWriter(w io.Writer, opts *WriterOptions) *Writer {
	cw := csv.NewWriter(w)
	return &Writer{w: cw, out: w, bom: opts != nil && opts.BOM}
}

// WriteHeader writes the header row. It must be called once, before Write.
func (w *Writer) WriteHeader(header []string) error {
	if w.header > 0 || w.rows > 0 {
		return fmt.Errorf("write csv header: header already written")
	}
	if len(header) == 0 {
		return fmt.Errorf("write csv header: %w", ErrNoHeader)
	}
	if w.bom {
		if _, err := w.out.Write(bomUTF8); err != nil {
			return fmt.Errorf("write csv header: %w", err)
		}
	}
	w.header = len(header)
	return w.write(header)
}

// Write writes one row, which must have as many cells as the header.
// Invalid UTF-8 is replaced by U+FFFD.
func (w *Writer) Write(row []string) error {
	if w.header == 0 {
		return fmt.Errorf("write csv row: %w", ErrNoHeader)
	}
	if len(row) != w.header {
		return fmt.Errorf("write csv row %d: %w: %d cells, header has %d", w.rows+1, ErrCellCount, len(row), w.header)
	}
	w.rows++
	return w.write(row)
}

func (w *Writer) write(row []string) error {
	w.cells = w.cells[:0]
	for _, c := range row {
		if !utf8.ValidString(c) {
			c = strings.ToValidUTF8(c, "\uFFFD")
		}
		w.cells = append(w.cells, Escape(c))
	}
	if err := w.w.Write(w.cells); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// Flush writes any buffered data and returns the first error met.
func (w *Writer) Flush() error {
	w.w.Flush()
	if err := w.w.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}
