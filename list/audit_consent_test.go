package list_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/list"
)

// TestListDescriptionIsLimited checks X1 for a list's description: at most
// list.MaxDescriptionLen characters, counted after normalisation, and an
// error that quotes a short prefix and says the limit.
func TestListDescriptionIsLimited(t *testing.T) {
	tests := []struct {
		name        string
		description string
		reasons     []error
	}{
		{"longest", strings.Repeat("é", list.MaxDescriptionLen), nil},
		{"longest once normalised", strings.Repeat("e\u0301", list.MaxDescriptionLen), []error{list.ErrNotNormalized}},
		{"one too many", strings.Repeat("é", list.MaxDescriptionLen+1), []error{list.ErrTooLong}},
		{"a megabyte", strings.Repeat("é", 1<<19), []error{list.ErrTooLong}},
		{"too long and not trimmed", " " + strings.Repeat("x", list.MaxDescriptionLen+1), []error{list.ErrTooLong, list.ErrNotNormalized}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := list.List{Name: "News", Description: tt.description}.Validate()
			if tt.reasons == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, list.ErrInvalidList)
			assert.LessOrEqual(t, len(err.Error()), 400, "the message quotes a short prefix")
			joined, ok := err.(interface{ Unwrap() []error })
			require.True(t, ok, "Validate should join its errors, got %T", err)
			errs := joined.Unwrap()
			require.Len(t, errs, len(tt.reasons), "problems: %v", err)
			for i, reason := range tt.reasons {
				e, ok := errors.AsType[*list.Error](errs[i])
				require.True(t, ok, "want *list.Error, got %T", errs[i])
				assert.Equal(t, "description", e.Field)
				assert.ErrorIs(t, e, reason)
			}
		})
	}
	err := list.List{Name: "News", Description: strings.Repeat("x", list.MaxDescriptionLen+1)}.Validate()
	assert.Contains(t, err.Error(), "2000", "the message says the limit")
	err = list.List{Name: strings.Repeat("x", list.MaxNameLen+1)}.Validate()
	assert.Contains(t, err.Error(), "255", "the message says the limit")
}
