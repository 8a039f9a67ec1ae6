package contactkit_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
)

// H3, H4: the events of a call come in the order of what happened, a
// cause before what it caused: AddNote gives ActivityAdded, then the
// Enrolled its automation makes; an automation triggered on
// TriggerTaskCompleted enrols after the task's ActivityUpdated. A task that
// names its own automation to enrol into on completion must be no
// exception: CompleteTask gives ActivityUpdated (Completed) first, then
// the Enrolled whose Cause is that task, whichever of the two paths
// enrols.
func TestAcc15CompletionComesBeforeTheEnrolmentItCauses(t *testing.T) {
	ctx := context.Background()
	var got []string
	svc, _ := acc3Service(t, &contactkit.Options{Subscribers: []contactkit.Subscriber{func(_ context.Context, e contactkit.Event) {
		got = append(got, fmt.Sprintf("%T", e))
	}}})
	named, err := svc.CreateAutomation(ctx, acc3Owner, automation.Automation{Name: "Named by the task", Active: true,
		Steps: []automation.Step{{Name: "call"}}})
	require.NoError(t, err)
	_, err = svc.CreateAutomation(ctx, acc3Owner, automation.Automation{Name: "On completion", Active: true, Reentry: automation.ReentryAllow,
		Steps: []automation.Step{{Name: "thank"}}, Triggers: []automation.Trigger{automation.On(automation.TriggerTaskCompleted)}})
	require.NoError(t, err)
	c := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann")}})

	for _, au := range []automation.ID{named.ID, {}} {
		task, err := svc.AddTask(ctx, acc3Owner, c.ID, contactkit.TaskInput{Title: "Call back", Enroll: au})
		require.NoError(t, err)
		got = nil
		_, err = svc.CompleteTask(ctx, acc3Owner, task.ID)
		require.NoError(t, err)
		want := []string{"contactkit.ActivityUpdated", "contactkit.Enrolled"}
		if !au.IsZero() {
			want = append(want, "contactkit.Enrolled")
		}
		require.Equal(t, want, got, "the completion first, then the enrolments it causes (task enrolling into %v)", au)
	}
}
