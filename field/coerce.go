package field

import (
	"cmp"
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

// Default length limits of text values, in characters (runes) after
// normalisation. Limits may raise them, up to MaxValueLen.
const (
	MaxTextLen     = 255
	MaxTextareaLen = 10000
	// MaxValueLen is the ceiling of every length limit, in characters:
	// Limits above it are lowered to it, and ParseValue and CheckValue,
	// which read stored values without knowing the host's Limits, accept
	// text up to it.
	MaxValueLen = 65536
	maxURLLen   = 2048
	// Bounds in bytes of trimmed input of the other types, checked before
	// any parsing: far above any valid value.
	maxPhoneInput    = 256
	maxShortInput    = 64 // date, datetime, checkbox
	maxOptionInput   = 4096
	maxBytesPerRune  = 16 // bytes of input a character of text may come from
	maxTextInputSlop = 1024
)

// maxMultiInput bounds the input of a multiselect, in bytes: a value of
// MaxValueLen characters (see coerceMulti), and room around its options.
const maxMultiInput = MaxValueLen*utf8.UTFMax + maxTextInputSlop

// ErrTooLong is wrapped, next to ErrInvalidValue, by the error of a value
// over its length limit. It is the same error as contact.ErrTooLong.
var ErrTooLong = emailaddr.ErrTooLong

// Limits bound the length of text values, in characters after
// normalisation. A zero field means its default (MaxTextLen,
// MaxTextareaLen); a field above MaxValueLen means MaxValueLen.
type Limits struct {
	Text     int // a text value
	Textarea int // a textarea value
}

// DefaultLimits spells out the limits Coerce applies, for reading. The
// package never reads it: the zero Limits and every zero field mean the
// defaults, so changing DefaultLimits changes nothing.
var DefaultLimits = Limits{Text: MaxTextLen, Textarea: MaxTextareaLen}

// WithDefaults returns l with every zero or negative field set to its
// default and every field above MaxValueLen lowered to it.
func (l Limits) WithDefaults() Limits {
	fix := func(n, def int) int {
		if n <= 0 {
			return def
		}
		return min(n, MaxValueLen)
	}
	return Limits{Text: fix(l.Text, MaxTextLen), Textarea: fix(l.Textarea, MaxTextareaLen)}
}

// CoerceOptions are the settings of Definition.CoerceWith. The zero value
// assumes no phone region, applies DefaultLimits and accepts international
// email addresses.
type CoerceOptions struct {
	// DefaultRegion (ISO 3166-1 alpha-2, e.g. "FR") is used to read
	// national phone numbers; other types ignore it.
	DefaultRegion string
	// Limits bound text and textarea values; the zero Limits means
	// DefaultLimits.
	Limits Limits
	// ASCIIEmail refuses international email addresses (non-ASCII local
	// parts and domains) in email values, as contact.EmailASCII does.
	ASCIIEmail bool
	// HiddenOptions accepts a hidden option named by its value (not by
	// its label), as stored values hold it: for reading back what an
	// export wrote, so that a contact holding a hidden option round-trips.
	// New input typed by users leaves it false.
	HiddenOptions bool
	// Held is the value the contact holds for the field, if any: the hidden
	// options it holds stay valid when sent back (F1), as an edit form
	// sends every field it shows and a multiselect gains an option beside
	// them. Other hidden options are refused.
	Held Value
	// DateOrder reads date values as ParseDateIn does in that order: with
	// DayFirst or MonthFirst, as files write them ("04/12/1990", "12 April
	// 1990"); the zero value reads ISO 8601 dates only.
	DateOrder DateOrder
	// Decimal reads number and monetary values of a file whose decimal
	// mark is that one, as an import reads it: with DecimalComma "1,234"
	// is 1.234, with DecimalPoint 1234; a value that only the other mark
	// reads ("1.5", "1000,25": see DecimalOf) is read with it. The zero
	// value, DecimalUnknown, reads the mark from each value and refuses
	// "1,234" as ambiguous.
	Decimal DecimalMark
	// Location reads a date and time without an offset
	// ("2024-05-01T10:30:00", as a spreadsheet holds one, or without its
	// seconds, "2024-05-01 10:30") as a time of that location; nil refuses
	// it, since the instant it stands for is unknown.
	Location *time.Location
}

// Coerce converts raw, a string typed by a user or read from an import
// cell, to a Value of d's type, in canonical form. defaultRegion (ISO 3166-1
// alpha-2, e.g. "FR") is used to read national phone numbers; other types
// ignore it. Coerce applies DefaultLimits; CoerceWith takes other settings.
//
// Blank raw (empty or white space) gives the zero Value and no error: the
// caller decides whether a blank clears a value. Otherwise the error is an
// *Error wrapping ErrInvalidValue that says why (and ErrTooLong for a value
// over its limit). The accepted forms of each type are listed in the
// package documentation. A hidden option is refused: it stays valid in
// stored values but cannot be chosen again (CoerceOptions.Held accepts
// those a contact holds). Every input is bounded: one far
// longer than any valid value is refused before it is read.
//
// For every Value v that Coerce returns, d.Coerce(v.String(), region)
// returns v again.
func (d Definition) Coerce(raw, defaultRegion string) (Value, error) {
	return d.CoerceWith(raw, CoerceOptions{DefaultRegion: defaultRegion})
}

// CoerceWith is Coerce with the settings of opts: the phone region, the
// length limits of text values and the email policy.
//
// An archived definition takes no input, not even a blank one: the error
// wraps ErrArchived. With opts.HiddenOptions, a hidden option given by its
// value is accepted.
func (d Definition) CoerceWith(raw string, opts CoerceOptions) (Value, error) {
	if d.Archived() {
		return Value{}, &Error{Key: d.Key, Type: d.Type, Input: raw, Err: ErrArchived}
	}
	mode := matchVisible
	if opts.HiddenOptions {
		mode = matchConvert // any option by value, a visible one by label
	}
	s, err := coerce(d.Type, unhide(d.Options, opts.Held), raw, opts.config(), mode)
	if err != nil {
		return Value{}, &Error{Key: d.Key, Type: d.Type, Input: raw, Err: err}
	}
	return newValue(d.Type, s), nil
}

func (o CoerceOptions) config() config {
	return config{region: o.DefaultRegion, lim: o.Limits.WithDefaults(), ascii: o.ASCIIEmail, dates: o.DateOrder, decimal: o.Decimal, loc: o.Location}
}

// config is the settings of one coercion.
type config struct {
	region  string
	lim     Limits // with defaults
	ascii   bool   // ASCII email addresses only
	dates   DateOrder
	decimal DecimalMark
	loc     *time.Location // of a date and time without an offset; nil refuses it
}

// storedConfig reads stored values: text up to the ceiling, any address.
var storedConfig = config{lim: Limits{Text: MaxValueLen, Textarea: MaxValueLen}}

// ParseValue reads s, normally the String of a stored Value, as a Value of
// type t without a definition: for a Store adapter that keeps the type and
// the canonical text of each value. It accepts the same forms as Coerce,
// except that phone numbers must be international ("+33…") and that select
// and multiselect values are taken as option values without checking them
// against options (CheckValue and Validate do that), and that text is
// accepted up to MaxValueLen characters, whatever the Limits it was typed
// under. Errors are *Error
// wrapping ErrInvalidValue, or ErrInvalidType for an unknown t.
func ParseValue(t Type, s string) (Value, error) {
	c, err := coerce(t, nil, s, storedConfig, matchAny)
	if err != nil {
		return Value{}, &Error{Type: t, Input: s, Err: err}
	}
	return newValue(t, c), nil
}

// CheckValue reports whether v is a valid stored value of d: nil when it is,
// else an *Error. The zero Value is valid unless d requires a value
// (Requires; ErrRequired): an archived definition requires none. Otherwise
// v must have d's type and be in canonical form (as Coerce would return it;
// text up to MaxValueLen characters, whatever the Limits it was typed
// under), and a select or multiselect value must name options of d, hidden
// ones included (ErrInvalidValue). The values of an archived definition
// stay valid.
func (d Definition) CheckValue(v Value) error {
	if v.IsZero() {
		if d.Requires() {
			return &Error{Key: d.Key, Type: d.Type, Err: ErrRequired}
		}
		return nil
	}
	if v.typ != d.Type {
		return &Error{Key: d.Key, Type: d.Type, Input: v.String(),
			Err: invalid("a %s value, want %s", v.typ, d.Type)}
	}
	c, err := coerce(d.Type, d.Options, v.String(), storedConfig, matchStored)
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
	matchConvert                  // a converted value: any option by value, a visible one by label
)

// coerce returns the canonical form of raw as a value of type t, "" for a
// blank raw, or a reason error wrapping ErrInvalidValue.
func coerce(t Type, opts []Option, raw string, cfg config, mode matchMode) (string, error) {
	if max := maxInput(t, cfg.lim); len(raw) > max {
		// Refused before anything reads it, white space included.
		return "", tooLong("%d bytes, at most %d", len(raw), max)
	}
	if !utf8.ValidString(raw) {
		return "", invalid("not valid UTF-8")
	}
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", nil
	}
	switch t {
	case TypeText:
		return coerceText(s, false, cfg.lim.Text)
	case TypeTextarea:
		return coerceText(s, true, cfg.lim.Textarea)
	case TypeNumber:
		return coerceDecimal(s, false, cfg.decimal)
	case TypeMonetary:
		return coerceDecimal(s, true, cfg.decimal)
	case TypeDate:
		d, err := parseDateIn(s, cfg.dates)
		if err != nil {
			return "", err
		}
		return d.String(), nil
	case TypeDatetime:
		return coerceDatetime(s, cfg.loc)
	case TypeCheckbox:
		return coerceCheckbox(s)
	case TypeSelect:
		return matchOption(opts, s, mode)
	case TypeMultiselect:
		return coerceMulti(opts, s, mode)
	case TypePhone:
		e164, err := phonenum.ParseE164(s, cfg.region)
		if err != nil {
			return "", fmt.Errorf("%w: %w", ErrInvalidValue, err)
		}
		return e164, nil
	case TypeEmail:
		a, err := emailaddr.NormalizeInput(s, emailPolicy(cfg.ascii))
		if err != nil {
			return "", fmt.Errorf("%w: %w", ErrInvalidValue, err)
		}
		return a, nil
	case TypeURL:
		return coerceURL(s)
	}
	return "", fmt.Errorf("%w %q", ErrInvalidType, clip(string(t)))
}

// maxInput is the longest raw input of type t read at all, in bytes.
func maxInput(t Type, lim Limits) int {
	switch t {
	case TypeText:
		return lim.Text*maxBytesPerRune + maxTextInputSlop
	case TypeTextarea:
		return lim.Textarea*maxBytesPerRune + maxTextInputSlop
	case TypeNumber, TypeMonetary:
		return maxDecimalInput + maxTextInputSlop
	case TypeDate, TypeDatetime, TypeCheckbox:
		return maxShortInput + maxTextInputSlop
	case TypeSelect:
		return maxOptionInput + maxTextInputSlop
	case TypeMultiselect:
		return maxMultiInput
	case TypePhone:
		return maxPhoneInput + maxTextInputSlop
	case TypeEmail:
		return emailaddr.MaxInputLength + maxTextInputSlop
	case TypeURL:
		return maxURLLen + maxTextInputSlop
	}
	return maxTextInputSlop
}

// tooLong returns a reason error wrapping ErrInvalidValue and ErrTooLong.
func tooLong(format string, args ...any) error {
	return fmt.Errorf("%w: %w: "+format, append([]any{ErrInvalidValue, ErrTooLong}, args...)...)
}

// coerceText normalises trimmed text: line breaks become "\n" in a textarea
// and a space in a text, as do tabs in a text; other control characters are
// refused; the result is NFC and trimmed, at most limit characters.
func coerceText(s string, multiline bool, limit int) (string, error) {
	if plainASCII(s) {
		// Nothing to replace, drop or trim, and ASCII is in NFC: most
		// values, kept as given rather than copied.
		if n := len(s); n > limit {
			return "", tooLong("%d characters, at most %d", n, limit)
		}
		return s, nil
	}
	return coerceAnyText(s, multiline, limit)
}

// coerceAnyText is coerceText without its shortcut.
func coerceAnyText(s string, multiline bool, limit int) (string, error) {
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
	if n := runeLen(c); n > limit {
		return "", tooLong("%d characters, at most %d", n, limit)
	}
	return c, nil
}

// plainASCII reports whether s is printable ASCII (spaces included: no
// control character, tab or line break) that neither starts nor ends with a
// space.
func plainASCII(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' {
			return false
		}
	}
	return true
}

func coerceDatetime(s string, loc *time.Location) (string, error) {
	if len(s) > 10 && (s[10] == ' ' || s[10] == 't') {
		s = s[:10] + "T" + s[11:] // RFC 3339 §5.6 allows a space, and "t"
	}
	if strings.HasSuffix(s, "z") {
		s = s[:len(s)-1] + "Z" // and "z"
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err == nil && !offsetInRange(s) {
		return "", invalid("time zone offset out of range: want -23:59 to +23:59")
	}
	if err != nil {
		local, err2 := time.ParseInLocation("2006-01-02T15:04:05.999999999", s, cmp.Or(loc, time.UTC))
		if err2 != nil {
			local, err2 = time.ParseInLocation("2006-01-02T15:04", s, cmp.Or(loc, time.UTC))
		}
		switch {
		case err2 == nil && loc != nil:
			t = local
		case err2 == nil:
			return "", invalid("no time zone offset: add Z or ±hh:mm")
		default:
			return "", invalid("not a date and time: want RFC 3339, e.g. 2006-01-02T15:04:05Z")
		}
	}
	t = t.UTC()
	if y := t.Year(); y < 1 || y > 9999 {
		return "", invalid("year out of range")
	}
	return t.Format(time.RFC3339Nano), nil
}

// offsetInRange reports whether the offset that ends s, a time that
// time.Parse read as RFC 3339, if it has one ("+02:00"), has hours 00 to
// 23 and minutes 00 to 59, as RFC 3339 writes them: time.Parse takes
// "+24:00" and "+23:60".
func offsetInRange(s string) bool {
	n := len(s)
	if n < 6 || s[n-6] != '+' && s[n-6] != '-' {
		return true // "Z"
	}
	return s[n-5:n-3] <= "23" && s[n-2:] <= "59"
}

// checkboxWords are the accepted spellings of a checkbox, lower case:
// with TRUE and FALSE, VRAI and FAUX, WAHR and FALSCH are what Excel
// saves a boolean cell as in English, French and German.
var checkboxWords = map[string]bool{
	"true": true, "t": true, "yes": true, "y": true, "1": true, "on": true, "checked": true,
	"oui": true, "vrai": true, "wahr": true,
	"false": false, "f": false, "no": false, "n": false, "0": false, "off": false, "unchecked": false,
	"non": false, "faux": false, "falsch": false,
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
		if err := optionValueProblem(s); err != nil {
			return "", invalid("option value %w", err)
		}
		return s, nil
	}
	i := slices.IndexFunc(opts, func(o Option) bool { return o.Value == s })
	if i < 0 {
		i = slices.IndexFunc(opts, func(o Option) bool { return strings.EqualFold(o.Value, s) })
	}
	if i < 0 && (mode == matchVisible || mode == matchConvert) {
		// A label names an option when no value does and only one visible
		// option has that label. Labels need not be in NFC, as s is.
		for j, o := range opts {
			if !o.Hidden && o.Label != "" && strings.EqualFold(optionLabel(o), s) {
				if i >= 0 {
					return "", invalid("%q is the label of several options", clip(s))
				}
				i = j
			}
		}
	}
	return option(opts, i, s, mode)
}

// optionLabel returns the label of o as an input names it: trimmed, in NFC.
func optionLabel(o Option) string { return norm.NFC.String(strings.TrimSpace(o.Label)) }

// option returns the value of opts[i], the option the input s names, or
// why s names none: i is -1, or the option is hidden and mode refuses it.
func option(opts []Option, i int, s string, mode matchMode) (string, error) {
	if i < 0 {
		return "", invalid("%q is not an option: want %s", clip(s), optionList(opts))
	}
	if opts[i].Hidden && mode == matchVisible {
		return "", invalid("option %q is hidden", clip(opts[i].Value))
	}
	return opts[i].Value, nil
}

// unhide returns opts with the hidden options that held holds made
// visible: opts itself when held holds none.
func unhide(opts []Option, held Value) []Option {
	if held.IsZero() || !slices.ContainsFunc(opts, func(o Option) bool { return o.Hidden }) {
		return opts // the usual case: nothing to read of held
	}
	values := held.Options()
	if !slices.ContainsFunc(opts, func(o Option) bool { return o.Hidden && slices.Contains(values, o.Value) }) {
		return opts
	}
	opts = slices.Clone(opts)
	for i, o := range opts {
		if o.Hidden && slices.Contains(values, o.Value) {
			opts[i].Hidden = false
		}
	}
	return opts
}

// optionList lists the visible option values for an error message: ten
// at most, each cut as an input is.
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
		b.WriteString(strconv.Quote(clip(o.Value)))
		n++
	}
	if n == 0 {
		return "no option is visible"
	}
	return "one of " + b.String()
}

// isMultiSep reports whether r separates the options of a multiselect input.
func isMultiSep(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' }

// optionIndex finds the option an input names as matchOption does, in time
// that does not grow with the options: a multiselect input names up to
// maxOptions of them, and a pass over the options for each (folding
// hundreds of long values) took seconds.
type optionIndex struct {
	opts  []Option
	value map[string]int // the first option of each value
	fold  map[string]int // the first option of each value, by foldKey
	label map[string]int // the visible option of each label, by foldKey of optionLabel; -1 for several
}

// indexedOptions is the number of options above which a multiselect input
// of several parts is read with an optionIndex: a pass over fewer costs
// less than building one.
const indexedOptions = 16

func newOptionIndex(opts []Option) *optionIndex {
	x := &optionIndex{opts: opts, value: make(map[string]int, len(opts)), fold: make(map[string]int, len(opts)), label: make(map[string]int)}
	first := func(m map[string]int, k string, i int) {
		if _, ok := m[k]; !ok {
			m[k] = i
		}
	}
	for i, o := range opts {
		first(x.value, o.Value, i)
		first(x.fold, foldKey(o.Value), i)
		if !o.Hidden && o.Label != "" {
			k := foldKey(optionLabel(o))
			if _, ok := x.label[k]; ok {
				x.label[k] = -1
			} else {
				x.label[k] = i
			}
		}
	}
	return x
}

// match is matchOption(x.opts, s, mode) for a mode other than matchAny.
func (x *optionIndex) match(s string, mode matchMode) (string, error) {
	s = norm.NFC.String(s)
	i, ok := x.value[s]
	if !ok {
		if i, ok = x.fold[foldKey(s)]; !ok {
			i = -1
		}
	}
	if i < 0 && (mode == matchVisible || mode == matchConvert) {
		if j, ok := x.label[foldKey(s)]; ok {
			if j < 0 {
				return "", invalid("%q is the label of several options", clip(s))
			}
			i = j
		}
	}
	return option(x.opts, i, s, mode)
}

// foldKey returns s with each character replaced by the least one of its
// case-folding orbit (unicode.SimpleFold): foldKey(a) == foldKey(b)
// exactly when strings.EqualFold(a, b).
func foldKey(s string) string {
	return strings.Map(func(r rune) rune {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return least
	}, s)
}

func coerceMulti(opts []Option, s string, mode matchMode) (string, error) {
	var set []string
	var idx *optionIndex // from the second part on, among many options
	for part := range strings.FieldsFuncSeq(s, isMultiSep) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if len(set) == maxOptions {
			// More names than a definition has options: each costs a
			// pass over the options.
			return "", tooLong("more than %d options", maxOptions)
		}
		if idx == nil && len(set) > 0 && len(opts) > indexedOptions && mode != matchAny {
			idx = newOptionIndex(opts)
		}
		var v string
		var err error
		if idx != nil {
			v, err = idx.match(part, mode)
		} else {
			v, err = matchOption(opts, part, mode)
		}
		if err != nil {
			return "", err
		}
		set = append(set, v)
	}
	slices.Sort(set)
	set = slices.Compact(set)
	// The text of the value, which short labels may make longer than the
	// input: it must read back, and fit where every other text does.
	n := len(multiJoin) * max(len(set)-1, 0)
	for _, v := range set {
		n += runeLen(v)
	}
	if n > MaxValueLen {
		return "", tooLong("%d characters, at most %d", n, MaxValueLen)
	}
	return strings.Join(set, multiSep), nil
}

// coerceURL returns the canonical form of an absolute http or https URL:
// lower-case scheme and host, no default port, "/" for an empty path. The
// normalisation is applied until it is stable, so that it is idempotent.
func coerceURL(s string) (string, error) {
	if len(s) > maxURLLen {
		return "", tooLong("at most %d bytes", maxURLLen)
	}
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return "", invalid("URL contains spaces or control characters")
	}
	if i := strings.Index(s, "://"); i >= 0 {
		if scheme := strings.ToLower(s[:i]); scheme != "http" && scheme != "https" {
			return "", fmt.Errorf("%w: %w: %q", ErrInvalidValue, ErrURLScheme, clip(scheme))
		}
	} else {
		if scheme, ok := otherScheme(s); ok {
			return "", fmt.Errorf("%w: %w: %q", ErrInvalidValue, ErrURLScheme, clip(scheme))
		}
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
				return "", tooLong("at most %d bytes", maxURLLen)
			}
			return c, nil
		}
		c = next
	}
	return "", invalid("URL has no stable canonical form")
}

// ErrURLScheme and ErrURLHost are wrapped, next to ErrInvalidValue, by the
// error of a URL that is not a web address: a scheme other than
// http and https ("javascript:", "data:", "mailto:", "ftp://"), or no host.
var (
	ErrURLScheme = errors.New("not a web address: want http or https")
	ErrURLHost   = errors.New("not a URL: no host")
)

// otherScheme reports whether s, which has no "://", starts with a URI
// scheme that is not a port: "javascript:alert(1)", "mailto:ann@x",
// "data:text/html,…", but not "example.com:8080/page" nor
// "localhost:8080".
func otherScheme(s string) (string, bool) {
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return "", false
	}
	scheme, rest := s[:i], s[i+1:]
	for j := 0; j < len(scheme); j++ {
		c := scheme[j]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || j > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return "", false
		}
	}
	// A host and port: digits up to the end, a "/", "?" or "#".
	port := rest
	if k := strings.IndexAny(rest, "/?#"); k >= 0 {
		port = rest[:k]
	}
	if port != "" && strings.Trim(port, "0123456789") == "" {
		return "", false
	}
	if port == "" && strings.Contains(scheme, ".") {
		return "", false // "example.com:" or "example.com:/page": an empty port
	}
	return scheme, true
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
		return "", fmt.Errorf("%w: %w: %q", ErrInvalidValue, ErrURLScheme, clip(u.Scheme))
	}
	if u.Opaque != "" || u.Host == "" {
		return "", fmt.Errorf("%w: %w", ErrInvalidValue, ErrURLHost)
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

// normalizeHost checks a host name or IP address and returns it lower case,
// an internationalised name in its ASCII form ("bücher.de" gives
// "xn--bcher-kva.de"), as an email's domain.
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
	if strings.ContainsFunc(h, func(r rune) bool { return r >= utf8.RuneSelf }) {
		a, err := emailaddr.Domain(h)
		if err != nil {
			return "", invalid("host %q is not a domain name", clip(h))
		}
		h = a
	}
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

// emailPolicy returns the address policy of a coercion.
func emailPolicy(ascii bool) emailaddr.Policy {
	if ascii {
		return emailaddr.ASCII
	}
	return emailaddr.International
}
