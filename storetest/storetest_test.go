package storetest_test

import (
	"testing"
	"time"

	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// memOptions declares every capability of memstore.
func memOptions() *storetest.Options {
	return &storetest.Options{
		ParallelViews:           true,
		WorkspaceParallelWrites: true,
		Count:                   true,
		As:                      func() any { return new(*memstore.Tx) },
	}
}

func TestMemstore(t *testing.T) {
	storetest.RunWith(t, func(t *testing.T) store.Store { return memstore.New() }, memOptions())
}

// TestMemstoreShared runs the cases in parallel against one store, as an
// adapter sharing one database would: the cases must not see each other.
func TestMemstoreShared(t *testing.T) {
	s := memstore.New()
	o := memOptions()
	o.Parallel = true
	o.TimePrecision = time.Microsecond // exercised here; memstore keeps nanoseconds
	storetest.RunWith(t, func(t *testing.T) store.Store { return s }, o)
}
