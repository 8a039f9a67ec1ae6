package contactkit

import (
	"context"
	"iter"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// ListHistory returns one page of the property history of contact id
// (H2), oldest first. If fieldName is not empty, only that field's changes
// are listed ("email", "fields.plan": see the contact.Field constants). An
// unknown contact gives an error matching ErrNotFound.
func (s *Service) ListHistory(ctx context.Context, a Actor, id contact.ID, fieldName string, p store.PageRequest) (store.Page[contact.Change], error) {
	var page store.Page[contact.Change]
	err := s.view(ctx, a, "contact history "+id.String(), "", func(tx store.Tx) error {
		if _, err := tx.Contacts().Get(ctx, a.Workspace, id); err != nil {
			return err
		}
		var err error
		page, err = tx.History().List(ctx, a.Workspace, id, fieldName, p)
		return err
	})
	return page, err
}

// History iterates over the property history of contact id, oldest first.
func (s *Service) History(ctx context.Context, a Actor, id contact.ID, fieldName string) iter.Seq2[contact.Change, error] {
	return all(ctx, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Change], error) {
		return s.ListHistory(ctx, a, id, fieldName, p)
	})
}
