package contactkit_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// A contact's timeline paged while another goroutine adds notes, tasks and
// calls logged in the past (which land between the pages), and deletes and
// restores activities that were not there before (H1): each activity that
// was there when the paging began is listed once, in timeline order, and
// no activity twice.
func TestRv20LifeTimelinePagingUnderConcurrentWrites(t *testing.T) {
	for seed := range uint64(8) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			ctx := t.Context()
			r := rand.New(rand.NewPCG(seed, 3))
			w := rv20LifeNew(t)
			base := w.now
			c, err := w.svc.CreateContact(ctx, rv20LifeOwner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann")}})
			require.NoError(t, err)
			for i := range 60 {
				pinned := r.IntN(8) == 0
				if r.IntN(2) == 0 {
					_, err = w.svc.AddNote(ctx, rv20LifeOwner, c.ID, contactkit.NoteInput{Body: fmt.Sprint("note ", i), Pinned: pinned})
				} else {
					_, err = w.svc.AddCall(ctx, rv20LifeOwner, c.ID, contactkit.CallInput{Direction: activity.DirectionInbound, OccurredAt: base.Add(-time.Duration(r.IntN(100)) * time.Minute), Pinned: pinned})
				}
				require.NoError(t, err)
			}
			var before []activity.ID
			for a, err := range w.svc.Timeline(ctx, rv20LifeOwner, c.ID, rv20LifeTimelineAll) {
				require.NoError(t, err)
				before = append(before, a.ID)
			}
			stop := make(chan struct{})
			var wg sync.WaitGroup
			wr := rand.New(rand.NewPCG(seed, 4))
			wg.Go(func() {
				var mine []activity.ID
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					var act activity.Activity
					var err error
					switch wr.IntN(4) {
					case 0:
						act, err = w.svc.AddNote(context.Background(), rv20LifeAgent, c.ID, contactkit.NoteInput{Body: fmt.Sprint("new ", i)})
					case 1:
						act, err = w.svc.AddCall(context.Background(), rv20LifeAgent, c.ID, contactkit.CallInput{Direction: activity.DirectionOutbound, OccurredAt: base.Add(-time.Duration(wr.IntN(100)) * time.Minute)})
					default:
						if len(mine) > 0 {
							id := mine[wr.IntN(len(mine))]
							if _, err := w.svc.DeleteActivity(context.Background(), rv20LifeAgent, id); err != nil {
								_, err = w.svc.RestoreActivity(context.Background(), rv20LifeAgent, id)
								if err != nil {
									panic(err)
								}
							}
						}
						continue
					}
					if err != nil {
						panic(err)
					}
					mine = append(mine, act.ID)
				}
			})
			seen := map[activity.ID]int{}
			var order []activity.Activity
			p := store.PageRequest{Limit: 1 + r.IntN(6)}
			for {
				page, err := w.svc.ListTimeline(ctx, rv20LifeOwner, c.ID, rv20LifeTimelineAll, p)
				require.NoError(t, err)
				for _, a := range page.Items {
					seen[a.ID]++
					order = append(order, a)
				}
				if page.Next == "" {
					break
				}
				p.Cursor = page.Next
			}
			close(stop)
			wg.Wait()
			for id, n := range seen {
				require.Equal(t, 1, n, "listed %d times: %s", n, id)
			}
			for _, id := range before {
				require.Contains(t, seen, id, "an activity that was there when the paging began")
			}
			for i := 1; i < len(order); i++ {
				require.Negative(t, activity.PositionOf(&order[i-1]).Compare(activity.PositionOf(&order[i])), "timeline order at %d", i)
			}
		})
	}
}

var rv20LifeTimelineAll = contactkit.TimelineQuery{}
