package memstore_test

import (
	"testing"
	"time"

	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// options declares every optional capability the Store has: Views run in
// parallel, writers of different workspaces never wait on each other, its
// Contacts count, and its Tx hands out the *memstore.Tx (for OnRollback).
func options() *storetest.Options {
	return &storetest.Options{
		ParallelViews:           true,
		WorkspaceParallelWrites: true,
		Count:                   true,
		As:                      func() any { return new(*memstore.Tx) },
	}
}

// TestConformance certifies the Store with the suite every adapter passes,
// with the optional capabilities it has, a new Store per case.
func TestConformance(t *testing.T) {
	storetest.RunWith(t, func(*testing.T) store.Store { return memstore.New() }, options())
}

// TestConformanceShared runs the cases in parallel on one Store that keeps
// an outbox, as an adapter sharing one database would, with times kept to
// the microsecond.
func TestConformanceShared(t *testing.T) {
	s := memstore.NewWith(&memstore.Options{Outbox: true})
	o := options()
	o.Parallel = true
	o.Outbox = true
	o.TimePrecision = time.Microsecond
	storetest.RunWith(t, func(*testing.T) store.Store { return s }, o)
}
