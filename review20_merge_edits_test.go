package contactkit_test

// Review 20, merge: a merge of random contacts, random edits of the
// survivor, then the unmerge (M4): it either refuses with a conflict and
// changes nothing, or gives every other back exactly, keeps on the primary
// what was added or edited since, and gives back the rest of the primary;
// C9 holds and the duplicates index agrees with detection from scratch.

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
	"github.com/contactkit/contactkit/tag"
)

// rv20MergeScalars are the standard fields the edits set, with a setter of
// the patch.
var rv20MergeScalars = map[string]func(p *contact.Patch, v string){
	contact.FieldFirstName: func(p *contact.Patch, v string) { p.FirstName = &v },
	contact.FieldLastName:  func(p *contact.Patch, v string) { p.LastName = &v },
	contact.FieldAlias:     func(p *contact.Patch, v string) { p.Alias = &v },
	contact.FieldCity:      func(p *contact.Patch, v string) { p.City = &v },
	contact.FieldState:     func(p *contact.Patch, v string) { p.State = &v },
	contact.FieldCompany:   func(p *contact.Patch, v string) { p.Company = &v },
	contact.FieldJobTitle:  func(p *contact.Patch, v string) { p.JobTitle = &v },
}

// rv20MergeSets are the fields of a contact that are sets: edits of them
// are united, never a conflict.
var rv20MergeSets = []string{contact.FieldEmail, contact.FieldEmailLabel, contact.FieldOtherEmails,
	contact.FieldPhone, contact.FieldPhoneLabel, contact.FieldOtherPhones, contact.FieldTags, contact.FieldChannels}

func rv20MergeFields(cs []contact.Change) map[string]bool {
	out := map[string]bool{}
	for _, c := range cs {
		out[c.Field] = true
	}
	return out
}

// rv20MergeLive checks C9: no address is held by two live contacts.
func rv20MergeLive(t *testing.T, m *merger, step string) {
	t.Helper()
	held := map[string]contact.ID{}
	for c, err := range m.svc.Contacts(t.Context(), owner, contactkit.ContactQuery{}) {
		require.NoError(t, err)
		for _, k := range c.Keys() {
			if o, ok := held[k]; ok {
				t.Errorf("%s: %s held by %s and %s (C9)", step, k, o, c.ID)
			}
			held[k] = c.ID
		}
	}
	fromIndex, fromScratch := findBoth(t, m.svc, 0)
	assert.Equal(t, fromScratch, fromIndex, "%s: the index and detection from scratch differ", step)
}

func TestRv20MergePropertyUnmergeAfterEditsOfTheSurvivor(t *testing.T) {
	seeds := uint64(40)
	if testing.Short() {
		seeds = 10
	}
	for seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			ctx := t.Context()
			m := newMerger(t, storetest.Retrying(memstore.New()))
			r := rand.New(rand.NewPCG(seed, 2020))
			for _, d := range auditDefs {
				_, err := m.svc.CreateField(ctx, owner, d)
				require.NoError(t, err)
			}
			ids := m.randomDuplicates(t, r, seed, 2+r.IntN(3))
			for i, id := range ids {
				p := contact.Patch{Fields: map[string]string{}}
				for _, d := range auditDefs {
					if r.IntN(3) == 0 {
						p.Fields[d.Key.String()] = pickFrom(r, auditValues[d.Key.String()])
					}
				}
				if r.IntN(2) == 0 {
					p.OtherPhones = &[]contact.LabeledInput{{Value: fmt.Sprintf("+44 7911 %03d%03d", seed, i), Label: pickFrom(r, labels)}}
				}
				m.now = m.now.Add(time.Minute)
				_, err := m.svc.UpdateContact(ctx, owner, id, p)
				require.NoError(t, err)
			}
			before := m.state(t, ids...)
			rv20MergeLive(t, m, "before")

			m.now = m.now.Add(time.Hour)
			rec := m.merge(t, owner, ids[0], ids[1:]...)
			merged := m.state(t, ids...).Contacts[0]
			byMerge := rv20MergeFields(contact.Diff(&before.Contacts[0], &merged))
			rv20MergeLive(t, m, "after merge")

			// Random edits of the survivor.
			var notes []activity.ID
			var newList list.ID
			var unsubscribed []string
			edits := 1 + r.IntN(6)
			for step := range edits {
				m.now = m.now.Add(time.Minute)
				var err error
				switch r.IntN(10) {
				case 0, 1:
					var p contact.Patch
					names := slices.Sorted(maps.Keys(rv20MergeScalars))
					v := pickFrom(r, []string{"", fmt.Sprintf("edit %d", step), "Paris"})
					rv20MergeScalars[pickFrom(r, names)](&p, v)
					_, err = m.svc.UpdateContact(ctx, owner, ids[0], p)
				case 2:
					d := pickFrom(r, auditDefs)
					v := pickFrom(r, append([]string{""}, auditValues[d.Key.String()]...))
					_, err = m.svc.UpdateContact(ctx, owner, ids[0], contact.Patch{Fields: map[string]string{d.Key.String(): v}})
				case 3:
					_, err = m.svc.TagContact(ctx, owner, ids[0], fmt.Sprintf("since-%d", step))
				case 4:
					c, gerr := m.svc.GetContact(ctx, owner, ids[0])
					require.NoError(t, gerr)
					if c.Tags.Len() > 0 {
						_, err = m.svc.UntagContact(ctx, owner, ids[0], pickFrom(r, []tag.Name(c.Tags)).String())
					}
				case 5:
					var a activity.Activity
					a, err = m.svc.AddNote(ctx, owner, ids[0], contactkit.NoteInput{Body: fmt.Sprintf("since %d", step)})
					notes = append(notes, a.ID)
				case 6:
					c, gerr := m.svc.GetContact(ctx, owner, ids[0])
					require.NoError(t, gerr)
					others := []contact.LabeledInput{}
					for _, e := range c.OtherEmails {
						others = append(others, contact.LabeledInput{Value: e.Email.String(), Label: string(e.Label)})
					}
					others = append(others, contact.LabeledInput{Value: fmt.Sprintf("since%d-%d@example.org", seed, step), Label: pickFrom(r, labels)})
					_, err = m.svc.UpdateContact(ctx, owner, ids[0], contact.Patch{OtherEmails: &others})
				case 8, 9:
					// One of the primary's own secondary addresses made
					// primary (C1b), or given another label.
					c, gerr := m.svc.GetContact(ctx, owner, ids[0])
					require.NoError(t, gerr)
					was := before.Contacts[0]
					var own []contact.LabeledEmail
					for _, e := range c.OtherEmails {
						if slices.Contains(was.Emails(), e.Email) {
							own = append(own, e)
						}
					}
					if len(own) == 0 {
						break
					}
					e := pickFrom(r, own)
					var others []contact.LabeledInput
					for _, x := range c.OtherEmails {
						if x.Email == e.Email {
							x = contact.LabeledEmail{Email: c.Email, Label: c.EmailLabel}
						}
						others = append(others, contact.LabeledInput{Value: x.Email.String(), Label: string(x.Label)})
					}
					p := contact.Patch{Email: new(e.Email.String()), EmailLabel: new(string(e.Label)), OtherEmails: &others}
					if r.IntN(2) == 0 {
						p = contact.Patch{EmailLabel: new(pickFrom(r, labels))}
					}
					_, err = m.svc.UpdateContact(ctx, owner, ids[0], p)
				case 7:
					if newList.IsZero() {
						l, lerr := m.svc.CreateList(ctx, owner, list.List{Name: "Since"})
						require.NoError(t, lerr)
						newList = l.ID
						_, err = m.svc.AddToList(ctx, owner, newList, ids[0])
					} else {
						c, gerr := m.svc.GetContact(ctx, owner, ids[0])
						require.NoError(t, gerr)
						_, err = m.svc.Unsubscribe(ctx, owner, ids[0], list.ChannelEmail, "since")
						unsubscribed = append(unsubscribed, c.Email.String())
					}
				}
				require.NoError(t, err, "edit %d", step)
			}
			now := m.state(t, ids...)
			cur := now.Contacts[0]
			edited := rv20MergeFields(contact.Diff(&merged, &cur))
			var wantConflicts []string
			for f := range edited {
				if byMerge[f] && !slices.Contains(rv20MergeSets, f) {
					wantConflicts = append(wantConflicts, f)
				}
			}
			slices.Sort(wantConflicts)

			m.now = m.now.Add(time.Hour)
			m.takeEvents()
			res, err := m.svc.UnmergeContacts(ctx, owner, rec.ID)
			if len(wantConflicts) > 0 {
				require.ErrorIs(t, err, contactkit.ErrConflict)
				ue, ok := errors.AsType[*contactkit.UnmergeError](err)
				require.True(t, ok, "an *UnmergeError: %v", err)
				var got []string
				for _, c := range ue.Conflicts {
					got = append(got, c.Field)
				}
				slices.Sort(got)
				assert.Equal(t, wantConflicts, slices.Compact(got), "the fields changed by the merge and edited since: %v", err)
				assert.Equal(t, now, m.state(t, ids...), "a refused unmerge changes nothing")
				assert.Empty(t, m.takeEvents(), "a refused unmerge emits nothing")
				t.Logf("refused: %v", wantConflicts)
				return
			}
			require.NoError(t, err, "edited since: %v; changed by the merge: %v", slices.Sorted(maps.Keys(edited)), slices.Sorted(maps.Keys(byMerge)))
			after := m.state(t, ids...)
			// The others, exactly.
			for i := 1; i < len(ids); i++ {
				assert.Equal(t, before.Contacts[i], after.Contacts[i], "other %d comes back exactly", i)
				assert.Equal(t, before.Timeline[i], after.Timeline[i], "other %d: its activities", i)
				assert.Equal(t, before.Memberships[i], after.Memberships[i], "other %d: its memberships", i)
				assert.Equal(t, before.Enrollments[i], after.Enrollments[i], "other %d: its enrollments", i)
				assert.Equal(t, before.Deals[i], after.Deals[i], "other %d: the host's records", i)
			}
			// The primary: its values, but for the edits since.
			p, was := after.Contacts[0], before.Contacts[0]
			for _, c := range contact.Diff(&was, &p) {
				if c.Field == contact.FieldTags || c.Field == contact.FieldOtherEmails {
					continue
				}
				assert.True(t, edited[c.Field], "the primary's %s changed (%q → %q), not edited since", c.Field, c.Old, c.New)
			}
			for _, c := range contact.Diff(&merged, &cur) {
				if slices.Contains(rv20MergeSets, c.Field) {
					continue
				}
				got := rv20MergeFields(contact.Diff(&cur, &p))
				assert.False(t, got[c.Field], "the edit of %s since the merge stays", c.Field)
			}
			if edited[contact.FieldEmail] && slices.Contains(was.Emails(), cur.Email) {
				assert.Equal(t, cur.Email, p.Email, "the primary email chosen since stays")
			}
			if edited[contact.FieldEmailLabel] && cur.Email == p.Email {
				assert.Equal(t, cur.EmailLabel, p.EmailLabel, "the label given since stays")
			}
			wantTags := was.Tags
			for _, n := range cur.Tags.Missing(merged.Tags...) {
				wantTags, _ = wantTags.Remove(n)
			}
			for _, n := range merged.Tags.Missing(cur.Tags...) {
				wantTags, _ = wantTags.Add(n)
			}
			assert.ElementsMatch(t, tagStrings(wantTags), tagStrings(p.Tags), "the primary's tags, with the changes since")
			for _, e := range cur.OtherEmails {
				if !slices.ContainsFunc(merged.OtherEmails, func(x contact.LabeledEmail) bool { return x == e }) {
					assert.Contains(t, p.OtherEmails, e, "an address added since stays")
				}
			}
			var acts []activity.ID
			for _, a := range after.Timeline[0] {
				acts = append(acts, a.ID)
			}
			for _, a := range before.Timeline[0] {
				assert.Contains(t, acts, a.ID, "the primary's own activity")
			}
			for _, n := range notes {
				assert.Contains(t, acts, n, "a note added since stays")
			}
			assert.Len(t, acts, len(before.Timeline[0])+len(notes))
			if !newList.IsZero() {
				assert.True(t, slices.ContainsFunc(after.Memberships[0], func(x list.Membership) bool { return x.List == newList }), "a membership added since stays")
			}
			for _, addr := range unsubscribed {
				c, err := m.svc.AddressConsent(ctx, owner, list.ChannelEmail, addr)
				require.NoError(t, err)
				assert.Equal(t, list.ConsentUnsubscribed, c.Status, "an unsubscribe since stays (L3)")
			}
			assert.Equal(t, now.Consent, after.Consent, "the ledger is not touched")
			assert.Equal(t, p.ID, res.Primary.ID)
			rv20MergeLive(t, m, "after unmerge")
		})
	}
}
