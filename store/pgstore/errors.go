package pgstore

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/contactkit/contactkit/store"
)

// The SQLSTATE codes the store maps.
const (
	codeSerializationFailure = "40001"
	codeDeadlockDetected     = "40P01"
	codeUniqueViolation      = "23505"
)

// retryable reports whether err, the error of a statement of the store,
// holds a PostgreSQL error after which the whole transaction may succeed
// if run again: a serialization failure, a deadlock, or a unique violation
// (see mapError).
func retryable(err error) bool {
	pe, ok := errors.AsType[*pgconn.PgError](err)
	return ok && (serializationFailure(pe) || pe.Code == codeUniqueViolation)
}

// worthRunningAgain reports whether err, the error fn returned or the
// commit's, is one after which Update runs the transaction again: a
// serialization failure, a deadlock, or a unique violation of one of the
// store's own tables (see mapError). A unique violation of a host's table
// (a statement on the native transaction, a deferred constraint at the
// commit) is the host's: running fn again would meet it again.
func worthRunningAgain(err error) bool {
	pe, ok := errors.AsType[*pgconn.PgError](err)
	return ok && (serializationFailure(pe) || pe.Code == codeUniqueViolation && storeTables[pe.TableName])
}

// storeTables are the tables of the schema (migrations/*.sql). A host's
// table of one of these names, in another schema, is taken for the
// store's: its unique violation is retried, as every unique violation was
// before the host's were told apart.
var storeTables = map[string]bool{
	"contacts": true, "contact_keys": true, "contact_tags": true, "records": true, "history": true,
	"outbox": true, "outbox_consumers": true, "outbox_pruned": true, "schema_migrations": true,
}

func serializationFailure(pe *pgconn.PgError) bool {
	return pe.Code == codeSerializationFailure || pe.Code == codeDeadlockDetected
}

// mapError is where the PostgreSQL errors of the store's statements become
// the store's (mapHostError does it for the others): it wraps err with the
// name of the method op, keeping the *pgconn.PgError in the chain, and
// makes a serialization failure or a deadlock match store.ErrRetry (and so
// store.ErrConflict).
//
// A unique violation (23505) is one too. Every write checks the unique
// keys it needs in the statement that writes, and reports a taken key as
// *store.TakenError or store.ErrAlreadyExists without an SQL error: a
// violation can only come from a concurrent transaction that committed the
// same key after this one's snapshot, which PostgreSQL usually reports as
// 40001. Run again, the transaction sees that key and gets the precise
// error, naming the holder.
//
// The other errors of the contract (ErrNotFound, ErrConflict on a stale
// version, ErrAlreadyExists, TakenError) are not SQL errors: each method
// reads them from the row counts and values of its statement, so the
// transaction stays usable after them.
func mapError(op string, err error) error {
	if retryable(err) {
		return fmt.Errorf("pgstore: %s: %w: %w", op, store.ErrRetry, err)
	}
	return fmt.Errorf("pgstore: %s: %w", op, err)
}

// mapHostError is mapError for fn's error, which may come from a statement
// the host ran on the native transaction, and for the commit's: it matches
// store.ErrRetry when worthRunningAgain.
func mapHostError(op string, err error) error {
	if worthRunningAgain(err) {
		return fmt.Errorf("pgstore: %s: %w: %w", op, store.ErrRetry, err)
	}
	return fmt.Errorf("pgstore: %s: %w", op, err)
}
