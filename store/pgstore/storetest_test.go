package pgstore_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/pgstore"
	"github.com/contactkit/contactkit/storetest"
)

// TestStoretest certifies the Store with the conformance suite. Every case
// works in workspaces of its own, so the cases share one schema (new for
// this test, see newStore) and run in parallel. Times keep their nanoseconds (bodies are JSON; DeletedAt's
// column keeps the nanoseconds below the microsecond), so no TimePrecision
// is declared.
func TestStoretest(t *testing.T) {
	s := pgstore.NewTestStore(t, &pgstore.Options{Outbox: true})
	storetest.RunWith(t, func(t *testing.T) store.Store { return s }, &storetest.Options{
		ParallelViews:           true,
		WorkspaceParallelWrites: true,
		Count:                   true,
		Prefetch:                true,
		As:                      func() any { return new(pgx.Tx) },
		Outbox:                  true,
		Parallel:                true,
	})
}

// envNoRetries runs TestStoretestFailsWithoutRetries's subprocess.
const envNoRetries = "PGSTORE_TEST_NO_RETRIES"

// TestStoretestFailsWithoutRetries shows that the suite can tell a Store
// that does not retry: the Store with retries switched off fails the case of
// concurrent writers in write skew, run in a subprocess, and names the rule.
func TestStoretestFailsWithoutRetries(t *testing.T) {
	if os.Getenv(envNoRetries) == "1" {
		s := pgstore.NewTestStore(t, &pgstore.Options{MaxRetries: -1})
		storetest.RunWith(t, func(t *testing.T) store.Store { return s }, &storetest.Options{Writers: 8})
		return
	}
	pgstore.NewTestStore(t, nil) // skips, or fails under CI, without a database
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run", "^TestStoretestFailsWithoutRetries$/Concurrency/SkewedWritersCommit$", "-test.count=1")
	cmd.Env = append(os.Environ(), envNoRetries+"=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("storetest passed a Store whose retries are off; output:\n%s", out)
	}
	if !strings.Contains(string(out), "serializes or retries its transactions") {
		t.Errorf("storetest failed a Store whose retries are off without naming the rule; output:\n%s", out)
	}
}
