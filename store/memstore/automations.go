package memstore

import (
	"context"
	"fmt"

	"github.com/contactkit/contactkit/automation"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// automationsTx is the store.Automations of a tx.
type automationsTx tx

var _ store.Automations = (*automationsTx)(nil)

// automationSpec describes automations to their table. An automation has no
// index but the workspace's automations in ID order.
var automationSpec = tableSpec[automation.ID, automation.Automation]{
	kind:    "automation",
	id:      func(a *automation.Automation) automation.ID { return a.ID },
	version: func(a *automation.Automation) *int64 { return &a.Version },
	clone:   (*automation.Automation).Clone,
	add:     func(w *workspace, a *automation.Automation) { w.automations.Insert(a.ID) },
	remove:  func(w *workspace, a *automation.Automation) { w.automations.Delete(a.ID) },
}

// Get implements store.Automations.
func (at *automationsTx) Get(ctx context.Context, ws contact.WorkspaceID, id automation.ID) (automation.Automation, error) {
	return at.s.automations.get(ctx, (*tx)(at), ws, id)
}

// Create implements store.Automations. Besides the errors of the contract,
// it returns ErrInvalid for a nil automation, a zero ID, an empty workspace
// or a non-zero Version.
func (at *automationsTx) Create(ctx context.Context, ws contact.WorkspaceID, a *automation.Automation) error {
	return at.s.automations.create(ctx, (*tx)(at), ws, a)
}

// Update implements store.Automations. Besides the errors of the contract,
// it returns ErrInvalid for a nil automation.
func (at *automationsTx) Update(ctx context.Context, ws contact.WorkspaceID, a *automation.Automation) error {
	return at.s.automations.update(ctx, (*tx)(at), ws, a)
}

// List implements store.Automations.
func (at *automationsTx) List(ctx context.Context, ws contact.WorkspaceID, p store.PageRequest) (store.Page[automation.Automation], error) {
	t := (*tx)(at)
	if err := t.begin(ctx, false); err != nil {
		return store.Page[automation.Automation]{}, err
	}
	defer t.mu.Unlock()
	var set *sortedIDs[automation.ID]
	if w := t.s.workspace(ws); w != nil {
		set = &w.automations
	}
	return pageByID(set, automationCursorPrefix, p, func(id automation.ID) (automation.Automation, bool) {
		return t.s.automations.value(id), true
	})
}

// Triggered implements store.Automations. It examines every automation of
// the workspace: a workspace has few.
func (at *automationsTx) Triggered(ctx context.Context, ws contact.WorkspaceID, o automation.Occurrence) ([]automation.Automation, error) {
	t := (*tx)(at)
	if err := t.begin(ctx, false); err != nil {
		return nil, err
	}
	defer t.mu.Unlock()
	out := []automation.Automation{}
	w := t.s.workspace(ws)
	if w == nil {
		return out, nil
	}
	w.automations.Ascend(automation.ID{}, false, func(id automation.ID) bool {
		if a := t.s.automations.rows[id].v; a.Triggered(o) {
			out = append(out, a.Clone())
		}
		return true
	})
	return out, nil
}

// enrollmentsTx is the store.Enrollments of a tx.
type enrollmentsTx tx

var _ store.Enrollments = (*enrollmentsTx)(nil)

// enrollmentSpec describes enrollments to their table. An enrollment is
// indexed by ID, by contact, by automation and by idempotency key; an Update
// may change the last three.
var enrollmentSpec = tableSpec[automation.EnrollmentID, automation.Enrollment]{
	kind:    "enrollment",
	id:      func(e *automation.Enrollment) automation.EnrollmentID { return e.ID },
	version: func(e *automation.Enrollment) *int64 { return &e.Version },
	clone:   (*automation.Enrollment).Clone,
	validate: func(_, e *automation.Enrollment) error {
		switch {
		case e.Automation.IsZero():
			return fmt.Errorf("%w: no automation", ErrInvalid)
		case e.Contact.IsZero():
			return fmt.Errorf("%w: no contact", ErrInvalid)
		}
		return nil
	},
	unique: (*workspace).checkKey,
	add: func(w *workspace, e *automation.Enrollment) {
		w.enrollments.Insert(e.ID)
		w.indexEnrollment(e)
	},
	remove: func(w *workspace, e *automation.Enrollment) {
		w.unindexEnrollment(e)
		w.enrollments.Delete(e.ID)
	},
	move: func(w *workspace, old, e *automation.Enrollment) {
		if e.Automation != old.Automation || e.Contact != old.Contact || e.IdempotencyKey != old.IdempotencyKey {
			w.unindexEnrollment(old)
			w.indexEnrollment(e)
		}
	},
}

// Get implements store.Enrollments.
func (et *enrollmentsTx) Get(ctx context.Context, ws contact.WorkspaceID, id automation.EnrollmentID) (automation.Enrollment, error) {
	return et.s.enrollments.get(ctx, (*tx)(et), ws, id)
}

// Create implements store.Enrollments. Besides the errors of the contract,
// it returns ErrInvalid for a nil enrollment, a zero ID, an empty
// workspace, a zero Automation or Contact, or a non-zero Version. It does
// not check that the automation and the contact exist.
func (et *enrollmentsTx) Create(ctx context.Context, ws contact.WorkspaceID, e *automation.Enrollment) error {
	return et.s.enrollments.create(ctx, (*tx)(et), ws, e)
}

// Update implements store.Enrollments. Besides the errors of the contract,
// it returns ErrInvalid for a nil enrollment or one with a zero Automation
// or Contact, and ErrAlreadyExists if e.IdempotencyKey is not empty and
// another enrollment of e.Automation in ws has it; then nothing is written.
// An Update may change the automation, the contact or the idempotency key of
// an enrollment: the indexes follow.
func (et *enrollmentsTx) Update(ctx context.Context, ws contact.WorkspaceID, e *automation.Enrollment) error {
	return et.s.enrollments.update(ctx, (*tx)(et), ws, e)
}

// ByKey implements store.Enrollments. Besides the errors of the contract,
// it returns ErrInvalid for an empty key.
func (et *enrollmentsTx) ByKey(ctx context.Context, ws contact.WorkspaceID, a automation.ID, key string) (automation.Enrollment, error) {
	t := (*tx)(et)
	if err := t.begin(ctx, false); err != nil {
		return automation.Enrollment{}, err
	}
	defer t.mu.Unlock()
	if key == "" {
		return automation.Enrollment{}, fmt.Errorf("memstore: get enrollment of automation %s by key: %w: empty key", a, ErrInvalid)
	}
	if w := t.s.workspace(ws); w != nil {
		if id, ok := w.keys[enrollmentKey{a, key}]; ok {
			return t.s.enrollments.value(id), nil
		}
	}
	return automation.Enrollment{}, fmt.Errorf("memstore: get enrollment of automation %s by key %q: %w", a, key, store.ErrNotFound)
}

// List implements store.Enrollments. A query on a contact or an
// automation walks that index (the smaller one if both are set). A page
// holds at most p.Size() enrollments; it may be shorter, with a Next, when
// the query is selective, since one call examines at most 10,000
// enrollments.
func (et *enrollmentsTx) List(ctx context.Context, ws contact.WorkspaceID, q store.EnrollmentQuery, p store.PageRequest) (store.Page[automation.Enrollment], error) {
	t := (*tx)(et)
	if err := t.begin(ctx, false); err != nil {
		return store.Page[automation.Enrollment]{}, err
	}
	defer t.mu.Unlock()
	var set *sortedIDs[automation.EnrollmentID]
	if w := t.s.workspace(ws); w != nil {
		set = &w.enrollments
		switch of, in := w.enrollmentsOf[q.Contact], w.enrollmentsIn[q.Automation]; {
		case !q.Contact.IsZero() && !q.Automation.IsZero():
			set = of
			if of == nil || in == nil {
				set = nil
			} else if in.Len() < of.Len() {
				set = in
			}
		case !q.Contact.IsZero():
			set = of
		case !q.Automation.IsZero():
			set = in
		}
	}
	return pageByID(set, enrollmentCursorPrefix, p, func(id automation.EnrollmentID) (automation.Enrollment, bool) {
		o := t.s.enrollments.rows[id]
		if !q.Matches(&o.v) {
			return automation.Enrollment{}, false
		}
		return o.v.Clone(), true
	})
}

// checkKey returns store.ErrAlreadyExists if e has an idempotency key that
// another enrollment of the same automation in w has. A nil w holds none.
func (w *workspace) checkKey(e *automation.Enrollment) error {
	if w == nil || e.IdempotencyKey == "" {
		return nil
	}
	if holder, ok := w.keys[enrollmentKey{e.Automation, e.IdempotencyKey}]; ok && holder != e.ID {
		return fmt.Errorf("idempotency key %q of automation %s is held by enrollment %s: %w",
			e.IdempotencyKey, e.Automation, holder, store.ErrAlreadyExists)
	}
	return nil
}

// indexEnrollment adds the index entries of e: by contact, by automation and
// by idempotency key.
func (w *workspace) indexEnrollment(e *automation.Enrollment) {
	setAdd(w.enrollmentsOf, e.Contact, e.ID)
	setAdd(w.enrollmentsIn, e.Automation, e.ID)
	if e.IdempotencyKey != "" {
		w.keys[enrollmentKey{e.Automation, e.IdempotencyKey}] = e.ID
	}
}

// unindexEnrollment removes the index entries that indexEnrollment added.
func (w *workspace) unindexEnrollment(e *automation.Enrollment) {
	setRemove(w.enrollmentsOf, e.Contact, e.ID)
	setRemove(w.enrollmentsIn, e.Automation, e.ID)
	if e.IdempotencyKey != "" {
		k := enrollmentKey{e.Automation, e.IdempotencyKey}
		if w.keys[k] == e.ID {
			delete(w.keys, k)
		}
	}
}
