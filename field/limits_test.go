package field_test

import (
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/field"
)

func TestCoerceURLSchemes(t *testing.T) {
	tests := []struct {
		in     string
		reason error
	}{
		{"javascript:alert(1)", field.ErrURLScheme},
		{"JavaScript:alert(document.cookie)", field.ErrURLScheme},
		{"javascript://%0aalert(1)", field.ErrURLScheme},
		{"vbscript:msgbox(1)", field.ErrURLScheme},
		{"data:text/html,<script>alert(1)</script>", field.ErrURLScheme},
		{"mailto:ann@example.com", field.ErrURLScheme},
		{"ftp://example.com/", field.ErrURLScheme},
		{"file:///etc/passwd", field.ErrURLScheme},
		{"javascript:", field.ErrURLScheme},
		{"javascript:/alert(1)", field.ErrURLScheme},
		{"https:///path", field.ErrURLHost},
		{"http://", field.ErrURLHost},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			v, err := def(field.TypeURL).Coerce(tt.in, "")
			if !errors.Is(err, tt.reason) || !errors.Is(err, field.ErrInvalidValue) {
				t.Errorf("Coerce(%q) = %q, %v; want %v", tt.in, v, err, tt.reason)
			}
			if _, err := field.ParseValue(field.TypeURL, tt.in); !errors.Is(err, tt.reason) {
				t.Errorf("ParseValue(%q) = %v; want %v", tt.in, err, tt.reason)
			}
		})
	}
	for in, want := range map[string]string{
		"example.com:8080/page": "https://example.com:8080/page",
		"example.com:443":       "https://example.com/",
		"example.com:/page":     "https://example.com/page",
		"HTTP://Example.com":    "http://example.com/",
	} {
		if v, err := def(field.TypeURL).Coerce(in, ""); err != nil || v.String() != want {
			t.Errorf("Coerce(%q) = %q, %v; want %q", in, v, err, want)
		}
	}
}

func TestCoerceWithLimits(t *testing.T) {
	long := strings.Repeat("é", 300)
	if _, err := def(field.TypeText).Coerce(long, ""); !errors.Is(err, field.ErrTooLong) || !errors.Is(err, field.ErrInvalidValue) {
		t.Errorf("Coerce(300 characters) = %v, want ErrTooLong", err)
	}
	opts := field.CoerceOptions{Limits: field.Limits{Text: 300}}
	v, err := def(field.TypeText).CoerceWith(long, opts)
	if err != nil || v.String() != long {
		t.Fatalf("CoerceWith(300 characters, Text: 300) = %v", err)
	}
	if _, err := def(field.TypeText).CoerceWith(long+"x", opts); !errors.Is(err, field.ErrTooLong) {
		t.Errorf("CoerceWith(301 characters, Text: 300) = %v, want ErrTooLong", err)
	}
	// A stored value typed under larger limits reads back and checks.
	if got, err := field.ParseValue(field.TypeText, long); err != nil || got != v {
		t.Errorf("ParseValue(300 characters) = %v", err)
	}
	if err := def(field.TypeText).CheckValue(v); err != nil {
		t.Errorf("CheckValue(300 characters) = %v", err)
	}
	if _, err := field.ParseValue(field.TypeText, strings.Repeat("a", field.MaxValueLen+1)); !errors.Is(err, field.ErrTooLong) {
		t.Errorf("ParseValue over MaxValueLen = %v, want ErrTooLong", err)
	}
	// Limits above the ceiling are lowered to it.
	if got := (field.Limits{Text: 1 << 30, Textarea: -1}).WithDefaults(); got != (field.Limits{Text: field.MaxValueLen, Textarea: field.MaxTextareaLen}) {
		t.Errorf("WithDefaults() = %+v", got)
	}
	if got := (field.Limits{}).WithDefaults(); got != field.DefaultLimits {
		t.Errorf("zero Limits WithDefaults() = %+v, want DefaultLimits", got)
	}
	area := strings.Repeat("ab\n", 5000)
	if _, err := def(field.TypeTextarea).Coerce(area, ""); !errors.Is(err, field.ErrTooLong) {
		t.Errorf("Coerce(textarea of 15,000 characters) = %v, want ErrTooLong", err)
	}
	if _, err := def(field.TypeTextarea).CoerceWith(area, field.CoerceOptions{Limits: field.Limits{Textarea: 20000}}); err != nil {
		t.Errorf("CoerceWith(textarea of 15,000 characters, Textarea: 20000) = %v", err)
	}
}

func TestCoerceASCIIEmail(t *testing.T) {
	d := def(field.TypeEmail)
	v, err := d.Coerce("Ann <Ann@Bücher.de>", "")
	if err != nil || v.String() != "ann@xn--bcher-kva.de" {
		t.Errorf("Coerce(international, pasted) = %q, %v", v, err)
	}
	if _, err := d.CoerceWith("ann@bücher.de", field.CoerceOptions{ASCIIEmail: true}); !errors.Is(err, field.ErrInvalidValue) {
		t.Errorf("CoerceWith(international, ASCII) = %v, want ErrInvalidValue", err)
	}
}

// TestHugeInputs checks every type with a megabyte of input: refused,
// with a short message, and without reading it when it is far over any
// valid value (counted in allocations, not timed).
func TestHugeInputs(t *testing.T) {
	inputs := map[string]string{
		"letters":  strings.Repeat("a", 1<<20),
		"digits":   strings.Repeat("1", 1<<20),
		"dashes":   strings.Repeat("-", 1<<20),
		"spaces":   strings.Repeat(" ", 1<<20) + "x",
		"commas":   strings.Repeat("a,", 1<<19),
		"accented": strings.Repeat("é", 1<<19),
	}
	for _, typ := range allTypes {
		for name, in := range inputs {
			d := def(typ)
			_, err := d.Coerce(in, "FR")
			if !errors.Is(err, field.ErrInvalidValue) || !errors.Is(err, field.ErrTooLong) {
				t.Errorf("%s/%s: Coerce(1 MB) = %v, want ErrInvalidValue and ErrTooLong", typ, name, err)
				continue
			}
			if n := len(err.Error()); n > 300 {
				t.Errorf("%s/%s: error message of %d bytes", typ, name, n)
			}
			if n := allocated(func() { _, _ = d.Coerce(in, "FR") }); n > 16<<10 {
				t.Errorf("%s/%s: %d bytes allocated to refuse 1 MB: the input was read", typ, name, n)
			}
			if _, err := field.ParseValue(typ, in); err == nil && name != "spaces" {
				t.Errorf("%s/%s: ParseValue(1 MB) accepted", typ, name)
			}
		}
	}
	if _, err := field.ParseKey(strings.Repeat("a", 1<<20)); err == nil || len(err.Error()) > 300 {
		t.Errorf("ParseKey(1 MB) = %v", err)
	}
	if _, err := field.ParseType(strings.Repeat("a", 1<<20)); err == nil || len(err.Error()) > 300 {
		t.Errorf("ParseType(1 MB) = %v", err)
	}
	if _, err := field.ParseDate(strings.Repeat("2", 1<<20)); err == nil || len(err.Error()) > 300 {
		t.Errorf("ParseDate(1 MB) = %v", err)
	}
}

// allocated returns the bytes of heap that f allocates. A parser that
// refuses an input before reading it allocates a few hundred bytes for its
// error; one that copies or normalises the input allocates its size.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
