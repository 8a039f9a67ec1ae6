package pgstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestMalformedCallsSendNoStatement: a call that breaks a precondition of
// its method (store.ErrInvalid) is refused before any statement is sent,
// reads, writes and the Relay alike, with and without a Prefetch of its
// workspace.
func TestMalformedCallsSendNoStatement(t *testing.T) {
	pool, tr := tracedPool(t)
	s := pgstore.New(pool, &pgstore.Options{Outbox: true})
	const ws = contact.WorkspaceID("malformed")
	id := contact.MustParseID("01908f4e-7a3b-7c1d-9e2f-3a4b5c6d7e8f")
	k := store.KindTag
	calls := []struct {
		what string
		call func(ctx context.Context, tx store.Tx) error
	}{
		{"Contacts.Get with no workspace", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Contacts().Get(ctx, "", id)
			return err
		}},
		{"Contacts.List with no workspace", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Contacts().List(ctx, "", store.ContactQuery{Key: "email:a@example.org"}, store.PageRequest{})
			return err
		}},
		{"Contacts.List with a cursor it did not hand out", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Contacts().List(ctx, ws, store.ContactQuery{}, store.PageRequest{Cursor: "nope"})
			return err
		}},
		{"ContactCounter.Count with no workspace", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Contacts().(store.ContactCounter).Count(ctx, "", store.ContactQuery{})
			return err
		}},
		{"Contacts.Create with no workspace", func(ctx context.Context, tx store.Tx) error {
			return tx.Contacts().Create(ctx, &contact.Contact{ID: id})
		}},
		{"Contacts.Delete with no workspace", func(ctx context.Context, tx store.Tx) error {
			return tx.Contacts().Delete(ctx, "", id, 1)
		}},
		{"Records.Get with a nil Kind", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Records().Get(ctx, ws, nil, "x")
			return err
		}},
		{"Records.Get with no workspace", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Records().Get(ctx, "", k, "x")
			return err
		}},
		{"Records.List with a nil Kind", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Records().List(ctx, ws, nil, store.Query{}, store.PageRequest{})
			return err
		}},
		{"Records.List with a cursor it did not hand out", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Records().List(ctx, ws, k, store.Query{}, store.PageRequest{Cursor: "nope"})
			return err
		}},
		{"Records.Put with a nil record", func(ctx context.Context, tx store.Tx) error {
			return tx.Records().Put(ctx, ws, k, nil)
		}},
		{"Records.Delete with no workspace", func(ctx context.Context, tx store.Tx) error {
			return tx.Records().Delete(ctx, "", k, "x", 1)
		}},
		{"History.Append with no workspace", func(ctx context.Context, tx store.Tx) error {
			return tx.History().Append(ctx, "", contact.Change{Contact: id, Field: "city"})
		}},
		{"History.Append of a change of the zero contact", func(ctx context.Context, tx store.Tx) error {
			return tx.History().Append(ctx, ws, contact.Change{Contact: id, Field: "city"}, contact.Change{Field: "city"})
		}},
		{"History.List with no workspace", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.History().List(ctx, "", id, "", store.PageRequest{})
			return err
		}},
		{"History.Delete with no workspace", func(ctx context.Context, tx store.Tx) error {
			return tx.History().Delete(ctx, "", id)
		}},
		{"Prefetch with no workspace", func(ctx context.Context, tx store.Tx) error {
			return store.PrefetcherOf(tx).Prefetch(ctx, "", store.Prefetch{Contacts: []contact.ID{id}})
		}},
		{"Prefetch of a RecordRef with a nil Kind", func(ctx context.Context, tx store.Tx) error {
			return store.PrefetcherOf(tx).Prefetch(ctx, ws, store.Prefetch{Records: []store.RecordRef{{ID: "x"}}})
		}},
		{"Outbox.Append of an event with the zero ID", func(ctx context.Context, tx store.Tx) error {
			return store.OutboxOf(tx).Append(ctx, store.OutboxEvent{Workspace: ws, Type: "T"})
		}},
	}
	for _, prefetch := range []bool{false, true} {
		err := s.Update(t.Context(), func(tx store.Tx) error {
			ctx := t.Context()
			if prefetch {
				if err := store.PrefetcherOf(tx).Prefetch(ctx, ws, store.Prefetch{Contacts: []contact.ID{id}, Records: []store.RecordRef{{Kind: k, ID: "x"}}}); err != nil {
					return err
				}
			}
			for _, c := range calls {
				before := tr.n.Load()
				err := c.call(ctx, tx)
				if sent := tr.n.Load() - before; sent != 0 || !errors.Is(err, store.ErrInvalid) {
					t.Errorf("%s (after a Prefetch: %v): got err %v after %d statements, want store.ErrInvalid after none", c.what, prefetch, err, sent)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("Store.Update: %v", err)
		}
	}
	relay := []struct {
		what string
		call func(ctx context.Context) error
	}{
		{"Relay.ReadOutbox with After -1", func(ctx context.Context) error {
			_, err := s.ReadOutbox(ctx, store.OutboxQuery{After: -1})
			return err
		}},
		{"Relay.RegisterConsumer with an empty name", func(ctx context.Context) error {
			_, err := s.RegisterConsumer(ctx, store.Consumer{})
			return err
		}},
	}
	for _, c := range relay {
		before := tr.n.Load()
		err := c.call(t.Context())
		if sent := tr.n.Load() - before; sent != 0 || !errors.Is(err, store.ErrInvalid) {
			t.Errorf("%s: got err %v after %d statements, want store.ErrInvalid after none", c.what, err, sent)
		}
	}
}
