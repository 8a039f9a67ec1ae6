package importer

import (
	"fmt"
	"slices"
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
// guess against the file's own evidence. why says it as text, and
// told says whether the values told the order, or disagreed on it: it is
// false when the order is the region's or no value is written in numbers.
func dateOrder(values []string, region string) (o field.DateOrder, why string, told bool) {
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
		return field.ISODate, "", false
	case byDay && byMonth:
		return field.ISODate, fmt.Sprintf("dates left unread: %q has the day first, %q the month", day, month), true
	case byDay:
		return field.DayFirst, fmt.Sprintf("dates read day first: %q has its day first", day), true
	case byMonth:
		return field.MonthFirst, fmt.Sprintf("dates read month first: %q has its month first", month), true
	}
	o = RegionDateOrder(region)
	return o, fmt.Sprintf("dates read %s, as region %q writes them: no sampled date tells", o, region), false
}

// fileDateOrder reads how the file of sample writes dates in numbers:
// from the values of the columns m maps to dates (dateOrder) or, when
// those do not tell it (none is mapped, or none of their values tells),
// from the values of every column whose values are dates (a birthday
// Suggest offers as an alternative only, which the caller may pick with
// Mapping.Set): so that Mapping.Dates is known for any column of dates the
// caller maps. A column that is not mapped to a date is not let to
// overrule the mapped ones: when the values of all disagree, the mapped
// ones' order stands.
func fileDateOrder(m Mapping, cands [][]Candidate, sample []Row, defs []field.Definition, n int, region string) (field.DateOrder, string) {
	mapped := m.DateColumns(defs)
	var values []string
	for _, i := range mapped {
		values = append(values, sampleValues(i, sample, n)...)
	}
	o, why, told := dateOrder(values, region)
	if told {
		return o, why
	}
	all, more := slices.Clone(values), false
	for i, cs := range cands {
		if slices.Contains(mapped, i) || !slices.ContainsFunc(cs, isDateCandidate) {
			continue
		}
		all, more = append(all, sampleValues(i, sample, n)...), true
	}
	if !more {
		return o, why
	}
	o2, why2, told2 := dateOrder(all, region)
	if told2 && o2 == field.ISODate && len(values) > 0 {
		return o, why // they disagree: the mapped columns' order stands
	}
	return o2, why2
}

// isDateCandidate reports whether c offers a column as dates by its values.
func isDateCandidate(c Candidate) bool {
	return c.Reason.Kind == ReasonValues && c.Target.Kind == KindBirthDate
}
