package store

import (
	"context"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
)

// Lists holds the lists of every workspace (L1).
type Lists interface {
	// Get returns the list id of ws, or ErrNotFound.
	Get(ctx context.Context, ws contact.WorkspaceID, id list.ID) (list.List, error)

	// Create stores a new list; l.Version must be 0 and is set to 1. It
	// returns ErrAlreadyExists if the ID exists in any workspace.
	Create(ctx context.Context, ws contact.WorkspaceID, l *list.List) error

	// Update replaces the list l.ID of ws if l.Version equals the stored
	// version, and sets l.Version to the incremented version. It returns
	// ErrNotFound or ErrConflict.
	Update(ctx context.Context, ws contact.WorkspaceID, l *list.List) error

	// List returns one page of the lists of ws in ascending order of ID.
	List(ctx context.Context, ws contact.WorkspaceID, p PageRequest) (Page[list.List], error)
}

// Memberships holds the memberships of contacts in lists (L1). A
// membership is identified by its list and its contact.
type Memberships interface {
	// Get returns the membership of contact c in list l, or ErrNotFound.
	Get(ctx context.Context, ws contact.WorkspaceID, l list.ID, c contact.ID) (list.Membership, error)

	// Put stores m. With m.Version 0 it creates the membership and returns
	// ErrAlreadyExists if there is one; otherwise m.Version must equal the
	// stored version (else ErrConflict; ErrNotFound if there is none). On
	// success m.Version is set to the stored version: 1 after a creation,
	// incremented after an update.
	Put(ctx context.Context, ws contact.WorkspaceID, m *list.Membership) error

	// List returns one page of the memberships that match q. With q.List
	// set they are in ascending order of contact ID; else in ascending order
	// of list ID, then contact ID.
	List(ctx context.Context, ws contact.WorkspaceID, q MembershipQuery, p PageRequest) (Page[list.Membership], error)
}

// MembershipQuery selects memberships. Every set field narrows the
// selection; the zero value selects every membership of the workspace.
type MembershipQuery struct {
	List    list.ID     // the members of one list
	Contact contact.ID  // the lists of one contact
	Status  list.Status // "" for any
}

// Matches reports whether m satisfies q. Adapters must agree with it.
func (q MembershipQuery) Matches(m *list.Membership) bool {
	return (q.List.IsZero() || m.List == q.List) &&
		(q.Contact.IsZero() || m.Contact == q.Contact) &&
		(q.Status == "" || m.Status == q.Status)
}

// Consent is the consent ledger (L3): one entry per workspace and
// list.Address (channel and canonical address), kept apart from contacts so
// that it survives their deletion, purge, merge and edits. The ledger has
// no delete: an entry, once written, stays.
type Consent interface {
	// Get returns the entry of address a in ws, or ErrNotFound when the
	// ledger has never seen it.
	Get(ctx context.Context, ws contact.WorkspaceID, a list.Address) (list.Consent, error)

	// Put stores c under c.Address. With c.Version 0 it creates the entry
	// and returns ErrAlreadyExists if there is one; otherwise c.Version must
	// equal the stored version, else ErrConflict (also when there is no
	// entry). On success c.Version is set to the stored version.
	Put(ctx context.Context, ws contact.WorkspaceID, c *list.Consent) error
}

// Automations holds the automation definitions of every workspace (A1).
type Automations interface {
	// Get returns the automation id of ws, or ErrNotFound.
	Get(ctx context.Context, ws contact.WorkspaceID, id automation.ID) (automation.Automation, error)

	// Create stores a new automation; a.Version must be 0 and is set to 1.
	// It returns ErrAlreadyExists if the ID exists in any workspace.
	Create(ctx context.Context, ws contact.WorkspaceID, a *automation.Automation) error

	// Update replaces the automation a.ID of ws if a.Version equals the
	// stored version, and sets a.Version to the incremented version. It
	// returns ErrNotFound or ErrConflict.
	Update(ctx context.Context, ws contact.WorkspaceID, a *automation.Automation) error

	// List returns one page of the automations of ws in ascending order of
	// ID.
	List(ctx context.Context, ws contact.WorkspaceID, p PageRequest) (Page[automation.Automation], error)

	// Triggered returns every automation of ws for which
	// Automation.Triggered(o) is true (active, with a matching trigger), in
	// ascending order of ID.
	Triggered(ctx context.Context, ws contact.WorkspaceID, o automation.Occurrence) ([]automation.Automation, error)
}

// Enrollments holds the enrollments of contacts in automations (A2–A4).
// There is no delete: an enrollment, once made, stays (A2).
type Enrollments interface {
	// Get returns the enrollment id of ws, or ErrNotFound.
	Get(ctx context.Context, ws contact.WorkspaceID, id automation.EnrollmentID) (automation.Enrollment, error)

	// Create stores a new enrollment; e.Version must be 0 and is set to 1.
	// It returns ErrAlreadyExists if the ID exists in any workspace, or if
	// e.IdempotencyKey is not empty and ws has an enrollment of the same
	// automation with that key.
	Create(ctx context.Context, ws contact.WorkspaceID, e *automation.Enrollment) error

	// Update replaces the enrollment e.ID of ws if e.Version equals the
	// stored version, and sets e.Version to the incremented version. It
	// returns ErrNotFound or ErrConflict.
	Update(ctx context.Context, ws contact.WorkspaceID, e *automation.Enrollment) error

	// ByKey returns the enrollment of automation a in ws with idempotency
	// key key, or ErrNotFound. key is never empty.
	ByKey(ctx context.Context, ws contact.WorkspaceID, a automation.ID, key string) (automation.Enrollment, error)

	// List returns one page of the enrollments that match q, in ascending
	// order of enrollment ID.
	List(ctx context.Context, ws contact.WorkspaceID, q EnrollmentQuery, p PageRequest) (Page[automation.Enrollment], error)
}

// EnrollmentQuery selects enrollments. Every set field narrows the
// selection; the zero value selects every enrollment of the workspace.
type EnrollmentQuery struct {
	Contact    contact.ID
	Automation automation.ID
	ActiveOnly bool
}

// Matches reports whether e satisfies q. Adapters must agree with it.
func (q EnrollmentQuery) Matches(e *automation.Enrollment) bool {
	return (q.Contact.IsZero() || e.Contact == q.Contact) &&
		(q.Automation.IsZero() || e.Automation == q.Automation) &&
		(!q.ActiveOnly || e.Active())
}

// Activities holds the notes and tasks of contacts (H1).
type Activities interface {
	// Get returns the activity id of ws, or ErrNotFound.
	Get(ctx context.Context, ws contact.WorkspaceID, id activity.ID) (activity.Activity, error)

	// Create stores a new activity; a.Version must be 0 and is set to 1. It
	// returns ErrAlreadyExists if the ID exists in any workspace.
	Create(ctx context.Context, ws contact.WorkspaceID, a *activity.Activity) error

	// Update replaces the activity a.ID of ws if a.Version equals the stored
	// version, and sets a.Version to the incremented version. It returns
	// ErrNotFound or ErrConflict. An activity never changes contact: an
	// Update that tries fails and writes nothing.
	Update(ctx context.Context, ws contact.WorkspaceID, a *activity.Activity) error

	// Timeline returns one page of the activities of contact c in ws that
	// f matches (activity.Filter.Matches; f.Text is already folded), in the
	// timeline order of activity.Compare: pinned first, then newest first.
	// Paging visits every matching activity once.
	Timeline(ctx context.Context, ws contact.WorkspaceID, c contact.ID, f activity.Filter, p PageRequest) (Page[activity.Activity], error)
}
