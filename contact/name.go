package contact

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NormalizeName returns s as contactkit stores a person's name (rule C4):
// invalid UTF-8 replaced by U+FFFD, control characters other than white
// space removed, surrounding white space trimmed, every inner run of white
// space (spaces, tabs, newlines, no-break spaces, …) replaced by one space,
// and the result in Unicode Normalization Form C, so that "e" followed by a
// combining acute accent becomes "é". NormalizeName is idempotent.
func NormalizeName(s string) string {
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
	return norm.NFC.String(b.String())
}

// DisplayName returns the name to show for a contact (rule C4): the first and
// last names joined by a space (either alone when the other is empty), else
// the alias, else the email address, else the phone number in E.164 form,
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
		return email.String()
	}
	if !phone.IsZero() {
		return phone.String()
	}
	return ""
}
