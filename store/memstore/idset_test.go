package memstore

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/contactkit/contactkit/contact"
)

func randomID(r *rand.Rand, space int) contact.ID {
	var id contact.ID
	// A small space makes duplicates and deletions of present IDs common.
	n := r.IntN(space)
	id[0], id[7], id[8], id[15] = byte(n>>12), byte(n>>8), byte(n>>4), byte(n)
	return id
}

func TestCompareIDAgreesWithCompare(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 100_000 {
		a, b := randomID(r, 1<<16), randomID(r, 1<<16)
		if r.IntN(4) == 0 {
			b = a
		}
		if got, want := compareID(a, b), a.Compare(b); got != want {
			t.Fatalf("compareID(%s, %s) = %d, want %d", a, b, got, want)
		}
	}
}

// TestIDSetAgreesWithSortedSlice checks the idSet against a sorted slice
// under random inserts, deletes and walks.
func TestIDSetAgreesWithSortedSlice(t *testing.T) {
	for _, space := range []int{50, 2000, 1 << 16} {
		checkAgreesWithSortedSlice(t, space, &idSet{})
	}
}

// keptIDs orders IDs as idOrder does, for a set that keeps its blocks
// whole in spare (see blockKeeper).
type keptIDs struct{ spare *[][]contact.ID }

func (keptIDs) Compare(a, b contact.ID) int { return compareID(a, b) }

func (o keptIDs) spares(*[][]contact.ID) *[][]contact.ID { return o.spare }

// TestKeptBlocksSetAgreesWithSortedSlice: a set that keeps its blocks
// whole (as the word index's fresh words do) holds what a sorted slice
// does under the same changes.
func TestKeptBlocksSetAgreesWithSortedSlice(t *testing.T) {
	for _, space := range []int{50, 2000, 1 << 16} {
		checkAgreesWithSortedSlice(t, space, &blockSet[contact.ID, keptIDs]{o: keptIDs{new([][]contact.ID)}})
	}
}

// TestKeptBlocksAllocateNothing: a set that keeps its blocks whole, filled
// and emptied as the fresh words are (never below two blocks: the index of
// their last elements, rebuilt, keeps its room), allocates nothing once it
// has grown; a set that does not keep them allocates.
func TestKeptBlocksAllocateNothing(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	floor := make([]contact.ID, 3*blockMax) // below every other ID
	for i := range floor {
		floor[i][15] = byte(i)
		floor[i][14] = byte(i >> 8)
	}
	ids := make([]contact.ID, 2000)
	for i := range ids {
		ids[i] = randomID(r, 1<<30)
		ids[i][0] |= 0x80
	}
	var split contact.ID
	split[0] = 0x80
	dst := make([]contact.ID, 0, len(ids))
	allocs := func(s interface {
		Insert(contact.ID) bool
		take(b0, i0, b1, i1 int, dst []contact.ID) []contact.ID
		search(contact.ID) (int, int, bool)
		Len() int
	}, blocks func() int) float64 {
		for _, id := range floor {
			s.Insert(id)
		}
		cycle := func() {
			for _, id := range ids {
				s.Insert(id)
			}
			// Taken in two runs, as settles take the fresh words.
			b0, i0, _ := s.search(split)
			b1, i1, _ := s.search(ids[0])
			dst = s.take(b0, i0, b1, i1, dst[:0])
			b0, i0, _ = s.search(split)
			dst = s.take(b0, i0, blocks(), 0, dst[:0])
			if s.Len() != len(floor) {
				t.Fatalf("%d elements left, want %d", s.Len(), len(floor))
			}
			r.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		}
		cycle()
		cycle()
		return testing.AllocsPerRun(20, cycle)
	}
	kept := &blockSet[contact.ID, keptIDs]{o: keptIDs{new([][]contact.ID)}}
	if n := allocs(kept, func() int { return len(kept.blocks) }); n != 0 {
		t.Errorf("%v allocations a fill and empty of a set that keeps its blocks, want 0", n)
	}
	plain := &idSet{}
	if n := allocs(plain, func() int { return len(plain.blocks) }); n == 0 {
		t.Errorf("a set that does not keep its blocks allocated nothing: the test measures nothing")
	}
}

func checkAgreesWithSortedSlice[O order[contact.ID]](t *testing.T, space int, s *blockSet[contact.ID, O]) {
	t.Helper()
	{
		r := rand.New(rand.NewPCG(uint64(space), 1))
		var want, scratch []contact.ID
		for step := range 20_000 {
			if step%250 == 125 {
				// A run taken out, as the word index settles fresh words.
				lo, hi := randomID(r, space), randomID(r, space)
				if compareID(lo, hi) > 0 {
					lo, hi = hi, lo
				}
				b0, i0, _ := s.search(lo)
				b1, i1, _ := s.search(hi)
				got := s.take(b0, i0, b1, i1, nil)
				j0, _ := slices.BinarySearchFunc(want, lo, contact.ID.Compare)
				j1, _ := slices.BinarySearchFunc(want, hi, contact.ID.Compare)
				if !slices.Equal(got, want[j0:j1]) {
					t.Fatalf("step %d: take from %s to %s gave %d IDs, want %d", step, lo, hi, len(got), j1-j0)
				}
				want = slices.Delete(want, j0, j1)
			}
			if step%250 == 0 {
				// Many at once, as the word index settles its fresh words.
				var batch []contact.ID
				for range r.IntN(300) {
					b := randomID(r, space)
					if _, in := slices.BinarySearchFunc(want, b, contact.ID.Compare); !in && !slices.Contains(batch, b) {
						batch = append(batch, b)
					}
				}
				slices.SortFunc(batch, contact.ID.Compare)
				scratch = s.merge(batch, scratch)
				want = slices.SortedFunc(slices.Values(append(want, batch...)), contact.ID.Compare)
			}
			id := randomID(r, space)
			i, found := slices.BinarySearchFunc(want, id, contact.ID.Compare)
			switch r.IntN(3) {
			case 0, 1:
				if got := s.Insert(id); got == found {
					t.Fatalf("step %d: Insert(%s) = %v, want %v", step, id, got, !found)
				}
				if !found {
					want = slices.Insert(want, i, id)
				}
			case 2:
				if got := s.Delete(id); got != found {
					t.Fatalf("step %d: Delete(%s) = %v, want %v", step, id, got, found)
				}
				if found {
					want = slices.Delete(want, i, i+1)
				}
			}
			if s.Len() != len(want) {
				t.Fatalf("step %d: Len = %d, want %d", step, s.Len(), len(want))
			}
			if step%500 == 0 || step == 19_999 {
				after := randomID(r, space)
				var got []contact.ID
				s.Ascend(after, true, func(id contact.ID) bool { got = append(got, id); return true })
				j, found := slices.BinarySearchFunc(want, after, contact.ID.Compare)
				if found {
					j++
				}
				if !slices.Equal(got, want[j:]) {
					t.Fatalf("step %d: Ascend after %s: got %d IDs, want %d", step, after, len(got), len(want)-j)
				}
				got = got[:0]
				s.Ascend(contact.ID{}, false, func(id contact.ID) bool { got = append(got, id); return true })
				if !slices.Equal(got, want) {
					t.Fatalf("step %d: Ascend: got %d IDs, want %d", step, len(got), len(want))
				}
				for _, blk := range s.blocks {
					if len(blk) == 0 || cap(blk) > blockMax {
						t.Fatalf("step %d: block of %d IDs, room for %d", step, len(blk), cap(blk))
					}
				}
			}
			// The blocks' last elements, kept apart, after every step.
			if len(s.blocks) < 2 && s.lasts != nil || len(s.blocks) >= 2 && len(s.lasts) != len(s.blocks) {
				t.Fatalf("step %d: %d lasts for %d blocks", step, len(s.lasts), len(s.blocks))
			}
			for b := range s.lasts {
				if blk := s.blocks[b]; s.lasts[b] != blk[len(blk)-1] {
					t.Fatalf("step %d: lasts[%d] is not the last of its block", step, b)
				}
			}
			if _, in := slices.BinarySearchFunc(want, id, contact.ID.Compare); s.Has(id) != in {
				t.Fatalf("step %d: Has(%s) = %v", step, id, !in)
			}
		}
	}
}

// TestWordIndexAgreesWithMap checks the word index, whose postings are
// changed in place through the pointers insert and find return, against a
// map of sets under random adds and removes, across block splits.
func TestWordIndexAgreesWithMap(t *testing.T) {
	// With fresh words settled at the size of a large index, and every
	// few words.
	for _, fresh := range []int{minFresh, 3} {
		t.Run(fmt.Sprintf("minFresh=%d", fresh), func(t *testing.T) {
			defer setMinFresh(fresh)()
			testWordIndexAgreesWithMap(t)
		})
	}
}

// setMinFresh sets minFresh to n, and returns what sets it back.
func setMinFresh(n int) func() {
	was := minFresh
	minFresh = n
	return func() { minFresh = was }
}

// wordModel is what a word index should hold: the contacts that have
// each word.
type wordModel map[string]map[uint32]bool

// add adds word w of contact o to x and to m.
func (m wordModel) add(x *wordIndex, w string, o uint32) {
	x.add(w, o)
	if m[w] == nil {
		m[w] = map[uint32]bool{}
	}
	m[w][o] = true
}

// remove removes word w of contact o from x and from m.
func (m wordModel) remove(x *wordIndex, w string, o uint32) {
	x.remove(w, o)
	delete(m[w], o)
	if len(m[w]) == 0 {
		delete(m, w)
	}
}

// testIndex returns a workspace of n contacts, whose IDs are not in the
// order of their ordinals, and its word index.
func testIndex(r *rand.Rand, n int) (*workspace, *wordIndex) {
	ws := newWorkspace("ws")
	for range n {
		ws.put(randomID(r, 1<<16), nil)
	}
	return ws, &ws.search
}

func testWordIndexAgreesWithMap(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	ws, x := testIndex(r, 8)
	want := wordModel{}
	// Short words, and words that share their first 8, 11, 12 or 13 bytes,
	// which the entries' heads do not order: the text does; and words of
	// more than 127 bytes, whose length in the text takes two bytes.
	prefixes := []string{"", "lovelace", "lovelaceada", "lovelaceada1", "lovelaceada12", strings.Repeat("lovelace", 16)}
	words := make([]string, 3000)
	for i := range words {
		words[i] = prefixes[i%len(prefixes)] + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676))
	}
	for step := range 100_000 {
		if step%10_000 == 9_999 {
			// Drop the bytes of the words removed, as a large index does
			// by itself.
			x.compact()
			held := 0
			for _, e := range x.entries() {
				w := x.word(&e)
				held += len(binary.AppendUvarint(nil, uint64(len(w)))) + len(w)
			}
			if len(x.text) != held || x.dead != 0 {
				t.Fatalf("step %d: compacted text of %d bytes (%d dead) for words of %d", step, len(x.text), x.dead, held)
			}
		}
		w, o := words[r.IntN(len(words))], uint32(r.IntN(8))
		if r.IntN(3) == 0 {
			want.remove(x, w, o)
			continue
		}
		want.add(x, w, o)
		if step%1000 == 0 {
			// fresh keeps its blocks whole (see blockKeeper).
			for _, blk := range append(slices.Clone(x.fresh.blocks), x.spare...) {
				if cap(blk) != blockMax {
					t.Fatalf("step %d: a block of fresh with room for %d, want %d", step, cap(blk), blockMax)
				}
			}
		}
	}
	if got := len(x.entries()); got != len(want) {
		t.Fatalf("the index holds %d words, want %d", got, len(want))
	}
	var prev string
	for _, blk := range [][]wordEntry{x.entries()} {
		for k := range blk {
			if w := x.word(&blk[k]); w <= prev {
				t.Fatalf("the index holds %q after %q", w, prev)
			} else {
				prev = w
			}
		}
	}
	// common holds the set of each word of two or more contacts, and only
	// those.
	shared := 0
	for _, w := range want {
		if len(w) > 1 {
			shared++
		}
	}
	if len(x.common) != shared {
		t.Fatalf("common holds %d words, want %d", len(x.common), shared)
	}
	for w := range x.common {
		if e := x.find(w); e == nil || e.one != manyContacts {
			t.Fatalf("common[%q] is not the posting of the word", w)
		}
	}
	for w, ords := range want {
		e := x.expand(w)
		var got []contact.ID
		e.merge(contact.ID{}, false, func(o uint32) bool {
			got = append(got, ws.ids[o])
			return true
		})
		if !slices.IsSortedFunc(got, compareID) {
			t.Fatalf("expand(%q) lists its contacts out of order", w)
		}
		// A word may start others ("ab" starts "abc"): keep the contacts
		// of w's own entry.
		p := x.find(w)
		if p == nil {
			t.Fatalf("word %q is missing", w)
		}
		own := []uint32{p.one}
		if set := x.posting(p).many; set != nil {
			own = elems(set)
			if !slices.IsSortedFunc(own, set.o.Compare) {
				t.Fatalf("word %q: its contacts are out of the order of their IDs", w)
			}
		}
		if len(own) != len(ords) {
			t.Fatalf("word %q: %d contacts, want %d", w, len(own), len(ords))
		}
		for _, o := range own {
			if !ords[o] {
				t.Fatalf("word %q holds %d, which it should not", w, o)
			}
			if !slices.Contains(got, ws.ids[o]) {
				t.Fatalf("word %q: expand misses %d", w, o)
			}
		}
	}
}

// TestWordEntrySize: an entry of the word index takes 24 bytes (the heap
// at rest counts on it).
func TestWordEntrySize(t *testing.T) {
	if n := unsafe.Sizeof(wordEntry{}); n != 24 {
		t.Errorf("a wordEntry takes %d bytes, want 24", n)
	}
}

// TestWordSpan: a word appended to the text comes back from its entry,
// whatever the length of its length: one byte below 128, two from 128,
// three from 16,384; and after other words.
func TestWordSpan(t *testing.T) {
	var x wordIndex
	x.text = []byte("junk")
	for _, n := range []int{0, 1, 8, 127, 128, 300, 16_383, 16_384, 70_000} {
		w := strings.Repeat("é", n/2) + strings.Repeat("a", n%2)
		var at uint32
		x.text, at = appendWord(x.text, w)
		h, tl := headsOf(w)
		e := wordEntry{head: h, tail: tl, at: at}
		if got := x.word(&e); got != w {
			t.Errorf("a word of %d bytes comes back as one of %d", len(w), len(got))
		}
		if _, end := x.span(&e); end != len(x.text) {
			t.Errorf("a word of %d bytes ends at %d, want %d (the end of the text)", len(w), end, len(x.text))
		}
	}
}

// TestRegrow: a block regrown keeps its elements and has room for a
// quarter more, at least 4, at most blockMax in all.
func TestRegrow(t *testing.T) {
	cases := []struct{ n, room int }{
		{0, 4}, {1, 5}, {4, 8}, {15, 19}, {16, 20}, {64, 80}, {100, 125}, {110, blockMax}, {blockMax - 1, blockMax},
	}
	for _, tc := range cases {
		blk := make([]uint32, tc.n)
		for i := range blk {
			blk[i] = uint32(i * 7)
		}
		got := regrow(blk)
		if !slices.Equal(got, blk) || cap(got) != tc.room {
			t.Errorf("regrow of %d elements: %d elements (equal: %v), room for %d, want %d",
				tc.n, len(got), slices.Equal(got, blk), cap(got), tc.room)
		}
		if tc.n > 0 && &got[0] == &blk[0] {
			t.Errorf("regrow of %d elements shares the block's array", tc.n)
		}
	}
}

// TestBlocksFillUnderRandomInserts: elements inserted in random order take
// most of the room of their set's blocks (see regrow): about 90 %, where
// blocks of room for blockMax elements each were 70 % full.
func TestBlocksFillUnderRandomInserts(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	var s idSet
	for range 100_000 {
		s.Insert(randomID(r, 1<<30))
	}
	room := 0
	for _, blk := range s.blocks {
		room += cap(blk)
	}
	if fill := float64(s.Len()) / float64(room); fill < 0.8 {
		t.Errorf("%d elements in blocks with room for %d: %.0f %% full, want at least 80 %%", s.Len(), room, 100*fill)
	}
}

// entries returns the entries of x, of words and of fresh, in the order of
// their words; it fails if a word has two.
func (x *wordIndex) entries() []wordEntry {
	var all []wordEntry
	for _, set := range [2]*blockSet[wordEntry, wordOrder]{&x.words, &x.fresh} {
		for _, blk := range set.blocks {
			all = append(all, blk...)
		}
	}
	slices.SortStableFunc(all, x.words.o.Compare)
	for k := 1; k < len(all); k++ {
		if x.words.o.Compare(all[k-1], all[k]) == 0 {
			panic("word " + x.word(&all[k]) + " has two entries")
		}
	}
	return all
}

// TestMergeKeepsBlocksWithinBlockMax: merge leaves no block of more than
// blockMax elements, whatever room a block has. A block grown by push past
// the room regrow gave it has room for more than blockMax (append rounds
// its growth up: 80 IDs grow to room for 168), and a merge in place into
// that room made a block that insertAt, which splits a block of exactly
// blockMax, never split again.
func TestMergeKeepsBlocksWithinBlockMax(t *testing.T) {
	idOf := func(n int) contact.ID {
		var id contact.ID
		binary.BigEndian.PutUint64(id[8:], uint64(n))
		return id
	}
	// Every way a set's blocks come to be: pushes alone, a split of the
	// last block then pushes past its room, a single block (no lasts),
	// and none.
	type build struct {
		name string
		make func() (*idSet, []contact.ID)
	}
	builds := []build{
		{"empty", func() (*idSet, []contact.ID) { return &idSet{}, nil }},
		{"one block", func() (*idSet, []contact.ID) {
			s, want := &idSet{}, []contact.ID{}
			for n := 0; n < 100; n++ {
				s.Insert(idOf(10 * n))
				want = append(want, idOf(10*n))
			}
			return s, want
		}},
		{"split then pushed", func() (*idSet, []contact.ID) {
			s, want := &idSet{}, []contact.ID{}
			for n := 0; n < 2*blockMax; n++ {
				s.Insert(idOf(10 * n))
				want = append(want, idOf(10*n))
			}
			// A split of the last block, whose right half regrow gives
			// room for 80, then pushes past that room.
			s.Insert(idOf(10*(2*blockMax-3) + 1))
			want = append(want, idOf(10*(2*blockMax-3)+1))
			for n := 2 * blockMax; n < 2*blockMax+40; n++ {
				s.Insert(idOf(10 * n))
				want = append(want, idOf(10*n))
			}
			slices.SortFunc(want, compareID)
			return s, want
		}},
	}
	for _, b := range builds {
		for _, spread := range []int{1, 3, 50} {
			t.Run(fmt.Sprintf("%s/spread=%d", b.name, spread), func(t *testing.T) {
				s, want := b.make()
				// Elements between and after those of s, into its last
				// block above all: 50 of them fit the room of the block
				// pushed past its room, but not in blockMax.
				var src []contact.ID
				for n := 0; n < 50; n++ {
					id := idOf(10*(2*blockMax+40) - 10*n*spread + 5)
					if _, in := slices.BinarySearchFunc(want, id, compareID); !in && !slices.Contains(src, id) {
						src = append(src, id)
					}
				}
				slices.SortFunc(src, compareID)
				s.merge(src, nil)
				want = slices.SortedFunc(slices.Values(append(want, src...)), compareID)
				var got []contact.ID
				s.Ascend(contact.ID{}, false, func(id contact.ID) bool { got = append(got, id); return true })
				if !slices.Equal(got, want) || s.Len() != len(want) {
					t.Fatalf("merged set holds %d IDs (Len %d), want %d", len(got), s.Len(), len(want))
				}
				for k, blk := range s.blocks {
					if len(blk) == 0 || len(blk) > blockMax {
						t.Fatalf("block %d of %d holds %d IDs, want 1 to %d", k, len(s.blocks), len(blk), blockMax)
					}
				}
				if len(s.blocks) < 2 && s.lasts != nil || len(s.blocks) >= 2 && len(s.lasts) != len(s.blocks) {
					t.Fatalf("%d lasts for %d blocks", len(s.lasts), len(s.blocks))
				}
				for k := range s.lasts {
					if blk := s.blocks[k]; s.lasts[k] != blk[len(blk)-1] {
						t.Fatalf("lasts[%d] is not the last of its block", k)
					}
				}
			})
		}
	}
}

// TestWordFilterHoldsEverySettledWord: the filter of the settled words
// has each of them, whatever became of the words settled before (removed
// and added again, many removed, which builds the filter again), since a
// settled word it lacked would be taken for a new one and get a second
// entry. The index agrees with a map across it.
func TestWordFilterHoldsEverySettledWord(t *testing.T) {
	defer setMinFresh(16)()
	r := rand.New(rand.NewPCG(7, 7))
	_, x := testIndex(r, 4)
	want := wordModel{}
	rebuilt := 0
	next := 0
	for round := range 40 {
		// Words new and old, then most of them removed: the filter keeps
		// the bits of a removed word, and is built again when they are
		// many.
		for range 200 + r.IntN(400) {
			var w string
			if next > 0 && r.IntN(3) == 0 {
				w = fmt.Sprintf("w%d\x00", r.IntN(next)) // one removed, maybe
			} else {
				w = fmt.Sprintf("w%d\x00", next)
				next++
			}
			want.add(x, w, uint32(r.IntN(4)))
		}
		held := make([]string, 0, len(want))
		for w := range want {
			held = append(held, w)
		}
		slices.Sort(held)
		for _, w := range held {
			if r.IntN(10) != 0 {
				for o := range want[w] {
					removed := x.settled.removed
					want.remove(x, w, o)
					if x.settled.removed < removed {
						t.Fatalf("round %d: the filter was built again by a removal", round)
					}
				}
			}
		}
		before := x.settled.removed
		for range minFresh {
			want.add(x, fmt.Sprintf("w%d\x00", next), 0)
			next++
		}
		if x.settled.removed < before {
			rebuilt++
		}
		for _, blk := range x.words.blocks {
			for k := range blk {
				if w := x.word(&blk[k]); !x.settled.mayHold(w) {
					t.Fatalf("round %d: the settled word %q is not in the filter", round, w)
				}
			}
		}
		if got := len(x.entries()); got != len(want) {
			t.Fatalf("round %d: the index holds %d words, want %d", round, got, len(want))
		}
		for w, ords := range want {
			e := x.find(w)
			if e == nil {
				t.Fatalf("round %d: word %q is missing", round, w)
			}
			if p := x.posting(e); p.many == nil && (len(ords) != 1 || !ords[p.one]) || p.many != nil && p.many.Len() != len(ords) {
				t.Fatalf("round %d: word %q has the wrong contacts", round, w)
			}
		}
	}
	if rebuilt == 0 {
		t.Fatalf("the filter was never built again after many removals")
	}
}
