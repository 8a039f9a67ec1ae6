package contact_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
)

// FINDING (X1): ParseLabel did not put a label in NFC, as names and tags
// are: "Büro" typed with a combining diaeresis (as macOS writes file
// contents) was another label than "Büro", and its length was counted in
// code points as given, so a label of 32 such letters was refused as
// longer than MaxLabelLen characters. A label is in NFC now, counted so.
func TestRv22x1LabelIsNFC(t *testing.T) {
	composed, err := contact.ParseLabel("Büro")
	require.NoError(t, err)
	decomposed, err := contact.ParseLabel("Bu\u0308ro")
	require.NoError(t, err)
	require.Equal(t, composed, decomposed)
	require.Equal(t, contact.Label("büro"), decomposed)

	long, err := contact.ParseLabel(strings.Repeat("u\u0308", contact.MaxLabelLen))
	require.NoError(t, err, "%d characters, each written with a combining mark", contact.MaxLabelLen)
	require.Equal(t, contact.Label(strings.Repeat("ü", contact.MaxLabelLen)), long)
	_, err = contact.ParseLabel(strings.Repeat("u\u0308", contact.MaxLabelLen+1))
	require.ErrorIs(t, err, contact.ErrTooLong)
}
