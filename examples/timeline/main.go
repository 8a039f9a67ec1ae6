// Command timeline follows one contact through a day of a sales team's
// work: a pinned note, a logged call, an edit, a list, a deal the contact
// is associated with, a follower, a note deleted to its own trash and
// restored, and a bulk tag of the team's new leads. Then it prints the
// contact's feed: everything that happened to it, newest first, pinned
// activities on top.
//
//	go run ./examples/timeline
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"strings"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/association"
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
	// A clock that moves an hour at each call, so that the feed's order is
	// the order of this program.
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Hour); return now }
	svc := contactkit.New(memstore.New(), &contactkit.Options{
		Now:           clock,
		DefaultRegion: "FR",
		// The host's records contacts may be linked to: deals, with the
		// roles a contact plays in them.
		AssociationTypes: []association.Type{{Name: "deal", Labels: []string{"Decision maker", "Champion"}}},
	})
	owner := contactkit.Actor{Workspace: "acme", User: "u-claire", Role: contactkit.RoleOwner}
	agent := contactkit.Actor{Workspace: "acme", User: "u-malik", Role: contactkit.RoleAgent}

	ada, err := svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{
		FirstName: new("Ada"), LastName: new("Lovelace"), Email: new("ada@example.com"), Phone: new("06 12 34 56 78"),
	}})
	if err != nil {
		return err
	}
	if _, err := svc.AddNote(ctx, owner, ada.ID, contactkit.NoteInput{Body: "Budget approved for Q1", Pinned: true}); err != nil {
		return err
	}
	if _, err := svc.AddCall(ctx, agent, ada.ID, contactkit.CallInput{
		Direction: activity.DirectionOutbound, OccurredAt: now, Duration: 12 * time.Minute,
		Outcome: activity.OutcomeConnected, Notes: "Wants a demo next week",
	}); err != nil {
		return err
	}
	if _, err := svc.UpdateContact(ctx, agent, ada.ID, contact.Patch{Company: new("Analytical Engines")}); err != nil {
		return err
	}
	news, err := svc.CreateList(ctx, owner, list.List{Name: "Product news"})
	if err != nil {
		return err
	}
	if _, err := svc.AddToList(ctx, owner, news.ID, ada.ID); err != nil {
		return err
	}
	if _, err := svc.Associate(ctx, agent, ada.ID, contactkit.AssociationInput{Type: "deal", Record: "D-1042", Label: "decision maker"}); err != nil {
		return err
	}
	if _, err := svc.Follow(ctx, agent, ada.ID); err != nil {
		return err
	}

	// A note deleted by mistake goes to its own trash, and comes back as it
	// was within the restore window (90 days by default).
	oops, err := svc.AddNote(ctx, agent, ada.ID, contactkit.NoteInput{Body: "Prefers email to calls"})
	if err != nil {
		return err
	}
	if _, err := svc.DeleteActivity(ctx, agent, oops.ID); err != nil {
		return err
	}
	fmt.Fprintln(w, "feed with the note in the trash:", countActivities(ctx, svc, owner, ada.ID), "activities")
	if _, err := svc.RestoreActivity(ctx, agent, oops.ID); err != nil {
		return err
	}
	fmt.Fprintln(w, "feed after the restore:", countActivities(ctx, svc, owner, ada.ID), "activities")

	// A bulk action: tag the day's three new leads, Ada among them, with
	// the count confirmed first and a result per contact.
	ids := []contact.ID{ada.ID}
	for _, name := range []string{"Grace", "Edsger"} {
		c, err := svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(name)}})
		if err != nil {
			return err
		}
		ids = append(ids, c.ID)
	}
	res, err := svc.TagContacts(ctx, owner, contactkit.Bulk{IDs: ids, Expected: len(ids)}, "Lead 2026")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "bulk tag: %d changed, %d unchanged, %d failed\n\n", len(res.Changed), len(res.Unchanged), len(res.Failed))

	// Who follows Ada, and what she is associated with.
	for f, err := range svc.Followers(ctx, owner, ada.ID) {
		if err != nil {
			return err
		}
		fmt.Fprintln(w, "followed by", f.User)
	}
	for as, err := range svc.Associations(ctx, owner, ada.ID, contactkit.AssociationQuery{}) {
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "associated with %s %s as %q\n", as.Target.Type, as.Target.ID, as.Label)
	}

	fmt.Fprintln(w, "\nAda's feed, newest first, pinned on top:")
	for it, err := range svc.Feed(ctx, owner, ada.ID, contactkit.FeedQuery{}) {
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %s  %-10s %-9s %s\n", it.At.Format("Mon 15:04"), it.Kind, it.Author, describe(&it))
	}
	return nil
}

// countActivities counts the activities in the feed of c.
func countActivities(ctx context.Context, svc *contactkit.Service, a contactkit.Actor, c contact.ID) int {
	n := 0
	for _, err := range svc.Feed(ctx, a, c, contactkit.FeedQuery{Kinds: []contactkit.FeedKind{contactkit.FeedActivity}}) {
		if err == nil {
			n++
		}
	}
	return n
}

// describe says what a feed item is about.
func describe(it *contactkit.FeedItem) string {
	switch {
	case it.Activity != nil:
		a := it.Activity
		text := a.Body
		if a.Kind == activity.KindCall {
			text = fmt.Sprintf("%s, %s, %v: %s", a.Interaction.Direction, a.Interaction.Outcome, a.Interaction.Duration, a.Body)
		}
		if it.Pinned {
			text += " (pinned)"
		}
		return fmt.Sprintf("%s: %s", a.Kind, text)
	case it.Change != nil && strings.HasPrefix(it.Change.Field, contact.ListFieldPrefix):
		return fmt.Sprintf("a list: %q → %q", it.Change.Old, it.Change.New)
	case it.Change != nil:
		return fmt.Sprintf("%s: %q → %q", it.Change.Field, it.Change.Old, it.Change.New)
	case it.Membership != nil:
		return fmt.Sprintf("list membership: %s", it.Membership.Status)
	case it.Consent != nil:
		return fmt.Sprintf("consent of %s: %s", it.Consent.Address, it.Consent.Status)
	}
	return ""
}
