package contactkit_test

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// outboxHarness is a harness over a memory store that keeps an outbox,
// wrapped in storetest.Retrying, with the Relay of the store itself.
func outboxHarness(t *testing.T) (*harness, *memstore.Store, *contactkit.Relay) {
	t.Helper()
	mem := memstore.NewWith(&memstore.Options{Outbox: true})
	h := newHarnessOn(t, storetest.Retrying(mem))
	r, err := contactkit.NewRelay(mem)
	require.NoError(t, err)
	return h, mem, r
}

// drain reads every event of the outbox after cursor 0 (without a
// consumer), decoded.
func drain(t *testing.T, r *contactkit.Relay, ws contact.WorkspaceID) []contactkit.Delivery {
	t.Helper()
	var out []contactkit.Delivery
	after := int64(0)
	for range 1000 {
		b, err := r.Read(t.Context(), store.OutboxQuery{After: after, Workspace: ws, Limit: 7})
		require.NoError(t, err, "Relay.Read")
		out = append(out, b.Deliveries...)
		if len(b.Deliveries) == 0 {
			return out
		}
		after = b.Next
	}
	t.Fatal("Relay.Read does not end")
	return nil
}

func eventsOf(ds []contactkit.Delivery) []contactkit.Event {
	out := make([]contactkit.Event, len(ds))
	for i, d := range ds {
		out[i] = d.Event
	}
	return out
}

// TestOutboxHoldsWhatSubscribersGet runs calls that emit most kinds of
// event and checks that the outbox holds exactly the events the in-process
// subscriber received, decoded to the same values, in the same order, each
// with its own ID and an ascending position.
func TestOutboxHoldsWhatSubscribersGet(t *testing.T) {
	h, _, r := outboxHarness(t)
	ctx := t.Context()
	ada := h.create(t, owner, contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com"), Phone: new("06 12 34 56 78")}, "vip")
	_, err := h.svc.UpdateContact(ctx, owner, ada.ID, contact.Patch{LastName: new("Lovelace")})
	require.NoError(t, err)
	_, err = h.svc.TagContact(ctx, owner, ada.ID, "lead", "beta")
	require.NoError(t, err)
	_, err = h.svc.UntagContact(ctx, owner, ada.ID, "lead")
	require.NoError(t, err)
	_, err = h.svc.DeleteTag(ctx, owner, "beta")
	require.NoError(t, err)
	_, err = h.svc.ConnectChannel(ctx, owner, ada.ID, contact.ChannelWhatsApp)
	require.NoError(t, err)
	_, err = h.svc.RemoveChannel(ctx, owner, ada.ID, contact.ChannelWhatsApp)
	require.NoError(t, err)
	_, err = h.svc.Unsubscribe(ctx, owner, ada.ID, list.ChannelEmail, "asked")
	require.NoError(t, err)
	task, err := h.svc.AddTask(ctx, owner, ada.ID, contactkit.TaskInput{Title: "Call back"})
	require.NoError(t, err)
	_, err = h.svc.CompleteTask(ctx, owner, task.ID)
	require.NoError(t, err)
	_, err = h.svc.BlockContact(ctx, owner, ada.ID, "spam")
	require.NoError(t, err)
	_, err = h.svc.UnblockContact(ctx, owner, ada.ID)
	require.NoError(t, err)
	_, err = h.svc.DeleteContact(ctx, owner, ada.ID)
	require.NoError(t, err)
	_, err = h.svc.RestoreContact(ctx, owner, ada.ID)
	require.NoError(t, err)
	require.NoError(t, h.svc.EraseContact(ctx, owner, ada.ID))
	h.create(t, other, contact.Patch{FirstName: new("Grace")})

	delivered := h.takeEvents()
	got := drain(t, r, "")
	require.Equal(t, delivered, eventsOf(got), "the outbox holds the events the subscribers received, in order, decoded to the same values")
	ids := map[[16]byte]bool{}
	for i, d := range got {
		assert.False(t, ids[d.ID], "event %d: ID %s given twice", i, d.ID)
		ids[d.ID] = true
		if i > 0 {
			assert.Greater(t, d.Position, got[i-1].Position, "positions ascend in commit order")
		}
	}
	kinds := map[string]bool{}
	for _, e := range delivered {
		kinds[contactkit.EventType(e)] = true
	}
	assert.GreaterOrEqual(t, len(kinds), 14, "the scenario emits most kinds of event: %v", kinds)

	// Per workspace: the other workspace's event is not there.
	acme := drain(t, r, owner.Workspace)
	assert.Len(t, acme, len(got)-1, "Relay.Read of one workspace")
	for _, d := range acme {
		assert.Equal(t, owner.Workspace, d.Event.Meta().Workspace)
	}
}

// TestOutboxWithoutSubscribers: with an outbox, events are built and
// written even when nobody subscribes in process.
func TestOutboxWithoutSubscribers(t *testing.T) {
	mem := memstore.NewWith(&memstore.Options{Outbox: true})
	svc := contactkit.New(mem, nil)
	_, err := svc.CreateContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada")}})
	require.NoError(t, err)
	r, err := contactkit.NewRelay(mem)
	require.NoError(t, err)
	got := drain(t, r, "")
	require.Len(t, got, 1)
	assert.IsType(t, contactkit.ContactCreated{}, got[0].Event)
}

// TestOutboxRolledBackCallLeavesNoEvent: a call whose transaction fails
// after it built its events writes none of them; a store without an outbox
// keeps in-process delivery only.
func TestOutboxRolledBackCallLeavesNoEvent(t *testing.T) {
	h, mem, r := outboxHarness(t)
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	before := drain(t, r, "")
	require.Len(t, before, 1)

	bad := newHarnessOn(t, failingStore{mem})
	_, err := bad.svc.UpdateContact(t.Context(), owner, c.ID, contact.Patch{LastName: new("Lovelace")})
	require.ErrorIs(t, err, errInjected)
	_, err = bad.svc.CreateContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Grace")}, Tags: []string{"x"}})
	require.ErrorIs(t, err, errInjected)
	assert.Equal(t, before, drain(t, r, ""), "a rolled-back call leaves no event in the outbox")

	_, err = contactkit.NewRelay(storetest.Retrying(mem))
	assert.ErrorIs(t, err, store.ErrNoOutbox, "NewRelay of a wrapper")
	plain, err := contactkit.NewRelay(memstore.New())
	require.NoError(t, err, "memstore.Store implements store.Relay")
	_, err = plain.Read(t.Context(), store.OutboxQuery{})
	assert.ErrorIs(t, err, store.ErrNoOutbox, "Relay.Read of a memory store made without an outbox")
}

// TestOutboxSurvivesAFailedDelivery: the process dies between the commit
// and the in-process delivery (here a subscriber panics, and the panic
// ends the call); the outbox has the event all the same. The pgstore
// tests do it with a process that exits.
func TestOutboxSurvivesAFailedDelivery(t *testing.T) {
	mem := memstore.NewWith(&memstore.Options{Outbox: true})
	svc := contactkit.New(mem, &contactkit.Options{Subscribers: []contactkit.Subscriber{
		func(_ context.Context, _ contactkit.Event) { panic("the process dies here") },
	}})
	func() {
		defer func() { _ = recover() }()
		_, _ = svc.CreateContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada")}})
		t.Error("the subscriber did not run")
	}()
	r, err := contactkit.NewRelay(mem)
	require.NoError(t, err)
	got := drain(t, r, "")
	require.Len(t, got, 1, "the committed call's event is in the outbox")
	assert.IsType(t, contactkit.ContactCreated{}, got[0].Event)
}

// TestRelayConsumers: Register is idempotent and starts at the head; Next
// reads after the cursor without moving it; Ack moves it forward only;
// Prune keeps what a consumer has not passed.
func TestRelayConsumers(t *testing.T) {
	h, _, r := outboxHarness(t)
	ctx := t.Context()
	h.create(t, owner, contact.Patch{FirstName: new("Before")})
	c, err := r.Register(ctx, "index", "")
	require.NoError(t, err)
	assert.Positive(t, c.Cursor, "a new consumer starts after the last event")
	again, err := r.Register(ctx, "index", "")
	require.NoError(t, err, "Register again for the same workspace")
	assert.Equal(t, c, again)
	_, err = r.Register(ctx, "index", "ws-1")
	require.ErrorIs(t, err, store.ErrAlreadyExists, "Register again for another workspace")

	for _, n := range []string{"A", "B", "C"} {
		h.create(t, owner, contact.Patch{FirstName: new(n)})
	}
	b, err := r.Next(ctx, "index", 2)
	require.NoError(t, err)
	require.Len(t, b.Deliveries, 2)
	assert.Equal(t, "A", b.Deliveries[0].Event.(contactkit.ContactCreated).Snapshot.FirstName)
	b2, err := r.Next(ctx, "index", 2)
	require.NoError(t, err)
	assert.Equal(t, b, b2, "Next without Ack reads the same events")
	require.NoError(t, r.Ack(ctx, "index", b.Next))
	require.NoError(t, r.Ack(ctx, "index", c.Cursor), "Ack of an older position")
	b, err = r.Next(ctx, "index", 10)
	require.NoError(t, err)
	require.Len(t, b.Deliveries, 1)
	assert.Equal(t, "C", b.Deliveries[0].Event.(contactkit.ContactCreated).Snapshot.FirstName)

	n, err := r.Prune(ctx, time.Time{})
	require.NoError(t, err)
	assert.Equal(t, 3, n, "Prune deletes the events the only consumer passed")
	assert.Len(t, drain(t, r, ""), 1, "the event the consumer has not acknowledged is kept")
	n, err = r.Prune(ctx, h.now.Add(time.Second))
	require.NoError(t, err)
	assert.Equal(t, 1, n, "Prune deletes the events past the retention, passed or not")
	require.NoError(t, r.Unregister(ctx, "index"))
	_, err = r.Consumer(ctx, "index")
	assert.ErrorIs(t, err, store.ErrNotFound)
}

// TestEveryEventTypeIsEncoded: every type of the package that embeds
// EventMeta decodes to itself, not to an UnknownEvent (a new event type
// must be added to the outbox's table).
func TestEveryEventTypeIsEncoded(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	found := 0
	for _, f := range files {
		if filepath.Ext(f) != ".go" || len(f) > 8 && f[len(f)-8:] == "_test.go" {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		require.NoError(t, err)
		ast.Inspect(file, func(n ast.Node) bool {
			ts, ok := n.(*ast.TypeSpec)
			if !ok {
				return true
			}
			st, ok := ts.Type.(*ast.StructType)
			if !ok || ts.Name.Name == "UnknownEvent" {
				return true
			}
			for _, fl := range st.Fields.List {
				if id, ok := fl.Type.(*ast.Ident); ok && len(fl.Names) == 0 && id.Name == "EventMeta" {
					found++
					e, err := contactkit.DecodeEvent(ts.Name.Name, []byte(`{}`))
					require.NoError(t, err)
					_, unknown := e.(contactkit.UnknownEvent)
					assert.False(t, unknown, "%s decodes as an UnknownEvent: it is missing from the outbox's table of event types (outbox.go)", ts.Name.Name)
					assert.Equal(t, ts.Name.Name, contactkit.EventType(e), "%s is missing from the outbox's table of event types (outbox.go)", ts.Name.Name)
				}
			}
			return true
		})
	}
	assert.GreaterOrEqual(t, found, 20)
	e, err := contactkit.DecodeEvent("FromTheFuture", []byte(`{"Workspace":"ws-1","Extra":1}`))
	require.NoError(t, err)
	u, ok := e.(contactkit.UnknownEvent)
	require.True(t, ok, "an unknown type decodes to UnknownEvent")
	assert.Equal(t, contact.WorkspaceID("ws-1"), u.Meta().Workspace)
	typ, data, err := contactkit.EncodeEvent(u)
	require.NoError(t, err)
	assert.Equal(t, "FromTheFuture", typ)
	assert.JSONEq(t, `{"Workspace":"ws-1","Extra":1}`, string(data))
}

// TestOutboxHoldsTheEventsOfAnImport: an import's batches write their
// events to the outbox in their own transactions, as every other call does:
// the outbox holds exactly what the subscribers received, the followers of
// an updated contact named; a dry run writes none.
func TestOutboxHoldsTheEventsOfAnImport(t *testing.T) {
	h, _, r := outboxHarness(t)
	ctx := t.Context()
	ada := h.create(t, owner, contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")})
	_, err := h.svc.Follow(ctx, owner, ada.ID)
	require.NoError(t, err)
	h.takeEvents()
	before := len(drain(t, r, ""))

	csv := "First Name,Last Name,Email,Tags\nAda,Lovelace,ada@example.com,vip\nGrace,,grace@example.com,new\nAlan,,alan@example.com,\n"
	m := importer.Mapping{Columns: []importer.Column{
		{Index: 0, Target: importer.Target{Kind: importer.KindFirstName}},
		{Index: 1, Target: importer.Target{Kind: importer.KindLastName}},
		{Index: 2, Target: importer.Target{Kind: importer.KindEmail}},
		{Index: 3, Target: importer.Target{Kind: importer.KindTags}},
	}}
	dry, err := h.svc.Import(ctx, owner, mustOpen(t, csv), m, &contactkit.ImportOptions{DryRun: true, BatchSize: 2})
	require.NoError(t, err)
	require.Equal(t, 2, dry.Created)
	assert.Empty(t, h.takeEvents(), "a dry run delivers nothing")
	assert.Len(t, drain(t, r, ""), before, "a dry run writes nothing to the outbox")

	res, err := h.svc.Import(ctx, owner, mustOpen(t, csv), m, &contactkit.ImportOptions{BatchSize: 2})
	require.NoError(t, err)
	require.Equal(t, 2, res.Created)
	require.Equal(t, 1, res.Updated)
	delivered := h.takeEvents()
	got := eventsOf(drain(t, r, "")[before:])
	require.Equal(t, delivered, got, "the outbox holds the events the subscribers received")
	kinds := map[string]int{}
	for _, e := range got {
		kinds[contactkit.EventType(e)]++
		if e.Meta().Contact == ada.ID {
			assert.Equal(t, []contact.UserID{owner.User}, e.Meta().Followers, "%T names the follower of the updated contact", e)
		}
	}
	assert.Equal(t, 2, kinds[contactkit.EventType(contactkit.ContactCreated{})], "created: %v", kinds)
	assert.Equal(t, 1, kinds[contactkit.EventType(contactkit.ContactUpdated{})], "updated: %v", kinds)
	assert.Equal(t, 2, kinds[contactkit.EventType(contactkit.ContactTagged{})], "tagged: %v", kinds)
}

// followReads counts the listings of follows of the transactions of its
// Store.
type followReads struct {
	store.Store
	n *int
}

func (s followReads) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error { return fn(followTx{tx, s.n}) })
}

type followTx struct {
	store.Tx
	n *int
}

func (t followTx) Unwrap() store.Tx       { return t.Tx }
func (t followTx) Records() store.Records { return followRecords{t.Tx.Records(), t.n} }

type followRecords struct {
	store.Records
	n *int
}

func (r followRecords) List(ctx context.Context, ws contact.WorkspaceID, k store.Kind, q store.Query, p store.PageRequest) (store.Page[store.Record], error) {
	if k == store.KindFollow {
		*r.n++
	}
	return r.Records.List(ctx, ws, k, q, p)
}

// TestImportReadsNoFollowersOfWhatItCreates: an import whose events go to
// an outbox names the followers of the contacts it updates, and reads none
// for those it creates, which nobody follows yet.
func TestImportReadsNoFollowersOfWhatItCreates(t *testing.T) {
	mem := memstore.NewWith(&memstore.Options{Outbox: true})
	reads := 0
	svc := contactkit.New(followReads{mem, &reads}, &contactkit.Options{DefaultRegion: "FR"})
	ctx := t.Context()
	var b strings.Builder
	b.WriteString("Email\n")
	for i := range 50 {
		fmt.Fprintf(&b, "c%d@example.com\n", i)
	}
	r := mustOpen(t, b.String())
	res, err := svc.Import(ctx, owner, r, importer.Suggest(r.Header(), nil, nil, nil), &contactkit.ImportOptions{BatchSize: 10})
	require.NoError(t, err)
	require.Equal(t, 50, res.Created)
	assert.Zero(t, reads, "follows read for the contacts the import created")
}
