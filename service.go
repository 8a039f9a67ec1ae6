package contactkit

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sync"
	"time"

	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// Service holds the use cases of contactkit. It is safe for concurrent use;
// every call runs in one store transaction and is all-or-nothing.
type Service struct {
	store store.Store
	opts  Options
	// fieldDefs keeps the workspaces' field definitions between calls.
	fieldDefs fieldCache
	// automations keeps the workspaces' active automations between calls.
	automations automationCache
}

// New returns a Service over s. opts may be nil.
func New(s store.Store, opts *Options) *Service {
	return &Service{store: s, opts: opts.withDefaults()}
}

// change is what a use case does inside its transaction: it records the
// property history and the events that go with its writes. History is
// appended in the same transaction; events are delivered after it commits.
type change struct {
	tx      store.Tx
	actor   Actor
	now     time.Time // the time of the call: one for all its writes
	reason  string    // why, for the history entries recorded by record
	history []contact.Change
	events  []Event
	// occurred lists what happened to which contact, for the automation
	// triggers that run before the transaction commits.
	occurred []occurrence
	// historyRoom and occurredRoom back history and occurred at first in a
	// call of update, so that a creation (one change; the contact created
	// and each of its tags added) allocates neither in most cases. Nothing
	// keeps either slice past the call: History.Append copies the changes.
	historyRoom  [1]contact.Change
	occurredRoom [3]occurrence
	// untriggered is whether the call runs no trigger (an import without
	// ImportOptions.Triggers): nothing is noted in occurred.
	untriggered bool
	// enrolled holds the enrollments made in this call.
	enrolled map[enrolment]automation.Enrollment
	// lists holds the lists of an input that checkLists read, for intake.
	lists map[list.ID]list.List
	// listen is whether anyone receives the events of the call: when not,
	// none is built.
	listen bool
	// fieldsWritten is whether the call has written a field definition:
	// the definitions it reads are not kept (see Service.fieldSet).
	fieldsWritten bool
	// automations holds the active automations of the workspace, read once
	// by the first trigger (nil until then).
	automations *automationSet
	// automationsWritten is whether the call has written an automation:
	// the automations it reads are not kept (see Service.activeAutomations).
	automationsWritten bool
	// followers holds the followers of the contacts the events of the call
	// are about, read once per contact (see nameFollowers).
	followers map[contact.ID][]contact.UserID
	// made is the room of the first contact the call creates, madeUsed
	// whether it is taken (see newContact).
	made     contact.Contact
	madeUsed bool
	// result is the contact a call returns, which its then copies (see
	// updateThen).
	result *contact.Contact
	// call is what the attempts of the call share.
	call call
}

// newContact returns room for a contact that the call creates: for its
// first, the change's own (made), which a pooled change brings (see
// changes): a creation allocates none. Nothing keeps the contact past the
// call: the stores copy what they write, and the Service returns copies.
func (ch *change) newContact() *contact.Contact {
	if !ch.madeUsed {
		ch.madeUsed = true
		return &ch.made
	}
	return new(contact.Contact)
}

// changes holds the changes of the calls that ended, for the next ones: a
// change and its room take over a kilobyte, which every call of update
// would allocate, and at a million contacts, where the collector seldom
// frees memory for the allocator to reuse, take from new spans (see
// BenchmarkScale's CreateContact). A change holds nothing once put back.
var changes = sync.Pool{New: func() any {
	ch := new(change)
	ch.call.attempt = ch.attempt
	return ch
}}

// call is what a change keeps across the attempts of its call (see
// updateThen).
type call struct {
	s     *Service
	ctx   context.Context
	actor Actor
	fn    func(ch *change) error
	// in is the input of a call that has one (CreateContact), which its fn
	// reads here: a closure that captured it would move it to the heap.
	in ContactInput
	// attempt is the change's attempt, bound once in its life: a function
	// value made for each call would be allocated for each call.
	attempt func(tx store.Tx) error
}

// release empties ch, which the call no longer uses, and puts it back in
// changes.
func (ch *change) release() {
	*ch = change{call: call{attempt: ch.call.attempt}}
	changes.Put(ch)
}

type enrolment struct {
	contact    contact.ID
	automation automation.ID
}

type occurrence struct {
	contact contact.ID
	what    automation.Occurrence
	cause   automation.Cause // the record that stands for it, if any
}

// occur notes that o happened to contact id, for the triggers.
func (ch *change) occur(id contact.ID, o automation.Occurrence) {
	ch.occurFrom(id, o, automation.Cause{})
}

// occurBefore notes that o happened to contact id, as occur does, before
// the occurrences noted since there were mark of them.
func (ch *change) occurBefore(mark int, id contact.ID, o automation.Occurrence) {
	if ch.untriggered {
		return
	}
	ch.occurred = slices.Insert(ch.occurred, mark, occurrence{id, o, automation.Cause{}})
}

// occurFrom notes that o happened to contact id through the record cause
// (a note, a task), for the triggers, which record it on the enrollments
// they make.
func (ch *change) occurFrom(id contact.ID, o automation.Occurrence, cause automation.Cause) {
	if ch.untriggered {
		return
	}
	ch.occurred = append(ch.occurred, occurrence{id, o, cause})
}

// log adds one entry to the property history, stamped with the time, the
// actor and the source of the call.
func (ch *change) log(c contact.Change) {
	c.At, c.Actor, c.Source = ch.now, ch.actor.User, ch.actor.source()
	ch.history = append(ch.history, c)
}

// record logs the changes of diff (see contact.Diff), with ch's reason, and
// returns the names of their fields.
func (ch *change) record(diff []contact.Change) []string {
	names := make([]string, len(diff))
	for i, c := range diff {
		c.Reason = ch.reason
		ch.log(c)
		names[i] = c.Field
	}
	return names
}

// emit records e, to be delivered after the commit. Nothing is recorded when
// nobody listens; a caller that builds a costly event (a snapshot) tests
// ch.listen first.
func (ch *change) emit(e Event) {
	if ch.listen {
		ch.events = append(ch.events, e)
	}
}

// emitTagged emits ContactTagged if tags were added, and notes each for the
// triggers.
func (ch *change) emitTagged(id contact.ID, added []tag.Name) {
	if len(added) == 0 {
		return
	}
	if ch.listen {
		ch.emit(ContactTagged{EventMeta: ch.meta(id), Tags: added})
	}
	for _, n := range added {
		ch.occur(id, automation.TagAdded(n))
	}
}

func (ch *change) meta(id contact.ID) EventMeta {
	return EventMeta{Workspace: ch.actor.Workspace, Contact: id, Actor: ch.actor.User, At: ch.now}
}

// update runs fn in one read-write transaction for actor, appends the
// history fn recorded, and delivers its events after the commit. op names the
// call in errors: "tag contact 0190…: store: not found".
//
// If guard is not empty, the actor must be authorised for it first.
func (s *Service) update(ctx context.Context, a Actor, op string, guard Action, fn func(ch *change) error) error {
	return s.updateThen(ctx, a, op, guard, nil, fn, nil)
}

// updateThen is update, and calls then (if not nil) with the change of
// the attempt that committed, after its events are delivered: the last use
// of the change, which the next call of the Service takes over (see
// changes). in, if not nil, is copied to the change's call.in, where fn
// reads it.
func (s *Service) updateThen(ctx context.Context, a Actor, op string, guard Action, in *ContactInput, fn func(ch *change) error, then func(ch *change)) error {
	if err := s.admit(ctx, a, guard); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	// One change for the call, made anew by each attempt of the store.
	ch := changes.Get().(*change)
	defer ch.release()
	ch.call.s, ch.call.ctx, ch.call.actor, ch.call.fn = s, ctx, a, fn
	if in != nil {
		ch.call.in = *in
	}
	if err := s.store.Update(ctx, ch.call.attempt); err != nil {
		return serviceError(op, err)
	}
	for _, e := range ch.events {
		for _, sub := range s.opts.Subscribers {
			sub(ctx, e)
		}
	}
	if then != nil {
		then(ch)
	}
	return nil
}

// attempt is the function of ch's call that its store runs, once for each
// attempt of the transaction.
func (ch *change) attempt(tx store.Tx) error {
	c := &ch.call
	// With an outbox, every event is built and written in this
	// transaction, whether or not anyone subscribes in process.
	outbox := store.OutboxOf(tx)
	if outbox == nil && c.s.opts.RequireOutbox {
		return errNoOutbox(tx)
	}
	*ch = change{call: *c, tx: tx, actor: c.actor, now: c.s.now(), listen: len(c.s.opts.Subscribers) > 0 || outbox != nil}
	ch.history, ch.occurred = ch.historyRoom[:0], ch.occurredRoom[:0]
	if err := c.fn(ch); err != nil {
		return err
	}
	return c.s.finish(c.ctx, ch, outbox)
}

// finish ends the work of ch within its transaction: it runs the triggers
// of what occurred, appends the property history, names the followers of
// the events' contacts and writes the events to outbox (nil for a store
// without one).
func (s *Service) finish(ctx context.Context, ch *change, outbox store.Outbox) error {
	if err := s.fireTriggers(ctx, ch); err != nil {
		return err
	}
	if len(ch.history) > 0 {
		if err := ch.tx.History().Append(ctx, ch.actor.Workspace, ch.history...); err != nil {
			return err
		}
	}
	if err := nameFollowers(ctx, ch); err != nil {
		return err
	}
	return s.appendOutbox(ctx, outbox, ch.events)
}

// orZero returns v and a nil error, or the zero T with err: a call that
// fails returns no value built by an attempt its store rolled back.
func orZero[T any](v T, err error) (T, error) {
	if err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// view runs fn in one read-only transaction for actor.
func (s *Service) view(ctx context.Context, a Actor, op string, guard Action, fn func(tx store.Tx) error) error {
	if err := s.admit(ctx, a, guard); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if err := s.store.View(ctx, fn); err != nil {
		return serviceError(op, err)
	}
	return nil
}

// refuse returns err, the refusal of the input of the call op found before
// the call reached its transaction, unless the actor may not make the call
// at all: an invalid actor, or one that guard does not admit, is refused
// as such first, whatever the input, as it is by a call that reaches its
// transaction (see admit). The Service checks the actor before the input.
func (s *Service) refuse(ctx context.Context, a Actor, op string, guard Action, err error) error {
	if refused := s.admit(ctx, a, guard); refused != nil {
		err = refused
	}
	return fmt.Errorf("%s: %w", op, err)
}

// now returns the time of a use case: the clock's, without a monotonic
// clock reading, which means nothing once stored (a store keeps the time it
// was given; PostgreSQL drops the reading, and memstore keeps a time without
// one in 8 bytes instead of 24).
func (s *Service) now() time.Time { return s.opts.Now().Round(0) }

// admit checks that a is a valid actor and, if guard is not empty, that it
// may perform guard.
func (s *Service) admit(ctx context.Context, a Actor, guard Action) error {
	if err := a.validate(); err != nil {
		return err
	}
	if guard == "" {
		return nil
	}
	if err := s.opts.Authorize(ctx, a, guard); err != nil {
		if !errors.Is(err, ErrPermission) {
			// The policy's own error (its failure to look a role up)
			// is held: the call is refused in ErrPermission alone.
			err = fmt.Errorf("%w: %w", ErrPermission, held{err})
		}
		return err
	}
	return nil
}

// all pages through a listing as an iterator, in pages of store.MaxLimit;
// see store.All.
func all[T any](ctx context.Context, fetch func(ctx context.Context, p store.PageRequest) (store.Page[T], error)) iter.Seq2[T, error] {
	return store.All(ctx, store.MaxLimit, fetch)
}

// first returns the first item of a listing, and whether it has one. It
// asks for pages of one item, and reads past a page with none and a Next,
// which a store may return (see store.Page), as store.All does (its
// refusal of a Next that repeats its cursor, and of a context done between
// pages, included), without the iterator, which would take fetch to the
// heap on the paths of every row of an import.
func first[T any](ctx context.Context, fetch func(ctx context.Context, p store.PageRequest) (store.Page[T], error)) (T, bool, error) {
	var zero T
	p := store.PageRequest{Limit: 1}
	for {
		page, err := fetch(ctx, p)
		switch {
		case err != nil:
			return zero, false, err
		case len(page.Items) > 0:
			return page.Items[0], true, nil
		case page.Next == "":
			return zero, false, nil
		case page.Next == p.Cursor:
			return zero, false, fmt.Errorf("%w: page at %q gave itself as the next", store.ErrInvalidCursor, p.Cursor)
		case ctx.Err() != nil:
			return zero, false, ctx.Err()
		}
		p.Cursor = page.Next
	}
}
