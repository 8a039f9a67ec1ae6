package contactkit_test

// Helpers of the thirteenth acceptance pass: a reference model, in plain
// maps, of what DESIGN.md says a workspace must show (D*, M*, L*, A*, H*,
// P*), and the reads of the Service that are compared with it after each
// step of a random sequence (acceptance13_model_test.go).

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
)

// m13State is where a contact of the model is in its lifecycle.
type m13State int

const (
	m13Live m13State = iota
	m13Trashed
	m13Gone   // erased or purged
	m13Merged // merged away into another
)

func (s m13State) String() string {
	return [...]string{"live", "trashed", "gone", "merged"}[s]
}

// m13Enr counts the enrollments of a contact into one automation.
type m13Enr struct{ total, active int }

// m13Contact is what the rules say a contact shows.
type m13Contact struct {
	id        contact.ID
	state     m13State
	word      string   // its first name, one word that no other contact has
	emails    []string // primary first, canonical
	plan      string   // the custom field "plan"
	created   time.Time
	born      time.Time // its creation date before any merge into it (merge.Record.BaseCreatedAt)
	blocked   bool
	tags      map[string]bool
	lists     map[list.ID]list.Status
	acts      map[activity.ID]activity.Kind // its live notes and tasks
	binned    map[activity.ID]time.Time     // those in their own trash, to restore, with the time
	enr       map[automation.ID]m13Enr
	deletedAt time.Time
	into      contact.ID // the survivor, when merged
	// stored: a merged-away contact stays in the trash until purged.
	stored bool
	// tomb: an erased merged-away contact, whose ID still resolves.
	tomb bool
}

func (c *m13Contact) clone() *m13Contact {
	d := *c
	d.emails = slices.Clone(c.emails)
	d.tags = maps.Clone(c.tags)
	d.lists = maps.Clone(c.lists)
	d.acts = maps.Clone(c.acts)
	d.enr = maps.Clone(c.enr)
	d.binned = maps.Clone(c.binned)
	return &d
}

// m13Merge is a standing merge of the model.
type m13Merge struct {
	id      merge.ID
	primary contact.ID
	other   contact.ID
	inputs  map[contact.ID]*m13Contact // as they were before the merge
	after   *m13Contact                // the survivor as the merge left it
	// obs are the Service's reads of the inputs before the merge.
	obs map[contact.ID]string
	// planEdited: the survivor's plan was edited since the merge.
	planEdited bool
	// touched: the survivor changed in any way since the merge.
	touched bool
	// stopped: the survivor was deleted since the merge, which stopped
	// its enrollments.
	stopped bool
	// otherMoved: the other's active enrollment in the automation went to
	// the survivor, which had none; mergeEnded: the merge ended it, as
	// the survivor had one.
	otherMoved, mergeEnded map[automation.ID]bool
	// actDeleted: an activity of the survivor was deleted since.
	actDeleted bool
	// moved: the lists whose membership of the other's went to the
	// survivor; united: those whose survivor's membership the merge made
	// unsubscribed.
	moved, united map[list.ID]bool
}

// m13Model is the reference model of workspace acme.
type m13Model struct {
	contacts map[contact.ID]*m13Contact
	order    []contact.ID     // in order of creation
	unsub    map[string]bool  // the consent ledger: unsubscribed emails
	merges   []*m13Merge      // standing merges
	undone   map[merge.ID]int // undone merges, for a retried unmerge
}

func newM13Model() *m13Model {
	return &m13Model{contacts: map[contact.ID]*m13Contact{}, unsub: map[string]bool{}, undone: map[merge.ID]int{}}
}

func (m *m13Model) add(c *m13Contact) {
	m.contacts[c.id] = c
	m.order = append(m.order, c.id)
}

// in returns the contacts in state s, in order of creation.
func (m *m13Model) in(s m13State) []*m13Contact {
	var out []*m13Contact
	for _, id := range m.order {
		if c := m.contacts[id]; c.state == s {
			out = append(out, c)
		}
	}
	return out
}

// oldest returns what merge.RuleOldest gives contact p: the oldest of its
// own creation date and those of the contacts of the standing merges into
// it, but for skip's.
func (m *m13Model) oldest(p *m13Contact, skip *m13Merge) time.Time {
	at := p.born
	for _, r := range m.standing(p.id) {
		if o := r.inputs[r.other]; r != skip && o.created.Before(at) {
			at = o.created
		}
	}
	return at
}

// forget removes from the model the standing merges that drop says, whose
// records an erasure removes: the survivor of one removed with its
// merged-away contact keeps the creation date it gave it
// (merge.Record.BaseCreatedAt).
func (m *m13Model) forget(drop func(r *m13Merge) bool) {
	m.merges = slices.DeleteFunc(m.merges, func(r *m13Merge) bool {
		if !drop(r) {
			return false
		}
		if p, o := m.contacts[r.primary], r.inputs[r.other]; o.created.Before(p.born) {
			p.born = o.created
		}
		return true
	})
}

// standing returns the standing merges that contact id is the survivor
// of.
func (m *m13Model) standing(id contact.ID) []*m13Merge {
	var out []*m13Merge
	for _, r := range m.merges {
		if r.primary == id {
			out = append(out, r)
		}
	}
	return out
}

// chain returns the standing merges whose survivor is contact id, or
// was merged into it: what happens to id's records happens to theirs.
func (m *m13Model) chain(id contact.ID) []*m13Merge {
	var out []*m13Merge
	for _, r := range m.merges {
		if r.primary == id || m.contacts[r.primary].state == m13Merged && m.resolve(r.primary) == id {
			out = append(out, r)
		}
	}
	return out
}

// resolve returns the contact that id resolves to: chains of merges
// collapse (M2).
func (m *m13Model) resolve(id contact.ID) contact.ID {
	for c := m.contacts[id]; c != nil && (c.state == m13Merged || c.state == m13Gone && c.tomb); c = m.contacts[id] {
		id = c.into
	}
	return id
}

// holder returns the live contact that holds email, if any.
func (m *m13Model) holder(email string) *m13Contact {
	for _, id := range m.order {
		c := m.contacts[id]
		if c.state == m13Live && slices.Contains(c.emails, email) {
			return c
		}
	}
	return nil
}

// m13Base is the key under which the duplicate detection groups an email:
// its subaddress ignored.
func m13Base(email string) string {
	local, domain, _ := strings.Cut(email, "@")
	local, _, _ = strings.Cut(local, "+")
	return local + "@" + domain
}

// duplicates returns the groups the rules expect (M1): live contacts that
// share an email once subaddresses are ignored, transitively; each group
// sorted, the groups sorted.
func (m *m13Model) duplicates() [][]contact.ID {
	parent := map[contact.ID]contact.ID{}
	var find func(contact.ID) contact.ID
	find = func(x contact.ID) contact.ID {
		if parent[x] == x {
			return x
		}
		parent[x] = find(parent[x])
		return parent[x]
	}
	owner := map[string]contact.ID{}
	for _, c := range m.in(m13Live) {
		if c.blocked {
			continue // B1
		}
		parent[c.id] = c.id
		for _, e := range c.emails {
			b := m13Base(e)
			if o, ok := owner[b]; ok {
				parent[find(c.id)] = find(o)
			} else {
				owner[b] = c.id
			}
		}
	}
	groups := map[contact.ID][]contact.ID{}
	for x := range parent {
		r := find(x)
		groups[r] = append(groups[r], x)
	}
	var out [][]contact.ID
	for _, g := range groups {
		if len(g) > 1 {
			slices.SortFunc(g, func(a, b contact.ID) int { return strings.Compare(a.String(), b.String()) })
			out = append(out, g)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0].String() < out[j][0].String() })
	return out
}

// m13Env is the world of the sequence: workspace acme (the model's) on a
// store that can fail any call, a second workspace, an agent of acme, and
// the outbox's consumers.
type m13Env struct {
	*acc11FaultEnv
	t     *testing.T
	model *m13Model
	lists []list.List
	autos []automation.Automation
	// seen are the IDs of the outbox events delivered so far.
	seen map[string]bool
	// log lists the steps run.
	log []string
	// lazyWant are the events of acme committed since the lazy
	// consumer's cursor, lazyPos how many of them it acknowledged.
	lazyWant []string
	lazyPos  int
	// lost: the step lost the acknowledgement of a commit.
	lost bool
	// nEvents counts the events the consumers were handed.
	nEvents int
	// trashed holds what the Service showed of each trashed contact just
	// before its deletion.
	trashed map[contact.ID]string
	// onStep, if set, is called after each step with the error of the
	// call failed on purpose (nil when none was) and that of the call,
	// before the outbox is read.
	onStep func(n int, name string, first, err error)
}

var (
	m13Owner = acc11FaultOwner
	m13Agent = contactkit.Actor{Workspace: "acme", User: "u-agent", Role: contactkit.RoleAgent}
	m13Rival = contactkit.Actor{Workspace: "globex", User: "u-rival", Role: contactkit.RoleOwner}
)

// m13Norm is a contact as compared across an inverse pair: its version
// and times of change aside.
func m13Norm(c contact.Contact) contact.Contact {
	c.Version = 0
	c.UpdatedAt = time.Time{}
	return c
}

func m13JSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%+v", v)
	}
	return string(b)
}

// observe returns what the Service shows of contact id, everything an
// inverse pair must give back: the contact, its lists, its consent, its
// timeline, its enrollments, its associations and followers, and whether
// search and the tag listing find it.
func (e *m13Env) observe(id contact.ID) string {
	t := e.t
	t.Helper()
	ctx := context.Background()
	a := m13Owner
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	c, err := e.svc.GetContact(ctx, a, id)
	line("contact %s %v", m13JSON(m13Norm(c)), err)
	for m, err := range e.svc.Memberships(ctx, a, contactkit.MembershipQuery{Contact: id}) {
		m.Version = 0
		line("membership %s %v", m13JSON(m), err)
	}
	cons, err := e.svc.Consent(ctx, a, id)
	for i := range cons {
		cons[i].Version = 0
	}
	line("consent %s %v", m13JSON(cons), err)
	for it, err := range e.svc.Timeline(ctx, a, id, contactkit.TimelineQuery{}) {
		it.Version = 0
		line("activity %s %v", m13JSON(it), err)
	}
	for it, err := range e.svc.Enrollments(ctx, a, contactkit.EnrollmentQuery{Contact: id}) {
		it.Version = 0
		line("enrollment %s %v", m13JSON(it), err)
	}
	for it, err := range e.svc.Associations(ctx, a, id, contactkit.AssociationQuery{}) {
		it.Version = 0
		line("association %s %v", m13JSON(it), err)
	}
	for it, err := range e.svc.Followers(ctx, a, id) {
		it.Version = 0
		line("follower %s %v", m13JSON(it), err)
	}
	if err == nil && !c.Trashed() {
		line("search %v", e.search(c.FirstName))
		for _, n := range c.Tags {
			line("tag %s %v", n, slices.Contains(e.tagged(n.String()), id))
		}
	}
	return b.String()
}

// search returns the IDs of the live contacts that search finds for text.
func (e *m13Env) search(text string) []contact.ID {
	var out []contact.ID
	for c, err := range e.svc.Contacts(context.Background(), m13Owner, contactkit.ContactQuery{Text: text}) {
		if err != nil {
			e.t.Fatalf("search %q: %v", text, err)
		}
		out = append(out, c.ID)
	}
	return out
}

// tagged returns the IDs of the live contacts that have tag name.
func (e *m13Env) tagged(name string) []contact.ID {
	var out []contact.ID
	for c, err := range e.svc.Contacts(context.Background(), m13Owner, contactkit.ContactQuery{Tag: name}) {
		if err != nil {
			e.t.Fatalf("tag listing %q: %v", name, err)
		}
		out = append(out, c.ID)
	}
	return out
}

// m13Errf collects the disagreements between the Service and the model.
type m13Errs []string

func (p *m13Errs) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

// check compares what the Service shows of workspace acme with the model,
// and returns every disagreement.
func (e *m13Env) check() m13Errs {
	var errs m13Errs
	ctx := context.Background()
	a := m13Owner
	m := e.model
	for _, id := range m.order {
		mc := m.contacts[id]
		c, err := e.svc.GetContact(ctx, a, id)
		switch mc.state {
		case m13Gone:
			if !errors.Is(err, contactkit.ErrNotFound) {
				errs.add("%s (%s) gone: GetContact gives %v, want ErrNotFound", mc.word, id, err)
			}
			if into := m.resolve(mc.into); mc.tomb && m.contacts[into] != nil && m.contacts[into].state != m13Gone {
				if r, err := e.svc.ResolveContact(ctx, a, id); err != nil || r != into {
					errs.add("%s (%s) erased, merged away: ResolveContact gives %s, %v, want %s", mc.word, id, r, err, into)
				}
			} else if r, err := e.svc.ResolveContact(ctx, a, id); !errors.Is(err, contactkit.ErrNotFound) {
				errs.add("%s (%s) gone: ResolveContact gives %s, %v, want ErrNotFound", mc.word, id, r, err)
			}
			for h, err := range e.svc.History(ctx, a, id, "") {
				if err == nil {
					errs.add("%s (%s) gone: its history holds %s", mc.word, id, m13JSON(h))
				}
				break
			}
			for _, addr := range mc.emails {
				if got := e.search(addr); slices.Contains(got, id) {
					errs.add("%s (%s) gone: search for its email %s finds %v", mc.word, id, addr, got)
				}
			}
			continue
		case m13Merged:
			r, err := e.svc.ResolveContact(ctx, a, id)
			want := m.resolve(mc.into)
			if m.contacts[want].state == m13Gone {
				if !errors.Is(err, contactkit.ErrNotFound) {
					errs.add("%s (%s) merged into an erased contact: ResolveContact gives %s, %v, want ErrNotFound", mc.word, id, r, err)
				}
			} else if err != nil || r != want {
				errs.add("%s (%s) merged: ResolveContact gives %s, %v, want %s", mc.word, id, r, err, want)
			}
			if got := e.search(mc.word); len(got) > 0 {
				errs.add("%s (%s) merged away: search for its name finds %v", mc.word, id, got)
			}
			continue
		}
		if err != nil {
			errs.add("%s (%s) %s: GetContact: %v", mc.word, id, mc.state, err)
			continue
		}
		if got := c.Trashed(); got != (mc.state == m13Trashed) {
			errs.add("%s (%s): trashed %t, model says %s", mc.word, id, got, mc.state)
		}
		if !c.CreatedAt.Equal(mc.created) {
			errs.add("%s (%s): created at %s, want %s (RuleOldest)", mc.word, id, c.CreatedAt, mc.created)
		}
		if c.Blocked() != mc.blocked {
			errs.add("%s (%s): blocked %t, want %t", mc.word, id, c.Blocked(), mc.blocked)
		}
		if c.FirstName != mc.word {
			errs.add("%s (%s): first name %q", mc.word, id, c.FirstName)
		}
		var emails []string
		if !c.Email.IsZero() {
			emails = append(emails, c.Email.String())
		}
		for _, o := range c.OtherEmails {
			emails = append(emails, o.Email.String())
		}
		if !slices.Equal(emails, mc.emails) {
			errs.add("%s (%s): emails %v, want %v", mc.word, id, emails, mc.emails)
		}
		plan := ""
		for k, v := range c.Fields {
			if k.String() == "plan" {
				plan = v.String()
			}
		}
		if plan != mc.plan {
			errs.add("%s (%s): plan %q, want %q", mc.word, id, plan, mc.plan)
		}
		tags := map[string]bool{}
		for _, n := range c.Tags {
			tags[strings.ToLower(n.String())] = true
		}
		if !maps.Equal(tags, mc.tags) {
			errs.add("%s (%s): tags %v, want %v", mc.word, id, slices.Sorted(maps.Keys(tags)), slices.Sorted(maps.Keys(mc.tags)))
		}
		// Search finds a live contact by its name, and by each of its
		// emails; the trash hides it.
		wantFound := []contact.ID(nil)
		if mc.state == m13Live {
			wantFound = []contact.ID{id}
		}
		if got := e.search(mc.word); !slices.Equal(got, wantFound) {
			errs.add("%s (%s) %s: search for its name finds %v, want %v", mc.word, id, mc.state, got, wantFound)
		}
		for _, addr := range mc.emails {
			got := e.search(addr)
			if mc.state == m13Live && !slices.Equal(got, wantFound) {
				errs.add("%s (%s): search for its email %s finds %v, want %v", mc.word, id, addr, got, wantFound)
			}
			if mc.state == m13Trashed && slices.Contains(got, id) {
				errs.add("%s (%s) trashed: search for its email %s finds it", mc.word, id, addr)
			}
		}
		if mc.state != m13Live {
			continue
		}
		lists := map[list.ID]list.Status{}
		for ms, err := range e.svc.Memberships(ctx, a, contactkit.MembershipQuery{Contact: id}) {
			if err != nil {
				errs.add("%s: memberships: %v", mc.word, err)
				break
			}
			lists[ms.List] = ms.Status
		}
		if !maps.Equal(lists, mc.lists) {
			errs.add("%s (%s): lists %v, want %v", mc.word, id, lists, mc.lists)
		}
		cons, err := e.svc.Consent(ctx, a, id)
		if err != nil {
			errs.add("%s: consent: %v", mc.word, err)
		}
		for _, addr := range mc.emails {
			var st list.ConsentStatus
			for _, x := range cons {
				if x.Address.Channel == list.ChannelEmail && x.Address.Value == addr {
					st = x.Status
				}
			}
			want := list.ConsentSubscribed
			if m.unsub[addr] {
				want = list.ConsentUnsubscribed
			}
			if st != want {
				errs.add("%s (%s): consent of %s %q, want %q", mc.word, id, addr, st, want)
			}
		}
		acts := map[activity.ID]activity.Kind{}
		for it, err := range e.svc.Timeline(ctx, a, id, contactkit.TimelineQuery{}) {
			if err != nil {
				errs.add("%s: timeline: %v", mc.word, err)
				break
			}
			acts[it.ID] = it.Kind
		}
		if !maps.Equal(acts, mc.acts) {
			errs.add("%s (%s): timeline %v, want %v", mc.word, id, acts, mc.acts)
		}
		enr := map[automation.ID]m13Enr{}
		for it, err := range e.svc.Enrollments(ctx, a, contactkit.EnrollmentQuery{Contact: id}) {
			if err != nil {
				errs.add("%s: enrollments: %v", mc.word, err)
				break
			}
			x := enr[it.Automation]
			x.total++
			if it.Active() {
				x.active++
			}
			enr[it.Automation] = x
		}
		if !maps.Equal(enr, mc.enr) {
			errs.add("%s (%s): enrollments %v, want %v", mc.word, id, enr, mc.enr)
		}
	}
	// Every standing merge of the model is stored, and stands (M3).
	for _, mr := range m.merges {
		rec, err := e.svc.GetMerge(ctx, a, mr.id)
		if err != nil || rec.Undone() {
			errs.add("merge of %s into %s: %v, undone %t; want it standing", m.contacts[mr.other].word, m.contacts[mr.primary].word, err, rec.Undone())
		}
	}
	// The trash lists the trashed contacts and the merged-away ones still
	// stored.
	var trash, wantTrash []contact.ID
	for c, err := range e.svc.Contacts(ctx, a, contactkit.ContactQuery{Trashed: true}) {
		if err != nil {
			errs.add("trash: %v", err)
			break
		}
		trash = append(trash, c.ID)
	}
	for _, id := range m.order {
		if c := m.contacts[id]; c.state == m13Trashed || c.state == m13Merged && c.stored {
			wantTrash = append(wantTrash, id)
		}
	}
	slices.SortFunc(trash, func(a, b contact.ID) int { return strings.Compare(a.String(), b.String()) })
	slices.SortFunc(wantTrash, func(a, b contact.ID) int { return strings.Compare(a.String(), b.String()) })
	if !slices.Equal(trash, wantTrash) {
		errs.add("trash %v, want %v", trash, wantTrash)
	}
	// Every tag: the contacts it lists.
	for _, tg := range m13Tags {
		var want []contact.ID
		for _, c := range m.in(m13Live) {
			if c.tags[tg] {
				want = append(want, c.id)
			}
		}
		got := e.tagged(tg)
		slices.SortFunc(got, func(a, b contact.ID) int { return strings.Compare(a.String(), b.String()) })
		slices.SortFunc(want, func(a, b contact.ID) int { return strings.Compare(a.String(), b.String()) })
		if !slices.Equal(got, want) {
			errs.add("tag %s lists %v, want %v", tg, got, want)
		}
	}
	// Duplicates (M1).
	res, err := e.svc.FindDuplicates(ctx, a, nil)
	if err != nil {
		errs.add("find duplicates: %v", err)
	} else {
		var got [][]contact.ID
		for _, g := range res.Groups {
			ids := slices.Clone(g.Contacts)
			slices.SortFunc(ids, func(a, b contact.ID) int { return strings.Compare(a.String(), b.String()) })
			got = append(got, ids)
		}
		sort.Slice(got, func(i, j int) bool { return got[i][0].String() < got[j][0].String() })
		if want := m.duplicates(); fmt.Sprint(got) != fmt.Sprint(want) {
			errs.add("duplicates %v, want %v", got, want)
		}
	}
	return errs
}

var m13Tags = []string{"vip", "news", "beta"}

// m13Fields are the values of a contact that a replay of merges without
// one undone computes (merge.NewUnmergePlan): the plan, the tags and the
// list memberships.
type m13Fields struct {
	plan  string
	tags  map[string]bool
	lists map[list.ID]list.Status
}

func m13FieldsOf(c *m13Contact) m13Fields {
	return m13Fields{plan: c.plan, tags: maps.Clone(c.tags), lists: maps.Clone(c.lists)}
}

// m13ThreeWay returns ours with the changes made from base to cur (M4):
// a plan changed since keeps the change where ours and base agree, and is
// a conflict (ok false) where they do not; a tag or a membership added
// since is added, one removed since removed.
func m13ThreeWay(ours, base, cur m13Fields) (out m13Fields, ok bool) {
	out = m13Fields{plan: ours.plan, tags: maps.Clone(ours.tags), lists: maps.Clone(ours.lists)}
	ok = true
	switch {
	case cur.plan == base.plan:
	case base.plan == ours.plan:
		out.plan = cur.plan
	default:
		ok = false
	}
	for tg := range base.tags {
		if !cur.tags[tg] {
			delete(out.tags, tg)
		}
	}
	for tg := range cur.tags {
		if !base.tags[tg] {
			out.tags[tg] = true
		}
	}
	for l := range base.lists {
		if _, in := cur.lists[l]; !in {
			delete(out.lists, l)
		}
	}
	for l, st := range cur.lists {
		if was, in := base.lists[l]; !in || was != st {
			out.lists[l] = st
		}
	}
	return out, ok
}

// m13Replay returns what a merge of other into a primary of fields p gives
// it (M2): the plan filled, the tags united, the lists united with the
// most restrictive status; and the lists whose membership of the other's
// moves, and those whose primary's membership it unites.
func m13Replay(p m13Fields, other *m13Contact) (out m13Fields, moved, united map[list.ID]bool) {
	out = m13Fields{plan: p.plan, tags: maps.Clone(p.tags), lists: maps.Clone(p.lists)}
	if out.plan == "" {
		out.plan = other.plan
	}
	for tg := range other.tags {
		out.tags[tg] = true
	}
	moved, united = map[list.ID]bool{}, map[list.ID]bool{}
	for l, st := range other.lists {
		cur, ok := out.lists[l]
		switch {
		case !ok:
			moved[l] = true
			out.lists[l] = st
		case st == list.StatusUnsubscribed && cur != st:
			united[l] = true
			out.lists[l] = st
		}
	}
	return out, moved, united
}
