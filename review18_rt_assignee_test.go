package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
)

// A UserID is the host's own identifier, "kept as given"
// (contact.MaxUserIDLen): CreateContact stores an assignee with spaces
// around it (" u-1", "u-1\u00a0", even "  "), and the CSV export writes it
// so, but the import trims every cell: the contact comes back assigned to
// another user, or to none (I6).
func TestReview18RTAssigneeSpaces(t *testing.T) {
	t.Skip("review18: an assignee with spaces around it does not round-trip: either CheckUserID refuses them or the import keeps the assignee cell untrimmed; a design choice")
	src := accService("FR")
	for i, u := range []contact.UserID{" u-1", "u-2 ", "u-3\u00a0", "  "} {
		c := accCreate(t, src, contactkit.ContactInput{Patch: contact.Patch{
			Email: new(string(rune('a'+i)) + "@example.com"), Assignee: &u}})
		require.Equal(t, u, c.Assignee, "stored as given")
	}
	dst, run, _ := accReimport(t, src, contactkit.ExportCSV)
	require.Equal(t, 4, run.res.Created, run.outcomes())
	for _, c := range accContacts(t, src) {
		assert.Equal(t, c.Assignee, accByEmail(t, dst, c.Email.String()).Assignee, c.Email.String())
	}
}
