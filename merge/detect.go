package merge

import (
	"hash/maphash"
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

// Detect finds the groups of entries that share keys (M1). It costs one
// hash of each key and a union-find over the entries: no map of slices,
// no copy of a key. Two entries of the same ID are one contact.
func Detect(entries []Entry, opts *DetectOptions) Result {
	d := newDetector(entries)
	d.build(entries)
	return d.result(entries, opts)
}

// detector is the union-find over entries, with each key's first holder.
type detector struct {
	seed   maphash.Seed
	parent []int32
	// first maps the hash of a key to the first entry that holds it, or to
	// -1-i for the i-th key that collides (held in collide).
	first   map[uint64]int32
	collide []string
	shared  []uint64 // hashes of keys held more than once, unique
	count   map[uint64]int32
}

func newDetector(entries []Entry) *detector {
	n := 0
	for i := range entries {
		n += len(entries[i].Keys)
	}
	d := &detector{
		seed:   maphash.MakeSeed(),
		parent: make([]int32, len(entries)),
		first:  make(map[uint64]int32, n),
	}
	for i := range d.parent {
		d.parent[i] = int32(i)
	}
	return d
}

func (d *detector) find(i int32) int32 {
	for d.parent[i] != i {
		d.parent[i] = d.parent[d.parent[i]]
		i = d.parent[i]
	}
	return i
}

func (d *detector) union(a, b int32) {
	ra, rb := d.find(a), d.find(b)
	if ra == rb {
		return
	}
	if ra > rb {
		ra, rb = rb, ra
	}
	d.parent[rb] = ra // the root is the smallest index: groups keep input order
}

// build records the first holder of every key, and the keys held twice.
// It does not join anything yet: the limit and the dismissals need every
// holder of a key.
func (d *detector) build(entries []Entry) {
	for i := range entries {
		for _, k := range entries[i].Keys {
			h := maphash.String(d.seed, k)
			f, ok := d.first[h]
			if !ok {
				d.first[h] = int32(i)
				continue
			}
			if f >= 0 && f != int32(i) && !slices.Contains(entries[f].Keys, k) {
				// Two keys with one hash: exceedingly rare. Keep this key
				// apart under its own hash.
				d.collide = append(d.collide, k)
				continue
			}
			if d.count == nil {
				d.count = make(map[uint64]int32)
			}
			if d.count[h] == 0 {
				d.shared = append(d.shared, h)
				d.count[h] = 1
			}
			if f != int32(i) {
				d.count[h]++
			}
		}
	}
}

// result joins the holders of every shared key and builds the groups. It
// reads the entries again, but only to find the holders of shared keys.
func (d *detector) result(entries []Entry, opts *DetectOptions) Result {
	var out Result
	if len(d.shared) == 0 && len(d.collide) == 0 {
		return out
	}
	// The holders of each shared key, found by one more pass.
	holders := make(map[string][]int32, len(d.shared))
	isShared := make(map[uint64]bool, len(d.shared))
	for _, h := range d.shared {
		isShared[h] = true
	}
	for _, k := range d.collide {
		holders[k] = nil
	}
	for i := range entries {
		for _, k := range entries[i].Keys {
			h := maphash.String(d.seed, k)
			if !isShared[h] {
				if _, ok := holders[k]; !ok {
					continue
				}
			}
			hs := holders[k]
			if len(hs) == 0 || hs[len(hs)-1] != int32(i) {
				holders[k] = append(hs, int32(i))
			}
		}
	}
	limit := opts.limit()
	keys := make([]string, 0, len(holders))
	for k, hs := range holders {
		if len(hs) > 1 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var joined []string
	var dismissed func(a, b contact.ID, key string) bool
	if opts != nil {
		dismissed = opts.Dismissed
	}
	for _, k := range keys {
		hs := holders[k]
		if len(hs) > limit {
			out.Placeholders = append(out.Placeholders, Reason{Key: k, Contacts: ids(entries, hs)})
			continue
		}
		any := false
		for x := 1; x < len(hs); x++ {
			for y := range x {
				a, b := entries[hs[y]].ID, entries[hs[x]].ID
				if a == b || (dismissed != nil && dismissed(a, b, k)) {
					continue
				}
				d.union(hs[y], hs[x])
				any = true
				break
			}
		}
		if any {
			joined = append(joined, k)
		}
	}
	// Groups by root, in the order of their first entry.
	byRoot := make(map[int32]int)
	for _, k := range joined {
		byRoot[d.find(holders[k][0])] = -1
	}
	for i := range entries {
		r := d.find(int32(i))
		g, ok := byRoot[r]
		if !ok {
			continue
		}
		if g < 0 {
			g = len(out.Groups)
			byRoot[r] = g
			out.Groups = append(out.Groups, Group{})
		}
		if cs := out.Groups[g].Contacts; len(cs) == 0 || !slices.Contains(cs, entries[i].ID) {
			out.Groups[g].Contacts = append(cs, entries[i].ID)
		}
	}
	for _, k := range joined {
		hs := holders[k]
		g := byRoot[d.find(hs[0])]
		out.Groups[g].Reasons = append(out.Groups[g].Reasons, Reason{Key: k, Contacts: ids(entries, hs)})
	}
	// A group whose joins all fell to dismissals may hold one contact.
	out.Groups = slices.DeleteFunc(out.Groups, func(g Group) bool { return len(g.Contacts) < 2 })
	return out
}

func ids(entries []Entry, hs []int32) []contact.ID {
	out := make([]contact.ID, len(hs))
	for j, i := range hs {
		out[j] = entries[i].ID
	}
	return out
}
