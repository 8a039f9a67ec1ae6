package seenkeys

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"unsafe"
)

// maxUint32 is a variable so that int(maxUint32) compiles where an int
// has 32 bits.
var maxUint32 uint64 = math.MaxUint32

// base returns the hashes of s's base, in order.
func base(s *Set) []uint64 {
	var hs []uint64
	for i := range s.n {
		hs = append(hs, s.blocks[i>>blockShift].hashes[i&blockMask])
	}
	return hs
}

// count returns the number of hashes s holds: those of the base, and those
// of recent that the base does not hold.
func count(s *Set) int {
	c := s.n
	for h := range s.recent {
		if _, ok := s.search(h); !ok {
			c++
		}
	}
	return c
}

// check fails t unless s's base is sorted, holds each hash once, in as many
// blocks as it needs, whose first hashes are firsts.
func check(t *testing.T, s *Set) {
	t.Helper()
	if want := (s.n + blockLen - 1) / blockLen; len(s.blocks) != want {
		t.Fatalf("%d blocks for %d entries, want %d", len(s.blocks), s.n, want)
	}
	if len(s.firsts) != len(s.blocks) {
		t.Fatalf("%d firsts for %d blocks", len(s.firsts), len(s.blocks))
	}
	for b, blk := range s.blocks {
		if s.firsts[b] != blk.hashes[0] {
			t.Fatalf("firsts[%d] = %#x, want %#x", b, s.firsts[b], blk.hashes[0])
		}
	}
	hs := base(s)
	for i := 1; i < len(hs); i++ {
		if hs[i-1] >= hs[i] {
			t.Fatalf("base not sorted at %d: %#x then %#x", i, hs[i-1], hs[i])
		}
	}
}

func TestSetFirstLineWins(t *testing.T) {
	type add struct {
		h    uint64
		line int
	}
	type get struct {
		h    uint64
		line int
		ok   bool
	}
	tests := []struct {
		name string
		adds []add
		gets []get
	}{
		{name: "empty", gets: []get{{h: 0}, {h: 1}, {h: math.MaxUint64}}},
		{name: "one", adds: []add{{7, 2}}, gets: []get{{7, 2, true}, {8, 0, false}}},
		{name: "earlier line stays", adds: []add{{7, 2}, {7, 9}},
			gets: []get{{7, 2, true}}},
		{name: "the first added stays, even when a later line is smaller",
			adds: []add{{7, 9}, {7, 2}}, gets: []get{{7, 9, true}}},
		{name: "hash zero and the largest", adds: []add{{0, 3}, {math.MaxUint64, 4}, {0, 1}},
			gets: []get{{0, 3, true}, {math.MaxUint64, 4, true}, {1, 0, false}}},
		{name: "line zero is held", adds: []add{{5, 0}, {5, 6}}, gets: []get{{5, 0, true}}},
		{name: "several", adds: []add{{3, 1}, {1, 2}, {2, 3}, {1, 4}, {3, 5}},
			gets: []get{{1, 2, true}, {2, 3, true}, {3, 1, true}, {4, 0, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s Set
			for _, a := range tt.adds {
				s.Add(a.h, a.line)
			}
			for _, g := range tt.gets {
				line, ok := s.Get(g.h)
				if line != g.line || ok != g.ok {
					t.Errorf("Get(%#x) = %d, %v; want %d, %v", g.h, line, ok, g.line, g.ok)
				}
			}
		})
	}
}

// TestSetAcrossMerges adds hashes across several merges and reads each back,
// some from the base, some from recent, then adds them all again with other
// lines (the merges then drop them) and reads the first lines back.
func TestSetAcrossMerges(t *testing.T) {
	tests := []struct {
		name string
		n    int
	}{
		{"one below a merge", MergeMin - 1},
		{"exactly a merge", MergeMin},
		{"one past a merge", MergeMin + 1},
		{"three merges and some", 3*MergeMin + 17},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(tt.n)))
			hashes := make([]uint64, tt.n)
			var s Set
			for i := range hashes {
				hashes[i] = r.Uint64()
				s.Add(hashes[i], i+1)
				if line, ok := s.Get(hashes[i]); !ok || line != i+1 {
					t.Fatalf("Get(hashes[%d]) = %d, %v just after adding it", i, line, ok)
				}
			}
			check(t, &s)
			if c := count(&s); c != tt.n {
				t.Fatalf("s holds %d, want %d", c, tt.n)
			}
			if want := tt.n / MergeMin * MergeMin; s.n != want {
				t.Errorf("base holds %d, want %d", s.n, want)
			}
			for i, h := range hashes {
				s.Add(h, tt.n+i+1)
			}
			check(t, &s)
			if c := count(&s); c != tt.n {
				t.Fatalf("s holds %d after adding the same hashes again, want %d", c, tt.n)
			}
			for i, h := range hashes {
				if line, ok := s.Get(h); !ok || line != i+1 {
					t.Fatalf("Get(hashes[%d]) = %d, %v; want %d, true", i, line, ok, i+1)
				}
				if _, ok := s.Get(h + 1); ok && !slices.Contains(hashes, h+1) {
					t.Fatalf("Get(%#x) found a hash never added", h+1)
				}
			}
		})
	}
}

// TestSetMatchesMap adds random hashes, many of them again, with random
// lines (wide ones included), and compares s with a map that keeps the first
// line of each hash, after each step for some hashes and at the end for all.
func TestSetMatchesMap(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(strconv.FormatUint(seed, 10), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 42))
			n := 5*MergeMin + r.IntN(MergeMin)
			if testing.Short() {
				n = 2*MergeMin + r.IntN(MergeMin)
			}
			want := map[uint64]int{}
			var s Set
			var added []uint64
			// A hash near one added (a neighbour in the base), or a
			// random one.
			probe := func() uint64 {
				if len(added) > 0 && r.IntN(2) == 0 {
					return added[r.IntN(len(added))] + uint64(r.IntN(3)) - 1
				}
				return r.Uint64()
			}
			for i := range n {
				var h uint64
				switch k := r.IntN(10); {
				case k < 2 && len(added) > 0: // again
					h = added[r.IntN(len(added))]
				case k < 3: // from a small range: neighbours
					h = uint64(r.IntN(4 * MergeMin))
				default:
					h = r.Uint64()
				}
				line := i
				switch r.IntN(1000) {
				case 0:
					line = int(maxUint32) + r.IntN(3) - 1
				case 1:
					line = math.MaxInt - r.IntN(3)
				case 2:
					line = -1 - r.IntN(3)
				}
				if _, ok := want[h]; !ok {
					want[h] = line
					added = append(added, h)
				}
				s.Add(h, line)
				for range 2 {
					p := probe()
					wl, wok := want[p]
					if line, ok := s.Get(p); line != wl || ok != wok {
						t.Fatalf("after %d adds, Get(%#x) = %d, %v; want %d, %v", i+1, p, line, ok, wl, wok)
					}
				}
			}
			check(t, &s)
			if c := count(&s); c != len(want) {
				t.Fatalf("s holds %d, want %d", c, len(want))
			}
			if s.n < MergeMin {
				t.Fatalf("base holds %d: no merge was tested", s.n)
			}
			for h, wl := range want {
				if line, ok := s.Get(h); !ok || line != wl {
					t.Fatalf("Get(%#x) = %d, %v; want %d, true", h, line, ok, wl)
				}
			}
		})
	}
}

// TestSetWideLines checks that a line past 32 bits comes back whole, from
// recent and from the base.
func TestSetWideLines(t *testing.T) {
	lines := []int{0, 1, -1, math.MinInt, math.MaxInt}
	if strconv.IntSize == 64 {
		lines = append(lines, int(maxUint32)-1, int(maxUint32), int(maxUint32)+1, int(maxUint32)<<8)
	}
	var s Set
	for i, line := range lines {
		s.Add(uint64(i), line)
		s.Add(uint64(i), 5) // the first line stays
	}
	for _, merged := range []bool{false, true} {
		for i, line := range lines {
			if got, ok := s.Get(uint64(i)); !ok || got != line {
				t.Errorf("merged %v: Get(%d) = %d, %v; want %d, true", merged, i, got, ok, line)
			}
		}
		for i := len(lines); s.n == 0; i++ {
			s.Add(uint64(i), i)
		}
		if len(s.recent) != 0 {
			t.Fatalf("no merge: %d recent", len(s.recent))
		}
	}
}

// TestFind compares find with a binary search for every hash of blocks of
// several lengths and spreads (uniform, and bunched at either end, which
// send the guess far off and the search past its scan), and for the values
// on either side of each.
func TestFind(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	spreads := []struct {
		name string
		hash func(i, n int) uint64
	}{
		{"uniform", func(int, int) uint64 { return r.Uint64() }},
		{"bunched low", func(i, _ int) uint64 { return 1000 + 3*uint64(i) }},
		{"bunched high", func(i, _ int) uint64 { return math.MaxUint64 - 10 - 3*uint64(i) }},
		{"low then one high", func(i, n int) uint64 {
			if i == n-1 {
				return math.MaxUint64 - 5
			}
			return 1000 + 3*uint64(i)
		}},
		{"even", func(i, n int) uint64 { return uint64(i) * (math.MaxUint64 / uint64(n)) }},
	}
	for _, sp := range spreads {
		for _, n := range []int{1, 2, 3, 64, 65, 130, 1000, blockLen} {
			t.Run(sp.name+"/"+strconv.Itoa(n), func(t *testing.T) {
				seen := map[uint64]bool{}
				var hs []uint64
				for i := range n {
					if h := sp.hash(i, n); h < math.MaxUint64 && !seen[h] {
						seen[h] = true
						hs = append(hs, h)
					}
				}
				slices.Sort(hs)
				for _, above := range []uint64{math.MaxUint64, hs[len(hs)-1] + 1} {
					for _, v := range hs {
						for _, h := range []uint64{v - 1, v, v + 1} {
							if h <= hs[0] || h >= above {
								continue
							}
							i, found := find(hs, above, h)
							wi, wfound := slices.BinarySearch(hs, h)
							if i != wi || found != wfound {
								t.Fatalf("find(%#x, above %#x) = %d, %v; want %d, %v", h, above, i, found, wi, wfound)
							}
						}
					}
				}
			})
		}
	}
}

// bytesPerEntry returns the bytes s holds per entry, counted from its
// blocks and its slices' capacities and, for its recent map, a generous 40
// bytes per entry of the largest it may have grown to (limit: a cleared map
// keeps its room).
func bytesPerEntry(s *Set) float64 {
	b := len(s.blocks)*int(unsafe.Sizeof(block{})) + 8*cap(s.blocks) + 8*cap(s.firsts) + 40*s.limit()
	return float64(b) / float64(count(s))
}

// TestSetBytesPerEntry fails if s holds more than 16 bytes per entry at
// several sizes past a million, counted from capacities; it also logs the
// heap that s holds by runtime.MemStats.
func TestSetBytesPerEntry(t *testing.T) {
	sizes := []int{1_000_000, 1_300_000, 1_600_000, 2_500_000}
	if testing.Short() {
		sizes = sizes[:1]
	}
	for _, n := range sizes {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			r := rand.New(rand.NewPCG(7, uint64(n)))
			var ms runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms)
			before := ms.HeapAlloc
			s := new(Set)
			for i := range n {
				s.Add(r.Uint64(), i+1)
			}
			runtime.GC()
			runtime.ReadMemStats(&ms)
			heap := float64(ms.HeapAlloc-min(ms.HeapAlloc, before)) / float64(count(s))
			runtime.KeepAlive(s)
			got := bytesPerEntry(s)
			t.Logf("%d entries, %d in the base (%d blocks), %d recent: %.1f B/entry by capacities, %.1f B/entry of heap",
				count(s), s.n, len(s.blocks), len(s.recent), got, heap)
			if got > 16 {
				t.Errorf("%.1f bytes per entry, want at most 16", got)
			}
		})
	}
}

// BenchmarkSetGet looks up hashes of which half were added, in a Set and in
// a map of as many entries.
func BenchmarkSetGet(b *testing.B) {
	const n = 1_600_000
	r := rand.New(rand.NewPCG(1, 2))
	hashes := make([]uint64, 2*n)
	for i := range hashes {
		hashes[i] = r.Uint64()
	}
	b.Run("set", func(b *testing.B) {
		var s Set
		for i, h := range hashes[:n] {
			s.Add(h, i)
		}
		b.ResetTimer()
		found := 0
		for i := 0; b.Loop(); i++ {
			if _, ok := s.Get(hashes[i%len(hashes)]); ok {
				found++
			}
		}
		_ = found
	})
	b.Run("map", func(b *testing.B) {
		m := map[uint64]int{}
		for i, h := range hashes[:n] {
			m[h] = i
		}
		b.ResetTimer()
		found := 0
		for i := 0; b.Loop(); i++ {
			if _, ok := m[hashes[i%len(hashes)]]; ok {
				found++
			}
		}
		_ = found
	})
}

// BenchmarkSetAdd adds 1,600,000 random hashes (an import of about
// 1,000,000 rows), to a Set and to a map.
func BenchmarkSetAdd(b *testing.B) {
	const n = 1_600_000
	r := rand.New(rand.NewPCG(1, 2))
	hashes := make([]uint64, n)
	for i := range hashes {
		hashes[i] = r.Uint64()
	}
	b.Run("set", func(b *testing.B) {
		for b.Loop() {
			var s Set
			for i, h := range hashes {
				s.Add(h, i)
			}
		}
	})
	b.Run("map", func(b *testing.B) {
		for b.Loop() {
			m := map[uint64]int{}
			for i, h := range hashes {
				if _, ok := m[h]; !ok {
					m[h] = i
				}
			}
		}
	})
}
