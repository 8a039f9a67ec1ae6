package contactkit_test

// The sixteenth acceptance pass: unmerges done out of order (M4), written
// from the rules. a16World is a small workspace of contacts that share
// values (company, tags, a list, a block, a custom field, a follow, an
// enrollment); its state is read by the contacts' names, so that two
// services built alike compare.

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/tag"
)

// a16Spec is a contact of a16World.
type a16Spec struct {
	name, company, job, plan string
	phone                    bool
	tags                     []string
	member, unsub            bool
	blocked, followed        bool
	enrolled                 bool
}

// a16Merge is a merge of a16World, by index of its contacts.
type a16Merge struct {
	primary int
	others  []int
	policy  merge.Policy
}

type a16World struct {
	t       *testing.T
	svc     *contactkit.Service
	ev      *acc15Events
	specs   []a16Spec
	ids     []contact.ID
	created map[time.Time]string // creation date → name
	news    list.ID
	au      automation.ID
	refused int
}

// a16New builds the workspace of specs in a new service.
func a16New(t *testing.T, specs []a16Spec, opts *contactkit.Options) *a16World {
	t.Helper()
	ctx := t.Context()
	svc, ev := acc15Service(t, opts)
	w := &a16World{t: t, svc: svc, ev: ev, specs: specs, created: map[time.Time]string{}}
	_, err := svc.CreateField(ctx, acc3Owner, field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeText})
	require.NoError(t, err)
	w.news = acc15List(t, svc, list.List{Name: "News"}).ID
	au, err := svc.CreateAutomation(ctx, acc3Owner, automation.Automation{Name: "Welcome", Active: true, Steps: []automation.Step{{Name: "one"}, {Name: "two"}}})
	require.NoError(t, err)
	w.au = au.ID
	for i, s := range specs {
		in := contactkit.ContactInput{Patch: contact.Patch{FirstName: new(s.name), Email: new(s.name + "@example.com")}, Tags: s.tags}
		if s.company != "" {
			in.Company = new(s.company)
		}
		if s.job != "" {
			in.JobTitle = new(s.job)
		}
		if s.plan != "" {
			in.Fields = map[string]string{"plan": s.plan}
		}
		if s.phone {
			in.Phone = new(fmt.Sprintf("06123456%02d", i))
		}
		if s.member {
			in.Lists = []list.ID{w.news}
		}
		c := acc3Create(t, svc, in)
		w.ids = append(w.ids, c.ID)
		w.created[c.CreatedAt.UTC()] = s.name
		if s.unsub {
			_, err := svc.UnsubscribeFromList(ctx, acc3Owner, w.news, c.ID, "no")
			require.NoError(t, err)
		}
		if s.enrolled {
			_, err := svc.Enroll(ctx, acc3Owner, w.au, c.ID, "")
			require.NoError(t, err)
		}
		if s.followed {
			_, err := svc.Follow(ctx, acc3Owner, c.ID)
			require.NoError(t, err)
		}
		if s.blocked {
			_, err := svc.BlockContact(ctx, acc3Owner, c.ID, "spam")
			require.NoError(t, err)
		}
	}
	w.ev.take()
	return w
}

// merge makes m, and returns its record.
func (w *a16World) merge(m a16Merge) merge.Record {
	w.t.Helper()
	ctx := w.t.Context()
	var others []contact.ID
	for _, o := range m.others {
		others = append(others, w.ids[o])
	}
	p, err := w.svc.PreviewMerge(ctx, acc3Owner, contactkit.MergeRequest{Primary: w.ids[m.primary], Others: others, Policy: m.policy})
	require.NoError(w.t, err)
	rec, err := w.svc.MergeContacts(ctx, acc3Owner, p)
	require.NoError(w.t, err)
	return rec
}

// state returns what contact i is: its fields, addresses, tags, custom
// fields, creation date (by the name of the contact created then),
// memberships, followers and enrollments.
func (w *a16World) state(i int) string {
	t := w.t
	t.Helper()
	ctx := t.Context()
	id := w.ids[i]
	c, err := w.svc.GetContact(ctx, acc3Owner, id)
	if errors.Is(err, contactkit.ErrNotFound) {
		return "gone"
	}
	require.NoError(t, err)
	if c.Trashed() {
		return "trashed"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s status=%s company=%q job=%q", c.FirstName, c.Status, c.Company, c.JobTitle)
	fmt.Fprintf(&b, " email=%s", c.Email)
	for _, e := range c.OtherEmails {
		fmt.Fprintf(&b, ",%s", e.Email)
	}
	fmt.Fprintf(&b, " phone=%s", c.Phone)
	for _, p := range c.OtherPhones {
		fmt.Fprintf(&b, ",%s", p.Phone)
	}
	var tags []string
	for _, n := range c.Tags {
		tags = append(tags, n.Key())
	}
	slices.Sort(tags)
	fmt.Fprintf(&b, " tags=%v plan=%q created=%s", tags, c.Fields[field.MustParseKey("plan")].String(), w.created[c.CreatedAt.UTC()])
	for m, err := range w.svc.Memberships(ctx, acc3Owner, contactkit.MembershipQuery{Contact: id}) {
		require.NoError(t, err)
		fmt.Fprintf(&b, " news=%s", m.Status)
	}
	n := 0
	for _, err := range w.svc.Followers(ctx, acc3Owner, id) {
		require.NoError(t, err)
		n++
	}
	fmt.Fprintf(&b, " followers=%d", n)
	var ens []string
	for e, err := range w.svc.Enrollments(ctx, acc3Owner, contactkit.EnrollmentQuery{Contact: id}) {
		require.NoError(t, err)
		ens = append(ens, fmt.Sprintf("%v/%s", e.Active(), e.StopReason))
	}
	slices.Sort(ens)
	fmt.Fprintf(&b, " enrollments=%v", ens)
	return b.String()
}

// states returns the state of every contact.
func (w *a16World) states() []string {
	var out []string
	for i := range w.ids {
		out = append(out, w.state(i))
	}
	return out
}

// unmerge undoes merge id, and checks the rules of every unmerge: a
// refused one (a conflict) changes nothing, emits nothing and leaves the
// merge standing; one that works emits ContactsUnmerged and is
// idempotent. It reports whether the merge is undone.
func (w *a16World) unmerge(id merge.ID, what string) bool {
	t := w.t
	t.Helper()
	ctx := t.Context()
	before := w.states()
	recBefore := acc3GetMerge(t, w.svc, id)
	w.ev.take()
	_, err := w.svc.UnmergeContacts(ctx, acc3Owner, id)
	if err != nil {
		var ue *contactkit.UnmergeError
		require.ErrorAs(t, err, &ue, "%s", what)
		require.ErrorIs(t, err, contactkit.ErrConflict)
		w.refused++
		t.Logf("%s: refused: %v", what, err)
		assert.Equal(t, before, w.states(), "%s: a refused unmerge changes nothing (%v)", what, err)
		assert.Empty(t, w.ev.take(), "%s: a refused unmerge emits nothing", what)
		assert.Equal(t, recBefore, acc3GetMerge(t, w.svc, id), "%s: a refused unmerge leaves the record", what)
		return false
	}
	unmerged := 0
	for _, e := range w.ev.take() {
		if _, ok := e.(contactkit.ContactsUnmerged); ok {
			unmerged++
		}
	}
	assert.Equal(t, 1, unmerged, "%s: one ContactsUnmerged", what)
	after := w.states()
	_, err = w.svc.UnmergeContacts(ctx, acc3Owner, id)
	require.NoError(t, err, "%s: again", what)
	assert.Equal(t, after, w.states(), "%s: an unmerge is idempotent", what)
	assert.Empty(t, w.ev.take(), "%s: undoing an undone merge emits nothing", what)
	return true
}

// a16Specs returns n contacts drawn by rnd, with overlapping values.
func a16Specs(rnd *rand.Rand, n int) []a16Spec {
	pick := func(vs ...string) string { return vs[rnd.IntN(len(vs))] }
	var out []a16Spec
	for i := range n {
		s := a16Spec{name: fmt.Sprintf("c%d", i), company: pick("", "", "acme", "beta"), job: pick("", "dev"),
			plan: pick("", "gold", "silver"), phone: rnd.IntN(2) == 0,
			member: rnd.IntN(2) == 0, blocked: rnd.IntN(4) == 0, followed: rnd.IntN(2) == 0, enrolled: rnd.IntN(3) == 0}
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

// a16Run is one random run: its contacts and the merges it made, with
// whether each is undone at the end.
type a16Run struct {
	specs  []a16Spec
	merges []a16Merge
	undone []bool
}

// a16Random makes steps random merges and unmerges (in any order) in a
// new world, checking every unmerge (a16World.unmerge), and returns the
// world and the run. Merges take contacts not merged away; when chains is
// false, no survivor is merged away.
func a16Random(t *testing.T, rnd *rand.Rand, steps int, policies []merge.Policy, chains bool) (*a16World, *a16Run) {
	run := &a16Run{specs: a16Specs(rnd, 6)}
	w := a16New(t, run.specs, nil)
	var recs []merge.Record
	into := map[int]int{} // merged-away contact → the merge that took it
	survivor := map[int]int{}
	for step := range steps {
		var live []int
		for i := range run.specs {
			if _, ok := into[i]; !ok {
				live = append(live, i)
			}
		}
		var standing []int
		for i := range recs {
			if !run.undone[i] {
				standing = append(standing, i)
			}
		}
		if len(live) >= 2 && (len(standing) == 0 || rnd.IntN(2) == 0) {
			rnd.Shuffle(len(live), func(i, j int) { live[i], live[j] = live[j], live[i] })
			m := a16Merge{primary: live[0], policy: policies[rnd.IntN(len(policies))]}
			for _, o := range live[1:min(len(live), 2+rnd.IntN(2))] {
				if chains || survivor[o] == 0 {
					m.others = append(m.others, o)
				}
			}
			if len(m.others) == 0 {
				continue
			}
			recs = append(recs, w.merge(m))
			run.merges = append(run.merges, m)
			run.undone = append(run.undone, false)
			for _, o := range m.others {
				into[o] = len(recs) - 1
			}
			survivor[m.primary]++
			continue
		}
		if len(standing) == 0 {
			continue
		}
		i := standing[rnd.IntN(len(standing))]
		if w.unmerge(recs[i].ID, fmt.Sprintf("step %d: undo merge %d %+v", step, i, run.merges[i])) {
			run.undone[i] = true
			for _, o := range run.merges[i].others {
				delete(into, o)
			}
			survivor[run.merges[i].primary]--
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	t.Logf("%d merges, %d undone at the end, %d refusals", len(run.merges), a16Count(run.undone), w.refused)
	return w, run
}

// a16Count returns how many of bs are true.
func a16Count(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// M4: after random merges and unmerges in any order, with no edit, the
// workspace is as if the merges undone had never been made: a workspace
// built alike, with only the merges that stand, made in the same order,
// is the same.
func TestAcc16PropertyUnmergeOutOfOrderIsAsIfNeverMerged(t *testing.T) {
	a16AsIfNeverMerged(t, merge.PolicyPrimary)
}

// M4: merges undone in either order end in the same state. Two workspaces
// built alike (the clock too) make the same random merges, with either
// policy, survivors merged away included; each undoes the same random
// subset of them in its own random order, those refused again later.
// When both undid the same merges, every contact is the same in both.
func TestAcc16PropertyUnmergesInEitherOrderEndTheSame(t *testing.T) {
	for seed := range uint64(32) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rnd := rand.New(rand.NewPCG(seed, 161))
			specs := a16Specs(rnd, 7)
			chains := seed%4 == 0
			var merges []a16Merge
			into, survivor := map[int]bool{}, map[int]bool{}
			for range 8 {
				var live []int
				for i := range specs {
					if !into[i] && (chains || !survivor[i] || len(survivor) < 2 && rnd.IntN(2) == 0) {
						live = append(live, i)
					}
				}
				if !chains && len(survivor) > 0 {
					// Into a survivor again, mostly.
					for p := range survivor {
						if rnd.IntN(3) > 0 {
							live = slices.DeleteFunc(live, func(i int) bool { return i == p })
							live = append([]int{p}, live...)
							break
						}
					}
				}
				if len(live) < 2 {
					break
				}
				if chains || len(survivor) == 0 {
					rnd.Shuffle(len(live), func(i, j int) { live[i], live[j] = live[j], live[i] })
				} else {
					rest := live[1:]
					rnd.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
				}
				m := a16Merge{primary: live[0], others: slices.Clone(live[1:min(len(live), 2+rnd.IntN(2))]),
					policy: []merge.Policy{merge.PolicyPrimary, merge.PolicyMostRecent}[rnd.IntN(2)]}
				if !chains && slices.ContainsFunc(m.others, func(o int) bool { return survivor[o] }) {
					continue
				}
				for _, o := range m.others {
					into[o] = true
				}
				survivor[m.primary] = true
				merges = append(merges, m)
			}
			var subset []int
			for i := range merges {
				if rnd.IntN(3) > 0 {
					subset = append(subset, i)
				}
			}
			var ends [2][]string
			var undone [2][]int
			for k := range 2 {
				w := a16New(t, specs, nil)
				var recs []merge.Record
				for _, m := range merges {
					recs = append(recs, w.merge(m))
				}
				order := slices.Clone(subset)
				for len(order) > 0 {
					rnd.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
					var left []int
					for _, i := range order {
						if w.unmerge(recs[i].ID, fmt.Sprintf("world %d: undo %d %+v", k, i, merges[i])) {
							undone[k] = append(undone[k], i)
						} else {
							left = append(left, i)
						}
					}
					if len(left) == len(order) {
						break
					}
					order = left
				}
				ends[k] = w.states()
			}
			t.Logf("merges %+v, undone %v and %v", merges, undone[0], undone[1])
			a, b := slices.Sorted(slices.Values(undone[0])), slices.Sorted(slices.Values(undone[1]))
			if !slices.Equal(a, b) {
				t.Logf("not the same merges undone: %v, %v", a, b)
				return
			}
			require.Equal(t, ends[0], ends[1])
		})
	}
}

func a16AsIfNeverMerged(t *testing.T, policy merge.Policy) {
	for seed := range uint64(16) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rnd := rand.New(rand.NewPCG(seed, 16))
			w, run := a16Random(t, rnd, 40, []merge.Policy{policy}, false)
			ref := a16New(t, run.specs, nil)
			var log []string
			for i, m := range run.merges {
				log = append(log, fmt.Sprintf("%d %+v undone=%v", i, m, run.undone[i]))
				if !run.undone[i] {
					ref.merge(m)
				}
			}
			require.Equal(t, ref.states(), w.states(), "merges:\n%s", strings.Join(log, "\n"))
		})
	}
}

// M4: undoing every merge, in a random order (retrying those refused until
// none is left), gives every contact back as it was before its first
// merge.
func TestAcc16PropertyUndoingEveryMergeGivesEveryoneBack(t *testing.T) {
	for seed := range uint64(12) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rnd := rand.New(rand.NewPCG(seed, 1600))
			w, run := a16Random(t, rnd, 30, []merge.Policy{merge.PolicyPrimary, merge.PolicyMostRecent}, true)
			initial := a16New(t, run.specs, nil).states()
			a16UndoAll(t, rnd, w)
			require.Equal(t, initial, w.states())
		})
	}
}

// a16UndoAll undoes every standing merge of w in a random order, the
// refused ones again later, until none stands.
func a16UndoAll(t *testing.T, rnd *rand.Rand, w *a16World) {
	t.Helper()
	var ids []merge.ID
	seen := map[merge.ID]bool{}
	for _, id := range w.ids {
		for r, err := range w.svc.MergeHistory(t.Context(), acc3Owner, id) {
			require.NoError(t, err)
			if !r.Undone() && !seen[r.ID] {
				seen[r.ID] = true
				ids = append(ids, r.ID)
			}
		}
	}
	for len(ids) > 0 {
		rnd.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		var left []merge.ID
		for _, id := range ids {
			if !w.unmerge(id, "undo all: "+id.String()) {
				left = append(left, id)
			}
		}
		require.Less(t, len(left), len(ids), "no merge left can be undone: %v", left)
		ids = left
	}
}

// M4: with random edits of the survivors between the merges and the
// unmerges (a tag and a city of their own, a company, a block or an
// unblock), every unmerge either works or is refused changing nothing,
// and is idempotent (a16World.unmerge); what was added to a survivor
// after a merge (its own tag, its city, which no merge touches) stays on
// it through every unmerge, out of order too.
func TestAcc16PropertyUnmergeKeepsWhatWasAddedSince(t *testing.T) {
	for seed := range uint64(16) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rnd := rand.New(rand.NewPCG(seed, 1616))
			ctx := t.Context()
			specs := a16Specs(rnd, 6)
			w := a16New(t, specs, nil)
			var recs []merge.Record
			var undone []bool
			into := map[int]int{}
			survivor := map[int]int{}
			added := map[int][]string{} // contact → its own tags, added since a merge
			city := map[int]string{}
			for step := range 40 {
				var live, standing []int
				for i := range specs {
					if _, ok := into[i]; !ok {
						live = append(live, i)
					}
				}
				for i := range recs {
					if !undone[i] {
						standing = append(standing, i)
					}
				}
				switch x := rnd.IntN(3); {
				case x == 0 && len(live) >= 2:
					rnd.Shuffle(len(live), func(i, j int) { live[i], live[j] = live[j], live[i] })
					m := a16Merge{primary: live[0], policy: merge.PolicyPrimary}
					for _, o := range live[1:min(len(live), 2+rnd.IntN(2))] {
						if survivor[o] == 0 {
							m.others = append(m.others, o)
						}
					}
					if len(m.others) == 0 {
						continue
					}
					recs = append(recs, w.merge(m))
					undone = append(undone, false)
					for _, o := range m.others {
						into[o] = len(recs) - 1
					}
					survivor[m.primary]++
				case x == 1 && len(standing) > 0:
					// An edit of a survivor.
					i := recsPrimary(w, recs[standing[rnd.IntN(len(standing))]])
					id := w.ids[i]
					var err error
					switch rnd.IntN(5) {
					case 0:
						name := fmt.Sprintf("own%d", step)
						_, err = w.svc.TagContact(ctx, acc3Owner, id, name)
						added[i] = append(added[i], name)
					case 1:
						city[i] = fmt.Sprintf("city%d", step)
						_, err = w.svc.UpdateContact(ctx, acc3Owner, id, contact.Patch{City: new(city[i])})
					case 2:
						_, err = w.svc.UpdateContact(ctx, acc3Owner, id, contact.Patch{Company: new([]string{"", "acme", "beta", "gamma"}[rnd.IntN(4)])})
					case 3:
						_, err = w.svc.BlockContact(ctx, acc3Owner, id, "spam")
					case 4:
						_, err = w.svc.UnblockContact(ctx, acc3Owner, id)
					}
					require.NoError(t, err)
				case len(standing) > 0:
					i := standing[rnd.IntN(len(standing))]
					if w.unmerge(recs[i].ID, fmt.Sprintf("step %d: undo %d", step, i)) {
						undone[i] = true
						for o, r := range into {
							if r == i {
								delete(into, o)
							}
						}
						survivor[recsPrimary(w, recs[i])]--
					}
				}
				if t.Failed() {
					t.FailNow()
				}
				for i, tags := range added {
					if _, gone := into[i]; gone {
						continue
					}
					c := acc3Get(t, w.svc, w.ids[i])
					for _, n := range tags {
						assert.True(t, c.Tags.Has(tag.MustParseName(n)), "step %d: %s keeps its tag %s: %v", step, c.FirstName, n, c.Tags)
					}
					if city[i] != "" {
						assert.Equal(t, city[i], c.City, "step %d: %s keeps its city", step, c.FirstName)
					}
				}
				if t.Failed() {
					t.FailNow()
				}
			}
			t.Logf("%d merges, %d refusals", len(recs), w.refused)
		})
	}
}

// recsPrimary returns the index in w of the primary of r.
func recsPrimary(w *a16World, r merge.Record) int { return slices.Index(w.ids, r.Primary) }

// M2, M4: at the tag limit (three a contact), Bob's merge fills Ada's tags
// and Cid's merge cannot place his. Undoing Bob's merge first gives Ada
// what Cid's merge gives her without it (Cid's tags, placed now); undoing
// Cid's then gives everyone back.
func TestAcc16UnmergeOutOfOrderAtTheTagLimit(t *testing.T) {
	specs := []a16Spec{{name: "ada", tags: []string{"a"}}, {name: "bob", tags: []string{"b1", "b2"}}, {name: "cid", tags: []string{"c1", "c2"}}}
	opts := &contactkit.Options{Limits: contact.Limits{Tags: tag.Limits{PerContact: 3}}}
	w := a16New(t, specs, opts)
	initial := w.states()
	m1 := w.merge(a16Merge{primary: 0, others: []int{1}})
	m2 := w.merge(a16Merge{primary: 0, others: []int{2}})
	require.NotEmpty(t, m2.Unplaced, "Cid's tags do not fit")
	require.True(t, w.unmerge(m1.ID, "undo Bob's"))
	ref := a16New(t, specs, opts)
	ref.merge(a16Merge{primary: 0, others: []int{2}})
	assert.Equal(t, ref.states(), w.states(), "as if Bob's merge had never been made")
	require.True(t, w.unmerge(m2.ID, "undo Cid's"))
	assert.Equal(t, initial, w.states())
}

// M2, M4: Bob's merge fills Ada's secondary emails (contact.MaxOtherAddresses)
// and Cid's merge cannot place his. Undoing Bob's merge first gives Ada
// Cid's email, placed now; undoing Cid's then gives everyone back.
func TestAcc16UnmergeOutOfOrderAtTheAddressLimit(t *testing.T) {
	ctx := t.Context()
	w := a16New(t, []a16Spec{{name: "ada"}, {name: "bob"}, {name: "cid"}}, nil)
	var others []contact.LabeledInput
	for i := range contact.MaxOtherAddresses - 1 {
		others = append(others, contact.LabeledInput{Value: fmt.Sprintf("bob%d@example.com", i)})
	}
	_, err := w.svc.UpdateContact(ctx, acc3Owner, w.ids[1], contact.Patch{OtherEmails: &others})
	require.NoError(t, err)
	initial := w.states()
	m1 := w.merge(a16Merge{primary: 0, others: []int{1}})
	m2 := w.merge(a16Merge{primary: 0, others: []int{2}})
	require.NotEmpty(t, m2.Unplaced, "Cid's email does not fit")
	require.True(t, w.unmerge(m1.ID, "undo Bob's"))
	assert.Contains(t, w.state(0), "cid@example.com", "Cid's merge alone places his email")
	require.True(t, w.unmerge(m2.ID, "undo Cid's"))
	assert.Equal(t, initial, w.states())
}

// M4: Bob's merge gave Ada his email; Ada then dropped it, Cid took it, and
// Cid's merge gave it back to Ada. Undoing Bob's merge first cannot give
// Bob his email (Ada holds it through Cid's merge): it is refused and
// changes nothing (a16World.unmerge checks that); undoing Cid's, then
// Bob's, works.
func TestAcc16UnmergeOutOfOrderALaterOtherHeldTheSameAddress(t *testing.T) {
	ctx := t.Context()
	w := a16New(t, []a16Spec{{name: "ada"}, {name: "bob", phone: true}, {name: "cid"}}, nil)
	m1 := w.merge(a16Merge{primary: 0, others: []int{1}})
	ada := acc3Get(t, w.svc, w.ids[0])
	require.NotEmpty(t, ada.OtherEmails)
	_, err := w.svc.UpdateContact(ctx, acc3Owner, w.ids[0], contact.Patch{OtherEmails: &[]contact.LabeledInput{}})
	require.NoError(t, err)
	_, err = w.svc.UpdateContact(ctx, acc3Owner, w.ids[2], contact.Patch{OtherEmails: &[]contact.LabeledInput{{Value: "bob@example.com"}}})
	require.NoError(t, err)
	m2 := w.merge(a16Merge{primary: 0, others: []int{2}})
	assert.False(t, w.unmerge(m1.ID, "undo Bob's first"))
	require.True(t, w.unmerge(m2.ID, "undo Cid's"))
	assert.Contains(t, w.state(2), "bob@example.com")
}

// M4, B1: Bob and Cid, both blocked, are merged into Ada, who has an
// active enrollment; each merge blocks her. Undoing either first leaves
// her blocked (the other merge blocks her), her enrollment stopped, and
// emits no ContactUnblocked; undoing the other then unblocks her, resumes
// it, and emits ContactUnblocked and EnrollmentResumed once each.
func TestAcc16UnmergeSurvivorBlockedByBothMerges(t *testing.T) {
	for _, first := range []int{0, 1} {
		t.Run(fmt.Sprint(first), func(t *testing.T) {
			w := a16New(t, []a16Spec{{name: "ada", enrolled: true}, {name: "bob", blocked: true}, {name: "cid", blocked: true}}, nil)
			initial := w.states()
			ms := []merge.Record{w.merge(a16Merge{primary: 0, others: []int{1}}), w.merge(a16Merge{primary: 0, others: []int{2}})}
			count := func() (unblocked, resumed int) {
				for _, e := range w.ev.take() {
					switch e.(type) {
					case contactkit.ContactUnblocked:
						unblocked++
					case contactkit.EnrollmentResumed:
						resumed++
					}
				}
				return
			}
			w.ev.take()
			_, err := w.svc.UnmergeContacts(t.Context(), acc3Owner, ms[first].ID)
			require.NoError(t, err)
			assert.Contains(t, w.state(0), "status=blocked")
			assert.Contains(t, w.state(0), "enrollments=[false/contact blocked]")
			u, r := count()
			assert.Equal(t, [2]int{0, 0}, [2]int{u, r})
			_, err = w.svc.UnmergeContacts(t.Context(), acc3Owner, ms[1-first].ID)
			require.NoError(t, err)
			u, r = count()
			assert.Equal(t, [2]int{1, 1}, [2]int{u, r})
			assert.Equal(t, initial, w.states())
		})
	}
}

// M4 with merge.PolicyMostRecent: Cid's merge, made with it, chose his
// job title, changed after Ada's. Undoing Bob's merge first keeps what
// Cid's merge gave Ada.
func TestAcc16UnmergeOutOfOrderBeforeAMostRecentMerge(t *testing.T) {
	ctx := t.Context()
	w := a16New(t, []a16Spec{{name: "ada", job: "dev"}, {name: "bob", company: "acme"}, {name: "cid", job: "cto", company: "beta"}}, nil)
	_, err := w.svc.UpdateContact(ctx, acc3Owner, w.ids[2], contact.Patch{JobTitle: new("ceo")})
	require.NoError(t, err)
	m1 := w.merge(a16Merge{primary: 0, others: []int{1}})
	w.merge(a16Merge{primary: 0, others: []int{2}, policy: merge.PolicyMostRecent})
	require.Contains(t, w.state(0), `company="acme" job="ceo"`)
	require.True(t, w.unmerge(m1.ID, "undo Bob's"))
	assert.Contains(t, w.state(0), `company="beta" job="ceo"`)
}

// M4: three merges into Ada; the middle one undone, then the first, then
// the last: after each, Ada is as if the merges undone had never been
// made (a workspace built alike with the others alone).
func TestAcc16UnmergeThreeMiddleFirstLast(t *testing.T) {
	specs := []a16Spec{
		{name: "ada", followed: true, enrolled: true},
		{name: "bob", company: "acme", tags: []string{"vip"}, member: true, blocked: true, followed: true, plan: "gold"},
		{name: "cid", company: "beta", tags: []string{"vip", "red"}, member: true, unsub: true, followed: true, enrolled: true},
		{name: "dan", tags: []string{"gold"}, member: true, blocked: true, plan: "silver", enrolled: true},
	}
	w := a16New(t, specs, nil)
	initial := w.states()
	var recs []merge.Record
	for _, o := range []int{1, 2, 3} {
		recs = append(recs, w.merge(a16Merge{primary: 0, others: []int{o}}))
	}
	standing := []bool{true, true, true}
	for _, i := range []int{1, 0, 2} {
		require.True(t, w.unmerge(recs[i].ID, fmt.Sprint("undo ", i)))
		standing[i] = false
		ref := a16New(t, specs, nil)
		for j, s := range standing {
			if s {
				ref.merge(a16Merge{primary: 0, others: []int{j + 1}})
			}
		}
		assert.Equal(t, ref.states(), w.states(), "after undoing %d", i)
	}
	assert.Equal(t, initial, w.states())
}

// records returns, as JSON, every merge record into contact i but those
// of skip.
func (w *a16World) records(i int, skip ...merge.ID) string {
	w.t.Helper()
	var b strings.Builder
	for r, err := range w.svc.MergeHistory(w.t.Context(), acc3Owner, w.ids[i]) {
		require.NoError(w.t, err)
		if slices.Contains(skip, r.ID) {
			continue
		}
		j, err := json.Marshal(r)
		require.NoError(w.t, err)
		b.Write(j)
	}
	return b.String()
}

// M3, M4, erasure: Bob's merge undone while Cid's stands rewrites Cid's
// record without Bob; erasing Bob then leaves no value of his in any
// record of a merge into Ada, and Cid's merge can still be undone, giving
// everyone back.
func TestAcc16EraseAfterAnUnmergeOutOfOrder(t *testing.T) {
	ctx := t.Context()
	specs := []a16Spec{{name: "ada"}, {name: "bob", company: "acme", tags: []string{"vip"}, phone: true, blocked: true}, {name: "cid", company: "acme", tags: []string{"vip"}, blocked: true}}
	w := a16New(t, specs, nil)
	initial := w.states()
	m1 := w.merge(a16Merge{primary: 0, others: []int{1}})
	m2 := w.merge(a16Merge{primary: 0, others: []int{2}})
	require.Contains(t, w.records(0), "bob@example.com", "Cid's record, as made, holds Ada with Bob's email")
	require.True(t, w.unmerge(m1.ID, "undo Bob's"))
	assert.NotContains(t, w.records(0, m1.ID), "bob@example.com", "Cid's record, rebased, holds nothing of Bob's")
	require.NoError(t, w.svc.EraseContact(ctx, acc3Owner, w.ids[1]))
	assert.NotContains(t, w.records(0), "bob@example.com")
	assert.NotContains(t, w.records(0), "+336123456")
	require.True(t, w.unmerge(m2.ID, "undo Cid's"))
	got := w.states()
	assert.Equal(t, initial[0], got[0])
	assert.Equal(t, initial[2], got[2])
}

// M3, erasure: Bob's merge and Cid's undone in order (Cid's first); Cid's
// record, undone, still holds Ada as Bob's merge left her (with Bob's
// email). Erasing Bob must leave no value of his in the records of the
// merges into Ada.
func TestAcc16EraseAfterUnmergesInOrderLeavesNothingOfHis(t *testing.T) {
	ctx := t.Context()
	w := a16New(t, []a16Spec{{name: "ada"}, {name: "bob", company: "acme"}, {name: "cid"}}, nil)
	m1 := w.merge(a16Merge{primary: 0, others: []int{1}})
	m2 := w.merge(a16Merge{primary: 0, others: []int{2}})
	require.True(t, w.unmerge(m2.ID, "undo Cid's"))
	require.True(t, w.unmerge(m1.ID, "undo Bob's"))
	require.NoError(t, w.svc.EraseContact(ctx, acc3Owner, w.ids[1]))
	records := w.records(0)
	assert.NotContains(t, records, "bob@example.com")
	assert.NotContains(t, records, `"Company":"acme"`, "Bob's company, which his merge gave Ada")
	assert.Contains(t, records, "cid@example.com", "Cid's snapshot stays")
	assert.Contains(t, records, contact.Erased)
}

// M4, erasure: Bob and Cid, both blocked, of Acme and tagged vip, merged
// into Ada; Cid is erased, which removes the record of his merge: Ada
// keeps for good what it gave her. Undoing Bob's merge must leave her
// what Cid's merge gives her without Bob's: blocked, of Acme, tagged vip.
// Decided: the unmerge is refused, naming the erased merge (what it gave
// cannot be told from what Bob's gave); undoing Cid's merge first is no
// longer possible either, so Bob's merge stands. A merge erased before
// Bob's does not stop it.
func TestAcc16UnmergeKeepsWhatAnErasedLaterMergeGave(t *testing.T) {
	ctx := t.Context()
	specs := []a16Spec{{name: "ada"}, {name: "bob", company: "acme", tags: []string{"vip"}, blocked: true}, {name: "cid", company: "acme", tags: []string{"vip"}, blocked: true}}
	w := a16New(t, specs, nil)
	m1 := w.merge(a16Merge{primary: 0, others: []int{1}})
	w.merge(a16Merge{primary: 0, others: []int{2}})
	require.NoError(t, w.svc.EraseContact(ctx, acc3Owner, w.ids[2]))
	require.False(t, w.unmerge(m1.ID, "undo Bob's"), "refused: the later merge's record is erased")
	_, err := w.svc.UnmergeContacts(ctx, acc3Owner, m1.ID)
	require.ErrorContains(t, err, "erased")

	// The other way round: Cid's merge made first and erased; Bob's,
	// later, is undone as if there were no other.
	w = a16New(t, specs, nil)
	w.merge(a16Merge{primary: 0, others: []int{2}})
	m1 = w.merge(a16Merge{primary: 0, others: []int{1}})
	require.NoError(t, w.svc.EraseContact(ctx, acc3Owner, w.ids[2]))
	require.True(t, w.unmerge(m1.ID, "undo Bob's, made after Cid's erased merge"))
	got := w.state(0)
	assert.Contains(t, got, "status=blocked", "Cid's merge gave it")
	assert.Contains(t, got, `company="acme"`)
	assert.Contains(t, got, "tags=[vip]")
}

// M4, PurgeTrash: Bob's merge undone while Cid's stands; Bob deleted and
// purged from the trash. Nothing of his stays in the records of the
// merges into Ada, and Cid's merge can still be undone.
func TestAcc16PurgeAfterAnUnmergeOutOfOrder(t *testing.T) {
	ctx := t.Context()
	window := time.Second
	specs := []a16Spec{{name: "ada"}, {name: "bob", company: "acme", member: true, followed: true}, {name: "cid", company: "acme", member: true, followed: true}}
	w := a16New(t, specs, &contactkit.Options{RestoreWindow: &window})
	initial := w.states()
	m1 := w.merge(a16Merge{primary: 0, others: []int{1}})
	m2 := w.merge(a16Merge{primary: 0, others: []int{2}})
	require.True(t, w.unmerge(m1.ID, "undo Bob's"))
	_, err := w.svc.DeleteContact(ctx, acc3Owner, w.ids[1])
	require.NoError(t, err)
	n, err := w.svc.PurgeTrash(ctx, acc3Owner)
	require.NoError(t, err)
	require.Equal(t, 2, n, "Bob, and Cid, merged away and in the trash since")
	assert.NotContains(t, w.records(0), "bob@example.com")
	require.True(t, w.unmerge(m2.ID, "undo Cid's"))
	assert.Equal(t, initial[0], w.state(0))
	assert.Equal(t, initial[2], w.state(2))
}

// M4 with merge.PolicyMostRecent: Bob's merge (most recent) gave Ada his
// job title, newer than hers; Cid's merge (most recent) then kept it, as
// newer than Cid's. Without Bob's merge, Cid's would have given Ada his,
// newer than Ada's own: undoing Bob's merge first gives Ada Cid's title,
// as a workspace where Bob's merge was never made has it.
func TestAcc16UnmergeOutOfOrderMostRecentChoseTheUndoneValue(t *testing.T) {
	ctx := t.Context()
	specs := []a16Spec{{name: "ada", job: "dev"}, {name: "bob", job: "cto"}, {name: "cid"}}
	build := func(withBob bool) (*a16World, merge.Record) {
		w := a16New(t, specs, nil)
		_, err := w.svc.UpdateContact(ctx, acc3Owner, w.ids[2], contact.Patch{JobTitle: new("ceo")})
		require.NoError(t, err)
		var m1 merge.Record
		if withBob {
			m1 = w.merge(a16Merge{primary: 0, others: []int{1}, policy: merge.PolicyMostRecent})
			require.Contains(t, w.state(0), `job="cto"`)
		}
		w.merge(a16Merge{primary: 0, others: []int{2}, policy: merge.PolicyMostRecent})
		return w, m1
	}
	ref, _ := build(false)
	require.Contains(t, ref.state(0), `job="ceo"`, "Cid's title is newer than Ada's")
	w, m1 := build(true)
	require.Contains(t, w.state(0), `job="cto"`, "Ada's, from Bob's merge, is newer than Cid's")
	require.True(t, w.unmerge(m1.ID, "undo Bob's"))
	assert.Equal(t, ref.state(0), w.state(0))
}

// M4 with merge.PolicyMostRecent: random merges into one contact, each
// most recent, and random edits of the others between them; undoing one
// of them (the others standing) gives what a workspace built alike where
// it was never made has.
func TestAcc16PropertyUnmergeOutOfOrderMostRecentIsAsIfNeverMerged(t *testing.T) {
	for seed := range uint64(24) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rnd := rand.New(rand.NewPCG(seed, 1661))
			specs := a16Specs(rnd, 5)
			type step struct {
				edit  int // the contact edited, or -1: a merge of other into 0
				other int
				job   string
			}
			var steps []step
			for o := 1; o < len(specs); o++ {
				for range rnd.IntN(2) {
					e := 1 + rnd.IntN(len(specs)-1)
					steps = append(steps, step{edit: e, job: fmt.Sprintf("job%d", len(steps))})
				}
				steps = append(steps, step{edit: -1, other: o})
			}
			skip := 1 + rnd.IntN(len(specs)-1) // the merge undone
			build := func(with bool) (*a16World, map[int]merge.Record) {
				w := a16New(t, specs, nil)
				recs := map[int]merge.Record{}
				merged := map[int]bool{}
				for _, s := range steps {
					switch {
					case s.edit >= 0 && !merged[s.edit]:
						_, err := w.svc.UpdateContact(t.Context(), acc3Owner, w.ids[s.edit], contact.Patch{JobTitle: new(s.job), City: new(s.job)})
						require.NoError(t, err)
					case s.edit < 0 && (with || s.other != skip):
						recs[s.other] = w.merge(a16Merge{primary: 0, others: []int{s.other}, policy: merge.PolicyMostRecent})
						merged[s.other] = true
					}
				}
				return w, recs
			}
			ref, _ := build(false)
			w, recs := build(true)
			if !w.unmerge(recs[skip].ID, fmt.Sprint("undo the merge of ", skip)) {
				return
			}
			assert.Equal(t, ref.state(0), w.state(0), "steps %+v, undone %d", steps, skip)
		})
	}
}

// a16Enrollments returns the enrollments of contact i, as a16World.state
// writes them.
func (w *a16World) enrollments(i int) string {
	s := w.state(i)
	return s[strings.Index(s, " enrollments="):]
}

// M4, B1: Bob's merge blocked Ada; Cid's then moved his active enrollment
// to her and stopped it, as she was blocked; Dan's, blocked, blocked her
// too. Undoing Bob's merge leaves her blocked (Dan's merge blocks her):
// Cid's enrollment must stay stopped, as it would be had Bob's merge never
// been made (Dan's merge would have stopped it); undoing Dan's then
// resumes it.
func TestAcc16UnmergeOutOfOrderKeepsStoppedWhatAnotherLaterMergeBlocks(t *testing.T) {
	specs := []a16Spec{{name: "ada"}, {name: "bob", blocked: true}, {name: "cid", enrolled: true}, {name: "dan", blocked: true}}
	w := a16New(t, specs, nil)
	initial := w.states()
	m1 := w.merge(a16Merge{primary: 0, others: []int{1}})
	w.merge(a16Merge{primary: 0, others: []int{2}})
	m3 := w.merge(a16Merge{primary: 0, others: []int{3}})
	require.True(t, w.unmerge(m1.ID, "undo Bob's"))
	assert.Contains(t, w.state(0), "status=blocked")
	assert.Equal(t, " enrollments=[false/contact blocked]", w.enrollments(0), "Ada is blocked: no enrollment of hers is active")
	ref := a16New(t, specs, nil)
	ref.merge(a16Merge{primary: 0, others: []int{2}})
	ref.merge(a16Merge{primary: 0, others: []int{3}})
	assert.Equal(t, ref.states(), w.states(), "as if Bob's merge had never been made")
	require.True(t, w.unmerge(m3.ID, "undo Dan's"))
	assert.Equal(t, " enrollments=[true/]", w.enrollments(0))
	a16UndoAll(t, rand.New(rand.NewPCG(1, 2)), w)
	assert.Equal(t, initial, w.states())
}

// M4, A2: Ada is enrolled; Bob's merge blocked her, stopping it; Cid's
// then moved his active enrollment in the same automation to her and
// stopped it, as she was blocked. Had Bob's merge never been made, Cid's
// would have ended his (ReasonMerged), Ada's own staying active. Undoing
// Bob's merge first must not leave Ada with two active enrollments in one
// automation: it gives what Cid's merge gives without Bob's, or is
// refused.
func TestAcc16UnmergeOutOfOrderLeavesOneActiveEnrollmentAnAutomation(t *testing.T) {
	specs := []a16Spec{{name: "ada", enrolled: true}, {name: "bob", blocked: true}, {name: "cid", enrolled: true}}
	w := a16New(t, specs, nil)
	initial := w.states()
	m1 := w.merge(a16Merge{primary: 0, others: []int{1}})
	w.merge(a16Merge{primary: 0, others: []int{2}})
	if w.unmerge(m1.ID, "undo Bob's") {
		ref := a16New(t, specs, nil)
		ref.merge(a16Merge{primary: 0, others: []int{2}})
		assert.Equal(t, ref.enrollments(0), w.enrollments(0))
	}
	a16UndoAll(t, rand.New(rand.NewPCG(1, 2)), w)
	assert.Equal(t, initial, w.states())
}

// M2, M4: Ada is subscribed to News, Bob and Cid unsubscribed. Bob's merge
// made Ada's membership unsubscribed (the most restrictive); Cid's then
// removed his, Ada's being unsubscribed already. Without Bob's merge,
// Cid's would have made Ada's unsubscribed: undoing Bob's first leaves it
// so, and undoing Cid's then gives everyone back.
func TestAcc16UnmergeOutOfOrderKeepsTheStatusALaterMergeUnites(t *testing.T) {
	specs := []a16Spec{{name: "ada", member: true}, {name: "bob", member: true, unsub: true}, {name: "cid", member: true, unsub: true}}
	w := a16New(t, specs, nil)
	initial := w.states()
	m1 := w.merge(a16Merge{primary: 0, others: []int{1}})
	m2 := w.merge(a16Merge{primary: 0, others: []int{2}})
	require.True(t, w.unmerge(m1.ID, "undo Bob's"))
	ref := a16New(t, specs, nil)
	ref.merge(a16Merge{primary: 0, others: []int{2}})
	assert.Equal(t, ref.states(), w.states(), "as if Bob's merge had never been made")
	require.True(t, w.unmerge(m2.ID, "undo Cid's"))
	assert.Equal(t, initial, w.states())
}
