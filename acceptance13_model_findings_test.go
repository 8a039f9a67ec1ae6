package contactkit_test

// Findings of the thirteenth acceptance pass (the model-based sequences of
// acceptance13_model_test.go), each reduced to the few calls that show it.

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
)

// T2, M4: deleting a tag removes it from every contact, the merged-away
// ones waiting in a merge record included (an unmerge gives them back
// without it). A tag of the same name created later is another tag: it
// must not bring the deleted one back to the contacts the unmerge returns.
func TestAcceptance13ModelUnmergeAfterATagDeletedAndMadeAgain(t *testing.T) {
	ctx := context.Background()
	svc, _ := acc3Service(t, nil)
	ada := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")}})
	bob := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Bob"), Email: new("bob@example.com")}, Tags: []string{"vip"}})
	cid := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Cid"), Email: new("cid@example.com")}})
	rec := acc3Merge(t, svc, ada.ID, bob.ID)

	_, err := svc.DeleteTag(ctx, acc3Owner, "vip")
	require.NoError(t, err)
	// Someone else gets a new tag "vip".
	_, err = svc.TagContact(ctx, acc3Owner, cid.ID, "VIP")
	require.NoError(t, err)

	_, err = svc.UnmergeContacts(ctx, acc3Owner, rec.ID)
	require.NoError(t, err)
	require.Empty(t, acc3Get(t, svc, bob.ID).Tags, "Bob comes back with the tag that was deleted from him (T2)")
	require.Empty(t, acc3Get(t, svc, ada.ID).Tags)
	var vips []contact.ID
	for c, err := range svc.Contacts(ctx, acc3Owner, contactkit.ContactQuery{Tag: "vip"}) {
		require.NoError(t, err)
		vips = append(vips, c.ID)
	}
	require.Equal(t, []contact.ID{cid.ID}, vips)
}

// D3, H2 (left open): erasing a contact removes its history, and the
// records of the merges that hold a snapshot of it, undone ones included
// (an undone merge into another can no longer bring it back). But the
// property history of the contact it was merged into and unmerged from
// keeps the entries the merge and the unmerge wrote: "other_emails" from
// "" to its address, and back. After the erasure, its address is still
// stored, in another contact's history (and shown in that contact's
// feed). The same holds for what the survivor recorded while it held the
// address: the reason of a list membership it took then ("email:… is
// unsubscribed in the consent ledger"), and the snapshot of it in the
// record of a later merge of it (undone or not). Whether an erasure
// redacts the records of other contacts (what a merge, while it stood,
// gave them), against H2's record of every change, is a design question;
// and the store seam
// (store.History: Append, List, Delete of a whole contact) has no way to
// rewrite some entries of a contact.
func TestAcceptance13ModelEraseAfterUnmergeLeavesTheAddressInTheSurvivorsHistory(t *testing.T) {
	ctx := context.Background()
	svc, _ := acc3Service(t, nil)
	ada := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")}})
	bob := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Bob"), Email: new("bob.private@example.com")}})
	rec := acc3Merge(t, svc, ada.ID, bob.ID)
	_, err := svc.UnmergeContacts(ctx, acc3Owner, rec.ID)
	require.NoError(t, err)
	require.NoError(t, svc.EraseContact(ctx, acc3Owner, bob.ID))
	for h, err := range svc.History(ctx, acc3Owner, ada.ID, "") {
		require.NoError(t, err)
		require.NotContains(t, h.Old+" "+h.New, "bob.private@example.com", "Ada's history keeps the address of the erased Bob: %+v", h)
	}
}

// M4, D3: an unmerge works at any time, after the purge of the trash
// too (the merged-away contacts come back from the record's snapshots).
// Olga merged into Pia, then Pia into Quinn; the trash is purged past
// the window (Olga and Pia, merged away, were in it). Undoing the second
// merge brings Pia back; undoing the first must then bring Olga back: the
// purge of Pia, merged away, must not remove the record of the merge
// of which she was the survivor, whose values Quinn holds.
func TestAcceptance13ModelUnmergeAChainAfterThePurge(t *testing.T) {
	ctx := context.Background()
	svc, clk := acc3Service(t, nil)
	olga := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Olga"), Email: new("olga@example.com")}, Tags: []string{"vip"}})
	pia := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Pia"), Email: new("pia@example.com")}})
	quinn := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Quinn"), Email: new("quinn@example.com")}})
	m1 := acc3Merge(t, svc, pia.ID, olga.ID)
	m2 := acc3Merge(t, svc, quinn.ID, pia.ID)

	clk.now = clk.now.Add(61 * 24 * time.Hour)
	n, err := svc.PurgeTrash(ctx, acc3Owner)
	require.NoError(t, err)
	require.Equal(t, 2, n, "Olga and Pia, merged away, were in the trash")

	// While Pia is merged away, the first merge waits: a conflict names
	// her, as before the purge.
	_, err = svc.UnmergeContacts(ctx, acc3Owner, m1.ID)
	require.ErrorIs(t, err, contactkit.ErrConflict)
	ue, ok := errors.AsType[*contactkit.UnmergeError](err)
	require.True(t, ok, "%v", err)
	require.Equal(t, pia.ID, ue.Conflicts[0].Contact)

	_, err = svc.UnmergeContacts(ctx, acc3Owner, m2.ID)
	require.NoError(t, err)
	_, err = svc.UnmergeContacts(ctx, acc3Owner, m1.ID)
	require.NoError(t, err, "the first merge cannot be undone after the purge")
	for _, c := range []struct {
		id    contact.ID
		email string
	}{{olga.ID, "olga@example.com"}, {pia.ID, "pia@example.com"}, {quinn.ID, "quinn@example.com"}} {
		got := acc3Get(t, svc, c.id)
		require.Equal(t, c.email, got.Email.String())
		require.Empty(t, got.OtherEmails, "%s", c.email)
		require.False(t, got.Trashed(), "%s", c.email)
	}
	require.Len(t, acc3Get(t, svc, olga.ID).Tags, 1)
}

// D3: when the survivor of a chain of merges is purged, the records of
// the merges it holds go with it: the one of which it is the survivor,
// and those of the contacts merged into it (kept while they waited, merged
// away, for an unmerge). No snapshot of a purged person stays stored.
func TestAcceptance13ModelPurgeOfAChainsSurvivorRemovesItsMerges(t *testing.T) {
	ctx := context.Background()
	svc, clk := acc3Service(t, nil)
	olga := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Olga"), Email: new("olga@example.com")}})
	pia := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Pia"), Email: new("pia@example.com")}})
	quinn := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Quinn"), Email: new("quinn@example.com")}})
	m1 := acc3Merge(t, svc, pia.ID, olga.ID)
	m2 := acc3Merge(t, svc, quinn.ID, pia.ID)
	clk.now = clk.now.Add(61 * 24 * time.Hour)
	_, err := svc.PurgeTrash(ctx, acc3Owner)
	require.NoError(t, err)
	_, err = svc.DeleteContact(ctx, acc3Owner, quinn.ID)
	require.NoError(t, err)
	clk.now = clk.now.Add(61 * 24 * time.Hour)
	_, err = svc.PurgeTrash(ctx, acc3Owner)
	require.NoError(t, err)
	for _, id := range []contact.ID{olga.ID, pia.ID, quinn.ID} {
		for r, err := range svc.MergeHistory(ctx, acc3Owner, id) {
			require.NoError(t, err)
			t.Errorf("the merge %s of purged contacts is still stored", r.ID)
		}
	}
	for _, id := range []merge.ID{m1.ID, m2.ID} {
		_, err := svc.GetMerge(ctx, acc3Owner, id)
		require.ErrorIs(t, err, contactkit.ErrNotFound, "merge %s", id)
	}
}

// M4: three duplicates merged in two steps into one survivor, Ada
// (created last), Bob, then Cid (created first). Each merge gives Ada the
// oldest creation date (merge.RuleOldest): Bob's, then Cid's. Undoing the
// first merge was refused: created_at was "changed by the merge and edited
// since" — by the second merge, not by anyone. A value a later standing
// merge derived by its rule is no edit: the first merge can be undone, and
// Ada's creation date becomes what the rule gives over her and the
// contacts still merged into her (Cid's); undoing the second merge then
// gives her own back.
func TestAcceptance13ModelUnmergeTheFirstOfTwoMergesIntoOneSurvivor(t *testing.T) {
	ctx := context.Background()
	svc, _ := acc3Service(t, nil)
	cid := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Cid"), Email: new("cid@example.com")}})
	bob := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Bob"), Email: new("bob@example.com")}})
	ada := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")}})
	m1 := acc3Merge(t, svc, ada.ID, bob.ID)
	m2 := acc3Merge(t, svc, ada.ID, cid.ID)
	_, err := svc.UnmergeContacts(ctx, acc3Owner, m1.ID)
	require.NoError(t, err, "nobody edited Ada since the first merge")
	require.Equal(t, cid.CreatedAt, acc3Get(t, svc, ada.ID).CreatedAt, "Cid is still merged into Ada")
	require.Equal(t, bob.CreatedAt, acc3Get(t, svc, bob.ID).CreatedAt, "Bob comes back as he was")
	_, err = svc.UnmergeContacts(ctx, acc3Owner, m2.ID)
	require.NoError(t, err)
	require.Equal(t, ada.CreatedAt, acc3Get(t, svc, ada.ID).CreatedAt, "nobody is merged into Ada any more")
}

// M2, M4, L1: two contacts merged in turn into one survivor, Ada
// (subscribed to a list) then Bob (unsubscribed from it): the survivor's
// membership is Ada's record, which the second merge makes unsubscribed,
// the most restrictive. Undoing the merges must give every input back as
// it was: Ada subscribed, Bob unsubscribed, the survivor on no list. The
// first unmerge took the second merge's change of the record for an edit
// of Ada's, which goes back with her: Ada came back unsubscribed with
// Bob's reason, and stayed so once both merges were undone. An undo that
// cannot give the record back as it was, with a later merge standing on
// it, must refuse with a conflict (undo the later one first).
func TestAcceptance13ModelUnmergeInMergeOrderGivesEachMembershipBack(t *testing.T) {
	ctx := context.Background()
	svc, _ := acc3Service(t, nil)
	l, err := svc.CreateList(ctx, acc3Owner, list.List{Name: "Monthly"})
	require.NoError(t, err)
	sam := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Sam"), Email: new("sam@example.com")}})
	ada := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")}, Lists: []list.ID{l.ID}})
	bob := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Bob"), Email: new("bob@example.com")}, Lists: []list.ID{l.ID}})
	_, err = svc.UnsubscribeFromList(ctx, acc3Owner, l.ID, bob.ID, "not for me")
	require.NoError(t, err)
	status := func(id contact.ID) list.Status {
		var st list.Status
		for m, err := range svc.Memberships(ctx, acc3Owner, contactkit.MembershipQuery{Contact: id}) {
			require.NoError(t, err)
			st = m.Status
		}
		return st
	}
	m1 := acc3Merge(t, svc, sam.ID, ada.ID)
	m2 := acc3Merge(t, svc, sam.ID, bob.ID)
	require.Equal(t, list.StatusUnsubscribed, status(sam.ID))

	_, err = svc.UnmergeContacts(ctx, acc3Owner, m1.ID)
	if err != nil {
		require.ErrorIs(t, err, contactkit.ErrConflict)
		_, err = svc.UnmergeContacts(ctx, acc3Owner, m2.ID)
		require.NoError(t, err)
		_, err = svc.UnmergeContacts(ctx, acc3Owner, m1.ID)
		require.NoError(t, err)
	} else {
		require.Equal(t, list.StatusUnsubscribed, status(sam.ID), "Bob's unsubscribe, merged into Sam, is lost while his merge stands")
		_, err = svc.UnmergeContacts(ctx, acc3Owner, m2.ID)
		require.NoError(t, err)
	}
	require.Equal(t, list.StatusSubscribed, status(ada.ID), "Ada comes back with Bob's unsubscribe (L1: nobody unsubscribed her)")
	require.Equal(t, list.StatusUnsubscribed, status(bob.ID))
	require.Equal(t, list.Status(""), status(sam.ID))
}

// D3: erasing a contact erases the contacts merged into it, and the
// records of the merges that took them away, undone ones included (they
// hold snapshots of them). Xavi, once merged into Pia and unmerged, then
// merged into Quinn and purged from the trash, waits in Quinn (the record
// of his merge into Quinn brings him back). Erasing Quinn must remove
// the record of the undone merge into Pia too: it holds Xavi's snapshot.
func TestAcceptance13ModelEraseRemovesTheUndoneMergesOfAPurgedMergedAway(t *testing.T) {
	ctx := context.Background()
	svc, clk := acc3Service(t, nil)
	xavi := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Xavi"), Email: new("xavi.private@example.com")}})
	pia := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Pia"), Email: new("pia@example.com")}})
	quinn := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Quinn"), Email: new("quinn@example.com")}})
	m0 := acc3Merge(t, svc, pia.ID, xavi.ID)
	_, err := svc.UnmergeContacts(ctx, acc3Owner, m0.ID)
	require.NoError(t, err)
	m1 := acc3Merge(t, svc, quinn.ID, xavi.ID)
	clk.now = clk.now.Add(61 * 24 * time.Hour)
	n, err := svc.PurgeTrash(ctx, acc3Owner)
	require.NoError(t, err)
	require.Equal(t, 1, n, "Xavi, merged away")

	require.NoError(t, svc.EraseContact(ctx, acc3Owner, quinn.ID))
	for _, id := range []merge.ID{m0.ID, m1.ID} {
		_, err := svc.GetMerge(ctx, acc3Owner, id)
		require.ErrorIs(t, err, contactkit.ErrNotFound, "merge %s still holds the snapshot of Xavi, erased with Quinn", id)
	}
	for r, err := range svc.MergeHistory(ctx, acc3Owner, pia.ID) {
		require.NoError(t, err)
		t.Errorf("Pia's merge history holds %s, with Xavi's snapshot", r.ID)
	}
}
