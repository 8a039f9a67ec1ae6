package pgstore_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestRv21pgOutboxKeepsFarTimes: an outbox event's At reads back as the
// instant appended, on PostgreSQL as on memstore, for times an int64 of
// nanoseconds since 1970 does not hold (before 1678, after 2262) as for
// the others: store.OutboxEvent.At is when the event happened. pgstore
// read back the bound of that range instead (1677-09-21, 2262-04-11).
func TestRv21pgOutboxKeepsFarTimes(t *testing.T) {
	ctx := t.Context()
	ats := []time.Time{
		time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC),
		time.Date(1601, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Date(1677, 9, 21, 0, 12, 43, 145224191, time.UTC), // a nanosecond before the range
		time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(2262, 4, 11, 23, 47, 16, 854775807, time.UTC), // the range's last nanosecond
		time.Date(2262, 4, 11, 23, 47, 16, 854775808, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
	}
	for _, s := range []store.Store{memstore.NewWith(&memstore.Options{Outbox: true}), pgstore.New(pgstore.NewTestPool(t), &pgstore.Options{Outbox: true})} {
		err := s.Update(ctx, func(tx store.Tx) error {
			evs := make([]store.OutboxEvent, len(ats))
			for i, at := range ats {
				evs[i] = store.OutboxEvent{ID: uuid.New(), Workspace: "rv21pg", Type: "Rv21pgEvent", Data: []byte("{}"), At: at}
			}
			return store.OutboxOf(tx).Append(ctx, evs...)
		})
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.(store.Relay).ReadOutbox(ctx, store.OutboxQuery{Workspace: "rv21pg"})
		if err != nil || len(b.Events) != len(ats) {
			t.Fatalf("%T: ReadOutbox = %d events, %v; want %d", s, len(b.Events), err, len(ats))
		}
		for i, e := range b.Events {
			if !e.At.Equal(ats[i]) {
				t.Errorf("%T: event %d: At %v, want %v", s, i, e.At, ats[i])
			}
		}
	}
}
