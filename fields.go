package contactkit

import (
	"context"
	"slices"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/store"
)

// CreateField defines a custom field in the workspace; its version is
// set by the call. A key the workspace has already gives an error matching
// ErrAlreadyExists. It needs ActionManageFields.
func (s *Service) CreateField(ctx context.Context, a Actor, d field.Definition) (field.Definition, error) {
	return s.writeField(ctx, a, "create field "+d.Key.String(), func(ch *change) (field.Definition, bool, error) {
		d := d // every attempt starts from the caller's value
		if err := d.Validate(); err != nil {
			return d, false, invalid(err)
		}
		d.Version, d.CreatedAt, d.UpdatedAt, d.ArchivedAt = 0, ch.now, ch.now, time.Time{}
		return d, true, nil
	})
}

// writeField runs next in one transaction for a, guarded by
// ActionManageFields, and stores the definition it returns if write is
// true; it returns that definition as stored (as it is when not written).
func (s *Service) writeField(ctx context.Context, a Actor, op string, next func(ch *change) (d field.Definition, write bool, err error)) (field.Definition, error) {
	var out field.Definition
	err := s.update(ctx, a, op, ActionManageFields, func(ch *change) error {
		d, write, err := next(ch)
		if err != nil {
			return err
		}
		if write {
			if err := store.Fields(ch.tx.Records()).Put(ctx, a.Workspace, &d); err != nil {
				return err
			}
			if err := stampFields(ctx, ch); err != nil {
				return err
			}
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
// the type cannot change (ChangeFieldType converts the values), and options
// can be hidden but not removed, so that stored values stay valid.
// d.ArchivedAt is ignored: ArchiveField and RestoreField change it. It needs
// ActionManageFields.
func (s *Service) UpdateField(ctx context.Context, a Actor, d field.Definition) (field.Definition, error) {
	return s.writeField(ctx, a, "update field "+d.Key.String(), func(ch *change) (field.Definition, bool, error) {
		d := d // every attempt starts from the caller's value
		old, err := store.Fields(ch.tx.Records()).Get(ctx, a.Workspace, d.Key)
		if err != nil {
			return d, false, err
		}
		if d.Version != old.Version {
			// Version 0 too: the store would take it for a creation.
			return d, false, conflictf("field read at version %d, now at %d", d.Version, old.Version)
		}
		if err := d.Validate(); err != nil {
			return d, false, invalid(err)
		}
		if err := old.CheckUpdate(d); err != nil {
			return d, false, invalid(err)
		}
		d.CreatedAt, d.UpdatedAt, d.ArchivedAt = old.CreatedAt, ch.now, old.ArchivedAt
		return d, true, nil
	})
}

// Fields returns the custom field definitions of the workspace in use,
// ordered by position, then key: archived ones are left out (AllFields
// lists them too). An import maps columns to these, and an export writes
// their values.
func (s *Service) Fields(ctx context.Context, a Actor) ([]field.Definition, error) {
	return s.fields(ctx, a, "list fields", false)
}

// AllFields returns every custom field definition of the workspace,
// archived ones included (see field.Definition.Archived), ordered by
// position, then key.
func (s *Service) AllFields(ctx context.Context, a Actor) ([]field.Definition, error) {
	return s.fields(ctx, a, "list all fields", true)
}

func (s *Service) fields(ctx context.Context, a Actor, op string, archived bool) ([]field.Definition, error) {
	var defs []field.Definition
	err := s.view(ctx, a, op, "", func(tx store.Tx) (err error) {
		defs, err = fieldDefinitions(ctx, tx, a.Workspace, archived)
		return err
	})
	return defs, err
}

// fieldDefinitions returns the custom field definitions of ws, ordered by
// position, then key; archived ones only if archived is true.
func fieldDefinitions(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, archived bool) ([]field.Definition, error) {
	defs := []field.Definition{}
	for d, err := range store.Fields(tx.Records()).All(ctx, ws, store.Query{}) {
		if err != nil {
			return nil, err
		}
		if archived || !d.Archived() {
			defs = append(defs, d)
		}
	}
	return defs, nil
}

// ArchiveField archives the definition key: it is left out of Fields, of
// imports, exports and the required checks; the values contacts hold stay
// on them (GetContact returns them, every other change keeps them); and a
// call that writes a value of it, or clears one, is refused with a
// *field.Error wrapping field.ErrArchived in its *ValidationError. Archiving
// an archived field changes nothing. An unknown key gives an error matching
// ErrNotFound. It needs ActionManageFields.
func (s *Service) ArchiveField(ctx context.Context, a Actor, key field.Key) (field.Definition, error) {
	return s.setArchived(ctx, a, "archive field "+key.String(), key, true)
}

// RestoreField brings an archived definition back into use, with the
// values contacts kept: it is listed, imported and, if required, required
// again. Restoring a field in use changes nothing. An unknown key gives an
// error matching ErrNotFound. It needs ActionManageFields.
func (s *Service) RestoreField(ctx context.Context, a Actor, key field.Key) (field.Definition, error) {
	return s.setArchived(ctx, a, "restore field "+key.String(), key, false)
}

func (s *Service) setArchived(ctx context.Context, a Actor, op string, key field.Key, archived bool) (field.Definition, error) {
	return s.writeField(ctx, a, op, func(ch *change) (field.Definition, bool, error) {
		d, err := store.Fields(ch.tx.Records()).Get(ctx, a.Workspace, key)
		if err != nil || d.Archived() == archived {
			return d, false, err
		}
		d.ArchivedAt, d.UpdatedAt = time.Time{}, ch.now
		if archived {
			d.ArchivedAt = ch.now
		}
		return d, true, nil
	})
}

// definitionsFor returns the custom field definitions that applying p to c
// (nil for a new contact) needs: the required ones (archived ones are not),
// and those of the keys that c or p hold, archived or not. An unknown key
// has none, which the patch reports. A workspace of few definitions gives
// them all, as they are kept (see fieldSet): more than the call needs,
// without a copy. The cost does not grow with the number of definitions of
// the workspace once they are kept.
func (s *Service) definitionsFor(ctx context.Context, ch *change, c *contact.Contact, p contact.Patch) ([]field.Definition, error) {
	set, err := s.fieldSet(ctx, ch)
	if err != nil {
		return nil, err
	}
	if len(set.all) <= fewDefinitions {
		return set.all, nil
	}
	return neededDefinitions(set.required, func(k field.Key) (field.Definition, bool, error) {
		d, ok := set.byKey[k]
		return d, ok, nil
	}, c, p)
}

// fewDefinitions is the number of definitions up to which a workspace's
// are all handed to a call: checking a value against a short list costs
// less than copying the definitions it needs out of it.
const fewDefinitions = 8

// neededDefinitions returns required (which it may extend) with the
// definitions, looked up with get, of the keys that c (nil for none) or p
// hold that required lacks.
func neededDefinitions(required []field.Definition, get func(field.Key) (field.Definition, bool, error), c *contact.Contact, p contact.Patch) ([]field.Definition, error) {
	defs := required
	keys := len(p.Fields) // how many definitions may be added, at most
	if c != nil {
		keys += len(c.Fields)
	}
	add := func(k field.Key) error {
		if slices.ContainsFunc(defs, func(d field.Definition) bool { return d.Key == k }) {
			return nil
		}
		d, ok, err := get(k)
		if ok {
			// Room for all at the first: one allocation, not one per
			// doubling of a large struct.
			defs = append(slices.Grow(defs, keys), d)
		}
		return err
	}
	if c != nil {
		for k := range c.Fields {
			if err := add(k); err != nil {
				return nil, err
			}
		}
	}
	for raw := range p.Fields {
		if k, err := field.ParseKey(raw); err == nil {
			if err := add(k); err != nil {
				return nil, err
			}
		}
	}
	return defs, nil
}
