package merge

import (
	"cmp"
	"encoding/binary"
	"slices"
	"strings"

	"github.com/contactkit/contactkit/contact"
)

// An address belongs to at most one live contact of a workspace, so two
// live contacts share a match key only when one of them holds an email in
// a variant form: an address whose matching form (MatchEmail) differs from
// itself ("ada+shop@gmail.com" for "ada@gmail.com"). Phones match as they
// are, so no two live contacts share one. A store can therefore keep, for
// each match key that some live, unblocked contact holds in a variant form,
// every live, unblocked contact that holds it, and find the shared keys
// among those alone. Holding is that record; the Service keeps it up to
// date in the transaction of every write of a contact.

// Hold is how a contact holds a match key: Variant when it holds it in a
// variant form (maybe also as is), not when it holds only the address
// itself.
type Hold struct {
	Key     string
	Variant bool
}

// Holds returns the email match keys that c holds, sorted, each with how
// it holds it, or nil when c is nil, in the trash or blocked: only live,
// unblocked contacts are suggested as duplicates.
func Holds(c *contact.Contact) []Hold {
	if c == nil || c.Trashed() || c.Blocked() {
		return nil
	}
	var out []Hold
	// The email keys of c.Keys, without building its phone keys.
	for _, e := range c.Emails() {
		if e.IsZero() {
			continue // no key
		}
		v := e.String()
		m := MatchEmail(v)
		h := Hold{Key: emailKey + m, Variant: m != v}
		if i := slices.IndexFunc(out, func(o Hold) bool { return o.Key == h.Key }); i >= 0 {
			out[i].Variant = out[i].Variant || h.Variant
			continue
		}
		out = append(out, h)
	}
	slices.SortFunc(out, func(a, b Hold) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// HoldKey returns the match key of the email address addr (as MatchKeys
// gives it): the key of its matching form (MatchEmail), which a contact
// holds as is when its address is that form, and in a variant form
// otherwise.
func HoldKey(addr string) string { return emailKey + MatchEmail(addr) }

// emailKey starts the match key of an email address.
const emailKey = "email:"

// HoldChange is a change of how a contact holds a match key: Held is false
// when the contact no longer holds it.
type HoldChange struct {
	Hold
	Held bool
}

// HoldChanges returns the match keys whose hold changes when a contact goes
// from before to after (nil for none: a contact created or erased), in the
// order of their keys. A write that changes no email, no status and does
// not move the contact to or from the trash changes none.
func HoldChanges(before, after *contact.Contact) []HoldChange {
	old, now := Holds(before), Holds(after)
	var out []HoldChange
	i, j := 0, 0
	for i < len(old) || j < len(now) {
		switch {
		case j == len(now) || (i < len(old) && old[i].Key < now[j].Key):
			out = append(out, HoldChange{Hold: Hold{Key: old[i].Key}})
			i++
		case i == len(old) || now[j].Key < old[i].Key:
			out = append(out, HoldChange{Hold: now[j], Held: true})
			j++
		default:
			if old[i] != now[j] {
				out = append(out, HoldChange{Hold: now[j], Held: true})
			}
			i, j = i+1, j+1
		}
	}
	return out
}

// Holder is one live, unblocked contact that holds the key of a Holding.
type Holder struct {
	Contact contact.ID
	// Variant is whether it holds the key in a variant form; at most one
	// holder holds it only as is.
	Variant bool
}

// Holding is a match key that some live, unblocked contact of a workspace
// holds in a variant form, with every live, unblocked contact that holds
// it, in no particular order. A store keeps one record for each such key,
// by the key, and none for the others: a write of a contact reads the
// holdings of its own keys alone, whatever the size of the workspace, and
// finds most of them missing (an address held as is, which a variant
// elsewhere would make a holder). It keeps the shared ones again in
// buckets (HoldingBucket).
type Holding struct {
	Key     string
	Version int64
	Holders []Holder
}

// Set records how contact id now holds h.Key: c.Held false removes it.
func (h *Holding) Set(id contact.ID, c HoldChange) {
	i := slices.IndexFunc(h.Holders, func(x Holder) bool { return x.Contact == id })
	switch {
	case !c.Held && i >= 0:
		h.Holders = slices.Delete(h.Holders, i, i+1)
	case c.Held && i >= 0:
		h.Holders[i].Variant = c.Variant
	case c.Held:
		h.Holders = append(h.Holders, Holder{Contact: id, Variant: c.Variant})
	}
}

// Needed reports whether a store must keep h: whether some holder holds its
// key in a variant form.
func (h *Holding) Needed() bool {
	return slices.ContainsFunc(h.Holders, func(x Holder) bool { return x.Variant })
}

// Shared reports whether h's key is held by more than one contact: what a
// store finds duplicates among (see DetectHoldings).
func (h *Holding) Shared() bool { return len(h.Holders) > 1 }

// DetectHoldings finds what Detect finds over the contacts that hold the
// keys of holdings, each with the keys it holds: when holdings are every
// holding of a workspace (or only the shared ones), what Detect finds over
// every live, unblocked contact of it. Its groups come in the order of
// their smallest ID, and so do the holders of each reason: Detect's order
// when the entries are in ascending order of ID, as contacts are listed.
// It reads only the holdings: no hashing, no contact.
func DetectHoldings(holdings []Holding, opts *DetectOptions) Result {
	// Every holder of a shared holding has a slot in one array; the slots
	// sorted by ID give each contact its ordinal, in order of ID.
	type slot struct {
		hi, lo uint64 // the ID, big-endian: compared as numbers
		at     int32
	}
	keys, held := 0, 0
	for _, h := range holdings {
		if h.Shared() {
			keys++
			held += len(h.Holders)
		}
	}
	slots := make([]slot, 0, held)
	shared := make([]sharedKey, 0, keys) // holders: bounds in ords, set below
	bounds := make([][2]int32, 0, keys)
	for _, h := range holdings {
		if !h.Shared() {
			continue
		}
		lo := int32(len(slots))
		for _, x := range h.Holders {
			slots = append(slots, slot{binary.BigEndian.Uint64(x.Contact[:8]), binary.BigEndian.Uint64(x.Contact[8:]), int32(len(slots))})
		}
		shared = append(shared, sharedKey{key: h.Key})
		bounds = append(bounds, [2]int32{lo, int32(len(slots))})
	}
	sortSlots(slots, func(s slot) (uint64, uint64) { return s.hi, s.lo })
	ords := make([]int32, len(slots))
	ids := make([]contact.ID, 0, len(slots))
	for j, s := range slots {
		if j == 0 || s.hi != slots[j-1].hi || s.lo != slots[j-1].lo {
			var id contact.ID
			binary.BigEndian.PutUint64(id[:8], s.hi)
			binary.BigEndian.PutUint64(id[8:], s.lo)
			ids = append(ids, id)
		}
		ords[s.at] = int32(len(ids) - 1)
	}
	kept := shared[:0]
	for j, sk := range shared {
		hs := ords[bounds[j][0]:bounds[j][1]:bounds[j][1]]
		sortSmall(hs)
		if sk.holders = slices.Compact(hs); len(sk.holders) > 1 {
			kept = append(kept, sk)
		}
	}
	return join(len(ids), func(i int32) contact.ID { return ids[i] }, kept, opts)
}

// sortSlots sorts xs by the 128-bit number key gives (hi, then lo): a radix
// sort of hi, eight bits at a time, then the runs of equal hi (rare: IDs
// differ in their first eight bytes but for a clash) sorted by lo. It
// costs a few passes over xs, where a comparison sort of the hundred
// thousand holders of a large workspace costs ten times as much.
func sortSlots[T any](xs []T, key func(T) (uint64, uint64)) {
	if len(xs) < 256 {
		slices.SortFunc(xs, func(a, b T) int {
			ah, al := key(a)
			bh, bl := key(b)
			if ah != bh {
				return cmp.Compare(ah, bh)
			}
			return cmp.Compare(al, bl)
		})
		return
	}
	buf := make([]T, len(xs))
	src, dst := xs, buf
	for shift := uint(0); shift < 64; shift += 8 {
		var count [257]int
		for _, x := range src {
			h, _ := key(x)
			count[(h>>shift)&0xff+1]++
		}
		if h0, _ := key(src[0]); count[(h0>>shift)&0xff+1] == len(src) {
			continue // every element has this byte: the pass would move nothing
		}
		for i := 1; i < len(count); i++ {
			count[i] += count[i-1]
		}
		for _, x := range src {
			h, _ := key(x)
			b := (h >> shift) & 0xff
			dst[count[b]] = x
			count[b]++
		}
		src, dst = dst, src
	}
	if &src[0] != &xs[0] {
		copy(xs, src)
	}
	for i := 0; i < len(xs); {
		h, _ := key(xs[i])
		j := i + 1
		for j < len(xs) {
			if hj, _ := key(xs[j]); hj != h {
				break
			}
			j++
		}
		if j-i > 1 {
			slices.SortFunc(xs[i:j], func(a, b T) int {
				_, al := key(a)
				_, bl := key(b)
				return cmp.Compare(al, bl)
			})
		}
		i = j
	}
}

// sortSmall sorts xs, a few numbers (the holders of one key), by insertion.
func sortSmall(xs []int32) {
	if len(xs) > 16 {
		slices.Sort(xs)
		return
	}
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}
