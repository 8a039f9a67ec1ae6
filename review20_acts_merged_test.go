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

// TestRv20ActsAroundAMerge: a task moved to a contact merged away is
// refused (ErrTrashed and ErrMerged) and stays where it was; the merge
// moves the other's keyed note, pinned task and meeting to the survivor,
// where they keep their place in the timeline and their history; a retry
// of the note's AddNote on the merged-away contact is refused, not added
// again; completing the moved task works on the survivor; and a meeting
// of the survivor may name the merged-away contact, which the workspace
// still holds, as an attendee.
func TestRv20ActsAroundAMerge(t *testing.T) {
	ctx := t.Context()
	now := time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC)
	svc := contactkit.New(memstore.New(), &contactkit.Options{Now: func() time.Time { return now }})
	a := rv20ActsOwner
	mk := func(first, email string) contact.ID {
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(first), Email: new(email)}})
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	ann, other, third := mk("Ann", "ann@example.com"), mk("Ann", "ann.b@example.com"), mk("Cy", "cy@example.com")
	note, err := svc.AddNote(ctx, a, other, contactkit.NoteInput{Body: "Met at the fair", Key: "fair-17"})
	if err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Minute)
	tk, err := svc.AddTask(ctx, a, other, contactkit.TaskInput{Title: "Send quote", Pinned: true, Task: activity.Task{Due: now.Add(24 * time.Hour)}})
	if err != nil {
		t.Fatal(err)
	}
	stay, err := svc.AddTask(ctx, a, third, contactkit.TaskInput{Title: "Call"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: ann, Others: []contact.ID{other}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.MergeContacts(ctx, a, p); err != nil {
		t.Fatal(err)
	}
	_, err = svc.MoveTask(ctx, a, stay.ID, other)
	if !errors.Is(err, contactkit.ErrTrashed) || !errors.Is(err, contactkit.ErrMerged) {
		t.Errorf("task moved to a merged-away contact: %v", err)
	}
	if g, err := svc.GetActivity(ctx, a, stay.ID); err != nil || g.Contact != third || g.Version != stay.Version {
		t.Errorf("the task refused stays: %v, on %s, version %d", err, g.Contact, g.Version)
	}
	var got []activity.ID
	for x, err := range svc.Timeline(ctx, a, ann, contactkit.TimelineQuery{}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, x.ID)
	}
	if len(got) != 2 || got[0] != tk.ID || got[1] != note.ID {
		t.Errorf("survivor's timeline %v, want the pinned task %s then the note %s", got, tk.ID, note.ID)
	}
	_, err = svc.AddNote(ctx, a, other, contactkit.NoteInput{Body: "Met at the fair", Key: "fair-17"})
	if !errors.Is(err, contactkit.ErrMerged) {
		t.Errorf("retry on the merged-away contact: %v", err)
	}
	done, err := svc.CompleteTask(ctx, a, tk.ID)
	if err != nil || !done.Task.Completed || done.Contact != ann {
		t.Errorf("complete the moved task: %v, %+v", err, done.Task)
	}
	if _, err := svc.AddMeeting(ctx, a, ann, contactkit.MeetingInput{Title: "Demo", OccurredAt: now,
		Attendees: []activity.Attendee{{Contact: other}, {Contact: ann}, {User: "u-owner"}}}); err != nil {
		t.Errorf("meeting naming the merged-away contact: %v", err)
	}
	n := 0
	for _, err := range svc.Timeline(ctx, a, ann, contactkit.TimelineQuery{}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 3 {
		t.Errorf("survivor's timeline holds %d activities, want 3", n)
	}
}
