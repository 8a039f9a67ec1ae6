package memstore

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"testing"

	"github.com/contactkit/contactkit/contact"
)

// TestAddrIndexCollisions forces every address to one hash: lookups, adds
// and removes must still give the answers of a map keyed by the address.
func TestAddrIndexCollisions(t *testing.T) {
	w := newWorkspace("ws")
	x := &w.emails
	const h = 42
	email := func(s string) contact.Email { return contact.MustParseEmail(s + "@example.com") }
	id := func(b byte) contact.ID { return contact.ID{15: b} }
	want := make(map[contact.Email]contact.ID)
	set := func(i byte, e contact.Email) {
		o := w.put(id(i), newRecord(&contact.Contact{Email: e}, w, 1, nil))
		x.addHash(h, o)
		want[e] = id(i)
	}
	unset := func(i byte) {
		o, _ := w.ordOf(id(i))
		e := w.recs[o].email
		x.removeHash(h, o)
		w.drop(o)
		delete(want, e)
	}
	verify := func(step string) {
		t.Helper()
		for _, s := range []string{"a", "b", "c", "d"} {
			e := email(s)
			var got contact.ID
			o, ok := x.ownerHash(h, e, w.recs)
			if ok {
				got = w.ids[o]
			}
			if w, wok := want[e]; got != w || ok != wok {
				t.Errorf("%s: owner(%s) = %v, %v; want %v, %v", step, e, got, ok, w, wok)
			}
		}
		if got := x.entries(w, func(contact.Email) uint32 { return h }); !maps.Equal(got, want) || x.live != len(want) {
			t.Errorf("%s: entries = %v, want %v", step, got, want)
		}
	}
	verify("empty")
	set(1, email("a"))
	verify("add a")
	set(2, email("b"))
	set(3, email("c"))
	verify("add b, c")
	unset(1)
	verify("remove a")
	set(4, email("d"))
	verify("add d")
	unset(3)
	unset(2)
	verify("remove c, b")
	unset(4)
	verify("remove d")
	if x.live != 0 {
		t.Errorf("index not empty after every remove: %d addresses", x.live)
	}
}

// TestAddrIndexAgreesWithMap checks the index against a map under random
// adds and removes across many resizes, dead slots included.
func TestAddrIndexAgreesWithMap(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	w := newWorkspace("ws")
	x := &w.emails
	want := map[contact.Email]uint32{}
	var held []contact.Email
	for step := range 100_000 {
		if len(held) > 0 && r.IntN(3) == 0 {
			i := r.IntN(len(held))
			e := held[i]
			held[i], held = held[len(held)-1], held[:len(held)-1]
			x.remove(e, want[e])
			w.drop(want[e])
			delete(want, e)
		} else {
			e := contact.MustParseEmail(fmt.Sprintf("u%d@example.com", r.IntN(1<<20)))
			if _, ok := want[e]; ok {
				continue
			}
			o := w.put(contact.ID{0: byte(step >> 16), 1: byte(step >> 8), 2: byte(step)}, newRecord(&contact.Contact{Email: e}, w, 1, nil))
			x.add(e, o)
			want[e] = o
			held = append(held, e)
		}
		if step%991 == 0 {
			for e, o := range want {
				if got, ok := w.owner(contact.EmailKey(e)); !ok || got != o {
					t.Fatalf("step %d: owner(%s) = %d, %v; want %d", step, e, got, ok, o)
				}
			}
			if _, ok := w.owner(contact.EmailKey(contact.MustParseEmail("nobody@example.com"))); ok {
				t.Fatalf("step %d: an address nobody holds has an owner", step)
			}
			if x.live != len(want) || x.used*4 > len(x.slots)*3 {
				t.Fatalf("step %d: %d addresses, %d of %d slots used; want %d", step, x.live, x.used, len(x.slots), len(want))
			}
		}
	}
}

// TestAddrIndexAddressHeldTwice checks that a contact that holds one
// address twice (a primary email among its other emails) leaves no entry
// behind when it no longer does, or is deleted.
func TestAddrIndexAddressHeldTwice(t *testing.T) {
	w := newWorkspace("ws")
	e := contact.MustParseEmail("ann@example.com")
	twice := &contact.Contact{Email: e, OtherEmails: []contact.LabeledEmail{{Email: e}}}
	once := &contact.Contact{Email: e}
	r1 := newRecord(twice, w, 1, nil)
	o := w.put(contact.ID{1}, r1)
	w.reindex(o, nil, r1)
	r2 := newRecord(once, w, 2, r1)
	w.recs[o] = r2
	w.reindex(o, r1, r2)
	if w.emails.live != 1 {
		t.Errorf("one address held once has %d entries", w.emails.live)
	}
	w.reindex(o, r2, nil)
	w.drop(o)
	if w.emails.live != 0 {
		t.Errorf("%d entries left after the contact is gone", w.emails.live)
	}
}
