package contactkit_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
)

// M4 (found, not fixed): undoing a merge while a later merge into the same
// survivor stands takes from the survivor what both merges gave it. Bob
// and Cid, both blocked, tagged "vip", of Acme and members of News, are
// merged into Ada one after the other; undoing Bob's merge leaves Ada with
// nothing of Cid's that Bob had given her first: she is active, untagged,
// of no company and no member. The unmerge compares each field with what
// the undone merge wrote (unchanged since: back to the snapshot), and the
// later merge changed nothing there, as Ada held the same values already.
// Ada should come back as if Bob's merge had never been made: with what
// Cid's merge gives her.
func TestMergeUndoneOutOfOrderKeepsWhatALaterMergeGave(t *testing.T) {
	t.Skip("finding: M4 across two merges into one survivor; the unmerge plan needs the standing merges' contributions (see the closing note of 2026-12-06)")
	ctx := context.Background()
	svc, _ := acc3Service(t, nil)
	news, err := svc.CreateList(ctx, acc3Owner, list.List{Name: "News"})
	require.NoError(t, err)
	ada := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")}})
	other := func(name, email string) contact.Contact {
		c := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(name), Email: new(email), Company: new("Acme")},
			Tags: []string{"vip"}, Lists: []list.ID{news.ID}})
		_, err := svc.BlockContact(ctx, acc3Owner, c.ID, "spam")
		require.NoError(t, err)
		return c
	}
	bob, cid := other("Bob", "bob@example.com"), other("Cid", "cid@example.com")
	first := acc3Merge(t, svc, ada.ID, bob.ID)
	acc3Merge(t, svc, ada.ID, cid.ID)
	_, err = svc.UnmergeContacts(ctx, acc3Owner, first.ID)
	require.NoError(t, err)

	got := acc3Get(t, svc, ada.ID)
	require.Equal(t, contact.StatusBlocked, got.Status)
	require.Len(t, got.Tags, 1)
	require.Equal(t, "Acme", got.Company)
	var lists []list.ID
	for m, err := range svc.Memberships(ctx, acc3Owner, contactkit.MembershipQuery{Contact: ada.ID}) {
		require.NoError(t, err)
		lists = append(lists, m.List)
	}
	require.Equal(t, []list.ID{news.ID}, lists)
}
