package memstore

import (
	"hash/maphash"
	"slices"

	"github.com/contactkit/contactkit/contact"
)

// addrIndex maps an address (an email or a phone) to the live contact that
// holds it (its ordinal): an open-addressing hash table of 8-byte slots,
// each a 32-bit hash of an address beside the ordinal of its holder, not
// the address itself. A lookup checks the address that the contact found
// holds, so two addresses of one hash never give a wrong answer; the seed
// is random, so no input can make such pairs likely.
//
// A contact may hold several addresses of an index (a primary email and
// secondary ones).
type addrIndex[A address] struct {
	seed maphash.Seed
	// slots holds emptySlot, deadSlot, or an address's hash in its high 32
	// bits and its holder's ordinal plus slotBase in its low ones.
	slots []uint64
	live  int // slots that hold an address
	used  int // slots that are not empty: live or dead
	// at returns the address of a record's i-th slot for the index: 0 its
	// primary one, then its others, each possibly zero; ok is false past
	// the last slot, and at once when the record holds none (it is nil or
	// in the trash). An accessor rather than an iterator: walking a
	// record's addresses allocates nothing.
	at func(r *record, i int) (a A, ok bool)
}

// address is the type of the addresses of an addrIndex.
type address interface {
	comparable
	IsZero() bool
	String() string
}

func newAddrIndex[A address](at func(r *record, i int) (A, bool)) addrIndex[A] {
	return addrIndex[A]{seed: maphash.MakeSeed(), at: at}
}

// appendHeld appends to dst the addresses r holds, primary first, without
// zero ones and repeats (a primary email among the others is held once).
func (x *addrIndex[A]) appendHeld(dst []A, r *record) []A {
	start := len(dst)
	for i := 0; ; i++ {
		a, ok := x.at(r, i)
		if !ok {
			return dst
		}
		if !a.IsZero() && !slices.Contains(dst[start:], a) {
			dst = append(dst, a)
		}
	}
}

// hash returns the hash of a.
func (x *addrIndex[A]) hash(a A) uint32 { return x.hashString(a.String()) }

func (x *addrIndex[A]) hashString(s string) uint32 {
	return uint32(maphash.String(x.seed, s) >> 32)
}

// start returns the slot at which the probes for hash h start.
func (x *addrIndex[A]) start(h uint32) int {
	// Fibonacci hashing: the product's high bits mix all of h's.
	return int(uint64(h) * 0x9E3779B97F4A7C15 >> 32 & uint64(len(x.slots)-1))
}

// holds reports whether r holds an address for which match is true.
func (x *addrIndex[A]) holds(r *record, match func(A) bool) bool {
	for i := 0; ; i++ {
		a, ok := x.at(r, i)
		if !ok {
			return false
		}
		if !a.IsZero() && match(a) {
			return true
		}
	}
}

// find returns the contact of an address of hash h that holds an address
// for which match is true, and whether there is one. recs are the records
// of the workspace by ordinal.
func (x *addrIndex[A]) find(h uint32, recs []*record, match func(A) bool) (uint32, bool) {
	if x.live == 0 {
		return 0, false
	}
	mask := len(x.slots) - 1
	for i := x.start(h); ; i = (i + 1) & mask {
		switch s := x.slots[i]; {
		case s == emptySlot:
			return 0, false
		case s != deadSlot && uint32(s>>32) == h:
			if o := uint32(s) - slotBase; x.holds(recs[o], match) {
				return o, true
			}
		}
	}
}

// ownerHash returns the contact that holds a, whose hash is h, and whether
// there is one.
func (x *addrIndex[A]) ownerHash(h uint32, a A, recs []*record) (uint32, bool) {
	return x.find(h, recs, func(b A) bool { return b == a })
}

// ownerString returns the contact that holds the address whose String is
// s, and whether there is one.
func (x *addrIndex[A]) ownerString(s string, recs []*record) (uint32, bool) {
	return x.find(x.hashString(s), recs, func(b A) bool { return b.String() == s })
}

// takenFrom returns the contact other than id that holds a, which is not
// zero, and whether there is one.
func (x *addrIndex[A]) takenFrom(id contact.ID, a A, w *workspace) (contact.ID, bool) {
	if o, ok := x.ownerHash(x.hash(a), a, w.recs); ok && w.ids[o] != id {
		return w.ids[o], true
	}
	return contact.ID{}, false
}

// add records that contact o holds a, which is not zero and held by no
// one.
func (x *addrIndex[A]) add(a A, o uint32) { x.addHash(x.hash(a), o) }

func (x *addrIndex[A]) addHash(h uint32, o uint32) {
	// At most three slots in four used, so that probes stay short and one
	// is always empty.
	if (x.used+1)*4 > len(x.slots)*3 {
		x.resize()
	}
	mask := len(x.slots) - 1
	i := x.start(h)
	for x.slots[i] != emptySlot && x.slots[i] != deadSlot {
		i = (i + 1) & mask
	}
	if x.slots[i] == emptySlot {
		x.used++
	}
	x.slots[i] = uint64(h)<<32 | uint64(o+slotBase)
	x.live++
}

// remove records that contact o no longer holds a, which it holds.
func (x *addrIndex[A]) remove(a A, o uint32) { x.removeHash(x.hash(a), o) }

func (x *addrIndex[A]) removeHash(h uint32, o uint32) {
	// Two addresses of o of one hash have equal slots: either one goes.
	want := uint64(h)<<32 | uint64(o+slotBase)
	mask := len(x.slots) - 1
	for i := x.start(h); x.slots[i] != emptySlot; i = (i + 1) & mask {
		if x.slots[i] == want {
			x.slots[i] = deadSlot
			x.live--
			return
		}
	}
}

// resize rebuilds x without its dead slots, with at least twice as many
// slots as live ones (and at least 8).
func (x *addrIndex[A]) resize() {
	n := 8
	for n < (x.live+1)*2 {
		n *= 2
	}
	old := x.slots
	x.slots, x.live, x.used = make([]uint64, n), 0, 0
	for _, s := range old {
		if s != emptySlot && s != deadSlot {
			x.addHash(uint32(s>>32), uint32(s)-slotBase)
		}
	}
}

// entries returns every address of the index with its owner, for tests,
// which give the hash the index's slots were made with: an address is in
// the index if a slot has its hash and its holder.
func (x *addrIndex[A]) entries(w *workspace, hash func(A) uint32) map[A]contact.ID {
	m := make(map[A]contact.ID, x.live)
	for _, s := range x.slots {
		if s == emptySlot || s == deadSlot {
			continue
		}
		o := uint32(s) - slotBase
		for _, a := range x.appendHeld(nil, w.recs[o]) {
			if hash(a) == uint32(s>>32) {
				m[a] = w.ids[o]
			}
		}
	}
	return m
}
