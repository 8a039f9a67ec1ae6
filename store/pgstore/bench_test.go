package pgstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store/pgstore"
)

// countingTracer counts the statements sent to the server (n), those of
// a pipelined batch included, and the round trips (trips: a statement
// alone, or a batch).
type countingTracer struct{ n, trips atomic.Int64 }

func (c *countingTracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	c.trips.Add(1)
	return ctx
}
func (c *countingTracer) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (c *countingTracer) TraceBatchStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceBatchStartData) context.Context {
	c.trips.Add(1)
	c.n.Add(int64(d.Batch.Len()))
	return ctx
}
func (c *countingTracer) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}
func (c *countingTracer) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData)     {}

func tracedPool(b testing.TB) (*pgxpool.Pool, *countingTracer) {
	pool := pgstore.NewTestPool(b)
	cfg := pool.Config().Copy()
	tr := &countingTracer{}
	cfg.ConnConfig.Tracer = tr
	traced, err := pgxpool.NewWithConfig(b.Context(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(traced.Close)
	return traced, tr
}

// BenchmarkServiceCreateContact creates a contact with an email, a phone
// and a tag through the Service on PostgreSQL; BenchmarkBareCreateContact
// writes the same rows with the fewest statements by hand (the contact,
// its keys and tag, its history, in one serializable transaction). The
// target: the Service within 3× the bare SQL.
func BenchmarkServiceCreateContact(b *testing.B) {
	pool, tr := tracedPool(b)
	svc := contactkit.New(pgstore.New(pool, nil), &contactkit.Options{DefaultRegion: "FR"})
	actor := contactkit.Actor{Workspace: "bench", User: "u", Role: contactkit.RoleOwner, Source: contact.ChangeAPI}
	ctx := b.Context()
	i := 0
	b.ResetTimer()
	start := tr.n.Load()
	for b.Loop() {
		i++
		_, err := svc.CreateContact(ctx, actor, contactkit.ContactInput{
			Patch: contact.Patch{FirstName: new("Ada"), LastName: new("Lovelace"),
				Email: new(fmt.Sprintf("ada%d@example.com", i)), Phone: new(fmt.Sprintf("+336%08d", i))},
			Tags: []string{"vip"},
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(tr.n.Load()-start)/float64(i), "stmts/op")
}

func BenchmarkBareCreateContact(b *testing.B) {
	pool, tr := tracedPool(b)
	ctx := b.Context()
	i := 0
	b.ResetTimer()
	start := tr.n.Load()
	for b.Loop() {
		i++
		id := uuid.Must(uuid.NewV7())
		c := contact.Contact{ID: contact.ID(id), Workspace: "bench", FirstName: "Ada", LastName: "Lovelace",
			Email: contact.MustParseEmail(fmt.Sprintf("ada%d@example.com", i)), Status: contact.StatusActive}
		body, _ := json.Marshal(&c)
		hist, _ := json.Marshal(contact.Diff(&contact.Contact{}, &c))
		err := pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{IsoLevel: pgx.Serializable}, func(tx pgx.Tx) error {
			var batch pgx.Batch
			batch.Queue(`INSERT INTO contacts (workspace_id, id, version, status, assignee, search_text, body) VALUES ($1, $2, 1, 'active', '', $3, $4)`,
				"bench", id, contact.SearchText(&c), body)
			batch.Queue(`INSERT INTO contact_keys (workspace_id, contact_id, key, live) SELECT $1, $2, k, true FROM unnest($3::text[]) k`,
				"bench", id, c.Keys())
			batch.Queue(`INSERT INTO contact_tags (workspace_id, tag, live, contact_id) VALUES ($1, 'vip', true, $2)`, "bench", id)
			batch.Queue(`INSERT INTO history (workspace_id, contact_id, field, body) VALUES ($1, $2, 'all', $3)`, "bench", id, hist)
			return tx.SendBatch(ctx, &batch).Close()
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(tr.n.Load()-start)/float64(i), "stmts/op")
}

// BenchmarkServiceUpdateContact changes a contact's city through the
// Service; BenchmarkBareUpdateContact does by hand what it needs: read the
// contact, write it back at the next version, append the change.
func BenchmarkServiceUpdateContact(b *testing.B) {
	pool, tr := tracedPool(b)
	svc := contactkit.New(pgstore.New(pool, nil), &contactkit.Options{DefaultRegion: "FR"})
	actor := contactkit.Actor{Workspace: "bench", User: "u", Role: contactkit.RoleOwner, Source: contact.ChangeAPI}
	ctx := b.Context()
	c, err := svc.CreateContact(ctx, actor, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")}})
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	start := tr.n.Load()
	for b.Loop() {
		i++
		if _, err := svc.UpdateContact(ctx, actor, c.ID, contact.Patch{City: new(fmt.Sprint("City ", i))}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(tr.n.Load()-start)/float64(i), "stmts/op")
}

func BenchmarkBareUpdateContact(b *testing.B) {
	pool, _ := tracedPool(b)
	ctx := b.Context()
	id := uuid.Must(uuid.NewV7())
	c := contact.Contact{ID: contact.ID(id), Workspace: "bench", FirstName: "Ada", Status: contact.StatusActive}
	body, _ := json.Marshal(&c)
	if _, err := pool.Exec(ctx, `INSERT INTO contacts (workspace_id, id, version, status, assignee, search_text, body) VALUES ('bench', $1, 1, 'active', '', '', $2)`, id, body); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		err := pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{IsoLevel: pgx.Serializable}, func(tx pgx.Tx) error {
			var (
				version int64
				raw     []byte
			)
			if err := tx.QueryRow(ctx, `SELECT version, body FROM contacts WHERE workspace_id = 'bench' AND id = $1`, id).Scan(&version, &raw); err != nil {
				return err
			}
			var cur contact.Contact
			if err := json.Unmarshal(raw, &cur); err != nil {
				return err
			}
			cur.City = fmt.Sprint("City ", i)
			body, _ := json.Marshal(&cur)
			hist, _ := json.Marshal(contact.Change{Contact: cur.ID, Field: contact.FieldCity, New: cur.City})
			var batch pgx.Batch
			batch.Queue(`UPDATE contacts SET version = version + 1, search_text = $3, body = $4 WHERE workspace_id = 'bench' AND id = $1 AND version = $2`,
				id, version, contact.SearchText(&cur), body)
			batch.Queue(`INSERT INTO history (workspace_id, contact_id, field, body) VALUES ('bench', $1, 'city', $2)`, id, hist)
			return tx.SendBatch(ctx, &batch).Close()
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
