package contactkit_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
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
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// feedOf returns the whole feed of c that q selects.
func (h *harness) feedOf(t *testing.T, a contactkit.Actor, c contact.ID, q contactkit.FeedQuery) []contactkit.FeedItem {
	t.Helper()
	var out []contactkit.FeedItem
	for it, err := range h.svc.Feed(t.Context(), a, c, q) {
		require.NoError(t, err, "Feed")
		out = append(out, it)
	}
	return out
}

func feedKinds(items []contactkit.FeedItem) []contactkit.FeedKind {
	out := make([]contactkit.FeedKind, len(items))
	for i, it := range items {
		out[i] = it.Kind
	}
	return out
}

func TestFeedListsEverySourcePinnedFirstThenNewest(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	tick := func() { h.now = h.now.Add(time.Minute) }
	ann := h.create(t, owner, contact.Patch{Email: new("ann@example.com")})
	bob := h.create(t, owner, contact.Patch{Phone: new("0612345678")})
	tick()
	_, err := h.svc.AddNote(ctx, agent, ann.ID, contactkit.NoteInput{Body: "Called her"})
	require.NoError(t, err)
	tick()
	_, err = h.svc.UpdateContact(ctx, owner, ann.ID, contact.Patch{City: new("Lyon")})
	require.NoError(t, err)
	tick()
	l, err := h.svc.CreateList(ctx, owner, list.List{Name: "News"})
	require.NoError(t, err)
	_, err = h.svc.AddToList(ctx, owner, l.ID, ann.ID)
	require.NoError(t, err)
	tick()
	_, err = h.svc.Unsubscribe(ctx, owner, ann.ID, list.ChannelEmail, "asked by phone")
	require.NoError(t, err)
	tick()
	au := h.automation(t, automation.Automation{Name: "Onboarding", Steps: steps(1), Active: true})
	en, err := h.svc.Enroll(ctx, owner, au.ID, ann.ID, "")
	require.NoError(t, err)
	tick()
	_, err = h.svc.EndEnrollment(ctx, owner, en.ID)
	require.NoError(t, err)
	tick()
	task, err := h.svc.AddTask(ctx, owner, ann.ID, contactkit.TaskInput{Title: "Send the offer", Pinned: true})
	require.NoError(t, err)
	tick()
	p, err := h.svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: ann.ID, Others: []contact.ID{bob.ID}})
	require.NoError(t, err)
	_, err = h.svc.MergeContacts(ctx, owner, p)
	require.NoError(t, err)

	items := h.feedOf(t, agent, ann.ID, contactkit.FeedQuery{})
	require.NotEmpty(t, items)
	assert.Equal(t, task.ID, items[0].Activity.ID, "the pinned task comes first, though it is not the newest")
	assert.True(t, items[0].Pinned)
	for i := 2; i < len(items); i++ {
		assert.False(t, items[i].At.After(items[i-1].At), "newest first: item %d (%s at %s) after item %d (%s at %s)",
			i, items[i].Kind, items[i].At, i-1, items[i-1].Kind, items[i-1].At)
	}
	kinds := feedKinds(items)
	for _, k := range []contactkit.FeedKind{contactkit.FeedActivity, contactkit.FeedChange, contactkit.FeedMembership,
		contactkit.FeedConsent, contactkit.FeedEnrolled, contactkit.FeedEnrollmentEnded, contactkit.FeedMerged} {
		assert.Contains(t, kinds, k, "every source is in the feed")
	}
	assert.Equal(t, h.now, items[1].At, "after the pins, the newest: the merge and the changes it made")
	m := slices.IndexFunc(items, func(it contactkit.FeedItem) bool { return it.Kind == contactkit.FeedMerged })
	require.GreaterOrEqual(t, m, 0)
	assert.Equal(t, h.now, items[m].At)
	assert.Equal(t, []contact.ID{bob.ID}, items[m].Merge.Others, "a merge names the merged contacts")
	assert.Equal(t, contactkit.FeedChange, items[m-1].Kind, "at one time, the changes come before the merge")
	assert.Equal(t, contact.FieldEmail, items[len(items)-1].Change.Field, "the oldest: the first field of the creation")

	for _, tc := range []struct {
		name string
		q    contactkit.FeedQuery
		want func(contactkit.FeedItem) bool
	}{
		{"changes only", contactkit.FeedQuery{Kinds: []contactkit.FeedKind{contactkit.FeedChange}},
			func(it contactkit.FeedItem) bool { return it.Kind == contactkit.FeedChange }},
		{"by author", contactkit.FeedQuery{Author: agent.User},
			func(it contactkit.FeedItem) bool { return it.Author == agent.User }},
		{"tasks only", contactkit.FeedQuery{Kinds: []contactkit.FeedKind{contactkit.FeedActivity}, ActivityKinds: []activity.Kind{activity.KindTask}},
			func(it contactkit.FeedItem) bool { return it.Activity != nil && it.Activity.Kind == activity.KindTask }},
		{"lists and consent", contactkit.FeedQuery{Kinds: []contactkit.FeedKind{contactkit.FeedMembership, contactkit.FeedConsent}},
			func(it contactkit.FeedItem) bool {
				return it.Kind == contactkit.FeedMembership || it.Kind == contactkit.FeedConsent
			}},
		{"enrollments", contactkit.FeedQuery{Kinds: []contactkit.FeedKind{contactkit.FeedEnrolled, contactkit.FeedEnrollmentEnded}},
			func(it contactkit.FeedItem) bool { return it.Enrollment != nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := slices.DeleteFunc(slices.Clone(items), func(it contactkit.FeedItem) bool { return !tc.want(it) })
			require.NotEmpty(t, want)
			got := h.feedOf(t, agent, ann.ID, tc.q)
			assert.Equal(t, want, got, "the filter keeps exactly the matching items, in feed order")
			// Page by page, one at a time: the same.
			assert.Equal(t, want, pageFeed(t, h, ann.ID, tc.q, 1, nil))
		})
	}

	// Unknown kinds of activity are refused; trash and other workspaces.
	_, err = h.svc.ListFeed(ctx, owner, ann.ID, contactkit.FeedQuery{ActivityKinds: []activity.Kind{"fax"}}, store.PageRequest{})
	assert.ErrorIs(t, err, contactkit.ErrInvalidInput)
	_, err = h.svc.ListFeed(ctx, other, ann.ID, contactkit.FeedQuery{}, store.PageRequest{})
	assert.ErrorIs(t, err, contactkit.ErrNotFound)
	_, err = h.svc.ListFeed(ctx, owner, bob.ID, contactkit.FeedQuery{}, store.PageRequest{})
	assert.ErrorIs(t, err, contactkit.ErrTrashed, "a merged-away contact is in the trash")
}

// pageFeed pages through c's feed with pages of size limit, calling
// between after each page.
func pageFeed(t *testing.T, h *harness, c contact.ID, q contactkit.FeedQuery, limit int, between func()) []contactkit.FeedItem {
	t.Helper()
	return allPages(t, "ListFeed", limit, between, func(p store.PageRequest) (store.Page[contactkit.FeedItem], error) {
		page, err := h.svc.ListFeed(t.Context(), owner, c, q, p)
		require.LessOrEqual(t, len(page.Items), limit)
		return page, err
	})
}

// allPages calls fetch with pages of size limit, each after the Next of the
// one before, until a page has no Next, calling between after each page
// but the last, and returns their items; name names fetch in failures.
func allPages[T any](t *testing.T, name string, limit int, between func(), fetch func(store.PageRequest) (store.Page[T], error)) []T {
	t.Helper()
	var out []T
	p := store.PageRequest{Limit: limit}
	for range 10000 {
		page, err := fetch(p)
		require.NoError(t, err, name)
		out = append(out, page.Items...)
		if page.Next == "" {
			return out
		}
		if between != nil {
			between()
		}
		p.Cursor = page.Next
	}
	t.Fatalf("%s: the pages never end", name)
	return nil
}

func TestFeedCursor(t *testing.T) {
	h := newHarness(t)
	ann := h.create(t, owner, contact.Patch{Email: new("ann@example.com")})
	bob := h.create(t, owner, contact.Patch{Email: new("bob@example.com")})
	for i := range 3 {
		_, err := h.svc.AddNote(t.Context(), owner, ann.ID, contactkit.NoteInput{Body: fmt.Sprint("note ", i)})
		require.NoError(t, err)
	}
	page, err := h.svc.ListFeed(t.Context(), owner, ann.ID, contactkit.FeedQuery{}, store.PageRequest{Limit: 2})
	require.NoError(t, err)
	require.NotEmpty(t, page.Next)
	for _, tc := range []struct {
		name   string
		c      contact.ID
		cursor string
	}{
		{"another contact's", bob.ID, page.Next},
		{"garbage", ann.ID, "not a cursor"},
		{"base64 of garbage", ann.ID, "e30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := h.svc.ListFeed(t.Context(), owner, tc.c, contactkit.FeedQuery{}, store.PageRequest{Cursor: tc.cursor})
			assert.ErrorIs(t, err, store.ErrInvalidCursor)
		})
	}
}

// feedID identifies a feed item across pages.
func feedID(it contactkit.FeedItem) string {
	switch {
	case it.Activity != nil:
		return "activity " + it.Activity.ID.String()
	case it.Change != nil:
		return fmt.Sprintf("change %s %s→%s at %s", it.Change.Field, it.Change.Old, it.Change.New, it.At.Format(time.RFC3339Nano))
	}
	return fmt.Sprintf("%s at %s", it.Kind, it.At)
}

func TestFeedPagesEveryItemOnceUnderConcurrentWrites(t *testing.T) {
	var clock atomic.Int64
	base := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	h := newHarnessWith(t, storetest.Retrying(memstore.New()), func(o *contactkit.Options) {
		o.Now = func() time.Time { return base.Add(time.Duration(clock.Add(1)) * time.Millisecond) }
		o.Subscribers = nil
	})
	ctx := t.Context()
	ann := h.create(t, owner, contact.Patch{Email: new("ann@example.com")})
	write := func(i int) {
		var err error
		switch i % 3 {
		case 0:
			_, err = h.svc.AddNote(ctx, agent, ann.ID, contactkit.NoteInput{Body: fmt.Sprint("note ", i), Pinned: i%10 == 0})
		default:
			_, err = h.svc.UpdateContact(ctx, owner, ann.ID, contact.Patch{City: new(fmt.Sprint("City ", i))})
		}
		assert.NoError(t, err, "write %d", i)
	}
	for i := range 120 {
		write(i)
	}
	before := h.feedOf(t, owner, ann.ID, contactkit.FeedQuery{})
	require.Len(t, before, 123, "the creation's fields (email, source, status), 40 notes and 80 changes")

	// Writers add notes and change fields while a reader pages.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var next atomic.Int64
	next.Store(1000)
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
					write(int(next.Add(1)))
				}
			}
		})
	}
	got := pageFeed(t, h, ann.ID, contactkit.FeedQuery{}, 7, func() { time.Sleep(time.Millisecond) })
	close(stop)
	wg.Wait()

	seen := map[string]int{}
	for _, it := range got {
		seen[feedID(it)]++
	}
	for id, n := range seen {
		assert.Equal(t, 1, n, "item %s listed %d times", id, n)
	}
	var old []contactkit.FeedItem
	for _, it := range got {
		if slices.ContainsFunc(before, func(b contactkit.FeedItem) bool { return feedID(b) == feedID(it) }) {
			old = append(old, it)
		}
	}
	assert.Equal(t, before, old, "every item committed before the first page is listed once, in feed order")
}

// TestFeedHidesTrashedActivities checks that an activity deleted to its own
// trash leaves the feed, and comes back to it when restored, with calls,
// emails and meetings listed like notes.
func TestFeedHidesTrashedActivities(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	ann := h.create(t, owner, contact.Patch{Email: new("ann@example.com")})
	note, err := h.svc.AddNote(ctx, owner, ann.ID, contactkit.NoteInput{Body: "Met at the fair"})
	require.NoError(t, err)
	h.now = h.now.Add(time.Minute)
	call, err := h.svc.AddCall(ctx, owner, ann.ID, contactkit.CallInput{Direction: activity.DirectionOutbound, OccurredAt: h.now, Duration: 3 * time.Minute})
	require.NoError(t, err)
	activities := func() []activity.ID {
		var ids []activity.ID
		for _, it := range h.feedOf(t, owner, ann.ID, contactkit.FeedQuery{Kinds: []contactkit.FeedKind{contactkit.FeedActivity}}) {
			ids = append(ids, it.Activity.ID)
		}
		return ids
	}
	assert.Equal(t, []activity.ID{call.ID, note.ID}, activities())
	_, err = h.svc.DeleteActivity(ctx, owner, note.ID)
	require.NoError(t, err)
	assert.Equal(t, []activity.ID{call.ID}, activities(), "a trashed note leaves the feed")
	_, err = h.svc.RestoreActivity(ctx, owner, note.ID)
	require.NoError(t, err)
	assert.Equal(t, []activity.ID{call.ID, note.ID}, activities(), "a restored note is back")
}

// An activity pinned when a page listed it and unpinned before the next
// page is not listed again among the unpinned ones.
func TestFeedUnpinBetweenPagesListsOnce(t *testing.T) {
	h := newHarness(t)
	ann := h.create(t, owner, contact.Patch{Email: new("ann@example.com")})
	var pinned activity.Activity
	for i := range 4 {
		a, err := h.svc.AddNote(t.Context(), owner, ann.ID, contactkit.NoteInput{Body: fmt.Sprint("note ", i), Pinned: i == 0})
		require.NoError(t, err)
		if i == 0 {
			pinned = a
		}
	}
	unpinned := false
	items := pageFeed(t, h, ann.ID, contactkit.FeedQuery{Kinds: []contactkit.FeedKind{contactkit.FeedActivity}}, 1, func() {
		if !unpinned {
			unpinned = true
			_, err := h.svc.UpdateActivity(t.Context(), owner, pinned.ID, contactkit.ActivityPatch{Pinned: new(false)})
			require.NoError(t, err)
		}
	})
	seen := map[string]int{}
	for _, it := range items {
		seen[feedID(it)]++
	}
	assert.Len(t, items, 4, "every note once")
	for id, n := range seen {
		assert.Equal(t, 1, n, "%s listed %d times", id, n)
	}
}

// TestFeedListsTheFieldsOfACreation checks that the creation of a contact,
// one record in the store, shows in the feed as a change per field it set,
// as ContactHistory lists it.
func TestFeedListsTheFieldsOfACreation(t *testing.T) {
	h := newHarness(t)
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com")})
	fields := map[string]string{}
	for _, it := range h.feedOf(t, owner, ann.ID, contactkit.FeedQuery{Kinds: []contactkit.FeedKind{contactkit.FeedChange}}) {
		require.NotEqual(t, contact.FieldCreated, it.Change.Field, "a creation record is expanded")
		fields[it.Change.Field] = it.Change.New
	}
	assert.Equal(t, "Ann", fields[contact.FieldFirstName])
	assert.Equal(t, "ann@example.com", fields[contact.FieldEmail])
}

// A feed kind the feed does not have is invalid input, as an unknown
// activity kind is, rather than a filter that silently selects nothing.
func TestFeedRefusesAnUnknownKind(t *testing.T) {
	for _, k := range []contactkit.FeedKind{contactkit.FeedActivity, contactkit.FeedChange, contactkit.FeedMembership, contactkit.FeedConsent,
		contactkit.FeedEnrolled, contactkit.FeedEnrollmentEnded, contactkit.FeedMerged, contactkit.FeedUnmerged} {
		if !k.Valid() {
			t.Errorf("%s is not Valid", k)
		}
	}
	svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR"})
	owner := contactkit.Actor{Workspace: "w", User: "u", Role: contactkit.RoleOwner}
	c, err := svc.CreateContact(context.Background(), owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann")}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.ListFeed(context.Background(), owner, c.ID, contactkit.FeedQuery{Kinds: []contactkit.FeedKind{"activities"}}, store.PageRequest{})
	var ve *contactkit.ValidationError
	if !errors.As(err, &ve) {
		t.Errorf("unknown kind: %v, want a *ValidationError", err)
	}
}
