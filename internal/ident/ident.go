// Package ident holds the logic shared by contactkit's typed IDs
// (contact.ID, list.ID, …): each is a distinct named type over a UUID, so
// that one kind of ID cannot be passed for another, and each delegates here.
package ident

import (
	"bytes"
	"errors"

	"github.com/google/uuid"
)

// ErrInvalid is wrapped by Parse errors.
var ErrInvalid = errors.New("invalid id")

// UUID is the constraint of typed IDs: a named type over a 16-byte array.
type UUID interface{ ~[16]byte }

// Parse parses the canonical text form of a UUID.
func Parse[T UUID](s string) (T, error) {
	u, err := uuid.Parse(s)
	if err != nil {
		return T{}, ErrInvalid
	}
	return T(u), nil
}

// String returns the canonical text form "xxxxxxxx-xxxx-…".
func String[T UUID](id T) string { return uuid.UUID(id).String() }

// Compare orders IDs byte-wise: for version 7 UUIDs, creation order.
func Compare[T UUID](a, b T) int {
	x, y := [16]byte(a), [16]byte(b)
	return bytes.Compare(x[:], y[:])
}

// MarshalText returns the canonical text form.
func MarshalText[T UUID](id T) ([]byte, error) { return uuid.UUID(id).MarshalText() }
