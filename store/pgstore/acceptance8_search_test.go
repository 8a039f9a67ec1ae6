package pgstore_test

// Acceptance (eighth round): memstore and pgstore answer the same word
// searches for contacts in many scripts and forms, through the Service,
// after updates, trash and restore; and rows stored by older versions
// answer as SearchText's after the migrations.

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/pgstore"
)

func acc8P(s string) *string { return &s }

// TestAcc8SearchParity: DESIGN S1 ("Search is case- and accent-insensitive;
// every word of the query must match somewhere in the name, emails, phones,
// company or tags") and contact.SearchText's rule, the same on both stores.
func TestAcc8SearchParity(t *testing.T) {
	ctx := context.Background()
	sides := acc3Sides(t, 8)
	inputs := []contactkit.ContactInput{
		{Patch: contact.Patch{FirstName: acc8P("ＭＩＫＩ"), LastName: acc8P("山田\u3000花子"), Email: acc8P("miki+news@example.jp")}, Tags: []string{"ＶＩＰ"}},
		{Patch: contact.Patch{FirstName: acc8P("İlker"), LastName: acc8P("Işık"), Company: acc8P("Straße GmbH"), Email: acc8P("ilker@bücher.de")}},
		{Patch: contact.Patch{FirstName: acc8P("ﬁona"), LastName: acc8P("Ǆemal"), City: acc8P("Łódź"), Phone: acc8P("06 12 34 56 78")}},
		{Patch: contact.Patch{FirstName: acc8P("Hélène"), LastName: acc8P("O’Brien-Dupré"), OtherEmails: &[]contact.LabeledInput{{Value: "h.d@пример.рф"}, {Value: "helene@example.com"}}}},
		{Patch: contact.Patch{FirstName: acc8P("Ａｄａ１２"), LastName: acc8P("ｌｏｖｅｌａｃｅ"), JobTitle: acc8P("Ｃ＋＋ dev")}, Tags: []string{"a_b", "50%"}},
		{Patch: contact.Patch{FirstName: acc8P("e\u0301mile"), LastName: acc8P("ΣΊΣΥΦΟΣ"), Alias: acc8P("Ꙩ")}},
	}
	var ids []contact.ID
	for _, side := range sides {
		ids = ids[:0]
		for _, in := range inputs {
			c, err := side.svc.CreateContact(ctx, acc3Actor, in)
			if err != nil {
				t.Fatalf("%s: %v", side.name, err)
			}
			ids = append(ids, c.ID)
		}
	}
	queries := []string{"miki", "ｍｉｋｉ", "山田", "花子", "山田 花子", "news", "mikinews", "vip", "ｖｉｐ", "ilker", "isik", "ışık", "strasse", "STRASSE",
		"bucher", "xn", "bcher", "fiona", "ﬁ", "dzemal", "lodz", "helene", "obrien", "dupre", "obriendupre", "пример", "рф", "hd", "ada12", "ada", "１２",
		"lovelace", "c", "dev", "a b", "ab", "50", "emile", "σισυφοσ", "sisyfos", "ꙩ", "06 12 34 56 78", "fiona 0612345678", "ilker@bücher.de", "ilker@bucher.d",
		"helene@example.com", "h.d@пример.рф", "example", "e", "s", "l"}
	check := func(stage string) {
		t.Helper()
		found := 0
		defer func() { t.Logf("%s: %d of %d queries found contacts", stage, found, len(queries)) }()
		for _, q := range queries {
			var answers [][]contact.ID
			for _, side := range sides {
				for _, trashed := range []bool{false, true} {
					got, errc := acc3List(side.svc, contactkit.ContactQuery{Text: q, Trashed: trashed}, 2)
					if errc != "ok" {
						t.Fatalf("%s %s %q: %s", stage, side.name, q, errc)
					}
					answers = append(answers, got)
				}
			}
			if len(answers[0])+len(answers[1]) > 0 {
				found++
			}
			if !slices.Equal(answers[0], answers[2]) || !slices.Equal(answers[1], answers[3]) {
				t.Errorf("%s %q: memstore %v (trash %v), pgstore %v (trash %v)", stage, q, answers[0], answers[1], answers[2], answers[3])
			}
		}
	}
	check("created")
	for _, side := range sides {
		if _, err := side.svc.UpdateContact(ctx, acc3Actor, ids[0], contact.Patch{FirstName: acc8P("Ｍｉｃｈｉ")}); err != nil {
			t.Fatal(err)
		}
		if _, err := side.svc.DeleteContact(ctx, acc3Actor, ids[1]); err != nil {
			t.Fatal(err)
		}
		if _, err := side.svc.DeleteContact(ctx, acc3Actor, ids[2]); err != nil {
			t.Fatal(err)
		}
		if _, err := side.svc.RestoreContact(ctx, acc3Actor, ids[2]); err != nil {
			t.Fatal(err)
		}
	}
	queries = append(queries, "michi", "ｍｉｃｈｉ")
	check("updated")
}

// TestAcc8MigrationsFromVersion5: a row stored at version 5 for a contact
// without a primary email, whose first secondary one has an IDN domain, and
// whose name is full-width: after 0006 and 0007 its search text holds the
// words of SearchText (compared as sets in migrateSearchText), and the
// searches a user types find it.
func TestAcc8MigrationsFromVersion5(t *testing.T) {
	ctx := t.Context()
	c := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "ＡＤＡ", LastName: "Lovelace", Status: contact.StatusActive,
		OtherEmails: []contact.LabeledEmail{{Email: contact.MustParseEmail("ada.l@bücher.de")}, {Email: contact.MustParseEmail("ada@example.org")}}}
	pool := migrateSearchText(t, 5, []storedText{
		// As version 5 gave it: the first secondary's ASCII form left out,
		// its Unicode form in, the full-width name in full-width lower case.
		{c, " ａｄａ lovelace ada l bucher de adalbucherde example org adaexampleorg "},
	})
	err := pgstore.New(pool, nil).View(ctx, func(tx store.Tx) error {
		for _, q := range []string{"ada", "xn", "bcher", "adalxnbcherkvade", "bucher", "lovelace ada"} {
			page, err := tx.Contacts().List(ctx, "w", store.ContactQuery{Words: contact.QueryWords(q)}, store.PageRequest{Limit: 10})
			if err != nil {
				return err
			}
			if len(page.Items) != 1 {
				t.Errorf("%q found %d contacts, want 1", q, len(page.Items))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
