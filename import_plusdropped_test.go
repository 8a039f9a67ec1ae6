package contactkit_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
)

// A file that drops the "+" of its numbers: a phone or custom phone cell
// of digits alone that reads as two numbers fails its row, naming the
// cell, both numbers and where the region came from; one of one reading
// is read; the dry run says the same, failed-rows file included.
func TestImportPlusDroppedTwoReadings(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		// column is the bad cell's, -1 when the row imports.
		column     int
		regionFrom string
	}{
		{"the phone, country column", "Email,Country,Phone,alt_phone\nann@example.com,IT,33612345611,\n", 2, "country column"},
		{"the phone, calling code column", "Email,Calling Code,Phone,alt_phone\nann@example.com,+39,33612345611,\n", 2, "calling code column"},
		{"the custom phone", "Email,Country,Phone,alt_phone\nann@example.com,IT,,33612345611\n", 3, "country column"},
		{"the phone, service default", "Email,Phone,alt_phone\nann@example.com,447911123457,\n", 1, "service default"},
		{"one reading", "Email,Country,Phone,alt_phone\nann@example.com,FR,447911123456,447911123456\n", -1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			region := "FR"
			if tc.regionFrom == "service default" {
				region = "DE"
			}
			svc := accService(region)
			acc2CreateFields(t, svc, []field.Definition{acc13PhoneField})
			plus := func(m *importer.Mapping) { m.PlusDropped = true }
			dry := accImport(t, svc, []byte(tc.file), region, &contactkit.ImportOptions{DryRun: true}, plus)
			run := accImport(t, svc, []byte(tc.file), region, nil, plus)
			require.NoError(t, run.err)
			assert.Equal(t, run.outcomes(), dry.outcomes(), "the dry run is the real run")
			assert.Equal(t, run.failed.String(), dry.failed.String())
			row := run.row(t, 2)
			if tc.column < 0 {
				assert.Equal(t, contactkit.ImportCreated, row.Outcome, "%v", row.Err)
				return
			}
			require.Equal(t, contactkit.ImportFailed, row.Outcome, run.mappingText())
			require.Len(t, row.Err.Problems, 1, row.Err.Error())
			pr := row.Err.Problems[0]
			assert.Equal(t, tc.column, pr.Column)
			assert.Equal(t, tc.regionFrom, pr.RegionFrom)
			_, ok := errors.AsType[*importer.AmbiguousPhoneError](pr.Err)
			assert.True(t, ok, "%v", pr.Err)
			assert.Contains(t, run.failed.String(), "reads as two numbers")
			assert.Empty(t, accContacts(t, svc))
		})
	}
}
