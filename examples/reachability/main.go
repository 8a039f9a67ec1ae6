// Command reachability shows the one answer a host checks before it sends
// anything: Reachable. An SMS STOP arrives from a number no contact has;
// the contact created from that number later, in another form, joins an
// SMS list unsubscribed, and Reachable says no with every reason. Only an
// explicit resubscribe, with a reason, makes it say yes.
//
//	go run ./examples/reachability
package main

import (
	"context"
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
	inbox := contactkit.Actor{Workspace: "sms-hub", User: "inbox-bot", Role: contactkit.RoleAgent}

	alerts, err := svc.CreateList(ctx, manager, list.List{Name: "Flash sales", Channel: list.ChannelSMS})
	if err != nil {
		return err
	}

	fmt.Fprintln(w, "STOP arrives from 06 12 34 56 78, a number no contact has")
	entry, err := svc.UnsubscribeAddress(ctx, inbox, list.ChannelSMS, "06 12 34 56 78", "replied STOP")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  ledger: %s %s (%s)\n", entry.Address, entry.Status, entry.Changed.Reason)

	fmt.Fprintln(w, "a form brings +33 6 12 34 56 78 with the flash-sales box ticked")
	res, err := svc.CaptureContact(ctx, inbox, contactkit.ContactInput{
		Patch:   contact.Patch{FirstName: new("Ada"), Phone: new("+33 6 12 34 56 78")},
		Consent: map[list.Channel]list.ConsentStatus{list.ChannelSMS: list.ConsentSubscribed},
		Lists:   []list.ID{alerts.ID},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  created=%t, still unsubscribed: %v\n", res.Created, res.StillUnsubscribed)
	fmt.Fprintf(w, "  flash sales: %s (%s)\n", res.Memberships[0].Status, res.Memberships[0].Changed.Reason)

	found, err := svc.ContactByPhone(ctx, inbox, "0612345678")
	if err != nil {
		return err
	}
	show := func() error {
		for _, k := range []contact.ChannelKind{contact.ChannelSMS, contact.ChannelWhatsApp, contact.ChannelEmail} {
			r, err := svc.Reachable(ctx, inbox, found.ID, k, alerts.ID)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "  %-8s for flash sales: ok=%t %v\n", k, r.OK, r.Reasons)
		}
		return nil
	}
	fmt.Fprintf(w, "may we text %s?\n", found.DisplayName())
	if err := show(); err != nil {
		return err
	}

	fmt.Fprintln(w, "Ada asks to rejoin, on the phone with a manager")
	if _, err := svc.ResubscribeToList(ctx, manager, alerts.ID, found.ID, "asked to rejoin by phone, 2026-11-21"); err != nil {
		return err
	}
	return show()
}
