package storetest

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
)

// The samples of the kinds of merge: merge records, with
// full contact snapshots and moved records as JSON, tombstones and
// dismissals. The generic Records cases certify them like every kind:
// round trips, keys, moves, paging, isolation, copies.

func newMergeID() merge.ID { return merge.ID(uuid.NewString()) }

var mergeSample = kindSample[merge.ID, merge.Record]{
	table: store.Merges,
	make: func(e *env, t *testing.T, g *world, i int) merge.Record {
		primary := e.person(g.ws, fmt.Sprintf("Zoë %d", i), "Primary")
		primary.ID = g.contacts[i%len(g.contacts)]
		other := e.person(g.ws, fmt.Sprintf("Zoe %d", i), "Other")
		other.Email = mustEmail(t, fmt.Sprintf("zoe.%d@example.com", i))
		survivor := primary.Clone()
		survivor.OtherEmails = []contact.LabeledEmail{{Email: other.Email, Label: contact.LabelWork}}
		before, _ := json.Marshal(map[string]any{"ID": fmt.Sprintf("note-%d", i), "Contact": other.ID.String()})
		after, _ := json.Marshal(map[string]any{"ID": fmt.Sprintf("note-%d", i), "Contact": primary.ID.String()})
		r := merge.Record{
			ID:        newMergeID(),
			Workspace: g.ws,
			Primary:   primary.ID,
			Others:    []contact.ID{other.ID},
			Policy:    merge.PolicyPrimary,
			At:        e.at(i),
			By:        contact.UserID(fmt.Sprintf("user-%d", i)),
			Inputs:    []contact.Contact{primary, other},
			Survivor:  survivor,
			// The primary's own creation date, before this merge.
			BaseCreatedAt: primary.CreatedAt,
			Decisions:     []merge.Decision{{Field: contact.FieldOtherEmails, Contact: other.ID, Value: other.Email.String(), Rule: merge.RuleSecondary}},
			Unplaced:      []merge.Unplaced{{Field: contact.FieldTags, Contact: other.ID, Value: "vip", Reason: "more than 100 tags"}},
			Moves: []merge.Move{
				{Kind: "activity", ID: fmt.Sprintf("note-%d", i), NewID: fmt.Sprintf("note-%d", i), From: other.ID, To: primary.ID, Before: before, After: after},
				// A removal: no After, which must come back empty.
				{Kind: "membership", ID: fmt.Sprintf("list/%d", i), From: other.ID, To: primary.ID, Before: before},
			},
		}
		if i%2 == 0 {
			r.UndoneAt, r.UndoneBy = e.at(i+1), "user-undo"
		}
		// Rebased by the unmerge of an earlier merge, done out of order.
		r.Rebased = []merge.ID{newMergeID()}
		return r
	},
	edit: func(r *merge.Record, n int) { r.By = contact.UserID(fmt.Sprintf("edited-%d", n)) },
	move: func(r *merge.Record, c contact.ID) { r.Primary = c },
	scribble: func(r *merge.Record) {
		scribbleSlice(r.Inputs, func(c *contact.Contact) { c.FirstName = "scribbled" })
		scribbleSlice(r.Moves, func(m *merge.Move) { scribbleSlice(m.Before, func(b *byte) { *b = ' ' }) })
	},
}

var tombstoneSample = kindSample[contact.ID, merge.Tombstone]{
	table: store.Tombstones,
	make: func(e *env, _ *testing.T, g *world, i int) merge.Tombstone {
		// The merged-away contact: a contact of the world for the first
		// ones, so that LiveContact and moves are exercised.
		id := newID()
		if i < len(g.contacts) {
			id = g.contacts[i]
		}
		return merge.Tombstone{Contact: id, Into: g.contacts[(i+1)%len(g.contacts)], Merge: newMergeID(), At: e.at(i)}
	},
	edit: func(tb *merge.Tombstone, n int) { tb.At = tb.At.Add(time.Duration(n+1) * time.Second) },
}

var unmergedSample = kindSample[string, merge.Unmerged]{
	table: store.Unmerges,
	make: func(e *env, _ *testing.T, g *world, i int) merge.Unmerged {
		// Contacts of the world, so that LiveContact and moves are
		// exercised.
		return merge.Unmerged{Merge: newMergeID(), Contact: g.contacts[i%len(g.contacts)], At: e.at(i)}
	},
	edit: func(u *merge.Unmerged, n int) { u.At = u.At.Add(time.Duration(n+1) * time.Second) },
}

var dismissalSample = kindSample[string, merge.Dismissal]{
	table: store.Dismissals,
	make: func(e *env, _ *testing.T, g *world, i int) merge.Dismissal {
		a := g.contacts[i%len(g.contacts)]
		return merge.NewDismissal(a, newID(), []string{fmt.Sprintf("email:pair.%d@example.com", i), "phone:+33612345678"}, e.at(i), "user-1")
	},
	edit: func(d *merge.Dismissal, n int) { d.By = contact.UserID(fmt.Sprintf("edited-%d", n)) },
	scribble: func(d *merge.Dismissal) {
		scribbleSlice(d.Keys, func(k *string) { *k = "scribbled" })
	},
}

var holdingSample = kindSample[string, merge.Holding]{
	table: store.Holdings,
	make: func(_ *env, _ *testing.T, g *world, i int) merge.Holding {
		// One holder or more: shared (merge.Holding.Shared) or not.
		h := merge.Holding{Key: fmt.Sprintf("email:held.%d@example.com", i)}
		for j := range 1 + i%3 {
			h.Holders = append(h.Holders, merge.Holder{Contact: g.contacts[(i+j)%len(g.contacts)], Variant: j == 0})
		}
		return h
	},
	edit: func(h *merge.Holding, n int) {
		h.Holders = append(h.Holders, merge.Holder{Contact: contact.ID{0xed, byte(n >> 8), byte(n)}, Variant: n%2 == 0})
	},
	scribble: func(h *merge.Holding) {
		scribbleSlice(h.Holders, func(x *merge.Holder) { x.Contact = contact.ID{0xff}; x.Variant = !x.Variant })
	},
}

var holdingBucketSample = kindSample[string, merge.HoldingBucket]{
	table: store.HoldingBuckets,
	make: func(_ *env, _ *testing.T, g *world, i int) merge.HoldingBucket {
		// A holding or two, with one holder or more.
		var hs []merge.Holding
		for k := range 1 + i%2 {
			h := merge.Holding{Key: fmt.Sprintf("email:held.%d.%d@example.com", i, k)}
			for j := range 1 + (i+k)%3 {
				h.Holders = append(h.Holders, merge.Holder{Contact: g.contacts[(i+j)%len(g.contacts)], Variant: j == 0})
			}
			hs = append(hs, h)
		}
		b := merge.HoldingBucket{ID: fmt.Sprintf("%03x", i)}
		for _, h := range hs {
			b.Set(h)
		}
		return b
	},
	edit: func(b *merge.HoldingBucket, n int) {
		b.Set(merge.Holding{Key: fmt.Sprintf("email:edited.%d@example.com", n), Holders: []merge.Holder{{Contact: contact.ID{byte(n)}, Variant: true}}})
	},
	scribble: func(b *merge.HoldingBucket) {
		for _, h := range b.Holdings() {
			b.Set(merge.Holding{Key: h.Key}) // not needed: removed
		}
	},
}
