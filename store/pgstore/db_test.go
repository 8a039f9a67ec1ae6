package pgstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// envURL names the variable that holds the connection string of the
// database the tests use.
const envURL = "CONTACTKIT_POSTGRES_URL"

var admin struct {
	once sync.Once
	pool *pgxpool.Pool
	err  error
}

// adminPool returns the pool on the test database, after making sure that
// pg_trgm is installed in schema public (the test schemas have public on
// their search_path). Without CONTACTKIT_POSTGRES_URL the test is skipped,
// unless CI is "true": then it fails, as it does when no database answers.
func adminPool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	url := os.Getenv(envURL)
	if url == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set and CI=true: the PostgreSQL tests must run in CI (export %s=$(.ci/postgres.sh))", envURL, envURL)
		}
		t.Skipf("%s is not set: start a PostgreSQL with `export %s=$(.ci/postgres.sh)` from the repository root to run this test", envURL, envURL)
	}
	admin.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin.pool, admin.err = pgxpool.New(context.Background(), url)
		if admin.err == nil {
			admin.err = admin.pool.Ping(ctx)
		}
		if admin.err == nil {
			// Run at once by two test processes (go test runs packages in
			// parallel) on a database without it, CREATE EXTENSION IF NOT
			// EXISTS fails in one with a unique violation: run again, it
			// finds the extension (as Migrate does).
			_, admin.err = admin.pool.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`)
			for try := 0; try < 3 && retryable(admin.err) && ctx.Err() == nil; try++ {
				_, admin.err = admin.pool.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`)
			}
		}
	})
	if admin.err != nil {
		t.Fatalf("PostgreSQL at %s=%q does not answer: %v", envURL, url, admin.err)
	}
	return admin.pool
}

// The helpers, for the tests of package pgstore_test.
var (
	NewTestPool   = newPool
	EmptyTestPool = emptyPool
	NewTestStore  = newStore
)

// newPool returns a pool whose search_path is a new, migrated schema of
// its own, dropped when the test ends: an empty, isolated store.
func newPool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool := emptyPool(t)
	if err := Migrate(context.Background(), pool); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return pool
}

// emptyPool returns a pool whose search_path is a new, empty schema of its
// own, dropped when the test ends.
func emptyPool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	ap := adminPool(t)
	ctx := context.Background()
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "ck_" + hex.EncodeToString(b[:])
	if _, err := ap.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := ap.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	cfg := ap.Config().Copy()
	cfg.ConnConfig.RuntimeParams["search_path"] = schema + ", public"
	cfg.MaxConns = 4
	cfg.MinConns = 0
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("pool: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// newStore returns an empty, isolated Store (see newPool).
func newStore(t testing.TB, opts *Options) *Store {
	t.Helper()
	return New(newPool(t), opts)
}
