package memstore

import (
	"context"
	"fmt"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// table holds the versioned aggregates of one kind whose IDs are unique
// across workspaces (lists, automations, enrollments, activities) by ID, as
// the Store holds contacts. It implements the Get, Create and Update of their
// contracts once: the workspace check and ErrNotFound, ErrAlreadyExists for
// an ID of any workspace, the version check and ErrConflict, the copies in
// and out, and the undo log; the kind's spec says the rest.
type table[ID tableID, V any] struct {
	spec *tableSpec[ID, V]
	rows map[ID]owned[V]
}

// owned is a stored aggregate with the workspace that owns it. An owned value
// is never changed once stored (an update stores a new one), so the undo log
// can keep the old one as it was.
type owned[V any] struct {
	ws contact.WorkspaceID
	v  V
}

// tableSpec describes one kind of aggregate to a table. The functions that
// may be nil say so.
type tableSpec[ID tableID, V any] struct {
	// kind names the aggregate in error messages: "list".
	kind string
	// id returns the ID of v; version points at its Version.
	id      func(v *V) ID
	version func(v *V) *int64
	// clone returns a copy of v that shares nothing mutable with it.
	clone func(v *V) V
	// validate, if set, returns an error wrapping ErrInvalid for a value
	// that breaks the kind's own preconditions. old is the stored value, nil
	// for a Create.
	validate func(old, v *V) error
	// unique, if set, returns an error wrapping store.ErrAlreadyExists if v
	// takes a unique value that another aggregate of w holds. w is nil for a
	// Create in a workspace that holds nothing yet.
	unique func(w *workspace, v *V) error
	// add and remove put the index entries of v in w and take them out.
	add, remove func(w *workspace, v *V)
	// move, if set, changes the index entries of an aggregate updated from
	// old to v; nil: an Update moves no index entry.
	move func(w *workspace, old, v *V)
}

func newTable[ID tableID, V any](spec *tableSpec[ID, V]) table[ID, V] {
	return table[ID, V]{spec: spec, rows: make(map[ID]owned[V])}
}

// get implements the Get of the kind's contract in t.
func (tb *table[ID, V]) get(ctx context.Context, t *tx, ws contact.WorkspaceID, id ID) (V, error) {
	var zero V
	if err := t.begin(ctx, false); err != nil {
		return zero, err
	}
	defer t.mu.Unlock()
	o, ok := tb.rows[id]
	if !ok || o.ws != ws {
		return zero, fmt.Errorf("memstore: get %s %s: %w", tb.spec.kind, id.String(), store.ErrNotFound)
	}
	return tb.spec.clone(&o.v), nil
}

// value returns a copy of the stored aggregate id, which must exist, for a
// listing.
func (tb *table[ID, V]) value(id ID) V {
	o := tb.rows[id]
	return tb.spec.clone(&o.v)
}

// create implements the Create of the kind's contract in t. Besides the
// errors of the contract, it returns ErrInvalid for a nil value, a zero ID,
// an empty workspace, a non-zero Version or what spec.validate refuses.
func (tb *table[ID, V]) create(ctx context.Context, t *tx, ws contact.WorkspaceID, v *V) error {
	if err := t.begin(ctx, true); err != nil {
		return err
	}
	defer t.mu.Unlock()
	sp := tb.spec
	if v == nil {
		return fmt.Errorf("memstore: create %s: %w: nil %s", sp.kind, ErrInvalid, sp.kind)
	}
	id := sp.id(v)
	if id == (ID{}) {
		return fmt.Errorf("memstore: create %s: %w: zero ID", sp.kind, ErrInvalid)
	}
	what := sp.kind + " " + id.String()
	if ws == "" {
		return fmt.Errorf("memstore: create %s: %w: no workspace", what, ErrInvalid)
	}
	if sp.validate != nil {
		if err := sp.validate(nil, v); err != nil {
			return fmt.Errorf("memstore: create %s: %w", what, err)
		}
	}
	if version := *sp.version(v); version != 0 {
		return fmt.Errorf("memstore: create %s: %w: version is %d, want 0", what, ErrInvalid, version)
	}
	if _, ok := tb.rows[id]; ok {
		return fmt.Errorf("memstore: create %s: %w", what, store.ErrAlreadyExists)
	}
	if sp.unique != nil {
		if err := sp.unique(t.s.workspace(ws), v); err != nil {
			return fmt.Errorf("memstore: create %s: %w", what, err)
		}
	}
	w := t.writeWorkspace(ws)
	stored := sp.clone(v)
	*sp.version(&stored) = 1
	tb.rows[id] = owned[V]{ws: w.id, v: stored}
	sp.add(w, &stored)
	t.onUndo(func() {
		sp.remove(w, &stored)
		delete(tb.rows, id)
	})
	*sp.version(v) = 1
	return nil
}

// update implements the Update of the kind's contract in t. Besides the
// errors of the contract, it returns ErrInvalid for a nil value or what
// spec.validate refuses.
func (tb *table[ID, V]) update(ctx context.Context, t *tx, ws contact.WorkspaceID, v *V) error {
	if err := t.begin(ctx, true); err != nil {
		return err
	}
	defer t.mu.Unlock()
	sp := tb.spec
	if v == nil {
		return fmt.Errorf("memstore: update %s: %w: nil %s", sp.kind, ErrInvalid, sp.kind)
	}
	id := sp.id(v)
	what := sp.kind + " " + id.String()
	old, ok := tb.rows[id]
	if !ok || old.ws != ws {
		return fmt.Errorf("memstore: update %s: %w", what, store.ErrNotFound)
	}
	if version, stored := *sp.version(v), *sp.version(&old.v); version != stored {
		return fmt.Errorf("memstore: update %s at version %d (stored: %d): %w", what, version, stored, store.ErrConflict)
	}
	if sp.validate != nil {
		if err := sp.validate(&old.v, v); err != nil {
			return fmt.Errorf("memstore: update %s: %w", what, err)
		}
	}
	w := t.s.workspace(ws)
	if sp.unique != nil {
		if err := sp.unique(w, v); err != nil {
			return fmt.Errorf("memstore: update %s: %w", what, err)
		}
	}
	stored := sp.clone(v)
	*sp.version(&stored) = *sp.version(&old.v) + 1
	tb.rows[id] = owned[V]{ws: old.ws, v: stored}
	if sp.move != nil {
		sp.move(w, &old.v, &stored)
	}
	t.onUndo(func() {
		if sp.move != nil {
			sp.move(w, &stored, &old.v)
		}
		tb.rows[id] = old
	})
	*sp.version(v) = *sp.version(&stored)
	return nil
}

// erase removes the aggregate id of w, which must exist, with its index
// entries, undoably. The caller holds t.mu of a writable t.
func (tb *table[ID, V]) erase(t *tx, w *workspace, id ID) {
	old := tb.rows[id]
	tb.spec.remove(w, &old.v)
	delete(tb.rows, id)
	t.onUndo(func() {
		tb.rows[id] = old
		tb.spec.add(w, &old.v)
	})
}

// tableID is the ID of an aggregate that a table holds: a named 16-byte
// UUID, ordered bytewise, with a String method.
type tableID interface {
	~[16]byte
	comparable
	String() string
}
