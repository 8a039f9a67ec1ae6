package pgstore_test

// Findings of TestAcceptance13Parity, each pinned on both stores.

import (
	"context"
	"errors"
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
// same clock and IDs.
func acc13Stores(t *testing.T) []acc13Store {
	t.Helper()
	pool := pgstore.NewTestPool(t)
	var out []acc13Store
	for i, st := range []store.Store{memstore.New(), pgstore.New(pool, nil)} {
		var n byte
		svc := contactkit.New(st, &contactkit.Options{
			DefaultRegion: "FR",
			Now:           func() time.Time { return time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC) },
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
	for _, s := range acc13Stores(t) {
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
