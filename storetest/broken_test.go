package storetest_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

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
	{
		name:  "collation",
		what:  "compares record IDs as a case-insensitive collation that ignores trailing spaces, and sorts records so",
		store: wrapRecords(func(rs store.Records) store.Records { return collatingRecords{rs} }),
		want: []string{
			"--- FAIL: TestBrokenStore/Records/ByteOrder",
			`Records.Put creating a list with ID "A"`,
			"a Store compares record IDs and keys byte for byte, and lists in ascending order of Keys.Order, then of ID, in byte order",
		},
	},
	{
		name:  "kindblind",
		what:  "keeps the records of every kind under one identity (workspace, ID) and one Unique key per workspace",
		store: wrapRecords(func(rs store.Records) store.Records { return kindBlindRecords{rs} }),
		want: []string{
			"--- FAIL: TestBrokenStore/Records/KindsApart",
			"Records.Put creating a tag with the ID and Unique key of records of other kinds: got err",
			"a record is identified by (workspace, kind, ID)",
		},
	},
	{
		name: "unbounded",
		what: "returns every item asked for in one page (LIMIT ALL for a Limit of 0, no bound above store.MaxLimit)",
		store: func() store.Store {
			return wrap(func(tx store.Tx) store.Tx {
				return historyTx{wrappedTx{tx, unboundedContacts{tx.Contacts()}, unboundedRecords{tx.Records()}}, unboundedHistory{tx.History()}}
			})
		},
		want: []string{
			"--- FAIL: TestBrokenStore/Contacts/ListPageBounds",
			"--- FAIL: TestBrokenStore/Records/ListPageBounds",
			"--- FAIL: TestBrokenStore/History/ListPageBounds",
			"Contacts.List with Limit 0: page 1 holds 1001 items, want at most PageRequest.Size() = 100",
			"History.List with Limit 1001: page 1 holds 1001 items, want at most PageRequest.Size() = 1000",
		},
	},
}

// init adds the variants above to those TestBrokenStoresFail runs.
func init() { brokenVariants = append(brokenVariants, moreBrokenVariants...) }

// wrapRecords returns the maker of a memstore whose Records are wrapped
// by w.
func wrapRecords(w func(store.Records) store.Records) func() store.Store {
	return func() store.Store {
		return wrap(func(tx store.Tx) store.Tx { return wrappedTx{tx, tx.Contacts(), w(tx.Records())} })
	}
}

// historyTx is a Tx with its History replaced.
type historyTx struct {
	store.Tx
	history store.History
}

func (t historyTx) History() store.History { return t.history }
func (t historyTx) Unwrap() store.Tx       { return t.Tx }

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

// fold is how a case-insensitive collation that pads with spaces sees a
// string.
func fold(s string) string { return strings.ToLower(strings.TrimRight(s, " ")) }

// collatingRecords refuses to create a record whose ID folds to the ID of
// another record of its kind, and sorts each page by folded Order and ID.
type collatingRecords struct{ store.Records }

func (rs collatingRecords) Put(ctx context.Context, ws contact.WorkspaceID, k store.Kind, r *store.Record) error {
	if r != nil && k != nil && r.Version == 0 && ws != "" {
		for h, err := range store.All(ctx, store.MaxLimit, func(ctx context.Context, p store.PageRequest) (store.Page[store.Record], error) {
			return rs.List(ctx, ws, k, store.Query{}, p)
		}) {
			if err != nil {
				return err
			}
			if h.ID != r.ID && fold(h.ID) == fold(r.ID) {
				return fmt.Errorf("collation: put %s %q: %q has that ID: %w", k.Name(), r.ID, h.ID, store.ErrAlreadyExists)
			}
		}
	}
	return rs.Records.Put(ctx, ws, k, r)
}

func (rs collatingRecords) List(ctx context.Context, ws contact.WorkspaceID, k store.Kind, q store.Query, p store.PageRequest) (store.Page[store.Record], error) {
	page, err := rs.Records.List(ctx, ws, k, q, p)
	slices.SortStableFunc(page.Items, func(a, b store.Record) int {
		if c := strings.Compare(fold(a.Keys.Order), fold(b.Keys.Order)); c != 0 {
			return c
		}
		return strings.Compare(fold(a.ID), fold(b.ID))
	})
	return page, err
}

// kindBlindRecords refuses to create a record whose ID, or Unique key, a
// record of another kind of the workspace has.
type kindBlindRecords struct{ store.Records }

func (rs kindBlindRecords) Put(ctx context.Context, ws contact.WorkspaceID, k store.Kind, r *store.Record) error {
	if r != nil && k != nil && r.Version == 0 && ws != "" {
		for _, other := range store.Kinds() {
			if other.Name() == k.Name() {
				continue
			}
			if _, err := rs.Get(ctx, ws, other, r.ID); err == nil {
				return fmt.Errorf("kindblind: put %s %q: a %s has that ID: %w", k.Name(), r.ID, other.Name(), store.ErrAlreadyExists)
			}
			if r.Keys.Unique == "" {
				continue
			}
			if page, err := rs.List(ctx, ws, other, store.Query{Unique: r.Keys.Unique}, store.PageRequest{}); err == nil && len(page.Items) > 0 {
				return fmt.Errorf("kindblind: put %s %q: a %s has its Unique key: %w", k.Name(), r.ID, other.Name(), store.ErrAlreadyExists)
			}
		}
	}
	return rs.Records.Put(ctx, ws, k, r)
}

// unbounded returns the page of p as a Store that passes its Limit to SQL
// as it is would: every item for a Limit of 0 or less, as many as asked
// above store.MaxLimit.
func unbounded[T any](p store.PageRequest, fetch func(store.PageRequest) (store.Page[T], error)) (store.Page[T], error) {
	if p.Limit > 0 && p.Limit <= store.MaxLimit {
		return fetch(p)
	}
	var out store.Page[T]
	q := store.PageRequest{Cursor: p.Cursor, Limit: store.MaxLimit}
	for {
		page, err := fetch(q)
		if err != nil {
			return store.Page[T]{}, err
		}
		out.Items, out.Next = append(out.Items, page.Items...), page.Next
		if page.Next == "" || (p.Limit > 0 && len(out.Items) >= p.Limit) {
			return out, nil
		}
		q.Cursor = page.Next
	}
}

type unboundedContacts struct{ store.Contacts }

func (c unboundedContacts) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	return unbounded(p, func(p store.PageRequest) (store.Page[contact.Contact], error) { return c.Contacts.List(ctx, ws, q, p) })
}

type unboundedRecords struct{ store.Records }

func (rs unboundedRecords) List(ctx context.Context, ws contact.WorkspaceID, k store.Kind, q store.Query, p store.PageRequest) (store.Page[store.Record], error) {
	return unbounded(p, func(p store.PageRequest) (store.Page[store.Record], error) { return rs.Records.List(ctx, ws, k, q, p) })
}

type unboundedHistory struct{ store.History }

func (h unboundedHistory) List(ctx context.Context, ws contact.WorkspaceID, id contact.ID, fieldName string, p store.PageRequest) (store.Page[contact.Change], error) {
	return unbounded(p, func(p store.PageRequest) (store.Page[contact.Change], error) {
		return h.History.List(ctx, ws, id, fieldName, p)
	})
}
