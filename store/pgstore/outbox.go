package pgstore

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

var (
	_ store.Outboxer = (*tx)(nil)
	_ store.Relay    = (*Store)(nil)
)

// Outbox implements store.Outboxer: nil unless the Store was made with
// Options.Outbox.
func (t *tx) Outbox() store.Outbox {
	if !t.outbox {
		return nil
	}
	return outbox{t}
}

// outbox is the store.Outbox of a tx.
type outbox struct{ t *tx }

// appendOutbox takes the outbox's lock, then inserts the events in the
// order given: the identity column numbers them as the ordered SELECT
// produces them, after the lock is taken (the CTE's one row is needed
// before the first row reaches the INSERT). The lock, held until the
// transaction ends, serializes the writers of the outbox: the positions a
// transaction takes are greater than those of every transaction that
// committed before, and none is taken while it holds them. Its key is the
// table's OID, so two schemas of one database do not wait for each other.
// One statement: the lock is held for one round trip and the commit.
const appendOutbox = `
WITH locked AS MATERIALIZED (
	SELECT pg_advisory_xact_lock(hashtextextended('contactkit/pgstore/outbox:' || 'outbox'::regclass::oid::text, 0))
)
INSERT INTO outbox (id, workspace_id, type, at_ns, at_exact, data)
SELECT e.id, e.workspace_id, e.type, e.at_ns, e.at_exact, e.data
FROM locked, unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::bytea[])
	WITH ORDINALITY AS e(id, workspace_id, type, at_ns, at_exact, data, n)
ORDER BY e.n`

// Append implements store.Outbox in one statement (appendOutbox). The
// Service appends last, so the lock is held for that statement and the
// commit.
func (o outbox) Append(ctx context.Context, events ...store.OutboxEvent) error {
	if err := o.t.begin(ctx, true); err != nil {
		return err
	}
	if len(events) == 0 {
		return nil
	}
	ids := make([]pgtype.UUID, len(events))
	wss := make([]string, len(events))
	types := make([]string, len(events))
	ats := make([]int64, len(events))
	exact := make([]*string, len(events))
	data := make([][]byte, len(events))
	for i, e := range events {
		if e.ID == [16]byte{} || e.Workspace == "" || e.Type == "" || e.Position != 0 {
			return fmt.Errorf("pgstore: outbox append: %w: event %d has a zero ID, Workspace or Type, or a Position", store.ErrInvalid, i)
		}
		ids[i], wss[i], types[i], ats[i], exact[i], data[i] = pgUUID(e.ID), string(e.Workspace), e.Type, unixNano(e.At), exactTime(e.At), e.Data
		if data[i] == nil {
			data[i] = []byte{}
		}
	}
	if _, err := o.t.tx.Exec(ctx, appendOutbox, ids, wss, types, ats, exact, data); err != nil {
		return o.t.fail(ctx, "outbox append", err)
	}
	return nil
}

// relay checks ctx and that the Store keeps an outbox.
func (s *Store) relay(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !s.outbox {
		return store.ErrNoOutbox
	}
	return nil
}

// relayError maps the error of a Relay method.
func relayError(ctx context.Context, op string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return mapError(op, err)
}

// headOutbox is the greatest position committed: the greater of the
// greatest position the outbox holds and the greatest one PruneOutbox
// deleted (outbox_pruned). Both were committed, and under the outbox's
// lock no smaller one can commit later.
const headOutbox = `SELECT greatest(coalesce(max(position), 0), (SELECT position FROM outbox_pruned)) FROM outbox`

// ReadOutbox implements store.Relay: one REPEATABLE READ READ ONLY
// transaction (outside the serializable ones, so a reader never makes a
// writer fail), two index scans.
func (s *Store) ReadOutbox(ctx context.Context, q store.OutboxQuery) (store.OutboxBatch, error) {
	if err := s.relay(ctx); err != nil {
		return store.OutboxBatch{}, err
	}
	if q.After < 0 {
		return store.OutboxBatch{}, fmt.Errorf("pgstore: read outbox after %d: %w", q.After, store.ErrInvalidCursor)
	}
	size := q.Size()
	var b store.OutboxBatch
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(ptx pgx.Tx) error {
		b = store.OutboxBatch{}
		if !storable(string(q.Workspace)) {
			// No event is of a workspace PostgreSQL cannot hold (a NUL,
			// invalid UTF-8): nothing to read, as memstore reads nothing.
			var head int64
			if err := ptx.QueryRow(ctx, headOutbox).Scan(&head); err != nil {
				return err
			}
			b.Next = max(q.After, head)
			return nil
		}
		sql := `SELECT position, id, workspace_id, type, at_ns, at_exact, data FROM outbox WHERE position > $1 ORDER BY position LIMIT $2`
		args := []any{q.After, size}
		if q.Workspace != "" {
			sql = `SELECT position, id, workspace_id, type, at_ns, at_exact, data FROM outbox WHERE workspace_id = $3 AND position > $1 ORDER BY position LIMIT $2`
			args = append(args, string(q.Workspace))
		}
		rows, err := ptx.Query(ctx, sql, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				e     store.OutboxEvent
				id    pgtype.UUID
				ws    string
				at    int64
				exact *string
			)
			if err := rows.Scan(&e.Position, &id, &ws, &e.Type, &at, &exact, &e.Data); err != nil {
				return err
			}
			e.ID, e.Workspace, e.At = id.Bytes, contact.WorkspaceID(ws), time.Unix(0, at).UTC()
			if exact != nil {
				if e.At, err = parseExactTime(*exact); err != nil {
					return fmt.Errorf("event %d: at_exact: %w", e.Position, err)
				}
			}
			b.Events = append(b.Events, e)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(b.Events) == size {
			b.Next = b.Events[size-1].Position
			return nil
		}
		var head int64
		if err := ptx.QueryRow(ctx, headOutbox).Scan(&head); err != nil {
			return err
		}
		b.Next = max(q.After, head)
		return nil
	})
	if err != nil {
		return store.OutboxBatch{}, relayError(ctx, "read outbox", err)
	}
	return b, nil
}

// RegisterConsumer implements store.Relay.
func (s *Store) RegisterConsumer(ctx context.Context, c store.Consumer) (store.Consumer, error) {
	if err := s.relay(ctx); err != nil {
		return store.Consumer{}, err
	}
	if c.Name == "" {
		return store.Consumer{}, fmt.Errorf("pgstore: register outbox consumer: %w: empty name", store.ErrInvalid)
	}
	if !storable(c.Name, string(c.Workspace)) {
		return store.Consumer{}, fmt.Errorf("pgstore: register outbox consumer %q: %w: not valid UTF-8 without NUL", c.Name, store.ErrInvalid)
	}
	var pos int64
	err := s.pool.QueryRow(ctx, `
INSERT INTO outbox_consumers (name, workspace_id, position)
SELECT $1, $2, CASE WHEN $3::bigint < 0 THEN (`+headOutbox+`) ELSE $3::bigint END
ON CONFLICT (name) DO NOTHING
RETURNING position`, c.Name, string(c.Workspace), c.Cursor).Scan(&pos)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Consumer{}, fmt.Errorf("pgstore: register outbox consumer %q: %w", c.Name, store.ErrAlreadyExists)
	}
	if err != nil {
		return store.Consumer{}, relayError(ctx, "register outbox consumer", err)
	}
	c.Cursor = pos
	return c, nil
}

// Consumer implements store.Relay.
func (s *Store) Consumer(ctx context.Context, name string) (store.Consumer, error) {
	if err := s.relay(ctx); err != nil {
		return store.Consumer{}, err
	}
	c := store.Consumer{Name: name}
	if !storable(name) {
		return store.Consumer{}, fmt.Errorf("pgstore: outbox consumer %q: %w", name, store.ErrNotFound)
	}
	var ws string
	err := s.pool.QueryRow(ctx, `SELECT workspace_id, position FROM outbox_consumers WHERE name = $1`, name).Scan(&ws, &c.Cursor)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Consumer{}, fmt.Errorf("pgstore: outbox consumer %q: %w", name, store.ErrNotFound)
	}
	if err != nil {
		return store.Consumer{}, relayError(ctx, "outbox consumer", err)
	}
	c.Workspace = contact.WorkspaceID(ws)
	return c, nil
}

// Consumers implements store.Relay.
func (s *Store) Consumers(ctx context.Context) ([]store.Consumer, error) {
	if err := s.relay(ctx); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT name, workspace_id, position FROM outbox_consumers ORDER BY name`)
	if err != nil {
		return nil, relayError(ctx, "outbox consumers", err)
	}
	defer rows.Close()
	out := []store.Consumer{}
	for rows.Next() {
		var (
			c  store.Consumer
			ws string
		)
		if err := rows.Scan(&c.Name, &ws, &c.Cursor); err != nil {
			return nil, relayError(ctx, "outbox consumers", err)
		}
		c.Workspace = contact.WorkspaceID(ws)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, relayError(ctx, "outbox consumers", err)
	}
	return out, nil
}

// AckConsumer implements store.Relay in one statement: the cursor only
// moves forward, and never past the last position taken.
func (s *Store) AckConsumer(ctx context.Context, name string, position int64) error {
	if err := s.relay(ctx); err != nil {
		return err
	}
	if !storable(name) {
		return fmt.Errorf("pgstore: ack outbox consumer %q: %w", name, store.ErrNotFound)
	}
	var (
		last          int64
		acked, exists bool
	)
	err := s.pool.QueryRow(ctx, ackConsumer, name, position).Scan(&last, &acked, &exists)
	switch {
	case err != nil:
		return relayError(ctx, "ack outbox consumer", err)
	case acked:
		return nil
	case !exists:
		return fmt.Errorf("pgstore: ack outbox consumer %q: %w", name, store.ErrNotFound)
	}
	return fmt.Errorf("pgstore: ack outbox consumer %q at %d, past the last position %d: %w", name, position, last, store.ErrInvalidCursor)
}

// ackConsumer moves the cursor of consumer $1 forward to $2, if $2 is not
// past the last position taken; it says what it did.
const ackConsumer = `
WITH last AS (
	SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('outbox', 'position')::regclass), 0) AS position
), acked AS (
	UPDATE outbox_consumers SET position = greatest(position, $2)
	WHERE name = $1 AND $2 <= (SELECT position FROM last)
	RETURNING 1
)
SELECT (SELECT position FROM last), EXISTS (SELECT 1 FROM acked), EXISTS (SELECT 1 FROM outbox_consumers WHERE name = $1)`

// DeleteConsumer implements store.Relay.
func (s *Store) DeleteConsumer(ctx context.Context, name string) error {
	if err := s.relay(ctx); err != nil {
		return err
	}
	if !storable(name) {
		return fmt.Errorf("pgstore: delete outbox consumer %q: %w", name, store.ErrNotFound)
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM outbox_consumers WHERE name = $1`, name)
	if err != nil {
		return relayError(ctx, "delete outbox consumer", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("pgstore: delete outbox consumer %q: %w", name, store.ErrNotFound)
	}
	return nil
}

// pruneOutbox deletes, in one statement, the events older than $1 (if not
// NULL) and those that no consumer of their workspace is behind, raises
// the mark of outbox_pruned to the greatest position it deleted (so that
// headOutbox stays the greatest position committed), and counts them. The
// mark's row is written only when an event is deleted; two prunes at once
// take its row lock in turn, and the second compares with the first's mark.
const pruneOutbox = `
WITH pruned AS (
	DELETE FROM outbox e
	WHERE e.at_ns < $1
	   OR NOT EXISTS (
		SELECT 1 FROM outbox_consumers c
		WHERE c.position < e.position AND (c.workspace_id = '' OR c.workspace_id = e.workspace_id))
	RETURNING e.position
), marked AS (
	UPDATE outbox_pruned SET position = greatest(position, (SELECT max(position) FROM pruned))
	WHERE EXISTS (SELECT 1 FROM pruned)
)
SELECT count(*) FROM pruned`

// Bounds of the times an int64 of nanoseconds since 1970 holds.
var (
	minNanoTime = time.Unix(0, math.MinInt64)
	maxNanoTime = time.Unix(0, math.MaxInt64)
)

// unixNano returns t in nanoseconds since 1970, the form of at_ns, bounded
// to the range an int64 holds: time.Time.UnixNano is undefined before 1678
// and after 2262 (the year 9999 wraps to a negative number). A bound keeps
// the order of times, so that a retention such as "older than the year
// 9999" deletes every event of the years between; two times past the same
// bound compare equal. The column at_exact keeps such a time exactly (see
// exactTime).
func unixNano(t time.Time) int64 {
	switch {
	case t.Before(minNanoTime):
		return math.MinInt64
	case t.After(maxNanoTime):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// exactTime returns t as the column at_exact holds it, the seconds since
// 1970 and the nanoseconds ("-11644473600.000000001"), or nil when
// unixNano holds t exactly (see migration 0016). Every time.Time has that
// form, whatever its year.
func exactTime(t time.Time) *string {
	if !t.Before(minNanoTime) && !t.After(maxNanoTime) {
		return nil
	}
	s := fmt.Sprintf("%d.%09d", t.Unix(), t.Nanosecond())
	return &s
}

// parseExactTime reads what exactTime wrote.
func parseExactTime(s string) (time.Time, error) {
	secs, nanos, _ := strings.Cut(s, ".")
	sec, err := strconv.ParseInt(secs, 10, 64)
	if err != nil {
		return time.Time{}, err
	}
	nsec, err := strconv.ParseInt(nanos, 10, 64)
	if err != nil || len(nanos) != 9 {
		return time.Time{}, fmt.Errorf("nanoseconds %q: want 9 digits", nanos)
	}
	return time.Unix(sec, nsec).UTC(), nil
}

// PruneOutbox implements store.Relay in one statement (pruneOutbox), which
// also records the greatest position it deletes: ReadOutbox's Next, and the
// cursor of a consumer registered at the last position, stay at least that
// position once its event is gone, so that a reader never moves back.
func (s *Store) PruneOutbox(ctx context.Context, olderThan time.Time) (int, error) {
	if err := s.relay(ctx); err != nil {
		return 0, err
	}
	var before *int64
	if !olderThan.IsZero() {
		ns := unixNano(olderThan)
		before = &ns
	}
	var n int
	if err := s.pool.QueryRow(ctx, pruneOutbox, before).Scan(&n); err != nil {
		return 0, relayError(ctx, "prune outbox", err)
	}
	return n, nil
}
