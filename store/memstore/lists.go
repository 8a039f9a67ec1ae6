package memstore

import (
	"context"
	"fmt"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

// listsTx is the store.Lists of a tx.
type listsTx tx

var _ store.Lists = (*listsTx)(nil)

// listSpec describes lists to their table. A list has no index but the
// workspace's lists in ID order, and nothing to copy deeply.
var listSpec = tableSpec[list.ID, list.List]{
	kind:    "list",
	id:      func(l *list.List) list.ID { return l.ID },
	version: func(l *list.List) *int64 { return &l.Version },
	clone:   func(l *list.List) list.List { return *l },
	add:     func(w *workspace, l *list.List) { w.lists.Insert(l.ID) },
	remove:  func(w *workspace, l *list.List) { w.lists.Delete(l.ID) },
}

// Get implements store.Lists.
func (lt *listsTx) Get(ctx context.Context, ws contact.WorkspaceID, id list.ID) (list.List, error) {
	return lt.s.lists.get(ctx, (*tx)(lt), ws, id)
}

// Create implements store.Lists. Besides the errors of the contract, it
// returns ErrInvalid for a nil list, a zero ID, an empty workspace or a
// non-zero Version.
func (lt *listsTx) Create(ctx context.Context, ws contact.WorkspaceID, l *list.List) error {
	return lt.s.lists.create(ctx, (*tx)(lt), ws, l)
}

// Update implements store.Lists. Besides the errors of the contract, it
// returns ErrInvalid for a nil list.
func (lt *listsTx) Update(ctx context.Context, ws contact.WorkspaceID, l *list.List) error {
	return lt.s.lists.update(ctx, (*tx)(lt), ws, l)
}

// List implements store.Lists.
func (lt *listsTx) List(ctx context.Context, ws contact.WorkspaceID, p store.PageRequest) (store.Page[list.List], error) {
	t := (*tx)(lt)
	if err := t.begin(ctx, false); err != nil {
		return store.Page[list.List]{}, err
	}
	defer t.mu.Unlock()
	var set *sortedIDs[list.ID]
	if w := t.s.workspace(ws); w != nil {
		set = &w.lists
	}
	return pageByID(set, listCursorPrefix, p, func(id list.ID) (list.List, bool) {
		return t.s.lists.value(id), true
	})
}

// membershipsTx is the store.Memberships of a tx.
type membershipsTx tx

var _ store.Memberships = (*membershipsTx)(nil)

// Get implements store.Memberships.
func (mt *membershipsTx) Get(ctx context.Context, ws contact.WorkspaceID, l list.ID, c contact.ID) (list.Membership, error) {
	t := (*tx)(mt)
	if err := t.begin(ctx, false); err != nil {
		return list.Membership{}, err
	}
	defer t.mu.Unlock()
	if w := t.s.workspace(ws); w != nil {
		if m, ok := w.memberships[membershipKey{l, c}]; ok {
			return m, nil
		}
	}
	return list.Membership{}, fmt.Errorf("memstore: get membership of contact %s in list %s: %w", c, l, store.ErrNotFound)
}

// Put implements store.Memberships. Besides the errors of the contract, it
// returns ErrInvalid for a nil membership, an empty workspace or a
// membership without list or contact. It does not check that the list and
// the contact exist.
func (mt *membershipsTx) Put(ctx context.Context, ws contact.WorkspaceID, m *list.Membership) error {
	t := (*tx)(mt)
	if err := t.begin(ctx, true); err != nil {
		return err
	}
	defer t.mu.Unlock()
	switch {
	case m == nil:
		return fmt.Errorf("memstore: put membership: %w: nil membership", ErrInvalid)
	case m.List.IsZero():
		return fmt.Errorf("memstore: put membership of contact %s: %w: no list", m.Contact, ErrInvalid)
	case m.Contact.IsZero():
		return fmt.Errorf("memstore: put membership in list %s: %w: no contact", m.List, ErrInvalid)
	case ws == "":
		return fmt.Errorf("memstore: put membership of contact %s in list %s: %w: no workspace", m.Contact, m.List, ErrInvalid)
	}
	k := membershipKey{m.List, m.Contact}
	var old list.Membership
	var exists bool
	if w := t.s.workspace(ws); w != nil {
		old, exists = w.memberships[k]
	}
	if m.Version == 0 {
		if exists {
			return fmt.Errorf("memstore: create membership of contact %s in list %s: %w", m.Contact, m.List, store.ErrAlreadyExists)
		}
		w := t.writeWorkspace(ws)
		stored := *m
		stored.Version = 1
		w.putMembership(k, stored)
		t.onUndo(func() { w.removeMembership(k) })
		m.Version = 1
		return nil
	}
	if !exists {
		return fmt.Errorf("memstore: update membership of contact %s in list %s: %w", m.Contact, m.List, store.ErrNotFound)
	}
	if m.Version != old.Version {
		return fmt.Errorf("memstore: update membership of contact %s in list %s at version %d (stored: %d): %w",
			m.Contact, m.List, m.Version, old.Version, store.ErrConflict)
	}
	w := t.s.workspace(ws)
	stored := *m
	stored.Version = old.Version + 1
	w.memberships[k] = stored
	t.onUndo(func() { w.memberships[k] = old })
	m.Version = stored.Version
	return nil
}

// List implements store.Memberships. A query on a list walks the index of
// that list's members, one on a contact the index of that contact's lists.
// A page holds at most p.Size() memberships; it may be shorter, with a
// Next, when the query is selective, since one call examines at most 10,000
// memberships.
func (mt *membershipsTx) List(ctx context.Context, ws contact.WorkspaceID, q store.MembershipQuery, p store.PageRequest) (store.Page[list.Membership], error) {
	t := (*tx)(mt)
	if err := t.begin(ctx, false); err != nil {
		return store.Page[list.Membership]{}, err
	}
	defer t.mu.Unlock()
	after, hasAfter, err := decodeMembershipCursor(p.Cursor)
	if err != nil {
		return store.Page[list.Membership]{}, err
	}
	w := t.s.workspace(ws)
	if w == nil {
		return store.Page[list.Membership]{Items: []list.Membership{}}, nil
	}
	ascend := func(yield func(membershipKey) bool) { w.ascendMemberships(&q, after, hasAfter, yield) }
	item := func(k membershipKey) (list.Membership, bool) {
		m, ok := w.memberships[k]
		return m, ok && q.Matches(&m)
	}
	hint := len(w.memberships)
	switch {
	case !q.List.IsZero():
		hint = 0
		if set := w.members[q.List]; set != nil {
			hint = set.Len()
		}
	case !q.Contact.IsZero():
		hint = 0
		if set := w.listsOf[q.Contact]; set != nil {
			hint = set.Len()
		}
	}
	return scanPage(p.Size(), hint, ascend, item, encodeMembershipCursor), nil
}

// putMembership stores m, a new membership of key k, with its index entries.
func (w *workspace) putMembership(k membershipKey, m list.Membership) {
	w.memberships[k] = m
	setAdd(w.members, k.list, k.contact)
	setAdd(w.listsOf, k.contact, k.list)
	w.memberLists.Insert(k.list)
}

// removeMembership removes the membership of key k, which w holds, with its
// index entries.
func (w *workspace) removeMembership(k membershipKey) {
	delete(w.memberships, k)
	setRemove(w.listsOf, k.contact, k.list)
	setRemove(w.members, k.list, k.contact)
	if w.members[k.list] == nil {
		w.memberLists.Delete(k.list)
	}
}

// eraseMembership removes the membership of key k, which w holds, undoably.
func (w *workspace) eraseMembership(t *tx, k membershipKey) {
	m := w.memberships[k]
	w.removeMembership(k)
	t.onUndo(func() { w.putMembership(k, m) })
}

// compareMembership orders membership keys by list ID, then contact ID.
func compareMembership(a, b membershipKey) int {
	if c := compareID(contact.ID(a.list), contact.ID(b.list)); c != 0 {
		return c
	}
	return compareID(a.contact, b.contact)
}

// ascendMemberships calls yield with the key of each membership of w that
// may match q (those of q.List, of q.Contact, or all) and is greater than
// after (every one if hasAfter is false), in ascending order of list ID,
// then contact ID, until yield returns false. Every order of
// store.Memberships.List is this order restricted, so one cursor serves
// every query.
func (w *workspace) ascendMemberships(q *store.MembershipQuery, after membershipKey, hasAfter bool, yield func(membershipKey) bool) {
	switch {
	case !q.List.IsZero() && !q.Contact.IsZero():
		k := membershipKey{q.List, q.Contact}
		if _, ok := w.memberships[k]; ok && (!hasAfter || compareMembership(k, after) > 0) {
			yield(k)
		}
	case !q.List.IsZero():
		set := w.members[q.List]
		if set == nil {
			return
		}
		var from contact.ID
		hasFrom := false
		if hasAfter {
			switch c := compareID(contact.ID(q.List), contact.ID(after.list)); {
			case c < 0:
				return // every member of q.List comes before after
			case c == 0:
				from, hasFrom = after.contact, true
			}
		}
		set.Ascend(from, hasFrom, func(c contact.ID) bool { return yield(membershipKey{q.List, c}) })
	case !q.Contact.IsZero():
		set := w.listsOf[q.Contact]
		if set == nil {
			return
		}
		// The membership of after.list itself comes after after if the
		// contact does.
		if hasAfter && compareID(q.Contact, after.contact) > 0 && set.Has(after.list) {
			if !yield(membershipKey{after.list, q.Contact}) {
				return
			}
		}
		set.Ascend(after.list, hasAfter, func(l list.ID) bool { return yield(membershipKey{l, q.Contact}) })
	default:
		more := true
		if hasAfter {
			// The rest of the list of after, then the following lists.
			if set := w.members[after.list]; set != nil {
				set.Ascend(after.contact, true, func(c contact.ID) bool {
					more = yield(membershipKey{after.list, c})
					return more
				})
			}
		}
		if !more {
			return
		}
		w.memberLists.Ascend(after.list, hasAfter, func(l list.ID) bool {
			w.members[l].Ascend(contact.ID{}, false, func(c contact.ID) bool {
				more = yield(membershipKey{l, c})
				return more
			})
			return more
		})
	}
}
