package activity_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/activity"
)

// FINDING (X1): the *ParseError of an ID quoted its input whole: an ID of
// a megabyte (from a URL, a JSON body) gave an error of a megabyte. It
// quotes a short prefix now.
func TestRv22x1ParseIDQuotesAPrefix(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	_, err := activity.ParseID(long)
	require.ErrorIs(t, err, activity.ErrInvalidID)
	require.Less(t, len(err.Error()), 200)
	var id activity.ID
	err = id.UnmarshalText([]byte(long))
	require.ErrorIs(t, err, activity.ErrInvalidID)
	require.Less(t, len(err.Error()), 200)
}
