package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
)

// A file whose rows end with empty cells past the header (Excel writes
// them for columns once formatted) imports every row; a row with a value
// past the header still fails with its line, and goes to the failed rows.
func TestImportBlankCellsPastHeader(t *testing.T) {
	svc := accService("FR")
	csv := "First Name,Last Name,Email,Mobile Phone\r\n" +
		"Ann,Lee,ann@example.com,06 12 34 56 78,,,\r\n" +
		"Bob,Ray,bob@example.com,,, ,\r\n" +
		"Cyd,Sun,cyd@example.com,,,oops\r\n"
	run := accImport(t, svc, []byte(csv), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 3, run.res.Rows, run.outcomes())
	assert.Equal(t, 2, run.res.Created, run.outcomes())
	assert.Equal(t, contactkit.ImportCreated, run.row(t, 2).Outcome)
	assert.Equal(t, contactkit.ImportCreated, run.row(t, 3).Outcome)
	cyd := run.row(t, 4)
	require.Equal(t, contactkit.ImportFailed, cyd.Outcome)
	assert.ErrorIs(t, cyd.Err, importer.ErrCellCount)
	assert.Contains(t, run.failed.String(), "oops")
	assert.NotContains(t, run.failed.String(), "ann@example.com")

	ann := accByEmail(t, svc, "ann@example.com")
	assert.Equal(t, "+33612345678", ann.Phone.String())
}

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

// A phone column that a spreadsheet saved in scientific notation fails
// each row with an error that says what happened and what to do.
func TestImportScientificNotationPhones(t *testing.T) {
	svc := accService("FR")
	csv := "First Name,Mobile Phone\nAnn,3.36123E+10\nBob,06 12 34 56 78\n"
	run := accImport(t, svc, []byte(csv), "FR", nil, nil)
	require.NoError(t, run.err)
	assert.Equal(t, 1, run.res.Created, run.outcomes())
	ann := run.row(t, 2)
	require.Equal(t, contactkit.ImportFailed, ann.Outcome)
	assert.ErrorIs(t, ann.Err, importer.ErrScientificNotation)
	assert.ErrorIs(t, ann.Err, contact.ErrInvalidPhone)
	assert.Contains(t, ann.Err.Error(), "format the column as text")
}

// Two exports joined into one file ("cat a.csv b.csv") repeat the header,
// a byte order mark before it perhaps, quoted or not: that row is skipped as a repeat of
// the header, not imported as a contact named "First Name" or failed; a
// row that only shares some of the header's words is a row.
func TestImportRepeatedHeader(t *testing.T) {
	for _, dry := range []bool{false, true} {
		svc := accService("FR")
		csv := "First Name,Last Name,Company\r\n" +
			"Ann,Lee,Acme\r\n" +
			"\uFEFFFirst Name,Last Name,Company\r\n" +
			"first name , LAST NAME,company\r\n" +
			"Bob,Ray,Initech\r\n" +
			"First Name,Lee,Company\r\n" +
			"\uFEFF\"First Name\",\"Last Name\",\"Company\"\r\n"
		run := accImport(t, svc, []byte(csv), "FR", &contactkit.ImportOptions{DryRun: dry}, nil)
		require.NoError(t, run.err)
		assert.Equal(t, 6, run.res.Rows, run.outcomes())
		assert.Equal(t, 3, run.res.Created, run.outcomes())
		assert.Equal(t, 3, run.res.Skipped, run.outcomes())
		assert.Equal(t, 3, run.res.SkippedHeaders, run.outcomes())
		for _, line := range []int{3, 4, 7} {
			r := run.row(t, line)
			assert.Equal(t, contactkit.ImportSkipped, r.Outcome)
			assert.Equal(t, contactkit.SkipHeader, r.Skip)
		}
		assert.Equal(t, contactkit.ImportCreated, run.row(t, 6).Outcome, "a row of two of the header's cells")
		if !dry {
			assert.Len(t, accContacts(t, svc), 3)
		}
	}
}

// A file without a header whose first row holds only an email, then a
// blank line, is no title then a table: every row is imported or fails
// with its reason, the first one included.
func TestImportHeaderlessNotAPreamble(t *testing.T) {
	svc := accService("FR")
	csv := "ann@example.com,,\n,,\n,Bob,Lee\ncyd@example.com,Cyd,Ho\n"
	run := accImport(t, svc, []byte(csv), "FR", nil, nil)
	require.NoError(t, run.err)
	require.True(t, run.m.Headerless, run.mappingText())
	assert.Equal(t, 3, run.res.Rows, run.outcomes())
	assert.Equal(t, contactkit.ImportCreated, run.row(t, 1).Outcome)
	assert.Equal(t, contactkit.ImportCreated, run.row(t, 4).Outcome)
}
