package pgstore_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/pgstore"
)

// Open a pool, bring the schema up to date and hand the store to the
// Service.
func Example() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("CONTACTKIT_POSTGRES_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	if err := pgstore.Migrate(ctx, pool); err != nil {
		log.Fatal(err)
	}
	svc := contactkit.New(pgstore.New(pool, &pgstore.Options{MaxRetries: 20}), nil)
	_ = svc
}

// The migrations, for a team that applies them with its own tool
// (pgstore.WriteSQL(os.Stdout) prints them as one script).
func ExampleMigrations() {
	for _, m := range pgstore.Migrations() {
		fmt.Printf("%04d_%s\n", m.Version, m.Name)
	}
	// Output:
	// 0001_init
	// 0002_outbox
	// 0003_search_base_letters
	// 0004_timeline_when
	// 0005_search_more_base_letters
	// 0006_search_first_secondary_email
	// 0007_search_full_width
	// 0008_search_scripts
	// 0009_search_apostrophe_parts
	// 0010_outbox_pruned
	// 0011_unmerged_links
	// 0012_activity_trash
	// 0013_search_transliterations
	// 0014_search_hooked_letters
	// 0015_search_styled_letters
	// 0016_outbox_far_times
	// 0017_holdings_by_key
}

// A host's handler writes its own table in the transaction of the store,
// through the native transaction.
func ExampleStore_Update_native() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("CONTACTKIT_POSTGRES_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	s := pgstore.New(pool, nil)
	err = s.Update(ctx, func(tx store.Tx) error {
		var ptx pgx.Tx
		if !store.As(tx, &ptx) {
			return fmt.Errorf("no native transaction")
		}
		_, err := ptx.Exec(ctx, `INSERT INTO host_audit (what) VALUES ($1)`, "cascade")
		return err
	})
	if err != nil {
		log.Fatal(err)
	}
}
