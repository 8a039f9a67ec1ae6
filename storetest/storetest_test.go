package storetest_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
	"github.com/contactkit/contactkit/tag"
)

func TestMemstore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return memstore.New() })
}

// TestMemstoreShared runs the cases in parallel against one store, as an
// adapter sharing one database would: the cases must not see each other.
func TestMemstoreShared(t *testing.T) {
	s := memstore.New()
	storetest.RunWith(t, func(t *testing.T) store.Store { return s }, &storetest.Options{
		// Not ParallelViews: memstore runs Views at once only while no
		// Update waits, and here the other cases write all the time.
		Parallel:      true,
		TimePrecision: time.Microsecond, // exercised here; memstore keeps nanoseconds
	})
}

// TestExampleAdapter certifies the adapter of the whole-file example.
func TestExampleAdapter(t *testing.T) { certifyAuditStore(t) }

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
	// want holds text the failure output must contain: the failing cases
	// and the words of the rule they quote.
	want []string
}

var brokenVariants = []brokenVariant{
	{
		name:  "versions",
		what:  "ignores versions (Update overwrites whatever the version)",
		store: func() store.Store { return versionBlind{memstore.New()} },
		want: []string{
			"--- FAIL: TestBrokenStore/Contacts/UpdateStaleVersion",
			"--- FAIL: TestBrokenStore/Concurrency/WritersAtOneVersion",
			"Contacts.Update with a stale version (1, stored 2): got err <nil>, want store.ErrConflict",
			"want exactly one, the others failing with store.ErrConflict",
			"--- FAIL: TestBrokenStore/Enrollments/UpdateStaleVersion",
			"Enrollments.Update with a stale version (1, stored 2): got err <nil>, want store.ErrConflict",
		},
	},
	{
		name:  "aliases",
		what:  "aliases values (hands out the Tags and Fields it holds)",
		store: func() store.Store { return newAliasing() },
		want: []string{
			"--- FAIL: TestBrokenStore/Contacts/Copies",
			"values crossing the seam are copies",
			"after the caller changed the Tags, Fields and Channels of the contact it passed to Contacts.Create",
			"after the caller changed the Tags, Fields and Channels of a contact returned by Contacts.Get",
		},
	},
	{
		name:  "workspaces",
		what:  "leaks across workspaces (Get and ByEmail ignore the workspace)",
		store: func() store.Store { return newLeaky() },
		want: []string{
			"--- FAIL: TestBrokenStore/Isolation/ID",
			"--- FAIL: TestBrokenStore/Isolation/Email",
			"Contacts.Get from another workspace than the contact's: got err <nil>, want store.ErrNotFound",
			"Contacts.ByEmail from another workspace than the contact's",
			"a record of another workspace behaves exactly as one that does not exist (P1)",
		},
	},
	{
		name:  "halfcommit",
		what:  "commits half a failed transaction (each call commits on its own)",
		store: func() store.Store { return halfCommit{memstore.New()} },
		want: []string{
			"--- FAIL: TestBrokenStore/Tx/RollbackOnError",
			"--- FAIL: TestBrokenStore/Tx/RollbackOnPanic",
			"--- FAIL: TestBrokenStore/Tx/NoDirtyReads",
			"--- FAIL: TestBrokenStore/Tx/RollbackEngagement",
			"the idempotency key of the enrollment it created (Enrollments.ByKey) is visible",
			"after Store.Update whose fn returned an error, Contacts.ByEmail of the contact it erased",
			"the records of the contact it erased, Enrollments.ByKey of the contact's idempotency key",
			"after Store.Update whose fn returned an error, the contact it created is visible",
			"a failed transaction must roll back",
		},
	},
	{
		name:  "trashlookup",
		what:  "finds contacts in the trash by email and phone (ByEmail and ByPhone fall back on them)",
		store: func() store.Store { return trashLookup{memstore.New()} },
		want: []string{
			"--- FAIL: TestBrokenStore/Trash/ByEmailAndPhoneIgnoreTrashed",
			"Contacts.ByEmail of the email of a contact moved to the trash: got contact",
			"Contacts.ByPhone of the phone of a contact created in the trash: got contact",
			"ByEmail and ByPhone return the live contact only",
		},
	},
	{
		name:  "erasekeeps",
		what:  "leaves the activities of an erased contact",
		store: func() store.Store { return eraseKeeps{memstore.New()} },
		want: []string{
			"--- FAIL: TestBrokenStore/Erase/Dependents",
			"--- FAIL: TestBrokenStore/Tx/CommitOnNil",
			"after Contacts.Erase of a contact, Activities.Timeline of the contact: got 2 activities, want an empty page",
			"Erase removes every record the store holds for the contact: its activities",
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
			cmd := exec.CommandContext(t.Context(), exe, "-test.run=^TestBrokenStore$", "-test.count=1", "-test.timeout=2m")
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

// versionBlind ignores versions: Contacts.Update and Enrollments.Update
// overwrite the stored record whatever the version it carries.
type versionBlind struct{ *memstore.Store }

func (s versionBlind) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error { return fn(versionBlindTx{tx}) })
}

type versionBlindTx struct{ store.Tx }

func (tx versionBlindTx) Contacts() store.Contacts { return versionBlindContacts{tx.Tx.Contacts()} }

func (tx versionBlindTx) Enrollments() store.Enrollments {
	return versionBlindEnrollments{tx.Tx.Enrollments()}
}

type versionBlindContacts struct{ store.Contacts }

func (c versionBlindContacts) Update(ctx context.Context, ct *contact.Contact) error {
	if cur, err := c.Contacts.Get(ctx, ct.Workspace, ct.ID); err == nil {
		ct.Version = cur.Version
	}
	return c.Contacts.Update(ctx, ct)
}

type versionBlindEnrollments struct{ store.Enrollments }

func (s versionBlindEnrollments) Update(ctx context.Context, ws contact.WorkspaceID, e *automation.Enrollment) error {
	if cur, err := s.Enrollments.Get(ctx, ws, e.ID); err == nil {
		e.Version = cur.Version
	}
	return s.Enrollments.Update(ctx, ws, e)
}

// aliasing keeps the Tags, Fields and Channels of the contacts it was given and hands
// them out again: callers share them with the store.
type aliasing struct {
	*memstore.Store
	mu   sync.Mutex
	held map[contact.ID]contact.Contact
}

func newAliasing() *aliasing {
	return &aliasing{Store: memstore.New(), held: make(map[contact.ID]contact.Contact)}
}

func (s *aliasing) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error { return fn(aliasingTx{tx, s}) })
}

func (s *aliasing) View(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.View(ctx, func(tx store.Tx) error { return fn(aliasingTx{tx, s}) })
}

func (s *aliasing) keep(c *contact.Contact) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.held[c.ID] = contact.Contact{Tags: c.Tags, Fields: c.Fields}
}

func (s *aliasing) share(c *contact.Contact) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h, ok := s.held[c.ID]; ok {
		c.Tags, c.Fields = h.Tags, h.Fields
	}
}

type aliasingTx struct {
	store.Tx
	s *aliasing
}

func (tx aliasingTx) Contacts() store.Contacts { return aliasingContacts{tx.Tx.Contacts(), tx.s} }

type aliasingContacts struct {
	store.Contacts
	s *aliasing
}

func (a aliasingContacts) Create(ctx context.Context, c *contact.Contact) error {
	err := a.Contacts.Create(ctx, c)
	if err == nil {
		a.s.keep(c)
	}
	return err
}

func (a aliasingContacts) Update(ctx context.Context, c *contact.Contact) error {
	err := a.Contacts.Update(ctx, c)
	if err == nil {
		a.s.keep(c)
	}
	return err
}

func (a aliasingContacts) Get(ctx context.Context, ws contact.WorkspaceID, id contact.ID) (contact.Contact, error) {
	c, err := a.Contacts.Get(ctx, ws, id)
	if err == nil {
		a.s.share(&c)
	}
	return c, err
}

func (a aliasingContacts) ByEmail(ctx context.Context, ws contact.WorkspaceID, e contact.Email) (contact.Contact, error) {
	c, err := a.Contacts.ByEmail(ctx, ws, e)
	if err == nil {
		a.s.share(&c)
	}
	return c, err
}

// leaky finds contacts of every workspace in Get and ByEmail.
type leaky struct {
	*memstore.Store
	mu     sync.Mutex
	home   map[contact.ID]contact.WorkspaceID
	emails map[contact.Email][]contact.WorkspaceID
}

func newLeaky() *leaky {
	return &leaky{
		Store:  memstore.New(),
		home:   make(map[contact.ID]contact.WorkspaceID),
		emails: make(map[contact.Email][]contact.WorkspaceID),
	}
}

func (s *leaky) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error { return fn(leakyTx{tx, s}) })
}

func (s *leaky) View(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.View(ctx, func(tx store.Tx) error { return fn(leakyTx{tx, s}) })
}

func (s *leaky) record(c *contact.Contact) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.home[c.ID] = c.Workspace
	if !c.Email.IsZero() {
		s.emails[c.Email] = append(s.emails[c.Email], c.Workspace)
	}
}

func (s *leaky) lookup(id contact.ID, e contact.Email) (contact.WorkspaceID, []contact.WorkspaceID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.home[id], append([]contact.WorkspaceID(nil), s.emails[e]...)
}

type leakyTx struct {
	store.Tx
	s *leaky
}

func (tx leakyTx) Contacts() store.Contacts { return leakyContacts{tx.Tx.Contacts(), tx.s} }

type leakyContacts struct {
	store.Contacts
	s *leaky
}

func (l leakyContacts) Create(ctx context.Context, c *contact.Contact) error {
	err := l.Contacts.Create(ctx, c)
	if err == nil {
		l.s.record(c)
	}
	return err
}

func (l leakyContacts) Update(ctx context.Context, c *contact.Contact) error {
	err := l.Contacts.Update(ctx, c)
	if err == nil {
		l.s.record(c)
	}
	return err
}

func (l leakyContacts) Get(ctx context.Context, ws contact.WorkspaceID, id contact.ID) (contact.Contact, error) {
	c, err := l.Contacts.Get(ctx, ws, id)
	if errors.Is(err, store.ErrNotFound) {
		if home, _ := l.s.lookup(id, contact.Email{}); home != "" {
			return l.Contacts.Get(ctx, home, id)
		}
	}
	return c, err
}

func (l leakyContacts) ByEmail(ctx context.Context, ws contact.WorkspaceID, e contact.Email) (contact.Contact, error) {
	c, err := l.Contacts.ByEmail(ctx, ws, e)
	if errors.Is(err, store.ErrNotFound) {
		_, others := l.s.lookup(contact.ID{}, e)
		for _, other := range others {
			if found, err := l.Contacts.ByEmail(ctx, other, e); err == nil {
				return found, nil
			}
		}
	}
	return c, err
}

// halfCommit runs every accessor call of a transaction in a memstore
// transaction of its own: what a failed transaction wrote before failing
// stays written.
type halfCommit struct{ *memstore.Store }

func (s halfCommit) Update(ctx context.Context, fn func(store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return fn(autoTx{s.Store})
}

type autoTx struct{ s *memstore.Store }

func (tx autoTx) Contacts() store.Contacts       { return autoContacts(tx) }
func (tx autoTx) Fields() store.Fields           { return autoFields(tx) }
func (tx autoTx) Tags() store.Tags               { return autoTags(tx) }
func (tx autoTx) History() store.History         { return autoHistory(tx) }
func (tx autoTx) Lists() store.Lists             { return autoLists(tx) }
func (tx autoTx) Memberships() store.Memberships { return autoMemberships(tx) }
func (tx autoTx) Consent() store.Consent         { return autoConsent(tx) }
func (tx autoTx) Automations() store.Automations { return autoAutomations(tx) }
func (tx autoTx) Enrollments() store.Enrollments { return autoEnrollments(tx) }
func (tx autoTx) Activities() store.Activities   { return autoActivities(tx) }

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
	return a.s.Update(ctx, func(tx store.Tx) error { return tx.Contacts().Create(ctx, c) })
}

func (a autoContacts) Update(ctx context.Context, c *contact.Contact) error {
	return a.s.Update(ctx, func(tx store.Tx) error { return tx.Contacts().Update(ctx, c) })
}

func (a autoContacts) ByEmail(ctx context.Context, ws contact.WorkspaceID, e contact.Email) (contact.Contact, error) {
	return read(ctx, a.s, func(tx store.Tx) (contact.Contact, error) { return tx.Contacts().ByEmail(ctx, ws, e) })
}

func (a autoContacts) ByPhone(ctx context.Context, ws contact.WorkspaceID, p contact.Phone) (contact.Contact, error) {
	return read(ctx, a.s, func(tx store.Tx) (contact.Contact, error) { return tx.Contacts().ByPhone(ctx, ws, p) })
}

func (a autoContacts) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	return read(ctx, a.s, func(tx store.Tx) (store.Page[contact.Contact], error) { return tx.Contacts().List(ctx, ws, q, p) })
}

func (a autoContacts) Erase(ctx context.Context, ws contact.WorkspaceID, id contact.ID) error {
	return a.s.Update(ctx, func(tx store.Tx) error { return tx.Contacts().Erase(ctx, ws, id) })
}

type autoFields autoTx

func (a autoFields) Get(ctx context.Context, ws contact.WorkspaceID, k field.Key) (field.Definition, error) {
	return read(ctx, a.s, func(tx store.Tx) (field.Definition, error) { return tx.Fields().Get(ctx, ws, k) })
}

func (a autoFields) List(ctx context.Context, ws contact.WorkspaceID) ([]field.Definition, error) {
	return read(ctx, a.s, func(tx store.Tx) ([]field.Definition, error) { return tx.Fields().List(ctx, ws) })
}

func (a autoFields) Create(ctx context.Context, ws contact.WorkspaceID, d *field.Definition) error {
	return a.s.Update(ctx, func(tx store.Tx) error { return tx.Fields().Create(ctx, ws, d) })
}

func (a autoFields) Update(ctx context.Context, ws contact.WorkspaceID, d *field.Definition) error {
	return a.s.Update(ctx, func(tx store.Tx) error { return tx.Fields().Update(ctx, ws, d) })
}

type autoTags autoTx

func (a autoTags) Get(ctx context.Context, ws contact.WorkspaceID, n tag.Name) (tag.Tag, error) {
	return read(ctx, a.s, func(tx store.Tx) (tag.Tag, error) { return tx.Tags().Get(ctx, ws, n) })
}

func (a autoTags) Create(ctx context.Context, ws contact.WorkspaceID, tg tag.Tag) error {
	return a.s.Update(ctx, func(tx store.Tx) error { return tx.Tags().Create(ctx, ws, tg) })
}

func (a autoTags) Delete(ctx context.Context, ws contact.WorkspaceID, n tag.Name) error {
	return a.s.Update(ctx, func(tx store.Tx) error { return tx.Tags().Delete(ctx, ws, n) })
}

func (a autoTags) List(ctx context.Context, ws contact.WorkspaceID, p store.PageRequest) (store.Page[tag.Tag], error) {
	return read(ctx, a.s, func(tx store.Tx) (store.Page[tag.Tag], error) { return tx.Tags().List(ctx, ws, p) })
}

type autoHistory autoTx

func (a autoHistory) Append(ctx context.Context, ws contact.WorkspaceID, changes ...contact.Change) error {
	return a.s.Update(ctx, func(tx store.Tx) error { return tx.History().Append(ctx, ws, changes...) })
}

func (a autoHistory) List(ctx context.Context, ws contact.WorkspaceID, id contact.ID, fieldName string, p store.PageRequest) (store.Page[contact.Change], error) {
	return read(ctx, a.s, func(tx store.Tx) (store.Page[contact.Change], error) {
		return tx.History().List(ctx, ws, id, fieldName, p)
	})
}

type autoLists autoTx

func (a autoLists) Get(ctx context.Context, ws contact.WorkspaceID, id list.ID) (list.List, error) {
	return read(ctx, a.s, func(tx store.Tx) (list.List, error) { return tx.Lists().Get(ctx, ws, id) })
}

func (a autoLists) Create(ctx context.Context, ws contact.WorkspaceID, l *list.List) error {
	return a.s.Update(ctx, func(tx store.Tx) error { return tx.Lists().Create(ctx, ws, l) })
}

func (a autoLists) Update(ctx context.Context, ws contact.WorkspaceID, l *list.List) error {
	return a.s.Update(ctx, func(tx store.Tx) error { return tx.Lists().Update(ctx, ws, l) })
}

func (a autoLists) List(ctx context.Context, ws contact.WorkspaceID, p store.PageRequest) (store.Page[list.List], error) {
	return read(ctx, a.s, func(tx store.Tx) (store.Page[list.List], error) { return tx.Lists().List(ctx, ws, p) })
}

type autoMemberships autoTx

func (a autoMemberships) Get(ctx context.Context, ws contact.WorkspaceID, l list.ID, c contact.ID) (list.Membership, error) {
	return read(ctx, a.s, func(tx store.Tx) (list.Membership, error) { return tx.Memberships().Get(ctx, ws, l, c) })
}

func (a autoMemberships) Put(ctx context.Context, ws contact.WorkspaceID, m *list.Membership) error {
	return a.s.Update(ctx, func(tx store.Tx) error { return tx.Memberships().Put(ctx, ws, m) })
}

func (a autoMemberships) List(ctx context.Context, ws contact.WorkspaceID, q store.MembershipQuery, p store.PageRequest) (store.Page[list.Membership], error) {
	return read(ctx, a.s, func(tx store.Tx) (store.Page[list.Membership], error) { return tx.Memberships().List(ctx, ws, q, p) })
}

type autoConsent autoTx

func (a autoConsent) Get(ctx context.Context, ws contact.WorkspaceID, addr list.Address) (list.Consent, error) {
	return read(ctx, a.s, func(tx store.Tx) (list.Consent, error) { return tx.Consent().Get(ctx, ws, addr) })
}

func (a autoConsent) Put(ctx context.Context, ws contact.WorkspaceID, c *list.Consent) error {
	return a.s.Update(ctx, func(tx store.Tx) error { return tx.Consent().Put(ctx, ws, c) })
}

type autoAutomations autoTx

func (a autoAutomations) Get(ctx context.Context, ws contact.WorkspaceID, id automation.ID) (automation.Automation, error) {
	return read(ctx, a.s, func(tx store.Tx) (automation.Automation, error) { return tx.Automations().Get(ctx, ws, id) })
}

func (a autoAutomations) Create(ctx context.Context, ws contact.WorkspaceID, au *automation.Automation) error {
	return a.s.Update(ctx, func(tx store.Tx) error { return tx.Automations().Create(ctx, ws, au) })
}

func (a autoAutomations) Update(ctx context.Context, ws contact.WorkspaceID, au *automation.Automation) error {
	return a.s.Update(ctx, func(tx store.Tx) error { return tx.Automations().Update(ctx, ws, au) })
}

func (a autoAutomations) List(ctx context.Context, ws contact.WorkspaceID, p store.PageRequest) (store.Page[automation.Automation], error) {
	return read(ctx, a.s, func(tx store.Tx) (store.Page[automation.Automation], error) { return tx.Automations().List(ctx, ws, p) })
}

func (a autoAutomations) Triggered(ctx context.Context, ws contact.WorkspaceID, o automation.Occurrence) ([]automation.Automation, error) {
	return read(ctx, a.s, func(tx store.Tx) ([]automation.Automation, error) { return tx.Automations().Triggered(ctx, ws, o) })
}

type autoEnrollments autoTx

func (a autoEnrollments) Get(ctx context.Context, ws contact.WorkspaceID, id automation.EnrollmentID) (automation.Enrollment, error) {
	return read(ctx, a.s, func(tx store.Tx) (automation.Enrollment, error) { return tx.Enrollments().Get(ctx, ws, id) })
}

func (a autoEnrollments) Create(ctx context.Context, ws contact.WorkspaceID, en *automation.Enrollment) error {
	return a.s.Update(ctx, func(tx store.Tx) error { return tx.Enrollments().Create(ctx, ws, en) })
}

func (a autoEnrollments) Update(ctx context.Context, ws contact.WorkspaceID, en *automation.Enrollment) error {
	return a.s.Update(ctx, func(tx store.Tx) error { return tx.Enrollments().Update(ctx, ws, en) })
}

func (a autoEnrollments) ByKey(ctx context.Context, ws contact.WorkspaceID, au automation.ID, key string) (automation.Enrollment, error) {
	return read(ctx, a.s, func(tx store.Tx) (automation.Enrollment, error) { return tx.Enrollments().ByKey(ctx, ws, au, key) })
}

func (a autoEnrollments) List(ctx context.Context, ws contact.WorkspaceID, q store.EnrollmentQuery, p store.PageRequest) (store.Page[automation.Enrollment], error) {
	return read(ctx, a.s, func(tx store.Tx) (store.Page[automation.Enrollment], error) {
		return tx.Enrollments().List(ctx, ws, q, p)
	})
}

type autoActivities autoTx

func (a autoActivities) Get(ctx context.Context, ws contact.WorkspaceID, id activity.ID) (activity.Activity, error) {
	return read(ctx, a.s, func(tx store.Tx) (activity.Activity, error) { return tx.Activities().Get(ctx, ws, id) })
}

func (a autoActivities) Create(ctx context.Context, ws contact.WorkspaceID, ac *activity.Activity) error {
	return a.s.Update(ctx, func(tx store.Tx) error { return tx.Activities().Create(ctx, ws, ac) })
}

func (a autoActivities) Update(ctx context.Context, ws contact.WorkspaceID, ac *activity.Activity) error {
	return a.s.Update(ctx, func(tx store.Tx) error { return tx.Activities().Update(ctx, ws, ac) })
}

func (a autoActivities) Timeline(ctx context.Context, ws contact.WorkspaceID, c contact.ID, f activity.Filter, p store.PageRequest) (store.Page[activity.Activity], error) {
	return read(ctx, a.s, func(tx store.Tx) (store.Page[activity.Activity], error) {
		return tx.Activities().Timeline(ctx, ws, c, f, p)
	})
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

// trashLookup finds contacts in the trash: when Contacts.ByEmail or
// Contacts.ByPhone finds no live contact, it returns one in the trash with
// that email or phone.
type trashLookup struct{ *memstore.Store }

func (s trashLookup) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error { return fn(trashLookupTx{tx}) })
}

func (s trashLookup) View(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.View(ctx, func(tx store.Tx) error { return fn(trashLookupTx{tx}) })
}

type trashLookupTx struct{ store.Tx }

func (tx trashLookupTx) Contacts() store.Contacts { return trashLookupContacts{tx.Tx.Contacts()} }

type trashLookupContacts struct{ store.Contacts }

// inTrash returns the first contact of ws in the trash for which match is
// true.
func (c trashLookupContacts) inTrash(ctx context.Context, ws contact.WorkspaceID, match func(*contact.Contact) bool) (contact.Contact, error) {
	for found, err := range store.All(ctx, 100, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Contact], error) {
		return c.Contacts.List(ctx, ws, store.ContactQuery{Trashed: true}, p)
	}) {
		if err != nil {
			return contact.Contact{}, err
		}
		if match(&found) {
			return found, nil
		}
	}
	return contact.Contact{}, store.ErrNotFound
}

func (c trashLookupContacts) ByEmail(ctx context.Context, ws contact.WorkspaceID, e contact.Email) (contact.Contact, error) {
	found, err := c.Contacts.ByEmail(ctx, ws, e)
	if errors.Is(err, store.ErrNotFound) && !e.IsZero() {
		return c.inTrash(ctx, ws, func(x *contact.Contact) bool { return x.Email == e })
	}
	return found, err
}

func (c trashLookupContacts) ByPhone(ctx context.Context, ws contact.WorkspaceID, p contact.Phone) (contact.Contact, error) {
	found, err := c.Contacts.ByPhone(ctx, ws, p)
	if errors.Is(err, store.ErrNotFound) && !p.IsZero() {
		return c.inTrash(ctx, ws, func(x *contact.Contact) bool { return x.Phone == p })
	}
	return found, err
}

// eraseKeeps leaves the activities of an erased contact: Contacts.Erase
// puts them back, in the same transaction, once the contact is gone.
type eraseKeeps struct{ *memstore.Store }

func (s eraseKeeps) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error { return fn(eraseKeepsTx{tx}) })
}

type eraseKeepsTx struct{ store.Tx }

func (tx eraseKeepsTx) Contacts() store.Contacts { return eraseKeepsContacts{tx.Tx.Contacts(), tx.Tx} }

type eraseKeepsContacts struct {
	store.Contacts
	tx store.Tx
}

func (c eraseKeepsContacts) Erase(ctx context.Context, ws contact.WorkspaceID, id contact.ID) error {
	var kept []activity.Activity
	for a, err := range store.All(ctx, 100, func(ctx context.Context, p store.PageRequest) (store.Page[activity.Activity], error) {
		return c.tx.Activities().Timeline(ctx, ws, id, activity.Filter{}, p)
	}) {
		if err != nil {
			return err
		}
		kept = append(kept, a)
	}
	if err := c.Contacts.Erase(ctx, ws, id); err != nil {
		return err
	}
	for _, a := range kept {
		a.Version = 0
		if err := c.tx.Activities().Create(ctx, ws, &a); err != nil {
			return err
		}
	}
	return nil
}
