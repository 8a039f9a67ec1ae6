package inputtext_test

import (
	"testing"

	"github.com/contactkit/contactkit/internal/inputtext"
)

// TestRv21listsBlank: Blank is true for a text drawn as nothing and false
// as soon as one character shows, whatever its script.
func TestRv21listsBlank(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"", true}, {" \t\n", true}, {"\u00a0\u3000", true}, {"\x00\x7f", true},
		{"\u200b\u200d\ufeff\u202e", true}, {"\u3164\u115f\u1160\uffa0", true},
		{"\u034f\ufe0f\U000e0100", true}, {"\u2800", true},
		{"a", false}, {"\u3164a", false}, {"한", false}, {"👍", false}, {"\u0301", false},
		{"\xff", false}, // invalid UTF-8 reads as U+FFFD, which shows
	}
	for _, tt := range tests {
		if got := inputtext.Blank(tt.in); got != tt.want {
			t.Errorf("Blank(%+q) = %t, want %t", tt.in, got, tt.want)
		}
	}
}
