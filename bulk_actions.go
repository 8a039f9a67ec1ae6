package contactkit

import (
	"context"
	"errors"
	"fmt"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// The bulk calls below work as DeleteContacts does (see Bulk and
// BulkResult): the selection is counted and confirmed before anything
// changes, then changed in batches of one transaction each, with progress,
// a clean stop between batches when ctx is cancelled, and a result per
// contact. Each contact goes through the same code as the matching
// single-contact call: the same history, events and automation triggers.
// Input that is wrong for every contact (tag input that does not parse, an
// unknown list or custom field, a value its field's type refuses) refuses
// the whole call before anything changes.

// TagContacts adds tags to many contacts, as TagContact does to one: each
// string of names is typed tag input, tags the workspace does not have are
// created, and a contact that has every tag already is unchanged. A contact
// that would go over the limit of tags per contact fails alone.
func (s *Service) TagContacts(ctx context.Context, a Actor, b Bulk, names ...string) (BulkResult, error) {
	return s.bulkTags(ctx, a, "tag contacts", b, names, s.tag)
}

// UntagContacts removes tags from many contacts, as UntagContact does from
// one: a contact that has none of them is unchanged, and the tags stay in
// the workspace. Untagging the contacts a tag query selects reaches every
// one of them (see Bulk.Query).
func (s *Service) UntagContacts(ctx context.Context, a Actor, b Bulk, names ...string) (BulkResult, error) {
	return s.bulkTags(ctx, a, "untag contacts", b, names, func(_ context.Context, ch *change, c *contact.Contact, parsed []tag.Name) error {
		untag(ch, c, parsed)
		return nil
	})
}

// bulkTags parses the typed tag input names, refusing the call if it does
// not parse, and lets fn change every contact b selects with the names.
func (s *Service) bulkTags(ctx context.Context, a Actor, op string, b Bulk, names []string,
	fn func(ctx context.Context, ch *change, c *contact.Contact, names []tag.Name) error) (BulkResult, error) {
	parsed, err := s.opts.Limits.Tags.Parse(names...)
	if err != nil {
		return BulkResult{}, s.refuse(ctx, a, op, "", invalid(err))
	}
	return s.bulk(ctx, a, op, "", b, s.editing(func(ctx context.Context, ch *change, c *contact.Contact) error {
		return fn(ctx, ch, c, parsed)
	}))
}

// AssignContacts sets the assignee of many contacts to user, as
// UpdateContact does with a patch of the assignee; an empty user
// unassigns them. A contact assigned to user already is unchanged. A user
// that contact.CheckUserID refuses refuses the whole call before anything
// changes (a *contact.ParseError in a *ValidationError). As with
// UpdateContact, a contact that does not validate as a whole (a required
// field made required after it was saved) fails alone, with every problem.
func (s *Service) AssignContacts(ctx context.Context, a Actor, b Bulk, user contact.UserID) (BulkResult, error) {
	const op = "assign contacts"
	if err := contact.CheckUserID(contact.FieldAssignee, user); err != nil {
		return BulkResult{}, s.refuse(ctx, a, op, "", invalid(err))
	}
	return s.patchContacts(ctx, a, op, b, contact.Patch{Assignee: &user})
}

// SetContactsField sets the custom field key of many contacts to the raw
// value, coerced by the field's type as UpdateContact coerces it; an empty
// value clears the field. The whole call is refused before anything
// changes when key is not a custom field of the workspace or the value is
// not one of its type (a *field.Error in a *ValidationError). A contact
// whose value is unchanged is unchanged; a contact the change leaves
// invalid (clearing a required field, or a required field it lacks) fails
// alone, with every problem, and the others are changed.
func (s *Service) SetContactsField(ctx context.Context, a Actor, b Bulk, key, value string) (BulkResult, error) {
	const op = "set field of contacts"
	k, err := field.ParseKey(key)
	if err != nil {
		return BulkResult{}, s.refuse(ctx, a, op, "", invalid(&field.Error{Input: key, Err: err}))
	}
	var def field.Definition
	err = s.view(ctx, a, op, "", func(tx store.Tx) (err error) {
		def, err = store.Fields(tx.Records()).Get(ctx, a.Workspace, k)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		err = fmt.Errorf("%s: %w", op, invalid(&field.Error{Key: k, Input: value, Err: field.ErrUnknownField}))
	}
	if err != nil {
		return BulkResult{}, err
	}
	if _, err := def.CoerceWith(value, s.applyOptions(a.Workspace, nil, false).CoerceOptions()); err != nil {
		return BulkResult{}, fmt.Errorf("%s: %w", op, invalid(err))
	}
	return s.patchContacts(ctx, a, op, b, contact.Patch{Fields: map[string]string{key: value}})
}

// patchContacts applies p to every contact b selects, as UpdateContact
// does to one.
func (s *Service) patchContacts(ctx context.Context, a Actor, op string, b Bulk, p contact.Patch) (BulkResult, error) {
	return s.bulk(ctx, a, op, "", b, s.editing(func(ctx context.Context, ch *change, c *contact.Contact) error {
		return s.apply(ctx, ch, c, p, false)
	}))
}

// AddContactsToList makes many contacts members of list id, as AddToList
// does for one: a new member is subscribed (unconfirmed on a double opt-in
// list), but joins unsubscribed, and counts as changed, when the consent
// ledger holds its address as unsubscribed; a member already keeps its
// status and is unchanged. An unknown list refuses the whole call with an
// error matching ErrNotFound before anything changes.
func (s *Service) AddContactsToList(ctx context.Context, a Actor, b Bulk, id list.ID) (BulkResult, error) {
	op := "add contacts to list " + id.String()
	err := s.view(ctx, a, op, "", func(tx store.Tx) error {
		_, err := store.Lists(tx.Records()).Get(ctx, a.Workspace, id)
		return err
	})
	if err != nil {
		return BulkResult{}, err
	}
	return s.bulk(ctx, a, op, "", b, func(ctx context.Context, ch *change, c contact.Contact) (bool, error) {
		l, err := store.Lists(ch.tx.Records()).Get(ctx, a.Workspace, id)
		if err != nil {
			return false, err
		}
		_, changed, err := s.changeMembership(ctx, ch, l, &c, func(ch *change, l list.List, ct *contact.Contact, m *list.Membership) (bool, error) {
			return s.joinNew(ctx, ch, &l, ct, m)
		})
		return changed, err
	})
}

// editing returns the bulk step that lets fn change each contact and saves
// it as changeContact does.
func (s *Service) editing(fn func(ctx context.Context, ch *change, c *contact.Contact) error) bulkStep {
	return func(ctx context.Context, ch *change, c contact.Contact) (bool, error) {
		_, changed, err := s.edit(ctx, ch, c, func(ch *change, c *contact.Contact) error { return fn(ctx, ch, c) })
		return changed, err
	}
}
