package storetest

import (
	"errors"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// The Isolation cases certify rule P1: a record of another workspace behaves
// exactly as one that does not exist.

const p1 = "a record of another workspace behaves exactly as one that does not exist (P1)"

func testIsolationID(t *testing.T, e *env) {
	a, b := newWorkspace(), newWorkspace()
	c := e.fullContact(t, a)
	e.create(t, &c)

	if _, err := e.get(t, b, c.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Contacts.Get from another workspace than the contact's: got err %v, want store.ErrNotFound; %s", err, p1)
	}
	w := c.Clone()
	w.Workspace = b
	w.FirstName = "Intruder"
	if err := e.tryUpdate(t, &w); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Contacts.Update of a contact of another workspace: got err %v, want store.ErrNotFound; %s", err, p1)
	}
	if got := e.mustGet(t, a, c.ID); got.FirstName != c.FirstName || got.Version != 1 {
		t.Errorf("Contacts.Update from another workspace changed the contact: %q at version %d, want %q at version 1; %s", got.FirstName, got.Version, c.FirstName, p1)
	}
}

func testIsolationEmail(t *testing.T, e *env) {
	a, b := newWorkspace(), newWorkspace()
	x := mustEmail(t, "shared@example.org")
	ca := e.person(a, "Ada", "Lovelace")
	ca.Email = x
	e.create(t, &ca)

	if got, err := e.byEmail(t, b, x); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Contacts.ByEmail from another workspace than the contact's: got contact %s of workspace %q, err %v, want store.ErrNotFound; %s", got.ID, got.Workspace, err, p1)
	}
	cb := e.person(b, "Grace", "Hopper")
	cb.Email = x
	if err := e.tryCreate(t, &cb); err != nil {
		t.Fatalf("Contacts.Create with an email a contact of another workspace holds: got err %v, want nil (C9 is per workspace; %s)", err, p1)
	}
	if got, err := e.byEmail(t, a, x); err != nil || got.ID != ca.ID {
		t.Errorf("Contacts.ByEmail in workspace A of an email both workspaces use: got %s, err %v, want %s", got.ID, err, ca.ID)
	}
	if got, err := e.byEmail(t, b, x); err != nil || got.ID != cb.ID {
		t.Errorf("Contacts.ByEmail in workspace B of an email both workspaces use: got %s, err %v, want %s", got.ID, err, cb.ID)
	}
	cb.FirstName = "Amazing Grace"
	if err := e.tryUpdate(t, &cb); err != nil {
		t.Errorf("Contacts.Update of a contact whose email a contact of another workspace holds: got err %v, want nil (C9 is per workspace)", err)
	}
}

func testIsolationPhone(t *testing.T, e *env) {
	a, b := newWorkspace(), newWorkspace()
	x := phoneN(t, 42)
	ca := e.person(a, "Ada", "Lovelace")
	ca.Phone = x
	e.create(t, &ca)

	if got, err := e.byPhone(t, b, x); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Contacts.ByPhone from another workspace than the contact's: got contact %s of workspace %q, err %v, want store.ErrNotFound; %s", got.ID, got.Workspace, err, p1)
	}
	cb := e.person(b, "Grace", "Hopper")
	cb.Phone = x
	if err := e.tryCreate(t, &cb); err != nil {
		t.Fatalf("Contacts.Create with a phone a contact of another workspace holds: got err %v, want nil (C9 is per workspace; %s)", err, p1)
	}
	if got, err := e.byPhone(t, a, x); err != nil || got.ID != ca.ID {
		t.Errorf("Contacts.ByPhone in workspace A of a phone both workspaces use: got %s, err %v, want %s", got.ID, err, ca.ID)
	}
	if got, err := e.byPhone(t, b, x); err != nil || got.ID != cb.ID {
		t.Errorf("Contacts.ByPhone in workspace B of a phone both workspaces use: got %s, err %v, want %s", got.ID, err, cb.ID)
	}
}

func testIsolationList(t *testing.T, e *env) {
	a, b := newWorkspace(), newWorkspace()
	vip := mustTag(t, "VIP")
	as := e.createMany(t, a, 3)
	bs := e.createMany(t, b, 2)
	tagged := e.person(a, "Tagged", "In A")
	tagged.Tags = tag.Set{vip}
	e.create(t, &tagged)
	as = append(as, tagged)

	for _, x := range []struct {
		name string
		ws   contact.WorkspaceID
		q    store.ContactQuery
		want []contact.Contact
	}{
		{"workspace A", a, store.ContactQuery{}, as},
		{"workspace B", b, store.ContactQuery{}, bs},
		{"workspace B, Tag held in A only", b, store.ContactQuery{Tag: vip}, nil},
		{"workspace B, Text of A's contacts", b, store.ContactQuery{Text: contact.FoldQuery("in a")}, nil},
	} {
		what := "Contacts.List of " + x.name + " (the listing of one workspace holds none of another's; P1)"
		got, ok := e.listContacts(t, x.ws, x.q, 2, 20, nil)
		if ok {
			checkEachOnce(t, what, idsOf(got), idsOf(x.want), nil)
		}
	}
}

func testIsolationTags(t *testing.T, e *env) {
	a, b := newWorkspace(), newWorkspace()
	ctx := t.Context()
	vip := mustTag(t, "VIP")
	at := e.baseTime()
	e.update(t, "setup: Tags.Create", func(tx store.Tx) error {
		return tx.Tags().Create(ctx, a, tag.Tag{Name: vip, CreatedAt: at})
	})

	var getErr, delErr error
	_ = e.s.View(ctx, func(tx store.Tx) error {
		_, getErr = tx.Tags().Get(ctx, b, vip)
		return nil
	})
	if !errors.Is(getErr, store.ErrNotFound) {
		t.Errorf("Tags.Get from another workspace than the tag's: got err %v, want store.ErrNotFound; %s", getErr, p1)
	}
	if got, ok := e.listTags(t, b, 0, 10); ok && len(got) != 0 {
		t.Errorf("Tags.List of a workspace with no tags, while another has one: got %d tags, want 0; %s", len(got), p1)
	}
	_ = e.s.Update(ctx, func(tx store.Tx) error {
		delErr = tx.Tags().Delete(ctx, b, vip)
		return nil
	})
	if !errors.Is(delErr, store.ErrNotFound) {
		t.Errorf("Tags.Delete from another workspace than the tag's: got err %v, want store.ErrNotFound; %s", delErr, p1)
	}
	lower := mustTag(t, "vip")
	if err := e.s.Update(ctx, func(tx store.Tx) error {
		return tx.Tags().Create(ctx, b, tag.Tag{Name: lower, CreatedAt: at})
	}); err != nil {
		t.Errorf("Tags.Create of a tag another workspace has: got err %v, want nil (tags are per workspace; %s)", err, p1)
	}
	var got tag.Tag
	e.view(t, "Tags.Get", func(tx store.Tx) error {
		var err error
		got, err = tx.Tags().Get(ctx, a, vip)
		return err
	})
	if got.Name.String() != vip.String() {
		t.Errorf("Tags.Get in workspace A after workspace B made the same tag: got name %q, want %q; %s", got.Name, vip, p1)
	}
}

func testIsolationFields(t *testing.T, e *env) {
	a, b := newWorkspace(), newWorkspace()
	ctx := t.Context()
	d := e.definition(t, "plan", 1)
	e.update(t, "setup: Fields.Create", func(tx store.Tx) error { return tx.Fields().Create(ctx, a, &d) })

	var getErr, listErr, updErr error
	var listed []field.Definition
	_ = e.s.View(ctx, func(tx store.Tx) error {
		_, getErr = tx.Fields().Get(ctx, b, d.Key)
		listed, listErr = tx.Fields().List(ctx, b)
		return nil
	})
	if !errors.Is(getErr, store.ErrNotFound) {
		t.Errorf("Fields.Get from another workspace than the definition's: got err %v, want store.ErrNotFound; %s", getErr, p1)
	}
	if listErr != nil || len(listed) != 0 {
		t.Errorf("Fields.List of a workspace with no definitions, while another has one: got %d definitions, err %v, want none and nil; %s", len(listed), listErr, p1)
	}
	w := d
	w.Label = "Intruder"
	_ = e.s.Update(ctx, func(tx store.Tx) error {
		updErr = tx.Fields().Update(ctx, b, &w)
		return nil
	})
	if !errors.Is(updErr, store.ErrNotFound) {
		t.Errorf("Fields.Update of a definition of another workspace: got err %v, want store.ErrNotFound; %s", updErr, p1)
	}
	other := e.definition(t, "plan", 2)
	other.Label = "Plan of B"
	if err := e.s.Update(ctx, func(tx store.Tx) error { return tx.Fields().Create(ctx, b, &other) }); err != nil {
		t.Errorf("Fields.Create of a key another workspace has: got err %v, want nil (definitions are per workspace; %s)", err, p1)
	}
	var got field.Definition
	e.view(t, "Fields.Get", func(tx store.Tx) error {
		var err error
		got, err = tx.Fields().Get(ctx, a, d.Key)
		return err
	})
	if got.Label != d.Label || got.Version != 1 {
		t.Errorf("Fields.Get in workspace A after workspace B wrote the same key: got label %q at version %d, want %q at version 1; %s", got.Label, got.Version, d.Label, p1)
	}
}

func testIsolationHistory(t *testing.T, e *env) {
	a, b := newWorkspace(), newWorkspace()
	ctx := t.Context()
	c := e.person(a, "Ada", "Lovelace")
	e.create(t, &c)
	e.update(t, "setup: History.Append", func(tx store.Tx) error {
		return tx.History().Append(ctx, a, e.change(c.ID, contact.FieldFirstName, "", "Ada", 1))
	})
	got, ok := e.listHistory(t, b, c.ID, "", 0, 10)
	if ok && len(got) != 0 {
		t.Errorf("History.List from another workspace than the contact's: got %d changes, want an empty page; %s", len(got), p1)
	}
	got, ok = e.listHistory(t, b, c.ID, contact.FieldFirstName, 0, 10)
	if ok && len(got) != 0 {
		t.Errorf("History.List of one field from another workspace than the contact's: got %d changes, want an empty page; %s", len(got), p1)
	}
}
