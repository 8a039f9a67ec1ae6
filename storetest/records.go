package storetest

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/contactkit/contactkit/activity"
	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
)

// recordCases returns the Records cases: one set, run for every Kind of
// store.Kinds with its typed table and sample values, named
// "Records/<kind>/<Case>".
func recordCases() []testCase {
	out := []testCase{
		{name: "Records/EveryKindSampled", once: true, run: testRecordsEveryKind},
		{name: "Records/ByteOrder", run: testRecordsByteOrder},
		{name: "Records/KindsApart", run: testRecordsKindsApart},
		{name: "Records/ListPageBounds", run: testRecordsListPageBounds},
	}
	for _, s := range samplers() {
		out = append(out, s.cases()...)
	}
	return out
}

func testRecordsEveryKind(t *testing.T, _ *env) {
	sampled := map[string]bool{}
	for _, s := range samplers() {
		sampled[s.kind().Name()] = true
	}
	for _, k := range store.Kinds() {
		if !sampled[k.Name()] {
			t.Errorf("storetest: store.Kinds() holds %q, which the suite has no sample of: its Records cases do not run; the suite must sample it", k.Name())
		}
	}
}

func (s kindSample[K, T]) cases() []testCase {
	n := "Records/" + s.name() + "/"
	cs := []testCase{
		{name: n + "CreateSetsVersion", run: s.testCreate},
		{name: n + "RoundTrip", run: s.testRoundTrip},
		{name: n + "CreateDuplicateID", run: s.testDuplicate},
		{name: n + "UpdateVersion", run: s.testUpdateVersion},
		{name: n + "UpdateStaleVersion", run: s.testStale},
		{name: n + "Missing", run: s.testMissing},
		{name: n + "Delete", run: s.testDelete},
		{name: n + "Unique", run: s.testUnique},
		{name: n + "Precedence", run: s.testPrecedence},
		{name: n + "ReadPrecedence", run: s.testReadPrecedence},
		{name: n + "ListQueries", run: s.testQueries},
		{name: n + "LiveContact", run: s.testLiveContact},
		{name: n + "ListPagesVisitEachOnce", run: s.testPages},
		{name: n + "ListWhileWriting", run: s.testPagesWhileWriting},
		{name: n + "ListInvalidCursor", run: s.testInvalidCursor},
		{name: n + "KeysMove", run: s.testKeysMove},
		{name: n + "Copies", run: s.testCopies},
		{name: n + "Isolation", run: s.testIsolation},
	}
	if s.collide != nil {
		cs = append(cs, testCase{name: n + "UniqueOfKind", run: s.testCollide})
	}
	if s.move != nil {
		cs = append(cs, testCase{name: n + "MoveToContact", run: s.testMove})
	}
	return cs
}

// make returns the samples from..to-1 of g.
func (s kindSample[K, T]) makeRange(e *env, t *testing.T, g *world, from, to int) []T {
	t.Helper()
	out := make([]T, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, s.make(e, t, g, i))
	}
	return out
}

func ptrs[T any](vs []T) []*T {
	out := make([]*T, len(vs))
	for i := range vs {
		out[i] = &vs[i]
	}
	return out
}

func (s kindSample[K, T]) testCreate(t *testing.T, e *env) {
	g := e.newWorld(t, worldContacts)
	v := s.make(e, t, g, 0)
	if err := s.put(e, t, g.ws, &v); err != nil {
		t.Fatalf("Records.Put of a new %s (version 0): got err %v, want nil", s.name(), err)
	}
	if got := s.version(v); got != 1 {
		t.Errorf("Records.Put of a new %s: r.Version after the call is %d, want 1 (on success r.Version is set to the stored version: 1 after a creation)", s.name(), got)
	}
	if got := s.mustGet(e, t, g.ws, v); s.version(got) != 1 {
		t.Errorf("Records.Get after the creation of a %s: version %d, want 1", s.name(), s.version(got))
	}
}

func (s kindSample[K, T]) testRoundTrip(t *testing.T, e *env) {
	g := e.newWorld(t, worldContacts)
	vs := s.makeRange(e, t, g, 0, 6)
	checkFixtureSet(t, vs[0], s.except...)
	s.mustPut(e, t, g.ws, ptrs(vs)...)
	for _, want := range vs {
		got, err := s.get(e, t, g.ws, want)
		if err != nil {
			t.Errorf("Records.Get of a stored %s: got err %v, want nil", s.name(), err)
			continue
		}
		if d := diff(got, want); d != "" {
			t.Errorf("Records.Get after Records.Put of a %s: the value did not survive the round trip: %s; every field must come back as stored (times compared with time.Time.Equal)", s.name(), d)
		}
	}
	listed, ok := s.list(e, t, g.ws, store.Query{}, 0, nil)
	if !ok {
		return
	}
	byID := make(map[string]T)
	for _, v := range vs {
		byID[s.id(v)] = v
	}
	for _, got := range listed {
		if want, ok := byID[s.id(got)]; ok {
			if d := diff(got, want); d != "" {
				t.Errorf("Records.List after Records.Put of a %s: the value did not survive the round trip: %s", s.name(), d)
			}
		}
	}
	// The Keys come back as stored, too.
	ctx := t.Context()
	want := s.record(vs[0])
	want.Version = 1
	e.view(t, "Records.Get", func(tx store.Tx) error {
		r, err := tx.Records().Get(ctx, g.ws, s.kind(), want.ID)
		if err != nil {
			return err
		}
		if r.ID != want.ID || r.Version != 1 || r.Keys != want.Keys {
			t.Errorf("Records.Get of a %s: got ID %q, version %d, keys %+v, want %q, 1, %+v (the record is stored as put, keys included)", s.name(), r.ID, r.Version, r.Keys, want.ID, want.Keys)
		}
		return nil
	})
}

func (s kindSample[K, T]) testDuplicate(t *testing.T, e *env) {
	g := e.newWorld(t, worldContacts)
	v := s.make(e, t, g, 0)
	s.mustPut(e, t, g.ws, &v)
	dup := s.clone(v)
	dup = s.withZeroVersion(dup)
	s.edit(&dup, 1)
	err := s.put(e, t, g.ws, &dup)
	if !errors.Is(err, store.ErrAlreadyExists) {
		t.Errorf("Records.Put of a %s with version 0 and the ID of a stored one: got err %v, want store.ErrAlreadyExists", s.name(), err)
	}
	if got := s.mustGet(e, t, g.ws, v); diff(got, v) != "" {
		t.Errorf("Records.Put refused with store.ErrAlreadyExists wrote: %s (on error nothing is written)", diff(got, v))
	}
}

// withZeroVersion returns v with version 0.
func (s kindSample[K, T]) withZeroVersion(v T) T {
	r := s.record(v)
	r.Version = 0
	w, err := s.value(r)
	if err != nil {
		return v
	}
	return w
}

// withVersionOf returns v with version n.
func (s kindSample[K, T]) withVersionOf(v T, n int64) T {
	r := s.record(v)
	r.Version = n
	w, err := s.value(r)
	if err != nil {
		return v
	}
	return w
}

func (s kindSample[K, T]) testUpdateVersion(t *testing.T, e *env) {
	g := e.newWorld(t, worldContacts)
	v := s.make(e, t, g, 0)
	s.mustPut(e, t, g.ws, &v)
	for want := int64(2); want <= 4; want++ {
		s.edit(&v, int(want))
		if err := s.put(e, t, g.ws, &v); err != nil {
			t.Fatalf("Records.Put of a %s at the stored version: got err %v, want nil", s.name(), err)
		}
		if got := s.version(v); got != want {
			t.Errorf("Records.Put of a %s: r.Version after the update is %d, want %d (incremented after an update)", s.name(), got, want)
			v = s.withVersionOf(v, want)
		}
		if got := s.mustGet(e, t, g.ws, v); diff(got, v) != "" {
			t.Errorf("Records.Get after an update of a %s: %s; the record is replaced", s.name(), diff(got, v))
		}
	}
}

func (s kindSample[K, T]) testStale(t *testing.T, e *env) {
	g := e.newWorld(t, worldContacts)
	v := s.make(e, t, g, 0)
	s.mustPut(e, t, g.ws, &v)
	stale := s.clone(v)
	s.edit(&v, 1)
	s.mustPut(e, t, g.ws, &v) // version 2
	for _, x := range []struct {
		what    string
		version int64
	}{{"a stale version", 1}, {"a version ahead of the stored one", 7}} {
		w := s.withVersionOf(stale, x.version)
		s.edit(&w, 9)
		err := s.put(e, t, g.ws, &w)
		if !errors.Is(err, store.ErrConflict) {
			t.Errorf("Records.Put of a %s with %s (%d, stored 2): got err %v, want store.ErrConflict", s.name(), x.what, x.version, err)
		}
		if got := s.mustGet(e, t, g.ws, v); diff(got, v) != "" {
			t.Errorf("Records.Put of a %s with %s wrote: %s (a refused write writes nothing; no update is ever lost)", s.name(), x.what, diff(got, v))
		}
	}
	err := e.s.Update(t.Context(), func(tx store.Tx) error {
		return tx.Records().Delete(t.Context(), g.ws, s.kind(), s.id(v), 1)
	})
	if !errors.Is(err, store.ErrConflict) {
		t.Errorf("Records.Delete of a %s with a stale version (1, stored 2): got err %v, want store.ErrConflict", s.name(), err)
	}
	if _, err := s.get(e, t, g.ws, v); err != nil {
		t.Errorf("Records.Delete refused with store.ErrConflict removed the %s: Records.Get got err %v, want nil", s.name(), err)
	}
}

func (s kindSample[K, T]) testMissing(t *testing.T, e *env) {
	g := e.newWorld(t, worldContacts)
	ctx := t.Context()
	v := s.make(e, t, g, 0)
	if _, err := s.get(e, t, g.ws, v); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Records.Get of a %s never stored: got err %v, want store.ErrNotFound", s.name(), err)
	}
	w := s.withVersionOf(v, 1)
	if err := s.put(e, t, g.ws, &w); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Records.Put of a %s never stored, with version 1: got err %v, want store.ErrNotFound", s.name(), err)
	}
	if _, err := s.get(e, t, g.ws, v); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Records.Put of a %s never stored, refused: Records.Get got err %v, want store.ErrNotFound (nothing is written)", s.name(), err)
	}
	err := e.s.Update(ctx, func(tx store.Tx) error { return tx.Records().Delete(ctx, g.ws, s.kind(), s.id(v), 1) })
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Records.Delete of a %s never stored: got err %v, want store.ErrNotFound", s.name(), err)
	}
}

func (s kindSample[K, T]) testDelete(t *testing.T, e *env) {
	g := e.newWorld(t, worldContacts)
	ctx := t.Context()
	vs := s.makeRange(e, t, g, 0, 3)
	s.mustPut(e, t, g.ws, ptrs(vs)...)
	doomed := vs[1]
	err := e.s.Update(ctx, func(tx store.Tx) error {
		return s.table(tx.Records()).Delete(ctx, g.ws, &doomed)
	})
	if err != nil {
		t.Fatalf("Records.Delete of a stored %s at its version: got err %v, want nil", s.name(), err)
	}
	if _, err := s.get(e, t, g.ws, doomed); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Records.Get of a deleted %s: got err %v, want store.ErrNotFound", s.name(), err)
	}
	if listed, ok := s.list(e, t, g.ws, store.Query{}, 0, nil); ok {
		checkOnce(t, "Records.List after Records.Delete of a "+s.name(), s.name(), s.ids(listed), []string{s.id(vs[0]), s.id(vs[2])}, nil)
	}
	err = e.s.Update(ctx, func(tx store.Tx) error {
		return tx.Records().Delete(ctx, g.ws, s.kind(), s.id(doomed), s.version(doomed))
	})
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Records.Delete of a %s deleted before: got err %v, want store.ErrNotFound", s.name(), err)
	}
	again := s.withZeroVersion(doomed)
	if err := s.put(e, t, g.ws, &again); err != nil {
		t.Errorf("Records.Put with version 0 of the ID of a deleted %s: got err %v, want nil (the record no longer exists)", s.name(), err)
	} else if s.version(again) != 1 {
		t.Errorf("Records.Put re-creating a deleted %s: version %d, want 1", s.name(), s.version(again))
	}
}

// raw returns the i-th sample of g as a record to put with Records.Put.
func (s kindSample[K, T]) raw(e *env, t *testing.T, g *world, i int) store.Record {
	return s.sample(e, t, g, i)
}

// putRaw writes r with Records.Put in a transaction of its own and sets
// its version on success.
func (e *env) putRaw(t *testing.T, ws contact.WorkspaceID, k store.Kind, r *store.Record) error {
	ctx := t.Context()
	var version int64
	err := e.s.Update(ctx, func(tx store.Tx) error {
		w := *r
		err := tx.Records().Put(ctx, ws, k, &w)
		version = w.Version
		return err
	})
	if err == nil {
		r.Version = version
	}
	return err
}

// listRaw pages through the records of kind k of ws that q selects and
// returns their IDs.
func (e *env) listRaw(t *testing.T, ws contact.WorkspaceID, k store.Kind, q store.Query) ([]string, bool) {
	t.Helper()
	return e.listRawPages(t, ws, k, q, 0)
}

// listRawPages is listRaw in pages of limit.
func (e *env) listRawPages(t *testing.T, ws contact.WorkspaceID, k store.Kind, q store.Query, limit int) ([]string, bool) {
	t.Helper()
	ctx := t.Context()
	rs, ok := pages(t, fmt.Sprintf("Records.List of %s records with %+v", k.Name(), q), limit, maxListed, func(p store.PageRequest) (store.Page[store.Record], error) {
		var page store.Page[store.Record]
		err := e.s.View(ctx, func(tx store.Tx) error {
			var err error
			page, err = tx.Records().List(ctx, ws, k, q, p)
			return err
		})
		return page, err
	}, nil)
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return ids, ok
}

func (s kindSample[K, T]) testUnique(t *testing.T, e *env) {
	g := e.newWorld(t, worldContacts)
	k := s.kind()
	const u1, u2 = "storetest-unique-1", "storetest-unique-2"
	a, b := s.raw(e, t, g, 1), s.raw(e, t, g, 3)
	a.Keys.Unique, b.Keys.Unique = u1, u1
	if err := e.putRaw(t, g.ws, k, &a); err != nil {
		t.Fatalf("Records.Put of a %s with a Unique key no record holds: got err %v, want nil", k.Name(), err)
	}
	if err := e.putRaw(t, g.ws, k, &b); !errors.Is(err, store.ErrAlreadyExists) {
		t.Errorf("Records.Put creating a %s with the Unique key of another: got err %v, want store.ErrAlreadyExists (Unique is unique among the records of the kind in the workspace)", k.Name(), err)
	}
	if ids, ok := e.listRaw(t, g.ws, k, store.Query{Unique: u1}); ok && !slices.Equal(ids, []string{a.ID}) {
		t.Errorf("Records.List of %s records with Query{Unique: %q}: got %q, want [%q] (the creation refused writes nothing)", k.Name(), u1, ids, a.ID)
	}
	b.Keys.Unique = ""
	if err := e.putRaw(t, g.ws, k, &b); err != nil {
		t.Fatalf("Records.Put of a %s with no Unique key: got err %v, want nil", k.Name(), err)
	}
	c := b
	c.Keys.Unique = u1
	if err := e.putRaw(t, g.ws, k, &c); !errors.Is(err, store.ErrAlreadyExists) {
		t.Errorf("Records.Put updating a %s to the Unique key of another: got err %v, want store.ErrAlreadyExists", k.Name(), err)
	}
	// a gives u1 up: b may take it.
	a.Keys.Unique = u2
	if err := e.putRaw(t, g.ws, k, &a); err != nil {
		t.Fatalf("Records.Put updating a %s to a free Unique key: got err %v, want nil", k.Name(), err)
	}
	c = b
	c.Keys.Unique = u1
	if err := e.putRaw(t, g.ws, k, &c); err != nil {
		t.Errorf("Records.Put updating a %s to a Unique key its holder gave up: got err %v, want nil (keys are replaced on update)", k.Name(), err)
	}
	for _, x := range []struct {
		u    string
		want []string
	}{{u1, []string{c.ID}}, {u2, []string{a.ID}}, {"storetest-unique-nobody", nil}} {
		if ids, ok := e.listRaw(t, g.ws, k, store.Query{Unique: x.u}); ok && !slices.Equal(ids, x.want) {
			t.Errorf("Records.List of %s records with Query{Unique: %q}: got %q, want %q", k.Name(), x.u, ids, x.want)
		}
	}
	// A record deleted frees its Unique key.
	ctx := t.Context()
	if err := e.s.Update(ctx, func(tx store.Tx) error { return tx.Records().Delete(ctx, g.ws, k, a.ID, a.Version) }); err != nil {
		t.Fatalf("Records.Delete of a %s: got err %v, want nil", k.Name(), err)
	}
	d := s.raw(e, t, g, 5)
	d.Keys.Unique = u2
	if err := e.putRaw(t, g.ws, k, &d); err != nil {
		t.Errorf("Records.Put of a %s with the Unique key of a deleted one: got err %v, want nil", k.Name(), err)
	}
}

func (s kindSample[K, T]) testCollide(t *testing.T, e *env) {
	g := e.newWorld(t, worldContacts)
	// The even samples carry a Unique key.
	a, b := s.make(e, t, g, 0), s.make(e, t, g, 2)
	s.mustPut(e, t, g.ws, &a)
	ua := s.keys(a).Unique
	if ua == "" {
		t.Fatalf("storetest fixture: the first %s sample has no Unique key", s.name())
	}
	s.collide(&b, &a)
	if err := s.put(e, t, g.ws, &b); !errors.Is(err, store.ErrAlreadyExists) {
		t.Errorf("Records.Put of a new %s with the Unique key %q of another (the same automation and idempotency key): got err %v, want store.ErrAlreadyExists", s.name(), ua, err)
	}
	got, ok := s.list(e, t, g.ws, store.Query{Unique: ua}, 0, nil)
	if ok && (len(got) != 1 || s.id(got[0]) != s.id(a)) {
		t.Errorf("Records.List of %s records with Query{Unique: %q}: got %q, want [%q] (the record holding it)", s.name(), ua, s.ids(got), s.id(a))
	} else if ok && diff(got[0], a) != "" {
		t.Errorf("Records.List with Query.Unique: the %s found is not the one stored: %s", s.name(), diff(got[0], a))
	}
}

// queries returns the queries to check on vs: every query of one field,
// for every value the records hold and one that none holds, and pairs.
func (s kindSample[K, T]) queries(vs []T) []store.Query {
	qs := []store.Query{{}}
	seen := map[store.Query]bool{}
	add := func(q store.Query) {
		if !seen[q] {
			seen[q] = true
			qs = append(qs, q)
		}
	}
	for _, v := range vs {
		k := s.keys(v)
		if !k.Contact.IsZero() {
			add(store.Query{Contact: k.Contact})
			add(store.Query{Contact: k.Contact, Status: k.Status})
			// Unique narrows a query of another index too: a Store that
			// walks the contact's records must still compare it.
			add(store.Query{Contact: k.Contact, Unique: "storetest-no-unique"})
			if k.Unique != "" {
				add(store.Query{Contact: k.Contact, Unique: k.Unique})
			}
		}
		if k.Parent != "" {
			add(store.Query{Parent: k.Parent})
			add(store.Query{Parent: k.Parent, Status: k.Status})
			add(store.Query{Parent: k.Parent, Unique: "storetest-no-unique"})
			if k.Unique != "" {
				add(store.Query{Parent: k.Parent, Unique: k.Unique})
			}
		}
		if k.Status != "" {
			add(store.Query{Status: k.Status})
		}
		if k.Unique != "" {
			add(store.Query{Unique: k.Unique})
		}
		if !k.Contact.IsZero() && k.Parent != "" {
			add(store.Query{Contact: k.Contact, Parent: k.Parent})
		}
	}
	return append(qs,
		store.Query{Contact: newID()},
		store.Query{Parent: "storetest-no-parent"},
		store.Query{Status: "storetest-no-status"},
		store.Query{Unique: "storetest-no-unique"},
	)
}

func (s kindSample[K, T]) testQueries(t *testing.T, e *env) {
	g := e.newWorld(t, worldContacts)
	vs := s.makeRange(e, t, g, 0, 14)
	s.mustPut(e, t, g.ws, ptrs(vs)...)
	// Another workspace holds the same records: none of them may show.
	h := e.twin(t, g)
	others := make([]T, len(vs))
	for i := range vs {
		others[i] = s.withZeroVersion(vs[i])
	}
	s.mustPut(e, t, h.ws, ptrs(others)...)
	for _, q := range s.queries(vs) {
		want := s.ordered(vs, q)
		what := fmt.Sprintf("Records.List of %s records with %+v", s.name(), q)
		got, ok := s.list(e, t, g.ws, q, 3, nil)
		if !ok {
			continue
		}
		if ids := s.ids(got); !slices.Equal(ids, want) {
			t.Errorf("%s: got IDs %q, want %q (the records whose Keys equal every set field of the Query, in ascending order of Keys.Order, then of ID)", what, ids, want)
			continue
		}
		if s.timeline && !q.Contact.IsZero() {
			sorted, ok := any(slices.Clone(got)).([]activity.Activity)
			if ok {
				activity.Sort(sorted)
				if ids, sortedIDs := s.ids(got), activitiesIDs(sorted); !slices.Equal(ids, sortedIDs) {
					t.Errorf("%s: the timeline is %q, want %q, the order of activity.Sort (pinned first, newest first)", what, ids, sortedIDs)
				}
			}
		}
	}
}

func activitiesIDs(as []activity.Activity) []string {
	out := make([]string, len(as))
	for i := range as {
		out[i] = as[i].ID.String()
	}
	return out
}

func (s kindSample[K, T]) testLiveContact(t *testing.T, e *env) {
	g := e.newWorld(t, 4)
	ctx := t.Context()
	k := s.kind()
	// Contacts 0 and 1 live, 2 in the trash, 3 deleted; one record of a
	// contact never stored, one of no contact.
	e.update(t, "setup: Contacts.Update and Contacts.Delete", func(tx store.Tx) error {
		c, err := tx.Contacts().Get(ctx, g.ws, g.contacts[2])
		if err != nil {
			return err
		}
		e.trashAt(&c, 1)
		if err := tx.Contacts().Update(ctx, &c); err != nil {
			return err
		}
		return tx.Contacts().Delete(ctx, g.ws, g.contacts[3], 1)
	})
	// Another workspace holds live contacts of the same IDs, those of
	// the trash and the deleted one included: they are not this
	// workspace's.
	e.twin(t, g)
	owners := []contact.ID{g.contacts[0], g.contacts[1], g.contacts[2], g.contacts[3], newID(), {}, g.contacts[0]}
	live := map[contact.ID]bool{g.contacts[0]: true, g.contacts[1]: true}
	rs := make([]store.Record, len(owners))
	for i, c := range owners {
		rs[i] = s.raw(e, t, g, i)
		rs[i].Keys = store.Keys{Contact: c, Parent: fmt.Sprintf("storetest-parent-%d", i%2), Order: fmt.Sprintf("%02d", len(owners)-i)}
		if err := e.putRaw(t, g.ws, k, &rs[i]); err != nil {
			t.Fatalf("setup: Records.Put of a %s: got err %v, want nil", k.Name(), err)
		}
	}
	for _, q := range []store.Query{
		{LiveContact: true},
		{LiveContact: true, Parent: "storetest-parent-0"},
		{LiveContact: true, Contact: g.contacts[0]},
		{LiveContact: true, Contact: g.contacts[2]},
		{LiveContact: true, Contact: g.contacts[3]},
		{},
	} {
		var want []string
		for i := len(rs) - 1; i >= 0; i-- { // ascending Order
			if q.Matches(&rs[i].Keys) && (!q.LiveContact || live[rs[i].Keys.Contact]) {
				want = append(want, rs[i].ID)
			}
		}
		if ids, ok := e.listRaw(t, g.ws, k, q); ok && !slices.Equal(ids, want) {
			t.Errorf("Records.List of %s records with %+v: got %q, want %q (LiveContact keeps only the records whose Keys.Contact is a live contact of the workspace: one that exists and whose DeletedAt is zero)", k.Name(), q, ids, want)
		}
	}
	// Get finds them all.
	for _, r := range rs {
		err := e.s.View(ctx, func(tx store.Tx) error {
			_, err := tx.Records().Get(ctx, g.ws, k, r.ID)
			return err
		})
		if err != nil {
			t.Errorf("Records.Get of a %s whose contact is %s: got err %v, want nil (Get returns the record, whatever its contact)", k.Name(), r.Keys.Contact, err)
		}
	}
	// Back from the trash: its records are listed again.
	e.update(t, "setup: Contacts.Update", func(tx store.Tx) error {
		c, err := tx.Contacts().Get(ctx, g.ws, g.contacts[2])
		if err != nil {
			return err
		}
		restore(&c)
		return tx.Contacts().Update(ctx, &c)
	})
	if ids, ok := e.listRaw(t, g.ws, k, store.Query{LiveContact: true, Contact: g.contacts[2]}); ok && !slices.Equal(ids, []string{rs[2].ID}) {
		t.Errorf("Records.List of %s records with LiveContact of a contact taken out of the trash: got %q, want [%q]", k.Name(), ids, rs[2].ID)
	}
}

func (s kindSample[K, T]) testPages(t *testing.T, e *env) {
	g := e.newWorld(t, worldContacts)
	vs := s.makeRange(e, t, g, 0, 13)
	s.mustPut(e, t, g.ws, ptrs(vs)...)
	want := s.ordered(vs, store.Query{})
	for _, limit := range []int{1, 5, 0, store.MaxLimit + 1} {
		got, ok := s.list(e, t, g.ws, store.Query{}, limit, nil)
		if ok && !slices.Equal(s.ids(got), want) {
			t.Errorf("Records.List of %s records with Limit %d: got %q, want %q (paging visits every matching record once, in ascending order of Keys.Order, then of ID)", s.name(), limit, s.ids(got), want)
		}
	}
}

func (s kindSample[K, T]) testPagesWhileWriting(t *testing.T, e *env) {
	g := e.newWorld(t, worldContacts)
	ctx := t.Context()
	vs := s.makeRange(e, t, g, 0, 12)
	s.mustPut(e, t, g.ws, ptrs(vs)...)
	order := s.ordered(vs, store.Query{})
	byID := map[string]T{}
	for _, v := range vs {
		byID[s.id(v)] = v
	}
	added, gone := map[string]bool{}, map[string]bool{}
	next := len(vs)
	// Between pages, another transaction edits a record already listed and
	// one not listed yet; after odd pages it deletes another listed record
	// (a cursor that is a position in the listing, as SQL's OFFSET, then
	// skips one), after even pages it creates one.
	got, ok := s.list(e, t, g.ws, store.Query{}, 3, func(page int, sofar []T) {
		if next >= maxSamples {
			return
		}
		listed := map[string]bool{}
		for _, v := range sofar {
			listed[s.id(v)] = true
		}
		var ids []string
		edit, doomed := pickListed(s.ids(sofar), page, gone)
		if edit != "" {
			ids = append(ids, edit)
		}
		for i := len(order) - 1; i >= 0; i-- {
			if !listed[order[i]] {
				ids = append(ids, order[i])
				break
			}
		}
		creates := page%2 == 0
		if creates {
			doomed = ""
		}
		fresh := s.make(e, t, g, next)
		next++
		err := e.s.Update(ctx, func(tx store.Tx) error {
			tb := s.table(tx.Records())
			for _, id := range ids {
				r, err := tx.Records().Get(ctx, g.ws, s.kind(), id)
				if err != nil {
					return err
				}
				cur, err := s.value(r)
				if err != nil {
					return err
				}
				s.edit(&cur, page)
				if err := tb.Put(ctx, g.ws, &cur); err != nil {
					return err
				}
			}
			if doomed != "" {
				r, err := tx.Records().Get(ctx, g.ws, s.kind(), doomed)
				if err != nil {
					return err
				}
				if err := tx.Records().Delete(ctx, g.ws, s.kind(), doomed, r.Version); err != nil {
					return err
				}
			}
			if !creates {
				return nil
			}
			w := s.clone(fresh)
			return tb.Put(ctx, g.ws, &w)
		})
		if err != nil {
			t.Errorf("Records.Put and Records.Delete of %s records between two pages of Records.List: got err %v, want nil", s.name(), err)
			return
		}
		if creates {
			added[s.id(fresh)] = true
		}
		if doomed != "" {
			gone[doomed] = true
		}
	})
	if !ok {
		return
	}
	what := fmt.Sprintf("Records.List of %s records while other transactions write", s.name())
	checkOnce(t, what, s.name(), s.ids(got), order, func(id string) bool { return added[id] })
	for i := 1; i < len(got); i++ {
		a, b := s.record(got[i-1]), s.record(got[i])
		if a.Keys.Order > b.Keys.Order || (a.Keys.Order == b.Keys.Order && a.ID >= b.ID) {
			t.Errorf("%s: item %d (%q) does not sort after item %d (%q); want ascending order of Keys.Order, then of ID", what, i, b.ID, i-1, a.ID)
			break
		}
	}
}

func (s kindSample[K, T]) testInvalidCursor(t *testing.T, e *env) {
	g := e.newWorld(t, worldContacts)
	ctx := t.Context()
	vs := s.makeRange(e, t, g, 0, 3)
	s.mustPut(e, t, g.ws, ptrs(vs)...)
	for _, cursor := range append([]string{"storetest-not-a-cursor", "\xff\x00\xfe", "0"}, e.foreignCursors(t, s.name())...) {
		err := e.s.View(ctx, func(tx store.Tx) error {
			_, err := tx.Records().List(ctx, g.ws, s.kind(), store.Query{}, store.PageRequest{Cursor: cursor, Limit: 2})
			return err
		})
		if !errors.Is(err, store.ErrInvalidCursor) {
			t.Errorf("Records.List of %s records with cursor %q, which the store did not hand out for this listing (another kind's, or another listing's): got err %v, want store.ErrInvalidCursor", s.name(), cursor, err)
		}
	}
}

func (s kindSample[K, T]) testKeysMove(t *testing.T, e *env) {
	g := e.newWorld(t, worldContacts)
	k := s.kind()
	r, other := s.raw(e, t, g, 0), s.raw(e, t, g, 1)
	r.Keys = store.Keys{Contact: g.contacts[0], Parent: "storetest-parent-a", Status: "storetest-status-a", Unique: "storetest-unique-a", Order: "b"}
	other.Keys = store.Keys{Contact: g.contacts[0], Parent: "storetest-parent-a", Order: "a"}
	for _, x := range []*store.Record{&r, &other} {
		if err := e.putRaw(t, g.ws, k, x); err != nil {
			t.Fatalf("setup: Records.Put of a %s: got err %v, want nil", k.Name(), err)
		}
	}
	r.Keys = store.Keys{Contact: g.contacts[1], Parent: "storetest-parent-b", Status: "storetest-status-b", Unique: "storetest-unique-b", Order: "0"}
	if err := e.putRaw(t, g.ws, k, &r); err != nil {
		t.Fatalf("Records.Put updating a %s with other keys: got err %v, want nil", k.Name(), err)
	}
	rule := "the record is replaced, keys included (a record may move from one contact to another)"
	for _, x := range []struct {
		q    store.Query
		want []string
	}{
		{store.Query{Contact: g.contacts[0]}, []string{other.ID}},
		{store.Query{Contact: g.contacts[1]}, []string{r.ID}},
		{store.Query{Parent: "storetest-parent-a"}, []string{other.ID}},
		{store.Query{Parent: "storetest-parent-b"}, []string{r.ID}},
		{store.Query{Status: "storetest-status-a"}, nil},
		{store.Query{Status: "storetest-status-b"}, []string{r.ID}},
		{store.Query{Unique: "storetest-unique-a"}, nil},
		{store.Query{Unique: "storetest-unique-b"}, []string{r.ID}},
		{store.Query{}, []string{r.ID, other.ID}}, // Order "0" before "a"
	} {
		if ids, ok := e.listRaw(t, g.ws, k, x.q); ok && !slices.Equal(ids, x.want) {
			t.Errorf("after Records.Put moved a %s to other keys, Records.List with %+v: got %q, want %q; %s", k.Name(), x.q, ids, x.want, rule)
		}
	}
	// The Unique key it gave up is free.
	u := other
	u.Keys.Unique = "storetest-unique-a"
	if err := e.putRaw(t, g.ws, k, &u); err != nil {
		t.Errorf("Records.Put taking the Unique key a %s gave up on update: got err %v, want nil; %s", k.Name(), err, rule)
	}
}

func (s kindSample[K, T]) testMove(t *testing.T, e *env) {
	g := e.newWorld(t, worldContacts)
	vs := s.makeRange(e, t, g, 0, 6)
	s.mustPut(e, t, g.ws, ptrs(vs)...)
	from := s.keys(vs[0]).Contact
	to := g.contacts[worldContacts-1]
	s.move(&vs[0], to)
	if err := s.put(e, t, g.ws, &vs[0]); err != nil {
		t.Fatalf("Put of a %s moved to another contact: got err %v, want nil", s.name(), err)
	}
	for _, c := range []contact.ID{from, to} {
		q := store.Query{Contact: c}
		want := s.ordered(vs, q)
		if got, ok := s.list(e, t, g.ws, q, 2, nil); ok && !slices.Equal(s.ids(got), want) {
			t.Errorf("after a %s moved from contact %s to %s, Records.List with Query{Contact: %s}: got %q, want %q (it is found under the new contact only: the record is replaced, keys included)", s.name(), from, to, c, s.ids(got), want)
		}
	}
	if got := s.mustGet(e, t, g.ws, vs[0]); diff(got, vs[0]) != "" {
		t.Errorf("Records.Get of a %s moved to another contact: %s", s.name(), diff(got, vs[0]))
	}
}

func (s kindSample[K, T]) testCopies(t *testing.T, e *env) {
	if s.scribble == nil {
		// Values of this kind share nothing: a copy is a plain assignment.
		// The Keys and the record check still run.
		s.testCopiesFlat(t, e)
		return
	}
	g := e.newWorld(t, worldContacts)
	ctx := t.Context()
	v := s.make(e, t, g, 0)
	want := s.withVersionOf(s.clone(v), 1)
	e.update(t, "Put", func(tx store.Tx) error {
		w := s.clone(v)
		if err := s.table(tx.Records()).Put(ctx, g.ws, &w); err != nil {
			return err
		}
		s.scribble(&w)
		return nil
	})
	check := func(after string) {
		t.Helper()
		if got := s.mustGet(e, t, g.ws, want); diff(got, want) != "" {
			t.Errorf("%s, Records.Get returns a changed %s: %s; values crossing the seam are copies (a Store never retains a value it was given nor hands out one it still holds)", after, s.name(), diff(got, want))
		}
	}
	check("after the caller changed the value it passed to Records.Put")
	got := s.mustGet(e, t, g.ws, want)
	s.scribble(&got)
	check("after the caller changed a value returned by Records.Get")
	if listed, ok := s.list(e, t, g.ws, store.Query{}, 0, nil); ok && len(listed) == 1 {
		s.scribble(&listed[0])
		check("after the caller changed a value returned by Records.List")
	}
	var inTx string
	e.view(t, "Records.Get twice in one transaction", func(tx store.Tx) error {
		listed, err := readAll(store.PageRequest{}, func(p store.PageRequest) (store.Page[T], error) {
			return s.table(tx.Records()).List(ctx, g.ws, store.Query{}, p)
		})
		if err != nil {
			return err
		}
		for i := range listed {
			s.scribble(&listed[i])
		}
		r, err := tx.Records().Get(ctx, g.ws, s.kind(), s.id(want))
		if err != nil {
			return err
		}
		second, err := s.value(r)
		inTx = diff(second, want)
		return err
	})
	if inTx != "" {
		t.Errorf("after the caller changed a %s returned by Records.List, Records.Get in the same transaction returns a changed value: %s; values crossing the seam are copies", s.name(), inTx)
	}
}

func (s kindSample[K, T]) testCopiesFlat(t *testing.T, e *env) {
	g := e.newWorld(t, worldContacts)
	k := s.kind()
	r := s.raw(e, t, g, 0)
	if err := e.putRaw(t, g.ws, k, &r); err != nil {
		t.Fatalf("Records.Put of a new %s: got err %v, want nil", k.Name(), err)
	}
	ctx := t.Context()
	e.view(t, "Records.Get twice", func(tx store.Tx) error {
		first, err := tx.Records().Get(ctx, g.ws, k, r.ID)
		if err != nil {
			return err
		}
		first.Keys.Order, first.ID = "scribbled", "scribbled"
		second, err := tx.Records().Get(ctx, g.ws, k, r.ID)
		if err != nil {
			return err
		}
		if second.ID != r.ID || second.Keys != r.Keys {
			t.Errorf("after the caller changed a %s record returned by Records.Get, a second Get returns ID %q and keys %+v, want %q and %+v; values crossing the seam are copies", k.Name(), second.ID, second.Keys, r.ID, r.Keys)
		}
		return nil
	})
}

func (s kindSample[K, T]) testIsolation(t *testing.T, e *env) {
	g := e.newWorld(t, worldContacts)
	h := e.twin(t, g)
	ctx := t.Context()
	rule := "identity is the pair (workspace, ID): a record of another workspace behaves exactly as one that does not exist, creation included"
	a := s.make(e, t, g, 0)
	s.mustPut(e, t, g.ws, &a)
	if _, err := s.get(e, t, h.ws, a); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Records.Get of a %s from another workspace than its own: got err %v, want store.ErrNotFound; %s", s.name(), err, rule)
	}
	if got, ok := s.list(e, t, h.ws, store.Query{}, 0, nil); ok && len(got) != 0 {
		t.Errorf("Records.List of %s records of a workspace that has none: got %q, want none; %s", s.name(), s.ids(got), rule)
	}
	w := s.withVersionOf(a, 1)
	if err := s.put(e, t, h.ws, &w); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Records.Put updating a %s from another workspace than its own: got err %v, want store.ErrNotFound; %s", s.name(), err, rule)
	}
	err := e.s.Update(ctx, func(tx store.Tx) error { return tx.Records().Delete(ctx, h.ws, s.kind(), s.id(a), 1) })
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Records.Delete of a %s from another workspace than its own: got err %v, want store.ErrNotFound; %s", s.name(), err, rule)
	}
	// The same ID in the other workspace is another record.
	b := s.withZeroVersion(a)
	s.edit(&b, 3)
	if err := s.put(e, t, h.ws, &b); err != nil {
		t.Fatalf("Records.Put of a %s with the ID of one of another workspace: got err %v, want nil; %s", s.name(), err, rule)
	}
	s.edit(&a, 5)
	s.mustPut(e, t, g.ws, &a)
	if got := s.mustGet(e, t, h.ws, b); diff(got, b) != "" {
		t.Errorf("after an update of a %s, the record of the same ID in another workspace changed: %s; %s", s.name(), diff(got, b), rule)
	}
	err = e.s.Update(ctx, func(tx store.Tx) error { return s.table(tx.Records()).Delete(ctx, g.ws, &a) })
	if err != nil {
		t.Fatalf("Records.Delete of a %s: got err %v, want nil", s.name(), err)
	}
	if got, err := s.get(e, t, h.ws, b); err != nil || diff(got, b) != "" {
		t.Errorf("after Records.Delete of a %s, the record of the same ID in another workspace: got err %v, diff %q, want it unchanged; %s", s.name(), err, diff(got, b), rule)
	}
	// A Unique key is unique within a workspace only.
	ra, rb := s.raw(e, t, g, 2), s.raw(e, t, h, 2)
	ra.Keys.Unique, rb.Keys.Unique = "storetest-shared-unique", "storetest-shared-unique"
	if err := e.putRaw(t, g.ws, s.kind(), &ra); err != nil {
		t.Fatalf("Records.Put of a %s with a Unique key: got err %v, want nil", s.name(), err)
	}
	if err := e.putRaw(t, h.ws, s.kind(), &rb); err != nil {
		t.Errorf("Records.Put of a %s with the Unique key of a record of another workspace: got err %v, want nil; %s", s.name(), err, rule)
	}
}
