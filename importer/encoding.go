package importer

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
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
//     end of those 64 KiB counts as valid): UTF-8;
//   - else Windows-1252, which gives a character for every byte (a file in
//     ISO 8859-1 reads the same but for the C1 controls).
//
// A file read as UTF-8 that has invalid bytes after its first 64 KiB gets
// U+FFFD for each of them in its cells. A text file with a few zero bytes,
// or padded with them, keeps them; a UTF-8 file whose text holds many
// U+0000 is not told from UTF-16 (no exporter writes one).
type Encoding string

// The encodings of text files (CSV and vCard).
const (
	EncodingUTF8        Encoding = "utf-8"
	EncodingUTF16LE     Encoding = "utf-16le"
	EncodingUTF16BE     Encoding = "utf-16be"
	EncodingWindows1252 Encoding = "windows-1252"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// decode tells the encoding of the text in br and returns a reader of its
// UTF-8 text, without byte order mark. The rule, in order:
//
//   - a UTF-8 byte order mark: UTF-8;
//   - a UTF-16 byte order mark (FF FE, FE FF): UTF-16 little or big endian;
//   - many byte pairs with one byte zero in the first sniffSize bytes:
//     UTF-16 little or big endian without a byte order mark if it is the
//     second or the first byte, else an *EncodingError (see sniffUTF16);
//   - the first sniffSize bytes are valid UTF-8 (an incomplete sequence cut
//     by the end of that prefix is allowed): UTF-8;
//   - else Windows-1252, which maps every byte to a character.
//
// Invalid UTF-8 after the prefix of a file read as UTF-8 is replaced by
// U+FFFD in the cells (see cleanCell).
func decode(br *bufio.Reader) (*bufio.Reader, Encoding, error) {
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, "", fmt.Errorf("sniff encoding: %w", err)
	}
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		_, _ = br.Discard(len(bomUTF8))
		return br, EncodingUTF8, nil
	case bytes.HasPrefix(head, bomUTF16LE):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		return bufio.NewReaderSize(transform.NewReader(br, dec), sniffSize), EncodingUTF16LE, nil
	case bytes.HasPrefix(head, bomUTF16BE):
		dec := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
		return bufio.NewReaderSize(transform.NewReader(br, dec), sniffSize), EncodingUTF16BE, nil
	}
	switch enc, err := sniffUTF16(head); {
	case err != nil:
		return nil, "", fmt.Errorf("sniff encoding: %w", err)
	case enc == EncodingUTF16LE:
		dec := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder()
		return bufio.NewReaderSize(transform.NewReader(br, dec), sniffSize), enc, nil
	case enc == EncodingUTF16BE:
		dec := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder()
		return bufio.NewReaderSize(transform.NewReader(br, dec), sniffSize), enc, nil
	}
	if validPrefix(head, len(head) == sniffSize) {
		return br, EncodingUTF8, nil
	}
	dec := charmap.Windows1252.NewDecoder()
	return bufio.NewReaderSize(transform.NewReader(br, dec), sniffSize), EncodingWindows1252, nil
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
