package pgstore_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/store/pgstore"
)

// acc10Unversioned drops the Version of each contact line (concurrent
// imports update a contact a number of times that depends on the order).
func acc10Unversioned(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		if j := strings.Index(l, `"Version":`); j >= 0 {
			k := strings.Index(l[j:], ",")
			l = l[:j] + l[j+k+1:]
		}
		out[i] = l
	}
	return out
}

// TestAcc10ImportConcurrentSameFile: the same file imported by several
// imports at once into pgstore (a user who clicks twice, two workers of a
// host): each import ends without error (a conflict between them is a
// serialization failure that pgstore retries), and the contacts are those
// of the file imported twice in a row on memstore.
func TestAcc10ImportConcurrentSameFile(t *testing.T) {
	for _, batch := range []int{7, 0} {
		t.Run(fmt.Sprint("batch", batch), func(t *testing.T) {
			sides := acc10Sides(t)
			st := pgstore.New(pgstore.NewTestPool(t), nil)
			sides[1] = acc10SideOn(t, "pgstore", st)
			data, extra := acc10File(21, 200)
			opts := contactkit.ImportOptions{BatchSize: batch, Tags: []string{"imported"}}
			acc10Import(t, sides[0], data, opts, nil)
			acc10Import(t, sides[0], data, opts, nil)
			const n = 3
			runs := make([]*acc10Run, n)
			var wg sync.WaitGroup
			for i := range n {
				// A Service each (the sides' ID and clock functions are not
				// safe for concurrent use), on the same store and workspace.
				s := &acc10Side{name: fmt.Sprint("pgstore ", i), list: sides[1].list,
					svc: contactkit.New(st, &contactkit.Options{DefaultRegion: "FR"})}
				wg.Go(func() { runs[i] = acc10Import(t, s, data, opts, nil) })
			}
			wg.Wait()
			created := 0
			for i, r := range runs {
				if r.err != "" {
					t.Errorf("import %d: %s", i, r.err)
				}
				created += r.res.Created
			}
			mem := acc10State(t, sides[0], extra)
			pg := acc10State(t, sides[1], extra)
			acc10Diff(t, "state after concurrent imports", acc10Unversioned(mem), acc10Unversioned(pg))
			t.Logf("created across the concurrent imports: %d", created)
		})
	}
}
