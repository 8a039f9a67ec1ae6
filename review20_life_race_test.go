package contactkit_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/tag"
)

// Two contacts in the trash that held one email, restored at once: one
// comes back, the other is refused with the *TakenError that names it (C9,
// D2); never both.
func TestRv20LifeConcurrentRestoresOfOneEmail(t *testing.T) {
	for round := range 20 {
		w := rv20LifeNew(t)
		ctx := t.Context()
		email := fmt.Sprintf("same%d@example.com", round)
		var ids []contact.ID
		for i := range 3 {
			c, err := w.svc.CreateContact(ctx, rv20LifeOwner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(fmt.Sprint("P", i)), Email: new(email)}})
			require.NoError(t, err)
			_, err = w.svc.DeleteContact(ctx, rv20LifeOwner, c.ID)
			require.NoError(t, err)
			ids = append(ids, c.ID)
		}
		errs := make([]error, len(ids))
		var wg sync.WaitGroup
		for i, id := range ids {
			wg.Go(func() { _, errs[i] = w.svc.RestoreContact(ctx, rv20LifeManager, id) })
		}
		wg.Wait()
		var back contact.ID
		for i, err := range errs {
			if err == nil {
				require.True(t, back.IsZero(), "round %d: two contacts restored with one email", round)
				back = ids[i]
			}
		}
		require.False(t, back.IsZero(), "round %d: none restored: %v", round, errs)
		for i, err := range errs {
			if ids[i] == back {
				continue
			}
			require.ErrorIs(t, err, contactkit.ErrConflict)
			taken, ok := errors.AsType[*contactkit.TakenError](err)
			require.True(t, ok, "%v", err)
			require.Equal(t, back, taken.Owner)
		}
		got, err := w.svc.ContactByEmail(ctx, rv20LifeOwner, email)
		require.NoError(t, err)
		require.Equal(t, back, got.ID)
	}
}

// Enrolments (direct, by a note that names an automation, by a tag's
// trigger) race deletes and blocks of the same contacts (A4, B1): when
// the dust settles, no blocked or trashed contact is active in an
// automation, whichever call won each race.
func TestRv20LifeEnrolmentsRaceDeletesAndBlocks(t *testing.T) {
	for round := range 10 {
		w := rv20LifeNew(t)
		rv20LifeEnrolRace(t, w.svc, rv20LifeOwner, round)
	}
}

func rv20LifeEnrolRace(t *testing.T, svc *contactkit.Service, a contactkit.Actor, round int) {
	ctx := t.Context()
	au, err := svc.CreateAutomation(ctx, a, automation.Automation{
		Name: "A", Steps: []automation.Step{{Name: "s"}}, Active: true, Reentry: automation.ReentryAllow,
		Triggers: []automation.Trigger{automation.OnTagAdded(tag.MustParseName("hot"))},
	})
	require.NoError(t, err)
	var ids []contact.ID
	for i := range 6 {
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(fmt.Sprint("P", round, "-", i))}})
		require.NoError(t, err)
		ids = append(ids, c.ID)
	}
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() {
			var err error
			if i%2 == 0 {
				_, err = svc.DeleteContact(ctx, a, id)
			} else {
				_, err = svc.BlockContact(ctx, a, id, "spam")
			}
			assert.NoError(t, err)
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
				if err != nil && !errors.Is(err, contactkit.ErrTrashed) && !errors.Is(err, contactkit.ErrContactBlocked) {
					assert.NoError(t, err, "call %d on contact %d", k, i)
				}
			})
		}
	}
	wg.Wait()
	for i, id := range ids {
		for e, err := range svc.Enrollments(ctx, a, contactkit.EnrollmentQuery{Contact: id, ActiveOnly: true}) {
			require.NoError(t, err)
			t.Errorf("round %d: contact %d, deleted or blocked, is active in enrollment %s", round, i, e.ID)
		}
	}
}

// A restore racing a new contact for the trashed contact's email (C9, D2):
// exactly one of them holds the email afterwards, and the other call is
// refused with the *TakenError that names it.
func TestRv20LifeRestoreRacesACreate(t *testing.T) {
	for round := range 30 {
		w := rv20LifeNew(t)
		ctx := t.Context()
		email := fmt.Sprintf("race%d@example.com", round)
		c, err := w.svc.CreateContact(ctx, rv20LifeOwner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Old"), Email: new(email)}})
		require.NoError(t, err)
		_, err = w.svc.DeleteContact(ctx, rv20LifeOwner, c.ID)
		require.NoError(t, err)
		var restoreErr, createErr error
		var created contact.Contact
		var wg sync.WaitGroup
		wg.Go(func() { _, restoreErr = w.svc.RestoreContact(ctx, rv20LifeOwner, c.ID) })
		wg.Go(func() {
			created, createErr = w.svc.CreateContact(ctx, rv20LifeAgent, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("New"), Email: new(email)}})
		})
		wg.Wait()
		require.True(t, (restoreErr == nil) != (createErr == nil), "round %d: exactly one wins: restore %v, create %v", round, restoreErr, createErr)
		holder, err := w.svc.ContactByEmail(ctx, rv20LifeOwner, email)
		require.NoError(t, err)
		loser := createErr
		if restoreErr != nil {
			loser = restoreErr
			require.Equal(t, created.ID, holder.ID)
			require.ErrorIs(t, restoreErr, contactkit.ErrConflict)
		} else {
			require.Equal(t, c.ID, holder.ID)
		}
		taken, ok := errors.AsType[*contactkit.TakenError](loser)
		require.True(t, ok, "%v", loser)
		require.Equal(t, holder.ID, taken.Owner)
	}
}
