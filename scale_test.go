package contactkit_test

// Work-growth checks (issue 9): each call of the Service is measured in two
// workspaces of different sizes that give it the same answer, and fails
// when the larger one costs more than scaleSlack times the smaller (plus a
// small constant): the work of a call must grow with its answer, never with
// the workspace. The cost of a call is what it allocates (count and bytes,
// as testing.AllocsPerRun counts them: a walk that builds or copies what it
// visits shows there) and what it reads across the store seam (contacts and
// records handed out by the store, counted by a wrapper), per call.
//
// The workspaces are built by scaleBuild, which the benchmarks of
// bench_scale_test.go share.

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/internal/fixture"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/tag"
)

// The words planted in a scale workspace: scaleRareWord in scaleSpec.Rare
// contacts (their company), scaleMediumWord in scaleSpec.Medium contacts (their
// job title). No generated person has either.
const (
	scaleRareWord   = "xylophonix"
	scaleMediumWord = "zeppelin"
)

// scaleSpec says what a scale workspace holds.
type scaleSpec struct {
	Contacts int  // background contacts, made by fixture.Generator
	Bare     bool // store them straight into memstore instead of through the Service
	Defs     int  // custom field definitions (at least 2)
	Rare     int  // contacts planted with scaleRareWord
	Medium   int  // contacts planted with scaleMediumWord
	Trash    int  // background contacts moved to the trash (recently)
	Members  int  // members of the measured list (a tenth of them in the trash)
	Heavy    int  // notes of the heavy contact
	// NoteEvery gives one background contact in NoteEvery a note, and
	// BigListEvery one in BigListEvery a membership of a second list, so
	// that those tables grow with the workspace (0: none).
	NoteEvery, BigListEvery int
	// Undone is the number of merges of two background contacts undone
	// since, whose records the workspace keeps.
	Undone int
	// Spread gives one live background contact in Spread a task (one in
	// ten of them in the activity trash), an association, a follower, an
	// enrollment, a membership of one of the workspace's other lists, a
	// tag of its own, a dismissal and an unsubscribed address in the
	// consent ledger, and one in ten of them a contact merged into it;
	// the workspace gets one list per 10 of those contacts and one
	// automation per 50: every table grows with the workspace (0: none).
	Spread int
	// MeasureHeap measures the live heap that the background contacts add
	// (Service or bare store), per contact.
	MeasureHeap bool
}

// scaleEnv is a workspace built by scaleBuild, with the Service over it.
type scaleEnv struct {
	spec    scaleSpec
	mem     *memstore.Store
	svc     *contactkit.Service // the Service measured
	seam    *scaleSeam          // counts what crosses the seam
	viaSeam *contactkit.Service
	clock   *scaleClock
	actor   contactkit.Actor
	gen     *fixture.Generator
	defs    []field.Definition

	people  int          // the next index of gen to use
	live    []scaleProbe // live background contacts with an email and a phone
	phone   scaleProbe   // a live contact of the home region with a phone
	trashed []contact.ID
	list    list.ID    // the measured list
	heavy   contact.ID // the contact with scaleSpec.Heavy notes
	runs    int        // calls prepared so far, for distinct inputs
	// With scaleSpec.Spread: the subject of the calls about one contact
	// (scaleSubject), and the automation it is enrolled in.
	subject *scaleSubject
	auto    automation.ID

	heapPerContact float64 // with scaleSpec.MeasureHeap: live heap per background contact
	buildTime      time.Duration
}

// scaleProbe is a contact of the workspace and the person it was made of.
type scaleProbe struct {
	id     contact.ID
	person fixture.Person
}

// scaleClock is the Service's clock: a fixed instant that ticks a
// microsecond at each call, shifted by an offset the tests set to date
// deletions in the past.
type scaleClock struct {
	ticks  atomic.Int64
	offset atomic.Int64 // nanoseconds
}

var scaleEpoch = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

func (c *scaleClock) Now() time.Time {
	return scaleEpoch.Add(time.Duration(c.ticks.Add(1))*time.Microsecond + time.Duration(c.offset.Load()))
}

// scaleActor is the owner of the scale workspace.
var scaleActor = contactkit.Actor{Workspace: "ws-scale", User: "u-scale", Role: contactkit.RoleOwner}

// scaleBuild builds the workspace of spec. Progress is not logged: a
// benchmark's building time is reported by its caller.
func scaleBuild(tb testing.TB, spec scaleSpec) *scaleEnv {
	tb.Helper()
	start := time.Now()
	ctx := context.Background()
	e := &scaleEnv{spec: spec, mem: memstore.New(), clock: new(scaleClock), actor: scaleActor}
	e.seam = &scaleSeam{s: e.mem}
	opts := &contactkit.Options{Now: e.clock.Now, DefaultRegion: "FR", AssociationTypes: scaleAssociationTypes}
	e.svc = contactkit.New(e.mem, opts)
	e.viaSeam = contactkit.New(e.seam, opts)
	e.gen = fixture.New(uint64(spec.Contacts)+1, "FR")
	e.defs = fixture.Definitions(max(spec.Defs, 2))
	for _, d := range e.defs {
		if _, err := e.svc.CreateField(ctx, e.actor, d); err != nil {
			tb.Fatalf("scale workspace: CreateField %s: %v", d.Key, err)
		}
	}

	// The background contacts, with the heap they take.
	ids := make([]contact.ID, spec.Contacts)
	var before uint64
	if spec.MeasureHeap {
		before = scaleHeap()
	}
	e.add(tb, ids, nil)
	if spec.MeasureHeap {
		e.settleWords(tb)
		e.heapPerContact = (float64(scaleHeap()) - float64(before)) / float64(max(spec.Contacts, 1))
	}

	// Which background contacts are trashed, members, probes.
	trash := map[int]bool{}
	for k := range spec.Trash {
		trash[scaleSpread(k, spec.Trash, spec.Contacts, 3)] = true
	}
	for i, id := range ids {
		p := e.gen.Person(i)
		switch {
		case trash[i]:
		case e.phone.id.IsZero() && p.Region == "FR" && p.Phone != "":
			e.phone = scaleProbe{id, p}
		case p.Email != "" && p.Phone != "" && len(e.live) < 1000 && i%max(spec.Contacts/1000, 1) == 0:
			e.live = append(e.live, scaleProbe{id, p})
		}
	}

	// The planted words.
	e.add(tb, make([]contact.ID, spec.Rare), func(p *fixture.Person) { p.Company = "Xylophonix Quartz" })
	e.add(tb, make([]contact.ID, spec.Medium), func(p *fixture.Person) { p.JobTitle = "Zeppelin Pilot" })

	// Lists: the measured one, with Members members, some of which go to
	// the trash below; a big one, one contact in BigListEvery.
	l, err := e.svc.CreateList(ctx, e.actor, list.List{Name: "Clients fidèles"})
	if err != nil {
		tb.Fatalf("scale workspace: CreateList: %v", err)
	}
	e.list = l.ID
	for k := range spec.Members {
		i := scaleSpread(k, spec.Members, spec.Contacts, 1)
		if k < spec.Members/10 {
			i = scaleSpread(k, spec.Trash, spec.Contacts, 3) // one that goes to the trash
		}
		if _, err := e.svc.AddToList(ctx, e.actor, e.list, ids[i]); err != nil {
			tb.Fatalf("scale workspace: AddToList: %v", err)
		}
	}
	if spec.BigListEvery > 0 {
		big, err := e.svc.CreateList(ctx, e.actor, list.List{Name: "Newsletter hebdomadaire"})
		if err != nil {
			tb.Fatalf("scale workspace: CreateList: %v", err)
		}
		for i := 0; i < len(ids); i += spec.BigListEvery {
			if _, err := e.svc.AddToList(ctx, e.actor, big.ID, ids[i]); err != nil {
				tb.Fatalf("scale workspace: AddToList: %v", err)
			}
		}
	}

	// Notes: one for one contact in NoteEvery; Heavy for the heavy contact.
	if spec.NoteEvery > 0 {
		for i := 2; i < len(ids); i += spec.NoteEvery {
			if trash[i] {
				continue
			}
			e.mustNote(tb, ids[i], i)
		}
	}
	e.heavy = e.mustCreate(tb, e.nextPerson()).ID
	for k := range spec.Heavy {
		e.mustNote(tb, e.heavy, k)
	}
	for k := range spec.Undone {
		a, b := ids[scaleSpread(k, spec.Undone, spec.Contacts, 5)], ids[scaleSpread(k, spec.Undone, spec.Contacts, 6)]
		p, err := e.svc.PreviewMerge(ctx, e.actor, contactkit.MergeRequest{Primary: a, Others: []contact.ID{b}})
		if err != nil {
			tb.Fatalf("scale workspace: PreviewMerge: %v", err)
		}
		rec, err := e.svc.MergeContacts(ctx, e.actor, p)
		if err != nil {
			tb.Fatalf("scale workspace: MergeContacts: %v", err)
		}
		if _, err := e.svc.UnmergeContacts(ctx, e.actor, rec.ID); err != nil {
			tb.Fatalf("scale workspace: UnmergeContacts: %v", err)
		}
	}

	if spec.Spread > 0 {
		e.spread(tb, ids, trash)
	}

	// The trash, last: deleting a contact takes its notes along.
	for i := range trash {
		if _, err := e.svc.DeleteContact(ctx, e.actor, ids[i]); err != nil {
			tb.Fatalf("scale workspace: DeleteContact: %v", err)
		}
		e.trashed = append(e.trashed, ids[i])
	}
	e.buildTime = time.Since(start)
	return e
}

// scaleSpread returns the k-th of n indexes spread evenly over [0, size),
// shifted by off.
func scaleSpread(k, n, size, off int) int {
	if n == 0 || size == 0 {
		return 0
	}
	return (k*(size/n) + off) % size
}

func (e *scaleEnv) nextPerson() fixture.Person {
	p := e.gen.Person(e.people)
	e.people++
	return p
}

// nextRun returns a number no call of e had.
func (e *scaleEnv) nextRun() int {
	e.runs++
	return e.runs
}

// add creates len(ids) contacts of the next people, edited by edit (if
// not nil), through the Service or, with scaleSpec.Bare, straight into the
// store, and sets ids to their IDs.
func (e *scaleEnv) add(tb testing.TB, ids []contact.ID, edit func(*fixture.Person)) {
	tb.Helper()
	if e.spec.Bare {
		scaleLoadBare(tb, e, ids, edit)
		return
	}
	for i := range ids {
		p := e.nextPerson()
		if edit != nil {
			edit(&p)
		}
		ids[i] = e.mustCreate(tb, p).ID
	}
}

func (e *scaleEnv) input(p fixture.Person) contactkit.ContactInput {
	return contactkit.ContactInput{Patch: p.Patch(), Tags: p.Tags, Source: contact.SourceImport}
}

// settleWords makes memstore add to its word index the search words of
// the contacts created since its last batch, which wait until 512 do or a
// search reads the index: a call measured after it works on contacts in
// the index, as it would on any but the newest.
func (e *scaleEnv) settleWords(tb testing.TB) {
	err := e.mem.View(context.Background(), func(tx store.Tx) error {
		_, err := tx.Contacts().List(context.Background(), e.actor.Workspace, store.ContactQuery{Words: []string{"x"}}, store.PageRequest{Limit: 1})
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
}

func (e *scaleEnv) mustCreate(tb testing.TB, p fixture.Person) contact.Contact {
	tb.Helper()
	c, err := e.svc.CreateContact(context.Background(), e.actor, e.input(p))
	if err != nil {
		tb.Fatalf("scale workspace: CreateContact of person %d (%+v): %v", p.Index, p, err)
	}
	return c
}

func (e *scaleEnv) mustNote(tb testing.TB, id contact.ID, k int) {
	tb.Helper()
	body := fmt.Sprintf("Appel n°%d : intéressée par l'offre Pro, rappeler après la démo.", k)
	if _, err := e.svc.AddNote(context.Background(), e.actor, id, contactkit.NoteInput{Body: body}); err != nil {
		tb.Fatalf("scale workspace: AddNote: %v", err)
	}
}

// scaleLoadBare stores contacts of the next people of e straight into the
// memory store, a thousand per transaction, as parsed by the domain, and
// sets ids to their IDs.
func scaleLoadBare(tb testing.TB, e *scaleEnv, ids []contact.ID, edit func(*fixture.Person)) {
	tb.Helper()
	ctx := context.Background()
	const batch = 1000
	for from := 0; from < len(ids); from += batch {
		cs := make([]contact.Contact, 0, batch)
		for i := from; i < min(from+batch, len(ids)); i++ {
			p := e.nextPerson()
			if edit != nil {
				edit(&p)
			}
			c, err := scaleBareContact(p, e.actor.Workspace, e.defs, e.clock.Now())
			if err != nil {
				tb.Fatalf("scale workspace: person %d: %v", p.Index, err)
			}
			ids[i] = c.ID
			cs = append(cs, c)
		}
		err := e.mem.Update(ctx, func(tx store.Tx) error {
			for i := range cs {
				c := cs[i] // every attempt starts from the value built
				if err := tx.Contacts().Create(ctx, &c); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatalf("scale workspace: store contacts %d to %d: %v", from, from+len(cs), err)
		}
	}
}

// scaleBareContact is the contact the domain makes of p, with a new ID,
// ready for store.Contacts.Create.
func scaleBareContact(p fixture.Person, ws contact.WorkspaceID, defs []field.Definition, now time.Time) (contact.Contact, error) {
	uid, err := uuid.NewV7()
	if err != nil {
		return contact.Contact{}, err
	}
	c := contact.Contact{
		ID: contact.ID(uid), Workspace: ws, Status: contact.StatusActive, Source: contact.SourceImport,
		CreatedAt: now, UpdatedAt: now,
	}
	patch := p.Patch()
	if err := patch.Apply(&c, contact.ApplyOptions{DefaultRegion: "FR", Defs: defs}); err != nil {
		return contact.Contact{}, err
	}
	for _, s := range p.Tags {
		names, err := tag.Parse(s)
		if err != nil {
			return contact.Contact{}, err
		}
		c.Tags, _ = c.Tags.Add(names...)
	}
	return c, nil
}

// scaleHeap returns the live heap after a full collection.
func scaleHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// scaleSeam is a store.Store that counts the contacts, records and history
// entries its transactions hand out (reads), and passes everything to s.
type scaleSeam struct {
	s     store.Store
	reads atomic.Int64
}

func (c *scaleSeam) Update(ctx context.Context, fn func(tx store.Tx) error) error {
	return c.s.Update(ctx, func(tx store.Tx) error { return fn(&scaleSeamTx{tx, c}) })
}

func (c *scaleSeam) View(ctx context.Context, fn func(tx store.Tx) error) error {
	return c.s.View(ctx, func(tx store.Tx) error { return fn(&scaleSeamTx{tx, c}) })
}

type scaleSeamTx struct {
	tx store.Tx
	c  *scaleSeam
}

func (t *scaleSeamTx) Contacts() store.Contacts { return scaleSeamContacts{t.tx.Contacts(), t} }
func (t *scaleSeamTx) Records() store.Records   { return scaleSeamRecords{t.tx.Records(), t.c} }
func (t *scaleSeamTx) History() store.History   { return scaleSeamHistory{t.tx.History(), t.c} }
func (t *scaleSeamTx) Unwrap() store.Tx         { return t.tx }

type scaleSeamContacts struct {
	store.Contacts
	t *scaleSeamTx
}

func (c scaleSeamContacts) Get(ctx context.Context, ws contact.WorkspaceID, id contact.ID) (contact.Contact, error) {
	c.t.c.reads.Add(1)
	return c.Contacts.Get(ctx, ws, id)
}

func (c scaleSeamContacts) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	page, err := c.Contacts.List(ctx, ws, q, p)
	c.t.c.reads.Add(int64(len(page.Items)))
	return page, err
}

// Count keeps the store's counting capability (store.ContactCounter).
func (c scaleSeamContacts) Count(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery) (int, error) {
	return store.CountContacts(ctx, c.t.tx, ws, q)
}

type scaleSeamRecords struct {
	store.Records
	c *scaleSeam
}

func (r scaleSeamRecords) Get(ctx context.Context, ws contact.WorkspaceID, k store.Kind, id string) (store.Record, error) {
	r.c.reads.Add(1)
	return r.Records.Get(ctx, ws, k, id)
}

func (r scaleSeamRecords) List(ctx context.Context, ws contact.WorkspaceID, k store.Kind, q store.Query, p store.PageRequest) (store.Page[store.Record], error) {
	page, err := r.Records.List(ctx, ws, k, q, p)
	r.c.reads.Add(int64(len(page.Items)))
	return page, err
}

type scaleSeamHistory struct {
	store.History
	c *scaleSeam
}

func (h scaleSeamHistory) List(ctx context.Context, ws contact.WorkspaceID, id contact.ID, fieldName string, p store.PageRequest) (store.Page[contact.Change], error) {
	page, err := h.History.List(ctx, ws, id, fieldName, p)
	h.c.reads.Add(int64(len(page.Items)))
	return page, err
}

// scaleCost is what one call costs, on average.
type scaleCost struct {
	allocs, bytes, reads float64
	per                  time.Duration
}

func (c scaleCost) String() string {
	return fmt.Sprintf("%.1f allocs, %.0f B, %.1f seam reads (%v, for information)", c.allocs, c.bytes, c.reads, c.per.Round(100*time.Nanosecond))
}

// A check fails when the larger workspace costs more than scaleSlack times
// the smaller plus these constants.
const (
	scaleSlack       = 1.5
	scaleSlackAllocs = 8
	scaleSlackBytes  = 4096
	scaleSlackReads  = 2
)

// scaleCall prepares one call on e, outside the measure, and returns it:
// run is a number no other call of e had.
type scaleCall func(tb testing.TB, e *scaleEnv, run int) func(svc *contactkit.Service) error

// scaleMeasure returns the average cost of runs calls prepared by call,
// after two calls to warm up.
func scaleMeasure(tb testing.TB, e *scaleEnv, runs int, call scaleCall) scaleCost {
	tb.Helper()
	do := func(svc *contactkit.Service, f func(*contactkit.Service) error) {
		if err := f(svc); err != nil {
			tb.Fatalf("%v", err)
		}
	}
	// Warm both Services: what a Service keeps between calls (the field
	// definitions, read once per change of them) is read by the first.
	for range min(runs, 2) {
		do(e.svc, call(tb, e, e.nextRun()))
		do(e.viaSeam, call(tb, e, e.nextRun()))
	}
	// One goroutine at a time, as testing.AllocsPerRun does.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var (
		before, after runtime.MemStats
		cost          scaleCost
		elapsed       time.Duration
	)
	allocRuns := runs
	if fixture.Race {
		// The race detector's sync.Pool drops items at random: the
		// allocations are not a normal build's. Compare seam reads only.
		allocRuns = 0
	}
	for range allocRuns {
		f := call(tb, e, e.nextRun())
		runtime.ReadMemStats(&before)
		start := time.Now()
		err := f(e.svc)
		elapsed += time.Since(start)
		runtime.ReadMemStats(&after)
		if err != nil {
			tb.Fatalf("%v", err)
		}
		cost.allocs += float64(after.Mallocs - before.Mallocs)
		cost.bytes += float64(after.TotalAlloc - before.TotalAlloc)
	}
	seamRuns := min(runs, 3)
	for range seamRuns {
		f := call(tb, e, e.nextRun())
		e.seam.reads.Store(0)
		do(e.viaSeam, f)
		cost.reads += float64(e.seam.reads.Load())
	}
	if allocRuns > 0 {
		cost.allocs /= float64(allocRuns)
		cost.bytes /= float64(allocRuns)
		cost.per = elapsed / time.Duration(allocRuns)
	}
	cost.reads /= float64(seamRuns)
	return cost
}

// scaleGrew returns what of large grew past small (empty if nothing did).
func scaleGrew(small, large scaleCost) []string {
	var out []string
	check := func(what string, s, l, slack float64) {
		if l > scaleSlack*s+slack {
			out = append(out, fmt.Sprintf("%s %.1f → %.1f (×%.2f)", what, s, l, l/math.Max(s, 1)))
		}
	}
	check("allocs", small.allocs, large.allocs, scaleSlackAllocs)
	check("bytes", small.bytes, large.bytes, scaleSlackBytes)
	check("seam reads", small.reads, large.reads, scaleSlackReads)
	return out
}

// scaleSizes returns the sizes of the two workspaces of the growth checks.
func scaleSizes() (small, large int) {
	if fixture.Race {
		return 250, 4000
	}
	if testing.Short() {
		return 500, 8000
	}
	return 1000, 16_000
}

// scalePairs builds the pairs of workspaces of the growth checks once.
var scalePairs = sync.OnceValue(func() map[string][2]scaleSpec {
	small, large := scaleSizes()
	ws := func(n int) scaleSpec {
		return scaleSpec{Contacts: n, Defs: 2, Rare: 5, Medium: 300, Trash: 50, Members: 50, Heavy: 40, NoteEvery: 8, BigListEvery: 4, Undone: n / 50, Spread: 8}
	}
	// A word on 4,200 contacts in both: most of the small workspace, a
	// third of the large one (memstore answered such a word by walking
	// every contact, building each one's search text, until 8183ba0).
	common := func(n int) scaleSpec { return scaleSpec{Contacts: n, Bare: true, Defs: 2, Medium: 4200} }
	fields := func(defs int) scaleSpec { return scaleSpec{Contacts: small, Bare: true, Defs: defs} }
	return map[string][2]scaleSpec{
		"size":   {ws(small), ws(large)},
		"common": {common(100), common(8400)},
		"fields": {fields(2), fields(200)},
	}
})

// scaleCheck is one growth check: a call measured in the two workspaces
// of a pair.
type scaleCheck struct {
	name   string
	pair   string // "size": 2 workspace sizes; "common": a common word; "fields": 2 and 200 field definitions
	runs   int
	call   scaleCall
	answer string // what both calls answer, for the failure message
	// known, if set, skips the check with this reason (see issue 9).
	known string
}

func scaleChecks() []scaleCheck {
	ctx := context.Background()
	// list lists the contacts q selects, the first page or all of them,
	// and checks that they are want.
	list := func(svc *contactkit.Service, a contactkit.Actor, q contactkit.ContactQuery, all bool, want int) error {
		n := 0
		if all {
			for _, err := range svc.Contacts(ctx, a, q) {
				if err != nil {
					return err
				}
				n++
			}
		} else {
			page, err := svc.ListContacts(ctx, a, q, store.PageRequest{})
			if err != nil {
				return err
			}
			n = len(page.Items)
		}
		if n != want {
			return fmt.Errorf("%+v lists %d contacts, want %d", q, n, want)
		}
		return nil
	}
	search := func(text string, all bool, want int) scaleCall {
		return func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			q := contactkit.ContactQuery{Text: text}
			if text == "" {
				q.Text = e.phone.person.PhoneNational
			}
			return func(svc *contactkit.Service) error { return list(svc, e.actor, q, all, want) }
		}
	}
	trash := func(all bool) scaleCall {
		return func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
			q := contactkit.ContactQuery{Trashed: true}
			want := e.spec.Trash
			if e.subject != nil {
				want++ // the contact merged into the subject
			}
			return func(svc *contactkit.Service) error { return list(svc, e.actor, q, all, want) }
		}
	}
	probe := func(e *scaleEnv, run int) scaleProbe { return e.live[run%len(e.live)] }
	create := func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
		in := e.input(e.nextPerson())
		return func(svc *contactkit.Service) error {
			_, err := svc.CreateContact(ctx, e.actor, in)
			return err
		}
	}
	update := func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
		id := probe(e, run).id
		p := contact.Patch{City: new(fmt.Sprintf("Ville %d", run)), Fields: map[string]string{fixture.FieldScore: fmt.Sprint(run % 100)}}
		return func(svc *contactkit.Service) error {
			_, err := svc.UpdateContact(ctx, e.actor, id, p)
			return err
		}
	}
	return []scaleCheck{
		{name: "CreateContact", pair: "size", runs: 100, call: create, answer: "one new contact"},
		{name: "CaptureContact/new", pair: "size", runs: 100, answer: "one new contact",
			call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
				p := e.nextPerson()
				for p.Email == "" && p.Phone == "" { // a capture needs one
					p = e.nextPerson()
				}
				in := e.input(p)
				return func(svc *contactkit.Service) error {
					res, err := svc.CaptureContact(ctx, e.actor, in)
					if err == nil && !res.Created {
						err = fmt.Errorf("capture of person %d updated contact %s", p.Index, res.Contact.ID)
					}
					return err
				}
			}},
		{name: "CaptureContact/existing", pair: "size", runs: 100, answer: "one contact updated, found by its email",
			call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
				p := probe(e, run).person
				in := contactkit.ContactInput{Patch: contact.Patch{Email: &p.Email, City: new(fmt.Sprintf("Ville %d", run))}, Tags: []string{"Formulaire salon"}}
				return func(svc *contactkit.Service) error {
					res, err := svc.CaptureContact(ctx, e.actor, in)
					if err == nil && res.Created {
						err = fmt.Errorf("capture of %s created a contact", p.Email)
					}
					return err
				}
			}},
		{name: "GetContact", pair: "size", runs: 200, answer: "one contact",
			call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
				id := probe(e, run).id
				return func(svc *contactkit.Service) error {
					_, err := svc.GetContact(ctx, e.actor, id)
					return err
				}
			}},
		{name: "UpdateContact", pair: "size", runs: 200, call: update, answer: "one contact updated"},
		{name: "Search/rare-word/first-page", pair: "size", runs: 100, call: search(scaleRareWord, false, 5), answer: "5 contacts"},
		{name: "Search/rare-word/to-end", pair: "size", runs: 100, call: search(scaleRareWord, true, 5), answer: "5 contacts"},
		{name: "Search/medium-word/to-end", pair: "size", runs: 20, call: search(scaleMediumWord, true, 300), answer: "300 contacts"},
		{name: "Search/common-word/first-page", pair: "size", runs: 50, call: search(strings.ToLower(fixture.CommonTag), false, store.DefaultLimit),
			answer: "a page of 100 contacts, of a word on 35 % of the workspace"},
		{name: "Search/common-word/to-end", pair: "common", runs: 2, call: search(scaleMediumWord, true, 4200),
			answer: "4,200 contacts, most of the smaller workspace"},
		{name: "Search/national-phone", pair: "size", runs: 200, call: search("", false, 1), answer: "one contact, by a phone typed in national form"},
		{name: "Trash/first-page", pair: "size", runs: 100, call: trash(false), answer: "50 contacts in the trash"},
		{name: "Trash/to-end", pair: "size", runs: 100, call: trash(true), answer: "50 contacts in the trash"},
		{name: "PurgeTrash", pair: "size", runs: 10, answer: "20 contacts past the window, of 70 in the trash",
			call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
				e.clock.offset.Store(int64(-61 * 24 * time.Hour))
				for range 20 {
					c := e.mustCreate(tb, e.nextPerson())
					if _, err := e.svc.DeleteContact(ctx, e.actor, c.ID); err != nil {
						tb.Fatalf("DeleteContact: %v", err)
					}
				}
				e.clock.offset.Store(0)
				return func(svc *contactkit.Service) error {
					n, err := svc.PurgeTrash(ctx, e.actor)
					return scaleCounted("PurgeTrash purged", n, err, 20)
				}
			}},
		{name: "Memberships", pair: "size", runs: 100, answer: "the 45 live members of a list of 50",
			call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
				q := contactkit.MembershipQuery{List: e.list}
				return func(svc *contactkit.Service) error {
					n := 0
					for _, err := range svc.Memberships(ctx, e.actor, q) {
						if err != nil {
							return err
						}
						n++
					}
					if want := e.spec.Members - e.spec.Members/10; n != want {
						return fmt.Errorf("Memberships listed %d members, want %d", n, want)
					}
					return nil
				}
			}},
		{name: "Timeline", pair: "size", runs: 100, answer: "the notes of a contact with 40 and more",
			call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
				return func(svc *contactkit.Service) error {
					for _, err := range svc.Timeline(ctx, e.actor, e.heavy, contactkit.TimelineQuery{}) {
						if err != nil {
							return err
						}
					}
					return nil
				}
			}},
		{name: "AddNote", pair: "size", runs: 100, answer: "one note, to a contact with 40 and more",
			call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
				in := contactkit.NoteInput{Body: fmt.Sprintf("Relance n°%d envoyée.", run)}
				return func(svc *contactkit.Service) error {
					_, err := svc.AddNote(ctx, e.actor, e.heavy, in)
					return err
				}
			}},
		{name: "EraseContact", pair: "size", runs: 10, answer: "a contact with 40 notes and a membership",
			call: func(tb testing.TB, e *scaleEnv, run int) func(*contactkit.Service) error {
				c := e.mustCreate(tb, e.nextPerson())
				for k := range 40 {
					e.mustNote(tb, c.ID, k)
				}
				if _, err := e.svc.AddToList(ctx, e.actor, e.list, c.ID); err != nil {
					tb.Fatalf("AddToList: %v", err)
				}
				return func(svc *contactkit.Service) error { return svc.EraseContact(ctx, e.actor, c.ID) }
			}},
		{name: "CreateContact/fields", pair: "fields", runs: 100, call: create, answer: "one new contact with 2 custom values"},
		{name: "UpdateContact/fields", pair: "fields", runs: 100, call: update, answer: "one contact updated, one custom value"},
	}
}

// TestScaleWorkGrowsWithTheAnswer runs the growth checks (issue 9). Each
// subtest names a call; its failure names both figures.
func TestScaleWorkGrowsWithTheAnswer(t *testing.T) {
	pairs := scalePairs()
	envs := map[string][2]*scaleEnv{}
	env := func(pair string) [2]*scaleEnv {
		if e, ok := envs[pair]; ok {
			return e
		}
		specs := pairs[pair]
		e := [2]*scaleEnv{scaleBuild(t, specs[0]), scaleBuild(t, specs[1])}
		t.Logf("%s: built workspaces of %d and %d contacts in %v and %v", pair,
			specs[0].Contacts, specs[1].Contacts, e[0].buildTime.Round(time.Millisecond), e[1].buildTime.Round(time.Millisecond))
		envs[pair] = e
		return e
	}
	for _, c := range append(scaleChecks(), scaleCallChecks()...) {
		t.Run(c.name, func(t *testing.T) {
			if c.known != "" {
				t.Skip(c.known)
			}
			if fixture.Race && c.pair == "common" {
				t.Skip("under the race detector only seam reads are compared, and a walk of the contacts reads no more of them")
			}
			e := env(c.pair)
			small := scaleMeasure(t, e[0], c.runs, c.call)
			large := scaleMeasure(t, e[1], c.runs, c.call)
			what := fmt.Sprintf("%d and %d contacts", e[0].spec.Contacts, e[1].spec.Contacts)
			if c.pair == "fields" {
				what = fmt.Sprintf("%d and %d field definitions", len(e[0].defs), len(e[1].defs))
			}
			t.Logf("%s (%s): %s: %v | %v", c.name, c.answer, what, small, large)
			if grew := scaleGrew(small, large); len(grew) > 0 {
				t.Errorf("%s costs more with %s for the same answer (%s): %s; per call: %v, then %v",
					c.name, what, c.answer, strings.Join(grew, ", "), small, large)
			}
		})
	}
}

// TestCreateContactAllocations counts the allocations of a realistic
// creation through the Service on memstore (custom fields, tags, an
// email, a phone): a count, not a time, so that a regression shows on any
// machine. About 41 on 2026-12-04 (63 before that evening's work), 31 on
// 2026-12-07 and 22 once a call's change and memstore's transaction state
// were reused (a creation's garbage is what the collector and the
// allocator pay for at a million contacts). memstore adds the search
// words of 512 new contacts at once: the count is of 512 creations after
// a search, which add one batch, their own.
func TestCreateContactAllocations(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a workspace of 2,000 contacts")
	}
	e := scaleBuild(t, scaleSpec{Contacts: 2000, Defs: 2})
	inputs := make([]contactkit.ContactInput, 513)
	for i := range inputs {
		inputs[i] = e.input(e.nextPerson())
	}
	e.settleWords(t)
	i := 0
	n := testing.AllocsPerRun(len(inputs)-1, func() {
		if _, err := e.svc.CreateContact(context.Background(), e.actor, inputs[i]); err != nil {
			t.Fatal(err)
		}
		i++
	})
	t.Logf("%.1f allocations a creation", n)
	if n > 30 {
		t.Errorf("CreateContact: %.1f allocations a creation, want at most 30", n)
	}
}
