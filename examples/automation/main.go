// Command automation shows how contactkit keeps the truth about automations
// while the host runs them: tagging a contact enrols it through a trigger,
// the host walks its path (one step completed, one skipped), reads the
// progress, and ends the enrollment. contactkit runs no timers: it tells
// the host what happened through events.
//
//	go run ./examples/automation
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/tag"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, w io.Writer) error {
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }

	// The host learns of every enrolment through events; a real host would
	// schedule the first step here.
	enrolled := make(chan automation.EnrollmentID, 1)
	svc := contactkit.New(memstore.New(), &contactkit.Options{
		Now: clock,
		Subscribers: []contactkit.Subscriber{func(_ context.Context, e contactkit.Event) {
			switch e := e.(type) {
			case contactkit.Enrolled:
				fmt.Fprintf(w, "event: enrolled (entry %d, trigger %s)\n", e.Enrollment.Entry, e.Trigger.Kind)
				enrolled <- e.Enrollment.ID
			case contactkit.StepPassed:
				fmt.Fprintf(w, "event: step %d %s\n", e.Step.Step+1, e.Step.Outcome)
			case contactkit.EnrollmentEnded:
				fmt.Fprintln(w, "event: enrollment ended")
			}
		}},
	})
	manager := contactkit.Actor{Workspace: "acme", User: "u-manager", Role: contactkit.RoleManager}

	welcome, err := svc.CreateAutomation(ctx, manager, automation.Automation{
		Name:     "VIP welcome",
		Steps:    []automation.Step{{Name: "Send welcome email"}, {Name: "Offer a call"}, {Name: "Send a gift"}},
		Triggers: []automation.Trigger{automation.OnTagAdded(tag.MustParseName("VIP"))},
		Active:   true,
	})
	if err != nil {
		return err
	}

	ada, err := svc.CreateContact(ctx, manager, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")}})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "tagging Ada as vip")
	if _, err := svc.TagContact(ctx, manager, ada.ID, "vip"); err != nil {
		return err
	}
	id := <-enrolled

	now = now.Add(time.Hour)
	if _, err := svc.PassStep(ctx, manager, id, automation.OutcomeCompleted); err != nil {
		return err
	}
	now = now.Add(24 * time.Hour)
	e, err := svc.PassStep(ctx, manager, id, automation.OutcomeSkipped)
	if err != nil {
		return err
	}
	printPath(w, welcome, e)

	e, err = svc.EndEnrollment(ctx, manager, id)
	if err != nil {
		return err
	}
	printPath(w, welcome, e)

	in := 0
	for _, err := range svc.Enrollments(ctx, manager, contactkit.EnrollmentQuery{Automation: welcome.ID, ActiveOnly: true}) {
		if err != nil {
			return err
		}
		in++
	}
	fmt.Fprintf(w, "contacts in %q now: %d\n", welcome.Name, in)
	return nil
}

func printPath(w io.Writer, au automation.Automation, e automation.Enrollment) {
	fmt.Fprintf(w, "path of %q (%s, %.0f %%):\n", au.Name, e.State, 100*e.Progress())
	for _, r := range e.Path {
		fmt.Fprintf(w, "  %d. %-20s %-9s %s\n", r.Step+1, au.Steps[r.Step].Name, r.Outcome, r.At.Format(time.DateTime))
	}
}
