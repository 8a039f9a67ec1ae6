package memstore

import (
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/contactkit/contactkit/contact"
)

// TestIDTableAgreesWithMap checks the table of IDs against a map under
// random puts and drops, which reuse freed ordinals and leave dead slots
// that resizes clear, at sizes that cross several resizes.
func TestIDTableAgreesWithMap(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	w := newWorkspace("ws")
	want := map[contact.ID]uint32{}
	var held []contact.ID
	for step := range 200_000 {
		// Grow for a while, then shrink, then grow again.
		grow := step%100_000 < 60_000
		if len(held) > 0 && (!grow && r.IntN(4) != 0 || r.IntN(4) == 0) {
			i := r.IntN(len(held))
			id := held[i]
			held[i], held = held[len(held)-1], held[:len(held)-1]
			w.drop(want[id])
			delete(want, id)
		} else {
			id := randomID(r, 1<<20)
			if _, ok := want[id]; ok {
				continue
			}
			want[id] = w.put(id, &record{})
			held = append(held, id)
		}
		if step%997 == 0 {
			for id, o := range want {
				if got, ok := w.ordOf(id); !ok || got != o || w.ids[o] != id || w.recs[o] == nil {
					t.Fatalf("step %d: ordOf(%s) = %d, %v; want %d", step, id, got, ok, o)
				}
			}
			if _, ok := w.ordOf(contact.ID{0xff}); ok {
				t.Fatalf("step %d: an ID never put is found", step)
			}
			if w.contacts.len() != len(want) || len(w.recs)-len(w.free) != len(want) {
				t.Fatalf("step %d: %d in the table, %d ordinals used, want %d", step, w.contacts.len(), len(w.recs)-len(w.free), len(want))
			}
			// At most three slots in four used, dead ones included.
			if tb := &w.contacts; tb.used*4 > len(tb.slots)*3 {
				t.Fatalf("step %d: %d of %d slots used", step, tb.used, len(tb.slots))
			}
		}
	}
}

// TestByIDTop checks byID, which orders the contact of the workspace's
// greatest ID without reading IDs, against the order of the IDs, while
// contacts come (mostly in the order of their IDs, as UUIDv7 gives them,
// sometimes not) and go (the greatest among them).
func TestByIDTop(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	w := newWorkspace("ws")
	o := byID{w}
	var held []uint32
	next := uint64(1 << 40)
	for step := range 1_500 {
		switch k := r.IntN(10); {
		case k < 3 && len(held) > 0:
			i := r.IntN(len(held))
			if r.IntN(2) == 0 {
				// The greatest, when it is held.
				for j, h := range held {
					if h == w.top {
						i = j
					}
				}
			}
			w.drop(held[i])
			held = slices.Delete(held, i, i+1)
		default:
			var id contact.ID
			if k == 9 {
				id = randomID(r, 1<<16) // out of the order of creation
			} else {
				next += uint64(r.IntN(3)) // sometimes equal to the last: taken
				binary.BigEndian.PutUint64(id[:8], next)
			}
			if _, ok := w.ordOf(id); ok || id.IsZero() {
				continue
			}
			held = append(held, w.put(id, &record{}))
		}
		// Every pair now and then; after each step, those of the top.
		pairs := held
		if step%250 != 0 && w.top != noTop {
			pairs = []uint32{w.top}
		}
		for _, a := range pairs {
			for _, b := range held {
				if got, want := o.Compare(a, b), compareID(w.ids[a], w.ids[b]); got != want {
					t.Fatalf("step %d: Compare(%s, %s) = %d, want %d", step, w.ids[a], w.ids[b], got, want)
				}
			}
		}
	}
}
