package contactkit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/inputtext"
	"github.com/contactkit/contactkit/store"
)

// eventTypes maps the type name of every event the Service emits to its
// type, for DecodeEvent. The name is the Go type's name: renaming an event
// type changes its encoding. A test checks that every type of the package
// that embeds EventMeta is here.
var eventTypes = eventTypeMap()

func eventTypeMap() map[string]reflect.Type {
	m := make(map[string]reflect.Type)
	for _, e := range []Event{
		ContactCreated{}, ContactUpdated{}, ContactTagged{}, ContactUntagged{}, TagDeleted{},
		ContactBlocked{}, ContactUnblocked{}, ListStatusChanged{}, ConsentChanged{},
		ChannelConnected{}, ChannelRemoved{}, Enrolled{}, StepPassed{}, EnrollmentEnded{},
		EnrollmentStopped{}, EnrollmentResumed{}, ActivityAdded{}, ActivityUpdated{}, ActivityDeleted{},
		ActivityRestored{}, ActivityPurged{}, ActivityMoved{}, ContactDeleted{},
		ContactRestored{}, ContactPurged{}, ContactsMerged{}, ContactsUnmerged{},
		ContactAssociated{}, ContactDissociated{}, ContactFollowed{}, ContactUnfollowed{},
	} {
		t := reflect.TypeOf(e)
		m[t.Name()] = t
	}
	return m
}

// UnknownEvent is what DecodeEvent returns for an event whose type this
// version of contactkit does not know (written by a newer one): its
// EventMeta, its type name and its encoding.
type UnknownEvent struct {
	EventMeta
	Type string
	Data json.RawMessage
}

// EventType returns the name under which e is written to an outbox: the
// name of its Go type ("ContactCreated").
func EventType(e Event) string {
	t := reflect.TypeOf(e)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return ""
	}
	if u, ok := e.(UnknownEvent); ok {
		return u.Type
	}
	return t.Name()
}

// EncodeEvent returns the stable encoding of e that an outbox keeps: its
// type name (EventType) and its JSON. DecodeEvent reads it back.
func EncodeEvent(e Event) (typ string, data []byte, err error) {
	if e == nil {
		return "", nil, errors.New("encode event: nil event")
	}
	if u, ok := e.(UnknownEvent); ok {
		return u.Type, u.Data, nil
	}
	data, err = json.Marshal(e)
	if err != nil {
		return "", nil, fmt.Errorf("encode event %T: %w", e, err)
	}
	return EventType(e), data, nil
}

// DecodeEvent returns the event that EncodeEvent encoded as typ and data:
// a value of the concrete type (ContactCreated, …), or an UnknownEvent for
// a type name it does not know.
func DecodeEvent(typ string, data []byte) (Event, error) {
	t, ok := eventTypes[typ]
	if !ok {
		u := UnknownEvent{Type: typ, Data: json.RawMessage(append([]byte(nil), data...))}
		if err := json.Unmarshal(data, &u.EventMeta); err != nil {
			return nil, fmt.Errorf("decode event %s: %w", typ, err)
		}
		return u, nil
	}
	p := reflect.New(t)
	if err := json.Unmarshal(data, p.Interface()); err != nil {
		return nil, fmt.Errorf("decode event %s: %w", typ, err)
	}
	return p.Elem().Interface().(Event), nil
}

// outboxEvents encodes the events of a call for the outbox, each with a
// new ID from Options.NewID.
func (s *Service) outboxEvents(events []Event) ([]store.OutboxEvent, error) {
	out := make([]store.OutboxEvent, len(events))
	for i, e := range events {
		typ, data, err := EncodeEvent(e)
		if err != nil {
			return nil, err
		}
		id, err := s.opts.NewID()
		if err != nil {
			return nil, fmt.Errorf("new event ID: %w", err)
		}
		m := e.Meta()
		out[i] = store.OutboxEvent{ID: id, Workspace: m.Workspace, Type: typ, Data: data, At: m.At}
	}
	return out, nil
}

// Relay drains the outbox of a Store: the events every call wrote in
// its own transaction, read by named consumers after their cursors, at
// least once, in commit order. Each consumer's cursor is kept in the
// Store; a consumer that stops (or crashes) before it acknowledges reads
// the events after its cursor again, so it deduplicates by Delivery.ID or
// handles events idempotently.
//
// A Relay is safe for concurrent use; a consumer is meant to be read by
// one goroutine at a time.
type Relay struct {
	r store.Relay
	// s is the store the events are written through: r, or the store of
	// the Service that made the Relay (Service.NewRelay).
	s store.Store
	// written is set once the Store's transactions were seen to have an
	// outbox (see Relay.outbox).
	written atomic.Bool
}

// Delivery is an event read from an outbox.
type Delivery struct {
	// ID is the event's stable identity: the same each time it is read.
	ID uuid.UUID
	// Position is its place in commit order; acknowledge it with Ack.
	Position int64
	// Event is the decoded event (an UnknownEvent for a type this version
	// does not know).
	Event Event
}

// Batch is what a Relay reads.
type Batch struct {
	// Deliveries are the events read, in commit order.
	Deliveries []Delivery
	// Next is the cursor to go on from (and to acknowledge once every
	// delivery is handled): see store.OutboxBatch.Next.
	Next int64
}

// NewRelay returns the Relay of s, or an error matching store.ErrNoOutbox
// when s does not implement store.Relay. A store that implements it but
// keeps no outbox (memstore and pgstore without their Outbox option, or
// a store whose transactions have no store.Outboxer, so that the Service
// writes no event) gives a Relay whose calls return that error: Register
// and Read (Next) tell, whatever the store's own calls say. Pass the
// Store itself, not a wrapper of it; a Service given a wrapper makes its
// Relay with Service.NewRelay, which checks the wrapper's transactions.
func NewRelay(s store.Store) (*Relay, error) {
	r, ok := s.(store.Relay)
	if !ok {
		return nil, fmt.Errorf("new relay on %T: %w", s, store.ErrNoOutbox)
	}
	return &Relay{r: r, s: s}, nil
}

// NewRelay returns the Relay of the events the Service writes, read from
// r: the store the Service was given, or the store under the wrapper it
// was given. It is NewRelay's, but what its calls check is the Service's
// own transactions: when they find no outbox (store.OutboxOf), as when a
// wrapper of the store hides it (a Tx without store.Unwrapper), Register
// and Read (Next) return an error matching store.ErrNoOutbox, where a
// Relay made from r alone would read nothing, ever, without a word. See
// also Options.RequireOutbox, which makes the Service's own calls fail.
func (s *Service) NewRelay(r store.Store) (*Relay, error) {
	rl, err := NewRelay(r)
	if err != nil {
		return nil, err
	}
	rl.s = s.store
	return rl, nil
}

// outbox returns an error matching store.ErrNoOutbox when the
// transactions of the Store the events are written through find no outbox
// (store.OutboxOf): the Service writes no event there, and a Relay would
// read nothing, ever, without a word. It reads once; once an outbox is
// found it reads no more.
func (r *Relay) outbox(ctx context.Context) error {
	if r.written.Load() {
		return nil
	}
	err := r.s.View(ctx, func(tx store.Tx) error {
		if store.OutboxOf(tx) == nil {
			return errNoOutbox(tx)
		}
		return nil
	})
	if err == nil {
		r.written.Store(true)
	}
	return err
}

// Register makes name a consumer of the events of ws (empty: every
// workspace), starting after the last event committed: it reads what
// commits after it registered. Registering again a consumer that exists
// for the same workspace keeps its cursor and is not an error, so a host
// may register at every start; one that exists for another workspace
// gives store.ErrAlreadyExists.
func (r *Relay) Register(ctx context.Context, name string, ws contact.WorkspaceID) (store.Consumer, error) {
	if err := r.outbox(ctx); err != nil {
		return store.Consumer{}, fmt.Errorf("register consumer %s: %w", inputtext.Quote(name), err)
	}
	c, err := r.r.RegisterConsumer(ctx, store.Consumer{Name: name, Workspace: ws, Cursor: -1})
	if errors.Is(err, store.ErrAlreadyExists) {
		old, gerr := r.r.Consumer(ctx, name)
		switch {
		case gerr == nil && old.Workspace == ws:
			return old, nil
		case gerr != nil && !errors.Is(gerr, store.ErrNotFound):
			// The read failed, so whether the consumer is this one is
			// not known: the store's error is the answer. (Not found:
			// the consumer was deleted since; the name was taken.)
			err = gerr
		}
	}
	if err != nil {
		return store.Consumer{}, fmt.Errorf("register consumer %s: %w", inputtext.Quote(name), err)
	}
	return c, nil
}

// Unregister removes consumer name: the outbox no longer keeps events for
// it (see Prune).
func (r *Relay) Unregister(ctx context.Context, name string) error {
	if err := r.r.DeleteConsumer(ctx, name); err != nil {
		return fmt.Errorf("unregister consumer %s: %w", inputtext.Quote(name), err)
	}
	return nil
}

// Consumer returns consumer name with its cursor, or an error matching
// store.ErrNotFound.
func (r *Relay) Consumer(ctx context.Context, name string) (store.Consumer, error) {
	c, err := r.r.Consumer(ctx, name)
	if err != nil {
		return store.Consumer{}, fmt.Errorf("consumer %s: %w", inputtext.Quote(name), err)
	}
	return c, nil
}

// Next reads up to limit events (store.DefaultLimit when zero or negative)
// after the cursor of consumer name, of its workspace, in commit order. It
// does not move the cursor: Ack does, once the events are handled. Until
// then, Next reads the same events again.
func (r *Relay) Next(ctx context.Context, name string, limit int) (Batch, error) {
	c, err := r.r.Consumer(ctx, name)
	if err != nil {
		return Batch{}, fmt.Errorf("read consumer %s: %w", inputtext.Quote(name), err)
	}
	b, err := r.Read(ctx, store.OutboxQuery{After: c.Cursor, Workspace: c.Workspace, Limit: limit})
	if err != nil {
		return Batch{}, fmt.Errorf("read consumer %s: %w", inputtext.Quote(name), err)
	}
	return b, nil
}

// Read reads the events q selects, in commit order, without a consumer:
// for a host that keeps its cursor itself (in its own tables, in the
// transaction that handles the events).
func (r *Relay) Read(ctx context.Context, q store.OutboxQuery) (Batch, error) {
	if err := r.outbox(ctx); err != nil {
		return Batch{}, fmt.Errorf("read outbox: %w", err)
	}
	ob, err := r.r.ReadOutbox(ctx, q)
	if err != nil {
		return Batch{}, fmt.Errorf("read outbox: %w", err)
	}
	b := Batch{Next: ob.Next, Deliveries: make([]Delivery, len(ob.Events))}
	for i, e := range ob.Events {
		ev, err := DecodeEvent(e.Type, e.Data)
		if err != nil {
			return Batch{}, fmt.Errorf("read outbox at %d: %w", e.Position, err)
		}
		b.Deliveries[i] = Delivery{ID: e.ID, Position: e.Position, Event: ev}
	}
	return b, nil
}

// Ack acknowledges every event of consumer name up to position (a
// Delivery's Position, or a Batch's Next): the consumer's cursor moves
// there, if it is ahead. Acknowledging again, or an older position, is not
// an error.
func (r *Relay) Ack(ctx context.Context, name string, position int64) error {
	if err := r.r.AckConsumer(ctx, name, position); err != nil {
		return fmt.Errorf("ack consumer %s at %d: %w", inputtext.Quote(name), position, err)
	}
	return nil
}

// Prune deletes the events every registered consumer of their workspace
// has acknowledged (a consumer of every workspace reads each), so the
// events of a workspace that no consumer reads at once, and the events
// that happened before olderThan even if a consumer has not passed them
// (the host's retention: a zero olderThan keeps them). Register the
// consumers before the events they must not miss. The host schedules it.
// It returns how many events it deleted.
func (r *Relay) Prune(ctx context.Context, olderThan time.Time) (int, error) {
	n, err := r.r.PruneOutbox(ctx, olderThan)
	if err != nil {
		return n, fmt.Errorf("prune outbox: %w", err)
	}
	return n, nil
}

// appendOutbox writes events to ob, if the store keeps an outbox, as the
// last write of the transaction.
func (s *Service) appendOutbox(ctx context.Context, ob store.Outbox, events []Event) error {
	if ob == nil || len(events) == 0 {
		return nil
	}
	out, err := s.outboxEvents(events)
	if err != nil {
		return err
	}
	return ob.Append(ctx, out...)
}

// errNoOutbox is the error of a transaction tx that finds no outbox.
func errNoOutbox(tx store.Tx) error {
	return fmt.Errorf("the transactions of the store (%T) have no outbox: %w", tx, store.ErrNoOutbox)
}
