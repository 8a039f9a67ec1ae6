package merge

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortSlotsSortsAsAComparisonSort checks the radix sort of holders
// against slices.SortFunc on random keys, with many clashes of the high
// half (the case the radix passes leave to the second sort) and sizes on
// both sides of the threshold.
func TestSortSlotsSortsAsAComparisonSort(t *testing.T) {
	type pair struct{ hi, lo uint64 }
	key := func(p pair) (uint64, uint64) { return p.hi, p.lo }
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 2, 255, 256, 1000, 20000} {
		for _, his := range []int{1, 3, 1 << 20, 1 << 62} {
			xs := make([]pair, n)
			for i := range xs {
				xs[i] = pair{uint64(r.IntN(his)) << r.IntN(3), r.Uint64()}
			}
			want := slices.Clone(xs)
			slices.SortFunc(want, func(a, b pair) int {
				if c := cmp.Compare(a.hi, b.hi); c != 0 {
					return c
				}
				return cmp.Compare(a.lo, b.lo)
			})
			sortSlots(xs, key)
			if !slices.Equal(xs, want) {
				t.Fatalf("n=%d, %d values of the high half: sortSlots differs from a comparison sort", n, his)
			}
		}
	}
	small := []int32{5, 3, 9, 3, 1}
	sortSmall(small)
	if !slices.Equal(small, []int32{1, 3, 3, 5, 9}) {
		t.Fatalf("sortSmall: %v", small)
	}
}
