package pgstore_test

// A differential test of memstore against PostgreSQL, written by an
// independent tester after memstore's internals were rewritten (ordinals,
// open-addressing tables, word index, packed times, interned tag sets).
//
// One seeded random walk of public Service calls is applied, step by step,
// to a Service on memstore and a Service on pgstore with the same inputs,
// the same ID generator and the same clock; after every call the answers
// are compared (values as JSON, errors by their errors.Is categories).
// The first step that differs fails the test with the call, both answers
// and the calls just before it.
//
// It stands beside TestServiceAgreesWithMemstore (agreement_test.go), which
// compares the logs of two whole walks: this one compares call by call,
// checks each store's own state every 500 steps (every live address finds
// its contact, searches find it), and walks sequences that one does not
// reach, such as two merges into one survivor and the unmerge of the first
// (TestReproUnmergeLeavesSecondaryWithoutPrimary).
//
//	CONTACTKIT_POSTGRES_URL=... go test -run TestDifferential -v
//	DIFF_SEEDS=8 DIFF_STEPS=4000 DIFF_SEED0=100 ...  (defaults: 4 seeds, 2500 steps)
//	go test -race -run TestDifferentialMemstoreAlone  (DIFF_MEM_STEPS, default 4000)

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/fixture"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"
	"github.com/contactkit/contactkit/tag"
)

// diffTrace, if DIFF_TRACE names a file, receives every call of the walks.
var diffTrace = func() *os.File {
	if name := os.Getenv("DIFF_TRACE"); name != "" {
		f, err := os.Create(name)
		if err == nil {
			return f
		}
	}
	return nil
}()

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

// envSeeds is envInt for the number of seeds of a random walk: def, or
// raceDef under the race detector (fixture.Race), which makes a walk about
// ten times slower and is what CI runs. The README's command for this
// module, without -race, runs every seed.
func envSeeds(name string, def, raceDef int) int {
	if fixture.Race {
		def = raceDef
	}
	return envInt(name, def)
}

// TestDifferential runs the walk of several seeds on memstore and
// PostgreSQL in lockstep.
func TestDifferential(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	seeds, steps, seed0 := envSeeds("DIFF_SEEDS", 4, 2), envInt("DIFF_STEPS", 2500), envInt("DIFF_SEED0", 1)
	for seed := uint64(seed0); seed < uint64(seed0+seeds); seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			ws := contact.WorkspaceID(fmt.Sprintf("diff-%d-%d", seed, time.Now().UnixNano()))
			w := newDiffWalk(t, seed, ws, []store.Store{memstore.New(), pgstore.New(pool, nil)}, []string{"memstore", "pgstore"})
			w.run(steps)
			t.Logf("seed %d: %d steps, %d contacts created; ok calls: %v", seed, steps, len(w.ids), w.okCount)
		})
	}
}

// TestDifferentialMemstoreAlone runs the walk on memstore only, with
// readers running concurrently (for -race), and the self-checks of the walk.
func TestDifferentialMemstoreAlone(t *testing.T) {
	steps := envInt("DIFF_MEM_STEPS", 4000)
	for _, seed := range []uint64{11, 12} {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			w := newDiffWalk(t, seed, "solo", []store.Store{memstore.New()}, []string{"memstore"})
			stop := make(chan struct{})
			var wg sync.WaitGroup
			for r := range 3 {
				wg.Go(func() { w.reader(uint64(r), stop) })
			}
			w.run(steps)
			close(stop)
			wg.Wait()
			t.Logf("seed %d: %d steps, %d contacts; ok calls: %v", seed, steps, len(w.ids), w.okCount)
		})
	}
}

type diffSide struct {
	name string
	st   store.Store
	svc  *contactkit.Service
}

// pager is a listing of contacts paged across steps, with writes between
// its pages.
type pager struct {
	q       contactkit.ContactQuery
	limit   int
	cursors []string
	pages   int
}

type diffWalk struct {
	t       *testing.T
	seed    uint64
	rng     *rand.Rand
	sides   []*diffSide
	a       contactkit.Actor
	clock   atomic.Int64 // Unix microseconds, or nanoseconds with DIFF_NANOS
	nanos   bool
	zone    *time.Location
	step    int
	ids     []contact.ID
	lists   []list.ID
	merges  []merge.ID
	notes   []activity.ID
	pagers  []*pager
	trace   []string
	okCount map[string]int
}

var (
	dFirst   = []string{"Ada", "Hélène", "Émile", "Zoë", "Łukasz", "Jean-Pierre", "Søren", "Nguyễn", "Çağlar", "Ann", "ANNE", "Anaïs", "José", "Ångström"}
	dLast    = []string{"Lovelace", "O'Brien", "Müller", "Dupont", "Dupond", "Żółć", "García Márquez", "van der Berg", "Ødegård", "Lefèvre"}
	dCompany = []string{"ACME", "Société Générale", "Müller & Söhne", "Café Ñandú", "Łódź Works", "ＦＵＬＬ Width"}
	dCity    = []string{"Łódź", "Zürich", "São Paulo", "Montréal", "Paris", "Kraków", "Reykjavík"}
	dTags    = []string{"vip", "VIP", "Lead", "client fidèle", "Client Fidèle", "newsletter", "été 2026", "b2b", "ŁÓDŹ"}
	dDomains = []string{"example.com", "EXAMPLE.org", "gmail.com", "bücher.de", "mail.fr"}
	dLocals  = []string{"ada", "Helene.Dupont", "zoe", "j.p", "soren", "info", "a.da", "contact", "émile", "obrien"}
)

func newDiffWalk(t *testing.T, seed uint64, ws contact.WorkspaceID, stores []store.Store, names []string) *diffWalk {
	w := &diffWalk{
		t: t, seed: seed, rng: rand.New(rand.NewPCG(seed, 7)),
		a:       contactkit.Actor{Workspace: ws, User: "owner", Role: contactkit.RoleOwner},
		okCount: map[string]int{},
	}
	// Times: whole microseconds, in UTC or in a zone with an offset; one
	// seed in four starts close to the end of int64 nanoseconds (2262), so
	// that the 60-day jumps of the clock cross it.
	switch seed % 4 {
	case 1:
		w.zone = time.FixedZone("X", -4*3600-30*60)
	case 2:
		w.zone = time.FixedZone("Y", 5*3600+45*60)
	default:
		w.zone = time.UTC
	}
	start := time.Date(2026, 3, 29, 1, 59, 0, 0, time.UTC)
	if seed%4 == 3 {
		start = time.Date(2261, 11, 1, 0, 0, 0, 0, time.UTC)
	}
	w.nanos = os.Getenv("DIFF_NANOS") != ""
	w.clock.Store(start.UnixMicro())
	if w.nanos {
		w.clock.Store(start.UnixNano()) // (not past 2262)
	}
	for i, s := range stores {
		idr := rand.New(rand.NewPCG(seed, 1234))
		var n uint64
		monotonic := seed%3 == 0
		svc := contactkit.New(s, &contactkit.Options{
			DefaultRegion: "FR",
			Now: func() time.Time {
				if w.nanos {
					return time.Unix(0, w.clock.Load()).In(w.zone)
				}
				return time.UnixMicro(w.clock.Load()).In(w.zone)
			},
			NewID: func() (uuid.UUID, error) {
				if monotonic {
					var id uuid.UUID
					n++
					binary.BigEndian.PutUint64(id[:8], n<<16)
					binary.BigEndian.PutUint64(id[8:], idr.Uint64())
					id[6], id[8] = 0x70|id[6]&0x0f, 0x80|id[8]&0x3f
					return id, nil
				}
				return randomV4(idr), nil
			},
		})
		w.sides = append(w.sides, &diffSide{name: names[i], st: s, svc: svc})
	}
	ctx := context.Background()
	for _, s := range w.sides {
		if err := fixture.DefineFields(ctx, s.svc, w.a); err != nil {
			t.Fatal(err)
		}
	}
	for i, name := range []string{"News", "Offres spéciales"} {
		l := w.call("create list", func(s *diffSide) (any, error) {
			return s.svc.CreateList(ctx, w.a, list.List{Name: name, DoubleOptIn: i == 1})
		})
		w.lists = append(w.lists, l.(list.List).ID)
	}
	return w
}

// diffErrors are the categories an error is described by.
var diffErrors = []struct {
	name string
	err  error
}{
	{"not found", contactkit.ErrNotFound}, {"conflict", contactkit.ErrConflict},
	{"already exists", contactkit.ErrAlreadyExists}, {"invalid input", contactkit.ErrInvalidInput},
	{"trashed", contactkit.ErrTrashed}, {"not trashed", contactkit.ErrNotTrashed},
	{"blocked", contactkit.ErrContactBlocked}, {"no address", contactkit.ErrNoAddress},
	{"merged", contactkit.ErrMerged}, {"no match key", contactkit.ErrNoMatchKey},
	{"not member", contactkit.ErrNotMember}, {"permission", contactkit.ErrPermission},
	{"restore window", contactkit.ErrRestoreWindow}, {"key reused", contactkit.ErrKeyReused},
	{"invalid cursor", store.ErrInvalidCursor}, {"retry", store.ErrRetry}, {"unknown list", contactkit.ErrUnknownList},
	{"invalid", store.ErrInvalid},
}

func describeErr(err error) string {
	var kinds []string
	for _, e := range diffErrors {
		if errors.Is(err, e.err) {
			kinds = append(kinds, e.name)
		}
	}
	if taken, ok := errors.AsType[*contactkit.TakenError](err); ok {
		kinds = append(kinds, fmt.Sprintf("taken %s %s by %s", taken.Field, taken.Value, taken.Owner))
	}
	if len(kinds) == 0 {
		return "error of no known kind: " + err.Error()
	}
	return "error: " + strings.Join(kinds, ", ")
}

func render(v any, err error) string {
	if err != nil {
		return describeErr(err)
	}
	b, jerr := json.Marshal(v)
	if jerr != nil {
		return "unmarshalable: " + jerr.Error()
	}
	return string(b)
}

// call runs f on every side, compares the answers and returns the value of
// the first side (memstore).
func (w *diffWalk) call(desc string, f func(s *diffSide) (any, error)) any {
	w.t.Helper()
	var first any
	var answers []string
	for i, s := range w.sides {
		v, err := f(s)
		if i == 0 {
			first = v
			if err != nil {
				first = nil
			}
		}
		answers = append(answers, render(v, err))
	}
	w.record(desc, answers)
	if answers[0][:min(6, len(answers[0]))] != "error:" && !strings.HasPrefix(answers[0], "error") {
		w.okCount[strings.Fields(desc)[0]]++
	}
	return first
}

// record logs a call and fails on the first difference.
func (w *diffWalk) record(desc string, answers []string) {
	w.t.Helper()
	w.trace = append(w.trace, fmt.Sprintf("step %d: %s -> %s", w.step, desc, trunc(answers[0], 300)))
	if diffTrace != nil {
		fmt.Fprintf(diffTrace, "seed %d step %d: %s -> %s\n", w.seed, w.step, desc, answers[0])
	}
	if len(w.trace) > 25 {
		w.trace = w.trace[1:]
	}
	if strings.HasPrefix(answers[0], "unmarshalable") {
		w.t.Fatalf("seed %d step %d: %s: %s", w.seed, w.step, desc, answers[0])
	}
	for i := 1; i < len(answers); i++ {
		if answers[i] == answers[0] {
			continue
		}
		m, p := answers[0], answers[i]
		d := 0
		for d < min(len(m), len(p)) && m[d] == p[d] {
			d++
		}
		from := max(0, d-400)
		w.t.Fatalf("DIFFERENCE seed %d step %d\ncall: %s\nfirst difference at byte %d\n%s: …%s\n%s: …%s\n\nwhole %s answer: %s\nwhole %s answer: %s\n\nrecent calls:\n%s",
			w.seed, w.step, desc, d,
			w.sides[0].name, m[from:min(len(m), d+400)], w.sides[i].name, p[from:min(len(p), d+400)],
			w.sides[0].name, trunc(m, 6000), w.sides[i].name, trunc(p, 6000),
			strings.Join(w.trace, "\n"))
	}
}

func trunc(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + fmt.Sprintf("…(%d bytes)", len(s))
}

// ---- inputs ----

func (w *diffWalk) pickS(xs []string) string { return xs[w.rng.IntN(len(xs))] }

func (w *diffWalk) email() string {
	l, d := w.pickS(dLocals), w.pickS(dDomains)
	if w.rng.IntN(3) == 0 {
		l = fmt.Sprintf("%s.%d", l, w.rng.IntN(400))
	}
	if w.rng.IntN(10) == 0 {
		l = strings.ToUpper(l)
	}
	if w.rng.IntN(6) == 0 {
		l += strconv.Itoa(w.rng.IntN(3))
	}
	return l + "@" + d
}

// phoneNum returns the national significant number of a phone of the pool.
func (w *diffWalk) phoneNum() string {
	if w.rng.IntN(2) == 0 {
		return fmt.Sprintf("71234%04d", w.rng.IntN(3000))
	}
	return fmt.Sprintf("6123456%02d", w.rng.IntN(30))
}

// phoneForm types nsn (French, 9 digits) in one of the forms people use.
func (w *diffWalk) phoneForm(nsn string) string {
	g := "0" + nsn[:1] + " " + nsn[1:3] + " " + nsn[3:5] + " " + nsn[5:7] + " " + nsn[7:9]
	switch w.rng.IntN(6) {
	case 0:
		return g
	case 1:
		return "+33 " + nsn[:1] + " " + nsn[1:3] + " " + nsn[3:5] + " " + nsn[5:7] + " " + nsn[7:9]
	case 2:
		return "0033" + nsn
	case 3:
		return strings.ReplaceAll(g, " ", ".")
	case 4:
		return "+33" + nsn
	}
	return "0" + nsn
}

func (w *diffWalk) phone() string {
	if w.rng.IntN(12) == 0 {
		return fmt.Sprintf("+1 415 555 01%02d", w.rng.IntN(5))
	}
	return w.phoneForm(w.phoneNum())
}

func (w *diffWalk) tags() []string {
	var out []string
	for range 1 + w.rng.IntN(3) {
		out = append(out, w.pickS(dTags))
	}
	if w.rng.IntN(5) == 0 {
		return []string{strings.Join(out, ", ")}
	}
	return out
}

func (w *diffWalk) fields() map[string]string {
	m := map[string]string{}
	if w.rng.IntN(2) == 0 {
		m[fixture.FieldPlan] = w.pickS([]string{"Free", "Pro", "Business", "Gold", ""})
	}
	if w.rng.IntN(2) == 0 {
		m[fixture.FieldScore] = w.pickS([]string{"7", "42", "100", "abc", ""})
	}
	return m
}

func (w *diffWalk) others(gen func() string) *[]contact.LabeledInput {
	var out []contact.LabeledInput
	for range w.rng.IntN(3) {
		out = append(out, contact.LabeledInput{Value: gen(), Label: w.pickS([]string{"", "work", "home"})})
	}
	return &out
}

// pick returns a contact ID: mostly one created by the walk (live, in the
// trash, merged or erased), sometimes an unknown one.
func (w *diffWalk) pick() contact.ID {
	if len(w.ids) == 0 || w.rng.IntN(30) == 0 {
		var id uuid.UUID
		binary.BigEndian.PutUint64(id[:8], w.rng.Uint64())
		return contact.ID(id)
	}
	if w.rng.IntN(3) == 0 { // the recent ones
		return w.ids[len(w.ids)-1-w.rng.IntN(min(len(w.ids), 10))]
	}
	return w.ids[w.rng.IntN(len(w.ids))]
}

// contactOf returns memstore's view of id (zero if none).
func (w *diffWalk) contactOf(id contact.ID) contact.Contact {
	c, _ := w.sides[0].svc.GetContact(context.Background(), w.a, id)
	return c
}

var accents = strings.NewReplacer(
	"é", "e", "è", "e", "ê", "e", "ë", "e", "É", "E", "à", "a", "â", "a", "ä", "a", "å", "a", "Å", "A",
	"ç", "c", "Ç", "C", "î", "i", "ï", "i", "ô", "o", "ö", "o", "ø", "o", "Ø", "O", "ó", "o", "ü", "u", "ù", "u",
	"û", "u", "ñ", "n", "Ñ", "N", "Ł", "L", "ł", "l", "ź", "z", "ś", "s", "ğ", "g", "ı", "i", "ễ", "e", "ã", "a",
	"ß", "ss", "Ż", "Z", "ż", "z", "Ó", "O", "ć", "c", "Ś", "S", "í", "i", "á", "a", "Ź", "Z", "Ğ", "G",
)

// word mangles a word of a contact as a user types it.
func (w *diffWalk) word(s string) string {
	r := []rune(s)
	if len(r) > 1 && w.rng.IntN(2) == 0 {
		r = r[:1+w.rng.IntN(len(r))]
	}
	s = string(r)
	if w.rng.IntN(2) == 0 {
		s = accents.Replace(s)
	}
	switch w.rng.IntN(4) {
	case 0:
		s = strings.ToUpper(s)
	case 1:
		s = strings.ToLower(s)
	}
	return s
}

// queryText makes a search text from what the contacts of the walk hold.
func (w *diffWalk) queryText() string {
	c := w.contactOf(w.pick())
	var words []string
	for _, s := range []string{c.FirstName, c.LastName, c.Company, c.City, c.JobTitle} {
		words = append(words, strings.Fields(s)...)
	}
	if !c.Email.IsZero() {
		words = append(words, c.Email.LocalPart(), c.Email.Domain())
	}
	for _, n := range c.Tags {
		words = append(words, strings.Fields(n.String())...)
	}
	national := ""
	if p := c.Phone.String(); strings.HasPrefix(p, "+33") {
		national = w.phoneForm(p[3:])
	}
	if len(words) == 0 {
		words = []string{w.pickS(dFirst)}
	}
	one := func() string { return w.word(words[w.rng.IntN(len(words))]) }
	switch w.rng.IntN(12) {
	case 0:
		if national != "" {
			return national
		}
	case 1:
		if national != "" {
			return one() + " " + national
		}
	case 2:
		if !c.Email.IsZero() {
			e := c.Email.String()
			if w.rng.IntN(2) == 0 {
				e = strings.ToUpper(e)
			}
			return e
		}
	case 3:
		return w.pickS([]string{"zzq", "--", "Tel: 06 12 34 56 01", "a", "É", "o'b", "lodz", "muller", "ACME"})
	case 4:
		return "Email: " + w.email()
	}
	if w.rng.IntN(2) == 0 {
		return one() + " " + one()
	}
	return one()
}

func (w *diffWalk) query() contactkit.ContactQuery {
	var q contactkit.ContactQuery
	switch w.rng.IntN(6) {
	case 0:
		q.Tag = w.pickS(dTags)
	case 1:
		q.Text = w.queryText()
		q.Tag = w.pickS(dTags)
	case 2:
		// the whole listing
	default:
		q.Text = w.queryText()
	}
	if w.rng.IntN(4) == 0 {
		q.Trashed = true
	}
	if w.rng.IntN(10) == 0 {
		q.Status = []contact.Status{contact.StatusActive, contact.StatusBlocked}[w.rng.IntN(2)]
	}
	return q
}

// ---- steps ----

func (w *diffWalk) run(steps int) {
	for w.step = 0; w.step < steps; w.step++ {
		// The clock moves on by up to a few seconds, in microseconds.
		if w.nanos {
			w.clock.Add(1 + w.rng.Int64N(3_000_000_000))
		} else {
			w.clock.Add(1 + w.rng.Int64N(3_000_000))
		}
		w.once()
		if w.step%97 == 0 {
			runtime.GC() // let weak pointers of freed tag sets go
		}
		if w.step%500 == 499 {
			w.state(false)
		}
	}
	w.state(true)
}

func (w *diffWalk) once() {
	ctx := context.Background()
	a := w.a
	switch op := w.rng.IntN(40); {
	case op == 0 && w.rng.IntN(15) == 0: // a burst of new contacts, so that the indexes grow
		for range 10 + w.rng.IntN(40) {
			in := contactkit.ContactInput{Patch: contact.Patch{FirstName: new(w.pickS(dFirst)), LastName: new(w.pickS(dLast)),
				Email: new(fmt.Sprintf("%s.%d@%s", w.pickS(dLocals), w.rng.IntN(1_000_000), w.pickS(dDomains)))}}
			if w.rng.IntN(3) == 0 {
				in.Tags = w.tags()
			}
			if w.rng.IntN(3) == 0 {
				in.Phone = new(w.phoneForm(fmt.Sprintf("7%08d", w.rng.IntN(100_000_000))))
			}
			v := w.call(fmt.Sprintf("create(burst) %s", jsonish(in)), func(s *diffSide) (any, error) { return s.svc.CreateContact(ctx, a, in) })
			if v != nil {
				w.ids = append(w.ids, v.(contact.Contact).ID)
			}
		}
	case op == 0: // capture
		in := contactkit.ContactInput{Patch: contact.Patch{Email: new(w.email()), City: new(w.pickS(dCity))}, Tags: []string{"form"}}
		if w.rng.IntN(2) == 0 {
			in.Phone = new(w.phone())
		}
		if w.rng.IntN(2) == 0 {
			in.FirstName = new(w.pickS(dFirst))
		}
		v := w.call(fmt.Sprintf("capture %s", jsonish(in)), func(s *diffSide) (any, error) { return s.svc.CaptureContact(ctx, a, in) })
		if v != nil && v.(contactkit.CaptureResult).Created {
			w.ids = append(w.ids, v.(contactkit.CaptureResult).Contact.ID)
		}
	case op < 7: // create
		in := contactkit.ContactInput{Patch: contact.Patch{FirstName: new(w.pickS(dFirst))}}
		if w.rng.IntN(10) < 7 {
			in.LastName = new(w.pickS(dLast))
		}
		if w.rng.IntN(10) < 7 {
			in.Email = new(w.email())
		}
		if w.rng.IntN(2) == 0 {
			in.Phone = new(w.phone())
		}
		if w.rng.IntN(7) == 0 {
			in.OtherEmails = w.others(w.email)
		}
		if w.rng.IntN(9) == 0 {
			in.OtherPhones = w.others(w.phone)
		}
		if w.rng.IntN(5) < 2 {
			in.Company = new(w.pickS(dCompany))
		}
		if w.rng.IntN(3) == 0 {
			in.City = new(w.pickS(dCity))
		}
		if w.rng.IntN(6) == 0 {
			in.JobTitle = new("Directrice générale")
		}
		if w.rng.IntN(2) == 0 {
			in.Tags = w.tags()
		}
		if w.rng.IntN(5) == 0 {
			in.Fields = w.fields()
		}
		if w.rng.IntN(8) == 0 {
			in.Lists = []list.ID{w.lists[w.rng.IntN(len(w.lists))]}
		}
		v := w.call(fmt.Sprintf("create %s", jsonish(in)), func(s *diffSide) (any, error) { return s.svc.CreateContact(ctx, a, in) })
		if v != nil {
			w.ids = append(w.ids, v.(contact.Contact).ID)
		}
	case op < 11: // update
		id := w.pick()
		var p contact.Patch
		for range 1 + w.rng.IntN(3) {
			switch w.rng.IntN(11) {
			case 0:
				p.FirstName = new(w.pickS(dFirst))
			case 1:
				p.LastName = new(w.pickS(append(dLast, "")))
			case 2:
				p.Email = new(w.pickS([]string{w.email(), ""}))
			case 3:
				p.Phone = new(w.pickS([]string{w.phone(), ""}))
			case 4:
				p.OtherEmails = w.others(w.email)
			case 5:
				p.OtherPhones = w.others(w.phone)
			case 6:
				p.Company = new(w.pickS(append(dCompany, "")))
			case 7:
				p.City = new(w.pickS(append(dCity, "")))
			case 8:
				p.Fields = w.fields()
			case 9:
				p.Alias = new(w.pickS([]string{"Zézé", "", "Bob"}))
			case 10:
				c := w.contactOf(id)
				p.IfVersion = c.Version - int64(w.rng.IntN(2))
				p.JobTitle = new("CTO")
			}
		}
		w.call(fmt.Sprintf("update %s %s", id, jsonish(p)), func(s *diffSide) (any, error) { return s.svc.UpdateContact(ctx, a, id, p) })
	case op < 14: // tag, untag
		id, names := w.pick(), w.tags()
		if w.rng.IntN(5) < 3 {
			w.call(fmt.Sprintf("tag %s %q", id, names), func(s *diffSide) (any, error) { return s.svc.TagContact(ctx, a, id, names...) })
		} else {
			w.call(fmt.Sprintf("untag %s %q", id, names), func(s *diffSide) (any, error) { return s.svc.UntagContact(ctx, a, id, names...) })
		}
	case op < 16:
		id := w.pick()
		w.call(fmt.Sprintf("delete %s", id), func(s *diffSide) (any, error) { return s.svc.DeleteContact(ctx, a, id) })
	case op < 18:
		id := w.pick()
		w.call(fmt.Sprintf("restore %s", id), func(s *diffSide) (any, error) { return s.svc.RestoreContact(ctx, a, id) })
	case op == 18:
		if w.rng.IntN(3) == 0 {
			// past the restore window for what was deleted until now
			if w.nanos {
				w.clock.Add(int64(61 * 24 * time.Hour))
			} else {
				w.clock.Add((61 * 24 * time.Hour).Microseconds())
			}
		}
		w.call("purge trash", func(s *diffSide) (any, error) { return s.svc.PurgeTrash(ctx, a) })
	case op == 19:
		id := w.pick()
		w.call(fmt.Sprintf("erase %s", id), func(s *diffSide) (any, error) { return nil, s.svc.EraseContact(ctx, a, id) })
	case op < 22: // merge
		var req contactkit.MergeRequest
		if w.rng.IntN(2) == 0 {
			res, _ := w.sides[0].svc.FindDuplicates(ctx, a, nil)
			if len(res.Groups) > 0 {
				g := res.Groups[w.rng.IntN(len(res.Groups))]
				req = contactkit.MergeRequest{Primary: g.Contacts[0], Others: g.Contacts[1:]}
			}
		}
		if req.Primary.IsZero() {
			req = contactkit.MergeRequest{Primary: w.pick(), Others: []contact.ID{w.pick()}}
			if w.rng.IntN(3) == 0 {
				req.Others = append(req.Others, w.pick())
			}
		}
		if w.rng.IntN(3) == 0 {
			req.Policy = merge.PolicyMostRecent
		}
		stale := w.rng.IntN(8) == 0
		v := w.call(fmt.Sprintf("merge %s stale=%v", jsonish(req), stale), func(s *diffSide) (any, error) {
			p, err := s.svc.PreviewMerge(ctx, a, req)
			if err != nil {
				return nil, fmt.Errorf("preview: %w", err)
			}
			if stale {
				_, _ = s.svc.TagContact(ctx, a, req.Others[0], "stale")
			}
			r, err := s.svc.MergeContacts(ctx, a, p)
			return []any{p, r}, err
		})
		if v != nil {
			w.merges = append(w.merges, v.([]any)[1].(merge.Record).ID)
		}
	case op == 22:
		if len(w.merges) > 0 {
			id := w.merges[w.rng.IntN(len(w.merges))]
			w.call(fmt.Sprintf("unmerge %s", id), func(s *diffSide) (any, error) { return s.svc.UnmergeContacts(ctx, a, id) })
		}
	case op == 23: // lists
		l, id := w.lists[w.rng.IntN(len(w.lists))], w.pick()
		switch w.rng.IntN(3) {
		case 0, 1:
			w.call(fmt.Sprintf("add-to-list %s %s", l, id), func(s *diffSide) (any, error) { return s.svc.AddToList(ctx, a, l, id) })
		case 2:
			w.call(fmt.Sprintf("unsubscribe-from-list %s %s", l, id), func(s *diffSide) (any, error) {
				return s.svc.UnsubscribeFromList(ctx, a, l, id, "asked")
			})
		}
		w.call(fmt.Sprintf("memberships %s", l), func(s *diffSide) (any, error) {
			return collect(s.svc.Memberships(ctx, a, contactkit.MembershipQuery{List: l}))
		})
	case op == 24: // notes
		id := w.pick()
		in := contactkit.NoteInput{Body: fmt.Sprintf("Appel à %s, step %d", w.pickS(dFirst), w.step), Pinned: w.rng.IntN(4) == 0}
		v := w.call(fmt.Sprintf("note %s %+v", id, in), func(s *diffSide) (any, error) { return s.svc.AddNote(ctx, a, id, in) })
		if v != nil {
			w.notes = append(w.notes, v.(activity.Activity).ID)
		}
	case op == 25: // timeline
		id := w.pick()
		q := contactkit.TimelineQuery{}
		if w.rng.IntN(3) == 0 {
			q.Text = w.word(w.pickS(append(dFirst, "appel")))
		}
		limit := 1 + w.rng.IntN(3)
		w.call(fmt.Sprintf("timeline %s %+v limit %d", id, q, limit), func(s *diffSide) (any, error) {
			return pages(func(p store.PageRequest) (store.Page[activity.Activity], error) {
				return s.svc.ListTimeline(ctx, a, id, q, p)
			}, limit)
		})
	case op == 26: // history
		id := w.pick()
		f := w.pickS([]string{"", "", contact.FieldEmail, contact.FieldTags, contact.FieldDeletedAt, contact.FieldFirstName})
		limit := 1 + w.rng.IntN(4)
		w.call(fmt.Sprintf("history %s %q limit %d", id, f, limit), func(s *diffSide) (any, error) {
			return pages(func(p store.PageRequest) (store.Page[contact.Change], error) {
				return s.svc.ListHistory(ctx, a, id, f, p)
			}, limit)
		})
	case op < 30: // get, lookups
		switch w.rng.IntN(4) {
		case 0, 1:
			id := w.pick()
			w.call(fmt.Sprintf("get %s", id), func(s *diffSide) (any, error) { return s.svc.GetContact(ctx, a, id) })
		case 2:
			e := w.email()
			if c := w.contactOf(w.pick()); !c.Email.IsZero() && w.rng.IntN(2) == 0 {
				e = strings.ToUpper(c.Email.String())
			}
			w.call(fmt.Sprintf("by-email %q", e), func(s *diffSide) (any, error) { return s.svc.ContactByEmail(ctx, a, e) })
		case 3:
			ph := w.phone()
			if c := w.contactOf(w.pick()); strings.HasPrefix(c.Phone.String(), "+33") && w.rng.IntN(2) == 0 {
				ph = w.phoneForm(c.Phone.String()[3:])
			}
			w.call(fmt.Sprintf("by-phone %q", ph), func(s *diffSide) (any, error) { return s.svc.ContactByPhone(ctx, a, ph) })
		}
	case op < 34: // a whole listing, in small pages
		q, limit := w.query(), 1+w.rng.IntN(5)
		w.call(fmt.Sprintf("list %+v limit %d", q, limit), func(s *diffSide) (any, error) {
			return pages(func(p store.PageRequest) (store.Page[contact.Contact], error) {
				return s.svc.ListContacts(ctx, a, q, p)
			}, limit)
		})
	case op < 36: // a listing paged across steps
		w.pageOn()
	case op == 36:
		opts := &contactkit.DuplicateOptions{Limit: []int{0, 0, 2, 3}[w.rng.IntN(4)]}
		w.call(fmt.Sprintf("find-duplicates %+v", *opts), func(s *diffSide) (any, error) { return s.svc.FindDuplicates(ctx, a, opts) })
	case op == 37:
		w.call("suggest-duplicates", func(s *diffSide) (any, error) { return collect(s.svc.SuggestDuplicates(ctx, a, nil)) })
	case op == 38:
		limit := 1 + w.rng.IntN(4)
		w.call(fmt.Sprintf("tags limit %d", limit), func(s *diffSide) (any, error) {
			return pages(func(p store.PageRequest) (store.Page[tag.Tag], error) { return s.svc.ListTags(ctx, a, p) }, limit)
		})
	case op == 39:
		id := w.pick()
		w.call(fmt.Sprintf("resolve %s", id), func(s *diffSide) (any, error) { return s.svc.ResolveContact(ctx, a, id) })
		w.call(fmt.Sprintf("merge-history %s", id), func(s *diffSide) (any, error) { return collect(s.svc.MergeHistory(ctx, a, id)) })
		if w.rng.IntN(2) == 0 {
			x, y := w.pick(), w.pick()
			w.call(fmt.Sprintf("dismiss %s %s", x, y), func(s *diffSide) (any, error) { return s.svc.DismissDuplicate(ctx, a, x, y) })
		} else {
			id := w.pick()
			if w.rng.IntN(2) == 0 {
				w.call(fmt.Sprintf("block %s", id), func(s *diffSide) (any, error) { return s.svc.BlockContact(ctx, a, id, "spam") })
			} else {
				w.call(fmt.Sprintf("unblock %s", id), func(s *diffSide) (any, error) { return s.svc.UnblockContact(ctx, a, id) })
			}
		}
	}
}

// pageOn opens a paged listing or reads the next page of one, on every side
// with its own cursor, comparing the items of each page. A side whose page
// has a Next when another's has none must find nothing more.
func (w *diffWalk) pageOn() {
	ctx := context.Background()
	if len(w.pagers) < 3 && (len(w.pagers) == 0 || w.rng.IntN(3) == 0) {
		w.pagers = append(w.pagers, &pager{q: w.query(), limit: 1 + w.rng.IntN(4), cursors: make([]string, len(w.sides))})
	}
	i := w.rng.IntN(len(w.pagers))
	pg := w.pagers[i]
	pg.pages++
	desc := fmt.Sprintf("page %d of %+v limit %d (cursor %q)", pg.pages, pg.q, pg.limit, pg.cursors[0])
	var answers []string
	ended := make([]bool, len(w.sides))
	for j, s := range w.sides {
		page, err := s.svc.ListContacts(ctx, w.a, pg.q, store.PageRequest{Cursor: pg.cursors[j], Limit: pg.limit})
		answers = append(answers, render(page.Items, err))
		pg.cursors[j] = page.Next
		ended[j] = err != nil || page.Next == ""
	}
	w.record(desc, answers)
	if slices.Contains(ended, true) && slices.Contains(ended, false) {
		// The side that goes on must find nothing.
		for j, s := range w.sides {
			if ended[j] {
				continue
			}
			rest, err := pages(func(p store.PageRequest) (store.Page[contact.Contact], error) {
				p.Cursor = pg.cursors[j]
				return s.svc.ListContacts(ctx, w.a, pg.q, p)
			}, pg.limit)
			if err != nil || len(rest) > 0 {
				w.t.Fatalf("DIFFERENCE seed %d step %d: %s: %s ended the listing; %s goes on with %s\nrecent calls:\n%s",
					w.seed, w.step, desc, w.sides[1-j].name, s.name, render(rest, err), strings.Join(w.trace, "\n"))
			}
		}
		ended[0] = true
	}
	if ended[0] {
		w.pagers = slices.Delete(w.pagers, i, i+1)
	}
}

// state compares the whole state of the workspace: every contact, live and
// in the trash, with its history and timeline at the end.
func (w *diffWalk) state(deep bool) {
	ctx := context.Background()
	for _, trashed := range []bool{false, true} {
		q := contactkit.ContactQuery{Trashed: trashed}
		w.call(fmt.Sprintf("state: contacts trashed=%v", trashed), func(s *diffSide) (any, error) { return collect(s.svc.Contacts(ctx, w.a, q)) })
	}
	w.call("state: tags", func(s *diffSide) (any, error) { return collect(s.svc.Tags(ctx, w.a)) })
	w.call("state: duplicates from scratch", func(s *diffSide) (any, error) {
		return s.svc.FindDuplicates(ctx, w.a, &contactkit.DuplicateOptions{FromScratch: true})
	})
	w.call("state: duplicates", func(s *diffSide) (any, error) { return s.svc.FindDuplicates(ctx, w.a, nil) })
	// Self-checks, on each side: every address of a live contact finds it,
	// every tag of a live contact lists it, and every word of its first
	// name finds it.
	for _, s := range w.sides {
		for c, err := range s.svc.Contacts(ctx, w.a, contactkit.ContactQuery{}) {
			if err != nil {
				w.t.Fatal(err)
			}
			for _, e := range c.Emails() {
				got, err := s.svc.ContactByEmail(ctx, w.a, e.String())
				if err != nil || got.ID != c.ID {
					w.t.Errorf("%s seed %d step %d: by email %s of %s: %v %v", s.name, w.seed, w.step, e, c.ID, got.ID, err)
				}
			}
			for _, p := range c.Phones() {
				got, err := s.svc.ContactByPhone(ctx, w.a, p.String())
				if err != nil || got.ID != c.ID {
					w.t.Errorf("%s seed %d step %d: by phone %s of %s: %v %v", s.name, w.seed, w.step, p, c.ID, got.ID, err)
				}
			}
			if !deep && w.rng.IntN(10) > 0 {
				continue
			}
			for _, n := range c.Tags {
				if !w.finds(s, contactkit.ContactQuery{Tag: n.String()}, c.ID) {
					w.t.Errorf("%s seed %d step %d: tag %q does not list %s", s.name, w.seed, w.step, n, c.ID)
				}
			}
			if f := strings.Fields(c.FirstName); len(f) > 0 {
				if !w.finds(s, contactkit.ContactQuery{Text: f[0] + " " + c.LastName}, c.ID) {
					w.t.Errorf("%s seed %d step %d: text %q does not find %s", s.name, w.seed, w.step, f[0]+" "+c.LastName, c.ID)
				}
			}
		}
	}
	if !deep {
		return
	}
	for _, id := range w.ids {
		w.call(fmt.Sprintf("state: history %s", id), func(s *diffSide) (any, error) { return collect(s.svc.History(ctx, w.a, id, "")) })
		w.call(fmt.Sprintf("state: timeline %s", id), func(s *diffSide) (any, error) {
			return collect(s.svc.Timeline(ctx, w.a, id, contactkit.TimelineQuery{}))
		})
	}
}

func (w *diffWalk) finds(s *diffSide, q contactkit.ContactQuery, id contact.ID) bool {
	for c, err := range s.svc.Contacts(context.Background(), w.a, q) {
		if err != nil {
			return false
		}
		if c.ID == id {
			return true
		}
	}
	return false
}

// reader reads the store concurrently with the walk (memstore alone).
func (w *diffWalk) reader(n uint64, stop chan struct{}) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(n, 5))
	svc := w.sides[0].svc
	for {
		select {
		case <-stop:
			return
		default:
		}
		q := contactkit.ContactQuery{Text: strings.ToLower(dFirst[r.IntN(len(dFirst))][:2]), Trashed: r.IntN(3) == 0}
		if r.IntN(2) == 0 {
			q = contactkit.ContactQuery{Tag: dTags[r.IntN(len(dTags))]}
		}
		var prev contact.ID
		for c, err := range svc.Contacts(ctx, w.a, q) {
			if err != nil {
				w.t.Errorf("reader: %v", err)
				return
			}
			if !prev.IsZero() && c.ID.Compare(prev) <= 0 {
				w.t.Errorf("reader: %s listed after %s", c.ID, prev)
			}
			prev = c.ID
		}
		_, _ = svc.FindDuplicates(ctx, w.a, nil)
		_, _ = svc.ContactByPhone(ctx, w.a, fmt.Sprintf("06 12 34 56 %02d", r.IntN(30)))
	}
}

func pages[T any](fetch func(store.PageRequest) (store.Page[T], error), limit int) ([]T, error) {
	out := []T{}
	p := store.PageRequest{Limit: limit}
	for range 100000 {
		page, err := fetch(p)
		if err != nil {
			return out, err
		}
		out = append(out, page.Items...)
		if page.Next == "" {
			return out, nil
		}
		if page.Next == p.Cursor {
			return out, fmt.Errorf("%w: cursor repeats", store.ErrInvalidCursor)
		}
		p.Cursor = page.Next
	}
	return out, errors.New("too many pages")
}

func collect[T any](seq func(func(T, error) bool)) ([]T, error) {
	out := []T{}
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

func jsonish(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%+v", v)
	}
	return string(b)
}

// randomV4 returns a version-4 UUID drawn from r: the IDs of a Service whose
// runs a seed repeats.
func randomV4(r *rand.Rand) uuid.UUID {
	var id uuid.UUID
	binary.BigEndian.PutUint64(id[:8], r.Uint64())
	binary.BigEndian.PutUint64(id[8:], r.Uint64())
	id[6], id[8] = 0x40|id[6]&0x0f, 0x80|id[8]&0x3f
	return id
}
