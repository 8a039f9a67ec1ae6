package pgstore_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestRv20LifePurgesAreTheRestoreWindows: notes and contacts deleted at
// random instants, some within one microsecond, purged at random times to
// the nanosecond, on memstore and PostgreSQL: PurgeActivityTrash and
// PurgeTrash remove exactly what RestoreActivity and RestoreContact
// refuse, what was deleted the window or longer ago.
func TestRv20LifePurgesAreTheRestoreWindows(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	for seed := range uint64(6) {
		for _, side := range []struct {
			name string
			st   store.Store
		}{{"memstore", memstore.New()}, {"pgstore", pgstore.New(pool, nil)}} {
			t.Run(fmt.Sprintf("seed%d/%s", seed, side.name), func(t *testing.T) {
				rv20LifePurgeWalk(t, side.st, seed)
			})
		}
	}
}

func rv20LifePurgeWalk(t *testing.T, st store.Store, seed uint64) {
	ctx := t.Context()
	r := rand.New(rand.NewPCG(seed, 11))
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	window := 7 * 24 * time.Hour
	svc := contactkit.New(st, &contactkit.Options{
		DefaultRegion: "FR", Now: func() time.Time { return now },
		RestoreWindow: &window, ActivityRestoreWindow: &window,
	})
	a := contactkit.Actor{Workspace: contact.WorkspaceID(fmt.Sprintf("rv20-life-purge-%d", seed)), User: "owner", Role: contactkit.RoleOwner}
	var contacts []contact.ID
	var notes []activity.ID
	for i := range 12 {
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(fmt.Sprint("P", i))}})
		if err != nil {
			t.Fatal(err)
		}
		contacts = append(contacts, c.ID)
	}
	keep := contacts[0]
	for i := range 30 {
		n, err := svc.AddNote(ctx, a, keep, contactkit.NoteInput{Body: fmt.Sprint("note ", i)})
		if err != nil {
			t.Fatal(err)
		}
		notes = append(notes, n.ID)
	}
	base := now.Add(time.Hour)
	gone := map[string]time.Time{} // by ID: deleted at
	for _, i := range r.Perm(len(notes)) {
		now = base.Add(time.Duration(r.IntN(3000)))
		if _, err := svc.DeleteActivity(ctx, a, notes[i]); err != nil {
			t.Fatal(err)
		}
		gone["a"+notes[i].String()] = now
	}
	for _, i := range r.Perm(len(contacts) - 1) {
		now = base.Add(time.Duration(r.IntN(3000)))
		if _, err := svc.DeleteContact(ctx, a, contacts[1+i]); err != nil {
			t.Fatal(err)
		}
		gone["c"+contacts[1+i].String()] = now
	}
	for round := range 5 {
		// A restore at the exact end of a window, or a nanosecond
		// before it, of one of them.
		for k, at := range gone {
			before := r.IntN(2) == 0
			now = at.Add(window)
			if before {
				now = now.Add(-time.Nanosecond)
			}
			var err error
			if k[0] == 'a' {
				id := activity.MustParseID(k[1:])
				if _, err = svc.RestoreActivity(ctx, a, id); err == nil {
					_, err = svc.DeleteActivity(ctx, a, id)
				}
			} else {
				id := contact.MustParseID(k[1:])
				if _, err = svc.RestoreContact(ctx, a, id); err == nil {
					_, err = svc.DeleteContact(ctx, a, id)
				}
			}
			switch {
			case before && err != nil:
				t.Fatalf("round %d: restore of %s deleted at %s, at %s: %v", round, k, at.Format(time.RFC3339Nano), now.Format(time.RFC3339Nano), err)
			case before:
				gone[k] = now
			case !errors.Is(err, contactkit.ErrRestoreWindow):
				t.Fatalf("round %d: restore of %s deleted at %s, at the end of its window: %v", round, k, at.Format(time.RFC3339Nano), err)
			}
			break
		}
		now = base.Add(window + time.Duration(r.IntN(3000)))
		past := func(at time.Time) bool { return !now.Before(at.Add(window)) }
		wantA, wantC := 0, 0
		for k, at := range gone {
			if past(at) && k[0] == 'a' {
				wantA++
			} else if past(at) {
				wantC++
			}
		}
		n, err := svc.PurgeActivityTrash(ctx, a)
		if err != nil || n != wantA {
			t.Fatalf("round %d at %s: PurgeActivityTrash = %d, %v; want %d", round, now.Format(time.RFC3339Nano), n, err, wantA)
		}
		n, err = svc.PurgeTrash(ctx, a)
		if err != nil || n != wantC {
			t.Fatalf("round %d at %s: PurgeTrash = %d, %v; want %d", round, now.Format(time.RFC3339Nano), n, err, wantC)
		}
		for k, at := range gone {
			if k[0] == 'a' {
				_, err = svc.GetActivity(ctx, a, activity.MustParseID(k[1:]))
			} else {
				_, err = svc.GetContact(ctx, a, contact.MustParseID(k[1:]))
			}
			switch {
			case past(at) && !errors.Is(err, contactkit.ErrNotFound):
				t.Fatalf("round %d: %s deleted at %s is still there at %s: %v", round, k, at.Format(time.RFC3339Nano), now.Format(time.RFC3339Nano), err)
			case past(at):
				delete(gone, k)
			case err != nil:
				t.Fatalf("round %d: %s: %v", round, k, err)
			}
		}
	}
}
