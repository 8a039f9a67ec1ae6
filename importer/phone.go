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
// region, and, where that fails for a cell of digits alone that does not
// start with a zero, the same digits after a "+". A spreadsheet keeps a
// phone typed "+27821234567" as the number 27821234567, and the files of
// SMS tools write numbers that way (MSISDN): a French workspace reads
// 27821234567 as a national number, too long, but +27 82 123 4567 is a
// number of South Africa. A national number that region reads is never read
// again: 612345678 stays French, but for a cell whose digits start with
// the region's own calling code and that reads as international too: in a
// region of numbers of several lengths, 4915112345608 reads in Germany as
// the national number +494915112345608, and is the mobile +4915112345608
// whose "+" was dropped, as libphonenumber reads 33612345678 in France. The
// error is that of the national reading.
func ParsePhone(cell, region string) (contact.Phone, error) {
	p, err := contact.ParsePhone(cell, region)
	v := strings.TrimSpace(cell)
	if err == nil && !(plusless(v) && ownCode(p, v)) {
		return p, nil
	}
	if !plusless(v) {
		return contact.Phone{}, err
	}
	if q, intlErr := contact.ParsePhone("+"+v, region); intlErr == nil {
		return q, nil
	}
	if err == nil {
		return p, nil
	}
	return contact.Phone{}, err
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
