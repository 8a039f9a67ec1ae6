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
	// Contacts.List would list them.
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
