package contactkit_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// TestRv20ActsPinsWhilePaging: a timeline and a feed with many pinned
// activities, some at the same instant, are paged while other calls unpin
// activities, pin others and edit bodies: no activity is listed twice,
// and every activity that was not pinned while the paging ran (unpinned,
// edited or left alone) is listed exactly once, as ListTimeline and
// ListFeed promise.
func TestRv20ActsPinsWhilePaging(t *testing.T) {
	for seed := range uint64(40) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			ctx := t.Context()
			r := rand.New(rand.NewPCG(seed, 7))
			now := time.Date(2026, 3, 29, 0, 59, 0, 0, time.UTC)
			svc := contactkit.New(memstore.New(), &contactkit.Options{Now: func() time.Time { return now }})
			a := rv20ActsOwner
			c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada")}})
			if err != nil {
				t.Fatal(err)
			}
			var ids []activity.ID
			for i := range 30 {
				now = now.Add(time.Duration(r.IntN(2)) * time.Second)
				var act activity.Activity
				if r.IntN(3) == 0 {
					act, err = svc.AddMeeting(ctx, a, c.ID, contactkit.MeetingInput{Title: fmt.Sprint("m", i), OccurredAt: now.Add(time.Duration(r.IntN(5)-2) * time.Minute), Pinned: r.IntN(2) == 0})
				} else {
					act, err = svc.AddNote(ctx, a, c.ID, contactkit.NoteInput{Body: fmt.Sprint("n", i), Pinned: r.IntN(2) == 0})
				}
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, act.ID)
			}
			for _, feed := range []bool{false, true} {
				pinnedMeanwhile := map[activity.ID]bool{}
				seen := map[activity.ID]int{}
				size := 1 + r.IntN(4)
				cur := ""
				for pages := 0; ; pages++ {
					if pages > 200 {
						t.Fatal("paging does not end")
					}
					var got []activity.ID
					var next string
					if feed {
						p, err := svc.ListFeed(ctx, a, c.ID, contactkit.FeedQuery{Kinds: []contactkit.FeedKind{contactkit.FeedActivity}}, store.PageRequest{Limit: size, Cursor: cur})
						if err != nil {
							t.Fatal(err)
						}
						for _, it := range p.Items {
							got = append(got, it.Activity.ID)
						}
						next = p.Next
					} else {
						p, err := svc.ListTimeline(ctx, a, c.ID, contactkit.TimelineQuery{}, store.PageRequest{Limit: size, Cursor: cur})
						if err != nil {
							t.Fatal(err)
						}
						for _, x := range p.Items {
							got = append(got, x.ID)
						}
						next = p.Next
					}
					for _, id := range got {
						seen[id]++
					}
					if cur = next; cur == "" {
						break
					}
					for range r.IntN(3) {
						id := ids[r.IntN(len(ids))]
						g, err := svc.GetActivity(ctx, a, id)
						if err != nil {
							t.Fatal(err)
						}
						p := contactkit.ActivityPatch{Pinned: new(!g.Pinned)}
						if r.IntN(3) == 0 {
							p = contactkit.ActivityPatch{Body: new(g.Body + "+")}
						} else if !g.Pinned {
							pinnedMeanwhile[id] = true
						}
						if _, err := svc.UpdateActivity(ctx, a, id, p); err != nil {
							t.Fatal(err)
						}
					}
				}
				for _, id := range ids {
					n := seen[id]
					if n > 1 || n == 0 && !pinnedMeanwhile[id] {
						t.Fatalf("feed %v, pages of %d: %s listed %d times (pinned meanwhile: %v)", feed, size, id, n, pinnedMeanwhile[id])
					}
				}
			}
		})
	}
}
