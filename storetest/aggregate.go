package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// aggregate describes an accessor whose Get, Create and Update share one
// contract (Lists, Automations, Enrollments, Activities):
//
//   - Get returns the record of ws with that ID, or ErrNotFound;
//   - Create stores a new record; its Version must be 0 and is set to 1; it
//     returns ErrAlreadyExists if the ID exists in any workspace;
//   - Update replaces the record of ws if its Version equals the stored
//     version, and sets it to the incremented version; it returns
//     ErrNotFound or ErrConflict.
//
// One set of cases certifies them all, with the same messages.
type aggregate[T any] struct {
	name string // the accessor, as messages name it: "Lists"
	noun string // "list"

	// fresh returns a new record of g's workspace, not stored: a new ID,
	// Version 0, every field set but those named by unset.
	fresh func(g *engaged) T
	unset []string
	// version points at the record's Version.
	version func(v *T) *int64
	// setID gives dst the ID of src.
	setID func(dst, src *T)
	// edit changes fields of v, differently for each n.
	edit func(v *T, n int)
	// clone returns a copy of v that shares nothing with it.
	clone func(v *T) T
	// scribble changes in place what v holds in slices, the way a careless
	// caller would; nil for a type without slices.
	scribble func(v *T)
	what     string // what scribble changes, for messages: "Steps and Triggers"

	get    func(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, v *T) (T, error)
	create func(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, v *T) error
	update func(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, v *T) error

	// lookups are the other reads that return a stored record: listings,
	// which find it by ID, and lookups by key.
	lookups []lookup[T]
}

// lookup is a read other than Get that returns a stored record. find
// returns errNotListed when a listing does not hold the record.
type lookup[T any] struct {
	name string
	find func(ctx context.Context, tx store.Tx, ws contact.WorkspaceID, v *T) (T, error)
}

// errNotListed: a listing does not hold the record looked for.
var errNotListed = errors.New("storetest: the listing does not hold the record")

// findListed pages through a listing in tx until it finds an item for which
// match is true.
func findListed[T any](list func(p store.PageRequest) (store.Page[T], error), match func(*T) bool) (T, error) {
	var zero T
	p := store.PageRequest{Limit: store.MaxLimit}
	for range 1000 {
		page, err := list(p)
		if err != nil {
			return zero, err
		}
		for i := range page.Items {
			if match(&page.Items[i]) {
				return page.Items[i], nil
			}
		}
		if page.Next == "" {
			return zero, errNotListed
		}
		p.Cursor = page.Next
	}
	return zero, fmt.Errorf("storetest: the listing did not end after 1000 pages")
}

func (k *aggregate[T]) tryCreate(t *testing.T, e *env, ws contact.WorkspaceID, v *T) error {
	ctx := t.Context()
	return e.s.Update(ctx, func(tx store.Tx) error { return k.create(ctx, tx, ws, v) })
}

func (k *aggregate[T]) tryUpdate(t *testing.T, e *env, ws contact.WorkspaceID, v *T) error {
	ctx := t.Context()
	return e.s.Update(ctx, func(tx store.Tx) error { return k.update(ctx, tx, ws, v) })
}

func (k *aggregate[T]) tryGet(t *testing.T, e *env, ws contact.WorkspaceID, v *T) (T, error) {
	ctx := t.Context()
	var got T
	err := e.s.View(ctx, func(tx store.Tx) error {
		var err error
		got, err = k.get(ctx, tx, ws, v)
		return err
	})
	return got, err
}

func (k *aggregate[T]) tryLookup(t *testing.T, e *env, l lookup[T], ws contact.WorkspaceID, v *T) (T, error) {
	ctx := t.Context()
	var got T
	err := e.s.View(ctx, func(tx store.Tx) error {
		var err error
		got, err = l.find(ctx, tx, ws, v)
		return err
	})
	return got, err
}

// mustCreate stores v, or stops the case.
func (k *aggregate[T]) mustCreate(t *testing.T, e *env, ws contact.WorkspaceID, v *T) {
	t.Helper()
	if err := k.tryCreate(t, e, ws, v); err != nil {
		t.Fatalf("%s.Create of a new %s: got err %v, want nil", k.name, k.noun, err)
	}
}

// mustGet reads the stored v, or stops the case.
func (k *aggregate[T]) mustGet(t *testing.T, e *env, ws contact.WorkspaceID, v *T) T {
	t.Helper()
	got, err := k.tryGet(t, e, ws, v)
	if err != nil {
		t.Fatalf("%s.Get of a stored %s: got err %v, want nil", k.name, k.noun, err)
	}
	return got
}

// checkStored reports a stored record that is not want.
func (k *aggregate[T]) checkStored(t *testing.T, e *env, ws contact.WorkspaceID, want T, after, rule string) {
	t.Helper()
	got, err := k.tryGet(t, e, ws, &want)
	if err != nil {
		t.Errorf("%s, %s.Get of the %s: got err %v, want nil", after, k.name, k.noun, err)
		return
	}
	if d := diff(got, want); d != "" {
		t.Errorf("%s, %s.Get returns: %s; %s", after, k.name, d, rule)
	}
}

func testAggregateCreateGet[T any](t *testing.T, e *env, k *aggregate[T]) {
	g := e.engage(t)
	v := k.fresh(g)
	checkFixtureSet(t, v, k.unset...)
	want := k.clone(&v)
	*k.version(&want) = 1
	k.mustCreate(t, e, g.ws, &v)
	if got := *k.version(&v); got != 1 {
		t.Errorf("%s.Create: the Version of the %s after the call is %d, want 1 (Version must be 0 and is set to 1)", k.name, k.noun, got)
	}
	got := k.mustGet(t, e, g.ws, &want)
	if d := diff(got, want); d != "" {
		t.Errorf("%s.Get after %s.Create: the %s did not survive the round trip: %s; every field must come back as stored (times compared with time.Time.Equal)", k.name, k.name, k.noun, d)
	}
	for _, l := range k.lookups {
		got, err := k.tryLookup(t, e, l, g.ws, &want)
		if err != nil {
			t.Errorf("%s of a stored %s: got err %v, want the %s", l.name, k.noun, err, k.noun)
		} else if d := diff(got, want); d != "" {
			t.Errorf("%s after %s.Create: the %s did not survive the round trip: %s", l.name, k.name, k.noun, d)
		}
	}
	missing := k.fresh(g)
	if _, err := k.tryGet(t, e, g.ws, &missing); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("%s.Get of an ID never stored: got err %v, want store.ErrNotFound", k.name, err)
	}
}

func testAggregateDuplicateID[T any](t *testing.T, e *env, k *aggregate[T]) {
	g := e.engage(t)
	v := k.fresh(g)
	k.mustCreate(t, e, g.ws, &v)
	want := k.clone(&v)

	dup := k.fresh(g)
	k.setID(&dup, &v)
	k.edit(&dup, 1)
	if err := k.tryCreate(t, e, g.ws, &dup); !errors.Is(err, store.ErrAlreadyExists) {
		t.Errorf("%s.Create with the ID of a stored %s: got err %v, want store.ErrAlreadyExists", k.name, k.noun, err)
	}
	k.checkStored(t, e, g.ws, want, fmt.Sprintf("after %s.Create refused with ErrAlreadyExists", k.name), "nothing is written")

	h := e.engage(t)
	dup2 := k.fresh(h)
	k.setID(&dup2, &v)
	if err := k.tryCreate(t, e, h.ws, &dup2); !errors.Is(err, store.ErrAlreadyExists) {
		t.Errorf("%s.Create with the ID of a %s of another workspace: got err %v, want store.ErrAlreadyExists (the ID exists in any workspace)", k.name, k.noun, err)
	}
	if _, err := k.tryGet(t, e, h.ws, &dup2); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("%s.Create refused with ErrAlreadyExists in another workspace: %s.Get there got err %v, want store.ErrNotFound (nothing is written)", k.name, k.name, err)
	}
	k.checkStored(t, e, g.ws, want, fmt.Sprintf("after %s.Create with its ID was refused in another workspace", k.name), "nothing is written")
}

func testAggregateUpdateVersion[T any](t *testing.T, e *env, k *aggregate[T]) {
	g := e.engage(t)
	v := k.fresh(g)
	k.mustCreate(t, e, g.ws, &v)
	for want := int64(2); want <= 4; want++ {
		k.edit(&v, int(want))
		if err := k.tryUpdate(t, e, g.ws, &v); err != nil {
			t.Fatalf("%s.Update at the stored version %d: got err %v, want nil", k.name, want-1, err)
		}
		if got := *k.version(&v); got != want {
			t.Errorf("%s.Update: the Version of the %s after the call is %d, want %d (the version is incremented and set)", k.name, k.noun, got, want)
			*k.version(&v) = want
		}
		k.checkStored(t, e, g.ws, k.clone(&v), fmt.Sprintf("after %s.Update to version %d", k.name, want), "Update replaces the stored record with the one given")
	}
}

func testAggregateUpdateStaleVersion[T any](t *testing.T, e *env, k *aggregate[T]) {
	g := e.engage(t)
	v := k.fresh(g)
	k.mustCreate(t, e, g.ws, &v)
	stale := k.clone(&v)
	k.edit(&v, 1)
	if err := k.tryUpdate(t, e, g.ws, &v); err != nil {
		t.Fatalf("%s.Update at the stored version 1: got err %v, want nil", k.name, err)
	}
	current := k.clone(&v)
	for _, x := range []struct {
		what    string
		version int64
	}{
		{"a stale version", 1},
		{"a version ahead of the stored one", 7},
		{"version 0", 0},
	} {
		w := k.clone(&stale)
		*k.version(&w) = x.version
		k.edit(&w, 99)
		if err := k.tryUpdate(t, e, g.ws, &w); !errors.Is(err, store.ErrConflict) {
			t.Errorf("%s.Update with %s (%d, stored 2): got err %v, want store.ErrConflict", k.name, x.what, x.version, err)
		}
		k.checkStored(t, e, g.ws, current, fmt.Sprintf("after %s.Update with %s", k.name, x.what), "a refused write writes nothing; no update is ever lost")
	}
}

func testAggregateUpdateMissing[T any](t *testing.T, e *env, k *aggregate[T]) {
	g := e.engage(t)
	v := k.fresh(g)
	*k.version(&v) = 1
	if err := k.tryUpdate(t, e, g.ws, &v); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("%s.Update of a %s never stored: got err %v, want store.ErrNotFound", k.name, k.noun, err)
	}
	if _, err := k.tryGet(t, e, g.ws, &v); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("%s.Update of a %s never stored must not create it: %s.Get got err %v, want store.ErrNotFound", k.name, k.noun, k.name, err)
	}
}

func testAggregateCopies[T any](t *testing.T, e *env, k *aggregate[T]) {
	g := e.engage(t)
	ctx := t.Context()
	v := k.fresh(g)
	k.mustCreate(t, e, g.ws, &v)
	want := k.clone(&v)
	const rule = "values crossing the seam are copies (a Store never retains a value it was given nor hands out one it still holds)"
	check := func(after string) {
		t.Helper()
		k.checkStored(t, e, g.ws, want, after, rule)
	}

	k.scribble(&v)
	check(fmt.Sprintf("after the caller changed the %s of the %s it passed to %s.Create", k.what, k.noun, k.name))

	got := k.mustGet(t, e, g.ws, &want)
	k.scribble(&got)
	check(fmt.Sprintf("after the caller changed the %s of a %s returned by %s.Get", k.what, k.noun, k.name))

	for _, l := range k.lookups {
		if got, err := k.tryLookup(t, e, l, g.ws, &want); err == nil {
			k.scribble(&got)
			check(fmt.Sprintf("after the caller changed the %s of a %s returned by %s", k.what, k.noun, l.name))
		}
	}

	u := k.mustGet(t, e, g.ws, &want)
	k.edit(&u, 1)
	if err := k.tryUpdate(t, e, g.ws, &u); err != nil {
		t.Fatalf("%s.Update at the stored version: got err %v, want nil", k.name, err)
	}
	want = k.clone(&u)
	k.scribble(&u)
	check(fmt.Sprintf("after the caller changed the %s of the %s it passed to %s.Update", k.what, k.noun, k.name))

	// Inside one transaction too.
	var inTx string
	e.view(t, k.name+".Get twice in one transaction", func(tx store.Tx) error {
		first, err := k.get(ctx, tx, g.ws, &want)
		if err != nil {
			return err
		}
		k.scribble(&first)
		second, err := k.get(ctx, tx, g.ws, &want)
		if err != nil {
			return err
		}
		inTx = diff(second, want)
		return nil
	})
	if inTx != "" {
		t.Errorf("after the caller changed the %s of a %s returned by %s.Get, a second Get in the same transaction returns: %s; %s", k.what, k.noun, k.name, inTx, rule)
	}
}

func testAggregateIsolation[T any](t *testing.T, e *env, k *aggregate[T]) {
	g, h := e.engage(t), e.engage(t)
	v := k.fresh(g)
	k.mustCreate(t, e, g.ws, &v)
	want := k.clone(&v)

	if _, err := k.tryGet(t, e, h.ws, &want); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("%s.Get from another workspace than the %s's: got err %v, want store.ErrNotFound; %s", k.name, k.noun, err, p1)
	}
	for _, l := range k.lookups {
		got, err := k.tryLookup(t, e, l, h.ws, &want)
		switch {
		case errors.Is(err, errNotListed), errors.Is(err, store.ErrNotFound):
		case err != nil:
			t.Errorf("%s in another workspace than the %s's: got err %v, want nil or store.ErrNotFound", l.name, k.noun, err)
		default:
			t.Errorf("%s in another workspace than the %s's found it (%v); want it not found, not listed; %s", l.name, k.noun, got, p1)
		}
	}
	w := k.clone(&want)
	k.edit(&w, 1)
	if err := k.tryUpdate(t, e, h.ws, &w); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("%s.Update of a %s of another workspace: got err %v, want store.ErrNotFound; %s", k.name, k.noun, err, p1)
	}
	k.checkStored(t, e, g.ws, want, fmt.Sprintf("after %s.Update from another workspace", k.name), p1)
}

// aggregateCases returns the shared cases of an aggregate: prefix/CreateGet,
// prefix/DuplicateID, prefix/UpdateVersion, prefix/UpdateStaleVersion and
// prefix/UpdateMissing.
func aggregateCases[T any](prefix string, k func(t *testing.T, e *env) *aggregate[T]) []testCase {
	with := func(f func(*testing.T, *env, *aggregate[T])) func(*testing.T, *env) {
		return func(t *testing.T, e *env) { f(t, e, k(t, e)) }
	}
	return []testCase{
		{name: prefix + "/CreateGet", run: with(testAggregateCreateGet[T])},
		{name: prefix + "/DuplicateID", run: with(testAggregateDuplicateID[T])},
		{name: prefix + "/UpdateVersion", run: with(testAggregateUpdateVersion[T])},
		{name: prefix + "/UpdateStaleVersion", run: with(testAggregateUpdateStaleVersion[T])},
		{name: prefix + "/UpdateMissing", run: with(testAggregateUpdateMissing[T])},
	}
}

// aggregateCase returns one case that runs f on the aggregate.
func aggregateCase[T any](name string, k func(t *testing.T, e *env) *aggregate[T], f func(*testing.T, *env, *aggregate[T])) testCase {
	return testCase{name: name, run: func(t *testing.T, e *env) { f(t, e, k(t, e)) }}
}
