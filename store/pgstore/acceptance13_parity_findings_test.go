package pgstore_test

// Findings of TestAcceptance13Parity, each pinned on both stores.

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/store/pgstore"
)

type acc13Store struct {
	name string
	svc  *contactkit.Service
}

// acc13Stores returns a Service on memstore and one on pgstore, with the
// same clock and IDs; now, if not nil, is the clock.
func acc13Stores(t *testing.T, now func() time.Time) []acc13Store {
	t.Helper()
	pool := pgstore.NewTestPool(t)
	if now == nil {
		now = func() time.Time { return time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC) }
	}
	var out []acc13Store
	for i, st := range []store.Store{memstore.New(), pgstore.New(pool, nil)} {
		var n byte
		svc := contactkit.New(st, &contactkit.Options{
			DefaultRegion: "FR",
			Now:           now,
			NewID: func() (uuid.UUID, error) {
				n++
				return uuid.UUID{15: n, 6: 0x40, 8: 0x80}, nil
			},
		})
		out = append(out, acc13Store{name: []string{"memstore", "pgstore"}[i], svc: svc})
	}
	return out
}

// A reason that is not valid UTF-8 (here the encoding of a lone
// surrogate) was kept as given: memstore handed the bytes back, while
// pgstore, whose records are JSON, read them back as U+FFFD, so the two
// stores showed the same unsubscribe with two different reasons. The store
// seam holds valid UTF-8 only, made so by the domain (store.Store; DESIGN
// §3 "all normalisation is in the domain packages"), and the Service
// refuses other free text that is not UTF-8 (a note's body, a task's
// title, an automation's name): a reason is refused too, as invalid input,
// and nothing is written (rule C5), whichever call takes it.
func TestAcceptance13ReasonNotUTF8IsRefused(t *testing.T) {
	ctx := context.Background()
	a := contactkit.Actor{Workspace: "acc13-reason", User: "owner", Role: contactkit.RoleOwner}
	const bad = "ok\xed\xa0\x80"
	for _, s := range acc13Stores(t, nil) {
		t.Run(s.name, func(t *testing.T) {
			reason := bad
			c, err := s.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{
				FirstName: new("Ada"), Email: new("ada@example.com"), Phone: new("0612345678"),
			}})
			if err != nil {
				t.Fatal(err)
			}
			l, err := s.svc.CreateList(ctx, a, list.List{Name: "News"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.svc.AddToList(ctx, a, l.ID, c.ID); err != nil {
				t.Fatal(err)
			}
			calls := map[string]func() error{
				"Unsubscribe": func() error {
					_, err := s.svc.Unsubscribe(ctx, a, c.ID, list.ChannelEmail, reason)
					return err
				},
				"UnsubscribeAddress": func() error {
					_, err := s.svc.UnsubscribeAddress(ctx, a, list.ChannelSMS, "+33 6 98 76 54 32", reason)
					return err
				},
				"UnsubscribeFromList": func() error {
					_, err := s.svc.UnsubscribeFromList(ctx, a, l.ID, c.ID, reason)
					return err
				},
				"BlockContact": func() error {
					_, err := s.svc.BlockContact(ctx, a, c.ID, reason)
					return err
				},
			}
			for name, call := range calls {
				if err := call(); !errors.Is(err, contactkit.ErrInvalidInput) {
					t.Errorf("%s with a reason of invalid UTF-8: got %v, want an error matching ErrInvalidInput", name, err)
				}
			}
			for _, chn := range []list.Channel{list.ChannelEmail, list.ChannelSMS} {
				for e, err := range s.svc.ConsentLedger(ctx, a, chn) {
					if err != nil {
						t.Fatal(err)
					}
					t.Errorf("ledger %s holds %+v after refused calls", chn, e)
				}
			}
			got, err := s.svc.GetContact(ctx, a, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Blocked() {
				t.Errorf("the contact is blocked after a refused BlockContact")
			}
			reason = "asked to stop" // the same calls with a reason of UTF-8 go through
			for name, call := range calls {
				if err := call(); err != nil {
					t.Errorf("%s with a reason of valid UTF-8: %v", name, err)
				}
			}
		})
	}
}

// An unmerge that refused for the creation time (changed by the merge and
// by a later merge since) quoted the times with time.Time.String, which
// names the time's zone: memstore handed back the zone of the Service's
// clock ("+0900 Y") and pgstore, whose records keep the offset alone,
// "+0900 +0900", so the same refusal read differently on the two stores.
// Rule M4 compares values, not their presentation: the creation time is
// compared as the instant it is (and quoted, when another value than the
// merges' conflicts, in the canonical form of the property history). A
// creation date a later merge derived (RuleOldest) is no edit since: the
// unmerge of the first merge goes through on both stores and gives the
// survivor the same instant, the oldest of the contacts still merged into
// it, whatever zone each store hands the times back in.
func TestAcceptance13UnmergeOfTheFirstMergeIsTheSameOnEveryStore(t *testing.T) {
	ctx := context.Background()
	a := contactkit.Actor{Workspace: "acc13-unmerge", User: "owner", Role: contactkit.RoleOwner}
	zone := time.FixedZone("Y", 9*3600)
	var at time.Time
	var answers []string
	for _, s := range acc13Stores(t, func() time.Time { return at }) {
		t.Run(s.name, func(t *testing.T) {
			create := func(when time.Time, email string) contact.ID {
				at = when
				c, err := s.svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new(email)}})
				if err != nil {
					t.Fatal(err)
				}
				return c.ID
			}
			merge := func(primary, other contact.ID) contactkit.MergePreview {
				p, err := s.svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: primary, Others: []contact.ID{other}})
				if err != nil {
					t.Fatal(err)
				}
				return p
			}
			// The oldest creation time survives a merge: the second merge
			// changes what the first one had set.
			oldest := create(time.Date(2026, 1, 1, 8, 0, 0, 0, zone), "c@example.com")
			older := create(time.Date(2026, 2, 1, 8, 0, 0, 0, zone), "b@example.com")
			primary := create(time.Date(2026, 3, 1, 8, 0, 0, 0, zone), "a@example.com")
			at = time.Date(2026, 4, 1, 8, 0, 0, 0, zone)
			first, err := s.svc.MergeContacts(ctx, a, merge(primary, older))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.svc.MergeContacts(ctx, a, merge(primary, oldest)); err != nil {
				t.Fatal(err)
			}
			res, err := s.svc.UnmergeContacts(ctx, a, first.ID)
			if err != nil {
				t.Fatalf("unmerge of the first merge: %v, want it undone (the second merge derived the creation date, nobody edited it)", err)
			}
			got := res.Primary.CreatedAt.UTC().Format(time.RFC3339Nano) + " " + res.Others[0].CreatedAt.UTC().Format(time.RFC3339Nano)
			if want := "2025-12-31T23:00:00Z 2026-01-31T23:00:00Z"; got != want {
				t.Errorf("creation times of the survivor and the contact back: got %s, want %s", got, want)
			}
			answers = append(answers, got)
		})
	}
	if len(answers) == 2 && answers[0] != answers[1] {
		t.Errorf("the stores disagree:\nmemstore %s\npgstore  %s", answers[0], answers[1])
	}
}

// Relay.Prune with a retention time outside the years an int64 of
// nanoseconds holds (1678 to 2262: "everything older than the year 9999")
// deleted every event on memstore, which compares times, and none on
// pgstore, which compared time.Time.UnixNano, undefined there (the year
// 9999 wraps to a negative number). store.Relay.PruneOutbox deletes "the
// events whose At is before olderThan": pgstore now bounds a time to the
// range it keeps, so that such a retention deletes what it says.
func TestAcceptance13PruneByAgeFarInTheFuture(t *testing.T) {
	ctx := context.Background()
	a := contactkit.Actor{Workspace: "acc13-prune", User: "owner", Role: contactkit.RoleOwner}
	pool := pgstore.NewTestPool(t)
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	for _, st := range []store.Store{memstore.NewWith(&memstore.Options{Outbox: true}), pgstore.New(pool, &pgstore.Options{Outbox: true})} {
		name := fmt.Sprintf("%T", st)
		svc := contactkit.New(st, &contactkit.Options{Now: func() time.Time { return now }})
		r, err := contactkit.NewRelay(st)
		if err != nil {
			t.Fatal(err)
		}
		// A consumer that has read nothing keeps every event, but for age.
		if _, err := r.Register(ctx, "slow", ""); err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			if _, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(fmt.Sprint("P", i))}}); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			olderThan time.Time
			want      int
		}{
			{time.Time{}, 0},
			{time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC), 0},
			{now, 0},
			{time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), 3},
		} {
			n, err := r.Prune(ctx, c.olderThan)
			if err != nil {
				t.Fatal(err)
			}
			if n != c.want {
				t.Errorf("%s: Prune(%s) deleted %d events, want %d", name, c.olderThan.Format(time.RFC3339), n, c.want)
			}
		}
	}
}

// memstore registered an outbox consumer whose name held a NUL or was not
// UTF-8, which pgstore refused with store.ErrInvalid (a name PostgreSQL
// cannot hold). store.Consumer.Name is "not empty, valid UTF-8, no NUL":
// memstore, the reference store, now refuses such a name (and such a
// workspace) as pgstore does, and RegisterConsumer's contract says so.
func TestAcceptance13RegisterConsumerNameNotStorable(t *testing.T) {
	ctx := context.Background()
	pool := pgstore.NewTestPool(t)
	for _, st := range []store.Store{memstore.NewWith(&memstore.Options{Outbox: true}), pgstore.New(pool, &pgstore.Options{Outbox: true})} {
		r, err := contactkit.NewRelay(st)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name string
			ws   contact.WorkspaceID
		}{{"a\x00b", ""}, {"\xff", ""}, {"ok", "w\x00"}, {"ok", "\xed\xa0\x80"}} {
			if _, err := r.Register(ctx, c.name, c.ws); !errors.Is(err, store.ErrInvalid) {
				t.Errorf("%T: Register(%q, %q): got %v, want an error matching store.ErrInvalid", st, c.name, c.ws, err)
			}
		}
		if _, err := r.Consumer(ctx, "ok"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%T: a refused consumer is found: %v", st, err)
		}
	}
}

// Once Prune had deleted every event, Read answered Next = 0 on pgstore,
// which took the greatest position of the events it still held, and the
// position of the last event committed on memstore.
// store.OutboxBatch.Next is "the greatest position committed when the
// batch was read (at least After)": pruned events were committed, so
// memstore followed the contract, and a reader that kept Next as its
// cursor moved back to 0 on pgstore (it missed nothing: positions are
// never reused). pgstore cannot take that position from its identity
// sequence, which hands out positions not yet committed (the outbox gap):
// Prune now records the greatest position it deletes in the table
// outbox_pruned (migration 0010), in its statement, and Read's Next (and
// a consumer registered at the last position) is at least that mark.
func TestAcceptance13ReadAfterEveryEventPrunedMovesNoCursorBack(t *testing.T) {
	ctx := context.Background()
	a := contactkit.Actor{Workspace: "acc13-head", User: "owner", Role: contactkit.RoleOwner}
	pool := pgstore.NewTestPool(t)
	for _, st := range []store.Store{memstore.NewWith(&memstore.Options{Outbox: true}), pgstore.New(pool, &pgstore.Options{Outbox: true})} {
		svc := contactkit.New(st, nil)
		r, err := contactkit.NewRelay(st)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada")}}); err != nil {
				t.Fatal(err)
			}
		}
		before, err := r.Read(ctx, store.OutboxQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Prune(ctx, time.Time{}); err != nil { // no consumer: every event goes
			t.Fatal(err)
		}
		after, err := r.Read(ctx, store.OutboxQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if after.Next != before.Next {
			t.Errorf("%T: Next after every event was pruned: got %d, want %d, the greatest position committed", st, after.Next, before.Next)
		}
	}
}

// Relay.Read of one workspace whose name PostgreSQL cannot hold (a NUL,
// invalid UTF-8) failed on pgstore with SQLSTATE 22021, an error of no
// kind of the seam, where memstore read no event and moved the cursor to
// the greatest position committed. A read of a value that cannot be
// stored finds nothing (as pgstore's other reads do since they were fixed
// for it, and store.OutboxBatch.Next says where to read on).
func TestAcceptance13ReadOutboxOfUnstorableWorkspaceFindsNothing(t *testing.T) {
	ctx := context.Background()
	a := contactkit.Actor{Workspace: "acc13-readws", User: "owner", Role: contactkit.RoleOwner}
	pool := pgstore.NewTestPool(t)
	for _, st := range []store.Store{memstore.NewWith(&memstore.Options{Outbox: true}), pgstore.New(pool, &pgstore.Options{Outbox: true})} {
		svc := contactkit.New(st, nil)
		r, err := contactkit.NewRelay(st)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada")}}); err != nil {
			t.Fatal(err)
		}
		all, err := r.Read(ctx, store.OutboxQuery{})
		if err != nil {
			t.Fatal(err)
		}
		for _, ws := range []contact.WorkspaceID{"a\x00b", "\xff"} {
			b, err := r.Read(ctx, store.OutboxQuery{Workspace: ws})
			if err != nil || len(b.Deliveries) != 0 || b.Next != all.Next {
				t.Errorf("%T: Read of workspace %q: got %d events, Next %d, %v; want none, Next %d, no error", st, ws, len(b.Deliveries), b.Next, err, all.Next)
			}
		}
	}
}
