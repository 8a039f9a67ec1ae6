package contactkit_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/importer"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/memstore"
)

// withValue creates a contact of a named first with the custom value raw of
// key.
func (h *harness) withValue(t *testing.T, a contactkit.Actor, first, key, raw string) contact.Contact {
	t.Helper()
	return h.create(t, a, contact.Patch{FirstName: new(first), Fields: map[string]string{key: raw}})
}

func TestChangeFieldTypeTextToNumber(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	size, err := h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("size"), Label: "Size", Type: field.TypeText})
	require.NoError(t, err)
	ann := h.withValue(t, owner, "Ann", "size", "42")
	bob := h.withValue(t, owner, "Bob", "size", "1 234,5")
	cat := h.withValue(t, owner, "Cat", "size", "about ten")
	dan := h.create(t, owner, contact.Patch{FirstName: new("Dan")}) // no value
	eve := h.withValue(t, owner, "Eve", "size", "7")
	_, err = h.svc.DeleteContact(ctx, owner, eve.ID) // in the trash: converted too
	require.NoError(t, err)
	// Another workspace's field of the same key is not touched.
	_, err = h.svc.CreateField(ctx, other, field.Definition{Key: size.Key, Label: "Size", Type: field.TypeText})
	require.NoError(t, err)
	far := h.withValue(t, other, "Far", "size", "abc")

	next := size
	next.Type = field.TypeNumber

	// The dry run reports every value and the exact losses, and writes
	// nothing.
	preview, err := h.svc.PreviewFieldTypeChange(ctx, owner, next)
	require.NoError(t, err)
	assert.Equal(t, field.TypeText, preview.From)
	assert.Equal(t, []contactkit.ConvertedValue{
		{Contact: ann.ID, Old: field.Text("42"), New: field.Number("42")},
		{Contact: bob.ID, Old: field.Text("1 234,5"), New: field.Number("1234.5")},
		{Contact: eve.ID, Old: field.Text("7"), New: field.Number("7")},
	}, preview.Converted)
	require.Len(t, preview.Losses, 1)
	assert.Equal(t, cat.ID, preview.Losses[0].Contact)
	assert.Equal(t, field.Text("about ten"), preview.Losses[0].Old)
	assert.ErrorIs(t, preview.Losses[0].Err, field.ErrInvalidValue)
	defs, err := h.svc.Fields(ctx, owner)
	require.NoError(t, err)
	assert.Equal(t, field.TypeText, defs[0].Type, "the dry run wrote nothing")
	h.takeEvents()

	// Refused without acceptance: nothing written.
	_, err = h.svc.ChangeFieldType(ctx, owner, contactkit.FieldTypeChange{Definition: next})
	require.ErrorIs(t, err, contactkit.ErrValueLoss)
	lossErr, ok := errors.AsType[*contactkit.FieldLossError](err)
	require.True(t, ok, "%v", err)
	assert.Len(t, lossErr.Losses, 1)
	assert.Equal(t, 1, lossErr.Unaccepted)
	assert.Contains(t, err.Error(), `change type of field size: field "size": type change would lose values: 1 lost, 1 not accepted`)
	got, err := h.svc.GetContact(ctx, owner, cat.ID)
	require.NoError(t, err)
	assert.Equal(t, field.Text("about ten"), got.Fields[size.Key])
	assert.Empty(t, h.takeEvents())

	// A loss the dry run did not show is never accepted.
	_, err = h.svc.UpdateContact(ctx, owner, bob.ID, contact.Patch{Fields: map[string]string{"size": "large"}})
	require.NoError(t, err)
	h.takeEvents()
	_, err = h.svc.ChangeFieldType(ctx, owner, contactkit.FieldTypeChange{Definition: next, AcceptLosses: preview.Losses})
	lossErr, ok = errors.AsType[*contactkit.FieldLossError](err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, 2, len(lossErr.Losses))
	assert.Equal(t, 1, lossErr.Unaccepted, "Bob's new value was not in the dry run")

	// Applied with the losses of a fresh dry run.
	preview, err = h.svc.PreviewFieldTypeChange(ctx, owner, next)
	require.NoError(t, err)
	require.Len(t, preview.Losses, 2)
	conv, err := h.svc.ChangeFieldType(ctx, owner, contactkit.FieldTypeChange{Definition: next, AcceptLosses: preview.Losses})
	require.NoError(t, err)
	assert.Equal(t, field.TypeNumber, conv.Definition.Type)
	assert.Equal(t, size.Version+1, conv.Definition.Version)
	assert.Equal(t, preview.Converted, conv.Converted)

	want := map[contact.ID]field.Value{ann.ID: field.Number("42"), bob.ID: {}, cat.ID: {}, dan.ID: {}, eve.ID: field.Number("7")}
	for id, v := range want {
		c, err := h.svc.GetContact(ctx, owner, id)
		require.NoError(t, err)
		assert.Equal(t, v, c.Fields[size.Key], "value of %s", c.FirstName)
	}
	defs, err = h.svc.Fields(ctx, owner)
	require.NoError(t, err)
	assert.Equal(t, field.TypeNumber, defs[0].Type)
	c, err := h.svc.GetContact(ctx, other, far.ID)
	require.NoError(t, err)
	assert.Equal(t, field.Text("abc"), c.Fields[size.Key], "another workspace is not touched")

	// History records each converted or cleared value, old and new.
	for _, tt := range []struct {
		id       contact.ID
		old, new string
	}{{ann.ID, "42", "42"}, {cat.ID, "about ten", ""}, {bob.ID, "large", ""}} {
		var changes []contact.Change
		for ch, err := range h.svc.History(ctx, owner, tt.id, "fields.size") {
			require.NoError(t, err)
			changes = append(changes, ch)
		}
		last := changes[len(changes)-1]
		assert.Equal(t, tt.old, last.Old)
		assert.Equal(t, tt.new, last.New)
		assert.Equal(t, "field type changed from text to number", last.Reason)
		assert.Equal(t, owner.User, last.Actor)
	}

	// One ContactUpdated a contact that held a value, after the commit.
	var updated []contact.ID
	for _, e := range h.takeEvents() {
		u, ok := e.(contactkit.ContactUpdated)
		require.True(t, ok, "%T", e)
		assert.Equal(t, []string{"fields.size"}, u.Fields)
		updated = append(updated, u.Contact)
	}
	slices.SortFunc(updated, contact.ID.Compare)
	wantIDs := []contact.ID{ann.ID, bob.ID, cat.ID, eve.ID}
	slices.SortFunc(wantIDs, contact.ID.Compare)
	assert.Equal(t, wantIDs, updated)

	// New input follows the new type.
	_, err = h.svc.UpdateContact(ctx, owner, dan.ID, contact.Patch{Fields: map[string]string{"size": "x"}})
	require.ErrorIs(t, err, field.ErrInvalidValue)
}

func TestChangeFieldTypeRefusals(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	color, err := h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("color"), Label: "Color", Type: field.TypeSelect,
		Options: []field.Option{{Value: "red"}, {Value: "blue"}}})
	require.NoError(t, err)
	red := h.withValue(t, owner, "Ann", "color", "red")
	multi := color
	multi.Type = field.TypeMultiselect

	tests := []struct {
		name string
		a    contactkit.Actor
		next func() field.Definition
		is   error
	}{
		{"agent", agent, func() field.Definition { return multi }, contactkit.ErrPermission},
		{"other workspace", other, func() field.Definition { return multi }, contactkit.ErrNotFound},
		{"unknown key", owner, func() field.Definition { d := multi; d.Key = field.MustParseKey("nope"); return d }, contactkit.ErrNotFound},
		{"stale version", owner, func() field.Definition { d := multi; d.Version = 7; return d }, contactkit.ErrConflict},
		{"same type", owner, func() field.Definition { return color }, contactkit.ErrInvalidInput},
		{"option removed", owner, func() field.Definition { d := multi; d.Options = d.Options[1:]; return d }, field.ErrOptionRemoved},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.svc.PreviewFieldTypeChange(ctx, tt.a, tt.next())
			assert.ErrorIs(t, err, tt.is, "PreviewFieldTypeChange")
			_, err = h.svc.ChangeFieldType(ctx, tt.a, contactkit.FieldTypeChange{Definition: tt.next()})
			assert.ErrorIs(t, err, tt.is, "ChangeFieldType")
		})
	}

	// Without losses nothing needs accepting; version 0 does not check.
	multi.Version = 0
	conv, err := h.svc.ChangeFieldType(ctx, owner, contactkit.FieldTypeChange{Definition: multi})
	require.NoError(t, err)
	assert.Empty(t, conv.Losses)
	c, err := h.svc.GetContact(ctx, owner, red.ID)
	require.NoError(t, err)
	assert.Equal(t, field.Multiselect("red"), c.Fields[color.Key])
}

func TestArchiveField(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	plan, err := h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeText, Required: true})
	require.NoError(t, err)
	_, err = h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("size"), Label: "Size", Type: field.TypeNumber, Position: 1})
	require.NoError(t, err)
	ann := h.withValue(t, owner, "Ann", "plan", "gold")

	_, err = h.svc.ArchiveField(ctx, agent, plan.Key)
	require.ErrorIs(t, err, contactkit.ErrPermission)
	_, err = h.svc.ArchiveField(ctx, other, plan.Key)
	require.ErrorIs(t, err, contactkit.ErrNotFound, "another workspace's field behaves as unknown")

	h.now = h.now.Add(1)
	archived, err := h.svc.ArchiveField(ctx, owner, plan.Key)
	require.NoError(t, err)
	assert.True(t, archived.Archived())
	assert.Equal(t, h.now, archived.ArchivedAt)
	again, err := h.svc.ArchiveField(ctx, owner, plan.Key)
	require.NoError(t, err)
	assert.Equal(t, archived, again, "archiving an archived field changes nothing")

	// Hidden from the listing, not from AllFields.
	keys := func(defs []field.Definition, err error) []string {
		require.NoError(t, err)
		var out []string
		for _, d := range defs {
			out = append(out, d.Key.String())
		}
		return out
	}
	assert.Equal(t, []string{"size"}, keys(h.svc.Fields(ctx, owner)))
	assert.Equal(t, []string{"plan", "size"}, keys(h.svc.AllFields(ctx, owner)))

	// Values kept; no longer required; writes refused.
	c, err := h.svc.GetContact(ctx, owner, ann.ID)
	require.NoError(t, err)
	assert.Equal(t, field.Text("gold"), c.Fields[plan.Key])
	h.create(t, owner, contact.Patch{FirstName: new("Bob")})
	c, err = h.svc.UpdateContact(ctx, owner, ann.ID, contact.Patch{City: new("Lyon")})
	require.NoError(t, err, "a contact holding an archived value changes")
	assert.Equal(t, field.Text("gold"), c.Fields[plan.Key])
	for _, raw := range []string{"silver", ""} {
		_, err = h.svc.UpdateContact(ctx, owner, ann.ID, contact.Patch{Fields: map[string]string{"plan": raw}})
		require.ErrorIs(t, err, contactkit.ErrInvalidInput)
		fe, ok := errors.AsType[*field.Error](err)
		require.True(t, ok, "%v", err)
		assert.ErrorIs(t, fe, field.ErrArchived)
		assert.Equal(t, plan.Key, fe.Key)
	}
	_, err = h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Cat"), Fields: map[string]string{"plan": "gold"}}})
	require.ErrorIs(t, err, field.ErrArchived)

	// An import cannot map a column to it.
	m := importer.Mapping{Columns: []importer.Column{
		{Index: 0, Target: importer.Target{Kind: importer.KindFirstName}},
		{Index: 1, Target: importer.Target{Kind: importer.KindCustom, Field: plan.Key}},
	}}
	_, err = h.svc.Import(ctx, owner, mustOpen(t, "Name,Plan\nDan,gold\n"), m, nil)
	require.ErrorIs(t, err, importer.ErrUnknownField)

	// UpdateField keeps it archived.
	archived.Label = "Old plan"
	archived.ArchivedAt = archived.ArchivedAt.AddDate(-1, 0, 0)
	relabeled, err := h.svc.UpdateField(ctx, owner, archived)
	require.NoError(t, err)
	assert.Equal(t, again.ArchivedAt, relabeled.ArchivedAt)

	// Restored: listed and required again, writes allowed.
	restored, err := h.svc.RestoreField(ctx, owner, plan.Key)
	require.NoError(t, err)
	assert.False(t, restored.Archived())
	assert.Equal(t, []string{"plan", "size"}, keys(h.svc.Fields(ctx, owner)))
	_, err = h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Dan")}})
	require.ErrorIs(t, err, field.ErrRequired)
	c, err = h.svc.UpdateContact(ctx, owner, ann.ID, contact.Patch{Fields: map[string]string{"plan": "silver"}})
	require.NoError(t, err)
	assert.Equal(t, field.Text("silver"), c.Fields[plan.Key])
}

func TestRequiredStandardFields(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	h.svc = contactkit.New(h.store, &contactkit.Options{
		Now: func() time.Time { return h.now }, DefaultRegion: "FR",
		RequiredFields: func(ws contact.WorkspaceID) []string {
			if ws == owner.Workspace {
				return []string{contact.FieldPhone}
			}
			return nil
		},
	})
	missingPhone := func(t *testing.T, err error) {
		t.Helper()
		require.ErrorIs(t, err, contactkit.ErrInvalidInput)
		re, ok := errors.AsType[*contact.RequiredError](err)
		require.True(t, ok, "%v", err)
		assert.Equal(t, contact.FieldPhone, re.Field)
	}

	// Create: reported with every other problem, nothing written.
	_, err := h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann"), Email: new("bad")}})
	missingPhone(t, err)
	require.ErrorIs(t, err, contact.ErrInvalidEmail)
	assert.Equal(t, 0, h.count(t, owner))
	ann := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Phone: new("06 12 34 56 78")})
	h.create(t, other, contact.Patch{FirstName: new("Far")}) // another workspace's policy

	// Update.
	_, err = h.svc.UpdateContact(ctx, owner, ann.ID, contact.Patch{Phone: new("")})
	missingPhone(t, err)
	_, err = h.svc.UpdateContact(ctx, owner, ann.ID, contact.Patch{City: new("Lyon")})
	require.NoError(t, err)

	// Capture: a new contact needs the phone; an existing one has it.
	_, err = h.svc.CaptureContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("bob@example.com")}})
	missingPhone(t, err)
	_, err = h.svc.CaptureContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Phone: new("06 12 34 56 78"), Email: new("ann@example.com")}})
	require.NoError(t, err)

	// Import: a row that would create a contact without a phone fails; one
	// that updates a contact with a phone does not.
	got := importCSV(t, h, owner, "First Name,Email\nCat,cat@example.com\nAnn,ann@example.com\n", nil)
	require.NoError(t, got.err)
	assert.Equal(t, []string{"2:failed", "3:updated"}, got.outcomes())
	fail := got.byLine(t, 2).Err
	require.NotNil(t, fail)
	assert.ErrorIs(t, fail, contact.ErrRequired)
}

// A type change that fails in its transaction converts nothing and emits
// nothing.
func TestChangeFieldTypeIsAllOrNothing(t *testing.T) {
	mem := memstore.New()
	good := newHarnessOn(t, mem)
	ctx := t.Context()
	size, err := good.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("size"), Label: "Size", Type: field.TypeText})
	require.NoError(t, err)
	ann := good.withValue(t, owner, "Ann", "size", "42")
	bob := good.withValue(t, owner, "Bob", "size", "43")

	bad := newHarnessOn(t, failingStore{mem})
	next := size
	next.Type = field.TypeNumber
	_, err = bad.svc.ChangeFieldType(ctx, owner, contactkit.FieldTypeChange{Definition: next})
	require.ErrorIs(t, err, errInjected)
	assert.Empty(t, bad.takeEvents(), "no event for a failed call")

	defs, err := good.svc.AllFields(ctx, owner)
	require.NoError(t, err)
	assert.Equal(t, []field.Definition{size}, defs, "the definition was not changed")
	for _, c := range []contact.Contact{ann, bob} {
		got, err := good.svc.GetContact(ctx, owner, c.ID)
		require.NoError(t, err)
		assert.Equal(t, c, got, "the value of %s was not converted", c.FirstName)
		var n int
		for _, err := range good.svc.History(ctx, owner, c.ID, "fields.size") {
			require.NoError(t, err)
			n++
		}
		assert.Equal(t, 1, n, "only the creation is in the history of %s", c.FirstName)
	}
}

// TestUpdatesRefuseAVersionNotStored: UpdateList and UpdateField take the
// version read; any other (0 included, which a store would take for a
// creation) is a conflict that changes nothing, and the version read
// succeeds.
func TestUpdatesRefuseAVersionNotStored(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	l, err := h.svc.CreateList(ctx, owner, list.List{Name: "News"})
	require.NoError(t, err)
	d, err := h.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeText})
	require.NoError(t, err)
	for _, v := range []int64{0, l.Version + 1, -1} {
		stale := l
		stale.Version, stale.Name = v, "Changed"
		_, err := h.svc.UpdateList(ctx, owner, stale)
		assert.ErrorIs(t, err, contactkit.ErrConflict, "UpdateList at version %d", v)
		assert.NotErrorIs(t, err, contactkit.ErrAlreadyExists)
	}
	for _, v := range []int64{0, d.Version + 1, -1} {
		stale := d
		stale.Version, stale.Label = v, "Changed"
		_, err := h.svc.UpdateField(ctx, owner, stale)
		assert.ErrorIs(t, err, contactkit.ErrConflict, "UpdateField at version %d", v)
		assert.NotErrorIs(t, err, contactkit.ErrAlreadyExists)
	}
	got, err := h.svc.GetList(ctx, owner, l.ID)
	require.NoError(t, err)
	assert.Equal(t, "News", got.Name, "a refused update changes nothing")
	l.Name = "Newsletter"
	_, err = h.svc.UpdateList(ctx, owner, l)
	assert.NoError(t, err)
	d.Label = "Plan name"
	_, err = h.svc.UpdateField(ctx, owner, d)
	assert.NoError(t, err)
}

// TestFieldDefinitionsAreCurrentAcrossServices: a Service keeps the field
// definitions it reads between calls; a change made through another
// Service over the same store is seen by the next call, and a change that
// rolled back is not.
func TestFieldDefinitionsAreCurrentAcrossServices(t *testing.T) {
	mem := memstore.New()
	a, b := newHarnessOn(t, mem), newHarnessOn(t, mem)
	ctx := t.Context()
	size, err := b.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("size"), Label: "Size", Type: field.TypeNumber})
	require.NoError(t, err)
	a.withValue(t, owner, "Ann", "size", "42") // a reads and keeps the definitions
	create := func(h *harness, fields map[string]string) error {
		_, err := h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Bob"), Fields: fields}})
		return err
	}

	// Required through b: a refuses a contact without it.
	size.Required = true
	size, err = b.svc.UpdateField(ctx, owner, size)
	require.NoError(t, err)
	var verr *contactkit.ValidationError
	require.ErrorAs(t, create(a, nil), &verr, "a sees the field required")

	// Archived through b: a refuses a value, and requires it no more.
	_, err = b.svc.ArchiveField(ctx, owner, size.Key)
	require.NoError(t, err)
	assert.ErrorIs(t, create(a, map[string]string{"size": "7"}), field.ErrArchived)
	require.NoError(t, create(a, nil))

	// A new field through b: a takes its values.
	_, err = b.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("color"), Label: "Color", Type: field.TypeText})
	require.NoError(t, err)
	require.NoError(t, create(a, map[string]string{"color": "blue"}))

	// A new type through b: a coerces to it.
	_, err = b.svc.RestoreField(ctx, owner, size.Key)
	require.NoError(t, err)
	defs, err := b.svc.AllFields(ctx, owner)
	require.NoError(t, err)
	i := slices.IndexFunc(defs, func(d field.Definition) bool { return d.Key == size.Key })
	next := defs[i]
	next.Type = field.TypeText
	_, err = b.svc.ChangeFieldType(ctx, owner, contactkit.FieldTypeChange{Definition: next})
	require.NoError(t, err)
	c, err := a.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Cat"), Fields: map[string]string{"size": "about ten"}}})
	require.NoError(t, err)
	assert.Equal(t, field.Text("about ten"), c.Fields[size.Key])

	// A definition whose transaction rolled back is known to no Service,
	// the one that wrote it included.
	bad := newHarnessOn(t, failingStore{mem})
	// Its calls fail at the commit, having read the definitions.
	require.ErrorIs(t, create(bad, map[string]string{"size": "1"}), errInjected)
	_, err = bad.svc.CreateField(ctx, owner, field.Definition{Key: field.MustParseKey("late"), Label: "Late", Type: field.TypeText})
	require.ErrorIs(t, err, errInjected)
	for _, h := range []*harness{a, b, bad} {
		assert.ErrorIs(t, create(h, map[string]string{"late": "x"}), field.ErrUnknownField)
	}
}
