package memstore_test

import (
	"errors"
	"testing"
	"time"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/tag"
)

// ada returns contact 1 of wsA, with an email and a phone.
func ada(t testing.TB) *contact.Contact {
	t.Helper()
	a := person(wsA, 1)
	a.Email = email(t, "ada@example.com")
	a.Phone = phone(t, "+33612345678")
	return a
}

// trash moves contact cid of ws to the trash at the given time, by user u1.
func trash(t testing.TB, s *memstore.Store, ws contact.WorkspaceID, cid contact.ID, at time.Time) {
	t.Helper()
	write(t, s, func(tx store.Tx) error {
		c, err := tx.Contacts().Get(t.Context(), ws, cid)
		if err != nil {
			return err
		}
		c.DeletedAt, c.DeletedBy = at, "u1"
		return tx.Contacts().Update(t.Context(), &c)
	})
}

// restore takes contact cid of ws out of the trash.
func restore(t testing.TB, s *memstore.Store, ws contact.WorkspaceID, cid contact.ID) error {
	t.Helper()
	return update(t, s, func(tx store.Tx) error {
		c, err := tx.Contacts().Get(t.Context(), ws, cid)
		if err != nil {
			return err
		}
		c.DeletedAt, c.DeletedBy = time.Time{}, ""
		return tx.Contacts().Update(t.Context(), &c)
	})
}

func TestContactsTrashFreesEmailAndPhone(t *testing.T) {
	s := memstore.New()
	a := ada(t)
	mustCreate(t, s, a)
	trash(t, s, wsA, a.ID, t0)

	got, err := get(t, s, wsA, a.ID)
	must.NoError(t, err, "Get returns a contact in the trash")
	check.True(t, got.Trashed(), "the stored contact is in the trash")
	check.Equal(t, contact.UserID("u1"), got.DeletedBy)
	check.Equal(t, a.Email, got.Email, "a contact in the trash keeps its email")
	_, err = byEmail(t, s, wsA, a.Email)
	check.ErrorIs(t, err, store.ErrNotFound, "ByEmail found a contact in the trash")
	_, err = byPhone(t, s, wsA, a.Phone)
	check.ErrorIs(t, err, store.ErrNotFound, "ByPhone found a contact in the trash")

	// Another contact takes them; a contact in the trash is written
	// without a TakenError even though a live one holds its email.
	b := person(wsA, 2)
	b.Email, b.Phone = a.Email, a.Phone
	mustCreate(t, s, b)
	got, err = byEmail(t, s, wsA, a.Email)
	must.NoError(t, err)
	check.Equal(t, b.ID, got.ID, "ByEmail returns the live holder")
	got, err = byPhone(t, s, wsA, a.Phone)
	must.NoError(t, err)
	check.Equal(t, b.ID, got.ID, "ByPhone returns the live holder")

	write(t, s, func(tx store.Tx) error {
		c, err := tx.Contacts().Get(t.Context(), wsA, a.ID)
		must.NoError(t, err)
		c.City = "Lyon"
		if err := tx.Contacts().Update(t.Context(), &c); err != nil {
			return err
		}
		d := person(wsA, 3)
		d.Email, d.Phone = a.Email, a.Phone
		d.DeletedAt = t0
		return tx.Contacts().Create(t.Context(), d)
	})
	got, err = byEmail(t, s, wsA, a.Email)
	must.NoError(t, err)
	check.Equal(t, b.ID, got.ID, "a contact written in the trash took the email")
}

func TestContactsRestoreTaken(t *testing.T) {
	tests := []struct {
		name      string
		take      func(c *contact.Contact, a *contact.Contact)
		wantField string
	}{
		{"email", func(c, a *contact.Contact) { c.Email = a.Email }, contact.FieldEmail},
		{"phone", func(c, a *contact.Contact) { c.Phone = a.Phone }, contact.FieldPhone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := memstore.New()
			a := ada(t)
			mustCreate(t, s, a)
			trash(t, s, wsA, a.ID, t0)
			b := person(wsA, 2)
			tt.take(b, a)
			mustCreate(t, s, b)
			before, err := get(t, s, wsA, a.ID)
			must.NoError(t, err)

			err = restore(t, s, wsA, a.ID)
			must.ErrorIs(t, err, store.ErrAlreadyExists)
			taken, ok := errors.AsType[*store.TakenError](err)
			must.True(t, ok, "error %v is not a *store.TakenError", err)
			check.Equal(t, tt.wantField, taken.Field)
			check.Equal(t, b.ID, taken.Owner, "the TakenError names the live holder")

			got, err := get(t, s, wsA, a.ID)
			must.NoError(t, err)
			check.Equal(t, before, got, "a refused restore wrote something")
			check.Equal(t, []contact.ID{a.ID}, listAll(t, s, wsA, store.ContactQuery{Trashed: true}, 10))

			// Once b lets go, the restore succeeds and a holds its own again.
			write(t, s, func(tx store.Tx) error {
				c, err := tx.Contacts().Get(t.Context(), wsA, b.ID)
				must.NoError(t, err)
				c.Email, c.Phone = contact.Email{}, contact.Phone{}
				return tx.Contacts().Update(t.Context(), &c)
			})
			must.NoError(t, restore(t, s, wsA, a.ID))
			got, err = byEmail(t, s, wsA, a.Email)
			must.NoError(t, err)
			check.Equal(t, a.ID, got.ID)
			got, err = byPhone(t, s, wsA, a.Phone)
			must.NoError(t, err)
			check.Equal(t, a.ID, got.ID)
		})
	}
}

func TestContactsListTrash(t *testing.T) {
	s := memstore.New()
	// Contacts 1 to 12: every third is tagged VIP; 2, 5, 8, 11 are trashed
	// on days 2, 5, 8, 11.
	var cs []*contact.Contact
	for i := 1; i <= 12; i++ {
		var tags []string
		if i%3 == 0 || i == 5 {
			tags = append(tags, "VIP")
		}
		c := person(wsA, i, tags...)
		if i%3 == 2 {
			c.DeletedAt = t0.AddDate(0, 0, i)
			c.DeletedBy = "u1"
		}
		cs = append(cs, c)
	}
	mustCreate(t, s, cs...)
	// One more moved to the trash by an Update, one restored.
	trash(t, s, wsA, id(3), t0.AddDate(0, 0, 3))
	must.NoError(t, restore(t, s, wsA, id(11)))

	ids := func(ns ...int) []contact.ID {
		out := []contact.ID{}
		for _, n := range ns {
			out = append(out, id(n))
		}
		return out
	}
	vip := tag.MustParseName("vip")
	tests := []struct {
		name string
		q    store.ContactQuery
		want []contact.ID
	}{
		{"zero query: live only", store.ContactQuery{}, ids(1, 4, 6, 7, 9, 10, 11, 12)},
		{"trashed", store.ContactQuery{Trashed: true}, ids(2, 3, 5, 8)},
		{"deleted before day 5", store.ContactQuery{DeletedBefore: t0.AddDate(0, 0, 5)}, ids(2, 3)},
		{"deleted before day 5, Trashed set", store.ContactQuery{Trashed: true, DeletedBefore: t0.AddDate(0, 0, 5)}, ids(2, 3)},
		{"deleted before day 9", store.ContactQuery{DeletedBefore: t0.AddDate(0, 0, 9)}, ids(2, 3, 5, 8)},
		{"tag: live only", store.ContactQuery{Tag: vip}, ids(6, 9, 12)},
		{"tag, trashed", store.ContactQuery{Tag: vip, Trashed: true}, ids(3, 5)},
		{"tag, deleted before day 4", store.ContactQuery{Tag: vip, DeletedBefore: t0.AddDate(0, 0, 4)}, ids(3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, size := range []int{1, 2, 100} {
				got := listAll(t, s, wsA, tt.q, size)
				if got == nil {
					got = []contact.ID{}
				}
				check.Equal(t, tt.want, got, "List, pages of %d", size)
			}
		})
	}
}

// eraseFixture is what TestContactsErase stores: contact 1 (to erase) and
// contact 2 (to keep), each with activities, memberships, enrollments with
// idempotency keys and history, and a consent entry for contact 1's email.
func eraseFixture(t *testing.T, s *memstore.Store) {
	t.Helper()
	a := ada(t)
	a.Tags = tag.NewSet(tag.MustParseName("vip"))
	b := person(wsA, 2, "vip")
	b.Email = email(t, "bob@example.com")
	mustCreate(t, s, a, b)
	write(t, s, func(tx store.Tx) error {
		ctx := t.Context()
		for _, err := range []error{
			tx.Lists().Create(ctx, wsA, newList(1)),
			tx.Lists().Create(ctx, wsA, newList(2)),
			tx.Automations().Create(ctx, wsA, newAutomation(1)),
			tx.Memberships().Put(ctx, wsA, newMembership(1, 1)),
			tx.Memberships().Put(ctx, wsA, newMembership(2, 1)),
			tx.Memberships().Put(ctx, wsA, newMembership(1, 2)),
			tx.Enrollments().Create(ctx, wsA, newEnrollment(1, 1, 1, "k1")),
			tx.Enrollments().Create(ctx, wsA, newEnrollment(2, 1, 1, "")),
			tx.Enrollments().Create(ctx, wsA, newEnrollment(3, 1, 2, "k3")),
			tx.Activities().Create(ctx, wsA, newNote(1, 1, "one")),
			tx.Activities().Create(ctx, wsA, newNote(2, 1, "two")),
			tx.Activities().Create(ctx, wsA, newNote(3, 2, "three")),
			tx.History().Append(ctx, wsA,
				contact.Change{Contact: id(1), Field: contact.FieldCity, New: "Lyon"},
				contact.Change{Contact: id(2), Field: contact.FieldCity, New: "Nantes"},
				contact.Change{Contact: id(1), Field: contact.FieldCity, Old: "Lyon", New: "Paris"}),
			tx.Consent().Put(ctx, wsA, newConsent(t, "ada@example.com")),
		} {
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// eraseState is what the public API shows of an eraseFixture.
type eraseState struct {
	Contacts      map[contact.ID]string // outcome of Get
	Live, Trashed []contact.ID
	VIP           []contact.ID
	ByEmail       string
	Timelines     map[contact.ID][]activity.ID
	Activities    map[activity.ID]string
	Memberships   []list.Membership
	Members       []contact.ID
	Enrollments   []automation.Enrollment
	ByKey         map[string]string
	History       map[contact.ID][]contact.Change
	Consent       string
}

// Outcomes of a read, in an eraseState.
const (
	found    = "found"
	notFound = "not found"
)

// outcome returns found, notFound or the text of another error.
func outcome[T any](_ T, err error) string {
	switch {
	case err == nil:
		return found
	case errors.Is(err, store.ErrNotFound):
		return notFound
	}
	return err.Error()
}

func readEraseState(t *testing.T, s *memstore.Store) eraseState {
	t.Helper()
	st := eraseState{
		Contacts:   map[contact.ID]string{},
		Timelines:  map[contact.ID][]activity.ID{},
		Activities: map[activity.ID]string{},
		ByKey:      map[string]string{},
		History:    map[contact.ID][]contact.Change{},
	}
	st.Live = listAll(t, s, wsA, store.ContactQuery{}, 1)
	st.Trashed = listAll(t, s, wsA, store.ContactQuery{Trashed: true}, 1)
	st.VIP = listAll(t, s, wsA, store.ContactQuery{Tag: tag.MustParseName("vip")}, 1)
	st.Memberships = all(t, s, 1, func(tx store.Tx, p store.PageRequest) (store.Page[list.Membership], error) {
		return tx.Memberships().List(t.Context(), wsA, store.MembershipQuery{}, p)
	})
	members := all(t, s, 1, func(tx store.Tx, p store.PageRequest) (store.Page[list.Membership], error) {
		return tx.Memberships().List(t.Context(), wsA, store.MembershipQuery{List: listID(1)}, p)
	})
	st.Members = keys(members, func(m list.Membership) contact.ID { return m.Contact })
	st.Enrollments = all(t, s, 1, func(tx store.Tx, p store.PageRequest) (store.Page[automation.Enrollment], error) {
		return tx.Enrollments().List(t.Context(), wsA, store.EnrollmentQuery{}, p)
	})
	must.NoError(t, read(t, s, func(tx store.Tx) error {
		ctx := t.Context()
		for _, c := range []contact.ID{id(1), id(2)} {
			st.Contacts[c] = outcome(tx.Contacts().Get(ctx, wsA, c))
			tl, err := tx.Activities().Timeline(ctx, wsA, c, activity.Filter{}, store.PageRequest{})
			must.NoError(t, err)
			st.Timelines[c] = keys(tl.Items, func(a activity.Activity) activity.ID { return a.ID })
			h, err := tx.History().List(ctx, wsA, c, "", store.PageRequest{})
			must.NoError(t, err)
			st.History[c] = h.Items
		}
		st.ByEmail = outcome(tx.Contacts().ByEmail(ctx, wsA, email(t, "ada@example.com")))
		for n := 1; n <= 3; n++ {
			st.Activities[activityID(n)] = outcome(tx.Activities().Get(ctx, wsA, activityID(n)))
		}
		for _, k := range []string{"k1", "k3"} {
			st.ByKey[k] = outcome(tx.Enrollments().ByKey(ctx, wsA, automationID(1), k))
		}
		st.Consent = outcome(tx.Consent().Get(ctx, wsA, newConsent(t, "ada@example.com").Address))
		return nil
	}))
	return st
}

func TestContactsErase(t *testing.T) {
	s := memstore.New()
	eraseFixture(t, s)
	kept := readEraseState(t, s)
	write(t, s, func(tx store.Tx) error { return tx.Contacts().Erase(t.Context(), wsA, id(1)) })

	got := readEraseState(t, s)
	check.Equal(t, notFound, got.Contacts[id(1)], "Get of the erased contact")
	check.Equal(t, found, got.Contacts[id(2)], "Get of the other contact")
	check.Equal(t, []contact.ID{id(2)}, got.Live, "List")
	check.Empty(t, got.Trashed, "List of the trash")
	check.Equal(t, []contact.ID{id(2)}, got.VIP, "List by tag")
	check.Equal(t, notFound, got.ByEmail, "ByEmail of the erased contact's email")
	check.Empty(t, got.Timelines[id(1)], "Timeline of the erased contact")
	check.Equal(t, kept.Timelines[id(2)], got.Timelines[id(2)], "Timeline of the other contact")
	check.Equal(t, notFound, got.Activities[activityID(1)], "Get of an erased activity")
	check.Equal(t, notFound, got.Activities[activityID(2)], "Get of an erased activity")
	check.Equal(t, found, got.Activities[activityID(3)], "Get of another contact's activity")
	check.Equal(t, []contact.ID{id(2)}, keys(got.Memberships, func(m list.Membership) contact.ID { return m.Contact }), "Memberships.List")
	check.Equal(t, []contact.ID{id(2)}, got.Members, "Memberships.List of a list")
	check.Equal(t, []automation.EnrollmentID{enrollmentID(3)},
		keys(got.Enrollments, func(e automation.Enrollment) automation.EnrollmentID { return e.ID }), "Enrollments.List")
	check.Equal(t, notFound, got.ByKey["k1"], "ByKey of an erased enrollment's key")
	check.Equal(t, found, got.ByKey["k3"], "ByKey of another contact's enrollment")
	check.Empty(t, got.History[id(1)], "History of the erased contact")
	check.Equal(t, kept.History[id(2)], got.History[id(2)], "History of the other contact")
	check.Equal(t, found, got.Consent, "Erase touched the consent ledger")

	// What the contact held is free: its ID, email, and idempotency keys.
	a := person(wsA, 1)
	a.Email = email(t, "ada@example.com")
	mustCreate(t, s, a)
	write(t, s, func(tx store.Tx) error {
		return tx.Enrollments().Create(t.Context(), wsA, newEnrollment(4, 1, 1, "k1"))
	})

	errs := map[string]error{
		"missing": update(t, s, func(tx store.Tx) error { return tx.Contacts().Erase(t.Context(), wsA, id(9)) }),
		"other workspace": update(t, s, func(tx store.Tx) error {
			return tx.Contacts().Erase(t.Context(), wsB, id(1))
		}),
	}
	for name, err := range errs {
		check.ErrorIs(t, err, store.ErrNotFound, "Erase of a contact %s", name)
	}

	// A contact in the trash is erased alike.
	trash(t, s, wsA, id(2), t0)
	write(t, s, func(tx store.Tx) error { return tx.Contacts().Erase(t.Context(), wsA, id(2)) })
	_, err := get(t, s, wsA, id(2))
	check.ErrorIs(t, err, store.ErrNotFound, "Get of an erased contact that was in the trash")
	check.Empty(t, listAll(t, s, wsA, store.ContactQuery{Trashed: true}, 10), "List of the trash")
}

func TestContactsEraseRollback(t *testing.T) {
	errBoom := errors.New("boom")
	for _, mode := range []string{"error", "panic"} {
		t.Run(mode, func(t *testing.T) {
			s := memstore.New()
			eraseFixture(t, s)
			trash(t, s, wsA, id(2), t0)
			want := readEraseState(t, s)

			fn := func(tx store.Tx) error {
				ctx := t.Context()
				must.NoError(t, tx.Contacts().Erase(ctx, wsA, id(1)))
				must.NoError(t, tx.Contacts().Erase(ctx, wsA, id(2)))
				// Take what the erased contacts held, inside the
				// transaction: the undo must put the erased values back
				// after these are undone.
				c := person(wsA, 3)
				c.Email = email(t, "ada@example.com")
				must.NoError(t, tx.Contacts().Create(ctx, c))
				must.NoError(t, tx.Enrollments().Create(ctx, wsA, newEnrollment(5, 1, 3, "k1")))
				return failWith(mode, errBoom)
			}
			mustFail(t, s, mode, errBoom, fn)
			check.Equal(t, want, readEraseState(t, s), "a rolled-back Erase left a trace")
		})
	}
}

func TestOnRollback(t *testing.T) {
	type rollbacker = interface{ OnRollback(func()) }
	errBoom := errors.New("boom")
	tests := []struct {
		name    string
		end     func() error // what fn does after registering
		wantRun bool
	}{
		{"error", func() error { return errBoom }, true},
		{"panic", func() error { panic(errBoom) }, true},
		{"commit", func() error { return nil }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := memstore.New()
			var ran []int
			fn := func(tx store.Tx) error {
				c := person(wsA, 1)
				c.Email = email(t, "ada@example.com")
				must.NoError(t, tx.Contacts().Create(t.Context(), c))
				r, ok := tx.(rollbacker)
				must.True(t, ok, "the Tx of Update has no OnRollback method")
				for i := range 3 {
					r.OnRollback(func() { ran = append(ran, i) })
				}
				r.OnRollback(nil) // does nothing
				return tt.end()
			}
			switch tt.name {
			case "panic":
				must.PanicsWithValue(t, errBoom, func() { _ = update(t, s, fn) })
			case "error":
				must.ErrorIs(t, update(t, s, fn), errBoom)
			default:
				must.NoError(t, update(t, s, fn))
			}
			if tt.wantRun {
				check.Equal(t, []int{2, 1, 0}, ran, "the functions ran, last registered first")
			} else {
				check.Empty(t, ran, "a committed transaction ran its rollback functions")
			}
		})
	}

	t.Run("view and ended transactions", func(t *testing.T) {
		s := memstore.New()
		ran := false
		var kept rollbacker
		err := s.View(t.Context(), func(tx store.Tx) error {
			r, ok := tx.(rollbacker)
			must.True(t, ok, "the Tx of View has no OnRollback method")
			r.OnRollback(func() { ran = true })
			return errBoom
		})
		check.ErrorIs(t, err, errBoom)
		check.False(t, ran, "a View ran a rollback function")

		must.NoError(t, update(t, s, func(tx store.Tx) error { kept = tx.(rollbacker); return nil }))
		kept.OnRollback(func() { ran = true })
		_ = update(t, s, func(store.Tx) error { return errBoom })
		check.False(t, ran, "a function registered after the end of its transaction ran")
	})

	t.Run("a panicking function", func(t *testing.T) {
		s := memstore.New()
		var ran []int
		fn := func(tx store.Tx) error {
			r := tx.(rollbacker)
			r.OnRollback(func() { ran = append(ran, 0) })
			r.OnRollback(func() { panic("hook") })
			r.OnRollback(func() { ran = append(ran, 2) })
			return errBoom
		}
		must.PanicsWithValue(t, "hook", func() { _ = update(t, s, fn) })
		check.Equal(t, []int{2, 0}, ran, "the other functions ran")
		// The Store is usable: its lock was released.
		mustCreate(t, s, person(wsA, 1))
	})
}
