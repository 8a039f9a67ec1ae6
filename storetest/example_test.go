package storetest_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// auditStore is a Store adapter: it counts the transactions that commit and
// those that fail, and leaves the storing to the memory store. An adapter
// over a database has the same shape: Update and View run fn in one
// database transaction, and the Tx hands out accessors that turn each
// method into queries.
//
// Whatever it adds, an adapter keeps the contract: Update returns fn's
// error unchanged (here, the inner store's), lets a panic of fn go on after
// rolling back, and is safe for concurrent use (the counters are atomic).
type auditStore struct {
	inner    *memstore.Store
	commits  atomic.Int64
	failures atomic.Int64
}

func newAuditStore() *auditStore { return &auditStore{inner: memstore.New()} }

// Update runs fn in a read-write transaction of the inner store and counts
// how it ended.
func (s *auditStore) Update(ctx context.Context, fn func(tx store.Tx) error) (err error) {
	committed := false
	defer func() {
		if committed {
			s.commits.Add(1)
		} else {
			s.failures.Add(1)
		}
	}()
	err = s.inner.Update(ctx, fn)
	committed = err == nil
	return err
}

// View runs fn in a read-only transaction of the inner store.
func (s *auditStore) View(ctx context.Context, fn func(tx store.Tx) error) error {
	return s.inner.View(ctx, fn)
}

// certifyAuditStore is the adapter's certification. In the adapter's own
// package it is a test, func TestAuditStore(t *testing.T); here a test of
// this package calls it. The factory returns a new, empty store for each
// case. The adapter declares the optional capabilities it has, all the
// memory store's, since it hands fn the memory store's Tx: Views that run
// in parallel, writers of different workspaces that never wait on each
// other, Contacts that count (store.ContactCounter), and a native
// transaction for store.As. An adapter that wraps the Tx instead hands out
// a Tx that implements store.Unwrapper, so that store.As still finds it.
//
// Every case runs twice: as itself, then as "Retried/…" through
// storetest.Retrying, which runs each transaction twice, the first attempt
// rolled back, as a Store that retries after a serialization failure does.
func certifyAuditStore(t *testing.T) {
	storetest.RunWith(t, func(t *testing.T) store.Store {
		return newAuditStore()
	}, &storetest.Options{
		ParallelViews:           true,
		WorkspaceParallelWrites: true,
		Count:                   true,
		As:                      func() any { return new(*memstore.Tx) },
	})
}

// The adapter in use: one contact created, then a second Create with the
// same ID refused with store.ErrAlreadyExists, which rolls its transaction
// back.
func Example() {
	ctx := context.Background()
	s := newAuditStore()

	c := contact.Contact{
		ID:        contact.MustParseID("01908f4e-7a3b-7c1d-9e2f-3a4b5c6d7e8f"),
		Workspace: "acme",
		FirstName: "Ada",
		LastName:  "Lovelace",
		Status:    contact.StatusActive,
	}
	err := s.Update(ctx, func(tx store.Tx) error { return tx.Contacts().Create(ctx, &c) })
	fmt.Println("create:", err, "version", c.Version)

	again := c
	again.Version = 0
	err = s.Update(ctx, func(tx store.Tx) error { return tx.Contacts().Create(ctx, &again) })
	fmt.Println("create again, already exists:", errors.Is(err, store.ErrAlreadyExists))

	fmt.Println("commits:", s.commits.Load(), "failures:", s.failures.Load())
	// Output:
	// create: <nil> version 1
	// create again, already exists: true
	// commits: 1 failures: 1
}
