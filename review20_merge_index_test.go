package contactkit_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// TestRv20MergeIndexAgreesAfterImportsCapturesAndPurges: the duplicates
// index agrees with detection from scratch (M1) after the writes of a
// contact that TestDuplicateIndexAgreesWithDetectionFromScratch does not
// make: imports that create, update and block contacts and give them
// secondary emails, captures, bulk deletes, purges of the trash, and merges
// and unmerges among them. C9 holds after each.
func TestRv20MergeIndexAgreesAfterImportsCapturesAndPurges(t *testing.T) {
	seeds, steps := uint64(8), 60
	if testing.Short() {
		seeds = 3
	}
	for seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			ctx := t.Context()
			m := newMerger(t, storetest.Retrying(memstore.New()))
			r := rand.New(rand.NewPCG(seed, 2021))
			email := func() string {
				return fmt.Sprintf("%s%s@%s", pickFrom(r, []string{"ann", "a.nn", "an.n", "bob", "Bob"}),
					pickFrom(r, []string{"", "", "+x", "+shop"}), pickFrom(r, []string{"gmail.com", "googlemail.com", "example.com"}))
			}
			var ids []contact.ID
			var merges []merge.ID
			pick := func() contact.ID { return ids[r.IntN(len(ids))] }
			done := map[string]int{}
			for step := range steps {
				op := "import"
				if len(ids) > 0 {
					op = pickFrom(r, []string{"import", "import", "import", "capture", "capture", "bulkdelete", "purge", "merge", "merge", "unmerge", "restore"})
				}
				var err error
				switch op {
				case "import":
					var b strings.Builder
					b.WriteString("Email,E-mail 2 - Value,Blocked\n")
					for range 1 + r.IntN(4) {
						fmt.Fprintf(&b, "%s,%s,%s\n", email(), pickFrom(r, []string{"", email()}), pickFrom(r, []string{"", "", "yes", "no"}))
					}
					got := importCSV(t, m.harness, owner, b.String(), &contactkit.ImportOptions{Mode: contactkit.ImportUpsert})
					err = got.err
					for _, row := range got.rows {
						if row.Outcome == contactkit.ImportCreated {
							ids = append(ids, row.Contact)
						}
					}
				case "capture":
					var res contactkit.CaptureResult
					res, err = m.svc.CaptureContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Email: new(email()), FirstName: new("Cap")}})
					if err == nil {
						ids = append(ids, res.Contact.ID)
					}
				case "bulkdelete":
					bulk := contactkit.Bulk{IDs: []contact.ID{pick(), pick()}}
					bulk.Expected = len(bulk.IDs)
					if bulk.IDs[0] == bulk.IDs[1] {
						bulk.Expected = 1
					}
					_, err = m.svc.DeleteContacts(ctx, owner, bulk)
				case "purge":
					m.now = m.now.Add(61 * 24 * time.Hour)
					_, err = m.svc.PurgeTrash(ctx, owner)
				case "restore":
					_, err = m.svc.RestoreContact(ctx, owner, pick())
				case "merge":
					var rec merge.Record
					if rec, err = m.tryMerge(ctx, owner, contactkit.MergeRequest{Primary: pick(), Others: []contact.ID{pick()}}); err == nil {
						merges = append(merges, rec.ID)
					}
				case "unmerge":
					if len(merges) == 0 {
						continue
					}
					_, err = m.svc.UnmergeContacts(ctx, owner, merges[r.IntN(len(merges))])
				}
				if err == nil {
					done[op]++
				}
				rv20MergeLive(t, m, fmt.Sprintf("step %d (%s, err %v)", step, op, err))
				if t.Failed() {
					t.FailNow()
				}
			}
			t.Logf("operations done: %v", done)
			for _, op := range []string{"import", "capture", "merge"} {
				assert.Positive(t, done[op], "no %s succeeded", op)
			}
		})
	}
}
