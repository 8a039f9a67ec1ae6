package store

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit/contact"
)

// ErrNoOutbox is returned by the functions that need an outbox when the
// Store keeps none (it does not implement Relay, or its transactions have
// no Outbox).
var ErrNoOutbox = errors.New("store: the store keeps no outbox")

// OutboxEvent is an event as an outbox keeps it: encoded by the root,
// opaque to the Store.
type OutboxEvent struct {
	// ID is the event's stable identity (a UUIDv7), for consumers that
	// deduplicate: an event read twice carries the same ID.
	ID uuid.UUID
	// Workspace is the workspace the event belongs to.
	Workspace contact.WorkspaceID
	// Type names the event's type ("ContactCreated"); Data is its encoding
	// (JSON). A Store keeps both byte for byte.
	Type string
	Data []byte
	// At is when the event happened (the time of the call); retention is
	// counted from it.
	At time.Time
	// Position is the event's place in commit order, assigned by the Store
	// when its transaction commits: 1 or more, greater than the position of
	// every event committed before. Positions may skip numbers. It is zero
	// in what Append is given.
	Position int64
}

// Outbox is the write side of an outbox: an optional capability of a Tx,
// found with OutboxOf. The Service appends the events of a call in the
// transaction of the call, as its last write, so that they are committed
// (or rolled back) with the change they describe.
type Outbox interface {
	// Append adds events, in the order given, to the outbox. They become
	// visible to Relay readers when the transaction commits, at positions
	// greater than those of every event committed before, and never if it
	// rolls back. Each event must have a non-zero ID, a Workspace, a Type,
	// and a zero Position. Append copies what it keeps. It refuses, in the
	// order of Tx and writing nothing, with ErrReadOnly in a View, then
	// ErrInvalid if an event breaks those rules.
	Append(ctx context.Context, events ...OutboxEvent) error
}

// Outboxer is implemented by the Tx of a Store that may keep an outbox.
// Outbox returns nil when the Store keeps none (an adapter may make it a
// choice of its options).
type Outboxer interface {
	Outbox() Outbox
}

// OutboxOf returns the Outbox of tx, found through any number of wrappers
// that implement Unwrapper, or nil when the Store keeps none.
func OutboxOf(tx Tx) Outbox {
	for tx != nil {
		if o, ok := tx.(Outboxer); ok {
			if ob := o.Outbox(); ob != nil {
				return ob
			}
		}
		u, ok := tx.(Unwrapper)
		if !ok {
			return nil
		}
		tx = u.Unwrap()
	}
	return nil
}

// OutboxQuery selects events of an outbox.
type OutboxQuery struct {
	// After is the cursor: only events of a greater Position are read. Zero
	// reads from the oldest event kept.
	After int64
	// Workspace, if set, keeps the events of that workspace only; empty
	// reads every workspace.
	Workspace contact.WorkspaceID
	// Limit is the most events read: DefaultLimit when zero or negative,
	// at most MaxLimit.
	Limit int
}

// Size returns the number of events q asks for: its Limit, clamped to
// [1, MaxLimit], DefaultLimit when unset.
func (q OutboxQuery) Size() int { return PageRequest{Limit: q.Limit}.Size() }

// OutboxBatch is what Relay.ReadOutbox returns.
type OutboxBatch struct {
	// Events are the events read, in ascending Position: commit order.
	Events []OutboxEvent
	// Next is the cursor to read on from: the Position of the last event
	// when the batch is full; otherwise the greatest position committed
	// when the batch was read (at least After), so that a reader of one
	// workspace moves past the events of the others. Events PruneOutbox
	// deleted were committed and count: a Store remembers the greatest
	// position it pruned, so that a reader that keeps Next never moves
	// back, even once every event is gone.
	Next int64
}

// Consumer is a named reader of an outbox, whose cursor the Store keeps.
type Consumer struct {
	// Name identifies the consumer (not empty, valid UTF-8, no NUL).
	Name string
	// Workspace, if set, is the only workspace whose events the consumer
	// reads; empty means every workspace.
	Workspace contact.WorkspaceID
	// Cursor is the position acknowledged: every event up to it has been
	// handled by the consumer.
	Cursor int64
}

// Relay is the read side of an outbox: an optional capability of a Store
// (not of a Tx: each method runs in a transaction of its own). Every
// method is safe for concurrent use and returns ctx.Err() when ctx is done,
// before any other error; then, as in the order of Tx, ErrInvalid for a
// malformed call (checked before anything is read), then what the name
// finds. A consumer's name is never empty, so an empty name is not found,
// except by RegisterConsumer, which refuses it as invalid.
//
// The ordering rule: an event committed after ReadOutbox returned a batch
// has a Position greater than the batch's Next. So a reader that goes on
// from Next never misses an event, whatever the concurrent writers (the
// classic outbox gap, where positions are taken before commit and commit
// out of order, is the Store's to close).
type Relay interface {
	// ReadOutbox returns the events that q selects, in commit order (see
	// OutboxBatch), q.Size() at most. A negative After gives
	// ErrInvalidCursor (an invalid argument: it matches ErrInvalid). A
	// Limit out of range is not an error: q.Size() bounds it.
	ReadOutbox(ctx context.Context, q OutboxQuery) (OutboxBatch, error)

	// RegisterConsumer creates the consumer c.Name, reading c.Workspace
	// (empty: every workspace), with its cursor at c.Cursor, or at the
	// greatest position committed when c.Cursor is negative (it reads the
	// events committed after it registered). It returns the consumer as
	// stored. It refuses, changing nothing, with ErrInvalid if c.Name is
	// empty, or c.Name or c.Workspace is not valid UTF-8 or holds a NUL,
	// then ErrAlreadyExists if the name is taken.
	RegisterConsumer(ctx context.Context, c Consumer) (Consumer, error)

	// Consumer returns the consumer name, or ErrNotFound.
	Consumer(ctx context.Context, name string) (Consumer, error)

	// Consumers returns every consumer, in ascending order of Name.
	Consumers(ctx context.Context) ([]Consumer, error)

	// AckConsumer moves the cursor of consumer name to position, if that
	// is greater than its cursor; a smaller or equal position changes
	// nothing (an acknowledgement sent again after a crash is not an
	// error). It returns ErrNotFound for an unknown consumer, then
	// ErrInvalidCursor if position is past every position the Store has
	// taken: that cursor was never handed out, but only what is stored
	// tells, so it comes after what the name finds.
	AckConsumer(ctx context.Context, name string, position int64) error

	// DeleteConsumer removes consumer name: the outbox no longer keeps
	// events for it. It returns ErrNotFound for an unknown consumer.
	DeleteConsumer(ctx context.Context, name string) error

	// PruneOutbox deletes the events every consumer has passed (Position
	// at most the smallest Cursor of the consumers that read the event's
	// workspace; every event when there is no such consumer), and the
	// events whose At is before olderThan (a zero olderThan deletes none
	// by age), whatever the consumers. It returns how many it deleted.
	// Their positions still count as committed (OutboxBatch.Next,
	// RegisterConsumer at the last position).
	PruneOutbox(ctx context.Context, olderThan time.Time) (int, error)
}
