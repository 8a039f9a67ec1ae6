package contactkit_test

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// TestRv20MergeWalk: random merges (of two to four contacts, blocked ones
// among them) and unmerges in any order, between edits of the contacts
// (primary addresses swapped, names, tags deleted from the workspace, a
// field's type changed, a survivor deleted and restored, an unsubscribe):
// every error falls in a documented category, a refused unmerge changes
// nothing, an undone merge is undone again for nothing, C9 holds and the
// duplicates index agrees with detection from scratch after every step.
func TestRv20MergeWalk(t *testing.T) {
	seeds, steps := uint64(16), 100
	if testing.Short() {
		seeds = 3
	}
	for seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			ctx := t.Context()
			m := newMerger(t, storetest.Retrying(memstore.New()))
			r := rand.New(rand.NewPCG(seed, 2022))
			score := field.Definition{Key: field.MustParseKey("score"), Label: "Score", Type: field.TypeText}
			_, err := m.svc.CreateField(ctx, owner, score)
			require.NoError(t, err)
			ids := m.randomDuplicates(t, r, seed, 6)
			for i, id := range ids {
				_, err := m.svc.UpdateContact(ctx, owner, id, contact.Patch{Fields: map[string]string{"score": pickFrom(r, []string{"", "12", "1 234,5", "n/a"})},
					OtherEmails: &[]contact.LabeledInput{{Value: fmt.Sprintf("own%d-%d@example.net", seed, i), Label: pickFrom(r, labels)}}})
				require.NoError(t, err)
			}
			var recs []merge.ID
			done := map[string]int{}
			for step := range steps {
				m.now = m.now.Add(time.Minute)
				op := pickFrom(r, []string{"merge", "merge", "unmerge", "unmerge", "swap", "name", "deltag", "retype", "delete", "restore", "unsub"})
				id := pickFrom(r, ids)
				var err error
				switch op {
				case "merge":
					n := 1 + r.IntN(3)
					others := map[contact.ID]bool{}
					for range n {
						if o := pickFrom(r, ids); o != id {
							others[o] = true
						}
					}
					req := contactkit.MergeRequest{Primary: id, Policy: pickFrom(r, []merge.Policy{merge.PolicyPrimary, merge.PolicyMostRecent})}
					// Sorted: a seed replays the same merges, whatever the map's order.
					req.Others = slices.SortedFunc(maps.Keys(others), func(a, b contact.ID) int { return strings.Compare(a.String(), b.String()) })
					var rec merge.Record
					if rec, err = m.tryMerge(ctx, owner, req); err == nil {
						recs = append(recs, rec.ID)
					}
				case "unmerge":
					if len(recs) == 0 {
						continue
					}
					rid := pickFrom(r, recs)
					before := m.state(t, ids...)
					_, err = m.svc.UnmergeContacts(ctx, owner, rid)
					if _, ok := errors.AsType[*contactkit.UnmergeError](err); ok {
						assert.Equal(t, before, m.state(t, ids...), "step %d: a refused unmerge changes nothing", step)
					} else if err == nil {
						now := m.state(t, ids...)
						_, err2 := m.svc.UnmergeContacts(ctx, owner, rid)
						require.NoError(t, err2, "step %d: again", step)
						assert.Equal(t, now, m.state(t, ids...), "step %d: undoing an undone merge does nothing", step)
					}
				case "swap":
					var c contact.Contact
					if c, err = m.svc.GetContact(ctx, owner, id); err == nil && len(c.OtherEmails) > 0 {
						e := pickFrom(r, c.OtherEmails)
						var others []contact.LabeledInput
						for _, x := range c.OtherEmails {
							if x.Email == e.Email {
								x = contact.LabeledEmail{Email: c.Email, Label: c.EmailLabel}
							}
							others = append(others, contact.LabeledInput{Value: x.Email.String(), Label: string(x.Label)})
						}
						_, err = m.svc.UpdateContact(ctx, owner, id, contact.Patch{Email: new(e.Email.String()), EmailLabel: new(string(e.Label)), OtherEmails: &others})
					}
				case "name":
					_, err = m.svc.UpdateContact(ctx, owner, id, contact.Patch{City: new(pickFrom(r, []string{"", "Nice", "Lyon"})), FirstName: new(pickFrom(r, []string{"Zed", "Ada"}))})
				case "deltag":
					_, err = m.svc.DeleteTag(ctx, owner, pickFrom(r, []string{"vip", "lead", "a", "b"}))
				case "retype":
					d := score
					d.Type = pickFrom(r, []field.Type{field.TypeText, field.TypeNumber})
					conv, perr := m.svc.PreviewFieldTypeChange(ctx, owner, d)
					if err = perr; err == nil {
						_, err = m.svc.ChangeFieldType(ctx, owner, contactkit.FieldTypeChange{Definition: d, AcceptLosses: conv.Losses})
					}
					score.Type = d.Type
					if err != nil {
						score.Type = field.TypeText
					}
				case "delete":
					_, err = m.svc.DeleteContact(ctx, owner, id)
				case "restore":
					_, err = m.svc.RestoreContact(ctx, owner, id)
				case "unsub":
					_, err = m.svc.Unsubscribe(ctx, owner, id, pickFrom(r, []list.Channel{list.ChannelEmail, list.ChannelSMS}), "stop")
				}
				if err == nil {
					done[op]++
				} else {
					known := false
					for _, k := range []error{contactkit.ErrConflict, contactkit.ErrNotFound, contactkit.ErrInvalidInput, contactkit.ErrAlreadyExists} {
						known = known || errors.Is(err, k)
					}
					assert.True(t, known, "step %d (%s): an error of no category: %v", step, op, err)
				}
				rv20MergeLive(t, m, fmt.Sprintf("step %d (%s, err %v)", step, op, err))
				if t.Failed() {
					t.FailNow()
				}
			}
			t.Logf("done: %v", done)
			assert.Positive(t, done["merge"])
			assert.Positive(t, done["unmerge"])
		})
	}
}
