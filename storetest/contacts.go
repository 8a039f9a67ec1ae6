package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

func testContactsCreateSetsVersion(t *testing.T, e *env) {
	ws := newWorkspace()
	c := e.person(ws, "Ada", "Lovelace")
	if err := e.tryCreate(t, &c); err != nil {
		t.Fatalf("Contacts.Create of a new contact: got err %v, want nil", err)
	}
	if c.Version != 1 {
		t.Errorf("Contacts.Create: c.Version after the call is %d, want 1 (on success c.Version is set to 1)", c.Version)
	}
	if got := e.mustGet(t, ws, c.ID); got.Version != 1 {
		t.Errorf("Contacts.Get after Contacts.Create: Version %d, want 1 (the stored version is 1 after Create)", got.Version)
	}
}

func testContactsRoundTrip(t *testing.T, e *env) {
	ws := newWorkspace()
	c := e.fullContact(t, ws)
	// A live contact has DeletedAt and DeletedBy zero (D1);
	// Contacts/RoundTripTrashed checks their round trip.
	checkAllSet(t, c, liveOnlyZero...)
	want := c.Clone()
	want.Version = 1
	e.create(t, &c)

	got := e.mustGet(t, ws, c.ID)
	if d := diff(got, want); d != "" {
		t.Errorf("Contacts.Get after Contacts.Create: the contact did not survive the round trip: %s; every field must come back as stored (times compared with time.Time.Equal)", d)
	}
	if got, err := e.byEmail(t, ws, want.Email); err != nil {
		t.Errorf("Contacts.ByEmail of a stored email: got err %v, want nil", err)
	} else if d := diff(got, want); d != "" {
		t.Errorf("Contacts.ByEmail after Contacts.Create: the contact did not survive the round trip: %s", d)
	}
	if got, err := e.byPhone(t, ws, want.Phone); err != nil {
		t.Errorf("Contacts.ByPhone of a stored phone: got err %v, want nil", err)
	} else if d := diff(got, want); d != "" {
		t.Errorf("Contacts.ByPhone after Contacts.Create: the contact did not survive the round trip: %s", d)
	}
	if listed, ok := e.listContacts(t, ws, store.ContactQuery{}, 0, 10, nil); ok {
		if len(listed) != 1 {
			t.Errorf("Contacts.List of a workspace with one contact: got %d contacts, want 1", len(listed))
		} else if d := diff(listed[0], want); d != "" {
			t.Errorf("Contacts.List after Contacts.Create: the contact did not survive the round trip: %s", d)
		}
	}

	// An update that clears fields, removes a custom value and reorders the
	// tags must come back as exactly that.
	u := got.Clone()
	u.Alias = ""
	u.Phone = contact.Phone{}
	u.BirthDate = field.Date{}
	u.Status = contact.StatusActive
	u.Tags = tag.Set{mustTag(t, "été"), mustTag(t, "VIP")}
	delete(u.Fields, mustKey(t, "nickname"))
	u.Fields[mustKey(t, "added_later")] = field.Text("later")
	u.UpdatedAt = e.stamp(u.UpdatedAt.Add(1234567))
	e.save(t, &u)
	want = u.Clone()
	got = e.mustGet(t, ws, c.ID)
	if d := diff(got, want); d != "" {
		t.Errorf("Contacts.Get after Contacts.Update: the contact did not survive the round trip: %s; Update replaces the stored contact with c", d)
	}
}

// checkAllSet reports the fields of contact.Contact that a round-trip
// fixture leaves zero, but Version (which the store sets) and those named in
// except: a field added to the aggregate must be added to the fixture, or
// its round trip goes unchecked.
func checkAllSet(t *testing.T, c contact.Contact, except ...string) {
	t.Helper()
	v := reflect.ValueOf(c)
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if f.IsExported() && f.Name != "Version" && !slices.Contains(except, f.Name) && v.Field(i).IsZero() {
			t.Errorf("storetest fixture: the field %s of contact.Contact is not set by the round-trip fixture, so its round trip is not checked; the suite must set it", f.Name)
		}
	}
}

func testContactsGetMissing(t *testing.T, e *env) {
	ws := newWorkspace()
	_, err := e.get(t, ws, newID())
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Contacts.Get of an ID never stored, in an empty workspace: got err %v, want store.ErrNotFound", err)
	}
	c := e.person(ws, "Ada", "Lovelace")
	e.create(t, &c)
	_, err = e.get(t, ws, newID())
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Contacts.Get of an ID never stored: got err %v, want store.ErrNotFound", err)
	}
	_, err = e.get(t, ws, contact.ID{})
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Contacts.Get of the zero ID: got err %v, want store.ErrNotFound", err)
	}
}

func testContactsCreateDuplicateID(t *testing.T, e *env) {
	ws := newWorkspace()
	a := e.person(ws, "Ada", "Lovelace")
	a.Email = mustEmail(t, "ada@example.org")
	e.create(t, &a)

	dup := e.person(ws, "Grace", "Hopper")
	dup.ID = a.ID
	dup.Email = mustEmail(t, "grace@example.org")
	err := e.tryCreate(t, &dup)
	if !errors.Is(err, store.ErrAlreadyExists) {
		t.Errorf("Contacts.Create with the ID of a stored contact: got err %v, want store.ErrAlreadyExists", err)
	}
	if got := e.mustGet(t, ws, a.ID); got.FirstName != "Ada" || got.Version != 1 {
		t.Errorf("Contacts.Create with the ID of a stored contact: the stored contact is now %q at version %d, want %q at version 1 (nothing is written)", got.FirstName, got.Version, "Ada")
	}
	if _, err := e.byEmail(t, ws, dup.Email); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Contacts.Create refused with ErrAlreadyExists: Contacts.ByEmail of its email got err %v, want store.ErrNotFound (nothing is written)", err)
	}

	other := newWorkspace()
	dup2 := e.person(other, "Grace", "Hopper")
	dup2.ID = a.ID
	if err := e.tryCreate(t, &dup2); !errors.Is(err, store.ErrAlreadyExists) {
		t.Errorf("Contacts.Create with the ID of a contact of another workspace: got err %v, want store.ErrAlreadyExists (the ID exists in any workspace)", err)
	}
	if _, err := e.get(t, other, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Contacts.Create refused with ErrAlreadyExists in another workspace: Contacts.Get there got err %v, want store.ErrNotFound (nothing is written)", err)
	}
}

func testContactsUpdateVersion(t *testing.T, e *env) {
	ws := newWorkspace()
	c := e.person(ws, "Ada", "Lovelace")
	e.create(t, &c)
	for want := int64(2); want <= 4; want++ {
		c.FirstName = fmt.Sprintf("Ada %d", want)
		if err := e.tryUpdate(t, &c); err != nil {
			t.Fatalf("Contacts.Update at the stored version: got err %v, want nil", err)
		}
		if c.Version != want {
			t.Errorf("Contacts.Update: c.Version after the call is %d, want %d (the stored version is incremented and c.Version set to it)", c.Version, want)
			c.Version = want
		}
		got := e.mustGet(t, ws, c.ID)
		if got.Version != want || got.FirstName != c.FirstName {
			t.Errorf("Contacts.Get after Contacts.Update: got %q at version %d, want %q at version %d", got.FirstName, got.Version, c.FirstName, want)
		}
	}
}

func testContactsUpdateStaleVersion(t *testing.T, e *env) {
	ws := newWorkspace()
	c := e.person(ws, "Ada", "Lovelace")
	e.create(t, &c)
	stale := c.Clone()
	c.FirstName = "Augusta"
	e.save(t, &c) // version 2

	for _, x := range []struct {
		what    string
		version int64
	}{
		{"a stale version", 1},
		{"a version ahead of the stored one", 7},
		{"version 0", 0},
	} {
		w := stale.Clone()
		w.Version = x.version
		w.FirstName = "Lost"
		err := e.tryUpdate(t, &w)
		if !errors.Is(err, store.ErrConflict) {
			t.Errorf("Contacts.Update with %s (%d, stored 2): got err %v, want store.ErrConflict", x.what, x.version, err)
		}
		if got := e.mustGet(t, ws, c.ID); got.FirstName != "Augusta" || got.Version != 2 {
			t.Errorf("Contacts.Update with %s: the stored contact is now %q at version %d, want %q at version 2 (a refused write writes nothing; no update is ever lost)", x.what, got.FirstName, got.Version, "Augusta")
		}
	}
}

func testContactsUpdateMissing(t *testing.T, e *env) {
	ws := newWorkspace()
	c := e.person(ws, "Ada", "Lovelace")
	c.Version = 1
	if err := e.tryUpdate(t, &c); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Contacts.Update of a contact never stored: got err %v, want store.ErrNotFound", err)
	}
	if _, err := e.get(t, ws, c.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Contacts.Update of a contact never stored must not create it: Contacts.Get got err %v, want store.ErrNotFound", err)
	}
}

// checkTaken checks that err is the *store.TakenError of rule C9.
func checkTaken(t *testing.T, what string, err error, fieldName, value string, owner contact.ID) {
	t.Helper()
	if !errors.Is(err, store.ErrAlreadyExists) {
		t.Errorf("%s with the %s of another contact of the workspace: got err %v, want a *store.TakenError matching store.ErrAlreadyExists (C9)", what, fieldName, err)
		return
	}
	te, ok := errors.AsType[*store.TakenError](err)
	if !ok {
		t.Errorf("%s with the %s of another contact of the workspace: got err %v (%T), want a *store.TakenError naming the owner (C9)", what, fieldName, err, err)
		return
	}
	if te.Field != fieldName || te.Value != value || te.Owner != owner {
		t.Errorf("%s with a taken %s: got TakenError{Field: %q, Value: %q, Owner: %s}, want {Field: %q, Value: %q, Owner: %s}", what, fieldName, te.Field, te.Value, te.Owner, fieldName, value, owner)
	}
}

func testContactsEmailTaken(t *testing.T, e *env) {
	testTaken(t, e, contact.FieldEmail, func(c *contact.Contact, n int) string {
		c.Email = mustEmail(t, fmt.Sprintf("person%d@example.org", n))
		return c.Email.String()
	}, func(dst, src *contact.Contact) { dst.Email = src.Email })
}

func testContactsPhoneTaken(t *testing.T, e *env) {
	testTaken(t, e, contact.FieldPhone, func(c *contact.Contact, n int) string {
		c.Phone = phoneN(t, n)
		return c.Phone.String()
	}, func(dst, src *contact.Contact) { dst.Phone = src.Phone })
}

// testTaken checks C9 for one unique field: set gives a contact its n-th
// value, take copies the value of src into dst.
func testTaken(t *testing.T, e *env, fieldName string, set func(c *contact.Contact, n int) string, take func(dst, src *contact.Contact)) {
	ws := newWorkspace()
	owner := e.person(ws, "Ada", "Lovelace")
	value := set(&owner, 1)
	e.create(t, &owner)

	second := e.person(ws, "Grace", "Hopper")
	take(&second, &owner)
	checkTaken(t, "Contacts.Create", e.tryCreate(t, &second), fieldName, value, owner.ID)
	if _, err := e.get(t, ws, second.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Contacts.Create refused with a TakenError: Contacts.Get of the new contact got err %v, want store.ErrNotFound (nothing is written)", err)
	}

	third := e.person(ws, "Alan", "Turing")
	set(&third, 2)
	e.create(t, &third)
	before := third.Clone()
	take(&third, &owner)
	third.FirstName = "Changed"
	checkTaken(t, "Contacts.Update", e.tryUpdate(t, &third), fieldName, value, owner.ID)
	got := e.mustGet(t, ws, third.ID)
	if d := diff(got, before); d != "" {
		t.Errorf("Contacts.Update refused with a TakenError wrote: %s (nothing is written)", d)
	}
	if got := e.mustGet(t, ws, owner.ID); got.Version != 1 {
		t.Errorf("Contacts.Update refused with a TakenError changed the owner: version %d, want 1", got.Version)
	}
}

func testContactsKeepOwn(t *testing.T, e *env) {
	ws := newWorkspace()
	c := e.person(ws, "Ada", "Lovelace")
	c.Email = mustEmail(t, "ada@example.org")
	c.Phone = phoneN(t, 1)
	e.create(t, &c)
	c.FirstName = "Augusta"
	if err := e.tryUpdate(t, &c); err != nil {
		t.Errorf("Contacts.Update of a contact keeping its own email and phone: got err %v, want nil (a contact does not take its own values)", err)
	}
}

func testContactsNoEmailNoPhone(t *testing.T, e *env) {
	ws := newWorkspace()
	a := e.person(ws, "Ada", "Lovelace")
	e.create(t, &a)
	b := e.person(ws, "Grace", "Hopper")
	if err := e.tryCreate(t, &b); err != nil {
		t.Fatalf("Contacts.Create of a second contact with no email and no phone: got err %v, want nil (the zero Email and Phone are no address: they are never taken)", err)
	}
	b.FirstName = "Amazing Grace"
	if err := e.tryUpdate(t, &b); err != nil {
		t.Errorf("Contacts.Update of a contact with no email and no phone: got err %v, want nil (the zero Email and Phone are never taken)", err)
	}
	if _, err := e.byEmail(t, ws, contact.Email{}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Contacts.ByEmail of the zero Email: got err %v, want store.ErrNotFound (no contact has the zero Email as an address)", err)
	}
	if _, err := e.byPhone(t, ws, contact.Phone{}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Contacts.ByPhone of the zero Phone: got err %v, want store.ErrNotFound (no contact has the zero Phone as a number)", err)
	}
}

func testContactsReleaseEmail(t *testing.T, e *env) {
	ws := newWorkspace()
	x, y := mustEmail(t, "first@example.org"), mustEmail(t, "second@example.org")
	a := e.person(ws, "Ada", "Lovelace")
	a.Email = x
	e.create(t, &a)
	a.Email = y
	e.save(t, &a)

	b := e.person(ws, "Grace", "Hopper")
	b.Email = x
	if err := e.tryCreate(t, &b); err != nil {
		t.Errorf("Contacts.Create with an email its former owner gave up: got err %v, want nil (an email belongs to the contact that holds it now)", err)
	}
	if got, err := e.byEmail(t, ws, x); err != nil || got.ID != b.ID {
		t.Errorf("Contacts.ByEmail of a released then retaken email: got %s, err %v, want %s (the new owner)", got.ID, err, b.ID)
	}
	if got, err := e.byEmail(t, ws, y); err != nil || got.ID != a.ID {
		t.Errorf("Contacts.ByEmail of a contact's new email: got %s, err %v, want %s", got.ID, err, a.ID)
	}

	a.Email = contact.Email{}
	e.save(t, &a)
	if _, err := e.byEmail(t, ws, y); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Contacts.ByEmail of an email its contact cleared: got err %v, want store.ErrNotFound", err)
	}
	c := e.person(ws, "Alan", "Turing")
	c.Email = y
	if err := e.tryCreate(t, &c); err != nil {
		t.Errorf("Contacts.Create with an email its former owner cleared: got err %v, want nil", err)
	}
}

func testContactsReleasePhone(t *testing.T, e *env) {
	ws := newWorkspace()
	x, y := phoneN(t, 1), phoneN(t, 2)
	a := e.person(ws, "Ada", "Lovelace")
	a.Phone = x
	e.create(t, &a)
	a.Phone = y
	e.save(t, &a)

	b := e.person(ws, "Grace", "Hopper")
	b.Phone = x
	if err := e.tryCreate(t, &b); err != nil {
		t.Errorf("Contacts.Create with a phone its former owner gave up: got err %v, want nil (a phone belongs to the contact that holds it now)", err)
	}
	if got, err := e.byPhone(t, ws, x); err != nil || got.ID != b.ID {
		t.Errorf("Contacts.ByPhone of a released then retaken phone: got %s, err %v, want %s (the new owner)", got.ID, err, b.ID)
	}
	if got, err := e.byPhone(t, ws, y); err != nil || got.ID != a.ID {
		t.Errorf("Contacts.ByPhone of a contact's new phone: got %s, err %v, want %s", got.ID, err, a.ID)
	}

	a.Phone = contact.Phone{}
	e.save(t, &a)
	if _, err := e.byPhone(t, ws, y); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Contacts.ByPhone of a phone its contact cleared: got err %v, want store.ErrNotFound", err)
	}
	c := e.person(ws, "Alan", "Turing")
	c.Phone = y
	if err := e.tryCreate(t, &c); err != nil {
		t.Errorf("Contacts.Create with a phone its former owner cleared: got err %v, want nil", err)
	}
}

func testContactsByEmail(t *testing.T, e *env) {
	ws := newWorkspace()
	a := e.fullContact(t, ws)
	b := e.person(ws, "Grace", "Hopper")
	b.Email = mustEmail(t, "grace@example.org")
	e.create(t, &a)
	e.create(t, &b)
	for _, want := range []contact.Contact{a, b} {
		got, err := e.byEmail(t, ws, want.Email)
		if err != nil {
			t.Errorf("Contacts.ByEmail(%s) of a stored email: got err %v, want nil", want.Email, err)
			continue
		}
		if d := diff(got, want); d != "" {
			t.Errorf("Contacts.ByEmail(%s): got another contact than the one holding it: %s", want.Email, d)
		}
	}
	if _, err := e.byEmail(t, ws, mustEmail(t, "nobody@example.org")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Contacts.ByEmail of an email no contact holds: got err %v, want store.ErrNotFound", err)
	}
}

func testContactsByPhone(t *testing.T, e *env) {
	ws := newWorkspace()
	a := e.fullContact(t, ws)
	b := e.person(ws, "Grace", "Hopper")
	b.Phone = phoneN(t, 7)
	e.create(t, &a)
	e.create(t, &b)
	for _, want := range []contact.Contact{a, b} {
		got, err := e.byPhone(t, ws, want.Phone)
		if err != nil {
			t.Errorf("Contacts.ByPhone(%s) of a stored phone: got err %v, want nil", want.Phone, err)
			continue
		}
		if d := diff(got, want); d != "" {
			t.Errorf("Contacts.ByPhone(%s): got another contact than the one holding it: %s", want.Phone, d)
		}
	}
	if _, err := e.byPhone(t, ws, phoneN(t, 8)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Contacts.ByPhone of a phone no contact holds: got err %v, want store.ErrNotFound", err)
	}
}

// createMany stores n contacts of ws in one transaction and returns them.
func (e *env) createMany(t *testing.T, ws contact.WorkspaceID, n int) []contact.Contact {
	t.Helper()
	ctx := t.Context()
	cs := make([]contact.Contact, n)
	for i := range cs {
		cs[i] = e.person(ws, fmt.Sprintf("Person %d", i), "Listed")
	}
	e.update(t, "setup: Contacts.Create of many contacts", func(tx store.Tx) error {
		for i := range cs {
			if err := tx.Contacts().Create(ctx, &cs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return cs
}

func testContactsListPages(t *testing.T, e *env) {
	ws := newWorkspace()
	const n = 23
	cs := e.createMany(t, ws, n)
	byID := make(map[contact.ID]contact.Contact, n)
	for _, c := range cs {
		byID[c.ID] = c
	}
	for _, limit := range []int{1, 5, 0, store.MaxLimit + 1} {
		what := fmt.Sprintf("Contacts.List with Limit %d", limit)
		got, ok := e.listContacts(t, ws, store.ContactQuery{}, limit, 2*n+10, nil)
		if !ok {
			continue
		}
		ids := idsOf(got)
		checkAscending(t, what, ids)
		checkEachOnce(t, what, ids, idsOf(cs), nil)
		for _, g := range got {
			if want, ok := byID[g.ID]; ok {
				if d := diff(g, want); d != "" {
					t.Errorf("%s: a listed contact is not the stored one: %s", what, d)
					break
				}
			}
		}
	}
}

func testContactsListWhileWriting(t *testing.T, e *env) {
	ws := newWorkspace()
	const n = 20
	cs := e.createMany(t, ws, n)
	sorted := slices.Clone(cs)
	slices.SortFunc(sorted, func(a, b contact.Contact) int { return a.ID.Compare(b.ID) })
	added := map[contact.ID]bool{}
	ctx := t.Context()

	// Between pages, another transaction updates a contact already listed
	// and one not listed yet, and creates a contact.
	got, ok := e.listContacts(t, ws, store.ContactQuery{}, 4, 2*n+10, func(page int, sofar []contact.Contact) {
		listed := make(map[contact.ID]bool, len(sofar))
		for _, c := range sofar {
			listed[c.ID] = true
		}
		var writes []contact.ID
		if len(sofar) > 0 {
			writes = append(writes, sofar[page%len(sofar)].ID)
		}
		for i := len(sorted) - 1 - page%3; i >= 0; i-- {
			if !listed[sorted[i].ID] {
				writes = append(writes, sorted[i].ID)
				break
			}
		}
		fresh := e.person(ws, fmt.Sprintf("Fresh %d", page), "Listed")
		err := e.s.Update(ctx, func(tx store.Tx) error {
			for _, id := range writes {
				cur, err := tx.Contacts().Get(ctx, ws, id)
				if err != nil {
					return err
				}
				cur.City = fmt.Sprintf("Moved at page %d", page)
				if err := tx.Contacts().Update(ctx, &cur); err != nil {
					return err
				}
			}
			return tx.Contacts().Create(ctx, &fresh)
		})
		if err != nil {
			t.Errorf("Contacts.Update and Contacts.Create between two pages of Contacts.List: got err %v, want nil", err)
			return
		}
		added[fresh.ID] = true
	})
	if !ok {
		return
	}
	seen := idsOf(got)
	what := "Contacts.List while other transactions write"
	checkAscending(t, what, seen)
	checkEachOnce(t, what, seen, idsOf(cs), func(id contact.ID) bool { return added[id] })
}

func testContactsListFilters(t *testing.T, e *env) {
	ws := newWorkspace()
	vip, navy, nasa := mustTag(t, "VIP"), mustTag(t, "Navy"), mustTag(t, "NASA")
	people := []contact.Contact{
		e.person(ws, "Ada", "Lovelace"),
		e.person(ws, "Grace", "Hopper"),
		e.person(ws, "Alan", "Turing"),
		e.person(ws, "Katherine", "Johnson"),
		e.person(ws, "Hedy", "Lamarr"),
		e.person(ws, "Zoë", "Ångström"),
	}
	people[0].Tags, people[0].Assignee, people[0].Email = tag.Set{vip}, "alice", mustEmail(t, "ada@example.org")
	people[1].Tags, people[1].Assignee, people[1].Status, people[1].Company = tag.Set{navy, mustTag(t, "vip")}, "bob", contact.StatusBlocked, "US Navy"
	people[2].Assignee, people[2].City, people[2].Phone = "alice", "Wilmslow", mustPhone(t, "+44 7911 123456")
	people[3].Tags, people[3].JobTitle, people[3].Email = tag.Set{nasa}, "Ingénieure", mustEmail(t, "katherine@nasa.example.com")
	people[4].Tags, people[4].Assignee, people[4].Status, people[4].Alias = tag.Set{mustTag(t, "Vip")}, "alice", contact.StatusBlocked, "Hedy"
	people[5].Assignee = "carol"
	ctx := t.Context()
	e.update(t, "setup: Contacts.Create", func(tx store.Tx) error {
		for i := range people {
			if err := tx.Contacts().Create(ctx, &people[i]); err != nil {
				return err
			}
		}
		return nil
	})
	// A contact of another workspace that matches every query.
	stranger := e.person(newWorkspace(), "Ada", "Lovelace")
	stranger.Tags, stranger.Assignee = tag.Set{vip, navy, nasa}, "alice"
	e.create(t, &stranger)

	for _, q := range []struct {
		name string
		q    store.ContactQuery
	}{
		{"no filter", store.ContactQuery{}},
		{"Status blocked", store.ContactQuery{Status: contact.StatusBlocked}},
		{"Status active", store.ContactQuery{Status: contact.StatusActive}},
		{`Tag "vip" (other spellings of one Key)`, store.ContactQuery{Tag: mustTag(t, "vip")}},
		{`Tag "NAVY"`, store.ContactQuery{Tag: mustTag(t, "NAVY")}},
		{"Tag no contact has", store.ContactQuery{Tag: mustTag(t, "unused")}},
		{"Assignee alice", store.ContactQuery{Assignee: "alice"}},
		{"Assignee nobody has", store.ContactQuery{Assignee: "zed"}},
		{`Text "  LOVELACE "`, store.ContactQuery{Text: contact.FoldQuery("  LOVELACE ")}},
		{`Text "navy" (company)`, store.ContactQuery{Text: contact.FoldQuery("navy")}},
		{`Text "ÅNGSTRÖM"`, store.ContactQuery{Text: contact.FoldQuery("ÅNGSTRÖM")}},
		{`Text "INGÉNIEURE" (job title)`, store.ContactQuery{Text: contact.FoldQuery("INGÉNIEURE")}},
		{`Text "example.org" (email)`, store.ContactQuery{Text: contact.FoldQuery("example.org")}},
		{`Text "+44791" (phone)`, store.ContactQuery{Text: contact.FoldQuery("+44791")}},
		{`Text "wilmslow" (city)`, store.ContactQuery{Text: contact.FoldQuery("wilmslow")}},
		{"Status, Tag and Assignee together", store.ContactQuery{Status: contact.StatusActive, Tag: vip, Assignee: "alice"}},
		{"Status and Text together", store.ContactQuery{Status: contact.StatusBlocked, Text: contact.FoldQuery("hedy")}},
	} {
		var want []contact.ID
		for i := range people {
			if q.q.Matches(&people[i]) {
				want = append(want, people[i].ID)
			}
		}
		what := "Contacts.List with " + q.name
		got, ok := e.listContacts(t, ws, q.q, 2, 2*len(people)+10, nil)
		if !ok {
			continue
		}
		ids := idsOf(got)
		checkAscending(t, what, ids)
		checkEachOnce(t, what+" (must agree with ContactQuery.Matches)", ids, want, nil)
	}
}

func testContactsListInvalidCursor(t *testing.T, e *env) {
	ws := newWorkspace()
	e.createMany(t, ws, 3)
	ctx := t.Context()
	for _, cursor := range append([]string{"storetest-not-a-cursor", "\xff\x00\xfe", "0"}, e.foreignCursors(t, "Contacts.List")...) {
		err := e.s.View(ctx, func(tx store.Tx) error {
			_, err := tx.Contacts().List(ctx, ws, store.ContactQuery{}, store.PageRequest{Cursor: cursor, Limit: 2})
			return err
		})
		if !errors.Is(err, store.ErrInvalidCursor) {
			t.Errorf("Contacts.List with cursor %q, which the store did not hand out for this listing: got err %v, want store.ErrInvalidCursor", cursor, err)
		}
	}
}

// scribble changes c's Tags, Fields and Channels in place, the way a
// careless caller would: element by element in the backing arrays and map
// it was handed. It does not touch t, so it may run inside a transaction.
func scribble(c *contact.Contact) {
	for i := range c.Channels {
		c.Channels[i].Kind = "scribbled"
		c.Channels[i].ConnectedAt = c.Channels[i].ConnectedAt.Add(time.Hour)
	}
	for i := range c.Tags {
		// A name the tag package refuses leaves the zero Name: a change
		// all the same.
		c.Tags[i], _ = tag.ParseName(fmt.Sprintf("scribbled-%d", i))
	}
	for k := range c.Fields {
		c.Fields[k] = field.Text("scribbled")
	}
	if k, err := field.ParseKey("scribbled"); err == nil && c.Fields != nil {
		c.Fields[k] = field.Text("scribbled")
	}
}

func testContactsCopies(t *testing.T, e *env) {
	ws := newWorkspace()
	ctx := t.Context()
	c := e.fullContact(t, ws)
	want := c.Clone()
	want.Version = 1
	e.create(t, &c)
	check := func(after string) {
		t.Helper()
		got := e.mustGet(t, ws, want.ID)
		if d := diff(got, want); d != "" {
			t.Errorf("%s, Contacts.Get returns a changed contact: %s; values crossing the seam are copies (a Store never retains a value it was given nor hands out one it still holds)", after, d)
		}
	}

	scribble(&c)
	check("after the caller changed the Tags, Fields and Channels of the contact it passed to Contacts.Create")

	got := e.mustGet(t, ws, want.ID)
	scribble(&got)
	check("after the caller changed the Tags, Fields and Channels of a contact returned by Contacts.Get")

	u := e.mustGet(t, ws, want.ID)
	u.FirstName = "Updated"
	e.save(t, &u)
	want = u.Clone()
	scribble(&u)
	check("after the caller changed the Tags, Fields and Channels of the contact it passed to Contacts.Update")

	if got, err := e.byEmail(t, ws, want.Email); err != nil {
		t.Errorf("Contacts.ByEmail of the email of a stored live contact: got err %v, want the contact (ByEmail returns the live contact of ws whose Email is e); the copy check of ByEmail cannot run", err)
	} else {
		scribble(&got)
		check("after the caller changed the Tags, Fields and Channels of a contact returned by Contacts.ByEmail")
	}
	if got, err := e.byPhone(t, ws, want.Phone); err != nil {
		t.Errorf("Contacts.ByPhone of the phone of a stored live contact: got err %v, want the contact (ByPhone returns the live contact of ws whose Phone is p); the copy check of ByPhone cannot run", err)
	} else {
		scribble(&got)
		check("after the caller changed the Tags, Fields and Channels of a contact returned by Contacts.ByPhone")
	}
	if listed, ok := e.listContacts(t, ws, store.ContactQuery{}, 0, 10, nil); ok {
		if len(listed) == 0 {
			t.Errorf("Contacts.List of a workspace with one live contact: got no contacts, want it (List returns the contacts of ws that match q); the copy check of List cannot run")
		} else {
			scribble(&listed[0])
			check("after the caller changed the Tags, Fields and Channels of a contact returned by Contacts.List")
		}
	}

	// Inside one transaction too.
	var inTx string
	e.view(t, "Contacts.Get twice in one transaction", func(tx store.Tx) error {
		first, err := tx.Contacts().Get(ctx, ws, want.ID)
		if err != nil {
			return err
		}
		scribble(&first)
		second, err := tx.Contacts().Get(ctx, ws, want.ID)
		if err != nil {
			return err
		}
		inTx = diff(second, want)
		return nil
	})
	if inTx != "" {
		t.Errorf("after the caller changed the Tags, Fields and Channels of a contact returned by Contacts.Get, a second Get in the same transaction returns a changed contact: %s; values crossing the seam are copies", inTx)
	}
}
