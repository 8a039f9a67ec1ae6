package contactkit_test

// Acceptance pass 5: notes, tasks, the timeline and feed, property history,
// permissions and tenancy, through the public API as a host uses it. Each
// test states the documented behaviour it expects and the rule it comes
// from (DESIGN.md or the doc comment of the method).

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/store"
)

// ListFeed: "Paging is by keyset, each source on its own: items that
// existed when the first page was read are listed exactly once, and never
// an item twice, while others write." A call logged at 14:00, listed on
// the first page, whose time is corrected (UpdateActivity with a new
// Interaction.OccurredAt) to the day before while the feed is paged, must
// not be listed a second time on a later page.

// ListFeed: "The cursor is opaque and bound to the contact"; a cursor
// the listing did not hand out is store.ErrInvalidCursor (README, "Writing
// a Store adapter", and ListTimeline refuses a feed cursor so). A cursor
// of the contact's ListTimeline given to ListFeed must be refused, not
// read as the start of the feed, which lists the first page again.
func TestAcc5FeedRefusesATimelineCursor(t *testing.T) {
	ctx := context.Background()
	svc, _ := acc3Service(t, nil)
	c := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann")}})
	for i := range 4 {
		_, err := svc.AddNote(ctx, acc3Owner, c.ID, contactkit.NoteInput{Body: "note " + string(rune('0'+i))})
		require.NoError(t, err)
	}
	tl, err := svc.ListTimeline(ctx, acc3Owner, c.ID, contactkit.TimelineQuery{}, store.PageRequest{Limit: 2})
	require.NoError(t, err)
	require.NotEmpty(t, tl.Next)

	// The symmetric case is refused already.
	fp, err := svc.ListFeed(ctx, acc3Owner, c.ID, contactkit.FeedQuery{}, store.PageRequest{Limit: 2})
	require.NoError(t, err)
	_, err = svc.ListTimeline(ctx, acc3Owner, c.ID, contactkit.TimelineQuery{}, store.PageRequest{Cursor: fp.Next, Limit: 2})
	require.ErrorIs(t, err, store.ErrInvalidCursor, "ListTimeline refuses a feed cursor")

	page, err := svc.ListFeed(ctx, acc3Owner, c.ID, contactkit.FeedQuery{}, store.PageRequest{Cursor: tl.Next, Limit: 2})
	require.ErrorIs(t, err, store.ErrInvalidCursor,
		"ListFeed must refuse a cursor it did not hand out; it gave %d items instead", len(page.Items))
}

// activity.Validate: "a note has a body that is not blank"; the Service
// reads "a value of white space and invisible characters" as blank
// (CaptureContact's match), and X1 removes invisible characters from the
// text people type. A note whose body is only zero-width and
// bidirectional control characters, which shows as an empty note in the
// timeline, must be refused with a *ValidationError (ErrInvalidInput,
// activity.ErrInvalidActivity), as a body of spaces is.
func TestAcc5NoteOfOnlyInvisibleCharactersIsBlank(t *testing.T) {
	ctx := context.Background()
	svc, _ := acc3Service(t, nil)
	c := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann")}})

	_, err := svc.AddNote(ctx, acc3Owner, c.ID, contactkit.NoteInput{Body: " \t\n "})
	require.ErrorIs(t, err, activity.ErrInvalidActivity, "a body of spaces is blank")

	for _, body := range []string{"\u200b\u200b", "\u2060\ufeff", "\u202e\u202c", " \u200d \u200b "} {
		a, err := svc.AddNote(ctx, acc3Owner, c.ID, contactkit.NoteInput{Body: body})
		require.ErrorIs(t, err, contactkit.ErrInvalidInput, "body %+q is blank; got note %s", body, a.ID)
		require.ErrorIs(t, err, activity.ErrInvalidActivity, "body %+q", body)
	}
	_, err = svc.AddTask(ctx, acc3Owner, c.ID, contactkit.TaskInput{Title: "\u200b\u200b"})
	require.ErrorIs(t, err, activity.ErrInvalidActivity, "a task needs a title that is not blank")
}

// H2: every change of a contact field is recorded with its source (ui,
// api, import, merge, automation). MergeContacts records its changes as
// contact.ChangeMerge whatever the actor's Source; Import must record the
// changes it makes as contact.ChangeImport, also when the actor who
// started it comes through the UI, or the history cannot tell an import
// from a hand edit.
func TestAcc5ImportRecordsItsChangesAsImport(t *testing.T) {
	ctx := context.Background()
	svc, _ := acc3Service(t, nil)
	ann := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com")}})

	csv := "Email,First Name,Company\nann@example.com,Ann,NewCo\nzed@example.com,Zed,\n"
	r, err := importer.Open(strings.NewReader(csv), nil)
	require.NoError(t, err)
	res, err := svc.Import(ctx, acc3Owner, r, importer.Suggest(r.Header(), nil, nil, nil), nil)
	require.NoError(t, err)
	require.Equal(t, 1, res.Created)
	require.Equal(t, 1, res.Updated)

	var company []contact.Change
	for ch, err := range svc.History(ctx, acc3Owner, ann.ID, contact.FieldCompany) {
		require.NoError(t, err)
		company = append(company, ch)
	}
	require.Len(t, company, 1)
	require.Equal(t, "NewCo", company[0].New)
	require.Equal(t, contact.ChangeImport, company[0].Source, "H2: the import's update is recorded with source import")

	zed, err := svc.ContactByEmail(ctx, acc3Owner, "zed@example.com")
	require.NoError(t, err)
	for ch, err := range svc.History(ctx, acc3Owner, zed.ID, "") {
		require.NoError(t, err)
		require.Equal(t, contact.ChangeImport, ch.Source, "H2: the import's creation is recorded with source import (field %s)", ch.Field)
	}
}
