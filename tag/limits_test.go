package tag_test

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/contactkit/contactkit/tag"
)

// typed returns typed input of n distinct names joined by sep.
func typed(n int, sep string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("tag %d", i)
	}
	return strings.Join(parts, sep)
}

func TestParseLimits(t *testing.T) {
	tests := []struct {
		name  string
		lim   tag.Limits
		input []string
		limit string // "" when accepted
		got   int
	}{
		{"at the default count", tag.Limits{}, []string{typed(tag.MaxPerCall, ",")}, "", 0},
		{"over the default count", tag.Limits{}, []string{typed(tag.MaxPerCall+1, ",")}, tag.LimitPerCall, tag.MaxPerCall + 1},
		{"count across strings", tag.Limits{}, []string{typed(60, ","), typed(60, "\n")}, tag.LimitPerCall, 120},
		{"duplicates count", tag.Limits{PerCall: 3}, []string{"a,a,a,a"}, tag.LimitPerCall, 4},
		{"blank parts do not count", tag.Limits{PerCall: 2}, []string{" , a,\t,\n b , ,"}, "", 0},
		{"10,000 names", tag.Limits{}, []string{typed(10000, ",")}, tag.LimitInputLen, len(typed(10000, ","))},
		{"10,000 names within the bytes", tag.Limits{InputLen: 1 << 20}, []string{typed(10000, ",")}, tag.LimitPerCall, 10000},
		{"a megabyte", tag.Limits{}, []string{strings.Repeat("x", 1<<20)}, tag.LimitInputLen, 1 << 20},
		{"bytes across strings", tag.Limits{InputLen: 10}, []string{"abcdef", "ghijk"}, tag.LimitInputLen, 11},
		{"raised limits", tag.Limits{PerCall: 20000, InputLen: 1 << 20}, []string{typed(10000, ",")}, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			names, err := tt.lim.Parse(tt.input...)
			if tt.limit == "" {
				if err != nil {
					t.Fatalf("Parse error %v, want none", err)
				}
				return
			}
			le, ok := errors.AsType[*tag.LimitError](err)
			if !ok || !errors.Is(err, tag.ErrTooMany) {
				t.Fatalf("Parse error %v, want a *LimitError wrapping ErrTooMany", err)
			}
			if le.Limit != tt.limit || le.Got != tt.got {
				t.Errorf("LimitError{Limit: %q, Got: %d}, want {%q, %d}", le.Limit, le.Got, tt.limit, tt.got)
			}
			if names != nil {
				t.Errorf("Parse returned %d names with a limit error, want none", len(names))
			}
			if len(err.Error()) > 100 {
				t.Errorf("error message of %d bytes: %s", len(err.Error()), err)
			}
		})
	}
}

// TestParseRefusesTenThousandFast checks that typed input of 10,000 names
// is refused before any name is parsed: by counting allocations, not by
// timing. Parsing the names would allocate at least one string per name.
func TestParseRefusesTenThousandFast(t *testing.T) {
	in := typed(10000, ",")
	lim := tag.Limits{InputLen: len(in)} // so the count is what refuses it
	allocs := testing.AllocsPerRun(10, func() {
		if _, err := lim.Parse(in); !errors.Is(err, tag.ErrTooMany) {
			t.Fatalf("Parse of 10,000 names: %v, want ErrTooMany", err)
		}
	})
	if allocs > 5 {
		t.Errorf("refusing 10,000 names allocates %v times: the names were parsed", allocs)
	}
	for _, in := range []string{in, strings.Repeat(",", 1<<20), strings.Repeat("a,", 1<<19)} {
		if n := allocated(func() { _, _ = tag.Parse(in) }); n > 4<<10 {
			t.Errorf("refusing %d bytes allocates %d bytes", len(in), n)
		}
	}
}

func TestParseNameLong(t *testing.T) {
	for _, in := range []string{strings.Repeat("x", 1<<20), strings.Repeat(" ", 1<<20) + "x", strings.Repeat("\u200b", 1<<18) + "x"} {
		_, err := tag.ParseName(in)
		if !errors.Is(err, tag.ErrTooLong) || !errors.Is(err, tag.ErrInvalidName) {
			t.Errorf("ParseName(%d bytes) error %v, want ErrTooLong", len(in), err)
		}
		if err != nil && len(err.Error()) > 300 {
			t.Errorf("ParseName(%d bytes) error message of %d bytes", len(in), len(err.Error()))
		}
	}
}

// TestParseErrorMessagesShort checks that the joined errors of invalid parts
// stay short: each part is quoted by a prefix, and their number is capped.
func TestParseErrorMessagesShort(t *testing.T) {
	part := strings.Repeat("é", tag.MaxNameLength+1)
	in := strings.Repeat(part+",", tag.MaxPerCall-1) + part
	_, err := tag.Parse(in)
	if !errors.Is(err, tag.ErrTooLong) {
		t.Fatalf("Parse error %v, want ErrTooLong", err)
	}
	if max := tag.MaxPerCall * 200; len(err.Error()) > max {
		t.Errorf("error message of %d bytes for %d parts, want at most %d", len(err.Error()), tag.MaxPerCall, max)
	}
}

func TestAddWithin(t *testing.T) {
	s := tag.NewSet(names("a", "b")...)
	got, added, err := s.AddWithin(4, names("B", "c", "d")...)
	if err != nil || !slices.Equal(spellings(got), []string{"a", "b", "c", "d"}) || !slices.Equal(spellings(added), []string{"c", "d"}) {
		t.Errorf("AddWithin(4) = %q, %q, %v; want a b c d, added c d", spellings(got), spellings(added), err)
	}
	got, added, err = s.AddWithin(3, names("c", "d")...)
	le, ok := errors.AsType[*tag.LimitError](err)
	if !ok || le.Limit != tag.LimitPerContact || le.Max != 3 || le.Got != 4 || !errors.Is(err, tag.ErrTooMany) {
		t.Errorf("AddWithin(3) error %v, want a *LimitError per contact, 4 of 3", err)
	}
	if !slices.Equal(got, s) || added != nil {
		t.Errorf("AddWithin(3) over the limit = %q, %q; want the set unchanged", spellings(got), spellings(added))
	}
	full := tag.NewSet(mustParse(t, tag.Limits{PerCall: 1000}, typed(tag.MaxPerContact, ","))...)
	if _, _, err := full.AddWithin(0, names("one more")...); !errors.Is(err, tag.ErrTooMany) {
		t.Errorf("AddWithin(0) to a set of MaxPerContact: %v, want ErrTooMany", err)
	}
	if got, added, err := full.AddWithin(0, names("tag 1")...); err != nil || added != nil || len(got) != tag.MaxPerContact {
		t.Errorf("AddWithin of a held name to a full set = %d names, %q, %v; want no change and no error", len(got), spellings(added), err)
	}
}

func TestMissing(t *testing.T) {
	s := tag.NewSet(names("VIP", "lead")...)
	got := s.Missing(append(names("vip", "new", "NEW", "other", "LEAD"), tag.Name{})...)
	if want := []string{"new", "other"}; !slices.Equal(spellings(got), want) {
		t.Errorf("Missing = %q, want %q", spellings(got), want)
	}
	if got := s.Missing(names("Vip")...); got != nil {
		t.Errorf("Missing of a held name = %q, want nil", spellings(got))
	}
	// A large set and many names: the map path.
	big := tag.NewSet(mustParse(t, tag.Limits{PerCall: 1000, InputLen: 1 << 20}, typed(500, ","))...)
	more := mustParse(t, tag.Limits{PerCall: 1000, InputLen: 1 << 20}, typed(600, ","))
	if got := big.Missing(more...); len(got) != 100 || got[0].String() != "tag 500" {
		t.Errorf("Missing of 600 names from 500 = %d names starting %q, want 100 from \"tag 500\"", len(got), got[0])
	}
}

// BenchmarkTagGrowth parses typed input of 1,000 and of 10,000 names and
// adds them to a set of as many, interleaved, and reports the median of the
// per-iteration time ratios 10k/1k as "ratio": about 10 when the work is
// linear in the number of tags, about 100 when it is quadratic.
func BenchmarkTagGrowth(b *testing.B) {
	lim := tag.Limits{PerCall: 1 << 20, InputLen: 1 << 30}
	type input struct {
		typed string
		set   tag.Set
	}
	mk := func(n int) input {
		held := make([]string, n)
		for i := range held {
			held[i] = fmt.Sprintf("held %d", i)
		}
		names, err := lim.Parse(strings.Join(held, ","))
		if err != nil {
			b.Fatal(err)
		}
		return input{typed(n, ","), tag.NewSet(names...)}
	}
	small, large := mk(1000), mk(10000)
	run := func(in input) time.Duration {
		start := time.Now()
		names, err := lim.Parse(in.typed)
		if err != nil {
			b.Fatal(err)
		}
		missing := in.set.Missing(names...)
		if s, _ := in.set.Add(missing...); len(s) != 2*len(in.set) {
			b.Fatalf("Add gave %d names", len(s))
		}
		return time.Since(start)
	}
	var ratios []float64
	for b.Loop() {
		a := run(small)
		c := run(large)
		ratios = append(ratios, float64(c)/float64(a))
	}
	sort.Float64s(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "ratio")
}

func mustParse(t *testing.T, lim tag.Limits, s string) []tag.Name {
	t.Helper()
	names, err := lim.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// allocated returns the bytes of heap that f allocates. A parser that
// refuses an input before reading it allocates a few hundred bytes for its
// error; one that copies or normalises the input allocates its size.
// allocated returns the bytes f allocates: the fewest of three runs, since
// the count is of the whole process and a test running in parallel may add
// to one.
func allocated(f func()) uint64 {
	least := uint64(math.MaxUint64)
	for range 3 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		least = min(least, after.TotalAlloc-before.TotalAlloc)
	}
	return least
}

// FuzzLimitsParse checks Limits.Parse over two strings with small limits:
// never a panic, never more names than the limit, a *LimitError exactly
// when the input is over a limit, and the same names as Parse of the two
// strings joined when it is not.
func FuzzLimitsParse(f *testing.F) {
	for _, s := range [][2]string{{"a,b", "B,c"}, {"", ""}, {"a\tb\nc", "d,e,f"}, {"x,,,", " , "}, {"\u200b,vip", "VIP\u202e"}} {
		f.Add(s[0], s[1])
	}
	lim := tag.Limits{PerCall: 4, InputLen: 64}
	f.Fuzz(func(t *testing.T, a, b string) {
		names, err := lim.Parse(a, b)
		if le, ok := errors.AsType[*tag.LimitError](err); ok {
			if names != nil || (le.Limit == tag.LimitInputLen) != (len(a)+len(b) > lim.InputLen) {
				t.Fatalf("Parse(%q, %q) = %q, %v", a, b, spellings(names), err)
			}
			return
		}
		if len(a)+len(b) > lim.InputLen || len(names) > lim.PerCall {
			t.Fatalf("Parse(%q, %q) = %q, %v; want a LimitError", a, b, spellings(names), err)
		}
		joined, jerr := tag.Limits{PerCall: 8, InputLen: 200}.Parse(a + "," + b)
		if !slices.Equal(joined, names) || (jerr == nil) != (err == nil) {
			t.Fatalf("Parse(%q, %q) = %q, %v; Parse of them joined = %q, %v", a, b, spellings(names), err, spellings(joined), jerr)
		}
	})
}
