package importer

import (
	"fmt"
	"strings"

	"github.com/contactkit/contactkit/contact"
)

// minInternationalDigits is the fewest digits of a number that ParsePhone
// reads as international without its "+": the shortest numbers of a
// country code and a subscriber.
const minInternationalDigits = 8

// ParsePhone reads a phone cell of a file that drops the "+" of its
// international numbers (see Mapping.PlusDropped): contact.ParsePhone in
// region, and, for a cell of digits alone that does not start with a zero,
// the same digits after a "+" too. A spreadsheet keeps a phone typed
// "+27821234567" as the number 27821234567, and the files of SMS tools
// write numbers that way (MSISDN): a French workspace reads 27821234567 as
// a national number, too long, but +27 82 123 4567 is a number of South
// Africa.
//
// Such a cell is read as the one of its two readings that is a valid
// number. When both are, and they are two numbers, it is refused: in a
// region of numbers of several lengths (IT, DE, AT), the French mobile
// 33612345611 of a contact in Italy is also the Italian number
// +3933612345611, and the British 447911123457 of a contact in Germany
// the German +49447911123457: which one the file means it does not say.
// The error is a *contact.ParseError (Field "phone") wrapping an
// *AmbiguousPhoneError, which names both numbers and the region, and
// matches ErrAmbiguousPhone and contact.ErrInvalidPhone. One such cell is
// read, as a file that drops its "+" means it: digits that start with the
// region's own calling code are that international number (4915112345608
// in Germany is the mobile +4915112345608, not the national
// +494915112345608), as libphonenumber reads 33612345678 in France. When
// neither reading is a number, the error is that of the national reading.
func ParsePhone(cell, region string) (contact.Phone, error) {
	p, err := contact.ParsePhone(cell, region)
	v := strings.TrimSpace(cell)
	if !plusless(v) {
		return p, err
	}
	q, intlErr := contact.ParsePhone("+"+v, region)
	switch {
	case intlErr != nil:
		return p, err
	case err != nil || p == q || ownCode(p, v):
		return q, nil
	}
	return contact.Phone{}, &contact.ParseError{Field: "phone", Input: cell,
		Err: &AmbiguousPhoneError{Region: strings.ToUpper(strings.TrimSpace(region)), National: p, International: q}}
}

// scientific reports whether v is a number in scientific notation, as a
// spreadsheet writes a long number it keeps as a number in a column of
// the General format ("3.36123E+10", "6,12346E+08" in a locale of decimal
// commas): digits, a decimal mark and digits, "E" or "e", a sign and
// digits.
func scientific(v string) bool {
	digits := func(s string) (rest string, ok bool) {
		t := strings.TrimLeft(s, "0123456789")
		return t, len(t) < len(s)
	}
	v = strings.TrimPrefix(v, "-")
	v, ok := digits(v)
	if !ok {
		return false
	}
	if len(v) > 0 && (v[0] == '.' || v[0] == ',') {
		if v, ok = digits(v[1:]); !ok {
			return false
		}
	}
	if len(v) == 0 || v[0] != 'E' && v[0] != 'e' {
		return false
	}
	v = v[1:]
	if len(v) > 0 && (v[0] == '+' || v[0] == '-') {
		v = v[1:]
	}
	v, ok = digits(v)
	return ok && v == ""
}

// scientificError is the error of a phone cell in scientific notation.
type scientificError struct{}

func (scientificError) Error() string {
	return "a number in scientific notation, as a spreadsheet writes a long number " +
		"(its last digits may be rounded away): format the column as text and export the file again"
}

// Unwrap returns ErrScientificNotation and contact.ErrInvalidPhone.
func (scientificError) Unwrap() []error {
	return []error{ErrScientificNotation, contact.ErrInvalidPhone}
}

// ownCode reports whether the digits v, read as the national number p,
// start with p's own calling code: p is that code then v itself.
func ownCode(p contact.Phone, v string) bool {
	e := p.String()
	cc, ok := strings.CutSuffix(e, v)
	return ok && len(cc) > 1 && strings.HasPrefix(v, cc[1:])
}

// plusless reports whether v, trimmed, may be an international number
// written without its "+": digits alone, enough of them, the first not a
// zero (a trunk or an international prefix).
func plusless(v string) bool {
	return len(v) >= minInternationalDigits && v[0] != '0' && strings.Trim(v, "0123456789") == ""
}

// plusDropped tells from the sampled cells of m's phone columns whether the
// file drops the "+" of its international numbers (Mapping.PlusDropped):
// of the cells of digits alone (the first n of each column), more read only
// with a "+" in region than only without. A cell both read alike (the
// region's own code first: 33612345678 in France) tells nothing; one read
// two ways, the international reading with the region's own code first
// (4915112345608 in Germany), counts as international, as ParsePhone
// reads it.
func plusDropped(m Mapping, sample []Row, n int, region string) (bool, string) {
	intl, national := 0, 0
	for _, c := range m.Columns {
		if c.Target.Kind != KindPhone {
			continue
		}
		for _, v := range sampleValues(c.Index, sample, n) {
			eachAddress(KindPhone, v, func(a string) {
				if !plusless(a) {
					return
				}
				nat, nerr := contact.ParsePhone(a, region)
				plus, perr := contact.ParsePhone("+"+a, region)
				switch {
				case nerr != nil && perr == nil, nerr == nil && perr == nil && plus != nat && ownCode(nat, a):
					intl++
				case nerr == nil && (perr != nil || plus != nat):
					// (A cell read both ways, as two numbers, counts so:
					// a file of them does not say it drops its "+", and
					// ParsePhone refuses them whatever the mapping.)
					national++
				}
			})
		}
	}
	if intl <= national {
		return false, ""
	}
	return true, fmt.Sprintf("%d of the %d sampled phones of digits alone read only as international numbers, their \"+\" dropped", intl, intl+national)
}
