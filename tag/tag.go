package tag

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/contactkit/contactkit/internal/inputtext"
	"github.com/contactkit/contactkit/internal/must"
)

// MaxNameLength is the greatest number of characters (Unicode code points,
// after normalisation) in a tag name.
const MaxNameLength = 100

// maxNameInput is the longest input ParseName reads, in bytes: a name of
// MaxNameLength characters, each a base and combining marks, with white
// space and invisible characters around, fits well within it. A longer input
// is refused as ErrTooLong before it is read.
const maxNameInput = 4096

// ErrInvalidName is the category of every error about a tag name.
var ErrInvalidName = errors.New("invalid tag name")

// The reasons a name is refused. The Err of every *ParseError wraps
// ErrInvalidName and one of these.
var (
	// ErrEmpty: the name is empty after normalisation.
	ErrEmpty = errors.New("empty")
	// ErrTooLong: the name has more than MaxNameLength characters.
	ErrTooLong = errors.New("longer than " + strconv.Itoa(MaxNameLength) + " characters")
	// ErrCharacter: the name holds a comma, a control character or invalid
	// UTF-8.
	ErrCharacter = errors.New("forbidden character")
)

// ParseError records why a tag name was refused, as strconv.NumError does
// for numbers.
type ParseError struct {
	Input string // the name as given
	Err   error  // the reason; wraps ErrInvalidName and ErrEmpty, ErrTooLong or ErrCharacter
}

// Error returns the message, like `tag: parse name "x": invalid tag name:
// empty`. A long input is quoted by its first 40 bytes, followed by "…" and
// its length.
func (e *ParseError) Error() string {
	return "tag: parse name " + inputtext.Quote(e.Input) + ": " + e.Err.Error()
}

// Unwrap returns e.Err.
func (e *ParseError) Unwrap() error { return e.Err }

// Name is a normalised tag name. It keeps the spelling it was given; two
// Names are the same tag when their Keys are equal. == compares spellings.
// The zero Name is no name.
type Name struct {
	s   string // the spelling
	key string // the case-folded identity, computed once
}

// ParseName normalises s into a Name: invisible and bidirectional
// formatting characters (Unicode category Cf: zero-width spaces and joiners,
// direction marks, embeddings, overrides and isolates, the soft hyphen, the
// byte order mark, …; a zero-width joiner or non-joiner stays only between
// two visible non-ASCII characters, as in an emoji sequence) and the other
// default-ignorable characters, drawn as nothing (the combining grapheme
// joiner U+034F, the Hangul fillers, every code point of the tag
// block U+E0000–U+E007F, …) removed,
// surrounding white space trimmed, inner runs
// of white space (spaces, no-break spaces, …) replaced by one space, Unicode
// NFC. A name made only of such characters is empty. It
// refuses, with a *ParseError wrapping ErrInvalidName, a
// name that is empty after that, longer than MaxNameLength characters, or
// that holds invalid UTF-8, a comma or a control character (so a tab or a
// newline inside the name; see Parse to split typed input).
func ParseName(s string) (Name, error) {
	if n, ok := plainName(s); ok {
		return n, nil
	}
	return parseName(s)
}

// plainName returns the Name of s when s is printable ASCII already in the
// form that ParseName gives a name (no space at either end, none doubled,
// no comma), as most tags are typed: parseName's answer without its passes
// over the text, which would give s itself. FuzzPlainName compares the two.
func plainName(s string) (Name, bool) {
	if s == "" || len(s) > MaxNameLength || s[0] == ' ' || s[len(s)-1] == ' ' {
		return Name{}, false
	}
	for i := 0; i < len(s); i++ {
		// s[i+1] is there: s does not end with a space.
		if c := s[i]; c < ' ' || c > '~' || c == ',' || c == ' ' && s[i+1] == ' ' {
			return Name{}, false
		}
	}
	// A copy, as parseName makes: s may be a part of a longer input (a
	// list of tags, a row of a file), which a kept Name would keep whole.
	n := strings.Clone(s)
	return Name{s: n, key: strings.ToLower(n)}, true
}

// parseName is ParseName for any input.
func parseName(s string) (Name, error) {
	fail := func(reason error, detail string) (Name, error) {
		if detail != "" {
			detail = " " + detail
		}
		return Name{}, &ParseError{Input: s, Err: fmt.Errorf("%w: %w%s", ErrInvalidName, reason, detail)}
	}
	if len(s) > maxNameInput {
		return fail(ErrTooLong, "")
	}
	if !utf8.ValidString(s) {
		return fail(ErrCharacter, "(invalid UTF-8)")
	}
	t := strings.TrimFunc(inputtext.StripInvisible(s), unicode.IsSpace)
	var b strings.Builder
	b.Grow(len(t))
	space := false
	for _, r := range t {
		switch {
		case r == ',' || unicode.IsControl(r):
			return fail(ErrCharacter, fmt.Sprintf("%U", r))
		case unicode.IsSpace(r):
			space = true
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	n := inputtext.NFC(b.String())
	if n == "" {
		return fail(ErrEmpty, "")
	}
	if utf8.RuneCountInString(n) > MaxNameLength {
		return fail(ErrTooLong, "")
	}
	return Name{s: n, key: foldKey(n)}, nil
}

// foldKey returns the Key of the name n: n case-folded, in NFC. Unicode
// folds no ASCII character but the upper-case letters, each to its lower
// case, and ASCII text is in NFC, so an ASCII name (most) is lowered
// without building a Caser.
func foldKey(n string) string {
	for i := 0; i < len(n); i++ {
		if n[i] >= utf8.RuneSelf {
			return norm.NFC.String(cases.Fold().String(n))
		}
	}
	return strings.ToLower(n)
}

// MustParseName is ParseName that panics on error; for constants in tests
// and examples.
func MustParseName(s string) Name {
	return must.Get(ParseName(s))
}

// String returns the spelling of n, or "" for the zero Name.
func (n Name) String() string { return n.s }

// IsZero reports whether n is the zero Name.
func (n Name) IsZero() bool { return n.s == "" }

// Key returns the case-insensitive identity of n: its spelling folded with
// golang.org/x/text/cases.Fold, in NFC. Names with equal Keys are the same
// tag. The zero Name's Key is "".
func (n Name) Key() string { return n.key }

// MarshalText implements encoding.TextMarshaler: the spelling, or empty
// text for the zero Name.
func (n Name) MarshalText() ([]byte, error) { return []byte(n.s), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseName. Empty
// text gives the zero Name; on error, *n is left unchanged.
func (n *Name) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*n = Name{}
		return nil
	}
	v, err := ParseName(string(text))
	if err != nil {
		return err
	}
	*n = v
	return nil
}

// isSeparator reports whether r ends a name in typed input: a comma, a tab
// or a newline (LF or CR, so CRLF too). A comma is also the one the comma
// key types in other layouts: the full-width "，" of a Chinese input
// method, the ideographic "、" of a Japanese one, the Arabic "،".
func isSeparator(r rune) bool {
	switch r {
	case ',', '\t', '\n', '\r', '，', '、', '،':
		return true
	}
	return false
}

// Parse reads typed tag input: it splits input on commas (also "，", "、"
// and "،", typed by the comma key of Chinese, Japanese and Arabic
// layouts), tabs and newlines, normalises each part with ParseName, drops the empty parts, and
// removes duplicates by Key, keeping the first spelling. The names are in
// the order of the input; nil when there is none.
//
// A part that is invalid for another reason than being empty (too long, a
// control character, invalid UTF-8) is left out, and reported: the error
// joins one *ParseError per such part, each wrapping ErrInvalidName. The
// valid names are returned alongside that error, so a caller may keep them
// or refuse the whole input.
//
// Parse applies DefaultLimits: an input over MaxInputLen bytes or
// with more than MaxPerCall names is refused whole, before any name is
// parsed, with a *LimitError wrapping ErrTooMany and no names. Parse costs
// O(len(input)). Limits.Parse reads with other limits, and several strings
// as one call.
func Parse(input string) ([]Name, error) {
	return Limits{}.Parse(input) // the zero Limits: the defaults, whatever DefaultLimits holds
}

// Tag is a tag of a workspace: created when a name is first assigned, and
// deleted only explicitly: removing it from a contact does not delete it.
// The store scopes it by workspace and
// identifies it by Name.Key.
type Tag struct {
	Name      Name
	CreatedAt time.Time
	// Version is the optimistic-concurrency version, set by the store.
	Version int64
}
