package pgstore_test

import (
	"errors"
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/pgstore"
)

// TestMigrationPlacesTrashedActivities: migration 0012 gives each activity
// in its own trash before it its place in the activity trash
// (store.TrashedActivity), which a deletion now writes itself; the purge,
// which reads the trash by those places, then removes the activities past
// their window and keeps the others.
func TestMigrationPlacesTrashedActivities(t *testing.T) {
	ctx := t.Context()
	pool := migratedTo(t, 11)
	now := time.Date(2026, 12, 1, 9, 0, 0, 123456000, time.UTC)
	svc := contactkit.New(pgstore.New(pool, nil), &contactkit.Options{DefaultRegion: "FR", Now: func() time.Time { return now }})
	a := contactkit.Actor{Workspace: "w", User: "owner", Role: contactkit.RoleOwner}
	name := "Ada"
	c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: &name}})
	if err != nil {
		t.Fatal(err)
	}
	trash := func() activity.ID {
		t.Helper()
		note, err := svc.AddNote(ctx, a, c.ID, contactkit.NoteInput{Body: "to the trash"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.DeleteActivity(ctx, a, note.ID); err != nil {
			t.Fatal(err)
		}
		return note.ID
	}
	old := trash()
	now = now.Add(100 * 24 * time.Hour)
	recent := trash()
	// As version 11 left it: no place.
	if _, err := pool.Exec(ctx, `DELETE FROM records WHERE kind = 'activity-trash'`); err != nil {
		t.Fatal(err)
	}
	if err := pgstore.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	var places []store.TrashedActivity
	err = pgstore.New(pool, nil).View(ctx, func(tx store.Tx) error {
		for p, err := range store.ActivityTrash(tx.Records()).All(ctx, a.Workspace, store.Query{}) {
			if err != nil {
				return err
			}
			places = append(places, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(places) != 2 || places[0].Activity != old || places[1].Activity != recent || places[0].By != a.User || places[0].Version != 1 {
		t.Fatalf("places after the migration: %+v, want %s then %s, by %s, version 1", places, old, recent, a.User)
	}
	if n, err := svc.PurgeActivityTrash(ctx, a); err != nil || n != 1 {
		t.Fatalf("PurgeActivityTrash: %d, %v; want 1 purged", n, err)
	}
	if _, err := svc.GetActivity(ctx, a, old); !errors.Is(err, contactkit.ErrNotFound) {
		t.Errorf("the activity past its window: %v, want not found", err)
	}
	if _, err := svc.GetActivity(ctx, a, recent); err != nil {
		t.Errorf("the activity within its window: %v, want it kept", err)
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM records WHERE kind = 'activity-trash'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("places left: %d (%v), want 1", n, err)
	}
}
