package contactkit_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
)

// H1, D3: a meeting lists its attendees, some of them contacts of the
// workspace, which AddMeeting checks. An attendee's contact erased since
// (EraseContact, or PurgeTrash past the window) must not lock the meeting
// of another contact: pinning it, editing its notes (with the attendees
// sent back as they are), deleting and restoring it still work. A contact
// the change adds among the attendees is still checked.
func TestAcc15ErasedAttendeeDoesNotLockTheMeeting(t *testing.T) {
	ctx := context.Background()
	svc, _ := acc3Service(t, nil)
	ann := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann")}})
	bob := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Bob")}})
	cyd := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Cyd")}})
	at := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
	m, err := svc.AddMeeting(ctx, acc3Owner, ann.ID, contactkit.MeetingInput{Title: "Kick-off", OccurredAt: at,
		Attendees: []activity.Attendee{{Contact: bob.ID}, {User: "u-owner"}}})
	require.NoError(t, err)
	require.NoError(t, svc.EraseContact(ctx, acc3Owner, bob.ID))
	require.NoError(t, svc.EraseContact(ctx, acc3Owner, cyd.ID))

	_, err = svc.UpdateActivity(ctx, acc3Owner, m.ID, contactkit.ActivityPatch{Pinned: new(true)})
	require.NoError(t, err, "pinning a meeting whose attendee was erased")
	in := m.Interaction
	_, err = svc.UpdateActivity(ctx, acc3Owner, m.ID, contactkit.ActivityPatch{Body: new("went well"), Interaction: &in})
	require.NoError(t, err, "editing a meeting with its attendees sent back as they are")
	_, err = svc.DeleteActivity(ctx, acc3Owner, m.ID)
	require.NoError(t, err, "deleting a meeting whose attendee was erased")
	_, err = svc.RestoreActivity(ctx, acc3Owner, m.ID)
	require.NoError(t, err, "restoring a meeting whose attendee was erased")

	in.Attendees = append(in.Attendees, activity.Attendee{Contact: cyd.ID})
	_, err = svc.UpdateActivity(ctx, acc3Owner, m.ID, contactkit.ActivityPatch{Interaction: &in})
	require.ErrorIs(t, err, contactkit.ErrInvalidInput, "a contact added among the attendees is checked")
	require.ErrorContains(t, err, cyd.ID.String(), "the error names the unknown attendee")
}
