package contactkit_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
)

// TestMembershipReasonIsLimited checks X1 for the reasons of the list
// calls: a reason over the limit is invalid input, as it is for
// Unsubscribe, and nothing is written.
func TestMembershipReasonIsLimited(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	big := strings.Repeat("é", contact.MaxReasonLen+1)
	news, err := h.svc.CreateList(ctx, owner, list.List{Name: "News"})
	require.NoError(t, err)
	ada := h.create(t, owner, contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")})
	bob := h.create(t, owner, contact.Patch{FirstName: new("Bob"), Email: new("bob@example.com")})
	for _, c := range []contact.ID{ada.ID, bob.ID} {
		_, err = h.svc.AddToList(ctx, owner, news.ID, c)
		require.NoError(t, err)
	}
	_, err = h.svc.UnsubscribeFromList(ctx, owner, news.ID, bob.ID, "left")
	require.NoError(t, err)
	h.takeEvents()

	tests := []struct {
		name string
		call func() (list.Membership, error)
	}{
		{"unsubscribe from list", func() (list.Membership, error) {
			return h.svc.UnsubscribeFromList(ctx, owner, news.ID, ada.ID, big)
		}},
		{"resubscribe to list", func() (list.Membership, error) {
			return h.svc.ResubscribeToList(ctx, ui, news.ID, bob.ID, big)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := tt.call()
			require.ErrorIs(t, err, contactkit.ErrInvalidInput)
			require.ErrorIs(t, err, contact.ErrTooLong)
			assert.Zero(t, m)
			assert.LessOrEqual(t, len(err.Error()), 400, "the message quotes a short prefix")
		})
	}
	assert.Empty(t, h.takeEvents(), "nothing changed")
	for c, want := range map[contact.ID]list.Status{ada.ID: list.StatusSubscribed, bob.ID: list.StatusUnsubscribed} {
		for m, err := range h.svc.Memberships(ctx, owner, contactkit.MembershipQuery{List: news.ID, Contact: c}) {
			require.NoError(t, err)
			assert.Equal(t, want, m.Status)
		}
	}
}

// TestListDescriptionIsLimitedInTheService checks X1 for CreateList and UpdateList: a
// description over list.MaxDescriptionLen characters is invalid input and
// nothing is written.
func TestListDescriptionIsLimitedInTheService(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	big := strings.Repeat("é", 1<<19)
	_, err := h.svc.CreateList(ctx, owner, list.List{Name: "News", Description: big})
	require.ErrorIs(t, err, contactkit.ErrInvalidInput)
	require.ErrorIs(t, err, list.ErrTooLong)
	assert.LessOrEqual(t, len(err.Error()), 400, "the message quotes a short prefix")
	for l, err := range h.svc.Lists(ctx, owner) {
		require.NoError(t, err)
		t.Errorf("list %q was created", l.Name)
	}

	news, err := h.svc.CreateList(ctx, owner, list.List{Name: "News"})
	require.NoError(t, err)
	changed := news
	changed.Description = big
	_, err = h.svc.UpdateList(ctx, owner, changed)
	require.ErrorIs(t, err, contactkit.ErrInvalidInput)
	got, err := h.svc.GetList(ctx, owner, news.ID)
	require.NoError(t, err)
	assert.Equal(t, news, got, "nothing was written")
}

// TestMembershipQueryWithAnUnknownStatusIsInvalid checks that a
// MembershipQuery naming a status that does not exist is refused with a
// typed error, as a ContactQuery with an unknown status is, instead of
// selecting nothing.
func TestMembershipQueryWithAnUnknownStatusIsInvalid(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	news, err := h.svc.CreateList(ctx, owner, list.List{Name: "News"})
	require.NoError(t, err)
	ada := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	_, err = h.svc.AddToList(ctx, owner, news.ID, ada.ID)
	require.NoError(t, err)

	tests := []struct {
		name    string
		status  list.Status
		members int
		wantErr bool
	}{
		{"any", "", 1, false},
		{"subscribed", list.StatusSubscribed, 1, false},
		{"unsubscribed", list.StatusUnsubscribed, 0, false},
		{"misspelt", "subscibed", 0, true},
		{"other case", "Subscribed", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n int
			var errs []error
			for _, err := range h.svc.Memberships(ctx, owner, contactkit.MembershipQuery{List: news.ID, Status: tt.status}) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				n++
			}
			assert.Equal(t, tt.members, n)
			if !tt.wantErr {
				assert.Empty(t, errs)
				return
			}
			require.Len(t, errs, 1, "the error is yielded once")
			assert.ErrorIs(t, errs[0], contactkit.ErrInvalidInput)
			assert.ErrorIs(t, errs[0], list.ErrInvalidStatus)
		})
	}
}

// TestChannelCallsRefuseAnUnknownKind checks that every channel call
// refuses a kind that is not a contact.ChannelKind with a typed error, and
// changes nothing.
func TestChannelCallsRefuseAnUnknownKind(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	ada := h.create(t, owner, contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")})
	h.takeEvents()
	tests := []struct {
		name string
		call func(k contact.ChannelKind) (contact.Contact, error)
	}{
		{"connect", func(k contact.ChannelKind) (contact.Contact, error) {
			return h.svc.ConnectChannel(ctx, owner, ada.ID, k)
		}},
		{"open", func(k contact.ChannelKind) (contact.Contact, error) { return h.svc.OpenChannel(ctx, owner, ada.ID, k) }},
		{"remove", func(k contact.ChannelKind) (contact.Contact, error) {
			return h.svc.RemoveChannel(ctx, owner, ada.ID, k)
		}},
	}
	for _, tt := range tests {
		for _, k := range []contact.ChannelKind{"fax", "", "Email"} {
			t.Run(tt.name+"/"+string(k), func(t *testing.T) {
				c, err := tt.call(k)
				require.ErrorIs(t, err, contactkit.ErrInvalidInput)
				if tt.name != "open" { // open says ErrCannotOpen
					assert.ErrorIs(t, err, contact.ErrInvalidChannel)
				}
				assert.Zero(t, c)
			})
		}
	}
	assert.Empty(t, h.takeEvents())
	got, err := h.svc.GetContact(ctx, owner, ada.ID)
	require.NoError(t, err)
	assert.Equal(t, ada, got, "nothing was written")
	_, err = h.svc.RemoveChannel(ctx, agent, ada.ID, "fax")
	assert.ErrorIs(t, err, contactkit.ErrPermission, "the permission is checked first")
}

// TestCaptureConsentIsAboutTheAddressGiven checks C1b and L2 for a
// capture: the consent a form gives (its opt-in or opt-out box) is about
// the address typed in the form, even when the contact it finds holds that
// address as a secondary one, or gets it as a secondary one, not about the
// contact's primary address, which nobody asked about.
func TestCaptureConsentIsAboutTheAddressGiven(t *testing.T) {
	optIn := func(o *contactkit.Options) { o.Consent = list.Policy{DefaultConsent: list.ConsentUnsubscribed} }
	tests := []struct {
		name     string
		opts     func(*contactkit.Options)
		existing contact.Patch
		before   func(h *harness, c contact.Contact) // what happened before the form
		input    contact.Patch
		consent  map[list.Channel]list.ConsentStatus
		// want is the consent of each address after the capture.
		want  map[list.Address]list.ConsentStatus
		still []list.Address
	}{
		{
			name:     "opt-in by a secondary email",
			opts:     optIn,
			existing: contact.Patch{Email: new("main@example.com"), OtherEmails: &[]contact.LabeledInput{{Value: "side@example.com"}}},
			input:    contact.Patch{Email: new("side@example.com")},
			consent:  map[list.Channel]list.ConsentStatus{list.ChannelEmail: list.ConsentSubscribed},
			want: map[list.Address]list.ConsentStatus{
				list.MustParseAddress(list.ChannelEmail, "side@example.com"): list.ConsentSubscribed,
				list.MustParseAddress(list.ChannelEmail, "main@example.com"): list.ConsentUnsubscribed,
			},
		},
		{
			name:     "opt-out by a secondary email",
			existing: contact.Patch{Email: new("main@example.com"), OtherEmails: &[]contact.LabeledInput{{Value: "side@example.com"}}},
			input:    contact.Patch{Email: new("SIDE@example.com")},
			consent:  map[list.Channel]list.ConsentStatus{list.ChannelEmail: list.ConsentUnsubscribed},
			want: map[list.Address]list.ConsentStatus{
				list.MustParseAddress(list.ChannelEmail, "side@example.com"): list.ConsentUnsubscribed,
				list.MustParseAddress(list.ChannelEmail, "main@example.com"): list.ConsentSubscribed,
			},
		},
		{
			name:     "opt-in with a new phone that becomes secondary",
			opts:     optIn,
			existing: contact.Patch{Email: new("ada@example.com"), Phone: new("+33612345678")},
			input:    contact.Patch{Email: new("ada@example.com"), Phone: new("06 98 76 54 32")},
			consent:  map[list.Channel]list.ConsentStatus{list.ChannelSMS: list.ConsentSubscribed},
			want: map[list.Address]list.ConsentStatus{
				list.MustParseAddress(list.ChannelSMS, "+33698765432"):      list.ConsentSubscribed,
				list.MustParseAddress(list.ChannelSMS, "+33612345678"):      list.ConsentUnsubscribed,
				list.MustParseAddress(list.ChannelWhatsApp, "+33698765432"): list.ConsentUnsubscribed,
			},
		},
		{
			name:     "a secondary email unsubscribed stays so and is the one reported",
			existing: contact.Patch{Email: new("main@example.com"), OtherEmails: &[]contact.LabeledInput{{Value: "side@example.com"}}},
			before: func(h *harness, c contact.Contact) {
				_, err := h.svc.UnsubscribeAddress(context.Background(), owner, list.ChannelEmail, "side@example.com", "bounced")
				require.NoError(t, err)
			},
			input:   contact.Patch{Email: new("side@example.com")},
			consent: map[list.Channel]list.ConsentStatus{list.ChannelEmail: list.ConsentSubscribed},
			want: map[list.Address]list.ConsentStatus{
				list.MustParseAddress(list.ChannelEmail, "side@example.com"): list.ConsentUnsubscribed,
				list.MustParseAddress(list.ChannelEmail, "main@example.com"): list.ConsentSubscribed,
			},
			still: []list.Address{list.MustParseAddress(list.ChannelEmail, "side@example.com")},
		},
		{
			name:     "no address given for the channel: the primary",
			opts:     optIn,
			existing: contact.Patch{Email: new("main@example.com"), OtherEmails: &[]contact.LabeledInput{{Value: "side@example.com"}}, Phone: new("+33612345678")},
			input:    contact.Patch{Phone: new("+33612345678")},
			consent:  map[list.Channel]list.ConsentStatus{list.ChannelEmail: list.ConsentSubscribed},
			want: map[list.Address]list.ConsentStatus{
				list.MustParseAddress(list.ChannelEmail, "main@example.com"): list.ConsentSubscribed,
				list.MustParseAddress(list.ChannelEmail, "side@example.com"): list.ConsentUnsubscribed,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarnessWith(t, storetest.Retrying(memstore.New()), tt.opts)
			ctx := t.Context()
			c := h.create(t, owner, tt.existing)
			if tt.before != nil {
				tt.before(h, c)
			}
			h.takeEvents()
			res, err := h.svc.CaptureContact(ctx, owner, contactkit.ContactInput{Patch: tt.input, Consent: tt.consent})
			require.NoError(t, err)
			require.Equal(t, c.ID, res.Contact.ID, "the capture finds the contact")
			for addr, want := range tt.want {
				got, err := h.svc.AddressConsent(ctx, owner, addr.Channel, addr.Value)
				require.NoError(t, err)
				assert.Equal(t, want, got.Status, "%s", addr)
			}
			assert.Equal(t, tt.still, res.StillUnsubscribed)
			for _, e := range h.takeEvents() {
				if cc, ok := e.(contactkit.ConsentChanged); ok {
					assert.Contains(t, tt.want, cc.Address, "a consent event about an address the form gave")
					assert.Equal(t, tt.want[cc.Address], cc.To, "%s", cc.Address)
				}
			}
		})
	}
}

// TestAMergedContactIsNotChanged checks that the calls that change a
// contact refuse a merged-away one with ErrMerged, as its documentation
// says (it cannot be merged, restored or changed; ResolveContact gives its
// survivor), still matching ErrTrashed, and change neither it nor its
// survivor.
func TestAMergedContactIsNotChanged(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	news, err := h.svc.CreateList(ctx, owner, list.List{Name: "News"})
	require.NoError(t, err)
	x := h.create(t, owner, contact.Patch{FirstName: new("X"), Email: new("x@example.com")})
	y := h.create(t, owner, contact.Patch{FirstName: new("Y"), Email: new("y@example.com")})
	pv, err := h.svc.PreviewMerge(ctx, owner, contactkit.MergeRequest{Primary: x.ID, Others: []contact.ID{y.ID}})
	require.NoError(t, err)
	_, err = h.svc.MergeContacts(ctx, owner, pv)
	require.NoError(t, err)
	survivor, err := h.svc.GetContact(ctx, owner, x.ID)
	require.NoError(t, err)
	merged, err := h.svc.GetContact(ctx, owner, y.ID)
	require.NoError(t, err)
	h.takeEvents()

	tests := []struct {
		name string
		call func() error
	}{
		{"delete", func() error { _, err := h.svc.DeleteContact(ctx, owner, y.ID); return err }},
		{"update", func() error {
			_, err := h.svc.UpdateContact(ctx, owner, y.ID, contact.Patch{FirstName: new("Z")})
			return err
		}},
		{"block", func() error { _, err := h.svc.BlockContact(ctx, owner, y.ID, "spam"); return err }},
		{"unsubscribe", func() error {
			_, err := h.svc.Unsubscribe(ctx, owner, y.ID, list.ChannelEmail, "stop")
			return err
		}},
		{"add to list", func() error { _, err := h.svc.AddToList(ctx, owner, news.ID, y.ID); return err }},
		{"restore", func() error { _, err := h.svc.RestoreContact(ctx, owner, y.ID); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			require.ErrorIs(t, err, contactkit.ErrMerged)
		})
	}
	res, err := h.svc.DeleteContacts(ctx, owner, contactkit.Bulk{IDs: []contact.ID{y.ID}, Expected: 1})
	require.NoError(t, err, "a merged contact fails alone in a bulk call")
	require.Len(t, res.Failed, 1)
	assert.ErrorIs(t, res.Failed[0].Err, contactkit.ErrMerged)
	assert.ErrorIs(t, res.Failed[0].Err, contactkit.ErrTrashed, "a merged contact is in the trash")

	assert.Empty(t, h.takeEvents(), "nothing changed")
	got, err := h.svc.GetContact(ctx, owner, x.ID)
	require.NoError(t, err)
	assert.Equal(t, survivor, got)
	got, err = h.svc.GetContact(ctx, owner, y.ID)
	require.NoError(t, err)
	assert.Equal(t, merged, got)
}

// TestChannelAndStatusErrorsQuoteAShortPrefix checks X1 for the channels
// and statuses that the consent, list and channel calls take: a megabyte
// in one of them is invalid input, and the message quotes a short prefix of
// it, not the whole value.
func TestChannelAndStatusErrorsQuoteAShortPrefix(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	big := strings.Repeat("é", 1<<19)
	ada := h.create(t, owner, contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")})
	tests := []struct {
		name string
		call func() error
	}{
		{"reachable", func() error {
			_, err := h.svc.Reachable(ctx, owner, ada.ID, contact.ChannelKind(big), list.ID{})
			return err
		}},
		{"unsubscribe", func() error { _, err := h.svc.Unsubscribe(ctx, owner, ada.ID, list.Channel(big), "stop"); return err }},
		{"resubscribe", func() error { _, err := h.svc.Resubscribe(ctx, ui, ada.ID, list.Channel(big), "asked"); return err }},
		{"unsubscribe address", func() error {
			_, err := h.svc.UnsubscribeAddress(ctx, owner, list.Channel(big), "ada@example.com", "stop")
			return err
		}},
		{"address consent", func() error {
			_, err := h.svc.AddressConsent(ctx, owner, list.Channel(big), "ada@example.com")
			return err
		}},
		{"list consent", func() error {
			_, err := h.svc.ListConsent(ctx, owner, list.Channel(big), store.PageRequest{})
			return err
		}},
		{"consent channel on create", func() error {
			_, err := h.svc.CreateContact(ctx, owner, contactkit.ContactInput{
				Patch:   contact.Patch{Email: new("bob@example.com")},
				Consent: map[list.Channel]list.ConsentStatus{list.Channel(big): list.ConsentSubscribed},
			})
			return err
		}},
		{"consent status on capture", func() error {
			_, err := h.svc.CaptureContact(ctx, owner, contactkit.ContactInput{
				Patch:   contact.Patch{Email: new("ada@example.com")},
				Consent: map[list.Channel]list.ConsentStatus{list.ChannelEmail: list.ConsentStatus(big)},
			})
			return err
		}},
		{"contact status", func() error {
			_, err := h.svc.ListContacts(ctx, owner, contactkit.ContactQuery{Status: contact.Status(big)}, store.PageRequest{})
			return err
		}},
		{"connect channel", func() error { _, err := h.svc.ConnectChannel(ctx, owner, ada.ID, contact.ChannelKind(big)); return err }},
		{"open channel", func() error { _, err := h.svc.OpenChannel(ctx, owner, ada.ID, contact.ChannelKind(big)); return err }},
		{"remove channel", func() error { _, err := h.svc.RemoveChannel(ctx, owner, ada.ID, contact.ChannelKind(big)); return err }},
		{"list channel", func() error {
			_, err := h.svc.CreateList(ctx, owner, list.List{Name: "News", Channel: list.Channel(big)})
			return err
		}},
		{"membership status", func() error {
			for _, err := range h.svc.Memberships(ctx, owner, contactkit.MembershipQuery{Status: list.Status(big)}) {
				return err
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			require.ErrorIs(t, err, contactkit.ErrInvalidInput)
			assert.LessOrEqual(t, len(err.Error()), 400, "the message quotes a short prefix: %.200s…", err.Error())
		})
	}
	got, err := h.svc.GetContact(ctx, owner, ada.ID)
	require.NoError(t, err)
	assert.Equal(t, ada, got, "nothing was written")
}
