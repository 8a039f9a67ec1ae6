package contact

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/contactkit/contactkit/internal/inputtext"
)

// NormalizeName returns s as contactkit stores a person's name:
// invalid UTF-8 replaced by U+FFFD, control characters other than white
// space removed, invisible and bidirectional formatting characters
// (Unicode category Cf: zero-width spaces and joiners U+200B–U+200D,
// direction marks, embeddings, overrides and isolates U+200E–U+200F,
// U+202A–U+202E, U+2066–U+2069, the word joiner U+2060 and invisible
// operators, the soft hyphen U+00AD, the byte order mark U+FEFF, …) and the
// other default-ignorable characters, drawn as nothing (the combining
// grapheme joiner U+034F, the Hangul fillers U+115F, U+1160, U+3164, U+FFA0,
// every code point of the tag block U+E0000–U+E007F, …) removed
// (a zero-width joiner or non-joiner stays only between two visible
// non-ASCII characters, where it spells a Persian or Indic word or builds
// an emoji: "👩\u200d💻"),
// surrounding white space trimmed, every inner run of white
// space (spaces, tabs, newlines, no-break spaces, …) replaced by one space,
// and the result in Unicode Normalization Form C, so that "e" followed by a
// combining acute accent becomes "é". A name made only of white space and
// such characters becomes "": it cannot identify a contact nor be shown as
// its name. NormalizeName is idempotent.
//
// NormalizeName does not limit the length: Patch.Apply checks the result
// against Limits.
func NormalizeName(s string) string {
	if spaced, ascii := spacedOnce(s); spaced {
		// Already stripped and spaced (names read back from a contact,
		// most typed ones): the copy below would give s again, and ASCII
		// text is in NFC.
		if ascii {
			return s
		}
		return inputtext.NFC(s)
	}
	return normalizeName(s)
}

// normalizeName is NormalizeName without its shortcut.
func normalizeName(s string) string {
	s = inputtext.StripInvisible(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false // a space is pending before the next character
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
		case unicode.IsControl(r):
			// Dropped, and does not split a run of white space.
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r) // utf8.RuneError for invalid UTF-8
		}
	}
	return inputtext.NFC(b.String())
}

// spacedOnce reports whether s is what NormalizeName's loop makes of it:
// valid UTF-8 without control or Invisible characters, whose only white
// space is single ASCII spaces between other characters; and whether s is
// ASCII.
func spacedOnce(s string) (spaced, ascii bool) {
	ascii = true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ':
				if i == 0 || i == len(s)-1 || s[i+1] == ' ' {
					return false, false
				}
			case c < ' ' || c == 0x7f: // the ASCII controls, \t\n\v\f\r among them
				return false, false
			}
			i++
			continue
		}
		ascii = false
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || unicode.IsSpace(r) || unicode.IsControl(r) || inputtext.Invisible(r) {
			return false, false
		}
		i += n
	}
	return true, ascii
}

// DisplayName returns the name to show for a contact: the first and
// last names joined by a space (either alone when the other is empty), else
// the alias, else the email address (its domain in Unicode, as
// Email.Unicode shows it), else the phone number in E.164 form,
// else "". The names and the alias are normalised with NormalizeName first,
// so a name of only white space counts as empty.
func DisplayName(first, last, alias string, email Email, phone Phone) string {
	first, last = NormalizeName(first), NormalizeName(last)
	switch {
	case first != "" && last != "":
		return first + " " + last
	case first != "":
		return first
	case last != "":
		return last
	}
	if alias = NormalizeName(alias); alias != "" {
		return alias
	}
	if !email.IsZero() {
		return email.Unicode()
	}
	if !phone.IsZero() {
		return phone.String()
	}
	return ""
}
