package contactkit_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
	"github.com/contactkit/contactkit/tag"
)

var (
	owner = contactkit.Actor{Workspace: "ws-1", User: "u-owner", Role: contactkit.RoleOwner}
	agent = contactkit.Actor{Workspace: "ws-1", User: "u-agent", Role: contactkit.RoleAgent}
	other = contactkit.Actor{Workspace: "ws-2", User: "u-other", Role: contactkit.RoleOwner}
)

// harness is a Service on a memory store with a fixed clock and a recorder
// of the events it delivers.
type harness struct {
	svc    *contactkit.Service
	store  store.Store
	now    time.Time
	mu     sync.Mutex
	events []contactkit.Event
}

// newHarness returns a harness over a memory store wrapped in
// storetest.Retrying: every transaction runs twice, the first attempt rolled
// back, as a store that retries after a serialization failure may do, so
// every Service test also shows that the call keeps no state across
// attempts.
func newHarness(t *testing.T) *harness {
	t.Helper()
	return newHarnessOn(t, storetest.Retrying(memstore.New()))
}

func newHarnessOn(t *testing.T, s store.Store) *harness {
	t.Helper()
	return newHarnessWith(t, s, nil)
}

// newHarnessWith is newHarnessOn with the Options changed by opts first,
// if it is not nil.
func newHarnessWith(t *testing.T, s store.Store, opts func(*contactkit.Options)) *harness {
	t.Helper()
	h := &harness{store: s, now: time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)}
	o := &contactkit.Options{
		Now:           func() time.Time { return h.now },
		DefaultRegion: "FR",
		Subscribers: []contactkit.Subscriber{func(_ context.Context, e contactkit.Event) {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.events = append(h.events, e)
		}},
	}
	if opts != nil {
		opts(o)
	}
	h.svc = contactkit.New(s, o)
	return h
}

// takeEvents returns the events delivered since the last call.
func (h *harness) takeEvents() []contactkit.Event {
	h.mu.Lock()
	defer h.mu.Unlock()
	e := h.events
	h.events = nil
	return e
}

func (h *harness) create(t *testing.T, a contactkit.Actor, p contact.Patch, tags ...string) contact.Contact {
	t.Helper()
	c, err := h.svc.CreateContact(t.Context(), a, contactkit.ContactInput{Patch: p, Tags: tags})
	require.NoError(t, err, "CreateContact")
	return c
}

func (h *harness) count(t *testing.T, a contactkit.Actor) int {
	t.Helper()
	n := 0
	for _, err := range h.svc.Contacts(t.Context(), a, contactkit.ContactQuery{}) {
		require.NoError(t, err)
		n++
	}
	return n
}

func eventTypes(events []contactkit.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = fmt.Sprintf("%T", e)
	}
	return out
}

func TestCreateContactNormalises(t *testing.T) {
	h := newHarness(t)
	c := h.create(t, owner, contact.Patch{
		FirstName: new("  Ame\u0301lie  "), // decomposed é: trimmed, NFC-normalised
		LastName:  new("Poulain"),
		Email:     new(" Amelie@Example.FR "),
		Phone:     new("06 12 34 56 78"), // national form, read in the default region FR
		Language:  new("fr-fr"),
	}, "Paris, vip\tVIP")

	assert.Equal(t, "Amélie", c.FirstName)
	assert.Equal(t, "Amélie Poulain", c.DisplayName())
	assert.Equal(t, "amelie@example.fr", c.Email.String())
	assert.Equal(t, "+33612345678", c.Phone.String())
	assert.Equal(t, "FR", c.Country.String(), "country derived from the phone")
	assert.Equal(t, "fr-FR", c.Language.String())
	assert.Equal(t, contact.StatusActive, c.Status)
	assert.Equal(t, contact.SourceAPI, c.Source)
	assert.Equal(t, []string{"Paris", "vip"}, tagStrings(c.Tags), "tag input split, deduplicated case-insensitively, first spelling kept")
	assert.Equal(t, int64(1), c.Version)

	got, err := h.svc.GetContact(t.Context(), owner, c.ID)
	require.NoError(t, err)
	assert.Equal(t, c, got, "GetContact returns what CreateContact returned")

	assert.Equal(t, []string{"contactkit.ContactCreated", "contactkit.ContactTagged"}, eventTypes(h.takeEvents()))
}

// TestCreatedContactsAreTheirOwn shows that what a creation returns and
// the snapshot its event carries are the caller's: the Service reuses the
// room of a call's change (and of the contact it creates) for its next
// calls, on two goroutines at once, and nothing it gave out changes with
// them.
func TestCreatedContactsAreTheirOwn(t *testing.T) {
	h := newHarness(t)
	type made struct {
		a contactkit.Actor
		c contact.Contact
	}
	var mu sync.Mutex
	var all []made
	var wg sync.WaitGroup
	for g, a := range []contactkit.Actor{owner, other} {
		wg.Go(func() {
			for i := range 40 {
				in := contactkit.ContactInput{
					Patch: contact.Patch{
						FirstName: new(fmt.Sprintf("Prénom%d", i)), LastName: new(fmt.Sprintf("Nom%d", g)),
						Email: new(fmt.Sprintf("p%d.g%d@example.fr", i, g)), Phone: new(fmt.Sprintf("06 12 34 %02d %02d", i, g)),
					},
					Tags: []string{fmt.Sprintf("tag%d", i%3), "commun"},
				}
				c, err := createOrCapture(t.Context(), h.svc, a, in, i%2 == 1)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				all = append(all, made{a, c})
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	require.Len(t, all, 80)
	snapshots := map[contact.ID]contact.Contact{}
	for _, e := range h.takeEvents() {
		if e, ok := e.(contactkit.ContactCreated); ok {
			snapshots[e.Snapshot.ID] = e.Snapshot
		}
	}
	for _, m := range all {
		got, err := h.svc.GetContact(t.Context(), m.a, m.c.ID)
		require.NoError(t, err)
		assert.Equal(t, got, m.c, "what the creation returned")
		assert.Equal(t, got, snapshots[m.c.ID], "the snapshot of its event")
	}
}

func tagStrings(s tag.Set) []string {
	out := make([]string, len(s))
	for i, n := range s {
		out[i] = n.String()
	}
	return out
}

func TestCreateContactReportsEveryProblem(t *testing.T) {
	h := newHarness(t)
	_, err := h.svc.CreateField(t.Context(), owner, field.Definition{Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeText, Required: true})
	require.NoError(t, err)
	h.takeEvents()

	_, err = h.svc.CreateContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{
		FirstName: new("Ada"),
		Email:     new("ada@"),
		Phone:     new("12"),
		Country:   new("Atlantis"),
		Fields:    map[string]string{"nope": "x"},
	}})

	require.ErrorIs(t, err, contactkit.ErrInvalidInput)
	ve, ok := errors.AsType[*contactkit.ValidationError](err)
	require.True(t, ok, "error is a *ValidationError: %v", err)
	assert.Len(t, ve.Errors, 5, "email, phone, country, unknown field and missing required field, all at once: %v", err)
	assert.ErrorIs(t, err, contact.ErrInvalidEmail)
	assert.ErrorIs(t, err, contact.ErrInvalidPhone)
	assert.ErrorIs(t, err, contact.ErrInvalidCountry)
	assert.ErrorIs(t, err, field.ErrUnknownField)
	assert.ErrorIs(t, err, field.ErrRequired)
	pe, ok := errors.AsType[*contact.ParseError](err)
	require.True(t, ok)
	assert.Equal(t, "email", pe.Field)

	assert.Zero(t, h.count(t, owner), "nothing written")
	assert.Empty(t, h.takeEvents(), "a failed call emits nothing")
}

func TestCreateContactNeedsAnIdentity(t *testing.T) {
	h := newHarness(t)
	_, err := h.svc.CreateContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{City: new("Lyon")}})
	assert.ErrorIs(t, err, contact.ErrNoIdentity)
	assert.ErrorIs(t, err, contactkit.ErrInvalidInput)
}

func TestEmailAndPhoneBelongToOneContact(t *testing.T) {
	h := newHarness(t)
	ada := h.create(t, owner, contact.Patch{Email: new("ada@example.com"), Phone: new("+33612345678")})

	tests := []struct {
		name  string
		patch contact.Patch
		field string
	}{
		{"email in another case", contact.Patch{Email: new("ADA@example.com")}, contact.FieldEmail},
		{"phone in national form", contact.Patch{Phone: new("06 12 34 56 78")}, contact.FieldPhone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.svc.CreateContact(t.Context(), owner, contactkit.ContactInput{Patch: tt.patch})
			require.ErrorIs(t, err, contactkit.ErrAlreadyExists)
			taken, ok := errors.AsType[*contactkit.TakenError](err)
			require.True(t, ok, "a *TakenError names the owner: %v", err)
			assert.Equal(t, ada.ID, taken.Owner)
			assert.Equal(t, tt.field, taken.Field)
		})
	}
	// Another workspace may hold the same address: identity is per workspace.
	h.create(t, other, contact.Patch{Email: new("ada@example.com")})
	assert.Equal(t, 1, h.count(t, owner))
}

func TestUpdateContact(t *testing.T) {
	h := newHarness(t)
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com")})
	h.takeEvents()
	h.now = h.now.Add(time.Hour)

	editor := owner
	editor.Source = contact.ChangeUI
	got, err := h.svc.UpdateContact(t.Context(), editor, c.ID, contact.Patch{
		LastName: new("Lovelace"),
		Email:    new(""), // clears
		Company:  new("Analytical Engines"),
	})
	require.NoError(t, err)
	assert.Equal(t, "Lovelace", got.LastName)
	assert.True(t, got.Email.IsZero())
	assert.Equal(t, int64(2), got.Version)
	assert.Equal(t, h.now, got.UpdatedAt)
	assert.Equal(t, c.CreatedAt, got.CreatedAt)

	events := h.takeEvents()
	require.Len(t, events, 1)
	upd, ok := events[0].(contactkit.ContactUpdated)
	require.True(t, ok, "got %T", events[0])
	assert.Equal(t, []string{contact.FieldLastName, contact.FieldEmail, contact.FieldCompany}, upd.Fields)
	assert.Equal(t, got, upd.Snapshot)

	var changes []contact.Change
	for ch, err := range h.svc.History(t.Context(), owner, c.ID, contact.FieldEmail) {
		require.NoError(t, err)
		changes = append(changes, ch)
	}
	require.Len(t, changes, 2, "email set at creation, then cleared: both recorded")
	assert.Equal(t, contact.Change{Contact: c.ID, Field: contact.FieldEmail, Old: "ada@example.com", New: "", At: h.now, Actor: "u-owner", Source: contact.ChangeUI}, changes[1])
	assert.Equal(t, contact.ChangeAPI, changes[0].Source, "the zero Actor.Source records api")

	// The released email can be taken by another contact.
	h.create(t, owner, contact.Patch{Email: new("ada@example.com")})
}

func TestUpdateContactIsAllOrNothing(t *testing.T) {
	h := newHarness(t)
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	h.takeEvents()

	_, err := h.svc.UpdateContact(t.Context(), owner, c.ID, contact.Patch{LastName: new("Lovelace"), Phone: new("+1 555")})
	require.ErrorIs(t, err, contact.ErrInvalidPhone)

	got, err := h.svc.GetContact(t.Context(), owner, c.ID)
	require.NoError(t, err)
	assert.Equal(t, c, got, "the valid last name was not written either")
	assert.Empty(t, h.takeEvents())
}

func TestUpdateContactThatChangesNothing(t *testing.T) {
	h := newHarness(t)
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	h.takeEvents()
	got, err := h.svc.UpdateContact(t.Context(), owner, c.ID, contact.Patch{FirstName: new(" Ada ")})
	require.NoError(t, err)
	assert.Equal(t, c.Version, got.Version, "no write")
	assert.Empty(t, h.takeEvents(), "no event")
}

func TestCaptureContact(t *testing.T) {
	h := newHarness(t)
	known := h.create(t, owner, contact.Patch{FirstName: new("Ada"), Email: new("ada@example.com"), Phone: new("+33612345678")})
	h.takeEvents()

	tests := []struct {
		name        string
		in          contactkit.ContactInput
		wantCreated bool
		check       func(t *testing.T, c contact.Contact)
	}{
		{
			name: "matches by email, blanks never clear",
			in:   contactkit.ContactInput{Patch: contact.Patch{Email: new("ADA@example.com"), FirstName: new(""), City: new("London")}},
			check: func(t *testing.T, c contact.Contact) {
				assert.Equal(t, known.ID, c.ID)
				assert.Equal(t, "Ada", c.FirstName)
				assert.Equal(t, "London", c.City)
			},
		},
		{
			name: "matches by phone in national form",
			in:   contactkit.ContactInput{Patch: contact.Patch{Phone: new("06.12.34.56.78")}, Tags: []string{"inbound"}},
			check: func(t *testing.T, c contact.Contact) {
				assert.Equal(t, known.ID, c.ID)
				assert.True(t, c.Tags.Has(tag.MustParseName("INBOUND")))
			},
		},
		{
			name:        "creates an unknown person",
			in:          contactkit.ContactInput{Patch: contact.Patch{Email: new("grace@example.com"), FirstName: new("Grace")}},
			wantCreated: true,
			check: func(t *testing.T, c contact.Contact) {
				assert.NotEqual(t, known.ID, c.ID)
				assert.Equal(t, contact.SourceForm, c.Source)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := h.svc.CaptureContact(t.Context(), owner, tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.wantCreated, res.Created)
			tt.check(t, res.Contact)
		})
	}

	_, err := h.svc.CaptureContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Nobody")}})
	assert.ErrorIs(t, err, contactkit.ErrNoMatchKey)
	assert.ErrorIs(t, err, contactkit.ErrInvalidInput)
}

func TestTags(t *testing.T) {
	h := newHarness(t)
	a := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	b := h.create(t, owner, contact.Patch{FirstName: new("Grace")})
	h.takeEvents()

	_, err := h.svc.TagContact(t.Context(), owner, a.ID, "VIP, Lead")
	require.NoError(t, err)
	_, err = h.svc.TagContact(t.Context(), owner, b.ID, "vip") // same tag: the workspace's spelling wins
	require.NoError(t, err)
	got, err := h.svc.GetContact(t.Context(), owner, b.ID)
	require.NoError(t, err)
	assert.Equal(t, []string{"VIP"}, tagStrings(got.Tags))
	assert.Equal(t, []string{"contactkit.ContactTagged", "contactkit.ContactTagged"}, eventTypes(h.takeEvents()))

	// Tagging again changes nothing.
	again, err := h.svc.TagContact(t.Context(), owner, b.ID, "Vip")
	require.NoError(t, err)
	assert.Equal(t, got.Version, again.Version)
	assert.Empty(t, h.takeEvents())

	// Removing a tag from a contact keeps the tag in the workspace.
	_, err = h.svc.UntagContact(t.Context(), owner, a.ID, "lead")
	require.NoError(t, err)
	assert.Equal(t, []string{"Lead", "VIP"}, workspaceTags(t, h, owner))

	// Search by tag, case-insensitively.
	page, err := h.svc.ListContacts(t.Context(), owner, contactkit.ContactQuery{Tag: "vip"}, store.PageRequest{})
	require.NoError(t, err)
	assert.Len(t, page.Items, 2)

	// An agent may not delete a tag; an owner may, and learns how many contacts had it.
	_, err = h.svc.DeleteTag(t.Context(), agent, "VIP")
	require.ErrorIs(t, err, contactkit.ErrPermission)
	h.takeEvents()
	n, err := h.svc.DeleteTag(t.Context(), owner, "vip")
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	assert.Equal(t, []string{"Lead"}, workspaceTags(t, h, owner))
	for _, id := range []contact.ID{a.ID, b.ID} {
		c, err := h.svc.GetContact(t.Context(), owner, id)
		require.NoError(t, err)
		assert.False(t, c.Tags.Has(tag.MustParseName("vip")))
	}
	events := h.takeEvents()
	require.Len(t, events, 3)
	deleted, ok := events[2].(contactkit.TagDeleted)
	require.True(t, ok, "got %T", events[2])
	assert.Equal(t, 2, deleted.Contacts)

	_, err = h.svc.DeleteTag(t.Context(), owner, "vip")
	assert.ErrorIs(t, err, contactkit.ErrNotFound)
}

func workspaceTags(t *testing.T, h *harness, a contactkit.Actor) []string {
	t.Helper()
	var out []string
	for tg, err := range h.svc.Tags(t.Context(), a) {
		require.NoError(t, err)
		out = append(out, tg.Name.String())
	}
	return out
}

func TestListContacts(t *testing.T) {
	h := newHarness(t)
	h.create(t, owner, contact.Patch{FirstName: new("Ada"), LastName: new("Lovelace"), Assignee: new(contact.UserID("u-1"))}, "vip")
	h.create(t, owner, contact.Patch{FirstName: new("Grace"), LastName: new("Hopper"), Company: new("Navy")})
	h.create(t, owner, contact.Patch{Alias: new("Lovelace fan"), Email: new("fan@example.com")})
	h.create(t, other, contact.Patch{FirstName: new("Ada"), LastName: new("Lovelace")})

	tests := []struct {
		name string
		q    contactkit.ContactQuery
		want []string
	}{
		{"all", contactkit.ContactQuery{}, []string{"Ada Lovelace", "Grace Hopper", "Lovelace fan"}},
		{"text folds case", contactkit.ContactQuery{Text: "  LOVELACE "}, []string{"Ada Lovelace", "Lovelace fan"}},
		{"text in email", contactkit.ContactQuery{Text: "fan@"}, []string{"Lovelace fan"}},
		{"text in company", contactkit.ContactQuery{Text: "navy"}, []string{"Grace Hopper"}},
		{"tag", contactkit.ContactQuery{Tag: "VIP"}, []string{"Ada Lovelace"}},
		{"assignee", contactkit.ContactQuery{Assignee: "u-1"}, []string{"Ada Lovelace"}},
		{"status", contactkit.ContactQuery{Status: contact.StatusBlocked}, nil},
		{"unknown tag", contactkit.ContactQuery{Tag: "nope"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for c, err := range h.svc.Contacts(t.Context(), owner, tt.q) {
				require.NoError(t, err)
				got = append(got, c.DisplayName())
			}
			assert.Equal(t, tt.want, got)
		})
	}

	// Pages are stable and visit every contact once.
	var seen []string
	for p := (store.PageRequest{Limit: 1}); ; {
		page, err := h.svc.ListContacts(t.Context(), owner, contactkit.ContactQuery{}, p)
		require.NoError(t, err)
		for _, c := range page.Items {
			seen = append(seen, c.DisplayName())
		}
		if page.Next == "" {
			break
		}
		p.Cursor = page.Next
	}
	assert.Equal(t, []string{"Ada Lovelace", "Grace Hopper", "Lovelace fan"}, seen)

	_, err := h.svc.ListContacts(t.Context(), owner, contactkit.ContactQuery{Status: "gone"}, store.PageRequest{})
	assert.ErrorIs(t, err, contactkit.ErrInvalidInput)
}

func TestWorkspaceIsolation(t *testing.T) {
	h := newHarness(t)
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")}, "vip")

	_, err := h.svc.GetContact(t.Context(), other, c.ID)
	assert.ErrorIs(t, err, contactkit.ErrNotFound, "an ID of another workspace is not found")
	_, err = h.svc.UpdateContact(t.Context(), other, c.ID, contact.Patch{FirstName: new("Eve")})
	assert.ErrorIs(t, err, contactkit.ErrNotFound)
	_, err = h.svc.TagContact(t.Context(), other, c.ID, "x")
	assert.ErrorIs(t, err, contactkit.ErrNotFound)
	_, err = h.svc.ListHistory(t.Context(), other, c.ID, "", store.PageRequest{})
	assert.ErrorIs(t, err, contactkit.ErrNotFound)
	_, err = h.svc.DeleteTag(t.Context(), other, "vip")
	assert.ErrorIs(t, err, contactkit.ErrNotFound)
	assert.Empty(t, workspaceTags(t, h, other))
}

func TestInvalidActor(t *testing.T) {
	h := newHarness(t)
	for _, a := range []contactkit.Actor{
		{User: "u", Role: contactkit.RoleOwner},
		{Workspace: "ws", Role: contactkit.RoleOwner},
		{Workspace: "ws", User: "u", Role: "admin"},
		{Workspace: "ws", User: "u", Role: contactkit.RoleOwner, Source: "telepathy"},
	} {
		_, err := h.svc.CreateContact(t.Context(), a, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada")}})
		assert.ErrorIs(t, err, contactkit.ErrInvalidActor, "%+v", a)
	}
}

func TestFields(t *testing.T) {
	h := newHarness(t)
	plan := field.Definition{
		Key: field.MustParseKey("plan"), Label: "Plan", Type: field.TypeSelect,
		Options: []field.Option{{Value: "free", Label: "Free"}, {Value: "pro", Label: "Pro"}},
	}
	_, err := h.svc.CreateField(t.Context(), agent, plan)
	require.ErrorIs(t, err, contactkit.ErrPermission)

	plan, err = h.svc.CreateField(t.Context(), owner, plan)
	require.NoError(t, err)
	assert.Equal(t, int64(1), plan.Version)
	_, err = h.svc.CreateField(t.Context(), owner, field.Definition{Key: plan.Key, Label: "Again", Type: field.TypeText})
	require.ErrorIs(t, err, contactkit.ErrAlreadyExists)
	_, err = h.svc.CreateField(t.Context(), owner, field.Definition{Key: field.MustParseKey("x"), Type: "colour"})
	require.ErrorIs(t, err, contactkit.ErrInvalidInput)

	c := h.create(t, owner, contact.Patch{FirstName: new("Ada"), Fields: map[string]string{"plan": "Pro"}})
	assert.Equal(t, field.Select("pro"), c.Fields[plan.Key])

	// Hiding an option keeps stored values valid; removing one is refused.
	hidden := plan
	hidden.Options = []field.Option{{Value: "free", Label: "Free"}, {Value: "pro", Label: "Pro", Hidden: true}}
	hidden, err = h.svc.UpdateField(t.Context(), owner, hidden)
	require.NoError(t, err)
	_, err = h.svc.UpdateContact(t.Context(), owner, c.ID, contact.Patch{City: new("London")})
	require.NoError(t, err, "a stored hidden option stays valid")
	_, err = h.svc.UpdateContact(t.Context(), owner, c.ID, contact.Patch{Fields: map[string]string{"plan": "pro"}})
	require.NoError(t, err, "a hidden option the contact holds may be sent back (F1)")
	d := h.create(t, owner, contact.Patch{FirstName: new("Bob")})
	_, err = h.svc.UpdateContact(t.Context(), owner, d.ID, contact.Patch{Fields: map[string]string{"plan": "pro"}})
	require.ErrorIs(t, err, field.ErrInvalidValue, "a hidden option is refused as new input")

	removed := hidden
	removed.Options = removed.Options[:1]
	_, err = h.svc.UpdateField(t.Context(), owner, removed)
	require.ErrorIs(t, err, contactkit.ErrInvalidInput)

	retyped := hidden
	retyped.Type, retyped.Options = field.TypeText, nil
	_, err = h.svc.UpdateField(t.Context(), owner, retyped)
	require.ErrorIs(t, err, field.ErrTypeChange)

	_, err = h.svc.UpdateField(t.Context(), owner, plan) // version 1, stale
	require.ErrorIs(t, err, contactkit.ErrConflict)

	defs, err := h.svc.Fields(t.Context(), owner)
	require.NoError(t, err)
	require.Len(t, defs, 1)
	assert.Equal(t, hidden, defs[0])
}

// failingStore fails every read-write transaction at the last moment: fn
// runs and makes all its writes, then the transaction fails and must leave
// nothing behind.
type failingStore struct{ store.Store }

var errInjected = errors.New("injected failure")

func (s failingStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errInjected
	})
}

func TestFailedTransactionWritesAndEmitsNothing(t *testing.T) {
	mem := memstore.New()
	good := newHarnessOn(t, mem)
	c := good.create(t, owner, contact.Patch{FirstName: new("Ada")})

	bad := newHarnessOn(t, failingStore{mem})
	_, err := bad.svc.CreateContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{Email: new("grace@example.com")}, Tags: []string{"new-tag"}})
	require.ErrorIs(t, err, errInjected)
	_, err = bad.svc.UpdateContact(t.Context(), owner, c.ID, contact.Patch{LastName: new("Lovelace")})
	require.ErrorIs(t, err, errInjected)
	assert.Empty(t, bad.takeEvents(), "no event for a failed call")

	assert.Equal(t, 1, good.count(t, owner), "the contact was not created")
	assert.Empty(t, workspaceTags(t, good, owner), "the tag was not created")
	got, err := good.svc.GetContact(t.Context(), owner, c.ID)
	require.NoError(t, err)
	assert.Equal(t, c, got, "the update was rolled back")
	// The rolled-back contact did not keep its email.
	good.create(t, owner, contact.Patch{Email: new("grace@example.com")})
}

func TestConcurrentCallsLoseNoUpdate(t *testing.T) {
	h := newHarness(t)
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	const n = 16
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			_, err := h.svc.TagContact(context.Background(), owner, c.ID, fmt.Sprintf("tag-%02d", i))
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	got, err := h.svc.GetContact(t.Context(), owner, c.ID)
	require.NoError(t, err)
	assert.Equal(t, n, got.Tags.Len(), "every concurrent tag is kept")
	assert.Equal(t, int64(n+1), got.Version)
}

func TestCancelledContext(t *testing.T) {
	h := newHarness(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := h.svc.CreateContact(ctx, owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada")}})
	require.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, h.count(t, owner))
}

func TestNewIDFailure(t *testing.T) {
	svc := contactkit.New(memstore.New(), &contactkit.Options{NewID: func() (uuid.UUID, error) { return uuid.UUID{}, errInjected }})
	_, err := svc.CreateContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ada")}})
	assert.ErrorIs(t, err, errInjected)
}

func TestUpdateContactIfVersion(t *testing.T) {
	h := newHarness(t)
	c := h.create(t, owner, contact.Patch{FirstName: new("Ada")})
	// Two users edit the same contact, both from version 1.
	first, err := h.svc.UpdateContact(t.Context(), owner, c.ID, contact.Patch{City: new("London"), IfVersion: c.Version})
	require.NoError(t, err)
	_, err = h.svc.UpdateContact(t.Context(), agent, c.ID, contact.Patch{City: new("Paris"), IfVersion: c.Version})
	require.ErrorIs(t, err, contactkit.ErrConflict, "the second edit was made against a stale version")
	got, err := h.svc.GetContact(t.Context(), owner, c.ID)
	require.NoError(t, err)
	assert.Equal(t, first, got, "no lost update")
}

// TestServiceTimesCarryNoMonotonicReading: with the default clock
// (time.Now, which carries a monotonic reading), the times a Service
// stores have none, on every store alike.
func TestServiceTimesCarryNoMonotonicReading(t *testing.T) {
	svc := contactkit.New(memstore.New(), &contactkit.Options{DefaultRegion: "FR"})
	c, err := svc.CreateContact(t.Context(), owner, contactkit.ContactInput{Patch: contact.Patch{FirstName: new("Ann")}})
	require.NoError(t, err)
	got, err := svc.GetContact(t.Context(), owner, c.ID)
	require.NoError(t, err)
	for _, at := range []time.Time{c.CreatedAt, c.UpdatedAt, got.CreatedAt, got.UpdatedAt} {
		assert.True(t, at == at.Round(0), "%v carries a monotonic reading", at)
	}
	assert.True(t, got.CreatedAt == c.CreatedAt, "the time read back is the time written, ==")
}

// TestListHistoryFieldNames: H2, history is read per field. A name the
// history can hold (a standard field, a custom field key with or without
// entries, a list's or a channel's consent) lists its changes, maybe none;
// any other name (a typo) is refused as invalid input, with a
// *contact.ParseError naming it that wraps contact.ErrUnknownField, and
// nothing is read.
func TestListHistoryFieldNames(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	c := h.create(t, owner, contact.Patch{FirstName: new("Ann"), Email: new("ann@example.com")})
	l, err := h.svc.CreateList(ctx, owner, list.List{Name: "News"})
	require.NoError(t, err)
	_, err = h.svc.AddToList(ctx, owner, l.ID, c.ID)
	require.NoError(t, err)
	_, err = h.svc.Unsubscribe(ctx, owner, c.ID, list.ChannelEmail, "asked")
	require.NoError(t, err)
	for _, tc := range []struct {
		name    string
		changes int
	}{
		{"", -1}, // every field
		{contact.FieldFirstName, 1},
		{contact.FieldEmail, 1},
		{contact.FieldCompany, 0},
		{contact.FieldDeletedAt, 0},
		{"fields.plan", 0}, // a valid key no definition holds (deleted since, or never made)
		{contact.ListFieldPrefix + l.ID.String(), 1},
		{contact.ConsentFieldPrefix + string(list.ChannelEmail), 1},
		{contact.ConsentFieldPrefix + string(list.ChannelSMS), 0},
	} {
		page, err := h.svc.ListHistory(ctx, owner, c.ID, tc.name, store.PageRequest{})
		require.NoError(t, err, "ListHistory of field %q", tc.name)
		if tc.changes >= 0 {
			assert.Len(t, page.Items, tc.changes, "ListHistory of field %q", tc.name)
		}
	}
	for _, name := range []string{
		"frist_name", "First_Name", " email", "created", "label",
		"fields.", "fields.Plan", "fields.9lives", "fields.plan ",
		"lists.", "lists.news", "consent.", "consent.fax", "consent.Email",
		"a\x00b", "\xff\xfe",
	} {
		_, err := h.svc.ListHistory(ctx, owner, c.ID, name, store.PageRequest{})
		require.ErrorIs(t, err, contactkit.ErrInvalidInput, "ListHistory of field %q", name)
		assert.ErrorIs(t, err, contact.ErrUnknownField, "ListHistory of field %q", name)
		pe, ok := errors.AsType[*contact.ParseError](err)
		if assert.True(t, ok, "ListHistory of field %q: %v, want a *contact.ParseError", name, err) {
			assert.Equal(t, "field", pe.Field)
			assert.Equal(t, name, pe.Input)
		}
	}
	// The field is checked before the contact is looked up.
	_, err = h.svc.ListHistory(ctx, owner, contact.ID{1}, "frist_name", store.PageRequest{})
	assert.ErrorIs(t, err, contactkit.ErrInvalidInput)
	_, err = h.svc.ListHistory(ctx, owner, contact.ID{1}, contact.FieldEmail, store.PageRequest{})
	assert.ErrorIs(t, err, contactkit.ErrNotFound)
}
