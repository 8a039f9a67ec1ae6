package contact

import (
	"strings"

	"github.com/contactkit/contactkit/internal/emailaddr"
	"github.com/contactkit/contactkit/internal/must"
)

// Email is a valid email address in canonical form: lower case, so that two
// spellings of one address are equal Emails (rule C3). The zero Email is no
// address. Emails are comparable with ==.
//
// An address is accepted when it is an RFC 5321 mailbox with a dot-atom local
// part of at most 64 octets and a domain of two or more dotted labels (ASCII
// letters, digits and inner hyphens, at most 63 octets each, the last one not
// all digits), at most 254 octets in all. Quoted local parts, comments,
// address literals ("[192.0.2.1]"), dotless domains and non-ASCII addresses
// are refused: this is stricter than net/mail.
type Email struct{ s string }

// ParseEmail validates input exactly as given and returns it in canonical
// form. It does not trim: white space around an address makes it invalid,
// as in the vectors of RFC 5321. Raw user input is trimmed where it enters
// (Patch.Apply, rule C3) before it reaches ParseEmail. Errors are *ParseError with Field "email",
// wrapping ErrInvalidEmail and the reason (emailaddr.ErrEmpty, ErrNoAt,
// ErrLocalPart, ErrDomain or ErrTooLong).
func ParseEmail(input string) (Email, error) {
	s, err := emailaddr.Normalize(input)
	if err != nil {
		return Email{}, &ParseError{Field: "email", Input: input, Err: err}
	}
	return Email{s}, nil
}

// MustParseEmail is ParseEmail that panics on error; for constants in tests
// and examples.
func MustParseEmail(input string) Email {
	return must.Get(ParseEmail(input))
}

// String returns the canonical address, or "" for the zero Email.
func (e Email) String() string { return e.s }

// IsZero reports whether e is the zero Email.
func (e Email) IsZero() bool { return e.s == "" }

// Domain returns the part of e after the "@" (lower case), or "" for the
// zero Email.
func (e Email) Domain() string {
	if i := strings.LastIndexByte(e.s, '@'); i >= 0 {
		return e.s[i+1:]
	}
	return ""
}

// LocalPart returns the part of e before the "@" (lower case), or "" for the
// zero Email.
func (e Email) LocalPart() string {
	if i := strings.LastIndexByte(e.s, '@'); i >= 0 {
		return e.s[:i]
	}
	return ""
}

// MarshalText implements encoding.TextMarshaler: the canonical address, or
// empty text for the zero Email.
func (e Email) MarshalText() ([]byte, error) { return []byte(e.s), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseEmail. Empty
// text gives the zero Email; on error, *e is left unchanged.
func (e *Email) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*e = Email{}
		return nil
	}
	v, err := ParseEmail(string(text))
	if err != nil {
		return err
	}
	*e = v
	return nil
}
