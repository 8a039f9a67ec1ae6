package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
)

// F1: "Options are hidden, not deleted, so old values stay valid." A
// contact that holds a hidden option keeps it through every other change;
// a form that sends the contact's own value back (an edit form sends every
// field, changed or not), or a multiselect with one option more, is a
// change the contact may make: refusing it would make every contact that
// holds a hidden option uneditable through a whole-form save. A hidden
// option the contact does not hold stays refused.
func TestAcc11HiddenOptionTheContactHoldsMayBeSentBack(t *testing.T) {
	ctx := t.Context()
	svc := acc11Service("FR")
	_, err := svc.CreateField(ctx, acc11Owner, field.Definition{Key: field.MustParseKey("tier"), Label: "Tier", Type: field.TypeSelect,
		Options: []field.Option{{Value: "Gold"}, {Value: "Silver"}}})
	require.NoError(t, err)
	_, err = svc.CreateField(ctx, acc11Owner, field.Definition{Key: field.MustParseKey("colours"), Label: "Colours", Type: field.TypeMultiselect,
		Options: []field.Option{{Value: "Red"}, {Value: "Green"}, {Value: "Blue"}}})
	require.NoError(t, err)
	holder, err := svc.CreateContact(ctx, acc11Owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: acc11Ptr("Hold"),
		Fields: map[string]string{"tier": "Gold", "colours": "Red, Green"}}})
	require.NoError(t, err)
	other, err := svc.CreateContact(ctx, acc11Owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: acc11Ptr("Other")}})
	require.NoError(t, err)

	defs, err := svc.Fields(ctx, acc11Owner)
	require.NoError(t, err)
	for _, d := range defs {
		for i := range d.Options {
			d.Options[i].Hidden = d.Options[i].Value == "Gold" || d.Options[i].Value == "Green"
		}
		_, err := svc.UpdateField(ctx, acc11Owner, d)
		require.NoError(t, err)
	}

	for _, tc := range []struct {
		name   string
		fields map[string]string
		want   map[string]string // the values after the update, by key
	}{
		{"the same select value", map[string]string{"tier": "Gold"}, map[string]string{"tier": "Gold", "colours": "Green, Red"}},
		{"the same select value, in another case", map[string]string{"tier": "gold"}, map[string]string{"tier": "Gold", "colours": "Green, Red"}},
		{"the whole form sent back", map[string]string{"tier": "Gold", "colours": "Green, Red"}, map[string]string{"tier": "Gold", "colours": "Green, Red"}},
		{"a multiselect with one option more", map[string]string{"colours": "Red, Green, Blue"}, map[string]string{"tier": "Gold", "colours": "Blue, Green, Red"}},
		{"a multiselect with one option less", map[string]string{"colours": "Green"}, map[string]string{"tier": "Gold", "colours": "Green"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := svc.UpdateContact(ctx, acc11Owner, holder.ID, contact.Patch{FirstName: acc11Ptr("Holder"), Fields: tc.fields})
			require.NoError(t, err, "F1: a hidden option stays valid for the contact that holds it")
			for k, v := range tc.want {
				require.Equal(t, v, got.Fields[field.MustParseKey(k)].String(), k)
			}
		})
	}

	for _, tc := range []struct {
		name   string
		fields map[string]string
	}{
		{"a hidden select option", map[string]string{"tier": "Gold"}},
		{"a hidden multiselect option", map[string]string{"colours": "Blue, Green"}},
	} {
		t.Run("still refused to another contact: "+tc.name, func(t *testing.T) {
			_, err := svc.UpdateContact(ctx, acc11Owner, other.ID, contact.Patch{Fields: tc.fields})
			require.ErrorIs(t, err, field.ErrInvalidValue, "a hidden option cannot be chosen anew")
		})
	}
	t.Run("still refused to the holder for another field's option", func(t *testing.T) {
		// Green is the holder's colour, not its tier.
		_, err := svc.UpdateContact(ctx, acc11Owner, holder.ID, contact.Patch{Fields: map[string]string{"colours": "Red", "tier": "Silver"}})
		require.NoError(t, err)
		_, err = svc.UpdateContact(ctx, acc11Owner, holder.ID, contact.Patch{Fields: map[string]string{"colours": "Green"}})
		require.ErrorIs(t, err, field.ErrInvalidValue, "Green was given up: it cannot be chosen anew")
		_, err = svc.UpdateContact(ctx, acc11Owner, holder.ID, contact.Patch{Fields: map[string]string{"tier": "Gold"}})
		require.ErrorIs(t, err, field.ErrInvalidValue, "Gold was given up: it cannot be chosen anew")
	})
}
