package memstore

import (
	"encoding/binary"
	"slices"

	"github.com/contactkit/contactkit/contact"
)

// blockMax is the largest number of elements in one block of a blockSet.
const blockMax = 128

// order is the order of the elements of a blockSet: a zero-sized type whose
// Compare returns a negative number, 0 or a positive number as a comes
// before, with or after b.
type order[E any] interface {
	Compare(a, b E) int
}

// blockSet is a set of elements kept in ascending order (O's Compare) as a
// list of sorted blocks of at most blockMax elements: a B-tree of height
// two. Insertion moves at most blockMax elements; appending a greatest one
// (the common case with UUIDv7 IDs) fills blocks to the brim. The zero
// blockSet is empty.
type blockSet[E any, O order[E]] struct {
	blocks [][]E // non-empty, sorted, each block before the next
	// lasts holds the last element of each block when there are two or
	// more (nil for one): a search finds its block in this one array, not
	// by reading a line of memory from every block it passes.
	lasts []E
	n     int
	o     O // zero-sized for most orders
}

// A blockKeeper is an order whose sets may keep their blocks whole: spares
// returns, for the blocks of such a set, the blocks it emptied, which it
// makes its new blocks from, each with room for blockMax, so that a small
// set whose elements come and go (the fresh words) allocates nothing once
// it has grown. It returns nil for the blocks of a set that makes each
// block with room for a quarter more than it holds (see regrow).
type blockKeeper[E any] interface {
	spares(blocks *[][]E) *[][]E
}

// spares returns the blocks s keeps for its new ones, or nil (see
// blockKeeper).
func (s *blockSet[E, O]) spares() *[][]E {
	if k, ok := any(s.o).(blockKeeper[E]); ok {
		return k.spares(&s.blocks)
	}
	return nil
}

// newBlock returns an empty block for s, with room for n elements: a kept
// one, with room for blockMax, when s keeps its blocks.
func (s *blockSet[E, O]) newBlock(n int) []E {
	sp := s.spares()
	if sp == nil {
		return make([]E, 0, n)
	}
	if k := len(*sp); k > 0 {
		blk := (*sp)[k-1]
		*sp = (*sp)[:k-1]
		return blk
	}
	return make([]E, 0, blockMax)
}

// keep gives blks, blocks s no longer holds, to its spares, emptied, when
// it keeps its blocks.
func (s *blockSet[E, O]) keep(blks ...[]E) {
	sp := s.spares()
	if sp == nil {
		return
	}
	for _, blk := range blks {
		if cap(blk) == blockMax {
			clear(blk[:cap(blk)])
			*sp = append(*sp, blk[:0])
		}
	}
}

// idSet is a set of contact IDs in ascending order (contact.ID.Compare).
type idSet = blockSet[contact.ID, idOrder]

// idOrder orders contact IDs bytewise.
type idOrder struct{}

func (idOrder) Compare(a, b contact.ID) int { return compareID(a, b) }

// compareID orders IDs as contact.ID.Compare does (bytewise), faster.
func compareID(a, b contact.ID) int {
	ah, bh := binary.BigEndian.Uint64(a[:8]), binary.BigEndian.Uint64(b[:8])
	if ah != bh {
		if ah < bh {
			return -1
		}
		return 1
	}
	al, bl := binary.BigEndian.Uint64(a[8:]), binary.BigEndian.Uint64(b[8:])
	switch {
	case al < bl:
		return -1
	case al > bl:
		return 1
	}
	return 0
}

// Len returns the number of elements of s.
func (s *blockSet[E, O]) Len() int { return s.n }

// search returns the position of the first ID of s not less than id (block
// b, index i; b == len(s.blocks) past the end) and whether it is id.
func (s *blockSet[E, O]) search(id E) (b, i int, found bool) {
	o := s.o
	switch len(s.blocks) {
	case 0:
		return 0, 0, false
	case 1:
		if blk := s.blocks[0]; o.Compare(blk[len(blk)-1], id) < 0 {
			return 1, 0, false
		}
	default:
		// The first block whose last ID is not less than id.
		b, _ = slices.BinarySearchFunc(s.lasts, id, o.Compare)
		if b == len(s.blocks) {
			return b, 0, false
		}
	}
	i, found = slices.BinarySearchFunc(s.blocks[b], id, o.Compare)
	return b, i, found
}

// seek is search by a key of another type than the elements: cmp returns
// a negative number, 0 or a positive number as an element comes before, is
// equal to or comes after the key.
func (s *blockSet[E, O]) seek(cmp func(E) int) (b, i int, found bool) {
	switch len(s.blocks) {
	case 0:
		return 0, 0, false
	case 1:
		if blk := s.blocks[0]; cmp(blk[len(blk)-1]) < 0 {
			return 1, 0, false
		}
	default:
		b, _ = slices.BinarySearchFunc(s.lasts, struct{}{}, func(e E, _ struct{}) int { return cmp(e) })
		if b == len(s.blocks) {
			return b, 0, false
		}
	}
	i, found = slices.BinarySearchFunc(s.blocks[b], struct{}{}, func(e E, _ struct{}) int { return cmp(e) })
	return b, i, found
}

// setLasts makes lasts hold the last element of each block, from block b
// on, after the blocks from b on changed (nil lasts with fewer than two
// blocks).
func (s *blockSet[E, O]) setLasts(b int) {
	if len(s.blocks) < 2 {
		s.lasts = nil
		return
	}
	if s.lasts == nil {
		b = 0
	}
	s.lasts = s.lasts[:min(b, len(s.lasts))]
	for _, blk := range s.blocks[len(s.lasts):] {
		s.lasts = append(s.lasts, blk[len(blk)-1])
	}
}

// Insert adds id to s and reports whether it was not there.
func (s *blockSet[E, O]) Insert(id E) bool {
	_, added := s.insert(id)
	return added
}

// insert adds e to s unless an element equal to it is there, and returns
// the element of s equal to e (the one added or the one found) and whether
// it was added. The pointer is valid until s next changes: through it, the
// parts of the element that its order does not read may be changed.
func (s *blockSet[E, O]) insert(e E) (*E, bool) {
	// Fast path: e is the greatest (the common case with UUIDv7 IDs).
	if len(s.blocks) == 0 {
		return s.push(e), true
	}
	last := s.blocks[len(s.blocks)-1]
	switch c := s.o.Compare(last[len(last)-1], e); {
	case c == 0:
		return &last[len(last)-1], false
	case c < 0:
		return s.push(e), true
	}
	b, i, found := s.search(e)
	if found {
		return &s.blocks[b][i], false
	}
	// b < nb here: e is less than the greatest element.
	return s.insertAt(b, i, e), true
}

// push adds e, greater than every element of s, and returns the element
// added, with insert's terms of use. It fills the last block to the brim.
func (s *blockSet[E, O]) push(e E) *E {
	nb := len(s.blocks)
	if nb == 0 || len(s.blocks[nb-1]) == blockMax {
		s.blocks = append(s.blocks, append(s.newBlock(min(blockMax, 4)), e))
		s.setLasts(max(nb-1, 0))
	} else {
		blk := s.blocks[nb-1]
		if len(blk) == cap(blk) {
			// Doubled, as append would, but never past blockMax: a block
			// of a merge's pieces has room for a quarter more than it
			// holds, which append would round up past it.
			blk = append(make([]E, 0, min(blockMax, 2*cap(blk))), blk...)
		}
		s.blocks[nb-1] = append(blk, e)
		if s.lasts != nil {
			s.lasts[nb-1] = e
		}
	}
	s.n++
	last := s.blocks[len(s.blocks)-1]
	return &last[len(last)-1]
}

// insertAt puts e, which s does not hold, at position (b, i) of s, where
// the order of s puts it (a position search or seek returned), and returns
// the element added, with insert's terms of use.
func (s *blockSet[E, O]) insertAt(b, i int, e E) *E {
	if b == len(s.blocks) {
		return s.push(e)
	}
	blk := s.blocks[b]
	if len(blk) == blockMax {
		// Split the block in two halves, then insert into one of them.
		half := blockMax / 2
		var left, right []E
		if s.spares() != nil {
			// The left half stays where it is.
			left, right = blk[:half], append(s.newBlock(blockMax), blk[half:]...)
			clear(blk[half:])
		} else {
			left, right = regrow(blk[:half]), regrow(blk[half:])
		}
		s.blocks = slices.Insert(s.blocks, b+1, right)
		s.blocks[b] = left
		if s.lasts == nil {
			s.setLasts(0)
		} else {
			// The right half ends where the whole block did: only the
			// left half's last is new. Not setLasts(b), which reads every
			// block after b: a cache miss each.
			s.lasts = slices.Insert(s.lasts, b, left[len(left)-1])
		}
		if i > half {
			b, i = b+1, i-half
		}
		blk = s.blocks[b]
	}
	if len(blk) == cap(blk) {
		blk = regrow(blk)
	}
	// e goes before the block's last element, but at the end of the left
	// half of a split block: then it is that block's last.
	s.blocks[b] = slices.Insert(blk, i, e)
	if i == len(blk) && s.lasts != nil {
		s.lasts[b] = e
	}
	s.n++
	return &s.blocks[b][i]
}

// regrow returns a copy of blk, a block of an inserted element's set, with
// room for a quarter more elements (at least 4, at most blockMax in all).
// Elements inserted in the order of a set's elements fill its blocks to
// the brim, but those inserted in any order (words) fill a block from a
// half (a split) to whole, 70 % on average: with every block made with
// room for blockMax, 30 % of such a set's memory would be room. Grown by
// quarters, 90 % of it holds elements, for a copy of a block each time
// it grows by a quarter.
func regrow[E any](blk []E) []E {
	n := min(blockMax, len(blk)+max(len(blk)/4, 4))
	return append(make([]E, 0, n), blk...)
}

// merge adds the elements of src, sorted and none of them in s, to s in
// one pass over its blocks: a block that takes none of them is kept as it
// is, and one that takes some is merged with them in place when it has the
// room and the result holds at most blockMax, else into new blocks of at
// most blockMax, each with room for a quarter more. Many elements merged
// at once cost a pass over the blocks they go in, where each inserted
// alone would search for its block and move half of it. scratch is room
// for a merged block, returned for the next call.
func (s *blockSet[E, O]) merge(src, scratch []E) []E {
	if len(src) == 0 {
		return scratch
	}
	o := s.o
	nb := len(s.blocks)
	if nb == 0 {
		s.blocks = [][]E{{}}
		nb = 1
	}
	blocks := make([][]E, 0, nb+len(src)/(blockMax/2)+1)
	lasts := make([]E, 0, cap(blocks))
	j := 0
	for b, blk := range s.blocks {
		// The elements of src that go in blk: those before its last
		// element, and the rest for the last block.
		k := len(src)
		if b < nb-1 {
			last := s.last(b)
			for k = j; k < len(src) && o.Compare(src[k], last) < 0; k++ {
			}
		}
		if k == j {
			blocks, lasts = append(blocks, blk), append(lasts, s.last(b))
			continue
		}
		scratch = mergeSorted(scratch[:0], blk, src[j:k], o)
		j = k
		// In place only up to blockMax: a block pushed past the room
		// regrow gave it has room for more (append rounds up).
		if t := len(scratch); t <= min(cap(blk), blockMax) {
			blk = append(blk[:0], scratch...)
			blocks, lasts = append(blocks, blk), append(lasts, blk[t-1])
			continue
		}
		// Into pieces of at most blockMax elements, as even as can be.
		pieces := (len(scratch) + blockMax - 1) / blockMax
		for p := range pieces {
			piece := regrow(scratch[p*len(scratch)/pieces : (p+1)*len(scratch)/pieces])
			blocks, lasts = append(blocks, piece), append(lasts, piece[len(piece)-1])
		}
	}
	s.blocks, s.n = blocks, s.n+len(src)
	s.lasts = nil
	if len(blocks) > 1 {
		s.lasts = lasts
	}
	return scratch
}

// take appends to dst the elements of s from position (b0, i0) to
// position (b1, i1), excluded, in order, removes them from s, and returns
// dst. Positions are as search returns them; (b1, i1) does not come before
// (b0, i0).
func (s *blockSet[E, O]) take(b0, i0, b1, i1 int, dst []E) []E {
	before := len(dst)
	if b0 == b1 {
		if b0 == len(s.blocks) || i0 == i1 {
			return dst
		}
		blk := s.blocks[b0]
		dst = append(dst, blk[i0:i1]...)
		s.blocks[b0] = slices.Delete(blk, i0, i1)
	} else {
		// The end of block b0, the blocks between, the start of block b1.
		dst = append(dst, s.blocks[b0][i0:]...)
		s.blocks[b0] = s.blocks[b0][:i0]
		for _, blk := range s.blocks[b0+1 : b1] {
			dst = append(dst, blk...)
		}
		s.keep(s.blocks[b0+1 : b1]...)
		if b1 < len(s.blocks) {
			dst = append(dst, s.blocks[b1][:i1]...)
			s.blocks[b1] = slices.Delete(s.blocks[b1], 0, i1)
		}
		s.blocks = slices.Delete(s.blocks, b0+1, b1)
	}
	s.blocks = slices.DeleteFunc(s.blocks, func(blk []E) bool {
		if len(blk) > 0 {
			return false
		}
		s.keep(blk)
		return true
	})
	s.n -= len(dst) - before
	s.lasts = s.lasts[:0] // all built again, in the room they had
	s.setLasts(0)
	return dst
}

// last returns the last element of block b of s, from lasts when it has
// them: one array rather than a line of memory of each block.
func (s *blockSet[E, O]) last(b int) E {
	if s.lasts != nil {
		return s.lasts[b]
	}
	blk := s.blocks[b]
	return blk[len(blk)-1]
}

// mergeSorted appends to dst the elements of a and b, both sorted by o
// and with no element in common, in order: one pass over each, which
// reads a block of a set in the order of its memory.
func mergeSorted[E any, O order[E]](dst, a, b []E, o O) []E {
	for len(a) > 0 && len(b) > 0 {
		if o.Compare(a[0], b[0]) < 0 {
			dst, a = append(dst, a[0]), a[1:]
		} else {
			dst, b = append(dst, b[0]), b[1:]
		}
	}
	return append(append(dst, a...), b...)
}

// Delete removes id from s and reports whether it was there.
func (s *blockSet[E, O]) Delete(id E) bool {
	b, i, found := s.search(id)
	if found {
		s.deleteAt(b, i)
	}
	return found
}

// deleteAt removes the element at position (b, i) of s.
func (s *blockSet[E, O]) deleteAt(b, i int) {
	blk := slices.Delete(s.blocks[b], i, i+1)
	switch {
	case len(blk) == 0:
		s.keep(blk)
		s.blocks = slices.Delete(s.blocks, b, b+1)
		if len(s.blocks) < 2 {
			s.lasts = nil
		} else {
			s.lasts = slices.Delete(s.lasts, b, b+1)
		}
	case i == len(blk):
		s.blocks[b] = blk
		if s.lasts != nil {
			s.lasts[b] = blk[i-1]
		}
	default:
		s.blocks[b] = blk
	}
	s.n--
}

// Has reports whether id is in s.
func (s *blockSet[E, O]) Has(id E) bool {
	_, _, found := s.search(id)
	return found
}

// Ascend calls yield with each ID of s greater than after (every ID if
// hasAfter is false) in ascending order, until yield returns false. s must
// not change during the call.
func (s *blockSet[E, O]) Ascend(after E, hasAfter bool, yield func(E) bool) {
	b, i := s.after(after, hasAfter)
	s.ascendAt(b, i, yield)
}

// after returns the position of the first element of s greater than after
// (of the first element if hasAfter is false).
func (s *blockSet[E, O]) after(after E, hasAfter bool) (b, i int) {
	if !hasAfter {
		return 0, 0
	}
	b, i, found := s.search(after)
	if found {
		i++
	}
	return b, i
}

// seekAfter returns the position of the first element e of s for which
// above(e) is true, where above is false for the elements before some
// point of the order and true from there on: a search by a key of another
// type than the elements.
func (s *blockSet[E, O]) seekAfter(above func(E) bool) (b, i int) {
	b, i, _ = s.seek(func(e E) int {
		if above(e) {
			return 1
		}
		return -1
	})
	return b, i
}

// ascendAt calls yield with each element of s from position (b, i) on, in
// ascending order, until yield returns false.
func (s *blockSet[E, O]) ascendAt(b, i int, yield func(E) bool) {
	for ; b < len(s.blocks); b, i = b+1, 0 {
		for _, e := range s.blocks[b][i:] {
			if !yield(e) {
				return
			}
		}
	}
}

// AscendFrom calls yield with each element of s not less than from, in
// ascending order, until yield returns false. s must not change during the
// call.
func (s *blockSet[E, O]) AscendFrom(from E, yield func(E) bool) {
	b, i, _ := s.search(from)
	for ; b < len(s.blocks); b, i = b+1, 0 {
		for _, e := range s.blocks[b][i:] {
			if !yield(e) {
				return
			}
		}
	}
}

// cursor is a position in a blockSet, read one element at a time: the pull
// form of Ascend, for merging several sets. The set must not change while a
// cursor reads it.
type cursor[E any, O order[E]] struct {
	s    *blockSet[E, O]
	b, i int
}

// cursorAt returns a cursor at position (b, i) of s.
func (s *blockSet[E, O]) cursorAt(b, i int) cursor[E, O] {
	return cursor[E, O]{s: s, b: b, i: i}
}

// next returns the element at c and moves past it; ok is false at the end.
func (c *cursor[E, O]) next() (e E, ok bool) {
	for c.b < len(c.s.blocks) {
		if blk := c.s.blocks[c.b]; c.i < len(blk) {
			e = blk[c.i]
			c.i++
			return e, true
		}
		c.b, c.i = c.b+1, 0
	}
	return e, false
}
