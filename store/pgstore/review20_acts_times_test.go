package pgstore_test

import (
	"errors"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestRv20ActsTimesKeepTheirInstant: a task's due time and reminder and a
// meeting's start, given in zones whose offset holds seconds (local mean
// time, as the tz database gives Paris before 1911 and Amsterdam before
// 1937) or at a DST edge, added or changed, read back as the same instant on memstore and on
// PostgreSQL; a time RFC 3339 cannot write (a year past 9999 or before 1)
// is refused alike, as invalid input, by both.
func TestRv20ActsTimesKeepTheirInstant(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip(err)
	}
	amsterdam, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Skip(err)
	}
	times := []time.Time{
		time.Date(1906, 5, 20, 17, 40, 0, 958534097, paris),
		time.Date(1930, 1, 18, 9, 0, 0, 0, amsterdam), // +00:19:32
		time.Date(2026, 3, 29, 2, 30, 0, 1, paris),    // in the gap
		time.Date(2026, 10, 25, 2, 30, 0, 0, paris),   // in the fold
		time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
	}
	for name, st := range map[string]store.Store{"memstore": memstore.New(), "pgstore": pgstore.New(pool, nil)} {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			now := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
			svc := contactkit.New(st, &contactkit.Options{Now: func() time.Time { return now }})
			a := contactkit.Actor{Workspace: "rv20-acts-times", User: "u", Role: contactkit.RoleOwner}
			c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada")}})
			if err != nil {
				t.Fatal(err)
			}
			for _, at := range times {
				tk, err := svc.AddTask(ctx, a, c.ID, contactkit.TaskInput{Title: "Call back", Task: activity.Task{Due: at, Reminder: at}})
				if err != nil {
					t.Fatalf("task due %v: %v", at, err)
				}
				mt, err := svc.AddMeeting(ctx, a, c.ID, contactkit.MeetingInput{Title: "Demo", OccurredAt: at})
				if err != nil {
					t.Fatalf("meeting at %v: %v", at, err)
				}
				call, err := svc.AddCall(ctx, a, c.ID, contactkit.CallInput{Direction: activity.DirectionInbound, OccurredAt: now})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := svc.UpdateActivity(ctx, a, call.ID, contactkit.ActivityPatch{Interaction: &activity.Interaction{Direction: activity.DirectionInbound, OccurredAt: at}}); err != nil {
					t.Fatalf("call moved to %v: %v", at, err)
				}
				gc, err := svc.GetActivity(ctx, a, call.ID)
				if err != nil {
					t.Fatal(err)
				}
				gt, err := svc.GetActivity(ctx, a, tk.ID)
				if err != nil {
					t.Fatal(err)
				}
				gm, err := svc.GetActivity(ctx, a, mt.ID)
				if err != nil {
					t.Fatal(err)
				}
				for what, got := range map[string]time.Time{"due": gt.Task.Due, "reminder": gt.Task.Reminder, "occurred at": gm.Interaction.OccurredAt, "call moved to": gc.Interaction.OccurredAt,
					"due as added": tk.Task.Due, "occurred at as added": mt.Interaction.OccurredAt} {
					if !got.Equal(at) {
						t.Errorf("%s %v reads %v", what, at, got)
					}
				}
			}
			for _, at := range []time.Time{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(0, 12, 31, 23, 0, 0, 0, time.UTC)} {
				_, err := svc.AddTask(ctx, a, c.ID, contactkit.TaskInput{Title: "Far", Task: activity.Task{Due: at}})
				if !errors.Is(err, contactkit.ErrInvalidInput) {
					t.Errorf("task due %v: %v, want ErrInvalidInput", at, err)
				}
				_, err = svc.AddCall(ctx, a, c.ID, contactkit.CallInput{Direction: activity.DirectionOutbound, OccurredAt: at})
				if !errors.Is(err, contactkit.ErrInvalidInput) {
					t.Errorf("call at %v: %v, want ErrInvalidInput", at, err)
				}
			}
		})
	}
}
