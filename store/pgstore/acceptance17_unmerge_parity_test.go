package pgstore_test

// The seventeenth pass: PostgreSQL parity of the unmerges done out of
// order (M4). The same seeded sequences of Service calls run on memstore
// (the reference) and on pgstore, with the same clock and IDs: contacts
// that share a company, tags, a list, a block, a custom field, a follow,
// an enrollment and an association, merged in groups, edited, unmerged in
// any order (refused ones included), erased, deleted and purged. After
// every call both sides must have answered alike (the value, or the
// error's kinds and tree) and hold the same: each contact, its merge
// history (the records as JSON, Rebased included), memberships, property
// history, timeline, feed, followers, enrollments and associations, and
// the consent ledger; each call's events are compared with its answer.
// Contact and merge IDs are written by their index in the run, the other
// IDs by the order they are met in, so that the comparison does not rest
// on the two stores drawing the same IDs: in one seed in two, every call's
// first commit on PostgreSQL fails as a serialization failure does, and
// the Service runs its function again (drawing new IDs). Two unmerges at
// once on PostgreSQL must end as one of their orders ends on memstore.
//
//	ACC17_SEEDS (default 16), ACC17_STEPS (default 50)

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/association"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"
)

// acc17Spec is a contact of an acc17World.
type acc17Spec struct {
	name, company, job, plan string
	phone                    bool
	tags                     []string
	member, unsub            bool
	blocked, followed        bool
	enrolled                 bool
	deal                     string // the deal it is associated with, if any
}

type acc17Side struct {
	name   string
	svc    *contactkit.Service
	ids    []contact.ID
	merges []merge.ID
	news   list.ID
	au     automation.ID
	mu     sync.Mutex        // guards events: the Service may call at once
	events []string          // those of the current call
	other  map[string]string // the name given to each other ID met
}

type acc17World struct {
	t      *testing.T
	a      contactkit.Actor
	sides  []*acc17Side
	clock  time.Time
	specs  []acc17Spec
	step   int
	trace  []string
	states []string // the state of each side after the last call
	// tick is how far the clock moves on before each call; zero keeps
	// every call at one instant (ties of merge times and field changes).
	tick time.Duration
	// retry, if not nil, is the pgstore whose first commit of each call
	// fails with a serialization failure: the Service's function runs
	// again, and must write and answer the same.
	retry *pgstore.Store
}

// acc17Options are the Service's options of every acc17World; more, if
// not nil, changes them.
func acc17Options(w *acc17World, s *acc17Side, seed uint64, more func(*contactkit.Options)) *contactkit.Options {
	idr := rand.New(rand.NewPCG(seed, 17))
	window := time.Hour
	o := &contactkit.Options{
		Subscribers: []contactkit.Subscriber{func(_ context.Context, e contactkit.Event) {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.events = append(s.events, fmt.Sprintf("%T%s", e, jsonish(e)))
		}},
		DefaultRegion:    "FR",
		Now:              func() time.Time { return w.clock },
		NewID:            func() (uuid.UUID, error) { return randomV4(idr), nil },
		RestoreWindow:    &window,
		AssociationTypes: []association.Type{{Name: "deal", Labels: []string{"buyer", "seller"}}},
	}
	if more != nil {
		more(o)
	}
	return o
}

// acc17New builds the workspace of specs on memstore and on pgstore (a
// workspace of its own in pg), comparing every call.
func acc17New(t *testing.T, pg store.Store, ws string, seed uint64, specs []acc17Spec, more func(*contactkit.Options)) *acc17World {
	t.Helper()
	w := &acc17World{
		t: t, specs: specs,
		a:     contactkit.Actor{Workspace: contact.WorkspaceID(ws), User: "owner", Role: contactkit.RoleOwner, Source: contact.ChangeUI},
		clock: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC),
		tick:  time.Second,
	}
	stores := []store.Store{memstore.New(), pg}
	for i, st := range stores {
		s := &acc17Side{name: []string{"memstore", "pgstore"}[i]}
		s.svc = contactkit.New(st, acc17Options(w, s, seed, more))
		w.sides = append(w.sides, s)
	}
	ctx := context.Background()
	w.call("create field plan", func(s *acc17Side) (any, error) {
		return s.svc.CreateField(ctx, w.a, field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeText})
	})
	w.call("create list News", func(s *acc17Side) (any, error) {
		l, err := s.svc.CreateList(ctx, w.a, list.List{Name: "News"})
		s.news = l.ID
		return l, err
	})
	w.call("create automation Welcome", func(s *acc17Side) (any, error) {
		au, err := s.svc.CreateAutomation(ctx, w.a, automation.Automation{Name: "Welcome", Active: true, Steps: []automation.Step{{Name: "one"}, {Name: "two"}}})
		s.au = au.ID
		return au, err
	})
	for i, sp := range specs {
		w.call("create "+sp.name, func(s *acc17Side) (any, error) {
			in := contactkit.ContactInput{Patch: contact.Patch{FirstName: new(sp.name), Email: new(sp.name + "@example.com")}, Tags: sp.tags}
			if sp.company != "" {
				in.Company = new(sp.company)
			}
			if sp.job != "" {
				in.JobTitle = new(sp.job)
			}
			if sp.plan != "" {
				in.Fields = map[string]string{"plan": sp.plan}
			}
			if sp.phone {
				in.Phone = new(fmt.Sprintf("06123456%02d", i))
			}
			if sp.member {
				in.Lists = []list.ID{s.news}
			}
			c, err := s.svc.CreateContact(ctx, w.a, in)
			if err != nil {
				return nil, err
			}
			s.ids = append(s.ids, c.ID)
			var out []any
			out = append(out, c)
			if sp.unsub {
				m, err := s.svc.UnsubscribeFromList(ctx, w.a, s.news, c.ID, "no")
				out = append(out, acc17Answer(m, err))
			}
			if sp.enrolled {
				e, err := s.svc.Enroll(ctx, w.a, s.au, c.ID, "")
				out = append(out, acc17Answer(e, err))
			}
			if sp.followed {
				f, err := s.svc.Follow(ctx, w.a, c.ID)
				out = append(out, acc17Answer(f, err))
			}
			if sp.deal != "" {
				as, err := s.svc.Associate(ctx, w.a, c.ID, contactkit.AssociationInput{Type: "deal", Record: sp.deal, Label: "buyer"})
				out = append(out, acc17Answer(as, err))
			}
			if sp.blocked {
				b, err := s.svc.BlockContact(ctx, w.a, c.ID, "spam")
				out = append(out, acc17Answer(b, err))
			}
			return out, nil
		})
	}
	return w
}

// acc17Answer is a value or an error, for a call that makes several.
func acc17Answer(v any, err error) any {
	if err != nil {
		return acc13ErrTree(err)
	}
	return v
}

// names writes the IDs of s's contacts and merges by their index.
func (w *acc17World) names(s *acc17Side, text string) string {
	var pairs []string
	for i, id := range s.ids {
		pairs = append(pairs, id.String(), fmt.Sprintf("<c%d>", i))
	}
	for i, id := range s.merges {
		if id != "" {
			pairs = append(pairs, id.String(), fmt.Sprintf("<m%d>", i))
		}
	}
	text = strings.NewReplacer(pairs...).Replace(text)
	// The other IDs (of enrollments, activities …) by the order they are
	// met in.
	return acc17UUID.ReplaceAllStringFunc(text, func(id string) string {
		if id == uuid.Nil.String() {
			return id
		}
		if s.other == nil {
			s.other = map[string]string{}
		}
		if _, ok := s.other[id]; !ok {
			s.other[id] = fmt.Sprintf("<id%d>", len(s.other))
		}
		return s.other[id]
	})
}

var acc17UUID = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// call runs f on both sides, the clock one second on, then compares the
// answers and the states.
func (w *acc17World) call(desc string, f func(s *acc17Side) (any, error)) (refused bool) {
	w.t.Helper()
	w.step++
	w.clock = w.clock.Add(w.tick)
	var answers []string
	for i, s := range w.sides {
		s.events = nil
		if w.retry != nil && i == 1 {
			pgstore.FailCommits(w.retry, 1)
		}
		v, err := f(s)
		answer := acc13Render(v, err)
		if len(s.events) > 0 {
			answer += "\nevents: " + strings.Join(s.events, "\n")
		}
		answers = append(answers, w.names(s, answer))
		if err != nil && s == w.sides[0] {
			refused = true
		}
	}
	w.trace = append(w.trace, fmt.Sprintf("step %d: %s -> %s", w.step, desc, trunc(answers[0], 300)))
	if len(w.trace) > 25 {
		w.trace = w.trace[1:]
	}
	w.differ(desc, "answer", answers[0], answers[1])
	w.states = w.states[:0]
	for _, s := range w.sides {
		w.states = append(w.states, w.state(s))
	}
	w.differ(desc, "state after", w.states[0], w.states[1])
	return refused
}

// differ fails the test when the memstore's m and the pgstore's p differ.
func (w *acc17World) differ(desc, what, m, p string) {
	w.t.Helper()
	if m == p {
		return
	}
	ml, pl := strings.Split(m, "\n"), strings.Split(p, "\n")
	var diff []string
	for i := range max(len(ml), len(pl)) {
		a, b := "", ""
		if i < len(ml) {
			a = ml[i]
		}
		if i < len(pl) {
			b = pl[i]
		}
		if a != b {
			diff = append(diff, fmt.Sprintf("memstore: %s\npgstore:  %s", trunc(a, 3000), trunc(b, 3000)))
		}
	}
	w.t.Fatalf("DIFFERENCE at step %d, %s: %s\n%s\n\nrecent calls:\n%s", w.step, desc, what, strings.Join(diff, "\n\n"), strings.Join(w.trace, "\n"))
}

// state writes what the workspace of s holds, a line a read.
func (w *acc17World) state(s *acc17Side) string {
	ctx := context.Background()
	var lines []string
	add := func(what string, v any, err error) {
		lines = append(lines, what+" "+w.names(s, acc13Render(v, err)))
	}
	all := func(what string, seq func(yield func(any, error) bool)) {
		var vs []any
		for v, err := range seq {
			if err != nil {
				add(what, vs, err)
				return
			}
			vs = append(vs, v)
		}
		add(what, vs, nil)
	}
	for i, id := range s.ids {
		p := fmt.Sprintf("c%d ", i)
		c, err := s.svc.GetContact(ctx, w.a, id)
		add(p+"contact", c, err)
		all(p+"merges", acc17Seq(s.svc.MergeHistory(ctx, w.a, id)))
		all(p+"memberships", acc17Seq(s.svc.Memberships(ctx, w.a, contactkit.MembershipQuery{Contact: id})))
		all(p+"history", acc17Seq(s.svc.History(ctx, w.a, id, "")))
		all(p+"followers", acc17Seq(s.svc.Followers(ctx, w.a, id)))
		all(p+"enrollments", acc17Seq(s.svc.Enrollments(ctx, w.a, contactkit.EnrollmentQuery{Contact: id})))
		all(p+"associations", acc17Seq(s.svc.Associations(ctx, w.a, id, contactkit.AssociationQuery{})))
		all(p+"timeline", acc17Seq(s.svc.Timeline(ctx, w.a, id, contactkit.TimelineQuery{})))
		all(p+"feed", acc17Seq(s.svc.Feed(ctx, w.a, id, contactkit.FeedQuery{})))
	}
	all("ledger", acc17Seq(s.svc.ConsentLedger(ctx, w.a, "")))
	for i, id := range s.merges {
		r, err := s.svc.GetMerge(ctx, w.a, id)
		add(fmt.Sprintf("m%d", i), r, err)
	}
	return strings.Join(lines, "\n")
}

// acc17Seq makes a typed sequence an untyped one.
func acc17Seq[T any](seq func(yield func(T, error) bool)) func(yield func(any, error) bool) {
	return func(yield func(any, error) bool) {
		for v, err := range seq {
			if !yield(v, err) {
				return
			}
		}
	}
}

// merge merges others into primary (indexes of the contacts), and returns
// the index of the merge, or -1 when it is refused.
func (w *acc17World) merge(policy merge.Policy, primary int, others ...int) int {
	w.t.Helper()
	ctx := context.Background()
	k := len(w.sides[0].merges)
	refused := w.call(fmt.Sprintf("merge %v into %d (%s)", others, primary, policy), func(s *acc17Side) (any, error) {
		req := contactkit.MergeRequest{Primary: s.ids[primary], Policy: policy}
		for _, o := range others {
			req.Others = append(req.Others, s.ids[o])
		}
		p, err := s.svc.PreviewMerge(ctx, w.a, req)
		if err != nil {
			s.merges = append(s.merges, "")
			return nil, err
		}
		r, err := s.svc.MergeContacts(ctx, w.a, p)
		s.merges = append(s.merges, r.ID)
		return r, err
	})
	if refused {
		return -1
	}
	return k
}

// unmerge undoes merge k, and reports whether memstore did.
func (w *acc17World) unmerge(k int) bool {
	w.t.Helper()
	return !w.call(fmt.Sprintf("unmerge m%d", k), func(s *acc17Side) (any, error) {
		return s.svc.UnmergeContacts(context.Background(), w.a, s.merges[k])
	})
}

// do runs one call of contact i on both sides.
func (w *acc17World) do(desc string, i int, f func(s *acc17Side, id contact.ID) (any, error)) bool {
	w.t.Helper()
	return !w.call(fmt.Sprintf("%s c%d", desc, i), func(s *acc17Side) (any, error) { return f(s, s.ids[i]) })
}

func (w *acc17World) erase(i int) bool {
	w.t.Helper()
	return w.do("erase", i, func(s *acc17Side, id contact.ID) (any, error) {
		return nil, s.svc.EraseContact(context.Background(), w.a, id)
	})
}

// purge deletes contact i (unless it is -1), and purges the trash past
// the restore window.
func (w *acc17World) purge(i int) {
	w.t.Helper()
	if i >= 0 {
		w.do("delete", i, func(s *acc17Side, id contact.ID) (any, error) {
			return s.svc.DeleteContact(context.Background(), w.a, id)
		})
	}
	w.clock = w.clock.Add(2 * time.Hour)
	w.call("purge trash", func(s *acc17Side) (any, error) { return s.svc.PurgeTrash(context.Background(), w.a) })
}

// record returns memstore's record of merge k.
func (w *acc17World) record(k int) merge.Record {
	w.t.Helper()
	r, err := w.sides[0].svc.GetMerge(context.Background(), w.a, w.sides[0].merges[k])
	if err != nil {
		w.t.Fatalf("merge %d: %v", k, err)
	}
	return r
}

// recordsOf returns, as JSON, both sides' merge records into contact i.
func (w *acc17World) recordsOf(i int) []string {
	var out []string
	for _, s := range w.sides {
		var b strings.Builder
		for r, err := range s.svc.MergeHistory(context.Background(), w.a, s.ids[i]) {
			if err != nil {
				w.t.Fatal(err)
			}
			j, _ := json.Marshal(r)
			b.Write(j)
		}
		out = append(out, b.String())
	}
	return out
}

// acc17Specs returns n contacts drawn by rnd, with overlapping values.
func acc17Specs(rnd *rand.Rand, n int) []acc17Spec {
	pick := func(vs ...string) string { return vs[rnd.IntN(len(vs))] }
	var out []acc17Spec
	for i := range n {
		s := acc17Spec{name: fmt.Sprintf("c%d", i), company: pick("", "", "acme", "beta"), job: pick("", "dev"),
			plan: pick("", "gold", "silver"), phone: rnd.IntN(2) == 0, member: rnd.IntN(2) == 0,
			blocked: rnd.IntN(4) == 0, followed: rnd.IntN(2) == 0, enrolled: rnd.IntN(3) == 0, deal: pick("", "", "d1", "d2")}
		s.unsub = s.member && rnd.IntN(3) == 0
		for _, tg := range []string{"vip", "gold", "red"} {
			if rnd.IntN(2) == 0 {
				s.tags = append(s.tags, tg)
			}
		}
		out = append(out, s)
	}
	return out
}

// TestAcc17UnmergeParityRandom runs seeded random sequences of merges in
// groups, edits, unmerges in any order, erasures and purges on both
// stores.
func TestAcc17UnmergeParityRandom(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	seeds, steps := envSeeds("ACC17_SEEDS", 16, 6), envInt("ACC17_STEPS", 50)
	for seed := range uint64(seeds) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rnd := rand.New(rand.NewPCG(seed, 1717))
			specs := acc17Specs(rnd, 6)
			pg := pgstore.New(pool, nil)
			// One seed in two retries each call's first commit on
			// PostgreSQL: the Service's function runs again and draws new
			// IDs, so that the IDs of the two stores part. They are drawn
			// in order there (a counter, then random bytes), so that
			// what is listed by ID (the merges) is listed alike.
			retry := seed%2 == 1
			var more func(*contactkit.Options)
			if retry {
				more = func(o *contactkit.Options) {
					n, r := uint64(0), rand.New(rand.NewPCG(seed, 71))
					o.NewID = func() (uuid.UUID, error) {
						n++
						id := randomV4(r)
						binary.BigEndian.PutUint32(id[:4], uint32(n))
						return id, nil
					}
				}
			}
			w := acc17New(t, pg, fmt.Sprintf("acc17-%d", seed), seed, specs, more)
			if retry {
				w.retry = pg
			}
			// One seed in three makes its calls at one instant (but for
			// the purges): merges made at the same time, and field changes
			// as recent as each other; another in three makes them 1,501
			// nanoseconds apart, which a microsecond does not tell apart.
			switch seed % 3 {
			case 1:
				w.tick = 1501 * time.Nanosecond
			case 2:
				w.tick = 0
			}
			acc17Walk(t, w, rnd, steps)
		})
	}
}

// acc17Walk makes steps random calls in w.
func acc17Walk(t *testing.T, w *acc17World, rnd *rand.Rand, steps int) {
	ctx := context.Background()
	m := w.sides[0]
	// live returns the contacts memstore holds live (not merged away, not
	// trashed, not erased).
	live := func() []int {
		var out []int
		for i, id := range m.ids {
			if c, err := m.svc.GetContact(ctx, w.a, id); err == nil && !c.Trashed() {
				out = append(out, i)
			}
		}
		return out
	}
	standing := func() []int {
		var out []int
		for k, id := range m.merges {
			if id == "" {
				continue
			}
			if r, err := m.svc.GetMerge(ctx, w.a, id); err == nil && !r.Undone() {
				out = append(out, k)
			}
		}
		return out
	}
	ops := map[string]int{}
	for range steps {
		ls, st := live(), standing()
		switch x := rnd.IntN(20); {
		case x < 6 && len(ls) >= 2:
			rnd.Shuffle(len(ls), func(i, j int) { ls[i], ls[j] = ls[j], ls[i] })
			policy := []merge.Policy{merge.PolicyPrimary, merge.PolicyMostRecent}[rnd.IntN(2)]
			if w.merge(policy, ls[0], ls[1:min(len(ls), 2+rnd.IntN(2))]...) >= 0 {
				ops["merge"]++
			}
		case x < 11 && len(st) > 0:
			k := st[rnd.IntN(len(st))]
			if w.unmerge(k) {
				ops["unmerge"]++
			} else {
				ops["unmerge refused"]++
			}
		case x < 12 && len(m.merges) > 0:
			// Any merge, undone or refused before: idempotence and refusals.
			w.unmerge(rnd.IntN(len(m.merges)))
			ops["unmerge any"]++
		case x == 12:
			// An erasure, of any contact: live, merged away or erased.
			if rnd.IntN(2) == 0 && w.erase(rnd.IntN(len(m.ids))) {
				ops["erase"]++
			}
		case x < 18 && len(ls) > 0:
			i := ls[rnd.IntN(len(ls))]
			acc17Edit(w, rnd, i)
			ops["edit"]++
		case x == 19 && len(ls) > 0:
			// A deletion, restored now and then.
			i := ls[rnd.IntN(len(ls))]
			w.do("delete", i, func(s *acc17Side, id contact.ID) (any, error) { return s.svc.DeleteContact(ctx, w.a, id) })
			if rnd.IntN(2) == 0 {
				w.do("restore", i, func(s *acc17Side, id contact.ID) (any, error) { return s.svc.RestoreContact(ctx, w.a, id) })
			}
			ops["delete"]++
		case x == 18 && rnd.IntN(3) == 0:
			// A purge: the merged away contacts go too, past the window.
			i := -1
			if len(ls) > 0 && rnd.IntN(2) == 0 {
				i = ls[rnd.IntN(len(ls))]
			}
			w.purge(i)
			ops["purge"]++
		}
	}
	t.Logf("%v", ops)
}

// acc17Edit makes one random edit of contact i.
func acc17Edit(w *acc17World, rnd *rand.Rand, i int) {
	ctx := context.Background()
	a := w.a
	n := w.step
	switch rnd.IntN(13) {
	case 0:
		w.do("tag", i, func(s *acc17Side, id contact.ID) (any, error) {
			return s.svc.TagContact(ctx, a, id, fmt.Sprintf("own%d", n))
		})
	case 1:
		tg := []string{"vip", "gold", "red"}[rnd.IntN(3)]
		w.do("untag "+tg, i, func(s *acc17Side, id contact.ID) (any, error) { return s.svc.UntagContact(ctx, a, id, tg) })
	case 2:
		p := contact.Patch{City: new(fmt.Sprintf("city%d", n)), JobTitle: new([]string{"", "dev", "cto"}[rnd.IntN(3)])}
		w.do("update city, job", i, func(s *acc17Side, id contact.ID) (any, error) { return s.svc.UpdateContact(ctx, a, id, p) })
	case 3:
		p := contact.Patch{Company: new([]string{"", "acme", "beta", "gamma"}[rnd.IntN(4)])}
		w.do("update company", i, func(s *acc17Side, id contact.ID) (any, error) { return s.svc.UpdateContact(ctx, a, id, p) })
	case 4:
		w.do("block", i, func(s *acc17Side, id contact.ID) (any, error) { return s.svc.BlockContact(ctx, a, id, "spam") })
	case 5:
		w.do("unblock", i, func(s *acc17Side, id contact.ID) (any, error) { return s.svc.UnblockContact(ctx, a, id) })
	case 6:
		w.do("add to News", i, func(s *acc17Side, id contact.ID) (any, error) { return s.svc.AddToList(ctx, a, s.news, id) })
	case 7:
		w.do("unsubscribe from News", i, func(s *acc17Side, id contact.ID) (any, error) {
			return s.svc.UnsubscribeFromList(ctx, a, s.news, id, "no more")
		})
	case 8:
		w.do("follow", i, func(s *acc17Side, id contact.ID) (any, error) { return s.svc.Follow(ctx, a, id) })
	case 9:
		w.do("enroll", i, func(s *acc17Side, id contact.ID) (any, error) { return s.svc.Enroll(ctx, a, s.au, id, "") })
	case 10:
		in := contactkit.AssociationInput{Type: "deal", Record: []string{"d1", "d2"}[rnd.IntN(2)], Label: []string{"buyer", "seller"}[rnd.IntN(2)]}
		w.do("associate "+in.Record, i, func(s *acc17Side, id contact.ID) (any, error) { return s.svc.Associate(ctx, a, id, in) })
	case 11:
		body := fmt.Sprintf("note %d", n)
		w.do("add note", i, func(s *acc17Side, id contact.ID) (any, error) {
			return s.svc.AddNote(ctx, a, id, contactkit.NoteInput{Body: body})
		})
	case 12:
		// An unsubscribe of an address of the run's, which contact i may
		// hold now (its own, or one a merge gave it) or not.
		j := rnd.IntN(len(w.specs))
		chn, addr := list.ChannelEmail, w.specs[j].name+"@example.com"
		if w.specs[j].phone && rnd.IntN(2) == 0 {
			chn, addr = list.ChannelSMS, fmt.Sprintf("06123456%02d", j)
		}
		w.do("unsubscribe "+addr+" of", i, func(s *acc17Side, _ contact.ID) (any, error) {
			return s.svc.UnsubscribeAddress(ctx, a, chn, addr, "stop")
		})
	}
}

// ---- targeted scenarios, after the root package's tests ----

// acc17Scenario builds specs in a workspace of its own.
func acc17Scenario(t *testing.T, specs []acc17Spec, more func(*contactkit.Options)) *acc17World {
	t.Helper()
	return acc17New(t, pgstore.New(pgstore.NewTestPool(t), nil), "acc17", 1, specs, more)
}

// Three merges into Ada undone middle first, then the first, then the
// last (acceptance16's TestAcc16UnmergeThreeMiddleFirstLast): each later
// merge's record is rebased alike, and everyone is back at the end.
func TestAcc17UnmergeParityThreeMiddleFirstLast(t *testing.T) {
	w := acc17Scenario(t, []acc17Spec{
		{name: "ada", followed: true, enrolled: true, deal: "d1"},
		{name: "bob", company: "acme", tags: []string{"vip"}, member: true, blocked: true, followed: true, plan: "gold", deal: "d1"},
		{name: "cid", company: "beta", tags: []string{"vip", "red"}, member: true, unsub: true, followed: true, enrolled: true, deal: "d2"},
		{name: "dan", tags: []string{"gold"}, member: true, blocked: true, plan: "silver", enrolled: true, deal: "d2"},
	}, nil)
	var ks []int
	for _, o := range []int{1, 2, 3} {
		ks = append(ks, w.merge(merge.PolicyPrimary, 0, o))
	}
	for _, k := range []int{1, 0, 2} {
		if !w.unmerge(k) {
			t.Fatalf("undoing merge %d refused", k)
		}
		if k == 0 {
			if r := w.record(ks[2]); len(r.Rebased) != 2 {
				t.Errorf("Dan's record rebased %v, want the two merges undone before it", r.Rebased)
			}
		}
	}
}

// Bob's merge undone while Cid's stands, both of Acme and blocked, with a
// membership, a follow and a deal each, with each policy.
func TestAcc17UnmergeParityOutOfOrderHandsOver(t *testing.T) {
	for _, policy := range []merge.Policy{merge.PolicyPrimary, merge.PolicyMostRecent} {
		t.Run(string(policy), func(t *testing.T) {
			w := acc17Scenario(t, []acc17Spec{
				{name: "ada", job: "dev", enrolled: true},
				{name: "bob", company: "acme", job: "cto", tags: []string{"vip"}, member: true, followed: true, blocked: true, deal: "d1", enrolled: true},
				{name: "cid", company: "acme", tags: []string{"vip"}, member: true, unsub: true, followed: true, deal: "d1", enrolled: true},
				{name: "dan", member: true, unsub: true, deal: "d2", blocked: true},
			}, nil)
			w.do("update job", 2, func(s *acc17Side, id contact.ID) (any, error) {
				return s.svc.UpdateContact(context.Background(), w.a, id, contact.Patch{JobTitle: new("ceo")})
			})
			m1 := w.merge(policy, 0, 1)
			m2 := w.merge(policy, 0, 2, 3)
			if w.unmerge(m1) {
				if r := w.record(m2); len(r.Rebased) != 1 {
					t.Errorf("Cid's record rebased %v, want Bob's merge", r.Rebased)
				}
			}
			w.unmerge(m2)
			w.unmerge(m1)
		})
	}
}

// The enrollments (merge_outoforder_test.go): a later merge ended Cid's
// as Ada had Bob's (the unmerge of Bob's merge is refused); a later merge
// stopped Cid's as Bob's merge blocked Ada (resumed); a further block
// keeps it stopped.
func TestAcc17UnmergeParityEnrollments(t *testing.T) {
	t.Run("refused", func(t *testing.T) {
		w := acc17Scenario(t, []acc17Spec{{name: "ada"}, {name: "bob", company: "acme", enrolled: true}, {name: "cid", enrolled: true}}, nil)
		m1 := w.merge(merge.PolicyPrimary, 0, 1)
		m2 := w.merge(merge.PolicyPrimary, 0, 2)
		if w.unmerge(m1) {
			t.Errorf("undoing Bob's merge first worked, want it refused")
		}
		w.unmerge(m2)
		w.unmerge(m1)
	})
	t.Run("resumed", func(t *testing.T) {
		w := acc17Scenario(t, []acc17Spec{{name: "ada"}, {name: "bob", blocked: true}, {name: "cid", enrolled: true}}, nil)
		m1 := w.merge(merge.PolicyPrimary, 0, 1)
		m2 := w.merge(merge.PolicyPrimary, 0, 2)
		w.unmerge(m1)
		w.unmerge(m2)
	})
	t.Run("kept stopped", func(t *testing.T) {
		w := acc17Scenario(t, []acc17Spec{{name: "ada"}, {name: "bob", blocked: true}, {name: "cid", enrolled: true}, {name: "dan", blocked: true}}, nil)
		m1 := w.merge(merge.PolicyPrimary, 0, 1)
		w.merge(merge.PolicyPrimary, 0, 2)
		m3 := w.merge(merge.PolicyPrimary, 0, 3)
		w.unmerge(m1)
		w.unmerge(m3)
	})
	t.Run("one active an automation", func(t *testing.T) {
		w := acc17Scenario(t, []acc17Spec{{name: "ada", enrolled: true}, {name: "bob", blocked: true}, {name: "cid", enrolled: true}}, nil)
		m1 := w.merge(merge.PolicyPrimary, 0, 1)
		m2 := w.merge(merge.PolicyPrimary, 0, 2)
		w.unmerge(m1)
		w.unmerge(m2)
		w.unmerge(m1)
	})
}

// An unmerge is refused when a later merge's record was erased with its
// contact (Cid's); with Cid's merge made first and erased, Bob's later one
// is undone.
func TestAcc17UnmergeParityRefusedAfterALaterMergeErased(t *testing.T) {
	specs := []acc17Spec{{name: "ada"}, {name: "bob", company: "acme", tags: []string{"vip"}, blocked: true}, {name: "cid", company: "acme", tags: []string{"vip"}, blocked: true}}
	w := acc17Scenario(t, specs, nil)
	m1 := w.merge(merge.PolicyPrimary, 0, 1)
	w.merge(merge.PolicyPrimary, 0, 2)
	w.erase(2)
	if w.unmerge(m1) {
		t.Errorf("undoing Bob's merge worked, want it refused: Cid's record is erased")
	}

	w = acc17Scenario(t, specs, nil)
	w.merge(merge.PolicyPrimary, 0, 2)
	m1 = w.merge(merge.PolicyPrimary, 0, 1)
	w.erase(2)
	if !w.unmerge(m1) {
		t.Errorf("undoing Bob's merge, made after Cid's erased one, refused")
	}
}

// Erasures after unmerges: in order (Cid's, then Bob's: Cid's record,
// undone, held Ada with Bob's values, which the erasure redacts), and out
// of order (Bob's undone while Cid's stands: Cid's record is rebased).
func TestAcc17UnmergeParityEraseRedacts(t *testing.T) {
	specs := []acc17Spec{
		{name: "ada", deal: "d1"},
		{name: "bob", company: "acme", tags: []string{"vip"}, phone: true, blocked: true, member: true, plan: "gold"},
		{name: "cid", company: "acme", tags: []string{"vip"}, blocked: true, member: true},
	}
	t.Run("in order", func(t *testing.T) {
		w := acc17Scenario(t, specs, nil)
		m1 := w.merge(merge.PolicyPrimary, 0, 1)
		m2 := w.merge(merge.PolicyPrimary, 0, 2)
		w.unmerge(m2)
		w.unmerge(m1)
		w.erase(1)
		for _, r := range w.recordsOf(0) {
			if strings.Contains(r, "bob@example.com") {
				t.Errorf("Ada's records keep Bob's email")
			}
		}
	})
	t.Run("out of order", func(t *testing.T) {
		w := acc17Scenario(t, specs, nil)
		m1 := w.merge(merge.PolicyPrimary, 0, 1)
		m2 := w.merge(merge.PolicyPrimary, 0, 2)
		w.do("update city", 0, func(s *acc17Side, id contact.ID) (any, error) {
			return s.svc.UpdateContact(context.Background(), w.a, id, contact.Patch{City: new("Lyon")})
		})
		w.unmerge(m1)
		w.erase(1)
		for _, r := range w.recordsOf(0) {
			if strings.Contains(r, "bob@example.com") || strings.Contains(r, "+336123456") {
				t.Errorf("Ada's records keep Bob's address")
			}
		}
		w.unmerge(m2)
	})
}

// PurgeTrash after an unmerge out of order removes the undone merge's
// record with Bob, and Cid's merge can still be undone; a purge after
// unmerges in order, too.
func TestAcc17UnmergeParityPurge(t *testing.T) {
	specs := []acc17Spec{{name: "ada"}, {name: "bob", company: "acme", member: true, followed: true, deal: "d1"}, {name: "cid", company: "acme", member: true, followed: true, deal: "d1"}}
	t.Run("out of order", func(t *testing.T) {
		w := acc17Scenario(t, specs, nil)
		m1 := w.merge(merge.PolicyPrimary, 0, 1)
		m2 := w.merge(merge.PolicyPrimary, 0, 2)
		w.unmerge(m1)
		w.purge(1)
		if !w.unmerge(m2) {
			t.Errorf("undoing Cid's merge after the purge refused")
		}
	})
	t.Run("in order", func(t *testing.T) {
		w := acc17Scenario(t, specs, nil)
		m1 := w.merge(merge.PolicyPrimary, 0, 1)
		m2 := w.merge(merge.PolicyPrimary, 0, 2)
		w.unmerge(m2)
		w.unmerge(m1)
		w.purge(1)
		w.purge(2)
	})
}

// At the tag limit and at the address limit, a later merge that could
// not place everything places it once the earlier one is undone.
func TestAcc17UnmergeParityLimits(t *testing.T) {
	t.Run("tags", func(t *testing.T) {
		w := acc17Scenario(t, []acc17Spec{{name: "ada", tags: []string{"vip"}}, {name: "bob", tags: []string{"gold", "red"}}, {name: "cid", tags: []string{"x1", "x2"}}},
			func(o *contactkit.Options) { o.Limits.Tags.PerContact = 3 })
		m1 := w.merge(merge.PolicyPrimary, 0, 1)
		m2 := w.merge(merge.PolicyPrimary, 0, 2)
		if len(w.record(m2).Unplaced) == 0 {
			t.Errorf("Cid's tags placed, want them unplaced")
		}
		w.unmerge(m1)
		w.unmerge(m2)
	})
	t.Run("addresses", func(t *testing.T) {
		w := acc17Scenario(t, []acc17Spec{{name: "ada"}, {name: "bob"}, {name: "cid"}}, nil)
		var others []contact.LabeledInput
		for i := range contact.MaxOtherAddresses - 1 {
			others = append(others, contact.LabeledInput{Value: fmt.Sprintf("bob%d@example.com", i)})
		}
		w.do("update other emails", 1, func(s *acc17Side, id contact.ID) (any, error) {
			return s.svc.UpdateContact(context.Background(), w.a, id, contact.Patch{OtherEmails: &others})
		})
		m1 := w.merge(merge.PolicyPrimary, 0, 1)
		m2 := w.merge(merge.PolicyPrimary, 0, 2)
		w.unmerge(m1)
		w.unmerge(m2)
	})
	t.Run("address taken", func(t *testing.T) {
		w := acc17Scenario(t, []acc17Spec{{name: "ada"}, {name: "bob", phone: true}, {name: "cid"}}, nil)
		m1 := w.merge(merge.PolicyPrimary, 0, 1)
		w.do("drop other emails", 0, func(s *acc17Side, id contact.ID) (any, error) {
			return s.svc.UpdateContact(context.Background(), w.a, id, contact.Patch{OtherEmails: &[]contact.LabeledInput{}})
		})
		w.do("take Bob's email", 2, func(s *acc17Side, id contact.ID) (any, error) {
			return s.svc.UpdateContact(context.Background(), w.a, id, contact.Patch{OtherEmails: &[]contact.LabeledInput{{Value: "bob@example.com"}}})
		})
		m2 := w.merge(merge.PolicyPrimary, 0, 2)
		if w.unmerge(m1) {
			t.Errorf("undoing Bob's merge first worked, want it refused")
		}
		w.unmerge(m2)
		w.unmerge(m1)
	})
}

// Bob and Cid, both blocked, merged into Ada, who is enrolled: undoing
// either merge first leaves her blocked, her enrollment stopped; undoing
// the other unblocks her and resumes it (the events compared too).
func TestAcc17UnmergeParityBlockedByBothMerges(t *testing.T) {
	for _, first := range []int{0, 1} {
		t.Run(fmt.Sprint(first), func(t *testing.T) {
			w := acc17Scenario(t, []acc17Spec{{name: "ada", enrolled: true}, {name: "bob", blocked: true}, {name: "cid", blocked: true}}, nil)
			ks := []int{w.merge(merge.PolicyPrimary, 0, 1), w.merge(merge.PolicyPrimary, 0, 2)}
			if !w.unmerge(ks[first]) || !w.unmerge(ks[1-first]) {
				t.Errorf("an unmerge refused")
			}
		})
	}
}

// Ada, survivor of Bob's merge and Cid's, Bob's undone out of order, is
// merged into Dan, then erased; and the same with Dan's merge undone
// first.
func TestAcc17UnmergeParityChainedSurvivor(t *testing.T) {
	specs := []acc17Spec{
		{name: "ada", member: true, followed: true},
		{name: "bob", company: "acme", tags: []string{"vip"}, blocked: true, deal: "d1"},
		{name: "cid", company: "beta", tags: []string{"red"}, member: true, unsub: true, enrolled: true, deal: "d1"},
		{name: "dan", plan: "gold", followed: true},
	}
	for _, undoDan := range []bool{false, true} {
		t.Run(fmt.Sprint(undoDan), func(t *testing.T) {
			w := acc17Scenario(t, specs, nil)
			m1 := w.merge(merge.PolicyPrimary, 0, 1)
			m2 := w.merge(merge.PolicyMostRecent, 0, 2)
			w.unmerge(m1)
			m3 := w.merge(merge.PolicyPrimary, 3, 0)
			if undoDan {
				w.unmerge(m3)
				w.unmerge(m2)
			}
			w.erase(0)
			w.unmerge(m2)
			w.unmerge(m3)
		})
	}
}

// Two unmerges of merges into one survivor, out of order, at once on
// PostgreSQL (serializable, retried): the workspace ends as one of the
// two orders leaves it on memstore.
func TestAcc17UnmergeParityConcurrent(t *testing.T) {
	ctx := context.Background()
	specs := []acc17Spec{
		{name: "ada", followed: true, enrolled: true, deal: "d1"},
		{name: "bob", company: "acme", tags: []string{"vip"}, member: true, blocked: true, followed: true, plan: "gold", deal: "d1"},
		{name: "cid", company: "beta", tags: []string{"vip", "red"}, member: true, unsub: true, followed: true, deal: "d2"},
		{name: "dan", tags: []string{"gold"}, member: true, blocked: true, plan: "silver", enrolled: true, deal: "d2"},
	}
	build := func() (*acc17World, []int) {
		w := acc17Scenario(t, specs, nil)
		var ks []int
		for _, o := range []int{1, 2, 3} {
			ks = append(ks, w.merge(merge.PolicyPrimary, 0, o))
		}
		w.tick = 0 // the unmerges at one instant, in every order
		return w, ks
	}
	// final is the state of side s, its other IDs named afresh.
	final := func(w *acc17World, s *acc17Side) string {
		s.other = nil
		return w.state(s)
	}
	for _, pair := range [][2]int{{0, 1}, {0, 2}, {1, 2}} {
		var serial []string
		for _, order := range [][2]int{{0, 1}, {1, 0}} {
			w, ks := build()
			w.unmerge(ks[pair[order[0]]])
			w.unmerge(ks[pair[order[1]]])
			serial = append(serial, final(w, w.sides[0]))
		}
		for range 3 {
			w, ks := build()
			pg := w.sides[1]
			var errs [2]error
			var wg sync.WaitGroup
			for i := range 2 {
				wg.Go(func() { _, errs[i] = pg.svc.UnmergeContacts(ctx, w.a, pg.merges[ks[pair[i]]]) })
			}
			wg.Wait()
			if got := final(w, pg); !slices.Contains(serial, got) {
				t.Fatalf("merges %v undone at once (%v, %v): the workspace is as no order leaves it:\n%s\n\nmemstore, in order:\n%s\n\nin the other order:\n%s",
					pair, errs[0], errs[1], got, serial[0], serial[1])
			}
		}
	}
}
