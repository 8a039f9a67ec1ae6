package pgstore

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// A bulk use case tells the tx what it is about to read (store.Prefetcher):
// the tx reads it in three statements, keeps it up to date with its own
// writes, and answers from it the reads it covers: the live contact that
// holds a key (Contacts.List by Key, and the check of a written contact's
// keys), contacts by ID and records by ID. A write whose outcome that
// tells — a contact whose ID is known absent and whose keys are known
// free, a contact or record at the version known, a record known absent —
// is queued rather than sent, and the queue goes to the server as one
// pipelined batch before the tx's next statement or its commit. An
// import's batch of 500 rows then costs a handful of round trips instead
// of five per row.

var _ store.Prefetcher = (*tx)(nil)

// prefetched is what Prefetch read, as of the tx's own writes since.
type prefetched struct {
	ws contact.WorkspaceID
	// keys maps each key read to the live contact that holds it (zero:
	// none); contacts maps each contact read or written (by ID, or as the
	// holder of a key: every holder is there) to itself, nil when it is
	// known absent; records each record read or written to itself, nil
	// when absent.
	keys     map[string]contact.ID
	contacts map[contact.ID]*contact.Contact
	records  map[recordRef]*store.Record
}

type recordRef struct{ kind, id string }

// sqlTx runs the statements of a tx: it sends the queued writes first, so
// that every statement sees them.
type sqlTx struct{ t *tx }

func (s sqlTx) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	if err := s.t.flush(ctx); err != nil {
		return pgconn.CommandTag{}, err
	}
	return s.t.raw.Exec(ctx, sql, args...)
}

func (s sqlTx) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	if err := s.t.flush(ctx); err != nil {
		return nil, err
	}
	return s.t.raw.Query(ctx, sql, args...)
}

func (s sqlTx) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	if err := s.t.flush(ctx); err != nil {
		return errRow{err}
	}
	return s.t.raw.QueryRow(ctx, sql, args...)
}

// errRow is the row of a statement that was not sent.
type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// queued is a write whose statement waits in the tx's queue. row (for a
// statement that returns a row) or tag reads its result: an error there
// fails the tx.
type queued struct {
	sql  string
	args []any
	row  func(pgx.Row) error
	tag  func(pgconn.CommandTag) error
	// contacts is whether the statement writes contacts.
	contacts bool
	// create, when set, is a contact's creation instead: a run of them,
	// in the queue, goes as one statement (createRun).
	create *newContact
}

// flush sends the queued writes as one batch. An error of any fails the
// tx: every later call returns it, and the tx does not commit.
func (t *tx) flush(ctx context.Context) error {
	if t.broken != nil {
		return t.broken
	}
	if len(t.queue) == 0 {
		return nil
	}
	b := &pgx.Batch{}
	// The creations of contacts wait, in one run, for the next statement
	// that writes contacts (an update), or the end: only those statements
	// touch the tables a creation writes, so the run moves past the
	// others and stays in order with them.
	var run *createRun
	for _, q := range t.queue {
		if q.create != nil {
			if run == nil {
				run = &createRun{}
			}
			run.add(q.create)
			continue
		}
		if run != nil && q.contacts {
			run.queue(b)
			run = nil
		}
		qq := b.Queue(q.sql, q.args...)
		if q.row != nil {
			qq.QueryRow(q.row)
		} else {
			qq.Exec(q.tag)
		}
	}
	if run != nil {
		run.queue(b)
	}
	t.queue = nil
	if err := t.raw.SendBatch(ctx, b).Close(); err != nil {
		// A queued write that the server refused, or whose result tells
		// of another transaction's write (an outcome of the contract).
		err = t.failUnlessOutcome(ctx, "send queued writes", err)
		t.broken = err
		return err
	}
	return nil
}

// enqueue queues a write.
func (t *tx) enqueue(q queued) { t.queue = append(t.queue, q) }

// queues reports whether the tx queues writes in ws: whether ws is the
// workspace of a Prefetch.
func (t *tx) queues(ws contact.WorkspaceID) bool { return t.cache != nil && t.cache.ws == ws }

// Prefetch implements store.Prefetcher.
func (t *tx) Prefetch(ctx context.Context, ws contact.WorkspaceID, p store.Prefetch) error {
	if err := t.begin(ctx, false); err != nil {
		return err
	}
	if ws == "" {
		return fmt.Errorf("pgstore: prefetch: %w: no workspace", store.ErrInvalid)
	}
	for _, r := range p.Records {
		if r.Kind == nil || r.ID == "" {
			return fmt.Errorf("pgstore: prefetch: %w: record %+v: no kind or no ID", store.ErrInvalid, r)
		}
	}
	if t.native {
		return nil // the host writes through the native transaction: no cache
	}
	if t.cache == nil || t.cache.ws != ws {
		t.cache = &prefetched{ws: ws, keys: map[string]contact.ID{},
			contacts: map[contact.ID]*contact.Contact{}, records: map[recordRef]*store.Record{}}
	}
	err := t.prefetchKeys(ctx, p.Keys)
	if err == nil {
		err = t.prefetchContacts(ctx, p.Contacts)
	}
	if err == nil {
		err = t.prefetchRecords(ctx, p.Records)
	}
	if err != nil {
		// What was marked before the statement answered is not known:
		// drop the cache, which only ever saves statements.
		t.cache = nil
	}
	return err
}

// liveHolders reads the live contacts that hold keys $2 in workspace $1,
// with the key each holds: a lookup of each key in the index of live keys,
// then of its contact by ID. OFFSET 0 keeps the planner from flattening
// the lookups into a join that would read the workspace's keys or contacts
// whole, whose cost would grow with the workspace rather than the keys.
const liveHolders = `
SELECT w.key, c.version, c.body
FROM unnest($2::text[]) AS w(key)
CROSS JOIN LATERAL (
	SELECT k.contact_id FROM contact_keys k
	WHERE k.workspace_id = $1 AND k.key = w.key AND k.live OFFSET 0
) k
CROSS JOIN LATERAL (
	SELECT c.version, c.body FROM contacts c
	WHERE c.workspace_id = $1 AND c.id = k.contact_id AND c.deleted_at IS NULL OFFSET 0
) c`

func (t *tx) prefetchKeys(ctx context.Context, keys []string) error {
	c := t.cache
	var want []string
	for _, k := range keys {
		if _, ok := c.keys[k]; !ok && k != "" {
			c.keys[k] = contact.ID{} // none, unless read below
			want = append(want, k)
		}
	}
	if len(want) == 0 {
		return nil
	}
	var (
		key     string
		version int64
		body    []byte
	)
	return t.each(ctx, "prefetch keys", liveHolders, []any{keyLookup, string(c.ws), want}, []any{&key, &version, &body}, func() error {
		h, err := decodeContact(version, body)
		if err != nil {
			return err
		}
		c.keys[key] = h.ID
		c.contacts[h.ID] = &h
		return nil
	})
}

// someContacts reads the contacts of workspace $1 whose IDs are $2.
const someContacts = `SELECT version, body FROM contacts WHERE workspace_id = $1 AND id = ANY($2::uuid[])`

func (t *tx) prefetchContacts(ctx context.Context, ids []contact.ID) error {
	c := t.cache
	var want []pgtype.UUID
	for _, id := range ids {
		if _, ok := c.contacts[id]; !ok {
			c.contacts[id] = nil // absent, unless read below
			want = append(want, pgUUID(id))
		}
	}
	if len(want) == 0 {
		return nil
	}
	var (
		version int64
		body    []byte
	)
	return t.each(ctx, "prefetch contacts", someContacts, []any{keyLookup, string(c.ws), want}, []any{&version, &body}, func() error {
		ct, err := decodeContact(version, body)
		if err != nil {
			return err
		}
		c.contacts[ct.ID] = &ct
		return nil
	})
}

// someRecords reads the records of workspace $1 named by the kinds $2 and
// IDs $3.
const someRecords = `SELECT kind, ` + recordColumns + ` FROM records
WHERE workspace_id = $1 AND (kind, id) IN (SELECT * FROM unnest($2::text[], $3::text[]))`

func (t *tx) prefetchRecords(ctx context.Context, refs []store.RecordRef) error {
	c := t.cache
	var kinds, ids []string
	byName := map[string]store.Kind{}
	for _, r := range refs { // checked by Prefetch
		ref := recordRef{r.Kind.Name(), r.ID}
		if _, ok := c.records[ref]; ok {
			continue
		}
		c.records[ref] = nil // absent, unless read below
		byName[ref.kind] = r.Kind
		kinds, ids = append(kinds, ref.kind), append(ids, ref.id)
	}
	if len(ids) == 0 {
		return nil
	}
	var kind string
	var rest recordScan
	return t.each(ctx, "prefetch records", someRecords, []any{keyLookup, string(c.ws), kinds, ids}, append([]any{&kind}, rest.dest()...), func() error {
		r, err := rest.record(byName[kind])
		if err != nil {
			return err
		}
		c.records[recordRef{kind, r.ID}] = &r
		return nil
	})
}

// each runs the query sql with args and calls fn after it scanned each
// row into scans. An error is the method op's.
func (t *tx) each(ctx context.Context, op, sql string, args, scans []any, fn func() error) error {
	rows, err := t.tx.Query(ctx, sql, args...)
	if err == nil {
		_, err = pgx.ForEachRow(rows, scans, fn)
	}
	if err != nil {
		return t.fail(ctx, op, err)
	}
	return nil
}

// holder answers Contacts.List(q) from the cache: the live contact that
// holds q.Key, if q selects by key alone and the key was prefetched.
func (c *prefetched) holder(ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], bool) {
	if c == nil || ws != c.ws || p.Cursor != "" || p.Limit < 0 {
		return store.Page[contact.Contact]{}, false
	}
	key := q.Key
	q.Key = ""
	if key == "" || !reflect.ValueOf(q).IsZero() {
		return store.Page[contact.Contact]{}, false
	}
	id, ok := c.keys[key]
	if !ok {
		return store.Page[contact.Contact]{}, false
	}
	page := store.Page[contact.Contact]{Items: []contact.Contact{}}
	if !id.IsZero() {
		page.Items = append(page.Items, c.contacts[id].Clone())
	}
	return page, true
}

// get answers Contacts.Get from the cache: ct is nil when the contact is
// known absent.
func (c *prefetched) get(ws contact.WorkspaceID, id contact.ID) (ct *contact.Contact, known bool) {
	if c == nil || ws != c.ws {
		return nil, false
	}
	ct, known = c.contacts[id]
	return ct, known
}

// taken answers the check of a written contact's keys from the cache:
// known is false unless every key was prefetched.
func (c *prefetched) taken(ws contact.WorkspaceID, id contact.ID, r *contactRow) (taken *store.TakenError, known bool) {
	if !r.live || len(r.keys) == 0 {
		return nil, true
	}
	if c == nil || ws != c.ws {
		return nil, false
	}
	for _, k := range r.keys {
		if _, ok := c.keys[k]; !ok {
			return nil, false
		}
	}
	for _, k := range r.keys {
		if h := c.keys[k]; !h.IsZero() && h != id {
			return &store.TakenError{Key: k, Owner: h}, true
		}
	}
	return nil, true
}

// wrote keeps the cache up to date after a write of contact ct (gone: it
// was deleted): the keys its cached self held are freed, and those it
// holds now are its.
func (c *prefetched) wrote(ws contact.WorkspaceID, ct *contact.Contact, gone bool) {
	if c == nil || ws != c.ws {
		return
	}
	if old := c.contacts[ct.ID]; old != nil {
		for _, k := range old.Keys() {
			if c.keys[k] == ct.ID {
				c.keys[k] = contact.ID{}
			}
		}
	}
	if gone {
		c.contacts[ct.ID] = nil
		return
	}
	cp := ct.Clone()
	c.contacts[ct.ID] = &cp
	if ct.Trashed() {
		return // a contact in the trash holds no key
	}
	for _, k := range ct.Keys() {
		if _, ok := c.keys[k]; ok {
			c.keys[k] = ct.ID
		}
	}
}

// record answers Records.Get from the cache.
func (c *prefetched) record(ws contact.WorkspaceID, k store.Kind, id string) (r *store.Record, known bool) {
	if c == nil || ws != c.ws {
		return nil, false
	}
	r, known = c.records[recordRef{k.Name(), id}]
	return r, known
}

// put keeps the cache up to date after a write of a record (nil: deleted).
func (c *prefetched) put(ws contact.WorkspaceID, k store.Kind, id string, r *store.Record) {
	if c == nil || ws != c.ws {
		return
	}
	if r != nil {
		cp := *r
		cp.Value = k.Clone(r.Value)
		r = &cp
	}
	c.records[recordRef{k.Name(), id}] = r
}

// recordScan is where a row of recordColumns is scanned.
type recordScan struct {
	r     store.Record
	owner [16]byte
	body  []byte
}

func (s *recordScan) dest() []any {
	return []any{&s.r.ID, &s.r.Version, &s.owner, &s.r.Keys.Parent, &s.r.Keys.Status, &s.r.Keys.Unique, &s.r.Keys.Order, &s.body}
}

// record decodes the scanned row as a record of kind k.
func (s *recordScan) record(k store.Kind) (store.Record, error) {
	if k == nil {
		return store.Record{}, errors.New("a record of a kind not asked for")
	}
	r := s.r
	r.Keys.Contact = s.owner
	v, err := k.Unmarshal(s.body)
	if err != nil {
		return store.Record{}, &decodeError{err}
	}
	r.Value = v
	return r, nil
}
