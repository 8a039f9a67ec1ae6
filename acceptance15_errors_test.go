package contactkit_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
)

// This file sweeps the error categories of the Service (errors.go) over
// every exported method: every error a call returns, other than a failure
// of the store's machinery or a cancelled context, matches exactly one of
// ErrInvalidActor, ErrPermission, ErrInvalidInput, ErrNotFound,
// ErrConflict, ErrAlreadyExists and store.ErrInvalidCursor, so that a host
// maps categories to answers (400, 403, 404, 409) with no list of
// sentinels; and a refused call writes nothing and emits nothing (C5, H2,
// H3, section 3: all-or-nothing).

// acc15Categories are the categories a host maps to answers.
var acc15Categories = []error{
	contactkit.ErrInvalidActor, contactkit.ErrPermission, contactkit.ErrInvalidInput,
	contactkit.ErrNotFound, contactkit.ErrConflict, contactkit.ErrAlreadyExists, store.ErrInvalidCursor,
}

// acc15Matched returns the messages of the categories err matches.
func acc15Matched(err error) []string {
	var out []string
	for _, c := range acc15Categories {
		if errors.Is(err, c) {
			out = append(out, c.Error())
		}
	}
	return out
}

// acc15Drain returns the first error seq yields.
func acc15Drain[T any](seq iter.Seq2[T, error]) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

// acc15Call is a call of the Service on the fixture by actor a.
type acc15Call = func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error

// acc15Refused makes call on a new fixture and requires it to fail with an
// error of exactly one category (want, unless nil), having written nothing
// in either workspace and emitted no event. It returns the error.
func acc15Refused(t *testing.T, want error, call acc15Call) error {
	t.Helper()
	f := &acc15Fixture{tenancyFixture: newTenancyFixture(t, nil), t: t}
	return acc15RefusedOn(t, f, want, call)
}

// acc15Fixture is a tenancyFixture that keeps what its workspaces held
// when the call under test began: a case that sets a state up first calls
// ready once it has.
type acc15Fixture struct {
	*tenancyFixture
	t                *testing.T
	before1, before2 string
}

// ready records the state of the fixture before the call under test and
// drops the events of the calls made so far.
func (f *acc15Fixture) ready() {
	f.t.Helper()
	f.before1, f.before2 = f.dump(f.t, "ws-1"), f.dump(f.t, "ws-2")
	f.h.takeEvents()
}

// errAcc15Fine is returned by a case whose call may succeed: it is not
// a refusal, and nothing is checked.
var errAcc15Fine = errors.New("the call succeeded, which is fine")

// errAcc15MayPass is the want of a case whose call may succeed.
var errAcc15MayPass = errors.New("may pass")

func acc15RefusedOn(t *testing.T, f *acc15Fixture, want error, call acc15Call) error {
	t.Helper()
	f.t = t
	f.ready()
	err := call(t.Context(), f, owner)
	require.Error(t, err, "the call is refused (or its setup failed)")
	if err == errAcc15Fine {
		return err
	}
	before1, before2 := f.before1, f.before2
	got := acc15Matched(err)
	require.Len(t, got, 1, "%q matches exactly one category; it matches %q", err, got)
	// X1: an error quotes at most a short prefix of a bad value.
	require.Less(t, len(err.Error()), 1000, "the error quotes a bad value whole: %.300s…", err)
	if want != nil {
		require.ErrorIs(t, err, want, "category of %q", err)
	}
	sameDump(t, before1, f.dump(t, "ws-1"), "a refused call writes nothing in its workspace")
	sameDump(t, before2, f.dump(t, "ws-2"), "a refused call writes nothing in another workspace")
	require.Empty(t, eventTypes(f.h.takeEvents()), "a refused call emits no event")
	return err
}

// acc15Methods holds a call of every exported method of the Service that
// takes an Actor, with arguments that an owner may pass.
func acc15Methods() map[string]acc15Call {
	when := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	pr := store.PageRequest{}
	return map[string]acc15Call{
		"AddNote": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddNote(ctx, a, f.mia.ID, contactkit.NoteInput{Body: "hi"})
			return err
		},
		"AddTask": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddTask(ctx, a, f.mia.ID, contactkit.TaskInput{Title: "call"})
			return err
		},
		"AddCall": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddCall(ctx, a, f.mia.ID, contactkit.CallInput{Direction: activity.DirectionOutbound, OccurredAt: when})
			return err
		},
		"AddEmail": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddEmail(ctx, a, f.mia.ID, contactkit.EmailInput{Direction: activity.DirectionInbound, OccurredAt: when, Subject: "s"})
			return err
		},
		"AddMeeting": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddMeeting(ctx, a, f.mia.ID, contactkit.MeetingInput{Title: "lunch", OccurredAt: when})
			return err
		},
		"UpdateActivity": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UpdateActivity(ctx, a, f.myNote.ID, contactkit.ActivityPatch{Pinned: new(true)})
			return err
		},
		"CompleteTask": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CompleteTask(ctx, a, f.myTask.ID)
			return err
		},
		"ReopenTask": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ReopenTask(ctx, a, f.myTask.ID)
			return err
		},
		"ListTimeline": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListTimeline(ctx, a, f.mia.ID, contactkit.TimelineQuery{}, pr)
			return err
		},
		"Timeline": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return acc15Drain(f.h.svc.Timeline(ctx, a, f.mia.ID, contactkit.TimelineQuery{}))
		},
		"GetActivity": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.GetActivity(ctx, a, f.myNote.ID)
			return err
		},
		"DeleteActivity": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.DeleteActivity(ctx, a, f.myNote.ID)
			return err
		},
		"RestoreActivity": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.RestoreActivity(ctx, a, f.myGone.ID)
			return err
		},
		"ListActivityTrash": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListActivityTrash(ctx, a, f.mia.ID, pr)
			return err
		},
		"ActivityTrash": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return acc15Drain(f.h.svc.ActivityTrash(ctx, a, f.mia.ID))
		},
		"PurgeActivityTrash": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.PurgeActivityTrash(ctx, a)
			return err
		},
		"MoveTask": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.MoveTask(ctx, a, f.myTask.ID, f.max.ID)
			return err
		},
		"ListActivityHistory": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListActivityHistory(ctx, a, f.myNote.ID, pr)
			return err
		},
		"ActivityHistory": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return acc15Drain(f.h.svc.ActivityHistory(ctx, a, f.myNote.ID))
		},
		"Associate": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Associate(ctx, a, f.mia.ID, contactkit.AssociationInput{Type: "company", Record: "acme"})
			return err
		},
		"Dissociate": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Dissociate(ctx, a, f.mia.ID, "company", "acme")
			return err
		},
		"ListAssociations": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListAssociations(ctx, a, f.mia.ID, contactkit.AssociationQuery{}, pr)
			return err
		},
		"Associations": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return acc15Drain(f.h.svc.Associations(ctx, a, f.mia.ID, contactkit.AssociationQuery{}))
		},
		"ListAssociated": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListAssociated(ctx, a, "company", "acme", pr)
			return err
		},
		"Associated": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return acc15Drain(f.h.svc.Associated(ctx, a, "company", "acme"))
		},
		"Follow": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Follow(ctx, a, f.mia.ID)
			return err
		},
		"Unfollow": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Unfollow(ctx, a, f.mia.ID)
			return err
		},
		"ListFollowers": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListFollowers(ctx, a, f.mia.ID, pr)
			return err
		},
		"Followers": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return acc15Drain(f.h.svc.Followers(ctx, a, f.mia.ID))
		},
		"CreateAutomation": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateAutomation(ctx, a, automation.Automation{Name: "New", Steps: steps(1)})
			return err
		},
		"UpdateAutomation": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			au := f.myAuto
			au.Name = "Renamed"
			_, err := f.h.svc.UpdateAutomation(ctx, a, au)
			return err
		},
		"GetAutomation": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.GetAutomation(ctx, a, f.myAuto.ID)
			return err
		},
		"Automations": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return acc15Drain(f.h.svc.Automations(ctx, a))
		},
		"Enroll": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Enroll(ctx, a, f.myAuto.ID, f.max.ID, "")
			return err
		},
		"PassStep": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.PassStep(ctx, a, enID(nowhereID), automation.OutcomeCompleted)
			return err
		},
		"PassStepAt": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.PassStepAt(ctx, a, enID(nowhereID), 0, automation.OutcomeCompleted)
			return err
		},
		"EndEnrollment": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.EndEnrollment(ctx, a, enID(nowhereID))
			return err
		},
		"StopEnrollments": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.StopEnrollments(ctx, a, f.mia.ID, "why")
			return err
		},
		"GetEnrollment": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.GetEnrollment(ctx, a, enID(nowhereID))
			return err
		},
		"Enrollments": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return acc15Drain(f.h.svc.Enrollments(ctx, a, contactkit.EnrollmentQuery{}))
		},
		"BackfillIndexes": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.BackfillIndexes(ctx, a)
			return err
		},
		"DeleteContacts": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.DeleteContacts(ctx, a, contactkit.Bulk{IDs: []contact.ID{f.max.ID}, Expected: 1})
			return err
		},
		"TagContacts": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.TagContacts(ctx, a, f.miaBulk(), "x")
			return err
		},
		"UntagContacts": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UntagContacts(ctx, a, f.miaBulk(), "MyTag")
			return err
		},
		"AssignContacts": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AssignContacts(ctx, a, f.miaBulk(), "u-2")
			return err
		},
		"SetContactsField": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.SetContactsField(ctx, a, f.miaBulk(), "my_score", "3")
			return err
		},
		"AddContactsToList": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddContactsToList(ctx, a, f.miaBulk(), f.myList.ID)
			return err
		},
		"ConnectChannel": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ConnectChannel(ctx, a, f.mia.ID, contact.ChannelWhatsApp)
			return err
		},
		"OpenChannel": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.OpenChannel(ctx, a, f.mia.ID, contact.ChannelEmail)
			return err
		},
		"RemoveChannel": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.RemoveChannel(ctx, a, f.mia.ID, contact.ChannelSMS)
			return err
		},
		"SyncAvatar": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.SyncAvatar(ctx, a, f.mia.ID, "https://example.com/a.png")
			return err
		},
		"BlockContact": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.BlockContact(ctx, a, f.mia.ID, "spam")
			return err
		},
		"UnblockContact": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UnblockContact(ctx, a, f.mia.ID)
			return err
		},
		"Consent": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Consent(ctx, a, f.mia.ID)
			return err
		},
		"Unsubscribe": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Unsubscribe(ctx, a, f.mia.ID, list.ChannelEmail, "asked")
			return err
		},
		"Resubscribe": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Resubscribe(ctx, a, f.mia.ID, list.ChannelEmail, "asked")
			return err
		},
		"UnsubscribeAddress": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UnsubscribeAddress(ctx, a, list.ChannelEmail, "x@example.com", "stop")
			return err
		},
		"ResubscribeAddress": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ResubscribeAddress(ctx, a, list.ChannelEmail, "x@example.com", "asked")
			return err
		},
		"AddressConsent": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddressConsent(ctx, a, list.ChannelEmail, "x@example.com")
			return err
		},
		"ListConsent": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListConsent(ctx, a, list.ChannelEmail, pr)
			return err
		},
		"ConsentLedger": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return acc15Drain(f.h.svc.ConsentLedger(ctx, a, list.ChannelEmail))
		},
		"CreateContact": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ivy")}})
			return err
		},
		"GetContact": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.GetContact(ctx, a, f.mia.ID)
			return err
		},
		"UpdateContact": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UpdateContact(ctx, a, f.mia.ID, contact.Patch{City: new("Lyon")})
			return err
		},
		"CaptureContact": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CaptureContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new("ivy@example.com")}})
			return err
		},
		"ListContacts": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListContacts(ctx, a, contactkit.ContactQuery{}, pr)
			return err
		},
		"Contacts": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return acc15Drain(f.h.svc.Contacts(ctx, a, contactkit.ContactQuery{}))
		},
		"Export": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Export(ctx, a, contactkit.ContactQuery{}, io.Discard, nil)
			return err
		},
		"ListFeed": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListFeed(ctx, a, f.mia.ID, contactkit.FeedQuery{}, pr)
			return err
		},
		"Feed": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return acc15Drain(f.h.svc.Feed(ctx, a, f.mia.ID, contactkit.FeedQuery{}))
		},
		"CreateField": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateField(ctx, a, field.Definition{Key: field.MustParseKey("tier"), Label: "Tier", Type: field.TypeText})
			return err
		},
		"UpdateField": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			d := f.myField
			d.Label = "Relabelled"
			_, err := f.h.svc.UpdateField(ctx, a, d)
			return err
		},
		"Fields": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Fields(ctx, a)
			return err
		},
		"AllFields": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AllFields(ctx, a)
			return err
		},
		"ArchiveField": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ArchiveField(ctx, a, f.myField.Key)
			return err
		},
		"RestoreField": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.RestoreField(ctx, a, f.myOldField.Key)
			return err
		},
		"PreviewFieldTypeChange": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			d := f.myField
			d.Type = field.TypeNumber
			_, err := f.h.svc.PreviewFieldTypeChange(ctx, a, d)
			return err
		},
		"ChangeFieldType": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			d := f.myField
			d.Type = field.TypeNumber
			_, err := f.h.svc.ChangeFieldType(ctx, a, contactkit.FieldTypeChange{Definition: d})
			return err
		},
		"ListHistory": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListHistory(ctx, a, f.mia.ID, "", pr)
			return err
		},
		"History": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return acc15Drain(f.h.svc.History(ctx, a, f.mia.ID, ""))
		},
		"Import": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			r, m := acc15ImportFile("First name,Email\nIvy,ivy@example.com\n")
			_, err := f.h.svc.Import(ctx, a, r, m, nil)
			return err
		},
		"DeleteContact": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.DeleteContact(ctx, a, f.max.ID)
			return err
		},
		"RestoreContact": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.RestoreContact(ctx, a, f.tina.ID)
			return err
		},
		"EraseContact": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return f.h.svc.EraseContact(ctx, a, f.max.ID)
		},
		"PurgeTrash": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.PurgeTrash(ctx, a)
			return err
		},
		"CreateList": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateList(ctx, a, list.List{Name: "New list"})
			return err
		},
		"UpdateList": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			l := f.myList
			l.Name = "Renamed"
			_, err := f.h.svc.UpdateList(ctx, a, l)
			return err
		},
		"GetList": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.GetList(ctx, a, f.myList.ID)
			return err
		},
		"Lists": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return acc15Drain(f.h.svc.Lists(ctx, a))
		},
		"AddToList": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddToList(ctx, a, f.myList.ID, f.mia.ID)
			return err
		},
		"ConfirmSubscription": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ConfirmSubscription(ctx, a, f.myList.ID, f.mia.ID)
			return err
		},
		"UnsubscribeFromList": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UnsubscribeFromList(ctx, a, f.myList.ID, f.mia.ID, "asked")
			return err
		},
		"ResubscribeToList": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ResubscribeToList(ctx, a, f.myList.ID, f.mia.ID, "asked")
			return err
		},
		"Memberships": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return acc15Drain(f.h.svc.Memberships(ctx, a, contactkit.MembershipQuery{}))
		},
		"ContactByEmail": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ContactByEmail(ctx, a, "mia@mine.example")
			return err
		},
		"ContactByPhone": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ContactByPhone(ctx, a, "+33612345678")
			return err
		},
		"FindDuplicates": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.FindDuplicates(ctx, a, nil)
			return err
		},
		"SuggestDuplicates": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return acc15Drain(f.h.svc.SuggestDuplicates(ctx, a, nil))
		},
		"DismissDuplicate": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.DismissDuplicate(ctx, a, f.mia.ID, f.max.ID)
			return err
		},
		"ResolveContact": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ResolveContact(ctx, a, f.mia.ID)
			return err
		},
		"PreviewMerge": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: f.mia.ID, Others: []contact.ID{f.max.ID}})
			return err
		},
		"MergeContacts": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.MergeContacts(ctx, a, contactkit.MergePreview{Request: contactkit.MergeRequest{Primary: f.mia.ID, Others: []contact.ID{f.max.ID}}})
			return err
		},
		"GetMerge": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.GetMerge(ctx, a, f.myMerge.ID)
			return err
		},
		"MergeHistory": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return acc15Drain(f.h.svc.MergeHistory(ctx, a, f.mia.ID))
		},
		"UnmergeContacts": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UnmergeContacts(ctx, a, f.myMerge.ID)
			return err
		},
		"Reachable": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Reachable(ctx, a, f.mia.ID, contact.ChannelEmail, list.ID{})
			return err
		},
		"TagContact": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.TagContact(ctx, a, f.mia.ID, "x")
			return err
		},
		"UntagContact": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UntagContact(ctx, a, f.mia.ID, "MyTag")
			return err
		},
		"DeleteTag": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.DeleteTag(ctx, a, "MyTag")
			return err
		},
		"ListTags": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListTags(ctx, a, pr)
			return err
		},
		"Tags": func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return acc15Drain(f.h.svc.Tags(ctx, a))
		},
	}
}

// acc15ImportFile opens csv, whose first two columns are a first name and
// an email, and maps them.
func acc15ImportFile(csv string) (importer.Reader, importer.Mapping) {
	r, err := importer.Open(strings.NewReader(csv), nil)
	if err != nil {
		panic(err)
	}
	return r, importer.Mapping{Columns: []importer.Column{
		{Index: 0, Target: importer.Target{Kind: importer.KindFirstName}},
		{Index: 1, Target: importer.Target{Kind: importer.KindEmail}},
	}}
}

// TestAcceptance15ErrorsSweepCoversEveryMethod: the sweep below has a call
// of every exported method of the Service that takes an Actor.
func TestAcceptance15ErrorsSweepCoversEveryMethod(t *testing.T) {
	calls := acc15Methods()
	typ := reflect.TypeFor[*contactkit.Service]()
	actor := reflect.TypeFor[contactkit.Actor]()
	for i := range typ.NumMethod() {
		m := typ.Method(i)
		takesActor := false
		for j := range m.Type.NumIn() {
			takesActor = takesActor || m.Type.In(j) == actor
		}
		if !takesActor {
			continue
		}
		require.Contains(t, calls, m.Name, "the sweep calls every method of the Service")
	}
}

// TestAcceptance15ErrorsInvalidActor: every method refuses an invalid Actor
// with ErrInvalidActor alone, before anything else, writing nothing.
func TestAcceptance15ErrorsInvalidActor(t *testing.T) {
	bad := map[string]contactkit.Actor{
		"zero":          {},
		"no workspace":  {User: "u", Role: contactkit.RoleOwner},
		"no user":       {Workspace: "ws-1", Role: contactkit.RoleOwner},
		"unknown role":  {Workspace: "ws-1", User: "u", Role: "admin"},
		"unknown src":   {Workspace: "ws-1", User: "u", Role: contactkit.RoleOwner, Source: "telepathy"},
		"huge user":     {Workspace: "ws-1", User: contact.UserID(strings.Repeat("u", contact.MaxUserIDLen+1)), Role: contactkit.RoleOwner},
		"nul workspace": {Workspace: "ws\x00", User: "u", Role: contactkit.RoleOwner},
	}
	f := &acc15Fixture{tenancyFixture: newTenancyFixture(t, nil)}
	for name, call := range acc15Methods() {
		t.Run(name, func(t *testing.T) {
			for what, a := range bad {
				err := acc15RefusedOn(t, f, contactkit.ErrInvalidActor, func(ctx context.Context, f *acc15Fixture, _ contactkit.Actor) error {
					return call(ctx, f, a)
				})
				require.NotErrorIs(t, err, contactkit.ErrInvalidInput, what)
			}
		})
	}
}

// TestAcceptance15ErrorsAgent: an agent (P2) making any call gets an
// answer or an error of exactly one category; a guarded one is
// ErrPermission and writes nothing.
func TestAcceptance15ErrorsAgent(t *testing.T) {
	for name, call := range acc15Methods() {
		t.Run(name, func(t *testing.T) {
			f := &acc15Fixture{tenancyFixture: newTenancyFixture(t, nil), t: t}
			err := call(t.Context(), f, agent)
			if err != nil {
				require.Len(t, acc15Matched(err), 1, "%q matches exactly one category; it matches %q", err, acc15Matched(err))
			}
		})
	}
}

// TestAcceptance15ErrorsUnknownAndStateIDs runs every argument of every
// method that names a record (the cases of tenancy_audit_test.go) with an
// ID that exists nowhere, the zero ID, and the records of the caller's
// workspace of every kind the argument takes (a contact in the trash, one
// merged away, a note where a task is expected, …): a call that fails
// fails with exactly one category, writing nothing.
func TestAcceptance15ErrorsUnknownAndStateIDs(t *testing.T) {
	for _, tc := range slotCases() {
		for _, kind := range tc.kinds {
			t.Run(tc.method+"/"+tc.slot+"/"+kind, func(t *testing.T) {
				f := newTenancyFixture(t, nil)
				ids := map[string]string{"nowhere": nowhereOf(kind)}
				if _, natural := nowhere[kind]; !natural {
					ids["zero"] = "00000000-0000-0000-0000-000000000000"
				}
				if mine := acc15Mine(f, kind); mine != "" {
					ids["mine"] = mine
				}
				for what, id := range ids {
					before1, before2 := f.dump(t, "ws-1", id), f.dump(t, "ws-2", id)
					f.h.takeEvents()
					_, err := tc.call(t.Context(), f, id)
					if err == nil {
						continue
					}
					require.Len(t, acc15Matched(err), 1, "%s ID: %q matches exactly one category; it matches %q", what, err, acc15Matched(err))
					sameDump(t, before1, f.dump(t, "ws-1", id), what+" ID: a refused call writes nothing")
					sameDump(t, before2, f.dump(t, "ws-2", id), what+" ID: a refused call writes nothing in another workspace")
					require.Empty(t, eventTypes(f.h.takeEvents()), "%s ID: a refused call emits no event", what)
				}
			})
		}
	}
}

// acc15Mine returns the record of the caller's workspace of kind, or "".
func acc15Mine(f *tenancyFixture, kind string) string {
	switch kind {
	case kContact:
		return f.mia.ID.String()
	case kTrashed:
		return f.tina.ID.String()
	case kMerged:
		return f.myMerge.Others[0].String()
	case kActivity:
		return f.myNote.ID.String()
	case kTask:
		return f.myTask.ID.String()
	case kTrashedActivity:
		return f.myGone.ID.String()
	case kList:
		return f.myList.ID.String()
	case kAutomation:
		return f.myAuto.ID.String()
	case kMerge:
		return f.myMerge.ID.String()
	case kField:
		return f.myOldField.Key.String()
	case kTag:
		return f.myTag
	case kEmail:
		return "mia@mine.example"
	case kPhone:
		return "+33612345678"
	}
	return ""
}

type acc15Case struct {
	method, name string
	want         error // the category; nil: any one
	call         acc15Call
}

// acc15BadCursor is a cursor no listing handed out.
var acc15BadCursor = store.PageRequest{Cursor: "not-a-cursor"}

// acc15BadInputCases are the cases of TestAcceptance15ErrorsBadInput.
func acc15BadInputCases() []acc15Case {
	var (
		inv      = contactkit.ErrInvalidInput
		notFound = contactkit.ErrNotFound
		conflict = contactkit.ErrConflict
		exists   = contactkit.ErrAlreadyExists
		cursor   = store.ErrInvalidCursor
		when     = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
		huge     = strings.Repeat("x", contact.MaxNoteLen+1)
		long     = strings.Repeat("x", 1001)
		pr       = acc15BadCursor
		mayPass  = errAcc15MayPass
	)
	return []acc15Case{
		// activities.go
		{"AddNote", "empty body", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddNote(ctx, a, f.mia.ID, contactkit.NoteInput{})
			return err
		}},
		{"AddNote", "oversized body", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddNote(ctx, a, f.mia.ID, contactkit.NoteInput{Body: huge})
			return err
		}},
		{"AddNote", "oversized key", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddNote(ctx, a, f.mia.ID, contactkit.NoteInput{Body: "x", Key: long})
			return err
		}},
		{"AddNote", "key reused for another note", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			if _, err := f.h.svc.AddNote(ctx, a, f.mia.ID, contactkit.NoteInput{Body: "one", Key: "k"}); err != nil {
				return nil
			}
			f.ready()
			_, err := f.h.svc.AddNote(ctx, a, f.mia.ID, contactkit.NoteInput{Body: "two", Key: "k"})
			return err
		}},
		{"AddNote", "unknown automation to enrol", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddNote(ctx, a, f.mia.ID, contactkit.NoteInput{Body: "x", Enroll: auID(nowhereID)})
			return err
		}},
		{"AddTask", "key reused for another task", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			if _, err := f.h.svc.AddTask(ctx, a, f.mia.ID, contactkit.TaskInput{Title: "one", Key: "k"}); err != nil {
				return nil
			}
			f.ready()
			_, err := f.h.svc.AddTask(ctx, a, f.mia.ID, contactkit.TaskInput{Title: "two", Key: "k"})
			return err
		}},
		{"AddCall", "key of a note", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			if _, err := f.h.svc.AddNote(ctx, a, f.mia.ID, contactkit.NoteInput{Body: "one", Key: "k"}); err != nil {
				return nil
			}
			f.ready()
			_, err := f.h.svc.AddCall(ctx, a, f.mia.ID, contactkit.CallInput{Direction: activity.DirectionInbound, OccurredAt: when, Key: "k"})
			return err
		}},
		{"AddEmail", "key reused for another email", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			in := contactkit.EmailInput{Direction: activity.DirectionInbound, OccurredAt: when, Subject: "s", Key: "k"}
			if _, err := f.h.svc.AddEmail(ctx, a, f.mia.ID, in); err != nil {
				return nil
			}
			f.ready()
			in.Subject = "another"
			_, err := f.h.svc.AddEmail(ctx, a, f.mia.ID, in)
			return err
		}},
		{"AddMeeting", "oversized key", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddMeeting(ctx, a, f.mia.ID, contactkit.MeetingInput{Title: "m", OccurredAt: when, Key: long})
			return err
		}},
		{"AddNote", "contact in the trash", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddNote(ctx, a, f.tina.ID, contactkit.NoteInput{Body: "x"})
			return err
		}},
		{"AddNote", "merged contact", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddNote(ctx, a, f.myMerge.Others[0], contactkit.NoteInput{Body: "x"})
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		{"AddTask", "empty title", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddTask(ctx, a, f.mia.ID, contactkit.TaskInput{})
			return err
		}},
		{"AddTask", "unknown task type", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddTask(ctx, a, f.mia.ID, contactkit.TaskInput{Title: "t", Task: activity.Task{Type: "bogus"}})
			return err
		}},
		{"AddTask", "completed on creation", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddTask(ctx, a, f.mia.ID, contactkit.TaskInput{Title: "t", Task: activity.Task{Completed: true}})
			return err
		}},
		{"AddTask", "unknown enrol-on", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddTask(ctx, a, f.mia.ID, contactkit.TaskInput{Title: "t", Enroll: f.myAuto.ID, EnrollOn: "bogus"})
			return err
		}},
		{"AddTask", "negative duration", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddTask(ctx, a, f.mia.ID, contactkit.TaskInput{Title: "t", Task: activity.Task{Duration: -time.Hour}})
			return err
		}},
		{"AddCall", "no direction", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddCall(ctx, a, f.mia.ID, contactkit.CallInput{OccurredAt: when})
			return err
		}},
		{"AddCall", "unknown outcome", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddCall(ctx, a, f.mia.ID, contactkit.CallInput{Direction: activity.DirectionInbound, OccurredAt: when, Outcome: "bogus"})
			return err
		}},
		{"AddCall", "a meeting's outcome", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddCall(ctx, a, f.mia.ID, contactkit.CallInput{Direction: activity.DirectionInbound, OccurredAt: when, Outcome: activity.OutcomeScheduled})
			return err
		}},
		{"AddCall", "no time", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddCall(ctx, a, f.mia.ID, contactkit.CallInput{Direction: activity.DirectionInbound})
			return err
		}},
		{"AddEmail", "no subject nor body", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddEmail(ctx, a, f.mia.ID, contactkit.EmailInput{Direction: activity.DirectionInbound, OccurredAt: when})
			return err
		}},
		{"AddEmail", "unknown direction", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddEmail(ctx, a, f.mia.ID, contactkit.EmailInput{Direction: "sideways", OccurredAt: when, Subject: "s"})
			return err
		}},
		{"AddMeeting", "no title", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddMeeting(ctx, a, f.mia.ID, contactkit.MeetingInput{OccurredAt: when})
			return err
		}},
		{"AddMeeting", "attendee both user and contact", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddMeeting(ctx, a, f.mia.ID, contactkit.MeetingInput{Title: "m", OccurredAt: when,
				Attendees: []activity.Attendee{{User: "u", Contact: f.max.ID}}})
			return err
		}},
		{"AddMeeting", "too many attendees", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			var at []activity.Attendee
			for i := range activity.MaxAttendees + 1 {
				at = append(at, activity.Attendee{User: contact.UserID("u" + strings.Repeat("x", i))})
			}
			_, err := f.h.svc.AddMeeting(ctx, a, f.mia.ID, contactkit.MeetingInput{Title: "m", OccurredAt: when, Attendees: at})
			return err
		}},
		{"UpdateActivity", "stale version", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UpdateActivity(ctx, a, f.myNote.ID, contactkit.ActivityPatch{Pinned: new(true), IfVersion: f.myNote.Version + 5})
			return err
		}},
		{"UpdateActivity", "negative version", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UpdateActivity(ctx, a, f.myNote.ID, contactkit.ActivityPatch{Pinned: new(true), IfVersion: -1})
			return err
		}},
		{"UpdateActivity", "task fields on a note", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UpdateActivity(ctx, a, f.myNote.ID, contactkit.ActivityPatch{Task: &activity.Task{Assignee: "u"}})
			return err
		}},
		{"UpdateActivity", "interaction on a note", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UpdateActivity(ctx, a, f.myNote.ID, contactkit.ActivityPatch{Interaction: &activity.Interaction{OccurredAt: when}})
			return err
		}},
		{"UpdateActivity", "empty body", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UpdateActivity(ctx, a, f.myNote.ID, contactkit.ActivityPatch{Body: new("")})
			return err
		}},
		{"UpdateActivity", "oversized title", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UpdateActivity(ctx, a, f.myTask.ID, contactkit.ActivityPatch{Title: new(long)})
			return err
		}},
		{"CompleteTask", "a note", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CompleteTask(ctx, a, f.myNote.ID)
			return err
		}},
		{"CompleteTask", "a meeting", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CompleteTask(ctx, a, f.myMeeting.ID)
			return err
		}},
		{"ReopenTask", "a note", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ReopenTask(ctx, a, f.myNote.ID)
			return err
		}},
		{"CompleteTask", "a task in the trash", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			if _, err := f.h.svc.DeleteActivity(ctx, a, f.myTask.ID); err != nil {
				return nil
			}
			f.ready()
			_, err := f.h.svc.CompleteTask(ctx, a, f.myTask.ID)
			return err
		}},
		{"ListTimeline", "bad cursor", cursor, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListTimeline(ctx, a, f.mia.ID, contactkit.TimelineQuery{}, pr)
			return err
		}},
		{"ListTimeline", "unknown kind", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListTimeline(ctx, a, f.mia.ID, contactkit.TimelineQuery{Kinds: []activity.Kind{"bogus"}}, store.PageRequest{})
			return err
		}},
		{"ListTimeline", "oversized text", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListTimeline(ctx, a, f.mia.ID, contactkit.TimelineQuery{Text: long}, store.PageRequest{})
			return err
		}},
		{"ListTimeline", "oversized author", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListTimeline(ctx, a, f.mia.ID, contactkit.TimelineQuery{Author: contact.UserID(strings.Repeat("u", 300))}, store.PageRequest{})
			return err
		}},
		{"ListTimeline", "negative limit", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListTimeline(ctx, a, f.mia.ID, contactkit.TimelineQuery{}, store.PageRequest{Limit: -1})
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		{"Timeline", "unknown kind", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return acc15Drain(f.h.svc.Timeline(ctx, a, f.mia.ID, contactkit.TimelineQuery{Kinds: []activity.Kind{"bogus"}}))
		}},
		// activity_lifecycle.go
		{"DeleteActivity", "in the trash already", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.DeleteActivity(ctx, a, f.myGone.ID)
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		{"RestoreActivity", "not in the trash", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.RestoreActivity(ctx, a, f.myNote.ID)
			return err
		}},
		{"ListActivityTrash", "bad cursor", cursor, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListActivityTrash(ctx, a, f.mia.ID, pr)
			return err
		}},
		{"MoveTask", "a note", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.MoveTask(ctx, a, f.myNote.ID, f.max.ID)
			return err
		}},
		{"MoveTask", "to a contact in the trash", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.MoveTask(ctx, a, f.myTask.ID, f.tina.ID)
			return err
		}},
		{"MoveTask", "to a merged contact", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.MoveTask(ctx, a, f.myTask.ID, f.myMerge.Others[0])
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		{"MoveTask", "zero contact", notFound, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.MoveTask(ctx, a, f.myTask.ID, contact.ID{})
			return err
		}},
		{"ListActivityHistory", "bad cursor", cursor, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListActivityHistory(ctx, a, f.myNote.ID, pr)
			return err
		}},
		// associations.go
		{"Associate", "unknown type", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Associate(ctx, a, f.mia.ID, contactkit.AssociationInput{Type: "bogus", Record: "r"})
			return err
		}},
		{"Associate", "no record", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Associate(ctx, a, f.mia.ID, contactkit.AssociationInput{Type: "company"})
			return err
		}},
		{"Associate", "oversized record", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Associate(ctx, a, f.mia.ID, contactkit.AssociationInput{Type: "company", Record: long})
			return err
		}},
		{"Associate", "oversized label", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Associate(ctx, a, f.mia.ID, contactkit.AssociationInput{Type: "company", Record: "r", Label: long})
			return err
		}},
		{"Associate", "contact in the trash", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Associate(ctx, a, f.tina.ID, contactkit.AssociationInput{Type: "company", Record: "r"})
			return err
		}},
		{"Dissociate", "unknown type", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Dissociate(ctx, a, f.mia.ID, "bogus", "r")
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		{"ListAssociations", "bad cursor", cursor, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListAssociations(ctx, a, f.mia.ID, contactkit.AssociationQuery{}, pr)
			return err
		}},
		{"ListAssociations", "unknown type", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListAssociations(ctx, a, f.mia.ID, contactkit.AssociationQuery{Type: "bogus"}, store.PageRequest{})
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		{"ListAssociated", "bad cursor", cursor, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListAssociated(ctx, a, "company", "acme", pr)
			return err
		}},
		{"ListAssociated", "no record", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListAssociated(ctx, a, "company", "", store.PageRequest{})
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		{"ListAssociated", "oversized record", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListAssociated(ctx, a, "company", huge, store.PageRequest{})
			return err
		}},
		{"ListAssociated", "oversized type", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListAssociated(ctx, a, huge, "r", store.PageRequest{})
			return err
		}},
		{"Dissociate", "oversized record", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Dissociate(ctx, a, f.mia.ID, "company", huge)
			return err
		}},
		{"Follow", "contact in the trash", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Follow(ctx, a, f.tina.ID)
			return err
		}},
		{"ListFollowers", "bad cursor", cursor, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListFollowers(ctx, a, f.mia.ID, pr)
			return err
		}},
		// automations.go
		{"CreateAutomation", "no name", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateAutomation(ctx, a, automation.Automation{Steps: steps(1)})
			return err
		}},
		{"CreateAutomation", "unknown reentry", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateAutomation(ctx, a, automation.Automation{Name: "n", Steps: steps(1), Reentry: "bogus"})
			return err
		}},
		{"CreateAutomation", "an ID given", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateAutomation(ctx, a, automation.Automation{ID: f.myAuto.ID, Name: "n", Steps: steps(1)})
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		{"CreateAutomation", "unknown trigger", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateAutomation(ctx, a, automation.Automation{Name: "n", Steps: steps(1), Triggers: []automation.Trigger{{Kind: "bogus"}}})
			return err
		}},
		{"UpdateAutomation", "stale version", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			au := f.myAuto
			au.Version += 3
			_, err := f.h.svc.UpdateAutomation(ctx, a, au)
			return err
		}},
		{"UpdateAutomation", "zero ID", notFound, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			au := f.myAuto
			au.ID = automation.ID{}
			_, err := f.h.svc.UpdateAutomation(ctx, a, au)
			return err
		}},
		{"UpdateAutomation", "no steps", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			au := f.myAuto
			au.Steps = nil
			_, err := f.h.svc.UpdateAutomation(ctx, a, au)
			return err
		}},
		{"Enroll", "contact in the trash", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Enroll(ctx, a, f.myAuto.ID, f.tina.ID, "")
			return err
		}},
		{"Enroll", "merged contact", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Enroll(ctx, a, f.myAuto.ID, f.myMerge.Others[0], "")
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		{"Enroll", "blocked contact", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			if _, err := f.h.svc.BlockContact(ctx, a, f.max.ID, "spam"); err != nil {
				return nil
			}
			f.ready()
			_, err := f.h.svc.Enroll(ctx, a, f.myAuto.ID, f.max.ID, "")
			return err
		}},
		{"Enroll", "inactive automation", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			au, err := f.h.svc.CreateAutomation(ctx, a, automation.Automation{Name: "Off", Steps: steps(1)})
			if err != nil {
				return nil
			}
			f.ready()
			_, err = f.h.svc.Enroll(ctx, a, au.ID, f.max.ID, "")
			return err
		}},
		{"Enroll", "key reused for another contact", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			if _, err := f.h.svc.Enroll(ctx, a, f.myAuto.ID, f.max.ID, "k"); err != nil {
				return nil
			}
			f.ready()
			_, err := f.h.svc.Enroll(ctx, a, f.myAuto.ID, f.mia.ID, "k")
			return err
		}},
		{"Enroll", "oversized key", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Enroll(ctx, a, f.myAuto.ID, f.max.ID, long)
			return err
		}},
		{"Enroll", "zero automation", notFound, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Enroll(ctx, a, automation.ID{}, f.max.ID, "")
			return err
		}},
		{"PassStep", "unknown outcome", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			en, err := f.h.svc.Enroll(ctx, a, f.myAuto.ID, f.max.ID, "")
			if err != nil {
				return nil
			}
			f.ready()
			_, err = f.h.svc.PassStep(ctx, a, en.ID, "bogus")
			return err
		}},
		{"PassStep", "ended enrollment", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			en, err := f.h.svc.Enroll(ctx, a, f.myAuto.ID, f.max.ID, "")
			if err != nil {
				return nil
			}
			if _, err := f.h.svc.EndEnrollment(ctx, a, en.ID); err != nil {
				return nil
			}
			f.ready()
			_, err = f.h.svc.PassStep(ctx, a, en.ID, automation.OutcomeCompleted)
			return err
		}},
		{"PassStepAt", "step out of range", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			en, err := f.h.svc.Enroll(ctx, a, f.myAuto.ID, f.max.ID, "")
			if err != nil {
				return nil
			}
			f.ready()
			_, err = f.h.svc.PassStepAt(ctx, a, en.ID, 7, automation.OutcomeCompleted)
			return err
		}},
		{"PassStepAt", "negative step", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			en, err := f.h.svc.Enroll(ctx, a, f.myAuto.ID, f.max.ID, "")
			if err != nil {
				return nil
			}
			f.ready()
			_, err = f.h.svc.PassStepAt(ctx, a, en.ID, -1, automation.OutcomeCompleted)
			return err
		}},
		{"PassStepAt", "a step already passed", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			en, err := f.h.svc.Enroll(ctx, a, f.myAuto.ID, f.max.ID, "")
			if err != nil {
				return nil
			}
			if _, err := f.h.svc.PassStep(ctx, a, en.ID, automation.OutcomeCompleted); err != nil {
				return nil
			}
			f.ready()
			_, err = f.h.svc.PassStepAt(ctx, a, en.ID, 0, automation.OutcomeCompleted)
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		{"PassStep", "no step left", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			au, err := f.h.svc.CreateAutomation(ctx, a, automation.Automation{Name: "One", Steps: steps(1), Active: true})
			if err != nil {
				return nil
			}
			en, err := f.h.svc.Enroll(ctx, a, au.ID, f.max.ID, "")
			if err != nil {
				return nil
			}
			if _, err := f.h.svc.PassStep(ctx, a, en.ID, automation.OutcomeCompleted); err != nil {
				return nil
			}
			f.ready()
			_, err = f.h.svc.PassStep(ctx, a, en.ID, automation.OutcomeCompleted)
			return err
		}},
		{"EndEnrollment", "ended already", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			en, err := f.h.svc.Enroll(ctx, a, f.myAuto.ID, f.max.ID, "")
			if err != nil {
				return nil
			}
			if _, err := f.h.svc.EndEnrollment(ctx, a, en.ID); err != nil {
				return nil
			}
			f.ready()
			_, err = f.h.svc.EndEnrollment(ctx, a, en.ID)
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		{"StopEnrollments", "oversized reason", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.StopEnrollments(ctx, a, f.mia.ID, huge)
			return err
		}},
		{"GetEnrollment", "zero ID", notFound, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.GetEnrollment(ctx, a, automation.EnrollmentID{})
			return err
		}},
		// bulk.go, bulk_actions.go
		{"DeleteContacts", "count that does not hold", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.DeleteContacts(ctx, a, contactkit.Bulk{IDs: []contact.ID{f.max.ID}, Expected: 2})
			return err
		}},
		{"DeleteContacts", "no expected count", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.DeleteContacts(ctx, a, contactkit.Bulk{IDs: []contact.ID{f.max.ID}})
			return err
		}},
		{"DeleteContacts", "negative batch size", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.DeleteContacts(ctx, a, contactkit.Bulk{IDs: []contact.ID{f.max.ID}, Expected: 1, BatchSize: -1})
			return err
		}},
		{"DeleteContacts", "invalid query", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.DeleteContacts(ctx, a, contactkit.Bulk{Query: contactkit.ContactQuery{Status: "bogus"}, Expected: 1})
			return err
		}},
		{"DeleteContacts", "IDs and a query", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.DeleteContacts(ctx, a, contactkit.Bulk{IDs: []contact.ID{f.max.ID}, Query: contactkit.ContactQuery{Tag: "MyTag"}, Expected: 1})
			return err
		}},
		{"TagContacts", "no names", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.TagContacts(ctx, a, f.miaBulk())
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		{"TagContacts", "oversized tag", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.TagContacts(ctx, a, f.miaBulk(), long)
			return err
		}},
		{"TagContacts", "count that does not hold", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.TagContacts(ctx, a, contactkit.Bulk{IDs: []contact.ID{f.mia.ID}, Expected: 3}, "x")
			return err
		}},
		{"UntagContacts", "oversized tag", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UntagContacts(ctx, a, f.miaBulk(), long)
			return err
		}},
		{"AssignContacts", "oversized user", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AssignContacts(ctx, a, f.miaBulk(), contact.UserID(strings.Repeat("u", 300)))
			return err
		}},
		{"SetContactsField", "unknown key", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.SetContactsField(ctx, a, f.miaBulk(), "nope", "1")
			return err
		}},
		{"SetContactsField", "archived key", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.SetContactsField(ctx, a, f.miaBulk(), "my_old", "1")
			return err
		}},
		{"SetContactsField", "malformed key", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.SetContactsField(ctx, a, f.miaBulk(), "Not A Key!", "1")
			return err
		}},
		{"SetContactsField", "oversized value", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.SetContactsField(ctx, a, f.miaBulk(), "my_score", long)
			return err
		}},
		{"AddContactsToList", "unknown list", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddContactsToList(ctx, a, f.miaBulk(), lid(nowhereID))
			return err
		}},
		{"AddContactsToList", "zero list", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddContactsToList(ctx, a, f.miaBulk(), list.ID{})
			return err
		}},
		// channels.go
		{"ConnectChannel", "unknown kind", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ConnectChannel(ctx, a, f.mia.ID, "bogus")
			return err
		}},
		{"ConnectChannel", "empty kind", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ConnectChannel(ctx, a, f.mia.ID, "")
			return err
		}},
		{"ConnectChannel", "contact in the trash", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ConnectChannel(ctx, a, f.tina.ID, contact.ChannelEmail)
			return err
		}},
		{"OpenChannel", "one only the contact opens", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.OpenChannel(ctx, a, f.mia.ID, contact.ChannelInstagram)
			return err
		}},
		{"OpenChannel", "no address", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.OpenChannel(ctx, a, f.max.ID, contact.ChannelSMS)
			return err
		}},
		{"OpenChannel", "unknown kind", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.OpenChannel(ctx, a, f.mia.ID, "bogus")
			return err
		}},
		{"RemoveChannel", "unknown kind", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.RemoveChannel(ctx, a, f.mia.ID, "bogus")
			return err
		}},
		{"SyncAvatar", "not http", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.SyncAvatar(ctx, a, f.mia.ID, "javascript:alert(1)")
			return err
		}},
		{"SyncAvatar", "oversized", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.SyncAvatar(ctx, a, f.mia.ID, "https://example.com/"+huge)
			return err
		}},
		{"BlockContact", "oversized reason", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.BlockContact(ctx, a, f.mia.ID, huge)
			return err
		}},
		{"BlockContact", "contact in the trash", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.BlockContact(ctx, a, f.tina.ID, "spam")
			return err
		}},
		{"UnblockContact", "merged contact", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UnblockContact(ctx, a, f.myMerge.Others[0])
			return err
		}},
		// consent.go
		{"Unsubscribe", "unknown channel", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Unsubscribe(ctx, a, f.mia.ID, "bogus", "r")
			return err
		}},
		{"Unsubscribe", "no address on the channel", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Unsubscribe(ctx, a, f.max.ID, list.ChannelSMS, "r")
			return err
		}},
		{"Unsubscribe", "oversized reason", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Unsubscribe(ctx, a, f.mia.ID, list.ChannelEmail, huge)
			return err
		}},
		{"Resubscribe", "no reason", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			if _, err := f.h.svc.Unsubscribe(ctx, a, f.mia.ID, list.ChannelEmail, "r"); err != nil {
				return nil
			}
			f.ready()
			_, err := f.h.svc.Resubscribe(ctx, a, f.mia.ID, list.ChannelEmail, "")
			return err
		}},
		{"UnsubscribeAddress", "malformed address", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UnsubscribeAddress(ctx, a, list.ChannelEmail, "not an email", "r")
			return err
		}},
		{"UnsubscribeAddress", "unknown channel", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UnsubscribeAddress(ctx, a, "bogus", "x@example.com", "r")
			return err
		}},
		{"UnsubscribeAddress", "oversized address", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UnsubscribeAddress(ctx, a, list.ChannelSMS, huge, "r")
			return err
		}},
		{"ResubscribeAddress", "no reason", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ResubscribeAddress(ctx, a, list.ChannelEmail, "x@example.com", "")
			return err
		}},
		{"AddressConsent", "malformed phone", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddressConsent(ctx, a, list.ChannelSMS, "abc")
			return err
		}},
		{"ListConsent", "bad cursor", cursor, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListConsent(ctx, a, list.ChannelEmail, pr)
			return err
		}},
		{"ListConsent", "unknown channel", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListConsent(ctx, a, "bogus", store.PageRequest{})
			return err
		}},
		{"ConsentLedger", "unknown channel", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return acc15Drain(f.h.svc.ConsentLedger(ctx, a, "bogus"))
		}},
		// contacts.go
		{"CreateContact", "malformed email", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new("nope")}})
			return err
		}},
		{"CreateContact", "email taken", exists, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new("mia@mine.example")}})
			return err
		}},
		{"CreateContact", "phone taken", exists, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Phone: new("06 12 34 56 78")}})
			return err
		}},
		{"CreateContact", "oversized name", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(strings.Repeat("n", contact.MaxNameLen+1))}})
			return err
		}},
		{"CreateContact", "unknown field", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("x"), Fields: map[string]string{"nope": "1"}}})
			return err
		}},
		{"CreateContact", "archived field", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("x"), Fields: map[string]string{"my_old": "1"}}})
			return err
		}},
		{"CreateContact", "unknown list", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("x")}, Lists: []list.ID{lid(nowhereID)}})
			return err
		}},
		{"CreateContact", "unknown consent channel", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new("x@example.com")},
				Consent: map[list.Channel]list.ConsentStatus{"bogus": list.ConsentUnsubscribed}})
			return err
		}},
		{"CreateContact", "unknown consent status", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new("x@example.com")},
				Consent: map[list.Channel]list.ConsentStatus{list.ChannelEmail: "bogus"}})
			return err
		}},
		{"CreateContact", "unknown source", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("x")}, Source: "bogus"})
			return err
		}},
		{"CreateContact", "a version", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("x"), IfVersion: 3}})
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		{"CreateContact", "too many tags", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			var tags []string
			for i := range 1000 {
				tags = append(tags, "t"+strings.Repeat("x", i%50)+string(rune('a'+i%26))+string(rune('a'+i/26)))
			}
			_, err := f.h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("x")}, Tags: tags})
			return err
		}},
		{"CreateContact", "oversized note key", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("x")}, Note: "n", NoteKey: long})
			return err
		}},
		{"CreateContact", "oversized form", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("x")}, Form: long})
			return err
		}},
		{"CreateContact", "oversized company", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("x"), Company: new(long)}})
			return err
		}},
		{"CreateContact", "oversized label", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new("x@example.com"), EmailLabel: new(long)}})
			return err
		}},
		{"CreateContact", "other email taken", exists, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new("x@example.com"),
				OtherEmails: &[]contact.LabeledInput{{Value: "max@mine.example"}}}})
			return err
		}},
		{"CreateContact", "an email twice", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new("x@example.com"),
				OtherEmails: &[]contact.LabeledInput{{Value: "X@example.com"}}}})
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		{"CreateContact", "oversized note", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("x")}, Note: huge})
			return err
		}},
		{"CaptureContact", "note key reused for another note", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			in := contactkit.ContactInput{Patch: contact.Patch{Email: new("mia@mine.example")}, Note: "one", NoteKey: "k"}
			if _, err := f.h.svc.CaptureContact(ctx, a, in); err != nil {
				return nil
			}
			f.ready()
			in.Note = "two"
			_, err := f.h.svc.CaptureContact(ctx, a, in)
			return err
		}},
		{"CaptureContact", "malformed email", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CaptureContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new("nope")}})
			return err
		}},
		{"CaptureContact", "unknown list", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CaptureContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new("mia@mine.example")}, Lists: []list.ID{lid(nowhereID)}})
			return err
		}},
		{"UpdateContact", "merged contact", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UpdateContact(ctx, a, f.myMerge.Others[0], contact.Patch{City: new("Lyon")})
			return err
		}},
		{"UpdateContact", "oversized city", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UpdateContact(ctx, a, f.mia.ID, contact.Patch{City: new(long)})
			return err
		}},
		{"UpdateContact", "unknown field", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UpdateContact(ctx, a, f.mia.ID, contact.Patch{Fields: map[string]string{"nope": "1"}})
			return err
		}},
		{"GetContact", "zero ID", notFound, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.GetContact(ctx, a, contact.ID{})
			return err
		}},
		{"UpdateContact", "stale version", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UpdateContact(ctx, a, f.mia.ID, contact.Patch{City: new("Lyon"), IfVersion: f.mia.Version + 4})
			return err
		}},
		{"UpdateContact", "malformed phone", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UpdateContact(ctx, a, f.mia.ID, contact.Patch{Phone: new("12")})
			return err
		}},
		{"UpdateContact", "email of another contact", exists, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UpdateContact(ctx, a, f.max.ID, contact.Patch{Email: new("MIA@mine.example")})
			return err
		}},
		{"UpdateContact", "unknown country", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UpdateContact(ctx, a, f.mia.ID, contact.Patch{Country: new("XX")})
			return err
		}},
		{"UpdateContact", "malformed birth date", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UpdateContact(ctx, a, f.mia.ID, contact.Patch{BirthDate: new("2026-13-45")})
			return err
		}},
		{"UpdateContact", "negative version", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UpdateContact(ctx, a, f.mia.ID, contact.Patch{City: new("Lyon"), IfVersion: -1})
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		{"CaptureContact", "no email nor phone", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CaptureContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("x")}})
			return err
		}},
		{"CaptureContact", "email and phone of two contacts", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CaptureContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new("max@mine.example"), Phone: new("+33612345678")}})
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		{"ListContacts", "bad cursor", cursor, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListContacts(ctx, a, contactkit.ContactQuery{}, pr)
			return err
		}},
		{"ListContacts", "search cursor", cursor, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListContacts(ctx, a, contactkit.ContactQuery{Text: "mine"}, pr)
			return err
		}},
		{"ListContacts", "unknown status", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListContacts(ctx, a, contactkit.ContactQuery{Status: "bogus"}, store.PageRequest{})
			return err
		}},
		{"ListContacts", "oversized text", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListContacts(ctx, a, contactkit.ContactQuery{Text: long}, store.PageRequest{})
			return err
		}},
		{"ListContacts", "oversized tag", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListContacts(ctx, a, contactkit.ContactQuery{Tag: huge}, store.PageRequest{})
			return err
		}},
		{"ListContacts", "oversized assignee", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListContacts(ctx, a, contactkit.ContactQuery{Assignee: contact.UserID(strings.Repeat("u", 300))}, store.PageRequest{})
			return err
		}},
		{"Contacts", "unknown status", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return acc15Drain(f.h.svc.Contacts(ctx, a, contactkit.ContactQuery{Status: "bogus"}))
		}},
		// export.go
		{"Export", "unknown format", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Export(ctx, a, contactkit.ContactQuery{}, io.Discard, &contactkit.ExportOptions{Format: "bogus"})
			return err
		}},
		{"Export", "invalid query", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Export(ctx, a, contactkit.ContactQuery{Status: "bogus"}, io.Discard, nil)
			return err
		}},
		// feed.go
		{"ListFeed", "bad cursor", cursor, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListFeed(ctx, a, f.mia.ID, contactkit.FeedQuery{}, pr)
			return err
		}},
		{"ListFeed", "unknown kind", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListFeed(ctx, a, f.mia.ID, contactkit.FeedQuery{Kinds: []contactkit.FeedKind{"bogus"}}, store.PageRequest{})
			return err
		}},
		{"ListFeed", "unknown activity kind", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListFeed(ctx, a, f.mia.ID, contactkit.FeedQuery{ActivityKinds: []activity.Kind{"bogus"}}, store.PageRequest{})
			return err
		}},
		{"Feed", "unknown kind", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return acc15Drain(f.h.svc.Feed(ctx, a, f.mia.ID, contactkit.FeedQuery{Kinds: []contactkit.FeedKind{"bogus"}}))
		}},
		// fields.go, fieldtype.go
		{"CreateField", "unknown type", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateField(ctx, a, field.Definition{Key: field.MustParseKey("tier"), Label: "Tier", Type: "bogus"})
			return err
		}},
		{"CreateField", "zero key", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateField(ctx, a, field.Definition{Label: "Tier", Type: field.TypeText})
			return err
		}},
		{"CreateField", "no label", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateField(ctx, a, field.Definition{Key: field.MustParseKey("tier"), Type: field.TypeText})
			return err
		}},
		{"CreateField", "key taken", exists, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateField(ctx, a, field.Definition{Key: f.myField.Key, Label: "Again", Type: field.TypeText})
			return err
		}},
		{"CreateField", "key of an archived field", exists, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateField(ctx, a, field.Definition{Key: f.myOldField.Key, Label: "Again", Type: field.TypeText})
			return err
		}},
		{"CreateField", "select without options", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateField(ctx, a, field.Definition{Key: field.MustParseKey("tier"), Label: "Tier", Type: field.TypeSelect})
			return err
		}},
		{"CreateField", "negative position", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateField(ctx, a, field.Definition{Key: field.MustParseKey("tier"), Label: "Tier", Type: field.TypeText, Position: -1})
			return err
		}},
		{"UpdateField", "unknown key", notFound, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			d := f.myField
			d.Key = field.MustParseKey("nope")
			_, err := f.h.svc.UpdateField(ctx, a, d)
			return err
		}},
		{"UpdateField", "stale version", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			d := f.myField
			d.Version += 3
			d.Label = "L"
			_, err := f.h.svc.UpdateField(ctx, a, d)
			return err
		}},
		{"UpdateField", "a type change", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			d := f.myField
			d.Type = field.TypeNumber
			_, err := f.h.svc.UpdateField(ctx, a, d)
			return err
		}},
		{"UpdateField", "no label", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			d := f.myField
			d.Label = ""
			_, err := f.h.svc.UpdateField(ctx, a, d)
			return err
		}},
		{"ArchiveField", "unknown key", notFound, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ArchiveField(ctx, a, field.MustParseKey("nope"))
			return err
		}},
		{"ArchiveField", "zero key", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ArchiveField(ctx, a, field.Key{})
			return err
		}},
		{"RestoreField", "zero key", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.RestoreField(ctx, a, field.Key{})
			return err
		}},
		{"PreviewFieldTypeChange", "unknown type", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			d := f.myField
			d.Type = "bogus"
			_, err := f.h.svc.PreviewFieldTypeChange(ctx, a, d)
			return err
		}},
		{"PreviewFieldTypeChange", "unknown key", notFound, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			d := f.myField
			d.Key = field.MustParseKey("nope")
			d.Type = field.TypeNumber
			_, err := f.h.svc.PreviewFieldTypeChange(ctx, a, d)
			return err
		}},
		{"PreviewFieldTypeChange", "zero key", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.PreviewFieldTypeChange(ctx, a, field.Definition{Label: "x", Type: field.TypeNumber})
			return err
		}},
		{"ChangeFieldType", "unknown type", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			d := f.myField
			d.Type = "bogus"
			_, err := f.h.svc.ChangeFieldType(ctx, a, contactkit.FieldTypeChange{Definition: d})
			return err
		}},
		{"ChangeFieldType", "stale version", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			d := f.myField
			d.Type = field.TypeNumber
			d.Version += 3
			_, err := f.h.svc.ChangeFieldType(ctx, a, contactkit.FieldTypeChange{Definition: d})
			return err
		}},
		{"ChangeFieldType", "archived field", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			d := f.myOldField
			d.Type = field.TypeNumber
			_, err := f.h.svc.ChangeFieldType(ctx, a, contactkit.FieldTypeChange{Definition: d})
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		// history.go
		{"ListHistory", "bad cursor", cursor, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListHistory(ctx, a, f.mia.ID, "", pr)
			return err
		}},
		{"ListHistory", "unknown field", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListHistory(ctx, a, f.mia.ID, "bogus field!", store.PageRequest{})
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		{"ListHistory", "oversized field", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListHistory(ctx, a, f.mia.ID, huge, store.PageRequest{})
			return err
		}},
		// import.go
		{"Import", "unknown mode", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			r, m := acc15ImportFile("First name,Email\nIvy,ivy@example.com\n")
			_, err := f.h.svc.Import(ctx, a, r, m, &contactkit.ImportOptions{Mode: "bogus"})
			return err
		}},
		{"Import", "unknown list", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			r, m := acc15ImportFile("First name,Email\nIvy,ivy@example.com\n")
			_, err := f.h.svc.Import(ctx, a, r, m, &contactkit.ImportOptions{Lists: []list.ID{lid(nowhereID)}})
			return err
		}},
		{"Import", "negative batch size", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			r, m := acc15ImportFile("First name,Email\nIvy,ivy@example.com\n")
			_, err := f.h.svc.Import(ctx, a, r, m, &contactkit.ImportOptions{BatchSize: -1})
			return err
		}},
		{"Import", "negative workers", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			r, m := acc15ImportFile("First name,Email\nIvy,ivy@example.com\n")
			_, err := f.h.svc.Import(ctx, a, r, m, &contactkit.ImportOptions{Workers: -1})
			return err
		}},
		{"Import", "oversized tag", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			r, m := acc15ImportFile("First name,Email\nIvy,ivy@example.com\n")
			_, err := f.h.svc.Import(ctx, a, r, m, &contactkit.ImportOptions{Tags: []string{long}})
			return err
		}},
		{"Import", "oversized reason", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			r, m := acc15ImportFile("First name,Email\nIvy,ivy@example.com\n")
			_, err := f.h.svc.Import(ctx, a, r, m, &contactkit.ImportOptions{Reason: huge})
			return err
		}},
		{"Import", "unknown region", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			r, m := acc15ImportFile("First name,Email\nIvy,ivy@example.com\n")
			_, err := f.h.svc.Import(ctx, a, r, m, &contactkit.ImportOptions{DefaultRegion: "ZZ"})
			return err
		}},
		{"Import", "column out of range", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			r, m := acc15ImportFile("First name,Email\nIvy,ivy@example.com\n")
			m.Columns[1].Index = 9
			_, err := f.h.svc.Import(ctx, a, r, m, nil)
			return err
		}},
		{"Import", "unknown field column", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			r, m := acc15ImportFile("First name,Email\nIvy,ivy@example.com\n")
			m.Columns[0].Target = importer.Target{Kind: importer.KindCustom, Field: field.MustParseKey("nope")}
			_, err := f.h.svc.Import(ctx, a, r, m, nil)
			return err
		}},
		// lifecycle.go
		{"DeleteContact", "in the trash", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.DeleteContact(ctx, a, f.tina.ID)
			return err
		}},
		{"DeleteContact", "merged", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.DeleteContact(ctx, a, f.myMerge.Others[0])
			return err
		}},
		{"RestoreContact", "live", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.RestoreContact(ctx, a, f.mia.ID)
			return err
		}},
		{"RestoreContact", "email taken since", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			if _, err := f.h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new("tina@mine.example")}}); err != nil {
				return nil
			}
			f.ready()
			_, err := f.h.svc.RestoreContact(ctx, a, f.tina.ID)
			return err
		}},
		{"EraseContact", "zero ID", notFound, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return f.h.svc.EraseContact(ctx, a, contact.ID{})
		}},
		{"EraseContact", "merged", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			err := f.h.svc.EraseContact(ctx, a, f.myMerge.Others[0])
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		// lists.go
		{"CreateList", "no name", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateList(ctx, a, list.List{})
			return err
		}},
		{"CreateList", "unknown channel", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateList(ctx, a, list.List{Name: "n", Channel: "bogus"})
			return err
		}},
		{"CreateList", "oversized description", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateList(ctx, a, list.List{Name: "n", Description: huge})
			return err
		}},
		{"CreateList", "an ID given", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateList(ctx, a, list.List{ID: f.myList.ID, Name: "n"})
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		{"CreateList", "a name taken", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.CreateList(ctx, a, list.List{Name: f.myList.Name})
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		{"UpdateList", "stale version", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			l := f.myList
			l.Version += 3
			_, err := f.h.svc.UpdateList(ctx, a, l)
			return err
		}},
		{"UpdateList", "zero ID", notFound, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			l := f.myList
			l.ID = list.ID{}
			_, err := f.h.svc.UpdateList(ctx, a, l)
			return err
		}},
		{"UpdateList", "unknown channel", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			l := f.myList
			l.Channel = "bogus"
			_, err := f.h.svc.UpdateList(ctx, a, l)
			return err
		}},
		{"GetList", "zero ID", notFound, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.GetList(ctx, a, list.ID{})
			return err
		}},
		{"AddToList", "contact in the trash", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddToList(ctx, a, f.myList.ID, f.tina.ID)
			return err
		}},
		{"AddToList", "unknown list", notFound, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.AddToList(ctx, a, lid(nowhereID), f.mia.ID)
			return err
		}},
		{"AddToList", "list channel the contact has no address on", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			l, err := f.h.svc.CreateList(ctx, a, list.List{Name: "SMS", Channel: list.ChannelSMS})
			if err != nil {
				return nil
			}
			f.ready()
			_, err = f.h.svc.AddToList(ctx, a, l.ID, f.max.ID)
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		{"ConfirmSubscription", "not a member", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ConfirmSubscription(ctx, a, f.myList.ID, f.max.ID)
			return err
		}},
		{"UnsubscribeFromList", "oversized reason", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			if _, err := f.h.svc.AddToList(ctx, a, f.myList.ID, f.max.ID); err != nil {
				return nil
			}
			f.ready()
			_, err := f.h.svc.UnsubscribeFromList(ctx, a, f.myList.ID, f.max.ID, huge)
			return err
		}},
		{"ResubscribeToList", "no reason", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			if _, err := f.h.svc.AddToList(ctx, a, f.myList.ID, f.max.ID); err != nil {
				return nil
			}
			if _, err := f.h.svc.UnsubscribeFromList(ctx, a, f.myList.ID, f.max.ID, "r"); err != nil {
				return nil
			}
			f.ready()
			_, err := f.h.svc.ResubscribeToList(ctx, a, f.myList.ID, f.max.ID, "")
			return err
		}},
		{"ResubscribeToList", "not a member", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ResubscribeToList(ctx, a, f.myList.ID, f.max.ID, "asked")
			return err
		}},
		{"Memberships", "unknown status", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return acc15Drain(f.h.svc.Memberships(ctx, a, contactkit.MembershipQuery{Status: "bogus"}))
		}},
		// lookup.go
		{"ContactByEmail", "malformed", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ContactByEmail(ctx, a, "nope")
			return err
		}},
		{"ContactByEmail", "unknown", notFound, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ContactByEmail(ctx, a, "nobody@example.com")
			return err
		}},
		{"ContactByEmail", "oversized", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ContactByEmail(ctx, a, huge+"@example.com")
			return err
		}},
		{"ContactByPhone", "malformed", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ContactByPhone(ctx, a, "abc")
			return err
		}},
		{"ContactByPhone", "empty", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ContactByPhone(ctx, a, "")
			return err
		}},
		// merge.go
		{"FindDuplicates", "negative limit", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.FindDuplicates(ctx, a, &contactkit.DuplicateOptions{Limit: -1})
			return err
		}},
		{"SuggestDuplicates", "negative limit", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			return acc15Drain(f.h.svc.SuggestDuplicates(ctx, a, &contactkit.DuplicateOptions{Limit: -1}))
		}},
		{"DismissDuplicate", "self", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.DismissDuplicate(ctx, a, f.mia.ID, f.mia.ID)
			return err
		}},
		{"DismissDuplicate", "contact in the trash", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.DismissDuplicate(ctx, a, f.mia.ID, f.tina.ID)
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		{"ResolveContact", "zero ID", notFound, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ResolveContact(ctx, a, contact.ID{})
			return err
		}},
		{"PreviewMerge", "self", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: f.mia.ID, Others: []contact.ID{f.mia.ID}})
			return err
		}},
		{"PreviewMerge", "no others", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: f.mia.ID})
			return err
		}},
		{"PreviewMerge", "one named twice", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: f.mia.ID, Others: []contact.ID{f.max.ID, f.max.ID}})
			return err
		}},
		{"PreviewMerge", "unknown policy rule", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: f.mia.ID, Others: []contact.ID{f.max.ID},
				Policy: "bogus"})
			return err
		}},
		{"PreviewMerge", "merged primary", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: f.myMerge.Others[0], Others: []contact.ID{f.max.ID}})
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		{"MergeContacts", "a preview gone stale", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			p, err := f.h.svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: f.mia.ID, Others: []contact.ID{f.max.ID}})
			if err != nil {
				return nil
			}
			if _, err := f.h.svc.UpdateContact(ctx, a, f.max.ID, contact.Patch{City: new("Nice")}); err != nil {
				return nil
			}
			f.ready()
			_, err = f.h.svc.MergeContacts(ctx, a, p)
			return err
		}},
		{"MergeContacts", "zero preview", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.MergeContacts(ctx, a, contactkit.MergePreview{})
			return err
		}},
		{"MergeContacts", "self", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.MergeContacts(ctx, a, contactkit.MergePreview{Request: contactkit.MergeRequest{Primary: f.mia.ID, Others: []contact.ID{f.mia.ID}}})
			return err
		}},
		{"GetMerge", "zero ID", notFound, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.GetMerge(ctx, a, merge.ID(""))
			return err
		}},
		{"UnmergeContacts", "zero ID", notFound, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UnmergeContacts(ctx, a, merge.ID(""))
			return err
		}},
		{"UnmergeContacts", "a survivor deleted since", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			if _, err := f.h.svc.DeleteContact(ctx, a, f.mia.ID); err != nil {
				return nil
			}
			f.ready()
			_, err := f.h.svc.UnmergeContacts(ctx, a, f.myMerge.ID)
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		// reachability.go
		{"Reachable", "unknown channel", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Reachable(ctx, a, f.mia.ID, "bogus", list.ID{})
			return err
		}},
		{"Reachable", "unknown list", notFound, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Reachable(ctx, a, f.mia.ID, contact.ChannelEmail, lid(nowhereID))
			return err
		}},
		// tags.go
		{"TagContact", "oversized tag", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.TagContact(ctx, a, f.mia.ID, long)
			return err
		}},
		{"TagContact", "oversized input", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.TagContact(ctx, a, f.mia.ID, strings.Repeat("a,", 64<<10))
			return err
		}},
		{"TagContact", "contact in the trash", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.TagContact(ctx, a, f.tina.ID, "x")
			return err
		}},
		{"TagContact", "over the tags per contact", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			var names []string
			for i := range 300 {
				names = append(names, "t"+strings.Repeat("y", i%7)+string(rune('a'+i%26))+string(rune('a'+i/26)))
			}
			_, err := f.h.svc.TagContact(ctx, a, f.mia.ID, names...)
			return err
		}},
		{"TagContact", "merged contact", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.TagContact(ctx, a, f.myMerge.Others[0], "x")
			if err == nil {
				return errAcc15Fine
			}
			return err
		}},
		{"BlockContact", "blocked already", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			if _, err := f.h.svc.BlockContact(ctx, a, f.max.ID, "spam"); err != nil {
				return nil
			}
			f.ready()
			_, err := f.h.svc.BlockContact(ctx, a, f.max.ID, "spam")
			return err
		}},
		{"UnblockContact", "not blocked", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UnblockContact(ctx, a, f.max.ID)
			return err
		}},
		{"UntagContact", "oversized tag", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.UntagContact(ctx, a, f.mia.ID, long)
			return err
		}},
		{"DeleteTag", "empty", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.DeleteTag(ctx, a, "")
			return err
		}},
		{"DeleteTag", "oversized", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.DeleteTag(ctx, a, long)
			return err
		}},
		// More states, any one category.
		{"RestoreField", "not archived", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.RestoreField(ctx, a, f.myField.Key)
			return err
		}},
		{"ArchiveField", "archived already", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ArchiveField(ctx, a, f.myOldField.Key)
			return err
		}},
		{"UpdateField", "archived", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			d := f.myOldField
			d.Label = "Again"
			_, err := f.h.svc.UpdateField(ctx, a, d)
			return err
		}},
		{"ChangeFieldType", "losses accepted that do not hold", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			d := f.myField
			d.Type = field.TypeNumber
			_, err := f.h.svc.ChangeFieldType(ctx, a, contactkit.FieldTypeChange{Definition: d, AcceptLosses: []contactkit.FieldLoss{{Contact: f.max.ID}}})
			return err
		}},
		{"Enroll", "active already, no reentry", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			au, err := f.h.svc.CreateAutomation(ctx, a, automation.Automation{Name: "Once", Steps: steps(1), Active: true, Reentry: automation.ReentryRefuseWhileActive})
			if err != nil {
				return nil
			}
			if _, err := f.h.svc.Enroll(ctx, a, au.ID, f.max.ID, ""); err != nil {
				return nil
			}
			f.ready()
			_, err = f.h.svc.Enroll(ctx, a, au.ID, f.max.ID, "")
			return err
		}},
		{"UnsubscribeFromList", "twice", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			if _, err := f.h.svc.AddToList(ctx, a, f.myList.ID, f.max.ID); err != nil {
				return nil
			}
			if _, err := f.h.svc.UnsubscribeFromList(ctx, a, f.myList.ID, f.max.ID, "r"); err != nil {
				return nil
			}
			f.ready()
			_, err := f.h.svc.UnsubscribeFromList(ctx, a, f.myList.ID, f.max.ID, "r")
			return err
		}},
		{"ConfirmSubscription", "a list without double opt-in", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			if _, err := f.h.svc.AddToList(ctx, a, f.myList.ID, f.max.ID); err != nil {
				return nil
			}
			f.ready()
			_, err := f.h.svc.ConfirmSubscription(ctx, a, f.myList.ID, f.max.ID)
			return err
		}},
		{"AddToList", "blocked contact", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			if _, err := f.h.svc.BlockContact(ctx, a, f.max.ID, "spam"); err != nil {
				return nil
			}
			f.ready()
			_, err := f.h.svc.AddToList(ctx, a, f.myList.ID, f.max.ID)
			return err
		}},
		{"Resubscribe", "not unsubscribed", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Resubscribe(ctx, a, f.max.ID, list.ChannelEmail, "asked")
			return err
		}},
		{"Resubscribe", "no address", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Resubscribe(ctx, a, f.max.ID, list.ChannelSMS, "asked")
			return err
		}},
		{"DismissDuplicate", "twice", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			if _, err := f.h.svc.DismissDuplicate(ctx, a, f.mia.ID, f.max.ID); err != nil {
				return nil
			}
			f.ready()
			_, err := f.h.svc.DismissDuplicate(ctx, a, f.max.ID, f.mia.ID)
			return err
		}},
		{"UnmergeContacts", "twice", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			if _, err := f.h.svc.UnmergeContacts(ctx, a, f.myMerge.ID); err != nil {
				return nil
			}
			f.ready()
			_, err := f.h.svc.UnmergeContacts(ctx, a, f.myMerge.ID)
			return err
		}},
		{"UnmergeContacts", "its email taken since", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			if _, err := f.h.svc.UpdateContact(ctx, a, f.mia.ID, contact.Patch{OtherEmails: &[]contact.LabeledInput{}}); err != nil {
				return nil
			}
			if _, err := f.h.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{Email: new("mo@mine.example")}}); err != nil {
				return nil
			}
			f.ready()
			_, err := f.h.svc.UnmergeContacts(ctx, a, f.myMerge.ID)
			return err
		}},
		{"MoveTask", "to its own contact", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.MoveTask(ctx, a, f.myTask.ID, f.mia.ID)
			return err
		}},
		{"ReopenTask", "open already", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ReopenTask(ctx, a, f.myTask.ID)
			return err
		}},
		{"Unfollow", "not following", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Unfollow(ctx, a, f.max.ID)
			return err
		}},
		{"SyncAvatar", "contact in the trash", conflict, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.SyncAvatar(ctx, a, f.tina.ID, "https://example.com/a.png")
			return err
		}},
		{"StopEnrollments", "contact in the trash", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.StopEnrollments(ctx, a, f.tina.ID, "why")
			return err
		}},
		{"Consent", "contact in the trash", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Consent(ctx, a, f.tina.ID)
			return err
		}},
		{"Reachable", "contact in the trash", mayPass, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Reachable(ctx, a, f.tina.ID, contact.ChannelEmail, list.ID{})
			return err
		}},
		{"Export", "vcard of an invalid query", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Export(ctx, a, contactkit.ContactQuery{Status: "bogus"}, io.Discard, &contactkit.ExportOptions{Format: contactkit.ExportVCard})
			return err
		}},
		{"Export", "a writer that fails", nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.Export(ctx, a, contactkit.ContactQuery{}, acc15FailingWriter{}, nil)
			if err != nil && errors.Is(err, errAcc15Write) {
				return errAcc15Fine // the writer's failure: no category, as the store's machinery
			}
			return err
		}},
		{"Import", "archived field column", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			r, m := acc15ImportFile("First name,Email\nIvy,ivy@example.com\n")
			m.Columns[0].Target = importer.Target{Kind: importer.KindCustom, Field: f.myOldField.Key}
			_, err := f.h.svc.Import(ctx, a, r, m, nil)
			return err
		}},
		{"Import", "list of another workspace", inv, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			r, m := acc15ImportFile("First name,Email\nIvy,ivy@example.com\n")
			_, err := f.h.svc.Import(ctx, a, r, m, &contactkit.ImportOptions{Lists: []list.ID{lid(f.foreign[kList])}})
			return err
		}},
		{"ListTags", "bad cursor", cursor, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
			_, err := f.h.svc.ListTags(ctx, a, pr)
			return err
		}},
	}
}

// TestAcceptance15ErrorsBadInput: bad input and refusing states, method by
// method, each in the category the rules give it.
func TestAcceptance15ErrorsBadInput(t *testing.T) {
	cases := acc15BadInputCases()
	for _, c := range cases {
		t.Run(c.method+"/"+c.name, func(t *testing.T) {
			if c.want == errAcc15MayPass {
				call := c.call
				c.want, c.call = nil, func(ctx context.Context, f *acc15Fixture, a contactkit.Actor) error {
					if err := call(ctx, f, a); err != nil {
						return err
					}
					return errAcc15Fine
				}
			}
			err := acc15Refused(t, c.want, c.call)
			t.Logf("%s", err)
		})
	}
	// The same calls by an invalid actor are refused as such, whatever
	// their input: the actor is checked first. (A case whose setup needs
	// a valid actor gives up: its call gives nil.)
	for _, c := range cases {
		t.Run("invalid actor/"+c.method+"/"+c.name, func(t *testing.T) {
			f := &acc15Fixture{tenancyFixture: newTenancyFixture(t, nil), t: t}
			f.ready()
			err := c.call(t.Context(), f, contactkit.Actor{Workspace: "ws-1", User: "u-owner", Role: "root"})
			if err == nil || err == errAcc15Fine {
				return
			}
			require.ErrorIs(t, err, contactkit.ErrInvalidActor)
			require.Len(t, acc15Matched(err), 1, "%q matches exactly one category; it matches %q", err, acc15Matched(err))
			sameDump(t, f.before1, f.dump(t, "ws-1"), "a refused call writes nothing")
		})
	}
}

// acc15Guarded are the methods that need a guarded action (P2) whatever
// their input (DeleteActivity and RestoreActivity: of another user's
// activity, as the fixture's are for an agent).
var acc15Guarded = map[string]bool{
	"CreateField": true, "UpdateField": true, "ArchiveField": true, "RestoreField": true,
	"PreviewFieldTypeChange": true, "ChangeFieldType": true, "DeleteTag": true,
	"CreateAutomation": true, "UpdateAutomation": true, "CreateList": true, "UpdateList": true,
	"RemoveChannel": true, "DeleteContact": true, "DeleteContacts": true, "RestoreContact": true,
	"DeleteActivity": true, "RestoreActivity": true, "EraseContact": true, "PurgeTrash": true,
	"PurgeActivityTrash": true, "GetMerge": true, "MergeHistory": true, "UnmergeContacts": true,
}

// TestAcceptance15ErrorsAgentBeforeInput: an agent making a guarded call
// (P2) is refused with ErrPermission alone, whatever its input: the
// actor is checked before the input.
func TestAcceptance15ErrorsAgentBeforeInput(t *testing.T) {
	for _, c := range acc15BadInputCases() {
		if !acc15Guarded[c.method] {
			continue
		}
		t.Run(c.method+"/"+c.name, func(t *testing.T) {
			f := &acc15Fixture{tenancyFixture: newTenancyFixture(t, nil), t: t}
			f.ready()
			err := c.call(t.Context(), f, agent)
			if err == nil || err == errAcc15Fine {
				return // its setup needs an owner
			}
			require.ErrorIs(t, err, contactkit.ErrPermission)
			require.Len(t, acc15Matched(err), 1, "%q matches exactly one category; it matches %q", err, acc15Matched(err))
			sameDump(t, f.before1, f.dump(t, "ws-1"), "a refused call writes nothing")
		})
	}
}

// TestAcceptance15ErrorsKeepTheirDetail: an error of one category keeps
// the errors it holds of another within reach of errors.AsType and
// errors.Is for their own sentinels, but does not match that category:
// D2's restore refused because another contact took the email is a
// conflict naming the owner (not ErrAlreadyExists too); a meeting's
// attendee that is not found is invalid input (not ErrNotFound: the
// meeting's contact exists); a preview naming a contact since erased is
// not found, as PreviewMerge says (not a conflict too); a policy that
// fails refuses in ErrPermission alone.
func TestAcceptance15ErrorsKeepTheirDetail(t *testing.T) {
	ctx := t.Context()
	t.Run("restore", func(t *testing.T) {
		f := newTenancyFixture(t, nil)
		ivy, err := f.h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("tina@mine.example")}})
		require.NoError(t, err)
		_, err = f.h.svc.RestoreContact(ctx, owner, f.tina.ID)
		require.ErrorIs(t, err, contactkit.ErrConflict)
		require.NotErrorIs(t, err, contactkit.ErrAlreadyExists)
		taken, ok := errors.AsType[*contactkit.TakenError](err)
		require.True(t, ok, "%v", err)
		require.Equal(t, ivy.ID, taken.Owner)
		_, ok = errors.AsType[*store.TakenError](err)
		require.True(t, ok, "the store's error is within reach too: %v", err)
	})
	t.Run("attendee", func(t *testing.T) {
		f := newTenancyFixture(t, nil)
		_, err := f.h.svc.AddMeeting(ctx, owner, f.mia.ID, contactkit.MeetingInput{Title: "m", OccurredAt: f.h.now,
			Attendees: []activity.Attendee{{Contact: cid(nowhereID)}}})
		require.ErrorIs(t, err, contactkit.ErrInvalidInput)
		require.ErrorIs(t, err, activity.ErrInvalidActivity)
		require.NotErrorIs(t, err, contactkit.ErrNotFound)
		_, ok := errors.AsType[*contactkit.ValidationError](err)
		require.True(t, ok)
		_, ok = errors.AsType[*activity.ValidationError](err)
		require.True(t, ok, "%v", err)
	})
	t.Run("merge preview", func(t *testing.T) {
		f := newTenancyFixture(t, nil)
		p, err := f.h.svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: f.mia.ID, Others: []contact.ID{f.max.ID}})
		require.NoError(t, err)
		require.NoError(t, f.h.svc.EraseContact(ctx, owner, f.max.ID))
		_, err = f.h.svc.MergeContacts(ctx, owner, p)
		require.ErrorIs(t, err, contactkit.ErrNotFound, "as PreviewMerge says")
		require.NotErrorIs(t, err, contactkit.ErrConflict)
		_, err = f.h.svc.PreviewMerge(ctx, owner, p.Request)
		require.ErrorIs(t, err, contactkit.ErrNotFound)
	})
	t.Run("policy", func(t *testing.T) {
		down := false // the policy fails once the fixture is made
		f := newTenancyFixture(t, func(o *contactkit.Options) {
			o.Authorize = func(ctx context.Context, a contactkit.Actor, action contactkit.Action) error {
				if down {
					return fmt.Errorf("role of %s: %w", a.User, store.ErrNotFound)
				}
				return contactkit.DefaultAuthorize(ctx, a, action)
			}
		})
		down = true
		_, err := f.h.svc.DeleteContact(ctx, owner, f.max.ID)
		require.ErrorIs(t, err, contactkit.ErrPermission)
		require.Len(t, acc15Matched(err), 1, "%q matches exactly one category; it matches %q", err, acc15Matched(err))
	})
}

// TestAcceptance15ErrorsBulkFailures: a contact that fails alone in a bulk
// call (in the trash, merged away, unknown, blocked) fails with an error
// of exactly one category, as a call of its own would.
func TestAcceptance15ErrorsBulkFailures(t *testing.T) {
	calls := map[string]func(ctx context.Context, f *acc15Fixture, b contactkit.Bulk) (contactkit.BulkResult, error){
		"DeleteContacts": func(ctx context.Context, f *acc15Fixture, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return f.h.svc.DeleteContacts(ctx, owner, b)
		},
		"TagContacts": func(ctx context.Context, f *acc15Fixture, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return f.h.svc.TagContacts(ctx, owner, b, "x")
		},
		"UntagContacts": func(ctx context.Context, f *acc15Fixture, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return f.h.svc.UntagContacts(ctx, owner, b, "MyTag")
		},
		"AssignContacts": func(ctx context.Context, f *acc15Fixture, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return f.h.svc.AssignContacts(ctx, owner, b, "u-2")
		},
		"SetContactsField": func(ctx context.Context, f *acc15Fixture, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return f.h.svc.SetContactsField(ctx, owner, b, "my_score", "3")
		},
		"AddContactsToList": func(ctx context.Context, f *acc15Fixture, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return f.h.svc.AddContactsToList(ctx, owner, b, f.myList.ID)
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			f := &acc15Fixture{tenancyFixture: newTenancyFixture(t, nil), t: t}
			ids := []contact.ID{f.max.ID, f.tina.ID, f.myMerge.Others[0], cid(nowhereID), cid(f.foreign[kContact])}
			res, err := call(t.Context(), f, contactkit.Bulk{IDs: ids, Expected: len(ids)})
			if err != nil {
				require.Len(t, acc15Matched(err), 1, "%q matches exactly one category; it matches %q", err, acc15Matched(err))
				return
			}
			for _, fl := range res.Failed {
				require.Len(t, acc15Matched(fl.Err), 1, "%s: %q matches exactly one category; it matches %q", fl.ID, fl.Err, acc15Matched(fl.Err))
			}
		})
	}
}

// TestAcceptance15ErrorsEnrollmentStateIsConflict: an enrollment ended or
// stopped refuses PassStep, PassStepAt and EndEnrollment by its state, as
// a contact in the trash refuses its calls: by the rule of
// refusedByState, that is ErrConflict (HTTP 409), not ErrInvalidInput.
func TestAcceptance15ErrorsEnrollmentStateIsConflict(t *testing.T) {
	f := newTenancyFixture(t, nil)
	ctx := t.Context()
	en, err := f.h.svc.Enroll(ctx, owner, f.myAuto.ID, f.max.ID, "")
	require.NoError(t, err)
	_, err = f.h.svc.EndEnrollment(ctx, owner, en.ID)
	require.NoError(t, err)
	_, err = f.h.svc.PassStep(ctx, owner, en.ID, automation.OutcomeCompleted)
	require.ErrorIs(t, err, automation.ErrNotActive)
	require.ErrorIs(t, err, contactkit.ErrConflict)
	require.NotErrorIs(t, err, contactkit.ErrInvalidInput)
}

// errAcc15Write is the failure of acc15FailingWriter.
var errAcc15Write = errors.New("disk full")

// acc15FailingWriter is a writer whose every write fails.
type acc15FailingWriter struct{}

func (acc15FailingWriter) Write([]byte) (int, error) { return 0, errAcc15Write }

// TestAcceptance15ErrorsCursorOfAnotherListing: a cursor handed out by one
// listing and given to another (another contact's timeline, another
// query, another kind of listing, another workspace) is answered with a
// page or refused with exactly one category, never with a page of the
// wrong listing's records.
func TestAcceptance15ErrorsCursorOfAnotherListing(t *testing.T) {
	f := newTenancyFixture(t, nil)
	ctx := t.Context()
	svc := f.h.svc
	for _, body := range []string{"a", "b", "c"} {
		_, err := svc.AddNote(ctx, owner, f.max.ID, contactkit.NoteInput{Body: body})
		require.NoError(t, err)
		_, err = svc.AddNote(ctx, other, cid(f.foreign[kContact]), contactkit.NoteInput{Body: body})
		require.NoError(t, err)
	}
	one := store.PageRequest{Limit: 1}
	next := func(cursor string, err error) string {
		t.Helper()
		require.NoError(t, err)
		require.NotEmpty(t, cursor, "the listing has a second page")
		return cursor
	}
	cursors := map[string]string{}
	p1, err := svc.ListTimeline(ctx, owner, f.mia.ID, contactkit.TimelineQuery{}, one)
	cursors["timeline of mia"] = next(p1.Next, err)
	p2, err := svc.ListTimeline(ctx, other, cid(f.foreign[kContact]), contactkit.TimelineQuery{}, one)
	cursors["timeline of another workspace"] = next(p2.Next, err)
	p3, err := svc.ListContacts(ctx, owner, contactkit.ContactQuery{}, one)
	cursors["contacts"] = next(p3.Next, err)
	p4, err := svc.ListContacts(ctx, owner, contactkit.ContactQuery{Text: "mine"}, one)
	cursors["contacts searched"] = next(p4.Next, err)
	p5, err := svc.ListFeed(ctx, owner, f.mia.ID, contactkit.FeedQuery{}, one)
	cursors["feed of mia"] = next(p5.Next, err)
	p6, err := svc.ListHistory(ctx, owner, f.mia.ID, "", one)
	cursors["history of mia"] = next(p6.Next, err)

	listings := map[string]func(p store.PageRequest) error{
		"timeline of max": func(p store.PageRequest) error {
			_, err := svc.ListTimeline(ctx, owner, f.max.ID, contactkit.TimelineQuery{}, p)
			return err
		},
		"contacts": func(p store.PageRequest) error {
			_, err := svc.ListContacts(ctx, owner, contactkit.ContactQuery{}, p)
			return err
		},
		"contacts searched": func(p store.PageRequest) error {
			_, err := svc.ListContacts(ctx, owner, contactkit.ContactQuery{Text: "max"}, p)
			return err
		},
		"feed of max": func(p store.PageRequest) error {
			_, err := svc.ListFeed(ctx, owner, f.max.ID, contactkit.FeedQuery{}, p)
			return err
		},
		"history of max": func(p store.PageRequest) error {
			_, err := svc.ListHistory(ctx, owner, f.max.ID, "", p)
			return err
		},
		"trash of activities": func(p store.PageRequest) error {
			_, err := svc.ListActivityTrash(ctx, owner, f.mia.ID, p)
			return err
		},
		"tags": func(p store.PageRequest) error {
			_, err := svc.ListTags(ctx, owner, p)
			return err
		},
		"consent": func(p store.PageRequest) error {
			_, err := svc.ListConsent(ctx, owner, "", p)
			return err
		},
		"followers": func(p store.PageRequest) error {
			_, err := svc.ListFollowers(ctx, owner, f.mia.ID, p)
			return err
		},
		"associations": func(p store.PageRequest) error {
			_, err := svc.ListAssociations(ctx, owner, f.mia.ID, contactkit.AssociationQuery{}, p)
			return err
		},
	}
	for from, cursor := range cursors {
		for to, list := range listings {
			if from == to {
				continue
			}
			err := list(store.PageRequest{Cursor: cursor})
			if err != nil {
				require.Len(t, acc15Matched(err), 1, "%s cursor to %s: %q matches exactly one category; it matches %q", from, to, err, acc15Matched(err))
			}
		}
	}
}
