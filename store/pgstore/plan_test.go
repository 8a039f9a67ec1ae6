package pgstore

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// TestListingsCostAPage checks the performance rule "no listing whose cost
// grows with the workspace rather than the page": in a workspace of 20,000
// contacts and 30,000 records, each listing shape reads at most a few
// pages' worth of rows to return a page of 10, with the generic plan that
// PostgreSQL switches to after a few executions of a prepared statement.
//
// Two shapes are left out, as the README says: text searches (every match
// of the trigram index is read and sorted) and combinations of filters
// that no index serves together.
func TestListingsCostAPage(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: seeds 20,000 contacts")
	}
	pool := newPool(t)
	ctx := t.Context()
	const ws = "big"
	seed := `
INSERT INTO contacts (workspace_id, id, version, status, assignee, search_text, deleted_at, body)
SELECT w, md5(w || i)::uuid, 1, CASE WHEN i % 10 = 0 THEN 'blocked' ELSE 'active' END,
	CASE WHEN i % 100 = 0 THEN 'u1' ELSE '' END, ' name' || i || ' ',
	CASE WHEN i % 20 = 0 THEN now() END, '{}'
FROM generate_series(1, 20000) i, unnest(ARRAY['big', 'other']) w;
INSERT INTO contact_keys SELECT workspace_id, id, 'email:' || id || '@example.com', deleted_at IS NULL FROM contacts;
INSERT INTO contact_tags SELECT workspace_id, 'common', deleted_at IS NULL, id FROM contacts WHERE get_byte(uuid_send(id), 15) % 2 = 0;
INSERT INTO contact_tags SELECT workspace_id, 'rare', deleted_at IS NULL, id FROM contacts WHERE get_byte(uuid_send(id), 15) = 7;
INSERT INTO records SELECT 'big', 'membership', 'L' || (i % 3) || '/' || i, 1, md5('big' || i)::uuid, 'L' || (i % 3), 'subscribed', '', '', '{}'
FROM generate_series(1, 20000) i;
INSERT INTO records SELECT 'big', 'enrollment', 'e' || i, 1, md5('big' || i)::uuid, 'a1', CASE WHEN i % 50 = 0 THEN 'active' ELSE 'inactive' END, 'k' || i, lpad(i::text, 8, '0'), '{}'
FROM generate_series(1, 10000) i;
ANALYZE`
	if _, err := pool.Exec(ctx, seed); err != nil {
		t.Fatal(err)
	}
	mid := contact.ID(uuid.MustParse("80000000-0000-0000-0000-000000000000"))
	someContact := contact.ID(uuid.NewMD5(uuid.Nil, nil)) // any: the plan is what is measured
	const page = 10
	type shape struct {
		name string
		sql  string
		args []any
	}
	var shapes []shape
	for _, c := range []struct {
		name string
		q    store.ContactQuery
	}{
		{"contacts", store.ContactQuery{}},
		{"contacts by status", store.ContactQuery{Status: contact.StatusBlocked}},
		{"contacts by common tag", store.ContactQuery{Tag: tag.MustParseName("common")}},
		{"contacts by rare tag", store.ContactQuery{Tag: tag.MustParseName("rare")}},
		{"contacts in the trash by tag", store.ContactQuery{Tag: tag.MustParseName("common"), Trashed: true}},
		{"contacts by assignee", store.ContactQuery{Assignee: "u1"}},
		{"contacts in the trash", store.ContactQuery{Trashed: true}},
		{"contacts by key", store.ContactQuery{Key: "email:x@example.com"}},
	} {
		for _, after := range []*contact.ID{nil, &mid} {
			sql, args, _ := listContacts(ws, c.q, after, page+1)
			shapes = append(shapes, shape{fmt.Sprintf("%s, after %v", c.name, after != nil), sql, args})
		}
	}
	for _, r := range []struct {
		name string
		k    store.Kind
		q    store.Query
	}{
		{"memberships", store.KindMembership, store.Query{}},
		{"members of a list", store.KindMembership, store.Query{Parent: "L1"}},
		{"live members of a list", store.KindMembership, store.Query{Parent: "L1", LiveContact: true}},
		{"memberships of a contact", store.KindMembership, store.Query{Contact: someContact}},
		{"active enrollments", store.KindEnrollment, store.Query{Status: "active"}},
		{"enrollment by unique key", store.KindEnrollment, store.Query{Unique: "k77"}},
	} {
		for _, after := range []*recordCursor{nil, {Kind: r.k.Name(), Order: "", ID: "L1/5000"}} {
			sql, args, _ := listRecords(ws, r.k, r.q, after, page+1)
			shapes = append(shapes, shape{fmt.Sprintf("%s, after %v", r.name, after != nil), sql, args})
		}
	}
	for i, s := range shapes {
		err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, "SET LOCAL plan_cache_mode = force_generic_plan"); err != nil {
				return err
			}
			name := fmt.Sprintf("ck_shape_%d", i)
			if _, err := tx.Exec(ctx, "PREPARE "+name+" AS "+s.sql); err != nil {
				return err
			}
			// EXPLAIN takes no parameters: the values are spelled out.
			params := ""
			for j, a := range s.args {
				if j > 0 {
					params += ", "
				}
				params += literal(t, a)
			}
			var out []byte
			if err := tx.QueryRow(ctx, "EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE "+name+"("+params+")").Scan(&out); err != nil {
				return err
			}
			var plans []struct{ Plan planNode }
			if err := json.Unmarshal(out, &plans); err != nil {
				return err
			}
			read := plans[0].Plan.rowsRead()
			t.Logf("%s: %.0f rows read", s.name, read)
			if read > 5*(page+1) {
				t.Errorf("%s: read %.0f rows for a page of %d\n%s\n%s", s.name, read, page, s.sql, out)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v\n%s", s.name, err, s.sql)
		}
	}
}

// literal spells v in SQL, for the values of the test's queries.
func literal(t *testing.T, v any) string {
	switch v := v.(type) {
	case string:
		return "'" + strings.ReplaceAll(v, "'", "''") + "'"
	case int:
		return fmt.Sprint(v)
	case bool:
		return fmt.Sprint(v)
	case pgtype.UUID:
		return "'" + uuid.UUID(v.Bytes).String() + "'"
	}
	t.Fatalf("no literal for %T", v)
	return ""
}

// planNode is a node of EXPLAIN (ANALYZE, FORMAT JSON).
type planNode struct {
	NodeType       string     `json:"Node Type"`
	ActualRows     float64    `json:"Actual Rows"`
	ActualLoops    float64    `json:"Actual Loops"`
	RemovedFilter  float64    `json:"Rows Removed by Filter"`
	RemovedRecheck float64    `json:"Rows Removed by Index Recheck"`
	Plans          []planNode `json:"Plans"`
}

// rowsRead sums the rows that the scans of the plan returned or filtered
// out, over all their loops.
func (n planNode) rowsRead() float64 {
	var sum float64
	switch n.NodeType {
	case "Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan":
		sum = (n.ActualRows + n.RemovedFilter + n.RemovedRecheck) * n.ActualLoops
	}
	for _, c := range n.Plans {
		sum += c.rowsRead()
	}
	return sum
}
