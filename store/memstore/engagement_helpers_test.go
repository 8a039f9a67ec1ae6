package memstore_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// t0 is the time of the fixtures.
var t0 = time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)

func uuidText(kind, n int) string { return fmt.Sprintf("01900000-0000-7000-8%03d-%012d", kind, n) }

// listID, automationID, enrollmentID and activityID return fixed IDs
// numbered n, each kind from its own range.
func listID(n int) list.ID { return list.MustParseID(uuidText(1, n)) }
func automationID(n int) automation.ID {
	return automation.MustParseID(uuidText(2, n))
}
func enrollmentID(n int) automation.EnrollmentID {
	return automation.MustParseEnrollmentID(uuidText(3, n))
}
func activityID(n int) activity.ID { return activity.MustParseID(uuidText(4, n)) }

func newList(n int) *list.List {
	return &list.List{ID: listID(n), Name: fmt.Sprintf("List %d", n), CreatedAt: t0, UpdatedAt: t0}
}

func newMembership(l, c int) *list.Membership {
	return &list.Membership{
		List: listID(l), Contact: id(c), Status: list.StatusSubscribed,
		Changed: list.Change{At: t0, By: "u1", Source: contact.ChangeUI},
	}
}

func newConsent(t testing.TB, addr string) *list.Consent {
	t.Helper()
	a, err := list.ParseAddress(list.ChannelEmail, addr, "")
	must.NoError(t, err)
	return &list.Consent{Address: a, Status: list.ConsentSubscribed, Changed: list.Change{At: t0, Source: contact.ChangeImport}}
}

func newAutomation(n int, triggers ...automation.Trigger) *automation.Automation {
	return &automation.Automation{
		ID: automationID(n), Name: fmt.Sprintf("Automation %d", n), Active: true,
		Steps:    []automation.Step{{Name: "wait"}, {Name: "send"}},
		Triggers: triggers, CreatedAt: t0, UpdatedAt: t0,
	}
}

func newEnrollment(n, a, c int, key string) *automation.Enrollment {
	return &automation.Enrollment{
		ID: enrollmentID(n), Automation: automationID(a), Contact: id(c),
		Entry: 1, Steps: 2, State: automation.StateActive, StartedAt: t0, IdempotencyKey: key,
	}
}

func newNote(n, c int, body string) *activity.Activity {
	return &activity.Activity{
		ID: activityID(n), Contact: id(c), Kind: activity.KindNote, Author: "u1",
		Body: body, CreatedAt: t0.Add(time.Duration(n) * time.Minute), UpdatedAt: t0,
	}
}

// write runs fn in an Update and fails the test if it fails.
func write(t testing.TB, s *memstore.Store, fn func(tx store.Tx) error) {
	t.Helper()
	must.NoError(t, s.Update(t.Context(), fn))
}

// read runs fn in a View and returns its error.
func read(t testing.TB, s *memstore.Store, fn func(tx store.Tx) error) error {
	t.Helper()
	return s.View(t.Context(), fn)
}

// readValue runs fn in a View and returns what it read.
func readValue[T any](t testing.TB, s *memstore.Store, fn func(tx store.Tx) (T, error)) (T, error) {
	t.Helper()
	var v T
	err := s.View(t.Context(), func(tx store.Tx) (err error) {
		v, err = fn(tx)
		return err
	})
	return v, err
}

// all pages through a listing with pages of size items, each page in its
// own View, and returns every item.
func all[T any](t testing.TB, s *memstore.Store, size int, fetch func(tx store.Tx, p store.PageRequest) (store.Page[T], error)) []T {
	t.Helper()
	var items []T
	p := store.PageRequest{Limit: size}
	for range 100_000 {
		var page store.Page[T]
		must.NoError(t, read(t, s, func(tx store.Tx) error {
			var err error
			page, err = fetch(tx, p)
			return err
		}))
		must.LessOrEqual(t, len(page.Items), p.Size(), "a page is longer than the page size")
		items = append(items, page.Items...)
		if page.Next == "" {
			return items
		}
		p.Cursor = page.Next
	}
	t.Fatal("the listing never ended")
	return nil
}

// keys returns key(x) for each x of xs.
func keys[T, K any](xs []T, key func(T) K) []K {
	var out []K
	for _, x := range xs {
		out = append(out, key(x))
	}
	return out
}
