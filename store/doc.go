// Package store is the persistence contract of contactkit: the interfaces a
// backend implements, the queries and pages that cross them, and the errors
// they return.
//
// # The contract
//
// A Store runs transactions (Update, View). A transaction (Tx) hands out
// three accessors:
//
//   - Contacts: the contact aggregates, with their keys (emails and phones,
//     unique among live contacts), text, tag and status queries;
//   - Records: every other aggregate — field definitions, tags, lists,
//     memberships, consent entries, automations, enrollments, activities —
//     as records of a Kind with the plain Keys the domain computed for them;
//   - History: the property history of contacts.
//
// The typed tables (Fields, Tags, Lists, Memberships, Consent, Automations,
// Enrollments, Activities) wrap Records for the Service: an adapter
// implements Records once, for every kind.
//
// Every method documents which sentinel error it returns (ErrInvalid,
// ErrNotFound, ErrConflict, ErrAlreadyExists, ErrReadOnly,
// ErrInvalidCursor), in which order it lists, and what it copies. The
// rules that hold for every method:
//
//   - Every call is scoped to one workspace, and identity is the pair
//     (workspace, ID): a record of another workspace behaves exactly as one
//     that does not exist, creation included.
//   - Every write is a creation (version 0) or a compare-and-set on the
//     version it read; a stale version fails with ErrConflict. No update is
//     ever lost.
//   - A Store evaluates no rule of the domain: equality, ranges, substrings
//     and order on the canonical values it was handed, each stated on the
//     method. Trigger matching, cascades, survivorship and the timeline's
//     order are computed by the root and the domain packages.
//   - Values crossing the seam are copies, in both directions.
//   - A method called with a done context returns ctx.Err() and writes
//     nothing.
//   - A call that several errors apply to returns the first in one order,
//     the same in every Store (see Tx): ctx.Err(), ErrReadOnly, ErrInvalid
//     (a malformed call, reported before anything is read), then what the
//     ID finds (ErrAlreadyExists, ErrNotFound), then a stale version
//     (ErrConflict), then a taken unique value (*TakenError,
//     ErrAlreadyExists). Reads keep that order: ctx.Err(), then
//     ErrInvalid for a malformed read (no workspace, a nil Kind, a cursor
//     not handed out: ErrInvalidCursor matches ErrInvalid), then
//     ErrNotFound; a workspace that holds nothing is no error, only
//     empty.
//   - Transactions may be run again after a serialization failure: the
//     Service keeps no state across attempts.
//   - Every Store is safe for concurrent use.
//
// # Required methods and optional capabilities
//
// The required core is 17 methods: Store's Update and View; Tx's Contacts,
// Records and History; Contacts' Get, Create, Update, Delete and List;
// Records' Get, Put, Delete and List; History's Append, List and Delete. It
// was 52 before the seam was re-cut (twelve interfaces, one per aggregate,
// with trigger matching and the erasure cascade inside the store).
//
// Everything else is an optional capability, found by type assertion, with
// a fallback in this package or in the Service:
//
//   - ContactCounter (on Contacts): counting a query's contacts without
//     reading them; CountContacts pages through them otherwise.
//   - Aser (on Tx): the adapter's native transaction, for a host's cascade
//     handler that writes its own tables in the same transaction; As finds
//     it through wrappers that implement Unwrapper.
//   - Prefetcher (on Tx): told what a bulk use case is about to read (the
//     contacts that hold a set of keys, records by ID), the adapter reads
//     it at once and answers those reads from memory, and may send the
//     writes whose outcome it can tell later, together; PrefetcherOf
//     finds it through wrappers. Without it, reads are made one at a time.
//   - Outboxer (on Tx) and Relay (on the Store): an outbox. The
//     Service appends every event of a call with the Tx's Outbox, in the
//     call's transaction, and a host drains them with Relay: after a
//     cursor, in commit order, with named consumers whose cursors the
//     Store keeps, and pruning. OutboxOf finds the Outbox through
//     wrappers. Without it, events are delivered in process only, after
//     the commit, and lost if the process dies before.
//
// # Certifying an adapter
//
// Package storetest holds the conformance suite. An adapter's tests call
// storetest.Run with a factory that returns the store under test (empty or
// not: every case works in workspaces of its own); the suite checks
// every rule above, runs every case a second time through a wrapper that
// makes each transaction run twice (the first attempt rolled back), and runs
// the cases of each optional capability the adapter declares. The in-memory
// reference store in package memstore and the PostgreSQL adapter in
// store/pgstore pass all of it.
//
// # Upgrading an adapter that keeps its data
//
// A new version of contactkit may add kinds of record that it writes from
// then on and by which it finds its work (KindActivityTrash and
// KindUnmerged were added so). An adapter stores them as it stores every
// kind, but the data written before the upgrade has none of them: after
// upgrading, the host runs the Service's BackfillIndexes once per
// workspace (pgstore's migrations do the same in SQL). Its CHANGELOG entry
// says when a version needs it.
package store
