package memstore

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// TestReview17IndexAgreesWithScanTransliterated is
// TestSearchIndexAgreesWithScan on names with ä, ö, ü, ø and å, composed
// and not, beside the same names without them: a word index holds the
// transliterated words of a contact ("mueller") and drops them when an
// edit takes the letter away, and every query, transliterated, folded or
// a prefix, lists what a scan of the search texts finds.
func TestReview17IndexAgreesWithScanTransliterated(t *testing.T) {
	first := []string{"Jürgen", "Jurgen", "Søren", "Soren", "Soeren", "Åse", "Ase", "Aase", "Björn", "Bjorn", "A\u030ase", "Ægir"}
	last := []string{"Müller", "Muller", "Mueller", "Mu\u0308ller", "Ødegård", "Odegard", "Göthe", "Goethe", "Gothe",
		"Müller-Lüdenscheidt", "Straße", "Ångström"}
	cities := []string{"", "Zürich", "Zurich", "Århus", "Aarhus", "Malmö", "Köln"}
	tags := []string{"Größe", "Kunde", "Bäckerei"}
	locals := []string{"jürgen.müller", "soren", "søren", "aase"}
	queries := []string{"mueller", "muel", "muller", "müller", "mu", "MÜLLER", "muellerluedenscheidt", "mullerludenscheidt",
		"juergen", "jurgen", "jürgen mueller", "soeren", "soren", "søren", "soe", "aase", "ase", "åse", "aa", "bjoern", "bjorn",
		"oedegaard", "odegard", "goethe", "gothe", "göthe", "zuerich", "zurich", "aarhus", "arhus", "malmoe", "koeln",
		"groesse", "grosse", "baeckerei", "aegir", "strasse", "aangstroem", "angstrom", "juergenmueller", "example"}
	for seed := range uint64(6) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 17))
			s := New()
			ws := contact.WorkspaceID("ws")
			pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
			n := 50 + rng.IntN(300)
			all := make([]contact.Contact, 0, n)
			require.NoError(t, s.Update(t.Context(), func(tx store.Tx) error {
				for i := range n {
					c := contact.Contact{
						ID: contact.ID{byte(i >> 8), byte(i), 17}, Workspace: ws, Status: contact.StatusActive,
						FirstName: pick(first), LastName: pick(last), City: pick(cities),
					}
					if rng.IntN(3) == 0 {
						c.Email = contact.MustParseEmail(fmt.Sprintf("%s%d@example.de", pick(locals), i))
					}
					for range rng.IntN(3) {
						c.Tags, _ = c.Tags.Add(tag.MustParseName(pick(tags)))
					}
					if err := tx.Contacts().Create(t.Context(), &c); err != nil {
						return err
					}
					all = append(all, c)
				}
				return nil
			}))
			// Edit some: a name with the letters becomes one without, or
			// the other way, so that transliterated words leave the index.
			require.NoError(t, s.Update(t.Context(), func(tx store.Tx) error {
				for i := 0; i < len(all); i += 5 {
					c := &all[i]
					c.FirstName, c.LastName, c.City = pick(first), pick(last), pick(cities)
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

// TestReview17ListTransliterated: memstore lists by a transliteration the
// contacts whose names hold the letter, not those spelled without it, and
// by the letter folded both.
func TestReview17ListTransliterated(t *testing.T) {
	s := New()
	ws := contact.WorkspaceID("ws")
	names := [][2]string{{"Jürgen", "Müller"}, {"Hans", "Muller"}, {"Søren", "Kierkegaard"}, {"Soren", "Larsen"}, {"Åse", "Berg"}, {"Ase", "Lund"}}
	ids := make([]contact.ID, len(names))
	require.NoError(t, s.Update(t.Context(), func(tx store.Tx) error {
		for i, n := range names {
			ids[i] = contact.ID{byte(i), 1}
			c := contact.Contact{ID: ids[i], Workspace: ws, Status: contact.StatusActive, FirstName: n[0], LastName: n[1]}
			if err := tx.Contacts().Create(t.Context(), &c); err != nil {
				return err
			}
		}
		return nil
	}))
	for _, tc := range []struct {
		q    string
		want []int
	}{
		{"mueller", []int{0}},
		{"muel", []int{0}},
		{"muller", []int{0, 1}},
		{"müller", []int{0, 1}},
		{"juergen mueller", []int{0}},
		{"soeren", []int{2}},
		{"soren", []int{2, 3}},
		{"aase", []int{4}},
		{"ase", []int{4, 5}},
		{"hans mueller", nil},
	} {
		var want []contact.ID
		for _, k := range tc.want {
			want = append(want, ids[k])
		}
		got := listIDs(t, s, ws, store.ContactQuery{Words: contact.QueryWords(tc.q)})
		if !slices.Equal(got, want) {
			t.Errorf("%q lists %v, want %v", tc.q, got, want)
		}
	}
}
