// Package memstore is the in-memory reference implementation of
// store.Store.
//
// # What it is for
//
// A Store holds the contacts, the records of every store.Kind (field
// definitions, tags, lists, memberships, consent entries, automations,
// enrollments, activities) and the property history of each workspace in
// memory, with the indexes a real database would have: per workspace,
// email → live contact and phone → live contact (the keys of
// contact.Contact.Keys), tag → contacts, word → contacts (for ContactQuery.Words),
// the contacts in ID order and those in the trash; and for each kind, one
// generic table with the records by ID, by Keys.Unique (unique), and in
// listing order (Keys.Order, then ID) for the whole kind, for each contact
// and for each parent. It is the reference every other adapter is
// compared with (it passes the storetest conformance suite with every
// optional capability declared), the store of the examples, and a fast
// store for the tests of applications built on contactkit.
//
// # Concurrency
//
// A Store is safe for concurrent use by multiple goroutines. Each workspace
// has a lock of its own, which a transaction takes when it first touches
// the workspace and keeps until it ends: exclusively in Update, shared in
// View. Read-write transactions of one workspace run one at a time and are
// serializable; those of different workspaces run in parallel and never
// wait on each other; read-only transactions run with each other and see
// one consistent state. A workspace that does not exist is read as empty
// and kept by nothing: a Store does not grow with the workspaces it is
// asked about, only with those added to. The first call that may add to it
// (a creation, a put, an append) makes it; a transaction that read it as
// absent before another made it runs again.
//
// A transaction that touches several workspaces takes their locks in
// ascending order of workspace ID. When its function reaches for a
// workspace that sorts before one it holds, and another transaction holds
// that one, the method called returns an error, the Store rolls the
// attempt back and runs the function again from the start with every
// workspace it touched locked in order first, as store.Store allows: no two
// transactions ever wait on each other in a cycle. A function given to
// Update or View must therefore keep no state across calls, and must not
// call Update or View of the same Store, which may deadlock.
//
// Inside Update, every write is applied at once, so the function reads its
// own writes, and recorded in an undo log. If the function returns an error,
// panics or exits its goroutine, the log is replayed backwards before the
// locks are released: records and indexes are as they were, and no other
// transaction saw the writes. A Tx kept after its function returned does
// nothing: each of its methods returns ErrTxDone.
//
// Each method checks its context first and returns ctx.Err(), unwrapped and
// having done nothing, when it is done.
//
// # Optional capabilities
//
// The Contacts of a Tx implement store.ContactCounter: Count walks the same
// index as List without copying a contact. The Tx implements store.Aser:
// store.As(tx, &mtx), with mtx a *Tx, finds it behind any wrapper that
// implements store.Unwrapper.
//
// A Store made by NewWith with Options.Outbox keeps an outbox: its Tx
// implements store.Outboxer and the Store store.Relay. The events a
// transaction appends are numbered and published when it commits, under
// one lock of the Store taken while the transaction still holds its
// workspaces, so positions follow commit order across workspaces. A Store
// made by New keeps none (Outbox returns nil, the Relay methods
// store.ErrNoOutbox): the outbox of a Store nobody drains would grow.
//
// # Rollback hooks
//
// A host that keeps records of its own next to the Store's (say, the
// cascade handler of an application, which writes its own in-memory tables
// in the same use case) needs them to roll back with the transaction. A SQL
// adapter gives it that by sharing its native transaction: the host writes
// through it, and the database undoes everything at once. The memory
// Store's counterpart is the OnRollback method of its *Tx, reached with
// store.As:
//
//	var mtx *memstore.Tx
//	if store.As(tx, &mtx) {
//		old := cache[k]
//		cache[k] = v
//		mtx.OnRollback(func() { cache[k] = old })
//	}
//
// OnRollback(f) registers f to run if the transaction rolls back (its
// function returned an error or panicked, or the Store runs it again),
// never if it commits. The functions registered run after the Store has
// undone its own writes, last registered first, before Update returns or
// re-panics, and while the Store's workspaces are still locked, so no other
// transaction sees the host's records half restored; they must not use the
// Store. If one panics, the others still run, then Update panics with that
// value. The Tx of a View has the method too, but a call does nothing (a
// View writes nothing, so nothing rolls back), as does a call on a Tx whose
// transaction has ended.
//
// # Trash and deletion
//
// A contact whose DeletedAt is set is in the trash: it keeps its email and
// phone, but the email and phone indexes hold live contacts alone, so a
// ContactQuery.Key of the live contacts does not find it, the uniqueness of
// store.TakenError is checked only for a live contact against live ones,
// and a live contact may take what a contact in the trash had. A Key query
// of the trash walks the trash. An Update that takes a contact out of the
// trash checks its keys like any write of a live contact.
// Contacts.Delete removes a contact, live or in the trash, with its index
// entries and nothing else: the Service removes its records and history in
// the same transaction. Query.LiveContact looks the record's contact up in
// the workspace.
//
// # Copying
//
// Values cross the Store's boundary as copies in both directions, as the
// store package requires: a contact's Tags, Channels and Fields are copied
// when stored and when returned, and the value of a record with its Kind's
// Clone, so neither the caller nor the Store sees the other's later
// changes. The Store compares emails,
// phones and tag keys byte for byte, as given: normalisation is the domain
// packages' work.
//
// # Listing
//
// Contacts are listed in ascending ID order from an index kept sorted as
// contacts are created; a query on a tag walks that tag's index only, one
// of the trash the trash, a Key query of the live contacts looks the key
// up. A
// cursor records the last ID of a page, so that paging visits every contact
// that matches throughout exactly once, whatever is written between pages.
// Cursors are opaque and specific to their listing; one the Store did not
// hand out gives store.ErrInvalidCursor. One List call examines at most
// 10,000 contacts: a selective query over a large workspace may return short
// pages, with a Next, as store.Page allows.
//
// Records are listed from the generic table of their kind: from the index
// of the query's contact, else of its parent, else of the whole kind, in
// ascending order of Keys.Order, then of ID (bytewise), which is the order
// of activity.Compare for a contact's timeline, since the domain computes
// the Order. A record cursor records the kind and the Order and ID of the
// last record examined, so that a record edited, moved or deleted between
// pages does not make the others repeat or vanish, and a cursor of
// another kind is refused. A Unique query looks the key up. Filters on the
// other keys, and LiveContact, are applied to the index walked, under the
// same 10,000 bound.
//
// # Memory
//
// A Store is laid out to hold a million typical contacts in less than 600
// bytes each, indexes included. A contact has an ordinal in its workspace,
// a small number that every index holds in place of its 16-byte ID (the
// list order, the trash, each tag's contacts, the search words' postings,
// the email and phone indexes), in the order of the IDs; an open-addressing
// table of 4-byte slots finds the ordinal of an ID, and a freed ordinal
// serves the next contact. A stored contact is a compact record rather
// than a contact.Contact: its names, city, company, job title and custom
// field values are one string (the values packed, their keys and types as
// codes); its status, source, country, language, assignee and the location
// of its times are 4-byte codes into tables of the workspace, which keep
// each value met once and never shrink (those fields take few values); its
// times take 8 bytes each;
// its tag set is shared with the records of an equal set, and freed with
// the last of them; the fields that most contacts leave zero (alias, state,
// avatar, birth date, channels, deletion) are held apart, and take one
// pointer when all are zero, as do times it cannot keep in 8 bytes. Every
// value is kept exactly as given, so a contact goes out as it came in. The
// email and phone indexes are open-addressing tables of a 32-bit hash of
// the address (with a random seed) and the ordinal of its holder, and a
// lookup checks the address of the contact found, so that a collision
// costs a probe, never a wrong answer. A contact's property history is
// kept at its ordinal too; only the history of a contact the workspace
// does not hold (appended before its creation, kept after its deletion)
// is kept in a map by ID.
//
// # What it does not do
//
// It does not persist anything: the data lives as long as the Store. It does
// not bound its memory, nor evict. It answers a Words query from the word
// index when its rarest word is rare enough, else contact by contact, with
// contact.SearchText. Writers of one workspace do not run in parallel with
// each other.
package memstore
