// Package storetest is the conformance suite of the store.Store contract.
// Every Store adapter (the in-memory reference store of package memstore,
// a backend team's PostgreSQL, DynamoDB, … adapter) must pass it; an adapter
// that passes it can be handed to contactkit.
//
// The suite is black-box: it only calls the store.Store interface, and each
// violated rule is reported with the method, the rule's text from the store
// package, what the store did and what the contract wants, for example
//
//	Contacts.Update with a stale version (1, stored 2): got err <nil>, want store.ErrConflict
//
// Only tests import this package.
//
// # Certifying an adapter
//
// Call Run from a test of the adapter's package, with a factory that returns
// the store under test:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store {
//			return newTestStore(t) // the adapter's Store, written by the adapter's tests
//		})
//	}
//
// An adapter with optional capabilities declares them with RunWith and an
// Options: a case that needs a capability the Options do not declare is
// skipped with t.Skipf and the reason; a case whose capability is declared
// but missing fails. Options also says how precisely the backend keeps
// times (Options.TimePrecision) and whether the cases may run in parallel.
//
// # What the factory must return
//
// The factory is called once per case, with that case's *testing.T, so it
// can register cleanups with t.Cleanup and stop with t.Fatal if the backend
// is unreachable. It returns a store.Store ready for use, safe for
// concurrent use, that the case may write to.
//
// The store need not be empty: every case works in workspaces of its own,
// named "storetest-" and a random UUID, with random contact IDs, and lists
// nothing outside them. So a factory may hand out one store (one database)
// to every case, and several runs may share that database. Nothing the suite
// writes is cleaned up by it: a factory that shares a database should clean
// the storetest-* workspaces itself if it cares to. Some cases write more
// than store.MaxLimit contacts, records or changes in one transaction (the
// ListPageBounds cases), so the backend must take transactions of that
// size.
//
// # Short pages
//
// A page may hold fewer items than its Limit asks, none included, and
// still have a Next (store.Page): an adapter over a backend whose pages are
// bounded in bytes (DynamoDB's 1 MB query pages), or that filters what it
// read, returns such pages. The suite reads every listing to the page whose
// Next is "" and checks what the whole listing holds, never what one page
// holds, except that no page holds more than PageRequest.Size() items. Its
// own tests run it against memstore cut to pages of one item after an
// empty first page.
//
// # What is checked
//
// The cases are grouped, and each group certifies part of the contract:
//
//   - Contacts: versions (1 after Create, incremented by Update, a stale
//     version gives store.ErrConflict and writes nothing), store.ErrNotFound
//     and store.ErrAlreadyExists (for an ID of the same workspace, in the
//     trash or not), Delete (at the stored version, live or in the trash,
//     freeing the ID and the keys), the *store.TakenError naming the key
//     (contact.Contact.Keys) and the live contact that holds it, for an
//     email and a phone, on Create and Update, the release of a key its
//     owner changes or clears, List (ascending ID order, cursor paging that
//     visits each contact once even while other transactions update, create
//     and delete contacts, pages of at most store.DefaultLimit contacts for
//     a Limit of zero or less and of store.MaxLimit past it, every
//     ContactQuery field — Trashed, DeletedBefore, Status, Tag, Assignee,
//     Key and Words — narrowing the selection as its documentation says,
//     Assignee compared byte for byte, DeletedBefore comparing instants
//     whatever the time zones of the times, times with a monotonic clock
//     reading (as time.Now gives) coming back as the same instants,
//     store.ErrInvalidCursor, and a cursor given with another workspace or
//     query either refused so or read as the place it names, never as the
//     start), a contact found by each of its keys while it is live only,
//     copies in both directions, a Create that changes nothing of the contact
//     it is given but its Version, and the round trip of every field of
//     contact.Contact, live and in the trash; and the order of
//     precedence of the errors of Create, Update and Delete (store.Tx):
//     ctx.Err(), then store.ErrReadOnly, then store.ErrInvalid for a
//     malformed call (no workspace, a nil contact, a zero ID or a Version
//     given to Create), then what the ID finds (an existing ID gives
//     store.ErrAlreadyExists whatever the keys; a missing one, the zero ID
//     included, store.ErrNotFound), then a stale version, then the
//     *store.TakenError of the first taken key of contact.Contact.Keys —
//     each call made again after a Prefetch when Options.Prefetch is
//     declared, and checked to have written nothing in a transaction that
//     commits; and the order of the errors of the reads Get, List and, with
//     Options.Count, ContactCounter.Count, in View and Update: ctx.Err(),
//     then store.ErrInvalid for no workspace or a cursor not handed out
//     (store.ErrInvalidCursor, which matches store.ErrInvalid), then
//     store.ErrNotFound for an ID nothing has (the zero ID included); a
//     workspace never written is empty, not invalid, and a Limit out of
//     range is bounded, not refused.
//   - Trash: only live contacts hold their keys: moving a contact to the
//     trash frees them for a new or an updated live contact, even within one
//     transaction; contacts in the trash never collide, nor take the keys of
//     live ones when created; restoring a contact whose key a live contact
//     took meanwhile gives a *store.TakenError and writes nothing.
//   - Isolation: identity is the pair (workspace, ID): the same contact ID
//     may be created in two workspaces, as two contacts; a contact of
//     another workspace is not found by Get, Update, Delete or any listing;
//     the same key may be held in two workspaces; workspaces whose names
//     differ only by case, a trailing space or the composition of an accent
//     are so many workspaces.
//   - Records: one set of cases, run for every Kind of store.Kinds with its
//     typed table (store.Lists, store.Activities, …) and sample values of
//     the kind, named Records/<kind>/<Case>: creation at version 0,
//     store.ErrAlreadyExists for a duplicate ID or a taken Unique key (an
//     enrollment's automation and idempotency key), compare-and-set updates,
//     store.ErrConflict and store.ErrNotFound, Delete, keys that move on
//     update (a record found under its new contact only), every Query field
//     against the Keys, in ascending order of Keys.Order then ID (the
//     timeline against activity.Sort), Query.LiveContact (a contact of
//     the same ID live in another workspace is not live in this one),
//     paging that visits every record once even under concurrent updates,
//     inserts and deletes,
//     cursors of another kind or listing refused with
//     store.ErrInvalidCursor, the round trip of every field of each kind's
//     value, copies, isolation between workspaces (the same record ID in two
//     workspaces is two records), and the order of precedence of the errors
//     of Put and Delete: store.ErrInvalid (no workspace, a nil Kind or
//     record, an empty ID, a negative version, a Value not of the kind)
//     before what the ID and the version find (an empty ID is not found by
//     Delete), and these before a taken Unique key; and the same order for
//     Get and List as for the contacts, a nil Kind being invalid too. Three
//     cases run once for all kinds: Records/ByteOrder (IDs, Orders and
//     Parent, Status and Unique values that differ only by case, a
//     trailing space, punctuation, composed and decomposed accents or characters beyond U+FFFF are
//     compared and listed byte for byte, as a database collation does not),
//     Records/KindsApart (the same ID and Unique key in every kind are so
//     many records: identity is (workspace, kind, ID)) and
//     Records/ListPageBounds (the bounds of a page, as for the contacts).
//   - History: appends in order, the field filter, paging and the bounds of
//     a page, an empty listing for a contact with no history, the history of a
//     contact never stored or deleted (Append does not check that the
//     contact exists, Contacts.Delete touches nothing else), Delete,
//     isolation, and the order of the errors of Append, Delete and List:
//     ctx.Err(), then store.ErrReadOnly for a write in a View, then
//     store.ErrInvalid for no workspace or a change of the zero contact
//     (nothing appended).
//   - Tx: commit when fn returns nil; rollback of every write — contacts,
//     keys, every kind of record, history — when fn fails or panics, with
//     fn's error returned unchanged and its panic re-raised, every contact
//     key and Unique key it took free again and every one it gave up held
//     again by its holder (as new creations find); reading one's own
//     writes, in every listing by a key too (a record's Contact, Parent,
//     Status and Unique; a contact's tag, assignee and status), and only
//     what committed after a rollback; no dirty reads; a View that sees
//     one consistent state while another transaction commits; a
//     transaction in which calls were refused with errors of the
//     contract, whose fn returns nil, committing every write it made
//     before and after them; a View where every write
//     returns store.ErrReadOnly; a Tx used after its function returned,
//     which reads and writes nothing, even what it prefetched (when the
//     Tx is a store.Prefetcher).
//   - Context: Update and View with a done context return ctx.Err()
//     without calling fn; every accessor method returns ctx.Err(),
//     unwrapped, and writes nothing; an Update whose ctx is done when fn
//     returns nil rolls back and returns ctx.Err(), unwrapped, and a View
//     returns it too.
//   - Concurrency: writers racing from one version of a contact or of a
//     record of every kind, each in its own transaction: exactly one wins,
//     the others get store.ErrConflict; writers creating at once contacts of
//     one key or of one ID, or records of one ID or of one Unique key:
//     exactly one wins, and its value is stored, the others get
//     store.ErrAlreadyExists; writers that retry lose no
//     update; optionally, parallel Views (Options.ParallelViews) and writers
//     of two workspaces that never wait on each other
//     (Options.WorkspaceParallelWrites).
//   - Capabilities: the optional interfaces the Store declares:
//     store.ContactCounter (Options.Count), whose Count equals what
//     Contacts.List pages through, store.Aser (Options.As), found by
//     store.As directly and through Retrying, and store.Prefetcher
//     (Options.Prefetch), whose reads answer as without it and whose
//     malformed calls (no workspace, a RecordRef with a nil Kind or an
//     empty ID) give store.ErrInvalid, in View and Update.
//   - Outbox (Options.Outbox): order, no gaps under concurrent writers,
//     rollback, workspaces, copies of the events appended and read, the bounds
//     of a batch (OutboxQuery.Size, as for a page), consumers, retention (the
//     events a consumer of their workspace has not passed are kept, whatever
//     the consumers of other workspaces; a Next that never moves back once the
//     events before it are pruned), and the order of the errors of
//     Outbox.Append and of the Relay: ctx.Err() first, then store.ErrInvalid
//     for a malformed event, a name to register that is empty, not valid UTF-8
//     or holds a NUL (or such a workspace), or a negative After
//     (store.ErrInvalidCursor), then what the name finds (an empty name is not
//     found).
//
// # Reading a failure
//
// A failure names the call, what it was called with, what the store did
// ("got …") and what the contract wants ("want …"), then quotes the rule
// of package store that it breaks. Start with the first failing case of
// the simplest group (Contacts/CreateSetsVersion, a kind's
// Records/<kind>/CreateSetsVersion): later cases build on what those
// check.
//
//   - "setup: …" (a Fatalf): the store failed a plain write or read the
//     case needs before it checks its own rule; the rule broken is that
//     of the call named, which a simpler case reports too.
//   - "storetest fixture: …": the suite itself, or a domain package it
//     draws its values from, is at fault, not the adapter: report it.
//   - A case that fails only as Retried/Group/Case: the adapter keeps
//     state from one attempt of a transaction to the next, or does not
//     roll back an attempt whose fn failed (see Retries).
//   - "did not return within …": a deadlock, or a lock still held after
//     the transaction that took it ended.
//   - A skipped case: its message names the Options field that declares
//     the capability it needs; declare it only if the Store offers it.
//
// # Retries
//
// A Store may run a transaction's function again after a serialization
// failure, so every case of the suite runs twice: once as itself, and once
// as "Retried/Group/Case" on Retrying(store), which runs every Update and
// View twice, the first attempt rolled back. The tests of the Service use
// Retrying too: what passes through it keeps no state across attempts.
//
// # Comparing values
//
// Adapters store canonical values and give them back byte for byte: the
// suite compares what it stored with what it reads field by field
// (reflect.DeepEqual), with two allowances that a backend cannot avoid.
// Times are compared with time.Time.Equal: a store may give back the same
// instant in another location (UTC, say) and without its monotonic clock
// reading; Options.TimePrecision declares a coarser precision than
// nanoseconds, and the suite then stores times already truncated to it. And
// a nil slice or map equals an empty one (a contact with no tags may come
// back with Tags nil or empty).
//
// # Running one case
//
// Case names are stable and have the form Group/Case (Records/<kind>/Case
// for the records) under the test that calls Run, and Retried/Group/Case
// for their second run, so -run selects one case, one group, or a pattern,
// here in the directory of an adapter whose test is TestStore, as above:
//
//	go test -run 'TestStore/Contacts/UpdateStaleVersion' .
//	go test -run 'TestStore/Records/enrollment/' .
//	go test -run 'TestStore/Tx/' .
//	go test -race -run 'TestStore/Concurrency/' .
//
// contactkit's own adapters call theirs TestMemstore (in this package's
// tests: go test -run 'TestMemstore/Tx/' ./storetest) and TestStoretest
// (in store/pgstore, a module of its own: cd store/pgstore && go test -run
// 'TestStoretest/Tx/' .).
//
// Run the suite with -race: the Concurrency cases are written to let the
// race detector see an adapter's unsynchronised state.
package storetest
