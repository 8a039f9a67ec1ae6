package memstore

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/contactkit/contactkit/contact"
)

func randomID(r *rand.Rand, space int) contact.ID {
	var id contact.ID
	// A small space makes duplicates and deletions of present IDs common.
	n := r.IntN(space)
	id[0], id[7], id[8], id[15] = byte(n>>12), byte(n>>8), byte(n>>4), byte(n)
	return id
}

func TestCompareIDAgreesWithCompare(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 100_000 {
		a, b := randomID(r, 1<<16), randomID(r, 1<<16)
		if r.IntN(4) == 0 {
			b = a
		}
		if got, want := compareID(a, b), a.Compare(b); got != want {
			t.Fatalf("compareID(%s, %s) = %d, want %d", a, b, got, want)
		}
	}
}

// TestIDSetAgreesWithSortedSlice checks the idSet against a sorted slice
// under random inserts, deletes and walks.
func TestIDSetAgreesWithSortedSlice(t *testing.T) {
	for _, space := range []int{50, 2000, 1 << 16} {
		r := rand.New(rand.NewPCG(uint64(space), 1))
		var s idSet
		var want []contact.ID
		for step := range 20_000 {
			id := randomID(r, space)
			i, found := slices.BinarySearchFunc(want, id, contact.ID.Compare)
			switch r.IntN(3) {
			case 0, 1:
				if got := s.Insert(id); got == found {
					t.Fatalf("step %d: Insert(%s) = %v, want %v", step, id, got, !found)
				}
				if !found {
					want = slices.Insert(want, i, id)
				}
			case 2:
				if got := s.Delete(id); got != found {
					t.Fatalf("step %d: Delete(%s) = %v, want %v", step, id, got, found)
				}
				if found {
					want = slices.Delete(want, i, i+1)
				}
			}
			if s.Len() != len(want) {
				t.Fatalf("step %d: Len = %d, want %d", step, s.Len(), len(want))
			}
			if step%500 == 0 || step == 19_999 {
				after := randomID(r, space)
				var got []contact.ID
				s.Ascend(after, true, func(id contact.ID) bool { got = append(got, id); return true })
				j, found := slices.BinarySearchFunc(want, after, contact.ID.Compare)
				if found {
					j++
				}
				if !slices.Equal(got, want[j:]) {
					t.Fatalf("step %d: Ascend after %s: got %d IDs, want %d", step, after, len(got), len(want)-j)
				}
				got = got[:0]
				s.Ascend(contact.ID{}, false, func(id contact.ID) bool { got = append(got, id); return true })
				if !slices.Equal(got, want) {
					t.Fatalf("step %d: Ascend: got %d IDs, want %d", step, len(got), len(want))
				}
				for _, blk := range s.blocks {
					if len(blk) == 0 || len(blk) > blockMax {
						t.Fatalf("step %d: block of %d IDs", step, len(blk))
					}
				}
			}
			// The blocks' last elements, kept apart, after every step.
			if len(s.blocks) < 2 && s.lasts != nil || len(s.blocks) >= 2 && len(s.lasts) != len(s.blocks) {
				t.Fatalf("step %d: %d lasts for %d blocks", step, len(s.lasts), len(s.blocks))
			}
			for b := range s.lasts {
				if blk := s.blocks[b]; s.lasts[b] != blk[len(blk)-1] {
					t.Fatalf("step %d: lasts[%d] is not the last of its block", step, b)
				}
			}
			if _, in := slices.BinarySearchFunc(want, id, contact.ID.Compare); s.Has(id) != in {
				t.Fatalf("step %d: Has(%s) = %v", step, id, !in)
			}
		}
	}
}
