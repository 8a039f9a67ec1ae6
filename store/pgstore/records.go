package pgstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// records is the store.Records of a tx: one table for every kind.
type records struct{ t *tx }

const recordColumns = `id, version, contact_id, parent, status, uniq, ord, body`

func scanRecord(row pgx.Row, k store.Kind) (store.Record, error) {
	var s recordScan
	if err := row.Scan(s.dest()...); err != nil {
		return store.Record{}, err
	}
	return s.record(k)
}

// decodeError is a body that does not decode: not an SQL error.
type decodeError struct{ err error }

func (e *decodeError) Error() string { return e.err.Error() }
func (e *decodeError) Unwrap() error { return e.err }

func (rs records) fail(ctx context.Context, op string, err error) error {
	if _, ok := errors.AsType[*decodeError](err); ok {
		return fmt.Errorf("pgstore: %s: %w", op, err)
	}
	return rs.t.fail(ctx, op, err)
}

const getRecord = `SELECT ` + recordColumns + ` FROM records WHERE workspace_id = $1 AND kind = $2 AND id = $3`

// Get implements store.Records.
func (rs records) Get(ctx context.Context, ws contact.WorkspaceID, k store.Kind, id string) (store.Record, error) {
	if err := rs.t.begin(ctx, false); err != nil {
		return store.Record{}, err
	}
	if err := invalidRecord("get record", ws, k); err != nil {
		return store.Record{}, err
	}
	if !storable(string(ws), id) {
		// Never stored: no statement, which would fail and abort the
		// transaction.
		return store.Record{}, fmt.Errorf("pgstore: get %s %q: %w", k.Name(), id, store.ErrNotFound)
	}
	if r, known := rs.t.cache.record(ws, k, id); known {
		if r == nil {
			return store.Record{}, fmt.Errorf("pgstore: get %s %s: %w", k.Name(), id, store.ErrNotFound)
		}
		out := *r
		out.Value = k.Clone(r.Value)
		return out, nil
	}
	r, err := scanRecord(rs.t.tx.QueryRow(ctx, getRecord, string(ws), k.Name(), id), k)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Record{}, fmt.Errorf("pgstore: get %s %s: %w", k.Name(), id, store.ErrNotFound)
	}
	if err != nil {
		return store.Record{}, rs.fail(ctx, "get "+k.Name(), err)
	}
	return r, nil
}

// The statements of Put: a creation or a compare-and-set, each in a form
// that first looks for another record with the same Unique and in one
// without (a record with no Unique: the partial index records_uniq could
// not serve "uniq = $6 AND $6 <> ”" in a generic plan).
const (
	insertRecord = `
INSERT INTO records (workspace_id, kind, id, version, contact_id, parent, status, uniq, ord, body)
VALUES ($1, $2, $3, 1, $4, $5, $6, $7, $8, $9)
ON CONFLICT (workspace_id, kind, id) DO NOTHING`

	insertUniqueRecord = `
WITH dup AS (
	SELECT 1 FROM records WHERE workspace_id = $1 AND kind = $2 AND uniq = $7 AND uniq <> '' AND id <> $3
), ins AS (
	INSERT INTO records (workspace_id, kind, id, version, contact_id, parent, status, uniq, ord, body)
	SELECT $1, $2, $3, 1, $4::uuid, $5, $6, $7, $8, $9::json
	WHERE NOT EXISTS (SELECT 1 FROM dup)
	ON CONFLICT (workspace_id, kind, id) DO NOTHING
	RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM ins)`

	updateRecord = `
WITH cur AS (
	SELECT version FROM records WHERE workspace_id = $1 AND kind = $2 AND id = $3
), upd AS (
	UPDATE records SET version = version + 1, contact_id = $4, parent = $5, status = $6, uniq = $7, ord = $8,
		body = $9
	WHERE workspace_id = $1 AND kind = $2 AND id = $3 AND version = $10
	RETURNING version
)
SELECT (SELECT version FROM upd), (SELECT version FROM cur), false`

	updateUniqueRecord = `
WITH dup AS (
	SELECT 1 FROM records WHERE workspace_id = $1 AND kind = $2 AND uniq = $7 AND uniq <> '' AND id <> $3
), cur AS (
	SELECT version FROM records WHERE workspace_id = $1 AND kind = $2 AND id = $3
), upd AS (
	UPDATE records SET version = version + 1, contact_id = $4, parent = $5, status = $6, uniq = $7, ord = $8,
		body = $9
	WHERE workspace_id = $1 AND kind = $2 AND id = $3 AND version = $10 AND NOT EXISTS (SELECT 1 FROM dup)
	RETURNING version
)
SELECT (SELECT version FROM upd), (SELECT version FROM cur), EXISTS (SELECT 1 FROM dup)`
)

// invalidRecord returns the error wrapping store.ErrInvalid of a call
// (op) on records with no workspace or no kind, or nil.
func invalidRecord(op string, ws contact.WorkspaceID, k store.Kind) error {
	switch {
	case ws == "":
		return fmt.Errorf("pgstore: %s: %w: no workspace", op, store.ErrInvalid)
	case k == nil:
		return fmt.Errorf("pgstore: %s: %w: nil kind", op, store.ErrInvalid)
	}
	return nil
}

// Put implements store.Records in one statement.
func (rs records) Put(ctx context.Context, ws contact.WorkspaceID, k store.Kind, r *store.Record) error {
	if err := rs.t.begin(ctx, true); err != nil {
		return err
	}
	if err := invalidRecord("put record", ws, k); err != nil {
		return err
	}
	op := "put " + k.Name()
	switch {
	case r == nil:
		return fmt.Errorf("pgstore: %s: %w: nil record", op, store.ErrInvalid)
	case r.ID == "":
		return fmt.Errorf("pgstore: %s: %w: empty ID", op, store.ErrInvalid)
	case r.Version < 0:
		return fmt.Errorf("pgstore: %s %s: %w: version %d", op, r.ID, store.ErrInvalid, r.Version)
	}
	body, err := k.Marshal(r.Value)
	if err != nil {
		// A value that is not of the kind (nil included).
		return fmt.Errorf("pgstore: %s %s: %w: %w", op, r.ID, store.ErrInvalid, err)
	}
	args := []any{string(ws), k.Name(), r.ID, pgUUID(r.Keys.Contact), r.Keys.Parent, r.Keys.Status,
		r.Keys.Unique, r.Keys.Order, jsonArg(body)}
	// A write the cache tells the outcome of waits in the queue: a record
	// without a unique key, known absent or known at the version written.
	cached, known := rs.t.cache.record(ws, k, r.ID)
	queue := known && rs.t.queues(ws) && r.Keys.Unique == "" &&
		((r.Version == 0 && cached == nil) || (r.Version != 0 && cached != nil && cached.Version == r.Version))
	id, version, unique := r.ID, r.Version, r.Keys.Unique
	var q queued
	switch {
	case r.Version == 0 && r.Keys.Unique == "":
		q = queued{sql: insertRecord, args: args, tag: func(tag pgconn.CommandTag) error {
			if tag.RowsAffected() != 1 {
				return fmt.Errorf("pgstore: %s %s: %w", op, id, store.ErrAlreadyExists)
			}
			return nil
		}}
	case r.Version == 0:
		q = queued{sql: insertUniqueRecord, args: args, row: func(row pgx.Row) error {
			var created bool
			if err := row.Scan(&created); err != nil {
				return err
			}
			if !created {
				return fmt.Errorf("pgstore: %s %s: %w", op, id, store.ErrAlreadyExists)
			}
			return nil
		}}
	default:
		q = queued{sql: updateRecord, args: append(args, r.Version), row: func(row pgx.Row) error {
			var (
				updated, stored pgtype.Int8
				dup             bool
			)
			if err := row.Scan(&updated, &stored, &dup); err != nil {
				return err
			}
			switch {
			case updated.Valid:
				return nil
			case stored.Valid && stored.Int64 == version && dup:
				return fmt.Errorf("pgstore: %s %s: unique key %q: %w", op, id, unique, store.ErrAlreadyExists)
			}
			return versionError(op, id, false, stored, version)
		}}
		if unique != "" {
			q.sql = updateUniqueRecord
		}
	}
	switch {
	case queue:
		rs.t.enqueue(q)
	case q.tag != nil:
		tag, err := rs.t.tx.Exec(ctx, q.sql, q.args...)
		if err == nil {
			err = q.tag(tag)
		}
		if err != nil {
			return rs.t.failUnlessOutcome(ctx, op, err)
		}
	default:
		if err := q.row(rs.t.tx.QueryRow(ctx, q.sql, q.args...)); err != nil {
			return rs.t.failUnlessOutcome(ctx, op, err)
		}
	}
	r.Version++
	rs.t.cache.put(ws, k, r.ID, r)
	return nil
}

const deleteRecord = `
WITH del AS (
	DELETE FROM records WHERE workspace_id = $1 AND kind = $2 AND id = $3 AND version = $4 RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM del), (SELECT version FROM records WHERE workspace_id = $1 AND kind = $2 AND id = $3)`

// Delete implements store.Records.
func (rs records) Delete(ctx context.Context, ws contact.WorkspaceID, k store.Kind, id string, version int64) error {
	if err := rs.t.begin(ctx, true); err != nil {
		return err
	}
	if err := invalidRecord("delete record", ws, k); err != nil {
		return err
	}
	if !storable(string(ws), id) {
		return fmt.Errorf("pgstore: delete %s %q: %w", k.Name(), id, store.ErrNotFound) // as Get
	}
	var (
		deleted bool
		stored  pgtype.Int8
	)
	if err := rs.t.tx.QueryRow(ctx, deleteRecord, string(ws), k.Name(), id, version).Scan(&deleted, &stored); err != nil {
		return rs.t.fail(ctx, "delete "+k.Name(), err)
	}
	if err := versionError("delete "+k.Name(), id, deleted, stored, version); err != nil {
		return err
	}
	rs.t.cache.put(ws, k, id, nil)
	return nil
}

// listRecords returns the statement that lists at most limit records of
// kind k in ws that q selects, after the cursor if there is one, and its
// arguments.
func listRecords(ws contact.WorkspaceID, k store.Kind, q store.Query, after *recordCursor, limit int) (sql string, args []any, never bool) {
	var w conds
	w.add("workspace_id = %s AND kind = %s", string(ws), k.Name())
	if !q.Contact.IsZero() {
		// The constants let the planner use the partial indexes.
		w.add("contact_id = %s AND contact_id <> '00000000-0000-0000-0000-000000000000'", pgUUID(q.Contact))
	}
	if q.Parent != "" {
		w.add("parent = %s AND parent <> ''", q.Parent)
	}
	if q.Status != "" {
		w.add("status = %s AND status <> ''", q.Status)
	}
	if q.Unique != "" {
		w.add("uniq = %s AND uniq <> ''", q.Unique)
	}
	if q.LiveContact {
		w.add("EXISTS (SELECT 1 FROM contacts c WHERE c.workspace_id = r.workspace_id AND c.id = r.contact_id AND c.deleted_at IS NULL)")
	}
	if after != nil {
		w.add("(ord, id) > (%s, %s)", after.Order, after.ID)
	}
	sql = "SELECT " + recordColumns + " FROM records r WHERE " + w.String() + " ORDER BY ord, id LIMIT " + w.arg(limit)
	return sql, w.args, w.never
}

// List implements store.Records: keyset paging on (ord, id), byte order
// (the columns are COLLATE "C"), on the index that starts with the keys q
// sets.
func (rs records) List(ctx context.Context, ws contact.WorkspaceID, k store.Kind, q store.Query, p store.PageRequest) (store.Page[store.Record], error) {
	if err := rs.t.begin(ctx, false); err != nil {
		return store.Page[store.Record]{}, err
	}
	if err := invalidRecord("list records", ws, k); err != nil {
		return store.Page[store.Record]{}, err
	}
	var after *recordCursor
	if p.Cursor != "" {
		c, err := parseRecordCursor(p.Cursor, k)
		if err != nil {
			return store.Page[store.Record]{}, err
		}
		after = &c
	}
	size := p.Size()
	sql, args, never := listRecords(ws, k, q, after, size+1)
	if never {
		return store.Page[store.Record]{Items: []store.Record{}}, nil
	}
	rows, err := rs.t.tx.Query(ctx, sql, args...)
	if err != nil {
		return store.Page[store.Record]{}, rs.fail(ctx, "list "+k.Name(), err)
	}
	defer rows.Close()
	page := store.Page[store.Record]{Items: make([]store.Record, 0, min(size, 64))}
	for rows.Next() {
		if len(page.Items) == size {
			last := page.Items[size-1]
			page.Next = recordCursor{Kind: k.Name(), Order: last.Keys.Order, ID: last.ID}.String()
			break
		}
		r, err := scanRecord(rows, k)
		if err != nil {
			return store.Page[store.Record]{}, rs.fail(ctx, "list "+k.Name(), err)
		}
		page.Items = append(page.Items, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return store.Page[store.Record]{}, rs.fail(ctx, "list "+k.Name(), err)
	}
	return page, nil
}
