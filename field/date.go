package field

import (
	"fmt"
	"strconv"
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
// depending on the country, so it is refused rather than guessed. Errors
// wrap ErrInvalidValue.
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
