// Package contactkit holds the domain logic of CRM contact management, for
// Go applications that build a CRM, a messaging inbox, an SMS hub or a
// marketing tool: contacts with standard and typed custom fields, E.164
// phones, emails, tags, property history and events, behind a pluggable
// store.
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
// # Packages
//
// The domain packages are pure (no I/O, no context, no global state):
// contact (the Contact aggregate and its value types Email, Phone, Country,
// Language), field (custom field definitions and typed values) and tag (tag
// names and typed tag input). Package store is the persistence contract,
// store/memstore the in-memory reference store, and storetest the
// conformance suite that certifies any store.
//
// # Errors
//
// Errors are typed and wrap sentinels, for errors.Is and errors.AsType:
// ErrInvalidInput with a *ValidationError that lists every problem of the
// input (each a *contact.ParseError or a *field.Error), ErrNotFound,
// ErrConflict, ErrAlreadyExists with a *store.TakenError that names the
// contact holding an email or phone, ErrPermission with a
// *PermissionError. Nobody needs to compare error text.
//
// # Concurrency
//
// A Service and every Store are safe for concurrent use. Domain values
// (contact.Contact and the rest) follow the Go default: safe to read from
// several goroutines, not to mutate; the store hands out copies, so a value
// you got is yours.
package contactkit
