package contactkit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

const adaPhone = "+33612345678"

// newList creates a list in owner's workspace.
func (h *harness) newList(t *testing.T, l list.List) list.List {
	t.Helper()
	l, err := h.svc.CreateList(t.Context(), owner, l)
	require.NoError(t, err, "CreateList")
	return l
}

func (h *harness) reachable(t *testing.T, c contact.ID, k contact.ChannelKind, l list.ID) contactkit.Reachability {
	t.Helper()
	r, err := h.svc.Reachable(t.Context(), owner, c, k, l)
	require.NoError(t, err, "Reachable")
	assert.Equal(t, len(r.Reasons) == 0, r.OK, "OK is true exactly when there is no reason")
	return r
}

func TestReachableReasons(t *testing.T) {
	optIn := &contactkit.Options{DefaultRegion: "FR", Consent: list.Policy{DefaultConsent: list.ConsentUnsubscribed}}
	tests := []struct {
		name string
		opts *contactkit.Options // nil: the harness's
		// setup prepares contact c (a phone, no email) and returns the
		// channel and list to ask about.
		setup func(t *testing.T, h *harness, c contact.ID) (contact.ChannelKind, list.ID)
		want  []contactkit.Reason
	}{
		{"reachable", nil, func(*testing.T, *harness, contact.ID) (contact.ChannelKind, list.ID) {
			return contact.ChannelSMS, list.ID{}
		}, nil},
		{"reachable for a list", nil, func(t *testing.T, h *harness, c contact.ID) (contact.ChannelKind, list.ID) {
			l := h.newList(t, list.List{Name: "Alerts", Channel: list.ChannelSMS})
			_, err := h.svc.AddToList(t.Context(), owner, l.ID, c)
			require.NoError(t, err)
			return contact.ChannelSMS, l.ID
		}, nil},
		{"a connected messenger", nil, func(t *testing.T, h *harness, c contact.ID) (contact.ChannelKind, list.ID) {
			_, err := h.svc.ConnectChannel(t.Context(), owner, c, contact.ChannelMessenger)
			require.NoError(t, err)
			return contact.ChannelMessenger, list.ID{}
		}, nil},
		{"trashed", nil, func(t *testing.T, h *harness, c contact.ID) (contact.ChannelKind, list.ID) {
			_, err := h.svc.DeleteContact(t.Context(), owner, c)
			require.NoError(t, err)
			return contact.ChannelSMS, list.ID{}
		}, []contactkit.Reason{contactkit.ReasonTrashed}},
		{"blocked", nil, func(t *testing.T, h *harness, c contact.ID) (contact.ChannelKind, list.ID) {
			_, err := h.svc.BlockContact(t.Context(), owner, c, "spam")
			require.NoError(t, err)
			return contact.ChannelSMS, list.ID{}
		}, []contactkit.Reason{contactkit.ReasonBlocked}},
		{"no address (so the channel is unavailable too)", nil, func(*testing.T, *harness, contact.ID) (contact.ChannelKind, list.ID) {
			return contact.ChannelEmail, list.ID{}
		}, []contactkit.Reason{contactkit.ReasonNoAddress, contactkit.ReasonChannelUnavailable}},
		{"channel unavailable", nil, func(*testing.T, *harness, contact.ID) (contact.ChannelKind, list.ID) {
			return contact.ChannelInstagram, list.ID{}
		}, []contactkit.Reason{contactkit.ReasonChannelUnavailable}},
		{"unsubscribed", nil, func(t *testing.T, h *harness, c contact.ID) (contact.ChannelKind, list.ID) {
			_, err := h.svc.Unsubscribe(t.Context(), owner, c, list.ChannelSMS, "STOP")
			require.NoError(t, err)
			return contact.ChannelSMS, list.ID{}
		}, []contactkit.Reason{contactkit.ReasonUnsubscribed}},
		{"no consent under opt-in", optIn, func(*testing.T, *harness, contact.ID) (contact.ChannelKind, list.ID) {
			return contact.ChannelWhatsApp, list.ID{}
		}, []contactkit.Reason{contactkit.ReasonNoConsent}},
		{"the list sends on another channel", nil, func(t *testing.T, h *harness, c contact.ID) (contact.ChannelKind, list.ID) {
			l := h.newList(t, list.List{Name: "WhatsApp news", Channel: list.ChannelWhatsApp})
			_, err := h.svc.AddToList(t.Context(), owner, l.ID, c)
			require.NoError(t, err)
			return contact.ChannelSMS, l.ID
		}, []contactkit.Reason{contactkit.ReasonListChannel}},
		{"not a member", nil, func(t *testing.T, h *harness, _ contact.ID) (contact.ChannelKind, list.ID) {
			return contact.ChannelSMS, h.newList(t, list.List{Name: "Alerts"}).ID
		}, []contactkit.Reason{contactkit.ReasonNotMember}},
		{"unsubscribed from the list", nil, func(t *testing.T, h *harness, c contact.ID) (contact.ChannelKind, list.ID) {
			l := h.newList(t, list.List{Name: "Alerts"})
			_, err := h.svc.AddToList(t.Context(), owner, l.ID, c)
			require.NoError(t, err)
			_, err = h.svc.UnsubscribeFromList(t.Context(), owner, l.ID, c, "too many")
			require.NoError(t, err)
			return contact.ChannelSMS, l.ID
		}, []contactkit.Reason{contactkit.ReasonListUnsubscribed}},
		{"unconfirmed", nil, func(t *testing.T, h *harness, c contact.ID) (contact.ChannelKind, list.ID) {
			l := h.newList(t, list.List{Name: "Beta", DoubleOptIn: true})
			_, err := h.svc.AddToList(t.Context(), owner, l.ID, c)
			require.NoError(t, err)
			return contact.ChannelSMS, l.ID
		}, []contactkit.Reason{contactkit.ReasonListUnconfirmed}},
		{"every reason at once", nil, func(t *testing.T, h *harness, c contact.ID) (contact.ChannelKind, list.ID) {
			l := h.newList(t, list.List{Name: "Mail", Channel: list.ChannelEmail})
			_, err := h.svc.Unsubscribe(t.Context(), owner, c, list.ChannelSMS, "STOP")
			require.NoError(t, err)
			_, err = h.svc.BlockContact(t.Context(), owner, c, "spam")
			require.NoError(t, err)
			_, err = h.svc.DeleteContact(t.Context(), owner, c)
			require.NoError(t, err)
			return contact.ChannelSMS, l.ID
		}, []contactkit.Reason{contactkit.ReasonTrashed, contactkit.ReasonBlocked, contactkit.ReasonUnsubscribed, contactkit.ReasonListChannel, contactkit.ReasonNotMember}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			if tt.opts != nil {
				h.svc = contactkit.New(h.store, tt.opts)
			}
			c := h.create(t, owner, contact.Patch{FirstName: new("Ada"), Phone: new("06 12 34 56 78")})
			k, l := tt.setup(t, h, c.ID)
			r := h.reachable(t, c.ID, k, l)
			assert.Equal(t, tt.want, r.Reasons)
			if list.Channel(k).Valid() && !r.Has(contactkit.ReasonNoAddress) {
				assert.Equal(t, list.Address{Channel: list.Channel(k), Value: adaPhone}, r.Address)
			}
		})
	}
}

func TestReachableSaysWhoUnsubscribed(t *testing.T) {
	h := newHarness(t)
	c := h.create(t, owner, contact.Patch{Phone: new(adaPhone)})
	_, err := h.svc.Unsubscribe(t.Context(), agent, c.ID, list.ChannelSMS, "replied STOP")
	require.NoError(t, err)
	r := h.reachable(t, c.ID, contact.ChannelSMS, list.ID{})
	assert.Equal(t, []contactkit.Reason{contactkit.ReasonUnsubscribed}, r.Reasons)
	assert.Equal(t, list.Change{At: h.now, By: agent.User, Source: contact.ChangeAPI, Reason: "replied STOP"}, r.Consent.Changed)
	assert.True(t, h.reachable(t, c.ID, contact.ChannelWhatsApp, list.ID{}).OK, "sms and whatsapp are separate")

	_, err = h.svc.Reachable(t.Context(), other, c.ID, contact.ChannelSMS, list.ID{})
	assert.ErrorIs(t, err, contactkit.ErrNotFound, "another workspace's contact is not found")
	l := h.newList(t, list.List{Name: "Mine"})
	_, err = h.svc.Reachable(t.Context(), owner, c.ID, contact.ChannelSMS, list.MustParseID("01956a3c-0000-7000-8000-000000000001"))
	assert.ErrorIs(t, err, contactkit.ErrNotFound, "an unknown list")
	oc := h.create(t, other, contact.Patch{Phone: new(adaPhone)})
	_, err = h.svc.Reachable(t.Context(), other, oc.ID, contact.ChannelSMS, l.ID)
	assert.ErrorIs(t, err, contactkit.ErrNotFound, "another workspace's list is not found")
	_, err = h.svc.Reachable(t.Context(), owner, c.ID, "fax", list.ID{})
	assert.ErrorIs(t, err, contactkit.ErrInvalidInput)
}

// TestStopComesBack: an address that said STOP comes back as a new contact —
// through a list add, a re-creation, a capture and an import-like loop — and
// is never reachable until an explicit resubscribe: the unsubscribe belongs to
// the address, and only a resubscribe lifts it.
func TestStopComesBack(t *testing.T) {
	ways := []struct {
		name string
		// arrive makes a new contact with the phone, in some form, and
		// returns it.
		arrive func(t *testing.T, h *harness, l list.List) contact.ID
	}{
		{"create, then add to the list", func(t *testing.T, h *harness, l list.List) contact.ID {
			c := h.create(t, owner, contact.Patch{FirstName: new("Bob"), Phone: new("06 12 34 56 78")})
			m, err := h.svc.AddToList(t.Context(), owner, l.ID, c.ID)
			require.NoError(t, err)
			assert.Equal(t, list.StatusUnsubscribed, m.Status, "joining never subscribes an unsubscribed address")
			assert.Contains(t, m.Changed.Reason, "sms:"+adaPhone)
			assert.Contains(t, m.Changed.Reason, "STOP", "the ledger entry is the reason")
			return c.ID
		}},
		{"capture with the list", func(t *testing.T, h *harness, l list.List) contact.ID {
			res, err := h.svc.CaptureContact(t.Context(), owner, contactkit.ContactInput{
				Patch: contact.Patch{Phone: new("0033 6 12 34 56 78")},
				Lists: []list.ID{l.ID},
			})
			require.NoError(t, err)
			require.True(t, res.Created)
			require.Len(t, res.Memberships, 1)
			assert.Equal(t, list.StatusUnsubscribed, res.Memberships[0].Status)
			return res.Contact.ID
		}},
		{"capture asking for sms consent", func(t *testing.T, h *harness, l list.List) contact.ID {
			res, err := h.svc.CaptureContact(t.Context(), owner, contactkit.ContactInput{
				Patch:   contact.Patch{Phone: new("6 12 34 56 78")},
				Consent: map[list.Channel]list.ConsentStatus{list.ChannelSMS: list.ConsentSubscribed},
				Lists:   []list.ID{l.ID},
			})
			require.NoError(t, err)
			assert.Equal(t, []list.Address{{Channel: list.ChannelSMS, Value: adaPhone}}, res.StillUnsubscribed,
				"subscribed never silently resubscribes: the result says so")
			return res.Contact.ID
		}},
		{"an import-like loop", func(t *testing.T, h *harness, l list.List) contact.ID {
			var id contact.ID
			rows := []string{"+33 6 11 11 11 11", "06.12.34.56.78", "+33 6 22 22 22 22"}
			for i, phone := range rows {
				in := contactkit.ContactInput{Patch: contact.Patch{Phone: new(phone)}, Lists: []list.ID{l.ID}, Source: contact.SourceImport}
				c, err := createOrCapture(t.Context(), h.svc, owner, in, i%2 == 1)
				require.NoError(t, err)
				if c.Phone.String() == adaPhone {
					id = c.ID
				} else {
					assert.True(t, h.reachable(t, c.ID, contact.ChannelSMS, l.ID).OK, "the other rows are reachable")
				}
			}
			return id
		}},
	}
	for _, way := range ways {
		t.Run(way.name, func(t *testing.T) {
			h := newHarness(t)
			l := h.newList(t, list.List{Name: "Alerts", Channel: list.ChannelSMS})
			ada := h.create(t, owner, contact.Patch{FirstName: new("Ada"), Phone: new(adaPhone)})
			_, err := h.svc.Unsubscribe(t.Context(), owner, ada.ID, list.ChannelSMS, "STOP")
			require.NoError(t, err)
			_, err = h.svc.DeleteContact(t.Context(), owner, ada.ID)
			require.NoError(t, err)

			id := way.arrive(t, h, l)
			r := h.reachable(t, id, contact.ChannelSMS, l.ID)
			assert.Equal(t, []contactkit.Reason{contactkit.ReasonUnsubscribed, contactkit.ReasonListUnsubscribed}, r.Reasons)

			// Neither adding again nor a resubscribe without a reason or
			// from an import lifts it.
			_, err = h.svc.AddToList(t.Context(), owner, l.ID, id)
			require.NoError(t, err)
			_, err = h.svc.ResubscribeToList(t.Context(), owner, l.ID, id, "")
			require.ErrorIs(t, err, list.ErrReasonRequired)
			importer := owner
			importer.Source = contact.ChangeImport
			_, err = h.svc.ResubscribeToList(t.Context(), importer, l.ID, id, "in the file")
			require.ErrorIs(t, err, list.ErrNotExplicit)
			assert.False(t, h.reachable(t, id, contact.ChannelSMS, l.ID).OK)

			m, err := h.svc.ResubscribeToList(t.Context(), ui, l.ID, id, "asked to rejoin by phone")
			require.NoError(t, err)
			assert.Equal(t, list.StatusSubscribed, m.Status)
			assert.True(t, h.reachable(t, id, contact.ChannelSMS, l.ID).OK, "an explicit resubscribe lifts both")
		})
	}
}

func TestJoiningAListLooksAtItsChannel(t *testing.T) {
	h := newHarness(t)
	c := h.create(t, owner, contact.Patch{Email: new("ada@example.com"), Phone: new(adaPhone)})
	_, err := h.svc.Unsubscribe(t.Context(), owner, c.ID, list.ChannelWhatsApp, "STOP")
	require.NoError(t, err)
	tests := []struct {
		name    string
		channel list.Channel
		want    list.Status
	}{
		{"a list on another channel", list.ChannelEmail, list.StatusSubscribed},
		{"a list on the unsubscribed channel", list.ChannelWhatsApp, list.StatusUnsubscribed},
		{"a list with no channel takes every address", "", list.StatusUnsubscribed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := h.newList(t, list.List{Name: tt.name, Channel: tt.channel})
			m, err := h.svc.AddToList(t.Context(), owner, l.ID, c.ID)
			require.NoError(t, err)
			assert.Equal(t, tt.want, m.Status)
		})
	}
	_, err = h.svc.CreateList(t.Context(), owner, list.List{Name: "Fax", Channel: "fax"})
	assert.ErrorIs(t, err, list.ErrInvalidChannel)
}

// TestStopFromAnUnknownNumber: an unsubscribe recorded for a number no
// contact has applies to the contact created from it later.
func TestStopFromAnUnknownNumber(t *testing.T) {
	h := newHarness(t)
	entry, err := h.svc.UnsubscribeAddress(t.Context(), agent, list.ChannelSMS, "06 12 34 56 78", "STOP")
	require.NoError(t, err)
	assert.Equal(t, list.Consent{
		Address: list.Address{Channel: list.ChannelSMS, Value: adaPhone},
		Status:  list.ConsentUnsubscribed,
		Changed: list.Change{At: h.now, By: agent.User, Source: contact.ChangeAPI, Reason: "STOP"},
		Version: 1,
	}, entry)
	events := h.takeEvents()
	require.Len(t, events, 1)
	changed, ok := events[0].(contactkit.ConsentChanged)
	require.True(t, ok, "%T", events[0])
	assert.Equal(t, entry.Address, changed.Address)
	assert.True(t, changed.Contact.IsZero(), "no contact holds the number")
	assert.Equal(t, list.ConsentUnsubscribed, changed.To)

	for _, form := range []string{"+33612345678", "0033 6 12 34 56 78", "6.12.34.56.78"} {
		got, err := h.svc.AddressConsent(t.Context(), owner, list.ChannelSMS, form)
		require.NoError(t, err)
		assert.Equal(t, list.ConsentUnsubscribed, got.Status, form)
	}
	got, err := h.svc.AddressConsent(t.Context(), owner, list.ChannelWhatsApp, adaPhone)
	require.NoError(t, err)
	assert.Equal(t, list.ConsentSubscribed, got.Status, "whatsapp is another entry")
	assert.True(t, got.Default, "never seen: the workspace default")

	// Unsubscribing again changes nothing.
	again, err := h.svc.UnsubscribeAddress(t.Context(), agent, list.ChannelSMS, adaPhone, "STOP again")
	require.NoError(t, err)
	assert.Equal(t, entry, again)
	assert.Empty(t, h.takeEvents())

	c := h.create(t, owner, contact.Patch{FirstName: new("Ada"), Phone: new("+33 6 12 34 56 78")})
	h.takeEvents()
	assert.Equal(t, list.ConsentUnsubscribed, consentOn(t, h, owner, c.ID, list.ChannelSMS))
	assert.Equal(t, []contactkit.Reason{contactkit.ReasonUnsubscribed}, h.reachable(t, c.ID, contact.ChannelSMS, list.ID{}).Reasons)

	_, err = h.svc.ResubscribeAddress(t.Context(), agent, list.ChannelSMS, "0612345678", "")
	require.ErrorIs(t, err, list.ErrReasonRequired)
	_, err = h.svc.ResubscribeAddress(t.Context(), ui, list.ChannelSMS, "0612345678", "texted START")
	require.NoError(t, err)
	assert.True(t, h.reachable(t, c.ID, contact.ChannelSMS, list.ID{}).OK)
	events = h.takeEvents()
	require.Len(t, events, 1)
	changed = events[0].(contactkit.ConsentChanged)
	assert.Equal(t, c.ID, changed.Contact, "the contact that holds the number now")

	var history []string
	for ch, err := range h.svc.History(t.Context(), owner, c.ID, contact.ConsentFieldPrefix+"sms") {
		require.NoError(t, err)
		history = append(history, ch.Old+">"+ch.New+": "+ch.Reason)
	}
	assert.Equal(t, []string{"unsubscribed>subscribed: texted START"}, history, "property history where a contact holds the address")
}

func TestConsentByAddressInput(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		name    string
		channel list.Channel
		raw     string
		err     error
	}{
		{"bad phone", list.ChannelSMS, "12", contact.ErrInvalidPhone},
		{"bad email", list.ChannelEmail, "ada@", contact.ErrInvalidEmail},
		{"bad channel", "fax", "+33612345678", list.ErrInvalidChannel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.svc.UnsubscribeAddress(t.Context(), owner, tt.channel, tt.raw, "STOP")
			assert.ErrorIs(t, err, contactkit.ErrInvalidInput)
			assert.ErrorIs(t, err, tt.err)
			_, err = h.svc.AddressConsent(t.Context(), owner, tt.channel, tt.raw)
			assert.ErrorIs(t, err, tt.err)
		})
	}
	assert.Empty(t, ledger(t, h.svc, owner, ""), "nothing written")
}

func TestAddressConsentReadsTheDefault(t *testing.T) {
	st := memstore.New()
	for _, tt := range []struct {
		policy list.Policy
		want   list.ConsentStatus
	}{
		{list.Policy{}, list.ConsentSubscribed},
		{list.Policy{DefaultConsent: list.ConsentUnsubscribed}, list.ConsentUnsubscribed},
	} {
		svc := contactkit.New(st, &contactkit.Options{Consent: tt.policy})
		got, err := svc.AddressConsent(t.Context(), owner, list.ChannelEmail, "Never.Seen@Example.com")
		require.NoError(t, err)
		assert.Equal(t, list.Consent{Address: list.Address{Channel: list.ChannelEmail, Value: "never.seen@example.com"}, Status: tt.want, Default: true}, got)
	}
}

func TestConsentLedger(t *testing.T) {
	h := newHarness(t)
	for _, raw := range []string{"0611111111", "0622222222", "0633333333"} {
		_, err := h.svc.UnsubscribeAddress(t.Context(), owner, list.ChannelSMS, raw, "STOP")
		require.NoError(t, err)
	}
	_, err := h.svc.UnsubscribeAddress(t.Context(), owner, list.ChannelEmail, "ada@example.com", "bounced")
	require.NoError(t, err)
	_, err = h.svc.UnsubscribeAddress(t.Context(), other, list.ChannelEmail, "grace@example.com", "theirs")
	require.NoError(t, err)
	h.create(t, owner, contact.Patch{Phone: new("0644444444")}) // a new address writes no entry

	var paged []string
	p := store.PageRequest{Limit: 2}
	for {
		page, err := h.svc.ListConsent(t.Context(), owner, list.ChannelSMS, p)
		require.NoError(t, err)
		assert.LessOrEqual(t, len(page.Items), 2)
		for _, e := range page.Items {
			paged = append(paged, e.Address.String())
		}
		if page.Next == "" {
			break
		}
		p.Cursor = page.Next
	}
	assert.Equal(t, []string{"sms:+33611111111", "sms:+33622222222", "sms:+33633333333"}, paged)
	assert.Len(t, ledger(t, h.svc, owner, ""), 4, "every channel")
	theirs := ledger(t, h.svc, other, "")
	require.Len(t, theirs, 1, "another workspace's ledger is invisible")
	assert.Equal(t, "email:grace@example.com", theirs[0].Address.String())

	got, err := h.svc.AddressConsent(t.Context(), other, list.ChannelEmail, "ada@example.com")
	require.NoError(t, err)
	assert.Equal(t, list.ConsentSubscribed, got.Status, "another workspace's unsubscribe does not apply")
	_, err = h.svc.ListConsent(t.Context(), owner, "fax", store.PageRequest{})
	assert.ErrorIs(t, err, contactkit.ErrInvalidInput)
}

func TestLookups(t *testing.T) {
	h := newHarness(t)
	ada := h.create(t, owner, contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com"), Phone: new("+33 6 12 34 56 78")})
	h.create(t, other, contact.Patch{FirstName: new("Theirs"), Email: new("grace@example.com")})
	trashed := h.create(t, owner, contact.Patch{FirstName: new("Gone"), Phone: new("0699999999")})
	_, err := h.svc.DeleteContact(t.Context(), owner, trashed.ID)
	require.NoError(t, err)

	for _, raw := range []string{"06 12 34 56 78", "0612345678", "612345678", "+33612345678", "0033 6 12 34 56 78", "+33 (0)6 12-34-56-78"} {
		t.Run("phone "+raw, func(t *testing.T) {
			c, err := h.svc.ContactByPhone(t.Context(), owner, raw)
			require.NoError(t, err)
			assert.Equal(t, ada.ID, c.ID)
		})
	}
	for _, raw := range []string{"ADA@EXAMPLE.COM", " Ada@Example.com "} {
		t.Run("email "+raw, func(t *testing.T) {
			c, err := h.svc.ContactByEmail(t.Context(), owner, raw)
			require.NoError(t, err)
			assert.Equal(t, ada.ID, c.ID)
		})
	}
	tests := []struct {
		name   string
		lookup func() (contact.Contact, error)
		err    error
	}{
		{"unknown phone", func() (contact.Contact, error) { return h.svc.ContactByPhone(t.Context(), owner, "0698765432") }, contactkit.ErrNotFound},
		{"a trashed contact's phone", func() (contact.Contact, error) { return h.svc.ContactByPhone(t.Context(), owner, "0699999999") }, contactkit.ErrNotFound},
		{"another workspace's email", func() (contact.Contact, error) {
			return h.svc.ContactByEmail(t.Context(), owner, "grace@example.com")
		}, contactkit.ErrNotFound},
		{"bad phone", func() (contact.Contact, error) { return h.svc.ContactByPhone(t.Context(), owner, "12") }, contact.ErrInvalidPhone},
		{"bad email", func() (contact.Contact, error) { return h.svc.ContactByEmail(t.Context(), owner, "nope") }, contactkit.ErrInvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.lookup()
			assert.ErrorIs(t, err, tt.err)
		})
	}
}

func TestResubscribeToListLiftsOnlyUnsubscribes(t *testing.T) {
	h := newHarness(t)
	c := h.create(t, owner, contact.Patch{Email: new("ada@example.com"), Phone: new(adaPhone)})
	_, err := h.svc.Unsubscribe(t.Context(), owner, c.ID, list.ChannelSMS, "STOP")
	require.NoError(t, err)
	everything := h.newList(t, list.List{Name: "Everything"})
	m, err := h.svc.AddToList(t.Context(), owner, everything.ID, c.ID)
	require.NoError(t, err)
	require.Equal(t, list.StatusUnsubscribed, m.Status, "a list with no channel takes every address")
	h.takeEvents()

	m, err = h.svc.ResubscribeToList(t.Context(), ui, everything.ID, c.ID, "wants it all again")
	require.NoError(t, err)
	assert.Equal(t, list.StatusSubscribed, m.Status)
	entries := ledger(t, h.svc, owner, "")
	require.Len(t, entries, 1, "only the unsubscribed address is written; the others stay the default")
	assert.Equal(t, list.ConsentSubscribed, entries[0].Status)
	assert.Equal(t, "wants it all again", entries[0].Changed.Reason)
	assert.Equal(t, []string{"contactkit.ConsentChanged", "contactkit.ListStatusChanged"}, eventTypes(h.takeEvents()))
	for _, k := range []contact.ChannelKind{contact.ChannelEmail, contact.ChannelSMS, contact.ChannelWhatsApp} {
		assert.True(t, h.reachable(t, c.ID, k, everything.ID).OK, "%s", k)
	}
}

func TestResubscribeToListOptsInUnderOptIn(t *testing.T) {
	h := newHarness(t)
	h.svc = contactkit.New(h.store, &contactkit.Options{DefaultRegion: "FR", Consent: list.Policy{DefaultConsent: list.ConsentUnsubscribed}})
	c := h.create(t, owner, contact.Patch{Email: new("ada@example.com"), Phone: new(adaPhone)})
	alerts := h.newList(t, list.List{Name: "Alerts", Channel: list.ChannelSMS})
	m, err := h.svc.AddToList(t.Context(), owner, alerts.ID, c.ID)
	require.NoError(t, err)
	assert.Equal(t, list.StatusSubscribed, m.Status, "not having opted in is not an unsubscribe")
	assert.Equal(t, []contactkit.Reason{contactkit.ReasonNoConsent}, h.reachable(t, c.ID, contact.ChannelSMS, alerts.ID).Reasons)

	_, err = h.svc.ResubscribeToList(t.Context(), ui, alerts.ID, c.ID, "opted in by phone")
	require.NoError(t, err)
	assert.True(t, h.reachable(t, c.ID, contact.ChannelSMS, alerts.ID).OK)
	assert.Equal(t, []contactkit.Reason{contactkit.ReasonNoConsent}, h.reachable(t, c.ID, contact.ChannelWhatsApp, list.ID{}).Reasons, "only the list's channel")
}
