package merge

import (
	"hash/maphash"
	"math/bits"
	"slices"
	"strings"

	"github.com/contactkit/contactkit/contact"
)

// DefaultLimit is the default greatest number of contacts that may share a
// value for it to be suggested: a value held by more is a placeholder.
const DefaultLimit = 10

// Entry is one contact as duplicate detection sees it: its ID and its keys
// (contact.Keys: "email:…" and "phone:…", canonical). The caller passes
// only live, unblocked contacts.
type Entry struct {
	ID   contact.ID
	Keys []string
}

// EntryOf returns the Entry of c, with its match keys (MatchKeys).
func EntryOf(c *contact.Contact) Entry { return Entry{ID: c.ID, Keys: MatchKeys(c)} }

// MatchKeys returns the keys by which c matches other contacts: its phones
// as contact.Keys gives them, and its emails in matching form (MatchEmail).
// Two live contacts of a workspace never hold the same address (C9), so
// duplicates show as addresses that differ only by what a mailbox ignores.
func MatchKeys(c *contact.Contact) []string {
	keys := c.Keys()
	for i, k := range keys {
		if f, v := contact.KeyField(k); f == contact.FieldEmail {
			keys[i] = "email:" + MatchEmail(v)
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// MatchEmail returns the matching form of a canonical email address: without
// its subaddress (what follows a "+" in the local part), and, for Gmail,
// without the dots of the local part and with googlemail.com as gmail.com.
// "Ada.Lovelace+news@googlemail.com" matches "adalovelace@gmail.com".
func MatchEmail(canonical string) string {
	at := strings.LastIndexByte(canonical, '@')
	if at < 0 {
		return canonical
	}
	local, domain := canonical[:at], canonical[at+1:]
	if i := strings.IndexByte(local, '+'); i > 0 {
		local = local[:i]
	}
	if domain == "googlemail.com" {
		domain = "gmail.com"
	}
	if domain == "gmail.com" {
		local = strings.ReplaceAll(local, ".", "")
	}
	return local + "@" + domain
}

// Reason is one value shared by contacts: its key and its holders, in the
// order of the entries given.
type Reason struct {
	Key      string
	Contacts []contact.ID
}

// Group is a set of contacts that share values, transitively: its contacts
// in the order of the entries given, and every shared value that joins
// them, by key.
type Group struct {
	Contacts []contact.ID
	Reasons  []Reason
}

// Result is what Detect finds: the groups, in the order of their first
// contact, and the placeholders (values held by more than the limit), by
// key.
type Result struct {
	Groups       []Group
	Placeholders []Reason
}

// DetectOptions tune Detect. The zero value, or nil, means the defaults.
type DetectOptions struct {
	// Limit is the greatest number of contacts that may share a value for
	// it to join them; a value held by more is a placeholder. Zero means
	// DefaultLimit.
	Limit int
	// Dismissed, if not nil, reports whether contacts a and b were
	// dismissed as not duplicates while they shared key: key then does not
	// join them (Dismissals.Has is one).
	Dismissed func(a, b contact.ID, key string) bool
}

func (o *DetectOptions) limit() int {
	if o == nil || o.Limit <= 0 {
		return DefaultLimit
	}
	return o.Limit
}

// Detect finds the groups of entries that share keys (M1). It hashes each
// key once into a word that also holds the entry's index, radix-sorts the
// words so that the holders of a key are side by side, and joins them with
// a union-find: no map of slices, no copy of a key. Two entries of the same
// ID are one contact.
func Detect(entries []Entry, opts *DetectOptions) Result {
	shared := sharedKeys(entries)
	parent := make([]int32, len(entries))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(i int32) int32 {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int32) {
		ra, rb := find(a), find(b)
		if ra > rb {
			ra, rb = rb, ra
		}
		parent[rb] = ra // the root is the smallest index
	}
	limit := opts.limit()
	var dismissed func(a, b contact.ID, key string) bool
	if opts != nil {
		dismissed = opts.Dismissed
	}
	var out Result
	var joined []sharedKey
	for _, sk := range shared {
		hs := sk.holders
		if len(hs) > limit {
			out.Placeholders = append(out.Placeholders, Reason{Key: sk.key, Contacts: ids(entries, hs)})
			continue
		}
		any := false
		for x := 1; x < len(hs); x++ {
			for y := range x {
				a, b := entries[hs[y]].ID, entries[hs[x]].ID
				if a == b || (dismissed != nil && dismissed(a, b, sk.key)) {
					continue
				}
				union(hs[y], hs[x])
				any = true
				break
			}
		}
		if any {
			joined = append(joined, sk)
		}
	}
	slices.SortFunc(out.Placeholders, func(a, b Reason) int { return strings.Compare(a.Key, b.Key) })
	if len(joined) == 0 {
		return out
	}
	// Groups by root, in the order of their first entry.
	byRoot := make(map[int32]int, len(joined))
	for _, sk := range joined {
		byRoot[find(sk.holders[0])] = -1
	}
	for i := range entries {
		if parent[i] == int32(i) && byRoot[int32(i)] == 0 {
			if _, ok := byRoot[int32(i)]; !ok {
				continue // alone: most entries
			}
		}
		r := find(int32(i))
		g, ok := byRoot[r]
		if !ok {
			continue
		}
		if g < 0 {
			g = len(out.Groups)
			byRoot[r] = g
			out.Groups = append(out.Groups, Group{})
		}
		if cs := out.Groups[g].Contacts; !slices.Contains(cs, entries[i].ID) {
			out.Groups[g].Contacts = append(cs, entries[i].ID)
		}
	}
	for _, sk := range joined {
		g := byRoot[find(sk.holders[0])]
		out.Groups[g].Reasons = append(out.Groups[g].Reasons, Reason{Key: sk.key, Contacts: ids(entries, sk.holders)})
	}
	for i := range out.Groups {
		slices.SortFunc(out.Groups[i].Reasons, func(a, b Reason) int { return strings.Compare(a.Key, b.Key) })
	}
	// A group whose joins all fell to dismissals may hold one contact.
	out.Groups = slices.DeleteFunc(out.Groups, func(g Group) bool { return len(g.Contacts) < 2 })
	return out
}

// sharedKey is a key held by more than one entry, with its holders in
// ascending order.
type sharedKey struct {
	key     string
	holders []int32
}

// sharedKeys returns the keys held by more than one entry. Each key is
// hashed into a word: the high bits a hash, the low bits the entry's
// index; the words are radix-sorted, and equal hashes are runs. A run is
// checked against the keys themselves, so that a collision of hashes
// never joins two different keys.
func sharedKeys(entries []Entry) []sharedKey {
	n := 0
	for i := range entries {
		n += len(entries[i].Keys)
	}
	if n == 0 {
		return nil
	}
	idxBits := uint(bits.Len(uint(len(entries))))
	seed := maphash.MakeSeed()
	words := make([]uint64, 0, n)
	for i := range entries {
		for _, k := range entries[i].Keys {
			words = append(words, maphash.String(seed, k)<<idxBits|uint64(i))
		}
	}
	radixSort(words, make([]uint64, len(words)))
	var out []sharedKey
	mask := uint64(1)<<idxBits - 1
	for lo := 0; lo < len(words); {
		hi := lo + 1
		for hi < len(words) && words[hi]>>idxBits == words[lo]>>idxBits {
			hi++
		}
		if hi-lo > 1 {
			out = appendRun(out, entries, words[lo:hi], mask, seed, idxBits)
		}
		lo = hi
	}
	return out
}

// appendRun adds the shared keys of a run of words with one hash: almost
// always one key.
func appendRun(out []sharedKey, entries []Entry, run []uint64, mask uint64, seed maphash.Seed, idxBits uint) []sharedKey {
	start := len(out)
	for _, w := range run {
		i := int32(w & mask)
		h := w >> idxBits
		for _, k := range entries[i].Keys {
			if maphash.String(seed, k)<<idxBits>>idxBits != h {
				continue
			}
			j := slices.IndexFunc(out[start:], func(s sharedKey) bool { return s.key == k })
			if j < 0 {
				out = append(out, sharedKey{key: k})
				j = len(out) - 1 - start
			}
			hs := out[start+j].holders
			if len(hs) == 0 || hs[len(hs)-1] != i {
				out[start+j].holders = append(hs, i)
			}
		}
	}
	// Keys of one contact only (a hash collision) are not shared.
	kept := slices.DeleteFunc(out[start:], func(s sharedKey) bool { return len(s.holders) < 2 })
	return out[:start+len(kept)]
}

// radixSort sorts s with an LSD radix sort of 16-bit digits, using tmp
// (of the same length) as scratch. After its four passes the sorted words
// are back in s.
func radixSort(s, tmp []uint64) {
	count := make([]int, 1<<16)
	for shift := uint(0); shift < 64; shift += 16 {
		clear(count)
		for _, v := range s {
			count[(v>>shift)&0xffff]++
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, v := range s {
			d := (v >> shift) & 0xffff
			tmp[count[d]] = v
			count[d]++
		}
		s, tmp = tmp, s
	}
}

func ids(entries []Entry, hs []int32) []contact.ID {
	out := make([]contact.ID, len(hs))
	for j, i := range hs {
		out[j] = entries[i].ID
	}
	return out
}
