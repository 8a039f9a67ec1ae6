package contactkit_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// deals stand for the host's records that depend on a contact and move
// with a merge: Merge moves them to the survivor, noting the merge, and
// Unmerge moves back exactly those. They join contactkit's transactions
// through store.As and memstore's OnRollback.
type deals struct {
	mu      sync.Mutex
	byOwner map[contact.ID][]deal
	fail    error
}

type deal struct {
	Name  string
	Merge merge.ID // the merge that moved it, if any
	From  contact.ID
}

func (d *deals) of(c contact.ID) []deal {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.byOwner[c])
}

func (d *deals) add(c contact.ID, name string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.byOwner[c] = append(d.byOwner[c], deal{Name: name})
}

// change applies f to the whole map inside tx, undone on rollback.
func (d *deals) change(tx store.Tx, f func(m map[contact.ID][]deal)) error {
	if d.fail != nil {
		return d.fail
	}
	var mtx *memstore.Tx
	if !store.As(tx, &mtx) {
		return errors.New("deals: not a memstore transaction")
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	old := make(map[contact.ID][]deal, len(d.byOwner))
	for k, v := range d.byOwner {
		old[k] = slices.Clone(v)
	}
	f(d.byOwner)
	mtx.OnRollback(func() {
		d.mu.Lock()
		defer d.mu.Unlock()
		d.byOwner = old
	})
	return nil
}

func (d *deals) cascade() contactkit.Cascade {
	return contactkit.Cascade{
		Kind: "deal",
		Merge: func(_ context.Context, tx store.Tx, e contactkit.CascadeEvent) error {
			return d.change(tx, func(m map[contact.ID][]deal) {
				for _, x := range m[e.Contact] {
					x.Merge, x.From = e.Merge, e.Contact
					m[e.Into] = append(m[e.Into], x)
				}
				delete(m, e.Contact)
			})
		},
		Unmerge: func(_ context.Context, tx store.Tx, e contactkit.CascadeEvent) error {
			return d.change(tx, func(m map[contact.ID][]deal) {
				var keep []deal
				for _, x := range m[e.Into] {
					if x.Merge == e.Merge && x.From == e.Contact {
						m[e.Contact] = append(m[e.Contact], deal{Name: x.Name})
					} else {
						keep = append(keep, x)
					}
				}
				m[e.Into] = keep
				if len(keep) == 0 {
					delete(m, e.Into)
				}
			})
		},
	}
}

// merger is a harness with the host's deals registered.
type merger struct {
	*harness
	deals *deals
}

func newMerger(t *testing.T, s store.Store) *merger {
	t.Helper()
	m := &merger{harness: &harness{store: s, now: time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)}, deals: &deals{byOwner: map[contact.ID][]deal{}}}
	m.svc = contactkit.New(s, &contactkit.Options{
		Now:           func() time.Time { return m.now },
		DefaultRegion: "FR",
		Cascades:      []contactkit.Cascade{m.deals.cascade()},
		Subscribers: []contactkit.Subscriber{func(_ context.Context, e contactkit.Event) {
			m.mu.Lock()
			defer m.mu.Unlock()
			m.events = append(m.events, e)
		}},
	})
	return m
}

// state is everything contactkit and the host hold about some contacts,
// versions left out.
type state struct {
	Contacts    []contact.Contact
	Timeline    [][]activity.Activity
	Memberships [][]list.Membership
	Enrollments [][]automation.Enrollment
	Deals       [][]deal
	Consent     []list.Consent
}

func (m *merger) state(t *testing.T, ids ...contact.ID) state {
	t.Helper()
	ctx := t.Context()
	var s state
	require.NoError(t, m.store.View(ctx, func(tx store.Tx) error {
		s = state{}
		rs := tx.Records()
		for _, id := range ids {
			c, err := tx.Contacts().Get(ctx, owner.Workspace, id)
			if err != nil {
				return err
			}
			c.Version = 0
			s.Contacts = append(s.Contacts, c)
			var acts []activity.Activity
			for a, err := range store.Activities(rs).All(ctx, owner.Workspace, store.Query{Contact: id}) {
				if err != nil {
					return err
				}
				a.Version = 0
				acts = append(acts, a)
			}
			var ms []list.Membership
			for x, err := range store.Memberships(rs).All(ctx, owner.Workspace, store.Query{Contact: id}) {
				if err != nil {
					return err
				}
				x.Version = 0
				ms = append(ms, x)
			}
			var ens []automation.Enrollment
			for x, err := range store.Enrollments(rs).All(ctx, owner.Workspace, store.Query{Contact: id}) {
				if err != nil {
					return err
				}
				x.Version = 0
				ens = append(ens, x)
			}
			s.Timeline = append(s.Timeline, acts)
			s.Memberships = append(s.Memberships, ms)
			s.Enrollments = append(s.Enrollments, ens)
			s.Deals = append(s.Deals, m.deals.of(id))
		}
		for x, err := range store.Consent(rs).All(ctx, owner.Workspace, store.Query{}) {
			if err != nil {
				return err
			}
			x.Version = 0
			s.Consent = append(s.Consent, x)
		}
		return nil
	}))
	return s
}

// randomDuplicates creates n contacts that all match by email (subaddresses
// of one Gmail mailbox), with random fields, tags, lists, notes, tasks,
// enrollments, deals and unsubscribes.
func (m *merger) randomDuplicates(t *testing.T, r *rand.Rand, seed uint64, n int) []contact.ID {
	t.Helper()
	ctx := t.Context()
	lists := make([]list.List, 1+r.IntN(3))
	for i := range lists {
		var err error
		lists[i], err = m.svc.CreateList(ctx, owner, list.List{Name: fmt.Sprint("List ", i), DoubleOptIn: r.IntN(2) == 0})
		require.NoError(t, err)
	}
	autos := make([]automation.Automation, 1+r.IntN(2))
	for i := range autos {
		autos[i] = m.automation(t, automation.Automation{Name: fmt.Sprint("A", i), Steps: steps(1 + r.IntN(3)), Active: true, Reentry: automation.ReentryAllow})
	}
	pick := func(vs ...string) *string { return new(vs[r.IntN(len(vs))]) }
	var ids []contact.ID
	for i := range n {
		m.now = m.now.Add(time.Duration(1+r.IntN(100)) * time.Minute)
		p := contact.Patch{
			FirstName: pick("Ada", "", "Zoë"),
			LastName:  pick("Lovelace", "", "Byron"),
			Company:   pick("", "Engines", "Looms"),
			City:      pick("", "Paris", "Lyon"),
			JobTitle:  pick("", "Countess"),
			Email:     new(fmt.Sprintf("ada.s%d+%d@gmail.com", seed, i)),
		}
		if r.IntN(2) == 0 {
			p.Phone = new(fmt.Sprintf("+3361%d%06d", i, r.IntN(1000000)))
		}
		if r.IntN(3) == 0 {
			p.OtherEmails = &[]contact.LabeledInput{{Value: fmt.Sprintf("work%d-%d@example.com", seed, i), Label: "work"}}
		}
		c := m.create(t, owner, p, []string{"vip", "lead", "", "a, b"}[r.IntN(4)])
		ids = append(ids, c.ID)
		for range r.IntN(3) {
			m.now = m.now.Add(time.Minute)
			_, err := m.svc.AddNote(ctx, owner, c.ID, contactkit.NoteInput{Body: fmt.Sprint("note ", r.IntN(100)), Pinned: r.IntN(3) == 0})
			require.NoError(t, err)
		}
		for range r.IntN(3) {
			m.now = m.now.Add(time.Minute)
			task, err := m.svc.AddTask(ctx, owner, c.ID, contactkit.TaskInput{Title: fmt.Sprint("task ", r.IntN(100))})
			require.NoError(t, err)
			if r.IntN(2) == 0 {
				_, err = m.svc.CompleteTask(ctx, owner, task.ID)
				require.NoError(t, err)
			}
		}
		for _, l := range lists {
			if r.IntN(2) == 0 {
				_, err := m.svc.AddToList(ctx, owner, l.ID, c.ID)
				require.NoError(t, err)
				if r.IntN(3) == 0 {
					_, err = m.svc.UnsubscribeFromList(ctx, owner, l.ID, c.ID, "no more")
					require.NoError(t, err)
				}
			}
		}
		for _, au := range autos {
			if r.IntN(2) == 0 {
				_, err := m.svc.Enroll(ctx, owner, au.ID, c.ID, "")
				require.NoError(t, err)
			}
		}
		for range r.IntN(3) {
			m.deals.add(c.ID, fmt.Sprint("deal ", r.IntN(100)))
		}
		if r.IntN(3) == 0 {
			_, err := m.svc.Unsubscribe(ctx, owner, c.ID, list.ChannelEmail, "spam")
			require.NoError(t, err)
		}
		if r.IntN(5) == 0 {
			_, err := m.svc.BlockContact(ctx, owner, c.ID, "abuse")
			require.NoError(t, err)
		}
	}
	return ids
}

func (m *merger) merge(t *testing.T, a contactkit.Actor, primary contact.ID, others ...contact.ID) merge.Record {
	t.Helper()
	rec, err := m.tryMerge(t.Context(), a, contactkit.MergeRequest{Primary: primary, Others: others})
	require.NoError(t, err)
	return rec
}

// tryMerge previews the merge req and commits the preview, as a user
// confirming it does.
func (m *merger) tryMerge(ctx context.Context, a contactkit.Actor, req contactkit.MergeRequest) (merge.Record, error) {
	p, err := m.svc.PreviewMerge(ctx, a, req)
	if err != nil {
		return merge.Record{}, err
	}
	return m.svc.MergeContacts(ctx, a, p)
}

// TestUnmergeOfMergeRestoresEverything: for random contacts with random
// fields, tags, lists, notes, tasks, enrollments, consent and host records,
// unmerge(merge(x)) gives back x exactly, and the merge itself loses
// nothing.
func TestUnmergeOfMergeRestoresEverything(t *testing.T) {
	seeds := uint64(30)
	if testing.Short() {
		seeds = 8
	}
	for seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			m := newMerger(t, storetest.Retrying(memstore.New()))
			r := rand.New(rand.NewPCG(seed, 12))
			ids := m.randomDuplicates(t, r, seed, 2+r.IntN(3))
			before := m.state(t, ids...)

			m.now = m.now.Add(time.Hour)
			rec := m.merge(t, owner, ids[0], ids[1:]...)
			after := m.state(t, ids...)
			survivor := after.Contacts[0]
			assert.False(t, survivor.Trashed())
			notes, deals := 0, 0
			for i := range ids {
				notes += len(before.Timeline[i])
				deals += len(before.Deals[i])
				if i > 0 {
					assert.True(t, after.Contacts[i].Trashed(), "a merged-away contact is in the trash")
					assert.Empty(t, after.Timeline[i])
					assert.Empty(t, after.Memberships[i])
					assert.Empty(t, after.Enrollments[i])
					assert.Empty(t, after.Deals[i])
					for _, k := range before.Contacts[i].Keys() {
						assert.Contains(t, survivor.Keys(), k, "no address is lost")
					}
					for _, n := range before.Contacts[i].Tags {
						assert.True(t, survivor.Tags.Has(n), "no tag is lost")
					}
					got, err := m.svc.ResolveContact(t.Context(), owner, ids[i])
					require.NoError(t, err)
					assert.Equal(t, ids[0], got)
				}
			}
			assert.Len(t, after.Timeline[0], notes, "every note and task moves to the survivor")
			assert.Len(t, after.Deals[0], deals, "every host record moves to the survivor")
			assert.Equal(t, before.Consent, after.Consent, "the consent ledger is not touched")
			active := map[automation.ID]int{}
			for _, e := range after.Enrollments[0] {
				if e.Active() {
					active[e.Automation]++
				}
			}
			for au, n := range active {
				assert.Equal(t, 1, n, "one active enrollment per automation, %s", au)
			}
			assert.Equal(t, survivor.Blocked(), slices.ContainsFunc(before.Contacts, contact.Contact.Blocked), "blocked wins")

			m.now = m.now.Add(time.Hour)
			_, err := m.svc.UnmergeContacts(t.Context(), owner, rec.ID)
			require.NoError(t, err)
			assert.Equal(t, before, m.state(t, ids...), "unmerge gives back every input exactly")
			_, err = m.svc.UnmergeContacts(t.Context(), owner, rec.ID)
			require.NoError(t, err, "unmerge is idempotent")
			assert.Equal(t, before, m.state(t, ids...))
		})
	}
}

func TestMergeKeepsEveryUnsubscribe(t *testing.T) {
	for _, which := range []int{0, 1} {
		t.Run(fmt.Sprint("input", which), func(t *testing.T) {
			m := newMerger(t, memstore.New())
			ctx := t.Context()
			a := m.create(t, owner, contact.Patch{FirstName: new("Ada"), Email: new("ada@gmail.com"), Phone: new("+33612345678")})
			b := m.create(t, owner, contact.Patch{LastName: new("Lovelace"), Email: new("a.da+x@gmail.com"), Phone: new("+33781234567")})
			phones := []string{"+33612345678", "+33781234567"}
			_, err := m.svc.Unsubscribe(ctx, owner, []contact.ID{a.ID, b.ID}[which], list.ChannelSMS, "STOP")
			require.NoError(t, err)
			check := func(step string) {
				for i, ph := range phones {
					e, err := m.svc.AddressConsent(ctx, owner, list.ChannelSMS, ph)
					require.NoError(t, err)
					want := list.ConsentSubscribed
					if i == which {
						want = list.ConsentUnsubscribed
					}
					assert.Equal(t, want, e.Status, "%s: SMS consent of %s", step, ph)
				}
			}
			rec := m.merge(t, owner, a.ID, b.ID)
			check("after merge")
			entries, err := m.svc.Consent(ctx, owner, a.ID)
			require.NoError(t, err)
			unsub := 0
			for _, e := range entries {
				if e.Status == list.ConsentUnsubscribed {
					unsub++
				}
			}
			assert.Equal(t, 1, unsub, "the survivor's consent shows the unsubscribe of the address it took")
			_, err = m.svc.UnmergeContacts(ctx, owner, rec.ID)
			require.NoError(t, err)
			check("after unmerge")
		})
	}
}

func TestUnmergeKeepsEditsAndRefusesConflicts(t *testing.T) {
	ctx := t.Context()
	setup := func(t *testing.T) (*merger, contact.Contact, contact.Contact, merge.Record) {
		m := newMerger(t, memstore.New())
		a := m.create(t, owner, contact.Patch{FirstName: new("Ada"), Email: new("ada@gmail.com")})
		b := m.create(t, owner, contact.Patch{Company: new("Engines"), Email: new("ada+b@gmail.com")})
		return m, a, b, m.merge(t, owner, a.ID, b.ID)
	}
	t.Run("EditKept", func(t *testing.T) {
		m, a, b, rec := setup(t)
		_, err := m.svc.UpdateContact(ctx, owner, a.ID, contact.Patch{JobTitle: new("Countess")})
		require.NoError(t, err)
		_, err = m.svc.TagContact(ctx, owner, a.ID, "added-later")
		require.NoError(t, err)
		res, err := m.svc.UnmergeContacts(ctx, owner, rec.ID)
		require.NoError(t, err)
		assert.Equal(t, "Countess", res.Primary.JobTitle, "an edit the merge had not touched stays")
		assert.Equal(t, []string{"added-later"}, tagStrings(res.Primary.Tags), "what was added after the merge stays")
		assert.Empty(t, res.Primary.Company, "a field the merge filled goes back")
		got, err := m.svc.GetContact(ctx, owner, b.ID)
		require.NoError(t, err)
		assert.Equal(t, "Engines", got.Company)
		assert.False(t, got.Trashed())
	})
	t.Run("Conflicts", func(t *testing.T) {
		m, a, b, rec := setup(t)
		_, err := m.svc.UpdateContact(ctx, owner, a.ID, contact.Patch{Company: new("Looms"), OtherEmails: &[]contact.LabeledInput{}})
		require.NoError(t, err)
		thief := m.create(t, owner, contact.Patch{FirstName: new("Thief"), Email: new("ada+b@gmail.com")})
		before := m.state(t, a.ID, b.ID, thief.ID)
		_, err = m.svc.UnmergeContacts(ctx, owner, rec.ID)
		require.ErrorIs(t, err, contactkit.ErrConflict)
		ue, ok := errors.AsType[*contactkit.UnmergeError](err)
		require.True(t, ok, "an *UnmergeError: %v", err)
		var fields []string
		for _, c := range ue.Conflicts {
			fields = append(fields, c.Field)
		}
		assert.Contains(t, fields, contact.FieldCompany, "the field changed by the merge and edited since")
		assert.Contains(t, fields, contact.FieldEmail, "the address now held by another live contact")
		assert.Equal(t, before, m.state(t, a.ID, b.ID, thief.ID), "a refused unmerge changes nothing")
	})
	t.Run("MovedAgain", func(t *testing.T) {
		m, a, _, rec := setup(t)
		c := m.create(t, owner, contact.Patch{FirstName: new("Carol")})
		m.merge(t, owner, c.ID, a.ID)
		_, err := m.svc.UnmergeContacts(ctx, owner, rec.ID)
		require.ErrorIs(t, err, contactkit.ErrConflict)
	})
}

func TestDismissedPairIsNotSuggestedUntilANewSharedValue(t *testing.T) {
	m := newMerger(t, storetest.Retrying(memstore.New()))
	ctx := t.Context()
	a := m.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@gmail.com"), OtherEmails: &[]contact.LabeledInput{{Value: "ann@work.com", Label: "work"}}})
	b := m.create(t, owner, contact.Patch{FirstName: new("Anne"), Email: new("a.n.n+shop@gmail.com")})
	m.create(t, owner, contact.Patch{FirstName: new("Bob"), Email: new("bob@gmail.com")})
	groups := func() [][]contact.ID {
		var out [][]contact.ID
		for g, err := range m.svc.SuggestDuplicates(ctx, owner, nil) {
			require.NoError(t, err)
			out = append(out, g.Contacts)
		}
		return out
	}
	assert.Equal(t, [][]contact.ID{{a.ID, b.ID}}, groups())
	r, err := m.svc.FindDuplicates(ctx, owner, nil)
	require.NoError(t, err)
	assert.Equal(t, []merge.Reason{{Key: "email:ann@gmail.com", Contacts: []contact.ID{a.ID, b.ID}}}, r.Groups[0].Reasons)
	_, err = m.svc.DismissDuplicate(ctx, owner, b.ID, a.ID)
	require.NoError(t, err)
	assert.Empty(t, groups(), "a dismissed pair is not suggested again")
	_, err = m.svc.UpdateContact(ctx, owner, b.ID, contact.Patch{OtherEmails: &[]contact.LabeledInput{{Value: "ann+b@work.com", Label: "work"}}})
	require.NoError(t, err)
	assert.Equal(t, [][]contact.ID{{a.ID, b.ID}}, groups(), "a new shared value suggests the pair again")
}

func TestBlockedAndPlaceholderAreNotSuggested(t *testing.T) {
	m := newMerger(t, memstore.New())
	ctx := t.Context()
	a := m.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@gmail.com")})
	m.create(t, owner, contact.Patch{FirstName: new("Anne"), Email: new("an.n@gmail.com")})
	for i := range 4 {
		m.create(t, owner, contact.Patch{FirstName: new(fmt.Sprint("Tester ", i)), Email: new(fmt.Sprintf("test+%d@test.com", i))})
	}
	_, err := m.svc.BlockContact(ctx, owner, a.ID, "spam")
	require.NoError(t, err)
	r, err := m.svc.FindDuplicates(ctx, owner, &contactkit.DuplicateOptions{Limit: 3})
	require.NoError(t, err)
	assert.Empty(t, r.Groups, "a blocked contact is never suggested; a placeholder joins nobody")
	require.Len(t, r.Placeholders, 1)
	assert.Equal(t, "email:test@test.com", r.Placeholders[0].Key)
	assert.Len(t, r.Placeholders[0].Contacts, 4)
}

func TestMergeHistoryIsForOwnersAndManagers(t *testing.T) {
	m := newMerger(t, memstore.New())
	ctx := t.Context()
	a := m.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@gmail.com")})
	b := m.create(t, owner, contact.Patch{FirstName: new("Anne"), Email: new("an.n@gmail.com")})
	rec := m.merge(t, agent, a.ID, b.ID)
	for _, err := range m.svc.MergeHistory(ctx, agent, a.ID) {
		require.ErrorIs(t, err, contactkit.ErrPermission)
	}
	_, err := m.svc.GetMerge(ctx, agent, rec.ID)
	require.ErrorIs(t, err, contactkit.ErrPermission)
	_, err = m.svc.UnmergeContacts(ctx, agent, rec.ID)
	require.ErrorIs(t, err, contactkit.ErrPermission)
	var got []merge.ID
	for r, err := range m.svc.MergeHistory(ctx, owner, a.ID) {
		require.NoError(t, err)
		got = append(got, r.ID)
		assert.Len(t, r.Inputs, 2)
	}
	assert.Equal(t, []merge.ID{rec.ID}, got)
}

func TestFailingHostHandlerRollsBackTheMerge(t *testing.T) {
	m := newMerger(t, memstore.New())
	ctx := t.Context()
	a := m.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@gmail.com")})
	b := m.create(t, owner, contact.Patch{FirstName: new("Anne"), Email: new("an.n@gmail.com")})
	_, err := m.svc.AddNote(ctx, owner, b.ID, contactkit.NoteInput{Body: "hello"})
	require.NoError(t, err)
	m.deals.add(b.ID, "big deal")
	before := m.state(t, a.ID, b.ID)
	p, err := m.svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: a.ID, Others: []contact.ID{b.ID}})
	require.NoError(t, err)
	boom := errors.New("deals are down")
	m.deals.fail = boom
	_, err = m.svc.MergeContacts(ctx, owner, p)
	require.ErrorIs(t, err, boom)
	_, ok := errors.AsType[*contactkit.CascadeError](err)
	assert.True(t, ok)
	m.deals.fail = nil
	assert.Equal(t, before, m.state(t, a.ID, b.ID), "nothing of the merge is left")
	for range m.svc.MergeHistory(ctx, owner, contact.ID{}) {
		t.Error("no merge record is left")
	}
}

func TestMergeRefusals(t *testing.T) {
	m := newMerger(t, memstore.New())
	ctx := t.Context()
	a := m.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@gmail.com")})
	b := m.create(t, owner, contact.Patch{FirstName: new("Anne"), Email: new("an.n@gmail.com")})
	c := m.create(t, owner, contact.Patch{FirstName: new("Carl")})
	foreign := m.create(t, other, contact.Patch{FirstName: new("Foreign")})
	trashed := m.create(t, owner, contact.Patch{FirstName: new("Gone")})
	_, err := m.svc.DeleteContact(ctx, owner, trashed.ID)
	require.NoError(t, err)
	preview := func(primary contact.ID, others ...contact.ID) error {
		_, err := m.svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: primary, Others: others})
		return err
	}
	assert.ErrorIs(t, preview(a.ID, a.ID), merge.ErrSelf)
	assert.ErrorIs(t, preview(a.ID, b.ID, b.ID), merge.ErrTwice)
	assert.ErrorIs(t, preview(a.ID), merge.ErrNoOthers)
	assert.ErrorIs(t, preview(a.ID, foreign.ID), contactkit.ErrNotFound, "another workspace's contact is not found")
	assert.ErrorIs(t, preview(a.ID, trashed.ID), contactkit.ErrTrashed)

	// A preview is committed exactly, or not at all.
	p, err := m.svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: a.ID, Others: []contact.ID{b.ID}})
	require.NoError(t, err)
	_, err = m.svc.UpdateContact(ctx, owner, b.ID, contact.Patch{City: new("Paris")})
	require.NoError(t, err)
	_, err = m.svc.MergeContacts(ctx, owner, p)
	require.ErrorIs(t, err, contactkit.ErrConflict, "the contacts changed since the preview")

	m.merge(t, owner, a.ID, b.ID)
	assert.ErrorIs(t, preview(c.ID, b.ID), contactkit.ErrMerged)
	_, err = m.svc.RestoreContact(ctx, owner, b.ID)
	assert.ErrorIs(t, err, contactkit.ErrMerged, "a merged-away contact is not restored from the trash")

	// Chains collapse.
	m.merge(t, owner, c.ID, a.ID)
	got, err := m.svc.ResolveContact(ctx, owner, b.ID)
	require.NoError(t, err)
	assert.Equal(t, c.ID, got)
}

func TestMergeEvents(t *testing.T) {
	m := newMerger(t, memstore.New())
	a := m.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@gmail.com")})
	b := m.create(t, owner, contact.Patch{City: new("Paris"), Email: new("an.n@gmail.com")})
	m.takeEvents()
	rec := m.merge(t, owner, a.ID, b.ID)
	events := m.takeEvents()
	require.NotEmpty(t, events)
	merged, ok := events[len(events)-1].(contactkit.ContactsMerged)
	require.True(t, ok, "ContactsMerged comes last: %v", eventTypes(events))
	assert.Equal(t, a.ID, merged.Contact)
	assert.Equal(t, []contact.ID{b.ID}, merged.Others)
	assert.Equal(t, "Paris", merged.Snapshot.City)
	var sources []contact.ChangeSource
	for c, err := range m.svc.History(t.Context(), owner, a.ID, contact.FieldCity) {
		require.NoError(t, err)
		sources = append(sources, c.Source)
	}
	assert.Equal(t, []contact.ChangeSource{contact.ChangeMerge}, sources, "the survivor's history records the merge as the source")
	_, err := m.svc.UnmergeContacts(t.Context(), owner, rec.ID)
	require.NoError(t, err)
	events = m.takeEvents()
	_, ok = events[len(events)-1].(contactkit.ContactsUnmerged)
	assert.True(t, ok, "ContactsUnmerged: %v", eventTypes(events))
}

func TestMergeEndsTheSecondActiveEnrollment(t *testing.T) {
	m := newMerger(t, memstore.New())
	ctx := t.Context()
	au := m.automation(t, automation.Automation{Name: "Welcome", Steps: steps(2), Active: true, Reentry: automation.ReentryAllow})
	a := m.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@gmail.com")})
	b := m.create(t, owner, contact.Patch{FirstName: new("Anne"), Email: new("an.n@gmail.com")})
	ea, err := m.svc.Enroll(ctx, owner, au.ID, a.ID, "")
	require.NoError(t, err)
	eb, err := m.svc.Enroll(ctx, owner, au.ID, b.ID, "")
	require.NoError(t, err)
	m.merge(t, owner, a.ID, b.ID)
	gotA, err := m.svc.GetEnrollment(ctx, owner, ea.ID)
	require.NoError(t, err)
	gotB, err := m.svc.GetEnrollment(ctx, owner, eb.ID)
	require.NoError(t, err)
	assert.True(t, gotA.Active(), "the primary's enrollment stays")
	assert.False(t, gotB.Active(), "the other ends")
	assert.Equal(t, a.ID, gotB.Contact)
	assert.Equal(t, contactkit.ReasonMerged, gotB.StopReason)
}

// faulty is a Store whose transactions fail at the n-th call of a
// Contacts, Records or History method (counting from 1), and never when n
// is 0.
type faulty struct {
	store.Store
	n     int64
	calls atomic.Int64
}

var errFault = errors.New("injected fault")

func (f *faulty) hit() error {
	if f.n > 0 && f.calls.Add(1) == f.n {
		return errFault
	}
	return nil
}

func (f *faulty) Update(ctx context.Context, fn func(store.Tx) error) error {
	return f.Store.Update(ctx, func(tx store.Tx) error { return fn(faultyTx{tx, f}) })
}

func (f *faulty) View(ctx context.Context, fn func(store.Tx) error) error {
	return f.Store.View(ctx, func(tx store.Tx) error { return fn(faultyTx{tx, f}) })
}

type faultyTx struct {
	store.Tx
	f *faulty
}

func (t faultyTx) Unwrap() store.Tx         { return t.Tx }
func (t faultyTx) Contacts() store.Contacts { return faultyContacts{t.Tx.Contacts(), t.f} }
func (t faultyTx) Records() store.Records   { return faultyRecords{t.Tx.Records(), t.f} }
func (t faultyTx) History() store.History   { return faultyHistory{t.Tx.History(), t.f} }

type faultyContacts struct {
	store.Contacts
	f *faulty
}

func (c faultyContacts) Get(ctx context.Context, ws contact.WorkspaceID, id contact.ID) (contact.Contact, error) {
	if err := c.f.hit(); err != nil {
		return contact.Contact{}, err
	}
	return c.Contacts.Get(ctx, ws, id)
}

func (c faultyContacts) Create(ctx context.Context, x *contact.Contact) error {
	if err := c.f.hit(); err != nil {
		return err
	}
	return c.Contacts.Create(ctx, x)
}

func (c faultyContacts) Update(ctx context.Context, x *contact.Contact) error {
	if err := c.f.hit(); err != nil {
		return err
	}
	return c.Contacts.Update(ctx, x)
}

func (c faultyContacts) Delete(ctx context.Context, ws contact.WorkspaceID, id contact.ID, v int64) error {
	if err := c.f.hit(); err != nil {
		return err
	}
	return c.Contacts.Delete(ctx, ws, id, v)
}

func (c faultyContacts) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	if err := c.f.hit(); err != nil {
		return store.Page[contact.Contact]{}, err
	}
	return c.Contacts.List(ctx, ws, q, p)
}

type faultyRecords struct {
	store.Records
	f *faulty
}

func (r faultyRecords) Get(ctx context.Context, ws contact.WorkspaceID, k store.Kind, id string) (store.Record, error) {
	if err := r.f.hit(); err != nil {
		return store.Record{}, err
	}
	return r.Records.Get(ctx, ws, k, id)
}

func (r faultyRecords) Put(ctx context.Context, ws contact.WorkspaceID, k store.Kind, x *store.Record) error {
	if err := r.f.hit(); err != nil {
		return err
	}
	return r.Records.Put(ctx, ws, k, x)
}

func (r faultyRecords) Delete(ctx context.Context, ws contact.WorkspaceID, k store.Kind, id string, v int64) error {
	if err := r.f.hit(); err != nil {
		return err
	}
	return r.Records.Delete(ctx, ws, k, id, v)
}

func (r faultyRecords) List(ctx context.Context, ws contact.WorkspaceID, k store.Kind, q store.Query, p store.PageRequest) (store.Page[store.Record], error) {
	if err := r.f.hit(); err != nil {
		return store.Page[store.Record]{}, err
	}
	return r.Records.List(ctx, ws, k, q, p)
}

type faultyHistory struct {
	store.History
	f *faulty
}

func (h faultyHistory) Append(ctx context.Context, ws contact.WorkspaceID, cs ...contact.Change) error {
	if err := h.f.hit(); err != nil {
		return err
	}
	return h.History.Append(ctx, ws, cs...)
}

func (h faultyHistory) List(ctx context.Context, ws contact.WorkspaceID, id contact.ID, f string, p store.PageRequest) (store.Page[contact.Change], error) {
	if err := h.f.hit(); err != nil {
		return store.Page[contact.Change]{}, err
	}
	return h.History.List(ctx, ws, id, f, p)
}

func (h faultyHistory) Delete(ctx context.Context, ws contact.WorkspaceID, id contact.ID) error {
	if err := h.f.hit(); err != nil {
		return err
	}
	return h.History.Delete(ctx, ws, id)
}

// TestMergeAndUnmergeFailAtEveryStoreCall: a failure at any store call of
// a merge or an unmerge leaves no partial state.
func TestMergeAndUnmergeFailAtEveryStoreCall(t *testing.T) {
	f := &faulty{Store: memstore.New()}
	m := newMerger(t, f)
	r := rand.New(rand.NewPCG(3, 4))
	ids := m.randomDuplicates(t, r, 3, 3)
	before := m.state(t, ids...)
	p, err := m.svc.PreviewMerge(t.Context(), owner, contactkit.MergeRequest{Primary: ids[0], Others: ids[1:]})
	require.NoError(t, err)
	var rec merge.Record
	for n := int64(1); ; n++ {
		f.n = n
		f.calls.Store(0)
		rec, err = m.svc.MergeContacts(t.Context(), owner, p)
		f.n = 0
		if err == nil {
			t.Logf("merge: %d store calls", n-1)
			break
		}
		require.ErrorIs(t, err, errFault, "merge failing at call %d", n)
		require.Equal(t, before, m.state(t, ids...), "merge failing at call %d left a partial state", n)
		require.Less(t, n, int64(10000))
	}
	merged := m.state(t, ids...)
	for n := int64(1); ; n++ {
		f.n = n
		f.calls.Store(0)
		_, err = m.svc.UnmergeContacts(t.Context(), owner, rec.ID)
		f.n = 0
		if err == nil {
			t.Logf("unmerge: %d store calls", n-1)
			break
		}
		require.ErrorIs(t, err, errFault, "unmerge failing at call %d", n)
		require.Equal(t, merged, m.state(t, ids...), "unmerge failing at call %d left a partial state", n)
		require.Less(t, n, int64(10000))
	}
	assert.Equal(t, before, m.state(t, ids...))
}

// BenchmarkMergeContacts merges two contacts with 1,000 notes and tasks
// each through the Service on memstore, and undoes it; the setup is not
// timed.
func BenchmarkMergeContacts(b *testing.B) {
	ctx := b.Context()
	for b.Loop() {
		b.StopTimer()
		m := &merger{harness: &harness{store: memstore.New(), now: time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)}, deals: &deals{byOwner: map[contact.ID][]deal{}}}
		m.svc = contactkit.New(m.store, &contactkit.Options{Now: func() time.Time { return m.now }, DefaultRegion: "FR"})
		var ids []contact.ID
		for i := range 2 {
			c, err := m.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new(fmt.Sprintf("ada+%d@gmail.com", i))}})
			if err != nil {
				b.Fatal(err)
			}
			ids = append(ids, c.ID)
			for j := range 1000 {
				if j%2 == 0 {
					_, err = m.svc.AddNote(ctx, owner, c.ID, contactkit.NoteInput{Body: fmt.Sprint("note ", j)})
				} else {
					_, err = m.svc.AddTask(ctx, owner, c.ID, contactkit.TaskInput{Title: fmt.Sprint("task ", j)})
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		}
		b.StartTimer()
		p, err := m.svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: ids[0], Others: ids[1:]})
		if err != nil {
			b.Fatal(err)
		}
		rec, err := m.svc.MergeContacts(ctx, owner, p)
		if err != nil {
			b.Fatal(err)
		}
		if len(rec.Moves) != 1000 {
			b.Fatalf("%d moves, want 1000", len(rec.Moves))
		}
		if _, err := m.svc.UnmergeContacts(ctx, owner, rec.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// TestUnmergeAfterThePurge: unmerge works any time, even after the
// merged-away contact was purged from the trash: it comes back from its
// snapshot.
func TestUnmergeAfterThePurge(t *testing.T) {
	m := newMerger(t, storetest.Retrying(memstore.New()))
	r := rand.New(rand.NewPCG(9, 9))
	ids := m.randomDuplicates(t, r, 9, 2)
	before := m.state(t, ids...)
	rec := m.merge(t, owner, ids[0], ids[1])
	m.now = m.now.Add(contactkit.DefaultRestoreWindow + time.Hour)
	n, err := m.svc.PurgeTrash(t.Context(), owner)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	got, err := m.svc.ResolveContact(t.Context(), owner, ids[1])
	require.NoError(t, err)
	assert.Equal(t, ids[0], got, "a purged merged-away ID still resolves")
	_, err = m.svc.UnmergeContacts(t.Context(), owner, rec.ID)
	require.NoError(t, err)
	assert.Equal(t, before, m.state(t, ids...))
}

// TestEraseRemovesMergeRecords: erasing a survivor erases the merge records
// that hold snapshots of it.
func TestEraseRemovesMergeRecords(t *testing.T) {
	m := newMerger(t, memstore.New())
	a := m.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@gmail.com")})
	b := m.create(t, owner, contact.Patch{FirstName: new("Anne"), Email: new("an.n@gmail.com")})
	m.merge(t, owner, a.ID, b.ID)
	require.NoError(t, m.svc.EraseContact(t.Context(), owner, a.ID))
	for r, err := range m.svc.MergeHistory(t.Context(), owner, contact.ID{}) {
		require.NoError(t, err)
		t.Errorf("merge record %s is left after the erasure of its survivor", r.ID)
	}
}

// TestUnmergePromotesASecondaryAddressKept: undoing the first of two
// merges into one survivor gives it back its own empty email and phone,
// but keeps those the second merge brought as secondary ones: the first of
// each becomes the primary (no secondary without a primary), and it is
// still found and still taken.
func TestUnmergePromotesASecondaryAddressKept(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	x := h.create(t, owner, contact.Patch{FirstName: new("Ann")})
	y := h.create(t, owner, contact.Patch{FirstName: new("Bob"), Email: new("b@example.com"), Phone: new("+33612345601")})
	z := h.create(t, owner, contact.Patch{FirstName: new("Cid"), Email: new("c@example.com"), Phone: new("+33612345602")})
	merge := func(other contact.ID) merge.Record {
		p, err := h.svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: x.ID, Others: []contact.ID{other}})
		require.NoError(t, err)
		r, err := h.svc.MergeContacts(ctx, owner, p)
		require.NoError(t, err)
		return r
	}
	first := merge(y.ID)
	merge(z.ID)
	res, err := h.svc.UnmergeContacts(ctx, owner, first.ID)
	require.NoError(t, err)
	got := res.Primary
	require.NoError(t, got.Validate(nil))
	assert.Equal(t, "c@example.com", got.Email.String())
	assert.Equal(t, "+33612345602", got.Phone.String())
	assert.Empty(t, got.OtherEmails)
	assert.Empty(t, got.OtherPhones)
	found, err := h.svc.ContactByEmail(ctx, owner, "c@example.com")
	require.NoError(t, err)
	assert.Equal(t, x.ID, found.ID)
	_, err = h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Dan"), Phone: new("+33612345602")}})
	assert.ErrorIs(t, err, contactkit.ErrAlreadyExists)
}

// TestUnmergeInEveryOrderDerivesTheCreationDate: two or three contacts
// merged one after the other into one survivor, the merges undone in every
// order (M4, RuleOldest). A creation date a later merge derived is no
// edit: every unmerge goes through, the survivor's creation date is then
// the oldest of its own and those of the contacts still merged into it,
// and each contact comes back with its own.
func TestUnmergeInEveryOrderDerivesTheCreationDate(t *testing.T) {
	for _, tc := range []struct {
		name string
		// survivor, then the others in the order they are merged: days
		// after the first day of the test.
		created []int
	}{
		{"two, each older", []int{9, 5, 1}},
		{"two, the first older", []int{9, 1, 5}},
		{"two, the second younger than the survivor", []int{5, 1, 9}},
		{"two, both younger than the survivor", []int{1, 5, 9}},
		{"three, each older", []int{9, 7, 4, 1}},
		{"three, the middle oldest", []int{9, 4, 1, 7}},
		{"three, the first oldest", []int{9, 1, 7, 4}},
		{"three, one younger than the survivor", []int{6, 9, 1, 4}},
	} {
		for _, order := range permutations(len(tc.created) - 1) {
			t.Run(fmt.Sprintf("%s/undo %v", tc.name, order), func(t *testing.T) {
				ctx := t.Context()
				svc, clk := acc3Service(t, nil)
				day0 := clk.now
				cs := make([]contact.Contact, len(tc.created))
				for i, d := range tc.created {
					clk.now = day0.Add(time.Duration(d) * 24 * time.Hour)
					cs[i] = acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(fmt.Sprint("C", i)), Email: new(fmt.Sprintf("c%d@example.com", i))}})
				}
				clk.now = day0.Add(30 * 24 * time.Hour)
				recs := make([]merge.Record, len(cs)-1)
				for i := range recs {
					recs[i] = acc3Merge(t, svc, cs[0].ID, cs[i+1].ID)
				}
				merged := map[int]bool{}
				for i := range recs {
					merged[i] = true
				}
				for _, i := range order {
					res, err := svc.UnmergeContacts(ctx, acc3Owner, recs[i].ID)
					require.NoError(t, err, "undo merge %d: nobody edited the survivor's creation date", i)
					delete(merged, i)
					want := cs[0].CreatedAt
					for j := range merged {
						if c := cs[j+1].CreatedAt; c.Before(want) {
							want = c
						}
					}
					assert.Equal(t, want, acc3Get(t, svc, cs[0].ID).CreatedAt, "the survivor after undoing merge %d: the oldest of it and the contacts still merged", i)
					assert.Equal(t, want, res.Primary.CreatedAt)
					assert.Equal(t, cs[i+1].CreatedAt, acc3Get(t, svc, cs[i+1].ID).CreatedAt, "contact %d comes back with its own", i+1)
				}
			})
		}
	}
}

// TestUnmergeAfterAnErasureKeepsTheCreationDateItsMergeGave: Xavi merged
// into Sam gave him his older creation date; Bob, merged in after, an
// older one still. Erasing Xavi removes the record of his merge: Sam keeps
// what it gave him (D3), so undoing Bob's merge gives Sam Xavi's date, not
// his own.
func TestUnmergeAfterAnErasureKeepsTheCreationDateItsMergeGave(t *testing.T) {
	ctx := t.Context()
	svc, clk := acc3Service(t, nil)
	day0 := clk.now
	create := func(day int, name string) contact.Contact {
		clk.now = day0.Add(time.Duration(day) * 24 * time.Hour)
		return acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(name), Email: new(name + "@example.com")}})
	}
	sam, xavi, bob := create(9, "sam"), create(5, "xavi"), create(1, "bob")
	clk.now = day0.Add(30 * 24 * time.Hour)
	acc3Merge(t, svc, sam.ID, xavi.ID)
	second := acc3Merge(t, svc, sam.ID, bob.ID)
	require.NoError(t, svc.EraseContact(ctx, acc3Owner, xavi.ID))
	_, err := svc.UnmergeContacts(ctx, acc3Owner, second.ID)
	require.NoError(t, err)
	assert.Equal(t, xavi.CreatedAt, acc3Get(t, svc, sam.ID).CreatedAt, "what the erased Xavi's merge gave Sam stays his")
}

// permutations returns every order of 0, …, n-1.
func permutations(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for i := range n {
			out = append(out, slices.Insert(slices.Clone(p), i, n-1))
		}
	}
	return out
}
