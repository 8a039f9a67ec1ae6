package contactkit_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

// eventsOfType returns the events of type E among events.
func eventsOfType[E contactkit.Event](events []contactkit.Event) []E {
	var out []E
	for _, e := range events {
		if e, ok := e.(E); ok {
			out = append(out, e)
		}
	}
	return out
}

// Erasing a live contact at once removes its active enrollments: the host,
// which advances them (A4), hears that they stopped, as it does when the
// contact is deleted or blocked.
func TestAuditEraseStopsActiveEnrollmentsWithAnEvent(t *testing.T) {
	h := newHarness(t)
	au := h.automation(t, automation.Automation{Name: "A", Steps: steps(2), Active: true})
	ended := h.automation(t, automation.Automation{Name: "B", Steps: steps(1), Active: true})
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	e, err := h.svc.Enroll(t.Context(), owner, au.ID, c.ID, "")
	require.NoError(t, err)
	done, err := h.svc.Enroll(t.Context(), owner, ended.ID, c.ID, "")
	require.NoError(t, err)
	_, err = h.svc.EndEnrollment(t.Context(), owner, done.ID)
	require.NoError(t, err)
	h.takeEvents()

	require.NoError(t, h.svc.EraseContact(t.Context(), owner, c.ID))
	stopped := eventsOfType[contactkit.EnrollmentStopped](h.takeEvents())
	require.Len(t, stopped, 1, "the active enrollment, not the ended one")
	assert.Equal(t, e.ID, stopped[0].Enrollment.ID)
	assert.Equal(t, automation.StateStopped, stopped[0].Enrollment.State)
	assert.Equal(t, automation.ReasonContactDeleted, stopped[0].Enrollment.StopReason)
	assert.Empty(t, h.enrollments(t, contactkit.EnrollmentQuery{Contact: c.ID}), "erased with the contact")

	// A contact in the trash has no active enrollment left: erasing it
	// stops nothing more.
	d := h.create(t, owner, contact.Patch{FirstName: new("Bob")})
	_, err = h.svc.Enroll(t.Context(), owner, au.ID, d.ID, "")
	require.NoError(t, err)
	_, err = h.svc.DeleteContact(t.Context(), owner, d.ID)
	require.NoError(t, err)
	assert.Len(t, eventsOfType[contactkit.EnrollmentStopped](h.takeEvents()), 1, "deleting stops it")
	require.NoError(t, h.svc.EraseContact(t.Context(), owner, d.ID))
	assert.Empty(t, eventsOfType[contactkit.EnrollmentStopped](h.takeEvents()), "nothing left to stop")
}

// A merge that stops an enrollment (the same automation active on two of
// its inputs, or a survivor blocked by the merge) tells the host, as
// StopEnrollments does.
func TestAuditMergeStopsEnrollmentsWithAnEvent(t *testing.T) {
	h := newHarness(t)
	au := h.automation(t, automation.Automation{Name: "A", Steps: steps(2), Active: true})
	ann := h.create(t, owner, contact.Patch{Email: new("ann@example.com")})
	bob := h.create(t, owner, contact.Patch{Email: new("bob@example.com")})
	_, err := h.svc.Enroll(t.Context(), owner, au.ID, ann.ID, "")
	require.NoError(t, err)
	eb, err := h.svc.Enroll(t.Context(), owner, au.ID, bob.ID, "")
	require.NoError(t, err)
	h.takeEvents()

	p, err := h.svc.PreviewMerge(t.Context(), owner, contactkit.MergeRequest{Primary: ann.ID, Others: []contact.ID{bob.ID}})
	require.NoError(t, err)
	_, err = h.svc.MergeContacts(t.Context(), owner, p)
	require.NoError(t, err)
	got, err := h.svc.GetEnrollment(t.Context(), owner, eb.ID)
	require.NoError(t, err)
	require.Equal(t, automation.StateStopped, got.State)
	stopped := eventsOfType[contactkit.EnrollmentStopped](h.takeEvents())
	require.Len(t, stopped, 1)
	assert.Equal(t, got, stopped[0].Enrollment)
	assert.Equal(t, ann.ID, stopped[0].Contact, "the enrollment is the survivor's now")

	// A blocked input blocks the survivor, which stops its enrollments.
	cat := h.create(t, owner, contact.Patch{Email: new("cat@example.com")})
	dan := h.create(t, owner, contact.Patch{Email: new("dan@example.com")})
	ec, err := h.svc.Enroll(t.Context(), owner, au.ID, cat.ID, "")
	require.NoError(t, err)
	_, err = h.svc.BlockContact(t.Context(), owner, dan.ID, "spam")
	require.NoError(t, err)
	h.takeEvents()
	p, err = h.svc.PreviewMerge(t.Context(), owner, contactkit.MergeRequest{Primary: cat.ID, Others: []contact.ID{dan.ID}})
	require.NoError(t, err)
	_, err = h.svc.MergeContacts(t.Context(), owner, p)
	require.NoError(t, err)
	got, err = h.svc.GetEnrollment(t.Context(), owner, ec.ID)
	require.NoError(t, err)
	require.Equal(t, automation.StateStopped, got.State, "the survivor is blocked")
	stopped = eventsOfType[contactkit.EnrollmentStopped](h.takeEvents())
	require.Len(t, stopped, 1)
	assert.Equal(t, got, stopped[0].Enrollment)
	assert.Equal(t, automation.ReasonContactBlocked, stopped[0].Enrollment.StopReason)
}

// The events of automations and activities reach the outbox exactly as the
// subscribers get them.
func TestAuditOutboxHoldsAutomationAndActivityEvents(t *testing.T) {
	h, _, r := outboxHarness(t)
	ctx := t.Context()
	au := h.automation(t, automation.Automation{Name: "A", Steps: steps(2), Active: true,
		Triggers: []automation.Trigger{automation.On(automation.TriggerNoteAdded)}})
	other := h.automation(t, automation.Automation{Name: "B", Steps: steps(1), Active: true})
	ada := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob")})
	note, err := h.svc.AddNote(ctx, owner, ada.ID, contactkit.NoteInput{Body: "hello"})
	require.NoError(t, err)
	es := h.enrollments(t, contactkit.EnrollmentQuery{Contact: ada.ID, Automation: au.ID})
	require.Len(t, es, 1)
	_, err = h.svc.PassStep(ctx, owner, es[0].ID, automation.OutcomeSkipped)
	require.NoError(t, err)
	_, err = h.svc.EndEnrollment(ctx, owner, es[0].ID)
	require.NoError(t, err)
	_, err = h.svc.Enroll(ctx, owner, other.ID, ada.ID, "k")
	require.NoError(t, err)
	task, err := h.svc.AddTask(ctx, owner, ada.ID, contactkit.TaskInput{Title: "t"})
	require.NoError(t, err)
	_, err = h.svc.MoveTask(ctx, owner, task.ID, bob.ID)
	require.NoError(t, err)
	_, err = h.svc.DeleteActivity(ctx, owner, note.ID)
	require.NoError(t, err)
	_, err = h.svc.RestoreActivity(ctx, owner, note.ID)
	require.NoError(t, err)
	_, err = h.svc.BlockContact(ctx, owner, ada.ID, "spam")
	require.NoError(t, err)

	delivered := h.takeEvents()
	for _, want := range []string{"Enrolled", "StepPassed", "EnrollmentEnded", "EnrollmentStopped", "ActivityAdded", "ActivityMoved", "ActivityDeleted", "ActivityRestored"} {
		assert.True(t, slices.ContainsFunc(delivered, func(e contactkit.Event) bool { return contactkit.EventType(e) == want }), "a %s event", want)
	}
	assert.Equal(t, delivered, eventsOf(drain(t, r, "")))
}

// timelinePages pages through c's timeline with pages of size limit,
// calling between after each page.
func timelinePages(t *testing.T, h *harness, c contact.ID, q contactkit.TimelineQuery, limit int, between func()) []activity.Activity {
	t.Helper()
	return allPages(t, "ListTimeline", limit, between, func(p store.PageRequest) (store.Page[activity.Activity], error) {
		return h.svc.ListTimeline(t.Context(), owner, c, q, p)
	})
}

// The triggers of list subscriptions: a double opt-in fires on the
// confirmation, not on the join; a resubscribe fires again.
func TestAuditListTriggerFiresOnConfirmation(t *testing.T) {
	h := newHarness(t)
	l, err := h.svc.CreateList(t.Context(), owner, list.List{Name: "News", DoubleOptIn: true})
	require.NoError(t, err)
	au := h.automation(t, automation.Automation{Name: "A", Steps: steps(1), Active: true, Reentry: automation.ReentryAllow,
		Triggers: []automation.Trigger{automation.OnListSubscribed(l.ID.String())}})
	c := h.create(t, owner, contact.Patch{Email: new("ann@example.com")})
	_, err = h.svc.AddToList(t.Context(), owner, l.ID, c.ID)
	require.NoError(t, err)
	assert.Empty(t, h.enrollments(t, contactkit.EnrollmentQuery{Contact: c.ID}), "unconfirmed")
	_, err = h.svc.ConfirmSubscription(t.Context(), owner, l.ID, c.ID)
	require.NoError(t, err)
	assert.Len(t, h.enrollments(t, contactkit.EnrollmentQuery{Contact: c.ID, Automation: au.ID}), 1)
	_, err = h.svc.ConfirmSubscription(t.Context(), owner, l.ID, c.ID)
	require.NoError(t, err)
	assert.Len(t, h.enrollments(t, contactkit.EnrollmentQuery{Contact: c.ID, Automation: au.ID}), 1, "no change, no trigger")
}

// An idempotency key is scoped to its automation.
func TestAuditKeyIsScopedToTheAutomation(t *testing.T) {
	h := newHarness(t)
	a1 := h.automation(t, automation.Automation{Name: "A", Steps: steps(1), Active: true})
	a2 := h.automation(t, automation.Automation{Name: "B", Steps: steps(1), Active: true})
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann")})
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob")})
	e1, err := h.svc.Enroll(t.Context(), owner, a1.ID, ann.ID, "k")
	require.NoError(t, err)
	e2, err := h.svc.Enroll(t.Context(), owner, a2.ID, bob.ID, "k")
	require.NoError(t, err, "the same key in another automation")
	assert.NotEqual(t, e1.ID, e2.ID)
	_, err = h.svc.Enroll(t.Context(), owner, a2.ID, ann.ID, "k")
	assert.ErrorIs(t, err, contactkit.ErrKeyReused)
	// Blocked since: a retry still answers with the enrollment made.
	_, err = h.svc.BlockContact(t.Context(), owner, ann.ID, "spam")
	require.NoError(t, err)
	again, err := h.svc.Enroll(t.Context(), owner, a1.ID, ann.ID, "k")
	require.NoError(t, err)
	assert.Equal(t, e1.ID, again.ID)
	_, err = h.svc.Enroll(t.Context(), owner, a1.ID, ann.ID, "")
	assert.ErrorIs(t, err, contactkit.ErrContactBlocked)
}

// A property test: the feed, paged with random page sizes while notes are
// added, pinned and unpinned and fields change between pages, lists every
// item that existed before the first page exactly once, in order, and never
// an item twice.
func TestAuditFeedPagingUnderRandomWrites(t *testing.T) {
	for seed := range uint64(12) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			h := newHarness(t)
			ann := h.create(t, owner, contact.Patch{Email: new("ann@example.com")})
			var notes []activity.Activity
			write := func(i int) {
				h.now = h.now.Add(time.Duration(rng.IntN(3)) * time.Second)
				switch rng.IntN(4) {
				case 0, 1:
					a, err := h.svc.AddNote(t.Context(), owner, ann.ID, contactkit.NoteInput{Body: fmt.Sprint("note ", i), Pinned: rng.IntN(5) == 0})
					require.NoError(t, err)
					notes = append(notes, a)
				case 2:
					if len(notes) > 0 {
						n := notes[rng.IntN(len(notes))]
						cur, err := h.svc.GetActivity(t.Context(), owner, n.ID)
						require.NoError(t, err)
						_, err = h.svc.UpdateActivity(t.Context(), owner, n.ID, contactkit.ActivityPatch{Pinned: new(!cur.Pinned)})
						require.NoError(t, err)
					}
				default:
					_, err := h.svc.UpdateContact(t.Context(), owner, ann.ID, contact.Patch{City: new(fmt.Sprint("City ", i))})
					require.NoError(t, err)
				}
			}
			for i := range 30 {
				write(i)
			}
			before := h.feedOf(t, owner, ann.ID, contactkit.FeedQuery{})
			// Items whose place may move (a pin toggled) are compared by
			// identity only.
			got := pageFeed(t, h, ann.ID, contactkit.FeedQuery{}, 1+rng.IntN(5), func() { write(1000 + rng.IntN(1000)) })
			seen := map[string]int{}
			for _, it := range got {
				seen[feedID(it)]++
			}
			for id, n := range seen {
				assert.Equal(t, 1, n, "%s listed %d times", id, n)
			}
			for _, b := range before {
				if b.Activity != nil {
					continue // a pin may move it where the paging has been (documented)
				}
				assert.Equal(t, 1, seen[feedID(b)], "%s listed once", feedID(b))
			}
		})
	}
}

// The timeline, paged while notes are added between pages, lists every note
// that existed before the first page exactly once, in order.
func TestAuditTimelinePagingUnderAdds(t *testing.T) {
	for seed := range uint64(8) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 11))
			h := newHarness(t)
			ann := h.create(t, owner, contact.Patch{Email: new("ann@example.com")})
			add := func(i int) {
				h.now = h.now.Add(time.Duration(rng.IntN(3)-1) * time.Second)
				_, err := h.svc.AddNote(t.Context(), owner, ann.ID, contactkit.NoteInput{Body: fmt.Sprint("note ", i), Pinned: rng.IntN(4) == 0})
				require.NoError(t, err)
			}
			for i := range 25 {
				add(i)
			}
			before := activityIDs(collect(t, h.svc.Timeline(t.Context(), owner, ann.ID, contactkit.TimelineQuery{})))
			got := activityIDs(timelinePages(t, h, ann.ID, contactkit.TimelineQuery{}, 1+rng.IntN(4), func() { add(100 + rng.IntN(100)) }))
			var old []activity.ID
			for _, id := range got {
				if slices.Contains(before, id) {
					old = append(old, id)
				}
			}
			assert.Equal(t, before, old)
			assert.Len(t, slices.Compact(slices.SortedFunc(slices.Values(got), activity.ID.Compare)), len(got), "no repeat")
		})
	}
}

// An activity pinned when a page listed it and unpinned before the next
// page is not listed again among the unpinned ones.
func TestAuditTimelineUnpinBetweenPagesListsOnce(t *testing.T) {
	h := newHarness(t)
	ann := h.create(t, owner, contact.Patch{Email: new("ann@example.com")})
	var pinned activity.Activity
	for i := range 4 {
		h.now = h.now.Add(time.Minute)
		a, err := h.svc.AddNote(t.Context(), owner, ann.ID, contactkit.NoteInput{Body: fmt.Sprint("note ", i), Pinned: i == 0})
		require.NoError(t, err)
		if i == 0 {
			pinned = a
		}
	}
	unpinned := false
	items := timelinePages(t, h, ann.ID, contactkit.TimelineQuery{}, 1, func() {
		if !unpinned {
			unpinned = true
			_, err := h.svc.UpdateActivity(t.Context(), owner, pinned.ID, contactkit.ActivityPatch{Pinned: new(false)})
			require.NoError(t, err)
		}
	})
	ids := activityIDs(items)
	assert.Len(t, ids, 4, "every note once: %v", ids)
	assert.Len(t, slices.Compact(slices.SortedFunc(slices.Values(ids), activity.ID.Compare)), len(ids), "no repeat")
}

// A timeline's cursor is bound to its contact.
func TestAuditTimelineCursorIsBoundToItsContact(t *testing.T) {
	h := newHarness(t)
	ann := h.create(t, owner, contact.Patch{Email: new("ann@example.com")})
	bob := h.create(t, owner, contact.Patch{Email: new("bob@example.com")})
	for i := range 3 {
		_, err := h.svc.AddNote(t.Context(), owner, ann.ID, contactkit.NoteInput{Body: fmt.Sprint("note ", i)})
		require.NoError(t, err)
	}
	page, err := h.svc.ListTimeline(t.Context(), owner, ann.ID, contactkit.TimelineQuery{}, store.PageRequest{Limit: 2})
	require.NoError(t, err)
	require.NotEmpty(t, page.Next)
	for name, tc := range map[string]struct {
		c      contact.ID
		cursor string
	}{
		"another contact's": {bob.ID, page.Next},
		"garbage":           {ann.ID, "not a cursor"},
		"base64 of garbage": {ann.ID, "e30"},
	} {
		_, err := h.svc.ListTimeline(t.Context(), owner, tc.c, contactkit.TimelineQuery{}, store.PageRequest{Cursor: tc.cursor})
		assert.ErrorIs(t, err, store.ErrInvalidCursor, name)
	}
}

// A property test: the timeline, paged with random page sizes while notes
// are added, pinned and unpinned between pages, never lists an activity
// twice, and lists once every activity that existed before the first page
// and whose pin did not change.
func TestAuditTimelinePagingUnderPinToggles(t *testing.T) {
	for seed := range uint64(16) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 13))
			h := newHarness(t)
			ann := h.create(t, owner, contact.Patch{Email: new("ann@example.com")})
			var notes []activity.ID
			toggled := map[activity.ID]bool{}
			write := func(i int, between bool) {
				h.now = h.now.Add(time.Duration(rng.IntN(3)) * time.Second)
				if rng.IntN(2) == 0 || len(notes) == 0 {
					a, err := h.svc.AddNote(t.Context(), owner, ann.ID, contactkit.NoteInput{Body: fmt.Sprint("note ", i), Pinned: rng.IntN(3) == 0})
					require.NoError(t, err)
					notes = append(notes, a.ID)
					return
				}
				id := notes[rng.IntN(len(notes))]
				cur, err := h.svc.GetActivity(t.Context(), owner, id)
				require.NoError(t, err)
				_, err = h.svc.UpdateActivity(t.Context(), owner, id, contactkit.ActivityPatch{Pinned: new(!cur.Pinned)})
				require.NoError(t, err)
				if between {
					toggled[id] = true
				}
			}
			for i := range 30 {
				write(i, false)
			}
			before := activityIDs(collect(t, h.svc.Timeline(t.Context(), owner, ann.ID, contactkit.TimelineQuery{})))
			got := activityIDs(timelinePages(t, h, ann.ID, contactkit.TimelineQuery{}, 1+rng.IntN(4), func() { write(100+rng.IntN(100), true) }))
			seen := map[activity.ID]int{}
			for _, id := range got {
				seen[id]++
			}
			for id, n := range seen {
				assert.Equal(t, 1, n, "%s listed %d times", id, n)
			}
			var old []activity.ID
			for _, id := range got {
				if slices.Contains(before, id) && !toggled[id] {
					old = append(old, id)
				}
			}
			want := slices.DeleteFunc(slices.Clone(before), func(id activity.ID) bool { return toggled[id] })
			assert.Equal(t, want, old, "the untouched activities, once each, in order")
		})
	}
}

// UpdateAutomation refuses with ErrConflict any version but the one read,
// the zero version included.
func TestAuditUpdateAutomationNeedsTheVersionRead(t *testing.T) {
	h := newHarness(t)
	au := h.automation(t, automation.Automation{Name: "A", Steps: steps(1), Active: true})
	zero := au
	zero.Version, zero.Name = 0, "Zero"
	_, err := h.svc.UpdateAutomation(t.Context(), owner, zero)
	assert.ErrorIs(t, err, contactkit.ErrConflict, "version 0 is not the version read")
	stale := au
	au.Name = "B"
	au, err = h.svc.UpdateAutomation(t.Context(), owner, au)
	require.NoError(t, err)
	stale.Name = "C"
	_, err = h.svc.UpdateAutomation(t.Context(), owner, stale)
	assert.ErrorIs(t, err, contactkit.ErrConflict)
	got, err := h.svc.GetAutomation(t.Context(), owner, au.ID)
	require.NoError(t, err)
	assert.Equal(t, "B", got.Name)
}
