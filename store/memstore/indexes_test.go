package memstore

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// idsOf returns the IDs of s in order.
func idsOf[K ~[16]byte](s *sortedIDs[K]) []K {
	out := []K{}
	if s != nil {
		s.Ascend(K{}, false, func(id K) bool { out = append(out, id); return true })
	}
	return out
}

func setsOf[M ~map[I]*sortedIDs[K], I comparable, K ~[16]byte](m M) map[I][]K {
	out := make(map[I][]K)
	for k, s := range m {
		out[k] = idsOf(s)
	}
	return out
}

func sortedKeys[K ~[16]byte, V any](m map[K]V) []K {
	out := slices.Collect(maps.Keys(m))
	slices.SortFunc(out, func(a, b K) int { return compareID(contact.ID(a), contact.ID(b)) })
	if out == nil {
		out = []K{}
	}
	return out
}

// contactIDs returns the IDs of s in order.
func contactIDs(s *idSet) []contact.ID {
	out := []contact.ID{}
	if s != nil {
		s.Ascend(contact.ID{}, false, func(id contact.ID) bool { out = append(out, id); return true })
	}
	return out
}

// checkIndexes reports every index of s that differs from the one rebuilt
// from the stored values: those of the contacts (live ones alone hold their
// email and phone) and of the engagement aggregates.
func (s *Store) checkIndexes() error {
	var errs []error
	same := func(ws contact.WorkspaceID, name string, got, want any) {
		if !reflect.DeepEqual(got, want) {
			errs = append(errs, fmt.Errorf("workspace %s: index %s is\n\t%v\nwant\n\t%v", ws, name, got, want))
		}
	}
	for ws, w := range s.workspaces {
		order := make(map[contact.ID]bool)
		emails := make(map[contact.Email]contact.ID)
		phones := make(map[contact.Phone]contact.ID)
		tagged := make(map[string][]contact.ID)
		for id, r := range s.contacts {
			c := r.contact(id)
			if c.Workspace != ws {
				continue
			}
			order[id] = true
			if !c.Trashed() && !c.Email.IsZero() {
				emails[c.Email] = id
			}
			if !c.Trashed() && !c.Phone.IsZero() {
				phones[c.Phone] = id
			}
			for _, n := range c.Tags {
				tagged[n.Key()] = append(tagged[n.Key()], id)
			}
		}
		for _, ids := range tagged {
			slices.SortFunc(ids, compareID)
		}
		gotTagged := make(map[string][]contact.ID)
		for k, set := range w.tagged {
			gotTagged[k] = contactIDs(set)
		}
		same(ws, "order", contactIDs(&w.order), sortedKeys(order))
		same(ws, "emails", w.emails.entries(s.contacts), emails)
		same(ws, "phones", w.phones.entries(s.contacts), phones)
		same(ws, "tagged", gotTagged, tagged)

		lists := make(map[list.ID]bool)
		for id, o := range s.lists.rows {
			if o.ws == ws {
				lists[id] = true
			}
		}
		same(ws, "lists", idsOf(&w.lists), sortedKeys(lists))
		autos := make(map[automation.ID]bool)
		for id, o := range s.automations.rows {
			if o.ws == ws {
				autos[id] = true
			}
		}
		same(ws, "automations", idsOf(&w.automations), sortedKeys(autos))

		members := make(map[list.ID]*sortedIDs[contact.ID])
		listsOf := make(map[contact.ID]*sortedIDs[list.ID])
		memberLists := make(map[list.ID]bool)
		for k := range w.memberships {
			setAdd(members, k.list, k.contact)
			setAdd(listsOf, k.contact, k.list)
			memberLists[k.list] = true
		}
		same(ws, "members", setsOf(w.members), setsOf(members))
		same(ws, "listsOf", setsOf(w.listsOf), setsOf(listsOf))
		same(ws, "memberLists", idsOf(&w.memberLists), sortedKeys(memberLists))

		enrollments := make(map[automation.EnrollmentID]bool)
		of := make(map[contact.ID]*sortedIDs[automation.EnrollmentID])
		in := make(map[automation.ID]*sortedIDs[automation.EnrollmentID])
		keys := make(map[enrollmentKey]automation.EnrollmentID)
		for id, o := range s.enrollments.rows {
			if o.ws != ws {
				continue
			}
			enrollments[id] = true
			setAdd(of, o.v.Contact, id)
			setAdd(in, o.v.Automation, id)
			if o.v.IdempotencyKey != "" {
				keys[enrollmentKey{o.v.Automation, o.v.IdempotencyKey}] = id
			}
		}
		same(ws, "enrollments", idsOf(&w.enrollments), sortedKeys(enrollments))
		same(ws, "enrollmentsOf", setsOf(w.enrollmentsOf), setsOf(of))
		same(ws, "enrollmentsIn", setsOf(w.enrollmentsIn), setsOf(in))
		same(ws, "keys", w.keys, keys)

		timelines := make(map[contact.ID][]activity.Position)
		for _, o := range s.activities.rows {
			if o.ws == ws {
				timelines[o.v.Contact] = append(timelines[o.v.Contact], positionOf(&o.v))
			}
		}
		for _, tl := range timelines {
			slices.SortFunc(tl, activity.Position.Compare)
		}
		same(ws, "timelines", w.timelines, timelines)
	}
	return errors.Join(errs...)
}

// TestIndexesAfterRollback checks that the indexes of a Store are those of
// its values after commits and rollbacks of every kind of write.
func TestIndexesAfterRollback(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var n byte
	next := func() [16]byte { n++; return [16]byte{0: 1, 15: n} }
	contacts := []contact.ID{next(), next(), next()}
	lists := []list.ID{next(), next()}
	autos := []automation.ID{next(), next()}
	var enrollments []automation.EnrollmentID
	var activities []activity.ID

	// Contacts 0 and 2 share an email and a phone: one of them at most is
	// live in a workspace.
	emails := []contact.Email{contact.MustParseEmail("a@example.com"), contact.MustParseEmail("b@example.com")}
	phones := []contact.Phone{contact.MustParsePhone("+33612345678", ""), contact.MustParsePhone("+33698765432", "")}
	// touch creates contact i in ws (in the trash if a live contact holds
	// its email or phone; not at all if it is in another workspace), or
	// moves it into the trash or out of it (if it can), changing its tags.
	touch := func(tx store.Tx, ws contact.WorkspaceID, i, round int) error {
		tags := tag.NewSet(tag.MustParseName(fmt.Sprint("t", round%2)), tag.MustParseName(fmt.Sprint("c", i)))
		c, err := tx.Contacts().Get(ctx, ws, contacts[i])
		if errors.Is(err, store.ErrNotFound) {
			c := &contact.Contact{ID: contacts[i], Workspace: ws, Email: emails[i%2], Phone: phones[i%2], Tags: tags}
			err = tx.Contacts().Create(ctx, c)
			if _, taken := errors.AsType[*store.TakenError](err); taken {
				c.DeletedAt = t0
				err = tx.Contacts().Create(ctx, c)
			}
			if errors.Is(err, store.ErrAlreadyExists) {
				return nil // the ID is taken in the other workspace
			}
			return err
		}
		if err != nil {
			return err
		}
		c.Tags = tags
		if c.Trashed() {
			c.DeletedAt = time.Time{}
		} else {
			c.DeletedAt = t0.Add(time.Duration(round) * time.Hour)
		}
		err = tx.Contacts().Update(ctx, &c)
		if _, taken := errors.AsType[*store.TakenError](err); taken {
			return nil // not restored: its email or phone is taken
		}
		return err
	}

	// work writes every kind of value, creations and updates that move
	// index entries, moves to the trash and back, and erasures.
	work := func(tx store.Tx, round int) error {
		ws := contact.WorkspaceID(fmt.Sprint("ws-", round%2))
		for i := range contacts {
			if err := touch(tx, ws, i, round); err != nil {
				return err
			}
		}
		l, c := lists[round%2], contacts[round%3]
		if err := tx.History().Append(ctx, ws, contact.Change{Contact: c, Field: contact.FieldCity, New: fmt.Sprint(round)}); err != nil {
			return err
		}
		m, err := tx.Memberships().Get(ctx, ws, l, c)
		if errors.Is(err, store.ErrNotFound) {
			m = list.Membership{List: l, Contact: c, Status: list.StatusSubscribed}
		}
		if err := tx.Memberships().Put(ctx, ws, &m); err != nil {
			return err
		}
		eid := automation.EnrollmentID(next())
		e := automation.Enrollment{ID: eid, Automation: autos[round%2], Contact: c, State: automation.StateActive,
			IdempotencyKey: fmt.Sprint("key-", round)}
		if err := tx.Enrollments().Create(ctx, ws, &e); err != nil {
			return err
		}
		enrollments = append(enrollments, eid)
		for _, id := range enrollments {
			if e, err := tx.Enrollments().Get(ctx, ws, id); err == nil {
				e.Contact = contacts[(round+1)%3]
				e.IdempotencyKey = fmt.Sprint("moved-", round, "-", id[15])
				if err := tx.Enrollments().Update(ctx, ws, &e); err != nil {
					return err
				}
			}
		}
		aid := activity.ID(next())
		a := activity.Activity{ID: aid, Contact: c, Kind: activity.KindNote, Body: "x", CreatedAt: t0.Add(time.Duration(round) * time.Hour)}
		if err := tx.Activities().Create(ctx, ws, &a); err != nil {
			return err
		}
		activities = append(activities, aid)
		for _, id := range activities {
			if a, err := tx.Activities().Get(ctx, ws, id); err == nil {
				a.Pinned = !a.Pinned
				a.CreatedAt = a.CreatedAt.Add(-time.Duration(round) * time.Minute)
				if err := tx.Activities().Update(ctx, ws, &a); err != nil {
					return err
				}
			}
		}
		if round < 2 {
			if err := tx.Lists().Create(ctx, ws, &list.List{ID: lists[round], Name: "l"}); err != nil {
				return err
			}
			if err := tx.Automations().Create(ctx, ws, &automation.Automation{ID: autos[round], Name: "a"}); err != nil {
				return err
			}
		}
		if round%2 == 0 {
			// Erase a contact with what this round wrote for it.
			if err := tx.Contacts().Erase(ctx, ws, c); err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		return nil
	}
	s := New()
	errBoom := errors.New("boom")
	for round := range 12 {
		commit := round%3 != 1
		err := s.Update(ctx, func(tx store.Tx) error {
			if err := work(tx, round); err != nil {
				return err
			}
			if !commit {
				return errBoom
			}
			return nil
		})
		if commit && err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if err := s.checkIndexes(); err != nil {
			t.Fatalf("after round %d (commit %t): %v", round, commit, err)
		}
	}
}

// TestOnRollbackAfterUndo checks that the functions given to OnRollback run
// once the Store has undone its own writes, with the Store still locked.
func TestOnRollbackAfterUndo(t *testing.T) {
	s := New()
	c := &contact.Contact{ID: contact.ID{15: 1}, Workspace: "ws", Email: contact.MustParseEmail("a@example.com")}
	var seen, locked []bool
	errBoom := errors.New("boom")
	err := s.Update(t.Context(), func(tx store.Tx) error {
		if err := tx.Contacts().Create(t.Context(), c); err != nil {
			return err
		}
		tx.(interface{ OnRollback(func()) }).OnRollback(func() {
			_, kept := s.contacts[c.ID]
			seen = append(seen, kept)
			locked = append(locked, !s.mu.TryLock())
		})
		return errBoom
	})
	if !errors.Is(err, errBoom) {
		t.Fatalf("Update: got %v, want %v", err, errBoom)
	}
	if want := []bool{false}; !reflect.DeepEqual(seen, want) {
		t.Errorf("the rollback function saw the created contact stored: %v, want %v", seen, want)
	}
	if want := []bool{true}; !reflect.DeepEqual(locked, want) {
		t.Errorf("the rollback function ran with the Store locked: %v, want %v", locked, want)
	}
}
