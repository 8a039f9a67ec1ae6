// Package emailaddr validates and normalises email addresses for contactkit.
//
// It is shared by package contact (the Email value type) and package field
// (custom fields of type email), which may not import each other.
//
// # What is accepted
//
// An address is accepted when it is an RFC 5321 mailbox of the common,
// deliverable shape, stricter than net/mail:
//
//   - the local part is a dot-atom: one or more runs of atext characters
//     (ASCII letters, digits and !#$%&'*+-/=?^_`{|}~) separated by single dots,
//     at most 64 octets; quoted strings and comments are refused;
//   - the domain is two or more dotted labels of ASCII letters, digits and
//     hyphens, each 1 to 63 octets, not starting or ending with a hyphen;
//     the last label is not all digits (so no IP address); address literals
//     ("[192.0.2.1]") and dotless domains ("user@localhost") are refused;
//   - the whole address is at most 254 octets.
//
// Only ASCII is accepted: internationalised addresses (SMTPUTF8) and Unicode
// domain names must be given in their ASCII form (an IDNA "xn--" label).
//
// # Canonical form
//
// The canonical form is the whole address in lower case. contactkit compares
// addresses case-insensitively (rule C3), so that two spellings of one
// address become the same bytes and stores can compare them byte for byte.
package emailaddr

import (
	"errors"
	"strconv"
	"strings"
)

// Length limits, in octets, from RFC 5321 section 4.5.3.1 (the 254-octet
// limit on the address is the 256-octet path limit less its angle brackets).
const (
	MaxLength      = 254
	MaxLocalLength = 64
	MaxLabelLength = 63
)

// ErrInvalid is the category of every error returned by Normalize and Check.
var ErrInvalid = errors.New("invalid email address")

// The reasons an address is refused. Every error returned by Normalize and
// Check wraps ErrInvalid and exactly one of these.
var (
	// ErrEmpty: the input is empty or only white space.
	ErrEmpty = errors.New("empty")
	// ErrNoAt: there is no "@" between a local part and a domain.
	ErrNoAt = errors.New("missing @")
	// ErrLocalPart: the part before the last "@" is empty or not a
	// dot-atom.
	ErrLocalPart = errors.New("bad local part")
	// ErrDomain: the part after the last "@" is not a dotted domain name.
	ErrDomain = errors.New("bad domain")
	// ErrTooLong: the address, its local part or one of its domain labels
	// is over its length limit.
	ErrTooLong = errors.New("too long")
)

// reasonError is the error returned by Check: it wraps ErrInvalid and one
// reason, and says in detail what is wrong.
type reasonError struct {
	reason error
	detail string
}

func (e *reasonError) Error() string {
	return ErrInvalid.Error() + ": " + e.detail
}

func (e *reasonError) Unwrap() []error { return []error{ErrInvalid, e.reason} }

func fail(reason error, detail string) error {
	return &reasonError{reason: reason, detail: detail}
}

// Normalize checks input with Check, exactly as given (it does not trim:
// callers trim raw user input first), and returns its canonical form: lower
// case, so that two spellings of one address compare equal byte for byte.
// Normalize is idempotent.
func Normalize(input string) (string, error) {
	if err := Check(input); err != nil {
		return "", err
	}
	return toLowerASCII(input), nil
}

// Valid reports whether addr, exactly as given (not trimmed), is an address
// that Check accepts.
func Valid(addr string) bool { return Check(addr) == nil }

// Check reports why addr, exactly as given, is not an acceptable address, or
// nil when it is. It does not trim: surrounding white space is an error here,
// as it is in a mail header. Its errors wrap ErrInvalid and one reason
// (ErrEmpty, ErrNoAt, ErrLocalPart, ErrDomain or ErrTooLong).
func Check(addr string) error {
	if strings.TrimSpace(addr) == "" {
		return fail(ErrEmpty, "empty")
	}
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return fail(ErrNoAt, "missing @")
	}
	local, domain := addr[:at], addr[at+1:]
	if local == "" {
		return fail(ErrLocalPart, "empty local part")
	}
	if domain == "" {
		return fail(ErrDomain, "empty domain")
	}
	if err := checkLocal(local); err != nil {
		return err
	}
	if err := checkDomain(domain); err != nil {
		return err
	}
	if len(addr) > MaxLength {
		return fail(ErrTooLong, "address longer than "+strconv.Itoa(MaxLength)+" octets")
	}
	return nil
}

func checkLocal(local string) error {
	switch {
	case local[0] == '"':
		return fail(ErrLocalPart, "quoted local part")
	case local[0] == '.':
		return fail(ErrLocalPart, "local part starts with a dot")
	case local[len(local)-1] == '.':
		return fail(ErrLocalPart, "local part ends with a dot")
	}
	prevDot := false
	for i := 0; i < len(local); i++ {
		c := local[i]
		if c == '.' {
			if prevDot {
				return fail(ErrLocalPart, "consecutive dots in local part")
			}
			prevDot = true
			continue
		}
		prevDot = false
		if !isAtext(c) {
			return fail(ErrLocalPart, "character "+quoteByte(c)+" in local part")
		}
	}
	if len(local) > MaxLocalLength {
		return fail(ErrTooLong, "local part longer than "+strconv.Itoa(MaxLocalLength)+" octets")
	}
	return nil
}

func checkDomain(domain string) error {
	if domain[0] == '[' {
		return fail(ErrDomain, "address literal")
	}
	labels := 0
	var allDigits bool // of the last label seen
	for rest := domain; ; {
		label, after, more := strings.Cut(rest, ".")
		labels++
		if label == "" {
			return fail(ErrDomain, "empty domain label")
		}
		if label[0] == '-' || label[len(label)-1] == '-' {
			return fail(ErrDomain, "domain label "+strconv.Quote(label)+" starts or ends with a hyphen")
		}
		allDigits = true
		for i := 0; i < len(label); i++ {
			c := label[i]
			switch {
			case c >= '0' && c <= '9':
			case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '-':
				allDigits = false
			default:
				return fail(ErrDomain, "character "+quoteByte(c)+" in domain")
			}
		}
		if len(label) > MaxLabelLength {
			return fail(ErrTooLong, "domain label longer than "+strconv.Itoa(MaxLabelLength)+" octets")
		}
		if !more {
			break
		}
		rest = after
	}
	if labels < 2 {
		return fail(ErrDomain, "domain without a dot")
	}
	if allDigits {
		return fail(ErrDomain, "numeric top-level domain")
	}
	return nil
}

// isAtext reports whether c is an atext character of RFC 5322 section 3.2.3.
func isAtext(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

func quoteByte(c byte) string {
	if c >= 0x80 {
		return "non-ASCII"
	}
	return strconv.QuoteRune(rune(c))
}

// toLowerASCII lowers the ASCII letters of s, which Check has found to be
// ASCII, allocating only when something changes.
func toLowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
