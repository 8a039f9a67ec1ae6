package storetest_test

import (
	"context"
	"errors"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// More broken stores, each breaking a rule that an adapter of a SQL
// database may get wrong: see brokenVariants.
var moreBrokenVariants = []brokenVariant{
	{
		name:  "silentrollback",
		what:  "rolls back, yet reports as committed, a transaction in which a call was refused (as a PostgreSQL transaction aborted by a failed statement does on COMMIT)",
		store: func() store.Store { return silentRollback{memstore.New()} },
		want: []string{
			"--- FAIL: TestBrokenStore/Tx/UsableAfterRefusal",
			"after Store.Update committed a transaction in which calls were refused, Contacts.Get of the contact the transaction created: got err",
			"an error of the contract (store.ErrNotFound, store.ErrConflict, store.ErrAlreadyExists, …) leaves the transaction usable",
		},
	},
	{
		name:  "splitviews",
		what:  "reads each call of a View in a transaction of its own (as statements at READ COMMITTED do)",
		store: func() store.Store { return splitViews{memstore.New()} },
		want: []string{
			"--- FAIL: TestBrokenStore/Tx/ViewConsistent",
			"Store.View read contact A as it was, at version 1, then contact B as the other transaction wrote it, at version 2",
			"View runs fn in a read-only transaction that sees one consistent state",
		},
	},
}

// init adds the variants above to those TestBrokenStoresFail runs.
func init() { brokenVariants = append(brokenVariants, moreBrokenVariants...) }

// silentRollback rolls back a transaction in which a write was refused,
// and Update returns nil all the same.
type silentRollback struct{ *memstore.Store }

// errAborted rolls back the inner transaction of silentRollback.
var errAborted = errors.New("silentrollback: transaction aborted")

func (s silentRollback) Update(ctx context.Context, fn func(store.Tx) error) error {
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		a := &abort{}
		if err := fn(wrappedTx{tx, abortingContacts{tx.Contacts(), a}, abortingRecords{tx.Records(), a}}); err != nil {
			return err
		}
		if a.refused {
			return errAborted
		}
		return nil
	})
	if err == errAborted {
		return nil
	}
	return err
}

// abort records that a call of a transaction of silentRollback was
// refused. A transaction runs on one goroutine.
type abort struct{ refused bool }

// note marks a refused, if err is one of the contract's.
func (a *abort) note(err error) error {
	if err != nil && !errors.Is(err, context.Canceled) {
		a.refused = true
	}
	return err
}

type abortingContacts struct {
	store.Contacts
	a *abort
}

func (c abortingContacts) Get(ctx context.Context, ws contact.WorkspaceID, id contact.ID) (contact.Contact, error) {
	got, err := c.Contacts.Get(ctx, ws, id)
	return got, c.a.note(err)
}

func (c abortingContacts) Create(ctx context.Context, ct *contact.Contact) error {
	return c.a.note(c.Contacts.Create(ctx, ct))
}

func (c abortingContacts) Update(ctx context.Context, ct *contact.Contact) error {
	return c.a.note(c.Contacts.Update(ctx, ct))
}

type abortingRecords struct {
	store.Records
	a *abort
}

func (rs abortingRecords) Put(ctx context.Context, ws contact.WorkspaceID, k store.Kind, r *store.Record) error {
	return rs.a.note(rs.Records.Put(ctx, ws, k, r))
}

func (rs abortingRecords) Delete(ctx context.Context, ws contact.WorkspaceID, k store.Kind, id string, version int64) error {
	return rs.a.note(rs.Records.Delete(ctx, ws, k, id, version))
}

// splitViews runs each call of a View's function in a View of its own.
type splitViews struct{ *memstore.Store }

func (s splitViews) View(ctx context.Context, fn func(store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return fn(autoTx{s: s.Store, view: true})
}
