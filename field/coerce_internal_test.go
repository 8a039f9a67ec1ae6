package field

import (
	"strings"
	"testing"
)

// coerceText's shortcut for plain ASCII gives what the full pass gives, for
// the value and for the error: on every input, plain or not.
func FuzzCoerceTextShortcut(f *testing.F) {
	for _, s := range []string{
		"", " ", "gold", "Gold plan", " lead", "trail ", "a\tb", "a\r\nb", "x\x00y", "~!@#$%^&*()_+", "Hélène",
		"\x7f", "a  b", strings.Repeat("z", 300),
	} {
		f.Add(s, false, 10)
		f.Add(s, true, 255)
	}
	f.Fuzz(func(t *testing.T, s string, multiline bool, limit int) {
		limit = max(0, limit%400)
		got, gotErr := coerceText(s, multiline, limit)
		want, wantErr := coerceAnyText(s, multiline, limit)
		if got != want || (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
			t.Fatalf("coerceText(%q, %v, %d) = %q, %v; the full pass gives %q, %v", s, multiline, limit, got, gotErr, want, wantErr)
		}
	})
}
