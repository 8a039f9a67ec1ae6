package store

import (
	"context"
	"fmt"
	"iter"
)

// DefaultLimit is the page size used when PageRequest.Limit is zero or
// negative; MaxLimit is the largest page a Store returns.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// PageRequest asks for one page of a listing.
type PageRequest struct {
	// Cursor is "" for the first page, else the Next of the previous page.
	//
	// A cursor belongs to the listing that handed it out: its method,
	// and the Kind for Records.List, the contact for History.List. One
	// of another listing, or one the Store never handed out, gives
	// ErrInvalidCursor. A Store need not bind a cursor to the workspace,
	// the query or the field name it was handed out with (memstore and
	// pgstore do not): given with others, it may be refused with
	// ErrInvalidCursor, or read as the place in the listing that it
	// names, the page then holding what matches after that place. A
	// caller hands a cursor back only to the call that gave it, with the
	// same workspace and query.
	Cursor string
	// Limit is the largest number of items wanted: DefaultLimit when zero
	// or negative, at most MaxLimit.
	Limit int
}

// Size returns the page size to use for r: Limit bounded to
// [1, MaxLimit], DefaultLimit when unset.
func (r PageRequest) Size() int {
	switch {
	case r.Limit <= 0:
		return DefaultLimit
	case r.Limit > MaxLimit:
		return MaxLimit
	}
	return r.Limit
}

// Page is one page of a listing. Next is the cursor of the following page,
// "" on the last one. A page may be shorter than asked and still have a
// Next; only Next == "" ends a listing.
type Page[T any] struct {
	Items []T
	Next  string
}

// All turns a paged listing into an iterator. It calls fetch with the cursor
// of each page in turn and yields every item; if fetch fails, the error is
// yielded once, last, with the zero T. Breaking out of the loop stops the
// fetching. It stops with ctx.Err() when ctx is done between pages, and
// with ErrInvalidCursor when a page's Next repeats the cursor that fetched
// it, which would never end.
func All[T any](ctx context.Context, size int, fetch func(ctx context.Context, p PageRequest) (Page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		fail := func(err error) {
			var zero T
			yield(zero, err)
		}
		p := PageRequest{Limit: size}
		for {
			page, err := fetch(ctx, p)
			if err != nil {
				fail(err)
				return
			}
			for _, item := range page.Items {
				if !yield(item, nil) {
					return
				}
			}
			switch {
			case page.Next == "":
				return
			case page.Next == p.Cursor:
				fail(fmt.Errorf("%w: page at %q gave itself as the next", ErrInvalidCursor, p.Cursor))
				return
			case ctx.Err() != nil:
				fail(ctx.Err())
				return
			}
			p.Cursor = page.Next
		}
	}
}
