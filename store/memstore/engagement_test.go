package memstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// engagementFixture stores one list, membership, consent entry, automation,
// enrollment and activity in wsA, and returns them as stored.
type engagementFixture struct {
	list       list.List
	membership list.Membership
	consent    list.Consent
	automation automation.Automation
	enrollment automation.Enrollment
	activities []activity.Activity // the timeline of contact 1, in order
}

func newEngagementFixture(t *testing.T, s *memstore.Store) engagementFixture {
	t.Helper()
	l, m, c := newList(1), newMembership(1, 1), newConsent(t, "ada@example.com")
	a, e := newAutomation(1, automation.On(automation.TriggerManual)), newEnrollment(1, 1, 1, "k1")
	n1, n2 := newNote(1, 1, "older"), newNote(2, 1, "newer")
	write(t, s, func(tx store.Tx) error {
		ctx := t.Context()
		must.NoError(t, tx.Lists().Create(ctx, wsA, l))
		must.NoError(t, tx.Memberships().Put(ctx, wsA, m))
		must.NoError(t, tx.Consent().Put(ctx, wsA, c))
		must.NoError(t, tx.Automations().Create(ctx, wsA, a))
		must.NoError(t, tx.Enrollments().Create(ctx, wsA, e))
		must.NoError(t, tx.Activities().Create(ctx, wsA, n1))
		return tx.Activities().Create(ctx, wsA, n2)
	})
	return engagementFixture{*l, *m, *c, a.Clone(), e.Clone(), []activity.Activity{*n2, *n1}}
}

func TestEngagementRollback(t *testing.T) {
	errBoom := errors.New("boom")
	for _, mode := range []string{"error", "panic"} {
		t.Run(mode, func(t *testing.T) {
			s := memstore.New()
			fx := newEngagementFixture(t, s)
			fn := func(tx store.Tx) error {
				ctx := t.Context()
				// A creation and an update of each kind, some in a new
				// workspace.
				must.NoError(t, tx.Lists().Create(ctx, wsA, newList(2)))
				must.NoError(t, tx.Lists().Create(ctx, wsB, newList(3)))
				l := fx.list
				l.Name = "changed"
				must.NoError(t, tx.Lists().Update(ctx, wsA, &l))

				must.NoError(t, tx.Memberships().Put(ctx, wsA, newMembership(2, 1)))
				must.NoError(t, tx.Memberships().Put(ctx, wsA, newMembership(1, 2)))
				must.NoError(t, tx.Memberships().Put(ctx, wsB, newMembership(3, 3)))
				m := fx.membership
				m.Status = list.StatusUnsubscribed
				must.NoError(t, tx.Memberships().Put(ctx, wsA, &m))

				must.NoError(t, tx.Consent().Put(ctx, wsA, newConsent(t, "bob@example.com")))
				c := fx.consent
				c, _ = c.Unsubscribe(list.Change{At: t0, Source: contact.ChangeImport})
				must.NoError(t, tx.Consent().Put(ctx, wsA, &c))

				must.NoError(t, tx.Automations().Create(ctx, wsA, newAutomation(2, automation.On(automation.TriggerManual))))
				a := fx.automation.Clone()
				a.Active = false
				must.NoError(t, tx.Automations().Update(ctx, wsA, &a))

				must.NoError(t, tx.Enrollments().Create(ctx, wsA, newEnrollment(2, 1, 2, "k2")))
				e := fx.enrollment.Clone()
				e.IdempotencyKey = "k3" // frees k1, takes k3
				e.Contact = id(3)
				must.NoError(t, e.Stop("test", t0))
				must.NoError(t, tx.Enrollments().Update(ctx, wsA, &e))
				// k1 is free inside the transaction.
				must.NoError(t, tx.Enrollments().Create(ctx, wsA, newEnrollment(3, 1, 1, "k1")))

				must.NoError(t, tx.Activities().Create(ctx, wsA, newNote(3, 1, "newest")))
				must.NoError(t, tx.Activities().Create(ctx, wsB, newNote(4, 5, "elsewhere")))
				old := fx.activities[1]
				old.Pinned = true
				must.NoError(t, tx.Activities().Update(ctx, wsA, &old))
				// Fn reads its own writes.
				check.Equal(t, []activity.ID{activityID(1), activityID(3), activityID(2)}, func() []activity.ID {
					p, err := tx.Activities().Timeline(ctx, wsA, id(1), activity.Filter{}, store.PageRequest{})
					must.NoError(t, err)
					return keys(p.Items, func(a activity.Activity) activity.ID { return a.ID })
				}())
				if mode == "panic" {
					panic(errBoom)
				}
				return errBoom
			}
			if mode == "panic" {
				must.PanicsWithValue(t, errBoom, func() { _ = s.Update(t.Context(), fn) })
			} else {
				must.ErrorIs(t, s.Update(t.Context(), fn), errBoom)
			}

			must.NoError(t, read(t, s, func(tx store.Tx) error {
				ctx := t.Context()
				l, err := tx.Lists().Get(ctx, wsA, listID(1))
				must.NoError(t, err)
				check.Equal(t, fx.list, l, "the rolled-back list Update")
				_, err = tx.Lists().Get(ctx, wsA, listID(2))
				check.ErrorIs(t, err, store.ErrNotFound, "the rolled-back list Create")

				m, err := tx.Memberships().Get(ctx, wsA, listID(1), id(1))
				must.NoError(t, err)
				check.Equal(t, fx.membership, m, "the rolled-back membership update")
				_, err = tx.Memberships().Get(ctx, wsA, listID(2), id(1))
				check.ErrorIs(t, err, store.ErrNotFound, "the rolled-back membership creation")

				c, err := tx.Consent().Get(ctx, wsA, fx.consent.Address)
				must.NoError(t, err)
				check.Equal(t, fx.consent, c, "the rolled-back consent update")
				_, err = tx.Consent().Get(ctx, wsA, newConsent(t, "bob@example.com").Address)
				check.ErrorIs(t, err, store.ErrNotFound, "the rolled-back consent creation")

				a, err := tx.Automations().Get(ctx, wsA, automationID(1))
				must.NoError(t, err)
				check.Equal(t, fx.automation, a, "the rolled-back automation Update")
				_, err = tx.Automations().Get(ctx, wsA, automationID(2))
				check.ErrorIs(t, err, store.ErrNotFound, "the rolled-back automation Create")
				trig, err := tx.Automations().Triggered(ctx, wsA, automation.Occurrence{Kind: automation.TriggerManual})
				must.NoError(t, err)
				check.Equal(t, []automation.Automation{fx.automation}, trig, "Triggered after the rollback")

				e, err := tx.Enrollments().Get(ctx, wsA, enrollmentID(1))
				must.NoError(t, err)
				check.Equal(t, fx.enrollment, e, "the rolled-back enrollment Update")
				e, err = tx.Enrollments().ByKey(ctx, wsA, automationID(1), "k1")
				must.NoError(t, err, "the rolled-back Update gave its old key back")
				check.Equal(t, enrollmentID(1), e.ID)
				for _, key := range []string{"k2", "k3"} {
					_, err = tx.Enrollments().ByKey(ctx, wsA, automationID(1), key)
					check.ErrorIs(t, err, store.ErrNotFound, "key %s of a rolled-back write", key)
				}
				for _, eid := range []automation.EnrollmentID{enrollmentID(2), enrollmentID(3)} {
					_, err = tx.Enrollments().Get(ctx, wsA, eid)
					check.ErrorIs(t, err, store.ErrNotFound, "the rolled-back enrollment Create")
				}

				for i, want := range fx.activities {
					got, err := tx.Activities().Get(ctx, wsA, want.ID)
					must.NoError(t, err)
					check.Equal(t, want, got, "activity %d after the rollback", i)
				}
				_, err = tx.Activities().Get(ctx, wsA, activityID(3))
				check.ErrorIs(t, err, store.ErrNotFound, "the rolled-back activity Create")
				return nil
			}))

			// The indexes are as they were.
			lists := all(t, s, 10, func(tx store.Tx, p store.PageRequest) (store.Page[list.List], error) {
				return tx.Lists().List(t.Context(), wsA, p)
			})
			check.Equal(t, []list.List{fx.list}, lists)
			for _, q := range []store.MembershipQuery{{}, {List: listID(1)}, {Contact: id(1)}} {
				ms := all(t, s, 10, func(tx store.Tx, p store.PageRequest) (store.Page[list.Membership], error) {
					return tx.Memberships().List(t.Context(), wsA, q, p)
				})
				check.Equal(t, []list.Membership{fx.membership}, ms, "memberships %+v", q)
			}
			for _, q := range []store.MembershipQuery{{List: listID(2)}, {Contact: id(2)}} {
				ms := all(t, s, 10, func(tx store.Tx, p store.PageRequest) (store.Page[list.Membership], error) {
					return tx.Memberships().List(t.Context(), wsA, q, p)
				})
				check.Empty(t, ms, "memberships %+v", q)
			}
			autos := all(t, s, 10, func(tx store.Tx, p store.PageRequest) (store.Page[automation.Automation], error) {
				return tx.Automations().List(t.Context(), wsA, p)
			})
			check.Equal(t, []automation.Automation{fx.automation}, autos)
			for _, q := range []store.EnrollmentQuery{{}, {Contact: id(1)}, {Automation: automationID(1)}, {ActiveOnly: true}} {
				es := all(t, s, 10, func(tx store.Tx, p store.PageRequest) (store.Page[automation.Enrollment], error) {
					return tx.Enrollments().List(t.Context(), wsA, q, p)
				})
				check.Equal(t, []automation.Enrollment{fx.enrollment}, es, "enrollments %+v", q)
			}
			for _, q := range []store.EnrollmentQuery{{Contact: id(2)}, {Contact: id(3)}} {
				es := all(t, s, 10, func(tx store.Tx, p store.PageRequest) (store.Page[automation.Enrollment], error) {
					return tx.Enrollments().List(t.Context(), wsA, q, p)
				})
				check.Empty(t, es, "enrollments %+v", q)
			}
			check.Equal(t, keys(fx.activities, func(a activity.Activity) activity.ID { return a.ID }),
				timeline(t, s, wsA, id(1), activity.Filter{}, 10), "the timeline after the rollback")
			check.Empty(t, timeline(t, s, wsB, id(5), activity.Filter{}, 10))

			// Every ID, key and address is free again: the same writes commit.
			write(t, s, func(tx store.Tx) error {
				ctx := t.Context()
				must.NoError(t, tx.Lists().Create(ctx, wsB, newList(2)))
				must.NoError(t, tx.Memberships().Put(ctx, wsA, newMembership(2, 1)))
				must.NoError(t, tx.Consent().Put(ctx, wsA, newConsent(t, "bob@example.com")))
				must.NoError(t, tx.Automations().Create(ctx, wsB, newAutomation(2)))
				must.NoError(t, tx.Enrollments().Create(ctx, wsA, newEnrollment(2, 1, 2, "k2")))
				must.NoError(t, tx.Enrollments().Create(ctx, wsA, newEnrollment(3, 1, 1, "k3")))
				return tx.Activities().Create(ctx, wsB, newNote(3, 1, "newest"))
			})
		})
	}
}

func TestEngagementCopies(t *testing.T) {
	s := memstore.New()
	a := newAutomation(1, automation.On(automation.TriggerManual))
	e := newEnrollment(1, 1, 1, "")
	must.NoError(t, e.Pass(automation.OutcomeCompleted, t0))
	write(t, s, func(tx store.Tx) error {
		must.NoError(t, tx.Automations().Create(t.Context(), wsA, a))
		return tx.Enrollments().Create(t.Context(), wsA, e)
	})
	// The caller changes what it gave.
	a.Steps[0].Name = "caller's"
	a.Triggers[0].Kind = automation.TriggerNoteAdded
	e.Path[0].Outcome = automation.OutcomeSkipped

	getBoth := func() (automation.Automation, automation.Enrollment) {
		var ga automation.Automation
		var ge automation.Enrollment
		must.NoError(t, read(t, s, func(tx store.Tx) error {
			var err error
			ga, err = tx.Automations().Get(t.Context(), wsA, automationID(1))
			must.NoError(t, err)
			ge, err = tx.Enrollments().Get(t.Context(), wsA, enrollmentID(1))
			return err
		}))
		return ga, ge
	}
	ga, ge := getBoth()
	check.Equal(t, "wait", ga.Steps[0].Name, "the store shares Steps with the caller of Create")
	check.Equal(t, automation.TriggerManual, ga.Triggers[0].Kind, "the store shares Triggers with the caller of Create")
	check.Equal(t, automation.OutcomeCompleted, ge.Path[0].Outcome, "the store shares Path with the caller of Create")

	// The caller changes what it got, from every read method.
	ga.Steps[0].Name = "mutated"
	ge.Path[0].Outcome = automation.OutcomeSkipped
	must.NoError(t, read(t, s, func(tx store.Tx) error {
		ctx := t.Context()
		p, err := tx.Automations().List(ctx, wsA, store.PageRequest{})
		must.NoError(t, err)
		p.Items[0].Triggers[0].Subject = "mutated"
		trig, err := tx.Automations().Triggered(ctx, wsA, automation.Occurrence{Kind: automation.TriggerManual})
		must.NoError(t, err)
		trig[0].Steps[1].Name = "mutated"
		ep, err := tx.Enrollments().List(ctx, wsA, store.EnrollmentQuery{}, store.PageRequest{})
		must.NoError(t, err)
		ep.Items[0].Path[0].Step = 9
		return nil
	}))
	ga, ge = getBoth()
	check.Equal(t, []automation.Step{{Name: "wait"}, {Name: "send"}}, ga.Steps, "the store shares Steps with a reader")
	check.Equal(t, []automation.Trigger{automation.On(automation.TriggerManual)}, ga.Triggers, "the store shares Triggers with a reader")
	check.Equal(t, []automation.StepResult{{Step: 0, Outcome: automation.OutcomeCompleted, At: t0}}, ge.Path, "the store shares Path with a reader")

	// Update copies too.
	ga.Steps = append(ga.Steps[:1:1], automation.Step{Name: "updated"})
	write(t, s, func(tx store.Tx) error { return tx.Automations().Update(t.Context(), wsA, &ga) })
	ga.Steps[1].Name = "after update"
	got, _ := getBoth()
	check.Equal(t, "updated", got.Steps[1].Name, "the store shares Steps with the caller of Update")
}

func TestEngagementCursors(t *testing.T) {
	s := memstore.New()
	newEngagementFixture(t, s)
	write(t, s, func(tx store.Tx) error {
		ctx := t.Context()
		must.NoError(t, tx.Lists().Create(ctx, wsA, newList(2)))
		must.NoError(t, tx.Memberships().Put(ctx, wsA, newMembership(1, 2)))
		must.NoError(t, tx.Automations().Create(ctx, wsA, newAutomation(2)))
		must.NoError(t, tx.Enrollments().Create(ctx, wsA, newEnrollment(2, 1, 1, "")))
		return tx.Activities().Create(ctx, wsA, newNote(3, 2, "x"))
	})
	listings := map[string]func(tx store.Tx, cursor string) (string, error){
		"Lists": func(tx store.Tx, cursor string) (string, error) {
			p, err := tx.Lists().List(t.Context(), wsA, store.PageRequest{Cursor: cursor, Limit: 1})
			return p.Next, err
		},
		"Memberships": func(tx store.Tx, cursor string) (string, error) {
			p, err := tx.Memberships().List(t.Context(), wsA, store.MembershipQuery{}, store.PageRequest{Cursor: cursor, Limit: 1})
			return p.Next, err
		},
		"Automations": func(tx store.Tx, cursor string) (string, error) {
			p, err := tx.Automations().List(t.Context(), wsA, store.PageRequest{Cursor: cursor, Limit: 1})
			return p.Next, err
		},
		"Enrollments": func(tx store.Tx, cursor string) (string, error) {
			p, err := tx.Enrollments().List(t.Context(), wsA, store.EnrollmentQuery{}, store.PageRequest{Cursor: cursor, Limit: 1})
			return p.Next, err
		},
		"Timeline": func(tx store.Tx, cursor string) (string, error) {
			p, err := tx.Activities().Timeline(t.Context(), wsA, id(1), activity.Filter{}, store.PageRequest{Cursor: cursor, Limit: 1})
			return p.Next, err
		},
		"Contacts": func(tx store.Tx, cursor string) (string, error) {
			p, err := tx.Contacts().List(t.Context(), wsA, store.ContactQuery{}, store.PageRequest{Cursor: cursor, Limit: 1})
			return p.Next, err
		},
	}
	cursors := make(map[string]string)
	must.NoError(t, read(t, s, func(tx store.Tx) error {
		for name, next := range listings {
			if name == "Contacts" {
				continue
			}
			c, err := next(tx, "")
			must.NoError(t, err, name)
			must.NotEmpty(t, c, "%s has a second page", name)
			cursors[name] = c
			// Its own cursor is good.
			_, err = next(tx, c)
			must.NoError(t, err, name)
		}
		return nil
	}))
	// A timeline cursor of another contact.
	must.NoError(t, read(t, s, func(tx store.Tx) error {
		_, err := tx.Activities().Timeline(t.Context(), wsA, id(2), activity.Filter{}, store.PageRequest{Cursor: cursors["Timeline"]})
		check.ErrorIs(t, err, store.ErrInvalidCursor, "a timeline cursor of another contact")
		return nil
	}))
	for name, next := range listings {
		bad := []string{"garbage", "l1", "m1zz", "e1" + cursors["Lists"][2:] + "00", "n1.p.1.2.3", cursors["Timeline"] + "0"}
		for other, c := range cursors {
			if other != name {
				bad = append(bad, c)
			}
		}
		for _, cursor := range bad {
			t.Run(name+"/"+cursor, func(t *testing.T) {
				err := read(t, s, func(tx store.Tx) error { _, err := next(tx, cursor); return err })
				check.ErrorIs(t, err, store.ErrInvalidCursor)
			})
		}
	}
}

// engagementCalls returns a call of every method of the new accessors, on
// the fixture of newEngagementFixture, and whether it writes.
func engagementCalls(ctx context.Context, t *testing.T) map[string]struct {
	write bool
	call  func(tx store.Tx) error
} {
	type c = struct {
		write bool
		call  func(tx store.Tx) error
	}
	return map[string]c{
		"Lists.Get":    {false, func(tx store.Tx) error { _, err := tx.Lists().Get(ctx, wsA, listID(1)); return err }},
		"Lists.Create": {true, func(tx store.Tx) error { return tx.Lists().Create(ctx, wsA, newList(2)) }},
		"Lists.Update": {true, func(tx store.Tx) error {
			l := newList(1)
			l.Version = 1
			return tx.Lists().Update(ctx, wsA, l)
		}},
		"Lists.List": {false, func(tx store.Tx) error { _, err := tx.Lists().List(ctx, wsA, store.PageRequest{}); return err }},
		"Memberships.Get": {false, func(tx store.Tx) error {
			_, err := tx.Memberships().Get(ctx, wsA, listID(1), id(1))
			return err
		}},
		"Memberships.Put": {true, func(tx store.Tx) error { return tx.Memberships().Put(ctx, wsA, newMembership(1, 2)) }},
		"Memberships.List": {false, func(tx store.Tx) error {
			_, err := tx.Memberships().List(ctx, wsA, store.MembershipQuery{}, store.PageRequest{})
			return err
		}},
		"Consent.Get": {false, func(tx store.Tx) error {
			_, err := tx.Consent().Get(ctx, wsA, newConsent(t, "ada@example.com").Address)
			return err
		}},
		"Consent.Put": {true, func(tx store.Tx) error { return tx.Consent().Put(ctx, wsA, newConsent(t, "bob@example.com")) }},
		"Automations.Get": {false, func(tx store.Tx) error {
			_, err := tx.Automations().Get(ctx, wsA, automationID(1))
			return err
		}},
		"Automations.Create": {true, func(tx store.Tx) error { return tx.Automations().Create(ctx, wsA, newAutomation(2)) }},
		"Automations.Update": {true, func(tx store.Tx) error {
			a := newAutomation(1)
			a.Version = 1
			return tx.Automations().Update(ctx, wsA, a)
		}},
		"Automations.List": {false, func(tx store.Tx) error {
			_, err := tx.Automations().List(ctx, wsA, store.PageRequest{})
			return err
		}},
		"Automations.Triggered": {false, func(tx store.Tx) error {
			_, err := tx.Automations().Triggered(ctx, wsA, automation.Occurrence{Kind: automation.TriggerManual})
			return err
		}},
		"Enrollments.Get": {false, func(tx store.Tx) error {
			_, err := tx.Enrollments().Get(ctx, wsA, enrollmentID(1))
			return err
		}},
		"Enrollments.Create": {true, func(tx store.Tx) error { return tx.Enrollments().Create(ctx, wsA, newEnrollment(2, 1, 2, "k2")) }},
		"Enrollments.Update": {true, func(tx store.Tx) error {
			e := newEnrollment(1, 1, 1, "k1")
			e.Version = 1
			return tx.Enrollments().Update(ctx, wsA, e)
		}},
		"Enrollments.ByKey": {false, func(tx store.Tx) error {
			_, err := tx.Enrollments().ByKey(ctx, wsA, automationID(1), "k1")
			return err
		}},
		"Enrollments.List": {false, func(tx store.Tx) error {
			_, err := tx.Enrollments().List(ctx, wsA, store.EnrollmentQuery{}, store.PageRequest{})
			return err
		}},
		"Activities.Get": {false, func(tx store.Tx) error {
			_, err := tx.Activities().Get(ctx, wsA, activityID(1))
			return err
		}},
		"Activities.Create": {true, func(tx store.Tx) error { return tx.Activities().Create(ctx, wsA, newNote(3, 1, "x")) }},
		"Activities.Update": {true, func(tx store.Tx) error {
			a := newNote(1, 1, "x")
			a.Version = 1
			return tx.Activities().Update(ctx, wsA, a)
		}},
		"Activities.Timeline": {false, func(tx store.Tx) error {
			_, err := tx.Activities().Timeline(ctx, wsA, id(1), activity.Filter{}, store.PageRequest{})
			return err
		}},
	}
}

func TestEngagementViewIsReadOnly(t *testing.T) {
	s := memstore.New()
	fx := newEngagementFixture(t, s)
	for name, c := range engagementCalls(t.Context(), t) {
		t.Run(name, func(t *testing.T) {
			err := s.View(t.Context(), c.call)
			if c.write {
				must.ErrorIs(t, err, store.ErrReadOnly)
			} else {
				must.NoError(t, err)
			}
		})
	}
	assertFixture(t, s, fx)
}

func TestEngagementCanceledContext(t *testing.T) {
	s := memstore.New()
	fx := newEngagementFixture(t, s)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for name, c := range engagementCalls(ctx, t) {
		t.Run(name, func(t *testing.T) {
			var got error
			must.NoError(t, s.Update(t.Context(), func(tx store.Tx) error {
				got = c.call(tx)
				return nil // commit: nothing must have been written
			}))
			check.Equal(t, context.Canceled, got, "want ctx.Err() unwrapped")
		})
	}
	assertFixture(t, s, fx)
}

func TestEngagementTxAfterEnd(t *testing.T) {
	s := memstore.New()
	fx := newEngagementFixture(t, s)
	var kept store.Tx
	must.NoError(t, s.Update(t.Context(), func(tx store.Tx) error { kept = tx; return nil }))
	for name, c := range engagementCalls(t.Context(), t) {
		t.Run(name, func(t *testing.T) {
			check.ErrorIs(t, c.call(kept), memstore.ErrTxDone)
		})
	}
	assertFixture(t, s, fx)
}

// assertFixture checks that s holds the fixture as it was stored, and
// nothing more.
func assertFixture(t *testing.T, s *memstore.Store, fx engagementFixture) {
	t.Helper()
	must.NoError(t, read(t, s, func(tx store.Tx) error {
		ctx := t.Context()
		l, err := tx.Lists().Get(ctx, wsA, fx.list.ID)
		must.NoError(t, err)
		check.Equal(t, fx.list, l)
		ms, err := tx.Memberships().List(ctx, wsA, store.MembershipQuery{}, store.PageRequest{})
		must.NoError(t, err)
		check.Equal(t, []list.Membership{fx.membership}, ms.Items)
		_, err = tx.Consent().Get(ctx, wsA, newConsent(t, "bob@example.com").Address)
		check.ErrorIs(t, err, store.ErrNotFound)
		a, err := tx.Automations().Get(ctx, wsA, fx.automation.ID)
		must.NoError(t, err)
		check.Equal(t, fx.automation, a)
		es, err := tx.Enrollments().List(ctx, wsA, store.EnrollmentQuery{}, store.PageRequest{})
		must.NoError(t, err)
		check.Equal(t, []automation.Enrollment{fx.enrollment}, es.Items)
		tl, err := tx.Activities().Timeline(ctx, wsA, id(1), activity.Filter{}, store.PageRequest{})
		must.NoError(t, err)
		check.Equal(t, fx.activities, tl.Items)
		ls, err := tx.Lists().List(ctx, wsA, store.PageRequest{})
		must.NoError(t, err)
		check.Len(t, ls.Items, 1)
		as, err := tx.Automations().List(ctx, wsA, store.PageRequest{})
		must.NoError(t, err)
		check.Len(t, as.Items, 1)
		return nil
	}))
}
