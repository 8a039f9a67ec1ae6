package pgstore_test

import (
	"slices"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestMigrationHoldingsByKey: migration 0017 writes each holding of the
// buckets of version 16 (kind "holding-bucket", which held every holding)
// to its own record of kind "holding", leaves the shared ones alone in the
// buckets, removes the buckets left empty and renames the one that marks
// an index complete: FindDuplicates then answers from the index without
// building it again, and a later write keeps it.
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
	// As version 16 kept it: every holding packed in a bucket, and the
	// bucket "built"; no holding of its own (this build wrote them so).
	exec := func(sql string) {
		t.Helper()
		if _, err := pool.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	exec(`DELETE FROM records WHERE kind = 'holding-bucket'`)
	exec(`INSERT INTO records (workspace_id, kind, id, version, contact_id, parent, status, uniq, ord, body)
		SELECT 'w', 'holding-bucket', '0a1', 3, '00000000-0000-0000-0000-000000000000', '', '', '', '',
			json_build_object('ID', '0a1', 'Version', 0, 'Holdings',
				json_agg(json_build_object('Key', body -> 'Key', 'Holders', body -> 'Holders') ORDER BY id))
		FROM records WHERE kind = 'holding'`)
	exec(`INSERT INTO records (workspace_id, kind, id, version, contact_id, parent, status, uniq, ord, body)
		VALUES ('w', 'holding-bucket', 'built', 1, '00000000-0000-0000-0000-000000000000', '', '', '', '',
			'{"ID":"built","Version":0,"Holdings":null}')`)
	exec(`DELETE FROM records WHERE kind = 'holding'`)

	if err := pgstore.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	query := func(sql string) []string {
		t.Helper()
		rs, err := pool.Query(ctx, sql)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for rs.Next() {
			var s string
			if err := rs.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		if err := rs.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	holdings := query(`SELECT id || ' ' || json_array_length(body -> 'Holders') FROM records WHERE kind = 'holding' ORDER BY id`)
	if want := []string{"email:ada@gmail.com 2", "email:bob@gmail.com 1"}; !slices.Equal(holdings, want) {
		t.Fatalf("holdings after the migration: %q, want %q", holdings, want)
	}
	buckets := query(`SELECT id || ' ' || coalesce((SELECT string_agg(h ->> 'Key', ',') FROM json_array_elements(body -> 'Holdings') AS h), '')
		FROM records WHERE kind = 'holding-bucket' AND json_typeof(body -> 'Holdings') <> 'null'
		UNION ALL SELECT id FROM records WHERE kind = 'holding-bucket' AND json_typeof(body -> 'Holdings') = 'null' ORDER BY 1`)
	if want := []string{"0a1 email:ada@gmail.com", "built-by-key"}; !slices.Equal(buckets, want) {
		t.Fatalf("buckets after the migration: %q, want %q: the shared holding alone, and the mark", buckets, want)
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
