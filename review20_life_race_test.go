package contactkit_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
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
