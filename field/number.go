package field

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of numbers and amounts.
const (
	maxDecimalInput  = 100 // bytes of trimmed input
	maxDecimalDigits = 38  // significant digits, as SQL NUMERIC(38)
	monetaryDecimals = 2
)

// coerceDecimal reads a number (or, with monetary, an amount) and returns
// its canonical decimal. The accepted forms are documented in doc.go.
func coerceDecimal(s string, monetary bool) (string, error) {
	what := "not a number"
	if monetary {
		what = "not an amount"
	}
	if len(s) > maxDecimalInput {
		return "", tooLong("%s: more than %d bytes", what, maxDecimalInput)
	}

	// Sign and, for amounts, a currency symbol on either side: "-12",
	// "-$12", "$-12", "12 €", "-12,50 €".
	neg, signed := false, false
	sign := func() {
		if r, n := utf8.DecodeRuneInString(s); !signed && (r == '-' || r == '+' || r == '−') {
			neg, signed = r != '+', true
			s = s[n:]
		}
	}
	sign()
	if monetary {
		if r, n := utf8.DecodeRuneInString(s); unicode.Is(unicode.Sc, r) {
			s = strings.TrimLeftFunc(s[n:], unicode.IsSpace)
			sign()
		} else if r, n := utf8.DecodeLastRuneInString(s); unicode.Is(unicode.Sc, r) {
			s = strings.TrimRightFunc(s[:len(s)-n], unicode.IsSpace)
		}
	}
	if s == "" {
		return "", invalid("%s", what)
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
				return "", invalid("%s: mixed digit grouping", what)
			}
			group = r
		default:
			return "", invalid("%s", what)
		}
	}

	// decimal is the decimal separator, 0 if none; grouping the separator of
	// thousands, 0 if none.
	var decimal, grouping rune
	if groups > 0 {
		grouping = group
	}
	switch {
	case dots > 0 && commas > 0:
		if groups > 0 {
			return "", invalid("%s: mixed digit grouping", what)
		}
		if strings.LastIndexByte(s, '.') > strings.LastIndexByte(s, ',') {
			decimal, grouping = '.', ','
		} else {
			decimal, grouping = ',', '.'
		}
		if strings.Count(s, string(decimal)) > 1 {
			return "", invalid("%s: several decimal separators", what)
		}
	case dots > 0:
		switch {
		case dots == 1:
			decimal = '.'
		case groups > 0:
			return "", invalid("%s: several decimal separators", what)
		default:
			grouping = '.'
		}
	case commas > 0:
		switch {
		case commas > 1 && groups > 0:
			return "", invalid("%s: several decimal separators", what)
		case commas > 1:
			grouping = ','
		case groups > 0:
			decimal = ','
		default:
			// One comma and nothing else: "1234,5" is a decimal comma, but
			// "1,234" reads 1234 in English and 1.234 in French.
			i := strings.IndexByte(s, ',')
			if len(s)-i-1 == 3 && i >= 1 && i <= 3 && s[0] != '0' {
				return "", invalid("%s: %q is ambiguous (thousands or decimals?): write 1234 or 1.234", what, s)
			}
			decimal = ','
		}
	}

	intRaw, frac := s, ""
	if decimal != 0 {
		i := strings.IndexRune(s, decimal)
		intRaw, frac = s[:i], s[i+1:]
	}
	if strings.ContainsFunc(frac, func(r rune) bool { return r < '0' || r > '9' }) {
		return "", invalid("%s: digit grouping after the decimal separator", what)
	}
	intPart, ok := ungroup(intRaw, grouping)
	if !ok {
		return "", invalid("%s: misplaced digit grouping", what)
	}
	if intPart == "" && frac == "" {
		return "", invalid("%s", what)
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

	var b strings.Builder
	b.Grow(len(intPart) + len(frac) + 4)
	if neg {
		b.WriteByte('-')
	}
	b.WriteString(intPart)
	if monetary {
		b.WriteByte('.')
		b.WriteString(frac)
		b.WriteString("00"[len(frac):])
	} else if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String(), nil
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
