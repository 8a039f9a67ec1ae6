package activity_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
)

func Example() {
	ana := contact.MustParseID("0190a000-0000-7000-8000-0000000000aa")
	day := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	timeline := []activity.Activity{
		{ID: activity.MustParseID("0190a000-0000-7000-8000-000000000001"), Contact: ana, Kind: activity.KindNote,
			Author: "bob", Body: "Met at the trade fair", Pinned: true, CreatedAt: day},
		{ID: activity.MustParseID("0190a000-0000-7000-8000-000000000002"), Contact: ana, Kind: activity.KindTask,
			Author: "bob", Title: "Send the quote", Body: "Prices for 200 seats", CreatedAt: day.Add(24 * time.Hour),
			Task: activity.Task{Type: activity.TaskEmail, Due: day.Add(48 * time.Hour)}},
		{ID: activity.MustParseID("0190a000-0000-7000-8000-000000000003"), Contact: ana, Kind: activity.KindNote,
			Author: "eve", Body: "Asked for a discount", CreatedAt: day.Add(72 * time.Hour)},
	}
	activity.Sort(timeline)
	for _, a := range timeline {
		fmt.Printf("%-5v %s %s %q\n", a.Pinned, a.CreatedAt.Format(time.DateOnly), a.Kind, activity.SearchText(&a))
	}

	f := activity.Filter{Kinds: []activity.Kind{activity.KindTask}, Text: contact.FoldQuery("  200   SEATS ")}
	for _, a := range timeline {
		if f.Matches(&a) {
			fmt.Println("found:", a.Title)
		}
	}

	task := &timeline[2]
	changed, err := task.Complete(day.Add(96 * time.Hour))
	fmt.Println(changed, err, task.Task.CompletedAt.Format(time.DateOnly))
	_, err = timeline[1].Complete(day.Add(96 * time.Hour))
	fmt.Println(errors.Is(err, activity.ErrNotATask))
	// Output:
	// true  2025-03-01 note "met at the trade fair"
	// false 2025-03-04 note "asked for a discount"
	// false 2025-03-02 task "send the quote\nprices for 200 seats"
	// found: Send the quote
	// true <nil> 2025-03-05
	// true
}
