package merge

import (
	"cmp"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/contactkit/contactkit/contact"
)

// Buckets is the number of buckets the shared holdings of a workspace are
// spread over (BucketOf). A store reads them all in at most this many
// records, and a write of a contact that changes a shared holding
// rewrites its bucket, about 1/Buckets of them.
const Buckets = 4096

// BucketOf returns the ID of the HoldingBucket that keeps the holding of
// key: three hexadecimal digits, the same in every process and version.
func BucketOf(key string) string {
	// 32-bit FNV-1a, as hash/fnv's New32a computes it, without allocating
	// a hash.Hash32 and a copy of key on every contact write.
	h := uint32(2166136261)
	for i := 0; i < len(key); i++ {
		h ^= uint32(key[i])
		h *= 16777619
	}
	const digits = "0123456789abcdef"
	b := h % Buckets
	return string([]byte{digits[b>>8&0xf], digits[b>>4&0xf], digits[b&0xf]})
}

// A HoldingBucket keeps the holdings whose keys fall in one bucket
// (BucketOf), packed in two immutable strings, so that a store keeps them
// in a few thousand records and a copy of one costs nothing: the shared
// holdings (Holding.Shared) apart from the others, so that reading the
// shared ones reads past none of the others (an address in a variant form
// that nobody else holds, as a dotted Gmail address; the Service keeps
// only shared ones in buckets, and every holding in a record of its own).
// The zero HoldingBucket is empty. It encodes as JSON with its holdings in
// order of key.
type HoldingBucket struct {
	ID      string
	Version int64
	// shared and unshared are each, for each of their holdings in
	// ascending order of key: the key's length (uvarint), the key, the
	// number of holders (uvarint), and for each holder its 16-byte ID and
	// a byte, 1 if it holds the key in a variant form.
	shared, unshared string
}

// holderSize is the packed size of a Holder.
const holderSize = 17

// packedHolding is a holding as it lies in a packed string.
type packedHolding struct {
	key        string
	holders    string // len(holders)/holderSize packed holders
	start, end int    // where it starts in the packed string, and where the next starts
}

// holdingAt decodes the holding that starts at start of packed.
func holdingAt(packed string, start int) (packedHolding, error) {
	i := start
	kl, n := uvarint(packed[i:])
	if n <= 0 || kl > uint64(len(packed)-i-n) {
		return packedHolding{}, errCorrupt
	}
	i += n
	key := packed[i : i+int(kl)]
	i += int(kl)
	hl, n := uvarint(packed[i:])
	if n <= 0 || hl > uint64(len(packed)-i-n)/holderSize {
		return packedHolding{}, errCorrupt
	}
	i += n
	end := i + int(hl)*holderSize
	return packedHolding{key, packed[i:end], start, end}, nil
}

var errCorrupt = errors.New("merge: corrupt holding bucket")

func uvarint(s string) (uint64, int) {
	var x uint64
	var shift uint
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		b := s[i]
		if b < 0x80 {
			return x | uint64(b)<<shift, i + 1
		}
		x |= uint64(b&0x7f) << shift
		shift += 7
	}
	return 0, 0
}

// each calls fn with every holding of packed in order of key, until fn
// returns false. Packed strings are only ever built by Set and Bucketed,
// so they never fail to decode.
func each(packed string, fn func(h packedHolding) bool) {
	for i := 0; i < len(packed); {
		h, err := holdingAt(packed, i)
		if err != nil {
			panic(err)
		}
		if !fn(h) {
			return
		}
		i = h.end
	}
}

// find returns the holding of key in packed, if it is there, or else an
// empty one at the place where it would be.
func find(packed, key string) (packedHolding, bool) {
	at := packedHolding{start: len(packed), end: len(packed)}
	found := false
	each(packed, func(h packedHolding) bool {
		if h.key < key {
			return true
		}
		if found = h.key == key; found {
			at = h
		} else {
			at = packedHolding{start: h.start, end: h.start}
		}
		return false
	})
	return at, found
}

// unpack appends the holders of h to into.
func (h packedHolding) unpack(into []Holder) []Holder {
	for j := 0; j < len(h.holders); j += holderSize {
		var x Holder
		copy(x.Contact[:], h.holders[j:j+16])
		x.Variant = h.holders[j+16] == 1
		into = append(into, x)
	}
	return into
}

// Len returns the number of holdings of b.
func (b *HoldingBucket) Len() int {
	n := 0
	count := func(packedHolding) bool { n++; return true }
	each(b.shared, count)
	each(b.unshared, count)
	return n
}

// Get returns the holding of key in b, if b keeps one.
func (b *HoldingBucket) Get(key string) (Holding, bool) {
	for _, packed := range [2]string{b.shared, b.unshared} {
		if h, ok := find(packed, key); ok {
			return Holding{Key: key, Holders: h.unpack(nil)}, true
		}
	}
	return Holding{}, false
}

// Set keeps h in b in place of the holding of h.Key, or removes that
// holding when b need not keep h (Holding.Needed).
func (b *HoldingBucket) Set(h Holding) {
	for _, packed := range [2]*string{&b.shared, &b.unshared} {
		if at, ok := find(*packed, h.Key); ok {
			*packed = (*packed)[:at.start] + (*packed)[at.end:]
		}
	}
	if !h.Needed() {
		return
	}
	packed := &b.unshared
	if h.Shared() {
		packed = &b.shared
	}
	at, _ := find(*packed, h.Key)
	buf := appendHolding(make([]byte, 0, len(h.Key)+len(h.Holders)*holderSize+2*binary.MaxVarintLen64), &h)
	*packed = (*packed)[:at.start] + string(buf) + (*packed)[at.start:]
}

// appendHolding appends h, packed, to buf.
func appendHolding(buf []byte, h *Holding) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(h.Key)))
	buf = append(buf, h.Key...)
	buf = binary.AppendUvarint(buf, uint64(len(h.Holders)))
	for _, x := range h.Holders {
		buf = append(buf, x.Contact[:]...)
		if x.Variant {
			buf = append(buf, 1)
		} else {
			buf = append(buf, 0)
		}
	}
	return buf
}

// Bucketed returns the buckets that keep holdings, each holding in the
// bucket of its key, in order of bucket ID: the index of a workspace
// whose holdings are those. Holdings that need not be kept
// (Holding.Needed) are left out; a key must not be listed twice.
func Bucketed(holdings []Holding) []HoldingBucket {
	type placed struct {
		bucket string
		h      *Holding
	}
	ps := make([]placed, 0, len(holdings))
	for i := range holdings {
		if holdings[i].Needed() {
			ps = append(ps, placed{BucketOf(holdings[i].Key), &holdings[i]})
		}
	}
	slices.SortFunc(ps, func(a, b placed) int {
		return cmp.Or(strings.Compare(a.bucket, b.bucket), strings.Compare(a.h.Key, b.h.Key))
	})
	var out []HoldingBucket
	var shared, unshared []byte
	for i, p := range ps {
		if p.h.Shared() {
			shared = appendHolding(shared, p.h)
		} else {
			unshared = appendHolding(unshared, p.h)
		}
		if i == len(ps)-1 || ps[i+1].bucket != p.bucket {
			out = append(out, HoldingBucket{ID: p.bucket, shared: string(shared), unshared: string(unshared)})
			shared, unshared = shared[:0], unshared[:0]
		}
	}
	return out
}

// Holdings returns every holding of b, in order of key.
func (b *HoldingBucket) Holdings() []Holding {
	var out []Holding
	add := func(h packedHolding) bool {
		out = append(out, Holding{Key: h.key, Holders: h.unpack(nil)})
		return true
	}
	each(b.shared, add)
	each(b.unshared, add)
	slices.SortFunc(out, func(x, y Holding) int { return strings.Compare(x.Key, y.Key) })
	return out
}

// SharedHoldings returns the shared holdings (Holding.Shared) of buckets,
// their holders in one array: what DetectHoldings needs of an index. It
// reads none of the holdings that are not shared.
func SharedHoldings(buckets []HoldingBucket) []Holding {
	keys, held := 0, 0
	for i := range buckets {
		each(buckets[i].shared, func(h packedHolding) bool {
			keys++
			held += len(h.holders) / holderSize
			return true
		})
	}
	out := make([]Holding, 0, keys)
	holders := make([]Holder, 0, held)
	for i := range buckets {
		each(buckets[i].shared, func(h packedHolding) bool {
			lo := len(holders)
			holders = h.unpack(holders)
			out = append(out, Holding{Key: h.key, Holders: holders[lo:len(holders):len(holders)]})
			return true
		})
	}
	return out
}

// bucketJSON is how a HoldingBucket encodes as JSON.
type bucketJSON struct {
	ID       string
	Version  int64
	Holdings []Holding
}

// MarshalJSON encodes b with its holdings in order of key.
func (b HoldingBucket) MarshalJSON() ([]byte, error) {
	return json.Marshal(bucketJSON{b.ID, b.Version, b.Holdings()})
}

// UnmarshalJSON decodes what MarshalJSON wrote, in any order of keys (a
// key that is not UTF-8 comes back from JSON changed, and may sort
// elsewhere). A key listed twice, or a holder listed twice, is an error.
func (b *HoldingBucket) UnmarshalJSON(data []byte) error {
	var j bucketJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	out := HoldingBucket{ID: j.ID, Version: j.Version}
	keys := make(map[string]bool, len(j.Holdings))
	for _, h := range j.Holdings {
		if keys[h.Key] {
			return fmt.Errorf("merge: holding bucket %q: key %q listed twice", j.ID, h.Key)
		}
		keys[h.Key] = true
		seen := make(map[contact.ID]bool, len(h.Holders))
		for _, x := range h.Holders {
			if seen[x.Contact] {
				return fmt.Errorf("merge: holding bucket %q: key %q: holder %s listed twice", j.ID, h.Key, x.Contact)
			}
			seen[x.Contact] = true
		}
		out.Set(h)
	}
	*b = out
	return nil
}
