package contactkit

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/inputtext"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

// ErrNoAddress is returned when a consent call names a channel for which
// the contact has no address.
var ErrNoAddress = errors.New("contact has no address on that channel")

// What the consent ledger holds. The ledger is keyed by workspace, channel and
// canonical address, never by contact: an entry survives the deletion, merge
// and edits of the contacts that hold the address. An address with no entry
// reads as the workspace default (Options.Consent), so the ledger only holds
// what differs from a subscribed default or was chosen:
//
//   - every unsubscribe, and every explicit resubscribe or consent given at
//     capture, writes an entry, even one that reads as the default;
//   - under the default policy (subscribed), a new address writes nothing;
//   - under an opt-in policy (unsubscribed), a new address writes an
//     unsubscribed entry marked Default, so that a later switch of the
//     policy to subscribed never subscribes it silently. A switch the
//     other way (subscribed to opt-in) only ever unsubscribes: the
//     addresses with no entry then read unsubscribed.

// recordAddresses writes the entries that the addresses of c need when
// they are new to the ledger: none under a subscribed default, an
// unsubscribed Default entry under an opt-in one. An address the ledger
// knows keeps its entry as it is, whoever held it before: so a
// contact created, captured or edited with an address that was
// unsubscribed is unsubscribed.
func (s *Service) recordAddresses(ctx context.Context, ch *change, c *contact.Contact) error {
	if s.opts.Consent.Default() == list.ConsentSubscribed {
		return nil // no entry reads as the default
	}
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

// consentOf returns the ledger entry of addr in ws or, when the ledger has
// none, the workspace default (Default true, Version 0).
func (s *Service) consentOf(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, addr list.Address) (list.Consent, error) {
	entry, err := store.Consent(tx.Records()).Get(ctx, ws, addr)
	if errors.Is(err, store.ErrNotFound) {
		return s.opts.Consent.New(addr, list.Change{}), nil
	}
	return entry, err
}

// Consent returns the consent of every address of contact c, primary and
// secondary, in the order of list.Addresses: an email entry for each email,
// then an sms and a whatsapp entry for each phone, each primary first. An
// address the ledger has no entry for reads as the workspace default, with
// Default true and Version 0.
func (s *Service) Consent(ctx context.Context, a Actor, c contact.ID) ([]list.Consent, error) {
	var out []list.Consent
	err := s.view(ctx, a, "consent of contact "+c.String(), "", func(tx store.Tx) error {
		out = nil // a store may run the function again
		ct, err := live(ctx, tx, a.Workspace, c)
		if err != nil {
			return err
		}
		for _, addr := range list.Addresses(&ct) {
			entry, err := s.consentOf(ctx, tx, a.Workspace, addr)
			if err != nil {
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
// on channel chn may no longer be messaged. The unsubscribe belongs to
// the address: it outlives the contact and applies to any contact that has
// the address later. Unsubscribing an unsubscribed address changes nothing.
func (s *Service) Unsubscribe(ctx context.Context, a Actor, c contact.ID, chn list.Channel, reason string) (list.Consent, error) {
	return s.changeConsent(ctx, a, "unsubscribe contact "+c.String(), c, chn, unsubscribe, reason)
}

// Resubscribe lifts an unsubscribe of the address of contact c on channel
// chn. It is the only call that can, with ResubscribeAddress and
// ResubscribeToList: it needs a reason, a user and a ui or api source, and
// no other path — update, capture, import, merge — ever turns an
// unsubscribed address back to subscribed.
func (s *Service) Resubscribe(ctx context.Context, a Actor, c contact.ID, chn list.Channel, reason string) (list.Consent, error) {
	return s.changeConsent(ctx, a, "resubscribe contact "+c.String(), c, chn, resubscribe, reason)
}

// transition is a change of a ledger entry: the entry after it, and whether
// the entry must be written.
type transition func(entry list.Consent, lc list.Change) (list.Consent, bool, error)

// unsubscribe writes an entry for every address that is not unsubscribed
// by choice already: an address with no entry gets one even when the
// default reads unsubscribed, so that no later change of the policy lifts
// it.
func unsubscribe(entry list.Consent, lc list.Change) (list.Consent, bool, error) {
	next, changed := entry.Unsubscribe(lc)
	return next, changed, nil
}

// resubscribe writes an entry for every address that is not subscribed by
// choice already, as unsubscribe does.
func resubscribe(entry list.Consent, lc list.Change) (list.Consent, bool, error) {
	next, err := entry.Resubscribe(lc)
	if err != nil {
		return entry, false, invalid(err)
	}
	return next, next != entry, nil
}

func (s *Service) changeConsent(ctx context.Context, a Actor, op string, c contact.ID, chn list.Channel, fn transition, reason string) (list.Consent, error) {
	var out list.Consent
	err := s.update(ctx, a, op, "", func(ch *change) error {
		if !chn.Valid() {
			return invalid(fmt.Errorf("%w: %s", list.ErrInvalidChannel, inputtext.Quote(string(chn))))
		}
		ct, err := live(ctx, ch.tx, a.Workspace, c)
		if err != nil {
			return err
		}
		addr, ok := list.AddressOf(chn, &ct)
		if !ok {
			return invalid(fmt.Errorf("%w: %s", ErrNoAddress, chn))
		}
		out, err = s.setConsent(ctx, ch, addr, c, fn, reason)
		return err
	})
	if err != nil {
		return list.Consent{}, err
	}
	return out, nil
}

// setConsent applies fn to the ledger entry of addr and writes it if fn
// says so. A change of status is recorded in the property history of
// contact c, if c is not zero, and emits ConsentChanged.
func (s *Service) setConsent(ctx context.Context, ch *change, addr list.Address, c contact.ID, fn transition, reason string) (list.Consent, error) {
	if err := s.opts.Limits.CheckReason(reason); err != nil {
		return list.Consent{}, invalid(err)
	}
	ws := ch.actor.Workspace
	entry, err := s.consentOf(ctx, ch.tx, ws, addr)
	if err != nil {
		return list.Consent{}, err
	}
	next, write, err := fn(entry, ch.listChange(reason))
	if err != nil || !write {
		return entry, err
	}
	if err := store.Consent(ch.tx.Records()).Put(ctx, ws, &next); err != nil {
		return list.Consent{}, err
	}
	if next.Status != entry.Status {
		if !c.IsZero() {
			ch.log(contact.Change{Contact: c, Field: contact.ConsentFieldPrefix + string(addr.Channel), Old: string(entry.Status), New: string(next.Status), Reason: next.Changed.Reason, Address: addr.Value})
		}
		ch.emit(ConsentChanged{EventMeta: ch.meta(c), Address: addr, From: entry.Status, To: next.Status, Reason: next.Changed.Reason})
	}
	return next, nil
}

// parseAddress parses raw as an email (for chn email) or a phone (for sms and
// whatsapp), as a contact's are parsed: trimmed, a national number with the
// workspace's default region. It returns the address and the key of the
// contact that holds it (see contact.Contact.Keys). A bad channel or address
// is a *ValidationError.
func (s *Service) parseAddress(chn list.Channel, raw string) (list.Address, string, error) {
	raw = strings.TrimSpace(raw)
	switch chn {
	case list.ChannelEmail:
		e, _, err := s.opts.EmailPolicy.ParseEmailInput(raw)
		if err != nil {
			return list.Address{}, "", invalid(err)
		}
		return list.Address{Channel: chn, Value: e.String()}, contact.EmailKey(e), nil
	case list.ChannelSMS, list.ChannelWhatsApp:
		p, err := contact.ParsePhone(raw, s.opts.DefaultRegion)
		if err != nil {
			return list.Address{}, "", invalid(err)
		}
		return list.Address{Channel: chn, Value: p.String()}, contact.PhoneKey(p), nil
	}
	return list.Address{}, "", invalid(fmt.Errorf("%w: %s", list.ErrInvalidChannel, inputtext.Quote(string(chn))))
}

// UnsubscribeAddress records in the consent ledger that the address raw on
// channel chn may no longer be messaged, with or without a contact, as for an
// SMS STOP from an unknown number. raw is parsed as a contact's email or phone
// is (the workspace's default region for a national number), so every form of
// one address is one entry. The unsubscribe applies to the live contact that
// holds the address now (its property history records it, and ConsentChanged
// names it) and to any contact that has it later. Unsubscribing an
// unsubscribed address changes nothing.
func (s *Service) UnsubscribeAddress(ctx context.Context, a Actor, chn list.Channel, raw, reason string) (list.Consent, error) {
	return s.changeAddress(ctx, a, "unsubscribe address", chn, raw, unsubscribe, reason)
}

// ResubscribeAddress lifts an unsubscribe of the address raw on channel
// chn, with or without a contact, as Resubscribe does for a contact's
// address: it needs a reason, a user and a ui or api source.
func (s *Service) ResubscribeAddress(ctx context.Context, a Actor, chn list.Channel, raw, reason string) (list.Consent, error) {
	return s.changeAddress(ctx, a, "resubscribe address", chn, raw, resubscribe, reason)
}

func (s *Service) changeAddress(ctx context.Context, a Actor, op string, chn list.Channel, raw string, fn transition, reason string) (list.Consent, error) {
	addr, key, err := s.parseAddress(chn, raw)
	if err != nil {
		return list.Consent{}, s.refuse(ctx, a, op, "", err)
	}
	op += " " + addr.String()
	var out list.Consent
	err = s.update(ctx, a, op, "", func(ch *change) error {
		ct, _, err := byKey(ctx, ch.tx, a.Workspace, key)
		if err != nil {
			return err
		}
		out, err = s.setConsent(ctx, ch, addr, ct.ID, fn, reason)
		return err
	})
	if err != nil {
		return list.Consent{}, err
	}
	return out, nil
}

// AddressConsent returns the consent of the address raw on channel chn,
// parsed as UnsubscribeAddress parses it: its ledger entry or, for an
// address the ledger has no entry for, the workspace default (Default
// true, Version 0).
func (s *Service) AddressConsent(ctx context.Context, a Actor, chn list.Channel, raw string) (list.Consent, error) {
	addr, _, err := s.parseAddress(chn, raw)
	if err != nil {
		return list.Consent{}, s.refuse(ctx, a, "consent of address", "", err)
	}
	var out list.Consent
	err = s.view(ctx, a, "consent of address "+addr.String(), "", func(tx store.Tx) (err error) {
		out, err = s.consentOf(ctx, tx, a.Workspace, addr)
		return err
	})
	return orZero(out, err)
}

// ListConsent returns one page of the entries of the workspace's consent
// ledger, on channel chn or, with chn "", on every channel, in order of
// channel and address. The ledger holds the unsubscribes and the explicit
// choices, and, under an opt-in policy, the addresses first seen then: an
// address it does not list reads as the workspace default.
func (s *Service) ListConsent(ctx context.Context, a Actor, chn list.Channel, p store.PageRequest) (store.Page[list.Consent], error) {
	var page store.Page[list.Consent]
	if chn != "" && !chn.Valid() {
		return page, s.refuse(ctx, a, "list consent", "", invalid(fmt.Errorf("%w: %s", list.ErrInvalidChannel, inputtext.Quote(string(chn)))))
	}
	err := s.view(ctx, a, "list consent", "", func(tx store.Tx) (err error) {
		page, err = store.Consent(tx.Records()).List(ctx, a.Workspace, store.Query{Parent: string(chn)}, p)
		return err
	})
	return page, err
}

// ConsentLedger iterates over the entries of the workspace's consent ledger
// on channel chn ("" for every channel), as ListConsent lists them, a page
// at a time.
func (s *Service) ConsentLedger(ctx context.Context, a Actor, chn list.Channel) iter.Seq2[list.Consent, error] {
	return all(ctx, func(ctx context.Context, p store.PageRequest) (store.Page[list.Consent], error) {
		return s.ListConsent(ctx, a, chn, p)
	})
}

// ledgerReason is the reason of a membership that the ledger keeps from
// being subscribed.
func ledgerReason(e list.Consent) string {
	var b strings.Builder
	b.WriteString(e.Address.String())
	b.WriteString(" is unsubscribed in the consent ledger")
	if e.Changed.Reason != "" {
		b.WriteString(": ")
		b.WriteString(e.Changed.Reason)
	}
	return b.String()
}
