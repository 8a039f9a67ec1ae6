package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// The order of the errors of a read (store.Tx): ctx.Err(), then
// store.ErrInvalid for a malformed call (no workspace, a nil Kind, a
// cursor the Store did not hand out), before anything is read, then what
// is stored: an ID that nothing has is store.ErrNotFound, and a workspace
// that holds nothing is no error, only empty. Each table below is made in
// transactions of View and of Update alike, with and without a Prefetch.

// notACursor is a cursor no Store hands out.
const notACursor = "storetest-not-a-cursor"

// ruleEmptyWorkspace is the rule a read of a workspace that holds nothing
// quotes.
const ruleEmptyWorkspace = "a workspace that holds nothing, whatever its name, has no record: a read of it finds nothing (store.ErrNotFound from Get), which is no error of the caller, not store.ErrInvalid"

// ruleNoSuchID is the rule a read of an ID that no record can have quotes.
const ruleNoSuchID = "an ID that no record can have (the zero contact.ID, an empty record ID) is not found, as it is by Update and Delete: store.ErrNotFound, not store.ErrInvalid"

// inViewAndUpdate returns each read of rows twice: in a transaction of
// View and in one of Update.
func inViewAndUpdate(rows []refusedCall) []refusedCall {
	out := make([]refusedCall, 0, 2*len(rows))
	for _, r := range rows {
		r.read = true
		v := r
		v.view = true
		out = append(out, v, r)
	}
	return out
}

// cancelledRow returns r made with a cancelled context.
func cancelledRow(r refusedCall) refusedCall {
	r.want, r.done, r.answer, r.rule = refuseDone, true, nil, ""
	return r
}

// listingAnswer returns a row's check of the items a listing gave over
// every page (readAll), of which ids gives the IDs: exactly want, in that
// order. A page may be shorter than asked and still have a Next, so a
// listing of a few items may take several pages.
func listingAnswer[T any, ID comparable](items *[]T, ids func([]T) []ID, want []ID) func() string {
	return func() string {
		if got := ids(*items); !slices.Equal(got, want) {
			return fmt.Sprintf("got %v over every page, want %v", got, want)
		}
		return ""
	}
}

func testContactsReadPrecedence(t *testing.T, e *env) {
	w := e.newKeyWorld(t)
	empty := newWorkspace() // never written
	never := newID()
	names := w.names(nil)
	names.Contacts = append(names.Contacts, never, contact.ID{})
	live := []contact.ID{w.holder.ID, w.other.ID, w.stored.ID}
	slices.SortFunc(live, contact.ID.Compare)
	heldKey := contact.EmailKey(w.holder.Email)

	get := func(what string, ws contact.WorkspaceID, id contact.ID, want refusal, rule string) refusedCall {
		return refusedCall{method: "Contacts.Get", what: what, want: want, rule: rule, prefetch: names, call: func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Contacts().Get(ctx, ws, id)
			return err
		}}
	}
	list := func(what string, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest, want refusal, ids []contact.ID, rule string) refusedCall {
		var got []contact.Contact
		r := refusedCall{method: "Contacts.List", what: what, want: want, rule: rule, prefetch: names, call: func(ctx context.Context, tx store.Tx) error {
			var err error
			got, err = readAll(p, func(p store.PageRequest) (store.Page[contact.Contact], error) {
				return tx.Contacts().List(ctx, ws, q, p)
			})
			return err
		}}
		if want == accept {
			r.answer = listingAnswer(&got, idsOf, ids)
		}
		return r
	}
	rows := []refusedCall{
		get("no workspace and the ID of a stored contact", "", w.stored.ID, refuseInvalid, ""),
		get("no workspace and the zero ID", "", contact.ID{}, refuseInvalid, ""),
		get("a workspace never written and the ID of a contact of another", empty, w.stored.ID, refuseNotFound, ruleEmptyWorkspace),
		get("the zero ID", w.ws, contact.ID{}, refuseNotFound, ruleNoSuchID),
		get("an ID never stored", w.ws, never, refuseNotFound, ""),
		list("no workspace", "", store.ContactQuery{}, store.PageRequest{}, refuseInvalid, nil, ""),
		list("no workspace and the key of a live contact of another", "", store.ContactQuery{Key: heldKey}, store.PageRequest{}, refuseInvalid, nil, ""),
		list("no workspace and a cursor it did not hand out", "", store.ContactQuery{}, store.PageRequest{Cursor: notACursor}, refuseInvalid, nil, ""),
		list("a workspace never written and a cursor it did not hand out", empty, store.ContactQuery{}, store.PageRequest{Cursor: notACursor}, refuseCursor, nil, ""),
		list("a cursor it did not hand out", w.ws, store.ContactQuery{}, store.PageRequest{Cursor: notACursor}, refuseCursor, nil, ""),
		list("a workspace never written", empty, store.ContactQuery{}, store.PageRequest{}, accept, []contact.ID{}, ruleEmptyWorkspace),
		list("a workspace never written and the key of a live contact of another", empty, store.ContactQuery{Key: heldKey}, store.PageRequest{}, accept, []contact.ID{}, ruleEmptyWorkspace),
		list("Limit -1", w.ws, store.ContactQuery{}, store.PageRequest{Limit: -1}, accept, live, ""),
		list(fmt.Sprintf("Limit %d, past store.MaxLimit", store.MaxLimit+1), w.ws, store.ContactQuery{}, store.PageRequest{Limit: store.MaxLimit + 1}, accept, live, ""),
	}
	if e.opts.Count {
		count := func(what string, ws contact.WorkspaceID, want refusal, n int, rule string) refusedCall {
			var got int
			r := refusedCall{method: "ContactCounter.Count", what: what, want: want, rule: rule, prefetch: names, call: func(ctx context.Context, tx store.Tx) error {
				c, ok := tx.Contacts().(store.ContactCounter)
				if !ok {
					return fmt.Errorf("storetest: Options.Count is declared, but the Contacts of the Tx (%T) is no store.ContactCounter", tx.Contacts())
				}
				var err error
				got, err = c.Count(ctx, ws, store.ContactQuery{})
				return err
			}}
			if want == accept {
				r.answer = func() string {
					if got != n {
						return fmt.Sprintf("got %d, want %d", got, n)
					}
					return ""
				}
			}
			return r
		}
		rows = append(rows,
			count("no workspace", "", refuseInvalid, 0, ""),
			count("a workspace never written", empty, accept, 0, ruleEmptyWorkspace),
			cancelledRow(count("no workspace", "", refuseInvalid, 0, "")),
		)
	}
	rows = append(rows,
		cancelledRow(get("no workspace", "", w.stored.ID, refuseInvalid, "")),
		cancelledRow(get("the ID of a stored contact", w.ws, w.stored.ID, accept, "")),
		cancelledRow(list("no workspace and a cursor it did not hand out", "", store.ContactQuery{}, store.PageRequest{Cursor: notACursor}, refuseInvalid, nil, "")),
	)
	e.refuse(t, "Contacts", w.ws, inViewAndUpdate(rows), nil)
}

// recordIDs returns the IDs of rs.
func recordIDs(rs []store.Record) []string {
	ids := make([]string, len(rs))
	for i := range rs {
		ids[i] = rs[i].ID
	}
	return ids
}

// testReadPrecedence checks the order of the errors of Records.Get and
// Records.List on records of the kind, two of which are stored.
func (s kindSample[K, T]) testReadPrecedence(t *testing.T, e *env) {
	g := e.newWorld(t, 3)
	k := s.kind()
	ws, empty := g.ws, newWorkspace()
	a, b, fresh := s.raw(e, t, g, 0), s.raw(e, t, g, 1), s.raw(e, t, g, 2)
	a.Keys.Order, b.Keys.Order = "a", "b"
	for _, r := range []*store.Record{&a, &b} {
		if err := e.putRaw(t, ws, k, r); err != nil {
			t.Fatalf("setup: Records.Put of a new %s: got err %v, want nil", k.Name(), err)
		}
	}
	both := []string{a.ID, b.ID}
	names := store.Prefetch{Records: []store.RecordRef{{Kind: k, ID: a.ID}, {Kind: k, ID: b.ID}, {Kind: k, ID: fresh.ID}}}
	get := func(what string, ws contact.WorkspaceID, k store.Kind, id string, want refusal, rule string) refusedCall {
		return refusedCall{method: "Records.Get of a " + s.name(), what: what, want: want, rule: rule, prefetch: names, call: func(ctx context.Context, tx store.Tx) error {
			_, err := tx.Records().Get(ctx, ws, k, id)
			return err
		}}
	}
	list := func(what string, ws contact.WorkspaceID, k store.Kind, p store.PageRequest, want refusal, ids []string, rule string) refusedCall {
		var got []store.Record
		r := refusedCall{method: "Records.List of " + s.name() + " records", what: what, want: want, rule: rule, prefetch: names, call: func(ctx context.Context, tx store.Tx) error {
			var err error
			got, err = readAll(p, func(p store.PageRequest) (store.Page[store.Record], error) {
				return tx.Records().List(ctx, ws, k, store.Query{}, p)
			})
			return err
		}}
		if want == accept {
			r.answer = listingAnswer(&got, recordIDs, ids)
		}
		return r
	}
	rows := []refusedCall{
		get("no workspace and the ID of a stored record", "", k, a.ID, refuseInvalid, ""),
		get("a nil Kind and the ID of a stored record", ws, nil, a.ID, refuseInvalid, ""),
		get("no workspace, a nil Kind and an empty ID", "", nil, "", refuseInvalid, ""),
		get("a workspace never written and the ID of a record of another", empty, k, a.ID, refuseNotFound, ruleEmptyWorkspace),
		get("an empty ID", ws, k, "", refuseNotFound, ruleNoSuchID),
		get("an ID never stored", ws, k, fresh.ID, refuseNotFound, ""),
		list("no workspace", "", k, store.PageRequest{}, refuseInvalid, nil, ""),
		list("a nil Kind", ws, nil, store.PageRequest{}, refuseInvalid, nil, ""),
		list("a nil Kind and a cursor it did not hand out", ws, nil, store.PageRequest{Cursor: notACursor}, refuseInvalid, nil, ""),
		list("a workspace never written and a cursor it did not hand out", empty, k, store.PageRequest{Cursor: notACursor}, refuseCursor, nil, ""),
		list("a workspace never written", empty, k, store.PageRequest{}, accept, []string{}, ruleEmptyWorkspace),
		list("Limit -1", ws, k, store.PageRequest{Limit: -1}, accept, both, ""),
		list(fmt.Sprintf("Limit %d, past store.MaxLimit", store.MaxLimit+1), ws, k, store.PageRequest{Limit: store.MaxLimit + 1}, accept, both, ""),
		cancelledRow(get("a nil Kind", ws, nil, a.ID, refuseInvalid, "")),
		cancelledRow(list("no workspace and a nil Kind", "", nil, store.PageRequest{}, refuseInvalid, nil, "")),
	}
	e.refuse(t, "Records", ws, inViewAndUpdate(rows), nil)
}

func testHistoryPrecedence(t *testing.T, e *env) {
	ws, empty := newWorkspace(), newWorkspace()
	x := e.person(ws, "Ada", "Lovelace")
	e.create(t, &x)
	kept := []contact.Change{e.change(x.ID, contact.FieldCity, "", "Lyon", 1), e.change(x.ID, contact.FieldCity, "Lyon", "Oslo", 2)}
	e.appendHistory(t, ws, kept...)
	extra := e.change(x.ID, contact.FieldCity, "Oslo", "Rome", 3)
	orphan := e.change(contact.ID{}, contact.FieldCity, "", "Nowhere", 4)
	names := store.Prefetch{Contacts: []contact.ID{x.ID}}

	appendRow := func(what string, ws contact.WorkspaceID, want refusal, changes ...contact.Change) refusedCall {
		return refusedCall{method: "History.Append", what: what, want: want, prefetch: names, call: func(ctx context.Context, tx store.Tx) error {
			return tx.History().Append(ctx, ws, changes...)
		}}
	}
	deleteRow := func(what string, ws contact.WorkspaceID, want refusal) refusedCall {
		return refusedCall{method: "History.Delete", what: what, want: want, prefetch: names, call: func(ctx context.Context, tx store.Tx) error {
			return tx.History().Delete(ctx, ws, x.ID)
		}}
	}
	writes := []refusedCall{
		appendRow("no workspace", "", refuseInvalid, extra),
		appendRow("no workspace and no change", "", refuseInvalid),
		appendRow("a change of the zero contact after a change of a stored one", ws, refuseInvalid, extra, orphan),
		deleteRow("no workspace", "", refuseInvalid),
	}
	viewAppend := appendRow("no workspace", "", refuseReadOnly, extra)
	viewAppend.view = true
	viewDelete := deleteRow("no workspace", "", refuseReadOnly)
	viewDelete.view = true
	writes = append(writes, viewAppend, viewDelete,
		cancelledRow(appendRow("no workspace", "", refuseInvalid, extra)),
		cancelledRow(deleteRow("no workspace", "", refuseInvalid)))
	unchanged := func(after string) {
		t.Helper()
		if got, ok := e.listHistory(t, ws, x.ID, "", 0, 10); ok {
			checkChanges(t, after+", History.List of the contact (a refused call writes nothing)", got, kept)
		}
		if got, ok := e.listHistory(t, ws, contact.ID{}, "", 0, 10); ok && len(got) != 0 {
			t.Errorf("%s, History.List of the zero contact: got %d changes, want none (a refused call writes nothing)", after, len(got))
		}
	}
	e.refuse(t, "History", ws, writes, unchanged)

	list := func(what string, ws contact.WorkspaceID, id contact.ID, p store.PageRequest, want refusal, n int, rule string) refusedCall {
		var got []contact.Change
		r := refusedCall{what: what, want: want, rule: rule, prefetch: names, call: func(ctx context.Context, tx store.Tx) error {
			var err error
			got, err = readAll(p, func(p store.PageRequest) (store.Page[contact.Change], error) {
				return tx.History().List(ctx, ws, id, "", p)
			})
			return err
		}}
		if want == accept {
			r.answer = func() string {
				if len(got) != n {
					return fmt.Sprintf("got %d changes over every page, want %d", len(got), n)
				}
				return ""
			}
		}
		return r
	}
	reads := []refusedCall{
		list("no workspace", "", x.ID, store.PageRequest{}, refuseInvalid, 0, ""),
		list("no workspace and a cursor it did not hand out", "", x.ID, store.PageRequest{Cursor: notACursor}, refuseInvalid, 0, ""),
		list("a workspace never written and a cursor it did not hand out", empty, x.ID, store.PageRequest{Cursor: notACursor}, refuseCursor, 0, ""),
		list("a workspace never written", empty, x.ID, store.PageRequest{}, accept, 0, ruleEmptyWorkspace),
		list("the zero ID", ws, contact.ID{}, store.PageRequest{}, accept, 0, "a contact with no history, the zero ID included, gives an empty page"),
		list("Limit -1", ws, x.ID, store.PageRequest{Limit: -1}, accept, len(kept), ""),
		list(fmt.Sprintf("Limit %d, past store.MaxLimit", store.MaxLimit+1), ws, x.ID, store.PageRequest{Limit: store.MaxLimit + 1}, accept, len(kept), ""),
		cancelledRow(list("no workspace", "", x.ID, store.PageRequest{}, refuseInvalid, 0, "")),
	}
	e.refuse(t, "History.List", ws, inViewAndUpdate(reads), nil)
}

// testPrefetchPrecedence checks the errors of Prefetch: ctx.Err(), then
// store.ErrInvalid for no workspace or a RecordRef with a nil Kind or an
// empty ID, in View and Update; names of nothing stored are no error.
func testPrefetchPrecedence(t *testing.T, e *env) {
	ws, empty := newWorkspace(), newWorkspace()
	x := e.person(ws, "Ada", "Lovelace")
	x.Email = mustEmail(t, "ada@prefetch-precedence.example")
	e.create(t, &x)
	k := store.KindTag
	row := func(what string, ws contact.WorkspaceID, p store.Prefetch, want refusal, rule string) refusedCall {
		return refusedCall{what: what, want: want, rule: rule, call: func(ctx context.Context, tx store.Tx) error {
			pf := store.PrefetcherOf(tx)
			if pf == nil {
				return fmt.Errorf("storetest: Options.Prefetch is declared, but store.PrefetcherOf(%T) is nil", tx)
			}
			return pf.Prefetch(ctx, ws, p)
		}}
	}
	all := store.Prefetch{Keys: []string{contact.EmailKey(x.Email)}, Contacts: []contact.ID{x.ID}, Records: []store.RecordRef{{Kind: k, ID: "storetest-absent"}}}
	rows := []refusedCall{
		row("no workspace", "", all, refuseInvalid, ""),
		row("no workspace and nothing named", "", store.Prefetch{}, refuseInvalid, ""),
		row("a RecordRef with a nil Kind", ws, store.Prefetch{Records: []store.RecordRef{{ID: "storetest-absent"}}}, refuseInvalid, ""),
		row("a RecordRef with an empty ID", ws, store.Prefetch{Contacts: []contact.ID{x.ID}, Records: []store.RecordRef{{Kind: k}}}, refuseInvalid, ""),
		row("a workspace never written", empty, all, accept, ruleEmptyWorkspace),
		row("the IDs and keys of a workspace", ws, all, accept, ""),
		cancelledRow(row("no workspace", "", all, refuseInvalid, "")),
	}
	e.refuse(t, "Prefetch", ws, inViewAndUpdate(rows), nil)
}

// testOutboxPrecedence checks the errors of Outbox.Append (ctx.Err(),
// store.ErrReadOnly in a View, store.ErrInvalid for a malformed event) and
// of the Relay (ctx.Err(), store.ErrInvalid for a malformed call before
// anything is read, then what the consumer's name finds).
func testOutboxPrecedence(t *testing.T, e *env) {
	ws := newWorkspace()
	r := e.relay(t)
	good := e.outboxEvent(ws, 1)
	bad := func(edit func(ev *store.OutboxEvent)) store.OutboxEvent {
		ev := e.outboxEvent(ws, 2)
		edit(&ev)
		return ev
	}
	appendRow := func(what string, want refusal, events ...store.OutboxEvent) refusedCall {
		return refusedCall{what: what, want: want, call: func(ctx context.Context, tx store.Tx) error {
			ob := store.OutboxOf(tx)
			if ob == nil {
				return fmt.Errorf("storetest: Options.Outbox is declared, but store.OutboxOf(%T) is nil", tx)
			}
			return ob.Append(ctx, events...)
		}}
	}
	zeroID := bad(func(ev *store.OutboxEvent) { ev.ID = uuid.UUID{} })
	rows := []refusedCall{
		appendRow("an event with the zero ID, after a well-formed one", refuseInvalid, good, zeroID),
		appendRow("an event with no Workspace", refuseInvalid, bad(func(ev *store.OutboxEvent) { ev.Workspace = "" })),
		appendRow("an event with no Type", refuseInvalid, bad(func(ev *store.OutboxEvent) { ev.Type = "" })),
		appendRow("an event with a Position", refuseInvalid, bad(func(ev *store.OutboxEvent) { ev.Position = 1 })),
		cancelledRow(appendRow("an event with the zero ID", refuseInvalid, zeroID)),
	}
	view := appendRow("an event with the zero ID", refuseReadOnly, zeroID)
	view.view = true
	rows = append(rows, view)
	unchanged := func(after string) {
		t.Helper()
		b, err := r.ReadOutbox(t.Context(), store.OutboxQuery{Workspace: ws})
		switch {
		case err != nil:
			t.Errorf("%s, Relay.ReadOutbox of the workspace: got err %v, want nil", after, err)
		case len(b.Events) != 0:
			t.Errorf("%s, Relay.ReadOutbox of the workspace: got %d events, want none (a refused call writes nothing)", after, len(b.Events))
		}
	}
	e.refuse(t, "Outbox.Append", ws, rows, unchanged)

	// The Relay's methods run in transactions of their own.
	unknown := "storetest-consumer-" + uuid.NewString()
	// Names RegisterConsumer must refuse, or the consumer it registered
	// with the third, whose Workspace it must refuse; each is deleted
	// when the case ends, should the Store have taken it.
	malformed := []string{unknown + "\x00nul", unknown + "\xff", unknown + "-nul-workspace"}
	t.Cleanup(func() {
		for _, name := range malformed {
			_ = r.DeleteConsumer(context.WithoutCancel(t.Context()), name)
		}
	})
	relayRows := []struct {
		what string
		call func(ctx context.Context) error
		want refusal
		done bool
	}{
		{"Relay.ReadOutbox with After -1", func(ctx context.Context) error {
			_, err := r.ReadOutbox(ctx, store.OutboxQuery{After: -1, Workspace: ws})
			return err
		}, refuseCursor, false},
		{"Relay.ReadOutbox with a cancelled context and After -1", func(ctx context.Context) error {
			_, err := r.ReadOutbox(ctx, store.OutboxQuery{After: -1, Workspace: ws})
			return err
		}, refuseDone, true},
		{"Relay.ReadOutbox with Limit -1", func(ctx context.Context) error {
			_, err := r.ReadOutbox(ctx, store.OutboxQuery{Limit: -1, Workspace: ws})
			return err
		}, accept, false},
		{"Relay.RegisterConsumer with an empty name", func(ctx context.Context) error {
			_, err := r.RegisterConsumer(ctx, store.Consumer{Workspace: ws})
			return err
		}, refuseInvalid, false},
		{"Relay.RegisterConsumer with a name that holds a NUL", func(ctx context.Context) error {
			_, err := r.RegisterConsumer(ctx, store.Consumer{Name: malformed[0], Workspace: ws})
			return err
		}, refuseInvalid, false},
		{"Relay.RegisterConsumer with a name that is not valid UTF-8", func(ctx context.Context) error {
			_, err := r.RegisterConsumer(ctx, store.Consumer{Name: malformed[1], Workspace: ws})
			return err
		}, refuseInvalid, false},
		{"Relay.RegisterConsumer with a Workspace that holds a NUL", func(ctx context.Context) error {
			_, err := r.RegisterConsumer(ctx, store.Consumer{Name: malformed[2], Workspace: ws + "\x00"})
			return err
		}, refuseInvalid, false},
		{"Relay.RegisterConsumer with a cancelled context and an empty name", func(ctx context.Context) error {
			_, err := r.RegisterConsumer(ctx, store.Consumer{Workspace: ws})
			return err
		}, refuseDone, true},
		{"Relay.Consumer with an empty name", func(ctx context.Context) error {
			_, err := r.Consumer(ctx, "")
			return err
		}, refuseNotFound, false},
		{"Relay.AckConsumer of an unknown consumer, past every position", func(ctx context.Context) error {
			return r.AckConsumer(ctx, unknown, 1<<62)
		}, refuseNotFound, false},
		{"Relay.AckConsumer with an empty name", func(ctx context.Context) error {
			return r.AckConsumer(ctx, "", 0)
		}, refuseNotFound, false},
		{"Relay.DeleteConsumer with an empty name", func(ctx context.Context) error {
			return r.DeleteConsumer(ctx, "")
		}, refuseNotFound, false},
		{"Relay.Consumer with a cancelled context", func(ctx context.Context) error {
			_, err := r.Consumer(ctx, unknown)
			return err
		}, refuseDone, true},
	}
	for _, row := range relayRows {
		ctx := t.Context()
		if row.done {
			ctx = cancelled(t)
		}
		problem := func() (problem string) {
			defer func() {
				if p := recover(); p != nil {
					problem = fmt.Sprintf("panicked: %v", p)
				}
			}()
			return row.want.problem(ctx, row.call(ctx), nil)
		}()
		if problem != "" {
			rule := row.want.rule()
			switch {
			case row.want == refuseNotFound:
				rule = "a consumer's name is never empty: an empty or unknown name is not found (store.ErrNotFound), before the position is judged"
			case row.want == refuseInvalid && strings.HasPrefix(row.what, "Relay.RegisterConsumer"):
				rule = "RegisterConsumer refuses with store.ErrInvalid a c.Name that is empty, and a c.Name or c.Workspace that is not valid UTF-8 or holds a NUL"
			}
			t.Errorf("%s: %s; %s", row.what, problem, rule)
		}
	}
	if _, err := r.Consumer(t.Context(), ""); err == nil {
		t.Errorf("after the calls above, Relay.Consumer with an empty name: got a consumer, want none (a refused call writes nothing)")
	}
}
