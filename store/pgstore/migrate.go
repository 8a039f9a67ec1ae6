package pgstore

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migration is one numbered step of the schema, as embedded in the package
// (migrations/0001_init.sql …).
type Migration struct {
	Version int    // 1, 2, …: the order in which migrations apply
	Name    string // "init": the file name without number and extension
	SQL     string // the statements, run in one transaction
}

// Migrations returns the migrations of the schema in the order they apply.
// Teams with their own migration tool copy their SQL (see also WriteSQL)
// and record each Version in the table schema_migrations themselves, or
// never call Migrate.
func Migrations() []Migration {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		panic(err) // the pattern is constant
	}
	out := make([]Migration, 0, len(names))
	for i, name := range names { // fs.Glob sorts: 0001_… before 0002_…
		base := strings.TrimSuffix(path.Base(name), ".sql")
		num, label, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil || v != i+1 {
			panic(fmt.Sprintf("pgstore: migration %s is not numbered %04d", name, i+1))
		}
		b, err := migrationFiles.ReadFile(name)
		if err != nil {
			panic(err)
		}
		out = append(out, Migration{Version: v, Name: label, SQL: string(b)})
	}
	return out
}

// createVersionTable creates the table that records the applied migrations.
const createVersionTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    integer PRIMARY KEY,
	name       text NOT NULL,
	applied_at timestamptz NOT NULL DEFAULT now()
)`

// ErrForeignVersionTable is wrapped by the error of Migrate when the table
// schema_migrations of the schema is not the one Migrate makes (version
// integer, name text): another migration tool's, such as golang-migrate's
// or dbmate's, which use that name too. Migrate then writes nothing: its
// versions are not the store's. Keep the store in a schema of its own (the
// first of the pool's search_path), or the tool's table elsewhere.
var ErrForeignVersionTable = errors.New("the table schema_migrations is another tool's")

// versionTableIsOurs reads whether the table schema_migrations has the
// columns of createVersionTable.
const versionTableIsOurs = `SELECT count(*) = 2 FROM pg_attribute
WHERE attrelid = 'schema_migrations'::regclass AND NOT attisdropped
	AND ((attname = 'version' AND atttypid = 'integer'::regtype) OR (attname = 'name' AND atttypid = 'text'::regtype))`

// WriteSQL writes the whole schema to w, as Migrate would apply it on an
// empty schema: the version table, then every migration in its own
// transaction followed by the row that records it.
func WriteSQL(w io.Writer) error {
	var b strings.Builder
	b.WriteString("-- contactkit pgstore schema: apply in the schema of the search_path the store uses.\n\n")
	b.WriteString(createVersionTable + ";\n")
	for _, m := range Migrations() {
		fmt.Fprintf(&b, "\n-- Migration %04d %s\nBEGIN;\n%s\nINSERT INTO schema_migrations (version, name) VALUES (%d, '%s');\nCOMMIT;\n",
			m.Version, m.Name, strings.TrimSpace(m.SQL), m.Version, m.Name)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Migrate brings the schema of the pool's search_path (its first schema,
// where unqualified tables are created) up to date: it applies, in order,
// each migration not yet recorded in the table schema_migrations, each in
// its own transaction together with the row that records it. It is safe to
// run concurrently (from several processes starting at once): a
// transaction-level advisory lock, keyed by the schema's name, serialises
// them, and each migration is checked again under the lock. A table
// schema_migrations that another migration tool made there gives
// ErrForeignVersionTable, and nothing is written.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	for _, m := range Migrations() {
		err := migrate(ctx, pool, m)
		// CREATE EXTENSION IF NOT EXISTS, run at once for two schemas of
		// one database, fails in one of them with a unique violation: run
		// again, it finds the extension.
		for try := 0; try < 3 && retryable(err) && ctx.Err() == nil; try++ {
			err = migrate(ctx, pool, m)
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("pgstore: migrate %04d_%s: %w", m.Version, m.Name, err)
		}
	}
	return nil
}

// schemaName returns the name of the schema where Migrate writes, or
// "(unknown)" when it cannot be read.
func schemaName(ctx context.Context, tx pgx.Tx) string {
	var name string
	if err := tx.QueryRow(ctx, `SELECT current_schema()`).Scan(&name); err != nil {
		return "(unknown)"
	}
	return name
}

func migrate(ctx context.Context, pool *pgxpool.Pool, m Migration) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx,
			`SELECT pg_advisory_xact_lock(hashtextextended('contactkit/pgstore/migrate:' || coalesce(current_schema(), ''), 0))`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, createVersionTable); err != nil {
			return err
		}
		var ours bool
		if err := tx.QueryRow(ctx, versionTableIsOurs).Scan(&ours); err != nil {
			return err
		}
		if !ours {
			return fmt.Errorf("%w: %s.schema_migrations has no columns version integer and name text: keep the store in a schema of its own",
				ErrForeignVersionTable, schemaName(ctx, tx))
		}
		var done bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)`,
			m.Version).Scan(&done); err != nil {
			return err
		}
		if done {
			return nil
		}
		if _, err := tx.Exec(ctx, m.SQL); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name)
		return err
	})
}
