package memstore

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/list"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/tag"
)

// elems returns the elements of s in order.
func elems[E any, O order[E]](s *blockSet[E, O]) []E {
	var out []E
	var zero E
	s.Ascend(zero, false, func(e E) bool { out = append(out, e); return true })
	return out
}

func TestRecordCursor(t *testing.T) {
	for _, e := range []entry{{order: "", id: "a"}, {order: "0001", id: "x/y"}, {order: "\xff\x00", id: "é"}} {
		c := encodeRecordCursor(store.KindList, e)
		got, ok, err := decodeRecordCursor(store.KindList, c)
		if err != nil || !ok || got != e {
			t.Errorf("decodeRecordCursor(encodeRecordCursor(%+v)) = %+v, %v, %v; want the entry back", e, got, ok, err)
		}
		if _, _, err := decodeRecordCursor(store.KindMembership, c); !errors.Is(err, store.ErrInvalidCursor) {
			t.Errorf("decodeRecordCursor of a list cursor for memberships: got err %v, want store.ErrInvalidCursor", err)
		}
	}
	if _, ok, err := decodeRecordCursor(store.KindList, ""); ok || err != nil {
		t.Errorf(`decodeRecordCursor(""): got %v, %v, want the first page`, ok, err)
	}
	for _, bad := range []string{"r1.list.", "r1.list.zz.61", "r1.list.61", "r1.list.61.", "c1" + strings.Repeat("0", 32), "r1.lists.61.61"} {
		if _, _, err := decodeRecordCursor(store.KindList, bad); !errors.Is(err, store.ErrInvalidCursor) {
			t.Errorf("decodeRecordCursor(%q): got err %v, want store.ErrInvalidCursor", bad, err)
		}
	}
}

// rawPut writes a record of kind k with the given keys in a transaction of
// its own.
func rawPut(t *testing.T, s *Store, ws contact.WorkspaceID, k store.Kind, r *store.Record) error {
	t.Helper()
	return s.Update(t.Context(), func(tx store.Tx) error { return tx.Records().Put(t.Context(), ws, k, r) })
}

func listRecordIDs(t *testing.T, s *Store, ws contact.WorkspaceID, q store.Query, p store.PageRequest) (store.Page[store.Record], []string) {
	t.Helper()
	var page store.Page[store.Record]
	err := s.View(t.Context(), func(tx store.Tx) error {
		var err error
		page, err = tx.Records().List(t.Context(), ws, store.KindList, q, p)
		return err
	})
	if err != nil {
		t.Fatalf("Records.List: %v", err)
	}
	ids := make([]string, len(page.Items))
	for i, r := range page.Items {
		ids[i] = r.ID
	}
	return page, ids
}

// TestTableOrderAndCursor checks the order of the generic table (Order,
// then ID, bytewise) and that a cursor is a position, not a record: the
// record it names may go, and records written before or after it are
// listed or not by their place.
func TestTableOrderAndCursor(t *testing.T) {
	s := New()
	const ws = "ws"
	recs := []store.Record{
		{ID: "b", Keys: store.Keys{Order: "2"}},
		{ID: "a", Keys: store.Keys{Order: "2"}},
		{ID: "z", Keys: store.Keys{}},
		{ID: "c", Keys: store.Keys{Order: "10"}},
		{ID: "é", Keys: store.Keys{Order: "2"}},
		{ID: "d", Keys: store.Keys{Order: "3"}},
	}
	for i := range recs {
		recs[i].Value = list.List{}
		if err := rawPut(t, s, ws, store.KindList, &recs[i]); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"z", "c", "a", "b", "é", "d"}
	if _, got := listRecordIDs(t, s, ws, store.Query{}, store.PageRequest{Limit: 100}); !slices.Equal(got, want) {
		t.Fatalf("Records.List: got %q, want %q (Order, then ID, bytewise)", got, want)
	}
	// Page 1: z, c. Then c is deleted, a record sorting before the cursor
	// and one after it are written.
	page, got := listRecordIDs(t, s, ws, store.Query{}, store.PageRequest{Limit: 2})
	if !slices.Equal(got, want[:2]) || page.Next == "" {
		t.Fatalf("first page: got %q, Next %q, want %q and a Next", got, page.Next, want[:2])
	}
	err := s.Update(t.Context(), func(tx store.Tx) error {
		if err := tx.Records().Delete(t.Context(), ws, store.KindList, "c", 1); err != nil {
			return err
		}
		before := store.Record{ID: "y", Keys: store.Keys{Order: ""}, Value: list.List{}}
		after := store.Record{ID: "aa", Keys: store.Keys{Order: "2"}, Value: list.List{}}
		if err := tx.Records().Put(t.Context(), ws, store.KindList, &before); err != nil {
			return err
		}
		return tx.Records().Put(t.Context(), ws, store.KindList, &after)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, got := listRecordIDs(t, s, ws, store.Query{}, store.PageRequest{Cursor: page.Next, Limit: 100}); !slices.Equal(got, []string{"a", "aa", "b", "é", "d"}) {
		t.Errorf("the page after a cursor whose record was deleted: got %q, want [a aa b é d] (y sorts before the cursor)", got)
	}
}

// TestListMaxScan: a selective query over many records gives short pages
// with a Next instead of holding the store, and paging still finds every
// match.
func TestListMaxScan(t *testing.T) {
	s := New()
	const ws = "ws"
	ctx := t.Context()
	err := s.Update(ctx, func(tx store.Tx) error {
		for i := range maxScan + 5 {
			r := store.Record{ID: fmt.Sprintf("r%06d", i), Keys: store.Keys{Status: "common"}, Value: list.List{}}
			if i == maxScan+2 {
				r.Keys.Status = "rare"
			}
			if err := tx.Records().Put(ctx, ws, store.KindList, &r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	page, got := listRecordIDs(t, s, ws, store.Query{Status: "rare"}, store.PageRequest{Limit: 10})
	if len(got) != 0 || page.Next == "" {
		t.Fatalf("first page of a rare status: got %q, Next %q, want a short page (none) with a Next", got, page.Next)
	}
	page, got = listRecordIDs(t, s, ws, store.Query{Status: "rare"}, store.PageRequest{Cursor: page.Next, Limit: 10})
	if want := fmt.Sprintf("r%06d", maxScan+2); !slices.Equal(got, []string{want}) || page.Next != "" {
		t.Errorf("second page of a rare status: got %q, Next %q, want [%s] and the end", got, page.Next, want)
	}
}

// checkWords reports every word of w's index whose contacts are not
// those words gives it, in ID order, and every word the index holds that
// words does not.
func checkWords(t *testing.T, w *workspace, words map[string][]contact.ID, when string) {
	t.Helper()
	if n := len(w.search.entries()); n != len(words) {
		t.Errorf("%s: the word index holds %d words, want %d", when, n, len(words))
	}
	for word, want := range words {
		var got []contact.ID
		x := w.search.expand(word)
		if e := w.search.find(word); e != nil {
			x.postings = []posting{w.search.posting(e)} // the word's own, not those it starts
		}
		x.merge(contact.ID{}, false, func(o uint32) bool { got = append(got, w.ids[o]); return true })
		if !slices.Equal(got, want) {
			t.Errorf("%s: the word index gives %q to %v, want %v", when, word, got, want)
		}
	}
}

// checkIndexes reports every index of w that does not agree with what a
// rebuild from its records gives: the word index without the words of the
// contacts that wait, and then, if flush, with them added.
func checkIndexes(t *testing.T, w *workspace, when string, flush bool) {
	t.Helper()
	var ids, trashed []contact.ID
	emails, phones := map[contact.Email]contact.ID{}, map[contact.Phone]contact.ID{}
	tagged := map[string][]contact.ID{}
	// The table of IDs finds each contact at its ordinal; every other
	// ordinal is free.
	ords := map[contact.ID]uint32{}
	for o, r := range w.recs {
		if r == nil {
			continue
		}
		id := w.ids[o]
		ords[id] = uint32(o)
		if got, ok := w.ordOf(id); !ok || got != uint32(o) {
			t.Errorf("%s: contact %s is at ordinal %d, the table gives %d, %v", when, id, o, got, ok)
		}
	}
	if w.contacts.len() != len(ords) || len(ords)+len(w.free) != len(w.recs) {
		t.Errorf("%s: %d contacts in the table, %d records, %d free ordinals of %d", when, w.contacts.len(), len(ords), len(w.free), len(w.recs))
	}
	for _, o := range w.free {
		if w.recs[o] != nil {
			t.Errorf("%s: ordinal %d is free and holds a record", when, o)
		}
	}
	idsOf := func(os []uint32) []contact.ID {
		out := []contact.ID{}
		for _, o := range os {
			out = append(out, w.ids[o])
		}
		return out
	}
	// The words of the contacts that do not wait, which the index holds
	// until the waiting ones are added (see wordIndex.waiting).
	words := map[string][]contact.ID{}
	for _, id := range slices.SortedFunc(maps.Keys(ords), contact.ID.Compare) {
		r := w.recs[ords[id]]
		ids = append(ids, id)
		if !w.search.waits(ords[id]) {
			for _, word := range r.searchWords(nil, w, id) {
				words[word] = append(words[word], id)
			}
		}
		if r.trashed() {
			trashed = append(trashed, id)
		} else {
			if !r.email.IsZero() {
				emails[r.email] = id
			}
			if !r.phone.IsZero() {
				phones[r.phone] = id
			}
		}
		for _, n := range r.tagSet() {
			tagged[n.Key()] = append(tagged[n.Key()], id)
		}
	}
	if got := idsOf(elems(&w.order)); !slices.Equal(got, ids) && len(got)+len(ids) > 0 {
		t.Errorf("%s: the order index holds %v, want %v", when, got, ids)
	}
	if got := idsOf(elems(&w.trash)); !slices.Equal(got, trashed) && len(got)+len(trashed) > 0 {
		t.Errorf("%s: the trash index holds %v, want %v", when, got, trashed)
	}
	if got := w.emails.entries(w, w.emails.hash); !maps.Equal(got, emails) {
		t.Errorf("%s: the email index holds %v, want %v", when, got, emails)
	}
	if got := w.phones.entries(w, w.phones.hash); !maps.Equal(got, phones) {
		t.Errorf("%s: the phone index holds %v, want %v", when, got, phones)
	}
	if len(w.tagged) != len(tagged) {
		t.Errorf("%s: the tag index has %d tags, want %d", when, len(w.tagged), len(tagged))
	}
	for k, want := range tagged {
		if set := w.tagged[k]; set == nil || !slices.Equal(idsOf(elems(set)), want) {
			t.Errorf("%s: the index of tag %q is wrong, want %v", when, k, want)
		}
	}
	// The word index: each word with exactly its contacts, in ID order,
	// those that wait left out, and then, with their words added, all.
	for _, o := range w.free {
		if w.search.waits(o) {
			t.Errorf("%s: free ordinal %d waits for its words", when, o)
		}
	}
	checkWords(t, w, words, when)
	if !flush {
		return
	}
	w.indexWaiting()
	clear(words)
	for id, o := range ords {
		for _, word := range w.recs[o].searchWords(nil, w, id) {
			words[word] = append(words[word], id)
		}
	}
	for _, ids := range words {
		slices.SortFunc(ids, contact.ID.Compare)
	}
	checkWords(t, w, words, when+", the waiting words added")
	for name, tb := range w.tables {
		var all []entry
		byContact, byParent := map[contact.ID][]entry{}, map[string][]entry{}
		unique := map[string]string{}
		for id, r := range tb.recs {
			e := entry{r.keys.Order, id, r}
			all = append(all, e)
			if !r.keys.Contact.IsZero() {
				byContact[r.keys.Contact] = append(byContact[r.keys.Contact], e)
			}
			if r.keys.Parent != "" {
				byParent[r.keys.Parent] = append(byParent[r.keys.Parent], e)
			}
			if r.keys.Unique != "" {
				unique[r.keys.Unique] = id
			}
		}
		sortEntries := func(es []entry) []entry {
			slices.SortFunc(es, entryOrder{}.Compare)
			return es
		}
		if got := elems(&tb.all); !slices.Equal(got, sortEntries(all)) {
			t.Errorf("%s: the listing index of %s holds %v, want %v", when, name, got, all)
		}
		if !maps.Equal(tb.unique, unique) {
			t.Errorf("%s: the unique index of %s holds %v, want %v", when, name, tb.unique, unique)
		}
		if len(tb.byContact) != len(byContact) || len(tb.byParent) != len(byParent) {
			t.Errorf("%s: the contact and parent indexes of %s have %d and %d keys, want %d and %d", when, name, len(tb.byContact), len(tb.byParent), len(byContact), len(byParent))
		}
		for c, want := range byContact {
			if set := tb.byContact[c]; set == nil || !slices.Equal(elems(set), sortEntries(want)) {
				t.Errorf("%s: the index of contact %s in %s is wrong", when, c, name)
			}
		}
		for p, want := range byParent {
			if set := tb.byParent[p]; set == nil || !slices.Equal(elems(set), sortEntries(want)) {
				t.Errorf("%s: the index of parent %q in %s is wrong", when, p, name)
			}
		}
	}
}

// TestIndexesAfterRandomWrites writes at random — creations, updates that
// move keys, the trash and back, deletions, records moving between
// contacts and parents — committing some transactions and rolling others
// back, and checks after each that every index agrees with the records.
func TestIndexesAfterRandomWrites(t *testing.T) {
	t.Run("one name", func(t *testing.T) { testIndexesAfterRandomWrites(t, 0) })
	// Words enough, settled every few, that a transaction and its undoing
	// move words between the fresh and the settled ones.
	t.Run("many names, minFresh=2", func(t *testing.T) {
		defer setMinFresh(2)()
		testIndexesAfterRandomWrites(t, 40)
	})
	// The waiting words added within transactions, some rolled back.
	t.Run("many names, maxWaiting=3", func(t *testing.T) {
		was := maxWaiting
		maxWaiting = 3
		defer func() { maxWaiting = was }()
		testIndexesAfterRandomWrites(t, 40)
	})
}

// testIndexesAfterRandomWrites is TestIndexesAfterRandomWrites with
// contacts of names first names at random ("New" for none).
func testIndexesAfterRandomWrites(t *testing.T, names int) {
	ctx := context.Background()
	s := New()
	const ws = "ws"
	rng := rand.New(rand.NewPCG(1, 2))
	ids := make([]contact.ID, 12)
	for i := range ids {
		ids[i] = contact.ID{byte(i + 1)}
	}
	emails := []string{"a@example.com", "b@example.com", "c@example.com"}
	tags := []tag.Name{tag.MustParseName("VIP"), tag.MustParseName("Lead"), tag.MustParseName("vip")}
	errRollback := errors.New("roll back")
	for round := range 300 {
		fail := rng.IntN(3) == 0
		err := s.Update(ctx, func(tx store.Tx) error {
			for range 1 + rng.IntN(4) {
				id := ids[rng.IntN(len(ids))]
				c, err := tx.Contacts().Get(ctx, ws, id)
				switch {
				case errors.Is(err, store.ErrNotFound):
					c = contact.Contact{ID: id, Workspace: ws, FirstName: "New"}
					if names > 0 {
						c.FirstName = fmt.Sprintf("New%d", rng.IntN(names))
					}
					if rng.IntN(2) == 0 {
						c.Email = contact.MustParseEmail(emails[rng.IntN(len(emails))])
					}
					err = tx.Contacts().Create(ctx, &c)
				case err != nil:
					return err
				case rng.IntN(5) == 0:
					err = tx.Contacts().Delete(ctx, ws, id, c.Version)
				default:
					c.Email = contact.Email{}
					if rng.IntN(2) == 0 {
						c.Email = contact.MustParseEmail(emails[rng.IntN(len(emails))])
					}
					if names > 0 && rng.IntN(2) == 0 {
						c.FirstName = fmt.Sprintf("New%d", rng.IntN(names))
					}
					c.Tags = nil
					for _, n := range tags[:rng.IntN(len(tags)+1)] {
						c.Tags, _ = c.Tags.Add(n)
					}
					if rng.IntN(3) == 0 {
						if c.Trashed() {
							c.DeletedAt, c.DeletedBy = time.Time{}, ""
						} else {
							c.DeletedAt, c.DeletedBy = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), "u1"
						}
					}
					err = tx.Contacts().Update(ctx, &c)
				}
				if err != nil && !errors.Is(err, store.ErrAlreadyExists) {
					return err
				}
				if rng.IntN(8) == 0 {
					// A search, which adds the waiting words first.
					q := store.ContactQuery{Words: []string{"new"}}
					if _, err := tx.Contacts().List(ctx, ws, q, store.PageRequest{}); err != nil {
						return err
					}
				}
				// A record of some contact and parent, created or moved.
				rid := fmt.Sprintf("rec-%d", rng.IntN(8))
				r, err := tx.Records().Get(ctx, ws, store.KindMembership, rid)
				if errors.Is(err, store.ErrNotFound) {
					r = store.Record{ID: rid, Value: list.Membership{}}
				} else if err != nil {
					return err
				}
				if rng.IntN(6) == 0 && r.Version != 0 {
					if err := tx.Records().Delete(ctx, ws, store.KindMembership, rid, r.Version); err != nil {
						return err
					}
					continue
				}
				r.Keys = store.Keys{
					Contact: ids[rng.IntN(len(ids))],
					Parent:  fmt.Sprintf("parent-%d", rng.IntN(3)),
					Order:   fmt.Sprint(rng.IntN(4)),
				}
				if rng.IntN(2) == 0 {
					r.Keys.Unique = fmt.Sprintf("u-%d", rng.IntN(4))
				}
				if err := tx.Records().Put(ctx, ws, store.KindMembership, &r); err != nil && !errors.Is(err, store.ErrAlreadyExists) {
					return err
				}
			}
			if fail {
				return errRollback
			}
			return nil
		})
		if err != nil && !(fail && err == errRollback) {
			t.Fatalf("round %d: %v", round, err)
		}
		// The words of new contacts wait across rounds, but for one in
		// four, after which the check adds them.
		checkIndexes(t, s.workspace(ws), fmt.Sprintf("after round %d (rolled back: %v)", round, fail), rng.IntN(4) == 0)
		if t.Failed() {
			return
		}
	}
}

// TestViewsReadKindsWithNoRecords runs Views of one workspace in parallel,
// each reading every kind before any record of it exists: a read must not
// add to what other readers read (run with -race).
func TestViewsReadKindsWithNoRecords(t *testing.T) {
	s := New()
	ctx := t.Context()
	var wg sync.WaitGroup
	errs := make(chan error, 8*len(store.Kinds()))
	for range 8 {
		wg.Go(func() {
			errs <- s.View(ctx, func(tx store.Tx) error {
				for _, k := range store.Kinds() {
					if _, err := tx.Records().Get(ctx, "ws", k, "x"); !errors.Is(err, store.ErrNotFound) {
						return fmt.Errorf("Get of a %s in an empty workspace: %v, want store.ErrNotFound", k.Name(), err)
					}
					page, err := tx.Records().List(ctx, "ws", k, store.Query{}, store.PageRequest{})
					if err != nil || len(page.Items) != 0 {
						return fmt.Errorf("List of %s in an empty workspace: %d items, %v", k.Name(), len(page.Items), err)
					}
				}
				return nil
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}
