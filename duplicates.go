package contactkit

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/merge"
	"github.com/contactkit/contactkit/store"
)

// The index of duplicate detection is the holdings of a workspace
// (merge.Holding), one record by match key (store.Holdings): for each match
// key that a live, unblocked contact holds in a variant form, every live,
// unblocked contact that holds it. The shared ones (held by two contacts
// or more: the duplicates) are kept again, packed in buckets
// (store.HoldingBuckets, merge.HoldingBucket), for FindDuplicates to read
// in a few thousand records at most. Every write of a contact updates the
// index in its transaction (reindex): it reads the holdings of the keys
// whose hold it changes, missing for most, and the buckets of the shared
// ones it changes; what it reads does not grow with the workspace (a
// bucket of every holding, which each write read, did). FindDuplicates
// reads the buckets alone once the workspace's index is complete, which
// the bucket holdingsBuilt says; the first FindDuplicates of a workspace
// without it builds the index from every contact (a workspace whose
// contacts were written before the index existed).

// holdingsBuilt is the ID of the empty bucket that marks the index of a
// workspace complete. It is no bucket ID (merge.BucketOf gives three
// hexadecimal digits). It is not "built", which marked the index that
// kept every holding in the buckets alone: a workspace such a version
// wrote has no record of its own for its holdings, and builds the index
// again at its first FindDuplicates (pgstore's migration 0017 moves it
// and renames the mark instead).
const holdingsBuilt = "built-by-key"

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

// setHolds records how contact id now holds each key of changes (keys
// that differ, as merge.HoldChanges gives them): it reads and writes the
// holding of each key, and each bucket of the shared ones once.
func setHolds(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, id contact.ID, changes []merge.HoldChange) error {
	t := store.Holdings(tx.Records())
	var buckets sharedBuckets
	for _, c := range changes {
		h, err := t.Get(ctx, ws, c.Key)
		switch {
		case errors.Is(err, store.ErrNotFound):
			if !c.Held || !c.Variant {
				continue // no variant holds it: no holding
			}
			h = merge.Holding{Key: c.Key}
			// The contact that holds the key as is, if any: one at most.
			if err := holdersAsIs(ctx, tx, ws, c.Key, id, &h); err != nil {
				return err
			}
		case err != nil:
			return err
		}
		wasShared := h.Shared()
		h.Set(id, c)
		switch {
		case h.Needed():
			err = t.Put(ctx, ws, &h)
		case h.Version != 0:
			err = t.Delete(ctx, ws, &h)
		}
		if err != nil {
			return err
		}
		if wasShared || h.Needed() && h.Shared() {
			if err := buckets.set(ctx, tx, ws, h); err != nil {
				return err
			}
		}
	}
	return buckets.write(ctx, tx, ws)
}

// sharedBuckets are the buckets of shared holdings that one write of a
// contact changes, each read once: every bucket read is changed.
type sharedBuckets []*merge.HoldingBucket

// set keeps h in its bucket if it is needed and shared, and removes its
// key from the bucket otherwise.
func (bs *sharedBuckets) set(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, h merge.Holding) error {
	bid := merge.BucketOf(h.Key)
	i := slices.IndexFunc(*bs, func(b *merge.HoldingBucket) bool { return b.ID == bid })
	if i < 0 {
		b, err := store.HoldingBuckets(tx.Records()).Get(ctx, ws, bid)
		switch {
		case errors.Is(err, store.ErrNotFound):
			b = merge.HoldingBucket{ID: bid}
		case err != nil:
			return err
		}
		*bs = append(*bs, &b)
		i = len(*bs) - 1
	}
	if !h.Needed() || !h.Shared() {
		h = merge.Holding{Key: h.Key} // not needed: removed
	}
	(*bs)[i].Set(h)
	return nil
}

// write writes the buckets that set changed, removing the empty ones.
func (bs sharedBuckets) write(ctx context.Context, tx store.Tx, ws contact.WorkspaceID) error {
	t := store.HoldingBuckets(tx.Records())
	for _, b := range bs {
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
// contact, writes the holdings they make and the buckets of the shared
// ones, removes any other holding and bucket, and marks the index built.
// It returns the shared holdings.
func buildHoldings(ctx context.Context, tx store.Tx, ws contact.WorkspaceID) ([]merge.Holding, error) {
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
	// Written in order of key, as a store lists them.
	slices.SortFunc(holdings, func(a, b merge.Holding) int { return strings.Compare(a.Key, b.Key) })
	// Replace what the index holds, the marker with the buckets.
	holdingKey := func(h *merge.Holding) (string, *int64) { return h.Key, &h.Version }
	if err := replaceTable(ctx, store.Holdings(tx.Records()), ws, holdings, holdingKey); err != nil {
		return nil, err
	}
	buckets := append(merge.Bucketed(shared), merge.HoldingBucket{ID: holdingsBuilt})
	bucketKey := func(b *merge.HoldingBucket) (string, *int64) { return b.ID, &b.Version }
	if err := replaceTable(ctx, store.HoldingBuckets(tx.Records()), ws, buckets, bucketKey); err != nil {
		return nil, err
	}
	return shared, nil
}

// replaceTable makes the records of t in ws those of want: each is put
// over the version stored under its ID (key gives both), and the records
// of no ID of want are deleted.
func replaceTable[T any](ctx context.Context, t store.Table[string, T], ws contact.WorkspaceID, want []T, key func(*T) (id string, version *int64)) error {
	have := map[string]T{}
	for v, err := range t.All(ctx, ws, store.Query{}) {
		if err != nil {
			return err
		}
		id, _ := key(&v)
		have[id] = v
	}
	for i := range want {
		id, version := key(&want[i])
		*version = 0
		if old, ok := have[id]; ok {
			_, v := key(&old)
			*version = *v
			delete(have, id)
		}
		if err := t.Put(ctx, ws, &want[i]); err != nil {
			return err
		}
	}
	for _, old := range have {
		if err := t.Delete(ctx, ws, &old); err != nil {
			return err
		}
	}
	return nil
}
