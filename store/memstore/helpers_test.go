package memstore_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
)

// asserter reports failed checks with t.Errorf, or with t.Fatalf when fatal.
// must stops the test at the first failure; check goes on.
type asserter struct{ fatal bool }

var (
	must  = asserter{fatal: true}
	check = asserter{}
)

func (a asserter) fail(t testing.TB, msgAndArgs []any, format string, args ...any) bool {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if len(msgAndArgs) > 0 {
		if f, ok := msgAndArgs[0].(string); ok {
			msg = fmt.Sprintf(f, msgAndArgs[1:]...) + ": " + msg
		}
	}
	if a.fatal {
		t.Fatal(msg)
	}
	t.Error(msg)
	return false
}

func (a asserter) NoError(t testing.TB, err error, msgAndArgs ...any) bool {
	t.Helper()
	if err != nil {
		return a.fail(t, msgAndArgs, "unexpected error: %v", err)
	}
	return true
}

func (a asserter) ErrorIs(t testing.TB, err, target error, msgAndArgs ...any) bool {
	t.Helper()
	if !errors.Is(err, target) {
		return a.fail(t, msgAndArgs, "got error %v, want one matching %v", err, target)
	}
	return true
}

func (a asserter) Equal(t testing.TB, want, got any, msgAndArgs ...any) bool {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		return a.fail(t, msgAndArgs, "got\n\t%+v\nwant\n\t%+v", got, want)
	}
	return true
}

func (a asserter) True(t testing.TB, v bool, msgAndArgs ...any) bool {
	t.Helper()
	if !v {
		return a.fail(t, msgAndArgs, "got false, want true")
	}
	return true
}

func (a asserter) False(t testing.TB, v bool, msgAndArgs ...any) bool {
	t.Helper()
	if v {
		return a.fail(t, msgAndArgs, "got true, want false")
	}
	return true
}

func (a asserter) Len(t testing.TB, v any, n int, msgAndArgs ...any) bool {
	t.Helper()
	if l := reflect.ValueOf(v).Len(); l != n {
		return a.fail(t, msgAndArgs, "got length %d, want %d", l, n)
	}
	return true
}

func (a asserter) Empty(t testing.TB, v any, msgAndArgs ...any) bool {
	t.Helper()
	if l := reflect.ValueOf(v).Len(); l != 0 {
		return a.fail(t, msgAndArgs, "got %d items %+v, want none", l, v)
	}
	return true
}

func (a asserter) NotEmpty(t testing.TB, v any, msgAndArgs ...any) bool {
	t.Helper()
	if reflect.ValueOf(v).Len() == 0 {
		return a.fail(t, msgAndArgs, "got an empty value")
	}
	return true
}

func (a asserter) LessOrEqual(t testing.TB, got, limit int, msgAndArgs ...any) bool {
	t.Helper()
	if got > limit {
		return a.fail(t, msgAndArgs, "got %d, want at most %d", got, limit)
	}
	return true
}

func (a asserter) Contains(t testing.TB, list, elem any, msgAndArgs ...any) bool {
	t.Helper()
	l := reflect.ValueOf(list)
	for i := range l.Len() {
		if reflect.DeepEqual(l.Index(i).Interface(), elem) {
			return true
		}
	}
	return a.fail(t, msgAndArgs, "%v does not hold %v", list, elem)
}

func (a asserter) PanicsWithValue(t testing.TB, want any, fn func(), msgAndArgs ...any) (ok bool) {
	t.Helper()
	defer func() {
		t.Helper()
		got := recover()
		if got == nil {
			ok = a.fail(t, msgAndArgs, "did not panic")
			return
		}
		if !reflect.DeepEqual(got, want) {
			ok = a.fail(t, msgAndArgs, "panicked with %v, want %v", got, want)
			return
		}
		ok = true
	}()
	fn()
	return true
}
