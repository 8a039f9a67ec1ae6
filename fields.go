package contactkit

import (
	"context"
	"errors"
	"slices"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/store"
)

// CreateField defines a custom field in the workspace (F1); its version is
// set by the call. A key the workspace has already gives an error matching
// ErrAlreadyExists. It needs ActionManageFields.
func (s *Service) CreateField(ctx context.Context, a Actor, d field.Definition) (field.Definition, error) {
	var out field.Definition
	err := s.update(ctx, a, "create field "+d.Key.String(), ActionManageFields, func(ch *change) error {
		d := d // every attempt starts from the caller's value
		if err := d.Validate(); err != nil {
			return invalid(err)
		}
		d.Version, d.CreatedAt, d.UpdatedAt = 0, ch.now, ch.now
		if err := store.Fields(ch.tx.Records()).Put(ctx, a.Workspace, &d); err != nil {
			return err
		}
		out = d
		return nil
	})
	if err != nil {
		return field.Definition{}, err
	}
	return out, nil
}

// UpdateField replaces the definition with d's key. d.Version must be the
// version read: a stale one gives an error matching ErrConflict. The key and
// the type cannot change, and options can be hidden but not removed, so
// that stored values stay valid (F1). It needs ActionManageFields.
func (s *Service) UpdateField(ctx context.Context, a Actor, d field.Definition) (field.Definition, error) {
	var out field.Definition
	err := s.update(ctx, a, "update field "+d.Key.String(), ActionManageFields, func(ch *change) error {
		d := d // every attempt starts from the caller's value
		old, err := store.Fields(ch.tx.Records()).Get(ctx, a.Workspace, d.Key)
		if err != nil {
			return err
		}
		if err := d.Validate(); err != nil {
			return invalid(err)
		}
		if err := old.CheckUpdate(d); err != nil {
			return invalid(err)
		}
		d.CreatedAt, d.UpdatedAt = old.CreatedAt, ch.now
		if err := store.Fields(ch.tx.Records()).Put(ctx, a.Workspace, &d); err != nil {
			return err
		}
		out = d
		return nil
	})
	if err != nil {
		return field.Definition{}, err
	}
	return out, nil
}

// Fields returns every custom field definition of the workspace, ordered by
// position, then key.
func (s *Service) Fields(ctx context.Context, a Actor) ([]field.Definition, error) {
	var defs []field.Definition
	err := s.view(ctx, a, "list fields", "", func(tx store.Tx) (err error) {
		defs, err = fieldDefinitions(ctx, tx, a.Workspace)
		return err
	})
	return defs, err
}

// fieldDefinitions returns every custom field definition of ws, ordered by
// position, then key.
func fieldDefinitions(ctx context.Context, tx store.Tx, ws contact.WorkspaceID) ([]field.Definition, error) {
	defs := []field.Definition{}
	for d, err := range store.Fields(tx.Records()).All(ctx, ws, store.Query{}) {
		if err != nil {
			return nil, err
		}
		defs = append(defs, d)
	}
	return defs, nil
}

// definitionsFor returns the custom field definitions that applying p to c
// (nil for a new contact) needs: the required ones, and those of the keys
// that c or p hold. An unknown key has none, which the patch reports. The
// cost does not grow with the number of definitions of the workspace.
func definitionsFor(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, c *contact.Contact, p contact.Patch) ([]field.Definition, error) {
	fields := store.Fields(tx.Records())
	var defs []field.Definition
	for d, err := range fields.All(ctx, ws, store.Query{Status: store.StatusRequired}) {
		if err != nil {
			return nil, err
		}
		defs = append(defs, d)
	}
	have := func(k field.Key) bool {
		return slices.ContainsFunc(defs, func(d field.Definition) bool { return d.Key == k })
	}
	get := func(k field.Key) error {
		if have(k) {
			return nil
		}
		d, err := fields.Get(ctx, ws, k)
		switch {
		case err == nil:
			defs = append(defs, d)
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
		return nil
	}
	if c != nil {
		for k := range c.Fields {
			if err := get(k); err != nil {
				return nil, err
			}
		}
	}
	for raw := range p.Fields {
		if k, err := field.ParseKey(raw); err == nil {
			if err := get(k); err != nil {
				return nil, err
			}
		}
	}
	return defs, nil
}
