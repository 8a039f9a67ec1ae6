package merge_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
)

// population returns n entries of which about a tenth are in duplicate
// groups (pairs and triples sharing an email or a phone), in random order.
func population(n int, seed uint64) []merge.Entry {
	r := rand.New(rand.NewPCG(seed, 1))
	out := make([]merge.Entry, 0, n)
	for len(out) < n {
		i := len(out)
		id := contact.ID{}
		id[0], id[1], id[2], id[3] = byte(i>>24), byte(i>>16), byte(i>>8), byte(i)
		id[8] = byte(r.IntN(256))
		e := merge.Entry{ID: id, Keys: []string{fmt.Sprintf("email:person%d@example.com", i), fmt.Sprintf("phone:+3361%07d", i)}}
		out = append(out, e)
		if r.IntN(100) < 5 && len(out)+1 < n { // a pair or a triple: about 10 % of the entries
			for k := range 1 + r.IntN(2) {
				d := merge.Entry{ID: contact.ID{byte(k + 1), byte(i >> 16), byte(i >> 8), byte(i)}}
				d.ID[8] = 0xff
				if r.IntN(2) == 0 {
					d.Keys = []string{e.Keys[0], fmt.Sprintf("phone:+3362%07d%d", i, k)}
				} else {
					d.Keys = []string{fmt.Sprintf("email:dup%d.%d@example.com", i, k), e.Keys[1]}
				}
				out = append(out, d)
			}
		}
	}
	out = out[:n]
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// baseline is the plain approach: a map of slices from key to holders,
// then a walk of the graph.
func baseline(entries []merge.Entry) [][]contact.ID {
	holders := map[string][]int{}
	for i, e := range entries {
		for _, k := range e.Keys {
			holders[k] = append(holders[k], i)
		}
	}
	seen := make([]bool, len(entries))
	var groups [][]contact.ID
	for i := range entries {
		if seen[i] {
			continue
		}
		var g []contact.ID
		stack := []int{i}
		seen[i] = true
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			g = append(g, entries[j].ID)
			for _, k := range entries[j].Keys {
				for _, h := range holders[k] {
					if !seen[h] {
						seen[h] = true
						stack = append(stack, h)
					}
				}
			}
		}
		if len(g) > 1 {
			groups = append(groups, g)
		}
	}
	return groups
}

func sortedGroups(gs [][]contact.ID) [][]contact.ID {
	for _, g := range gs {
		slices.SortFunc(g, contact.ID.Compare)
	}
	slices.SortFunc(gs, func(a, b []contact.ID) int { return a[0].Compare(b[0]) })
	return gs
}

func groupsOf(r merge.Result) [][]contact.ID {
	var out [][]contact.ID
	for _, g := range r.Groups {
		out = append(out, slices.Clone(g.Contacts))
	}
	return sortedGroups(out)
}

// TestDetectAgreesWithBaselineAndIndex: the fast paths give the same groups
// as the plain approach.
func TestDetectAgreesWithBaselineAndIndex(t *testing.T) {
	for seed := range uint64(5) {
		entries := population(20000, seed)
		want := sortedGroups(baseline(entries))
		got := merge.Detect(entries, &merge.DetectOptions{Limit: 1 << 20})
		if !slices.EqualFunc(groupsOf(got), want, slices.Equal) {
			t.Fatalf("seed %d: Detect and the baseline differ: %d and %d groups", seed, len(got.Groups), len(want))
		}
		x := merge.NewIndex()
		for _, e := range entries {
			x.Put(e)
		}
		// Churn: remove and put back some entries.
		for _, e := range entries[:1000] {
			x.Remove(e.ID)
		}
		for _, e := range entries[:1000] {
			x.Put(e)
		}
		fromIndex := x.Detect(&merge.DetectOptions{Limit: 1 << 20})
		if !slices.EqualFunc(groupsOf(fromIndex), want, slices.Equal) {
			t.Fatalf("seed %d: Index.Detect and the baseline differ", seed)
		}
		if len(want) == 0 {
			t.Fatal("no groups")
		}
	}
}

var sink any

// BenchmarkDetect runs duplicate detection over 1,000,000 contacts (about
// 10 % in duplicate groups): Detect from scratch, the map-of-slices
// baseline, and Index.Detect from a maintained index, in one run. B/contact
// is the memory each run allocates, per contact.
func BenchmarkDetect(b *testing.B) {
	n := 1_000_000
	if testing.Short() {
		n = 100_000
	}
	entries := population(n, 1)
	measure := func(b *testing.B, f func()) {
		runtime.GC()
		b.ReportAllocs()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		for b.Loop() {
			f()
		}
		runtime.ReadMemStats(&m1)
		b.ReportMetric(float64(m1.TotalAlloc-m0.TotalAlloc)/float64(b.N)/float64(n), "B/contact")
	}
	x := merge.NewIndex()
	for _, e := range entries {
		x.Put(e)
	}
	// Interleaved, so that the machine's drift hits all alike.
	for range 2 {
		b.Run("contactkit", func(b *testing.B) { measure(b, func() { sink = merge.Detect(entries, nil) }) })
		b.Run("baseline", func(b *testing.B) { measure(b, func() { sink = baseline(entries) }) })
		b.Run("index", func(b *testing.B) { measure(b, func() { sink = x.Detect(nil) }) })
	}
}
