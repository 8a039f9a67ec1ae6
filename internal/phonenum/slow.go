package phonenum

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers/v2"
)

// parseSlow parses input with the library itself. It handles every input;
// parseFast handles the common ones faster with the same answers. It returns
// the reason (an unwrapped sentinel) when the input is rejected. Without
// detail, only Result.E164 is set: the region, type and trunk prefix cost as
// much again as the parse and ParseE164 throws them away; and the number the
// library read is checked with the compiled metadata, not by the library.
func parseSlow(input, region string, detail bool) (Result, error) {
	input = Spaces(input)
	var (
		n   *phonenumbers.PhoneNumber
		err error
	)
	if detail {
		n, err = phonenumbers.ParseAndKeepRawInput(input, region)
	} else {
		n, err = phonenumbers.Parse(input, region)
	}
	if err != nil {
		return Result{}, libParseReason(err, input, region)
	}
	if !detail {
		// The library's validity check rebuilds its regular expressions'
		// cache keys on every call; the compiled metadata gives the same
		// answer (the fast path's tests hold it to that) for less.
		if cc := int(n.GetCountryCode()); cc != 0 {
			nat := phonenumbers.GetNationalSignificantNumber(n)
			if _, _, reason, ok := validate(cc, nat); ok {
				if reason != nil {
					return Result{}, reason
				}
				return Result{E164: e164(cc, nat)}, nil
			}
		}
	}
	if !phonenumbers.IsValidNumber(n) {
		return Result{}, possibleReason(phonenumbers.IsPossibleNumberWithReason(n))
	}
	n.RawInput = nil // Format(E164) must not fall back to the raw input
	res := Result{E164: phonenumbers.Format(n, phonenumbers.E164)}
	if !readsBackSlow(n, res.E164) {
		return Result{}, ErrNotRoundTrip
	}
	if !detail {
		return res, nil
	}
	res.Region = phonenumbers.GetRegionCodeForNumber(n)
	res.Type = typeFromLib(phonenumbers.GetNumberType(n))
	src := n.GetCountryCodeSource()
	res.RegionAssumed = src == phonenumbers.PhoneNumber_FROM_DEFAULT_COUNTRY ||
		src == phonenumbers.PhoneNumber_FROM_NUMBER_WITHOUT_PLUS_SIGN
	res.TrunkDropped = trunkDroppedSlow(input, region, n, res.E164)
	return res, nil
}

// readsBackSlow reports whether the library reads e164, the E.164 form of the
// valid number n, as n again. With the compiled metadata of n's country code
// that is one step (see readsBack); without, the library is asked.
func readsBackSlow(n *phonenumbers.PhoneNumber, e164 string) bool {
	if r := regionForCC(int(n.GetCountryCode())); r != nil && r.usable {
		return r.readsBack(phonenumbers.GetNationalSignificantNumber(n))
	}
	m, err := phonenumbers.Parse(e164, "")
	return err == nil && phonenumbers.IsValidNumber(m) && phonenumbers.Format(m, phonenumbers.E164) == e164
}

// libParseReason maps an error of phonenumbers.Parse to a reason.
func libParseReason(err error, input, region string) error {
	switch err {
	case phonenumbers.ErrTooShortNSN, phonenumbers.ErrTooShortAfterIDD:
		return ErrTooShort
	case phonenumbers.ErrNumTooLong:
		return ErrTooLong
	case phonenumbers.ErrInvalidCountryCode:
		// The library gives this error both when there is no usable region
		// for a national number and when an international number has an
		// unknown country code. Tell them apart as it does.
		if !phonenumbers.GetSupportedRegions()[region] && !extractedHasPlus(input) {
			if region == "" {
				return ErrNoRegion
			}
			return ErrUnknownRegion
		}
		return ErrUnknownCountryCode
	}
	return ErrNotANumber
}

// possibleReason maps the library's length check of a parsed but invalid
// number to a reason.
func possibleReason(v phonenumbers.ValidationResult) error {
	switch v {
	case phonenumbers.TOO_SHORT, phonenumbers.IS_POSSIBLE_LOCAL_ONLY:
		// A local-only length is a number without its area code.
		return ErrTooShort
	case phonenumbers.TOO_LONG:
		return ErrTooLong
	case phonenumbers.INVALID_COUNTRY_CODE:
		return ErrUnknownCountryCode
	}
	return ErrInvalidForRegion
}

// extractedHasPlus reports whether the part of input the library reads as the
// number holds a plus sign, as its check of the default region does.
func extractedHasPlus(input string) bool {
	if strings.Contains(input, ";phone-context=") {
		return strings.ContainsAny(input, "+\uFF0B")
	}
	start := strings.IndexFunc(input, func(r rune) bool {
		return r == '+' || r == '\uFF0B' || unicode.IsDigit(r)
	})
	if start < 0 {
		return false
	}
	s := strings.TrimRightFunc(input[start:], func(r rune) bool {
		return !unicode.IsNumber(r) && !unicode.IsLetter(r) && r != '#'
	})
	return strings.ContainsAny(s, "+\uFF0B")
}

// trunkDroppedSlow finds whether the library dropped a national prefix when it
// read input as n. The library does not say, so the number part it read is
// rebuilt (numberPart, and the cut before an extension), its digits are fed
// to the fast path, which traces each step, and its answer is kept when it
// reaches the same number.
func trunkDroppedSlow(input, region string, n *phonenumbers.PhoneNumber, e164 string) bool {
	s := numberPart(input)
	if n.GetExtension() == "" {
		trunk, _ := trunkFrom(s, region, e164)
		return trunk
	}
	// The extension is the last run of digits (and a "#"); its label, if it
	// has a word ("ext", "anexo", "доб"), comes before them, maybe glued to
	// vanity letters of the number ("0800 DOCTORx12"). The number ends
	// before the label: cut one character at a time from the extension's
	// digits back, and keep the first cut that reads as the same number
	// (more letters or digits would give other digits; fewer than three
	// letters are dropped by the library, so a cut inside a label gives the
	// same number as the cut before it). Labels are short: a few tries do.
	end := strings.TrimRightFunc(strings.TrimSuffix(s, "#"), unicode.IsDigit)
	for range 16 {
		end = strings.TrimRightFunc(end, isNotAlnum)
		if end == "" {
			return false
		}
		if trunk, ok := trunkFrom(end, region, e164); ok {
			return trunk
		}
		_, size := utf8.DecodeLastRuneInString(end)
		end = end[:len(end)-size]
	}
	return false
}

func isAlnum(r rune) bool    { return unicode.IsLetter(r) || unicode.IsDigit(r) }
func isNotAlnum(r rune) bool { return !isAlnum(r) }

// trunkFrom reads s, a number part without its extension, as the library
// normalises it, with the fast path. ok is false unless that reaches e164.
func trunkFrom(s, region, e164 string) (trunk, ok bool) {
	letters := 0
	for i := 0; i < len(s); i++ {
		if isASCIILetter(s[i]) {
			letters++
		}
	}
	if letters >= 3 {
		s = phonenumbers.ConvertAlphaCharactersInNumber(s)
	}
	digits := phonenumbers.NormalizeDigitsOnly(s)
	if strings.HasPrefix(s, "+") || strings.HasPrefix(s, "\uFF0B") {
		digits = "+" + digits
	}
	res, reason, fast := parseFast(digits, region)
	if !fast || reason != nil || res.E164 != e164 {
		return false, false
	}
	return res.TrunkDropped, true
}

// numberPart returns the part of input the library reads as the number, with
// its extension if any: the RFC 3966 number before ";phone-context=" (after
// "tel:"), preceded by the context when it is a "+" prefix; or else the
// input from its first digit or plus, without trailing characters that are
// neither letters, digits nor "#", and without a second number ("/ x…"). An
// ISDN subaddress (";isub=…") is cut off.
func numberPart(input string) string {
	var s string
	if i := strings.Index(input, ";phone-context="); i >= 0 {
		if i > 0 {
			ctx := input[i+len(";phone-context="):]
			if j := strings.IndexByte(ctx, ';'); j >= 0 {
				ctx = ctx[:j]
			}
			from := 0
			if t := strings.Index(input, "tel:"); t >= 0 && t < i {
				from = t + len("tel:")
			}
			if strings.HasPrefix(ctx, "+") {
				s = ctx + input[from:i]
			} else {
				s = input[from:i]
			}
		}
	} else {
		start := strings.IndexFunc(input, func(r rune) bool {
			return r == '+' || r == '\uFF0B' || unicode.IsDigit(r)
		})
		if start < 0 {
			return ""
		}
		s = strings.TrimRightFunc(input[start:], func(r rune) bool {
			return !unicode.IsNumber(r) && !unicode.IsLetter(r) && r != '#'
		})
		if m := secondNumber.FindStringIndex(s); m != nil {
			s = s[:m[0]]
		}
	}
	if i := strings.Index(s, ";isub="); i > 0 {
		s = s[:i]
	}
	return s
}

// secondNumber is where the library sees a second number ("… x302/x2303").
var secondNumber = regexp.MustCompile(`[\\/] *x`)

// typeFromLib converts the library's number type.
func typeFromLib(t phonenumbers.PhoneNumberType) Type {
	switch t {
	case phonenumbers.FIXED_LINE:
		return TypeFixedLine
	case phonenumbers.MOBILE:
		return TypeMobile
	case phonenumbers.FIXED_LINE_OR_MOBILE:
		return TypeFixedLineOrMobile
	case phonenumbers.TOLL_FREE:
		return TypeTollFree
	case phonenumbers.PREMIUM_RATE:
		return TypePremiumRate
	case phonenumbers.SHARED_COST:
		return TypeSharedCost
	case phonenumbers.VOIP:
		return TypeVoIP
	case phonenumbers.PERSONAL_NUMBER:
		return TypePersonalNumber
	case phonenumbers.PAGER:
		return TypePager
	case phonenumbers.UAN:
		return TypeUAN
	case phonenumbers.VOICEMAIL:
		return TypeVoicemail
	}
	return TypeUnknown
}

// Spaces returns s with every space character of Unicode (category Zs) as
// an ASCII space. The library reads a space, a no-break space and an
// ideographic space between a number's digits, but refuses the others,
// which text carries as much: the narrow no-break space (U+202F) that
// French typography and spreadsheets put between the pairs of a phone
// number, the thin space, the figure space. Parse reads input as the
// library reads Spaces(input); the tests that hold it to the library's
// answers ask the library so.
func Spaces(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.Map(func(r rune) rune {
				if r != ' ' && unicode.Is(unicode.Zs, r) {
					return ' '
				}
				return r
			}, s)
		}
	}
	return s
}
