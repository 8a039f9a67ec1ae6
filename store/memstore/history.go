package memstore

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"

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
	for i := range changes {
		n := w.appendHistory(&changes[i])
		t.logUndo(undoEntry{ws: w, id: changes[i].Contact, cut: n + 1})
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
	h := w.history(id)
	size := p.Size()
	page := store.Page[contact.Change]{Items: []contact.Change{}}
	for i := min(start, len(h)); i < len(h); i++ {
		if len(page.Items) == size || i-start == maxScan {
			page.Next = encodeHistoryCursor(id, i)
			break
		}
		if ch := w.unpackChange(id, h[i]); fieldName == "" || ch.Field == fieldName {
			page.Items = append(page.Items, ch)
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
	if h := w.history(id); h != nil {
		w.setHistory(id, nil)
		t.onUndo(func() { w.setHistory(id, h) })
	}
	return nil
}

// history returns the history of contact id: at its ordinal while w holds
// the contact, else in w.orphans (see workspace.hist). A history is nil,
// never empty, when there is none, so that an empty one takes no room.
func (w *workspace) history(id contact.ID) []histEntry {
	if o, ok := w.ordOf(id); ok {
		if int(o) < len(w.hist) {
			return w.hist[o]
		}
		return nil
	}
	return w.orphans[id]
}

// setHistory makes h the history of contact id.
func (w *workspace) setHistory(id contact.ID, h []histEntry) {
	if len(h) == 0 {
		h = nil
	}
	o, held := w.ordOf(id)
	switch {
	case held:
		*w.histAt(o) = h
	case h == nil:
		delete(w.orphans, id)
	default:
		w.orphans[id] = h
	}
}

// appendHistory appends ch to the history of its contact and returns the
// number of changes the history had before.
func (w *workspace) appendHistory(ch *contact.Change) int {
	e := w.packChange(ch)
	if o, ok := w.ordOf(ch.Contact); ok {
		h := w.histAt(o)
		n := len(*h)
		*h = append(*h, e)
		return n
	}
	h := w.orphans[ch.Contact]
	w.orphans[ch.Contact] = append(h, e)
	return len(h)
}

// histEntry is a change of a contact's history as a workspace keeps it:
// packed into one string, its time as in a record (see packTime) and then
// its Field, Old, New, Actor, Source, Reason and Address, each after its
// length as a uvarint. Its Contact is that of the history that holds it.
// About as many bytes as its texts, in one allocation that the collector
// does not read, where a contact.Change takes 152 bytes of headers and
// its texts one allocation each: a contact's creation is one such change,
// which every contact has. A change whose time does not pack (see
// packTime) is kept whole in odd instead.
type histEntry struct {
	packed string
	odd    *contact.Change
}

// packChange returns the entry of ch in w.
func (w *workspace) packChange(ch *contact.Change) histEntry {
	zone, ok := w.zoneOf(ch.At.Location(), 0)
	var at int64
	if ok {
		at, ok = w.packTime(ch.At, zone)
	}
	if !ok {
		odd := *ch
		return histEntry{odd: &odd}
	}
	// Built in w's scratch, which its writes hold the lock of, and then
	// copied once.
	b := binary.AppendUvarint(w.textScratch[:0], uint64(zone))
	b = binary.AppendVarint(b, at)
	for _, s := range [...]string{ch.Field, ch.Old, ch.New, string(ch.Actor), string(ch.Source), ch.Reason, ch.Address} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	w.textScratch = b[:0]
	return histEntry{packed: string(b)}
}

// unpackChange returns the change of contact id that e holds in w. Its
// texts share e's string.
func (w *workspace) unpackChange(id contact.ID, e histEntry) contact.Change {
	if e.odd != nil {
		return *e.odd
	}
	r := packed(e.packed)
	zone := uint32(r.uvarint())
	ch := contact.Change{Contact: id, At: w.time(r.varint(), zone)}
	ch.Field, ch.Old, ch.New = r.text(), r.text(), r.text()
	ch.Actor, ch.Source = contact.UserID(r.text()), contact.ChangeSource(r.text())
	ch.Reason, ch.Address = r.text(), r.text()
	return ch
}

// histAt returns the place of the history of contact o in w.hist, which it
// extends to o if it ends before.
func (w *workspace) histAt(o uint32) *[]histEntry {
	if n := int(o) + 1; n > len(w.hist) {
		// Grown in place, without a slice of the missing ones to append:
		// most creations extend it by one.
		m := len(w.hist)
		w.hist = slices.Grow(w.hist, n-m)[:n]
		clear(w.hist[m:])
	}
	return &w.hist[o]
}
