package pgstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// history is the store.History of a tx.
type history struct{ t *tx }

// appendHistory inserts the changes in the order given: the identity
// column seq numbers them as the ordered SELECT produces them.
const appendHistory = `
INSERT INTO history (workspace_id, contact_id, field, body)
SELECT $1, h.contact_id, h.field, h.body::json
FROM unnest($2::uuid[], $3::text[], $4::text[]) WITH ORDINALITY AS h(contact_id, field, body, n)
ORDER BY h.n`

// Append implements store.History in one statement, none for a call it
// refuses or that appends nothing.
func (h history) Append(ctx context.Context, ws contact.WorkspaceID, changes ...contact.Change) error {
	if err := h.t.begin(ctx, true); err != nil {
		return err
	}
	if ws == "" {
		return fmt.Errorf("pgstore: append history: %w: no workspace", store.ErrInvalid)
	}
	for i := range changes {
		if changes[i].Contact.IsZero() {
			return fmt.Errorf("pgstore: append history: %w: change %d has no contact", store.ErrInvalid, i)
		}
	}
	if len(changes) == 0 {
		return nil
	}
	ids := make([]pgtype.UUID, len(changes))
	fields := make([]string, len(changes))
	bodies := make([]string, len(changes))
	for i := range changes {
		b, err := json.Marshal(&changes[i])
		if err != nil {
			return fmt.Errorf("pgstore: append history: %w", err)
		}
		ids[i], fields[i], bodies[i] = pgUUID(changes[i].Contact), changes[i].Field, string(b)
	}
	args := []any{string(ws), ids, fields, bodies}
	if h.t.queues(ws) {
		// An append cannot fail but to serialize: it waits in the queue.
		h.t.enqueue(queued{sql: appendHistory, args: args, tag: func(pgconn.CommandTag) error { return nil }})
		return nil
	}
	if _, err := h.t.tx.Exec(ctx, appendHistory, args...); err != nil {
		return h.t.fail(ctx, "append history", err)
	}
	return nil
}

// List implements store.History: keyset paging on seq.
func (h history) List(ctx context.Context, ws contact.WorkspaceID, id contact.ID, fieldName string, p store.PageRequest) (store.Page[contact.Change], error) {
	if err := h.t.begin(ctx, false); err != nil {
		return store.Page[contact.Change]{}, err
	}
	if ws == "" {
		return store.Page[contact.Change]{}, fmt.Errorf("pgstore: list history: %w: no workspace", store.ErrInvalid)
	}
	var w conds
	w.add("workspace_id = %s AND contact_id = %s", string(ws), pgUUID(id))
	if fieldName != "" {
		w.add("field = %s", fieldName)
	}
	if p.Cursor != "" {
		after, err := parseHistoryCursor(p.Cursor, id)
		if err != nil {
			return store.Page[contact.Change]{}, err
		}
		w.add("seq > %s", after)
	}
	size := p.Size()
	sql := "SELECT seq, body FROM history WHERE " + w.String() + " ORDER BY seq LIMIT " + w.arg(size+1)
	if w.never {
		return store.Page[contact.Change]{Items: []contact.Change{}}, nil
	}
	rows, err := h.t.tx.Query(ctx, sql, w.args...)
	if err != nil {
		return store.Page[contact.Change]{}, h.t.fail(ctx, "list history", err)
	}
	defer rows.Close()
	page := store.Page[contact.Change]{Items: make([]contact.Change, 0, min(size, 64))}
	var (
		seq, last int64
		body      []byte
	)
	for rows.Next() {
		if len(page.Items) == size {
			page.Next = historyCursor(id, last)
			break
		}
		if err := rows.Scan(&seq, &body); err != nil {
			return store.Page[contact.Change]{}, h.t.fail(ctx, "list history", err)
		}
		var c contact.Change
		if err := json.Unmarshal(body, &c); err != nil {
			return store.Page[contact.Change]{}, fmt.Errorf("pgstore: list history: %w", err)
		}
		page.Items = append(page.Items, c)
		last = seq
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return store.Page[contact.Change]{}, h.t.fail(ctx, "list history", err)
	}
	return page, nil
}

// Delete implements store.History.
func (h history) Delete(ctx context.Context, ws contact.WorkspaceID, id contact.ID) error {
	if err := h.t.begin(ctx, true); err != nil {
		return err
	}
	if ws == "" {
		return fmt.Errorf("pgstore: delete history: %w: no workspace", store.ErrInvalid)
	}
	if !storable(string(ws)) {
		return nil // a workspace no column can hold has no history
	}
	if _, err := h.t.tx.Exec(ctx, `DELETE FROM history WHERE workspace_id = $1 AND contact_id = $2`, string(ws), pgUUID(id)); err != nil {
		return h.t.fail(ctx, "delete history", err)
	}
	return nil
}
