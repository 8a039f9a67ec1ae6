package pgstore_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"
)

// rv20ActsParityRun plays one script on st and returns what each call
// gave: notes (some with a NUL in their body, some retried with a key),
// tasks due and meetings and calls at times of odd zones, centuries apart
// or at the same instant, pinned and unpinned; then the timeline in pages
// of several sizes, searches and the feed.
func rv20ActsParityRun(t *testing.T, st store.Store, ws string) []string {
	ctx := t.Context()
	now := time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC)
	var n uint64
	svc := contactkit.New(st, &contactkit.Options{Now: func() time.Time { return now },
		NewID: func() (uuid.UUID, error) {
			n++
			u := uuid.UUID{6: 0x70, 8: 0x80}
			for i := range 8 {
				u[15-i] = byte(n >> (8 * i))
			}
			return u, nil
		}})
	a := contactkit.Actor{Workspace: contact.WorkspaceID(ws), User: "u", Role: contactkit.RoleOwner}
	c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("X")}})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	rep := func(what string, v ...any) { out = append(out, what+": "+fmt.Sprint(v...)) }
	r := rand.New(rand.NewPCG(1, 2))
	zones := []string{"UTC", "Europe/Paris", "America/St_Johns", "Asia/Kathmandu", "Pacific/Chatham", "Australia/Lord_Howe"}
	var ids []activity.ID
	for i := range 40 {
		loc, _ := time.LoadLocation(zones[r.IntN(len(zones))])
		when := time.Date(1900+r.IntN(300), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60), 0, r.IntN(1e9), loc)
		if i%7 == 0 {
			when = now // same instant
		}
		now = now.Add(time.Duration(r.IntN(2)) * time.Nanosecond * 1500)
		pin := r.IntN(3) == 0
		var act activity.Activity
		switch r.IntN(4) {
		case 0:
			act, err = svc.AddNote(ctx, a, c.ID, contactkit.NoteInput{Body: fmt.Sprint("note ", i, " a\x00b"), Pinned: pin, Key: fmt.Sprint("k", i%5)})
		case 1:
			act, err = svc.AddTask(ctx, a, c.ID, contactkit.TaskInput{Title: fmt.Sprint("task\x00", i), Pinned: pin, Task: activity.Task{Due: when, Reminder: when.Add(-time.Hour)}})
		case 2:
			act, err = svc.AddMeeting(ctx, a, c.ID, contactkit.MeetingInput{Title: fmt.Sprint("meet ", i), OccurredAt: when, Pinned: pin})
		case 3:
			act, err = svc.AddCall(ctx, a, c.ID, contactkit.CallInput{Direction: activity.DirectionInbound, OccurredAt: when, Pinned: pin, Notes: strings.Repeat("é", 100)})
		}
		rep(fmt.Sprint("add ", i), err, act.ID, act.Task.Due.UTC(), act.Interaction.OccurredAt.UTC())
		if err == nil {
			ids = append(ids, act.ID)
		}
		if len(ids) > 0 && r.IntN(3) == 0 {
			id := ids[r.IntN(len(ids))]
			u, err := svc.UpdateActivity(ctx, a, id, contactkit.ActivityPatch{Pinned: new(r.IntN(2) == 0)})
			rep("pin", err, u.Version)
		}
	}
	for _, size := range []int{1, 3, 50} {
		var got []string
		cur := ""
		for {
			p, err := svc.ListTimeline(ctx, a, c.ID, contactkit.TimelineQuery{}, store.PageRequest{Limit: size, Cursor: cur})
			if err != nil {
				rep("timeline", err)
				break
			}
			for _, x := range p.Items {
				got = append(got, fmt.Sprint(x.ID, x.Pinned, x.When().UTC()))
			}
			if p.Next == "" {
				break
			}
			cur = p.Next
		}
		rep(fmt.Sprint("timeline ", size), len(got), strings.Join(got, "\n"))
	}
	for _, q := range []string{"a", "b", "task", "note 1", "\x00", "ÉÉ"} {
		var got []string
		for x, err := range svc.Timeline(ctx, a, c.ID, contactkit.TimelineQuery{Text: q}) {
			if err != nil {
				rep("search", q, err)
				break
			}
			got = append(got, x.ID.String())
		}
		rep("search "+q, got)
	}
	var feed []string
	for it, err := range svc.Feed(ctx, a, c.ID, contactkit.FeedQuery{}) {
		if err != nil {
			rep("feed", err)
			break
		}
		feed = append(feed, fmt.Sprint(it.Kind, it.At.UTC()))
	}
	rep("feed", strings.Join(feed, "\n"))
	return out
}

// TestRv20ActsTimelineParity: the script of rv20ActsParityRun gives the
// same on memstore and on PostgreSQL, call by call.
func TestRv20ActsTimelineParity(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	m := rv20ActsParityRun(t, memstore.New(), "rv20-acts-parity")
	p := rv20ActsParityRun(t, pgstore.New(pool, nil), "rv20-acts-parity")
	for i := range max(len(m), len(p)) {
		var x, y string
		if i < len(m) {
			x = m[i]
		}
		if i < len(p) {
			y = p[i]
		}
		if x != y {
			t.Errorf("step %d:\nmem: %s\npg:  %s", i, x, y)
		}
	}
}
