package contactkit_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// A bulk delete whose context is cancelled by its own progress callback
// stops after that batch (D4): the batches done stay done, with their
// events; the others are untouched, their contacts live and still
// enrolled, and the result says which are which.
func TestRv20LifeBulkDeleteStopsBetweenBatches(t *testing.T) {
	for _, stopAfter := range []int{1, 2, 3} {
		t.Run(fmt.Sprint("after", stopAfter), func(t *testing.T) {
			w := rv20LifeNew(t)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			au, err := w.svc.CreateAutomation(ctx, rv20LifeOwner, automation.Automation{Name: "A", Steps: []automation.Step{{Name: "s"}}, Active: true})
			require.NoError(t, err)
			var ids []contact.ID
			for i := range 10 {
				c, err := w.svc.CreateContact(ctx, rv20LifeOwner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(fmt.Sprint("P", i)), City: new("Lyon")}})
				require.NoError(t, err)
				_, err = w.svc.Enroll(ctx, rv20LifeOwner, au.ID, c.ID, "")
				require.NoError(t, err)
				ids = append(ids, c.ID)
			}
			w.take()
			var progress []contactkit.BulkProgress
			res, err := w.svc.DeleteContacts(ctx, rv20LifeManager, contactkit.Bulk{
				Query: contactkit.ContactQuery{Text: "lyon"}, Expected: 10, BatchSize: 3,
				Progress: func(p contactkit.BulkProgress) {
					progress = append(progress, p)
					if p.Batch == stopAfter {
						cancel()
					}
				},
			})
			require.ErrorIs(t, err, context.Canceled)
			done := min(3*stopAfter, 10)
			assert.Equal(t, 4, res.Batches)
			assert.Equal(t, stopAfter, res.Committed)
			assert.Len(t, progress, stopAfter)
			assert.Equal(t, ids[:done], res.Changed)
			assert.Equal(t, ids[done:], res.Untouched)
			assert.Empty(t, res.Failed)
			events := w.take()
			for i, id := range ids {
				got, err := w.svc.GetContact(t.Context(), rv20LifeOwner, id)
				require.NoError(t, err)
				assert.Equal(t, i < done, got.Trashed(), "contact %d", i)
				n := 0
				for range w.svc.Enrollments(t.Context(), rv20LifeOwner, contactkit.EnrollmentQuery{Contact: id, ActiveOnly: true}) {
					n++
				}
				if i < done {
					assert.Zero(t, n, "contact %d deleted: its enrollment stopped", i)
					assert.Equal(t, 1, rv20LifeHas(events, "contactkit.ContactDeleted", id))
					assert.Equal(t, 1, rv20LifeHas(events, "contactkit.EnrollmentStopped", id))
				} else {
					assert.Equal(t, 1, n, "contact %d untouched: still enrolled", i)
					assert.Zero(t, rv20LifeHas(events, "contactkit.ContactDeleted", id)+rv20LifeHas(events, "contactkit.EnrollmentStopped", id))
				}
			}
		})
	}
}

// A host's cascade that refuses one contact of a bulk delete with
// ErrInvalidInput fails that contact alone (D4, DeleteContacts' doc):
// nothing of its delete stays (its enrollment still runs, no event) and
// the others of its batch are deleted, once each, on a store that runs
// every transaction twice too.
func TestRv20LifeBulkDeleteCascadeRefusesOne(t *testing.T) {
	var refused contact.ID
	var mu sync.Mutex
	calls := map[contact.ID]int{}
	cascade := contactkit.Cascade{Kind: "deal", Delete: func(_ context.Context, _ store.Tx, e contactkit.CascadeEvent) error {
		mu.Lock()
		defer mu.Unlock()
		calls[e.Contact]++
		if e.Contact == refused {
			return fmt.Errorf("%w: deal is open", contactkit.ErrInvalidInput)
		}
		return nil
	}}
	now := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	var events []contactkit.Event
	svc := contactkit.New(storetest.Retrying(memstore.New()), &contactkit.Options{
		Now: func() time.Time { return now }, Cascades: []contactkit.Cascade{cascade},
		Subscribers: []contactkit.Subscriber{func(_ context.Context, e contactkit.Event) { events = append(events, e) }},
	})
	ctx := t.Context()
	au, err := svc.CreateAutomation(ctx, rv20LifeOwner, automation.Automation{Name: "A", Steps: []automation.Step{{Name: "s"}}, Active: true})
	require.NoError(t, err)
	var ids []contact.ID
	for i := range 5 {
		c, err := svc.CreateContact(ctx, rv20LifeOwner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(fmt.Sprint("P", i))}})
		require.NoError(t, err)
		_, err = svc.Enroll(ctx, rv20LifeOwner, au.ID, c.ID, "")
		require.NoError(t, err)
		ids = append(ids, c.ID)
	}
	refused = ids[2]
	events = nil
	res, err := svc.DeleteContacts(ctx, rv20LifeOwner, contactkit.Bulk{IDs: slices.Concat(ids, ids[:2]), Expected: 5})
	require.NoError(t, err)
	assert.Equal(t, []contact.ID{ids[0], ids[1], ids[3], ids[4]}, res.Changed)
	require.Len(t, res.Failed, 1)
	assert.Equal(t, refused, res.Failed[0].ID)
	assert.ErrorIs(t, res.Failed[0].Err, contactkit.ErrInvalidInput)
	var cerr *contactkit.CascadeError
	assert.True(t, errors.As(res.Failed[0].Err, &cerr), "the failure is the cascade's: %v", res.Failed[0].Err)
	got, err := svc.GetContact(ctx, rv20LifeOwner, refused)
	require.NoError(t, err)
	assert.False(t, got.Trashed())
	active := 0
	for e, err := range svc.Enrollments(ctx, rv20LifeOwner, contactkit.EnrollmentQuery{Contact: refused}) {
		require.NoError(t, err)
		if e.Active() {
			active++
		}
	}
	assert.Equal(t, 1, active, "the refused contact's enrollment still runs")
	for _, e := range events {
		assert.NotEqual(t, refused, e.Meta().Contact, "no event of the refused contact: %T", e)
	}
	assert.Equal(t, 4, rv20LifeKindCount(events, "contactkit.ContactDeleted"))
}

func rv20LifeKindCount(es []contactkit.Event, kind string) int {
	n := 0
	for _, e := range es {
		if fmt.Sprintf("%T", e) == kind {
			n++
		}
	}
	return n
}
