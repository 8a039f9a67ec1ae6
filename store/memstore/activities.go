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

// Get implements store.Activities.
func (at *activitiesTx) Get(ctx context.Context, ws contact.WorkspaceID, id activity.ID) (activity.Activity, error) {
	t := (*tx)(at)
	if err := t.begin(ctx, false); err != nil {
		return activity.Activity{}, err
	}
	defer t.mu.Unlock()
	o, ok := t.s.activities[id]
	if !ok || o.ws != ws {
		return activity.Activity{}, fmt.Errorf("memstore: get activity %s: %w", id, store.ErrNotFound)
	}
	return o.v.Clone(), nil
}

// Create implements store.Activities. Besides the errors of the contract,
// it returns ErrInvalid for a nil activity, a zero ID, an empty workspace,
// a zero Contact or a non-zero Version. It does not check that the contact
// exists.
func (at *activitiesTx) Create(ctx context.Context, ws contact.WorkspaceID, a *activity.Activity) error {
	t := (*tx)(at)
	if err := t.begin(ctx, true); err != nil {
		return err
	}
	defer t.mu.Unlock()
	switch {
	case a == nil:
		return fmt.Errorf("memstore: create activity: %w: nil activity", ErrInvalid)
	case a.ID.IsZero():
		return fmt.Errorf("memstore: create activity: %w: zero ID", ErrInvalid)
	case ws == "":
		return fmt.Errorf("memstore: create activity %s: %w: no workspace", a.ID, ErrInvalid)
	case a.Contact.IsZero():
		return fmt.Errorf("memstore: create activity %s: %w: no contact", a.ID, ErrInvalid)
	case a.Version != 0:
		return fmt.Errorf("memstore: create activity %s: %w: version is %d, want 0", a.ID, ErrInvalid, a.Version)
	}
	s := t.s
	if _, ok := s.activities[a.ID]; ok {
		return fmt.Errorf("memstore: create activity %s: %w", a.ID, store.ErrAlreadyExists)
	}
	w := t.writeWorkspace(ws)
	stored := a.Clone()
	stored.Version = 1
	s.activities[a.ID] = owned[activity.Activity]{ws: w.id, v: stored}
	pos := positionOf(&stored)
	w.addToTimeline(stored.Contact, pos)
	t.onUndo(func() {
		w.removeFromTimeline(stored.Contact, pos)
		delete(s.activities, pos.ID)
	})
	a.Version = 1
	return nil
}

// Update implements store.Activities. Besides the errors of the contract,
// it returns ErrInvalid for a nil activity or one whose Contact is not the
// stored one (an activity never changes contact). A change of Pinned or
// CreatedAt moves the activity in its contact's timeline.
func (at *activitiesTx) Update(ctx context.Context, ws contact.WorkspaceID, a *activity.Activity) error {
	t := (*tx)(at)
	if err := t.begin(ctx, true); err != nil {
		return err
	}
	defer t.mu.Unlock()
	if a == nil {
		return fmt.Errorf("memstore: update activity: %w: nil activity", ErrInvalid)
	}
	s := t.s
	old, ok := s.activities[a.ID]
	if !ok || old.ws != ws {
		return fmt.Errorf("memstore: update activity %s: %w", a.ID, store.ErrNotFound)
	}
	if a.Version != old.v.Version {
		return fmt.Errorf("memstore: update activity %s at version %d (stored: %d): %w",
			a.ID, a.Version, old.v.Version, store.ErrConflict)
	}
	if a.Contact != old.v.Contact {
		return fmt.Errorf("memstore: update activity %s: %w: contact %s changed to %s",
			a.ID, ErrInvalid, old.v.Contact, a.Contact)
	}
	w := s.workspace(ws)
	stored := a.Clone()
	stored.Version = old.v.Version + 1
	s.activities[a.ID] = owned[activity.Activity]{ws: old.ws, v: stored}
	before, after := positionOf(&old.v), positionOf(&stored)
	moved := before.Compare(after) != 0
	if moved {
		w.removeFromTimeline(stored.Contact, before)
		w.addToTimeline(stored.Contact, after)
	}
	t.onUndo(func() {
		if moved {
			w.removeFromTimeline(stored.Contact, after)
			w.addToTimeline(stored.Contact, before)
		}
		s.activities[old.v.ID] = old
	})
	a.Version = stored.Version
	return nil
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
		o := t.s.activities[pos.ID]
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
