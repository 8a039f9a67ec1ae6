package contactkit_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
)

// The host's identifiers (X1): an assignee, a task's assignee, a meeting's
// attendee, an actor's user and workspace are at most contact.MaxUserIDLen
// bytes of UTF-8 without control characters; past that a call fails with a
// typed error that quotes a short prefix, writing nothing. An ID at the
// limit is taken.
func TestUserIDsAreBounded(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	ada := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	long := contact.UserID(strings.Repeat("u", contact.MaxUserIDLen+1))
	limit := contact.UserID(strings.Repeat("u", contact.MaxUserIDLen))
	for _, bad := range []struct {
		id   contact.UserID
		want error
	}{{long, contact.ErrTooLong}, {"user\x00", contact.ErrInvalid}, {"user\u0085", contact.ErrInvalid}, {"us\xffer", contact.ErrInvalid}} {
		calls := map[string]func() error{
			"create with assignee": func() error {
				_, err := h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Bob"), Assignee: &bad.id}})
				return err
			},
			"update assignee": func() error {
				_, err := h.svc.UpdateContact(ctx, owner, ada.ID, contact.Patch{Assignee: &bad.id})
				return err
			},
			"task assignee": func() error {
				_, err := h.svc.AddTask(ctx, owner, ada.ID, contactkit.TaskInput{Title: "Call", Task: activity.Task{Assignee: bad.id}})
				return err
			},
			"meeting attendee": func() error {
				_, err := h.svc.AddMeeting(ctx, owner, ada.ID, contactkit.MeetingInput{Title: "Demo", OccurredAt: at, Attendees: []activity.Attendee{{User: bad.id}}})
				return err
			},
		}
		for name, call := range calls {
			err := call()
			require.Error(t, err, "%s %+q", name, bad.id)
			assert.True(t, errors.Is(err, bad.want) || errors.Is(err, activity.ErrInvalidActivity), "%s %+q: %v", name, bad.id, err)
			var v *contactkit.ValidationError
			assert.ErrorAs(t, err, &v, "%s %+q", name, bad.id)
			assert.Less(t, len(err.Error()), 400, "%s: the message quotes a prefix: %v", name, err)
		}
		for _, a := range []contactkit.Actor{
			{Workspace: owner.Workspace, User: bad.id, Role: contactkit.RoleOwner},
			{Workspace: contact.WorkspaceID(bad.id), User: "u", Role: contactkit.RoleOwner},
		} {
			_, err := h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Eve")}})
			assert.ErrorIs(t, err, contactkit.ErrInvalidActor, "actor %+q/%+q", a.Workspace, a.User)
			assert.Less(t, len(err.Error()), 400)
		}
	}
	_, err := h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Eve")}})
	require.NoError(t, err)
	assert.Equal(t, 2, h.count(t, owner), "nothing written by the refused calls")
	_, err = h.svc.CreateContact(ctx, contactkit.Actor{Workspace: contact.WorkspaceID(limit), User: limit, Role: contactkit.RoleOwner},
		contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Max"), Assignee: &limit}})
	assert.NoError(t, err, "IDs at the limit")
	_, err = h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Long"), Assignee: new(contact.UserID(strings.Repeat("u", 1<<20)))}})
	assert.ErrorIs(t, err, contact.ErrTooLong)
	assert.Less(t, len(err.Error()), 400)
	_, err = h.svc.CreateContact(ctx, contactkit.Actor{Workspace: "w", User: "u", Role: contactkit.Role(strings.Repeat("r", 1<<20))},
		contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Role")}})
	assert.ErrorIs(t, err, contactkit.ErrInvalidActor)
	assert.Less(t, len(err.Error()), 400, "an unknown role is quoted by a prefix")
}

// TestUserIDErrorsOfActivitiesAreTyped: the error of a task's assignee or
// a meeting's attendee past the limits holds the *contact.ParseError, as
// that of a contact's assignee does: errors.Is finds contact.ErrTooLong
// (or contact.ErrInvalid) and activity.ErrInvalidActivity alike.
func TestUserIDErrorsOfActivitiesAreTyped(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	ada := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	long := contact.UserID(strings.Repeat("u", contact.MaxUserIDLen+1))
	_, err := h.svc.AddTask(ctx, owner, ada.ID, contactkit.TaskInput{Title: "Call", Task: activity.Task{Assignee: long}})
	assert.ErrorIs(t, err, activity.ErrInvalidActivity)
	assert.ErrorIs(t, err, contact.ErrTooLong, "task assignee")
	_, isParseErr := errors.AsType[*contact.ParseError](err)
	assert.True(t, isParseErr, "task assignee: want a *contact.ParseError in %v", err)
	_, err = h.svc.AddMeeting(ctx, owner, ada.ID, contactkit.MeetingInput{Title: "Demo", OccurredAt: at, Attendees: []activity.Attendee{{User: "us\x00er"}}})
	assert.ErrorIs(t, err, activity.ErrInvalidActivity)
	assert.ErrorIs(t, err, contact.ErrInvalid, "attendee")
}

// TestAssignContactsRefusesABadUser: AssignContacts with a user past the
// limits refuses the whole call before anything changes, as
// SetContactsField refuses a value its field's type does not take: the
// user is the call's, not any contact's.
func TestAssignContactsRefusesABadUser(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	a := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	b := h.create(t, owner, contact.Patch{FirstName: new("Bob")})
	long := contact.UserID(strings.Repeat("u", contact.MaxUserIDLen+1))
	res, err := h.svc.AssignContacts(ctx, owner, contactkit.Bulk{IDs: []contact.ID{a.ID, b.ID}, Expected: 2}, long)
	require.Error(t, err, "got %+v", res)
	assert.ErrorIs(t, err, contactkit.ErrInvalidInput)
	assert.ErrorIs(t, err, contact.ErrTooLong)
	assert.Less(t, len(err.Error()), 400)
	assert.Zero(t, res.Batches, "refused before any batch")
}
