package importer

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding is the character encoding a text file (CSV, vCard) was read in.
// It is told from the first bytes of the file, by this rule, in order:
//
//   - a UTF-8 byte order mark (EF BB BF): UTF-8, the mark skipped;
//   - a UTF-16 byte order mark (FF FE or FE FF): UTF-16 little or big
//     endian, the mark skipped;
//   - in the first 64 KiB, a quarter of the byte pairs at least (a pair
//     starts at an even offset) with their second byte alone zero, and
//     fewer than an eighth as many with their first byte alone or both
//     zero: UTF-16 little endian without a byte order mark, the high byte
//     of ASCII and Latin-1 characters (digits, punctuation, "a", "é")
//     being zero; the first byte alone, UTF-16 big endian;
//   - a quarter of the pairs at least with one byte alone zero, but not
//     so: an *EncodingError (ErrEncoding), rather than text with a NUL
//     between its letters (UTF-32, a binary file);
//   - the first 64 KiB are valid UTF-8 (a multi-byte sequence cut by the
//     end of those 64 KiB counts as valid), also once the line folds of
//     a vCard are taken out (a fold may cut a character in two), or they
//     are UTF-8 with a few stray bytes (at least four valid characters of
//     several bytes for each invalid byte: a row of Windows-1252 in a
//     UTF-8 file, whose row is then reported as below): UTF-8;
//   - else Windows-1252, which gives a character for every byte (a file in
//     ISO 8859-1 reads the same but for the C1 controls), unless Mac OS
//     Roman reads those bytes better: the CSV that Excel for Mac saves,
//     where "é" is the byte that Windows-1252 reads "Ž". A byte read as a
//     capital after a small letter ("PrŽnom"), or between a letter and a
//     small one ("MŸller"), as a symbol between two letters, or as no
//     character at all, is a misreading: Mac OS Roman is taken when
//     Windows-1252 misreads some bytes and Mac OS Roman fewer, or as many
//     in a file whose lines end with "\r" alone, as Excel's "CSV
//     (Macintosh)" writes them ("Zoë" and "Ça" read "Zo‘" and "‚a" in
//     Windows-1252: no misreading, a tie).
//
// When the first 64 KiB are all ASCII, which reads the same in UTF-8 and
// in Windows-1252, the last two rules are applied instead to the 64 KiB
// from the first byte that is not ASCII, when the reader comes to it: an
// address book sorted by name whose first accented name comes late is
// read as Windows-1252 from there, losing nothing. Until then, and for a
// file all ASCII, the reader's Encoding method says UTF-8.
//
// A file read as UTF-8 that has invalid bytes further on gets U+FFFD for
// each of them in its cells, and the row comes with a *RowError wrapping
// an *InvalidTextError (ErrInvalidText), so that it is reported rather
// than stored so. A text file with a few zero bytes, or padded with them,
// keeps them; a UTF-8 file whose text holds many U+0000 is not told from
// UTF-16 (no exporter writes one).
type Encoding string

// The encodings of text files (CSV and vCard).
const (
	EncodingUTF8        Encoding = "utf-8"
	EncodingUTF16LE     Encoding = "utf-16le"
	EncodingUTF16BE     Encoding = "utf-16be"
	EncodingWindows1252 Encoding = "windows-1252"
	EncodingMacRoman    Encoding = "macintosh" // Mac OS Roman
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// decode tells the encoding of the text in br and returns a reader of its
// UTF-8 text, without byte order mark, and the encoding, which a text whose
// first sniffSize bytes are ASCII tells later (see asciiFirst); a file of
// another format (a PDF, an .xls workbook: see sniffOther), or, when
// markup is set, a document of markup (an HTML page, JSON), gives a
// *FormatError. The rule, in order:
//
//   - a UTF-8 byte order mark: UTF-8;
//   - a UTF-16 byte order mark (FF FE, FE FF): UTF-16 little or big endian;
//   - many byte pairs with one byte zero in the first sniffSize bytes:
//     UTF-16 little or big endian without a byte order mark if it is the
//     second or the first byte, else an *EncodingError (see sniffUTF16);
//   - the first sniffSize bytes are valid UTF-8 (an incomplete sequence cut
//     by the end of that prefix is allowed), once unfolded too (see
//     unfold), or mostly so (see mostlyUTF8): UTF-8;
//   - else Windows-1252, which maps every byte to a character;
//   - but when those bytes are all ASCII, the last two rules are applied to
//     the sniffSize bytes from the first byte that is not ASCII.
//
// Invalid UTF-8 further on in a file read as UTF-8 is replaced by U+FFFD
// in the cells, and reported (see validCells).
func decode(br *bufio.Reader, markup bool) (*bufio.Reader, *Encoding, error) {
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, nil, fmt.Errorf("sniff encoding: %w", err)
	}
	if err := sniffOther(head, markup); err != nil {
		return nil, nil, err
	}
	var enc Encoding
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		_, _ = br.Discard(len(bomUTF8))
		enc = EncodingUTF8
		return br, &enc, nil
	case bytes.HasPrefix(head, bomUTF16LE):
		dec := xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder()
		enc = EncodingUTF16LE
		return bufio.NewReaderSize(transform.NewReader(br, dec), sniffSize), &enc, nil
	case bytes.HasPrefix(head, bomUTF16BE):
		dec := xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM).NewDecoder()
		enc = EncodingUTF16BE
		return bufio.NewReaderSize(transform.NewReader(br, dec), sniffSize), &enc, nil
	}
	switch enc, err = sniffUTF16(head); {
	case err != nil:
		return nil, nil, fmt.Errorf("sniff encoding: %w", err)
	case enc == EncodingUTF16LE:
		dec := xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM).NewDecoder()
		return bufio.NewReaderSize(transform.NewReader(br, dec), sniffSize), &enc, nil
	case enc == EncodingUTF16BE:
		dec := xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM).NewDecoder()
		return bufio.NewReaderSize(transform.NewReader(br, dec), sniffSize), &enc, nil
	}
	mac := crLines(head)
	if len(head) == sniffSize && ascii(head) {
		a := &asciiFirst{r: br, enc: EncodingUTF8, mac: mac}
		return bufio.NewReaderSize(a, sniffSize), &a.enc, nil
	}
	enc = tell(head, len(head) == sniffSize, mac)
	if enc == EncodingUTF8 {
		return br, &enc, nil
	}
	return bufio.NewReaderSize(decoder(br, enc), sniffSize), &enc, nil
}

// tell returns the encoding of a text that is not UTF-16 from window, its
// first bytes that are not all ASCII, cut from a longer text or not:
// UTF-8 when they are valid UTF-8, once unfolded too, or mostly so (see
// mostlyUTF8), else Windows-1252 or
// Mac OS Roman, whichever misreads fewer of its bytes (see misread). On a
// tie (a text whose bytes above ASCII read as letters in both, "ë", "Ç" or
// "€" alone), the line ends tell: Mac OS Roman for a text whose lines end
// with "\r" alone (mac, see crLines), as the Macs of old and Excel's
// "CSV (Macintosh)" write them, Windows-1252 otherwise.
func tell(window []byte, cut, mac bool) Encoding {
	if validPrefix(window, cut) || validPrefix(unfold(window), cut) || mostlyUTF8(unfold(window)) {
		return EncodingUTF8
	}
	w, m := misread(window, charmap.Windows1252), misread(window, charmap.Macintosh)
	if m < w || m == w && mac {
		return EncodingMacRoman
	}
	return EncodingWindows1252
}

// mostlyUTF8 reports whether b, which is not valid UTF-8, is UTF-8 text
// with a few stray bytes (a row of Windows-1252 in a UTF-8 file, two
// exports joined): its characters of several bytes that are valid UTF-8
// outnumber by utf8Majority at least the bytes that are not. Text in
// Windows-1252 or Mac OS Roman holds almost none: their letters above
// ASCII are one byte each, which UTF-8 reads as a sequence only before
// another such byte of the right range ("É" then "©"), never in numbers.
func mostlyUTF8(b []byte) bool {
	valid, invalid := 0, 0
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && n == 1:
			invalid++
		case n > 1:
			valid++
		}
		b = b[n:]
	}
	return invalid > 0 && valid >= utf8Majority*invalid
}

// utf8Majority is how many valid characters of several bytes per invalid
// byte make a text that is not valid UTF-8 read as UTF-8 (see mostlyUTF8).
const utf8Majority = 4

// misread counts the bytes of b above ASCII that cm reads as no word
// would hold them: no character (a byte the code page leaves out, a
// control), a capital after a small ASCII letter or between an ASCII
// letter and a small one, a symbol (not punctuation: an apostrophe is
// one) between two ASCII letters.
func misread(b []byte, cm *charmap.Charmap) int {
	small := func(i int) bool { return i >= 0 && i < len(b) && 'a' <= b[i] && b[i] <= 'z' }
	letter := func(i int) bool { return small(i) || i >= 0 && i < len(b) && 'A' <= b[i] && b[i] <= 'Z' }
	n := 0
	for i, c := range b {
		if c < utf8.RuneSelf {
			continue
		}
		r := cm.DecodeByte(c)
		switch {
		case r == utf8.RuneError || unicode.IsControl(r):
			n++
		case unicode.IsUpper(r) && (small(i-1) || letter(i-1) && small(i+1)):
			n++
		case !unicode.IsLetter(r) && !unicode.IsPunct(r) && !unicode.IsSpace(r) && letter(i-1) && letter(i+1):
			n++
		}
	}
	return n
}

// unfold returns b without the line folds of a vCard (a line break and
// the space or tab that starts the next line): a writer that folds every
// 75 bytes may cut a character of several bytes in two, which the lines
// join again. Taking ASCII bytes out of UTF-8 leaves it UTF-8, so a CSV
// file is told as before.
func unfold(b []byte) []byte {
	for _, fold := range []string{"\r\n ", "\r\n\t", "\n ", "\n\t"} {
		b = bytes.ReplaceAll(b, []byte(fold), nil)
	}
	return b
}

// decoder reads r, in enc (Windows-1252 or Mac OS Roman), as UTF-8.
func decoder(r io.Reader, enc Encoding) io.Reader {
	cm := charmap.Windows1252
	if enc == EncodingMacRoman {
		cm = charmap.Macintosh
	}
	return transform.NewReader(r, cm.NewDecoder())
}

// ascii reports whether b is all ASCII.
func ascii(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiFirst reads a text whose first sniffSize bytes are ASCII, which
// reads the same in UTF-8 and in Windows-1252, so that no encoding need be
// told until a byte that is not ASCII: it passes the ASCII through, then
// tells the encoding from the sniffSize bytes from that byte (see tell)
// and reads the rest in it. Its memory is that of r's buffer.
type asciiFirst struct {
	r   *bufio.Reader
	enc Encoding  // EncodingUTF8 until told
	rd  io.Reader // the rest of the text once told, nil before
	// last holds the last ASCII bytes passed through, up to its size: the
	// word the first byte that is not ASCII is in, which tells how it
	// reads (see misread).
	last []byte
	// mac is crLines of the text's first bytes.
	mac bool
}

// lastASCII is how many of the ASCII bytes before the first that is not
// an asciiFirst keeps.
const lastASCII = 32

func (a *asciiFirst) Read(p []byte) (int, error) {
	if a.rd != nil {
		return a.rd.Read(p)
	}
	if _, err := a.r.Peek(1); err != nil || len(p) == 0 {
		return 0, err
	}
	buf, _ := a.r.Peek(min(len(p), a.r.Buffered()))
	n := 0
	for n < len(buf) && buf[n] < utf8.RuneSelf {
		n++
	}
	if n > 0 {
		copy(p, buf[:n])
		a.last = append(a.last, buf[max(0, n-lastASCII):n]...)
		a.last = a.last[max(0, len(a.last)-lastASCII):]
		_, _ = a.r.Discard(n)
		return n, nil
	}
	window, err := a.r.Peek(sniffSize)
	if err != nil && err != io.EOF {
		return 0, err
	}
	a.enc, a.rd = tell(append(a.last, window...), len(window) == sniffSize, a.mac), a.r
	if a.enc != EncodingUTF8 {
		a.rd = decoder(a.r, a.enc)
	}
	return a.rd.Read(p)
}

// validCells replaces, in each cell of a row of a text file, the bytes that
// are not UTF-8 by U+FFFD, and returns an *InvalidTextError naming the
// first cell that had some, nil if none had. Only a file read as UTF-8
// has such bytes, past the bytes its encoding was told from (see
// Encoding): every reader of text checks its rows with this.
func validCells(cells []string) error {
	var err error
	for i, c := range cells {
		if !utf8.ValidString(c) {
			cells[i] = strings.ToValidUTF8(c, "\uFFFD")
			if err == nil {
				err = &InvalidTextError{Column: i}
			}
		}
	}
	return err
}

// validPrefix reports whether b is valid UTF-8, allowing an incomplete
// sequence at its end when b is cut from a longer input.
func validPrefix(b []byte, cut bool) bool {
	if utf8.Valid(b) {
		return true
	}
	if !cut {
		return false
	}
	for i := 1; i < utf8.UTFMax && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			return utf8.Valid(b[:len(b)-i]) && !utf8.FullRune(b[len(b)-i:])
		}
	}
	return false
}

// sniffUTF16 tells UTF-16 without a byte order mark from the byte pairs
// of head, the first bytes of a file, that hold a zero byte. Text in UTF-8
// or Windows-1252 has none, or a few, or runs of them (padding). UTF-16
// has a zero byte in most pairs, the high byte of every ASCII character
// (letters, digits, delimiters, line breaks): the second byte of the pair
// in little endian, the first in big endian; the other byte alone is zero
// only for a few characters (U+0100, U+4E00, …), both for U+0000. UTF-32
// has both bytes zero in half its pairs. It returns EncodingUTF16LE or
// EncodingUTF16BE, "" when fewer than a quarter of the pairs have one byte
// alone zero, or an *EncodingError when more do but not as UTF-16 would.
func sniffUTF16(head []byte) (Encoding, error) {
	if bytes.IndexByte(head, 0) < 0 {
		return "", nil
	}
	var first, second, both int
	for i := 0; i+1 < len(head); i += 2 {
		switch {
		case head[i] == 0 && head[i+1] == 0:
			both++
		case head[i] == 0:
			first++
		case head[i+1] == 0:
			second++
		}
	}
	pairs := len(head) / 2
	switch {
	case (first+second)*4 < pairs:
		return "", nil
	case second*4 >= pairs && (first+both)*8 < second:
		return EncodingUTF16LE, nil
	case first*4 >= pairs && (second+both)*8 < first:
		return EncodingUTF16BE, nil
	}
	return "", &EncodingError{Pairs: pairs, ZeroFirst: first, ZeroSecond: second, ZeroBoth: both}
}
