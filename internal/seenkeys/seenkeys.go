// Package seenkeys holds a compact map of 64-bit hashes to lines: an
// import's set of the match keys it has seen, each with the line of the
// first row that gave it.
package seenkeys

import (
	"math"
	"slices"
)

// Set maps 64-bit hashes to lines, the first line added for each. It is the
// only state of an import that grows with the file, so it holds an entry in
// about 12 bytes instead of a map's 24 to 38: a base of sorted hashes with,
// at the same index, their lines (8 + 4 bytes), and a map of the recent
// entries, sorted and merged into the base when it reaches limit entries.
//
// The base is cut in blocks of blockLen entries, full but the last: it
// grows by a block at a time, never by copying itself into a larger array,
// which would hold the old array and the new one at once (and the garbage
// collector sets its next goal from such a peak).
//
// Merges: limit is max(MergeMin, n/16), n the entries of the base. While
// the base is under 16·MergeMin (1,048,576 entries) a merge comes every
// 65,536 entries and moves the whole base: n²/131,072 moves up to n, 8.4 M
// at most. Past it the base grows by a sixteenth at each merge, so that the
// moves of the merges form a geometric series: 17 moves per entry in the
// long run, amortised O(1). A merge also reads the base once beforehand
// (see merge) and sorts the recent hashes (n·log₂ limit comparisons over
// all merges). With 1,000,000 rows (about 1,600,000 keys, in 2,000 batches)
// that is 22 merges, about 17 M entry moves of 12 bytes and as many reads
// of 8, and 26 M comparisons: 0.7 s of CPU in all, measured, against a
// minute for the import itself on memstore. Between merges the recent map
// holds at most a sixteenth of the base, and keeps the room of its largest
// size when cleared: 1 to 2.5 bytes per entry of the base.
//
// A line is stored in 32 bits. One that does not fit below math.MaxUint32
// (a file of 4 G lines or more, or a negative line) is stored as wideLine
// and kept whole in wide, by hash: Get always returns the line added.
//
// The zero Set is empty and ready to use. A Set is not safe for concurrent
// use.
type Set struct {
	// blocks hold the base: n entries sorted by hash, each hash once;
	// firsts[b] is the first hash of blocks[b].
	blocks []*block
	firsts []uint64
	n      int
	// recent holds the entries since the last merge, and may hold a hash
	// that the base holds too (see Add): the base's line is the first.
	recent map[uint64]uint32
	wide   map[uint64]int
}

// block holds blockLen entries of the base: hashes[i] and, in 32 bits, its
// line lines[i]; 48 KiB, without pointers.
type block struct {
	hashes [blockLen]uint64
	lines  [blockLen]uint32
}

const (
	// MergeMin is the least number of recent entries that makes a merge.
	MergeMin = 1 << 16
	// blockLen is the number of entries of a block of the base.
	blockLen   = 1 << blockShift
	blockShift = 12
	blockMask  = blockLen - 1
	// wideLine stands, in a block or in recent, for a line kept in wide.
	wideLine = math.MaxUint32
)

// Get returns the line of h, and whether s holds h.
func (s *Set) Get(h uint64) (int, bool) {
	l, ok := s.search(h)
	if !ok {
		if l, ok = s.recent[h]; !ok {
			return 0, false
		}
	}
	if l == wideLine {
		return s.wide[h], true
	}
	return int(l), true
}

// Add records line for h unless s holds h already: the first line added for
// a hash stays.
//
// Add looks for h in the recent entries only, not in the base, which would
// cost a search (the caller has looked for h just before, as a rule): a
// hash added again after a merge stays in recent, where Get reads it only
// after the base, until the next merge drops it.
func (s *Set) Add(h uint64, line int) {
	if _, ok := s.recent[h]; ok {
		return
	}
	l := uint32(wideLine)
	if uint64(line) < wideLine {
		l = uint32(line)
	} else {
		// Rare: look in the base too, so that a hash has no wide line
		// but the first.
		if _, ok := s.search(h); ok {
			return
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
	if len(s.recent) >= s.limit() {
		s.merge()
	}
}

// limit returns the number of recent entries that makes a merge.
func (s *Set) limit() int { return max(MergeMin, s.n/16) }

// at returns the i-th hash of the base.
func (s *Set) at(i int) uint64 { return s.blocks[i>>blockShift].hashes[i&blockMask] }

// merge moves the recent entries into the base: it sorts their hashes,
// drops those the base holds (reading the base once, in order), adds the
// blocks the base needs, and merges in place from the end.
func (s *Set) merge() {
	add := make([]uint64, 0, len(s.recent))
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
		s.blocks = append(s.blocks, new(block))
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
