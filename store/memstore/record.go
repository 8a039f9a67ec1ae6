package memstore

import (
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// record is a stored contact. Records are immutable once stored: an update
// stores a new record, so the undo log can keep the old one as it was.
type record struct {
	c contact.Contact
}

// newRecord returns a record holding a copy of c with the given version. Its
// workspace name is w's, so that the records of a workspace share one.
func newRecord(c *contact.Contact, w *workspace, version int64) *record {
	r := &record{c: c.Clone()}
	r.c.Workspace = w.id
	r.c.Version = version
	return r
}

// contact returns a copy of the stored contact that shares nothing with r.
func (r *record) contact() contact.Contact { return r.c.Clone() }

func (r *record) inWorkspace(ws contact.WorkspaceID) bool { return r.c.Workspace == ws }
func (r *record) version() int64                          { return r.c.Version }
func (r *record) matches(q *store.ContactQuery) bool      { return q.Matches(&r.c) }
