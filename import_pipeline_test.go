package contactkit_test

import (
	"bytes"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/fixture"
)

// However many workers parse the rows and however many rows a batch
// writes, an import of the same file gives the same outcome to every row,
// the same failed rows and the same contacts: the rows are parsed ahead, on
// several goroutines, in chunks the import fills again once written, and
// written in the file's order. The file (fixture.ImportCSV: mixed phones,
// 5 % bad rows, 3 % duplicates) is long enough for many chunks to be
// filled again.
func TestImportSameWhateverWorkersAndBatchSize(t *testing.T) {
	const rows = 3000
	var text bytes.Buffer
	_, err := io.Copy(&text, fixture.New(7, "FR").ImportCSV(rows))
	require.NoError(t, err)

	type run struct {
		outcomes []string
		failed   string
		contacts []contact.Contact
	}
	importWith := func(workers, batch int) run {
		h := newHarness(t)
		require.NoError(t, fixture.DefineFields(t.Context(), h.svc, owner))
		var failed bytes.Buffer
		got := importCSV(t, h, owner, text.String(), &contactkit.ImportOptions{Workers: workers, BatchSize: batch, Failed: &failed})
		require.NoError(t, got.err)
		checkCounts(t, got.res)
		require.Equal(t, rows, got.res.Rows)
		r := run{outcomes: got.outcomes(), failed: failed.String()}
		for _, row := range got.rows {
			if row.Outcome != contactkit.ImportCreated {
				continue
			}
			c, err := h.svc.GetContact(t.Context(), owner, row.Contact)
			require.NoError(t, err)
			c.ID, c.CreatedAt, c.UpdatedAt = contact.ID{}, time.Time{}, time.Time{}
			r.contacts = append(r.contacts, c)
		}
		return r
	}
	want := importWith(1, rows)
	require.NotEmpty(t, want.failed)
	require.Greater(t, len(want.contacts), rows/2)
	for _, o := range []struct{ workers, batch int }{{1, 1}, {2, 500}, {4, 37}, {3, 64}} {
		t.Run(fmt.Sprintf("workers=%d,batch=%d", o.workers, o.batch), func(t *testing.T) {
			got := importWith(o.workers, o.batch)
			assert.Equal(t, want.outcomes, got.outcomes)
			assert.Equal(t, want.failed, got.failed)
			require.Equal(t, len(want.contacts), len(got.contacts))
			for i := range want.contacts {
				if !assert.Equal(t, want.contacts[i], got.contacts[i], "created contact %d", i) {
					return
				}
			}
		})
	}
}
