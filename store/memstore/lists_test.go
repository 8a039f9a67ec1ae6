package memstore_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

func TestLists(t *testing.T) {
	s := memstore.New()
	l := newList(1)
	write(t, s, func(tx store.Tx) error { return tx.Lists().Create(t.Context(), wsA, l) })
	check.Equal(t, int64(1), l.Version, "Create sets l.Version")

	getList := func(ws contact.WorkspaceID, lid list.ID) (got list.List, err error) {
		err = read(t, s, func(tx store.Tx) error {
			got, err = tx.Lists().Get(t.Context(), ws, lid)
			return err
		})
		return got, err
	}
	got, err := getList(wsA, l.ID)
	must.NoError(t, err)
	check.Equal(t, *l, got, "Get returns what Create stored")

	l.Name = "Renamed"
	write(t, s, func(tx store.Tx) error { return tx.Lists().Update(t.Context(), wsA, l) })
	check.Equal(t, int64(2), l.Version, "Update increments l.Version")
	got, err = getList(wsA, l.ID)
	must.NoError(t, err)
	check.Equal(t, *l, got, "Get returns what Update stored")

	tests := []struct {
		name string
		fn   func(tx store.Tx) error
		want error
	}{
		{"Create same ID", func(tx store.Tx) error { return tx.Lists().Create(t.Context(), wsA, newList(1)) }, store.ErrAlreadyExists},
		{"Create same ID in another workspace", func(tx store.Tx) error { return tx.Lists().Create(t.Context(), wsB, newList(1)) }, store.ErrAlreadyExists},
		{"Create with a version", func(tx store.Tx) error {
			l := newList(2)
			l.Version = 1
			return tx.Lists().Create(t.Context(), wsA, l)
		}, memstore.ErrInvalid},
		{"Create zero ID", func(tx store.Tx) error {
			return tx.Lists().Create(t.Context(), wsA, &list.List{Name: "x"})
		}, memstore.ErrInvalid},
		{"Create no workspace", func(tx store.Tx) error { return tx.Lists().Create(t.Context(), "", newList(2)) }, memstore.ErrInvalid},
		{"Create nil", func(tx store.Tx) error { return tx.Lists().Create(t.Context(), wsA, nil) }, memstore.ErrInvalid},
		{"Update stale", func(tx store.Tx) error {
			l := newList(1)
			l.Version = 1
			return tx.Lists().Update(t.Context(), wsA, l)
		}, store.ErrConflict},
		{"Update missing", func(tx store.Tx) error {
			l := newList(9)
			l.Version = 1
			return tx.Lists().Update(t.Context(), wsA, l)
		}, store.ErrNotFound},
		{"Update other workspace", func(tx store.Tx) error {
			l := newList(1)
			l.Version = 2
			return tx.Lists().Update(t.Context(), wsB, l)
		}, store.ErrNotFound},
		{"Update nil", func(tx store.Tx) error { return tx.Lists().Update(t.Context(), wsA, nil) }, memstore.ErrInvalid},
		{"Get missing", func(tx store.Tx) error { _, err := tx.Lists().Get(t.Context(), wsA, listID(9)); return err }, store.ErrNotFound},
		{"Get other workspace", func(tx store.Tx) error { _, err := tx.Lists().Get(t.Context(), wsB, listID(1)); return err }, store.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			must.ErrorIs(t, s.Update(t.Context(), tt.fn), tt.want)
		})
	}
	got, err = getList(wsA, l.ID)
	must.NoError(t, err)
	check.Equal(t, *l, got, "a failed write changed the list")
	_, err = getList(wsA, listID(2))
	check.ErrorIs(t, err, store.ErrNotFound, "a failed Create wrote its list")
}

func TestListsList(t *testing.T) {
	s := memstore.New()
	const n = 60
	var want []list.ID
	write(t, s, func(tx store.Tx) error {
		for _, i := range rand.New(rand.NewPCG(3, 4)).Perm(n) { // created out of order
			must.NoError(t, tx.Lists().Create(t.Context(), wsA, newList(i+1)))
		}
		return tx.Lists().Create(t.Context(), wsB, newList(n+1))
	})
	for i := range n {
		want = append(want, listID(i+1))
	}
	for _, size := range []int{0, 1, 7, n, 5000} {
		t.Run(fmt.Sprintf("size %d", size), func(t *testing.T) {
			got := all(t, s, size, func(tx store.Tx, p store.PageRequest) (store.Page[list.List], error) {
				return tx.Lists().List(t.Context(), wsA, p)
			})
			check.Equal(t, want, keys(got, func(l list.List) list.ID { return l.ID }))
		})
	}
	got := all(t, s, 10, func(tx store.Tx, p store.PageRequest) (store.Page[list.List], error) {
		return tx.Lists().List(t.Context(), "ws-empty", p)
	})
	check.Empty(t, got, "a workspace without lists")
}

func TestMembershipsPut(t *testing.T) {
	s := memstore.New()
	m := newMembership(1, 1)
	write(t, s, func(tx store.Tx) error { return tx.Memberships().Put(t.Context(), wsA, m) })
	check.Equal(t, int64(1), m.Version, "Put of a new membership sets version 1")

	getM := func(ws contact.WorkspaceID, l, c int) (got list.Membership, err error) {
		err = read(t, s, func(tx store.Tx) error {
			got, err = tx.Memberships().Get(t.Context(), ws, listID(l), id(c))
			return err
		})
		return got, err
	}
	got, err := getM(wsA, 1, 1)
	must.NoError(t, err)
	check.Equal(t, *m, got)

	m.Status = list.StatusUnsubscribed
	write(t, s, func(tx store.Tx) error { return tx.Memberships().Put(t.Context(), wsA, m) })
	check.Equal(t, int64(2), m.Version, "Put of an update increments the version")
	got, err = getM(wsA, 1, 1)
	must.NoError(t, err)
	check.Equal(t, *m, got)

	// The same list and contact in another workspace is another membership.
	other := newMembership(1, 1)
	write(t, s, func(tx store.Tx) error { return tx.Memberships().Put(t.Context(), wsB, other) })
	check.Equal(t, int64(1), other.Version)

	tests := []struct {
		name string
		m    *list.Membership
		ws   contact.WorkspaceID
		want error
	}{
		{"create existing", newMembership(1, 1), wsA, store.ErrAlreadyExists},
		{"stale", func() *list.Membership { m := newMembership(1, 1); m.Version = 1; return m }(), wsA, store.ErrConflict},
		{"update missing", func() *list.Membership { m := newMembership(1, 2); m.Version = 1; return m }(), wsA, store.ErrNotFound},
		{"update in a workspace without it", func() *list.Membership { m := newMembership(1, 1); m.Version = 2; return m }(), "ws-c", store.ErrNotFound},
		{"no list", func() *list.Membership { m := newMembership(1, 2); m.List = list.ID{}; return m }(), wsA, memstore.ErrInvalid},
		{"no contact", func() *list.Membership { m := newMembership(1, 2); m.Contact = contact.ID{}; return m }(), wsA, memstore.ErrInvalid},
		{"no workspace", newMembership(1, 2), "", memstore.ErrInvalid},
		{"nil", nil, wsA, memstore.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.Update(t.Context(), func(tx store.Tx) error { return tx.Memberships().Put(t.Context(), tt.ws, tt.m) })
			must.ErrorIs(t, err, tt.want)
		})
	}
	got, err = getM(wsA, 1, 1)
	must.NoError(t, err)
	check.Equal(t, *m, got, "a failed Put changed the membership")
	_, err = getM(wsA, 1, 2)
	check.ErrorIs(t, err, store.ErrNotFound, "a failed Put wrote a membership")
	_, err = getM("ws-c", 1, 1)
	check.ErrorIs(t, err, store.ErrNotFound, "a membership of another workspace is not found")
}

func TestMembershipsList(t *testing.T) {
	s := memstore.New()
	const lists, contacts = 5, 40
	type key struct{ l, c int }
	var every []key
	r := rand.New(rand.NewPCG(5, 6))
	write(t, s, func(tx store.Tx) error {
		for _, i := range r.Perm(lists * contacts) { // put out of order
			l, c := i/contacts+1, i%contacts+1
			if (l+c)%3 == 0 {
				continue // not every contact is in every list
			}
			m := newMembership(l, c)
			if c%4 == 0 {
				m.Status = list.StatusUnsubscribed
			}
			must.NoError(t, tx.Memberships().Put(t.Context(), wsA, m))
		}
		return tx.Memberships().Put(t.Context(), wsB, newMembership(1, 1))
	})
	for l := 1; l <= lists; l++ {
		for c := 1; c <= contacts; c++ {
			if (l+c)%3 != 0 {
				every = append(every, key{l, c})
			}
		}
	}
	filter := func(keep func(key) bool) []key {
		var out []key
		for _, k := range every {
			if keep(k) {
				out = append(out, k)
			}
		}
		return out
	}
	tests := []struct {
		name string
		q    store.MembershipQuery
		want []key
	}{
		{"all", store.MembershipQuery{}, every},
		{"list", store.MembershipQuery{List: listID(2)}, filter(func(k key) bool { return k.l == 2 })},
		{"contact", store.MembershipQuery{Contact: id(7)}, filter(func(k key) bool { return k.c == 7 })},
		{"list and contact", store.MembershipQuery{List: listID(2), Contact: id(8)}, []key{{2, 8}}},
		{"list and contact without membership", store.MembershipQuery{List: listID(1), Contact: id(2)}, nil},
		{"status", store.MembershipQuery{Status: list.StatusUnsubscribed}, filter(func(k key) bool { return k.c%4 == 0 })},
		{"list and status", store.MembershipQuery{List: listID(3), Status: list.StatusUnsubscribed},
			filter(func(k key) bool { return k.l == 3 && k.c%4 == 0 })},
		{"unknown list", store.MembershipQuery{List: listID(99)}, nil},
		{"unknown contact", store.MembershipQuery{Contact: id(999)}, nil},
	}
	for _, tt := range tests {
		for _, size := range []int{0, 1, 3, 7, 5000} {
			t.Run(fmt.Sprintf("%s/size %d", tt.name, size), func(t *testing.T) {
				got := all(t, s, size, func(tx store.Tx, p store.PageRequest) (store.Page[list.Membership], error) {
					return tx.Memberships().List(t.Context(), wsA, tt.q, p)
				})
				check.Equal(t, tt.want, keys(got, func(m list.Membership) key {
					for l := 1; l <= lists; l++ {
						for c := 1; c <= contacts; c++ {
							if m.List == listID(l) && m.Contact == id(c) {
								return key{l, c}
							}
						}
					}
					return key{}
				}))
			})
		}
	}

	// A cursor is a position in (list, contact) order: one handed out by a
	// query on a list goes on from there in a query on a contact.
	var page store.Page[list.Membership]
	must.NoError(t, read(t, s, func(tx store.Tx) error {
		var err error
		page, err = tx.Memberships().List(t.Context(), wsA, store.MembershipQuery{List: listID(2)}, store.PageRequest{Limit: 3})
		return err
	}))
	must.NotEmpty(t, page.Next)
	last := page.Items[len(page.Items)-1]
	must.NoError(t, read(t, s, func(tx store.Tx) error {
		var err error
		page, err = tx.Memberships().List(t.Context(), wsA, store.MembershipQuery{Contact: last.Contact}, store.PageRequest{Cursor: page.Next})
		return err
	}))
	for _, m := range page.Items {
		check.True(t, m.List.Compare(last.List) > 0, "membership of list %s listed after list %s", m.List, last.List)
	}
}

func TestMembershipsListWhileWriting(t *testing.T) {
	// Paging visits every membership that exists throughout exactly once,
	// whatever is put between pages.
	s := memstore.New()
	there := make(map[contact.ID]bool)
	write(t, s, func(tx store.Tx) error {
		for c := 2; c <= 40; c += 2 {
			there[id(c)] = true
			must.NoError(t, tx.Memberships().Put(t.Context(), wsA, newMembership(1, c)))
		}
		return nil
	})
	var got []contact.ID
	p := store.PageRequest{Limit: 3}
	for added := 1; ; added += 2 {
		var page store.Page[list.Membership]
		must.NoError(t, read(t, s, func(tx store.Tx) error {
			var err error
			page, err = tx.Memberships().List(t.Context(), wsA, store.MembershipQuery{List: listID(1)}, p)
			return err
		}))
		for _, m := range page.Items {
			if there[m.Contact] {
				got = append(got, m.Contact)
			}
		}
		if page.Next == "" {
			break
		}
		p.Cursor = page.Next
		write(t, s, func(tx store.Tx) error { return tx.Memberships().Put(t.Context(), wsA, newMembership(1, added)) })
	}
	var want []contact.ID
	for c := 2; c <= 40; c += 2 {
		want = append(want, id(c))
	}
	check.Equal(t, want, got)
}

func TestConsent(t *testing.T) {
	s := memstore.New()
	c := newConsent(t, "ada@example.com")
	write(t, s, func(tx store.Tx) error { return tx.Consent().Put(t.Context(), wsA, c) })
	check.Equal(t, int64(1), c.Version)

	getC := func(ws contact.WorkspaceID, a list.Address) (got list.Consent, err error) {
		err = read(t, s, func(tx store.Tx) error {
			got, err = tx.Consent().Get(t.Context(), ws, a)
			return err
		})
		return got, err
	}
	got, err := getC(wsA, c.Address)
	must.NoError(t, err)
	check.Equal(t, *c, got)

	*c, _ = c.Unsubscribe(list.Change{At: t0, Source: contact.ChangeImport, Reason: "bounce"})
	write(t, s, func(tx store.Tx) error { return tx.Consent().Put(t.Context(), wsA, c) })
	check.Equal(t, int64(2), c.Version)
	got, err = getC(wsA, c.Address)
	must.NoError(t, err)
	check.Equal(t, *c, got)

	sms := list.MustParseAddress(list.ChannelSMS, "+33612345678")
	wa := list.MustParseAddress(list.ChannelWhatsApp, "+33612345678")
	write(t, s, func(tx store.Tx) error {
		return tx.Consent().Put(t.Context(), wsA, &list.Consent{Address: sms, Status: list.ConsentUnsubscribed})
	})

	tests := []struct {
		name string
		fn   func(tx store.Tx) error
		want error
	}{
		{"create existing", func(tx store.Tx) error { return tx.Consent().Put(t.Context(), wsA, newConsent(t, "ada@example.com")) }, store.ErrAlreadyExists},
		{"stale", func(tx store.Tx) error {
			c := newConsent(t, "ada@example.com")
			c.Version = 1
			return tx.Consent().Put(t.Context(), wsA, c)
		}, store.ErrConflict},
		{"update unknown address", func(tx store.Tx) error {
			c := newConsent(t, "bob@example.com")
			c.Version = 1
			return tx.Consent().Put(t.Context(), wsA, c)
		}, store.ErrConflict},
		{"zero address", func(tx store.Tx) error { return tx.Consent().Put(t.Context(), wsA, &list.Consent{}) }, memstore.ErrInvalid},
		{"no workspace", func(tx store.Tx) error { return tx.Consent().Put(t.Context(), "", newConsent(t, "bob@example.com")) }, memstore.ErrInvalid},
		{"nil", func(tx store.Tx) error { return tx.Consent().Put(t.Context(), wsA, nil) }, memstore.ErrInvalid},
		{"Get unknown", func(tx store.Tx) error {
			_, err := tx.Consent().Get(t.Context(), wsA, newConsent(t, "bob@example.com").Address)
			return err
		}, store.ErrNotFound},
		{"Get other channel", func(tx store.Tx) error { _, err := tx.Consent().Get(t.Context(), wsA, wa); return err }, store.ErrNotFound},
		{"Get other workspace", func(tx store.Tx) error { _, err := tx.Consent().Get(t.Context(), wsB, c.Address); return err }, store.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			must.ErrorIs(t, s.Update(t.Context(), tt.fn), tt.want)
		})
	}
	got, err = getC(wsA, c.Address)
	must.NoError(t, err)
	check.Equal(t, *c, got, "a failed Put changed the entry")
	got, err = getC(wsA, sms)
	must.NoError(t, err)
	check.Equal(t, list.ConsentUnsubscribed, got.Status)

	// Another workspace has its own ledger.
	c2 := newConsent(t, "ada@example.com")
	write(t, s, func(tx store.Tx) error { return tx.Consent().Put(t.Context(), wsB, c2) })
	check.Equal(t, int64(1), c2.Version)
}
