// Command merge shows duplicates found, previewed, merged and unmerged:
// two contacts for one person (one of them unsubscribed from SMS, each
// with a note and a list) are suggested as duplicates with their reason,
// the merge is previewed field by field, committed, the survivor edited,
// and the merge undone: each contact comes back with its note and its
// list, the edit stays, and the unsubscribe applies throughout.
//
//	go run ./examples/merge
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
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	svc := contactkit.New(memstore.New(), &contactkit.Options{
		Now:           func() time.Time { now = now.Add(time.Minute); return now },
		DefaultRegion: "FR",
	})
	manager := contactkit.Actor{Workspace: "acme", User: "u-manager", Role: contactkit.RoleManager, Source: contact.ChangeUI}

	news, err := svc.CreateList(ctx, manager, list.List{Name: "Newsletter"})
	if err != nil {
		return err
	}
	offers, err := svc.CreateList(ctx, manager, list.List{Name: "Offers"})
	if err != nil {
		return err
	}
	names := map[contact.ID]string{}
	lists := map[list.ID]string{news.ID: news.Name, offers.ID: offers.Name}

	ada, err := svc.CreateContact(ctx, manager, contactkit.ContactInput{
		Patch: contact.Patch{FirstName: new("Ada"), LastName: new("Lovelace"), Email: new("ada.lovelace@gmail.com"), Phone: new("06 12 34 56 78")},
		Lists: []list.ID{news.ID}, Note: "Met at the fair",
	})
	if err != nil {
		return err
	}
	names[ada.ID] = "Ada"
	lovelace, err := svc.CreateContact(ctx, manager, contactkit.ContactInput{
		Patch: contact.Patch{LastName: new("Lovelace"), Company: new("Analytical Engines"), Email: new("AdaLovelace+shop@gmail.com"), Phone: new("+33 7 81 23 45 67")},
		Lists: []list.ID{offers.ID}, Note: "Asked for a quote",
	})
	if err != nil {
		return err
	}
	names[lovelace.ID] = "A. Lovelace (imported)"
	if _, err := svc.Unsubscribe(ctx, manager, lovelace.ID, list.ChannelSMS, "replied STOP"); err != nil {
		return err
	}

	fmt.Fprintln(w, "1. suggested duplicates")
	for g, err := range svc.SuggestDuplicates(ctx, manager, nil) {
		if err != nil {
			return err
		}
		for _, r := range g.Reasons {
			fmt.Fprintf(w, "  %s share %s\n", join(names, r.Contacts), r.Key)
		}
	}

	fmt.Fprintln(w, "2. preview (nothing written)")
	preview, err := svc.PreviewMerge(ctx, manager, contactkit.MergeRequest{Primary: ada.ID, Others: []contact.ID{lovelace.ID}})
	if err != nil {
		return err
	}
	for _, d := range preview.Plan.Decisions {
		if d.Value == "" || d.Field == "created_at" {
			continue
		}
		fmt.Fprintf(w, "  %-13s %-22s from %-22s (%s)\n", d.Field, d.Value, names[d.Contact], d.Rule)
	}
	for _, l := range preview.Lists {
		fmt.Fprintf(w, "  list %-8s %s\n", lists[l.List], l.Status)
	}
	fmt.Fprintf(w, "  notes and tasks that move: %d\n", preview.Moves["activity"])

	fmt.Fprintln(w, "3. merge")
	rec, err := svc.MergeContacts(ctx, manager, preview)
	if err != nil {
		return err
	}
	if err := show(ctx, w, svc, manager, ada.ID, lists); err != nil {
		return err
	}
	resolved, err := svc.ResolveContact(ctx, manager, lovelace.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  the merged-away ID resolves to %s\n", names[resolved])
	if err := consent(ctx, w, svc, manager, "+33781234567"); err != nil {
		return err
	}

	fmt.Fprintln(w, "4. edit the survivor: job title")
	if _, err := svc.UpdateContact(ctx, manager, ada.ID, contact.Patch{JobTitle: new("Mathematician")}); err != nil {
		return err
	}

	fmt.Fprintln(w, "5. unmerge")
	res, err := svc.UnmergeContacts(ctx, manager, rec.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  edits kept: %s\n", strings.Join(res.Kept, ", "))
	for _, id := range []contact.ID{ada.ID, lovelace.ID} {
		if err := show(ctx, w, svc, manager, id, lists); err != nil {
			return err
		}
	}
	if err := consent(ctx, w, svc, manager, "+33781234567"); err != nil {
		return err
	}
	_, err = svc.UnmergeContacts(ctx, manager, rec.ID)
	fmt.Fprintf(w, "  unmerge again: err=%v (idempotent)\n", err)
	return nil
}

func show(ctx context.Context, w io.Writer, svc *contactkit.Service, a contactkit.Actor, id contact.ID, names map[list.ID]string) error {
	c, err := svc.GetContact(ctx, a, id)
	if err != nil {
		return err
	}
	var emails []string
	for _, e := range c.Emails() {
		emails = append(emails, e.String())
	}
	fmt.Fprintf(w, "  %s: company=%q job=%q emails=%s phone=%s trashed=%t\n", c.DisplayName(), c.Company, c.JobTitle, strings.Join(emails, ","), c.Phone, c.Trashed())
	var notes, ls []string
	for act, err := range svc.Timeline(ctx, a, id, contactkit.TimelineQuery{}) {
		if err != nil {
			return err
		}
		notes = append(notes, act.Body)
	}
	for m, err := range svc.Memberships(ctx, a, contactkit.MembershipQuery{Contact: id}) {
		if err != nil {
			return err
		}
		ls = append(ls, names[m.List]+" "+string(m.Status))
	}
	fmt.Fprintf(w, "    notes: %s; lists: %s\n", strings.Join(notes, " | "), strings.Join(ls, ", "))
	return nil
}

func consent(ctx context.Context, w io.Writer, svc *contactkit.Service, a contactkit.Actor, phone string) error {
	e, err := svc.AddressConsent(ctx, a, list.ChannelSMS, phone)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  SMS to %s: %s\n", phone, e.Status)
	return nil
}

func join(names map[contact.ID]string, ids []contact.ID) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = names[id]
	}
	return strings.Join(out, " and ")
}
