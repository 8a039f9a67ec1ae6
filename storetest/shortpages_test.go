package storetest_test

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
	"github.com/contactkit/contactkit/storetest"
	"github.com/contactkit/contactkit/tag"
)

// The contract lets a page be shorter than asked and still have a Next
// (store.Page): an adapter over a backend whose pages are bounded in bytes
// (DynamoDB's 1 MB query pages) or that filters after it reads (a scan)
// returns short pages, even an empty first page with a Next. shortStore
// makes memstore do so on every paged listing, and the suite must pass it:
// a case that reads one page and expects the whole answer there is wrong.

// TestShortPages runs the whole suite, with every capability memstore has
// (its outbox included), against memstore whose listings return at most
// one item a page, after an empty first page.
func TestShortPages(t *testing.T) {
	o := memOptions()
	o.Outbox = true
	storetest.RunWith(t, func(*testing.T) store.Store {
		return shortStore{Store: memstore.NewWith(&memstore.Options{Outbox: true})}
	}, o)
}

// The suite must still fail a Store whose short pages lose items or never
// end: reading every page must not hide what paging gets wrong.
func init() {
	brokenVariants = append(brokenVariants,
		brokenVariant{
			name:  "shortlossy",
			what:  "returns short pages whose cursors skip the last item of each page of the store beneath (a cursor taken from the end of what it read, not from the last item it gave)",
			store: func() store.Store { return shortStore{Store: memstore.New(), flaw: shortLossy} },
			only:  "^(Contacts|History|Records)$/^(ListPagesVisitEachOnce|ListPages|tag)$/^ListPagesVisitEachOnce$",
			want: []string{
				"--- FAIL: TestBrokenStore/Contacts/ListPagesVisitEachOnce",
				"--- FAIL: TestBrokenStore/History/ListPages",
				"--- FAIL: TestBrokenStore/Records/tag/ListPagesVisitEachOnce",
				"Contacts.List with Limit 5: contact",
				"listed 0 times, want exactly once (paging through every page visits each matching item exactly once)",
			},
		},
		brokenVariant{
			name:  "shortendless",
			what:  "returns short pages and, past the last item, empty pages with a new Next each, never a Next of \"\"",
			store: func() store.Store { return shortStore{Store: memstore.New(), flaw: shortEndless} },
			only:  "^(Contacts|History)$/^(ListPagesVisitEachOnce|EmptyContact)$",
			want: []string{
				"--- FAIL: TestBrokenStore/Contacts/ListPagesVisitEachOnce",
				"--- FAIL: TestBrokenStore/History/EmptyContact",
				"Contacts.List with Limit 1: the listing did not end after 10000 pages (23 items)",
				"the listing did not end after 10000 pages",
			},
		},
	)
}

// shortStore is a memstore whose Contacts.List, History.List and
// Records.List cut each page the memstore returns into pages of at most one
// item, and give an empty page first: every item once, in order, and a
// Next of "" only at the end of the listing. The outbox is not paged that
// way (store.OutboxBatch is full or at the end), so it is memstore's.
type shortStore struct {
	*memstore.Store
	flaw shortFlaw // for the broken variants; zero for an honest Store
}

// shortFlaw is what a broken shortStore gets wrong.
type shortFlaw int

const (
	shortHonest  shortFlaw = iota
	shortLossy             // skips the last item of each inner page followed by another
	shortEndless           // never gives a Next of "": empty pages past the end
)

func (s shortStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error { return fn(shortTx{tx, s.flaw}) })
}

func (s shortStore) View(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.View(ctx, func(tx store.Tx) error { return fn(shortTx{tx, s.flaw}) })
}

// shortTx wraps a Tx; it unwraps to it, so that store.OutboxOf, store.As
// and store.PrefetcherOf find the capabilities of memstore's Tx, and its
// Contacts keep their store.ContactCounter.
type shortTx struct {
	tx   store.Tx
	flaw shortFlaw
}

var _ store.Unwrapper = shortTx{}

func (t shortTx) Unwrap() store.Tx { return t.tx }

func (t shortTx) Contacts() store.Contacts {
	cs := t.tx.Contacts()
	if c, ok := cs.(store.ContactCounter); ok {
		return shortCountingContacts{shortContacts{cs, t.flaw}, c}
	}
	return shortContacts{cs, t.flaw}
}

func (t shortTx) Records() store.Records { return shortRecords{t.tx.Records(), t.flaw} }
func (t shortTx) History() store.History { return shortHistory{t.tx.History(), t.flaw} }

type shortContacts struct {
	store.Contacts
	flaw shortFlaw
}

type shortCountingContacts struct {
	shortContacts
	store.ContactCounter
}

func (c shortContacts) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	return shortList(c.flaw, "contacts", p, func(p store.PageRequest) (store.Page[contact.Contact], error) {
		return c.Contacts.List(ctx, ws, q, p)
	}, func(c contact.Contact) []string { return []string{c.ID.String()} }, compareContactPos)
}

// compareContactPos orders positions of contacts as Contacts.List does: by
// ID.
func compareContactPos(a, b []string) int {
	x, errX := contact.ParseID(a[0])
	y, errY := contact.ParseID(b[0])
	if errX != nil || errY != nil {
		return strings.Compare(a[0], b[0])
	}
	return x.Compare(y)
}

type shortRecords struct {
	store.Records
	flaw shortFlaw
}

func (rs shortRecords) List(ctx context.Context, ws contact.WorkspaceID, k store.Kind, q store.Query, p store.PageRequest) (store.Page[store.Record], error) {
	fetch := func(p store.PageRequest) (store.Page[store.Record], error) { return rs.Records.List(ctx, ws, k, q, p) }
	if k == nil {
		return fetch(p) // refused by memstore
	}
	return shortList(rs.flaw, "records/"+k.Name(), p, fetch,
		func(r store.Record) []string { return []string{r.Keys.Order, r.ID} },
		func(a, b []string) int { return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1])) })
}

type shortHistory struct {
	store.History
	flaw shortFlaw
}

func (h shortHistory) List(ctx context.Context, ws contact.WorkspaceID, id contact.ID, fieldName string, p store.PageRequest) (store.Page[contact.Change], error) {
	// Changes have no identity: a page resumes at an offset in memstore's
	// page, which appends never reorder.
	return shortList(h.flaw, "history/"+id.String(), p, func(p store.PageRequest) (store.Page[contact.Change], error) {
		return h.History.List(ctx, ws, id, fieldName, p)
	}, nil, nil)
}

// shortCursor is where a listing of shortStore resumes: in the page of the
// inner store at cursor Inner, after the item at position Last (its ID, or
// Order and ID), or from its item Offset when items have no position.
type shortCursor struct {
	Listing string   `json:"l"`
	Inner   string   `json:"c"`
	Last    []string `json:"k,omitempty"`
	Offset  int      `json:"o,omitempty"`
	Spin    int      `json:"s,omitempty"` // shortEndless: the empty pages past the end
}

const shortCursorPrefix = "short:"

func (c shortCursor) encode() string {
	b, err := json.Marshal(c)
	if err != nil {
		panic(err)
	}
	return shortCursorPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// decodeShortCursor returns the cursor s of listing, or false if s is no
// cursor shortStore handed out for it.
func decodeShortCursor(listing, s string) (shortCursor, bool) {
	rest, ok := strings.CutPrefix(s, shortCursorPrefix)
	if !ok {
		return shortCursor{}, false
	}
	b, err := base64.RawURLEncoding.DecodeString(rest)
	if err != nil {
		return shortCursor{}, false
	}
	var c shortCursor
	if err := json.Unmarshal(b, &c); err != nil || c.Listing != listing || c.Offset < 0 {
		return shortCursor{}, false
	}
	return c, true
}

// shortList gives one short page of listing from the pages fetch gives. The
// first page (cursor "") is empty, with a Next; every other holds at most
// one item. pos gives an item's position in the listing and compare orders
// positions; nil pos resumes by offset.
func shortList[T any](flaw shortFlaw, listing string, p store.PageRequest, fetch func(store.PageRequest) (store.Page[T], error), pos func(T) []string, compare func(a, b []string) int) (store.Page[T], error) {
	if p.Cursor == "" {
		// Asked of the inner store first, for its errors (a cancelled ctx,
		// no workspace), in the order of the contract.
		if _, err := fetch(store.PageRequest{Limit: p.Limit}); err != nil {
			return store.Page[T]{}, err
		}
		return store.Page[T]{Items: []T{}, Next: shortCursor{Listing: listing}.encode()}, nil
	}
	cur, ok := decodeShortCursor(listing, p.Cursor)
	if !ok {
		// The inner store refuses it too, after the errors that come first.
		if _, err := fetch(p); err != nil {
			return store.Page[T]{}, err
		}
		return store.Page[T]{}, fmt.Errorf("shortpages: cursor %q: %w", p.Cursor, store.ErrInvalidCursor)
	}
	inner, err := fetch(store.PageRequest{Cursor: cur.Inner, Limit: p.Limit})
	if err != nil {
		return store.Page[T]{}, err
	}
	rest := inner.Items
	switch {
	case pos == nil:
		rest = rest[min(cur.Offset, len(rest)):]
	case cur.Last != nil:
		i := slices.IndexFunc(rest, func(item T) bool { return compare(pos(item), cur.Last) > 0 })
		if i < 0 {
			i = len(rest)
		}
		rest = rest[i:]
	}
	page := store.Page[T]{Items: []T{}}
	if len(rest) > 0 {
		page.Items = append(page.Items, rest[0])
	}
	// after is the cursor of the items after those of page in inner.
	after := cur
	if len(rest) > 0 {
		if pos == nil {
			after.Offset = cur.Offset + 1
		} else {
			after.Last = pos(rest[0])
		}
	}
	switch {
	case len(rest) > 2 || len(rest) == 2 && (flaw != shortLossy || inner.Next == ""):
		page.Next = after.encode()
	case len(rest) == 2 || inner.Next != "":
		// shortLossy jumps to the next inner page one item early.
		page.Next = shortCursor{Listing: listing, Inner: inner.Next}.encode()
	case flaw == shortEndless:
		after.Spin++
		page.Next = after.encode()
	}
	return page, nil
}

// TestShortPagesHonest checks shortStore itself: the concatenation of its
// pages is the inner listing, for every Limit, each page holds at most one
// item, the first none, only the last page has no Next, and a cursor of
// another listing is refused.
func TestShortPagesHonest(t *testing.T) {
	ctx := t.Context()
	m := memstore.New()
	s := shortStore{Store: m}
	const ws = contact.WorkspaceID("ws")
	var ids []contact.ID
	for i := range 7 {
		c := contact.Contact{ID: contact.MustParseID(fmt.Sprintf("01908f4e-7a3b-7c1d-9e2f-3a4b5c6d7e%02x", 0x80-i)), Workspace: ws, FirstName: "Ada", Tags: tag.NewSet(mustTag(t, "t"))}
		ids = append(ids, c.ID)
		if err := m.Update(ctx, func(tx store.Tx) error { return tx.Contacts().Create(ctx, &c) }); err != nil {
			t.Fatalf("setup: Contacts.Create: %v", err)
		}
	}
	var changes []contact.Change
	for i := range 6 {
		changes = append(changes, contact.Change{Contact: ids[0], Field: contact.FieldCity, Old: fmt.Sprint(i), New: fmt.Sprint(i + 1), At: time.Unix(int64(i), 0).UTC()})
	}
	err := m.Update(ctx, func(tx store.Tx) error {
		if err := tx.History().Append(ctx, ws, changes...); err != nil {
			return err
		}
		for i, name := range []string{"e", "d", "c", "b", "a", "f", "g"} {
			r := store.Record{ID: name, Keys: store.Keys{Order: fmt.Sprint(i % 3)}, Value: tag.Tag{Name: mustTag(t, name)}}
			if err := tx.Records().Put(ctx, ws, store.KindTag, &r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("setup: %v", err)
	}
	type listing struct {
		name string
		list func(tx store.Tx, p store.PageRequest) ([]string, string, error)
	}
	listings := []listing{
		{"Contacts.List", func(tx store.Tx, p store.PageRequest) ([]string, string, error) {
			page, err := tx.Contacts().List(ctx, ws, store.ContactQuery{Tag: mustTag(t, "t")}, p)
			return mapItems(page.Items, func(c contact.Contact) string { return c.ID.String() }), page.Next, err
		}},
		{"History.List", func(tx store.Tx, p store.PageRequest) ([]string, string, error) {
			page, err := tx.History().List(ctx, ws, ids[0], "", p)
			return mapItems(page.Items, func(c contact.Change) string { return c.Old + ">" + c.New }), page.Next, err
		}},
		{"Records.List", func(tx store.Tx, p store.PageRequest) ([]string, string, error) {
			page, err := tx.Records().List(ctx, ws, store.KindTag, store.Query{}, p)
			return mapItems(page.Items, func(r store.Record) string { return r.Keys.Order + "/" + r.ID }), page.Next, err
		}},
	}
	// all pages through a listing of st, checking the pages when short.
	all := func(st store.Store, l listing, limit int, short bool) []string {
		var out []string
		err := st.View(ctx, func(tx store.Tx) error {
			out = nil
			p := store.PageRequest{Limit: limit}
			for n := 1; ; n++ {
				if n > 100 {
					return errors.New("no end after 100 pages")
				}
				items, next, err := l.list(tx, p)
				if err != nil {
					return err
				}
				if short && (len(items) > 1 || n == 1 && len(items) != 0) {
					t.Errorf("%s with Limit %d through shortStore: page %d holds %d items, want none on the first, at most 1 after", l.name, limit, n, len(items))
				}
				out = append(out, items...)
				if next == "" {
					return nil
				}
				p.Cursor = next
			}
		})
		if err != nil {
			t.Fatalf("%s with Limit %d (short %v): %v", l.name, limit, short, err)
		}
		return out
	}
	for _, l := range listings {
		want := all(m, l, store.MaxLimit, false)
		if len(want) != 6 && len(want) != 7 {
			t.Fatalf("%s of memstore: got %d items %v, want 6 or 7", l.name, len(want), want)
		}
		for _, limit := range []int{0, 1, 2, 3, 5, 7, 8, store.MaxLimit} {
			if got := all(m, l, limit, false); !slices.Equal(got, want) {
				t.Fatalf("%s of memstore with Limit %d: got %v, want %v", l.name, limit, got, want)
			}
			if got := all(s, l, limit, true); !slices.Equal(got, want) {
				t.Errorf("%s through shortStore with Limit %d: got %v, want the inner listing %v", l.name, limit, got, want)
			}
		}
	}
	// The check catches a wrapper that loses items.
	lossy := shortStore{Store: m, flaw: shortLossy}
	if got, want := all(lossy, listings[0], 3, true), all(m, listings[0], 3, false); slices.Equal(got, want) {
		t.Errorf("Contacts.List through a lossy shortStore with Limit 3: got the inner listing %v, want one with items lost (the check above checks nothing)", got)
	}
	// A cursor of one listing is refused by another, and a cursor not
	// handed out at all, as memstore refuses them.
	err = s.View(ctx, func(tx store.Tx) error {
		_, next, err := listings[0].list(tx, store.PageRequest{})
		if err != nil {
			return err
		}
		for _, l := range listings[1:] {
			if _, _, err := l.list(tx, store.PageRequest{Cursor: next}); !errors.Is(err, store.ErrInvalidCursor) {
				t.Errorf("%s through shortStore with a cursor of Contacts.List: got err %v, want store.ErrInvalidCursor", l.name, err)
			}
		}
		for _, l := range listings {
			if _, _, err := l.list(tx, store.PageRequest{Cursor: "short:bogus"}); !errors.Is(err, store.ErrInvalidCursor) {
				t.Errorf("%s through shortStore with a cursor it never handed out: got err %v, want store.ErrInvalidCursor", l.name, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func mustTag(t *testing.T, s string) tag.Name {
	t.Helper()
	n, err := tag.ParseName(s)
	if err != nil {
		t.Fatalf("tag.ParseName(%q): %v", s, err)
	}
	return n
}

func mapItems[T any](items []T, f func(T) string) []string {
	out := make([]string, len(items))
	for i, item := range items {
		out[i] = f(item)
	}
	return out
}
