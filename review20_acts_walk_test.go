package contactkit_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

var rv20ActsOwner = contactkit.Actor{Workspace: "rv20-acts", User: "u-owner", Role: contactkit.RoleOwner}

// rv20ActsWalk plays random calls on the activities of a few contacts,
// edits, pins, completions, moves, deletes and restores, some with stale
// versions, some retried with their idempotency keys, and checks after
// each: the activity reads back as the call returned it; its history
// chains (each change's Old is the New before it, revisions grow) and ends
// at what the activity holds; the timeline lists each live activity once,
// pinned ones first, in activity.Compare order, whatever the page size.
func rv20ActsWalk(t *testing.T, st store.Store, seed uint64) {
	ctx := t.Context()
	r := rand.New(rand.NewPCG(seed, 20))
	now := time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC)
	var mu sync.Mutex
	completed := map[activity.ID]int{}
	svc := contactkit.New(st, &contactkit.Options{Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now },
		Subscribers: []contactkit.Subscriber{func(_ context.Context, e contactkit.Event) {
			if u, ok := e.(contactkit.ActivityUpdated); ok && u.Completed {
				completed[u.Activity.ID]++
			}
		}}})
	a := rv20ActsOwner
	au, err := svc.CreateAutomation(ctx, a, automation.Automation{Name: "Follow-up", Steps: []automation.Step{{Name: "s"}}, Active: true, Reentry: automation.ReentryAllow})
	if err != nil {
		t.Fatal(err)
	}
	var cs []contact.ID
	for i := range 3 {
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(fmt.Sprint("P", i))}})
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c.ID)
	}
	zones := []string{"Europe/Paris", "America/St_Johns", "Asia/Kathmandu", "Australia/Lord_Howe", "UTC"}
	when := func() time.Time {
		loc, err := time.LoadLocation(zones[r.IntN(len(zones))])
		if err != nil {
			loc = time.UTC
		}
		return time.Date(2026, 10, 25, r.IntN(5), 30*r.IntN(2), 0, r.IntN(3)*500, loc)
	}
	var ids []activity.ID
	model := map[activity.ID]activity.Activity{} // as the last call returned it
	inputs := map[string]contactkit.TaskInput{}  // keyed task inputs, to retry
	pick := func() activity.ID { return ids[r.IntN(len(ids))] }
	for step := range 120 {
		mu.Lock()
		now = now.Add(time.Duration(r.IntN(3)) * 750 * time.Millisecond)
		mu.Unlock()
		where := fmt.Sprint("step ", step)
		var got activity.Activity
		var err error
		op := r.IntN(11)
		if len(ids) == 0 {
			op = 0
		}
		switch op {
		case 0, 1:
			in := contactkit.TaskInput{Title: fmt.Sprint("task ", step), Pinned: r.IntN(3) == 0,
				Task: activity.Task{Due: when(), Assignee: "u-owner"}, Enroll: au.ID}
			if r.IntN(2) == 0 {
				in.Key = fmt.Sprint("k", step)
				inputs[in.Key] = in
			}
			got, err = svc.AddTask(ctx, a, cs[r.IntN(len(cs))], in)
		case 2:
			got, err = svc.AddNote(ctx, a, cs[r.IntN(len(cs))], contactkit.NoteInput{Body: fmt.Sprint("note ", step), Pinned: r.IntN(2) == 0})
		case 3:
			if len(inputs) == 0 {
				continue
			}
			for k, in := range inputs { // a retry returns the task as it is now
				got, err = svc.AddTask(ctx, a, cs[0], in)
				if err == nil && got.Contact != cs[0] && model[got.ID].Contact != got.Contact {
					t.Fatalf("%s: retry of %s gives a task of %s", where, k, got.Contact)
				}
				break
			}
		case 4:
			id := pick()
			v := model[id].Version
			if v > 1 && r.IntN(3) == 0 {
				v-- // stale
			}
			got, err = svc.UpdateActivity(ctx, a, id, contactkit.ActivityPatch{Pinned: new(!model[id].Pinned), IfVersion: v})
			if v != model[id].Version && model[id].DeletedAt.IsZero() && !errors.Is(err, contactkit.ErrConflict) {
				t.Fatalf("%s: stale version %d of %d: %v", where, v, model[id].Version, err)
			}
		case 5:
			id := pick()
			got, err = svc.UpdateActivity(ctx, a, id, contactkit.ActivityPatch{Body: new(fmt.Sprint("body ", step))})
		case 6:
			id := pick()
			tk := model[id].Task
			tk.Due = when()
			got, err = svc.UpdateActivity(ctx, a, id, contactkit.ActivityPatch{Task: &tk})
		case 7:
			got, err = svc.CompleteTask(ctx, a, pick())
		case 8:
			got, err = svc.ReopenTask(ctx, a, pick())
		case 9:
			got, err = svc.MoveTask(ctx, a, pick(), cs[r.IntN(len(cs))])
		case 10:
			id := pick()
			if !model[id].DeletedAt.IsZero() {
				got, err = svc.RestoreActivity(ctx, a, id)
			} else {
				got, err = svc.DeleteActivity(ctx, a, id)
			}
		}
		if err != nil {
			if errors.Is(err, contactkit.ErrInvalidInput) && !errors.Is(err, activity.ErrNotATask) && op != 6 {
				t.Fatalf("%s (op %d): %v", where, op, err)
			}
			continue
		}
		if _, ok := model[got.ID]; !ok {
			ids = append(ids, got.ID)
		}
		model[got.ID] = got
		// Reads back as returned.
		back, err := svc.GetActivity(ctx, a, got.ID)
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		if d := activity.Diff(&got, &back); len(d) > 0 || back.Version != got.Version {
			t.Fatalf("%s: returned and read differ: %v (versions %d, %d)", where, d, got.Version, back.Version)
		}
		// The history chains and ends at what the activity holds.
		last := map[string]string{}
		var rev int64
		for c, err := range svc.ActivityHistory(ctx, a, got.ID) {
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			if c.Revision < rev {
				t.Fatalf("%s: revision %d after %d", where, c.Revision, rev)
			}
			rev = c.Revision
			if prev, ok := last[c.Field]; ok && prev != c.Old {
				t.Fatalf("%s: %s changed from %q, was %q", where, c.Field, c.Old, prev)
			}
			last[c.Field] = c.New
		}
		if rev != back.Version {
			t.Fatalf("%s: history ends at revision %d, activity at version %d", where, rev, back.Version)
		}
		now := activity.Diff(&activity.Activity{}, &back)
		for _, d := range now {
			if v, ok := last[d.Field]; ok && v != d.New {
				t.Fatalf("%s: history ends %s at %q, activity holds %q", where, d.Field, v, d.New)
			}
		}
	}
	// Completion events: one per completion.
	for _, id := range ids {
		n := 0
		for c, err := range svc.ActivityHistory(ctx, a, id) {
			if err != nil {
				t.Fatal(err)
			}
			if c.Field == activity.FieldTaskDone && c.New != "" && c.Revision > 1 {
				n++
			}
		}
		if completed[id] != n {
			t.Errorf("activity %s: %d completion events, %d completions in its history", id, completed[id], n)
		}
	}
	// The timelines, whatever the page size.
	for _, c := range cs {
		var want []activity.Activity
		for _, m := range model {
			if m.Contact == c && !m.Trashed() {
				want = append(want, m)
			}
		}
		activity.Sort(want)
		for _, size := range []int{1, 2, 7, 100} {
			var got []activity.ID
			cur := ""
			for {
				p, err := svc.ListTimeline(ctx, a, c, contactkit.TimelineQuery{}, store.PageRequest{Limit: size, Cursor: cur})
				if err != nil {
					t.Fatal(err)
				}
				for _, x := range p.Items {
					got = append(got, x.ID)
				}
				if cur = p.Next; cur == "" {
					break
				}
			}
			ws := make([]activity.ID, len(want))
			for i := range want {
				ws[i] = want[i].ID
			}
			if !slices.Equal(got, ws) {
				t.Fatalf("contact %s, pages of %d: timeline %v, want %v", c, size, got, ws)
			}
		}
	}
}

func TestRv20ActsWalk(t *testing.T) {
	for seed := range uint64(30) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) { rv20ActsWalk(t, memstore.New(), seed) })
		t.Run(fmt.Sprint("retrying", seed), func(t *testing.T) { rv20ActsWalk(t, storetest.Retrying(memstore.New()), seed) })
	}
}
