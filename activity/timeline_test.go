package activity_test

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
)

func ids(as []activity.Activity) []activity.ID {
	out := make([]activity.ID, len(as))
	for i := range as {
		out[i] = as[i].ID
	}
	return out
}

func TestTimelineOrder(t *testing.T) {
	at := func(a activity.Activity, hours int, pinned bool) activity.Activity {
		a.CreatedAt = t0.Add(time.Duration(hours) * time.Hour)
		a.Pinned = pinned
		return a
	}
	tests := []struct {
		name string
		in   []activity.Activity
		want []activity.ID
	}{
		{"newest first", []activity.Activity{at(note(1, "a"), 1, false), at(note(2, "b"), 3, false), at(task(3, "c", ""), 2, false)},
			[]activity.ID{id(2), id(3), id(1)}},
		{"pinned on top", []activity.Activity{at(note(1, "a"), 1, true), at(note(2, "b"), 3, false), at(note(3, "c"), 2, false)},
			[]activity.ID{id(1), id(2), id(3)}},
		{"pinned newest first", []activity.Activity{at(note(1, "a"), 1, true), at(note(2, "b"), 3, false), at(task(3, "c", ""), 2, true)},
			[]activity.ID{id(3), id(1), id(2)}},
		{"same time: ID descending", []activity.Activity{at(note(1, "a"), 1, false), at(note(3, "b"), 1, false), at(note(2, "c"), 1, false)},
			[]activity.ID{id(3), id(2), id(1)}},
		{"pin beats time and ID", []activity.Activity{at(note(9, "a"), 9, false), at(note(1, "b"), 0, true)},
			[]activity.ID{id(1), id(9)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := slices.Clone(tt.in)
			activity.Sort(got)
			assert.Equal(t, tt.want, ids(got))
			for i := range len(got) - 1 {
				assert.True(t, activity.Less(&got[i], &got[i+1]), "Less(%d, %d)", i, i+1)
				assert.False(t, activity.Less(&got[i+1], &got[i]), "Less(%d, %d)", i+1, i)
			}
		})
	}
}

func TestCompareInstants(t *testing.T) {
	a, b := note(1, "a"), note(2, "b")
	b.CreatedAt = a.CreatedAt.In(time.FixedZone("CET", 3600))
	assert.Positive(t, activity.Compare(&a, &b), "same instant in another zone: ID decides")
	assert.Zero(t, activity.Compare(&a, &a))
}

// TestCompareTotalOrder checks on random activities that Compare is
// antisymmetric, transitive and 0 only for equal positions.
func TestCompareTotalOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	as := make([]activity.Activity, 60)
	for i := range as {
		as[i] = note(byte(rng.IntN(8)), "x")
		as[i].Pinned = rng.IntN(3) == 0
		as[i].CreatedAt = t0.Add(time.Duration(rng.IntN(4)) * time.Hour)
	}
	for i := range as {
		for j := range as {
			a, b := &as[i], &as[j]
			c := activity.Compare(a, b)
			require.Equal(t, -c, activity.Compare(b, a), "antisymmetry %d %d", i, j)
			require.Equal(t, c == 0, activity.PositionOf(a) == activity.PositionOf(b), "zero only for equal positions %d %d", i, j)
			for k := range as {
				if c < 0 && activity.Compare(b, &as[k]) < 0 {
					require.Negative(t, activity.Compare(a, &as[k]), "transitivity %d %d %d", i, j, k)
				}
			}
		}
	}
}

// TestKeysetPaging pages a timeline with Position and After and checks the
// pages put together are the sorted timeline.
func TestKeysetPaging(t *testing.T) {
	var all []activity.Activity
	for i := range 23 {
		a := note(byte(i+1), "x")
		a.CreatedAt = t0.Add(time.Duration(i%5) * time.Hour)
		a.Pinned = i%7 == 0
		all = append(all, a)
	}
	sorted := slices.Clone(all)
	activity.Sort(sorted)

	var paged []activity.Activity
	var cursor *activity.Position
	for {
		var page []activity.Activity
		for _, a := range sorted { // a store would scan its index from the cursor
			if cursor == nil || activity.After(*cursor, &a) {
				page = append(page, a)
			}
			if len(page) == 4 {
				break
			}
		}
		if len(page) == 0 {
			break
		}
		paged = append(paged, page...)
		p := activity.PositionOf(&page[len(page)-1])
		cursor = &p
	}
	assert.Equal(t, ids(sorted), ids(paged))
	first := activity.PositionOf(&sorted[0])
	assert.False(t, activity.After(first, &sorted[0]), "After is strict")
}

func TestFilter(t *testing.T) {
	n1 := note(1, "Met at the fair")
	n2 := note(2, "Wants a discount")
	n2.Author = "eve"
	t1 := task(3, "Send the Quote", "Prices for 200 seats,\nshipping to Zürich")
	t2 := task(4, "Call back", "")
	t2.Author = "eve"
	all := []activity.Activity{n1, n2, t1, t2}

	tests := []struct {
		name   string
		filter activity.Filter
		want   []activity.ID
	}{
		{"zero filter keeps all", activity.Filter{}, []activity.ID{id(1), id(2), id(3), id(4)}},
		{"notes", activity.Filter{Kinds: []activity.Kind{activity.KindNote}}, []activity.ID{id(1), id(2)}},
		{"tasks", activity.Filter{Kinds: []activity.Kind{activity.KindTask}}, []activity.ID{id(3), id(4)}},
		{"both kinds", activity.Filter{Kinds: []activity.Kind{activity.KindTask, activity.KindNote}}, []activity.ID{id(1), id(2), id(3), id(4)}},
		{"author", activity.Filter{Author: "eve"}, []activity.ID{id(2), id(4)}},
		{"author and kind", activity.Filter{Author: "eve", Kinds: []activity.Kind{activity.KindTask}}, []activity.ID{id(4)}},
		{"unknown author", activity.Filter{Author: "zed"}, nil},
		{"word in task title", activity.Filter{Text: contact.FoldQuery("QUOTE")}, []activity.ID{id(3)}},
		{"word in task description", activity.Filter{Text: contact.FoldQuery("seats")}, []activity.ID{id(3)}},
		{"across a line break of the description", activity.Filter{Text: contact.FoldQuery("seats, shipping")}, []activity.ID{id(3)}},
		{"folded accents and case", activity.Filter{Text: contact.FoldQuery("ZÜRICH")}, []activity.ID{id(3)}},
		{"word in note body", activity.Filter{Text: contact.FoldQuery("discount")}, []activity.ID{id(2)}},
		{"in several", activity.Filter{Text: contact.FoldQuery("a")}, []activity.ID{id(1), id(2), id(3), id(4)}},
		{"words in title and description", activity.Filter{Text: contact.FoldQuery("quote prices")}, []activity.ID{id(3)}},
		{"words in any order", activity.Filter{Text: contact.FoldQuery("zurich SEND")}, []activity.ID{id(3)}},
		{"every word must match", activity.Filter{Text: contact.FoldQuery("quote invoice")}, nil},
		{"a word never spans title and description", activity.Filter{Text: contact.FoldQuery("quoteprices")}, nil},
		{"punctuation around words dropped", activity.Filter{Text: contact.FoldQuery("(quote), «zürich»")}, []activity.ID{id(3)}},
		{"punctuation inside a word kept", activity.Filter{Text: contact.FoldQuery("seats,shipping")}, nil},
		{"punctuation alone looked for", activity.Filter{Text: contact.FoldQuery(",")}, []activity.ID{id(3)}},
		{"text and kind", activity.Filter{Text: contact.FoldQuery("the"), Kinds: []activity.Kind{activity.KindNote}}, []activity.ID{id(1)}},
		{"no match", activity.Filter{Text: contact.FoldQuery("invoice")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []activity.ID
			for i := range all {
				if tt.filter.Matches(&all[i]) {
					got = append(got, all[i].ID)
				}
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSearchText(t *testing.T) {
	n := note(1, "  Hello\n\n  WORLD  ")
	assert.Equal(t, "hello world", activity.SearchText(&n))
	tk := task(2, "Straße", "Cafe\u0301 meeting")
	assert.Equal(t, "strasse\ncafe meeting", activity.SearchText(&tk), "folded as contact search is: case and accents do not count")
	empty := task(3, "Title", "")
	assert.Equal(t, "title", activity.SearchText(&empty))
}
