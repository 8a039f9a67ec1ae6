// Command quickstart walks through contactkit end to end on the in-memory
// store: define a custom field, create contacts, capture a form submission
// that finds an existing contact by its phone, tag, search, read the
// property history, and see the typed errors of bad input. The walk itself
// is in tour/tour.go, so that store/pgstore/examples/postgres runs the same
// one on PostgreSQL.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"io"
	"log"
	"os"

	"github.com/contactkit/contactkit/examples/quickstart/tour"
	"github.com/contactkit/contactkit/store/memstore"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, w io.Writer) error {
	return tour.Run(ctx, w, memstore.New(), "acme")
}
