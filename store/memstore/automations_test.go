package memstore_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/tag"
)

func TestAutomations(t *testing.T) {
	s := memstore.New()
	a := newAutomation(1, automation.On(automation.TriggerContactCreated))
	write(t, s, func(tx store.Tx) error { return tx.Automations().Create(t.Context(), wsA, a) })
	check.Equal(t, int64(1), a.Version)

	getA := func(ws contact.WorkspaceID, aid automation.ID) (automation.Automation, error) {
		return readValue(t, s, func(tx store.Tx) (automation.Automation, error) { return tx.Automations().Get(t.Context(), ws, aid) })
	}
	got, err := getA(wsA, a.ID)
	must.NoError(t, err)
	check.Equal(t, *a, got)

	a.Active = false
	a.Steps = append(a.Steps, automation.Step{Name: "third"})
	write(t, s, func(tx store.Tx) error { return tx.Automations().Update(t.Context(), wsA, a) })
	check.Equal(t, int64(2), a.Version)
	got, err = getA(wsA, a.ID)
	must.NoError(t, err)
	check.Equal(t, *a, got)

	tests := []struct {
		name string
		fn   func(tx store.Tx) error
		want error
	}{
		{"Create same ID", func(tx store.Tx) error { return tx.Automations().Create(t.Context(), wsA, newAutomation(1)) }, store.ErrAlreadyExists},
		{"Create same ID in another workspace", func(tx store.Tx) error { return tx.Automations().Create(t.Context(), wsB, newAutomation(1)) }, store.ErrAlreadyExists},
		{"Create with a version", func(tx store.Tx) error {
			a := newAutomation(2)
			a.Version = 2
			return tx.Automations().Create(t.Context(), wsA, a)
		}, memstore.ErrInvalid},
		{"Create zero ID", func(tx store.Tx) error {
			return tx.Automations().Create(t.Context(), wsA, &automation.Automation{Name: "x"})
		}, memstore.ErrInvalid},
		{"Create no workspace", func(tx store.Tx) error { return tx.Automations().Create(t.Context(), "", newAutomation(2)) }, memstore.ErrInvalid},
		{"Create nil", func(tx store.Tx) error { return tx.Automations().Create(t.Context(), wsA, nil) }, memstore.ErrInvalid},
		{"Update stale", func(tx store.Tx) error {
			a := newAutomation(1)
			a.Version = 1
			return tx.Automations().Update(t.Context(), wsA, a)
		}, store.ErrConflict},
		{"Update missing", func(tx store.Tx) error {
			a := newAutomation(9)
			a.Version = 1
			return tx.Automations().Update(t.Context(), wsA, a)
		}, store.ErrNotFound},
		{"Update other workspace", func(tx store.Tx) error {
			a := newAutomation(1)
			a.Version = 2
			return tx.Automations().Update(t.Context(), wsB, a)
		}, store.ErrNotFound},
		{"Update nil", func(tx store.Tx) error { return tx.Automations().Update(t.Context(), wsA, nil) }, memstore.ErrInvalid},
		{"Get missing", func(tx store.Tx) error { _, err := tx.Automations().Get(t.Context(), wsA, automationID(9)); return err }, store.ErrNotFound},
		{"Get other workspace", func(tx store.Tx) error { _, err := tx.Automations().Get(t.Context(), wsB, a.ID); return err }, store.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			must.ErrorIs(t, s.Update(t.Context(), tt.fn), tt.want)
		})
	}
	got, err = getA(wsA, a.ID)
	must.NoError(t, err)
	check.Equal(t, *a, got, "a failed write changed the automation")
	_, err = getA(wsA, automationID(2))
	check.ErrorIs(t, err, store.ErrNotFound, "a failed Create wrote its automation")
}

func TestAutomationsListAndTriggered(t *testing.T) {
	s := memstore.New()
	vip := tag.MustParseName("vip")
	const n = 30
	write(t, s, func(tx store.Tx) error {
		for _, i := range rand.New(rand.NewPCG(7, 8)).Perm(n) {
			var a *automation.Automation
			switch i % 3 {
			case 0:
				a = newAutomation(i+1, automation.OnTagAdded(vip))
			case 1:
				a = newAutomation(i+1, automation.On(automation.TriggerTagAdded), automation.On(automation.TriggerManual))
			default:
				a = newAutomation(i+1, automation.On(automation.TriggerContactCreated))
			}
			a.Active = i%5 != 0
			must.NoError(t, tx.Automations().Create(t.Context(), wsA, a))
		}
		return tx.Automations().Create(t.Context(), wsB, newAutomation(n+1, automation.OnTagAdded(vip)))
	})
	var every, onVIP, onManual []automation.ID
	for i := range n {
		every = append(every, automationID(i+1))
		if i%5 == 0 {
			continue
		}
		switch i % 3 {
		case 0:
			onVIP = append(onVIP, automationID(i+1))
		case 1:
			onVIP = append(onVIP, automationID(i+1))
			onManual = append(onManual, automationID(i+1))
		}
	}
	ids := func(as []automation.Automation) []automation.ID {
		return keys(as, func(a automation.Automation) automation.ID { return a.ID })
	}
	for _, size := range []int{0, 1, 4, n, 5000} {
		t.Run(fmt.Sprintf("List/size %d", size), func(t *testing.T) {
			got := all(t, s, size, func(tx store.Tx, p store.PageRequest) (store.Page[automation.Automation], error) {
				return tx.Automations().List(t.Context(), wsA, p)
			})
			check.Equal(t, every, ids(got))
		})
	}
	tests := []struct {
		name string
		ws   contact.WorkspaceID
		o    automation.Occurrence
		want []automation.ID
	}{
		{"tag vip", wsA, automation.TagAdded(vip), onVIP},
		{"manual", wsA, automation.Occurrence{Kind: automation.TriggerManual}, onManual},
		{"nothing", wsA, automation.FormSubmitted("contact-us"), []automation.ID{}},
		{"other workspace", wsB, automation.TagAdded(vip), []automation.ID{automationID(n + 1)}},
		{"empty workspace", "ws-c", automation.TagAdded(vip), []automation.ID{}},
	}
	for _, tt := range tests {
		t.Run("Triggered/"+tt.name, func(t *testing.T) {
			var got []automation.Automation
			must.NoError(t, read(t, s, func(tx store.Tx) error {
				var err error
				got, err = tx.Automations().Triggered(t.Context(), tt.ws, tt.o)
				return err
			}))
			check.Equal(t, len(tt.want), len(got))
			check.Equal(t, tt.want, append([]automation.ID{}, ids(got)...))
		})
	}
}

func TestEnrollments(t *testing.T) {
	s := memstore.New()
	e := newEnrollment(1, 1, 1, "k1")
	write(t, s, func(tx store.Tx) error { return tx.Enrollments().Create(t.Context(), wsA, e) })
	check.Equal(t, int64(1), e.Version)

	getE := func(ws contact.WorkspaceID, eid automation.EnrollmentID) (got automation.Enrollment, err error) {
		err = read(t, s, func(tx store.Tx) error {
			got, err = tx.Enrollments().Get(t.Context(), ws, eid)
			return err
		})
		return got, err
	}
	byKey := func(ws contact.WorkspaceID, a int, key string) (got automation.Enrollment, err error) {
		err = read(t, s, func(tx store.Tx) error {
			got, err = tx.Enrollments().ByKey(t.Context(), ws, automationID(a), key)
			return err
		})
		return got, err
	}
	got, err := getE(wsA, e.ID)
	must.NoError(t, err)
	check.Equal(t, *e, got)
	got, err = byKey(wsA, 1, "k1")
	must.NoError(t, err)
	check.Equal(t, *e, got, "ByKey")

	must.NoError(t, e.Pass(automation.OutcomeCompleted, t0))
	write(t, s, func(tx store.Tx) error { return tx.Enrollments().Update(t.Context(), wsA, e) })
	check.Equal(t, int64(2), e.Version)
	got, err = getE(wsA, e.ID)
	must.NoError(t, err)
	check.Equal(t, *e, got)

	// Enrollments without key, and the same key in another automation or
	// workspace, do not collide.
	write(t, s, func(tx store.Tx) error {
		must.NoError(t, tx.Enrollments().Create(t.Context(), wsA, newEnrollment(2, 1, 2, "")))
		must.NoError(t, tx.Enrollments().Create(t.Context(), wsA, newEnrollment(3, 1, 3, "")))
		must.NoError(t, tx.Enrollments().Create(t.Context(), wsA, newEnrollment(4, 2, 1, "k1")))
		return tx.Enrollments().Create(t.Context(), wsB, newEnrollment(5, 1, 5, "k1"))
	})

	tests := []struct {
		name string
		fn   func(tx store.Tx) error
		want error
	}{
		{"Create same ID", func(tx store.Tx) error { return tx.Enrollments().Create(t.Context(), wsA, newEnrollment(1, 3, 3, "")) }, store.ErrAlreadyExists},
		{"Create same ID in another workspace", func(tx store.Tx) error {
			return tx.Enrollments().Create(t.Context(), wsB, newEnrollment(1, 3, 3, ""))
		}, store.ErrAlreadyExists},
		{"Create same key", func(tx store.Tx) error {
			return tx.Enrollments().Create(t.Context(), wsA, newEnrollment(9, 1, 9, "k1"))
		}, store.ErrAlreadyExists},
		{"Create with a version", func(tx store.Tx) error {
			e := newEnrollment(9, 1, 9, "")
			e.Version = 1
			return tx.Enrollments().Create(t.Context(), wsA, e)
		}, memstore.ErrInvalid},
		{"Create zero ID", func(tx store.Tx) error {
			e := newEnrollment(9, 1, 9, "")
			e.ID = automation.EnrollmentID{}
			return tx.Enrollments().Create(t.Context(), wsA, e)
		}, memstore.ErrInvalid},
		{"Create no automation", func(tx store.Tx) error {
			e := newEnrollment(9, 1, 9, "")
			e.Automation = automation.ID{}
			return tx.Enrollments().Create(t.Context(), wsA, e)
		}, memstore.ErrInvalid},
		{"Create no contact", func(tx store.Tx) error {
			e := newEnrollment(9, 1, 9, "")
			e.Contact = contact.ID{}
			return tx.Enrollments().Create(t.Context(), wsA, e)
		}, memstore.ErrInvalid},
		{"Create no workspace", func(tx store.Tx) error { return tx.Enrollments().Create(t.Context(), "", newEnrollment(9, 1, 9, "")) }, memstore.ErrInvalid},
		{"Create nil", func(tx store.Tx) error { return tx.Enrollments().Create(t.Context(), wsA, nil) }, memstore.ErrInvalid},
		{"Update stale", func(tx store.Tx) error {
			e := newEnrollment(1, 1, 1, "k1")
			e.Version = 1
			return tx.Enrollments().Update(t.Context(), wsA, e)
		}, store.ErrConflict},
		{"Update missing", func(tx store.Tx) error {
			e := newEnrollment(9, 1, 9, "")
			e.Version = 1
			return tx.Enrollments().Update(t.Context(), wsA, e)
		}, store.ErrNotFound},
		{"Update other workspace", func(tx store.Tx) error {
			e := newEnrollment(1, 1, 1, "k1")
			e.Version = 2
			return tx.Enrollments().Update(t.Context(), wsB, e)
		}, store.ErrNotFound},
		{"Update to a held key", func(tx store.Tx) error {
			e := newEnrollment(2, 1, 2, "k1")
			e.Version = 1
			return tx.Enrollments().Update(t.Context(), wsA, e)
		}, store.ErrAlreadyExists},
		{"Update nil", func(tx store.Tx) error { return tx.Enrollments().Update(t.Context(), wsA, nil) }, memstore.ErrInvalid},
		{"Get missing", func(tx store.Tx) error { _, err := tx.Enrollments().Get(t.Context(), wsA, enrollmentID(9)); return err }, store.ErrNotFound},
		{"Get other workspace", func(tx store.Tx) error { _, err := tx.Enrollments().Get(t.Context(), wsB, e.ID); return err }, store.ErrNotFound},
		{"ByKey unknown", func(tx store.Tx) error {
			_, err := tx.Enrollments().ByKey(t.Context(), wsA, automationID(1), "k2")
			return err
		}, store.ErrNotFound},
		{"ByKey other automation", func(tx store.Tx) error {
			_, err := tx.Enrollments().ByKey(t.Context(), wsA, automationID(3), "k1")
			return err
		}, store.ErrNotFound},
		{"ByKey other workspace", func(tx store.Tx) error {
			_, err := tx.Enrollments().ByKey(t.Context(), "ws-c", automationID(1), "k1")
			return err
		}, store.ErrNotFound},
		{"ByKey empty key", func(tx store.Tx) error {
			_, err := tx.Enrollments().ByKey(t.Context(), wsA, automationID(2), "")
			return err
		}, memstore.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			must.ErrorIs(t, s.Update(t.Context(), tt.fn), tt.want)
		})
	}
	got, err = getE(wsA, e.ID)
	must.NoError(t, err)
	check.Equal(t, *e, got, "a failed write changed the enrollment")
	got, err = byKey(wsB, 1, "k1")
	must.NoError(t, err)
	check.Equal(t, enrollmentID(5), got.ID, "ByKey in another workspace")

	// An Update that changes the key moves the unique index entry.
	e.IdempotencyKey = "k2"
	write(t, s, func(tx store.Tx) error { return tx.Enrollments().Update(t.Context(), wsA, e) })
	_, err = byKey(wsA, 1, "k1")
	check.ErrorIs(t, err, store.ErrNotFound, "the old key is free after an Update")
	got, err = byKey(wsA, 1, "k2")
	must.NoError(t, err)
	check.Equal(t, e.ID, got.ID)
	write(t, s, func(tx store.Tx) error {
		return tx.Enrollments().Create(t.Context(), wsA, newEnrollment(6, 1, 6, "k1"))
	})
}

func TestEnrollmentsList(t *testing.T) {
	s := memstore.New()
	const n = 120
	type row struct{ a, c int }
	rows := make(map[int]row)
	write(t, s, func(tx store.Tx) error {
		for _, i := range rand.New(rand.NewPCG(9, 10)).Perm(n) {
			e := newEnrollment(i+1, i%4+1, i%7+1, fmt.Sprint("key", i))
			if i%3 == 0 {
				must.NoError(t, e.End(t0))
			}
			rows[i+1] = row{i%4 + 1, i%7 + 1}
			must.NoError(t, tx.Enrollments().Create(t.Context(), wsA, e))
		}
		return tx.Enrollments().Create(t.Context(), wsB, newEnrollment(n+1, 1, 1, ""))
	})
	want := func(keep func(n int, r row) bool) []automation.EnrollmentID {
		var out []automation.EnrollmentID
		for i := 1; i <= n; i++ {
			if keep(i, rows[i]) {
				out = append(out, enrollmentID(i))
			}
		}
		return out
	}
	active := func(i int) bool { return (i-1)%3 != 0 }
	tests := []struct {
		name string
		q    store.EnrollmentQuery
		want []automation.EnrollmentID
	}{
		{"all", store.EnrollmentQuery{}, want(func(int, row) bool { return true })},
		{"contact", store.EnrollmentQuery{Contact: id(3)}, want(func(_ int, r row) bool { return r.c == 3 })},
		{"automation", store.EnrollmentQuery{Automation: automationID(2)}, want(func(_ int, r row) bool { return r.a == 2 })},
		{"contact and automation", store.EnrollmentQuery{Contact: id(3), Automation: automationID(2)},
			want(func(_ int, r row) bool { return r.c == 3 && r.a == 2 })},
		{"active", store.EnrollmentQuery{ActiveOnly: true}, want(func(i int, _ row) bool { return active(i) })},
		{"active of a contact", store.EnrollmentQuery{Contact: id(5), ActiveOnly: true},
			want(func(i int, r row) bool { return r.c == 5 && active(i) })},
		{"unknown contact", store.EnrollmentQuery{Contact: id(99)}, nil},
		{"unknown automation with contact", store.EnrollmentQuery{Contact: id(3), Automation: automationID(99)}, nil},
	}
	for _, tt := range tests {
		for _, size := range []int{0, 1, 6, n, 5000} {
			t.Run(fmt.Sprintf("%s/size %d", tt.name, size), func(t *testing.T) {
				got := all(t, s, size, func(tx store.Tx, p store.PageRequest) (store.Page[automation.Enrollment], error) {
					return tx.Enrollments().List(t.Context(), wsA, tt.q, p)
				})
				check.Equal(t, tt.want, keys(got, func(e automation.Enrollment) automation.EnrollmentID { return e.ID }))
			})
		}
	}
}
