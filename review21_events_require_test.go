package contactkit_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// TestRv21eventsImportRequiresTheOutbox: Options.RequireOutbox "makes
// every call that writes fail, writing nothing" when the store's
// transactions find no outbox. An import writes: on a store given through
// a wrapper that hides the outbox, it must fail with store.ErrNoOutbox and
// create nobody, as CreateContact does, instead of writing contacts whose
// events no consumer will ever read.
func TestRv21eventsImportRequiresTheOutbox(t *testing.T) {
	ctx := t.Context()
	mem := memstore.NewWith(&memstore.Options{Outbox: true})
	svc := contactkit.New(acc14PlainStore(mem), &contactkit.Options{RequireOutbox: true})
	data := []byte("First Name,Email\nAda,ada@example.com\nBob,bob@example.com\n")
	r, err := importer.Open(bytes.NewReader(data), nil)
	if err != nil {
		t.Fatal(err)
	}
	m := importer.Suggest(r.Header(), nil, nil, nil)
	res, err := svc.Import(ctx, accOwner, r, m, nil)
	if !errors.Is(err, store.ErrNoOutbox) {
		t.Errorf("Import through a wrapper that hides the outbox, with RequireOutbox: %+v, %v; want store.ErrNoOutbox", res, err)
	}
	if got := accContacts(t, svc); len(got) != 0 {
		t.Errorf("the refused import wrote %d contacts, want none", len(got))
	}
	// The dry run answers as the real run would.
	r, err = importer.Open(bytes.NewReader(data), nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err = svc.Import(ctx, accOwner, r, m, &contactkit.ImportOptions{DryRun: true})
	if !errors.Is(err, store.ErrNoOutbox) {
		t.Errorf("the dry run of that import: %+v, %v; want store.ErrNoOutbox, as the real run", res, err)
	}
}
