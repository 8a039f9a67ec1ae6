package contactkit

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/inputtext"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

// Reason is one reason Reachable says no.
type Reason string

// The reasons a contact is not reachable, in the order Reachable lists
// them.
const (
	// ReasonTrashed: the contact is in the trash.
	ReasonTrashed Reason = "trashed"
	// ReasonBlocked: the contact is blocked.
	ReasonBlocked Reason = "blocked"
	// ReasonNoAddress: the contact has no address on the channel: no email
	// for email, no phone for sms and whatsapp.
	ReasonNoAddress Reason = "no_address"
	// ReasonChannelUnavailable: the channel is neither connected nor one a
	// user may open: messenger, instagram or telegram before the
	// contact writes in, or email, sms and whatsapp with no address.
	ReasonChannelUnavailable Reason = "channel_unavailable"
	// ReasonUnsubscribed: the consent ledger holds the address as
	// unsubscribed by choice: Reachability.Consent.Changed says who
	// unsubscribed it, when, how and why.
	ReasonUnsubscribed Reason = "unsubscribed"
	// ReasonNoConsent: the workspace requires opt-in (Options.Consent) and
	// the address has not given it (Reachability.Consent.Default).
	ReasonNoConsent Reason = "no_consent"
	// ReasonListChannel: the list sends on another channel (list.List's
	// Channel).
	ReasonListChannel Reason = "list_channel"
	// ReasonNotMember: the contact is not a member of the list.
	ReasonNotMember Reason = "not_member"
	// ReasonListUnsubscribed: the contact's membership of the list is
	// unsubscribed (Reachability.Membership.Changed says why).
	ReasonListUnsubscribed Reason = "list_unsubscribed"
	// ReasonListUnconfirmed: the contact joined a double opt-in list and
	// has not confirmed.
	ReasonListUnconfirmed Reason = "list_unconfirmed"
)

// Reachability is the answer of Reachable: whether a message may be sent,
// where to, and every reason it may not.
type Reachability struct {
	// OK is true when a message may be sent: Reasons is empty.
	OK bool
	// Address is where the message goes: the contact's address on the
	// channel (zero for a channel with no consent ledger, such as
	// messenger, and when the contact has none).
	Address list.Address
	// Reasons lists every reason the answer is no, in the order of the
	// Reason constants; empty when OK.
	Reasons []Reason
	// Channel is the state of the contact's channel.
	Channel contact.Channel
	// Consent is the ledger entry of Address (the workspace default, with
	// Default true and Version 0, when the ledger has none); zero when
	// Address is.
	Consent list.Consent
	// Membership is the contact's membership of the list asked about;
	// zero when no list was, or when the contact is not a member.
	Membership list.Membership
}

// Has reports whether r lists reason.
func (r Reachability) Has(reason Reason) bool { return slices.Contains(r.Reasons, reason) }

// Reachable answers the question a host asks before it sends anything: may
// this workspace send contact c a message on channel k — and, when l is not
// the zero ID, as a message of list l? It combines the trash, the block, the
// contact's address and channel state, the consent ledger of the address and,
// for a list, the list's channel and the contact's membership, and lists every
// reason it says no, not just the first. Hosts check it before every send: no
// other call says whether a message may go.
//
// A contact or list that does not exist in the workspace gives an error
// matching ErrNotFound; a contact in the trash is an answer
// (ReasonTrashed), not an error, but a contact merged into another gives
// an error matching ErrMerged (and ErrConflict) that names the survivor,
// whom the host asks about instead (ResolveContact).
func (s *Service) Reachable(ctx context.Context, a Actor, c contact.ID, k contact.ChannelKind, l list.ID) (Reachability, error) {
	var r Reachability
	op := "reachability of contact " + c.String() + " on " + inputtext.Clip(string(k))
	if !k.Valid() {
		return r, s.refuse(ctx, a, op, "", invalid(fmt.Errorf("%w: %s", contact.ErrInvalidChannel, inputtext.Quote(string(k)))))
	}
	err := s.view(ctx, a, op, "", func(tx store.Tx) error {
		var err error
		r, err = s.reachability(ctx, tx, a.Workspace, c, k, l)
		return err
	})
	if err != nil {
		return Reachability{}, err
	}
	return r, nil
}

func (s *Service) reachability(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, c contact.ID, k contact.ChannelKind, l list.ID) (Reachability, error) {
	var r Reachability
	ct, err := tx.Contacts().Get(ctx, ws, c)
	if err != nil {
		return r, err
	}
	if ct.Trashed() {
		// Merged away, the person is reached through the survivor, which
		// holds its addresses now: the error names it (ErrMerged), as
		// Consent's does.
		if err := refuseMerged(ctx, tx, ws, c); err != nil {
			return r, err
		}
	}
	var lst list.List
	if !l.IsZero() {
		if lst, err = store.Lists(tx.Records()).Get(ctx, ws, l); errors.Is(err, store.ErrNotFound) {
			// Said by the Service: a store's not found would be
			// described by its category alone, naming neither.
			return r, notFoundf("list %s", l)
		} else if err != nil {
			return r, err
		}
	}
	no := func(reason Reason) { r.Reasons = append(r.Reasons, reason) }
	if ct.Trashed() {
		no(ReasonTrashed)
	}
	if ct.Blocked() {
		no(ReasonBlocked)
	}
	r.Channel = channelState(&ct, k)
	chn := list.Channel(k)
	if chn.Valid() {
		addr, ok := list.AddressOf(chn, &ct)
		if !ok {
			no(ReasonNoAddress)
		} else {
			r.Address = addr
			if r.Consent, err = s.consentOf(ctx, tx, ws, addr); err != nil {
				return r, err
			}
		}
	}
	if r.Channel.State == contact.ChannelUnavailable {
		no(ReasonChannelUnavailable)
	}
	if !r.Address.IsZero() && !r.Consent.Subscribed() {
		if r.Consent.Default {
			no(ReasonNoConsent)
		} else {
			no(ReasonUnsubscribed)
		}
	}
	if !l.IsZero() {
		if lst.Channel != "" && lst.Channel != chn {
			no(ReasonListChannel)
		}
		m, err := store.Memberships(tx.Records()).Get(ctx, ws, store.MembershipKey{List: l, Contact: c})
		switch {
		case errors.Is(err, store.ErrNotFound):
			no(ReasonNotMember)
		case err != nil:
			return r, err
		default:
			r.Membership = m
			switch m.Status {
			case list.StatusSubscribed:
			case list.StatusUnconfirmed:
				no(ReasonListUnconfirmed)
			case list.StatusUnsubscribed:
				no(ReasonListUnsubscribed)
			default:
				no(ReasonListUnsubscribed) // an unknown status is the safe reading
			}
		}
	}
	r.OK = len(r.Reasons) == 0
	return r, nil
}

// channelState returns the state of channel k of ct: connected, or
// derived from its addresses.
func channelState(ct *contact.Contact, k contact.ChannelKind) contact.Channel {
	if ch, ok := contact.FindChannel(ct.Channels, k); ok && ch.State == contact.ChannelActive {
		return ch
	}
	return contact.Channel{Kind: k, State: contact.ChannelStateFor(k, ct)}
}
