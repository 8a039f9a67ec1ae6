package activity

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/inputtext"
)

// Limits of Validate.
const (
	// MaxTitleLength is the greatest number of characters (Unicode code
	// points) of a task's title.
	MaxTitleLength = 255
	// MaxBodyBytes is the greatest length in bytes of a body (a note's, a
	// task's description, an email's, a call's or a meeting's notes): room
	// for contact.MaxNoteLen characters of four bytes each, so that the
	// Service's limit in characters (contact.Limits.Note) is the one a body
	// meets first.
	MaxBodyBytes = 4 * contact.MaxNoteLen
)

// Kind says what an activity is.
type Kind string

// The kinds of activity. A note and a task are written by a user; a call, an
// email and a meeting are interactions with the contact, logged with their
// Interaction.
const (
	KindNote    Kind = "note"
	KindTask    Kind = "task"
	KindCall    Kind = "call"
	KindEmail   Kind = "email"
	KindMeeting Kind = "meeting"
)

// Kinds returns every declared kind, in a fixed order.
func Kinds() []Kind { return []Kind{KindNote, KindTask, KindCall, KindEmail, KindMeeting} }

// Valid reports whether k is one of the declared kinds.
func (k Kind) Valid() bool {
	switch k {
	case KindNote, KindTask, KindCall, KindEmail, KindMeeting:
		return true
	}
	return false
}

// IsInteraction reports whether k is a call, an email or a meeting: a kind
// that has an Interaction.
func (k Kind) IsInteraction() bool {
	switch k {
	case KindCall, KindEmail, KindMeeting:
		return true
	}
	return false
}

// EnrollOn says when an activity that names an automation enrols its
// contact into it.
type EnrollOn string

// When an activity enrols its contact.
const (
	// EnrollOnSave enrols the contact when the activity is created. It is
	// what a note does; a task does it when it says so.
	EnrollOnSave EnrollOn = "save"
	// EnrollOnCompletion enrols the contact when the task is completed (or
	// created completed). It is what a task does when it says nothing.
	EnrollOnCompletion EnrollOn = "completion"
)

// Valid reports whether e is one of the declared moments or zero (the
// default of the activity's kind).
func (e EnrollOn) Valid() bool {
	switch e {
	case "", EnrollOnSave, EnrollOnCompletion:
		return true
	}
	return false
}

// TaskType is the type of a task. The zero TaskType means TaskTodo.
type TaskType string

// The types of a task.
const (
	TaskTodo    TaskType = "todo"
	TaskCall    TaskType = "call"
	TaskEmail   TaskType = "email"
	TaskMeeting TaskType = "meeting"
)

// Valid reports whether t is one of the declared types or the zero TaskType
// (which means TaskTodo).
func (t TaskType) Valid() bool {
	switch t {
	case "", TaskTodo, TaskCall, TaskEmail, TaskMeeting:
		return true
	}
	return false
}

// Task holds what only a task has. Its zero value is the Task of every
// note.
type Task struct {
	Type     TaskType      // zero means TaskTodo
	Due      time.Time     // when the task is due; zero: no due time
	Duration time.Duration // how long it takes (a call, a meeting); zero: not said
	Assignee contact.UserID
	Reminder time.Time // when to remind the assignee; zero: no reminder
	// Completed says whether the task is done, since CompletedAt (set
	// exactly when Completed is). Change it with Complete and Reopen.
	Completed   bool
	CompletedAt time.Time
}

// IsZero reports whether t is the zero Task.
func (t Task) IsZero() bool {
	return t.Type == "" && t.Due.IsZero() && t.Duration == 0 && t.Assignee == "" &&
		t.Reminder.IsZero() && !t.Completed && t.CompletedAt.IsZero()
}

// Activity is a note, a task, a call, an email or a meeting about one
// contact. The store scopes it to its workspace and lists a contact's
// activities in timeline order (Compare).
//
// An Activity is a value: the store hands out copies, and Clone makes a copy
// that shares nothing with the original.
type Activity struct {
	ID      ID
	Contact contact.ID
	Kind    Kind
	Author  contact.UserID
	// Pinned activities come first in the timeline.
	Pinned bool
	// Title is a task's title, an email's subject or a meeting's name; a
	// call may have one; a note has none.
	Title string
	// Body is a note's text, a task's description, an email's text, or the
	// notes taken on a call or at a meeting.
	Body string
	// Task holds the task's properties; zero for every other kind.
	Task Task
	// Interaction holds what a call, an email or a meeting has; zero for a
	// note and a task.
	Interaction Interaction
	// Enroll is the automation to enrol the contact into, when EnrollOn
	// says; zero for none. Only notes and tasks enrol.
	Enroll automation.ID
	// EnrollOn says when Enroll is enrolled into. Zero means the kind's
	// default: EnrollOnSave for a note, EnrollOnCompletion for a task. It
	// is zero when Enroll is.
	EnrollOn EnrollOn
	// DeletedAt is when the activity was moved to its trash, and DeletedBy
	// who moved it; both zero while it is live. See Trash and Restore.
	DeletedAt time.Time
	DeletedBy contact.UserID
	// Version is the optimistic-concurrency version, set by the store: 1
	// after Create, incremented by every Update.
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Clone returns a copy of a that shares nothing with it.
func (a *Activity) Clone() Activity {
	c := *a
	c.Interaction.Attendees = slices.Clone(a.Interaction.Attendees)
	return c
}

// IsTask reports whether a is a task.
func (a *Activity) IsTask() bool { return a.Kind == KindTask }

// Trashed reports whether a is in its trash.
func (a *Activity) Trashed() bool { return !a.DeletedAt.IsZero() }

// EnrollsOn returns when a enrols its contact into a.Enroll: its EnrollOn,
// or the default of its kind when that is zero; zero when a names no
// automation.
func (a *Activity) EnrollsOn() EnrollOn {
	switch {
	case a.Enroll.IsZero():
		return ""
	case a.EnrollOn != "":
		return a.EnrollOn
	case a.IsTask():
		return EnrollOnCompletion
	}
	return EnrollOnSave
}

// Validate checks the rules of an activity and reports every broken one at
// once, joined, each a *ValidationError wrapping ErrInvalidActivity:
//
//   - the kind is one of the declared kinds, the contact ID is not zero and
//     the author is set;
//   - a note has a body that is not blank, no title and a zero Task;
//   - a task has a title that is not blank, of at most MaxTitleLength
//     characters, a valid TaskType, a Duration not below zero, a Reminder
//     not after its Due time when both are set, and a CompletedAt set
//     exactly when it is Completed;
//   - a note and a task have a zero Interaction; a call, an email and a
//     meeting have a zero Task and an Interaction that follows the rules of
//     their kind (see Interaction);
//   - an email has a subject (Title) or a body that is not blank, a meeting
//     a name (Title) that is not blank; the title of a call is optional;
//   - titles and bodies are valid UTF-8, titles have at most
//     MaxTitleLength characters and bodies at most MaxBodyBytes bytes (the
//     error of a longer one wraps contact.ErrTooLong too);
//   - only a note or a task names an automation to enrol into; EnrollOn is
//     zero when it names none, EnrollOnSave or zero for a note, and any
//     valid EnrollOn for a task;
//   - DeletedAt and DeletedBy are set together;
//   - the times given (a task's Due, Reminder and CompletedAt, an
//     Interaction's OccurredAt) fall in the years 0001 to 9999 in UTC,
//     which RFC 3339 writes.
func (a *Activity) Validate() error {
	var errs []error
	fail := func(property, format string, args ...any) {
		err := fmt.Errorf("%w: "+format, append([]any{ErrInvalidActivity}, args...)...)
		errs = append(errs, &ValidationError{Activity: a.ID, Property: property, Err: err})
	}
	if !a.Kind.Valid() {
		fail("kind", "unknown kind %s", inputtext.Quote(string(a.Kind)))
	}
	if a.Contact.IsZero() {
		fail("contact", "no contact")
	}
	if a.Author == "" {
		fail("author", "no author")
	}
	user := func(property string, id contact.UserID) {
		if err := contact.CheckUserID(property, id); err != nil {
			fail(property, "%w", err) // the *contact.ParseError stays reachable
		}
	}
	user("author", a.Author)
	user("task.assignee", a.Task.Assignee)
	for _, t := range a.Interaction.Attendees {
		user("attendees", t.User)
	}
	if !utf8.ValidString(a.Body) {
		fail("body", "invalid UTF-8")
	} else if len(a.Body) > MaxBodyBytes {
		fail("body", "%w: %d bytes, at most %d", contact.ErrTooLong, len(a.Body), MaxBodyBytes)
	}
	title := func(required bool, what string) {
		n := utf8.RuneCountInString(a.Title)
		switch {
		case !utf8.ValidString(a.Title):
			fail("title", "invalid UTF-8")
		case required && blank(a.Title):
			fail("title", "a %s needs a title", what)
		case n > MaxTitleLength:
			fail("title", "%w: %d characters, at most %d", contact.ErrTooLong, n, MaxTitleLength)
		}
	}
	if a.Kind.IsInteraction() {
		if !a.Task.IsZero() {
			fail("task", "a %s has no task properties", a.Kind)
		}
		a.Interaction.validate(a.Kind, fail)
	} else if !a.Interaction.IsZero() {
		fail("interaction", "a %s has no interaction properties", a.Kind)
	}
	switch a.Kind {
	case KindNote:
		if blank(a.Body) {
			fail("body", "a note needs a body")
		}
		if a.Title != "" {
			fail("title", "a note has no title")
		}
		if !a.Task.IsZero() {
			fail("task", "a note has no task properties")
		}
	case KindTask:
		title(true, "task")
		t := &a.Task
		if !t.Type.Valid() {
			fail("task.type", "unknown task type %s", inputtext.Quote(string(t.Type)))
		}
		if t.Duration < 0 {
			fail("task.duration", "negative duration %v", t.Duration)
		}
		if !t.Reminder.IsZero() && !t.Due.IsZero() && t.Reminder.After(t.Due) {
			fail("task.reminder", "reminder after the due time")
		}
		if t.Completed && t.CompletedAt.IsZero() {
			fail("task.completed_at", "completed without a completion time")
		}
		if !t.Completed && !t.CompletedAt.IsZero() {
			fail("task.completed_at", "a completion time on a task not completed")
		}
	case KindCall:
		title(false, "call")
	case KindEmail:
		title(false, "email")
		if blank(a.Title) && blank(a.Body) {
			fail("body", "an email needs a subject or a body")
		}
	case KindMeeting:
		title(true, "meeting")
	}
	switch {
	case !a.EnrollOn.Valid():
		fail("enroll_on", "unknown moment %s", inputtext.Quote(string(a.EnrollOn)))
	case a.Enroll.IsZero() && a.EnrollOn != "":
		fail("enroll_on", "no automation to enrol into")
	case !a.Enroll.IsZero() && a.Kind != KindNote && a.Kind != KindTask:
		fail("enroll", "a %s enrols into no automation", a.Kind)
	case a.Kind == KindNote && a.EnrollOn == EnrollOnCompletion:
		fail("enroll_on", "a note is never completed")
	}
	if a.DeletedAt.IsZero() != (a.DeletedBy == "") {
		fail("deleted_at", "deleted_at and deleted_by are set together")
	}
	for _, t := range [...]struct {
		property string
		at       time.Time
	}{{"task.due", a.Task.Due}, {"task.reminder", a.Task.Reminder}, {"task.completed_at", a.Task.CompletedAt}, {"occurred_at", a.Interaction.OccurredAt}} {
		if y := t.at.UTC().Year(); !t.at.IsZero() && (y < 1 || y > 9999) {
			fail(t.property, "year %d out of range: want 0001 to 9999", y)
		}
	}
	return errors.Join(errs...)
}

// Complete marks the task a as completed at time at. It reports whether a
// changed: completing a completed task changes nothing and keeps its first
// CompletedAt. For a note it returns an *OpError wrapping ErrNotATask. It
// does not touch UpdatedAt, which the Service sets with every write.
func (a *Activity) Complete(at time.Time) (changed bool, err error) {
	if err := a.mustBeTask("complete"); err != nil {
		return false, err
	}
	if a.Task.Completed {
		return false, nil
	}
	a.Task.Completed = true
	a.Task.CompletedAt = at
	return true, nil
}

// Reopen marks the task a as not completed and clears its CompletedAt. It
// reports whether a changed: reopening an open task changes nothing. For a
// note it returns an *OpError wrapping ErrNotATask.
func (a *Activity) Reopen() (changed bool, err error) {
	if err := a.mustBeTask("reopen"); err != nil {
		return false, err
	}
	if !a.Task.Completed {
		return false, nil
	}
	a.Task.Completed = false
	a.Task.CompletedAt = time.Time{}
	return true, nil
}

func (a *Activity) mustBeTask(op string) error {
	if a.IsTask() {
		return nil
	}
	return a.opError(op, fmt.Errorf("%w: kind %q", ErrNotATask, a.Kind))
}

// blank reports whether s holds nothing but white space and invisible
// characters (zero-width, bidirectional controls), which read as nothing.
func blank(s string) bool {
	return strings.TrimSpace(inputtext.StripInvisible(s)) == ""
}
