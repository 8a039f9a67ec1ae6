package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/contactkit/contactkit/store"
)

func TestPageRequestSize(t *testing.T) {
	for _, tt := range []struct{ limit, want int }{
		{-1, store.DefaultLimit}, {0, store.DefaultLimit}, {1, 1}, {store.MaxLimit, store.MaxLimit}, {store.MaxLimit + 1, store.MaxLimit},
	} {
		assert.Equal(t, tt.want, store.PageRequest{Limit: tt.limit}.Size(), "limit %d", tt.limit)
	}
}

func TestAllYieldsTheErrorOnceLast(t *testing.T) {
	boom := errors.New("boom")
	calls := 0
	fetch := func(_ context.Context, p store.PageRequest) (store.Page[int], error) {
		calls++
		if p.Cursor == "" {
			return store.Page[int]{Items: []int{1, 2}, Next: "x"}, nil
		}
		return store.Page[int]{}, boom
	}
	var got []int
	var errs []error
	for v, err := range store.All(t.Context(), 10, fetch) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, v)
	}
	assert.Equal(t, []int{1, 2}, got)
	assert.Equal(t, []error{boom}, errs)
	assert.Equal(t, 2, calls)
}

func TestAllStopsOnARepeatedCursorAndOnCancel(t *testing.T) {
	stuck := func(_ context.Context, p store.PageRequest) (store.Page[int], error) {
		return store.Page[int]{Items: []int{1}, Next: "same"}, nil
	}
	var errs []error
	n := 0
	for _, err := range store.All(t.Context(), 1, stuck) {
		if err != nil {
			errs = append(errs, err)
		}
		n++
		if n > 10 {
			t.Fatal("All loops on a page that names itself as the next")
		}
	}
	assert.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], store.ErrInvalidCursor)

	ctx, cancel := context.WithCancel(t.Context())
	pages := func(_ context.Context, p store.PageRequest) (store.Page[int], error) {
		cancel()
		return store.Page[int]{Items: []int{1}, Next: p.Cursor + "x"}, nil
	}
	errs = nil
	for _, err := range store.All(ctx, 1, pages) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	assert.Equal(t, []error{context.Canceled}, errs)
}

// TestErrInvalidCursorIsInvalid checks that ErrInvalidCursor is an invalid
// argument for errors.Is, keeps its own message and identity, and that
// ErrInvalid is not a cursor error.
func TestErrInvalidCursorIsInvalid(t *testing.T) {
	wrapped := fmt.Errorf("adapter: cursor %q: %w", "x", store.ErrInvalidCursor)
	assert.ErrorIs(t, store.ErrInvalidCursor, store.ErrInvalid)
	assert.ErrorIs(t, wrapped, store.ErrInvalid)
	assert.ErrorIs(t, wrapped, store.ErrInvalidCursor)
	assert.NotErrorIs(t, store.ErrInvalid, store.ErrInvalidCursor)
	assert.NotErrorIs(t, store.ErrInvalidCursor, store.ErrNotFound)
	assert.Equal(t, "store: invalid cursor", store.ErrInvalidCursor.Error())
}
