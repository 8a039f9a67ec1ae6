package field_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/contactkit/contactkit/field"
)

func TestParseDate(t *testing.T) {
	valid := map[string]field.Date{
		"2024-02-29": {Year: 2024, Month: time.February, Day: 29},
		"2000-02-29": {Year: 2000, Month: time.February, Day: 29},
		"0001-01-01": {Year: 1, Month: time.January, Day: 1},
		"9999-12-31": {Year: 9999, Month: time.December, Day: 31},
		"--04-12":    {Month: time.April, Day: 12},
		"--02-29":    {Month: time.February, Day: 29},
		"--12-31":    {Month: time.December, Day: 31},
	}
	for s, want := range valid {
		got, err := field.ParseDate(s)
		if err != nil || got != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", s, got, err, want)
		}
		if got.String() != s {
			t.Errorf("ParseDate(%q).String() = %q", s, got.String())
		}
	}
	for _, s := range []string{"", "1900-02-29", "2024-04-31", " 2024-01-01", "2024-01-01 ", "24-01-01", "2024-1-01", "02/01/2024", "2024.01.02", "0000-01-01",
		"--02-30", "--13-01", "--00-10", "--04-00", "--0412", "-04-12", "--4-12", "---4-12", "--04-1x"} {
		if d, err := field.ParseDate(s); !errors.Is(err, field.ErrInvalidValue) {
			t.Errorf("ParseDate(%q) = %v, %v; want ErrInvalidValue", s, d, err)
		}
	}
}

func TestDate(t *testing.T) {
	var zero field.Date
	if !zero.IsZero() || zero.String() != "" {
		t.Errorf("zero Date: IsZero %v, String %q", zero.IsZero(), zero.String())
	}
	tm := time.Date(2024, time.March, 5, 23, 30, 0, 0, time.FixedZone("x", -5*3600))
	if got, want := field.DateOf(tm), (field.Date{Year: 2024, Month: time.March, Day: 5}); got != want {
		t.Errorf("DateOf(%v) = %v, want %v (the date in t's location)", tm, got, want)
	}
}

func TestDateText(t *testing.T) {
	type doc struct {
		D field.Date `json:"d"`
	}
	b, err := json.Marshal(doc{D: field.Date{Year: 1990, Month: time.July, Day: 14}})
	if err != nil || string(b) != `{"d":"1990-07-14"}` {
		t.Errorf("json.Marshal = %s, %v", b, err)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil || out.D != (field.Date{Year: 1990, Month: time.July, Day: 14}) {
		t.Errorf("json.Unmarshal = %v, %v", out.D, err)
	}
	if err := json.Unmarshal([]byte(`{"d":""}`), &out); err != nil || !out.D.IsZero() {
		t.Errorf("json.Unmarshal(empty) = %v, %v; want the zero Date", out.D, err)
	}
	if err := json.Unmarshal([]byte(`{"d":"14/07/1990"}`), &out); !errors.Is(err, field.ErrInvalidValue) {
		t.Errorf("json.Unmarshal(14/07/1990) error %v, want ErrInvalidValue", err)
	}
	if _, err := json.Marshal(doc{D: field.Date{Year: 2024, Month: 13, Day: 1}}); !errors.Is(err, field.ErrInvalidValue) {
		t.Errorf("json.Marshal(month 13) error %v, want ErrInvalidValue", err)
	}
	if b, err := (field.Date{}).MarshalText(); err != nil || len(b) != 0 {
		t.Errorf("zero Date MarshalText = %q, %v", b, err)
	}
}

// A date field's value without a year converts to no datetime: it is an
// *Error wrapping ErrInvalidValue, not a datetime in year 0.
func TestConvertDateWithoutYear(t *testing.T) {
	d := field.Definition{Key: field.MustParseKey("met"), Label: "Met", Type: field.TypeDatetime}
	if _, err := d.Convert(field.DateValue(field.Date{Month: time.April, Day: 12}), field.CoerceOptions{}); !errors.Is(err, field.ErrInvalidValue) {
		t.Errorf("Convert(--04-12) to datetime: %v, want ErrInvalidValue", err)
	}
	v, err := d.Convert(field.DateValue(field.Date{Year: 2024, Month: time.April, Day: 12}), field.CoerceOptions{})
	if err != nil || v.String() == "" {
		t.Errorf("Convert(2024-04-12) to datetime: %v, %v", v, err)
	}
}

// TestParseDateIn: dates in numbers, read in each order; ISODate reads only
// what ParseDate reads.
func TestParseDateIn(t *testing.T) {
	apr12 := field.Date{Year: 1990, Month: time.April, Day: 12}
	dec4 := field.Date{Year: 1990, Month: time.December, Day: 4}
	for _, tc := range []struct {
		in         string
		iso        field.Date // zero: refused
		day, month field.Date
	}{
		{"1990-04-12", apr12, apr12, apr12},
		{"--04-12", field.Date{Month: time.April, Day: 12}, field.Date{Month: time.April, Day: 12}, field.Date{Month: time.April, Day: 12}},
		{"4/12/1990", field.Date{}, dec4, apr12},
		{"04/12/1990", field.Date{}, dec4, apr12},
		{"12.04.1990", field.Date{}, apr12, dec4},
		{"12-04-1990", field.Date{}, apr12, dec4},
		{"22/5/1990", field.Date{}, field.Date{Year: 1990, Month: time.May, Day: 22}, field.Date{}},
		{"5/22/1990", field.Date{}, field.Date{}, field.Date{Year: 1990, Month: time.May, Day: 22}},
		{"1990/04/12", field.Date{}, apr12, apr12},
		{"1990.4.12", field.Date{}, apr12, apr12},
		{"1990-4-12", field.Date{}, apr12, apr12},
		{"29/02/2024", field.Date{}, field.Date{Year: 2024, Month: time.February, Day: 29}, field.Date{}},
		{"29/02/2023", field.Date{}, field.Date{}, field.Date{}},
		{"4/12/90", field.Date{}, field.Date{}, field.Date{}},     // a year of two digits
		{"4/12-1990", field.Date{}, field.Date{}, field.Date{}},   // two separators
		{"4//1990", field.Date{}, field.Date{}, field.Date{}},     // an empty number
		{"4/12/1990/1", field.Date{}, field.Date{}, field.Date{}}, // four numbers
		{"104/12/1990", field.Date{}, field.Date{}, field.Date{}},
		{"1990/123/1", field.Date{}, field.Date{}, field.Date{}},
		{"0/0/00", field.Date{}, field.Date{}, field.Date{}},
		{"1/1/0000", field.Date{}, field.Date{}, field.Date{}},
		{" 4/12/1990", field.Date{}, field.Date{}, field.Date{}},
		{"april 12 1990", field.Date{}, apr12, apr12},
		{"12 April 1990", field.Date{}, apr12, apr12},
		{"12-Apr-1990", field.Date{}, apr12, apr12},
		{"Apr. 12th, 1990", field.Date{}, apr12, apr12},
		{"1990 April 12", field.Date{}, apr12, apr12},
		{"12 avril 1990", field.Date{}, apr12, apr12},
		{"1er décembre 1990", field.Date{}, field.Date{Year: 1990, Month: time.December, Day: 1}, field.Date{Year: 1990, Month: time.December, Day: 1}},
		{"4 DÉC. 1990", field.Date{}, dec4, dec4},
		{"AOÛT 15", field.Date{}, field.Date{Month: time.August, Day: 15}, field.Date{Month: time.August, Day: 15}},
		{"29 Feb", field.Date{}, field.Date{Month: time.February, Day: 29}, field.Date{Month: time.February, Day: 29}},
		{"29 Feb 2023", field.Date{}, field.Date{}, field.Date{}}, // no such date
		{"31 april 1990", field.Date{}, field.Date{}, field.Date{}},
		{"12 April 90", field.Date{}, field.Date{}, field.Date{}}, // a year of two digits
		{"April 1990", field.Date{}, field.Date{}, field.Date{}},  // no day
		{"12 April May", field.Date{}, field.Date{}, field.Date{}},
		{"Thursday 12 April 1990", field.Date{}, field.Date{}, field.Date{}},
		{"12 Abril 1990", field.Date{}, field.Date{}, field.Date{}}, // neither English nor French
		{"1990-04-12T10:22:33Z", field.Date{}, apr12, apr12},
		{"1990-04-12 23:30", field.Date{}, apr12, apr12},
		{"1990-04-12T23:30:00.250-05:00", field.Date{}, apr12, apr12}, // as written, whatever the offset
		{"1990-04-12T24:00", field.Date{}, field.Date{}, field.Date{}},
		{"1990-04-12 noon", field.Date{}, field.Date{}, field.Date{}},
		{"04/12", field.Date{}, field.Date{Month: time.December, Day: 4}, field.Date{Month: time.April, Day: 12}},
		{"4/12", field.Date{}, field.Date{}, field.Date{}},  // a fraction as often
		{"12.5", field.Date{}, field.Date{}, field.Date{}},  // a decimal
		{"10-12", field.Date{}, field.Date{}, field.Date{}}, // a range
		{" May 22", field.Date{}, field.Date{}, field.Date{}},
		{"22. Mai 1975", field.Date{}, field.Date{Year: 1975, Month: time.May, Day: 22}, field.Date{Year: 1975, Month: time.May, Day: 22}},
		{"12.04.", field.Date{}, field.Date{Month: time.April, Day: 12}, field.Date{Month: time.December, Day: 4}},
		{"29/02", field.Date{}, field.Date{Month: time.February, Day: 29}, field.Date{}},
		{"12/2024", field.Date{}, field.Date{}, field.Date{}}, // a month of a year is no day
		{"", field.Date{}, field.Date{}, field.Date{}},
	} {
		for _, o := range []struct {
			order field.DateOrder
			want  field.Date
		}{{field.ISODate, tc.iso}, {field.DayFirst, tc.day}, {field.MonthFirst, tc.month}} {
			got, err := field.ParseDateIn(tc.in, o.order)
			switch {
			case o.want.IsZero() && !errors.Is(err, field.ErrInvalidValue):
				t.Errorf("ParseDateIn(%q, %s) = %v, %v; want ErrInvalidValue", tc.in, o.order, got, err)
			case !o.want.IsZero() && (err != nil || got != o.want):
				t.Errorf("ParseDateIn(%q, %s) = %v, %v; want %v", tc.in, o.order, got, err, o.want)
			}
		}
	}
}

// TestOrderOf: what a date in numbers tells of its order.
func TestOrderOf(t *testing.T) {
	for _, tc := range []struct {
		in      string
		order   field.DateOrder
		written bool
	}{
		{"22/5/1990", field.DayFirst, true},
		{"5/22/1990", field.MonthFirst, true},
		{"5/4/1990", field.ISODate, true},
		{"5/5/1990", field.ISODate, true},
		{"1990/05/04", field.ISODate, true},
		{"1990-05-04", field.ISODate, false},
		{"--05-04", field.ISODate, false},
		{"31/31/1990", field.ISODate, false},
		{"5/4/90", field.ISODate, false},
		{"soon", field.ISODate, false},
		{"22/05", field.DayFirst, true},
		{"05/22", field.MonthFirst, true},
		{"05/04", field.ISODate, true},
		{"5/4", field.ISODate, false},
		{"22 May 1990", field.ISODate, true},
		{"1990-05-22 10:00", field.ISODate, true},
	} {
		if o, w := field.OrderOf(tc.in); o != tc.order || w != tc.written {
			t.Errorf("OrderOf(%q) = %s, %v; want %s, %v", tc.in, o, w, tc.order, tc.written)
		}
	}
}
