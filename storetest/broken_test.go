package storetest_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/contactkit/contactkit/contact"
	"github.com/contactkit/contactkit/store"
	"github.com/contactkit/contactkit/store/memstore"
)

// More broken stores, each breaking a rule that an adapter of a SQL
// database may get wrong: see brokenVariants. Each runs the group of cases
// (or the case) that checks its rule, not the whole suite, to keep
// TestBrokenStoresFail quick.
var moreBrokenVariants = []brokenVariant{
	{
		name:  "silentrollback",
		what:  "rolls back, yet reports as committed, a transaction in which a call was refused (as a PostgreSQL transaction aborted by a failed statement does on COMMIT)",
		store: func() store.Store { return silentRollback{memstore.New()} },
		only:  "^Tx$",
		want: []string{
			"--- FAIL: TestBrokenStore/Tx/UsableAfterRefusal",
			"after Store.Update committed a transaction in which calls were refused, Contacts.Get of the contact the transaction created: got err",
			"an error of the contract (store.ErrNotFound, store.ErrConflict, store.ErrAlreadyExists, …) leaves the transaction usable",
		},
	},
	{
		name:  "splitviews",
		what:  "reads each call of a View in a transaction of its own (as statements at READ COMMITTED do)",
		store: func() store.Store { return splitViews{memstore.New()} },
		only:  "^Tx$",
		want: []string{
			"--- FAIL: TestBrokenStore/Tx/ViewConsistent",
			"Store.View read contact A as it was, at version 1, then contact B as the other transaction wrote it, at version 2",
			"View runs fn in a read-only transaction that sees one consistent state",
		},
	},
	{
		name:  "collation",
		what:  "compares record IDs as a case-insensitive collation that ignores trailing spaces, and sorts records so",
		store: wrapAccessors(nil, func(rs store.Records) store.Records { return collatingRecords{rs} }),
		only:  "^Records$/^ByteOrder$",
		want: []string{
			"--- FAIL: TestBrokenStore/Records/ByteOrder",
			`Records.Put creating a list with ID "A"`,
			"a Store compares record IDs and keys byte for byte, and lists in ascending order of Keys.Order, then of ID, in byte order",
		},
	},
	{
		name:  "kindblind",
		what:  "keeps the records of every kind under one identity (workspace, ID) and one Unique key per workspace",
		store: wrapAccessors(nil, func(rs store.Records) store.Records { return kindBlindRecords{rs} }),
		only:  "^Records$/^KindsApart$",
		want: []string{
			"--- FAIL: TestBrokenStore/Records/KindsApart",
			"Records.Put creating a tag with the ID and Unique key of records of other kinds: got err",
			"a record is identified by (workspace, kind, ID)",
		},
	},
	{
		name: "unbounded",
		what: "returns every item asked for in one page (LIMIT ALL for a Limit of 0, no bound above store.MaxLimit)",
		store: func() store.Store {
			return wrap(func(tx store.Tx) store.Tx {
				return historyTx{wrappedTx{tx, unboundedContacts{tx.Contacts()}, unboundedRecords{tx.Records()}}, unboundedHistory{tx.History()}}
			})
		},
		only: "^(Contacts|Records|History)$/^ListPageBounds$",
		want: []string{
			"--- FAIL: TestBrokenStore/Contacts/ListPageBounds",
			"--- FAIL: TestBrokenStore/Records/ListPageBounds",
			"--- FAIL: TestBrokenStore/History/ListPageBounds",
			"Contacts.List with Limit 0: page 1 holds 1001 items, want at most PageRequest.Size() = 100",
			"History.List with Limit 1001: page 1 holds 1001 items, want at most PageRequest.Size() = 1000",
		},
	},
	{
		name: "zeroinvalid",
		what: "refuses the zero contact ID on Contacts.Update and Contacts.Delete, and an empty ID on Records.Delete, with ErrInvalid",
		store: wrapAccessors(func(cs store.Contacts) store.Contacts { return zeroInvalidContacts{cs} },
			func(rs store.Records) store.Records { return zeroInvalidRecords{rs} }),
		only: "^(Contacts|Records)$",
		want: []string{
			"--- FAIL: TestBrokenStore/Contacts/UpdatePrecedence",
			"--- FAIL: TestBrokenStore/Contacts/DeletePrecedence",
			"--- FAIL: TestBrokenStore/Records/list/Precedence",
			"Contacts.Delete with the zero ID: got err zeroinvalid: store: invalid argument, want store.ErrNotFound",
			"Records.Delete of a list with an empty ID: got err zeroinvalid: store: invalid argument, want store.ErrNotFound",
		},
	},
	{
		name: "cascade",
		what: "deletes a contact's history with the contact (ON DELETE CASCADE)",
		store: func() store.Store {
			return wrap(func(tx store.Tx) store.Tx {
				return wrappedTx{tx, cascadingContacts{tx.Contacts(), tx.History()}, tx.Records()}
			})
		},
		only: "^History$",
		want: []string{
			"--- FAIL: TestBrokenStore/History/Orphans",
			"History.List of a contact after Contacts.Delete of it (Delete touches nothing else: the caller removes the contact's other records): got 0 changes, want 2",
		},
	},
	{
		name: "historyfk",
		what: "refuses to append the history of a contact it does not hold (a foreign key)",
		store: func() store.Store {
			return wrap(func(tx store.Tx) store.Tx { return historyTx{tx, checkingHistory{tx.History(), tx.Contacts()}} })
		},
		only: "^History$",
		want: []string{
			"--- FAIL: TestBrokenStore/History/Orphans",
			"History.Append of changes of a stored contact and of a contact never stored: got err historyfk:",
		},
	},
	{
		name: "offset",
		what: "pages Contacts.List and Records.List by position in the listing (OFFSET), not after the last item listed",
		store: wrapAccessors(func(cs store.Contacts) store.Contacts { return offsetContacts{cs} },
			func(rs store.Records) store.Records { return offsetRecords{rs} }),
		only: "^(Contacts|Records)$",
		want: []string{
			"--- FAIL: TestBrokenStore/Contacts/ListWhileWriting",
			"--- FAIL: TestBrokenStore/Contacts/ListWordsWhileWriting",
			"--- FAIL: TestBrokenStore/Records/tag/ListWhileWriting",
			"--- FAIL: TestBrokenStore/Records/list/ListWhileWriting",
			"Contacts.List while other transactions write: contact",
			"listed 0 times, want exactly once (paging through every page visits each matching item exactly once)",
		},
	},
	{
		name:  "trashtaken",
		what:  "refuses with a *store.TakenError the creation of a contact in the trash whose key a live contact holds",
		store: wrapAccessors(func(cs store.Contacts) store.Contacts { return trashTakenContacts{cs} }, nil),
		only:  "^Trash$",
		want: []string{
			"--- FAIL: TestBrokenStore/Trash/TrashedDoNotCollide",
			"Contacts.Create in the trash of a contact whose email and phone a live contact holds: got err store: email:",
		},
	},
	{
		name:  "foldedassignee",
		what:  "compares ContactQuery.Assignee case-insensitively",
		store: wrapAccessors(func(cs store.Contacts) store.Contacts { return foldedAssigneeContacts{cs} }, nil),
		only:  "^Contacts$",
		want: []string{
			"--- FAIL: TestBrokenStore/Contacts/ListFilters",
			"Contacts.List with Assignee alice (each set field of ContactQuery narrows the selection as its documentation says): contact",
		},
	},
	{
		name:  "foldedworkspace",
		what:  "compares workspace names as a case-insensitive collation that ignores trailing spaces",
		store: wrapAccessors(func(cs store.Contacts) store.Contacts { return foldedWorkspaceContacts{cs} }, nil),
		only:  "^Isolation$",
		want: []string{
			"--- FAIL: TestBrokenStore/Isolation/WorkspaceBytes",
			"-A\" of a contact whose ID and email a contact of workspace",
		},
	},
	{
		name:  "stringtimes",
		what:  "writes a contact's times with time.Time.String and parses them back",
		store: wrapAccessors(func(cs store.Contacts) store.Contacts { return stringTimesContacts{cs} }, nil),
		only:  "^Contacts$",
		want: []string{
			"--- FAIL: TestBrokenStore/Contacts/DeletedBeforeZones",
			"stringtimes: parsing time",
		},
	},
	{
		name:  "racy",
		what:  "checks that a key, an ID or a Unique key is free, then writes, with no lock held in between (a store of its own that implements little else)",
		store: func() store.Store { return newRacyStore() },
		only:  "^Concurrency$/^ClaimersOfOneKey$",
		want: []string{
			"--- FAIL: TestBrokenStore/Concurrency/ClaimersOfOneKey",
			"Contacts.Create of contacts with the email claimed-0@concurrency.example, 8 writers at once: writers",
			"a key belongs to at most one live contact of a workspace, an ID to one contact, and a Unique key to one record of its kind, whatever the concurrency",
		},
	},
	{
		name:  "wallclock",
		what:  "compares DeletedBefore with DeletedAt by their wall clocks, whatever their time zones (a SQL timestamp without time zone)",
		store: wrapAccessors(func(cs store.Contacts) store.Contacts { return wallClockContacts{cs} }, nil),
		only:  "^Contacts$",
		want: []string{
			"--- FAIL: TestBrokenStore/Contacts/DeletedBeforeZones",
			"Contacts.List with DeletedBefore 1:30 pm UTC, given at UTC+5 (DeletedBefore compares instants, whatever the time zone of each time)",
		},
	},
	{
		name:  "eagersearch",
		what:  "answers word queries from a search index written as each call is made and not rolled back with a failed transaction",
		store: eagerSearchStore,
		only:  "^Tx$/^RollbackOnError$",
		want: []string{
			"--- FAIL: TestBrokenStore/Tx/RollbackOnError",
			"Contacts.List with ContactQuery{Words} of the contact the transaction renamed, by its name before",
			"a failed transaction must roll back: nothing fn wrote is visible to anyone",
		},
	},
	{
		name:  "asciiwordstart",
		what:  "takes any byte that is not an ASCII letter or digit for the end of a word (a regular expression's word start in a C locale)",
		store: wrapAccessors(func(cs store.Contacts) store.Contacts { return asciiWordStartContacts{cs} }, nil),
		only:  "^Contacts$/^ListFilters$",
		want: []string{
			"--- FAIL: TestBrokenStore/Contacts/ListFilters",
			`Contacts.List with Words "едор" (Cyrillic, not a word start)`,
		},
	},
}

// init adds the variants above to those TestBrokenStoresFail runs.
func init() { brokenVariants = append(brokenVariants, moreBrokenVariants...) }

// wrapAccessors returns the maker of a memstore whose Contacts and
// Records are wrapped by c and r (nil: left as they are).
func wrapAccessors(c func(store.Contacts) store.Contacts, r func(store.Records) store.Records) func() store.Store {
	return func() store.Store {
		return wrap(func(tx store.Tx) store.Tx {
			w := wrappedTx{tx, tx.Contacts(), tx.Records()}
			if c != nil {
				w.contacts = c(w.contacts)
			}
			if r != nil {
				w.records = r(w.records)
			}
			return w
		})
	}
}

// historyTx is a Tx with its History replaced.
type historyTx struct {
	store.Tx
	history store.History
}

func (t historyTx) History() store.History { return t.history }
func (t historyTx) Unwrap() store.Tx       { return t.Tx }

// silentRollback rolls back a transaction in which a write was refused,
// and Update returns nil all the same.
type silentRollback struct{ *memstore.Store }

// errAborted rolls back the inner transaction of silentRollback.
var errAborted = errors.New("silentrollback: transaction aborted")

func (s silentRollback) Update(ctx context.Context, fn func(store.Tx) error) error {
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		a := &abort{}
		if err := fn(wrappedTx{tx, abortingContacts{tx.Contacts(), a}, abortingRecords{tx.Records(), a}}); err != nil {
			return err
		}
		if a.refused {
			return errAborted
		}
		return nil
	})
	if err == errAborted {
		return nil
	}
	return err
}

// abort records that a call of a transaction of silentRollback was
// refused. A transaction runs on one goroutine.
type abort struct{ refused bool }

// note marks a refused, if err is one of the contract's.
func (a *abort) note(err error) error {
	if err != nil && !errors.Is(err, context.Canceled) {
		a.refused = true
	}
	return err
}

type abortingContacts struct {
	store.Contacts
	a *abort
}

func (c abortingContacts) Get(ctx context.Context, ws contact.WorkspaceID, id contact.ID) (contact.Contact, error) {
	got, err := c.Contacts.Get(ctx, ws, id)
	return got, c.a.note(err)
}

func (c abortingContacts) Create(ctx context.Context, ct *contact.Contact) error {
	return c.a.note(c.Contacts.Create(ctx, ct))
}

func (c abortingContacts) Update(ctx context.Context, ct *contact.Contact) error {
	return c.a.note(c.Contacts.Update(ctx, ct))
}

type abortingRecords struct {
	store.Records
	a *abort
}

func (rs abortingRecords) Put(ctx context.Context, ws contact.WorkspaceID, k store.Kind, r *store.Record) error {
	return rs.a.note(rs.Records.Put(ctx, ws, k, r))
}

func (rs abortingRecords) Delete(ctx context.Context, ws contact.WorkspaceID, k store.Kind, id string, version int64) error {
	return rs.a.note(rs.Records.Delete(ctx, ws, k, id, version))
}

// splitViews runs each call of a View's function in a View of its own.
type splitViews struct{ *memstore.Store }

func (s splitViews) View(ctx context.Context, fn func(store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return fn(autoTx{s: s.Store, view: true})
}

// fold is how a case-insensitive collation that pads with spaces sees a
// string.
func fold(s string) string { return strings.ToLower(strings.TrimRight(s, " ")) }

// collatingRecords refuses to create a record whose ID folds to the ID of
// another record of its kind, and sorts each page by folded Order and ID.
type collatingRecords struct{ store.Records }

func (rs collatingRecords) Put(ctx context.Context, ws contact.WorkspaceID, k store.Kind, r *store.Record) error {
	if r != nil && k != nil && r.Version == 0 && ws != "" {
		for h, err := range store.All(ctx, store.MaxLimit, func(ctx context.Context, p store.PageRequest) (store.Page[store.Record], error) {
			return rs.List(ctx, ws, k, store.Query{}, p)
		}) {
			if err != nil {
				return err
			}
			if h.ID != r.ID && fold(h.ID) == fold(r.ID) {
				return fmt.Errorf("collation: put %s %q: %q has that ID: %w", k.Name(), r.ID, h.ID, store.ErrAlreadyExists)
			}
		}
	}
	return rs.Records.Put(ctx, ws, k, r)
}

func (rs collatingRecords) List(ctx context.Context, ws contact.WorkspaceID, k store.Kind, q store.Query, p store.PageRequest) (store.Page[store.Record], error) {
	page, err := rs.Records.List(ctx, ws, k, q, p)
	slices.SortStableFunc(page.Items, func(a, b store.Record) int {
		if c := strings.Compare(fold(a.Keys.Order), fold(b.Keys.Order)); c != 0 {
			return c
		}
		return strings.Compare(fold(a.ID), fold(b.ID))
	})
	return page, err
}

// kindBlindRecords refuses to create a record whose ID, or Unique key, a
// record of another kind of the workspace has.
type kindBlindRecords struct{ store.Records }

func (rs kindBlindRecords) Put(ctx context.Context, ws contact.WorkspaceID, k store.Kind, r *store.Record) error {
	if r != nil && k != nil && r.Version == 0 && ws != "" {
		for _, other := range store.Kinds() {
			if other.Name() == k.Name() {
				continue
			}
			if _, err := rs.Get(ctx, ws, other, r.ID); err == nil {
				return fmt.Errorf("kindblind: put %s %q: a %s has that ID: %w", k.Name(), r.ID, other.Name(), store.ErrAlreadyExists)
			}
			if r.Keys.Unique == "" {
				continue
			}
			if page, err := rs.List(ctx, ws, other, store.Query{Unique: r.Keys.Unique}, store.PageRequest{}); err == nil && len(page.Items) > 0 {
				return fmt.Errorf("kindblind: put %s %q: a %s has its Unique key: %w", k.Name(), r.ID, other.Name(), store.ErrAlreadyExists)
			}
		}
	}
	return rs.Records.Put(ctx, ws, k, r)
}

// unbounded returns the page of p as a Store that passes its Limit to SQL
// as it is would: every item for a Limit of 0 or less, as many as asked
// above store.MaxLimit.
func unbounded[T any](p store.PageRequest, fetch func(store.PageRequest) (store.Page[T], error)) (store.Page[T], error) {
	if p.Limit > 0 && p.Limit <= store.MaxLimit {
		return fetch(p)
	}
	var out store.Page[T]
	q := store.PageRequest{Cursor: p.Cursor, Limit: store.MaxLimit}
	for {
		page, err := fetch(q)
		if err != nil {
			return store.Page[T]{}, err
		}
		out.Items, out.Next = append(out.Items, page.Items...), page.Next
		if page.Next == "" || (p.Limit > 0 && len(out.Items) >= p.Limit) {
			return out, nil
		}
		q.Cursor = page.Next
	}
}

type unboundedContacts struct{ store.Contacts }

func (c unboundedContacts) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	return unbounded(p, func(p store.PageRequest) (store.Page[contact.Contact], error) { return c.Contacts.List(ctx, ws, q, p) })
}

type unboundedRecords struct{ store.Records }

func (rs unboundedRecords) List(ctx context.Context, ws contact.WorkspaceID, k store.Kind, q store.Query, p store.PageRequest) (store.Page[store.Record], error) {
	return unbounded(p, func(p store.PageRequest) (store.Page[store.Record], error) { return rs.Records.List(ctx, ws, k, q, p) })
}

type unboundedHistory struct{ store.History }

func (h unboundedHistory) List(ctx context.Context, ws contact.WorkspaceID, id contact.ID, fieldName string, p store.PageRequest) (store.Page[contact.Change], error) {
	return unbounded(p, func(p store.PageRequest) (store.Page[contact.Change], error) {
		return h.History.List(ctx, ws, id, fieldName, p)
	})
}

// errZeroInvalid is how zeroInvalidContacts and zeroInvalidRecords refuse
// an ID that no record can have.
var errZeroInvalid = fmt.Errorf("zeroinvalid: %w", store.ErrInvalid)

type zeroInvalidContacts struct{ store.Contacts }

func (c zeroInvalidContacts) Update(ctx context.Context, ct *contact.Contact) error {
	if ct != nil && ct.Workspace != "" && ct.ID.IsZero() && ctx.Err() == nil {
		return errZeroInvalid
	}
	return c.Contacts.Update(ctx, ct)
}

func (c zeroInvalidContacts) Delete(ctx context.Context, ws contact.WorkspaceID, id contact.ID, version int64) error {
	if ws != "" && id.IsZero() && ctx.Err() == nil {
		return errZeroInvalid
	}
	return c.Contacts.Delete(ctx, ws, id, version)
}

type zeroInvalidRecords struct{ store.Records }

func (rs zeroInvalidRecords) Delete(ctx context.Context, ws contact.WorkspaceID, k store.Kind, id string, version int64) error {
	if ws != "" && k != nil && id == "" && ctx.Err() == nil {
		return errZeroInvalid
	}
	return rs.Records.Delete(ctx, ws, k, id, version)
}

// cascadingContacts deletes a contact's history with the contact.
type cascadingContacts struct {
	store.Contacts
	history store.History
}

func (c cascadingContacts) Delete(ctx context.Context, ws contact.WorkspaceID, id contact.ID, version int64) error {
	if err := c.Contacts.Delete(ctx, ws, id, version); err != nil {
		return err
	}
	return c.history.Delete(ctx, ws, id)
}

// checkingHistory refuses to append a change of a contact that Get does
// not find.
type checkingHistory struct {
	store.History
	contacts store.Contacts
}

func (h checkingHistory) Append(ctx context.Context, ws contact.WorkspaceID, changes ...contact.Change) error {
	if ws != "" && ctx.Err() == nil {
		for _, c := range changes {
			if c.Contact.IsZero() {
				continue
			}
			if _, err := h.contacts.Get(ctx, ws, c.Contact); errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("historyfk: append a change of contact %s: %w", c.Contact, err)
			}
		}
	}
	return h.History.Append(ctx, ws, changes...)
}

// wallClockContacts compares DeletedAt with ContactQuery.DeletedBefore by
// the wall clock of each, in its own time zone.
type wallClockContacts struct{ store.Contacts }

// wall is t's wall clock read as if it were UTC.
func wall(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

func (c wallClockContacts) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	if q.DeletedBefore.IsZero() {
		return c.Contacts.List(ctx, ws, q, p)
	}
	before := wall(q.DeletedBefore)
	q.DeletedBefore, q.Trashed = time.Time{}, true
	page, err := c.Contacts.List(ctx, ws, q, p)
	page.Items = slices.DeleteFunc(page.Items, func(ct contact.Contact) bool { return !wall(ct.DeletedAt).Before(before) })
	return page, err
}

// offsetPage returns the page of p of a listing (named, for its cursors)
// paged by position, as SQL's OFFSET does: an item created or deleted
// before the cursor between two pages shifts every one after it. fetch
// reads the listing's pages from the inner store.
func offsetPage[T any](ctx context.Context, listing string, p store.PageRequest, fetch func(ctx context.Context, p store.PageRequest) (store.Page[T], error)) (store.Page[T], error) {
	from := 0
	if p.Cursor != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(p.Cursor, listing))
		if !strings.HasPrefix(p.Cursor, listing) || err != nil || n < 0 {
			return store.Page[T]{}, fmt.Errorf("offset: cursor %q: %w", p.Cursor, store.ErrInvalidCursor)
		}
		from = n
	}
	var all []T
	for item, err := range store.All(ctx, store.MaxLimit, fetch) {
		if err != nil {
			return store.Page[T]{}, err
		}
		all = append(all, item)
	}
	from = min(from, len(all))
	to := min(from+p.Size(), len(all))
	page := store.Page[T]{Items: all[from:to]}
	if to < len(all) {
		page.Next = listing + strconv.Itoa(to)
	}
	return page, nil
}

// offsetContacts and offsetRecords page their listings with offsetPage.
type offsetContacts struct{ store.Contacts }

func (c offsetContacts) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	if ws == "" {
		return c.Contacts.List(ctx, ws, q, p)
	}
	return offsetPage(ctx, fmt.Sprintf("offset/%s/%+v/", ws, q), p, func(ctx context.Context, p store.PageRequest) (store.Page[contact.Contact], error) {
		return c.Contacts.List(ctx, ws, q, p)
	})
}

type offsetRecords struct{ store.Records }

func (rs offsetRecords) List(ctx context.Context, ws contact.WorkspaceID, k store.Kind, q store.Query, p store.PageRequest) (store.Page[store.Record], error) {
	if ws == "" || k == nil {
		return rs.Records.List(ctx, ws, k, q, p)
	}
	return offsetPage(ctx, fmt.Sprintf("offset/%s/%s/%+v/", ws, k.Name(), q), p, func(ctx context.Context, p store.PageRequest) (store.Page[store.Record], error) {
		return rs.Records.List(ctx, ws, k, q, p)
	})
}

// trashTakenContacts refuses to create a contact in the trash whose key a
// live contact holds.
type trashTakenContacts struct{ store.Contacts }

func (c trashTakenContacts) Create(ctx context.Context, ct *contact.Contact) error {
	if ct != nil && ct.Workspace != "" && ct.Trashed() && ctx.Err() == nil {
		for _, k := range ct.Keys() {
			page, err := c.List(ctx, ct.Workspace, store.ContactQuery{Key: k}, store.PageRequest{})
			if err == nil && len(page.Items) > 0 && page.Items[0].ID != ct.ID {
				return &store.TakenError{Key: k, Owner: page.Items[0].ID}
			}
		}
	}
	return c.Contacts.Create(ctx, ct)
}

// foldedAssigneeContacts compares ContactQuery.Assignee with strings.EqualFold.
type foldedAssigneeContacts struct{ store.Contacts }

func (c foldedAssigneeContacts) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	who := string(q.Assignee)
	q.Assignee = ""
	page, err := c.Contacts.List(ctx, ws, q, p)
	page.Items = slices.DeleteFunc(page.Items, func(ct contact.Contact) bool { return who != "" && !strings.EqualFold(string(ct.Assignee), who) })
	return page, err
}

// foldedWorkspaceContacts keeps a contact under its workspace's name
// folded (fold).
type foldedWorkspaceContacts struct{ store.Contacts }

func (c foldedWorkspaceContacts) Create(ctx context.Context, ct *contact.Contact) error {
	if ct == nil {
		return c.Contacts.Create(ctx, ct)
	}
	w := *ct
	w.Workspace = contact.WorkspaceID(fold(string(ct.Workspace)))
	err := c.Contacts.Create(ctx, &w)
	ct.Version = w.Version
	return err
}

func (c foldedWorkspaceContacts) Get(ctx context.Context, ws contact.WorkspaceID, id contact.ID) (contact.Contact, error) {
	return c.Contacts.Get(ctx, contact.WorkspaceID(fold(string(ws))), id)
}

func (c foldedWorkspaceContacts) List(ctx context.Context, ws contact.WorkspaceID, q store.ContactQuery, p store.PageRequest) (store.Page[contact.Contact], error) {
	return c.Contacts.List(ctx, contact.WorkspaceID(fold(string(ws))), q, p)
}

// stringTimesContacts writes the times of a contact as time.Time.String
// gives them, and parses them back, which fails on a monotonic clock
// reading.
type stringTimesContacts struct{ store.Contacts }

// throughString returns the error of parsing each of ts back from
// time.Time.String: its date, clock and offset, then its zone's name, and
// no more.
func throughString(ts ...time.Time) error {
	for _, t := range ts {
		f := strings.Fields(t.String())
		if len(f) != 4 {
			return fmt.Errorf("stringtimes: parsing time %q: %d fields, want 4", t.String(), len(f))
		}
		if _, err := time.Parse("2006-01-02 15:04:05.999999999 -0700", strings.Join(f[:3], " ")); err != nil {
			return fmt.Errorf("stringtimes: %w", err)
		}
	}
	return nil
}

func (c stringTimesContacts) Create(ctx context.Context, ct *contact.Contact) error {
	if ct != nil {
		if err := throughString(ct.CreatedAt, ct.UpdatedAt, ct.DeletedAt); err != nil {
			return err
		}
	}
	return c.Contacts.Create(ctx, ct)
}

func (c stringTimesContacts) Update(ctx context.Context, ct *contact.Contact) error {
	if ct != nil {
		if err := throughString(ct.CreatedAt, ct.UpdatedAt, ct.DeletedAt); err != nil {
			return err
		}
	}
	return c.Contacts.Update(ctx, ct)
}
