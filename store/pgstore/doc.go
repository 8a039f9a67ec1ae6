// Package pgstore is a store.Store on PostgreSQL, through pgx and a
// pgxpool.Pool.
//
// # Schema
//
// The schema is a set of numbered migrations embedded in the package
// (Migrations). Migrate applies the missing ones, each in its own
// transaction, recording them in the table schema_migrations; WriteSQL
// prints them for teams that run their own migration tool. Tables are
// created in the first schema of the pool's search_path. Every key starts
// with workspace_id.
//
//	pool, err := pgxpool.New(ctx, "postgres://app@db/app")
//	…
//	if err := pgstore.Migrate(ctx, pool); err != nil { … }
//	s := pgstore.New(pool, nil)
//
// A contact's search text is derived from it by contact.SearchText and
// stored beside it; when a version changes that function, its migration
// rewrites in SQL the stored texts it can, and RefreshSearchText, run once
// after upgrading, sets every contact's to what the new version gives.
//
// # Transactions
//
// Update runs its function in a SERIALIZABLE read-write transaction and
// runs it again, after a jittered backoff, when PostgreSQL reports a
// serialization failure or a deadlock (SQLSTATE 40001, 40P01); when it
// gives up, the error matches store.ErrRetry. View runs a REPEATABLE READ
// READ ONLY transaction: one snapshot, no waiting, and every write method
// returns store.ErrReadOnly.
//
// Every method checks the conditions of its contract (a version, a key
// held by another live contact, a unique key of a record) in the statement
// that writes, and reports them as the store's errors without an SQL
// error: the transaction stays usable, as the store contract requires.
//
// # Capabilities
//
// A Tx offers store.Aser: As with a *pgx.Tx gives the native transaction,
// for a host's own tables (the writes the Tx still holds are sent first,
// and none waits after).
// The Contacts of a Tx offer store.ContactCounter.
//
// A Tx offers store.Prefetcher: after a Prefetch, it answers from memory
// the reads it covers (the live contact that holds a key, the check of a
// written contact's keys, contacts and records by ID), kept up to date
// with the Tx's own writes, and holds the writes whose outcome that tells
// (a contact whose ID is known absent and whose keys are known free, a
// contact or record at the version known, a record known absent) until
// its next statement or its commit, which sends them first, pipelined, in
// one round trip. An error of a held write (another transaction's
// conflicting write) is returned by that later call, and every call after
// it returns it too: the transaction does not commit. A serialization
// failure among them is retried as any other. Once As has handed the
// native transaction out, no write waits. An import batch of 500 rows,
// new contacts or updates, costs seven round trips.
//
// With Options.Outbox, a Tx offers store.Outboxer and the Store
// store.Relay: an outbox in the tables outbox and outbox_consumers
// (migration 0002), in commit order under concurrent writers, and
// outbox_pruned (migration 0010), the greatest position pruned, so that a
// reader's cursor never moves back (see the README, "The outbox").
//
// # Values
//
// Aggregates are kept whole as JSON (store.Kind.Marshal, encoding/json for
// contacts and changes), so times keep their nanoseconds; the indexed
// columns beside them hold the canonical keys the domain computed:
// contact.SearchText, tag keys, contact.Contact.Keys, store.Keys.
package pgstore
