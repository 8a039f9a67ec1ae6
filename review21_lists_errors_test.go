package contactkit_test

// Round 21 review of lists and consent (DESIGN.md L1, L4): the errors of
// the membership calls.

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
)

// FINDING (L1; STYLE "messages … prefixed by what was being done"): a
// membership call on a contact that is no member of the list (an
// unsubscribe from a list it never joined, a confirmation of a contact
// that never joined) failed with a message that ended in ": " — the
// status of a membership that does not exist, "". It says "no
// membership" now, and the status of one that exists but does not allow
// the call; the error still matches ErrNotMember and ErrConflict.
func TestRv21listsNotMemberSaysWhy(t *testing.T) {
	ctx := t.Context()
	svc, _ := acc15Service(t, nil)
	l := acc15List(t, svc, list.List{Name: "News", DoubleOptIn: true})
	ada := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{Email: ptr("ada@example.com")}})
	bob := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{Email: ptr("bob@example.com")}, Lists: []list.ID{l.ID}})
	_, err := svc.UnsubscribeFromList(ctx, acc3Owner, l.ID, bob.ID, "asked to leave")
	require.NoError(t, err)

	tests := []struct {
		name string
		call func() (list.Membership, error)
		want string
	}{
		{"unsubscribe a contact that never joined", func() (list.Membership, error) {
			return svc.UnsubscribeFromList(ctx, acc3Owner, l.ID, ada.ID, "cleanup")
		}, "no membership"},
		{"confirm a contact that never joined", func() (list.Membership, error) {
			return svc.ConfirmSubscription(ctx, acc3Owner, l.ID, ada.ID)
		}, "no membership"},
		{"confirm an unsubscribed member", func() (list.Membership, error) {
			return svc.ConfirmSubscription(ctx, acc3Owner, l.ID, bob.ID)
		}, "it is unsubscribed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := tt.call()
			require.ErrorIs(t, err, contactkit.ErrNotMember)
			require.ErrorIs(t, err, contactkit.ErrConflict)
			assert.Zero(t, m)
			assert.NotRegexp(t, `:\s*$`, err.Error(), "the message ends with what is wrong")
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// FINDING (L4): ResubscribeToList took a reason of Hangul fillers
// (U+3164), which shows nothing, for the reason an explicit resubscribe
// needs, and lifted the unsubscribe of the list and of the ledger. It is
// invalid input wrapping list.ErrReasonRequired now, and nothing changes.
func TestRv21listsResubscribeToListRefusesAReasonThatShowsNothing(t *testing.T) {
	ctx := t.Context()
	svc, ev := acc15Service(t, nil)
	l := acc15List(t, svc, list.List{Name: "News", Channel: list.ChannelEmail})
	ada := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{Email: ptr("ada@example.com")}, Lists: []list.ID{l.ID}})
	_, err := svc.UnsubscribeFromList(ctx, acc3Owner, l.ID, ada.ID, "left")
	require.NoError(t, err)
	_, err = svc.UnsubscribeAddress(ctx, acc3Owner, list.ChannelEmail, "ada@example.com", "STOP")
	require.NoError(t, err)
	ev.take()

	m, err := svc.ResubscribeToList(ctx, acc3Owner, l.ID, ada.ID, "\u3164 \u3164")
	require.ErrorIs(t, err, contactkit.ErrInvalidInput)
	require.ErrorIs(t, err, list.ErrReasonRequired)
	assert.Zero(t, m)
	_, err = svc.Resubscribe(ctx, acc3Owner, ada.ID, list.ChannelEmail, "\u3164")
	require.ErrorIs(t, err, list.ErrReasonRequired)
	_, err = svc.ResubscribeAddress(ctx, acc3Owner, list.ChannelEmail, "ada@example.com", "\ufe0f")
	require.ErrorIs(t, err, list.ErrReasonRequired)

	assert.Empty(t, ev.take(), "nothing changed")
	assert.Equal(t, map[contact.ID]list.Status{ada.ID: list.StatusUnsubscribed}, acc15Members(t, svc, contactkit.MembershipQuery{List: l.ID}))
	assert.Equal(t, list.ConsentUnsubscribed, acc3Consent(t, svc, list.ChannelEmail, "ada@example.com"))
}

// FINDING (L1, X1): CreateList and UpdateList took a name of Hangul
// fillers (U+3164), which shows nothing. It is invalid input wrapping
// list.ErrEmpty now, and nothing is written.
func TestRv21listsListNameOfFillersIsRefused(t *testing.T) {
	ctx := t.Context()
	svc, _ := acc15Service(t, nil)
	_, err := svc.CreateList(ctx, acc3Owner, list.List{Name: "\u3164\u3164"})
	require.ErrorIs(t, err, contactkit.ErrInvalidInput)
	require.ErrorIs(t, err, list.ErrEmpty)

	l := acc15List(t, svc, list.List{Name: "News"})
	renamed := l
	renamed.Name = " \u3164 "
	_, err = svc.UpdateList(ctx, acc3Owner, renamed)
	require.ErrorIs(t, err, list.ErrEmpty)
	got, err := svc.GetList(ctx, acc3Owner, l.ID)
	require.NoError(t, err)
	assert.Equal(t, l, got, "nothing is written")
	n := 0
	for _, err := range svc.Lists(ctx, acc3Owner) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 1, n, "one list: the refused creation made none")
}
