package contactkit_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// FINDING (X1): a user ID is bounded (contact.MaxUserIDLen bytes, no
// control character) wherever it is written, but the user ID a listing
// filters by was taken as it came: an assignee of contacts, or an author
// of a timeline or a feed, of a megabyte went to the store, and a
// misspelt one selected nothing, silently. It is invalid input now, as an
// unknown tag or status filter is.
func TestRv22x1UserIDFiltersAreChecked(t *testing.T) {
	ctx := t.Context()
	svc := accService("FR")
	first := "Ada"
	c, err := svc.CreateContact(ctx, accOwner, contactkit.ContactInput{Patch: contact.Patch{FirstName: &first}})
	require.NoError(t, err)
	_, err = svc.AddNote(ctx, accOwner, c.ID, contactkit.NoteInput{Body: "hello"})
	require.NoError(t, err)

	list := func(u contact.UserID) error {
		_, err := svc.ListContacts(ctx, accOwner, contactkit.ContactQuery{Assignee: u}, store.PageRequest{})
		return err
	}
	timeline := func(u contact.UserID) error {
		_, err := svc.ListTimeline(ctx, accOwner, c.ID, contactkit.TimelineQuery{Author: u}, store.PageRequest{})
		return err
	}
	feed := func(u contact.UserID) error {
		_, err := svc.ListFeed(ctx, accOwner, c.ID, contactkit.FeedQuery{Author: u}, store.PageRequest{})
		return err
	}
	for name, call := range map[string]func(contact.UserID) error{"contacts by assignee": list, "timeline by author": timeline, "feed by author": feed} {
		err := call(contact.UserID(strings.Repeat("u", 1<<20)))
		require.ErrorIs(t, err, contactkit.ErrInvalidInput, name)
		require.ErrorIs(t, err, contact.ErrTooLong, name)
		require.Less(t, len(err.Error()), 400, name)
		require.ErrorIs(t, call("u-\x00"), contactkit.ErrInvalidInput, name)
		require.NoError(t, call(accOwner.User), name)
		require.NoError(t, call(""), name)
	}
}
