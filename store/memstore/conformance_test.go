package memstore_test

import (
	"testing"

	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// TestConformance certifies the Store with the suite every adapter passes,
// with the optional capabilities it has: Views run in parallel, and the
// Store is safe to build from parallel cases.
func TestConformance(t *testing.T) {
	storetest.RunWith(t, func(*testing.T) store.Store { return memstore.New() }, &storetest.Options{
		ParallelViews: true,
		Parallel:      true,
	})
}
