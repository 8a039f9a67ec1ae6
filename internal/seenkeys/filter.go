package seenkeys

import "math/bits"

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
	// blockWords is the number of words of a block of a filter.
	blockWords = 512 / 64
)

// newFilter returns an empty filter for n hashes.
func newFilter(n int) filter {
	blocks := max(1, (n*filterBits+511)/512)
	return make(filter, blocks*blockWords)
}

// block returns the block of f for h, and the bits h sets in it, 9 a
// probe: the block from h's high bits (h is uniform), the bits from a mix
// of h, so that they do not follow from the block.
func (f filter) block(h uint64) ([]uint64, uint64) {
	b, _ := bits.Mul64(h, uint64(len(f)/blockWords))
	x := (h ^ h>>31) * 0xbf58476d1ce4e5b9
	return f[b*blockWords : (b+1)*blockWords], x
}

// add records h in f.
func (f filter) add(h uint64) {
	blk, x := f.block(h)
	for range filterProbes {
		blk[x>>6&7] |= 1 << (x & 63)
		x >>= 9
	}
}

// has reports whether f may hold h: false means it does not.
func (f filter) has(h uint64) bool {
	blk, x := f.block(h)
	for range filterProbes {
		if blk[x>>6&7]&(1<<(x&63)) == 0 {
			return false
		}
		x >>= 9
	}
	return true
}
