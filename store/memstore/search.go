package memstore

import (
	"slices"
	"strings"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// wordIndex maps each word of the search texts of a workspace's contacts
// (contact.SearchWords) to the contacts that have it, and keeps the words
// sorted, so that the contacts with a word that starts with a prefix are
// found without a scan.
type wordIndex struct {
	words    blockSet[string, stringOrder]
	postings map[string]posting
}

// posting is the set of contacts that have one word: most words belong to
// one contact, held inline; many is set from the second on.
type posting struct {
	one  contact.ID
	many *idSet
}

type stringOrder struct{}

func (stringOrder) Compare(a, b string) int { return strings.Compare(a, b) }

func (x *wordIndex) add(w string, id contact.ID) {
	if x.postings == nil {
		x.postings = make(map[string]posting)
	}
	p, ok := x.postings[w]
	switch {
	case !ok:
		x.words.Insert(w)
		x.postings[w] = posting{one: id}
	case p.many == nil:
		p.many = new(idSet)
		p.many.Insert(p.one)
		p.many.Insert(id)
		x.postings[w] = p
	default:
		p.many.Insert(id)
	}
}

func (x *wordIndex) remove(w string, id contact.ID) {
	p, ok := x.postings[w]
	switch {
	case !ok:
	case p.many == nil:
		if p.one == id {
			delete(x.postings, w)
			x.words.Delete(w)
		}
	default:
		p.many.Delete(id)
		if p.many.Len() == 1 {
			var last contact.ID
			p.many.Ascend(contact.ID{}, false, func(id contact.ID) bool { last = id; return false })
			x.postings[w] = posting{one: last}
		}
	}
}

// size returns the number of contacts that have a word that starts with
// prefix, counting at most up to limit (it stops there).
func (x *wordIndex) size(prefix string, limit int) int {
	n := 0
	x.words.AscendFrom(prefix, func(w string) bool {
		if !strings.HasPrefix(w, prefix) || n > limit {
			return false
		}
		if p := x.postings[w]; p.many != nil {
			n += p.many.Len()
		} else {
			n++
		}
		return true
	})
	return n
}

// contacts returns the IDs of the contacts that have a word that starts
// with prefix and are after after (all if hasAfter is false), sorted, each
// once.
func (x *wordIndex) contacts(prefix string, after contact.ID, hasAfter bool) []contact.ID {
	var ids []contact.ID
	keep := func(id contact.ID) bool {
		if !hasAfter || compareID(id, after) > 0 {
			ids = append(ids, id)
		}
		return true
	}
	x.words.AscendFrom(prefix, func(w string) bool {
		if !strings.HasPrefix(w, prefix) {
			return false
		}
		if p := x.postings[w]; p.many != nil {
			p.many.Ascend(after, hasAfter, keep)
		} else {
			keep(p.one)
		}
		return true
	})
	slices.SortFunc(ids, compareID)
	return slices.Compact(ids)
}

// searchLimit is the number of candidates up to which a word query is
// answered from the word index; past it, the query word is so common that
// walking the contacts in order fills a page sooner.
const searchLimit = 4096

// candidates returns the contacts of a word query q after after, from the
// word index, when its least common word has at most searchLimit contacts;
// ok is false when it has more (walk the contacts instead).
func (w *workspace) candidates(q *store.ContactQuery, after contact.ID, hasAfter bool) (ids []contact.ID, ok bool) {
	best, bestSize := "", searchLimit+1
	for _, word := range q.Words {
		if n := w.search.size(word, searchLimit); n < bestSize {
			best, bestSize = word, n
		}
	}
	if bestSize > searchLimit {
		return nil, false
	}
	return w.search.contacts(best, after, hasAfter), true
}

// searchWords returns the words of the search text of r, nil for a nil r.
func (r *record) searchWords(id contact.ID) []string {
	if r == nil {
		return nil
	}
	c := r.view(id)
	return contact.SearchWords(&c)
}

// searchable reports whether r and s differ in a field of the search text.
func searchable(r, s *record) bool {
	if r == nil || s == nil {
		return r != s
	}
	ra, sa := "", ""
	if r.rare != nil {
		ra = r.rare.alias
	}
	if s.rare != nil {
		sa = s.rare.alias
	}
	return r.firstName != s.firstName || r.lastName != s.lastName || ra != sa || r.company != s.company ||
		r.jobTitle != s.jobTitle || r.city != s.city || r.email != s.email || !slicesEqual(r.tags, s.tags)
}

// reindexWords moves the word index entries of contact id from before to
// after (either may be nil).
func (w *workspace) reindexWords(id contact.ID, before, after *record) {
	if !searchable(before, after) {
		return
	}
	old, cur := before.searchWords(id), after.searchWords(id)
	for _, word := range old {
		if !slices.Contains(cur, word) {
			w.search.remove(word, id)
		}
	}
	for _, word := range cur {
		if !slices.Contains(old, word) {
			w.search.add(word, id)
		}
	}
}
