package contactkit_test

// Fifteenth acceptance pass: the import options about lists and consent
// (DESIGN.md I4, L3, L4), through the public API.

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
)

// FINDING (I4 "add every row to existing lists … unsubscribe all", L4 "it
// may unsubscribe everyone in the file"): an import with UnsubscribeAll
// and Lists unsubscribed the addresses of each row, but a contact of the
// file that was a subscribed member of one of the Lists stayed subscribed
// there, and one that joined a list whose channel had no address in its
// row (its phone, when the row gave its email) joined subscribed: the
// people of an "unsubscribe all" file stayed reachable as members of the
// lists it named, on the channels the file did not list, while a new
// contact of the same file joined a list with no channel unsubscribed.
// With UnsubscribeAll, every contact of the file is now an unsubscribed
// member of each of the Lists; without it, a member keeps its status.
func TestAcc15ImportUnsubscribeAllUnsubscribesFromTheLists(t *testing.T) {
	ctx := t.Context()
	svc, _ := acc15Service(t, nil)
	anyList := acc15List(t, svc, list.List{Name: "Any"})
	sms := acc15List(t, svc, list.List{Name: "Texts", Channel: list.ChannelSMS})
	mail := acc15List(t, svc, list.List{Name: "Mail", Channel: list.ChannelEmail, DoubleOptIn: true})
	lists := []list.ID{anyList.ID, sms.ID, mail.ID}
	x := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{Email: ptr("x@example.com"), Phone: ptr("06 12 34 56 78")}, Lists: []list.ID{anyList.ID, sms.ID}})
	y := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{Email: ptr("y@example.com"), Phone: ptr("06 22 33 44 55")}, Lists: []list.ID{anyList.ID}})

	// Without UnsubscribeAll: a member keeps its status.
	run := accImportAs(t, svc, acc3Owner, []byte("Email\ny@example.com\n"), "FR", &contactkit.ImportOptions{Lists: lists}, nil)
	require.NoError(t, run.err)
	require.Equal(t, 1, run.res.Updated, run.outcomes())
	assert.Equal(t, list.StatusSubscribed, acc15Members(t, svc, contactkit.MembershipQuery{List: anyList.ID})[y.ID])
	assert.Equal(t, list.StatusSubscribed, acc15Members(t, svc, contactkit.MembershipQuery{List: sms.ID})[y.ID])

	run = accImportAs(t, svc, acc3Owner, []byte("Email\nx@example.com\nz@example.com\n"), "FR", &contactkit.ImportOptions{Lists: lists, UnsubscribeAll: true, Reason: "suppression file"}, nil)
	require.NoError(t, run.err)
	require.Equal(t, 1, run.res.Updated, run.outcomes())
	require.Equal(t, 1, run.res.Created, run.outcomes())
	z := run.row(t, 3).Contact
	for _, l := range lists {
		members := acc15Members(t, svc, contactkit.MembershipQuery{List: l})
		assert.Equal(t, list.StatusUnsubscribed, members[x.ID], "x in %s", l)
		assert.Equal(t, list.StatusUnsubscribed, members[z], "z in %s", l)
	}
	r, err := svc.Reachable(ctx, acc3Owner, x.ID, contact.ChannelSMS, sms.ID)
	require.NoError(t, err)
	assert.Equal(t, []contactkit.Reason{contactkit.ReasonListUnsubscribed}, r.Reasons, "x is in the file: not a subscriber of the texts any more")
	assert.Equal(t, "suppression file", r.Membership.Changed.Reason)
	assert.Equal(t, contact.ChangeImport, r.Membership.Changed.Source)
	assert.Equal(t, []string{">subscribed", "subscribed>unsubscribed"}, acc15History(t, svc, x.ID, contact.ListFieldPrefix+sms.ID.String()))
	assert.Equal(t, list.ConsentSubscribed, acc3Consent(t, svc, list.ChannelSMS, "+33612345678"), "the phone was not in the file: the ledger keeps it as it was")
	assert.Equal(t, list.StatusSubscribed, acc15Members(t, svc, contactkit.MembershipQuery{List: anyList.ID})[y.ID], "y is not in the file")
}
