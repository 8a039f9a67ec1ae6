package contactkit_test

import (
	"errors"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store/memstore"
)

// TestRv20ActsTimesInRange: a due time, a reminder or the time of a call,
// an email or a meeting past 9999 or before 0001 (which no store that
// writes RFC 3339 can hold) is refused, added or changed, as invalid
// input naming the property; a time given in a zone is kept as its
// instant, in UTC.
func TestRv20ActsTimesInRange(t *testing.T) {
	ctx := t.Context()
	now := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	svc := contactkit.New(memstore.New(), &contactkit.Options{Now: func() time.Time { return now }})
	a := rv20ActsOwner
	c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada")}})
	if err != nil {
		t.Fatal(err)
	}
	property := func(err error) string {
		if ve, ok := errors.AsType[*activity.ValidationError](err); ok && errors.Is(err, contactkit.ErrInvalidInput) {
			return ve.Property
		}
		return "(" + rv20ActsErrString(err) + ")"
	}
	far, before := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(0, 12, 31, 23, 59, 59, 0, time.UTC)
	for _, at := range []time.Time{far, before} {
		_, err := svc.AddTask(ctx, a, c.ID, contactkit.TaskInput{Title: "T", Task: activity.Task{Due: at}})
		if p := property(err); p != "task.due" {
			t.Errorf("task due %v: %s", at, p)
		}
		_, err = svc.AddTask(ctx, a, c.ID, contactkit.TaskInput{Title: "T", Task: activity.Task{Reminder: at}})
		if p := property(err); p != "task.reminder" {
			t.Errorf("task reminder %v: %s", at, p)
		}
		_, err = svc.AddEmail(ctx, a, c.ID, contactkit.EmailInput{Direction: activity.DirectionInbound, OccurredAt: at, Subject: "Hi"})
		if p := property(err); p != "occurred_at" {
			t.Errorf("email at %v: %s", at, p)
		}
	}
	kathmandu := time.FixedZone("+0545", 5*3600+45*60)
	mt, err := svc.AddMeeting(ctx, a, c.ID, contactkit.MeetingInput{Title: "Demo", OccurredAt: time.Date(2026, 5, 2, 9, 0, 0, 0, kathmandu)})
	if err != nil {
		t.Fatal(err)
	}
	if at := mt.Interaction.OccurredAt; at.Location() != time.UTC || !at.Equal(time.Date(2026, 5, 2, 3, 15, 0, 0, time.UTC)) {
		t.Errorf("meeting at %v, want 03:15 UTC", at)
	}
	_, err = svc.UpdateActivity(ctx, a, mt.ID, contactkit.ActivityPatch{Interaction: &activity.Interaction{OccurredAt: far}})
	if p := property(err); p != "occurred_at" {
		t.Errorf("meeting moved to %v: %s", far, p)
	}
	if g, err := svc.GetActivity(ctx, a, mt.ID); err != nil || g.Version != mt.Version {
		t.Errorf("the meeting refused a move: %v, version %d of %d", err, g.Version, mt.Version)
	}
}

func rv20ActsErrString(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}
