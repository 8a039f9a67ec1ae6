package contactkit_test

// Review 20, bulk: seeded walks of the bulk calls (D4) over messy
// selections, as an independent tester would run them: IDs repeated,
// unknown, of another workspace, trashed, merged away, blocked, contacts a
// change refuses; random batch sizes, stops and runs again; and a
// concurrent writer changing the workspace while a query's selection runs.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
)

// rv20BulkWorld is a workspace set up with every kind of contact a bulk
// selection may name.
type rv20BulkWorld struct {
	h       *harness
	list    list.ID
	live    []contact.ID // live, active or blocked
	full    []contact.ID // live, at the limit of tags per contact
	lacking []contact.ID // live, without the required field made required after
	trashed []contact.ID // in the trash, or merged away
	absent  []contact.ID // unknown, or of another workspace
}

func rv20BulkSetUp(t *testing.T, r *rand.Rand) *rv20BulkWorld {
	t.Helper()
	h := newHarness(t)
	ctx := t.Context()
	w := &rv20BulkWorld{h: h, list: h.newList(t, list.List{Name: "News"}).ID}
	_, err := h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("tier"), Label: "Tier", Type: field.TypeSelect,
		Options: []field.Option{{Value: "a"}, {Value: "b"}}})
	require.NoError(t, err)
	code, err := h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("code"), Label: "Code", Type: field.TypeText})
	require.NoError(t, err)
	for i := range 2 {
		w.lacking = append(w.lacking, h.create(t, owner, contact.Patch{FirstName: new(fmt.Sprint("Lacking ", i))}).ID)
	}
	code.Required = true
	def, err := h.svc.UpdateField(ctx, owner, code)
	require.NoError(t, err)
	require.True(t, def.Required)
	many := make([]string, 100)
	for i := range many {
		many[i] = fmt.Sprint("t", i)
	}
	for i := range 2 {
		w.full = append(w.full, h.create(t, owner, contact.Patch{FirstName: new(fmt.Sprint("Full ", i)), Fields: map[string]string{"code": "x"}}, many...).ID)
	}
	for i := range 12 + r.IntN(6) {
		var tags []string
		if r.IntN(2) == 0 {
			tags = []string{"wave"}
		}
		c := h.create(t, owner, contact.Patch{FirstName: new(fmt.Sprint("Live ", i)), Email: new(fmt.Sprintf("live%d@example.com", i)),
			Fields: map[string]string{"code": "x"}}, tags...)
		w.live = append(w.live, c.ID)
		if r.IntN(5) == 0 {
			_, err := h.svc.BlockContact(ctx, owner, c.ID, "spam")
			require.NoError(t, err)
		}
	}
	for i := range 3 {
		c := h.create(t, owner, contact.Patch{FirstName: new(fmt.Sprint("Gone ", i)), Fields: map[string]string{"code": "x"}}, "wave")
		_, err := h.svc.DeleteContact(ctx, owner, c.ID)
		require.NoError(t, err)
		w.trashed = append(w.trashed, c.ID)
	}
	keep := h.create(t, owner, contact.Patch{FirstName: new("Kim"), Email: new("kim@example.com"), Fields: map[string]string{"code": "x"}})
	dup := h.create(t, owner, contact.Patch{FirstName: new("Kim"), Email: new("kim+x@example.com"), Fields: map[string]string{"code": "x"}})
	p, err := h.svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: keep.ID, Others: []contact.ID{dup.ID}})
	require.NoError(t, err)
	_, err = h.svc.MergeContacts(ctx, owner, p)
	require.NoError(t, err)
	w.live = append(w.live, keep.ID)
	w.trashed = append(w.trashed, dup.ID)
	w.absent = append(w.absent, contact.ID(uuid.Must(uuid.NewV7())), h.create(t, other, contact.Patch{FirstName: new("Foreign")}).ID)
	h.takeEvents()
	return w
}

// rv20BulkAction is one bulk call of the walk.
type rv20BulkAction struct {
	name string
	run  func(ctx context.Context, w *rv20BulkWorld, b contactkit.Bulk) (contactkit.BulkResult, error)
}

var rv20BulkActions = []rv20BulkAction{
	{"tag", func(ctx context.Context, w *rv20BulkWorld, b contactkit.Bulk) (contactkit.BulkResult, error) {
		return w.h.svc.TagContacts(ctx, owner, b, "wave")
	}},
	{"untag", func(ctx context.Context, w *rv20BulkWorld, b contactkit.Bulk) (contactkit.BulkResult, error) {
		return w.h.svc.UntagContacts(ctx, owner, b, "wave")
	}},
	{"assign", func(ctx context.Context, w *rv20BulkWorld, b contactkit.Bulk) (contactkit.BulkResult, error) {
		return w.h.svc.AssignContacts(ctx, owner, b, "u-bob")
	}},
	{"unassign", func(ctx context.Context, w *rv20BulkWorld, b contactkit.Bulk) (contactkit.BulkResult, error) {
		return w.h.svc.AssignContacts(ctx, owner, b, "")
	}},
	{"set a", func(ctx context.Context, w *rv20BulkWorld, b contactkit.Bulk) (contactkit.BulkResult, error) {
		return w.h.svc.SetContactsField(ctx, owner, b, "tier", "a")
	}},
	{"clear", func(ctx context.Context, w *rv20BulkWorld, b contactkit.Bulk) (contactkit.BulkResult, error) {
		return w.h.svc.SetContactsField(ctx, owner, b, "tier", "")
	}},
	{"add to list", func(ctx context.Context, w *rv20BulkWorld, b contactkit.Bulk) (contactkit.BulkResult, error) {
		return w.h.svc.AddContactsToList(ctx, owner, b, w.list)
	}},
}

// rv20BulkCheck asserts what every bulk result must say of the selection
// ids: each contact in exactly one of its lists, each list in selection
// order, the untouched ones the tail of whole batches, events about the
// changed contacts only, and the last progress report agreeing.
func rv20BulkCheck(t *testing.T, w *rv20BulkWorld, ids []contact.ID, size int, res contactkit.BulkResult, progress []contactkit.BulkProgress, events map[contact.ID][]string) {
	t.Helper()
	batches := (len(ids) + size - 1) / size
	assert.Equal(t, batches, res.Batches)
	reached := min(res.Committed*size, len(ids))
	assert.Equal(t, append([]contact.ID(nil), ids[reached:]...), res.Untouched, "the untouched contacts are the batches not committed")
	var failed []contact.ID
	for _, f := range res.Failed {
		failed = append(failed, f.ID)
		switch {
		case slices.Contains(w.absent, f.ID):
			assert.ErrorIs(t, f.Err, contactkit.ErrNotFound, "absent %s", f.ID)
		case slices.Contains(w.trashed, f.ID):
			assert.ErrorIs(t, f.Err, contactkit.ErrTrashed, "trashed %s", f.ID)
		default:
			assert.ErrorIs(t, f.Err, contactkit.ErrInvalidInput, "refused %s", f.ID)
		}
	}
	done := ids[:reached]
	for _, part := range [][]contact.ID{res.Changed, res.Unchanged, failed} {
		var inOrder []contact.ID
		for _, id := range done {
			if slices.Contains(part, id) {
				inOrder = append(inOrder, id)
			}
		}
		assert.Equal(t, inOrder, part, "in the order of the selection")
	}
	assert.Equal(t, len(done), len(res.Changed)+len(res.Unchanged)+len(res.Failed), "each reached contact in exactly one list")
	var withEvents []contact.ID
	for id := range events {
		withEvents = append(withEvents, id)
	}
	assert.ElementsMatch(t, res.Changed, withEvents, "events about the changed contacts, and them only")
	assert.Len(t, progress, res.Committed)
	if len(progress) > 0 {
		last := progress[len(progress)-1]
		assert.Equal(t, contactkit.BulkProgress{Batch: res.Committed, Batches: batches, Total: len(ids),
			Changed: len(res.Changed), Unchanged: len(res.Unchanged), Failed: len(res.Failed)}, last)
	}
}

// Seeded walks of every bulk call over messy selections, stopped at random
// batches and run again: every result says what happened to each contact,
// the events are those of the changed contacts, the contacts not changed
// are as they were, and a run again after a stop changes only what the
// first did not.
func TestRv20BulkWalkMessySelections(t *testing.T) {
	for seed := range uint64(12) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 20))
			w := rv20BulkSetUp(t, r)
			pool := slices.Concat(w.live, w.full, w.lacking, w.trashed, w.absent)
			for round := range 25 {
				act := rv20BulkActions[r.IntN(len(rv20BulkActions))]
				var given []contact.ID
				for range r.IntN(len(pool) + 2) {
					given = append(given, pool[r.IntN(len(pool))])
				}
				var ids []contact.ID
				for _, id := range given {
					if !slices.Contains(ids, id) {
						ids = append(ids, id)
					}
				}
				b := contactkit.Bulk{IDs: given, Expected: len(ids), BatchSize: 1 + r.IntN(6)}
				if len(given) == 0 && r.IntN(2) == 0 {
					b.Query = contactkit.ContactQuery{Tag: "wave"}
				}
				if len(given) == 0 {
					ids = w.h.ids(t, b.Query)
					b.Expected = len(ids)
				}
				before := map[contact.ID]contact.Contact{}
				for _, id := range ids {
					if c, err := w.h.svc.GetContact(t.Context(), owner, id); err == nil {
						before[id] = c
					}
				}
				stopAfter := -1
				if r.IntN(3) == 0 {
					stopAfter = 1 + r.IntN(3)
				}
				ctx, cancel := context.WithCancel(t.Context())
				var progress []contactkit.BulkProgress
				b.Progress = func(p contactkit.BulkProgress) {
					progress = append(progress, p)
					if p.Batch == stopAfter {
						cancel()
					}
				}
				res, err := act.run(ctx, w, b)
				cancel()
				msg := fmt.Sprintf("round %d, %s of %d contacts in batches of %d", round, act.name, len(ids), b.BatchSize)
				if stopAfter > 0 && stopAfter < res.Batches {
					require.ErrorIs(t, err, context.Canceled, msg)
				} else {
					require.NoError(t, err, msg)
				}
				rv20BulkCheck(t, w, ids, b.BatchSize, res, progress, eventsByContact(w.h.takeEvents()))
				for id, c := range before {
					after, err := w.h.svc.GetContact(t.Context(), owner, id)
					require.NoError(t, err)
					if act.name == "add to list" || slices.Contains(res.Changed, id) {
						continue
					}
					assert.Equal(t, c.Version, after.Version, "%s: %s not changed is as it was", msg, id)
				}
				if err == nil {
					continue
				}
				progress = nil
				again, err := act.run(t.Context(), w, contactkit.Bulk{IDs: ids, Expected: len(ids), BatchSize: b.BatchSize,
					Progress: func(p contactkit.BulkProgress) { progress = append(progress, p) }})
				require.NoError(t, err, msg)
				rv20BulkCheck(t, w, ids, b.BatchSize, again, progress, eventsByContact(w.h.takeEvents()))
				for _, id := range res.Changed {
					assert.NotContains(t, again.Changed, id, "%s: changed twice", msg)
				}
				assert.Subset(t, res.Untouched, again.Changed, "%s: the second run changes only what the first did not reach", msg)
			}
		})
	}
}
