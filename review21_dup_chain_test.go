package contactkit_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// rv21dupAround is what surrounds one contact: its memberships by list,
// its activities and its enrollments.
type rv21dupAround struct {
	lists       map[list.ID]list.Status
	activities  int
	enrollments []automation.Enrollment
}

func rv21dupAroundOf(t *testing.T, m *merger, id contact.ID, live bool) rv21dupAround {
	t.Helper()
	out := rv21dupAround{lists: map[list.ID]list.Status{}}
	for ms, err := range m.svc.Memberships(t.Context(), owner, contactkit.MembershipQuery{Contact: id}) {
		require.NoError(t, err)
		_, twice := out.lists[ms.List]
		require.False(t, twice, "contact %s has two memberships of list %s", id, ms.List)
		out.lists[ms.List] = ms.Status
	}
	if live { // the timeline of a merged-away contact is refused
		out.activities = len(collect(t, m.svc.Timeline(t.Context(), owner, id, contactkit.TimelineQuery{})))
	}
	out.enrollments = m.enrollments(t, contactkit.EnrollmentQuery{Contact: id})
	return out
}

// TestRv21dupChainsOfMergesKeepWhatSurrounds: random merges of two to four
// live contacts, survivors merged in turn into others (chains), with
// unmerges among them: after each merge the survivor holds, for each list
// of an input, one membership with the most restrictive status of the
// inputs' (M2), every activity of the inputs, every enrollment of the
// inputs, with at most one active per automation that refuses a second
// entry; and the merged-away inputs hold none of them.
func TestRv21dupChainsOfMergesKeepWhatSurrounds(t *testing.T) {
	seeds := uint64(8)
	if testing.Short() {
		seeds = 3
	}
	for seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			ctx := t.Context()
			m := newMerger(t, storetest.Retrying(memstore.New()))
			r := rand.New(rand.NewPCG(seed, 2121))
			var lists []list.List
			for i := range 3 {
				l, err := m.svc.CreateList(ctx, owner, list.List{Name: fmt.Sprint("L", i), DoubleOptIn: i == 2})
				require.NoError(t, err)
				lists = append(lists, l)
			}
			autos := []automation.Automation{
				m.automation(t, automation.Automation{Name: "once", Steps: steps(2), Active: true}),
				m.automation(t, automation.Automation{Name: "again", Steps: steps(2), Active: true, Reentry: automation.ReentryAllow}),
			}
			for i := range 8 {
				c := m.create(t, owner, contact.Patch{Email: new(fmt.Sprintf("ann+%d.%d@gmail.com", seed, i))})
				for _, l := range lists {
					switch r.IntN(4) {
					case 1, 2:
						_, err := m.svc.AddToList(ctx, owner, l.ID, c.ID)
						require.NoError(t, err)
					case 3:
						_, err := m.svc.AddToList(ctx, owner, l.ID, c.ID)
						require.NoError(t, err)
						_, err = m.svc.UnsubscribeFromList(ctx, owner, l.ID, c.ID, "no")
						require.NoError(t, err)
					}
				}
				for range r.IntN(3) {
					m.now = m.now.Add(time.Minute)
					_, err := m.svc.AddNote(ctx, owner, c.ID, contactkit.NoteInput{Body: "n"})
					require.NoError(t, err)
				}
				for _, au := range autos {
					if r.IntN(2) == 0 {
						_, err := m.svc.Enroll(ctx, owner, au.ID, c.ID, "")
						require.NoError(t, err)
					}
				}
			}
			var merges []merge.ID
			merged := 0
			for step := range 12 {
				m.now = m.now.Add(time.Hour)
				var live []contact.ID
				for c, err := range m.svc.Contacts(ctx, owner, contactkit.ContactQuery{}) {
					require.NoError(t, err)
					live = append(live, c.ID)
				}
				if len(live) < 2 || (len(merges) > 0 && r.IntN(4) == 0) {
					if len(merges) > 0 {
						_, err := m.svc.UnmergeContacts(ctx, owner, merges[r.IntN(len(merges))])
						t.Logf("step %d: unmerge: %v", step, err)
						rv20MergeLive(t, m, fmt.Sprint("step ", step, " unmerge"))
					}
					continue
				}
				r.Shuffle(len(live), func(i, j int) { live[i], live[j] = live[j], live[i] })
				in := live[:min(len(live), 2+r.IntN(3))]
				before := make([]rv21dupAround, len(in))
				for i, id := range in {
					before[i] = rv21dupAroundOf(t, m, id, true)
				}
				rec, err := m.tryMerge(ctx, owner, contactkit.MergeRequest{Primary: in[0], Others: slices.Clone(in[1:])})
				require.NoError(t, err, "step %d: merge of %d", step, len(in))
				merges = append(merges, rec.ID)
				merged++
				after := rv21dupAroundOf(t, m, in[0], true)
				want := map[list.ID]list.Status{}
				acts, ens := 0, 0
				for _, b := range before {
					for l, s := range b.lists {
						if w, ok := want[l]; ok {
							s = merge.UniteStatus(w, s)
						}
						want[l] = s
					}
					acts += b.activities
					ens += len(b.enrollments)
				}
				assert.Equal(t, want, after.lists, "step %d: the survivor's memberships", step)
				assert.Equal(t, acts, after.activities, "step %d: the survivor's activities", step)
				assert.Len(t, after.enrollments, ens, "step %d: the survivor's enrollments", step)
				active := 0
				for _, e := range after.enrollments {
					if e.Active() && e.Automation == autos[0].ID {
						active++
					}
				}
				assert.LessOrEqual(t, active, 1, "step %d: two active enrollments in an automation that refuses a second entry", step)
				for _, id := range in[1:] {
					o := rv21dupAroundOf(t, m, id, false)
					assert.Empty(t, o.lists, "step %d: a merged-away contact's memberships", step)
					assert.Empty(t, o.enrollments, "step %d: a merged-away contact's enrollments", step)
				}
				if t.Failed() {
					t.FailNow()
				}
			}
			assert.Positive(t, merged)
		})
	}
}
