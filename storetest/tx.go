package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// errFn is the error the cases' transaction functions fail with: Update and
// View must return it unchanged.
var errFn = errors.New("storetest: the transaction function failed on purpose")

// Rules quoted by the transaction cases.
const (
	ruleRollback = "a failed transaction must roll back: nothing fn wrote is visible to anyone"
	ruleReadOnly = "a read-only transaction (View) writes nothing"
	ruleDoneCtx  = "a method called with a done context writes nothing"
)

// txFixture is one record of each aggregate already stored in a workspace,
// and one of each that a transaction will try to write.
type txFixture struct {
	ws       contact.WorkspaceID
	at       time.Time
	existing contact.Contact  // stored, version 1
	oldTag   tag.Name         // stored
	oldDef   field.Definition // stored, version 1

	created contact.Contact  // written by the transaction
	newTag  tag.Name         // written by the transaction
	newDef  field.Definition // written by the transaction
	change  contact.Change   // appended to existing's history by the transaction

	eng *txEngagement // the records of the engagement accessors

	// doomed is stored (version 1) with an activity, a membership, an
	// enrollment and history (doomedDeps); the transaction erases it.
	doomed     contact.Contact
	doomedDeps *dependents
}

// The values the transaction writes over the stored ones.
const (
	changedName  = "Changed in fn"
	changedLabel = "Label changed in fn"
)

// txSetup stores the "old" records of a txFixture.
func (e *env) txSetup(t *testing.T) *txFixture {
	t.Helper()
	ctx := t.Context()
	ws := newWorkspace()
	f := &txFixture{
		ws:       ws,
		at:       e.baseTime(),
		existing: e.person(ws, "Ada", "Lovelace"),
		oldTag:   mustTag(t, "Old tag"),
		oldDef:   e.definition(t, "old_field", 1),
		created:  e.fullContact(t, ws),
		newTag:   mustTag(t, "New tag"),
		newDef:   e.definition(t, "new_field", 2),
	}
	f.existing.Email = mustEmail(t, "existing@example.org")
	f.existing.Phone = phoneN(t, 99)
	f.change = e.change(f.existing.ID, contact.FieldFirstName, "Ada", changedName, 1)
	e.update(t, "setup: Contacts.Create, Tags.Create and Fields.Create", func(tx store.Tx) error {
		if err := tx.Contacts().Create(ctx, &f.existing); err != nil {
			return fmt.Errorf("Contacts.Create: %w", err)
		}
		if err := tx.Tags().Create(ctx, ws, tag.Tag{Name: f.oldTag, CreatedAt: f.at}); err != nil {
			return fmt.Errorf("Tags.Create: %w", err)
		}
		if err := tx.Fields().Create(ctx, ws, &f.oldDef); err != nil {
			return fmt.Errorf("Fields.Create: %w", err)
		}
		return nil
	})
	f.eng = e.txEngagementSetup(t, f)
	f.doomed = e.person(ws, "Doomed", "Contact")
	f.doomed.Email, f.doomed.Phone = mustEmail(t, "doomed@example.org"), phoneN(t, 98)
	e.create(t, &f.doomed)
	home := &engaged{ws: ws, who: f.doomed, list: f.eng.oldList, flow: f.eng.oldFlow}
	f.doomedDeps = e.storeDependents(t, home, f.doomed.ID, doomedKey, []list.List{f.eng.oldList}, 30)
	return f
}

// doomedKey is the idempotency key of the enrollment of the contact the
// transaction erases.
const doomedKey = "storetest-doomed-key"

// op is one call of an accessor method.
type op struct {
	name string
	do   func(ctx context.Context, tx store.Tx) error
}

// writes returns one call of every write method of every accessor, each of
// which succeeds in a read-write transaction with a live context.
func (f *txFixture) writes() []op {
	return append([]op{
		{"Contacts.Create", func(ctx context.Context, tx store.Tx) error {
			c := f.created.Clone()
			return tx.Contacts().Create(ctx, &c)
		}},
		{"Contacts.Update", func(ctx context.Context, tx store.Tx) error {
			c := f.existing.Clone()
			c.FirstName = changedName
			return tx.Contacts().Update(ctx, &c)
		}},
		{"Fields.Create", func(ctx context.Context, tx store.Tx) error {
			d := f.newDef
			d.Options = slices.Clone(d.Options)
			return tx.Fields().Create(ctx, f.ws, &d)
		}},
		{"Fields.Update", func(ctx context.Context, tx store.Tx) error {
			d := f.oldDef
			d.Options = slices.Clone(d.Options)
			d.Label = changedLabel
			return tx.Fields().Update(ctx, f.ws, &d)
		}},
		{"Tags.Create", func(ctx context.Context, tx store.Tx) error {
			return tx.Tags().Create(ctx, f.ws, tag.Tag{Name: f.newTag, CreatedAt: f.at})
		}},
		{"Tags.Delete", func(ctx context.Context, tx store.Tx) error {
			return tx.Tags().Delete(ctx, f.ws, f.oldTag)
		}},
		{"History.Append", func(ctx context.Context, tx store.Tx) error {
			return tx.History().Append(ctx, f.ws, f.change)
		}},
	}, append(f.eng.writes(f), op{"Contacts.Erase", func(ctx context.Context, tx store.Tx) error {
		return tx.Contacts().Erase(ctx, f.ws, f.doomed.ID)
	}})...)
}

// reads returns one call of every read method of every accessor.
func (f *txFixture) reads() []op {
	return append([]op{
		{"Contacts.Get", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Contacts().Get(ctx, f.ws, f.existing.ID)
			return err
		}},
		{"Contacts.ByEmail", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Contacts().ByEmail(ctx, f.ws, f.existing.Email)
			return err
		}},
		{"Contacts.ByPhone", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Contacts().ByPhone(ctx, f.ws, f.existing.Phone)
			return err
		}},
		{"Contacts.List", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Contacts().List(ctx, f.ws, store.ContactQuery{}, store.PageRequest{})
			return err
		}},
		{"Fields.Get", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Fields().Get(ctx, f.ws, f.oldDef.Key)
			return err
		}},
		{"Fields.List", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Fields().List(ctx, f.ws)
			return err
		}},
		{"Tags.Get", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Tags().Get(ctx, f.ws, f.oldTag)
			return err
		}},
		{"Tags.List", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Tags().List(ctx, f.ws, store.PageRequest{})
			return err
		}},
		{"History.List", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.History().List(ctx, f.ws, f.existing.ID, "", store.PageRequest{})
			return err
		}},
	}, f.eng.reads(f)...)
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

// state is what a txFixture's workspace holds, read in one View.
type state struct {
	createdErr, createdByEmailErr error
	existing                      contact.Contact
	existingErr                   error
	newTagErr, oldTagErr          error
	newDefErr                     error
	oldDef                        field.Definition
	oldDefErr                     error
	history                       []contact.Change
	historyErr                    error
}

func (e *env) readState(t *testing.T, f *txFixture) state {
	t.Helper()
	ctx := t.Context()
	var s state
	e.view(t, "reading back", func(tx store.Tx) error {
		_, s.createdErr = tx.Contacts().Get(ctx, f.ws, f.created.ID)
		_, s.createdByEmailErr = tx.Contacts().ByEmail(ctx, f.ws, f.created.Email)
		s.existing, s.existingErr = tx.Contacts().Get(ctx, f.ws, f.existing.ID)
		_, s.newTagErr = tx.Tags().Get(ctx, f.ws, f.newTag)
		_, s.oldTagErr = tx.Tags().Get(ctx, f.ws, f.oldTag)
		_, s.newDefErr = tx.Fields().Get(ctx, f.ws, f.newDef.Key)
		s.oldDef, s.oldDefErr = tx.Fields().Get(ctx, f.ws, f.oldDef.Key)
		var page store.Page[contact.Change]
		page, s.historyErr = tx.History().List(ctx, f.ws, f.existing.ID, "", store.PageRequest{})
		s.history = page.Items
		return nil
	})
	return s
}

// checkNothingWritten reports every write of f that is visible, after what,
// quoting rule.
func (e *env) checkNothingWritten(t *testing.T, f *txFixture, after, rule string) {
	t.Helper()
	s := e.readState(t, f)
	if !errors.Is(s.createdErr, store.ErrNotFound) {
		t.Errorf("%s, the contact it created is visible (Contacts.Get got err %v, want store.ErrNotFound); %s", after, s.createdErr, rule)
	}
	if !errors.Is(s.createdByEmailErr, store.ErrNotFound) {
		t.Errorf("%s, the email of the contact it created is taken (Contacts.ByEmail got err %v, want store.ErrNotFound); %s", after, s.createdByEmailErr, rule)
	}
	switch {
	case s.existingErr != nil:
		t.Errorf("%s, Contacts.Get of the contact stored before: got err %v, want nil", after, s.existingErr)
	case s.existing.Version != 1 || s.existing.FirstName != f.existing.FirstName:
		t.Errorf("%s, the contact it updated is %q at version %d, want %q at version 1; %s", after, s.existing.FirstName, s.existing.Version, f.existing.FirstName, rule)
	}
	if !errors.Is(s.newTagErr, store.ErrNotFound) {
		t.Errorf("%s, the tag it created is visible (Tags.Get got err %v, want store.ErrNotFound); %s", after, s.newTagErr, rule)
	}
	if s.oldTagErr != nil {
		t.Errorf("%s, the tag it deleted is gone (Tags.Get got err %v, want nil); %s", after, s.oldTagErr, rule)
	}
	if !errors.Is(s.newDefErr, store.ErrNotFound) {
		t.Errorf("%s, the field definition it created is visible (Fields.Get got err %v, want store.ErrNotFound); %s", after, s.newDefErr, rule)
	}
	switch {
	case s.oldDefErr != nil:
		t.Errorf("%s, Fields.Get of the definition stored before: got err %v, want nil", after, s.oldDefErr)
	case s.oldDef.Version != 1 || s.oldDef.Label != f.oldDef.Label:
		t.Errorf("%s, the field definition it updated has label %q at version %d, want %q at version 1; %s", after, s.oldDef.Label, s.oldDef.Version, f.oldDef.Label, rule)
	}
	if s.historyErr != nil || len(s.history) != 0 {
		t.Errorf("%s, History.List of the contact got %d changes, err %v, want none; %s", after, len(s.history), s.historyErr, rule)
	}
	e.checkEngagementNothing(t, f, after, rule)
	e.checkContact(t, f.doomed, after+", the contact it erased", rule)
	got, err := e.byEmail(t, f.ws, f.doomed.Email)
	checkFinds(t, after+", Contacts.ByEmail of the contact it erased", got, err, f.doomed, rule)
	e.checkKept(t, f.doomedDeps, after+", the records of the contact it erased", rule)
}

// checkAllWritten reports every write of f that is not visible after a
// committed transaction.
func (e *env) checkAllWritten(t *testing.T, f *txFixture, after string) {
	t.Helper()
	s := e.readState(t, f)
	const rule = "a transaction whose fn returns nil commits everything fn wrote"
	if s.createdErr != nil || s.createdByEmailErr != nil {
		t.Errorf("%s, the contact it created is not there: Contacts.Get got err %v, Contacts.ByEmail got err %v, want nil; %s", after, s.createdErr, s.createdByEmailErr, rule)
	}
	if s.existingErr != nil || s.existing.Version != 2 || s.existing.FirstName != changedName {
		t.Errorf("%s, the contact it updated is %q at version %d (err %v), want %q at version 2; %s", after, s.existing.FirstName, s.existing.Version, s.existingErr, changedName, rule)
	}
	if s.newTagErr != nil {
		t.Errorf("%s, Tags.Get of the tag it created: got err %v, want nil; %s", after, s.newTagErr, rule)
	}
	if !errors.Is(s.oldTagErr, store.ErrNotFound) {
		t.Errorf("%s, Tags.Get of the tag it deleted: got err %v, want store.ErrNotFound; %s", after, s.oldTagErr, rule)
	}
	if s.newDefErr != nil {
		t.Errorf("%s, Fields.Get of the definition it created: got err %v, want nil; %s", after, s.newDefErr, rule)
	}
	if s.oldDefErr != nil || s.oldDef.Version != 2 || s.oldDef.Label != changedLabel {
		t.Errorf("%s, the definition it updated has label %q at version %d (err %v), want %q at version 2; %s", after, s.oldDef.Label, s.oldDef.Version, s.oldDefErr, changedLabel, rule)
	}
	if s.historyErr != nil || len(s.history) != 1 {
		t.Errorf("%s, History.List of the contact got %d changes, err %v, want 1; %s", after, len(s.history), s.historyErr, rule)
	}
	e.checkEngagementAll(t, f, after, rule)
	if _, err := e.get(t, f.ws, f.doomed.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("%s, Contacts.Get of the contact it erased: got err %v, want store.ErrNotFound; %s", after, err, rule)
	}
	e.checkGone(t, f.doomedDeps, after+", the records of the contact it erased")
}

func testTxCommitOnNil(t *testing.T, e *env) {
	f := e.txSetup(t)
	ctx := t.Context()
	err := e.s.Update(ctx, func(tx store.Tx) error { return f.writeAll(ctx, tx) })
	if err != nil {
		t.Fatalf("Store.Update with writes to every accessor: got err %v, want nil", err)
	}
	e.checkAllWritten(t, f, "after Store.Update committed")
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
	if setupErr != nil {
		t.Fatalf("a write inside Store.Update failed, so the rollback cannot be checked: %v", setupErr)
	}
	if err != errFn {
		t.Errorf("Store.Update whose fn fails: got err %v, want fn's error unchanged (%v, by identity)", err, errFn)
	}
	e.checkNothingWritten(t, f, "after Store.Update whose fn returned an error", ruleRollback)

	// A wrapped error is returned as is too.
	wrapped := fmt.Errorf("use case: %w", errFn)
	if err := e.s.Update(ctx, func(store.Tx) error { return wrapped }); err != wrapped {
		t.Errorf("Store.Update whose fn returns a wrapped error: got err %v, want fn's error unchanged (by identity)", err)
	}
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

func testTxReadOwnWrites(t *testing.T, e *env) {
	f := e.txSetup(t)
	ctx := t.Context()
	var problems []string
	report := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	const rule = "a transaction reads its own writes"
	err := e.s.Update(ctx, func(tx store.Tx) error {
		if err := f.writeAll(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.Contacts().Get(ctx, f.ws, f.created.ID); err != nil {
			report("Contacts.Get of the contact created in the transaction: got err %v, want nil; %s", err, rule)
		}
		if got, err := tx.Contacts().ByEmail(ctx, f.ws, f.created.Email); err != nil || got.ID != f.created.ID {
			report("Contacts.ByEmail of the contact created in the transaction: got %s, err %v, want %s; %s", got.ID, err, f.created.ID, rule)
		}
		if got, err := tx.Contacts().ByPhone(ctx, f.ws, f.created.Phone); err != nil || got.ID != f.created.ID {
			report("Contacts.ByPhone of the contact created in the transaction: got %s, err %v, want %s; %s", got.ID, err, f.created.ID, rule)
		}
		if got, err := tx.Contacts().Get(ctx, f.ws, f.existing.ID); err != nil || got.Version != 2 || got.FirstName != changedName {
			report("Contacts.Get of the contact updated in the transaction: got %q at version %d, err %v, want %q at version 2; %s", got.FirstName, got.Version, err, changedName, rule)
		}
		page, err := tx.Contacts().List(ctx, f.ws, store.ContactQuery{}, store.PageRequest{Limit: 10})
		if err != nil || len(page.Items) != 2 {
			report("Contacts.List in the transaction that created a second contact: got %d contacts, err %v, want 2; %s", len(page.Items), err, rule)
		}
		if _, err := tx.Tags().Get(ctx, f.ws, f.newTag); err != nil {
			report("Tags.Get of the tag created in the transaction: got err %v, want nil; %s", err, rule)
		}
		if _, err := tx.Tags().Get(ctx, f.ws, f.oldTag); !errors.Is(err, store.ErrNotFound) {
			report("Tags.Get of the tag deleted in the transaction: got err %v, want store.ErrNotFound; %s", err, rule)
		}
		tags, err := tx.Tags().List(ctx, f.ws, store.PageRequest{Limit: 10})
		if err != nil || len(tags.Items) != 1 || tags.Items[0].Name.Key() != f.newTag.Key() {
			report("Tags.List in the transaction that replaced the only tag: got %v, err %v, want only %q; %s", tags.Items, err, f.newTag, rule)
		}
		if _, err := tx.Fields().Get(ctx, f.ws, f.newDef.Key); err != nil {
			report("Fields.Get of the definition created in the transaction: got err %v, want nil; %s", err, rule)
		}
		if got, err := tx.Fields().Get(ctx, f.ws, f.oldDef.Key); err != nil || got.Label != changedLabel || got.Version != 2 {
			report("Fields.Get of the definition updated in the transaction: got %q at version %d, err %v, want %q at version 2; %s", got.Label, got.Version, err, changedLabel, rule)
		}
		if defs, err := tx.Fields().List(ctx, f.ws); err != nil || len(defs) != 2 {
			report("Fields.List in the transaction that created a second definition: got %d, err %v, want 2; %s", len(defs), err, rule)
		}
		hist, err := tx.History().List(ctx, f.ws, f.existing.ID, "", store.PageRequest{})
		if err != nil || len(hist.Items) != 1 {
			report("History.List in the transaction that appended one change: got %d changes, err %v, want 1; %s", len(hist.Items), err, rule)
		}
		g := f.eng
		if _, err := tx.Lists().Get(ctx, f.ws, g.newList.ID); err != nil {
			report("Lists.Get of the list created in the transaction: got err %v, want nil; %s", err, rule)
		}
		if m, err := tx.Memberships().Get(ctx, f.ws, g.oldMember.List, g.oldMember.Contact); err != nil || m.Version != 2 || m.Status != list.StatusUnsubscribed {
			report("Memberships.Get of the membership updated in the transaction: got status %q at version %d, err %v, want %q at version 2; %s", m.Status, m.Version, err, list.StatusUnsubscribed, rule)
		}
		if _, err := tx.Consent().Get(ctx, f.ws, g.newConsent.Address); err != nil {
			report("Consent.Get of the entry created in the transaction: got err %v, want nil; %s", err, rule)
		}
		if found, err := tx.Automations().Triggered(ctx, f.ws, contactCreated); err != nil || len(found) != 2 {
			report("Automations.Triggered in the transaction that created a second active automation: got %d, err %v, want 2; %s", len(found), err, rule)
		}
		if en, err := tx.Enrollments().ByKey(ctx, f.ws, g.newEnroll.Automation, newKey); err != nil || en.ID != g.newEnroll.ID {
			report("Enrollments.ByKey of the enrollment created in the transaction: got %s, err %v, want %s; %s", en.ID, err, g.newEnroll.ID, rule)
		}
		if tl, err := tx.Activities().Timeline(ctx, f.ws, f.existing.ID, activity.Filter{}, store.PageRequest{}); err != nil || len(tl.Items) != 2 {
			report("Activities.Timeline in the transaction that created a second activity: got %d, err %v, want 2; %s", len(tl.Items), err, rule)
		}
		if _, err := tx.Contacts().Get(ctx, f.ws, f.doomed.ID); !errors.Is(err, store.ErrNotFound) {
			report("Contacts.Get of the contact erased in the transaction: got err %v, want store.ErrNotFound; %s", err, rule)
		}
		if _, err := tx.Contacts().ByEmail(ctx, f.ws, f.doomed.Email); !errors.Is(err, store.ErrNotFound) {
			report("Contacts.ByEmail of the contact erased in the transaction: got err %v, want store.ErrNotFound; %s", err, rule)
		}
		if tl, err := tx.Activities().Timeline(ctx, f.ws, f.doomed.ID, activity.Filter{}, store.PageRequest{}); err != nil || len(tl.Items) != 0 {
			report("Activities.Timeline of the contact erased in the transaction: got %d, err %v, want an empty page; %s", len(tl.Items), err, rule)
		}
		if _, err := tx.Enrollments().ByKey(ctx, f.ws, g.oldFlow.ID, doomedKey); !errors.Is(err, store.ErrNotFound) {
			report("Enrollments.ByKey of the enrollment of the contact erased in the transaction: got err %v, want store.ErrNotFound; %s", err, rule)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Store.Update with writes to every accessor: got err %v, want nil", err)
	}
	for _, p := range problems {
		t.Error(p)
	}
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
