package contactkit_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// H1 says the timeline "searches task titles and bodies, note bodies and
// other activity text"; S1 makes a contact search match every word of the
// query wherever it is. The timeline matched the folded query as one
// substring (activity.Filter.Text: "contains it"), so "ete devis" did not
// find an email whose subject is "Devis ÉTÉ", which "devis ete" found.
// Decided: each word, in any order (still as a substring of the text).
func TestAcc15TimelineSearchMatchesEveryWord(t *testing.T) {
	ctx := context.Background()
	svc, _ := acc3Service(t, nil)
	c := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann")}})
	_, err := svc.AddEmail(ctx, acc3Owner, c.ID, contactkit.EmailInput{Direction: activity.DirectionOutbound,
		OccurredAt: time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC), Subject: "Devis ÉTÉ"})
	require.NoError(t, err)
	p, err := svc.ListTimeline(ctx, acc3Owner, c.ID, contactkit.TimelineQuery{Text: "ete devis"}, store.PageRequest{})
	require.NoError(t, err)
	require.Len(t, p.Items, 1)
}

// H5: one timeline per contact with its merges. The feed listed a merge
// (FeedMerged, FeedUnmerged) on its survivor only; a contact merged away
// and brought back by UnmergeContacts showed the episode as two changes of
// deleted_at with the source "merge", and no item that names the merge.
// Decided: its feed lists both, from the merge's link to it.
func TestAcc15FeedOfAnUnmergedInputNamesTheMerge(t *testing.T) {
	ctx := context.Background()
	svc, _ := acc3Service(t, nil)
	a := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com")}})
	b := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Bob"), Email: new("bob@example.com")}})
	r := acc3Merge(t, svc, a.ID, b.ID)
	_, err := svc.UnmergeContacts(ctx, acc3Owner, r.ID)
	require.NoError(t, err)
	// Both feeds, the survivor's and the input's, list the merge once and
	// its undoing once, each naming the survivor as Primary.
	for _, id := range []contact.ID{a.ID, b.ID} {
		var kinds []contactkit.FeedKind
		for it, err := range svc.Feed(ctx, acc3Owner, id, contactkit.FeedQuery{Kinds: []contactkit.FeedKind{contactkit.FeedMerged, contactkit.FeedUnmerged}}) {
			require.NoError(t, err)
			kinds = append(kinds, it.Kind)
			require.Equal(t, r.ID, it.Merge.ID)
			require.Equal(t, a.ID, it.Merge.Primary)
			require.Equal(t, []contact.ID{b.ID}, it.Merge.Others)
		}
		require.Equal(t, []contactkit.FeedKind{contactkit.FeedUnmerged, contactkit.FeedMerged}, kinds, "feed of %s", id)
	}
}
