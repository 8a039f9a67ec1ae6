package memstore_test

// Acceptance (ninth round, issue 9): the word index under concurrent use.
// DESIGN.md §3: "Every Store is safe for concurrent use"; memstore declares
// ParallelViews and WorkspaceParallelWrites. Run with -race.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// TestAcc9SearchConcurrentReadersAndWriters: writers create, rename, tag,
// delete and restore contacts in two workspaces while readers page word
// searches, phone and address searches of both; each listing is in
// ascending ID order without repeats, and no call fails.
func TestAcc9SearchConcurrentReadersAndWriters(t *testing.T) {
	ctx := context.Background()
	svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR"})
	names := []string{"Hélène", "Helena", "Hel", "Ada", "Adam", "Zoë", "Łukasz", "O'Brien", "Jean-Luc", "Ｍｉｋｉ"}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w := range 2 {
		actor := contactkit.Actor{Workspace: contact.WorkspaceID(fmt.Sprint("ws", w)), User: "u", Role: contactkit.RoleOwner}
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			var ids []contact.ID
			for i := range 600 {
				n := names[rng.IntN(len(names))]
				switch k := rng.IntN(6); {
				case k < 3 || len(ids) == 0:
					c, err := svc.CreateContact(ctx, actor, contactkit.ContactInput{Patch: contact.Patch{FirstName: &n,
						Email: ptr9(fmt.Sprintf("p%d@example.com", i)), Phone: ptr9(fmt.Sprintf("06 %02d %02d %02d %02d", w, i/100, i%100, rng.IntN(100)))}})
					if err != nil {
						errs <- err
						return
					}
					ids = append(ids, c.ID)
				case k == 3:
					svc.UpdateContact(ctx, actor, ids[rng.IntN(len(ids))], contact.Patch{LastName: &n})
				case k == 4:
					svc.DeleteContact(ctx, actor, ids[rng.IntN(len(ids))])
				default:
					svc.RestoreContact(ctx, actor, ids[rng.IntN(len(ids))])
				}
			}
		}()
		for r := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(uint64(w), uint64(r)+7))
				for range 300 {
					q := contactkit.ContactQuery{Text: []string{"hel", "h", "ada", "zoe", "lukasz", "obrien", "jean luc", "miki", "p1", "p1@example.com", "06 00 01 02 03", "hel 06 01 02 03 04"}[rng.IntN(12)], Trashed: rng.IntN(4) == 0}
					cursor, last := "", contact.ID{}
					for page := 0; page < 1000; page++ {
						p, err := svc.ListContacts(ctx, actor, q, store.PageRequest{Cursor: cursor, Limit: 1 + rng.IntN(20)})
						if err != nil {
							errs <- fmt.Errorf("%+v: %w", q, err)
							return
						}
						for _, c := range p.Items {
							if c.ID.Compare(last) <= 0 {
								errs <- fmt.Errorf("%+v: %s listed after %s", q, c.ID, last)
								return
							}
							last = c.ID
						}
						if p.Next == "" {
							break
						}
						cursor = p.Next
					}
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func ptr9(s string) *string { return &s }
