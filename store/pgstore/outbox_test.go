package pgstore_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/pgstore"
)

var outboxEvents = flag.Int("outbox.events", 0, "events TestOutboxConcurrentWriters writes: 0 means 100,000 under CI=true, 20,000 otherwise, 2,000 with -short")

// TestOutboxConcurrentWriters: 8 writers append 100,000 events (25 a
// transaction, in 4 workspaces) while a consumer reads them through the
// Relay and acknowledges each batch. The consumer gets every event once,
// in ascending positions; a transaction that committed before another
// began has the smaller positions (commit order); and what it read while
// the writers wrote is exactly what a reading after they ended finds (no
// event became visible behind its cursor).
func TestOutboxConcurrentWriters(t *testing.T) {
	total := *outboxEvents
	switch {
	case total > 0:
	case os.Getenv("CI") == "true":
		total = 100_000
	case testing.Short():
		total = 2_000
	default:
		total = 20_000
	}
	const writers, perTx = 8, 25
	s := pgstore.NewTestStore(t, &pgstore.Options{Outbox: true})
	ctx := t.Context()
	relay, err := contactkit.NewRelay(s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := relay.Register(ctx, "index", ""); err != nil {
		t.Fatal(err)
	}
	wss := []contact.WorkspaceID{"acme", "globex", "initech", "umbrella"}
	at := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)

	type txRecord struct {
		ids        []uuid.UUID
		start, end time.Time
	}
	records := make([][]txRecord, writers)
	txs := total / perTx
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	begin := time.Now()
	for w := range writers {
		wg.Go(func() {
			for i := w; i < txs; i += writers {
				batch := make([]store.OutboxEvent, perTx)
				rec := txRecord{ids: make([]uuid.UUID, perTx)}
				for j := range batch {
					id := uuid.Must(uuid.NewV7())
					rec.ids[j] = id
					batch[j] = store.OutboxEvent{ID: id, Workspace: wss[i%len(wss)], Type: "Test", Data: fmt.Appendf(nil, `{"w":%d,"i":%d}`, w, i), At: at}
				}
				rec.start = time.Now()
				err := s.Update(ctx, func(tx store.Tx) error { return store.OutboxOf(tx).Append(ctx, batch...) })
				rec.end = time.Now()
				if err != nil {
					errs <- fmt.Errorf("writer %d: %w", w, err)
					return
				}
				records[w] = append(records[w], rec)
			}
		})
	}
	writing := make(chan struct{})
	go func() { wg.Wait(); close(writing) }()

	// The consumer, on this goroutine, concurrently with the writers.
	read := consumeAll(t, relay, "index", txs*perTx, writing, errs, 5*time.Minute)
	<-writing
	elapsed := time.Since(begin)
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	t.Logf("%d events in %d transactions from %d writers, read concurrently by one consumer: %v (%.0f events/s, %.0f transactions/s)",
		len(read), txs, writers, elapsed.Round(time.Millisecond), float64(len(read))/elapsed.Seconds(), float64(txs)/elapsed.Seconds())

	pos := positions(t, read)
	var all []txRecord
	for w := range records {
		for _, rec := range records[w] {
			for _, id := range rec.ids {
				if _, ok := pos[id]; !ok {
					t.Fatalf("event %s committed but not read (an event became visible behind the consumer's cursor)", id)
				}
			}
			if !slices.IsSortedFunc(rec.ids, func(a, b uuid.UUID) int { return int(pos[a] - pos[b]) }) {
				t.Fatalf("the events of one transaction are not in the order appended")
			}
			all = append(all, rec)
		}
	}
	// Commit order: sorted by position, no transaction that ended before
	// another began comes after it.
	slices.SortFunc(all, func(a, b txRecord) int { return int(pos[a.ids[0]] - pos[b.ids[0]]) })
	minEnd := time.Time{}
	for i := len(all) - 1; i >= 0; i-- {
		if !minEnd.IsZero() && minEnd.Before(all[i].start) {
			t.Fatalf("a transaction that committed before another began has greater positions (position %d)", pos[all[i].ids[0]])
		}
		if minEnd.IsZero() || all[i].end.Before(minEnd) {
			minEnd = all[i].end
		}
	}
	// Nothing appeared behind the cursor: reading again from the start
	// finds the same events.
	var again []contactkit.Delivery
	after := int64(0)
	for {
		b, err := relay.Read(ctx, store.OutboxQuery{After: after, Limit: store.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Deliveries) == 0 {
			break
		}
		again = append(again, b.Deliveries...)
		after = b.Next
	}
	if len(again) != len(read) {
		t.Fatalf("read after the writers ended: %d events; read concurrently: %d", len(again), len(read))
	}
	for i := range again {
		if again[i].ID != read[i].ID || again[i].Position != read[i].Position {
			t.Fatalf("event %d: read after the writers ended %s at %d, read concurrently %s at %d", i, again[i].ID, again[i].Position, read[i].ID, read[i].Position)
		}
	}
	n, err := relay.Prune(ctx, time.Time{})
	if err != nil || n != len(read) {
		t.Errorf("Prune after the only consumer acknowledged everything: %d, %v; want %d", n, err, len(read))
	}
}

// TestOutboxPruneWhileWriting: 4 writers append while a consumer reads and
// acknowledges each batch and another goroutine prunes what it passed. The
// mark that Prune records (the greatest position it deleted) must never
// carry a reader past a position not yet committed: the consumer gets
// every event once, in ascending positions. Each writer holds its
// positions uncommitted for a moment after Append, so that a prune often
// runs while some are taken (a mark taken from the identity sequence
// fails here most runs). Once every event is pruned, Read's Next is still
// the last position.
func TestOutboxPruneWhileWriting(t *testing.T) {
	const writers, txs, perTx = 4, 25, 3
	s := pgstore.NewTestStore(t, &pgstore.Options{Outbox: true})
	ctx := t.Context()
	relay, err := contactkit.NewRelay(s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := relay.Register(ctx, "tail", ""); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)
	var (
		wg      sync.WaitGroup
		errs    = make(chan error, writers+1)
		written = make(chan uuid.UUID, writers*txs*perTx)
	)
	for w := range writers {
		wg.Go(func() {
			for i := range txs {
				batch := make([]store.OutboxEvent, perTx)
				for j := range batch {
					batch[j] = store.OutboxEvent{ID: uuid.Must(uuid.NewV7()), Workspace: "acme", Type: "Test", Data: fmt.Appendf(nil, `{"w":%d,"i":%d}`, w, i), At: at}
				}
				err := s.Update(ctx, func(tx store.Tx) error {
					err := store.OutboxOf(tx).Append(ctx, batch...)
					time.Sleep(2 * time.Millisecond) // positions taken, not committed: the outbox gap's window
					return err
				})
				if err != nil {
					errs <- fmt.Errorf("writer %d: %w", w, err)
					return
				}
				for _, e := range batch {
					written <- e.ID
				}
			}
		})
	}
	writing := make(chan struct{})
	pruning := make(chan struct{})
	go func() { wg.Wait(); close(writing) }()
	go func() {
		defer close(pruning)
		for {
			if _, err := relay.Prune(ctx, time.Time{}); err != nil {
				errs <- fmt.Errorf("prune: %w", err)
				return
			}
			select {
			case <-writing:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()

	read := consumeAll(t, relay, "tail", writers*txs*perTx, writing, errs, 2*time.Minute)
	<-writing
	<-pruning
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	close(written)
	pos := positions(t, read)
	for id := range written {
		if _, ok := pos[id]; !ok {
			t.Fatalf("event %s committed but not read by the consumer while Prune ran", id)
		}
	}
	if _, err := relay.Prune(ctx, time.Time{}); err != nil {
		t.Fatal(err)
	}
	last := read[len(read)-1].Position
	if b, err := relay.Read(ctx, store.OutboxQuery{}); err != nil || len(b.Deliveries) != 0 || b.Next != last {
		t.Errorf("Read after every event was pruned: got %d events, Next %d, err %v; want none and Next %d, the last position", len(b.Deliveries), b.Next, err, last)
	}
}

// TestMigrationOutboxPrunedStartsAtTheLastPosition: migration 0010 starts
// the mark of the pruned positions at the last position the outbox handed
// out, so that an outbox pruned by an earlier version keeps its head.
func TestMigrationOutboxPrunedStartsAtTheLastPosition(t *testing.T) {
	ctx := t.Context()
	pool := migratedTo(t, 9)
	for range 3 {
		if _, err := pool.Exec(ctx, `INSERT INTO outbox (id, workspace_id, type, at_ns, data) VALUES ($1, 'w', 'Test', 0, '')`, uuid.New()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pool.Exec(ctx, `DELETE FROM outbox`); err != nil { // as version 9's Prune left it
		t.Fatal(err)
	}
	if err := pgstore.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	b, err := pgstore.New(pool, &pgstore.Options{Outbox: true}).ReadOutbox(ctx, store.OutboxQuery{})
	if err != nil || len(b.Events) != 0 || b.Next != 3 {
		t.Errorf("ReadOutbox of an outbox pruned before migration 0010: got %d events, Next %d, err %v; want none and Next 3", len(b.Events), b.Next, err)
	}
}

// consumeAll reads the events of consumer name through relay, on the
// test's goroutine, acknowledging each batch, until it holds want of them,
// while writers write (writing is closed when they end, errs gets their
// failures). A consumer that finds nothing more once the writers ended
// while events are missing fails: they became visible behind its cursor.
func consumeAll(t *testing.T, relay *contactkit.Relay, name string, want int, writing <-chan struct{}, errs <-chan error, timeout time.Duration) []contactkit.Delivery {
	t.Helper()
	ctx := t.Context()
	var read []contactkit.Delivery
	deadline := time.Now().Add(timeout)
	for len(read) < want {
		if time.Now().After(deadline) {
			t.Fatalf("the consumer got %d of %d events in %v", len(read), want, timeout)
		}
		select {
		case err := <-errs:
			t.Fatal(err)
		default:
		}
		b, err := relay.Next(ctx, name, store.MaxLimit)
		if err != nil {
			t.Fatal(err)
		}
		read = append(read, b.Deliveries...)
		if err := relay.Ack(ctx, name, b.Next); err != nil {
			t.Fatal(err)
		}
		if len(b.Deliveries) == 0 {
			select {
			case <-writing:
				if b, _ := relay.Next(ctx, name, 1); len(b.Deliveries) == 0 && len(read) < want {
					t.Fatalf("the writers ended and the consumer has read %d of %d events: the others became visible behind its cursor", len(read), want)
				}
			case <-time.After(2 * time.Millisecond):
			}
		}
	}
	return read
}

// positions returns the position of each event read, failing if one was
// read twice or the positions do not ascend.
func positions(t *testing.T, read []contactkit.Delivery) map[uuid.UUID]int64 {
	t.Helper()
	pos := make(map[uuid.UUID]int64, len(read))
	for i, d := range read {
		if _, dup := pos[d.ID]; dup {
			t.Fatalf("event %s read twice", d.ID)
		}
		pos[d.ID] = d.Position
		if i > 0 && d.Position <= read[i-1].Position {
			t.Fatalf("position %d read after %d", d.Position, read[i-1].Position)
		}
	}
	return pos
}

// TestOutboxServiceConcurrent: Service calls from 8 goroutines in two
// workspaces, a consumer of one workspace reading concurrently; every
// event of its workspace arrives once, and they equal what the in-process
// subscriber got, as a set.
func TestOutboxServiceConcurrent(t *testing.T) {
	s := pgstore.NewTestStore(t, &pgstore.Options{Outbox: true})
	ctx := t.Context()
	var (
		mu        sync.Mutex
		delivered = map[uuid.UUID]bool{}
	)
	svc := contactkit.New(s, &contactkit.Options{Subscribers: []contactkit.Subscriber{func(_ context.Context, e contactkit.Event) {
		if c, ok := e.(contactkit.ContactCreated); ok && c.Workspace == "acme" {
			mu.Lock()
			delivered[uuid.UUID(c.Contact)] = true
			mu.Unlock()
		}
	}}})
	relay, err := contactkit.NewRelay(s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := relay.Register(ctx, "acme-sync", "acme"); err != nil {
		t.Fatal(err)
	}
	const writers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			ws := contact.WorkspaceID([]string{"acme", "globex"}[w%2])
			a := contactkit.Actor{Workspace: ws, User: "u", Role: contactkit.RoleOwner}
			for i := range each {
				if _, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(fmt.Sprintf("W%d-%d", w, i))}}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	got := map[uuid.UUID]bool{}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for want := writers / 2 * each; len(got) < want; {
		select {
		case err := <-errs:
			t.Fatal(err)
		default:
		}
		b, err := relay.Next(ctx, "acme-sync", 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range b.Deliveries {
			c, ok := d.Event.(contactkit.ContactCreated)
			if !ok || c.Workspace != "acme" {
				t.Fatalf("consumer of acme got %T of %q", d.Event, d.Event.Meta().Workspace)
			}
			if got[uuid.UUID(c.Contact)] {
				t.Fatalf("event of contact %s read twice", c.Contact)
			}
			got[uuid.UUID(c.Contact)] = true
		}
		if err := relay.Ack(ctx, "acme-sync", b.Next); err != nil {
			t.Fatal(err)
		}
		if len(b.Deliveries) == 0 {
			select {
			case <-done:
				if len(got) < want {
					b, _ := relay.Next(ctx, "acme-sync", 50)
					if len(b.Deliveries) == 0 {
						t.Fatalf("the writers ended; the consumer has %d of %d events", len(got), want)
					}
				}
			case <-time.After(2 * time.Millisecond):
			}
		}
	}
	<-done
	mu.Lock()
	defer mu.Unlock()
	if len(delivered) != len(got) {
		t.Errorf("in process: %d events; from the outbox: %d", len(delivered), len(got))
	}
	for id := range delivered {
		if !got[id] {
			t.Errorf("contact %s: delivered in process, not in the outbox", id)
		}
	}
}

// envCrash, when set, makes TestOutboxSurvivesACrash the process that
// crashes: it holds the search_path of the schema to write in.
const envCrash = "PGSTORE_TEST_OUTBOX_CRASH"

// TestOutboxSurvivesACrash: a process creates a contact through the
// Service and exits in the middle of delivering its event in process,
// after the commit (a subscriber calls os.Exit). The event is in the
// outbox, for a consumer to read after the restart; a call that failed
// left none.
func TestOutboxSurvivesACrash(t *testing.T) {
	if path := os.Getenv(envCrash); path != "" {
		crash(t, path)
		return
	}
	pool := pgstore.NewTestPool(t)
	s := pgstore.New(pool, &pgstore.Options{Outbox: true})
	relay, err := contactkit.NewRelay(s)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if _, err := relay.Register(ctx, "crm-sync", ""); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run", "^TestOutboxSurvivesACrash$", "-test.count=1")
	cmd.Env = append(os.Environ(), envCrash+"="+pool.Config().ConnConfig.RuntimeParams["search_path"])
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 3 {
		t.Fatalf("the crashing process: got %v, want exit status 3; output:\n%s", err, out)
	}
	b, err := relay.Next(ctx, "crm-sync", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Deliveries) != 1 {
		t.Fatalf("after the crash, the consumer reads %d events, want 1 (the committed call's); output:\n%s", len(b.Deliveries), out)
	}
	c, ok := b.Deliveries[0].Event.(contactkit.ContactCreated)
	if !ok || c.Snapshot.FirstName != "Ada" {
		t.Fatalf("after the crash, the consumer reads %#v, want the ContactCreated of Ada", b.Deliveries[0].Event)
	}
	svc := contactkit.New(s, nil)
	got, err := svc.GetContact(ctx, contactkit.Actor{Workspace: "acme", User: "u", Role: contactkit.RoleOwner}, c.Contact)
	if err != nil || got.FirstName != "Ada" {
		t.Errorf("the contact of the event: %+v, %v", got, err)
	}
}

// crash is the process of TestOutboxSurvivesACrash that dies.
func crash(t *testing.T, searchPath string) {
	cfg, err := pgxpool.ParseConfig(os.Getenv("CONTACTKIT_POSTGRES_URL"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = searchPath
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := pgstore.New(pool, &pgstore.Options{Outbox: true})
	owner := contactkit.Actor{Workspace: "acme", User: "u", Role: contactkit.RoleOwner}
	// A call that fails leaves no event.
	failing := contactkit.New(failAfter{s}, nil)
	if _, err := failing.CreateContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Rolled back")}}); err == nil {
		t.Fatal("the failing call succeeded")
	}
	svc := contactkit.New(s, &contactkit.Options{Subscribers: []contactkit.Subscriber{
		func(context.Context, contactkit.Event) { os.Exit(3) }, // killed after the commit
	}})
	_, err = svc.CreateContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada")}})
	t.Fatalf("the process did not die: %v", err)
}

// failAfter fails every read-write transaction after its function ran.
type failAfter struct{ store.Store }

func (f failAfter) Update(ctx context.Context, fn func(store.Tx) error) error {
	return f.Store.Update(ctx, func(tx store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errors.New("injected failure")
	})
}

// BenchmarkServiceCreateContactOutbox is BenchmarkServiceCreateContact
// with the outbox on: the same call writes its events (ContactCreated,
// ContactTagged) in its transaction, under the outbox's lock.
func BenchmarkServiceCreateContactOutbox(b *testing.B) {
	pool := pgstore.NewTestPool(b)
	svc := contactkit.New(pgstore.New(pool, &pgstore.Options{Outbox: true}), &contactkit.Options{DefaultRegion: "FR"})
	actor := contactkit.Actor{Workspace: "bench", User: "u", Role: contactkit.RoleOwner, Source: contact.ChangeAPI}
	ctx := b.Context()
	i := 0
	for b.Loop() {
		i++
		_, err := svc.CreateContact(ctx, actor, contactkit.ContactInput{
			Patch: contact.Patch{FirstName: new("Ada"), LastName: new("Lovelace"),
				Email: new(fmt.Sprintf("ada%d@example.com", i)), Phone: new(fmt.Sprintf("+336%08d", i))},
			Tags: []string{"vip"},
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
