package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// LinkedIn's connections export begins with a note before its header:
// it imports as a file with its header first, every row with its line.
func TestImportLinkedInConnections(t *testing.T) {
	svc := accService("FR")
	csv := "Notes:\n" +
		`"When exporting your connection data, you may notice that some of the email addresses are missing."` + "\n" +
		"\n" +
		"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" +
		"Ann,Lee,https://www.linkedin.com/in/annlee,ann@example.com,Acme,Engineer,02 Dec 2026\n" +
		"Bob,Ray,https://www.linkedin.com/in/bobray,,Initech,CTO,01 Dec 2026\n" +
		"Cyd,Sun,https://www.linkedin.com/in/cydsun,not an email,Globex,CEO,30 Nov 2026\n"
	run := accImport(t, svc, []byte(csv), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 3, run.res.Rows, run.outcomes())
	assert.Equal(t, 2, run.res.Created, run.outcomes())
	assert.Equal(t, 1, run.res.Failed, run.outcomes())
	assert.Equal(t, "email", string(run.target("Email Address").Kind), run.mappingText())
	ann := accByEmail(t, svc, "ann@example.com")
	assert.Equal(t, "Ann", ann.FirstName)
	assert.Equal(t, "Acme", ann.Company)
	assert.Equal(t, "Engineer", ann.JobTitle)
	bob := accByName(t, svc, "Bob")
	assert.Equal(t, "Initech", bob.Company)
	// The failed row keeps its line in the file.
	assert.Error(t, run.row(t, 7).Err)
}
