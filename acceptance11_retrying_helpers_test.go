package contactkit_test

// Helpers of the acceptance tests of round 11: a Service over a memory
// store whose every transaction runs twice (storetest.Retrying), as a store
// that retries serialization failures may run it.

import (
	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

func acc11Service(region string) *contactkit.Service {
	return contactkit.New(storetest.Retrying(memstore.New()), &contactkit.Options{DefaultRegion: region})
}

func acc11Ptr[T any](v T) *T { return &v }
