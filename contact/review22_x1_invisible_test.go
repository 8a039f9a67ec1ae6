package contact_test

import (
	"testing"

	"github.com/contactkit/contactkit/contact"
)

// FINDING (X1): NormalizeName kept the default-ignorable characters
// outside category Cf (the combining grapheme joiner, the Hangul fillers,
// the reserved code points of the tag block): a name of Hangul fillers
// alone identified a contact that showed no name.
func TestRv22x1NameWithoutDefaultIgnorable(t *testing.T) {
	for in, want := range map[string]string{
		"An\u034fn": "Ann", "Ann\U000e0000": "Ann", "\u3164": "", "\u3164 \uffa0": "", "Ada \u3164 Lovelace": "Ada Lovelace", "\u115f\u1160": "",
	} {
		if got := contact.NormalizeName(in); got != want {
			t.Errorf("NormalizeName(%+q) = %+q, want %+q", in, got, want)
		}
	}
}
