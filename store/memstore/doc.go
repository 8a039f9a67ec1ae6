// Package memstore is the in-memory reference implementation of
// store.Store.
//
// # What it is for
//
// A Store holds contacts, custom field definitions, tags, property
// history, lists and memberships, the consent ledger, automations and
// enrollments, and activities (notes and tasks) in memory, with the indexes
// a real database would have: per workspace, email → contact, phone →
// contact, tag → contacts, list → members and contact → lists, contact →
// enrollments, automation → enrollments, (automation, idempotency key) →
// enrollment (unique), contact → activities in timeline order, and the
// contacts, lists, automations and enrollments in ID order for listing. The
// email and phone indexes hold live contacts only (see "Trash and
// erasure"). It is the reference every other adapter is compared with (it
// passes the storetest conformance suite), the store of the examples, and a
// fast store for the tests of applications built on contactkit.
//
// # Concurrency
//
// A Store is safe for concurrent use by multiple goroutines. Update runs its
// function under an exclusive lock, so read-write transactions run one at a
// time and are serializable; View runs its function under a shared lock, so
// read-only transactions run concurrently with each other and see one
// consistent state. A function given to Update or View must not call Update
// or View of the same Store, which would deadlock.
//
// Inside Update, every write is applied at once, so the function reads its
// own writes, and recorded in an undo log. If the function returns an error,
// panics or exits its goroutine, the log is replayed backwards before the
// lock is released: records and indexes are as they were, and no other
// transaction saw the writes. A Tx kept after its function returned does
// nothing: each of its methods returns ErrTxDone.
//
// Each method checks its context first and returns ctx.Err(), unwrapped and
// having done nothing, when it is done.
//
// # Rollback hooks
//
// A host that keeps records of its own next to the Store's (say, the
// cascade handler of an application, which writes its own in-memory tables
// in the same use case) needs them to roll back with the transaction. A SQL
// adapter gives it that by sharing its *sql.Tx: the host writes through it,
// and the database undoes everything at once. The memory Store's
// counterpart is an optional capability of the Tx that Update hands to its
// function, found by type assertion as database/sql's optional interfaces
// are:
//
//	if r, ok := tx.(interface{ OnRollback(func()) }); ok {
//		old := cache[k]
//		cache[k] = v
//		r.OnRollback(func() { cache[k] = old })
//	}
//
// OnRollback(f) registers f to run if the transaction rolls back (its
// function returned an error or panicked), never if it commits. The
// functions registered run after the Store has undone its own writes, last
// registered first, before Update returns or re-panics, and while the
// Store is still locked, so no other transaction sees the host's records
// half restored; they must not use the Store. If one panics, the others
// still run, then Update panics with that value. The Tx of a View has the
// method too, but a call does nothing (a View writes nothing, so nothing
// rolls back), as does a call on a Tx whose transaction has ended.
//
// # Trash and erasure
//
// A contact whose DeletedAt is set is in the trash: it keeps its email and
// phone, but the email and phone indexes hold live contacts alone, so
// ByEmail and ByPhone do not see it, the uniqueness of store.TakenError is
// checked only for a live contact against live ones, and a live contact
// may take what a contact in the trash had. An Update that takes a contact
// out of the trash checks its email and phone like any write of a live
// contact. Contacts.Erase removes a contact, live or in the trash, with its
// activities, memberships, enrollments and property history, found through
// the indexes by contact; all of it is in the undo log.
//
// # Copying
//
// Values cross the Store's boundary as copies in both directions, as the
// store package requires: a contact's Tags, Channels and Fields, a
// definition's Options, an automation's Steps and Triggers and an
// enrollment's Path are copied when stored and when returned, so neither the caller nor
// the Store sees the other's later changes. The Store compares emails,
// phones and tag keys byte for byte, as given: normalisation is the domain
// packages' work.
//
// # Listing
//
// Contacts are listed in ascending ID order from an index kept sorted as
// contacts are created; a query on a tag walks that tag's index only. A
// cursor records the last ID of a page, so that paging visits every contact
// that matches throughout exactly once, whatever is written between pages.
// Cursors are opaque and specific to their listing; one the Store did not
// hand out gives store.ErrInvalidCursor. One List call examines at most
// 10,000 contacts: a selective query over a large workspace may return short
// pages, with a Next, as store.Page allows.
//
// The other listings work alike. Lists, automations and enrollments are
// listed in ID order, memberships in (list, contact) order, each from an
// index of the query's list, contact or automation when it names one. A
// contact's timeline is kept in the order of activity.Compare, and its
// cursor records the activity.Position of the last activity of a page, so
// that an activity pinned, unpinned or edited between pages does not make
// the others repeat or vanish. Triggered examines every automation of the
// workspace (a workspace has few). Such filters as a membership status, an
// active-only enrollment query or an activity filter are applied to the
// index walked, under the same 10,000 bound.
//
// # Memory
//
// A Store is laid out to hold a million typical contacts in less than 600
// bytes each, indexes included (DESIGN.md section 5). A stored contact is a
// compact record rather than a contact.Contact: its ID is only the key it
// is stored under; its workspace is a pointer; its status, source, country,
// language and assignee are 4-byte codes into tables of the workspace,
// which keep each value met once and never shrink (those fields take few
// values); the fields that most contacts leave zero (alias, state, avatar,
// birth date, channels, custom fields, deletion) are held apart, and take
// one pointer when all are zero. Every value is kept exactly as given, so a
// contact goes out as it came in. The email and phone indexes are keyed by
// a 64-bit hash of the address (with a random seed), and a lookup checks
// the address of the contact found, so that a collision costs a second map,
// never a wrong answer.
//
// # What it does not do
//
// It does not persist anything: the data lives as long as the Store. It does
// not bound its memory, nor evict. It does not look inside free text for a
// Text query other than through store.ContactQuery.Matches, contact by
// contact. Writers do not run in parallel with each other.
package memstore
