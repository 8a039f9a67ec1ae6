package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store/pgstore"
	"github.com/contactkit/contactkit/tag"
)

var rv20BulkOwner = contactkit.Actor{Workspace: "rv20bulk", User: "owner", Role: contactkit.RoleOwner}

// D4 on PostgreSQL: a bulk call whose context another goroutine cancels at
// any moment, in the middle of a batch's transaction included, stops
// cleanly: the contacts it says it changed are tagged, with one event
// each, those it did not reach are as they were, and a run again changes
// exactly those.
func TestRv20BulkCancelledAnyMomentOnPostgres(t *testing.T) {
	st := pgstore.New(pgstore.NewTestPool(t), nil)
	var events []contactkit.Event
	svc := contactkit.New(st, &contactkit.Options{DefaultRegion: "FR", Subscribers: []contactkit.Subscriber{
		func(_ context.Context, e contactkit.Event) { events = append(events, e) }}})
	ctx := t.Context()
	var ids []contact.ID
	for i := range 60 {
		c, err := svc.CreateContact(ctx, rv20BulkOwner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(fmt.Sprint("P", i))}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	for round, delay := range []time.Duration{0, time.Millisecond, 15 * time.Millisecond, 30 * time.Millisecond, 45 * time.Millisecond, 70 * time.Millisecond, 100 * time.Millisecond, 140 * time.Millisecond} {
		name := fmt.Sprint("w", round)
		events = nil
		cctx, cancel := context.WithCancel(ctx)
		timer := time.AfterFunc(delay, cancel)
		res, err := svc.TagContacts(cctx, rv20BulkOwner, contactkit.Bulk{IDs: ids, Expected: len(ids), BatchSize: 7}, name, "wave")
		timer.Stop()
		cancel()
		if err != nil && !errors.Is(err, context.Canceled) {
			t.Fatalf("round %d: %v", round, err)
		}
		if err == nil && len(res.Untouched) > 0 {
			t.Fatalf("round %d: no error, %d untouched", round, len(res.Untouched))
		}
		if got := slices.Concat(res.Changed, res.Untouched); len(res.Failed) > 0 || len(res.Unchanged) > 0 || !slices.Equal(got, ids) {
			t.Fatalf("round %d: result %+v", round, res)
		}
		n := tag.MustParseName(name)
		for _, id := range ids {
			c, err := svc.GetContact(ctx, rv20BulkOwner, id)
			if err != nil {
				t.Fatal(err)
			}
			if slices.Contains(res.Changed, id) != c.Tags.Has(n) {
				t.Errorf("round %d: %s changed %v, tagged %v", round, id, slices.Contains(res.Changed, id), c.Tags.Has(n))
			}
		}
		if len(events) != len(res.Changed) {
			t.Errorf("round %d: %d events for %d changed", round, len(events), len(res.Changed))
		}
		again, err := svc.TagContacts(ctx, rv20BulkOwner, contactkit.Bulk{IDs: ids, Expected: len(ids), BatchSize: 7}, name, "wave")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(again.Changed, res.Untouched) {
			t.Errorf("round %d: run again changed %d, %d untouched before", round, len(again.Changed), len(res.Untouched))
		}
		t.Logf("round %d (%v): changed %d, untouched %d", round, delay, len(res.Changed), len(res.Untouched))
	}
}
