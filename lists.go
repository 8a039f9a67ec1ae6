package contactkit

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"

	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

// CreateList creates a list; its version is set by the call, its name and
// description normalised. Its ID is l.ID when the host chose one for a
// new list (l.Version 0; a list read back is copied under a new ID), so
// that the call is safe to retry: run again after it succeeded, it returns the
// list the first run made (a list of that ID and another content gives an
// error matching ErrAlreadyExists); else the call gives one. It needs
// ActionManageLists.
func (s *Service) CreateList(ctx context.Context, a Actor, l list.List) (list.List, error) {
	var out list.List
	err := s.update(ctx, a, "create list", ActionManageLists, func(ch *change) error {
		l := l.Normalize() // every attempt starts from the caller's value
		if l.Version != 0 {
			l.ID = list.ID{} // a list read back: a copy, under a new ID
		}
		if err := l.Validate(); err != nil {
			return invalid(err)
		}
		t := store.Lists(ch.tx.Records())
		made, err := createdBefore(ctx, t, a.Workspace, l.ID, func(stored list.List) bool {
			l.Version, l.CreatedAt, l.UpdatedAt = stored.Version, stored.CreatedAt, stored.UpdatedAt
			return l == stored
		})
		if err != nil || !made.ID.IsZero() {
			out = made
			return err
		}
		if l.ID.IsZero() {
			uid, err := s.opts.NewID()
			if err != nil {
				return fmt.Errorf("new id: %w", err)
			}
			l.ID = list.ID(uid)
		}
		l.Version = 0
		l.CreatedAt, l.UpdatedAt = ch.now, ch.now
		if err := t.Put(ctx, a.Workspace, &l); err != nil {
			return err
		}
		out = l
		return nil
	})
	if err != nil {
		return list.List{}, err
	}
	return out, nil
}

// createdBefore returns the record of id in t when a call that creates it
// with a host-chosen ID made it already (same tells that the stored
// record is the one the call would make): the zero T when id is zero or
// t has no record of it, an error matching ErrAlreadyExists when its
// record is another.
func createdBefore[K interface {
	comparable
	String() string
}, T any](ctx context.Context, t store.Table[K, T], ws contact.WorkspaceID, id K, same func(stored T) bool) (T, error) {
	var zero T
	if id == *new(K) {
		return zero, nil
	}
	stored, err := t.Get(ctx, ws, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return zero, nil
	case err != nil:
		return zero, err
	case !same(stored):
		return zero, fmt.Errorf("%w: a record of ID %s with another content", store.ErrAlreadyExists, id)
	}
	return stored, nil
}

// UpdateList replaces the list l.ID; l.Version must be the version read
// (else ErrConflict). It needs ActionManageLists.
func (s *Service) UpdateList(ctx context.Context, a Actor, l list.List) (list.List, error) {
	var out list.List
	err := s.update(ctx, a, "update list "+l.ID.String(), ActionManageLists, func(ch *change) error {
		l := l // every attempt starts from the caller's value
		old, err := store.Lists(ch.tx.Records()).Get(ctx, a.Workspace, l.ID)
		if err != nil {
			return err
		}
		if l.Version != old.Version {
			// Version 0 too: the store would take it for a creation.
			return conflictf("list read at version %d, now at %d", l.Version, old.Version)
		}
		l = l.Normalize()
		if err := l.Validate(); err != nil {
			return invalid(err)
		}
		l.CreatedAt, l.UpdatedAt = old.CreatedAt, ch.now
		if err := store.Lists(ch.tx.Records()).Put(ctx, a.Workspace, &l); err != nil {
			return err
		}
		out = l
		return nil
	})
	if err != nil {
		return list.List{}, err
	}
	return out, nil
}

// GetList returns the list id, or an error matching ErrNotFound.
func (s *Service) GetList(ctx context.Context, a Actor, id list.ID) (list.List, error) {
	var l list.List
	err := s.view(ctx, a, "get list "+id.String(), "", func(tx store.Tx) (err error) {
		l, err = store.Lists(tx.Records()).Get(ctx, a.Workspace, id)
		return err
	})
	return l, err
}

// Lists iterates over the lists of the workspace in ID order.
func (s *Service) Lists(ctx context.Context, a Actor) iter.Seq2[list.List, error] {
	return all(ctx, func(ctx context.Context, p store.PageRequest) (page store.Page[list.List], err error) {
		err = s.view(ctx, a, "list lists", "", func(tx store.Tx) error {
			page, err = store.Lists(tx.Records()).List(ctx, a.Workspace, store.Query{}, p)
			return err
		})
		return page, err
	})
}

// AddToList makes contact c a member of list id: subscribed, or
// unconfirmed when the list asks for double opt-in. A contact that is
// a member already keeps its status — in particular an unsubscribed one
// stays unsubscribed: only ResubscribeToList lifts that.
//
// Joining never subscribes an address the consent ledger holds as
// unsubscribed: when the ledger holds the contact's address on the
// list's Channel — or, for a list with no Channel, any of the contact's
// addresses — as unsubscribed by choice, the new membership is
// unsubscribed, with that entry as its reason, and no list-subscribed
// trigger fires. ResubscribeToList is the explicit way in.
func (s *Service) AddToList(ctx context.Context, a Actor, id list.ID, c contact.ID) (list.Membership, error) {
	return s.membership(ctx, a, "add contact "+c.String()+" to list "+id.String(), id, c,
		func(ch *change, l list.List, ct *contact.Contact, m *list.Membership) (bool, error) {
			return s.joinNew(ctx, ch, &l, ct, m)
		})
}

// joinNew makes ct a member of l as AddToList does, if m, its membership,
// is new (Version 0); it reports whether it changed m.
func (s *Service) joinNew(ctx context.Context, ch *change, l *list.List, ct *contact.Contact, m *list.Membership) (bool, error) {
	if m.Version != 0 {
		return false, nil
	}
	next, err := s.join(ctx, ch, l, ct)
	*m = next
	return err == nil, err
}

// join returns the new membership of ct in l: l.Join, unless the ledger
// keeps ct's addresses for l from being subscribed (see AddToList).
func (s *Service) join(ctx context.Context, ch *change, l *list.List, ct *contact.Contact) (list.Membership, error) {
	for _, addr := range listAddresses(l, ct) {
		entry, err := s.consentOf(ctx, ch.tx, ch.actor.Workspace, addr)
		if err != nil {
			return list.Membership{}, err
		}
		if entry.Status == list.ConsentUnsubscribed && !entry.Default {
			return list.Membership{List: l.ID, Contact: ct.ID, Status: list.StatusUnsubscribed, Changed: ch.listChange(ledgerReason(entry))}, nil
		}
	}
	return l.Join(ct.ID, ch.listChange("")), nil
}

// listAddresses returns the addresses of ct that list l sends to: the one
// on l.Channel, or every address ct has when l has no channel.
func listAddresses(l *list.List, ct *contact.Contact) []list.Address {
	if l.Channel == "" {
		return list.Addresses(ct)
	}
	if addr, ok := list.AddressOf(l.Channel, ct); ok {
		return []list.Address{addr}
	}
	return nil
}

// ConfirmSubscription confirms a double opt-in: an unconfirmed member of
// list id becomes subscribed. A subscribed member stays so. On a list
// with a Channel, the confirmation is the consent of the contact's address
// on it, whatever the member's status was (a member of a list without
// double opt-in, or one who confirmed from an address it has changed
// since, confirms too): in the same transaction, if the ledger holds that
// address only by the workspace's default, it is opted in, as a form's
// opt-in box opts in (under an opt-in policy, it makes the member
// reachable); an address unsubscribed by choice stays so, until an
// explicit resubscribe. A list with no Channel does not say which address
// confirmed: the ledger is left as it is.
func (s *Service) ConfirmSubscription(ctx context.Context, a Actor, id list.ID, c contact.ID) (list.Membership, error) {
	return s.membership(ctx, a, "confirm subscription of contact "+c.String()+" to list "+id.String(), id, c,
		func(ch *change, l list.List, ct *contact.Contact, m *list.Membership) (bool, error) {
			if m.Version == 0 || m.Status != list.StatusSubscribed && m.Status != list.StatusUnconfirmed {
				return false, notMember(m)
			}
			next, changed, err := m.SetStatus(list.StatusSubscribed, ch.listChange(""))
			if err != nil {
				return false, invalid(err)
			}
			if addr, ok := list.AddressOf(l.Channel, ct); l.Channel != "" && ok {
				if _, err := s.setConsent(ctx, ch, addr, ct.ID, optIn, ""); err != nil {
					return false, err
				}
			}
			*m = next
			return changed, nil
		})
}

// UnsubscribeFromList unsubscribes contact c from list id, at once, with
// the reason given (at most Options.Limits.Reason characters, else a
// *ValidationError).
func (s *Service) UnsubscribeFromList(ctx context.Context, a Actor, id list.ID, c contact.ID, reason string) (list.Membership, error) {
	return s.setMembership(ctx, a, "unsubscribe contact "+c.String()+" from list "+id.String(), id, c, list.StatusUnsubscribed, reason)
}

// ResubscribeToList subscribes contact c to list id by an explicit user
// action: the only call that lifts an unsubscribe from a list, and it
// needs a reason (at most Options.Limits.Reason characters), a user and a
// ui or api source. In one transaction it
// lifts, with that reason, the unsubscribes the consent ledger holds for
// the addresses the list sends to (its Channel's, or every address of the
// contact for a list with no Channel; under an opt-in policy, this is the
// opt-in of those addresses), and makes the contact a subscribed
// member: a new member joins (unconfirmed on a double opt-in list), an
// unsubscribed one is subscribed again; a subscribed or unconfirmed one
// keeps its status.
func (s *Service) ResubscribeToList(ctx context.Context, a Actor, id list.ID, c contact.ID, reason string) (list.Membership, error) {
	return s.membership(ctx, a, "resubscribe contact "+c.String()+" to list "+id.String(), id, c,
		func(ch *change, l list.List, ct *contact.Contact, m *list.Membership) (bool, error) {
			if err := s.opts.Limits.CheckReason(reason); err != nil {
				return false, invalid(err)
			}
			lc := ch.listChange(reason)
			// Check the explicit action once, whatever needs lifting.
			probe := list.Membership{Status: list.StatusUnsubscribed}
			if _, _, err := probe.SetStatus(list.StatusSubscribed, lc); err != nil {
				return false, invalid(err)
			}
			for _, addr := range listAddresses(&l, ct) {
				entry, err := s.consentOf(ctx, ch.tx, ch.actor.Workspace, addr)
				if err != nil {
					return false, err
				}
				if entry.Subscribed() {
					continue
				}
				if _, err := s.setConsent(ctx, ch, addr, ct.ID, resubscribe, reason); err != nil {
					return false, err
				}
			}
			switch {
			case m.Version == 0:
				*m = l.Join(ct.ID, lc)
				return true, nil
			case m.Status == list.StatusUnsubscribed:
				next, changed, err := m.SetStatus(list.StatusSubscribed, lc)
				*m = next
				return changed, invalid(err)
			}
			return false, nil
		})
}

// ErrNotMember is returned, with ErrConflict, when a membership call names
// a contact that is not a member of the list, or not with the status the
// call needs.
var ErrNotMember = errors.New("contact is not a member of the list with that status")

// notMember returns the ErrNotMember of a call that m, the membership it
// found (Version 0 for none), does not allow: it says the status m has,
// or that there is no membership.
func notMember(m *list.Membership) error {
	if m.Version == 0 {
		return fmt.Errorf("%w: no membership", ErrNotMember)
	}
	return fmt.Errorf("%w: it is %s", ErrNotMember, m.Status)
}

// setMembership moves an existing membership to status to. If from is
// given, the membership must have one of those statuses.
func (s *Service) setMembership(ctx context.Context, a Actor, op string, id list.ID, c contact.ID, to list.Status, reason string, from ...list.Status) (list.Membership, error) {
	return s.membership(ctx, a, op, id, c, func(ch *change, _ list.List, _ *contact.Contact, m *list.Membership) (bool, error) {
		if err := s.opts.Limits.CheckReason(reason); err != nil {
			return false, invalid(err)
		}
		lc := ch.listChange(reason)
		if m.Version == 0 || (len(from) > 0 && m.Status != to && !slices.Contains(from, m.Status)) {
			return false, notMember(m)
		}
		next, changed, err := m.SetStatus(to, lc)
		if err != nil {
			return false, invalid(err)
		}
		*m = next
		return changed, nil
	})
}

// membership runs fn on the membership of contact c in list id (Version 0
// when there is none) and stores it if fn says it changed, with its history
// and event (see putMembership).
func (s *Service) membership(ctx context.Context, a Actor, op string, id list.ID, c contact.ID,
	fn func(ch *change, l list.List, ct *contact.Contact, m *list.Membership) (bool, error)) (list.Membership, error) {
	var out list.Membership
	err := s.update(ctx, a, op, "", func(ch *change) error {
		l, err := store.Lists(ch.tx.Records()).Get(ctx, a.Workspace, id)
		if err != nil {
			return err
		}
		ct, err := live(ctx, ch.tx, a.Workspace, c)
		if err != nil {
			return err
		}
		out, _, err = s.changeMembership(ctx, ch, l, &ct, fn)
		return err
	})
	if err != nil {
		return list.Membership{}, err
	}
	return out, nil
}

// changeMembership runs fn on the membership of ct in l within ch (Version 0
// when there is none) and stores it if fn says it changed, with its history
// and event (see putMembership). It returns the membership and whether it
// changed.
func (s *Service) changeMembership(ctx context.Context, ch *change, l list.List, ct *contact.Contact,
	fn func(ch *change, l list.List, ct *contact.Contact, m *list.Membership) (bool, error)) (list.Membership, bool, error) {
	m, err := store.Memberships(ch.tx.Records()).Get(ctx, ch.actor.Workspace, store.MembershipKey{List: l.ID, Contact: ct.ID})
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return list.Membership{}, false, err
	}
	before := m.Status
	changed, err := fn(ch, l, ct, &m)
	if err != nil {
		return list.Membership{}, false, err
	}
	if changed {
		if err := s.putMembership(ctx, ch, before, &m); err != nil {
			return list.Membership{}, false, err
		}
	}
	return m, changed, nil
}

// putMembership stores m, whose status was before ("" for a new one),
// records the change in the contact's history and emits
// ListStatusChanged. A subscription is an occurrence for the triggers.
func (s *Service) putMembership(ctx context.Context, ch *change, before list.Status, m *list.Membership) error {
	if err := store.Memberships(ch.tx.Records()).Put(ctx, ch.actor.Workspace, m); err != nil {
		return err
	}
	ch.log(contact.Change{Contact: m.Contact, Field: contact.ListFieldPrefix + m.List.String(), Old: string(before), New: string(m.Status), Reason: m.Changed.Reason})
	ch.emit(ListStatusChanged{EventMeta: ch.meta(m.Contact), List: m.List, From: before, To: m.Status, Reason: m.Changed.Reason})
	if m.Status == list.StatusSubscribed {
		ch.occur(m.Contact, automation.ListSubscribed(m.List.String()))
	}
	return nil
}

// MembershipQuery selects memberships for Memberships. Every set field
// narrows the selection; the zero value selects every membership of the
// workspace.
type MembershipQuery struct {
	List    list.ID     // the members of one list
	Contact contact.ID  // the lists of one contact
	Status  list.Status // "" for any; else a valid list.Status
}

// validate reports a Status that is neither "" nor a valid list.Status, as
// a *ValidationError holding a *list.Error that wraps list.ErrInvalidStatus.
func (q MembershipQuery) validate() error {
	if q.Status != "" && !q.Status.Valid() {
		return invalid(&list.Error{Field: "status", Input: string(q.Status), Err: list.ErrInvalidStatus})
	}
	return nil
}

// query returns the store query of q.
func (q MembershipQuery) query() store.Query {
	sq := store.Query{Contact: q.Contact, Status: string(q.Status), LiveContact: true}
	if !q.List.IsZero() {
		sq.Parent = q.List.String()
	}
	return sq
}

// Memberships iterates over the memberships that match q: with q.List set, the
// members of that list in contact order; with q.Contact set, the lists of that
// contact in list order; else in order of list, then contact. The memberships
// of contacts in the trash are left out (the store filters them): they come
// back with their contact when it is restored. A q.Status that is not a
// list.Status yields an error matching ErrInvalidInput.
func (s *Service) Memberships(ctx context.Context, a Actor, q MembershipQuery) iter.Seq2[list.Membership, error] {
	sq := q.query()
	return all(ctx, func(ctx context.Context, p store.PageRequest) (page store.Page[list.Membership], err error) {
		if err := q.validate(); err != nil {
			return page, s.refuse(ctx, a, "list memberships", "", err)
		}
		err = s.view(ctx, a, "list memberships", "", func(tx store.Tx) error {
			page, err = store.Memberships(tx.Records()).List(ctx, a.Workspace, sq, p)
			return err
		})
		return page, err
	})
}
