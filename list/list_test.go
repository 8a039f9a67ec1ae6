package list_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
)

var (
	at0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	at1 = at0.Add(time.Hour)

	listID    = list.MustParseID("01956a3c-0000-7000-8000-000000000001")
	contactID = contact.MustParseID("01956a3c-0000-7000-8000-0000000000aa")
)

// The kinds of change the transition tables try.
var (
	explicitUI  = list.Change{At: at1, By: "u-1", Source: contact.ChangeUI, Reason: "  asked by phone \n"}
	explicitAPI = list.Change{At: at1, By: "u-1", Source: contact.ChangeAPI, Reason: "support ticket 12"}
	noReason    = list.Change{At: at1, By: "u-1", Source: contact.ChangeUI, Reason: " \t "}
	noActor     = list.Change{At: at1, Source: contact.ChangeUI, Reason: "asked"}
	byImport    = list.Change{At: at1, By: "u-1", Source: contact.ChangeImport, Reason: "in the file"}
	byMerge     = list.Change{At: at1, By: "u-1", Source: contact.ChangeMerge, Reason: "merge"}
	byAuto      = list.Change{At: at1, By: "u-1", Source: contact.ChangeAutomation, Reason: "step 3"}
	noSource    = list.Change{At: at1, By: "u-1", Reason: "asked"}
	bareChange  = list.Change{At: at1}
)

// trimmed is ch as the transitions store it.
func trimmed(ch list.Change) list.Change {
	ch.Reason = strings.TrimSpace(ch.Reason)
	return ch
}

func TestID(t *testing.T) {
	const s = "01956a3c-0000-7000-8000-000000000001"
	id, err := list.ParseID(s)
	require.NoError(t, err)
	assert.Equal(t, s, id.String())
	assert.False(t, id.IsZero())
	assert.True(t, list.ID{}.IsZero())
	assert.Equal(t, listID, id)

	later := list.MustParseID("01956a3c-0000-7000-8000-000000000002")
	assert.Equal(t, -1, id.Compare(later))
	assert.Equal(t, 1, later.Compare(id))
	assert.Equal(t, 0, id.Compare(listID))

	b, err := json.Marshal(map[string]list.ID{"id": id})
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"`+s+`"}`, string(b))
	var back map[string]list.ID
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, id, back["id"])

	for _, bad := range []string{"", "nope", "01956a3c-0000-7000-8000-00000000000"} {
		_, err := list.ParseID(bad)
		require.ErrorIs(t, err, list.ErrInvalidID, "%q", bad)
		e, ok := errors.AsType[*list.Error](err)
		require.True(t, ok, "want *list.Error, got %T", err)
		assert.Equal(t, "id", e.Field)
		assert.Equal(t, bad, e.Input)

		var u list.ID
		assert.ErrorIs(t, u.UnmarshalText([]byte(bad)), list.ErrInvalidID)
	}
	assert.Panics(t, func() { list.MustParseID("nope") })
	_, err = list.ParseID("nope")
	assert.EqualError(t, err, `list: id "nope": invalid id`)
}

func TestListValidate(t *testing.T) {
	type problem struct {
		field  string
		reason error
	}
	tests := []struct {
		name     string
		list     list.List
		problems []problem
	}{
		{"ok", list.List{Name: "Newsletter", Description: "Monthly news"}, nil},
		{"ok without description", list.List{Name: "VIP événements"}, nil},
		{"longest name", list.List{Name: strings.Repeat("é", list.MaxNameLen)}, nil},
		{"empty name", list.List{}, []problem{{"name", list.ErrEmpty}}},
		{"blank name", list.List{Name: " \t\n\u00a0"}, []problem{{"name", list.ErrEmpty}}},
		{"name too long", list.List{Name: strings.Repeat("x", list.MaxNameLen+1)}, []problem{{"name", list.ErrTooLong}}},
		{"name not trimmed", list.List{Name: " News "}, []problem{{"name", list.ErrNotNormalized}}},
		{"inner spaces", list.List{Name: "Spring  sale"}, []problem{{"name", list.ErrNotNormalized}}},
		{"name not NFC", list.List{Name: "Cafe\u0301"}, []problem{{"name", list.ErrNotNormalized}}},
		{"description not trimmed", list.List{Name: "News", Description: "x\n"}, []problem{{"description", list.ErrNotNormalized}}},
		{"description bad UTF-8", list.List{Name: "News", Description: "a\xffb"}, []problem{{"description", list.ErrNotNormalized}}},
		{"ok with a channel", list.List{Name: "SMS alerts", Channel: list.ChannelSMS}, nil},
		{"unknown channel", list.List{Name: "Fax", Channel: "fax"}, []problem{{"channel", list.ErrInvalidChannel}}},
		{"every problem at once", list.List{Name: " " + strings.Repeat("x", list.MaxNameLen+1), Description: " d", Channel: "fax"},
			[]problem{{"name", list.ErrTooLong}, {"name", list.ErrNotNormalized}, {"description", list.ErrNotNormalized}, {"channel", list.ErrInvalidChannel}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.list.Validate()
			if tt.problems == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, list.ErrInvalidList)
			joined, ok := err.(interface{ Unwrap() []error })
			require.True(t, ok, "Validate should join its errors, got %T", err)
			errs := joined.Unwrap()
			require.Len(t, errs, len(tt.problems), "problems: %v", err)
			for i, p := range tt.problems {
				e, ok := errors.AsType[*list.Error](errs[i])
				require.True(t, ok, "want *list.Error, got %T", errs[i])
				assert.Equal(t, p.field, e.Field)
				assert.ErrorIs(t, e, list.ErrInvalidList)
				assert.ErrorIs(t, e, p.reason)
			}
		})
	}
}

func TestListNormalize(t *testing.T) {
	l := list.List{ID: listID, Name: "  Cafe\u0301 \t club ", Description: "\n Rendez-vous\u0301 \xff ", DoubleOptIn: true, Version: 3}
	n := l.Normalize()
	assert.Equal(t, "Café club", n.Name)
	assert.Equal(t, "Rendez-vou\u015b \ufffd", n.Description, "trimmed, NFC, bad UTF-8 replaced")
	assert.Equal(t, n, n.Normalize(), "Normalize is idempotent")
	require.NoError(t, n.Validate())
	assert.Equal(t, listID, n.ID)
	assert.True(t, n.DoubleOptIn)
	assert.Equal(t, int64(3), n.Version)
	assert.Equal(t, "  Cafe\u0301 \t club ", l.Name, "Normalize changed its receiver")
}

func TestListJoin(t *testing.T) {
	tests := []struct {
		name        string
		doubleOptIn bool
		want        list.Status
	}{
		{"single opt-in", false, list.StatusSubscribed},
		{"double opt-in", true, list.StatusUnconfirmed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := list.List{ID: listID, Name: "News", DoubleOptIn: tt.doubleOptIn}
			m := l.Join(contactID, explicitUI)
			assert.Equal(t, list.Membership{
				List: listID, Contact: contactID, Status: tt.want, Changed: trimmed(explicitUI),
			}, m)
			require.NoError(t, m.Validate())
		})
	}
}

func TestStatusValid(t *testing.T) {
	for _, s := range []list.Status{list.StatusSubscribed, list.StatusUnsubscribed, list.StatusUnconfirmed} {
		assert.True(t, s.Valid(), "%q", s)
	}
	for _, s := range []list.Status{"", "Subscribed", "pending"} {
		assert.False(t, s.Valid(), "%q", s)
	}
}

func TestMostRestrictive(t *testing.T) {
	const (
		sub   = list.StatusSubscribed
		unsub = list.StatusUnsubscribed
		unc   = list.StatusUnconfirmed
	)
	tests := []struct {
		a, b, want list.Status
	}{
		{sub, sub, sub},
		{sub, unc, unc},
		{sub, unsub, unsub},
		{unc, unc, unc},
		{unc, unsub, unsub},
		{unsub, unsub, unsub},
		{"", sub, unsub},
		{"bogus", unc, unsub},
		{"", "", unsub},
	}
	for _, tt := range tests {
		t.Run(string(tt.a)+"+"+string(tt.b), func(t *testing.T) {
			assert.Equal(t, tt.want, list.MostRestrictive(tt.a, tt.b))
			assert.Equal(t, tt.want, list.MostRestrictive(tt.b, tt.a), "not symmetric")
		})
	}
}

func TestMembershipSetStatus(t *testing.T) {
	const (
		sub   = list.StatusSubscribed
		unsub = list.StatusUnsubscribed
		unc   = list.StatusUnconfirmed
	)
	tests := []struct {
		name    string
		from    list.Status
		to      list.Status
		change  list.Change
		changed bool
		errs    []error // every reason reported, in order; nil for success
	}{
		// Allowed with any change.
		{"subscribed to unsubscribed", sub, unsub, bareChange, true, nil},
		{"subscribed to unsubscribed by import", sub, unsub, byImport, true, nil},
		{"subscribed to unconfirmed", sub, unc, bareChange, true, nil},
		{"unconfirmed to subscribed (confirmation)", unc, sub, bareChange, true, nil},
		{"unconfirmed to unsubscribed", unc, unsub, byAuto, true, nil},
		// No-ops.
		{"subscribed stays", sub, sub, bareChange, false, nil},
		{"unconfirmed stays", unc, unc, bareChange, false, nil},
		{"unsubscribed stays", unsub, unsub, bareChange, false, nil},
		// Explicit resubscribe.
		{"resubscribe from the UI", unsub, sub, explicitUI, true, nil},
		{"resubscribe from the API", unsub, sub, explicitAPI, true, nil},
		{"reconfirm from the UI", unsub, unc, explicitUI, true, nil},
		{"resubscribe without reason", unsub, sub, noReason, false, []error{list.ErrReasonRequired}},
		{"resubscribe without actor", unsub, unc, noActor, false, []error{list.ErrActorRequired}},
		{"resubscribe by import", unsub, sub, byImport, false, []error{list.ErrNotExplicit}},
		{"resubscribe by merge", unsub, sub, byMerge, false, []error{list.ErrNotExplicit}},
		{"resubscribe by automation", unsub, unc, byAuto, false, []error{list.ErrNotExplicit}},
		{"resubscribe without source", unsub, sub, noSource, false, []error{list.ErrNotExplicit}},
		{"resubscribe with nothing", unsub, sub, bareChange, false,
			[]error{list.ErrReasonRequired, list.ErrActorRequired, list.ErrNotExplicit}},
		{"unknown status counts as unsubscribed", "bogus", sub, byImport, false, []error{list.ErrNotExplicit}},
		{"zero status counts as unsubscribed", "", sub, explicitUI, true, nil},
		// Unknown target.
		{"unknown target", sub, "pending", explicitUI, false, []error{list.ErrInvalidStatus}},
		{"empty target", unsub, "", explicitUI, false, []error{list.ErrInvalidStatus}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := list.Membership{
				List: listID, Contact: contactID, Status: tt.from, Version: 7,
				Changed: list.Change{At: at0, By: "u-0", Source: contact.ChangeUI, Reason: "first"},
			}
			got, changed, err := before.SetStatus(tt.to, tt.change)
			assert.Equal(t, tt.changed, changed)
			if tt.errs != nil {
				require.Error(t, err)
				assert.Equal(t, before, got, "a refused change must return the membership unchanged")
				checkTransitionErrors(t, err, "membership", string(tt.from), string(tt.to), tt.errs)
				return
			}
			require.NoError(t, err)
			if !tt.changed {
				assert.Equal(t, before, got, "a no-op must keep the last change")
				return
			}
			want := before
			want.Status = tt.to
			want.Changed = trimmed(tt.change)
			assert.Equal(t, want, got)
		})
	}
}

// checkTransitionErrors checks that err joins exactly one *TransitionError
// per reason, in order.
func checkTransitionErrors(t *testing.T, err error, subject, from, to string, reasons []error) {
	t.Helper()
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	require.Len(t, errs, len(reasons), "errors: %v", err)
	for i, reason := range reasons {
		assert.ErrorIs(t, err, reason)
		te, ok := errors.AsType[*list.TransitionError](errs[i])
		require.True(t, ok, "want *list.TransitionError, got %T", errs[i])
		assert.Equal(t, subject, te.Subject)
		assert.Equal(t, from, te.From)
		assert.Equal(t, to, te.To)
		assert.ErrorIs(t, te.Err, reason)
	}
}

func TestMembershipValidate(t *testing.T) {
	ok := list.Membership{List: listID, Contact: contactID, Status: list.StatusUnconfirmed}
	require.NoError(t, ok.Validate())
	assert.True(t, list.Membership{Status: list.StatusSubscribed}.Subscribed())
	assert.False(t, ok.Subscribed())

	err := list.Membership{Status: "pending"}.Validate()
	require.ErrorIs(t, err, list.ErrInvalidMembership)
	assert.ErrorIs(t, err, list.ErrInvalidStatus)
	assert.ErrorIs(t, err, list.ErrEmpty)
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		le, ok := errors.AsType[*list.Error](e)
		require.True(t, ok, "want *list.Error, got %T", e)
		fields = append(fields, le.Field)
	}
	assert.Equal(t, []string{"list", "contact", "status"}, fields)
}

func TestChannel(t *testing.T) {
	assert.Equal(t, []list.Channel{list.ChannelEmail, list.ChannelSMS, list.ChannelWhatsApp}, list.Channels())
	tests := []struct {
		ch    list.Channel
		valid bool
		kind  contact.ChannelKind
	}{
		{list.ChannelEmail, true, contact.ChannelEmail},
		{list.ChannelSMS, true, contact.ChannelSMS},
		{list.ChannelWhatsApp, true, contact.ChannelWhatsApp},
		{"telegram", false, ""},
		{"", false, ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.valid, tt.ch.Valid(), "%q", tt.ch)
		assert.Equal(t, tt.kind, tt.ch.Kind(), "%q", tt.ch)
	}
}

func TestParseAddress(t *testing.T) {
	tests := []struct {
		name   string
		ch     list.Channel
		input  string
		region string
		want   list.Address
		errs   []error
	}{
		{"email", list.ChannelEmail, " Ann@Example.COM ", "", list.Address{Channel: list.ChannelEmail, Value: "ann@example.com"}, nil},
		{"sms national", list.ChannelSMS, "06 12 34 56 78", "FR", list.Address{Channel: list.ChannelSMS, Value: "+33612345678"}, nil},
		{"whatsapp international", list.ChannelWhatsApp, "+33 6 12 34 56 78", "", list.Address{Channel: list.ChannelWhatsApp, Value: "+33612345678"}, nil},
		{"bad email", list.ChannelEmail, "ann@", "", list.Address{}, []error{list.ErrInvalidAddress, contact.ErrInvalidEmail}},
		{"empty email", list.ChannelEmail, "  ", "", list.Address{}, []error{list.ErrInvalidAddress, contact.ErrInvalidEmail}},
		{"bad phone", list.ChannelSMS, "hello", "FR", list.Address{}, []error{list.ErrInvalidAddress, contact.ErrInvalidPhone}},
		{"national phone without region", list.ChannelWhatsApp, "0612345678", "", list.Address{}, []error{list.ErrInvalidAddress, contact.ErrInvalidPhone}},
		{"unknown channel", "fax", "+33612345678", "", list.Address{}, []error{list.ErrInvalidChannel}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := list.ParseAddress(tt.ch, tt.input, tt.region)
			assert.Equal(t, tt.want, got)
			if tt.errs == nil {
				require.NoError(t, err)
				require.NoError(t, got.Validate())
				return
			}
			for _, e := range tt.errs {
				assert.ErrorIs(t, err, e)
			}
			_, ok := errors.AsType[*list.Error](err)
			assert.True(t, ok, "want *list.Error, got %T", err)
		})
	}
	assert.Panics(t, func() { list.MustParseAddress(list.ChannelSMS, "0612345678") })
}

func TestAddressOf(t *testing.T) {
	email := contact.MustParseEmail("ann@example.com")
	phone := contact.MustParsePhone("+33612345678", "")
	tests := []struct {
		name string
		c    *contact.Contact
		want []list.Address // per channel in Channels order; zero when absent
	}{
		{"email and phone", &contact.Contact{Email: email, Phone: phone}, []list.Address{
			{Channel: list.ChannelEmail, Value: "ann@example.com"},
			{Channel: list.ChannelSMS, Value: "+33612345678"},
			{Channel: list.ChannelWhatsApp, Value: "+33612345678"},
		}},
		{"email only", &contact.Contact{Email: email}, []list.Address{
			{Channel: list.ChannelEmail, Value: "ann@example.com"}, {}, {},
		}},
		{"phone only", &contact.Contact{Phone: phone}, []list.Address{
			{}, {Channel: list.ChannelSMS, Value: "+33612345678"}, {Channel: list.ChannelWhatsApp, Value: "+33612345678"},
		}},
		{"neither", &contact.Contact{FirstName: "Ann"}, []list.Address{{}, {}, {}}},
		{"nil contact", nil, []list.Address{{}, {}, {}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var all []list.Address
			for i, ch := range list.Channels() {
				got, ok := list.AddressOf(ch, tt.c)
				assert.Equal(t, tt.want[i], got, "%s", ch)
				assert.Equal(t, !tt.want[i].IsZero(), ok, "%s", ch)
				if ok {
					all = append(all, got)
				}
			}
			assert.Equal(t, all, list.Addresses(tt.c))
		})
	}
	_, ok := list.AddressOf("telegram", &contact.Contact{Email: email, Phone: phone})
	assert.False(t, ok, "an unknown channel has no address")
}

func TestAddressStringAndValidate(t *testing.T) {
	assert.Equal(t, "", list.Address{}.String())
	assert.True(t, list.Address{}.IsZero())
	assert.Equal(t, "whatsapp:+33612345678", list.MustParseAddress(list.ChannelWhatsApp, "+33612345678").String())

	tests := []struct {
		name string
		a    list.Address
		errs []error
	}{
		{"canonical email", list.Address{Channel: list.ChannelEmail, Value: "ann@example.com"}, nil},
		{"canonical phone", list.Address{Channel: list.ChannelSMS, Value: "+33612345678"}, nil},
		{"upper-case email", list.Address{Channel: list.ChannelEmail, Value: "Ann@example.com"}, []error{list.ErrInvalidAddress, list.ErrNotNormalized}},
		{"spaced phone", list.Address{Channel: list.ChannelSMS, Value: "+33 6 12 34 56 78"}, []error{list.ErrInvalidAddress, list.ErrNotNormalized}},
		{"phone on email", list.Address{Channel: list.ChannelEmail, Value: "+33612345678"}, []error{list.ErrInvalidAddress, contact.ErrInvalidEmail}},
		{"empty value", list.Address{Channel: list.ChannelWhatsApp}, []error{list.ErrInvalidAddress, contact.ErrInvalidPhone}},
		{"unknown channel", list.Address{Channel: "fax", Value: "+33612345678"}, []error{list.ErrInvalidChannel}},
		{"zero", list.Address{}, []error{list.ErrInvalidChannel}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.a.Validate()
			if tt.errs == nil {
				require.NoError(t, err)
				return
			}
			for _, e := range tt.errs {
				assert.ErrorIs(t, err, e)
			}
		})
	}
}

func TestPolicy(t *testing.T) {
	addr := list.MustParseAddress(list.ChannelEmail, "ann@example.com")
	tests := []struct {
		name    string
		policy  list.Policy
		want    list.ConsentStatus
		invalid bool
	}{
		{"zero means subscribed", list.Policy{}, list.ConsentSubscribed, false},
		{"subscribed", list.Policy{DefaultConsent: list.ConsentSubscribed}, list.ConsentSubscribed, false},
		{"unsubscribed", list.Policy{DefaultConsent: list.ConsentUnsubscribed}, list.ConsentUnsubscribed, false},
		{"invalid reads as unsubscribed", list.Policy{DefaultConsent: "maybe"}, list.ConsentUnsubscribed, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.policy.Default())
			if tt.invalid {
				assert.ErrorIs(t, tt.policy.Validate(), list.ErrInvalidStatus)
			} else {
				assert.NoError(t, tt.policy.Validate())
			}
			c := tt.policy.New(addr, explicitUI)
			assert.Equal(t, list.Consent{Address: addr, Status: tt.want, Changed: trimmed(explicitUI), Default: true}, c)
			assert.NoError(t, c.Validate())
		})
	}
}

func TestConsentStatusValid(t *testing.T) {
	assert.True(t, list.ConsentSubscribed.Valid())
	assert.True(t, list.ConsentUnsubscribed.Valid())
	assert.False(t, list.ConsentStatus("").Valid())
	assert.False(t, list.ConsentStatus("unconfirmed").Valid())
}

func TestConsentUnsubscribe(t *testing.T) {
	addr := list.MustParseAddress(list.ChannelSMS, "+33612345678")
	first := list.Change{At: at0, Source: contact.ChangeAPI, Reason: "STOP"}
	tests := []struct {
		name    string
		from    list.ConsentStatus
		change  list.Change
		changed bool
	}{
		{"by a user", list.ConsentSubscribed, explicitUI, true},
		{"by an import (unsubscribe all)", list.ConsentSubscribed, byImport, true},
		{"by an automation", list.ConsentSubscribed, byAuto, true},
		{"with nothing said", list.ConsentSubscribed, bareChange, true},
		{"from an unknown status", "", bareChange, true},
		{"already unsubscribed keeps the first change", list.ConsentUnsubscribed, explicitUI, false},
	}
	t.Run("unsubscribed only by an opt-in default becomes a choice", func(t *testing.T) {
		before := list.Policy{DefaultConsent: list.ConsentUnsubscribed}.New(addr, bareChange)
		got, changed := before.Unsubscribe(explicitUI)
		assert.True(t, changed)
		assert.Equal(t, list.Consent{Address: addr, Status: list.ConsentUnsubscribed, Changed: trimmed(explicitUI)}, got)
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := list.Consent{Address: addr, Status: tt.from, Changed: first, Version: 4}
			got, changed := before.Unsubscribe(tt.change)
			assert.Equal(t, tt.changed, changed)
			want := before
			want.Status = list.ConsentUnsubscribed
			if tt.changed {
				want.Changed = trimmed(tt.change)
			}
			assert.Equal(t, want, got)
			assert.False(t, got.Subscribed())
		})
	}
}

func TestConsentResubscribe(t *testing.T) {
	addr := list.MustParseAddress(list.ChannelEmail, "ann@example.com")
	first := list.Change{At: at0, Source: contact.ChangeImport, Reason: "unsubscribe all"}
	const (
		sub   = list.ConsentSubscribed
		unsub = list.ConsentUnsubscribed
	)
	tests := []struct {
		name   string
		from   list.ConsentStatus
		change list.Change
		errs   []error
	}{
		{"by a user in the UI", unsub, explicitUI, nil},
		{"by a user through the API", unsub, explicitAPI, nil},
		{"already subscribed", sub, explicitUI, nil},
		{"from an unknown status", "", explicitUI, nil},
		{"without reason", unsub, noReason, []error{list.ErrReasonRequired}},
		{"without actor", unsub, noActor, []error{list.ErrActorRequired}},
		{"by import", unsub, byImport, []error{list.ErrNotExplicit}},
		{"by merge", unsub, byMerge, []error{list.ErrNotExplicit}},
		{"by automation", unsub, byAuto, []error{list.ErrNotExplicit}},
		{"without source", unsub, noSource, []error{list.ErrNotExplicit}},
		{"with nothing", unsub, bareChange, []error{list.ErrReasonRequired, list.ErrActorRequired, list.ErrNotExplicit}},
		{"checked even when subscribed", sub, byImport, []error{list.ErrNotExplicit}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := list.Consent{Address: addr, Status: tt.from, Changed: first, Version: 2}
			got, err := before.Resubscribe(tt.change)
			if tt.errs != nil {
				require.Error(t, err)
				assert.Equal(t, before, got, "a refused resubscribe must return the consent unchanged")
				checkTransitionErrors(t, err, "consent", string(tt.from), string(sub), tt.errs)
				return
			}
			require.NoError(t, err)
			want := before
			if tt.from != sub {
				want.Status = sub
				want.Changed = trimmed(tt.change)
			}
			assert.Equal(t, want, got)
			assert.True(t, got.Subscribed())
		})
	}
}

func TestConsentOptIn(t *testing.T) {
	addr := list.MustParseAddress(list.ChannelEmail, "ann@example.com")
	first := list.Change{At: at0, Source: contact.ChangeAPI, Reason: "STOP"}
	tests := []struct {
		name    string
		before  list.Consent
		changed bool
	}{
		{"an opt-in default", list.Policy{DefaultConsent: list.ConsentUnsubscribed}.New(addr, first), true},
		{"a subscribed default becomes a choice", list.Policy{}.New(addr, first), true},
		{"never a real unsubscribe", list.Consent{Address: addr, Status: list.ConsentUnsubscribed, Changed: first, Version: 3}, false},
		{"subscribed by choice", list.Consent{Address: addr, Status: list.ConsentSubscribed, Changed: first, Version: 3}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, changed := tt.before.OptIn(byImport)
			assert.Equal(t, tt.changed, changed)
			if !tt.changed {
				assert.Equal(t, tt.before, got)
				return
			}
			assert.Equal(t, list.Consent{Address: addr, Status: list.ConsentSubscribed, Changed: trimmed(byImport), Version: tt.before.Version}, got)
		})
	}
}

// TestOnlyResubscribeLiftsUnsubscribe walks every transition function of the
// package from an unsubscribed consent with every kind of non-explicit
// change: none may subscribe it: only an explicit resubscribe lifts an
// unsubscribe.
func TestOnlyResubscribeLiftsUnsubscribe(t *testing.T) {
	c := list.Consent{Address: list.MustParseAddress(list.ChannelEmail, "ann@example.com"), Status: list.ConsentUnsubscribed}
	for _, ch := range []list.Change{noReason, noActor, byImport, byMerge, byAuto, noSource, bareChange} {
		got, _ := c.Unsubscribe(ch)
		assert.False(t, got.Subscribed())
		got, err := c.Resubscribe(ch)
		assert.Error(t, err)
		assert.False(t, got.Subscribed())
		got, _ = c.OptIn(ch)
		assert.False(t, got.Subscribed(), "OptIn never lifts a real unsubscribe")
		for _, p := range []list.Policy{{}, {DefaultConsent: list.ConsentSubscribed}} {
			// New is for unseen addresses only; it never takes an entry.
			assert.Equal(t, c.Address, p.New(c.Address, ch).Address)
		}
	}
}

func TestConsentValidate(t *testing.T) {
	ok := list.Consent{Address: list.MustParseAddress(list.ChannelSMS, "+33612345678"), Status: list.ConsentUnsubscribed}
	require.NoError(t, ok.Validate())

	err := list.Consent{Address: list.Address{Channel: list.ChannelSMS, Value: "0612345678"}, Status: "maybe"}.Validate()
	assert.ErrorIs(t, err, list.ErrInvalidAddress)
	assert.ErrorIs(t, err, list.ErrInvalidStatus)

	err = list.Consent{Status: list.ConsentSubscribed}.Validate()
	assert.ErrorIs(t, err, list.ErrInvalidChannel)
}

func TestErrorMessages(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"list", &list.Error{Field: "name", Input: "", Err: list.ErrInvalidList}, `list: name "": invalid list`},
		{"nil err", &list.Error{Field: "status", Input: "x"}, `list: status "x": <nil>`},
		{"long input clipped", &list.Error{Field: "name", Input: strings.Repeat("a", 70), Err: list.ErrInvalidList},
			`list: name "` + strings.Repeat("a", 64) + `…": invalid list`},
		{"transition", &list.TransitionError{Subject: "consent", From: "unsubscribed", To: "subscribed", Err: list.ErrReasonRequired},
			`list: consent unsubscribed to subscribed: reason required`},
		{"odd statuses quoted", &list.TransitionError{Subject: "membership", From: "", To: "Pending now", Err: list.ErrInvalidStatus},
			`list: membership "" to "Pending now": invalid status`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.err.Error())
		})
	}
}
