package memstore

import (
	"context"
	"fmt"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// historyTx is the store.History of a Tx.
type historyTx Tx

var _ store.History = (*historyTx)(nil)

// Append implements store.History: store.ErrInvalid for an empty workspace
// or a change with a zero contact ID, as the contract says, and then
// nothing is written. It does not check that the contacts exist.
func (ht *historyTx) Append(ctx context.Context, ws contact.WorkspaceID, changes ...contact.Change) error {
	var bad error
	for i := range changes {
		if changes[i].Contact.IsZero() {
			bad = fmt.Errorf("memstore: append history: %w: change %d has no contact", store.ErrInvalid, i)
			break
		}
	}
	mode := adds
	if len(changes) == 0 {
		mode = updates // nothing to add
	}
	w, err := (*contactsTx)(ht).openChecked(ctx, "append history", ws, mode, bad)
	if err != nil {
		return err
	}
	t := (*Tx)(ht)
	defer t.mu.Unlock()
	for _, ch := range changes {
		id := ch.Contact
		h, had := w.history[id]
		n := len(h)
		w.history[id] = append(h, ch)
		t.onUndo(func() {
			if !had {
				delete(w.history, id)
				return
			}
			// Later appends were undone first, so the length is n+1.
			w.history[id] = w.history[id][:n]
		})
	}
	return nil
}

// List implements store.History. The cursor of a page is bound to the
// contact listed: it is refused for another one.
func (ht *historyTx) List(ctx context.Context, ws contact.WorkspaceID, id contact.ID, fieldName string, p store.PageRequest) (store.Page[contact.Change], error) {
	w, err := (*contactsTx)(ht).open(ctx, "list history", ws, reads)
	if err != nil {
		return store.Page[contact.Change]{}, err
	}
	defer ht.mu.Unlock()
	start, err := decodeHistoryCursor(p.Cursor, id)
	if err != nil {
		return store.Page[contact.Change]{}, err
	}
	h := w.history[id]
	size := p.Size()
	page := store.Page[contact.Change]{Items: []contact.Change{}}
	for i := min(start, len(h)); i < len(h); i++ {
		if len(page.Items) == size || i-start == maxScan {
			page.Next = encodeHistoryCursor(id, i)
			break
		}
		if fieldName == "" || h[i].Field == fieldName {
			page.Items = append(page.Items, h[i])
		}
	}
	return page, nil
}

// Delete implements store.History.
func (ht *historyTx) Delete(ctx context.Context, ws contact.WorkspaceID, id contact.ID) error {
	w, err := (*contactsTx)(ht).open(ctx, "delete history", ws, updates)
	if err != nil {
		return err
	}
	t := (*Tx)(ht)
	defer t.mu.Unlock()
	if h, ok := w.history[id]; ok {
		delete(w.history, id)
		t.onUndo(func() { w.history[id] = h })
	}
	return nil
}
