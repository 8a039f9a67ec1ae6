package contactkit_test

// Helpers of the fifteenth acceptance pass on lists and consent
// (acceptance15_consent_*_test.go).

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

// acc15Events records the events a Service delivers.
type acc15Events struct {
	mu sync.Mutex
	es []contactkit.Event
}

// sub is the Subscriber that records.
func (r *acc15Events) sub(_ context.Context, e contactkit.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.es = append(r.es, e)
}

// take returns the events recorded since the last take.
func (r *acc15Events) take() []contactkit.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.es
	r.es = nil
	return out
}

// acc15Service is acc3Service (clock, region FR) with opts and a recorder
// of its events.
func acc15Service(t *testing.T, opts *contactkit.Options) (*contactkit.Service, *acc15Events) {
	t.Helper()
	ev := &acc15Events{}
	var o contactkit.Options
	if opts != nil {
		o = *opts
	}
	o.Subscribers = append(o.Subscribers, ev.sub)
	svc, _ := acc3Service(t, &o)
	return svc, ev
}

// acc15List creates l as the owner.
func acc15List(t *testing.T, svc *contactkit.Service, l list.List) list.List {
	t.Helper()
	out, err := svc.CreateList(t.Context(), acc3Owner, l)
	require.NoError(t, err)
	return out
}

// acc15Members returns the status of each member q selects.
func acc15Members(t *testing.T, svc *contactkit.Service, q contactkit.MembershipQuery) map[contact.ID]list.Status {
	t.Helper()
	out := map[contact.ID]list.Status{}
	for m, err := range svc.Memberships(t.Context(), acc3Owner, q) {
		require.NoError(t, err)
		out[m.Contact] = m.Status
	}
	return out
}

// acc15History returns the property history of field of contact id, as
// "old>new" entries, oldest first.
func acc15History(t *testing.T, svc *contactkit.Service, id contact.ID, field string) []string {
	t.Helper()
	var out []string
	for ch, err := range svc.History(t.Context(), acc3Owner, id, field) {
		require.NoError(t, err)
		out = append(out, ch.Old+">"+ch.New)
	}
	return out
}

// acc15Short is a store.Store whose Records list one record a page, as
// the contract of store.Page allows ("a page may be shorter than asked
// and still have a Next"): a caller that reads one page of a listing as
// the whole of it misses the rest.
type acc15Short struct{ store.Store }

func (s acc15Short) Update(ctx context.Context, fn func(tx store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error { return fn(acc15ShortTx{tx}) })
}

func (s acc15Short) View(ctx context.Context, fn func(tx store.Tx) error) error {
	return s.Store.View(ctx, func(tx store.Tx) error { return fn(acc15ShortTx{tx}) })
}

// acc15ShortTx is the Tx of acc15Short.
type acc15ShortTx struct{ store.Tx }

func (t acc15ShortTx) Records() store.Records { return acc15ShortRecords{t.Tx.Records()} }

// acc15ShortRecords are the Records of acc15ShortTx.
type acc15ShortRecords struct{ store.Records }

func (r acc15ShortRecords) List(ctx context.Context, ws contact.WorkspaceID, k store.Kind, q store.Query, p store.PageRequest) (store.Page[store.Record], error) {
	p.Limit = 1
	return r.Records.List(ctx, ws, k, q, p)
}
