package contactkit_test

import (
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/internal/servicecheck"
	"github.com/contactkit/contactkit/store/memstore"
)

// TestRv20ActsForgedCursors: cursors a client altered or made up, given to
// ListTimeline, ListFeed and ListActivityTrash, give a page or an error
// that matches store.ErrInvalidCursor (see servicecheck.ForgedCursors).
func TestRv20ActsForgedCursors(t *testing.T) {
	servicecheck.ForgedCursors(t, rv20ActsOwner, 3000, func(now func() time.Time) *contactkit.Service {
		return contactkit.New(memstore.New(), &contactkit.Options{Now: now})
	})
}
