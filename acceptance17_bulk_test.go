package contactkit_test

// The seventeenth acceptance pass: bulk actions (D4), custom fields (F1-F4)
// and the categories of their refusals, through the public API only.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

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
)

// acc17Categories returns the names of the categories err matches.
func acc17Categories(err error) []string {
	var out []string
	for _, c := range []struct {
		name string
		err  error
	}{
		{"invalid actor", contactkit.ErrInvalidActor}, {"permission", contactkit.ErrPermission},
		{"invalid input", contactkit.ErrInvalidInput}, {"not found", contactkit.ErrNotFound},
		{"conflict", contactkit.ErrConflict}, {"already exists", contactkit.ErrAlreadyExists},
		{"invalid cursor", store.ErrInvalidCursor},
	} {
		if errors.Is(err, c.err) {
			out = append(out, c.name)
		}
	}
	return out
}

// acc17One asserts that err matches exactly the category want.
func acc17One(t *testing.T, err error, want string, msgAndArgs ...any) {
	t.Helper()
	assert.Equal(t, []string{want}, acc17Categories(err), msgAndArgs...)
}

// acc17Snapshot is every contact of a's workspace, live and trashed.
func acc17Snapshot(t *testing.T, h *harness, a contactkit.Actor) []contact.Contact {
	t.Helper()
	var out []contact.Contact
	for _, trashed := range []bool{false, true} {
		for c, err := range h.svc.Contacts(t.Context(), a, contactkit.ContactQuery{Trashed: trashed}) {
			require.NoError(t, err)
			out = append(out, c)
		}
	}
	return out
}

// A merged-away contact named among the IDs fails alone, as in the trash
// and merged (ErrTrashed, ErrMerged), in the category conflict only; the
// survivor is changed once.
func TestAcc17BulkMergedAwayAmongIDs(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com")})
	dup := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann+x@example.com")})
	p, err := h.svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: ann.ID, Others: []contact.ID{dup.ID}})
	require.NoError(t, err)
	_, err = h.svc.MergeContacts(ctx, owner, p)
	require.NoError(t, err)
	h.takeEvents()

	for _, act := range []struct {
		name string
		run  func(b contactkit.Bulk) (contactkit.BulkResult, error)
	}{
		{"tag", func(b contactkit.Bulk) (contactkit.BulkResult, error) {
			return h.svc.TagContacts(ctx, owner, b, "wave")
		}},
		{"assign", func(b contactkit.Bulk) (contactkit.BulkResult, error) {
			return h.svc.AssignContacts(ctx, owner, b, "u-bob")
		}},
		{"delete", func(b contactkit.Bulk) (contactkit.BulkResult, error) { return h.svc.DeleteContacts(ctx, owner, b) }},
	} {
		t.Run(act.name, func(t *testing.T) {
			res, err := act.run(contactkit.Bulk{IDs: []contact.ID{dup.ID, ann.ID}, Expected: 2})
			require.NoError(t, err)
			assert.Equal(t, []contact.ID{ann.ID}, res.Changed)
			require.Len(t, res.Failed, 1)
			assert.Equal(t, dup.ID, res.Failed[0].ID)
			assert.ErrorIs(t, res.Failed[0].Err, contactkit.ErrTrashed)
			assert.ErrorIs(t, res.Failed[0].Err, contactkit.ErrMerged)
			acc17One(t, res.Failed[0].Err, "conflict")
			events := eventsByContact(h.takeEvents())
			assert.Len(t, events, 1, "events about the survivor only")
			assert.Len(t, events[ann.ID], 1, "one event for the one change")
		})
	}
}

// Every refusal of a bulk call is in one category, the actor first, and
// writes nothing: a count that does not match, an agent deleting with a
// wrong count, an invalid actor with a wrong count.
func TestAcc17BulkRefusalsAreOneCategory(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann")}, "vip")
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob")})
	h.takeEvents()
	before := acc17Snapshot(t, h, owner)

	cases := []struct {
		name string
		run  func() (contactkit.BulkResult, error)
		want string
		is   error
	}{
		{"count too high", func() (contactkit.BulkResult, error) {
			return h.svc.DeleteContacts(ctx, owner, contactkit.Bulk{IDs: []contact.ID{ann.ID, bob.ID}, Expected: 3})
		}, "conflict", contactkit.ErrCountMismatch},
		{"count of a query", func() (contactkit.BulkResult, error) {
			return h.svc.TagContacts(ctx, owner, contactkit.Bulk{Query: contactkit.ContactQuery{Tag: "vip"}, Expected: 2}, "x")
		}, "conflict", contactkit.ErrCountMismatch},
		{"negative count", func() (contactkit.BulkResult, error) {
			return h.svc.UntagContacts(ctx, owner, contactkit.Bulk{IDs: []contact.ID{ann.ID}, Expected: -1}, "vip")
		}, "conflict", contactkit.ErrCountMismatch},
		{"agent deleting, wrong count", func() (contactkit.BulkResult, error) {
			return h.svc.DeleteContacts(ctx, agent, contactkit.Bulk{IDs: []contact.ID{ann.ID}, Expected: 5})
		}, "permission", contactkit.ErrPermission},
		{"invalid actor, wrong count", func() (contactkit.BulkResult, error) {
			return h.svc.TagContacts(ctx, contactkit.Actor{Workspace: owner.Workspace, Role: contactkit.RoleOwner},
				contactkit.Bulk{IDs: []contact.ID{ann.ID}, Expected: 5}, "x")
		}, "invalid actor", contactkit.ErrInvalidActor},
		{"invalid actor, bad tag input", func() (contactkit.BulkResult, error) {
			return h.svc.TagContacts(ctx, contactkit.Actor{Workspace: owner.Workspace, User: "u", Role: "boss"},
				contactkit.Bulk{IDs: []contact.ID{ann.ID}, Expected: 1}, strings.Repeat("t,", 500))
		}, "invalid actor", contactkit.ErrInvalidActor},
		{"invalid actor, unknown field", func() (contactkit.BulkResult, error) {
			return h.svc.SetContactsField(ctx, contactkit.Actor{Workspace: owner.Workspace, Role: contactkit.RoleOwner},
				contactkit.Bulk{IDs: []contact.ID{ann.ID}, Expected: 1}, "nope", "1")
		}, "invalid actor", contactkit.ErrInvalidActor},
		{"invalid actor, unknown list", func() (contactkit.BulkResult, error) {
			return h.svc.AddContactsToList(ctx, contactkit.Actor{Workspace: owner.Workspace, Role: contactkit.RoleOwner},
				contactkit.Bulk{IDs: []contact.ID{ann.ID}, Expected: 1}, list.ID{9})
		}, "invalid actor", contactkit.ErrInvalidActor},
		{"unknown field", func() (contactkit.BulkResult, error) {
			return h.svc.SetContactsField(ctx, owner, contactkit.Bulk{IDs: []contact.ID{ann.ID}, Expected: 1}, "nope", "1")
		}, "invalid input", field.ErrUnknownField},
		{"bad query", func() (contactkit.BulkResult, error) {
			return h.svc.TagContacts(ctx, owner, contactkit.Bulk{Query: contactkit.ContactQuery{Text: strings.Repeat("a", 100_000)}, Expected: 0}, "x")
		}, "invalid input", contactkit.ErrInvalidInput},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := tc.run()
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.is)
			acc17One(t, err, tc.want, "%v", err)
			assert.Equal(t, contactkit.BulkResult{}, res)
		})
	}
	assert.Equal(t, before, acc17Snapshot(t, h, owner), "a refused call writes nothing")
	assert.Empty(t, h.takeEvents(), "a refused call emits nothing")
}

// A bulk delete by query stopped by a cancel says where it stopped; run
// again, with the same query and the count of what is left, it finishes the
// work, and every contact is deleted once, with one event.
func TestAcc17BulkDeleteStoppedThenRunAgain(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	var ids []contact.ID
	for i := range 7 {
		ids = append(ids, h.create(t, owner, contact.Patch{FirstName: new(fmt.Sprint("P", i))}, "old").ID)
	}
	keep := h.create(t, owner, contact.Patch{FirstName: new("Keep")})
	h.takeEvents()

	stop, cancel := context.WithCancel(ctx)
	defer cancel()
	var progress []contactkit.BulkProgress
	q := contactkit.ContactQuery{Tag: "old"}
	res, err := h.svc.DeleteContacts(stop, owner, contactkit.Bulk{Query: q, Expected: 7, BatchSize: 3,
		Progress: func(p contactkit.BulkProgress) {
			progress = append(progress, p)
			cancel()
		}})
	require.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "1 of 3", "the error says where the call stopped")
	assert.Equal(t, []int{3, 1}, []int{res.Batches, res.Committed})
	assert.Equal(t, ids[:3], res.Changed)
	assert.Equal(t, ids[3:], res.Untouched)
	assert.Equal(t, []contactkit.BulkProgress{{Batch: 1, Batches: 3, Changed: 3, Total: 7}}, progress)
	assert.Equal(t, append(ids[3:], keep.ID), h.ids(t, contactkit.ContactQuery{}), "only the committed batch is deleted")

	res, err = h.svc.DeleteContacts(ctx, owner, contactkit.Bulk{Query: q, Expected: 4, BatchSize: 3})
	require.NoError(t, err)
	assert.Equal(t, ids[3:], res.Changed)
	assert.Equal(t, []contact.ID{keep.ID}, h.ids(t, contactkit.ContactQuery{}))
	events := eventsByContact(h.takeEvents())
	assert.Len(t, events, 7)
	for _, id := range ids {
		assert.Equal(t, []string{"contactkit.ContactDeleted"}, events[id], "%s", id)
	}

	// Named again by ID, the deleted contacts fail as in the trash: nothing
	// is written, nothing emitted.
	res, err = h.svc.DeleteContacts(ctx, owner, contactkit.Bulk{IDs: ids, Expected: 7})
	require.NoError(t, err)
	assert.Empty(t, res.Changed)
	assert.Len(t, res.Failed, 7)
	for _, f := range res.Failed {
		assert.ErrorIs(t, f.Err, contactkit.ErrTrashed)
		acc17One(t, f.Err, "conflict")
	}
	assert.Empty(t, h.takeEvents())
}

// A context cancelled before the call reaches nothing: with IDs, every
// contact is untouched and the error matches the context's.
func TestAcc17BulkCancelledBeforeStart(t *testing.T) {
	h := newHarness(t)
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann")})
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob")})
	h.takeEvents()
	before := acc17Snapshot(t, h, owner)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	res, err := h.svc.TagContacts(ctx, owner, contactkit.Bulk{IDs: []contact.ID{ann.ID, bob.ID}, Expected: 2}, "x")
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 0, res.Committed)
	assert.Equal(t, []contact.ID{ann.ID, bob.ID}, res.Untouched)
	_, err = h.svc.TagContacts(ctx, owner, contactkit.Bulk{Expected: 2}, "x")
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, before, acc17Snapshot(t, h, owner))
	assert.Empty(t, h.takeEvents())
}

// A bulk delete through a store that runs every transaction twice records
// one delete per contact, emits one event per contact, and fails the
// trashed, unknown and foreign IDs alone, each in one category.
func TestAcc17BulkDeleteEachContactOnce(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann")})
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob")})
	gone := h.create(t, owner, contact.Patch{FirstName: new("Gone")})
	_, err := h.svc.DeleteContact(ctx, owner, gone.ID)
	require.NoError(t, err)
	foreign := h.create(t, other, contact.Patch{FirstName: new("Foreign")})
	unknown := contact.ID{1, 2, 3}
	h.takeEvents()

	ids := []contact.ID{ann.ID, gone.ID, foreign.ID, unknown, bob.ID, ann.ID}
	res, err := h.svc.DeleteContacts(ctx, owner, contactkit.Bulk{IDs: ids, Expected: 5, BatchSize: 2})
	require.NoError(t, err)
	assert.Equal(t, []contact.ID{ann.ID, bob.ID}, res.Changed)
	require.Len(t, res.Failed, 3)
	acc17One(t, res.Failed[0].Err, "conflict")
	acc17One(t, res.Failed[1].Err, "not found", "another workspace's contact is not found")
	acc17One(t, res.Failed[2].Err, "not found")
	assert.Equal(t, []int{3, 3}, []int{res.Batches, res.Committed})

	events := eventsByContact(h.takeEvents())
	assert.Equal(t, map[contact.ID][]string{ann.ID: {"contactkit.ContactDeleted"}, bob.ID: {"contactkit.ContactDeleted"}}, events)
	for _, id := range []contact.ID{ann.ID, bob.ID} {
		n := 0
		for _, err := range h.svc.History(ctx, owner, id, contact.FieldDeletedAt) {
			require.NoError(t, err)
			n++
		}
		assert.Equal(t, 1, n, "one delete recorded for %s", id)
	}
	f, err := h.svc.GetContact(ctx, other, foreign.ID)
	require.NoError(t, err)
	assert.Equal(t, foreign, f, "the other workspace's contact is untouched")
}

// Agents may tag, assign, set fields and add to lists in bulk, but not
// delete; an Authorize policy that lets agents delete lets them delete in
// bulk too.
func TestAcc17BulkPermissions(t *testing.T) {
	h := newHarnessWith(t, storetest.Retrying(memstore.New()), func(o *contactkit.Options) {
		o.Authorize = func(_ context.Context, a contactkit.Actor, act contactkit.Action) error {
			if a.User == "u-trusted" || a.Role != contactkit.RoleAgent {
				return nil
			}
			return contactkit.DefaultAuthorize(context.Background(), a, act)
		}
	})
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann")})
	h.takeEvents()
	b := contactkit.Bulk{IDs: []contact.ID{ann.ID}, Expected: 1}
	_, err := h.svc.DeleteContacts(t.Context(), agent, b)
	require.ErrorIs(t, err, contactkit.ErrPermission)
	acc17One(t, err, "permission")
	res, err := h.svc.TagContacts(t.Context(), agent, b, "x")
	require.NoError(t, err)
	assert.Equal(t, []contact.ID{ann.ID}, res.Changed)
	trusted := agent
	trusted.User = "u-trusted"
	res, err = h.svc.DeleteContacts(t.Context(), trusted, b)
	require.NoError(t, err)
	assert.Equal(t, []contact.ID{ann.ID}, res.Changed)
}

// SetContactsField on choice fields: an option by its label is stored by
// its value; a hidden option is refused for the whole call, and nothing is
// written; a multiselect value given in another order is unchanged.
func TestAcc17BulkSetChoiceFields(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	plan, err := h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeSelect,
		Options: []field.Option{{Value: "free"}, {Value: "pro", Label: "Premium"}, {Value: "old"}}})
	require.NoError(t, err)
	_, err = h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("tiers"), Label: "Tiers", Type: field.TypeMultiselect,
		Options: []field.Option{{Value: "a"}, {Value: "b"}, {Value: "c"}}})
	require.NoError(t, err)
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Fields: map[string]string{"plan": "old", "tiers": "a, b"}})
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob")})
	plan.Options[2].Hidden = true
	_, err = h.svc.UpdateField(ctx, owner, plan)
	require.NoError(t, err)
	h.takeEvents()
	both := contactkit.Bulk{IDs: []contact.ID{ann.ID, bob.ID}, Expected: 2}

	before := acc17Snapshot(t, h, owner)
	res, err := h.svc.SetContactsField(ctx, owner, both, "plan", "old")
	require.ErrorIs(t, err, field.ErrInvalidValue, "a hidden option cannot be chosen again")
	acc17One(t, err, "invalid input")
	assert.Equal(t, contactkit.BulkResult{}, res)
	assert.Equal(t, before, acc17Snapshot(t, h, owner))

	res, err = h.svc.SetContactsField(ctx, owner, contactkit.Bulk{IDs: []contact.ID{ann.ID}, Expected: 1}, "tiers", "b;a")
	require.NoError(t, err)
	assert.Equal(t, []contact.ID{ann.ID}, res.Unchanged, "the same options in another order are the same value")
	assert.Empty(t, h.takeEvents())

	res, err = h.svc.SetContactsField(ctx, owner, both, "plan", "premium")
	require.NoError(t, err)
	assert.Equal(t, []contact.ID{ann.ID, bob.ID}, res.Changed)
	for _, id := range []contact.ID{ann.ID, bob.ID} {
		c, err := h.svc.GetContact(ctx, owner, id)
		require.NoError(t, err)
		assert.Equal(t, "pro", c.Fields[field.MustParseKey("plan")].String(), "an option named by its label is stored by its value")
	}
	assert.Len(t, eventsByContact(h.takeEvents()), 2)
}

// design question: SetContactsField refuses a hidden option for the whole
// call, even for the contacts that hold it, though UpdateContact takes it
// back from them (F1: "old values stay valid").
func TestAcc17BulkSetHiddenOptionTheContactsHold(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	plan, err := h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeSelect,
		Options: []field.Option{{Value: "free"}, {Value: "old"}}})
	require.NoError(t, err)
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Fields: map[string]string{"plan": "old"}})
	plan.Options[1].Hidden = true
	_, err = h.svc.UpdateField(ctx, owner, plan)
	require.NoError(t, err)
	_, err = h.svc.UpdateContact(ctx, owner, ann.ID, contact.Patch{Fields: map[string]string{"plan": "old"}})
	require.NoError(t, err, "one contact takes back the hidden option it holds")
	res, err := h.svc.SetContactsField(ctx, owner, contactkit.Bulk{IDs: []contact.ID{ann.ID}, Expected: 1}, "plan", "old")
	if err != nil {
		t.Skip("design question: SetContactsField refuses a hidden option for every contact, even one that holds it " +
			"and that UpdateContact would leave unchanged; is a bulk re-set of a held hidden option input wrong for every contact?")
	}
	assert.Equal(t, []contact.ID{ann.ID}, res.Unchanged)
}

// SetContactsField takes the key as UpdateContact does: a key written in
// capitals or with spaces is the field's key, or refused as UpdateContact
// refuses it.
func TestAcc17BulkSetFieldKeyAsUpdateTakesIt(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	_, err := h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("score"), Label: "Score", Type: field.TypeNumber})
	require.NoError(t, err)
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann")})
	for _, key := range []string{"Score", " score", "SCORE "} {
		_, single := h.svc.UpdateContact(ctx, owner, ann.ID, contact.Patch{Fields: map[string]string{key: "7"}})
		_, bulk := h.svc.SetContactsField(ctx, owner, contactkit.Bulk{IDs: []contact.ID{ann.ID}, Expected: 1}, key, "8")
		assert.Equal(t, single == nil, bulk == nil, "key %q: update %v, bulk %v", key, single, bulk)
		if single != nil && bulk != nil {
			assert.Equal(t, acc17Categories(single), acc17Categories(bulk), "key %q", key)
		}
	}
}

// Clearing a required field in bulk fails each contact that holds a value
// alone, as UpdateContact refuses it; the optional field is cleared.
func TestAcc17BulkClearRequiredField(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	_, err := h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("region"), Label: "Region", Type: field.TypeText, Required: true})
	require.NoError(t, err)
	_, err = h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("note"), Label: "Note", Type: field.TypeText})
	require.NoError(t, err)
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Fields: map[string]string{"region": "North", "note": "x"}})
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob"), Fields: map[string]string{"region": "South"}})
	h.takeEvents()
	b := contactkit.Bulk{IDs: []contact.ID{ann.ID, bob.ID}, Expected: 2}
	res, err := h.svc.SetContactsField(ctx, owner, b, "region", "")
	require.NoError(t, err)
	require.Len(t, res.Failed, 2)
	for _, f := range res.Failed {
		assert.ErrorIs(t, f.Err, field.ErrRequired)
		acc17One(t, f.Err, "invalid input")
	}
	assert.Empty(t, h.takeEvents())
	res, err = h.svc.SetContactsField(ctx, owner, b, "note", "")
	require.NoError(t, err)
	assert.Equal(t, []contact.ID{ann.ID}, res.Changed)
	assert.Equal(t, []contact.ID{bob.ID}, res.Unchanged)
}

// ChangeFieldType (F4): the dry run reports every loss, of live contacts
// and of those in the trash; a change without the losses accepted is
// refused (ErrValueLoss, conflict only) and writes nothing; accepted, it
// converts every value once, with one event per contact changed, even on a
// store that runs every transaction twice.
func TestAcc17ChangeFieldTypeLossesRefusedUnlessAccepted(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	size, err := h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("size"), Label: "Size", Type: field.TypeText})
	require.NoError(t, err)
	ann := h.withValue(t, owner, "Ann", "size", "42")
	bob := h.withValue(t, owner, "Bob", "size", "big")
	cat := h.withValue(t, owner, "Cat", "size", "huge")
	_, err = h.svc.DeleteContact(ctx, owner, cat.ID)
	require.NoError(t, err)
	_, err = h.svc.CreateField(ctx, other, size)
	require.NoError(t, err)
	h.withValue(t, other, "Foreign", "size", "x") // another workspace's value is not reported
	h.takeEvents()
	before := acc17Snapshot(t, h, owner)

	next := size
	next.Type = field.TypeNumber
	conv, err := h.svc.PreviewFieldTypeChange(ctx, owner, next)
	require.NoError(t, err)
	require.Len(t, conv.Converted, 1)
	assert.Equal(t, ann.ID, conv.Converted[0].Contact)
	var lost []contact.ID
	for _, l := range conv.Losses {
		lost = append(lost, l.Contact)
		assert.ErrorIs(t, l.Err, field.ErrInvalidValue)
	}
	assert.ElementsMatch(t, []contact.ID{bob.ID, cat.ID}, lost, "the trash's values are reported too")

	for _, accept := range [][]contactkit.FieldLoss{nil, conv.Losses[:1]} {
		_, err = h.svc.ChangeFieldType(ctx, owner, contactkit.FieldTypeChange{Definition: next, AcceptLosses: accept})
		require.ErrorIs(t, err, contactkit.ErrValueLoss)
		acc17One(t, err, "conflict")
		fle, ok := errors.AsType[*contactkit.FieldLossError](err)
		require.True(t, ok)
		assert.Equal(t, 2-len(accept), fle.Unaccepted)
	}
	assert.Equal(t, before, acc17Snapshot(t, h, owner), "a refused change writes nothing")
	defs, err := h.svc.AllFields(ctx, owner)
	require.NoError(t, err)
	assert.Equal(t, field.TypeText, defs[0].Type)
	assert.Empty(t, h.takeEvents())

	got, err := h.svc.ChangeFieldType(ctx, owner, contactkit.FieldTypeChange{Definition: next, AcceptLosses: conv.Losses})
	require.NoError(t, err)
	assert.Equal(t, field.TypeNumber, got.Definition.Type)
	events := eventsByContact(h.takeEvents())
	assert.Len(t, events, 3)
	for _, id := range []contact.ID{ann.ID, bob.ID, cat.ID} {
		assert.Equal(t, []string{"contactkit.ContactUpdated"}, events[id], "%s", id)
	}
	a, err := h.svc.GetContact(ctx, owner, ann.ID)
	require.NoError(t, err)
	assert.Equal(t, field.TypeNumber, a.Fields[field.MustParseKey("size")].Type())
	for _, id := range []contact.ID{bob.ID, cat.ID} {
		c, err := h.svc.GetContact(ctx, owner, id)
		require.NoError(t, err)
		assert.True(t, c.Fields[field.MustParseKey("size")].IsZero(), "the accepted loss is cleared")
	}
	// The bulk set takes the new type at once.
	res, err := h.svc.SetContactsField(ctx, owner, contactkit.Bulk{IDs: []contact.ID{ann.ID, bob.ID, cat.ID}, Expected: 3}, "size", "1,5")
	require.NoError(t, err)
	assert.Equal(t, []contact.ID{ann.ID, bob.ID}, res.Changed)
	require.Len(t, res.Failed, 1)
	assert.ErrorIs(t, res.Failed[0].Err, contactkit.ErrTrashed)
}

// The refusals of the field calls are each in one category and write
// nothing.
func TestAcc17FieldRefusalsAreOneCategory(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	plan, err := h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeSelect,
		Options: []field.Option{{Value: "free"}, {Value: "pro"}}})
	require.NoError(t, err)
	h.withValue(t, owner, "Ann", "plan", "pro")
	stale := plan
	stale.Label = "Stale"
	plan.Label = "Plan 2"
	plan, err = h.svc.UpdateField(ctx, owner, plan)
	require.NoError(t, err)
	h.takeEvents()
	before := acc17Snapshot(t, h, owner)
	fieldsBefore, err := h.svc.AllFields(ctx, owner)
	require.NoError(t, err)

	removed := plan
	removed.Options = plan.Options[:1]
	retyped := plan
	retyped.Type = field.TypeText
	unknown := plan
	unknown.Key = field.MustParseKey("nope")
	noLabel := plan
	noLabel.Label = ""
	dup := plan
	dup.Version = 0
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"option removed", func() error { _, err := h.svc.UpdateField(ctx, owner, removed); return err }(), "invalid input"},
		{"type through update", func() error { _, err := h.svc.UpdateField(ctx, owner, retyped); return err }(), "invalid input"},
		{"stale version", func() error { _, err := h.svc.UpdateField(ctx, owner, stale); return err }(), "conflict"},
		{"no label", func() error { _, err := h.svc.UpdateField(ctx, owner, noLabel); return err }(), "invalid input"},
		{"unknown key", func() error { _, err := h.svc.UpdateField(ctx, owner, unknown); return err }(), "not found"},
		{"create twice", func() error { _, err := h.svc.CreateField(ctx, owner, dup); return err }(), "already exists"},
		{"agent creates", func() error {
			_, err := h.svc.CreateField(ctx, agent, field.Definition{Key: field.MustParseKey("x"), Label: "X", Type: field.TypeText})
			return err
		}(), "permission"},
		{"agent archives", func() error { _, err := h.svc.ArchiveField(ctx, agent, plan.Key); return err }(), "permission"},
		{"archive unknown", func() error { _, err := h.svc.ArchiveField(ctx, owner, unknown.Key); return err }(), "not found"},
		{"preview unknown", func() error { _, err := h.svc.PreviewFieldTypeChange(ctx, owner, unknown); return err }(), "not found"},
		{"change type, option removed", func() error {
			next := removed
			next.Type = field.TypeMultiselect
			_, err := h.svc.ChangeFieldType(ctx, owner, contactkit.FieldTypeChange{Definition: next})
			return err
		}(), "invalid input"},
		{"change type, stale", func() error {
			next := stale
			next.Type = field.TypeMultiselect
			_, err := h.svc.ChangeFieldType(ctx, owner, contactkit.FieldTypeChange{Definition: next})
			return err
		}(), "conflict"},
		{"field of another workspace", func() error {
			_, err := h.svc.ArchiveField(ctx, other, plan.Key)
			return err
		}(), "not found"},
	}
	for _, tc := range cases {
		require.Error(t, tc.err, tc.name)
		acc17One(t, tc.err, tc.want, "%s: %v", tc.name, tc.err)
	}
	assert.Equal(t, before, acc17Snapshot(t, h, owner))
	fieldsAfter, err := h.svc.AllFields(ctx, owner)
	require.NoError(t, err)
	assert.Equal(t, fieldsBefore, fieldsAfter)
	assert.Empty(t, h.takeEvents())
}

// An archived field (a field "deleted") leaves exports and imports and its
// required check, and keeps its values; restored, it is back in export and
// import with the values, and required again: a bulk change of a contact
// that lacks it then fails that contact alone.
func TestAcc17ArchivedFieldRestoredThroughExportAndBulk(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	_, err := h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeText})
	require.NoError(t, err)
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com"), Fields: map[string]string{"plan": "gold"}})
	_, err = h.svc.ArchiveField(ctx, owner, field.MustParseKey("plan"))
	require.NoError(t, err)
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob"), Email: new("bob@example.com")})

	var out bytes.Buffer
	_, err = h.svc.Export(ctx, owner, contactkit.ContactQuery{}, &out, nil)
	require.NoError(t, err)
	assert.NotContains(t, out.String(), "gold", "an archived field is not exported")
	got := importCSV(t, h, owner, "Email,plan\nann@example.com,silver\n", nil)
	require.NoError(t, got.err)
	c, err := h.svc.GetContact(ctx, owner, ann.ID)
	require.NoError(t, err)
	assert.Equal(t, "gold", c.Fields[field.MustParseKey("plan")].String(), "an import does not write an archived field")

	d, err := h.svc.RestoreField(ctx, owner, field.MustParseKey("plan"))
	require.NoError(t, err)
	d.Required = true
	_, err = h.svc.UpdateField(ctx, owner, d)
	require.NoError(t, err)
	out.Reset()
	_, err = h.svc.Export(ctx, owner, contactkit.ContactQuery{}, &out, nil)
	require.NoError(t, err)
	assert.Contains(t, out.String(), "gold", "restored, the field is exported with its values")

	got = importCSV(t, h, owner, "Email,plan\nann@example.com,silver\n", nil)
	require.NoError(t, got.err)
	c, err = h.svc.GetContact(ctx, owner, ann.ID)
	require.NoError(t, err)
	assert.Equal(t, "silver", c.Fields[field.MustParseKey("plan")].String(), "restored, the field is imported")

	h.takeEvents()
	// Tagging checks no field, in bulk as for one contact; assigning
	// validates the whole contact, as UpdateContact does.
	_, single := h.svc.TagContact(ctx, owner, bob.ID, "y")
	res, err := h.svc.TagContacts(ctx, owner, contactkit.Bulk{IDs: []contact.ID{ann.ID, bob.ID}, Expected: 2}, "x")
	require.NoError(t, err)
	if single == nil {
		assert.Equal(t, []contact.ID{ann.ID, bob.ID}, res.Changed)
	} else {
		assert.Equal(t, []contact.ID{ann.ID}, res.Changed)
	}
	res, err = h.svc.AssignContacts(ctx, owner, contactkit.Bulk{IDs: []contact.ID{ann.ID, bob.ID}, Expected: 2}, "u-bob")
	require.NoError(t, err)
	assert.Equal(t, []contact.ID{ann.ID}, res.Changed)
	require.Len(t, res.Failed, 1)
	assert.Equal(t, bob.ID, res.Failed[0].ID)
	assert.ErrorIs(t, res.Failed[0].Err, field.ErrRequired)
	acc17One(t, res.Failed[0].Err, "invalid input")
	res, err = h.svc.SetContactsField(ctx, owner, contactkit.Bulk{IDs: []contact.ID{ann.ID, bob.ID}, Expected: 2}, "plan", "bronze")
	require.NoError(t, err)
	assert.Equal(t, []contact.ID{ann.ID, bob.ID}, res.Changed, "giving the required field fixes the contact that lacked it")
}

// Options.RequiredFields: a contact saved before the policy fails a bulk
// change alone, with the *contact.RequiredError, and the others change.
func TestAcc17BulkRequiredStandardField(t *testing.T) {
	requirePhone := false
	h := newHarnessWith(t, storetest.Retrying(memstore.New()), func(o *contactkit.Options) {
		o.RequiredFields = func(contact.WorkspaceID) []string {
			if requirePhone {
				return []string{contact.FieldPhone}
			}
			return nil
		}
	})
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Phone: new("0612345678")})
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob")})
	requirePhone = true
	h.takeEvents()
	res, err := h.svc.AssignContacts(t.Context(), owner, contactkit.Bulk{IDs: []contact.ID{ann.ID, bob.ID}, Expected: 2}, "u-bob")
	require.NoError(t, err)
	assert.Equal(t, []contact.ID{ann.ID}, res.Changed)
	require.Len(t, res.Failed, 1)
	_, ok := errors.AsType[*contact.RequiredError](res.Failed[0].Err)
	assert.True(t, ok, "%v", res.Failed[0].Err)
	acc17One(t, res.Failed[0].Err, "invalid input")
	assert.Equal(t, map[contact.ID][]string{ann.ID: {"contactkit.ContactUpdated"}}, eventsByContact(h.takeEvents()))
}

// With an outbox, a bulk call whose batch runs again without a refused
// contact, on a store that runs every transaction twice, writes each
// change's event once; the progress counts what each batch did.
func TestAcc17BulkOutboxOncePerChange(t *testing.T) {
	mem := memstore.NewWith(&memstore.Options{Outbox: true})
	h := newHarnessOn(t, storetest.Retrying(mem))
	ctx := t.Context()
	many := make([]string, 100)
	for i := range many {
		many[i] = fmt.Sprint("t", i)
	}
	full := h.create(t, owner, contact.Patch{FirstName: new("Full")}, many...)
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann")})
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob")}, "wave")
	cat := h.create(t, owner, contact.Patch{FirstName: new("Cat")})
	relay, err := contactkit.NewRelay(mem)
	require.NoError(t, err)
	_, err = relay.Register(ctx, "acc17", owner.Workspace)
	require.NoError(t, err)
	start, err := relay.Next(ctx, "acc17", 1000)
	require.NoError(t, err)
	require.NoError(t, relay.Ack(ctx, "acc17", start.Next))
	h.takeEvents()

	var progress []contactkit.BulkProgress
	res, err := h.svc.TagContacts(ctx, owner, contactkit.Bulk{IDs: []contact.ID{ann.ID, full.ID, bob.ID, cat.ID}, Expected: 4, BatchSize: 3,
		Progress: func(p contactkit.BulkProgress) { progress = append(progress, p) }}, "wave")
	require.NoError(t, err)
	assert.Equal(t, []contact.ID{ann.ID, cat.ID}, res.Changed)
	assert.Equal(t, []contact.ID{bob.ID}, res.Unchanged)
	require.Len(t, res.Failed, 1)
	acc17One(t, res.Failed[0].Err, "invalid input")
	assert.Equal(t, []contactkit.BulkProgress{
		{Batch: 1, Batches: 2, Changed: 1, Unchanged: 1, Failed: 1, Total: 4},
		{Batch: 2, Batches: 2, Changed: 2, Unchanged: 1, Failed: 1, Total: 4},
	}, progress)

	b, err := relay.Next(ctx, "acc17", 1000)
	require.NoError(t, err)
	got := map[contact.ID][]string{}
	for _, d := range b.Deliveries {
		got[d.Event.Meta().Contact] = append(got[d.Event.Meta().Contact], fmt.Sprintf("%T", d.Event))
	}
	assert.Equal(t, map[contact.ID][]string{ann.ID: {"contactkit.ContactTagged"}, cat.ID: {"contactkit.ContactTagged"}}, got,
		"one event in the outbox per change")
	assert.Equal(t, got, eventsByContact(h.takeEvents()), "the same events in process")
}

// A bulk delete whose batch runs again without a contact a host's cascade
// refuses stops each other contact's enrollments once, with one event per
// change, on a store that runs every transaction twice; the refused
// contact keeps its enrollment.
func TestAcc17BulkDeleteStopsEnrollmentsOnce(t *testing.T) {
	var refuse contact.ID
	h := newHarnessWith(t, storetest.Retrying(memstore.New()), func(o *contactkit.Options) {
		o.Cascades = []contactkit.Cascade{{Kind: "ticket", Delete: func(_ context.Context, _ store.Tx, e contactkit.CascadeEvent) error {
			if e.Contact == refuse {
				return &contactkit.ValidationError{Errors: []error{errors.New("open ticket")}}
			}
			return nil
		}}}
	})
	ctx := t.Context()
	au := h.automation(t, automation.Automation{Name: "Drip", Steps: steps(2), Active: true})
	var ids []contact.ID
	for _, n := range []string{"Ann", "Bob", "Cat"} {
		c := h.create(t, owner, contact.Patch{FirstName: new(n)})
		_, err := h.svc.Enroll(ctx, owner, au.ID, c.ID, "")
		require.NoError(t, err)
		ids = append(ids, c.ID)
	}
	refuse = ids[2]
	h.takeEvents()

	res, err := h.svc.DeleteContacts(ctx, owner, contactkit.Bulk{IDs: ids, Expected: 3})
	require.NoError(t, err)
	assert.Equal(t, ids[:2], res.Changed)
	require.Len(t, res.Failed, 1)
	acc17One(t, res.Failed[0].Err, "invalid input")
	events := eventsByContact(h.takeEvents())
	assert.Len(t, events, 2, "nothing about the refused contact")
	for _, id := range ids[:2] {
		assert.ElementsMatch(t, []string{"contactkit.ContactDeleted", "contactkit.EnrollmentStopped"}, events[id], "%s", id)
	}
	for _, e := range h.enrollments(t, contactkit.EnrollmentQuery{Automation: au.ID}) {
		assert.Equal(t, e.Contact == refuse, e.Active(), "enrollment of %s", e.Contact)
	}
}

// P1: a bulk call says nothing more of another workspace's contact or list
// than of one that does not exist.
func TestAcc17BulkForeignAsUnknown(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	foreign := h.create(t, other, contact.Patch{FirstName: new("Foreign")})
	unknown := contact.ID{7}
	res, err := h.svc.TagContacts(ctx, owner, contactkit.Bulk{IDs: []contact.ID{foreign.ID, unknown}, Expected: 2}, "x")
	require.NoError(t, err)
	require.Len(t, res.Failed, 2)
	assert.Equal(t, strings.ReplaceAll(res.Failed[0].Err.Error(), foreign.ID.String(), "ID"),
		strings.ReplaceAll(res.Failed[1].Err.Error(), unknown.String(), "ID"))

	foreignList, err := h.svc.CreateList(ctx, other, list.List{Name: "Theirs"})
	require.NoError(t, err)
	mine := h.create(t, owner, contact.Patch{FirstName: new("Mine")})
	b := contactkit.Bulk{IDs: []contact.ID{mine.ID}, Expected: 1}
	_, errForeign := h.svc.AddContactsToList(ctx, owner, b, foreignList.ID)
	_, errUnknown := h.svc.AddContactsToList(ctx, owner, b, list.ID{7})
	acc17One(t, errForeign, "not found")
	assert.Equal(t, strings.ReplaceAll(errForeign.Error(), foreignList.ID.String(), "ID"),
		strings.ReplaceAll(errUnknown.Error(), list.ID{7}.String(), "ID"))
}

// Every bulk call is safe to run again after a stop: the contacts its
// committed batches changed are unchanged the second time, with no event,
// and the rest are changed once.
func TestAcc17BulkRunAgainAfterStop(t *testing.T) {
	type call func(h *harness, ctx context.Context, l list.ID, b contactkit.Bulk) (contactkit.BulkResult, error)
	for _, act := range []struct {
		name string
		run  call
	}{
		{"tag", func(h *harness, ctx context.Context, _ list.ID, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return h.svc.TagContacts(ctx, owner, b, "wave, new")
		}},
		{"untag", func(h *harness, ctx context.Context, _ list.ID, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return h.svc.UntagContacts(ctx, owner, b, "old")
		}},
		{"add to list", func(h *harness, ctx context.Context, l list.ID, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return h.svc.AddContactsToList(ctx, owner, b, l)
		}},
		{"assign", func(h *harness, ctx context.Context, _ list.ID, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return h.svc.AssignContacts(ctx, owner, b, "u-bob")
		}},
		{"set field", func(h *harness, ctx context.Context, _ list.ID, b contactkit.Bulk) (contactkit.BulkResult, error) {
			return h.svc.SetContactsField(ctx, owner, b, "tiers", "b, a")
		}},
	} {
		t.Run(act.name, func(t *testing.T) {
			h := newHarness(t)
			ctx := t.Context()
			l := h.newList(t, list.List{Name: "News"})
			_, err := h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("tiers"), Label: "Tiers", Type: field.TypeMultiselect,
				Options: []field.Option{{Value: "a"}, {Value: "b"}}})
			require.NoError(t, err)
			var ids []contact.ID
			for i := range 6 {
				ids = append(ids, h.create(t, owner, contact.Patch{FirstName: new(fmt.Sprint("P", i))}, "old").ID)
			}
			h.takeEvents()
			stop, cancel := context.WithCancel(ctx)
			defer cancel()
			res, err := act.run(h, stop, l.ID, contactkit.Bulk{IDs: ids, Expected: 6, BatchSize: 4,
				Progress: func(contactkit.BulkProgress) { cancel() }})
			require.ErrorIs(t, err, context.Canceled)
			assert.Equal(t, ids[:4], res.Changed)
			assert.Equal(t, ids[4:], res.Untouched)
			first := eventsByContact(h.takeEvents())
			assert.Len(t, first, 4)

			res, err = act.run(h, ctx, l.ID, contactkit.Bulk{IDs: ids, Expected: 6, BatchSize: 4})
			require.NoError(t, err)
			assert.Equal(t, ids[:4], res.Unchanged)
			assert.Equal(t, ids[4:], res.Changed)
			second := eventsByContact(h.takeEvents())
			assert.Len(t, second, 2, "events of the contacts changed the second time only")
			for _, id := range ids[4:] {
				assert.Equal(t, first[ids[0]], second[id], "the same events as the first run's")
			}
		})
	}
}

// Bulk.Query's Trashed field was ignored (documented), so a host that
// counts a query of the trash with Contacts and passes the same query and
// count to a bulk call acted on as many live contacts instead: the count,
// meant as the confirmation, did not catch it when the two numbers agree.
// Decided: a query with Trashed set is refused (ErrInvalidInput).
func TestAcc17BulkQueryOfTheTrash(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	for _, n := range []string{"Old1", "Old2"} {
		c := h.create(t, owner, contact.Patch{FirstName: new(n)})
		_, err := h.svc.DeleteContact(ctx, owner, c.ID)
		require.NoError(t, err)
	}
	live := []contact.ID{h.create(t, owner, contact.Patch{FirstName: new("Ann")}).ID, h.create(t, owner, contact.Patch{FirstName: new("Bob")}).ID}
	q := contactkit.ContactQuery{Trashed: true}
	n := 0
	for _, err := range h.svc.Contacts(ctx, owner, q) {
		require.NoError(t, err)
		n++
	}
	require.Equal(t, 2, n, "the host counts the trash")
	res, err := h.svc.TagContacts(ctx, owner, contactkit.Bulk{Query: q, Expected: n}, "purge-me")
	require.ErrorIs(t, err, contactkit.ErrInvalidInput)
	require.Empty(t, res.Changed)
	for _, id := range live {
		c, err := h.svc.GetContact(ctx, owner, id)
		require.NoError(t, err)
		require.Empty(t, c.Tags, "nothing written")
	}
}

// Bulk calls running at once over the same contacts lose no update: each
// contact ends with every tag, and each call changed every contact.
func TestAcc17BulkConcurrentCallsLoseNothing(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	var ids []contact.ID
	for i := range 40 {
		ids = append(ids, h.create(t, owner, contact.Patch{FirstName: new(fmt.Sprint("P", i))}).ID)
	}
	names := []string{"p", "q", "r"}
	results := make([]contactkit.BulkResult, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, n := range names {
		wg.Go(func() {
			results[i], errs[i] = h.svc.TagContacts(ctx, owner, contactkit.Bulk{IDs: ids, Expected: len(ids), BatchSize: 7}, n)
		})
	}
	wg.Go(func() {
		_, _ = h.svc.AssignContacts(ctx, owner, contactkit.Bulk{IDs: ids, Expected: len(ids), BatchSize: 5}, "u-bob")
	})
	wg.Wait()
	for i := range names {
		require.NoError(t, errs[i])
		assert.Equal(t, ids, results[i].Changed)
	}
	for _, id := range ids {
		c, err := h.svc.GetContact(ctx, owner, id)
		require.NoError(t, err)
		assert.ElementsMatch(t, names, tagStrings(c.Tags), "tags in the order the calls added them")
		assert.Equal(t, contact.UserID("u-bob"), c.Assignee)
	}
}

// A type change keeps a hidden option that contacts hold: select to
// multiselect converts it, and no value is lost.
func TestAcc17ChangeFieldTypeKeepsHeldHiddenOption(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	d, err := h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeSelect,
		Options: []field.Option{{Value: "a"}, {Value: "b", Label: "Bee"}}})
	require.NoError(t, err)
	ann := h.withValue(t, owner, "Ann", "plan", "b")
	d.Options[1].Hidden = true
	d, err = h.svc.UpdateField(ctx, owner, d)
	require.NoError(t, err)
	next := d
	next.Type = field.TypeMultiselect
	conv, err := h.svc.ChangeFieldType(ctx, owner, contactkit.FieldTypeChange{Definition: next})
	require.NoError(t, err)
	assert.Empty(t, conv.Losses)
	c, err := h.svc.GetContact(ctx, owner, ann.ID)
	require.NoError(t, err)
	v := c.Fields[field.MustParseKey("plan")]
	assert.Equal(t, field.TypeMultiselect, v.Type())
	assert.Equal(t, []string{"b"}, v.Options())
}
