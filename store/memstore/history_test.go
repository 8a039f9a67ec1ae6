package memstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// The Store keeps the history of a contact at the contact's ordinal while
// the workspace holds it, and by ID otherwise (before the contact is
// created, after it is deleted). These tests walk a history between the
// two, in committed transactions and in rolled-back ones.

const historyWS contact.WorkspaceID = "ws"

// Contacts of the tests of the history.
var (
	ada   = contact.ID{1}
	bob   = contact.ID{2}
	cid   = contact.ID{3}
	dee   = contact.ID{4}
	every = []contact.ID{ada, bob, cid, dee}
)

// A historyStep is one call of a test of the history: "append" appends to
// the history of contact id a change numbered n (its New), "create"
// creates the contact, "delete" deletes it (not its history), "forget"
// deletes its history (History.Delete); "list" checks, outside any
// transaction, that its history holds the changes numbered want.
type historyStep struct {
	do   string
	id   contact.ID
	n    int
	want []int
}

// run makes the call of st in tx.
func (st historyStep) run(ctx context.Context, tx store.Tx) error {
	switch st.do {
	case "append":
		return tx.History().Append(ctx, historyWS, numbered(st.id, st.n))
	case "create":
		c := contact.Contact{ID: st.id, Workspace: historyWS, FirstName: "Ada"}
		return tx.Contacts().Create(ctx, &c)
	case "delete":
		c, err := tx.Contacts().Get(ctx, historyWS, st.id)
		if err != nil {
			return err
		}
		return tx.Contacts().Delete(ctx, historyWS, st.id, c.Version)
	case "forget":
		return tx.History().Delete(ctx, historyWS, st.id)
	}
	return fmt.Errorf("unknown step %q", st.do)
}

// numbered returns the change numbered n of contact id.
func numbered(id contact.ID, n int) contact.Change {
	return contact.Change{
		Contact: id,
		Field:   contact.FieldCity,
		New:     strconv.Itoa(n),
		At:      time.Date(2026, 1, 1, 0, 0, n, 0, time.UTC),
	}
}

// historyOf returns the whole history of contact id, page by page.
func historyOf(t *testing.T, s *memstore.Store, id contact.ID) []contact.Change {
	t.Helper()
	var all []contact.Change
	err := s.View(t.Context(), func(tx store.Tx) error {
		p := store.PageRequest{Limit: 2}
		for {
			page, err := tx.History().List(t.Context(), historyWS, id, "", p)
			if err != nil {
				return err
			}
			all = append(all, page.Items...)
			if page.Next == "" {
				return nil
			}
			p.Cursor = page.Next
		}
	})
	if err != nil {
		t.Fatalf("History.List of %s: %v", id, err)
	}
	return all
}

// runSteps makes each call of steps in a transaction of its own, and
// checks each "list".
func runSteps(t *testing.T, s *memstore.Store, steps []historyStep) {
	t.Helper()
	for i, st := range steps {
		if st.do == "list" {
			want := []contact.Change{}
			for _, n := range st.want {
				want = append(want, numbered(st.id, n))
			}
			if got := historyOf(t, s, st.id); !slices.Equal(got, want) {
				t.Errorf("step %d: history of %s: got %v, want %v", i, st.id, got, want)
			}
			continue
		}
		if err := s.Update(t.Context(), func(tx store.Tx) error { return st.run(t.Context(), tx) }); err != nil {
			t.Fatalf("step %d: %s %s: %v", i, st.do, st.id, err)
		}
	}
}

func TestHistoryOutlivesContact(t *testing.T) {
	for _, tt := range []struct {
		name  string
		steps []historyStep
	}{
		{"appended before the contact exists", []historyStep{
			{do: "append", id: ada, n: 1},
			{do: "list", id: ada, want: []int{1}},
			{do: "create", id: ada},
			{do: "list", id: ada, want: []int{1}},
			{do: "append", id: ada, n: 2},
			{do: "delete", id: ada},
			{do: "list", id: ada, want: []int{1, 2}},
		}},
		{"kept after a delete, found when the contact is created again", []historyStep{
			{do: "create", id: ada},
			{do: "append", id: ada, n: 1},
			{do: "delete", id: ada},
			{do: "list", id: ada, want: []int{1}},
			{do: "append", id: ada, n: 2},
			{do: "create", id: ada},
			{do: "append", id: ada, n: 3},
			{do: "list", id: ada, want: []int{1, 2, 3}},
		}},
		{"an ordinal reused by another contact", []historyStep{
			// Bob takes the ordinal Ada's delete freed, the only free one.
			{do: "create", id: ada},
			{do: "append", id: ada, n: 1},
			{do: "delete", id: ada},
			{do: "create", id: bob},
			{do: "list", id: bob, want: nil},
			{do: "append", id: bob, n: 2},
			{do: "list", id: bob, want: []int{2}},
			{do: "list", id: ada, want: []int{1}},
			{do: "create", id: ada},
			{do: "list", id: ada, want: []int{1}},
		}},
		{"forgotten while the contact lives, then after", []historyStep{
			{do: "create", id: ada},
			{do: "append", id: ada, n: 1},
			{do: "forget", id: ada},
			{do: "list", id: ada, want: nil},
			{do: "append", id: ada, n: 2},
			{do: "delete", id: ada},
			{do: "forget", id: ada},
			{do: "create", id: ada},
			{do: "list", id: ada, want: nil},
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			runSteps(t, memstore.New(), tt.steps)
		})
	}
}

func TestHistoryRollback(t *testing.T) {
	// Every test starts from the same workspace: Ada lives with a history,
	// Bob has a history and no contact (appended before), Cid has a
	// history kept after his delete, Dee lives without one.
	setup := []historyStep{
		{do: "create", id: ada},
		{do: "append", id: ada, n: 1},
		{do: "append", id: ada, n: 2},
		{do: "append", id: bob, n: 3},
		{do: "create", id: cid},
		{do: "append", id: cid, n: 4},
		{do: "delete", id: cid},
		{do: "create", id: dee},
	}
	errBoom := errors.New("boom")
	for _, tt := range []struct {
		name  string
		steps []historyStep // in one transaction, rolled back
	}{
		{"appends", []historyStep{
			{do: "append", id: ada, n: 10},
			{do: "append", id: bob, n: 11},
			{do: "append", id: cid, n: 12},
			{do: "append", id: dee, n: 13},
			{do: "append", id: ada, n: 14},
		}},
		{"deletes, creations and creations again", []historyStep{
			{do: "append", id: ada, n: 10},
			{do: "delete", id: ada},
			{do: "append", id: ada, n: 11},
			{do: "create", id: bob}, // at the ordinal Ada freed
			{do: "append", id: bob, n: 12},
			{do: "create", id: ada},
			{do: "append", id: ada, n: 13},
			{do: "create", id: cid},
			{do: "append", id: cid, n: 14},
			{do: "delete", id: cid},
			{do: "delete", id: dee},
			{do: "append", id: dee, n: 15},
			{do: "create", id: cid},
			{do: "create", id: dee},
		}},
		{"forgotten histories", []historyStep{
			{do: "forget", id: ada},
			{do: "forget", id: bob},
			{do: "forget", id: cid},
			{do: "forget", id: dee},
		}},
		{"forgotten, then written again", []historyStep{
			{do: "forget", id: ada},
			{do: "delete", id: ada},
			{do: "append", id: ada, n: 10},
			{do: "create", id: ada},
			{do: "forget", id: bob},
			{do: "create", id: bob},
			{do: "append", id: bob, n: 11},
			{do: "delete", id: bob},
			{do: "create", id: cid},
			{do: "forget", id: cid},
			{do: "append", id: cid, n: 12},
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := t.Context()
			s := memstore.New()
			runSteps(t, s, setup)
			before := make(map[contact.ID][]contact.Change)
			for _, id := range every {
				before[id] = historyOf(t, s, id)
			}
			err := s.Update(ctx, func(tx store.Tx) error {
				for i, st := range tt.steps {
					if err := st.run(ctx, tx); err != nil {
						return fmt.Errorf("step %d: %s %s: %w", i, st.do, st.id, err)
					}
				}
				return errBoom
			})
			if err != errBoom {
				t.Fatalf("Update whose fn failed: got err %v, want fn's error", err)
			}
			for _, id := range every {
				if got := historyOf(t, s, id); !slices.Equal(got, before[id]) {
					t.Errorf("history of %s after the rollback: got %v, want %v", id, got, before[id])
				}
			}
			// The contacts are back where they were, each history with
			// its own: what comes next finds them there.
			runSteps(t, s, []historyStep{
				{do: "append", id: ada, n: 20},
				{do: "delete", id: ada},
				{do: "create", id: bob},
				{do: "list", id: bob, want: []int{3}},
				{do: "create", id: cid},
				{do: "append", id: cid, n: 21},
				{do: "list", id: cid, want: []int{4, 21}},
				{do: "delete", id: dee},
				{do: "list", id: dee, want: nil},
				{do: "create", id: ada},
				{do: "list", id: ada, want: []int{1, 2, 20}},
			})
		})
	}
}

// TestHistoryKeepsEveryChangeExactly checks that a change comes back from
// the history as it was appended, every text and the time's instant,
// location and monotonic reading alike: the Store packs a change whose
// time it can give back exactly and keeps the others whole.
func TestHistoryKeepsEveryChangeExactly(t *testing.T) {
	ctx := context.Background()
	s := memstore.New()
	base := time.Date(2026, 12, 7, 14, 30, 15, 123456789, time.UTC)
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		paris = time.FixedZone("CET", 3600)
	}
	long := strings.Repeat("é", 300) // a length of two uvarint bytes
	var changes []contact.Change
	add := func(at time.Time, field, old, new string) {
		changes = append(changes, contact.Change{
			Contact: ada, Field: field, Old: old, New: new, At: at,
			Actor: "user-7", Source: contact.ChangeImport, Reason: "reason " + field, Address: "a@example.com",
		})
	}
	add(base, contact.FieldCreated, "", "\x02a\tAda\nb\tLovelace")
	add(time.Time{}, "first_name", "", "")
	add(base.In(paris), "last_name", long, "x\x00y")
	add(base.Local(), "city", "Zürich", "İstanbul")
	add(time.Now(), "company", "with a monotonic reading", "kept whole")
	add(time.Unix(-1<<40, 7), "state", "before 1678", "")
	add(time.Unix(1<<40, 0), "state", "after 2262", "")
	// More locations than the Store keeps a table of.
	for k := range 80 {
		add(base.In(time.FixedZone(fmt.Sprintf("Z%d", k), k*60)), "custom.k"+strconv.Itoa(k), strconv.Itoa(k), "")
	}
	err = s.Update(ctx, func(tx store.Tx) error { return tx.History().Append(ctx, historyWS, changes...) })
	if err != nil {
		t.Fatal(err)
	}
	got := historyOf(t, s, ada)
	if len(got) != len(changes) {
		t.Fatalf("%d changes listed, want %d", len(got), len(changes))
	}
	for i := range changes {
		// == on the times: the same instant, location and monotonic reading.
		if got[i] != changes[i] {
			t.Errorf("change %d:\n got %#v\nwant %#v", i, got[i], changes[i])
		}
	}
	// A listing by field finds the changes of that field alone.
	err = s.View(ctx, func(tx store.Tx) error {
		page, err := tx.History().List(ctx, historyWS, ada, "state", store.PageRequest{})
		if err == nil && (len(page.Items) != 2 || page.Items[0] != changes[5] || page.Items[1] != changes[6]) {
			err = fmt.Errorf("changes of state: %#v", page.Items)
		}
		return err
	})
	if err != nil {
		t.Error(err)
	}
}
