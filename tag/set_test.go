package tag_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/tag"
)

func names(ss ...string) []tag.Name {
	out := make([]tag.Name, len(ss))
	for i, s := range ss {
		out[i] = tag.MustParseName(s)
	}
	return out
}

func TestNewSet(t *testing.T) {
	if s := tag.NewSet(); s != nil || s.Len() != 0 {
		t.Errorf("NewSet() = %q, want nil", spellings(s))
	}
	in := append(names("VIP", "lead", "vip", "Lead", "new"), tag.Name{})
	s := tag.NewSet(in...)
	if want := []string{"VIP", "lead", "new"}; !slices.Equal(spellings(s), want) {
		t.Errorf("NewSet(%q) = %q, want %q", spellings(in), spellings(s), want)
	}
	if want := []string{"vip", "lead", "new"}; !slices.Equal(s.Keys(), want) {
		t.Errorf("Keys() = %q, want %q", s.Keys(), want)
	}
	if s.Len() != 3 {
		t.Errorf("Len() = %d, want 3", s.Len())
	}
	in[0] = tag.MustParseName("changed")
	if s[0].String() != "VIP" {
		t.Errorf("NewSet shares memory with its arguments")
	}
}

func TestSetHasFind(t *testing.T) {
	s := tag.NewSet(names("VIP", "Café")...)
	for _, q := range []string{"vip", "VIP", "Vip", "CAFÉ", "cafe\u0301"} {
		n := tag.MustParseName(q)
		if !s.Has(n) {
			t.Errorf("Has(%q) = false, want true", q)
		}
		if got, ok := s.Find(n); !ok || got.Key() != n.Key() || (got.String() != "VIP" && got.String() != "Café") {
			t.Errorf("Find(%q) = %q, %v; want the set's spelling", q, got, ok)
		}
	}
	for _, n := range []tag.Name{tag.MustParseName("lead"), {}} {
		if s.Has(n) {
			t.Errorf("Has(%q) = true, want false", n)
		}
	}
	var empty tag.Set
	if empty.Has(tag.MustParseName("x")) {
		t.Error("the zero Set has a name")
	}
}

func TestSetAdd(t *testing.T) {
	s := tag.NewSet(names("VIP", "lead")...)
	got, added := s.Add(names("vip", "new", "NEW", "other")...)
	if want := []string{"VIP", "lead", "new", "other"}; !slices.Equal(spellings(got), want) {
		t.Errorf("Add = %q, want %q", spellings(got), want)
	}
	if want := []string{"new", "other"}; !slices.Equal(spellings(added), want) {
		t.Errorf("Add added %q, want %q", spellings(added), want)
	}
	if want := []string{"VIP", "lead"}; !slices.Equal(spellings(s), want) {
		t.Errorf("Add changed its receiver to %q", spellings(s))
	}

	same, added := s.Add(names("Vip", "LEAD")...)
	if added != nil || !slices.Equal(same, s) {
		t.Errorf("Add of existing keys = %q, added %q; want no change", spellings(same), spellings(added))
	}
	if same, added := s.Add(tag.Name{}); added != nil || !slices.Equal(same, s) {
		t.Errorf("Add of the zero Name = %q, added %q; want no change", spellings(same), spellings(added))
	}
	var zero tag.Set
	if got, added := zero.Add(names("a", "A")...); !slices.Equal(spellings(got), []string{"a"}) || len(added) != 1 {
		t.Errorf("zero Set Add = %q, %q", spellings(got), spellings(added))
	}
}

// TestSetCopiesIndependent checks that no method writes to its receiver's
// backing array, even when it has spare capacity: two copies of a Set never
// see each other's changes.
func TestSetCopiesIndependent(t *testing.T) {
	base := make(tag.Set, 0, 10)
	base = append(base, names("a", "b", "c")...)
	snapshot := slices.Clone(base[:cap(base)])

	x, _ := base.Add(tag.MustParseName("x"))
	y, _ := base.Add(tag.MustParseName("y"))
	r, _ := base.Remove(tag.MustParseName("a"))
	u := base.Union(tag.NewSet(names("z")...))
	sorted := base.Sorted()
	c := base.Clone()
	if !slices.Equal(base[:cap(base)], snapshot) {
		t.Fatalf("a method wrote to its receiver's backing array: %q, was %q", spellings(base[:cap(base)]), spellings(snapshot))
	}
	for _, tc := range []struct {
		name string
		got  tag.Set
		want []string
	}{
		{"x", x, []string{"a", "b", "c", "x"}},
		{"y", y, []string{"a", "b", "c", "y"}},
		{"remove", r, []string{"b", "c"}},
		{"union", u, []string{"a", "b", "c", "z"}},
		{"sorted", sorted, []string{"a", "b", "c"}},
		{"clone", c, []string{"a", "b", "c"}},
	} {
		if !slices.Equal(spellings(tc.got), tc.want) {
			t.Errorf("%s = %q, want %q", tc.name, spellings(tc.got), tc.want)
		}
	}
	for _, other := range []tag.Set{x, y, r, u, sorted, c} {
		if len(other) > 0 && &other[0] == &base[0] {
			t.Errorf("a result shares its receiver's backing array")
		}
	}
}

func TestSetRemove(t *testing.T) {
	s := tag.NewSet(names("VIP", "lead", "new")...)
	got, removed := s.Remove(names("NEW", "vip", "absent", "Vip")...)
	if want := []string{"lead"}; !slices.Equal(spellings(got), want) {
		t.Errorf("Remove = %q, want %q", spellings(got), want)
	}
	if want := []string{"VIP", "new"}; !slices.Equal(spellings(removed), want) {
		t.Errorf("Remove removed %q, want %q (the set's spellings, in its order)", spellings(removed), want)
	}
	if same, removed := s.Remove(names("absent")...); removed != nil || !slices.Equal(same, s) {
		t.Errorf("Remove of absent names = %q, removed %q; want no change", spellings(same), spellings(removed))
	}
	if all, _ := s.Remove(s...); all.Len() != 0 {
		t.Errorf("Remove of every name = %q, want empty", spellings(all))
	}
}

func TestSetUnionEqualSorted(t *testing.T) {
	a := tag.NewSet(names("VIP", "lead")...)
	b := tag.NewSet(names("new", "Lead", "vip")...)
	if got, want := spellings(a.Union(b)), []string{"VIP", "lead", "new"}; !slices.Equal(got, want) {
		t.Errorf("Union = %q, want %q", got, want)
	}
	if a.Equal(b) {
		t.Errorf("%q.Equal(%q) = true", spellings(a), spellings(b))
	}
	c := tag.NewSet(names("LEAD", "vip")...)
	if !a.Equal(c) || !c.Equal(a) {
		t.Errorf("%q and %q are not Equal, want Equal (keys, any order)", spellings(a), spellings(c))
	}
	var zero tag.Set
	if !zero.Equal(tag.Set{}) || zero.Equal(a) {
		t.Errorf("zero Set Equal is wrong")
	}
	byHand := tag.Set(names("a", "A", "b"))
	if !byHand.Equal(tag.NewSet(names("b", "a")...)) {
		t.Errorf("a Set built by hand with a repeated key is not Equal to its dedupe")
	}
	s := tag.NewSet(names("b", "B2", "a", "Ä", "c")...)
	if got, want := spellings(s.Sorted()), []string{"a", "b", "B2", "c", "Ä"}; !slices.Equal(got, want) {
		t.Errorf("Sorted = %q, want %q", got, want)
	}
}

// TestSetLarge checks the map-backed paths used for large sets give the
// answers of the linear ones.
func TestSetLarge(t *testing.T) {
	var in []tag.Name
	for i := range 100 {
		in = append(in, tag.MustParseName(fmt.Sprintf("Tag %d", i%60)), tag.MustParseName(fmt.Sprintf("TAG %d", i%60)))
	}
	s := tag.NewSet(in...)
	if s.Len() != 60 {
		t.Fatalf("Len() = %d, want 60", s.Len())
	}
	for i, n := range s {
		if want := fmt.Sprintf("Tag %d", i); n.String() != want {
			t.Fatalf("s[%d] = %q, want %q", i, n, want)
		}
	}
	r, removed := s.Remove(in[:40]...)
	if r.Len() != 40 || len(removed) != 20 {
		t.Errorf("Remove: %d left, %d removed; want 40, 20", r.Len(), len(removed))
	}
	if !r.Union(tag.NewSet(removed...)).Equal(s) {
		t.Errorf("Union of the remainder and the removed names is not the set")
	}
}

// TestSetAddMatchesNaive checks Add and Missing, which index the names to
// add and read the set once, against the obvious quadratic algorithm, on
// random sets and names of every size around the linear/map threshold.
func TestSetAddMatchesNaive(t *testing.T) {
	pool := make([]tag.Name, 60)
	for i := range pool {
		spelling := fmt.Sprintf("t%d", i%40) // 40 keys, some in two spellings
		if i >= 40 {
			spelling = strings.ToUpper(spelling)
		}
		pool[i] = tag.MustParseName(spelling)
	}
	naive := func(s tag.Set, names []tag.Name) []tag.Name {
		var out []tag.Name
		for _, n := range names {
			if n.IsZero() || s.Has(n) || tag.NewSet(out...).Has(n) {
				continue
			}
			out = append(out, n)
		}
		return out
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(n int) []tag.Name {
		out := make([]tag.Name, n)
		for i := range out {
			if rng.IntN(10) == 0 {
				continue // a zero Name
			}
			out[i] = pool[rng.IntN(len(pool))]
		}
		return out
	}
	for range 2000 {
		s := tag.NewSet(pick(rng.IntN(40))...)
		names := pick(rng.IntN(40))
		want := naive(s, names)
		if got := s.Missing(names...); !slices.Equal(got, want) {
			t.Fatalf("Missing(%q) of %q = %q, want %q", spellings(names), spellings(s), spellings(got), spellings(want))
		}
		got, added := s.Add(names...)
		if !slices.Equal(added, want) || !slices.Equal(got, append(slices.Clone(s), want...)) {
			t.Fatalf("Add(%q) to %q = %q, added %q; want added %q", spellings(names), spellings(s), spellings(got), spellings(added), spellings(want))
		}
	}
}
