package contactkit_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store/memstore"
)

// Concurrent calls on the same contacts (merges in both directions, a
// delete, a block, an enrolment, a note) leave the store in a state that
// keeps acc11Invariants, whichever wins.
func TestAcc11ConcurrentLifecycleCallsKeepTheInvariants(t *testing.T) {
	for round := range 30 {
		st := memstore.New()
		svc := contactkit.New(st, &contactkit.Options{DefaultRegion: "FR"})
		ctx := t.Context()
		a := acc11Owner
		mk := func(name, email string) contact.Contact {
			c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(name), Email: new(email)}})
			require.NoError(t, err)
			return c
		}
		x, y, z := mk("X", "x@example.com"), mk("Y", "y@example.com"), mk("Z", "z@example.com")
		au, err := svc.CreateAutomation(ctx, a, automation.Automation{Name: "A", Steps: []automation.Step{{Name: "s"}}, Active: true, Reentry: automation.ReentryAllow})
		require.NoError(t, err)
		merge := func(p, o contact.ID) func() error {
			return func() error {
				pv, err := svc.PreviewMerge(ctx, a, contactkit.MergeRequest{Primary: p, Others: []contact.ID{o}})
				if err != nil {
					return err
				}
				_, err = svc.MergeContacts(ctx, a, pv)
				return err
			}
		}
		calls := []func() error{
			merge(x.ID, y.ID), merge(y.ID, x.ID), merge(z.ID, y.ID),
			func() error { _, err := svc.DeleteContact(ctx, a, y.ID); return err },
			func() error { _, err := svc.BlockContact(ctx, a, x.ID, "spam"); return err },
			func() error { _, err := svc.Enroll(ctx, a, au.ID, y.ID, ""); return err },
			func() error { _, err := svc.Enroll(ctx, a, au.ID, x.ID, ""); return err },
			func() error { _, err := svc.AddNote(ctx, a, y.ID, contactkit.NoteInput{Body: "n"}); return err },
		}
		var wg sync.WaitGroup
		errs := make([]error, len(calls))
		for i, call := range calls {
			wg.Go(func() { errs[i] = call() })
		}
		wg.Wait()
		if problems := acc11Invariants(t, st, a.Workspace); len(problems) > 0 {
			t.Fatalf("round %d: %q\n%s", round, problems, fmt.Sprint(errs))
		}
	}
}
