package pgstore_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/store/pgstore"
)

// TestRv21pgMigrateRefusesAnotherToolsVersionTable: a team whose own
// migration tool keeps its versions in a table schema_migrations of the
// same schema (golang-migrate's default: version bigint, dirty boolean;
// dbmate's and Rails': version text) and runs Migrate there gets
// ErrForeignVersionTable, naming the table, and nothing is written: not
// the tool's rows, not the store's tables. Migrate took that table for its
// own: it skipped its migrations whose numbers the tool had recorded (a
// schema without contacts, reported migrated), and failed on the others
// with "column name does not exist".
func TestRv21pgMigrateRefusesAnotherToolsVersionTable(t *testing.T) {
	for _, table := range []string{
		`CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)`,
		`CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY)`,
	} {
		pool := pgstore.EmptyTestPool(t)
		ctx := t.Context()
		if _, err := pool.Exec(ctx, table); err != nil {
			t.Fatal(err)
		}
		insert := `INSERT INTO schema_migrations VALUES (1, false), (2, false), (3, false)`
		if strings.Contains(table, "varchar") {
			insert = `INSERT INTO schema_migrations VALUES ('1'), ('2'), ('20240101120000')`
		}
		if _, err := pool.Exec(ctx, insert); err != nil {
			t.Fatal(err)
		}
		err := pgstore.Migrate(ctx, pool)
		if !errors.Is(err, pgstore.ErrForeignVersionTable) || !strings.Contains(err.Error(), "schema_migrations") {
			t.Errorf("%s: Migrate = %v, want an error matching ErrForeignVersionTable naming the table", table, err)
		}
		var tables, rows int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()`).Scan(&tables); err != nil {
			t.Fatal(err)
		}
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if tables != 1 || rows != 3 {
			t.Errorf("%s: after Migrate, %d tables in the schema and %d rows in the tool's table, want 1 and 3", table, tables, rows)
		}
	}
}
