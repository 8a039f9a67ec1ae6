package contactkit_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// An undone merge keeps a snapshot of each contact it had taken away, and
// a link to each (merge.Unmerged), by which an erasure of one finds it
// without reading every undone merge of the workspace. The record goes
// with the erasure of any contact it holds, and its links with it: none
// is left behind to name a merge that is gone.
func TestUndoneMergeLinks(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		erase func(ada, bob, cy contact.ID) contact.ID
	}{
		{"a contact it took", func(_, bob, _ contact.ID) contact.ID { return bob }},
		{"the other contact it took", func(_, _, cy contact.ID) contact.ID { return cy }},
		{"its survivor", func(ada, _, _ contact.ID) contact.ID { return ada }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := memstore.New()
			svc := contactkit.New(st, &contactkit.Options{DefaultRegion: "FR"})
			mk := func(name, email string) contact.ID {
				return acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: &name, Email: &email}}).ID
			}
			ada, bob, cy, dee := mk("Ada", "ada@example.com"), mk("Bob", "bob@example.com"), mk("Cy", "cy@example.com"), mk("Dee", "dee@example.com")
			undone := acc3Merge(t, svc, ada, bob, cy)
			_, err := svc.UnmergeContacts(ctx, acc3Owner, undone.ID)
			require.NoError(t, err)
			// Another undone merge, of contacts not erased: it stays.
			other := acc3Merge(t, svc, dee, bob)
			_, err = svc.UnmergeContacts(ctx, acc3Owner, other.ID)
			require.NoError(t, err)
			links := func() map[merge.ID][]contact.ID {
				out := map[merge.ID][]contact.ID{}
				require.NoError(t, st.View(ctx, func(tx store.Tx) error {
					for u, err := range store.Unmerges(tx.Records()).All(ctx, acc3Owner.Workspace, store.Query{}) {
						if err != nil {
							return err
						}
						out[u.Merge] = append(out[u.Merge], u.Contact)
					}
					return nil
				}))
				return out
			}
			require.ElementsMatch(t, []contact.ID{bob, cy}, links()[undone.ID])
			require.Equal(t, []contact.ID{bob}, links()[other.ID])

			gone := tc.erase(ada, bob, cy)
			require.NoError(t, svc.EraseContact(ctx, acc3Owner, gone))
			_, err = svc.GetMerge(ctx, acc3Owner, undone.ID)
			assert.ErrorIs(t, err, contactkit.ErrNotFound, "the undone merge holds a snapshot of the erased contact")
			assert.NotContains(t, links(), undone.ID, "links of a merge that is gone")
			_, err = svc.GetMerge(ctx, acc3Owner, other.ID)
			if gone == bob {
				assert.ErrorIs(t, err, contactkit.ErrNotFound, "the other undone merge holds Bob too")
				assert.Empty(t, links())
			} else {
				assert.NoError(t, err, "an undone merge of contacts not erased")
				assert.Equal(t, []contact.ID{bob}, links()[other.ID])
			}
		})
	}
}
