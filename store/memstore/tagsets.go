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
// more sets than the records do. The zero tagSets is ready to use.
type tagSets struct {
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
	x.mu.Lock()
	defer x.mu.Unlock()
	// The key spells each tag and its key, each after its length: equal
	// keys are equal sets, an empty set's key is empty.
	k := x.key[:0]
	for _, n := range s {
		k = binary.AppendUvarint(k, uint64(len(n.String())))
		k = append(k, n.String()...)
		k = binary.AppendUvarint(k, uint64(len(n.Key())))
		k = append(k, n.Key()...)
	}
	x.key = k
	if p := x.sets[string(k)].Value(); p != nil {
		return p
	}
	p := new(tag.Set)
	*p = s.Clone()
	if x.sets == nil {
		x.sets = make(map[string]weak.Pointer[tag.Set])
	}
	key := string(k)
	x.sets[key] = weak.Make(p)
	runtime.AddCleanup(p, x.forget, key)
	return p
}

// forget removes the entry of key once its set is freed, unless a set
// interned since has taken its place.
func (x *tagSets) forget(key string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.sets[key].Value() == nil {
		delete(x.sets, key)
	}
}

// len returns the number of sets x holds an entry for.
func (x *tagSets) len() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	return len(x.sets)
}
