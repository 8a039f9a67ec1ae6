package pgstore_test

import (
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/internal/servicecheck"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestRv20ActsForgedCursorsPG: servicecheck.ForgedCursors on PostgreSQL.
func TestRv20ActsForgedCursorsPG(t *testing.T) {
	a := contactkit.Actor{Workspace: "rv20-acts-cursors", User: "u", Role: contactkit.RoleOwner}
	servicecheck.ForgedCursors(t, a, 600, func(now func() time.Time) *contactkit.Service {
		return contactkit.New(pgstore.New(pgstore.NewTestPool(t), nil), &contactkit.Options{Now: now})
	})
}
