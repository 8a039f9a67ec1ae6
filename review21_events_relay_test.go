package contactkit_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// rv21eventsConsumer drains consumer name with Next and Ack, in batches of
// limit, and records what it read.
type rv21eventsConsumer struct {
	name string
	ws   contact.WorkspaceID
	got  []contactkit.Delivery
}

// drain reads until a batch is empty, acknowledging each batch's Next.
// It reports whether it read anything.
func (c *rv21eventsConsumer) drain(ctx context.Context, r *contactkit.Relay, limit int) (bool, error) {
	read := false
	for {
		b, err := r.Next(ctx, c.name, limit)
		if err != nil {
			return read, err
		}
		c.got = append(c.got, b.Deliveries...)
		if err := r.Ack(ctx, c.name, b.Next); err != nil {
			return read, err
		}
		if len(b.Deliveries) == 0 {
			return read, nil
		}
		read = true
	}
}

// TestRv21eventsRelayConsumersUnderConcurrentWritersAndPrunes: writers in
// two workspaces, three consumers (one of each workspace, one of every
// workspace) reading and acknowledging as they go, and a host pruning all
// the while. Each consumer must read every event of its workspace(s) once,
// in ascending position, none of the other workspace, and no prune may
// take an event before every consumer that reads it has acknowledged it:
// H4, "at least once, in commit order, with no gap under concurrent
// writers", and Relay.Prune's rule.
func TestRv21eventsRelayConsumersUnderConcurrentWritersAndPrunes(t *testing.T) {
	ctx := t.Context()
	mem := memstore.NewWith(&memstore.Options{Outbox: true})
	var mu sync.Mutex
	made := map[contact.WorkspaceID]int{}
	svc := contactkit.New(mem, &contactkit.Options{
		Now: func() time.Time { return time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC) },
		Subscribers: []contactkit.Subscriber{func(_ context.Context, e contactkit.Event) {
			mu.Lock()
			defer mu.Unlock()
			made[e.Meta().Workspace]++
		}},
	})
	relay, err := contactkit.NewRelay(mem)
	if err != nil {
		t.Fatal(err)
	}
	consumers := []*rv21eventsConsumer{{name: "ws-a", ws: "ws-a"}, {name: "ws-b", ws: "ws-b"}, {name: "all"}}
	for _, c := range consumers {
		if _, err := relay.Register(ctx, c.name, c.ws); err != nil {
			t.Fatal(err)
		}
	}
	const writers, calls = 4, 40
	var writing, reading sync.WaitGroup
	errs := make(chan error, writers+len(consumers)+1)
	for w := range writers {
		ws := contact.WorkspaceID([]string{"ws-a", "ws-b"}[w%2])
		a := contactkit.Actor{Workspace: ws, User: "u-owner", Role: contactkit.RoleOwner}
		writing.Go(func() {
			for i := range calls {
				c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(fmt.Sprintf("W%d-%d", w, i))}})
				if err == nil {
					_, err = svc.TagContact(ctx, a, c.ID, "t1", "t2")
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	done := make(chan struct{})
	for _, c := range consumers {
		reading.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				if _, err := c.drain(ctx, relay, 3); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	reading.Go(func() {
		for {
			select {
			case <-done:
				return
			default:
			}
			if _, err := relay.Prune(ctx, time.Time{}); err != nil {
				errs <- err
				return
			}
		}
	})
	writing.Wait()
	close(done)
	reading.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for _, c := range consumers {
		if _, err := c.drain(ctx, relay, 5); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range consumers {
		want := made[c.ws]
		if c.ws == "" {
			want = made["ws-a"] + made["ws-b"]
		}
		ids := map[[16]byte]bool{}
		last := int64(0)
		for _, d := range c.got {
			if c.ws != "" && d.Event.Meta().Workspace != c.ws {
				t.Errorf("consumer %s read an event of %s", c.name, d.Event.Meta().Workspace)
			}
			if d.Position <= last {
				t.Errorf("consumer %s read position %d after %d", c.name, d.Position, last)
			}
			last = d.Position
			if ids[d.ID] {
				t.Errorf("consumer %s read event %s twice though it acknowledged it", c.name, d.ID)
			}
			ids[d.ID] = true
		}
		if len(c.got) != want {
			t.Errorf("consumer %s read %d events, want the %d its workspace's calls emitted", c.name, len(c.got), want)
		}
	}
	// Every consumer has passed every event: a prune leaves nothing.
	if _, err := relay.Prune(ctx, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if b, err := relay.Read(ctx, store.OutboxQuery{}); err != nil || len(b.Deliveries) != 0 {
		t.Errorf("after every consumer passed every event and a prune: %d events kept (%v), want none", len(b.Deliveries), err)
	}
}

// TestRv21eventsPruneKeepsOnlyWhatAConsumerOfTheWorkspaceNeeds: a consumer
// of one workspace keeps the events of its workspace that it has not
// acknowledged; the events of a workspace that no consumer reads are
// pruned at once, as when no consumer is registered at all (Relay.Prune).
func TestRv21eventsPruneKeepsOnlyWhatAConsumerOfTheWorkspaceNeeds(t *testing.T) {
	ctx := t.Context()
	mem := memstore.NewWith(&memstore.Options{Outbox: true})
	svc := contactkit.New(mem, nil)
	relay, err := contactkit.NewRelay(mem)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := relay.Register(ctx, "index-a", "ws-a"); err != nil {
		t.Fatal(err)
	}
	for _, ws := range []contact.WorkspaceID{"ws-a", "ws-b", "ws-a", "ws-b"} {
		a := contactkit.Actor{Workspace: ws, User: "u-owner", Role: contactkit.RoleOwner}
		if _, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada")}}); err != nil {
			t.Fatal(err)
		}
	}
	n, err := relay.Prune(ctx, time.Time{})
	if err != nil || n != 2 {
		t.Errorf("Prune: %d, %v; want the 2 events of ws-b, which no consumer reads", n, err)
	}
	b, err := relay.Read(ctx, store.OutboxQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range b.Deliveries {
		if ws := d.Event.Meta().Workspace; ws != "ws-a" {
			t.Errorf("Prune kept an event of %s", ws)
		}
	}
	if len(b.Deliveries) != 2 {
		t.Errorf("Prune kept %d events, want the 2 of ws-a its consumer has not acknowledged", len(b.Deliveries))
	}
}
