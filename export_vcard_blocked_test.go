package contactkit_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
)

// I6: a vCard export read back keeps the language (LANG) and the blocked
// status (X-CONTACTKIT-BLOCKED): a blocked contact never comes back active
// from a card.
func TestVCardExportKeepsBlockedAndLanguage(t *testing.T) {
	ctx := t.Context()
	src := accService("FR")
	c, err := src.CreateContact(ctx, accOwner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Spam"), Email: new("spam@example.com"), Language: new("fr")}})
	require.NoError(t, err)
	_, err = src.BlockContact(ctx, accOwner, c.ID, "spam")
	require.NoError(t, err)
	var out bytes.Buffer
	_, err = src.Export(ctx, accOwner, contactkit.ContactQuery{}, &out, &contactkit.ExportOptions{Format: contactkit.ExportVCard})
	require.NoError(t, err)
	dst := accService("FR")
	run := accImport(t, dst, out.Bytes(), "FR", nil, nil)
	require.NoError(t, run.err)
	got := accContacts(t, dst)
	require.Len(t, got, 1)
	require.True(t, got[0].Blocked(), "blocked comes back")
	require.Equal(t, "fr", got[0].Language.String())
}
