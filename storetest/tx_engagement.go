package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

// txEngagement is the part of a txFixture that the engagement accessors
// hold: one record of each stored (version 1), and one of each that the
// transaction writes.
type txEngagement struct {
	oldList    list.List
	oldMember  list.Membership // the existing contact in oldList
	oldConsent list.Consent    // the existing contact's email
	oldFlow    automation.Automation
	oldEnroll  automation.Enrollment // the existing contact in oldFlow, with oldKey
	oldNote    activity.Activity     // of the existing contact

	newList    list.List
	newMember  list.Membership // the existing contact in newList
	newConsent list.Consent    // the existing contact's phone, on SMS
	newFlow    automation.Automation
	newEnroll  automation.Enrollment // the existing contact in oldFlow, with newKey
	newNote    activity.Activity     // of the existing contact
}

const (
	oldKey = "storetest-old-key"
	newKey = "storetest-new-key"
)

// txEngagementSetup stores the "old" engagement records of f.
func (e *env) txEngagementSetup(t *testing.T, f *txFixture) *txEngagement {
	t.Helper()
	ctx := t.Context()
	c := f.existing.ID
	g := &txEngagement{
		oldList: e.mailingList("Old list"),
		newList: e.mailingList("New list"),
		oldFlow: e.flow(t, "Old automation"),
		newFlow: e.flow(t, "New automation"),
		oldNote: e.note(c, "Old note", 1),
		newNote: e.note(c, "New note", 2),
	}
	g.oldMember = e.member(g.oldList, c, 1)
	g.newMember = e.member(g.newList, c, 2)
	email, okEmail := list.AddressOf(list.ChannelEmail, &f.existing)
	sms, okSMS := list.AddressOf(list.ChannelSMS, &f.existing)
	if !okEmail || !okSMS {
		t.Fatalf("storetest fixture: list.AddressOf gave no email or SMS address for a contact with both")
	}
	g.oldConsent = e.ledgerEntry(email, 1)
	g.newConsent = e.ledgerEntry(sms, 2)
	g.oldEnroll = e.enrollment(t, &g.oldFlow, c, oldKey)
	g.newEnroll = e.enrollment(t, &g.oldFlow, c, newKey)
	e.update(t, "setup: a record of every engagement accessor", func(tx store.Tx) error {
		for _, w := range []op{
			{"Lists.Create", func(ctx context.Context, tx store.Tx) error { return tx.Lists().Create(ctx, f.ws, &g.oldList) }},
			{"Memberships.Put", func(ctx context.Context, tx store.Tx) error { return tx.Memberships().Put(ctx, f.ws, &g.oldMember) }},
			{"Consent.Put", func(ctx context.Context, tx store.Tx) error { return tx.Consent().Put(ctx, f.ws, &g.oldConsent) }},
			{"Automations.Create", func(ctx context.Context, tx store.Tx) error { return tx.Automations().Create(ctx, f.ws, &g.oldFlow) }},
			{"Enrollments.Create", func(ctx context.Context, tx store.Tx) error { return tx.Enrollments().Create(ctx, f.ws, &g.oldEnroll) }},
			{"Activities.Create", func(ctx context.Context, tx store.Tx) error { return tx.Activities().Create(ctx, f.ws, &g.oldNote) }},
		} {
			if err := w.do(ctx, tx); err != nil {
				return fmt.Errorf("%s: %w", w.name, err)
			}
		}
		return nil
	})
	return g
}

// writes returns one call of every write method of the engagement
// accessors (Put twice: a creation and an update), each of which succeeds
// in a read-write transaction with a live context.
func (g *txEngagement) writes(f *txFixture) []op {
	ws := f.ws
	return []op{
		{"Lists.Create", func(ctx context.Context, tx store.Tx) error {
			l := g.newList
			return tx.Lists().Create(ctx, ws, &l)
		}},
		{"Lists.Update", func(ctx context.Context, tx store.Tx) error {
			l := g.oldList
			l.Name = changedName
			return tx.Lists().Update(ctx, ws, &l)
		}},
		{"Memberships.Put (a creation)", func(ctx context.Context, tx store.Tx) error {
			m := g.newMember
			return tx.Memberships().Put(ctx, ws, &m)
		}},
		{"Memberships.Put (an update)", func(ctx context.Context, tx store.Tx) error {
			m := g.oldMember
			m.Status = list.StatusUnsubscribed
			return tx.Memberships().Put(ctx, ws, &m)
		}},
		{"Consent.Put (a creation)", func(ctx context.Context, tx store.Tx) error {
			c := g.newConsent
			return tx.Consent().Put(ctx, ws, &c)
		}},
		{"Consent.Put (an update)", func(ctx context.Context, tx store.Tx) error {
			c := g.oldConsent
			c.Status = list.ConsentUnsubscribed
			return tx.Consent().Put(ctx, ws, &c)
		}},
		{"Automations.Create", func(ctx context.Context, tx store.Tx) error {
			a := g.newFlow.Clone()
			return tx.Automations().Create(ctx, ws, &a)
		}},
		{"Automations.Update", func(ctx context.Context, tx store.Tx) error {
			a := g.oldFlow.Clone()
			a.Name = changedName
			return tx.Automations().Update(ctx, ws, &a)
		}},
		{"Enrollments.Create", func(ctx context.Context, tx store.Tx) error {
			en := g.newEnroll.Clone()
			return tx.Enrollments().Create(ctx, ws, &en)
		}},
		{"Enrollments.Update", func(ctx context.Context, tx store.Tx) error {
			en := g.oldEnroll.Clone()
			en.StopReason = changedName
			return tx.Enrollments().Update(ctx, ws, &en)
		}},
		{"Activities.Create", func(ctx context.Context, tx store.Tx) error {
			a := g.newNote.Clone()
			return tx.Activities().Create(ctx, ws, &a)
		}},
		{"Activities.Update", func(ctx context.Context, tx store.Tx) error {
			a := g.oldNote.Clone()
			a.Body = changedName
			return tx.Activities().Update(ctx, ws, &a)
		}},
	}
}

// reads returns one call of every read method of the engagement accessors,
// each of which succeeds on the stored records.
func (g *txEngagement) reads(f *txFixture) []op {
	ws := f.ws
	return []op{
		{"Lists.Get", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Lists().Get(ctx, ws, g.oldList.ID)
			return err
		}},
		{"Lists.List", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Lists().List(ctx, ws, store.PageRequest{})
			return err
		}},
		{"Memberships.Get", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Memberships().Get(ctx, ws, g.oldMember.List, g.oldMember.Contact)
			return err
		}},
		{"Memberships.List", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Memberships().List(ctx, ws, store.MembershipQuery{List: g.oldList.ID}, store.PageRequest{})
			return err
		}},
		{"Consent.Get", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Consent().Get(ctx, ws, g.oldConsent.Address)
			return err
		}},
		{"Automations.Get", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Automations().Get(ctx, ws, g.oldFlow.ID)
			return err
		}},
		{"Automations.List", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Automations().List(ctx, ws, store.PageRequest{})
			return err
		}},
		{"Automations.Triggered", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Automations().Triggered(ctx, ws, contactCreated)
			return err
		}},
		{"Enrollments.Get", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Enrollments().Get(ctx, ws, g.oldEnroll.ID)
			return err
		}},
		{"Enrollments.ByKey", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Enrollments().ByKey(ctx, ws, g.oldFlow.ID, oldKey)
			return err
		}},
		{"Enrollments.List", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Enrollments().List(ctx, ws, store.EnrollmentQuery{Contact: f.existing.ID}, store.PageRequest{})
			return err
		}},
		{"Activities.Get", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Activities().Get(ctx, ws, g.oldNote.ID)
			return err
		}},
		{"Activities.Timeline", func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Activities().Timeline(ctx, ws, f.existing.ID, activity.Filter{}, store.PageRequest{})
			return err
		}},
	}
}

// engagementState is what a txFixture's workspace holds of the engagement
// records, read in one View.
type engagementState struct {
	newList, newMember, newConsent, newFlow, newEnroll, newKey, newNote error // the errors of reading the new records
	oldList                                                             list.List
	oldMember                                                           list.Membership
	oldConsent                                                          list.Consent
	oldFlow                                                             automation.Automation
	oldEnroll                                                           automation.Enrollment
	oldNote                                                             activity.Activity
	oldErrs                                                             []error
	timeline                                                            int // activities of the existing contact
}

func (e *env) readEngagement(t *testing.T, f *txFixture) engagementState {
	t.Helper()
	ctx := t.Context()
	g := f.eng
	var s engagementState
	e.view(t, "reading back the engagement records", func(tx store.Tx) error {
		ws := f.ws
		_, s.newList = tx.Lists().Get(ctx, ws, g.newList.ID)
		_, s.newMember = tx.Memberships().Get(ctx, ws, g.newMember.List, g.newMember.Contact)
		_, s.newConsent = tx.Consent().Get(ctx, ws, g.newConsent.Address)
		_, s.newFlow = tx.Automations().Get(ctx, ws, g.newFlow.ID)
		_, s.newEnroll = tx.Enrollments().Get(ctx, ws, g.newEnroll.ID)
		_, s.newKey = tx.Enrollments().ByKey(ctx, ws, g.newEnroll.Automation, newKey)
		_, s.newNote = tx.Activities().Get(ctx, ws, g.newNote.ID)
		var errs [6]error
		s.oldList, errs[0] = tx.Lists().Get(ctx, ws, g.oldList.ID)
		s.oldMember, errs[1] = tx.Memberships().Get(ctx, ws, g.oldMember.List, g.oldMember.Contact)
		s.oldConsent, errs[2] = tx.Consent().Get(ctx, ws, g.oldConsent.Address)
		s.oldFlow, errs[3] = tx.Automations().Get(ctx, ws, g.oldFlow.ID)
		s.oldEnroll, errs[4] = tx.Enrollments().Get(ctx, ws, g.oldEnroll.ID)
		s.oldNote, errs[5] = tx.Activities().Get(ctx, ws, g.oldNote.ID)
		s.oldErrs = errs[:]
		page, err := tx.Activities().Timeline(ctx, ws, f.existing.ID, activity.Filter{}, store.PageRequest{})
		if err != nil {
			return fmt.Errorf("Activities.Timeline: %w", err)
		}
		s.timeline = len(page.Items)
		return nil
	})
	for i, err := range s.oldErrs {
		if err != nil {
			t.Fatalf("reading back the engagement records stored before: read %d got err %v, want nil", i, err)
		}
	}
	return s
}

// news names the new records, for messages.
var news = []string{
	"the list it created (Lists.Get)",
	"the membership it created (Memberships.Get)",
	"the consent entry it created (Consent.Get)",
	"the automation it created (Automations.Get)",
	"the enrollment it created (Enrollments.Get)",
	"the idempotency key of the enrollment it created (Enrollments.ByKey)",
	"the activity it created (Activities.Get)",
}

func (s *engagementState) newErrs() []error {
	return []error{s.newList, s.newMember, s.newConsent, s.newFlow, s.newEnroll, s.newKey, s.newNote}
}

// checkEngagementNothing reports every engagement write of f that is
// visible.
func (e *env) checkEngagementNothing(t *testing.T, f *txFixture, after, rule string) {
	t.Helper()
	s := e.readEngagement(t, f)
	for i, err := range s.newErrs() {
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s, %s is visible: got err %v, want store.ErrNotFound; %s", after, news[i], err, rule)
		}
	}
	g := f.eng
	for _, x := range []struct {
		what    string
		version int64
		changed bool
	}{
		{"the list it updated (Lists.Get)", s.oldList.Version, s.oldList.Name != g.oldList.Name},
		{"the membership it updated (Memberships.Get)", s.oldMember.Version, s.oldMember.Status != g.oldMember.Status},
		{"the consent entry it updated (Consent.Get)", s.oldConsent.Version, s.oldConsent.Status != g.oldConsent.Status},
		{"the automation it updated (Automations.Get)", s.oldFlow.Version, s.oldFlow.Name != g.oldFlow.Name},
		{"the enrollment it updated (Enrollments.Get)", s.oldEnroll.Version, s.oldEnroll.StopReason != g.oldEnroll.StopReason},
		{"the activity it updated (Activities.Get)", s.oldNote.Version, s.oldNote.Body != g.oldNote.Body},
	} {
		if x.version != 1 || x.changed {
			t.Errorf("%s, %s is at version %d, changed: %v; want as stored before, at version 1; %s", after, x.what, x.version, x.changed, rule)
		}
	}
	if s.timeline != 1 {
		t.Errorf("%s, Activities.Timeline of the contact got %d activities, want 1 (the one stored before); %s", after, s.timeline, rule)
	}
}

// checkEngagementAll reports every engagement write of f that is not
// visible after a committed transaction.
func (e *env) checkEngagementAll(t *testing.T, f *txFixture, after, rule string) {
	t.Helper()
	s := e.readEngagement(t, f)
	for i, err := range s.newErrs() {
		if err != nil {
			t.Errorf("%s, %s is not there: got err %v, want nil; %s", after, news[i], err, rule)
		}
	}
	for _, x := range []struct {
		what    string
		version int64
		changed bool
	}{
		{"the list it updated (Lists.Get)", s.oldList.Version, s.oldList.Name == changedName},
		{"the membership it updated (Memberships.Get)", s.oldMember.Version, s.oldMember.Status == list.StatusUnsubscribed},
		{"the consent entry it updated (Consent.Get)", s.oldConsent.Version, s.oldConsent.Status == list.ConsentUnsubscribed},
		{"the automation it updated (Automations.Get)", s.oldFlow.Version, s.oldFlow.Name == changedName},
		{"the enrollment it updated (Enrollments.Get)", s.oldEnroll.Version, s.oldEnroll.StopReason == changedName},
		{"the activity it updated (Activities.Get)", s.oldNote.Version, s.oldNote.Body == changedName},
	} {
		if x.version != 2 || !x.changed {
			t.Errorf("%s, %s is at version %d, changed: %v; want changed, at version 2; %s", after, x.what, x.version, x.changed, rule)
		}
	}
	if s.timeline != 2 {
		t.Errorf("%s, Activities.Timeline of the contact got %d activities, want 2; %s", after, s.timeline, rule)
	}
}

// testTxRollbackEngagement checks that a rolled back transaction leaves
// nothing taken: after it, every write it made succeeds again, each in a
// transaction of its own, so its IDs, its memberships' and ledger entries'
// keys, its enrollment's idempotency key and the versions it bumped are
// free.
func testTxRollbackEngagement(t *testing.T, e *env) {
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
	e.checkEngagementNothing(t, f, "after Store.Update whose fn returned an error", ruleRollback)
	for _, w := range f.writes() {
		if err := e.s.Update(ctx, func(tx store.Tx) error { return w.do(ctx, tx) }); err != nil {
			t.Errorf("%s, in a transaction of its own after a rolled back transaction made the same write: got err %v, want nil; %s: an ID, a key, an idempotency key or a version it took must be free again", w.name, err, ruleRollback)
		}
	}
	e.checkAllWritten(t, f, "after every write of the rolled back transaction was made again, each in a transaction of its own")
}
