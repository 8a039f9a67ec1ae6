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
	r := w.record(id)
	if r == nil {
		return contact.Contact{}, fmt.Errorf("memstore: get contact %s: %w", id, store.ErrNotFound)
	}
	return r.contact(w, id), nil
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
	if _, ok := w.ordOf(c.ID); ok {
		return fmt.Errorf("memstore: create contact %s: %w", c.ID, store.ErrAlreadyExists)
	}
	if err := w.checkTaken(c); err != nil {
		return err
	}
	r := newRecord(c, w, 1, nil)
	o := w.put(c.ID, r)
	w.order.Insert(o)
	w.reindex(o, nil, r)
	t.logUndo(undoEntry{ws: w, id: c.ID})
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
	o, ok := w.ordOf(c.ID)
	if !ok {
		return fmt.Errorf("memstore: update contact %s: %w", c.ID, store.ErrNotFound)
	}
	old := w.recs[o]
	if c.Version != old.version {
		return fmt.Errorf("memstore: update contact %s at version %d (stored: %d): %w",
			c.ID, c.Version, old.version, store.ErrConflict)
	}
	if err := w.checkTaken(c); err != nil {
		return err
	}
	r := newRecord(c, w, old.version+1, old)
	w.recs[o] = r
	w.reindex(o, old, r)
	t.logUndo(undoEntry{ws: w, id: c.ID, prev: old})
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
	o, ok := w.ordOf(id)
	if !ok {
		return fmt.Errorf("memstore: delete contact %s: %w", id, store.ErrNotFound)
	}
	r := w.recs[o]
	if r.version != version {
		return fmt.Errorf("memstore: delete contact %s at version %d (stored: %d): %w",
			id, version, r.version, store.ErrConflict)
	}
	w.reindex(o, r, nil)
	w.order.Delete(o)
	w.drop(o)
	t.logUndo(undoEntry{ws: w, id: id, prev: r})
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
	// The key indexes hold live contacts: a Key query of the trash walks
	// the trash.
	if q.Key != "" && !q.Trash() {
		items := []contact.Contact{}
		if o, ok := w.owner(q.Key); ok && (!hasAfter || compareID(w.ids[o], after) > 0) {
			if id, r := w.ids[o], w.recs[o]; r.matches(w, id, &q) {
				items = []contact.Contact{r.contact(w, id)}
			}
		}
		return store.Page[contact.Contact]{Items: items}, nil
	}
	return w.list(q, after, hasAfter, p.Size()), nil
}

// list returns the page of at most size contacts that q selects after the
// ID after (when hasAfter), examining at most maxScan.
func (w *workspace) list(q store.ContactQuery, after contact.ID, hasAfter bool, size int) store.Page[contact.Contact] {
	page := store.Page[contact.Contact]{Items: []contact.Contact{}}
	var last contact.ID
	scanned := 0
	visit := func(o uint32, rest *store.ContactQuery) bool {
		if len(page.Items) == size || scanned == maxScan {
			page.Next = encodeIDCursor(contactCursorPrefix, last)
			return false
		}
		scanned++
		id, r := w.ids[o], w.recs[o]
		last = id
		if r.matches(w, id, rest) {
			page.Items = append(page.Items, r.contact(w, id))
		}
		return true
	}
	w.each(&q, after, hasAfter, visit)
	return page
}

// each calls visit with the ordinal of every contact that may match q
// whose ID is greater than after, in ascending order of ID, until visit
// returns false: for a word query, the contacts of its rarest word, merged
// from the word index as they are read (see plan); else, or when every word
// of the query stands for too much, the smallest index that holds every
// match (see walk).
//
// visit gets the part of q its contact must still be checked against: q
// itself, or q without the words that the word index answered.
func (w *workspace) each(q *store.ContactQuery, after contact.ID, hasAfter bool, visit func(o uint32, rest *store.ContactQuery) bool) {
	if len(q.Words) > 0 {
		w.readyWords()
		if driver, checks, rest, ok := w.plan(q); ok {
			driver.merge(after, hasAfter, func(o uint32) bool {
				for i := range checks {
					if !checks[i].has(o) {
						return true
					}
				}
				return visit(o, &rest)
			})
			return
		}
	}
	if set := w.walk(q); set != nil {
		w.ascend(set, after, hasAfter, func(o uint32) bool { return visit(o, q) })
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
		if o, ok := w.owner(q.Key); ok && w.recs[o].matches(w, w.ids[o], &q) {
			return 1, nil
		}
		return 0, nil
	}
	n := 0
	w.each(&q, contact.ID{}, false, func(o uint32, rest *store.ContactQuery) bool {
		if w.recs[o].matches(w, w.ids[o], rest) {
			n++
		}
		return true
	})
	return n, nil
}

// walk returns the smallest index that holds every contact q selects (nil
// for none): the trash, a tag's contacts, or every contact.
func (w *workspace) walk(q *store.ContactQuery) *ordSet {
	switch {
	case !q.Tag.IsZero():
		return w.tagged[q.Tag.Key()]
	case q.Trash():
		return &w.trash
	}
	return &w.order
}

// owner returns the live contact that holds key (see contact.Contact.Keys),
// by ordinal.
func (w *workspace) owner(key string) (uint32, bool) {
	switch f, v := contact.KeyField(key); f {
	case contact.FieldEmail:
		return w.emails.ownerString(v, w.recs)
	case contact.FieldPhone:
		return w.phones.ownerString(v, w.recs)
	}
	return 0, false
}

// matches reports whether the stored contact id of w satisfies q.
func (r *record) matches(w *workspace, id contact.ID, q *store.ContactQuery) bool {
	if r.trashed() != q.Trash() {
		return false
	}
	c := r.view(w, id)
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
		if owner, ok := w.emails.takenFrom(c.ID, e, w); ok {
			return &store.TakenError{Key: contact.EmailKey(e), Owner: owner}
		}
	}
	for _, p := range c.Phones() {
		if owner, ok := w.phones.takenFrom(c.ID, p, w); ok {
			return &store.TakenError{Key: contact.PhoneKey(p), Owner: owner}
		}
	}
	return nil
}

// emailAt and phoneAt are the accessors of the email and phone indexes
// (addrIndex.at): the addresses that r holds in the indexes of its
// workspace, primary first, its own if it is live, none if it is in the
// trash or r is nil. A secondary address is held whether or not there is a
// primary one (contact.Contact.Keys).
func emailAt(r *record, i int) (contact.Email, bool) {
	switch {
	case r == nil || r.trashed():
		return contact.Email{}, false
	case i == 0:
		return r.email, true
	case r.rare == nil || i > len(r.rare.otherEmails):
		return contact.Email{}, false
	}
	return r.rare.otherEmails[i-1].Email, true
}

func phoneAt(r *record, i int) (contact.Phone, bool) {
	switch {
	case r == nil || r.trashed():
		return contact.Phone{}, false
	case i == 0:
		return r.phone, true
	case r.rare == nil || i > len(r.rare.otherPhones):
		return contact.Phone{}, false
	}
	return r.rare.otherPhones[i-1].Phone, true
}

// reindexAddrs moves the entries of contact o in x from the addresses
// before holds to those after holds.
func reindexAddrs[A address](x *addrIndex[A], o uint32, before, after *record) {
	// Room on the stack for the addresses of most contacts.
	var oldRoom, curRoom [8]A
	old, cur := x.appendHeld(oldRoom[:0], before), x.appendHeld(curRoom[:0], after)
	if slices.Equal(old, cur) {
		return
	}
	for _, a := range old {
		if !slices.Contains(cur, a) {
			x.remove(a, o)
		}
	}
	for _, a := range cur {
		if !slices.Contains(old, a) {
			x.add(a, o)
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

// reindex moves the index entries of contact o from before to after; a nil
// before adds entries, a nil after removes them.
func (w *workspace) reindex(o uint32, before, after *record) {
	w.reindexWords(o, before, after)
	if t0, t1 := before != nil && before.trashed(), after != nil && after.trashed(); t0 != t1 {
		if t1 {
			w.trash.Insert(o)
		} else {
			w.trash.Delete(o)
		}
	}
	// Only a live contact holds its emails and phones.
	reindexAddrs(&w.emails, o, before, after)
	reindexAddrs(&w.phones, o, before, after)
	tags0, tags1 := before.tagSet(), after.tagSet()
	if slicesEqual(tags0, tags1) {
		return
	}
	inBefore, inAfter := keySet(tags0), keySet(tags1)
	for _, n := range tags0 {
		if k := n.Key(); !inAfter(k) {
			if set := w.tagged[k]; set != nil {
				set.Delete(o)
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
				set = w.newOrdSet()
				w.tagged[k] = set
			}
			set.Insert(o)
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
	o, held := w.ordOf(id)
	switch {
	case prev == nil && !held: // created, and gone already: nothing to undo
	case prev == nil: // created
		w.reindex(o, w.recs[o], nil)
		w.order.Delete(o)
		w.drop(o)
	case !held: // deleted
		o = w.put(id, prev)
		w.order.Insert(o)
		w.reindex(o, nil, prev)
	default: // updated
		w.reindex(o, w.recs[o], prev)
		w.recs[o] = prev
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
