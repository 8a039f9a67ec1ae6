package merge_test

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
)

// TestHoldingBucketAgreesWithAMap: random sets and removals on a bucket
// leave it holding what a map of the same holdings holds, in order of key,
// through a JSON round trip too; Bucketed packs the same bucket at once.
func TestHoldingBucketAgreesWithAMap(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for round := range 300 {
		var b merge.HoldingBucket
		model := map[string]merge.Holding{}
		for range r.IntN(40) {
			key := fmt.Sprintf("email:%s@example.com", strings.Repeat("k", r.IntN(12)))
			h := merge.Holding{Key: key}
			for j := range r.IntN(4) {
				h.Holders = append(h.Holders, merge.Holder{Contact: contact.ID{byte(j), byte(r.IntN(256))}, Variant: r.IntN(3) > 0})
			}
			b.Set(h)
			if h.Needed() {
				model[key] = h
			} else {
				delete(model, key)
			}
			got, ok := b.Get(key)
			require.Equal(t, h.Needed(), ok, "round %d", round)
			if ok {
				require.Equal(t, h, got)
			}
		}
		want := slices.Collect(maps.Values(model))
		slices.SortFunc(want, func(a, b merge.Holding) int { return strings.Compare(a.Key, b.Key) })
		require.Equal(t, len(want), b.Len())
		if len(want) == 0 {
			require.Empty(t, b.Holdings())
			continue
		}
		require.Equal(t, want, b.Holdings(), "round %d", round)
		var shared []merge.Holding
		for _, h := range want {
			if h.Shared() {
				shared = append(shared, h)
			}
		}
		got := merge.SharedHoldings([]merge.HoldingBucket{b})
		slices.SortFunc(got, func(x, y merge.Holding) int { return strings.Compare(x.Key, y.Key) })
		if len(shared) == 0 {
			require.Empty(t, got, "round %d", round)
		} else {
			require.Equal(t, shared, got, "round %d: the shared holdings", round)
		}

		data, err := json.Marshal(b)
		require.NoError(t, err)
		var back merge.HoldingBucket
		require.NoError(t, json.Unmarshal(data, &back))
		require.Equal(t, b, back, "JSON round trip")

		// Bucketed places each holding in the bucket of its key.
		for _, bk := range merge.Bucketed(want) {
			for _, h := range bk.Holdings() {
				require.Equal(t, merge.BucketOf(h.Key), bk.ID)
				require.Equal(t, model[h.Key], h)
			}
		}
	}
}

func TestHoldingBucketRejectsBadJSON(t *testing.T) {
	var b merge.HoldingBucket
	require.NoError(t, json.Unmarshal([]byte(`{"ID":"001","Holdings":[{"Key":"b","Holders":[{"Variant":true}]},{"Key":"a","Holders":[{"Variant":true}]}]}`), &b), "keys out of order")
	assert.Equal(t, []string{"a", "b"}, []string{b.Holdings()[0].Key, b.Holdings()[1].Key})

	for name, data := range map[string]string{
		"Twice":        `{"ID":"001","Holdings":[{"Key":"a","Holders":[{"Variant":true}]},{"Key":"a","Holders":[{"Variant":true}]}]}`,
		"HolderTwice":  `{"ID":"001","Holdings":[{"Key":"a","Holders":[{"Variant":true},{"Variant":false}]}]}`,
		"NotAnObject":  `[]`,
		"BadContactID": `{"ID":"001","Holdings":[{"Key":"a","Holders":[{"Contact":"nope","Variant":true}]}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			var b merge.HoldingBucket
			assert.Error(t, json.Unmarshal([]byte(data), &b))
		})
	}
}

// TestBucketOfIsStable: bucket IDs are stored; they must never change.
func TestBucketOfIsStable(t *testing.T) {
	for key, want := range map[string]string{
		"":                     "dc5",
		"email:ann@gmail.com":  "283",
		"email:bob@example.fr": "8a6",
	} {
		got := merge.BucketOf(key)
		assert.Equal(t, want, got, key)
		assert.Len(t, got, 3)
	}
}

// TestBucketOfIsFNV1a: BucketOf hashes as hash/fnv's 32-bit FNV-1a does.
func TestBucketOfIsFNV1a(t *testing.T) {
	for i := range 2000 {
		key := fmt.Sprintf("email:ann.lee%d@example.com", i*7919)
		if i%3 == 0 {
			key = strings.Repeat("é", i%40) + key
		}
		h := fnv.New32a()
		h.Write([]byte(key))
		b := h.Sum32() % merge.Buckets
		want := fmt.Sprintf("%03x", b)
		require.Equal(t, want, merge.BucketOf(key), key)
	}
}

// TestSharedHoldings: only the holdings held by more than one contact.
func TestSharedHoldings(t *testing.T) {
	one := merge.Holding{Key: "email:a@x.com", Holders: []merge.Holder{{Contact: contact.ID{1}, Variant: true}}}
	two := merge.Holding{Key: "email:b@x.com", Holders: []merge.Holder{{Contact: contact.ID{1}, Variant: true}, {Contact: contact.ID{2}}}}
	three := merge.Holding{Key: "email:c@x.com", Holders: []merge.Holder{{Contact: contact.ID{3}}, {Contact: contact.ID{1}, Variant: true}, {Contact: contact.ID{2}, Variant: true}}}
	got := merge.SharedHoldings(merge.Bucketed([]merge.Holding{one, two, three}))
	slices.SortFunc(got, func(a, b merge.Holding) int { return strings.Compare(a.Key, b.Key) })
	assert.Equal(t, []merge.Holding{two, three}, got)
}

// FuzzHoldingBucketJSON: any JSON decodes to a bucket or an error, never a
// panic, and a bucket decoded encodes and decodes back to itself.
func FuzzHoldingBucketJSON(f *testing.F) {
	for _, s := range []string{
		`{"ID":"001","Version":3,"Holdings":[{"Key":"email:a@x.com","Holders":[{"Contact":"00000000-0000-7000-8000-000000000001","Variant":true}]}]}`,
		`{"ID":"001","Holdings":[{"Key":"b","Holders":[{"Variant":true},{"Variant":false}]}]}`,
		`{"Holdings":[{"Key":"\xff","Holders":[{"Variant":true}]}]}`, `{}`, `null`, `[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var b merge.HoldingBucket
		if json.Unmarshal(data, &b) != nil {
			return
		}
		out, err := json.Marshal(b)
		require.NoError(t, err)
		var back merge.HoldingBucket
		require.NoError(t, json.Unmarshal(out, &back), "%s", out)
		require.Equal(t, b.Holdings(), back.Holdings())
	})
}
