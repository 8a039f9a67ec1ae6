package contactkit

import (
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/tag"
)

// Event is a committed change (H3). The concrete types are the structs
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
// that failed.
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
