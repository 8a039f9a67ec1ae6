package memstore

import (
	"context"
	"fmt"
	"slices"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// maxScan bounds the number of contacts one List call examines, so that a
// selective query over a large workspace returns a short page with a Next
// (as store.Page allows) instead of holding the store for a long time.
const maxScan = 10_000

// contactsTx is the store.Contacts of a tx.
type contactsTx tx

var _ store.Contacts = (*contactsTx)(nil)

// Get implements store.Contacts.
func (ct *contactsTx) Get(ctx context.Context, ws contact.WorkspaceID, id contact.ID) (contact.Contact, error) {
	t := (*tx)(ct)
	if err := t.begin(ctx, false); err != nil {
		return contact.Contact{}, err
	}
	defer t.mu.Unlock()
	r := t.s.contacts[id]
	if r == nil || !r.inWorkspace(ws) {
		return contact.Contact{}, fmt.Errorf("memstore: get contact %s: %w", id, store.ErrNotFound)
	}
	return r.contact(id), nil
}

// ByEmail implements store.Contacts.
func (ct *contactsTx) ByEmail(ctx context.Context, ws contact.WorkspaceID, e contact.Email) (contact.Contact, error) {
	t := (*tx)(ct)
	if err := t.begin(ctx, false); err != nil {
		return contact.Contact{}, err
	}
	defer t.mu.Unlock()
	if w := t.s.workspace(ws); w != nil && !e.IsZero() {
		if id, ok := w.emails.owner(e, t.s.contacts); ok {
			return t.s.contacts[id].contact(id), nil
		}
	}
	return contact.Contact{}, fmt.Errorf("memstore: get contact by email %s: %w", e, store.ErrNotFound)
}

// ByPhone implements store.Contacts.
func (ct *contactsTx) ByPhone(ctx context.Context, ws contact.WorkspaceID, p contact.Phone) (contact.Contact, error) {
	t := (*tx)(ct)
	if err := t.begin(ctx, false); err != nil {
		return contact.Contact{}, err
	}
	defer t.mu.Unlock()
	if w := t.s.workspace(ws); w != nil && !p.IsZero() {
		if id, ok := w.phones.owner(p, t.s.contacts); ok {
			return t.s.contacts[id].contact(id), nil
		}
	}
	return contact.Contact{}, fmt.Errorf("memstore: get contact by phone %s: %w", p, store.ErrNotFound)
}

// Create implements store.Contacts. Besides the errors of the contract, it
// returns ErrInvalid for a nil contact, a zero ID, an empty workspace or a
// non-zero Version.
func (ct *contactsTx) Create(ctx context.Context, c *contact.Contact) error {
	t := (*tx)(ct)
	if err := t.begin(ctx, true); err != nil {
		return err
	}
	defer t.mu.Unlock()
	switch {
	case c == nil:
		return fmt.Errorf("memstore: create contact: %w: nil contact", ErrInvalid)
	case c.ID.IsZero():
		return fmt.Errorf("memstore: create contact: %w: zero ID", ErrInvalid)
	case c.Workspace == "":
		return fmt.Errorf("memstore: create contact %s: %w: no workspace", c.ID, ErrInvalid)
	case c.Version != 0:
		return fmt.Errorf("memstore: create contact %s: %w: version is %d, want 0", c.ID, ErrInvalid, c.Version)
	}
	s := t.s
	if _, ok := s.contacts[c.ID]; ok {
		return fmt.Errorf("memstore: create contact %s: %w", c.ID, store.ErrAlreadyExists)
	}
	if w := s.workspace(c.Workspace); w != nil {
		if err := w.checkTaken(c, s.contacts); err != nil {
			return err
		}
	}
	w := t.writeWorkspace(c.Workspace)
	r := newRecord(c, w, 1, nil)
	s.contacts[c.ID] = r
	w.order.Insert(c.ID)
	w.reindex(c.ID, nil, r)
	t.undo = append(t.undo, undoEntry{ws: w, id: c.ID})
	c.Version = 1
	return nil
}

// Update implements store.Contacts. Besides the errors of the contract, it
// returns ErrInvalid for a nil contact.
func (ct *contactsTx) Update(ctx context.Context, c *contact.Contact) error {
	t := (*tx)(ct)
	if err := t.begin(ctx, true); err != nil {
		return err
	}
	defer t.mu.Unlock()
	if c == nil {
		return fmt.Errorf("memstore: update contact: %w: nil contact", ErrInvalid)
	}
	s := t.s
	old := s.contacts[c.ID]
	if old == nil || !old.inWorkspace(c.Workspace) {
		return fmt.Errorf("memstore: update contact %s: %w", c.ID, store.ErrNotFound)
	}
	if c.Version != old.version {
		return fmt.Errorf("memstore: update contact %s at version %d (stored: %d): %w",
			c.ID, c.Version, old.version, store.ErrConflict)
	}
	w := s.workspace(c.Workspace)
	if err := w.checkTaken(c, s.contacts); err != nil {
		return err
	}
	r := newRecord(c, w, old.version+1, old)
	s.contacts[c.ID] = r
	w.reindex(c.ID, old, r)
	t.undo = append(t.undo, undoEntry{ws: w, id: c.ID, prev: old})
	c.Version = r.version
	return nil
}

// Erase implements store.Contacts. It removes, undoably, the contact with its
// index entries and, through the indexes of contact id (so in time
// proportional to what it removes), its activities, memberships,
// enrollments and property history; the consent ledger, which is by
// address, is not touched.
func (ct *contactsTx) Erase(ctx context.Context, ws contact.WorkspaceID, id contact.ID) error {
	t := (*tx)(ct)
	if err := t.begin(ctx, true); err != nil {
		return err
	}
	defer t.mu.Unlock()
	s := t.s
	r := s.contacts[id]
	if r == nil || !r.inWorkspace(ws) {
		return fmt.Errorf("memstore: erase contact %s: %w", id, store.ErrNotFound)
	}
	w := s.workspace(ws)
	w.reindex(id, r, nil)
	w.order.Delete(id)
	delete(s.contacts, id)
	t.undo = append(t.undo, undoEntry{ws: w, id: id, prev: r})

	// Each loop walks a copy: erasing changes the index walked.
	for _, pos := range slices.Clone(w.timelines[id]) {
		s.activities.erase(t, w, pos.ID)
	}
	if set := w.enrollmentsOf[id]; set != nil {
		for _, e := range idsIn(set) {
			s.enrollments.erase(t, w, e)
		}
	}
	if set := w.listsOf[id]; set != nil {
		for _, l := range idsIn(set) {
			w.eraseMembership(t, membershipKey{l, id})
		}
	}
	if h, ok := w.history[id]; ok {
		delete(w.history, id)
		t.onUndo(func() { w.history[id] = h })
	}
	return nil
}

// List implements store.Contacts. A page holds at most p.Size() contacts;
// it may be shorter, with a Next, when the query is selective, since one call
// examines at most 10,000 contacts. A Tag query walks the index of that tag
// only.
func (ct *contactsTx) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	t := (*tx)(ct)
	if err := t.begin(ctx, false); err != nil {
		return store.Page[contact.Contact]{}, err
	}
	defer t.mu.Unlock()
	after, hasAfter, err := decodeIDCursor[contact.ID](contactCursorPrefix, p.Cursor)
	if err != nil {
		return store.Page[contact.Contact]{}, err
	}
	var set *idSet
	if w := t.s.workspace(ws); w != nil {
		set = &w.order
		if !q.Tag.IsZero() {
			set = w.tagged[q.Tag.Key()]
		}
	}
	if set == nil {
		return store.Page[contact.Contact]{Items: []contact.Contact{}}, nil
	}
	size := p.Size()
	items := make([]contact.Contact, 0, min(size, set.Len()))
	var last contact.ID
	scanned, more := 0, false
	set.Ascend(after, hasAfter, func(id contact.ID) bool {
		if len(items) == size || scanned == maxScan {
			more = true
			return false
		}
		scanned++
		last = id
		if r := t.s.contacts[id]; r.matches(id, &q) {
			items = append(items, r.contact(id))
		}
		return true
	})
	page := store.Page[contact.Contact]{Items: items}
	if more {
		page.Next = encodeIDCursor(contactCursorPrefix, last)
	}
	return page, nil
}

// checkTaken returns a *store.TakenError if c is live and its email or phone
// is held by another contact of w (a live one: the indexes hold no other).
// contacts are the records of the Store.
func (w *workspace) checkTaken(c *contact.Contact, contacts map[contact.ID]*record) error {
	if c.Trashed() {
		return nil
	}
	if !c.Email.IsZero() {
		if owner, ok := w.emails.takenFrom(c.ID, c.Email, contacts); ok {
			return &store.TakenError{Field: contact.FieldEmail, Value: c.Email.String(), Owner: owner}
		}
	}
	if !c.Phone.IsZero() {
		if owner, ok := w.phones.takenFrom(c.ID, c.Phone, contacts); ok {
			return &store.TakenError{Field: contact.FieldPhone, Value: c.Phone.String(), Owner: owner}
		}
	}
	return nil
}

// heldEmail and heldPhone return the email and the phone that r holds in the
// indexes of its workspace: its own if it is live, none if it is in the
// trash or r is nil.
func (r *record) heldEmail() contact.Email {
	if r == nil || r.trashed() {
		return contact.Email{}
	}
	return r.email
}

func (r *record) heldPhone() contact.Phone {
	if r == nil || r.trashed() {
		return contact.Phone{}
	}
	return r.phone
}

// tagSet returns the tags of r, none if r is nil.
func (r *record) tagSet() tag.Set {
	if r == nil {
		return nil
	}
	return r.tags
}

// reindex moves the index entries of contact id from before to after; a nil
// before adds entries, a nil after removes them.
func (w *workspace) reindex(id contact.ID, before, after *record) {
	// Only a live contact holds its email and phone.
	if e0, e1 := before.heldEmail(), after.heldEmail(); e0 != e1 {
		if !e0.IsZero() {
			w.emails.remove(e0, id)
		}
		if !e1.IsZero() {
			w.emails.add(e1, id)
		}
	}
	if p0, p1 := before.heldPhone(), after.heldPhone(); p0 != p1 {
		if !p0.IsZero() {
			w.phones.remove(p0, id)
		}
		if !p1.IsZero() {
			w.phones.add(p1, id)
		}
	}
	tags0, tags1 := before.tagSet(), after.tagSet()
	if slicesEqual(tags0, tags1) {
		return
	}
	inBefore, inAfter := keySet(tags0), keySet(tags1)
	for _, n := range tags0 {
		if k := n.Key(); !inAfter(k) {
			if set := w.tagged[k]; set != nil {
				set.Delete(id)
				if set.Len() == 0 {
					delete(w.tagged, k)
				}
			}
		}
	}
	for _, n := range tags1 {
		if k := n.Key(); !inBefore(k) {
			set := w.tagged[k]
			if set == nil {
				set = new(idSet)
				w.tagged[k] = set
			}
			set.Insert(id)
		}
	}
}

func slicesEqual(a, b tag.Set) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// keySet returns a test of membership of a Key in s: a linear search for a
// small set, a map lookup for a large one.
func keySet(s tag.Set) func(k string) bool {
	if len(s) <= 16 {
		return func(k string) bool {
			for _, n := range s {
				if n.Key() == k {
					return true
				}
			}
			return false
		}
	}
	m := make(map[string]struct{}, len(s))
	for _, n := range s {
		m[n.Key()] = struct{}{}
	}
	return func(k string) bool { _, ok := m[k]; return ok }
}

// restoreContact puts contact id of w back as prev, or removes it if prev is
// nil, with its index entries. It undoes a Create, an Update or an Erase.
func (s *Store) restoreContact(w *workspace, id contact.ID, prev *record) {
	cur := s.contacts[id]
	switch {
	case prev == nil: // created
		w.reindex(id, cur, nil)
		w.order.Delete(id)
		delete(s.contacts, id)
	case cur == nil: // erased
		s.contacts[id] = prev
		w.order.Insert(id)
		w.reindex(id, nil, prev)
	default: // updated
		w.reindex(id, cur, prev)
		s.contacts[id] = prev
	}
}
