package field

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/contactkit/contactkit/internal/emailaddr"
	"github.com/contactkit/contactkit/internal/phonenum"
)

// Length limits of values, in characters (runes) after normalisation.
const (
	MaxTextLen     = 255
	MaxTextareaLen = 10000
	maxURLLen      = 2048
)

// Coerce converts raw, a string typed by a user or read from an import
// cell, to a Value of d's type, in canonical form. defaultRegion (ISO 3166-1
// alpha-2, e.g. "FR") is used to read national phone numbers; other types
// ignore it.
//
// Blank raw (empty or white space) gives the zero Value and no error: the
// caller decides whether a blank clears a value. Otherwise the error is an
// *Error wrapping ErrInvalidValue that says why. The accepted forms of each
// type are listed in the package documentation. A hidden option is refused:
// it stays valid in stored values but cannot be chosen again.
//
// For every Value v that Coerce returns, d.Coerce(v.String(), region)
// returns v again.
func (d Definition) Coerce(raw, defaultRegion string) (Value, error) {
	s, err := coerce(d.Type, d.Options, raw, defaultRegion, matchVisible)
	if err != nil {
		return Value{}, &Error{Key: d.Key, Type: d.Type, Input: raw, Err: err}
	}
	return newValue(d.Type, s), nil
}

// ParseValue reads s, normally the String of a stored Value, as a Value of
// type t without a definition: for a Store adapter that keeps the type and
// the canonical text of each value. It accepts the same forms as Coerce,
// except that phone numbers must be international ("+33…") and that select
// and multiselect values are taken as option values without checking them
// against options (CheckValue and Validate do that). Errors are *Error
// wrapping ErrInvalidValue, or ErrInvalidType for an unknown t.
func ParseValue(t Type, s string) (Value, error) {
	c, err := coerce(t, nil, s, "", matchAny)
	if err != nil {
		return Value{}, &Error{Type: t, Input: s, Err: err}
	}
	return newValue(t, c), nil
}

// CheckValue reports whether v is a valid stored value of d: nil when it is,
// else an *Error. The zero Value is valid unless d is Required
// (ErrRequired). Otherwise v must have d's type and be in canonical form (as
// Coerce would return it), and a select or multiselect value must name
// options of d, hidden ones included (ErrInvalidValue).
func (d Definition) CheckValue(v Value) error {
	if v.IsZero() {
		if d.Required {
			return &Error{Key: d.Key, Type: d.Type, Err: ErrRequired}
		}
		return nil
	}
	if v.typ != d.Type {
		return &Error{Key: d.Key, Type: d.Type, Input: v.String(),
			Err: invalid("a %s value, want %s", v.typ, d.Type)}
	}
	c, err := coerce(d.Type, d.Options, v.String(), "", matchStored)
	if err != nil {
		return &Error{Key: d.Key, Type: d.Type, Input: v.String(), Err: err}
	}
	if c != v.s {
		return &Error{Key: d.Key, Type: d.Type, Input: v.String(),
			Err: invalid("not in canonical form %q", clip(newValue(d.Type, c).String()))}
	}
	return nil
}

// matchMode says which options a select or multiselect input may name.
type matchMode int

const (
	matchVisible matchMode = iota // new input: visible options, by value or label
	matchStored                   // stored value: any option, by value
	matchAny                      // no definition: any well-formed option value
)

// coerce returns the canonical form of raw as a value of type t, "" for a
// blank raw, or a reason error wrapping ErrInvalidValue.
func coerce(t Type, opts []Option, raw, region string, mode matchMode) (string, error) {
	if !utf8.ValidString(raw) {
		return "", invalid("not valid UTF-8")
	}
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", nil
	}
	switch t {
	case TypeText:
		return coerceText(s, false)
	case TypeTextarea:
		return coerceText(s, true)
	case TypeNumber:
		return coerceDecimal(s, false)
	case TypeMonetary:
		return coerceDecimal(s, true)
	case TypeDate:
		d, err := parseDate(s)
		if err != nil {
			return "", err
		}
		return d.String(), nil
	case TypeDatetime:
		return coerceDatetime(s)
	case TypeCheckbox:
		return coerceCheckbox(s)
	case TypeSelect:
		return matchOption(opts, s, mode)
	case TypeMultiselect:
		return coerceMulti(opts, s, mode)
	case TypePhone:
		r, err := phonenum.Parse(s, region)
		if err != nil {
			return "", fmt.Errorf("%w: %w", ErrInvalidValue, err)
		}
		return r.E164, nil
	case TypeEmail:
		a, err := emailaddr.Normalize(s)
		if err != nil {
			return "", fmt.Errorf("%w: %w", ErrInvalidValue, err)
		}
		return a, nil
	case TypeURL:
		return coerceURL(s)
	}
	return "", fmt.Errorf("%w %q", ErrInvalidType, clip(string(t)))
}

// coerceText normalises trimmed text: line breaks become "\n" in a textarea
// and a space in a text, as do tabs in a text; other control characters are
// refused; the result is NFC and trimmed.
func coerceText(s string, multiline bool) (string, error) {
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch {
		case r == '\r' && i+1 < len(s) && s[i+1] == '\n':
			// the "\n" that follows writes the line break
		case r == '\r' || r == '\n':
			if multiline {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		case r == '\t':
			if multiline {
				b.WriteByte('\t')
			} else {
				b.WriteByte(' ')
			}
		case unicode.IsControl(r):
			return "", invalid("control character %U", r)
		default:
			b.WriteRune(r)
		}
	}
	c := strings.TrimSpace(norm.NFC.String(b.String()))
	limit := MaxTextLen
	if multiline {
		limit = MaxTextareaLen
	}
	if n := runeLen(c); n > limit {
		return "", invalid("too long: %d characters, at most %d", n, limit)
	}
	return c, nil
}

func coerceDatetime(s string) (string, error) {
	if len(s) > 10 && s[10] == ' ' {
		s = s[:10] + "T" + s[11:] // RFC 3339 §5.6 allows a space
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		if _, err2 := time.Parse("2006-01-02T15:04:05.999999999", s); err2 == nil {
			return "", invalid("no time zone offset: add Z or ±hh:mm")
		}
		return "", invalid("not a date and time: want RFC 3339, e.g. 2006-01-02T15:04:05Z")
	}
	t = t.UTC()
	if y := t.Year(); y < 1 || y > 9999 {
		return "", invalid("year out of range")
	}
	return t.Format(time.RFC3339Nano), nil
}

// checkboxWords are the accepted spellings of a checkbox, lower case.
var checkboxWords = map[string]bool{
	"true": true, "t": true, "yes": true, "y": true, "1": true, "on": true, "checked": true,
	"oui": true, "vrai": true,
	"false": false, "f": false, "no": false, "n": false, "0": false, "off": false, "unchecked": false,
	"non": false, "faux": false,
}

func coerceCheckbox(s string) (string, error) {
	b, ok := checkboxWords[strings.ToLower(s)]
	if !ok {
		return "", invalid("not a checkbox: want true/false, yes/no, 1/0, on/off or oui/non")
	}
	return strconv.FormatBool(b), nil
}

// matchOption returns the option value that trimmed input s names.
func matchOption(opts []Option, s string, mode matchMode) (string, error) {
	s = norm.NFC.String(s)
	if mode == matchAny {
		if msg := optionValueProblem(s); msg != "" {
			return "", invalid("option value %s", msg)
		}
		return s, nil
	}
	i := slices.IndexFunc(opts, func(o Option) bool { return o.Value == s })
	if i < 0 {
		i = slices.IndexFunc(opts, func(o Option) bool { return strings.EqualFold(o.Value, s) })
	}
	if i < 0 && mode == matchVisible {
		// A label names an option when no value does and only one visible
		// option has that label.
		for j, o := range opts {
			if !o.Hidden && o.Label != "" && strings.EqualFold(strings.TrimSpace(o.Label), s) {
				if i >= 0 {
					return "", invalid("%q is the label of several options", clip(s))
				}
				i = j
			}
		}
	}
	if i < 0 {
		return "", invalid("%q is not an option: want %s", clip(s), optionList(opts))
	}
	if opts[i].Hidden && mode == matchVisible {
		return "", invalid("option %q is hidden", opts[i].Value)
	}
	return opts[i].Value, nil
}

// optionList lists the visible option values for an error message.
func optionList(opts []Option) string {
	const maxListed = 10
	var b strings.Builder
	n := 0
	for _, o := range opts {
		if o.Hidden {
			continue
		}
		if n == maxListed {
			b.WriteString(", …")
			break
		}
		if n > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(o.Value))
		n++
	}
	if n == 0 {
		return "no option is visible"
	}
	return "one of " + b.String()
}

// isMultiSep reports whether r separates the options of a multiselect input.
func isMultiSep(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' }

func coerceMulti(opts []Option, s string, mode matchMode) (string, error) {
	var set []string
	for part := range strings.FieldsFuncSeq(s, isMultiSep) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		v, err := matchOption(opts, part, mode)
		if err != nil {
			return "", err
		}
		set = append(set, v)
	}
	slices.Sort(set)
	set = slices.Compact(set)
	return strings.Join(set, multiSep), nil
}

// coerceURL returns the canonical form of an absolute http or https URL:
// lower-case scheme and host, no default port, "/" for an empty path. The
// normalisation is applied until it is stable, so that it is idempotent.
func coerceURL(s string) (string, error) {
	if len(s) > maxURLLen {
		return "", invalid("too long: at most %d bytes", maxURLLen)
	}
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return "", invalid("URL contains spaces or control characters")
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s // "example.com/page": a web address without its scheme
	}
	c, err := normalizeURL(s)
	if err != nil {
		return "", err
	}
	for range 2 {
		next, err := normalizeURL(c)
		if err != nil {
			return "", err
		}
		if next == c {
			if len(c) > maxURLLen {
				return "", invalid("too long: at most %d bytes", maxURLLen)
			}
			return c, nil
		}
		c = next
	}
	return "", invalid("URL has no stable canonical form")
}

func normalizeURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", invalid("not a URL: %v", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", invalid("not a web address: want http or https")
	}
	if u.Opaque != "" || u.Host == "" {
		return "", invalid("not a URL: no host")
	}
	if u.User != nil {
		return "", invalid("URL contains credentials")
	}
	host, err := normalizeHost(u.Hostname())
	if err != nil {
		return "", err
	}
	port := u.Port()
	if port != "" {
		p, err := strconv.ParseUint(port, 10, 16)
		if err != nil || p == 0 {
			return "", invalid("bad port %q", clip(port))
		}
		port = strconv.FormatUint(p, 10)
		if u.Scheme == "http" && p == 80 || u.Scheme == "https" && p == 443 {
			port = ""
		}
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	u.Host = host
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	u.ForceQuery = u.ForceQuery && u.RawQuery != ""
	return u.String(), nil
}

// normalizeHost checks a host name or IP address and returns it lower case.
// Internationalised names must be given in their ASCII form ("xn--…").
func normalizeHost(h string) (string, error) {
	if strings.Contains(h, ":") {
		a, err := netip.ParseAddr(h)
		if err != nil || !a.Is6() || a.Zone() != "" {
			return "", invalid("bad IPv6 address %q", clip(h))
		}
		return a.String(), nil
	}
	if a, err := netip.ParseAddr(h); err == nil {
		return a.String(), nil
	}
	h = strings.ToLower(strings.TrimSuffix(h, "."))
	if len(h) > 253 {
		return "", invalid("host name too long")
	}
	labels := strings.Split(h, ".")
	if len(labels) < 2 {
		return "", invalid("host %q is not a domain name", clip(h))
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return "", invalid("host %q is not a domain name", clip(h))
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return "", invalid("host %q is not an ASCII domain name", clip(h))
			}
		}
	}
	if tld := labels[len(labels)-1]; strings.Trim(tld, "0123456789") == "" {
		return "", invalid("host %q is not a domain name", clip(h))
	}
	return h, nil
}
