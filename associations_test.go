package contactkit_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/association"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// newLinkHarness is a harness whose workspace registers companies (with
// fixed labels), deals (free labels) and tickets (no labels).
func newLinkHarness(t *testing.T) *harness {
	t.Helper()
	return newHarnessWith(t, storetest.Retrying(memstore.New()), func(o *contactkit.Options) {
		o.AssociationTypes = []association.Type{
			{Name: "company", Labels: []string{"Decision maker", "Billing"}},
			{Name: "deal", Labels: []string{"Champion"}, FreeLabels: true},
			{Name: "ticket"},
		}
	})
}

// pair creates two contacts, Ann and Bob, by the owner.
func (h *harness) pair(t *testing.T) (ann, bob contact.Contact) {
	t.Helper()
	return h.create(t, owner, contact.Patch{Email: new("ann@example.com")}),
		h.create(t, owner, contact.Patch{Email: new("bob@example.com")})
}

func (h *harness) associate(t *testing.T, c contact.ID, typ, rec, label string) association.Association {
	t.Helper()
	l, err := h.svc.Associate(t.Context(), owner, c, contactkit.AssociationInput{Type: typ, Record: rec, Label: label})
	require.NoError(t, err, "Associate %s %s", typ, rec)
	return l
}

// links returns the associations of c, or the error of the listing.
func (h *harness) links(t *testing.T, c contact.ID) ([]association.Association, error) {
	t.Helper()
	var out []association.Association
	for l, err := range h.svc.Associations(t.Context(), owner, c, contactkit.AssociationQuery{}) {
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// associated returns the contacts associated with the record, in order.
func (h *harness) associated(t *testing.T, a contactkit.Actor, typ, rec string) []contact.ID {
	t.Helper()
	var out []contact.ID
	for l, err := range h.svc.Associated(t.Context(), a, typ, rec) {
		require.NoError(t, err, "Associated %s %s", typ, rec)
		out = append(out, l.Contact)
	}
	return out
}

func TestAssociateChecksTypeRecordAndLabel(t *testing.T) {
	h := newLinkHarness(t)
	c := h.create(t, owner, contact.Patch{Email: new("ann@example.com")})
	for _, tc := range []struct {
		name, typ, rec, label string
		want                  error // nil: accepted
		wantLabel             string
	}{
		{"fixed label, other case", "company", "acme", "decision MAKER", nil, "Decision maker"},
		{"no label", "ticket", "T-1", "  ", nil, ""},
		{"free label, cleaned", "deal", "d-1", "  Big\u200b  deal ", nil, "Big deal"},
		{"registered label of a free type", "deal", "d-2", "champion", nil, "Champion"},
		{"label not allowed", "company", "acme", "Friend", association.ErrLabelNotAllowed, ""},
		{"label on a type without labels", "ticket", "T-1", "urgent", association.ErrLabelNotAllowed, ""},
		{"unknown type", "invoice", "i-1", "", association.ErrUnknownType, ""},
		{"malformed type", "Company", "acme", "", association.ErrInvalid, ""},
		{"empty record", "company", "", "", association.ErrInvalid, ""},
		{"control character in record", "company", "a\x00b", "", association.ErrInvalid, ""},
		{"label too long", "deal", "d-3", strings.Repeat("é", association.MaxLabel+1), association.ErrInvalid, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := h.svc.Associate(t.Context(), owner, c.ID, contactkit.AssociationInput{Type: tc.typ, Record: tc.rec, Label: tc.label})
			if tc.want == nil {
				require.NoError(t, err)
				assert.Equal(t, tc.wantLabel, got.Label)
				return
			}
			require.ErrorIs(t, err, tc.want)
			assert.ErrorIs(t, err, contactkit.ErrInvalidInput)
			_, ok := errors.AsType[*association.Error](err)
			assert.True(t, ok, "the details come as an *association.Error: %v", err)
		})
	}
}

func TestAssociationsFromBothSides(t *testing.T) {
	h := newLinkHarness(t)
	ctx := t.Context()
	ann, bob := h.pair(t)
	h.associate(t, ann.ID, "company", "acme", "Billing")
	h.associate(t, ann.ID, "deal", "d-1", "")
	h.associate(t, bob.ID, "company", "acme", "")
	h.takeEvents()

	links, err := h.links(t, ann.ID)
	require.NoError(t, err)
	require.Len(t, links, 2)
	assert.Equal(t, association.Target{Type: "company", ID: "acme"}, links[0].Target, "in order of target")
	assert.Equal(t, "Billing", links[0].Label)
	assert.Equal(t, owner.User, links[0].CreatedBy)
	assert.ElementsMatch(t, []contact.ID{ann.ID, bob.ID}, h.associated(t, owner, "company", "acme"))
	assert.Equal(t, []contact.ID{ann.ID}, h.associated(t, agent, "deal", "d-1"))

	page, err := h.svc.ListAssociations(ctx, owner, ann.ID, contactkit.AssociationQuery{Type: "deal"}, store.PageRequest{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1, "the query selects a type")

	// Associating again changes the label, or nothing.
	again := h.associate(t, ann.ID, "company", "acme", "Billing")
	assert.Equal(t, links[0], again, "same label: nothing written")
	assert.Empty(t, h.takeEvents(), "same label: no event")
	h.now = h.now.Add(time.Minute)
	relabelled := h.associate(t, ann.ID, "company", "acme", "Decision maker")
	assert.Equal(t, h.now, relabelled.UpdatedAt)
	events := h.takeEvents()
	require.Len(t, events, 1)
	ev := events[0].(contactkit.ContactAssociated)
	assert.False(t, ev.New)
	assert.Equal(t, "Billing", ev.Previous)

	removed, err := h.svc.Dissociate(ctx, owner, bob.ID, "company", "acme")
	require.NoError(t, err)
	assert.True(t, removed)
	removed, err = h.svc.Dissociate(ctx, owner, bob.ID, "company", "acme")
	require.NoError(t, err)
	assert.False(t, removed, "dissociating twice changes nothing")
	assert.Equal(t, []contact.ID{ann.ID}, h.associated(t, owner, "company", "acme"))
	assert.IsType(t, contactkit.ContactDissociated{}, h.takeEvents()[0])

	// Another workspace sees none of it: the contact is not found, the
	// record has no contacts.
	_, err = h.svc.Associate(ctx, other, ann.ID, contactkit.AssociationInput{Type: "company", Record: "acme"})
	assert.ErrorIs(t, err, contactkit.ErrNotFound)
	_, err = h.svc.ListAssociations(ctx, other, ann.ID, contactkit.AssociationQuery{}, store.PageRequest{})
	assert.ErrorIs(t, err, contactkit.ErrNotFound)
	assert.Empty(t, h.associated(t, other, "company", "acme"))
}

func TestAssociationsFollowTheContactToTheTrashAndBack(t *testing.T) {
	h := newLinkHarness(t)
	ctx := t.Context()
	ann, bob := h.pair(t)
	h.associate(t, ann.ID, "company", "acme", "Billing")
	h.associate(t, ann.ID, "ticket", "T-9", "")
	h.associate(t, bob.ID, "company", "acme", "")
	_, err := h.svc.Follow(ctx, agent, ann.ID)
	require.NoError(t, err)
	before, err := h.links(t, ann.ID)
	require.NoError(t, err)

	_, err = h.svc.DeleteContact(ctx, owner, ann.ID)
	require.NoError(t, err)
	_, err = h.links(t, ann.ID)
	assert.ErrorIs(t, err, contactkit.ErrTrashed, "a contact's associations are in the trash with it")
	assert.Equal(t, []contact.ID{bob.ID}, h.associated(t, owner, "company", "acme"), "a contact in the trash is not listed from the record's side")
	assert.Empty(t, h.associated(t, owner, "ticket", "T-9"))
	_, err = h.svc.ListFollowers(ctx, owner, ann.ID, store.PageRequest{})
	assert.ErrorIs(t, err, contactkit.ErrTrashed)

	_, err = h.svc.RestoreContact(ctx, owner, ann.ID)
	require.NoError(t, err)
	after, err := h.links(t, ann.ID)
	require.NoError(t, err)
	assert.Equal(t, before, after, "restore brings the associations back exactly")
	assert.ElementsMatch(t, []contact.ID{ann.ID, bob.ID}, h.associated(t, owner, "company", "acme"))
	assert.Equal(t, []contact.UserID{agent.User}, h.followers(t, ann.ID))

	require.NoError(t, h.svc.EraseContact(ctx, owner, ann.ID))
	assert.Equal(t, []contact.ID{bob.ID}, h.associated(t, owner, "company", "acme"))
	assert.Empty(t, h.associated(t, owner, "ticket", "T-9"), "erase removes the associations")
	// A contact created again with the erased one's ID would start with
	// none: nothing of the erased one is left under its ID.
	assert.Zero(t, storedLinks(t, h, ann.ID), "no association or follow of the erased contact is left in the store")
}

// storedLinks counts the associations and follows the store holds for c.
func storedLinks(t *testing.T, h *harness, c contact.ID) int {
	t.Helper()
	ctx, n := t.Context(), 0
	require.NoError(t, h.store.View(ctx, func(tx store.Tx) error {
		n = 0
		links, err := store.Associations(tx.Records()).List(ctx, owner.Workspace, store.Query{Contact: c}, store.PageRequest{})
		if err != nil {
			return err
		}
		follows, err := store.Follows(tx.Records()).List(ctx, owner.Workspace, store.Query{Contact: c}, store.PageRequest{})
		n = len(links.Items) + len(follows.Items)
		return err
	}))
	return n
}

func (h *harness) followers(t *testing.T, c contact.ID) []contact.UserID {
	t.Helper()
	var out []contact.UserID
	for f, err := range h.svc.Followers(t.Context(), owner, c) {
		require.NoError(t, err)
		out = append(out, f.User)
	}
	return out
}

func TestAssociationsAndFollowersMoveWithMergeAndBack(t *testing.T) {
	h := newLinkHarness(t)
	ctx := t.Context()
	ann, bob := h.pair(t)
	h.associate(t, ann.ID, "company", "acme", "Billing")
	h.associate(t, bob.ID, "company", "acme", "Decision maker") // the survivor's stays
	h.associate(t, bob.ID, "deal", "d-1", "Champion")           // moves
	for _, a := range []contactkit.Actor{agent, owner} {
		_, err := h.svc.Follow(ctx, a, bob.ID)
		require.NoError(t, err)
	}
	_, err := h.svc.Follow(ctx, agent, ann.ID)
	require.NoError(t, err)
	annBefore, err := h.links(t, ann.ID)
	require.NoError(t, err)
	bobBefore, err := h.links(t, bob.ID)
	require.NoError(t, err)
	annFollowers, bobFollowers := h.followers(t, ann.ID), h.followers(t, bob.ID)

	p, err := h.svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: ann.ID, Others: []contact.ID{bob.ID}})
	require.NoError(t, err)
	assert.Equal(t, 2, p.Moves["association"])
	assert.Equal(t, 2, p.Moves["follow"])
	rec, err := h.svc.MergeContacts(ctx, owner, p)
	require.NoError(t, err)

	merged, err := h.links(t, ann.ID)
	require.NoError(t, err)
	require.Len(t, merged, 2)
	assert.Equal(t, "Billing", merged[0].Label, "the survivor keeps its own association with a record")
	assert.Equal(t, association.Target{Type: "deal", ID: "d-1"}, merged[1].Target)
	assert.Equal(t, []contact.ID{ann.ID}, h.associated(t, owner, "company", "acme"))
	assert.Equal(t, []contact.ID{ann.ID}, h.associated(t, owner, "deal", "d-1"))
	assert.ElementsMatch(t, []contact.UserID{agent.User, owner.User}, h.followers(t, ann.ID))
	var moved []string
	for _, m := range rec.Moves {
		if m.Kind == "association" || m.Kind == "follow" {
			assert.Equal(t, bob.ID, m.From, "the merge record says where each moved record came from")
			moved = append(moved, m.Kind)
		}
	}
	assert.Len(t, moved, 4)

	_, err = h.svc.UnmergeContacts(ctx, owner, rec.ID)
	require.NoError(t, err)
	annAfter, err := h.links(t, ann.ID)
	require.NoError(t, err)
	bobAfter, err := h.links(t, bob.ID)
	require.NoError(t, err)
	assert.Equal(t, annBefore, annAfter, "unmerge gives the survivor back its own associations")
	assert.Equal(t, bobBefore, bobAfter, "unmerge gives the other back its associations exactly")
	assert.Equal(t, annFollowers, h.followers(t, ann.ID))
	assert.Equal(t, bobFollowers, h.followers(t, bob.ID))
}

func TestFollowersAreNamedInEvents(t *testing.T) {
	h := newLinkHarness(t)
	ctx := t.Context()
	ann, bob := h.pair(t)
	h.takeEvents()
	f1, err := h.svc.Follow(ctx, agent, ann.ID)
	require.NoError(t, err)
	f2, err := h.svc.Follow(ctx, agent, ann.ID)
	require.NoError(t, err)
	assert.Equal(t, f1, f2, "following twice changes nothing")
	_, err = h.svc.Follow(ctx, owner, ann.ID)
	require.NoError(t, err)
	events := h.takeEvents()
	require.Len(t, events, 2, "one ContactFollowed per new follower")
	assert.Equal(t, []contact.UserID{agent.User}, events[0].Meta().Followers, "the new follower hears of its own follow")

	_, err = h.svc.UpdateContact(ctx, owner, ann.ID, contact.Patch{City: new("Lyon")})
	require.NoError(t, err)
	_, err = h.svc.UpdateContact(ctx, owner, bob.ID, contact.Patch{City: new("Lyon")})
	require.NoError(t, err)
	events = h.takeEvents()
	require.Len(t, events, 2)
	assert.Equal(t, []contact.UserID{agent.User, owner.User}, events[0].Meta().Followers, "in order of user ID")
	assert.Empty(t, events[1].Meta().Followers, "bob has no follower")

	// Each event holds its own copy.
	events[0].Meta().Followers[0] = "scribbled"
	_, err = h.svc.TagContact(ctx, owner, ann.ID, "vip")
	require.NoError(t, err)
	assert.Equal(t, []contact.UserID{agent.User, owner.User}, h.takeEvents()[0].Meta().Followers)

	removed, err := h.svc.Unfollow(ctx, owner, ann.ID)
	require.NoError(t, err)
	assert.True(t, removed)
	removed, err = h.svc.Unfollow(ctx, owner, ann.ID)
	require.NoError(t, err)
	assert.False(t, removed, "unfollowing twice changes nothing")
	ev := h.takeEvents()
	require.Len(t, ev, 1)
	assert.Equal(t, []contact.UserID{agent.User}, ev[0].Meta().Followers, "the one who left is no longer named")

	// An erased contact's last event names who followed it.
	require.NoError(t, h.svc.EraseContact(ctx, owner, ann.ID))
	ev = h.takeEvents()
	require.Len(t, ev, 1)
	assert.IsType(t, contactkit.ContactPurged{}, ev[0])
	assert.Equal(t, []contact.UserID{agent.User}, ev[0].Meta().Followers)
}
