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
// contacts, lists, automations and enrollments in ID order for listing. It is the reference every other adapter
// is compared with (it passes the storetest conformance suite), the store of
// the examples, and a fast store for the tests of applications built on
// contactkit.
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
// # What it does not do
//
// It does not persist anything: the data lives as long as the Store. It does
// not bound its memory, nor evict. It does not look inside free text for a
// Text query other than through store.ContactQuery.Matches, contact by
// contact. Writers do not run in parallel with each other.
package memstore
