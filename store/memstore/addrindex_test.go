package memstore

import (
	"maps"
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
		x.addHash(h, e, o)
		want[e] = id(i)
	}
	unset := func(i byte) {
		o, _ := w.ordOf(id(i))
		e := w.recs[o].email
		x.removeHash(h, e, o)
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
		if got := x.entries(w); !maps.Equal(got, want) {
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
	if len(x.byHash) != 0 || len(x.more) != 0 {
		t.Errorf("index not empty after every remove: %v, %v", x.byHash, x.more)
	}
}
