// Package store is the persistence contract of contactkit: the interfaces a
// backend implements, the queries and pages that cross them, and the errors
// they return.
//
// # The contract
//
// A Store runs transactions (Update, View); a transaction (Tx) hands out one
// small interface per aggregate: Contacts, Fields, Tags, History. Every
// method documents which sentinel error it returns (ErrNotFound, ErrConflict,
// ErrAlreadyExists, ErrReadOnly), in which order it lists, and what it copies.
// The rules that hold for every method:
//
//   - Every call is scoped to one workspace. A record of another workspace
//     behaves exactly as one that does not exist (P1).
//   - Aggregates carry a Version. A write whose Version is stale fails with
//     ErrConflict; no update is ever lost.
//   - Values crossing the seam are copies, in both directions.
//   - A method called with a done context returns ctx.Err() and writes
//     nothing.
//   - Every Store is safe for concurrent use.
//   - Adapters store canonical values and compare them byte for byte. All
//     normalisation is done by the domain packages before the seam.
//
// # Certifying an adapter
//
// Package storetest holds the conformance suite. An adapter's tests call
// storetest.Run with a factory that returns an empty store; the suite checks
// every rule above, and the in-memory reference store in package memstore
// passes all of it.
package store
