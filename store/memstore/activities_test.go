package memstore_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

func TestActivities(t *testing.T) {
	s := memstore.New()
	a := newNote(1, 1, "first call")
	write(t, s, func(tx store.Tx) error { return tx.Activities().Create(t.Context(), wsA, a) })
	check.Equal(t, int64(1), a.Version)

	getA := func(ws contact.WorkspaceID, aid activity.ID) (activity.Activity, error) {
		return readValue(t, s, func(tx store.Tx) (activity.Activity, error) { return tx.Activities().Get(t.Context(), ws, aid) })
	}
	got, err := getA(wsA, a.ID)
	must.NoError(t, err)
	check.Equal(t, *a, got)

	a.Pinned = true
	a.Body = "first call, pinned"
	write(t, s, func(tx store.Tx) error { return tx.Activities().Update(t.Context(), wsA, a) })
	check.Equal(t, int64(2), a.Version)
	got, err = getA(wsA, a.ID)
	must.NoError(t, err)
	check.Equal(t, *a, got)

	tests := []struct {
		name string
		fn   func(tx store.Tx) error
		want error
	}{
		{"Create same ID", func(tx store.Tx) error { return tx.Activities().Create(t.Context(), wsA, newNote(1, 2, "x")) }, store.ErrAlreadyExists},
		{"Create same ID in another workspace", func(tx store.Tx) error { return tx.Activities().Create(t.Context(), wsB, newNote(1, 2, "x")) }, store.ErrAlreadyExists},
		{"Create with a version", func(tx store.Tx) error {
			a := newNote(2, 1, "x")
			a.Version = 1
			return tx.Activities().Create(t.Context(), wsA, a)
		}, memstore.ErrInvalid},
		{"Create zero ID", func(tx store.Tx) error {
			a := newNote(2, 1, "x")
			a.ID = activity.ID{}
			return tx.Activities().Create(t.Context(), wsA, a)
		}, memstore.ErrInvalid},
		{"Create no contact", func(tx store.Tx) error {
			a := newNote(2, 1, "x")
			a.Contact = contact.ID{}
			return tx.Activities().Create(t.Context(), wsA, a)
		}, memstore.ErrInvalid},
		{"Create no workspace", func(tx store.Tx) error { return tx.Activities().Create(t.Context(), "", newNote(2, 1, "x")) }, memstore.ErrInvalid},
		{"Create nil", func(tx store.Tx) error { return tx.Activities().Create(t.Context(), wsA, nil) }, memstore.ErrInvalid},
		{"Update stale", func(tx store.Tx) error {
			a := newNote(1, 1, "x")
			a.Version = 1
			return tx.Activities().Update(t.Context(), wsA, a)
		}, store.ErrConflict},
		{"Update to another contact", func(tx store.Tx) error {
			a := newNote(1, 2, "x")
			a.Version = 2
			return tx.Activities().Update(t.Context(), wsA, a)
		}, memstore.ErrInvalid},
		{"Update missing", func(tx store.Tx) error {
			a := newNote(9, 1, "x")
			a.Version = 1
			return tx.Activities().Update(t.Context(), wsA, a)
		}, store.ErrNotFound},
		{"Update other workspace", func(tx store.Tx) error {
			a := newNote(1, 1, "x")
			a.Version = 2
			return tx.Activities().Update(t.Context(), wsB, a)
		}, store.ErrNotFound},
		{"Update nil", func(tx store.Tx) error { return tx.Activities().Update(t.Context(), wsA, nil) }, memstore.ErrInvalid},
		{"Get missing", func(tx store.Tx) error { _, err := tx.Activities().Get(t.Context(), wsA, activityID(9)); return err }, store.ErrNotFound},
		{"Get other workspace", func(tx store.Tx) error { _, err := tx.Activities().Get(t.Context(), wsB, a.ID); return err }, store.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			must.ErrorIs(t, s.Update(t.Context(), tt.fn), tt.want)
		})
	}
	got, err = getA(wsA, a.ID)
	must.NoError(t, err)
	check.Equal(t, *a, got, "a failed write changed the activity")
	check.Equal(t, []activity.ID{a.ID}, timeline(t, s, wsA, id(1), activity.Filter{}, 10), "a failed write moved the activity")
	check.Empty(t, timeline(t, s, wsA, id(2), activity.Filter{}, 10), "a failed write moved the activity")
}

// timeline pages through the timeline of contact c with pages of size
// items and returns the IDs listed.
func timeline(t testing.TB, s *memstore.Store, ws contact.WorkspaceID, c contact.ID, f activity.Filter, size int) []activity.ID {
	t.Helper()
	got := all(t, s, size, func(tx store.Tx, p store.PageRequest) (store.Page[activity.Activity], error) {
		return tx.Activities().Timeline(t.Context(), ws, c, f, p)
	})
	return keys(got, func(a activity.Activity) activity.ID { return a.ID })
}

func TestActivitiesTimeline(t *testing.T) {
	s := memstore.New()
	const n = 150
	r := rand.New(rand.NewPCG(11, 12))
	var mine []activity.Activity
	write(t, s, func(tx store.Tx) error {
		for _, i := range r.Perm(n) {
			var a *activity.Activity
			if i%4 == 0 {
				a = &activity.Activity{ID: activityID(i + 1), Contact: id(1), Kind: activity.KindTask, Author: "u2",
					Title: fmt.Sprint("Call back ", i)}
			} else {
				a = newNote(i+1, 1, fmt.Sprint("Note number ", i))
			}
			// Few distinct times, so that many activities tie on CreatedAt
			// and are ordered by ID.
			a.CreatedAt = t0.Add(time.Duration(r.IntN(10)) * time.Hour)
			a.Pinned = r.IntN(6) == 0
			if i%10 == 0 {
				a.Contact = id(2)
			}
			must.NoError(t, tx.Activities().Create(t.Context(), wsA, a))
			if a.Contact == id(1) {
				mine = append(mine, *a)
			}
		}
		// The same contact ID in another workspace has its own timeline.
		return tx.Activities().Create(t.Context(), wsB, newNote(n+1, 1, "elsewhere"))
	})
	want := func(f activity.Filter) []activity.ID {
		sorted := slices.Clone(mine)
		activity.Sort(sorted)
		var out []activity.ID
		for i := range sorted {
			if f.Matches(&sorted[i]) {
				out = append(out, sorted[i].ID)
			}
		}
		return out
	}
	tests := []struct {
		name string
		f    activity.Filter
	}{
		{"all", activity.Filter{}},
		{"tasks", activity.Filter{Kinds: []activity.Kind{activity.KindTask}}},
		{"author", activity.Filter{Author: "u1"}},
		{"text", activity.Filter{Text: contact.FoldQuery("NUMBER 1")}},
		{"nothing", activity.Filter{Author: "nobody"}},
	}
	for _, tt := range tests {
		for _, size := range []int{0, 1, 7, n, 5000} {
			t.Run(fmt.Sprintf("%s/size %d", tt.name, size), func(t *testing.T) {
				check.Equal(t, want(tt.f), timeline(t, s, wsA, id(1), tt.f, size))
			})
		}
	}
	check.Equal(t, []activity.ID{activityID(n + 1)}, timeline(t, s, wsB, id(1), activity.Filter{}, 10), "the timeline of another workspace")
	check.Empty(t, timeline(t, s, wsA, id(3), activity.Filter{}, 10), "a contact without activities")
}

func TestActivitiesTimelineWhileWriting(t *testing.T) {
	// Activities pinned, created and unpinned between pages do not make the
	// others repeat or vanish.
	s := memstore.New()
	var want []activity.ID
	moving := make(map[activity.ID]bool)
	write(t, s, func(tx store.Tx) error {
		for i := 1; i <= 30; i++ {
			if i%5 == 0 {
				moving[activityID(i)] = true
			}
			must.NoError(t, tx.Activities().Create(t.Context(), wsA, newNote(i, 1, "x")))
		}
		return nil
	})
	for i := 30; i >= 1; i-- {
		if i%5 != 0 { // the ones that move are left out
			want = append(want, activityID(i))
		}
	}
	var got []activity.ID
	p := store.PageRequest{Limit: 4}
	for step := 0; ; step++ {
		var page store.Page[activity.Activity]
		must.NoError(t, read(t, s, func(tx store.Tx) error {
			var err error
			page, err = tx.Activities().Timeline(t.Context(), wsA, id(1), activity.Filter{}, p)
			return err
		}))
		for _, a := range page.Items {
			if a.ID.Compare(activityID(30)) <= 0 && !moving[a.ID] {
				got = append(got, a.ID)
			}
		}
		if page.Next == "" {
			break
		}
		p.Cursor = page.Next
		write(t, s, func(tx store.Tx) error {
			a, err := tx.Activities().Get(t.Context(), wsA, activityID(5*(step%6+1)))
			must.NoError(t, err)
			a.Pinned = !a.Pinned
			must.NoError(t, tx.Activities().Update(t.Context(), wsA, &a))
			return tx.Activities().Create(t.Context(), wsA, newNote(100+step, 1, "new"))
		})
	}
	check.Equal(t, want, got)
}
