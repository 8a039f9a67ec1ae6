package memstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// maxScan bounds the number of contacts one List call examines, so that a
// selective query over a large workspace returns a short page with a Next
// (as store.Page allows) instead of holding the store for a long time.
const maxScan = 10_000

// contactsTx is the store.Contacts of a Tx.
type contactsTx Tx

var (
	_ store.Contacts       = (*contactsTx)(nil)
	_ store.ContactCounter = (*contactsTx)(nil)
)

// access is what a call does to its workspace.
type access int

const (
	// reads only reads.
	reads access = iota
	// updates writes what exists (an update, a deletion): a workspace that
	// does not exist is read as empty, and the call finds nothing to
	// change in it.
	updates
	// adds may add (a creation, a put, an append): it makes the workspace.
	adds
)

// open starts a call on the contacts of workspace ws: it checks ctx, the
// Tx and, for a write, that the Tx is writable. On success the caller holds
// t.mu and must unlock it.
func (ct *contactsTx) open(ctx context.Context, op string, ws contact.WorkspaceID, a access) (*workspace, error) {
	return ct.openChecked(ctx, op, ws, a, nil)
}

// openChecked is open for a call whose own arguments the caller checked:
// bad, if not nil, is their error (wrapping store.ErrInvalid). It comes
// after the errors of ctx and of the Tx, and before anything is read, as
// the order of store.Tx wants.
func (ct *contactsTx) openChecked(ctx context.Context, op string, ws contact.WorkspaceID, a access, bad error) (*workspace, error) {
	t := (*Tx)(ct)
	if err := t.begin(ctx, a != reads); err != nil {
		return nil, err
	}
	var (
		w   *workspace
		err error
	)
	switch {
	case bad != nil:
		err = bad
	case ws == "":
		err = fmt.Errorf("memstore: %s: %w: no workspace", op, store.ErrInvalid)
	default:
		w, err = t.ws(ws, a == adds)
	}
	if err != nil {
		t.mu.Unlock()
		return nil, err
	}
	return w, nil
}

// Get implements store.Contacts.
func (ct *contactsTx) Get(ctx context.Context, ws contact.WorkspaceID, id contact.ID) (contact.Contact, error) {
	w, err := ct.open(ctx, "get contact", ws, reads)
	if err != nil {
		return contact.Contact{}, err
	}
	defer ct.mu.Unlock()
	r := w.contacts[id]
	if r == nil {
		return contact.Contact{}, fmt.Errorf("memstore: get contact %s: %w", id, store.ErrNotFound)
	}
	return r.contact(id), nil
}

// Create implements store.Contacts.
func (ct *contactsTx) Create(ctx context.Context, c *contact.Contact) error {
	var (
		bad error
		ws  contact.WorkspaceID
	)
	switch {
	case c == nil:
		bad = fmt.Errorf("memstore: create contact: %w: nil contact", store.ErrInvalid)
	case c.ID.IsZero():
		bad = fmt.Errorf("memstore: create contact: %w: zero ID", store.ErrInvalid)
	case c.Version != 0:
		bad = fmt.Errorf("memstore: create contact %s: %w: version is %d, want 0", c.ID, store.ErrInvalid, c.Version)
	default:
		ws = c.Workspace
	}
	w, err := ct.openChecked(ctx, "create contact", ws, adds, bad)
	if err != nil {
		return err
	}
	t := (*Tx)(ct)
	defer t.mu.Unlock()
	if _, ok := w.contacts[c.ID]; ok {
		return fmt.Errorf("memstore: create contact %s: %w", c.ID, store.ErrAlreadyExists)
	}
	if err := w.checkTaken(c); err != nil {
		return err
	}
	r := newRecord(c, w, 1, nil)
	w.contacts[c.ID] = r
	w.order.Insert(c.ID)
	w.reindex(c.ID, nil, r)
	t.undo = append(t.undo, undoEntry{ws: w, id: c.ID})
	c.Version = 1
	return nil
}

// Update implements store.Contacts.
func (ct *contactsTx) Update(ctx context.Context, c *contact.Contact) error {
	var (
		bad error
		ws  contact.WorkspaceID
	)
	if c == nil {
		bad = fmt.Errorf("memstore: update contact: %w: nil contact", store.ErrInvalid)
	} else {
		ws = c.Workspace
	}
	w, err := ct.openChecked(ctx, "update contact", ws, updates, bad)
	if err != nil {
		return err
	}
	t := (*Tx)(ct)
	defer t.mu.Unlock()
	old := w.contacts[c.ID]
	if old == nil {
		return fmt.Errorf("memstore: update contact %s: %w", c.ID, store.ErrNotFound)
	}
	if c.Version != old.version {
		return fmt.Errorf("memstore: update contact %s at version %d (stored: %d): %w",
			c.ID, c.Version, old.version, store.ErrConflict)
	}
	if err := w.checkTaken(c); err != nil {
		return err
	}
	r := newRecord(c, w, old.version+1, old)
	w.contacts[c.ID] = r
	w.reindex(c.ID, old, r)
	t.undo = append(t.undo, undoEntry{ws: w, id: c.ID, prev: old})
	c.Version = r.version
	return nil
}

// Delete implements store.Contacts. It removes, undoably, the contact with
// its index entries; nothing else.
func (ct *contactsTx) Delete(ctx context.Context, ws contact.WorkspaceID, id contact.ID, version int64) error {
	w, err := ct.open(ctx, "delete contact", ws, updates)
	if err != nil {
		return err
	}
	t := (*Tx)(ct)
	defer t.mu.Unlock()
	r := w.contacts[id]
	switch {
	case r == nil:
		return fmt.Errorf("memstore: delete contact %s: %w", id, store.ErrNotFound)
	case r.version != version:
		return fmt.Errorf("memstore: delete contact %s at version %d (stored: %d): %w",
			id, version, r.version, store.ErrConflict)
	}
	w.reindex(id, r, nil)
	w.order.Delete(id)
	delete(w.contacts, id)
	t.undo = append(t.undo, undoEntry{ws: w, id: id, prev: r})
	return nil
}

// List implements store.Contacts. A page holds at most p.Size() contacts;
// it may be shorter, with a Next, when the query is selective, since one call
// examines at most 10,000 contacts. A Key query looks the key up; a Tag
// query walks the index of that tag; a query of the trash walks the trash.
func (ct *contactsTx) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	w, err := ct.open(ctx, "list contacts", ws, reads)
	if err != nil {
		return store.Page[contact.Contact]{}, err
	}
	defer ct.mu.Unlock()
	after, hasAfter, err := decodeIDCursor[contact.ID](contactCursorPrefix, p.Cursor)
	if err != nil {
		return store.Page[contact.Contact]{}, err
	}
	page := store.Page[contact.Contact]{Items: []contact.Contact{}}
	// The key indexes hold live contacts: a Key query of the trash walks
	// the trash.
	if q.Key != "" && !q.Trash() {
		if id, ok := w.owner(q.Key); ok && (!hasAfter || compareID(id, after) > 0) {
			if r := w.contacts[id]; r.matches(id, &q) {
				page.Items = append(page.Items, r.contact(id))
			}
		}
		return page, nil
	}
	size := p.Size()
	var last contact.ID
	scanned := 0
	visit := func(id contact.ID, rest *store.ContactQuery) bool {
		if len(page.Items) == size || scanned == maxScan {
			page.Next = encodeIDCursor(contactCursorPrefix, last)
			return false
		}
		scanned++
		last = id
		if r := w.contacts[id]; r.matches(id, rest) {
			page.Items = append(page.Items, r.contact(id))
		}
		return true
	}
	w.each(&q, after, hasAfter, visit)
	return page, nil
}

// each calls visit with the ID of every contact that may match q after
// after, in ascending order, until visit returns false: for a word query,
// the contacts of its rarest word, merged from the word index as they are
// read (see plan); else, or when every word of the query stands for too
// much, the smallest index that holds every match (see walk).
//
// visit gets the part of q its contact must still be checked against: q
// itself, or q without the words that the word index answered.
func (w *workspace) each(q *store.ContactQuery, after contact.ID, hasAfter bool, visit func(id contact.ID, rest *store.ContactQuery) bool) {
	if len(q.Words) > 0 {
		if driver, checks, rest, ok := w.plan(q); ok {
			driver.merge(after, hasAfter, func(id contact.ID) bool {
				for i := range checks {
					if !checks[i].has(id) {
						return true
					}
				}
				return visit(id, &rest)
			})
			return
		}
	}
	if set := w.walk(q); set != nil {
		set.Ascend(after, hasAfter, func(id contact.ID) bool { return visit(id, q) })
	}
}

// Count implements store.ContactCounter.
func (ct *contactsTx) Count(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery) (int, error) {
	w, err := ct.open(ctx, "count contacts", ws, reads)
	if err != nil {
		return 0, err
	}
	defer ct.mu.Unlock()
	if q.Key != "" && !q.Trash() {
		if id, ok := w.owner(q.Key); ok && w.contacts[id].matches(id, &q) {
			return 1, nil
		}
		return 0, nil
	}
	n := 0
	w.each(&q, contact.ID{}, false, func(id contact.ID, rest *store.ContactQuery) bool {
		if w.contacts[id].matches(id, rest) {
			n++
		}
		return true
	})
	return n, nil
}

// walk returns the smallest index that holds every contact q selects (nil
// for none): the trash, a tag's contacts, or every contact.
func (w *workspace) walk(q *store.ContactQuery) *idSet {
	switch {
	case !q.Tag.IsZero():
		return w.tagged[q.Tag.Key()]
	case q.Trash():
		return &w.trash
	}
	return &w.order
}

// owner returns the live contact that holds key (see contact.Contact.Keys).
func (w *workspace) owner(key string) (contact.ID, bool) {
	switch f, v := contact.KeyField(key); f {
	case contact.FieldEmail:
		return w.emails.ownerString(v, w.contacts)
	case contact.FieldPhone:
		return w.phones.ownerString(v, w.contacts)
	}
	return contact.ID{}, false
}

// matches reports whether the stored contact id satisfies q.
func (r *record) matches(id contact.ID, q *store.ContactQuery) bool {
	if r.trashed() != q.Trash() {
		return false
	}
	c := r.view(id)
	switch {
	case !q.DeletedBefore.IsZero() && !c.DeletedAt.Before(q.DeletedBefore),
		q.Status != "" && c.Status != q.Status,
		q.Assignee != "" && c.Assignee != q.Assignee,
		!q.Tag.IsZero() && !c.Tags.Has(q.Tag),
		q.Key != "" && !slices.Contains(c.Keys(), q.Key),
		len(q.Words) > 0 && !hasWords(contact.SearchText(&c), q.Words):
		return false
	}
	return true
}

// checkTaken returns a *store.TakenError if c is live and its email or phone
// is held by another contact of w (a live one: the indexes hold no other).
func (w *workspace) checkTaken(c *contact.Contact) error {
	if c.Trashed() {
		return nil
	}
	for _, e := range c.Emails() {
		if owner, ok := w.emails.takenFrom(c.ID, e, w.contacts); ok {
			return &store.TakenError{Key: contact.EmailKey(e), Owner: owner}
		}
	}
	for _, p := range c.Phones() {
		if owner, ok := w.phones.takenFrom(c.ID, p, w.contacts); ok {
			return &store.TakenError{Key: contact.PhoneKey(p), Owner: owner}
		}
	}
	return nil
}

// heldEmails and heldPhones call yield with each email and phone that r
// holds in the indexes of its workspace, primary first: its own if it is
// live, none if it is in the trash or r is nil.
func heldEmails(r *record, yield func(contact.Email) bool) {
	if r == nil || r.trashed() || r.email.IsZero() || !yield(r.email) || r.rare == nil {
		return
	}
	for _, e := range r.rare.otherEmails {
		if !yield(e.Email) {
			return
		}
	}
}

func heldPhones(r *record, yield func(contact.Phone) bool) {
	if r == nil || r.trashed() || r.phone.IsZero() || !yield(r.phone) || r.rare == nil {
		return
	}
	for _, p := range r.rare.otherPhones {
		if !yield(p.Phone) {
			return
		}
	}
}

// reindexAddrs moves the entries of contact id in x from the addresses
// before holds to those after holds.
func reindexAddrs[A address](x *addrIndex[A], id contact.ID, before, after *record) {
	var old, cur []A
	x.held(before, func(a A) bool { old = append(old, a); return true })
	x.held(after, func(a A) bool { cur = append(cur, a); return true })
	if slices.Equal(old, cur) {
		return
	}
	for _, a := range old {
		if !slices.Contains(cur, a) {
			x.remove(a, id)
		}
	}
	for _, a := range cur {
		if !slices.Contains(old, a) {
			x.add(a, id)
		}
	}
}

// tagSet returns the tags of r, none if r is nil.
func (r *record) tagSet() tag.Set {
	if r == nil || r.tags == nil {
		return nil
	}
	return *r.tags
}

// reindex moves the index entries of contact id from before to after; a nil
// before adds entries, a nil after removes them.
func (w *workspace) reindex(id contact.ID, before, after *record) {
	w.reindexWords(id, before, after)
	if t0, t1 := before != nil && before.trashed(), after != nil && after.trashed(); t0 != t1 {
		if t1 {
			w.trash.Insert(id)
		} else {
			w.trash.Delete(id)
		}
	}
	// Only a live contact holds its emails and phones.
	reindexAddrs(&w.emails, id, before, after)
	reindexAddrs(&w.phones, id, before, after)
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
// nil, with its index entries. It undoes a Create, an Update or a Delete.
func (w *workspace) restoreContact(id contact.ID, prev *record) {
	cur := w.contacts[id]
	switch {
	case prev == nil: // created
		w.reindex(id, cur, nil)
		w.order.Delete(id)
		delete(w.contacts, id)
	case cur == nil: // deleted
		w.contacts[id] = prev
		w.order.Insert(id)
		w.reindex(id, nil, prev)
	default: // updated
		w.reindex(id, cur, prev)
		w.contacts[id] = prev
	}
}

// hasWords reports whether each of words starts a word of the search text
// text (see store.ContactQuery.Words).
func hasWords(text string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(text, " "+w) {
			return false
		}
	}
	return true
}
