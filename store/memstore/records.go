package memstore

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// table holds the records of one kind in one workspace, with the indexes
// their Keys call for: by ID, by Unique, and in listing order (Keys.Order,
// then ID) for the whole kind, for each contact and for each parent.
type table struct {
	kind store.Kind
	// missing is the error of a Get that finds nothing: made once, since a
	// miss is common (the consent ledger is read for every new address).
	missing   error
	recs      map[string]*stored
	unique    map[string]string // Keys.Unique → ID
	all       entrySet
	byContact map[contact.ID]*entrySet
	byParent  map[string]*entrySet
}

// stored is a stored record. It is never changed once stored (a Put stores
// a new one), so the undo log can keep the old one as it was.
type stored struct {
	version int64
	keys    store.Keys
	value   any
}

// entry is the place of a record in listing order, with the record: a
// listing reads it without a lookup by ID (a cache miss for each record
// of a long one). Its order ignores rec.
type entry struct {
	order, id string
	rec       *stored
}

// entryOrder orders entries by Order, then ID, bytewise.
type entryOrder struct{}

func (entryOrder) Compare(a, b entry) int {
	if c := strings.Compare(a.order, b.order); c != 0 {
		return c
	}
	return strings.Compare(a.id, b.id)
}

type entrySet = blockSet[entry, entryOrder]

// table returns the table of kind k in w, made empty on first use.
// The caller holds w exclusively.
func (w *workspace) table(k store.Kind) *table {
	tb := w.tables[k.Name()]
	if tb == nil {
		tb = newTable(k)
		w.tables[k.Name()] = tb
	}
	return tb
}

// newTable returns an empty table of kind k.
func newTable(k store.Kind) *table {
	return &table{
		kind:      k,
		missing:   fmt.Errorf("memstore: get %s: %w", k.Name(), store.ErrNotFound),
		recs:      make(map[string]*stored),
		unique:    make(map[string]string),
		byContact: make(map[contact.ID]*entrySet),
		byParent:  make(map[string]*entrySet),
	}
}

// emptyTable returns an empty table of kind k for reading, shared by every
// read of a kind that a workspace has no record of: no write reaches it
// (a write makes the workspace's own table, with workspace.table).
func (s *Store) emptyTable(k store.Kind) *table {
	if tb, ok := s.empty.Load(k.Name()); ok && tb.(*table).kind == k {
		return tb.(*table)
	}
	tb := newTable(k)
	s.empty.Store(k.Name(), tb)
	return tb
}

// set makes r the record id of tb (nil removes it), moving its index
// entries from old, the record it replaces (nil for none).
func (tb *table) set(id string, old, r *stored) {
	if old != nil {
		e := entry{old.keys.Order, id, old}
		tb.all.Delete(e)
		removeEntry(tb.byContact, old.keys.Contact, e)
		removeEntry(tb.byParent, old.keys.Parent, e)
		if old.keys.Unique != "" {
			delete(tb.unique, old.keys.Unique)
		}
		delete(tb.recs, id)
	}
	if r != nil {
		e := entry{r.keys.Order, id, r}
		tb.all.Insert(e)
		addEntry(tb.byContact, r.keys.Contact, e)
		addEntry(tb.byParent, r.keys.Parent, e)
		if r.keys.Unique != "" {
			tb.unique[r.keys.Unique] = id
		}
		tb.recs[id] = r
	}
}

func addEntry[K comparable](index map[K]*entrySet, k K, e entry) {
	var zero K
	if k == zero {
		return
	}
	set := index[k]
	if set == nil {
		set = new(entrySet)
		index[k] = set
	}
	set.Insert(e)
}

func removeEntry[K comparable](index map[K]*entrySet, k K, e entry) {
	var zero K
	if k == zero {
		return
	}
	if set := index[k]; set != nil {
		set.Delete(e)
		if set.Len() == 0 {
			delete(index, k)
		}
	}
}

// recordsTx is the store.Records of a Tx.
type recordsTx Tx

var _ store.Records = (*recordsTx)(nil)

// open starts a call on the table of kind k in workspace ws: it checks ctx,
// the Tx, the arguments and, for a write, that the Tx is writable. On
// success the caller holds t.mu and must unlock it.
func (rt *recordsTx) open(ctx context.Context, op string, ws contact.WorkspaceID, k store.Kind, a access) (*workspace, *table, error) {
	return rt.openChecked(ctx, op, ws, k, a, nil)
}

// openChecked is open for a call whose own arguments the caller checked:
// bad, if not nil, is their error (wrapping store.ErrInvalid), reported
// with those of ws and k, after the errors of ctx and of the Tx and
// before anything is read.
func (rt *recordsTx) openChecked(ctx context.Context, op string, ws contact.WorkspaceID, k store.Kind, a access, bad error) (*workspace, *table, error) {
	t := (*Tx)(rt)
	if err := t.begin(ctx, a != reads); err != nil {
		return nil, nil, err
	}
	var err error
	switch {
	case ws == "":
		err = fmt.Errorf("memstore: %s: %w: no workspace", op, store.ErrInvalid)
	case k == nil:
		err = fmt.Errorf("memstore: %s: %w: nil kind", op, store.ErrInvalid)
	case bad != nil:
		err = bad
	}
	var w *workspace
	if err == nil {
		w, err = t.ws(ws, a == adds)
	}
	if err != nil {
		t.mu.Unlock()
		return nil, nil, err
	}
	if a == reads {
		// A read holds the workspace shared: it must not add a table to
		// the map, which other readers read at the same time.
		if tb := w.tables[k.Name()]; tb != nil {
			return w, tb, nil
		}
		return w, t.s.emptyTable(k), nil
	}
	return w, w.table(k), nil
}

// selects reports whether q selects a record of w with keys k.
func (w *workspace) selects(q *store.Query, k *store.Keys) bool {
	if !q.Matches(k) {
		return false
	}
	if q.LiveContact {
		r := w.record(k.Contact)
		return r != nil && !r.trashed()
	}
	return true
}

// Get implements store.Records.
func (rt *recordsTx) Get(ctx context.Context, ws contact.WorkspaceID, k store.Kind, id string) (store.Record, error) {
	_, tb, err := rt.open(ctx, "get record", ws, k, reads)
	if err != nil {
		return store.Record{}, err
	}
	defer rt.mu.Unlock()
	r := tb.recs[id]
	if r == nil {
		return store.Record{}, tb.missing
	}
	return r.record(tb.kind, id), nil
}

func (r *stored) record(k store.Kind, id string) store.Record {
	return store.Record{ID: id, Version: r.version, Keys: r.keys, Value: k.Clone(r.value)}
}

// Put implements store.Records.
func (rt *recordsTx) Put(ctx context.Context, ws contact.WorkspaceID, k store.Kind, r *store.Record) error {
	// The value is copied before anything is read: a value that is not
	// of the kind is an invalid argument, which comes first.
	var (
		bad   error
		value any
	)
	switch {
	case k == nil: // reported by openChecked
	case r == nil:
		bad = fmt.Errorf("memstore: put %s: %w: nil record", k.Name(), store.ErrInvalid)
	case r.ID == "":
		bad = fmt.Errorf("memstore: put %s: %w: empty ID", k.Name(), store.ErrInvalid)
	case r.Version < 0:
		bad = fmt.Errorf("memstore: put %s %q: %w: version %d", k.Name(), r.ID, store.ErrInvalid, r.Version)
	case r.Value == nil:
		bad = fmt.Errorf("memstore: put %s %q: %w: nil value", k.Name(), r.ID, store.ErrInvalid)
	default:
		var err error
		if value, err = cloneValue(k, r.Value); err != nil {
			bad = fmt.Errorf("memstore: put %s %q: %w", k.Name(), r.ID, err)
		}
	}
	// A put at a version updates a record, which a workspace that does
	// not exist cannot hold: only a creation makes the workspace.
	a := adds
	if r != nil && r.Version != 0 {
		a = updates
	}
	_, tb, err := rt.openChecked(ctx, "put record", ws, k, a, bad)
	if err != nil {
		return err
	}
	t := (*Tx)(rt)
	defer t.mu.Unlock()
	old := tb.recs[r.ID]
	switch {
	case r.Version == 0 && old != nil:
		return fmt.Errorf("memstore: create %s %q: %w", k.Name(), r.ID, store.ErrAlreadyExists)
	case r.Version != 0 && old == nil:
		return fmt.Errorf("memstore: update %s %q: %w", k.Name(), r.ID, store.ErrNotFound)
	case r.Version != 0 && r.Version != old.version:
		return fmt.Errorf("memstore: update %s %q at version %d (stored: %d): %w",
			k.Name(), r.ID, r.Version, old.version, store.ErrConflict)
	}
	if u := r.Keys.Unique; u != "" {
		if holder, ok := tb.unique[u]; ok && holder != r.ID {
			return fmt.Errorf("memstore: put %s %q: unique key %q held by %q: %w", k.Name(), r.ID, u, holder, store.ErrAlreadyExists)
		}
	}
	next := &stored{version: r.Version + 1, keys: r.Keys, value: value}
	id := r.ID
	tb.set(id, old, next)
	t.onUndo(func() { tb.set(id, next, old) })
	r.Version = next.version
	return nil
}

// Delete implements store.Records.
func (rt *recordsTx) Delete(ctx context.Context, ws contact.WorkspaceID, k store.Kind, id string, version int64) error {
	_, tb, err := rt.open(ctx, "delete record", ws, k, updates)
	if err != nil {
		return err
	}
	t := (*Tx)(rt)
	defer t.mu.Unlock()
	old := tb.recs[id]
	switch {
	case old == nil:
		return fmt.Errorf("memstore: delete %s %q: %w", k.Name(), id, store.ErrNotFound)
	case version != old.version:
		return fmt.Errorf("memstore: delete %s %q at version %d (stored: %d): %w",
			k.Name(), id, version, old.version, store.ErrConflict)
	}
	tb.set(id, old, nil)
	t.onUndo(func() { tb.set(id, nil, old) })
	return nil
}

// List implements store.Records. It walks the index of q's contact, else of
// q's parent, else the whole kind, and filters what it walks with q; one call
// examines at most 10,000 records, so a selective filter may give a short
// page with a Next.
func (rt *recordsTx) List(ctx context.Context, ws contact.WorkspaceID, k store.Kind, q store.Query, p store.PageRequest) (store.Page[store.Record], error) {
	w, tb, err := rt.open(ctx, "list records", ws, k, reads)
	if err != nil {
		return store.Page[store.Record]{}, err
	}
	defer rt.mu.Unlock()
	after, hasAfter, err := decodeRecordCursor(k, p.Cursor)
	if err != nil {
		return store.Page[store.Record]{}, err
	}
	set := &tb.all
	switch {
	case !q.Contact.IsZero():
		set = tb.byContact[q.Contact]
	case q.Parent != "":
		set = tb.byParent[q.Parent]
	case q.Unique != "":
		// At most one record: no walk.
		page := store.Page[store.Record]{Items: []store.Record{}}
		if id, ok := tb.unique[q.Unique]; ok {
			r := tb.recs[id]
			if e := (entry{r.keys.Order, id, r}); w.selects(&q, &r.keys) && (!hasAfter || (entryOrder{}).Compare(e, after) > 0) {
				page.Items = append(page.Items, r.record(tb.kind, id))
			}
		}
		return page, nil
	}
	page := store.Page[store.Record]{Items: []store.Record{}}
	if set == nil {
		return page, nil
	}
	size := p.Size()
	if q.Status == "" && q.Unique == "" && !q.LiveContact && (q.Contact.IsZero() || q.Parent == "") {
		// Every record walked is listed: the page is sized once. A filter
		// may list few of many, so a filtered page grows with its answer.
		page.Items = make([]store.Record, 0, min(size, set.Len()))
	}
	var last entry
	scanned := 0
	set.Ascend(after, hasAfter, func(e entry) bool {
		if len(page.Items) == size || scanned == maxScan {
			page.Next = encodeRecordCursor(k, last)
			return false
		}
		scanned++
		last = e
		if r := e.rec; w.selects(&q, &r.keys) {
			page.Items = append(page.Items, r.record(tb.kind, e.id))
		}
		return true
	})
	return page, nil
}

// A record cursor is "r1." + the kind's name + "." + the hex of the Order and
// of the ID of the last record examined, joined by ".".
const recordCursorPrefix = "r1."

func encodeRecordCursor(k store.Kind, e entry) string {
	return recordCursorPrefix + k.Name() + "." + hex.EncodeToString([]byte(e.order)) + "." + hex.EncodeToString([]byte(e.id))
}

func decodeRecordCursor(k store.Kind, cursor string) (after entry, ok bool, err error) {
	if cursor == "" {
		return entry{}, false, nil
	}
	rest, found := strings.CutPrefix(cursor, recordCursorPrefix+k.Name()+".")
	order, id, found2 := strings.Cut(rest, ".")
	if !found || !found2 {
		return entry{}, false, invalidCursor(cursor)
	}
	o, err1 := hex.DecodeString(order)
	i, err2 := hex.DecodeString(id)
	if err1 != nil || err2 != nil || len(i) == 0 {
		return entry{}, false, invalidCursor(cursor)
	}
	return entry{order: string(o), id: string(i)}, true, nil
}

// cloneValue returns k.Clone(v), or an error wrapping store.ErrInvalid when v is
// not a value of k (Clone panics then).
func cloneValue(k store.Kind, v any) (out any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: value of type %T for kind %s", store.ErrInvalid, v, k.Name())
		}
	}()
	return k.Clone(v), nil
}
