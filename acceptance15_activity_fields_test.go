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
