package contactkit_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// randomEmail returns an address from a small pool in which many addresses
// match (subaddresses, Gmail dots, googlemail.com).
func randomEmail(r *rand.Rand) string {
	local := []string{"ann", "bob", "cy", "dee", "eve"}[r.IntN(5)]
	domain := []string{"gmail.com", "work.com"}[r.IntN(2)]
	switch r.IntN(4) {
	case 1:
		local += fmt.Sprint("+", r.IntN(3))
	case 2:
		if domain == "gmail.com" {
			local = local[:1] + "." + local[1:]
		}
	case 3:
		if domain == "gmail.com" {
			domain = "googlemail.com"
		}
	}
	return local + "@" + domain
}

// findBoth returns what FindDuplicates finds from its index and from
// scratch.
func findBoth(t *testing.T, svc *contactkit.Service, limit int) (fromIndex, fromScratch merge.Result) {
	t.Helper()
	var err error
	fromIndex, err = svc.FindDuplicates(t.Context(), owner, &contactkit.DuplicateOptions{Limit: limit})
	require.NoError(t, err)
	fromScratch, err = svc.FindDuplicates(t.Context(), owner, &contactkit.DuplicateOptions{Limit: limit, FromScratch: true})
	require.NoError(t, err)
	return fromIndex, fromScratch
}

// TestDuplicateIndexAgreesWithDetectionFromScratch: after every step of
// random sequences of creations, edits, deletions, restores, erasures,
// blocks, unblocks, merges, unmerges and dismissals, the index the Service
// keeps gives exactly the answer of detection over every contact.
func TestDuplicateIndexAgreesWithDetectionFromScratch(t *testing.T) {
	seeds, steps := uint64(12), 200
	if testing.Short() {
		seeds = 4
	}
	for seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			ctx := t.Context()
			m := newMerger(t, storetest.Retrying(memstore.New()))
			r := rand.New(rand.NewPCG(seed, 12))
			var ids []contact.ID
			var merges []merge.ID
			var trashed []contact.ID // some of them restored or erased since
			pick := func() contact.ID { return ids[r.IntN(len(ids))] }
			others := func() *[]contact.LabeledInput {
				var in []contact.LabeledInput
				for range r.IntN(3) {
					in = append(in, contact.LabeledInput{Value: randomEmail(r), Label: "work"})
				}
				return &in
			}
			if seed%2 == 1 {
				// The index is built while the workspace holds contacts.
				for range 10 {
					if c, err := m.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Email: new(randomEmail(r))}}); err == nil {
						ids = append(ids, c.ID)
					}
				}
			}
			done := map[string]int{}
			for step := range steps {
				op := "create"
				if len(ids) > 0 {
					op = []string{"create", "create", "create", "update", "update", "delete", "restore", "restore", "erase",
						"block", "unblock", "merge", "merge", "unmerge", "dismiss", "dismiss"}[r.IntN(16)]
				}
				var err error
				switch op {
				case "create":
					var c contact.Contact
					c, err = m.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Email: new(randomEmail(r)), OtherEmails: others()}})
					if err == nil {
						ids = append(ids, c.ID)
					}
				case "update":
					p := contact.Patch{OtherEmails: others()}
					if r.IntN(2) == 0 {
						p.Email = new(randomEmail(r))
					}
					_, err = m.svc.UpdateContact(ctx, owner, pick(), p)
				case "delete":
					id := pick()
					if _, err = m.svc.DeleteContact(ctx, owner, id); err == nil {
						trashed = append(trashed, id)
					}
				case "restore":
					id := pick()
					if len(trashed) > 0 && r.IntN(4) > 0 {
						id = trashed[r.IntN(len(trashed))]
					}
					_, err = m.svc.RestoreContact(ctx, owner, id)
				case "erase":
					i := r.IntN(len(ids))
					if err = m.svc.EraseContact(ctx, owner, ids[i]); err == nil {
						ids = slices.Delete(ids, i, i+1)
					}
				case "block":
					_, err = m.svc.BlockContact(ctx, owner, pick(), "spam")
				case "unblock":
					_, err = m.svc.UnblockContact(ctx, owner, pick())
				case "merge":
					var rec merge.Record
					if rec, err = m.tryMerge(ctx, owner, contactkit.MergeRequest{Primary: pick(), Others: []contact.ID{pick()}}); err == nil {
						merges = append(merges, rec.ID)
					}
				case "unmerge":
					if len(merges) == 0 {
						continue
					}
					_, err = m.svc.UnmergeContacts(ctx, owner, merges[r.IntN(len(merges))])
				case "dismiss":
					_, err = m.svc.DismissDuplicate(ctx, owner, pick(), pick())
				}
				if err == nil {
					done[op]++
				}
				fromIndex, fromScratch := findBoth(t, m.svc, 1+r.IntN(4))
				require.Equal(t, fromScratch, fromIndex, "step %d (%s, err %v): the index and detection from scratch differ", step, op, err)
			}
			t.Logf("operations done: %v", done)
			for _, op := range []string{"create", "update", "delete", "restore", "block", "merge", "dismiss"} {
				assert.Positive(t, done[op], "no %s succeeded: the sequence tests too little", op)
			}
		})
	}
}

// TestFindDuplicatesReadsOnlyTheIndex: once the index is built,
// FindDuplicates makes the same few store calls however many contacts the
// workspace holds.
func TestFindDuplicatesReadsOnlyTheIndex(t *testing.T) {
	calls := func(n int) int64 {
		f := &faulty{Store: memstore.New(), n: 1 << 62} // counts, never fails
		m := newMerger(t, f)
		for i := range n {
			m.create(t, owner, contact.Patch{Email: new(fmt.Sprintf("person%d@example.com", i))})
		}
		m.create(t, owner, contact.Patch{Email: new("person0+shop@example.com")})
		_, err := m.svc.FindDuplicates(t.Context(), owner, nil) // builds the index
		require.NoError(t, err)
		f.calls.Store(0)
		r, err := m.svc.FindDuplicates(t.Context(), owner, nil)
		require.NoError(t, err)
		require.Len(t, r.Groups, 1)
		return f.calls.Load()
	}
	small, large := calls(10), calls(3000)
	assert.Equal(t, small, large, "store calls of FindDuplicates with 10 and with 3,000 contacts")
}

// TestDuplicateIndexIsBuiltForContactsWrittenWithoutIt: a workspace whose
// contacts were stored without the index (written by an older version, or
// straight into the store) gets the right answer, and the index from then
// on.
func TestDuplicateIndexIsBuiltForContactsWrittenWithoutIt(t *testing.T) {
	s := memstore.New()
	ctx := t.Context()
	var want []contact.ID
	for i, e := range []string{"ann@gmail.com", "a.nn+x@googlemail.com", "bob@work.com"} {
		c := contact.Contact{ID: contact.ID{byte(i + 1)}, Workspace: owner.Workspace, Status: contact.StatusActive, Email: contact.MustParseEmail(e)}
		require.NoError(t, s.Update(ctx, func(tx store.Tx) error {
			cc := c.Clone()
			return tx.Contacts().Create(ctx, &cc)
		}))
		if i < 2 {
			want = append(want, c.ID)
		}
	}
	m := newMerger(t, s)
	r, err := m.svc.FindDuplicates(ctx, owner, nil)
	require.NoError(t, err)
	require.Len(t, r.Groups, 1)
	assert.Equal(t, want, r.Groups[0].Contacts)
	_, err = m.svc.UpdateContact(ctx, owner, want[1], contact.Patch{Email: new("bob+1@work.com")})
	require.NoError(t, err)
	fromIndex, fromScratch := findBoth(t, m.svc, 0)
	assert.Equal(t, fromScratch, fromIndex)
	assert.Equal(t, []contact.ID{want[1], {3}}, fromIndex.Groups[0].Contacts)
}
