package contactkit

import (
	"context"
	"errors"
	"fmt"

	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/inputtext"
)

// ErrCannotOpen is returned when a user opens a channel that only the
// contact can open, or one whose address the contact does not have.
var ErrCannotOpen = errors.New("channel cannot be opened by a user")

// ConnectChannel records that the contact connected on channel k (a
// channel sync: the contact wrote in, or a provider linked it): the channel
// is active from now. Connecting an active channel changes nothing.
func (s *Service) ConnectChannel(ctx context.Context, a Actor, id contact.ID, k contact.ChannelKind) (contact.Contact, error) {
	return s.connect(ctx, a, "connect channel "+inputtext.Clip(string(k))+" of contact "+id.String(), id, k, false)
}

// OpenChannel opens channel k of the contact on a user's initiative: only
// email, sms and whatsapp, and only when the contact has the address;
// anything else gives an error matching ErrCannotOpen.
func (s *Service) OpenChannel(ctx context.Context, a Actor, id contact.ID, k contact.ChannelKind) (contact.Contact, error) {
	return s.connect(ctx, a, "open channel "+inputtext.Clip(string(k))+" of contact "+id.String(), id, k, true)
}

func (s *Service) connect(ctx context.Context, a Actor, op string, id contact.ID, k contact.ChannelKind, byUser bool) (contact.Contact, error) {
	return s.changeContact(ctx, a, op, "", id, func(ch *change, c *contact.Contact) error {
		if byUser && !contact.UserCanOpen(k, c) {
			return invalid(fmt.Errorf("%w: %s", ErrCannotOpen, inputtext.Clip(string(k))))
		}
		chs, err := contact.ConnectChannel(c.Channels, k, ch.now)
		if err != nil {
			return invalid(err)
		}
		before, _ := contact.FindChannel(c.Channels, k)
		c.Channels = chs
		if now, _ := contact.FindChannel(chs, k); now != before {
			ch.emit(ChannelConnected{EventMeta: ch.meta(id), Channel: now})
		}
		return nil
	})
}

// RemoveChannel removes channel k from the contact; its history is kept in the
// property history. Removing a channel that is not connected changes
// nothing; a k that is not a declared kind is a *ValidationError holding a
// *contact.ChannelError (contact.ErrChannelKind). It needs
// ActionDeleteChannel (owners and managers by default).
func (s *Service) RemoveChannel(ctx context.Context, a Actor, id contact.ID, k contact.ChannelKind) (contact.Contact, error) {
	return s.changeContact(ctx, a, "remove channel "+inputtext.Clip(string(k))+" of contact "+id.String(), ActionDeleteChannel, id, func(ch *change, c *contact.Contact) error {
		if !k.Valid() {
			return invalid(&contact.ChannelError{Op: "remove", Kind: k, Err: fmt.Errorf("%w: %w", contact.ErrInvalidChannel, contact.ErrChannelKind)})
		}
		chs, removed := contact.RemoveChannel(c.Channels, k)
		if removed {
			c.Channels = chs
			ch.emit(ChannelRemoved{EventMeta: ch.meta(id), Kind: k})
		}
		return nil
	})
}

// SyncAvatar sets the contact's avatar, as a channel sync does: the avatar
// is read-only for users, so no Patch can set it. An empty url removes
// it. The url must be http or https with a host.
func (s *Service) SyncAvatar(ctx context.Context, a Actor, id contact.ID, url string) (contact.Contact, error) {
	return s.changeContact(ctx, a, "sync avatar of contact "+id.String(), "", id, func(_ *change, c *contact.Contact) error {
		avatar, err := contact.ParseAvatar(url)
		if err != nil {
			return invalid(err)
		}
		c.Avatar = avatar
		return nil
	})
}

// BlockContact blocks the contact: it stops every active enrollment
// of the contact in the same transaction, and emits ContactBlocked so that
// the host closes its conversation. A blocked contact stays blocked through
// updates and is left out of merge suggestions. Blocking a blocked contact
// changes nothing.
func (s *Service) BlockContact(ctx context.Context, a Actor, id contact.ID, reason string) (contact.Contact, error) {
	return s.changeContact(ctx, a, "block contact "+id.String(), "", id, func(ch *change, c *contact.Contact) error {
		if err := s.opts.Limits.CheckReason(reason); err != nil {
			return invalid(err)
		}
		if c.Blocked() {
			return nil
		}
		c.Status = contact.StatusBlocked
		ch.reason = reason
		if _, err := s.stopEnrollments(ctx, ch, id, automation.ReasonContactBlocked); err != nil {
			return err
		}
		ch.emit(ContactBlocked{EventMeta: ch.meta(id), Reason: reason})
		return nil
	})
}

// UnblockContact makes a blocked contact active again. Nothing that
// blocking stopped is restarted.
func (s *Service) UnblockContact(ctx context.Context, a Actor, id contact.ID) (contact.Contact, error) {
	return s.changeContact(ctx, a, "unblock contact "+id.String(), "", id, func(ch *change, c *contact.Contact) error {
		if !c.Blocked() {
			return nil
		}
		c.Status = contact.StatusActive
		ch.emit(ContactUnblocked{EventMeta: ch.meta(id)})
		return nil
	})
}

// changeContact loads contact id, lets fn change it, and saves it with its
// history (see save). fn may emit events of its own.
func (s *Service) changeContact(ctx context.Context, a Actor, op string, guard Action, id contact.ID, fn func(ch *change, c *contact.Contact) error) (contact.Contact, error) {
	var out contact.Contact
	err := s.update(ctx, a, op, guard, func(ch *change) error {
		c, err := live(ctx, ch.tx, a.Workspace, id)
		if err != nil {
			return err
		}
		out, _, err = s.edit(ctx, ch, c, fn)
		return err
	})
	return orZero(out, err)
}

// edit lets fn change c within ch and saves it with its history (see
// save). It returns the contact as stored, and whether anything changed.
func (s *Service) edit(ctx context.Context, ch *change, c contact.Contact, fn func(ch *change, c *contact.Contact) error) (contact.Contact, bool, error) {
	before := c.Clone()
	if err := fn(ch, &c); err != nil {
		return contact.Contact{}, false, err
	}
	after, err := s.save(ctx, ch, &before, c)
	if err != nil {
		return contact.Contact{}, false, err
	}
	return after, after.Version != before.Version, nil
}
