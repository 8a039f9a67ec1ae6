package contactkit

import (
	"context"
	"iter"
	"slices"
	"strings"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

// ListHistory returns one page of the property history of contact id (every
// change of a field: old and new value, time, actor, source), oldest first. If
// fieldName is not empty, only that field's changes are listed: a standard
// field ("email": contact.FieldEmail and the other Field constants of
// package contact, contact.IsStandardField), a custom field
// (contact.CustomFieldPrefix and a key field.ParseKey reads, "fields.plan":
// one without changes, deleted since or never defined, lists none), a list
// membership (contact.ListFieldPrefix and a list ID, in any form
// list.ParseID reads) or a channel's consent
// (contact.ConsentFieldPrefix and a list.Channel). Any other name is
// refused, before anything is read, with a *ValidationError (matching
// ErrInvalidInput) holding a *contact.ParseError of Field "field" that
// names it and wraps contact.ErrUnknownField. An unknown contact gives an
// error matching ErrNotFound.
//
// The creation of a contact is stored as one record (contact.Created) and
// listed as one change per field it was created with, so a page that holds
// it may list more changes than p.Limit.
func (s *Service) ListHistory(ctx context.Context, a Actor, id contact.ID, fieldName string, p store.PageRequest) (store.Page[contact.Change], error) {
	var page store.Page[contact.Change]
	err := s.view(ctx, a, "contact history "+id.String(), "", func(tx store.Tx) error {
		var err error
		if fieldName, err = historyField(fieldName); err != nil {
			return err
		}
		if _, err := tx.Contacts().Get(ctx, a.Workspace, id); err != nil {
			return err
		}
		if fieldName == "" {
			page, err = tx.History().List(ctx, a.Workspace, id, "", p)
			page.Items = expand(page.Items, "")
			return err
		}
		// A field's changes: its own records, and the creation's value of
		// it, which the creation record holds.
		page, err = tx.History().List(ctx, a.Workspace, id, fieldName, p)
		if err != nil || p.Cursor != "" {
			return err
		}
		created, ok, err := first(ctx, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Change], error) {
			return tx.History().List(ctx, a.Workspace, id, contact.FieldCreated, p)
		})
		if err != nil {
			return err
		}
		if ok {
			page.Items = append(expand([]contact.Change{created}, fieldName), page.Items...)
		}
		return nil
	})
	return page, err
}

// historyField returns the name under which the property history records
// the field name (see ListHistory): name itself, but for a list's ID in
// another form than its canonical one, which list.ParseID reads too
// ("lists." and the ID in capitals). It returns "" for "", and for a name
// that names no such field a *ValidationError holding a
// *contact.ParseError that wraps contact.ErrUnknownField.
func historyField(name string) (string, error) {
	ok := name == "" || contact.IsStandardField(name)
	if k, custom := strings.CutPrefix(name, contact.CustomFieldPrefix); custom {
		_, err := field.ParseKey(k)
		ok = err == nil
	} else if l, member := strings.CutPrefix(name, contact.ListFieldPrefix); member {
		id, err := list.ParseID(l)
		if ok = err == nil; ok {
			name = contact.ListFieldPrefix + id.String()
		}
	} else if ch, consent := strings.CutPrefix(name, contact.ConsentFieldPrefix); consent {
		ok = list.Channel(ch).Valid()
	}
	if !ok {
		return "", invalid(&contact.ParseError{Field: "field", Input: name, Err: contact.ErrUnknownField})
	}
	return name, nil
}

// expand returns changes with each creation record expanded into its
// per-field changes, keeping only those of fieldName when it is not empty.
func expand(changes []contact.Change, fieldName string) []contact.Change {
	out := make([]contact.Change, 0, len(changes))
	for _, ch := range changes {
		out = ch.Expand(out)
	}
	if fieldName != "" {
		out = slices.DeleteFunc(out, func(ch contact.Change) bool { return ch.Field != fieldName })
	}
	return out
}

// History iterates over the property history of contact id, oldest first.
func (s *Service) History(ctx context.Context, a Actor, id contact.ID, fieldName string) iter.Seq2[contact.Change, error] {
	return all(ctx, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Change], error) {
		return s.ListHistory(ctx, a, id, fieldName, p)
	})
}
