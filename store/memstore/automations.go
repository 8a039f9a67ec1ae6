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

// Get implements store.Automations.
func (at *automationsTx) Get(ctx context.Context, ws contact.WorkspaceID, id automation.ID) (automation.Automation, error) {
	t := (*tx)(at)
	if err := t.begin(ctx, false); err != nil {
		return automation.Automation{}, err
	}
	defer t.mu.Unlock()
	o, ok := t.s.automations[id]
	if !ok || o.ws != ws {
		return automation.Automation{}, fmt.Errorf("memstore: get automation %s: %w", id, store.ErrNotFound)
	}
	return o.v.Clone(), nil
}

// Create implements store.Automations. Besides the errors of the contract,
// it returns ErrInvalid for a nil automation, a zero ID, an empty workspace
// or a non-zero Version.
func (at *automationsTx) Create(ctx context.Context, ws contact.WorkspaceID, a *automation.Automation) error {
	t := (*tx)(at)
	if err := t.begin(ctx, true); err != nil {
		return err
	}
	defer t.mu.Unlock()
	switch {
	case a == nil:
		return fmt.Errorf("memstore: create automation: %w: nil automation", ErrInvalid)
	case a.ID.IsZero():
		return fmt.Errorf("memstore: create automation: %w: zero ID", ErrInvalid)
	case ws == "":
		return fmt.Errorf("memstore: create automation %s: %w: no workspace", a.ID, ErrInvalid)
	case a.Version != 0:
		return fmt.Errorf("memstore: create automation %s: %w: version is %d, want 0", a.ID, ErrInvalid, a.Version)
	}
	s := t.s
	if _, ok := s.automations[a.ID]; ok {
		return fmt.Errorf("memstore: create automation %s: %w", a.ID, store.ErrAlreadyExists)
	}
	w := t.writeWorkspace(ws)
	stored := a.Clone()
	stored.Version = 1
	id := a.ID
	s.automations[id] = owned[automation.Automation]{ws: w.id, v: stored}
	w.automations.Insert(id)
	t.onUndo(func() {
		w.automations.Delete(id)
		delete(s.automations, id)
	})
	a.Version = 1
	return nil
}

// Update implements store.Automations. Besides the errors of the contract,
// it returns ErrInvalid for a nil automation.
func (at *automationsTx) Update(ctx context.Context, ws contact.WorkspaceID, a *automation.Automation) error {
	t := (*tx)(at)
	if err := t.begin(ctx, true); err != nil {
		return err
	}
	defer t.mu.Unlock()
	if a == nil {
		return fmt.Errorf("memstore: update automation: %w: nil automation", ErrInvalid)
	}
	s := t.s
	old, ok := s.automations[a.ID]
	if !ok || old.ws != ws {
		return fmt.Errorf("memstore: update automation %s: %w", a.ID, store.ErrNotFound)
	}
	if a.Version != old.v.Version {
		return fmt.Errorf("memstore: update automation %s at version %d (stored: %d): %w",
			a.ID, a.Version, old.v.Version, store.ErrConflict)
	}
	stored := a.Clone()
	stored.Version = old.v.Version + 1
	s.automations[a.ID] = owned[automation.Automation]{ws: old.ws, v: stored}
	t.onUndo(func() { s.automations[old.v.ID] = old })
	a.Version = stored.Version
	return nil
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
		o := t.s.automations[id]
		return o.v.Clone(), true
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
		if a := t.s.automations[id].v; a.Triggered(o) {
			out = append(out, a.Clone())
		}
		return true
	})
	return out, nil
}

// enrollmentsTx is the store.Enrollments of a tx.
type enrollmentsTx tx

var _ store.Enrollments = (*enrollmentsTx)(nil)

// Get implements store.Enrollments.
func (et *enrollmentsTx) Get(ctx context.Context, ws contact.WorkspaceID, id automation.EnrollmentID) (automation.Enrollment, error) {
	t := (*tx)(et)
	if err := t.begin(ctx, false); err != nil {
		return automation.Enrollment{}, err
	}
	defer t.mu.Unlock()
	o, ok := t.s.enrollments[id]
	if !ok || o.ws != ws {
		return automation.Enrollment{}, fmt.Errorf("memstore: get enrollment %s: %w", id, store.ErrNotFound)
	}
	return o.v.Clone(), nil
}

// Create implements store.Enrollments. Besides the errors of the contract,
// it returns ErrInvalid for a nil enrollment, a zero ID, an empty
// workspace, a zero Automation or Contact, or a non-zero Version. It does
// not check that the automation and the contact exist.
func (et *enrollmentsTx) Create(ctx context.Context, ws contact.WorkspaceID, e *automation.Enrollment) error {
	t := (*tx)(et)
	if err := t.begin(ctx, true); err != nil {
		return err
	}
	defer t.mu.Unlock()
	switch {
	case e == nil:
		return fmt.Errorf("memstore: create enrollment: %w: nil enrollment", ErrInvalid)
	case e.ID.IsZero():
		return fmt.Errorf("memstore: create enrollment: %w: zero ID", ErrInvalid)
	case ws == "":
		return fmt.Errorf("memstore: create enrollment %s: %w: no workspace", e.ID, ErrInvalid)
	case e.Automation.IsZero():
		return fmt.Errorf("memstore: create enrollment %s: %w: no automation", e.ID, ErrInvalid)
	case e.Contact.IsZero():
		return fmt.Errorf("memstore: create enrollment %s: %w: no contact", e.ID, ErrInvalid)
	case e.Version != 0:
		return fmt.Errorf("memstore: create enrollment %s: %w: version is %d, want 0", e.ID, ErrInvalid, e.Version)
	}
	s := t.s
	if _, ok := s.enrollments[e.ID]; ok {
		return fmt.Errorf("memstore: create enrollment %s: %w", e.ID, store.ErrAlreadyExists)
	}
	if w := s.workspace(ws); w != nil {
		if err := w.checkKey(e); err != nil {
			return fmt.Errorf("memstore: create enrollment %s: %w", e.ID, err)
		}
	}
	w := t.writeWorkspace(ws)
	stored := e.Clone()
	stored.Version = 1
	s.enrollments[e.ID] = owned[automation.Enrollment]{ws: w.id, v: stored}
	w.enrollments.Insert(e.ID)
	w.indexEnrollment(&stored)
	t.onUndo(func() {
		w.unindexEnrollment(&stored)
		w.enrollments.Delete(stored.ID)
		delete(s.enrollments, stored.ID)
	})
	e.Version = 1
	return nil
}

// Update implements store.Enrollments. Besides the errors of the contract,
// it returns ErrInvalid for a nil enrollment or one with a zero Automation
// or Contact, and ErrAlreadyExists if e.IdempotencyKey is not empty and
// another enrollment of e.Automation in ws has it; then nothing is written.
// An Update may change the automation, the contact or the idempotency key of
// an enrollment: the indexes follow.
func (et *enrollmentsTx) Update(ctx context.Context, ws contact.WorkspaceID, e *automation.Enrollment) error {
	t := (*tx)(et)
	if err := t.begin(ctx, true); err != nil {
		return err
	}
	defer t.mu.Unlock()
	if e == nil {
		return fmt.Errorf("memstore: update enrollment: %w: nil enrollment", ErrInvalid)
	}
	s := t.s
	old, ok := s.enrollments[e.ID]
	if !ok || old.ws != ws {
		return fmt.Errorf("memstore: update enrollment %s: %w", e.ID, store.ErrNotFound)
	}
	if e.Version != old.v.Version {
		return fmt.Errorf("memstore: update enrollment %s at version %d (stored: %d): %w",
			e.ID, e.Version, old.v.Version, store.ErrConflict)
	}
	switch {
	case e.Automation.IsZero():
		return fmt.Errorf("memstore: update enrollment %s: %w: no automation", e.ID, ErrInvalid)
	case e.Contact.IsZero():
		return fmt.Errorf("memstore: update enrollment %s: %w: no contact", e.ID, ErrInvalid)
	}
	w := s.workspace(ws)
	if err := w.checkKey(e); err != nil {
		return fmt.Errorf("memstore: update enrollment %s: %w", e.ID, err)
	}
	stored := e.Clone()
	stored.Version = old.v.Version + 1
	s.enrollments[e.ID] = owned[automation.Enrollment]{ws: old.ws, v: stored}
	moved := stored.Automation != old.v.Automation || stored.Contact != old.v.Contact ||
		stored.IdempotencyKey != old.v.IdempotencyKey
	if moved {
		w.unindexEnrollment(&old.v)
		w.indexEnrollment(&stored)
	}
	t.onUndo(func() {
		if moved {
			w.unindexEnrollment(&stored)
			w.indexEnrollment(&old.v)
		}
		s.enrollments[old.v.ID] = old
	})
	e.Version = stored.Version
	return nil
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
			o := t.s.enrollments[id]
			return o.v.Clone(), nil
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
		o := t.s.enrollments[id]
		if !q.Matches(&o.v) {
			return automation.Enrollment{}, false
		}
		return o.v.Clone(), true
	})
}

// checkKey returns store.ErrAlreadyExists if e has an idempotency key that
// another enrollment of the same automation in w has.
func (w *workspace) checkKey(e *automation.Enrollment) error {
	if e.IdempotencyKey == "" {
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
