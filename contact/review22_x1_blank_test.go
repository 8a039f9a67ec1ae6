package contact_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
)

// FINDING (X1): with KeepOnBlank (capture, import: a blank cell never
// clears), a name or another text field given only characters that
// NormalizeName removes — control characters ("\x00", "\x1b") — was not
// blank, so it was applied, and what it normalised to, "", cleared the
// field. It leaves the field as it is now, as white space does.
func TestRv22x1KeepOnBlankKeepsTextOfRemovedCharacters(t *testing.T) {
	for _, in := range []string{"\x00", "\x1b\x7f", " \x00 \u200b", "\u0085\x00"} {
		c := contact.Contact{Workspace: "w", Status: contact.StatusActive, FirstName: "Ada", Company: "Acme"}
		p := contact.Patch{FirstName: &in, Company: &in}
		require.NoError(t, p.Apply(&c, contact.ApplyOptions{KeepOnBlank: true}), "the value %+q", in)
		require.Equal(t, "Ada", c.FirstName, "the value %+q", in)
		require.Equal(t, "Acme", c.Company, "the value %+q", in)
	}
}
