package storetest

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// The Trash cases certify the trash of the Contacts contract: a contact is
// live while its DeletedAt is zero, in the trash otherwise (D1), and only
// live contacts hold their email and phone (C9).

// Rules quoted by the Trash cases.
const (
	ruleTrashFrees   = "a contact in the trash holds neither its email nor its phone: C9 uniqueness is among live contacts only, and moving a contact to the trash frees its email and phone (D1)"
	ruleLiveLookup   = "ByEmail and ByPhone return the live contact only: a contact in the trash is never found by its email or phone"
	ruleRestoreTaken = "restoring a contact whose email or phone a live contact took meanwhile gives a *store.TakenError naming that contact, and writes nothing (D2)"
	ruleLiveOnly     = "the zero ContactQuery lists live contacts only; Trashed lists the contacts in the trash instead"
	ruleDeleted      = "DeletedBefore keeps the contacts moved to the trash strictly before it, and implies Trashed"
)

// checkContact reports a stored contact that is not want.
func (e *env) checkContact(t *testing.T, want contact.Contact, after, rule string) {
	t.Helper()
	got, err := e.get(t, want.Workspace, want.ID)
	if err != nil {
		t.Errorf("%s, Contacts.Get of the contact: got err %v, want nil; %s", after, err, rule)
		return
	}
	if d := diff(got, want); d != "" {
		t.Errorf("%s, Contacts.Get returns: %s; %s", after, d, rule)
	}
}

// createFreed stores c, a live contact that takes the email or phone of a
// contact in the trash, or stops the case.
func (e *env) createFreed(t *testing.T, c *contact.Contact) {
	t.Helper()
	if err := e.tryCreate(t, c); err != nil {
		t.Fatalf("setup: Contacts.Create of a live contact with the email or phone of a contact in the trash: got err %v, want nil; %s", err, ruleTrashFrees)
	}
}

// checkFinds reports a lookup (ByEmail, ByPhone) that does not find want.
func checkFinds(t *testing.T, what string, got contact.Contact, err error, want contact.Contact, rule string) {
	t.Helper()
	switch {
	case err != nil:
		t.Errorf("%s: got err %v, want contact %s; %s", what, err, want.ID, rule)
	case got.ID != want.ID:
		t.Errorf("%s: got contact %s (trashed: %v), want %s; %s", what, got.ID, got.Trashed(), want.ID, rule)
	default:
		if d := diff(got, want); d != "" {
			t.Errorf("%s: the contact is not the stored one: %s", what, d)
		}
	}
}

// checkNotFound reports a lookup that found a contact.
func checkNotFound(t *testing.T, what string, got contact.Contact, err error, rule string) {
	t.Helper()
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("%s: got contact %s (trashed: %v), err %v, want store.ErrNotFound; %s", what, got.ID, got.Trashed(), err, rule)
	}
}

func testContactsRoundTripTrashed(t *testing.T, e *env) {
	ws := newWorkspace()
	const rule = "every field must come back as stored (times compared with time.Time.Equal), DeletedAt and DeletedBy included"

	// Created in the trash.
	c := e.trashedContact(t, ws)
	checkAllSet(t, c)
	want := c.Clone()
	want.Version = 1
	e.create(t, &c)
	e.checkContact(t, want, "after Contacts.Create of a contact in the trash", rule)
	for _, q := range []store.ContactQuery{{Trashed: true}, {DeletedBefore: want.DeletedAt.Add(time.Minute)}} {
		listed, ok := e.listContacts(t, ws, q, 0, 10, nil)
		switch {
		case !ok:
		case len(listed) != 1:
			t.Errorf("Contacts.List with %s of a workspace with one contact, in the trash: got %d contacts, want 1; %s", showQuery(q), len(listed), ruleLiveOnly)
		default:
			if d := diff(listed[0], want); d != "" {
				t.Errorf("Contacts.List with %s: the contact in the trash did not survive the round trip: %s; %s", showQuery(q), d, rule)
			}
		}
	}

	// Moved to the trash by Update, then restored by Update.
	u := e.fullContact(t, ws)
	u.Email, u.Phone = mustEmail(t, "moved.to.trash@example.org"), phoneN(t, 3)
	e.create(t, &u)
	e.trashAt(&u, 5)
	u.UpdatedAt = u.DeletedAt
	e.save(t, &u)
	if u.Version != 2 {
		t.Errorf("Contacts.Update moving a contact to the trash: c.Version after the call is %d, want 2", u.Version)
		u.Version = 2
	}
	e.checkContact(t, u.Clone(), "after Contacts.Update moved the contact to the trash", rule)

	restore(&u)
	u.UpdatedAt = e.at(6)
	e.save(t, &u)
	want = u.Clone()
	e.checkContact(t, want, "after Contacts.Update restored the contact (DeletedAt and DeletedBy zero again)", rule+"; a restored contact is live: its DeletedAt is the zero time")
	got, err := e.byEmail(t, ws, want.Email)
	checkFinds(t, "Contacts.ByEmail of a restored contact's email", got, err, want, ruleTrashFrees)
}

// showQuery names the trash fields of q for messages.
func showQuery(q store.ContactQuery) string {
	s := fmt.Sprintf("ContactQuery{Trashed: %v", q.Trashed)
	if !q.DeletedBefore.IsZero() {
		s += ", DeletedBefore: " + q.DeletedBefore.Format(time.RFC3339Nano)
	}
	if q.Status != "" {
		s += fmt.Sprintf(", Status: %q", q.Status)
	}
	if !q.Tag.IsZero() {
		s += fmt.Sprintf(", Tag: %q", q.Tag)
	}
	if q.Assignee != "" {
		s += fmt.Sprintf(", Assignee: %q", q.Assignee)
	}
	if q.Text != "" {
		s += fmt.Sprintf(", Text: %q", q.Text)
	}
	return s + "}"
}

func testTrashFreesEmailAndPhone(t *testing.T, e *env) {
	ws := newWorkspace()
	x, p := mustEmail(t, "freed@example.org"), phoneN(t, 11)
	a := e.person(ws, "Ada", "Lovelace")
	a.Email, a.Phone = x, p
	e.create(t, &a)
	taker := e.person(ws, "Grace", "Hopper")
	e.create(t, &taker)

	e.trashAt(&a, 1)
	if err := e.tryUpdate(t, &a); err != nil {
		t.Fatalf("Contacts.Update moving a contact to the trash (DeletedAt set): got err %v, want nil", err)
	}
	b := e.person(ws, "Alan", "Turing")
	b.Email = x
	if err := e.tryCreate(t, &b); err != nil {
		t.Errorf("Contacts.Create of a live contact with the email of a contact in the trash: got err %v, want nil; %s", err, ruleTrashFrees)
	}
	taker.Phone = p
	if err := e.tryUpdate(t, &taker); err != nil {
		t.Errorf("Contacts.Update of a live contact taking the phone of a contact in the trash: got err %v, want nil; %s", err, ruleTrashFrees)
	}
	got, err := e.byEmail(t, ws, x)
	checkFinds(t, "Contacts.ByEmail of an email a live contact took from one in the trash", got, err, b, ruleLiveLookup)
	got, err = e.byPhone(t, ws, p)
	checkFinds(t, "Contacts.ByPhone of a phone a live contact took from one in the trash", got, err, taker, ruleLiveLookup)
	e.checkContact(t, a, "after live contacts took its email and phone, the contact in the trash", "Get returns a contact in the trash as stored: it keeps its Email and Phone, it just does not hold them")

	// Within one transaction: the trash frees them at once.
	ctx := t.Context()
	c := e.person(ws, "Hedy", "Lamarr")
	c.Email, c.Phone = mustEmail(t, "same.tx@example.org"), phoneN(t, 12)
	e.create(t, &c)
	d := e.person(ws, "Katherine", "Johnson")
	d.Email, d.Phone = c.Email, c.Phone
	err = e.s.Update(ctx, func(tx store.Tx) error {
		e.trashAt(&c, 2)
		if err := tx.Contacts().Update(ctx, &c); err != nil {
			return fmt.Errorf("Contacts.Update moving a contact to the trash: %w", err)
		}
		if err := tx.Contacts().Create(ctx, &d); err != nil {
			return fmt.Errorf("Contacts.Create with its email and phone, in the same transaction: %w", err)
		}
		return nil
	})
	if err != nil {
		t.Errorf("one transaction moving a contact to the trash, then creating a live contact with its email and phone: got err %v, want nil; %s", err, ruleTrashFrees)
	}
}

func testTrashByEmailAndPhoneIgnoreTrashed(t *testing.T, e *env) {
	ws := newWorkspace()
	ctx := t.Context()
	a := e.person(ws, "Ada", "Lovelace")
	a.Email, a.Phone = mustEmail(t, "trashed@example.org"), phoneN(t, 21)
	e.create(t, &a)
	e.trashAt(&a, 1)
	e.save(t, &a)
	got, err := e.byEmail(t, ws, a.Email)
	checkNotFound(t, "Contacts.ByEmail of the email of a contact moved to the trash", got, err, ruleLiveLookup)
	got, err = e.byPhone(t, ws, a.Phone)
	checkNotFound(t, "Contacts.ByPhone of the phone of a contact moved to the trash", got, err, ruleLiveLookup)
	if got, err := e.get(t, ws, a.ID); err != nil || !got.Trashed() {
		t.Errorf("Contacts.Get of a contact in the trash: got trashed %v, err %v, want the contact in the trash (Get returns a contact live or in the trash)", got.Trashed(), err)
	}

	c := e.person(ws, "Grace", "Hopper")
	c.Email, c.Phone = mustEmail(t, "born.trashed@example.org"), phoneN(t, 22)
	e.trashAt(&c, 2)
	e.create(t, &c)
	got, err = e.byEmail(t, ws, c.Email)
	checkNotFound(t, "Contacts.ByEmail of the email of a contact created in the trash", got, err, ruleLiveLookup)
	got, err = e.byPhone(t, ws, c.Phone)
	checkNotFound(t, "Contacts.ByPhone of the phone of a contact created in the trash", got, err, ruleLiveLookup)

	// In the transaction that moves the contact to the trash.
	d := e.person(ws, "Alan", "Turing")
	d.Email, d.Phone = mustEmail(t, "same.tx@example.org"), phoneN(t, 23)
	e.create(t, &d)
	var byEmail, byPhone error
	e.update(t, "Contacts.Update moving a contact to the trash, then ByEmail and ByPhone", func(tx store.Tx) error {
		e.trashAt(&d, 3)
		if err := tx.Contacts().Update(ctx, &d); err != nil {
			return err
		}
		_, byEmail = tx.Contacts().ByEmail(ctx, ws, d.Email)
		_, byPhone = tx.Contacts().ByPhone(ctx, ws, d.Phone)
		return nil
	})
	for _, x := range []struct {
		what string
		err  error
	}{{"Contacts.ByEmail", byEmail}, {"Contacts.ByPhone", byPhone}} {
		if !errors.Is(x.err, store.ErrNotFound) {
			t.Errorf("%s in the transaction that moved the contact to the trash: got err %v, want store.ErrNotFound; %s (a transaction reads its own writes)", x.what, x.err, ruleLiveLookup)
		}
	}
}

func testTrashTrashedDoNotCollide(t *testing.T, e *env) {
	ws := newWorkspace()
	x, p := mustEmail(t, "shared@example.org"), phoneN(t, 31)
	with := func(first string) contact.Contact {
		c := e.person(ws, first, "Shared")
		c.Email, c.Phone = x, p
		return c
	}
	a := with("Ada")
	e.create(t, &a)
	e.trashAt(&a, 1)
	e.save(t, &a)
	b := with("Grace")
	e.createFreed(t, &b)
	e.trashAt(&b, 2)
	if err := e.tryUpdate(t, &b); err != nil {
		t.Errorf("Contacts.Update moving to the trash a contact whose email and phone another contact in the trash has: got err %v, want nil; %s", err, ruleTrashFrees)
	}
	c := with("Alan")
	e.trashAt(&c, 3)
	if err := e.tryCreate(t, &c); err != nil {
		t.Errorf("Contacts.Create of a contact in the trash with the email and phone of two other contacts in the trash: got err %v, want nil; %s", err, ruleTrashFrees)
	}
	live := with("Hedy")
	if err := e.tryCreate(t, &live); err != nil {
		t.Fatalf("Contacts.Create of a live contact with the email and phone of three contacts in the trash: got err %v, want nil; %s", err, ruleTrashFrees)
	}
	d := with("Katherine")
	e.trashAt(&d, 4)
	if err := e.tryCreate(t, &d); err != nil {
		t.Errorf("Contacts.Create of a contact in the trash with the email and phone a live contact holds: got err %v, want nil (the TakenError is for a live contact only); %s", err, ruleTrashFrees)
	}
	a.FirstName = "Edited in the trash"
	if err := e.tryUpdate(t, &a); err != nil {
		t.Errorf("Contacts.Update of a contact in the trash whose email and phone a live contact holds: got err %v, want nil (the TakenError is for a live contact only); %s", err, ruleTrashFrees)
	}
	got, err := e.byEmail(t, ws, x)
	checkFinds(t, "Contacts.ByEmail of an email one live contact and four in the trash have", got, err, live, ruleLiveLookup)
	got, err = e.byPhone(t, ws, p)
	checkFinds(t, "Contacts.ByPhone of a phone one live contact and four in the trash have", got, err, live, ruleLiveLookup)
}

func testTrashRestoreTaken(t *testing.T, e *env) {
	for _, x := range []struct {
		what        string
		email, cell bool // what live contacts take from the trashed one
	}{
		{"its email", true, false},
		{"its phone", false, true},
		{"its email and its phone, each by another contact", true, true},
	} {
		ws := newWorkspace()
		a := e.person(ws, "Ada", "Lovelace")
		a.Email, a.Phone = mustEmail(t, "restored@example.org"), phoneN(t, 41)
		e.create(t, &a)
		e.trashAt(&a, 1)
		e.save(t, &a)
		stored := a.Clone()

		type taken struct {
			field, value string
			owner        contact.Contact
		}
		var takers []taken
		if x.email {
			o := e.person(ws, "Grace", "Hopper")
			o.Email = a.Email
			e.createFreed(t, &o)
			takers = append(takers, taken{contact.FieldEmail, a.Email.String(), o})
		}
		if x.cell {
			o := e.person(ws, "Alan", "Turing")
			o.Phone = a.Phone
			e.createFreed(t, &o)
			takers = append(takers, taken{contact.FieldPhone, a.Phone.String(), o})
		}

		r := a.Clone()
		restore(&r)
		r.FirstName = "Restored"
		what := "Contacts.Update restoring a contact (DeletedAt cleared) after live contacts took " + x.what
		err := e.tryUpdate(t, &r)
		te, ok := errors.AsType[*store.TakenError](err)
		switch {
		case !errors.Is(err, store.ErrAlreadyExists):
			t.Errorf("%s: got err %v, want a *store.TakenError matching store.ErrAlreadyExists; %s", what, err, ruleRestoreTaken)
		case !ok:
			t.Errorf("%s: got err %v (%T), want a *store.TakenError naming the live owner; %s", what, err, err, ruleRestoreTaken)
		default:
			i := slices.IndexFunc(takers, func(k taken) bool { return k.field == te.Field })
			if i < 0 || te.Value != takers[i].value || te.Owner != takers[i].owner.ID {
				var wants []string
				for _, k := range takers {
					wants = append(wants, fmt.Sprintf("{Field: %q, Value: %q, Owner: %s}", k.field, k.value, k.owner.ID))
				}
				t.Errorf("%s: got TakenError{Field: %q, Value: %q, Owner: %s}, want one of %v; %s", what, te.Field, te.Value, te.Owner, wants, ruleRestoreTaken)
			}
		}
		e.checkContact(t, stored, "after "+what+" was refused, the contact", ruleRestoreTaken+": still in the trash, unchanged, at its version")
		for _, k := range takers {
			e.checkContact(t, k.owner, "after "+what+" was refused, the live contact that took "+k.field, ruleRestoreTaken)
		}
		for _, k := range takers {
			var got contact.Contact
			var err error
			if k.field == contact.FieldEmail {
				got, err = e.byEmail(t, ws, a.Email)
			} else {
				got, err = e.byPhone(t, ws, a.Phone)
			}
			checkFinds(t, fmt.Sprintf("after %s was refused, the lookup of the %s", what, k.field), got, err, k.owner, ruleRestoreTaken)
		}
	}
}

func testTrashRestoreFree(t *testing.T, e *env) {
	ws := newWorkspace()
	a := e.person(ws, "Ada", "Lovelace")
	a.Email, a.Phone = mustEmail(t, "comeback@example.org"), phoneN(t, 51)
	e.create(t, &a)
	e.trashAt(&a, 1)
	e.save(t, &a)

	// Meanwhile one contact took the email and went to the trash, another
	// took the phone and changed it: both are free again.
	b := e.person(ws, "Grace", "Hopper")
	b.Email = a.Email
	e.createFreed(t, &b)
	e.trashAt(&b, 2)
	e.save(t, &b)
	c := e.person(ws, "Alan", "Turing")
	c.Phone = a.Phone
	e.createFreed(t, &c)
	c.Phone = phoneN(t, 52)
	e.save(t, &c)

	restore(&a)
	a.UpdatedAt = e.at(3)
	if err := e.tryUpdate(t, &a); err != nil {
		t.Fatalf("Contacts.Update restoring a contact whose email and phone no live contact holds: got err %v, want nil; %s", err, ruleTrashFrees)
	}
	if a.Version != 3 {
		t.Errorf("Contacts.Update restoring a contact: c.Version after the call is %d, want 3", a.Version)
		a.Version = 3
	}
	e.checkContact(t, a, "after Contacts.Update restored the contact", "Update replaces the stored contact with c")
	got, err := e.byEmail(t, ws, a.Email)
	checkFinds(t, "Contacts.ByEmail of the email of a restored contact", got, err, a, ruleLiveLookup)
	got, err = e.byPhone(t, ws, a.Phone)
	checkFinds(t, "Contacts.ByPhone of the phone of a restored contact", got, err, a, ruleLiveLookup)

	d := e.person(ws, "Hedy", "Lamarr")
	d.Email = a.Email
	checkTaken(t, "Contacts.Create (after its owner was restored)", e.tryCreate(t, &d), contact.FieldEmail, a.Email.String(), a.ID)
	b2 := b.Clone()
	restore(&b2)
	checkTaken(t, "Contacts.Update restoring another contact (after the owner was restored)", e.tryUpdate(t, &b2), contact.FieldEmail, a.Email.String(), a.ID)
}

// trashListing is a workspace whose contacts are live, in the trash, or
// restored, with the tags, statuses, assignees and texts the ContactQuery
// filters select, as stored.
type trashListing struct {
	ws     contact.WorkspaceID
	people []contact.Contact
}

// trashListing stores a trashListing. Its contacts went to the trash at the
// instants 1, 2, 3 and 5 of e.at; one went at 4 and was restored.
func (e *env) trashListing(t *testing.T) *trashListing {
	t.Helper()
	ctx := t.Context()
	ws := newWorkspace()
	vip, navy := mustTag(t, "VIP"), mustTag(t, "Navy")
	p := []contact.Contact{
		e.person(ws, "Ada", "Lovelace"),      // 0 live
		e.person(ws, "Grace", "Hopper"),      // 1 live
		e.person(ws, "Alan", "Turing"),       // 2 live
		e.person(ws, "Katherine", "Johnson"), // 3 created in the trash at 3, with 0's email
		e.person(ws, "Hedy", "Lamarr"),       // 4 trashed at 1
		e.person(ws, "Zoë", "Ångström"),      // 5 created in the trash at 5
		e.person(ws, "Mary", "Jackson"),      // 6 created in the trash at 2 (in UTC)
		e.person(ws, "Dorothy", "Vaughan"),   // 7 trashed at 4, then restored
	}
	p[0].Tags, p[0].Assignee, p[0].Email = tag.Set{vip}, "alice", mustEmail(t, "ada@example.org")
	p[1].Tags, p[1].Status, p[1].Company = tag.Set{mustTag(t, "vip"), navy}, contact.StatusBlocked, "US Navy"
	p[2].Assignee, p[2].City = "alice", "Wilmslow"
	p[3].Tags, p[3].Assignee, p[3].Email = tag.Set{vip}, "alice", mustEmail(t, "ada@example.org")
	p[4].Tags, p[4].Status, p[4].Company = tag.Set{navy}, contact.StatusBlocked, "US Navy"
	p[5].Tags, p[5].City = tag.Set{mustTag(t, "Vip")}, "Wilmslow"
	p[6].Assignee, p[6].Status = "alice", contact.StatusBlocked
	p[7].Tags, p[7].Assignee = tag.Set{vip}, "alice"
	e.trashAt(&p[5], 5)
	e.trashAt(&p[6], 2)
	p[6].DeletedAt = p[6].DeletedAt.UTC()
	e.update(t, "setup: Contacts.Create", func(tx store.Tx) error {
		for i := range p {
			if i == 3 {
				continue // created below, in the trash
			}
			if err := tx.Contacts().Create(ctx, &p[i]); err != nil {
				return fmt.Errorf("Contacts.Create of contact %d: %w", i, err)
			}
		}
		return nil
	})
	e.update(t, "setup: Contacts.Update moving contacts to the trash", func(tx store.Tx) error {
		for _, x := range []struct{ i, at int }{{4, 1}, {7, 4}} {
			e.trashAt(&p[x.i], x.at)
			if err := tx.Contacts().Update(ctx, &p[x.i]); err != nil {
				return fmt.Errorf("Contacts.Update of contact %d: %w", x.i, err)
			}
		}
		return nil
	})
	e.trashAt(&p[3], 3)
	e.create(t, &p[3])
	restore(&p[7])
	e.save(t, &p[7])

	// A contact of another workspace, in the trash, that matches every
	// query.
	stranger := e.person(newWorkspace(), "Ada", "Lovelace")
	stranger.Tags, stranger.Assignee = tag.Set{vip, navy}, "alice"
	e.trashAt(&stranger, 1)
	e.create(t, &stranger)
	return &trashListing{ws: ws, people: p}
}

// checkQueries lists f's workspace with every query, two contacts a page,
// and reports a listing that does not hold exactly the contacts that
// ContactQuery.Matches selects, in ascending ID order, each as stored.
func (e *env) checkQueries(t *testing.T, f *trashListing, rule string, queries []store.ContactQuery) {
	t.Helper()
	byID := make(map[contact.ID]contact.Contact, len(f.people))
	for _, c := range f.people {
		byID[c.ID] = c
	}
	for _, q := range queries {
		var want []contact.ID
		for i := range f.people {
			if q.Matches(&f.people[i]) {
				want = append(want, f.people[i].ID)
			}
		}
		what := "Contacts.List with " + showQuery(q)
		got, ok := e.listContacts(t, f.ws, q, 2, 2*len(f.people)+10, nil)
		if !ok {
			continue
		}
		ids := idsOf(got)
		checkAscending(t, what, ids)
		checkEachOnce(t, what+" (must agree with ContactQuery.Matches: "+rule+")", ids, want, nil)
		for _, g := range got {
			if w, ok := byID[g.ID]; ok {
				if d := diff(g, w); d != "" {
					t.Errorf("%s: a listed contact is not the stored one: %s", what, d)
					break
				}
			}
		}
	}
}

func testTrashListLiveByDefault(t *testing.T, e *env) {
	f := e.trashListing(t)
	e.checkQueries(t, f, ruleLiveOnly, []store.ContactQuery{
		{},
		{Status: contact.StatusBlocked},
		{Status: contact.StatusActive},
		{Assignee: "alice"},
		{Text: contact.FoldQuery("navy")},
		{Text: contact.FoldQuery("wilmslow")},
		{Text: contact.FoldQuery("ada@example")},
	})
}

func testTrashListTrashed(t *testing.T, e *env) {
	f := e.trashListing(t)
	e.checkQueries(t, f, ruleLiveOnly, []store.ContactQuery{
		{Trashed: true},
		{Trashed: true, Status: contact.StatusBlocked},
		{Trashed: true, Status: contact.StatusActive},
		{Trashed: true, Assignee: "alice"},
		{Trashed: true, Text: contact.FoldQuery("navy")},
		{Trashed: true, Text: contact.FoldQuery("ÅNGSTRÖM")},
	})
	for _, limit := range []int{1, 0} {
		what := fmt.Sprintf("Contacts.List with ContactQuery{Trashed: true} and Limit %d, paging through every page", limit)
		got, ok := e.listContacts(t, f.ws, store.ContactQuery{Trashed: true}, limit, 20, nil)
		if ok {
			checkAscending(t, what, idsOf(got))
			var want []contact.ID
			for _, i := range []int{3, 4, 5, 6} {
				want = append(want, f.people[i].ID)
			}
			checkEachOnce(t, what+" ("+ruleLiveOnly+")", idsOf(got), want, nil)
		}
	}
}

func testTrashListDeletedBefore(t *testing.T, e *env) {
	f := e.trashListing(t)
	e.checkQueries(t, f, ruleDeleted, []store.ContactQuery{
		{DeletedBefore: e.at(3)},                                  // strictly before: 1 and 2
		{DeletedBefore: e.at(3).Add(30 * time.Second)},            // 1, 2 and 3
		{DeletedBefore: e.at(2).UTC()},                            // the same instant in another location: 1
		{DeletedBefore: e.at(2).In(time.FixedZone("X", -7*3600))}, // likewise
		{DeletedBefore: e.at(1)},                                  // none
		{DeletedBefore: e.at(1000)},                               // every contact in the trash, none of the live ones
		{DeletedBefore: e.at(1000), Trashed: true},
		{DeletedBefore: e.at(4), Status: contact.StatusBlocked},
		{DeletedBefore: e.at(4), Tag: mustTag(t, "vip")},
	})
}

func testTrashListTagTrashed(t *testing.T, e *env) {
	f := e.trashListing(t)
	e.checkQueries(t, f, ruleLiveOnly+"; Tag keeps the contacts whose Tags hold a name with the same Key", []store.ContactQuery{
		{Tag: mustTag(t, "vip")},
		{Trashed: true, Tag: mustTag(t, "vip")},
		{Trashed: true, Tag: mustTag(t, "NAVY")},
		{Tag: mustTag(t, "NAVY")},
		{Trashed: true, Tag: mustTag(t, "unused")},
		{Trashed: true, Tag: mustTag(t, "VIP"), Assignee: "alice"},
	})
}
