package contactkit

import (
	"context"
	"errors"
	"iter"
	"reflect"
	"slices"

	"github.com/contactkit/contactkit/association"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/internal/inputtext"
	"github.com/contactkit/contactkit/store"
)

// ContactAssociated: a contact was associated with a host record, or the
// label of its association changed.
type ContactAssociated struct {
	EventMeta
	Association association.Association // as committed
	New         bool                    // the association did not exist before
	Previous    string                  // the label before the change; "" when New
}

// ContactDissociated: a contact's association with a host record was
// removed.
type ContactDissociated struct {
	EventMeta
	Association association.Association // as it was
}

// ContactFollowed: a user started following a contact.
type ContactFollowed struct {
	EventMeta
	User contact.UserID
}

// ContactUnfollowed: a user stopped following a contact.
type ContactUnfollowed struct {
	EventMeta
	User contact.UserID
}

// AssociationInput is a link from a contact to a host record: the target's
// registered type (an association.Type of Options.AssociationTypes), its ID
// in the host, and a label the type allows ("" for none).
type AssociationInput struct {
	Type   string
	Record string
	Label  string
}

// associationType returns the registered type named name, or an *association.Error
// wrapping association.ErrUnknownType.
func (s *Service) associationType(name string) (*association.Type, error) {
	for i := range s.opts.AssociationTypes {
		if t := &s.opts.AssociationTypes[i]; t.Name == name {
			return t, t.Validate()
		}
	}
	return nil, &association.Error{Part: "type", Input: name, Err: association.ErrUnknownType}
}

// Associate links contact c to the host record in.Record of type in.Type
// with the label in.Label. The type must be registered in
// Options.AssociationTypes and allow the label; a bad type, record ID or
// label gives a *ValidationError holding an *association.Error. A contact
// has at most one association with a record: associating it again changes
// the label (and emits ContactAssociated), or changes nothing when the label
// is the same. The contact must be live (ErrTrashed otherwise).
func (s *Service) Associate(ctx context.Context, a Actor, c contact.ID, in AssociationInput) (association.Association, error) {
	var out association.Association
	op := "associate contact " + c.String()
	target, err := association.ParseTarget(in.Type, in.Record)
	if err != nil {
		return out, s.refuse(ctx, a, op, "", invalid(err))
	}
	typ, err := s.associationType(target.Type)
	if err != nil {
		return out, s.refuse(ctx, a, op, "", invalid(err))
	}
	label, err := typ.Label(in.Label)
	if err != nil {
		return out, s.refuse(ctx, a, op, "", invalid(err))
	}
	err = s.update(ctx, a, op, "", func(ch *change) error {
		out = association.Association{}
		if _, err := live(ctx, ch.tx, a.Workspace, c); err != nil {
			return err
		}
		t := store.Associations(ch.tx.Records())
		cur, err := t.Get(ctx, a.Workspace, store.AssociationKey{Contact: c, Target: target})
		fresh := errors.Is(err, store.ErrNotFound)
		switch {
		case fresh:
			cur = association.Association{Contact: c, Target: target, CreatedAt: ch.now, CreatedBy: a.User}
		case err != nil:
			return err
		case cur.Label == label:
			out = cur
			return nil
		}
		previous := cur.Label
		cur.Label, cur.UpdatedAt = label, ch.now
		if err := t.Put(ctx, a.Workspace, &cur); err != nil {
			return err
		}
		ch.emit(ContactAssociated{EventMeta: ch.meta(c), Association: cur, New: fresh, Previous: previous})
		out = cur
		return nil
	})
	if err != nil {
		return association.Association{}, err
	}
	return out, nil
}

// Dissociate removes the association of contact c with the host record of
// type typ and ID record, and reports whether there was one: removing an
// association that does not exist changes nothing. The type need not be
// registered any more. The contact must be live (ErrTrashed otherwise).
func (s *Service) Dissociate(ctx context.Context, a Actor, c contact.ID, typ, record string) (bool, error) {
	op := "dissociate contact " + c.String()
	target, err := association.ParseTarget(typ, record)
	if err != nil {
		return false, s.refuse(ctx, a, op, "", invalid(err))
	}
	var removed bool
	err = s.update(ctx, a, op, "", func(ch *change) error {
		removed = false
		if _, err := live(ctx, ch.tx, a.Workspace, c); err != nil {
			return err
		}
		t := store.Associations(ch.tx.Records())
		cur, err := t.Get(ctx, a.Workspace, store.AssociationKey{Contact: c, Target: target})
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err == nil {
			err = t.Delete(ctx, a.Workspace, &cur)
		}
		if err != nil {
			return err
		}
		removed = true
		ch.emit(ContactDissociated{EventMeta: ch.meta(c), Association: cur})
		return nil
	})
	return orZero(removed, err)
}

// AssociationQuery selects a contact's associations. Its zero value
// selects all of them.
type AssociationQuery struct {
	// Type, if set, keeps the associations with records of that type.
	Type string
}

// ListAssociations returns one page of contact c's associations, in order
// of target (type, then record ID, byte order). The contact must be live:
// the associations of a contact in the trash are in the trash with it
// (ErrTrashed), and come back exactly when it is restored.
func (s *Service) ListAssociations(ctx context.Context, a Actor, c contact.ID, q AssociationQuery, p store.PageRequest) (store.Page[association.Association], error) {
	var page store.Page[association.Association]
	err := s.view(ctx, a, "associations of contact "+c.String(), "", func(tx store.Tx) (err error) {
		if _, err := live(ctx, tx, a.Workspace, c); err != nil {
			return err
		}
		page, err = store.Associations(tx.Records()).List(ctx, a.Workspace, store.Query{Contact: c, Status: q.Type}, p)
		return err
	})
	return page, err
}

// Associations iterates over contact c's associations; see
// ListAssociations.
func (s *Service) Associations(ctx context.Context, a Actor, c contact.ID, q AssociationQuery) iter.Seq2[association.Association, error] {
	return all(ctx, func(ctx context.Context, p store.PageRequest) (store.Page[association.Association], error) {
		return s.ListAssociations(ctx, a, c, q, p)
	})
}

// ListAssociated returns one page of the associations of live contacts
// with the host record of type typ and ID record, in order of contact ID:
// the contacts associated with it. Contacts in the trash are left out. The
// type need not be registered; a malformed type or record ID gives a
// *ValidationError.
func (s *Service) ListAssociated(ctx context.Context, a Actor, typ, record string, p store.PageRequest) (store.Page[association.Association], error) {
	var page store.Page[association.Association]
	// The record's ID is the host's, bounded by ParseTarget: clipped until
	// it is checked (X1).
	op := "contacts associated with " + inputtext.Clip(typ) + " " + inputtext.Clip(record)
	target, err := association.ParseTarget(typ, record)
	if err != nil {
		return page, s.refuse(ctx, a, op, "", invalid(err))
	}
	err = s.view(ctx, a, op, "", func(tx store.Tx) (err error) {
		q := store.Query{Parent: target.String(), LiveContact: true}
		page, err = store.Associations(tx.Records()).List(ctx, a.Workspace, q, p)
		return err
	})
	return page, err
}

// Associated iterates over the associations of live contacts with the host
// record of type typ and ID record; see ListAssociated.
func (s *Service) Associated(ctx context.Context, a Actor, typ, record string) iter.Seq2[association.Association, error] {
	return all(ctx, func(ctx context.Context, p store.PageRequest) (store.Page[association.Association], error) {
		return s.ListAssociated(ctx, a, typ, record, p)
	})
}

// Follow makes the actor's user follow contact c: the events about c name
// its followers (EventMeta.Followers). Following a contact one follows
// already changes nothing and returns the existing Follow. The contact must
// be live (ErrTrashed otherwise).
func (s *Service) Follow(ctx context.Context, a Actor, c contact.ID) (association.Follow, error) {
	var out association.Follow
	err := s.update(ctx, a, "follow contact "+c.String(), "", func(ch *change) error {
		if _, err := live(ctx, ch.tx, a.Workspace, c); err != nil {
			return err
		}
		t := store.Follows(ch.tx.Records())
		f, err := t.Get(ctx, a.Workspace, store.FollowKey{Contact: c, User: a.User})
		if err == nil || !errors.Is(err, store.ErrNotFound) {
			out = f
			return err
		}
		f = association.Follow{Contact: c, User: a.User, At: ch.now}
		if err := t.Put(ctx, a.Workspace, &f); err != nil {
			return err
		}
		ch.emit(ContactFollowed{EventMeta: ch.meta(c), User: a.User})
		out = f
		return nil
	})
	if err != nil {
		return association.Follow{}, err
	}
	return out, nil
}

// Unfollow makes the actor's user stop following contact c, and reports
// whether it did follow it: unfollowing a contact one does not follow
// changes nothing. The contact must exist; it may be in the trash.
func (s *Service) Unfollow(ctx context.Context, a Actor, c contact.ID) (bool, error) {
	var removed bool
	err := s.update(ctx, a, "unfollow contact "+c.String(), "", func(ch *change) error {
		removed = false
		if _, err := ch.tx.Contacts().Get(ctx, a.Workspace, c); err != nil {
			return err
		}
		t := store.Follows(ch.tx.Records())
		f, err := t.Get(ctx, a.Workspace, store.FollowKey{Contact: c, User: a.User})
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err == nil {
			err = t.Delete(ctx, a.Workspace, &f)
		}
		if err != nil {
			return err
		}
		removed = true
		ch.emit(ContactUnfollowed{EventMeta: ch.meta(c), User: a.User})
		return nil
	})
	return orZero(removed, err)
}

// ListFollowers returns one page of the followers of contact c, in order
// of user ID. The contact must be live (ErrTrashed otherwise).
func (s *Service) ListFollowers(ctx context.Context, a Actor, c contact.ID, p store.PageRequest) (store.Page[association.Follow], error) {
	var page store.Page[association.Follow]
	err := s.view(ctx, a, "followers of contact "+c.String(), "", func(tx store.Tx) (err error) {
		if _, err := live(ctx, tx, a.Workspace, c); err != nil {
			return err
		}
		page, err = store.Follows(tx.Records()).List(ctx, a.Workspace, store.Query{Contact: c}, p)
		return err
	})
	return page, err
}

// Followers iterates over the followers of contact c; see ListFollowers.
func (s *Service) Followers(ctx context.Context, a Actor, c contact.ID) iter.Seq2[association.Follow, error] {
	return all(ctx, func(ctx context.Context, p store.PageRequest) (store.Page[association.Follow], error) {
		return s.ListFollowers(ctx, a, c, p)
	})
}

// followersOf returns the users who follow contact id, as the transaction
// of ch sees them, read once per call and contact.
func followersOf(ctx context.Context, ch *change, id contact.ID) ([]contact.UserID, error) {
	if users, ok := ch.followers[id]; ok {
		return users, nil
	}
	var users []contact.UserID
	for f, err := range store.Follows(ch.tx.Records()).All(ctx, ch.actor.Workspace, store.Query{Contact: id}) {
		if err != nil {
			return nil, err
		}
		users = append(users, f.User)
	}
	if ch.followers == nil {
		ch.followers = map[contact.ID][]contact.UserID{}
	}
	ch.followers[id] = users
	return users, nil
}

// created notes that the call created contact id: nobody follows it yet,
// so naming the followers of its events reads nothing (an import creates
// thousands in a call). A call that nobody listens to has no events to
// name them in: it notes nothing.
func (ch *change) created(id contact.ID) {
	if !ch.listen {
		return
	}
	if ch.followers == nil {
		ch.followers = map[contact.ID][]contact.UserID{}
	}
	ch.followers[id] = nil
}

// nameFollowers sets EventMeta.Followers of every event of ch about a
// contact to the users who follow that contact when the call commits (or,
// for a contact erased by the call, who followed it before).
func nameFollowers(ctx context.Context, ch *change) error {
	for i, e := range ch.events {
		id := e.Meta().Contact
		if id.IsZero() {
			continue
		}
		users, err := followersOf(ctx, ch, id)
		if err != nil {
			return err
		}
		if len(users) > 0 {
			ch.events[i] = withFollowers(e, users)
		}
	}
	return nil
}

var eventMetaType = reflect.TypeFor[EventMeta]()

// withFollowers returns e with its EventMeta.Followers set to a copy of
// users. Every event type embeds EventMeta; one that does not is returned
// as it is.
func withFollowers(e Event, users []contact.UserID) Event {
	v := reflect.New(reflect.TypeOf(e)).Elem()
	v.Set(reflect.ValueOf(e))
	if v.Kind() != reflect.Struct {
		return e
	}
	m := v.FieldByName("EventMeta")
	if !m.IsValid() || m.Type() != eventMetaType || !m.CanSet() {
		return e
	}
	meta := m.Interface().(EventMeta)
	meta.Followers = slices.Clone(users)
	m.Set(reflect.ValueOf(meta))
	return v.Interface().(Event)
}
