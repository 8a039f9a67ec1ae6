package activity

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
)

// Limits of Validate.
const (
	// MaxTitleLength is the greatest number of characters (Unicode code
	// points) of a task's title.
	MaxTitleLength = 255
	// MaxBodyBytes is the greatest length in bytes of a note's body or a
	// task's description.
	MaxBodyBytes = 65535
)

// Kind says what an activity is.
type Kind string

// The kinds of activity.
const (
	KindNote Kind = "note"
	KindTask Kind = "task"
)

// Valid reports whether k is one of the declared kinds.
func (k Kind) Valid() bool {
	switch k {
	case KindNote, KindTask:
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

// Task holds what only a task has (H1). Its zero value is the Task of every
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

// Activity is a note or a task about one contact (H1). The store scopes it
// to its workspace and lists a contact's activities in timeline order
// (Compare).
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
	// Title is a task's title; a note has none.
	Title string
	// Body is a note's text or a task's description.
	Body string
	// Task holds the task's properties; zero for a note.
	Task Task
	// Enroll is the automation to enrol the contact into when the note is
	// saved or the task completed; zero for none.
	Enroll automation.ID
	// Version is the optimistic-concurrency version, set by the store: 1
	// after Create, incremented by every Update.
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Clone returns a copy of a that shares nothing with it.
func (a *Activity) Clone() Activity { return *a }

// IsTask reports whether a is a task.
func (a *Activity) IsTask() bool { return a.Kind == KindTask }

// Validate checks the rules of an activity and reports every broken one at
// once, joined, each a *ValidationError wrapping ErrInvalidActivity:
//
//   - the kind is KindNote or KindTask, the contact ID is not zero and the
//     author is set;
//   - a note has a body that is not blank, no title and a zero Task;
//   - a task has a title that is not blank, of at most MaxTitleLength
//     characters, a valid TaskType, a Duration not below zero, a Reminder
//     not after its Due time when both are set, and a CompletedAt set
//     exactly when it is Completed;
//   - titles and bodies are valid UTF-8, and bodies have at most
//     MaxBodyBytes bytes.
func (a *Activity) Validate() error {
	var errs []error
	fail := func(property, format string, args ...any) {
		err := fmt.Errorf("%w: "+format, append([]any{ErrInvalidActivity}, args...)...)
		errs = append(errs, &ValidationError{Activity: a.ID, Property: property, Err: err})
	}
	if !a.Kind.Valid() {
		fail("kind", "unknown kind %q", a.Kind)
	}
	if a.Contact.IsZero() {
		fail("contact", "no contact")
	}
	if a.Author == "" {
		fail("author", "no author")
	}
	if !utf8.ValidString(a.Body) {
		fail("body", "invalid UTF-8")
	} else if len(a.Body) > MaxBodyBytes {
		fail("body", "longer than %d bytes", MaxBodyBytes)
	}
	switch a.Kind {
	case KindNote:
		if strings.TrimSpace(a.Body) == "" {
			fail("body", "a note needs a body")
		}
		if a.Title != "" {
			fail("title", "a note has no title")
		}
		if !a.Task.IsZero() {
			fail("task", "a note has no task properties")
		}
	case KindTask:
		switch {
		case !utf8.ValidString(a.Title):
			fail("title", "invalid UTF-8")
		case strings.TrimSpace(a.Title) == "":
			fail("title", "a task needs a title")
		case utf8.RuneCountInString(a.Title) > MaxTitleLength:
			fail("title", "longer than %d characters", MaxTitleLength)
		}
		t := &a.Task
		if !t.Type.Valid() {
			fail("task.type", "unknown task type %q", t.Type)
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
	return &OpError{Op: op, Activity: a.ID, Err: fmt.Errorf("%w: kind %q", ErrNotATask, a.Kind)}
}
