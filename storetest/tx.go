package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// errFn is the error the cases' transaction functions fail with: Update and
// View must return it unchanged.
var errFn = errors.New("storetest: the transaction function failed on purpose")

// Rules quoted by the transaction cases.
const (
	ruleRollback = "a failed transaction must roll back: nothing fn wrote is visible to anyone"
	ruleReadOnly = "a read-only transaction (View) writes nothing"
	ruleDoneCtx  = "a method called with a done context writes nothing"
	ruleDoneFn   = "if ctx is done when fn returns nil, Update rolls back and returns ctx.Err(), unwrapped: nothing fn wrote is visible to anyone"
	ruleTxDone   = "fn must not retain tx: a Tx used after its function returned reads and writes nothing"
	ruleCommit   = "a transaction whose fn returns nil commits everything fn wrote"
	ruleUsable   = "an error of the contract (store.ErrNotFound, store.ErrConflict, store.ErrAlreadyExists, …) leaves the transaction usable: fn may go on, and when it returns nil everything it wrote, before and after the refused calls, commits"
	ruleSnapshot = "View runs fn in a read-only transaction that sees one consistent state: a write committed while it is open is seen by none of its reads, or by all"
)

func txCases() []testCase {
	return []testCase{
		{name: "Tx/CommitOnNil", run: testTxCommitOnNil},
		{name: "Tx/RollbackOnError", run: testTxRollbackOnError},
		{name: "Tx/RollbackOnPanic", run: testTxRollbackOnPanic},
		{name: "Tx/RollbackKeys", run: testTxRollbackKeys},
		{name: "Tx/ReadOwnWrites", run: testTxReadOwnWrites},
		{name: "Tx/UsableAfterRefusal", run: testTxUsableAfterRefusal},
		{name: "Tx/ViewConsistent", run: testTxViewConsistent},
		{name: "Tx/NoDirtyReads", once: true, run: testTxNoDirtyReads},
		{name: "Tx/ViewIsReadOnly", run: testTxViewIsReadOnly},
		{name: "Tx/ViewReturnsError", run: testTxViewReturnsError},
		{name: "Tx/UseAfterEnd", run: testTxUseAfterEnd},
		{name: "Context/Cancelled", run: testContextCancelled},
		{name: "Context/CancelledAccessors", run: testContextCancelledAccessors},
		{name: "Context/CancelledDuringFn", run: testContextCancelledDuringFn},
	}
}

// kindFixture is, for one Kind, a record stored that a transaction
// updates, one stored that it deletes, and one it creates.
type kindFixture struct {
	s                sampler
	old, gone, fresh store.Record
}

// txFixture is one record of each aggregate already stored in a workspace,
// and one of each that a transaction will write.
type txFixture struct {
	g        *world
	ws       contact.WorkspaceID
	existing contact.Contact // stored, version 1; the transaction updates it
	created  contact.Contact // the transaction creates it
	doomed   contact.Contact // stored, version 1, with history; the transaction deletes it
	change   contact.Change  // appended to existing's history by the transaction
	history  []contact.Change
	kinds    []kindFixture
}

// The value the transaction writes over the stored contact's first name.
const changedName = "Changed in fn"

// txSetup stores the "old" records of a txFixture.
func (e *env) txSetup(t *testing.T) *txFixture {
	t.Helper()
	ctx := t.Context()
	g := e.newWorld(t, worldContacts)
	f := &txFixture{g: g, ws: g.ws, existing: e.person(g.ws, "Ada", "Lovelace"), created: e.fullContact(t, g.ws), doomed: e.person(g.ws, "Doomed", "Contact")}
	f.existing.Email, f.existing.Phone = mustEmail(t, "existing@example.org"), phoneN(t, 99)
	f.doomed.Email, f.doomed.Phone = mustEmail(t, "doomed@example.org"), phoneN(t, 98)
	f.change = e.change(f.existing.ID, contact.FieldFirstName, "Ada", changedName, 1)
	f.history = []contact.Change{e.change(f.doomed.ID, contact.FieldCity, "", "Lyon", 2), e.change(f.doomed.ID, contact.FieldCity, "Lyon", "Nice", 3)}
	for _, s := range samplers() {
		f.kinds = append(f.kinds, kindFixture{s: s, old: s.sample(e, t, g, 0), gone: s.sample(e, t, g, 1), fresh: s.sample(e, t, g, 2)})
	}
	e.createAll(t, []contact.Contact{f.existing, f.doomed})
	f.existing.Version, f.doomed.Version = 1, 1
	e.update(t, "setup: Records.Put of every kind and History.Append", func(tx store.Tx) error {
		for _, kf := range f.kinds {
			for _, r := range []store.Record{kf.old, kf.gone} {
				if err := tx.Records().Put(ctx, f.ws, kf.s.kind(), &r); err != nil {
					return fmt.Errorf("Records.Put of a %s: %w", kf.s.kind().Name(), err)
				}
			}
		}
		return tx.History().Append(ctx, f.ws, f.history...)
	})
	for i := range f.kinds {
		f.kinds[i].old.Version, f.kinds[i].gone.Version = 1, 1
	}
	return f
}

// op is one call of an accessor method.
type op struct {
	name string
	do   func(ctx context.Context, tx store.Tx) error
}

// writes returns one call of every write method of every accessor, for
// every kind, each of which succeeds in a read-write transaction with a
// live context.
func (f *txFixture) writes() []op {
	ops := []op{
		{"Contacts.Create", func(ctx context.Context, tx store.Tx) error {
			c := f.created.Clone()
			return tx.Contacts().Create(ctx, &c)
		}},
		{"Contacts.Update", func(ctx context.Context, tx store.Tx) error {
			c := f.existing.Clone()
			c.FirstName = changedName
			return tx.Contacts().Update(ctx, &c)
		}},
		{"Contacts.Delete", func(ctx context.Context, tx store.Tx) error {
			return tx.Contacts().Delete(ctx, f.ws, f.doomed.ID, 1)
		}},
		{"History.Append", func(ctx context.Context, tx store.Tx) error {
			return tx.History().Append(ctx, f.ws, f.change)
		}},
		{"History.Delete", func(ctx context.Context, tx store.Tx) error {
			return tx.History().Delete(ctx, f.ws, f.doomed.ID)
		}},
	}
	for _, kf := range f.kinds {
		k := kf.s.kind()
		ops = append(ops,
			op{"Records.Put creating a " + k.Name(), func(ctx context.Context, tx store.Tx) error {
				r := kf.fresh
				return tx.Records().Put(ctx, f.ws, k, &r)
			}},
			op{"Records.Put updating a " + k.Name(), func(ctx context.Context, tx store.Tx) error {
				r := kf.s.edited(kf.old, 1)
				return tx.Records().Put(ctx, f.ws, k, &r)
			}},
			op{"Records.Delete of a " + k.Name(), func(ctx context.Context, tx store.Tx) error {
				return tx.Records().Delete(ctx, f.ws, k, kf.gone.ID, 1)
			}},
		)
	}
	return ops
}

// reads returns one call of every read method of every accessor.
func (f *txFixture) reads() []op {
	ops := []op{
		{"Contacts.Get", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Contacts().Get(ctx, f.ws, f.existing.ID)
			return err
		}},
		{"Contacts.List", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Contacts().List(ctx, f.ws, store.ContactQuery{}, store.PageRequest{})
			return err
		}},
		{"History.List", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.History().List(ctx, f.ws, f.doomed.ID, "", store.PageRequest{})
			return err
		}},
	}
	for _, kf := range f.kinds {
		k := kf.s.kind()
		ops = append(ops,
			op{"Records.Get of a " + k.Name(), func(ctx context.Context, tx store.Tx) error {
				_, err := tx.Records().Get(ctx, f.ws, k, kf.old.ID)
				return err
			}},
			op{"Records.List of " + k.Name() + " records", func(ctx context.Context, tx store.Tx) error {
				_, err := tx.Records().List(ctx, f.ws, k, store.Query{}, store.PageRequest{})
				return err
			}},
		)
	}
	return ops
}

// writeAll makes every write of f in tx.
func (f *txFixture) writeAll(ctx context.Context, tx store.Tx) error {
	for _, w := range f.writes() {
		if err := w.do(ctx, tx); err != nil {
			return fmt.Errorf("%s: %w", w.name, err)
		}
	}
	return nil
}

// observe reads, in tx, what f's workspace holds, and reports each way in
// which it is not as it was before the transaction (written false) or
// after it committed (written true).
func (f *txFixture) observe(ctx context.Context, tx store.Tx, written bool) []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	expect := func(what string, err error, exists bool) {
		switch {
		case exists && err != nil:
			bad("%s: got err %v, want nil (it is there)", what, err)
		case !exists && !errors.Is(err, store.ErrNotFound):
			bad("%s: got err %v, want store.ErrNotFound", what, err)
		}
	}
	owner := func(key string) (contact.ID, error) {
		found, err := readAll(store.PageRequest{}, func(p store.PageRequest) (store.Page[contact.Contact], error) {
			return tx.Contacts().List(ctx, f.ws, store.ContactQuery{Key: key}, p)
		})
		if err != nil || len(found) == 0 {
			return contact.ID{}, err
		}
		if len(found) > 1 {
			return contact.ID{}, fmt.Errorf("storetest: contacts %v hold key %q, want at most one live contact", idsOf(found), key)
		}
		return found[0].ID, nil
	}

	_, err := tx.Contacts().Get(ctx, f.ws, f.created.ID)
	expect("Contacts.Get of the contact the transaction created", err, written)
	if id, err := owner(f.created.Keys()[0]); err != nil || (written && id != f.created.ID) || (!written && !id.IsZero()) {
		bad("Contacts.List with ContactQuery{Key} of the email of the contact the transaction created: got contact %s (zero: none), err %v, want %s", id, err, pick(written, f.created.ID, contact.ID{}))
	}
	c, err := tx.Contacts().Get(ctx, f.ws, f.existing.ID)
	wantName, wantVersion := f.existing.FirstName, int64(1)
	if written {
		wantName, wantVersion = changedName, 2
	}
	if err != nil || c.FirstName != wantName || c.Version != wantVersion {
		bad("Contacts.Get of the contact the transaction updated: got %q at version %d, err %v, want %q at version %d", c.FirstName, c.Version, err, wantName, wantVersion)
	}
	_, err = tx.Contacts().Get(ctx, f.ws, f.doomed.ID)
	expect("Contacts.Get of the contact the transaction deleted", err, !written)
	if id, err := owner(f.doomed.Keys()[0]); err != nil || (!written && id != f.doomed.ID) || (written && !id.IsZero()) {
		bad("Contacts.List with ContactQuery{Key} of the email of the contact the transaction deleted: got contact %s (zero: none), err %v, want %s", id, err, pick(written, contact.ID{}, f.doomed.ID))
	}
	// A word query reads the contacts as Get does: by the words the
	// transaction left them (a search index written apart from the
	// contacts, and not rolled back with them, fails here).
	lists := func(q string, id contact.ID) (bool, error) {
		found, err := readAll(store.PageRequest{}, func(p store.PageRequest) (store.Page[contact.Contact], error) {
			return tx.Contacts().List(ctx, f.ws, store.ContactQuery{Words: contact.QueryWords(q)}, p)
		})
		return slices.ContainsFunc(found, func(c contact.Contact) bool { return c.ID == id }), err
	}
	for _, w := range []struct {
		what, q string
		id      contact.ID
		want    bool
	}{
		{"the contact the transaction created, by its name", f.created.FirstName + " " + f.created.LastName, f.created.ID, written},
		{"the contact the transaction renamed, by its new name", changedName, f.existing.ID, written},
		{"the contact the transaction renamed, by its name before", f.existing.FirstName + " " + f.existing.LastName, f.existing.ID, !written},
		{"the contact the transaction deleted, by its name", f.doomed.FirstName + " " + f.doomed.LastName, f.doomed.ID, !written},
	} {
		if got, err := lists(w.q, w.id); err != nil || got != w.want {
			bad("Contacts.List with ContactQuery{Words} of %s (%q): listed %v, err %v, want listed %v", w.what, w.q, got, err, w.want)
		}
	}
	// So do the listings by tag, assignee and status, and of every live
	// contact.
	for _, w := range []struct {
		what string
		q    store.ContactQuery
		id   contact.ID
		want bool
	}{
		{"the contact the transaction created, by its tag", store.ContactQuery{Tag: f.created.Tags[0]}, f.created.ID, written},
		{"the contact the transaction created, by its assignee", store.ContactQuery{Assignee: f.created.Assignee}, f.created.ID, written},
		{"the contact the transaction created, by its status", store.ContactQuery{Status: f.created.Status}, f.created.ID, written},
		{"the contact the transaction deleted, among the live ones", store.ContactQuery{}, f.doomed.ID, !written},
	} {
		found, err := readAll(store.PageRequest{}, func(p store.PageRequest) (store.Page[contact.Contact], error) {
			return tx.Contacts().List(ctx, f.ws, w.q, p)
		})
		if got := slices.Contains(idsOf(found), w.id); err != nil || got != w.want {
			bad("Contacts.List with %+v, of %s: listed %v, err %v, want listed %v", w.q, w.what, got, err, w.want)
		}
	}
	for _, kf := range f.kinds {
		k := kf.s.kind()
		_, err := tx.Records().Get(ctx, f.ws, k, kf.fresh.ID)
		expect("Records.Get of the "+k.Name()+" the transaction created", err, written)
		_, err = tx.Records().Get(ctx, f.ws, k, kf.gone.ID)
		expect("Records.Get of the "+k.Name()+" the transaction deleted", err, !written)
		r, err := tx.Records().Get(ctx, f.ws, k, kf.old.ID)
		want := kf.old
		if written {
			want = kf.s.edited(kf.old, 1)
			want.Version = 2
		}
		if err != nil {
			bad("Records.Get of the %s the transaction updated: got err %v, want nil", k.Name(), err)
		} else if d := diff(r.Value, want.Value); d != "" || r.Version != want.Version {
			bad("Records.Get of the %s the transaction updated: got version %d, want %d; value: %s", k.Name(), r.Version, want.Version, d)
		}
		rs, err := readAll(store.PageRequest{}, func(p store.PageRequest) (store.Page[store.Record], error) {
			return tx.Records().List(ctx, f.ws, k, store.Query{}, p)
		})
		if err != nil || len(rs) != 2 {
			bad("Records.List of %s records: got %d, err %v, want 2", k.Name(), len(rs), err)
		}
		// Every listing by a key sees the same: an index of Contact,
		// Parent, Status or Unique written apart from the records (at
		// the commit, or never rolled back) fails here.
		for _, x := range []struct {
			what   string
			r      store.Record
			listed bool
		}{
			{"the " + k.Name() + " the transaction created", kf.fresh, written},
			{"the " + k.Name() + " the transaction deleted", kf.gone, !written},
			{"the " + k.Name() + " the transaction updated", kf.old, true},
		} {
			for _, q := range keyQueries(x.r.Keys) {
				rs, err := readAll(store.PageRequest{}, func(p store.PageRequest) (store.Page[store.Record], error) {
					return tx.Records().List(ctx, f.ws, k, q, p)
				})
				if got := slices.Contains(recordIDs(rs), x.r.ID); err != nil || got != x.listed {
					bad("Records.List with %+v, a key of %s: listed %v, err %v, want listed %v", q, x.what, got, err, x.listed)
				}
			}
		}
	}
	history := func(id contact.ID) ([]contact.Change, error) {
		return readAll(store.PageRequest{}, func(p store.PageRequest) (store.Page[contact.Change], error) {
			return tx.History().List(ctx, f.ws, id, "", p)
		})
	}
	h, err := history(f.existing.ID)
	if n := len(h); err != nil || (written && n != 1) || (!written && n != 0) {
		bad("History.List of the contact the transaction appended a change to: got %d changes, err %v, want %d", n, err, pick(written, 1, 0))
	}
	h, err = history(f.doomed.ID)
	if n := len(h); err != nil || (written && n != 0) || (!written && n != len(f.history)) {
		bad("History.List of the contact whose history the transaction deleted: got %d changes, err %v, want %d", n, err, pick(written, 0, len(f.history)))
	}
	return out
}

// pick returns a if cond, else b.
func pick[T any](cond bool, a, b T) T {
	if cond {
		return a
	}
	return b
}

// checkNothingWritten reports every write of f that is visible, after what,
// quoting rule.
func (e *env) checkNothingWritten(t *testing.T, f *txFixture, after, rule string) {
	t.Helper()
	var problems []string
	e.view(t, "reading back", func(tx store.Tx) error {
		problems = f.observe(t.Context(), tx, false)
		return nil
	})
	for _, p := range problems {
		t.Errorf("%s, %s; %s", after, p, rule)
	}
}

// checkAllWritten reports every write of f that is not visible after a
// committed transaction, quoting rule.
func (e *env) checkAllWritten(t *testing.T, f *txFixture, after, rule string) {
	t.Helper()
	var problems []string
	e.view(t, "reading back", func(tx store.Tx) error {
		problems = f.observe(t.Context(), tx, true)
		return nil
	})
	for _, p := range problems {
		t.Errorf("%s, %s; %s", after, p, rule)
	}
}

func testTxCommitOnNil(t *testing.T, e *env) {
	f := e.txSetup(t)
	ctx := t.Context()
	err := e.s.Update(ctx, func(tx store.Tx) error { return f.writeAll(ctx, tx) })
	if err != nil {
		t.Fatalf("Store.Update with writes to every accessor and every kind: got err %v, want nil", err)
	}
	e.checkAllWritten(t, f, "after Store.Update committed", ruleCommit)
}

func testTxRollbackOnError(t *testing.T, e *env) {
	f := e.txSetup(t)
	ctx := t.Context()
	var setupErr error
	err := e.s.Update(ctx, func(tx store.Tx) error {
		if setupErr = f.writeAll(ctx, tx); setupErr != nil {
			return setupErr
		}
		return errFn
	})
	checkFnErrorKept(t, err, setupErr, errFn)
	e.checkNothingWritten(t, f, "after Store.Update whose fn returned an error", ruleRollback)

	// A wrapped error is returned as is too.
	wrapped := fmt.Errorf("use case: %w", errFn)
	if err := e.s.Update(ctx, func(store.Tx) error { return wrapped }); err != wrapped {
		t.Errorf("Store.Update whose fn returns a wrapped error: got err %v, want fn's error unchanged (by identity)", err)
	}
}

func testTxReadOwnWrites(t *testing.T, e *env) {
	f := e.txSetup(t)
	ctx := t.Context()
	var problems []string
	err := e.s.Update(ctx, func(tx store.Tx) error {
		if err := f.writeAll(ctx, tx); err != nil {
			return err
		}
		problems = f.observe(ctx, tx, true)
		return nil
	})
	if err != nil {
		t.Fatalf("Store.Update with writes to every accessor: got err %v, want nil", err)
	}
	for _, p := range problems {
		t.Errorf("inside the transaction that wrote, %s; a transaction reads its own writes", p)
	}
}

func testTxUseAfterEnd(t *testing.T, e *env) {
	f := e.txSetup(t)
	ctx := t.Context()
	var kept, keptView store.Tx
	e.update(t, "Store.Update keeping its tx", func(tx store.Tx) error {
		kept = tx
		return f.prefetchAll(ctx, tx)
	})
	e.view(t, "Store.View keeping its tx", func(tx store.Tx) error {
		keptView = tx
		return f.prefetchAll(ctx, tx)
	})
	for _, o := range f.writes() {
		if err := o.do(ctx, kept); err == nil {
			t.Errorf("%s on the Tx of a Store.Update that returned: got err nil, want an error; %s", o.name, ruleTxDone)
		}
	}
	for _, o := range f.reads() {
		for _, tx := range []store.Tx{kept, keptView} {
			if err := o.do(ctx, tx); err == nil {
				t.Errorf("%s on a Tx whose function returned: got err nil, want an error; %s", o.name, ruleTxDone)
				break
			}
		}
	}
	e.checkNothingWritten(t, f, "after every write method was called on a Tx whose function had returned", ruleTxDone)
}

// prefetchAll tells the Prefetcher of tx, if it has one, of every contact,
// key and record of f: what a Store answers from what it prefetched, or
// lets wait, it must refuse too once the transaction's function returned.
func (f *txFixture) prefetchAll(ctx context.Context, tx store.Tx) error {
	p := store.PrefetcherOf(tx)
	if p == nil {
		return nil
	}
	pf := store.Prefetch{Contacts: []contact.ID{f.existing.ID, f.created.ID, f.doomed.ID}}
	for _, c := range []contact.Contact{f.existing, f.created, f.doomed} {
		pf.Keys = append(pf.Keys, c.Keys()...)
	}
	for _, kf := range f.kinds {
		k := kf.s.kind()
		pf.Records = append(pf.Records, store.RecordRef{Kind: k, ID: kf.old.ID}, store.RecordRef{Kind: k, ID: kf.gone.ID}, store.RecordRef{Kind: k, ID: kf.fresh.ID})
	}
	if err := p.Prefetch(ctx, f.ws, pf); err != nil {
		return fmt.Errorf("Prefetcher.Prefetch: %w", err)
	}
	return nil
}

// panicValue is what the panicking transaction panics with.
type panicValue struct{ why string }

func testTxRollbackOnPanic(t *testing.T, e *env) {
	f := e.txSetup(t)
	ctx := t.Context()
	boom := &panicValue{"storetest: the transaction function panicked on purpose"}
	var setupErr, returned error
	var recovered any
	func() {
		defer func() { recovered = recover() }()
		returned = e.s.Update(ctx, func(tx store.Tx) error {
			if setupErr = f.writeAll(ctx, tx); setupErr != nil {
				return setupErr
			}
			panic(boom)
		})
	}()
	if setupErr != nil {
		t.Fatalf("a write inside Store.Update failed, so the rollback cannot be checked: %v", setupErr)
	}
	if recovered != boom {
		t.Errorf("Store.Update whose fn panics: recovered %v and Update returned err %v, want fn's panic value re-panicked", recovered, returned)
	}

	var updErr, viewErr error
	if !within(10*time.Second, func() {
		updErr = e.s.Update(ctx, func(store.Tx) error { return nil })
		viewErr = e.s.View(ctx, func(store.Tx) error { return nil })
	}) {
		t.Fatalf("after a transaction whose fn panicked, Store.Update and Store.View did not return within 10s; a panic must end the transaction and release the store")
	}
	if updErr != nil || viewErr != nil {
		t.Errorf("after a transaction whose fn panicked: Store.Update got err %v, Store.View got err %v, want nil", updErr, viewErr)
	}
	e.checkNothingWritten(t, f, "after Store.Update whose fn panicked", ruleRollback)
}

func testTxNoDirtyReads(t *testing.T, e *env) {
	f := e.txSetup(t)
	ctx := t.Context()
	viewed := make(chan error, 1)
	var setupErr error
	err := e.s.Update(ctx, func(tx store.Tx) error {
		if setupErr = f.writeAll(ctx, tx); setupErr != nil {
			return setupErr
		}
		// Another transaction reads while this one is open. A Store that
		// runs transactions one at a time makes it wait for the rollback.
		go func() {
			viewed <- e.s.View(ctx, func(tx store.Tx) error {
				_, err := tx.Contacts().Get(ctx, f.ws, f.created.ID)
				if err == nil {
					return errors.New("the contact created by the open transaction is visible")
				}
				if !errors.Is(err, store.ErrNotFound) {
					return fmt.Errorf("Contacts.Get: %w", err)
				}
				c, err := tx.Contacts().Get(ctx, f.ws, f.existing.ID)
				if err != nil {
					return fmt.Errorf("Contacts.Get: %w", err)
				}
				if c.Version != 1 {
					return fmt.Errorf("the contact updated by the open transaction is at version %d", c.Version)
				}
				return nil
			})
		}()
		timer := time.NewTimer(200 * time.Millisecond)
		defer timer.Stop()
		select {
		case err := <-viewed:
			viewed <- err
		case <-timer.C:
		}
		return errFn
	})
	if setupErr != nil {
		t.Fatalf("a write inside Store.Update failed: %v", setupErr)
	}
	if err != errFn {
		t.Errorf("Store.Update whose fn fails: got err %v, want fn's error unchanged", err)
	}
	timer := time.NewTimer(10 * time.Second)
	defer timer.Stop()
	select {
	case err := <-viewed:
		if err != nil {
			t.Errorf("Store.View run while a read-write transaction was open, which then failed: %v; nothing an uncommitted transaction wrote is visible to anyone", err)
		}
	case <-timer.C:
		t.Errorf("Store.View started while a read-write transaction was open did not return within 10s of its end")
	}
}

func testTxViewIsReadOnly(t *testing.T, e *env) {
	f := e.txSetup(t)
	ctx := t.Context()
	var problems []string
	err := e.s.View(ctx, func(tx store.Tx) error {
		for _, w := range f.writes() {
			if err := w.do(ctx, tx); !errors.Is(err, store.ErrReadOnly) {
				problems = append(problems, fmt.Sprintf("%s in a View transaction: got err %v, want store.ErrReadOnly (every write method of a read-only transaction returns ErrReadOnly)", w.name, err))
			}
		}
		for _, r := range f.reads() {
			if err := r.do(ctx, tx); err != nil {
				problems = append(problems, fmt.Sprintf("%s in a View transaction: got err %v, want nil (reads work in a read-only transaction)", r.name, err))
			}
		}
		return nil
	})
	if err != nil {
		t.Errorf("Store.View whose fn returns nil: got err %v, want nil", err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	e.checkNothingWritten(t, f, "after a View transaction that tried every write method", ruleReadOnly)
}

func testTxViewReturnsError(t *testing.T, e *env) {
	ctx := t.Context()
	if err := e.s.View(ctx, func(store.Tx) error { return errFn }); err != errFn {
		t.Errorf("Store.View whose fn fails: got err %v, want fn's error unchanged (%v, by identity)", err, errFn)
	}
	wrapped := fmt.Errorf("use case: %w", errFn)
	if err := e.s.View(ctx, func(store.Tx) error { return wrapped }); err != wrapped {
		t.Errorf("Store.View whose fn returns a wrapped error: got err %v, want fn's error unchanged (by identity)", err)
	}
}

func testContextCancelled(t *testing.T, e *env) {
	past, cancel := context.WithDeadline(t.Context(), time.Now().Add(-time.Second))
	defer cancel()
	for _, m := range []struct {
		name string
		run  func(ctx context.Context, fn func(store.Tx) error) error
	}{
		{"Store.Update", e.s.Update},
		{"Store.View", e.s.View},
	} {
		for _, c := range []struct {
			name string
			ctx  context.Context
			want error
		}{
			{"a cancelled context", cancelled(t), context.Canceled},
			{"a context past its deadline", past, context.DeadlineExceeded},
		} {
			called := false
			err := m.run(c.ctx, func(store.Tx) error {
				called = true
				return nil
			})
			if !errors.Is(err, c.want) {
				t.Errorf("%s with %s: got err %v, want ctx.Err() (%v)", m.name, c.name, err, c.want)
			}
			if called {
				t.Errorf("%s with %s called fn; if ctx is done before the transaction starts, it returns ctx.Err() without calling fn", m.name, c.name)
			}
		}
	}
}

// testContextCancelledDuringFn ends the context of an Update while its fn
// runs, after fn wrote everything, then fn returns nil: no commit for a
// call its caller gave up, as with database/sql's Tx. A View so ended
// returns ctx.Err() too.
func testContextCancelledDuringFn(t *testing.T, e *env) {
	f := e.txSetup(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var setupErr error
	err := e.s.Update(ctx, func(tx store.Tx) error {
		setupErr = f.writeAll(ctx, tx)
		cancel()
		return setupErr
	})
	switch {
	case setupErr != nil:
		t.Fatalf("the transaction's writes: %v", setupErr)
	case err != ctx.Err():
		t.Errorf("Store.Update whose ctx was cancelled while fn ran, fn returning nil: got err %v, want ctx.Err() (%v), unwrapped (%s)", err, ctx.Err(), ruleDoneFn)
	}
	e.checkNothingWritten(t, f, "after Store.Update whose ctx was cancelled while fn ran", ruleDoneFn)

	ctx, cancel = context.WithCancel(t.Context())
	defer cancel()
	err = e.s.View(ctx, func(tx store.Tx) error {
		cancel()
		return nil
	})
	if err != ctx.Err() {
		t.Errorf("Store.View whose ctx was cancelled while fn ran, fn returning nil: got err %v, want ctx.Err() (%v), unwrapped, as Update", err, ctx.Err())
	}
}

func testContextCancelledAccessors(t *testing.T, e *env) {
	f := e.txSetup(t)
	done := cancelled(t)
	var problems []string
	check := func(tx store.Tx, o op) {
		err := o.do(done, tx)
		switch {
		case err == done.Err():
		case errors.Is(err, context.Canceled):
			problems = append(problems, fmt.Sprintf("%s with a cancelled context: got err %v, want ctx.Err() unwrapped (every accessor method returns ctx.Err(), unwrapped, when ctx is done)", o.name, err))
		default:
			problems = append(problems, fmt.Sprintf("%s with a cancelled context: got err %v, want ctx.Err() (context.Canceled)", o.name, err))
		}
	}
	e.update(t, "accessor methods called with a cancelled context", func(tx store.Tx) error {
		for _, w := range f.writes() {
			check(tx, w)
		}
		for _, r := range f.reads() {
			check(tx, r)
		}
		return nil
	})
	e.view(t, "accessor methods called with a cancelled context", func(tx store.Tx) error {
		for _, r := range f.reads() {
			check(tx, r)
		}
		return nil
	})
	for _, p := range problems {
		t.Error(p)
	}
	e.checkNothingWritten(t, f, "after a committed transaction whose every write was called with a cancelled context", ruleDoneCtx)
}

// refusedOp is a call that the contract refuses, and the sentinel error it
// must match.
type refusedOp struct {
	op
	want error
}

// refusals returns calls on f's workspace that the contract refuses
// whether or not f's writes were made: a creation of a stored ID, of a key
// a live contact holds (taker's), a write at a version ahead of the stored
// one, a read of an ID never stored; and for every kind a creation of a
// stored ID and a delete at a version ahead.
func (f *txFixture) refusals(taker contact.Contact) []refusedOp {
	ops := []refusedOp{
		{op{"Contacts.Create with the ID of a stored contact", func(ctx context.Context, tx store.Tx) error {
			c := f.existing.Clone()
			c.Version = 0
			return tx.Contacts().Create(ctx, &c)
		}}, store.ErrAlreadyExists},
		{op{"Contacts.Create with the email of a live contact", func(ctx context.Context, tx store.Tx) error {
			c := taker.Clone()
			return tx.Contacts().Create(ctx, &c)
		}}, store.ErrAlreadyExists},
		{op{"Contacts.Update at a version ahead of the stored one", func(ctx context.Context, tx store.Tx) error {
			c := f.existing.Clone()
			c.Version, c.City = 7, "Refused"
			return tx.Contacts().Update(ctx, &c)
		}}, store.ErrConflict},
		{op{"Contacts.Get of an ID never stored", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Contacts().Get(ctx, f.ws, taker.ID)
			return err
		}}, store.ErrNotFound},
	}
	for _, kf := range f.kinds {
		k := kf.s.kind()
		ops = append(ops,
			refusedOp{op{"Records.Put creating a " + k.Name() + " with the ID of a stored one", func(ctx context.Context, tx store.Tx) error {
				r := kf.old
				r.Version = 0
				return tx.Records().Put(ctx, f.ws, k, &r)
			}}, store.ErrAlreadyExists},
			refusedOp{op{"Records.Delete of a " + k.Name() + " at a version ahead of the stored one", func(ctx context.Context, tx store.Tx) error {
				return tx.Records().Delete(ctx, f.ws, k, kf.old.ID, 7)
			}}, store.ErrConflict},
		)
	}
	return ops
}

// testTxUsableAfterRefusal makes calls that the contract refuses before
// and after a write of every accessor and kind, in one transaction whose
// fn returns nil: every write commits (a SQL adapter whose failed
// statement aborts the transaction, or rolls it back to its start, and
// then reports the commit as done, fails here), and no refused call wrote.
func testTxUsableAfterRefusal(t *testing.T, e *env) {
	f := e.txSetup(t)
	ctx := t.Context()
	taker := e.person(f.ws, "Taker", "Refused")
	taker.Email = f.existing.Email
	refusals := f.refusals(taker)
	var problems []string
	err := e.s.Update(ctx, func(tx store.Tx) error {
		problems = nil
		refuse := func(when string) {
			for _, r := range refusals {
				if err := r.do(ctx, tx); !errors.Is(err, r.want) {
					problems = append(problems, fmt.Sprintf("%s, %s: got err %v, want %v", when, r.name, err, r.want))
				}
			}
		}
		refuse("before the transaction's writes")
		if err := f.writeAll(ctx, tx); err != nil {
			return err
		}
		refuse("after the transaction's writes")
		return nil
	})
	for _, p := range problems {
		t.Error(p)
	}
	if err != nil {
		t.Fatalf("Store.Update whose fn returned nil after calls refused with errors of the contract, before and after writes that succeeded: got err %v, want nil; %s", err, ruleUsable)
	}
	e.checkAllWritten(t, f, "after Store.Update committed a transaction in which calls were refused", ruleUsable)
	if _, err := e.get(t, f.ws, taker.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after Store.Update committed a transaction in which Contacts.Create of a contact was refused, Contacts.Get of it: got err %v, want store.ErrNotFound (a refused call writes nothing)", err)
	}
	e.checkKeyOwner(t, f.ws, contact.EmailKey(f.existing.Email), f.existing.ID, "after a transaction in which Contacts.Create with the email of a live contact was refused", "a refused call writes nothing")
}

// testTxViewConsistent reads two contacts in a View while another
// transaction updates both and commits: the View sees both as they were,
// or both as written, never one of each (a View made of statements that
// each see the latest commit, as at READ COMMITTED, fails here). A Store
// that runs the writer after the View is open only once it ended passes.
func testTxViewConsistent(t *testing.T, e *env) {
	ws := newWorkspace()
	ctx := t.Context()
	cs := []contact.Contact{e.person(ws, "Ada", "First"), e.person(ws, "Bob", "Second")}
	e.createAll(t, cs)
	const moved = "Moved while a View was open"
	written := make(chan error, 1)
	writing := false
	write := func() {
		written <- e.s.Update(ctx, func(tx store.Tx) error {
			for _, c := range cs {
				cur, err := tx.Contacts().Get(ctx, ws, c.ID)
				if err != nil {
					return err
				}
				cur.City = moved
				if err := tx.Contacts().Update(ctx, &cur); err != nil {
					return err
				}
			}
			return nil
		})
	}
	// state is how a read saw a contact: as written by the other
	// transaction or as it was, and at which version.
	type state struct {
		written bool
		version int64
	}
	show := func(s state) string {
		return fmt.Sprintf("%s, at version %d", pick(s.written, "as the other transaction wrote it", "as it was"), s.version)
	}
	var seen []state
	err := e.s.View(ctx, func(tx store.Tx) error {
		seen = nil
		read := func(c contact.Contact) error {
			got, err := tx.Contacts().Get(ctx, ws, c.ID)
			seen = append(seen, state{got.City == moved, got.Version})
			return err
		}
		if err := read(cs[0]); err != nil {
			return err
		}
		if !writing {
			writing = true
			go write()
			// Give the writer the time to commit, unless the Store makes
			// it wait for this View.
			timer := time.NewTimer(300 * time.Millisecond)
			select {
			case err := <-written:
				written <- err
			case <-timer.C:
			}
			timer.Stop()
		}
		if err := read(cs[1]); err != nil {
			return err
		}
		return read(cs[0])
	})
	if err != nil {
		t.Errorf("Store.View reading two contacts while another transaction wrote them: got err %v, want nil", err)
	}
	if len(seen) == 3 && (seen[0].written != seen[1].written || seen[0] != seen[2]) {
		t.Errorf("Store.View read contact A %s, then contact B %s, then A again %s, while another transaction updated both and committed; %s", show(seen[0]), show(seen[1]), show(seen[2]), ruleSnapshot)
	}
	awaitNil(t, written, "Store.Update of two contacts started while a View read them")
}

// keyQueries returns a Query for each field of k that is set, selecting by
// that field alone: the listings in which a record of keys k is found.
func keyQueries(k store.Keys) []store.Query {
	var qs []store.Query
	if !k.Contact.IsZero() {
		qs = append(qs, store.Query{Contact: k.Contact})
	}
	if k.Parent != "" {
		qs = append(qs, store.Query{Parent: k.Parent})
	}
	if k.Status != "" {
		qs = append(qs, store.Query{Status: k.Status})
	}
	if k.Unique != "" {
		qs = append(qs, store.Query{Unique: k.Unique})
	}
	return qs
}

// testTxRollbackKeys fails a transaction that takes keys and gives keys
// up, of contacts and of records of every kind: after it, each key it
// took is free and each key it gave up is held as before, which a new
// creation shows (a uniqueness index written apart from the records, and
// not rolled back with them, fails here though every read looks right).
func testTxRollbackKeys(t *testing.T, e *env) {
	const rule = ruleRollback + "; nor does any key it took or gave up: a contact key (contact.Contact.Keys) or a record's Keys.Unique is held after a failed transaction by whoever held it before"
	g := e.newWorld(t, worldContacts)
	ctx := t.Context()
	ws := g.ws
	email := func(name string) contact.Email { return mustEmail(t, name+"@rollback.example") }
	mover, doomed, trashed := e.person(ws, "Mover", "Keys"), e.person(ws, "Doomed", "Keys"), e.person(ws, "Trashed", "Keys")
	mover.Email, doomed.Email, trashed.Email = email("moved"), email("doomed"), email("trashed")
	e.createAll(t, []contact.Contact{mover, doomed, trashed})
	mover.Version, doomed.Version, trashed.Version = 1, 1, 1
	fresh := e.person(ws, "Fresh", "Keys")
	fresh.Email = email("taken")

	const held, moved, taken, renamed = "storetest-rollback-held", "storetest-rollback-moved", "storetest-rollback-taken", "storetest-rollback-new"
	type kindKeys struct {
		s       sampler
		deleted store.Record // holds held; the transaction deletes it
		mover   store.Record // holds moved; the transaction moves it to renamed
		fresh   store.Record // the transaction creates it with taken
	}
	var kinds []kindKeys
	for _, s := range samplers() {
		kk := kindKeys{s: s, deleted: s.sample(e, t, g, 0), mover: s.sample(e, t, g, 1), fresh: s.sample(e, t, g, 2)}
		kk.deleted.Keys.Unique, kk.mover.Keys.Unique, kk.fresh.Keys.Unique = held, moved, taken
		for _, r := range []*store.Record{&kk.deleted, &kk.mover} {
			if err := e.putRaw(t, ws, s.kind(), r); err != nil {
				t.Fatalf("setup: Records.Put of a %s with a Unique key: got err %v, want nil", s.kind().Name(), err)
			}
		}
		kinds = append(kinds, kk)
	}

	var setupErr error
	err := e.s.Update(ctx, func(tx store.Tx) error {
		setupErr = func() error {
			c := fresh.Clone()
			if err := tx.Contacts().Create(ctx, &c); err != nil {
				return fmt.Errorf("Contacts.Create: %w", err)
			}
			m := mover.Clone()
			m.Email = email("renamed")
			if err := tx.Contacts().Update(ctx, &m); err != nil {
				return fmt.Errorf("Contacts.Update changing the email: %w", err)
			}
			if err := tx.Contacts().Delete(ctx, ws, doomed.ID, doomed.Version); err != nil {
				return fmt.Errorf("Contacts.Delete: %w", err)
			}
			tr := trashed.Clone()
			e.trashAt(&tr, 1)
			if err := tx.Contacts().Update(ctx, &tr); err != nil {
				return fmt.Errorf("Contacts.Update moving to the trash: %w", err)
			}
			for _, kk := range kinds {
				k := kk.s.kind()
				r := kk.fresh
				if err := tx.Records().Put(ctx, ws, k, &r); err != nil {
					return fmt.Errorf("Records.Put creating a %s: %w", k.Name(), err)
				}
				m := kk.mover
				m.Keys.Unique = renamed
				if err := tx.Records().Put(ctx, ws, k, &m); err != nil {
					return fmt.Errorf("Records.Put of a %s changing its Unique key: %w", k.Name(), err)
				}
				if err := tx.Records().Delete(ctx, ws, k, kk.deleted.ID, kk.deleted.Version); err != nil {
					return fmt.Errorf("Records.Delete of a %s: %w", k.Name(), err)
				}
			}
			return nil
		}()
		if setupErr != nil {
			return setupErr
		}
		return errFn
	})
	checkFnErrorKept(t, err, setupErr, errFn)

	after := "after Store.Update whose fn failed"
	for _, x := range []struct {
		what  string
		email contact.Email
		owner contact.ID // zero: free
	}{
		{"the email of a contact the transaction created", fresh.Email, contact.ID{}},
		{"the email a contact took in the transaction", email("renamed"), contact.ID{}},
		{"the email a contact gave up in the transaction", mover.Email, mover.ID},
		{"the email of a contact the transaction deleted", doomed.Email, doomed.ID},
		{"the email of a contact the transaction moved to the trash", trashed.Email, trashed.ID},
	} {
		c := e.person(ws, "Claimer", "Keys")
		c.Email = x.email
		err := e.tryCreate(t, &c)
		te, isTaken := errors.AsType[*store.TakenError](err)
		switch {
		case x.owner.IsZero() && err != nil:
			t.Errorf("%s, Contacts.Create of a contact with %s (%s): got err %v, want nil (it is free); %s", after, x.what, x.email, err, rule)
		case !x.owner.IsZero() && (!isTaken || te.Owner != x.owner):
			t.Errorf("%s, Contacts.Create of a contact with %s (%s): got err %v, want a *store.TakenError naming %s; %s", after, x.what, x.email, err, x.owner, rule)
		}
	}
	for i, kk := range kinds {
		k := kk.s.kind()
		for j, x := range []struct {
			what, unique string
			held         bool
		}{
			{"the Unique key of a record the transaction created", taken, false},
			{"the Unique key a record took in the transaction", renamed, false},
			{"the Unique key a record gave up in the transaction", moved, true},
			{"the Unique key of a record the transaction deleted", held, true},
		} {
			r := kk.s.sample(e, t, g, 3+j)
			r.ID = fmt.Sprintf("storetest-rollback-claimer-%d-%d", i, j)
			r.Keys.Unique = x.unique
			err := e.putRaw(t, ws, k, &r)
			switch {
			case !x.held && err != nil:
				t.Errorf("%s, Records.Put creating a %s with %s (%q): got err %v, want nil (it is free); %s", after, k.Name(), x.what, x.unique, err, rule)
			case x.held && !errors.Is(err, store.ErrAlreadyExists):
				t.Errorf("%s, Records.Put creating a %s with %s (%q): got err %v, want store.ErrAlreadyExists (its holder has it again); %s", after, k.Name(), x.what, x.unique, err, rule)
			}
		}
	}
}

// checkFnErrorKept fails t when the writes that set up a failing
// Store.Update failed themselves (setupErr), so that its rollback cannot
// be checked, and reports a Store.Update that did not give fn's error
// errFn back unchanged.
func checkFnErrorKept(t *testing.T, err, setupErr, errFn error) {
	t.Helper()
	if setupErr != nil {
		t.Fatalf("a write inside Store.Update failed, so the rollback cannot be checked: %v", setupErr)
	}
	if err != errFn {
		t.Errorf("Store.Update whose fn fails: got err %v, want fn's error unchanged (%v, by identity)", err, errFn)
	}
}
