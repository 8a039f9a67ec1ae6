package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
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
