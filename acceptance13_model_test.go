package contactkit_test

// Thirteenth acceptance pass: model-based tests. Random, seeded sequences
// of calls (create, update, tag, lists, consent, notes, tasks, enrollments,
// delete, restore, purge, erase, merge, unmerge) run through the Service on
// a memory store that can fail any call or run a transaction twice; after
// each step the Service's reads are compared with a reference model of
// DESIGN.md's rules (acceptance13_model_helpers_test.go), the inverse
// pairs are checked against what the Service showed before, a second
// workspace and an agent try to reach the first's data, and the outbox is
// read by consumers.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/internal/fixture"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
)

var (
	m13Seeds = flag.Int("acc13.seeds", fixture.RaceOr(4, 2), "acceptance13: how many seeds the model test runs (2 under the race detector)")
	m13Steps = flag.Int("acc13.steps", 250, "acceptance13: how many steps each seed runs")
)

// m13Step is one call of a sequence: call makes it (again, after an
// injected fault), apply checks its answer against the model and updates
// the model.
type m13Step struct {
	name  string
	call  func() error
	apply func(err error)
	// noFault: the step must not be failed (it reads or runs several
	// transactions).
	noFault bool
}

func newM13Env(t *testing.T) *m13Env {
	t.Helper()
	return newM13EnvOn(t, nil)
}

// newM13EnvOn returns the env of the walk with its Service on wrap(the
// store) (see newAcc11EnvOn). Without a Relay, the outbox is not read.
func newM13EnvOn(t *testing.T, wrap func(store.Store) store.Store) *m13Env {
	t.Helper()
	ctx := context.Background()
	e := &m13Env{acc11FaultEnv: newAcc11EnvOn(t, wrap), t: t, model: newM13Model(), seen: map[string]bool{}, trashed: map[contact.ID]string{}}
	for _, a := range []contactkit.Actor{m13Owner, m13Rival} {
		if _, err := e.svc.CreateField(ctx, a, field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeText}); err != nil {
			t.Fatalf("create field: %v", err)
		}
	}
	for _, n := range []string{"Weekly", "Monthly"} {
		l, err := e.svc.CreateList(ctx, m13Owner, list.List{Name: n})
		if err != nil {
			t.Fatalf("create list: %v", err)
		}
		e.lists = append(e.lists, l)
	}
	for _, n := range []string{"Onboarding", "Nurture"} {
		au, err := e.svc.CreateAutomation(ctx, m13Owner, automation.Automation{Name: n, Active: true, Steps: []automation.Step{{Name: "one"}, {Name: "two"}}})
		if err != nil {
			t.Fatalf("create automation: %v", err)
		}
		e.autos = append(e.autos, au)
	}
	for _, c := range []string{"all", "acme", "lazy"} {
		if e.relay == nil {
			break
		}
		ws := contact.WorkspaceID("")
		if c != "all" {
			ws = m13Owner.Workspace
		}
		if _, err := e.relay.Register(ctx, c, ws); err != nil {
			t.Fatalf("register: %v", err)
		}
	}
	e.mu.Lock()
	e.events = nil
	e.mu.Unlock()
	return e
}

// steps returns the random step to run next.
func (e *m13Env) step(r *rand.Rand, n int) m13Step {
	ctx := context.Background()
	m := e.model
	a := m13Owner
	pick := func(cs []*m13Contact) *m13Contact {
		if len(cs) == 0 {
			return nil
		}
		return cs[r.IntN(len(cs))]
	}
	// free: live contacts, for a merge (the survivors of standing merges
	// too: chains of merges).
	free := func() []*m13Contact {
		return slices.DeleteFunc(m.in(m13Live), func(c *m13Contact) bool { return c.blocked })
	}
	touch := func(id contact.ID) {
		for _, r := range m.standing(id) {
			r.touched = true
		}
	}
	unexpected := func(what string, err error) {
		e.t.Fatalf("step %d %s: %v", n, what, err)
	}
	live := pick(m.in(m13Live))
	switch k := r.IntN(125); {
	case k < 14 || live == nil:
		word := fmt.Sprintf("Kw%05d", n)
		email := fmt.Sprintf("em%05d@example.com", n)
		// Sometimes the address of another contact: a subaddress of a
		// live one (a duplicate to suggest), or the very address of a
		// trashed or erased one (the trash holds no address, D1).
		if o := pick(m.in(m13Live)); o != nil && r.IntN(5) == 0 {
			local, domain, _ := strings.Cut(m13Base(o.emails[0]), "@")
			email = fmt.Sprintf("%s+%d@%s", local, n, domain)
		} else if o := pick(append(m.in(m13Trashed), m.in(m13Gone)...)); o != nil && r.IntN(3) == 0 && m.holder(o.emails[0]) == nil {
			email = o.emails[0]
		}
		in := contactkit.ContactInput{Patch: contact.Patch{FirstName: new(word), Email: new(email)}}
		mc := &m13Contact{word: word, emails: []string{email}, created: e.gen.Now(), born: e.gen.Now(), binned: map[activity.ID]time.Time{}, tags: map[string]bool{}, lists: map[list.ID]list.Status{}, acts: map[activity.ID]activity.Kind{}, enr: map[automation.ID]m13Enr{}}
		if r.IntN(2) == 0 {
			mc.plan = []string{"gold", "silver"}[r.IntN(2)]
			in.Fields = map[string]string{"plan": mc.plan}
		}
		if r.IntN(2) == 0 {
			tg := m13Tags[r.IntN(len(m13Tags))]
			in.Tags = []string{strings.ToUpper(tg)}
			mc.tags[tg] = true
		}
		if r.IntN(3) == 0 {
			l := e.lists[r.IntN(len(e.lists))]
			in.Lists = []list.ID{l.ID}
			st := list.StatusSubscribed
			if m.unsub[email] {
				st = list.StatusUnsubscribed
			}
			mc.lists[l.ID] = st
		}
		var got contact.Contact
		return m13Step{name: "create " + word + " <" + email + ">", call: func() (err error) {
			got, err = e.svc.CreateContact(ctx, a, in)
			return err
		}, apply: func(err error) {
			if err != nil {
				unexpected("create", err)
			}
			mc.id = got.ID
			m.add(mc)
		}}
	case k < 22:
		c := live
		word := fmt.Sprintf("Kw%05d", n)
		p := contact.Patch{}
		nextWord, nextPlan := c.word, c.plan
		if r.IntN(2) == 0 {
			p.FirstName, nextWord = new(word), word
		}
		if r.IntN(2) == 0 || p.FirstName == nil {
			nextPlan = []string{"gold", "silver", "bronze"}[r.IntN(3)]
			p.Fields = map[string]string{"plan": nextPlan}
		}
		return m13Step{name: "update " + c.word, call: func() error {
			_, err := e.svc.UpdateContact(ctx, a, c.id, p)
			return err
		}, apply: func(err error) {
			if err != nil {
				unexpected("update", err)
			}
			for _, rec := range m.standing(c.id) {
				if nextPlan != c.plan {
					rec.planEdited = true
				}
			}
			if nextWord != c.word || nextPlan != c.plan {
				touch(c.id)
			}
			c.word, c.plan = nextWord, nextPlan
		}}
	case k < 32:
		c := live
		tg := m13Tags[r.IntN(len(m13Tags))]
		untag := r.IntN(3) == 0 && len(m.standing(c.id)) == 0
		name := "tag "
		if untag {
			name = "untag "
		}
		return m13Step{name: name + c.word + " " + tg, call: func() error {
			var err error
			if untag {
				_, err = e.svc.UntagContact(ctx, a, c.id, strings.ToUpper(tg[:1])+tg[1:])
			} else {
				_, err = e.svc.TagContact(ctx, a, c.id, strings.ToUpper(tg[:1])+tg[1:])
			}
			return err
		}, apply: func(err error) {
			if err != nil {
				unexpected(name, err)
			}
			if untag {
				delete(c.tags, tg)
			} else {
				if !c.tags[tg] {
					touch(c.id)
				}
				c.tags[tg] = true
			}
		}}
	case k < 40:
		c := live
		l := e.lists[r.IntN(len(e.lists))]
		_, member := c.lists[l.ID]
		leave := member && r.IntN(2) == 0 && len(m.standing(c.id)) == 0
		if member && !leave {
			l = e.lists[0]
			if _, ok := c.lists[l.ID]; ok {
				l = e.lists[1]
			}
			_, member = c.lists[l.ID]
		}
		if member && !leave {
			// A member of both: nothing new to join.
			leave = len(m.standing(c.id)) == 0
		}
		return m13Step{name: fmt.Sprintf("list %s %s leave=%t", c.word, l.Name, leave), call: func() error {
			var err error
			if leave {
				_, err = e.svc.UnsubscribeFromList(ctx, a, l.ID, c.id, "model")
			} else {
				_, err = e.svc.AddToList(ctx, a, l.ID, c.id)
			}
			return err
		}, apply: func(err error) {
			if err != nil {
				unexpected("list", err)
			}
			switch {
			case leave:
				c.lists[l.ID] = list.StatusUnsubscribed
			case !member:
				st := list.StatusSubscribed
				for _, addr := range c.emails {
					if m.unsub[addr] {
						st = list.StatusUnsubscribed
					}
				}
				c.lists[l.ID] = st
				touch(c.id)
			}
		}}
	case k < 44:
		c := live
		return m13Step{name: "unsubscribe " + c.word, call: func() error {
			_, err := e.svc.Unsubscribe(ctx, a, c.id, list.ChannelEmail, "model")
			return err
		}, apply: func(err error) {
			if err != nil {
				unexpected("unsubscribe", err)
			}
			m.unsub[c.emails[0]] = true
		}}
	case k < 54:
		c := live
		task := r.IntN(2) == 0
		var got activity.Activity
		return m13Step{name: fmt.Sprintf("activity %s task=%t", c.word, task), call: func() (err error) {
			if task {
				got, err = e.svc.AddTask(ctx, a, c.id, contactkit.TaskInput{Title: "call " + c.word})
			} else {
				got, err = e.svc.AddNote(ctx, a, c.id, contactkit.NoteInput{Body: "met " + c.word})
			}
			return err
		}, apply: func(err error) {
			if err != nil {
				unexpected("activity", err)
			}
			c.acts[got.ID] = got.Kind
			touch(c.id)
		}}
	case k < 60:
		c := live
		au := e.autos[r.IntN(len(e.autos))]
		return m13Step{name: "enroll " + c.word + " " + au.Name, call: func() error {
			_, err := e.svc.Enroll(ctx, a, au.ID, c.id, "")
			return err
		}, apply: func(err error) {
			x := c.enr[au.ID]
			if c.blocked {
				if !errors.Is(err, contactkit.ErrContactBlocked) {
					e.t.Fatalf("step %d: enroll of a blocked contact: %v, want ErrContactBlocked", n, err)
				}
				return
			}
			if x.active > 0 {
				if !errors.Is(err, automation.ErrAlreadyEnrolled) {
					e.t.Fatalf("step %d: enroll of an active contact: %v, want ErrAlreadyEnrolled", n, err)
				}
				return
			}
			if err != nil {
				unexpected("enroll", err)
			}
			x.total++
			x.active++
			c.enr[au.ID] = x
			touch(c.id)
		}}
	case k < 68:
		c := live
		before := e.observe(c.id)
		return m13Step{name: "delete " + c.word, call: func() error {
			_, err := e.svc.DeleteContact(ctx, a, c.id)
			return err
		}, apply: func(err error) {
			if err != nil {
				unexpected("delete", err)
			}
			c.state, c.deletedAt = m13Trashed, e.gen.Now()
			for id, x := range c.enr {
				x.active = 0
				c.enr[id] = x
			}
			touch(c.id)
			for _, mr := range m.chain(c.id) {
				mr.stopped = true
			}
			e.trashed[c.id] = before
		}}
	case k < 76:
		c := pick(m.in(m13Trashed))
		if c == nil {
			return e.step(r, n)
		}
		var taken *m13Contact
		for _, addr := range c.emails {
			if h := m.holder(addr); h != nil {
				taken = h
			}
		}
		expired := !e.gen.Now().Before(c.deletedAt.Add(60 * 24 * time.Hour))
		return m13Step{name: "restore " + c.word, call: func() error {
			_, err := e.svc.RestoreContact(ctx, a, c.id)
			return err
		}, apply: func(err error) {
			switch {
			case expired:
				if !errors.Is(err, contactkit.ErrRestoreWindow) {
					e.t.Fatalf("step %d: restore past the window: %v, want ErrRestoreWindow", n, err)
				}
				return
			case taken != nil:
				if !errors.Is(err, contactkit.ErrConflict) {
					e.t.Fatalf("step %d: restore of %s whose email %s holds: %v, want ErrConflict (D2)", n, c.word, taken.word, err)
				}
				return
			case err != nil:
				unexpected("restore", err)
			}
			c.state = m13Live
			// D2: everything observable comes back, but the enrollments
			// stopped by the deletion (the model already stopped them).
			if before, ok := e.trashed[c.id]; ok {
				if after := m13NoEnrollmentState(e.observe(c.id)); m13NoEnrollmentState(before) != after {
					e.t.Errorf("step %d: restore of %s is not the inverse of its deletion (D2):%s", n, c.word, acc11Diff(after, m13NoEnrollmentState(before)))
				}
			}
			delete(e.trashed, c.id)
		}}
	case k < 80:
		c := pick(append(m.in(m13Live), m.in(m13Trashed)...))
		return m13Step{name: "erase " + c.word, call: func() error {
			return e.svc.EraseContact(ctx, a, c.id)
		}, apply: func(err error) {
			if err != nil {
				unexpected("erase", err)
			}
			e.erase(c)
		}}
	case k < 82:
		days := 20 + r.IntN(30)
		return m13Step{name: fmt.Sprintf("advance %d days, purge", days), call: func() error {
			e.gen.set(e.gen.Now().Add(time.Duration(days) * 24 * time.Hour))
			_, err := e.svc.PurgeTrash(ctx, a)
			return err
		}, noFault: true, apply: func(err error) {
			if err != nil {
				unexpected("purge", err)
			}
			now := e.gen.Now()
			for _, c := range m.in(m13Trashed) {
				if !now.Before(c.deletedAt.Add(60 * 24 * time.Hour)) {
					c.state = m13Gone
					delete(e.trashed, c.id)
					// The records of its merges go with it (they hold
					// snapshots of it); the contacts merged into it stay
					// in the trash until their own purge.
					m.merges = slices.DeleteFunc(m.merges, func(r *m13Merge) bool {
						return r.primary == c.id || m.contacts[r.primary].state == m13Merged && m.resolve(r.primary) == c.id
					})
				}
			}
			for _, c := range m.in(m13Merged) {
				if !now.Before(c.deletedAt.Add(60 * 24 * time.Hour)) {
					c.stored = false
				}
			}
		}}
	case k < 90:
		fs := free()
		if len(fs) < 2 {
			return e.step(r, n)
		}
		i := r.IntN(len(fs))
		j := (i + 1 + r.IntN(len(fs)-1)) % len(fs)
		p, o := fs[i], fs[j]
		obs := map[contact.ID]string{p.id: e.observe(p.id), o.id: e.observe(o.id)}
		var rec merge.Record
		return m13Step{name: "merge " + o.word + " into " + p.word, call: func() error {
			pv, err := e.svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: p.id, Others: []contact.ID{o.id}})
			if err != nil {
				return err
			}
			rec, err = e.svc.MergeContacts(ctx, a, pv)
			return err
		}, apply: func(err error) {
			if err != nil {
				unexpected("merge", err)
			}
			mr := &m13Merge{id: rec.ID, primary: p.id, other: o.id, obs: obs,
				inputs: map[contact.ID]*m13Contact{p.id: p.clone(), o.id: o.clone()}}
			// M2: the primary's values win, blanks are filled; the
			// other's emails become secondary; tags, lists (most
			// restrictive), activities and enrollments are united.
			if p.plan == "" {
				p.plan = o.plan
			}
			if o.created.Before(p.created) {
				p.created = o.created
			}
			p.emails = append(p.emails, o.emails...)
			for tg := range o.tags {
				p.tags[tg] = true
			}
			mr.moved, mr.united = map[list.ID]bool{}, map[list.ID]bool{}
			for l, st := range o.lists {
				cur, ok := p.lists[l]
				switch {
				case !ok:
					mr.moved[l] = true // the other's record moves
					p.lists[l] = st
				case st == list.StatusUnsubscribed && cur != st:
					mr.united[l] = true // the survivor's record, united
					p.lists[l] = st
				}
			}
			for id, kd := range o.acts {
				p.acts[id] = kd
			}
			mr.otherMoved, mr.mergeEnded = map[automation.ID]bool{}, map[automation.ID]bool{}
			for au, x := range o.enr {
				y := p.enr[au]
				mr.otherMoved[au] = x.active > 0 && y.active == 0
				mr.mergeEnded[au] = x.active > 0 && y.active > 0
				y.total += x.total
				y.active = min(1, y.active+x.active)
				p.enr[au] = y
			}
			for _, r := range m.standing(p.id) {
				r.touched = true
			}
			p.binned, o.binned = map[activity.ID]time.Time{}, map[activity.ID]time.Time{}
			o.state, o.into, o.stored, o.deletedAt = m13Merged, p.id, true, e.gen.Now()
			o.acts, o.enr, o.lists = map[activity.ID]activity.Kind{}, map[automation.ID]m13Enr{}, map[list.ID]list.Status{}
			mr.after = p.clone()
			m.merges = append(m.merges, mr)
		}}
	case k < 96:
		if len(m.merges) == 0 {
			return e.step(r, n)
		}
		mr := m.merges[r.IntN(len(m.merges))]
		p, o := m.contacts[mr.primary], m.contacts[mr.other]
		return m13Step{name: "unmerge " + o.word + " from " + p.word, call: func() error {
			_, err := e.svc.UnmergeContacts(ctx, a, mr.id)
			return err
		}, apply: func(err error) { e.unmerged(n, mr, err) }}
	case k < 100:
		return e.intruder(r, n)
	default:
		return e.more(r, n)
	}
}

// more returns one of the rarer steps: a retry after a lost commit, a
// merged-away contact erased or restored, blocking, associations and
// followers, an activity's own trash, a tag deleted.
func (e *m13Env) more(r *rand.Rand, n int) m13Step {
	ctx := context.Background()
	m := e.model
	a := m13Owner
	pick := func(cs []*m13Contact) *m13Contact {
		if len(cs) == 0 {
			return nil
		}
		return cs[r.IntN(len(cs))]
	}
	touch := func(id contact.ID) {
		for _, r := range m.standing(id) {
			r.touched = true
		}
	}
	live := pick(m.in(m13Live))
	if live == nil {
		return e.step(r, n)
	}
	switch r.IntN(10) {
	case 0:
		// Safe to retry: the commit's acknowledgement is lost, and the
		// call is made again, as a host does; the second call must
		// change nothing more (a tag, an unsubscribe, a keyed note, a
		// keyed enrollment, an unmerge).
		c := live
		au := e.autos[r.IntN(len(e.autos))]
		key := fmt.Sprintf("k%d", n)
		tg := m13Tags[r.IntN(len(m13Tags))]
		var mr *m13Merge
		if len(m.merges) > 0 && r.IntN(3) == 0 {
			mr = m.merges[r.IntN(len(m.merges))]
			if m.contacts[mr.primary].state != m13Live {
				mr = nil
			}
		}
		which := r.IntN(4)
		if which == 3 && (c.enr[au.ID].active > 0 || c.blocked) {
			which = 0
		}
		var note activity.Activity
		var enr automation.Enrollment
		call := func() error {
			var err error
			switch {
			case mr != nil:
				_, err = e.svc.UnmergeContacts(ctx, a, mr.id)
			case which == 0:
				_, err = e.svc.TagContact(ctx, a, c.id, tg)
			case which == 1:
				_, err = e.svc.Unsubscribe(ctx, a, c.id, list.ChannelEmail, "model")
			case which == 2:
				note, err = e.svc.AddNote(ctx, a, c.id, contactkit.NoteInput{Body: "keyed " + key, Key: key})
			default:
				enr, err = e.svc.Enroll(ctx, a, au.ID, c.id, key)
			}
			return err
		}
		return m13Step{name: fmt.Sprintf("lost commit then retry %d of %s (unmerge %t)", which, c.word, mr != nil), noFault: true, call: func() error {
			e.st.arm(0, false)
			e.st.mu.Lock()
			e.st.lostAck = 1
			e.st.mu.Unlock()
			err := call()
			e.st.disarm()
			e.lost = true
			if !errors.Is(err, errAcc11Injected) {
				return err // refused: nothing was committed
			}
			return call()
		}, apply: func(err error) {
			switch {
			case mr != nil:
				e.unmerged(n, mr, err)
				return
			case which == 3 && c.enr[au.ID].active > 0:
				if !errors.Is(err, automation.ErrAlreadyEnrolled) {
					e.t.Fatalf("step %d: keyed enroll of an active contact: %v, want ErrAlreadyEnrolled", n, err)
				}
				return
			case err != nil:
				e.t.Fatalf("step %d: retry after a lost commit: %v", n, err)
			}
			switch which {
			case 0:
				if !c.tags[tg] {
					touch(c.id)
				}
				c.tags[tg] = true
			case 1:
				m.unsub[c.emails[0]] = true
			case 2:
				c.acts[note.ID] = note.Kind
				touch(c.id)
			case 3:
				if enr.Contact != c.id || enr.Automation != au.ID {
					e.t.Fatalf("step %d: keyed enroll gave %+v", n, enr)
				}
				c.enr[au.ID] = m13Enr{total: c.enr[au.ID].total + 1, active: 1}
				touch(c.id)
			}
		}}
	case 1:
		// A merged-away contact: restoring it is refused (ErrMerged);
		// erasing it erases its snapshot, and its merge can no longer be
		// undone; the survivor keeps what the merge gave it.
		c := pick(m.in(m13Merged))
		if c == nil || !c.stored {
			return e.step(r, n)
		}
		erase := r.IntN(2) == 0
		return m13Step{name: fmt.Sprintf("merged-away %s erase=%t", c.word, erase), call: func() error {
			if erase {
				return e.svc.EraseContact(ctx, a, c.id)
			}
			_, err := e.svc.RestoreContact(ctx, a, c.id)
			return err
		}, apply: func(err error) {
			if !erase {
				if !errors.Is(err, contactkit.ErrMerged) {
					e.t.Fatalf("step %d: restore of merged-away %s: %v, want ErrMerged", n, c.word, err)
				}
				return
			}
			if err != nil {
				e.t.Fatalf("step %d: erase of merged-away %s: %v", n, c.word, err)
			}
			// Its tombstone stays, holding no personal data: its ID
			// still resolves to the survivor.
			c.state, c.tomb = m13Gone, true
			// Its survivor keeps what the merges gave it: the records of
			// the merges that took it away, and of those it survived,
			// go with it.
			m.forget(func(r *m13Merge) bool { return r.other == c.id || r.primary == c.id })
		}}
	case 2:
		c := live
		return m13Step{name: "associate and follow " + c.word, call: func() error {
			if _, err := e.svc.Associate(ctx, a, c.id, contactkit.AssociationInput{Type: "deal", Record: fmt.Sprintf("deal-%d", n), Label: "buyer"}); err != nil {
				return err
			}
			_, err := e.svc.Follow(ctx, contactkit.Actor{Workspace: a.Workspace, User: contact.UserID(fmt.Sprintf("u-%d", r.IntN(3))), Role: contactkit.RoleAgent}, c.id)
			return err
		}, noFault: true, apply: func(err error) {
			if err != nil {
				e.t.Fatalf("step %d: associate: %v", n, err)
			}
			touch(c.id)
		}}
	case 3:
		// An activity in its own trash stays there when its contact goes
		// to the trash and comes back (D2).
		c := live
		var ids []activity.ID
		for id := range c.acts {
			ids = append(ids, id)
		}
		if len(ids) == 0 {
			return e.step(r, n)
		}
		slices.SortFunc(ids, func(a, b activity.ID) int { return strings.Compare(a.String(), b.String()) })
		id := ids[r.IntN(len(ids))]
		return m13Step{name: "delete activity of " + c.word, call: func() error {
			_, err := e.svc.DeleteActivity(ctx, a, id)
			return err
		}, apply: func(err error) {
			if err != nil {
				e.t.Fatalf("step %d: delete activity: %v", n, err)
			}
			delete(c.acts, id)
			touch(c.id)
			for _, mr := range m.chain(c.id) {
				mr.actDeleted = true
			}
			if len(m.chain(c.id)) == 0 {
				// Restorable by the restore step, the contact in no merge.
				c.binned[id] = e.gen.Now()
			}
		}}
	case 4:
		tg := m13Tags[r.IntN(len(m13Tags))]
		return m13Step{name: "delete tag " + tg, call: func() error {
			_, err := e.svc.DeleteTag(ctx, a, tg)
			return err
		}, apply: func(err error) {
			if err != nil && !errors.Is(err, contactkit.ErrNotFound) {
				e.t.Fatalf("step %d: delete tag: %v", n, err)
			}
			if err != nil {
				return
			}
			// T2: from every contact, in the trash too, and from the
			// snapshots an unmerge gives back.
			for _, c := range m.contacts {
				delete(c.tags, tg)
			}
			for _, mr := range m.merges {
				for _, c := range mr.inputs {
					delete(c.tags, tg)
				}
				delete(mr.after.tags, tg)
				mr.touched = true
			}
			for id, o := range e.trashed {
				e.trashed[id] = m13DropTag(o, tg)
			}
			for _, mr := range m.merges {
				for id, o := range mr.obs {
					mr.obs[id] = m13DropTag(o, tg)
				}
			}
		}}
	case 6:
		// An activity restored from its own trash comes back to its
		// contact's timeline, after the contact went to the trash and came
		// back too (H1, D2).
		c := live
		if len(c.binned) == 0 || len(m.chain(c.id)) > 0 {
			return e.step(r, n)
		}
		ids := slices.SortedFunc(maps.Keys(c.binned), func(a, b activity.ID) int { return strings.Compare(a.String(), b.String()) })
		id := ids[r.IntN(len(ids))]
		expired := !e.gen.Now().Before(c.binned[id].Add(90 * 24 * time.Hour))
		var got activity.Activity
		return m13Step{name: "restore activity of " + c.word, call: func() (err error) {
			got, err = e.svc.RestoreActivity(ctx, a, id)
			return err
		}, apply: func(err error) {
			if expired {
				if !errors.Is(err, contactkit.ErrRestoreWindow) {
					e.t.Fatalf("step %d: restore activity past its window: %v, want ErrRestoreWindow", n, err)
				}
				delete(c.binned, id)
				return
			}
			if err != nil {
				e.t.Fatalf("step %d: restore activity: %v", n, err)
			}
			c.acts[id] = got.Kind
			delete(c.binned, id)
		}}
	case 5:
		// B1: blocking stops the active enrollments and keeps the contact
		// out of duplicates; unblocking restarts nothing.
		c := live
		if len(m.standing(c.id)) > 0 {
			return e.step(r, n)
		}
		block := !c.blocked
		return m13Step{name: fmt.Sprintf("block %s %t", c.word, block), call: func() error {
			var err error
			if block {
				_, err = e.svc.BlockContact(ctx, a, c.id, "model")
			} else {
				_, err = e.svc.UnblockContact(ctx, a, c.id)
			}
			return err
		}, apply: func(err error) {
			if err != nil {
				e.t.Fatalf("step %d: block %t: %v", n, block, err)
			}
			c.blocked = block
			if block {
				for au, x := range c.enr {
					x.active = 0
					c.enr[au] = x
				}
			}
		}}
	default:
		return e.step(r, n)
	}
}

// m13DropTag removes tag tg from an observation, as DeleteTag removes it
// from a trashed contact.
func m13DropTag(s, tg string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "tag ") && strings.EqualFold(strings.Fields(l)[1], tg) {
			continue
		}
		if strings.HasPrefix(l, "contact ") {
			l = regexp.MustCompile(`"(?i:`+tg+`)",`).ReplaceAllString(l, "")
			l = regexp.MustCompile(`,"(?i:`+tg+`)"`).ReplaceAllString(l, "")
			l = regexp.MustCompile(`\["(?i:`+tg+`)"\]`).ReplaceAllString(l, "[]")
		}
		keep = append(keep, l)
	}
	return strings.Join(keep, "\n")
}

// m13NoEnrollmentState hides the state of the enrollments in an
// observation, and the consent of its addresses: a deletion stops the
// enrollments, and a restore does not restart them; the ledger is by
// address, and another contact may have taken one meanwhile and changed
// its consent (the model checks the consent).
func m13NoEnrollmentState(s string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(l, "enrollment ") && !strings.HasPrefix(l, "consent ") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// m13NoConsent hides the consent of an observation: the ledger is by
// address, and the model checks it.
func m13NoConsent(s string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(l, "consent ") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// traces returns the lines of the stored state of acme that name contact
// c (by its ID, its emails or its activities' IDs) other than its
// tombstone (a merged-away ID resolves, and holds no personal data), the
// consent ledger (which keeps the unsubscribes of its addresses, D3) and
// the outbox (the host's log of what happened).
func (e *m13Env) traces(c *m13Contact, acts []activity.ID) []string {
	m := e.model
	needles := []string{c.id.String()}
	for _, id := range acts {
		needles = append(needles, id.String())
	}
	for _, addr := range c.emails {
		// An address another contact of the model had is not c's alone.
		shared := false
		for _, o := range m.contacts {
			shared = shared || o != c && slices.Contains(o.emails, addr)
		}
		if !shared {
			needles = append(needles, addr)
		}
	}
	var out []string
	for _, l := range strings.Split(e.dump(e.t), "\n") {
		if strings.HasPrefix(l, "record tombstone ") || strings.HasPrefix(l, "record consent ") ||
			strings.HasPrefix(l, "outbox ") || strings.HasPrefix(l, "event ") || strings.HasPrefix(l, "host ") ||
			strings.HasPrefix(l, "consumer ") {
			continue
		}
		for i, x := range needles {
			if (strings.HasPrefix(l, "record holding ") || strings.HasPrefix(l, "record holding-bucket ")) && i > 0 {
				// The duplicate index keys a subaddress by its base
				// address: another contact's em1+2@… is held under em1@….
				continue
			}
			if (strings.HasPrefix(l, "record merge ") || strings.HasPrefix(l, "merge ")) &&
				!strings.Contains(l, `"Primary":"`+c.id.String()) && !regexp.MustCompile(`"Others":\[[^\]]*`+c.id.String()).MatchString(l) {
				// Left open: the snapshot of another input of a merge
				// holds what an earlier merge gave it
				// (TestAcceptance13ModelEraseAfterUnmergeLeavesTheAddressInTheSurvivorsHistory).
				continue
			}
			if i > 0 && strings.Contains(l, "is unsubscribed in the cons") {
				// Left open too: a membership another contact took while
				// a merge gave it the address quotes the ledger's entry.
				continue
			}
			if i > 0 && strings.Contains(l, `"Field":"other_emails"`) && strings.Contains(l, `"Source":"merge"`) {
				// Left open: the history of the survivor of an undone
				// merge names the addresses the merge gave it
				// (TestAcceptance13ModelEraseAfterUnmergeLeavesTheAddressInTheSurvivorsHistory).
				continue
			}
			if strings.Contains(l, x) {
				out = append(out, fmt.Sprintf("%.300s", l))
				break
			}
		}
	}
	return out
}

// erase applies an erasure of c to the model: c is gone, and so are the
// contacts merged into it and the records of its merges.
func (e *m13Env) erase(c *m13Contact) {
	m := e.model
	// The contacts merged into c, by chains too, are erased with it
	// (their tombstones stay).
	erased := []*m13Contact{c}
	for _, id := range m.order {
		if x := m.contacts[id]; x != c && x.state == m13Merged && m.resolve(id) == c.id {
			erased = append(erased, x)
		}
	}
	dropped := map[contact.ID]bool{}
	for _, x := range erased {
		dropped[x.id] = true
	}
	defer func() {
		for _, x := range erased {
			if tr := e.traces(x, slices.Collect(maps.Keys(x.acts))); len(tr) > 0 {
				e.t.Errorf("erased %s (%s) leaves a trace (D3):\n  %s", x.word, x.id, strings.Join(tr, "\n  "))
			}
		}
	}()
	for _, x := range erased[1:] {
		x.state, x.tomb = m13Gone, true
		delete(e.trashed, x.id)
	}
	c.state = m13Gone
	delete(e.trashed, c.id)
	m.forget(func(r *m13Merge) bool { return dropped[r.primary] || r.other == c.id })
}

// unmerged checks the answer of an unmerge of mr against M4 and applies
// it to the model.
func (e *m13Env) unmerged(n int, mr *m13Merge, err error) {
	m := e.model
	p, o := m.contacts[mr.primary], m.contacts[mr.other]
	pin, oin := mr.inputs[p.id], mr.inputs[o.id]
	// The later merges into p that stand are replayed without mr (M4,
	// merge.NewUnmergePlan): the plan, tags and lists each gives p from
	// its other stay on p; a field edited since that a replay gives
	// otherwise is a conflict.
	later := slices.DeleteFunc(m.standing(p.id), func(r *m13Merge) bool {
		return slices.Index(m.merges, r) <= slices.Index(m.merges, mr)
	})
	type replayed struct {
		r             *m13Merge
		in, after     m13Fields
		moved, united map[list.ID]bool
	}
	var replays []replayed
	ours, base, fine := m13FieldsOf(pin), m13FieldsOf(mr.after), true
	ended := false // a later merge ended its other's enrollment as mr's moved one was active
	for _, r := range later {
		in, ok := m13ThreeWay(ours, base, m13FieldsOf(r.inputs[p.id]))
		fine = fine && ok
		after, moved, united := m13Replay(in, r.inputs[r.other])
		replays = append(replays, replayed{r, in, after, moved, united})
		ours, base = after, m13FieldsOf(r.after)
		for au, x := range r.mergeEnded {
			ended = ended || x && mr.otherMoved[au]
		}
	}
	now, ok := m13ThreeWay(ours, base, m13FieldsOf(p))
	fine = fine && ok
	switch {
	case p.state != m13Live:
		if !errors.Is(err, contactkit.ErrConflict) {
			e.t.Fatalf("step %d: unmerge with the survivor %s: %v, want ErrConflict", n, p.state, err)
		}
		return
	case ended:
		if !errors.Is(err, contactkit.ErrConflict) {
			e.t.Fatalf("step %d: unmerge of %s with a later merge standing that ended an enrollment as this one's was active: %v, want ErrConflict (M4)", n, p.word, err)
		}
		return
	case !fine:
		if !errors.Is(err, contactkit.ErrConflict) {
			e.t.Fatalf("step %d: unmerge of %s after an edit of the plan a merge gave (%q → %q): %v, want ErrConflict (M4)", n, p.word, mr.after.plan, p.plan, err)
		}
		return
	case err != nil:
		e.t.Fatalf("step %d: unmerge: %v", n, err)
	}
	// M4: the other comes back exactly; the primary gets back its values
	// but for the edits since, and keeps what was added since and loses
	// what was removed since, and what the later merges give it.
	next := pin.clone()
	next.word, next.born = p.word, p.born // the records keep the base, not the snapshot
	// A creation date the standing merges derived (RuleOldest) is no edit:
	// it is derived again over the contacts still merged into p
	// (TestAcceptance13ModelUnmergeTheFirstOfTwoMergesIntoOneSurvivor).
	next.created = m.oldest(p, mr)
	next.plan, next.tags, next.lists = now.plan, now.tags, now.lists
	// The later merges, rebased: undoing one gives back p without mr's.
	for _, x := range replays {
		in, after := x.r.inputs[p.id], x.r.after
		in.plan, in.tags, in.lists = x.in.plan, x.in.tags, x.in.lists
		after.plan, after.tags, after.lists = x.after.plan, x.after.tags, x.after.lists
		x.r.moved, x.r.united = x.moved, x.united
	}
	for id, kd := range p.acts {
		if _, ok := mr.after.acts[id]; !ok {
			next.acts[id] = kd
		}
	}
	var gone []string
	for _, addr := range mr.after.emails {
		if !slices.Contains(p.emails, addr) {
			gone = append(gone, addr)
		}
	}
	next.emails = slices.DeleteFunc(next.emails, func(a string) bool { return slices.Contains(gone, a) })
	for _, addr := range p.emails {
		if !slices.Contains(mr.after.emails, addr) && !slices.Contains(next.emails, addr) {
			next.emails = append(next.emails, addr)
		}
	}
	// An activity deleted since stays deleted, the other's too.
	back := oin.clone()
	back.born = o.born
	for id := range mr.after.acts {
		if _, ok := p.acts[id]; !ok {
			delete(next.acts, id)
			delete(back.acts, id)
		}
	}
	// A3, A4, M4: the enrollments made since stay on the survivor; an
	// active enrollment of the other's that the merge moved goes back
	// with it, as it is; one the merge ended is active again.
	for au, x := range p.enr {
		z := next.enr[au]
		z.total += x.total - mr.after.enr[au].total
		z.active = x.active
		if mr.otherMoved[au] && !mr.stopped {
			z.active--
		}
		next.enr[au] = z
	}
	for au, z := range next.enr {
		if _, ok := p.enr[au]; !ok {
			z.total -= mr.after.enr[au].total
		}
		if z.total <= 0 {
			delete(next.enr, au)
		} else {
			next.enr[au] = z
		}
	}
	next.state = m13Live
	*p = *next
	back.state = m13Live
	for au, x := range back.enr {
		switch {
		case mr.mergeEnded[au]:
			x.active = 1
		case mr.stopped:
			x.active = 0
		}
		back.enr[au] = x
	}
	*o = *back
	m.merges = slices.DeleteFunc(m.merges, func(r *m13Merge) bool { return r == mr })
	// The survivor's other merges see it changed; the other's merges see
	// what happened to the records they moved.
	for _, r := range m.standing(p.id) {
		r.touched, r.actDeleted = true, true
	}
	for _, r := range m.chain(o.id) {
		r.stopped = r.stopped || mr.stopped
		r.actDeleted = r.actDeleted || mr.actDeleted
	}
	if !mr.touched {
		for id, before := range mr.obs {
			if after := m13NoConsent(e.observe(id)); after != m13NoConsent(before) {
				e.t.Errorf("step %d: unmerge is not the inverse of the merge for %s (M4):%s", n, m.contacts[id].word, acc11Diff(after, m13NoConsent(before)))
			}
		}
	} else if after, before := m13NoConsent(e.observe(o.id)), m13NoConsent(mr.obs[o.id]); after != before && !mr.stopped && !mr.actDeleted {
		e.t.Errorf("step %d: unmerge does not give back %s exactly (M4):%s", n, o.word, acc11Diff(after, before))
	}
}

// intruder is a step by the agent of acme or the owner of another
// workspace, on acme's contacts: it must fail and change nothing (P1,
// P2). The owner of globex also writes in its own workspace, with the
// addresses of acme's contacts (identity is (workspace, ID)).
func (e *m13Env) intruder(r *rand.Rand, n int) m13Step {
	ctx := context.Background()
	m := e.model
	ids := slices.Clone(m.order)
	c := m.contacts[ids[r.IntN(len(ids))]]
	type try struct {
		name string
		do   func() error
		want error
	}
	tries := []try{
		{"agent deletes", func() error { _, err := e.svc.DeleteContact(ctx, m13Agent, c.id); return err }, contactkit.ErrPermission},
		{"agent erases", func() error { return e.svc.EraseContact(ctx, m13Agent, c.id) }, contactkit.ErrPermission},
		{"agent restores", func() error { _, err := e.svc.RestoreContact(ctx, m13Agent, c.id); return err }, contactkit.ErrPermission},
		{"agent reads merge history", func() error {
			for _, err := range e.svc.MergeHistory(ctx, m13Agent, c.id) {
				return err
			}
			return nil
		}, contactkit.ErrPermission},
		{"rival reads", func() error { _, err := e.svc.GetContact(ctx, m13Rival, c.id); return err }, contactkit.ErrNotFound},
		{"rival resolves", func() error { _, err := e.svc.ResolveContact(ctx, m13Rival, c.id); return err }, contactkit.ErrNotFound},
		{"rival updates", func() error {
			_, err := e.svc.UpdateContact(ctx, m13Rival, c.id, contact.Patch{FirstName: new("Mallory")})
			return err
		}, contactkit.ErrNotFound},
		{"rival tags", func() error { _, err := e.svc.TagContact(ctx, m13Rival, c.id, "pwned"); return err }, contactkit.ErrNotFound},
		{"rival notes", func() error {
			_, err := e.svc.AddNote(ctx, m13Rival, c.id, contactkit.NoteInput{Body: "x"})
			return err
		}, contactkit.ErrNotFound},
		{"rival deletes", func() error { _, err := e.svc.DeleteContact(ctx, m13Rival, c.id); return err }, contactkit.ErrNotFound},
		{"rival restores", func() error { _, err := e.svc.RestoreContact(ctx, m13Rival, c.id); return err }, contactkit.ErrNotFound},
		{"rival erases", func() error { return e.svc.EraseContact(ctx, m13Rival, c.id) }, contactkit.ErrNotFound},
		{"rival unsubscribes", func() error {
			_, err := e.svc.Unsubscribe(ctx, m13Rival, c.id, list.ChannelEmail, "x")
			return err
		}, contactkit.ErrNotFound},
		{"rival enrolls", func() error { _, err := e.svc.Enroll(ctx, m13Rival, e.autos[0].ID, c.id, ""); return err }, contactkit.ErrNotFound},
		{"rival adds to acme's list", func() error { _, err := e.svc.AddToList(ctx, m13Rival, e.lists[0].ID, c.id); return err }, contactkit.ErrNotFound},
		{"rival reads the timeline", func() error {
			for _, err := range e.svc.Timeline(ctx, m13Rival, c.id, contactkit.TimelineQuery{}) {
				return err
			}
			return nil
		}, nil},
		{"rival reads the history", func() error {
			for h, err := range e.svc.History(ctx, m13Rival, c.id, "") {
				if err == nil {
					return fmt.Errorf("history of acme's contact read from globex: %s", m13JSON(h))
				}
				return err
			}
			return nil
		}, nil},
		{"rival merges", func() error {
			mine, err := e.svc.CreateContact(ctx, m13Rival, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(fmt.Sprintf("Rv%05d", n)), Email: new(c.emails[0])}})
			if errors.Is(err, contactkit.ErrAlreadyExists) {
				mine, err = e.svc.ContactByEmail(ctx, m13Rival, c.emails[0])
			}
			if err != nil {
				return fmt.Errorf("globex cannot take an address of acme: %w", err)
			}
			_, err = e.svc.PreviewMerge(ctx, m13Rival, contactkit.MergeRequest{Primary: mine.ID, Others: []contact.ID{c.id}})
			return err
		}, contactkit.ErrNotFound},
		{"rival unsubscribes the address", func() error {
			_, err := e.svc.UnsubscribeAddress(ctx, m13Rival, list.ChannelEmail, c.emails[0], "x")
			return err
		}, nil},
	}
	tr := tries[r.IntN(len(tries))]
	var before string
	return m13Step{name: tr.name + " " + c.word, noFault: true, call: func() error {
		before = m13Acme(e.dump(e.t))
		return tr.do()
	}, apply: func(err error) {
		switch {
		case tr.want == nil && err != nil && !errors.Is(err, contactkit.ErrNotFound):
			e.t.Fatalf("step %d: %s: %v", n, tr.name, err)
		case tr.want != nil && !errors.Is(err, tr.want):
			e.t.Errorf("step %d: %s %s (%s): %v, want %v (P1, P2)", n, tr.name, c.word, c.state, err, tr.want)
		}
		if after := m13Acme(e.dump(e.t)); after != before {
			e.t.Errorf("step %d: %s %s changed acme:%s", n, tr.name, c.word, acc11Diff(after, before))
		}
	}}
}

// m13Acme returns what a dump says of the stored state of acme: not the
// events delivered in process, nor the other workspaces' in the outbox.
func m13Acme(dump string) string {
	var keep []string
	for _, l := range strings.Split(dump, "\n") {
		if strings.HasPrefix(l, "outbox ") && !strings.Contains(l, `{"Workspace":"acme"`) || strings.HasPrefix(l, "consumer ") {
			continue
		}
		keep = append(keep, l)
	}
	return acc11Stored(strings.Join(keep, "\n"))
}

// drain reads the outbox's consumers and compares what they are handed
// with what the subscriber got since the last drain: the same events, in
// the same order, each once (H3, H4).
func (e *m13Env) drain(n int, name string) {
	ctx := context.Background()
	e.mu.Lock()
	got := e.events
	e.events = nil
	e.mu.Unlock()
	if e.relay == nil {
		return
	}
	var want []string
	for _, ev := range got {
		typ, data, err := contactkit.EncodeEvent(ev)
		if err != nil {
			e.t.Fatalf("encode: %v", err)
		}
		if ev.Meta().Workspace == m13Owner.Workspace {
			want = append(want, typ+" "+string(data))
		}
	}
	e.drainLazy(n, want)
	for _, consumer := range []string{"acme", "all"} {
		var have []string
		for {
			b, err := e.relay.Next(ctx, consumer, 50)
			if err != nil {
				e.t.Fatalf("step %d: next: %v", n, err)
			}
			for _, d := range b.Deliveries {
				if d.Event.Meta().Workspace != m13Owner.Workspace {
					if consumer == "acme" {
						e.t.Errorf("step %d: consumer of acme handed an event of %s", n, d.Event.Meta().Workspace)
					}
					continue
				}
				key := consumer + d.ID.String()
				if e.seen[key] {
					e.t.Errorf("step %d: %s handed event %s twice", n, consumer, d.ID)
				}
				e.seen[key] = true
				typ, data, err := contactkit.EncodeEvent(d.Event)
				if err != nil {
					e.t.Fatalf("encode: %v", err)
				}
				have = append(have, typ+" "+string(data))
			}
			if len(b.Deliveries) == 0 {
				break
			}
			if err := e.relay.Ack(ctx, consumer, b.Next); err != nil {
				e.t.Fatalf("ack: %v", err)
			}
		}
		if e.lost && len(have) >= len(want) {
			// The subscribers did not hear of the call whose commit was
			// not acknowledged; the outbox has its events, then those of
			// the retry.
			have = have[len(have)-len(want):]
		}
		if !slices.Equal(have, want) {
			e.t.Errorf("step %d (%s): the outbox's %s consumer got%s", n, name, consumer, acc11Diff(strings.Join(have, "\n"), strings.Join(want, "\n")))
		}
		e.nEvents += len(have)
	}
}

// drainLazy reads the outbox as a slow consumer does: a few events at a
// time, acknowledging some batches only, while the outbox is pruned now and
// then. What it is handed, acknowledged or not, follows the events
// committed for acme, in order, from where it acknowledged last (H4).
func (e *m13Env) drainLazy(n int, want []string) {
	ctx := context.Background()
	if e.lost {
		// The lost call's events are in the outbox, not in want: this
		// consumer starts again after them.
		e.lazyPos = -1
	}
	e.lazyWant = append(e.lazyWant, want...)
	r := rand.New(rand.NewPCG(uint64(n), 7))
	for range 3 {
		b, err := e.relay.Next(ctx, "lazy", 1+r.IntN(7))
		if err != nil {
			e.t.Fatalf("step %d: lazy next: %v", n, err)
		}
		var have []string
		for _, d := range b.Deliveries {
			typ, data, err := contactkit.EncodeEvent(d.Event)
			if err != nil {
				e.t.Fatalf("encode: %v", err)
			}
			have = append(have, typ+" "+string(data))
		}
		if e.lazyPos >= 0 {
			end := min(len(e.lazyWant), e.lazyPos+len(have))
			if exp := e.lazyWant[e.lazyPos:end]; !slices.Equal(have, exp) {
				e.t.Errorf("step %d: the lazy consumer got%s", n, acc11Diff(strings.Join(have, "\n"), strings.Join(exp, "\n")))
			}
		}
		if len(b.Deliveries) == 0 || r.IntN(2) == 0 {
			continue // not acknowledged: read again next time
		}
		if err := e.relay.Ack(ctx, "lazy", b.Next); err != nil {
			e.t.Fatalf("ack: %v", err)
		}
		if e.lazyPos >= 0 {
			e.lazyPos += len(have)
		}
	}
	if e.lazyPos < 0 {
		// Catch up past the lost call's events, then follow again.
		for {
			b, err := e.relay.Next(ctx, "lazy", 100)
			if err != nil {
				e.t.Fatalf("lazy next: %v", err)
			}
			if len(b.Deliveries) == 0 {
				break
			}
			if err := e.relay.Ack(ctx, "lazy", b.Next); err != nil {
				e.t.Fatalf("ack: %v", err)
			}
		}
		e.lazyPos, e.lazyWant = 0, nil
	}
	if r.IntN(10) == 0 {
		if _, err := e.relay.Prune(ctx, time.Time{}); err != nil {
			e.t.Fatalf("prune: %v", err)
		}
	}
}

// run runs steps random steps of seed, failing some calls and running
// some twice.
func (e *m13Env) run(seed uint64, steps int) {
	r := rand.New(rand.NewPCG(seed, 13))
	defer func() {
		if e.t.Failed() {
			e.t.Logf("steps:\n%s", strings.Join(e.log, "\n"))
		}
	}()
	for n := range steps {
		e.gen.set(e.gen.Now().Add(time.Minute))
		st := e.step(r, n)
		e.log = append(e.log, fmt.Sprintf("%d %s", n, st.name))
		var first, err error // first: the error of a call failed on purpose
		if !st.noFault && r.IntN(5) == 0 {
			// All-or-nothing: a call failed at its k-th store call writes
			// nothing and emits nothing; the same call again then works.
			before := e.dump(e.t)
			e.st.arm(1+r.IntN(1+r.IntN(120)), false)
			err = st.call()
			failed := e.st.failed
			e.st.disarm()
			if errors.Is(err, errAcc11Injected) {
				if after := e.dump(e.t); after != before {
					e.t.Fatalf("seed %d step %d: %s failed at %s but left a trace:%s", seed, n, st.name, failed, acc11Diff(after, before))
				}
				e.drain(n, st.name)
				first, err = err, st.call()
			}
		} else if !st.noFault && r.IntN(6) == 0 {
			// A transaction run twice, the first attempt rolled back.
			e.st.arm(0, true)
			err = st.call()
			e.st.disarm()
		} else {
			err = st.call()
		}
		st.apply(err)
		if e.onStep != nil {
			e.onStep(n, st.name, first, err)
		}
		if e.t.Failed() {
			e.t.Fatalf("seed %d step %d: %s", seed, n, st.name)
		}
		e.drain(n, st.name)
		e.lost = false
		if errs := e.check(); len(errs) > 0 {
			e.t.Fatalf("seed %d step %d (%s): the Service disagrees with the model:\n  %s", seed, n, st.name, strings.Join(errs, "\n  "))
		}
	}
}

// TestAcceptance13ModelSequences runs the random sequences.
func TestAcceptance13ModelSequences(t *testing.T) {
	for seed := range uint64(*m13Seeds) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			e := newM13Env(t)
			e.run(seed, *m13Steps)
			if e.nEvents == 0 {
				t.Fatal("no event went through the outbox")
			}
		})
	}
}
