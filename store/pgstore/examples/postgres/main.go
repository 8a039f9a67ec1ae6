// Command postgres runs the quick start of contactkit (see
// examples/quickstart at the root of the repository) on PostgreSQL: define
// a custom field, create contacts, capture a form submission that finds an
// existing contact by its phone, tag, search, read the property history,
// and see the typed errors of bad input.
//
// It reads the connection string from CONTACTKIT_POSTGRES_URL, creates or
// updates the schema with pgstore.Migrate (in the first schema of the
// search_path, which the URL may set: "…?search_path=crm"), and works in a
// new workspace at each run, so that it may run again on the same database:
//
//	export CONTACTKIT_POSTGRES_URL=$(.ci/postgres.sh)   # from the repository root
//	cd store/pgstore && go run ./examples/postgres
//
// Without CONTACTKIT_POSTGRES_URL it says how to get a database and exits
// with status 2, having done nothing.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/store/pgstore"
)

func main() {
	url := os.Getenv("CONTACTKIT_POSTGRES_URL")
	if url == "" {
		fmt.Fprintln(os.Stderr, `CONTACTKIT_POSTGRES_URL is not set: give the connection string of a PostgreSQL database
(version 13 or later, with pg_trgm available), for example from the repository root:

	export CONTACTKIT_POSTGRES_URL=$(.ci/postgres.sh)`)
		os.Exit(2)
	}
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	if err := pgstore.Migrate(ctx, pool); err != nil {
		log.Fatal(err)
	}
	ws := contact.WorkspaceID("quickstart-" + strconv.FormatInt(time.Now().UnixNano(), 36))
	if err := run(ctx, os.Stdout, pgstore.New(pool, nil), ws); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, w io.Writer, s *pgstore.Store, ws contact.WorkspaceID) error {
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
