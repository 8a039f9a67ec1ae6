package pgstore_test

import (
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
	s := pgstore.NewTestStore(t, nil)
	storetest.RunWith(t, func(t *testing.T) store.Store { return s }, &storetest.Options{
		ParallelViews:           true,
		WorkspaceParallelWrites: true,
		Count:                   true,
		As:                      func() any { return new(pgx.Tx) },
		Parallel:                true,
	})
}
