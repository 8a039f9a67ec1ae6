package contactkit

import (
	"time"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/tag"
)

// Event is a committed change. The concrete types are the structs
// below, all of which embed EventMeta; switch on the type:
//
//	switch e := e.(type) {
//	case contactkit.ContactCreated:
//		index(e.Contact)
//	case contactkit.ContactTagged:
//		...
//	}
//
// Events are delivered after their transaction commits, never for a call
// that failed. With a store that keeps an outbox, they are also written in
// the call's transaction (EncodeEvent) and read back by a Relay.
type Event interface {
	// Meta returns what every event carries.
	Meta() EventMeta
}

// EventMeta is what every event carries: where, who, when, and the contact
// it is about (the zero ID for workspace-wide events such as TagDeleted).
type EventMeta struct {
	Workspace contact.WorkspaceID
	Contact   contact.ID
	Actor     contact.UserID
	At        time.Time
	// Followers are the users who follow Contact (Service.Follow) as the
	// call commits, in order of user ID; for a contact the call erased, who
	// followed it before. Empty when nobody does, and for workspace-wide
	// events. Each event holds its own copy.
	Followers []contact.UserID `json:",omitempty"`
}

// Meta implements Event.
func (m EventMeta) Meta() EventMeta { return m }

// ContactCreated: a contact was created, by a call or a capture.
type ContactCreated struct {
	EventMeta
	Snapshot contact.Contact // the contact as committed
}

// ContactUpdated: fields of a contact changed.
type ContactUpdated struct {
	EventMeta
	// Fields names the changed fields, as the property history records
	// them (contact.FieldEmail, "fields.plan", …), in contact.Diff order.
	Fields   []string
	Snapshot contact.Contact // the contact as committed
}

// ContactTagged: tags were added to a contact.
type ContactTagged struct {
	EventMeta
	Tags []tag.Name // the tags added, in the order given
}

// ContactUntagged: tags were removed from a contact, by a call or because
// the tag was deleted.
type ContactUntagged struct {
	EventMeta
	Tags []tag.Name // the tags removed
}

// TagDeleted: a tag was deleted from the workspace and from every contact
// that had it.
type TagDeleted struct {
	EventMeta
	Tag      tag.Name
	Contacts int // how many contacts had it
}

// ContactBlocked: a contact was blocked. Its active enrollments were
// stopped in the same transaction; the host should close its conversation.
// Reason is the one given to BlockContact, or ReasonMerged when a merge
// blocked the survivor because an input was blocked.
type ContactBlocked struct {
	EventMeta
	Reason string
}

// ContactUnblocked: a blocked contact is active again (UnblockContact, or
// an unmerge that gives back a primary that was not blocked). Nothing it
// was in before is restarted.
type ContactUnblocked struct {
	EventMeta
}

// ListStatusChanged: a contact's membership of a list changed status:
// it subscribed (To is list.StatusSubscribed or, for double opt-in,
// list.StatusUnconfirmed) or unsubscribed. From is "" when the contact
// joined the list. A merge announces so each change it makes to the
// survivor's memberships (uniting them with the others', with the most
// restrictive status), and an unmerge each change back, with To "" for a
// membership that went back to the contact it came from; Reason then
// names the merge or the unmerge.
type ListStatusChanged struct {
	EventMeta
	List   list.ID
	From   list.Status
	To     list.Status
	Reason string
}

// ConsentChanged: the consent of an address changed in the ledger:
// unsubscribed, resubscribed by an explicit call, or subscribed by the
// consent given with a capture. Contact is the live contact that holds the
// address at the time; the zero ID when none does (UnsubscribeAddress of
// an unknown number).
type ConsentChanged struct {
	EventMeta
	Address list.Address
	From    list.ConsentStatus
	To      list.ConsentStatus
	Reason  string
}

// ChannelConnected: a channel of a contact became active.
type ChannelConnected struct {
	EventMeta
	Channel contact.Channel
}

// ChannelRemoved: a channel of a contact was removed; its history is kept.
type ChannelRemoved struct {
	EventMeta
	Kind contact.ChannelKind
}

// Enrolled: a contact entered an automation, through a trigger, a note
// or task, or a direct call.
type Enrolled struct {
	EventMeta
	Enrollment automation.Enrollment
	Trigger    automation.Occurrence // what caused it; Kind automation.TriggerManual for a direct call
}

// StepPassed: an enrollment passed a step, completed or skipped.
type StepPassed struct {
	EventMeta
	Enrollment automation.Enrollment
	Step       automation.StepResult
}

// EnrollmentEnded: an enrollment finished; the contact left the automation.
type EnrollmentEnded struct {
	EventMeta
	Enrollment automation.Enrollment
}

// EnrollmentStopped: an active enrollment was stopped early, with its
// reason (the contact was deleted or blocked, or a host's call).
type EnrollmentStopped struct {
	EventMeta
	Enrollment automation.Enrollment
}

// EnrollmentResumed: an enrollment that a merge stopped is active again,
// as it was before the merge, which was undone (UnmergeContacts): the
// automation goes on from where the enrollment was.
type EnrollmentResumed struct {
	EventMeta
	Enrollment automation.Enrollment
}

// ActivityAdded: an activity (a note, a task, a call, an email or a
// meeting) was added to a contact's timeline.
type ActivityAdded struct {
	EventMeta
	Activity activity.Activity
}

// ActivityUpdated: an activity changed; Completed is true when this change
// completed a task.
type ActivityUpdated struct {
	EventMeta
	Activity  activity.Activity
	Completed bool
}

// ActivityDeleted: an activity was moved to its trash, on its own.
type ActivityDeleted struct {
	EventMeta
	Activity activity.Activity // as it is in the trash
}

// ActivityRestored: an activity came back from its trash, as it was.
type ActivityRestored struct {
	EventMeta
	Activity activity.Activity
}

// ActivityPurged: an activity that had been in its own trash past its
// restore window was removed for good, with its history.
type ActivityPurged struct {
	EventMeta
	Activity activity.ID
}

// ActivityMoved: a task was moved from contact From to the contact of the
// event (EventMeta.Contact).
type ActivityMoved struct {
	EventMeta
	Activity activity.Activity // as it is now, on its new contact
	From     contact.ID
}

// ContactDeleted: a contact was moved to the trash with its notes, tasks
// and the host's dependents; its active enrollments were stopped.
type ContactDeleted struct {
	EventMeta
	Snapshot contact.Contact // as it is in the trash
}

// ContactRestored: a contact came back from the trash with everything that
// went with it. Its enrollments stay stopped.
type ContactRestored struct {
	EventMeta
	Snapshot contact.Contact
}

// ContactPurged: a contact was erased for good with its dependents:
// by PurgeTrash, past the restore window, or at once by EraseContact. The
// consent ledger keeps its addresses' unsubscribes.
type ContactPurged struct {
	EventMeta
	Erased bool // erased at once by EraseContact, not purged from the trash
}
