package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
)

// An update relabels an address the contact holds with the label of a
// label cell, a value of the row, but not with the label a column's header
// implies ("Mobile Phone"), which labels new addresses only: a vendor's
// file imported again keeps the labels the user chose.
func TestImportUpdateRelabelsFromLabelCellsOnly(t *testing.T) {
	svc := accService("FR")
	_, err := svc.CreateContact(t.Context(), accOwner, contactkit.ContactInput{Patch: contact.Patch{
		FirstName: new("Ann"), Email: new("ann@example.com"),
		Phone: new("+33 6 12 34 56 78"), PhoneLabel: new("whatsapp"),
	}})
	require.NoError(t, err)

	run := accImport(t, svc, []byte("First Name,Email,Mobile Phone,Work Phone\nAnn,ann@example.com,06 12 34 56 78,01 23 45 67 89\n"), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 1, run.res.Updated, run.outcomes())
	c := accByEmail(t, svc, "ann@example.com")
	assert.Equal(t, contact.Label("whatsapp"), c.PhoneLabel, "the header's label is no value of the row")
	require.Len(t, c.OtherPhones, 1)
	assert.Equal(t, contact.Label("work"), c.OtherPhones[0].Label, "a new address takes its header's label")

	run = accImport(t, svc, []byte("Email,Phone 1 - Value,Phone 1 - Label\nann@example.com,06 12 34 56 78,Mobile\n"), "FR", nil, nil)
	require.NoError(t, run.err)
	require.Equal(t, 1, run.res.Updated, run.outcomes())
	assert.Equal(t, contact.Label("mobile"), accByEmail(t, svc, "ann@example.com").PhoneLabel, "a label cell is a value of the row")
}
