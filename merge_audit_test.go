package contactkit_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/association"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// TestMergeUnitesOneListOfThreeInputs: a list that three inputs belong to
// with three statuses is united twice into one membership of the survivor;
// the merge commits with the most restrictive status, and unmerge gives
// every membership back (M2, M4).
func TestMergeUnitesOneListOfThreeInputs(t *testing.T) {
	ctx := t.Context()
	m := newMerger(t, storetest.Retrying(memstore.New()))
	l, err := m.svc.CreateList(ctx, owner, list.List{Name: "News", DoubleOptIn: true})
	require.NoError(t, err)
	a := m.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@gmail.com")})
	b := m.create(t, owner, contact.Patch{FirstName: new("Anne"), Email: new("a.nn@gmail.com")})
	c := m.create(t, owner, contact.Patch{FirstName: new("Annie"), Email: new("an.n@gmail.com")})
	_, err = m.svc.AddToList(ctx, owner, l.ID, a.ID)
	require.NoError(t, err)
	_, err = m.svc.ConfirmSubscription(ctx, owner, l.ID, a.ID) // subscribed, a second version
	require.NoError(t, err)
	_, err = m.svc.AddToList(ctx, owner, l.ID, b.ID) // unconfirmed
	require.NoError(t, err)
	_, err = m.svc.AddToList(ctx, owner, l.ID, c.ID)
	require.NoError(t, err)
	_, err = m.svc.UnsubscribeFromList(ctx, owner, l.ID, c.ID, "no more") // unsubscribed
	require.NoError(t, err)
	before := m.state(t, a.ID, b.ID, c.ID)

	rec := m.merge(t, owner, a.ID, b.ID, c.ID)
	after := m.state(t, a.ID, b.ID, c.ID)
	require.Len(t, after.Memberships[0], 1)
	assert.Equal(t, list.StatusUnsubscribed, after.Memberships[0][0].Status, "the most restrictive status")

	_, err = m.svc.UnmergeContacts(ctx, owner, rec.ID)
	require.NoError(t, err)
	assert.Equal(t, before, m.state(t, a.ID, b.ID, c.ID), "unmerge gives every membership back")
}

// auditState is a merger's state with the associations and the followers
// of each contact.
type auditState struct {
	state
	Links   [][]association.Association
	Follows [][]association.Follow
}

func (m *merger) auditState(t *testing.T, ids ...contact.ID) auditState {
	t.Helper()
	ctx := t.Context()
	s := auditState{state: m.state(t, ids...)}
	require.NoError(t, m.store.View(ctx, func(tx store.Tx) error {
		s.Links, s.Follows = nil, nil
		for _, id := range ids {
			var links []association.Association
			for l, err := range store.Associations(tx.Records()).All(ctx, owner.Workspace, store.Query{Contact: id}) {
				if err != nil {
					return err
				}
				l.Version = 0
				links = append(links, l)
			}
			var follows []association.Follow
			for f, err := range store.Follows(tx.Records()).All(ctx, owner.Workspace, store.Query{Contact: id}) {
				if err != nil {
					return err
				}
				f.Version = 0
				follows = append(follows, f)
			}
			s.Links = append(s.Links, links)
			s.Follows = append(s.Follows, follows)
		}
		return nil
	}))
	return s
}

// TestUnmergeRestoresCustomFieldsAddressesAndLinks: merge then unmerge of
// random contacts with custom values of every type, labelled secondary
// emails and phones, associations with the host's records (some with the
// same record) and followers (some the same user) gives back every input
// exactly (M4); the merge itself keeps every value, one association per
// record and one follow per user (M2), and the duplicates index agrees with
// a detection from scratch after each step.
func TestUnmergeRestoresCustomFieldsAddressesAndLinks(t *testing.T) {
	for seed := range uint64(12) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			ctx := t.Context()
			h := newHarnessWith(t, storetest.Retrying(memstore.New()), func(o *contactkit.Options) {
				o.AssociationTypes = []association.Type{{Name: "company", Labels: []string{"employer", "billing"}}}
			})
			m := &merger{harness: h, deals: &deals{byOwner: map[contact.ID][]deal{}}}
			r := rand.New(rand.NewPCG(seed, 31))
			for _, d := range auditDefs {
				_, err := m.svc.CreateField(ctx, owner, d)
				require.NoError(t, err)
			}
			users := []contactkit.Actor{owner, agent, {Workspace: owner.Workspace, User: "u-third", Role: contactkit.RoleManager}}
			n := 2 + r.IntN(3)
			var ids []contact.ID
			for i := range n {
				m.now = m.now.Add(time.Minute)
				p := contact.Patch{Email: new(fmt.Sprintf("ann.s%d+%d@gmail.com", seed, i)), EmailLabel: new(pickFrom(r, labels))}
				if r.IntN(2) == 0 {
					p.FirstName = new(pickFrom(r, firstNames))
				}
				if r.IntN(2) == 0 {
					p.Phone, p.PhoneLabel = new(fmt.Sprintf("+33 6 %02d %02d %02d %02d", seed, i, r.IntN(100), r.IntN(100))), new(pickFrom(r, labels))
					if r.IntN(2) == 0 {
						p.OtherPhones = &[]contact.LabeledInput{{Value: fmt.Sprintf("+44 7911 %03d%03d", seed, i), Label: pickFrom(r, labels)}}
					}
				}
				if r.IntN(2) == 0 {
					p.OtherEmails = &[]contact.LabeledInput{{Value: fmt.Sprintf("w%d-%d@example.com", seed, i), Label: pickFrom(r, labels)}}
				}
				p.Fields = map[string]string{}
				for _, d := range auditDefs {
					if r.IntN(2) == 0 {
						p.Fields[d.Key.String()] = pickFrom(r, auditValues[d.Key.String()])
					}
				}
				c := m.create(t, owner, p, pickFrom(r, []string{"", "vip", "Lead, vip", "été"}))
				ids = append(ids, c.ID)
				for _, rec := range []string{"acme", "globex", "initech"} {
					if r.IntN(2) == 0 {
						_, err := m.svc.Associate(ctx, owner, c.ID, contactkit.AssociationInput{Type: "company", Record: rec, Label: pickFrom(r, []string{"", "employer", "billing"})})
						require.NoError(t, err)
					}
				}
				for _, u := range users {
					if r.IntN(2) == 0 {
						_, err := m.svc.Follow(ctx, u, c.ID)
						require.NoError(t, err)
					}
				}
			}
			before := m.auditState(t, ids...)
			check := func(step string) {
				fromIndex, fromScratch := findBoth(t, m.svc, 0)
				require.Equal(t, fromScratch, fromIndex, "%s: the index and detection from scratch differ", step)
			}
			check("before")

			m.now = m.now.Add(time.Hour)
			rec := m.merge(t, owner, ids[0], ids[1:]...)
			after := m.auditState(t, ids...)
			survivor := after.Contacts[0]
			targets, followers := map[string]bool{}, map[contact.UserID]bool{}
			for i := range ids {
				for _, l := range before.Links[i] {
					targets[l.Target.String()] = true
				}
				for _, f := range before.Follows[i] {
					followers[f.User] = true
				}
				for k, v := range before.Contacts[i].Fields {
					assert.Contains(t, survivor.Fields, k, "no custom field is lost")
					if i == 0 {
						assert.Equal(t, v, survivor.Fields[k], "the primary's value wins")
					}
				}
				if i > 0 {
					assert.Empty(t, after.Links[i])
					assert.Empty(t, after.Follows[i])
				}
			}
			assert.Len(t, after.Links[0], len(targets), "one association per record")
			assert.Len(t, after.Follows[0], len(followers), "one follow per user")
			check("after merge")

			m.now = m.now.Add(time.Hour)
			_, err := m.svc.UnmergeContacts(ctx, owner, rec.ID)
			require.NoError(t, err)
			assert.Equal(t, before, m.auditState(t, ids...), "unmerge gives back every input exactly")
			check("after unmerge")
		})
	}
}

// TestEraseOfAMergedAwayContact: erasing a contact merged into another
// removes it for good: no merge record keeps its snapshot, and unmerge does
// not bring it back.
func TestEraseOfAMergedAwayContact(t *testing.T) {
	ctx := t.Context()
	m := newMerger(t, storetest.Retrying(memstore.New()))
	a := m.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@gmail.com")})
	b := m.create(t, owner, contact.Patch{FirstName: new("Anne"), City: new("Paris"), Email: new("an.n@gmail.com")})
	rec := m.merge(t, owner, a.ID, b.ID)
	require.NoError(t, m.svc.EraseContact(ctx, owner, b.ID))
	if r, err := m.svc.GetMerge(ctx, owner, rec.ID); err == nil {
		_, held := r.Input(b.ID)
		assert.False(t, held, "a merge record keeps the snapshot of an erased contact")
	}
	_, _ = m.svc.UnmergeContacts(ctx, owner, rec.ID)
	_, err := m.svc.GetContact(ctx, owner, b.ID)
	assert.ErrorIs(t, err, contactkit.ErrNotFound, "an erased contact stays erased")
}

// TestMergeOfAnotherWorkspaceIsAbsent: another workspace's contacts and
// merge records behave as absent ones (P1), and an agent may merge but not
// read merge history nor unmerge (P2, M3).
func TestMergeOfAnotherWorkspaceIsAbsent(t *testing.T) {
	ctx := t.Context()
	m := newMerger(t, memstore.New())
	a := m.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@gmail.com")})
	b := m.create(t, owner, contact.Patch{FirstName: new("Anne"), Email: new("an.n@gmail.com")})
	p, err := m.svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: a.ID, Others: []contact.ID{b.ID}})
	require.NoError(t, err)
	_, err = m.svc.MergeContacts(ctx, other, p)
	assert.ErrorIs(t, err, contactkit.ErrNotFound, "a preview of another workspace")
	_, err = m.svc.DismissDuplicate(ctx, other, a.ID, b.ID)
	assert.ErrorIs(t, err, contactkit.ErrNotFound)
	rec := m.merge(t, owner, a.ID, b.ID)
	_, err = m.svc.ResolveContact(ctx, other, b.ID)
	assert.ErrorIs(t, err, contactkit.ErrNotFound)
	_, err = m.svc.GetMerge(ctx, other, rec.ID)
	assert.ErrorIs(t, err, contactkit.ErrNotFound)
	_, err = m.svc.UnmergeContacts(ctx, other, rec.ID)
	assert.ErrorIs(t, err, contactkit.ErrNotFound)
	for r, err := range m.svc.MergeHistory(ctx, other, contact.ID{}) {
		require.NoError(t, err)
		t.Errorf("merge record %s of another workspace listed", r.ID)
	}
	r, err := m.svc.FindDuplicates(ctx, other, nil)
	require.NoError(t, err)
	assert.Empty(t, r.Groups)
	got, err := m.svc.GetContact(ctx, owner, b.ID)
	require.NoError(t, err)
	assert.True(t, got.Trashed(), "the merge stands")
}

// TestUnmergeRefusesACustomFieldTheMergeFilledAndEditedSince: M4 for a
// custom field: filled by the merge and edited since is a conflict; edited
// since where the merge had not changed it, the edit stays.
func TestUnmergeRefusesACustomFieldTheMergeFilledAndEditedSince(t *testing.T) {
	ctx := t.Context()
	m := newMerger(t, memstore.New())
	for _, d := range auditDefs {
		_, err := m.svc.CreateField(ctx, owner, d)
		require.NoError(t, err)
	}
	a := m.create(t, owner, contact.Patch{Email: new("ann@gmail.com"), Fields: map[string]string{"t_money": "12"}})
	b := m.create(t, owner, contact.Patch{Email: new("an.n@gmail.com"), Fields: map[string]string{"t_multi": "Web", "t_money": "3"}})
	rec := m.merge(t, owner, a.ID, b.ID)
	_, err := m.svc.UpdateContact(ctx, owner, a.ID, contact.Patch{Fields: map[string]string{"t_multi": "-Shop", "t_money": "13"}})
	require.NoError(t, err)
	_, err = m.svc.UnmergeContacts(ctx, owner, rec.ID)
	ue, ok := errors.AsType[*contactkit.UnmergeError](err)
	require.True(t, ok, "an *UnmergeError: %v", err)
	require.Len(t, ue.Conflicts, 1, "%v", ue)
	assert.Equal(t, contact.CustomFieldPrefix+"t_multi", ue.Conflicts[0].Field)

	_, err = m.svc.UpdateContact(ctx, owner, a.ID, contact.Patch{Fields: map[string]string{"t_multi": "Web"}})
	require.NoError(t, err)
	res, err := m.svc.UnmergeContacts(ctx, owner, rec.ID)
	require.NoError(t, err)
	assert.Equal(t, "13.00", res.Primary.Fields[field.MustParseKey("t_money")].String(), "the edit stays")
	assert.NotContains(t, res.Primary.Fields, field.MustParseKey("t_multi"), "the value the merge filled goes back")
	got, err := m.svc.GetContact(ctx, owner, b.ID)
	require.NoError(t, err)
	assert.Equal(t, "Web", got.Fields[field.MustParseKey("t_multi")].String())
}
