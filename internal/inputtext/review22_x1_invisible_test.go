package inputtext_test

import (
	"testing"

	"github.com/contactkit/contactkit/internal/inputtext"
)

// FINDING (X1): the default-ignorable characters outside category Cf —
// the combining grapheme joiner U+034F, the Hangul fillers, the Khmer
// inherent vowels, the reserved code points of the tag block — are drawn
// as nothing, yet StripInvisible kept them: "An\u034fn" stayed a name, and
// a tag, other than "Ann" that reads the same. They are removed now; the
// variation selectors, which change how an emoji is drawn, stay.
func TestRv22x1StripDefaultIgnorable(t *testing.T) {
	for _, r := range []rune{0x34F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x2065, 0x3164, 0xFFA0, 0xFFF0, 0xE0000, 0xE0002, 0xE001F, 0xE0080, 0xE0FFF} {
		in := "An" + string(r) + "n"
		if got := inputtext.StripInvisible(in); got != "Ann" {
			t.Errorf("StripInvisible(%+q) = %+q, want \"Ann\"", in, got)
		}
		if !inputtext.Invisible(r) {
			t.Errorf("Invisible(%U) = false, want true", r)
		}
	}
	for _, in := range []string{"❤\ufe0f", "葛\U000e0100", "한국어", "Zoë", "a\u0301"} {
		if got := inputtext.StripInvisible(in); got != in {
			t.Errorf("StripInvisible(%+q) = %+q, want it unchanged", in, got)
		}
	}
}
