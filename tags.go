package contactkit

import (
	"context"
	"errors"
	"iter"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// addTags adds names to c's tags, creating the tags the workspace does not
// have yet, and returns the names that c did not have.
func (s *Service) addTags(ctx context.Context, ch *change, c *contact.Contact, names []tag.Name) ([]tag.Name, error) {
	added, created, err := s.resolveTags(ctx, ch, c, names)
	if err == nil {
		err = putTags(ctx, ch, created)
	}
	return added, err
}

// resolveTags is addTags without writing the tags the workspace does not
// have yet: it returns them, to be written with putTags once the contact
// that has them is. An import row that fails when its contact is created
// or updated (a taken address) leaves no tag behind in the batch that
// commits.
func (s *Service) resolveTags(ctx context.Context, ch *change, c *contact.Contact, names []tag.Name) (added []tag.Name, created []tag.Tag, err error) {
	missing := c.Tags.Missing(names...)
	if len(missing) == 0 {
		return nil, nil, nil
	}
	limits := s.opts.Limits.Tags.WithDefaults()
	if n := c.Tags.Len() + len(missing); n > limits.PerContact {
		return nil, nil, invalid(&tag.LimitError{Limit: tag.LimitPerContact, Max: limits.PerContact, Got: n})
	}
	tags := store.Tags(ch.tx.Records())
	spellings := make([]tag.Name, 0, len(missing))
	for _, n := range missing {
		t, err := tags.Get(ctx, ch.actor.Workspace, n)
		switch {
		case errors.Is(err, store.ErrNotFound):
			t = tag.Tag{Name: n, CreatedAt: ch.now}
			created = append(created, t)
		case err != nil:
			return nil, nil, err
		}
		// The workspace's spelling wins over the one typed now.
		spellings = append(spellings, t.Name)
	}
	if c.Tags, added, err = c.Tags.AddWithin(limits.PerContact, spellings...); err != nil {
		return nil, nil, invalid(err)
	}
	return added, created, nil
}

// putTags writes the tags resolveTags found missing.
func putTags(ctx context.Context, ch *change, created []tag.Tag) error {
	tags := store.Tags(ch.tx.Records())
	for i := range created {
		if err := tags.Put(ctx, ch.actor.Workspace, &created[i]); err != nil {
			return err
		}
	}
	return nil
}

// TagContact adds tags to the contact id. Each string of names is typed tag
// input, split on commas, tabs and newlines; tags the workspace does not have
// are created. Tags the contact has already are left as they are.
func (s *Service) TagContact(ctx context.Context, a Actor, id contact.ID, names ...string) (contact.Contact, error) {
	return s.changeContact(ctx, a, "tag contact "+id.String(), "", id, func(ch *change, c *contact.Contact) error {
		parsed, err := s.opts.Limits.Tags.Parse(names...)
		if err != nil {
			return invalid(err)
		}
		return s.tag(ctx, ch, c, parsed)
	})
}

// tag adds names to c's tags as TagContact does: it creates the tags the
// workspace does not have, and emits ContactTagged for those c did not
// have.
func (s *Service) tag(ctx context.Context, ch *change, c *contact.Contact, names []tag.Name) error {
	added, err := s.addTags(ctx, ch, c, names)
	ch.emitTagged(c.ID, added)
	return err
}

// UntagContact removes tags from the contact id. Removing a tag the contact
// does not have is not an error; the tag itself is never deleted from the
// workspace.
func (s *Service) UntagContact(ctx context.Context, a Actor, id contact.ID, names ...string) (contact.Contact, error) {
	return s.changeContact(ctx, a, "untag contact "+id.String(), "", id, func(ch *change, c *contact.Contact) error {
		parsed, err := s.opts.Limits.Tags.Parse(names...)
		if err != nil {
			return invalid(err)
		}
		untag(ch, c, parsed)
		return nil
	})
}

// untag removes names from c's tags as UntagContact does, and emits
// ContactUntagged for those c had.
func untag(ch *change, c *contact.Contact, names []tag.Name) {
	var removed []tag.Name
	c.Tags, removed = c.Tags.Remove(names...)
	if len(removed) > 0 {
		ch.emit(ContactUntagged{EventMeta: ch.meta(c.ID), Tags: removed})
	}
}

// DeleteTag deletes a tag from the workspace and from every contact that has
// it, in one transaction, and returns how many contacts had it. It
// needs ActionDeleteTag.
func (s *Service) DeleteTag(ctx context.Context, a Actor, name string) (int, error) {
	n, err := tag.ParseName(name)
	if err != nil {
		return 0, s.refuse(ctx, a, "delete tag", ActionDeleteTag, invalid(err))
	}
	count := 0
	err = s.update(ctx, a, "delete tag "+n.String(), ActionDeleteTag, func(ch *change) error {
		count = 0
		t, err := store.Tags(ch.tx.Records()).Get(ctx, a.Workspace, n)
		if err != nil {
			return err
		}
		// Live contacts and those in the trash: a restored contact must
		// not come back with a tag the workspace no longer has.
		for _, q := range []store.ContactQuery{{Tag: n}, {Tag: n, Trashed: true}} {
			for c, err := range all(ctx, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Contact], error) {
				return ch.tx.Contacts().List(ctx, a.Workspace, q, p)
			}) {
				if err != nil {
					return err
				}
				_, _, err := s.edit(ctx, ch, c, func(ch *change, c *contact.Contact) error {
					untag(ch, c, []tag.Name{n})
					return nil
				})
				if err != nil {
					return err
				}
				count++
			}
		}
		if err := store.Tags(ch.tx.Records()).Delete(ctx, a.Workspace, &t); err != nil {
			return err
		}
		ch.emit(TagDeleted{EventMeta: ch.meta(contact.ID{}), Tag: t.Name, Contacts: count})
		return nil
	})
	if err != nil {
		return 0, err
	}
	return count, nil
}

// ListTags returns one page of the workspace's tags, in order of their
// case-folded names.
func (s *Service) ListTags(ctx context.Context, a Actor, p store.PageRequest) (store.Page[tag.Tag], error) {
	var page store.Page[tag.Tag]
	err := s.view(ctx, a, "list tags", "", func(tx store.Tx) (err error) {
		page, err = store.Tags(tx.Records()).List(ctx, a.Workspace, store.Query{}, p)
		return err
	})
	return page, err
}

// Tags iterates over every tag of the workspace.
func (s *Service) Tags(ctx context.Context, a Actor) iter.Seq2[tag.Tag, error] {
	return all(ctx, func(ctx context.Context, p store.PageRequest) (store.Page[tag.Tag], error) {
		return s.ListTags(ctx, a, p)
	})
}
