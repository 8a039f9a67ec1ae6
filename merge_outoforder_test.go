package contactkit_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
)

// M4 (found, not fixed): undoing a merge while a later merge into the same
// survivor stands takes from the survivor what both merges gave it. Bob
// and Cid, both blocked, tagged "vip", of Acme and members of News, are
// merged into Ada one after the other; undoing Bob's merge leaves Ada with
// nothing of Cid's that Bob had given her first: she is active, untagged,
// of no company and no member. The unmerge compares each field with what
// the undone merge wrote (unchanged since: back to the snapshot), and the
// later merge changed nothing there, as Ada held the same values already.
// Ada should come back as if Bob's merge had never been made: with what
// Cid's merge gives her.
func TestMergeUndoneOutOfOrderKeepsWhatALaterMergeGave(t *testing.T) {
	ctx := context.Background()
	svc, _ := acc3Service(t, nil)
	news, err := svc.CreateList(ctx, acc3Owner, list.List{Name: "News"})
	require.NoError(t, err)
	ada := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")}})
	other := func(name, email string) contact.Contact {
		c := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(name), Email: new(email), Company: new("Acme")},
			Tags: []string{"vip"}, Lists: []list.ID{news.ID}})
		_, err := svc.BlockContact(ctx, acc3Owner, c.ID, "spam")
		require.NoError(t, err)
		return c
	}
	bob, cid := other("Bob", "bob@example.com"), other("Cid", "cid@example.com")
	first := acc3Merge(t, svc, ada.ID, bob.ID)
	acc3Merge(t, svc, ada.ID, cid.ID)
	_, err = svc.UnmergeContacts(ctx, acc3Owner, first.ID)
	require.NoError(t, err)

	got := acc3Get(t, svc, ada.ID)
	require.Equal(t, contact.StatusBlocked, got.Status)
	require.Len(t, got.Tags, 1)
	require.Equal(t, "Acme", got.Company)
	var lists []list.ID
	for m, err := range svc.Memberships(ctx, acc3Owner, contactkit.MembershipQuery{Contact: ada.ID}) {
		require.NoError(t, err)
		lists = append(lists, m.List)
	}
	require.Equal(t, []list.ID{news.ID}, lists)
}

// oooState is what the out-of-order tests compare of contact id: its
// status, company, job title, tags, addresses and memberships.
func oooState(t *testing.T, svc *contactkit.Service, id contact.ID) string {
	t.Helper()
	c := acc3Get(t, svc, id)
	var tags []string
	for _, n := range c.Tags {
		tags = append(tags, n.Key())
	}
	slices.Sort(tags)
	emails := []string{c.Email.String()}
	for _, e := range c.OtherEmails {
		emails = append(emails, e.Email.String())
	}
	var lists []string
	for m, err := range svc.Memberships(t.Context(), acc3Owner, contactkit.MembershipQuery{Contact: id}) {
		require.NoError(t, err)
		lists = append(lists, m.List.String()+"="+string(m.Status))
	}
	slices.Sort(lists)
	return fmt.Sprintf("status=%s company=%q job=%q tags=%v emails=%v lists=%v", c.Status, c.Company, c.JobTitle, tags, emails, lists)
}

// oooSpec is a contact of the out-of-order tests: its name (and address),
// company (blank: none), tags, membership of list (zero: none;
// unsubscribed from it when unsub), blocked or not.
type oooSpec struct {
	name, company string
	tags          []string
	list          list.ID
	unsub         bool
	blocked       bool
}

// oooCreate creates the contact s says.
func oooCreate(t *testing.T, svc *contactkit.Service, s oooSpec) contact.Contact {
	t.Helper()
	ctx := t.Context()
	in := contactkit.ContactInput{Patch: contact.Patch{FirstName: new(s.name), Email: new(strings.ToLower(s.name) + "@example.com")}, Tags: s.tags}
	if s.company != "" {
		in.Company = new(s.company)
	}
	if !s.list.IsZero() {
		in.Lists = []list.ID{s.list}
	}
	c := acc3Create(t, svc, in)
	if s.unsub {
		_, err := svc.UnsubscribeFromList(ctx, acc3Owner, s.list, c.ID, "not for me")
		require.NoError(t, err)
	}
	if s.blocked {
		_, err := svc.BlockContact(ctx, acc3Owner, c.ID, "spam")
		require.NoError(t, err)
	}
	return c
}

// oooAcme returns a Service with Ada and, for each name, a contact of
// Acme, tagged vip, a member of News and blocked (Bob and Cid of the first
// test), in that order.
func oooAcme(t *testing.T, names ...string) (*contactkit.Service, contact.Contact, []contact.Contact) {
	t.Helper()
	svc, _ := acc3Service(t, nil)
	news, err := svc.CreateList(t.Context(), acc3Owner, list.List{Name: "News"})
	require.NoError(t, err)
	ada := oooCreate(t, svc, oooSpec{name: "Ada"})
	var others []contact.Contact
	for _, n := range names {
		others = append(others, oooCreate(t, svc, oooSpec{name: n, company: "Acme", tags: []string{"vip"}, list: news.ID, blocked: true}))
	}
	return svc, ada, others
}

// M4: three merges into Ada (Bob, then Cid, then Dan), the middle one
// undone first, then the first (out of order again), then the last. Each
// undo leaves Ada as if the merge undone had never been made while the
// others stand: undoing Cid's takes his block and nothing Bob or Dan gave
// her; undoing Bob's then gives her the membership of News that Dan's
// merge would have moved (Dan's, unsubscribed), his tag, no company. Once
// all are undone, every contact is as it was.
func TestMergeUndoneInTheMiddleOfThreeKeepsWhatTheOthersGave(t *testing.T) {
	ctx := t.Context()
	svc, _ := acc3Service(t, nil)
	news, err := svc.CreateList(ctx, acc3Owner, list.List{Name: "News"})
	require.NoError(t, err)
	ada := oooCreate(t, svc, oooSpec{name: "Ada"})
	bob := oooCreate(t, svc, oooSpec{name: "Bob", company: "Acme", tags: []string{"vip"}, list: news.ID})
	cid := oooCreate(t, svc, oooSpec{name: "Cid", company: "Initech", tags: []string{"vip"}, list: news.ID, blocked: true})
	dan := oooCreate(t, svc, oooSpec{name: "Dan", tags: []string{"gold"}, list: news.ID, unsub: true})
	before := map[contact.ID]string{}
	for _, c := range []contact.Contact{ada, bob, cid, dan} {
		before[c.ID] = oooState(t, svc, c.ID)
	}
	m1 := acc3Merge(t, svc, ada.ID, bob.ID)
	m2 := acc3Merge(t, svc, ada.ID, cid.ID)
	m3 := acc3Merge(t, svc, ada.ID, dan.ID)
	require.Contains(t, oooState(t, svc, ada.ID), "status=blocked company=\"Acme\"")

	_, err = svc.UnmergeContacts(ctx, acc3Owner, m2.ID)
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprintf("status=active company=\"Acme\" job=\"\" tags=[gold vip] emails=[ada@example.com bob@example.com dan@example.com] lists=[%s=unsubscribed]", news.ID),
		oooState(t, svc, ada.ID), "Bob's and Dan's merges stand")
	assert.Equal(t, before[cid.ID], oooState(t, svc, cid.ID))

	_, err = svc.UnmergeContacts(ctx, acc3Owner, m1.ID)
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprintf("status=active company=\"\" job=\"\" tags=[gold] emails=[ada@example.com dan@example.com] lists=[%s=unsubscribed]", news.ID),
		oooState(t, svc, ada.ID), "Dan's merge stands: his membership, his tag")
	assert.Equal(t, before[bob.ID], oooState(t, svc, bob.ID))
	rec, err := svc.GetMerge(ctx, acc3Owner, m3.ID)
	require.NoError(t, err)
	assert.Equal(t, []merge.ID{m2.ID, m1.ID}, rec.Rebased, "Dan's merge, rebased without each")

	_, err = svc.UnmergeContacts(ctx, acc3Owner, m3.ID)
	require.NoError(t, err)
	for _, c := range []contact.Contact{ada, bob, cid, dan} {
		assert.Equal(t, before[c.ID], oooState(t, svc, c.ID), "%s once every merge is undone", c.FirstName)
	}
}

// M4: a later merge that gave Ada nothing (Eve has no company, tag,
// membership, block) does not keep what the first gave her.
func TestMergeUndoneOutOfOrderBeforeAMergeThatGaveNothing(t *testing.T) {
	ctx := t.Context()
	svc, ada, others := oooAcme(t, "Bob")
	bob := others[0]
	eve := oooCreate(t, svc, oooSpec{name: "Eve"})
	before := map[contact.ID]string{}
	for _, c := range []contact.Contact{ada, bob, eve} {
		before[c.ID] = oooState(t, svc, c.ID)
	}
	m1 := acc3Merge(t, svc, ada.ID, bob.ID)
	m2 := acc3Merge(t, svc, ada.ID, eve.ID)

	res, err := svc.UnmergeContacts(ctx, acc3Owner, m1.ID)
	require.NoError(t, err)
	assert.Empty(t, res.Kept, "nobody edited Ada")
	assert.Equal(t, `status=active company="" job="" tags=[] emails=[ada@example.com eve@example.com] lists=[]`, oooState(t, svc, ada.ID))
	assert.Equal(t, before[bob.ID], oooState(t, svc, bob.ID))
	_, err = svc.UnmergeContacts(ctx, acc3Owner, m2.ID)
	require.NoError(t, err)
	for _, c := range []contact.Contact{ada, bob, eve} {
		assert.Equal(t, before[c.ID], oooState(t, svc, c.ID), c.FirstName)
	}
}

// M4: the merges of the first test undone in order, the later first: each
// undo gives back what it took, as before the out-of-order fix.
func TestMergeUndoneInOrderGivesEveryoneBack(t *testing.T) {
	ctx := t.Context()
	svc, ada, others := oooAcme(t, "Bob", "Cid")
	bob, cid := others[0], others[1]
	before := map[contact.ID]string{}
	for _, c := range []contact.Contact{ada, bob, cid} {
		before[c.ID] = oooState(t, svc, c.ID)
	}
	m1 := acc3Merge(t, svc, ada.ID, bob.ID)
	afterFirst := oooState(t, svc, ada.ID)
	m2 := acc3Merge(t, svc, ada.ID, cid.ID)

	_, err := svc.UnmergeContacts(ctx, acc3Owner, m2.ID)
	require.NoError(t, err)
	assert.Equal(t, afterFirst, oooState(t, svc, ada.ID), "Bob's merge stands")
	assert.Equal(t, before[cid.ID], oooState(t, svc, cid.ID))
	rec, err := svc.GetMerge(ctx, acc3Owner, m1.ID)
	require.NoError(t, err)
	assert.Empty(t, rec.Rebased, "no merge before Bob's was undone")
	_, err = svc.UnmergeContacts(ctx, acc3Owner, m1.ID)
	require.NoError(t, err)
	for _, c := range []contact.Contact{ada, bob, cid} {
		assert.Equal(t, before[c.ID], oooState(t, svc, c.ID), c.FirstName)
	}
}

// M4: edits of Ada made after both merges, the first undone. An edit of a
// field no merge changed stays; an edit of a field the first merge gave
// that the second gives too without it stays; an edit of a field only the
// first gave (Bob's company, Cid having none) is a conflict, and nothing
// changes.
func TestMergeUndoneOutOfOrderAfterAnEdit(t *testing.T) {
	for _, tc := range []struct {
		name       string
		cidCompany string
		patch      contact.Patch
		conflict   bool
		want       string // Ada's company and job after the undo
	}{
		{"a field no merge changed", "Acme", contact.Patch{JobTitle: new("CTO")}, false, `company="Acme" job="CTO"`},
		{"a field the second merge gives too", "Acme", contact.Patch{Company: new("Globex")}, false, `company="Globex" job=""`},
		{"a field only the first gave", "", contact.Patch{Company: new("Globex")}, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			svc, _ := acc3Service(t, nil)
			ada := oooCreate(t, svc, oooSpec{name: "Ada"})
			bob := oooCreate(t, svc, oooSpec{name: "Bob", company: "Acme", tags: []string{"vip"}})
			cid := oooCreate(t, svc, oooSpec{name: "Cid", company: tc.cidCompany, tags: []string{"vip"}})
			m1 := acc3Merge(t, svc, ada.ID, bob.ID)
			acc3Merge(t, svc, ada.ID, cid.ID)
			_, err := svc.UpdateContact(ctx, acc3Owner, ada.ID, tc.patch)
			require.NoError(t, err)
			was := oooState(t, svc, ada.ID)

			res, err := svc.UnmergeContacts(ctx, acc3Owner, m1.ID)
			if tc.conflict {
				require.ErrorIs(t, err, contactkit.ErrConflict)
				var ue *contactkit.UnmergeError
				require.ErrorAs(t, err, &ue)
				require.Len(t, ue.Conflicts, 1)
				assert.Equal(t, contact.FieldCompany, ue.Conflicts[0].Field)
				assert.Equal(t, was, oooState(t, svc, ada.ID), "nothing changed")
				got, err := svc.ResolveContact(ctx, acc3Owner, bob.ID)
				require.NoError(t, err)
				assert.Equal(t, ada.ID, got, "Bob is still merged into Ada")
				return
			}
			require.NoError(t, err)
			assert.NotEmpty(t, res.Kept)
			assert.Equal(t, `status=active `+tc.want+` tags=[vip] emails=[ada@example.com cid@example.com] lists=[]`, oooState(t, svc, ada.ID))
		})
	}
}

// M4: undoing a merge out of order twice does what the first undo did;
// the later merge, rebased once, is not rebased again.
func TestMergeUndoneOutOfOrderIsIdempotent(t *testing.T) {
	ctx := t.Context()
	svc, ada, others := oooAcme(t, "Bob", "Cid")
	bob, cid := others[0], others[1]
	m1 := acc3Merge(t, svc, ada.ID, bob.ID)
	m2 := acc3Merge(t, svc, ada.ID, cid.ID)

	first, err := svc.UnmergeContacts(ctx, acc3Owner, m1.ID)
	require.NoError(t, err)
	ada1, bob1, rec1 := oooState(t, svc, ada.ID), oooState(t, svc, bob.ID), acc3GetMerge(t, svc, m2.ID)
	again, err := svc.UnmergeContacts(ctx, acc3Owner, m1.ID)
	require.NoError(t, err)
	assert.Equal(t, first.Primary.ID, again.Primary.ID)
	assert.Equal(t, ada1, oooState(t, svc, ada.ID))
	assert.Equal(t, bob1, oooState(t, svc, bob.ID))
	assert.Equal(t, rec1, acc3GetMerge(t, svc, m2.ID), "Cid's merge is not rebased again")
	assert.Equal(t, []merge.ID{m1.ID}, rec1.Rebased)

	_, err = svc.UnmergeContacts(ctx, acc3Owner, m2.ID)
	require.NoError(t, err)
	assert.Equal(t, `status=active company="" job="" tags=[] emails=[ada@example.com] lists=[]`, oooState(t, svc, ada.ID))
	assert.Equal(t, bob1, oooState(t, svc, bob.ID))
	assert.Contains(t, oooState(t, svc, cid.ID), `status=blocked company="Acme"`)
}

func acc3GetMerge(t *testing.T, svc *contactkit.Service, id merge.ID) merge.Record {
	t.Helper()
	r, err := svc.GetMerge(t.Context(), acc3Owner, id)
	require.NoError(t, err)
	return r
}

// M4, B1: Ada's enrollment, stopped as Bob's merge blocked her, stays
// stopped when his merge is undone while Cid's, which blocks her too,
// stands; it resumes when Cid's is undone in turn.
func TestMergeUndoneOutOfOrderKeepsTheEnrollmentsALaterBlockStops(t *testing.T) {
	ctx := t.Context()
	svc, _ := acc3Service(t, nil)
	au, err := svc.CreateAutomation(ctx, acc3Owner, automation.Automation{Name: "Welcome", Active: true, Steps: []automation.Step{{Name: "one"}, {Name: "two"}}})
	require.NoError(t, err)
	ada := oooCreate(t, svc, oooSpec{name: "Ada"})
	en, err := svc.Enroll(ctx, acc3Owner, au.ID, ada.ID, "")
	require.NoError(t, err)
	bob := oooCreate(t, svc, oooSpec{name: "Bob", blocked: true})
	cid := oooCreate(t, svc, oooSpec{name: "Cid", blocked: true})
	m1 := acc3Merge(t, svc, ada.ID, bob.ID)
	m2 := acc3Merge(t, svc, ada.ID, cid.ID)
	active := func() bool {
		got, err := svc.GetEnrollment(ctx, acc3Owner, en.ID)
		require.NoError(t, err)
		return got.Active()
	}
	require.False(t, active())

	_, err = svc.UnmergeContacts(ctx, acc3Owner, m1.ID)
	require.NoError(t, err)
	assert.Equal(t, contact.StatusBlocked, acc3Get(t, svc, ada.ID).Status)
	assert.False(t, active(), "Cid's merge blocks Ada: her enrollment stays stopped")
	_, err = svc.UnmergeContacts(ctx, acc3Owner, m2.ID)
	require.NoError(t, err)
	assert.Equal(t, contact.StatusActive, acc3Get(t, svc, ada.ID).Status)
	assert.True(t, active(), "no merge blocks Ada any more")
}

// M4: Bob's active enrollment moved to Ada; Cid's merge then ended Cid's
// in the same automation, as Ada had one. Without Bob's merge, Cid's would
// have moved active: undoing Bob's first is refused, naming Cid's merge,
// and changes nothing; undoing Cid's first, then Bob's, works.
func TestMergeUndoneOutOfOrderRefusesWhatALaterMergeEndedBecauseOfIt(t *testing.T) {
	ctx := t.Context()
	svc, _ := acc3Service(t, nil)
	au, err := svc.CreateAutomation(ctx, acc3Owner, automation.Automation{Name: "Welcome", Active: true, Steps: []automation.Step{{Name: "one"}, {Name: "two"}}})
	require.NoError(t, err)
	ada := oooCreate(t, svc, oooSpec{name: "Ada"})
	bob := oooCreate(t, svc, oooSpec{name: "Bob", company: "Acme"})
	cid := oooCreate(t, svc, oooSpec{name: "Cid"})
	for _, c := range []contact.Contact{bob, cid} {
		_, err := svc.Enroll(ctx, acc3Owner, au.ID, c.ID, "")
		require.NoError(t, err)
	}
	m1 := acc3Merge(t, svc, ada.ID, bob.ID)
	m2 := acc3Merge(t, svc, ada.ID, cid.ID)
	was := oooState(t, svc, ada.ID)

	_, err = svc.UnmergeContacts(ctx, acc3Owner, m1.ID)
	var ue *contactkit.UnmergeError
	require.ErrorAs(t, err, &ue)
	require.Len(t, ue.Conflicts, 1)
	assert.Contains(t, ue.Conflicts[0].Reason, m2.ID.String())
	assert.Equal(t, was, oooState(t, svc, ada.ID))
	rec := acc3GetMerge(t, svc, m1.ID)
	assert.False(t, rec.Undone())

	_, err = svc.UnmergeContacts(ctx, acc3Owner, m2.ID)
	require.NoError(t, err)
	_, err = svc.UnmergeContacts(ctx, acc3Owner, m1.ID)
	require.NoError(t, err)
	for _, c := range []contact.Contact{bob, cid} {
		n := 0
		for e, err := range svc.Enrollments(ctx, acc3Owner, contactkit.EnrollmentQuery{Contact: c.ID, ActiveOnly: true}) {
			require.NoError(t, err)
			assert.Equal(t, au.ID, e.Automation)
			n++
		}
		assert.Equal(t, 1, n, "%s's enrollment is back, active", c.FirstName)
	}
}

// M4, B1: Bob's merge blocked Ada; Cid's merge then moved his active
// enrollment to her and stopped it, as she was blocked. Without Bob's
// merge it would have moved active: undoing Bob's resumes it on Ada, and
// undoing Cid's then gives it back to him, active.
func TestMergeUndoneOutOfOrderResumesWhatALaterMergeStoppedBecauseOfItsBlock(t *testing.T) {
	ctx := t.Context()
	svc, _ := acc3Service(t, nil)
	au, err := svc.CreateAutomation(ctx, acc3Owner, automation.Automation{Name: "Welcome", Active: true, Steps: []automation.Step{{Name: "one"}, {Name: "two"}}})
	require.NoError(t, err)
	ada := oooCreate(t, svc, oooSpec{name: "Ada"})
	bob := oooCreate(t, svc, oooSpec{name: "Bob", blocked: true})
	cid := oooCreate(t, svc, oooSpec{name: "Cid"})
	en, err := svc.Enroll(ctx, acc3Owner, au.ID, cid.ID, "")
	require.NoError(t, err)
	m1 := acc3Merge(t, svc, ada.ID, bob.ID)
	m2 := acc3Merge(t, svc, ada.ID, cid.ID)
	get := func() automation.Enrollment {
		got, err := svc.GetEnrollment(ctx, acc3Owner, en.ID)
		require.NoError(t, err)
		return got
	}
	got := get()
	require.False(t, got.Active(), "stopped as Ada is blocked")

	_, err = svc.UnmergeContacts(ctx, acc3Owner, m1.ID)
	require.NoError(t, err)
	assert.Equal(t, contact.StatusActive, acc3Get(t, svc, ada.ID).Status)
	got = get()
	assert.True(t, got.Active(), "Cid's merge alone does not block Ada")
	assert.Equal(t, ada.ID, got.Contact)

	_, err = svc.UnmergeContacts(ctx, acc3Owner, m2.ID)
	require.NoError(t, err)
	got = get()
	assert.True(t, got.Active())
	assert.Equal(t, cid.ID, got.Contact)
}

// M4: the owner follows Bob and Cid. Bob's merge moved his follow to Ada;
// Cid's removed Cid's, as Ada was followed already. Without Bob's merge
// Cid's follow would have moved: undoing Bob's leaves Ada followed (by
// Cid's follow), and undoing Cid's then gives it back to him.
func TestMergeUndoneOutOfOrderHandsOverAFollowALaterMergeRemoved(t *testing.T) {
	ctx := t.Context()
	svc, _ := acc3Service(t, nil)
	ada := oooCreate(t, svc, oooSpec{name: "Ada"})
	bob := oooCreate(t, svc, oooSpec{name: "Bob"})
	cid := oooCreate(t, svc, oooSpec{name: "Cid"})
	for _, c := range []contact.Contact{bob, cid} {
		_, err := svc.Follow(ctx, acc3Owner, c.ID)
		require.NoError(t, err)
	}
	followers := func(id contact.ID) int {
		p, err := svc.ListFollowers(ctx, acc3Owner, id, store.PageRequest{Limit: 10})
		require.NoError(t, err)
		return len(p.Items)
	}
	m1 := acc3Merge(t, svc, ada.ID, bob.ID)
	m2 := acc3Merge(t, svc, ada.ID, cid.ID)
	require.Equal(t, 1, followers(ada.ID))

	_, err := svc.UnmergeContacts(ctx, acc3Owner, m1.ID)
	require.NoError(t, err)
	assert.Equal(t, 1, followers(bob.ID))
	assert.Equal(t, 1, followers(ada.ID), "Cid's merge stands: his follow is Ada's")
	_, err = svc.UnmergeContacts(ctx, acc3Owner, m2.ID)
	require.NoError(t, err)
	assert.Equal(t, 1, followers(cid.ID))
	assert.Equal(t, 0, followers(ada.ID))
}

// M2, M4: Bob's membership of News moved to Ada; a later merge of Cid
// (subscribed) and Dan (unsubscribed) removed theirs and made Ada's
// unsubscribed, the most restrictive. Undoing Bob's merge gives Ada the
// membership that merge would have given her without his: Cid's, united
// with Dan's, unsubscribed; undoing the later one then gives each his own.
func TestMergeUndoneOutOfOrderUnitesTheMembershipsALaterMergeRemoved(t *testing.T) {
	ctx := t.Context()
	svc, _ := acc3Service(t, nil)
	news, err := svc.CreateList(ctx, acc3Owner, list.List{Name: "News"})
	require.NoError(t, err)
	ada := oooCreate(t, svc, oooSpec{name: "Ada"})
	bob := oooCreate(t, svc, oooSpec{name: "Bob", list: news.ID})
	cid := oooCreate(t, svc, oooSpec{name: "Cid", list: news.ID})
	dan := oooCreate(t, svc, oooSpec{name: "Dan", list: news.ID, unsub: true})
	before := map[contact.ID]string{}
	for _, c := range []contact.Contact{ada, bob, cid, dan} {
		before[c.ID] = oooState(t, svc, c.ID)
	}
	m1 := acc3Merge(t, svc, ada.ID, bob.ID)
	m2 := acc3Merge(t, svc, ada.ID, cid.ID, dan.ID)

	_, err = svc.UnmergeContacts(ctx, acc3Owner, m1.ID)
	require.NoError(t, err)
	assert.Contains(t, oooState(t, svc, ada.ID), fmt.Sprintf("lists=[%s=unsubscribed]", news.ID))
	assert.Equal(t, before[bob.ID], oooState(t, svc, bob.ID))
	_, err = svc.UnmergeContacts(ctx, acc3Owner, m2.ID)
	require.NoError(t, err)
	for _, c := range []contact.Contact{ada, bob, cid, dan} {
		assert.Equal(t, before[c.ID], oooState(t, svc, c.ID), c.FirstName)
	}
}
