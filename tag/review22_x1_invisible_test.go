package tag_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/tag"
)

// FINDING (X1): a tag with a character drawn as nothing outside category
// Cf ("vip" and a combining grapheme joiner, a Hangul filler, a reserved
// code point of the tag block) was another tag than "vip", which reads the
// same. Such characters are removed: it is "vip".
func TestRv22x1TagWithoutDefaultIgnorable(t *testing.T) {
	for _, in := range []string{"vip\u034f", "v\u3164ip", "\U000e0000vip", "vi\uffa0p"} {
		n, err := tag.ParseName(in)
		require.NoError(t, err, "ParseName(%+q)", in)
		require.Equal(t, "vip", n.String(), "ParseName(%+q)", in)
	}
	names, err := tag.Limits{}.Parse("vip, vip\u034f, \u3164")
	require.NoError(t, err)
	require.Len(t, names, 1, "one tag, typed three ways")
}
