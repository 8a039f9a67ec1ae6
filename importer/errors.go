package importer

import (
	"errors"
	"fmt"

	"github.com/contactkit/contactkit/contact"
)

// Sentinel errors. Callers test them with errors.Is; the typed errors below
// wrap them and carry the details.
var (
	// ErrNoHeader means that the input holds no header row: it is empty,
	// blank, or an xlsx none of whose worksheets it may read has a row
	// (see XLSXReader).
	ErrNoHeader = errors.New("no header row")
	// ErrLimit means that a cap of Options was exceeded; the error is a
	// *LimitError that says which.
	ErrLimit = errors.New("limit exceeded")
	// ErrCellCount means that a row has another number of cells than the
	// header. It comes inside a *RowError, with the row.
	ErrCellCount = errors.New("cell count differs from the header")
	// ErrUnterminatedQuote means that a quoted CSV cell runs to the end of
	// the input.
	ErrUnterminatedQuote = errors.New("unterminated quoted cell")
	// ErrMalformed means that an xlsx or vCard file breaks its format in a
	// way the reader cannot get past.
	ErrMalformed = errors.New("malformed file")
	// ErrUnsupportedFormat means that the input is a file of a format this
	// package does not read (an Excel 97–2003 workbook, an OpenDocument
	// spreadsheet, a PDF, an image, an HTML page, …); the error is a
	// *FormatError that names it.
	ErrUnsupportedFormat = errors.New("unsupported file format")
	// ErrNeedReaderAt means that an xlsx file was handed as a plain
	// io.Reader: a zip archive is read from its end, so the reader must also
	// be an io.ReaderAt with a known size (see OpenXLSX).
	ErrNeedReaderAt = errors.New("xlsx input must be an io.ReaderAt with a size")
	// ErrDuplicateTarget means that two columns are mapped to one
	// single-valued target; the error is a *DuplicateTargetError.
	ErrDuplicateTarget = errors.New("two columns mapped to one single-valued target")
	// ErrUnknownField means that a mapping names a custom field key that the
	// definitions handed to it do not hold.
	ErrUnknownField = errors.New("unknown custom field")
	// ErrColumn means that a mapping names a column the header does not have.
	ErrColumn = errors.New("no such column")
	// ErrTagFormat means that a tags target's Label is none of the ways of
	// listing tags this package reads ("", TagsGoogle, TagsMailchimp,
	// TagsOutlook).
	ErrTagFormat = errors.New("unknown way of listing tags")
	// ErrEncoding means that the encoding of a text file (CSV, vCard) could
	// not be told from its first bytes; the error is an *EncodingError.
	ErrEncoding = errors.New("unknown text encoding")
	// ErrInvalidText means that a row of a text file read as UTF-8 holds
	// bytes that are not UTF-8, further on than the bytes its encoding was
	// told from (see Encoding); the error is an *InvalidTextError, inside a
	// *RowError with the row.
	ErrInvalidText = errors.New("bytes that are not valid UTF-8")
	// ErrDecimalMark means that a mapping's Decimal is none of the marks
	// of field.DecimalMark.
	ErrDecimalMark = errors.New("unknown decimal mark")
	// ErrDateOrder means that a mapping's Dates is none of the orders of
	// field.DateOrder.
	ErrDateOrder = errors.New("unknown date order")
	// ErrAmbiguousPhone means that a phone cell of digits alone, of a
	// file that drops the "+" of its numbers, reads as two valid numbers:
	// in its region, and as an international number (see ParsePhone); the
	// error is an *AmbiguousPhoneError.
	ErrAmbiguousPhone = errors.New("phone number reads as two numbers")
	// ErrScientificNotation means that a phone cell holds a number in
	// scientific notation ("3.36123E+10"), as a spreadsheet writes a long
	// number it keeps as a number: its last digits are rounded away, and
	// the phone cannot be read back. It comes inside a *contact.ParseError
	// (Field "phone") and matches contact.ErrInvalidPhone too.
	ErrScientificNotation = errors.New("phone number in scientific notation")
)

// LimitError reports that one of the caps of Options was exceeded. It wraps
// ErrLimit.
type LimitError struct {
	What  string // "cell", "row", "cells", "decompressed size", "shared strings", …
	Limit int64  // the cap that was exceeded
}

// Error returns the message: what, the cap, and ErrLimit.
func (e *LimitError) Error() string {
	return fmt.Sprintf("%s larger than %d: %v", e.What, e.Limit, ErrLimit)
}

// Unwrap returns ErrLimit.
func (e *LimitError) Unwrap() error { return ErrLimit }

// RowError is an error that concerns one row only: the reader returns it
// with that row (possibly incomplete, see Reader) and reading can go on with
// the next call to Next. Err wraps ErrCellCount, ErrLimit (a *LimitError),
// ErrUnterminatedQuote, ErrInvalidText (an *InvalidTextError) or, for a
// vCard or an xlsx cell that names a shared string the workbook lacks,
// ErrMalformed.
type RowError struct {
	Line int // the line (CSV, vCard) or row number (xlsx) of the row
	Err  error
}

// Error returns the message: the line and the reason.
func (e *RowError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// Unwrap returns the reason.
func (e *RowError) Unwrap() error { return e.Err }

// EncodingError reports that the first bytes of a text file hold many
// pairs of bytes with one byte zero, as UTF-16 without a byte order mark
// does, but not as UTF-16 does (see Encoding): it is not read as text with
// a NUL between its letters. It wraps ErrEncoding.
type EncodingError struct {
	Pairs      int // the pairs of bytes looked at: the first 64 KiB, or fewer
	ZeroFirst  int // the pairs whose first byte alone is zero
	ZeroSecond int // the pairs whose second byte alone is zero
	ZeroBoth   int // the pairs whose two bytes are zero
}

// Error returns the message: the pairs with a zero byte, and ErrEncoding.
func (e *EncodingError) Error() string {
	return fmt.Sprintf("of the first %d pairs of bytes, %d have their first byte alone zero, %d their second, %d both, neither text nor UTF-16: %v",
		e.Pairs, e.ZeroFirst, e.ZeroSecond, e.ZeroBoth, ErrEncoding)
}

// Unwrap returns ErrEncoding.
func (e *EncodingError) Unwrap() error { return ErrEncoding }

// InvalidTextError reports that a row of a text file (CSV, vCard) read as
// UTF-8 holds bytes that are not UTF-8: a file whose encoding changes
// after the bytes it was told from. The row comes with it, inside a
// *RowError, each such byte read as U+FFFD, so that a host reports it
// rather than store the replacement characters. It wraps ErrInvalidText.
type InvalidTextError struct {
	Column int // the first cell, 0-based, that held such bytes
}

// Error returns the message: the cell, counted from 1 as a user counts
// them, and ErrInvalidText.
func (e *InvalidTextError) Error() string {
	return fmt.Sprintf("cell %d: %v (each read as U+FFFD)", e.Column+1, ErrInvalidText)
}

// Unwrap returns ErrInvalidText.
func (e *InvalidTextError) Unwrap() error { return ErrInvalidText }

// DuplicateTargetError reports that several columns were mapped to one
// single-valued target. It wraps ErrDuplicateTarget.
type DuplicateTargetError struct {
	Target  Target
	Columns []int // the column indexes, ascending
}

// Error returns the message: the columns and the target.
func (e *DuplicateTargetError) Error() string {
	return fmt.Sprintf("columns %v mapped to %s: %v", e.Columns, e.Target, ErrDuplicateTarget)
}

// Unwrap returns ErrDuplicateTarget.
func (e *DuplicateTargetError) Unwrap() error { return ErrDuplicateTarget }

// AmbiguousPhoneError reports that a phone cell of digits alone, of a file
// that drops the "+" of its international numbers (Mapping.PlusDropped),
// reads as two valid numbers, which ParsePhone does not choose between: a
// national number of Region, and the international number its digits are
// with a "+". It comes inside a *contact.ParseError, and wraps
// ErrAmbiguousPhone and contact.ErrInvalidPhone.
type AmbiguousPhoneError struct {
	Region string // the region of the national reading ("IT")
	// National and International are the two readings.
	National, International contact.Phone
}

// Error returns the message: ErrAmbiguousPhone, both numbers in E.164 and
// the region, and what to write instead.
func (e *AmbiguousPhoneError) Error() string {
	return fmt.Sprintf("%v: %s read in region %s, %s with its \"+\": write the number with its \"+\"",
		ErrAmbiguousPhone, e.National, e.Region, e.International)
}

// Unwrap returns ErrAmbiguousPhone and contact.ErrInvalidPhone.
func (e *AmbiguousPhoneError) Unwrap() []error {
	return []error{ErrAmbiguousPhone, contact.ErrInvalidPhone}
}
