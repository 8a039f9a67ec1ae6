package storetest

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
)

var timeType = reflect.TypeFor[time.Time]()

// diff compares got with want field by field, as the round-trip rule asks,
// and describes the first difference ("" when there is none). It is
// reflect.DeepEqual with two exceptions, both documented in the package doc:
//
//   - time.Time values are compared with time.Time.Equal: a store may give
//     back an instant in another location and without its monotonic clock
//     reading;
//   - a nil slice or map equals an empty one: a store need not tell them
//     apart.
func diff(got, want any) string {
	return diffValue("", reflect.ValueOf(got), reflect.ValueOf(want))
}

func diffValue(path string, got, want reflect.Value) string {
	if !got.IsValid() || !want.IsValid() {
		if got.IsValid() == want.IsValid() {
			return ""
		}
		return fmt.Sprintf("%s: got %s, want %s", pathOr(path), show(got), show(want))
	}
	if got.Type() != want.Type() {
		return fmt.Sprintf("%s: got a %s, want a %s", pathOr(path), got.Type(), want.Type())
	}
	if got.Type() == timeType && got.CanInterface() {
		g, w := got.Interface().(time.Time), want.Interface().(time.Time)
		if !g.Equal(w) {
			return fmt.Sprintf("%s: got %s, want %s (compared with time.Time.Equal)", pathOr(path), g.Format(time.RFC3339Nano), w.Format(time.RFC3339Nano))
		}
		return ""
	}
	switch got.Kind() {
	case reflect.Struct:
		for i := range got.NumField() {
			name := got.Type().Field(i).Name
			if d := diffValue(path+"."+name, got.Field(i), want.Field(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Slice, reflect.Array:
		if got.Len() != want.Len() {
			return fmt.Sprintf("%s: got %d elements %s, want %d %s", pathOr(path), got.Len(), show(got), want.Len(), show(want))
		}
		for i := range got.Len() {
			if d := diffValue(fmt.Sprintf("%s[%d]", path, i), got.Index(i), want.Index(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Map:
		if got.Len() != want.Len() {
			return fmt.Sprintf("%s: got %d entries %s, want %d %s", pathOr(path), got.Len(), show(got), want.Len(), show(want))
		}
		keys := want.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(show(a), show(b)) })
		for _, k := range keys {
			p := fmt.Sprintf("%s[%s]", path, show(k))
			g := got.MapIndex(k)
			if !g.IsValid() {
				return fmt.Sprintf("%s: missing, want %s", p, show(want.MapIndex(k)))
			}
			if d := diffValue(p, g, want.MapIndex(k)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Pointer, reflect.Interface:
		if got.IsNil() || want.IsNil() {
			if got.IsNil() == want.IsNil() {
				return ""
			}
			return fmt.Sprintf("%s: got %s, want %s", pathOr(path), show(got), show(want))
		}
		return diffValue(path, got.Elem(), want.Elem())
	case reflect.Bool:
		if got.Bool() != want.Bool() {
			return mismatch(path, got, want)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if got.Int() != want.Int() {
			return mismatch(path, got, want)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if got.Uint() != want.Uint() {
			return mismatch(path, got, want)
		}
	case reflect.Float32, reflect.Float64:
		if got.Float() != want.Float() {
			return mismatch(path, got, want)
		}
	case reflect.Complex64, reflect.Complex128:
		if got.Complex() != want.Complex() {
			return mismatch(path, got, want)
		}
	case reflect.String:
		if got.String() != want.String() {
			return mismatch(path, got, want)
		}
	default:
		// Functions, channels and unsafe pointers do not cross the seam.
	}
	return ""
}

func mismatch(path string, got, want reflect.Value) string {
	return fmt.Sprintf("%s: got %s, want %s", pathOr(path), show(got), show(want))
}

func pathOr(path string) string {
	if path == "" {
		return "value"
	}
	return path
}

// show formats v for a message, including values read from unexported
// fields (which cannot be turned back into an interface).
func show(v reflect.Value) string {
	if !v.IsValid() {
		return "<nothing>"
	}
	if v.CanInterface() {
		if s, ok := v.Interface().(fmt.Stringer); ok && v.Kind() != reflect.Pointer {
			return fmt.Sprintf("%q", s.String())
		}
		return fmt.Sprintf("%#v", v.Interface())
	}
	switch v.Kind() {
	case reflect.String:
		return fmt.Sprintf("%q", v.String())
	case reflect.Bool:
		return fmt.Sprint(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return fmt.Sprint(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return fmt.Sprint(v.Uint())
	case reflect.Float32, reflect.Float64:
		return fmt.Sprint(v.Float())
	}
	return "(" + v.Type().String() + ")"
}
