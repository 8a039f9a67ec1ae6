package pgstore_test

import (
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestRv21pgQueryExecModes: the Service works on a pool in every query
// execution mode of pgx, as a team behind PgBouncer may configure it
// (default_query_exec_mode=simple_protocol or exec in the connection
// string): the JSON of contacts and records was sent as bytea there, and
// every write failed with "invalid input syntax for type json".
func TestRv21pgQueryExecModes(t *testing.T) {
	ctx := t.Context()
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeSimpleProtocol, pgx.QueryExecModeExec, pgx.QueryExecModeDescribeExec} {
		t.Run(mode.String(), func(t *testing.T) {
			cfg := pgstore.NewTestPool(t).Config()
			cfg.ConnConfig.DefaultQueryExecMode = mode
			pool, err := pgxpool.NewWithConfig(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(pool.Close)
			s := pgstore.New(pool, &pgstore.Options{Outbox: true})
			svc := contactkit.New(s, &contactkit.Options{DefaultRegion: "FR"})
			a := contactkit.Actor{Workspace: "rv21pg-modes", User: "owner", Role: contactkit.RoleOwner}
			if _, err := svc.CreateField(ctx, a, field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeText}); err != nil {
				t.Fatal(err)
			}
			name, email := "Zoë", "zoe@example.com"
			c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{
				Patch: contact.Patch{FirstName: &name, Email: &email, Fields: map[string]string{"plan": "gold \\ \"quoted\" 'x'"}},
				Tags:  []string{"VIP"}, Note: "first note",
			})
			if err != nil {
				t.Fatal(err)
			}
			company := "Ça & Co"
			if c, err = svc.UpdateContact(ctx, a, c.ID, contact.Patch{Company: &company}); err != nil {
				t.Fatal(err)
			}
			got, err := svc.GetContact(ctx, a, c.ID)
			if err != nil || got.Company != company || got.Fields[field.MustParseKey("plan")].String() != "gold \\ \"quoted\" 'x'" {
				t.Errorf("GetContact = %+v, %v", got, err)
			}
			page, err := svc.ListContacts(ctx, a, contactkit.ContactQuery{Text: "zoe vip"}, store.PageRequest{})
			if err != nil || len(page.Items) != 1 {
				t.Errorf("ListContacts(zoe vip) = %d contacts, %v; want 1", len(page.Items), err)
			}
			n := 0
			for _, err := range svc.Timeline(ctx, a, c.ID, contactkit.TimelineQuery{}) {
				if err != nil {
					t.Fatal(err)
				}
				n++
			}
			if n != 1 {
				t.Errorf("timeline holds %d activities, want the note", n)
			}
		})
	}
}
