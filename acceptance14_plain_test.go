package contactkit_test

// Fourteenth acceptance pass: the Service on a Store with no optional
// capability (acc14Plain: no ContactCounter, Prefetcher, Aser, Unwrapper,
// Outboxer, Relay), as the first adapter a backend team writes, must give
// the same answers, errors, events and stored state as on memstore with
// every capability. The seeded walks run the same calls on both, side by
// side, and compare them call by call.

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/internal/fixture"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/tag"
)

var (
	acc14Seeds = flag.Int("acc14.seeds", fixture.RaceOr(3, 2), "acceptance14: how many seeds the differential walks run (2 under the race detector)")
	acc14Steps = flag.Int("acc14.steps", 200, "acceptance14: how many steps each seed of the model walk runs")
)

// TestAcceptance14PlainHidesEveryCapability: the wrapper offers the
// methods of the required interfaces and nothing more, so that no
// capability passes through it unseen, a new one included (the method
// sets are compared, not only the capabilities known today).
func TestAcceptance14PlainHidesEveryCapability(t *testing.T) {
	ctx := context.Background()
	mem := memstore.NewWith(&memstore.Options{Outbox: true})
	var s store.Store = acc14PlainStore(mem)
	exact := func(what string, v any, iface reflect.Type) {
		t.Helper()
		typ := reflect.TypeOf(v)
		if typ.NumMethod() != iface.NumMethod() {
			var names []string
			for i := range typ.NumMethod() {
				names = append(names, typ.Method(i).Name)
			}
			t.Errorf("%s (%T) has the methods %v, want those of %s only", what, v, names, iface)
		}
	}
	if _, ok := s.(store.Relay); ok {
		t.Error("the plain Store is a store.Relay")
	}
	if _, err := contactkit.NewRelay(s); err == nil {
		t.Error("NewRelay on the plain Store: no error, want store.ErrNoOutbox")
	}
	exact("the Store", s, reflect.TypeFor[store.Store]())
	check := func(tx store.Tx) error {
		exact("the Tx", tx, reflect.TypeFor[store.Tx]())
		exact("its Contacts", tx.Contacts(), reflect.TypeFor[store.Contacts]())
		exact("its Records", tx.Records(), reflect.TypeFor[store.Records]())
		exact("its History", tx.History(), reflect.TypeFor[store.History]())
		for name, ok := range map[string]bool{
			"store.Aser":           acc14Is[store.Aser](tx),
			"store.Unwrapper":      acc14Is[store.Unwrapper](tx),
			"store.Prefetcher":     acc14Is[store.Prefetcher](tx),
			"store.Outboxer":       acc14Is[store.Outboxer](tx),
			"store.ContactCounter": acc14Is[store.ContactCounter](tx.Contacts()),
			"store.PrefetcherOf":   store.PrefetcherOf(tx) != nil,
			"store.OutboxOf":       store.OutboxOf(tx) != nil,
			"store.As":             store.As(tx, new(*memstore.Tx)),
		} {
			if ok {
				t.Errorf("the plain Tx shows %s", name)
			}
		}
		return nil
	}
	if err := s.Update(ctx, check); err != nil {
		t.Fatal(err)
	}
	if err := s.View(ctx, check); err != nil {
		t.Fatal(err)
	}
	// The wrapped store has them: what is hidden is there to hide.
	err := mem.Update(ctx, func(tx store.Tx) error {
		if !acc14Is[store.Aser](tx) || !acc14Is[store.Outboxer](tx) || !acc14Is[store.ContactCounter](tx.Contacts()) || store.OutboxOf(tx) == nil {
			t.Error("memstore's Tx lacks a capability the test means to hide")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func acc14Is[T any](v any) bool {
	_, ok := v.(T)
	return ok
}

// TestAcceptance14PlainModelSequences runs the seeded walk of the
// thirteenth pass (TestAcceptance13ModelSequences: its model checks
// included, its injected faults and transactions run twice too) on the
// faulty memstore with every capability, then on the same behind
// acc14Plain, and compares every step: its error (message, sentinels,
// types), its events, and the whole stored state and the Service's reads
// of every contact after it (acc11FaultEnv.dump, but the outbox, which
// only the first keeps). The outbox's events take IDs apart, and their
// writing is not counted among the calls that may fail (acc11Gen.apart):
// both stores hand out the same IDs and fail the same calls.
func TestAcceptance14PlainModelSequences(t *testing.T) {
	for seed := range uint64(*acc14Seeds) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			var want []string
			full := newM13EnvOn(t, nil)
			full.gen.apart = true
			full.onStep = func(n int, name string, first, err error) {
				want = append(want, acc14Step(full, name, first, err))
			}
			full.run(seed, *acc14Steps)
			plain := newM13EnvOn(t, acc14PlainStore)
			plain.gen.apart = true
			plain.onStep = func(n int, name string, first, err error) {
				got := acc14Step(plain, name, first, err)
				if n >= len(want) {
					t.Fatalf("seed %d step %d: %s: the walk on the plain store runs longer", seed, n, name)
				}
				if got != want[n] {
					t.Fatalf("seed %d step %d: %s: plain store (got) and memstore (want) differ:%s", seed, n, name, acc11Diff(got, want[n]))
				}
			}
			plain.run(seed, *acc14Steps)
			if len(want) != *acc14Steps {
				t.Fatalf("seed %d: %d steps compared, want %d", seed, len(want), *acc14Steps)
			}
		})
	}
}

// acc14Step describes a step of the model walk for the comparison.
func acc14Step(e *m13Env, name string, first, err error) string {
	e.mu.Lock()
	events := acc14Events(e.events)
	e.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "step %s\n", name)
	fmt.Fprintf(&b, "failed on purpose: %s\n", acc14Err(first))
	fmt.Fprintf(&b, "answer: %s\n%s%s", acc14Err(err), events, acc14Stored(e.dump(e.t)))
	return b.String()
}

// TestAcceptance14PlainServiceWalk runs seeded sequences of the calls the
// model walk leaves out, on memstore with every capability, on the plain
// store and on the plain store with no subscriber, side by side: imports
// of several batches (the Prefetcher's path on memstore), dry runs, rows
// that match existing contacts, repeat one another or fail; exports;
// bulk calls by query; search and listings followed page by page;
// duplicates, merges and unmerges; captures, deletions, restores and
// purges. After each call, every answer and the whole stored state of
// acme, with the Service's reads of every contact, must be the same.
func TestAcceptance14PlainServiceWalk(t *testing.T) {
	for seed := range uint64(*acc14Seeds) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			p := newAcc14Pair(t)
			w := &acc14Walk{p: p, r: rand.New(rand.NewPCG(seed, 14))}
			w.setup()
			for n := range *acc14Calls {
				for _, s := range p.sides {
					s.e.gen.set(s.e.gen.Now().Add(time.Hour))
				}
				w.step(n)
			}
			t.Logf("seed %d: %d calls compared (calls, errors): %v", seed, p.nCal, p.ops)
			p.prefetched()
		})
	}
}

var acc14Faults = flag.String("acc14.faults", "^(Import/(Batches|DryRun|Lists)|MergeContacts/Three|DeleteContacts/Query|CreateContact|EraseContact/Survivor)$",
	"acceptance14: the cases of TestAcc11FaultEveryWrite that TestAcceptance14PlainFaultEveryWrite runs on the plain store (a regexp)")

// TestAcceptance14PlainFaultEveryWrite runs cases of the fault sweep of
// the eleventh pass (TestAcc11FaultEveryWrite: each store call of the call
// failed in turn, then every transaction run twice) on the plain store:
// all-or-nothing holds there too, an import's batches included, which
// read one row at a time without the Prefetcher. The cases of the Relay
// need one, which the plain store is not.
func TestAcceptance14PlainFaultEveryWrite(t *testing.T) {
	which := regexp.MustCompile(*acc14Faults)
	n := 0
	for _, c := range acc11Cases() {
		if !which.MatchString(c.name) || strings.HasPrefix(c.name, "Relay/") {
			continue
		}
		n++
		t.Run(c.name, func(t *testing.T) { acc11RunOn(t, c, false, nil, acc14PlainStore) })
	}
	if n == 0 {
		t.Fatalf("no case matches %q", *acc14Faults)
	}
}

var acc14Calls = flag.Int("acc14.calls", 80, "acceptance14: how many calls each seed of the service walk makes")

// acc14Walk is the state of a walk: what the first side returned, the
// same on every side (the IDs are).
type acc14Walk struct {
	p      *acc14Pair
	r      *rand.Rand
	lists  []list.ID
	merges []merge.ID
	auto   automation.ID
	enrs   []automation.EnrollmentID
	tasks  []activity.ID
}

var (
	acc14Emails = []string{"ada@example.com", "bob@example.com", "Bob+news@Example.com", "chloe@mail.fr", "dan@example.org",
		"eve@example.com", "eve+x@example.com", "not-an-email", "fay@mail.fr", "gus@example.com", "hal@example.org", ""}
	acc14Phones = []string{"", "", "06 12 34 56 71", "+33 6 12 34 56 72", "0612345673", "06 12 34 56 71", "12"}
	acc14Names  = []string{"Ada", "Bob", "Chloé", "Dan", "Eve", "Fay", "Gus", "Hal", ""}
	acc14Tags   = []string{"vip", "VIP", "lead", "newsletter", "cold"}
)

func (w *acc14Walk) pick(xs []string) string { return xs[w.r.IntN(len(xs))] }

func (w *acc14Walk) setup() {
	ctx := context.Background()
	a := acc11FaultOwner
	w.p.call("create field plan", func(s *acc14Side) (any, error) {
		return s.svc.CreateField(ctx, a, field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeText})
	})
	for _, n := range []string{"News", "Offers"} {
		l := w.p.call("create list "+n, func(s *acc14Side) (any, error) { return s.svc.CreateList(ctx, a, list.List{Name: n}) })
		w.lists = append(w.lists, l.(list.List).ID)
	}
	au := w.p.call("create automation", func(s *acc14Side) (any, error) {
		return s.svc.CreateAutomation(ctx, a, automation.Automation{Name: "Welcome", Active: true,
			Triggers: []automation.Trigger{automation.On(automation.TriggerContactCreated)}, Steps: []automation.Step{{Name: "one"}, {Name: "two"}}})
	})
	w.auto = au.(automation.Automation).ID
}

// csv returns a CSV file of rows rows, with the addresses of the pool:
// rows that match contacts, repeat an earlier row, or fail.
func (w *acc14Walk) csv(rows int) string {
	var b strings.Builder
	b.WriteString("First Name,Email,Mobile Phone,Tags,Plan,Notes\n")
	for range rows {
		email := w.pick(acc14Emails)
		if w.r.IntN(3) == 0 {
			email = fmt.Sprintf("p%d@example.com", w.r.IntN(80))
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s\n", w.pick(acc14Names), email, w.pick(acc14Phones),
			w.pick(acc14Tags), w.pick([]string{"", "gold", "silver"}), w.pick([]string{"", "", "met at the fair"}))
	}
	return b.String()
}

// acc14Import imports file into the workspace of a on s, as a host does:
// the mapping suggested from a sample, every row's outcome kept.
func acc14Import(s *acc14Side, a contactkit.Actor, file string, opts contactkit.ImportOptions) (any, error) {
	ctx := context.Background()
	r, m, err := acc14Mapped(ctx, s.svc, a, file)
	if err != nil {
		return nil, err
	}
	var rows []string
	opts.OnRow = func(x contactkit.ImportRow) {
		rows = append(rows, fmt.Sprintf("%d %s %s %s %d %s", x.Line, x.Outcome, x.Contact, x.Skip, x.DuplicateOf, acc14Err(x.Err)))
	}
	var progress []contactkit.ImportProgress
	opts.Progress = func(pr contactkit.ImportProgress) { progress = append(progress, pr) }
	var failed bytes.Buffer
	opts.Failed = &failed
	res, err := s.svc.Import(ctx, a, r, m, &opts)
	return []any{res, rows, progress, failed.String()}, err
}

// ids returns the IDs of the contacts q selects on the first side.
func (p *acc14Pair) ids(a contactkit.Actor, q contactkit.ContactQuery) []contact.ID {
	var out []contact.ID
	for c, err := range p.sides[0].svc.Contacts(context.Background(), a, q) {
		if err != nil {
			p.t.Fatalf("list %+v: %v", q, err)
		}
		out = append(out, c.ID)
	}
	return out
}

func (w *acc14Walk) query() contactkit.ContactQuery {
	switch w.r.IntN(6) {
	case 0:
		return contactkit.ContactQuery{Tag: w.pick(acc14Tags)}
	case 1:
		return contactkit.ContactQuery{Text: w.pick(acc14Names)}
	case 2:
		return contactkit.ContactQuery{Text: w.pick([]string{"example", "mail.fr", "06 12", "eve"})}
	case 3:
		return contactkit.ContactQuery{Trashed: true}
	case 4:
		return contactkit.ContactQuery{Assignee: "u-sam"}
	}
	return contactkit.ContactQuery{}
}

// acc14Mapped opens file, and returns its reader and the mapping
// importer.Suggest makes from a sample and the fields of a's workspace.
func acc14Mapped(ctx context.Context, svc *contactkit.Service, a contactkit.Actor, file string) (importer.Reader, importer.Mapping, error) {
	r, err := importer.Open(strings.NewReader(file), nil)
	if err != nil {
		return nil, importer.Mapping{}, err
	}
	sample, r, err := importer.Sample(r, 50)
	if err != nil {
		return nil, importer.Mapping{}, err
	}
	defs, err := svc.Fields(ctx, a)
	if err != nil {
		return nil, importer.Mapping{}, err
	}
	return r, importer.Suggest(r.Header(), sample, defs, &importer.MapOptions{Region: "FR"}), nil
}

// acc14Pages lists q on s page by page, following the cursors.
func acc14Pages(s *acc14Side, a contactkit.Actor, q contactkit.ContactQuery, limit int) (any, error) {
	var out []any
	req := store.PageRequest{Limit: limit}
	for range 1000 {
		page, err := s.svc.ListContacts(context.Background(), a, q, req)
		if err != nil {
			return out, err
		}
		ids := make([]contact.ID, len(page.Items))
		for i, c := range page.Items {
			ids[i] = c.ID
		}
		out = append(out, ids, page.Next)
		if page.Next == "" {
			return out, nil
		}
		req.Cursor = page.Next
	}
	return out, errors.New("more than 1000 pages")
}

func (w *acc14Walk) step(n int) {
	ctx := context.Background()
	a := acc11FaultOwner
	p := w.p
	live := w.p.ids(a, contactkit.ContactQuery{})
	some := func(ids []contact.ID) contact.ID {
		if len(ids) == 0 {
			return contact.ID{}
		}
		return ids[w.r.IntN(len(ids))]
	}
	switch k := w.r.IntN(30); {
	case k >= 20 && len(live) > 0:
		w.more(n, k, some(live))
	case k < 4 || len(live) < 3:
		file := w.csv(2 + w.r.IntN(25))
		opts := contactkit.ImportOptions{
			Mode:      []contactkit.ImportMode{contactkit.ImportUpsert, contactkit.ImportUpsert, contactkit.ImportCreateOnly, contactkit.ImportUpdateOnly}[w.r.IntN(4)],
			DryRun:    w.r.IntN(4) == 0,
			Triggers:  w.r.IntN(2) == 0,
			BatchSize: 1 + w.r.IntN(6),
			Workers:   1 + w.r.IntN(2),
		}
		if w.r.IntN(3) == 0 {
			opts.Lists, opts.Tags = []list.ID{w.lists[w.r.IntN(len(w.lists))]}, []string{"imported"}
		}
		p.call(fmt.Sprintf("%d import %+v\n%s", n, opts, file), func(s *acc14Side) (any, error) { return acc14Import(s, a, file, opts) })
	case k < 6:
		in := contactkit.ContactInput{Patch: contact.Patch{FirstName: new(w.pick(acc14Names)), Email: new(w.pick(acc14Emails)), Phone: new(w.pick(acc14Phones))},
			Tags: []string{w.pick(acc14Tags)}}
		capture := w.r.IntN(2) == 0
		p.call(fmt.Sprintf("%d create or capture (%t) %+v", n, capture, in), func(s *acc14Side) (any, error) {
			if capture {
				return s.svc.CaptureContact(ctx, a, in)
			}
			return s.svc.CreateContact(ctx, a, in)
		})
	case k < 9:
		q := w.query()
		b := contactkit.Bulk{Query: q, Expected: len(w.p.ids(a, q)), BatchSize: 1 + w.r.IntN(4)}
		if w.r.IntN(6) == 0 {
			b.Expected++
		}
		which := w.r.IntN(6)
		tg, plan := w.pick(acc14Tags), w.pick([]string{"gold", "", "bronze"})
		l := w.lists[w.r.IntN(len(w.lists))]
		p.call(fmt.Sprintf("%d bulk %d by %+v expecting %d", n, which, q, b.Expected), func(s *acc14Side) (any, error) {
			switch which {
			case 0:
				return s.svc.TagContacts(ctx, a, b, tg)
			case 1:
				return s.svc.UntagContacts(ctx, a, b, tg)
			case 2:
				return s.svc.AssignContacts(ctx, a, b, "u-sam")
			case 3:
				return s.svc.SetContactsField(ctx, a, b, "plan", plan)
			case 4:
				return s.svc.AddContactsToList(ctx, a, b, l)
			}
			return s.svc.DeleteContacts(ctx, a, b)
		})
	case k < 11:
		q, limit := w.query(), 1+w.r.IntN(4)
		p.call(fmt.Sprintf("%d list %+v by %d", n, q, limit), func(s *acc14Side) (any, error) { return acc14Pages(s, a, q, limit) })
	case k < 12:
		q := w.query()
		format := []contactkit.ExportFormat{contactkit.ExportCSV, contactkit.ExportVCard}[w.r.IntN(2)]
		p.call(fmt.Sprintf("%d export %s %+v", n, format, q), func(s *acc14Side) (any, error) {
			var b bytes.Buffer
			res, err := s.svc.Export(ctx, a, q, &b, &contactkit.ExportOptions{Format: format})
			return []any{res, b.String()}, err
		})
	case k < 15:
		opts := contactkit.DuplicateOptions{FromScratch: w.r.IntN(3) == 0}
		v := p.call(fmt.Sprintf("%d find duplicates %+v", n, opts), func(s *acc14Side) (any, error) {
			return s.svc.FindDuplicates(ctx, a, &opts)
		})
		res, _ := v.(merge.Result)
		if len(res.Groups) == 0 {
			return
		}
		g := res.Groups[w.r.IntN(len(res.Groups))].Contacts
		if w.r.IntN(4) == 0 {
			p.call(fmt.Sprintf("%d dismiss %v", n, g[:2]), func(s *acc14Side) (any, error) { return s.svc.DismissDuplicate(ctx, a, g[0], g[1]) })
			return
		}
		req := contactkit.MergeRequest{Primary: g[len(g)-1], Others: g[:len(g)-1]}
		v = p.call(fmt.Sprintf("%d merge %+v", n, req), func(s *acc14Side) (any, error) {
			pv, err := s.svc.PreviewMerge(ctx, a, req)
			if err != nil {
				return nil, err
			}
			rec, err := s.svc.MergeContacts(ctx, a, pv)
			return []any{pv, rec}, err
		})
		if v != nil {
			w.merges = append(w.merges, v.([]any)[1].(merge.Record).ID)
		}
	case k < 16:
		if len(w.merges) == 0 {
			return
		}
		id := w.merges[w.r.IntN(len(w.merges))]
		p.call(fmt.Sprintf("%d unmerge %s", n, id), func(s *acc14Side) (any, error) { return s.svc.UnmergeContacts(ctx, a, id) })
	case k < 17:
		id := some(live)
		p.call(fmt.Sprintf("%d delete %s", n, id), func(s *acc14Side) (any, error) { return s.svc.DeleteContact(ctx, a, id) })
	case k < 18:
		id := some(w.p.ids(a, contactkit.ContactQuery{Trashed: true}))
		p.call(fmt.Sprintf("%d restore %s", n, id), func(s *acc14Side) (any, error) { return s.svc.RestoreContact(ctx, a, id) })
	case k < 19:
		id := some(live)
		tg := w.pick(acc14Tags)
		p.call(fmt.Sprintf("%d tag and note %s", n, id), func(s *acc14Side) (any, error) {
			c, err := s.svc.TagContact(ctx, a, id, tg)
			if err != nil {
				return c, err
			}
			act, err := s.svc.AddNote(ctx, a, id, contactkit.NoteInput{Body: "called " + tg})
			return []any{c, act}, err
		})
	default:
		for _, s := range p.sides {
			s.e.gen.set(s.e.gen.Now().Add(40 * 24 * time.Hour))
		}
		p.call(fmt.Sprintf("%d purge 40 days later", n), func(s *acc14Side) (any, error) { return s.svc.PurgeTrash(ctx, a) })
	}
}

// TestAcceptance14PlainPastOnePage: a workspace of more contacts than a
// page holds (store.MaxLimit), imported in batches; store.CountContacts
// pages through it on the plain store (no store.ContactCounter) and must
// count what memstore's Count counts, for every kind of query; listings
// followed cursor by cursor, bulk calls by query, the trash and an export
// must be the same on every side.
func TestAcceptance14PlainPastOnePage(t *testing.T) {
	ctx := context.Background()
	p := newAcc14Pair(t)
	a := p.big
	rows := store.MaxLimit + 234
	var b strings.Builder
	b.WriteString("First Name,Last Name,Email,Tags,Plan\n")
	for i := range rows {
		tg := []string{"vip", "lead", "", "vip,lead"}[i%4]
		fmt.Fprintf(&b, "Big%d,Row,u%04d@example.com,\"%s\",%s\n", i, i, tg, []string{"gold", ""}[i%2])
	}
	file := b.String()
	p.call("import the big file", func(s *acc14Side) (any, error) {
		return acc14Import(s, a, file, contactkit.ImportOptions{BatchSize: 500, Workers: 2})
	})
	count := func(what string) {
		t.Helper()
		queries := []store.ContactQuery{{}, {Tag: tag.MustParseName("vip")}, {Trashed: true}, {Words: []string{"big1"}},
			{Status: contact.StatusActive}, {Key: contact.EmailKey(contact.MustParseEmail("u0007@example.com"))}, {Assignee: "u-sam"},
			{DeletedBefore: acc11Start.Add(1000 * time.Hour)}, {Trashed: true, Tag: tag.MustParseName("lead")}}
		for _, q := range queries {
			v := p.call(fmt.Sprintf("%s: count %+v", what, q), func(s *acc14Side) (any, error) {
				var n int
				err := s.store.View(ctx, func(tx store.Tx) (err error) {
					n, err = store.CountContacts(ctx, tx, a.Workspace, q)
					return err
				})
				return n, err
			})
			if n := v.(int); q.Tag.IsZero() && q.Words == nil && q.Key == "" && q.Assignee == "" && n > 0 && n <= store.MaxLimit && !q.Trash() {
				t.Errorf("%s: count %+v = %d: the workspace is not bigger than a page", what, q, n)
			}
		}
		for _, q := range []contactkit.ContactQuery{{}, {Trashed: true}, {Tag: "lead"}, {Text: "big1"}} {
			for _, limit := range []int{0, store.MaxLimit + 1} {
				p.call(fmt.Sprintf("%s: list %+v by %d", what, q, limit), func(s *acc14Side) (any, error) { return acc14Pages(s, a, q, limit) })
			}
		}
	}
	count("imported")
	vip := len(p.ids(a, contactkit.ContactQuery{Tag: "vip"}))
	p.call("tag the vips", func(s *acc14Side) (any, error) {
		return s.svc.TagContacts(ctx, a, contactkit.Bulk{Query: contactkit.ContactQuery{Tag: "vip"}, Expected: vip, BatchSize: 300}, "club")
	})
	p.call("assign the vips", func(s *acc14Side) (any, error) {
		return s.svc.AssignContacts(ctx, a, contactkit.Bulk{Query: contactkit.ContactQuery{Tag: "club"}, Expected: vip, BatchSize: 700}, "u-sam")
	})
	p.call("delete them all", func(s *acc14Side) (any, error) {
		return s.svc.DeleteContacts(ctx, a, contactkit.Bulk{Query: contactkit.ContactQuery{Text: "example"}, Expected: rows, BatchSize: 500})
	})
	count("trashed")
	p.call("export the trash", func(s *acc14Side) (any, error) {
		var b bytes.Buffer
		res, err := s.svc.Export(ctx, a, contactkit.ContactQuery{Trashed: true}, &b, nil)
		return []any{res, b.String()}, err
	})
	p.call("import the file again, a dry run", func(s *acc14Side) (any, error) {
		return acc14Import(s, a, file, contactkit.ImportOptions{BatchSize: 400, DryRun: true})
	})
	for _, side := range p.sides {
		side.e.gen.set(side.e.gen.Now().Add(61 * 24 * time.Hour))
	}
	p.call("purge", func(s *acc14Side) (any, error) { return s.svc.PurgeTrash(ctx, a) })
	count("purged")
	if n := p.ops["delete"]; n != [2]int{1, 0} {
		t.Errorf("delete them all: (calls, errors) %v, want one call that worked", n)
	}
	t.Logf("%d calls compared (calls, errors): %v", p.nCal, p.ops)
	p.prefetched()
}

// TestAcceptance14PlainRelayRefusesClearly: a Service on a store with no
// outbox works, and delivers its events to its subscribers (the walks
// compare them); a Relay needs an outbox: NewRelay refuses the store with
// store.ErrNoOutbox, naming it.
func TestAcceptance14PlainRelayRefusesClearly(t *testing.T) {
	_, err := contactkit.NewRelay(acc14PlainStore(memstore.New()))
	if !errors.Is(err, store.ErrNoOutbox) || !strings.Contains(err.Error(), "acc14Plain") {
		t.Fatalf("NewRelay on a store that is no store.Relay: %v, want store.ErrNoOutbox naming the store", err)
	}
}

// TestAcceptance14PlainRelayNeedsTheTxOutbox: a Store that reads an outbox
// (store.Relay) while its transactions write none (no store.Outboxer: an
// adapter whose team wrote the read side first, or whose Tx's Outbox
// method is on another receiver). What a user saw: NewRelay and Register
// worked, the Service worked, and the consumer read nothing, ever, with
// no error: every event was lost without a word. The Relay must refuse
// with store.ErrNoOutbox, as it does for a store that keeps no outbox.
func TestAcceptance14PlainRelayNeedsTheTxOutbox(t *testing.T) {
	ctx := context.Background()
	mem := memstore.NewWith(&memstore.Options{Outbox: true})
	s := struct {
		acc14Plain
		store.Relay
	}{acc14Plain{mem}, mem}
	svc := contactkit.New(s, nil)
	relay, err := contactkit.NewRelay(s)
	if errors.Is(err, store.ErrNoOutbox) {
		return
	}
	if err != nil {
		t.Fatalf("NewRelay: %v", err)
	}
	_, err = relay.Register(ctx, "crm", "")
	if !errors.Is(err, store.ErrNoOutbox) {
		t.Errorf("Register: %v, want store.ErrNoOutbox", err)
	}
	if _, err := svc.CreateContact(ctx, acc11FaultOwner, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com")}}); err != nil {
		t.Fatal(err)
	}
	b, err := relay.Read(ctx, store.OutboxQuery{})
	if !errors.Is(err, store.ErrNoOutbox) {
		t.Errorf("Read after a call that made an event: %d events, error %v, want store.ErrNoOutbox", len(b.Deliveries), err)
	}
}

// TestAcceptance14PlainRelayBesideAWrapperThatHidesTheOutbox: the host
// gives the Service its store through a wrapper whose Tx hides the
// outbox (a tracing or metrics wrapper without store.Unwrapper), and
// makes the Relay from the store itself. What a user saw: every call
// worked, the consumers registered and read, and they were handed
// nothing, ever, with no error. The Relay the Service makes
// (Service.NewRelay) checks the Service's own transactions and refuses
// with store.ErrNoOutbox; a Service with Options.RequireOutbox refuses
// its writes, writing nothing.
func TestAcceptance14PlainRelayBesideAWrapperThatHidesTheOutbox(t *testing.T) {
	ctx := context.Background()
	in := contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com")}}
	t.Run("Service.NewRelay", func(t *testing.T) {
		mem := memstore.NewWith(&memstore.Options{Outbox: true})
		svc := contactkit.New(acc14PlainStore(mem), nil)
		relay, err := svc.NewRelay(mem)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := relay.Register(ctx, "crm", ""); !errors.Is(err, store.ErrNoOutbox) {
			t.Fatalf("Register: %v, want store.ErrNoOutbox", err)
		}
		if _, err := svc.CreateContact(ctx, acc11FaultOwner, in); err != nil {
			t.Fatal(err)
		}
		if b, err := relay.Read(ctx, store.OutboxQuery{}); !errors.Is(err, store.ErrNoOutbox) {
			t.Errorf("Read after a call that made an event: %d events, error %v, want store.ErrNoOutbox", len(b.Deliveries), err)
		}
		// Beside the store itself, the same call finds the outbox.
		svc = contactkit.New(mem, nil)
		if relay, err = svc.NewRelay(mem); err != nil {
			t.Fatal(err)
		}
		if _, err := relay.Register(ctx, "crm", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CreateContact(ctx, acc11FaultOwner, contactkit.ContactInput{Patch: contact.Patch{Email: new("bob@example.com")}}); err != nil {
			t.Fatal(err)
		}
		if b, err := relay.Next(ctx, "crm", 0); err != nil || len(b.Deliveries) == 0 {
			t.Errorf("Next: %d events, %v; want the creation's", len(b.Deliveries), err)
		}
	})
	t.Run("Options.RequireOutbox", func(t *testing.T) {
		mem := memstore.NewWith(&memstore.Options{Outbox: true})
		svc := contactkit.New(acc14PlainStore(mem), &contactkit.Options{RequireOutbox: true})
		if _, err := svc.CreateContact(ctx, acc11FaultOwner, in); !errors.Is(err, store.ErrNoOutbox) {
			t.Fatalf("CreateContact: %v, want store.ErrNoOutbox", err)
		}
		page, err := svc.ListContacts(ctx, acc11FaultOwner, contactkit.ContactQuery{}, store.PageRequest{})
		if err != nil || len(page.Items) != 0 {
			t.Fatalf("a refused call wrote %d contacts (%v)", len(page.Items), err)
		}
		svc = contactkit.New(mem, &contactkit.Options{RequireOutbox: true})
		if _, err := svc.CreateContact(ctx, acc11FaultOwner, in); err != nil {
			t.Fatalf("CreateContact beside the outbox: %v", err)
		}
	})
}

// more makes one of the calls of the model walk, on contact id, for the
// side with no subscriber: its calls build no event, and read what only
// events need (the followers of an erased contact) not at all.
func (w *acc14Walk) more(n, k int, id contact.ID) {
	ctx := context.Background()
	a := acc11FaultOwner
	p := w.p
	switch k {
	case 20:
		p.call(fmt.Sprintf("%d erase %s", n, id), func(s *acc14Side) (any, error) { return nil, s.svc.EraseContact(ctx, a, id) })
	case 21:
		block := w.r.IntN(2) == 0
		p.call(fmt.Sprintf("%d block %s %t", n, id, block), func(s *acc14Side) (any, error) {
			if block {
				return s.svc.BlockContact(ctx, a, id, "spam")
			}
			return s.svc.UnblockContact(ctx, a, id)
		})
	case 22:
		key := fmt.Sprintf("k%d", w.r.IntN(3))
		v := p.call(fmt.Sprintf("%d enroll %s %s", n, id, key), func(s *acc14Side) (any, error) { return s.svc.Enroll(ctx, a, w.auto, id, key) })
		if e, ok := v.(automation.Enrollment); ok && !e.ID.IsZero() {
			w.enrs = append(w.enrs, e.ID)
		}
		if len(w.enrs) > 0 {
			e := w.enrs[w.r.IntN(len(w.enrs))]
			p.call(fmt.Sprintf("%d pass a step of %s", n, e), func(s *acc14Side) (any, error) {
				return s.svc.PassStep(ctx, a, e, automation.OutcomeCompleted)
			})
		}
	case 23:
		user := contact.UserID(fmt.Sprintf("u-%d", w.r.IntN(3)))
		p.call(fmt.Sprintf("%d follow %s by %s, associate", n, id, user), func(s *acc14Side) (any, error) {
			f, err := s.svc.Follow(ctx, contactkit.Actor{Workspace: a.Workspace, User: user, Role: contactkit.RoleAgent}, id)
			if err != nil {
				return f, err
			}
			as, err := s.svc.Associate(ctx, a, id, contactkit.AssociationInput{Type: "deal", Record: fmt.Sprintf("d-%d", n), Label: "buyer"})
			return []any{f, as}, err
		})
	case 24:
		k := []contact.ChannelKind{contact.ChannelWhatsApp, contact.ChannelSMS, contact.ChannelEmail}[w.r.IntN(3)]
		p.call(fmt.Sprintf("%d connect %s %s", n, id, k), func(s *acc14Side) (any, error) { return s.svc.ConnectChannel(ctx, a, id, k) })
	case 25:
		addr := w.pick(acc14Emails)
		p.call(fmt.Sprintf("%d unsubscribe %q", n, addr), func(s *acc14Side) (any, error) {
			return s.svc.UnsubscribeAddress(ctx, a, list.ChannelEmail, addr, "asked")
		})
	case 26:
		addr, l := w.pick(acc14Emails), w.lists[w.r.IntN(len(w.lists))]
		p.call(fmt.Sprintf("%d look up %q, reach %s", n, addr, id), func(s *acc14Side) (any, error) {
			c, err := s.svc.ContactByEmail(ctx, a, addr)
			r, rerr := s.svc.Reachable(ctx, a, id, contact.ChannelEmail, l)
			return []any{c, acc14Err(err), r}, rerr
		})
	case 27:
		v := p.call(fmt.Sprintf("%d add a task to %s", n, id), func(s *acc14Side) (any, error) {
			return s.svc.AddTask(ctx, a, id, contactkit.TaskInput{Title: "call back"})
		})
		if t, ok := v.(activity.Activity); ok && !t.ID.IsZero() {
			w.tasks = append(w.tasks, t.ID)
		}
		if len(w.tasks) > 0 {
			t := w.tasks[w.r.IntN(len(w.tasks))]
			which := w.r.IntN(3)
			p.call(fmt.Sprintf("%d complete, delete or purge (%d) task %s", n, which, t), func(s *acc14Side) (any, error) {
				switch which {
				case 0:
					return s.svc.CompleteTask(ctx, a, t)
				case 1:
					return s.svc.DeleteActivity(ctx, a, t)
				}
				return s.svc.PurgeActivityTrash(ctx, a)
			})
		}
	case 28:
		def := field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeSelect,
			Options: []field.Option{{Value: "gold"}, {Value: "silver"}}}
		if w.r.IntN(2) == 0 {
			def = field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeText}
		}
		p.call(fmt.Sprintf("%d change the type of plan to %s", n, def.Type), func(s *acc14Side) (any, error) {
			pv, err := s.svc.PreviewFieldTypeChange(ctx, a, def)
			if err != nil {
				return nil, err
			}
			got, err := s.svc.ChangeFieldType(ctx, a, contactkit.FieldTypeChange{Definition: def, AcceptLosses: pv.Losses})
			return []any{pv, got}, err
		})
	default:
		tg := w.pick(acc14Tags)
		p.call(fmt.Sprintf("%d delete tag %s", n, tg), func(s *acc14Side) (any, error) { return s.svc.DeleteTag(ctx, a, tg) })
	}
}

// TestAcceptance14PlainCountAtThePageBoundary: store.CountContacts pages
// through the contacts on the plain store; a workspace of a page less,
// exactly one or two pages, or a page and one, live and in the trash,
// counts as memstore's ContactCounter counts it.
func TestAcceptance14PlainCountAtThePageBoundary(t *testing.T) {
	ctx := context.Background()
	for _, n := range []int{store.MaxLimit - 1, store.MaxLimit, store.MaxLimit + 1, 2 * store.MaxLimit} {
		mem := memstore.New()
		err := mem.Update(ctx, func(tx store.Tx) error {
			for i := range 2 * n {
				c := &contact.Contact{ID: contact.ID(uuid.Must(uuid.NewV7())), Workspace: "w", FirstName: fmt.Sprint("x", i), Status: contact.StatusActive}
				if i%2 == 1 {
					c.DeletedAt = acc11Start
				}
				if err := tx.Contacts().Create(ctx, c); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []store.ContactQuery{{}, {Trashed: true}} {
			var counts []int
			for _, s := range []store.Store{mem, acc14PlainStore(mem)} {
				err := s.View(ctx, func(tx store.Tx) error {
					got, err := store.CountContacts(ctx, tx, "w", q)
					counts = append(counts, got)
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			if counts[0] != n || counts[1] != n {
				t.Errorf("%d contacts, %+v: memstore counts %d, the plain store %d", n, q, counts[0], counts[1])
			}
		}
	}
}
