package merge

import (
	"hash/maphash"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/contactkit/contactkit/contact"
)

// DefaultLimit is the default greatest number of contacts that may share a
// value for it to be suggested: a value held by more is a placeholder.
const DefaultLimit = 10

// Entry is one contact as duplicate detection sees it: its ID and its match
// keys (MatchKeys). The caller passes only live, unblocked contacts.
type Entry struct {
	ID   contact.ID
	Keys []string
}

// EntryOf returns the Entry of c, with its match keys (MatchKeys).
func EntryOf(c *contact.Contact) Entry { return Entry{ID: c.ID, Keys: MatchKeys(c)} }

// MatchKeys returns the keys by which c matches other contacts: its phones
// as contact.Keys gives them, and its emails in matching form (MatchEmail),
// sorted, without repeats. Two live contacts of a workspace never hold the
// same address, so duplicates show as addresses that differ only by what a
// mailbox ignores.
func MatchKeys(c *contact.Contact) []string {
	keys := c.Keys()
	for i, k := range keys {
		if f, v := contact.KeyField(k); f == contact.FieldEmail {
			keys[i] = HoldKey(v)
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// MatchEmail returns the matching form of a canonical email address: without
// its subaddress (what follows a "+" in the local part), and, for Gmail,
// without the dots of the local part and with googlemail.com as gmail.com.
// "Ada.Lovelace+news@googlemail.com" matches "adalovelace@gmail.com".
// MatchEmail(MatchEmail(a)) == MatchEmail(a).
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
	if len(local) == at && domain == canonical[at+1:] {
		return canonical // nothing dropped: most addresses, not copied
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

// Detect finds the groups of entries that share keys. Two contacts are
// joined by a key they both hold, unless that key is held by more than the
// limit (it is then reported as a placeholder, with every holder) or the
// pair was dismissed while sharing it; a group is a set of at least two
// contacts joined transitively. A group's reasons are the keys that join
// some of its contacts, each with the holders it joins. The IDs of the
// entries must be distinct: a contact is one entry.
//
// Detect hashes each key once into a word that also holds the entry's
// index, partitions the words by their high bits and sorts each partition,
// so that the holders of a key are side by side, checks each run of equal
// hashes against the keys themselves (a collision of hashes never joins
// two different keys), and joins the holders with a union-find. It uses
// both cores of a machine that has them, and about 40 bytes an entry.
func Detect(entries []Entry, opts *DetectOptions) Result {
	seed := maphash.MakeSeed()
	return detect(entries, opts, func(k string) uint64 { return maphash.String(seed, k) })
}

// detect is Detect with the hash of keys given, so that a test can make
// hashes collide.
func detect(entries []Entry, opts *DetectOptions, hash func(string) uint64) Result {
	return join(len(entries), func(i int32) contact.ID { return entries[i].ID }, sharedKeys(entries, hash), opts)
}

// join groups n contacts, whose IDs id gives by ordinal, from the keys they
// share, each with its holders in ascending order of ordinal: what Detect
// does once it has found the shared keys. Groups come in the order of their
// smallest ordinal.
func join(n int, id func(int32) contact.ID, shared []sharedKey, opts *DetectOptions) Result {
	limit := opts.limit()
	var dismissed func(a, b contact.ID, key string) bool
	if opts != nil {
		dismissed = opts.Dismissed
	}
	parent := make([]int32, n)
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
		parent[rb] = ra
	}
	var out Result
	held := 0
	for _, sk := range shared {
		held += len(sk.holders)
	}
	joined := make([]sharedKey, 0, len(shared)) // each with the holders it joins
	members := make([]int32, 0, held)           // the entries some key joins, with repeats
	for _, sk := range shared {
		hs := sk.holders
		if len(hs) > limit {
			out.Placeholders = append(out.Placeholders, Reason{Key: sk.key, Contacts: ids(id, hs)})
			continue
		}
		if dismissed == nil {
			for _, h := range hs[1:] {
				union(hs[0], h)
			}
		} else {
			hs = joinUndismissed(id, hs, sk.key, dismissed, union)
			if len(hs) == 0 {
				continue
			}
		}
		joined = append(joined, sharedKey{key: sk.key, holders: hs})
		members = append(members, hs...)
	}
	slices.SortFunc(out.Placeholders, func(a, b Reason) int { return strings.Compare(a.Key, b.Key) })
	if len(joined) == 0 {
		return out
	}
	// Groups by root, in the order of their first entry. Their contacts,
	// reasons and the reasons' contacts are slices of three arrays, one
	// allocation each.
	// The entries some key joins, each once, in order of ordinal: marked,
	// then read back in order (a pass over n, cheaper than a sort).
	mark := make([]bool, n)
	for _, i := range members {
		mark[i] = true
	}
	members = members[:0]
	for i, m := range mark {
		if m {
			members = append(members, int32(i))
		}
	}
	groupOf := make([]int32, n) // by root: the group's index + 1, or 0
	var sizes []int32           // contacts of each group
	for _, i := range members {
		r := find(i)
		if groupOf[r] == 0 {
			sizes = append(sizes, 0)
			groupOf[r] = int32(len(sizes)) // the group's index + 1
		}
		sizes[groupOf[r]-1]++
	}
	out.Groups = make([]Group, len(sizes))
	contacts := make([]contact.ID, 0, len(members))
	for g, size := range sizes {
		out.Groups[g].Contacts = contacts[len(contacts) : len(contacts) : len(contacts)+int(size)]
		contacts = contacts[:len(contacts)+int(size)]
	}
	for _, i := range members {
		g := &out.Groups[groupOf[find(i)]-1]
		g.Contacts = append(g.Contacts, id(i))
	}
	reasonsOf := make([]int32, len(sizes))
	held = 0
	for _, sk := range joined {
		reasonsOf[groupOf[find(sk.holders[0])]-1]++
		held += len(sk.holders)
	}
	reasons := make([]Reason, 0, len(joined))
	for g, k := range reasonsOf {
		out.Groups[g].Reasons = reasons[len(reasons) : len(reasons) : len(reasons)+int(k)]
		reasons = reasons[:len(reasons)+int(k)]
	}
	holders := make([]contact.ID, held)
	for _, sk := range joined {
		g := &out.Groups[groupOf[find(sk.holders[0])]-1]
		hs := holders[:len(sk.holders):len(sk.holders)]
		holders = holders[len(sk.holders):]
		for j, h := range sk.holders {
			hs[j] = id(h)
		}
		g.Reasons = append(g.Reasons, Reason{Key: sk.key, Contacts: hs})
	}
	for i := range out.Groups {
		if rs := out.Groups[i].Reasons; len(rs) > 1 {
			slices.SortFunc(rs, func(a, b Reason) int { return strings.Compare(a.Key, b.Key) })
		}
	}
	return out
}

// joinUndismissed joins every pair of the holders hs of key that was not
// dismissed while sharing it, and returns the holders that some pair
// joins, in order.
func joinUndismissed(id func(int32) contact.ID, hs []int32, key string, dismissed func(a, b contact.ID, key string) bool, union func(a, b int32)) []int32 {
	in := make([]bool, len(hs))
	for x := 1; x < len(hs); x++ {
		for y := range x {
			if !dismissed(id(hs[y]), id(hs[x]), key) {
				union(hs[y], hs[x])
				in[x], in[y] = true, true
			}
		}
	}
	var out []int32
	for j, h := range hs {
		if in[j] {
			out = append(out, h)
		}
	}
	return out
}

// sharedKey is a key held by more than one entry, with its holders in
// ascending order.
type sharedKey struct {
	key     string
	holders []int32
}

// parallelMin is the number of keys under which sharedKeys runs on one
// goroutine: below it, starting others costs more than it saves.
const parallelMin = 1 << 15

// sharedKeys returns the keys held by more than one entry, in no
// particular order. Each key is hashed into a word: the high bits the
// hash's, the low bits the entry's index. The words are partitioned by
// their top bits (a stable counting scatter) and each partition sorted, so
// that equal hashes make runs, holders in ascending order. A run is checked
// against the keys themselves.
func sharedKeys(entries []Entry, hash func(string) uint64) []sharedKey {
	// Where each part's words start: parts are runs of entries, one a
	// goroutine.
	parts := 1
	n := 0
	for i := range entries {
		n += len(entries[i].Keys)
	}
	if n < 2 {
		return nil
	}
	if n >= parallelMin {
		parts = min(runtime.GOMAXPROCS(0), 8)
	}
	idxBits := uint(bits.Len(uint(len(entries))))
	mask := uint64(1)<<idxBits - 1
	digitBits := uint(min(16, max(1, bits.Len(uint(n))-4))) // about 16 words a partition
	shift := 64 - digitBits
	type part struct {
		lo, hi int   // entries
		at     int   // first word
		count  []int // words by partition, then where they go
		shared []sharedKey
	}
	ps := make([]part, parts)
	at := 0
	for p := range ps {
		lo, hi := len(entries)*p/parts, len(entries)*(p+1)/parts
		ps[p] = part{lo: lo, hi: hi, at: at, count: make([]int, 1<<digitBits)}
		for i := lo; i < hi; i++ {
			at += len(entries[i].Keys)
		}
	}
	words := make([]uint64, n)
	sorted := make([]uint64, n)
	run := func(f func(p int)) {
		if parts == 1 {
			f(0)
			return
		}
		var wg sync.WaitGroup
		for p := range parts {
			wg.Go(func() { f(p) })
		}
		wg.Wait()
	}
	// Hash, and count the words of each partition.
	run(func(p int) {
		w, count := ps[p].at, ps[p].count
		for i := ps[p].lo; i < ps[p].hi; i++ {
			for _, k := range entries[i].Keys {
				v := hash(k)&^mask | uint64(i)
				words[w] = v
				w++
				count[v>>shift]++
			}
		}
	})
	// Where each part's words of each partition go: partition by
	// partition, part by part, so that the scatter is stable.
	start := make([]int, 1<<digitBits+1)
	sum := 0
	for d := range 1 << digitBits {
		start[d] = sum
		for p := range ps {
			c := ps[p].count[d]
			ps[p].count[d] = sum
			sum += c
		}
	}
	start[1<<digitBits] = sum
	run(func(p int) {
		next := ps[p].count
		end := n
		if p+1 < parts {
			end = ps[p+1].at
		}
		for _, v := range words[ps[p].at:end] {
			d := v >> shift
			sorted[next[d]] = v
			next[d]++
		}
	})
	// Sort each partition and find its runs, a share of the partitions a
	// part.
	run(func(p int) {
		var out []sharedKey
		for d := (1 << digitBits) * p / parts; d < (1<<digitBits)*(p+1)/parts; d++ {
			ws := sorted[start[d]:start[d+1]]
			if len(ws) < 2 {
				continue
			}
			slices.Sort(ws)
			for lo := 0; lo < len(ws); {
				hi := lo + 1
				for hi < len(ws) && ws[hi]&^mask == ws[lo]&^mask {
					hi++
				}
				if hi-lo > 1 {
					out = appendRun(out, entries, ws[lo:hi], mask, hash)
				}
				lo = hi
			}
		}
		ps[p].shared = out
	})
	var out []sharedKey
	for _, p := range ps {
		out = append(out, p.shared...)
	}
	return out
}

// appendRun adds the shared keys of a run of words with one hash: almost
// always one key, and more only when the hashes of different keys collide.
func appendRun(out []sharedKey, entries []Entry, run []uint64, mask uint64, hash func(string) uint64) []sharedKey {
	start := len(out)
	h := run[0] &^ mask
	for _, w := range run {
		i := int32(w & mask)
		for _, k := range entries[i].Keys {
			if hash(k)&^mask != h {
				continue
			}
			j := slices.IndexFunc(out[start:], func(s sharedKey) bool { return s.key == k })
			if j < 0 {
				out = append(out, sharedKey{key: k})
				j = len(out) - 1 - start
			}
			if hs := out[start+j].holders; len(hs) == 0 || hs[len(hs)-1] != i {
				out[start+j].holders = append(hs, i)
			}
		}
	}
	// Keys of one entry only (a collision of hashes) are not shared.
	kept := slices.DeleteFunc(out[start:], func(s sharedKey) bool { return len(s.holders) < 2 })
	return out[:start+len(kept)]
}

func ids(id func(int32) contact.ID, hs []int32) []contact.ID {
	out := make([]contact.ID, len(hs))
	for j, i := range hs {
		out[j] = id(i)
	}
	return out
}
