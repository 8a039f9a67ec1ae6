package contact

import (
	"strconv"
	"strings"

	"github.com/contactkit/contactkit/internal/emailaddr"
	"github.com/contactkit/contactkit/internal/must"
)

// Email is a valid email address in canonical form, so that two spellings
// of one address are equal Emails. The zero Email is no address.
// Emails are comparable with ==.
//
// # What is accepted
//
// An address is accepted when it is a mailbox with a dot-atom local part of
// at most 64 octets and a domain of two or more dotted labels (letters,
// digits and inner hyphens, at most 63 octets each, the last one not all
// digits), at most 254 octets in all. Quoted local parts, comments, address
// literals ("[192.0.2.1]") and dotless domains are refused: this is
// stricter than net/mail. Under EmailInternational, the default policy, the
// local part may hold non-ASCII letters, marks, digits, punctuation and
// symbols (RFC 6531), and the domain may be given in Unicode ("bücher.de")
// or in its IDNA ASCII form ("xn--bcher-kva.de"); EmailASCII accepts only
// ASCII addresses.
//
// # Canonical form
//
// The local part is lower-cased and put in Unicode NFC; the domain is
// lower-cased with every Unicode label encoded as its IDNA A-label
// (Punycode, RFC 3492). So "Ann@Bücher.DE" and "ann@xn--bcher-kva.de" are
// one Email, whose String is "ann@xn--bcher-kva.de": the form every mail
// server reads, the one the ASCII policy accepts too, and the one addresses
// stored before international addresses were accepted already have.
// Unicode gives the address with its domain in Unicode, for display.
type Email struct{ s string }

// MaxEmailInputLen is the longest input ParseEmail and ParseEmailInput
// read, in bytes (a name, brackets and an address of at most 254 octets fit
// well within it): a longer one is refused before it is read, with an error
// wrapping ErrTooLong.
const MaxEmailInputLen = emailaddr.MaxInputLength

// EmailPolicy says which email addresses are accepted. The zero
// EmailPolicy is EmailInternational.
type EmailPolicy int

// The email policies.
const (
	// EmailInternational accepts international addresses (RFC 6531 local
	// parts, Unicode or Punycode domains) besides ASCII ones. The default.
	EmailInternational EmailPolicy = iota
	// EmailASCII accepts only addresses that are ASCII as given: a Unicode
	// domain must be given in its xn-- form. Its errors for a non-ASCII
	// address wrap ErrEmailNotASCII.
	EmailASCII
)

// Valid reports whether p is one of the declared policies.
func (p EmailPolicy) Valid() bool { return p == EmailInternational || p == EmailASCII }

// String returns "international" or "ascii".
func (p EmailPolicy) String() string {
	switch p {
	case EmailInternational:
		return "international"
	case EmailASCII:
		return "ascii"
	}
	return "EmailPolicy(" + strconv.Itoa(int(p)) + ")"
}

func (p EmailPolicy) policy() emailaddr.Policy {
	if p == EmailASCII {
		return emailaddr.ASCII
	}
	return emailaddr.International
}

// ParseEmail is EmailInternational.ParseEmail.
func ParseEmail(input string) (Email, error) { return EmailInternational.ParseEmail(input) }

// ParseEmail validates input exactly as given, under policy p, and returns
// it in canonical form. It does not trim: white space around an address
// makes it invalid, as in the vectors of RFC 5321; ParseEmailInput reads
// raw user input. Errors are *ParseError with Field "email", wrapping
// ErrInvalidEmail and the reason (ErrTooLong, ErrEmailNotASCII, or a reason
// about the local part or the domain). An input over MaxEmailInputLen bytes
// is refused before it is read.
func (p EmailPolicy) ParseEmail(input string) (Email, error) {
	s, err := p.policy().Normalize(input)
	if err != nil {
		return Email{}, &ParseError{Field: FieldEmail, Input: input, Err: err}
	}
	// A string of its own: the canonical form is often the input or a
	// part of it, and the input may be a part of a larger string (a
	// request's body, a row of a file) that a stored Email would keep.
	return Email{strings.Clone(s)}, nil
}

// ParseEmailInput is EmailInternational.ParseEmailInput.
func ParseEmailInput(input string) (Email, string, error) {
	return EmailInternational.ParseEmailInput(input)
}

// ParseEmailInput reads what a person pastes or types where one address is
// expected and returns the Email and the display name that came
// with it, normalised with NormalizeName ("" when none). It removes
// invisible characters (zero-width spaces, the byte order mark) and
// surrounding white space, and reduces to the bare address:
//
//	Ann Lee <ann@example.com>        → ann@example.com, "Ann Lee"
//	"Lee, Ann" <ann@example.com>     → ann@example.com, "Lee, Ann"
//	mailto:ann@example.com?subject=x → ann@example.com
//	ann@example.com.                 → ann@example.com
//	Ann Lee <ann@example.com>;       → ann@example.com, "Ann Lee"
//	ann＠example.com                 → ann@example.com
//
// Input with two addresses is refused with an error wrapping
// ErrEmailSeveral, and unbalanced angle brackets or quotes with
// ErrEmailBrackets; the address is then parsed as ParseEmail does. Errors
// are *ParseError with Field "email", wrapping ErrInvalidEmail. The
// canonical form of an Email reads back as itself.
func (p EmailPolicy) ParseEmailInput(input string) (Email, string, error) {
	s, display, err := p.policy().NormalizeInput(input)
	if err != nil {
		return Email{}, "", &ParseError{Field: FieldEmail, Input: input, Err: err}
	}
	return Email{strings.Clone(s)}, NormalizeName(display), nil // as ParseEmail's
}

// MustParseEmail is ParseEmail that panics on error; for constants in tests
// and examples.
func MustParseEmail(input string) Email {
	return must.Get(ParseEmail(input))
}

// String returns the canonical address, or "" for the zero Email.
func (e Email) String() string { return e.s }

// Unicode returns the address with its domain in Unicode, for display:
// "ann@bücher.de" for the Email of "ann@xn--bcher-kva.de". ParseEmail reads
// it back as e. It is String for an address without IDNA labels.
func (e Email) Unicode() string { return emailaddr.Unicode(e.s) }

// IsZero reports whether e is the zero Email.
func (e Email) IsZero() bool { return e.s == "" }

// Domain returns the part of e after the "@", in canonical form (lower
// case, IDNA labels in their xn-- form), or "" for the zero Email.
func (e Email) Domain() string {
	if i := strings.LastIndexByte(e.s, '@'); i >= 0 {
		return e.s[i+1:]
	}
	return ""
}

// LocalPart returns the part of e before the "@", in canonical form (lower
// case, NFC), or "" for the zero Email.
func (e Email) LocalPart() string {
	if i := strings.LastIndexByte(e.s, '@'); i >= 0 {
		return e.s[:i]
	}
	return ""
}

// MarshalText implements encoding.TextMarshaler: the canonical address, or
// empty text for the zero Email.
func (e Email) MarshalText() ([]byte, error) { return []byte(e.s), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseEmail (the
// international policy: a stored address is read whatever policy accepted
// it). Empty text gives the zero Email; on error, *e is left unchanged.
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
