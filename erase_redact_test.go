package contactkit_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
)

// D3 over H2: an erasure removes the person's data from what an undone
// merge left in the survivor's records. Bob was merged into Ada and the
// merge undone; while Ada held his address, she was added to a list his
// unsubscribe kept her from. Erasing Bob leaves his address, his name and
// his custom value nowhere in Ada's history or memberships; what was Ada's
// own stays, and so do the entries of the fields Bob never gave her.
//
// A purge from the trash removes him as an erasure does (D3): the undone
// merge's record, which held his snapshot, and what Ada's records of that
// time name of him. (The record of a merge that stands stays: it can be
// undone after the purge.)
func TestEraseRedactsAnUndoneMergeFromTheSurvivor(t *testing.T) {
	t.Run("erase", func(t *testing.T) {
		testRemovalRedactsAnUndoneMerge(t, func(svc *contactkit.Service, _ *acc3Clock, id contact.ID) {
			require.NoError(t, svc.EraseContact(context.Background(), acc3Owner, id))
		})
	})
	t.Run("purge", func(t *testing.T) {
		testRemovalRedactsAnUndoneMerge(t, func(svc *contactkit.Service, clk *acc3Clock, id contact.ID) {
			ctx := context.Background()
			_, err := svc.DeleteContact(ctx, acc3Owner, id)
			require.NoError(t, err)
			clk.mu.Lock()
			clk.now = clk.now.Add(61 * 24 * time.Hour) // past the default window
			clk.mu.Unlock()
			n, err := svc.PurgeTrash(ctx, acc3Owner)
			require.NoError(t, err)
			require.Equal(t, 1, n)
		})
	})
}

func testRemovalRedactsAnUndoneMerge(t *testing.T, remove func(*contactkit.Service, *acc3Clock, contact.ID)) {
	ctx := context.Background()
	svc, clk := acc3Service(t, nil)
	_, err := svc.CreateField(ctx, acc3Owner, field.Definition{Key: field.MustParseKey("badge"), Label: "Badge", Type: field.TypeText})
	require.NoError(t, err)
	ada := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com"), City: new("Lyon")}})
	bob := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{
		FirstName: new("Bob"), LastName: new("Privé"), Email: new("bob.private@example.com"), Phone: new("+33 6 12 34 56 78"),
		City: new("Nantes"), Fields: map[string]string{"badge": "B-7731"},
	}})
	_, err = svc.UnsubscribeAddress(ctx, acc3Owner, list.ChannelEmail, "bob.private@example.com", "asked by phone")
	require.NoError(t, err)
	rec := acc3Merge(t, svc, ada.ID, bob.ID)
	news, err := svc.CreateList(ctx, acc3Owner, list.List{Name: "News"})
	require.NoError(t, err)
	m, err := svc.AddToList(ctx, acc3Owner, news.ID, ada.ID)
	require.NoError(t, err)
	require.Contains(t, m.Changed.Reason, "bob.private@example.com", "the test needs a reason that names Bob's address")
	// An unsubscribe of Bob's phone while Ada holds it is in her history.
	_, err = svc.UnsubscribeAddress(ctx, acc3Owner, list.ChannelSMS, "+33612345678", "STOP")
	require.NoError(t, err)
	// Ada's own change while she held Bob's values stays hers.
	_, err = svc.UpdateContact(ctx, acc3Owner, ada.ID, contact.Patch{JobTitle: new("CTO")})
	require.NoError(t, err)
	_, err = svc.UnmergeContacts(ctx, acc3Owner, rec.ID)
	require.NoError(t, err)

	before := wholeHistory(t, svc, ada.ID)
	remove(svc, clk, bob.ID)
	_, err = svc.GetMerge(ctx, acc3Owner, rec.ID)
	require.ErrorIs(t, err, contactkit.ErrNotFound, "the undone merge's record held Bob's snapshot")

	after := wholeHistory(t, svc, ada.ID)
	require.Len(t, after, len(before), "an erasure rewrites entries; it neither drops nor adds any")
	secrets := []string{"bob.private@example.com", "+33612345678", "Bob", "Privé", "B-7731", "Nantes"}
	redacted := 0
	for i, h := range after {
		for _, s := range secrets {
			require.NotContains(t, h.Old+" "+h.New+" "+h.Reason+" "+h.Address, s, "Ada's history keeps a value of the erased Bob: %+v", h)
		}
		b := before[i]
		require.Equal(t, []any{b.Field, b.At, b.Actor, b.Source}, []any{h.Field, h.At, h.Actor, h.Source}, "entry %d", i)
		if b != h {
			redacted++
			require.True(t, strings.Contains(h.Old+h.New+h.Reason+h.Address, contact.Erased), "a value of Bob's is replaced by contact.Erased: %+v", h)
		}
	}
	require.Positive(t, redacted)
	// Ada's own values, and her own change, are left as they were.
	var own []string
	for _, h := range after {
		own = append(own, h.Field+"="+h.New)
	}
	require.Contains(t, own, "first_name=Ada")
	require.Contains(t, own, "email=ada@example.com")
	require.Contains(t, own, "city=Lyon")
	require.Contains(t, own, "job_title=CTO")
	require.True(t, slices.ContainsFunc(after, func(h contact.Change) bool {
		return h.Field == contact.ConsentFieldPrefix+string(list.ChannelSMS) && h.Address == contact.Erased
	}), "the consent change of Bob's phone names it no more")

	for m, err := range svc.Memberships(ctx, acc3Owner, contactkit.MembershipQuery{Contact: ada.ID}) {
		require.NoError(t, err)
		require.NotContains(t, m.Changed.Reason, "bob.private@example.com", "Ada's membership names the erased Bob's address")
		require.Contains(t, m.Changed.Reason, contact.Erased)
	}
	// The ledger keeps the unsubscribe (D3: suppression).
	require.Equal(t, list.ConsentUnsubscribed, acc3Consent(t, svc, list.ChannelEmail, "bob.private@example.com"))
}

// An erasure leaves the survivor of a merge that still stands as it is:
// the erased contact's values are the survivor's own now.
func TestEraseOfAContactMergedAwayKeepsTheSurvivorsHistory(t *testing.T) {
	ctx := context.Background()
	svc, _ := acc3Service(t, nil)
	ada := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")}})
	bob := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Bob"), Email: new("bob@example.com")}})
	acc3Merge(t, svc, ada.ID, bob.ID)
	before := wholeHistory(t, svc, ada.ID)
	require.NoError(t, svc.EraseContact(ctx, acc3Owner, bob.ID))
	after := wholeHistory(t, svc, ada.ID)
	require.Equal(t, before, after)
	require.Equal(t, "bob@example.com", acc3Get(t, svc, ada.ID).OtherEmails[0].Email.String())
}

// wholeHistory returns the property history of contact id, every field.
func wholeHistory(t *testing.T, svc *contactkit.Service, id contact.ID) []contact.Change {
	t.Helper()
	var out []contact.Change
	for h, err := range svc.History(t.Context(), acc3Owner, id, "") {
		require.NoError(t, err)
		out = append(out, h)
	}
	return out
}

// D3: a purge of the trash forgets the ledger's opt-in of the contact's
// address as an erasure does, and keeps its unsubscribes.
func TestPurgeForgetsTheLedgersOptIns(t *testing.T) {
	ctx := context.Background()
	svc, clk := acc3Service(t, &contactkit.Options{Consent: list.Policy{DefaultConsent: list.ConsentUnsubscribed}})
	res, err := svc.CaptureContact(ctx, acc3Owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("gone@example.com"), Phone: new("0612345678")},
		Consent: map[list.Channel]list.ConsentStatus{list.ChannelEmail: list.ConsentSubscribed}})
	require.NoError(t, err)
	_, err = svc.UnsubscribeAddress(ctx, acc3Owner, list.ChannelSMS, "0612345678", "STOP")
	require.NoError(t, err)
	_, err = svc.DeleteContact(ctx, acc3Owner, res.Contact.ID)
	require.NoError(t, err)
	clk.now = clk.now.Add(61 * 24 * time.Hour)
	n, err := svc.PurgeTrash(ctx, acc3Owner)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	var left []string
	for e, err := range svc.ConsentLedger(ctx, acc3Owner, "") {
		require.NoError(t, err)
		left = append(left, e.Address.String()+" "+string(e.Status))
	}
	require.Equal(t, []string{"sms:+33612345678 unsubscribed"}, left)
}

// D3 over M3: the record of a later merge into the survivor, undone
// before the erased contact's own (in order), held the survivor as his
// merge had left it. An erasure redacts from it what his merge gave her
// (a company, an address) and leaves what was hers, though equal to his
// (a city).
func TestEraseRedactsAnUndoneLaterMergesRecord(t *testing.T) {
	ctx := context.Background()
	svc, _ := acc3Service(t, nil)
	ada := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com"), City: new("Lyon")}})
	bob := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Bob"), Email: new("bob.private@example.com"), City: new("Lyon"), Company: new("Privé SA")}})
	cid := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Cid"), Email: new("cid@example.com")}})
	first := acc3Merge(t, svc, ada.ID, bob.ID)
	second := acc3Merge(t, svc, ada.ID, cid.ID)
	for _, id := range []merge.ID{second.ID, first.ID} {
		_, err := svc.UnmergeContacts(ctx, acc3Owner, id)
		require.NoError(t, err)
	}
	require.NoError(t, svc.EraseContact(ctx, acc3Owner, bob.ID))

	rec, err := svc.GetMerge(ctx, acc3Owner, second.ID)
	require.NoError(t, err)
	was, ok := rec.Input(ada.ID)
	require.True(t, ok)
	for _, c := range []contact.Contact{was, rec.Survivor} {
		require.Equal(t, contact.Erased, c.Company, "Bob's merge gave Ada his company")
		require.Equal(t, "Lyon", c.City, "Ada's own city, though Bob's too")
		require.NotContains(t, c.Emails(), contact.MustParseEmail("bob.private@example.com"))
		require.Contains(t, c.Emails(), contact.MustParseEmail("ada@example.com"))
	}
	got, ok := rec.Input(cid.ID)
	require.True(t, ok)
	require.Equal(t, "Cid", got.FirstName, "Cid's snapshot is his")
}
