package contactkit

import (
	"context"
	"errors"
	"fmt"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

// ErrNoAddress is returned when a consent call names a channel for which
// the contact has no address.
var ErrNoAddress = errors.New("contact has no address on that channel")

// recordAddresses gives every address of c that the consent ledger has
// never seen its first entry, with the workspace's default status (L2). An
// address the ledger knows keeps its entry as it is, whoever held it before
// (L3): so a contact created, captured or edited with an address that was
// unsubscribed is unsubscribed.
func (s *Service) recordAddresses(ctx context.Context, ch *change, c *contact.Contact) error {
	ws := ch.actor.Workspace
	for _, addr := range list.Addresses(c) {
		_, err := store.Consent(ch.tx.Records()).Get(ctx, ws, addr)
		if !errors.Is(err, store.ErrNotFound) {
			if err != nil {
				return err
			}
			continue
		}
		entry := s.opts.Consent.New(addr, ch.listChange(""))
		if err := store.Consent(ch.tx.Records()).Put(ctx, ws, &entry); err != nil {
			return err
		}
	}
	return nil
}

// listChange is the who, when and how of a change made in ch.
func (ch *change) listChange(reason string) list.Change {
	return list.Change{At: ch.now, By: ch.actor.User, Source: ch.actor.source(), Reason: reason}
}

// Consent returns the consent of every address of contact c, one entry per
// channel it has an address for (email, sms, whatsapp), in that order (L2).
func (s *Service) Consent(ctx context.Context, a Actor, c contact.ID) ([]list.Consent, error) {
	var out []list.Consent
	err := s.view(ctx, a, "consent of contact "+c.String(), "", func(tx store.Tx) error {
		out = nil // a store may run the function again
		ct, err := live(ctx, tx, a.Workspace, c)
		if err != nil {
			return err
		}
		for _, addr := range list.Addresses(&ct) {
			entry, err := store.Consent(tx.Records()).Get(ctx, a.Workspace, addr)
			if errors.Is(err, store.ErrNotFound) {
				entry = s.opts.Consent.New(addr, list.Change{})
			} else if err != nil {
				return err
			}
			out = append(out, entry)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Unsubscribe records in the consent ledger that the address of contact c
// on channel chn may no longer be messaged (L3). The unsubscribe belongs to
// the address: it outlives the contact and applies to any contact that has
// the address later. Unsubscribing an unsubscribed address changes nothing.
func (s *Service) Unsubscribe(ctx context.Context, a Actor, c contact.ID, chn list.Channel, reason string) (list.Consent, error) {
	return s.changeConsent(ctx, a, "unsubscribe contact "+c.String(), c, chn, func(entry list.Consent, lc list.Change) (list.Consent, bool, error) {
		next, changed := entry.Unsubscribe(lc)
		return next, changed, nil
	}, reason)
}

// Resubscribe lifts an unsubscribe of the address of contact c on channel
// chn. It is the only call that can (L4): it needs a reason, a user and a
// ui or api source, and no other path — update, capture, import, merge —
// ever turns an unsubscribed address back to subscribed.
func (s *Service) Resubscribe(ctx context.Context, a Actor, c contact.ID, chn list.Channel, reason string) (list.Consent, error) {
	return s.changeConsent(ctx, a, "resubscribe contact "+c.String(), c, chn, func(entry list.Consent, lc list.Change) (list.Consent, bool, error) {
		next, err := entry.Resubscribe(lc)
		if err != nil {
			return entry, false, invalid(err)
		}
		return next, next.Status != entry.Status, nil
	}, reason)
}

func (s *Service) changeConsent(ctx context.Context, a Actor, op string, c contact.ID, chn list.Channel,
	fn func(list.Consent, list.Change) (list.Consent, bool, error), reason string) (list.Consent, error) {
	var out list.Consent
	err := s.update(ctx, a, op, "", func(ch *change) error {
		if !chn.Valid() {
			return invalid(fmt.Errorf("%w: %q", list.ErrInvalidChannel, chn))
		}
		ct, err := live(ctx, ch.tx, a.Workspace, c)
		if err != nil {
			return err
		}
		addr, ok := list.AddressOf(chn, &ct)
		if !ok {
			return invalid(fmt.Errorf("%w: %s", ErrNoAddress, chn))
		}
		entry, err := store.Consent(ch.tx.Records()).Get(ctx, a.Workspace, addr)
		if errors.Is(err, store.ErrNotFound) {
			entry = s.opts.Consent.New(addr, ch.listChange(""))
		} else if err != nil {
			return err
		}
		next, changed, err := fn(entry, ch.listChange(reason))
		if err != nil {
			return err
		}
		if !changed {
			out = entry
			return nil
		}
		if err := store.Consent(ch.tx.Records()).Put(ctx, a.Workspace, &next); err != nil {
			return err
		}
		ch.log(contact.Change{Contact: c, Field: contact.ConsentFieldPrefix + string(chn), Old: string(entry.Status), New: string(next.Status), Reason: next.Changed.Reason})
		ch.emit(ConsentChanged{EventMeta: ch.meta(c), Address: addr, From: entry.Status, To: next.Status, Reason: next.Changed.Reason})
		out = next
		return nil
	})
	if err != nil {
		return list.Consent{}, err
	}
	return out, nil
}
