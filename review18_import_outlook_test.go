package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Outlook writes a contact's missing birthday as day, month and year zero
// in the date format of the Windows regional settings: "0/0/00" in the
// United States, France or the United Kingdom, "0.0.00" in Germany,
// Austria, Switzerland or Russia, "0-0-00" in the Netherlands. An Outlook
// with an English interface and German regional settings exports English
// headers and German dates. Each zero date is no birthday, as "0/0/00"
// is, not a row that fails.
func TestReview18OutlookZeroBirthdayInRegionalFormats(t *testing.T) {
	file := "First Name,Last Name,E-mail Address,Birthday,Anniversary\r\n" +
		"Ann,Lee,ann@example.com,0.0.00,0.0.00\r\n" +
		"Bob,Roe,bob@example.com,12.4.1985,0.0.00\r\n" +
		"Cyd,Poe,cyd@example.com,0-0-00,0-0-00\r\n" +
		"Dan,Orr,dan@example.com,0/0/00,0/0/00\r\n"
	svc := accService("DE")
	run := accImport(t, svc, []byte(file), "DE", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 4, run.res.Created, run.outcomes())
	assert.Equal(t, 0, run.res.Failed, run.outcomes())
	assert.Equal(t, "1985-04-12", accByEmail(t, svc, "bob@example.com").BirthDate.String())
	for _, e := range []string{"ann@example.com", "cyd@example.com", "dan@example.com"} {
		assert.True(t, accByEmail(t, svc, e).BirthDate.IsZero(), e)
	}
}
