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

// add adds h with line to s, and fails t on an error.
func add(t testing.TB, s *Set, h uint64, line int) {
	t.Helper()
	if err := s.Add(h, line); err != nil {
		t.Fatalf("Add(%#x, %d): %v", h, line, err)
	}
}

// get returns s.Get(h), and fails t on an error.
func get(t testing.TB, s *Set, h uint64) (int, bool) {
	t.Helper()
	line, ok, err := s.Get(h)
	if err != nil {
		t.Fatalf("Get(%#x): %v", h, err)
	}
	return line, ok
}

// base returns the hashes of s's base, in order.
func base(s *Set) []uint64 {
	var hs []uint64
	for i := range s.n {
		hs = append(hs, s.blocks[i>>blockShift].hashes[i&blockMask])
	}
	return hs
}

// count returns the number of hashes s holds: in its runs, its base and
// its recent entries, each hash once.
func count(t testing.TB, s *Set) int {
	t.Helper()
	all := map[uint64]bool{}
	for _, r := range s.runs {
		for h := range runHashes(t, r) {
			all[h] = true
		}
	}
	for _, h := range base(s) {
		all[h] = true
	}
	for h := range s.recent {
		all[h] = true
	}
	return len(all)
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
	type addOp struct {
		h    uint64
		line int
	}
	type getOp struct {
		h    uint64
		line int
		ok   bool
	}
	tests := []struct {
		name string
		adds []addOp
		gets []getOp
	}{
		{name: "empty", gets: []getOp{{h: 0}, {h: 1}, {h: math.MaxUint64}}},
		{name: "one", adds: []addOp{{7, 2}}, gets: []getOp{{7, 2, true}, {8, 0, false}}},
		{name: "earlier line stays", adds: []addOp{{7, 2}, {7, 9}},
			gets: []getOp{{7, 2, true}}},
		{name: "the first added stays, even when a later line is smaller",
			adds: []addOp{{7, 9}, {7, 2}}, gets: []getOp{{7, 9, true}}},
		{name: "hash zero and the largest", adds: []addOp{{0, 3}, {math.MaxUint64, 4}, {0, 1}},
			gets: []getOp{{0, 3, true}, {math.MaxUint64, 4, true}, {1, 0, false}}},
		{name: "line zero is held", adds: []addOp{{5, 0}, {5, 6}}, gets: []getOp{{5, 0, true}}},
		{name: "several", adds: []addOp{{3, 1}, {1, 2}, {2, 3}, {1, 4}, {3, 5}},
			gets: []getOp{{1, 2, true}, {2, 3, true}, {3, 1, true}, {4, 0, false}}},
	}
	// In memory, and with a spill at every add or every other.
	for _, spillAt := range []int{0, 1, 2} {
		for _, tt := range tests {
			t.Run(strconv.Itoa(spillAt)+"/"+tt.name, func(t *testing.T) {
				s := Set{Dir: t.TempDir(), SpillAt: spillAt}
				defer s.Close()
				for _, a := range tt.adds {
					add(t, &s, a.h, a.line)
				}
				for _, g := range tt.gets {
					line, ok := get(t, &s, g.h)
					if line != g.line || ok != g.ok {
						t.Errorf("Get(%#x) = %d, %v; want %d, %v", g.h, line, ok, g.line, g.ok)
					}
				}
			})
		}
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
				add(t, &s, hashes[i], i+1)
				if line, ok := get(t, &s, hashes[i]); !ok || line != i+1 {
					t.Fatalf("Get(hashes[%d]) = %d, %v just after adding it", i, line, ok)
				}
			}
			check(t, &s)
			if c := count(t, &s); c != tt.n {
				t.Fatalf("s holds %d, want %d", c, tt.n)
			}
			if want := tt.n / MergeMin * MergeMin; s.n != want {
				t.Errorf("base holds %d, want %d", s.n, want)
			}
			for i, h := range hashes {
				add(t, &s, h, tt.n+i+1)
			}
			check(t, &s)
			if c := count(t, &s); c != tt.n {
				t.Fatalf("s holds %d after adding the same hashes again, want %d", c, tt.n)
			}
			for i, h := range hashes {
				if line, ok := get(t, &s, h); !ok || line != i+1 {
					t.Fatalf("Get(hashes[%d]) = %d, %v; want %d, true", i, line, ok, i+1)
				}
				if _, ok := get(t, &s, h+1); ok && !slices.Contains(hashes, h+1) {
					t.Fatalf("Get(%#x) found a hash never added", h+1)
				}
			}
		})
	}
}

// TestSetMatchesMap adds random hashes, many of them again, with random
// lines (wide ones included), and compares s with a map that keeps the first
// line of each hash, after each step for some hashes and at the end for all:
// in memory, and with spills of a few entries each (many runs on disk,
// merged through several tiers) or of many.
func TestSetMatchesMap(t *testing.T) {
	tests := []struct {
		name    string
		seed    uint64
		spillAt int
	}{
		{"in memory/1", 1, 0},
		{"in memory/2", 2, 0},
		{"spills of 64", 3, 64},
		{"spills of 1000", 4, 1000},
		{"spills of 20000", 5, 20000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(tt.seed, 42))
			n := 5*MergeMin + r.IntN(MergeMin)
			if testing.Short() {
				n = 2*MergeMin + r.IntN(MergeMin)
			}
			want := map[uint64]int{}
			s := Set{Dir: t.TempDir(), SpillAt: tt.spillAt}
			defer s.Close()
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
				add(t, &s, h, line)
				for range 2 {
					p := probe()
					wl, wok := want[p]
					if line, ok := get(t, &s, p); line != wl || ok != wok {
						t.Fatalf("after %d adds, Get(%#x) = %d, %v; want %d, %v", i+1, p, line, ok, wl, wok)
					}
				}
			}
			check(t, &s)
			checkRuns(t, &s)
			if c := count(t, &s); c != len(want) {
				t.Fatalf("s holds %d, want %d", c, len(want))
			}
			if tt.spillAt == 0 && s.n < MergeMin {
				t.Fatalf("base holds %d: no merge was tested", s.n)
			}
			if tt.spillAt > 0 && len(s.runs) == 0 {
				t.Fatalf("no run: no spill was tested")
			}
			if top := topTier(&s); tt.spillAt > 0 && tt.spillAt <= 1000 && top < 2 {
				t.Fatalf("%d runs, of tier %d at the most: too few merges of runs were tested", len(s.runs), top)
			}
			for h, wl := range want {
				if line, ok := get(t, &s, h); !ok || line != wl {
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
		add(t, &s, uint64(i), line)
		add(t, &s, uint64(i), 5) // the first line stays
	}
	for _, merged := range []bool{false, true} {
		for i, line := range lines {
			if got, ok := get(t, &s, uint64(i)); !ok || got != line {
				t.Errorf("merged %v: Get(%d) = %d, %v; want %d, true", merged, i, got, ok, line)
			}
		}
		for i := len(lines); s.n == 0; i++ {
			add(t, &s, uint64(i), i)
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

// memory returns the bytes s holds in memory, counted from capacities:
// inMemory for the entries it holds in memory (its blocks, spare ones
// included, and its recent map at a generous 40 bytes an entry of the
// largest it may have grown to: a cleared map keeps its room), and perRun
// for each entry of its runs (their filters and fences).
func memory(s *Set) (inMemory int, perRun float64) {
	inMemory = (len(s.blocks)+len(s.spare))*int(unsafe.Sizeof(block{})) + 8*(cap(s.blocks)+cap(s.spare)+cap(s.firsts)+cap(s.sorted)) + 40*s.limit()
	runs, n := 0, 0
	for _, r := range s.runs {
		runs += int(unsafe.Sizeof(*r)) + 8*len(r.filter) + 8*cap(r.fences)
		n += r.n
	}
	return inMemory, float64(runs) / float64(max(1, n))
}

// TestSetBytesPerEntry fails if s holds more than 2.5 MiB for its entries
// in memory, or more than 1.4 bytes per entry of its runs, at several sizes
// past a million, counted from capacities; it also logs the heap that s
// holds by runtime.MemStats.
func TestSetBytesPerEntry(t *testing.T) {
	sizes := []int{1_000_000, 1_600_000, 2_500_000}
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
			s := &Set{Dir: t.TempDir()}
			defer s.Close()
			for i := range n {
				add(t, s, r.Uint64(), i+1)
			}
			runtime.GC()
			runtime.ReadMemStats(&ms)
			heap := float64(ms.HeapAlloc-min(ms.HeapAlloc, before)) / float64(n)
			runtime.KeepAlive(s)
			inMemory, perRun := memory(s)
			t.Logf("%d entries, %d runs, %d in the base (%d blocks), %d recent: %.2f MiB in memory and %.2f B/entry of the runs by capacities, %.2f B/entry of heap",
				n, len(s.runs), s.n, len(s.blocks), len(s.recent), float64(inMemory)/(1<<20), perRun, heap)
			if inMemory > 5<<19 {
				t.Errorf("%.2f MiB for the entries in memory, want at most 2.5", float64(inMemory)/(1<<20))
			}
			if perRun > 1.4 {
				t.Errorf("%.2f bytes per entry of the runs, want at most 1.4", perRun)
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
		s := Set{Dir: b.TempDir()}
		defer s.Close()
		for i, h := range hashes[:n] {
			add(b, &s, h, i)
		}
		b.ResetTimer()
		found := 0
		for i := 0; b.Loop(); i++ {
			if _, ok := get(b, &s, hashes[i%len(hashes)]); ok {
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
		dir := b.TempDir()
		for b.Loop() {
			s := Set{Dir: dir}
			for i, h := range hashes {
				add(b, &s, h, i)
			}
			if err := s.Close(); err != nil {
				b.Fatal(err)
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
