package memstore

// A differential test of the review of contact text search: random
// workspaces whose contacts mix the scripts people write names in, edited,
// trashed, restored, deleted and rolled back between queries, listed
// through the word index and by a scan of every contact with the rule of
// store.ContactQuery.Words; another workspace's contacts never appear.

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/fixture"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

var reviewNames = []string{
	"Hélène", "Dupré-Lefèvre", "Œuvres", "Jürgen", "Großmann", "Åse", "Bjørnstad", "Ærlig", "Işıl", "İnce",
	"Οδυσσέας", "Ελύτης", "Nguyễn", "Thị Ánh", "Rene\u0301e", "Zo\u0308llner", "ﬁona", "ＡＫＩＲＡ", "Ｔａｎａｋａ",
	"Фёдор", "Йорк", "عَلِيّ", "الفارسي", "دَاوُد", "לֵוִי", "小明", "王", "王小明", "山田", "太郎", "서연", "이", "김민준",
	"สมศักดิ์", "ทองดี", "Zoë😀", "d'Artagnan", "O'Brien", "Jean-Pierre", "McDonald-O'Neil", "Ann", "Anna", "Annabel",
	"ﾔﾏﾀﾞ", "ヤマダ", "Σωκράτης", "Ǉubica", "Łódź", "a", "ab", "abc", "",
}

var reviewTags = []string{"vip", "Client fidèle", "重要", "Ünïcödé", "🔥 hot", "lead-2024"}

var reviewDomains = []string{"example.com", "bücher.de", "xn--mller-kva.de", "почта.рф", "例え.jp"}

func reviewContact(rng *rand.Rand, ws contact.WorkspaceID, i int) contact.Contact {
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	c := contact.Contact{
		ID: contact.ID{byte(i >> 8), byte(i), 9}, Workspace: ws, Status: contact.StatusActive,
		FirstName: pick(reviewNames), LastName: pick(reviewNames), Company: pick(reviewNames),
	}
	if rng.IntN(3) == 0 {
		c.City = pick(reviewNames)
	}
	if rng.IntN(2) == 0 {
		local := []string{"ann", "j.gross", "helene", "sean.obrien", "jl+news", "x"}[rng.IntN(6)]
		c.Email = contact.MustParseEmail(fmt.Sprintf("%s%d@%s", local, i, pick(reviewDomains)))
		if rng.IntN(3) == 0 {
			c.OtherEmails = []contact.LabeledEmail{{Email: contact.MustParseEmail(fmt.Sprintf("other%d@%s", i, pick(reviewDomains)))}}
		}
	}
	for range rng.IntN(3) {
		c.Tags, _ = c.Tags.Add(tag.MustParseName(pick(reviewTags)))
	}
	return c
}

// reviewQueries returns query words drawn from the contacts: their words,
// prefixes of them rune by rune, pairs, and words of no contact.
func reviewQueries(rng *rand.Rand, all []contact.Contact) [][]string {
	qs := [][]string{contact.QueryWords("zzz"), contact.QueryWords("a"), contact.QueryWords("王 小")}
	for range 60 {
		c := &all[rng.IntN(len(all))]
		words := contact.SearchWords(c)
		if len(words) == 0 {
			continue
		}
		w := words[rng.IntN(len(words))]
		n := utf8.RuneCountInString(w)
		cut := 1 + rng.IntN(n)
		p := w
		for i := range p {
			if cut == 0 {
				p = w[:i]
				break
			}
			cut--
		}
		q := []string{p}
		if rng.IntN(2) == 0 {
			q = append(q, words[rng.IntN(len(words))])
		}
		if rng.IntN(4) == 0 {
			o := contact.SearchWords(&all[rng.IntN(len(all))])
			if len(o) > 0 {
				q = append(q, o[rng.IntN(len(o))])
			}
		}
		qs = append(qs, q)
	}
	return qs
}

func TestReviewSearchMixedScriptsIndexAgreesWithScan(t *testing.T) {
	// The race detector makes a run take a minute: the small fresh set
	// alone, which settles often, and fewer seeds.
	fresh, seeds := []int{minFresh, 3}, uint64(4)
	if fixture.Race {
		fresh, seeds = fresh[1:], 2
	}
	for _, fresh := range fresh {
		for seed := range seeds {
			t.Run(fmt.Sprintf("minFresh=%d/seed%d", fresh, seed), func(t *testing.T) {
				defer setMinFresh(fresh)()
				testReviewSearchMixed(t, seed)
			})
		}
	}
}

func testReviewSearchMixed(t *testing.T, seed uint64) {
	ctx := t.Context()
	rng := rand.New(rand.NewPCG(seed, 11))
	s := New()
	ws, other := contact.WorkspaceID("ws"), contact.WorkspaceID("other")
	byID := map[contact.ID]contact.Contact{}
	n := 0
	// The other workspace holds contacts with the same words.
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error {
		for i := range 40 {
			c := reviewContact(rng, other, 1000+i)
			if err := tx.Contacts().Create(ctx, &c); err != nil {
				return err
			}
		}
		return nil
	}))
	errRollback := errors.New("rolled back")
	for round := range 12 {
		fail := round%3 == 2
		err := s.Update(ctx, func(tx store.Tx) error {
			touched := map[contact.ID]contact.Contact{}
			get := func(id contact.ID) contact.Contact {
				if c, ok := touched[id]; ok {
					return c
				}
				return byID[id]
			}
			ids := make([]contact.ID, 0, len(byID))
			for id := range byID {
				ids = append(ids, id)
			}
			slices.SortFunc(ids, compareID)
			for range 30 + rng.IntN(30) {
				switch op := rng.IntN(10); {
				case op < 4 || len(ids) == 0:
					c := reviewContact(rng, ws, n)
					n++
					if err := tx.Contacts().Create(ctx, &c); err != nil {
						return fmt.Errorf("create: %w", err)
					}
					touched[c.ID] = c
					ids = append(ids, c.ID)
				default:
					id := ids[rng.IntN(len(ids))]
					c, ok := get(id), true
					if c.ID.IsZero() {
						continue // deleted in this transaction
					}
					switch op {
					case 4, 5:
						fresh := reviewContact(rng, ws, 0)
						c.FirstName, c.LastName, c.Company, c.City, c.Tags = fresh.FirstName, fresh.LastName, fresh.Company, fresh.City, fresh.Tags
						if rng.IntN(3) == 0 {
							c.OtherEmails = nil
						}
					case 6:
						if c.Trashed() {
							c.DeletedAt = time.Time{}
						} else {
							c.DeletedAt = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
						}
					case 7:
						c.Status = contact.StatusBlocked
					case 8:
						if err := tx.Contacts().Delete(ctx, ws, id, c.Version); err != nil {
							return fmt.Errorf("delete: %w", err)
						}
						touched[id] = contact.Contact{}
						ok = false
					default:
						c.Email = contact.Email{}
					}
					if ok {
						if err := tx.Contacts().Update(ctx, &c); err != nil {
							if errors.Is(err, store.ErrAlreadyExists) || errors.Is(err, store.ErrConflict) {
								continue
							}
							return fmt.Errorf("update: %w", err)
						}
						touched[id] = c
					}
				}
			}
			if fail {
				return errRollback
			}
			for id, c := range touched {
				if c.ID.IsZero() {
					delete(byID, id)
				} else {
					byID[id] = c
				}
			}
			return nil
		})
		if fail {
			require.ErrorIs(t, err, errRollback)
		} else {
			require.NoError(t, err)
		}
		if len(byID) == 0 {
			continue
		}
		all := make([]contact.Contact, 0, len(byID))
		for _, c := range byID {
			all = append(all, c)
		}
		slices.SortFunc(all, func(a, b contact.Contact) int { return compareID(a.ID, b.ID) })
		for _, words := range reviewQueries(rng, all) {
			for _, trashed := range []bool{false, true} {
				var want []contact.ID
				for i := range all {
					if all[i].Trashed() == trashed && hasWords(contact.SearchText(&all[i]), words) {
						want = append(want, all[i].ID)
					}
				}
				q := store.ContactQuery{Words: words, Trashed: trashed}
				got := listIDs(t, s, ws, q)
				require.Equal(t, want, got, "round %d: words %q (trashed %v): the index lists what a scan finds", round, words, trashed)
				var count int
				require.NoError(t, s.View(ctx, func(tx store.Tx) (err error) {
					count, err = tx.Contacts().(store.ContactCounter).Count(ctx, ws, q)
					return err
				}))
				require.Equal(t, len(want), count, "round %d: Count of words %q", round, words)
			}
		}
	}
}
