package field

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Value is a typed custom field value: a Type and the value's canonical text.
// It is comparable: two Values are == when they have the same type and the
// same canonical content, which is what a Store compares byte for byte.
// The zero Value is empty ("no value") and has no type; every constructor
// returns the zero Value for empty content.
//
// Definition.Coerce makes Values from raw input and is the way to read user
// or import data. The constructors below build a Value from content that is
// already canonical (they do not trim, fold or check it);
// Definition.CheckValue and Validate report one that is not.
type Value struct {
	typ Type
	s   string // canonical form; options of a multiselect are joined by multiSep
}

// multiSep joins the options of a multiselect inside a Value. Option values
// cannot contain it (Definition.Validate refuses control characters), so the
// encoding is unambiguous.
const multiSep = "\x1f"

// multiJoin joins the options of a multiselect in Value.String.
const multiJoin = ", "

func newValue(t Type, s string) Value {
	if s == "" {
		return Value{}
	}
	return Value{typ: t, s: s}
}

// Text returns a text value holding s as given.
func Text(s string) Value { return newValue(TypeText, s) }

// Textarea returns a textarea value holding s as given.
func Textarea(s string) Value { return newValue(TypeTextarea, s) }

// Number returns a number value holding the canonical decimal dec: an
// optional "-", the integer digits without leading zeros, and when there is
// a fraction "." and its digits without trailing zeros ("-1234.5", "0.25").
func Number(dec string) Value { return newValue(TypeNumber, dec) }

// Monetary returns a monetary value holding the canonical amount dec: like a
// Number but with exactly two decimals ("1234.50", "-3.00").
func Monetary(dec string) Value { return newValue(TypeMonetary, dec) }

// Bool returns a checkbox value. Bool(false) is a value (the box was
// answered "no"), not the zero Value.
func Bool(b bool) Value { return Value{typ: TypeCheckbox, s: strconv.FormatBool(b)} }

// DateValue returns a date value; the zero Date gives the zero Value.
func DateValue(d Date) Value { return newValue(TypeDate, d.String()) }

// Datetime returns a datetime value holding t in UTC, to the nanosecond
// (monotonic clock reading dropped); the zero time gives the zero Value.
func Datetime(t time.Time) Value {
	if t.IsZero() {
		return Value{}
	}
	return newValue(TypeDatetime, t.UTC().Format(time.RFC3339Nano))
}

// Select returns a select value holding the option value opt.
func Select(opt string) Value { return newValue(TypeSelect, opt) }

// Multiselect returns a multiselect value holding the set of option values
// opts: empty strings are dropped, duplicates removed and the rest sorted
// (byte order), so that the same set always gives the same Value whatever
// the order of the input or of the definition's options.
func Multiselect(opts ...string) Value {
	set := make([]string, 0, len(opts))
	for _, o := range opts {
		if o != "" {
			set = append(set, o)
		}
	}
	slices.Sort(set)
	set = slices.Compact(set)
	return newValue(TypeMultiselect, strings.Join(set, multiSep))
}

// Phone returns a phone value holding the E.164 number e164 ("+33612345678").
func Phone(e164 string) Value { return newValue(TypePhone, e164) }

// Email returns an email value holding the normalised address addr.
func Email(addr string) Value { return newValue(TypeEmail, addr) }

// URL returns a url value holding the canonical URL u.
func URL(u string) Value { return newValue(TypeURL, u) }

// Type returns v's type; "" for the zero Value.
func (v Value) Type() Type { return v.typ }

// Stored returns the type of v and its content as a store keeps it: String,
// but for a multiselect, whose options are joined by U+001F (as
// MarshalText writes them after the type and a colon). StoredValue gives v
// back from them.
func (v Value) Stored() (Type, string) { return v.typ, v.s }

// StoredValue returns the Value whose Stored gives t and s, without
// coercion or checks: for a store that keeps values in its own form and
// gives back only what it was given. An empty s gives the zero Value.
func StoredValue(t Type, s string) Value { return newValue(t, s) }

// IsZero reports whether v is empty.
func (v Value) IsZero() bool { return v.s == "" }

// String returns the canonical text form of v, "" when empty: what a CSV
// export writes and what Definition.Coerce and ParseValue read back to an
// equal Value. A multiselect's options are joined by ", ".
func (v Value) String() string {
	if v.typ == TypeMultiselect {
		return strings.ReplaceAll(v.s, multiSep, multiJoin)
	}
	return v.s
}

// Bool returns the state of a checkbox value; ok is false for any other
// value (including the zero Value).
func (v Value) Bool() (b, ok bool) {
	if v.typ != TypeCheckbox {
		return false, false
	}
	switch v.s {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// Decimal returns the canonical decimal of a number or monetary value
// ("-1234.5", "12.30"), exact: no float rounding. ok is false for any other
// value.
func (v Value) Decimal() (dec string, ok bool) {
	if v.typ != TypeNumber && v.typ != TypeMonetary {
		return "", false
	}
	return v.s, true
}

// Float returns a number or monetary value as the nearest float64, for
// sorting and arithmetic where exactness does not matter; ok is false for
// any other value or one that is not a decimal.
func (v Value) Float() (f float64, ok bool) {
	dec, ok := v.Decimal()
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(dec, 64)
	if err != nil {
		return 0, false
	}
	return f, true
}

// Date returns the date of a date value; ok is false for any other value or
// one that is not a date.
func (v Value) Date() (d Date, ok bool) {
	if v.typ != TypeDate {
		return Date{}, false
	}
	d, err := parseDate(v.s)
	return d, err == nil
}

// Time returns the instant of a datetime value, in UTC; ok is false for any
// other value or one that is not RFC 3339.
func (v Value) Time() (t time.Time, ok bool) {
	if v.typ != TypeDatetime {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, v.s)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// Options returns the option values of a select (one) or multiselect (in
// byte order) value, in a new slice; nil for any other value.
func (v Value) Options() []string {
	if v.typ == TypeSelect {
		return []string{v.s}
	}
	if v.typ == TypeMultiselect {
		return strings.Split(v.s, multiSep)
	}
	return nil
}
