package pgstore_test

// Review (eighteenth round): the Latin letters with a hook or a bar
// (Hausa Ɓ Ɗ Ƙ Ƴ, Ewe Ɖ Ƒ Ʋ, barred Ƚ Ʉ), which contact.Fold now writes
// with their base letters: memstore and pgstore find them alike, and
// migration 0014 rewrites the search text stored before it.

import (
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/tag"
)

// TestReview18SearchParityHookedLetters: the same contacts on memstore
// and pgstore are found by their names typed with the base letters.
func TestReview18SearchParityHookedLetters(t *testing.T) {
	sides := acc3Sides(t, 18)
	p := acc8P
	inputs := []contactkit.ContactInput{
		{Patch: contact.Patch{FirstName: p("Ɓello"), LastName: p("Ɗanjuma"), Company: p("Ƙasa Ltd")}},
		{Patch: contact.Patch{FirstName: p("Ƙabiru"), LastName: p("Ƴusuf")}, Tags: []string{"Ɠwamna"}},
		{Patch: contact.Patch{FirstName: p("Ɖoe"), LastName: p("Ʋiƒe"), City: p("Ƚomé")}},
		{Patch: contact.Patch{FirstName: p("Bello"), LastName: p("Danjuma")}},
	}
	queries := []struct {
		q    string
		want []int
	}{
		{"bello", []int{0, 3}},
		{"ɓello danjuma", []int{0, 3}},
		{"kasa", []int{0}},
		{"KABIRU YUSUF", []int{1}},
		{"gwamna", []int{1}},
		{"doe vife lome", []int{2}},
	}
	ids := createOnSides(t, sides, inputs)
	for _, tc := range queries {
		checkSearchOnSides(t, sides, ids, "created", tc.q, tc.want, -1, 1)
	}
}

// TestReview18MigrationFoldsHookedLetters: migration 0014 rewrites the
// search text that version 13 stored for names with a letter with a hook
// or a bar to the words contact.SearchText now gives, and leaves the
// other rows as they were.
func TestReview18MigrationFoldsHookedLetters(t *testing.T) {
	bello := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Ɓello", LastName: "Ɗanjuma-Ƙasa",
		Email: contact.MustParseEmail("ɓello@example.com")}
	bello.Tags = tag.NewSet(tag.MustParseName("Ɠwamna"))
	ewe := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Ɖoe", LastName: "Ʋiƒe", City: "Ƚomé Ʉ"}
	ada := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Ada", LastName: "Lovelace"}
	pool := migrateSearchText(t, 13, []storedText{ // as version 13 stored them
		{bello, " ɓello ɗanjuma ƙasa ɗanjumaƙasa example com ɓelloexamplecom ɠwamna "},
		{ewe, " ɖoe ʋiƒe ƚome ʉ "},
		{ada, " ada lovelace "},
	})
	for q, want := range map[string][]contact.ID{
		"bello danjuma kasa": {bello.ID}, "danjumakasa": {bello.ID}, "belloexample": {bello.ID}, "gwamna": {bello.ID},
		"doe vife lome u": {ewe.ID}, "ada": {ada.ID},
	} {
		if got := foundByWords(t, pool, q); !slices.Equal(got, want) {
			t.Errorf("after migration 0014, %q found %v, want %v", q, got, want)
		}
	}
}
