package memstore_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/tag"
)

const (
	wsA contact.WorkspaceID = "ws-a"
	wsB contact.WorkspaceID = "ws-b"
)

// id returns a fixed contact ID numbered n.
func id(n int) contact.ID {
	return contact.MustParseID(fmt.Sprintf("01900000-0000-7000-8000-%012d", n))
}

func email(t testing.TB, s string) contact.Email {
	t.Helper()
	e, err := contact.ParseEmail(s)
	must.NoError(t, err)
	return e
}

func phone(t testing.TB, s string) contact.Phone {
	t.Helper()
	p, err := contact.ParsePhone(s, "")
	must.NoError(t, err)
	return p
}

// person returns a contact of ws numbered n, without email or phone.
func person(ws contact.WorkspaceID, n int, tags ...string) *contact.Contact {
	c := &contact.Contact{
		ID:        id(n),
		Workspace: ws,
		FirstName: fmt.Sprintf("First%d", n),
		LastName:  "Last",
		Status:    contact.StatusActive,
		Source:    contact.SourceManual,
		CreatedAt: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
		UpdatedAt: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
	}
	for _, s := range tags {
		c.Tags, _ = c.Tags.Add(tag.MustParseName(s))
	}
	return c
}

func update(t testing.TB, s *memstore.Store, fn func(tx store.Tx) error) error {
	t.Helper()
	return s.Update(context.Background(), fn)
}

// mustCreate stores every contact in one transaction.
func mustCreate(t testing.TB, s *memstore.Store, cs ...*contact.Contact) {
	t.Helper()
	must.NoError(t, update(t, s, func(tx store.Tx) error {
		for _, c := range cs {
			if err := tx.Contacts().Create(t.Context(), c); err != nil {
				return err
			}
		}
		return nil
	}))
}

func get(t testing.TB, s *memstore.Store, ws contact.WorkspaceID, cid contact.ID) (contact.Contact, error) {
	t.Helper()
	return readValue(t, s, func(tx store.Tx) (contact.Contact, error) { return tx.Contacts().Get(t.Context(), ws, cid) })
}

func byEmail(t testing.TB, s *memstore.Store, ws contact.WorkspaceID, e contact.Email) (contact.Contact, error) {
	t.Helper()
	return readValue(t, s, func(tx store.Tx) (contact.Contact, error) { return tx.Contacts().ByEmail(t.Context(), ws, e) })
}

func byPhone(t testing.TB, s *memstore.Store, ws contact.WorkspaceID, p contact.Phone) (contact.Contact, error) {
	t.Helper()
	return readValue(t, s, func(tx store.Tx) (contact.Contact, error) { return tx.Contacts().ByPhone(t.Context(), ws, p) })
}

// listAll pages through the contacts of ws matching q, size per page.
func listAll(t testing.TB, s *memstore.Store, ws contact.WorkspaceID, q store.ContactQuery, size int) []contact.ID {
	t.Helper()
	var ids []contact.ID
	p := store.PageRequest{Limit: size}
	for range 100_000 {
		var page store.Page[contact.Contact]
		must.NoError(t, s.View(t.Context(), func(tx store.Tx) error {
			var err error
			page, err = tx.Contacts().List(t.Context(), ws, q, p)
			return err
		}))
		must.LessOrEqual(t, len(page.Items), p.Size(), "List returned more than the page size")
		for _, c := range page.Items {
			ids = append(ids, c.ID)
		}
		if page.Next == "" {
			return ids
		}
		p.Cursor = page.Next
	}
	t.Fatal("List never ended")
	return nil
}

// failWith ends the function of a transaction as mode says: "error"
// returns err, "panic" panics with it.
func failWith(mode string, err error) error {
	if mode == "panic" {
		panic(err)
	}
	return err
}

// mustFail runs fn in an Update, which must return err or, if mode is
// "panic", panic with it.
func mustFail(t testing.TB, s *memstore.Store, mode string, err error, fn func(tx store.Tx) error) {
	t.Helper()
	if mode == "panic" {
		must.PanicsWithValue(t, err, func() { _ = update(t, s, fn) })
		return
	}
	must.ErrorIs(t, update(t, s, fn), err)
}

func TestContactsCreateGet(t *testing.T) {
	s := memstore.New()
	c := person(wsA, 1, "VIP", "lead")
	c.Email = email(t, "ada@example.com")
	c.Phone = phone(t, "+33612345678")
	c.Fields = map[field.Key]field.Value{field.MustParseKey("plan"): field.Text("gold")}
	mustCreate(t, s, c)
	check.Equal(t, int64(1), c.Version, "Create sets c.Version")

	got, err := get(t, s, wsA, c.ID)
	must.NoError(t, err)
	check.Equal(t, *c, got, "Get returns what Create stored")

	got, err = byEmail(t, s, wsA, c.Email)
	must.NoError(t, err)
	check.Equal(t, *c, got, "ByEmail")
	got, err = byPhone(t, s, wsA, c.Phone)
	must.NoError(t, err)
	check.Equal(t, *c, got, "ByPhone")

	tests := []struct {
		name string
		c    *contact.Contact
		want error
	}{
		{"same ID", person(wsA, 1), store.ErrAlreadyExists},
		{"same ID in another workspace", person(wsB, 1), store.ErrAlreadyExists},
		{"version set", func() *contact.Contact { c := person(wsA, 2); c.Version = 3; return c }(), memstore.ErrInvalid},
		{"zero ID", func() *contact.Contact { c := person(wsA, 2); c.ID = contact.ID{}; return c }(), memstore.ErrInvalid},
		{"no workspace", person("", 2), memstore.ErrInvalid},
		{"nil", nil, memstore.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := update(t, s, func(tx store.Tx) error { return tx.Contacts().Create(t.Context(), tt.c) })
			must.ErrorIs(t, err, tt.want)
		})
	}
	_, err = get(t, s, wsA, id(2))
	must.ErrorIs(t, err, store.ErrNotFound, "a failed Create writes nothing")
}

func TestContactsNotFound(t *testing.T) {
	s := memstore.New()
	c := person(wsA, 1)
	c.Email = email(t, "ada@example.com")
	c.Phone = phone(t, "+33612345678")
	mustCreate(t, s, c)

	tests := []struct {
		name string
		fn   func(tx store.Tx) error
	}{
		{"Get missing", func(tx store.Tx) error { _, err := tx.Contacts().Get(t.Context(), wsA, id(9)); return err }},
		{"Get other workspace", func(tx store.Tx) error { _, err := tx.Contacts().Get(t.Context(), wsB, c.ID); return err }},
		{"ByEmail other workspace", func(tx store.Tx) error { _, err := tx.Contacts().ByEmail(t.Context(), wsB, c.Email); return err }},
		{"ByPhone other workspace", func(tx store.Tx) error { _, err := tx.Contacts().ByPhone(t.Context(), wsB, c.Phone); return err }},
		{"ByEmail zero", func(tx store.Tx) error {
			_, err := tx.Contacts().ByEmail(t.Context(), wsA, contact.Email{})
			return err
		}},
		{"ByPhone zero", func(tx store.Tx) error {
			_, err := tx.Contacts().ByPhone(t.Context(), wsA, contact.Phone{})
			return err
		}},
		{"Update missing", func(tx store.Tx) error { return tx.Contacts().Update(t.Context(), person(wsA, 9)) }},
		{"Update other workspace", func(tx store.Tx) error {
			d := person(wsB, 1)
			d.Version = 1
			return tx.Contacts().Update(t.Context(), d)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			must.ErrorIs(t, update(t, s, tt.fn), store.ErrNotFound)
		})
	}
	got, err := get(t, s, wsA, c.ID)
	must.NoError(t, err)
	check.Equal(t, *c, got, "failed calls changed the contact")
}

func TestContactsUpdateVersions(t *testing.T) {
	s := memstore.New()
	c := person(wsA, 1)
	mustCreate(t, s, c)

	stale := c.Clone()
	c.City = "Lyon"
	must.NoError(t, update(t, s, func(tx store.Tx) error { return tx.Contacts().Update(t.Context(), c) }))
	check.Equal(t, int64(2), c.Version, "Update sets c.Version")

	stale.City = "Paris"
	err := update(t, s, func(tx store.Tx) error { return tx.Contacts().Update(t.Context(), &stale) })
	must.ErrorIs(t, err, store.ErrConflict)
	check.Equal(t, int64(1), stale.Version, "a failed Update leaves c.Version")

	got, err := get(t, s, wsA, c.ID)
	must.NoError(t, err)
	check.Equal(t, *c, got)
	check.Equal(t, "Lyon", got.City, "a stale Update was not lost")

	ahead := got
	ahead.Version = 7
	err = update(t, s, func(tx store.Tx) error { return tx.Contacts().Update(t.Context(), &ahead) })
	must.ErrorIs(t, err, store.ErrConflict, "a version ahead of the store")
}

func TestContactsTaken(t *testing.T) {
	s := memstore.New()
	a := person(wsA, 1)
	a.Email = email(t, "ada@example.com")
	a.Phone = phone(t, "+33612345678")
	b := person(wsA, 2)
	b.Email = email(t, "bob@example.com")
	mustCreate(t, s, a, b)

	tests := []struct {
		name      string
		run       func(tx store.Tx) error
		wantField string // "" for no error
		wantOwner contact.ID
	}{
		{"create with a taken email", func(tx store.Tx) error {
			c := person(wsA, 3)
			c.Email = a.Email
			return tx.Contacts().Create(t.Context(), c)
		}, contact.FieldEmail, a.ID},
		{"create with a taken phone", func(tx store.Tx) error {
			c := person(wsA, 3)
			c.Phone = a.Phone
			return tx.Contacts().Create(t.Context(), c)
		}, contact.FieldPhone, a.ID},
		{"create in another workspace", func(tx store.Tx) error {
			c := person(wsB, 3)
			c.Email, c.Phone = a.Email, a.Phone
			return tx.Contacts().Create(t.Context(), c)
		}, "", contact.ID{}},
		{"update taking another's email", func(tx store.Tx) error {
			c, err := tx.Contacts().Get(t.Context(), wsA, b.ID)
			must.NoError(t, err)
			c.Email = a.Email
			return tx.Contacts().Update(t.Context(), &c)
		}, contact.FieldEmail, a.ID},
		{"update taking another's phone", func(tx store.Tx) error {
			c, err := tx.Contacts().Get(t.Context(), wsA, b.ID)
			must.NoError(t, err)
			c.Phone = a.Phone
			return tx.Contacts().Update(t.Context(), &c)
		}, contact.FieldPhone, a.ID},
		{"update keeping its own email and phone", func(tx store.Tx) error {
			c, err := tx.Contacts().Get(t.Context(), wsA, a.ID)
			must.NoError(t, err)
			c.City = "Nantes"
			return tx.Contacts().Update(t.Context(), &c)
		}, "", contact.ID{}},
		{"email released by a change is free", func(tx store.Tx) error {
			c, err := tx.Contacts().Get(t.Context(), wsA, b.ID)
			must.NoError(t, err)
			c.Email = email(t, "bob@example.org")
			if err := tx.Contacts().Update(t.Context(), &c); err != nil {
				return err
			}
			if _, err := tx.Contacts().ByEmail(t.Context(), wsA, b.Email); !errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("ByEmail of the released email: got %v, want ErrNotFound", err)
			}
			d := person(wsA, 4)
			d.Email = b.Email
			return tx.Contacts().Create(t.Context(), d)
		}, "", contact.ID{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := update(t, s, tt.run)
			if tt.wantField == "" {
				must.NoError(t, err)
				return
			}
			must.ErrorIs(t, err, store.ErrAlreadyExists)
			taken, ok := errors.AsType[*store.TakenError](err)
			must.True(t, ok, "error %v is not a *store.TakenError", err)
			check.Equal(t, tt.wantField, taken.Field)
			check.Equal(t, tt.wantOwner, taken.Owner)
		})
	}
	got, err := byEmail(t, s, wsA, email(t, "bob@example.com"))
	must.NoError(t, err)
	check.Equal(t, id(4), got.ID, "the released email now belongs to the new contact")
}

func TestCopies(t *testing.T) {
	s := memstore.New()
	plan := field.MustParseKey("plan")
	c := person(wsA, 1, "vip")
	c.Fields = map[field.Key]field.Value{plan: field.Text("gold")}
	mustCreate(t, s, c)
	want := c.Clone()

	// Mutate what was given.
	c.Tags[0] = tag.MustParseName("changed")
	c.Fields[plan] = field.Text("changed")
	got, err := get(t, s, wsA, c.ID)
	must.NoError(t, err)
	check.Equal(t, want, got, "the store kept the caller's Tags or Fields")

	// Mutate what was returned.
	got.Tags[0] = tag.MustParseName("changed")
	got.Fields[plan] = field.Text("changed")
	again, err := get(t, s, wsA, c.ID)
	must.NoError(t, err)
	check.Equal(t, want, again, "the store handed out its own Tags or Fields")

	// Field definitions.
	d := &field.Definition{Key: plan, Label: "Plan", Type: field.TypeSelect, Options: []field.Option{{Value: "gold", Label: "Gold"}}}
	must.NoError(t, update(t, s, func(tx store.Tx) error { return tx.Fields().Create(t.Context(), wsA, d) }))
	d.Options[0].Label = "changed"
	var defs []field.Definition
	must.NoError(t, s.View(t.Context(), func(tx store.Tx) error {
		got, err := tx.Fields().Get(t.Context(), wsA, plan)
		if err != nil {
			return err
		}
		got.Options[0].Label = "changed too"
		defs, err = tx.Fields().List(t.Context(), wsA)
		return err
	}))
	must.Len(t, defs, 1)
	check.Equal(t, "Gold", defs[0].Options[0].Label, "the store shares Options")
}

func TestRollback(t *testing.T) {
	errBoom := errors.New("boom")
	for _, mode := range []string{"error", "panic"} {
		t.Run(mode, func(t *testing.T) {
			s := memstore.New()
			a := person(wsA, 1, "old")
			a.Email = email(t, "old@example.com")
			a.Phone = phone(t, "+33612345678")
			mustCreate(t, s, a)
			want := a.Clone()
			plan := field.MustParseKey("plan")
			must.NoError(t, update(t, s, func(tx store.Tx) error {
				return tx.Fields().Create(t.Context(), wsA, &field.Definition{Key: plan, Type: field.TypeText})
			}))

			fn := func(tx store.Tx) error {
				ctx := t.Context()
				// A Create of a new email, phone, tag and workspace.
				n := person(wsA, 2, "new")
				n.Email = email(t, "new@example.com")
				n.Phone = phone(t, "+33698765432")
				must.NoError(t, tx.Contacts().Create(ctx, n))
				must.NoError(t, tx.Contacts().Create(ctx, person(wsB, 3)))
				// An Update that releases the old email, phone and tag.
				c, err := tx.Contacts().Get(ctx, wsA, a.ID)
				must.NoError(t, err)
				c.Email = email(t, "changed@example.com")
				c.Phone = contact.Phone{}
				c.Tags = tag.NewSet(tag.MustParseName("other"))
				must.NoError(t, tx.Contacts().Update(ctx, &c))
				c.City = "twice"
				must.NoError(t, tx.Contacts().Update(ctx, &c))
				// Fn reads its own writes.
				got, err := tx.Contacts().ByEmail(ctx, wsA, n.Email)
				must.NoError(t, err)
				must.Equal(t, n.ID, got.ID)
				_, err = tx.Contacts().ByEmail(ctx, wsA, a.Email)
				must.ErrorIs(t, err, store.ErrNotFound, "inside the transaction, the old email is free")
				// The other aggregates.
				must.NoError(t, tx.Fields().Create(ctx, wsA, &field.Definition{Key: field.MustParseKey("extra")}))
				must.NoError(t, tx.Fields().Update(ctx, wsA, &field.Definition{Key: plan, Label: "changed", Version: 1}))
				must.NoError(t, tx.Tags().Create(ctx, wsA, tag.Tag{Name: tag.MustParseName("fresh")}))
				must.NoError(t, tx.History().Append(ctx, wsA, contact.Change{Contact: a.ID, Field: contact.FieldCity, New: "twice"}))
				return failWith(mode, errBoom)
			}
			mustFail(t, s, mode, errBoom, fn)

			got, err := get(t, s, wsA, a.ID)
			must.NoError(t, err)
			check.Equal(t, want, got, "the rolled-back Update changed the contact")
			_, err = get(t, s, wsA, id(2))
			check.ErrorIs(t, err, store.ErrNotFound, "the rolled-back Create left its contact")
			_, err = get(t, s, wsB, id(3))
			check.ErrorIs(t, err, store.ErrNotFound, "the rolled-back Create left its contact")

			got, err = byEmail(t, s, wsA, a.Email)
			must.NoError(t, err, "the rolled-back Update released the old email")
			check.Equal(t, a.ID, got.ID)
			got, err = byPhone(t, s, wsA, a.Phone)
			must.NoError(t, err, "the rolled-back Update released the old phone")
			check.Equal(t, a.ID, got.ID)
			_, err = byEmail(t, s, wsA, email(t, "changed@example.com"))
			check.ErrorIs(t, err, store.ErrNotFound, "the rolled-back Update kept its new email")
			_, err = byEmail(t, s, wsA, email(t, "new@example.com"))
			check.ErrorIs(t, err, store.ErrNotFound, "the rolled-back Create kept its email")

			check.Equal(t, []contact.ID{a.ID}, listAll(t, s, wsA, store.ContactQuery{Tag: tag.MustParseName("old")}, 10))
			check.Empty(t, listAll(t, s, wsA, store.ContactQuery{Tag: tag.MustParseName("other")}, 10))
			check.Empty(t, listAll(t, s, wsA, store.ContactQuery{Tag: tag.MustParseName("new")}, 10))
			check.Equal(t, []contact.ID{a.ID}, listAll(t, s, wsA, store.ContactQuery{}, 10))
			check.Empty(t, listAll(t, s, wsB, store.ContactQuery{}, 10))

			// The email, phone and ID are free again: the same work commits.
			n := person(wsA, 2, "new")
			n.Email = email(t, "new@example.com")
			n.Phone = phone(t, "+33698765432")
			mustCreate(t, s, n)

			must.NoError(t, s.View(t.Context(), func(tx store.Tx) error {
				defs, err := tx.Fields().List(t.Context(), wsA)
				must.NoError(t, err)
				must.Len(t, defs, 1)
				check.Equal(t, int64(1), defs[0].Version)
				check.Empty(t, defs[0].Label)
				_, err = tx.Tags().Get(t.Context(), wsA, tag.MustParseName("fresh"))
				check.ErrorIs(t, err, store.ErrNotFound)
				h, err := tx.History().List(t.Context(), wsA, a.ID, "", store.PageRequest{})
				must.NoError(t, err)
				check.Empty(t, h.Items)
				return nil
			}))
		})
	}
}

func TestViewIsReadOnly(t *testing.T) {
	s := memstore.New()
	mustCreate(t, s, person(wsA, 1))
	ctx := t.Context()
	writes := map[string]func(tx store.Tx) error{
		"Contacts.Create": func(tx store.Tx) error { return tx.Contacts().Create(ctx, person(wsA, 2)) },
		"Contacts.Update": func(tx store.Tx) error {
			c := person(wsA, 1)
			c.Version = 1
			return tx.Contacts().Update(ctx, c)
		},
		"Contacts.Erase": func(tx store.Tx) error { return tx.Contacts().Erase(ctx, wsA, id(1)) },
		"Fields.Create": func(tx store.Tx) error {
			return tx.Fields().Create(ctx, wsA, &field.Definition{Key: field.MustParseKey("k")})
		},
		"Fields.Update": func(tx store.Tx) error {
			return tx.Fields().Update(ctx, wsA, &field.Definition{Key: field.MustParseKey("k")})
		},
		"Tags.Create":    func(tx store.Tx) error { return tx.Tags().Create(ctx, wsA, tag.Tag{Name: tag.MustParseName("x")}) },
		"Tags.Delete":    func(tx store.Tx) error { return tx.Tags().Delete(ctx, wsA, tag.MustParseName("x")) },
		"History.Append": func(tx store.Tx) error { return tx.History().Append(ctx, wsA, contact.Change{Contact: id(1)}) },
	}
	for name, write := range writes {
		t.Run(name, func(t *testing.T) {
			err := s.View(ctx, write)
			must.ErrorIs(t, err, store.ErrReadOnly)
		})
	}
	got, err := get(t, s, wsA, id(1))
	must.NoError(t, err)
	check.Equal(t, int64(1), got.Version)
}

func TestCanceledContext(t *testing.T) {
	s := memstore.New()
	mustCreate(t, s, person(wsA, 1))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	called := false
	err := s.Update(ctx, func(store.Tx) error { called = true; return nil })
	check.ErrorIs(t, err, context.Canceled)
	check.False(t, called, "Update called fn with a done context")
	err = s.View(ctx, func(store.Tx) error { called = true; return nil })
	check.ErrorIs(t, err, context.Canceled)
	check.False(t, called, "View called fn with a done context")

	calls := map[string]func(tx store.Tx) error{
		"Contacts.Get": func(tx store.Tx) error { _, err := tx.Contacts().Get(ctx, wsA, id(1)); return err },
		"Contacts.ByEmail": func(tx store.Tx) error {
			_, err := tx.Contacts().ByEmail(ctx, wsA, email(t, "a@example.com"))
			return err
		},
		"Contacts.ByPhone": func(tx store.Tx) error {
			_, err := tx.Contacts().ByPhone(ctx, wsA, phone(t, "+33612345678"))
			return err
		},
		"Contacts.List": func(tx store.Tx) error {
			_, err := tx.Contacts().List(ctx, wsA, store.ContactQuery{}, store.PageRequest{})
			return err
		},
		"Contacts.Create": func(tx store.Tx) error { return tx.Contacts().Create(ctx, person(wsA, 2)) },
		"Contacts.Update": func(tx store.Tx) error {
			c := person(wsA, 1)
			c.Version = 1
			return tx.Contacts().Update(ctx, c)
		},
		"Contacts.Erase": func(tx store.Tx) error { return tx.Contacts().Erase(ctx, wsA, id(1)) },
		"Fields.Get":     func(tx store.Tx) error { _, err := tx.Fields().Get(ctx, wsA, field.MustParseKey("k")); return err },
		"Fields.List":    func(tx store.Tx) error { _, err := tx.Fields().List(ctx, wsA); return err },
		"Fields.Create": func(tx store.Tx) error {
			return tx.Fields().Create(ctx, wsA, &field.Definition{Key: field.MustParseKey("k")})
		},
		"Fields.Update": func(tx store.Tx) error {
			return tx.Fields().Update(ctx, wsA, &field.Definition{Key: field.MustParseKey("k")})
		},
		"Tags.Get":       func(tx store.Tx) error { _, err := tx.Tags().Get(ctx, wsA, tag.MustParseName("x")); return err },
		"Tags.Create":    func(tx store.Tx) error { return tx.Tags().Create(ctx, wsA, tag.Tag{Name: tag.MustParseName("x")}) },
		"Tags.Delete":    func(tx store.Tx) error { return tx.Tags().Delete(ctx, wsA, tag.MustParseName("x")) },
		"Tags.List":      func(tx store.Tx) error { _, err := tx.Tags().List(ctx, wsA, store.PageRequest{}); return err },
		"History.Append": func(tx store.Tx) error { return tx.History().Append(ctx, wsA, contact.Change{Contact: id(1)}) },
		"History.List": func(tx store.Tx) error {
			_, err := tx.History().List(ctx, wsA, id(1), "", store.PageRequest{})
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			var got error
			must.NoError(t, s.Update(t.Context(), func(tx store.Tx) error {
				got = call(tx)
				return nil // commit: nothing must have been written
			}))
			check.Equal(t, context.Canceled, got, "want ctx.Err() unwrapped")
		})
	}
	check.Equal(t, []contact.ID{id(1)}, listAll(t, s, wsA, store.ContactQuery{}, 10))
	c, err := get(t, s, wsA, id(1))
	must.NoError(t, err)
	check.Equal(t, int64(1), c.Version)
}

func TestTxAfterEnd(t *testing.T) {
	s := memstore.New()
	var kept store.Tx
	must.NoError(t, update(t, s, func(tx store.Tx) error { kept = tx; return nil }))
	must.ErrorIs(t, kept.Contacts().Create(t.Context(), person(wsA, 1)), memstore.ErrTxDone)
	_, err := kept.Contacts().Get(t.Context(), wsA, id(1))
	must.ErrorIs(t, err, memstore.ErrTxDone)

	must.NoError(t, s.View(t.Context(), func(tx store.Tx) error { kept = tx; return nil }))
	_, err = kept.Tags().List(t.Context(), wsA, store.PageRequest{})
	must.ErrorIs(t, err, memstore.ErrTxDone)

	// A Tx kept by a rolled-back transaction writes nothing either.
	_ = update(t, s, func(tx store.Tx) error { kept = tx; return errors.New("fail") })
	must.ErrorIs(t, kept.Tags().Create(t.Context(), wsA, tag.Tag{Name: tag.MustParseName("x")}), memstore.ErrTxDone)
	check.Empty(t, listAll(t, s, wsA, store.ContactQuery{}, 10))
}

func TestContactsList(t *testing.T) {
	s := memstore.New()
	r := rand.New(rand.NewPCG(1, 2))
	const n = 250
	var all, vip, blocked []contact.ID
	var cs []*contact.Contact
	for _, i := range r.Perm(n) { // created out of order
		var tags []string
		if i%3 == 0 {
			tags = append(tags, "VIP")
		}
		c := person(wsA, i+1, tags...)
		if i%5 == 0 {
			c.Status = contact.StatusBlocked
		}
		cs = append(cs, c)
	}
	mustCreate(t, s, cs...)
	mustCreate(t, s, person(wsB, n+1, "vip"))
	for i := range n {
		all = append(all, id(i+1))
		if i%3 == 0 {
			vip = append(vip, id(i+1))
		}
		if i%5 == 0 {
			blocked = append(blocked, id(i+1))
		}
	}
	tests := []struct {
		name string
		q    store.ContactQuery
		want []contact.ID
	}{
		{"all", store.ContactQuery{}, all},
		{"tag", store.ContactQuery{Tag: tag.MustParseName("vip")}, vip},
		{"status", store.ContactQuery{Status: contact.StatusBlocked}, blocked},
		{"unknown tag", store.ContactQuery{Tag: tag.MustParseName("nobody")}, nil},
		{"text", store.ContactQuery{Text: contact.FoldQuery("FIRST17")}, []contact.ID{id(17), id(170), id(171), id(172), id(173), id(174), id(175), id(176), id(177), id(178), id(179)}},
	}
	for _, tt := range tests {
		for _, size := range []int{0, 1, 7, n, 5000} {
			t.Run(fmt.Sprintf("%s/size %d", tt.name, size), func(t *testing.T) {
				check.Equal(t, tt.want, listAll(t, s, wsA, tt.q, size))
			})
		}
	}
}

func TestContactsListCursors(t *testing.T) {
	s := memstore.New()
	mustCreate(t, s, person(wsA, 1), person(wsA, 2), person(wsA, 3))
	var tagCursor string
	must.NoError(t, update(t, s, func(tx store.Tx) error {
		for _, n := range []string{"a", "b"} {
			must.NoError(t, tx.Tags().Create(t.Context(), wsA, tag.Tag{Name: tag.MustParseName(n)}))
		}
		p, err := tx.Tags().List(t.Context(), wsA, store.PageRequest{Limit: 1})
		tagCursor = p.Next
		return err
	}))
	must.NotEmpty(t, tagCursor)
	for _, cursor := range []string{"garbage", "c1", "c1zz", tagCursor, "c1" + tagCursor} {
		t.Run(cursor, func(t *testing.T) {
			err := s.View(t.Context(), func(tx store.Tx) error {
				_, err := tx.Contacts().List(t.Context(), wsA, store.ContactQuery{}, store.PageRequest{Cursor: cursor})
				return err
			})
			must.ErrorIs(t, err, store.ErrInvalidCursor)
		})
	}
}

// TestContactsListConcurrentWrites pages through a workspace while other
// contacts are created and updated between the pages: every contact that
// existed before the first page and matches throughout is seen exactly once,
// in order.
func TestContactsListConcurrentWrites(t *testing.T) {
	s := memstore.New()
	var cs []*contact.Contact
	for i := range 100 {
		cs = append(cs, person(wsA, 10*(i+1), "t"))
	}
	mustCreate(t, s, cs...)
	next := 1
	for _, q := range []store.ContactQuery{{}, {Tag: tag.MustParseName("t")}} {
		var seen []contact.ID
		p := store.PageRequest{Limit: 7}
		for {
			var page store.Page[contact.Contact]
			must.NoError(t, s.View(t.Context(), func(tx store.Tx) error {
				var err error
				page, err = tx.Contacts().List(t.Context(), wsA, q, p)
				return err
			}))
			for _, c := range page.Items {
				seen = append(seen, c.ID)
			}
			if page.Next == "" {
				break
			}
			p.Cursor = page.Next
			// Between pages: new contacts everywhere, updates of seen ones.
			mustCreate(t, s, person(wsA, next+100_000, "t"), person(wsA, 10*next+1, "t"))
			next++
			must.NoError(t, update(t, s, func(tx store.Tx) error {
				c, err := tx.Contacts().Get(t.Context(), wsA, seen[0])
				if err != nil {
					return err
				}
				c.City = fmt.Sprint("moved", next)
				return tx.Contacts().Update(t.Context(), &c)
			}))
		}
		check.True(t, slices.IsSortedFunc(seen, contact.ID.Compare), "List is not in ID order")
		compact := slices.Compact(slices.Clone(seen))
		check.Len(t, compact, len(seen), "a contact was listed twice")
		for _, c := range cs {
			check.Contains(t, seen, c.ID, "a contact was skipped")
		}
	}
}

func TestConcurrentUpdatesOneWins(t *testing.T) {
	s := memstore.New()
	mustCreate(t, s, person(wsA, 1))
	const n = 16
	errs := make([]error, n)
	var start, wg sync.WaitGroup
	start.Add(1)
	for i := range n {
		wg.Go(func() {
			start.Wait()
			c := person(wsA, 1)
			c.Version = 1
			c.City = fmt.Sprint("writer ", i)
			errs[i] = s.Update(context.Background(), func(tx store.Tx) error { return tx.Contacts().Update(context.Background(), c) })
		})
	}
	start.Done()
	wg.Wait()
	wins := 0
	for _, err := range errs {
		if err == nil {
			wins++
			continue
		}
		must.ErrorIs(t, err, store.ErrConflict)
	}
	check.Equal(t, 1, wins, "exactly one writer at version 1 wins")
	got, err := get(t, s, wsA, id(1))
	must.NoError(t, err)
	check.Equal(t, int64(2), got.Version)
}

// TestConcurrentReadersAndWriters is for the race detector.
func TestConcurrentReadersAndWriters(t *testing.T) {
	s := memstore.New()
	mustCreate(t, s, person(wsA, 1, "x"))
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 50 {
				_ = s.Update(context.Background(), func(tx store.Tx) error {
					ctx := context.Background()
					if err := tx.Contacts().Create(ctx, person(wsA, 1000*(w+1)+i, "x")); err != nil {
						return err
					}
					c, err := tx.Contacts().Get(ctx, wsA, id(1))
					if err != nil {
						return err
					}
					c.City = fmt.Sprint(w, i)
					return tx.Contacts().Update(ctx, &c)
				})
			}
		})
		wg.Go(func() {
			for range 50 {
				_ = s.View(context.Background(), func(tx store.Tx) error {
					ctx := context.Background()
					_, err := tx.Contacts().List(ctx, wsA, store.ContactQuery{Tag: tag.MustParseName("x")}, store.PageRequest{Limit: 20})
					if err != nil {
						return err
					}
					_, err = tx.Contacts().Get(ctx, wsA, id(1))
					return err
				})
			}
		})
	}
	wg.Wait()
	check.Len(t, listAll(t, s, wsA, store.ContactQuery{}, 1000), 1+4*50)
}

func TestFields(t *testing.T) {
	s := memstore.New()
	ctx := t.Context()
	defs := []*field.Definition{
		{Key: field.MustParseKey("zeta"), Position: 1},
		{Key: field.MustParseKey("alpha"), Position: 2},
		{Key: field.MustParseKey("beta"), Position: 1},
	}
	must.NoError(t, update(t, s, func(tx store.Tx) error {
		for _, d := range defs {
			must.NoError(t, tx.Fields().Create(ctx, wsA, d))
			check.Equal(t, int64(1), d.Version)
		}
		err := tx.Fields().Create(ctx, wsA, &field.Definition{Key: field.MustParseKey("beta")})
		check.ErrorIs(t, err, store.ErrAlreadyExists)
		must.NoError(t, tx.Fields().Create(ctx, wsB, &field.Definition{Key: field.MustParseKey("beta")}), "keys are per workspace")

		d := *defs[0]
		d.Label = "Zeta"
		must.NoError(t, tx.Fields().Update(ctx, wsA, &d))
		check.Equal(t, int64(2), d.Version)
		d.Version = 1
		check.ErrorIs(t, tx.Fields().Update(ctx, wsA, &d), store.ErrConflict)
		check.ErrorIs(t, tx.Fields().Update(ctx, wsA, &field.Definition{Key: field.MustParseKey("nope")}), store.ErrNotFound)
		_, err = tx.Fields().Get(ctx, wsB, field.MustParseKey("zeta"))
		check.ErrorIs(t, err, store.ErrNotFound)
		return nil
	}))
	must.NoError(t, s.View(ctx, func(tx store.Tx) error {
		got, err := tx.Fields().List(ctx, wsA)
		must.NoError(t, err)
		var keys []string
		for _, d := range got {
			keys = append(keys, d.Key.String())
		}
		check.Equal(t, []string{"beta", "zeta", "alpha"}, keys, "ordered by Position, then Key")
		check.Equal(t, "Zeta", got[1].Label)
		return nil
	}))
}

func TestTags(t *testing.T) {
	s := memstore.New()
	ctx := t.Context()
	names := []string{"Delta", "alpha", "Charlie", "bravo", "echo"}
	must.NoError(t, update(t, s, func(tx store.Tx) error {
		for _, n := range names {
			must.NoError(t, tx.Tags().Create(ctx, wsA, tag.Tag{Name: tag.MustParseName(n)}))
		}
		check.ErrorIs(t, tx.Tags().Create(ctx, wsA, tag.Tag{Name: tag.MustParseName("ALPHA")}), store.ErrAlreadyExists)
		got, err := tx.Tags().Get(ctx, wsA, tag.MustParseName("DELTA"))
		must.NoError(t, err)
		check.Equal(t, "Delta", got.Name.String(), "Get by Key keeps the first spelling")
		_, err = tx.Tags().Get(ctx, wsB, tag.MustParseName("delta"))
		check.ErrorIs(t, err, store.ErrNotFound)
		must.NoError(t, tx.Tags().Delete(ctx, wsA, tag.MustParseName("echo")))
		check.ErrorIs(t, tx.Tags().Delete(ctx, wsA, tag.MustParseName("echo")), store.ErrNotFound)
		return nil
	}))
	for _, size := range []int{1, 2, 3, 100} {
		var got []string
		p := store.PageRequest{Limit: size}
		for {
			var page store.Page[tag.Tag]
			must.NoError(t, s.View(ctx, func(tx store.Tx) error {
				var err error
				page, err = tx.Tags().List(ctx, wsA, p)
				return err
			}))
			for _, tg := range page.Items {
				got = append(got, tg.Name.String())
			}
			if page.Next == "" {
				break
			}
			p.Cursor = page.Next
		}
		check.Equal(t, []string{"alpha", "bravo", "Charlie", "Delta"}, got, "size %d", size)
	}
	err := s.View(ctx, func(tx store.Tx) error {
		_, err := tx.Tags().List(ctx, wsA, store.PageRequest{Cursor: "t1zz"})
		return err
	})
	check.ErrorIs(t, err, store.ErrInvalidCursor)
}

func TestHistory(t *testing.T) {
	s := memstore.New()
	ctx := t.Context()
	var want []contact.Change
	for i := range 25 {
		f := contact.FieldCity
		if i%2 == 0 {
			f = contact.FieldFirstName
		}
		want = append(want, contact.Change{Contact: id(1), Field: f, New: fmt.Sprint(i), Source: contact.ChangeAPI})
	}
	must.NoError(t, update(t, s, func(tx store.Tx) error {
		if err := tx.History().Append(ctx, wsA, want[:10]...); err != nil {
			return err
		}
		return tx.History().Append(ctx, wsA, contact.Change{Contact: id(2), Field: contact.FieldCity})
	}))
	must.NoError(t, update(t, s, func(tx store.Tx) error { return tx.History().Append(ctx, wsA, want[10:]...) }))

	list := func(ws contact.WorkspaceID, cid contact.ID, fieldName string, size int) []contact.Change {
		var got []contact.Change
		p := store.PageRequest{Limit: size}
		for {
			var page store.Page[contact.Change]
			must.NoError(t, s.View(ctx, func(tx store.Tx) error {
				var err error
				page, err = tx.History().List(ctx, ws, cid, fieldName, p)
				return err
			}))
			got = append(got, page.Items...)
			if page.Next == "" {
				return got
			}
			p.Cursor = page.Next
		}
	}
	var city []contact.Change
	for _, ch := range want {
		if ch.Field == contact.FieldCity {
			city = append(city, ch)
		}
	}
	for _, size := range []int{1, 4, 100} {
		check.Equal(t, want, list(wsA, id(1), "", size), "size %d", size)
		check.Equal(t, city, list(wsA, id(1), contact.FieldCity, size), "size %d", size)
	}
	check.Empty(t, list(wsB, id(1), "", 10), "history of another workspace")
	check.Empty(t, list(wsA, id(3), "", 10), "no history")

	var cursor string
	must.NoError(t, s.View(ctx, func(tx store.Tx) error {
		p, err := tx.History().List(ctx, wsA, id(1), "", store.PageRequest{Limit: 2})
		cursor = p.Next
		return err
	}))
	for _, tt := range []struct {
		name   string
		id     contact.ID
		cursor string
	}{
		{"another contact", id(2), cursor},
		{"garbage", id(1), "garbage"},
		{"negative", id(1), "h1" + cursor[2:34] + ".-1"},
	} {
		err := s.View(ctx, func(tx store.Tx) error {
			_, err := tx.History().List(ctx, wsA, tt.id, "", store.PageRequest{Cursor: tt.cursor})
			return err
		})
		check.ErrorIs(t, err, store.ErrInvalidCursor, tt.name)
	}
}

func TestTagIndexLargeSets(t *testing.T) {
	s := memstore.New()
	var names []string
	for i := range 40 {
		names = append(names, fmt.Sprint("Tag ", i))
	}
	c := person(wsA, 1, names...)
	mustCreate(t, s, c, person(wsA, 2, names[0]))
	c.Tags = tag.NewSet()
	for _, n := range names[20:] {
		c.Tags, _ = c.Tags.Add(tag.MustParseName(strings.ToUpper(n))) // same Keys, other spelling
	}
	c.Tags, _ = c.Tags.Add(tag.MustParseName("extra"))
	must.NoError(t, update(t, s, func(tx store.Tx) error { return tx.Contacts().Update(t.Context(), c) }))
	for i, n := range names {
		want := []contact.ID{id(1)}
		switch {
		case i == 0:
			want = []contact.ID{id(2)}
		case i < 20:
			want = nil
		}
		check.Equal(t, want, listAll(t, s, wsA, store.ContactQuery{Tag: tag.MustParseName(n)}, 10), n)
	}
	check.Equal(t, []contact.ID{id(1)}, listAll(t, s, wsA, store.ContactQuery{Tag: tag.MustParseName("EXTRA")}, 10))
}
