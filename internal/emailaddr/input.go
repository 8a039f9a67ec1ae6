package emailaddr

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"github.com/contactkit/contactkit/internal/inputtext"
)

// NormalizeInput returns the address p.NormalizeInput reads in input,
// without the display name: for custom fields of type email, which keep
// only the address.
func NormalizeInput(input string, p Policy) (string, error) {
	addr, _, err := p.NormalizeInput(input)
	return addr, err
}

// NormalizeInput reads what a person pastes or types where one address is
// expected, reduces it to the bare address where that is
// unambiguous, and returns the canonical address and the display name that
// came with it ("" when none):
//
//   - invisible characters (zero-width spaces, the byte order mark, …) are
//     removed and surrounding white space is trimmed;
//   - a name and an address in angle brackets ("Ann Lee <ann@example.com>",
//     `"Lee, Ann" <ann@example.com>`) give the address and the name,
//     unquoted;
//   - a mailto: URI ("mailto:ann@example.com?subject=Hi") gives its address,
//     percent-decoded, without its query;
//   - one trailing dot of the domain ("ann@example.com.") is dropped;
//   - one list separator after the address (";" or ","), as Outlook copies
//     a recipient ("Ann Lee <ann@example.com>;"), is dropped;
//   - the full-width "＠", "＜" and "＞" of a CJK keyboard are read as "@",
//     "<" and ">" when the input has no "@", "<" or ">" (and the domain's
//     full-width forms as its ordinary ones, see Normalize).
//
// Input with more than one address ("a@x.com, b@y.com") is refused with
// ErrSeveral, and unbalanced angle brackets or quotes, or text after the
// bracketed address, with ErrBrackets. The address itself is then checked
// as Normalize does. Input over MaxInputLength bytes is refused before it
// is read. NormalizeInput of a canonical address returns it unchanged.
func (p Policy) NormalizeInput(input string) (addr, display string, err error) {
	if len(input) > MaxInputLength {
		return "", "", fail(ErrTooLong, "input longer than "+strconv.Itoa(MaxInputLength)+" bytes")
	}
	s := input
	if inputtext.IndexInvisible(s) >= 0 {
		s = strings.Map(func(r rune) rune {
			if inputtext.Invisible(r) {
				return -1
			}
			return r
		}, s)
	}
	s = strings.TrimSpace(s)
	// The full-width marks of a CJK keyboard, when the input has none of
	// their ASCII forms (a display name may hold them: "Ann＠Home
	// <ann@example.com>"). ASCII input, most of it, has none: a search of
	// it for a set of runes costs a search for each.
	if !isASCII(s) {
		if strings.Contains(s, "＠") && !strings.Contains(s, "@") {
			s = strings.ReplaceAll(s, "＠", "@")
		}
		if strings.ContainsAny(s, "＜＞") && !strings.ContainsAny(s, "<>") {
			s = fullWidthBrackets.Replace(s)
		}
	}
	if t, ok := strings.CutSuffix(s, ";"); ok {
		s = strings.TrimSpace(t)
	} else if t, ok := strings.CutSuffix(s, ","); ok {
		s = strings.TrimSpace(t)
	}
	if s == "" {
		return "", "", fail(ErrEmpty, "empty")
	}
	open, close := strings.Count(s, "<"), strings.Count(s, ">")
	switch {
	case open == 0 && close == 0:
		addr = s
	case open == 1 && close == 1 && strings.IndexByte(s, '<') < strings.IndexByte(s, '>'):
		lt, gt := strings.IndexByte(s, '<'), strings.IndexByte(s, '>')
		if after := strings.TrimSpace(s[gt+1:]); after != "" {
			if strings.Contains(after, "@") {
				return "", "", fail(ErrSeveral, "text with an @ after the address")
			}
			return "", "", fail(ErrBrackets, "text after the closing bracket")
		}
		addr = strings.TrimSpace(s[lt+1 : gt])
		display, err = displayName(strings.TrimSpace(s[:lt]))
		if err != nil {
			return "", "", err
		}
	default:
		if open > 1 && open == close {
			return "", "", fail(ErrSeveral, "several bracketed addresses")
		}
		return "", "", fail(ErrBrackets, "unbalanced angle brackets")
	}
	if len(addr) >= len("mailto:") && strings.EqualFold(addr[:len("mailto:")], "mailto:") {
		addr = addr[len("mailto:"):]
		if i := strings.IndexAny(addr, "?#"); i >= 0 {
			addr = addr[:i]
		}
		if strings.Contains(addr, "%") {
			u, uerr := url.PathUnescape(addr)
			if uerr != nil {
				return "", "", fail(ErrLocalPart, "bad percent-encoding in mailto: URI")
			}
			addr = u
		}
	}
	if strings.Count(addr, "@") > 1 && strings.ContainsFunc(addr, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) }) {
		return "", "", fail(ErrSeveral, "several addresses")
	}
	if strings.HasSuffix(addr, ".") && !strings.HasSuffix(addr, "..") && strings.Contains(addr[strings.LastIndexByte(addr, '@')+1:], ".") {
		addr = addr[:len(addr)-1] // the root of the DNS: "example.com."
	}
	if display != "" && strings.EqualFold(display, addr) {
		display = "" // `ann@example.com <ann@example.com>`, as some clients write
	} else if strings.Contains(display, "@") && !quoted(s) {
		return "", "", fail(ErrSeveral, "an address in the name and another in brackets")
	}
	a, err := p.Normalize(addr)
	if err != nil {
		return "", "", err
	}
	return a, display, nil
}

// fullWidthBrackets replaces the full-width angle brackets.
var fullWidthBrackets = strings.NewReplacer("＜", "<", "＞", ">")

// quoted reports whether s starts with a quoted display name.
func quoted(s string) bool { return strings.HasPrefix(s, `"`) }

// displayName unquotes the display name before an address in brackets: a
// quoted string (with \" and \\ escapes) or plain words.
func displayName(s string) (string, error) {
	if !strings.HasPrefix(s, `"`) {
		if strings.Contains(s, `"`) {
			return "", fail(ErrBrackets, "unbalanced quotes")
		}
		return s, nil
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '"':
			if strings.TrimSpace(s[i+1:]) != "" {
				return "", fail(ErrBrackets, "text after the quoted name")
			}
			return strings.TrimSpace(b.String()), nil
		default:
			b.WriteByte(c)
		}
	}
	return "", fail(ErrBrackets, "unbalanced quotes")
}
