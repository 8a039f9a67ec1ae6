package tag_test

import (
	"slices"
	"testing"

	"github.com/contactkit/contactkit/tag"
)

// T1: "Typed input is split on comma, tab and newline (Enter/Tab/Comma)".
// The comma key of a keyboard does not type "," everywhere: a Chinese
// input method types the full-width comma "，" (U+FF0C), a Japanese one
// the ideographic comma "、" (U+3001), an Arabic, Persian or Urdu layout
// the Arabic comma "،" (U+060C). Each ends a name as "," does.
func TestAcc11ParseSplitsOnTheCommaOfEveryKeyboard(t *testing.T) {
	for _, tc := range []struct {
		name, input string
		want        []string
	}{
		{"full-width comma", "客户，重要 ， VIP", []string{"客户", "重要", "VIP"}},
		{"ideographic comma", "東京、大阪、東京", []string{"東京", "大阪"}},
		{"Arabic comma", "عميل، مهم،عميل", []string{"عميل", "مهم"}},
		{"mixed with the others", "a，b、c،d,e\tf\ng", []string{"a", "b", "c", "d", "e", "f", "g"}},
		{"separators only", " ，、، ", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tag.Parse(tc.input)
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tc.input, err)
			}
			if !slices.Equal(spellings(got), tc.want) {
				t.Errorf("Parse(%q) = %q, want %q (T1: split on comma)", tc.input, spellings(got), tc.want)
			}
		})
	}
}
