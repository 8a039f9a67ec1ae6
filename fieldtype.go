package contactkit

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/store"
)

// FieldConversion says what changing a custom field's type does to the
// values contacts hold: for every contact, live or in the trash, that holds
// a value of the field, whether the value converts and to what. A dry run
// (PreviewFieldTypeChange) reports it without writing; ChangeFieldType
// reports what it wrote.
type FieldConversion struct {
	// From is the field's type before the change.
	From field.Type
	// Definition is the definition after the change: as given to the dry
	// run, as stored by ChangeFieldType.
	Definition field.Definition
	// Converted lists the values that convert, in contact ID order.
	Converted []ConvertedValue
	// Losses lists the values that do not convert, in contact ID order:
	// the change clears them. len(Losses) is the loss count.
	Losses []FieldLoss
}

// ConvertedValue is a value that converts to the field's new type.
type ConvertedValue struct {
	Contact contact.ID
	Old     field.Value // of the former type
	New     field.Value // of the new type; its text may equal Old's ("42")
}

// FieldLoss is a value that does not convert to the field's new type: the
// change clears it.
type FieldLoss struct {
	Contact contact.ID
	Old     field.Value
	// Err says why: a *field.Error wrapping field.ErrInvalidValue ("not a
	// number", "not an option …").
	Err error
}

// FieldTypeChange is a change of a custom field's type, for
// ChangeFieldType.
type FieldTypeChange struct {
	// Definition is the definition after the change: the key of the field
	// to change, its new Type, and for select and multiselect its options
	// (when the former type had options too, none may be removed). The
	// other attributes change as UpdateField changes them; ArchivedAt is
	// ignored. Version, if not zero, must be the version read, else the
	// change fails with an error matching ErrConflict.
	Definition field.Definition
	// AcceptLosses are the losses the caller accepts, as a dry run
	// reported them (FieldConversion.Losses): the change goes ahead only if
	// every value it would lose is among them, the same contact and the
	// same old value. A value that would be lost and was not seen so (a
	// contact written since the dry run) refuses the whole change with a
	// *FieldLossError, never lost unseen. An accepted loss that no longer
	// happens (a value fixed since) is no matter. Nil accepts none.
	AcceptLosses []FieldLoss
}

// ErrValueLoss is matched by the error of a type change that would lose
// values the caller did not accept: a *FieldLossError. The error of the
// Service's call matches ErrConflict too.
var ErrValueLoss = errors.New("field type change would lose values")

// FieldLossError refuses a type change that would lose values not accepted
// (see FieldTypeChange.AcceptLosses). errors.Is(err, ErrValueLoss) holds.
type FieldLossError struct {
	Key field.Key
	// Losses lists every value the change would lose, accepted or not.
	Losses []FieldLoss
	// Unaccepted is how many of Losses were not accepted.
	Unaccepted int
}

// Error returns `field "<key>": type change would lose values: <n> lost,
// <m> not accepted`.
func (e *FieldLossError) Error() string {
	return fmt.Sprintf("field %q: type change would lose values: %d lost, %d not accepted",
		e.Key.String(), len(e.Losses), e.Unaccepted)
}

// Is makes errors.Is(err, ErrValueLoss) true.
func (e *FieldLossError) Is(target error) bool { return target == ErrValueLoss }

// PreviewFieldTypeChange is the dry run of a type change: it reports,
// for every contact that holds a value of next.Key, whether the value
// converts to next.Type and to what, and writes nothing. The conversion is
// field.Definition.Convert with the Service's default region, limits and
// email policy. The errors are ChangeFieldType's, but a loss: an unknown
// key matches ErrNotFound, a stale next.Version ErrConflict, and a change
// that CheckTypeChange refuses is a *ValidationError. It needs
// ActionManageFields.
func (s *Service) PreviewFieldTypeChange(ctx context.Context, a Actor, next field.Definition) (FieldConversion, error) {
	var out FieldConversion
	err := s.view(ctx, a, "preview type change of field "+next.Key.String(), ActionManageFields, func(tx store.Tx) error {
		conv, _, err := s.planConversion(ctx, tx, a.Workspace, next)
		out = conv
		return err
	})
	if err != nil {
		return FieldConversion{}, err
	}
	return out, nil
}

// ChangeFieldType changes the type of the custom field tc.Definition.Key
// and converts every value contacts hold, live or in the trash, in one
// transaction: all of them or none. A value that does not convert (see
// PreviewFieldTypeChange) is cleared, and only if tc.AcceptLosses accepts
// it: otherwise nothing is written and the error is a *FieldLossError that
// counts the losses. Each contact's converted or cleared value is recorded
// in its property history (old and new text, with the reason "field type
// changed from <old> to <new>"), and a ContactUpdated event names the
// field. Other rules of the contacts (required fields) are not checked: a
// conversion only rewrites the field.
//
// It reads every contact of the workspace in that transaction, so its cost
// grows with the workspace; it does not work in batches. It needs
// ActionManageFields.
func (s *Service) ChangeFieldType(ctx context.Context, a Actor, tc FieldTypeChange) (FieldConversion, error) {
	var out FieldConversion
	err := s.update(ctx, a, "change type of field "+tc.Definition.Key.String(), ActionManageFields, func(ch *change) error {
		conv, held, err := s.planConversion(ctx, ch.tx, a.Workspace, tc.Definition)
		if err != nil {
			return err
		}
		if err := checkLosses(conv, tc.AcceptLosses); err != nil {
			return err
		}
		d := conv.Definition
		d.UpdatedAt = ch.now
		if err := store.Fields(ch.tx.Records()).Put(ctx, a.Workspace, &d); err != nil {
			return err
		}
		if err := stampFields(ctx, ch); err != nil {
			return err
		}
		conv.Definition = d
		ch.reason = fmt.Sprintf("field type changed from %s to %s", conv.From, d.Type)
		for _, v := range conv.Converted {
			if err := s.rewriteValue(ctx, ch, held[v.Contact], d.Key, v.New); err != nil {
				return err
			}
		}
		for _, l := range conv.Losses {
			if err := s.rewriteValue(ctx, ch, held[l.Contact], d.Key, field.Value{}); err != nil {
				return err
			}
		}
		out = conv
		return nil
	})
	if err != nil {
		return FieldConversion{}, err
	}
	return out, nil
}

// planConversion checks the type change to next and converts, without
// writing, the value of every contact of ws that holds one. It returns the
// report with the definition to store (the stored one's version and
// times), and the contacts that hold a value, by ID.
func (s *Service) planConversion(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, next field.Definition) (FieldConversion, map[contact.ID]contact.Contact, error) {
	old, err := store.Fields(tx.Records()).Get(ctx, ws, next.Key)
	if err != nil {
		return FieldConversion{}, nil, err
	}
	if err := ifVersion(next.Version, old.Version); err != nil {
		return FieldConversion{}, nil, err
	}
	if err := old.CheckTypeChange(next); err != nil {
		return FieldConversion{}, nil, invalid(err)
	}
	next.Version, next.CreatedAt, next.UpdatedAt, next.ArchivedAt = old.Version, old.CreatedAt, old.UpdatedAt, old.ArchivedAt
	conv := FieldConversion{From: old.Type, Definition: next}
	opts := s.convertOptions()
	held := map[contact.ID]contact.Contact{}
	for _, trashed := range []bool{false, true} {
		for c, err := range store.All(ctx, store.MaxLimit, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Contact], error) {
			return tx.Contacts().List(ctx, ws, store.ContactQuery{Trashed: trashed}, p)
		}) {
			if err != nil {
				return FieldConversion{}, nil, err
			}
			v := c.Fields[next.Key]
			if v.IsZero() {
				continue
			}
			held[c.ID] = c
			if nv, err := next.Convert(v, opts); err != nil {
				conv.Losses = append(conv.Losses, FieldLoss{Contact: c.ID, Old: v, Err: err})
			} else {
				conv.Converted = append(conv.Converted, ConvertedValue{Contact: c.ID, Old: v, New: nv})
			}
		}
	}
	// Live contacts, then those in the trash: one order for both.
	slices.SortFunc(conv.Converted, func(a, b ConvertedValue) int { return a.Contact.Compare(b.Contact) })
	slices.SortFunc(conv.Losses, func(a, b FieldLoss) int { return a.Contact.Compare(b.Contact) })
	return conv, held, nil
}

// convertOptions are the settings values are converted to a field's new
// type with.
func (s *Service) convertOptions() field.CoerceOptions {
	return field.CoerceOptions{
		DefaultRegion: s.opts.DefaultRegion,
		Limits:        s.opts.Limits.WithDefaults().Fields,
		ASCIIEmail:    s.opts.EmailPolicy == contact.EmailASCII,
	}
}

// retype gives each custom value of c that is not of its definition's type
// now (a snapshot taken before ChangeFieldType) that type, converted as
// ChangeFieldType converts the values contacts hold; a value that does not
// convert is cleared, as the change cleared it on the contact. It reports
// whether it changed c.
func (s *Service) retype(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, c *contact.Contact) (bool, error) {
	changed := false
	held := c.Fields
	c.Fields = maps.Clone(held) // it may be a snapshot's, which stays as it is
	for k, v := range held {
		d, err := store.Fields(tx.Records()).Get(ctx, ws, k)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return false, err
		}
		if v.Type() == d.Type {
			continue
		}
		changed = true
		if nv, err := d.Convert(v, s.convertOptions()); err == nil && !nv.IsZero() {
			c.Fields[k] = nv
		} else {
			delete(c.Fields, k)
		}
	}
	if changed && len(c.Fields) == 0 {
		c.Fields = nil
	}
	return changed, nil
}

// checkLosses returns a *FieldLossError if conv loses a value that accepted
// does not hold (the same contact and old value).
func checkLosses(conv FieldConversion, accepted []FieldLoss) error {
	type loss struct {
		contact contact.ID
		old     field.Value
	}
	ok := make(map[loss]bool, len(accepted))
	for _, a := range accepted {
		ok[loss{a.Contact, a.Old}] = true
	}
	unaccepted := 0
	for _, l := range conv.Losses {
		if !ok[loss{l.Contact, l.Old}] {
			unaccepted++
		}
	}
	if unaccepted == 0 {
		return nil
	}
	return &FieldLossError{Key: conv.Definition.Key, Losses: conv.Losses, Unaccepted: unaccepted}
}

// rewriteValue stores c with the value of key replaced by v (cleared when v
// is zero), records the change in its history and emits ContactUpdated. The
// text of the value may not change (text "42" to the number 42): the
// change is written and recorded all the same, its type has.
func (s *Service) rewriteValue(ctx context.Context, ch *change, c contact.Contact, key field.Key, v field.Value) error {
	after := c.Clone()
	if v.IsZero() {
		delete(after.Fields, key)
		if len(after.Fields) == 0 {
			after.Fields = nil
		}
	} else {
		after.Fields[key] = v
	}
	after.UpdatedAt = ch.now
	if err := ch.tx.Contacts().Update(ctx, &after); err != nil {
		return err
	}
	name := contact.CustomFieldPrefix + key.String()
	ch.record([]contact.Change{{Contact: c.ID, Field: name, Old: c.Fields[key].String(), New: v.String()}})
	if ch.listen {
		ch.emit(ContactUpdated{EventMeta: ch.meta(c.ID), Fields: []string{name}, Snapshot: after.Clone()})
	}
	return nil
}
