package contactkit

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// DeleteActivity moves the activity id to its own trash, with the time and
// the actor, and records it in the activity's history. It leaves the
// timeline and may be restored by RestoreActivity within
// Options.ActivityRestoreWindow; PurgeActivityTrash removes it after that.
// The author of the activity may delete it; anyone else needs
// ActionDeleteActivity. An activity already in its trash gives an error
// matching activity.ErrTrashed and ErrConflict.
//
// Deleting the activity's contact later takes it along, still in its own
// trash with its own time, and restoring the contact brings it back so.
func (s *Service) DeleteActivity(ctx context.Context, a Actor, id activity.ID) (activity.Activity, error) {
	return s.trashActivity(ctx, a, "delete activity "+id.String(), id, func(ch *change, act *activity.Activity) error {
		return invalid(act.Trash(ch.actor.User, ch.now))
	})
}

// RestoreActivity brings the activity id back from its trash exactly as it
// was deleted (its version aside), and records it in the activity's
// history. Past Options.ActivityRestoreWindow it refuses with a
// *RestoreWindowError, which matches ErrRestoreWindow. An activity not in
// its trash gives an error matching activity.ErrNotTrashed and
// ErrConflict; one whose
// contact is in the trash, ErrTrashed: restore the contact first. The
// author of the activity may restore it; anyone else needs
// ActionDeleteActivity.
func (s *Service) RestoreActivity(ctx context.Context, a Actor, id activity.ID) (activity.Activity, error) {
	return s.trashActivity(ctx, a, "restore activity "+id.String(), id, func(ch *change, act *activity.Activity) error {
		if act.Trashed() {
			window := *s.opts.ActivityRestoreWindow
			if !ch.now.Before(act.DeletedAt.Add(window)) {
				return &RestoreWindowError{DeletedAt: act.DeletedAt, Window: window}
			}
		}
		return invalid(act.Restore())
	})
}

// trashActivity moves the activity id to its trash or back with fn, checks
// the actor's right to, and records the change. UpdatedAt is left as it
// is: a restore gives back the activity that was deleted.
func (s *Service) trashActivity(ctx context.Context, a Actor, op string, id activity.ID, fn func(ch *change, act *activity.Activity) error) (activity.Activity, error) {
	var out activity.Activity
	err := s.update(ctx, a, op, "", func(ch *change) error {
		out = activity.Activity{}
		act, _, err := liveActivity(ctx, ch.tx, a.Workspace, id)
		if err != nil {
			return err
		}
		if act.Author != a.User {
			if err := s.admit(ctx, a, ActionDeleteActivity); err != nil {
				return err
			}
		}
		before := act.Clone()
		if err := fn(ch, &act); err != nil {
			return err
		}
		if err := s.saveActivity(ctx, ch, &before, &act, activity.Diff(&before, &act)); err != nil {
			return err
		}
		if err := placeInTrash(ctx, ch, &act); err != nil {
			return err
		}
		if ch.listen {
			if act.Trashed() {
				ch.emit(ActivityDeleted{EventMeta: ch.meta(act.Contact), Activity: act.Clone()})
			} else {
				ch.emit(ActivityRestored{EventMeta: ch.meta(act.Contact), Activity: act.Clone()})
			}
		}
		out = act
		return nil
	})
	if err != nil {
		return activity.Activity{}, err
	}
	return out, nil
}

// RestoreWindowError is returned when a restore comes after the restore
// window of what it restores: DeletedAt plus Window is not after the time
// of the call. A zero Window means the workspace allows no restore at all.
// errors.Is(err, ErrRestoreWindow) holds for it.
type RestoreWindowError struct {
	DeletedAt time.Time
	Window    time.Duration
}

func (e *RestoreWindowError) Error() string {
	return fmt.Sprintf("%v: deleted %s, window %s", ErrRestoreWindow, e.DeletedAt.Format(time.RFC3339), e.Window)
}

// Is makes errors.Is(err, ErrRestoreWindow) true.
func (e *RestoreWindowError) Is(target error) bool { return target == ErrRestoreWindow }

// ListActivityTrash returns one page of the activities of contact c in
// their own trash, in timeline order: those RestoreActivity may bring back
// while their window lasts.
func (s *Service) ListActivityTrash(ctx context.Context, a Actor, c contact.ID, p store.PageRequest) (store.Page[activity.Activity], error) {
	var page store.Page[activity.Activity]
	err := s.view(ctx, a, "activity trash of contact "+c.String(), "", func(tx store.Tx) error {
		if _, err := live(ctx, tx, a.Workspace, c); err != nil {
			return err
		}
		var err error
		page, err = store.Activities(tx.Records()).List(ctx, a.Workspace, store.Query{Contact: c, Status: store.StatusTrashed}, p)
		return err
	})
	return page, err
}

// ActivityTrash iterates over the activities of contact c in their own
// trash; see ListActivityTrash.
func (s *Service) ActivityTrash(ctx context.Context, a Actor, c contact.ID) iter.Seq2[activity.Activity, error] {
	return all(ctx, func(ctx context.Context, p store.PageRequest) (store.Page[activity.Activity], error) {
		return s.ListActivityTrash(ctx, a, c, p)
	})
}

// PurgeActivityTrash removes for good, with their history, the activities
// of the workspace that have been in their own trash for
// Options.ActivityRestoreWindow or longer, and returns how many, with an
// ActivityPurged event each. An activity whose contact is in the trash
// too is purged by its own window, which it could no longer be restored
// past. Activities that went to the trash only with their contact are
// purged with it by PurgeTrash. It reads the trash in the order
// activities went there (to the microsecond), up to the first one still
// within its window, in batches of 16 activities and more (to
// store.MaxLimit), one transaction each; the host schedules it beside
// PurgeTrash. It needs ActionEraseContact.
func (s *Service) PurgeActivityTrash(ctx context.Context, a Actor) (int, error) {
	if err := s.admit(ctx, a, ActionEraseContact); err != nil {
		return 0, fmt.Errorf("purge activity trash: %w", err)
	}
	cutoff := s.opts.Now().Add(-*s.opts.ActivityRestoreWindow)
	// The trash is read in the order activities went there, up to the
	// first one still within its window, in pages that double from a
	// small first one: what is read grows with what is purged, not with
	// the trash.
	purged, limit := 0, 16
	for {
		n, more := 0, false
		err := s.update(ctx, a, "purge activity trash", ActionEraseContact, func(ch *change) error {
			n, more = 0, false
			rs := ch.tx.Records()
			// Up to limit places, over as many pages as the store gives
			// them in (a page may be short, even empty, with a Next).
			cursor, seen, within := "", 0, 0
			for {
				page, err := store.ActivityTrash(rs).List(ctx, a.Workspace, store.Query{}, store.PageRequest{Cursor: cursor, Limit: limit - seen})
				if err != nil {
					return err
				}
				for i := range page.Items {
					seen++
					if at := page.Items[i].DeletedAt; at.After(cutoff) {
						// The trash is in order to the microsecond
						// (store.TrashOrder), then by activity: within
						// the cutoff's, one past its window may follow.
						if store.TrashOrder(at) != store.TrashOrder(cutoff) {
							return nil
						}
						within++
						continue
					}
					act, err := store.Activities(rs).Get(ctx, a.Workspace, page.Items[i].Activity)
					switch {
					case errors.Is(err, store.ErrNotFound) || err == nil && !act.Trashed():
						// Not in its trash: a place left behind.
						if err := store.ActivityTrash(rs).Delete(ctx, a.Workspace, &page.Items[i]); err != nil {
							return err
						}
						continue
					case err != nil:
						return err
					}
					if err := eraseActivity(ctx, rs, a.Workspace, &act); err != nil {
						return err
					}
					ch.emit(ActivityPurged{EventMeta: ch.meta(act.Contact), Activity: act.ID})
					n++
				}
				if page.Next == "" {
					return nil
				}
				if seen >= limit {
					// Another batch, unless this one passed over
					// every place it read.
					more = seen > within
					return nil
				}
				cursor = page.Next
			}
		})
		if err != nil {
			// n counts what the failed transaction would have purged.
			return purged, err
		}
		purged += n
		if !more {
			return purged, nil
		}
		limit = min(2*limit, store.MaxLimit)
	}
}

// placeInTrash gives act its place in the activity trash when it is in
// its trash (store.TrashedActivity), and takes it away when it is not.
func placeInTrash(ctx context.Context, ch *change, act *activity.Activity) error {
	ws := ch.actor.Workspace
	if err := dropFromTrash(ctx, ch.tx.Records(), ws, act.ID); err != nil || !act.Trashed() {
		return err
	}
	in := store.TrashedActivity{Activity: act.ID, DeletedAt: act.DeletedAt, By: ch.actor.User}
	return store.ActivityTrash(ch.tx.Records()).Put(ctx, ws, &in)
}

// dropFromTrash removes the place of activity id in the activity trash
// (store.TrashedActivity), if it has one.
func dropFromTrash(ctx context.Context, rs store.Records, ws contact.WorkspaceID, id activity.ID) error {
	t := store.ActivityTrash(rs)
	in, err := t.Get(ctx, ws, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil
	case err != nil:
		return err
	}
	return t.Delete(ctx, ws, &in)
}

// eraseActivity removes act and its history for good.
func eraseActivity(ctx context.Context, rs store.Records, ws contact.WorkspaceID, act *activity.Activity) error {
	t := store.ActivityChanges(rs)
	var changes []activity.Change
	for c, err := range t.All(ctx, ws, store.Query{Parent: act.ID.String()}) {
		if err != nil {
			return err
		}
		changes = append(changes, c)
	}
	for i := range changes {
		if err := t.Delete(ctx, ws, &changes[i]); err != nil {
			return err
		}
	}
	if act.Trashed() {
		if err := dropFromTrash(ctx, rs, ws, act.ID); err != nil {
			return err
		}
	}
	return store.Activities(rs).Delete(ctx, ws, act)
}

// eraseActivities removes every activity of contact id, live or in its
// trash, with its history.
func eraseActivities(ctx context.Context, rs store.Records, ws contact.WorkspaceID, id contact.ID) error {
	acts, err := ofContact(ctx, store.Activities(rs), ws, id)
	for i := 0; err == nil && i < len(acts); i++ {
		err = eraseActivity(ctx, rs, ws, &acts[i])
	}
	return err
}

// MoveTask gives the task id to contact to, a live contact of the actor's
// workspace (another workspace's contact is not found), and records the
// move in the task's history (activity.FieldContact, from the old contact
// to the new one), with an ActivityMoved event. Moving a task to its own
// contact changes nothing. Another kind of activity gives an error
// matching activity.ErrNotATask; a task in its trash, activity.ErrTrashed
// and ErrConflict.
func (s *Service) MoveTask(ctx context.Context, a Actor, id activity.ID, to contact.ID) (activity.Activity, error) {
	var out activity.Activity
	err := s.update(ctx, a, "move task "+id.String()+" to contact "+to.String(), "", func(ch *change) error {
		out = activity.Activity{}
		act, _, err := liveActivity(ctx, ch.tx, a.Workspace, id)
		if err != nil {
			return err
		}
		before := act.Clone()
		changed, err := act.MoveTo(to)
		if err != nil {
			return invalid(err)
		}
		if !changed {
			out = act
			return nil
		}
		if _, err := live(ctx, ch.tx, a.Workspace, to); err != nil {
			return fmt.Errorf("contact %s: %w", to, err)
		}
		act.UpdatedAt = ch.now
		if err := s.saveActivity(ctx, ch, &before, &act, activity.Diff(&before, &act)); err != nil {
			return err
		}
		if ch.listen {
			ch.emit(ActivityMoved{EventMeta: ch.meta(to), Activity: act.Clone(), From: before.Contact})
		}
		out = act
		return nil
	})
	if err != nil {
		return activity.Activity{}, err
	}
	return out, nil
}

// logActivity records changes, made by the write that gave act its
// version, in act's history, stamped with the time and the actor of ch.
func logActivity(ctx context.Context, ch *change, act *activity.Activity, changes []activity.Change) error {
	t := store.ActivityChanges(ch.tx.Records())
	for _, c := range changes {
		c.Activity, c.Revision, c.At, c.Actor, c.Version = act.ID, act.Version, ch.now, ch.actor.User, 0
		if err := t.Put(ctx, ch.actor.Workspace, &c); err != nil {
			return err
		}
	}
	return nil
}

// ListActivityHistory returns one page of the history of the activity id,
// live or in its trash: its creation, then every change of a property,
// with who made it and when, oldest first (by revision, then field). An
// activity whose contact is in the trash gives an error matching
// ErrTrashed.
func (s *Service) ListActivityHistory(ctx context.Context, a Actor, id activity.ID, p store.PageRequest) (store.Page[activity.Change], error) {
	var page store.Page[activity.Change]
	err := s.view(ctx, a, "history of activity "+id.String(), "", func(tx store.Tx) error {
		if _, _, err := liveActivity(ctx, tx, a.Workspace, id); err != nil {
			return err
		}
		var err error
		page, err = store.ActivityChanges(tx.Records()).List(ctx, a.Workspace, store.Query{Parent: id.String()}, p)
		return err
	})
	return page, err
}

// ActivityHistory iterates over the history of the activity id; see
// ListActivityHistory.
func (s *Service) ActivityHistory(ctx context.Context, a Actor, id activity.ID) iter.Seq2[activity.Change, error] {
	return all(ctx, func(ctx context.Context, p store.PageRequest) (store.Page[activity.Change], error) {
		return s.ListActivityHistory(ctx, a, id, p)
	})
}
