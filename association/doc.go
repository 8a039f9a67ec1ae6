// Package association links contacts to the host's own records and users
// to the contacts they follow.
//
// # Associations
//
// An Association is a typed link from a contact to one of the host's
// records — a company, a deal, a ticket, or any kind the host registers as
// a Type — with an optional label ("decision maker", "billing contact").
// A Type says which labels its associations may carry: a fixed set, or any
// label (FreeLabels). A contact holds at most one association to a given
// record (a Target); associating it again changes the label.
//
// # Followers
//
// A Follow says that a user follows a contact: the user wants to hear of
// its changes. A user follows a contact at most once.
//
// Like every domain package of contactkit, this one is pure: no I/O, no
// context, no store. Its values are safe to read concurrently, not to
// mutate.
package association
