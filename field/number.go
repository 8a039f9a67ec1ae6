package field

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of numbers and amounts.
const (
	maxDecimalInput  = 100 // bytes of trimmed input
	maxDecimalDigits = 38  // digits but leading zeros and trailing decimal zeros
	monetaryDecimals = 2
)

// DecimalMark is the character that separates the integer part of a
// number from its decimals in a file, which a value such as "1,234" does
// not say: one point two three four where the comma is the decimal mark
// (French, German, most of Europe), one thousand two hundred and
// thirty-four where the point is (English). A spreadsheet writes the
// numbers of a file with its locale's mark.
type DecimalMark int

const (
	// DecimalUnknown reads the mark of each value from the value: the
	// last of '.' and ',' when both appear, a lone '.', a lone ',' but
	// before exactly three digits after one to three ("1,234" is refused
	// as ambiguous). See the package documentation.
	DecimalUnknown DecimalMark = iota
	// DecimalPoint reads '.' as the decimal mark and ',' as the separator
	// of thousands: "1,234" is 1234, "1,234.5" 1234.5. A value that only
	// a decimal comma reads tells its own mark, and is read so: "1,5" is
	// 1.5.
	DecimalPoint
	// DecimalComma reads ',' as the decimal mark and '.' as the separator
	// of thousands: "1,234" is 1.234, "1.234,5" 1234.5, "1.234" 1234. A
	// value that only a decimal point reads tells its own mark, and is read
	// so: "1.5" is 1.5.
	DecimalComma
)

// String returns "unknown", "point" or "comma".
func (m DecimalMark) String() string {
	switch m {
	case DecimalUnknown:
		return "unknown"
	case DecimalPoint:
		return "point"
	case DecimalComma:
		return "comma"
	}
	return "DecimalMark(" + strconv.Itoa(int(m)) + ")"
}

// Valid reports whether m is one of the declared marks.
func (m DecimalMark) Valid() bool { return m >= DecimalUnknown && m <= DecimalComma }

// DecimalOf says what s, a number or an amount as a file writes it, tells
// of the file's decimal mark: DecimalComma when only that mark reads it
// as a number ("1000,25", "1 234,5", "1.234,5", "0,5"), DecimalPoint when
// only that one does ("1000.25", "1,234.5", "0.5"), DecimalUnknown when
// both do ("1,234", "1.234", "1234", "1 234") or neither ("n/a"). Currency
// symbols are allowed, as in an amount; no limit of digits or decimals
// applies.
func DecimalOf(s string) DecimalMark {
	s = strings.TrimSpace(s)
	_, _, _, errPoint := splitDecimal(s, true, DecimalPoint)
	_, _, _, errComma := splitDecimal(s, true, DecimalComma)
	switch {
	case errPoint == nil && errComma != nil:
		return DecimalPoint
	case errComma == nil && errPoint != nil:
		return DecimalComma
	}
	return DecimalUnknown
}

// coerceDecimal reads a number (or, with monetary, an amount) whose
// decimal mark is mark and returns its canonical decimal. The accepted
// forms are documented in doc.go.
func coerceDecimal(s string, monetary bool, mark DecimalMark) (string, error) {
	neg, intPart, frac, err := readDecimal(s, monetary, mark)
	if err != nil {
		return "", err
	}
	what := "not a number"
	if monetary {
		what = "not an amount"
	}
	intPart = strings.TrimLeft(intPart, "0")
	frac = strings.TrimRight(frac, "0")
	if len(intPart)+len(frac) > maxDecimalDigits {
		return "", invalid("%s: more than %d digits", what, maxDecimalDigits)
	}
	if monetary && len(frac) > monetaryDecimals {
		return "", invalid("%s: more than %d decimals", what, monetaryDecimals)
	}
	if intPart == "" {
		intPart = "0"
	}
	if intPart == "0" && frac == "" {
		neg = false // no "-0"
	}

	// Built on the stack, and s itself when it is that already (a
	// canonical value read again) rather than a copy.
	var room [maxDecimalDigits + 4]byte
	b := room[:0]
	if neg {
		b = append(b, '-')
	}
	b = append(b, intPart...)
	if monetary {
		b = append(b, '.')
		b = append(b, frac...)
		b = append(b, "00"[len(frac):]...)
	} else if frac != "" {
		b = append(b, '.')
		b = append(b, frac...)
	}
	if string(b) == s {
		return s, nil
	}
	return string(b), nil
}

// readDecimal splits a number of a file whose decimal mark is mark into
// its sign, its integer digits and its decimals, the grouping removed:
// with mark, or, when only the other mark reads it (a value that tells
// its own mark: "1.5" in a file of decimal commas), with that one; with
// currency, a currency symbol on either side is allowed, as in an amount.
func readDecimal(s string, currency bool, mark DecimalMark) (neg bool, intPart, frac string, err error) {
	neg, intPart, frac, err = splitDecimal(s, currency, mark)
	if err != nil && (mark == DecimalPoint || mark == DecimalComma) {
		if n, i, f, otherErr := splitDecimal(s, currency, DecimalPoint+DecimalComma-mark); otherErr == nil {
			return n, i, f, nil
		}
	}
	return neg, intPart, frac, err
}

// splitDecimal is readDecimal with mark alone.
func splitDecimal(s string, currency bool, mark DecimalMark) (neg bool, intPart, frac string, err error) {
	what := "not a number"
	if currency {
		what = "not an amount"
	}
	if len(s) > maxDecimalInput {
		return false, "", "", tooLong("%s: more than %d bytes", what, maxDecimalInput)
	}

	// Sign and, for amounts, a currency symbol on either side: "-12",
	// "-$12", "$-12", "12 €", "-12,50 €".
	signed := false
	sign := func() {
		if r, n := utf8.DecodeRuneInString(s); !signed && (r == '-' || r == '+' || r == '−') {
			neg, signed = r != '+', true
			s = s[n:]
		}
	}
	sign()
	if currency {
		if r, n := utf8.DecodeRuneInString(s); unicode.Is(unicode.Sc, r) {
			s = strings.TrimLeftFunc(s[n:], unicode.IsSpace)
			sign()
		} else if r, n := utf8.DecodeLastRuneInString(s); unicode.Is(unicode.Sc, r) {
			s = strings.TrimRightFunc(s[:len(s)-n], unicode.IsSpace)
		}
	}
	if s == "" {
		return false, "", "", invalid("%s", what)
	}

	// Classify the separators.
	var dots, commas, groups int // groups: spaces and apostrophes
	var group rune               // the one grouping character in use, if any
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			// a digit
		case r == '.':
			dots++
		case r == ',':
			commas++
		case isGroupSpace(r) || r == '\'' || r == '’':
			groups++
			if isGroupSpace(r) {
				r = ' '
			}
			if r == '’' {
				r = '\''
			}
			if group != 0 && group != r {
				return false, "", "", invalid("%s: mixed digit grouping", what)
			}
			group = r
		default:
			return false, "", "", invalid("%s", what)
		}
	}

	// decimal is the decimal separator, 0 if none; grouping the separator of
	// thousands, 0 if none.
	decimal, grouping, err := separators(s, what, mark, dots, commas, groups, group)
	if err != nil {
		return false, "", "", err
	}

	intRaw := s
	if decimal != 0 {
		i := strings.IndexRune(s, decimal)
		intRaw, frac = s[:i], s[i+1:]
	}
	if strings.ContainsFunc(frac, func(r rune) bool { return r < '0' || r > '9' }) {
		return false, "", "", invalid("%s: digit grouping after the decimal separator", what)
	}
	intPart, ok := ungroup(intRaw, grouping)
	if ok && mark != DecimalUnknown && intPart != intRaw && intRaw[0] == '0' {
		// "0,001" with a decimal point is no thousand.
		ok = false
	}
	if !ok && mark != DecimalUnknown {
		return false, "", "", invalid("%s: misplaced digit grouping (the decimal mark is the %s)", what, mark)
	}
	if !ok {
		return false, "", "", invalid("%s: misplaced digit grouping", what)
	}
	if intPart == "" && frac == "" {
		return false, "", "", invalid("%s", what)
	}
	return neg, intPart, frac, nil
}

// separators returns the decimal separator of s and its separator of
// thousands (0 for none), given how many dots, commas and other grouping
// characters (group: a space or an apostrophe) s holds: by mark when it is
// known, else by their places in s.
func separators(s, what string, mark DecimalMark, dots, commas, groups int, group rune) (decimal, grouping rune, err error) {
	if groups > 0 {
		grouping = group
	}
	if mark == DecimalPoint || mark == DecimalComma {
		// The mark, and the other of '.' and ',' for thousands.
		dec, sep, nDec, nSep := '.', ',', dots, commas
		if mark == DecimalComma {
			dec, sep, nDec, nSep = ',', '.', commas, dots
		}
		if nDec > 1 {
			return 0, 0, invalid("%s: several decimal separators (the decimal mark is the %s)", what, mark)
		}
		if nDec == 1 {
			decimal = dec
		}
		if nSep > 0 {
			if groups > 0 {
				return 0, 0, invalid("%s: mixed digit grouping", what)
			}
			grouping = sep
		}
		return decimal, grouping, nil
	}
	switch {
	case dots > 0 && commas > 0:
		if groups > 0 {
			return 0, 0, invalid("%s: mixed digit grouping", what)
		}
		if strings.LastIndexByte(s, '.') > strings.LastIndexByte(s, ',') {
			decimal, grouping = '.', ','
		} else {
			decimal, grouping = ',', '.'
		}
		if strings.Count(s, string(decimal)) > 1 {
			return 0, 0, invalid("%s: several decimal separators", what)
		}
	case dots > 0:
		switch {
		case dots == 1:
			decimal = '.'
		case groups > 0:
			return 0, 0, invalid("%s: several decimal separators", what)
		default:
			grouping = '.'
		}
	case commas > 0:
		switch {
		case commas > 1 && groups > 0:
			return 0, 0, invalid("%s: several decimal separators", what)
		case commas > 1:
			grouping = ','
		case groups > 0:
			decimal = ','
		default:
			// One comma and nothing else: "1234,5" is a decimal comma, but
			// "1,234" reads 1234 in English and 1.234 in French.
			i := strings.IndexByte(s, ',')
			if len(s)-i-1 == 3 && i >= 1 && i <= 3 && s[0] != '0' {
				return 0, 0, invalid("%s: %q is ambiguous (thousands or decimals?): write 1234 or 1.234", what, s)
			}
			decimal = ','
		}
	}
	return decimal, grouping, nil
}

// ungroup removes the grouping separator g from the integer digits s,
// checking that it separates thousands: a first group of one to three
// digits, then groups of three. With g == 0, s must be digits only.
func ungroup(s string, g rune) (string, bool) {
	if g == 0 || !strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
		return s, !strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	}
	var b strings.Builder
	b.Grow(len(s))
	n := 0 // digits in the current group
	first := true
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
			n++
			continue
		}
		if isGroupSpace(r) {
			r = ' '
		} else if r == '’' {
			r = '\''
		}
		if r != g || (first && (n < 1 || n > 3)) || (!first && n != 3) {
			return "", false
		}
		first, n = false, 0
	}
	if n != 3 {
		return "", false
	}
	return b.String(), true
}

// isGroupSpace reports whether r is a space used to group digits: space,
// no-break space, narrow no-break space (French typography) or thin space.
func isGroupSpace(r rune) bool {
	return r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009'
}
