package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/tag"
)

// Sentinel errors. Every Store returns errors for which errors.Is reports
// these, as each method's contract says; callers never compare error text.
var (
	// ErrNotFound: the record does not exist in the workspace asked for. A
	// record of another workspace is not found (P1).
	ErrNotFound = errors.New("store: not found")
	// ErrConflict: a write carried a stale version; someone else wrote first.
	ErrConflict = errors.New("store: conflict")
	// ErrAlreadyExists: a record with the same identity exists, or a unique
	// value (a contact's email or phone, C9) is held by another record.
	ErrAlreadyExists = errors.New("store: already exists")
	// ErrReadOnly: a write was attempted in a transaction started by View.
	ErrReadOnly = errors.New("store: read-only transaction")
	// ErrInvalidCursor: a PageRequest carried a cursor that the store did
	// not hand out for that listing.
	ErrInvalidCursor = errors.New("store: invalid cursor")
)

// TakenError reports that a contact's email or phone is already held by
// another contact of the workspace (C9). It matches ErrAlreadyExists with
// errors.Is.
type TakenError struct {
	Field string     // contact.FieldEmail or contact.FieldPhone
	Value string     // the canonical value
	Owner contact.ID // the contact that holds it
}

func (e *TakenError) Error() string {
	return fmt.Sprintf("store: %s %s is taken by contact %s", e.Field, e.Value, e.Owner)
}

// Is makes errors.Is(err, ErrAlreadyExists) true for a *TakenError.
func (e *TakenError) Is(target error) bool { return target == ErrAlreadyExists }

// Store is the persistence seam of contactkit. The Service runs each use case
// in exactly one transaction, so a use case is all-or-nothing.
//
// Every Store is safe for concurrent use by multiple goroutines. Values that
// cross the seam are copies: a Store never retains a value it was given, nor
// hands out one that it still holds (mutating a returned contact's Tags or
// Fields must not change what the store holds).
//
// Adapters store the canonical values the domain packages produce and
// compare them byte for byte; all normalisation happens before the seam.
type Store interface {
	// Update runs fn in a read-write transaction and commits it if fn
	// returns nil. If fn returns an error (or panics), nothing fn wrote is
	// visible to anyone, and Update returns fn's error unchanged (or
	// re-panics). Transactions are serializable: a Store may run them one at
	// a time, or retry fn from the start when a transaction fails to
	// serialize (callers keep no state across calls of fn). If ctx is done
	// before the transaction starts, Update returns ctx.Err() without calling
	// fn. fn must not retain tx after returning.
	Update(ctx context.Context, fn func(tx Tx) error) error

	// View runs fn in a read-only transaction that sees one consistent state.
	// Every write method of tx returns ErrReadOnly. It returns fn's error
	// unchanged, or ctx.Err() if ctx is done before it starts.
	View(ctx context.Context, fn func(tx Tx) error) error
}

// Tx is a transaction: one accessor per aggregate. Every method of every
// accessor takes the context of the call and returns ctx.Err() (unwrapped)
// when ctx is done, writing nothing.
type Tx interface {
	Contacts() Contacts
	Fields() Fields
	Tags() Tags
	History() History
	Lists() Lists
	Memberships() Memberships
	Consent() Consent
	Automations() Automations
	Enrollments() Enrollments
	Activities() Activities
}

// Contacts holds the contact aggregates of every workspace.
//
// A contact is live while its DeletedAt is zero, and in the trash
// otherwise (D1). Only live contacts hold their email and phone: the
// uniqueness of C9, ByEmail and ByPhone see live contacts alone, and
// moving a contact to the trash frees its email and phone for others.
type Contacts interface {
	// Get returns the contact id of workspace ws, live or in the trash, or
	// ErrNotFound.
	Get(ctx context.Context, ws contact.WorkspaceID, id contact.ID) (contact.Contact, error)

	// Create stores a new contact. c.ID and c.Workspace must be set and
	// c.Version must be 0. On success the stored version is 1 and c.Version
	// is set to 1. It returns ErrAlreadyExists if the ID exists in any
	// workspace, and a *TakenError if c is live and its email or phone is
	// held by another live contact of the workspace; then nothing is
	// written.
	Create(ctx context.Context, c *contact.Contact) error

	// Update replaces the stored contact c.ID of c.Workspace with c, if
	// c.Version equals the stored version. On success the stored version is
	// incremented and c.Version is set to it. It returns ErrNotFound if there
	// is no such contact, ErrConflict if c.Version is stale, and a
	// *TakenError if c is live and its email or phone is held by another
	// live contact of the workspace (as when a contact is restored from the
	// trash after another took its email); then nothing is written.
	Update(ctx context.Context, c *contact.Contact) error

	// ByEmail returns the live contact of ws whose Email is e, or
	// ErrNotFound.
	ByEmail(ctx context.Context, ws contact.WorkspaceID, e contact.Email) (contact.Contact, error)

	// ByPhone returns the live contact of ws whose Phone is p, or
	// ErrNotFound.
	ByPhone(ctx context.Context, ws contact.WorkspaceID, p contact.Phone) (contact.Contact, error)

	// List returns one page of the contacts of ws that match q, in ascending
	// order of ID (contact.ID.Compare). Paging through every page visits each
	// matching contact exactly once, even while other transactions write.
	// The cursor is opaque; one the store did not hand out gives
	// ErrInvalidCursor.
	List(ctx context.Context, ws contact.WorkspaceID, q ContactQuery, p PageRequest) (Page[contact.Contact], error)

	// Erase removes the contact id of ws, live or in the trash, for good
	// (D3), with every record the store holds for it: its activities, list
	// memberships, enrollments (freeing their idempotency keys) and
	// property history. It never touches the consent ledger. It returns
	// ErrNotFound if there is no such contact.
	Erase(ctx context.Context, ws contact.WorkspaceID, id contact.ID) error
}

// ContactQuery selects contacts. Its zero value selects every live contact;
// each set field narrows the selection.
type ContactQuery struct {
	// Trashed selects the contacts in the trash instead of the live ones.
	Trashed bool
	// DeletedBefore, if set, keeps the contacts moved to the trash before
	// it; it implies Trashed.
	DeletedBefore time.Time
	// Status, if set, keeps the contacts with that status.
	Status contact.Status
	// Tag, if set, keeps the contacts whose Tags hold a name with the same
	// Key.
	Tag tag.Name
	// Assignee, if set, keeps the contacts assigned to that user.
	Assignee contact.UserID
	// Text, if set, must already be folded by contact.FoldQuery; it keeps
	// the contacts c for which contact.SearchText(&c) contains it.
	Text string
}

// Matches reports whether c satisfies q. Adapters may use it, and must agree
// with it.
func (q ContactQuery) Matches(c *contact.Contact) bool {
	trashed := q.Trashed || !q.DeletedBefore.IsZero()
	if c.Trashed() != trashed {
		return false
	}
	if !q.DeletedBefore.IsZero() && !c.DeletedAt.Before(q.DeletedBefore) {
		return false
	}
	if q.Status != "" && c.Status != q.Status {
		return false
	}
	if q.Assignee != "" && c.Assignee != q.Assignee {
		return false
	}
	if !q.Tag.IsZero() && !c.Tags.Has(q.Tag) {
		return false
	}
	if q.Text != "" && !strings.Contains(contact.SearchText(c), q.Text) {
		return false
	}
	return true
}

// Fields holds the custom field definitions of every workspace (F1). A
// workspace has few definitions (hundreds at most), so they are listed whole.
type Fields interface {
	// Get returns the definition with key k in ws, or ErrNotFound.
	Get(ctx context.Context, ws contact.WorkspaceID, k field.Key) (field.Definition, error)

	// List returns every definition of ws, ordered by Position, then Key.
	List(ctx context.Context, ws contact.WorkspaceID) ([]field.Definition, error)

	// Create stores a new definition; d.Version must be 0 and is set to 1.
	// It returns ErrAlreadyExists if ws has a definition with d.Key.
	Create(ctx context.Context, ws contact.WorkspaceID, d *field.Definition) error

	// Update replaces the definition d.Key of ws if d.Version equals the
	// stored version, and sets d.Version to the incremented version. It
	// returns ErrNotFound or ErrConflict.
	Update(ctx context.Context, ws contact.WorkspaceID, d *field.Definition) error
}

// Tags holds the tags of every workspace (T2). A tag's identity is its
// name's Key: "VIP" and "vip" are one tag.
type Tags interface {
	// Get returns the tag of ws whose name has n's Key, or ErrNotFound.
	Get(ctx context.Context, ws contact.WorkspaceID, n tag.Name) (tag.Tag, error)

	// Create stores a new tag. It returns ErrAlreadyExists if ws has a tag
	// with the same Key.
	Create(ctx context.Context, ws contact.WorkspaceID, t tag.Tag) error

	// Delete removes the tag of ws whose name has n's Key, or returns
	// ErrNotFound. It does not touch contacts: the caller removes the tag
	// from them in the same transaction.
	Delete(ctx context.Context, ws contact.WorkspaceID, n tag.Name) error

	// List returns one page of the tags of ws in ascending order of Key.
	List(ctx context.Context, ws contact.WorkspaceID, p PageRequest) (Page[tag.Tag], error)
}

// History holds the property history of contacts (H2).
type History interface {
	// Append records changes, each of ws and of the contact it names, in
	// the order given, after every change appended before.
	Append(ctx context.Context, ws contact.WorkspaceID, changes ...contact.Change) error

	// List returns one page of the changes of contact id in ws, in the
	// order they were appended; if fieldName is not empty, only the changes
	// of that field. A contact with no history gives an empty page, not
	// ErrNotFound.
	List(ctx context.Context, ws contact.WorkspaceID, id contact.ID, fieldName string, p PageRequest) (Page[contact.Change], error)
}
