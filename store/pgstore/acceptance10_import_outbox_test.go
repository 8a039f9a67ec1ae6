package pgstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"
)

// acc10Events reads every event of the outbox of r, as type, time and data.
func acc10Events(t *testing.T, r store.Relay) []string {
	t.Helper()
	var out []string
	var after int64
	for {
		b, err := r.ReadOutbox(context.Background(), store.OutboxQuery{After: after, Limit: store.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range b.Events {
			out = append(out, fmt.Sprintf("%s %s %s %s", e.Workspace, e.Type, e.At.UTC().Format(time.RFC3339Nano), e.Data))
		}
		if len(b.Events) == 0 || b.Next == after {
			return out
		}
		after = b.Next
	}
}

// TestAcc10ImportOutboxEvents: with an outbox on both stores, an import
// (dry, real with triggers, real again, with commits that fail once on
// pgstore and are retried) records the same events in the same order on
// both; a dry run none.
func TestAcc10ImportOutboxEvents(t *testing.T) {
	for _, batch := range []int{1, 7, 0} {
		t.Run(fmt.Sprint("batch", batch), func(t *testing.T) {
			pg := pgstore.New(pgstore.NewTestPool(t), &pgstore.Options{Outbox: true})
			mem := memstore.NewWith(&memstore.Options{Outbox: true})
			sides := []*acc10Side{acc10SideOn(t, "memstore", mem), acc10SideOn(t, "pgstore", pg)}
			data, extra := acc10File(55, 90)
			before := acc10Events(t, pg)
			acc10Diff(t, "events before", acc10Events(t, mem), before)
			acc10Compare(t, sides, "dry", data, contactkit.ImportOptions{BatchSize: batch, DryRun: true, Triggers: true, Lists: []list.ID{}}, extra)
			acc10Diff(t, "a dry run records no event", before, acc10Events(t, pg))
			acc10Compare(t, sides, "real", data, contactkit.ImportOptions{BatchSize: batch, Triggers: true, Lists: []list.ID{}, Tags: []string{"x"}}, extra)
			acc10Diff(t, "events after the import", acc10Events(t, mem), acc10Events(t, pg))
			acc10Compare(t, sides, "again", data, contactkit.ImportOptions{BatchSize: batch, Tags: []string{"y"}, UnsubscribeAll: true}, extra)
			me, pe := acc10Events(t, mem), acc10Events(t, pg)
			acc10Diff(t, "events after the second import", me, pe)
			if len(pe) <= len(before) {
				t.Errorf("no event recorded")
			}
		})
	}
}

// TestAcc10ImportOutboxRetried: as above with commits of pgstore that fail
// and are retried: a retried attempt draws new IDs and times (the events'
// and the contacts'), so the events compare by type and contact key: none
// is lost, none recorded twice.
func TestAcc10ImportOutboxRetried(t *testing.T) {
	acc10IgnoreIDs = true
	defer func() { acc10IgnoreIDs = false }()
	for _, batch := range []int{1, 7, 0} {
		t.Run(fmt.Sprint("batch", batch), func(t *testing.T) {
			pg := pgstore.New(pgstore.NewTestPool(t), &pgstore.Options{Outbox: true})
			mem := memstore.NewWith(&memstore.Options{Outbox: true})
			sides := []*acc10Side{acc10SideOn(t, "memstore", mem), acc10SideOn(t, "pgstore", pg)}
			sides[0].name = "memstore"
			data, extra := acc10File(55, 90)
			n0 := len(acc10Events(t, pg))
			pgstore.FailCommits(pg, 3)
			acc10Compare(t, sides, "real", data, contactkit.ImportOptions{BatchSize: batch, Triggers: true, Lists: []list.ID{}, Tags: []string{"x"}}, extra)
			if n := pgstore.PendingFailures(pg); n != 0 {
				t.Errorf("%d failures not met", n)
			}
			me, pe := acc10Events(t, mem), acc10Events(t, pg)
			if len(me) != len(pe) || len(pe) <= n0 {
				t.Errorf("%d events on memstore, %d on pgstore (%d before)", len(me), len(pe), n0)
			}
			types := func(evs []string) []string {
				var out []string
				for _, e := range evs {
					f := strings.Fields(e)
					out = append(out, f[1])
				}
				return out
			}
			acc10Diff(t, "event types", types(me), types(pe))
		})
	}
}
