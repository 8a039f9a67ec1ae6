package pgstore_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestAcc10ImportRacingSingleCreates: while an import runs on pgstore,
// another writer creates contacts with the emails the file's rows give
// (from the end of the file back). A batch that prefetched an email as
// free and finds it taken at its write is retried (a serialization
// failure) and then updates the contact: the import ends without error,
// with as many failed rows as the same file on memstore without the race,
// and every email belongs to one live contact.
func TestAcc10ImportRacingSingleCreates(t *testing.T) {
	data, _ := acc10File(71, 400)
	r, err := importer.Open(strings.NewReader(string(data)), nil)
	if err != nil {
		t.Fatal(err)
	}
	var emails []string
	for {
		row, err := r.Next()
		if err != nil {
			break
		}
		if e := row.Cells[2]; strings.Count(e, "@") == 1 && !strings.HasSuffix(e, "@") && !strings.HasPrefix(e, "@") {
			emails = append(emails, e)
		}
	}
	for _, batch := range []int{1, 7, 50} {
		t.Run(fmt.Sprint("batch", batch), func(t *testing.T) {
			sides := acc10Sides(t)
			// Retries enough to outlast the racer, which stops once it
			// has created a contact for every email of the file: on a
			// loaded machine (CI runs these tests beside the library's)
			// each of a batch's DefaultMaxRetries attempts could meet a
			// create that committed meanwhile, and the import gave up with
			// store.ErrRetry, as the contract allows but this test does
			// not look at.
			st := pgstore.New(pgstore.NewTestPool(t), &pgstore.Options{MaxRetries: 1000})
			sides[1] = acc10SideOn(t, "pgstore", st)
			// The racer is a Service of its own on the same store (the
			// sides' ID and clock functions are not safe for concurrent use).
			racer := contactkit.New(st, &contactkit.Options{DefaultRegion: "FR"})
			mem := acc10Import(t, sides[0], data, contactkit.ImportOptions{BatchSize: batch}, nil)
			var wg sync.WaitGroup
			stop := make(chan struct{})
			raced := 0
			wg.Go(func() {
				for i := len(emails) - 1; i >= 0; i-- {
					select {
					case <-stop:
						return
					default:
					}
					in := contactkit.ContactInput{}
					in.FirstName, in.Email = acc10Ptr("Racer"), acc10Ptr(emails[i])
					if _, err := racer.CreateContact(context.Background(), acc10Actor, in); err == nil {
						raced++
					}
				}
			})
			pg := acc10Import(t, sides[1], data, contactkit.ImportOptions{BatchSize: batch}, nil)
			close(stop)
			wg.Wait()
			if pg.err != "" {
				t.Errorf("pgstore import: %s", pg.err)
			}
			if pg.res.Failed != mem.res.Failed {
				var diff []string
				for i := range min(len(pg.rows), len(mem.rows)) {
					if pg.rows[i] != mem.rows[i] && strings.Contains(pg.rows[i], "failed") {
						diff = append(diff, pg.rows[i])
					}
				}
				t.Errorf("failed rows: %d on pgstore (racing %d creates), %d on memstore:\n%s", pg.res.Failed, raced, mem.res.Failed, strings.Join(diff[:min(8, len(diff))], "\n"))
			}
			t.Logf("racing creates that succeeded: %d; pg %+v", raced, pg.res)
		})
	}
}
