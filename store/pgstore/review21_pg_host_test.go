package pgstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestRv21pgHostUniqueViolationIsTheHosts: a host's statement on the
// native transaction (store.As) that breaks a unique constraint of the
// host's own table, at once or at the commit (a deferred constraint), is
// the host's error: Update returns it after one run of fn, holding the
// *pgconn.PgError, and it does not match store.ErrRetry. Running fn again
// cannot help: the row is there. (A unique violation on the store's own
// tables can only come from a concurrent transaction, and is retried.)
// pgstore retried it as a serialization failure, 31 runs of fn, then
// answered ErrRetry: "try again".
func TestRv21pgHostUniqueViolationIsTheHosts(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	s := pgstore.New(pool, &pgstore.Options{Backoff: time.Microsecond})
	ctx := t.Context()
	for _, sql := range []string{
		`CREATE TABLE rv21pg_host (id int PRIMARY KEY)`,
		`CREATE TABLE rv21pg_host_deferred (id int, CONSTRAINT rv21pg_once UNIQUE (id) DEFERRABLE INITIALLY DEFERRED)`,
		`INSERT INTO rv21pg_host VALUES (1)`,
		`INSERT INTO rv21pg_host_deferred VALUES (1)`,
	} {
		if _, err := pool.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	for _, table := range []string{"rv21pg_host", "rv21pg_host_deferred"} {
		calls := 0
		err := s.Update(ctx, func(tx store.Tx) error {
			calls++
			var ptx pgx.Tx
			if !store.As(tx, &ptx) {
				return errors.New("store.As found no *pgx.Tx")
			}
			_, err := ptx.Exec(ctx, `INSERT INTO `+table+` VALUES (1)`)
			return err
		})
		pe, ok := errors.AsType[*pgconn.PgError](err)
		if calls != 1 || errors.Is(err, store.ErrRetry) || !ok || pe.Code != "23505" {
			t.Errorf("%s: a duplicate row: Update = %v after %d runs of fn, want the unique violation (23505), not ErrRetry, after 1", table, err, calls)
		}
	}
}

// TestRv21pgCascadeUniqueViolation: the same through the Service: a
// cascade handler whose insert breaks a unique constraint of the host's
// table fails the deletion with a *contactkit.CascadeError that holds it,
// the handler run once, and the contact stays live.
func TestRv21pgCascadeUniqueViolation(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	ctx := t.Context()
	if _, err := pool.Exec(ctx, `CREATE TABLE rv21pg_archive (contact_id uuid PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	runs := 0
	archive := func(ctx context.Context, tx store.Tx, e contactkit.CascadeEvent) error {
		runs++
		var ptx pgx.Tx
		if !store.As(tx, &ptx) {
			return errors.New("store.As found no *pgx.Tx")
		}
		_, err := ptx.Exec(ctx, `INSERT INTO rv21pg_archive VALUES ($1)`, e.Contact.String())
		return err
	}
	svc := contactkit.New(pgstore.New(pool, &pgstore.Options{Backoff: time.Microsecond}), &contactkit.Options{
		DefaultRegion: "FR",
		Cascades:      []contactkit.Cascade{{Kind: "archive", Delete: archive}},
	})
	a := contactkit.Actor{Workspace: "rv21pg-cascade", User: "owner", Role: contactkit.RoleOwner}
	name := "Ann"
	c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: &name}})
	if err != nil {
		t.Fatal(err)
	}
	// The host archived the contact already (a row left by its own bug).
	if _, err := pool.Exec(ctx, `INSERT INTO rv21pg_archive VALUES ($1)`, c.ID.String()); err != nil {
		t.Fatal(err)
	}
	_, err = svc.DeleteContact(ctx, a, c.ID)
	_, cascade := errors.AsType[*contactkit.CascadeError](err)
	pe, ok := errors.AsType[*pgconn.PgError](err)
	if !cascade || !ok || pe.Code != "23505" || errors.Is(err, store.ErrConflict) || runs != 1 {
		t.Errorf("DeleteContact with a failing cascade = %v (handler run %d times), want a *CascadeError holding the unique violation, not ErrConflict, after 1 run", err, runs)
	}
	if got, err := svc.GetContact(ctx, a, c.ID); err != nil || got.Trashed() {
		t.Errorf("after the failed deletion: %v, trashed %v; want the contact live", err, got.Trashed())
	}
}

// TestRv21pgCancelledMidTransaction: a call whose context is cancelled in
// the middle of its transaction (here by its cascade handler, after the
// contact was written) fails with context.Canceled and leaves nothing:
// the contact live, no event delivered, none in the outbox.
func TestRv21pgCancelledMidTransaction(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	s := pgstore.New(pool, &pgstore.Options{Outbox: true})
	var events []contactkit.Event
	var cancel context.CancelFunc
	svc := contactkit.New(s, &contactkit.Options{
		DefaultRegion: "FR",
		Subscribers:   []contactkit.Subscriber{func(_ context.Context, e contactkit.Event) { events = append(events, e) }},
		Cascades: []contactkit.Cascade{{Kind: "conversation", Delete: func(ctx context.Context, tx store.Tx, e contactkit.CascadeEvent) error {
			cancel()
			return nil
		}}},
	})
	a := contactkit.Actor{Workspace: "rv21pg-cancel", User: "owner", Role: contactkit.RoleOwner}
	name := "Ann"
	c, err := svc.CreateContact(t.Context(), a, contactkit.ContactInput{Patch: contact.Patch{FirstName: &name}})
	if err != nil {
		t.Fatal(err)
	}
	relay, err := contactkit.NewRelay(s)
	if err != nil {
		t.Fatal(err)
	}
	before, err := relay.Read(t.Context(), store.OutboxQuery{})
	if err != nil {
		t.Fatal(err)
	}
	events = nil
	ctx, stop := context.WithCancel(t.Context())
	defer stop()
	cancel = stop
	if _, err := svc.DeleteContact(ctx, a, c.ID); !errors.Is(err, context.Canceled) {
		t.Errorf("DeleteContact cancelled by its cascade = %v, want context.Canceled", err)
	}
	if got, err := svc.GetContact(t.Context(), a, c.ID); err != nil || got.Trashed() || got.Version != c.Version {
		t.Errorf("after the cancelled deletion: %v, trashed %v, version %d; want the contact as it was (version %d)", err, got.Trashed(), got.Version, c.Version)
	}
	after, err := relay.Read(t.Context(), store.OutboxQuery{After: before.Next})
	if err != nil || len(after.Deliveries) != 0 || len(events) != 0 {
		t.Errorf("after the cancelled deletion: %d events in the outbox (%v), %d delivered; want none", len(after.Deliveries), err, len(events))
	}
}
