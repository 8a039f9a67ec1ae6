package storetest

import (
	"cmp"
	"errors"
	"slices"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/field"
	"github.com/contactkit/contactkit/store"
)

// cloneDef returns a copy of d that shares no Options with it.
func cloneDef(d field.Definition) field.Definition {
	d.Options = slices.Clone(d.Options)
	return d
}

func (e *env) getDef(t *testing.T, ws contact.WorkspaceID, k field.Key) (field.Definition, error) {
	ctx := t.Context()
	var d field.Definition
	err := e.s.View(ctx, func(tx store.Tx) error {
		var err error
		d, err = tx.Fields().Get(ctx, ws, k)
		return err
	})
	return d, err
}

func (e *env) listDefs(t *testing.T, ws contact.WorkspaceID) ([]field.Definition, error) {
	ctx := t.Context()
	var defs []field.Definition
	err := e.s.View(ctx, func(tx store.Tx) error {
		var err error
		defs, err = tx.Fields().List(ctx, ws)
		return err
	})
	return defs, err
}

func (e *env) createDef(t *testing.T, ws contact.WorkspaceID, d *field.Definition) error {
	ctx := t.Context()
	return e.s.Update(ctx, func(tx store.Tx) error { return tx.Fields().Create(ctx, ws, d) })
}

func (e *env) updateDef(t *testing.T, ws contact.WorkspaceID, d *field.Definition) error {
	ctx := t.Context()
	return e.s.Update(ctx, func(tx store.Tx) error { return tx.Fields().Update(ctx, ws, d) })
}

func testFieldsCreateGet(t *testing.T, e *env) {
	ws := newWorkspace()
	d := e.definition(t, "plan", 3)
	want := cloneDef(d)
	want.Version = 1
	if err := e.createDef(t, ws, &d); err != nil {
		t.Fatalf("Fields.Create of a new definition: got err %v, want nil", err)
	}
	if d.Version != 1 {
		t.Errorf("Fields.Create: d.Version after the call is %d, want 1 (d.Version is set to 1)", d.Version)
	}
	got, err := e.getDef(t, ws, want.Key)
	if err != nil {
		t.Fatalf("Fields.Get of a stored definition: got err %v, want nil", err)
	}
	if dd := diff(got, want); dd != "" {
		t.Errorf("Fields.Get after Fields.Create: the definition did not survive the round trip: %s", dd)
	}
	if defs, err := e.listDefs(t, ws); err != nil || len(defs) != 1 {
		t.Errorf("Fields.List of a workspace with one definition: got %d, err %v, want 1 and nil", len(defs), err)
	} else if dd := diff(defs[0], want); dd != "" {
		t.Errorf("Fields.List after Fields.Create: the definition did not survive the round trip: %s", dd)
	}
	if _, err := e.getDef(t, ws, mustKey(t, "missing")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Fields.Get of a key with no definition: got err %v, want store.ErrNotFound", err)
	}
}

func testFieldsDuplicateKey(t *testing.T, e *env) {
	ws := newWorkspace()
	d := e.definition(t, "plan", 1)
	if err := e.createDef(t, ws, &d); err != nil {
		t.Fatalf("Fields.Create of a new definition: got err %v, want nil", err)
	}
	dup := e.definition(t, "plan", 9)
	dup.Label = "Another label"
	if err := e.createDef(t, ws, &dup); !errors.Is(err, store.ErrAlreadyExists) {
		t.Errorf("Fields.Create with a key the workspace has: got err %v, want store.ErrAlreadyExists", err)
	}
	if got, err := e.getDef(t, ws, d.Key); err != nil || got.Label != d.Label || got.Position != d.Position || got.Version != 1 {
		t.Errorf("Fields.Create refused with ErrAlreadyExists: the stored definition has label %q, position %d, version %d (err %v), want %q, %d, 1 (nothing is written)", got.Label, got.Position, got.Version, err, d.Label, d.Position)
	}
}

func testFieldsListOrder(t *testing.T, e *env) {
	ws := newWorkspace()
	if defs, err := e.listDefs(t, ws); err != nil || len(defs) != 0 {
		t.Errorf("Fields.List of a workspace with no definitions: got %d, err %v, want none and nil", len(defs), err)
	}
	ctx := t.Context()
	defs := []field.Definition{
		e.definition(t, "zeta", 0),
		e.definition(t, "alpha", 2),
		e.definition(t, "gamma", 1),
		e.definition(t, "beta", 1),
		e.definition(t, "delta", 0),
		e.definition(t, "alpha_two", 2),
		e.definition(t, "omega", -1),
	}
	e.update(t, "setup: Fields.Create", func(tx store.Tx) error {
		for i := range defs[:4] {
			if err := tx.Fields().Create(ctx, ws, &defs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	for i := range defs[4:] {
		if err := e.createDef(t, ws, &defs[4+i]); err != nil {
			t.Fatalf("setup: Fields.Create: got err %v, want nil", err)
		}
	}
	want := slices.Clone(defs)
	slices.SortFunc(want, func(a, b field.Definition) int {
		return cmp.Or(cmp.Compare(a.Position, b.Position), cmp.Compare(a.Key.String(), b.Key.String()))
	})
	got, err := e.listDefs(t, ws)
	if err != nil {
		t.Fatalf("Fields.List: got err %v, want nil", err)
	}
	keys := func(ds []field.Definition) []string {
		out := make([]string, len(ds))
		for i, d := range ds {
			out[i] = d.Key.String()
		}
		return out
	}
	if !slices.Equal(keys(got), keys(want)) {
		t.Errorf("Fields.List: got keys %v, want %v (every definition of the workspace, ordered by Position, then Key)", keys(got), keys(want))
	}
}

func testFieldsUpdateVersion(t *testing.T, e *env) {
	ws := newWorkspace()
	d := e.definition(t, "plan", 1)
	if err := e.createDef(t, ws, &d); err != nil {
		t.Fatalf("Fields.Create of a new definition: got err %v, want nil", err)
	}
	stale := cloneDef(d)
	d.Label = "Plan, renamed"
	d.Options = append(d.Options, field.Option{Value: "platinum", Label: "Platinum"})
	d.Options[1].Hidden = false
	d.UpdatedAt = e.stamp(d.UpdatedAt.Add(42))
	if err := e.updateDef(t, ws, &d); err != nil {
		t.Fatalf("Fields.Update at the stored version: got err %v, want nil", err)
	}
	if d.Version != 2 {
		t.Errorf("Fields.Update: d.Version after the call is %d, want 2 (d.Version is set to the incremented version)", d.Version)
	}
	want := cloneDef(d)
	want.Version = 2
	if got, err := e.getDef(t, ws, d.Key); err != nil {
		t.Errorf("Fields.Get after Fields.Update: got err %v, want nil", err)
	} else if dd := diff(got, want); dd != "" {
		t.Errorf("Fields.Get after Fields.Update: the definition did not survive the round trip: %s", dd)
	}

	stale.Label = "Lost"
	if err := e.updateDef(t, ws, &stale); !errors.Is(err, store.ErrConflict) {
		t.Errorf("Fields.Update with a stale version: got err %v, want store.ErrConflict", err)
	}
	if got, err := e.getDef(t, ws, d.Key); err != nil || got.Label != want.Label || got.Version != 2 {
		t.Errorf("Fields.Update refused with ErrConflict: the stored definition has label %q at version %d (err %v), want %q at version 2 (no update is ever lost)", got.Label, got.Version, err, want.Label)
	}

	missing := e.definition(t, "missing", 1)
	missing.Version = 1
	if err := e.updateDef(t, ws, &missing); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Fields.Update of a key with no definition: got err %v, want store.ErrNotFound", err)
	}
	if _, err := e.getDef(t, ws, missing.Key); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Fields.Update of a key with no definition must not create it: Fields.Get got err %v, want store.ErrNotFound", err)
	}
}

func testFieldsCopies(t *testing.T, e *env) {
	ws := newWorkspace()
	d := e.definition(t, "plan", 1)
	want := cloneDef(d)
	want.Version = 1
	if err := e.createDef(t, ws, &d); err != nil {
		t.Fatalf("Fields.Create of a new definition: got err %v, want nil", err)
	}
	scribble := func(d *field.Definition) {
		for i := range d.Options {
			d.Options[i].Label = "scribbled"
			d.Options[i].Hidden = !d.Options[i].Hidden
		}
	}
	check := func(after string) {
		t.Helper()
		got, err := e.getDef(t, ws, want.Key)
		if err != nil {
			t.Fatalf("Fields.Get of a stored definition: got err %v, want nil", err)
		}
		if dd := diff(got, want); dd != "" {
			t.Errorf("%s, Fields.Get returns a changed definition: %s; values crossing the seam are copies", after, dd)
		}
	}
	scribble(&d)
	check("after the caller changed the Options of the definition it passed to Fields.Create")

	got, err := e.getDef(t, ws, want.Key)
	if err != nil {
		t.Fatalf("Fields.Get of a stored definition: got err %v, want nil", err)
	}
	scribble(&got)
	check("after the caller changed the Options of a definition returned by Fields.Get")

	if defs, err := e.listDefs(t, ws); err == nil && len(defs) == 1 {
		scribble(&defs[0])
		check("after the caller changed the Options of a definition returned by Fields.List")
	}

	u, err := e.getDef(t, ws, want.Key)
	if err != nil {
		t.Fatalf("Fields.Get of a stored definition: got err %v, want nil", err)
	}
	u.Label = "Updated"
	if err := e.updateDef(t, ws, &u); err != nil {
		t.Fatalf("Fields.Update at the stored version: got err %v, want nil", err)
	}
	want = cloneDef(u)
	scribble(&u)
	check("after the caller changed the Options of the definition it passed to Fields.Update")
}
