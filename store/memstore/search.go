package memstore

import (
	"cmp"
	"encoding/binary"
	"hash/maphash"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// wordIndex maps each word of the search texts of a workspace's contacts
// (contact.SearchWords) to the contacts that have it. Its entries, each a
// word with its posting, are kept sorted by word in blockSets: a word is
// found by a binary search, and the words that start with a prefix follow
// one another. One structure instead of a map beside a sorted list of
// words: most words belong to one contact (an email address joined into
// one word), and a map entry cost each of them more than the word itself.
//
// A word that no contact had goes into fresh, a small set of the words
// added since they last settled; whenever it holds a sixteenth as many
// as words, those that go in the next eighth of the blocks of words
// settle into them (see settle). A new word is most of what a creation
// costs the index at scale: put among all the words one at a time, each
// read a cold block to find its place (five or six cache misses) and
// moved half of it; fresh stays in the cache, and a settle merges a block
// with all the fresh words that go in it in one pass. settled, a filter
// of the words of words, tells that a word is new without a search of
// words for nearly all new words. A word has one entry, in fresh or in
// words.
//
// The words of a new contact wait, to be added with those of the
// contacts created after it (see maxWaiting), until a search reads the
// index.
//
// The bytes of the words are kept one after another in text, each after
// its length, and an entry holds where its word is: entries hold no
// pointer, so the collector never reads them, and a word takes its bytes
// rather than an allocation and a string header of 16 bytes.
type wordIndex struct {
	w       *workspace
	words   blockSet[wordEntry, wordOrder]
	fresh   blockSet[wordEntry, wordOrder]
	settled wordFilter
	// common maps each word that two or more contacts have to their set:
	// most words a new contact brings are such words (a first name, a
	// city, a domain), and a lookup here costs less than a search of every
	// word. It holds few of the words.
	common map[string]*ordSet
	// text holds the words of the entries, each after its length as a
	// uvarint (see word); dead counts its bytes that no entry holds any
	// more, which compact drops.
	text []byte
	dead int
	// row and room are kept between settles: the fresh entries in a row,
	// and the room for a block merged with some of them. next is the block
	// of words the next settle starts at.
	row, room []wordEntry
	next      int
	// spare holds the emptied blocks of fresh, for its next ones.
	spare [][]wordEntry

	// The words of a new contact wait (see wait) until the index is read
	// or maxWaiting contacts wait. waiting lists the ordinals of those
	// contacts, in the order they came, each once or more; a contact
	// waits when its bit in waitBits is set, and only then: the list may
	// still hold one that no longer does (removed since, or listed twice
	// as its ordinal was freed and given again). While a contact waits,
	// the index holds none of its words; else it holds those of its
	// record exactly.
	waiting  []uint32
	waitBits []uint64
	// mu serializes the adding of the waiting words by readers, which
	// hold the workspace's lock to read (see indexWaiting); ready is true
	// when no word waits, which a reader reads without it.
	mu    sync.Mutex
	ready atomic.Bool
}

// maxWaiting is the most contacts whose words wait (a variable for the
// tests). The words of a new contact are added to the index in a batch
// with those of the contacts created before it, word by word: a word the
// batch repeats (a first name, a city, a domain: most words are such
// words) is looked up once for all its contacts, which then go at the end
// of its set one after another, in memory that the first brought into
// the cache. One contact at a time, each of its words was a lookup in an
// index far larger than the cache, three or four misses each. maxWaiting
// bounds the pause of the call that adds a batch: a creation, or the
// first search after some.
var maxWaiting = 512

// waitRoom is the room in which indexWaiting groups the words of a batch
// by word: words holds the words of its contacts; pairs each of them, with
// its contact's ordinal and the next pair of the same word (-1 for none);
// groups the first and last pair of each word. Pooled, not a workspace's:
// a workspace adds a batch once in many creations, and most workspaces
// seldom.
type waitRoom struct {
	words  []string
	pairs  []wordPair
	groups map[string]wordGroup
}

var waitRooms = sync.Pool{New: func() any { return &waitRoom{groups: make(map[string]wordGroup)} }}

// wordPair is a word of a waiting contact (see waitRoom).
type wordPair struct {
	word string
	o    uint32
	next int32
}

// wordGroup is where the pairs of one word start and end (see waitRoom).
type wordGroup struct{ first, last int32 }

// waits reports whether the words of contact o wait.
func (x *wordIndex) waits(o uint32) bool {
	i := int(o / 64)
	return i < len(x.waitBits) && x.waitBits[i]&(1<<(o%64)) != 0
}

// wait makes the words of contact o, which the index does not hold, wait.
func (x *wordIndex) wait(o uint32) {
	i := int(o / 64)
	if i >= len(x.waitBits) {
		x.waitBits = append(x.waitBits, make([]uint64, i+1-len(x.waitBits))...)
	}
	x.waitBits[i] |= 1 << (o % 64)
	x.waiting = append(x.waiting, o)
	x.ready.Store(false)
}

// unwait makes contact o, whose words wait, wait no more.
func (x *wordIndex) unwait(o uint32) { x.waitBits[o/64] &^= 1 << (o % 64) }

// indexWaiting adds the words of the contacts that wait to the index. The
// caller holds w's lock, to write, or to read and x.mu: readers of the
// index call it first (see readyWords), and no writer runs while a reader
// holds the lock, so that once one of them has added the waiting words,
// none wait until the last reader is done. maxWaiting counts the
// contacts listed in waiting, those that no longer wait included.
func (w *workspace) indexWaiting() {
	x := &w.search
	if len(x.waiting) == 0 {
		x.ready.Store(true)
		return
	}
	room := waitRooms.Get().(*waitRoom)
	words, pairs, groups := room.words[:0], room.pairs[:0], room.groups
	for _, o := range x.waiting {
		if !x.waits(o) {
			continue
		}
		x.unwait(o)
		n := len(words)
		words = w.recs[o].searchWords(words, w, w.ids[o])
		for _, s := range words[n:] {
			pairs = append(pairs, wordPair{word: s, o: o, next: -1})
		}
	}
	// Word by word, and for each word in the order the contacts came: most
	// often the order of their IDs, which their sets keep, so that each
	// goes at the end of its word's.
	for i := range pairs {
		if g, ok := groups[pairs[i].word]; ok {
			pairs[g.last].next = int32(i)
			groups[pairs[i].word] = wordGroup{first: g.first, last: int32(i)}
		} else {
			groups[pairs[i].word] = wordGroup{first: int32(i), last: int32(i)}
		}
	}
	for i := range pairs {
		if groups[pairs[i].word].first != int32(i) {
			continue
		}
		for j := int32(i); j >= 0; j = pairs[j].next {
			x.add(pairs[j].word, pairs[j].o)
		}
	}
	// Kept without holding on to the words.
	clear(groups)
	clear(words)
	clear(pairs)
	room.words, room.pairs = words[:0], pairs[:0]
	waitRooms.Put(room)
	x.waiting = x.waiting[:0]
	x.ready.Store(true)
}

// readyWords adds the waiting words to the index, for a reader that holds
// w's lock to read or to write. A reader that finds none waiting does not
// take x.mu: it reads ready, which the last batch set after its writes.
func (w *workspace) readyWords() {
	if w.search.ready.Load() {
		return
	}
	w.search.mu.Lock()
	defer w.search.mu.Unlock()
	w.indexWaiting()
}

// minFresh is the fewest words fresh takes before a settle.
var minFresh = 1024

// freshMax returns how many words fresh holds when a new word makes a
// settle: a sixteenth of the settled words, so that settles move sixteen
// settled words for each new one, a few new ones into each block.
func (x *wordIndex) freshMax() int { return max(minFresh, x.words.Len()/16) }

// settle moves the fresh words that go in an eighth of the blocks of
// words into them, and into the filter: the blocks from x.next on, which
// then moves past them, back to the first block at the end, as the hand
// of a clock. Each block of words thus takes the fresh words of eight
// settles at once, as it would if all settled together, and an add that
// settles pauses an eighth as long (a settle passes over the blocks the
// words go in: all of them, 20 to 40 ms at a million contacts, for all
// the words at once). Any run of the fresh words may settle: a word is
// either fresh or settled.
func (x *wordIndex) settle() {
	nb := len(x.words.blocks)
	if x.next >= nb {
		x.next = 0
	}
	// The fresh words after the last of the block before x.next, up to the
	// last of the eighth's last block (to the end for the last block).
	b0, i0, b1, i1 := 0, 0, len(x.fresh.blocks), 0
	end := min(nb, x.next+max(1, (nb+7)/8))
	if x.next > 0 {
		b0, i0, _ = x.fresh.search(x.words.last(x.next - 1))
	}
	if end < nb {
		b1, i1, _ = x.fresh.search(x.words.last(end - 1))
	}
	x.next = end
	row := x.fresh.take(b0, i0, b1, i1, x.row[:0])
	x.room = x.words.merge(row, x.room)
	if !x.settled.fits(len(row), x.words.Len()) {
		x.refilter()
	} else {
		for k := range row {
			x.settled.add(x.word(&row[k]))
		}
	}
	x.row = row[:0]
}

// refilter builds the filter of the settled words again, with room for as
// many more. It adds every word of text, in the order of its bytes: those
// of fresh and those no entry holds any more too, which only make the
// filter answer "maybe" for them, as it may for any word. Read through
// the entries, in the order of the words, each word was a cache miss.
func (x *wordIndex) refilter() {
	// Sized for the words of text, which may be up to twice those of
	// words (see compact), not to be built again at the next settle.
	n := x.eachText(func(string) {})
	x.settled.rebuild(n)
	x.eachText(x.settled.add)
}

// eachText calls f with each word of text, in the order of its bytes, and
// returns how many.
func (x *wordIndex) eachText(f func(w string)) int {
	words := 0
	for at := 0; at < len(x.text); words++ {
		n, k := binary.Uvarint(x.text[at:])
		start := at + k
		at = start + int(n)
		f(unsafe.String(unsafe.SliceData(x.text[start:]), at-start))
	}
	return words
}

// wordFilter is a Bloom filter of words: mayHold is true for every word
// added, and for about one word in a hundred besides. A word sets three
// bits of one 64-bit word of the filter, so that a lookup reads one line
// of memory.
type wordFilter struct {
	seed maphash.Seed
	bits []uint64 // a power of two of them, or none
	// held counts the words added since the filter was built, and
	// removed those of them taken from the filtered set since: their bits
	// stay, and a filter of many such words is built again.
	held, removed int
}

// filterBits is the number of bits of a filter for each word it holds
// when built: a sixteenth of them set.
const filterBits = 16

// mayHold reports whether w may have been added to f.
func (f *wordFilter) mayHold(w string) bool {
	if len(f.bits) == 0 {
		return false
	}
	h := maphash.String(f.seed, w)
	m := filterMask(h)
	return f.bits[h>>32&uint64(len(f.bits)-1)]&m == m
}

// add adds w to f, which has bits.
func (f *wordFilter) add(w string) {
	h := maphash.String(f.seed, w)
	f.bits[h>>32&uint64(len(f.bits)-1)] |= filterMask(h)
	f.held++
}

// filterMask returns the bits of a word of hash h in its 64-bit word.
func filterMask(h uint64) uint64 { return 1<<(h&63) | 1<<(h>>6&63) | 1<<(h>>12&63) }

// fits reports whether f can take n more words, of a set that will hold
// total words, without being built again.
func (f *wordFilter) fits(n, total int) bool {
	return (f.held+n)*filterBits <= 64*len(f.bits) && f.removed <= total/2
}

// rebuild empties f, with room for twice n words.
func (f *wordFilter) rebuild(n int) {
	size := 1
	for size*64 < 2*n*filterBits {
		size *= 2
	}
	if f.bits == nil {
		f.seed = maphash.MakeSeed()
	}
	f.bits = make([]uint64, size)
	f.held, f.removed = 0, 0
}

// wordEntry is a word of the index: the word at text[at:] of its index
// (its length, then its bytes), with its first sixteen bytes as two
// numbers (big-endian, padded with zeros), which order most pairs of words
// without reading their bytes: a sorted block of entries is searched
// within its own memory rather than by reading the text. Sixteen bytes, not
// eight: the joined words of emails share their first eight bytes often
// ("jeanpierre…", "alessandro…"), and each of a search's comparisons that
// tied read the text, a cache miss, where a creation at 100,000 contacts
// spent a twentieth of its time. Its posting is not part of its order.
//
// The length is in the text rather than in the entry: an entry takes 24
// bytes instead of 32 (a uint32 of length padded the entry to the
// alignment of head), a word one byte more for most words (two past 127
// bytes), and a word whose heads tie is read in the one line of memory
// that holds its length and its first bytes.
type wordEntry struct {
	head, tail uint64 // the word's bytes 0 to 7 and 8 to 15
	at         uint32
	// one is the ordinal of the one contact that has the word, or
	// manyContacts when two or more have it: their set is common[word].
	one uint32
}

// manyContacts is the one of a word that several contacts have. No contact
// has it as its ordinal: a workspace holds fewer than 2³² contacts.
const manyContacts = math.MaxUint32

// headsOf returns the head and tail of an entry of word s.
func headsOf(s string) (head, tail uint64) {
	var b [16]byte
	copy(b[:], s)
	return binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])
}

// word returns the word of e, which shares x.text: it is valid until x
// next changes.
func (x *wordIndex) word(e *wordEntry) string {
	start, end := x.span(e)
	return unsafe.String(unsafe.SliceData(x.text[start:]), end-start)
}

// span returns where the bytes of e's word start and end in x.text: after
// its length, which appendWord wrote before them at e.at.
func (x *wordIndex) span(e *wordEntry) (start, end int) {
	at := int(e.at)
	if n := x.text[at]; n < 0x80 {
		// One byte: a word shorter than 128 bytes, as most are.
		return at + 1, at + 1 + int(n)
	}
	n, k := binary.Uvarint(x.text[at:])
	return at + k, at + k + int(n)
}

// appendWord appends w, after its length, to text, and returns the
// extended text and where the length starts: the at of w's entry.
func appendWord(text []byte, w string) ([]byte, uint32) {
	at := len(text)
	text = binary.AppendUvarint(text, uint64(len(w)))
	return append(text, w...), uint32(at)
}

// compareTo returns a function that compares an entry's word with s, as
// strings.Compare does: a zero pad byte sorts before every byte, so heads
// and tails order words whose first sixteen bytes differ, and equal ones
// leave it to the text.
func (x *wordIndex) compareTo(s string) func(e wordEntry) int {
	h, t := headsOf(s)
	return func(e wordEntry) int {
		switch {
		case e.head < h:
			return -1
		case e.head > h:
			return 1
		case e.tail < t:
			return -1
		case e.tail > t:
			return 1
		}
		return strings.Compare(x.word(&e), s)
	}
}

// wordOrder orders the entries of one index by word.
type wordOrder struct{ x *wordIndex }

// spares keeps the blocks of fresh whole (see blockKeeper): fresh fills
// and empties at every settle.
func (o wordOrder) spares(blocks *[][]wordEntry) *[][]wordEntry {
	if blocks == &o.x.fresh.blocks {
		return &o.x.spare
	}
	return nil
}

func (o wordOrder) Compare(a, b wordEntry) int {
	switch {
	case a.head != b.head:
		return cmp.Compare(a.head, b.head)
	case a.tail != b.tail:
		return cmp.Compare(a.tail, b.tail)
	}
	// Their words' bytes are read only when their first sixteen tie.
	return strings.Compare(o.x.word(&a), o.x.word(&b))
}

// find returns the entry of word s, nil if there is none; the pointer is
// valid until x next changes.
func (x *wordIndex) find(s string) *wordEntry {
	e, _, _, _ := x.locate(s)
	return e
}

// locate is find, with the set that holds the entry and its position there
// (fresh, and where the entry would go, when there is none).
func (x *wordIndex) locate(s string) (e *wordEntry, in *blockSet[wordEntry, wordOrder], b, i int) {
	compare := x.compareTo(s)
	b, i, found := x.fresh.seek(compare)
	if found {
		return &x.fresh.blocks[b][i], &x.fresh, b, i
	}
	if x.settled.mayHold(s) {
		if sb, si, found := x.words.seek(compare); found {
			return &x.words.blocks[sb][si], &x.words, sb, si
		}
	}
	return nil, &x.fresh, b, i
}

// posting is the set of contacts that have one word: most words belong to
// one contact (one); many is the set of a word of several.
type posting struct {
	one  uint32
	many *ordSet
}

// add records that contact o has the word w.
func (x *wordIndex) add(w string, o uint32) {
	if set := x.common[w]; set != nil {
		set.Insert(o)
		return
	}
	e, _, b, i := x.locate(w)
	if e == nil {
		var at uint32
		x.text, at = appendWord(x.text, w)
		h, t := headsOf(w)
		x.fresh.insertAt(b, i, wordEntry{head: h, tail: t, at: at, one: o})
		if x.fresh.Len() >= x.freshMax() {
			x.settle()
		}
		return
	}
	// A word of one contact: a word of more is in common.
	if e.one == o {
		return
	}
	set := x.w.newOrdSet()
	set.Insert(e.one)
	set.Insert(o)
	e.one = manyContacts
	if x.common == nil {
		x.common = make(map[string]*ordSet)
	}
	x.common[strings.Clone(w)] = set
}

// remove records that contact o no longer has the word w.
func (x *wordIndex) remove(w string, o uint32) {
	set := x.common[w]
	if set != nil {
		set.Delete(o)
		if set.Len() > 1 {
			return
		}
	}
	e, in, b, i := x.locate(w)
	switch {
	case e == nil:
	case set != nil:
		// Down to one contact: the word is no longer common.
		set.ascendAt(0, 0, func(last uint32) bool { e.one = last; return false })
		delete(x.common, w)
	case e.one == o:
		_, end := x.span(e)
		x.dead += end - int(e.at)
		in.deleteAt(b, i)
		if in == &x.words {
			x.settled.removed++
		}
		if x.dead > len(x.text)/2 && x.dead > 1<<16 {
			x.compact()
		}
	}
}

// compact drops the bytes of text that no entry holds.
func (x *wordIndex) compact() {
	text := make([]byte, 0, len(x.text)-x.dead)
	for _, set := range [2]*blockSet[wordEntry, wordOrder]{&x.words, &x.fresh} {
		for _, blk := range set.blocks {
			for k := range blk {
				e := &blk[k]
				_, end := x.span(e)
				at := len(text)
				text = append(text, x.text[e.at:end]...)
				e.at = uint32(at)
			}
		}
		set.lasts = nil
		set.setLasts(0)
	}
	x.text, x.dead = text, 0
}

// posting returns the contacts of e.
func (x *wordIndex) posting(e *wordEntry) posting {
	if e.one == manyContacts {
		return posting{many: x.common[x.word(e)]}
	}
	return posting{one: e.one}
}

// maxExpand is the number of words a prefix may stand for up to which the
// contacts that have one of them are merged from their postings as they are
// read; a prefix that stands for more is answered another way (see plan).
const maxExpand = 256

// expansion is what a query word stands for in the index: the postings of
// the words it starts, and how many contacts they hold.
type expansion struct {
	w        *workspace
	postings []posting
	size     int
	many     bool // more than maxExpand words: not expanded
}

// expand returns the expansion of prefix.
func (x *wordIndex) expand(prefix string) expansion {
	e := expansion{w: x.w}
	compare := x.compareTo(prefix)
	// The words it starts, in words and in fresh: a word is in one only.
	for _, set := range [2]*blockSet[wordEntry, wordOrder]{&x.words, &x.fresh} {
		b, i, _ := set.seek(compare)
		set.ascendAt(b, i, func(wd wordEntry) bool {
			if !strings.HasPrefix(x.word(&wd), prefix) {
				return false
			}
			if len(e.postings) == maxExpand {
				e.many = true
				return false
			}
			p := x.posting(&wd)
			e.postings = append(e.postings, p)
			if p.many != nil {
				e.size += p.many.Len()
			} else {
				e.size++
			}
			return true
		})
		if e.many {
			break
		}
	}
	return e
}

// merge calls visit with the ordinal of each contact of the postings of e
// whose ID is greater than after, in the order of their IDs and once each,
// until visit returns false. It reads the postings as it goes: a page costs
// what it lists, not what the postings hold.
func (e *expansion) merge(after contact.ID, hasAfter bool, visit func(uint32) bool) {
	type head struct {
		id  contact.ID // the ID of o, read once
		o   uint32
		cur cursor[uint32, byID]
		one bool // a posting of one contact: no cursor
	}
	ids := e.w.ids
	heads := make([]head, 0, len(e.postings))
	for _, p := range e.postings {
		if p.many == nil {
			if id := ids[p.one]; !hasAfter || compareID(id, after) > 0 {
				heads = append(heads, head{id: id, o: p.one, one: true})
			}
			continue
		}
		h := head{cur: p.many.cursorAt(e.w.afterID(p.many, after, hasAfter))}
		if o, ok := h.cur.next(); ok {
			h.id, h.o = ids[o], o
			heads = append(heads, h)
		}
	}
	var last contact.ID
	first := true
	for len(heads) > 0 {
		// The smallest head: a linear pass, since a prefix stands for at most
		// maxExpand words and usually for a few.
		m := 0
		for i := 1; i < len(heads); i++ {
			if compareID(heads[i].id, heads[m].id) < 0 {
				m = i
			}
		}
		id := heads[m].id
		if first || id != last {
			if !visit(heads[m].o) {
				return
			}
			last, first = id, false
		}
		if heads[m].one {
			heads = slices.Delete(heads, m, m+1)
		} else if next, ok := heads[m].cur.next(); ok {
			heads[m].id, heads[m].o = ids[next], next
		} else {
			heads = slices.Delete(heads, m, m+1)
		}
	}
}

// has reports whether contact o has a word of e.
func (e *expansion) has(o uint32) bool {
	for _, p := range e.postings {
		if p.many == nil && p.one == o || p.many != nil && p.many.Has(o) {
			return true
		}
	}
	return false
}

// plan returns how to list the contacts of a word query q from the word
// index: the expansion of its rarest word, whose contacts are merged as
// they are read (driver); the expansions of its other words, against which
// each such contact is checked (checks); and q without the words the index
// answers (rest), for the rest of the filter. ok is false when each word of
// q is so short that it starts more than maxExpand words: then a walk of the
// contacts in order is cheaper (such a word starts the words of many
// contacts, so a page fills soon). A word that short among others is left
// in rest, checked on the contact's search text.
func (w *workspace) plan(q *store.ContactQuery) (driver expansion, checks []expansion, rest store.ContactQuery, ok bool) {
	rest = *q
	rest.Words = nil
	var expanded []expansion
	for _, word := range q.Words {
		e := w.search.expand(word)
		if e.many {
			rest.Words = append(rest.Words, word)
			continue
		}
		expanded = append(expanded, e)
	}
	if len(expanded) == 0 {
		return expansion{}, nil, *q, false
	}
	best := 0
	for i := range expanded {
		if expanded[i].size < expanded[best].size {
			best = i
		}
	}
	checks = append(expanded[:best:best], expanded[best+1:]...)
	return expanded[best], checks, rest, true
}

// searchWords appends to dst the words of the search text of r, the
// record of contact id of w, that the index holds (see indexed), none for
// a nil r.
func (r *record) searchWords(dst []string, w *workspace, id contact.ID) []string {
	if r == nil {
		return dst
	}
	c := r.view(w, id)
	start := len(dst)
	dst = contact.AppendSearchWords(dst, &c)
	return append(dst[:start], indexed(dst[start:])...)
}

// indexed returns the distinct words of a contact but those that start
// another of them ("ricci" beside "ricci2", an email's local part beside
// the whole address as one word), sorted, in words' storage: a query word
// that starts such a word starts the longer one too, so the index finds
// the same contacts with a posting less for most of them.
func indexed(words []string) []string {
	// Sorted, the words that start a word w come right after it.
	sortWords(words)
	out := words[:0]
	for i, w := range words {
		if i+1 < len(words) && strings.HasPrefix(words[i+1], w) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// sortWords sorts words as slices.Sort does. A contact has a dozen words
// or so: they are sorted by insertion on their first eight bytes as a
// big-endian number, which orders most pairs without comparing the
// strings (BenchmarkIndexed: 40 % less time than with slices.Sort).
func sortWords(words []string) {
	const few = 24
	if len(words) > few {
		slices.Sort(words)
		return
	}
	var room [few]uint64
	heads := room[:len(words)]
	for i, w := range words {
		if len(w) >= 8 {
			heads[i] = binary.BigEndian.Uint64(unsafe.Slice(unsafe.StringData(w), 8))
		} else {
			var b [8]byte
			copy(b[:], w)
			heads[i] = binary.BigEndian.Uint64(b[:])
		}
	}
	for i := 1; i < len(words); i++ {
		w, h := words[i], heads[i]
		j := i
		for ; j > 0 && (heads[j-1] > h || heads[j-1] == h && words[j-1] > w); j-- {
			words[j], heads[j] = words[j-1], heads[j-1]
		}
		words[j], heads[j] = w, h
	}
}

// searchable reports whether r and s differ in a field of the search text.
func searchable(r, s *record) bool {
	if r == nil || s == nil {
		return r != s
	}
	var ra, sa rareFields
	if r.rare != nil {
		ra = *r.rare
	}
	if s.rare != nil {
		sa = *s.rare
	}
	// The ends of equal search texts differ in where the names, the city
	// and the company end; the custom field values are no part of it.
	return r.searchText() != s.searchText() || r.ends != s.ends || ra.alias != sa.alias || r.email != s.email || !slicesEqual(r.tagSet(), s.tagSet()) ||
		!slices.Equal(ra.otherEmails, sa.otherEmails)
}

// reindexWords moves the word index entries of contact o from before to
// after (either may be nil): a contact that comes (a creation, or a
// deletion undone) waits for its words (see wordIndex.waiting), and one
// that waits changes nothing in the index but stops waiting when it
// goes.
func (w *workspace) reindexWords(o uint32, before, after *record) {
	x := &w.search
	switch {
	case x.waits(o):
		// The index holds none of its words yet, and will hold those of
		// its record then.
		if after == nil {
			x.unwait(o)
		}
		return
	case before == nil && after != nil:
		x.wait(o)
		if len(x.waiting) >= maxWaiting {
			w.indexWaiting()
		}
		return
	case !searchable(before, after):
		return
	}
	// Both sorted (see indexed): one pass over the two.
	// Both in one slice the workspace keeps: its writes hold its lock.
	id := w.ids[o]
	words := before.searchWords(w.wordScratch[:0], w, id)
	n := len(words)
	words = after.searchWords(words, w, id)
	old, cur := words[:n], words[n:]
	for len(old) > 0 || len(cur) > 0 {
		switch {
		case len(cur) == 0 || len(old) > 0 && old[0] < cur[0]:
			w.search.remove(old[0], o)
			old = old[1:]
		case len(old) == 0 || cur[0] < old[0]:
			w.search.add(cur[0], o)
			cur = cur[1:]
		default:
			old, cur = old[1:], cur[1:]
		}
	}
	// Kept for the next call, without holding on to the words.
	clear(words)
	w.wordScratch = words[:0]
}
