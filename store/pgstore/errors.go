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

// failedToSerialize reports whether err holds a serialization failure or a
// deadlock: the errors after which Update runs again a transaction whose
// statement the store did not write (a host's, on the native transaction,
// or the commit). A unique violation there breaks a constraint of the
// host's: running fn again would meet it again.
func failedToSerialize(err error) bool {
	pe, ok := errors.AsType[*pgconn.PgError](err)
	return ok && serializationFailure(pe)
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

// mapHostError is mapError for an error the store's statements did not
// give: fn's error from a statement the host ran on the native
// transaction, or the commit's. Only a serialization failure or a deadlock
// matches store.ErrRetry; a unique violation is the host's constraint.
func mapHostError(op string, err error) error {
	if failedToSerialize(err) {
		return fmt.Errorf("pgstore: %s: %w: %w", op, store.ErrRetry, err)
	}
	return fmt.Errorf("pgstore: %s: %w", op, err)
}
