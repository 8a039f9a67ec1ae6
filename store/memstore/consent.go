package memstore

import (
	"context"
	"fmt"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

// consentTx is the store.Consent of a tx.
type consentTx tx

var _ store.Consent = (*consentTx)(nil)

// Get implements store.Consent.
func (ct *consentTx) Get(ctx context.Context, ws contact.WorkspaceID, a list.Address) (list.Consent, error) {
	t := (*tx)(ct)
	if err := t.begin(ctx, false); err != nil {
		return list.Consent{}, err
	}
	defer t.mu.Unlock()
	if w := t.s.workspace(ws); w != nil {
		if c, ok := w.consent[a]; ok {
			return c, nil
		}
	}
	return list.Consent{}, fmt.Errorf("memstore: get consent of %q: %w", a, store.ErrNotFound)
}

// Put implements store.Consent. Besides the errors of the contract, it
// returns ErrInvalid for a nil entry, an empty workspace or a zero Address.
// An update of an entry the ledger does not hold returns ErrConflict, as
// the contract says: the stored version (none) is not c.Version.
func (ct *consentTx) Put(ctx context.Context, ws contact.WorkspaceID, c *list.Consent) error {
	t := (*tx)(ct)
	if err := t.begin(ctx, true); err != nil {
		return err
	}
	defer t.mu.Unlock()
	switch {
	case c == nil:
		return fmt.Errorf("memstore: put consent: %w: nil entry", ErrInvalid)
	case c.Address.IsZero():
		return fmt.Errorf("memstore: put consent: %w: zero address", ErrInvalid)
	case ws == "":
		return fmt.Errorf("memstore: put consent of %q: %w: no workspace", c.Address, ErrInvalid)
	}
	a := c.Address
	var old list.Consent
	var exists bool
	if w := t.s.workspace(ws); w != nil {
		old, exists = w.consent[a]
	}
	if c.Version == 0 {
		if exists {
			return fmt.Errorf("memstore: create consent of %q: %w", a, store.ErrAlreadyExists)
		}
		w := t.writeWorkspace(ws)
		stored := *c
		stored.Version = 1
		w.consent[a] = stored
		t.onUndo(func() { delete(w.consent, a) })
		c.Version = 1
		return nil
	}
	if !exists {
		return fmt.Errorf("memstore: update consent of %q at version %d (none stored): %w", a, c.Version, store.ErrConflict)
	}
	if c.Version != old.Version {
		return fmt.Errorf("memstore: update consent of %q at version %d (stored: %d): %w",
			a, c.Version, old.Version, store.ErrConflict)
	}
	w := t.s.workspace(ws)
	stored := *c
	stored.Version = old.Version + 1
	w.consent[a] = stored
	t.onUndo(func() { w.consent[a] = old })
	c.Version = stored.Version
	return nil
}
