package storetest

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

// The Erase cases certify Contacts.Erase: the contact, live or in the
// trash, goes for good (D3) with every record the store holds for it, but
// the consent ledger keeps what it knows (L3).

// Rules quoted by the Erase cases.
const (
	ruleErase     = "Erase removes the contact, live or in the trash, for good (D3)"
	ruleEraseDeps = "Erase removes every record the store holds for the contact: its activities, list memberships, enrollments (freeing their idempotency keys) and property history"
	ruleEraseKeep = "Erase removes the records of the erased contact only"
	ruleEraseL3   = "Erase never touches the consent ledger: an entry, once written, stays (L3, D3)"
)

// erase erases contact id of ws in a transaction of its own.
func (e *env) erase(t *testing.T, ws contact.WorkspaceID, id contact.ID) error {
	ctx := t.Context()
	return e.s.Update(ctx, func(tx store.Tx) error { return tx.Contacts().Erase(ctx, ws, id) })
}

// mustErase erases contact id of ws, or stops the case.
func (e *env) mustErase(t *testing.T, ws contact.WorkspaceID, id contact.ID, what string) {
	t.Helper()
	if err := e.erase(t, ws, id); err != nil {
		t.Fatalf("Contacts.Erase of %s: got err %v, want nil", what, err)
	}
}

// checkErased reports a contact c that the store still holds in any way
// after it was erased: Get, ByEmail, ByPhone, every listing, Update and a
// second Erase must all find nothing.
func (e *env) checkErased(t *testing.T, c contact.Contact, after string) {
	t.Helper()
	ws := c.Workspace
	if got, err := e.get(t, ws, c.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("%s, Contacts.Get of the contact: got trashed %v, err %v, want store.ErrNotFound; %s", after, got.Trashed(), err, ruleErase)
	}
	// Another live contact may hold its email and phone: the lookups must
	// not find the erased contact.
	notIt := func(what string, got contact.Contact, err error) {
		t.Helper()
		switch {
		case err == nil && got.ID == c.ID:
			t.Errorf("%s, %s finds the contact; %s", after, what, ruleErase)
		case err != nil && !errors.Is(err, store.ErrNotFound):
			t.Errorf("%s, %s: got err %v, want nil or store.ErrNotFound", after, what, err)
		}
	}
	if !c.Email.IsZero() {
		got, err := e.byEmail(t, ws, c.Email)
		notIt("Contacts.ByEmail of its email", got, err)
	}
	if !c.Phone.IsZero() {
		got, err := e.byPhone(t, ws, c.Phone)
		notIt("Contacts.ByPhone of its phone", got, err)
	}
	for _, q := range []store.ContactQuery{{}, {Trashed: true}} {
		if listed, ok := e.listContacts(t, ws, q, 0, 10, nil); ok && slices.Contains(idsOf(listed), c.ID) {
			t.Errorf("%s, Contacts.List with %s lists the contact; %s", after, showQuery(q), ruleErase)
		}
	}
	u := c.Clone()
	u.FirstName = "Erased"
	if err := e.tryUpdate(t, &u); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("%s, Contacts.Update of the contact at its last version: got err %v, want store.ErrNotFound (there is no such contact); %s", after, err, ruleErase)
	}
	if _, err := e.get(t, ws, c.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("%s, Contacts.Update of the contact must not bring it back: Contacts.Get got err %v, want store.ErrNotFound", after, err)
	}
	if err := e.erase(t, ws, c.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("%s, Contacts.Erase of the contact again: got err %v, want store.ErrNotFound (ErrNotFound if there is no such contact)", after, err)
	}
}

func testEraseLive(t *testing.T, e *env) {
	ws := newWorkspace()
	a := e.fullContact(t, ws)
	e.create(t, &a)
	b := e.person(ws, "Grace", "Hopper")
	b.Email = mustEmail(t, "grace@example.org")
	e.create(t, &b)

	e.mustErase(t, ws, a.ID, "a live contact")
	e.checkErased(t, a, "after Contacts.Erase of a live contact")
	got, err := e.byEmail(t, ws, a.Email)
	checkNotFound(t, "after Contacts.Erase of a live contact, Contacts.ByEmail of its email", got, err, ruleErase)
	got, err = e.byPhone(t, ws, a.Phone)
	checkNotFound(t, "after Contacts.Erase of a live contact, Contacts.ByPhone of its phone", got, err, ruleErase)
	e.checkContact(t, b, "after Contacts.Erase of another contact of the workspace", ruleEraseKeep)
	got, err = e.byEmail(t, ws, b.Email)
	checkFinds(t, "Contacts.ByEmail of another contact after Contacts.Erase", got, err, b, ruleEraseKeep)
	if listed, ok := e.listContacts(t, ws, store.ContactQuery{}, 0, 10, nil); ok {
		checkEachOnce(t, "Contacts.List after Contacts.Erase of one of two contacts", idsOf(listed), []contact.ID{b.ID}, nil)
	}

	c := e.person(ws, "Alan", "Turing")
	c.Email, c.Phone = a.Email, a.Phone
	if err := e.tryCreate(t, &c); err != nil {
		t.Errorf("Contacts.Create of a live contact with the email and phone of an erased contact: got err %v, want nil (an erased contact holds nothing); %s", err, ruleErase)
	}
}

func testEraseTrashed(t *testing.T, e *env) {
	ws := newWorkspace()
	a := e.fullContact(t, ws)
	e.create(t, &a)
	e.trashAt(&a, 1)
	e.save(t, &a)
	// A live contact took its email and phone.
	b := e.person(ws, "Grace", "Hopper")
	b.Email, b.Phone = a.Email, a.Phone
	e.createFreed(t, &b)
	// Another stays in the trash.
	c := e.person(ws, "Alan", "Turing")
	e.trashAt(&c, 2)
	e.create(t, &c)

	e.mustErase(t, ws, a.ID, "a contact in the trash")
	e.checkErased(t, a, "after Contacts.Erase of a contact in the trash")
	e.checkContact(t, b, "after Contacts.Erase of a contact in the trash, the live contact that took its email and phone", ruleEraseKeep)
	got, err := e.byEmail(t, ws, b.Email)
	checkFinds(t, "Contacts.ByEmail of the email a live contact took from an erased contact in the trash", got, err, b, ruleEraseKeep+": the live contact still holds its email")
	got, err = e.byPhone(t, ws, b.Phone)
	checkFinds(t, "Contacts.ByPhone of the phone a live contact took from an erased contact in the trash", got, err, b, ruleEraseKeep+": the live contact still holds its phone")
	if listed, ok := e.listContacts(t, ws, store.ContactQuery{Trashed: true}, 0, 10, nil); ok {
		checkEachOnce(t, "Contacts.List with ContactQuery{Trashed: true} after Contacts.Erase of one of two contacts in the trash", idsOf(listed), []contact.ID{c.ID}, nil)
	}
}

func testEraseMissing(t *testing.T, e *env) {
	ws := newWorkspace()
	if err := e.erase(t, ws, newID()); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Contacts.Erase of an ID never stored, in an empty workspace: got err %v, want store.ErrNotFound", err)
	}
	a := e.person(ws, "Ada", "Lovelace")
	e.create(t, &a)
	for _, x := range []struct {
		what string
		id   contact.ID
	}{
		{"an ID never stored", newID()},
		{"the zero ID", contact.ID{}},
	} {
		if err := e.erase(t, ws, x.id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Contacts.Erase of %s: got err %v, want store.ErrNotFound", x.what, err)
		}
	}
	e.checkContact(t, a, "after Contacts.Erase of IDs never stored", "an Erase that fails writes nothing")
}

// dependents are the records of one contact that Erase removes, as stored.
type dependents struct {
	ws      contact.WorkspaceID
	who     contact.ID
	flow    automation.ID
	key     string // the idempotency key of enrolls[0], in flow
	acts    []activity.Activity
	members []list.Membership // ascending list ID
	enrolls []automation.Enrollment
	history []contact.Change
}

// storeDependents stores records of contact who of g's workspace: a note
// and a task, a membership of each of lists, an enrollment in g's
// automation with key, and two changes of history. n tells the records of
// one call from those of another.
func (e *env) storeDependents(t *testing.T, g *engaged, who contact.ID, key string, lists []list.List, n int) *dependents {
	t.Helper()
	ctx := t.Context()
	d := &dependents{ws: g.ws, who: who, flow: g.flow.ID, key: key}
	d.acts = []activity.Activity{e.note(who, fmt.Sprintf("Note %d", n), n), e.task(who, g.flow.ID)}
	for i, l := range lists {
		d.members = append(d.members, e.member(l, who, n+i))
	}
	d.enrolls = []automation.Enrollment{e.enrollment(t, &g.flow, who, key)}
	d.history = []contact.Change{
		e.change(who, contact.FieldCity, "", fmt.Sprintf("City %d", n), n),
		e.change(who, contact.FieldDeletedAt, "", "2024-05-17T07:31:15.000000001Z", n+1),
	}
	e.update(t, "setup: the activities, memberships, enrollments and history of a contact", func(tx store.Tx) error {
		for i := range d.acts {
			if err := tx.Activities().Create(ctx, g.ws, &d.acts[i]); err != nil {
				return fmt.Errorf("Activities.Create: %w", err)
			}
		}
		for i := range d.members {
			if err := tx.Memberships().Put(ctx, g.ws, &d.members[i]); err != nil {
				return fmt.Errorf("Memberships.Put: %w", err)
			}
		}
		for i := range d.enrolls {
			if err := tx.Enrollments().Create(ctx, g.ws, &d.enrolls[i]); err != nil {
				return fmt.Errorf("Enrollments.Create: %w", err)
			}
		}
		if err := tx.History().Append(ctx, g.ws, d.history...); err != nil {
			return fmt.Errorf("History.Append: %w", err)
		}
		return nil
	})
	slices.SortFunc(d.members, func(a, b list.Membership) int { return a.List.Compare(b.List) })
	slices.SortFunc(d.enrolls, func(a, b automation.Enrollment) int { return a.ID.Compare(b.ID) })
	return d
}

// checkKept reports a record of d that is not as stored.
func (e *env) checkKept(t *testing.T, d *dependents, after, rule string) {
	t.Helper()
	if got, ok := e.timeline(t, d.ws, d.who, activity.Filter{}, 0, 10, nil); ok {
		checkTimeline(t, after+", Activities.Timeline of the contact ("+rule+")", got, d.acts, activity.Filter{})
	}
	for _, a := range d.acts {
		k := activitiesAggregate(t, e)
		k.checkStored(t, e, d.ws, a, after, rule)
	}
	if got, ok := e.listMembers(t, d.ws, store.MembershipQuery{Contact: d.who}, 0, 10); ok {
		if len(got) != len(d.members) {
			t.Errorf("%s, Memberships.List of the contact: got %d memberships, want %d; %s", after, len(got), len(d.members), rule)
		} else if df := diff(got, d.members); df != "" {
			t.Errorf("%s, Memberships.List of the contact: %s; %s", after, df, rule)
		}
	}
	if got, ok := e.listEnrollments(t, d.ws, store.EnrollmentQuery{Contact: d.who}, 0, 10); ok {
		if len(got) != len(d.enrolls) {
			t.Errorf("%s, Enrollments.List of the contact: got %d enrollments, want %d; %s", after, len(got), len(d.enrolls), rule)
		} else if df := diff(got, d.enrolls); df != "" {
			t.Errorf("%s, Enrollments.List of the contact: %s; %s", after, df, rule)
		}
	}
	if got, err := e.byKey(t, d.ws, d.flow, d.key); err != nil || got.ID != d.enrolls[0].ID {
		t.Errorf("%s, Enrollments.ByKey of the contact's idempotency key %q: got enrollment %s, err %v, want %s; %s", after, d.key, got.ID, err, d.enrolls[0].ID, rule)
	}
	if got, ok := e.listHistory(t, d.ws, d.who, "", 0, 10); ok {
		checkChanges(t, after+", History.List of the contact ("+rule+")", got, d.history)
	}
}

// checkGone reports a record of d that the store still holds.
func (e *env) checkGone(t *testing.T, d *dependents, after string) {
	t.Helper()
	rule := ruleEraseDeps
	if got, ok := e.timeline(t, d.ws, d.who, activity.Filter{}, 0, 10, nil); ok && len(got) != 0 {
		t.Errorf("%s, Activities.Timeline of the contact: got %d activities, want an empty page; %s", after, len(got), rule)
	}
	ctx := t.Context()
	for _, a := range d.acts {
		_, err := activitiesAggregate(t, e).tryGet(t, e, d.ws, &a)
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s, Activities.Get of its %s %s: got err %v, want store.ErrNotFound; %s", after, a.Kind, a.ID, err, rule)
		}
	}
	if got, ok := e.listMembers(t, d.ws, store.MembershipQuery{Contact: d.who}, 0, 10); ok && len(got) != 0 {
		t.Errorf("%s, Memberships.List of the contact: got %d memberships, want an empty page; %s", after, len(got), rule)
	}
	for _, m := range d.members {
		if _, err := e.getMember(t, d.ws, m.List, m.Contact); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s, Memberships.Get of its membership of list %s: got err %v, want store.ErrNotFound; %s", after, m.List, err, rule)
		}
		if got, ok := e.listMembers(t, d.ws, store.MembershipQuery{List: m.List}, 0, 10); ok && slices.ContainsFunc(got, func(x list.Membership) bool { return x.Contact == d.who }) {
			t.Errorf("%s, Memberships.List of list %s lists the contact; %s", after, m.List, rule)
		}
	}
	if got, ok := e.listEnrollments(t, d.ws, store.EnrollmentQuery{Contact: d.who}, 0, 10); ok && len(got) != 0 {
		t.Errorf("%s, Enrollments.List of the contact: got %d enrollments, want an empty page; %s", after, len(got), rule)
	}
	for _, en := range d.enrolls {
		if _, err := e.getEnrollment(t, d.ws, en.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s, Enrollments.Get of its enrollment: got err %v, want store.ErrNotFound; %s", after, err, rule)
		}
	}
	if got, err := e.byKey(t, d.ws, d.flow, d.key); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("%s, Enrollments.ByKey of its idempotency key %q: got enrollment %s, err %v, want store.ErrNotFound; %s", after, d.key, got.ID, err, rule)
	}
	var page store.Page[contact.Change]
	err := e.s.View(ctx, func(tx store.Tx) error {
		var err error
		page, err = tx.History().List(ctx, d.ws, d.who, "", store.PageRequest{})
		return err
	})
	if err != nil || len(page.Items) != 0 || page.Next != "" {
		t.Errorf("%s, History.List of the contact: got %d changes, Next %q, err %v, want an empty last page and nil; %s", after, len(page.Items), page.Next, err, rule)
	}
}

func testEraseDependents(t *testing.T, e *env) {
	g := e.engage(t)
	ctx := t.Context()
	second := e.mailingList("Second list")
	e.update(t, "setup: Lists.Create", func(tx store.Tx) error { return tx.Lists().Create(ctx, g.ws, &second) })
	other := e.person(g.ws, "Grace", "Hopper")
	e.create(t, &other)

	gone := e.storeDependents(t, g, g.who.ID, "erase-key", []list.List{g.list, second}, 1)
	kept := e.storeDependents(t, g, other.ID, "other-key", []list.List{g.list}, 20)
	e.checkKept(t, gone, "setup: before Contacts.Erase", "the records of a contact are stored")

	e.mustErase(t, g.ws, g.who.ID, "a contact with activities, memberships, enrollments and history")
	after := "after Contacts.Erase of a contact"
	e.checkGone(t, gone, after)
	e.checkKept(t, kept, after+", the records of another contact of the workspace", ruleEraseKeep)
	e.checkErased(t, g.who, after)

	if _, err := listsAggregate(t, e).tryGet(t, e, g.ws, &g.list); err != nil {
		t.Errorf("%s, Lists.Get of a list the contact was a member of: got err %v, want nil; %s, not the lists", after, err, ruleEraseDeps)
	}
	if _, err := automationsAggregate(t, e).tryGet(t, e, g.ws, &g.flow); err != nil {
		t.Errorf("%s, Automations.Get of the automation the contact was enrolled in: got err %v, want nil; %s, not the automations", after, err, ruleEraseDeps)
	}

	again := e.enrollment(t, &g.flow, other.ID, gone.key)
	if err := e.createEnrollment(t, g.ws, &again); err != nil {
		t.Errorf("%s, Enrollments.Create with the idempotency key of its enrollment, in the same automation: got err %v, want nil; %s", after, err, ruleEraseDeps)
	}
}

func testEraseKeepsConsent(t *testing.T, e *env) {
	ws := newWorkspace()
	live := e.person(ws, "Ada", "Lovelace")
	live.Email, live.Phone = mustEmail(t, "erased@example.org"), phoneN(t, 61)
	e.create(t, &live)
	trashed := e.person(ws, "Grace", "Hopper")
	trashed.Email = mustEmail(t, "trashed.erased@example.org")
	e.trashAt(&trashed, 1)
	e.create(t, &trashed)

	var entries []list.Consent
	for _, x := range []struct {
		c  *contact.Contact
		ch list.Channel
	}{
		{&live, list.ChannelEmail},
		{&live, list.ChannelSMS},
		{&trashed, list.ChannelEmail},
	} {
		a, ok := list.AddressOf(x.ch, x.c)
		if !ok {
			t.Fatalf("storetest fixture: list.AddressOf(%s) gave no address", x.ch)
		}
		entry := e.ledgerEntry(a, len(entries)+1)
		if len(entries) != 1 {
			entry = e.unsubscribed(entry, len(entries)+5)
		}
		e.mustPutConsent(t, ws, &entry)
		entries = append(entries, entry)
	}

	e.mustErase(t, ws, live.ID, "a live contact")
	e.mustErase(t, ws, trashed.ID, "a contact in the trash")
	for _, entry := range entries {
		e.checkConsent(t, ws, entry, "after Contacts.Erase of the contact that had the address", ruleEraseL3)
	}
}

func testIsolationErase(t *testing.T, e *env) {
	g, h := e.engage(t), e.engage(t)
	d := e.storeDependents(t, g, g.who.ID, "isolated-key", []list.List{g.list}, 1)
	if err := e.erase(t, h.ws, g.who.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Contacts.Erase of a contact of another workspace: got err %v, want store.ErrNotFound; %s", err, p1)
	}
	after := "after Contacts.Erase from another workspace than the contact's"
	e.checkContact(t, g.who, after, p1)
	e.checkKept(t, d, after, p1)
	e.checkContact(t, h.who, after+", the contact of the workspace it was called in", p1)
}
