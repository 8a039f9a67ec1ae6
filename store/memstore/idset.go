package memstore

import (
	"encoding/binary"
	"slices"

	"github.com/contactkit/contactkit/contact"
)

// blockMax is the largest number of IDs in one block of an idSet.
const blockMax = 512

// idSet is a set of contact IDs kept in ascending order (contact.ID.Compare)
// as a list of sorted blocks of at most blockMax IDs: a B-tree of height
// two. Insertion moves at most blockMax IDs; appending a greatest ID (the
// common case with UUIDv7 IDs) fills blocks to the brim. The zero idSet is
// empty.
type idSet struct {
	blocks [][]contact.ID // non-empty, sorted, each block before the next
	n      int
}

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

// Len returns the number of IDs in s.
func (s *idSet) Len() int { return s.n }

// search returns the position of the first ID of s not less than id (block
// b, index i; b == len(s.blocks) past the end) and whether it is id.
func (s *idSet) search(id contact.ID) (b, i int, found bool) {
	// The first block whose last ID is not less than id.
	b, _ = slices.BinarySearchFunc(s.blocks, id, func(blk []contact.ID, id contact.ID) int {
		return compareID(blk[len(blk)-1], id)
	})
	if b == len(s.blocks) {
		return b, 0, false
	}
	i, found = slices.BinarySearchFunc(s.blocks[b], id, compareID)
	return b, i, found
}

// Insert adds id to s and reports whether it was not there.
func (s *idSet) Insert(id contact.ID) bool {
	nb := len(s.blocks)
	if nb == 0 {
		s.blocks = append(s.blocks, []contact.ID{id})
		s.n++
		return true
	}
	// Fast path: id is the greatest.
	last := s.blocks[nb-1]
	if c := compareID(last[len(last)-1], id); c <= 0 {
		if c == 0 {
			return false
		}
		if len(last) < blockMax {
			s.blocks[nb-1] = append(last, id)
		} else {
			s.blocks = append(s.blocks, []contact.ID{id})
		}
		s.n++
		return true
	}
	b, i, found := s.search(id)
	if found {
		return false
	}
	// b < nb here: id is less than the greatest ID.
	blk := s.blocks[b]
	if len(blk) == blockMax {
		// Split the block in two halves, then insert into one of them.
		half := blockMax / 2
		right := append(make([]contact.ID, 0, blockMax), blk[half:]...)
		left := blk[:half:blockMax]
		s.blocks = slices.Insert(s.blocks, b+1, right)
		s.blocks[b] = left
		if i > half {
			b, i = b+1, i-half
		}
		blk = s.blocks[b]
	}
	s.blocks[b] = slices.Insert(blk, i, id)
	s.n++
	return true
}

// Delete removes id from s and reports whether it was there.
func (s *idSet) Delete(id contact.ID) bool {
	b, i, found := s.search(id)
	if !found {
		return false
	}
	blk := slices.Delete(s.blocks[b], i, i+1)
	if len(blk) == 0 {
		s.blocks = slices.Delete(s.blocks, b, b+1)
	} else {
		s.blocks[b] = blk
	}
	s.n--
	return true
}

// Has reports whether id is in s.
func (s *idSet) Has(id contact.ID) bool {
	_, _, found := s.search(id)
	return found
}

// Ascend calls yield with each ID of s greater than after (every ID if
// hasAfter is false) in ascending order, until yield returns false. s must
// not change during the call.
func (s *idSet) Ascend(after contact.ID, hasAfter bool, yield func(contact.ID) bool) {
	b, i := 0, 0
	if hasAfter {
		var found bool
		b, i, found = s.search(after)
		if found {
			i++
		}
	}
	for ; b < len(s.blocks); b, i = b+1, 0 {
		for _, id := range s.blocks[b][i:] {
			if !yield(id) {
				return
			}
		}
	}
}
