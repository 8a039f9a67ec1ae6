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

// retryable reports whether err holds a PostgreSQL error after which the
// whole transaction may succeed if run again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	switch pe.Code {
	case codeSerializationFailure, codeDeadlockDetected, codeUniqueViolation:
		return true
	}
	return false
}

// mapError is the one place where PostgreSQL errors become the store's:
// it wraps err with the name of the method op, keeping the *pgconn.PgError
// in the chain, and makes a serialization failure or a deadlock match
// store.ErrRetry (and so store.ErrConflict).
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
