package pgstore_test

import (
	"flag"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/fixture"
	"github.com/contactkit/contactkit/store/pgstore"
)

var importRows = flag.Int("import.rows", 100_000, "rows of the CSV that BenchmarkImport generates")

// BenchmarkImport imports a generated realistic CSV of -import.rows rows
// (names, email, phone in national and international forms, a country for
// one row in four, tags, two custom fields, 5 % bad rows, 3 % duplicates),
// written to a file first and read from it, into an empty PostgreSQL
// schema, with the default batch size, and reports rows/s (the goal is 30,000), the SQL
// statements sent per row and the round trips they took (a pipelined batch
// of statements is one).
//
//	CONTACTKIT_POSTGRES_URL=… go test -run '^$' -bench 'Import$' -benchtime=1x .
func BenchmarkImport(b *testing.B) {
	n := *importRows
	g := fixture.New(1, "FR")
	ctx := b.Context()
	actor := contactkit.Actor{Workspace: "bench", User: "u", Role: contactkit.RoleOwner, Source: contact.ChangeAPI}
	path, err := g.ImportCSVFile(b.TempDir(), n)
	if err != nil {
		b.Fatal(err)
	}
	var rates []float64
	var perRow, tripsPerRow float64
	var res contactkit.ImportResult
	for b.Loop() {
		b.StopTimer()
		pool, tr := tracedPool(b)
		svc := contactkit.New(pgstore.New(pool, nil), &contactkit.Options{DefaultRegion: "FR"})
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { f.Close() })
		r, m, err := fixture.PrepareImport(ctx, svc, actor, f)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start, stmts, trips := time.Now(), tr.n.Load(), tr.trips.Load()
		res, err = svc.Import(ctx, actor, r, m, nil)
		took := time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		perRow = float64(tr.n.Load()-stmts) / float64(res.Rows)
		tripsPerRow = float64(tr.trips.Load()-trips) / float64(res.Rows)
		rates = append(rates, float64(res.Rows)/took.Seconds())
	}
	if res.Rows != n {
		b.Fatalf("imported %d rows of %d: %+v", res.Rows, n, res)
	}
	best := rates[0]
	for _, r := range rates {
		best = max(best, r)
	}
	b.ReportMetric(best, "rows/s")
	b.ReportMetric(perRow, "statements/row")
	b.ReportMetric(tripsPerRow, "round-trips/row")
	b.Logf("%d rows: %+v", n, res)
}

// BenchmarkImportBareSQL is the baseline of BenchmarkImport: the server's
// own work to store what an import of the same file stores, with none of
// the import's. The file is imported once into one schema; then, timed,
// the rows it wrote (contacts with their keys and tags, their history,
// the records that belong to them) are copied into an empty schema by the
// server itself, in transactions of 500 contacts as the import's batches
// are, with one INSERT … SELECT a table: no parsing, no encoding, no
// network, no reads. rows/s is the file's rows over that time: what no
// importer on this server can beat without changing the schema.
//
//	CONTACTKIT_POSTGRES_URL=… go test -run '^$' -bench 'Import(BareSQL)?$' -benchtime=1x .
func BenchmarkImportBareSQL(b *testing.B) {
	n := *importRows
	ctx := b.Context()
	from := pgstore.NewTestPool(b)
	svc := contactkit.New(pgstore.New(from, nil), &contactkit.Options{DefaultRegion: "FR"})
	actor := contactkit.Actor{Workspace: "bench", User: "u", Role: contactkit.RoleOwner, Source: contact.ChangeAPI}
	r, m, err := fixture.PrepareImport(ctx, svc, actor, fixture.New(1, "FR").ImportCSV(n))
	if err != nil {
		b.Fatal(err)
	}
	res, err := svc.Import(ctx, actor, r, m, nil)
	if err != nil {
		b.Fatal(err)
	}
	var schema string
	if err := from.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		b.Fatal(err)
	}
	rows, err := from.Query(ctx, `SELECT id FROM contacts WHERE workspace_id = $1 ORDER BY id`, string(actor.Workspace))
	if err != nil {
		b.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[pgtype.UUID])
	if err != nil {
		b.Fatal(err)
	}
	src := pgx.Identifier{schema}.Sanitize()
	copies := []string{
		`INSERT INTO contacts SELECT * FROM ` + src + `.contacts WHERE workspace_id = $1 AND id = ANY($2)`,
		`INSERT INTO contact_keys SELECT * FROM ` + src + `.contact_keys WHERE workspace_id = $1 AND contact_id = ANY($2)`,
		`INSERT INTO contact_tags SELECT * FROM ` + src + `.contact_tags WHERE workspace_id = $1 AND contact_id = ANY($2)`,
		`INSERT INTO history (workspace_id, contact_id, field, body)
		 SELECT workspace_id, contact_id, field, body FROM ` + src + `.history WHERE workspace_id = $1 AND contact_id = ANY($2) ORDER BY seq`,
		`INSERT INTO records SELECT * FROM ` + src + `.records WHERE workspace_id = $1 AND contact_id = ANY($2)`,
	}
	// schema=full copies into the schema the store migrates to, which the
	// import wrote; schema=heaps into the same tables stripped of every
	// index and constraint (the search's trigram index, the keys' unique
	// index, the primary and foreign keys): a floor no schema that still
	// finds a contact by its words or keeps its keys unique can go below.
	for _, schema := range []string{"full", "heaps"} {
		b.Run("schema="+schema, func(b *testing.B) {
			var rate float64
			for b.Loop() {
				b.StopTimer()
				to := pgstore.NewTestPool(b)
				if schema == "heaps" {
					stripSchema(b, to)
				}
				b.StartTimer()
				start := time.Now()
				for batch := range slices.Chunk(ids, 500) {
					err := pgx.BeginTxFunc(ctx, to, pgx.TxOptions{IsoLevel: pgx.Serializable}, func(tx pgx.Tx) error {
						for _, q := range copies {
							if _, err := tx.Exec(ctx, q, string(actor.Workspace), batch); err != nil {
								return err
							}
						}
						return nil
					})
					if err != nil {
						b.Fatal(err)
					}
				}
				rate = float64(res.Rows) / time.Since(start).Seconds()
			}
			b.ReportMetric(rate, "rows/s")
			b.Logf("%d rows, %d contacts", res.Rows, len(ids))
		})
	}
}

// stripSchema drops every constraint and index of the pool's schema,
// foreign keys first: what is left are the tables' heaps.
func stripSchema(b *testing.B, pool *pgxpool.Pool) {
	b.Helper()
	ctx := b.Context()
	rows, err := pool.Query(ctx, `SELECT format('ALTER TABLE %I DROP CONSTRAINT %I', t.relname, c.conname)
		FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
		WHERE t.relnamespace = current_schema()::regnamespace AND c.contype IN ('f', 'p', 'u')
		ORDER BY c.contype <> 'f', t.relname, c.conname`)
	if err != nil {
		b.Fatal(err)
	}
	drops, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range drops {
		if _, err := pool.Exec(ctx, q); err != nil {
			b.Fatal(q, err)
		}
	}
	rows, err = pool.Query(ctx, `SELECT format('DROP INDEX %I', indexname) FROM pg_indexes WHERE schemaname = current_schema()`)
	if err != nil {
		b.Fatal(err)
	}
	if drops, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		b.Fatal(err)
	}
	for _, q := range drops {
		if _, err := pool.Exec(ctx, q); err != nil {
			b.Fatal(q, err)
		}
	}
	var left int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema()`).Scan(&left); err != nil || left != 0 {
		b.Fatalf("%d indexes left: %v", left, err)
	}
}
