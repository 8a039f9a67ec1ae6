package contactkit_test

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

func TestCaptureTakesConsentListsTagsAndANote(t *testing.T) {
	h := newHarness(t)
	news := h.newList(t, list.List{Name: "News", Channel: list.ChannelEmail})
	alerts := h.newList(t, list.List{Name: "Alerts", Channel: list.ChannelSMS})
	h.takeEvents()

	res, err := h.svc.CaptureContact(t.Context(), owner, contactkit.ContactInput{
		Patch: contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com"), Phone: new("06 12 34 56 78")},
		Consent: map[list.Channel]list.ConsentStatus{
			list.ChannelEmail: list.ConsentSubscribed,
			list.ChannelSMS:   list.ConsentUnsubscribed,
		},
		Lists: []list.ID{news.ID, alerts.ID, news.ID},
		Tags:  []string{"lead"},
		Note:  "met at the fair",
	})
	require.NoError(t, err)
	require.True(t, res.Created)
	assert.Empty(t, res.StillUnsubscribed)
	require.Len(t, res.Memberships, 2, "a list named twice is joined once")
	assert.Equal(t, list.StatusSubscribed, res.Memberships[0].Status)
	assert.Equal(t, list.StatusUnsubscribed, res.Memberships[1].Status, "the sms the form refused")
	assert.Equal(t, "met at the fair", res.Note.Body)
	assert.Equal(t, []string{"lead"}, tagStrings(res.Contact.Tags))

	c := res.Contact.ID
	assert.Equal(t, list.ConsentSubscribed, consentOn(t, h, owner, c, list.ChannelEmail))
	assert.Equal(t, list.ConsentUnsubscribed, consentOn(t, h, owner, c, list.ChannelSMS))
	assert.Equal(t, list.ConsentSubscribed, consentOn(t, h, owner, c, list.ChannelWhatsApp))
	assert.True(t, h.reachable(t, c, contact.ChannelEmail, news.ID).OK)
	assert.Equal(t, []contactkit.Reason{contactkit.ReasonUnsubscribed, contactkit.ReasonListUnsubscribed}, h.reachable(t, c, contact.ChannelSMS, alerts.ID).Reasons)

	var notes []string
	for a, err := range h.svc.Timeline(t.Context(), owner, c, contactkit.TimelineQuery{}) {
		require.NoError(t, err)
		notes = append(notes, a.Body)
	}
	assert.Equal(t, []string{"met at the fair"}, notes)
	assert.Equal(t, []string{
		"contactkit.ContactCreated", "contactkit.ContactTagged", "contactkit.ConsentChanged",
		"contactkit.ListStatusChanged", "contactkit.ListStatusChanged", "contactkit.ActivityAdded",
	}, eventTypes(h.takeEvents()))

	// The explicit consent is an entry of the ledger (it outlives a change
	// of the default policy); the whatsapp default is not.
	entries := ledger(t, h.svc, owner, "")
	require.Len(t, entries, 2)
	assert.Equal(t, "email:ada@example.com", entries[0].Address.String())
	assert.False(t, entries[0].Default)

	// A second capture of the same person joins nothing twice and keeps
	// the sms unsubscribed although the form now says subscribed.
	res, err = h.svc.CaptureContact(t.Context(), owner, contactkit.ContactInput{
		Patch:   contact.Patch{Phone: new("+33612345678")},
		Consent: map[list.Channel]list.ConsentStatus{list.ChannelSMS: list.ConsentSubscribed},
		Lists:   []list.ID{alerts.ID},
	})
	require.NoError(t, err)
	assert.False(t, res.Created)
	assert.Equal(t, []list.Address{{Channel: list.ChannelSMS, Value: adaPhone}}, res.StillUnsubscribed)
	require.Len(t, res.Memberships, 1)
	assert.Equal(t, list.StatusUnsubscribed, res.Memberships[0].Status)
	assert.Empty(t, h.takeEvents(), "nothing changed")
}

func TestCreateWithConsentUnderOptIn(t *testing.T) {
	h := newHarness(t)
	h.svc = contactkit.New(h.store, &contactkit.Options{DefaultRegion: "FR", Consent: list.Policy{DefaultConsent: list.ConsentUnsubscribed}})
	news := h.newList(t, list.List{Name: "News", DoubleOptIn: true})
	c, err := h.svc.CreateContact(t.Context(), owner, contactkit.ContactInput{
		Patch:   contact.Patch{Email: new("ada@example.com"), Phone: new("0612345678")},
		Consent: map[list.Channel]list.ConsentStatus{list.ChannelEmail: list.ConsentSubscribed},
		Lists:   []list.ID{news.ID},
	})
	require.NoError(t, err)
	entries, err := h.svc.Consent(t.Context(), owner, c.ID)
	require.NoError(t, err)
	require.Len(t, entries, 3)
	assert.Equal(t, list.ConsentSubscribed, entries[0].Status, "the opt-in given")
	assert.Equal(t, list.ConsentUnsubscribed, entries[1].Status, "sms: no opt-in")
	assert.True(t, entries[1].Default, "sms: not opted in, not unsubscribed by choice")
	assert.Equal(t, int64(1), entries[1].Version, "recorded, so that a later subscribed default keeps it")

	// A contact that has not opted in still joins a double opt-in list
	// unconfirmed: not having opted in is not an unsubscribe.
	m, err := h.svc.ConfirmSubscription(t.Context(), owner, news.ID, c.ID)
	require.NoError(t, err)
	assert.Equal(t, list.StatusSubscribed, m.Status)
	assert.True(t, h.reachable(t, c.ID, contact.ChannelEmail, news.ID).OK)
	assert.Equal(t, []contactkit.Reason{contactkit.ReasonNoConsent}, h.reachable(t, c.ID, contact.ChannelSMS, news.ID).Reasons)

	// A later capture with the opt-in box ticked subscribes the sms.
	res, err := h.svc.CaptureContact(t.Context(), owner, contactkit.ContactInput{
		Patch:   contact.Patch{Phone: new("+33612345678")},
		Consent: map[list.Channel]list.ConsentStatus{list.ChannelSMS: list.ConsentSubscribed},
	})
	require.NoError(t, err)
	assert.Empty(t, res.StillUnsubscribed)
	assert.True(t, h.reachable(t, c.ID, contact.ChannelSMS, news.ID).OK)
}

// TestIntakeIsAllOrNothing: a failing part of a create or a capture
// writes nothing at all.
func TestIntakeIsAllOrNothing(t *testing.T) {
	tests := []struct {
		name string
		in   contactkit.ContactInput
		err  error
	}{
		{"an unknown list", contactkit.ContactInput{Lists: []list.ID{list.MustParseID("01956a3c-0000-7000-8000-000000000001")}}, contactkit.ErrUnknownList},
		{"consent on a channel with no address", contactkit.ContactInput{Consent: map[list.Channel]list.ConsentStatus{list.ChannelEmail: list.ConsentSubscribed}}, contactkit.ErrNoAddress},
		{"an unknown consent status", contactkit.ContactInput{Consent: map[list.Channel]list.ConsentStatus{list.ChannelSMS: "maybe"}}, list.ErrInvalidStatus},
		{"an unknown consent channel", contactkit.ContactInput{Consent: map[list.Channel]list.ConsentStatus{"fax": list.ConsentUnsubscribed}}, list.ErrInvalidChannel},
		{"a note too long", contactkit.ContactInput{Note: strings.Repeat("x", activity.MaxBodyBytes+1)}, contactkit.ErrInvalidInput},
	}
	calls := []struct {
		name string
		call func(h *harness, in contactkit.ContactInput) error
	}{
		{"create", func(h *harness, in contactkit.ContactInput) error {
			_, err := h.svc.CreateContact(t.Context(), owner, in)
			return err
		}},
		{"capture", func(h *harness, in contactkit.ContactInput) error {
			_, err := h.svc.CaptureContact(t.Context(), owner, in)
			return err
		}},
	}
	for _, tt := range tests {
		for _, call := range calls {
			t.Run(call.name+"/"+tt.name, func(t *testing.T) {
				h := newHarness(t)
				news := h.newList(t, list.List{Name: "News"})
				h.takeEvents()
				in := tt.in
				in.Patch = contact.Patch{FirstName: new("Ada"), Phone: new("0612345678")}
				in.Tags = []string{"lead"}
				in.Lists = append([]list.ID{news.ID}, in.Lists...)
				in.Consent = mapsWith(in.Consent, list.ChannelSMS, list.ConsentUnsubscribed)
				if in.Note == "" {
					in.Note = "hello"
				}

				err := call.call(h, in)
				require.ErrorIs(t, err, tt.err)
				assert.Zero(t, h.count(t, owner), "no contact")
				assert.Empty(t, ledger(t, h.svc, owner, ""), "no ledger entry")
				page, err := h.svc.ListTags(t.Context(), owner, store.PageRequest{})
				require.NoError(t, err)
				assert.Empty(t, page.Items, "no tag")
				for _, err := range h.svc.Memberships(t.Context(), owner, contactkit.MembershipQuery{List: news.ID}) {
					require.NoError(t, err)
					t.Error("a membership was written")
				}
				assert.Empty(t, h.takeEvents(), "no event")
			})
		}
	}
}

// mapsWith returns a copy of m with k set to v unless m has k.
func mapsWith[K comparable, V any](m map[K]V, k K, v V) map[K]V {
	out := map[K]V{k: v}
	for mk, mv := range m {
		out[mk] = mv
	}
	return out
}

// TestTriggersSeeAnUnsubscribedArrival: the triggers run after the whole
// intake is in place. A contact-created automation enrols the new contact
// (it was created) with the ledger already saying no; a list-subscribed
// automation does not enrol a contact that arrives unsubscribed.
func TestTriggersSeeAnUnsubscribedArrival(t *testing.T) {
	arrivals := []struct {
		name string
		// prepare runs before the arrival; in is the arrival.
		prepare    func(t *testing.T, h *harness)
		in         contactkit.ContactInput
		subscribed bool
	}{
		{"a number that said STOP", func(t *testing.T, h *harness) {
			_, err := h.svc.UnsubscribeAddress(t.Context(), owner, list.ChannelSMS, "+33612345678", "STOP")
			require.NoError(t, err)
		}, contactkit.ContactInput{Patch: contact.Patch{Phone: new("06 12 34 56 78")}}, false},
		{"a form that says unsubscribed", func(*testing.T, *harness) {}, contactkit.ContactInput{
			Patch:   contact.Patch{Phone: new("06 12 34 56 78")},
			Consent: map[list.Channel]list.ConsentStatus{list.ChannelSMS: list.ConsentUnsubscribed},
		}, false},
		{"a number that said STOP, with a form that says subscribed", func(t *testing.T, h *harness) {
			_, err := h.svc.UnsubscribeAddress(t.Context(), owner, list.ChannelSMS, "+33612345678", "STOP")
			require.NoError(t, err)
		}, contactkit.ContactInput{
			Patch:   contact.Patch{Phone: new("06 12 34 56 78")},
			Consent: map[list.Channel]list.ConsentStatus{list.ChannelSMS: list.ConsentSubscribed},
		}, false},
		{"a subscribed arrival (control)", func(*testing.T, *harness) {}, contactkit.ContactInput{Patch: contact.Patch{Phone: new("06 12 34 56 78")}}, true},
	}
	for _, arr := range arrivals {
		for _, capture := range []bool{false, true} {
			name := arr.name + "/create"
			if capture {
				name = arr.name + "/capture"
			}
			t.Run(name, func(t *testing.T) {
				h := newHarness(t)
				alerts := h.newList(t, list.List{Name: "Alerts", Channel: list.ChannelSMS})
				welcome := h.automation(t, automation.Automation{Name: "Welcome", Steps: steps(1), Active: true,
					Triggers: []automation.Trigger{automation.On(automation.TriggerContactCreated)}})
				onboarding := h.automation(t, automation.Automation{Name: "SMS onboarding", Steps: steps(1), Active: true,
					Triggers: []automation.Trigger{automation.OnListSubscribed(alerts.ID.String())}})
				arr.prepare(t, h)

				in := arr.in
				in.Lists = []list.ID{alerts.ID}
				c, err := createOrCapture(t.Context(), h.svc, owner, in, capture)
				require.NoError(t, err)

				enrolled := map[automation.ID]bool{}
				for e, err := range h.svc.Enrollments(t.Context(), owner, contactkit.EnrollmentQuery{Contact: c.ID}) {
					require.NoError(t, err)
					enrolled[e.Automation] = true
				}
				assert.True(t, enrolled[welcome.ID], "contact created: it was")
				assert.Equal(t, arr.subscribed, enrolled[onboarding.ID], "list subscribed: only a subscribed arrival")
				r := h.reachable(t, c.ID, contact.ChannelSMS, alerts.ID)
				assert.Equal(t, arr.subscribed, r.OK, "%v", r.Reasons)
				for _, e := range h.takeEvents() {
					if ls, ok := e.(contactkit.ListStatusChanged); ok {
						assert.Equal(t, arr.subscribed, ls.To == list.StatusSubscribed)
					}
				}
			})
		}
	}
}

// retried is a Store that runs every transaction twice, rolling the first
// attempt back, as a Store may after a serialization failure.
type retried struct{ store.Store }

var errRollback = errors.New("roll the first attempt back")

func (s retried) Update(ctx context.Context, fn func(tx store.Tx) error) error {
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		return err
	}
	return s.Store.Update(ctx, fn)
}

func TestIntakeSurvivesRetries(t *testing.T) {
	h := newHarnessOn(t, retried{memstore.New()})
	news := h.newList(t, list.List{Name: "News"})
	_, err := h.svc.UnsubscribeAddress(t.Context(), owner, list.ChannelEmail, "grace@example.com", "bounced")
	require.NoError(t, err)
	h.takeEvents()

	res, err := h.svc.CaptureContact(t.Context(), owner, contactkit.ContactInput{
		Patch:   contact.Patch{Email: new("Grace@Example.com")},
		Consent: map[list.Channel]list.ConsentStatus{list.ChannelEmail: list.ConsentSubscribed},
		Lists:   []list.ID{news.ID},
		Tags:    []string{"lead"},
		Note:    "hello",
	})
	require.NoError(t, err)
	assert.Equal(t, []list.Address{{Channel: list.ChannelEmail, Value: "grace@example.com"}}, res.StillUnsubscribed)
	require.Len(t, res.Memberships, 1)
	assert.Equal(t, list.StatusUnsubscribed, res.Memberships[0].Status)
	assert.Equal(t, []string{"contactkit.ContactCreated", "contactkit.ContactTagged", "contactkit.ListStatusChanged", "contactkit.ActivityAdded"},
		eventTypes(h.takeEvents()), "the events of one attempt")
	assert.Len(t, ledger(t, h.svc, owner, ""), 1)

	m, err := h.svc.ResubscribeToList(t.Context(), ui, news.ID, res.Contact.ID, "asked again")
	require.NoError(t, err)
	assert.Equal(t, list.StatusSubscribed, m.Status)
	assert.True(t, h.reachable(t, res.Contact.ID, contact.ChannelEmail, news.ID).OK)
}

// An input that names many unknown lists is refused with the first hundred
// of them and one problem for the rest, which are not read: the error of
// 100,000 is that of 1,000.
func TestManyUnknownListsGiveABoundedError(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	news := h.newList(t, list.List{Name: "News", Channel: list.ChannelEmail})
	// A capture finds this contact and updates it.
	h.create(t, owner, contact.Patch{Email: new("ada@example.com")})
	errorOf := func(n int, capture bool) error {
		ids := []list.ID{news.ID}
		for i := range n {
			var id list.ID
			binary.BigEndian.PutUint64(id[8:], uint64(i+1))
			ids = append(ids, id, id) // each twice: named once
		}
		var err error
		if capture {
			_, err = h.svc.CaptureContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com")}, Lists: ids})
		} else {
			_, err = h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("bob@example.com")}, Lists: ids})
		}
		require.ErrorIs(t, err, contactkit.ErrUnknownList)
		require.ErrorIs(t, err, contactkit.ErrInvalidInput)
		return err
	}
	for _, capture := range []bool{false, true} {
		few, many := errorOf(1_000, capture), errorOf(100_000, capture)
		assert.Equal(t, 101, strings.Count(few.Error(), contactkit.ErrUnknownList.Error()), "a hundred named, one for the rest")
		assert.Contains(t, many.Error(), "unknown list: more than 100 among the 100001 lists given")
		assert.Equal(t, len(few.Error())+2, len(many.Error()), "the same error but the count's two more digits")
		small := errorOf(3, capture)
		assert.Equal(t, 3, strings.Count(small.Error(), contactkit.ErrUnknownList.Error()), "each of a few named")
	}
	assert.Equal(t, 1, h.count(t, owner), "nothing written")
	for m, err := range h.svc.Memberships(ctx, owner, contactkit.MembershipQuery{List: news.ID}) {
		require.NoError(t, err)
		t.Errorf("%s joined the known list", m.Contact)
	}
}

// Consent given on many unknown channels is refused with the first hundred
// problems and one for the rest, which are not read.
func TestConsentOnManyUnknownChannelsGivesABoundedError(t *testing.T) {
	h := newHarness(t)
	errorOf := func(n int) error {
		consent := map[list.Channel]list.ConsentStatus{list.ChannelEmail: list.ConsentSubscribed}
		for i := range n {
			consent[list.Channel(fmt.Sprintf("pigeon-%06d", i))] = list.ConsentSubscribed
		}
		_, err := h.svc.CreateContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("ada@example.com")}, Consent: consent})
		require.ErrorIs(t, err, list.ErrInvalidChannel)
		require.ErrorIs(t, err, contactkit.ErrInvalidInput)
		return err
	}
	few, many := errorOf(1_000), errorOf(100_000)
	assert.Contains(t, many.Error(), "99900 more problems of the 100001 channels given")
	assert.Equal(t, len(few.Error())+2*2, len(many.Error()), "the same error but the counts' two more digits")
	assert.Equal(t, 3, strings.Count(errorOf(3).Error(), list.ErrInvalidChannel.Error()), "each of a few named")
	assert.Zero(t, h.count(t, owner), "nothing written")
}

// createOrCapture makes a contact of in through CaptureContact if capture,
// else through CreateContact: the two calls of the Service that make one.
func createOrCapture(ctx context.Context, svc *contactkit.Service, a contactkit.Actor, in contactkit.ContactInput, capture bool) (contact.Contact, error) {
	if capture {
		res, err := svc.CaptureContact(ctx, a, in)
		return res.Contact, err
	}
	return svc.CreateContact(ctx, a, in)
}
