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
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

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

// mailingList returns a list with every field set, not yet stored.
func (e *env) mailingList(name string) list.List {
	return list.List{
		ID:          newListID(),
		Name:        name,
		Description: "Everything about " + name + ", élan included",
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

// member returns the membership of contact c in l, not yet stored.
func (e *env) member(l list.List, c contact.ID, n int) list.Membership {
	return l.Join(c, e.listChange(n))
}

// ledgerEntry returns the first consent entry of address a, not yet stored.
func (e *env) ledgerEntry(a list.Address, n int) list.Consent {
	return list.Policy{}.New(a, e.listChange(n))
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

// enrollment returns an active enrollment of contact c into a, carrying key,
// not yet stored.
func (e *env) enrollment(t *testing.T, a *automation.Automation, c contact.ID, key string) automation.Enrollment {
	t.Helper()
	en, err := automation.Enroll(a, c, newEnrollmentID(), nil, key, e.at(7))
	if err != nil {
		t.Fatalf("storetest fixture: automation.Enroll: %v", err)
	}
	return en
}

// note returns a note of contact c, not yet stored.
func (e *env) note(c contact.ID, body string, n int) activity.Activity {
	return activity.Activity{
		ID:        newActivityID(),
		Contact:   c,
		Kind:      activity.KindNote,
		Author:    "user-1",
		Body:      body,
		CreatedAt: e.at(n),
		UpdatedAt: e.at(n),
	}
}

// task returns a completed task of contact c with every field of
// activity.Activity set, not yet stored.
func (e *env) task(c contact.ID, enroll automation.ID) activity.Activity {
	return activity.Activity{
		ID:      newActivityID(),
		Contact: c,
		Kind:    activity.KindTask,
		Author:  "user-2",
		Pinned:  true,
		Title:   "Call Zoë about the Ångström offer",
		Body:    "Ask about the renewal.\nThen send the quote.",
		Task: activity.Task{
			Type:        activity.TaskCall,
			Due:         e.at(60),
			Duration:    30 * time.Minute,
			Assignee:    "user-3",
			Reminder:    e.at(50),
			Completed:   true,
			CompletedAt: e.at(55),
		},
		Enroll:    enroll,
		CreatedAt: e.at(9),
		UpdatedAt: e.at(10),
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

// engaged is a workspace with what records of the engagement accessors
// refer to, stored: a contact, a list and an automation. An adapter may
// keep foreign keys, so the suite never stores a record that refers to
// nothing.
type engaged struct {
	ws   contact.WorkspaceID
	who  contact.Contact
	list list.List
	flow automation.Automation
}

// engage stores the records of a new engaged workspace.
func (e *env) engage(t *testing.T) *engaged {
	t.Helper()
	ctx := t.Context()
	ws := newWorkspace()
	g := &engaged{ws: ws, who: e.person(ws, "Ada", "Lovelace"), list: e.mailingList("Newsletter"), flow: e.flow(t, "Onboarding")}
	e.update(t, "setup: Contacts.Create, Lists.Create and Automations.Create", func(tx store.Tx) error {
		if err := tx.Contacts().Create(ctx, &g.who); err != nil {
			return fmt.Errorf("Contacts.Create: %w", err)
		}
		if err := tx.Lists().Create(ctx, ws, &g.list); err != nil {
			return fmt.Errorf("Lists.Create: %w", err)
		}
		if err := tx.Automations().Create(ctx, ws, &g.flow); err != nil {
			return fmt.Errorf("Automations.Create: %w", err)
		}
		return nil
	})
	return g
}

// people stores n contacts of ws and returns their IDs.
func (e *env) people(t *testing.T, ws contact.WorkspaceID, n int) []contact.ID {
	t.Helper()
	return idsOf(e.createMany(t, ws, n))
}
