package contactkit_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
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

func TestBulkQuerySelectionIsFixedWhenCounted(t *testing.T) {
	h := newHarness(t)
	var tagged []contact.ID
	for i := range 25 {
		tagged = append(tagged, h.create(t, owner, contact.Patch{FirstName: new(fmt.Sprint("T", i))}, "x").ID)
	}
	plain := h.create(t, owner, contact.Patch{FirstName: new("Plain")})

	// Untagging by the tag it removes: every batch takes contacts out of
	// the query's selection, and none of the others may be skipped. A
	// contact tagged once the call has counted is not reached.
	var late contact.ID
	res, err := h.svc.UntagContacts(t.Context(), owner, contactkit.Bulk{
		Query: contactkit.ContactQuery{Tag: "X"}, Expected: 25, BatchSize: 4,
		Progress: func(p contactkit.BulkProgress) {
			if p.Batch == 1 {
				late = h.create(t, owner, contact.Patch{FirstName: new("Late")}, "x").ID
			}
		},
	}, "x")
	require.NoError(t, err)
	assert.Equal(t, tagged, res.Changed)
	assert.Equal(t, []int{7, 7}, []int{res.Batches, res.Committed})
	assert.Equal(t, []contact.ID{late}, h.ids(t, contactkit.ContactQuery{Tag: "x"}),
		"every contact selected is untagged; the one tagged later is not reached")

	// Assigning away from the assignee the query selects by: the same.
	_, err = h.svc.AssignContacts(t.Context(), owner, contactkit.Bulk{IDs: tagged, Expected: 25}, "u-alice")
	require.NoError(t, err)
	res, err = h.svc.AssignContacts(t.Context(), owner, contactkit.Bulk{
		Query: contactkit.ContactQuery{Assignee: "u-alice"}, Expected: 25, BatchSize: 3,
	}, "u-bob")
	require.NoError(t, err)
	assert.Equal(t, tagged, res.Changed)
	assert.Empty(t, h.ids(t, contactkit.ContactQuery{Assignee: "u-alice"}))
	assert.Equal(t, tagged, h.ids(t, contactkit.ContactQuery{Assignee: "u-bob"}))

	// A query that selects the contacts the action joins to it does not
	// grow either: tagging every contact selects each once.
	res, err = h.svc.TagContacts(t.Context(), owner, contactkit.Bulk{Expected: 27, BatchSize: 5}, "all")
	require.NoError(t, err)
	assert.Equal(t, slices.Concat(tagged, []contact.ID{plain.ID, late}), res.Changed)
}

func TestBulkAddToListKeepsConsent(t *testing.T) {
	h := newHarness(t)
	news := h.newList(t, list.List{Name: "News", Channel: list.ChannelEmail})
	au := h.automation(t, automation.Automation{
		Name: "Welcome", Steps: steps(1), Active: true,
		Triggers: []automation.Trigger{automation.OnListSubscribed(news.ID.String())},
	})
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com")})
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob"), Email: new("bob@example.com")})
	_, err := h.svc.Unsubscribe(t.Context(), owner, bob.ID, list.ChannelEmail, "asked to stop")
	require.NoError(t, err)

	res, err := h.svc.AddContactsToList(t.Context(), owner, contactkit.Bulk{IDs: []contact.ID{ann.ID, bob.ID}, Expected: 2}, news.ID)
	require.NoError(t, err)
	assert.Equal(t, []contact.ID{ann.ID, bob.ID}, res.Changed, "both are members now")
	status := make(map[contact.ID]list.Status)
	for m, err := range h.svc.Memberships(t.Context(), owner, contactkit.MembershipQuery{List: news.ID}) {
		require.NoError(t, err)
		status[m.Contact] = m.Status
	}
	assert.Equal(t, map[contact.ID]list.Status{ann.ID: list.StatusSubscribed, bob.ID: list.StatusUnsubscribed}, status,
		"joining in bulk never subscribes an address the ledger holds unsubscribed")
	var enrolled []contact.ID
	for _, e := range h.enrollments(t, contactkit.EnrollmentQuery{Automation: au.ID}) {
		enrolled = append(enrolled, e.Contact)
	}
	assert.Equal(t, []contact.ID{ann.ID}, enrolled, "the list-subscribed trigger fires for the subscribed member only, once")

	_, err = h.svc.AddContactsToList(t.Context(), owner, contactkit.Bulk{IDs: []contact.ID{ann.ID}, Expected: 1}, list.ID(uuid.Must(uuid.NewV7())))
	require.ErrorIs(t, err, contactkit.ErrNotFound, "an unknown list refuses the call")
}

func TestBulkRefusesInputWrongForEveryContact(t *testing.T) {
	f := newBulkFixture(t)
	before := f.state(t)
	b := contactkit.Bulk{IDs: []contact.ID{f.fresh.ID}, Expected: 1}
	cases := []struct {
		name string
		run  func() (contactkit.BulkResult, error)
		want error
	}{
		{"unknown field", func() (contactkit.BulkResult, error) {
			return f.h.svc.SetContactsField(t.Context(), owner, b, "colour", "red")
		}, field.ErrUnknownField},
		{"bad field key", func() (contactkit.BulkResult, error) {
			return f.h.svc.SetContactsField(t.Context(), owner, b, "Not a key!", "red")
		}, contactkit.ErrInvalidInput},
		{"value not of the type", func() (contactkit.BulkResult, error) {
			return f.h.svc.SetContactsField(t.Context(), owner, b, "score", "forty-two")
		}, field.ErrInvalidValue},
		{"field of another workspace", func() (contactkit.BulkResult, error) {
			return f.h.svc.SetContactsField(t.Context(), other, contactkit.Bulk{IDs: []contact.ID{f.foreign.ID}, Expected: 1}, "score", "1")
		}, field.ErrUnknownField},
		{"too many tags in one call", func() (contactkit.BulkResult, error) {
			return f.h.svc.TagContacts(t.Context(), owner, b, strings.Repeat("t,", tag.MaxPerCall+1))
		}, tag.ErrTooMany},
		{"untag input over the limit", func() (contactkit.BulkResult, error) {
			return f.h.svc.UntagContacts(t.Context(), owner, b, strings.Repeat("t,", tag.MaxPerCall+1))
		}, tag.ErrTooMany},
		{"invalid actor", func() (contactkit.BulkResult, error) {
			return f.h.svc.AssignContacts(t.Context(), contactkit.Actor{Workspace: "ws-1", Role: contactkit.RoleOwner}, b, "u-bob")
		}, contactkit.ErrInvalidActor},
		{"agent deleting", func() (contactkit.BulkResult, error) {
			return f.h.svc.DeleteContacts(t.Context(), agent, b)
		}, contactkit.ErrPermission},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := tc.run()
			require.ErrorIs(t, err, tc.want)
			assert.Equal(t, contactkit.BulkResult{}, res)
		})
	}
	assert.Equal(t, before, f.state(t), "a refused call changes nothing")
	assert.Empty(t, f.h.takeEvents())
}

// TestBulkTagAndUntagUndoEachOther: untagging the contacts a bulk tag
// changed gives back every contact's tags as they were, and so does tagging
// the contacts a bulk untag changed, whatever tags they had.
func TestBulkTagAndUntagUndoEachOther(t *testing.T) {
	names := []string{"a", "b", "c"}
	type call func(ctx context.Context, a contactkit.Actor, b contactkit.Bulk, names ...string) (contactkit.BulkResult, error)
	for seed := range uint64(20) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 11))
			h := newHarness(t)
			var ids []contact.ID
			for i := range 1 + r.IntN(12) {
				var tags []string
				for _, n := range names {
					if r.IntN(2) == 0 {
						tags = append(tags, n)
					}
				}
				ids = append(ids, h.create(t, owner, contact.Patch{FirstName: new(fmt.Sprint("P", i))}, tags...).ID)
			}
			tagsOf := func() map[contact.ID][]string {
				out := make(map[contact.ID][]string)
				for _, id := range ids {
					c, err := h.svc.GetContact(t.Context(), owner, id)
					require.NoError(t, err)
					out[id] = slices.Sorted(slices.Values(tagStrings(c.Tags)))
				}
				return out
			}
			before := tagsOf()
			n := names[r.IntN(len(names))]
			size := 1 + r.IntN(5)
			for _, pair := range [][2]call{{h.svc.TagContacts, h.svc.UntagContacts}, {h.svc.UntagContacts, h.svc.TagContacts}} {
				do, undo := pair[0], pair[1]
				res, err := do(t.Context(), owner, contactkit.Bulk{IDs: ids, Expected: len(ids), BatchSize: size}, n)
				require.NoError(t, err)
				assert.Len(t, slices.Concat(res.Changed, res.Unchanged), len(ids))
				if len(res.Changed) > 0 { // no IDs would select by the (zero) query
					_, err = undo(t.Context(), owner, contactkit.Bulk{IDs: res.Changed, Expected: len(res.Changed), BatchSize: size}, n)
					require.NoError(t, err)
				}
				assert.Equal(t, before, tagsOf())
			}
		})
	}
}

// TestBulkRefusalLeavesNothingOfTheContact: a contact refused after its
// change has begun (here by a host's cascade handler, once the contact is
// saved in the trash) fails alone, and nothing of its change stays.
func TestBulkRefusalLeavesNothingOfTheContact(t *testing.T) {
	errOpenTicket := errors.New("an open ticket holds the contact")
	var refuse contact.ID
	svc := contactkit.New(storetest.Retrying(memstore.New()), &contactkit.Options{
		Cascades: []contactkit.Cascade{{Kind: "ticket", Delete: func(_ context.Context, _ store.Tx, e contactkit.CascadeEvent) error {
			if e.Contact == refuse {
				return &contactkit.ValidationError{Errors: []error{errOpenTicket}}
			}
			return nil
		}}},
	})
	var ids []contact.ID
	for _, name := range []string{"Ann", "Bob", "Cy"} {
		c, err := svc.CreateContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new(name)}})
		require.NoError(t, err)
		ids = append(ids, c.ID)
	}
	refuse = ids[1]

	res, err := svc.DeleteContacts(t.Context(), owner, contactkit.Bulk{IDs: ids, Expected: 3})
	require.NoError(t, err)
	assert.Equal(t, []contact.ID{ids[0], ids[2]}, res.Changed)
	require.Len(t, res.Failed, 1)
	assert.Equal(t, refuse, res.Failed[0].ID)
	assert.ErrorIs(t, res.Failed[0].Err, errOpenTicket)
	c, err := svc.GetContact(t.Context(), owner, refuse)
	require.NoError(t, err)
	assert.False(t, c.Trashed(), "the refused contact is not left in the trash")
	for ch, err := range svc.History(t.Context(), owner, refuse, contact.FieldDeletedAt) {
		require.NoError(t, err)
		t.Errorf("the refused contact's history records its delete: %+v", ch)
	}
}
