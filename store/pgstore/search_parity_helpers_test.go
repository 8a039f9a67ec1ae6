package pgstore_test

import (
	"context"
	"slices"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
)

// createOnSides creates inputs, in order, on every side, and returns the
// IDs of each side's contacts, in that order.
func createOnSides(t *testing.T, sides []*acc3Side, inputs []contactkit.ContactInput) [][]contact.ID {
	t.Helper()
	ids := make([][]contact.ID, len(sides))
	for i, side := range sides {
		for _, in := range inputs {
			c, err := side.svc.CreateContact(context.Background(), acc3Actor, in)
			if err != nil {
				t.Fatalf("%s: %v", side.name, err)
			}
			ids[i] = append(ids[i], c.ID)
		}
	}
	return ids
}

// checkSearchOnSides checks that q, listed in pages of limit, finds on
// every side the contacts of want (indexes into the inputs of
// createOnSides, which gave ids), but for the one of index drop (-1 for
// none), and that the sides agree; stage names the moment in the errors.
func checkSearchOnSides(t *testing.T, sides []*acc3Side, ids [][]contact.ID, stage, q string, want []int, drop, limit int) {
	t.Helper()
	var answers [][]contact.ID
	for i, side := range sides {
		got, errc := acc3List(side.svc, contactkit.ContactQuery{Text: q}, limit)
		if errc != "ok" {
			t.Fatalf("%s %s %q: %s", stage, side.name, q, errc)
		}
		var w []contact.ID
		for _, k := range want {
			if k != drop {
				w = append(w, ids[i][k])
			}
		}
		slices.SortFunc(w, contact.ID.Compare)
		if !slices.Equal(got, w) {
			t.Errorf("%s %s: %q finds %v, want %v", stage, side.name, q, got, w)
		}
		answers = append(answers, got)
	}
	if !slices.Equal(answers[0], answers[1]) {
		t.Errorf("%s %q: memstore %v, pgstore %v", stage, q, answers[0], answers[1])
	}
}
