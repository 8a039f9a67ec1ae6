package pgstore_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestRefreshSearchText: after an upgrade, RefreshSearchText gives every
// stored contact the search text this version's contact.SearchText gives
// it, including what no migration can rewrite in SQL (the secondary
// address in another script of a contact without a primary one, which
// migration 0006 leaves), across batches and workspaces; it counts the
// rows it changed, leaves the contacts' versions, and run again changes
// nothing.
func TestRefreshSearchText(t *testing.T) {
	ctx := t.Context()
	pool := migratedTo(t, len(pgstore.Migrations()))
	greek := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Bo", Status: contact.StatusActive,
		OtherEmails: []contact.LabeledEmail{{Email: contact.MustParseEmail("σοφία@παράδειγμα.ελ")}}}
	var ws, ids, texts []string
	var bodies [][]byte
	stale := 0
	add := func(c contact.Contact, text string) {
		body, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		ws, ids, texts, bodies = append(ws, string(c.Workspace)), append(ids, c.ID.String()), append(texts, text), append(bodies, body)
		if text != contact.SearchText(&c) {
			stale++
		}
	}
	add(greek, " bo ")
	// 2,500 more in two workspaces: every third stored with a stale text.
	for i := range 2500 {
		c := contact.Contact{ID: contact.ID(uuid.New()), Workspace: contact.WorkspaceID(fmt.Sprintf("w%d", i%2)),
			FirstName: fmt.Sprintf("Ann%d", i), LastName: "Ÿvette", Status: contact.StatusActive}
		text := contact.SearchText(&c)
		if i%3 == 0 {
			text = " stale "
		}
		add(c, text)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO contacts (workspace_id, id, version, status, assignee, search_text, body)
		SELECT w, id, 3, 'active', '', t, b FROM unnest($1::text[], $2::uuid[], $3::text[], $4::json[]) AS u(w, id, t, b)`,
		ws, ids, texts, bodies); err != nil {
		t.Fatal(err)
	}

	n, err := pgstore.RefreshSearchText(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	if n != stale {
		t.Errorf("RefreshSearchText changed %d contacts, want the %d stale ones", n, stale)
	}
	rows, err := pool.Query(ctx, `SELECT id, version, search_text, body FROM contacts`)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for rows.Next() {
		var id, text string
		var version int64
		var body []byte
		if err := rows.Scan(&id, &version, &text, &body); err != nil {
			t.Fatal(err)
		}
		var c contact.Contact
		if err := json.Unmarshal(body, &c); err != nil {
			t.Fatal(err)
		}
		if want := contact.SearchText(&c); text != want || version != 3 {
			t.Errorf("contact %s: version %d, search text %q, want version 3 and %q", id, version, text, want)
		}
		seen++
	}
	if err := rows.Err(); err != nil || seen != len(ids) {
		t.Fatalf("read %d contacts of %d: %v", seen, len(ids), err)
	}
	if n, err := pgstore.RefreshSearchText(ctx, pool); n != 0 || err != nil {
		t.Errorf("run again: %d changed, %v; want none", n, err)
	}

	// And the search finds the contact by its secondary address's words.
	err = pgstore.New(pool, nil).View(ctx, func(tx store.Tx) error {
		page, err := tx.Contacts().List(ctx, "w", store.ContactQuery{Words: contact.QueryWords("σοφια")}, store.PageRequest{Limit: 10})
		if err != nil {
			return err
		}
		if len(page.Items) != 1 || page.Items[0].ID != greek.ID {
			t.Errorf("σοφια found %d contacts, want the one whose secondary address has the word", len(page.Items))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
