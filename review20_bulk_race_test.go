package contactkit_test

// Review 20, bulk: bulk calls racing other writers of the same workspace.

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/tag"
)

// A tag query's selection changed by another writer while the call runs
// (contacts deleted, merged away, blocked, created, untagged): every
// contact counted is in exactly one list of the result, a contact gone
// meanwhile fails in the trash, one created meanwhile is not reached, and
// the events are those of the changed contacts.
func TestRv20BulkRaceQueryChangedWhileRunning(t *testing.T) {
	for seed := range uint64(6) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 7))
			h := newHarness(t)
			ctx := t.Context()
			var ids []contact.ID
			for i := range 60 {
				ids = append(ids, h.create(t, owner, contact.Patch{FirstName: new(fmt.Sprint("P", i)), Email: new(fmt.Sprintf("p%d@example.com", i))}, "old").ID)
			}
			selected := h.ids(t, contactkit.ContactQuery{Tag: "old"})
			require.Len(t, selected, len(ids))
			h.takeEvents()
			var plan []int
			for range 30 {
				plan = append(plan, r.IntN(5))
			}
			var created []contact.ID
			var wg sync.WaitGroup
			var res contactkit.BulkResult
			var err error
			started := make(chan struct{})
			var once sync.Once
			wg.Go(func() {
				defer once.Do(func() { close(started) })
				res, err = h.svc.TagContacts(ctx, owner, contactkit.Bulk{Query: contactkit.ContactQuery{Tag: "old"}, Expected: len(ids), BatchSize: 1 + int(seed),
					Progress: func(contactkit.BulkProgress) { once.Do(func() { close(started) }) }}, "wave")
			})
			wg.Go(func() {
				<-started
				for i, what := range plan {
					id := ids[i*2]
					switch what {
					case 0:
						_, _ = h.svc.DeleteContact(ctx, owner, id)
					case 1:
						p, err := h.svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: ids[i*2+1], Others: []contact.ID{id}})
						if err == nil {
							_, _ = h.svc.MergeContacts(ctx, owner, p)
						}
					case 2:
						_, _ = h.svc.BlockContact(ctx, owner, id, "spam")
					case 3:
						c, err := h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(fmt.Sprint("New", i))}, Tags: []string{"old"}})
						if err == nil {
							created = append(created, c.ID)
						}
					case 4:
						_, _ = h.svc.UntagContact(ctx, owner, id, "old")
					}
				}
			})
			wg.Wait()
			require.NoError(t, err)
			var failed []contact.ID
			for _, f := range res.Failed {
				failed = append(failed, f.ID)
				assert.ErrorIs(t, f.Err, contactkit.ErrTrashed, "%s failed only in the trash", f.ID)
			}
			all := slices.Concat(res.Changed, res.Unchanged, failed)
			assert.ElementsMatch(t, ids, all, "each contact counted in exactly one list")
			for _, id := range created {
				assert.NotContains(t, all, id, "a contact created meanwhile is not reached")
			}
			tagged := map[contact.ID]int{}
			for _, e := range h.takeEvents() {
				if e, ok := e.(contactkit.ContactTagged); ok && slices.Contains(e.Tags, tag.MustParseName("wave")) {
					tagged[e.Contact]++
				}
			}
			for _, id := range res.Changed {
				assert.Equal(t, 1, tagged[id], "one event per change of %s", id)
				c, err := h.svc.GetContact(ctx, owner, id)
				require.NoError(t, err)
				assert.True(t, c.Tags.Has(tag.MustParseName("wave")), "%s tagged", id)
			}
			assert.Len(t, tagged, len(res.Changed), "no event about a contact not changed")
		})
	}
}

// Two bulk deletes of the same contacts at once: each contact goes to the
// trash once, changed by one call and failed in the trash by the other,
// with one deleted event.
func TestRv20BulkRaceTwoDeletesOfTheSameContacts(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	var ids []contact.ID
	for i := range 50 {
		ids = append(ids, h.create(t, owner, contact.Patch{FirstName: new(fmt.Sprint("P", i))}).ID)
	}
	h.takeEvents()
	back := slices.Clone(ids)
	slices.Reverse(back)
	var res [2]contactkit.BulkResult
	var errs [2]error
	var wg sync.WaitGroup
	for i, sel := range [][]contact.ID{ids, back} {
		wg.Go(func() {
			res[i], errs[i] = h.svc.DeleteContacts(ctx, owner, contactkit.Bulk{IDs: sel, Expected: len(sel), BatchSize: 3 + i*4})
		})
	}
	wg.Wait()
	require.NoError(t, errs[0])
	require.NoError(t, errs[1])
	changed := slices.Concat(res[0].Changed, res[1].Changed)
	assert.ElementsMatch(t, ids, changed, "each contact deleted by one call")
	for i := range res {
		assert.Len(t, res[i].Failed, len(ids)-len(res[i].Changed))
		for _, f := range res[i].Failed {
			assert.ErrorIs(t, f.Err, contactkit.ErrTrashed)
		}
	}
	deleted := map[contact.ID]int{}
	for _, e := range h.takeEvents() {
		if _, ok := e.(contactkit.ContactDeleted); ok {
			deleted[e.Meta().Contact]++
		}
	}
	assert.Len(t, deleted, len(ids))
	for id, n := range deleted {
		assert.Equal(t, 1, n, "one deleted event for %s", id)
	}
}
