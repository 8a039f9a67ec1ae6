package importer

import (
	"fmt"
	"strings"

	"github.com/contactkit/contactkit/field"
)

// monthFirstRegions are the regions whose people write a date with the
// month first (4/12/1990 for 12 April): the United States and its
// territories, and the few that follow its usage.
var monthFirstRegions = map[string]bool{
	"US": true, "AS": true, "GU": true, "MP": true, "PR": true, "UM": true, "VI": true,
	"FM": true, "MH": true, "PW": true, "PH": true,
}

// RegionDateOrder returns how people of region (ISO 3166-1 alpha-2) write a
// date in numbers: field.MonthFirst for the United States and the regions
// that follow its usage, field.DayFirst elsewhere and for "".
func RegionDateOrder(region string) field.DateOrder {
	if monthFirstRegions[strings.ToUpper(strings.TrimSpace(region))] {
		return field.MonthFirst
	}
	return field.DayFirst
}

// dateOrder reads, from the sampled values of the date columns of a file,
// how it writes dates in numbers (see field.OrderOf): a value that only one
// order reads tells it. When no value tells, and some are written in
// numbers, it is region's usage; when the values disagree, or none is
// written in numbers, it is field.ISODate, so that no date is read by a
// guess against the file's own evidence. why says it as text.
func dateOrder(values []string, region string) (o field.DateOrder, why string) {
	written := 0
	seen := map[field.DateOrder]string{} // an example of each order told
	for _, v := range values {
		told, ok := field.OrderOf(strings.TrimSpace(v))
		if !ok {
			continue
		}
		written++
		if _, dup := seen[told]; told != field.ISODate && !dup {
			seen[told] = v
		}
	}
	day, byDay := seen[field.DayFirst]
	month, byMonth := seen[field.MonthFirst]
	switch {
	case written == 0:
		return field.ISODate, ""
	case byDay && byMonth:
		return field.ISODate, fmt.Sprintf("dates left unread: %q has the day first, %q the month", day, month)
	case byDay:
		return field.DayFirst, fmt.Sprintf("dates read day first: %q has its day first", day)
	case byMonth:
		return field.MonthFirst, fmt.Sprintf("dates read month first: %q has its month first", month)
	}
	o = RegionDateOrder(region)
	return o, fmt.Sprintf("dates read %s, as region %q writes them: no sampled date tells", o, region)
}
