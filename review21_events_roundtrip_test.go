package contactkit_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/association"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// TestRv21eventsRichPayloadsRoundTripThroughTheOutbox: the events whose
// payloads TestOutboxHoldsWhatSubscribersGet does not reach (custom fields
// of every type, calls, emails and meetings with attendees, tasks with due
// times and reminders, associations, follows, enrollments and their steps,
// a moved task, a merge and its undoing) are read from the outbox as the
// subscriber received them: a consumer of the Relay sees the same values.
func TestRv21eventsRichPayloadsRoundTripThroughTheOutbox(t *testing.T) {
	ctx := t.Context()
	mem := memstore.NewWith(&memstore.Options{Outbox: true})
	h := newHarnessWith(t, storetest.Retrying(mem), func(o *contactkit.Options) {
		o.AssociationTypes = []association.Type{{Name: "deal", Labels: []string{"Champion"}, FreeLabels: true}}
	})
	r, err := contactkit.NewRelay(mem)
	require.NoError(t, err)
	for _, d := range []field.Definition{
		{Key: field.MustParseKey("note"), Label: "Note", Type: field.TypeTextarea},
		{Key: field.MustParseKey("score"), Label: "Score", Type: field.TypeNumber},
		{Key: field.MustParseKey("budget"), Label: "Budget", Type: field.TypeMonetary},
		{Key: field.MustParseKey("renewal"), Label: "Renewal", Type: field.TypeDate},
		{Key: field.MustParseKey("seen"), Label: "Seen", Type: field.TypeDatetime},
		{Key: field.MustParseKey("vip"), Label: "VIP", Type: field.TypeCheckbox},
		{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeSelect, Options: []field.Option{{Value: "free"}, {Value: "pro", Label: "Pro"}}},
		{Key: field.MustParseKey("tiers"), Label: "Tiers", Type: field.TypeMultiselect, Options: []field.Option{{Value: "a"}, {Value: "b"}}},
		{Key: field.MustParseKey("desk"), Label: "Desk", Type: field.TypePhone},
		{Key: field.MustParseKey("alt"), Label: "Alt", Type: field.TypeEmail},
		{Key: field.MustParseKey("site"), Label: "Site", Type: field.TypeURL},
	} {
		_, err := h.svc.CreateField(ctx, owner, d)
		require.NoError(t, err, "CreateField %s", d.Key)
	}
	ada := h.create(t, owner, contact.Patch{
		FirstName: new("Ädä 🎉"), Email: new("ada@example.com"), Phone: new("06 12 34 56 78"), BirthDate: new("1815-12-10"),
		Fields: map[string]string{
			"note": "line 1\nline 2", "score": "-12.50", "budget": "1234.5", "renewal": "2027-01-31",
			"seen": "2026-11-20T08:30:00+01:00", "vip": "yes", "plan": "pro", "tiers": "a, b",
			"desk": "+33 1 23 45 67 89", "alt": "Ada@Example.org", "site": "https://example.com/a?b=c",
		},
	}, "vip")
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob"), Email: new("bob@example.com")})
	_, err = h.svc.UpdateContact(ctx, owner, ada.ID, contact.Patch{Fields: map[string]string{"score": "", "tiers": "b"}})
	require.NoError(t, err)
	_, err = h.svc.AddCall(ctx, owner, ada.ID, contactkit.CallInput{Direction: activity.DirectionInbound, OccurredAt: h.now.Add(-time.Hour), Duration: 90 * time.Second, Outcome: activity.OutcomeConnected, Notes: "called"})
	require.NoError(t, err)
	_, err = h.svc.AddEmail(ctx, owner, ada.ID, contactkit.EmailInput{Direction: activity.DirectionOutbound, OccurredAt: h.now.Add(-2 * time.Hour), Subject: "Hi", Body: "Hello"})
	require.NoError(t, err)
	_, err = h.svc.AddMeeting(ctx, owner, ada.ID, contactkit.MeetingInput{Title: "Lunch", OccurredAt: h.now.Add(24 * time.Hour), Duration: time.Hour,
		Attendees: []activity.Attendee{{User: "u-owner"}, {Contact: bob.ID}}})
	require.NoError(t, err)
	task, err := h.svc.AddTask(ctx, owner, ada.ID, contactkit.TaskInput{Title: "Call back", Description: "soon", Pinned: true,
		Task: activity.Task{Type: activity.TaskCall, Due: h.now.Add(48 * time.Hour), Duration: 15 * time.Minute, Assignee: "u-owner", Reminder: h.now.Add(47 * time.Hour)}})
	require.NoError(t, err)
	_, err = h.svc.CompleteTask(ctx, owner, task.ID)
	require.NoError(t, err)
	_, err = h.svc.MoveTask(ctx, owner, task.ID, bob.ID)
	require.NoError(t, err)
	_, err = h.svc.Associate(ctx, owner, ada.ID, contactkit.AssociationInput{Type: "deal", Record: "D-1", Label: "Champion"})
	require.NoError(t, err)
	_, err = h.svc.Follow(ctx, owner, ada.ID)
	require.NoError(t, err)
	au, err := h.svc.CreateAutomation(ctx, owner, automation.Automation{Name: "Onboarding", Steps: steps(2), Active: true, Reentry: automation.ReentryAllow})
	require.NoError(t, err)
	e, err := h.svc.Enroll(ctx, owner, au.ID, ada.ID, "k1")
	require.NoError(t, err)
	_, err = h.svc.PassStep(ctx, owner, e.ID, automation.OutcomeCompleted)
	require.NoError(t, err)
	p, err := h.svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: ada.ID, Others: []contact.ID{bob.ID}})
	require.NoError(t, err)
	rec, err := h.svc.MergeContacts(ctx, owner, p)
	require.NoError(t, err)
	_, err = h.svc.UnmergeContacts(ctx, owner, rec.ID)
	require.NoError(t, err)

	delivered := h.takeEvents()
	kinds := map[string]bool{}
	for _, e := range delivered {
		kinds[contactkit.EventType(e)] = true
	}
	for _, k := range []string{"ContactCreated", "ContactUpdated", "ActivityAdded", "ActivityUpdated", "ActivityMoved", "ContactAssociated",
		"ContactFollowed", "Enrolled", "StepPassed", "ContactsMerged", "ContactsUnmerged"} {
		require.True(t, kinds[k], "the scenario emits %s: %v", k, kinds)
	}
	got := eventsOf(drain(t, r, ""))
	require.Equal(t, len(delivered), len(got), "the outbox holds as many events as the subscriber received")
	for i := range delivered {
		require.Equal(t, delivered[i], got[i], "event %d (%s): the outbox gives back what the subscriber received", i, contactkit.EventType(delivered[i]))
	}
}
