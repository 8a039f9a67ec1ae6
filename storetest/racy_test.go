package storetest_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// racyStore is a broken store of its own, not a memstore: it runs
// transactions side by side and writes at once, and checks that a key, an
// ID or a Unique key is free, then writes, with no lock held in between,
// as an adapter that checks with a SELECT and inserts without a unique
// constraint. It implements the calls of Concurrency/ClaimersOfOneKey:
// Contacts.Create, Get and List, Records.Put creating a record, Get and
// List, each listing in one page; every other method fails with
// errRacy, and nothing rolls back.
type racyStore struct{ d *racyData }

type racyData struct {
	mu       sync.Mutex
	contacts map[contact.WorkspaceID]map[contact.ID]contact.Contact
	records  map[string]map[string]store.Record // by workspace and kind, then ID
}

func newRacyStore() racyStore {
	return racyStore{&racyData{contacts: map[contact.WorkspaceID]map[contact.ID]contact.Contact{}, records: map[string]map[string]store.Record{}}}
}

var errRacy = errors.New("racy: not implemented")

// racyWindow is the time between a check and its write.
const racyWindow = 20 * time.Millisecond

func (s racyStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return fn(racyTx(s))
}

func (s racyStore) View(ctx context.Context, fn func(store.Tx) error) error { return s.Update(ctx, fn) }

type racyTx racyStore

func (tx racyTx) Contacts() store.Contacts { return racyContacts(tx) }
func (tx racyTx) Records() store.Records   { return racyRecords(tx) }
func (tx racyTx) History() store.History   { return racyHistory{} }

type racyContacts racyTx

// all returns copies of the contacts of ws, by ID.
func (c racyContacts) all(ws contact.WorkspaceID) []contact.Contact {
	c.d.mu.Lock()
	defer c.d.mu.Unlock()
	var out []contact.Contact
	for _, ct := range c.d.contacts[ws] {
		out = append(out, ct.Clone())
	}
	slices.SortFunc(out, func(a, b contact.Contact) int { return a.ID.Compare(b.ID) })
	return out
}

func (c racyContacts) Create(ctx context.Context, ct *contact.Contact) error {
	if ct == nil || ct.Workspace == "" || ct.ID.IsZero() || ct.Version != 0 {
		return store.ErrInvalid
	}
	for _, held := range c.all(ct.Workspace) {
		if held.ID == ct.ID {
			return store.ErrAlreadyExists
		}
		for _, k := range ct.Keys() {
			if !ct.Trashed() && !held.Trashed() && slices.Contains(held.Keys(), k) {
				return &store.TakenError{Key: k, Owner: held.ID}
			}
		}
	}
	time.Sleep(racyWindow)
	c.d.mu.Lock()
	defer c.d.mu.Unlock()
	if c.d.contacts[ct.Workspace] == nil {
		c.d.contacts[ct.Workspace] = map[contact.ID]contact.Contact{}
	}
	ct.Version = 1
	c.d.contacts[ct.Workspace][ct.ID] = ct.Clone()
	return nil
}

func (c racyContacts) Get(ctx context.Context, ws contact.WorkspaceID, id contact.ID) (contact.Contact, error) {
	for _, ct := range c.all(ws) {
		if ct.ID == id {
			return ct, nil
		}
	}
	return contact.Contact{}, store.ErrNotFound
}

func (c racyContacts) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	if p.Cursor != "" {
		return store.Page[contact.Contact]{}, store.ErrInvalidCursor
	}
	cs := slices.DeleteFunc(c.all(ws), func(ct contact.Contact) bool {
		return ct.Trashed() != q.Trash() || (q.Key != "" && !slices.Contains(ct.Keys(), q.Key))
	})
	return store.Page[contact.Contact]{Items: cs}, nil
}

func (racyContacts) Update(context.Context, *contact.Contact) error { return errRacy }
func (racyContacts) Delete(context.Context, contact.WorkspaceID, contact.ID, int64) error {
	return errRacy
}

type racyRecords racyTx

// all returns the records of kind k in ws that q selects, in the order of
// Records.List.
func (rs racyRecords) all(ws contact.WorkspaceID, k store.Kind, q store.Query) []store.Record {
	rs.d.mu.Lock()
	defer rs.d.mu.Unlock()
	var out []store.Record
	for _, r := range rs.d.records[string(ws)+"/"+k.Name()] {
		if q.Matches(&r.Keys) {
			r.Value = k.Clone(r.Value)
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b store.Record) int {
		return cmp.Or(cmp.Compare(a.Keys.Order, b.Keys.Order), cmp.Compare(a.ID, b.ID))
	})
	return out
}

func (rs racyRecords) Put(ctx context.Context, ws contact.WorkspaceID, k store.Kind, r *store.Record) error {
	if ws == "" || k == nil || r == nil || r.ID == "" {
		return store.ErrInvalid
	}
	if r.Version != 0 {
		return errRacy
	}
	for _, held := range rs.all(ws, k, store.Query{}) {
		if held.ID == r.ID || (r.Keys.Unique != "" && held.Keys.Unique == r.Keys.Unique) {
			return fmt.Errorf("racy: put %s %q: %w", k.Name(), r.ID, store.ErrAlreadyExists)
		}
	}
	time.Sleep(racyWindow)
	rs.d.mu.Lock()
	defer rs.d.mu.Unlock()
	table := string(ws) + "/" + k.Name()
	if rs.d.records[table] == nil {
		rs.d.records[table] = map[string]store.Record{}
	}
	r.Version = 1
	w := *r
	w.Value = k.Clone(r.Value)
	rs.d.records[table][r.ID] = w
	return nil
}

func (rs racyRecords) Get(ctx context.Context, ws contact.WorkspaceID, k store.Kind, id string) (store.Record, error) {
	if k == nil {
		return store.Record{}, store.ErrInvalid
	}
	for _, r := range rs.all(ws, k, store.Query{}) {
		if r.ID == id {
			return r, nil
		}
	}
	return store.Record{}, store.ErrNotFound
}

func (rs racyRecords) List(ctx context.Context, ws contact.WorkspaceID, k store.Kind, q store.Query, p store.PageRequest) (store.Page[store.Record], error) {
	if k == nil || p.Cursor != "" {
		return store.Page[store.Record]{}, store.ErrInvalidCursor
	}
	return store.Page[store.Record]{Items: rs.all(ws, k, q)}, nil
}

func (racyRecords) Delete(context.Context, contact.WorkspaceID, store.Kind, string, int64) error {
	return errRacy
}

type racyHistory struct{}

func (racyHistory) Append(context.Context, contact.WorkspaceID, ...contact.Change) error {
	return errRacy
}

func (racyHistory) List(context.Context, contact.WorkspaceID, contact.ID, string, store.PageRequest) (store.Page[contact.Change], error) {
	return store.Page[contact.Change]{}, errRacy
}

func (racyHistory) Delete(context.Context, contact.WorkspaceID, contact.ID) error { return errRacy }
