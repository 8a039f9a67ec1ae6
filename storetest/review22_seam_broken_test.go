package storetest_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// rv22seamVariants are more broken stores (see brokenVariants). Each passed
// the suite until it checked the clause the store breaks.
var rv22seamVariants = []brokenVariant{
	{
		name: "rv22seam-uniqueside",
		what: "keeps who holds each contact key and each Unique key in an index of its own, written at once and never rolled back (a uniqueness table outside the transaction)",
		store: func() store.Store {
			ix := &rv22seamClaims{held: map[string]string{}, of: map[string][]string{}}
			return wrapAccessors(func(cs store.Contacts) store.Contacts { return rv22seamClaimingContacts{cs, ix} },
				func(rs store.Records) store.Records { return rv22seamClaimingRecords{rs, ix} })()
		},
		only: "^Tx$",
		want: []string{
			"--- FAIL: TestBrokenStore/Tx/RollbackKeys",
			"after Store.Update whose fn failed, Contacts.Create of a contact with the email of a contact the transaction created (taken@rollback.example): got err",
			"after Store.Update whose fn failed, Records.Put creating a list with the Unique key of a record the transaction created (\"storetest-rollback-taken\"): got err",
			"after Store.Update whose fn failed, Records.Put creating a list with the Unique key a record took in the transaction (\"storetest-rollback-new\"): got err",
			"a record's Keys.Unique is held after a failed transaction by whoever held it before",
		},
	},
	{
		name: "rv22seam-lateindex",
		what: "lists by a key (a record's Contact, Parent, Status or Unique; a contact's tag, assignee or status) what was committed before the transaction: the records and contacts it created show only once it commits (an index written at the commit)",
		store: func() store.Store {
			return wrap(func(tx store.Tx) store.Tx {
				made := &rv22seamMade{ids: map[string]bool{}}
				return wrappedTx{tx, rv22seamLateContacts{tx.Contacts(), made}, rv22seamLateRecords{tx.Records(), made}}
			})
		},
		only: "^Tx$",
		want: []string{
			"--- FAIL: TestBrokenStore/Tx/ReadOwnWrites",
			"inside the transaction that wrote, Records.List with {Contact:",
			"a key of the membership the transaction created: listed false, err <nil>, want listed true",
			"of the contact the transaction created, by its tag: listed false, err <nil>, want listed true",
		},
	},
	{
		name:  "rv22seam-racyids",
		what:  "checks that a record's ID is free, then writes whatever is there, with no lock held in between, though it locks the creations of contacts and of records with a Unique key (a store of its own that implements little else)",
		store: func() store.Store { return rv22seamRacyIDs{newRacyStore(), &sync.Mutex{}} },
		only:  "^Concurrency$/^ClaimersOfOneKey$",
		want: []string{
			"--- FAIL: TestBrokenStore/Concurrency/ClaimersOfOneKey",
			"Records.Put creating list records with one ID, 8 writers at once: writers",
		},
	},
	{
		name: "rv22seam-liveanywhere",
		what: "keeps for Query.LiveContact the records of a contact live in any workspace (a join on the contact ID alone)",
		store: func() store.Store {
			live := &rv22seamLive{ids: map[contact.ID]bool{}}
			return wrapAccessors(func(cs store.Contacts) store.Contacts { return rv22seamLiveContacts{cs, live} },
				func(rs store.Records) store.Records { return rv22seamLiveRecords{rs, live} })()
		},
		only: "^Records$/^list$/^LiveContact$",
		want: []string{
			"--- FAIL: TestBrokenStore/Records/list/LiveContact",
			"LiveContact:true}: got",
			"LiveContact keeps only the records whose Keys.Contact is a live contact of the workspace",
		},
	},
	{
		name:  "rv22seam-foldedparent",
		what:  "compares Query.Parent as a case-insensitive collation does",
		store: wrapAccessors(nil, func(rs store.Records) store.Records { return rv22seamFoldedParent{rs} }),
		only:  "^Records$/^ByteOrder$",
		want: []string{
			"--- FAIL: TestBrokenStore/Records/ByteOrder",
			"Parent:b Status: Unique: LiveContact:false}, Limit 0: got IDs",
		},
	},
}

func init() { brokenVariants = append(brokenVariants, rv22seamVariants...) }

// rv22seamClaims is who holds each key, by workspace, kind ("" for the
// contacts) and key, and the keys each holder holds; it is written when a
// write succeeds and is never rolled back.
type rv22seamClaims struct {
	mu   sync.Mutex
	held map[string]string   // workspace/kind/key → holder
	of   map[string][]string // workspace/kind/holder → its keys
}

// claim checks that keys are free for id in ws and kind, without taking
// them; it returns the first one another holds, with its holder.
func (c *rv22seamClaims) claim(ws contact.WorkspaceID, kind, id string, keys []string) (key, holder string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		if h, ok := c.held[string(ws)+"/"+kind+"/"+k]; ok && h != id {
			return k, h
		}
	}
	return "", ""
}

// set makes keys those of id, releasing those it held.
func (c *rv22seamClaims) set(ws contact.WorkspaceID, kind, id string, keys []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	prefix := string(ws) + "/" + kind + "/"
	for _, k := range c.of[prefix+id] {
		if c.held[prefix+k] == id {
			delete(c.held, prefix+k)
		}
	}
	c.of[prefix+id] = keys
	for _, k := range keys {
		c.held[prefix+k] = id
	}
}

type rv22seamClaimingContacts struct {
	store.Contacts
	ix *rv22seamClaims
}

func rv22seamLiveKeys(c *contact.Contact) []string {
	if c.Trashed() {
		return nil
	}
	return c.Keys()
}

// write makes the write, then refuses it if the index says another holds
// one of its keys: the index agrees with the contacts but after a
// rollback, so the refusal comes after every error of the contract (and
// the transaction it fails rolls the write back).
func (cs rv22seamClaimingContacts) write(ctx context.Context, c *contact.Contact, write func(context.Context, *contact.Contact) error) error {
	if err := write(ctx, c); err != nil {
		return err
	}
	if key, holder := cs.ix.claim(c.Workspace, "", c.ID.String(), rv22seamLiveKeys(c)); key != "" {
		owner, _ := contact.ParseID(holder)
		return &store.TakenError{Key: key, Owner: owner}
	}
	cs.ix.set(c.Workspace, "", c.ID.String(), rv22seamLiveKeys(c))
	return nil
}

func (cs rv22seamClaimingContacts) Create(ctx context.Context, c *contact.Contact) error {
	return cs.write(ctx, c, cs.Contacts.Create)
}

func (cs rv22seamClaimingContacts) Update(ctx context.Context, c *contact.Contact) error {
	return cs.write(ctx, c, cs.Contacts.Update)
}

func (cs rv22seamClaimingContacts) Delete(ctx context.Context, ws contact.WorkspaceID, id contact.ID, version int64) error {
	if err := cs.Contacts.Delete(ctx, ws, id, version); err != nil {
		return err
	}
	cs.ix.set(ws, "", id.String(), nil)
	return nil
}

type rv22seamClaimingRecords struct {
	store.Records
	ix *rv22seamClaims
}

func (rs rv22seamClaimingRecords) Put(ctx context.Context, ws contact.WorkspaceID, k store.Kind, r *store.Record) error {
	if err := rs.Records.Put(ctx, ws, k, r); err != nil || r.Keys.Unique == "" {
		return err
	}
	if key, holder := rs.ix.claim(ws, k.Name(), r.ID, []string{r.Keys.Unique}); key != "" {
		return fmt.Errorf("uniqueside: put %s %q: %q holds %q: %w", k.Name(), r.ID, holder, key, store.ErrAlreadyExists)
	}
	rs.ix.set(ws, k.Name(), r.ID, []string{r.Keys.Unique})
	return nil
}

func (rs rv22seamClaimingRecords) Delete(ctx context.Context, ws contact.WorkspaceID, k store.Kind, id string, version int64) error {
	if err := rs.Records.Delete(ctx, ws, k, id, version); err != nil {
		return err
	}
	rs.ix.set(ws, k.Name(), id, nil)
	return nil
}

// rv22seamMade holds what one transaction created: contact IDs and
// kind/ID of records.
type rv22seamMade struct{ ids map[string]bool }

type rv22seamLateContacts struct {
	store.Contacts
	made *rv22seamMade
}

func (cs rv22seamLateContacts) Create(ctx context.Context, c *contact.Contact) error {
	if err := cs.Contacts.Create(ctx, c); err != nil {
		return err
	}
	cs.made.ids[c.ID.String()] = true
	return nil
}

func (cs rv22seamLateContacts) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	page, err := cs.Contacts.List(ctx, ws, q, p)
	if !q.Tag.IsZero() || q.Assignee != "" || q.Status != "" {
		page.Items = slices.DeleteFunc(page.Items, func(c contact.Contact) bool { return cs.made.ids[c.ID.String()] })
	}
	return page, err
}

type rv22seamLateRecords struct {
	store.Records
	made *rv22seamMade
}

func (rs rv22seamLateRecords) Put(ctx context.Context, ws contact.WorkspaceID, k store.Kind, r *store.Record) error {
	creates := r != nil && r.Version == 0
	if err := rs.Records.Put(ctx, ws, k, r); err != nil {
		return err
	}
	if creates {
		rs.made.ids[k.Name()+"/"+r.ID] = true
	}
	return nil
}

func (rs rv22seamLateRecords) List(ctx context.Context, ws contact.WorkspaceID, k store.Kind, q store.Query, p store.PageRequest) (store.Page[store.Record], error) {
	page, err := rs.Records.List(ctx, ws, k, q, p)
	if k != nil && q != (store.Query{}) {
		page.Items = slices.DeleteFunc(page.Items, func(r store.Record) bool { return rs.made.ids[k.Name()+"/"+r.ID] })
	}
	return page, err
}

// rv22seamRacyIDs is the racy store (see racyStore) made safe for the
// creations of contacts and of records with a Unique key, which it runs
// one at a time: only a record's ID is checked, then written, with no
// lock held in between.
type rv22seamRacyIDs struct {
	racyStore
	mu *sync.Mutex
}

func (s rv22seamRacyIDs) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.racyStore.Update(ctx, func(tx store.Tx) error { return fn(rv22seamRacyIDsTx{tx, s.mu}) })
}

func (s rv22seamRacyIDs) View(ctx context.Context, fn func(store.Tx) error) error {
	return s.Update(ctx, fn)
}

type rv22seamRacyIDsTx struct {
	store.Tx
	mu *sync.Mutex
}

func (tx rv22seamRacyIDsTx) Contacts() store.Contacts {
	return rv22seamLockedContacts{tx.Tx.Contacts(), tx.mu}
}

func (tx rv22seamRacyIDsTx) Records() store.Records {
	return rv22seamLockedUnique{tx.Tx.Records(), tx.mu}
}

type rv22seamLockedContacts struct {
	store.Contacts
	mu *sync.Mutex
}

func (cs rv22seamLockedContacts) Create(ctx context.Context, c *contact.Contact) error {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.Contacts.Create(ctx, c)
}

type rv22seamLockedUnique struct {
	store.Records
	mu *sync.Mutex
}

func (rs rv22seamLockedUnique) Put(ctx context.Context, ws contact.WorkspaceID, k store.Kind, r *store.Record) error {
	if r != nil && r.Keys.Unique != "" {
		rs.mu.Lock()
		defer rs.mu.Unlock()
	}
	return rs.Records.Put(ctx, ws, k, r)
}

// rv22seamLive holds, by contact ID alone, whether the contact last
// written with that ID, in any workspace, is live.
type rv22seamLive struct {
	mu  sync.Mutex
	ids map[contact.ID]bool
}

func (l *rv22seamLive) set(id contact.ID, live bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ids[id] = live
}

func (l *rv22seamLive) live(id contact.ID) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ids[id]
}

type rv22seamLiveContacts struct {
	store.Contacts
	live *rv22seamLive
}

func (cs rv22seamLiveContacts) Create(ctx context.Context, c *contact.Contact) error {
	if err := cs.Contacts.Create(ctx, c); err != nil {
		return err
	}
	cs.live.set(c.ID, !c.Trashed())
	return nil
}

func (cs rv22seamLiveContacts) Update(ctx context.Context, c *contact.Contact) error {
	if err := cs.Contacts.Update(ctx, c); err != nil {
		return err
	}
	cs.live.set(c.ID, !c.Trashed())
	return nil
}

func (cs rv22seamLiveContacts) Delete(ctx context.Context, ws contact.WorkspaceID, id contact.ID, version int64) error {
	if err := cs.Contacts.Delete(ctx, ws, id, version); err != nil {
		return err
	}
	cs.live.set(id, false)
	return nil
}

type rv22seamLiveRecords struct {
	store.Records
	live *rv22seamLive
}

func (rs rv22seamLiveRecords) List(ctx context.Context, ws contact.WorkspaceID, k store.Kind, q store.Query, p store.PageRequest) (store.Page[store.Record], error) {
	if !q.LiveContact {
		return rs.Records.List(ctx, ws, k, q, p)
	}
	q.LiveContact = false
	page, err := rs.Records.List(ctx, ws, k, q, p)
	page.Items = slices.DeleteFunc(page.Items, func(r store.Record) bool { return !rs.live.live(r.Keys.Contact) })
	return page, err
}

// rv22seamFoldedParent selects by Query.Parent whatever the case.
type rv22seamFoldedParent struct{ store.Records }

func (rs rv22seamFoldedParent) List(ctx context.Context, ws contact.WorkspaceID, k store.Kind, q store.Query, p store.PageRequest) (store.Page[store.Record], error) {
	parent := q.Parent
	if parent == "" {
		return rs.Records.List(ctx, ws, k, q, p)
	}
	q.Parent = ""
	page, err := rs.Records.List(ctx, ws, k, q, p)
	page.Items = slices.DeleteFunc(page.Items, func(r store.Record) bool { return !strings.EqualFold(r.Keys.Parent, parent) })
	return page, err
}
