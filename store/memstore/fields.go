package memstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/store"
)

// fieldsTx is the store.Fields of a tx.
type fieldsTx tx

var _ store.Fields = (*fieldsTx)(nil)

// cloneDefinition returns a copy of d that shares no Options with it.
func cloneDefinition(d *field.Definition) field.Definition {
	c := *d
	c.Options = slices.Clone(d.Options)
	return c
}

// Get implements store.Fields.
func (ft *fieldsTx) Get(ctx context.Context, ws contact.WorkspaceID, k field.Key) (field.Definition, error) {
	t := (*tx)(ft)
	if err := t.begin(ctx, false); err != nil {
		return field.Definition{}, err
	}
	defer t.mu.Unlock()
	if w := t.s.workspace(ws); w != nil {
		if d, ok := w.fields[k]; ok {
			return cloneDefinition(&d), nil
		}
	}
	return field.Definition{}, fmt.Errorf("memstore: get field %q: %w", k, store.ErrNotFound)
}

// List implements store.Fields.
func (ft *fieldsTx) List(ctx context.Context, ws contact.WorkspaceID) ([]field.Definition, error) {
	t := (*tx)(ft)
	if err := t.begin(ctx, false); err != nil {
		return nil, err
	}
	defer t.mu.Unlock()
	w := t.s.workspace(ws)
	if w == nil {
		return []field.Definition{}, nil
	}
	defs := make([]field.Definition, 0, len(w.fields))
	for _, d := range w.fields {
		defs = append(defs, cloneDefinition(&d))
	}
	slices.SortFunc(defs, func(a, b field.Definition) int {
		return cmp.Or(cmp.Compare(a.Position, b.Position), strings.Compare(a.Key.String(), b.Key.String()))
	})
	return defs, nil
}

// Create implements store.Fields. Besides the errors of the contract, it
// returns ErrInvalid for a nil definition, a zero key, an empty workspace or
// a non-zero Version.
func (ft *fieldsTx) Create(ctx context.Context, ws contact.WorkspaceID, d *field.Definition) error {
	t := (*tx)(ft)
	if err := t.begin(ctx, true); err != nil {
		return err
	}
	defer t.mu.Unlock()
	switch {
	case d == nil:
		return fmt.Errorf("memstore: create field: %w: nil definition", ErrInvalid)
	case d.Key.IsZero():
		return fmt.Errorf("memstore: create field: %w: zero key", ErrInvalid)
	case ws == "":
		return fmt.Errorf("memstore: create field %q: %w: no workspace", d.Key, ErrInvalid)
	case d.Version != 0:
		return fmt.Errorf("memstore: create field %q: %w: version is %d, want 0", d.Key, ErrInvalid, d.Version)
	}
	if w := t.s.workspace(ws); w != nil {
		if _, ok := w.fields[d.Key]; ok {
			return fmt.Errorf("memstore: create field %q: %w", d.Key, store.ErrAlreadyExists)
		}
	}
	w := t.writeWorkspace(ws)
	stored := cloneDefinition(d)
	stored.Version = 1
	w.fields[d.Key] = stored
	k := d.Key
	t.onUndo(func() { delete(w.fields, k) })
	d.Version = 1
	return nil
}

// Update implements store.Fields. Besides the errors of the contract, it
// returns ErrInvalid for a nil definition.
func (ft *fieldsTx) Update(ctx context.Context, ws contact.WorkspaceID, d *field.Definition) error {
	t := (*tx)(ft)
	if err := t.begin(ctx, true); err != nil {
		return err
	}
	defer t.mu.Unlock()
	if d == nil {
		return fmt.Errorf("memstore: update field: %w: nil definition", ErrInvalid)
	}
	w := t.s.workspace(ws)
	var old field.Definition
	var ok bool
	if w != nil {
		old, ok = w.fields[d.Key]
	}
	if !ok {
		return fmt.Errorf("memstore: update field %q: %w", d.Key, store.ErrNotFound)
	}
	if d.Version != old.Version {
		return fmt.Errorf("memstore: update field %q at version %d (stored: %d): %w",
			d.Key, d.Version, old.Version, store.ErrConflict)
	}
	stored := cloneDefinition(d)
	stored.Version = old.Version + 1
	w.fields[d.Key] = stored
	t.onUndo(func() { w.fields[old.Key] = old })
	d.Version = stored.Version
	return nil
}
