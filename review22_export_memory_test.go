package contactkit_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/internal/fixture"
	"github.com/contactkit/contactkit/list"
)

// rv22exportPeakWriter discards what an export writes and samples the live
// heap every rv22exportSampleEvery writes: the most it saw.
type rv22exportPeakWriter struct {
	writes int
	peak   uint64
}

const rv22exportSampleEvery = 64

func (w *rv22exportPeakWriter) Write(p []byte) (int, error) {
	if w.writes%rv22exportSampleEvery == 0 {
		w.peak = max(w.peak, liveHeap())
	}
	w.writes++
	return len(p), nil
}

// An export reads its contacts a page at a time (the Export doc): the heap
// it needs does not grow with the workspace. The same export (CSV, which
// reads the contacts twice, of every contact and of a tag's, and vCard),
// of contacts with two emails, tags, a list and a custom value, peaks as
// high over the workspace it reads with 1,000 contacts as with 6,000:
// keeping the contacts of the CSV's first pass would add 6 MB.
func TestRv22exportMemoryDoesNotGrowWithTheWorkspace(t *testing.T) {
	if testing.Short() || fixture.Race {
		t.Skip("builds a workspace of 6,000 contacts")
	}
	ctx := context.Background()
	svc := accService("FR")
	acc2CreateFields(t, svc, []field.Definition{{Key: field.MustParseKey("size"), Label: "Size", Type: field.TypeNumber}})
	l, err := svc.CreateList(ctx, accOwner, list.List{Name: "News"})
	require.NoError(t, err)
	added := 0
	grow := func(n int) {
		for ; added < n; added++ {
			c, err := svc.CreateContact(ctx, accOwner, contactkit.ContactInput{Patch: contact.Patch{
				FirstName: new(fmt.Sprint("Ann ", added)), Email: new(fmt.Sprintf("ann%d@example.com", added)),
				OtherEmails: &[]contact.LabeledInput{{Value: fmt.Sprintf("ann%d@example.org", added), Label: "work"}},
				Fields:      map[string]string{"size": fmt.Sprint(added)}}, Tags: []string{"t", "u", "v"}})
			require.NoError(t, err)
			if added%2 == 0 {
				_, err = svc.AddToList(ctx, accOwner, l.ID, c.ID)
				require.NoError(t, err)
			}
		}
	}
	type export struct {
		format contactkit.ExportFormat
		q      contactkit.ContactQuery
	}
	exports := []export{{contactkit.ExportCSV, contactkit.ContactQuery{}}, {contactkit.ExportCSV, contactkit.ContactQuery{Tag: "t"}},
		{contactkit.ExportVCard, contactkit.ContactQuery{}}}
	peaks := func() []int64 {
		var out []int64
		for _, e := range exports {
			base := liveHeap()
			w := &rv22exportPeakWriter{}
			res, err := svc.Export(ctx, accOwner, e.q, w, &contactkit.ExportOptions{Format: e.format})
			require.NoError(t, err)
			require.Equal(t, added, res.Contacts)
			out = append(out, int64(w.peak)-int64(base))
		}
		return out
	}
	grow(1000)
	small := peaks()
	grow(6000)
	large := peaks()
	for i, e := range exports {
		t.Logf("%s %+v: %d KB over the workspace of 1,000 contacts, %d KB of 6,000", e.format, e.q, small[i]>>10, large[i]>>10)
		require.Less(t, large[i]-small[i], int64(3<<20), "%s export %+v: the heap it needs grew with the workspace", e.format, e.q)
	}
}
