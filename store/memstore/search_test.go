package memstore

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// TestSearchIndexAgreesWithScan checks, on random workspaces and random
// queries, that the contacts a word query lists through the word index are
// exactly those a scan of every contact finds with the rule of
// store.ContactQuery.Words, whichever way the index plans the query.
func TestSearchIndexAgreesWithScan(t *testing.T) {
	first := []string{"Ada", "Hélène", "Grace", "Émile", "Zoë", "İlkay", "Ann", "Anna", "Annabel", "Jean-Pierre"}
	last := []string{"Lovelace", "Hopper", "O'Brien", "Müller", "Straße", "Ångström", "Dupont", "Durand"}
	companies := []string{"", "Navy", "Analytical Engines", "ACME", "Société Générale"}
	tags := []string{"vip", "Lead", "client fidèle", "newsletter"}
	queries := []string{"a", "an", "ann", "annabel", "helene", "hél", "istanbul", "ilkay", "obrien", "o brien", "strasse",
		"angstrom", "jean", "pierre", "jeanpierre", "navy", "acme", "societe generale", "vip", "lead", "fidele", "zoe",
		"d", "du", "dupont", "ada love", "example", "com", "zz", "grace hopper navy", "p1", "p12", "p3", "p12 example", "quux", "quux1", "zorro", "zorro7", "home", "work"}
	for seed := range uint64(8) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			s := New()
			ws := contact.WorkspaceID("ws")
			n := 50 + rng.IntN(400)
			var all []contact.Contact
			require.NoError(t, s.Update(t.Context(), func(tx store.Tx) error {
				for i := range n {
					c := contact.Contact{
						ID: contact.ID{byte(i >> 8), byte(i), 1}, Workspace: ws,
						FirstName: first[rng.IntN(len(first))], LastName: last[rng.IntN(len(last))],
						Company: companies[rng.IntN(len(companies))], Status: contact.StatusActive,
					}
					if rng.IntN(3) == 0 {
						c.Email = contact.MustParseEmail(fmt.Sprintf("p%d@example.com", i))
						if rng.IntN(4) == 0 {
							c.OtherEmails = []contact.LabeledEmail{{Email: contact.MustParseEmail(fmt.Sprintf("quux%d@home.example", i))}}
						}
					}
					for range rng.IntN(3) {
						c.Tags, _ = c.Tags.Add(tag.MustParseName(tags[rng.IntN(len(tags))]))
					}
					if err := tx.Contacts().Create(t.Context(), &c); err != nil {
						return err
					}
					all = append(all, c)
				}
				return nil
			}))
			// Edit some, so that the index is moved, not only filled.
			require.NoError(t, s.Update(t.Context(), func(tx store.Tx) error {
				for i := 0; i < len(all); i += 7 {
					c := &all[i]
					c.FirstName = first[rng.IntN(len(first))]
					// Secondary emails only: added, or taken away.
					switch {
					case !c.Email.IsZero() && c.OtherEmails == nil:
						c.OtherEmails = []contact.LabeledEmail{{Email: contact.MustParseEmail(fmt.Sprintf("zorro%d@work.example", i))}}
					default:
						c.OtherEmails = nil
					}
					if err := tx.Contacts().Update(t.Context(), c); err != nil {
						return err
					}
				}
				return nil
			}))
			checkIndexAgreesWithScan(t, s, ws, all, queries)
		})
	}
}

// checkIndexAgreesWithScan checks that each of queries lists, in the
// workspace ws of s, the contacts of all whose search text it matches:
// through List, through the index's plan forced, and by a walk.
func checkIndexAgreesWithScan(t *testing.T, s *Store, ws contact.WorkspaceID, all []contact.Contact, queries []string) {
	t.Helper()
	for _, q := range queries {
		words := contact.QueryWords(q)
		var want []contact.ID
		for i := range all {
			if hasWords(contact.SearchText(&all[i]), words) {
				want = append(want, all[i].ID)
			}
		}
		got := listIDs(t, s, ws, store.ContactQuery{Words: words})
		require.Equal(t, want, got, "query %q: the index lists what a scan finds", q)
		// Both plans, forced.
		w := s.workspaces[ws]
		q := store.ContactQuery{Words: words}
		if driver, checks, rest, ok := w.plan(&q); ok {
			var kept []contact.ID
			driver.merge(contact.ID{}, false, func(o uint32) bool {
				for i := range checks {
					if !checks[i].has(o) {
						return true
					}
				}
				if id := w.ids[o]; w.recs[o].matches(w, id, &rest) {
					kept = append(kept, id)
				}
				return true
			})
			require.Equal(t, want, kept, "query %q from the index", q)
		}
		var scanned []contact.ID
		w.ascend(&w.order, contact.ID{}, false, func(o uint32) bool {
			if id := w.ids[o]; w.recs[o].matches(w, id, &q) {
				scanned = append(scanned, id)
			}
			return true
		})
		require.Equal(t, want, scanned, "query %q by a walk", q)
	}
}

func listIDs(t *testing.T, s *Store, ws contact.WorkspaceID, q store.ContactQuery) []contact.ID {
	t.Helper()
	var ids []contact.ID
	require.NoError(t, s.View(t.Context(), func(tx store.Tx) error {
		p := store.PageRequest{Limit: 7}
		for {
			page, err := tx.Contacts().List(t.Context(), ws, q, p)
			if err != nil {
				return err
			}
			for _, c := range page.Items {
				ids = append(ids, c.ID)
			}
			if page.Next == "" {
				return nil
			}
			p.Cursor = page.Next
		}
	}))
	return ids
}

// TestIndexedDropsWordsThatStartAnother: the index holds a contact's words
// but those that start another of its words, sorted, and keeps every word
// when none starts another.
func TestIndexedDropsWordsThatStartAnother(t *testing.T) {
	for _, tc := range []struct{ in, want []string }{
		{nil, []string{}},
		{[]string{"ada"}, []string{"ada"}},
		{[]string{"jdavis0", "yahoo", "com", "jdavis0yahoocom"}, []string{"com", "jdavis0yahoocom", "yahoo"}},
		{[]string{"ann", "anna", "annabel", "bob"}, []string{"annabel", "bob"}},
		{[]string{"annabel", "ann", "bob", "anna"}, []string{"annabel", "bob"}},
		{[]string{"ricci", "ricci2", "ri"}, []string{"ricci2"}},
		{[]string{"ab", "ba", "abc", "bac"}, []string{"abc", "bac"}},
		{[]string{"b", "a", "c"}, []string{"a", "b", "c"}},
	} {
		got := indexed(slices.Clone(tc.in))
		require.Equal(t, append([]string{}, tc.want...), append([]string{}, got...), "indexed(%q)", tc.in)
	}
	var many []string
	for i := range 40 {
		many = append(many, fmt.Sprint("w", i))
	}
	got := indexed(slices.Clone(many))
	require.NotContains(t, got, "w1", "w1 starts w10")
	require.Contains(t, got, "w10")
	require.Len(t, got, 40-3, "w1, w2 and w3 start w10…w39; no other word starts another")
}

// FuzzSortWords checks sortWords against slices.Sort on the words of a
// text, as many as it has (more than sortWords sorts by insertion too).
func FuzzSortWords(f *testing.F) {
	f.Add("ada lovelace london ada.lovelace@example.com lovelace example com")
	f.Add("b a\x00 a a\x00\x00 ab aa\xff a")
	f.Add(strings.Repeat("z y x w v u t s r q p o n m l k j i h g f e d c b a ", 2))
	f.Fuzz(func(t *testing.T, text string) {
		got := strings.Split(text, " ")
		want := slices.Clone(got)
		slices.Sort(want)
		sortWords(got)
		if !slices.Equal(got, want) {
			t.Fatalf("sortWords(%q) = %q, want %q", strings.Split(text, " "), got, want)
		}
	})
}

// TestWaitingWordsConcurrentSearches: the words of the contacts created
// since the last search wait (see wordIndex.waiting); readers that then
// search at once add them to the index once, and each finds every contact,
// as does a search in the transaction that created them (run with -race).
func TestWaitingWordsConcurrentSearches(t *testing.T) {
	ctx := t.Context()
	s := New()
	ws := contact.WorkspaceID("ws")
	ada := store.ContactQuery{Words: []string{"ada"}}
	for round := range 3 {
		require.NoError(t, s.Update(ctx, func(tx store.Tx) error {
			for i := range 100 {
				c := contact.Contact{ID: contact.ID{byte(round), byte(i), 1}, Workspace: ws, FirstName: "Ada", LastName: fmt.Sprint("L", i)}
				if err := tx.Contacts().Create(ctx, &c); err != nil {
					return err
				}
			}
			if round == 2 {
				// Within the transaction, the new contacts are found.
				page, err := tx.Contacts().List(ctx, ws, ada, store.PageRequest{Limit: store.MaxLimit})
				if err != nil {
					return err
				}
				require.Len(t, page.Items, 300)
				require.NoError(t, tx.Contacts().Create(ctx, &contact.Contact{ID: contact.ID{9, 9, 9}, Workspace: ws, FirstName: "Ada"}))
			}
			return nil
		}))
		want := 100 * (round + 1)
		if round == 2 {
			want++
		}
		w := s.workspaces[ws]
		require.NotEmpty(t, w.search.waiting, "round %d: the new contacts' words wait", round)
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				err := s.View(ctx, func(tx store.Tx) error {
					page, err := tx.Contacts().List(ctx, ws, ada, store.PageRequest{Limit: store.MaxLimit})
					if err == nil && len(page.Items) != want {
						err = fmt.Errorf("a search finds %d contacts, want %d", len(page.Items), want)
					}
					return err
				})
				if err != nil {
					t.Errorf("round %d: %v", round, err)
				}
			})
		}
		wg.Wait()
		require.Empty(t, w.search.waiting, "round %d: the searches added the waiting words", round)
	}
}
