package pgstore_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestMigrationIndexesFirstSecondaryEmail: contact.SearchText gives the
// words of the first secondary email of a contact without a primary one,
// which it left out before; migration 0006 adds them to the rows stored
// before, so that PostgreSQL finds such a contact by that address as
// memstore does, and leaves the other rows as they were.
func TestMigrationIndexesFirstSecondaryEmail(t *testing.T) {
	ctx := t.Context()
	id := func() contact.ID { return contact.ID(uuid.New()) }
	others := func(addrs ...string) []contact.LabeledEmail {
		var out []contact.LabeledEmail
		for _, a := range addrs {
			out = append(out, contact.LabeledEmail{Email: contact.MustParseEmail(a)})
		}
		return out
	}
	noPrimary := contact.Contact{ID: id(), Workspace: "w", FirstName: "Bo", Status: contact.StatusActive,
		OtherEmails: others("zed.q@example.org", "ann@example.com")}
	// Its words partly held already: only the missing ones are added.
	held := contact.Contact{ID: id(), Workspace: "w", FirstName: "Example", Status: contact.StatusActive,
		OtherEmails: others("ann-lee@example.com")}
	primary := contact.Contact{ID: id(), Workspace: "w", FirstName: "Cy", Status: contact.StatusActive,
		Email: contact.MustParseEmail("cy@example.net"), OtherEmails: others("cy.w@example.org")}
	pool := migrateSearchText(t, 5, []storedText{
		// As SearchText gave them before: the first secondary email left out.
		{noPrimary, " bo ann example com annexamplecom "},
		{held, " example "},
		{primary, " cy example net cyexamplenet w org cywexampleorg "},
	})
	s := pgstore.New(pool, nil)
	err := s.View(ctx, func(tx store.Tx) error {
		for q, want := range map[string]contact.ID{"zed": noPrimary.ID, "zedqexampleorg": noPrimary.ID, "annlee": held.ID, "lee": held.ID} {
			page, err := tx.Contacts().List(ctx, "w", store.ContactQuery{Words: contact.QueryWords(q)}, store.PageRequest{Limit: 10})
			if err != nil {
				return err
			}
			if len(page.Items) != 1 || page.Items[0].ID != want {
				t.Errorf("%q found %d contacts, want the one whose secondary email has the word, without a primary one", q, len(page.Items))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
