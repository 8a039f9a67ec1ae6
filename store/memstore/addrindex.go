package memstore

import (
	"hash/maphash"

	"github.com/contactkit/contactkit/contact"
)

// addrIndex maps an address (an email or a phone) to the live contact that
// holds it (its ordinal), as a map keyed by a 64-bit hash of the address: a key of 8 bytes
// instead of a string header of 16 and the bytes it points to. A lookup
// checks the address that the contact found holds, so a hash collision never
// gives a wrong answer: an address whose hash another address of the index
// has goes to a map keyed by the address itself, which is empty but for such
// collisions (the seed is random, so no input can make them likely).
//
// A contact may hold several addresses of an index (a primary email and
// secondary ones).
type addrIndex[A address] struct {
	seed maphash.Seed
	// byHash holds the first address added with a given hash; more holds
	// the others.
	byHash map[uint64]uint32
	more   map[A]uint32
	// held calls yield with each address of the index that a record holds,
	// until yield returns false; none for a nil record.
	held func(r *record, yield func(A) bool)
}

// address is the type of the addresses of an addrIndex.
type address interface {
	comparable
	IsZero() bool
	String() string
}

func newAddrIndex[A address](held func(r *record, yield func(A) bool)) addrIndex[A] {
	return addrIndex[A]{
		seed:   maphash.MakeSeed(),
		byHash: make(map[uint64]uint32),
		more:   make(map[A]uint32),
		held:   held,
	}
}

func (x *addrIndex[A]) hash(a A) uint64 { return maphash.String(x.seed, a.String()) }

// holds reports whether r holds an address for which match is true.
func (x *addrIndex[A]) holds(r *record, match func(A) bool) bool {
	found := false
	x.held(r, func(a A) bool {
		found = match(a)
		return !found
	})
	return found
}

// ownerHash returns the contact that holds a, whose hash is h, and whether
// there is one. recs are the records of the workspace by ordinal.
func (x *addrIndex[A]) ownerHash(h uint64, a A, recs []*record) (uint32, bool) {
	if o, ok := x.byHash[h]; ok && x.holds(recs[o], func(b A) bool { return b == a }) {
		return o, true
	}
	if len(x.more) == 0 {
		return 0, false
	}
	o, ok := x.more[a]
	return o, ok
}

// ownerString returns the contact that holds the address whose String is
// s, and whether there is one.
func (x *addrIndex[A]) ownerString(s string, recs []*record) (uint32, bool) {
	if o, ok := x.byHash[maphash.String(x.seed, s)]; ok && x.holds(recs[o], func(b A) bool { return b.String() == s }) {
		return o, true
	}
	for a, o := range x.more {
		if a.String() == s {
			return o, true
		}
	}
	return 0, false
}

// takenFrom returns the contact other than id that holds a, which is not
// zero, and whether there is one. It is owner with a shortcut for the common
// case of a write that keeps its address.
func (x *addrIndex[A]) takenFrom(id contact.ID, a A, w *workspace) (contact.ID, bool) {
	h := x.hash(a)
	if o, ok := x.byHash[h]; ok && w.ids[o] == id && len(x.more) == 0 {
		// a is id's or no one's.
		return contact.ID{}, false
	}
	if o, ok := x.ownerHash(h, a, w.recs); ok && w.ids[o] != id {
		return w.ids[o], true
	}
	return contact.ID{}, false
}

// add records that contact o holds a, which is not zero and held by no
// one.
func (x *addrIndex[A]) add(a A, o uint32) { x.addHash(x.hash(a), a, o) }

func (x *addrIndex[A]) addHash(h uint64, a A, o uint32) {
	if _, ok := x.byHash[h]; ok {
		x.more[a] = o
		return
	}
	x.byHash[h] = o
}

// remove records that contact o no longer holds a, which it holds.
func (x *addrIndex[A]) remove(a A, o uint32) { x.removeHash(x.hash(a), a, o) }

func (x *addrIndex[A]) removeHash(h uint64, a A, o uint32) {
	// a is in more if it was added when another address had its hash (of
	// another contact, or of o itself); otherwise the entry of h is a's.
	if m, ok := x.more[a]; ok && m == o {
		delete(x.more, a)
		return
	}
	if m, ok := x.byHash[h]; ok && m == o {
		delete(x.byHash, h)
	}
}

// entries returns every address of the index with its owner, for tests.
func (x *addrIndex[A]) entries(w *workspace) map[A]contact.ID {
	m := make(map[A]contact.ID, len(x.byHash)+len(x.more))
	for _, o := range x.byHash {
		// Every address a live record holds is in the index: in more, or
		// under its hash.
		x.held(w.recs[o], func(a A) bool {
			if _, inMore := x.more[a]; !inMore {
				m[a] = w.ids[o]
			}
			return true
		})
	}
	for a, o := range x.more {
		m[a] = w.ids[o]
	}
	return m
}
