package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestRv20ActsCompletionRaces: on PostgreSQL, one task that enrols on
// completion is completed by several workers at once, reopened and
// completed again, while others retry the AddTask that made it with its
// key and pin it: each completion is one ActivityUpdated that says
// Completed and one enrolment, the retries return that one task, and the
// history holds each completion once.
func TestRv20ActsCompletionRaces(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	ctx := t.Context()
	var mu sync.Mutex
	completions, enrolments := 0, 0
	svc := contactkit.New(pgstore.New(pool, nil), &contactkit.Options{
		Now: func() time.Time { return time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC) },
		Subscribers: []contactkit.Subscriber{func(_ context.Context, e contactkit.Event) {
			mu.Lock()
			defer mu.Unlock()
			switch e := e.(type) {
			case contactkit.ActivityUpdated:
				if e.Completed {
					completions++
				}
			case contactkit.Enrolled:
				enrolments++
			}
		}},
	})
	a := contactkit.Actor{Workspace: "rv20-acts-race", User: "u", Role: contactkit.RoleOwner}
	au, err := svc.CreateAutomation(ctx, a, automation.Automation{Name: "Thanks", Steps: []automation.Step{{Name: "s"}}, Active: true, Reentry: automation.ReentryAllow})
	if err != nil {
		t.Fatal(err)
	}
	c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada")}})
	if err != nil {
		t.Fatal(err)
	}
	in := contactkit.TaskInput{Title: "Send quote", Task: activity.Task{Type: activity.TaskEmail}, Enroll: au.ID, Key: "form-17"}
	tk, err := svc.AddTask(ctx, a, c.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	for round := range 3 {
		var wg sync.WaitGroup
		errs := make(chan error, 12)
		for w := range 12 {
			wg.Go(func() {
				var err error
				switch w % 3 {
				case 0, 1:
					_, err = svc.CompleteTask(ctx, a, tk.ID)
				case 2:
					var got activity.Activity
					got, err = svc.AddTask(ctx, a, c.ID, in)
					if err == nil && got.ID != tk.ID {
						err = fmt.Errorf("retry gave %s, want %s", got.ID, tk.ID)
					}
				}
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if _, err := svc.ReopenTask(ctx, a, tk.ID); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	for ch, err := range svc.ActivityHistory(ctx, a, tk.ID) {
		if err != nil {
			t.Fatal(err)
		}
		if ch.Field == activity.FieldTaskDone && ch.New != "" {
			n++
		}
	}
	if n != 3 || completions != 3 || enrolments != 3 {
		t.Errorf("3 rounds: %d completions in the history, %d events, %d enrolments", n, completions, enrolments)
	}
}

// TestRv20ActsKeyRaceWithOtherInputs: on PostgreSQL, workers send one
// idempotency key at once, half with one body and half with another: one
// note is added; each worker gets it back when its body is the note's, or
// an error matching ErrKeyReused and ErrConflict when not; the timeline
// holds that one note.
func TestRv20ActsKeyRaceWithOtherInputs(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	ctx := t.Context()
	svc := contactkit.New(pgstore.New(pool, nil), &contactkit.Options{Now: func() time.Time { return time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC) }})
	a := contactkit.Actor{Workspace: "rv20-acts-keyrace", User: "u", Role: contactkit.RoleOwner}
	for round := range 4 {
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(fmt.Sprint("P", round))}})
		if err != nil {
			t.Fatal(err)
		}
		type result struct {
			body string
			act  activity.Activity
			err  error
		}
		results := make(chan result, 8)
		var wg sync.WaitGroup
		for w := range 8 {
			wg.Go(func() {
				body := []string{"Call me back", "Send the brochure"}[w%2]
				act, err := svc.AddNote(ctx, a, c.ID, contactkit.NoteInput{Body: body, Key: "form-1"})
				results <- result{body, act, err}
			})
		}
		wg.Wait()
		close(results)
		var ids []activity.ID
		for x, err := range svc.Timeline(ctx, a, c.ID, contactkit.TimelineQuery{}) {
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, x.ID)
		}
		if len(ids) != 1 {
			t.Fatalf("round %d: %d notes", round, len(ids))
		}
		note, err := svc.GetActivity(ctx, a, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		for res := range results {
			switch {
			case res.body == note.Body && (res.err != nil || res.act.ID != note.ID):
				t.Errorf("round %d: %q: %v, %s", round, res.body, res.err, res.act.ID)
			case res.body != note.Body && !(errors.Is(res.err, contactkit.ErrKeyReused) && errors.Is(res.err, contactkit.ErrConflict)):
				t.Errorf("round %d: %q against %q: %v", round, res.body, note.Body, res.err)
			}
		}
	}
}
