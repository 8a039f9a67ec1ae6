package importer_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/importer"
)

// The column of reasons of a failed-rows file is no column of the user's:
// Suggest maps it to nothing, with its reason, even where every unmatched
// column becomes a custom field; a column that only looks like one does
// not count.
func TestSuggestFailedRowsReasons(t *testing.T) {
	extra := &importer.MapOptions{Region: "FR", Extra: importer.ExtraCustom}
	for _, tc := range []struct {
		name   string
		file   string
		failed []bool // per column: the column of reasons
	}{
		{"header", "Email,Import error\nann@example.com,\"column 1 (Email) \"\"ann@\"\": not an email\"\n", []bool{false, true}},
		{"header with spaces", "Email, Import error \nann@example.com,x\n", []bool{false, true}},
		{"header in another case", "Email,import error\nann@example.com,x\n", []bool{false, false}},
		{"header not last", "Import error,Email\nx,ann@example.com\n", []bool{true, false}},
		{"headerless", "ann@example.com,Import error: column 1: not an email\nbob@example.com,Import error: line 3: ambiguous\n", []bool{false, true}},
		{"headerless, one value without the prefix", "ann@example.com,Import error: column 1: not an email\nbob@example.com,Imported\n", []bool{false, false}},
		{"headerless, the prefix without its space", "ann@example.com,Import error:x\nbob@example.com,Import error:y\n", []bool{false, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := importer.Open(bytes.NewReader([]byte(tc.file)), nil)
			require.NoError(t, err)
			sample, r, err := importer.Sample(r, 50)
			require.NoError(t, err)
			m := importer.Suggest(r.Header(), sample, nil, extra)
			require.Len(t, m.Columns, len(tc.failed))
			for i, want := range tc.failed {
				c := m.Columns[i]
				if want {
					assert.Equal(t, importer.KindIgnore, c.Target.Kind, "column %d", i)
					assert.Equal(t, importer.ReasonFailed, c.Reason.Kind, "column %d", i)
					assert.Equal(t, "the reasons of an earlier import's failed rows", c.Reason.String())
				} else {
					assert.NotEqual(t, importer.ReasonFailed, c.Reason.Kind, "column %d", i)
				}
			}
			assert.NoError(t, m.Validate(nil, m.NewFields(nil)...))
		})
	}
}
