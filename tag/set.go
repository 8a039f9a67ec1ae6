package tag

import (
	"cmp"
	"slices"
)

// Set is an ordered set of names, unique by Key, in the order they were
// added. The zero Set (nil) is empty and ready to use.
//
// A Set is a value: its methods never modify the Set they are called on nor
// its backing array, and return a new Set when something changes, so that
// copies never see each other's changes. Build Sets with NewSet and the
// methods rather than by hand, and do not assign to their elements; a Set
// built by hand with two names of one Key behaves as if it held the first.
type Set []Name

// linearMax is the size up to which a Set is searched linearly rather than
// through a map of its keys.
const linearMax = 16

// keys indexes the keys of a growing list of names: a linear search while
// the list is small, a map once it is large.
type keys struct {
	names []Name
	m     map[string]struct{}
}

func newKeys(names []Name, capacity int) *keys {
	k := &keys{names: names}
	if capacity > linearMax {
		k.m = make(map[string]struct{}, capacity)
		for _, n := range names {
			k.m[n.key] = struct{}{}
		}
	}
	return k
}

func (k *keys) has(key string) bool {
	if k.m != nil {
		_, ok := k.m[key]
		return ok
	}
	for _, n := range k.names {
		if n.key == key {
			return true
		}
	}
	return false
}

// add records n, which the caller has appended to its list.
func (k *keys) add(names []Name, n Name) {
	k.names = names
	if k.m != nil {
		k.m[n.key] = struct{}{}
	}
}

// NewSet returns the set of names, in order, without zero names and keeping
// the first spelling of each Key. It returns nil when there is no name.
func NewSet(names ...Name) Set {
	var s Set
	s, _ = s.Add(names...)
	return s
}

// Len returns the number of names in s.
func (s Set) Len() int { return len(s) }

// Has reports whether s holds a name with n's Key.
func (s Set) Has(n Name) bool {
	_, ok := s.Find(n)
	return ok
}

// Find returns the name of s with n's Key, in the spelling s holds, and
// whether there is one.
func (s Set) Find(n Name) (Name, bool) {
	if n.IsZero() {
		return Name{}, false
	}
	for _, m := range s {
		if m.key == n.key {
			return m, true
		}
	}
	return Name{}, false
}

// Add returns s with the names whose Key s does not hold appended, in order,
// and those names. A name whose Key s already holds, a repeated Key and the
// zero Name are skipped: s keeps its first spelling. When nothing is added,
// Add returns s itself and no names.
//
// Add costs O(len(s) + len(names)): it indexes the names to add, not s, and
// reads s once. Adding names one call at a time copies s every time (a Set
// is a value), so add them in one call: see Missing.
func (s Set) Add(names ...Name) (Set, []Name) {
	added := newSet(s, names)
	if len(added) == 0 {
		return s, nil
	}
	out := make(Set, len(s), len(s)+len(added))
	copy(out, s)
	return append(out, added...), added
}

// AddWithin is Add, refused when the result would hold more than max
// names: then it returns s itself, no names and a *LimitError wrapping
// ErrTooMany, and adds nothing. max is a number of names per contact, as
// Limits.PerContact; max <= 0 means MaxPerContact.
func (s Set) AddWithin(max int, names ...Name) (Set, []Name, error) {
	if max <= 0 {
		max = MaxPerContact
	}
	added := newSet(s, names)
	if n := len(s) + len(added); n > max {
		return s, nil, &LimitError{Limit: LimitPerContact, Max: max, Got: n}
	}
	if len(added) == 0 {
		return s, nil, nil
	}
	out := make(Set, len(s), len(s)+len(added))
	copy(out, s)
	return append(out, added...), added, nil
}

// Missing returns the names whose Key s does not hold, in order, without
// zero Names and repeated Keys (the first spelling wins): the names Add
// would add. It costs O(len(s) + len(names)). A caller that must look up or
// create each new name (the tags of a workspace) calls Missing once, then
// Add once, instead of Has and Add per name, which is quadratic.
func (s Set) Missing(names ...Name) []Name { return newSet(s, names) }

// newSet returns the names of names whose Key s does not hold, in order,
// each Key once. It indexes names, never s, so that adding a few names to a
// large set costs one pass over the set.
func newSet(s Set, names []Name) []Name {
	var out []Name
	if len(names) > 1 {
		out = make([]Name, 0, len(names)) // one allocation, not one per doubling
	}
	k := newKeys(nil, len(names))
	for _, n := range names {
		if n.IsZero() || k.has(n.key) {
			continue
		}
		out = append(out, n)
		k.add(out, n)
	}
	if len(out) == 0 {
		return nil // nil as before the room made above, not an empty slice
	}
	if len(s) == 0 {
		return out
	}
	// Drop the names s holds: one pass over s.
	var held map[string]bool
	if k.m != nil {
		for _, m := range s {
			if k.has(m.key) {
				if held == nil {
					held = make(map[string]bool)
				}
				held[m.key] = true
			}
		}
	} else {
		for _, m := range s {
			for _, n := range out {
				if n.key == m.key {
					if held == nil {
						held = make(map[string]bool)
					}
					held[m.key] = true
				}
			}
		}
	}
	if held == nil {
		return out
	}
	kept := out[:0]
	for _, n := range out {
		if !held[n.key] {
			kept = append(kept, n)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	return kept
}

// Remove returns s without the names that have the Key of one of names, and
// the names removed, in the spelling s held and in s's order. When nothing is
// removed, Remove returns s itself and no names.
func (s Set) Remove(names ...Name) (Set, []Name) {
	drop := newKeys(nil, len(names)+len(s))
	var list []Name
	for _, n := range names {
		if !n.IsZero() && !drop.has(n.key) {
			list = append(list, n)
			drop.add(list, n)
		}
	}
	var removed []Name
	for _, m := range s {
		if drop.has(m.key) {
			removed = append(removed, m)
		}
	}
	if len(removed) == 0 {
		return s, nil
	}
	out := make(Set, 0, len(s)-len(removed))
	for _, m := range s {
		if !drop.has(m.key) {
			out = append(out, m)
		}
	}
	return out, removed
}

// Union returns the names of s followed by those of other whose Key s does
// not hold. Spellings in s win.
func (s Set) Union(other Set) Set {
	u, _ := s.Add(other...)
	return u
}

// Keys returns the Keys of the names of s, in s's order.
func (s Set) Keys() []string {
	if len(s) == 0 {
		return nil
	}
	out := make([]string, len(s))
	for i, n := range s {
		out[i] = n.key
	}
	return out
}

// Equal reports whether s and other hold the same Keys, in any order and
// whatever their spellings.
func (s Set) Equal(other Set) bool {
	a, b := NewSet(s...), NewSet(other...)
	if len(a) != len(b) {
		return false
	}
	k := newKeys(a, len(a))
	for _, n := range b {
		if !k.has(n.key) {
			return false
		}
	}
	return true
}

// Sorted returns a copy of s sorted by Key, then by spelling: an order that
// does not depend on the order names were added in.
func (s Set) Sorted() Set {
	out := slices.Clone(s)
	slices.SortFunc(out, func(a, b Name) int {
		return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.s, b.s))
	})
	return out
}

// Clone returns a copy of s that shares no memory with it.
func (s Set) Clone() Set { return slices.Clone(s) }
