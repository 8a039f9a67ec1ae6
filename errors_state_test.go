package contactkit_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
)

// A call that the state of a record refuses (a contact in the trash or
// merged away, one not in the trash, not a member, a restore window
// passed, a count that no longer holds, values a type change would lose)
// fails with an error matching ErrConflict (the request conflicts with the
// current state, as an HTTP 409 says), beside its own sentinel, as a
// blocked contact's enrolment does: a caller that maps categories to
// answers needs no list of sentinels. Each is retried here too: the state
// does not change, and neither does the answer.
func TestStateRefusalsMatchErrConflict(t *testing.T) {
	ctx := context.Background()
	svc, clk := acc3Service(t, nil)
	a := acc3Owner
	mk := func(email string) contact.Contact {
		return acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("X"), Email: new(email)}})
	}
	live, trashed, merged, into, old := mk("live@example.com"), mk("trashed@example.com"), mk("merged@example.com"), mk("into@example.com"), mk("old@example.com")
	_, err := svc.DeleteContact(ctx, a, trashed.ID)
	require.NoError(t, err)
	acc3Merge(t, svc, into.ID, merged.ID)
	_, err = svc.DeleteContact(ctx, a, old.ID)
	require.NoError(t, err)
	l, err := svc.CreateList(ctx, a, list.List{Name: "News"})
	require.NoError(t, err)
	gone, err := svc.AddNote(ctx, a, live.ID, contactkit.NoteInput{Body: "gone"})
	require.NoError(t, err)
	_, err = svc.DeleteActivity(ctx, a, gone.ID)
	require.NoError(t, err)
	_, err = svc.CreateField(ctx, a, field.Definition{Key: field.MustParseKey("size"), Label: "Size", Type: field.TypeText})
	require.NoError(t, err)
	_, err = svc.UpdateContact(ctx, a, live.ID, contact.Patch{Fields: map[string]string{"size": "large"}})
	require.NoError(t, err)
	// The old contact's restore window passes; the others' are kept by
	// deleting them again later.
	clk.now = clk.now.Add(61 * 24 * time.Hour)

	cases := []struct {
		name string
		is   error
		call func() error
	}{
		{"update a contact in the trash", contactkit.ErrTrashed, func() error {
			_, err := svc.UpdateContact(ctx, a, trashed.ID, contact.Patch{City: new("Lyon")})
			return err
		}},
		{"tag a contact merged away", contactkit.ErrMerged, func() error {
			_, err := svc.TagContact(ctx, a, merged.ID, "vip")
			return err
		}},
		{"restore a merged contact", contactkit.ErrMerged, func() error {
			_, err := svc.RestoreContact(ctx, a, merged.ID)
			return err
		}},
		{"restore a live contact", contactkit.ErrNotTrashed, func() error {
			_, err := svc.RestoreContact(ctx, a, live.ID)
			return err
		}},
		{"restore past the window", contactkit.ErrRestoreWindow, func() error {
			_, err := svc.RestoreContact(ctx, a, old.ID)
			return err
		}},
		{"unsubscribe a contact that is no member", contactkit.ErrNotMember, func() error {
			_, err := svc.UnsubscribeFromList(ctx, a, l.ID, live.ID, "asked")
			return err
		}},
		{"confirm a contact that is no member", contactkit.ErrNotMember, func() error {
			_, err := svc.ConfirmSubscription(ctx, a, l.ID, live.ID)
			return err
		}},
		{"delete with a count that no longer holds", contactkit.ErrCountMismatch, func() error {
			_, err := svc.DeleteContacts(ctx, a, contactkit.Bulk{IDs: []contact.ID{live.ID, into.ID}, Expected: 3})
			return err
		}},
		{"change a type that would lose values", contactkit.ErrValueLoss, func() error {
			_, err := svc.ChangeFieldType(ctx, a, contactkit.FieldTypeChange{Definition: field.Definition{Key: field.MustParseKey("size"), Label: "Size", Type: field.TypeNumber}})
			return err
		}},
		{"edit a note in the trash", activity.ErrTrashed, func() error {
			_, err := svc.UpdateActivity(ctx, a, gone.ID, contactkit.ActivityPatch{Body: new("again")})
			return err
		}},
		{"merge a contact in the trash", merge.ErrTrashed, func() error {
			_, err := svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: live.ID, Others: []contact.ID{trashed.ID}})
			return err
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for range 2 {
				err := c.call()
				require.ErrorIs(t, err, c.is)
				require.ErrorIs(t, err, contactkit.ErrConflict, "%v", err)
				for _, other := range []error{contactkit.ErrInvalidInput, contactkit.ErrNotFound, contactkit.ErrPermission, contactkit.ErrAlreadyExists} {
					require.False(t, errors.Is(err, other), "%v matches %v too", err, other)
				}
			}
		})
	}
}
