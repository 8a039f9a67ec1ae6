package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// activitiesAggregate describes store.Activities for the shared cases.
func activitiesAggregate(_ *testing.T, e *env) *aggregate[activity.Activity] {
	return &aggregate[activity.Activity]{
		name:    "Activities",
		noun:    "activity",
		fresh:   func(g *engaged) activity.Activity { return e.task(g.who.ID, g.flow.ID) },
		version: func(a *activity.Activity) *int64 { return &a.Version },
		setID:   func(dst, src *activity.Activity) { dst.ID = src.ID },
		edit: func(a *activity.Activity, n int) {
			a.Body = fmt.Sprintf("Edited %d times", n)
			a.Pinned = n%2 == 0
			if a.IsTask() {
				if _, err := a.Reopen(); err == nil && n%2 == 0 {
					_, _ = a.Complete(e.at(200 + n))
				}
			}
			a.UpdatedAt = e.at(100 + n)
		},
		clone: func(a *activity.Activity) activity.Activity { return a.Clone() },
		get: func(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, a *activity.Activity) (activity.Activity, error) {
			return tx.Activities().Get(ctx, ws, a.ID)
		},
		create: func(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, a *activity.Activity) error {
			return tx.Activities().Create(ctx, ws, a)
		},
		update: func(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, a *activity.Activity) error {
			return tx.Activities().Update(ctx, ws, a)
		},
		lookups: []lookup[activity.Activity]{{"Activities.Timeline", func(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, a *activity.Activity) (activity.Activity, error) {
			return findListed(func(p store.PageRequest) (store.Page[activity.Activity], error) {
				return tx.Activities().Timeline(ctx, ws, a.Contact, activity.Filter{}, p)
			}, func(x *activity.Activity) bool { return x.ID == a.ID })
		}}},
	}
}

// timeline pages through the timeline of contact c in ws.
func (e *env) timeline(t *testing.T, ws contact.WorkspaceID, c contact.ID, f activity.Filter, limit, maxPages int, between func(page int, sofar []activity.Activity)) ([]activity.Activity, bool) {
	t.Helper()
	ctx := t.Context()
	return pages(t, "Activities.Timeline", limit, maxPages, func(p store.PageRequest) (store.Page[activity.Activity], error) {
		var page store.Page[activity.Activity]
		err := e.s.View(ctx, func(tx store.Tx) error {
			var err error
			page, err = tx.Activities().Timeline(ctx, ws, c, f, p)
			return err
		})
		return page, err
	}, between)
}

func activityKey(a *activity.Activity) string {
	pin := ""
	if a.Pinned {
		pin = "pinned "
	}
	return fmt.Sprintf("%s%s %q of %s", pin, a.Kind, a.Title+a.Body, a.CreatedAt.UTC().Format("15:04:05.999999999"))
}

const timelineRule = "the timeline order of activity.Compare: pinned first, then newest first, then ID descending"

// checkTimeline reports a timeline that is not the activities of want that
// f matches, in timeline order, each as stored.
func checkTimeline(t *testing.T, what string, got, want []activity.Activity, f activity.Filter) {
	t.Helper()
	var w []activity.Activity
	for i := range want {
		if f.Matches(&want[i]) {
			w = append(w, want[i])
		}
	}
	activity.Sort(w)
	checkOrder(t, what, timelineRule+", every activity of the contact that Filter.Matches selects", got, w, activity.Compare, activityKey)
	for i := range got {
		if i < len(w) && got[i].ID == w[i].ID {
			if d := diff(got[i], w[i]); d != "" {
				t.Errorf("%s: a listed activity is not the stored one: %s", what, d)
				return
			}
		}
	}
}

// timelineFixture stores activities of g's contact with every shape the
// timeline order must handle: pinned and not, notes and tasks, several
// authors, and activities created at the same instant (one given in another
// location), which the ID orders. It also stores activities of another
// contact of the workspace, which the contact's timeline must not show.
func (e *env) timelineFixture(t *testing.T) (g *engaged, mine, theirs []activity.Activity, other contact.ID) {
	t.Helper()
	ctx := t.Context()
	g = e.engage(t)
	c := g.who.ID
	n := func(body string, at int) activity.Activity { return e.note(c, body, at) }
	mine = []activity.Activity{
		n("Met Ada at the conference", 1),
		n("Sent the brochure", 5),
		n("Zoë called back about the Ångström offer", 3),
		n("Same instant, first", 4),
		n("Same instant, second", 4),
		n("Same instant, third", 4),
		n("Pinned: key account", 2),
		n("Pinned: same instant as another pin", 2),
		n("Line one\nline TWO of the note", 6),
		e.task(c, g.flow.ID),
	}
	mine[5].CreatedAt = mine[5].CreatedAt.UTC() // the same instant, in another location
	mine[6].Pinned, mine[7].Pinned = true, true
	mine[1].Author, mine[2].Author = "user-2", "user-2"
	open := e.task(c, g.flow.ID)
	open.Pinned, open.Title, open.Body = false, "Follow up", "Send the contract"
	open.Task.Completed, open.Task.CompletedAt = false, time.Time{}
	open.CreatedAt = e.at(7)
	mine = append(mine, open)
	for i := range mine {
		mine[i].ID = newActivityID()
	}

	other = e.people(t, g.ws, 1)[0]
	theirs = []activity.Activity{e.note(other, "Their note", 8), e.note(other, "Met Ada too", 1)}
	theirs[1].Pinned = true
	e.update(t, "setup: Activities.Create", func(tx store.Tx) error {
		for _, batch := range [][]activity.Activity{mine, theirs} {
			for i := range batch {
				if err := tx.Activities().Create(ctx, g.ws, &batch[i]); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return g, mine, theirs, other
}

func testActivitiesTimelineOrder(t *testing.T, e *env) {
	g, mine, _, _ := e.timelineFixture(t)
	ctx := t.Context()
	if got, ok := e.timeline(t, g.ws, g.who.ID, activity.Filter{}, 0, 10, nil); ok {
		checkTimeline(t, "Activities.Timeline", got, mine, activity.Filter{})
	}

	// Pinning an old note and unpinning a pinned one moves them.
	mine[0].Pinned, mine[6].Pinned = true, false
	mine[0].UpdatedAt, mine[6].UpdatedAt = e.at(90), e.at(91)
	e.update(t, "Activities.Update", func(tx store.Tx) error {
		for _, i := range []int{0, 6} {
			if err := tx.Activities().Update(ctx, g.ws, &mine[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if got, ok := e.timeline(t, g.ws, g.who.ID, activity.Filter{}, 0, 10, nil); ok {
		checkTimeline(t, "Activities.Timeline after Activities.Update pinned an activity and unpinned another", got, mine, activity.Filter{})
	}
}

func testActivitiesTimelinePages(t *testing.T, e *env) {
	g, mine, _, _ := e.timelineFixture(t)
	ctx := t.Context()
	for _, limit := range []int{1, 3, 0} {
		what := fmt.Sprintf("Activities.Timeline with Limit %d, paging through every page", limit)
		if got, ok := e.timeline(t, g.ws, g.who.ID, activity.Filter{}, limit, 2*len(mine)+10, nil); ok {
			checkTimeline(t, what, got, mine, activity.Filter{})
		}
	}

	// Edits that keep the timeline position, between pages, change nothing
	// to what paging visits.
	sorted := slices.Clone(mine)
	activity.Sort(sorted)
	var problems []string
	got, ok := e.timeline(t, g.ws, g.who.ID, activity.Filter{}, 2, 2*len(mine)+10, func(page int, _ []activity.Activity) {
		err := e.s.Update(ctx, func(tx store.Tx) error {
			cur, err := tx.Activities().Get(ctx, g.ws, sorted[(page*3)%len(sorted)].ID)
			if err != nil {
				return err
			}
			cur.Body = fmt.Sprintf("Edited between pages %d", page)
			return tx.Activities().Update(ctx, g.ws, &cur)
		})
		if err != nil {
			problems = append(problems, fmt.Sprintf("Activities.Get and Activities.Update between two pages of Activities.Timeline: got err %v, want nil", err))
		}
	})
	for _, p := range problems {
		t.Error(p)
	}
	if ok {
		var ids []string
		for i := range got {
			ids = append(ids, got[i].ID.String())
		}
		var want []string
		for i := range sorted {
			want = append(want, sorted[i].ID.String())
		}
		if !slices.Equal(ids, want) {
			t.Errorf("Activities.Timeline with Limit 2 while other transactions edit bodies: got IDs %v, want %v (paging visits every matching activity once, in %s)", ids, want, timelineRule)
		}
	}
}

func testActivitiesTimelineInvalidCursor(t *testing.T, e *env) {
	g, _, _, _ := e.timelineFixture(t)
	ctx := t.Context()
	cursors := append([]string{"storetest-not-a-cursor", "\xff\x00\xfe", "0"}, e.foreignCursors(t, "Activities.Timeline")...)
	for _, x := range []struct {
		name string
		f    activity.Filter
	}{
		{"no Filter", activity.Filter{}},
		{"Filter Kinds note", activity.Filter{Kinds: []activity.Kind{activity.KindNote}}},
	} {
		for _, cursor := range cursors {
			err := e.s.View(ctx, func(tx store.Tx) error {
				_, err := tx.Activities().Timeline(ctx, g.ws, g.who.ID, x.f, store.PageRequest{Cursor: cursor, Limit: 2})
				return err
			})
			if !errors.Is(err, store.ErrInvalidCursor) {
				t.Errorf("Activities.Timeline with %s and cursor %q, which the store did not hand out for this listing: got err %v, want store.ErrInvalidCursor", x.name, cursor, err)
			}
		}
	}
}

func testActivitiesTimelineFilter(t *testing.T, e *env) {
	g, mine, _, _ := e.timelineFixture(t)
	for _, x := range []struct {
		name string
		f    activity.Filter
	}{
		{"Kinds note", activity.Filter{Kinds: []activity.Kind{activity.KindNote}}},
		{"Kinds task", activity.Filter{Kinds: []activity.Kind{activity.KindTask}}},
		{"Kinds note and task", activity.Filter{Kinds: []activity.Kind{activity.KindTask, activity.KindNote}}},
		{"Author user-2", activity.Filter{Author: "user-2"}},
		{"Author nobody", activity.Filter{Author: "nobody"}},
		{`Text "  ZOË   called "`, activity.Filter{Text: contact.FoldQuery("  ZOË   called ")}},
		{`Text "ångström" (a note body and a task title)`, activity.Filter{Text: contact.FoldQuery("ångström")}},
		{`Text "line two" (across a line break of a body)`, activity.Filter{Text: contact.FoldQuery("line two")}},
		{`Text "the contract" (a task description)`, activity.Filter{Text: contact.FoldQuery("the contract")}},
		{`Text "follow up send" (across title and description)`, activity.Filter{Text: contact.FoldQuery("follow up send")}},
		{`Text "met ada"`, activity.Filter{Text: contact.FoldQuery("met ada")}},
		{"Kinds note, Author user-2 and Text", activity.Filter{Kinds: []activity.Kind{activity.KindNote}, Author: "user-2", Text: contact.FoldQuery("brochure")}},
		{"Kinds task and Text", activity.Filter{Kinds: []activity.Kind{activity.KindTask}, Text: contact.FoldQuery("quote")}},
	} {
		what := "Activities.Timeline with Filter " + x.name
		if got, ok := e.timeline(t, g.ws, g.who.ID, x.f, 2, 2*len(mine)+10, nil); ok {
			checkTimeline(t, what+" (must agree with activity.Filter.Matches)", got, mine, x.f)
		}
	}
}

func testActivitiesTimelineOtherContact(t *testing.T, e *env) {
	g, _, theirs, other := e.timelineFixture(t)
	if got, ok := e.timeline(t, g.ws, other, activity.Filter{}, 1, 10, nil); ok {
		checkTimeline(t, "Activities.Timeline of another contact of the workspace (only the activities of contact c)", got, theirs, activity.Filter{})
	}
	if got, ok := e.timeline(t, g.ws, g.who.ID, activity.Filter{Text: contact.FoldQuery("their note")}, 0, 10, nil); ok && len(got) != 0 {
		t.Errorf("Activities.Timeline of a contact, with the text of another contact's note: got %d activities, want none (only the activities of contact c)", len(got))
	}
	nobody := e.people(t, g.ws, 1)[0]
	if got, ok := e.timeline(t, g.ws, nobody, activity.Filter{}, 0, 10, nil); ok && len(got) != 0 {
		t.Errorf("Activities.Timeline of a contact with no activities: got %d activities, want an empty page", len(got))
	}
}
