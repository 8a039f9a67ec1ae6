package memstore

// A differential test of the sixteenth review of the word index's entries
// with sixteen-byte heads: the order of the index and the words a prefix
// stands for against a plain map scanned with strings.HasPrefix, for words
// of exactly 7, 8, 9, 15, 16 and 17 bytes, words that share their first
// sixteen bytes, NUL bytes (which the heads pad with) and bytes past 0x7f.

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/fixture"
)

func TestReviewWordIndexSixteenByteHeads(t *testing.T) {
	// With its words settled as a large index does (here never: it has
	// fewer than minFresh), and every few words, between two levels. The
	// race detector makes a run take minutes: then the second alone, which
	// reads both levels.
	fresh := []int{minFresh, 5}
	if fixture.Race {
		fresh = fresh[1:]
	}
	for _, n := range fresh {
		t.Run(fmt.Sprintf("minFresh=%d", n), func(t *testing.T) {
			defer setMinFresh(n)()
			testReviewWordIndexSixteenByteHeads(t)
		})
	}
}

func testReviewWordIndexSixteenByteHeads(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 16))
	ws, x := testIndex(r, 8)
	// Words over a small alphabet of a NUL, a letter and a high byte, of
	// the lengths around the heads' edges, after prefixes that tie on 8,
	// 15 and 16 bytes.
	prefixes := []string{"", "abcdefgh", "abcdefghijklmno", "abcdefghijklmnop", "abcdefghijklmnop\x00", "\x00\x00\x00\x00\x00\x00\x00\x00"}
	alphabet := "\x00a\xff"
	var words []string
	for _, p := range prefixes {
		for _, n := range []int{0, 1, 2, 7, 8, 9, 15, 16, 17} {
			for range 4 {
				b := []byte(p)
				for range n {
					b = append(b, alphabet[r.IntN(len(alphabet))])
				}
				if len(b) > 0 && !slices.Contains(words, string(b)) {
					words = append(words, string(b))
				}
			}
		}
	}
	if len(words) >= maxExpand {
		t.Fatalf("%d words: a prefix of all of them is not expanded", len(words))
	}
	want := wordModel{}
	// The race detector makes each check take seconds: fewer of them.
	checkEvery := 2_000
	if fixture.Race {
		checkEvery = 10_000
	}
	for step := range 20_000 {
		w, o := words[r.IntN(len(words))], uint32(r.IntN(8))
		if r.IntN(3) == 0 {
			want.remove(x, w, o)
		} else {
			want.add(x, w, o)
		}
		if step%checkEvery != checkEvery-1 {
			continue
		}
		// The index holds the words in the order of strings.Compare.
		var got []string
		for _, e := range x.entries() {
			got = append(got, x.word(&e))
		}
		held := make([]string, 0, len(want))
		for w := range want {
			held = append(held, w)
		}
		sort.Strings(held)
		if !slices.Equal(got, held) {
			t.Fatalf("step %d: the index holds %q, want %q", step, got, held)
		}
		// Each word is found, and each prefix of each word (and of the
		// words of no contact) stands for the contacts of the words it
		// starts.
		probes := []string{"", "\x00", "\xff", "b"}
		for _, w := range words {
			for i := 1; i <= len(w); i++ {
				probes = append(probes, w[:i])
			}
			probes = append(probes, w+"\x00", w+"a")
		}
		for _, p := range probes {
			e := x.find(p)
			if (e != nil) != (want[p] != nil) {
				t.Fatalf("step %d: find(%+q) = %v, want %v", step, p, e != nil, want[p] != nil)
			}
			exp := x.expand(p)
			if exp.many {
				t.Fatalf("step %d: expand(%+q) holds more than %d words", step, p, maxExpand)
			}
			var gotIDs []contact.ID
			exp.merge(contact.ID{}, false, func(o uint32) bool {
				gotIDs = append(gotIDs, ws.ids[o])
				return true
			})
			wantOrds := map[uint32]bool{}
			for w, ords := range want {
				if strings.HasPrefix(w, p) {
					for o := range ords {
						wantOrds[o] = true
					}
				}
			}
			var wantIDs []contact.ID
			for o := range wantOrds {
				wantIDs = append(wantIDs, ws.ids[o])
			}
			slices.SortFunc(wantIDs, compareID)
			if !slices.Equal(gotIDs, wantIDs) {
				t.Fatalf("step %d: expand(%+q) gives %v, a scan gives %v", step, p, gotIDs, wantIDs)
			}
		}
	}
}
