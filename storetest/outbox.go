package storetest

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// The Outbox cases share the Store with the other cases (which may run in
// parallel on one database): each works in workspaces of its own, and
// registers a consumer of each of its workspaces before it appends, so
// that the PruneOutbox of another case never deletes its events. Only
// Outbox/Retention registers a consumer of every workspace, for a moment.
func outboxCases() []testCase {
	return []testCase{
		{name: "Outbox/AppendRead", needs: needsOutbox, run: testOutboxAppendRead},
		{name: "Outbox/RolledBack", needs: needsOutbox, run: testOutboxRolledBack},
		{name: "Outbox/Workspaces", needs: needsOutbox, run: testOutboxWorkspaces},
		{name: "Outbox/Consumers", needs: needsOutbox, run: testOutboxConsumers},
		{name: "Outbox/Retention", needs: needsOutbox, run: testOutboxRetention},
		{name: "Outbox/PrunedNext", needs: needsOutbox, run: testOutboxPrunedNext},
		{name: "Outbox/Precedence", needs: needsOutbox, run: testOutboxPrecedence},
		{name: "Outbox/ReadBounds", needs: needsOutbox, run: testOutboxReadBounds},
		// Once: the other cases show, run again, that a rolled-back attempt
		// leaves no event; this one loads a shared database.
		{name: "Outbox/ConcurrentWriters", needs: needsOutbox, once: true, run: testOutboxConcurrentWriters},
	}
}

func needsOutbox(o *Options) string {
	if o.Outbox {
		return ""
	}
	return "Options.Outbox not declared: the Store need not keep an outbox (the Service then delivers events in process only)"
}

// relay returns the store.Relay of the Store under test, or stops the case.
func (e *env) relay(t *testing.T) store.Relay {
	t.Helper()
	r, ok := e.raw.(store.Relay)
	if !ok {
		t.Fatalf("Options.Outbox is declared, but the Store (%T) does not implement store.Relay", e.raw)
	}
	return r
}

// outboxEvent returns a new event of ws, numbered n.
func (e *env) outboxEvent(ws contact.WorkspaceID, n int) store.OutboxEvent {
	return store.OutboxEvent{
		ID:        uuid.New(),
		Workspace: ws,
		Type:      "StoretestEvent",
		Data:      fmt.Appendf(nil, `{"n":%d,"text":"é\u00e8 %s"}`, n, ws),
		At:        e.at(n),
	}
}

// appendOutbox appends events in one transaction, which must commit.
func (e *env) appendOutbox(t *testing.T, events ...store.OutboxEvent) {
	t.Helper()
	if err := e.tryAppend(t, events...); err != nil {
		t.Fatalf("Outbox.Append of %d events in Store.Update: got err %v, want nil", len(events), err)
	}
}

func (e *env) tryAppend(t *testing.T, events ...store.OutboxEvent) error {
	ctx := t.Context()
	return e.s.Update(ctx, func(tx store.Tx) error {
		ob := store.OutboxOf(tx)
		if ob == nil {
			return fmt.Errorf("store.OutboxOf(tx) is nil in Store.Update, but Options.Outbox is declared")
		}
		return ob.Append(ctx, events...)
	})
}

// consumer registers a consumer of ws at the last position, deleted when
// the case ends.
func (e *env) consumer(t *testing.T, name string, ws contact.WorkspaceID) store.Consumer {
	t.Helper()
	r := e.relay(t)
	c, err := r.RegisterConsumer(t.Context(), store.Consumer{Name: name, Workspace: ws, Cursor: -1})
	if err != nil {
		t.Fatalf("Relay.RegisterConsumer(%q): got err %v, want nil", name, err)
	}
	t.Cleanup(func() { _ = r.DeleteConsumer(t.Context(), name) })
	return c
}

// readOutbox reads every event of ws after after, in batches of limit.
func (e *env) readOutbox(t *testing.T, ws contact.WorkspaceID, after int64, limit int) []store.OutboxEvent {
	t.Helper()
	r := e.relay(t)
	var out []store.OutboxEvent
	for range 10000 {
		b, err := r.ReadOutbox(t.Context(), store.OutboxQuery{After: after, Workspace: ws, Limit: limit})
		if err != nil {
			t.Fatalf("Relay.ReadOutbox after %d: got err %v, want nil", after, err)
		}
		if b.Next < after {
			t.Fatalf("Relay.ReadOutbox after %d: got Next %d, want at least After", after, b.Next)
		}
		out = append(out, b.Events...)
		if len(b.Events) == 0 {
			return out
		}
		after = b.Next
	}
	t.Fatalf("Relay.ReadOutbox: still reading after 10000 batches")
	return nil
}

// checkEvents reports where got differs from want (ignoring Position) or
// its positions do not ascend.
func checkEvents(t *testing.T, what string, got, want []store.OutboxEvent) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: got %d events %v, want %d %v", what, len(got), outboxIDs(got), len(want), outboxIDs(want))
		return
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.ID != w.ID || g.Workspace != w.Workspace || g.Type != w.Type || !bytes.Equal(g.Data, w.Data) || !g.At.Equal(w.At) {
			t.Errorf("%s: event %d: got %+v, want %+v (ID, Workspace, Type, Data and At kept as appended, in commit order)", what, i, g, w)
		}
		if g.Position <= 0 || i > 0 && g.Position <= got[i-1].Position {
			t.Errorf("%s: event %d has Position %d after %d: want positions of 1 or more, ascending in commit order", what, i, g.Position, prevPosition(got, i))
		}
	}
}

func prevPosition(es []store.OutboxEvent, i int) int64 {
	if i == 0 {
		return 0
	}
	return es[i-1].Position
}

func outboxIDs(es []store.OutboxEvent) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID.String()[:8]
	}
	return out
}

func testOutboxAppendRead(t *testing.T, e *env) {
	ctx := t.Context()
	r := e.relay(t)
	ws := newWorkspace()
	c := e.consumer(t, "read-"+string(ws), ws)
	evs := make([]store.OutboxEvent, 6)
	for i := range evs {
		evs[i] = e.outboxEvent(ws, i)
	}
	e.appendOutbox(t, evs[0], evs[1])
	// The caller changes the Data it appended once the transaction
	// committed: what the outbox keeps does not change.
	sent := evs[2]
	sent.Data = bytes.Clone(evs[2].Data)
	e.appendOutbox(t, sent)
	sent.Data[0] = 'X'
	e.appendOutbox(t, evs[3:]...)
	got := e.readOutbox(t, ws, c.Cursor, 4)
	if len(got) == len(evs) && !bytes.Equal(got[2].Data, evs[2].Data) {
		t.Errorf("Relay.ReadOutbox after the caller changed the Data of an event it passed to Outbox.Append: got Data %q, want %q (Append copies what it keeps; values crossing the seam are copies)", got[2].Data, evs[2].Data)
	}
	checkEvents(t, "Relay.ReadOutbox of the events appended in 3 transactions", got, evs)
	if len(got) != len(evs) {
		return
	}
	if got[0].Position <= c.Cursor {
		t.Errorf("Relay.ReadOutbox: the first event appended after RegisterConsumer (cursor %d) has Position %d; want greater", c.Cursor, got[0].Position)
	}

	b, err := r.ReadOutbox(ctx, store.OutboxQuery{After: c.Cursor, Workspace: ws, Limit: 2})
	switch {
	case err != nil:
		t.Errorf("Relay.ReadOutbox with Limit 2: got err %v, want nil", err)
	case len(b.Events) != 2 || b.Next != b.Events[1].Position:
		t.Errorf("Relay.ReadOutbox with Limit 2 of 6 events: got %d events, Next %d; want 2, Next the Position of the last", len(b.Events), b.Next)
	default:
		b.Events[0].Data[0] = 'X'
		again, _ := r.ReadOutbox(ctx, store.OutboxQuery{After: c.Cursor, Workspace: ws, Limit: 2})
		if len(again.Events) != 2 || !bytes.Equal(again.Events[0].Data, evs[0].Data) {
			t.Errorf("Relay.ReadOutbox after the caller changed the Data it got: the stored event changed; values crossing the seam are copies")
		}
	}
	last := got[len(got)-1].Position
	b, err = r.ReadOutbox(ctx, store.OutboxQuery{After: last, Workspace: ws})
	if err != nil || len(b.Events) != 0 || b.Next < last {
		t.Errorf("Relay.ReadOutbox after the last event: got %d events, Next %d, err %v; want none, Next at least %d", len(b.Events), b.Next, err, last)
	}
	if _, err := r.ReadOutbox(ctx, store.OutboxQuery{After: -1}); !errors.Is(err, store.ErrInvalidCursor) {
		t.Errorf("Relay.ReadOutbox with After -1: got err %v, want store.ErrInvalidCursor", err)
	}
	if _, err := r.ReadOutbox(cancelled(t), store.OutboxQuery{}); err != cancelled(t).Err() {
		t.Errorf("Relay.ReadOutbox with a cancelled context: got err %v, want ctx.Err() unwrapped", err)
	}
	err = e.s.View(ctx, func(tx store.Tx) error {
		if ob := store.OutboxOf(tx); ob != nil {
			return ob.Append(ctx, e.outboxEvent(ws, 9))
		}
		return store.ErrReadOnly
	})
	if !errors.Is(err, store.ErrReadOnly) {
		t.Errorf("Outbox.Append in Store.View: got err %v, want store.ErrReadOnly", err)
	}
	bad := e.outboxEvent(ws, 10)
	bad.ID = uuid.UUID{}
	if err := e.tryAppend(t, bad); err == nil {
		t.Errorf("Outbox.Append of an event with a zero ID: got err nil, want an error")
	}
	checkEvents(t, "Relay.ReadOutbox after a View and a refused Append", e.readOutbox(t, ws, c.Cursor, 0), evs)
}

func testOutboxRolledBack(t *testing.T, e *env) {
	ctx := t.Context()
	ws := newWorkspace()
	c := e.consumer(t, "rollback-"+string(ws), ws)
	failure := errors.New("storetest: rolled back on purpose")
	err := e.s.Update(ctx, func(tx store.Tx) error {
		ob := store.OutboxOf(tx)
		if ob == nil {
			return fmt.Errorf("store.OutboxOf(tx) is nil")
		}
		if err := ob.Append(ctx, e.outboxEvent(ws, 1), e.outboxEvent(ws, 2)); err != nil {
			return err
		}
		return failure
	})
	if !errors.Is(err, failure) {
		t.Fatalf("Store.Update whose function fails after Outbox.Append: got err %v, want the function's", err)
	}
	kept := e.outboxEvent(ws, 3)
	e.appendOutbox(t, kept)
	checkEvents(t, "Relay.ReadOutbox after a rolled-back Append and a committed one (no event of a rolled-back transaction)", e.readOutbox(t, ws, c.Cursor, 0), []store.OutboxEvent{kept})
}

func testOutboxWorkspaces(t *testing.T, e *env) {
	ctx := t.Context()
	r := e.relay(t)
	wa, wb := newWorkspace(), newWorkspace()
	ca := e.consumer(t, "ws-a-"+string(wa), wa)
	e.consumer(t, "ws-b-"+string(wb), wb)
	a1, b1, a2, b2 := e.outboxEvent(wa, 1), e.outboxEvent(wb, 2), e.outboxEvent(wa, 3), e.outboxEvent(wb, 4)
	e.appendOutbox(t, a1)
	e.appendOutbox(t, b1, a2) // one transaction, two workspaces
	e.appendOutbox(t, b2)
	checkEvents(t, "Relay.ReadOutbox of workspace A", e.readOutbox(t, wa, ca.Cursor, 1), []store.OutboxEvent{a1, a2})
	checkEvents(t, "Relay.ReadOutbox of workspace B", e.readOutbox(t, wb, ca.Cursor, 1), []store.OutboxEvent{b1, b2})
	var mine []store.OutboxEvent
	for _, ev := range e.readOutbox(t, "", ca.Cursor, 3) {
		if ev.Workspace == wa || ev.Workspace == wb {
			mine = append(mine, ev)
		}
	}
	checkEvents(t, "Relay.ReadOutbox of every workspace (kept: A's and B's)", mine, []store.OutboxEvent{a1, b1, a2, b2})
	if _, err := r.ReadOutbox(ctx, store.OutboxQuery{After: ca.Cursor, Workspace: newWorkspace()}); err != nil {
		t.Errorf("Relay.ReadOutbox of a workspace with no event: got err %v, want nil", err)
	}
	// A reader of workspace B alone moves past A's events: reading A after
	// the Next that B's reader got at the end finds nothing of B's.
	b, err := r.ReadOutbox(ctx, store.OutboxQuery{After: ca.Cursor, Workspace: wb})
	if err != nil {
		t.Fatalf("Relay.ReadOutbox of workspace B: %v", err)
	}
	if len(b.Events) != 2 || b.Next < b.Events[1].Position {
		t.Errorf("Relay.ReadOutbox of workspace B, not full: got %d events, Next %d; want 2 and Next at least the last position", len(b.Events), b.Next)
	}
}

func testOutboxConsumers(t *testing.T, e *env) {
	ctx := t.Context()
	r := e.relay(t)
	ws := newWorkspace()
	name1, name2 := "consumer-1-"+string(ws), "consumer-2-"+string(ws)
	c1 := e.consumer(t, name1, ws)
	c2, err := r.RegisterConsumer(ctx, store.Consumer{Name: name2, Workspace: ws, Cursor: 0})
	if err != nil {
		t.Fatalf("Relay.RegisterConsumer with Cursor 0: got err %v, want nil", err)
	}
	t.Cleanup(func() { _ = r.DeleteConsumer(t.Context(), name2) })
	if c2.Cursor != 0 || c2.Name != name2 || c2.Workspace != ws {
		t.Errorf("Relay.RegisterConsumer with Cursor 0: got %+v, want it as given", c2)
	}
	if _, err := r.RegisterConsumer(ctx, store.Consumer{Name: name1, Cursor: 0}); !errors.Is(err, store.ErrAlreadyExists) {
		t.Errorf("Relay.RegisterConsumer of a taken name: got err %v, want store.ErrAlreadyExists", err)
	}
	if got, err := r.Consumer(ctx, name1); err != nil || got != c1 {
		t.Errorf("Relay.Consumer after a refused RegisterConsumer: got %+v, err %v; want %+v unchanged", got, err, c1)
	}
	evs := []store.OutboxEvent{e.outboxEvent(ws, 1), e.outboxEvent(ws, 2), e.outboxEvent(ws, 3)}
	e.appendOutbox(t, evs...)
	got := e.readOutbox(t, ws, c1.Cursor, 0)
	checkEvents(t, "Relay.ReadOutbox", got, evs)
	if len(got) != 3 {
		return
	}
	if err := r.AckConsumer(ctx, name1, got[1].Position); err != nil {
		t.Errorf("Relay.AckConsumer: got err %v, want nil", err)
	}
	if err := r.AckConsumer(ctx, name1, got[0].Position); err != nil {
		t.Errorf("Relay.AckConsumer of an older position: got err %v, want nil (it changes nothing)", err)
	}
	if c, err := r.Consumer(ctx, name1); err != nil || c.Cursor != got[1].Position {
		t.Errorf("Relay.Consumer after AckConsumer: got %+v, err %v; want Cursor %d (the cursor only moves forward, and is kept)", c, err, got[1].Position)
	}
	if c, err := r.Consumer(ctx, name2); err != nil || c.Cursor != 0 {
		t.Errorf("Relay.Consumer of another consumer: got %+v, err %v; want its Cursor 0: consumers are independent", c, err)
	}
	if err := r.AckConsumer(ctx, "no-such-"+string(ws), 1); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Relay.AckConsumer of an unknown consumer: got err %v, want store.ErrNotFound", err)
	}
	if err := r.AckConsumer(ctx, name2, math.MaxInt64/2); !errors.Is(err, store.ErrInvalidCursor) {
		t.Errorf("Relay.AckConsumer past every position ever taken: got err %v, want store.ErrInvalidCursor", err)
	}
	all, err := r.Consumers(ctx)
	if err != nil {
		t.Fatalf("Relay.Consumers: %v", err)
	}
	var names []string
	for _, c := range all {
		if strings.HasSuffix(c.Name, string(ws)) {
			names = append(names, c.Name)
		}
	}
	if !slices.Equal(names, []string{name1, name2}) || !slices.IsSortedFunc(all, func(a, b store.Consumer) int { return strings.Compare(a.Name, b.Name) }) {
		t.Errorf("Relay.Consumers: got %v of this case, want %v, every consumer in ascending order of Name", names, []string{name1, name2})
	}
	if err := r.DeleteConsumer(ctx, name2); err != nil {
		t.Errorf("Relay.DeleteConsumer: got err %v, want nil", err)
	}
	if _, err := r.Consumer(ctx, name2); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Relay.Consumer after DeleteConsumer: got err %v, want store.ErrNotFound", err)
	}
	if err := r.DeleteConsumer(ctx, name2); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Relay.DeleteConsumer of a deleted consumer: got err %v, want store.ErrNotFound", err)
	}
	if _, err := r.Consumer(cancelled(t), name1); err != cancelled(t).Err() {
		t.Errorf("Relay.Consumer with a cancelled context: got err %v, want ctx.Err() unwrapped", err)
	}
}

// pruning runs the cases that prune the outbox one at a time: a prune
// deletes the passed events of every workspace, so one case's prune would
// take the events another counts on deleting itself.
var pruning sync.Mutex

func testOutboxRetention(t *testing.T, e *env) {
	pruning.Lock()
	defer pruning.Unlock()
	ctx := t.Context()
	r := e.relay(t)
	ws := newWorkspace()
	name := "retention-" + string(ws)
	c := e.consumer(t, name, ws)
	// A consumer of another workspace, behind every event of ws: it
	// keeps the events of its own workspace only.
	other := newWorkspace()
	oc := e.consumer(t, "retention-other-"+string(other), other)
	// Times far before the other cases' (e.at), so that pruning by age
	// deletes the events of this case only.
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	lagging := e.outboxEvent(other, 0)
	lagging.At = old
	evs := make([]store.OutboxEvent, 4)
	for i := range evs {
		evs[i] = e.outboxEvent(ws, i)
		evs[i].At = old.Add(time.Duration(i) * time.Hour)
	}
	e.appendOutbox(t, lagging)
	e.appendOutbox(t, evs...)
	got := e.readOutbox(t, ws, c.Cursor, 0)
	checkEvents(t, "Relay.ReadOutbox", got, evs)
	if len(got) != 4 {
		return
	}
	if err := r.AckConsumer(ctx, name, got[1].Position); err != nil {
		t.Fatalf("Relay.AckConsumer: %v", err)
	}
	if n, err := r.PruneOutbox(ctx, time.Time{}); err != nil || n < 2 {
		t.Errorf("Relay.PruneOutbox after the only consumer of the workspace acknowledged 2 events, while a consumer of another workspace is behind them: got %d, err %v; want at least 2 deleted (PruneOutbox deletes the events every consumer that reads their workspace has passed)", n, err)
	}
	checkEvents(t, "Relay.ReadOutbox after PruneOutbox (kept: the events a consumer of their workspace has not passed; a consumer of another workspace keeps none of them)", e.readOutbox(t, ws, 0, 0), evs[2:])
	checkEvents(t, "Relay.ReadOutbox of another workspace after PruneOutbox (kept: the events its consumer has not passed)", e.readOutbox(t, other, oc.Cursor, 0), []store.OutboxEvent{lagging})
	if n, err := r.PruneOutbox(ctx, evs[3].At); err != nil || n < 1 {
		t.Errorf("Relay.PruneOutbox by age: got %d, err %v; want at least 1 deleted", n, err)
	}
	checkEvents(t, "Relay.ReadOutbox after PruneOutbox by age (events before olderThan are deleted, passed or not)", e.readOutbox(t, ws, 0, 0), evs[3:])

	// A consumer of every workspace keeps the events it has not passed.
	allName := "retention-all-" + string(ws)
	all := e.consumer(t, allName, "")
	if err := r.DeleteConsumer(ctx, name); err != nil {
		t.Fatalf("Relay.DeleteConsumer: %v", err)
	}
	late := e.outboxEvent(ws, 5)
	e.appendOutbox(t, late)
	if _, err := r.PruneOutbox(ctx, time.Time{}); err != nil {
		t.Fatalf("Relay.PruneOutbox: %v", err)
	}
	got = e.readOutbox(t, ws, all.Cursor, 0)
	checkEvents(t, "Relay.ReadOutbox after PruneOutbox, with a consumer of every workspace behind the event", got, []store.OutboxEvent{late})
	if len(got) == 1 {
		if err := r.AckConsumer(ctx, allName, got[0].Position); err != nil {
			t.Fatalf("Relay.AckConsumer: %v", err)
		}
	}
	if err := r.DeleteConsumer(ctx, allName); err != nil {
		t.Fatalf("Relay.DeleteConsumer: %v", err)
	}
	if _, err := r.PruneOutbox(ctx, time.Time{}); err != nil {
		t.Fatalf("Relay.PruneOutbox: %v", err)
	}
	checkEvents(t, "Relay.ReadOutbox after PruneOutbox with no consumer of the workspace left (every event is deleted)", e.readOutbox(t, ws, 0, 0), nil)
}

// testOutboxReadBounds: a batch holds at most OutboxQuery.Size() events,
// DefaultLimit for a Limit of zero or less and MaxLimit past it, and one
// that is full ends at its last event.
func testOutboxReadBounds(t *testing.T, e *env) {
	ws := newWorkspace()
	c := e.consumer(t, "bounds-"+string(ws), ws)
	evs := make([]store.OutboxEvent, store.MaxLimit+1)
	for i := range evs {
		evs[i] = e.outboxEvent(ws, i)
	}
	e.appendOutbox(t, evs...)
	r := e.relay(t)
	for _, limit := range []int{0, -1, 7, store.MaxLimit + 1} {
		q := store.OutboxQuery{After: c.Cursor, Workspace: ws, Limit: limit}
		b, err := r.ReadOutbox(t.Context(), q)
		switch {
		case err != nil:
			t.Errorf("Relay.ReadOutbox of %d events with Limit %d: got err %v, want nil", len(evs), limit, err)
		case len(b.Events) > q.Size():
			t.Errorf("Relay.ReadOutbox of %d events with Limit %d: got %d events, want at most OutboxQuery.Size() = %d (DefaultLimit when zero or negative, at most MaxLimit)", len(evs), limit, len(b.Events), q.Size())
		case len(b.Events) == q.Size() && b.Next != b.Events[len(b.Events)-1].Position:
			t.Errorf("Relay.ReadOutbox of %d events with Limit %d: a full batch has Next %d, want %d, the Position of its last event", len(evs), limit, b.Next, b.Events[len(b.Events)-1].Position)
		}
	}
	checkEvents(t, "Relay.ReadOutbox, batch after batch with Limit 0", e.readOutbox(t, ws, c.Cursor, 0), evs)
}

// testOutboxPrunedNext: pruned events were committed, so a batch that is
// not full, read after they were deleted, still has a Next of at least
// their positions (store.OutboxBatch.Next: the greatest position
// committed), and a consumer registered at the last position starts there:
// a reader that keeps Next never moves back.
func testOutboxPrunedNext(t *testing.T, e *env) {
	pruning.Lock()
	defer pruning.Unlock()
	ws := newWorkspace()
	c := e.consumer(t, "pruned-"+string(ws), ws)
	e.appendOutbox(t, e.outboxEvent(ws, 1), e.outboxEvent(ws, 2))
	got := e.readOutbox(t, ws, c.Cursor, 0)
	if len(got) != 2 {
		t.Fatalf("Relay.ReadOutbox of the 2 events appended: got %d", len(got))
	}
	ctx, r, last := t.Context(), e.relay(t), got[1].Position
	if err := r.AckConsumer(ctx, c.Name, last); err != nil {
		t.Fatalf("Relay.AckConsumer: %v", err)
	}
	if _, err := r.PruneOutbox(ctx, time.Time{}); err != nil {
		t.Fatalf("Relay.PruneOutbox: %v", err)
	}
	b, err := r.ReadOutbox(ctx, store.OutboxQuery{Workspace: ws})
	if err != nil || b.Next < last {
		t.Errorf("Relay.ReadOutbox after PruneOutbox deleted the events its consumer passed: got Next %d, err %v; want Next at least %d, the position of the last event pruned (the greatest position committed: a reader never moves back)", b.Next, err, last)
	}
	fresh := e.consumer(t, "pruned-late-"+string(ws), ws)
	if fresh.Cursor < last {
		t.Errorf("Relay.RegisterConsumer at the last position after PruneOutbox: got Cursor %d, want at least %d, the position of the last event pruned (the greatest position committed)", fresh.Cursor, last)
	}
}

// testOutboxConcurrentWriters: writers append in two workspaces while a
// reader reads every workspace after its cursor. The reader must get every
// event once, in ascending positions, each writer's in the order it wrote
// them, and nothing may appear later behind its cursor (the outbox gap):
// what it read equals what a reading after the writers ended finds.
func testOutboxConcurrentWriters(t *testing.T, e *env) {
	r := e.relay(t)
	ws := []contact.WorkspaceID{newWorkspace(), newWorkspace()}
	c0 := e.consumer(t, "concurrent-0-"+string(ws[0]), ws[0])
	e.consumer(t, "concurrent-1-"+string(ws[1]), ws[1])
	const txs, perTx = 10, 3
	writers := e.opts.Writers
	want := writers * txs * perTx
	mine := func(ev store.OutboxEvent) bool { return ev.Workspace == ws[0] || ev.Workspace == ws[1] }

	ctx := t.Context()
	var (
		wg        sync.WaitGroup
		errs      = make(chan error, writers+1)
		written   = make([][]uuid.UUID, writers)
		done      = make(chan struct{})
		read      []store.OutboxEvent
		readerErr error
	)
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		after := c0.Cursor
		deadline := time.Now().Add(60 * time.Second)
		for len(read) < want {
			if time.Now().After(deadline) {
				readerErr = fmt.Errorf("the reader got %d of %d events in 60s", len(read), want)
				return
			}
			b, err := r.ReadOutbox(ctx, store.OutboxQuery{After: after, Limit: 37})
			if err != nil {
				readerErr = fmt.Errorf("Relay.ReadOutbox after %d: %w", after, err)
				return
			}
			for _, ev := range b.Events {
				if mine(ev) {
					read = append(read, ev)
				}
			}
			after = b.Next
			if len(b.Events) == 0 {
				select {
				case <-done:
					// The writers ended: one more reading finds the rest.
				default:
					time.Sleep(5 * time.Millisecond)
				}
			}
		}
	}()
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range txs {
				batch := make([]store.OutboxEvent, perTx)
				for j := range batch {
					batch[j] = e.outboxEvent(ws[w%2], w*1000+i*perTx+j)
					written[w] = append(written[w], batch[j].ID)
				}
				if err := e.tryAppend(t, batch...); err != nil {
					errs <- fmt.Errorf("writer %d: Outbox.Append in Store.Update: %w", w, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(done)
	<-readerDone
	close(errs)
	for err := range errs {
		t.Errorf("%v", err)
	}
	if readerErr != nil {
		t.Errorf("%v", readerErr)
	}
	seen := make(map[uuid.UUID]int64)
	for i, ev := range read {
		if _, dup := seen[ev.ID]; dup {
			t.Errorf("the concurrent reader got event %s twice; want every event once", ev.ID)
		}
		seen[ev.ID] = ev.Position
		if i > 0 && ev.Position <= read[i-1].Position {
			t.Errorf("the concurrent reader got Position %d after %d; want ascending positions", ev.Position, read[i-1].Position)
		}
	}
	for w, ids := range written {
		last := int64(0)
		for _, id := range ids {
			p, ok := seen[id]
			if !ok {
				t.Errorf("writer %d: event %s committed but never read by the concurrent reader (the outbox gap: an event became visible behind the reader's cursor)", w, id)
				continue
			}
			if p <= last {
				t.Errorf("writer %d: its events are not in the order it committed them (Position %d after %d)", w, p, last)
			}
			last = p
		}
	}
	var after []store.OutboxEvent
	for _, ev := range e.readOutbox(t, "", c0.Cursor, 0) {
		if mine(ev) {
			after = append(after, ev)
		}
	}
	if len(after) != len(read) {
		t.Errorf("read after the writers ended: %d events; read concurrently: %d; want the same events", len(after), len(read))
	} else {
		checkEvents(t, "the concurrent reading against the reading after the writers ended", read, after)
	}
}
