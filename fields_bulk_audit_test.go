package contactkit_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// auditTypes are every custom field type.
var auditTypes = []field.Type{
	field.TypeText, field.TypeTextarea, field.TypeNumber, field.TypeMonetary, field.TypeDate, field.TypeDatetime,
	field.TypeCheckbox, field.TypeSelect, field.TypeMultiselect, field.TypePhone, field.TypeEmail, field.TypeURL,
}

// auditOptions are the options of the choice types of the type-change
// audit: "old" is hidden once the contacts hold it.
func auditOptions(hideOld bool) []field.Option {
	return []field.Option{{Value: "red", Label: "Rouge"}, {Value: "blue"}, {Value: "42"}, {Value: "yes"},
		{Value: "2024-05-01"}, {Value: "old", Label: "Ancien", Hidden: hideOld}}
}

// auditRaw returns random raw input of type t, valid or not for it.
func auditRaw(r *rand.Rand, t field.Type) string {
	common := []string{"42", "-3.5", "1 234,5", "about ten", "red", "Rouge", "RED", "old", "Ancien", "red, blue", "2024-05-01",
		"2024-05-01T10:30:00+02:00", "yes", "0", "+33 6 12 34 56 78", "06 12 34 56 78", "ann@example.com", "example.com/a",
		"https://example.com/x?y=1", strings.Repeat("é", 250), strings.Repeat("ab ", 120)}
	switch t {
	case field.TypeTextarea:
		return pickFrom(r, append(common, "two\nlines", "a\tb", "red\nblue"))
	case field.TypeNumber:
		return fmt.Sprintf("%d.%d", r.IntN(2000)-1000, r.IntN(1000))
	case field.TypeMonetary:
		return fmt.Sprintf("%d.%02d", r.IntN(2000)-1000, r.IntN(100))
	case field.TypeDate:
		return fmt.Sprintf("%04d-%02d-%02d", 1900+r.IntN(200), 1+r.IntN(12), 1+r.IntN(28))
	case field.TypeDatetime:
		return fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02d.%d+0%d:00", 1900+r.IntN(200), 1+r.IntN(12), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), r.IntN(1000), r.IntN(10))
	case field.TypeCheckbox:
		return pickFrom(r, []string{"yes", "no", "1", "0", "on", "off"})
	case field.TypeSelect:
		return pickFrom(r, []string{"red", "blue", "42", "yes", "2024-05-01", "old"})
	case field.TypeMultiselect:
		var set []string
		for _, o := range auditOptions(false) {
			if r.IntN(3) == 0 {
				set = append(set, o.Value)
			}
		}
		if len(set) == 0 {
			set = []string{"old"}
		}
		return strings.Join(set, ", ")
	case field.TypePhone:
		return fmt.Sprintf("+33 6 %02d %02d %02d %02d", r.IntN(100), r.IntN(100), r.IntN(100), r.IntN(100))
	case field.TypeEmail:
		return fmt.Sprintf("p%d@example.com", r.IntN(1000))
	case field.TypeURL:
		return fmt.Sprintf("https://example.com/%d", r.IntN(1000))
	}
	return pickFrom(r, common)
}

// TestFieldTypeChangeAgreesWithItsPreview: for every pair of types and
// random values (hidden options included, contacts in the trash included),
// what the dry run says converts converts to exactly that, what it says is
// lost refuses the change until accepted and is then cleared, every value
// written is a valid stored value of the new definition, and each contact
// that held a value has one history entry and one event.
func TestFieldTypeChangeAgreesWithItsPreview(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for _, from := range auditTypes {
		for _, to := range auditTypes {
			if from == to {
				continue
			}
			t.Run(string(from)+"_to_"+string(to), func(t *testing.T) {
				h := newHarness(t)
				ctx := t.Context()
				d := field.Definition{Key: field.MustParseKey("f"), Label: "F", Type: from}
				if from.HasOptions() {
					d.Options = auditOptions(false)
				}
				d, err := h.svc.CreateField(ctx, owner, d)
				require.NoError(t, err)
				var holders []contact.ID
				for i := range 8 {
					c, err := h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{
						FirstName: new(fmt.Sprint("P", i)), Fields: map[string]string{"f": auditRaw(r, from)}}})
					if err != nil {
						continue // input the type refuses: no value to convert
					}
					holders = append(holders, c.ID)
					if i%4 == 3 {
						_, err := h.svc.DeleteContact(ctx, owner, c.ID)
						require.NoError(t, err)
					}
				}
				h.create(t, owner, contact.Patch{FirstName: new("Nobody")})
				if from.HasOptions() {
					d.Options = auditOptions(true)
					d, err = h.svc.UpdateField(ctx, owner, d)
					require.NoError(t, err)
				}
				next := d
				next.Type, next.Options = to, nil
				if to.HasOptions() {
					next.Options = auditOptions(true)
				}
				before := map[contact.ID]field.Value{}
				for _, id := range holders {
					c, err := h.svc.GetContact(ctx, owner, id)
					require.NoError(t, err)
					before[id] = c.Fields[d.Key]
				}

				preview, err := h.svc.PreviewFieldTypeChange(ctx, owner, next)
				require.NoError(t, err)
				seen := map[contact.ID]bool{}
				for _, v := range preview.Converted {
					assert.False(t, seen[v.Contact], "each holder once")
					seen[v.Contact] = true
					assert.Equal(t, before[v.Contact], v.Old)
					assert.Equal(t, to, v.New.Type())
					assert.NoError(t, next.CheckValue(v.New), "a converted value is valid")
				}
				for _, l := range preview.Losses {
					assert.False(t, seen[l.Contact], "each holder once")
					seen[l.Contact] = true
					assert.Equal(t, before[l.Contact], l.Old)
					assert.ErrorIs(t, l.Err, field.ErrInvalidValue)
				}
				assert.Len(t, seen, len(holders), "every holder is reported")
				h.takeEvents()

				if len(preview.Losses) > 0 {
					_, err := h.svc.ChangeFieldType(ctx, owner, contactkit.FieldTypeChange{Definition: next, AcceptLosses: preview.Losses[1:]})
					lossErr, ok := errors.AsType[*contactkit.FieldLossError](err)
					require.True(t, ok, "%v", err)
					assert.Equal(t, 1, lossErr.Unaccepted)
					assert.Empty(t, h.takeEvents())
				}
				conv, err := h.svc.ChangeFieldType(ctx, owner, contactkit.FieldTypeChange{Definition: next, AcceptLosses: preview.Losses})
				require.NoError(t, err)
				assert.Equal(t, preview.Converted, conv.Converted)
				assert.Equal(t, len(preview.Losses), len(conv.Losses))
				want := map[contact.ID]field.Value{}
				for _, v := range preview.Converted {
					want[v.Contact] = v.New
				}
				for _, l := range preview.Losses {
					want[l.Contact] = field.Value{}
				}
				for id, v := range want {
					c, err := h.svc.GetContact(ctx, owner, id)
					require.NoError(t, err)
					assert.Equal(t, v, c.Fields[d.Key])
					assert.NoError(t, c.Validate([]field.Definition{conv.Definition}), "contact %s validates", c.FirstName)
					var last contact.Change
					n := 0
					for ch, err := range h.svc.History(ctx, owner, id, "fields.f") {
						require.NoError(t, err)
						last = ch
						n++
					}
					assert.Equal(t, 2, n, "created, then converted")
					assert.Equal(t, before[id].String(), last.Old)
					assert.Equal(t, v.String(), last.New)
				}
				assert.Len(t, eventsByContact(h.takeEvents()), len(holders), "one event per holder")
			})
		}
	}
}

// TestHiddenOptionExportImportRoundTrip: a contact holding a hidden option
// (F1: its value stays valid) is exported, and the import reads it back
// (I6): into an empty workspace with the same fields, and onto itself. The
// import takes the hidden option by its value only; other calls still
// refuse it as new input.
func TestHiddenOptionExportImportRoundTrip(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	plan := field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeSelect,
		Options: []field.Option{{Value: "free"}, {Value: "pro", Label: "Premium"}}}
	tiers := field.Definition{Key: field.MustParseKey("tiers"), Label: "Tiers", Type: field.TypeMultiselect,
		Options: []field.Option{{Value: "a"}, {Value: "b"}}}
	var ann contact.Contact
	for _, a := range []contactkit.Actor{owner, other} {
		p, err := h.svc.CreateField(ctx, a, plan)
		require.NoError(t, err)
		m, err := h.svc.CreateField(ctx, a, tiers)
		require.NoError(t, err)
		if a == owner {
			ann = h.create(t, a, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com"),
				Fields: map[string]string{"plan": "pro", "tiers": "a, b"}})
		}
		p.Options[1].Hidden, m.Options[0].Hidden = true, true
		_, err = h.svc.UpdateField(ctx, a, p)
		require.NoError(t, err)
		_, err = h.svc.UpdateField(ctx, a, m)
		require.NoError(t, err)
	}
	var out bytes.Buffer
	_, err := h.svc.Export(ctx, owner, contactkit.ContactQuery{}, &out, nil)
	require.NoError(t, err)

	got := importCSV(t, h, other, out.String(), nil)
	require.NoError(t, got.err)
	require.Equal(t, []string{"2:created"}, got.outcomes(), "%+v", got.rows)
	c, err := h.svc.GetContact(ctx, other, got.rows[0].Contact)
	require.NoError(t, err)
	assert.Equal(t, exported(ann), exported(c))

	h.takeEvents()
	again := importCSV(t, h, owner, out.String(), nil)
	require.NoError(t, again.err)
	require.Equal(t, []string{"2:updated"}, again.outcomes(), "%+v", again.rows)
	c, err = h.svc.GetContact(ctx, owner, ann.ID)
	require.NoError(t, err)
	assert.Equal(t, ann, c, "the contact is as it was")
	assert.Empty(t, h.takeEvents(), "nothing changed")

	// By its label a hidden option is not taken, and new input through
	// the other calls still refuses it, but from a contact that holds it
	// (F1).
	label := importCSV(t, h, other, "First Name,plan\nBob,Premium\n", nil)
	require.NoError(t, label.err)
	assert.Equal(t, []string{"2:failed"}, label.outcomes())
	_, err = h.svc.UpdateContact(ctx, owner, ann.ID, contact.Patch{Fields: map[string]string{"tiers": "a"}})
	assert.NoError(t, err, "Ann holds a")
	dan := h.create(t, owner, contact.Patch{FirstName: new("Dan")})
	_, err = h.svc.UpdateContact(ctx, owner, dan.ID, contact.Patch{Fields: map[string]string{"tiers": "a"}})
	assert.ErrorIs(t, err, field.ErrInvalidValue)
	_, err = h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Cat"), Fields: map[string]string{"plan": "pro"}}})
	assert.ErrorIs(t, err, field.ErrInvalidValue)
}

// TestUnmergeAfterFieldTypeChange: ChangeFieldType converts the values of
// every contact, merged ones in the trash included; an unmerge after it
// gives back values of the field's type now, converted as the change
// converted them (a value the change lost stays lost), never values of the
// former type, which the definition refuses.
func TestUnmergeAfterFieldTypeChange(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	size, err := h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("size"), Label: "Size", Type: field.TypeText})
	require.NoError(t, err)
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com"), Fields: map[string]string{"size": "7"}})
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob"), Email: new("bob@example.com"), Fields: map[string]string{"size": "42"}})
	cat := h.create(t, owner, contact.Patch{FirstName: new("Cat"), Email: new("cat@example.com"), Fields: map[string]string{"size": "big"}})
	p, err := h.svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: ann.ID, Others: []contact.ID{bob.ID, cat.ID}})
	require.NoError(t, err)
	rec, err := h.svc.MergeContacts(ctx, owner, p)
	require.NoError(t, err)

	next := size
	next.Type = field.TypeNumber
	preview, err := h.svc.PreviewFieldTypeChange(ctx, owner, next)
	require.NoError(t, err)
	require.Len(t, preview.Losses, 1)
	conv, err := h.svc.ChangeFieldType(ctx, owner, contactkit.FieldTypeChange{Definition: next, AcceptLosses: preview.Losses})
	require.NoError(t, err)

	_, err = h.svc.UnmergeContacts(ctx, owner, rec.ID)
	require.NoError(t, err)
	want := map[contact.ID]field.Value{ann.ID: field.Number("7"), bob.ID: field.Number("42"), cat.ID: {}}
	for id, v := range want {
		c, err := h.svc.GetContact(ctx, owner, id)
		require.NoError(t, err)
		assert.Equal(t, v, c.Fields[size.Key], "value of %s", c.FirstName)
		assert.NoError(t, c.Validate([]field.Definition{conv.Definition}), "%s validates", c.FirstName)
		_, err = h.svc.UpdateContact(ctx, owner, id, contact.Patch{City: new("Lyon")})
		assert.NoError(t, err, "%s can be edited", c.FirstName)
	}
	got, err := h.svc.GetMerge(ctx, owner, rec.ID)
	require.NoError(t, err)
	for _, in := range got.Inputs {
		assert.Equal(t, field.TypeText, in.Fields[size.Key].Type(), "the record keeps its snapshots as taken")
	}
}

// TestUnmergeAfterATypeChangeThatRewritesText: a value the merge gave the
// survivor, which a type change then rewrote ("1 234,50" became 1234.5),
// is compared in its new type: no false "edited since" conflict, and each
// contact gets its value back in the field's type now.
func TestUnmergeAfterATypeChangeThatRewritesText(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	size, err := h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("size"), Label: "Size", Type: field.TypeText})
	require.NoError(t, err)
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com")})
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob"), Email: new("bob@example.com"), Fields: map[string]string{"size": "1 234,50"}})
	p, err := h.svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: ann.ID, Others: []contact.ID{bob.ID}})
	require.NoError(t, err)
	rec, err := h.svc.MergeContacts(ctx, owner, p)
	require.NoError(t, err)
	next := size
	next.Type = field.TypeNumber
	preview, err := h.svc.PreviewFieldTypeChange(ctx, owner, next)
	require.NoError(t, err)
	require.Empty(t, preview.Losses)
	_, err = h.svc.ChangeFieldType(ctx, owner, contactkit.FieldTypeChange{Definition: next})
	require.NoError(t, err)
	merged, err := h.svc.GetContact(ctx, owner, ann.ID)
	require.NoError(t, err)
	require.Equal(t, field.Number("1234.5"), merged.Fields[size.Key], "the survivor's value, converted")

	_, err = h.svc.UnmergeContacts(ctx, owner, rec.ID)
	require.NoError(t, err, "no edit since the merge: the type change is not one")
	for id, want := range map[contact.ID]field.Value{ann.ID: {}, bob.ID: field.Number("1234.5")} {
		c, err := h.svc.GetContact(ctx, owner, id)
		require.NoError(t, err)
		assert.Equal(t, want, c.Fields[size.Key], "value of %s", c.FirstName)
	}
}

// failNthUpdate fails the nth read-write transaction (from 1) after its
// function ran, so that everything it wrote must roll back.
type failNthUpdate struct {
	store.Store
	n, calls *int
}

func (s failNthUpdate) Update(ctx context.Context, fn func(store.Tx) error) error {
	*s.calls++
	if *s.calls != *s.n {
		return s.Store.Update(ctx, fn)
	}
	return s.Store.Update(ctx, func(tx store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errInjected
	})
}

// TestBulkFailedBatchStopsCleanly: a batch whose transaction fails rolls
// back whole and stops the call; the batches before it stay committed, the
// result names them and the untouched rest, and only the committed
// contacts have events. Retrying the call finishes the job: the contacts
// done are unchanged, the rest changed.
func TestBulkFailedBatchStopsCleanly(t *testing.T) {
	mem := memstore.New()
	n, calls := 0, 0
	h := newHarnessOn(t, failNthUpdate{Store: mem, n: &n, calls: &calls})
	ids := h.seed(t, 6)
	h.takeEvents()
	n, calls = 2, 0 // the second batch fails
	var progress []contactkit.BulkProgress
	res, err := h.svc.TagContacts(t.Context(), owner, contactkit.Bulk{Expected: 6, BatchSize: 2,
		Progress: func(p contactkit.BulkProgress) { progress = append(progress, p) }}, "wave")
	require.ErrorIs(t, err, errInjected)
	assert.Equal(t, 3, res.Batches)
	assert.Equal(t, 1, res.Committed)
	assert.Equal(t, ids[:2], res.Changed)
	assert.Equal(t, ids[2:], res.Untouched)
	assert.Empty(t, res.Failed)
	assert.Len(t, progress, 1)
	assert.Equal(t, ids[:2], h.ids(t, contactkit.ContactQuery{Tag: "wave"}))
	events := eventsByContact(h.takeEvents())
	assert.Len(t, events, 2)

	n = 0 // no more failures
	res, err = h.svc.TagContacts(t.Context(), owner, contactkit.Bulk{IDs: ids, Expected: 6, BatchSize: 2}, "wave")
	require.NoError(t, err)
	assert.Equal(t, ids[:2], res.Unchanged)
	assert.Equal(t, ids[2:], res.Changed)
	assert.Len(t, eventsByContact(h.takeEvents()), 4, "events of the contacts changed only")
}

// TestBulkSetFieldOfArchivedField: an archived field takes no value, so
// SetContactsField refuses the whole call before anything changes, a clear
// included, and the agent's bulk delete is refused before any count.
func TestBulkSetFieldOfArchivedField(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	_, err := h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeText})
	require.NoError(t, err)
	ann := h.withValue(t, owner, "Ann", "plan", "gold")
	_, err = h.svc.ArchiveField(ctx, owner, field.MustParseKey("plan"))
	require.NoError(t, err)
	h.takeEvents()
	for _, v := range []string{"silver", ""} {
		res, err := h.svc.SetContactsField(ctx, owner, contactkit.Bulk{IDs: []contact.ID{ann.ID}, Expected: 1}, "plan", v)
		require.ErrorIs(t, err, field.ErrArchived, "%q", v)
		assert.Equal(t, contactkit.BulkResult{}, res)
	}
	res, err := h.svc.DeleteContacts(ctx, agent, contactkit.Bulk{IDs: []contact.ID{ann.ID}, Expected: 7})
	require.ErrorIs(t, err, contactkit.ErrPermission)
	assert.Equal(t, contactkit.BulkResult{}, res)
	c, err := h.svc.GetContact(ctx, owner, ann.ID)
	require.NoError(t, err)
	assert.Equal(t, ann, c)
	assert.Empty(t, h.takeEvents())
}

// TestChangeFieldTypeStaleAcceptedLoss: an accepted loss that no longer
// happens (the value fixed since the dry run) is no matter, and a value
// changed since to another one that is lost is not accepted by the old
// loss of that contact. An archived field's type changes too, and it
// stays archived.
func TestChangeFieldTypeStaleAcceptedLoss(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	size, err := h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("size"), Label: "Size", Type: field.TypeText})
	require.NoError(t, err)
	ann := h.withValue(t, owner, "Ann", "size", "ten")
	bob := h.withValue(t, owner, "Bob", "size", "big")
	next := size
	next.Type = field.TypeNumber
	preview, err := h.svc.PreviewFieldTypeChange(ctx, owner, next)
	require.NoError(t, err)
	require.Len(t, preview.Losses, 2)
	_, err = h.svc.UpdateContact(ctx, owner, ann.ID, contact.Patch{Fields: map[string]string{"size": "10"}})
	require.NoError(t, err)
	_, err = h.svc.UpdateContact(ctx, owner, bob.ID, contact.Patch{Fields: map[string]string{"size": "huge"}})
	require.NoError(t, err)
	_, err = h.svc.ChangeFieldType(ctx, owner, contactkit.FieldTypeChange{Definition: next, AcceptLosses: preview.Losses})
	lossErr, ok := errors.AsType[*contactkit.FieldLossError](err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, 1, lossErr.Unaccepted, "Bob's new value was not seen")

	_, err = h.svc.ArchiveField(ctx, owner, size.Key)
	require.NoError(t, err)
	_, err = h.svc.UpdateContact(ctx, owner, bob.ID, contact.Patch{City: new("Lyon")})
	require.NoError(t, err)
	next.Version = 0 // archived since: version 0 does not check
	preview2, err := h.svc.PreviewFieldTypeChange(ctx, owner, next)
	require.NoError(t, err)
	conv, err := h.svc.ChangeFieldType(ctx, owner, contactkit.FieldTypeChange{Definition: next, AcceptLosses: append(preview.Losses, preview2.Losses...)})
	require.NoError(t, err)
	assert.True(t, conv.Definition.Archived(), "it stays archived")
	c, err := h.svc.GetContact(ctx, owner, ann.ID)
	require.NoError(t, err)
	assert.Equal(t, field.Number("10"), c.Fields[size.Key])
}
