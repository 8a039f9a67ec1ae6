package contactkit_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
)

// F4: "Changing a definition's type first reports which stored values
// would not convert (a dry run), and converts only on request", and
// FieldTypeChange.AcceptLosses: a value that would be lost and was not
// accepted refuses the whole change, "never lost unseen". A text value
// made only of separators ("," or ";") names no option of a multiselect:
// the dry run must report it among the losses, not as a value that
// converts to nothing, and ChangeFieldType must refuse to clear it unless
// the loss is accepted.
func TestAcc15TypeChangeNeverClearsAValueItDidNotReportLost(t *testing.T) {
	ctx := context.Background()
	svc, _ := acc3Service(t, nil)
	key := field.MustParseKey("colours")
	_, err := svc.CreateField(ctx, acc3Owner, field.Definition{Key: key, Label: "Colours", Type: field.TypeText})
	require.NoError(t, err)
	c := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann"), Fields: map[string]string{"colours": ","}}})
	require.False(t, c.Fields[key].IsZero(), "a text value of one comma is stored")

	next := field.Definition{Key: key, Label: "Colours", Type: field.TypeMultiselect,
		Options: []field.Option{{Value: "red", Label: "Red"}, {Value: "blue", Label: "Blue"}}}
	pre, err := svc.PreviewFieldTypeChange(ctx, acc3Owner, next)
	require.NoError(t, err)
	for _, cv := range pre.Converted {
		require.False(t, cv.New.IsZero(), "the dry run reports %q of contact %s as converted to nothing", cv.Old, cv.Contact)
	}
	require.Len(t, pre.Losses, 1, "the value that names no option is a loss")
	require.ErrorIs(t, pre.Losses[0].Err, field.ErrInvalidValue)

	_, err = svc.ChangeFieldType(ctx, acc3Owner, contactkit.FieldTypeChange{Definition: next})
	require.ErrorIs(t, err, contactkit.ErrValueLoss, "a loss not accepted refuses the change")
	require.Equal(t, c.Fields[key], acc3Get(t, svc, c.ID).Fields[key], "nothing was written")

	_, err = svc.ChangeFieldType(ctx, acc3Owner, contactkit.FieldTypeChange{Definition: next, AcceptLosses: pre.Losses})
	require.NoError(t, err)
	require.True(t, acc3Get(t, svc, c.ID).Fields[key].IsZero(), "an accepted loss is cleared")
}

// I4, F3: an import matching existing contacts "never clears a value with
// a blank cell" (ApplyOptions.KeepOnBlank, as capture does too). A cell of
// a multiselect column that holds only separators ("," or " ; ", as an
// export writes an empty list) names no option: coerced, nothing of it is
// left, so it is as blank as an empty cell and must leave the contact's
// value as it is, not clear it.
func TestAcc15ImportCellOfOnlySeparatorsDoesNotClear(t *testing.T) {
	ctx := context.Background()
	svc, _ := acc3Service(t, nil)
	key := field.MustParseKey("colours")
	_, err := svc.CreateField(ctx, acc3Owner, field.Definition{Key: key, Label: "Colours", Type: field.TypeMultiselect,
		Options: []field.Option{{Value: "red", Label: "Red"}, {Value: "blue", Label: "Blue"}}})
	require.NoError(t, err)
	ann := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com"), Fields: map[string]string{"colours": "red"}}})
	bob := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Bob"), Email: new("bob@example.com"), Fields: map[string]string{"colours": "blue"}}})

	run := accImport(t, svc, []byte("Email,Colours,City\nann@example.com,\",\",Paris\nbob@example.com,\" ; \",Lyon\n"), "FR", nil, nil)
	require.Equal(t, "2:updated; 3:updated; ", run.outcomes())
	require.Equal(t, "red", acc3Get(t, svc, ann.ID).Fields[key].String(), "a cell of only separators leaves the value")
	require.Equal(t, "blue", acc3Get(t, svc, bob.ID).Fields[key].String(), "a cell of only separators leaves the value")

	// A capture keeps blank values too.
	_, err = svc.CaptureContact(ctx, acc3Owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("ann@example.com"), Fields: map[string]string{"colours": ","}}})
	require.NoError(t, err)
	require.Equal(t, "red", acc3Get(t, svc, ann.ID).Fields[key].String(), "a capture of only separators leaves the value")

	// An update says what it sets: there, an empty list clears.
	got, err := svc.UpdateContact(ctx, acc3Owner, ann.ID, contact.Patch{Fields: map[string]string{"colours": ","}})
	require.NoError(t, err)
	require.True(t, got.Fields[key].IsZero(), "UpdateContact with an empty list clears the field")
}
