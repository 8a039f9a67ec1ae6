package contact_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
)

// A blank assignee (white space, a zero-width space) is no user: it leaves
// the assignee alone under KeepOnBlank, as every other blank value does, and
// clears it otherwise, as "" does. It was stored as given, replacing the
// contact's assignee with " " even in a capture.
func TestRv21contactBlankAssignee(t *testing.T) {
	for _, raw := range []string{" ", "\u200b", "\t", " \u00a0 "} {
		for _, keep := range []bool{true, false} {
			c := contact.Contact{Workspace: "w", Status: contact.StatusActive, FirstName: "Ann", Assignee: "u-bob"}
			in := contact.UserID(raw)
			err := (&contact.Patch{Assignee: &in}).Apply(&c, contact.ApplyOptions{KeepOnBlank: keep})
			require.NoError(t, err, "assignee %q, KeepOnBlank %v", raw, keep)
			want := contact.UserID("")
			if keep {
				want = "u-bob"
			}
			assert.Equal(t, want, c.Assignee, "assignee %q, KeepOnBlank %v", raw, keep)
		}
	}
	// A user ID is still kept as given, and one with a control character
	// still refused.
	c := contact.Contact{Workspace: "w", Status: contact.StatusActive, FirstName: "Ann"}
	in := contact.UserID(" u-bob ")
	require.NoError(t, (&contact.Patch{Assignee: &in}).Apply(&c, contact.ApplyOptions{}))
	assert.Equal(t, in, c.Assignee)
	bad := contact.UserID("u-\nbob")
	assert.Error(t, (&contact.Patch{Assignee: &bad}).Apply(&c, contact.ApplyOptions{KeepOnBlank: true}))
}
