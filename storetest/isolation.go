package storetest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

const ruleIsolation = "identity is the pair (workspace, ID): a record of another workspace behaves exactly as one that does not exist, creation included"

func isolationCases() []testCase {
	return []testCase{
		{name: "Isolation/SameIDTwoWorkspaces", run: testIsolationSameID},
		{name: "Isolation/OtherWorkspaceNotFound", run: testIsolationNotFound},
		{name: "Isolation/Keys", run: testIsolationKeys},
		{name: "Isolation/WorkspaceBytes", run: testIsolationWorkspaceBytes},
	}
}

func testIsolationSameID(t *testing.T, e *env) {
	ws, other := newWorkspace(), newWorkspace()
	a := e.fullContact(t, ws)
	e.create(t, &a)
	b := e.person(other, "Grace", "Hopper")
	b.ID = a.ID
	if err := e.tryCreate(t, &b); err != nil {
		t.Fatalf("Contacts.Create in a workspace of a contact whose ID another workspace has: got err %v, want nil; %s", err, ruleIsolation)
	}
	if got := e.mustGet(t, other, a.ID); got.FirstName != "Grace" || got.Workspace != other {
		t.Errorf("Contacts.Get of a contact whose ID two workspaces have: got %q of %q, want %q of %q; %s", got.FirstName, got.Workspace, "Grace", other, ruleIsolation)
	}
	a.City = "Changed"
	e.save(t, &a)
	if got := e.mustGet(t, other, a.ID); got.City != b.City || got.Version != 1 {
		t.Errorf("after Contacts.Update of a contact, the contact of the same ID in another workspace is %q at version %d, want %q at version 1; %s", got.City, got.Version, b.City, ruleIsolation)
	}
	if err := e.tryDelete(t, ws, a.ID, a.Version); err != nil {
		t.Fatalf("Contacts.Delete: got err %v, want nil", err)
	}
	if _, err := e.get(t, other, a.ID); err != nil {
		t.Errorf("after Contacts.Delete of a contact, Contacts.Get of the same ID in another workspace: got err %v, want nil; %s", err, ruleIsolation)
	}
	if got, ok := e.listContacts(t, other, store.ContactQuery{}, 0, 10, nil); ok {
		checkEachOnce(t, "Contacts.List of a workspace after the contact of the same ID was deleted in another", idsOf(got), []contact.ID{a.ID}, nil)
	}
}

func testIsolationNotFound(t *testing.T, e *env) {
	ws, other := newWorkspace(), newWorkspace()
	a := e.fullContact(t, ws)
	e.create(t, &a)
	if _, err := e.get(t, other, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Contacts.Get from another workspace than the contact's: got err %v, want store.ErrNotFound; %s", err, ruleIsolation)
	}
	u := a.Clone()
	u.Workspace = other
	if err := e.tryUpdate(t, &u); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Contacts.Update of a contact with another workspace than its own: got err %v, want store.ErrNotFound; %s", err, ruleIsolation)
	}
	if err := e.tryDelete(t, other, a.ID, a.Version); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Contacts.Delete from another workspace than the contact's: got err %v, want store.ErrNotFound; %s", err, ruleIsolation)
	}
	if got := e.mustGet(t, ws, a.ID); got.Version != 1 {
		t.Errorf("after refused writes from another workspace, the contact is at version %d, want 1; %s", got.Version, ruleIsolation)
	}
	for _, q := range []store.ContactQuery{{}, {Key: a.Keys()[0]}, {Tag: a.Tags[0]}, {Status: a.Status}, {Words: contact.QueryWords(a.LastName)}} {
		if got, ok := e.listContacts(t, other, q, 0, 10, nil); ok && len(got) != 0 {
			t.Errorf("Contacts.List with %+v of a workspace with no contact: got %v, want none; %s", q, idsOf(got), ruleIsolation)
		}
	}
}

func testIsolationKeys(t *testing.T, e *env) {
	ws, other := newWorkspace(), newWorkspace()
	a := e.fullContact(t, ws)
	e.create(t, &a)
	b := e.fullContact(t, other)
	if err := e.tryCreate(t, &b); err != nil {
		t.Errorf("Contacts.Create with the email and phone of a live contact of another workspace: got err %v, want nil (a key belongs to at most one live contact of a workspace); %s", err, ruleIsolation)
	}
	for _, key := range a.Keys() {
		e.checkKeyOwner(t, ws, key, a.ID, "with two workspaces holding the key", ruleIsolation)
		e.checkKeyOwner(t, other, key, b.ID, "with two workspaces holding the key", ruleIsolation)
	}
	if err := e.tryDelete(t, other, b.ID, b.Version); err != nil {
		t.Fatalf("Contacts.Delete: got err %v, want nil", err)
	}
	for _, key := range a.Keys() {
		e.checkKeyOwner(t, ws, key, a.ID, "after the contact holding the key in another workspace was deleted", ruleIsolation)
	}
}

// testIsolationWorkspaceBytes creates one contact ID, with one email, in
// workspaces whose names differ only by case, a trailing space or the
// composition of an accent: workspaces are compared byte for byte, as every
// identity, so each holds a contact of its own (a workspace column under a
// case-insensitive or padding collation fails here).
func testIsolationWorkspaceBytes(t *testing.T, e *env) {
	base := newWorkspace()
	wss := []contact.WorkspaceID{base + "-a", base + "-A", base + "-a ", base + "-é", base + "-e\u0301"}
	id := newID()
	for i, ws := range wss {
		c := e.person(ws, fmt.Sprintf("Twin %d", i), "Bytes")
		c.ID, c.Email = id, mustEmail(t, "twin@bytes.example")
		if err := e.tryCreate(t, &c); err != nil {
			t.Errorf("Contacts.Create in workspace %q of a contact whose ID and email a contact of workspace %q has: got err %v, want nil; %s", ws, wss[0], err, ruleIsolation)
		}
	}
	for i, ws := range wss {
		got, err := e.get(t, ws, id)
		if want := fmt.Sprintf("Twin %d", i); err != nil || got.FirstName != want || got.Workspace != ws {
			t.Errorf("Contacts.Get in workspace %q: got %q of workspace %q, err %v, want %q of %q; %s", ws, got.FirstName, got.Workspace, err, want, ws, ruleIsolation)
		}
		if listed, ok := e.listContacts(t, ws, store.ContactQuery{}, 0, 10, nil); ok {
			checkEachOnce(t, fmt.Sprintf("Contacts.List of workspace %q, whose name others differ from by case, a trailing space or an accent's composition", ws), idsOf(listed), []contact.ID{id}, nil)
		}
	}
}
