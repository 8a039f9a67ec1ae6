// Command outbox shows the transactional outbox: every event of a
// call is written in the call's transaction, and a consumer drains them
// at least once, in commit order. The consumer is killed after it applied
// the last event of its first batch and before it acknowledged it; when it
// starts again it resumes after the last event it acknowledged: no
// acknowledged event is read again, none is lost, and the one it had
// handled but not acknowledged comes again and is recognised by its ID.
//
// The memory store keeps the outbox here (memstore.Options.Outbox); on
// PostgreSQL it is pgstore.Options.Outbox, and the consumer's cursor then
// survives the process.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store/memstore"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// crm is the host's copy of the contacts, kept up to date from the
// outbox. handled remembers the IDs of the events it applied, in the same
// place as its data, so that an event delivered again is applied once.
type crm struct {
	names   map[contact.ID]string
	handled map[uuid.UUID]bool
}

func (c *crm) apply(w io.Writer, d contactkit.Delivery) {
	if c.handled[d.ID] {
		fmt.Fprintf(w, "  #%d %s: already handled, skipped\n", d.Position, contactkit.EventType(d.Event))
		return
	}
	switch e := d.Event.(type) {
	case contactkit.ContactCreated:
		c.names[e.Contact] = e.Snapshot.DisplayName()
		fmt.Fprintf(w, "  #%d ContactCreated: %s\n", d.Position, e.Snapshot.DisplayName())
	case contactkit.ContactTagged:
		fmt.Fprintf(w, "  #%d ContactTagged: %s %v\n", d.Position, c.names[e.Contact], e.Tags)
	default:
		fmt.Fprintf(w, "  #%d %s\n", d.Position, contactkit.EventType(e))
	}
	c.handled[d.ID] = true
}

// errKilled stands for the process dying.
var errKilled = errors.New("killed")

// consume drains the outbox as consumer "crm-sync", acknowledging each
// event once applied; it dies after it applied killAfter events (0: never)
// and before it acknowledged the last of them.
func consume(ctx context.Context, w io.Writer, mem *memstore.Store, host *crm, killAfter int) error {
	relay, err := contactkit.NewRelay(mem) // a new process: a new Relay
	if err != nil {
		return err
	}
	c, err := relay.Register(ctx, "crm-sync", "") // at every start: keeps the cursor
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "consumer starts after #%d\n", c.Cursor)
	applied := 0
	for {
		b, err := relay.Next(ctx, "crm-sync", 3)
		if err != nil {
			return err
		}
		if len(b.Deliveries) == 0 {
			fmt.Fprintln(w, "  (nothing more)")
			return nil
		}
		for _, d := range b.Deliveries {
			host.apply(w, d)
			applied++
			if applied == killAfter {
				fmt.Fprintf(w, "  -- killed after applying #%d, before acknowledging it\n", d.Position)
				return errKilled
			}
			if err := relay.Ack(ctx, "crm-sync", d.Position); err != nil {
				return err
			}
		}
	}
}

func run(ctx context.Context, w io.Writer) error {
	now := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)
	mem := memstore.NewWith(&memstore.Options{Outbox: true})
	svc := contactkit.New(mem, &contactkit.Options{Now: func() time.Time { return now }})
	owner := contactkit.Actor{Workspace: "acme", User: "u-owner", Role: contactkit.RoleOwner}

	// The consumer registers before the events it must not miss.
	relay, err := contactkit.NewRelay(mem)
	if err != nil {
		return err
	}
	if _, err := relay.Register(ctx, "crm-sync", ""); err != nil {
		return err
	}

	var ada contact.Contact
	for _, name := range []string{"Ada", "Grace", "Edsger", "Barbara"} {
		c, err := svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(name)}})
		if err != nil {
			return err
		}
		if name == "Ada" {
			ada = c
		}
	}
	if _, err := svc.TagContact(ctx, owner, ada.ID, "vip"); err != nil {
		return err
	}
	fmt.Fprintln(w, "5 calls committed, 5 events in the outbox")

	host := &crm{names: map[contact.ID]string{}, handled: map[uuid.UUID]bool{}}
	if err := consume(ctx, w, mem, host, 3); !errors.Is(err, errKilled) {
		return fmt.Errorf("the first run: %v, want it killed", err)
	}
	if _, err := svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Alan")}}); err != nil {
		return err
	}
	fmt.Fprintln(w, "1 more call committed while the consumer was down")
	if err := consume(ctx, w, mem, host, 0); err != nil {
		return err
	}
	fmt.Fprintf(w, "the host applied %d events, each once\n", len(host.handled))

	// The host schedules the pruning: every consumer has passed them all.
	n, err := relay.Prune(ctx, now.Add(-30*24*time.Hour))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "pruned %d events\n", n)
	return nil
}
