// Command postgres runs the quick start of contactkit (see
// examples/quickstart at the root of the repository) on PostgreSQL: define
// a custom field, create contacts, capture a form submission that finds an
// existing contact by its phone, tag, search, read the property history,
// and see the typed errors of bad input.
//
// It reads the connection string from CONTACTKIT_POSTGRES_URL, creates or
// updates the schema with pgstore.Migrate (in the first schema of the
// search_path, which the URL may set: "…?search_path=crm"), and works in a
// new workspace at each run, so that it may run again on the same database:
//
//	export CONTACTKIT_POSTGRES_URL=$(.ci/postgres.sh)   # from the repository root
//	cd store/pgstore && go run ./examples/postgres
//
// Without CONTACTKIT_POSTGRES_URL it says how to get a database and exits
// with status 2, having done nothing.
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/examples/quickstart/tour"
	"github.com/contactkit/contactkit/store/pgstore"
)

func main() {
	url := os.Getenv("CONTACTKIT_POSTGRES_URL")
	if url == "" {
		fmt.Fprintln(os.Stderr, `CONTACTKIT_POSTGRES_URL is not set: give the connection string of a PostgreSQL database
(version 13 or later, with pg_trgm available), for example from the repository root:

	export CONTACTKIT_POSTGRES_URL=$(.ci/postgres.sh)`)
		os.Exit(2)
	}
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	if err := pgstore.Migrate(ctx, pool); err != nil {
		log.Fatal(err)
	}
	ws := contact.WorkspaceID("quickstart-" + strconv.FormatInt(time.Now().UnixNano(), 36))
	if err := run(ctx, os.Stdout, pgstore.New(pool, nil), ws); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, w io.Writer, s *pgstore.Store, ws contact.WorkspaceID) error {
	return tour.Run(ctx, w, s, ws)
}
