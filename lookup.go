package contactkit

import (
	"context"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
)

// ContactByEmail returns the live contact of the workspace that holds the
// email raw, as an inbox finds the sender of a message: raw is parsed
// as a contact's email is, so any case and any form that parses to the
// same address finds it. An email no live contact holds gives an error
// matching ErrNotFound; a bad one a *ValidationError.
func (s *Service) ContactByEmail(ctx context.Context, a Actor, raw string) (contact.Contact, error) {
	return s.lookup(ctx, a, "find contact by email", list.ChannelEmail, raw)
}

// ContactByPhone returns the live contact of the workspace that holds the
// phone raw: raw is parsed as a contact's phone is, with the
// workspace's default region for a national number, so "06 12 34 56 78",
// "0033612345678" and "+33 6 12 34 56 78" find the same contact. A phone no
// live contact holds gives an error matching ErrNotFound; a bad one a
// *ValidationError.
func (s *Service) ContactByPhone(ctx context.Context, a Actor, raw string) (contact.Contact, error) {
	return s.lookup(ctx, a, "find contact by phone", list.ChannelSMS, raw)
}

func (s *Service) lookup(ctx context.Context, a Actor, op string, chn list.Channel, raw string) (contact.Contact, error) {
	addr, key, err := s.parseAddress(chn, raw)
	if err != nil {
		return contact.Contact{}, s.refuse(ctx, a, op, "", err)
	}
	var c contact.Contact
	err = s.view(ctx, a, op+" "+addr.Value, "", func(tx store.Tx) error {
		var found bool
		var err error
		if c, found, err = byKey(ctx, tx, a.Workspace, key); err == nil && !found {
			err = store.ErrNotFound
		}
		return err
	})
	return c, err
}
