package contactkit_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// ids returns the IDs of the contacts q selects, in listing order.
func (h *harness) ids(t *testing.T, q contactkit.ContactQuery) []contact.ID {
	t.Helper()
	var out []contact.ID
	for c, err := range h.svc.Contacts(t.Context(), owner, q) {
		require.NoError(t, err)
		out = append(out, c.ID)
	}
	return out
}

// seed stores n plain contacts of owner's workspace straight through the
// store, in one transaction, far faster than n calls of the Service, and
// returns their IDs in listing order.
func (h *harness) seed(t *testing.T, n int) []contact.ID {
	t.Helper()
	ids := make([]contact.ID, n)
	for i := range ids {
		ids[i] = contact.ID(uuid.Must(uuid.NewV7()))
	}
	err := h.store.Update(t.Context(), func(tx store.Tx) error {
		for i, id := range ids {
			c := contact.Contact{
				ID: id, Workspace: owner.Workspace, Status: contact.StatusActive, Source: contact.SourceAPI,
				FirstName: fmt.Sprint("Person ", i), CreatedAt: h.now, UpdatedAt: h.now,
			}
			if err := tx.Contacts().Create(t.Context(), &c); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(t, err, "seed")
	slices.SortFunc(ids, func(a, b contact.ID) int { return slices.Compare(a[:], b[:]) })
	return ids
}

// eventsByContact returns the type names of events, per contact they are about.
func eventsByContact(events []contactkit.Event) map[contact.ID][]string {
	out := make(map[contact.ID][]string)
	for _, e := range events {
		id := e.Meta().Contact
		out[id] = append(out[id], fmt.Sprintf("%T", e))
	}
	return out
}

func TestBulkTagStoppedMidwayLeavesWholeBatches(t *testing.T) {
	h := newHarness(t)
	ids := h.seed(t, 10_000)
	h.takeEvents()

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var progress []contactkit.BulkProgress
	res, err := h.svc.TagContacts(ctx, owner, contactkit.Bulk{
		Expected: 10_000, BatchSize: 100,
		Progress: func(p contactkit.BulkProgress) {
			progress = append(progress, p)
			if p.Batch == 37 {
				cancel()
			}
		},
	}, "wave")
	require.ErrorIs(t, err, context.Canceled)

	assert.Equal(t, 100, res.Batches)
	assert.Equal(t, 37, res.Committed, "the result says where the call stopped")
	assert.Equal(t, ids[:3700], res.Changed)
	assert.Equal(t, ids[3700:], res.Untouched)
	assert.Empty(t, res.Unchanged)
	assert.Empty(t, res.Failed)
	require.Len(t, progress, 37)
	assert.Equal(t, contactkit.BulkProgress{Batch: 37, Batches: 100, Changed: 3700, Total: 10_000}, progress[36])

	assert.Equal(t, ids[:3700], h.ids(t, contactkit.ContactQuery{Tag: "wave"}),
		"every contact of a committed batch is tagged, and none of the rest")
	events := eventsByContact(h.takeEvents())
	assert.Len(t, events, 3700, "one contact's events per contact tagged")
	for _, id := range ids[:3700] {
		if !assert.Equal(t, []string{"contactkit.ContactTagged"}, events[id], "events of %s", id) {
			break
		}
	}
}

// bulkFixture is a workspace set up for the bulk actions: a list, a custom
// number field "score", and a custom text field "region" that became
// required after Refused was saved without it.
type bulkFixture struct {
	h       *harness
	news    list.List
	fresh   contact.Contact // one the action changes
	done    contact.Contact // one that is as the action asks already
	trashed contact.Contact
	// refused has no region (a required field) and 100 tags, the most a
	// contact may have: it cannot be tagged or saved through a patch.
	refused contact.Contact
	foreign contact.Contact // a contact of another workspace
	unknown contact.ID
}

func newBulkFixture(t *testing.T) *bulkFixture {
	t.Helper()
	h := newHarness(t)
	f := &bulkFixture{h: h, unknown: contact.ID(uuid.Must(uuid.NewV7()))}
	f.news = h.newList(t, list.List{Name: "News"})
	_, err := h.svc.CreateField(t.Context(), owner, field.Definition{Key: field.MustParseKey("score"), Label: "Score", Type: field.TypeNumber})
	require.NoError(t, err)
	region, err := h.svc.CreateField(t.Context(), owner, field.Definition{Key: field.MustParseKey("region"), Label: "Region", Type: field.TypeText})
	require.NoError(t, err)
	with := func(name string) contact.Patch {
		return contact.Patch{FirstName: new(name), Fields: map[string]string{"region": "North"}}
	}
	f.fresh = h.create(t, owner, with("Fresh"), "vip")
	f.done = h.create(t, owner, with("Done"))
	f.trashed = h.create(t, owner, with("Trashed"), "vip")
	_, err = h.svc.DeleteContact(t.Context(), owner, f.trashed.ID)
	require.NoError(t, err)
	many := make([]string, tag.MaxPerContact)
	for i := range many {
		many[i] = fmt.Sprint("t", i)
	}
	f.refused = h.create(t, owner, contact.Patch{FirstName: new("Refused")}, many...)
	f.foreign = h.create(t, other, contact.Patch{FirstName: new("Foreign")}, "vip")
	region.Required = true
	_, err = h.svc.UpdateField(t.Context(), owner, region)
	require.NoError(t, err)
	h.takeEvents()
	return f
}

// get returns the contact id of owner's workspace as stored now.
func (f *bulkFixture) get(t *testing.T, id contact.ID) contact.Contact {
	t.Helper()
	c, err := f.h.svc.GetContact(t.Context(), owner, id)
	require.NoError(t, err)
	return c
}

// history returns the values the property history recorded for field of
// contact id, oldest first.
func (f *bulkFixture) history(t *testing.T, id contact.ID, fieldName string) []string {
	t.Helper()
	var out []string
	for ch, err := range f.h.svc.History(t.Context(), owner, id, fieldName) {
		require.NoError(t, err)
		out = append(out, ch.New)
	}
	slices.Reverse(out) // the history lists newest first
	return out
}

// bulkAction is one bulk call of the Service, for the tables below.
type bulkAction struct {
	name string
	run  func(f *bulkFixture, ctx context.Context, a contactkit.Actor, b contactkit.Bulk) (contactkit.BulkResult, error)
}

var bulkActions = []bulkAction{
	{"delete", func(f *bulkFixture, ctx context.Context, a contactkit.Actor, b contactkit.Bulk) (contactkit.BulkResult, error) {
		return f.h.svc.DeleteContacts(ctx, a, b)
	}},
	{"tag", func(f *bulkFixture, ctx context.Context, a contactkit.Actor, b contactkit.Bulk) (contactkit.BulkResult, error) {
		return f.h.svc.TagContacts(ctx, a, b, "wave")
	}},
	{"untag", func(f *bulkFixture, ctx context.Context, a contactkit.Actor, b contactkit.Bulk) (contactkit.BulkResult, error) {
		return f.h.svc.UntagContacts(ctx, a, b, "VIP")
	}},
	{"add to list", func(f *bulkFixture, ctx context.Context, a contactkit.Actor, b contactkit.Bulk) (contactkit.BulkResult, error) {
		return f.h.svc.AddContactsToList(ctx, a, b, f.news.ID)
	}},
	{"assign", func(f *bulkFixture, ctx context.Context, a contactkit.Actor, b contactkit.Bulk) (contactkit.BulkResult, error) {
		return f.h.svc.AssignContacts(ctx, a, b, "u-bob")
	}},
	{"set field", func(f *bulkFixture, ctx context.Context, a contactkit.Actor, b contactkit.Bulk) (contactkit.BulkResult, error) {
		return f.h.svc.SetContactsField(ctx, a, b, "score", " 42 ")
	}},
}

// state is what a bulk call may change in owner's workspace.
type bulkState struct {
	Contacts    []contact.Contact
	Tags        []string
	Memberships []list.Membership
}

func (f *bulkFixture) state(t *testing.T) bulkState {
	t.Helper()
	var s bulkState
	for _, trashed := range []bool{false, true} {
		for c, err := range f.h.svc.Contacts(t.Context(), owner, contactkit.ContactQuery{Trashed: trashed}) {
			require.NoError(t, err)
			s.Contacts = append(s.Contacts, c)
		}
	}
	s.Tags = workspaceTags(t, f.h, owner)
	for m, err := range f.h.svc.Memberships(t.Context(), owner, contactkit.MembershipQuery{}) {
		require.NoError(t, err)
		s.Memberships = append(s.Memberships, m)
	}
	return s
}

func TestBulkCountMismatchChangesNothing(t *testing.T) {
	for _, act := range bulkActions {
		t.Run(act.name, func(t *testing.T) {
			f := newBulkFixture(t)
			before := f.state(t)
			for _, b := range []contactkit.Bulk{
				{IDs: []contact.ID{f.fresh.ID, f.done.ID, f.fresh.ID}, Expected: 3}, // two distinct IDs
				{Query: contactkit.ContactQuery{Tag: "vip"}, Expected: 2},           // one live contact has it
				{Expected: 0},
			} {
				_, err := act.run(f, t.Context(), owner, b)
				require.ErrorIs(t, err, contactkit.ErrCountMismatch, "%+v", b)
			}
			assert.Equal(t, before, f.state(t), "a refused call changes nothing")
			assert.Empty(t, f.h.takeEvents(), "a refused call emits nothing")
		})
	}
}

func TestBulkActionsSayWhatTheyDidToEachContact(t *testing.T) {
	cases := []struct {
		action string
		// done makes f.done as the action asks already.
		done func(t *testing.T, f *bulkFixture)
		// refusedWith is the error the refused contact fails with; nil
		// when the action refuses none, and then it is not selected.
		refusedWith error
		// effect checks the fresh contact after the call, with the history
		// the call recorded for it (history names the field).
		history string
		effect  func(t *testing.T, f *bulkFixture, c contact.Contact)
		events  []string
	}{
		{
			action: "tag",
			done: func(t *testing.T, f *bulkFixture) {
				_, err := f.h.svc.TagContact(t.Context(), owner, f.done.ID, "WAVE")
				require.NoError(t, err)
			},
			refusedWith: tag.ErrTooMany,
			history:     contact.FieldTags,
			effect: func(t *testing.T, f *bulkFixture, c contact.Contact) {
				assert.Equal(t, []string{"vip", "WAVE"}, tagStrings(c.Tags), "the workspace's spelling of the tag wins")
				assert.Contains(t, workspaceTags(t, f.h, owner), "WAVE", "the workspace keeps its spelling")
			},
			events: []string{"contactkit.ContactTagged"},
		},
		{
			action:  "untag",
			done:    func(*testing.T, *bulkFixture) {}, // it has no vip tag
			history: contact.FieldTags,
			effect: func(t *testing.T, f *bulkFixture, c contact.Contact) {
				assert.Empty(t, c.Tags)
				assert.Contains(t, workspaceTags(t, f.h, owner), "vip", "untagging never deletes the tag")
			},
			events: []string{"contactkit.ContactUntagged"},
		},
		{
			action: "add to list",
			done: func(t *testing.T, f *bulkFixture) {
				_, err := f.h.svc.AddToList(t.Context(), owner, f.news.ID, f.done.ID)
				require.NoError(t, err)
			},
			history: contact.ListFieldPrefix, // followed by the list's ID
			effect: func(t *testing.T, f *bulkFixture, c contact.Contact) {
				var got []list.Status
				for m, err := range f.h.svc.Memberships(t.Context(), owner, contactkit.MembershipQuery{List: f.news.ID, Contact: c.ID}) {
					require.NoError(t, err)
					got = append(got, m.Status)
				}
				assert.Equal(t, []list.Status{list.StatusSubscribed}, got)
			},
			events: []string{"contactkit.ListStatusChanged"},
		},
		{
			action: "assign",
			done: func(t *testing.T, f *bulkFixture) {
				_, err := f.h.svc.UpdateContact(t.Context(), owner, f.done.ID, contact.Patch{Assignee: new(contact.UserID("u-bob"))})
				require.NoError(t, err)
			},
			refusedWith: field.ErrRequired,
			history:     contact.FieldAssignee,
			effect: func(t *testing.T, _ *bulkFixture, c contact.Contact) {
				assert.Equal(t, contact.UserID("u-bob"), c.Assignee)
			},
			events: []string{"contactkit.ContactUpdated"},
		},
		{
			action: "set field",
			done: func(t *testing.T, f *bulkFixture) {
				_, err := f.h.svc.UpdateContact(t.Context(), owner, f.done.ID, contact.Patch{Fields: map[string]string{"score": "42"}})
				require.NoError(t, err)
			},
			refusedWith: field.ErrRequired,
			history:     contact.CustomFieldPrefix + "score",
			effect: func(t *testing.T, _ *bulkFixture, c contact.Contact) {
				assert.Equal(t, "42", c.Fields[field.MustParseKey("score")].String(), "coerced as an update coerces it")
			},
			events: []string{"contactkit.ContactUpdated"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.action, func(t *testing.T) {
			i := slices.IndexFunc(bulkActions, func(a bulkAction) bool { return a.name == tc.action })
			require.GreaterOrEqual(t, i, 0)
			f := newBulkFixture(t)
			tc.done(t, f)
			done := f.get(t, f.done.ID)
			hist := tc.history
			if tc.action == "add to list" {
				hist += f.news.ID.String()
			}
			recorded := len(f.history(t, f.fresh.ID, hist))
			f.h.takeEvents()

			// Fresh first, Refused last: the batch that refuses it runs
			// again without it, and Fresh is changed once.
			ids := []contact.ID{f.fresh.ID, f.done.ID, f.trashed.ID, f.unknown, f.foreign.ID}
			if tc.refusedWith != nil {
				ids = append(ids, f.refused.ID)
			}
			res, err := bulkActions[i].run(f, t.Context(), agent, contactkit.Bulk{IDs: ids, Expected: len(ids)})
			require.NoError(t, err, "agents may do in bulk what they may do to one contact")

			assert.Equal(t, []contact.ID{f.fresh.ID}, res.Changed)
			assert.Equal(t, []contact.ID{f.done.ID}, res.Unchanged)
			assert.Empty(t, res.Untouched)
			assert.Equal(t, []int{1, 1}, []int{res.Batches, res.Committed})
			var failed []contact.ID
			for _, fl := range res.Failed {
				failed = append(failed, fl.ID)
			}
			require.Equal(t, ids[2:], failed)
			assert.ErrorIs(t, res.Failed[0].Err, contactkit.ErrTrashed)
			assert.ErrorIs(t, res.Failed[1].Err, contactkit.ErrNotFound)
			assert.ErrorIs(t, res.Failed[2].Err, contactkit.ErrNotFound, "a contact of another workspace is not found")
			if tc.refusedWith != nil {
				assert.ErrorIs(t, res.Failed[3].Err, contactkit.ErrInvalidInput)
				assert.ErrorIs(t, res.Failed[3].Err, tc.refusedWith)
				assert.Equal(t, f.refused, f.get(t, f.refused.ID), "nothing was written for the refused contact")
			}

			got := f.get(t, f.fresh.ID)
			tc.effect(t, f, got)
			assert.Equal(t, done, f.get(t, f.done.ID), "nothing was written for the contact that needed no change")
			assert.Len(t, f.history(t, f.fresh.ID, hist), recorded+1,
				"the change is recorded once, though every transaction ran twice")
			assert.Equal(t, map[contact.ID][]string{f.fresh.ID: tc.events}, eventsByContact(f.h.takeEvents()),
				"the events of the change, once, about the contact changed only")
			foreign, err := f.h.svc.GetContact(t.Context(), other, f.foreign.ID)
			require.NoError(t, err)
			assert.Equal(t, f.foreign, foreign, "the other workspace's contact is untouched")
		})
	}
}
