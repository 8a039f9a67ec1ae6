// Package inputtext holds the helpers contactkit's domain packages share to
// handle untrusted text: quoting a bad value in an error message
// without echoing all of it, recognising the invisible and
// bidirectional control characters that are removed from names and tags,
// and telling a text that shows nothing (Blank).
//
// It is shared by the domain packages (contact, field, tag, list,
// activity, …), which may not import each other in every direction.
package inputtext

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// QuoteMax is the greatest number of bytes of a value that Quote quotes.
const QuoteMax = 40

// Quote returns s quoted with strconv.Quote for an error message. A value
// longer than QuoteMax bytes is cut at a character boundary at or before
// QuoteMax bytes and followed by "…" and its total length, as in
// `"abcd…"… (1048576 bytes)`, so that a message never grows with its input:
// the result is at most about 4×QuoteMax+30 bytes.
func Quote(s string) string {
	if len(s) <= QuoteMax {
		return strconv.Quote(s)
	}
	cut := QuoteMax
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + "… (" + strconv.Itoa(len(s)) + " bytes)"
}

// Clip returns s unquoted, cut as Quote cuts it: at most QuoteMax bytes,
// then "…" when something was cut.
func Clip(s string) string {
	if len(s) <= QuoteMax {
		return s
	}
	cut := QuoteMax
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// Invisible reports whether r is a character that shows nothing but can
// change how the text around it reads: a format character (Unicode general
// category Cf), which covers the zero-width space, joiners and marks
// (U+200B–U+200F), the bidirectional embeddings, overrides and isolates
// (U+202A–U+202E, U+2066–U+2069), the word joiner and invisible operators
// (U+2060–U+2064), the soft hyphen (U+00AD) and the byte order mark
// (U+FEFF), the Mongolian vowel separator (U+180E), the interlinear
// annotation marks (U+FFF9–U+FFFB) and the tag characters (U+E0001–U+E007F);
// and the other default-ignorable code points that are not variation
// selectors (Unicode's Other_Default_Ignorable_Code_Point), drawn as
// nothing too: the combining grapheme joiner (U+034F), the Hangul fillers
// (U+115F, U+1160, U+3164, U+FFA0), the Khmer inherent vowels
// (U+17B4–U+17B5) and the reserved code points of the tag block (U+E0000,
// U+E0002–U+E001F, U+E0080–U+E0FFF).
//
// Control characters (Cc) are not Invisible: callers decide whether to
// treat them as white space, drop them or refuse them. Nor are the
// variation selectors, which choose how the character before them is
// drawn (an emoji's colour form, "❤\ufe0f").
func Invisible(r rune) bool {
	return r >= 0xAD && (unicode.Is(unicode.Cf, r) || // U+00AD is the first Cf
		r >= 0x34F && unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r))
}

// Blank reports whether s shows nothing: it is empty or made only of white
// space, control characters, Invisible characters and the other characters
// that are drawn as nothing — the default-ignorable fillers (U+3164 HANGUL
// FILLER, U+115F, U+1160, U+FFA0, the combining grapheme joiner U+034F, …,
// Unicode's Other_Default_Ignorable_Code_Point), the variation selectors and
// U+2800 BRAILLE PATTERN BLANK. A text that a rule requires (a reason) and
// that is Blank is none.
func Blank(s string) bool {
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), unicode.IsControl(r), Invisible(r), r == '\u2800':
		case unicode.In(r, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector):
		default:
			return false
		}
	}
	return true
}

// IndexInvisible returns the index of the first Invisible character of s,
// or -1. It skips ASCII bytes without decoding them.
func IndexInvisible(s string) int {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if Invisible(r) {
			return i
		}
		i += n
	}
	return -1
}

// Joiners: the zero-width non-joiner and joiner, which are Invisible but
// spell words in Persian and the scripts of India, and build emoji
// sequences (👩‍💻).
const (
	ZWNJ = '\u200c'
	ZWJ  = '\u200d'
)

// StripInvisible returns s without its Invisible characters, allocating
// only when there is one. A joiner (ZWNJ or ZWJ) is kept where it can mean
// something: between two visible characters that are not ASCII (not white
// space, not a control character, not Invisible), as in "👩\u200d💻" or
// "می\u200cخواهم". Everywhere else (at an end, next to ASCII, white space
// or another joiner) it is removed too, so that it cannot hide inside a
// Latin word ("ad\u200dmin"). StripInvisible is idempotent.
func StripInvisible(s string) string {
	i := IndexInvisible(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	prevJoinable := false // the last rune written may take a joiner after it
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		prevJoinable = joinable(r)
	}
	var pending rune // a joiner seen after a joinable rune, written if one follows
	for _, r := range s[i:] {
		switch {
		case r == ZWNJ || r == ZWJ:
			if prevJoinable && pending == 0 {
				pending = r
			} else {
				pending = 0
				prevJoinable = false
			}
		case Invisible(r):
			pending = 0
			prevJoinable = false
		default:
			j := joinable(r)
			if pending != 0 && j {
				b.WriteRune(pending)
			}
			pending = 0
			b.WriteRune(r)
			prevJoinable = j
		}
	}
	return b.String()
}

// joinable reports whether r may stand on either side of a kept joiner.
func joinable(r rune) bool {
	return r >= utf8.RuneSelf && !unicode.IsSpace(r) && !unicode.IsControl(r) && !Invisible(r)
}

// NFC returns StripInvisible(s) in Unicode Normalization Form C, stable
// under both: NFC can turn the neighbour of a kept joiner into ASCII
// ("\u212a", the Kelvin sign, becomes "K"), and removing a joiner can
// bring a base and a combining mark together, so both are applied until
// neither changes anything.
func NFC(s string) string {
	if IndexInvisible(s) < 0 {
		return norm.NFC.String(s) // NFC brings in no Invisible character
	}
	s = norm.NFC.String(StripInvisible(s))
	for range 4 {
		t := norm.NFC.String(StripInvisible(s))
		if t == s {
			break
		}
		s = t
	}
	return s
}
