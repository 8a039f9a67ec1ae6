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

// CreateList creates a list (L1); its ID and version are set by the call,
// its name and description normalised. It needs ActionManageLists.
func (s *Service) CreateList(ctx context.Context, a Actor, l list.List) (list.List, error) {
	var out list.List
	err := s.update(ctx, a, "create list", ActionManageLists, func(ch *change) error {
		l := l // every attempt starts from the caller's value
		uid, err := s.opts.NewID()
		if err != nil {
			return fmt.Errorf("new id: %w", err)
		}
		l = l.Normalize()
		l.ID, l.Version = list.ID(uid), 0
		if err := l.Validate(); err != nil {
			return invalid(err)
		}
		l.CreatedAt, l.UpdatedAt = ch.now, ch.now
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
// unconfirmed when the list asks for double opt-in (L1). A contact that is
// a member already keeps its status — in particular an unsubscribed one
// stays unsubscribed: only ResubscribeToList lifts that (L4).
func (s *Service) AddToList(ctx context.Context, a Actor, id list.ID, c contact.ID) (list.Membership, error) {
	return s.membership(ctx, a, "add contact "+c.String()+" to list "+id.String(), id, c, "",
		func(l list.List, m *list.Membership, lc list.Change) (bool, error) {
			if m.Version != 0 {
				return false, nil
			}
			*m = l.Join(c, lc)
			return true, nil
		})
}

// ConfirmSubscription confirms a double opt-in: an unconfirmed member of
// list id becomes subscribed. A subscribed member stays so.
func (s *Service) ConfirmSubscription(ctx context.Context, a Actor, id list.ID, c contact.ID) (list.Membership, error) {
	return s.setMembership(ctx, a, "confirm subscription of contact "+c.String()+" to list "+id.String(), id, c, list.StatusSubscribed, "", list.StatusUnconfirmed)
}

// UnsubscribeFromList unsubscribes contact c from list id, at once, with
// the reason given (L1).
func (s *Service) UnsubscribeFromList(ctx context.Context, a Actor, id list.ID, c contact.ID, reason string) (list.Membership, error) {
	return s.setMembership(ctx, a, "unsubscribe contact "+c.String()+" from list "+id.String(), id, c, list.StatusUnsubscribed, reason)
}

// ResubscribeToList subscribes again a contact that unsubscribed from list
// id (L4): the only call that can, and it needs a reason, a user and a ui
// or api source.
func (s *Service) ResubscribeToList(ctx context.Context, a Actor, id list.ID, c contact.ID, reason string) (list.Membership, error) {
	return s.setMembership(ctx, a, "resubscribe contact "+c.String()+" to list "+id.String(), id, c, list.StatusSubscribed, reason, list.StatusUnsubscribed)
}

// ErrNotMember is returned when a membership call names a contact that is
// not a member of the list, or not with the status the call needs.
var ErrNotMember = errors.New("contact is not a member of the list with that status")

// setMembership moves an existing membership to status to. If from is
// given, the membership must have one of those statuses.
func (s *Service) setMembership(ctx context.Context, a Actor, op string, id list.ID, c contact.ID, to list.Status, reason string, from ...list.Status) (list.Membership, error) {
	return s.membership(ctx, a, op, id, c, reason, func(_ list.List, m *list.Membership, lc list.Change) (bool, error) {
		if m.Version == 0 || (len(from) > 0 && m.Status != to && !slices.Contains(from, m.Status)) {
			return false, fmt.Errorf("%w: %s", ErrNotMember, m.Status)
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
// and event. A subscription is an occurrence for the triggers.
func (s *Service) membership(ctx context.Context, a Actor, op string, id list.ID, c contact.ID, reason string,
	fn func(l list.List, m *list.Membership, lc list.Change) (bool, error)) (list.Membership, error) {
	var out list.Membership
	err := s.update(ctx, a, op, "", func(ch *change) error {
		l, err := store.Lists(ch.tx.Records()).Get(ctx, a.Workspace, id)
		if err != nil {
			return err
		}
		if _, err := live(ctx, ch.tx, a.Workspace, c); err != nil {
			return err
		}
		m, err := store.Memberships(ch.tx.Records()).Get(ctx, a.Workspace, store.MembershipKey{List: id, Contact: c})
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		before := m.Status
		changed, err := fn(l, &m, ch.listChange(reason))
		if err != nil {
			return err
		}
		if !changed {
			out = m
			return nil
		}
		if err := store.Memberships(ch.tx.Records()).Put(ctx, a.Workspace, &m); err != nil {
			return err
		}
		ch.log(contact.Change{Contact: c, Field: contact.ListFieldPrefix + id.String(), Old: string(before), New: string(m.Status), Reason: m.Changed.Reason})
		ch.emit(ListStatusChanged{EventMeta: ch.meta(c), List: id, From: before, To: m.Status, Reason: m.Changed.Reason})
		if m.Status == list.StatusSubscribed {
			ch.occur(c, automation.ListSubscribed(id.String()))
		}
		out = m
		return nil
	})
	if err != nil {
		return list.Membership{}, err
	}
	return out, nil
}

// MembershipQuery selects memberships for Memberships. Every set field
// narrows the selection; the zero value selects every membership of the
// workspace.
type MembershipQuery struct {
	List    list.ID     // the members of one list
	Contact contact.ID  // the lists of one contact
	Status  list.Status // "" for any
}

// query returns the store query of q.
func (q MembershipQuery) query() store.Query {
	sq := store.Query{Contact: q.Contact, Status: string(q.Status), LiveContact: true}
	if !q.List.IsZero() {
		sq.Parent = q.List.String()
	}
	return sq
}

// Memberships iterates over the memberships that match q: with q.List set,
// the members of that list in contact order; with q.Contact set, the lists
// of that contact in list order; else in order of list, then contact. The
// memberships of contacts in the trash are left out (the store filters
// them): they come back with their contact (D2).
func (s *Service) Memberships(ctx context.Context, a Actor, q MembershipQuery) iter.Seq2[list.Membership, error] {
	sq := q.query()
	return all(ctx, func(ctx context.Context, p store.PageRequest) (page store.Page[list.Membership], err error) {
		err = s.view(ctx, a, "list memberships", "", func(tx store.Tx) error {
			page, err = store.Memberships(tx.Records()).List(ctx, a.Workspace, sq, p)
			return err
		})
		return page, err
	})
}
