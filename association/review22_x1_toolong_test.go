package association_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/association"
	"github.com/contactkit/contactkit/contact"
)

// FINDING (X1): a type name, a record ID or a label over its limit gave an
// *association.Error that said so only in its text, like an empty or a
// malformed one: a caller could not tell them apart without comparing
// messages. The error of one over its limit wraps contact.ErrTooLong now.
func TestRv22x1TooLongIsTyped(t *testing.T) {
	_, err := association.ParseTarget(strings.Repeat("a", association.MaxTypeName+1), "r1")
	require.ErrorIs(t, err, association.ErrInvalid)
	require.ErrorIs(t, err, contact.ErrTooLong, "a type name over its limit")
	_, err = association.ParseTarget("deal", strings.Repeat("7", association.MaxRecordID+1))
	require.ErrorIs(t, err, association.ErrInvalid)
	require.ErrorIs(t, err, contact.ErrTooLong, "a record ID over its limit")
	typ := association.Type{Name: "deal", FreeLabels: true}
	_, err = typ.Label(strings.Repeat("é", association.MaxLabel+1))
	require.ErrorIs(t, err, association.ErrInvalid)
	require.ErrorIs(t, err, contact.ErrTooLong, "a label over its limit")
	require.Less(t, len(err.Error()), 200)

	for _, in := range [][2]string{{"", "r1"}, {"Deal", "r1"}, {"deal", ""}, {"deal", "a\x00"}} {
		_, err := association.ParseTarget(in[0], in[1])
		require.ErrorIs(t, err, association.ErrInvalid, "%+q", in)
		require.NotErrorIs(t, err, contact.ErrTooLong, "%+q is not too long", in)
	}
	l, err := typ.Label(strings.Repeat("é", association.MaxLabel))
	require.NoError(t, err)
	require.Equal(t, association.MaxLabel, len([]rune(l)))
}
