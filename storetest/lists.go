package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

// listsAggregate describes store.Lists for the shared cases.
func listsAggregate(_ *testing.T, e *env) *aggregate[list.List] {
	return &aggregate[list.List]{
		name:    "Lists",
		noun:    "list",
		fresh:   func(*engaged) list.List { return e.mailingList("Product news") },
		version: func(l *list.List) *int64 { return &l.Version },
		setID:   func(dst, src *list.List) { dst.ID = src.ID },
		edit: func(l *list.List, n int) {
			l.Name = fmt.Sprintf("Product news %d", n)
			l.Description = fmt.Sprintf("Edited %d times", n)
			l.DoubleOptIn = n%2 == 0
			l.UpdatedAt = e.at(100 + n)
		},
		clone: func(l *list.List) list.List { return *l },
		get: func(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, l *list.List) (list.List, error) {
			return tx.Lists().Get(ctx, ws, l.ID)
		},
		create: func(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, l *list.List) error {
			return tx.Lists().Create(ctx, ws, l)
		},
		update: func(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, l *list.List) error {
			return tx.Lists().Update(ctx, ws, l)
		},
		lookups: []lookup[list.List]{{"Lists.List", func(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, l *list.List) (list.List, error) {
			return findListed(func(p store.PageRequest) (store.Page[list.List], error) { return tx.Lists().List(ctx, ws, p) },
				func(x *list.List) bool { return x.ID == l.ID })
		}}},
	}
}

// listLists pages through the lists of ws.
func (e *env) listLists(t *testing.T, ws contact.WorkspaceID, limit, maxPages int) ([]list.List, bool) {
	t.Helper()
	ctx := t.Context()
	return pages(t, "Lists.List", limit, maxPages, func(p store.PageRequest) (store.Page[list.List], error) {
		var page store.Page[list.List]
		err := e.s.View(ctx, func(tx store.Tx) error {
			var err error
			page, err = tx.Lists().List(ctx, ws, p)
			return err
		})
		return page, err
	}, nil)
}

// checkOrder reports a listing whose items do not follow cmp strictly
// (ascending, no item twice) and whose items are not exactly want's, in
// want's order; want must already be sorted by cmp. key names an item in
// messages.
func checkOrder[T any](t *testing.T, what, rule string, got, want []T, cmp func(a, b *T) int, key func(*T) string) {
	t.Helper()
	for i := 1; i < len(got); i++ {
		if cmp(&got[i-1], &got[i]) >= 0 {
			t.Errorf("%s: item %d (%s) does not come after item %d (%s); want %s", what, i, key(&got[i]), i-1, key(&got[i-1]), rule)
			return
		}
	}
	keys := func(items []T) []string {
		out := make([]string, len(items))
		for i := range items {
			out[i] = key(&items[i])
		}
		return out
	}
	if g, w := keys(got), keys(want); !slices.Equal(g, w) {
		t.Errorf("%s: got %d items %v, want %d %v (each matching item exactly once, %s)", what, len(g), g, len(w), w, rule)
	}
}

func testListsListPages(t *testing.T, e *env) {
	ws := newWorkspace()
	ctx := t.Context()
	if got, ok := e.listLists(t, ws, 0, 10); ok && len(got) != 0 {
		t.Errorf("Lists.List of a workspace with no lists: got %d lists, want an empty page", len(got))
	}
	const n = 13
	lists := make([]list.List, n)
	for i := range lists {
		lists[i] = e.mailingList(fmt.Sprintf("List %d", i))
	}
	e.update(t, "setup: Lists.Create", func(tx store.Tx) error {
		for i := range lists {
			if err := tx.Lists().Create(ctx, ws, &lists[i]); err != nil {
				return err
			}
		}
		return nil
	})
	byID := func(a, b *list.List) int { return a.ID.Compare(b.ID) }
	want := slices.Clone(lists)
	slices.SortFunc(want, func(a, b list.List) int { return byID(&a, &b) })
	for _, limit := range []int{1, 4, 0} {
		what := fmt.Sprintf("Lists.List with Limit %d, paging through every page", limit)
		got, ok := e.listLists(t, ws, limit, 2*n+10)
		if !ok {
			continue
		}
		checkOrder(t, what, "ascending order of ID", got, want, byID, func(l *list.List) string { return l.ID.String() })
		for i := range got {
			if i < len(want) && got[i].ID == want[i].ID {
				if d := diff(got[i], want[i]); d != "" {
					t.Errorf("%s: a listed list is not the stored one: %s", what, d)
					break
				}
			}
		}
	}
	checkGarbageCursors(t, "Lists.List", func(cursor string) error {
		return e.s.View(ctx, func(tx store.Tx) error {
			_, err := tx.Lists().List(ctx, ws, store.PageRequest{Cursor: cursor, Limit: 2})
			return err
		})
	})
}

// checkGarbageCursors reports a listing that accepts cursors no store hands
// out.
func checkGarbageCursors(t *testing.T, what string, list func(cursor string) error) {
	t.Helper()
	for _, cursor := range []string{"storetest-not-a-cursor", "\xff\x00\xfe"} {
		if err := list(cursor); !errors.Is(err, store.ErrInvalidCursor) {
			t.Errorf("%s with cursor %q, which the store did not hand out: got err %v, want store.ErrInvalidCursor", what, cursor, err)
		}
	}
}

// Memberships.

func (e *env) getMember(t *testing.T, ws contact.WorkspaceID, l list.ID, c contact.ID) (list.Membership, error) {
	ctx := t.Context()
	var m list.Membership
	err := e.s.View(ctx, func(tx store.Tx) error {
		var err error
		m, err = tx.Memberships().Get(ctx, ws, l, c)
		return err
	})
	return m, err
}

func (e *env) putMember(t *testing.T, ws contact.WorkspaceID, m *list.Membership) error {
	ctx := t.Context()
	return e.s.Update(ctx, func(tx store.Tx) error { return tx.Memberships().Put(ctx, ws, m) })
}

// checkMember reports a stored membership that is not want.
func (e *env) checkMember(t *testing.T, ws contact.WorkspaceID, want list.Membership, after, rule string) {
	t.Helper()
	got, err := e.getMember(t, ws, want.List, want.Contact)
	if err != nil {
		t.Errorf("%s, Memberships.Get: got err %v, want nil", after, err)
		return
	}
	if d := diff(got, want); d != "" {
		t.Errorf("%s, Memberships.Get returns: %s; %s", after, d, rule)
	}
}

func (e *env) listMembers(t *testing.T, ws contact.WorkspaceID, q store.MembershipQuery, limit, maxPages int) ([]list.Membership, bool) {
	t.Helper()
	ctx := t.Context()
	return pages(t, "Memberships.List", limit, maxPages, func(p store.PageRequest) (store.Page[list.Membership], error) {
		var page store.Page[list.Membership]
		err := e.s.View(ctx, func(tx store.Tx) error {
			var err error
			page, err = tx.Memberships().List(ctx, ws, q, p)
			return err
		})
		return page, err
	}, nil)
}

func testMembershipsPutCreateAndUpdate(t *testing.T, e *env) {
	g := e.engage(t)
	if _, err := e.getMember(t, g.ws, g.list.ID, g.who.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Memberships.Get of a contact that never joined the list: got err %v, want store.ErrNotFound", err)
	}
	m := e.member(g.list, g.who.ID, 1)
	checkFixtureSet(t, m)
	want := m
	want.Version = 1
	if err := e.putMember(t, g.ws, &m); err != nil {
		t.Fatalf("Memberships.Put with Version 0 of a new membership: got err %v, want nil", err)
	}
	if m.Version != 1 {
		t.Errorf("Memberships.Put creating a membership: m.Version after the call is %d, want 1 (1 after a creation)", m.Version)
	}
	e.checkMember(t, g.ws, want, "after Memberships.Put created a membership", "the membership must come back as stored")

	for v := int64(2); v <= 3; v++ {
		status := list.StatusUnsubscribed
		if v == 3 {
			status = list.StatusSubscribed
		}
		m.Status, m.Changed = status, e.listChange(int(v))
		m.Changed.Source = contact.ChangeAPI
		if err := e.putMember(t, g.ws, &m); err != nil {
			t.Fatalf("Memberships.Put at the stored version %d: got err %v, want nil", v-1, err)
		}
		if m.Version != v {
			t.Errorf("Memberships.Put updating a membership: m.Version after the call is %d, want %d (incremented after an update)", m.Version, v)
			m.Version = v
		}
		e.checkMember(t, g.ws, m, fmt.Sprintf("after Memberships.Put updated a membership to version %d", v), "Put replaces the stored membership")
	}

	// An update of a membership that does not exist creates nothing.
	other := e.member(g.list, e.people(t, g.ws, 1)[0], 4)
	other.Version = 1
	if err := e.putMember(t, g.ws, &other); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Memberships.Put with Version 1 of a membership never stored: got err %v, want store.ErrNotFound", err)
	}
	if _, err := e.getMember(t, g.ws, other.List, other.Contact); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Memberships.Put refused with ErrNotFound must not create the membership: Memberships.Get got err %v, want store.ErrNotFound", err)
	}
}

func testMembershipsPutStaleVersion(t *testing.T, e *env) {
	g := e.engage(t)
	m := e.member(g.list, g.who.ID, 1)
	if err := e.putMember(t, g.ws, &m); err != nil {
		t.Fatalf("setup: Memberships.Put of a new membership: got err %v, want nil", err)
	}
	stale := m
	m.Status, m.Changed = list.StatusSubscribed, e.listChange(2)
	if err := e.putMember(t, g.ws, &m); err != nil {
		t.Fatalf("setup: Memberships.Put at the stored version: got err %v, want nil", err)
	}
	for _, x := range []struct {
		what    string
		version int64
	}{
		{"a stale version", 1},
		{"a version ahead of the stored one", 9},
	} {
		w := stale
		w.Version = x.version
		w.Status, w.Changed = list.StatusUnsubscribed, e.listChange(99)
		if err := e.putMember(t, g.ws, &w); !errors.Is(err, store.ErrConflict) {
			t.Errorf("Memberships.Put with %s (%d, stored 2): got err %v, want store.ErrConflict", x.what, x.version, err)
		}
		e.checkMember(t, g.ws, m, "after Memberships.Put with "+x.what, "a refused write writes nothing; no update is ever lost")
	}
}

func testMembershipsPutDuplicate(t *testing.T, e *env) {
	g := e.engage(t)
	m := e.member(g.list, g.who.ID, 1)
	if err := e.putMember(t, g.ws, &m); err != nil {
		t.Fatalf("setup: Memberships.Put of a new membership: got err %v, want nil", err)
	}
	dup := e.member(g.list, g.who.ID, 2)
	dup.Status = list.StatusUnsubscribed
	if err := e.putMember(t, g.ws, &dup); !errors.Is(err, store.ErrAlreadyExists) {
		t.Errorf("Memberships.Put with Version 0 of a membership that exists (same list, same contact): got err %v, want store.ErrAlreadyExists", err)
	}
	e.checkMember(t, g.ws, m, "after Memberships.Put refused with ErrAlreadyExists", "nothing is written")
}

// memberFixture stores memberships of several contacts in several lists,
// with every status.
func (e *env) memberFixture(t *testing.T) (*engaged, []list.List, []list.Membership) {
	t.Helper()
	ctx := t.Context()
	g := e.engage(t)
	who := append(e.people(t, g.ws, 4), g.who.ID)
	lists := []list.List{g.list, e.mailingList("Events"), e.mailingList("Offers")}
	statuses := []list.Status{list.StatusSubscribed, list.StatusUnsubscribed, list.StatusUnconfirmed}
	var ms []list.Membership
	for li := range lists {
		for ci, c := range who {
			if (li+ci)%4 == 3 {
				continue // not every contact is in every list
			}
			m := e.member(lists[li], c, li*10+ci)
			m.Status = statuses[(li+ci)%len(statuses)]
			ms = append(ms, m)
		}
	}
	e.update(t, "setup: Lists.Create and Memberships.Put", func(tx store.Tx) error {
		for i := 1; i < len(lists); i++ {
			if err := tx.Lists().Create(ctx, g.ws, &lists[i]); err != nil {
				return err
			}
		}
		for i := range ms {
			if err := tx.Memberships().Put(ctx, g.ws, &ms[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return g, lists, ms
}

// checkMemberQuery pages through the memberships matching q, limit a page,
// and compares them with those of ms that q.Matches, in the contract's
// order: each exactly once, as stored.
func (e *env) checkMemberQuery(t *testing.T, ws contact.WorkspaceID, name string, q store.MembershipQuery, ms []list.Membership, limit int) {
	t.Helper()
	var want []list.Membership
	for i := range ms {
		if q.Matches(&ms[i]) {
			want = append(want, ms[i])
		}
	}
	order, rule := func(a, b *list.Membership) int {
		if c := a.List.Compare(b.List); c != 0 {
			return c
		}
		return a.Contact.Compare(b.Contact)
	}, "ascending order of list ID, then contact ID, as MembershipQuery.Matches selects"
	if !q.List.IsZero() {
		order, rule = func(a, b *list.Membership) int { return a.Contact.Compare(b.Contact) }, "ascending order of contact ID (q.List is set), as MembershipQuery.Matches selects"
	}
	slices.SortFunc(want, func(a, b list.Membership) int { return order(&a, &b) })
	what := fmt.Sprintf("Memberships.List with %s and Limit %d, paging through every page", name, limit)
	got, ok := e.listMembers(t, ws, q, limit, 2*len(ms)+10)
	if !ok {
		return
	}
	checkOrder(t, what, rule, got, want, order, func(m *list.Membership) string {
		return fmt.Sprintf("%s/%s", m.List, m.Contact)
	})
	for i := range got {
		if i < len(want) && got[i].List == want[i].List && got[i].Contact == want[i].Contact {
			if d := diff(got[i], want[i]); d != "" {
				t.Errorf("%s: a listed membership is not the stored one: %s", what, d)
				return
			}
		}
	}
}

func testMembershipsByListAndStatus(t *testing.T, e *env) {
	g, lists, ms := e.memberFixture(t)
	for _, x := range []struct {
		name string
		q    store.MembershipQuery
	}{
		{"List", store.MembershipQuery{List: lists[0].ID}},
		{"another List", store.MembershipQuery{List: lists[2].ID}},
		{"List and Status subscribed", store.MembershipQuery{List: lists[1].ID, Status: list.StatusSubscribed}},
		{"List and Status unsubscribed", store.MembershipQuery{List: lists[0].ID, Status: list.StatusUnsubscribed}},
		{"Status unconfirmed", store.MembershipQuery{Status: list.StatusUnconfirmed}},
		{"no filter", store.MembershipQuery{}},
		{"a List with no members", store.MembershipQuery{List: newListID()}},
	} {
		e.checkMemberQuery(t, g.ws, x.name, x.q, ms, 2)
	}
}

func testMembershipsByContact(t *testing.T, e *env) {
	g, lists, ms := e.memberFixture(t)
	for _, x := range []struct {
		name string
		q    store.MembershipQuery
	}{
		{"Contact", store.MembershipQuery{Contact: g.who.ID}},
		{"another Contact", store.MembershipQuery{Contact: ms[0].Contact}},
		{"Contact and Status subscribed", store.MembershipQuery{Contact: g.who.ID, Status: list.StatusSubscribed}},
		{"List and Contact", store.MembershipQuery{List: lists[1].ID, Contact: g.who.ID}},
		{"a Contact in no list", store.MembershipQuery{Contact: newID()}},
	} {
		e.checkMemberQuery(t, g.ws, x.name, x.q, ms, 2)
	}
}

// memberQueries returns every shape of MembershipQuery over the fixture of
// memberFixture: by list, by list and status, by contact, and the whole
// workspace, each with a name for messages.
func memberQueries(lists []list.List, ms []list.Membership) []namedMemberQuery {
	var out []namedMemberQuery
	for li := range lists {
		out = append(out, namedMemberQuery{fmt.Sprintf("List %q", lists[li].Name), store.MembershipQuery{List: lists[li].ID}})
		for _, st := range []list.Status{list.StatusSubscribed, list.StatusUnsubscribed, list.StatusUnconfirmed} {
			out = append(out, namedMemberQuery{fmt.Sprintf("List %q and Status %s", lists[li].Name, st), store.MembershipQuery{List: lists[li].ID, Status: st}})
		}
	}
	var seen []contact.ID
	for i := range ms {
		if c := ms[i].Contact; !slices.Contains(seen, c) {
			seen = append(seen, c)
			out = append(out, namedMemberQuery{fmt.Sprintf("Contact %s", c), store.MembershipQuery{Contact: c}})
		}
	}
	return append(out, namedMemberQuery{"no filter (the whole workspace)", store.MembershipQuery{}})
}

type namedMemberQuery struct {
	name string
	q    store.MembershipQuery
}

func testMembershipsListPages(t *testing.T, e *env) {
	g, lists, ms := e.memberFixture(t)
	for _, limit := range []int{1, 3, 0} {
		for _, x := range memberQueries(lists, ms) {
			e.checkMemberQuery(t, g.ws, x.name, x.q, ms, limit)
		}
	}
}

func testMembershipsListInvalidCursor(t *testing.T, e *env) {
	g, lists, ms := e.memberFixture(t)
	ctx := t.Context()
	cursors := append([]string{"storetest-not-a-cursor", "\xff\x00\xfe", "0"}, e.foreignCursors(t, "Memberships.List")...)
	for _, x := range []namedMemberQuery{
		{"no filter", store.MembershipQuery{}},
		{fmt.Sprintf("List %q", lists[0].Name), store.MembershipQuery{List: lists[0].ID}},
		{"Contact", store.MembershipQuery{Contact: ms[0].Contact}},
	} {
		for _, cursor := range cursors {
			err := e.s.View(ctx, func(tx store.Tx) error {
				_, err := tx.Memberships().List(ctx, g.ws, x.q, store.PageRequest{Cursor: cursor, Limit: 1})
				return err
			})
			if !errors.Is(err, store.ErrInvalidCursor) {
				t.Errorf("Memberships.List with %s and cursor %q, which the store did not hand out for this listing: got err %v, want store.ErrInvalidCursor", x.name, cursor, err)
			}
		}
	}
}
