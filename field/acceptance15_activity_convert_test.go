package field_test

import (
	"errors"
	"testing"

	"github.com/contactkit/contactkit/field"
)

// Convert: "The zero Value converts to the zero Value"; every other value
// converts to a value of the new type or to an *Error wrapping
// ErrInvalidValue that the caller decides on (ChangeFieldType counts it as
// a loss). A text made only of the separators of a multiselect ("," ";")
// names no option: it must not convert to the zero Value without an
// error, which a caller would take for a value that converted.
func TestAcc15ConvertNeverGivesNothingForSomething(t *testing.T) {
	multi := def(field.TypeMultiselect)
	for _, s := range []string{",", ";", " , ", ",,", ", ;"} {
		got, err := multi.Convert(field.Text(s), field.CoerceOptions{DefaultRegion: "FR"})
		if err == nil {
			t.Errorf("Convert(text %q) to a multiselect = %#v, nil; want an error wrapping ErrInvalidValue", s, got)
			continue
		}
		if !errors.Is(err, field.ErrInvalidValue) {
			t.Errorf("Convert(text %q) to a multiselect: %v; want an error wrapping ErrInvalidValue", s, err)
		}
		if _, ok := errors.AsType[*field.Error](err); !ok {
			t.Errorf("Convert(text %q) to a multiselect: %T; want a *field.Error", s, err)
		}
	}
}
