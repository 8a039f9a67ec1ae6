package memstore

import (
	"context"
	"fmt"
	"slices"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// tagsTx is the store.Tags of a tx.
type tagsTx tx

var _ store.Tags = (*tagsTx)(nil)

// Get implements store.Tags.
func (tt *tagsTx) Get(ctx context.Context, ws contact.WorkspaceID, n tag.Name) (tag.Tag, error) {
	t := (*tx)(tt)
	if err := t.begin(ctx, false); err != nil {
		return tag.Tag{}, err
	}
	defer t.mu.Unlock()
	if w := t.s.workspace(ws); w != nil && !n.IsZero() {
		if tg, ok := w.tags[n.Key()]; ok {
			return tg, nil
		}
	}
	return tag.Tag{}, fmt.Errorf("memstore: get tag %q: %w", n, store.ErrNotFound)
}

// Create implements store.Tags. Besides the errors of the contract, it
// returns ErrInvalid for a zero name or an empty workspace.
func (tt *tagsTx) Create(ctx context.Context, ws contact.WorkspaceID, tg tag.Tag) error {
	t := (*tx)(tt)
	if err := t.begin(ctx, true); err != nil {
		return err
	}
	defer t.mu.Unlock()
	switch {
	case tg.Name.IsZero():
		return fmt.Errorf("memstore: create tag: %w: zero name", ErrInvalid)
	case ws == "":
		return fmt.Errorf("memstore: create tag %q: %w: no workspace", tg.Name, ErrInvalid)
	}
	k := tg.Name.Key()
	if w := t.s.workspace(ws); w != nil {
		if _, ok := w.tags[k]; ok {
			return fmt.Errorf("memstore: create tag %q: %w", tg.Name, store.ErrAlreadyExists)
		}
	}
	w := t.writeWorkspace(ws)
	w.putTag(k, tg)
	t.onUndo(func() { w.removeTag(k) })
	return nil
}

// Delete implements store.Tags.
func (tt *tagsTx) Delete(ctx context.Context, ws contact.WorkspaceID, n tag.Name) error {
	t := (*tx)(tt)
	if err := t.begin(ctx, true); err != nil {
		return err
	}
	defer t.mu.Unlock()
	k := n.Key()
	w := t.s.workspace(ws)
	var old tag.Tag
	var ok bool
	if w != nil && !n.IsZero() {
		old, ok = w.tags[k]
	}
	if !ok {
		return fmt.Errorf("memstore: delete tag %q: %w", n, store.ErrNotFound)
	}
	w.removeTag(k)
	t.onUndo(func() { w.putTag(k, old) })
	return nil
}

// List implements store.Tags.
func (tt *tagsTx) List(ctx context.Context, ws contact.WorkspaceID, p store.PageRequest) (store.Page[tag.Tag], error) {
	t := (*tx)(tt)
	if err := t.begin(ctx, false); err != nil {
		return store.Page[tag.Tag]{}, err
	}
	defer t.mu.Unlock()
	after, hasAfter, err := decodeTagCursor(p.Cursor)
	if err != nil {
		return store.Page[tag.Tag]{}, err
	}
	w := t.s.workspace(ws)
	if w == nil {
		return store.Page[tag.Tag]{Items: []tag.Tag{}}, nil
	}
	keys := w.tagKeys
	if hasAfter {
		i, found := slices.BinarySearch(keys, after)
		if found {
			i++
		}
		keys = keys[i:]
	}
	size := p.Size()
	page := store.Page[tag.Tag]{Items: make([]tag.Tag, 0, min(size, len(keys)))}
	for _, k := range keys[:min(size, len(keys))] {
		page.Items = append(page.Items, w.tags[k])
	}
	if len(keys) > size {
		page.Next = encodeTagCursor(keys[size-1])
	}
	return page, nil
}

// putTag stores tg under key k, which it must not hold.
func (w *workspace) putTag(k string, tg tag.Tag) {
	w.tags[k] = tg
	i, _ := slices.BinarySearch(w.tagKeys, k)
	w.tagKeys = slices.Insert(w.tagKeys, i, k)
}

// removeTag removes the tag of key k, which w must hold.
func (w *workspace) removeTag(k string) {
	delete(w.tags, k)
	if i, found := slices.BinarySearch(w.tagKeys, k); found {
		w.tagKeys = slices.Delete(w.tagKeys, i, i+1)
	}
}
