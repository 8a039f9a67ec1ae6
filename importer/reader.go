package importer

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
)

// Row is one data row of an input file.
type Row struct {
	// Line is where the row starts: the 1-based physical line of a CSV or
	// vCard file (the header is on line 1 unless blank lines precede it),
	// the row number ("r") of an xlsx worksheet, or for a row without
	// one (as streaming writers leave it out) the number after the row
	// before it.
	Line int
	// Cells are the row's cells in column order. The slice is the
	// caller's: a reader never reuses it.
	Cells []string
	// Verbatim is set when the cells are as the file holds them in a
	// format that no export protects against formula injection (vCard):
	// they are taken as they are, where the cells of a CSV or xlsx file
	// are unescaped (see Unescape).
	Verbatim bool
}

// Cell returns cell i of the row as a value: trimmed and, unless the row
// is Verbatim, unescaped; "" past the row's end.
func (r Row) Cell(i int) string {
	if i >= len(r.Cells) {
		return ""
	}
	if r.Verbatim {
		return strings.TrimSpace(r.Cells[i])
	}
	return strings.TrimSpace(Unescape(r.Cells[i]))
}

// escaped reports whether cell i of the row is protected against formula
// injection (Escape), which Cell removes: never in a Verbatim row.
func (r Row) escaped(i int) bool {
	if i >= len(r.Cells) || r.Verbatim {
		return false
	}
	return Unescape(r.Cells[i]) != r.Cells[i]
}

// blank reports whether the row holds no value: every cell reads "" (see
// Cell).
func (r Row) blank() bool {
	for i := range r.Cells {
		if r.Cell(i) != "" {
			return false
		}
	}
	return true
}

// dropBlankExtra drops the cells of r past its first n that hold no value
// (see Cell), from the last: spreadsheets write such cells for columns
// once formatted ("Ann,Lee,,,", or a styled cell holding a space past the
// header), and a row whose only cells past the header are blank has the
// header's number of cells and loses nothing. A row with a value past the
// header keeps all its cells, for ErrCellCount; so does a row cut by a
// cap, which may have lost values (its reader does not call this).
func (r *Row) dropBlankExtra(n int) {
	for len(r.Cells) > n && r.Cell(len(r.Cells)-1) == "" {
		r.Cells = r.Cells[:len(r.Cells)-1]
	}
}

// skipRow reports whether a reader skips the row it read with err: a blank
// row read whole, that is without an error or with one that says only
// that its cell count differs from the header's. It is the one rule for
// the blank lines of a CSV or vCard file, the CSV lines of delimiters and
// blanks that Excel writes for rows once formatted (",,,"), the xlsx rows
// without a value and the vCards without one: none is a row of the file.
// A row that lost cells to a cap may have held values, and is not
// skipped.
func skipRow(row Row, err error) bool {
	return (err == nil || errors.Is(err, ErrCellCount)) && row.blank()
}

// Reader reads a file of contacts one row at a time. Every reader of this
// package streams: its memory is bounded by Options, not by the size of the
// file.
//
// Next returns the next row, and io.EOF after the last one. A row without
// any value (every cell blank once trimmed) is no row: a reader skips it.
// An error of type *RowError concerns that row only: the row is returned
// with it (with the cells that could be read) and the next call goes on.
// Any other error is final and every later call returns it again.
type Reader interface {
	// Header returns the column names, from the header row of the file:
	// its first row, or the first after a preamble, a note or title that
	// some exports begin with (see CSVReader.Preamble); or the synthetic
	// columns of a vCard file. The caller must not modify it.
	Header() []string
	// Next returns the next data row.
	Next() (Row, error)
}

// Format is the format of an input file.
type Format string

// The formats Open reads.
const (
	FormatUnknown Format = ""      // sniff it
	FormatCSV     Format = "csv"   // comma-, semicolon- or tab-separated values
	FormatXLSX    Format = "xlsx"  // Office Open XML workbook
	FormatVCard   Format = "vcard" // vCard 2.1, 3.0 or 4.0
)

// Default caps, used where Options leaves a field zero.
//
// DefaultMaxCellBytes is room for the longest cell an export writes: a
// custom value of field.MaxValueLen characters (the ceiling of the limits
// a host may raise) of four bytes each, after the apostrophe that
// protects it from formulas (Escape), so that an export reads back whole.
const (
	DefaultMaxCellBytes          = 4*field.MaxValueLen + 1
	DefaultMaxRowBytes           = 1 << 20
	DefaultMaxCells              = 1024
	DefaultMaxDecompressedBytes  = 512 << 20
	DefaultMaxSharedStringsBytes = 64 << 20
	DefaultVCardSlots            = 1 + contact.MaxOtherAddresses
)

// sniffSize is how much of the input Open looks at to tell its format and
// encoding.
const sniffSize = 64 << 10

// Options tune the readers. A nil *Options means every default; a zero field
// means that field's default.
type Options struct {
	// Format forces a format; zero sniffs it (see Open). A forced format
	// reads a text that begins as a document of another format would (an
	// HTML, XML or JSON one: see FormatError), which a sniffed one refuses.
	Format Format
	// MaxCellBytes caps one cell (default DefaultMaxCellBytes).
	MaxCellBytes int
	// MaxRowBytes caps one row, all cells together, and one physical CSV
	// line (default DefaultMaxRowBytes).
	MaxRowBytes int
	// MaxCells caps the number of cells in a row (default DefaultMaxCells).
	MaxCells int
	// MaxDecompressedBytes caps the bytes an xlsx reader inflates from the
	// archive, all parts together (default DefaultMaxDecompressedBytes): a
	// zip bomb stops there with a *LimitError.
	MaxDecompressedBytes int64
	// MaxSharedStringsBytes caps the shared strings of an xlsx workbook,
	// which are held in memory while the sheet is read (default
	// DefaultMaxSharedStringsBytes).
	MaxSharedStringsBytes int64
	// VCardSlots is how many emails and how many phones a vCard row has
	// columns for (default DefaultVCardSlots: as many as a contact holds,
	// so that an export reads back whole).
	VCardSlots int
}

type limits struct {
	cell, row, cells int
	inflate, shared  int64
	slots            int
}

func (o *Options) limits() limits {
	l := limits{DefaultMaxCellBytes, DefaultMaxRowBytes, DefaultMaxCells,
		DefaultMaxDecompressedBytes, DefaultMaxSharedStringsBytes, DefaultVCardSlots}
	if o == nil {
		return l
	}
	if o.MaxCellBytes > 0 {
		l.cell = o.MaxCellBytes
	}
	if o.MaxRowBytes > 0 {
		l.row = o.MaxRowBytes
	}
	if o.MaxCells > 0 {
		l.cells = o.MaxCells
	}
	if o.MaxDecompressedBytes > 0 {
		l.inflate = o.MaxDecompressedBytes
	}
	if o.MaxSharedStringsBytes > 0 {
		l.shared = o.MaxSharedStringsBytes
	}
	if o.VCardSlots > 0 {
		l.slots = o.VCardSlots
	}
	return l
}

// Open returns a Reader for r, sniffing its format from its first bytes
// unless opts.Format says it:
//
//   - a zip archive ("PK\x03\x04", or "PK\x05\x06" for an empty one) is
//     an xlsx workbook, read with OpenXLSX (an archive that is not a
//     workbook gives an error wrapping ErrMalformed);
//     r must then also be an io.ReaderAt whose size is known: an *os.File,
//     or anything with a Size() int64 method such as *bytes.Reader,
//     *strings.Reader and *io.SectionReader (else ErrNeedReaderAt). The
//     archive is read from offset 0 of the io.ReaderAt;
//   - text whose first non-blank line starts with "BEGIN:VCARD" (in any
//     case, in any of the encodings below) is a vCard file, read with
//     NewVCard, and so is text whose first card follows a few lines
//     without a comma or a tab (a tool's note, the headers of a mail
//     part), which the reader passes over;
//   - anything else is CSV, read with NewCSV.
//
// Close an *XLSXReader (by type assertion) to release its sheet stream
// early; nothing else needs closing, and the caller closes r.
func Open(r io.Reader, opts *Options) (Reader, error) {
	var format Format
	if opts != nil {
		format = opts.Format
	}
	br := bufio.NewReaderSize(r, sniffSize)
	if format == FormatUnknown || format == FormatXLSX {
		head, err := br.Peek(4)
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			return nil, fmt.Errorf("sniff format: %w", err)
		}
		if isZip(head) || format == FormatXLSX {
			ra, size, err := readerAt(r)
			if err != nil {
				return nil, err
			}
			return OpenXLSX(ra, size, opts)
		}
	}
	text, enc, err := decode(br, format == FormatUnknown)
	if err != nil {
		return nil, err
	}
	if format == FormatUnknown {
		format = FormatCSV
		if isVCard(text) {
			format = FormatVCard
		}
	}
	switch format {
	case FormatVCard:
		return newVCard(text, enc, opts)
	case FormatCSV:
		return newCSV(text, enc, opts)
	default:
		return nil, fmt.Errorf("open: unknown format %q", format)
	}
}

// isZip reports whether head, the first four bytes of a file, begin a zip
// archive: a local file header, or the end of the central directory of an
// empty archive (which is no workbook either, and no text).
func isZip(head []byte) bool {
	return bytes.Equal(head, []byte("PK\x03\x04")) || bytes.Equal(head, []byte("PK\x05\x06"))
}

func readerAt(r io.Reader) (io.ReaderAt, int64, error) {
	ra, ok := r.(io.ReaderAt)
	if !ok {
		return nil, 0, ErrNeedReaderAt
	}
	switch s := r.(type) {
	case interface{ Size() int64 }:
		return ra, s.Size(), nil
	case *os.File:
		fi, err := s.Stat()
		if err != nil {
			return nil, 0, fmt.Errorf("open xlsx: %w", err)
		}
		return ra, fi.Size(), nil
	}
	return nil, 0, ErrNeedReaderAt
}

// isVCard reports whether the text is a vCard file: a line of its first
// KiB starts with BEGIN:VCARD, and the few lines before it, if any, are no
// CSV's (see vcardPreamble).
func isVCard(text *bufio.Reader) bool {
	head, _ := text.Peek(1024)
	const begin = "BEGIN:VCARD"
	for notes := 0; notes <= maxVCardPreamble; {
		line, rest, _ := bytes.Cut(head, []byte("\n"))
		line = bytes.TrimLeft(line, " \t\r")
		switch {
		case len(line) >= len(begin) && bytes.EqualFold(line[:len(begin)], []byte(begin)):
			return true
		case len(rest) == 0 || !vcardPreamble(line):
			return false
		case len(bytes.TrimSpace(line)) > 0:
			notes++
		}
		head = rest
	}
	return false
}

// maxVCardPreamble bounds the lines that are not blank before a vCard
// file's first card: a tool's note, the headers of the mail part it was
// saved from.
const maxVCardPreamble = 8

// vcardPreamble reports whether line, before a file's first BEGIN:VCARD,
// may be a line of a vCard file that VCardReader passes over (a note, a
// mail header such as "Content-Type: text/vcard; charset=utf-8") rather
// than a CSV file's: it holds no comma and no tab, and a semicolon only
// after a header's name and colon.
func vcardPreamble(line []byte) bool {
	if bytes.ContainsAny(line, ",\t") {
		return false
	}
	name, _, header := bytes.Cut(line, []byte(": "))
	return !bytes.ContainsRune(line, ';') || header && !bytes.ContainsAny(name, " ;")
}

// Sample reads up to n rows from r and returns them with a Reader that gives
// those rows again, then the rest of r: the caller can show a preview and
// then import every row from the start. A *RowError met while sampling is
// kept and returned again by the replaying Reader with its row; another
// error stops the sample and is returned.
func Sample(r Reader, n int) ([]Row, Reader, error) {
	s := &replay{Reader: r}
	for len(s.rows) < n {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			s.eof = true
			break
		}
		if err != nil {
			if _, ok := errors.AsType[*RowError](err); !ok {
				return sampleRows(s.rows), nil, err
			}
		}
		s.rows = append(s.rows, row)
		s.errs = append(s.errs, err)
	}
	return sampleRows(s.rows), s, nil
}

func sampleRows(rows []Row) []Row {
	out := make([]Row, len(rows))
	for i, r := range rows {
		out[i] = Row{Line: r.Line, Cells: append([]string(nil), r.Cells...)}
	}
	return out
}

type replay struct {
	Reader
	rows []Row
	errs []error
	eof  bool
}

// Unwrap returns the Reader that Sample read from, as a wrapper of a Reader
// may: the Service reads a CSV file's delimiter and encoding through it.
func (s *replay) Unwrap() Reader { return s.Reader }

func (s *replay) Next() (Row, error) {
	if len(s.rows) > 0 {
		row, err := s.rows[0], s.errs[0]
		s.rows, s.errs = s.rows[1:], s.errs[1:]
		return row, err
	}
	if s.eof {
		return Row{}, io.EOF
	}
	return s.Reader.Next()
}
