package memstore

import (
	"context"
	"fmt"
	"slices"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// activitiesTx is the store.Activities of a tx.
type activitiesTx tx

var _ store.Activities = (*activitiesTx)(nil)

// activitySpec describes activities to their table. An activity is indexed
// in its contact's timeline, at a position that an Update may change; it
// never changes contact.
var activitySpec = tableSpec[activity.ID, activity.Activity]{
	kind:    "activity",
	id:      func(a *activity.Activity) activity.ID { return a.ID },
	version: func(a *activity.Activity) *int64 { return &a.Version },
	clone:   (*activity.Activity).Clone,
	validate: func(old, a *activity.Activity) error {
		switch {
		case old == nil && a.Contact.IsZero():
			return fmt.Errorf("%w: no contact", ErrInvalid)
		case old != nil && a.Contact != old.Contact:
			return fmt.Errorf("%w: contact %s changed to %s", ErrInvalid, old.Contact, a.Contact)
		}
		return nil
	},
	add:    func(w *workspace, a *activity.Activity) { w.addToTimeline(a.Contact, positionOf(a)) },
	remove: func(w *workspace, a *activity.Activity) { w.removeFromTimeline(a.Contact, positionOf(a)) },
	move: func(w *workspace, old, a *activity.Activity) {
		if before, after := positionOf(old), positionOf(a); before.Compare(after) != 0 {
			w.removeFromTimeline(a.Contact, before)
			w.addToTimeline(a.Contact, after)
		}
	},
}

// Get implements store.Activities.
func (at *activitiesTx) Get(ctx context.Context, ws contact.WorkspaceID, id activity.ID) (activity.Activity, error) {
	return at.s.activities.get(ctx, (*tx)(at), ws, id)
}

// Create implements store.Activities. Besides the errors of the contract,
// it returns ErrInvalid for a nil activity, a zero ID, an empty workspace,
// a zero Contact or a non-zero Version. It does not check that the contact
// exists.
func (at *activitiesTx) Create(ctx context.Context, ws contact.WorkspaceID, a *activity.Activity) error {
	return at.s.activities.create(ctx, (*tx)(at), ws, a)
}

// Update implements store.Activities. Besides the errors of the contract,
// it returns ErrInvalid for a nil activity or one whose Contact is not the
// stored one (an activity never changes contact). A change of Pinned or
// CreatedAt moves the activity in its contact's timeline.
func (at *activitiesTx) Update(ctx context.Context, ws contact.WorkspaceID, a *activity.Activity) error {
	return at.s.activities.update(ctx, (*tx)(at), ws, a)
}

// Timeline implements store.Activities. It walks the timeline index of
// contact c only. A page holds at most p.Size() activities; it may be
// shorter, with a Next, when f is selective, since one call examines at
// most 10,000 activities. The cursor of a page is bound to the contact
// listed: it is refused for another one.
func (at *activitiesTx) Timeline(ctx context.Context, ws contact.WorkspaceID, c contact.ID, f activity.Filter, p store.PageRequest) (store.Page[activity.Activity], error) {
	t := (*tx)(at)
	if err := t.begin(ctx, false); err != nil {
		return store.Page[activity.Activity]{}, err
	}
	defer t.mu.Unlock()
	after, hasAfter, err := decodeTimelineCursor(p.Cursor, c)
	if err != nil {
		return store.Page[activity.Activity]{}, err
	}
	var tl []activity.Position
	if w := t.s.workspace(ws); w != nil {
		tl = w.timelines[c]
	}
	if hasAfter {
		i, found := slices.BinarySearchFunc(tl, after, activity.Position.Compare)
		if found {
			i++
		}
		tl = tl[i:]
	}
	ascend := func(yield func(activity.Position) bool) {
		for _, pos := range tl {
			if !yield(pos) {
				return
			}
		}
	}
	item := func(pos activity.Position) (activity.Activity, bool) {
		o := t.s.activities.rows[pos.ID]
		if !f.Matches(&o.v) {
			return activity.Activity{}, false
		}
		return o.v.Clone(), true
	}
	cursor := func(pos activity.Position) string { return encodeTimelineCursor(c, pos) }
	return scanPage(p.Size(), len(tl), ascend, item, cursor), nil
}

// positionOf returns the position of a in the timeline index: that of
// activity.PositionOf without a monotonic clock reading, so that the index
// orders by wall clock, as a cursor (which has none) does.
func positionOf(a *activity.Activity) activity.Position {
	pos := activity.PositionOf(a)
	pos.CreatedAt = pos.CreatedAt.Round(0)
	return pos
}

// addToTimeline inserts the position of an activity of contact c into its
// timeline.
func (w *workspace) addToTimeline(c contact.ID, pos activity.Position) {
	tl := w.timelines[c]
	i, _ := slices.BinarySearchFunc(tl, pos, activity.Position.Compare)
	w.timelines[c] = slices.Insert(tl, i, pos)
}

// removeFromTimeline removes the position of an activity of contact c from
// its timeline, and the timeline once empty.
func (w *workspace) removeFromTimeline(c contact.ID, pos activity.Position) {
	tl := w.timelines[c]
	i, found := slices.BinarySearchFunc(tl, pos, activity.Position.Compare)
	if !found {
		return
	}
	if tl = slices.Delete(tl, i, i+1); len(tl) == 0 {
		delete(w.timelines, c)
	} else {
		w.timelines[c] = tl
	}
}
