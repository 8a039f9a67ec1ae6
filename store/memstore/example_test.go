package memstore_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

func Example() {
	ctx := context.Background()
	s := memstore.New()

	ada := contact.Contact{
		ID:        contact.MustParseID("01900000-0000-7000-8000-000000000001"),
		Workspace: "acme",
		FirstName: "Ada",
		Email:     contact.MustParseEmail("ada@example.com"),
		Status:    contact.StatusActive,
	}
	// Writes run in a read-write transaction: all of them commit, or none.
	err := s.Update(ctx, func(tx store.Tx) error {
		c := ada // a copy per attempt: fn may run more than once
		return tx.Contacts().Create(ctx, &c)
	})
	fmt.Println("create:", err)

	// A second live contact of the workspace cannot take Ada's email.
	err = s.Update(ctx, func(tx store.Tx) error {
		return tx.Contacts().Create(ctx, &contact.Contact{
			ID:        contact.MustParseID("01900000-0000-7000-8000-000000000002"),
			Workspace: "acme",
			Email:     contact.MustParseEmail("ADA@example.com"),
			Status:    contact.StatusActive,
		})
	})
	if taken, ok := errors.AsType[*store.TakenError](err); ok {
		fmt.Println("taken:", taken.Key, "by", taken.Owner)
	}

	// Reads run in a read-only transaction.
	_ = s.View(ctx, func(tx store.Tx) error {
		page, err := tx.Contacts().List(ctx, "acme", store.ContactQuery{Key: contact.EmailKey(ada.Email)}, store.PageRequest{})
		fmt.Println("found by key:", len(page.Items), page.Items[0].FirstName, err)
		_, err = tx.Contacts().Get(ctx, "other-workspace", ada.ID)
		fmt.Println("other workspace:", errors.Is(err, store.ErrNotFound))
		return nil
	})
	// Output:
	// create: <nil>
	// taken: email:ada@example.com by 01900000-0000-7000-8000-000000000001
	// found by key: 1 Ada <nil>
	// other workspace: true
}

// A failed transaction leaves nothing behind, indexes included.
func ExampleStore_Update_rollback() {
	ctx := context.Background()
	s := memstore.New()
	email := contact.MustParseEmail("grace@example.com")
	errFailed := errors.New("something failed later")

	err := s.Update(ctx, func(tx store.Tx) error {
		c := &contact.Contact{
			ID:        contact.MustParseID("01900000-0000-7000-8000-000000000003"),
			Workspace: "acme",
			Email:     email,
			Status:    contact.StatusActive,
		}
		if err := tx.Contacts().Create(ctx, c); err != nil {
			return err
		}
		return errFailed
	})
	fmt.Println(err)

	_ = s.View(ctx, func(tx store.Tx) error {
		page, err := tx.Contacts().List(ctx, "acme", store.ContactQuery{Key: contact.EmailKey(email)}, store.PageRequest{})
		fmt.Println("email free:", len(page.Items) == 0, err)
		return nil
	})
	// Output:
	// something failed later
	// email free: true <nil>
}

// A host keeps its own in-memory records transactional with the Store's
// through the OnRollback method of the *memstore.Tx, which store.As finds
// behind any wrapper of the Tx.
func ExampleTx_OnRollback() {
	ctx := context.Background()
	s := memstore.New()
	// seen is a host's own record, kept next to the Store's.
	seen := map[string]int{"imports": 1}

	err := s.Update(ctx, func(tx store.Tx) error {
		old := seen["imports"]
		seen["imports"]++
		var mtx *memstore.Tx
		if store.As(tx, &mtx) {
			mtx.OnRollback(func() { seen["imports"] = old })
		}
		return errors.New("the import failed")
	})
	fmt.Println(err)
	fmt.Println("imports:", seen["imports"])
	// Output:
	// the import failed
	// imports: 1
}
