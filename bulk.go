package contactkit

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// DefaultBatchSize is the batch size of DeleteContacts when
// BulkDelete.BatchSize is zero.
const DefaultBatchSize = 100

// ErrCountMismatch is returned by DeleteContacts, before anything changes,
// when the contacts it would delete are not as many as the caller expects.
var ErrCountMismatch = errors.New("count does not match the expected count")

// BulkDelete asks DeleteContacts to move many contacts to the trash (D4).
type BulkDelete struct {
	// IDs names the contacts to delete. If it is empty, Query selects them.
	IDs []contact.ID
	// Query selects the live contacts to delete when IDs is empty; its
	// Trashed field is ignored.
	Query ContactQuery
	// Expected is the number of contacts the caller confirmed: the number
	// of distinct IDs, or of contacts Query selects now. A mismatch
	// refuses the whole call before anything changes.
	Expected int
	// BatchSize is the number of contacts deleted per transaction.
	// Default: DefaultBatchSize.
	BatchSize int
	// Progress, if set, is called after each committed batch.
	Progress func(BulkProgress)
}

// BulkProgress reports how far a bulk delete has come.
type BulkProgress struct {
	Batch   int // batches committed so far
	Batches int // batches in all
	Deleted int // contacts moved to the trash so far
	Skipped int // contacts passed over so far
	Total   int // contacts in all
}

// BulkResult says what a bulk delete did: which contacts it moved to the
// trash, which it passed over and why, and which it did not reach because
// it was stopped.
type BulkResult struct {
	Deleted   []contact.ID
	Skipped   []BulkSkip
	Untouched []contact.ID // not reached: the call stopped before their batch
}

// BulkSkip is a contact a bulk delete passed over, with the reason: an error
// matching ErrNotFound (it does not exist, or no longer) or ErrTrashed (it
// was in the trash already).
type BulkSkip struct {
	ID     contact.ID
	Reason error
}

// DeleteContacts moves many contacts to the trash, as DeleteContact does
// for one (D4). It first counts them and refuses, changing nothing, unless
// the count equals req.Expected. It then works in batches of req.BatchSize,
// one transaction each, calling req.Progress after each. When ctx is
// cancelled it stops cleanly between batches: the batches done stay done,
// the rest are untouched, and it returns what it did with an error matching
// ctx.Err(). A contact that is gone or already in the trash by the time its
// batch runs is skipped, with the reason. It needs ActionDeleteContact.
func (s *Service) DeleteContacts(ctx context.Context, a Actor, req BulkDelete) (BulkResult, error) {
	const op = "delete contacts"
	var res BulkResult
	if err := s.admit(ctx, a, ActionDeleteContact); err != nil {
		return res, fmt.Errorf("%s: %w", op, err)
	}
	ids, err := s.bulkTargets(ctx, a, req)
	if err != nil {
		return res, fmt.Errorf("%s: %w", op, err)
	}
	if len(ids) != req.Expected {
		return res, fmt.Errorf("%s: %w: %d contacts, %d expected", op, ErrCountMismatch, len(ids), req.Expected)
	}
	size := req.BatchSize
	if size <= 0 {
		size = DefaultBatchSize
	}
	batches := slices.Collect(slices.Chunk(ids, size))
	for i, batch := range batches {
		if err := ctx.Err(); err != nil {
			res.Untouched = slices.Concat(batches[i:]...)
			return res, fmt.Errorf("%s: stopped after %d of %d batches: %w", op, i, len(batches), err)
		}
		var deleted []contact.ID
		var skipped []BulkSkip
		err := s.update(ctx, a, op, ActionDeleteContact, func(ch *change) error {
			deleted, skipped = nil, nil
			for _, id := range batch {
				// Only the lookup may skip a contact: once its delete has
				// begun, any error fails the batch, which rolls back whole.
				c, err := live(ctx, ch.tx, a.Workspace, id)
				if errors.Is(err, store.ErrNotFound) || errors.Is(err, ErrTrashed) {
					skipped = append(skipped, BulkSkip{ID: id, Reason: err})
					continue
				}
				if err != nil {
					return err
				}
				if _, err := s.trash(ctx, ch, c); err != nil {
					return err
				}
				deleted = append(deleted, id)
			}
			return nil
		})
		if err != nil {
			res.Untouched = slices.Concat(batches[i:]...)
			return res, err
		}
		res.Deleted = append(res.Deleted, deleted...)
		res.Skipped = append(res.Skipped, skipped...)
		if req.Progress != nil {
			req.Progress(BulkProgress{Batch: i + 1, Batches: len(batches), Deleted: len(res.Deleted), Skipped: len(res.Skipped), Total: len(ids)})
		}
	}
	return res, nil
}

// bulkTargets returns the distinct IDs a bulk delete names, in order, or the
// IDs of the live contacts its query selects now.
func (s *Service) bulkTargets(ctx context.Context, a Actor, req BulkDelete) ([]contact.ID, error) {
	if len(req.IDs) > 0 {
		seen := make(map[contact.ID]bool, len(req.IDs))
		ids := make([]contact.ID, 0, len(req.IDs))
		for _, id := range req.IDs {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		return ids, nil
	}
	q := req.Query
	q.Trashed = false // the trash holds nothing to delete
	var ids []contact.ID
	for c, err := range s.Contacts(ctx, a, q) {
		if err != nil {
			return nil, err
		}
		ids = append(ids, c.ID)
	}
	return ids, nil
}
