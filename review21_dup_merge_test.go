package contactkit_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/association"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// TestRv21dupMergeOfFourAroundTheContact: a merge of a primary with three
// others that the suggestions grouped (M1) unites what surrounds them
// (M2): list memberships, one per list, with the most restrictive status
// of the inputs' (unsubscribed over unconfirmed over subscribed), the
// ledger's unsubscribe of a merged address kept, every note moved, of two
// active enrollments in one automation one left active, one association
// per host record, tags united within the per-contact cap (the rest
// unplaced), and no suggestion left once the contacts are one.
func TestRv21dupMergeOfFourAroundTheContact(t *testing.T) {
	ctx := t.Context()
	h := newHarnessWith(t, storetest.Retrying(memstore.New()), func(o *contactkit.Options) {
		o.AssociationTypes = []association.Type{{Name: "deal", FreeLabels: true}}
		o.Limits.Tags.PerContact = 4
	})
	single, err := h.svc.CreateList(ctx, owner, list.List{Name: "News"})
	require.NoError(t, err)
	double, err := h.svc.CreateList(ctx, owner, list.List{Name: "Offers", DoubleOptIn: true})
	require.NoError(t, err)
	au := h.automation(t, automation.Automation{Name: "Welcome", Steps: steps(2), Active: true})

	p := h.create(t, owner, contact.Patch{Email: new("ann@gmail.com"), FirstName: new("Ann")}, "a, b")
	o1 := h.create(t, owner, contact.Patch{Email: new("a.nn@gmail.com"), LastName: new("Lee")}, "B, c")
	o2 := h.create(t, owner, contact.Patch{Email: new("ann+shop@gmail.com"), OtherEmails: &[]contact.LabeledInput{{Value: "ann@work.com", Label: "work"}}}, "d, e")
	o3 := h.create(t, owner, contact.Patch{Email: new("ann+news@work.com"), Phone: new("06 12 34 56 78")}, "f")
	ids := []contact.ID{p.ID, o1.ID, o2.ID, o3.ID}

	groups, err := h.svc.FindDuplicates(ctx, owner, nil)
	require.NoError(t, err)
	require.Len(t, groups.Groups, 1, "the four share ann@gmail.com and ann@work.com transitively")
	assert.ElementsMatch(t, ids, groups.Groups[0].Contacts)

	// News: the primary subscribed, o1 unsubscribed. Offers: o1
	// confirmed, o2 unconfirmed, o3 unsubscribed.
	for _, id := range []contact.ID{p.ID, o1.ID} {
		_, err := h.svc.AddToList(ctx, owner, single.ID, id)
		require.NoError(t, err)
	}
	_, err = h.svc.UnsubscribeFromList(ctx, owner, single.ID, o1.ID, "too many")
	require.NoError(t, err)
	for _, id := range []contact.ID{o1.ID, o2.ID, o3.ID} {
		_, err := h.svc.AddToList(ctx, owner, double.ID, id)
		require.NoError(t, err)
	}
	_, err = h.svc.ConfirmSubscription(ctx, owner, double.ID, o1.ID)
	require.NoError(t, err)
	_, err = h.svc.UnsubscribeFromList(ctx, owner, double.ID, o3.ID, "no")
	require.NoError(t, err)
	// The ledger: o2's addresses unsubscribed.
	_, err = h.svc.Unsubscribe(ctx, owner, o2.ID, list.ChannelEmail, "stop")
	require.NoError(t, err)
	_, err = h.svc.UnsubscribeAddress(ctx, owner, list.ChannelEmail, "ann@work.com", "stop")
	require.NoError(t, err)
	for i, id := range ids {
		h.now = h.now.Add(time.Minute)
		_, err := h.svc.AddNote(ctx, owner, id, contactkit.NoteInput{Body: "note " + string(rune('0'+i))})
		require.NoError(t, err)
	}
	for _, id := range []contact.ID{o1.ID, o2.ID} {
		_, err := h.svc.Enroll(ctx, owner, au.ID, id, "")
		require.NoError(t, err)
	}
	for _, in := range []struct {
		id    contact.ID
		label string
	}{{p.ID, ""}, {o1.ID, "buyer"}, {o3.ID, "payer"}} {
		_, err := h.svc.Associate(ctx, owner, in.id, contactkit.AssociationInput{Type: "deal", Record: "d1", Label: in.label})
		require.NoError(t, err)
	}

	m := &merger{harness: h, deals: &deals{byOwner: map[contact.ID][]deal{}}}
	rec := m.merge(t, owner, p.ID, o1.ID, o2.ID, o3.ID)

	got, err := h.svc.GetContact(ctx, owner, p.ID)
	require.NoError(t, err)
	var emails []string
	for _, e := range got.Emails() {
		emails = append(emails, e.String())
	}
	assert.ElementsMatch(t, []string{"ann@gmail.com", "a.nn@gmail.com", "ann+shop@gmail.com", "ann@work.com", "ann+news@work.com"}, emails, "every address of the inputs (M2)")
	assert.Equal(t, "+33612345678", got.Phone.String())
	assert.Equal(t, "Ann", got.FirstName)
	assert.Equal(t, "Lee", got.LastName, "a blank of the primary filled from an other")
	var tags []string
	for _, n := range got.Tags {
		tags = append(tags, n.String())
	}
	assert.Equal(t, []string{"a", "b", "c", "d"}, tags, "tags united within the cap of 4, the primary's spelling kept")
	var unplaced []string
	for _, u := range rec.Unplaced {
		unplaced = append(unplaced, u.Value)
	}
	assert.Equal(t, []string{"e", "f"}, unplaced, "the tags past the cap are unplaced")

	ms := collect(t, h.svc.Memberships(ctx, owner, contactkit.MembershipQuery{Contact: p.ID}))
	status := map[list.ID]list.Status{}
	for _, m := range ms {
		_, dup := status[m.List]
		assert.False(t, dup, "two memberships of list %s", m.List)
		status[m.List] = m.Status
	}
	assert.Equal(t, map[list.ID]list.Status{single.ID: list.StatusUnsubscribed, double.ID: list.StatusUnsubscribed}, status)
	for _, id := range ids[1:] {
		assert.Empty(t, collect(t, h.svc.Memberships(ctx, owner, contactkit.MembershipQuery{Contact: id})), "a merged-away contact keeps no membership")
	}

	for _, addr := range []string{"ann+shop@gmail.com", "ann@work.com"} {
		c, err := h.svc.AddressConsent(ctx, owner, list.ChannelEmail, addr)
		require.NoError(t, err)
		assert.Equal(t, list.ConsentUnsubscribed, c.Status, "%s: the ledger keeps its unsubscribe (L3)", addr)
	}

	notes := collect(t, h.svc.Timeline(ctx, owner, p.ID, contactkit.TimelineQuery{}))
	assert.Len(t, notes, 4, "every note moved to the survivor")

	ens := h.enrollments(t, contactkit.EnrollmentQuery{Contact: p.ID})
	require.Len(t, ens, 2)
	active := slices.IndexFunc(ens, func(e automation.Enrollment) bool { return e.Active() })
	assert.Equal(t, 1, len(slices.DeleteFunc(slices.Clone(ens), func(e automation.Enrollment) bool { return !e.Active() })), "one enrollment of the automation stays active")
	assert.GreaterOrEqual(t, active, 0)

	links := collect(t, h.svc.Associations(ctx, owner, p.ID, contactkit.AssociationQuery{}))
	require.Len(t, links, 1, "one association per host record")
	assert.Equal(t, "", links[0].Label, "the survivor keeps its own association")

	after, err := h.svc.FindDuplicates(ctx, owner, nil)
	require.NoError(t, err)
	assert.Empty(t, after.Groups, "the contacts are one")
	for _, id := range ids[1:] {
		to, err := h.svc.ResolveContact(ctx, owner, id)
		require.NoError(t, err)
		assert.Equal(t, p.ID, to)
	}
}
