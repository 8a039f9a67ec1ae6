package memstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// Options configure a Store made by NewWith. The zero Options, like a nil
// *Options, give what New gives.
type Options struct {
	// Outbox makes the Store keep an outbox (store.Outbox on its
	// transactions, store.Relay on the Store): the Service then writes every
	// event of a call in the call's transaction. Off by default, because the
	// events of a Store nobody drains would be kept until pruned.
	Outbox bool
}

// NewWith returns an empty Store configured by opts (nil: as New).
func NewWith(opts *Options) *Store {
	s := New()
	if opts != nil && opts.Outbox {
		s.outbox = &outbox{consumers: make(map[string]store.Consumer)}
	}
	return s
}

// outbox holds the events of a Store that keeps one, in commit order, and
// the cursors of its consumers. Its lock is taken alone or while a
// committing transaction holds workspace locks, never the other way round.
type outbox struct {
	mu        sync.Mutex
	events    []store.OutboxEvent // ascending Position
	last      int64               // the greatest position assigned
	consumers map[string]store.Consumer
}

var (
	_ store.Outboxer = (*Tx)(nil)
	_ store.Relay    = (*Store)(nil)
)

// Outbox implements store.Outboxer: nil unless the Store was made with
// Options.Outbox. Events appended are numbered when the transaction
// commits, under the outbox's lock and before the transaction releases its
// workspaces: positions follow commit order.
func (t *Tx) Outbox() store.Outbox {
	if t.s.outbox == nil {
		return nil
	}
	return (*outboxTx)(t)
}

type outboxTx Tx

// Append implements store.Outbox.
func (o *outboxTx) Append(ctx context.Context, events ...store.OutboxEvent) error {
	t := (*Tx)(o)
	if err := t.begin(ctx, true); err != nil {
		return err
	}
	defer t.mu.Unlock()
	for i, e := range events {
		switch {
		case e.ID == [16]byte{}, e.Workspace == "", e.Type == "", e.Position != 0:
			return fmt.Errorf("%w: outbox append: event %d has a zero ID, Workspace or Type, or a Position", store.ErrInvalid, i)
		}
	}
	for _, e := range events {
		e.Data = slices.Clone(e.Data)
		t.pending = append(t.pending, e)
	}
	return nil
}

// publish numbers the events t appended and makes them visible. It runs
// when t commits, while t still holds its workspaces.
func (t *Tx) publish() {
	ob := t.s.outbox
	if ob == nil || len(t.pending) == 0 {
		return
	}
	ob.mu.Lock()
	defer ob.mu.Unlock()
	for _, e := range t.pending {
		ob.last++
		e.Position = ob.last
		ob.events = append(ob.events, e)
	}
}

func (s *Store) relay(ctx context.Context) (*outbox, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.outbox == nil {
		return nil, store.ErrNoOutbox
	}
	s.outbox.mu.Lock()
	return s.outbox, nil
}

// ReadOutbox implements store.Relay.
func (s *Store) ReadOutbox(ctx context.Context, q store.OutboxQuery) (store.OutboxBatch, error) {
	ob, err := s.relay(ctx)
	if err != nil {
		return store.OutboxBatch{}, err
	}
	defer ob.mu.Unlock()
	if q.After < 0 {
		return store.OutboxBatch{}, fmt.Errorf("%w: outbox position %d", store.ErrInvalidCursor, q.After)
	}
	size := q.Size()
	i, _ := slices.BinarySearchFunc(ob.events, q.After+1, func(e store.OutboxEvent, p int64) int { return cmpInt(e.Position, p) })
	b := store.OutboxBatch{Next: max(q.After, ob.last)}
	for ; i < len(ob.events); i++ {
		e := ob.events[i]
		if q.Workspace != "" && e.Workspace != q.Workspace {
			continue
		}
		e.Data = slices.Clone(e.Data)
		b.Events = append(b.Events, e)
		if len(b.Events) == size {
			b.Next = e.Position
			break
		}
	}
	return b, nil
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// RegisterConsumer implements store.Relay.
func (s *Store) RegisterConsumer(ctx context.Context, c store.Consumer) (store.Consumer, error) {
	ob, err := s.relay(ctx)
	if err != nil {
		return store.Consumer{}, err
	}
	defer ob.mu.Unlock()
	if c.Name == "" {
		return store.Consumer{}, fmt.Errorf("%w: outbox consumer with an empty name", store.ErrInvalid)
	}
	if !storable(c.Name) || !storable(string(c.Workspace)) {
		return store.Consumer{}, fmt.Errorf("register outbox consumer %q: %w: not valid UTF-8 without NUL", c.Name, store.ErrInvalid)
	}
	if _, ok := ob.consumers[c.Name]; ok {
		return store.Consumer{}, fmt.Errorf("register outbox consumer %q: %w", c.Name, store.ErrAlreadyExists)
	}
	if c.Cursor < 0 {
		c.Cursor = ob.last
	}
	ob.consumers[c.Name] = c
	return c, nil
}

// Consumer implements store.Relay.
func (s *Store) Consumer(ctx context.Context, name string) (store.Consumer, error) {
	ob, err := s.relay(ctx)
	if err != nil {
		return store.Consumer{}, err
	}
	defer ob.mu.Unlock()
	c, ok := ob.consumers[name]
	if !ok {
		return store.Consumer{}, fmt.Errorf("outbox consumer %q: %w", name, store.ErrNotFound)
	}
	return c, nil
}

// Consumers implements store.Relay.
func (s *Store) Consumers(ctx context.Context) ([]store.Consumer, error) {
	ob, err := s.relay(ctx)
	if err != nil {
		return nil, err
	}
	defer ob.mu.Unlock()
	out := make([]store.Consumer, 0, len(ob.consumers))
	for _, c := range ob.consumers {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b store.Consumer) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// AckConsumer implements store.Relay.
func (s *Store) AckConsumer(ctx context.Context, name string, position int64) error {
	ob, err := s.relay(ctx)
	if err != nil {
		return err
	}
	defer ob.mu.Unlock()
	c, ok := ob.consumers[name]
	if !ok {
		return fmt.Errorf("ack outbox consumer %q: %w", name, store.ErrNotFound)
	}
	if position > ob.last {
		return fmt.Errorf("ack outbox consumer %q at %d, past the last position %d: %w", name, position, ob.last, store.ErrInvalidCursor)
	}
	if position > c.Cursor {
		c.Cursor = position
		ob.consumers[name] = c
	}
	return nil
}

// DeleteConsumer implements store.Relay.
func (s *Store) DeleteConsumer(ctx context.Context, name string) error {
	ob, err := s.relay(ctx)
	if err != nil {
		return err
	}
	defer ob.mu.Unlock()
	if _, ok := ob.consumers[name]; !ok {
		return fmt.Errorf("delete outbox consumer %q: %w", name, store.ErrNotFound)
	}
	delete(ob.consumers, name)
	return nil
}

// PruneOutbox implements store.Relay.
func (s *Store) PruneOutbox(ctx context.Context, olderThan time.Time) (int, error) {
	ob, err := s.relay(ctx)
	if err != nil {
		return 0, err
	}
	defer ob.mu.Unlock()
	// An event is passed when its position is at most the smallest cursor
	// of the consumers of every workspace (all) and of those of its own
	// (floor); with no consumer of it, it is passed.
	all := ob.last
	floor := make(map[contact.WorkspaceID]int64)
	for _, c := range ob.consumers {
		if c.Workspace == "" {
			all = min(all, c.Cursor)
		} else if f, ok := floor[c.Workspace]; !ok || c.Cursor < f {
			floor[c.Workspace] = c.Cursor
		}
	}
	kept := ob.events[:0]
	for _, e := range ob.events {
		passed := all
		if f, ok := floor[e.Workspace]; ok {
			passed = min(passed, f)
		}
		old := !olderThan.IsZero() && e.At.Before(olderThan)
		if e.Position <= passed || old {
			continue
		}
		kept = append(kept, e)
	}
	n := len(ob.events) - len(kept)
	clear(ob.events[len(kept):])
	ob.events = kept
	return n, nil
}

// storable reports whether s is valid UTF-8 without a NUL byte, as every
// string a Store keeps (store.Store, store.Consumer.Name).
func storable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}
