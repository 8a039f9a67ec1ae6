package pgstore_test

import (
	"slices"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestMigrationHoldingsByKey: migration 0017 moves each holding of the
// buckets of version 16 (kind "holding-bucket") to its own record of kind
// "holding", shared ones marked so, and the bucket that marks an index
// complete to the holding that does: FindDuplicates then answers from the
// moved index without building it again, and a later write keeps it.
func TestMigrationHoldingsByKey(t *testing.T) {
	ctx := t.Context()
	pool := migratedTo(t, 16)
	svc := contactkit.New(pgstore.New(pool, nil), &contactkit.Options{DefaultRegion: "FR"})
	a := contactkit.Actor{Workspace: "w", User: "owner", Role: contactkit.RoleOwner}
	create := func(email string) contact.ID {
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: &email}})
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	ada, adaDotted := create("ada@gmail.com"), create("a.da@gmail.com")
	bobDotted := create("b.ob@gmail.com") // a variant nobody else holds: an unshared holding
	if _, err := svc.FindDuplicates(ctx, a, nil); err != nil {
		t.Fatal(err) // builds the index and marks it so
	}
	// As version 16 kept it: the holdings packed in a bucket, and the
	// bucket "built" (this build wrote them by key).
	exec := func(sql string) {
		t.Helper()
		if _, err := pool.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	exec(`INSERT INTO records (workspace_id, kind, id, version, contact_id, parent, status, uniq, ord, body)
		SELECT 'w', 'holding-bucket', '0a1', 3, '00000000-0000-0000-0000-000000000000', '', '', '', '',
			json_build_object('ID', '0a1', 'Version', 0, 'Holdings',
				json_agg(json_build_object('Key', body -> 'Key', 'Holders', body -> 'Holders') ORDER BY id))
		FROM records WHERE kind = 'holding' AND id <> 'built'`)
	exec(`INSERT INTO records (workspace_id, kind, id, version, contact_id, parent, status, uniq, ord, body)
		VALUES ('w', 'holding-bucket', 'built', 1, '00000000-0000-0000-0000-000000000000', '', '', '', '',
			'{"ID":"built","Version":0,"Holdings":null}')`)
	exec(`DELETE FROM records WHERE kind = 'holding'`)

	if err := pgstore.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	type row struct {
		id, status string
		holders    int
	}
	var rows []row
	rs, err := pool.Query(ctx, `SELECT id, status, CASE WHEN json_typeof(body -> 'Holders') = 'array' THEN json_array_length(body -> 'Holders') ELSE 0 END FROM records WHERE kind = 'holding' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rs.Next() {
		var r row
		if err := rs.Scan(&r.id, &r.status, &r.holders); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r)
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	want := []row{{"built", "", 0}, {"email:ada@gmail.com", "shared", 2}, {"email:bob@gmail.com", "", 1}}
	if !slices.Equal(rows, want) {
		t.Fatalf("holdings after the migration: %+v, want %+v", rows, want)
	}
	var buckets int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM records WHERE kind = 'holding-bucket'`).Scan(&buckets); err != nil || buckets != 0 {
		t.Fatalf("%d buckets left (%v), want none", buckets, err)
	}
	// The moved index answers, and a write keeps it: bob's dotted address
	// held as is by a new contact shares its holding.
	bob := create("bob@gmail.com")
	res, err := svc.FindDuplicates(ctx, a, nil)
	if err != nil {
		t.Fatal(err)
	}
	has := func(want ...contact.ID) bool {
		return slices.ContainsFunc(res.Groups, func(g merge.Group) bool {
			return len(g.Contacts) == len(want) && !slices.ContainsFunc(want, func(id contact.ID) bool { return !slices.Contains(g.Contacts, id) })
		})
	}
	if len(res.Groups) != 2 || !has(ada, adaDotted) || !has(bob, bobDotted) {
		t.Fatalf("groups after the migration: %+v, want ada's two and bob's two", res.Groups)
	}
}
