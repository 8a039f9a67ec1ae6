package field

import (
	"fmt"
	"time"
)

// Convert returns v, a stored value of any type, as a value of d's type:
// what changing a field's type to d.Type makes of the values contacts hold.
// The zero Value converts to the zero Value.
//
// The conversion reads v's canonical text (Value.String) as new input of
// d's type, with the coercion of Coerce and the settings of opts, so that
// every pair of types converts where the text allows it: text "42" to the
// number 42, the number 42 to the text "42", text "2024-05-01" to a date, a
// select to a multiselect of that one option, a multiselect of one option
// to a select, text naming an option (by value, or by the label of a
// visible option) to a select. Two differences with Coerce: a hidden option
// is kept, as stored values keep theirs, and dates and datetimes convert
// into each other (a date is midnight UTC; a datetime keeps its UTC date).
// An archived d converts too.
//
// A value that does not convert is an *Error wrapping ErrInvalidValue that
// says why (Input is v's text): "abc" is not a number, a multiselect of two
// options is not one option, a date without a year ("--04-12") is no
// datetime, a textarea longer than the text limit is too long (also
// ErrTooLong), a text of only separators ("," ";") names no option of a
// multiselect. A value that is not zero never converts to the zero Value.
// The caller decides what becomes of it.
func (d Definition) Convert(v Value, opts CoerceOptions) (Value, error) {
	if v.IsZero() {
		return Value{}, nil
	}
	switch {
	case v.typ == TypeDate && d.Type == TypeDatetime:
		if day, ok := v.Date(); ok && day.Year == 0 {
			return Value{}, &Error{Key: d.Key, Type: d.Type, Input: v.String(), Err: fmt.Errorf("%w: a date without a year has no time", ErrInvalidValue)}
		} else if ok {
			// Not Datetime, which takes 0001-01-01 at midnight, the zero
			// time, for no value.
			return newValue(TypeDatetime, time.Date(day.Year, day.Month, day.Day, 0, 0, 0, 0, time.UTC).Format(time.RFC3339Nano)), nil
		}
	case v.typ == TypeDatetime && d.Type == TypeDate:
		if t, ok := v.Time(); ok {
			return DateValue(DateOf(t)), nil
		}
	}
	s, err := coerce(d.Type, d.Options, v.String(), opts.config(), matchConvert)
	if err == nil && s == "" {
		// Nothing of v is left (a text of only separators, for a
		// multiselect): a value lost, not one that converted.
		err = invalid("nothing of it is a %s value", d.Type)
	}
	if err != nil {
		return Value{}, &Error{Key: d.Key, Type: d.Type, Input: v.String(), Err: err}
	}
	return newValue(d.Type, s), nil
}
