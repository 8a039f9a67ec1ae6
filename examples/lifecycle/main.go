// Command lifecycle deletes a contact that has a note, a task and a record
// of the host's own (a conversation), restores it, and shows that all of it
// came back. The host joins contactkit's transactions through a Cascade.
//
//	go run ./examples/lifecycle
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// inbox is the host's own store of conversations, kept in memory. Its
// cascade handlers join contactkit's transaction through store.As, which
// finds the adapter's own transaction behind any wrapper: memstore's *Tx,
// whose OnRollback undoes the host's writes with contactkit's. A host on
// PostgreSQL asks for a pgx.Tx instead (var ptx pgx.Tx; store.As(tx, &ptx))
// and writes its own tables in it.
type inbox struct {
	conversations map[contact.ID]string // contact → conversation state
}

func (in *inbox) set(tx store.Tx, c contact.ID, state string) error {
	var mtx *memstore.Tx
	if !store.As(tx, &mtx) {
		return errors.New("inbox: the store's transaction is not memstore's")
	}
	old, had := in.conversations[c]
	in.conversations[c] = state
	mtx.OnRollback(func() {
		if had {
			in.conversations[c] = old
		} else {
			delete(in.conversations, c)
		}
	})
	return nil
}

func (in *inbox) cascade() contactkit.Cascade {
	return contactkit.Cascade{
		Kind: "conversation",
		Delete: func(_ context.Context, tx store.Tx, e contactkit.CascadeEvent) error {
			return in.set(tx, e.Contact, "in the trash")
		},
		Restore: func(_ context.Context, tx store.Tx, e contactkit.CascadeEvent) error {
			return in.set(tx, e.Contact, "open")
		},
		Purge: func(_ context.Context, tx store.Tx, e contactkit.CascadeEvent) error {
			return in.set(tx, e.Contact, "erased")
		},
	}
}

func run(ctx context.Context, w io.Writer) error {
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	host := &inbox{conversations: map[contact.ID]string{}}
	svc := contactkit.New(memstore.New(), &contactkit.Options{
		Now:      func() time.Time { return now },
		Cascades: []contactkit.Cascade{host.cascade()},
		Subscribers: []contactkit.Subscriber{func(_ context.Context, e contactkit.Event) {
			switch e.(type) {
			case contactkit.ContactDeleted, contactkit.ContactRestored:
				fmt.Fprintf(w, "  event %T\n", e)
			}
		}},
	})
	owner := contactkit.Actor{Workspace: "acme", User: "u-owner", Role: contactkit.RoleOwner}

	ada, err := svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")}})
	if err != nil {
		return err
	}
	if _, err := svc.AddNote(ctx, owner, ada.ID, contactkit.NoteInput{Body: "Met at the conference", Pinned: true}); err != nil {
		return err
	}
	now = now.Add(time.Minute)
	if _, err := svc.AddTask(ctx, owner, ada.ID, contactkit.TaskInput{Title: "Send the slides"}); err != nil {
		return err
	}
	host.conversations[ada.ID] = "open"

	show := func(label string) error {
		c, err := svc.GetContact(ctx, owner, ada.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s: %s <%s> in trash=%t, conversation %q\n", label, c.DisplayName(), c.Email, c.Trashed(), host.conversations[ada.ID])
		for a, err := range svc.Timeline(ctx, owner, ada.ID, contactkit.TimelineQuery{}) {
			if errors.Is(err, contactkit.ErrTrashed) {
				fmt.Fprintln(w, "  timeline: in the trash with the contact")
				break
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "  %-4s %q pinned=%t\n", a.Kind, a.Title+a.Body, a.Pinned)
		}
		return nil
	}
	if err := show("before"); err != nil {
		return err
	}

	now = now.Add(time.Hour)
	fmt.Fprintln(w, "deleting Ada")
	if _, err := svc.DeleteContact(ctx, owner, ada.ID); err != nil {
		return err
	}
	if err := show("deleted"); err != nil {
		return err
	}

	now = now.Add(7 * 24 * time.Hour)
	fmt.Fprintln(w, "restoring Ada a week later")
	if _, err := svc.RestoreContact(ctx, owner, ada.ID); err != nil {
		return err
	}
	return show("restored")
}
