package contactkit

import (
	"context"
	"errors"
	"slices"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
)

// The index of duplicate detection is the holdings of a workspace
// (merge.Holding), kept in buckets (store.HoldingBuckets,
// merge.HoldingBucket): for each match key that a live, unblocked contact
// holds in a variant form, every live, unblocked contact that holds it.
// Every write of a contact updates it in its transaction (reindex).
// FindDuplicates reads the buckets alone once the workspace's index is
// complete, which the bucket holdingsBuilt says; the first FindDuplicates
// of a workspace without it builds the index from every contact (a
// workspace whose contacts were written before the index existed).

// holdingsBuilt is the ID of the empty bucket that marks the index of a
// workspace complete. It is no bucket ID (merge.BucketOf gives three
// hexadecimal digits).
const holdingsBuilt = "built"

// reindex updates the holdings of the keys whose hold changes when a
// contact goes from before to after (nil for none), after the contact was
// written.
func (ch *change) reindex(ctx context.Context, before, after *contact.Contact) error {
	id := after
	if id == nil {
		id = before
	}
	return ch.holdKeys(ctx, id.ID, merge.HoldChanges(before, after))
}

// holdKeys records how contact id now holds each key of changes (see
// merge.HoldChanges).
func (ch *change) holdKeys(ctx context.Context, id contact.ID, changes []merge.HoldChange) error {
	if len(changes) == 0 {
		return nil
	}
	return setHolds(ctx, ch.tx, ch.actor.Workspace, id, changes)
}

// setHolds records how contact id now holds each key of changes, reading
// and writing each bucket they touch once.
func setHolds(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, id contact.ID, changes []merge.HoldChange) error {
	t := store.HoldingBuckets(tx.Records())
	var read, changed []*merge.HoldingBucket // read once each; changed: to write
	bucket := func(key string) (*merge.HoldingBucket, error) {
		bid := merge.BucketOf(key)
		for _, b := range read {
			if b.ID == bid {
				return b, nil
			}
		}
		b, err := t.Get(ctx, ws, bid)
		switch {
		case errors.Is(err, store.ErrNotFound):
			b = merge.HoldingBucket{ID: bid}
		case err != nil:
			return nil, err
		}
		read = append(read, &b)
		return &b, nil
	}
	for _, c := range changes {
		b, err := bucket(c.Key)
		if err != nil {
			return err
		}
		h, ok := b.Get(c.Key)
		if !ok {
			if !c.Variant {
				continue // no variant holds it: no holding
			}
			h = merge.Holding{Key: c.Key}
			// The contact that holds the key as is, if any: one at most.
			if err := holdersAsIs(ctx, tx, ws, c.Key, id, &h); err != nil {
				return err
			}
		}
		h.Set(id, c)
		b.Set(h)
		if !slices.Contains(changed, b) {
			changed = append(changed, b)
		}
	}
	for _, b := range changed {
		var err error
		switch {
		case b.Len() > 0:
			err = t.Put(ctx, ws, b)
		case b.Version != 0:
			err = t.Delete(ctx, ws, b)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// holdersAsIs adds to h the live, unblocked contacts other than except that
// hold key as is.
func holdersAsIs(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, key string, except contact.ID, h *merge.Holding) error {
	for c, err := range all(ctx, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Contact], error) {
		return tx.Contacts().List(ctx, ws, store.ContactQuery{Key: key}, p)
	}) {
		if err != nil {
			return err
		}
		if c.ID != except && !c.Blocked() {
			h.Holders = append(h.Holders, merge.Holder{Contact: c.ID})
		}
	}
	return nil
}

// sharedHoldings returns the shared holdings of ws, and false if the index
// of ws is not complete.
func sharedHoldings(ctx context.Context, tx store.Tx, ws contact.WorkspaceID) ([]merge.Holding, bool, error) {
	t := store.HoldingBuckets(tx.Records())
	if _, err := t.Get(ctx, ws, holdingsBuilt); errors.Is(err, store.ErrNotFound) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, err
	}
	buckets := make([]merge.HoldingBucket, 0, merge.Buckets+1)
	for b, err := range t.All(ctx, ws, store.Query{}) {
		if err != nil {
			return nil, false, err
		}
		buckets = append(buckets, b)
	}
	return merge.SharedHoldings(buckets), true, nil
}

// buildHoldings makes the index of ws complete: it reads every live
// contact, writes the buckets of the holdings they make, removes any other
// bucket, and marks the index built. It returns the shared holdings.
func buildHoldings(ctx context.Context, tx store.Tx, ws contact.WorkspaceID) ([]merge.Holding, error) {
	t := store.HoldingBuckets(tx.Records())
	want := map[string]*merge.Holding{}
	type asIs struct {
		id  contact.ID
		key string
	}
	var plain []asIs // contacts holding a key as is: holders if a variant holds it too
	for c, err := range store.All(ctx, store.MaxLimit, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Contact], error) {
		return tx.Contacts().List(ctx, ws, store.ContactQuery{}, p)
	}) {
		if err != nil {
			return nil, err
		}
		for _, hd := range merge.Holds(&c) {
			if !hd.Variant {
				plain = append(plain, asIs{c.ID, hd.Key})
				continue
			}
			h := want[hd.Key]
			if h == nil {
				h = &merge.Holding{Key: hd.Key}
				want[hd.Key] = h
			}
			h.Holders = append(h.Holders, merge.Holder{Contact: c.ID, Variant: true})
		}
	}
	for _, p := range plain {
		if h := want[p.key]; h != nil {
			h.Holders = append(h.Holders, merge.Holder{Contact: p.id})
		}
	}
	holdings := make([]merge.Holding, 0, len(want))
	var shared []merge.Holding
	for _, h := range want {
		holdings = append(holdings, *h)
		if h.Shared() {
			shared = append(shared, *h)
		}
	}
	// Replace what the index holds, the marker last.
	have := map[string]int64{}
	for b, err := range t.All(ctx, ws, store.Query{}) {
		if err != nil {
			return nil, err
		}
		have[b.ID] = b.Version
	}
	for _, b := range merge.Bucketed(holdings) {
		b.Version = have[b.ID]
		delete(have, b.ID)
		if err := t.Put(ctx, ws, &b); err != nil {
			return nil, err
		}
	}
	for bid, v := range have {
		if bid == holdingsBuilt {
			continue
		}
		if err := t.Delete(ctx, ws, &merge.HoldingBucket{ID: bid, Version: v}); err != nil {
			return nil, err
		}
	}
	built := merge.HoldingBucket{ID: holdingsBuilt, Version: have[holdingsBuilt]}
	if err := t.Put(ctx, ws, &built); err != nil {
		return nil, err
	}
	return shared, nil
}
