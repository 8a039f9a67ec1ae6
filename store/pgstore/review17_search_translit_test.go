package pgstore_test

// Review (seventeenth round): the transliterated search words of
// ä, ö, ü, ø and å ("mueller" finds Müller, "soeren" Søren, "aase" Åse) on
// PostgreSQL: memstore and pgstore answer alike through the Service, and
// migration 0013 with RefreshSearchText brings the rows stored before it
// to the words contact.SearchText now gives.

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store/pgstore"
	"github.com/contactkit/contactkit/tag"
)

// TestReview17SearchParityTransliterations: the same contacts created on
// memstore and on pgstore are found by the same queries, transliterated or
// folded, and the queries find the contacts the rule says, before and after
// an edit that takes the letter away.
func TestReview17SearchParityTransliterations(t *testing.T) {
	ctx := context.Background()
	sides := acc3Sides(t, 17)
	p := acc8P
	inputs := []contactkit.ContactInput{
		{Patch: contact.Patch{FirstName: p("Jürgen"), LastName: p("Müller"), Company: p("Bäcker & Söhne"), Email: p("jürgen.müller@bücher.de")}},
		{Patch: contact.Patch{FirstName: p("Hans"), LastName: p("Muller")}},
		{Patch: contact.Patch{FirstName: p("Søren"), LastName: p("Ødegård"), City: p("Århus")}},
		{Patch: contact.Patch{FirstName: p("Soren"), LastName: p("Kierkegaard")}},
		{Patch: contact.Patch{FirstName: p("Åse"), LastName: p("Göthe")}, Tags: []string{"Größe Kunde"}},
		{Patch: contact.Patch{FirstName: p("Ase"), LastName: p("Gothe")}},
		{Patch: contact.Patch{FirstName: p("Mu\u0308ller"), LastName: p("A\u030ashild")}}, // decomposed
		{Patch: contact.Patch{FirstName: p("Ægir"), LastName: p("Straße")}},
	}
	queries := []struct {
		q    string
		want []int // indexes into inputs, as created
	}{
		{"mueller", []int{0, 6}},
		{"muel", []int{0, 6}},
		{"muller", []int{0, 1, 6}},
		{"müller", []int{0, 1, 6}},
		{"MÜLLER", []int{0, 1, 6}},
		{"jürgen mueller", []int{0}},
		{"juergen", []int{0}},
		{"baecker soehne", []int{0}},
		{"buecher", nil}, // the Unicode form of a domain is not transliterated
		{"bucher", []int{0}},
		{"soeren", []int{2}},
		{"soren", []int{2, 3}},
		{"søren", []int{2, 3}},
		{"oedegaard", []int{2}},
		{"aarhus", []int{2}},
		{"arhus", []int{2}},
		{"aase", []int{4}},
		{"ase", []int{4, 5}},
		{"goethe", []int{4}},
		{"gothe", []int{4, 5}},
		{"groesse", []int{4}},
		{"aashild", []int{6}},
		{"aegir strasse", []int{7}},
	}
	ids := createOnSides(t, sides, inputs)
	check := func(stage string, drop int) {
		t.Helper()
		for _, tc := range queries {
			checkSearchOnSides(t, sides, ids, stage, tc.q, tc.want, drop, 2)
		}
	}
	check("created", -1)
	// Jürgen Müller renamed Jurgen Miller: his transliterated words go.
	for i, side := range sides {
		if _, err := side.svc.UpdateContact(ctx, acc3Actor, ids[i][0],
			contact.Patch{FirstName: p("Jurgen"), LastName: p("Miller"), Company: p(""), Email: p("")}); err != nil {
			t.Fatalf("%s: %v", side.name, err)
		}
	}
	check("renamed", 0)
}

// TestReview17MigrationTransliterates: migration 0013 adds to the search
// text stored by version 12 the transliterated words of the names, emails
// and tags whose runs are ASCII but for ä, ö, ü, ø and å, so that each row
// holds the words of contact.SearchText, and leaves the others as they
// were; the rows it cannot rewrite in SQL (a decomposed letter, another
// accent in the run, a space outside ASCII) get their words from
// RefreshSearchText.
func TestReview17MigrationTransliterates(t *testing.T) {
	ctx := t.Context()
	jurgen := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Jürgen", LastName: "Müller-Lüdenscheidt",
		Alias: "Ö'Neil-Smith", Company: "Bäcker & Söhne", City: "ZÜRICH", Email: contact.MustParseEmail("jürgen.müller@example.de")}
	jurgen.Tags = tag.NewSet(tag.MustParseName("Größe"), tag.MustParseName("vip"))
	soren := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Søren", LastName: "Ødegård", City: "Århus",
		OtherEmails: []contact.LabeledEmail{{Email: contact.MustParseEmail("søren@example.dk")}}}
	ase := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Åse", LastName: "ÅSEN"}
	muller := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Hans", LastName: "Muller"}
	ada := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Ada", LastName: "Lovelace"}
	pool := migrateSearchText(t, 12, []storedText{ // as version 12 stored them
		{jurgen, " jurgen muller ludenscheidt mullerludenscheidt o neil smith oneilsmith oneil backer sohne zurich example de jurgenmullerexamplede grosse vip "},
		{soren, " soren odegard arhus example dk sorenexampledk "},
		{ase, " ase asen "},
		{muller, " hans muller "},
		{ada, " ada lovelace "},
	})
	found := func(q string) []contact.ID { return foundByWords(t, pool, q) }
	sorted := func(ids ...contact.ID) []contact.ID {
		return slices.SortedFunc(slices.Values(ids), func(a, b contact.ID) int { return a.Compare(b) })
	}
	for _, tc := range []struct {
		q    string
		want []contact.ID
	}{
		{"juergen mueller", []contact.ID{jurgen.ID}},
		{"muellerluedenscheidt", []contact.ID{jurgen.ID}},
		{"oeneil", []contact.ID{jurgen.ID}},
		{"baecker soehne zuerich", []contact.ID{jurgen.ID}},
		{"juergenmuellerexamplede", []contact.ID{jurgen.ID}},
		{"groesse", []contact.ID{jurgen.ID}},
		{"muller", sorted(jurgen.ID, muller.ID)},
		{"mueller", []contact.ID{jurgen.ID}},
		{"soeren oedegaard aarhus", []contact.ID{soren.ID}},
		{"soerenexampledk", []contact.ID{soren.ID}},
		{"aase aasen", []contact.ID{ase.ID}},
		{"ase", []contact.ID{ase.ID}},
	} {
		if got := found(tc.q); !slices.Equal(got, tc.want) {
			t.Errorf("after migration 0013, %q found %v, want %v", tc.q, got, tc.want)
		}
	}

	// What SQL leaves: set by RefreshSearchText.
	decomposed := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Bea", LastName: "Mu\u0308hle"}
	accented := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Cy", LastName: "Köhler-Lévêque"}
	nbsp := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Di", City: "Malmö\u00a0Syd"}
	insertStored(t, pool, []storedText{
		{decomposed, " bea muhle "},
		{accented, " cy kohler leveque kohlerleveque "},
		{nbsp, " di malmo syd "},
	})
	if err := pgstore.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"muehle", "koehler", "malmoe"} {
		if got := found(q); len(got) != 0 {
			t.Fatalf("%q found %v before RefreshSearchText: the test stores no such word", q, got)
		}
	}
	// The rows SQL rewrote hold their words in another order than
	// SearchText's: RefreshSearchText writes those too, and no other.
	stale := 0
	for _, c := range []contact.Contact{jurgen, soren, ase, muller, ada, decomposed, accented, nbsp} {
		var text string
		if err := pool.QueryRow(ctx, `SELECT search_text FROM contacts WHERE id = $1`, c.ID.String()).Scan(&text); err != nil {
			t.Fatal(err)
		}
		if text != contact.SearchText(&c) {
			stale++
		}
	}
	if n, err := pgstore.RefreshSearchText(ctx, pool); err != nil || n != stale || stale < 3 {
		t.Errorf("RefreshSearchText = %d, %v; want the %d stale rows, the 3 SQL left among them", n, err, stale)
	}
	for q, want := range map[string]contact.ID{"bea muehle": decomposed.ID, "koehlerleveque": accented.ID, "di malmoe syd": nbsp.ID} {
		if got := found(q); !slices.Equal(got, []contact.ID{want}) {
			t.Errorf("%q found %v after RefreshSearchText, want %v", q, got, want)
		}
	}
}
