// Package emailaddr validates and normalises email addresses for contactkit.
//
// It is shared by package contact (the Email value type) and package field
// (custom fields of type email), which may not import each other.
//
// # What is accepted
//
// An address is accepted when it is a mailbox of the common, deliverable
// shape, stricter than net/mail:
//
//   - the local part is a dot-atom: one or more runs of atext characters
//     (ASCII letters, digits and !#$%&'*+-/=?^_`{|}~) separated by single dots,
//     at most 64 octets; quoted strings and comments are refused. Under the
//     International policy (RFC 6531) the runs may also hold non-ASCII
//     letters, marks, digits, punctuation and symbols (no white space,
//     control, formatting, private-use or unassigned character), and the
//     local part is put in Unicode NFC;
//   - the domain is two or more dotted labels of ASCII letters, digits and
//     hyphens, each 1 to 63 octets, not starting or ending with a hyphen;
//     the last label is not all digits (so no IP address); address literals
//     ("[192.0.2.1]") and dotless domains ("user@localhost") are refused.
//     An ASCII label is kept as given (lower-cased), IDNA A-labels
//     ("xn--bcher-kva") included: it is what DNS resolves. Under the
//     International policy a label
//     may also be given in Unicode (a U-label: letters, marks, digits and
//     inner hyphens), and the ideographic full stops U+3002, U+FF0E and
//     U+FF61 separate labels as "." does;
//   - the whole canonical address is at most 254 octets.
//
// The ASCII policy accepts only addresses that are ASCII as given: a
// Unicode domain must be given in its xn-- form.
//
// # Canonical form
//
// The canonical form is what stores compare byte for byte:
//
//   - the local part in lower case (Unicode lower case, then NFC);
//   - the domain in lower case with every label in its ASCII form: a
//     Unicode label is lower-cased, put in NFC and encoded as its A-label,
//     so "ann@BÜCHER.de" and "ann@xn--bcher-kva.de" have the one canonical
//     form "ann@xn--bcher-kva.de". An ASCII canonical domain is what every
//     mail server reads, what the ASCII policy accepts, and what addresses
//     stored before international addresses were accepted already are.
//
// Unicode returns the domain of a canonical address in Unicode, for
// display.
package emailaddr

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"

	"github.com/contactkit/contactkit/internal/inputtext"
)

// Length limits, in octets, from RFC 5321 section 4.5.3.1 (the 254-octet
// limit on the address is the 256-octet path limit less its angle brackets).
// MaxInputLength bounds raw input (a pasted "Name <address>"), checked
// before anything reads it.
const (
	MaxLength      = 254
	MaxLocalLength = 64
	MaxLabelLength = 63
	MaxInputLength = 1024
)

// Policy says which addresses are accepted.
type Policy int

// The policies. The zero Policy is International.
const (
	// International accepts RFC 6531 addresses: UTF-8 local parts and
	// Unicode domains, besides ASCII ones.
	International Policy = iota
	// ASCII accepts only addresses that are ASCII as given.
	ASCII
)

// ErrInvalid is the category of every error returned by Normalize and Check.
var ErrInvalid = errors.New("invalid email address")

// The reasons an address is refused. Every error returned by Normalize,
// Check and Reduce wraps ErrInvalid and exactly one of these.
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
	// ErrTooLong: the address, its local part, one of its domain labels or
	// the raw input is over its length limit.
	ErrTooLong = errors.New("too long")
	// ErrNotASCII: the ASCII policy refuses a non-ASCII address.
	ErrNotASCII = errors.New("not ASCII")
	// ErrSeveral: the input holds more than one address.
	ErrSeveral = errors.New("more than one address")
	// ErrBrackets: the input has unbalanced angle brackets or quotes, or
	// text after its bracketed address.
	ErrBrackets = errors.New("unbalanced brackets or quotes")
)

// reasonError is the error returned by Check: it wraps ErrInvalid and one
// reason, and says in detail what is wrong.
type reasonError struct {
	reason error
	detail string
}

// Error returns "invalid email address: " and the detail.
func (e *reasonError) Error() string {
	return ErrInvalid.Error() + ": " + e.detail
}

// Unwrap returns ErrInvalid and the reason.
func (e *reasonError) Unwrap() []error { return []error{ErrInvalid, e.reason} }

func fail(reason error, detail string) error {
	return &reasonError{reason: reason, detail: detail}
}

// Normalize is International.Normalize.
func Normalize(input string) (string, error) { return International.Normalize(input) }

// Valid is International.Valid.
func Valid(addr string) bool { return International.Valid(addr) }

// Check is International.Check.
func Check(addr string) error { return International.Check(addr) }

// Valid reports whether addr, exactly as given (not trimmed), is an address
// that p accepts.
func (p Policy) Valid(addr string) bool { return p.Check(addr) == nil }

// Check reports why addr, exactly as given, is not an address p accepts, or
// nil when it is. It does not trim: surrounding white space is an error
// here, as it is in a mail header. Its errors wrap ErrInvalid and one reason
// (ErrEmpty, ErrNoAt, ErrLocalPart, ErrDomain, ErrTooLong or ErrNotASCII).
func (p Policy) Check(addr string) error {
	_, err := p.Normalize(addr)
	return err
}

// Normalize checks input exactly as given (it does not trim: callers trim
// raw user input first, or use NormalizeInput) and returns its canonical
// form. Normalize is idempotent, and costs time linear in its input: an
// input over MaxInputLength bytes is refused before it is read.
func (p Policy) Normalize(input string) (string, error) {
	if len(input) > MaxInputLength {
		return "", fail(ErrTooLong, "input longer than "+strconv.Itoa(MaxInputLength)+" bytes")
	}
	if strings.TrimSpace(input) == "" {
		return "", fail(ErrEmpty, "empty")
	}
	at := strings.LastIndexByte(input, '@')
	if at < 0 {
		return "", fail(ErrNoAt, "missing @")
	}
	local, domain := input[:at], input[at+1:]
	if local == "" {
		return "", fail(ErrLocalPart, "empty local part")
	}
	if domain == "" {
		return "", fail(ErrDomain, "empty domain")
	}
	l, err := p.local(local)
	if err != nil {
		return "", err
	}
	d, err := p.domain(domain)
	if err != nil {
		return "", err
	}
	addr := input
	if l != local || d != domain {
		addr = l + "@" + d
	}
	addr = toLowerASCII(addr) // one allocation at most for an ASCII address
	if len(addr) > MaxLength {
		return "", fail(ErrTooLong, "address longer than "+strconv.Itoa(MaxLength)+" octets")
	}
	return addr, nil
}

// local checks a local part and returns its canonical form.
func (p Policy) local(local string) (string, error) {
	if !isASCII(local) {
		if p == ASCII {
			return "", fail(ErrNotASCII, "non-ASCII local part")
		}
		if !utf8.ValidString(local) {
			return "", fail(ErrLocalPart, "invalid UTF-8 in local part")
		}
		// Two local parts that differ only in case are one: "σας" is
		// "ΣΑΣ", "ſam" is "SAM", the micro sign "µ" is the Greek "Μ"
		// (strings.EqualFold agrees), though lowering leaves "ς", "ſ"
		// and "µ" as they are.
		local = foldNFC(local)
	}
	switch {
	case local[0] == '"':
		return "", fail(ErrLocalPart, "quoted local part")
	case local[0] == '.':
		return "", fail(ErrLocalPart, "local part starts with a dot")
	case local[len(local)-1] == '.':
		return "", fail(ErrLocalPart, "local part ends with a dot")
	}
	prevDot := false
	for _, r := range local {
		if r == '.' {
			if prevDot {
				return "", fail(ErrLocalPart, "consecutive dots in local part")
			}
			prevDot = true
			continue
		}
		prevDot = false
		if r < utf8.RuneSelf {
			if !isAtext(byte(r)) {
				return "", fail(ErrLocalPart, "character "+strconv.QuoteRune(r)+" in local part")
			}
		} else if !localRune(r) {
			return "", fail(ErrLocalPart, "character "+strconv.QuoteRuneToASCII(r)+" in local part")
		}
	}
	if len(local) > MaxLocalLength {
		return "", fail(ErrTooLong, "local part longer than "+strconv.Itoa(MaxLocalLength)+" octets")
	}
	return local, nil // ASCII letters are lowered by Normalize
}

// localRune reports whether the non-ASCII r may appear in a local part:
// a letter, mark, digit, punctuation or symbol, assigned and not private.
func localRune(r rune) bool {
	return unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S) && r != utf8.RuneError
}

// domain checks a domain and returns its canonical form: lower-case
// A-labels.
func (p Policy) domain(domain string) (string, error) {
	if domain[0] == '[' {
		return "", fail(ErrDomain, "address literal")
	}
	if !isASCII(domain) {
		if p == ASCII {
			return "", fail(ErrNotASCII, "non-ASCII domain: give its xn-- form")
		}
		if !utf8.ValidString(domain) {
			return "", fail(ErrDomain, "invalid UTF-8 in domain")
		}
		// Full-width and half-width forms as their ordinary ones, as IDNA's
		// mapping (UTS #46) reads them: "ｅｘａｍｐｌｅ．ｃｏｍ", typed on
		// a CJK keyboard, is example.com, not another domain.
		domain = width.Fold.String(domain)
		domain = strings.NewReplacer("\u3002", ".", "\uff0e", ".", "\uff61", ".").Replace(domain)
	}
	var b strings.Builder // the canonical domain, once it differs from domain
	changed := false
	labels := 0
	var allDigits bool // of the last label seen
	for rest := domain; ; {
		label, after, more := strings.Cut(rest, ".")
		labels++
		if label == "" {
			return "", fail(ErrDomain, "empty domain label")
		}
		a, err := aLabel(label)
		if err != nil {
			return "", err
		}
		allDigits = strings.Trim(a, "0123456789") == ""
		if a != label && !changed {
			changed = true
			b.Grow(len(domain))
			b.WriteString(domain[:len(domain)-len(rest)]) // the labels before, unchanged
		}
		if changed {
			b.WriteString(a)
			if more {
				b.WriteByte('.')
			}
		}
		if !more {
			break
		}
		rest = after
	}
	if labels < 2 {
		return "", fail(ErrDomain, "domain without a dot")
	}
	if allDigits {
		return "", fail(ErrDomain, "numeric top-level domain")
	}
	if !changed {
		return domain, nil
	}
	return b.String(), nil
}

// Domain checks a domain name as the domain of an address is checked
// under the international policy and returns its canonical form: lower
// case, every Unicode label as its IDNA A-label ("bücher.de" gives
// "xn--bcher-kva.de"). Its errors wrap ErrInvalid.
func Domain(domain string) (string, error) {
	if domain == "" {
		return "", fail(ErrDomain, "empty domain")
	}
	return International.domain(domain)
}

// aLabel checks one label and returns it as a lower-case ASCII label.
func aLabel(label string) (string, error) {
	if !isASCII(label) {
		u := lowerNFC(label)
		if isASCII(u) {
			// "\u212a" (the Kelvin sign) lowers to "k": an ASCII label.
			return aLabel(u)
		}
		if err := checkULabel(u); err != nil {
			return "", err
		}
		if utf8.RuneCountInString(u) > MaxLabelLength {
			return "", fail(ErrTooLong, "domain label longer than "+strconv.Itoa(MaxLabelLength)+" octets")
		}
		enc, err := punyEncode(u)
		if err != nil {
			return "", fail(ErrDomain, "domain label "+inputtext.Quote(label)+" cannot be encoded")
		}
		a := "xn--" + enc
		if len(a) > MaxLabelLength {
			return "", fail(ErrTooLong, "domain label longer than "+strconv.Itoa(MaxLabelLength)+" octets")
		}
		return a, nil
	}
	if label[0] == '-' || label[len(label)-1] == '-' {
		return "", fail(ErrDomain, "domain label "+inputtext.Quote(label)+" starts or ends with a hyphen")
	}
	for i := 0; i < len(label); i++ {
		c := label[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-') {
			return "", fail(ErrDomain, "character "+quoteByte(c)+" in domain")
		}
	}
	if len(label) > MaxLabelLength {
		return "", fail(ErrTooLong, "domain label longer than "+strconv.Itoa(MaxLabelLength)+" octets")
	}
	// An ASCII label, xn-- labels included, is kept as given (Normalize
	// lowers its letters): it is what DNS resolves, so it is never changed
	// into another one.
	return label, nil
}

// checkULabel checks a lower-case NFC Unicode label: letters, marks and
// digits and inner hyphens, not starting with a mark.
func checkULabel(u string) error {
	if u == "" {
		return fail(ErrDomain, "empty domain label")
	}
	if u[0] == '-' || u[len(u)-1] == '-' {
		return fail(ErrDomain, "domain label "+inputtext.Quote(u)+" starts or ends with a hyphen")
	}
	for i, r := range u {
		switch {
		case r == '-', r >= '0' && r <= '9', r >= 'a' && r <= 'z':
		case r < utf8.RuneSelf:
			return fail(ErrDomain, "character "+strconv.QuoteRune(r)+" in domain")
		case unicode.IsMark(r):
			if i == 0 {
				return fail(ErrDomain, "domain label starts with a combining mark")
			}
		case unicode.IsLetter(r), unicode.IsDigit(r):
		default:
			return fail(ErrDomain, "character "+strconv.QuoteRuneToASCII(r)+" in domain")
		}
	}
	return nil
}

// foldNFC returns s in NFC with every letter in the lower case of its case
// folding orbit (foldRune), stable under both.
func foldNFC(s string) string {
	s = norm.NFC.String(strings.Map(foldRune, norm.NFC.String(s)))
	for range 3 {
		t := norm.NFC.String(strings.Map(foldRune, s))
		if t == s {
			break
		}
		s = t
	}
	return s
}

// foldRune returns the lower case of the letters r folds with
// (unicode.SimpleFold): unicode.ToLower(r) but for the letters whose lower
// case is another of the orbit's, each of which gives the one lower case
// of its orbit ("ς" and "σ" give "σ", "ſ" gives "s", "µ" gives "μ"). A
// letter alone in its orbit, such as the dotless "ı", is lowered as it is.
func foldRune(r rune) rune {
	if unicode.SimpleFold(r) == r {
		return unicode.ToLower(r)
	}
	return unicode.ToLower(unicode.ToUpper(r))
}

// lowerNFC returns s in lower case and NFC, stable under both.
func lowerNFC(s string) string {
	s = norm.NFC.String(strings.ToLower(norm.NFC.String(s)))
	for range 3 {
		t := norm.NFC.String(strings.ToLower(s))
		if t == s {
			break
		}
		s = t
	}
	return s
}

// Unicode returns the canonical address addr with its A-labels decoded to
// Unicode, for display: "ann@xn--bcher-kva.de" gives "ann@bücher.de". An
// address without A-labels is returned as it is.
func Unicode(addr string) string {
	at := strings.LastIndexByte(addr, '@')
	if at < 0 || !strings.Contains(addr[at:], "xn--") {
		return addr
	}
	labels := strings.Split(addr[at+1:], ".")
	for i, l := range labels {
		if !strings.HasPrefix(l, "xn--") {
			continue
		}
		// Only a label that is the canonical encoding of a valid U-label
		// is shown decoded, so that Normalize reads the result back as
		// addr.
		u, err := punyDecode(l[4:])
		if err != nil || isASCII(u) || lowerNFC(u) != u || checkULabel(u) != nil {
			continue
		}
		if enc, err := punyEncode(u); err == nil && "xn--"+enc == l {
			labels[i] = u
		}
	}
	return addr[:at+1] + strings.Join(labels, ".")
}

// isAtext reports whether c is an atext character of RFC 5322 section 3.2.3.
func isAtext(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func quoteByte(c byte) string {
	if c >= 0x80 {
		return "non-ASCII"
	}
	return strconv.QuoteRune(rune(c))
}

// toLowerASCII lowers the ASCII letters of s, allocating only when
// something changes.
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
