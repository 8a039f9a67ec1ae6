package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/tag"
)

// Sentinel errors. Every Store returns errors for which errors.Is reports
// these, as each method's contract says; callers never compare error text.
var (
	// ErrNotFound: the record does not exist in the workspace asked for. A
	// record of another workspace is not found: identity is the pair
	// (workspace, ID).
	ErrNotFound = errors.New("store: not found")
	// ErrConflict: a write carried a stale version; someone else wrote first.
	ErrConflict = errors.New("store: conflict")
	// ErrAlreadyExists: a record with the same identity exists in the
	// workspace, or a unique value (a contact key, a record's Unique key) is
	// held by another record of the workspace.
	ErrAlreadyExists = errors.New("store: already exists")
	// ErrInvalid: a call broke a precondition of its method (an empty
	// workspace, a nil Kind, a nil contact, a Version other than 0 given
	// to Contacts.Create, …; each method lists its own, and every method
	// that takes a workspace refuses an empty one, reads included). It is
	// a bug of the caller, not a state of the store: the method checks its
	// arguments before it reads anything, so ErrInvalid comes before every
	// error that depends on what is stored (see Tx).
	ErrInvalid = errors.New("store: invalid argument")
	// ErrReadOnly: a write was attempted in a transaction started by View.
	ErrReadOnly = errors.New("store: read-only transaction")
	// ErrInvalidCursor: a PageRequest carried a cursor that the store did
	// not hand out for that listing. It is an invalid argument, so
	// errors.Is reports it as ErrInvalid too; its message is its own.
	ErrInvalidCursor error = &cursorError{}
	// ErrRetry: a transaction failed to serialize with another one. A Store
	// that retries its transactions does so itself; one that gives up
	// returns an error that matches ErrRetry (and ErrConflict), so that the
	// caller may run the whole call again.
	ErrRetry = fmt.Errorf("%w: transaction failed to serialize", ErrConflict)
)

// cursorError is the type of ErrInvalidCursor: an error of its own that
// matches ErrInvalid.
type cursorError struct{}

func (*cursorError) Error() string { return "store: invalid cursor" }

// Is makes errors.Is(ErrInvalidCursor, ErrInvalid) true.
func (*cursorError) Is(target error) bool { return target == ErrInvalid }

// TakenError reports that one of a contact's keys (contact.Contact.Keys: its email
// or phone, as "email:…" or "phone:…") is held by another live contact of
// the workspace. It matches ErrAlreadyExists with errors.Is.
type TakenError struct {
	Key   string     // the canonical key, as contact.Contact.Keys gives it
	Owner contact.ID // the live contact that holds it
}

func (e *TakenError) Error() string {
	return fmt.Sprintf("store: %s is taken by contact %s", e.Key, e.Owner)
}

// Is makes errors.Is(err, ErrAlreadyExists) true for a *TakenError.
func (e *TakenError) Is(target error) bool { return target == ErrAlreadyExists }

// Store is the persistence seam of contactkit. The Service runs each use case
// in exactly one transaction, so a use case is all-or-nothing.
//
// IDs, keys and the other strings a Store indexes are valid UTF-8 without
// NUL bytes (the domain packages make them so), so that any database can
// hold them.
//
// Every Store is safe for concurrent use by multiple goroutines. Values that
// cross the seam are copies: a Store never retains a value it was given, nor
// hands out one that it still holds.
//
// Adapters store the canonical values the domain packages produce and
// compare them byte for byte; all normalisation happens before the seam.
type Store interface {
	// Update runs fn in a read-write transaction and commits it if fn
	// returns nil. If fn returns an error (or panics), nothing fn wrote is
	// visible to anyone, and Update returns fn's error unchanged (or
	// re-panics). Transactions are serializable, and the Store itself runs
	// them one after the other or retries them: a transaction that failed to
	// serialize is rolled back and fn called again from the start, so fn
	// must keep no state across calls (everything fn builds, it builds
	// inside). Update returns an error matching ErrRetry only when it gives
	// up after a bounded number of attempts. If ctx is done before the
	// transaction starts, Update returns ctx.Err() without calling fn; if
	// it is done when fn returns nil, the transaction rolls back and Update
	// returns ctx.Err(), unwrapped, as database/sql's Tx does: nothing is
	// committed for a call its caller gave up. fn must not retain tx after
	// returning.
	//
	// An error of the contract (ErrInvalid, ErrNotFound, ErrConflict,
	// ErrAlreadyExists with a *TakenError) leaves the transaction usable:
	// fn may go on and commit (the Service does, after a lookup that finds
	// nothing). A SQL adapter checks before it writes, or uses a
	// savepoint, since a violated constraint aborts a PostgreSQL
	// transaction.
	Update(ctx context.Context, fn func(tx Tx) error) error

	// View runs fn in a read-only transaction that sees one consistent state.
	// Every write method of tx returns ErrReadOnly. It returns fn's error
	// unchanged, or ctx.Err() if ctx is done before it starts or when fn
	// returns nil, as Update does. Like Update, it may run fn more than
	// once.
	View(ctx context.Context, fn func(tx Tx) error) error
}

// Tx is a transaction. Every method of every accessor takes the context of
// the call and returns ctx.Err() (unwrapped) when ctx is done, writing
// nothing. A Tx may also offer optional capabilities (see the package
// documentation), found by type assertion on the Tx or on its accessors.
//
// A call may meet several errors of its contract at once: a Create whose
// ID exists and whose email is taken, an Update at a stale version whose
// new phone is taken. It returns the first that applies in this order,
// whatever order the Store finds them in, so that every Store gives the
// same error for the same call:
//
//  1. ctx.Err(), when ctx is done;
//  2. ErrReadOnly, for a write in a transaction started by View;
//  3. ErrInvalid, for a call that breaks a precondition of its method: the
//     caller's bug, reported before anything is read;
//  4. what the identity (workspace, ID) finds: ErrAlreadyExists when a
//     creation finds a record there, ErrNotFound when a read by ID, an
//     update or a delete finds none;
//  5. ErrConflict, for a version that is not the stored one;
//  6. a unique value that another record holds: a *TakenError for a key
//     of a contact, ErrAlreadyExists for a record's Keys.Unique.
//
// On any of them, the call writes nothing.
//
// Reads (Get, List, Count, a Prefetch) keep the same order; a read is
// allowed in a transaction of View, so it meets no ErrReadOnly. It
// returns ctx.Err() when ctx is done, then ErrInvalid for a malformed
// call, checked before anything is read: no workspace, a nil Kind, a
// cursor that the Store did not hand out for that listing
// (ErrInvalidCursor, which matches ErrInvalid). A Limit out of range is
// not malformed: PageRequest.Size bounds it. What is asked for may simply
// not be stored, which is no bug of the caller: a workspace that holds
// nothing, whatever its name, has no record, so Get returns ErrNotFound
// and a listing an empty page; an ID that no record can have (the zero
// contact.ID, an empty record ID) is not found either, as it is by
// Update and Delete.
type Tx interface {
	// Contacts holds the contact aggregates.
	Contacts() Contacts
	// Records holds every other aggregate, one Kind at a time.
	Records() Records
	// History holds the property history of contacts.
	History() History
}

// Contacts holds the contact aggregates of every workspace. Identity is the
// pair (workspace, ID): the same ID may exist in two workspaces, and a
// contact of another workspace is not found.
//
// A contact is live while its DeletedAt is zero, and in the trash
// otherwise. Only live contacts hold their keys (contact.Contact.Keys: emails and
// phones): a key belongs to at most one live contact of a workspace, and
// moving a contact to the trash frees its keys for others.
type Contacts interface {
	// Get returns the contact id of workspace ws, live or in the trash. It
	// returns ErrInvalid if ws is empty, else ErrNotFound if ws has no
	// contact id (the zero ID included).
	Get(ctx context.Context, ws contact.WorkspaceID, id contact.ID) (contact.Contact, error)

	// Create stores a new contact. On success the stored version is 1 and
	// c.Version is set to 1; nothing else of c changes, and the store keeps
	// none of its slices and maps, so a caller may run its transaction
	// again from the same c. It refuses with the first of these that
	// applies (the order of Tx), writing nothing:
	//
	//   - ErrInvalid if c is nil, c.Workspace is empty, c.ID is zero or
	//     c.Version is not 0;
	//   - ErrAlreadyExists if c.Workspace has a contact with c.ID, live or
	//     in the trash, whatever the keys of either;
	//   - a *TakenError if c is live and one of its keys is held by another
	//     live contact of the workspace: the first such key of c.Keys()
	//     (emails, then phones, each primary first).
	Create(ctx context.Context, c *contact.Contact) error

	// Update replaces the stored contact c.ID of c.Workspace with c, if
	// c.Version equals the stored version. On success the stored version is
	// incremented and c.Version is set to it. It refuses with the first of
	// these that applies (the order of Tx), writing nothing:
	//
	//   - ErrInvalid if c is nil or c.Workspace is empty;
	//   - ErrNotFound if the workspace has no contact with c.ID, whatever
	//     c.Version;
	//   - ErrConflict if c.Version is not the stored version (0 included);
	//   - a *TakenError if c is live and one of its keys is held by another
	//     live contact of the workspace: the first such key of c.Keys().
	Update(ctx context.Context, c *contact.Contact) error

	// Delete removes the contact id of ws, live or in the trash, for good,
	// if version equals the stored version. It touches nothing else: the
	// caller removes the contact's other records in the same transaction.
	// It refuses with the first of these that applies, writing nothing:
	// ErrInvalid if ws is empty, ErrNotFound if ws has no contact id,
	// ErrConflict if version is not the stored version.
	Delete(ctx context.Context, ws contact.WorkspaceID, id contact.ID, version int64) error

	// List returns one page of the contacts of ws that match q, in ascending
	// order of ID (contact.ID.Compare). Paging through every page visits each
	// contact that matches q from the first page to the last exactly once,
	// even while other transactions write; one created, deleted or changed
	// to match or not meanwhile is visited at most once.
	// The cursor is opaque; one the store did not hand out for this
	// listing gives ErrInvalidCursor (see PageRequest.Cursor). It returns
	// ErrInvalid if ws is empty; a workspace with no contact gives an
	// empty page.
	List(ctx context.Context, ws contact.WorkspaceID, q ContactQuery, p PageRequest) (Page[contact.Contact], error)
}

// ContactQuery selects contacts. Its zero value selects every live contact;
// each set field narrows the selection. Every condition is plain equality,
// a range or a substring on canonical values.
type ContactQuery struct {
	// Trashed selects the contacts in the trash instead of the live ones.
	Trashed bool
	// DeletedBefore, if set, keeps the contacts whose DeletedAt is before
	// it; it implies Trashed.
	DeletedBefore time.Time
	// Status, if set, keeps the contacts with that status.
	Status contact.Status
	// Tag, if set, keeps the contacts whose Tags hold a name with the same
	// Key (tag.Name.Key, compared byte for byte).
	Tag tag.Name
	// Assignee, if set, keeps the contacts assigned to that user.
	Assignee contact.UserID
	// Key, if set, keeps the contacts of which contact.Contact.Keys holds it: at
	// most one live contact, and any number in the trash (a key belongs to
	// one live contact only).
	Key string
	// Words, if set, keeps the contacts c of which each word w starts a
	// word of the search text: strings.Contains(contact.SearchText(&c),
	// " "+w). The words are folded already (contact.QueryWords).
	Words []string
}

// Trash reports whether q selects contacts in the trash.
func (q ContactQuery) Trash() bool { return q.Trashed || !q.DeletedBefore.IsZero() }

// History holds the property history of contacts.
type History interface {
	// Append records changes, each of ws and of the contact it names, in
	// the order given, after every change appended before. The Service
	// appends in the transaction that writes the contact, whose version
	// check orders concurrent appends for one contact: a Store may number
	// changes when it inserts them. It refuses, in the order of Tx and
	// writing nothing, with ErrReadOnly in a View, then ErrInvalid if ws
	// is empty or a change has the zero Contact. It does not check that
	// the contacts exist. It keeps none of changes' memory: the Service
	// appends from room that its next call (or the next attempt of the
	// transaction) writes over.
	Append(ctx context.Context, ws contact.WorkspaceID, changes ...contact.Change) error

	// List returns one page of the changes of contact id in ws, in the
	// order they were appended; if fieldName is not empty, only the changes
	// of that field. A contact with no history gives an empty page, not
	// ErrNotFound. It returns ErrInvalid if ws is empty, and
	// ErrInvalidCursor for a cursor the store did not hand out for this
	// listing (see PageRequest.Cursor).
	List(ctx context.Context, ws contact.WorkspaceID, id contact.ID, fieldName string, p PageRequest) (Page[contact.Change], error)

	// Delete removes every change of contact id in ws (an erasure). A
	// contact with no history is not an error. It refuses with ErrReadOnly
	// in a View, then ErrInvalid if ws is empty.
	Delete(ctx context.Context, ws contact.WorkspaceID, id contact.ID) error
}
