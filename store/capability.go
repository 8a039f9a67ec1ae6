package store

import (
	"context"

	"github.com/contactkit/contactkit/contact"
)

// ContactCounter is an optional capability of the Contacts of a Tx: counting
// the contacts a query selects without reading them. CountContacts uses it
// when it is there and pages through the contacts when it is not.
type ContactCounter interface {
	// Count returns the number of contacts of ws that q selects, as
	// Contacts.List would list them: ErrInvalid if ws is empty, 0 for a
	// workspace with no contact.
	Count(ctx context.Context, ws contact.WorkspaceID, q ContactQuery) (int, error)
}

// CountContacts returns the number of contacts of ws that q selects: with
// the ContactCounter of tx's Contacts if it has one, else by paging through
// them.
func CountContacts(ctx context.Context, tx Tx, ws contact.WorkspaceID, q ContactQuery) (int, error) {
	cs := tx.Contacts()
	if c, ok := cs.(ContactCounter); ok {
		return c.Count(ctx, ws, q)
	}
	n := 0
	p := PageRequest{Limit: MaxLimit}
	for {
		page, err := cs.List(ctx, ws, q, p)
		if err != nil {
			return 0, err
		}
		n += len(page.Items)
		if page.Next == "" {
			return n, nil
		}
		if page.Next == p.Cursor {
			return 0, ErrInvalidCursor
		}
		p.Cursor = page.Next
	}
}

// Unwrapper is implemented by a Tx that wraps another one (a wrapper that
// retries, traces or counts): Unwrap returns the Tx it wraps. As follows
// the chain.
type Unwrapper interface {
	Unwrap() Tx
}

// Aser is the optional capability of a Tx that hands out the adapter's
// native transaction, as gocloud.dev's As methods do: As sets *target to it
// and returns true when target is a pointer to a type the adapter offers
// (pgstore offers *pgx.Tx), false otherwise. A host's cascade handler uses
// it, through the function As, to write its own tables in the same
// transaction.
type Aser interface {
	As(target any) bool
}

// As finds the adapter's native transaction behind tx, through any number
// of wrappers that implement Unwrapper, and stores it in *target (see
// Aser). It reports whether one was found.
func As(tx Tx, target any) bool {
	for tx != nil {
		if a, ok := tx.(Aser); ok && a.As(target) {
			return true
		}
		u, ok := tx.(Unwrapper)
		if !ok {
			return false
		}
		tx = u.Unwrap()
	}
	return false
}

// Prefetcher is an optional capability of a Tx whose reads cost a round
// trip each (SQL): told what the calls that follow are about to read, it
// reads it at once, and then answers those reads from memory. A bulk use
// case (an import's batch) calls it, found with PrefetcherOf, once for
// hundreds of rows.
//
// Prefetching changes no answer: a read of something prefetched gives what
// it would give without it, the transaction's own writes included. It may
// change when a write fails: a write whose outcome the adapter can tell
// from what it prefetched (a creation of a record it knows absent, of a
// contact whose ID it knows absent and whose keys it knows free, an
// update at the version it knows) may be sent later, with the
// transaction's next statement or its commit, and an error of that write
// (another transaction's conflicting write) is then returned by that later
// call; the transaction does not commit. A caller treats every error of a
// transaction as failing it, so this is no change for it.
//
// Prefetch is a read, allowed in a View. It returns ctx.Err() when ctx is
// done, then ErrInvalid, before it reads anything, if ws is empty or a
// RecordRef has a nil Kind or an empty ID. Names of nothing stored are no
// error: the reads that follow find nothing.
type Prefetcher interface {
	Prefetch(ctx context.Context, ws contact.WorkspaceID, p Prefetch) error
}

// Prefetch names what a transaction is about to read in workspace ws.
type Prefetch struct {
	// Keys are contact keys (contact.EmailKey, contact.PhoneKey): the live
	// contact that holds each, as Contacts.List with ContactQuery.Key
	// lists it, and whether another one holds it when a contact is
	// written.
	Keys []string
	// Contacts are contacts by ID, as Contacts.Get reads them: those it
	// is about to update, and the IDs it is about to create contacts with
	// (absent, so that their creation may wait).
	Contacts []contact.ID
	// Records are records by kind and ID, as Records.Get reads them.
	Records []RecordRef
}

// RecordRef names a record: its kind and ID.
type RecordRef struct {
	Kind Kind
	ID   string
}

// PrefetcherOf returns the Prefetcher of tx, found through any number of
// wrappers that implement Unwrapper, or nil when it has none: reads are
// then made one at a time, and a caller need not build its Prefetch.
func PrefetcherOf(tx Tx) Prefetcher {
	for tx != nil {
		if p, ok := tx.(Prefetcher); ok {
			return p
		}
		u, ok := tx.(Unwrapper)
		if !ok {
			return nil
		}
		tx = u.Unwrap()
	}
	return nil
}
