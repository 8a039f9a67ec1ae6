package seenkeys

import (
	"encoding/binary"
	"io"
	"math/bits"
)

// filter is a Bloom filter of hashes, cut in blocks of 512 bits (a cache
// line): a hash sets, and a lookup reads, filterProbes bits of one block,
// so that a lookup costs one read of memory. With filterBits bits per hash
// about 1 % of the hashes it does not hold pass it (a plain Bloom filter of
// as many bits would let 0.8 % pass, at the cost of a read per bit).
type filter []uint64

const (
	// filterBits is the number of bits of a filter per hash it holds.
	filterBits = 10
	// filterProbes is the number of bits a hash sets in its block: the
	// best number for filterBits, ln 2 · filterBits, rounded.
	filterProbes = 7
	// blockWords is the number of words of a block of a filter, and
	// blockBytes of bytes.
	blockWords = 512 / 64
	blockBytes = blockWords * 8
)

// newFilter returns an empty filter for n hashes.
func newFilter(n int) filter {
	return make(filter, blocks(n)*blockWords)
}

// block returns the block of f for h, and the bits h sets in it (see
// blockOf).
func (f filter) block(h uint64) ([]uint64, uint64) {
	b, x := blockOf(h, len(f)/blockWords)
	return f[b*blockWords : (b+1)*blockWords], x
}

// blockOf returns the block of a filter of n blocks for h, and the bits h
// sets in it, 9 a probe: the block from h's high bits (h is uniform), so
// that the blocks of hashes in order come in order; the bits from a mix of
// h, so that they do not follow from the block.
func blockOf(h uint64, n int) (int, uint64) {
	b, _ := bits.Mul64(h, uint64(n))
	return int(b), (h ^ h>>31) * 0xbf58476d1ce4e5b9
}

// add records h in f.
func (f filter) add(h uint64) {
	setProbes(f.block(h))
}

// has reports whether f may hold h: false means it does not.
func (f filter) has(h uint64) bool {
	return hasProbes(f.block(h))
}

// setProbes sets in blk the bits x gives.
func setProbes(blk []uint64, x uint64) {
	for range filterProbes {
		blk[x>>6&7] |= 1 << (x & 63)
		x >>= 9
	}
}

// hasProbes reports whether blk has every bit x gives.
func hasProbes(blk []uint64, x uint64) bool {
	for range filterProbes {
		if blk[x>>6&7]&(1<<(x&63)) == 0 {
			return false
		}
		x >>= 9
	}
	return true
}

// blocks returns the number of blocks of a filter for n hashes.
func blocks(n int) int { return max(1, (n*filterBits+511)/512) }

// filterWriter writes a filter block by block, as hashes come in
// ascending order: it holds one block in memory, not the filter.
type filterWriter struct {
	w   io.Writer
	n   int // blocks of the filter
	cur int // the block being filled
	blk [blockWords]uint64
	buf [blockBytes]byte
}

// add records h, not less than the hashes added before.
func (fw *filterWriter) add(h uint64) {
	b, x := blockOf(h, fw.n)
	for fw.cur < b {
		fw.next()
	}
	setProbes(fw.blk[:], x)
}

// next writes the block being filled and moves to the next. A write error
// stays in fw.w (a bufio.Writer), whose Flush returns it.
func (fw *filterWriter) next() {
	for i, w := range fw.blk {
		binary.LittleEndian.PutUint64(fw.buf[i*8:], w)
	}
	fw.w.Write(fw.buf[:])
	fw.blk = [blockWords]uint64{}
	fw.cur++
}

// close writes the blocks left, the last filled and the empty ones after.
func (fw *filterWriter) close() {
	for fw.cur < fw.n {
		fw.next()
	}
}
