// Package contactkit holds the domain logic of CRM contact management, for
// Go applications that build a CRM, a messaging inbox, an SMS hub or a
// marketing tool: contacts with standard and typed custom fields, E.164
// phones, emails, tags, lists and a consent ledger, channels and blocking,
// automation enrollments, notes, tasks and the timeline, and deletion as a
// lifecycle (trash, restore, purge, erasure, bulk delete), with property
// history and events, behind a pluggable store.
//
// # The Service
//
// A Service (New) combines the domain rules with a store.Store. Each of its
// calls takes a context and an Actor (workspace, user, role), runs in one
// store transaction, and is all-or-nothing: a call that fails writes nothing
// and emits no event. Every committed change of a contact field is recorded
// in the property history, and typed events (ContactCreated,
// ContactUpdated, ContactTagged, …) reach the Subscribers of Options after
// the commit.
//
// # Workflows
//
//   - Contacts: CreateContact, UpdateContact, CaptureContact (upsert by
//     email or phone), GetContact, ListContacts and Contacts; tags with
//     TagContact, UntagContact and DeleteTag; custom fields with
//     CreateField, UpdateField, ArchiveField and RestoreField, and
//     ChangeFieldType after its dry run PreviewFieldTypeChange; History.
//     Options.RequiredFields makes standard fields required per workspace.
//   - Consent and lists: Unsubscribe and Resubscribe write the consent
//     ledger, keyed by channel and address, which outlives contacts; only
//     an explicit resubscribe (Resubscribe, ResubscribeAddress,
//     ResubscribeToList) lifts an unsubscribe. UnsubscribeAddress,
//     ResubscribeAddress and AddressConsent work on a raw address with no
//     contact (an SMS STOP from an unknown number); ListConsent and
//     ConsentLedger page through a workspace's ledger. CreateList,
//     AddToList (which never subscribes an address the ledger holds
//     unsubscribed), ConfirmSubscription, UnsubscribeFromList,
//     ResubscribeToList.
//   - Sending: Reachable is the answer a host checks before it sends a
//     message: whether a contact may be messaged on a channel, and for a
//     list, combining the trash, blocking, the address and channel state,
//     the consent ledger and the list membership, with every reason it
//     says no.
//   - Inbox: ContactByEmail and ContactByPhone find the live contact of a
//     raw address, in any form that parses to it; CaptureContact takes,
//     in the same transaction, the consent given on each channel, the
//     lists to join, tags and a note, and runs the automation triggers
//     once all of it is in place.
//   - Channels and blocking: ConnectChannel, OpenChannel, RemoveChannel,
//     BlockContact, UnblockContact.
//   - Automations: CreateAutomation, Enroll (with idempotency keys),
//     PassStep, PassStepAt, EndEnrollment, StopEnrollments; triggers enrol contacts in
//     the same transaction as the change that fired them. contactkit runs
//     no timers: the host advances enrollments and acts on events.
//   - Activities: AddNote, AddTask, AddCall, AddEmail, AddMeeting,
//     CompleteTask, UpdateActivity, MoveTask, Timeline; DeleteActivity
//     moves one activity to its own trash, RestoreActivity brings it back
//     within Options.ActivityRestoreWindow, PurgeActivityTrash removes it
//     after; ActivityHistory lists every change of one.
//   - Deletion: DeleteContact moves a contact to the trash with its
//     dependents (the host's own through Options.Cascades); RestoreContact,
//     EraseContact, PurgeTrash and DeleteContacts (bulk, in batches).
//   - Bulk actions on a list of IDs or a query (Bulk): DeleteContacts,
//     TagContacts, UntagContacts, AddContactsToList, AssignContacts and
//     SetContactsField confirm the count first, work in batches of one
//     transaction each with progress and a clean stop on cancel, and say
//     what they did to each contact (BulkResult).
//   - The feed, associations and followers: Feed is the one timeline of a
//     contact (activities, property changes, lists, consent, enrollments,
//     merges); Associate, Dissociate, Associations and Associated link
//     contacts to the host's records (Options.AssociationTypes); Follow,
//     Unfollow and Followers.
//   - Import and export: Import writes the rows of a file read with package
//     importer, in batches, with a result for every row; Export writes CSV
//     or vCard that Import reads back.
//   - Duplicates: FindDuplicates (groups and placeholders) and
//     SuggestDuplicates (its groups one by one), DismissDuplicate,
//     PreviewMerge, MergeContacts, UnmergeContacts and ResolveContact.
//   - Events that survive a crash: with a store that keeps an outbox,
//     NewRelay drains every call's events, at least once, in commit order.
//
// # Before sending
//
// contactkit sends nothing; the host does. Before every message it sends,
// a host asks Reachable(ctx, actor, contact, channel, list): the answer's
// OK says whether the message may go, and its Reasons say every reason it
// may not (ReasonTrashed, ReasonBlocked, ReasonNoAddress,
// ReasonChannelUnavailable, ReasonUnsubscribed, ReasonNoConsent,
// ReasonListChannel, ReasonNotMember, ReasonListUnsubscribed,
// ReasonListUnconfirmed). No other call answers that question: a
// membership alone, or a consent entry alone, is not permission to send.
//
// # Packages
//
// The domain packages are pure (no I/O, no context, no global state):
// contact (the Contact aggregate and its value types Email, Phone, Country,
// Language, Channel), field (custom field definitions and typed values),
// tag (tag names and typed tag input), list (lists, memberships and the
// consent rules), automation (automations and enrollments), activity
// (notes, tasks, calls, emails, meetings, the timeline order), association
// (links to the host's records, and followers) and merge (duplicates, and
// the plans of merge and unmerge). Package importer reads CSV, xlsx and
// vCard files and writes CSV exports, through the io.Reader and io.Writer
// it is handed. Package store is the persistence contract, store/memstore
// the in-memory reference store, store/pgstore (a module of its own) the
// PostgreSQL adapter, and storetest the conformance suite that certifies
// any store.
//
// # Errors
//
// Errors are typed and wrap sentinels, for errors.Is and errors.AsType:
// ErrInvalidInput with a *ValidationError that lists every problem of the
// input (each a *contact.ParseError, a *contact.RequiredError or a
// *field.Error), ErrNotFound, ErrConflict, ErrAlreadyExists with a
// *store.TakenError that names the contact holding an email or phone,
// ErrPermission with a *PermissionError, ErrValueLoss with a
// *FieldLossError that counts the values a type change would lose. Nobody
// needs to compare error text. A call that fails returns the zero value
// with its error, never a value its rolled-back transaction had built;
// the calls that report partial progress say so (Import, the bulk calls,
// PurgeTrash).
//
// # Concurrency
//
// A Service and every Store are safe for concurrent use. Domain values
// (contact.Contact and the rest) follow the Go default: safe to read from
// several goroutines, not to mutate; the store hands out copies, so a value
// you got is yours.
package contactkit
