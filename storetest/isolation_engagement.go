package storetest

import (
	"errors"
	"testing"

	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

// Rule P1 for the engagement accessors. Lists, Automations, Enrollments and
// Activities share testAggregateIsolation (Get, Update and every listing or
// lookup from another workspace); these are the extra checks.

func testIsolationLists(t *testing.T, e *env) {
	testAggregateIsolation(t, e, listsAggregate(t, e))
}

func testIsolationAutomations(t *testing.T, e *env) {
	testAggregateIsolation(t, e, automationsAggregate(t, e))
}

func testIsolationEnrollments(t *testing.T, e *env) {
	testAggregateIsolation(t, e, enrollmentsAggregate(t, e))
	g, h := e.engage(t), e.engage(t)
	en := e.enrollment(t, &g.flow, g.who.ID, "shared-key")
	if err := e.createEnrollment(t, g.ws, &en); err != nil {
		t.Fatalf("setup: Enrollments.Create: got err %v, want nil", err)
	}
	for _, q := range []store.EnrollmentQuery{{}, {Automation: g.flow.ID}, {Contact: g.who.ID, ActiveOnly: true}} {
		if got, ok := e.listEnrollments(t, h.ws, q, 0, 10); ok && len(got) != 0 {
			t.Errorf("Enrollments.List of another workspace than the enrollment's, with %+v: got %d enrollments, want an empty page; %s", q, len(got), p1)
		}
	}
	// The same key in another workspace, on that workspace's automation.
	mine := e.enrollment(t, &h.flow, h.who.ID, "shared-key")
	if err := e.createEnrollment(t, h.ws, &mine); err != nil {
		t.Errorf("Enrollments.Create with an idempotency key an enrollment of another workspace has: got err %v, want nil; %s", err, p1)
	}
	if _, err := e.byKey(t, h.ws, g.flow.ID, "shared-key"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Enrollments.ByKey from another workspace than the enrollment's: got err %v, want store.ErrNotFound; %s", err, p1)
	}
}

func testIsolationActivities(t *testing.T, e *env) {
	testAggregateIsolation(t, e, activitiesAggregate(t, e))
}

func testIsolationMemberships(t *testing.T, e *env) {
	g, h := e.engage(t), e.engage(t)
	m := e.member(g.list, g.who.ID, 1)
	if err := e.putMember(t, g.ws, &m); err != nil {
		t.Fatalf("setup: Memberships.Put of a new membership: got err %v, want nil", err)
	}
	if _, err := e.getMember(t, h.ws, m.List, m.Contact); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Memberships.Get from another workspace than the membership's: got err %v, want store.ErrNotFound; %s", err, p1)
	}
	for _, q := range []store.MembershipQuery{{}, {List: g.list.ID}, {Contact: g.who.ID}, {Status: m.Status}} {
		if got, ok := e.listMembers(t, h.ws, q, 0, 10); ok && len(got) != 0 {
			t.Errorf("Memberships.List of another workspace than the membership's, with %+v: got %d memberships, want an empty page; %s", q, len(got), p1)
		}
	}
	w := m
	w.Status = list.StatusUnsubscribed
	if err := e.putMember(t, h.ws, &w); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Memberships.Put at version %d of a membership of another workspace: got err %v, want store.ErrNotFound (an update of a membership there is none of); %s", w.Version, err, p1)
	}
	e.checkMember(t, g.ws, m, "after Memberships.Put from another workspace", p1)
}

func testIsolationConsent(t *testing.T, e *env) {
	a, b := newWorkspace(), newWorkspace()
	addr := emailAddress(t, 1)
	inA := e.unsubscribed(e.ledgerEntry(addr, 1), 2)
	e.mustPutConsent(t, a, &inA)
	if _, err := e.getConsent(t, b, addr); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Consent.Get from another workspace than the entry's: got err %v, want store.ErrNotFound; %s", err, p1)
	}
	inB := e.ledgerEntry(addr, 3)
	if err := e.putConsent(t, b, &inB); err != nil {
		t.Errorf("Consent.Put with Version 0 of an address another workspace's ledger holds: got err %v, want nil (one ledger per workspace; %s)", err, p1)
	} else {
		e.checkConsent(t, b, inB, "after Consent.Put in workspace B of an address workspace A holds", "one ledger entry per workspace and address")
	}
	e.checkConsent(t, a, inA, "after Consent.Put in workspace B of the same address", p1)
}
