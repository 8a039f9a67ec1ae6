// Package seenkeys holds a compact map of 64-bit hashes to lines: an
// import's set of the match keys it has seen, each with the line of the
// first row that gave it. Past a fixed number of entries in memory it keeps
// them in sorted runs in temporary files, each with its filter, keeping
// only an index of each run in memory (and the filters of the newest), so
// that its heap stays flat however long the file.
package seenkeys

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Set maps 64-bit hashes to lines, the first line added for each. It is the
// only state of an import that grows with the file, so it holds at most
// SpillAt entries (and MergeMin recent ones) in memory, and the others in
// sorted runs on disk, of which it keeps 0.03 bytes a hash in memory, and
// the filters of the newest runs (at most 0.5 MiB).
//
// In memory, a base of sorted hashes with, at the same index, their lines
// (8 + 4 bytes), and a map of the recent entries, sorted and merged into the
// base when it holds MergeMin entries (or SpillAt/8, if fewer). The base is
// cut in blocks of blockLen entries, full but the last: it grows by a block
// at a time, never by copying itself into a larger array. Each merge moves
// the whole base, at most SpillAt entries: about 4.5 moves an entry in all.
//
// When a merge leaves SpillAt entries or more in the base, the base is
// written, in order, to a run in a new temporary file of Dir (a spill), and
// emptied; its blocks are kept for the next entries. With the defaults, a
// spill comes every 131,072 entries (about 50,000 rows of an import), and
// the entries in memory take at most 1.7 MiB in the base and 0.6 MiB in the
// recent map. A run's file holds a Bloom filter of its hashes (10 bits a
// hash; about 1 % of the hashes it does not hold pass it) before its
// entries; the run keeps in memory the first hash of each page of 256
// entries of its file, and, for a run of tier 0 (written from memory; at
// most fanIn-1 of them at a time, 0.5 MiB), its filter: Get reads 64 bytes
// of the filter of each older run, and one page of 3 KiB only for a hash
// that the run holds, or that passes its filter by chance (see run).
//
// Runs are merged by size: when the fanIn (4) newest runs are of the same
// tier, they are merged, reading their files in order, into one run of the
// next tier, and their files removed. So a Set of u spills' entries has at
// most 3 runs of each tier, of which there are 1 + log₄ u (1,000,000 rows:
// about 2,600,000 entries, 20 spills, 2 runs), a lookup reads at most that
// many filters, each entry is written 1 + log₄ u times, and the files hold
// 12 bytes an entry, twice that for the runs being merged during a merge.
//
// A line is stored in 32 bits. One that does not fit below math.MaxUint32
// (a file of 4 G lines or more, or a negative line) is stored as wideLine
// and kept whole in wide, by hash, in memory: Get always returns the line
// added.
//
// The zero Set is empty and ready to use. Close removes its files, and must
// be called once it is no longer needed (on every path: defer it). An error
// of its files (a full disk) is returned by the call that met it and by
// every later one but Close. A Set is not safe for concurrent use.
type Set struct {
	// Dir is the directory of the temporary files; "" means os.TempDir(),
	// or, when the first spill there fails, no files at all: every entry
	// then stays in memory.
	Dir string
	// SpillAt is the number of entries of the base that makes a spill;
	// 0 means DefaultSpillAt.
	SpillAt int

	// blocks hold the base: n entries sorted by hash, each hash once;
	// firsts[b] is the first hash of blocks[b]. spare are blocks of a
	// base spilled, for the next.
	blocks []*block
	firsts []uint64
	n      int
	spare  []*block
	// recent holds the entries since the last merge, and may hold a hash
	// that the base or a run holds too (see Add): theirs is the first.
	// sorted is the room of a merge, kept.
	recent map[uint64]uint32
	sorted []uint64
	wide   map[uint64]int
	// runs are the runs on disk, oldest first: a hash that several hold
	// was first added with the line of the oldest.
	runs []*run
	page [pageSize]byte
	err  error
	// inMemory is set when the first spill, to the default directory,
	// failed: s keeps every entry in memory from then on (see Add).
	inMemory bool
}

// block holds blockLen entries of the base: hashes[i] and, in 32 bits, its
// line lines[i]; 48 KiB, without pointers.
type block struct {
	hashes [blockLen]uint64
	lines  [blockLen]uint32
}

const (
	// MergeMin is the number of recent entries that makes a merge, unless
	// SpillAt/8 is fewer.
	MergeMin = 1 << 14
	// DefaultSpillAt is the number of entries of the base that makes a
	// spill when Set.SpillAt is 0.
	DefaultSpillAt = 1 << 17
	// blockLen is the number of entries of a block of the base.
	blockLen   = 1 << blockShift
	blockShift = 12
	blockMask  = blockLen - 1
	// wideLine stands, in a block, in recent or in a run, for a line kept
	// in wide.
	wideLine = math.MaxUint32
)

// errClosed is the error of a Set's calls after Close.
var errClosed = errors.New("seen keys: closed")

// Get returns the line of h, and whether s holds h. Its error is that of a
// read of s's files, or an earlier one.
func (s *Set) Get(h uint64) (int, bool, error) {
	l, ok, err := s.lookup(h)
	if err != nil || !ok {
		return 0, false, err
	}
	if l == wideLine {
		return s.wide[h], true, nil
	}
	return int(l), true, nil
}

// lookup returns the line of h as stored, and whether s holds h: from the
// oldest run that holds it, else from the base, else from recent.
func (s *Set) lookup(h uint64) (uint32, bool, error) {
	if s.err != nil {
		return 0, false, s.err
	}
	for _, r := range s.runs {
		l, ok, err := r.get(h, &s.page)
		if err != nil {
			s.err = fmt.Errorf("read seen keys from disk: %w", err)
			return 0, false, s.err
		}
		if ok {
			return l, true, nil
		}
	}
	if l, ok := s.search(h); ok {
		return l, true, nil
	}
	l, ok := s.recent[h]
	return l, ok, nil
}

// Add records line for h unless s holds h already: the first line added for
// a hash stays. Its error is that of a write or a read of s's files (a
// spill, a merge of runs), or an earlier one.
//
// Add looks for h in the recent entries only, not in the base or the runs,
// which would cost a search (the caller has looked for h just before, as a
// rule): a hash added again after a merge stays in recent, where Get reads
// it only after the base and the runs, until the next merge drops it; one
// added again after a spill may go to a newer run, where Get reads it only
// after the older, until a merge of runs drops it.
func (s *Set) Add(h uint64, line int) error {
	if s.err != nil {
		return s.err
	}
	if _, ok := s.recent[h]; ok {
		return nil
	}
	l := uint32(wideLine)
	if uint64(line) < wideLine {
		l = uint32(line)
	} else {
		// Rare: look in the base and the runs too, so that a hash has no
		// wide line but the first.
		if _, ok, err := s.lookup(h); err != nil || ok {
			return err
		}
		if s.wide == nil {
			s.wide = map[uint64]int{}
		}
		s.wide[h] = line
	}
	if s.recent == nil {
		s.recent = map[uint64]uint32{}
	}
	s.recent[h] = l
	if len(s.recent) < s.limit() {
		return nil
	}
	s.merge()
	if s.n < s.spillAt() || s.inMemory {
		return nil
	}
	if err := s.spill(); err != nil {
		if s.Dir == "" && len(s.runs) == 0 {
			// The default temporary directory cannot be written (a
			// read-only file system, a TMPDIR that is gone) and nothing
			// is on disk yet: the base is whole, so s keeps every entry
			// in memory, as before spilling existed, rather than stop an
			// import that nobody asked to use a directory. A Dir the
			// caller names, and a later failure, stop it.
			s.inMemory = true
			return nil
		}
		s.err = fmt.Errorf("spill seen keys to disk: %w", err)
		return s.err
	}
	return nil
}

// Close removes s's files. s is then empty, and its other calls fail.
// Closing again does nothing.
func (s *Set) Close() error {
	var errs []error
	for _, r := range s.runs {
		errs = append(errs, r.remove())
	}
	*s = Set{Dir: s.Dir, SpillAt: s.SpillAt, err: errClosed}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("remove seen keys from disk: %w", err)
	}
	return nil
}

// spillAt returns the number of entries of the base that makes a spill.
func (s *Set) spillAt() int {
	if s.SpillAt > 0 {
		return s.SpillAt
	}
	return DefaultSpillAt
}

// limit returns the number of recent entries that makes a merge.
//
// A Set that keeps every entry in memory merges when recent holds a
// sixteenth of the base, so that the moves of its merges form a geometric
// series (amortised O(1) an entry) however large the base grows.
func (s *Set) limit() int {
	if s.inMemory {
		return max(MergeMin, s.n/16)
	}
	return max(1, min(MergeMin, s.spillAt()/8))
}

// spill writes the base to a new run and empties it, then merges the
// newest runs while fanIn of them are of the same tier.
func (s *Set) spill() error {
	r, err := writeRun(s.Dir, 0, s.n, &baseSource{s: s})
	if err != nil {
		return err
	}
	s.runs = append(s.runs, r)
	s.spare = append(s.spare, s.blocks...)
	clear(s.blocks)
	s.blocks, s.firsts, s.n = s.blocks[:0], s.firsts[:0], 0
	for k := len(s.runs) - fanIn; k >= 0 && s.runs[k].tier == s.runs[len(s.runs)-1].tier; k = len(s.runs) - fanIn {
		old := s.runs[k:]
		n := 0
		srcs := make([]source, len(old))
		for i, r := range old {
			n += r.n
			srcs[i] = newRunSource(r)
			// No lookup runs during the merge: the old filters can
			// go before the new one is made.
			r.filter = nil
		}
		r, err := writeRun(s.Dir, old[0].tier+1, n, srcs...)
		if err != nil {
			return err
		}
		var errs []error
		for _, o := range old {
			errs = append(errs, o.remove())
		}
		s.runs[k] = r
		clear(s.runs[k+1:])
		s.runs = s.runs[:k+1]
		if err := errors.Join(errs...); err != nil {
			return err
		}
	}
	return nil
}

// baseSource yields the entries of s's base, in order.
type baseSource struct {
	s *Set
	i int
}

func (b *baseSource) next() (uint64, uint32, bool, error) {
	if b.i == b.s.n {
		return 0, 0, false, nil
	}
	blk, k := b.s.blocks[b.i>>blockShift], b.i&blockMask
	b.i++
	return blk.hashes[k], blk.lines[k], true, nil
}

// at returns the i-th hash of the base.
func (s *Set) at(i int) uint64 { return s.blocks[i>>blockShift].hashes[i&blockMask] }

// merge moves the recent entries into the base: it sorts their hashes,
// drops those the base holds (reading the base once, in order), adds the
// blocks the base needs, and merges in place from the end.
func (s *Set) merge() {
	add := s.sorted[:0]
	for h := range s.recent {
		add = append(add, h)
	}
	slices.Sort(add)
	n := s.n
	if n > 0 {
		kept, i := add[:0], 0
		for _, h := range add {
			for i < n && s.at(i) < h {
				i++
			}
			if i == n || s.at(i) != h {
				kept = append(kept, h)
			}
		}
		add = kept
	}
	m := len(add)
	for len(s.blocks)*blockLen < n+m {
		blk := new(block)
		if k := len(s.spare); k > 0 {
			blk, s.spare[k-1], s.spare = s.spare[k-1], nil, s.spare[:k-1]
		}
		s.blocks = append(s.blocks, blk)
	}
	i, j := n-1, m-1
	for k := n + m - 1; j >= 0; k-- {
		to := s.blocks[k>>blockShift]
		if i >= 0 {
			from := s.blocks[i>>blockShift]
			if v := from.hashes[i&blockMask]; v > add[j] {
				to.hashes[k&blockMask], to.lines[k&blockMask] = v, from.lines[i&blockMask]
				i--
				continue
			}
		}
		to.hashes[k&blockMask], to.lines[k&blockMask] = add[j], s.recent[add[j]]
		j--
	}
	s.n = n + m
	s.firsts = s.firsts[:0]
	for _, blk := range s.blocks {
		s.firsts = append(s.firsts, blk.hashes[0])
	}
	clear(s.recent)
	s.sorted = add[:0]
}

// search returns the line of h in the base, and whether it is there.
func (s *Set) search(h uint64) (uint32, bool) {
	// The last block whose first hash is h or below it.
	b, found := slices.BinarySearch(s.firsts, h)
	if found {
		return s.blocks[b].lines[0], true
	}
	if b == 0 {
		return 0, false
	}
	b--
	blk := s.blocks[b]
	end := min(blockLen, s.n-b*blockLen)
	above := uint64(math.MaxUint64)
	if b+1 < len(s.firsts) {
		above = s.firsts[b+1]
	}
	i, found := find(blk.hashes[:end], above, h)
	if !found {
		return 0, false
	}
	return blk.lines[i], true
}

// find returns the index of h in hashes, or of the first hash above it, and
// whether it is there. The hashes are sorted, the first is below h, and
// above is above h and every hash.
//
// The hashes of match keys are uniform, so find guesses where h falls
// between the first hash and above, as a reader opens a dictionary, and
// reads on from there: in a block of 4,096 the guess is about 25 places off
// (its standard error is at most √4,096 / 2), a few cache lines read in
// order, where a binary search reads 12 places far apart. After scan places
// (on hashes that are not uniform) it searches what is left by halves.
func find(hashes []uint64, above, h uint64) (int, bool) {
	const scan = 64
	first := hashes[0]
	n := len(hashes)
	i := min(n-1, int(float64(h-first)/float64(above-first)*float64(n)))
	if hashes[i] < h {
		// h is after i.
		for range scan {
			i++
			if i == n || hashes[i] >= h {
				return i, i < n && hashes[i] == h
			}
		}
		j, found := slices.BinarySearch(hashes[i+1:], h)
		return i + 1 + j, found
	}
	// h is at i or before it.
	for range scan {
		if i == 0 || hashes[i-1] < h {
			return i, hashes[i] == h
		}
		i--
	}
	return slices.BinarySearch(hashes[:i+1], h)
}
