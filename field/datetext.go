package field

import (
	"strings"
	"time"
	"unicode/utf8"
)

// dateOfDateTime reads s as an ISO 8601 date and time, "YYYY-MM-DD" then
// 'T' or a space and a time of day ("2024-05-12T10:22:33Z",
// "2024-05-12 10:22", "2024-05-12T10:22:33.5+02:00"), as exports write
// date-time values, and returns its date as written: the day of the
// writer's clock, whatever its offset. ok is false for another text.
func dateOfDateTime(s string) (Date, bool) {
	if len(s) < len("2006-01-02T15:04") || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !isTimeOfDay(s[11:]) {
		return Date{}, false
	}
	d, err := parseDate(s[:10])
	return d, err == nil
}

// isTimeOfDay reports whether s is "HH:MM", with seconds and a fraction of
// them or not, then a zone or not: "Z", or an offset "+HH:MM", "+HHMM" or
// "+HH".
func isTimeOfDay(s string) bool {
	two := func(s string, most int) bool {
		n, ok := digits(s)
		return len(s) == 2 && ok && n <= most
	}
	if len(s) < 5 || !two(s[0:2], 23) || s[2] != ':' || !two(s[3:5], 59) {
		return false
	}
	s = s[5:]
	if len(s) >= 3 && s[0] == ':' {
		if !two(s[1:3], 60) { // a leap second
			return false
		}
		s = s[3:]
		if len(s) > 0 && (s[0] == '.' || s[0] == ',') {
			i := 1
			for i < len(s) && s[i] >= '0' && s[i] <= '9' {
				i++
			}
			if i == 1 {
				return false
			}
			s = s[i:]
		}
	}
	switch {
	case s == "" || s == "Z" || s == "z":
		return true
	case s[0] == '+' || s[0] == '-':
		z := s[1:]
		switch len(z) {
		case 2:
			return two(z, 23)
		case 4:
			return two(z[:2], 23) && two(z[2:], 59)
		case 5:
			return two(z[:2], 23) && z[2] == ':' && two(z[3:], 59)
		}
	}
	return false
}

// months maps the names of the months in English and French, whole and
// abbreviated as people and spreadsheets write them, folded to lower case
// without accents, to their month.
var months = func() map[string]time.Month {
	m := map[string]time.Month{}
	for i, names := range [12]string{
		"january jan janvier janv",
		"february feb fevrier fevr fev",
		"march mar mars",
		"april apr avril avr",
		"may mai",
		"june jun juin",
		"july jul juillet juil",
		"august aug aout",
		"september sep sept septembre",
		"october oct octobre",
		"november nov novembre",
		"december dec decembre",
	} {
		for _, n := range strings.Fields(names) {
			m[n] = time.Month(i + 1)
		}
	}
	return m
}()

// monthNamed returns the month that w names (see months), ignoring case,
// the accents of French names and a final '.' ("Sept.", "févr.", "AOÛT").
func monthNamed(w string) (time.Month, bool) {
	w = strings.TrimSuffix(w, ".")
	if len(w) < 3 || len(w) > len("septembre")+2 {
		return 0, false
	}
	var b [16]byte
	n := 0
	for _, r := range w {
		switch r {
		case 'é', 'É', 'è', 'È', 'ê', 'Ê':
			r = 'e'
		case 'û', 'Û', 'ù', 'Ù':
			r = 'u'
		}
		if r >= utf8.RuneSelf || n == len(b) {
			return 0, false
		}
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		b[n] = byte(r)
		n++
	}
	m, ok := months[string(b[:n])]
	return m, ok
}

// namedMonthDate reads s as a date that names its month, in English or
// French: the day and the month in either order, then a year of four
// digits or none ("22 May 1975", "May 22, 1975", "22-May-1975",
// "1er mai 1975", "May 22nd", "22 mai"), or a year of four digits first
// ("1975 May 22"). Spaces, commas, '-' and '/' separate the parts; a '.'
// may end an abbreviated month or the day ("22. Mai"); an English ordinal
// suffix (st, nd, rd, th) or the French "er" may follow the day. ok is
// false for a text of another shape, or with space around it; err is set
// for one of this shape that names no date that exists, or a year of two
// digits.
func namedMonthDate(s string) (d Date, ok bool, err error) {
	if s != strings.TrimSpace(s) {
		return Date{}, false, nil
	}
	var parts [4]string
	n := 0
	for f := range strings.FieldsFuncSeq(s, func(r rune) bool {
		return r == ' ' || r == ',' || r == '-' || r == '/' || r == '\t'
	}) {
		if n == len(parts) {
			return Date{}, false, nil
		}
		parts[n] = f
		n++
	}
	if n < 2 || n > 3 {
		return Date{}, false, nil
	}
	month, at := time.Month(0), -1
	for i, p := range parts[:n] {
		if m, named := monthNamed(p); named {
			if at >= 0 {
				return Date{}, false, nil
			}
			month, at = m, i
		}
	}
	if at < 0 {
		return Date{}, false, nil
	}
	var nums []string
	for i, p := range parts[:n] {
		if i != at {
			nums = append(nums, p)
		}
	}
	var dayText, yearText string
	switch {
	case n == 2:
		dayText = nums[0]
	case at == 1 && isYear(nums[0]):
		yearText, dayText = nums[0], nums[1] // 1975 May 22
	case at == 2:
		return Date{}, false, nil // 22 1975 May
	default:
		dayText, yearText = nums[0], nums[1] // 22 May 1975, May 22 1975
	}
	day, isDay := dayNumber(dayText)
	if !isDay {
		return Date{}, false, nil
	}
	year := 0
	if yearText != "" {
		if _, num := digits(yearText); !num {
			return Date{}, false, nil
		}
		if !isYear(yearText) {
			return Date{}, true, invalid("not a date: the year must have four digits")
		}
		year = atoi(yearText)
	}
	leap := year
	if leap == 0 {
		leap = 2000 // a year-less date may be the 29th of February
	}
	if day < 1 || day > daysIn(month, leap) {
		return Date{}, true, invalid("no such date")
	}
	return Date{Year: year, Month: month, Day: day}, true, nil
}

// isYear reports whether s is a year of four digits, 0001 to 9999.
func isYear(s string) bool {
	n, ok := digits(s)
	return ok && len(s) == 4 && n >= 1
}

// dayNumber reads a day of one or two digits, with a final '.' (German
// "22."), an English ordinal suffix or the French "er" ("1er") or not.
func dayNumber(s string) (int, bool) {
	s = strings.TrimSuffix(s, ".")
	for _, suffix := range []string{"st", "nd", "rd", "th", "er", "ST", "ND", "RD", "TH", "ER"} {
		if len(s) > len(suffix) && strings.HasSuffix(s, suffix) {
			s = s[:len(s)-len(suffix)]
			break
		}
	}
	n, ok := digits(s)
	return n, ok && s != "" && len(s) <= 2
}
