// Command consent shows the consent ledger at work: an unsubscribe belongs
// to the address, not to the contact, so it survives the deletion of the
// contact and its re-creation, with the phone typed another way. Only an
// explicit resubscribe, with a reason, lifts it.
//
//	go run ./examples/consent
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
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/memstore"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, w io.Writer) error {
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	svc := contactkit.New(memstore.New(), &contactkit.Options{
		Now:           func() time.Time { return now },
		DefaultRegion: "FR",
	})
	manager := contactkit.Actor{Workspace: "sms-hub", User: "u-manager", Role: contactkit.RoleManager, Source: contact.ChangeUI}
	inbox := contactkit.Actor{Workspace: "sms-hub", User: "inbox-bot", Role: contactkit.RoleAgent, Source: contact.ChangeAPI}

	show := func(label string, id contact.ID) error {
		entries, err := svc.Consent(ctx, manager, id)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s:\n", label)
		for _, e := range entries {
			fmt.Fprintf(w, "  %-28s %s\n", e.Address, e.Status)
		}
		return nil
	}

	ada, err := svc.CreateContact(ctx, manager, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Phone: new("+33 6 12 34 56 78")}})
	if err != nil {
		return err
	}
	if err := show("Ada, new", ada.ID); err != nil {
		return err
	}

	fmt.Fprintln(w, "Ada replies STOP by SMS")
	if _, err := svc.Unsubscribe(ctx, inbox, ada.ID, list.ChannelSMS, "replied STOP"); err != nil {
		return err
	}

	fmt.Fprintln(w, "a manager deletes Ada")
	if _, err := svc.DeleteContact(ctx, manager, ada.ID); err != nil {
		return err
	}

	fmt.Fprintln(w, "an inbound message from 06 12 34 56 78 creates a new contact")
	res, err := svc.CaptureContact(ctx, inbox, contactkit.ContactInput{Patch: contact.Patch{Phone: new("06 12 34 56 78")}, Source: contact.SourceInbox})
	if err != nil {
		return err
	}
	if err := show(fmt.Sprintf("the new contact (created=%t)", res.Created), res.Contact.ID); err != nil {
		return err
	}

	fmt.Fprintln(w, "nothing but an explicit resubscribe with a reason lifts it")
	_, err = svc.Resubscribe(ctx, manager, res.Contact.ID, list.ChannelSMS, "")
	fmt.Fprintf(w, "  resubscribe without reason: refused=%t\n", errors.Is(err, list.ErrReasonRequired))

	if _, err := svc.Resubscribe(ctx, manager, res.Contact.ID, list.ChannelSMS, "asked to rejoin by phone, 2026-11-21"); err != nil {
		return err
	}
	return show("after an explicit resubscribe", res.Contact.ID)
}
