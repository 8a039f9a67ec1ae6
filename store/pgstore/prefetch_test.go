package pgstore_test

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/internal/fixture"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"
	"github.com/contactkit/contactkit/tag"
)

// TestImportAgreesWithMemstore imports the same files into memstore and
// into PostgreSQL, where each batch prefetches what it reads and pipelines
// its writes (store.Prefetcher): a file of new people, the same file again
// (every row now updates a contact written by an earlier import), and a
// file of other people. Both give the same outcome
// for every row, and the same contacts, consent ledger, memberships and
// history, to the byte.
func TestImportAgreesWithMemstore(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	type run struct {
		rows                               []string
		contacts, ledger, members, history []string
	}
	importAll := func(s store.Store) run {
		t.Helper()
		ctx := context.Background()
		var n uint64
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		svc := contactkit.New(s, &contactkit.Options{
			DefaultRegion: "FR",
			Consent:       list.Policy{DefaultConsent: list.ConsentUnsubscribed},
			Now:           func() time.Time { at = at.Add(time.Millisecond); return at },
			NewID: func() (uuid.UUID, error) {
				n++
				var id uuid.UUID
				binary.BigEndian.PutUint64(id[8:], n)
				id[6], id[8] = 0x70, 0x80|id[8]&0x3f
				return id, nil
			},
		})
		a := contactkit.Actor{Workspace: "agree", User: "u", Role: contactkit.RoleOwner} // a schema of its own on PostgreSQL
		l, err := svc.CreateList(ctx, a, list.List{Name: "Imported"})
		if err != nil {
			t.Fatal(err)
		}
		if err := fixture.DefineFields(ctx, svc, a); err != nil {
			t.Fatal(err)
		}
		var out run
		for i, file := range []struct {
			seed uint64
			rows int
		}{{5, 900}, {5, 900}, {6, 400}} {
			g, size := fixture.New(file.seed, "FR"), file.rows
			r, m, err := fixture.OpenImport(ctx, svc, a, g.ImportCSV(size))
			if err != nil {
				t.Fatal(err)
			}
			res, err := svc.Import(ctx, a, r, m, &contactkit.ImportOptions{
				BatchSize: 128, Lists: []list.ID{l.ID}, Tags: []string{fmt.Sprintf("file %d", i)},
				OnRow: func(row contactkit.ImportRow) { out.rows = append(out.rows, fmt.Sprintf("%d: %+v", i, row)) },
			})
			if err != nil {
				t.Fatalf("import %d: %v", i, err)
			}
			out.rows = append(out.rows, fmt.Sprintf("%d: %+v", i, res))
		}
		err = s.View(ctx, func(tx store.Tx) error {
			for c, err := range store.All(ctx, store.MaxLimit, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Contact], error) {
				return tx.Contacts().List(ctx, a.Workspace, store.ContactQuery{}, p)
			}) {
				if err != nil {
					return err
				}
				out.contacts = append(out.contacts, jsonOf(t, c))
				page, err := tx.History().List(ctx, a.Workspace, c.ID, "", store.PageRequest{Limit: store.MaxLimit})
				if err != nil {
					return err
				}
				out.history = append(out.history, jsonOf(t, page.Items))
			}
			for e, err := range store.Consent(tx.Records()).All(ctx, a.Workspace, store.Query{}) {
				if err != nil {
					return err
				}
				out.ledger = append(out.ledger, jsonOf(t, e))
			}
			for m, err := range store.Memberships(tx.Records()).All(ctx, a.Workspace, store.Query{}) {
				if err != nil {
					return err
				}
				out.members = append(out.members, jsonOf(t, m))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	mem, pg := importAll(memstore.New()), importAll(pgstore.New(pool, nil))
	if len(mem.contacts) < 1000 || len(mem.ledger) < 1000 || len(mem.members) < 1000 {
		t.Fatalf("the files made %d contacts, %d ledger entries, %d memberships: too few to test", len(mem.contacts), len(mem.ledger), len(mem.members))
	}
	for _, c := range []struct {
		what    string
		mem, pg []string
	}{
		{"row outcome", mem.rows, pg.rows}, {"contact", mem.contacts, pg.contacts}, {"history", mem.history, pg.history},
		{"ledger entry", mem.ledger, pg.ledger}, {"membership", mem.members, pg.members},
	} {
		if len(c.mem) != len(c.pg) {
			t.Errorf("%d %ss on memstore, %d on PostgreSQL", len(c.mem), c.what, len(c.pg))
		}
		for i := range min(len(c.mem), len(c.pg)) {
			if c.mem[i] != c.pg[i] {
				t.Errorf("%s %d:\nmemstore   %s\nPostgreSQL %s", c.what, i, c.mem[i], c.pg[i])
				break
			}
		}
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestQueuedWriteMeetsAConcurrentOne: a write that a transaction queued
// after a Prefetch (a record at the version it read) and another
// transaction's write of the same record, committed in between: the queued
// write fails to serialize when it is sent, at the commit, and the
// transaction runs again from the start and writes over the other's.
func TestQueuedWriteMeetsAConcurrentOne(t *testing.T) {
	s := pgstore.NewTestStore(t, nil)
	ctx := t.Context()
	ws := contact.WorkspaceID("queued")
	name := tag.MustParseName("Contested")
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	tags := func(tx store.Tx) store.Table[tag.Name, tag.Tag] { return store.Tags(tx.Records()) }
	if err := s.Update(ctx, func(tx store.Tx) error { return tags(tx).Put(ctx, ws, &tag.Tag{Name: name, CreatedAt: at}) }); err != nil {
		t.Fatal(err)
	}
	attempts := 0
	err := s.Update(ctx, func(tx store.Tx) error {
		attempts++
		if err := store.PrefetcherOf(tx).Prefetch(ctx, ws, store.Prefetch{Records: []store.RecordRef{tags(tx).Ref(name)}}); err != nil {
			return err
		}
		tg, err := tags(tx).Get(ctx, ws, name)
		if err != nil {
			return err
		}
		if attempts == 1 { // another transaction writes it meanwhile
			err := s.Update(ctx, func(tx store.Tx) error {
				other, err := tags(tx).Get(ctx, ws, name)
				if err != nil {
					return err
				}
				other.CreatedAt = at.Add(time.Hour)
				return tags(tx).Put(ctx, ws, &other)
			})
			if err != nil {
				return err
			}
		}
		tg.CreatedAt = at.Add(time.Duration(attempts) * time.Minute)
		return tags(tx).Put(ctx, ws, &tg) // queued: sent at the commit
	})
	if err != nil {
		t.Fatal(err)
	}
	if attempts != 2 {
		t.Errorf("the transaction ran %d times, want 2: its queued write met the other's at the commit", attempts)
	}
	err = s.View(ctx, func(tx store.Tx) error {
		tg, err := tags(tx).Get(ctx, ws, name)
		if err != nil {
			return err
		}
		if tg.Version != 3 || !tg.CreatedAt.Equal(at.Add(2*time.Minute)) {
			t.Errorf("got %+v, want version 3 written by the second attempt", tg)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestImportRoundTripsPerBatch is the work-growth check of an import into
// PostgreSQL: the round trips to the server per batch do not grow with the
// batch's rows, for a file of new people and for the same file again,
// whose rows update the contacts the first import made.
func TestImportRoundTripsPerBatch(t *testing.T) {
	pool, tr := tracedPool(t)
	ctx := t.Context()
	svc := contactkit.New(pgstore.New(pool, nil), &contactkit.Options{DefaultRegion: "FR"})
	a := contactkit.Actor{Workspace: "trips", User: "u", Role: contactkit.RoleOwner}
	if err := fixture.DefineFields(ctx, svc, a); err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{50, 250} {
		g := fixture.New(uint64(size), "FR") // other people for each size
		for _, what := range []string{"new people", "the same people again"} {
			r, m, err := fixture.OpenImport(ctx, svc, a, g.ImportCSV(500))
			if err != nil {
				t.Fatal(err)
			}
			before := tr.trips.Load()
			res, err := svc.Import(ctx, a, r, m, &contactkit.ImportOptions{BatchSize: size})
			if err != nil {
				t.Fatal(err)
			}
			perBatch := float64(tr.trips.Load()-before) / float64(res.Batches)
			t.Logf("%s, batches of %d rows: %d created, %d updated, %.1f round trips a batch", what, size, res.Created, res.Updated, perBatch)
			if res.Created+res.Updated < 400 {
				t.Errorf("%s: %+v: too few rows written to test", what, res)
			}
			// A batch: its transaction's begin and commit, the field
			// definitions, the three prefetches, the queued writes; the
			// import's own reads before the first batch spread over the
			// batches.
			if perBatch > 10 {
				t.Errorf("%s, batches of %d rows: %.1f round trips a batch, want at most 10 whatever the batch's size", what, size, perBatch)
			}
		}
	}
}

// TestImportNotesRoundTripsAndRerun: a file with a note a row costs one
// round trip a batch more, not one a row, and imported again it adds no
// note twice.
func TestImportNotesRoundTripsAndRerun(t *testing.T) {
	pool, tr := tracedPool(t)
	ctx := t.Context()
	svc := contactkit.New(pgstore.New(pool, nil), &contactkit.Options{DefaultRegion: "FR"})
	a := contactkit.Actor{Workspace: "notes", User: "u", Role: contactkit.RoleOwner}
	var b strings.Builder
	b.WriteString("Email,First Name,Notes\r\n")
	for i := range 300 {
		fmt.Fprintf(&b, "n%d@example.com,Person %d,Met at the fair (%d)\r\n", i, i, i)
	}
	for _, what := range []string{"new people", "the same people again"} {
		r, err := importer.Open(strings.NewReader(b.String()), nil)
		if err != nil {
			t.Fatal(err)
		}
		m := importer.Suggest(r.Header(), nil, nil, &importer.MapOptions{Region: "FR"})
		before := tr.trips.Load()
		res, err := svc.Import(ctx, a, r, m, &contactkit.ImportOptions{BatchSize: 100})
		if err != nil {
			t.Fatal(err)
		}
		perBatch := float64(tr.trips.Load()-before) / float64(res.Batches)
		t.Logf("%s: %d created, %d updated, %.1f round trips a batch", what, res.Created, res.Updated, perBatch)
		if res.Created+res.Updated != 300 {
			t.Fatalf("%s: %+v", what, res)
		}
		if perBatch > 11 {
			t.Errorf("%s: %.1f round trips a batch, want at most 11", what, perBatch)
		}
	}
	c, err := svc.ContactByEmail(ctx, a, "n7@example.com")
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for act, err := range svc.Timeline(ctx, a, c.ID, contactkit.TimelineQuery{}) {
		if err != nil {
			t.Fatal(err)
		}
		notes = append(notes, act.Body)
	}
	if want := []string{"Met at the fair (7)"}; !slices.Equal(notes, want) {
		t.Errorf("after two imports, the notes are %q, want %q", notes, want)
	}
}

// TestImportDryRunAgreesWithTheRun: on PostgreSQL, where a batch's writes
// wait in a queue that a dry run's rollback drops, a dry run reports the
// outcome of every row that the real run then reports, and writes nothing.
func TestImportDryRunAgreesWithTheRun(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	ctx := t.Context()
	svc := contactkit.New(pgstore.New(pool, nil), &contactkit.Options{DefaultRegion: "FR"})
	a := contactkit.Actor{Workspace: "dry", User: "u", Role: contactkit.RoleOwner}
	if err := fixture.DefineFields(ctx, svc, a); err != nil {
		t.Fatal(err)
	}
	g := fixture.New(3, "FR")
	run := func(dry bool) []string {
		r, m, err := fixture.OpenImport(ctx, svc, a, g.ImportCSV(600))
		if err != nil {
			t.Fatal(err)
		}
		var rows []string
		_, err = svc.Import(ctx, a, r, m, &contactkit.ImportOptions{DryRun: dry, BatchSize: 100,
			OnRow: func(row contactkit.ImportRow) {
				row.Contact = contact.ID{} // a dry run's contacts are not kept
				rows = append(rows, fmt.Sprintf("%+v", row))
			}})
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	dry := run(true)
	if page, err := svc.ListContacts(ctx, a, contactkit.ContactQuery{}, store.PageRequest{Limit: 1}); err != nil || len(page.Items) != 0 {
		t.Fatalf("after a dry run: %d contacts, err %v; want none", len(page.Items), err)
	}
	done := run(false)
	if len(done) != 600 {
		t.Fatalf("%d rows reported, want 600", len(done))
	}
	for i := range done {
		if dry[i] != done[i] {
			t.Fatalf("row %d: dry run %s, run %s", i, dry[i], done[i])
		}
	}
}

// TestQueuedCreationsInOneStatement: after a Prefetch, the creations of
// contacts a transaction queues go to the server as one statement, and
// stay in order with the queued update they meet: a contact created after
// another contact gave up its email (an update) takes that email. A
// contact with tags and keys reads back as it was written.
func TestQueuedCreationsInOneStatement(t *testing.T) {
	pool, tr := tracedPool(t)
	s := pgstore.New(pool, nil)
	ctx := t.Context()
	ws := contact.WorkspaceID("runs")
	email := func(s string) contact.Email {
		e, err := contact.ParseEmail(s)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	newContact := func(addr string, tags ...string) contact.Contact {
		c := contact.Contact{ID: contact.ID(uuid.New()), Workspace: ws, FirstName: "Ada", Email: email(addr)}
		for _, n := range tags {
			c.Tags = append(c.Tags, tag.MustParseName(n))
		}
		return c
	}
	a := newContact("shared@example.org")
	if err := s.Update(ctx, func(tx store.Tx) error { return tx.Contacts().Create(ctx, &a) }); err != nil {
		t.Fatal(err)
	}
	first := []contact.Contact{newContact("b1@example.org", "VIP"), newContact("b2@example.org"), newContact("b3@example.org", "VIP", "Lead")}
	taker := newContact("shared@example.org", "Lead")
	last := newContact("c1@example.org")
	before := tr.n.Load()
	err := s.Update(ctx, func(tx store.Tx) error {
		want := store.Prefetch{Keys: []string{"email:shared@example.org"}, Contacts: []contact.ID{a.ID, taker.ID, last.ID}}
		for _, c := range first {
			want.Contacts = append(want.Contacts, c.ID)
			want.Keys = append(want.Keys, c.Keys()...)
		}
		want.Keys = append(want.Keys, last.Keys()...)
		if err := store.PrefetcherOf(tx).Prefetch(ctx, ws, want); err != nil {
			return err
		}
		for i := range first {
			if err := tx.Contacts().Create(ctx, &first[i]); err != nil {
				return err
			}
		}
		// Updates of a contact the run created, then of one that gives
		// shared@ up.
		first[0].Tags = append(first[0].Tags, tag.MustParseName("Lead"))
		if err := tx.Contacts().Update(ctx, &first[0]); err != nil {
			return err
		}
		cur, err := tx.Contacts().Get(ctx, ws, a.ID)
		if err != nil {
			return err
		}
		cur.Email = email("a@example.org")
		if err := tx.Contacts().Update(ctx, &cur); err != nil {
			return err
		}
		if err := tx.Contacts().Create(ctx, &taker); err != nil {
			return err
		}
		return tx.Contacts().Create(ctx, &last)
	})
	if err != nil {
		t.Fatal(err)
	}
	// begin, the prefetch's statements, then: the run of three creations,
	// the two updates, the run of two, the commit.
	if n := tr.n.Load() - before; n > 9 {
		t.Errorf("%d statements, want at most 9: the queued creations were not sent as runs", n)
	}
	err = s.View(ctx, func(tx store.Tx) error {
		for _, c := range append(first, taker, last) {
			got, err := tx.Contacts().Get(ctx, ws, c.ID)
			if err != nil {
				return err
			}
			if got.Version != c.Version || got.Email != c.Email || !slices.Equal(got.Tags, c.Tags) {
				t.Errorf("contact %s: got %+v, want %+v", c.ID, got, c)
			}
		}
		page, err := tx.Contacts().List(ctx, ws, store.ContactQuery{Key: "email:shared@example.org"}, store.PageRequest{Limit: 10})
		if err != nil {
			return err
		}
		if len(page.Items) != 1 || page.Items[0].ID != taker.ID {
			t.Errorf("shared@example.org is held by %v, want only the contact created after the update", page.Items)
		}
		page, err = tx.Contacts().List(ctx, ws, store.ContactQuery{Tag: tag.MustParseName("Lead")}, store.PageRequest{Limit: 10})
		if err != nil {
			return err
		}
		if len(page.Items) != 3 {
			t.Errorf("%d contacts tagged lead, want 3", len(page.Items))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestQueuedCreationMeetsAConcurrentOne: a creation queued after a
// Prefetch that found its ID free, and another transaction's creation of
// a contact with that ID, committed in between: the queued run fails to
// serialize when it is sent, the transaction runs again and then finds the
// ID taken; none of the run's contacts is written.
func TestQueuedCreationMeetsAConcurrentOne(t *testing.T) {
	s := pgstore.NewTestStore(t, nil)
	ctx := t.Context()
	ws := contact.WorkspaceID("race")
	cs := make([]contact.Contact, 3)
	for i := range cs {
		cs[i] = contact.Contact{ID: contact.ID(uuid.New()), Workspace: ws, FirstName: fmt.Sprint("Ada ", i)}
	}
	attempts := 0
	err := s.Update(ctx, func(tx store.Tx) error {
		attempts++
		ids := []contact.ID{cs[0].ID, cs[1].ID, cs[2].ID}
		if err := store.PrefetcherOf(tx).Prefetch(ctx, ws, store.Prefetch{Contacts: ids}); err != nil {
			return err
		}
		if attempts == 1 {
			other := contact.Contact{ID: cs[1].ID, Workspace: ws, FirstName: "Other"}
			if err := s.Update(ctx, func(tx store.Tx) error { return tx.Contacts().Create(ctx, &other) }); err != nil {
				return err
			}
		}
		for i := range cs {
			c := cs[i] // a fresh copy at each attempt
			if err := tx.Contacts().Create(ctx, &c); err != nil {
				return err
			}
		}
		return nil
	})
	if !errors.Is(err, store.ErrAlreadyExists) {
		t.Fatalf("got %v, want store.ErrAlreadyExists", err)
	}
	if attempts != 2 {
		t.Errorf("the transaction ran %d times, want 2", attempts)
	}
	err = s.View(ctx, func(tx store.Tx) error {
		for i, c := range cs {
			got, err := tx.Contacts().Get(ctx, ws, c.ID)
			switch {
			case i == 1 && (err != nil || got.FirstName != "Other"):
				t.Errorf("contact 1: %+v, %v; want the other transaction's", got, err)
			case i != 1 && !errors.Is(err, store.ErrNotFound):
				t.Errorf("contact %d: %+v, %v; want store.ErrNotFound", i, got, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
