package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
)

// A CRM export or a sales team's sheet names each contact's owner or
// rep by email: the same few addresses on every row. Read by their values
// as the contacts' own emails, they made every row after the first a
// duplicate of it (an address is one contact's, C9): one contact of the
// file was imported. A column whose addresses repeat from row to row is
// no email column by its values; the contacts' own column still is.
func TestReview18SharedAddressColumnsAreNotTheContacts(t *testing.T) {
	file := "First Name,Last Name,Work Address,Owner Email,Sales Rep Email\n" +
		"Ann,Lee,ann@example.com,alice@mycompany.com,rep@mycompany.com\n" +
		"Bob,Roe,bob@example.com,alice@mycompany.com,rep@mycompany.com\n" +
		"Cyd,Poe,cyd@example.com,alice@mycompany.com,rep2@mycompany.com\n" +
		"Dan,Orr,dan@example.com,alice@mycompany.com,rep@mycompany.com\n"
	svc := accService("US")
	run := accImport(t, svc, []byte(file), "US", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, importer.KindEmail, run.target("Work Address").Kind, run.mappingText())
	assert.NotEqual(t, importer.KindEmail, run.target("Owner Email").Kind, run.mappingText())
	assert.NotEqual(t, importer.KindEmail, run.target("Sales Rep Email").Kind, run.mappingText())
	require.Equal(t, 4, run.res.Created, run.outcomes()+run.mappingText())
	assert.Equal(t, []string{"bob@example.com"}, accStrings(accByName(t, svc, "Bob").Emails()))
}
