package contact_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
)

var (
	chanT0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	chanT1 = chanT0.Add(time.Hour)
)

func TestChannelKindValid(t *testing.T) {
	for _, k := range contact.ChannelKinds() {
		assert.True(t, k.Valid(), "%q", k)
	}
	assert.Equal(t, []contact.ChannelKind{"email", "sms", "whatsapp", "messenger", "instagram", "telegram"},
		contact.ChannelKinds())
	for _, k := range []contact.ChannelKind{"", "fax", "Email", " email"} {
		assert.False(t, k.Valid(), "%q", k)
	}
}

func TestChannelStateValid(t *testing.T) {
	for _, s := range []contact.ChannelState{contact.ChannelActive, contact.ChannelInactive, contact.ChannelUnavailable} {
		assert.True(t, s.Valid(), "%q", s)
	}
	for _, s := range []contact.ChannelState{"", "connected", "Active"} {
		assert.False(t, s.Valid(), "%q", s)
	}
}

func TestUserCanOpenAndChannelStateFor(t *testing.T) {
	email := &contact.Contact{Email: contact.MustParseEmail("ann@example.com")}
	phone := &contact.Contact{Phone: contact.MustParsePhone("+33612345678", "")}
	both := &contact.Contact{Email: email.Email, Phone: phone.Phone}
	none := &contact.Contact{FirstName: "Ann"}

	tests := []struct {
		name string
		kind contact.ChannelKind
		c    *contact.Contact
		want bool
	}{
		{"email with email", contact.ChannelEmail, email, true},
		{"email without email", contact.ChannelEmail, phone, false},
		{"sms with phone", contact.ChannelSMS, phone, true},
		{"sms without phone", contact.ChannelSMS, email, false},
		{"whatsapp with phone", contact.ChannelWhatsApp, phone, true},
		{"whatsapp without phone", contact.ChannelWhatsApp, none, false},
		{"messenger never", contact.ChannelMessenger, both, false},
		{"instagram never", contact.ChannelInstagram, both, false},
		{"telegram never", contact.ChannelTelegram, both, false},
		{"unknown kind", "fax", both, false},
		{"nil contact", contact.ChannelEmail, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, contact.UserCanOpen(tt.kind, tt.c))
			want := contact.ChannelUnavailable
			if tt.want {
				want = contact.ChannelInactive
			}
			assert.Equal(t, want, contact.ChannelStateFor(tt.kind, tt.c))
		})
	}
}

func TestChannelValidate(t *testing.T) {
	tests := []struct {
		name    string
		ch      contact.Channel
		reasons []error
	}{
		{"active", contact.Channel{Kind: contact.ChannelTelegram, State: contact.ChannelActive, ConnectedAt: chanT0}, nil},
		{"inactive", contact.Channel{Kind: contact.ChannelEmail, State: contact.ChannelInactive}, nil},
		{"unavailable", contact.Channel{Kind: contact.ChannelMessenger, State: contact.ChannelUnavailable}, nil},
		{"unknown kind", contact.Channel{Kind: "fax", State: contact.ChannelInactive}, []error{contact.ErrChannelKind}},
		{"unknown state", contact.Channel{Kind: contact.ChannelSMS, State: "on"}, []error{contact.ErrChannelState}},
		{"active without time", contact.Channel{Kind: contact.ChannelSMS, State: contact.ChannelActive}, []error{contact.ErrChannelTime}},
		{"inactive with time", contact.Channel{Kind: contact.ChannelSMS, State: contact.ChannelInactive, ConnectedAt: chanT0}, []error{contact.ErrChannelTime}},
		{"everything wrong", contact.Channel{}, []error{contact.ErrChannelKind, contact.ErrChannelState}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.ch.Validate()
			if tt.reasons == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, contact.ErrInvalidChannel)
			for _, r := range tt.reasons {
				assert.ErrorIs(t, err, r)
			}
			ce, ok := errors.AsType[*contact.ChannelError](err)
			require.True(t, ok, "want a *ChannelError, got %T", err)
			assert.Equal(t, "validate", ce.Op)
			assert.Equal(t, tt.ch.Kind, ce.Kind)
		})
	}
}

func TestConnectChannel(t *testing.T) {
	active := func(k contact.ChannelKind, at time.Time) contact.Channel {
		return contact.Channel{Kind: k, State: contact.ChannelActive, ConnectedAt: at}
	}
	tests := []struct {
		name string
		in   []contact.Channel
		kind contact.ChannelKind
		want []contact.Channel
	}{
		{"first channel", nil, contact.ChannelTelegram, []contact.Channel{active(contact.ChannelTelegram, chanT1)}},
		{"appended", []contact.Channel{active(contact.ChannelSMS, chanT0)}, contact.ChannelEmail,
			[]contact.Channel{active(contact.ChannelSMS, chanT0), active(contact.ChannelEmail, chanT1)}},
		{"already active keeps its time", []contact.Channel{active(contact.ChannelSMS, chanT0)}, contact.ChannelSMS,
			[]contact.Channel{active(contact.ChannelSMS, chanT0)}},
		{"inactive entry activated in place",
			[]contact.Channel{{Kind: contact.ChannelEmail, State: contact.ChannelInactive}, active(contact.ChannelSMS, chanT0)},
			contact.ChannelEmail,
			[]contact.Channel{active(contact.ChannelEmail, chanT1), active(contact.ChannelSMS, chanT0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := append([]contact.Channel(nil), tt.in...)
			got, err := contact.ConnectChannel(in, tt.kind, chanT1)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.in, in, "ConnectChannel modified its argument")
		})
	}
}

func TestConnectChannelDoesNotWriteBackingArray(t *testing.T) {
	backing := make([]contact.Channel, 1, 4)
	backing[0] = contact.Channel{Kind: contact.ChannelSMS, State: contact.ChannelActive, ConnectedAt: chanT0}
	got, err := contact.ConnectChannel(backing, contact.ChannelEmail, chanT1)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, contact.Channel{}, backing[:2][1], "ConnectChannel appended into the argument's backing array")

	got[0].ConnectedAt = chanT1
	assert.Equal(t, chanT0, backing[0].ConnectedAt, "the result shares its array with the argument")
}

func TestConnectChannelErrors(t *testing.T) {
	in := []contact.Channel{{Kind: contact.ChannelSMS, State: contact.ChannelActive, ConnectedAt: chanT0}}
	tests := []struct {
		name   string
		kind   contact.ChannelKind
		at     time.Time
		reason error
	}{
		{"unknown kind", "fax", chanT1, contact.ErrChannelKind},
		{"empty kind", "", chanT1, contact.ErrChannelKind},
		{"zero time", contact.ChannelEmail, time.Time{}, contact.ErrChannelTime},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := contact.ConnectChannel(in, tt.kind, tt.at)
			require.ErrorIs(t, err, contact.ErrInvalidChannel)
			require.ErrorIs(t, err, tt.reason)
			ce, ok := errors.AsType[*contact.ChannelError](err)
			require.True(t, ok, "want a *ChannelError, got %T", err)
			assert.Equal(t, "connect", ce.Op)
			assert.Equal(t, tt.kind, ce.Kind)
			assert.Equal(t, in, got, "a refused connection changes nothing")
		})
	}
	_, err := contact.ConnectChannel(nil, "fax", chanT1)
	assert.EqualError(t, err, `contact: connect channel "fax": invalid channel: unknown kind`)
}

func TestRemoveChannel(t *testing.T) {
	sms := contact.Channel{Kind: contact.ChannelSMS, State: contact.ChannelActive, ConnectedAt: chanT0}
	tg := contact.Channel{Kind: contact.ChannelTelegram, State: contact.ChannelActive, ConnectedAt: chanT1}
	tests := []struct {
		name        string
		in          []contact.Channel
		kind        contact.ChannelKind
		want        []contact.Channel
		wantRemoved bool
	}{
		{"removed", []contact.Channel{sms, tg}, contact.ChannelSMS, []contact.Channel{tg}, true},
		{"last one", []contact.Channel{tg}, contact.ChannelTelegram, []contact.Channel{}, true},
		{"every duplicate", []contact.Channel{sms, tg, sms}, contact.ChannelSMS, []contact.Channel{tg}, true},
		{"absent", []contact.Channel{sms}, contact.ChannelEmail, []contact.Channel{sms}, false},
		{"unknown kind", []contact.Channel{sms}, "fax", []contact.Channel{sms}, false},
		{"empty", nil, contact.ChannelSMS, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := append([]contact.Channel(nil), tt.in...)
			got, removed := contact.RemoveChannel(in, tt.kind)
			assert.Equal(t, tt.wantRemoved, removed)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.in, in, "RemoveChannel modified its argument")
		})
	}
}

func TestRemoveChannelDoesNotAlias(t *testing.T) {
	in := []contact.Channel{{Kind: contact.ChannelSMS, State: contact.ChannelActive, ConnectedAt: chanT0}}
	got, removed := contact.RemoveChannel(in, contact.ChannelEmail)
	require.False(t, removed)
	got[0].ConnectedAt = chanT1
	assert.Equal(t, chanT0, in[0].ConnectedAt, "the result shares its array with the argument")
}

func TestChannelStates(t *testing.T) {
	c := &contact.Contact{Email: contact.MustParseEmail("ann@example.com")}
	stored := []contact.Channel{
		{Kind: contact.ChannelTelegram, State: contact.ChannelActive, ConnectedAt: chanT0},
		{Kind: contact.ChannelSMS, State: contact.ChannelInactive}, // not connected: derived
		{Kind: "fax", State: contact.ChannelActive, ConnectedAt: chanT0},
	}
	got := contact.ChannelStates(stored, c)
	assert.Equal(t, []contact.Channel{
		{Kind: contact.ChannelEmail, State: contact.ChannelInactive},
		{Kind: contact.ChannelSMS, State: contact.ChannelUnavailable},
		{Kind: contact.ChannelWhatsApp, State: contact.ChannelUnavailable},
		{Kind: contact.ChannelMessenger, State: contact.ChannelUnavailable},
		{Kind: contact.ChannelInstagram, State: contact.ChannelUnavailable},
		{Kind: contact.ChannelTelegram, State: contact.ChannelActive, ConnectedAt: chanT0},
	}, got)
}

func TestFindChannel(t *testing.T) {
	chs := []contact.Channel{{Kind: contact.ChannelSMS, State: contact.ChannelActive, ConnectedAt: chanT0}}
	ch, ok := contact.FindChannel(chs, contact.ChannelSMS)
	assert.True(t, ok)
	assert.Equal(t, chs[0], ch)
	ch, ok = contact.FindChannel(chs, contact.ChannelEmail)
	assert.False(t, ok)
	assert.Equal(t, contact.Channel{}, ch)
}
