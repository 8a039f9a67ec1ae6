// Package phonenum parses telephone numbers into E.164 for contactkit.
//
// It is shared by package contact (the Phone value type) and package field
// (custom fields of type phone), which may not import each other.
//
// # Answers
//
// Parse gives exactly the answers of github.com/nyaruka/phonenumbers (a port
// of Google's libphonenumber): the E.164 form of
// phonenumbers.Format(phonenumbers.Parse(input, region), E164) when
// phonenumbers.IsValidNumber accepts the number, and an error otherwise.
//
// # Speed
//
// Most inputs are digits with common separators, maybe after a label
// ("Tel: "), maybe with an extension ("ext. 12", "x12", ";ext=12") or vanity
// letters ("1-800-FLOWERS"). For those, Parse runs a fast path that follows
// the library's parsing algorithm step by step on the digits, against the
// library's own metadata, with the metadata patterns compiled once per
// region. Anything else (other extension labels, letters before an
// extension, digits of other scripts, RFC 3966 URIs, rare errors) goes to the
// library itself. Tests in this package check that both paths give identical
// answers. ParseE164 asks the library for the E.164 form only, which costs
// about what the bare library loop does.
//
// The compiled metadata of a region is built on its first use and kept for
// the life of the process, like the library's own cache of patterns. Parse is
// safe for concurrent use.
package phonenum

import (
	"errors"
	"strings"

	"github.com/nyaruka/phonenumbers/v2/metadata"
)

// Sentinel errors. Every error returned by Parse wraps ErrInvalid and exactly
// one of the reasons below.
var (
	ErrInvalid          = errors.New("invalid phone number")
	ErrNotANumber       = errors.New("not a phone number")
	ErrTooShort         = errors.New("too short")
	ErrTooLong          = errors.New("too long")
	ErrInvalidForRegion = errors.New("not a valid number for its region")
	ErrNoRegion         = errors.New("no region to assume: give the number in international form or set a default region")
	ErrUnknownRegion    = errors.New("unknown default region")
	// ErrUnknownCountryCode: the number is in international form but its
	// country calling code ("+999") is not assigned.
	ErrUnknownCountryCode = errors.New("unknown country calling code")
	// ErrNotRoundTrip: the library reads the input as a valid number, but
	// reads that number's E.164 form as another number or as no valid
	// number, so it could not be stored and read back.
	ErrNotRoundTrip = errors.New("its e.164 form does not read back as the same number")
)

// parseError is the error Parse returns: it is ErrInvalid and wraps one
// reason. One value exists per reason, so returning an error allocates
// nothing.
type parseError struct{ reason error }

func (e *parseError) Error() string        { return ErrInvalid.Error() + ": " + e.reason.Error() }
func (e *parseError) Unwrap() error        { return e.reason }
func (e *parseError) Is(target error) bool { return target == ErrInvalid }

var (
	errNotANumber         = &parseError{ErrNotANumber}
	errTooShort           = &parseError{ErrTooShort}
	errTooLong            = &parseError{ErrTooLong}
	errInvalidForRegion   = &parseError{ErrInvalidForRegion}
	errNoRegion           = &parseError{ErrNoRegion}
	errUnknownRegion      = &parseError{ErrUnknownRegion}
	errUnknownCountryCode = &parseError{ErrUnknownCountryCode}
	errNotRoundTrip       = &parseError{ErrNotRoundTrip}
)

// wrap returns the error for reason.
func wrap(reason error) error {
	switch reason {
	case ErrNotANumber:
		return errNotANumber
	case ErrTooShort:
		return errTooShort
	case ErrTooLong:
		return errTooLong
	case ErrInvalidForRegion:
		return errInvalidForRegion
	case ErrNoRegion:
		return errNoRegion
	case ErrUnknownRegion:
		return errUnknownRegion
	case ErrUnknownCountryCode:
		return errUnknownCountryCode
	case ErrNotRoundTrip:
		return errNotRoundTrip
	}
	return &parseError{reason}
}

// Type is the kind of line a number belongs to.
type Type int

// The types of number, as libphonenumber classifies them.
const (
	TypeUnknown Type = iota
	TypeFixedLine
	TypeMobile
	TypeFixedLineOrMobile
	TypeTollFree
	TypePremiumRate
	TypeSharedCost
	TypeVoIP
	TypePersonalNumber
	TypePager
	TypeUAN
	TypeVoicemail
)

var typeNames = [...]string{
	TypeUnknown:           "unknown",
	TypeFixedLine:         "fixed_line",
	TypeMobile:            "mobile",
	TypeFixedLineOrMobile: "fixed_line_or_mobile",
	TypeTollFree:          "toll_free",
	TypePremiumRate:       "premium_rate",
	TypeSharedCost:        "shared_cost",
	TypeVoIP:              "voip",
	TypePersonalNumber:    "personal_number",
	TypePager:             "pager",
	TypeUAN:               "uan",
	TypeVoicemail:         "voicemail",
}

// String returns the lowercase name of t ("mobile", "fixed_line", …).
func (t Type) String() string {
	if t < 0 || int(t) >= len(typeNames) {
		return "unknown"
	}
	return typeNames[t]
}

// Result is a parsed number and how it was read.
type Result struct {
	E164          string // "+33612345678"
	Region        string // ISO 3166-1 alpha-2 region of the number ("001" for non-geographic)
	RegionAssumed bool   // the input had no international prefix: the default region was assumed
	TrunkDropped  bool   // a national trunk prefix ("0" in FR) was present and dropped
	Type          Type
}

// MaxInput is the longest input Parse reads, in bytes. Longer inputs are
// refused at once with ErrTooLong, as the library refuses them.
const MaxInput = 250

// Parse reads input with defaultRegion (ISO 3166-1 alpha-2, ASCII,
// case-insensitive; may be empty when the input is international). National
// numbers may be given with or without their trunk prefix; "+", "00" and the
// region's international prefix ("011" in the US) introduce a country code;
// spaces, dots, dashes, slashes, parentheses, "(0)", extensions and vanity
// letters are read as libphonenumber reads them. The error, when there is
// one, wraps ErrInvalid and exactly one reason (ErrNotANumber, ErrTooShort,
// ErrTooLong, ErrInvalidForRegion, ErrNoRegion, ErrUnknownRegion,
// ErrUnknownCountryCode, ErrNotRoundTrip).
//
// A defaultRegion that is not ASCII or is longer than three bytes is refused
// (ErrUnknownRegion) whatever the input: "ın" is not "IN". An input longer
// than MaxInput is refused (ErrTooLong) without being read. Every number Parse
// returns reads back: Parse(r.E164, "") gives r.E164 again.
func Parse(input, defaultRegion string) (Result, error) {
	return parse(input, defaultRegion, true)
}

// ParseE164 is Parse when only the E.164 form is wanted: it gives the same
// answers without working out the region, type and trunk prefix of numbers
// that the library has to read.
func ParseE164(input, defaultRegion string) (string, error) {
	r, err := parse(input, defaultRegion, false)
	return r.E164, err
}

// ParseE164Region is ParseE164 that also gives the number's region, as
// RegionOf gives it, at no extra cost when the region was worked out on the
// way.
func ParseE164Region(input, defaultRegion string) (e164, region string, err error) {
	r, err := parse(input, defaultRegion, false)
	if err != nil {
		return "", "", err
	}
	if r.Region == "" {
		r.Region = RegionOf(r.E164)
	}
	return r.E164, r.Region, nil
}

func parse(input, defaultRegion string, detail bool) (Result, error) {
	region, ok := normRegion(defaultRegion)
	if !ok {
		return Result{}, errUnknownRegion
	}
	if len(input) > MaxInput {
		return Result{}, errTooLong
	}
	res, reason, ok := parseFast(input, region)
	if !ok {
		res, reason = parseSlow(input, region, detail)
	}
	if reason != nil {
		return Result{}, wrap(reason)
	}
	return res, nil
}

// Supported reports whether region is a region whose numbers Parse reads
// in national form: an ISO 3166-1 alpha-2 code of the metadata, in either
// case, as Parse reads a default region.
func Supported(region string) bool {
	r, ok := normRegion(region)
	return ok && regionFor(r) != nil
}

// RegionOf returns the region of e164, a number in E.164 form as Parse
// returns it: an ISO 3166-1 alpha-2 code, "001" for a non-geographic number,
// or "" when e164 is not a valid number.
func RegionOf(e164 string) string {
	r, err := Parse(e164, "")
	if err != nil {
		return ""
	}
	return r.Region
}

// normRegion returns region in upper case, or ok=false when it is not ASCII
// or longer than three bytes (no region code is).
func normRegion(region string) (string, bool) {
	if len(region) > 3 {
		return "", false
	}
	lower := false
	for i := 0; i < len(region); i++ {
		switch c := region[i]; {
		case c >= 0x80:
			return "", false
		case 'a' <= c && c <= 'z':
			lower = true
		}
	}
	if !lower {
		return region, true
	}
	return strings.ToUpper(region), true
}

// MainRegion returns the main region (ISO 3166-1 alpha-2) of the country
// calling code cc, the one libphonenumber reads its numbers with: "FR" for
// 33, "US" for 1 (which 25 regions share), "RU" for 7. ok is false for a
// code that is not assigned and for one of no region (the non-geographic
// entities: 800, 870, 881, …).
func MainRegion(cc int) (region string, ok bool) {
	regions := metadata.CountryCodeToRegion()[cc]
	if len(regions) == 0 || regions[0] == "001" {
		return "", false
	}
	return regions[0], true
}
