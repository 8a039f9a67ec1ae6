package memstore

import (
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// sortedIDs is an idSet of another kind of ID than contact.ID: every ID of
// contactkit is a named 16-byte UUID ordered bytewise, as idSet orders its
// IDs, so the IDs are stored converted. The zero sortedIDs is empty.
type sortedIDs[K ~[16]byte] struct{ ids idSet }

// Len returns the number of IDs in s.
func (s *sortedIDs[K]) Len() int { return s.ids.Len() }

// Insert adds id to s and reports whether it was not there.
func (s *sortedIDs[K]) Insert(id K) bool { return s.ids.Insert(contact.ID(id)) }

// Delete removes id from s and reports whether it was there.
func (s *sortedIDs[K]) Delete(id K) bool { return s.ids.Delete(contact.ID(id)) }

// Has reports whether id is in s.
func (s *sortedIDs[K]) Has(id K) bool { return s.ids.Has(contact.ID(id)) }

// Ascend calls yield with each ID of s greater than after (every ID if
// hasAfter is false) in ascending order, until yield returns false. s must
// not change during the call.
func (s *sortedIDs[K]) Ascend(after K, hasAfter bool, yield func(K) bool) {
	s.ids.Ascend(contact.ID(after), hasAfter, func(id contact.ID) bool { return yield(K(id)) })
}

// idsIn returns the IDs of s in ascending order, in a slice of its own.
func idsIn[K ~[16]byte](s *sortedIDs[K]) []K {
	ids := make([]K, 0, s.Len())
	s.Ascend(K{}, false, func(id K) bool {
		ids = append(ids, id)
		return true
	})
	return ids
}

// setAdd inserts id into the set m[k], making the set if needed, and
// reports whether it was not there.
func setAdd[M ~map[I]*sortedIDs[K], I comparable, K ~[16]byte](m M, k I, id K) bool {
	set := m[k]
	if set == nil {
		set = new(sortedIDs[K])
		m[k] = set
	}
	return set.Insert(id)
}

// setRemove deletes id from the set m[k], and the set once empty.
func setRemove[M ~map[I]*sortedIDs[K], I comparable, K ~[16]byte](m M, k I, id K) {
	if set := m[k]; set != nil {
		set.Delete(id)
		if set.Len() == 0 {
			delete(m, k)
		}
	}
}

// scanPage builds one page of a listing. ascend yields the keys of the
// listing after the cursor, in the listing's order; item returns the item of
// a key and whether the query keeps it. scanPage stops once the page holds
// size items or maxScan keys were examined; if a key remains, Next is the
// cursor of the last key examined. hint is the number of keys, if known, to
// size the page.
func scanPage[K, T any](size, hint int, ascend func(yield func(K) bool), item func(K) (T, bool), cursor func(K) string) store.Page[T] {
	page := store.Page[T]{Items: make([]T, 0, min(size, hint))}
	var last K
	scanned, more := 0, false
	ascend(func(k K) bool {
		if len(page.Items) == size || scanned == maxScan {
			more = true
			return false
		}
		scanned++
		last = k
		if v, ok := item(k); ok {
			page.Items = append(page.Items, v)
		}
		return true
	})
	if more {
		page.Next = cursor(last)
	}
	return page
}

// pageByID returns one page of a listing in ID order over set (nil: an empty
// listing), whose cursors have the given prefix. item is as for scanPage.
func pageByID[K ~[16]byte, T any](set *sortedIDs[K], prefix string, p store.PageRequest, item func(K) (T, bool)) (store.Page[T], error) {
	after, hasAfter, err := decodeIDCursor[K](prefix, p.Cursor)
	if err != nil {
		return store.Page[T]{}, err
	}
	if set == nil {
		return store.Page[T]{Items: []T{}}, nil
	}
	ascend := func(yield func(K) bool) { set.Ascend(after, hasAfter, yield) }
	cursor := func(id K) string { return encodeIDCursor(prefix, id) }
	return scanPage(p.Size(), set.Len(), ascend, item, cursor), nil
}
