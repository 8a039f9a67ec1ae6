package storetest_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// memOptions declares every capability of memstore.
func memOptions() *storetest.Options {
	return &storetest.Options{
		ParallelViews:           true,
		WorkspaceParallelWrites: true,
		Count:                   true,
		As:                      func() any { return new(*memstore.Tx) },
	}
}

func TestMemstore(t *testing.T) {
	storetest.RunWith(t, func(t *testing.T) store.Store { return memstore.New() }, memOptions())
}

// TestMemstoreShared runs the cases in parallel against one store, as an
// adapter sharing one database would: the cases must not see each other.
func TestMemstoreShared(t *testing.T) {
	s := memstore.New()
	o := memOptions()
	o.Parallel = true
	o.TimePrecision = time.Microsecond // exercised here; memstore keeps nanoseconds
	storetest.RunWith(t, func(t *testing.T) store.Store { return s }, o)
}

// TestExampleAdapter certifies the adapter of the whole-file example.
func TestExampleAdapter(t *testing.T) { certifyAuditStore(t) }

// TestRetrying checks the wrapper itself: fn runs twice, the first attempt
// rolled back; a failure of the first attempt is the answer; the Tx
// unwraps to the inner one.
func TestRetrying(t *testing.T) {
	ctx := t.Context()
	s := storetest.Retrying(memstore.New())
	c := contact.Contact{ID: contact.MustParseID("01908f4e-7a3b-7c1d-9e2f-3a4b5c6d7e8f"), Workspace: "ws", FirstName: "Ada"}
	calls := 0
	var inner []store.Tx
	err := s.Update(ctx, func(tx store.Tx) error {
		calls++
		u, ok := tx.(store.Unwrapper)
		if !ok {
			t.Errorf("the Tx of storetest.Retrying is a %T, want a store.Unwrapper", tx)
		} else {
			inner = append(inner, u.Unwrap())
		}
		w := c
		return tx.Contacts().Create(ctx, &w)
	})
	if err != nil || calls != 2 {
		t.Fatalf("storetest.Retrying(…).Update: got err %v after %d calls of fn, want nil after 2", err, calls)
	}
	if len(inner) == 2 && inner[0] == inner[1] {
		t.Errorf("storetest.Retrying(…).Update: both attempts ran in the same inner Tx, want two transactions")
	}
	err = s.View(ctx, func(tx store.Tx) error {
		got, err := tx.Contacts().Get(ctx, "ws", c.ID)
		if err == nil && got.Version != 1 {
			t.Errorf("after storetest.Retrying(…).Update created a contact: version %d, want 1 (the first attempt rolled back)", got.Version)
		}
		return err
	})
	if err != nil {
		t.Errorf("storetest.Retrying(…).View: got err %v, want nil", err)
	}
	calls = 0
	boom := errors.New("boom")
	if err := s.Update(ctx, func(store.Tx) error { calls++; return boom }); err != boom || calls != 1 {
		t.Errorf("storetest.Retrying(…).Update whose fn fails: got err %v after %d calls, want %v after 1", err, calls, boom)
	}
	calls = 0
	if err := s.View(ctx, func(store.Tx) error { calls++; return nil }); err != nil || calls != 2 {
		t.Errorf("storetest.Retrying(…).View: got err %v after %d calls, want nil after 2", err, calls)
	}
}

// The broken stores are wrappers around memstore, each breaking one rule of
// the contract. The suite must fail each of them, naming the rule.
//
// A *testing.T cannot be faked, so each runs in a subprocess: this test
// binary again, with only TestBrokenStore selected and brokenEnv naming the
// variant. The parent checks that the subprocess failed, which cases
// failed, and that their messages quote the rule.

const brokenEnv = "STORETEST_BROKEN_VARIANT"

type brokenVariant struct {
	name  string
	what  string // what the store gets wrong, for messages
	store func() store.Store
	opts  *storetest.Options
	// only, if set, names the cases to run (a -run pattern below
	// TestBrokenStore), for a store that implements little else.
	only string
	// want holds text the failure output must contain: the failing cases
	// and the words of the rule they quote.
	want []string
}

var brokenVariants = []brokenVariant{
	{
		name: "versions",
		what: "ignores versions (Contacts.Update and Records.Put overwrite whatever the version)",
		store: func() store.Store {
			return wrap(func(tx store.Tx) store.Tx {
				return wrappedTx{tx, versionBlindContacts{tx.Contacts()}, versionBlindRecords{tx.Records()}}
			})
		},
		want: []string{
			"--- FAIL: TestBrokenStore/Contacts/UpdateStaleVersion",
			"--- FAIL: TestBrokenStore/Concurrency/WritersAtOneVersion",
			"--- FAIL: TestBrokenStore/Records/enrollment/UpdateStaleVersion",
			"--- FAIL: TestBrokenStore/Retried/Contacts/UpdateStaleVersion",
			"Contacts.Update with a stale version (1, stored 2): got err <nil>, want store.ErrConflict",
			"Records.Put of a list with a stale version (1, stored 2): got err <nil>, want store.ErrConflict",
			"want exactly one, the others failing with store.ErrConflict (no update is ever lost)",
		},
	},
	{
		name: "aliases",
		what: "aliases values (hands out the Tags and Fields of the contacts, and the values of the records, it was given)",
		store: func() store.Store {
			h := &held{contacts: map[contact.ID]contact.Contact{}, records: map[string]any{}}
			return wrap(func(tx store.Tx) store.Tx {
				return wrappedTx{tx, aliasingContacts{tx.Contacts(), h}, aliasingRecords{tx.Records(), h}}
			})
		},
		want: []string{
			"--- FAIL: TestBrokenStore/Contacts/Copies",
			"--- FAIL: TestBrokenStore/Records/automation/Copies",
			"values crossing the seam are copies",
			"after the caller changed the Tags, Fields, Channels and other addresses of the contact it passed to Contacts.Create",
			"after the caller changed the value it passed to Records.Put, Records.Get returns a changed automation",
		},
	},
	{
		name: "workspaces",
		what: "leaks across workspaces (Contacts.Get and Records.Get look in every workspace)",
		store: func() store.Store {
			l := &leaks{home: map[string]contact.WorkspaceID{}}
			return wrap(func(tx store.Tx) store.Tx {
				return wrappedTx{tx, leakyContacts{tx.Contacts(), l}, leakyRecords{tx.Records(), l}}
			})
		},
		want: []string{
			"--- FAIL: TestBrokenStore/Isolation/OtherWorkspaceNotFound",
			"--- FAIL: TestBrokenStore/Records/tag/Isolation",
			"Contacts.Get from another workspace than the contact's: got err <nil>, want store.ErrNotFound",
			"Records.Get of a tag from another workspace than its own: got err <nil>, want store.ErrNotFound",
			"a record of another workspace behaves exactly as one that does not exist, creation included",
		},
	},
	{
		name:  "halfcommit",
		what:  "commits half a failed transaction (each call commits on its own)",
		store: func() store.Store { return halfCommit{memstore.New()} },
		want: []string{
			"--- FAIL: TestBrokenStore/Tx/RollbackOnError",
			"--- FAIL: TestBrokenStore/Tx/RollbackOnPanic",
			"after Store.Update whose fn returned an error, Contacts.Get of the contact the transaction created: got err <nil>, want store.ErrNotFound",
			"Records.Get of the enrollment the transaction deleted: got err",
			"a failed transaction must roll back",
		},
	},
	{
		name: "deletekeeps",
		what: "leaves a deleted contact findable by its keys (ContactQuery.Key falls back on the contacts it deleted)",
		store: func() store.Store {
			g := &graveyard{dead: map[string]contact.Contact{}}
			return wrap(func(tx store.Tx) store.Tx { return wrappedTx{tx, graveContacts{tx.Contacts(), g}, tx.Records()} })
		},
		want: []string{
			"--- FAIL: TestBrokenStore/Contacts/ListByKey",
			"--- FAIL: TestBrokenStore/Tx/CommitOnNil",
			"after Contacts.Delete of the contact, Contacts.List with ContactQuery{Key: \"email:grace@example.org\"}: got contacts",
			"a deleted contact is gone, keys included",
		},
	},
	{
		name: "serialworkspaces",
		what: "declares WorkspaceParallelWrites but runs every Update one at a time",
		store: func() store.Store {
			return serialUpdates{Store: memstore.New(), mu: new(sync.Mutex)}
		},
		opts: &storetest.Options{WorkspaceParallelWrites: true},
		want: []string{
			"--- FAIL: TestBrokenStore/Concurrency/WorkspaceParallelWrites",
			"Options.WorkspaceParallelWrites is declared, but a Store.Update in workspace B did not complete within 5s while a read-write transaction in workspace A was open: a slow transaction in one workspace must not delay a write in another",
		},
	},
	{
		name: "precedence",
		what: "checks the keys before the ID and refuses a version with ErrConflict on Contacts.Create, and checks a Unique key before the version on Records.Put",
		store: func() store.Store {
			return wrap(func(tx store.Tx) store.Tx {
				return wrappedTx{tx, keysFirstContacts{tx.Contacts()}, uniqueFirstRecords{tx.Records()}}
			})
		},
		want: []string{
			"--- FAIL: TestBrokenStore/Contacts/CreatePrecedence",
			"--- FAIL: TestBrokenStore/Records/enrollment/Precedence",
			"Contacts.Create with the ID of a stored contact and the email of another live contact: got a *store.TakenError",
			"a creation whose ID exists gives store.ErrAlreadyExists, whatever the keys",
			"Contacts.Create with Version 1 and the ID of a stored contact: got err keysfirst: create contact: version 1: store: conflict, want store.ErrInvalid",
			"Records.Put of a list with a stale version (1, stored 2) and the Unique key of another record: got err",
			"the version comes before the unique values",
		},
	},
	{
		name: "emptyworkspace",
		what: "answers a read with no workspace as a read of an empty one (not found, an empty page), as pgstore did",
		store: func() store.Store {
			return wrap(func(tx store.Tx) store.Tx {
				return wrappedTx{tx, blankContacts{tx.Contacts()}, blankRecords{tx.Records()}}
			})
		},
		want: []string{
			"--- FAIL: TestBrokenStore/Contacts/ReadPrecedence",
			"--- FAIL: TestBrokenStore/Records/list/ReadPrecedence",
			"--- FAIL: TestBrokenStore/Retried/Contacts/ReadPrecedence",
			"Contacts.Get in a transaction of View, with no workspace and the ID of a stored contact: got err blank: get contact",
			"Contacts.List with no workspace: got err <nil>, want store.ErrInvalid",
			"Records.Get of a list with no workspace and the ID of a stored record: got err blank: get list",
			"a malformed call is the caller's bug, reported before anything is read",
		},
	},
	{
		name:  "serialviews",
		what:  "declares ParallelViews but runs Views one at a time",
		store: func() store.Store { return serialViews{Store: memstore.New(), mu: new(sync.Mutex)} },
		opts:  &storetest.Options{ParallelViews: true},
		want: []string{
			"--- FAIL: TestBrokenStore/Concurrency/ParallelViews",
			"Options.ParallelViews is declared, but two Store.View calls did not run at the same time",
		},
	},
	{
		name:  "nocount",
		what:  "declares Count and As but offers neither",
		store: func() store.Store { return wrap(func(tx store.Tx) store.Tx { return plainTx{tx} }) },
		opts:  &storetest.Options{Count: true, As: func() any { return new(*memstore.Tx) }},
		want: []string{
			"--- FAIL: TestBrokenStore/Capabilities/Count",
			"--- FAIL: TestBrokenStore/Capabilities/As",
			"Options.Count is declared, but the Contacts of the Store's Tx",
			"store.As(tx, **memstore.Tx) in the Tx of Store.Update: got false, want true",
		},
	},
}

func TestBrokenStoresFail(t *testing.T) {
	if os.Getenv(brokenEnv) != "" {
		t.Skip("this is a broken-store subprocess")
	}
	if testing.Short() {
		t.Skip("runs the suite in a subprocess per broken store")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatalf("os.Executable: %v", err)
	}
	for _, v := range brokenVariants {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			run := "^TestBrokenStore$"
			if v.only != "" {
				run += "/" + v.only
			}
			cmd := exec.CommandContext(t.Context(), exe, "-test.run="+run, "-test.count=1", "-test.timeout=3m")
			cmd.Env = append(os.Environ(), brokenEnv+"="+v.name)
			out, err := cmd.CombinedOutput()
			output := string(out)
			if _, ok := errors.AsType[*exec.ExitError](err); !ok {
				t.Fatalf("the suite run against a store that %s: got err %v, want a failed test run; output:\n%s", v.what, err, output)
			}
			if strings.Contains(output, "panic:") {
				t.Errorf("the suite run against a store that %s panicked; want its cases to fail with messages; output:\n%s", v.what, output)
			}
			for _, w := range v.want {
				if !strings.Contains(output, w) {
					t.Errorf("the suite run against a store that %s: its output lacks %q; output:\n%s", v.what, w, output)
				}
			}
		})
	}
}

// TestBrokenStore runs the suite against the broken store named by
// brokenEnv; it is meant to fail, in a subprocess of TestBrokenStoresFail.
func TestBrokenStore(t *testing.T) {
	name := os.Getenv(brokenEnv)
	if name == "" {
		t.Skip("runs only as a subprocess of TestBrokenStoresFail, with " + brokenEnv + " set")
	}
	for _, v := range brokenVariants {
		if v.name == name {
			storetest.RunWith(t, func(*testing.T) store.Store { return v.store() }, v.opts)
			return
		}
	}
	t.Fatalf("%s=%q names no broken variant", brokenEnv, name)
}

// wrapped is a memstore whose transactions hand fn the Tx that tx makes of
// memstore's.
type wrapped struct {
	*memstore.Store
	tx func(store.Tx) store.Tx
}

func wrap(tx func(store.Tx) store.Tx) wrapped { return wrapped{memstore.New(), tx} }

func (s wrapped) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error { return fn(s.tx(tx)) })
}

func (s wrapped) View(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.View(ctx, func(tx store.Tx) error { return fn(s.tx(tx)) })
}

// wrappedTx is a Tx with its Contacts and Records replaced.
type wrappedTx struct {
	store.Tx
	contacts store.Contacts
	records  store.Records
}

func (t wrappedTx) Contacts() store.Contacts { return t.contacts }
func (t wrappedTx) Records() store.Records   { return t.records }
func (t wrappedTx) Unwrap() store.Tx         { return t.Tx }

// plainTx hides every optional capability of a Tx and of its Contacts.
type plainTx struct{ tx store.Tx }

func (t plainTx) Contacts() store.Contacts { return struct{ store.Contacts }{t.tx.Contacts()} }
func (t plainTx) Records() store.Records   { return t.tx.Records() }
func (t plainTx) History() store.History   { return t.tx.History() }

// versionBlind: Contacts.Update and Records.Put overwrite the stored record
// whatever the version they carry.
type versionBlindContacts struct{ store.Contacts }

func (c versionBlindContacts) Update(ctx context.Context, ct *contact.Contact) error {
	if cur, err := c.Contacts.Get(ctx, ct.Workspace, ct.ID); err == nil {
		ct.Version = cur.Version
	}
	return c.Contacts.Update(ctx, ct)
}

type versionBlindRecords struct{ store.Records }

func (rs versionBlindRecords) Put(ctx context.Context, ws contact.WorkspaceID, k store.Kind, r *store.Record) error {
	if r.Version != 0 {
		if cur, err := rs.Records.Get(ctx, ws, k, r.ID); err == nil {
			r.Version = cur.Version
		}
	}
	return rs.Records.Put(ctx, ws, k, r)
}

// keysFirstContacts: Contacts.Create refuses a Version with ErrConflict,
// then looks for a taken key before it looks at the ID.
type keysFirstContacts struct{ store.Contacts }

func (c keysFirstContacts) Create(ctx context.Context, ct *contact.Contact) error {
	if ct != nil && ct.Version != 0 {
		return fmt.Errorf("keysfirst: create contact: version %d: %w", ct.Version, store.ErrConflict)
	}
	if ct != nil && !ct.Trashed() {
		for _, k := range ct.Keys() {
			page, err := c.List(ctx, ct.Workspace, store.ContactQuery{Key: k}, store.PageRequest{})
			if err != nil {
				return err
			}
			for _, h := range page.Items {
				if h.ID != ct.ID {
					return &store.TakenError{Key: k, Owner: h.ID}
				}
			}
		}
	}
	return c.Contacts.Create(ctx, ct)
}

// uniqueFirstRecords: Records.Put looks for another record holding the
// Unique key before it looks at the ID and the version.
type uniqueFirstRecords struct{ store.Records }

func (rs uniqueFirstRecords) Put(ctx context.Context, ws contact.WorkspaceID, k store.Kind, r *store.Record) error {
	if r != nil && k != nil && r.Keys.Unique != "" {
		page, err := rs.List(ctx, ws, k, store.Query{Unique: r.Keys.Unique}, store.PageRequest{})
		if err != nil {
			return err
		}
		for _, h := range page.Items {
			if h.ID != r.ID {
				return fmt.Errorf("uniquefirst: put %s: %w", k.Name(), store.ErrAlreadyExists)
			}
		}
	}
	return rs.Records.Put(ctx, ws, k, r)
}

// blankContacts and blankRecords answer a read with no workspace as a read
// of a workspace that holds nothing: store.ErrNotFound from Get, an empty
// page from List.
type blankContacts struct{ store.Contacts }

func (c blankContacts) Get(ctx context.Context, ws contact.WorkspaceID, id contact.ID) (contact.Contact, error) {
	if ws == "" && ctx.Err() == nil {
		return contact.Contact{}, fmt.Errorf("blank: get contact %s: %w", id, store.ErrNotFound)
	}
	return c.Contacts.Get(ctx, ws, id)
}

func (c blankContacts) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	if ws == "" && ctx.Err() == nil {
		return store.Page[contact.Contact]{Items: []contact.Contact{}}, nil
	}
	return c.Contacts.List(ctx, ws, q, p)
}

type blankRecords struct{ store.Records }

func (rs blankRecords) Get(ctx context.Context, ws contact.WorkspaceID, k store.Kind, id string) (store.Record, error) {
	if ws == "" && k != nil && ctx.Err() == nil {
		return store.Record{}, fmt.Errorf("blank: get %s %s: %w", k.Name(), id, store.ErrNotFound)
	}
	return rs.Records.Get(ctx, ws, k, id)
}

func (rs blankRecords) List(ctx context.Context, ws contact.WorkspaceID, k store.Kind, q store.Query, p store.PageRequest) (store.Page[store.Record], error) {
	if ws == "" && ctx.Err() == nil {
		return store.Page[store.Record]{Items: []store.Record{}}, nil
	}
	return rs.Records.List(ctx, ws, k, q, p)
}

// held is what the aliasing store keeps of what it was given.
type held struct {
	mu       sync.Mutex
	contacts map[contact.ID]contact.Contact
	records  map[string]any
}

type aliasingContacts struct {
	store.Contacts
	h *held
}

func (a aliasingContacts) keep(c *contact.Contact) {
	a.h.mu.Lock()
	defer a.h.mu.Unlock()
	a.h.contacts[c.ID] = contact.Contact{Tags: c.Tags, Fields: c.Fields, Channels: c.Channels}
}

func (a aliasingContacts) share(c *contact.Contact) {
	a.h.mu.Lock()
	defer a.h.mu.Unlock()
	if k, ok := a.h.contacts[c.ID]; ok {
		c.Tags, c.Fields, c.Channels = k.Tags, k.Fields, k.Channels
	}
}

func (a aliasingContacts) Create(ctx context.Context, c *contact.Contact) error {
	err := a.Contacts.Create(ctx, c)
	if err == nil {
		a.keep(c)
	}
	return err
}

func (a aliasingContacts) Update(ctx context.Context, c *contact.Contact) error {
	err := a.Contacts.Update(ctx, c)
	if err == nil {
		a.keep(c)
	}
	return err
}

func (a aliasingContacts) Get(ctx context.Context, ws contact.WorkspaceID, id contact.ID) (contact.Contact, error) {
	c, err := a.Contacts.Get(ctx, ws, id)
	if err == nil {
		a.share(&c)
	}
	return c, err
}

type aliasingRecords struct {
	store.Records
	h *held
}

func (a aliasingRecords) Put(ctx context.Context, ws contact.WorkspaceID, k store.Kind, r *store.Record) error {
	err := a.Records.Put(ctx, ws, k, r)
	if err == nil {
		a.h.mu.Lock()
		a.h.records[string(ws)+"/"+k.Name()+"/"+r.ID] = r.Value
		a.h.mu.Unlock()
	}
	return err
}

func (a aliasingRecords) Get(ctx context.Context, ws contact.WorkspaceID, k store.Kind, id string) (store.Record, error) {
	r, err := a.Records.Get(ctx, ws, k, id)
	if err == nil {
		a.h.mu.Lock()
		if v, ok := a.h.records[string(ws)+"/"+k.Name()+"/"+id]; ok {
			r.Value = v
		}
		a.h.mu.Unlock()
	}
	return r, err
}

// leaks remembers the workspace of every contact and record written, and
// the leaky store's Get looks there when the asked workspace has nothing.
type leaks struct {
	mu   sync.Mutex
	home map[string]contact.WorkspaceID
}

func (l *leaks) set(key string, ws contact.WorkspaceID) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.home[key] = ws
}

func (l *leaks) get(key string) contact.WorkspaceID {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.home[key]
}

type leakyContacts struct {
	store.Contacts
	l *leaks
}

func (c leakyContacts) Create(ctx context.Context, ct *contact.Contact) error {
	err := c.Contacts.Create(ctx, ct)
	if err == nil {
		c.l.set(ct.ID.String(), ct.Workspace)
	}
	return err
}

func (c leakyContacts) Get(ctx context.Context, ws contact.WorkspaceID, id contact.ID) (contact.Contact, error) {
	got, err := c.Contacts.Get(ctx, ws, id)
	if errors.Is(err, store.ErrNotFound) {
		if home := c.l.get(id.String()); home != "" && home != ws {
			return c.Contacts.Get(ctx, home, id)
		}
	}
	return got, err
}

type leakyRecords struct {
	store.Records
	l *leaks
}

func (rs leakyRecords) Put(ctx context.Context, ws contact.WorkspaceID, k store.Kind, r *store.Record) error {
	err := rs.Records.Put(ctx, ws, k, r)
	if err == nil {
		rs.l.set(k.Name()+"/"+r.ID, ws)
	}
	return err
}

func (rs leakyRecords) Get(ctx context.Context, ws contact.WorkspaceID, k store.Kind, id string) (store.Record, error) {
	got, err := rs.Records.Get(ctx, ws, k, id)
	if errors.Is(err, store.ErrNotFound) {
		if home := rs.l.get(k.Name() + "/" + id); home != "" && home != ws {
			return rs.Records.Get(ctx, home, k, id)
		}
	}
	return got, err
}

// graveyard keeps the contacts that Contacts.Delete removed, and a Key
// query that finds nothing falls back on them.
type graveyard struct {
	mu   sync.Mutex
	dead map[string]contact.Contact // by key
}

type graveContacts struct {
	store.Contacts
	g *graveyard
}

func (c graveContacts) Delete(ctx context.Context, ws contact.WorkspaceID, id contact.ID, version int64) error {
	old, _ := c.Contacts.Get(ctx, ws, id)
	err := c.Contacts.Delete(ctx, ws, id, version)
	if err == nil {
		c.g.mu.Lock()
		for _, k := range old.Keys() {
			c.g.dead[string(ws)+"/"+k] = old
		}
		c.g.mu.Unlock()
	}
	return err
}

func (c graveContacts) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	page, err := c.Contacts.List(ctx, ws, q, p)
	if err == nil && q.Key != "" && len(page.Items) == 0 && p.Cursor == "" {
		c.g.mu.Lock()
		if dead, ok := c.g.dead[string(ws)+"/"+q.Key]; ok {
			page.Items = append(page.Items, dead)
		}
		c.g.mu.Unlock()
	}
	return page, err
}

// halfCommit runs every accessor call of a transaction in a memstore
// transaction of its own: what a failed transaction wrote before failing
// stays written.
type halfCommit struct{ *memstore.Store }

func (s halfCommit) Update(ctx context.Context, fn func(store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return fn(autoTx{s: s.Store})
}

type autoTx struct {
	s    *memstore.Store
	view bool // each write runs in a View of its own, and is refused
}

// write runs f in an Update of its own, or a View when tx.view.
func (tx autoTx) write(ctx context.Context, f func(store.Tx) error) error {
	if tx.view {
		return tx.s.View(ctx, f)
	}
	return tx.s.Update(ctx, f)
}

func (tx autoTx) Contacts() store.Contacts { return autoContacts(tx) }
func (tx autoTx) Records() store.Records   { return autoRecords(tx) }
func (tx autoTx) History() store.History   { return autoHistory(tx) }

// read runs f in a View of its own.
func read[T any](ctx context.Context, s *memstore.Store, f func(store.Tx) (T, error)) (T, error) {
	var v T
	err := s.View(ctx, func(tx store.Tx) error {
		var err error
		v, err = f(tx)
		return err
	})
	return v, err
}

type autoContacts autoTx

func (a autoContacts) Get(ctx context.Context, ws contact.WorkspaceID, id contact.ID) (contact.Contact, error) {
	return read(ctx, a.s, func(tx store.Tx) (contact.Contact, error) { return tx.Contacts().Get(ctx, ws, id) })
}

func (a autoContacts) Create(ctx context.Context, c *contact.Contact) error {
	return autoTx(a).write(ctx, func(tx store.Tx) error { return tx.Contacts().Create(ctx, c) })
}

func (a autoContacts) Update(ctx context.Context, c *contact.Contact) error {
	return autoTx(a).write(ctx, func(tx store.Tx) error { return tx.Contacts().Update(ctx, c) })
}

func (a autoContacts) Delete(ctx context.Context, ws contact.WorkspaceID, id contact.ID, version int64) error {
	return autoTx(a).write(ctx, func(tx store.Tx) error { return tx.Contacts().Delete(ctx, ws, id, version) })
}

func (a autoContacts) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	return read(ctx, a.s, func(tx store.Tx) (store.Page[contact.Contact], error) { return tx.Contacts().List(ctx, ws, q, p) })
}

type autoRecords autoTx

func (a autoRecords) Get(ctx context.Context, ws contact.WorkspaceID, k store.Kind, id string) (store.Record, error) {
	return read(ctx, a.s, func(tx store.Tx) (store.Record, error) { return tx.Records().Get(ctx, ws, k, id) })
}

func (a autoRecords) Put(ctx context.Context, ws contact.WorkspaceID, k store.Kind, r *store.Record) error {
	return autoTx(a).write(ctx, func(tx store.Tx) error { return tx.Records().Put(ctx, ws, k, r) })
}

func (a autoRecords) Delete(ctx context.Context, ws contact.WorkspaceID, k store.Kind, id string, version int64) error {
	return autoTx(a).write(ctx, func(tx store.Tx) error { return tx.Records().Delete(ctx, ws, k, id, version) })
}

func (a autoRecords) List(ctx context.Context, ws contact.WorkspaceID, k store.Kind, q store.Query, p store.PageRequest) (store.Page[store.Record], error) {
	return read(ctx, a.s, func(tx store.Tx) (store.Page[store.Record], error) { return tx.Records().List(ctx, ws, k, q, p) })
}

type autoHistory autoTx

func (a autoHistory) Append(ctx context.Context, ws contact.WorkspaceID, changes ...contact.Change) error {
	return autoTx(a).write(ctx, func(tx store.Tx) error { return tx.History().Append(ctx, ws, changes...) })
}

func (a autoHistory) List(ctx context.Context, ws contact.WorkspaceID, id contact.ID, fieldName string, p store.PageRequest) (store.Page[contact.Change], error) {
	return read(ctx, a.s, func(tx store.Tx) (store.Page[contact.Change], error) {
		return tx.History().List(ctx, ws, id, fieldName, p)
	})
}

func (a autoHistory) Delete(ctx context.Context, ws contact.WorkspaceID, id contact.ID) error {
	return autoTx(a).write(ctx, func(tx store.Tx) error { return tx.History().Delete(ctx, ws, id) })
}

// serialViews runs View transactions one at a time.
type serialViews struct {
	*memstore.Store
	mu *sync.Mutex
}

func (s serialViews) View(ctx context.Context, fn func(store.Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Store.View(ctx, fn)
}

// serialUpdates runs Update transactions one at a time, whatever their
// workspaces.
type serialUpdates struct {
	*memstore.Store
	mu *sync.Mutex
}

func (s serialUpdates) Update(ctx context.Context, fn func(store.Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Store.Update(ctx, fn)
}
