package contactkit_test

// Helpers of the third acceptance pass (acceptance3_*_test.go): merge,
// unmerge, consent by address and the deletion lifecycle, through the
// public API as a host would use it.

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store/memstore"
)

// acc3Clock is a clock that moves one second a call, and can jump (a test
// sets now between calls). Calls made at once read it in turn.
type acc3Clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *acc3Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Second)
	return c.now
}

func acc3Service(t *testing.T, opts *contactkit.Options) (*contactkit.Service, *acc3Clock) {
	t.Helper()
	clk := &acc3Clock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	var o contactkit.Options
	if opts != nil {
		o = *opts
	}
	o.Now = clk.Now
	if o.DefaultRegion == "" {
		o.DefaultRegion = "FR"
	}
	return contactkit.New(memstore.New(), &o), clk
}

var acc3Owner = contactkit.Actor{Workspace: "acme", User: "u-owner", Role: contactkit.RoleOwner, Source: contact.ChangeUI}

func acc3Create(t *testing.T, svc *contactkit.Service, in contactkit.ContactInput) contact.Contact {
	t.Helper()
	c, err := svc.CreateContact(context.Background(), acc3Owner, in)
	require.NoError(t, err)
	return c
}

func acc3Get(t *testing.T, svc *contactkit.Service, id contact.ID) contact.Contact {
	t.Helper()
	c, err := svc.GetContact(context.Background(), acc3Owner, id)
	require.NoError(t, err)
	return c
}

func acc3Merge(t *testing.T, svc *contactkit.Service, primary contact.ID, others ...contact.ID) merge.Record {
	t.Helper()
	ctx := context.Background()
	p, err := svc.PreviewMerge(ctx, acc3Owner, contactkit.MergeRequest{Primary: primary, Others: others})
	require.NoError(t, err)
	rec, err := svc.MergeContacts(ctx, acc3Owner, p)
	require.NoError(t, err)
	return rec
}

func acc3Consent(t *testing.T, svc *contactkit.Service, chn list.Channel, addr string) list.ConsentStatus {
	t.Helper()
	c, err := svc.AddressConsent(context.Background(), acc3Owner, chn, addr)
	require.NoError(t, err)
	return c.Status
}

func ptr[T any](v T) *T { return &v }

// acc3Norm is c without what every write changes (its version, its
// update time): what a restore or an unmerge must give back.
func acc3Norm(c contact.Contact) contact.Contact {
	c = c.Clone()
	c.Version = 0
	c.UpdatedAt = c.CreatedAt
	return c
}

// acc3Setup makes three contacts in a workspace with a custom field and a
// list: A (Ada: email, a secondary email, a field, a tag, the list, a
// note), B (Lovelace: email, phone unsubscribed from SMS, a secondary
// phone, company, a tag, the list unsubscribed, a note) and C (London:
// email unsubscribed, phone, the field, a tag, a note), as read back.
func acc3Setup(t *testing.T, svc *contactkit.Service) []contact.Contact {
	t.Helper()
	ctx := context.Background()
	_, err := svc.CreateField(ctx, acc3Owner, field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeText})
	require.NoError(t, err)
	l, err := svc.CreateList(ctx, acc3Owner, list.List{Name: "News"})
	require.NoError(t, err)
	a := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{FirstName: ptr("Ada"), Email: ptr("ada@example.com"),
		OtherEmails: &[]contact.LabeledInput{{Value: "ada.work@example.com", Label: "work"}}, Fields: map[string]string{"plan": "gold"}},
		Tags: []string{"vip"}, Lists: []list.ID{l.ID}, Note: "note A"})
	b := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{LastName: ptr("Lovelace"), Email: ptr("b@example.com"), Phone: ptr("0612345678"),
		OtherPhones: &[]contact.LabeledInput{{Value: "0781234567", Label: "work"}}, Company: ptr("Engines")},
		Tags: []string{"b-tag"}, Lists: []list.ID{l.ID}, Note: "note B"})
	c := acc3Create(t, svc, contactkit.ContactInput{Patch: contact.Patch{City: ptr("London"), Email: ptr("c@example.com"), Phone: ptr("0622334455"),
		Fields: map[string]string{"plan": "silver"}}, Tags: []string{"c-tag"}, Note: "note C"})
	_, err = svc.Unsubscribe(ctx, acc3Owner, b.ID, list.ChannelSMS, "STOP")
	require.NoError(t, err)
	_, err = svc.UnsubscribeAddress(ctx, acc3Owner, list.ChannelEmail, "c@example.com", "bounce")
	require.NoError(t, err)
	_, err = svc.UnsubscribeFromList(ctx, acc3Owner, l.ID, b.ID, "no")
	require.NoError(t, err)
	return []contact.Contact{acc3Get(t, svc, a.ID), acc3Get(t, svc, b.ID), acc3Get(t, svc, c.ID)}
}

// acc3State is what a contact is, for a round trip: the contact, its
// lists, its notes and tasks, the consent of its addresses.
type acc3State struct {
	Contact contact.Contact
	Lists   []string
	Notes   []string
	Consent []string
}

// acc3Snaps returns the state of each contact of ids.
func acc3Snaps(t *testing.T, svc *contactkit.Service, ids []contact.ID) map[contact.ID]acc3State {
	t.Helper()
	out := make(map[contact.ID]acc3State, len(ids))
	for _, id := range ids {
		out[id] = acc3Snap(t, svc, id)
	}
	return out
}

func acc3Snap(t *testing.T, svc *contactkit.Service, id contact.ID) acc3State {
	t.Helper()
	ctx := context.Background()
	c := acc3Get(t, svc, id)
	s := acc3State{Contact: acc3Norm(c)}
	for m, err := range svc.Memberships(ctx, acc3Owner, contactkit.MembershipQuery{Contact: id}) {
		require.NoError(t, err)
		s.Lists = append(s.Lists, m.List.String()+" "+string(m.Status))
	}
	slices.Sort(s.Lists)
	for a, err := range svc.Timeline(ctx, acc3Owner, id, contactkit.TimelineQuery{}) {
		require.NoError(t, err)
		s.Notes = append(s.Notes, a.ID.String()+" "+a.Body)
	}
	slices.Sort(s.Notes)
	if !c.Trashed() {
		cs, err := svc.Consent(ctx, acc3Owner, id)
		require.NoError(t, err)
		for _, x := range cs {
			s.Consent = append(s.Consent, x.Address.String()+" "+string(x.Status))
		}
	}
	return s
}
