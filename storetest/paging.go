package storetest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// maxListingPages is the most pages the suite follows a listing through
// before it takes the listing for one that never ends. A page may be
// shorter than asked, even empty, and still have a Next (store.Page): an
// adapter over a backend whose pages are bounded in bytes, or that filters
// what it read, returns short pages. No listing of the suite holds more
// than a few thousand items, so a Store that takes this many pages to list
// them never ends.
const maxListingPages = 10_000

// pages follows a listing from its first page to the one whose Next is "",
// checking the paging rules every listing shares: no error, at most
// PageRequest.Size() items a page, an end. Each page is fetched by fetch
// (in a transaction of its own, or of the caller). A page may hold fewer
// items than asked, none included, and still have a Next: only Next == ""
// ends the listing, so the items are those of every page. maxItems is the
// most items the listing can hold: a listing that gives more repeats
// items or never ends. between, if not nil, runs after every page but the
// last, with the items listed so far. It reports a violation with t.Errorf
// and returns false, after which the items are incomplete.
func pages[T any](t *testing.T, what string, limit, maxItems int, fetch func(p store.PageRequest) (store.Page[T], error), between func(page int, sofar []T)) ([]T, bool) {
	t.Helper()
	var out []T
	p := store.PageRequest{Limit: limit}
	for n := 1; ; n++ {
		if n > maxListingPages {
			t.Errorf("%s with Limit %d: the listing did not end after %d pages (%d items); the last page has Next == \"\"", what, limit, maxListingPages, len(out))
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
		if len(out) > maxItems {
			t.Errorf("%s with Limit %d: %d pages listed %d items, more than the %d the listing can hold, and did not end; paging through every page visits each item exactly once, and the last page has Next == \"\"", what, limit, n, len(out), maxItems)
			return out, false
		}
		if page.Next == "" {
			return out, true
		}
		if page.Next == p.Cursor {
			t.Errorf("%s with Limit %d: page %d gave the cursor that fetched it (%q) as its Next: the listing never ends", what, limit, n, p.Cursor)
			return out, false
		}
		if between != nil {
			between(n, out)
		}
		p.Cursor = page.Next
	}
}

// readAll reads a listing from the page p asks for to the one whose Next
// is "", each page with fetch (in the caller's transaction): the items of
// every page, in order. A page may hold fewer items than asked, none
// included, and still have a Next, so a case that checks what a listing
// holds reads it with readAll, never one page. It returns the first error
// of fetch, unchanged; an error matching store.ErrInvalidCursor if a page
// gives the cursor that fetched it as its Next; an error of its own if the
// listing has not ended after maxListingPages pages.
func readAll[T any](p store.PageRequest, fetch func(p store.PageRequest) (store.Page[T], error)) ([]T, error) {
	out := []T{}
	for range maxListingPages {
		page, err := fetch(p)
		if err != nil {
			return out, err
		}
		out = append(out, page.Items...)
		switch page.Next {
		case "":
			return out, nil
		case p.Cursor:
			return out, fmt.Errorf("storetest: the page at cursor %q gave it as its Next, which would never end: %w", p.Cursor, store.ErrInvalidCursor)
		}
		p.Cursor = page.Next
	}
	return out, fmt.Errorf("storetest: the listing did not end after %d pages (%d items); the last page has Next == \"\"", maxListingPages, len(out))
}

// listContacts pages through the contacts of ws matching q, each page in a
// View of its own.
func (e *env) listContacts(t *testing.T, ws contact.WorkspaceID, q store.ContactQuery, limit, maxItems int, between func(page int, sofar []contact.Contact)) ([]contact.Contact, bool) {
	t.Helper()
	ctx := t.Context()
	return pages(t, "Contacts.List", limit, maxItems, func(p store.PageRequest) (store.Page[contact.Contact], error) {
		var page store.Page[contact.Contact]
		err := e.s.View(ctx, func(tx store.Tx) error {
			var err error
			page, err = tx.Contacts().List(ctx, ws, q, p)
			return err
		})
		return page, err
	}, between)
}

// listHistory pages through the history of contact id in ws.
func (e *env) listHistory(t *testing.T, ws contact.WorkspaceID, id contact.ID, fieldName string, limit, maxItems int) ([]contact.Change, bool) {
	t.Helper()
	ctx := t.Context()
	return pages(t, "History.List", limit, maxItems, func(p store.PageRequest) (store.Page[contact.Change], error) {
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
	checkOnce(t, what, "contact", got, want, extra)
}

// checkOnce is checkEachOnce for items of any kind, named noun.
func checkOnce[I comparable](t *testing.T, what, noun string, got []I, want []I, extra func(I) bool) {
	t.Helper()
	count := make(map[I]int, len(got))
	for _, id := range got {
		count[id]++
	}
	wanted := make(map[I]bool, len(want))
	for _, id := range want {
		wanted[id] = true
		if n := count[id]; n != 1 {
			t.Errorf("%s: %s %v listed %d times, want exactly once (paging through every page visits each matching item exactly once)", what, noun, id, n)
		}
	}
	for id, n := range count {
		if wanted[id] {
			continue
		}
		switch {
		case extra == nil || !extra(id):
			t.Errorf("%s: %s %v listed %d times, want 0: it does not match the query", what, noun, id, n)
		case n > 1:
			t.Errorf("%s: %s %v listed %d times, want at most once", what, noun, id, n)
		}
	}
}

// pickListed returns, among the IDs listed so far, one to edit and another
// to delete, neither deleted before (gone), looking from the page-th on;
// the zero ID where there is none.
func pickListed[I comparable](listed []I, page int, gone map[I]bool) (edit, doomed I) {
	var zero I
	for i := range listed {
		id := listed[(page+i)%len(listed)]
		switch {
		case gone[id]:
		case edit == zero:
			edit = id
		case doomed == zero && id != edit:
			doomed = id
		}
	}
	return edit, doomed
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
// named ("Contacts.List", "History.List", or the name of a Kind for
// Records.List): each is a cursor the store did not hand out for that
// listing. It stores what it needs in a workspace of its own.
func (e *env) foreignCursors(t *testing.T, forListing string) []string {
	t.Helper()
	ctx := t.Context()
	g := e.newWorld(t, 2)
	recs := make(map[string][]store.Record)
	for _, s := range samplers() {
		recs[s.kind().Name()] = []store.Record{s.sample(e, t, g, 0), s.sample(e, t, g, 1)}
	}
	var out []string
	e.update(t, "setup: writes for foreign cursors", func(tx store.Tx) error {
		if err := tx.History().Append(ctx, g.ws, e.change(g.contacts[0], contact.FieldCity, "", "Lyon", 1), e.change(g.contacts[0], contact.FieldCity, "Lyon", "Paris", 2)); err != nil {
			return err
		}
		for _, k := range store.Kinds() {
			for _, r := range recs[k.Name()] {
				if err := tx.Records().Put(ctx, g.ws, k, &r); err != nil {
					return fmt.Errorf("Records.Put of a %s: %w", k.Name(), err)
				}
			}
		}
		return nil
	})
	e.view(t, "setup: listings for foreign cursors", func(tx store.Tx) error {
		out = nil
		first := store.PageRequest{Limit: 1}
		type listing struct {
			name string
			next func() (string, error)
		}
		listings := []listing{
			{"Contacts.List", func() (string, error) {
				p, err := tx.Contacts().List(ctx, g.ws, store.ContactQuery{}, first)
				return p.Next, err
			}},
			{"History.List", func() (string, error) {
				p, err := tx.History().List(ctx, g.ws, g.contacts[0], "", first)
				return p.Next, err
			}},
		}
		for _, k := range store.Kinds() {
			listings = append(listings, listing{k.Name(), func() (string, error) {
				p, err := tx.Records().List(ctx, g.ws, k, store.Query{}, first)
				return p.Next, err
			}})
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
