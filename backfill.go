package contactkit

import (
	"context"
	"errors"
	"fmt"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
)

// BackfillIndexes writes, in the actor's workspace, the records by which
// this version finds its work and that data written by an earlier version
// lacks: the place in the activity trash of each activity in its trash
// (store.KindActivityTrash, which PurgeActivityTrash reads), and the link
// of each undone merge to each contact it had taken away
// (store.KindUnmerged, by which EraseContact finds the records that hold a
// snapshot of the erased contact). Without them, activities deleted before
// the upgrade are never purged, and an erasure leaves such snapshots. A
// host runs it once per workspace after upgrading a store that kept its
// data (pgstore's migrations 0011 and 0012 do it for PostgreSQL); it
// writes only what is missing, so a second run writes nothing. It reads
// every trashed activity and undone merge of the workspace, in batches of
// store.MaxLimit, one transaction each, and returns how many records it
// wrote. It needs ActionEraseContact.
func (s *Service) BackfillIndexes(ctx context.Context, a Actor) (int, error) {
	const op = "backfill indexes"
	if err := s.admit(ctx, a, ActionEraseContact); err != nil {
		return 0, fmt.Errorf("%s: %w", op, err)
	}
	ws := a.Workspace
	// Each pass pages through one table and writes what its page lacks.
	passes := []func(ctx context.Context, rs store.Records, cursor string) (next string, wrote int, err error){
		func(ctx context.Context, rs store.Records, cursor string) (string, int, error) {
			page, err := store.Activities(rs).List(ctx, ws, store.Query{Status: store.StatusTrashed}, store.PageRequest{Cursor: cursor, Limit: store.MaxLimit})
			if err != nil {
				return "", 0, err
			}
			wrote := 0
			for _, act := range page.Items {
				in := store.TrashedActivity{Activity: act.ID, DeletedAt: act.DeletedAt, By: act.DeletedBy}
				ok, err := putMissing(ctx, store.ActivityTrash(rs), ws, act.ID, &in)
				if err != nil {
					return "", 0, err
				}
				if ok {
					wrote++
				}
			}
			return page.Next, wrote, nil
		},
		func(ctx context.Context, rs store.Records, cursor string) (string, int, error) {
			page, err := store.Merges(rs).List(ctx, ws, store.Query{Status: store.StatusInactive}, store.PageRequest{Cursor: cursor, Limit: store.MaxLimit})
			if err != nil {
				return "", 0, err
			}
			wrote := 0
			for _, rec := range page.Items {
				for _, o := range rec.Others {
					link := merge.Unmerged{Merge: rec.ID, Contact: o, At: rec.UndoneAt}
					ok, err := putMissing(ctx, store.Unmerges(rs), ws, link.ID(), &link)
					if err != nil {
						return "", 0, err
					}
					if ok {
						wrote++
					}
				}
			}
			return page.Next, wrote, nil
		},
	}
	total := 0
	for _, pass := range passes {
		cursor := ""
		for {
			var next string
			var wrote int
			err := s.update(ctx, a, op, ActionEraseContact, func(ch *change) (err error) {
				next, wrote, err = pass(ctx, ch.tx.Records(), cursor)
				return err
			})
			if err != nil {
				return total, err
			}
			total += wrote
			if next == "" {
				break
			}
			cursor = next
		}
	}
	return total, nil
}

// putMissing creates v in t of workspace ws, under its key k, unless t
// holds it already, and reports whether it did.
func putMissing[K, T any](ctx context.Context, t store.Table[K, T], ws contact.WorkspaceID, k K, v *T) (bool, error) {
	_, err := t.Get(ctx, ws, k)
	switch {
	case err == nil:
		return false, nil
	case !errors.Is(err, store.ErrNotFound):
		return false, err
	}
	return true, t.Put(ctx, ws, v)
}
