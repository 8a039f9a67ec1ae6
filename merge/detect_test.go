package merge_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
)

// population returns n entries of which about a tenth are in duplicate
// groups (pairs and triples sharing an email or a phone), in random order,
// each with two keys.
func population(n int, seed uint64) []merge.Entry {
	r := rand.New(rand.NewPCG(seed, 1))
	out := make([]merge.Entry, 0, n)
	for len(out) < n {
		i := len(out)
		id := contact.ID{}
		id[0], id[1], id[2], id[3] = byte(i>>24), byte(i>>16), byte(i>>8), byte(i)
		id[8] = byte(r.IntN(256))
		e := merge.Entry{ID: id, Keys: []string{fmt.Sprintf("email:person%d@example.com", i), fmt.Sprintf("phone:+3361%07d", i)}}
		out = append(out, e)
		if r.IntN(100) < 5 && len(out)+1 < n { // a pair or a triple: about 10 % of the entries
			for k := range 1 + r.IntN(2) {
				d := merge.Entry{ID: contact.ID{byte(k + 1), byte(i >> 16), byte(i >> 8), byte(i)}}
				d.ID[8] = 0xff
				if r.IntN(2) == 0 {
					d.Keys = []string{e.Keys[0], fmt.Sprintf("phone:+3362%07d%d", i, k)}
				} else {
					d.Keys = []string{fmt.Sprintf("email:dup%d.%d@example.com", i, k), e.Keys[1]}
				}
				out = append(out, d)
			}
		}
	}
	out = out[:n]
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	// The keys as the Service makes them (EntryOf, contact after contact
	// in the order listed): allocated in the order of the entries.
	for i := range out {
		keys := make([]string, len(out[i].Keys))
		for j, k := range out[i].Keys {
			keys[j] = strings.Clone(k)
		}
		out[i].Keys = keys
	}
	return out
}

// reference is the plain approach, and the definition Detect must meet: a
// map of slices from key to holders, every undismissed pair of holders of a
// key that is not a placeholder an edge, and the groups the connected
// components, walked with a stack.
func reference(entries []merge.Entry, opts *merge.DetectOptions) merge.Result {
	limit := merge.DefaultLimit
	var dismissed func(a, b contact.ID, key string) bool
	if opts != nil {
		if opts.Limit > 0 {
			limit = opts.Limit
		}
		dismissed = opts.Dismissed
	}
	holders := map[string][]int{}
	for i, e := range entries {
		for _, k := range e.Keys {
			if hs := holders[k]; len(hs) == 0 || hs[len(hs)-1] != i {
				holders[k] = append(hs, i)
			}
		}
	}
	var out merge.Result
	edges := map[int][]int{}
	joins := map[string][]int{} // key → the holders it joins
	for k, hs := range holders {
		if len(hs) < 2 {
			continue
		}
		if len(hs) > limit {
			out.Placeholders = append(out.Placeholders, merge.Reason{Key: k, Contacts: idsOf(entries, hs)})
			continue
		}
		in := map[int]bool{}
		for x := range hs {
			for y := range x {
				if dismissed != nil && dismissed(entries[hs[y]].ID, entries[hs[x]].ID, k) {
					continue
				}
				edges[hs[x]] = append(edges[hs[x]], hs[y])
				edges[hs[y]] = append(edges[hs[y]], hs[x])
				in[hs[x]], in[hs[y]] = true, true
			}
		}
		for _, h := range hs {
			if in[h] {
				joins[k] = append(joins[k], h)
			}
		}
	}
	slices.SortFunc(out.Placeholders, func(a, b merge.Reason) int { return strings.Compare(a.Key, b.Key) })
	groupOf := map[int]int{}
	for i := range entries {
		if _, ok := groupOf[i]; ok || len(edges[i]) == 0 {
			continue
		}
		g := len(out.Groups)
		var members []int
		stack := []int{i}
		groupOf[i] = g
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			members = append(members, j)
			for _, h := range edges[j] {
				if _, ok := groupOf[h]; !ok {
					groupOf[h] = g
					stack = append(stack, h)
				}
			}
		}
		slices.Sort(members)
		out.Groups = append(out.Groups, merge.Group{Contacts: idsOf(entries, members)})
	}
	for k, hs := range joins {
		g := groupOf[hs[0]]
		out.Groups[g].Reasons = append(out.Groups[g].Reasons, merge.Reason{Key: k, Contacts: idsOf(entries, hs)})
	}
	for _, g := range out.Groups {
		slices.SortFunc(g.Reasons, func(a, b merge.Reason) int { return strings.Compare(a.Key, b.Key) })
	}
	return out
}

func idsOf(entries []merge.Entry, hs []int) []contact.ID {
	out := make([]contact.ID, len(hs))
	for j, i := range hs {
		out[j] = entries[i].ID
	}
	return out
}

// workspace returns random entries drawn from a small pool of keys, so
// that keys are shared often, by few or many, and random dismissals.
func workspace(r *rand.Rand) ([]merge.Entry, *merge.DetectOptions) {
	n := r.IntN(60)
	pool := 1 + r.IntN(2*n+1)
	entries := make([]merge.Entry, n)
	for i := range entries {
		entries[i].ID = contact.ID{byte(i), byte(r.IntN(256)), 7}
		for range r.IntN(4) {
			entries[i].Keys = append(entries[i].Keys, fmt.Sprintf("email:k%d@example.com", r.IntN(pool)))
		}
	}
	opts := &merge.DetectOptions{Limit: r.IntN(8)}
	if r.IntN(2) == 0 {
		ds := merge.Dismissals{}
		for range r.IntN(3*n + 1) {
			a, b := entries[r.IntN(n)].ID, entries[r.IntN(n)].ID
			ds.Add(merge.NewDismissal(a, b, []string{fmt.Sprintf("email:k%d@example.com", r.IntN(pool))}, time.Time{}, ""))
		}
		opts.Dismissed = ds.Has
	}
	return entries, opts
}

// TestDetectAgreesWithTheReference: Detect gives exactly the answer of the
// plain map-of-slices approach (groups, their order, reasons, placeholders)
// on random workspaces, with its own hash and with hashes that collide.
func TestDetectAgreesWithTheReference(t *testing.T) {
	hashes := map[string]func(string) uint64{
		// Every key the same hash: every check falls to the keys.
		"AllCollide": func(string) uint64 { return 0x9e3779b97f4a7c15 },
		// Keys of the same length collide.
		"LengthCollides": func(k string) uint64 { return uint64(len(k)) << 40 },
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		entries, opts := workspace(r)
		want := reference(entries, opts)
		require.Equal(t, want, merge.Detect(entries, opts), "workspace %d: %v", i, entries)
		for name, h := range hashes {
			require.Equal(t, want, merge.DetectWithHash(entries, opts, h), "workspace %d, hash %s: %v", i, name, entries)
		}
	}
}

// TestDetectAgreesWithTheReferenceAtScale: the same on populations large
// enough for Detect to use several goroutines.
func TestDetectAgreesWithTheReferenceAtScale(t *testing.T) {
	n := 200_000
	if testing.Short() {
		n = 50_000
	}
	for seed := range uint64(2) {
		entries := population(n, seed)
		opts := &merge.DetectOptions{Limit: 2}
		want := reference(entries, opts)
		require.NotEmpty(t, want.Groups)
		require.NotEmpty(t, want.Placeholders, "the triples are placeholders at limit 2")
		require.Equal(t, want, merge.Detect(entries, opts), "seed %d", seed)
	}
}

// TestCollidingKeysNeverJoin: contacts whose keys differ but hash alike
// are not duplicates.
func TestCollidingKeysNeverJoin(t *testing.T) {
	entries := []merge.Entry{
		{ID: contact.ID{1}, Keys: []string{"email:a@example.com"}},
		{ID: contact.ID{2}, Keys: []string{"email:b@example.com"}},
		{ID: contact.ID{3}, Keys: []string{"email:c@example.com", "phone:+33612345678"}},
		{ID: contact.ID{4}, Keys: []string{"phone:+33612345678"}},
	}
	got := merge.DetectWithHash(entries, nil, func(string) uint64 { return 42 })
	require.Equal(t, merge.Result{Groups: []merge.Group{{
		Contacts: []contact.ID{{3}, {4}},
		Reasons:  []merge.Reason{{Key: "phone:+33612345678", Contacts: []contact.ID{{3}, {4}}}},
	}}}, got)
}

var sink any

// BenchmarkDetect runs duplicate detection over 1,000,000 contacts (about
// 10 % in duplicate groups): Detect from scratch ("contactkit"), the plain
// map-of-slices approach that gives the same answer ("baseline"), and
// DetectHoldings from the holdings a store keeps ("index": the shared
// keys and their holders, in memory), in one run, interleaved. B/contact
// is the memory each run allocates, per contact of the workspace.
//
//	go test -run '^$' -bench Detect -benchtime 5x .
func BenchmarkDetect(b *testing.B) {
	n := 1_000_000
	if testing.Short() {
		n = 100_000
	}
	entries := population(n, 1)
	measure := func(b *testing.B, f func()) {
		runtime.GC()
		b.ReportAllocs()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		for b.Loop() {
			f()
		}
		runtime.ReadMemStats(&m1)
		b.ReportMetric(float64(m1.TotalAlloc-m0.TotalAlloc)/float64(b.N)/float64(n), "B/contact")
	}
	holders := map[string][]merge.Holder{}
	for _, e := range entries {
		for _, k := range e.Keys {
			holders[k] = append(holders[k], merge.Holder{Contact: e.ID, Variant: len(holders[k]) > 0})
		}
	}
	var holdings []merge.Holding
	for k, hs := range holders {
		if len(hs) > 1 {
			holdings = append(holdings, merge.Holding{Key: k, Holders: hs})
		}
	}
	clear(holders)
	// Interleaved, so that the machine's drift hits all alike.
	for range 2 {
		b.Run("contactkit", func(b *testing.B) { measure(b, func() { sink = merge.Detect(entries, nil) }) })
		b.Run("baseline", func(b *testing.B) { measure(b, func() { sink = reference(entries, nil) }) })
		b.Run("index", func(b *testing.B) { measure(b, func() { sink = merge.DetectHoldings(holdings, nil) }) })
	}
}
