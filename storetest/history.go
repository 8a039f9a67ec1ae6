package storetest

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// checkChanges reports a history listing that is not want, in order.
func checkChanges(t *testing.T, what string, got, want []contact.Change) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: got %d changes, want %d", what, len(got), len(want))
		return
	}
	for i := range got {
		if d := diff(got[i], want[i]); d != "" {
			t.Errorf("%s: change %d is not the one appended %d-th: %s (the changes come back as appended, in the order they were appended)", what, i, i, d)
			return
		}
	}
}

func (e *env) appendHistory(t *testing.T, ws contact.WorkspaceID, changes ...contact.Change) {
	t.Helper()
	ctx := t.Context()
	e.update(t, "History.Append", func(tx store.Tx) error { return tx.History().Append(ctx, ws, changes...) })
}

func testHistoryAppendOrder(t *testing.T, e *env) {
	ws := newWorkspace()
	ctx := t.Context()
	x := e.person(ws, "Ada", "Lovelace")
	y := e.person(ws, "Grace", "Hopper")
	e.create(t, &x)
	e.create(t, &y)
	x1 := e.change(x.ID, contact.FieldFirstName, "", "Ada", 1)
	y1 := e.change(y.ID, contact.FieldFirstName, "", "Grace", 2)
	x2 := e.change(x.ID, contact.FieldEmail, "", "ada@example.org", 3)
	x3 := e.change(x.ID, contact.FieldTags, "", "VIP, Été", 4)
	x3.Source, x3.Actor = contact.ChangeImport, ""
	y2 := e.change(y.ID, contact.CustomFieldPrefix+"plan", "silver", "gold", 5)
	y2.Source = contact.ChangeAutomation
	x4 := e.change(x.ID, contact.FieldFirstName, "Ada", "Augusta", 0)
	x4.Source = contact.ChangeUI

	e.appendHistory(t, ws, x1, y1, x2)
	e.appendHistory(t, ws, x3)
	e.update(t, "History.Append twice in one transaction", func(tx store.Tx) error {
		if err := tx.History().Append(ctx, ws, y2); err != nil {
			return err
		}
		return tx.History().Append(ctx, ws, x4)
	})
	e.appendHistory(t, ws) // appending nothing is no change
	// Append keeps none of the slice it is given: the caller's next use
	// of it changes nothing stored.
	room := []contact.Change{e.change(y.ID, contact.FieldCity, "", "Arlington", 6)}
	y3 := room[0]
	e.appendHistory(t, ws, room...)
	room[0] = e.change(x.ID, contact.FieldCity, "", "London", 7)
	room[0].New = "written over"

	if got, ok := e.listHistory(t, ws, x.ID, "", 0, 10); ok {
		checkChanges(t, "History.List of a contact", got, []contact.Change{x1, x2, x3, x4})
	}
	if got, ok := e.listHistory(t, ws, y.ID, "", 0, 10); ok {
		checkChanges(t, "History.List of another contact whose changes were appended in between, the last from a slice written over since", got, []contact.Change{y1, y2, y3})
	}
}

func testHistoryFieldFilter(t *testing.T, e *env) {
	ws := newWorkspace()
	x := e.person(ws, "Ada", "Lovelace")
	e.create(t, &x)
	changes := []contact.Change{
		e.change(x.ID, contact.FieldEmail, "", "ada@example.org", 1),
		e.change(x.ID, contact.FieldFirstName, "", "Ada", 2),
		e.change(x.ID, contact.FieldEmail, "ada@example.org", "augusta@example.org", 3),
		e.change(x.ID, contact.CustomFieldPrefix+"plan", "", "gold", 4),
		e.change(x.ID, contact.FieldEmail, "augusta@example.org", "", 5),
	}
	e.appendHistory(t, ws, changes[:3]...)
	e.appendHistory(t, ws, changes[3:]...)
	for _, c := range []struct {
		field string
		want  []contact.Change
	}{
		{contact.FieldEmail, []contact.Change{changes[0], changes[2], changes[4]}},
		{contact.FieldFirstName, []contact.Change{changes[1]}},
		{contact.CustomFieldPrefix + "plan", []contact.Change{changes[3]}},
		{contact.FieldCity, nil},
		{"", changes},
	} {
		for _, limit := range []int{1, 0} {
			what := fmt.Sprintf("History.List of field %q with Limit %d", c.field, limit)
			if got, ok := e.listHistory(t, ws, x.ID, c.field, limit, 20); ok {
				checkChanges(t, what+" (only the changes of that field, in the order appended)", got, c.want)
			}
		}
	}
}

func testHistoryListPages(t *testing.T, e *env) {
	ws := newWorkspace()
	x := e.person(ws, "Ada", "Lovelace")
	e.create(t, &x)
	var want []contact.Change
	for i := range 10 {
		want = append(want, e.change(x.ID, contact.FieldCity, fmt.Sprintf("City %d", i), fmt.Sprintf("City %d", i+1), i))
	}
	e.appendHistory(t, ws, want[:4]...)
	e.appendHistory(t, ws, want[4:]...)
	for _, limit := range []int{1, 3, 0} {
		what := fmt.Sprintf("History.List with Limit %d, paging through every page", limit)
		if got, ok := e.listHistory(t, ws, x.ID, "", limit, 30); ok {
			checkChanges(t, what, got, want)
		}
	}
}

func testHistoryEmptyContact(t *testing.T, e *env) {
	ws := newWorkspace()
	ctx := t.Context()
	x := e.person(ws, "Ada", "Lovelace")
	e.create(t, &x)
	for _, c := range []struct {
		what  string
		id    contact.ID
		field string
	}{
		{"a stored contact with no history", x.ID, ""},
		{"one field of a stored contact with no history", x.ID, contact.FieldEmail},
		{"an ID never stored", newID(), ""},
	} {
		var got []contact.Change
		err := e.s.View(ctx, func(tx store.Tx) error {
			var err error
			got, err = readAll(store.PageRequest{}, func(p store.PageRequest) (store.Page[contact.Change], error) {
				return tx.History().List(ctx, ws, c.id, c.field, p)
			})
			return err
		})
		if err != nil || len(got) != 0 {
			t.Errorf("History.List of %s: got %d changes over every page, err %v, want none and nil (a contact with no history gives an empty page, not ErrNotFound)", c.what, len(got), err)
		}
	}
}

func testHistoryListInvalidCursor(t *testing.T, e *env) {
	ws := newWorkspace()
	ctx := t.Context()
	x, y := e.person(ws, "Ada", "Lovelace"), e.person(ws, "Grace", "Hopper")
	e.create(t, &x)
	e.create(t, &y)
	e.appendHistory(t, ws, e.change(x.ID, contact.FieldCity, "", "Lyon", 1), e.change(x.ID, contact.FieldCity, "Lyon", "Paris", 2))
	e.appendHistory(t, ws, e.change(y.ID, contact.FieldCity, "", "Nice", 3), e.change(y.ID, contact.FieldCity, "Nice", "Metz", 4))
	// A cursor the store handed out for the history of another contact
	// belongs to another listing.
	var ofY string
	e.view(t, "History.List of another contact", func(tx store.Tx) error {
		page, err := tx.History().List(ctx, ws, y.ID, "", store.PageRequest{Limit: 1})
		ofY = page.Next
		return err
	})
	if ofY == "" {
		t.Fatalf("History.List of two changes with Limit 1: no Next cursor")
	}
	for _, cursor := range append([]string{"storetest-not-a-cursor", "\xff\x00\xfe", ofY}, e.foreignCursors(t, "History.List")...) {
		err := e.s.View(ctx, func(tx store.Tx) error {
			_, err := tx.History().List(ctx, ws, x.ID, "", store.PageRequest{Cursor: cursor, Limit: 1})
			return err
		})
		if !errors.Is(err, store.ErrInvalidCursor) {
			t.Errorf("History.List with cursor %q, which the store did not hand out for this listing: got err %v, want store.ErrInvalidCursor", cursor, err)
		}
	}
}

func testHistoryDelete(t *testing.T, e *env) {
	ws := newWorkspace()
	ctx := t.Context()
	x, y := e.person(ws, "Ada", "Lovelace"), e.person(ws, "Grace", "Hopper")
	e.create(t, &x)
	e.create(t, &y)
	xs := []contact.Change{e.change(x.ID, contact.FieldCity, "", "Lyon", 1), e.change(x.ID, contact.FieldCity, "Lyon", "Paris", 2)}
	ys := []contact.Change{e.change(y.ID, contact.FieldCity, "", "Nice", 3)}
	e.appendHistory(t, ws, xs[0], ys[0], xs[1])
	e.update(t, "History.Delete", func(tx store.Tx) error { return tx.History().Delete(ctx, ws, x.ID) })
	if got, ok := e.listHistory(t, ws, x.ID, "", 0, 10); ok && len(got) != 0 {
		t.Errorf("History.List after History.Delete of the contact: got %d changes, want none (Delete removes every change of the contact)", len(got))
	}
	if got, ok := e.listHistory(t, ws, y.ID, "", 0, 10); ok {
		checkChanges(t, "History.List of another contact after History.Delete of one", got, ys)
	}
	for _, id := range []contact.ID{x.ID, newID()} {
		if err := e.s.Update(ctx, func(tx store.Tx) error { return tx.History().Delete(ctx, ws, id) }); err != nil {
			t.Errorf("History.Delete of a contact with no history: got err %v, want nil (a contact with no history is not an error)", err)
		}
	}
	// Appending again starts a new history.
	again := e.change(x.ID, contact.FieldCity, "Paris", "Rome", 4)
	e.appendHistory(t, ws, again)
	if got, ok := e.listHistory(t, ws, x.ID, "", 0, 10); ok {
		checkChanges(t, "History.List of a contact whose history was deleted, then appended to", got, []contact.Change{again})
	}
}

func testHistoryIsolation(t *testing.T, e *env) {
	ws, other := newWorkspace(), newWorkspace()
	ctx := t.Context()
	x := e.person(ws, "Ada", "Lovelace")
	e.create(t, &x)
	twin := x.Clone()
	twin.Workspace, twin.Version = other, 0
	e.create(t, &twin)
	mine := []contact.Change{e.change(x.ID, contact.FieldCity, "", "Lyon", 1)}
	theirs := []contact.Change{e.change(x.ID, contact.FieldCity, "", "Oslo", 2)}
	e.appendHistory(t, ws, mine...)
	e.appendHistory(t, other, theirs...)
	const rule = "identity is the pair (workspace, ID): the history of a contact of another workspace is another history"
	if got, ok := e.listHistory(t, ws, x.ID, "", 0, 10); ok {
		checkChanges(t, "History.List of a contact whose ID another workspace also has; "+rule, got, mine)
	}
	e.update(t, "History.Delete", func(tx store.Tx) error { return tx.History().Delete(ctx, other, x.ID) })
	if got, ok := e.listHistory(t, ws, x.ID, "", 0, 10); ok {
		checkChanges(t, "History.List of a contact after History.Delete of the same ID in another workspace; "+rule, got, mine)
	}
}

func historyCases() []testCase {
	return []testCase{
		{name: "History/AppendOrder", run: testHistoryAppendOrder},
		{name: "History/FieldFilter", run: testHistoryFieldFilter},
		{name: "History/ListPages", run: testHistoryListPages},
		{name: "History/EmptyContact", run: testHistoryEmptyContact},
		{name: "History/ListInvalidCursor", run: testHistoryListInvalidCursor},
		{name: "History/Delete", run: testHistoryDelete},
		{name: "History/Isolation", run: testHistoryIsolation},
		{name: "History/Orphans", run: testHistoryOrphans},
		{name: "History/ListPageBounds", run: testHistoryListPageBounds},
		{name: "History/Precedence", run: testHistoryPrecedence},
	}
}

// testHistoryOrphans appends changes of a contact never stored, and
// deletes a contact with a history: History.Append does not check that the
// contacts exist, and Contacts.Delete touches nothing but the contact (the
// caller removes the rest), so both histories are listed as appended.
func testHistoryOrphans(t *testing.T, e *env) {
	ws := newWorkspace()
	ctx := t.Context()
	x := e.person(ws, "Ada", "Lovelace")
	e.create(t, &x)
	never := newID()
	xs := []contact.Change{e.change(x.ID, contact.FieldCity, "", "Lyon", 1), e.change(x.ID, contact.FieldCity, "Lyon", "Paris", 2)}
	ns := []contact.Change{e.change(never, contact.FieldCity, "", "Oslo", 3)}
	err := e.s.Update(ctx, func(tx store.Tx) error { return tx.History().Append(ctx, ws, append(slices.Clone(xs), ns...)...) })
	if err != nil {
		t.Fatalf("History.Append of changes of a stored contact and of a contact never stored: got err %v, want nil (Append does not check that the contacts exist)", err)
	}
	if err := e.tryDelete(t, ws, x.ID, x.Version); err != nil {
		t.Fatalf("Contacts.Delete of a contact with a history: got err %v, want nil", err)
	}
	if got, ok := e.listHistory(t, ws, x.ID, "", 0, 10); ok {
		checkChanges(t, "History.List of a contact after Contacts.Delete of it (Delete touches nothing else: the caller removes the contact's other records)", got, xs)
	}
	if got, ok := e.listHistory(t, ws, never, "", 0, 10); ok {
		checkChanges(t, "History.List of a contact never stored, whose changes were appended (Append does not check that the contacts exist)", got, ns)
	}
}

// testHistoryListPageBounds lists a history of more changes than
// store.MaxLimit: a page holds at most store.DefaultLimit changes when the
// Limit is zero or negative, and at most store.MaxLimit whatever the Limit.
func testHistoryListPageBounds(t *testing.T, e *env) {
	ws := newWorkspace()
	x := e.person(ws, "Ada", "Lovelace")
	e.create(t, &x)
	want := make([]contact.Change, store.MaxLimit+1)
	for i := range want {
		want[i] = e.change(x.ID, contact.FieldCity, fmt.Sprintf("City %d", i), fmt.Sprintf("City %d", i+1), i)
	}
	e.appendHistory(t, ws, want...)
	for _, limit := range pageBoundLimits {
		if got, ok := e.listHistory(t, ws, x.ID, "", limit, 2*store.MaxLimit); ok {
			checkChanges(t, fmt.Sprintf("History.List of %d changes with Limit %d", len(want), limit), got, want)
		}
	}
}
