package field

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a civil date (a day, without a time or a zone): the value of date
// fields and of a contact's birth date. The zero Date is "no date".
//
// Its fields are exported for convenience; ParseDate only makes dates that
// exist, between 0001-01-01 and 9999-12-31, and days of the year without
// a year (Year 0, written "--MM-DD" as ISO 8601 and vCard write them): a
// birthday whose year is not known, as Google Contacts exports it.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String returns d as "YYYY-MM-DD", "--MM-DD" for a date without a year,
// or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	if d.Year == 0 {
		return fmt.Sprintf("--%02d-%02d", int(d.Month), d.Day)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// ParseDate parses exactly "YYYY-MM-DD" (ISO 8601 calendar date, four-digit
// year 0001–9999), or "--MM-DD", a day of the year without a year (Year 0;
// "--02-29" is one). A date that does not exist ("2023-02-29") is an
// error, and so are other layouts: "01/02/2024" means January or February
// depending on the country, so it is refused rather than guessed (ParseDateIn
// reads it in an order the caller knows). Errors wrap ErrInvalidValue.
func ParseDate(s string) (Date, error) {
	d, err := parseDate(s)
	if err != nil {
		return Date{}, fmt.Errorf("parse date %q: %w", clip(s), err)
	}
	return d, nil
}

func parseDate(s string) (Date, error) {
	if len(s) == len("--01-02") && s[0] == '-' && s[1] == '-' && s[4] == '-' {
		m, ok1 := digits(s[2:4])
		d, ok2 := digits(s[5:7])
		if !ok1 || !ok2 {
			return Date{}, invalid("not a date: want YYYY-MM-DD or --MM-DD")
		}
		// A leap year: every day of the year that some year has.
		if m < 1 || m > 12 || d < 1 || d > daysIn(time.Month(m), 2000) {
			return Date{}, invalid("no such date")
		}
		return Date{Month: time.Month(m), Day: d}, nil
	}
	if len(s) != len("2006-01-02") || s[4] != '-' || s[7] != '-' {
		return Date{}, invalid("not a date: want YYYY-MM-DD")
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, invalid("not a date: want YYYY-MM-DD")
	}
	if y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(time.Month(m), y) {
		return Date{}, invalid("no such date")
	}
	return Date{Year: y, Month: time.Month(m), Day: d}, nil
}

// DateOrder is how ParseDateIn reads a date written with numbers and
// separators ("04/12/1990"): which of the day and the month comes first,
// which the text does not say. Files exported in a country's own format
// (Outlook's birthdays, spreadsheets) write dates so.
type DateOrder int

const (
	// ISODate reads only what ParseDate reads: YYYY-MM-DD and --MM-DD.
	ISODate DateOrder = iota
	// DayFirst reads 12/04/1990, 12.04.1990, 12-04-1990 and 12/04 as 12
	// April (1990), as most of the world writes dates, and the other forms
	// of a file's dates (see ParseDateIn).
	DayFirst
	// MonthFirst reads 04/12/1990 and 04/12 as 12 April (1990), as the
	// United States writes dates, and the other forms of a file's dates
	// (see ParseDateIn).
	MonthFirst
)

// Valid reports whether o is one of the declared orders.
func (o DateOrder) Valid() bool { return o >= ISODate && o <= MonthFirst }

// String returns "iso", "day-first" or "month-first".
func (o DateOrder) String() string {
	switch o {
	case DayFirst:
		return "day-first"
	case MonthFirst:
		return "month-first"
	case ISODate:
		return "iso"
	}
	return "DateOrder(" + strconv.Itoa(int(o)) + ")"
}

// ParseDateIn parses s as ParseDate does and, with DayFirst or
// MonthFirst, as the files people bring write dates:
//
//   - numbers separated by one of '/', '.' and '-' (the same each time):
//     the day and the month (one or two digits each) in o's order, then a
//     year of four digits ("4/12/1990"), or a year of four digits first,
//     then the month and the day ("1990/04/12"), whatever o; or a day of
//     the year, two digits each and no year, separated by '/' or '.'
//     ("04/12", as Mailchimp exports birthdays; "12.04." as German writes
//     it: not "4/12", "12.5" or "3-4", which are more often a fraction, a
//     decimal or a range);
//   - the month named in English or French, whole or abbreviated, with or
//     without a year of four digits: "22 May 1975", "May 22nd, 1975",
//     "22-May-1975", "1er mai 1975", "Sept. 22", "22 févr.";
//   - an ISO 8601 date and time ("2024-05-12T10:22:33Z",
//     "2024-05-12 10:22"): its date as written, whatever its offset.
//
// A year of two digits is refused: its century would be a guess. Errors
// wrap ErrInvalidValue.
func ParseDateIn(s string, o DateOrder) (Date, error) {
	d, err := parseDateIn(s, o)
	if err != nil {
		return Date{}, fmt.Errorf("parse date %q: %w", clip(s), err)
	}
	return d, nil
}

func parseDateIn(s string, o DateOrder) (Date, error) {
	d, err := parseDate(s)
	if err == nil || o == ISODate {
		return d, err
	}
	if d, ok := dateOfDateTime(s); ok {
		return d, nil
	}
	if d, ok, err := namedMonthDate(s); ok {
		return d, err
	}
	return numericDate(s, o)
}

// numericDate reads s, which ParseDate does not read, as a date in numbers
// in order o (DayFirst or MonthFirst; see ParseDateIn).
func numericDate(s string, o DateOrder) (Date, error) {
	a, b, c, ok := dateNumbers(s)
	if !ok {
		return Date{}, invalid("not a date: want YYYY-MM-DD, or the day, the month and the year in numbers")
	}
	var y, m, day int
	switch {
	case len(a) == 4:
		y, m, day = atoi(a), atoi(b), atoi(c)
	case c != "" && len(c) != 4:
		return Date{}, invalid("not a date: the year must have four digits")
	case o == MonthFirst:
		m, day, y = atoi(a), atoi(b), atoi(c)
	default:
		day, m, y = atoi(a), atoi(b), atoi(c)
	}
	leap := y
	if c == "" {
		leap = 2000 // a day of the year without its year may be 29 February
	} else if y < 1 {
		return Date{}, invalid("no such date (read %s)", o)
	}
	if m < 1 || m > 12 || day < 1 || day > daysIn(time.Month(m), leap) {
		return Date{}, invalid("no such date (read %s)", o)
	}
	return Date{Year: y, Month: time.Month(m), Day: day}, nil
}

// OrderOf says what s tells of the order of the day and the month of a date
// written in numbers: DayFirst when only that order reads it ("22/5/1990",
// "22/5"), MonthFirst when only that one does ("5/22/1990"), ISODate when
// both do ("5/4/1990", "1990/05/04", "22 May 1990") or neither. written
// reports whether s is a date that ParseDate does not read but an order
// does (see ParseDateIn).
func OrderOf(s string) (o DateOrder, written bool) {
	if _, err := parseDate(s); err == nil {
		return ISODate, false
	}
	_, errDay := parseDateIn(s, DayFirst)
	_, errMonth := parseDateIn(s, MonthFirst)
	switch {
	case errDay == nil && errMonth != nil:
		return DayFirst, true
	case errMonth == nil && errDay != nil:
		return MonthFirst, true
	}
	return ISODate, errDay == nil
}

// dateNumbers splits s into runs of digits separated by one of '/', '.'
// and '-', the same each time: three (a year of four digits first and two
// numbers of one or two digits, or two such numbers first and then four
// digits or fewer: the caller checks the year), or, separated by '/' or
// '.', two numbers of two digits, a day of the year without its year (c
// is ""), which '.' may end ("22.05.", as German writes it). Two digits
// each, and no '-': "12.5", "1/2" and "3-4" are a decimal, a fraction and
// a range more often than a date.
func dateNumbers(s string) (a, b, c string, ok bool) {
	sep := strings.IndexAny(s, "/.-")
	if sep < 0 {
		return "", "", "", false
	}
	sepText := s[sep : sep+1]
	parts := strings.Split(s, sepText)
	if sepText == "." && len(parts) == 3 && parts[2] == "" {
		parts = parts[:2] // 22.05.
	}
	if len(parts) != 2 && len(parts) != 3 {
		return "", "", "", false
	}
	for _, p := range parts {
		if _, ok := digits(p); !ok || p == "" || len(p) > 4 {
			return "", "", "", false
		}
	}
	a, b = parts[0], parts[1]
	if len(parts) == 2 {
		return a, b, "", sepText != "-" && len(a) == 2 && len(b) == 2
	}
	c = parts[2]
	if len(a) == 4 {
		return a, b, c, len(b) <= 2 && len(c) <= 2
	}
	return a, b, c, len(a) <= 2 && len(b) <= 2
}

// atoi parses a run of at most four ASCII digits.
func atoi(s string) int {
	n, _ := digits(s)
	return n
}

// digits parses a string of ASCII digits.
func digits(s string) (int, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// MarshalText implements encoding.TextMarshaler: "YYYY-MM-DD" ("--MM-DD"
// without a year), empty for the zero Date. A date that does not exist (month 13) is an error wrapping
// ErrInvalidValue, so that nothing unreadable is written.
func (d Date) MarshalText() ([]byte, error) {
	s := d.String()
	if s != "" {
		if _, err := ParseDate(s); err != nil {
			return nil, fmt.Errorf("marshal date: %w", err)
		}
	}
	return []byte(s), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseDate; empty
// text gives the zero Date.
func (d *Date) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(string(text))
	if err != nil {
		return err
	}
	*d = p
	return nil
}
