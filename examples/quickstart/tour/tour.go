// Package tour is the quick start of contactkit, written once for every
// store: examples/quickstart runs it on the in-memory store, and
// store/pgstore/examples/postgres on PostgreSQL.
package tour

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/store"
)

// Run walks through the quick start on s, in workspace ws, writing what
// happens to w: define a custom field, create contacts, capture a form
// submission that finds an existing contact by its phone, tag, search, read
// the property history, and see the typed errors of bad input. A fixed
// clock keeps the output the same on every run and every store.
func Run(ctx context.Context, w io.Writer, s store.Store, ws contact.WorkspaceID) error {
	// A fixed clock keeps the output the same on every run.
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	svc := contactkit.New(s, &contactkit.Options{
		Now:           func() time.Time { return now },
		DefaultRegion: "FR", // national numbers such as "06 12 34 56 78" are French
		Subscribers: []contactkit.Subscriber{func(_ context.Context, e contactkit.Event) {
			fmt.Fprintf(w, "  event %T\n", e)
		}},
	})
	owner := contactkit.Actor{Workspace: ws, User: "u-alice", Role: contactkit.RoleOwner, Source: contact.ChangeUI}

	fmt.Fprintln(w, "1. Define a custom field")
	_, err := svc.CreateField(ctx, owner, field.Definition{
		Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeSelect,
		Options: []field.Option{{Value: "free", Label: "Free"}, {Value: "pro", Label: "Pro"}},
	})
	if err != nil {
		return err
	}

	fmt.Fprintln(w, "2. Create a contact: the phone is parsed with the default region")
	ada, err := svc.CreateContact(ctx, owner, contactkit.ContactInput{
		Patch: contact.Patch{
			FirstName: new("  Ada "),
			LastName:  new("Lovelace"),
			Email:     new("Ada@Example.COM"),
			Phone:     new("06 12 34 56 78"),
			Fields:    map[string]string{"plan": "pro"},
		},
		Tags: []string{"VIP, newsletter"},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  %s <%s> %s country=%s tags=%v plan=%s\n",
		ada.DisplayName(), ada.Email, ada.Phone, ada.Country, ada.Tags, ada.Fields[field.MustParseKey("plan")])

	fmt.Fprintln(w, "3. A form comes in with the same phone in international form")
	res, err := svc.CaptureContact(ctx, owner, contactkit.ContactInput{
		Patch: contact.Patch{Phone: new("+33 6 12 34 56 78"), Company: new("Analytical Engines"), FirstName: new("")},
		Tags:  []string{"webinar"},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  created=%t same contact=%t first name kept=%q company=%q\n",
		res.Created, res.Contact.ID == ada.ID, res.Contact.FirstName, res.Contact.Company)

	fmt.Fprintln(w, "4. Bad input is refused whole, with every problem typed")
	_, err = svc.UpdateContact(ctx, owner, ada.ID, contact.Patch{
		Email:  new("not-an-email"),
		Phone:  new("01 23"),
		Fields: map[string]string{"plan": "enterprise"},
	})
	if ve, ok := errors.AsType[*contactkit.ValidationError](err); ok {
		for _, problem := range ve.Errors {
			fmt.Fprintf(w, "  - %v\n", problem)
		}
	}
	fmt.Fprintf(w, "  errors.Is(err, contact.ErrInvalidPhone) = %t\n", errors.Is(err, contact.ErrInvalidPhone))

	fmt.Fprintln(w, "5. Another contact cannot take Ada's email")
	_, err = svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com")}})
	if taken, ok := errors.AsType[*contactkit.TakenError](err); ok {
		fmt.Fprintf(w, "  the %s %s is taken by Ada: %t\n", taken.Field, taken.Value, taken.Owner == ada.ID)
	}

	fmt.Fprintln(w, "6. Search by tag and text")
	for c, err := range svc.Contacts(ctx, owner, contactkit.ContactQuery{Tag: "vip", Text: "lovelace"}) {
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  found %s\n", c.DisplayName())
	}

	fmt.Fprintln(w, "7. The property history of the company field")
	for ch, err := range svc.History(ctx, owner, ada.ID, contact.FieldCompany) {
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %s: %q -> %q by %s via %s\n", ch.Field, ch.Old, ch.New, ch.Actor, ch.Source)
	}

	fmt.Fprintln(w, "8. Delete a tag everywhere")
	n, err := svc.DeleteTag(ctx, owner, "Newsletter")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  removed from %d contact(s)\n", n)
	return nil
}
