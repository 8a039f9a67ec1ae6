package storetest

import (
	"errors"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

func contactCases() []testCase {
	return []testCase{
		{name: "Contacts/CreateSetsVersion", run: testContactsCreateSetsVersion},
		{name: "Contacts/RoundTrip", run: testContactsRoundTrip},
		{name: "Contacts/RoundTripTrashed", run: testContactsRoundTripTrashed},
		{name: "Contacts/GetMissing", run: testContactsGetMissing},
		{name: "Contacts/CreateDuplicateID", run: testContactsCreateDuplicateID},
		{name: "Contacts/UpdateVersion", run: testContactsUpdateVersion},
		{name: "Contacts/UpdateStaleVersion", run: testContactsUpdateStaleVersion},
		{name: "Contacts/UpdateMissing", run: testContactsUpdateMissing},
		{name: "Contacts/CreatePrecedence", run: testContactsCreatePrecedence},
		{name: "Contacts/UpdatePrecedence", run: testContactsUpdatePrecedence},
		{name: "Contacts/DeletePrecedence", run: testContactsDeletePrecedence},
		{name: "Contacts/ReadPrecedence", run: testContactsReadPrecedence},
		{name: "Contacts/Delete", run: testContactsDelete},
		{name: "Contacts/KeyTaken", run: testContactsTaken},
		{name: "Contacts/KeepOwnKeys", run: testContactsKeepOwn},
		{name: "Contacts/NoEmailNoPhoneNotUnique", run: testContactsNoEmailNoPhone},
		{name: "Contacts/ReleaseKeyOnChange", run: testContactsReleaseKey},
		{name: "Contacts/ListByKey", run: testContactsListByKey},
		{name: "Contacts/ListPagesVisitEachOnce", run: testContactsListPages},
		{name: "Contacts/ListWhileWriting", run: testContactsListWhileWriting},
		{name: "Contacts/ListFilters", run: testContactsListFilters},
		{name: "Contacts/ListWordsAfterUpdate", run: testContactsListWordsAfterUpdate},
		{name: "Contacts/ListWordsWhileWriting", run: testContactsListWordsWhileWriting},
		{name: "Contacts/ListInvalidCursor", run: testContactsListInvalidCursor},
		{name: "Contacts/ListCursorElsewhere", run: testContactsListCursorElsewhere},
		{name: "Contacts/ListPageBounds", run: testContactsListPageBounds},
		{name: "Contacts/DeletedBeforeZones", run: testContactsDeletedBeforeZones},
		{name: "Contacts/Copies", run: testContactsCopies},
	}
}

func trashCases() []testCase {
	return []testCase{
		{name: "Trash/FreesKeys", run: testTrashFreesKeys},
		{name: "Trash/TrashedDoNotCollide", run: testTrashTrashedDoNotCollide},
		{name: "Trash/RestoreTaken", run: testTrashRestoreTaken},
		{name: "Trash/RestoreFree", run: testTrashRestoreFree},
	}
}

func testContactsRoundTripTrashed(t *testing.T, e *env) {
	ws := newWorkspace()
	c := e.trashedContact(t, ws)
	checkAllSet(t, c)
	want := c.Clone()
	e.create(t, &c)
	want.Version = 1
	if got := e.mustGet(t, ws, c.ID); diff(got, want) != "" {
		t.Errorf("Contacts.Get after Contacts.Create of a contact in the trash: the contact did not survive the round trip: %s", diff(got, want))
	}
	if got, ok := e.listContacts(t, ws, store.ContactQuery{Trashed: true}, 0, 10, nil); ok {
		if len(got) != 1 {
			t.Errorf("Contacts.List with ContactQuery{Trashed: true} of a workspace with one contact in the trash: got %d contacts, want 1", len(got))
		} else if d := diff(got[0], want); d != "" {
			t.Errorf("Contacts.List with ContactQuery{Trashed: true}: the contact did not survive the round trip: %s", d)
		}
	}
	// Out of the trash and back by Update.
	restore(&c)
	e.save(t, &c)
	want = c.Clone()
	if got := e.mustGet(t, ws, c.ID); diff(got, want) != "" {
		t.Errorf("Contacts.Get after Contacts.Update took a contact out of the trash: %s", diff(got, want))
	}
	e.trashAt(&c, 7)
	e.save(t, &c)
	want = c.Clone()
	if got := e.mustGet(t, ws, c.ID); diff(got, want) != "" {
		t.Errorf("Contacts.Get after Contacts.Update moved a contact to the trash: %s", diff(got, want))
	}
}

func testTrashFreesKeys(t *testing.T, e *env) {
	const rule = "moving a contact to the trash frees its keys for others"
	ws := newWorkspace()
	a := e.fullContact(t, ws)
	e.create(t, &a)
	keys := a.Keys()
	e.trashAt(&a, 1)
	e.save(t, &a)
	for _, key := range keys {
		e.checkKeyOwner(t, ws, key, contact.ID{}, "after the contact moved to the trash", "only live contacts hold their keys")
	}
	b := e.person(ws, "Grace", "Hopper")
	b.Email, b.Phone, b.OtherEmails, b.OtherPhones = a.Email, a.Phone, a.OtherEmails, a.OtherPhones
	if err := e.tryCreate(t, &b); err != nil {
		t.Errorf("Contacts.Create with the emails and phones of a contact in the trash: got err %v, want nil; %s", err, rule)
	}
	for _, key := range keys {
		e.checkKeyOwner(t, ws, key, b.ID, "after a live contact took the keys of one in the trash", rule)
	}

	// Within one transaction: trash one, give its keys to another.
	ctx := t.Context()
	c := e.person(ws, "Alan", "Turing")
	c.Email = mustEmail(t, "alan@example.org")
	d := e.person(ws, "Hedy", "Lamarr")
	e.create(t, &c)
	e.create(t, &d)
	err := e.s.Update(ctx, func(tx store.Tx) error {
		cc, dd := c.Clone(), d.Clone()
		e.trashAt(&cc, 2)
		if err := tx.Contacts().Update(ctx, &cc); err != nil {
			return err
		}
		dd.Email = c.Email
		return tx.Contacts().Update(ctx, &dd)
	})
	if err != nil {
		t.Errorf("Contacts.Update moving a contact to the trash, then Contacts.Update giving its email to another, in one transaction: got err %v, want nil; %s", err, rule)
	}
}

func testTrashTrashedDoNotCollide(t *testing.T, e *env) {
	ws := newWorkspace()
	a := e.fullContact(t, ws)
	e.trashAt(&a, 1)
	e.create(t, &a)
	b := e.fullContact(t, ws)
	e.trashAt(&b, 2)
	if err := e.tryCreate(t, &b); err != nil {
		t.Errorf("Contacts.Create in the trash of a contact with the email and phone of another in the trash: got err %v, want nil (only live contacts hold their keys)", err)
	}
	c := e.fullContact(t, ws)
	if err := e.tryCreate(t, &c); err != nil {
		t.Errorf("Contacts.Create of a live contact with the email and phone of contacts in the trash: got err %v, want nil", err)
	}
	b.FirstName = "Still in the trash"
	if err := e.tryUpdate(t, &b); err != nil {
		t.Errorf("Contacts.Update of a contact in the trash whose email and phone a live contact holds: got err %v, want nil (a contact in the trash is never taken from)", err)
	}
	d := e.fullContact(t, ws)
	e.trashAt(&d, 3)
	if err := e.tryCreate(t, &d); err != nil {
		t.Errorf("Contacts.Create in the trash of a contact whose email and phone a live contact holds: got err %v, want nil (a *store.TakenError only when the contact created is live)", err)
	}
	e.checkKeyOwner(t, ws, contact.EmailKey(c.Email), c.ID, "after Contacts.Create in the trash of a contact with the email of a live one", "only live contacts hold their keys")
}

func testTrashRestoreTaken(t *testing.T, e *env) {
	ws := newWorkspace()
	a := e.person(ws, "Ada", "Lovelace")
	a.Email, a.Phone = mustEmail(t, "ada@example.org"), phoneN(t, 1)
	e.create(t, &a)
	e.trashAt(&a, 1)
	e.save(t, &a)
	b := e.person(ws, "Grace", "Hopper")
	b.Phone = a.Phone
	e.create(t, &b)
	before := e.mustGet(t, ws, a.ID)
	r := before.Clone()
	restore(&r)
	checkTaken(t, "Contacts.Update taking a contact out of the trash", "phone", e.tryUpdate(t, &r), contact.PhoneKey(a.Phone), b.ID)
	if got := e.mustGet(t, ws, a.ID); diff(got, before) != "" {
		t.Errorf("Contacts.Update taking a contact out of the trash, refused with a TakenError, wrote: %s (nothing is written)", diff(got, before))
	}
	e.checkKeyOwner(t, ws, contact.EmailKey(a.Email), contact.ID{}, "after a refused restore", "nothing is written")
}

func testTrashRestoreFree(t *testing.T, e *env) {
	ws := newWorkspace()
	a := e.fullContact(t, ws)
	e.create(t, &a)
	e.trashAt(&a, 1)
	e.save(t, &a)
	restore(&a)
	if err := e.tryUpdate(t, &a); err != nil {
		t.Fatalf("Contacts.Update taking a contact out of the trash, its keys free: got err %v, want nil", err)
	}
	for _, key := range a.Keys() {
		e.checkKeyOwner(t, ws, key, a.ID, "after the contact came out of the trash", "a live contact holds its keys")
	}
	if _, ok := errors.AsType[*store.TakenError](e.tryCreate(t, &contact.Contact{ID: newID(), Workspace: ws, Email: a.Email, FirstName: "Copy"})); !ok {
		t.Errorf("Contacts.Create with the email of a contact taken out of the trash: got no *store.TakenError, want one")
	}
}
