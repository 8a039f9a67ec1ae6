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
//			return pgstore.Open(t.Context(), testDSN(t))
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
// the storetest-* workspaces itself if it cares to.
//
// # What is checked
//
// The cases are grouped, and each group certifies part of the contract:
//
//   - Contacts: versions (1 after Create, incremented by Update, a stale
//     version gives store.ErrConflict and writes nothing), store.ErrNotFound
//     and store.ErrAlreadyExists, the *store.TakenError of rule C9 naming the
//     owner of an email or phone, its release when the owner changes it,
//     ByEmail and ByPhone, List (ascending ID order, cursor paging that
//     visits each contact once even while other transactions write, every
//     ContactQuery filter agreeing with ContactQuery.Matches,
//     store.ErrInvalidCursor), copies in both directions, and the round
//     trip of every field of contact.Contact: a live contact's, and one in
//     the trash, with DeletedAt and DeletedBy, created there or moved there
//     and back by Update.
//   - Trash: a contact is live while its DeletedAt is zero, in the trash
//     otherwise (D1), and only live contacts hold their email and phone:
//     moving a contact to the trash frees them for a new or an updated live
//     contact, even within one transaction; ByEmail and ByPhone never find
//     a contact in the trash; contacts in the trash never collide, with
//     each other or with a live contact; restoring a contact whose email or
//     phone a live contact took meanwhile gives a *store.TakenError naming
//     that contact and writes nothing, and one whose email and phone are
//     free again succeeds; Contacts.List lists live contacts by default,
//     the trash with ContactQuery.Trashed, and the contacts moved there
//     strictly before ContactQuery.DeletedBefore, every filter (Tag,
//     Status, Assignee, Text) agreeing with ContactQuery.Matches.
//   - Erase: Contacts.Erase removes a contact, live or in the trash, for
//     good (Get, ByEmail, ByPhone, List, Update and a second Erase find
//     nothing; store.ErrNotFound for an ID never stored), with its
//     activities, list memberships, enrollments (their idempotency keys
//     free again) and property history, while the records of other
//     contacts, the lists, the automations and the consent ledger (L3, D3)
//     stay as they were.
//   - Isolation: a record of another workspace behaves as one that does not
//     exist (P1), for contacts, emails, phones, listings, tags, custom
//     fields, history, lists, memberships, the consent ledger, automations,
//     enrollments and activities; Contacts.Erase of a contact of another
//     workspace is store.ErrNotFound and erases nothing; the same email,
//     phone, tag, field key, ledger address or idempotency key may be used
//     by two workspaces.
//   - Tx: commit when fn returns nil; rollback of every accessor's writes
//     when fn fails or panics, with fn's error returned unchanged and its
//     panic re-raised, leaving every ID, key, idempotency key and version
//     it took free again, and a contact it erased back with every record
//     of it; reading one's own writes; no dirty reads; a View where every
//     write, Contacts.Erase included, returns store.ErrReadOnly.
//   - Context: Update and View with a done context return ctx.Err() without
//     calling fn; every accessor method returns ctx.Err(), unwrapped, and
//     writes nothing.
//   - Concurrency: writers racing from one version, each in its own
//     transaction: exactly one wins, the others get store.ErrConflict;
//     writers that retry lose no update; optionally, parallel Views.
//   - Fields, Tags, History: each accessor's own rules (versions,
//     duplicates, ordering, paging, copies, deletion, per-field history,
//     empty history as an empty page).
//   - Lists, Automations, Enrollments, Activities: the contract they share
//     (Create sets version 1 and refuses an ID of any workspace, Update
//     increments the version and refuses a stale one or a missing record,
//     the round trip of every field through Get and every listing), and
//     each one's own rules: lists and automations listed in ID order;
//     Automations.Triggered agreeing with Automation.Triggered; the
//     idempotency key of an enrollment, unique per automation, and
//     Enrollments.List agreeing with EnrollmentQuery.Matches; the timeline
//     of a contact in the order of activity.Compare, paged, and filtered
//     as activity.Filter.Matches filters; copies of Steps, Triggers and
//     Path in both directions.
//   - Memberships and Consent: Put creating at version 0 and updating at
//     the stored version (store.ErrAlreadyExists, store.ErrConflict,
//     store.ErrNotFound), Memberships.List agreeing with
//     MembershipQuery.Matches in its two orders, one ledger entry per
//     address and channel, and a ledger that contact writes never touch.
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
// Case names are stable and have the form Group/Case under the test that
// calls Run, so -run selects one case, one group, or a pattern:
//
//	go test -run 'TestStore/Contacts/UpdateStaleVersion' ./pgstore
//	go test -run 'TestStore/Tx/' ./pgstore
//	go test -race -run 'TestStore/Concurrency/' ./pgstore
//
// Run the suite with -race: the Concurrency cases are written to let the
// race detector see an adapter's unsynchronised state.
package storetest
