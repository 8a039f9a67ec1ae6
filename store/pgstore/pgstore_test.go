package pgstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/pgstore"
	"github.com/contactkit/contactkit/tag"
)

const ws = contact.WorkspaceID("ws-1")

func newID() contact.ID { return contact.ID(uuid.Must(uuid.NewV7())) }

// fullContact returns a contact with every field set, times with
// nanoseconds.
func fullContact(email string) contact.Contact {
	at := time.Date(2025, 3, 4, 5, 6, 7, 123456789, time.UTC)
	return contact.Contact{
		ID: newID(), Workspace: ws,
		FirstName: "Zoë", LastName: "O'Brien", Alias: "zo", Email: contact.MustParseEmail(email),
		Phone: contact.MustParsePhone("+33612345678", ""), Country: contact.MustParseCountry("FR"),
		Language: contact.MustParseLanguage("fr-FR"), BirthDate: field.Date{Year: 1990, Month: 2, Day: 3},
		City: "Paris", State: "IDF", Company: "Acme 100%_off", JobTitle: "CTO", Assignee: "u1",
		Source: contact.SourceImport, Avatar: "https://example.com/a.png", Status: contact.StatusActive,
		Channels: []contact.Channel{{Kind: "whatsapp", State: "active", ConnectedAt: at}},
		Tags:     tag.NewSet(tag.MustParseName("VIP"), tag.MustParseName("Lead")),
		Fields: map[field.Key]field.Value{
			field.MustParseKey("plan"):   field.Select("gold"),
			field.MustParseKey("colors"): field.Multiselect("red", "blue"),
			field.MustParseKey("seen"):   field.Datetime(at),
		},
		CreatedAt: at, UpdatedAt: at.Add(time.Nanosecond),
	}
}

func update(t *testing.T, s *pgstore.Store, fn func(tx store.Tx) error) error {
	t.Helper()
	return s.Update(t.Context(), fn)
}

func TestContactsCRUD(t *testing.T) {
	s := pgstore.NewTestStore(t, nil)
	c := fullContact("zoe@example.com")
	if err := update(t, s, func(tx store.Tx) error { return tx.Contacts().Create(t.Context(), &c) }); err != nil {
		t.Fatalf("Create: %v", err)
	}
	if c.Version != 1 {
		t.Errorf("Create set Version %d, want 1", c.Version)
	}
	var got contact.Contact
	err := s.View(t.Context(), func(tx store.Tx) (err error) {
		got, err = tx.Contacts().Get(t.Context(), ws, c.ID)
		return err
	})
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if !reflect.DeepEqual(got, c) {
		t.Errorf("Get = %+v\nwant %+v", got, c)
	}
	// Another workspace does not see it; creating the same ID there works.
	err = s.View(t.Context(), func(tx store.Tx) error {
		_, err := tx.Contacts().Get(t.Context(), "ws-2", c.ID)
		return err
	})
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get in another workspace: %v, want ErrNotFound", err)
	}
	dup := c
	dup.Version = 0
	err = update(t, s, func(tx store.Tx) error { return tx.Contacts().Create(t.Context(), &dup) })
	if !errors.Is(err, store.ErrAlreadyExists) {
		t.Errorf("Create twice: %v, want ErrAlreadyExists", err)
	}
	other := dup
	other.Workspace = "ws-2"
	if err := update(t, s, func(tx store.Tx) error { return tx.Contacts().Create(t.Context(), &other) }); err != nil {
		t.Errorf("Create same ID and keys in another workspace: %v", err)
	}

	// Update, stale update, and the error leaves the transaction usable.
	c.City = "Lyon"
	err = update(t, s, func(tx store.Tx) error {
		stale := c
		if err := tx.Contacts().Update(t.Context(), &c); err != nil {
			return err
		}
		if err := tx.Contacts().Update(t.Context(), &stale); !errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("stale Update: %v, want ErrConflict", err)
		}
		missing := fullContact("nobody@example.com")
		missing.Version = 1
		if err := tx.Contacts().Update(t.Context(), &missing); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("Update of a missing contact: %v, want ErrNotFound", err)
		}
		got, err := tx.Contacts().Get(t.Context(), ws, c.ID)
		if err != nil || got.City != "Lyon" || got.Version != 2 {
			return fmt.Errorf("Get after Update = %v v%d, %v; want Lyon v2", got.City, got.Version, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Delete.
	err = update(t, s, func(tx store.Tx) error {
		if err := tx.Contacts().Delete(t.Context(), ws, c.ID, 1); !errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("Delete with a stale version: %v, want ErrConflict", err)
		}
		if err := tx.Contacts().Delete(t.Context(), ws, c.ID, c.Version); err != nil {
			return err
		}
		if err := tx.Contacts().Delete(t.Context(), ws, c.ID, c.Version); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("Delete twice: %v, want ErrNotFound", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Its keys are free again.
	again := fullContact("zoe@example.com")
	if err := update(t, s, func(tx store.Tx) error { return tx.Contacts().Create(t.Context(), &again) }); err != nil {
		t.Errorf("Create with the keys of a deleted contact: %v", err)
	}
}

func TestContactsTaken(t *testing.T) {
	s := pgstore.NewTestStore(t, nil)
	a := fullContact("a@example.com")
	b := fullContact("b@example.com")
	b.Phone = contact.MustParsePhone("+33699999999", "")
	if err := update(t, s, func(tx store.Tx) error {
		return errors.Join(tx.Contacts().Create(t.Context(), &a), tx.Contacts().Create(t.Context(), &b))
	}); err != nil {
		t.Fatal(err)
	}
	c := fullContact("c@example.com") // a's phone
	err := update(t, s, func(tx store.Tx) error { return tx.Contacts().Create(t.Context(), &c) })
	taken, ok := errors.AsType[*store.TakenError](err)
	if !ok || taken.Key != contact.PhoneKey(a.Phone) || taken.Owner != a.ID || !errors.Is(err, store.ErrAlreadyExists) {
		t.Fatalf("Create with a's phone: %v, want TakenError{%s, %s}", err, contact.PhoneKey(a.Phone), a.ID)
	}
	// Update of b taking a's email: taken, and the transaction goes on.
	err = update(t, s, func(tx store.Tx) error {
		b2 := b
		b2.Email = a.Email
		err := tx.Contacts().Update(t.Context(), &b2)
		if te, ok := errors.AsType[*store.TakenError](err); !ok || te.Owner != a.ID || te.Key != contact.EmailKey(a.Email) {
			return fmt.Errorf("Update with a's email: %v, want TakenError by %s", err, a.ID)
		}
		// Trash a: its keys are free, b takes the email.
		a.DeletedAt = time.Date(2025, 1, 1, 0, 0, 0, 1, time.UTC)
		if err := tx.Contacts().Update(t.Context(), &a); err != nil {
			return err
		}
		if err := tx.Contacts().Update(t.Context(), &b2); err != nil {
			return fmt.Errorf("Update with the email of a trashed contact: %v", err)
		}
		// a cannot be restored while b holds its email.
		restored := a
		restored.DeletedAt = time.Time{}
		err = tx.Contacts().Update(t.Context(), &restored)
		if te, ok := errors.AsType[*store.TakenError](err); !ok || te.Owner != b.ID {
			return fmt.Errorf("restore a: %v, want TakenError by b", err)
		}
		// Key query finds the trashed one in the trash, the live one live.
		page, err := tx.Contacts().List(t.Context(), ws, store.ContactQuery{Key: contact.EmailKey(a.Email), Trashed: true}, store.PageRequest{})
		if err != nil || len(page.Items) != 1 || page.Items[0].ID != a.ID {
			return fmt.Errorf("List trash by key = %v, %v; want a", page.Items, err)
		}
		page, err = tx.Contacts().List(t.Context(), ws, store.ContactQuery{Key: contact.EmailKey(a.Email)}, store.PageRequest{})
		if err != nil || len(page.Items) != 1 || page.Items[0].ID != b.ID {
			return fmt.Errorf("List live by key = %v, %v; want b", page.Items, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestContactsListPagingAndQueries(t *testing.T) {
	s := pgstore.NewTestStore(t, nil)
	var all []contact.Contact
	for i := range 25 {
		c := fullContact(fmt.Sprintf("p%d@example.com", i))
		c.Phone = contact.Phone{}
		// Random UUIDs (v4), so that byte order differs from creation order.
		c.ID = contact.ID(uuid.New())
		if i%3 == 0 {
			c.Status = contact.StatusBlocked
		}
		if i%5 == 0 {
			c.Tags = nil
			c.Company = "Initech"
		}
		all = append(all, c)
	}
	if err := update(t, s, func(tx store.Tx) error {
		for i := range all {
			if err := tx.Contacts().Create(t.Context(), &all[i]); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(all, func(a, b contact.Contact) int { return a.ID.Compare(b.ID) })
	list := func(q store.ContactQuery, limit int) []contact.ID {
		var ids []contact.ID
		err := s.View(t.Context(), func(tx store.Tx) error {
			for c, err := range store.All(t.Context(), limit, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Contact], error) {
				return tx.Contacts().List(ctx, ws, q, p)
			}) {
				if err != nil {
					return err
				}
				ids = append(ids, c.ID)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("List(%+v): %v", q, err)
		}
		return ids
	}
	want := func(keep func(c *contact.Contact) bool) []contact.ID {
		var ids []contact.ID
		for i := range all {
			if keep(&all[i]) {
				ids = append(ids, all[i].ID)
			}
		}
		return ids
	}
	tests := []struct {
		name string
		q    store.ContactQuery
		keep func(c *contact.Contact) bool
	}{
		{"all", store.ContactQuery{}, func(*contact.Contact) bool { return true }},
		{"status", store.ContactQuery{Status: contact.StatusBlocked}, func(c *contact.Contact) bool { return c.Blocked() }},
		{"tag", store.ContactQuery{Tag: tag.MustParseName("vip")}, func(c *contact.Contact) bool { return len(c.Tags) > 0 }},
		{"words", store.ContactQuery{Words: contact.QueryWords("INITECH")}, func(c *contact.Contact) bool { return c.Company == "Initech" }},
		{"words no wildcard", store.ContactQuery{Words: []string{"a%e"}}, func(*contact.Contact) bool { return false }},
		{"words", store.ContactQuery{Words: contact.QueryWords("ACM Zoe")}, func(c *contact.Contact) bool { return c.Company != "Initech" }},
		{"words start words", store.ContactQuery{Words: []string{"cme"}}, func(*contact.Contact) bool { return false }},
		{"words all", store.ContactQuery{Words: []string{"init", "zo", "nobody"}}, func(*contact.Contact) bool { return false }},
		{"words no wildcard", store.ContactQuery{Words: []string{"_cme"}}, func(*contact.Contact) bool { return false }},
		{"assignee", store.ContactQuery{Assignee: "u1"}, func(*contact.Contact) bool { return true }},
		{"trash", store.ContactQuery{Trashed: true}, func(*contact.Contact) bool { return false }},
	}
	for _, tt := range tests {
		for _, limit := range []int{1, 7, 100} {
			if got, want := list(tt.q, limit), want(tt.keep); !slices.Equal(got, want) {
				t.Errorf("%s, pages of %d: List = %v\nwant %v (contact.ID.Compare order)", tt.name, limit, got, want)
			}
		}
		var n int
		if err := s.View(t.Context(), func(tx store.Tx) (err error) {
			n, err = store.CountContacts(t.Context(), tx, ws, tt.q)
			return err
		}); err != nil || n != len(want(tt.keep)) {
			t.Errorf("%s: Count = %d, %v; want %d", tt.name, n, err, len(want(tt.keep)))
		}
	}
	err := s.View(t.Context(), func(tx store.Tx) error {
		_, err := tx.Contacts().List(t.Context(), ws, store.ContactQuery{}, store.PageRequest{Cursor: "garbage"})
		return err
	})
	if !errors.Is(err, store.ErrInvalidCursor) {
		t.Errorf("List with a bad cursor: %v, want ErrInvalidCursor", err)
	}
}

func TestContactsDeletedBeforeIsExact(t *testing.T) {
	s := pgstore.NewTestStore(t, nil)
	at := time.Date(2025, 1, 1, 0, 0, 0, 500, time.UTC) // 500 ns: below PostgreSQL's microsecond
	c := fullContact("t@example.com")
	c.DeletedAt, c.DeletedBy = at, "u1"
	if err := update(t, s, func(tx store.Tx) error { return tx.Contacts().Create(t.Context(), &c) }); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		before time.Time
		want   int
	}{{at, 0}, {at.Add(time.Nanosecond), 1}, {at.Add(-time.Nanosecond), 0}, {at.Add(time.Second), 1}} {
		err := s.View(t.Context(), func(tx store.Tx) error {
			page, err := tx.Contacts().List(t.Context(), ws, store.ContactQuery{DeletedBefore: tt.before}, store.PageRequest{})
			if err == nil && len(page.Items) != tt.want {
				err = fmt.Errorf("got %d contacts, want %d", len(page.Items), tt.want)
			}
			return err
		})
		if err != nil {
			t.Errorf("DeletedBefore %s (deleted at %s): %v", tt.before.Format(time.RFC3339Nano), at.Format(time.RFC3339Nano), err)
		}
	}
}

func TestUUIDOrderIsByteOrder(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	ids := []contact.ID{}
	for _, s := range []string{"ffffffff-0000-0000-0000-000000000000", "00000000-0000-0000-0000-0000000000ff",
		"80000000-0000-0000-0000-000000000000", "7fffffff-ffff-ffff-ffff-ffffffffffff", "00000000-0000-0000-8000-000000000000"} {
		ids = append(ids, contact.MustParseID(s))
	}
	rows, err := pool.Query(t.Context(), `SELECT u FROM unnest($1::uuid[]) AS u ORDER BY u`, ids)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pgx.CollectRows(rows, pgx.RowTo[[16]byte])
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(ids, contact.ID.Compare)
	for i := range ids {
		if contact.ID(got[i]) != ids[i] {
			t.Fatalf("ORDER BY uuid = %x, want contact.ID.Compare order %v", got, ids)
		}
	}
}

func TestRecords(t *testing.T) {
	s := pgstore.NewTestStore(t, nil)
	ctx := t.Context()
	lst := list.List{ID: list.ID(uuid.New()), Name: "Newsletter", CreatedAt: time.Date(2025, 1, 1, 0, 0, 0, 1, time.UTC)}
	err := update(t, s, func(tx store.Tx) error {
		lists := store.Lists(tx.Records())
		if err := lists.Put(ctx, ws, &lst); err != nil {
			return err
		}
		if lst.Version != 1 {
			return fmt.Errorf("Put set Version %d, want 1", lst.Version)
		}
		again := lst
		again.Version = 0
		if err := lists.Put(ctx, ws, &again); !errors.Is(err, store.ErrAlreadyExists) {
			return fmt.Errorf("Put twice: %v, want ErrAlreadyExists", err)
		}
		lst.Name = "News"
		if err := lists.Put(ctx, ws, &lst); err != nil || lst.Version != 2 {
			return fmt.Errorf("Put update: %v, version %d", err, lst.Version)
		}
		stale := lst
		stale.Version = 1
		if err := lists.Put(ctx, ws, &stale); !errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("stale Put: %v, want ErrConflict", err)
		}
		got, err := lists.Get(ctx, ws, lst.ID)
		if err != nil || got != lst {
			return fmt.Errorf("Get = %+v, %v; want %+v", got, err, lst)
		}
		if _, err := lists.Get(ctx, "ws-2", lst.ID); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("Get in another workspace: %v, want ErrNotFound", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Unique keys, order by Keys.Order then ID in byte order, hidden records.
	k := store.KindTag // any kind: the records below hold tag.Tag values
	tg := func(n string) any { return tag.Tag{Name: tag.MustParseName(n)} }
	recs := []store.Record{
		{ID: "b", Keys: store.Keys{Order: "2", Unique: "u1"}, Value: tg("b")},
		{ID: "a", Keys: store.Keys{Order: "2"}, Value: tg("a")},
		{ID: "Z", Keys: store.Keys{Order: "2"}, Value: tg("Z")},
		{ID: "é", Keys: store.Keys{Order: "1"}, Value: tg("é")},
		{ID: "p", Keys: store.Keys{Order: "3", Parent: "P", Status: "s"}, Value: tg("p")},
	}
	err = update(t, s, func(tx store.Tx) error {
		for i := range recs {
			if err := tx.Records().Put(ctx, ws, k, &recs[i]); err != nil {
				return err
			}
		}
		dup := store.Record{ID: "c", Keys: store.Keys{Unique: "u1"}, Value: tg("c")}
		if err := tx.Records().Put(ctx, ws, k, &dup); !errors.Is(err, store.ErrAlreadyExists) {
			return fmt.Errorf("Put with a taken Unique: %v, want ErrAlreadyExists", err)
		}
		a := recs[1]
		a.Keys.Unique = "u1"
		if err := tx.Records().Put(ctx, ws, k, &a); !errors.Is(err, store.ErrAlreadyExists) {
			return fmt.Errorf("update to a taken Unique: %v, want ErrAlreadyExists", err)
		}
		b := recs[0] // keeps its own Unique
		if err := tx.Records().Put(ctx, ws, k, &b); err != nil {
			return fmt.Errorf("update keeping its Unique: %v", err)
		}
		recs[0] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	listIDs := func(q store.Query, limit int) []string {
		var ids []string
		err := s.View(ctx, func(tx store.Tx) error {
			for r, err := range store.All(ctx, limit, func(ctx context.Context, p store.PageRequest) (store.Page[store.Record], error) {
				return tx.Records().List(ctx, ws, k, q, p)
			}) {
				if err != nil {
					return err
				}
				ids = append(ids, r.ID)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("List(%+v): %v", q, err)
		}
		return ids
	}
	for _, limit := range []int{1, 2, 100} {
		if got, want := listIDs(store.Query{}, limit), []string{"é", "Z", "a", "b", "p"}; !slices.Equal(got, want) {
			t.Errorf("List, pages of %d = %q, want %q", limit, got, want)
		}
	}
	if got := listIDs(store.Query{Parent: "P", Status: "s"}, 10); !slices.Equal(got, []string{"p"}) {
		t.Errorf("List by parent and status = %q, want [p]", got)
	}
	if got := listIDs(store.Query{Unique: "u1"}, 10); !slices.Equal(got, []string{"b"}) {
		t.Errorf("List by unique = %q, want [b]", got)
	}
	err = s.View(ctx, func(tx store.Tx) error {
		page, err := tx.Records().List(ctx, ws, k, store.Query{}, store.PageRequest{Limit: 1})
		if err != nil {
			return err
		}
		_, err = tx.Records().List(ctx, ws, store.KindList, store.Query{}, store.PageRequest{Cursor: page.Next})
		return err
	})
	if !errors.Is(err, store.ErrInvalidCursor) {
		t.Errorf("List with the cursor of another kind: %v, want ErrInvalidCursor", err)
	}
	err = update(t, s, func(tx store.Tx) error {
		if err := tx.Records().Delete(ctx, ws, k, "a", 7); !errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("Delete stale: %v, want ErrConflict", err)
		}
		if err := tx.Records().Delete(ctx, ws, k, "a", 1); err != nil {
			return err
		}
		if err := tx.Records().Delete(ctx, ws, k, "a", 1); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("Delete twice: %v, want ErrNotFound", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestHistory(t *testing.T) {
	s := pgstore.NewTestStore(t, nil)
	ctx := t.Context()
	id, other := newID(), newID()
	at := time.Date(2025, 1, 1, 0, 0, 0, 1, time.UTC)
	var want []contact.Change
	err := update(t, s, func(tx store.Tx) error {
		for i := range 7 {
			ch := contact.Change{Contact: id, Field: []string{"city", "email"}[i%2], New: fmt.Sprint(i), At: at, Actor: "u", Source: contact.ChangeAPI}
			want = append(want, ch)
		}
		if err := tx.History().Append(ctx, ws, want[:3]...); err != nil {
			return err
		}
		if err := tx.History().Append(ctx, ws, contact.Change{Contact: other, Field: "city"}); err != nil {
			return err
		}
		return tx.History().Append(ctx, ws, want[3:]...)
	})
	if err != nil {
		t.Fatal(err)
	}
	read := func(fieldName string) []contact.Change {
		var got []contact.Change
		err := s.View(ctx, func(tx store.Tx) error {
			for c, err := range store.All(ctx, 2, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Change], error) {
				return tx.History().List(ctx, ws, id, fieldName, p)
			}) {
				if err != nil {
					return err
				}
				got = append(got, c)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := read(""); !reflect.DeepEqual(got, want) {
		t.Errorf("List = %+v\nwant %+v", got, want)
	}
	var cities []contact.Change
	for _, c := range want {
		if c.Field == "city" {
			cities = append(cities, c)
		}
	}
	if got := read("city"); !reflect.DeepEqual(got, cities) {
		t.Errorf("List city = %+v\nwant %+v", got, cities)
	}
	if err := update(t, s, func(tx store.Tx) error { return tx.History().Delete(ctx, ws, id) }); err != nil {
		t.Fatal(err)
	}
	if got := read(""); len(got) != 0 {
		t.Errorf("List after Delete = %v, want none", got)
	}
}

func TestViewIsReadOnly(t *testing.T) {
	s := pgstore.NewTestStore(t, nil)
	ctx := t.Context()
	c := fullContact("r@example.com")
	err := s.View(ctx, func(tx store.Tx) error {
		r := store.Record{ID: "x", Value: tag.Tag{}}
		for name, err := range map[string]error{
			"Contacts.Create": tx.Contacts().Create(ctx, &c),
			"Contacts.Update": tx.Contacts().Update(ctx, &c),
			"Contacts.Delete": tx.Contacts().Delete(ctx, ws, c.ID, 1),
			"Records.Put":     tx.Records().Put(ctx, ws, store.KindTag, &r),
			"Records.Delete":  tx.Records().Delete(ctx, ws, store.KindTag, "x", 1),
			"History.Append":  tx.History().Append(ctx, ws, contact.Change{Contact: c.ID}),
			"History.Delete":  tx.History().Delete(ctx, ws, c.ID),
		} {
			if !errors.Is(err, store.ErrReadOnly) {
				t.Errorf("%s in View: %v, want ErrReadOnly", name, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCanceledContext(t *testing.T) {
	s := pgstore.NewTestStore(t, nil)
	ctx, cancel := context.WithCancel(t.Context())
	called := false
	cancel()
	if err := s.Update(ctx, func(store.Tx) error { called = true; return nil }); err != context.Canceled || called {
		t.Errorf("Update with a done context = %v (fn called: %v), want context.Canceled unwrapped, fn not called", err, called)
	}
	err := update(t, s, func(tx store.Tx) error {
		c := fullContact("x@example.com")
		if err := tx.Contacts().Create(ctx, &c); err != context.Canceled {
			return fmt.Errorf("Create with a done context = %v, want context.Canceled", err)
		}
		if _, err := tx.Records().List(ctx, ws, store.KindTag, store.Query{}, store.PageRequest{}); err != context.Canceled {
			return fmt.Errorf("List with a done context = %v, want context.Canceled", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestRetriesInjected(t *testing.T) {
	s := pgstore.NewTestStore(t, &pgstore.Options{MaxRetries: 3, Backoff: time.Microsecond})
	ctx := t.Context()
	pgstore.FailCommits(s, 2)
	calls := 0
	c := fullContact("retry@example.com")
	err := s.Update(ctx, func(tx store.Tx) error {
		calls++
		c.Version = 0 // fn builds everything it needs inside: it may run again
		return tx.Contacts().Create(ctx, &c)
	})
	if err != nil || calls != 3 {
		t.Fatalf("Update with 2 failed commits = %v after %d calls, want nil after 3", err, calls)
	}
	pgstore.FailCommits(s, 10)
	calls = 0
	err = s.Update(ctx, func(tx store.Tx) error { calls++; return nil })
	var pe *pgconn.PgError
	if !errors.Is(err, store.ErrRetry) || !errors.Is(err, store.ErrConflict) || !errors.As(err, &pe) || pe.Code != "40001" || calls != 4 {
		t.Errorf("Update with failing commits = %v after %d calls, want ErrRetry with the PgError after 4", err, calls)
	}
	pgstore.FailCommits(s, 0)
}

// TestRetriesReal makes concurrent transactions that read and write the
// same record fail to serialize, and checks that no increment is lost.
func TestRetriesReal(t *testing.T) {
	s := pgstore.NewTestStore(t, &pgstore.Options{MaxRetries: 100})
	ctx := t.Context()
	counter := tag.Tag{Name: tag.MustParseName("counter")}
	tags := func(tx store.Tx) store.Table[tag.Name, tag.Tag] { return store.Tags(tx.Records()) }
	if err := update(t, s, func(tx store.Tx) error { return tags(tx).Put(ctx, ws, &counter) }); err != nil {
		t.Fatal(err)
	}
	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			errs <- s.Update(ctx, func(tx store.Tx) error {
				got, err := tags(tx).Get(ctx, ws, counter.Name)
				if err != nil {
					return err
				}
				// The count is kept in CreatedAt's seconds: any field does.
				got.CreatedAt = got.CreatedAt.Add(time.Second)
				time.Sleep(time.Millisecond)
				return tags(tx).Put(ctx, ws, &got)
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent Update: %v", err)
		}
	}
	var got tag.Tag
	if err := s.View(ctx, func(tx store.Tx) (err error) { got, err = tags(tx).Get(ctx, ws, counter.Name); return err }); err != nil {
		t.Fatal(err)
	}
	if d := got.CreatedAt.Sub(counter.CreatedAt); d != n*time.Second || got.Version != n+1 {
		t.Errorf("after %d concurrent increments: +%v, version %d; want +%ds, version %d", n, d, got.Version, n, n+1)
	}
}

// TestHostCascadeThroughAs writes a host table through the native
// transaction, in the same transaction as the store's writes, and checks
// that a failing fn rolls both back.
func TestHostCascadeThroughAs(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	s := pgstore.New(pool, nil)
	ctx := t.Context()
	if _, err := pool.Exec(ctx, `CREATE TABLE host_audit (contact_id uuid NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	c := fullContact("host@example.com")
	err := s.Update(ctx, func(tx store.Tx) error {
		c.Version = 0
		if err := tx.Contacts().Create(ctx, &c); err != nil {
			return err
		}
		var ptx pgx.Tx
		if !store.As(tx, &ptx) {
			return errors.New("store.As found no *pgx.Tx")
		}
		if _, err := ptx.Exec(ctx, `INSERT INTO host_audit VALUES ($1)`, c.ID.String()); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update = %v, want fn's error unchanged", err)
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM host_audit) + (SELECT count(*) FROM contacts)`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("after a failed fn, %d rows of the host's table and the contacts remain, want 0", n)
	}
	var notTx int
	err = s.View(ctx, func(tx store.Tx) error {
		if store.As(tx, &notTx) {
			return errors.New("As(*int) = true, want false")
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
}

func TestPanicRollsBack(t *testing.T) {
	s := pgstore.NewTestStore(t, nil)
	ctx := t.Context()
	c := fullContact("panic@example.com")
	func() {
		defer func() {
			if p := recover(); p != "boom" {
				t.Errorf("recovered %v, want Update to re-panic with fn's value", p)
			}
		}()
		_ = s.Update(ctx, func(tx store.Tx) error {
			if err := tx.Contacts().Create(ctx, &c); err != nil {
				return err
			}
			panic("boom")
		})
	}()
	err := s.View(ctx, func(tx store.Tx) error {
		_, err := tx.Contacts().Get(ctx, ws, c.ID)
		return err
	})
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get after a panicking Update: %v, want ErrNotFound", err)
	}
}

// TestConcurrentKeyRace creates contacts with the same email from
// concurrent transactions: exactly one wins, the others get a TakenError
// naming it (after a retry: their snapshot did not hold the winner).
func TestConcurrentKeyRace(t *testing.T) {
	s := pgstore.NewTestStore(t, nil)
	ctx := t.Context()
	const n = 6
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		won   []contact.ID
		taken []*store.TakenError
		other []error
	)
	start := make(chan struct{})
	for range n {
		wg.Go(func() {
			c := fullContact("race@example.com")
			<-start
			err := s.Update(ctx, func(tx store.Tx) error {
				c.Version = 0
				return tx.Contacts().Create(ctx, &c)
			})
			mu.Lock()
			defer mu.Unlock()
			if te, ok := errors.AsType[*store.TakenError](err); ok {
				taken = append(taken, te)
			} else if err == nil {
				won = append(won, c.ID)
			} else {
				other = append(other, err)
			}
		})
	}
	close(start)
	wg.Wait()
	if len(won) != 1 || len(other) != 0 {
		t.Fatalf("%d concurrent creates with one email: %d won, other errors %v; want exactly one winner, TakenError for the rest", n, len(won), other)
	}
	for _, te := range taken {
		if te.Owner != won[0] {
			t.Errorf("TakenError names %s, want the winner %s", te.Owner, won[0])
		}
	}
}

// TestRecordsLiveContact lists records with Query.LiveContact: those of
// contacts in the trash, or of no contact that exists, are left out.
func TestRecordsLiveContact(t *testing.T) {
	s := pgstore.NewTestStore(t, nil)
	ctx := t.Context()
	live, trashed := fullContact("live@example.com"), fullContact("trashed@example.com")
	trashed.Phone = contact.Phone{}
	trashed.DeletedAt = time.Now()
	lst := list.ID(uuid.New())
	err := update(t, s, func(tx store.Tx) error {
		if err := errors.Join(tx.Contacts().Create(ctx, &live), tx.Contacts().Create(ctx, &trashed)); err != nil {
			return err
		}
		for _, id := range []contact.ID{live.ID, trashed.ID, newID()} {
			m := list.Membership{List: lst, Contact: id, Status: list.StatusSubscribed}
			if err := store.Memberships(tx.Records()).Put(ctx, ws, &m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.View(ctx, func(tx store.Tx) error {
		for _, tt := range []struct {
			q    store.Query
			want int
		}{{store.Query{Parent: lst.String()}, 3}, {store.Query{Parent: lst.String(), LiveContact: true}, 1}} {
			page, err := store.Memberships(tx.Records()).List(ctx, ws, tt.q, store.PageRequest{})
			if err != nil {
				return err
			}
			if len(page.Items) != tt.want || tt.want == 1 && page.Items[0].Contact != live.ID {
				return fmt.Errorf("List(%+v) = %+v, want %d memberships", tt.q, page.Items, tt.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
}

// TestContactsTagsFollowWrites lists by tag after tags are added and
// removed, and after the contact moves to the trash and back.
func TestContactsTagsFollowWrites(t *testing.T) {
	s := pgstore.NewTestStore(t, nil)
	ctx := t.Context()
	vip, lead := tag.MustParseName("VIP"), tag.MustParseName("lead")
	c := fullContact("tags@example.com")
	c.Tags = tag.NewSet(vip)
	byTag := func(n tag.Name, trash bool) int {
		var got int
		err := s.View(ctx, func(tx store.Tx) error {
			page, err := tx.Contacts().List(ctx, ws, store.ContactQuery{Tag: n, Trashed: trash}, store.PageRequest{})
			got = len(page.Items)
			if err == nil {
				var count int
				count, err = store.CountContacts(ctx, tx, ws, store.ContactQuery{Tag: n, Trashed: trash})
				if count != got {
					err = fmt.Errorf("Count = %d, List gave %d", count, got)
				}
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	write := func(f func(tx store.Tx) error) {
		t.Helper()
		if err := update(t, s, f); err != nil {
			t.Fatal(err)
		}
	}
	write(func(tx store.Tx) error { return tx.Contacts().Create(ctx, &c) })
	steps := []struct {
		name             string
		change           func()
		vip, lead, trash int
	}{
		{"created with vip", func() {}, 1, 0, 0},
		{"lead added", func() { c.Tags, _ = c.Tags.Add(lead) }, 1, 1, 0},
		{"vip removed", func() { c.Tags, _ = c.Tags.Remove(tag.MustParseName("vip")) }, 0, 1, 0},
		{"trashed", func() { c.DeletedAt = time.Now() }, 0, 0, 1},
		{"restored", func() { c.DeletedAt = time.Time{} }, 0, 1, 0},
	}
	for _, st := range steps {
		st.change()
		write(func(tx store.Tx) error { return tx.Contacts().Update(ctx, &c) })
		if got := [3]int{byTag(vip, false), byTag(lead, false), byTag(lead, true)}; got != [3]int{st.vip, st.lead, st.trash} {
			t.Errorf("%s: contacts tagged vip, lead, lead in the trash = %v, want %v", st.name, got, [3]int{st.vip, st.lead, st.trash})
		}
	}
}

func TestWriteSQL(t *testing.T) {
	var b strings.Builder
	if err := pgstore.WriteSQL(&b); err != nil {
		t.Fatal(err)
	}
	for _, m := range pgstore.Migrations() {
		if !strings.Contains(b.String(), m.SQL) {
			t.Errorf("WriteSQL does not hold migration %d", m.Version)
		}
	}
	// The script applies to an empty schema as Migrate would.
	pool := pgstore.NewTestPool(t)
	if _, err := pool.Exec(t.Context(), `DROP TABLE outbox_pruned, outbox_consumers, outbox, history, records, contact_tags, contact_keys, contacts, schema_migrations`); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(t.Context(), b.String()); err != nil {
		t.Fatalf("running the script of WriteSQL: %v", err)
	}
	if err := pgstore.Migrate(t.Context(), pool); err != nil {
		t.Errorf("Migrate after the script: %v", err)
	}
	var n int
	if err := pool.QueryRow(t.Context(), `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != len(pgstore.Migrations()) {
		t.Errorf("schema_migrations holds %d rows (%v), want %d", n, err, len(pgstore.Migrations()))
	}
}

func TestMigrateConcurrently(t *testing.T) {
	pool := pgstore.EmptyTestPool(t)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() { errs <- pgstore.Migrate(t.Context(), pool) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent Migrate: %v", err)
		}
	}
	var n int
	if err := pool.QueryRow(t.Context(), `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != len(pgstore.Migrations()) {
		t.Errorf("schema_migrations holds %d rows (%v), want %d", n, err, len(pgstore.Migrations()))
	}
}

// migratedTo returns an empty database at schema version n, as an earlier
// version of pgstore left it: the first n migrations applied and recorded,
// so that Migrate applies the others.
func migratedTo(t *testing.T, n int) *pgxpool.Pool {
	t.Helper()
	ctx := t.Context()
	pool := pgstore.EmptyTestPool(t)
	for _, m := range pgstore.Migrations()[:n] {
		if _, err := pool.Exec(ctx, m.SQL); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pool.Exec(ctx, `CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		t.Fatal(err)
	}
	for _, m := range pgstore.Migrations()[:n] {
		if _, err := pool.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name); err != nil {
			t.Fatal(err)
		}
	}
	return pool
}

// storedText is a contact as an earlier schema version stored it, with its
// search text as that version folded it.
type storedText struct {
	c    contact.Contact
	text string
}

// foundByWords returns the IDs of the first ten contacts of workspace "w"
// of pool that the words of query q find.
func foundByWords(t *testing.T, pool *pgxpool.Pool, q string) []contact.ID {
	t.Helper()
	var ids []contact.ID
	err := pgstore.New(pool, nil).View(t.Context(), func(tx store.Tx) error {
		page, err := tx.Contacts().List(t.Context(), "w", store.ContactQuery{Words: contact.QueryWords(q)}, store.PageRequest{Limit: 10})
		for _, c := range page.Items {
			ids = append(ids, c.ID)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// migrateSearchText stores rows in a database migrated to version from,
// migrates it to the latest version, and checks that each row's search
// text then holds the words contact.SearchText gives, in any order (a
// query matches words, not their order): the rows that held letters the
// migrations fold are rewritten, those that missed words get them, the
// others are left as they were.
func migrateSearchText(t *testing.T, from int, rows []storedText) *pgxpool.Pool {
	t.Helper()
	ctx := t.Context()
	pool := migratedTo(t, from)
	insertStored(t, pool, rows)
	if err := pgstore.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		var got string
		if err := pool.QueryRow(ctx, `SELECT search_text FROM contacts WHERE id = $1`, r.c.ID.String()).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := contact.SearchText(&r.c); !slices.Equal(wordSet(got), wordSet(want)) {
			t.Errorf("migrated from version %d, search_text %q, want the words of %q", from, got, want)
		}
	}
	return pool
}

// insertStored stores rows in workspace "w" at version 1 with their
// search text as given.
func insertStored(t *testing.T, pool *pgxpool.Pool, rows []storedText) {
	t.Helper()
	for _, r := range rows {
		body, err := json.Marshal(r.c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pool.Exec(t.Context(), `INSERT INTO contacts (workspace_id, id, version, status, assignee, search_text, body)
			VALUES ('w', $1, 1, '', '', $2, $3)`, r.c.ID.String(), r.text, body); err != nil {
			t.Fatal(err)
		}
	}
}

// wordSet returns the distinct words of a search text, sorted.
func wordSet(text string) []string {
	return slices.Compact(slices.Sorted(slices.Values(strings.Fields(text))))
}

// TestMigrationFoldsBaseLetters: migration 0003 rewrites the search text
// that earlier versions stored for names with letters Unicode does not
// decompose, so that it is what contact.SearchText now gives, and leaves
// the other rows as they were.
func TestMigrationFoldsBaseLetters(t *testing.T) {
	ctx := t.Context()
	stroked := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Łódź Søren", LastName: "Æsir Işık Œuvre Þór Đorđe Ĳssel"}
	rest := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Guðrún Ħal", LastName: "Ŧom Ŀl Ƀa Ɨb Ƶc Ǥd ĸe"}
	plain := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Ada", LastName: "Lovelace"}
	pool := migrateSearchText(t, 2, []storedText{ // as version 2 stored them
		{stroked, " łodz søren æsir isık œuvre þor đorđe ĳssel "},
		{rest, " guðrun ħal ŧom ŀl ƀa ɨb ƶc ǥd ĸe "},
		{plain, " ada lovelace "},
	})
	// And the search finds the names typed without the letters.
	s := pgstore.New(pool, nil)
	err := s.View(ctx, func(tx store.Tx) error {
		page, err := tx.Contacts().List(ctx, "w", store.ContactQuery{Words: contact.QueryWords("lodz aesir isik")}, store.PageRequest{Limit: 10})
		if err != nil {
			return err
		}
		if len(page.Items) != 1 || page.Items[0].ID != stroked.ID {
			t.Errorf(`"lodz aesir isik" found %v, want the contact named Łódź Søren Æsir Işık`, page.Items)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestMigrationFoldsMoreBaseLetters: migration 0005 rewrites the search
// text that earlier versions stored for names with the stroked letters and
// digraphs contact.Fold learned then, and leaves the other rows as they
// were.
func TestMigrationFoldsMoreBaseLetters(t *testing.T) {
	migrateSearchText(t, 4, []storedText{ // as version 4 stored them
		{contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Ǉubica Ǌegoš", LastName: "ǅokić Ǳemal"},
			" ǉubica ǌegos ǆokic ǳemal "},
		{contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Ȼa Ɇb Ɉc", LastName: "Ɍd Ɏe Ⱥf Ⱦg Łódź"},
			" ȼa ɇb ɉc ɍd ɏe ⱥf ⱦg lodz "},
		{contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Ada", LastName: "Lovelace"},
			" ada lovelace "},
	})
}

// TestMigrationFoldsFullWidth: migration 0007 rewrites the search text
// that earlier versions stored for full-width letters and digits, so that
// it holds the words contact.SearchText now gives, and "ada" finds "ＡＤＡ".
func TestMigrationFoldsFullWidth(t *testing.T) {
	ctx := t.Context()
	wide := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "ＡＤＡ", LastName: "Ｌｏｖｅｌａｃｅ１２", City: "Ada"}
	pool := migrateSearchText(t, 6, []storedText{ // as version 6 stored them
		{wide, " ａｄａ ｌｏｖｅｌａｃｅ１２ ada "},
		{contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Grace", LastName: "Hopper"}, " grace hopper "},
	})
	err := pgstore.New(pool, nil).View(ctx, func(tx store.Tx) error {
		page, err := tx.Contacts().List(ctx, "w", store.ContactQuery{Words: contact.QueryWords("ada lovelace12")}, store.PageRequest{Limit: 10})
		if err != nil {
			return err
		}
		if len(page.Items) != 1 || page.Items[0].ID != wide.ID {
			t.Errorf(`"ada lovelace12" found %d contacts, want the one named ＡＤＡ Ｌｏｖｅｌａｃｅ１２`, len(page.Items))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestMigrationOrdersInteractionsByWhen: migration 0004 gives the
// activities that earlier versions stored the timeline key of when they
// happened, the one activity.PositionOf now gives, to the nanosecond and
// before 1970 too, and leaves a note's as it was.
func TestMigrationOrdersInteractionsByWhen(t *testing.T) {
	ctx := t.Context()
	pool := migratedTo(t, 3)
	created := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	paris := time.FixedZone("Paris", 3600)
	var acts []activity.Activity
	for i, at := range []time.Time{
		{}, // a note
		time.Date(2026, 11, 20, 15, 4, 5, 123456789, paris),
		time.Date(2026, 11, 20, 15, 4, 5, 999999999, time.UTC),
		time.Date(1969, 7, 20, 20, 17, 40, 5, time.UTC),
		time.Date(2027, 1, 2, 3, 4, 5, 0, time.UTC),
	} {
		a := activity.Activity{ID: activity.ID(uuid.New()), Contact: contact.ID(uuid.New()), Kind: activity.KindCall, Body: "called",
			Author: "u", CreatedAt: created.Add(time.Duration(i) * time.Second), Pinned: i == 2,
			Interaction: activity.Interaction{Direction: activity.DirectionInbound, OccurredAt: at}}
		if at.IsZero() {
			a.Kind, a.Interaction = activity.KindNote, activity.Interaction{}
		}
		old := activity.Position{Pinned: a.Pinned, At: a.CreatedAt, ID: a.ID}.Key() // as version 3 keyed it
		body, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pool.Exec(ctx, `INSERT INTO records (workspace_id, kind, id, version, contact_id, parent, status, uniq, ord, body)
			VALUES ('w', 'activity', $1, 1, $2, '', $3, '', $4, $5)`, a.ID.String(), a.Contact.String(), string(a.Kind), old, body); err != nil {
			t.Fatal(err)
		}
		acts = append(acts, a)
	}
	if err := pgstore.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	for _, a := range acts {
		var got string
		if err := pool.QueryRow(ctx, `SELECT ord FROM records WHERE kind = 'activity' AND id = $1`, a.ID.String()).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := activity.PositionOf(&a).Key(); got != want {
			t.Errorf("after migration 0004, the key of the %s of %v is %s, want %s", a.Kind, a.When(), got, want)
		}
	}
}

// cancelAtCommit cancels a context when the commit of a transaction is
// sent: the caller gives up while the server commits.
type cancelAtCommit struct {
	cancel atomic.Pointer[context.CancelFunc]
}

func (c *cancelAtCommit) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	if strings.EqualFold(strings.TrimSpace(d.SQL), "commit") {
		if f := c.cancel.Swap(nil); f != nil {
			(*f)()
		}
	}
	return ctx
}
func (c *cancelAtCommit) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// TestCommitOutlivesCancel: a context cancelled once the commit is sent
// does not make the outcome unknown: Update waits for the server's answer
// and reports the commit, which the data shows. A context done before the
// commit still rolls the transaction back.
func TestCommitOutlivesCancel(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	cfg := pool.Config().Copy()
	tr := &cancelAtCommit{}
	cfg.ConnConfig.Tracer = tr
	traced, err := pgxpool.NewWithConfig(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(traced.Close)
	s := pgstore.New(traced, nil)
	get := func(id contact.ID) error {
		return s.View(t.Context(), func(tx store.Tx) error {
			_, err := tx.Contacts().Get(t.Context(), ws, id)
			return err
		})
	}
	for range 20 { // the race the old code lost now and then
		ctx, cancel := context.WithCancel(t.Context())
		tr.cancel.Store(&cancel)
		c := contact.Contact{ID: contact.ID(uuid.New()), Workspace: ws, FirstName: "Ada"}
		err := s.Update(ctx, func(tx store.Tx) error { return tx.Contacts().Create(ctx, &c) })
		cancel()
		if err != nil {
			t.Fatalf("Update cancelled during its commit: %v, want nil (it committed)", err)
		}
		if err := get(c.ID); err != nil {
			t.Fatalf("the contact of the commit: %v", err)
		}
	}
	ctx, cancel := context.WithCancel(t.Context())
	c := contact.Contact{ID: contact.ID(uuid.New()), Workspace: ws, FirstName: "Bob"}
	err = s.Update(ctx, func(tx store.Tx) error {
		err := tx.Contacts().Create(ctx, &c)
		cancel() // before the commit
		return err
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Update cancelled before its commit: %v, want context.Canceled", err)
	}
	if err := get(c.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the contact of a transaction cancelled before its commit: %v, want store.ErrNotFound", err)
	}
}

// TestCommitWithoutAnswer: a commit the server does not answer in time
// (here a deferred trigger that sleeps at the commit) gives an error
// wrapping pgstore.ErrCommitUnknown, not the caller's context error: the
// outcome is unknown, and the caller is told so.
func TestCommitWithoutAnswer(t *testing.T) {
	pool := pgstore.NewTestPool(t)
	ctx := t.Context()
	if _, err := pool.Exec(ctx, `
		CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(2); RETURN NULL; END $$;
		CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON contacts DEFERRABLE INITIALLY DEFERRED
			FOR EACH ROW EXECUTE FUNCTION slow_commit()`); err != nil {
		t.Fatal(err)
	}
	s := pgstore.New(pool, &pgstore.Options{MaxRetries: -1})
	pgstore.SetCommitTimeout(s, 200*time.Millisecond)
	c := contact.Contact{ID: contact.ID(uuid.New()), Workspace: ws, FirstName: "Ada"}
	err := s.Update(ctx, func(tx store.Tx) error { return tx.Contacts().Create(ctx, &c) })
	if !errors.Is(err, pgstore.ErrCommitUnknown) {
		t.Fatalf("a commit without an answer: %v, want pgstore.ErrCommitUnknown", err)
	}
	if ctx.Err() != nil {
		t.Fatal("the caller's context is done")
	}
}

// TestMigrationJoinsApostropheParts: migration 0009 adds to the search text
// stored by version 8 the word of each part that an apostrophe joins
// inside a run of other parts ("McDonald-O'Neil": "oneil"), in names,
// emails and tags, so that it holds the words of contact.SearchText; a
// part next to a letter outside ASCII is left for RefreshSearchText.
func TestMigrationJoinsApostropheParts(t *testing.T) {
	ctx := t.Context()
	mc := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Mary", LastName: "McDonald-O'Neil", Company: "D’Arcy-Smith & O'Hara-Ltd"}
	mc.Tags = tag.NewSet(tag.MustParseName("Key-Account's"))
	mail := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Ann", OtherEmails: []contact.LabeledEmail{{Email: contact.MustParseEmail("o'neil.ann@example.ie")}}}
	plain := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Seán", LastName: "O'Brien"}
	pool := migrateSearchText(t, 8, []storedText{ // as version 8 stored them
		{mc, " mary mcdonald o neil mcdonaldoneil d arcy smith darcysmith hara ohara ltd oharaltd key account s keyaccounts "},
		{mail, " ann o neil example ie oneilannexampleie "},
		{plain, " sean o brien obrien "},
	})
	found := func(q string) []contact.ID { return foundByWords(t, pool, q) }
	if got := found("mary oneil darcy"); !slices.Equal(got, []contact.ID{mc.ID}) {
		t.Errorf(`"mary oneil darcy" found %v, want %v`, got, mc.ID)
	}

	// What SQL leaves: set by RefreshSearchText.
	accented := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Bea", LastName: "Smith-O'Néil"}
	insertStored(t, pool, []storedText{{accented, " bea smith o neil smithoneil "}})
	if got := found("bea oneil"); len(got) != 0 {
		t.Fatalf(`"bea oneil" found %v before RefreshSearchText`, got)
	}
	if _, err := pgstore.RefreshSearchText(ctx, pool); err != nil {
		t.Fatal(err)
	}
	if got := found("bea oneil"); !slices.Equal(got, []contact.ID{accented.ID}) {
		t.Errorf(`"bea oneil" found %v after RefreshSearchText, want %v`, got, accented.ID)
	}
}

// TestMigrationFoldsScripts: migration 0008 rewrites the search text that
// earlier versions stored for half-width kana and Hangul and for the
// Arabic and Persian letter variants and tatweel, so that it holds the
// words contact.SearchText now gives; the rows it cannot rewrite in SQL
// (the suffixes of a Chinese name, a Devanagari word split at its vowel
// sign) are left for RefreshSearchText, which sets them.
func TestMigrationFoldsScripts(t *testing.T) {
	ctx := t.Context()
	arabic := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "علی کریم", LastName: "فاطمة محـمد مصطفى"}
	kana := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "ﾀﾞ ｱ ﾡ"} // one name: two names of kana are also joined
	cherokee := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "ꮭꭰᏸ"}
	pool := migrateSearchText(t, 7, []storedText{ // as version 7 stored them
		{arabic, " علی کریم فاطمة محـمد مصطفى "},
		{kana, " ﾀﾞ ｱ ﾡ "},
		{cherokee, " ꮭꭰᏸ "},
		{contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "Ada", LastName: "Lovelace"}, " ada lovelace "},
	})
	found := func(q string) []contact.ID { return foundByWords(t, pool, q) }
	for q, want := range map[string]contact.ID{"علي كريم فاطمه محمد مصطفي": arabic.ID, "ダ ア ㄱ": kana.ID, "ᏝᎠᏰ": cherokee.ID, "ꮭꭰ": cherokee.ID} {
		if got := found(q); !slices.Equal(got, []contact.ID{want}) {
			t.Errorf("%q found %v, want %v", q, got, want)
		}
	}

	// What SQL cannot rewrite: left by the migration, set by RefreshSearchText.
	han := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "王小明"}
	hindi := contact.Contact{ID: contact.ID(uuid.New()), Workspace: "w", FirstName: "राम"}
	insertStored(t, pool, []storedText{{han, " 王小明 "}, {hindi, " र म "}})
	if got := found("小明"); len(got) != 0 {
		t.Fatalf(`"小明" found %v before RefreshSearchText: the test stores no suffix`, got)
	}
	n, err := pgstore.RefreshSearchText(ctx, pool)
	if err != nil || n != 2 {
		t.Errorf("RefreshSearchText = %d, %v; want the 2 rows SQL left", n, err)
	}
	if got := found("小明"); !slices.Equal(got, []contact.ID{han.ID}) {
		t.Errorf(`"小明" found %v after RefreshSearchText, want %v`, got, han.ID)
	}
	if got := found("राम"); !slices.Equal(got, []contact.ID{hindi.ID}) {
		t.Errorf(`"राम" found %v after RefreshSearchText, want %v`, got, hindi.ID)
	}
}
