package activity

import (
	"strconv"
	"strings"
	"time"

	"github.com/contactkit/contactkit/contact"
)

// The names under which the properties of an activity are recorded in its
// history. FieldCreated is the creation, recorded with the kind as New;
// FieldDeletedAt going from "" to a time is a move to the trash, back to ""
// a restore; FieldContact is a task moved to another contact.
const (
	FieldCreated      = "created"
	FieldContact      = "contact"
	FieldTitle        = "title"
	FieldBody         = "body"
	FieldPinned       = "pinned"
	FieldTaskType     = "task.type"
	FieldTaskDue      = "task.due"
	FieldTaskDuration = "task.duration"
	FieldTaskAssignee = "task.assignee"
	FieldTaskReminder = "task.reminder"
	FieldTaskDone     = "task.completed_at"
	FieldDirection    = "direction"
	FieldOccurredAt   = "occurred_at"
	FieldDuration     = "duration"
	FieldOutcome      = "outcome"
	FieldAttendees    = "attendees"
	FieldEnroll       = "enroll"
	FieldEnrollOn     = "enroll_on"
	FieldDeletedAt    = "deleted_at"
)

// Change is one entry of an activity's history: one property of it went
// from Old to New, in the canonical text form of its value ("" for the zero
// value): times in RFC 3339 with nanoseconds, in UTC; durations as
// time.Duration.String writes them; booleans as "true" and "false";
// attendees as their String joined by ", ". A completed task records
// FieldTaskDone going from "" to the completion time.
type Change struct {
	Activity ID
	// Revision is the Version of the activity that the change produced:
	// the changes of one write share it, and the history lists them in
	// order of Revision, then Field.
	Revision int64
	Field    string
	Old      string
	New      string
	At       time.Time
	Actor    contact.UserID
	// Version is the optimistic-concurrency version of the entry itself,
	// set by the store.
	Version int64
}

// Created returns the history entry of the creation of a (of revision 1),
// with no time nor actor: the caller stamps them.
func Created(a *Activity) Change {
	return Change{Activity: a.ID, Revision: 1, Field: FieldCreated, New: string(a.Kind)}
}

// Diff returns the changes from before to after, two versions of one
// activity, one per property that differs, in the order of the Field
// constants; with no time, actor nor revision: the caller stamps them. The
// ID, kind, author, creation and update times and version are not
// properties a change records.
func Diff(before, after *Activity) []Change {
	var out []Change
	add := func(f, old, new string) {
		if old != new {
			out = append(out, Change{Activity: after.ID, Field: f, Old: old, New: new})
		}
	}
	add(FieldContact, idText(before.Contact), idText(after.Contact))
	add(FieldTitle, before.Title, after.Title)
	add(FieldBody, before.Body, after.Body)
	add(FieldPinned, strconv.FormatBool(before.Pinned), strconv.FormatBool(after.Pinned))
	bt, at := &before.Task, &after.Task
	add(FieldTaskType, string(bt.Type), string(at.Type))
	add(FieldTaskDue, timeText(bt.Due), timeText(at.Due))
	add(FieldTaskDuration, durationText(bt.Duration), durationText(at.Duration))
	add(FieldTaskAssignee, string(bt.Assignee), string(at.Assignee))
	add(FieldTaskReminder, timeText(bt.Reminder), timeText(at.Reminder))
	add(FieldTaskDone, timeText(bt.CompletedAt), timeText(at.CompletedAt))
	bi, ai := &before.Interaction, &after.Interaction
	add(FieldDirection, string(bi.Direction), string(ai.Direction))
	add(FieldOccurredAt, timeText(bi.OccurredAt), timeText(ai.OccurredAt))
	add(FieldDuration, durationText(bi.Duration), durationText(ai.Duration))
	add(FieldOutcome, string(bi.Outcome), string(ai.Outcome))
	add(FieldAttendees, attendeesText(bi.Attendees), attendeesText(ai.Attendees))
	add(FieldEnroll, idText(before.Enroll), idText(after.Enroll))
	add(FieldEnrollOn, string(before.EnrollOn), string(after.EnrollOn))
	add(FieldDeletedAt, timeText(before.DeletedAt), timeText(after.DeletedAt))
	return out
}

func idText(id interface {
	IsZero() bool
	String() string
}) string {
	if id.IsZero() {
		return ""
	}
	return id.String()
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func durationText(d time.Duration) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

func attendeesText(as []Attendee) string {
	parts := make([]string, len(as))
	for i, t := range as {
		parts[i] = t.String()
	}
	return strings.Join(parts, ", ")
}
