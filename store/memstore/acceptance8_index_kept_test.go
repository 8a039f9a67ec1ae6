package memstore_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

func acc8List(t *testing.T, s store.Store, q store.ContactQuery) []contact.ID {
	var ids []contact.ID
	cur := ""
	for {
		var page store.Page[contact.Contact]
		err := s.View(t.Context(), func(tx store.Tx) error {
			var err error
			page, err = tx.Contacts().List(t.Context(), "w", q, store.PageRequest{Limit: 7, Cursor: cur})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page.Items {
			ids = append(ids, c.ID)
		}
		if page.Next == "" {
			return ids
		}
		cur = page.Next
	}
}

// TestAcc8WordIndexAgreesWithScan: the word index "must give the same
// results as a scan" (store.ContactQuery.Words: each word starts a word of
// contact.SearchText), through creates, updates, deletes and transactions
// rolled back, with very long words (the index's text compacted), words
// that share their first eight bytes and longer, words that start others,
// and a word that many contacts share; queries paged by 7.
func TestAcc8WordIndexAgreesWithScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	s := memstore.New()
	all := map[contact.ID]*contact.Contact{}
	long := strings.Repeat("x", 300)
	word := func() string {
		switch rng.IntN(5) {
		case 0:
			return long + fmt.Sprint(rng.IntN(500))
		case 1:
			return "abcdefgh" + fmt.Sprint(rng.IntN(50))
		case 2:
			return "abcdefg"
		case 3:
			return "ab" + strings.Repeat("c", rng.IntN(12))
		}
		return "common"
	}
	boom := errors.New("boom")
	var order []contact.ID
	for step := range 3000 {
		err := s.Update(t.Context(), func(tx store.Tx) error {
			k := rng.IntN(10)
			switch {
			case k < 4 || len(order) == 0:
				id := contact.ID{byte(step >> 8), byte(step), 9}
				c := &contact.Contact{ID: id, Workspace: "w", FirstName: word(), LastName: word(), Status: contact.StatusActive}
				if err := tx.Contacts().Create(t.Context(), c); err != nil {
					return err
				}
				all[id] = c
				order = append(order, id)
			case k < 8:
				id := order[rng.IntN(len(order))]
				c := *all[id]
				c.FirstName, c.City = word(), word()
				if err := tx.Contacts().Update(t.Context(), &c); err != nil {
					return err
				}
				if k == 7 {
					return boom
				}
				all[id] = &c
			default:
				i := rng.IntN(len(order))
				id := order[i]
				if err := tx.Contacts().Delete(t.Context(), "w", id, all[id].Version); err != nil {
					return err
				}
				if k == 9 {
					return boom
				}
				delete(all, id)
				order = slices.Delete(order, i, i+1)
			}
			return nil
		})
		if err != nil && !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if step%300 == 299 {
			for _, q := range []string{"x", "xxxxxxxxxx", long, long + "1", long + "49", "abcdefg", "abcdefgh", "abcdefgh1", "ab", "abc", "abcccc", "common", "co", "common abcdefgh", "x abcdefg"} {
				words := contact.QueryWords(q)
				var want []contact.ID
				for id, c := range all {
					text := contact.SearchText(c)
					ok := true
					for _, w := range words {
						ok = ok && strings.Contains(text, " "+w)
					}
					if ok {
						want = append(want, id)
					}
				}
				slices.SortFunc(want, func(a, b contact.ID) int { return a.Compare(b) })
				got := acc8List(t, s, store.ContactQuery{Words: words})
				if !slices.Equal(got, want) {
					t.Fatalf("step %d %q: got %d want %d", step, q[:min(len(q), 20)], len(got), len(want))
				}
			}
		}
	}
}
