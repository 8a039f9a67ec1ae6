package storetest

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/tag"
)

// newWorkspace returns a workspace name no other case (and no other run)
// uses, so that adapters can run every case against one shared database.
func newWorkspace() contact.WorkspaceID {
	return contact.WorkspaceID("storetest-" + uuid.NewString())
}

// newID returns a random contact ID. Random (version 4) rather than
// time-ordered IDs, so that creation order and ID order differ and the
// listing order is really tested.
func newID() contact.ID { return contact.ID(uuid.New()) }

// Random (version 4) IDs, as for contacts: creation order and ID order
// differ, so that the listing orders are really tested.
func newListID() list.ID                       { return list.ID(uuid.New()) }
func newAutomationID() automation.ID           { return automation.ID(uuid.New()) }
func newEnrollmentID() automation.EnrollmentID { return automation.EnrollmentID(uuid.New()) }
func newActivityID() activity.ID               { return activity.ID(uuid.New()) }

// at returns the n-th instant of a series after baseTime, each with
// nanoseconds, cut to the declared precision.
func (e *env) at(n int) time.Time {
	return e.stamp(e.baseTime().Add(time.Duration(n)*time.Minute + time.Duration(n)*time.Nanosecond))
}

// stamp returns tm cut to the declared TimePrecision, as the store will keep
// it.
func (e *env) stamp(tm time.Time) time.Time {
	if e.opts.TimePrecision > 1 {
		return tm.Truncate(e.opts.TimePrecision)
	}
	return tm
}

// baseTime is a fixed instant with nanoseconds and a non-UTC zone: a store
// may give it back in another zone, but it must be the same instant.
func (e *env) baseTime() time.Time {
	return e.stamp(time.Date(2024, time.May, 17, 9, 30, 15, 123456789, time.FixedZone("UTC+2", 2*60*60)))
}

func mustEmail(t *testing.T, s string) contact.Email {
	t.Helper()
	v, err := contact.ParseEmail(s)
	if err != nil {
		t.Fatalf("storetest fixture: contact.ParseEmail(%q): %v", s, err)
	}
	return v
}

func mustPhone(t *testing.T, s string) contact.Phone {
	t.Helper()
	v, err := contact.ParsePhone(s, "FR")
	if err != nil {
		t.Fatalf("storetest fixture: contact.ParsePhone(%q, \"FR\"): %v", s, err)
	}
	return v
}

func mustTag(t *testing.T, s string) tag.Name {
	t.Helper()
	v, err := tag.ParseName(s)
	if err != nil {
		t.Fatalf("storetest fixture: tag.ParseName(%q): %v", s, err)
	}
	return v
}

func mustKey(t *testing.T, s string) field.Key {
	t.Helper()
	v, err := field.ParseKey(s)
	if err != nil {
		t.Fatalf("storetest fixture: field.ParseKey(%q): %v", s, err)
	}
	return v
}

// phoneN returns the n-th of a series of valid French mobile numbers.
func phoneN(t *testing.T, n int) contact.Phone {
	t.Helper()
	return mustPhone(t, fmt.Sprintf("+33 6 12 %02d %02d %02d", n/10000%100, n/100%100, n%100))
}

// person returns a minimal valid contact of ws, not yet stored.
func (e *env) person(ws contact.WorkspaceID, first, last string) contact.Contact {
	at := e.baseTime()
	return contact.Contact{
		ID:        newID(),
		Workspace: ws,
		FirstName: first,
		LastName:  last,
		Status:    contact.StatusActive,
		Source:    contact.SourceManual,
		CreatedAt: at,
		UpdatedAt: at,
	}
}

// fullContact returns a live contact of ws with every field of
// contact.Contact set, custom fields of several types included, but the two
// that only a contact in the trash has (liveOnlyZero): most cases need a
// live contact, one that holds its email and phone. trashedContact sets
// them too.
func (e *env) fullContact(t *testing.T, ws contact.WorkspaceID) contact.Contact {
	t.Helper()
	at := e.baseTime()
	country, err := contact.ParseCountry("FR")
	if err != nil {
		t.Fatalf("storetest fixture: contact.ParseCountry: %v", err)
	}
	lang, err := contact.ParseLanguage("fr-FR")
	if err != nil {
		t.Fatalf("storetest fixture: contact.ParseLanguage: %v", err)
	}
	return contact.Contact{
		ID:         newID(),
		Workspace:  ws,
		FirstName:  "Zoë",
		LastName:   "Ångström",
		Alias:      "Zo",
		Email:      mustEmail(t, "zoe.angstrom@example.org"),
		EmailLabel: contact.LabelWork,
		OtherEmails: []contact.LabeledEmail{
			{Email: mustEmail(t, "zoe@maison.example"), Label: contact.LabelHome},
			{Email: mustEmail(t, "zo@example.net"), Label: "école"},
		},
		Phone:       mustPhone(t, "06 12 34 56 78"),
		PhoneLabel:  contact.LabelMobile,
		OtherPhones: []contact.LabeledPhone{{Phone: mustPhone(t, "+44 20 7946 0018"), Label: contact.LabelWhatsApp}},
		Country:     country,
		Language:    lang,
		BirthDate:   field.Date{Year: 1990, Month: time.February, Day: 28},
		City:        "Lyon",
		State:       "Auvergne-Rhône-Alpes",
		Company:     "Acme SAS",
		JobTitle:    "Ingénieure",
		Assignee:    "user-42",
		Source:      contact.SourceImport,
		Avatar:      "https://cdn.example.org/avatars/zoe.png",
		Status:      contact.StatusBlocked,
		Channels: []contact.Channel{
			{Kind: contact.ChannelEmail, State: contact.ChannelActive, ConnectedAt: e.stamp(at.Add(-36*time.Hour + 11))},
			{Kind: contact.ChannelSMS, State: contact.ChannelActive, ConnectedAt: e.stamp(at.Add(-2*time.Hour + 5))},
		},
		Tags:      tag.Set{mustTag(t, "VIP"), mustTag(t, "Prospect 2024"), mustTag(t, "été")},
		Fields:    customValues(t),
		CreatedAt: at,
		UpdatedAt: e.stamp(at.Add(90*time.Minute + 7*time.Nanosecond)),
	}
}

// liveOnlyZero names the fields of contact.Contact that are zero in every
// live contact: the round trip of a live contact cannot check them, so
// the RoundTrip guard lets fullContact leave them zero, and the one of a
// contact in the trash (Contacts/RoundTripTrashed) checks them.
var liveOnlyZero = []string{"DeletedAt", "DeletedBy"}

// trashedContact returns fullContact moved to the trash: every field of
// contact.Contact set.
func (e *env) trashedContact(t *testing.T, ws contact.WorkspaceID) contact.Contact {
	t.Helper()
	c := e.fullContact(t, ws)
	c.DeletedAt = e.stamp(c.UpdatedAt.Add(3*time.Hour + 17))
	c.DeletedBy = "user-7"
	return c
}

// trashAt moves c to the trash at the n-th instant of e.at, by user-n, not
// yet stored.
func (e *env) trashAt(c *contact.Contact, n int) {
	c.DeletedAt = e.at(n)
	c.DeletedBy = contact.UserID(fmt.Sprintf("user-%d", n))
}

// restore takes c out of the trash, not yet stored.
func restore(c *contact.Contact) {
	c.DeletedAt = time.Time{}
	c.DeletedBy = ""
}

// customValues returns custom field values of several types. A type whose
// coercion the field package refuses is left out (and logged): the store is
// not at fault for that.
func customValues(t *testing.T) map[field.Key]field.Value {
	t.Helper()
	values := map[field.Key]field.Value{mustKey(t, "nickname"): field.Text("Zozo")}
	for _, x := range []struct {
		key string
		def field.Definition
		raw string
	}{
		{"score", field.Definition{Type: field.TypeNumber}, "42.5"},
		{"newsletter", field.Definition{Type: field.TypeCheckbox}, "true"},
		{"renewal", field.Definition{Type: field.TypeDate}, "2025-01-31"},
		{"plan", field.Definition{Type: field.TypeSelect, Options: []field.Option{{Value: "gold", Label: "Gold"}}}, "gold"},
		{"website", field.Definition{Type: field.TypeURL}, "https://example.org/zoe"},
	} {
		x.def.Key = mustKey(t, x.key)
		v, err := x.def.Coerce(x.raw, "FR")
		if err != nil {
			t.Logf("storetest fixture: field of type %s left out: %v", x.def.Type, err)
			continue
		}
		values[x.def.Key] = v
	}
	return values
}

// definition returns a custom field definition with every field set.
func (e *env) definition(t *testing.T, key string, position int) field.Definition {
	t.Helper()
	at := e.baseTime()
	return field.Definition{
		Key:         mustKey(t, key),
		Label:       "Label of " + key,
		Type:        field.TypeSelect,
		Group:       "Sales",
		Placeholder: "Pick one",
		Description: "The " + key + " of the contact",
		Required:    true,
		Position:    position,
		Options: []field.Option{
			{Value: "bronze", Label: "Bronze"},
			{Value: "silver", Label: "Silver", Hidden: true},
			{Value: "gold", Label: "Gold"},
		},
		CreatedAt: at,
		UpdatedAt: at,
	}
}

// change returns a history entry of contact id, every field set.
func (e *env) change(id contact.ID, fieldName, old, new string, n int) contact.Change {
	return contact.Change{
		Contact: id,
		Field:   fieldName,
		Old:     old,
		New:     new,
		At:      e.stamp(e.baseTime().Add(time.Duration(n)*time.Second + time.Duration(n))),
		Actor:   contact.UserID(fmt.Sprintf("user-%d", n)),
		Source:  contact.ChangeAPI,
		Reason:  fmt.Sprintf("reason %d", n),
		Address: fmt.Sprintf("addr-%d@example.org", n),
	}
}

// mailingList returns a list with every field set, not yet stored.
func (e *env) mailingList(name string) list.List {
	return list.List{
		ID:          newListID(),
		Name:        name,
		Description: "Everything about " + name + ", élan included",
		Channel:     list.ChannelEmail,
		DoubleOptIn: true,
		CreatedAt:   e.baseTime(),
		UpdatedAt:   e.at(3),
	}
}

// listChange returns the n-th change of a membership or consent status, with
// every field set.
func (e *env) listChange(n int) list.Change {
	return list.Change{
		At:     e.at(n),
		By:     contact.UserID(fmt.Sprintf("user-%d", n)),
		Source: contact.ChangeUI,
		Reason: fmt.Sprintf("reason %d", n),
	}
}

// emailAddress returns the consent address of the n-th of a series of
// emails.
func emailAddress(t *testing.T, n int) list.Address {
	t.Helper()
	a, err := list.ParseAddress(list.ChannelEmail, fmt.Sprintf("person%d@example.org", n), "")
	if err != nil {
		t.Fatalf("storetest fixture: list.ParseAddress: %v", err)
	}
	return a
}

// phoneAddress returns the consent address of the n-th phone of phoneN on
// channel ch.
func phoneAddress(t *testing.T, ch list.Channel, n int) list.Address {
	t.Helper()
	a, err := list.ParseAddress(ch, phoneN(t, n).String(), "FR")
	if err != nil {
		t.Fatalf("storetest fixture: list.ParseAddress: %v", err)
	}
	return a
}

// flow returns an active automation with every field set, not yet stored.
func (e *env) flow(t *testing.T, name string) automation.Automation {
	t.Helper()
	return automation.Automation{
		ID:   newAutomationID(),
		Name: name,
		Steps: []automation.Step{
			{Name: "Welcome"}, {Name: "Wait two days"}, {Name: "Follow up"},
		},
		Triggers: []automation.Trigger{
			automation.On(automation.TriggerContactCreated),
			automation.OnTagAdded(mustTag(t, "VIP")),
			automation.OnFormSubmitted("signup"),
		},
		Active:    true,
		Reentry:   automation.ReentryAllow,
		CreatedAt: e.baseTime(),
		UpdatedAt: e.at(5),
	}
}

// checkFixtureSet reports the exported fields of v, a struct, that a
// round-trip fixture leaves zero, but Version (which the store sets) and
// those named in except: a field added to an aggregate must be added to the
// fixture, or its round trip goes unchecked.
func checkFixtureSet(t *testing.T, v any, except ...string) {
	t.Helper()
	rv := reflect.ValueOf(v)
	for i := range rv.NumField() {
		f := rv.Type().Field(i)
		if !f.IsExported() || f.Name == "Version" || slices.Contains(except, f.Name) {
			continue
		}
		if rv.Field(i).IsZero() {
			t.Errorf("storetest fixture: the field %s of %s is not set by the round-trip fixture, so its round trip is not checked; the suite must set it", f.Name, rv.Type())
		}
	}
}
