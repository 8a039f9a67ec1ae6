package contactkit_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

// rv20LifeFeedKey names a feed item: its kind, time and record.
func rv20LifeFeedKey(it contactkit.FeedItem) string {
	k := fmt.Sprintf("%s %s", it.Kind, it.At.Format(time.RFC3339Nano))
	switch {
	case it.Activity != nil:
		k += " " + it.Activity.ID.String()
	case it.Change != nil:
		k += fmt.Sprintf(" %s %q→%q", it.Change.Field, it.Change.Old, it.Change.New)
	case it.Membership != nil:
		k += " " + it.Membership.List.String()
	case it.Consent != nil:
		k += fmt.Sprintf(" %v", it.Consent.Address)
	case it.Enrollment != nil:
		k += " " + it.Enrollment.ID.String()
	case it.Merge != nil:
		k += " " + it.Merge.ID.String()
	}
	return k
}

// The feed of a contact paged while other calls add notes, change fields,
// enrol it and end its enrollments (H5): every item that was there when
// the paging began is listed exactly once, and no item twice, whatever the
// page size; the clock moves by whole seconds, or not at all, so items
// share their time.
func TestRv20LifeFeedPagingUnderWrites(t *testing.T) {
	for seed := range uint64(25) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			ctx := t.Context()
			r := rand.New(rand.NewPCG(seed, 5))
			w := rv20LifeNew(t)
			tick := func() { w.now = w.now.Add(time.Duration(r.IntN(2)) * time.Second) }
			au, err := w.svc.CreateAutomation(ctx, rv20LifeOwner, automation.Automation{Name: "A", Steps: []automation.Step{{Name: "s"}}, Active: true, Reentry: automation.ReentryAllow})
			require.NoError(t, err)
			l, err := w.svc.CreateList(ctx, rv20LifeOwner, list.List{Name: "News"})
			require.NoError(t, err)
			c, err := w.svc.CreateContact(ctx, rv20LifeOwner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com")}})
			require.NoError(t, err)
			_, err = w.svc.AddToList(ctx, rv20LifeOwner, l.ID, c.ID)
			require.NoError(t, err)
			write := func(i int) {
				tick()
				var err error
				switch r.IntN(4) {
				case 0:
					_, err = w.svc.AddNote(ctx, []contactkit.Actor{rv20LifeOwner, rv20LifeAgent}[r.IntN(2)], c.ID, contactkit.NoteInput{Body: fmt.Sprint("note ", i), Pinned: r.IntN(5) == 0})
				case 1:
					_, err = w.svc.UpdateContact(ctx, rv20LifeOwner, c.ID, contact.Patch{City: new(fmt.Sprint("City ", i))})
				case 2:
					_, err = w.svc.Enroll(ctx, rv20LifeOwner, au.ID, c.ID, "")
				default:
					for e, err := range w.svc.Enrollments(ctx, rv20LifeOwner, contactkit.EnrollmentQuery{Contact: c.ID, ActiveOnly: true}) {
						require.NoError(t, err)
						_, err = w.svc.EndEnrollment(ctx, rv20LifeOwner, e.ID)
						require.NoError(t, err)
						break
					}
				}
				require.NoError(t, err)
			}
			for i := range 10 + r.IntN(40) {
				write(i)
			}
			before := map[string]bool{}
			for it, err := range w.svc.Feed(ctx, rv20LifeOwner, c.ID, contactkit.FeedQuery{}) {
				require.NoError(t, err)
				before[rv20LifeFeedKey(it)] = true
			}
			seen := map[string]int{}
			p := store.PageRequest{Limit: 1 + r.IntN(7)}
			for n := 0; ; n++ {
				require.Less(t, n, 1000, "the paging ends")
				page, err := w.svc.ListFeed(ctx, rv20LifeOwner, c.ID, contactkit.FeedQuery{}, p)
				require.NoError(t, err)
				for _, it := range page.Items {
					seen[rv20LifeFeedKey(it)]++
				}
				if page.Next == "" {
					break
				}
				p.Cursor = page.Next
				for range r.IntN(3) {
					write(1000 + n)
				}
			}
			for k, n := range seen {
				require.Equal(t, 1, n, "listed %d times: %s", n, k)
			}
			for k := range before {
				require.Contains(t, seen, k, "an item that was there when the paging began")
			}
		})
	}
}
