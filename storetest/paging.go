package storetest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// pages follows a listing from its first page to the one whose Next is "",
// checking the paging rules every listing shares: no error, at most
// PageRequest.Size() items a page, an end. between, if not nil, runs after
// every page but the last, with the items listed so far. It reports a violation with t.Errorf and returns
// false, after which the items are incomplete.
func pages[T any](t *testing.T, what string, limit, maxPages int, fetch func(p store.PageRequest) (store.Page[T], error), between func(page int, sofar []T)) ([]T, bool) {
	t.Helper()
	var out []T
	p := store.PageRequest{Limit: limit}
	for n := 1; ; n++ {
		if n > maxPages {
			t.Errorf("%s with Limit %d: the listing did not end after %d pages; the last page has Next == \"\"", what, limit, maxPages)
			return out, false
		}
		page, err := fetch(p)
		if err != nil {
			t.Errorf("%s with Limit %d, page %d (cursor %q): got err %v, want nil", what, limit, n, p.Cursor, err)
			return out, false
		}
		if len(page.Items) > p.Size() {
			t.Errorf("%s with Limit %d: page %d holds %d items, want at most PageRequest.Size() = %d", what, limit, n, len(page.Items), p.Size())
		}
		out = append(out, page.Items...)
		if page.Next == "" {
			return out, true
		}
		if between != nil {
			between(n, out)
		}
		p.Cursor = page.Next
	}
}

// listContacts pages through the contacts of ws matching q, each page in a
// View of its own.
func (e *env) listContacts(t *testing.T, ws contact.WorkspaceID, q store.ContactQuery, limit, maxPages int, between func(page int, sofar []contact.Contact)) ([]contact.Contact, bool) {
	t.Helper()
	ctx := t.Context()
	return pages(t, "Contacts.List", limit, maxPages, func(p store.PageRequest) (store.Page[contact.Contact], error) {
		var page store.Page[contact.Contact]
		err := e.s.View(ctx, func(tx store.Tx) error {
			var err error
			page, err = tx.Contacts().List(ctx, ws, q, p)
			return err
		})
		return page, err
	}, between)
}

// listTags pages through the tags of ws.
func (e *env) listTags(t *testing.T, ws contact.WorkspaceID, limit, maxPages int) ([]tag.Tag, bool) {
	t.Helper()
	ctx := t.Context()
	return pages(t, "Tags.List", limit, maxPages, func(p store.PageRequest) (store.Page[tag.Tag], error) {
		var page store.Page[tag.Tag]
		err := e.s.View(ctx, func(tx store.Tx) error {
			var err error
			page, err = tx.Tags().List(ctx, ws, p)
			return err
		})
		return page, err
	}, nil)
}

// listHistory pages through the history of contact id in ws.
func (e *env) listHistory(t *testing.T, ws contact.WorkspaceID, id contact.ID, fieldName string, limit, maxPages int) ([]contact.Change, bool) {
	t.Helper()
	ctx := t.Context()
	return pages(t, "History.List", limit, maxPages, func(p store.PageRequest) (store.Page[contact.Change], error) {
		var page store.Page[contact.Change]
		err := e.s.View(ctx, func(tx store.Tx) error {
			var err error
			page, err = tx.History().List(ctx, ws, id, fieldName, p)
			return err
		})
		return page, err
	}, nil)
}

// idsOf returns the IDs of cs, in order.
func idsOf(cs []contact.Contact) []contact.ID {
	ids := make([]contact.ID, len(cs))
	for i := range cs {
		ids[i] = cs[i].ID
	}
	return ids
}

// checkEachOnce reports the contacts of want that got does not list exactly
// once, and the contacts got lists that want does not hold, unless extra
// allows them (listed at most once).
func checkEachOnce(t *testing.T, what string, got []contact.ID, want []contact.ID, extra func(contact.ID) bool) {
	t.Helper()
	count := make(map[contact.ID]int, len(got))
	for _, id := range got {
		count[id]++
	}
	wanted := make(map[contact.ID]bool, len(want))
	for _, id := range want {
		wanted[id] = true
		if n := count[id]; n != 1 {
			t.Errorf("%s: contact %s listed %d times, want exactly once (paging through every page visits each matching contact exactly once)", what, id, n)
		}
	}
	for id, n := range count {
		if wanted[id] {
			continue
		}
		switch {
		case extra == nil || !extra(id):
			t.Errorf("%s: contact %s listed %d times, want 0: it does not match the query", what, id, n)
		case n > 1:
			t.Errorf("%s: contact %s listed %d times, want at most once", what, id, n)
		}
	}
}

// checkAscending reports a listing not in ascending order of ID.
func checkAscending(t *testing.T, what string, ids []contact.ID) {
	t.Helper()
	for i := 1; i < len(ids); i++ {
		if ids[i-1].Compare(ids[i]) >= 0 {
			t.Errorf("%s: item %d (%s) does not sort after item %d (%s); want ascending order of ID (contact.ID.Compare)", what, i, ids[i], i-1, ids[i-1])
			return
		}
	}
}

// foreignCursors returns cursors handed out by listings other than the one
// named (Contacts.List, Tags.List, History.List, Lists.List,
// Automations.List, Memberships.List, Enrollments.List or
// Activities.Timeline): each is a cursor the store did not hand out for
// that listing. It stores what it needs in a workspace of its own.
func (e *env) foreignCursors(t *testing.T, forListing string) []string {
	t.Helper()
	ctx := t.Context()
	ws := newWorkspace()
	a, b := e.person(ws, "Ada", "Lovelace"), e.person(ws, "Grace", "Hopper")
	lists := []list.List{e.mailingList("First"), e.mailingList("Second")}
	flows := []automation.Automation{e.flow(t, "First"), e.flow(t, "Second")}
	var members []list.Membership
	var ens []automation.Enrollment
	for i, c := range []contact.ID{a.ID, b.ID} {
		members = append(members, e.member(lists[0], c, i))
		ens = append(ens, e.enrollment(t, &flows[0], c, ""))
	}
	notes := []activity.Activity{e.note(a.ID, "First", 1), e.note(a.ID, "Second", 2)}
	var out []string
	e.update(t, "setup: writes for foreign cursors", func(tx store.Tx) error {
		for _, c := range []*contact.Contact{&a, &b} {
			if err := tx.Contacts().Create(ctx, c); err != nil {
				return err
			}
		}
		for _, s := range []string{"first", "second"} {
			n, err := tag.ParseName(s)
			if err != nil {
				return err
			}
			if err := tx.Tags().Create(ctx, ws, tag.Tag{Name: n, CreatedAt: e.baseTime()}); err != nil {
				return err
			}
		}
		if err := tx.History().Append(ctx, ws, e.change(a.ID, contact.FieldCity, "", "Lyon", 1), e.change(a.ID, contact.FieldCity, "Lyon", "Paris", 2)); err != nil {
			return err
		}
		for i := range lists {
			if err := tx.Lists().Create(ctx, ws, &lists[i]); err != nil {
				return err
			}
		}
		for i := range flows {
			if err := tx.Automations().Create(ctx, ws, &flows[i]); err != nil {
				return err
			}
		}
		for i := range members {
			if err := tx.Memberships().Put(ctx, ws, &members[i]); err != nil {
				return err
			}
		}
		for i := range ens {
			if err := tx.Enrollments().Create(ctx, ws, &ens[i]); err != nil {
				return err
			}
		}
		for i := range notes {
			if err := tx.Activities().Create(ctx, ws, &notes[i]); err != nil {
				return err
			}
		}
		return nil
	})
	e.view(t, "setup: listings for foreign cursors", func(tx store.Tx) error {
		first := store.PageRequest{Limit: 1}
		listings := []struct {
			name string
			next func() (string, error)
		}{
			{"Contacts.List", func() (string, error) {
				p, err := tx.Contacts().List(ctx, ws, store.ContactQuery{}, first)
				return p.Next, err
			}},
			{"Tags.List", func() (string, error) {
				p, err := tx.Tags().List(ctx, ws, first)
				return p.Next, err
			}},
			{"History.List", func() (string, error) {
				p, err := tx.History().List(ctx, ws, a.ID, "", first)
				return p.Next, err
			}},
			{"Lists.List", func() (string, error) {
				p, err := tx.Lists().List(ctx, ws, first)
				return p.Next, err
			}},
			{"Automations.List", func() (string, error) {
				p, err := tx.Automations().List(ctx, ws, first)
				return p.Next, err
			}},
			{"Memberships.List", func() (string, error) {
				p, err := tx.Memberships().List(ctx, ws, store.MembershipQuery{}, first)
				return p.Next, err
			}},
			{"Enrollments.List", func() (string, error) {
				p, err := tx.Enrollments().List(ctx, ws, store.EnrollmentQuery{}, first)
				return p.Next, err
			}},
			{"Activities.Timeline", func() (string, error) {
				p, err := tx.Activities().Timeline(ctx, ws, a.ID, activity.Filter{}, first)
				return p.Next, err
			}},
		}
		for _, l := range listings {
			if l.name == forListing {
				continue
			}
			next, err := l.next()
			if err != nil {
				return fmt.Errorf("%s: %w", l.name, err)
			}
			out = append(out, next)
		}
		return nil
	})
	return slices.DeleteFunc(out, func(c string) bool { return c == "" })
}
