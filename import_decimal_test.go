package contactkit_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/store"
)

// The custom numbers and amounts of a file are read with its decimal mark
// (importer.Mapping.Decimal), as Suggest tells it or the caller sets it;
// a value the mark does not read fails its cell with a typed error, and
// the dry run says what the real run does.
func TestImportDecimalMark(t *testing.T) {
	defs := []field.Definition{
		{Key: acc2Key("score"), Label: "Score", Type: field.TypeNumber},
		{Key: acc2Key("balance"), Label: "Balance", Type: field.TypeMonetary},
	}
	unknown, point, comma := field.DecimalUnknown, field.DecimalPoint, field.DecimalComma
	for _, tc := range []struct {
		name, file string
		set        *field.DecimalMark // the caller's choice, nil for Suggest's
		mark       field.DecimalMark  // the mapping's
		// score and balance of bob's row, "" when it fails on column bad.
		score, balance string
		bad            int
	}{
		{"French Excel", "Email;score;balance\r\nann@example.com;1000,25;\r\nbob@example.com;1,234;1.234,5\r\n",
			nil, field.DecimalComma, "1.234", "1234.50", 0},
		{"the delimiter alone", "Email;score;balance\r\nbob@example.com;1,234;12\r\n",
			nil, field.DecimalComma, "1.234", "12.00", 0},
		// Values that disagree leave the mark unknown: each reads its own.
		{"a point and a comma", "Email;score;balance\r\nann@example.com;1000,25;\r\nbob@example.com;1.5;\r\n",
			nil, field.DecimalUnknown, "1.5", "", 0},
		// A value that tells its own mark is read so.
		{"a point in a file of the caller's commas", "Email;score;balance\r\nann@example.com;1000,25;\r\nbob@example.com;1.5;\r\n",
			&comma, field.DecimalComma, "1.5", "", 0},
		{"no mark reads it", "Email;score;balance\r\nann@example.com;1000,25;\r\nbob@example.com;1,2,3.4,5;\r\n",
			&comma, field.DecimalComma, "", "", 1},
		{"English", "Email,score,balance\nann@example.com,\"1,234.5\",\nbob@example.com,\"1,234\",\"1,234.50\"\n",
			nil, field.DecimalPoint, "1234", "1234.50", 0},
		{"unknown: ambiguous as before", "Email,score,balance\nbob@example.com,\"1,234\",\n",
			nil, field.DecimalUnknown, "", "", 1},
		// A cell the export protected against formulas, which the
		// spreadsheet kept as text: as contactkit wrote it.
		{"an exported negative number", "Email;score;balance\r\nann@example.com;1000,25;\r\nbob@example.com;'-1.234;'-1234.50\r\n",
			nil, field.DecimalComma, "-1.234", "-1234.50", 0},
		{"the caller's point", "Email;score;balance\r\nbob@example.com;1,234;\r\n",
			&point, field.DecimalPoint, "1234", "", 0},
		{"the caller's unknown", "Email;score;balance\r\nbob@example.com;1,234;\r\n",
			&unknown, field.DecimalUnknown, "", "", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc := accService("FR")
			acc2CreateFields(t, svc, defs)
			adjust := func(m *importer.Mapping) {
				if tc.set != nil {
					m.Decimal = *tc.set
				}
			}
			dry := accImport(t, svc, []byte(tc.file), "FR", &contactkit.ImportOptions{DryRun: true}, adjust)
			run := accImport(t, svc, []byte(tc.file), "FR", nil, adjust)
			require.NoError(t, run.err)
			assert.Equal(t, tc.mark, run.m.Decimal, run.m.DecimalReason)
			assert.Equal(t, run.outcomes(), dry.outcomes(), "the dry run is the real run")
			assert.Equal(t, run.failed.String(), dry.failed.String())
			if tc.score == "" {
				row := run.row(t, run.rows[len(run.rows)-1].Line)
				require.Equal(t, contactkit.ImportFailed, row.Outcome)
				require.Len(t, row.Err.Problems, 1, row.Err.Error())
				assert.Equal(t, tc.bad, row.Err.Problems[0].Column)
				assert.ErrorIs(t, row.Err, field.ErrInvalidValue)
				return
			}
			c := accByEmail(t, svc, "bob@example.com")
			assert.Equal(t, tc.score, c.Fields[acc2Key("score")].String())
			assert.Equal(t, tc.balance, c.Fields[acc2Key("balance")].String())
		})
	}
}

// Import refuses a mapping that Validate refuses, as an invalid input,
// writing nothing: a decimal mark or a date order that is none of the
// declared ones, two columns on one field, an unknown custom field.
func TestImportRefusesAnInvalidMapping(t *testing.T) {
	file := []byte("Email,First Name,Last Name,score\nann@example.com,Ann,Lee,3\n")
	for name, tc := range map[string]struct {
		adjust func(*importer.Mapping)
		is     error
	}{
		"decimal mark": {func(m *importer.Mapping) { m.Decimal = 9 }, importer.ErrDecimalMark},
		"date order":   {func(m *importer.Mapping) { m.Dates = 7 }, importer.ErrDateOrder},
		"one field twice": {func(m *importer.Mapping) {
			m.Columns[2].Target = m.Columns[1].Target
		}, nil},
		"unknown custom field": {func(m *importer.Mapping) {
			m.Columns[3].Target = importer.Target{Kind: importer.KindCustom, Field: acc2Key("nowhere")}
		}, importer.ErrUnknownField},
	} {
		t.Run(name, func(t *testing.T) {
			svc := accService("FR")
			run := accImport(t, svc, file, "FR", nil, tc.adjust)
			require.ErrorIs(t, run.err, contactkit.ErrInvalidInput)
			if tc.is != nil {
				require.ErrorIs(t, run.err, tc.is)
			} else {
				_, ok := errors.AsType[*importer.DuplicateTargetError](run.err)
				require.True(t, ok, "%v", run.err)
			}
			page, err := svc.ListContacts(t.Context(), owner, contactkit.ContactQuery{}, store.PageRequest{})
			require.NoError(t, err)
			require.Empty(t, page.Items)
		})
	}
}
