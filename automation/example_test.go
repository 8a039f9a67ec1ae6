package automation_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/tag"
)

func Example() {
	onboarding := automation.Automation{
		ID:       automation.MustParseID("0190a000-0000-7000-8000-000000000001"),
		Name:     "Onboarding",
		Steps:    []automation.Step{{Name: "Welcome email"}, {Name: "Call"}, {Name: "Survey"}, {Name: "Offer"}},
		Triggers: []automation.Trigger{automation.OnTagAdded(tag.MustParseName("New customer"))},
		Active:   true,
	}
	fmt.Println(onboarding.Triggered(automation.TagAdded(tag.MustParseName("NEW CUSTOMER"))))

	ana := contact.MustParseID("0190a000-0000-7000-8000-0000000000aa")
	start := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	e, err := automation.Enroll(&onboarding, ana,
		automation.MustParseEnrollmentID("0190a000-0000-7000-8000-0000000000e1"), nil, "signup-42", start)
	fmt.Println(e.Entry, e.State, err)

	_ = e.Pass(automation.OutcomeCompleted, start.Add(time.Hour))
	_ = e.Pass(automation.OutcomeSkipped, start.Add(2*time.Hour))
	for _, r := range e.Path {
		fmt.Println(r.Step, onboarding.Steps[r.Step].Name, r.Outcome, r.At.Format(time.Kitchen))
	}
	next, _ := e.Next()
	fmt.Printf("progress %.0f%%, next %q\n", 100*e.Progress(), onboarding.Steps[next].Name)

	_ = e.End(start.Add(3 * time.Hour))
	fmt.Printf("%s, progress %.0f%%, %d steps in the path\n", e.State, 100*e.Progress(), len(e.Path))

	err = e.Pass(automation.OutcomeCompleted, start.Add(4*time.Hour))
	fmt.Println(errors.Is(err, automation.ErrNotActive))
	// Output:
	// true
	// 1 active <nil>
	// 0 Welcome email completed 10:00AM
	// 1 Call skipped 11:00AM
	// progress 50%, next "Survey"
	// ended, progress 100%, 2 steps in the path
	// true
}

func ExampleEnroll_reentry() {
	a := automation.Automation{
		ID:     automation.MustParseID("0190a000-0000-7000-8000-000000000001"),
		Name:   "Nurture",
		Steps:  []automation.Step{{Name: "Email"}},
		Active: true, // Reentry is zero: refuse while active
	}
	c := contact.MustParseID("0190a000-0000-7000-8000-0000000000aa")
	at := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

	first, _ := automation.Enroll(&a, c, automation.MustParseEnrollmentID("0190a000-0000-7000-8000-0000000000e1"), nil, "", at)
	_, err := automation.Enroll(&a, c, automation.MustParseEnrollmentID("0190a000-0000-7000-8000-0000000000e2"), []automation.Enrollment{first}, "", at)
	fmt.Println(errors.Is(err, automation.ErrAlreadyEnrolled))

	_ = first.Stop(automation.ReasonContactBlocked, at.Add(time.Hour))
	second, err := automation.Enroll(&a, c, automation.MustParseEnrollmentID("0190a000-0000-7000-8000-0000000000e2"), []automation.Enrollment{first}, "", at.Add(2*time.Hour))
	fmt.Println(second.Entry, err)
	// Output:
	// true
	// 2 <nil>
}
