package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
)

// F4 and M4: a type change between a merge and its unmerge. The contacts
// the unmerge brings back hold the values the change made of theirs (a
// value that converts, converted; one that does not, cleared, as the
// change cleared it), never a value of the former type, and each can be
// edited again.
func TestRv20FldTypeChangeBetweenMergeAndUnmerge(t *testing.T) {
	ctx := t.Context()
	svc := acc11Service("FR")
	def, err := svc.CreateField(ctx, acc11Owner, field.Definition{Key: field.MustParseKey("score"), Label: "Score", Type: field.TypeText})
	require.NoError(t, err)
	_, err = svc.CreateField(ctx, acc11Owner, field.Definition{Key: field.MustParseKey("note"), Label: "Note", Type: field.TypeText})
	require.NoError(t, err)
	mk := func(first, email string, fields map[string]string) contact.Contact {
		c, err := svc.CreateContact(ctx, acc11Owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: &first, Email: &email, Fields: fields}})
		require.NoError(t, err)
		return c
	}
	primary := mk("Ann", "ann@example.com", map[string]string{"note": "p"})
	a := mk("Ann", "ann.b@example.com", map[string]string{"score": "1 234,5"})
	b := mk("Ann", "ann.c@example.com", map[string]string{"score": "high", "note": "b"})
	preview, err := svc.PreviewMerge(ctx, acc11Owner, contactkit.MergeRequest{Primary: primary.ID, Others: []contact.ID{a.ID, b.ID}})
	require.NoError(t, err)
	rec, err := svc.MergeContacts(ctx, acc11Owner, preview)
	require.NoError(t, err)

	next := def
	next.Type = field.TypeNumber
	dry, err := svc.PreviewFieldTypeChange(ctx, acc11Owner, next)
	require.NoError(t, err)
	_, err = svc.ChangeFieldType(ctx, acc11Owner, contactkit.FieldTypeChange{Definition: next, AcceptLosses: dry.Losses})
	require.NoError(t, err)

	_, err = svc.UnmergeContacts(ctx, acc11Owner, rec.ID)
	require.NoError(t, err)
	defs, err := svc.Fields(ctx, acc11Owner)
	require.NoError(t, err)
	want := map[contact.ID]string{primary.ID: "", a.ID: "1234.5", b.ID: ""}
	for id, v := range want {
		c, err := svc.GetContact(ctx, acc11Owner, id)
		require.NoError(t, err)
		require.Equal(t, v, c.Fields[def.Key].String(), "the value the type change made of it")
		require.NoError(t, field.Validate(defs, c.Fields), "valid for the definitions now")
		_, err = svc.UpdateContact(ctx, acc11Owner, id, contact.Patch{JobTitle: new("Editor")})
		require.NoError(t, err, "editable again")
	}
}
