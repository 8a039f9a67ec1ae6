package contactkit_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
)

// importExtraCustom imports data as a caller that keeps every column does:
// ExtraCustom, the new fields created as text fields first. A kept
// mapping, if not nil, is used instead (a file without a header is
// imported again with the mapping of the first).
func importExtraCustom(t *testing.T, svc *contactkit.Service, data []byte, kept *importer.Mapping) *accRun {
	t.Helper()
	run := accImportMapped(t, svc, accOwner, data, &importer.MapOptions{Region: "FR", Extra: importer.ExtraCustom}, nil, func(m *importer.Mapping) {
		if kept != nil {
			*m = *kept
		}
		defs, err := svc.Fields(context.Background(), accOwner)
		require.NoError(t, err)
		for _, k := range m.NewFields(defs) {
			_, err := svc.CreateField(context.Background(), accOwner, field.Definition{Key: k, Label: k.String(), Type: field.TypeText})
			require.NoError(t, err)
		}
	})
	require.NoError(t, run.err)
	return run
}

// A failed-rows file is fixed and imported again by a caller that keeps
// every unmatched column as a custom field (ExtraCustom): the column of
// reasons that the failed-rows file added is no column of the user's. It
// was mapped to a new custom field "import_error", and each fixed row
// stored the reason it had failed for. Its failed rows, again, keep one
// column of reasons, with this run's reasons. Both with a header row and
// without one, where the reasons are told by their own prefix.
func TestImportFailedRowsReasonsAreNoColumnOfTheUser(t *testing.T) {
	var rows string
	for _, n := range []string{"ann", "dee", "eve", "fay", "gus", "hal", "ida", "lou", "max", "ned", "oz", "pat", "quy", "rex", "sam", "tom", "bob@", "cy@", "jo@", "kim@"} {
		rows += n + "@example.com," + strings.Trim(n, "@") + ",40\n"
	}
	for _, tc := range []struct {
		name string
		file string
	}{
		{"header", "Email,First name,Shoe size\n" + rows},
		{"headerless", rows},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc := accService("FR")
			first := importExtraCustom(t, svc, []byte(tc.file), nil)
			require.Equal(t, 16, first.res.Created, first.outcomes())
			require.Equal(t, 4, first.res.Failed, first.outcomes())
			// The user fixes every address but Cy's.
			fixed := first.failed.String()
			for _, n := range []string{"bob", "jo", "kim"} {
				fixed = strings.Replace(fixed, n+"@@", n+"@", 1)
			}
			var kept *importer.Mapping
			if first.m.Headerless {
				kept = &first.m
			}
			second := importExtraCustom(t, svc, []byte(fixed), kept)
			require.Equal(t, 3, second.res.Created, second.outcomes())
			require.Equal(t, 1, second.res.Failed, second.outcomes())
			for _, c := range second.m.Columns {
				if c.Target.Kind == importer.KindCustom {
					assert.NotContains(t, strings.ToLower(c.Target.Field.String()), "error", "column %d (%q) kept as a field", c.Index, c.Header)
				}
			}
			bob := accByEmail(t, svc, "bob@example.com")
			for k, v := range bob.Fields {
				assert.NotContains(t, v.String(), "not", "field %s holds the reason the row failed", k)
			}
			// One column of reasons, this run's, in place of the last run's.
			lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(second.failed.String(), "\uFEFF")), "\n")
			last := lines[len(lines)-1]
			assert.Contains(t, last, "cy@@example.com")
			assert.Equal(t, strings.Count(lines[len(lines)-1], ","), strings.Count(strings.Split(strings.TrimPrefix(first.failed.String(), "\uFEFF"), "\n")[len(lines)-1], ","), "the failed rows keep their shape: %q", second.failed.String())
		})
	}
}

// The user moved the column of reasons of a failed-rows file before the
// others: it stays there, with this run's reasons, and is read as nothing.
func TestImportFailedRowsReasonsMoved(t *testing.T) {
	svc := accService("FR")
	run := importExtraCustom(t, svc, []byte("Import error,Email,First name\nold reason,bob@@example.com,Bob\n\"old, again\",ann@example.com,Ann\n"), nil)
	require.Equal(t, 1, run.res.Created, run.outcomes())
	require.Equal(t, 1, run.res.Failed, run.outcomes())
	lines := strings.Split(strings.TrimPrefix(run.failed.String(), "\uFEFF"), "\n")
	assert.Equal(t, "Import error,Email,First name", lines[0])
	assert.Regexp(t, `^"column 2 \(Email\) ""bob@@example.com"": .*",bob@@example.com,Bob$`, lines[1])
	assert.Empty(t, accByEmail(t, svc, "ann@example.com").Fields)
}
