package merge

import (
	"slices"

	"github.com/contactkit/contactkit/contact"
)

// Index holds the match keys of the contacts of a workspace, kept up to
// date by its owner (Put on every write of a contact, Remove when it leaves
// the live, unblocked ones), and knows which keys are shared: Detect then
// reads only the contacts that share a key, not the whole workspace. It is
// not safe for concurrent use.
type Index struct {
	holders map[string][]contact.ID
	keys    map[contact.ID][]string
	shared  map[string]struct{}
}

// NewIndex returns an empty Index.
func NewIndex() *Index {
	return &Index{holders: map[string][]contact.ID{}, keys: map[contact.ID][]string{}, shared: map[string]struct{}{}}
}

// Put sets the keys of e.ID to e.Keys.
func (x *Index) Put(e Entry) {
	x.Remove(e.ID)
	keys := slices.Clone(e.Keys)
	x.keys[e.ID] = keys
	for _, k := range keys {
		hs := append(x.holders[k], e.ID)
		x.holders[k] = hs
		if len(hs) == 2 {
			x.shared[k] = struct{}{}
		}
	}
}

// Remove forgets contact id.
func (x *Index) Remove(id contact.ID) {
	for _, k := range x.keys[id] {
		hs := slices.DeleteFunc(x.holders[k], func(h contact.ID) bool { return h == id })
		switch len(hs) {
		case 0:
			delete(x.holders, k)
		case 1:
			delete(x.shared, k)
			x.holders[k] = hs
		default:
			x.holders[k] = hs
		}
	}
	delete(x.keys, id)
}

// Len returns the number of contacts in x.
func (x *Index) Len() int { return len(x.keys) }

// Detect finds the groups of the contacts of x as the function Detect
// does, reading only the contacts that share a key (and only their shared
// keys). The groups and reasons are the same as Detect's over every
// contact; the groups come in the order of their contacts' IDs.
func (x *Index) Detect(opts *DetectOptions) Result {
	seen := map[contact.ID]int{}
	var entries []Entry
	for k := range x.shared {
		for _, id := range x.holders[k] {
			i, ok := seen[id]
			if !ok {
				i = len(entries)
				seen[id] = i
				entries = append(entries, Entry{ID: id})
			}
			entries[i].Keys = append(entries[i].Keys, k)
		}
	}
	slices.SortFunc(entries, func(a, b Entry) int { return a.ID.Compare(b.ID) })
	return Detect(entries, opts)
}
