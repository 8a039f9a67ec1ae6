package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// contacts is the store.Contacts of a tx, with store.ContactCounter.
type contacts struct{ t *tx }

// pgUUID is id as a uuid parameter.
func pgUUID(id [16]byte) pgtype.UUID { return pgtype.UUID{Bytes: id, Valid: true} }

// contactRow holds what is stored of a contact besides its ID: the
// columns of the contacts table, its keys (contact_keys) and tag keys
// (contact_tags), computed from the contact by the domain's functions.
type contactRow struct {
	status, assignee string
	tags             []string
	search           string
	deletedAt        pgtype.Timestamptz
	deletedNs        int32
	keys             []string
	live             bool
	body             string // the JSON, as a string: see jsonArg
}

// contactColumns computes the indexed columns of c and encodes it, with
// version as its Version.
func contactColumns(c *contact.Contact, version int64) (contactRow, error) {
	r := contactRow{
		status:   string(c.Status),
		assignee: string(c.Assignee),
		tags:     make([]string, len(c.Tags)),
		search:   contact.SearchText(c),
		keys:     c.Keys(),
		live:     !c.Trashed(),
	}
	for i, n := range c.Tags {
		r.tags[i] = n.Key()
	}
	if c.Trashed() {
		r.deletedAt = pgtype.Timestamptz{Time: c.DeletedAt, Valid: true}
		r.deletedNs = int32(c.DeletedAt.Nanosecond() % 1000)
	}
	v := *c
	v.Version = version
	b, err := json.Marshal(&v)
	r.body = jsonArg(b)
	return r, err
}

func decodeContact(version int64, body []byte) (contact.Contact, error) {
	var c contact.Contact
	if err := json.Unmarshal(body, &c); err != nil {
		return contact.Contact{}, err
	}
	c.Version = version
	return c, nil
}

const getContact = `SELECT version, body FROM contacts WHERE workspace_id = $1 AND id = $2`

// Get implements store.Contacts.
func (cs contacts) Get(ctx context.Context, ws contact.WorkspaceID, id contact.ID) (contact.Contact, error) {
	if err := cs.t.begin(ctx, false); err != nil {
		return contact.Contact{}, err
	}
	if ws == "" {
		return contact.Contact{}, fmt.Errorf("pgstore: get contact %s: %w: no workspace", id, store.ErrInvalid)
	}
	if !storable(string(ws)) {
		// A workspace no column can hold has no contact: no statement,
		// which would fail and abort the transaction.
		return contact.Contact{}, fmt.Errorf("pgstore: get contact %s: %w", id, store.ErrNotFound)
	}
	if c, known := cs.t.cache.get(ws, id); known {
		if c == nil {
			return contact.Contact{}, fmt.Errorf("pgstore: get contact %s: %w", id, store.ErrNotFound)
		}
		return c.Clone(), nil
	}
	var (
		version int64
		body    []byte
	)
	err := cs.t.tx.QueryRow(ctx, getContact, string(ws), pgUUID(id)).Scan(&version, &body)
	if errors.Is(err, pgx.ErrNoRows) {
		return contact.Contact{}, fmt.Errorf("pgstore: get contact %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return contact.Contact{}, cs.t.fail(ctx, "get contact", err)
	}
	c, err := decodeContact(version, body)
	if err != nil {
		return contact.Contact{}, fmt.Errorf("pgstore: get contact %s: %w", id, err)
	}
	return c, nil
}

// takenKey returns the first of the keys $2 (in that order) that a live
// contact of workspace $1 other than $3 holds, and that contact.
const takenKey = `
SELECT k.key, k.contact_id FROM contact_keys k
WHERE k.workspace_id = $1 AND k.key = ANY($2::text[]) AND k.live AND k.contact_id <> $3
ORDER BY array_position($2::text[], k.key::text)
LIMIT 1`

// keyLookup is how takenKey is sent: planned for each execution, with its
// parameters, never from a cached generic plan. A generic plan is made
// once, from the statistics of the moment: made while a workspace's keys
// were few, it walked every key of the workspace instead of looking the
// contact's up, and an import slowed from 620 to 150 rows a second as it
// grew from 2,000 to 20,000 rows. The statement is small, so planning it
// each time costs little; the writes that follow keep their cached plans.
const keyLookup = pgx.QueryExecModeDescribeExec

// taken returns the *store.TakenError of the first key of r that a live
// contact other than id holds, nil if none does or r is not live (a contact
// in the trash holds no key); known when the keys were prefetched, so
// that no statement was sent. A contact that takes a key between this
// lookup and the write makes the write fail on the unique index of live
// keys: the transaction is retried, and the lookup then finds it.
func (cs contacts) taken(ctx context.Context, ws contact.WorkspaceID, id contact.ID, r *contactRow) (_ *store.TakenError, known bool, _ error) {
	if taken, known := cs.t.cache.taken(ws, id, r); known {
		return taken, true, nil
	}
	if !r.live || len(r.keys) == 0 {
		return nil, false, nil
	}
	var key string
	var owner pgtype.UUID
	err := cs.t.tx.QueryRow(ctx, takenKey, keyLookup, string(ws), r.keys, pgUUID(id)).Scan(&key, &owner)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, false, nil
	case err != nil:
		return nil, false, err
	}
	return &store.TakenError{Key: key, Owner: contact.ID(owner.Bytes)}, false, nil
}

// createContact inserts a contact and its keys unless the ID exists
// (created is false).
const createContact = `
WITH ins AS (
	INSERT INTO contacts (workspace_id, id, version, status, assignee, search_text, deleted_at, deleted_ns, body)
	VALUES ($1, $2, 1, $3, $4, $6, $7, $11, $10)
	ON CONFLICT (workspace_id, id) DO NOTHING
	RETURNING id
), ins_keys AS (
	INSERT INTO contact_keys (workspace_id, contact_id, key, live)
	SELECT $1, ins.id, k, $9::boolean FROM ins, unnest($8::text[]) AS k
), ins_tags AS (
	INSERT INTO contact_tags (workspace_id, tag, live, contact_id)
	SELECT DISTINCT $1, k, $9::boolean, ins.id FROM ins, unnest($5::text[]) AS k
)
SELECT EXISTS (SELECT 1 FROM ins)`

// createContacts creates, in workspace $1, the contacts of the arrays $2
// to $8 (one element per contact), with the keys $9-$11 and the tags
// $12-$14 of those it creates: a queued run of creations in one statement
// (see createRun). It returns the IDs it created.
const createContacts = `
WITH ins AS (
	INSERT INTO contacts (workspace_id, id, version, status, assignee, search_text, deleted_at, deleted_ns, body)
	SELECT $1, r.id, 1, r.status, r.assignee, r.search_text, r.deleted_at, r.deleted_ns, r.body
	FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::integer[], $8::json[])
		AS r(id, status, assignee, search_text, deleted_at, deleted_ns, body)
	ON CONFLICT (workspace_id, id) DO NOTHING
	RETURNING id
), ins_keys AS (
	INSERT INTO contact_keys (workspace_id, contact_id, key, live)
	SELECT $1, k.id, k.key, k.live
	FROM unnest($9::uuid[], $10::text[], $11::boolean[]) AS k(id, key, live)
	WHERE k.id IN (SELECT id FROM ins)
), ins_tags AS (
	INSERT INTO contact_tags (workspace_id, tag, live, contact_id)
	SELECT DISTINCT $1, t.tag, t.live, t.id
	FROM unnest($12::uuid[], $13::text[], $14::boolean[]) AS t(id, tag, live)
	WHERE t.id IN (SELECT id FROM ins)
)
SELECT array(SELECT id FROM ins)`

// newContact is a queued creation of a contact: its ID and columns.
type newContact struct {
	ws  contact.WorkspaceID
	id  contact.ID
	row contactRow
}

// createRun gathers a run of queued creations into the arguments of one
// createContacts statement.
type createRun struct {
	ws                       contact.WorkspaceID
	ids                      []pgtype.UUID
	status, assignee, search []string
	deletedAt                []pgtype.Timestamptz
	deletedNs                []int32
	bodies                   []string
	keyIDs, tagIDs           []pgtype.UUID
	keys, tags               []string
	keyLive, tagLive         []bool
}

func (g *createRun) add(n *newContact) {
	id, r := pgUUID(n.id), &n.row
	g.ws = n.ws
	g.ids = append(g.ids, id)
	g.status = append(g.status, r.status)
	g.assignee = append(g.assignee, r.assignee)
	g.search = append(g.search, r.search)
	g.deletedAt = append(g.deletedAt, r.deletedAt)
	g.deletedNs = append(g.deletedNs, r.deletedNs)
	g.bodies = append(g.bodies, r.body)
	for _, k := range r.keys {
		g.keyIDs, g.keys, g.keyLive = append(g.keyIDs, id), append(g.keys, k), append(g.keyLive, r.live)
	}
	for _, k := range r.tags {
		g.tagIDs, g.tags, g.tagLive = append(g.tagIDs, id), append(g.tags, k), append(g.tagLive, r.live)
	}
}

// queue queues the run's statement on b, whose result fails the batch
// unless it created every contact of the run: a contact another
// transaction created with one of their IDs since the Prefetch makes the
// statement fail to serialize (the transaction runs again, and its
// Prefetch then finds the ID taken); one the statement finds otherwise
// gives store.ErrAlreadyExists.
func (g *createRun) queue(b *pgx.Batch) {
	n := len(g.ids)
	b.Queue(createContacts, string(g.ws), g.ids, g.status, g.assignee, g.search, g.deletedAt, g.deletedNs, g.bodies,
		g.keyIDs, g.keys, g.keyLive, g.tagIDs, g.tags, g.tagLive).QueryRow(func(row pgx.Row) error {
		var created []pgtype.UUID
		if err := row.Scan(&created); err != nil {
			return err
		}
		if len(created) == n {
			return nil
		}
		made := make(map[pgtype.UUID]bool, len(created))
		for _, id := range created {
			made[id] = true
		}
		for _, id := range g.ids {
			if !made[id] {
				return fmt.Errorf("pgstore: create contact %s: %w", contact.ID(id.Bytes), store.ErrAlreadyExists)
			}
		}
		return fmt.Errorf("pgstore: create contacts: %d created of %d", len(created), n) // unreachable
	})
}

// contactExists reads whether workspace $1 has a contact $2.
const contactExists = `SELECT EXISTS (SELECT 1 FROM contacts WHERE workspace_id = $1 AND id = $2)`

// invalidContact returns the error, wrapping store.ErrInvalid, of the
// write op of c when c is nil or has no workspace or, for a creation
// (create), has the zero ID or a Version other than 0; else nil.
func invalidContact(op string, c *contact.Contact, create bool) error {
	switch {
	case c == nil:
		return fmt.Errorf("pgstore: %s: %w: nil contact", op, store.ErrInvalid)
	case c.Workspace == "":
		return fmt.Errorf("pgstore: %s %s: %w: no workspace", op, c.ID, store.ErrInvalid)
	case create && c.ID.IsZero():
		return fmt.Errorf("pgstore: %s: %w: zero ID", op, store.ErrInvalid)
	case create && c.Version != 0:
		return fmt.Errorf("pgstore: %s %s: %w: version %d, want 0", op, c.ID, store.ErrInvalid, c.Version)
	}
	return nil
}

// Create implements store.Contacts. The ID comes before the keys (see
// store.Tx): a contact with the ID gives store.ErrAlreadyExists even when
// one of the keys is taken, which costs a statement on that refusal
// only, and none when the tx knows the ID from a Prefetch.
func (cs contacts) Create(ctx context.Context, c *contact.Contact) error {
	if err := cs.t.begin(ctx, true); err != nil {
		return err
	}
	if err := invalidContact("create contact", c, true); err != nil {
		return err
	}
	exists := func() error { return fmt.Errorf("pgstore: create contact %s: %w", c.ID, store.ErrAlreadyExists) }
	cached, cachedKnown := cs.t.cache.get(c.Workspace, c.ID)
	if cachedKnown && cached != nil {
		return exists()
	}
	r, err := contactColumns(c, 1)
	if err != nil {
		return fmt.Errorf("pgstore: create contact %s: %w", c.ID, err)
	}
	taken, known, err := cs.taken(ctx, c.Workspace, c.ID, &r)
	if err != nil {
		return cs.t.fail(ctx, "create contact", err)
	}
	if taken != nil {
		if !cachedKnown {
			var found bool
			if err := cs.t.tx.QueryRow(ctx, contactExists, string(c.Workspace), pgUUID(c.ID)).Scan(&found); err != nil {
				return cs.t.fail(ctx, "create contact", err)
			}
			if found {
				return exists()
			}
		}
		return taken
	}
	// A contact whose ID is known absent (known present returned above)
	// and whose keys are known free is created when the queue is sent,
	// with the other creations of its run (createRun).
	if cachedKnown && known && cs.t.queues(c.Workspace) {
		cs.t.enqueue(queued{create: &newContact{ws: c.Workspace, id: c.ID, row: r}})
	} else {
		var created bool
		err := cs.t.tx.QueryRow(ctx, createContact, string(c.Workspace), pgUUID(c.ID), r.status, r.assignee, r.tags, r.search, r.deletedAt,
			r.keys, r.live, r.body, r.deletedNs).Scan(&created)
		if err == nil && !created {
			err = exists()
		}
		if err != nil {
			return cs.t.failUnlessOutcome(ctx, "create contact", err)
		}
	}
	c.Version = 1
	cs.t.cache.wrote(c.Workspace, c, false)
	return nil
}

// updateContact replaces a contact at version $12 and its keys, unless $13
// (a live contact holds one of its keys). It returns the new version (NULL
// if nothing was written) and the stored one.
const updateContact = `
WITH cur AS (
	SELECT version FROM contacts WHERE workspace_id = $1 AND id = $2
), upd AS (
	UPDATE contacts SET version = version + 1, status = $3, assignee = $4, search_text = $6,
		deleted_at = $7, deleted_ns = $11, body = $10
	WHERE workspace_id = $1 AND id = $2 AND version = $12 AND NOT $13::boolean
	RETURNING version
), del_keys AS (
	DELETE FROM contact_keys
	WHERE workspace_id = $1 AND contact_id = $2 AND EXISTS (SELECT 1 FROM upd) AND key <> ALL ($8::text[])
), put_keys AS (
	INSERT INTO contact_keys (workspace_id, contact_id, key, live)
	SELECT $1, $2::uuid, k, $9::boolean FROM upd, unnest($8::text[]) AS k
	ON CONFLICT (workspace_id, contact_id, key) DO UPDATE SET live = EXCLUDED.live
	WHERE contact_keys.live <> EXCLUDED.live
), del_tags AS (
	DELETE FROM contact_tags
	WHERE workspace_id = $1 AND contact_id = $2 AND EXISTS (SELECT 1 FROM upd) AND (live <> $9 OR tag <> ALL ($5::text[]))
), put_tags AS (
	INSERT INTO contact_tags (workspace_id, tag, live, contact_id)
	SELECT DISTINCT $1, k, $9::boolean, $2::uuid FROM upd, unnest($5::text[]) AS k
	ON CONFLICT DO NOTHING
)
SELECT (SELECT version FROM upd), (SELECT version FROM cur)`

// Update implements store.Contacts.
func (cs contacts) Update(ctx context.Context, c *contact.Contact) error {
	if err := cs.t.begin(ctx, true); err != nil {
		return err
	}
	if err := invalidContact("update contact", c, false); err != nil {
		return err
	}
	if !storable(string(c.Workspace)) {
		return fmt.Errorf("pgstore: update contact %s: %w", c.ID, store.ErrNotFound) // as Get
	}
	r, err := contactColumns(c, c.Version+1)
	if err != nil {
		return fmt.Errorf("pgstore: update contact %s: %w", c.ID, err)
	}
	taken, known, err := cs.taken(ctx, c.Workspace, c.ID, &r)
	if err != nil {
		return cs.t.fail(ctx, "update contact", err)
	}
	args := []any{string(c.Workspace), pgUUID(c.ID), r.status, r.assignee, r.tags, r.search, r.deletedAt,
		r.keys, r.live, r.body, r.deletedNs, c.Version, taken != nil}
	id, version := c.ID, c.Version
	check := func(row pgx.Row) error {
		var updated, stored pgtype.Int8
		if err := row.Scan(&updated, &stored); err != nil {
			return err
		}
		switch {
		case updated.Valid:
			return nil
		case !stored.Valid:
			return fmt.Errorf("pgstore: update contact %s: %w", id, store.ErrNotFound)
		case stored.Int64 != version:
			return fmt.Errorf("pgstore: update contact %s: version %d, stored %d: %w", id, version, stored.Int64, store.ErrConflict)
		case taken != nil:
			return taken
		}
		return fmt.Errorf("pgstore: update contact %s: nothing written", id) // unreachable
	}
	// A contact whose keys and version the tx knows (prefetched, or
	// written since) is updated when the queue is sent.
	if cached, ok := cs.t.cache.get(c.Workspace, c.ID); ok && cached != nil && known && taken == nil && cached.Version == c.Version && cs.t.queues(c.Workspace) {
		cs.t.enqueue(queued{sql: updateContact, args: args, row: check, contacts: true})
	} else if err := check(cs.t.tx.QueryRow(ctx, updateContact, args...)); err != nil {
		return cs.t.failUnlessOutcome(ctx, "update contact", err)
	}
	c.Version++
	cs.t.cache.wrote(c.Workspace, c, false)
	return nil
}

const deleteContact = `
WITH del AS (
	DELETE FROM contacts WHERE workspace_id = $1 AND id = $2 AND version = $3 RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM del), (SELECT version FROM contacts WHERE workspace_id = $1 AND id = $2)`

// Delete implements store.Contacts. The contact's keys go with it (ON
// DELETE CASCADE).
func (cs contacts) Delete(ctx context.Context, ws contact.WorkspaceID, id contact.ID, version int64) error {
	if err := cs.t.begin(ctx, true); err != nil {
		return err
	}
	if ws == "" {
		return fmt.Errorf("pgstore: delete contact %s: %w: no workspace", id, store.ErrInvalid)
	}
	if !storable(string(ws)) {
		return fmt.Errorf("pgstore: delete contact %s: %w", id, store.ErrNotFound) // as Get
	}
	var (
		deleted bool
		stored  pgtype.Int8
	)
	err := cs.t.tx.QueryRow(ctx, deleteContact, string(ws), pgUUID(id), version).Scan(&deleted, &stored)
	if err != nil {
		return cs.t.fail(ctx, "delete contact", err)
	}
	if err := versionError("delete contact", id.String(), deleted, stored, version); err != nil {
		return err
	}
	cs.t.cache.wrote(ws, &contact.Contact{ID: id}, true)
	return nil
}

// versionError returns the error of a compare-and-set on version that
// wrote (ok) or did not, stored being the version before.
func versionError(op, id string, ok bool, stored pgtype.Int8, version int64) error {
	switch {
	case ok:
		return nil
	case !stored.Valid:
		return fmt.Errorf("pgstore: %s %s: %w", op, id, store.ErrNotFound)
	}
	return fmt.Errorf("pgstore: %s %s: version %d, stored %d: %w", op, id, version, stored.Int64, store.ErrConflict)
}

// contactSelect is a selection of contacts (aliased c) as SQL: the FROM
// clause, the column that orders it (the contact ID) and the conditions.
type contactSelect struct {
	from, id string
	conds
	// exec: plan the statement with its values each time, rather than
	// once for all values: the best plan of a text search depends on the
	// pattern.
	exec bool
}

// selectContacts returns the selection of q in ws. A query by tag reads
// the contacts of the tag from contact_tags, in contact order, so that a
// page costs a page however many contacts the workspace and the tag have.
func selectContacts(ws contact.WorkspaceID, q store.ContactQuery) *contactSelect {
	s := &contactSelect{from: "contacts c", id: "c.id"}
	if k := q.Tag.Key(); k != "" {
		// OFFSET 0 keeps the planner from turning the lateral subquery into
		// a merge join that would read the workspace's contacts from the
		// first: each contact of the page is read by its key.
		s.from = "contact_tags t CROSS JOIN LATERAL (SELECT * FROM contacts c " +
			"WHERE c.workspace_id = t.workspace_id AND c.id = t.contact_id OFFSET 0) c"
		s.id = "t.contact_id"
		s.add("t.workspace_id = %s AND t.tag = %s AND t.live = %s", string(ws), k, !q.Trash())
	}
	s.add("c.workspace_id = %s", string(ws))
	if q.Trash() {
		s.add("c.deleted_at IS NOT NULL")
	} else {
		s.add("c.deleted_at IS NULL")
	}
	if !q.DeletedBefore.IsZero() {
		s.add("(c.deleted_at, c.deleted_ns) < (%s, %s)",
			pgtype.Timestamptz{Time: q.DeletedBefore, Valid: true}, int32(q.DeletedBefore.Nanosecond()%1000))
	}
	if q.Status != "" {
		s.add("c.status = %s", string(q.Status))
	}
	if q.Assignee != "" {
		// The constant lets the planner use the partial index.
		s.add("c.assignee = %s AND c.assignee <> ''", string(q.Assignee))
	}
	if q.Key != "" {
		s.add("EXISTS (SELECT 1 FROM contact_keys k WHERE k.workspace_id = c.workspace_id AND k.key = %s AND k.contact_id = c.id)", q.Key)
	}
	for _, word := range q.Words {
		s.add("c.search_text LIKE %s", likeContains(" "+word))
		s.exec = true
	}
	return s
}

// args returns the arguments of the statement, with the query execution
// mode first when the statement is to be planned for its values.
func (s *contactSelect) args() []any {
	if s.exec {
		return append([]any{pgx.QueryExecModeExec}, s.conds.args...)
	}
	return s.conds.args
}

// listContacts returns the statement that lists at most limit contacts of
// ws that q selects, after the ID after if not nil, and its arguments;
// never when q holds a value no contact can hold (see conds.never).
func listContacts(ws contact.WorkspaceID, q store.ContactQuery, after *contact.ID, limit int) (sql string, args []any, never bool) {
	sel := selectContacts(ws, q)
	if after != nil {
		sel.add(sel.id+" > %s", pgUUID(*after))
	}
	sql = "SELECT c.version, c.body FROM " + sel.from + " WHERE " + sel.String() +
		" ORDER BY " + sel.id + " LIMIT " + sel.arg(limit)
	return sql, sel.args(), sel.never
}

// List implements store.Contacts: keyset paging on (workspace_id, id), in
// the byte order of the UUIDs, which is contact.ID.Compare's.
func (cs contacts) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	if err := cs.t.begin(ctx, false); err != nil {
		return store.Page[contact.Contact]{}, err
	}
	if ws == "" {
		return store.Page[contact.Contact]{}, fmt.Errorf("pgstore: list contacts: %w: no workspace", store.ErrInvalid)
	}
	if page, ok := cs.t.cache.holder(ws, q, p); ok {
		return page, nil
	}
	var after *contact.ID
	if p.Cursor != "" {
		id, err := parseContactCursor(p.Cursor)
		if err != nil {
			return store.Page[contact.Contact]{}, err
		}
		after = &id
	}
	size := p.Size()
	sql, args, never := listContacts(ws, q, after, size+1)
	if never {
		return store.Page[contact.Contact]{Items: []contact.Contact{}}, nil
	}
	rows, err := cs.t.tx.Query(ctx, sql, args...)
	if err != nil {
		return store.Page[contact.Contact]{}, cs.t.fail(ctx, "list contacts", err)
	}
	defer rows.Close()
	page := store.Page[contact.Contact]{Items: make([]contact.Contact, 0, min(size, 64))}
	var (
		version int64
		body    []byte
	)
	for rows.Next() {
		if len(page.Items) == size {
			page.Next = contactCursor(page.Items[size-1].ID)
			break
		}
		if err := rows.Scan(&version, &body); err != nil {
			return store.Page[contact.Contact]{}, cs.t.fail(ctx, "list contacts", err)
		}
		c, err := decodeContact(version, body)
		if err != nil {
			return store.Page[contact.Contact]{}, fmt.Errorf("pgstore: list contacts: %w", err)
		}
		page.Items = append(page.Items, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return store.Page[contact.Contact]{}, cs.t.fail(ctx, "list contacts", err)
	}
	return page, nil
}

// Count implements store.ContactCounter.
func (cs contacts) Count(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery) (int, error) {
	if err := cs.t.begin(ctx, false); err != nil {
		return 0, err
	}
	if ws == "" {
		return 0, fmt.Errorf("pgstore: count contacts: %w: no workspace", store.ErrInvalid)
	}
	sel := selectContacts(ws, q)
	if sel.never {
		return 0, nil
	}
	var n int64
	if err := cs.t.tx.QueryRow(ctx, "SELECT count(*) FROM "+sel.from+" WHERE "+sel.String(), sel.args()...).Scan(&n); err != nil {
		return 0, cs.t.fail(ctx, "count contacts", err)
	}
	return int(n), nil
}
