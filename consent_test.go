package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// consentOn returns the consent status of contact id on channel chn.
func consentOn(t *testing.T, h *harness, a contactkit.Actor, id contact.ID, chn list.Channel) list.ConsentStatus {
	t.Helper()
	entries, err := h.svc.Consent(t.Context(), a, id)
	require.NoError(t, err)
	for _, e := range entries {
		if e.Address.Channel == chn {
			return e.Status
		}
	}
	t.Fatalf("contact %s has no %s address", id, chn)
	return ""
}

var ui = contactkit.Actor{Workspace: "ws-1", User: "u-owner", Role: contactkit.RoleOwner, Source: contact.ChangeUI}

func TestNewAddressesTakeThePolicyDefault(t *testing.T) {
	h := newHarness(t)
	c := h.create(t, owner, contact.Patch{Email: new("ada@example.com"), Phone: new("0612345678")})
	entries, err := h.svc.Consent(t.Context(), owner, c.ID)
	require.NoError(t, err)
	require.Len(t, entries, 3, "email, sms and whatsapp")
	for _, e := range entries {
		assert.Equal(t, list.ConsentSubscribed, e.Status, "%s", e.Address)
	}

	optIn := contactkit.New(h.store, &contactkit.Options{Consent: list.Policy{DefaultConsent: list.ConsentUnsubscribed}})
	g, err := optIn.CreateContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("grace@example.com")}})
	require.NoError(t, err)
	assert.Equal(t, list.ConsentUnsubscribed, consentOn(t, h, owner, g.ID, list.ChannelEmail))
	// An address the ledger knows keeps its entry when the policy changes.
	assert.Equal(t, list.ConsentSubscribed, consentOn(t, h, owner, c.ID, list.ChannelEmail))
}

func TestUnsubscribeBelongsToTheAddress(t *testing.T) {
	h := newHarness(t)
	ada := h.create(t, owner, contact.Patch{FirstName: new("Ada"), Phone: new("+33612345678"), Email: new("ada@example.com")})
	h.takeEvents()

	got, err := h.svc.Unsubscribe(t.Context(), owner, ada.ID, list.ChannelSMS, "replied STOP")
	require.NoError(t, err)
	assert.Equal(t, list.ConsentUnsubscribed, got.Status)
	events := h.takeEvents()
	require.Len(t, events, 1)
	assert.IsType(t, contactkit.ConsentChanged{}, events[0])
	assert.Equal(t, list.ConsentSubscribed, consentOn(t, h, owner, ada.ID, list.ChannelWhatsApp), "sms and whatsapp are separate entries")

	// Ada gives up her phone; a new contact takes it, typed in national
	// form: it is unsubscribed on sms, since the ledger keeps consent by
	// address, not by contact.
	_, err = h.svc.UpdateContact(t.Context(), owner, ada.ID, contact.Patch{Phone: new("")})
	require.NoError(t, err)
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob"), Phone: new("06 12 34 56 78")})
	assert.Equal(t, list.ConsentUnsubscribed, consentOn(t, h, owner, bob.ID, list.ChannelSMS))

	// Ada's email carries nothing over to a new phone of hers.
	_, err = h.svc.UpdateContact(t.Context(), owner, ada.ID, contact.Patch{Phone: new("+33 6 98 76 54 32")})
	require.NoError(t, err)
	assert.Equal(t, list.ConsentSubscribed, consentOn(t, h, owner, ada.ID, list.ChannelSMS))
}

func TestCaptureOfAnUnsubscribedNationalPhone(t *testing.T) {
	h := newHarness(t)
	c := h.create(t, owner, contact.Patch{Phone: new("+33612345678")})
	_, err := h.svc.Unsubscribe(t.Context(), owner, c.ID, list.ChannelSMS, "STOP")
	require.NoError(t, err)
	_, err = h.svc.UpdateContact(t.Context(), owner, c.ID, contact.Patch{Phone: new(""), FirstName: new("Former")})
	require.NoError(t, err)

	res, err := h.svc.CaptureContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{Phone: new("06 12 34 56 78"), FirstName: new("Inbound")}})
	require.NoError(t, err)
	require.True(t, res.Created)
	assert.Equal(t, list.ConsentUnsubscribed, consentOn(t, h, owner, res.Contact.ID, list.ChannelSMS))
}

func TestOnlyResubscribeLiftsAnUnsubscribe(t *testing.T) {
	h := newHarness(t)
	c := h.create(t, owner, contact.Patch{Email: new("ada@example.com")})
	_, err := h.svc.Unsubscribe(t.Context(), owner, c.ID, list.ChannelEmail, "asked by mail")
	require.NoError(t, err)

	// Every other path keeps the unsubscribe.
	_, err = h.svc.UpdateContact(t.Context(), owner, c.ID, contact.Patch{Email: new("other@example.com")})
	require.NoError(t, err)
	_, err = h.svc.UpdateContact(t.Context(), owner, c.ID, contact.Patch{Email: new("ADA@example.com")})
	require.NoError(t, err)
	_, err = h.svc.CaptureContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com"), City: new("Paris")}})
	require.NoError(t, err)
	_, err = h.svc.Unsubscribe(t.Context(), owner, c.ID, list.ChannelEmail, "again")
	require.NoError(t, err)
	assert.Equal(t, list.ConsentUnsubscribed, consentOn(t, h, owner, c.ID, list.ChannelEmail))

	// Resubscribe needs a reason and an explicit source.
	_, err = h.svc.Resubscribe(t.Context(), ui, c.ID, list.ChannelEmail, "  ")
	require.ErrorIs(t, err, list.ErrReasonRequired)
	importer := ui
	importer.Source = contact.ChangeImport
	_, err = h.svc.Resubscribe(t.Context(), importer, c.ID, list.ChannelEmail, "in the file")
	require.ErrorIs(t, err, list.ErrNotExplicit)
	assert.Equal(t, list.ConsentUnsubscribed, consentOn(t, h, owner, c.ID, list.ChannelEmail))

	got, err := h.svc.Resubscribe(t.Context(), ui, c.ID, list.ChannelEmail, "opted in again on the phone")
	require.NoError(t, err)
	assert.Equal(t, list.ConsentSubscribed, got.Status)

	var reasons []string
	for ch, err := range h.svc.History(t.Context(), owner, c.ID, contact.ConsentFieldPrefix+"email") {
		require.NoError(t, err)
		reasons = append(reasons, ch.Old+">"+ch.New+": "+ch.Reason)
	}
	assert.Equal(t, []string{"subscribed>unsubscribed: asked by mail", "unsubscribed>subscribed: opted in again on the phone"}, reasons)
}

func TestConsentIsPerWorkspace(t *testing.T) {
	h := newHarness(t)
	mine := h.create(t, owner, contact.Patch{Email: new("ada@example.com")})
	theirs := h.create(t, other, contact.Patch{Email: new("ada@example.com")})
	_, err := h.svc.Unsubscribe(t.Context(), other, theirs.ID, list.ChannelEmail, "not us")
	require.NoError(t, err)
	assert.Equal(t, list.ConsentSubscribed, consentOn(t, h, owner, mine.ID, list.ChannelEmail))

	_, err = h.svc.Unsubscribe(t.Context(), other, mine.ID, list.ChannelEmail, "cross-workspace")
	assert.ErrorIs(t, err, contactkit.ErrNotFound)
	_, err = h.svc.Unsubscribe(t.Context(), owner, mine.ID, list.ChannelSMS, "no phone")
	assert.ErrorIs(t, err, contactkit.ErrNoAddress)
}

func TestLists(t *testing.T) {
	h := newHarness(t)
	news, err := h.svc.CreateList(t.Context(), owner, list.List{Name: "  Newsletter "})
	require.NoError(t, err)
	assert.Equal(t, "Newsletter", news.Name)
	dbl, err := h.svc.CreateList(t.Context(), owner, list.List{Name: "Beta", DoubleOptIn: true})
	require.NoError(t, err)
	_, err = h.svc.CreateList(t.Context(), agent, list.List{Name: "Nope"})
	require.ErrorIs(t, err, contactkit.ErrPermission)

	ada := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob")})
	h.takeEvents()

	m, err := h.svc.AddToList(t.Context(), agent, news.ID, ada.ID)
	require.NoError(t, err)
	assert.Equal(t, list.StatusSubscribed, m.Status)
	assert.Equal(t, contact.UserID("u-agent"), m.Changed.By)
	assert.Equal(t, contact.ChangeAPI, m.Changed.Source, "a status change records how")
	assert.Equal(t, h.now, m.Changed.At, "a status change records when")
	m, err = h.svc.AddToList(t.Context(), owner, dbl.ID, ada.ID)
	require.NoError(t, err)
	assert.Equal(t, list.StatusUnconfirmed, m.Status, "double opt-in")
	m, err = h.svc.ConfirmSubscription(t.Context(), owner, dbl.ID, ada.ID)
	require.NoError(t, err)
	assert.Equal(t, list.StatusSubscribed, m.Status)
	_, err = h.svc.AddToList(t.Context(), owner, news.ID, bob.ID)
	require.NoError(t, err)

	m, err = h.svc.UnsubscribeFromList(t.Context(), owner, news.ID, bob.ID, "too many mails")
	require.NoError(t, err)
	assert.Equal(t, list.StatusUnsubscribed, m.Status)
	assert.Equal(t, "too many mails", m.Changed.Reason)
	// Adding again never resubscribes.
	m, err = h.svc.AddToList(t.Context(), owner, news.ID, bob.ID)
	require.NoError(t, err)
	assert.Equal(t, list.StatusUnsubscribed, m.Status)
	_, err = h.svc.ConfirmSubscription(t.Context(), owner, news.ID, bob.ID)
	assert.ErrorIs(t, err, contactkit.ErrNotMember)
	_, err = h.svc.ResubscribeToList(t.Context(), owner, news.ID, bob.ID, "")
	assert.ErrorIs(t, err, list.ErrReasonRequired)

	members := func(q contactkit.MembershipQuery) []contact.ID {
		var out []contact.ID
		for m, err := range h.svc.Memberships(t.Context(), owner, q) {
			require.NoError(t, err)
			out = append(out, m.Contact)
		}
		return out
	}
	assert.Equal(t, []contact.ID{ada.ID}, members(contactkit.MembershipQuery{List: news.ID, Status: list.StatusSubscribed}))
	assert.Equal(t, []contact.ID{bob.ID}, members(contactkit.MembershipQuery{List: news.ID, Status: list.StatusUnsubscribed}))
	assert.Len(t, members(contactkit.MembershipQuery{Contact: ada.ID}), 2, "Ada's lists")

	var statuses []string
	for _, e := range h.takeEvents() {
		if c, ok := e.(contactkit.ListStatusChanged); ok {
			statuses = append(statuses, string(c.From)+">"+string(c.To))
		}
	}
	assert.Equal(t, []string{">subscribed", ">unconfirmed", "unconfirmed>subscribed", ">subscribed", "subscribed>unsubscribed"}, statuses)

	_, err = h.svc.AddToList(t.Context(), other, news.ID, ada.ID)
	assert.ErrorIs(t, err, contactkit.ErrNotFound, "another workspace's list")
}

func TestChannels(t *testing.T) {
	h := newHarness(t)
	c := h.create(t, owner, contact.Patch{Email: new("ada@example.com")})
	h.takeEvents()

	_, err := h.svc.OpenChannel(t.Context(), agent, c.ID, contact.ChannelSMS)
	assert.ErrorIs(t, err, contactkit.ErrCannotOpen, "no phone")
	_, err = h.svc.OpenChannel(t.Context(), agent, c.ID, contact.ChannelMessenger)
	assert.ErrorIs(t, err, contactkit.ErrCannotOpen, "only the contact opens messenger")

	got, err := h.svc.OpenChannel(t.Context(), agent, c.ID, contact.ChannelEmail)
	require.NoError(t, err)
	require.Len(t, got.Channels, 1)
	assert.Equal(t, contact.Channel{Kind: contact.ChannelEmail, State: contact.ChannelActive, ConnectedAt: h.now}, got.Channels[0])
	got, err = h.svc.ConnectChannel(t.Context(), agent, c.ID, contact.ChannelMessenger)
	require.NoError(t, err)
	assert.Len(t, got.Channels, 2)
	assert.Equal(t, []string{"contactkit.ChannelConnected", "contactkit.ChannelConnected"}, eventTypes(h.takeEvents()))

	_, err = h.svc.RemoveChannel(t.Context(), agent, c.ID, contact.ChannelMessenger)
	require.ErrorIs(t, err, contactkit.ErrPermission, "an agent cannot remove a channel")
	got, err = h.svc.RemoveChannel(t.Context(), owner, c.ID, contact.ChannelMessenger)
	require.NoError(t, err)
	assert.Len(t, got.Channels, 1)

	var history []string
	for ch, err := range h.svc.History(t.Context(), owner, c.ID, contact.FieldChannels) {
		require.NoError(t, err)
		history = append(history, ch.New)
	}
	require.Len(t, history, 3, "opened, connected, removed: the history keeps the removed channel")
	assert.Contains(t, history[1], "messenger")
	assert.NotContains(t, history[2], "messenger")
}

func TestBlocking(t *testing.T) {
	h := newHarness(t)
	au := h.automation(t, automation.Automation{Name: "Welcome", Steps: steps(2), Active: true})
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	e, err := h.svc.Enroll(t.Context(), owner, au.ID, c.ID, "")
	require.NoError(t, err)
	h.takeEvents()

	got, err := h.svc.BlockContact(t.Context(), agent, c.ID, "abusive")
	require.NoError(t, err)
	assert.True(t, got.Blocked())
	assert.Equal(t, []string{"contactkit.EnrollmentStopped", "contactkit.ContactBlocked"}, eventTypes(h.takeEvents()))
	e, err = h.svc.GetEnrollment(t.Context(), owner, e.ID)
	require.NoError(t, err)
	assert.Equal(t, automation.StateStopped, e.State)
	assert.Equal(t, automation.ReasonContactBlocked, e.StopReason)

	got, err = h.svc.UpdateContact(t.Context(), owner, c.ID, contact.Patch{City: new("London")})
	require.NoError(t, err)
	assert.True(t, got.Blocked(), "a blocked contact stays blocked through updates")
	_, err = h.svc.Enroll(t.Context(), owner, au.ID, c.ID, "")
	assert.ErrorIs(t, err, contactkit.ErrContactBlocked)

	var reasons []string
	for ch, err := range h.svc.History(t.Context(), owner, c.ID, contact.FieldStatus) {
		require.NoError(t, err)
		reasons = append(reasons, ch.New+": "+ch.Reason)
	}
	assert.Equal(t, []string{"active: ", "blocked: abusive"}, reasons)

	got, err = h.svc.UnblockContact(t.Context(), owner, c.ID)
	require.NoError(t, err)
	assert.False(t, got.Blocked())
	e, err = h.svc.GetEnrollment(t.Context(), owner, e.ID)
	require.NoError(t, err)
	assert.Equal(t, automation.StateStopped, e.State, "unblocking restarts nothing")

	page, err := h.svc.ListContacts(t.Context(), owner, contactkit.ContactQuery{Status: contact.StatusBlocked}, store.PageRequest{})
	require.NoError(t, err)
	assert.Empty(t, page.Items)
}

func TestAvatarIsSetOnlyBySync(t *testing.T) {
	h := newHarness(t)
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	got, err := h.svc.SyncAvatar(t.Context(), owner, c.ID, "https://cdn.example.com/ada.png")
	require.NoError(t, err)
	assert.Equal(t, "https://cdn.example.com/ada.png", got.Avatar)
}

// TestPolicyChangesNeverSubscribe checks the compaction rule of the ledger
// (an address with no entry reads as the default): whichever way the
// workspace's default changes, no address it had seen becomes subscribed,
// on the create and on the edit paths.
func TestPolicyChangesNeverSubscribe(t *testing.T) {
	optInPolicy := &contactkit.Options{Consent: list.Policy{DefaultConsent: list.ConsentUnsubscribed}}
	tests := []struct {
		name        string
		first, then *contactkit.Options
		want        list.ConsentStatus
		entries     int // what the ledger holds after the first service wrote
	}{
		{"subscribed default writes nothing; opt-in then reads unsubscribed", nil, optInPolicy, list.ConsentUnsubscribed, 0},
		{"opt-in writes an entry that a subscribed default keeps", optInPolicy, nil, list.ConsentUnsubscribed, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := memstore.New()
			first := contactkit.New(st, tt.first)
			created, err := first.CreateContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com")}})
			require.NoError(t, err)
			edited, err := first.CreateContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Bob")}})
			require.NoError(t, err)
			_, err = first.UpdateContact(t.Context(), owner, edited.ID, contact.Patch{Email: new("bob@example.com")})
			require.NoError(t, err)
			assert.Len(t, ledger(t, first, owner, ""), tt.entries)

			then := contactkit.New(st, tt.then)
			for _, id := range []contact.ID{created.ID, edited.ID} {
				entries, err := then.Consent(t.Context(), owner, id)
				require.NoError(t, err)
				require.Len(t, entries, 1)
				assert.Equal(t, tt.want, entries[0].Status)
			}
		})
	}
}

// ledger returns the entries of a's consent ledger on chn.
func ledger(t *testing.T, svc *contactkit.Service, a contactkit.Actor, chn list.Channel) []list.Consent {
	t.Helper()
	var out []list.Consent
	for e, err := range svc.ConsentLedger(t.Context(), a, chn) {
		require.NoError(t, err)
		out = append(out, e)
	}
	return out
}
