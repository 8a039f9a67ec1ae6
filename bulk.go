package contactkit

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// DefaultBatchSize is the number of contacts a bulk call changes per
// transaction when Bulk.BatchSize is zero.
const DefaultBatchSize = 100

// ErrCountMismatch is returned by the bulk calls, before anything changes,
// when the contacts they would change are not as many as the caller
// expects. The error matches ErrConflict too.
var ErrCountMismatch = errors.New("count does not match the expected count")

// Bulk selects the contacts of a bulk call (DeleteContacts, TagContacts,
// UntagContacts, AddContactsToList, AssignContacts, SetContactsField) and
// says how to work through them.
type Bulk struct {
	// IDs names the contacts. If it is empty, Query selects them. An ID
	// named twice is acted on once.
	IDs []contact.ID
	// Query selects the live contacts when IDs is empty; one that selects
	// the trash (Trashed) is refused with ErrInvalidInput, as the count of
	// the trash would confirm as many live contacts. The selection is
	// made once, when the call counts it, before anything changes: the
	// call works through the contacts the query selected then, even when
	// its own changes, or another writer's, make them leave the query's
	// selection (untagging by a tag query skips none), and it does not
	// reach contacts that join it meanwhile.
	Query ContactQuery
	// Expected is the number of contacts the caller confirmed: the number
	// of distinct IDs, or of contacts Query selects now. A mismatch
	// refuses the whole call before anything changes.
	Expected int
	// BatchSize is the number of contacts changed per transaction.
	// Default: DefaultBatchSize.
	BatchSize int
	// Progress, if set, is called after each committed batch.
	Progress func(BulkProgress)
}

// BulkProgress reports how far a bulk call has come.
type BulkProgress struct {
	Batch     int // batches committed so far
	Batches   int // batches in all
	Changed   int // contacts changed so far
	Unchanged int // contacts that needed no change so far
	Failed    int // contacts the call could not change so far
	Total     int // contacts in all
}

// BulkResult says what a bulk call did to each contact it selected: every
// one is in exactly one of Changed, Unchanged, Failed and Untouched, each
// in the order of the selection.
type BulkResult struct {
	// Changed lists the contacts the call changed.
	Changed []contact.ID
	// Unchanged lists the contacts that were as the call asks already (a
	// tag they had, a list they were a member of): nothing was written.
	Unchanged []contact.ID
	// Failed lists the contacts the call could not change, with the
	// reason. Nothing of the call was written for them.
	Failed []BulkFailure
	// Untouched lists the contacts the call did not reach: it stopped
	// before their batch, on a cancelled context or a failed batch. A
	// batch whose commit the store could not confirm (pgstore's
	// ErrCommitUnknown) is among them, though it may have been written;
	// running the call again changes no contact twice (a contact the
	// batch tagged is then Unchanged, one it deleted Failed as trashed).
	Untouched []contact.ID
	// Batches is the number of batches the selection was cut into, and
	// Committed the number the call committed: fewer when it stopped.
	Batches, Committed int
}

// BulkFailure is a contact a bulk call could not change, and why. Err
// matches ErrNotFound when the contact does not exist in the workspace (or
// no longer does), ErrTrashed when it is in the trash, and ErrInvalidInput
// when the domain refused the change for that contact, as the matching
// single-contact call would have (a value the contact cannot take, a tag
// over the limit per contact); then it is a *ValidationError listing every
// problem.
type BulkFailure struct {
	ID  contact.ID
	Err error
}

// bulkStep is what a bulk call does to each contact it reaches: it changes
// the live contact c within ch, through the same code as the matching
// single-contact call, and reports whether it changed anything.
//
// An error matching ErrInvalidInput fails only c: the batch runs again
// without it, so that nothing the step wrote for it before the refusal
// stays. Any other error fails the batch, which rolls back whole, and
// stops the call.
type bulkStep func(ctx context.Context, ch *change, c contact.Contact) (changed bool, err error)

// bulk runs step on every contact b selects, in batches of one transaction
// each, as Bulk and BulkResult describe; guard is the action every batch
// needs (empty for none), op names the call in errors.
func (s *Service) bulk(ctx context.Context, a Actor, op string, guard Action, b Bulk, step bulkStep) (BulkResult, error) {
	var res BulkResult
	if err := s.admit(ctx, a, guard); err != nil {
		return res, fmt.Errorf("%s: %w", op, err)
	}
	ids, err := s.bulkTargets(ctx, a, b)
	if err != nil {
		return res, fmt.Errorf("%s: %w", op, err)
	}
	if len(ids) != b.Expected {
		return res, serviceError(op, fmt.Errorf("%w: %d contacts, %d expected", ErrCountMismatch, len(ids), b.Expected))
	}
	size := b.BatchSize
	if size <= 0 {
		size = DefaultBatchSize
	}
	batches := slices.Collect(slices.Chunk(ids, size))
	res.Batches = len(batches)
	for i, batch := range batches {
		if err := ctx.Err(); err != nil {
			res.Untouched = slices.Concat(batches[i:]...)
			return res, fmt.Errorf("%s: stopped after %d of %d batches: %w", op, i, len(batches), err)
		}
		items, err := s.bulkBatch(ctx, a, fmt.Sprintf("%s, batch %d of %d", op, i+1, len(batches)), guard, batch, step)
		if err != nil {
			res.Untouched = slices.Concat(batches[i:]...)
			return res, err
		}
		for _, it := range items {
			switch {
			case it.err != nil:
				res.Failed = append(res.Failed, BulkFailure{ID: it.id, Err: storeCause(it.err)})
			case it.changed:
				res.Changed = append(res.Changed, it.id)
			default:
				res.Unchanged = append(res.Unchanged, it.id)
			}
		}
		res.Committed = i + 1
		if b.Progress != nil {
			b.Progress(BulkProgress{
				Batch: i + 1, Batches: len(batches), Total: len(ids),
				Changed: len(res.Changed), Unchanged: len(res.Unchanged), Failed: len(res.Failed),
			})
		}
	}
	return res, nil
}

// bulkItem is what a batch did to one contact: changed it or not, or failed
// it with err.
type bulkItem struct {
	id      contact.ID
	changed bool
	err     error
}

// errBatchAgain rolls back an attempt of a batch in which the domain
// refused some contacts: the batch runs again without them.
var errBatchAgain = errors.New("batch runs again without its refused contacts")

// bulkBatch runs step on each contact of batch in one transaction and
// returns what it did to each, in order. A contact the step refuses (see
// bulkStep) fails alone: the attempt goes on to find every refusal of the
// batch, then rolls back, and the batch runs again without the refused
// contacts, until an attempt refuses none. Each run leaves out at least one
// contact more, so there are at most len(batch)+1.
func (s *Service) bulkBatch(ctx context.Context, a Actor, op string, guard Action, batch []contact.ID, step bulkStep) ([]bulkItem, error) {
	refused := make(map[contact.ID]error)
	for {
		var items []bulkItem
		var fresh []bulkItem // refused in this attempt
		err := s.update(ctx, a, op, guard, func(ch *change) error {
			items, fresh = make([]bulkItem, 0, len(batch)), nil
			for _, id := range batch {
				if err, ok := refused[id]; ok {
					items = append(items, bulkItem{id: id, err: err})
					continue
				}
				// A lookup that fails wrote nothing: the contact fails
				// alone, and the attempt goes on.
				c, err := live(ctx, ch.tx, a.Workspace, id)
				if errors.Is(err, store.ErrNotFound) || errors.Is(err, ErrTrashed) {
					items = append(items, bulkItem{id: id, err: err})
					continue
				}
				if err != nil {
					return err
				}
				changed, err := step(ctx, ch, c)
				if errors.Is(err, ErrInvalidInput) {
					fresh = append(fresh, bulkItem{id: id, err: err})
					continue
				}
				if err != nil {
					return err
				}
				items = append(items, bulkItem{id: id, changed: changed})
			}
			if len(fresh) > 0 {
				return errBatchAgain
			}
			return nil
		})
		if !errors.Is(err, errBatchAgain) {
			return items, err
		}
		for _, it := range fresh {
			refused[it.id] = it.err
		}
	}
}

// bulkTargets returns the distinct IDs b names, in order, or the IDs of the
// live contacts its query selects now.
func (s *Service) bulkTargets(ctx context.Context, a Actor, b Bulk) ([]contact.ID, error) {
	if len(b.IDs) == 0 && b.Query.Trashed {
		// A count of the trash would confirm as many live contacts.
		return nil, invalid(errors.New("a bulk call acts on live contacts: its query selects the trash (Query.Trashed)"))
	}
	if len(b.IDs) > 0 {
		seen := make(map[contact.ID]bool, len(b.IDs))
		ids := make([]contact.ID, 0, len(b.IDs))
		for _, id := range b.IDs {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		return ids, nil
	}
	q := b.Query
	var ids []contact.ID
	for c, err := range s.Contacts(ctx, a, q) {
		if err != nil {
			return nil, err
		}
		ids = append(ids, c.ID)
	}
	return ids, nil
}

// DeleteContacts moves many contacts to the trash, as DeleteContact does
// for one. It works as every bulk call does (see Bulk and BulkResult): it
// first counts the contacts and refuses, changing nothing, unless the count
// equals b.Expected; it then works in batches of b.BatchSize, one
// transaction each, calling b.Progress after each. When ctx is cancelled it
// stops cleanly between batches: the batches done stay done, the rest are
// untouched, and it returns what it did with an error matching ctx.Err().
// A contact that is gone or already in the trash by the time its batch runs
// fails alone, with the reason. A host's cascade handler that refuses one
// contact with an error matching ErrInvalidInput fails that contact alone,
// and nothing of its delete stays; any other error once a contact's delete
// has begun fails its batch and stops the call. It needs
// ActionDeleteContact.
func (s *Service) DeleteContacts(ctx context.Context, a Actor, b Bulk) (BulkResult, error) {
	return s.bulk(ctx, a, "delete contacts", ActionDeleteContact, b, func(ctx context.Context, ch *change, c contact.Contact) (bool, error) {
		_, err := s.trash(ctx, ch, c)
		return err == nil, err
	})
}
