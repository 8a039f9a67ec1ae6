package automation

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit/internal/inputtext"
	"github.com/contactkit/contactkit/tag"
)

// TriggerKind is the kind of event that can enrol a contact into an
// automation.
type TriggerKind string

// The trigger kinds. Only TriggerTagAdded, TriggerListSubscribed and
// TriggerFormSubmitted take a Subject.
const (
	TriggerContactCreated TriggerKind = "contact_created"
	TriggerTagAdded       TriggerKind = "tag_added"
	TriggerListSubscribed TriggerKind = "list_subscribed"
	TriggerNoteAdded      TriggerKind = "note_added"
	TriggerTaskCreated    TriggerKind = "task_created"
	TriggerTaskCompleted  TriggerKind = "task_completed"
	TriggerFormSubmitted  TriggerKind = "form_submitted"
	// TriggerManual marks an automation that users may enrol contacts into
	// by hand. contactkit does not require it for a manual enrolment: which
	// automations to offer is the host's choice.
	TriggerManual TriggerKind = "manual"
)

// Valid reports whether k is one of the declared trigger kinds.
func (k TriggerKind) Valid() bool {
	switch k {
	case TriggerContactCreated, TriggerTagAdded, TriggerListSubscribed, TriggerNoteAdded,
		TriggerTaskCreated, TriggerTaskCompleted, TriggerFormSubmitted, TriggerManual:
		return true
	}
	return false
}

// hasSubject reports whether a trigger of kind k may be narrowed by a
// Subject.
func (k TriggerKind) hasSubject() bool {
	switch k {
	case TriggerTagAdded, TriggerListSubscribed, TriggerFormSubmitted:
		return true
	}
	return false
}

// MaxSubjectLength is the greatest number of characters of a
// TriggerFormSubmitted subject.
const MaxSubjectLength = 255

// Trigger is what enrols a contact into an automation: a kind of event,
// optionally narrowed by a Subject. The Subject is
//
//   - for TriggerTagAdded, the tag's Key (tag.Name.Key), so that any
//     spelling of the tag matches;
//   - for TriggerListSubscribed, the list ID in its canonical text form;
//   - for TriggerFormSubmitted, a form identifier chosen by the host;
//   - "" for any tag, any list, any form, and for the other kinds, which
//     take no subject.
//
// Build one with On, OnTagAdded, OnListSubscribed or OnFormSubmitted.
type Trigger struct {
	Kind    TriggerKind
	Subject string
}

// On returns the trigger of kind with no subject: any tag, list or form for
// the kinds that take one.
func On(kind TriggerKind) Trigger { return Trigger{Kind: kind} }

// OnTagAdded returns the trigger "tag n was added". A zero n means any tag.
func OnTagAdded(n tag.Name) Trigger { return Trigger{Kind: TriggerTagAdded, Subject: n.Key()} }

// OnListSubscribed returns the trigger "subscribed to the list listID" (the
// canonical text form of the list's ID). "" means any list.
func OnListSubscribed(listID string) Trigger {
	return Trigger{Kind: TriggerListSubscribed, Subject: listID}
}

// OnFormSubmitted returns the trigger "the form was submitted"; form is the
// host's identifier of the form. "" means any form.
func OnFormSubmitted(form string) Trigger {
	return Trigger{Kind: TriggerFormSubmitted, Subject: form}
}

// Occurrence is something that happened to a contact and may trigger
// automations: its Kind and its Subject in the form Trigger documents (the
// tag's Key, the list's ID, the form's identifier; "" for the other kinds).
type Occurrence struct {
	Kind    TriggerKind
	Subject string
}

// TagAdded returns the occurrence "tag n was added to a contact".
func TagAdded(n tag.Name) Occurrence { return Occurrence{Kind: TriggerTagAdded, Subject: n.Key()} }

// ListSubscribed returns the occurrence "a contact subscribed to the list
// listID" (the canonical text form of the list's ID).
func ListSubscribed(listID string) Occurrence {
	return Occurrence{Kind: TriggerListSubscribed, Subject: listID}
}

// FormSubmitted returns the occurrence "a contact submitted the form".
func FormSubmitted(form string) Occurrence {
	return Occurrence{Kind: TriggerFormSubmitted, Subject: form}
}

// Matches reports whether o fires t: same kind, and t has no subject or the
// same subject, compared byte for byte.
func (t Trigger) Matches(o Occurrence) bool {
	return t.Kind == o.Kind && (t.Subject == "" || t.Subject == o.Subject)
}

// Valid reports whether t is a trigger Automation.Validate accepts.
func (t Trigger) Valid() bool { return t.problem() == nil }

// problem returns why t is invalid, wrapping ErrInvalidAutomation, or nil.
func (t Trigger) problem() error {
	if !t.Kind.Valid() {
		return fmt.Errorf("%w: unknown trigger kind %s", ErrInvalidAutomation, inputtext.Quote(string(t.Kind)))
	}
	if t.Subject == "" {
		return nil
	}
	if !t.Kind.hasSubject() {
		return fmt.Errorf("%w: a %s trigger takes no subject", ErrInvalidAutomation, t.Kind)
	}
	switch t.Kind {
	case TriggerTagAdded:
		n, err := tag.ParseName(t.Subject)
		if err != nil || n.Key() != t.Subject {
			return fmt.Errorf("%w: tag subject %s is not a tag key", ErrInvalidAutomation, inputtext.Quote(t.Subject))
		}
	case TriggerListSubscribed:
		u, err := uuid.Parse(t.Subject)
		if err != nil || u.String() != t.Subject {
			return fmt.Errorf("%w: list subject %s is not a list ID in canonical form", ErrInvalidAutomation, inputtext.Quote(t.Subject))
		}
	case TriggerFormSubmitted:
		switch {
		case !utf8.ValidString(t.Subject) || strings.IndexFunc(t.Subject, unicode.IsControl) >= 0:
			return fmt.Errorf("%w: form subject %s holds a forbidden character", ErrInvalidAutomation, inputtext.Quote(t.Subject))
		case strings.TrimSpace(t.Subject) != t.Subject:
			return fmt.Errorf("%w: form subject %s has surrounding white space", ErrInvalidAutomation, inputtext.Quote(t.Subject))
		case utf8.RuneCountInString(t.Subject) > MaxSubjectLength:
			return fmt.Errorf("%w: form subject longer than %d characters", ErrInvalidAutomation, MaxSubjectLength)
		}
	}
	return nil
}

// CauseKind is the kind of record that made a contact enter an
// automation.
type CauseKind string

// The kinds of cause.
const (
	// CauseActivity: a note or a task (activity.ID in canonical text form).
	CauseActivity CauseKind = "activity"
)

// Cause names the record that made a contact enter an automation: its kind
// and its ID in canonical text form. The zero Cause names none.
type Cause struct {
	Kind CauseKind
	ID   string
}

// IsZero reports whether c names no record.
func (c Cause) IsZero() bool { return c == Cause{} }

// String returns "kind:id", or "" for the zero Cause.
func (c Cause) String() string {
	if c.IsZero() {
		return ""
	}
	return string(c.Kind) + ":" + c.ID
}
