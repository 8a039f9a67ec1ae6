package memstore

import (
	"hash/maphash"
	"math"

	"github.com/contactkit/contactkit/contact"
)

// A contact of a workspace has an ordinal there: a small number, its index
// in the workspace's ids, recs and hist, which every index of the workspace
// holds in place of its 16-byte ID (4 bytes an entry instead of 16). An
// ordinal is the contact's while the workspace holds it; a deleted
// contact's is freed for the next one, after the contact has left every
// index.
//
// The sets of ordinals keep the order of their contacts' IDs (byID), so
// that a listing pages by ID as store.Contacts wants, whatever the order in
// which the contacts came.

// byID orders the ordinals of a workspace by their contacts' IDs.
type byID struct{ w *workspace }

func (o byID) Compare(a, b uint32) int {
	// The contact with the greatest ID, most often the one just created
	// (IDs are UUIDv7), comes after every other without a read of either
	// ID: its ordinal goes at the end of each set it joins, past a last
	// element whose ID is a cache miss to read.
	w := o.w
	switch {
	case a == b:
		return 0
	case b == w.top:
		return -1
	case a == w.top:
		return 1
	}
	return compareID(w.ids[a], w.ids[b])
}

// noTop is the top of a workspace that does not hold the contact of its
// greatest ID (see workspace.top): no contact has it as its ordinal.
const noTop = math.MaxUint32

// ordSet is a set of contacts of a workspace, by ordinal, in the order of
// their IDs.
type ordSet = blockSet[uint32, byID]

// newOrdSet returns an empty set of contacts of w.
func (w *workspace) newOrdSet() *ordSet { return &ordSet{o: byID{w}} }

// afterID returns the position in s of its first contact whose ID is
// greater than after (its first contact if hasAfter is false).
func (w *workspace) afterID(s *ordSet, after contact.ID, hasAfter bool) (b, i int) {
	if !hasAfter {
		return 0, 0
	}
	return s.seekAfter(func(o uint32) bool { return compareID(w.ids[o], after) > 0 })
}

// ascend calls yield with each contact of s whose ID is greater than after
// (each contact if hasAfter is false), in the order of their IDs, until
// yield returns false.
func (w *workspace) ascend(s *ordSet, after contact.ID, hasAfter bool, yield func(o uint32) bool) {
	b, i := w.afterID(s, after, hasAfter)
	s.ascendAt(b, i, yield)
}

// ordOf returns the ordinal of contact id, and whether w holds it. An ID
// greater than every ID w has held (a new UUIDv7's) is told without a
// lookup: a cache miss of the table at every creation.
func (w *workspace) ordOf(id contact.ID) (uint32, bool) {
	if compareID(id, w.maxID) > 0 {
		return 0, false
	}
	return w.contacts.find(id, w.ids)
}

// record returns the record of contact id, nil if w does not hold it.
func (w *workspace) record(id contact.ID) *record {
	if o, ok := w.ordOf(id); ok {
		return w.recs[o]
	}
	return nil
}

// put stores r as the record of the new contact id and returns its
// ordinal, to which it moves the history id has already, if any.
func (w *workspace) put(id contact.ID, r *record) uint32 {
	var o uint32
	if n := len(w.free); n > 0 {
		o, w.free = w.free[n-1], w.free[:n-1]
		w.ids[o], w.recs[o] = id, r
	} else {
		o = uint32(len(w.ids))
		w.ids, w.recs = append(w.ids, id), append(w.recs, r)
	}
	w.contacts.insert(id, o, w.ids)
	if compareID(id, w.maxID) > 0 {
		w.maxID, w.top = id, o
	}
	// Most workspaces have no orphan history: a creation then pays no
	// lookup in the map.
	if len(w.orphans) > 0 {
		if h, ok := w.orphans[id]; ok {
			delete(w.orphans, id)
			*w.histAt(o) = h
		}
	}
	return o
}

// drop removes contact o, which has left every index, and frees its
// ordinal. Its history, which outlives it, moves to w.orphans, so that the
// next contact of the ordinal starts with none.
func (w *workspace) drop(o uint32) {
	if o == w.top {
		w.top = noTop
	}
	if int(o) < len(w.hist) && w.hist[o] != nil {
		w.orphans[w.ids[o]] = w.hist[o]
		w.hist[o] = nil
	}
	w.contacts.remove(w.ids[o], w.ids)
	w.recs[o] = nil
	w.free = append(w.free, o)
}

// idTable maps the IDs of a workspace's contacts to their ordinals: an
// open-addressing hash table of ordinals, whose keys are read from the
// workspace's ids, 4 bytes a slot instead of the 20 of a map entry. The
// hash is seeded at random, so no choice of IDs makes probes long.
type idTable struct {
	seed maphash.Seed
	// slots holds emptySlot, deadSlot, or a contact's ordinal plus 2.
	slots []uint32
	live  int // slots that hold a contact
	used  int // slots that are not empty: live or dead
}

const (
	emptySlot = 0
	deadSlot  = 1 // a removed entry: a probe goes past it
	slotBase  = 2
)

func newIDTable() idTable { return idTable{seed: maphash.MakeSeed()} }

func (t *idTable) hash(id contact.ID) uint64 { return maphash.Bytes(t.seed, id[:]) }

// len returns the number of IDs of t.
func (t *idTable) len() int { return t.live }

// find returns the ordinal of id, and whether t holds it.
func (t *idTable) find(id contact.ID, ids []contact.ID) (uint32, bool) {
	if t.live == 0 {
		return 0, false
	}
	mask := uint64(len(t.slots) - 1)
	for i := t.hash(id) & mask; ; i = (i + 1) & mask {
		switch s := t.slots[i]; s {
		case emptySlot:
			return 0, false
		case deadSlot:
		default:
			if ids[s-slotBase] == id {
				return s - slotBase, true
			}
		}
	}
}

// insert adds id, which t does not hold, with ordinal o.
func (t *idTable) insert(id contact.ID, o uint32, ids []contact.ID) {
	// At most three slots in four used, so that probes stay short and one
	// is always empty.
	if (t.used+1)*4 > len(t.slots)*3 {
		t.resize(ids)
	}
	mask := uint64(len(t.slots) - 1)
	i := t.hash(id) & mask
	for t.slots[i] != emptySlot && t.slots[i] != deadSlot {
		i = (i + 1) & mask
	}
	if t.slots[i] == emptySlot {
		t.used++
	}
	t.slots[i] = o + slotBase
	t.live++
}

// remove removes id, which t holds.
func (t *idTable) remove(id contact.ID, ids []contact.ID) {
	if t.live == 0 {
		return
	}
	mask := uint64(len(t.slots) - 1)
	for i := t.hash(id) & mask; t.slots[i] != emptySlot; i = (i + 1) & mask {
		if s := t.slots[i]; s >= slotBase && ids[s-slotBase] == id {
			t.slots[i] = deadSlot
			t.live--
			return
		}
	}
}

// resize rebuilds t without its dead slots, with at least twice as many
// slots as live entries (and at least 8): at most half of them used, so
// that it holds as many more before the next resize.
func (t *idTable) resize(ids []contact.ID) {
	n := 8
	for n < (t.live+1)*2 {
		n *= 2
	}
	old := t.slots
	t.slots, t.live, t.used = make([]uint32, n), 0, 0
	for _, s := range old {
		if s >= slotBase {
			t.insert(ids[s-slotBase], s-slotBase, ids)
		}
	}
}
