package pgstore_test

import (
	"testing"
	"time"

	"github.com/contactkit/contactkit"
	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store/pgstore"
	"github.com/contactkit/contactkit/tag"
)

// A1, store.StampAutomations on PostgreSQL: two processes of a host (two
// Services, each over its own pgstore.Store of one database) keep the
// active automations at the stamp; what one changes, the other's triggers
// see at its next call.
func TestAcceptance15ReviewTriggersSeeAnotherProcesssAutomations(t *testing.T) {
	ctx := t.Context()
	pool := pgstore.NewTestPool(t)
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	opts := &contactkit.Options{DefaultRegion: "FR", Now: func() time.Time { return now }}
	one := contactkit.New(pgstore.New(pool, nil), opts)
	two := contactkit.New(pgstore.New(pool, nil), opts)
	a := contactkit.Actor{Workspace: "w", User: "owner", Role: contactkit.RoleOwner}
	vip := tag.MustParseName("vip")
	au, err := one.CreateAutomation(ctx, a, automation.Automation{Name: "VIP", Steps: []automation.Step{{Name: "one"}}, Active: true,
		Triggers: []automation.Trigger{{Kind: automation.TriggerTagAdded, Subject: vip.Key()}}})
	if err != nil {
		t.Fatal(err)
	}
	enrolled := func(svc *contactkit.Service, name string) bool {
		t.Helper()
		c, err := svc.CreateContact(ctx, a, contactkit.ContactInput{Patch: contact.Patch{FirstName: &name}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.TagContact(ctx, a, c.ID, "vip"); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, err := range svc.Enrollments(ctx, a, contactkit.EnrollmentQuery{Contact: c.ID}) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		return n > 0
	}
	if !enrolled(one, "Ada") || !enrolled(two, "Bob") {
		t.Fatal("an active automation triggered nothing")
	}
	au.Active = false
	if au, err = two.UpdateAutomation(ctx, a, au); err != nil {
		t.Fatal(err)
	}
	if enrolled(one, "Cid") {
		t.Error("an automation another process deactivated still triggers")
	}
	au.Active = true
	if _, err = two.UpdateAutomation(ctx, a, au); err != nil {
		t.Fatal(err)
	}
	if !enrolled(one, "Dan") {
		t.Error("an automation another process activated again triggers nothing")
	}
}
