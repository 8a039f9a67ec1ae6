package importer

import (
	"strings"

	"github.com/contactkit/contactkit/contact"
)

// minInternationalDigits is the fewest digits of a number that ParsePhone
// reads as international without its "+": the shortest numbers of a
// country code and a subscriber.
const minInternationalDigits = 8

// ParsePhone reads a phone cell as the import does: contact.ParsePhone in
// region, and, where that fails for a cell of digits alone that does not
// start with a zero, the same digits after a "+". A spreadsheet keeps a
// phone typed "+27821234567" as the number 27821234567, and the files of
// SMS tools write numbers that way (MSISDN): a French workspace reads
// 27821234567 as a national number, too long, but +27 82 123 4567 is a
// number of South Africa. A national number that region reads is never read
// again: 612345678 stays French. The error is that of the national reading.
func ParsePhone(cell, region string) (contact.Phone, error) {
	p, err := contact.ParsePhone(cell, region)
	if err == nil {
		return p, nil
	}
	v := strings.TrimSpace(cell)
	if len(v) < minInternationalDigits || v[0] == '0' || strings.Trim(v, "0123456789") != "" {
		return contact.Phone{}, err
	}
	if p, intlErr := contact.ParsePhone("+"+v, region); intlErr == nil {
		return p, nil
	}
	return contact.Phone{}, err
}
