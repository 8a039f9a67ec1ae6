package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store/memstore"
)

// TestRv20ReachCaptureKeepsThePhoneItFoundBy: in a Belgian workspace, a
// contact in France holds a Belgian mobile, +32 470 12 34 56. An inbound
// SMS form gives "0470 12 34 56", which the workspace's region reads as
// that number: the capture finds the contact by it (C8). It then read the
// same input in the contact's country, France, where it is another valid
// number (+33 4 70 12 34 56): the capture added that number, which nobody
// gave, and recorded the form's opt-out on it, leaving the number the
// person wrote from subscribed. The phone a capture finds its contact by
// (primary or secondary) changes nothing, and the consent is about it; the
// same goes when the email found the contact and the phone reads as one
// the contact has.
func TestRv20ReachCaptureKeepsThePhoneItFoundBy(t *testing.T) {
	for _, tc := range []struct {
		name  string
		patch contact.Patch
	}{
		{"by phone", contact.Patch{Phone: rv20ReachPtr("0470 12 34 56")}},
		{"by email", contact.Patch{Email: rv20ReachPtr("lou@example.com"), Phone: rv20ReachPtr("0470 12 34 56")}},
		{"secondary", contact.Patch{Phone: rv20ReachPtr("0471-22-33-44")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "BE"})
			c, err := svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: rv20ReachPtr("Lou"), Country: rv20ReachPtr("FR"),
				Phone: rv20ReachPtr("+32 470 12 34 56"), Email: rv20ReachPtr("lou@example.com"),
				OtherPhones: &[]contact.LabeledInput{{Value: "+32 471 22 33 44", Label: "work"}}}})
			require.NoError(t, err)
			res, err := svc.CaptureContact(ctx, owner, contactkit.ContactInput{Patch: tc.patch,
				Consent: map[list.Channel]list.ConsentStatus{list.ChannelSMS: list.ConsentUnsubscribed}})
			require.NoError(t, err)
			assert.False(t, res.Created)
			assert.Equal(t, c.ID, res.Contact.ID)
			assert.Equal(t, c.Phones(), res.Contact.Phones(), "no number nobody gave")
			given, err := contact.ParsePhone(*tc.patch.Phone, "BE")
			require.NoError(t, err)
			e, err := svc.AddressConsent(ctx, owner, list.ChannelSMS, given.String())
			require.NoError(t, err)
			assert.False(t, e.Subscribed(), "the opt-out is about the number the form gave")
			e, err = svc.AddressConsent(ctx, owner, list.ChannelSMS, "+33470123456")
			require.NoError(t, err)
			assert.True(t, e.Default, "nothing recorded about a number nobody gave")
		})
	}
}
