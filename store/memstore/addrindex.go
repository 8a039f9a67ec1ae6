package memstore

import (
	"hash/maphash"

	"github.com/contactkit/contactkit/contact"
)

// addrIndex maps an address (an email or a phone) to the live contact that
// holds it, as a map keyed by a 64-bit hash of the address: a key of 8 bytes
// instead of a string header of 16 and the bytes it points to. A lookup
// checks the address that the contact found holds, so a hash collision never
// gives a wrong answer: an address whose hash another address of the index
// has goes to a map keyed by the address itself, which is empty but for such
// collisions (the seed is random, so no input can make them likely).
//
// Each contact holds at most one address of an index.
type addrIndex[A address] struct {
	seed maphash.Seed
	// byHash holds the first address added with a given hash; more holds
	// the others.
	byHash map[uint64]contact.ID
	more   map[A]contact.ID
	// held returns the address of the index that a record holds.
	held func(*record) A
}

// address is the type of the addresses of an addrIndex.
type address interface {
	comparable
	IsZero() bool
	String() string
}

func newAddrIndex[A address](held func(*record) A) addrIndex[A] {
	return addrIndex[A]{
		seed:   maphash.MakeSeed(),
		byHash: make(map[uint64]contact.ID),
		more:   make(map[A]contact.ID),
		held:   held,
	}
}

func (x *addrIndex[A]) hash(a A) uint64 { return maphash.String(x.seed, a.String()) }

// ownerHash returns the contact that holds a, whose hash is h, and whether
// there is one. contacts are the records of the workspace.
func (x *addrIndex[A]) ownerHash(h uint64, a A, contacts map[contact.ID]*record) (contact.ID, bool) {
	if id, ok := x.byHash[h]; ok && x.held(contacts[id]) == a {
		return id, true
	}
	if len(x.more) == 0 {
		return contact.ID{}, false
	}
	id, ok := x.more[a]
	return id, ok
}

// ownerString returns the contact that holds the address whose String is
// s, and whether there is one.
func (x *addrIndex[A]) ownerString(s string, contacts map[contact.ID]*record) (contact.ID, bool) {
	if id, ok := x.byHash[maphash.String(x.seed, s)]; ok && x.held(contacts[id]).String() == s {
		return id, true
	}
	for a, id := range x.more {
		if a.String() == s {
			return id, true
		}
	}
	return contact.ID{}, false
}

// takenFrom returns the contact other than id that holds a, which is not
// zero, and whether there is one. It is owner with a shortcut for the common
// case of a write that keeps its address.
func (x *addrIndex[A]) takenFrom(id contact.ID, a A, contacts map[contact.ID]*record) (contact.ID, bool) {
	h := x.hash(a)
	if o, ok := x.byHash[h]; ok && o == id && len(x.more) == 0 {
		// a is id's or no one's.
		return contact.ID{}, false
	}
	o, ok := x.ownerHash(h, a, contacts)
	return o, ok && o != id
}

// add records that id holds a, which is not zero and held by no one.
func (x *addrIndex[A]) add(a A, id contact.ID) { x.addHash(x.hash(a), a, id) }

func (x *addrIndex[A]) addHash(h uint64, a A, id contact.ID) {
	if _, ok := x.byHash[h]; ok {
		x.more[a] = id
		return
	}
	x.byHash[h] = id
}

// remove records that id no longer holds a, which it holds.
func (x *addrIndex[A]) remove(a A, id contact.ID) { x.removeHash(x.hash(a), a, id) }

func (x *addrIndex[A]) removeHash(h uint64, a A, id contact.ID) {
	// id holds one address of the index, so the entry of h is a's if it is
	// id's.
	if o, ok := x.byHash[h]; ok && o == id {
		delete(x.byHash, h)
		return
	}
	delete(x.more, a)
}

// entries returns every address of the index with its owner, for tests.
func (x *addrIndex[A]) entries(contacts map[contact.ID]*record) map[A]contact.ID {
	m := make(map[A]contact.ID, len(x.byHash)+len(x.more))
	for _, id := range x.byHash {
		m[x.held(contacts[id])] = id
	}
	for a, id := range x.more {
		m[a] = id
	}
	return m
}
