package pgstore_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store/pgstore"
	"github.com/contactkit/contactkit/tag"
)

// TestRv20LifeEnrolmentsRaceDeletesAndBlocks: on PostgreSQL, enrolments
// (direct, by a note that names an automation, by a tag's trigger) race
// deletes and blocks of the same contacts (A4, B1); when the dust settles,
// no blocked or trashed contact is active in an automation, whichever
// call won each race.
func TestRv20LifeEnrolmentsRaceDeletesAndBlocks(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	ctx := t.Context()
	svc := contactkit.New(pgstore.New(pool, nil), &contactkit.Options{Now: func() time.Time { return time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC) }})
	for round := range 3 {
		a := contactkit.Actor{Workspace: contact.WorkspaceID(fmt.Sprint("rv20-life-race-", round)), User: "owner", Role: contactkit.RoleOwner}
		au, err := svc.CreateAutomation(ctx, a, automation.Automation{
			Name: "A", Steps: []automation.Step{{Name: "s"}}, Active: true, Reentry: automation.ReentryAllow,
			Triggers: []automation.Trigger{automation.OnTagAdded(tag.MustParseName("hot"))},
		})
		if err != nil {
			t.Fatal(err)
		}
		var ids []contact.ID
		for i := range 4 {
			c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(fmt.Sprint("P", i))}})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 4*len(ids))
		for i, id := range ids {
			wg.Go(func() {
				var err error
				if i%2 == 0 {
					_, err = svc.DeleteContact(ctx, a, id)
				} else {
					_, err = svc.BlockContact(ctx, a, id, "spam")
				}
				errs <- err
			})
			for k := range 3 {
				wg.Go(func() {
					var err error
					switch k {
					case 0:
						_, err = svc.Enroll(ctx, a, au.ID, id, "")
					case 1:
						_, err = svc.AddNote(ctx, a, id, contactkit.NoteInput{Body: "hello", Enroll: au.ID})
					default:
						_, err = svc.TagContact(ctx, a, id, "hot")
					}
					if errors.Is(err, contactkit.ErrTrashed) || errors.Is(err, contactkit.ErrContactBlocked) {
						err = nil
					}
					errs <- err
				})
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("round %d: %v", round, err)
			}
		}
		for i, id := range ids {
			for e, err := range svc.Enrollments(ctx, a, contactkit.EnrollmentQuery{Contact: id, ActiveOnly: true}) {
				if err != nil {
					t.Fatal(err)
				}
				t.Errorf("round %d: contact %d, deleted or blocked, is active in enrollment %s", round, i, e.ID)
			}
		}
	}
}
