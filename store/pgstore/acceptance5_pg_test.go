package pgstore_test

// Acceptance (fifth round) of pgstore. Probed without a finding: 8-writer
// chaos of create/capture/update/delete/restore/merge/unmerge on 6 shared
// emails (every error typed; contact_keys, search_text agree with the
// bodies), cascade errors, ctx cancelled inside a cascade and an SQL error
// swallowed by a handler (nothing written, outbox untouched), a closed
// pool, Import cancelled mid-run (result = rows in the database), WriteSQL
// through psql (pg_dump identical to Migrate's schema), big numbers,
// datetimes with nanoseconds and offsets, LIKE metacharacters in search.
// The failures below all come from one class of input: a text that no
// stored value can equal (a NUL byte, invalid UTF-8) handed to a read.

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/association"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"
)

var acc5Actor = contactkit.Actor{Workspace: "acc5", User: "owner", Role: contactkit.RoleOwner}

type acc5Side struct {
	name string
	svc  *contactkit.Service
}

func acc5Sides(t *testing.T, opts func(*contactkit.Options)) []acc5Side {
	t.Helper()
	pool := pgstore.NewTestPool(t)
	stores := []store.Store{memstore.New(), pgstore.New(pool, nil)}
	names := []string{"memstore", "pgstore"}
	var sides []acc5Side
	for i, st := range stores {
		idr := rand.New(rand.NewPCG(5, 55))
		clock := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
		o := &contactkit.Options{
			DefaultRegion: "FR",
			Now: func() time.Time {
				clock = clock.Add(time.Millisecond + 7)
				return clock
			},
			NewID: func() (uuid.UUID, error) {
				return randomV4(idr), nil
			},
		}
		if opts != nil {
			opts(o)
		}
		sides = append(sides, acc5Side{names[i], contactkit.New(st, o)})
	}
	return sides
}

// Finding 1. Through the Service, a listing filtered by a text the caller
// gives (an assignee, a history field name, an association type) that
// holds a NUL byte or is not valid UTF-8 lists nothing on memstore, the
// reference, and fails on pgstore with an untyped SQL error (SQLSTATE
// 22021). DESIGN.md §3: "Adapters store canonical values and compare them
// byte for byte"; no stored value equals such a text, so the answer is an
// empty page. Parity with memstore (the reference Store; storetest
// "round-trip fidelity"), and README "Errors": sentinels and typed errors,
// never an SQL error for a value the caller handed in. A history field
// name is now checked by the Service before any store reads: such a name
// names no field, and is refused with ErrInvalidInput on both stores.
func TestAcc5ServiceFilterByUnstorableTextListsNothing(t *testing.T) {
	ctx := context.Background()
	for _, side := range acc5Sides(t, func(o *contactkit.Options) {
		o.AssociationTypes = []association.Type{{Name: "deal"}}
	}) {
		c, err := side.svc.CreateContact(ctx, acc5Actor, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann")}})
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"a\x00b", "\xff\xfe"} {
			p, err := side.svc.ListContacts(ctx, acc5Actor, contactkit.ContactQuery{Assignee: contact.UserID(bad)}, store.PageRequest{})
			if err != nil || len(p.Items) != 0 {
				t.Errorf("%s: ListContacts(Assignee %q) = %d items, %v; want an empty page as memstore gives", side.name, bad, len(p.Items), err)
			}
			if _, err := side.svc.ListHistory(ctx, acc5Actor, c.ID, bad, store.PageRequest{}); !errors.Is(err, contactkit.ErrInvalidInput) {
				t.Errorf("%s: ListHistory(field %q): %v; want an error matching ErrInvalidInput, the field being unknown", side.name, bad, err)
			}
			as, err := side.svc.ListAssociations(ctx, acc5Actor, c.ID, contactkit.AssociationQuery{Type: bad}, store.PageRequest{})
			if err != nil || len(as.Items) != 0 {
				t.Errorf("%s: ListAssociations(Type %q) = %d items, %v; want an empty page as memstore gives", side.name, bad, len(as.Items), err)
			}
		}
	}
}

// Finding 2. At the store API, a read whose argument no stored value can
// equal (an ID or filter with a NUL byte or invalid UTF-8) must answer as
// for any absent value: store.ErrNotFound for Get, an empty page for List
// (memstore does). pgstore sends it to the server, gets SQLSTATE 22021,
// and the error aborts the PostgreSQL transaction: every later call of the
// same Tx fails with 25P02, and a View whose fn returned nil fails at
// commit ("commit unexpectedly resulted in rollback"). pgstore/README
// "Transactions, retries and errors": ErrNotFound … "are not SQL errors,
// and the transaction stays usable after them"; store.Records.Get's
// contract: ErrNotFound for a missing record.
func TestAcc5StoreReadOfUnstorableValueIsNotFoundAndTxStaysUsable(t *testing.T) {
	ctx := context.Background()
	for _, st := range []store.Store{memstore.New(), pgstore.New(pgstore.NewTestPool(t), nil)} {
		name := fmt.Sprintf("%T", st)
		c := contact.Contact{ID: contact.ID(uuid.Must(uuid.NewV7())), Workspace: "w", FirstName: "Ann", Status: contact.StatusActive}
		if err := st.Update(ctx, func(tx store.Tx) error { c.Version = 0; return tx.Contacts().Create(ctx, &c) }); err != nil {
			t.Fatal(err)
		}
		err := st.View(ctx, func(tx store.Tx) error {
			if _, err := tx.Records().Get(ctx, "w", store.KindTag, "a\x00b"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s: Records.Get(id with NUL) = %v, want ErrNotFound", name, err)
			}
			if p, err := tx.Contacts().List(ctx, "w", store.ContactQuery{Key: "email:\xff@example.com"}, store.PageRequest{}); err != nil || len(p.Items) != 0 {
				t.Errorf("%s: Contacts.List(Key not UTF-8) = %d items, %v; want an empty page", name, len(p.Items), err)
			}
			if _, err := tx.Contacts().Get(ctx, "w", c.ID); err != nil {
				t.Errorf("%s: Get of a stored contact after those reads = %v, want it found (the tx stays usable)", name, err)
			}
			return nil
		})
		if err != nil {
			t.Errorf("%s: View whose fn returned nil = %v, want nil", name, err)
		}
	}
}

// Finding 3. store.Consumer documents a name as "not empty, valid UTF-8,
// no NUL", and store.Relay says each method answers ErrInvalid for a
// malformed call, "then what the name finds". Consumer of a name that
// cannot exist must be ErrNotFound (a name never registered), and
// RegisterConsumer of a name with a NUL must be refused with ErrInvalid
// (memstore even accepts it). pgstore returns untyped SQL errors
// (SQLSTATE 22021) for all three.
func TestAcc5RelayConsumerNameWithNULIsTyped(t *testing.T) {
	ctx := context.Background()
	for _, st := range []store.Store{memstore.NewWith(&memstore.Options{Outbox: true}), pgstore.New(pgstore.NewTestPool(t), &pgstore.Options{Outbox: true})} {
		name := fmt.Sprintf("%T", st)
		r, err := contactkit.NewRelay(st)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Consumer(ctx, "a\x00b"); !errors.Is(err, store.ErrNotFound) && !errors.Is(err, store.ErrInvalid) {
			t.Errorf("%s: Consumer(name with NUL) = %v, want ErrNotFound (or ErrInvalid)", name, err)
		}
		if _, err := r.Consumer(ctx, "\xff"); !errors.Is(err, store.ErrNotFound) && !errors.Is(err, store.ErrInvalid) {
			t.Errorf("%s: Consumer(name not UTF-8) = %v, want ErrNotFound (or ErrInvalid)", name, err)
		}
		if _, err := r.Register(ctx, "a\x00b", "w"); err != nil && !errors.Is(err, store.ErrInvalid) {
			t.Errorf("%s: Register(name with NUL) = %v, want ErrInvalid (the documented refusal) or success as memstore gives, not an SQL error", name, err)
		}
	}
}
