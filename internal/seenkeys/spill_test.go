package seenkeys

import (
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"
)

// runHashes returns the entries of r, read from its file, by hash; it fails
// t unless they are sorted, each hash once, and r.n of them.
func runHashes(t testing.TB, r *run) map[uint64]uint32 {
	t.Helper()
	src := newRunSource(r)
	out := map[uint64]uint32{}
	var last uint64
	for i := 0; ; i++ {
		h, line, ok, err := src.next()
		if err != nil {
			t.Fatalf("read %s: %v", r.f.Name(), err)
		}
		if !ok {
			break
		}
		if i > 0 && h <= last {
			t.Fatalf("run %s not sorted at %d: %#x then %#x", r.f.Name(), i, last, h)
		}
		last, out[h] = h, line
	}
	if len(out) != r.n {
		t.Fatalf("run %s holds %d entries, want %d", r.f.Name(), len(out), r.n)
	}
	return out
}

// checkRuns fails t unless each run of s is sorted and holds each hash once,
// has as fences the first hashes of its pages and a filter that passes each
// of its hashes (on disk, and in memory for tier 0 only), unless the tiers of the runs go down from the oldest to the
// newest, and unless fewer than fanIn of the newest are of one tier.
func checkRuns(t *testing.T, s *Set) {
	t.Helper()
	for k, r := range s.runs {
		hs := runHashes(t, r)
		if want := (r.n + pageLen - 1) / pageLen; len(r.fences) != want {
			t.Fatalf("run %d: %d fences for %d entries, want %d", k, len(r.fences), r.n, want)
		}
		src := newRunSource(r)
		for i := range r.n {
			h, _, _, _ := src.next()
			if i%pageLen == 0 && r.fences[i/pageLen] != h {
				t.Fatalf("run %d: fence %d is %#x, want %#x", k, i/pageLen, r.fences[i/pageLen], h)
			}
		}
		if (r.filter != nil) != (r.tier == 0) {
			t.Fatalf("run %d of tier %d: filter in memory %v, want it for tier 0 only", k, r.tier, r.filter != nil)
		}
		var page [pageSize]byte
		for h := range hs {
			if ok, err := r.mayHold(h, &page); err != nil || !ok {
				t.Fatalf("run %d: the filter does not pass %#x, which the run holds (%v)", k, h, err)
			}
			if r.filter == nil {
				continue
			}
			// The filter on disk is the one in memory.
			if blk, x := blockOf(h, r.blocks); !hasProbes(r.filter[blk*blockWords:(blk+1)*blockWords], x) {
				t.Fatalf("run %d: the filter in memory does not pass %#x", k, h)
			}
		}
		if k > 0 && r.tier > s.runs[k-1].tier {
			t.Fatalf("run %d of tier %d after a run of tier %d", k, r.tier, s.runs[k-1].tier)
		}
	}
	if k := len(s.runs) - fanIn; k >= 0 && s.runs[k].tier == s.runs[len(s.runs)-1].tier {
		t.Fatalf("the %d newest runs are of tier %d: not merged", fanIn, s.runs[k].tier)
	}
}

// topTier returns the highest tier of s's runs, -1 for none.
func topTier(s *Set) int {
	top := -1
	for _, r := range s.runs {
		top = max(top, r.tier)
	}
	return top
}

// places returns where s holds h, in the order Get looks: "run" for each
// run that holds it, oldest first, then "base", then "recent".
func places(t *testing.T, s *Set, h uint64) []string {
	t.Helper()
	var out []string
	for _, r := range s.runs {
		if _, ok := runHashes(t, r)[h]; ok {
			out = append(out, "run")
		}
	}
	if _, ok := s.search(h); ok {
		out = append(out, "base")
	}
	if _, ok := s.recent[h]; ok {
		out = append(out, "recent")
	}
	return out
}

// dirFiles returns the names of the files in dir.
func dirFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestSetDuplicatesAcrossSpills adds a hash with line 1, then others, then
// the hash again with line 99, then others, with spills of 16 entries (a
// merge every 2): wherever each of the two lands (recent, the base, a run,
// runs merged), Get returns line 1.
func TestSetDuplicatesAcrossSpills(t *testing.T) {
	const x = 7
	tests := []struct {
		name          string
		before, after int // other hashes added after the first, after the second
		places        []string
	}{
		{"both in recent", 0, 0, []string{"recent"}},
		{"first in the base, again in recent", 1, 0, []string{"base", "recent"}},
		{"first in a run, again in recent", 15, 0, []string{"run", "recent"}},
		{"first in a run, again in the base", 15, 1, []string{"run", "base"}},
		{"first in a run, again in a newer run", 15, 15, []string{"run", "run"}},
		{"both in runs merged into one", 15, 15 + 32, []string{"run"}},
		{"both in runs merged, then merged again", 15, 15 + 32 + 4*16*3, []string{"run"}},
		{"first in a merged run, again in a newer run", 100, 15, []string{"run", "run"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Set{Dir: t.TempDir(), SpillAt: 16}
			defer s.Close()
			other := uint64(1000)
			fill := func(n int) {
				for range n {
					add(t, &s, other, int(other))
					other++
				}
			}
			add(t, &s, x, 1)
			fill(tt.before)
			add(t, &s, x, 99)
			fill(tt.after)
			checkRuns(t, &s)
			got := places(t, &s, x)
			if !slices.Equal(got, tt.places) {
				t.Fatalf("the hash is in %v, want %v: the case tests something else", got, tt.places)
			}
			if line, ok := get(t, &s, x); !ok || line != 1 {
				t.Errorf("Get(%d) = %d, %v; want 1, true", x, line, ok)
			}
			for h := uint64(1000); h < other; h++ {
				if line, ok := get(t, &s, h); !ok || line != int(h) {
					t.Fatalf("Get(%d) = %d, %v; want %d, true", h, line, ok, h)
				}
			}
			if _, ok := get(t, &s, other); ok {
				t.Errorf("Get(%d) found a hash never added", other)
			}
		})
	}
}

// TestSetCloseRemovesFiles checks that the files of s have no name while
// they are open (a killed process leaves none behind), but on Windows,
// where Close removes them; that closing again does nothing, and that s
// fails its calls then.
func TestSetCloseRemovesFiles(t *testing.T) {
	dir := t.TempDir()
	s := Set{Dir: dir, SpillAt: 16}
	for i := range 1000 {
		add(t, &s, uint64(i), i)
	}
	want := 0
	if runtime.GOOS == "windows" {
		want = len(s.runs)
	}
	if got := dirFiles(t, dir); len(got) != want || len(s.runs) == 0 {
		t.Fatalf("%d files in the directory for %d open runs, want %d", len(got), len(s.runs), want)
	}
	for i := range 1000 {
		if line, ok := get(t, &s, uint64(i)); !ok || line != i {
			t.Fatalf("Get(%d) = %d, %v; want %d, true", i, line, ok, i)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if got := dirFiles(t, dir); len(got) != 0 {
		t.Errorf("files left after Close: %v", got)
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close again: %v", err)
	}
	if _, _, err := s.Get(1); !errors.Is(err, errClosed) {
		t.Errorf("Get after Close: error %v, want %v", err, errClosed)
	}
	if err := s.Add(1, 1); !errors.Is(err, errClosed) {
		t.Errorf("Add after Close: error %v, want %v", err, errClosed)
	}
}

// TestSetFileErrors checks that an error of s's files is returned by the
// call that meets it and by every later call, and that Close removes the
// files all the same.
func TestSetFileErrors(t *testing.T) {
	tests := []struct {
		name string
		// dir returns the directory of the Set, within tmp.
		dir func(t *testing.T, tmp string) string
		// spills is the number of spills of 16 entries before harm is
		// done to the first run, if harm is set.
		spills int
		harm   func(s *Set)
		// fail is the call that meets the error: "add" (a spill, a merge)
		// or "get".
		fail string
		is   error
	}{
		{name: "no such directory", fail: "add", is: fs.ErrNotExist,
			dir: func(_ *testing.T, tmp string) string { return filepath.Join(tmp, "gone") }},
		{name: "the directory is a file", fail: "add",
			dir: func(t *testing.T, tmp string) string {
				p := filepath.Join(tmp, "file")
				if err := os.WriteFile(p, nil, 0o600); err != nil {
					t.Fatal(err)
				}
				return p
			}},
		{name: "a run's file closed, then read by Get", spills: 1, fail: "get", is: os.ErrClosed,
			harm: func(s *Set) { s.runs[0].f.Close() }},
		{name: "a run's file closed, then read by a merge", spills: 3, fail: "add", is: os.ErrClosed,
			harm: func(s *Set) { s.runs[0].f.Close() }},
		{name: "a run's file cut short, then read by Get", spills: 1, fail: "get", is: io.ErrUnexpectedEOF,
			harm: func(s *Set) { s.runs[0].f.Truncate(0) }},
		{name: "a run's file cut short, then read by a merge", spills: 3, fail: "add", is: io.ErrUnexpectedEOF,
			harm: func(s *Set) { s.runs[0].f.Truncate(0) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp := t.TempDir()
			dir := tmp
			if tt.dir != nil {
				dir = tt.dir(t, tmp)
			}
			s := Set{Dir: dir, SpillAt: 16}
			defer s.Close()
			next := 0
			for range tt.spills * 16 {
				add(t, &s, uint64(next), next)
				next++
			}
			if tt.harm != nil {
				tt.harm(&s)
			}
			var err error
			switch tt.fail {
			case "get":
				_, _, err = s.Get(0)
			case "add":
				for i := 0; i < 16 && err == nil; i++ {
					err = s.Add(uint64(next), next)
					next++
				}
			}
			if err == nil {
				t.Fatalf("no error from %s", tt.fail)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v, want one that is %v", err, tt.is)
			}
			t.Logf("error: %v", err)
			if _, _, err2 := s.Get(0); !errors.Is(err2, err) {
				t.Errorf("Get after the error: error %v, want the error", err2)
			}
			if err2 := s.Add(1<<40, 1); !errors.Is(err2, err) {
				t.Errorf("Add after the error: error %v, want the error", err2)
			}
			s.Close() // may say that a file was closed already
			if got := dirFiles(t, tmp); len(got) > 0 && tt.dir == nil {
				t.Errorf("files left after Close: %v", got)
			}
		})
	}
}

// TestFilter checks that a filter passes every hash it holds, and about 1 %
// of the others.
func TestFilter(t *testing.T) {
	for _, n := range []int{1, 10, 1000, 100_000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			r := rand.New(rand.NewPCG(5, uint64(n)))
			f := newFilter(n)
			held := map[uint64]bool{}
			for range n {
				h := r.Uint64()
				held[h] = true
				f.add(h)
			}
			for h := range held {
				if !f.has(h) {
					t.Fatalf("the filter does not pass %#x, which it holds", h)
				}
			}
			const probes = 200_000
			passed := 0
			for range probes {
				if h := r.Uint64(); !held[h] && f.has(h) {
					passed++
				}
			}
			rate := float64(passed) / probes
			t.Logf("%d hashes, %d bytes: %.2f %% of the others pass", n, 8*len(f), 100*rate)
			if rate > 0.015 {
				t.Errorf("%.2f %% of the hashes it does not hold pass the filter, want at most 1.5 %%", 100*rate)
			}
		})
	}
}

// failingSource yields n entries, then err.
type failingSource struct {
	n, i int
	err  error
}

func (f *failingSource) next() (uint64, uint32, bool, error) {
	if f.i == f.n {
		return 0, 0, false, f.err
	}
	f.i++
	return uint64(f.i), uint32(f.i), true, nil
}

// TestWriteRunRemovesItsFile checks that writeRun removes the file it
// made when a source fails, before its first entry or after many (written
// to the file already).
func TestWriteRunRemovesItsFile(t *testing.T) {
	errRead := errors.New("read failed")
	for _, n := range []int{0, 1, 100_000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			dir := t.TempDir()
			r, err := writeRun(dir, 0, n, &failingSource{n: n, err: errRead})
			if !errors.Is(err, errRead) || r != nil {
				t.Errorf("writeRun = %v, %v; want nil and the error of the source", r, err)
			}
			if got := dirFiles(t, dir); len(got) != 0 {
				t.Errorf("files left: %v", got)
			}
		})
	}
}

// TestSetKeepsEntriesInMemoryWhenTheDefaultDirFails: a Set without Dir
// whose first spill to os.TempDir() fails keeps every entry in memory
// from then on, with the same answers and no error; one whose Dir is named
// fails (see TestSetFileErrors).
func TestSetKeepsEntriesInMemoryWhenTheDefaultDirFails(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "gone"))
	s := Set{SpillAt: 16}
	defer s.Close()
	want := map[uint64]int{}
	r := rand.New(rand.NewPCG(9, 9))
	for line := range 50_000 {
		h := r.Uint64() % 20_000
		if _, ok := want[h]; !ok {
			want[h] = line
		}
		if err := s.Add(h, line); err != nil {
			t.Fatalf("Add: %v", err)
		}
	}
	if !s.inMemory || len(s.runs) != 0 {
		t.Fatalf("inMemory %v with %d runs: the failed spill was not taken back", s.inMemory, len(s.runs))
	}
	for h := range uint64(20_000) {
		line, ok, err := s.Get(h)
		w, in := want[h]
		if err != nil || ok != in || line != w {
			t.Fatalf("Get(%d) = %d, %v, %v; want %d, %v", h, line, ok, err, w, in)
		}
	}
}
