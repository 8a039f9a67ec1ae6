package main

import (
	"bytes"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestRun runs the quick start on PostgreSQL and checks that it writes
// exactly what the quick start on the memory store writes (its golden
// file).
func TestRun(t *testing.T) {
	url := os.Getenv("CONTACTKIT_POSTGRES_URL")
	if url == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CONTACTKIT_POSTGRES_URL is not set and CI=true: export CONTACTKIT_POSTGRES_URL=$(.ci/postgres.sh)")
		}
		t.Skip("CONTACTKIT_POSTGRES_URL is not set: run `export CONTACTKIT_POSTGRES_URL=$(.ci/postgres.sh)` from the repository root")
	}
	pool, err := pgxpool.New(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if err := pgstore.Migrate(t.Context(), pool); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	ws := contact.WorkspaceID("quickstart-test-" + strconv.FormatInt(time.Now().UnixNano(), 36))
	if err := run(t.Context(), &out, pgstore.New(pool, nil), ws); err != nil {
		t.Fatalf("run: %v\noutput so far:\n%s", err, out.String())
	}
	want, err := os.ReadFile("../../../../examples/quickstart/testdata/output.golden")
	if err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != string(want) {
		t.Errorf("the quick start on PostgreSQL differs from the quick start on memory\ngot:\n%s\nwant:\n%s", got, want)
	}
}
