package storetest

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/contactkit/contactkit/store"
)

// The Records cases that are not run once per kind: what an adapter that
// keeps every kind in one table, or compares strings as its database's
// collation does, may get wrong.

// byteOrderIDs are record IDs, orders and key values whose byte order is
// not the order, or the equality, of a database's collation: case, a
// trailing space, punctuation that a locale ignores, accents composed and
// decomposed, and characters beyond U+FFFF, which UTF-16 sorts before
// U+E000–U+FFFF.
var byteOrderIDs = []string{"B", "a", "A", "a ", "a-b", "ab", "e", "é", "e\u0301", "E", "ß", "ss", "\uFF5E", "\U0001F600", "z"}

// byteOrderValues are the Orders, Statuses and Unique keys of the records
// of Records/ByteOrder, in turn.
var byteOrderValues = []string{"", "b", "B", "é", "e\u0301", "b "}

func testRecordsByteOrder(t *testing.T, e *env) {
	const rule = "a Store compares record IDs and keys byte for byte, and lists in ascending order of Keys.Order, then of ID, in byte order"
	g := e.newWorld(t, 0)
	k := listSample.kind()
	rs := make([]store.Record, len(byteOrderIDs))
	for i, id := range byteOrderIDs {
		rs[i] = listSample.sample(e, t, g, i)
		rs[i].ID = id
		v := byteOrderValues[i%len(byteOrderValues)]
		rs[i].Keys = store.Keys{Order: v, Parent: v, Status: v}
		if i < len(byteOrderValues) {
			rs[i].Keys.Unique = v
		}
		if err := e.putRaw(t, g.ws, k, &rs[i]); err != nil {
			t.Errorf("Records.Put creating a %s with ID %q, Keys %+v: got err %v, want nil; %s (no other record has that ID or Unique key, byte for byte)", k.Name(), id, rs[i].Keys, err, rule)
		}
	}
	ctx := t.Context()
	for _, r := range rs {
		e.view(t, "Records.Get", func(tx store.Tx) error {
			got, err := tx.Records().Get(ctx, g.ws, k, r.ID)
			switch {
			case err != nil:
				t.Errorf("Records.Get of the %s of ID %q: got err %v, want nil; %s", k.Name(), r.ID, err, rule)
			case got.ID != r.ID || got.Keys != r.Keys || diff(got.Value, r.Value) != "":
				t.Errorf("Records.Get of the %s of ID %q: got ID %q, keys %+v, value diff %q; want ID %q, keys %+v, the value stored; %s", k.Name(), r.ID, got.ID, got.Keys, diff(got.Value, r.Value), r.ID, r.Keys, rule)
			}
			return nil
		})
	}
	want := func(q store.Query) []string {
		var sel []store.Record
		for _, r := range rs {
			if q.Matches(&r.Keys) {
				sel = append(sel, r)
			}
		}
		slices.SortFunc(sel, func(a, b store.Record) int {
			if c := strings.Compare(a.Keys.Order, b.Keys.Order); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
		return recordIDs(sel)
	}
	queries := []store.Query{{}}
	for _, v := range byteOrderValues[1:] {
		queries = append(queries, store.Query{Parent: v}, store.Query{Status: v}, store.Query{Unique: v})
	}
	for _, q := range queries {
		for _, limit := range []int{0, 2} {
			if ids, ok := e.listRawPages(t, g.ws, k, q, limit); ok && !slices.Equal(ids, want(q)) {
				t.Errorf("Records.List of %s records with %+v, Limit %d: got IDs %q, want %q; %s (and every field of Query by equality)", k.Name(), q, limit, ids, want(q), rule)
			}
		}
	}
}

// testRecordsKindsApart stores a record of every kind with one ID and one
// Unique key in one workspace: identity is (workspace, kind, ID), and a
// Unique key is unique among the records of its kind only, so each is a
// record of its own, which a write of another kind leaves alone.
func testRecordsKindsApart(t *testing.T, e *env) {
	const rule = "a record is identified by (workspace, kind, ID), and Keys.Unique is unique among the records of its kind in the workspace: records of other kinds with the same ID or Unique key are other records"
	const id, unique = "storetest-shared-id", "storetest-shared-unique"
	g := e.newWorld(t, worldContacts)
	ctx := t.Context()
	ss := samplers()
	rs := make([]store.Record, len(ss))
	for i, s := range ss {
		rs[i] = s.sample(e, t, g, 0)
		rs[i].ID, rs[i].Keys.Unique = id, unique
		if err := e.putRaw(t, g.ws, s.kind(), &rs[i]); err != nil {
			t.Fatalf("Records.Put creating a %s with the ID and Unique key of records of other kinds: got err %v, want nil; %s", s.kind().Name(), err, rule)
		}
	}
	// One kind's record updated, another's deleted: the others stay.
	first, last := ss[0].kind(), ss[len(ss)-1].kind()
	upd := ss[0].edited(rs[0], 1)
	upd.ID, upd.Keys.Unique = id, unique
	if err := e.putRaw(t, g.ws, first, &upd); err != nil {
		t.Fatalf("Records.Put updating a %s: got err %v, want nil", first.Name(), err)
	}
	rs[0] = upd
	err := e.s.Update(ctx, func(tx store.Tx) error { return tx.Records().Delete(ctx, g.ws, last, id, 1) })
	if err != nil {
		t.Fatalf("Records.Delete of a %s: got err %v, want nil", last.Name(), err)
	}
	for i, s := range ss {
		k := s.kind()
		e.view(t, "Records.Get", func(tx store.Tx) error {
			got, err := tx.Records().Get(ctx, g.ws, k, id)
			switch {
			case i == len(ss)-1:
				if !errors.Is(err, store.ErrNotFound) {
					t.Errorf("Records.Get of the %s that Records.Delete removed: got err %v, want store.ErrNotFound", k.Name(), err)
				}
			case err != nil:
				t.Errorf("Records.Get of a %s whose ID records of other kinds have: got err %v, want nil; %s", k.Name(), err, rule)
			case got.Version != rs[i].Version || diff(got.Value, rs[i].Value) != "":
				t.Errorf("Records.Get of a %s whose ID records of other kinds have, after a write of a %s and a delete of a %s: got version %d, value diff %q, want version %d and its own value; %s", k.Name(), first.Name(), last.Name(), got.Version, diff(got.Value, rs[i].Value), rs[i].Version, rule)
			}
			return nil
		})
		if i == len(ss)-1 {
			continue
		}
		if ids, ok := e.listRaw(t, g.ws, k, store.Query{Unique: unique}); ok && !slices.Equal(ids, []string{id}) {
			t.Errorf("Records.List of %s records with Query{Unique: %q}, a key records of other kinds hold too: got %q, want [%q]; %s", k.Name(), unique, ids, id, rule)
		}
	}
}

// testRecordsListPageBounds lists more records than store.MaxLimit: a page
// holds at most store.DefaultLimit records when the Limit is zero or
// negative, and at most store.MaxLimit whatever the Limit.
func testRecordsListPageBounds(t *testing.T, e *env) {
	g := e.newWorld(t, 0)
	s := tagSample
	vs := s.makeRange(e, t, g, 0, store.MaxLimit+1)
	s.mustPut(e, t, g.ws, ptrs(vs)...)
	want := s.ordered(vs, store.Query{})
	for _, limit := range pageBoundLimits {
		if got, ok := s.list(e, t, g.ws, store.Query{}, limit, nil); ok && !slices.Equal(s.ids(got), want) {
			t.Errorf("Records.List of %d %s records with Limit %d: got %d records, want every one once, in order", len(vs), s.name(), limit, len(got))
		}
	}
}

// pageBoundLimits are the Limits that a listing of more than
// store.MaxLimit items is paged with: store.PageRequest.Size bounds them to
// store.DefaultLimit and store.MaxLimit, which pages checks.
var pageBoundLimits = []int{0, -1, store.MaxLimit + 1}
