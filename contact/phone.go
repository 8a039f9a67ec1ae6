package contact

import (
	"slices"

	"github.com/contactkit/contactkit/internal/must"
	"github.com/contactkit/contactkit/internal/phonenum"
)

// Phone is a telephone number in E.164 form ("+33612345678"), valid for its
// region. The zero Phone is no number. Phones are comparable with
// ==: two spellings of one number parse to equal Phones.
type Phone struct{ e164 string }

// errInvalidPhone is ErrInvalidPhone: the phonenum category, so that package
// field's phone errors match it too.
var errInvalidPhone = phonenum.ErrInvalid

// The reasons a phone number is refused. A *ParseError from ParsePhone wraps
// ErrInvalidPhone and exactly one of them; test with errors.Is. They are the
// same values as those of package field, so either package's names work.
var (
	// ErrPhoneNotANumber: the input holds no phone number ("", "n/a", a
	// plus sign inside the digits).
	ErrPhoneNotANumber = phonenum.ErrNotANumber
	// ErrPhoneTooShort: too few digits for a number of its region (a local
	// number without its area code is too short).
	ErrPhoneTooShort = phonenum.ErrTooShort
	// ErrPhoneTooLong: too many digits for a number of its region.
	ErrPhoneTooLong = phonenum.ErrTooLong
	// ErrPhoneInvalidForRegion: a possible length, but no number of its
	// region has this form (an unassigned area code, for example).
	ErrPhoneInvalidForRegion = phonenum.ErrInvalidForRegion
	// ErrPhoneNoRegion: a national number and no default region to read it
	// with.
	ErrPhoneNoRegion = phonenum.ErrNoRegion
	// ErrPhoneUnknownRegion: a national number and a default region that is
	// not an ISO 3166-1 alpha-2 code with a numbering plan.
	ErrPhoneUnknownRegion = phonenum.ErrUnknownRegion
	// ErrPhoneUnknownCountryCode: an international number whose country
	// calling code is not assigned ("+999 …").
	ErrPhoneUnknownCountryCode = phonenum.ErrUnknownCountryCode
	// ErrPhoneNotRoundTrip: the number reads as valid, but its E.164 form
	// would read back as another number or as none, so it could not be
	// stored ("88108888888" in BY gives +3758108888888, which the library
	// reads back as +375108888888, not a valid number). Every stored phone must
	// read back as itself, so ParsePhone refuses it.
	ErrPhoneNotRoundTrip = phonenum.ErrNotRoundTrip
)

// MaxPhoneInput is the longest input ParsePhone reads, in bytes:
// longer inputs are refused at once with ErrPhoneTooLong.
const MaxPhoneInput = phonenum.MaxInput

// PhoneType is the kind of line a number belongs to, as libphonenumber
// classifies it from the number alone (numbers move between networks).
type PhoneType int

// The types of phone number.
const (
	PhoneTypeUnknown           PhoneType = iota // not classified
	PhoneTypeFixedLine                          // a landline
	PhoneTypeMobile                             // a mobile phone
	PhoneTypeFixedLineOrMobile                  // either: the plan does not tell them apart (US, CA, …)
	PhoneTypeTollFree                           // free for the caller
	PhoneTypePremiumRate                        // charged above the normal rate
	PhoneTypeSharedCost                         // cost shared by caller and callee
	PhoneTypeVoIP                               // voice over IP
	PhoneTypePersonalNumber                     // a personal number routed to another line
	PhoneTypePager                              // a pager
	PhoneTypeUAN                                // a universal access number of a company
	PhoneTypeVoicemail                          // voicemail access
)

// String returns the lowercase name of t: "unknown", "fixed_line", "mobile",
// "fixed_line_or_mobile", "toll_free", "premium_rate", "shared_cost", "voip",
// "personal_number", "pager", "uan" or "voicemail".
func (t PhoneType) String() string { return phonenum.Type(t).String() }

// PhoneDetail is a parsed phone number and how the input was read.
type PhoneDetail struct {
	Phone Phone
	// Region is the ISO 3166-1 alpha-2 region the number belongs to, or ""
	// for a non-geographic number (+800, +882, …).
	Region string
	// RegionAssumed is true when the input had no international prefix
	// ("+", or the region's own such as "00" or "011") so that the default region
	// was assumed; false when the input gave its country code.
	RegionAssumed bool
	// TrunkDropped is true when a national trunk prefix ("0" in FR and GB,
	// also written "(0)" after a country code) was present and dropped.
	TrunkDropped bool
	// Type is the kind of line.
	Type PhoneType
}

// ParsePhone parses input as a phone number and returns it in E.164 form.
// National numbers are read in defaultRegion (an ISO 3166-1 alpha-2 code,
// case-insensitive; "" when there is none), with or without their trunk
// prefix: "0612345678" and "612345678" in FR both give +33612345678.
// International numbers start with "+" or the default region's
// international prefix ("00" from FR, "011" from the US, "0011" from AU):
// "00" is no prefix where the region's is another ("00 44 …" in US is a
// national number, refused as too long), nor without a default region.
// Spaces, dots, dashes, slashes, parentheses, "(0)", extensions ("ext. 12",
// dropped) and vanity letters ("1-800-FLOWERS") are read as libphonenumber
// reads them, and the answers are those of github.com/nyaruka/phonenumbers
// (Parse, IsValidNumber, Format E164).
//
// Two answers differ from the library's, both refusals: a number
// whose E.164 form the library would not read back as the same valid number
// (ErrPhoneNotRoundTrip), so every Phone returned survives MarshalText and
// UnmarshalText; and a defaultRegion that is not ASCII or longer than three
// bytes (ErrPhoneUnknownRegion, whatever the input: "ın" is not "IN").
// Inputs longer than MaxPhoneInput bytes are refused unread (ErrPhoneTooLong).
//
// An empty or blank input is an error (ErrPhoneNotANumber): callers treat ""
// as "no phone" before calling. Errors are *ParseError with Field "phone",
// wrapping ErrInvalidPhone and one reason (ErrPhoneTooShort, …). Their Input
// is the input, or for an input over 64 bytes its first 40 bytes and "…",
// with its length in the message.
func ParsePhone(input, defaultRegion string) (Phone, error) {
	e164, err := phonenum.ParseE164(input, defaultRegion)
	if err != nil {
		return Phone{}, parseError("phone", input, err)
	}
	return Phone{e164}, nil
}

// ParsePhoneIn is ParsePhone in the first of regions that reads input: a
// contact's country, then the workspace's region, as rule C2 reads a phone
// (a French user types "001 212 555 0123" for a contact in the United
// States, which reads only in France). Its error is the first region's.
func ParsePhoneIn(input string, regions ...string) (Phone, error) {
	e164, _, err := parseIn(input, regions...)
	if err != nil {
		return Phone{}, parseError("phone", input, err)
	}
	return Phone{e164}, nil
}

// parseIn is ParsePhoneIn's parse, with the region of the number: the
// phonenum error of the first region when none reads input. No region is
// "" (international numbers only); a later "" or repeat is not tried again,
// since the first attempt read whatever it would.
func parseIn(input string, regions ...string) (e164, region string, err error) {
	if len(regions) == 0 {
		regions = []string{""}
	}
	for i, r := range regions {
		if i > 0 && (r == "" || slices.Contains(regions[:i], r)) {
			continue
		}
		e, reg, rerr := phonenum.ParseE164Region(input, r)
		if rerr == nil {
			return e, reg, nil
		}
		if i == 0 {
			err = rerr
		}
	}
	return "", "", err
}

// parseError returns the *ParseError of field for input. Its message quotes
// a long input by a short prefix and its length only (ParseError.Error).
func parseError(field, input string, err error) *ParseError {
	return &ParseError{Field: field, Input: input, Err: err}
}

// ParsePhoneDetail is ParsePhone that also says how the input was read: the
// number's region, whether the default region was assumed, whether a trunk
// prefix was dropped, and the type of line.
func ParsePhoneDetail(input, defaultRegion string) (PhoneDetail, error) {
	r, err := phonenum.Parse(input, defaultRegion)
	if err != nil {
		return PhoneDetail{}, parseError("phone", input, err)
	}
	return PhoneDetail{
		Phone:         Phone{r.E164},
		Region:        geoRegion(r.Region),
		RegionAssumed: r.RegionAssumed,
		TrunkDropped:  r.TrunkDropped,
		Type:          PhoneType(r.Type),
	}, nil
}

// MustParsePhone is ParsePhone that panics on error; for constants in tests
// and examples.
func MustParsePhone(input, defaultRegion string) Phone {
	return must.Get(ParsePhone(input, defaultRegion))
}

// String returns the E.164 form, or "" for the zero Phone.
func (p Phone) String() string { return p.e164 }

// IsZero reports whether p is the zero Phone.
func (p Phone) IsZero() bool { return p.e164 == "" }

// Region returns the ISO 3166-1 alpha-2 region of the number ("FR" for
// +33612345678, "CA" for +1 604 …), or "" when the number is not geographic
// (+800, +882, …) or p is zero. It is what a contact's country is derived
// from when unset.
func (p Phone) Region() string {
	if p.e164 == "" {
		return ""
	}
	return geoRegion(phonenum.RegionOf(p.e164))
}

// MarshalText implements encoding.TextMarshaler: the E.164 form, or empty
// text for the zero Phone.
func (p Phone) MarshalText() ([]byte, error) { return []byte(p.e164), nil }

// UnmarshalText implements encoding.TextUnmarshaler. It accepts only a valid
// number in E.164 form, exactly as MarshalText writes it ("+33612345678");
// empty text gives the zero Phone. On error, *p is left unchanged.
func (p *Phone) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*p = Phone{}
		return nil
	}
	s := string(text)
	if !isE164Shape(s) {
		return parseError("phone", s, errNotE164)
	}
	v, err := ParsePhone(s, "")
	if err != nil {
		return err
	}
	if v.e164 != s {
		return parseError("phone", s, errNotE164)
	}
	*p = v
	return nil
}

// errNotE164 is the error of UnmarshalText for text not in E.164 form.
var errNotE164 = &notE164Error{}

type notE164Error struct{}

func (*notE164Error) Error() string        { return "invalid phone number: not in e.164 form" }
func (*notE164Error) Unwrap() error        { return phonenum.ErrNotANumber }
func (*notE164Error) Is(target error) bool { return target == ErrInvalidPhone }

// isE164Shape reports whether s is "+" and 2 to 20 digits.
func isE164Shape(s string) bool {
	if len(s) < 3 || len(s) > 21 || s[0] != '+' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// geoRegion maps the non-geographic region "001" to "".
func geoRegion(r string) string {
	if r == "001" {
		return ""
	}
	return r
}
