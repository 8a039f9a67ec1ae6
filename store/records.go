package store

import (
	"context"

	"github.com/contactkit/contactkit/contact"
)

// Records holds every aggregate but contacts — field definitions, tags,
// lists, memberships, consent entries, automations, enrollments and
// activities — in one shape: a Record of a Kind, identified by (workspace,
// kind, ID), written by create or by compare-and-set on its version, and
// listed by the plain Keys the domain computed for it. A Store evaluates
// nothing else: no rule of the domain is needed to implement Records.
//
// The typed tables of this package (Lists, Memberships, …) wrap Records for
// the Service; an adapter implements Records once.
type Records interface {
	// Get returns the record id of kind k in ws. It returns ErrInvalid if
	// ws is empty or k is nil, else ErrNotFound if ws has no record id of
	// kind k (the empty ID included).
	Get(ctx context.Context, ws contact.WorkspaceID, k Kind, id string) (Record, error)

	// Put writes r. With r.Version 0 it creates the record; with a
	// positive r.Version it replaces the stored record of that version,
	// keys included (a record may move from one contact to another). On
	// success r.Version is set to the stored version: 1 after a creation,
	// incremented after an update. It refuses with the first of these that
	// applies (the order of Tx), writing nothing:
	//
	//   - ErrInvalid if ws is empty, k or r is nil, r.ID is empty,
	//     r.Version is negative, or r.Value is not a value of k (nil
	//     included: k.Marshal refuses it);
	//   - for a creation, ErrAlreadyExists if ws has a record of kind k with
	//     r.ID; for an update, ErrNotFound if it has none, whatever
	//     r.Version;
	//   - for an update, ErrConflict if r.Version is not the stored version;
	//   - ErrAlreadyExists if r.Keys.Unique is not empty and another record
	//     of kind k in ws has the same Unique.
	Put(ctx context.Context, ws contact.WorkspaceID, k Kind, r *Record) error

	// Delete removes the record id of kind k in ws if version equals the
	// stored version. It refuses with the first of these that applies,
	// writing nothing: ErrInvalid if ws is empty or k is nil, ErrNotFound
	// if ws has no record id of kind k, ErrConflict if version is not the
	// stored version.
	Delete(ctx context.Context, ws contact.WorkspaceID, k Kind, id string, version int64) error

	// List returns one page of the records of kind k in ws that match q, in
	// ascending order of Keys.Order, then of ID (byte order). Paging visits
	// once every record that matches q and keeps its Keys.Order from the
	// first page to the last, even while other transactions write; one
	// created, deleted or changed to match or not meanwhile is visited at
	// most once. One whose Keys.Order changes meanwhile may be missed, or
	// visited twice, as in any listing ordered by a key that changes. The
	// cursor is opaque; one the store did not hand out for this listing
	// gives ErrInvalidCursor (see PageRequest.Cursor). It returns
	// ErrInvalid if ws is empty or k is nil; a workspace with no record of
	// the kind gives an empty page.
	List(ctx context.Context, ws contact.WorkspaceID, k Kind, q Query, p PageRequest) (Page[Record], error)
}

// Record is one stored aggregate with the keys a Store indexes it by.
type Record struct {
	// ID identifies the record among those of its kind and workspace; never
	// empty. Stores compare it byte for byte.
	ID string
	// Version is the optimistic-concurrency version (see Records.Put).
	Version int64
	// Keys are what the record is found and ordered by.
	Keys Keys
	// Value is the aggregate itself, of the Go type of its Kind. A Store
	// copies it with Kind.Clone, or encodes it with Kind.Marshal.
	Value any
}

// Keys are the canonical values a Store indexes a record by, computed by the
// domain. Every field may be zero.
type Keys struct {
	// Contact is the contact the record belongs to.
	Contact contact.ID
	// Parent is the other record it belongs to: a membership's list, an
	// enrollment's automation.
	Parent string
	// Status is a state to select by: a membership's status, whether an
	// enrollment or an automation is active, an activity's kind.
	Status string
	// Unique, if not empty, is unique among the records of the kind in the
	// workspace (an enrollment's automation and idempotency key).
	Unique string
	// Order places the record in listings: ascending, then by ID.
	Order string
}

// Query selects records of one kind. Every set field narrows the selection
// by equality with the field of the same name of Keys; the zero Query
// selects every record of the kind.
type Query struct {
	Contact contact.ID
	Parent  string
	Status  string
	Unique  string
	// LiveContact keeps only the records whose Keys.Contact is a live
	// contact of the workspace: one that exists and whose DeletedAt is zero
	// (a record with no contact is left out).
	// The memberships of a list and the enrollments of an automation are
	// listed so, leaving out those of contacts in the trash without a read
	// per record and without short pages. In SQL it is a join on the
	// contacts table.
	LiveContact bool
}

// Matches reports whether a record with keys k is selected by q, except for
// LiveContact, which needs the contact: it is the definition of the
// selection, plain equality, which adapters express in their own query
// language.
func (q Query) Matches(k *Keys) bool {
	return (q.Contact.IsZero() || k.Contact == q.Contact) &&
		(q.Parent == "" || k.Parent == q.Parent) &&
		(q.Status == "" || k.Status == q.Status) &&
		(q.Unique == "" || k.Unique == q.Unique)
}

// Kind is a kind of record: its name, and how a Store copies, encodes and
// decodes its values. The kinds of contactkit are the variables of this
// package (KindList, KindMembership, …); a Store treats them all alike.
type Kind interface {
	// Name is the kind's stable name ("list", "membership", …): a table or
	// a partition of the adapter.
	Name() string
	// Clone returns a copy of v, a value of the kind, that shares nothing
	// mutable with it: v itself for a kind whose values hold no slice, map
	// or pointer, as a value in an interface cannot be changed.
	Clone(v any) any
	// Marshal encodes v, a value of the kind, as JSON.
	Marshal(v any) ([]byte, error)
	// Unmarshal decodes a value of the kind from what Marshal wrote.
	Unmarshal(data []byte) (any, error)
}
