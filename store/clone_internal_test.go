package store

import (
	"reflect"
	"testing"
	"time"
	"unsafe"
)

// TestCloneSharesNothingMutable: a kind whose Clone returns its value as it
// is (no copy) has values without slices, maps or pointers, time.Time's
// location aside; one with them gets a copy.
func TestCloneSharesNothingMutable(t *testing.T) {
	for _, k := range Kinds() {
		v, err := k.Unmarshal([]byte("{}"))
		if err != nil {
			t.Fatalf("%s: %v", k.Name(), err)
		}
		same := dataOf(k.Clone(v)) == dataOf(v)
		if refs := references(reflect.TypeOf(v)); same && refs != "" {
			t.Errorf("%s: Clone returns the value as it is, which holds %s", k.Name(), refs)
		}
	}
}

// dataOf returns the pointer to the value an interface holds.
func dataOf(v any) unsafe.Pointer { return (*[2]unsafe.Pointer)(unsafe.Pointer(&v))[1] }

// references returns the kind of the first reference within a value of
// type t (a slice, a map, a pointer…), or "" if there is none.
func references(t reflect.Type) string {
	if t == reflect.TypeFor[time.Time]() {
		return ""
	}
	switch t.Kind() {
	case reflect.Struct:
		for i := range t.NumField() {
			if r := references(t.Field(i).Type); r != "" {
				return t.Field(i).Name + ": " + r
			}
		}
		return ""
	case reflect.Array:
		return references(t.Elem())
	case reflect.Slice, reflect.Map, reflect.Pointer, reflect.Interface, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return t.Kind().String()
	}
	return ""
}
