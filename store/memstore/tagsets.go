package memstore

import (
	"encoding/binary"
	"runtime"
	"sync"
	"weak"

	"github.com/contactkit/contactkit/tag"
)

// tagSets keeps one copy of each tag set that the records of a workspace
// hold: most contacts of a workspace share a few combinations of tags, and
// a record then holds a pointer of 8 bytes instead of a slice of its own
// (24 bytes of header and 32 a tag). A set is held weakly: when no record
// holds it (its contacts changed, were deleted, or a rolled-back write made
// it), the collector frees it and its entry goes too, so the table holds no
// more sets than the records do.
type tagSets struct {
	// t is allocated apart from the workspace: the cleanup of a set holds
	// t, and must not hold what holds the set (a cleanup that reaches its
	// object keeps it, and here the whole workspace, forever).
	t *tagTable
}

func newTagSets() tagSets {
	return tagSets{t: &tagTable{sets: make(map[string]weak.Pointer[tag.Set])}}
}

// tagTable is the table of a tagSets.
type tagTable struct {
	mu   sync.Mutex // the cleanup of a freed set runs on its own goroutine
	sets map[string]weak.Pointer[tag.Set]
	key  []byte // intern's buffer, under mu
}

// intern returns the copy of s that x keeps, nil for a nil s. The copy is
// shared: neither it nor the slice it points to may change.
func (x *tagSets) intern(s tag.Set) *tag.Set {
	if s == nil {
		return nil
	}
	t := x.t
	t.mu.Lock()
	defer t.mu.Unlock()
	// The key spells each tag and its key, each after its length: equal
	// keys are equal sets, an empty set's key is empty.
	k := t.key[:0]
	for _, n := range s {
		k = binary.AppendUvarint(k, uint64(len(n.String())))
		k = append(k, n.String()...)
		k = binary.AppendUvarint(k, uint64(len(n.Key())))
		k = append(k, n.Key()...)
	}
	t.key = k
	if p := t.sets[string(k)].Value(); p != nil {
		return p
	}
	p := new(tag.Set)
	*p = s.Clone()
	key := string(k)
	t.sets[key] = weak.Make(p)
	runtime.AddCleanup(p, t.forget, key)
	return p
}

// forget removes the entry of key once its set is freed, unless a set
// interned since has taken its place.
func (t *tagTable) forget(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.sets[key].Value() == nil {
		delete(t.sets, key)
	}
}

// len returns the number of sets x holds an entry for.
func (x *tagSets) len() int {
	x.t.mu.Lock()
	defer x.t.mu.Unlock()
	return len(x.t.sets)
}
